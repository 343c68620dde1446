import { readFileSync } from "node:fs";
import { Command, CommanderError } from "commander";
import { describeFsError } from "../node/fs-error.js";
import { checkRunsFolder, CliError, EXIT, type GlobalOptions, kernelOptions } from "./context.js";

/** The commands that read or write the runs folder (the playground does not). */
const USES_RUNS = new Set(["demo", "train", "diagnose", "doctor", "runs", "sweep", "improve", "learning-curve", "lr-find", "compare-init"]);
/** The commands that compute with the kernels (--kernels, --threads). */
const USES_KERNELS = new Set(["demo", "train", "gradcheck", "doctor", "predict", "sweep", "improve", "learning-curve", "lr-find", "compare-init"]);

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
  return pkg.version;
}

/**
 * The nnlab command line: the Idea -> Code -> Experiment loop. Each command returns its exit code;
 * errors with a message a person can act on end with exit code 2 (bad input). A command's module is
 * loaded when it runs (`nnlab predict` need not load training, reports and the playground).
 */
export function program(): Command {
  const cli = new Command("nnlab")
    .description("Train neural networks the practical way, and find out what is wrong with them.")
    .option("--runs <dir>", "where runs are kept", "runs")
    .option("--json", "print results as JSON for scripts")
    .option("-q, --quiet", "no progress bars")
    .option("--debug", "print the stack trace of an unexpected error")
    .option("--kernels <mode>", "auto (native where built at install, else portable), native, or portable (WebAssembly, as in the browser)", "auto")
    .option("--threads <n>", "threads for large matrix products", "1")
    .version(packageVersion(), "-V, --version")
    .exitOverride()
    .hook("preAction", async (_cli, command) => {
      // a bad --kernels or --threads is one line for every command, not only those that compute (`runs
      // --kernels gpu` exited 0)
      const { choice, threads } = kernelOptions(global());
      if (USES_RUNS.has(command.name())) await checkRunsFolder(global().runs);
      if (USES_KERNELS.has(command.name())) {
        const { useKernels } = await import("../node/native.js");
        restoreKernels = useKernels(choice, { threads }).restore;
      }
    });
  const global = (): GlobalOptions => cli.opts() as GlobalOptions;
  let code: number = EXIT.ok;
  // the kernels in use before this command chose its own, put back when it ends (commands run in process)
  let restoreKernels = () => {};
  // commander hands actions loosely typed arguments; each action below states its own.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const run = (action: (...args: any[]) => Promise<number>) => async (...args: unknown[]) => {
    code = await action(...args);
  };

  cli
    .command("demo")
    .description("the course's regularization exercise on built-in data: none vs L2 vs dropout, diagnosed, with a report")
    .option("--epochs <n>", "iterations per model", "10000")
    .action(run(async (o: { epochs: string }) => (await import("./commands/demo.js")).demoCommand({ ...global(), ...o })));
  cli
    .command("train [spec]")
    .description("train the experiment in a JSON spec; keeps the run in runs/<id>/ with a report")
    .option("--resume <run>", "go on with a killed or interrupted run (folder or id) from its last checkpoint")
    .action(run(async (spec: string | undefined, o: { resume?: string }) => (await import("./commands/train.js")).trainCommand(spec, { ...global(), ...o })));
  cli
    .command("gradcheck <spec>")
    .description("gradient check of the spec's model: per-tensor differences and a verdict")
    .option("--examples <n>", "training examples used", "64")
    .option("--epochs <n>", "train this many epochs first", "0")
    .option("--epsilon <e>", "finite-difference step (default 1e-6)")
    .option("--sample <n>", "check this many parameters, drawn at random with the spec's seed, or \"all\" (default: all up to 10000, else 10000)")
    .action(run(async (spec: string, o: Record<string, string>) => (await import("./commands/gradcheck.js")).gradcheckCommand(spec, { ...global(), ...o })));
  cli
    .command("diagnose <run>")
    .description("the doctor's causes of a finished run (ranked, with evidence and advice), the bias/variance figures and gradient-flow findings")
    .action(run(async (ref: string) => (await import("./commands/diagnose.js")).diagnoseCommand(ref, global())));
  cli
    .command("doctor <spec>")
    .description("train, diagnose, then confirm the leading causes with short probes; proposes the spec change")
    .option("--budget <fraction>", "probes may cost this fraction of the run's planned cost", "0.5")
    .action(run(async (spec: string, o: { budget?: string }) => (await import("./commands/doctor.js")).doctorCommand(spec, { ...global(), ...o })));
  cli
    .command("predict <model> <csv>")
    .description("predictions of a saved model for the rows of a CSV file")
    .option("--out <file>", "write the predictions CSV here instead of stdout")
    .option("--label <column>", "score the predictions against this column (default: the column the model was trained to predict, if the CSV has it)")
    .option("--no-label", "do not score: the CSV has no label column")
    .action(run(async (model: string, csv: string, o: { out?: string; label?: string | false }) => (await import("./commands/predict.js")).predictCommand(model, csv, { ...global(), ...o })));
  cli
    .command("export <model>")
    .description("write a saved model as ONNX (normalization inside) or a TensorFlow.js layers model (model.json + weights.bin)")
    .requiredOption("--format <format>", "onnx or tfjs")
    .option("--out <path>", "the .onnx file, or the folder for tfjs (default: beside the model, model.onnx or model-tfjs/)")
    .action(run(async (model: string, o: { format: string; out?: string }) => (await import("./commands/export.js")).exportCommand(model, { ...global(), ...o })));
  cli
    .command("runs [ids...]")
    .description("list past runs sorted by dev error, or compare the given runs")
    .action(run(async (ids: string[]) => (await import("./commands/runs.js")).runsCommand(ids, global())));
  cli
    .command("sweep <spec>")
    .description("train every combination of a grid, or random points, on worker threads or on `nnlab worker`s anywhere (resumable); a table by dev error and validation curves")
    .option("--grid <name=values>", "a knob and its values, e.g. lambda=0,0.01,0.1 (repeatable)", (v: string, all: string[]) => [...all, v], [] as string[])
    .option("--random <n>", "random search: n points drawn from the --range's, seeded")
    .option("--range <name=low..high>", "a knob's range for --random, e.g. lr=1e-4..1e-1:log or dropout=0..0.5 (:int for whole numbers; repeatable)", (v: string, all: string[]) => [...all, v], [] as string[])
    .option("--seed <n>", "the seed of the random draw", "0")
    .option("--halving", "successive halving: train every point briefly, keep the best third, train those longer, up to the spec's epochs")
    .option("--folds <k>", "score each trial by k-fold cross-validation")
    .option("--workers <n>", "worker threads on this machine (default: all cores)")
    .option("--queue <redis-url>", "put the trials on a queue in Redis (redis://HOST:PORT[/DB]) for `nnlab worker`s on any machines")
    .action(
      run(async (spec: string, o: { grid: string[]; range: string[]; random?: string; seed?: string; halving?: boolean; folds?: string; workers?: string; queue?: string }) =>
        (await import("./commands/sweep.js")).sweepCommand(spec, { ...global(), ...o }),
      ),
    );
  cli
    .command("improve <input>")
    .description("the notes' loop run for you: train, diagnose, try the first cause's remedy, keep it only if the dev error falls beyond noise, until healthy (then an L2 prior, kept unless it does harm) or the budget is spent (resumable); <input> is a spec, or a CSV file with --label")
    .option("--label <column>", "with a CSV file: the column to predict (a starting network is chosen from the data's size and shape)")
    .option("--on-invalid-row <mode>", "with a CSV file: error (the default) stops at a row without a number where one belongs; drop skips such rows")
    .option("--features <columns>", "with a CSV file: the columns to learn from, comma-separated (default: every column but the label)")
    .option("--class-weight <mode>", "with a CSV file: balanced weighs each class's loss by n / (k * its count), and improve then compares the balanced error")
    .option("--trials <n>", "at most this many trainings in all", "60")
    .option("--time <seconds>", "begin no step expected to end past this many seconds (a step as long as the last)")
    .option("--seeds <k>", "seeds per candidate: the paired comparison's sample", "3")
    .option("--workers <n>", "worker threads for a step's trials (default: all cores)")
    .option("--queue <redis-url>", "put each step's trials on a queue in Redis (redis://HOST:PORT[/DB]) for `nnlab worker`s on any machines")
    .action(
      run(async (input: string, o: { label?: string; onInvalidRow?: string; features?: string; classWeight?: string; trials?: string; time?: string; seeds?: string; workers?: string; queue?: string }) =>
        (await import("./commands/improve.js")).improveCommand(input, { ...global(), ...o }),
      ),
    );
  cli
    .command("worker")
    .description("run the trials of every sweep queued on a Redis server (`nnlab sweep --queue`), each on its sweep's kernels, until Ctrl-C")
    .requiredOption("--queue <redis-url>", "the Redis server the sweeps queue on: redis://HOST:PORT[/DB]")
    .option("--concurrency <n>", "trials at once (threads; default: all cores)")
    .option("--stalled-ms <ms>", "how long before a trial of a worker that died goes to another worker", "30000")
    .option("--name <name>", "this worker's name in the sweeps' progress (default: host:pid)")
    .option("--max-trials <n>", "take n trials, finish them and stop, exit code 0 (a machine lent for a while; default: until Ctrl-C)")
    .action(run(async (o: { queue: string; concurrency?: string; stalledMs?: string; name?: string; maxTrials?: string }) => (await import("./commands/worker.js")).workerCommand({ ...global(), ...o })));
  cli
    .command("learning-curve <spec>")
    .description("train and dev error against the training-set size: would more data help?")
    .option("--sizes <fractions>", "fractions of the training split", "0.1,0.2,0.4,0.6,0.8,1")
    .option("--workers <n>", "worker threads, one size each (default: all cores; 1 runs them in this thread)")
    .option("--queue <redis-url>", "run the sizes on `nnlab worker`s through this Redis server: redis://HOST:PORT[/DB]")
    .action(run(async (spec: string, o: { sizes: string; workers?: string; queue?: string }) => (await import("./commands/learning-curve.js")).learningCurveCommand(spec, { ...global(), ...o })));
  cli
    .command("lr-find <spec>")
    .description("the learning-rate range test: a short run with a growing rate; suggests a rate, with a report of the curve")
    .option("--steps <n>", "gradient steps, one per rate", "100")
    .option("--min-lr <x>", "the first learning rate", "1e-5")
    .option("--max-lr <x>", "the last learning rate", "10")
    .action(run(async (spec: string, o: { steps?: string; minLr?: string; maxLr?: string }) => (await import("./commands/lr-find.js")).lrFindCommand(spec, { ...global(), ...o })));
  cli
    .command("compare-init <spec>")
    .description("zeros, small and large random, He, LeCun and Glorot on the same network and data, explained")
    .action(run(async (spec: string) => (await import("./commands/compare-init.js")).compareInitCommand(spec, global())));
  cli
    .command("playground [spec]")
    .description("serve the interactive playground on 127.0.0.1 (every knob of the notes, training live in the browser); a spec opens in it")
    .option("--port <n>", "port to listen on (default: a free one)")
    .option("--host <host>", "address to bind", "127.0.0.1")
    .action(run(async (spec: string | undefined, o: { port?: string; host?: string }) => (await import("./commands/playground.js")).playgroundCommand(spec, { ...o, json: global().json })));
  // A usage error is one line too, pointing at the command's own help rather than printing all of it.
  for (const command of [cli, ...cli.commands]) {
    command.configureOutput({ outputError: usageError(command === cli ? "nnlab --help" : `nnlab ${command.name()} --help`) });
  }
  return Object.assign(cli, { exitCode: () => code, restoreKernels: () => restoreKernels() });
}

