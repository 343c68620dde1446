/**
 * Generates the WebAssembly text of nnlab's matrix-product kernels, one set per element type.
 * Run by scripts/wasm/build.ts; the assembled bytes are committed as src/tensor/wasm/gemm-bytes.ts so that
 * a fresh clone (and a browser) needs no build step. The text is generated, not hand-written, because the
 * register tile is unrolled MR rows deep and the float32 and float64 versions differ only in lane width.
 *
 * Memory contract (byte addresses, set up by src/tensor/wasm/gemm.ts):
 *   [0, 256)  unused (operands start at 256)
 *   packa_T(a, rs, cs, m, k, dst)   packs A(i, p) = mem[a + i*rs + p*cs] into row blocks of MR (A or A^T)
 *   pack_T(b, rs, cs, k, n, dst)    packs B(p, j) = mem[b + p*rs + j*cs] into column panels of NR = two
 *                                   vectors (B or B^T), zero-padded past n
 *   gemm_T(m, n, k, ap, bp, c, j0, j1, bias, relu)  columns j0..j1-1 (j0 a multiple of NR) of
 *                                   C[m, n] (row-major, contiguous) = packed A * packed B (+ the row
 *                                   vector at `bias`, zero-padded to NR, unless bias is 0); threads split
 *                                   C by columns; every tile is stored whole (see gemm() for the rules)
 * Packing makes every product form the same contiguous inner loop. Each C element is summed over
 * p = 0..k-1 in order, one rounding per multiply and per add (no FMA; the fused build, for float32 only,
 * uses relaxed_madd), so float64 results equal the plain triple loop's bit for bit, on every engine.
 */
export interface GemmSpec {
  t: "f32" | "f64";
  /** Rows of the register tile. */
  mr: number;
  /** 128-bit vectors per row of the tile (NR = nv * lanes columns). */
  nv: number;
  /** How many p steps one pass of the inner loop does. */
  unroll: number;
  /**
   * Multiply-adds as relaxed SIMD's `relaxed_madd` (float32 only): fused where the CPU has FMA, one
   * instruction instead of two. Its rounding is the engine's choice, so this is a separate module.
   */
  fused?: boolean;
}

/** The tile shape, chosen by measurement (runs of bench/kernel-sizes.ts with other shapes were slower). */
export const TILE = { mr: 4, nv: 2, unroll: 1 };

/**
 * Float32 with fused multiply-adds: 6 rows. A fused multiply-add needs no register for the product, so
 * 12 accumulators + 2 B vectors + 1 broadcast fit x64's 16 vector registers (V8 keeps one as scratch);
 * the more independent accumulators hide the FMA latency better: 6-10% more GFLOP/s on w2's products in
 * Chromium 156 on Zen 5 (bench/browser-tiles.ts). The unfused kernels keep 4 rows: with a multiply and
 * an add, 6 rows spill registers and run at half speed (measured, both float32 and float64).
 */
export const FUSED_F32_TILE = { mr: 6, nv: 2, unroll: 1 };

function lanes(t: GemmSpec["t"]): number {
  return t === "f32" ? 4 : 2;
}

function size(t: GemmSpec["t"]): number {
  return t === "f32" ? 4 : 8;
}

/**
 * The register tile: MR rows x NV vectors of C, accumulated over all of k. A comes packed (MR values per
 * p, contiguous) so each is one broadcast load at a constant offset; B comes packed (NV vectors per p).
 * The p loop is unrolled `unroll` times (loop overhead is a fifth of the body otherwise).
 */
