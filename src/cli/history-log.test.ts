import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { History } from "../internal.js";
import { HistoryLog } from "./history-log.js";

describe("history.jsonl while training", () => {
  it("appends a line per epoch; resuming drops the lines after the checkpoint and a torn last line, and puts back what JSON cannot carry", async () => {
    const dir = await mkdtemp(join(tmpdir(), "nnlab-history-"));
    const path = join(dir, "history.jsonl");
    const history = new History();
    const log = await HistoryLog.create(path);
    const rows = [{ loss: 1, valLoss: Infinity }, { loss: 0.5, valLoss: NaN }, { loss: -0, valLoss: 0.25 }, { loss: 0.2, valLoss: 0.2 }];
    rows.forEach((logs, epoch) => {
      history.record(epoch, logs);
      log.append(history);
    });
    log.close();
    expect(log.special).toEqual([[0, "valLoss", Infinity], [1, "valLoss", NaN], [2, "loss", -0]]);
    await writeFile(path, (await readFile(path, "utf8")) + '{"epoch":4,"lo'); // killed mid-line
    const { log: resumed, columns } = await HistoryLog.resume(path, 3, log.special);
    resumed.close();
    expect(columns.epochs).toEqual([0, 1, 2]);
    expect(Array.from(columns.values.valLoss!)).toEqual([Infinity, NaN, 0.25]);
    expect(Object.is(columns.values.loss![2], -0)).toBe(true);
    expect((await readFile(path, "utf8")).split("\n")).toEqual([...history.toRecords().slice(0, 3).map((r) => JSON.stringify(r)), ""]);
    await expect(HistoryLog.resume(path, 5, [])).rejects.toThrow(/3 complete lines, but the checkpoint covers 5 epochs/);
    // a line deleted, or written twice, inside what the checkpoint covers: every later epoch shifted (an audit helper)
    const lines = history.toRecords().map((r) => JSON.stringify(r));
    await writeFile(path, [lines[0], lines[2], lines[3], ""].join("\n"));
    await expect(HistoryLog.resume(path, 3, [])).rejects.toThrow(`${path}:2: expected epoch 1 (one line per epoch, in order); received epoch 2: the history was cut or edited`);
    await writeFile(path, [lines[0], lines[1], lines[1], lines[2], ""].join("\n"));
    await expect(HistoryLog.resume(path, 3, [])).rejects.toThrow(`${path}:3: expected epoch 2 (one line per epoch, in order); received epoch 1`);
  });
});

describe("history.jsonl on a full disk", () => {
  it("names the file and the way on (it said '(unknown path): no space left on the device')", async () => {
    const { closeSync, openSync } = await import("node:fs");
    const dir = await mkdtemp(join(tmpdir(), "nnlab-history-full-"));
    const path = join(dir, "history.jsonl");
    const log = await HistoryLog.create(path);
    // the disk fills up under the open file: its descriptor swapped for one on /dev/full (every write: ENOSPC)
    const inner = log as unknown as { fd: number };
    closeSync(inner.fd);
    inner.fd = openSync("/dev/full", "w");
    const history = new History();
    history.record(0, { loss: 1 });
    expect(() => log.append(history)).toThrow(`${path}: cannot append to the history: no space left on the device`);
    expect(() => log.append(history)).toThrow(/the run so far is kept: free the space or fix the folder, then nnlab train --resume <run>/);
    log.close();
  });
});

describe("the lines a checkpoint covers", () => {
  it("are checked against its sha256 on resume: an edited line is refused (it resumed into the report's curve)", async () => {
    const dir = await mkdtemp(join(tmpdir(), "nnlab-history-sha-"));
    const path = join(dir, "history.jsonl");
    const history = new History();
    const log = await HistoryLog.create(path);
    [0.7007, 0.5, 0.4].forEach((loss, epoch) => {
      history.record(epoch, { loss });
      log.append(history);
    });
    const covered = log.coveredSha256(2);
    log.close();
    const text = await readFile(path, "utf8");
    // untouched: resumes, and goes on hashing from the kept lines
    const { log: again } = await HistoryLog.resume(path, 2, [], covered);
    expect(again.coveredSha256(2)).toBe(covered);
    again.close();
    await writeFile(path, text.replace("0.7007", "70.07")); // epoch 0's loss, 100 times its value
    await expect(HistoryLog.resume(path, 2, [], covered)).rejects.toThrow(`${path}: its first 2 lines are not those the checkpoint was written after (the history was edited or damaged); train the spec again`);
    // a checkpoint from before the hash was kept: read as before
    await expect(HistoryLog.resume(path, 2, [])).resolves.toBeDefined();
  });
});
