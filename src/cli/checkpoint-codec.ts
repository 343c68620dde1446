import { createHash } from "node:crypto";
import { endianness } from "node:os";
import { NnlabError } from "../index.js";

/**
 * JSON for checkpoints, which must give back every bit: typed arrays travel as the base64 of their
 * bytes (little-endian, in their own element type, so float32 weights stay float32), and the numbers
 * JSON cannot write (NaN, the infinities, -0, which a fresh early-stopping "best" or an empty divergence
 * record holds) as tagged objects. Everything else is plain JSON, whose numbers already print as the
 * shortest decimal that reads back to the same double.
 */

const TYPED = { Float64Array, Float32Array, Int32Array, Uint32Array } as const;
type TypedName = keyof typeof TYPED;
type AnyTyped = InstanceType<(typeof TYPED)[TypedName]>;

const littleEndian = endianness() === "LE";

function bytesOf(array: AnyTyped): Buffer {
  const bytes = Buffer.from(array.buffer, array.byteOffset, array.byteLength);
  if (littleEndian) return bytes;
  const copy = Buffer.from(bytes);
  return array.BYTES_PER_ELEMENT === 8 ? copy.swap64() : copy.swap32();
}

function typedFrom(name: TypedName, base64: string): AnyTyped {
  const bytes = Buffer.from(base64, "base64");
  const Type = TYPED[name];
  if (bytes.length % Type.BYTES_PER_ELEMENT !== 0) throw new NnlabError(`checkpoint: a ${name} of ${bytes.length} bytes is cut short`);
  if (!littleEndian) (Type.BYTES_PER_ELEMENT === 8 ? bytes.swap64() : bytes.swap32());
  // A fresh, aligned buffer (Buffer's pool is not aligned for 8-byte elements).
  const out = new Type(bytes.length / Type.BYTES_PER_ELEMENT);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}

function specialNumber(value: number): string | null {
  if (Number.isNaN(value)) return "NaN";
  if (value === Infinity) return "Infinity";
  if (value === -Infinity) return "-Infinity";
  if (Object.is(value, -0)) return "-0";
  return null;
}

const SPECIAL: Record<string, number> = { NaN: NaN, Infinity: Infinity, "-Infinity": -Infinity, "-0": -0 };

/**
 * The seal before a checkpoint's own JSON object: {"sha256":"<hex of the text after it>", then the object's
 * fields. Damage that keeps the file's length and its JSON valid (a few bytes inside a weight array's base64)
 * resumed a different run without a word; a sealed file is checked. Files written before the seal read as before.
 */
const SEAL = /^\{"sha256":"([0-9a-f]{64})",/;
/** The hex sha256 of a text (the checkpoint's seal, and the history lines a checkpoint covers). */
export const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** `value` (an object) as sealed JSON text that decodeCheckpoint turns back into the same bits. */
export function encodeCheckpoint(value: unknown): string {
  const text = plainJson(value);
  // the seal goes inside the object, so the file stays one JSON object
  return text.startsWith("{") && text !== "{}" ? `{"sha256":"${sha256(text)}",${text.slice(1)}` : text;
}

function plainJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    // (typed arrays have no toJSON, so the replacer sees them before JSON.stringify makes them objects)
    if (ArrayBuffer.isView(v)) {
      const name = v.constructor.name;
      if (!(name in TYPED)) throw new NnlabError(`checkpoint: cannot save a ${name}`);
      return { $typed: name, base64: bytesOf(v as AnyTyped).toString("base64") };
    }
    if (typeof v === "number") {
      const special = specialNumber(v);
      if (special) return { $number: special };
    }
    return v;
  });
}

/** The value encodeCheckpoint wrote; a sealed text whose content does not match its seal is refused. */
export function decodeCheckpoint(text: string): unknown {
  const seal = SEAL.exec(text);
  if (seal) {
    const body = `{${text.slice(seal[0].length)}`;
    if (sha256(body) !== seal[1]) throw new NnlabError("checkpoint: its content does not match its sha256 (the file was damaged or edited)");
    text = body;
  }
  const value = JSON.parse(text, (_key, v: unknown) => {
    if (v && typeof v === "object" && !Array.isArray(v)) {
      const tagged = v as { $typed?: string; base64?: string; $number?: string };
      if (typeof tagged.$typed === "string") {
        if (!(tagged.$typed in TYPED) || typeof tagged.base64 !== "string") throw new NnlabError(`checkpoint: unknown array type ${JSON.stringify(tagged.$typed)}`);
        return typedFrom(tagged.$typed as TypedName, tagged.base64);
      }
      if (typeof tagged.$number === "string") {
        if (!(tagged.$number in SPECIAL)) throw new NnlabError(`checkpoint: unknown number ${JSON.stringify(tagged.$number)}`);
        return SPECIAL[tagged.$number];
      }
    }
    return v;
  });
  // A seal that is there but not where encodeCheckpoint put it: the file was re-saved (Python's json.dump
  // adds spaces) and may have been edited; read as an old unsealed file, its fields went unchecked and an
  // edited "trainer": 5 was a TypeError at resume.
  if (!seal && value && typeof value === "object" && "sha256" in value) {
    throw new NnlabError("checkpoint: its seal (sha256) is not where nnlab writes it: the file was re-saved or edited, so its content cannot be checked");
  }
  return value;
}