function tile({ t, mr, nv, unroll, fused }: GemmSpec): string {
  const v = `${t}x${lanes(t)}`;
  const s = size(t);
  const splat = t === "f32" ? "v128.load32_splat" : "v128.load64_splat";
  const rows = [...Array(mr).keys()];
  const vecs = [...Array(nv).keys()];
  const body = (q: number, L: string[]) => {
    for (const w of vecs) L.push(`      (local.set $b${w} (v128.load offset=${q * nv * 16 + w * 16} (local.get $b)))`);
    for (const r of rows) {
      L.push(`      (local.set $x (${splat} offset=${(q * mr + r) * s} (local.get $a)))`);
      for (const w of vecs) {
        const c = `(local.get $c${r}${w})`;
        const step = fused && t === "f32" ? `(${v}.relaxed_madd (local.get $x) (local.get $b${w}) ${c})` : `(${v}.add ${c} (${v}.mul (local.get $x) (local.get $b${w})))`;
        L.push(`      (local.set $c${r}${w} ${step})`);
      }
    }
  };
  const L: string[] = [];
  L.push(`(func $tile_${t} (param $a i32) (param $b i32) (param $k i32) (param $c i32) (param $ldc i32) (param $bias i32) (param $relu i32)`);
  L.push(`  (local $kk i32) ${rows.map((r) => vecs.map((w) => `(local $c${r}${w} v128)`).join(" ")).join(" ")}`);
  L.push(`  ${vecs.map((w) => `(local $b${w} v128)`).join(" ")} (local $x v128)`);
  L.push(`  (local.set $kk (i32.div_u (local.get $k) (i32.const ${unroll})))`);
  L.push(`  (block $done (br_if $done (i32.eqz (local.get $kk)))`);
  L.push(`    (loop $next`);
  for (let q = 0; q < unroll; q++) body(q, L);
  L.push(`      (local.set $a (i32.add (local.get $a) (i32.const ${unroll * mr * s})))`);
  L.push(`      (local.set $b (i32.add (local.get $b) (i32.const ${unroll * nv * 16})))`);
  L.push(`      (br_if $next (local.tee $kk (i32.sub (local.get $kk) (i32.const 1))))))`);
  if (unroll > 1) {
    L.push(`  (local.set $kk (i32.rem_u (local.get $k) (i32.const ${unroll})))`);
    L.push(`  (block $rest_done (br_if $rest_done (i32.eqz (local.get $kk)))`);
    L.push(`    (loop $rest`);
    body(0, L);
    L.push(`      (local.set $a (i32.add (local.get $a) (i32.const ${mr * s})))`);
    L.push(`      (local.set $b (i32.add (local.get $b) (i32.const ${nv * 16})))`);
    L.push(`      (br_if $rest (local.tee $kk (i32.sub (local.get $kk) (i32.const 1))))))`);
  }
  // the bias is added after the sum (as Z = X W, then Z += b would): same rounding as unfused
  L.push(`  (if (local.get $bias) (then`);
  for (const w of vecs) L.push(`    (local.set $b${w} (v128.load offset=${w * 16} (local.get $bias)))`);
  for (const r of rows) for (const w of vecs) L.push(`    (local.set $c${r}${w} (${v}.add (local.get $c${r}${w}) (local.get $b${w})))`);
  L.push(`  ))`);
  // relu (fused activation): A = max(Z, 0) also stored, `relu` bytes after Z; pmax(0, z) = 0 < z ? z : 0,
  // exactly the portable ReLU (0 for -0 and NaN)
  L.push(`  (if (local.get $relu) (then`);
  L.push(`    (local.set $x (v128.const i32x4 0 0 0 0))`);
  L.push(`    (local.set $a (i32.add (local.get $c) (local.get $relu)))`);
  for (const r of rows) {
    for (const w of vecs) L.push(`    (v128.store offset=${w * 16} (local.get $a) (${v}.pmax (local.get $x) (local.get $c${r}${w})))`);
    if (r < mr - 1) L.push(`    (local.set $a (i32.add (local.get $a) (local.get $ldc)))`);
  }
  L.push(`  ))`);
  for (const r of rows) {
    for (const w of vecs) L.push(`  (v128.store offset=${w * 16} (local.get $c) (local.get $c${r}${w}))`);
    if (r < mr - 1) L.push(`  (local.set $c (i32.add (local.get $c) (local.get $ldc)))`);
  }
  L.push(`)`);
  return L.join("\n");
}

/**
 * packa's path for any other full block (A row-major: the forward products and dX): for each p, the MR
 * values gathered into vectors lane by lane and stored whole, instead of MR scalar stores (the scalar
 * copy cost 11% of a football step; a shuffle transpose would be faster but breaks the 4 KB budget).
 * Written for MR = 4 rows (float32 or float64) and MR = 6 (float32: one vector and two scalars).
 */
