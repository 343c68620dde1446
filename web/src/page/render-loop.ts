import type { RunController } from "./run-controller.js";

// Redrawing about 15 times a second is smooth enough to watch, and leaves the CPU to the worker.
const RENDER_EVERY_MS = 66;

/** Draws the run's views on animation frames, at most every RENDER_EVERY_MS, when something new came. */
export function startRenderLoop(run: RunController): void {
  let lastRender = 0;
  const frame = (now: number) => {
    requestAnimationFrame(frame);
    if (!run.needsRender || now - lastRender < RENDER_EVERY_MS) return;
    lastRender = now;
    run.render();
  };
  requestAnimationFrame(frame);
}
