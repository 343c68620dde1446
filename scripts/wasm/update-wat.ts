/**
 * Generates the WebAssembly text of the optimizers' fused updates (SGD, momentum, Adam, each with
 * decoupled weight decay): one pass over each parameter tensor, two elements per f64x2 vector, then a
 * scalar tail. Assembled by scripts/wasm/build.ts into src/tensor/wasm/update-bytes.ts; its own module,
 * apart from the products (which must stay under 4 KB to compile on a browser's main thread).
 *
 * Rounding is the TypeScript loops' (src/tensor/update-kernels.ts), bit for bit: every operation in
 * double precision, in the same order, each stored value rounded to the element type and used rounded.
 * Float32 elements are promoted to f64x2 lanes and demoted on store, as JavaScript does with a
 * Float32Array element; division and square root are IEEE-exact in both, so the bits match.
 *
 * Memory contract: the caller (src/tensor/wasm/update.ts) copies the arrays in at byte addresses it
 * chooses and passes them with the element count; results are written in place.
 */
type T = "f32" | "f64";

interface Mode {
  t: T;
  vec: boolean;
}

const size = (t: T) => (t === "f32" ? 4 : 8);

/** Elements of `t` at byte address `at`, as double-precision value(s). */
function load({ t, vec }: Mode, at: string): string {
  if (!vec) return t === "f64" ? `(f64.load ${at})` : `(f64.promote_f32 (f32.load ${at}))`;
  return t === "f64" ? `(v128.load ${at})` : `(f64x2.promote_low_f32x4 (v128.load64_zero ${at}))`;
}

/** Stores double-precision value(s), rounded to `t`. */
function store({ t, vec }: Mode, at: string, value: string): string {
  if (!vec) return t === "f64" ? `(f64.store ${at} ${value})` : `(f32.store ${at} (f32.demote_f64 ${value}))`;
  return t === "f64" ? `(v128.store ${at} ${value})` : `(v128.store64_lane 0 ${at} (f32x4.demote_f64x2_zero ${value}))`;
}

/** A value rounded to `t` and back to double: what reading a just-stored element gives. */
function rounded({ t, vec }: Mode, value: string): string {
  if (t === "f64") return value;
  return vec ? `(f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero ${value}))` : `(f64.promote_f32 (f32.demote_f64 ${value}))`;
}

/** A double-precision operation, on vectors or scalars. */
const op = ({ vec }: Mode, name: string, ...args: string[]) => `(${vec ? "f64x2" : "f64"}.${name} ${args.join(" ")})`;

/** A parameter: the scalar itself, or in a vector loop the local holding it splatted (`$name_v`). */
const param = ({ vec }: Mode, name: string) => (vec ? `(local.get $${name}_v)` : `(local.get $${name})`);

const at = (array: string) => `(i32.add (local.get $${array}) (local.get $i))`;

/**
 * One update function: `body(mode)` gives the statements for one vector (or one scalar) at byte offset
 * $i. `scalars` are its f64 parameters after the arrays and the count; each gets a splatted local.
 */
function update(name: string, t: T, arrays: string[], scalars: string[], locals: string[], body: (m: Mode) => string[]): string {
  const s = size(t);
  const vector = { t, vec: true };
  const scalar = { t, vec: false };
  const params = [...arrays.map((a) => `(param $${a} i32)`), "(param $count i32)", ...scalars.map((p) => `(param $${p} f64)`)].join(" ");
  const declared = ["(local $i i32) (local $vend i32) (local $end i32)", ...scalars.map((p) => `(local $${p}_v v128)`), ...locals.map((l) => `(local $${l} f64) (local $${l}_x v128)`)].join(" ");
  return `(func (export "${name}_${t}") ${params}
  ${declared}
  (local.set $end (i32.mul (local.get $count) (i32.const ${s})))
  (local.set $vend (i32.and (local.get $end) (i32.const ${-2 * s})))
  ${scalars.map((p) => `(local.set $${p}_v (f64x2.splat (local.get $${p})))`).join("\n  ")}
  (block $vdone (loop $vec
    (br_if $vdone (i32.ge_u (local.get $i) (local.get $vend)))
    ${body(vector).join("\n    ")}
    (local.set $i (i32.add (local.get $i) (i32.const ${2 * s})))
    (br $vec)))
  (block $done (loop $tail
    (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
    ${body(scalar).join("\n    ")}
    (local.set $i (i32.add (local.get $i) (i32.const ${s})))
    (br $tail)))
)`;
}