/** Commander's "error: unknown option '--foo'" (and its "(Did you mean ...?)" line) as one line saying where the usage is. */
function usageError(help: string): (text: string, write: (text: string) => void) => void {
  return (text, write) => write(`nnlab: ${text.trim().replace(/^error: /, "").replace(/\s*\n\s*/g, " ")} (see ${help})\n`);
}

/**
 * Runs the command line and returns the exit code; every error ends here as one line on stderr. Bad
 * input (a CliError, an NnlabError, a path the file system refuses, a model too large to allocate)
 * exits 2; anything else is a bug, reported as "unexpected error" with its stack under --debug.
 */
export async function main(argv: string[]): Promise<number> {
  const cli = program() as Command & { exitCode(): number; restoreKernels(): void };
  // `nnlab help nope`: commander prints the whole help to stderr; one line, as every usage error
  const words = positionalWords(argv);
  const helpFor = words[0] === "help" ? words[1] : undefined;
  if (helpFor !== undefined && !cli.commands.some((c) => c.name() === helpFor)) {
    process.stderr.write(`nnlab: help: expected a command (${cli.commands.map((c) => c.name()).join(", ")}); received ${JSON.stringify(helpFor)} (see nnlab --help)\n`);
    return EXIT.badInput;
  }
  try {
    await cli.parseAsync(argv, { from: "user" });
    return cli.exitCode();
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.badInput;
    // The library is loaded only now: `nnlab --version` and `--help` start without it.
    const { NnlabError, experimentSpec } = await import("../index.js");
    const explained = explain(error, NnlabError);
    const { code, unexpected } = explained;
    const line = error instanceof NnlabError ? namingSpecFile(explained.line, words, Object.keys(experimentSpec.shape)) : explained.line;
    if (unexpected && (cli.opts() as GlobalOptions).debug) {
      process.stderr.write(`nnlab: unexpected error: ${(error as Error)?.stack ?? String(error)}\n`);
    } else {
      process.stderr.write(`nnlab: ${line}\n`);
    }
    return code;
  } finally {
    cli.restoreKernels();
  }
}

