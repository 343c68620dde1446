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
