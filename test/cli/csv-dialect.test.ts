/**
 * `nnlab train` and `nnlab predict` on a CSV saved by a spreadsheet in a language that writes decimal
 * commas: semicolon-separated, "1,5" for one and a half. The separator and decimal mark are found as the
 * page finds them (detectCsvDialect); a spec may name the separator (`data.delimiter`).
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

let dir: string;
const write = (name: string, value: unknown) => writeFile(join(dir, name), typeof value === "string" ? value : JSON.stringify(value));

/** Two blobs, x1 around -1 and 1, written the European way. */
const rows = Array.from({ length: 60 }, (_, i) => {
  const y = i % 2;
  const x1 = (y ? 1 : -1) + ((i * 37) % 11) / 20 - 0.25;
  const x2 = ((i * 13) % 7) / 10;
  return `${x1.toFixed(2).replace(".", ",")};${x2.toFixed(1).replace(".", ",")};${y}`;
});
const european = `x1;x2;y\n${rows.join("\n")}\n`;
const spec = (data: Record<string, unknown>) => ({ name: "eu", data: { source: "eu.csv", label: "y", ...data }, model: { hidden: [{ units: 4 }] }, optimizer: { name: "adam", learningRate: 0.05 }, training: { epochs: 30 } });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "nnlab-cli-dialect-"));
  await write("eu.csv", european);
  await write("comma.csv", european.replace(/,/g, ".").replace(/;/g, ","));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("a semicolon-separated CSV with decimal commas", () => {
  it("nnlab train reads it (the built executable, as a process) to the same numbers as its comma-separated twin", async () => {
    await write("eu.json", spec({}));
    const r = await runCli(["train", "eu.json"], dir, { process: true });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Run \d{8}-\d{6}-eu: 2-4-1 on .*eu\.csv \(60 rows kept, 0 dropped\)/);
    // the comma-separated twin trains to the same bits: same data read
    await write("comma.json", { ...spec({ source: "comma.csv" }), name: "comma" });
    const twin = await runCli(["--json", "train", "comma.json"], dir);
    expect(twin.code).toBe(0);
    const again = await runCli(["--json", "train", "eu.json"], dir);
    const scores = (out: string) => {
      const { train, dev, test } = JSON.parse(out) as Record<"train" | "dev" | "test", { loss: number; examples: number }>;
      return { train, dev, test };
    };
    expect(scores(again.stdout).train.loss).toBeGreaterThan(0);
    expect(scores(again.stdout)).toEqual(scores(twin.stdout));
    const runs = await readdir(join(dir, "runs"));
    expect(runs.filter((r) => /-eu(-\d+)?$/.test(r))).toHaveLength(2); // two runs in one second: the second is "-eu-2"
  });

  it("honours data.delimiter, and refuses a bad one in one line (exit 2)", async () => {
    await write("semicolon.json", spec({ delimiter: ";" }));
    expect((await runCli(["train", "semicolon.json"], dir)).code).toBe(0);
    await write("comma-forced.json", spec({ delimiter: "," }));
    const forced = await runCli(["train", "comma-forced.json"], dir);
    expect(forced.code).toBe(2);
    expect(forced.stderr).toContain("eu.csv:1: expected at least 2 columns (features and a label); received 1");
    await write("pipe.json", spec({ delimiter: "|" }));
    const pipe = await runCli(["train", "pipe.json"], dir);
    expect(pipe.code).toBe(2);
    expect(pipe.stderr).toBe('nnlab: pipe.json: invalid experiment spec:\n  data.delimiter: expected one of ",", ";", "\\t", "auto"; received "|"\n');
  });

  it("nnlab predict reads it too, and scores against its label column", async () => {
    const runs = (await readdir(join(dir, "runs"))).filter((r) => r.endsWith("-eu")).sort();
    const model = join("runs", runs[0]!, "model.json");
    const r = await runCli(["predict", model, "eu.csv"], dir);
    expect(r.code).toBe(0);
    // (the scores go to stderr, so that stdout stays a CSV)
    expect(r.stderr).toContain('against column "y" of eu.csv');
    const lines = r.stdout.trim().split("\n");
    expect(lines).toHaveLength(61);
    expect(lines[1]!.split(",").slice(0, 2).map(Number)).toEqual(european.split("\n")[1]!.split(";").slice(0, 2).map((v) => Number(v.replace(",", "."))));
    expect(await readFile(join(dir, "eu.csv"), "utf8")).toBe(european);
  });
});