/**
 * A spec's problem found after its data was read ("classWeight: expected 2 weights (one per class);
 * received 3", "data.classes: ...", "split: ratios ... of 10 examples leave ...") with the spec file named
 * first, as the schema's problems are ("e.json: invalid experiment spec: ..."): the README promises a line
 * naming the file. `words`: the command line's words, the command then its spec.
 */
export function namingSpecFile(line: string, words: readonly string[], specKeys: readonly string[]): string {
  const spec = words[1];
  // only the commands whose first word is a spec (predict's and export's is a model file)
  if (!SPEC_COMMANDS.has(words[0] ?? "") || spec === undefined || !/\.json$/i.test(spec) || line.startsWith(`${spec}:`)) return line;
  // a field's path then ": " ("data.classes: ", "model.hidden[0].units: "), not a file's name ("data.csv: ",
  // "data.csv:3: ")
  const match = /^([A-Za-z]+)((?:\.[A-Za-z]\w*|\[\d+\])*): /.exec(line);
  if (!match || /\.(csv|tsv|txt|json|gz|idx\d?-ubyte|ubyte)$/i.test(match[2]!)) return line;
  return specKeys.includes(match[1]!) ? `${spec}: ${line}` : line;
}

/** The commands that take a spec as their first word. */
const SPEC_COMMANDS = new Set(["train", "gradcheck", "doctor", "sweep", "improve", "learning-curve", "lr-find", "compare-init"]);

