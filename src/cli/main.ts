import { readFileSync } from "node:fs";
import { Command, CommanderError } from "commander";
import { NnlabError } from "../errors.js";
import { demoCommand } from "./commands/demo.js";
import { diagnoseCommand } from "./commands/diagnose.js";
import { doctorCommand } from "./commands/doctor.js";
import { gradcheckCommand } from "./commands/gradcheck.js";
import { predictCommand } from "./commands/predict.js";
import { runsCommand } from "./commands/runs.js";
import { sweepCommand } from "./commands/sweep.js";
import { compareInitCommand } from "./commands/compare-init.js";
import { learningCurveCommand } from "./commands/learning-curve.js";
import { lrFindCommand } from "./commands/lr-find.js";
import { playgroundCommand } from "./commands/playground.js";
import { trainCommand } from "./commands/train.js";
import { CliError, EXIT, type GlobalOptions } from "./context.js";

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
  return pkg.version;
}

/**
 * The nnlab command line: the Idea -> Code -> Experiment loop. Each command returns its exit code;
 * errors with a message a person can act on end with exit code 2 (bad input).
 */
export function program(): Command {
  const cli = new Command("nnlab")
    .description("Train neural networks the practical way, and find out what is wrong with them.")
    .option("--runs <dir>", "where runs are kept", "runs")
    .option("--json", "print results as JSON for scripts")
    .option("-q, --quiet", "no progress bars")
    .version(packageVersion(), "-V, --version")
    .showHelpAfterError()
    .exitOverride();
  const global = (): GlobalOptions => cli.opts() as GlobalOptions;
  let code: number = EXIT.ok;
  // commander hands actions loosely typed arguments; each action below states its own.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const run = (action: (...args: any[]) => Promise<number>) => async (...args: unknown[]) => {
    code = await action(...args);
  };

  cli
    .command("demo")
    .description("the course's regularization exercise on built-in data: none vs L2 vs dropout, diagnosed, with a report")
    .option("--epochs <n>", "iterations per model", "10000")
    .action(run(async (o: { epochs: string }) => demoCommand({ ...global(), ...o })));
  cli
    .command("train <spec>")
    .description("train the experiment in a JSON spec; keeps the run in runs/<id>/ with a report")
    .action(run(async (spec: string) => trainCommand(spec, global())));
  cli
    .command("gradcheck <spec>")
    .description("gradient check of the spec's model: per-tensor differences and a verdict")
    .option("--examples <n>", "training examples used", "64")
    .option("--epochs <n>", "train this many epochs first", "0")
    .option("--epsilon <e>", "finite-difference step (default 1e-6)")
    .action(run(async (spec: string, o: Record<string, string>) => gradcheckCommand(spec, { ...global(), ...o })));
  cli
    .command("diagnose <run>")
    .description("the doctor's causes of a finished run (ranked, with evidence and advice), the bias/variance figures and gradient-flow findings")
    .action(run(async (ref: string) => diagnoseCommand(ref, global())));
  cli
    .command("doctor <spec>")
    .description("train, diagnose, then confirm the leading causes with short probes; proposes the spec change")
    .option("--budget <fraction>", "probes may cost this fraction of the run's planned cost", "0.5")
    .action(run(async (spec: string, o: { budget?: string }) => doctorCommand(spec, { ...global(), ...o })));
  cli
    .command("predict <model> <csv>")
    .description("predictions of a saved model for the rows of a CSV file")
    .option("--out <file>", "write the predictions CSV here instead of stdout")
    .action(run(async (model: string, csv: string, o: { out?: string }) => predictCommand(model, csv, { ...global(), ...o })));
  cli
    .command("runs [ids...]")
    .description("list past runs sorted by dev error, or compare the given runs")
    .action(run(async (ids: string[]) => runsCommand(ids, global())));
  cli
    .command("sweep <spec>")
    .description("train every combination of a grid (over worker threads, resumable); a table by dev error and validation curves")
    .option("--grid <name=values>", "a knob and its values, e.g. lambda=0,0.01,0.1 (repeatable)", (v: string, all: string[]) => [...all, v], [] as string[])
    .option("--folds <k>", "score each trial by k-fold cross-validation")
    .option("--workers <n>", "worker threads (default: all cores)")
    .action(run(async (spec: string, o: { grid: string[]; folds?: string; workers?: string }) => sweepCommand(spec, { ...global(), ...o })));
  cli
    .command("learning-curve <spec>")
    .description("train and dev error against the training-set size: would more data help?")
    .option("--sizes <fractions>", "fractions of the training split", "0.1,0.2,0.4,0.6,0.8,1")
    .action(run(async (spec: string, o: { sizes: string }) => learningCurveCommand(spec, { ...global(), ...o })));
  cli
    .command("lr-find <spec>")
    .description("the learning-rate range test: a short run with a growing rate; suggests a rate, with a report of the curve")
    .option("--steps <n>", "gradient steps, one per rate", "100")
    .option("--min-lr <x>", "the first learning rate", "1e-5")
    .option("--max-lr <x>", "the last learning rate", "10")
    .action(run(async (spec: string, o: { steps?: string; minLr?: string; maxLr?: string }) => lrFindCommand(spec, { ...global(), ...o })));
  cli
    .command("compare-init <spec>")
    .description("zeros, small and large random, He, LeCun and Glorot on the same network and data, explained")
    .action(run(async (spec: string) => compareInitCommand(spec, global())));
  cli
    .command("playground")
    .description("serve the interactive playground on 127.0.0.1 (every knob of the notes, training live in the browser)")
    .option("--port <n>", "port to listen on (default: a free one)")
    .option("--host <host>", "address to bind", "127.0.0.1")
    .action(run(async (o: { port?: string; host?: string }) => playgroundCommand(o)));
  return Object.assign(cli, { exitCode: () => code });
}

export async function main(argv: string[]): Promise<number> {
  const cli = program() as Command & { exitCode(): number };
  try {
    await cli.parseAsync(argv, { from: "user" });
    return cli.exitCode();
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.badInput;
    if (error instanceof CliError) {
      process.stderr.write(`nnlab: ${error.message}\n`);
      return error.exitCode;
    }
    if (error instanceof NnlabError) {
      process.stderr.write(`nnlab: ${error.message}\n`);
      return EXIT.badInput;
    }
    throw error;
  }
}
