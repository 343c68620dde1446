import type { FlowSnapshot } from "../diagnose/gradient-flow.js";
import type { EarlyStopping } from "../train/callbacks/early-stopping.js";
import type { Trainer } from "../train/trainer.js";
import type { RunJournal } from "./journal.js";

export interface TrainLoopOptions {
  /** Checked before every step: true stops training there (Ctrl-C; in the first epoch, at its end). */
  shouldStop?: () => boolean;
  /** Keeps the run durable: history lines, checkpoints (see RunJournal). */
  checkpoints?: RunJournal;
  /** The run's best-epoch tracker (for checkpoint-best.json) and the flow recorder's snapshots. */
  best?: EarlyStopping | null;
  flow?: FlowSnapshot[] | null;
  /** Hand the event loop back at least this often (default 50 ms), mid-epoch too, so that Ctrl-C is heard. */
  yieldEveryMs?: number;
}

/**
 * Runs the trainer to its end (without finish()), as fitAsync does, and more: a stop request (Ctrl-C)
 * first saves the exact position in the journal (a checkpoint that a resume continues from), then stops
 * there (Trainer.stopNow); each epoch goes to the journal as it ends; checkpoints are written when due
 * and once at the end. Returns whether training was interrupted.
 *
 * The stop is checked before a step, never between a step that ends an epoch and that epoch's history
 * line: a checkpoint saved there covered an epoch history.jsonl lacked, and a second Ctrl-C (or a kill)
 * in that window left a run that could not be resumed.
 */
export async function trainLoop(trainer: Trainer, options: TrainLoopOptions = {}): Promise<{ interrupted: boolean }> {
  const { checkpoints, shouldStop } = options;
  const best = options.best ?? null;
  const flow = options.flow ?? null;
  const every = options.yieldEveryMs ?? 50;
  let interrupted = false;
  let lastYield = Date.now();
  let recorded = trainer.history.length;
  while (!trainer.done) {
    if (!interrupted && shouldStop?.()) {
      interrupted = true;
      await checkpoints?.save(trainer, flow, { interrupted: true });
      trainer.stopNow();
      if (trainer.done) break;
    }
    trainer.step();
    if (trainer.history.length !== recorded || trainer.done) {
      recorded = trainer.history.length;
      checkpoints?.epochEnded(trainer, best, flow);
      if (checkpoints && !interrupted && !trainer.done && checkpoints.due(trainer)) await checkpoints.save(trainer, flow);
    }
    if (Date.now() - lastYield >= every) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      lastYield = Date.now();
    }
  }
  // Always at the end (before finish(), which may put back the best weights): a kill while the outputs
  // are written resumes to the same outputs.
  if (checkpoints && !interrupted) await checkpoints.save(trainer, flow);
  return { interrupted };
}