function gatherBlock(t: GemmSpec["t"], mr: number): string {
  if (mr !== 4 && !(mr === 6 && t === "f32")) throw new Error("gatherBlock assumes 4-row tiles, or 6-row float32 ones");
  const s = size(t);
  // row q of the block: rows 0-3 from $src, rows 4-5 from $src4 = $src + 4 rs
  const at = (q: number) => {
    const base = q < 4 ? "(local.get $src)" : "(local.get $src4)";
    const r = q % 4;
    return r === 0 ? base : r === 1 ? `(i32.add ${base} (local.get $rs))` :
      r === 2 ? `(i32.add ${base} (i32.shl (local.get $rs) (i32.const 1)))` : `(i32.add ${base} (local.get $rs3))`;
  };
  const gather =
    t === "f32"
      ? `(v128.store (local.get $at) (v128.load32_lane 3 ${at(3)} (v128.load32_lane 2 ${at(2)} (v128.load32_lane 1 ${at(1)} (v128.load32_zero ${at(0)})))))` +
        (mr === 6 ? `
            (f32.store offset=16 (local.get $at) (f32.load ${at(4)}))
            (f32.store offset=20 (local.get $at) (f32.load ${at(5)}))
            (local.set $src4 (i32.add (local.get $src4) (local.get $cs)))` : "")
      : `(v128.store (local.get $at) (v128.load64_lane 1 ${at(1)} (v128.load64_zero ${at(0)})))
            (v128.store offset=16 (local.get $at) (v128.load64_lane 1 ${at(3)} (v128.load64_zero ${at(2)})))`;
  // also the last, partial block when there is no row of ones: its rows past m read what follows A in
  // memory, and those rows of C are never read (see gemm())
  return `      (if (i32.and (i32.eqz (local.get $r)) (i32.or (i32.eqz (local.get $ones)) (i32.le_u (i32.add (local.get $i) (i32.const ${mr})) (local.get $m))))
        (then
          (local.set $src (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $rs))))
          (local.set $rs3 (i32.mul (local.get $rs) (i32.const 3)))${mr === 6 ? `
          (local.set $src4 (i32.add (local.get $src) (i32.shl (local.get $rs) (i32.const 2))))` : ""}
          (local.set $at (local.get $dst))
          (local.set $p (local.get $k))
          (loop $gather
            ${gather}
            (local.set $src (i32.add (local.get $src) (local.get $cs)))
            (local.set $at (i32.add (local.get $at) (i32.const ${mr * s})))
            (br_if $gather (local.tee $p (i32.sub (local.get $p) (i32.const 1)))))
          (local.set $r (i32.const ${mr}))))`;
}

/** Copies `bytes` (a multiple of 8) from $src to $at: 16-byte vectors, then an 8-byte tail. */
function contiguousCopy(bytes: number): string {
  const L = [...Array(Math.floor(bytes / 16)).keys()].map((q) => `            (v128.store offset=${q * 16} (local.get $at) (v128.load offset=${q * 16} (local.get $src)))`);
  if (bytes % 16) L.push(`            (i64.store offset=${bytes - 8} (local.get $at) (i64.load offset=${bytes - 8} (local.get $src)))`);
  return L.join("\n");
}

/**
 * Packs A(i, p) = mem[a + i*rs + p*cs] into row blocks of MR: block q holds, for p = 0..k-1, the MR values
 * A(q*MR + r, p) contiguously; rows past m are zero. One routine serves A and A^T. With `ones` = 1, row m
 * is all ones: the product's row m is then the column sums of B, summed in the same order as sumRows
 * (1 * x = x exactly), which gives a Dense layer's bias gradient for free with its weight gradient.
 */
