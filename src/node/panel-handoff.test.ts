/**
 * The two-thread hand-off (src/tensor/wasm/panel-handoff.ts) under a helper that the OS pauses at the
 * worst moment: the helper's loop as shipped, with a random pause right after it reads the task number,
 * and a kernel that does nothing, so that hundreds of thousands of hand-offs run in a second. With the
 * claim reopened before the task number was published, the caller waited forever after a few thousand
 * tasks (found in review). A watchdog thread notices a task number that stops moving and frees the caller,
 * so a regression fails here instead of hanging the run.
 */
import { Worker } from "node:worker_threads";
import { expect, it } from "vitest";
import { HELPER_LOOP, PanelHandOff, SPINS } from "../tensor/wasm/panel-handoff.js";

const TASKS = 200_000;

it("every hand-off finishes though the helper is paused after reading each task number", async () => {
  const paused = HELPER_LOOP.replace("if (seen < 0) break;", "if (seen < 0) break; for (let q = (Math.random() * 400) | 0; q > 0; q--);");
  expect(paused).not.toBe(HELPER_LOOP); // the pause went in where the race is
  const handOff = new PanelHandOff(true);
  const helper = new Worker(
    `const { workerData, parentPort } = require("node:worker_threads");
const { control, spins } = workerData;
const x = { gemm_f32() {}, gemm_f64() {} };
const ctl = new Int32Array(control);
parentPort.postMessage("ready");
${paused}`,
    { eval: true, workerData: { control: handOff.control, spins: SPINS } },
  );
  await new Promise((resolve) => helper.once("message", resolve)); // its loop is about to start
  // The watchdog: a task number unchanged for 20 s while the caller waits means a deadlock; it records
  // that and marks the task done so the caller's loop returns and the test can fail.
  const stuck = new Int32Array(new SharedArrayBuffer(4));
  const watchdog = new Worker(
    `const { workerData } = require("node:worker_threads");
const ctl = new Int32Array(workerData.control), stuck = new Int32Array(workerData.stuck);
let last = -1;
setInterval(() => {
  const seq = Atomics.load(ctl, 0);
  if (seq === last && Atomics.load(ctl, 1) !== seq && seq > 0) { Atomics.store(stuck, 0, seq); Atomics.store(ctl, 1, seq); Atomics.notify(ctl, 1); }
  last = seq;
}, 20000);`,
    { eval: true, workerData: { control: handOff.control, stuck: stuck.buffer } },
  );
  watchdog.unref();
  try {
    const noKernel = () => {};
    for (let i = 0; i < TASKS && Atomics.load(stuck, 0) === 0; i++) handOff.product(noKernel, false, 1, 8, 1, 0, 0, 0, 1, 0, 0, 8);
    expect(Atomics.load(stuck, 0), "the task on which the caller waited forever").toBe(0);
    expect(handOff.panels()).toBeGreaterThan(0); // the helper did take part
  } finally {
    handOff.stop();
    await Promise.all([helper.terminate(), watchdog.terminate()]);
  }
});
