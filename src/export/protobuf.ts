/**
 * A minimal protocol-buffers writer: exactly what an ONNX file needs (varints, 64-bit integers as varints,
 * length-delimited bytes, strings and nested messages, packed numbers). Messages are built inside out:
 * a nested message is written to its own writer and then added as bytes.
 */

const WIRE_VARINT = 0;
const WIRE_LENGTH = 2;

const encoder = new TextEncoder();

export class ProtoWriter {
  private chunks: Uint8Array[] = [];
  private current: number[] = [];
  private length = 0;

  /** A varint of a non-negative safe integer, or of a negative one as its 64-bit two's complement. */
  private varint(value: number): void {
    if (!Number.isSafeInteger(value)) throw new RangeError(`protobuf: ${value} is not a safe integer`);
    if (value < 0) {
      let v = BigInt.asUintN(64, BigInt(value));
      while (v >= 0x80n) {
        this.byte(Number(v & 0x7fn) | 0x80);
        v >>= 7n;
      }
      this.byte(Number(v));
      return;
    }
    let v = value;
    while (v >= 0x80) {
      this.byte((v % 0x80) | 0x80);
      v = Math.floor(v / 0x80);
    }
    this.byte(v);
  }

  private byte(b: number): void {
    this.current.push(b);
    this.length++;
  }

  private flush(): void {
    if (this.current.length > 0) {
      this.chunks.push(Uint8Array.from(this.current));
      this.current = [];
    }
  }

  private raw(bytes: Uint8Array): void {
    this.flush();
    this.chunks.push(bytes);
    this.length += bytes.length;
  }

  private tag(field: number, wire: number): void {
    this.varint(field * 8 + wire);
  }

  /** An int32, int64 or enum field (varint). */
  int(field: number, value: number): this {
    this.tag(field, WIRE_VARINT);
    this.varint(value);
    return this;
  }

  /** A bytes field, or a nested message given as its writer. */
  bytes(field: number, value: Uint8Array | ProtoWriter): this {
    const data = value instanceof ProtoWriter ? value.finish() : value;
    this.tag(field, WIRE_LENGTH);
    this.varint(data.length);
    this.raw(data);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, encoder.encode(value));
  }

  /** A nested message, built by `build` on a fresh writer. */
  message(field: number, build: (w: ProtoWriter) => void): this {
    const inner = new ProtoWriter();
    build(inner);
    return this.bytes(field, inner);
  }

  /** A packed repeated varint field (int64s, int32s). */
  packedInts(field: number, values: readonly number[]): this {
    const inner = new ProtoWriter();
    for (const v of values) inner.varint(v);
    return this.bytes(field, inner);
  }

  /** A 32-bit float field (wire type 5). */
  float(field: number, value: number): this {
    this.tag(field, 5);
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, value, true);
    this.raw(b);
    return this;
  }

  finish(): Uint8Array {
    this.flush();
    const out = new Uint8Array(this.length);
    let offset = 0;
    for (const c of this.chunks) {
      out.set(c, offset);
      offset += c.length;
    }
    return out;
  }
}

/** Numbers as little-endian float32 or float64 bytes (ONNX raw_data, tfjs weights.bin). */
export function littleEndian(values: ArrayLike<number>, dtype: "float32" | "float64"): Uint8Array {
  const size = dtype === "float32" ? 4 : 8;
  const out = new Uint8Array(values.length * size);
  const view = new DataView(out.buffer);
  for (let i = 0; i < values.length; i++) {
    if (dtype === "float32") view.setFloat32(i * 4, values[i]!, true);
    else view.setFloat64(i * 8, values[i]!, true);
  }
  return out;
}