function packA({ t, mr }: GemmSpec): string {
  const s = size(t);
  return `(func (export "packa_${t}") (param $a i32) (param $rs i32) (param $cs i32) (param $m i32) (param $k i32) (param $dst i32) (param $ones i32)
  (local $i i32) (local $r i32) (local $p i32) (local $src i32) (local $at i32) (local $fill ${t}) (local $rs3 i32)${mr === 6 ? " (local $src4 i32)" : ""}
  (block $none (br_if $none (i32.eqz (local.get $k)))
  (block $blocks_done
    (loop $block
      (br_if $blocks_done (i32.ge_u (local.get $i) (i32.add (local.get $m) (local.get $ones))))
      (local.set $r (i32.const 0))
      ;; A^T: the MR values of each p are contiguous in memory, vector copies, also for the last block,
      ;; whose rows past m then hold what follows in memory (callers keep A away from memory's end; those
      ;; rows of C are never read, see gemm()) and the row of ones is written over them
      (if (i32.and (i32.const ${(mr * s) % 8 === 0 ? 1 : 0}) (i32.eq (local.get $rs) (i32.const ${s})))
        (then
          (local.set $src (i32.add (local.get $a) (i32.mul (local.get $i) (i32.const ${s}))))
          (local.set $at (local.get $dst))
          (local.set $p (local.get $k))
          (loop $col
${contiguousCopy(mr * s)}
            (local.set $src (i32.add (local.get $src) (local.get $cs)))
            (local.set $at (i32.add (local.get $at) (i32.const ${mr * s})))
            (br_if $col (local.tee $p (i32.sub (local.get $p) (i32.const 1)))))
          (if (i32.and (local.get $ones) (i32.lt_u (i32.sub (local.get $m) (local.get $i)) (i32.const ${mr}))) (then
            (local.set $at (i32.add (local.get $dst) (i32.mul (i32.sub (local.get $m) (local.get $i)) (i32.const ${s}))))
            (local.set $p (local.get $k))
            (loop $one
              (${t}.store (local.get $at) (${t}.const 1))
              (local.set $at (i32.add (local.get $at) (i32.const ${mr * s})))
              (br_if $one (local.tee $p (i32.sub (local.get $p) (i32.const 1)))))))
          (local.set $r (i32.const ${mr}))))
${gatherBlock(t, mr)}
      (if (i32.lt_u (local.get $r) (i32.const ${mr})) (then
      (loop $row
        (local.set $at (i32.add (local.get $dst) (i32.mul (local.get $r) (i32.const ${s}))))
        (local.set $p (local.get $k))
        (if (i32.lt_u (i32.add (local.get $i) (local.get $r)) (local.get $m))
          (then
            (local.set $src (i32.add (local.get $a) (i32.mul (i32.add (local.get $i) (local.get $r)) (local.get $rs))))
            (loop $col
              (${t}.store (local.get $at) (${t}.load (local.get $src)))
              (local.set $src (i32.add (local.get $src) (local.get $cs)))
              (local.set $at (i32.add (local.get $at) (i32.const ${mr * s})))
              (br_if $col (local.tee $p (i32.sub (local.get $p) (i32.const 1))))))
          (else ;; past m: zeros, or with \`ones\` a row of ones at m, whose product row is B's column sums
            (local.set $fill (select (${t}.const 1) (${t}.const 0)
              (i32.and (local.get $ones) (i32.eq (i32.add (local.get $i) (local.get $r)) (local.get $m)))))
            (loop $zero
              (${t}.store (local.get $at) (local.get $fill))
              (local.set $at (i32.add (local.get $at) (i32.const ${mr * s})))
              (br_if $zero (local.tee $p (i32.sub (local.get $p) (i32.const 1)))))))
        (br_if $row (i32.lt_u (local.tee $r (i32.add (local.get $r) (i32.const 1))) (i32.const ${mr}))))))
      (local.set $dst (i32.add (local.get $dst) (i32.mul (local.get $k) (i32.const ${mr * s}))))
      (local.set $i (i32.add (local.get $i) (i32.const ${mr})))
      (br $block))))
)`;
}

function pack({ t, nv }: GemmSpec): string {
  const s = size(t);
  const nr = nv * lanes(t);
  return `(func (export "pack_${t}") (param $b i32) (param $rs i32) (param $cs i32) (param $k i32) (param $n i32) (param $dst i32)
  (local $j i32) (local $p i32) (local $src i32) (local $jj i32) (local $col i32) (local $at i32)
  (block $none (br_if $none (i32.eqz (local.get $k)))
  (block $panels_done
    (loop $panel
      (br_if $panels_done (i32.ge_u (local.get $j) (local.get $n)))
      (if (i32.and (i32.le_u (i32.add (local.get $j) (i32.const ${nr})) (local.get $n)) (i32.eq (local.get $cs) (i32.const ${s})))
        (then ;; a full panel of contiguous columns: two vector copies per row
          (local.set $src (i32.add (local.get $b) (i32.mul (local.get $j) (i32.const ${s}))))
          (local.set $p (local.get $k))
          (loop $row
${[...Array(nv).keys()].map((w) => `            (v128.store offset=${w * 16} (local.get $dst) (v128.load offset=${w * 16} (local.get $src)))`).join("\n")}
            (local.set $src (i32.add (local.get $src) (local.get $rs)))
            (local.set $dst (i32.add (local.get $dst) (i32.const ${nv * 16})))
            (br_if $row (local.tee $p (i32.sub (local.get $p) (i32.const 1))))))
        (else ;; strided (B^T) or the last, partial panel: column by column (sequential reads), zero past n
          (local.set $jj (i32.const 0))
          (loop $lane
            (local.set $col (i32.add (local.get $j) (local.get $jj)))
            (local.set $src (i32.add (local.get $b) (i32.mul (local.get $col) (local.get $cs))))
            (local.set $at (i32.add (local.get $dst) (i32.mul (local.get $jj) (i32.const ${s}))))
            (local.set $p (local.get $k))
            (if (i32.lt_u (local.get $col) (local.get $n))
              (then
                (loop $row
                  (${t}.store (local.get $at) (${t}.load (local.get $src)))
                  (local.set $src (i32.add (local.get $src) (local.get $rs)))
                  (local.set $at (i32.add (local.get $at) (i32.const ${nv * 16})))
                  (br_if $row (local.tee $p (i32.sub (local.get $p) (i32.const 1))))))
              (else
                (loop $zero
                  (${t}.store (local.get $at) (${t}.const 0))
                  (local.set $at (i32.add (local.get $at) (i32.const ${nv * 16})))
                  (br_if $zero (local.tee $p (i32.sub (local.get $p) (i32.const 1)))))))
            (br_if $lane (i32.lt_u (local.tee $jj (i32.add (local.get $jj) (i32.const 1))) (i32.const ${nr}))))
          (local.set $dst (i32.add (local.get $dst) (i32.mul (local.get $k) (i32.const ${nv * 16}))))))
      (local.set $j (i32.add (local.get $j) (i32.const ${nr})))
      (br $panel))))
)`;
}

