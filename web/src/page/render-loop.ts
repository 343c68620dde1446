import type { RunController } from "./run-controller.js";

// Redrawing about 15 times a second is smooth enough to watch, and leaves the CPU to the worker.
const RENDER_EVERY_MS = 66;
/** How long before a render is due its animation frame is asked for (a frame lasts ~17 ms at 60 Hz). */
const FRAME_AHEAD_MS = 8;

/**
 * Draws the run's views on animation frames, at most every RENDER_EVERY_MS, when something new came.
 * Frames are asked for only when a render is due: a page with nothing new (paused, stopped, not yet
 * started) asks for none, and one that trains asks for about one a render rather than every frame
 * between renders (it asked for a frame every frame, ~60 a second, forever: each a round of the
 * compositor's work).
 */
export function startRenderLoop(run: RunController): void {
  let lastRender = -Infinity;
  /** A frame (or the timer that asks for one) is on its way. */
  let asked = false;
  const frame = (now: number) => {
    asked = false;
    if (!run.needsRender) return;
    const early = RENDER_EVERY_MS - (now - lastRender);
    if (early > 0) {
      asked = true;
      setTimeout(() => requestAnimationFrame(frame), Math.max(0, early - FRAME_AHEAD_MS));
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
