import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { History } from "../index.js";
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

describe("a long history.jsonl (an audit: past ~512 MB, resume ended 'Invalid string length')", () => {
  it("is read as a stream and cut back in place at the byte after the lines kept; the digests of any count are those of the lines", async () => {
    const { createHash } = await import("node:crypto");
    const { stat } = await import("node:fs/promises");
    const dir = await mkdtemp(join(tmpdir(), "nnlab-history-long-"));
    const path = join(dir, "history.jsonl");
    const history = new History();
    const log = await HistoryLog.create(path);
    // over 1 MiB (more than one chunk read), and past two of the hash marks kept every 4096 lines
    const n = 10_000;
    for (let epoch = 0; epoch < n; epoch++) {
      history.record(epoch, { loss: 1 / (epoch + 1), valLoss: 1 / (epoch + 2), accuracy: epoch / n, valAccuracy: epoch === 7 ? NaN : epoch / (n + 1) });
      if (epoch % 97 === 0 || epoch === n - 1) log.append(history);
    }
    const text = await readFile(path, "utf8");
    expect(text.length).toBeGreaterThan(1 << 20);
    const lines = text.split("\n").slice(0, -1);
    const digestOf = (count: number) => createHash("sha256").update(lines.slice(0, count).map((l) => l + "\n").join("")).digest("hex");
    for (const count of [0, 1, 4095, 4096, 4097, 8191, 8192, 8193, 9999, n]) expect(log.coveredSha256(count), `count ${count}`).toBe(digestOf(count));
    const covered = log.coveredSha256(8200);
    const special = log.special;
    log.close();
    // lines trained after the checkpoint, and a last one torn by the kill
    await writeFile(path, text + '{"epoch":10000,"loss":0.1}\n{"epoch":10001,"lo');
    const { ino } = await stat(path);
    const { log: resumed, columns } = await HistoryLog.resume(path, 8200, special, covered);
    const after = await stat(path);
    expect(after.ino).toBe(ino); // cut in place, not written again
    expect(after.size).toBe(Buffer.byteLength(lines.slice(0, 8200).map((l) => l + "\n").join("")));
    expect(await readFile(path, "utf8")).toBe(lines.slice(0, 8200).map((l) => l + "\n").join(""));
    expect(columns.epochs.length).toBe(8200);
    expect(columns.epochs[8199]).toBe(8199);
    expect(Array.from(columns.values.loss!)).toEqual(history.values.loss!.slice(0, 8200));
    expect(Number.isNaN(columns.values.valAccuracy![7])).toBe(true);
    // the resumed log hashes on from the lines it kept, for old counts too
    for (const count of [1, 4096, 5000, 8200]) expect(resumed.coveredSha256(count), `count ${count}`).toBe(digestOf(count));
    history.record(n, { loss: 0, valLoss: 0, accuracy: 1, valAccuracy: 1 });
    resumed.close();
    // fewer whole lines than the checkpoint covers: said as before, the file left as it was
    await writeFile(path, lines.slice(0, 5000).join("\n") + "\n" + lines[5000]!.slice(0, 10));
    const before = await readFile(path, "utf8");
    await expect(HistoryLog.resume(path, 8200, special, covered)).rejects.toThrow(`${path}: 5000 complete lines, but the checkpoint covers 8200 epochs; the history was cut or edited`);
    expect(await readFile(path, "utf8")).toBe(before);
    // an edited line among many: refused by the digest before its parse
    await writeFile(path, text.replace('"epoch":6000,', '"epoch":6001,'));
    await expect(HistoryLog.resume(path, 8200, special, covered)).rejects.toThrow(/its first 8200 lines are not those the checkpoint was written after/);
    await expect(HistoryLog.resume(path, 8200, special)).rejects.toThrow(`${path}:6001: expected epoch 6000 (one line per epoch, in order); received epoch 6001`);
  });

  it("resumes a missing history at count 0 as an empty file, and cuts a history back to nothing at count 0", async () => {
    const dir = await mkdtemp(join(tmpdir(), "nnlab-history-zero-"));
    const path = join(dir, "history.jsonl");
    const { log } = await HistoryLog.resume(path, 0, []);
    log.close();
    expect(await readFile(path, "utf8")).toBe("");
    await writeFile(path, '{"epoch":0,"loss":1}\n{"ep');
    const { log: again, columns } = await HistoryLog.resume(path, 0, []);
    again.close();
    expect(columns.epochs).toEqual([]);
    expect(await readFile(path, "utf8")).toBe("");
  });
});