/**
 * Columns j..jend-1 of C (j a multiple of NR), row blocks in ascending order. Every tile stores whole:
 * a tile past the last row writes its extra rows after C (callers leave MR rows + NR elements of room),
 * and a tile past the last column writes its extra columns over the start of the following rows, which
 * are then written again, correctly: by the same panel's later rows (row blocks ascend), or by the full
 * panels, which the caller runs after the partial one (src/tensor/wasm/gemm.ts run()). This replaced
 * per-tile copies through a scratch area that made an n = 1 or 3 product cost more than an n = 8 one.
 */
function gemm({ t, mr, nv }: GemmSpec): string {
  const s = size(t);
  const nr = nv * lanes(t);
  return `(func (export "gemm_${t}") (param $m i32) (param $n i32) (param $k i32) (param $ap i32) (param $bp i32) (param $c i32) (param $j i32) (param $jend i32) (param $bias i32) (param $relu i32)
  (local $i i32) (local $bj i32) (local $panel i32) (local $ldc i32)
  (local.set $ldc (i32.mul (local.get $n) (i32.const ${s})))
  (block $cols_done
    (loop $cols
      (br_if $cols_done (i32.ge_u (local.get $j) (local.get $jend)))
      ;; panel j/NR starts at (j/NR) * k * NR elements = j * k elements
      (local.set $panel (i32.add (local.get $bp) (i32.mul (i32.mul (local.get $j) (local.get $k)) (i32.const ${s}))))
      (local.set $bj (select (i32.add (local.get $bias) (i32.mul (local.get $j) (i32.const ${s}))) (i32.const 0) (local.get $bias)))
      (local.set $i (i32.const 0))
      (block $rows_done
        (loop $rows
          (br_if $rows_done (i32.ge_u (local.get $i) (local.get $m)))
          (call $tile_${t} (i32.add (local.get $ap) (i32.mul (i32.mul (local.get $i) (local.get $k)) (i32.const ${s}))) (local.get $panel) (local.get $k)
            (i32.add (local.get $c) (i32.mul (i32.add (i32.mul (local.get $i) (local.get $n)) (local.get $j)) (i32.const ${s}))) (local.get $ldc) (local.get $bj) (local.get $relu))
          (local.set $i (i32.add (local.get $i) (i32.const ${mr})))
          (br $rows)))
      (local.set $j (i32.add (local.get $j) (i32.const ${nr})))
      (br $cols)))
)`;
}

/**
 * The module text. `shared`: the memory is imported and shared, for the Node worker threads
 * (src/node/threads.ts) that run one product together; browsers without cross-origin isolation cannot
 * use shared memory, so the core's module owns an ordinary one.
 */