/** A local of the loop: `$name` for scalars, `$name_x` for vectors. */
const local = ({ vec }: Mode, name: string) => (vec ? `$${name}_x` : `$${name}`);
const get = (m: Mode, name: string) => `(local.get ${local(m, name)})`;
const set = (m: Mode, name: string, value: string) => `(local.set ${local(m, name)} ${value})`;

/** w * decay, not rounded: the step's result is rounded once (src/tensor/update-kernels.ts says why). */
const decayed = (m: Mode) => set(m, "wd", op(m, "mul", load(m, at("w")), param(m, "decay")));

/** w <- w * decay; w <- w - lr g */
function sgd(t: T): string {
  return update("sgd", t, ["w", "g"], ["lr", "decay"], ["wd"], (m) => [
    decayed(m),
    store(m, at("w"), op(m, "sub", get(m, "wd"), op(m, "mul", param(m, "lr"), load(m, at("g"))))),
  ]);
}

/** w <- w * decay; v <- beta v + (1 - beta) g; w <- w - lr v */
function momentum(t: T): string {
  return update("momentum", t, ["w", "g", "v"], ["lr", "beta", "omb", "decay"], ["wd", "vn"], (m) => [
    decayed(m),
    set(m, "vn", rounded(m, op(m, "add", op(m, "mul", param(m, "beta"), load(m, at("v"))), op(m, "mul", param(m, "omb"), load(m, at("g")))))),
    store(m, at("v"), get(m, "vn")),
    store(m, at("w"), op(m, "sub", get(m, "wd"), op(m, "mul", param(m, "lr"), get(m, "vn")))),
  ]);
}

/** w <- w * decay; m <- b1 m + (1 - b1) g; v <- b2 v + (1 - b2) g g; w <- w - lr (m / c1) / (sqrt(v / c2) + eps) */
function adam(t: T): string {
  return update("adam", t, ["w", "g", "m", "v"], ["lr", "b1", "omb1", "b2", "omb2", "eps", "c1", "c2", "decay"], ["wd", "gi", "mn", "vn"], (m) => [
    decayed(m),
    set(m, "gi", load(m, at("g"))),
    set(m, "mn", rounded(m, op(m, "add", op(m, "mul", param(m, "b1"), load(m, at("m"))), op(m, "mul", param(m, "omb1"), get(m, "gi"))))),
    store(m, at("m"), get(m, "mn")),
    // (1 - b2) * g * g, left to right as the TypeScript expression groups it
    set(m, "vn", rounded(m, op(m, "add", op(m, "mul", param(m, "b2"), load(m, at("v"))), op(m, "mul", op(m, "mul", param(m, "omb2"), get(m, "gi")), get(m, "gi"))))),
    store(m, at("v"), get(m, "vn")),
    store(
      m,
      at("w"),
      op(m, "sub", get(m, "wd"), op(m, "div", op(m, "mul", param(m, "lr"), op(m, "div", get(m, "mn"), param(m, "c1"))), op(m, "add", op(m, "sqrt", op(m, "div", get(m, "vn"), param(m, "c2"))), param(m, "eps")))),
    ),
  ]);
}

/** The module: its own memory, the three updates for each element type. */
export function updateWat(): string {
  const parts = ["(module", '  (memory (export "memory") 1)'];
  for (const t of ["f32", "f64"] as const) parts.push(sgd(t), momentum(t), adam(t));
  parts.push(")");
  return parts.join("\n");
}