/** The global options that take a value (their value is not a command's word). */
const VALUED_OPTIONS = new Set(["--runs", "--kernels", "--threads"]);

/** The words of a command line that are not options or option values: ["help", "nope"] of `--runs x help nope`. */
function positionalWords(argv: string[]): string[] {
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (VALUED_OPTIONS.has(arg)) i++;
    else if (!arg.startsWith("-")) words.push(arg);
  }
  return words;
}

/** An error as one line and the exit code it means. */
export function explain(error: unknown, libraryError?: abstract new (...args: never[]) => Error): { line: string; code: number; unexpected?: true } {
  if (error instanceof CliError) return { line: error.message, code: error.exitCode };
  if (libraryError && error instanceof libraryError) return { line: error.message, code: EXIT.badInput };
  // A file-system error that no command explained: its path and what the code means still help.
  const fs = describeFsError(error);
  if (fs) return { line: fs, code: EXIT.badInput };
  // Typed arrays too large for memory: a spec or data far bigger than this machine can hold.
  if (error instanceof RangeError && /typed array length|Array buffer allocation failed|Invalid array length/i.test(error.message)) {
    return { line: `not enough memory for the model or the data (${error.message}); use fewer or smaller layers, or less data`, code: EXIT.badInput };
  }
  // Exit 1, as before: a bug in nnlab, not bad input.
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return { line: `unexpected error: ${message.split("\n", 1)[0]} (run again with --debug for the stack trace)`, code: 1, unexpected: true };
}
