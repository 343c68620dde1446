import type { RunController } from "./run-controller.js";

// Redrawing about 15 times a second is smooth enough to watch, and leaves the CPU to the worker.
const RENDER_EVERY_MS = 66;

/**
 * Draws the run's views on animation frames, at most every RENDER_EVERY_MS, when something new came.
 * Frames are asked for only while something waits to be drawn: a page with nothing new (paused, stopped,
 * or not yet started) asks for none (it asked for one every frame, ~60 a second, forever).
 */
export function startRenderLoop(run: RunController): void {
  let lastRender = -Infinity;
  let asked = false;
  const frame = (now: number) => {
    asked = false;
    if (!run.needsRender) return;
    if (now - lastRender < RENDER_EVERY_MS) {
      ask();
      return;
    }
    lastRender = now;
    run.render();
  };
  const ask = () => {
    if (asked) return;
    asked = true;
    requestAnimationFrame(frame);
  };
  run.onNeedsRender = ask;
  if (run.needsRender) ask();
}