/** ReLU's backward pass, out = z > 0 ? g : 0, over `count` elements (vectors, then a scalar tail). */
function reluBackward({ t }: GemmSpec): string {
  const s = size(t);
  const v = `${t}x${lanes(t)}`;
  return `(func (export "relu_backward_${t}") (param $z i32) (param $g i32) (param $out i32) (param $count i32)
  (local $i i32) (local $vend i32) (local $end i32)
  (local.set $end (i32.mul (local.get $count) (i32.const ${s})))
  (local.set $vend (i32.and (local.get $end) (i32.const -16)))
  (block $vdone (loop $vec
    (br_if $vdone (i32.ge_u (local.get $i) (local.get $vend)))
    (v128.store (i32.add (local.get $out) (local.get $i))
      (v128.and (v128.load (i32.add (local.get $g) (local.get $i)))
        (${v}.gt (v128.load (i32.add (local.get $z) (local.get $i))) (v128.const i32x4 0 0 0 0))))
    (local.set $i (i32.add (local.get $i) (i32.const 16)))
    (br $vec)))
  (block $done (loop $tail
    (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
    (${t}.store (i32.add (local.get $out) (local.get $i))
      (select (${t}.load (i32.add (local.get $g) (local.get $i))) (${t}.const 0)
        (${t}.gt (${t}.load (i32.add (local.get $z) (local.get $i))) (${t}.const 0))))
    (local.set $i (i32.add (local.get $i) (i32.const ${s})))
    (br $tail)))
)`;
}

/**
 * Gradient descent's update, w = w - alpha * g, over `count` elements, rounded exactly as the TypeScript
 * loop rounds it: float64 in f64x2 vectors (the same two roundings); float32 in double precision and
 * rounded once to float32, as JavaScript does with a Float32Array element (so the bits match).
 */
function subScaled({ t }: GemmSpec): string {
  const s = size(t);
  const vector =
    t === "f64"
      ? `(local.set $vend (i32.and (local.get $end) (i32.const -16)))
  (local.set $va (f64x2.splat (local.get $alpha)))
  (block $vdone (loop $vec
    (br_if $vdone (i32.ge_u (local.get $i) (local.get $vend)))
    (v128.store (i32.add (local.get $w) (local.get $i))
      (f64x2.sub (v128.load (i32.add (local.get $w) (local.get $i)))
        (f64x2.mul (local.get $va) (v128.load (i32.add (local.get $g) (local.get $i))))))
    (local.set $i (i32.add (local.get $i) (i32.const 16)))
    (br $vec)))`
      : "";
  const scalar =
    t === "f64"
      ? `(f64.sub (f64.load (i32.add (local.get $w) (local.get $i))) (f64.mul (local.get $alpha) (f64.load (i32.add (local.get $g) (local.get $i)))))`
      : `(f32.demote_f64 (f64.sub (f64.promote_f32 (f32.load (i32.add (local.get $w) (local.get $i))))
        (f64.mul (local.get $alpha) (f64.promote_f32 (f32.load (i32.add (local.get $g) (local.get $i)))))))`;
  return `(func (export "sub_scaled_${t}") (param $w i32) (param $g i32) (param $count i32) (param $alpha f64)
  (local $i i32) (local $vend i32) (local $end i32) (local $va v128)
  (local.set $end (i32.mul (local.get $count) (i32.const ${s})))
  ${vector}
  (block $done (loop $tail
    (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
    (${t}.store (i32.add (local.get $w) (local.get $i)) ${scalar})
    (local.set $i (i32.add (local.get $i) (i32.const ${s})))
    (br $tail)))
)`;
}

export function gemmWat(shape: Omit<GemmSpec, "t"> = TILE, shared = false, fused = false, fusedF32Shape: Omit<GemmSpec, "t"> = FUSED_F32_TILE): string {
  const memory = shared ? '  (import "env" "memory" (memory 1 16384 shared))' : '  (memory (export "memory") 1)';
  const parts = ["(module", memory];
  for (const t of ["f32", "f64"] as const) {
    const isFused = (fused || shape.fused) && t === "f32";
    const spec = { t, ...(isFused ? fusedF32Shape : shape), fused: isFused };
    // constants the JavaScript side reads, so both agree on the packed layouts
    parts.push(`  (global (export "tile_rows_${t}") i32 (i32.const ${spec.mr})) (global (export "tile_vectors_${t}") i32 (i32.const ${spec.nv}))`);
    parts.push(tile(spec), packA(spec), pack(spec), gemm(spec), reluBackward(spec), subScaled(spec));
  }
  parts.push(")");
  return parts.join("\n");
}

/**
 * A module with only the register tile and the packed product for `spec` (no packing, any MR): for
 * bench/browser-tiles.ts, which times tile shapes against each other on already-packed operands.
 */
export function gemmKernelWat(spec: GemmSpec): string {
  return ["(module", '  (memory (export "memory") 1)', tile(spec), gemm(spec), ")"].join("\n");
}
