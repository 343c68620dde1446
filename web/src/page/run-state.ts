import { causeWords } from "../doctor-card.js";
import type { ProgressMessage, ReadyMessage } from "../protocol.js";
import type { RunState } from "../status-line.js";

/** What the run is doing, from the worker's last message and whether the person asked it to train. */
export function runState(m: ProgressMessage, info: ReadyMessage, running: boolean): RunState {
  if (m.stopped) return { kind: "stopped", text: stopText(m.stopped, m.doctor) };
  if (running) return { kind: "training", epoch: m.epoch, epochs: m.epochs };
  if (m.iteration === 0) return { kind: "ready", parameters: info.parameters, examples: info.sizes.train };
  return { kind: "paused", epoch: m.epoch, epochs: m.epochs, iteration: m.iteration };
}

/** Why the run ended; for a divergence, with the doctor's first cause (the worker sends both in the run's last message). */
function stopText(stopped: NonNullable<ProgressMessage["stopped"]>, doctor: ProgressMessage["doctor"]): string {
  const text = `Stopped: ${stopped.message}.`;
  if (stopped.reason !== "diverged" || doctor?.state !== "diagnosed") return text;
  const first = doctor.diagnosis.causes[0];
  return `${text} Diagnosis: ${first ? causeWords(first.id) : "no cause found"} (see the Diagnosis card).`;
}
