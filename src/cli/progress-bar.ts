import cliProgress from "cli-progress";
import { formatCost, type ProgressReport } from "../index.js";

/**
 * A progress bar on stderr (epoch, cost, dev cost, time left) when stderr is a terminal; silent
 * otherwise, so logs and pipes stay clean.
 */
export function progressBar(label: string, enabled: boolean): { update(p: ProgressReport): void; stop(): void } {
  if (!enabled || !process.stderr.isTTY) return { update() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: `${label} {bar} {percentage}% | epoch {value}/{total} | cost {cost} | dev {dev} | {eta_formatted} left`,
      barsize: 24,
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(p) {
      const payload = { cost: p.logs.loss === undefined ? "-" : formatCost(p.logs.loss), dev: p.logs.valLoss === undefined ? "-" : formatCost(p.logs.valLoss) };
      if (!started) {
        bar.start(p.epochs, p.epoch + 1, payload);
        started = true;
      } else bar.update(p.epoch + 1, payload);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
