import { fail } from "../errors.js";
import { Tensor } from "./tensor.js";

/**
 * Throws unless `value` is a Tensor: the check at a public function's entry, before anything reads
 * `.rows` of it ("predict: x must be a Tensor; received undefined", not a TypeError deep inside).
 */
export function checkTensor(where: string, name: string, value: unknown): Tensor {
  if (!(value instanceof Tensor)) {
    const hint = Array.isArray(value) || ArrayBuffer.isView(value) ? " (Tensor.from2D(rows) or Tensor.column(values) makes one)" : "";
    fail(where, `${name} must be a Tensor${hint}`, value);
  }
  return value;
}
