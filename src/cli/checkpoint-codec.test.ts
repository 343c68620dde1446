import { describe, expect, it } from "vitest";
import { decodeCheckpoint, encodeCheckpoint } from "./checkpoint-codec.js";

describe("checkpoint codec", () => {
  it("gives back every bit: typed arrays in their own type, NaN, infinities and -0", () => {
    const f32 = Float32Array.from([0.1, -3.4028234663852886e38, 1.401298464324817e-45, -0]);
    const f64 = Float64Array.from([0.1, Math.PI, 5e-324, -0, NaN]);
    const value = { f32, f64, order: Int32Array.from([3, -1, 2]), list: [NaN, Infinity, -Infinity, -0, 1e-310], nested: { best: NaN, word: "x", none: null } };
    const back = decodeCheckpoint(encodeCheckpoint(value)) as typeof value;
    expect(back.f32).toBeInstanceOf(Float32Array);
    expect(back.f64).toBeInstanceOf(Float64Array);
    expect(Buffer.from(back.f32.buffer).equals(Buffer.from(f32.buffer))).toBe(true);
    expect(Buffer.from(back.f64.buffer).equals(Buffer.from(f64.buffer))).toBe(true);
    expect(Array.from(back.order)).toEqual([3, -1, 2]);
    expect(back.list).toEqual([NaN, Infinity, -Infinity, -0, 1e-310]);
    expect(Object.is(back.list[3], -0)).toBe(true);
    expect(back.nested).toEqual({ best: NaN, word: "x", none: null });
  });

  it("refuses what it cannot write or read", () => {
    expect(() => encodeCheckpoint({ bytes: new Uint8Array(2) })).toThrow("checkpoint: cannot save a Uint8Array");
    expect(() => decodeCheckpoint('{"a":{"$typed":"Float64Array","base64":"AAAA"}}')).toThrow("checkpoint: a Float64Array of 3 bytes is cut short");
  });
});

describe("the checkpoint's seal", () => {
  it("refuses same-length damage inside a weight array (it resumed another run without a word), and reads files written before the seal", () => {
    const value = { format: "nnlab-checkpoint", weights: [Float64Array.from([0.1, -2.5, 3e-7, 42])] };
    const text = encodeCheckpoint(value);
    expect(text).toMatch(/^\{"sha256":"[0-9a-f]{64}","format":"nnlab-checkpoint",/);
    expect(decodeCheckpoint(text)).toEqual(value);
    // four base64 characters replaced: the same length, still valid JSON and base64 (an audit helper's dd)
    const at = text.indexOf('"base64":"') + 12;
    const damaged = text.slice(0, at) + (text.slice(at, at + 4) === "AAAA" ? "BBBB" : "AAAA") + text.slice(at + 4);
    expect(damaged.length).toBe(text.length);
    expect(() => decodeCheckpoint(damaged)).toThrow("checkpoint: its content does not match its sha256 (the file was damaged or edited)");
    // a checkpoint from before the seal: the object alone
    const unsealed = text.replace(/^\{"sha256":"[0-9a-f]{64}",/, "{");
    expect(decodeCheckpoint(unsealed)).toEqual(value);
  });

  it("refuses a sealed file re-saved with another layout (it read as unsealed, its fields unchecked: an edited trainer was a TypeError at resume)", () => {
    const text = encodeCheckpoint({ format: "nnlab-checkpoint", trainer: { epoch: 3 } });
    const resaved = JSON.stringify({ ...JSON.parse(text), trainer: 5 }, null, 1); // as Python's json.dump(indent=1) would
    expect(() => decodeCheckpoint(resaved)).toThrow("checkpoint: its seal (sha256) is not where nnlab writes it: the file was re-saved or edited, so its content cannot be checked");
  });
});
