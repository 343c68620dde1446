/**
 * Generates the WebAssembly text of nnlab's matrix-product kernels, one set per element type.
 * Run by scripts/wasm/build.ts; the assembled bytes are committed as src/tensor/wasm/gemm-bytes.ts so that
 * a fresh clone (and a browser) needs no build step. The text is generated, not hand-written, because the
 * register tile is unrolled MR rows deep and the float32 and float64 versions differ only in lane width.
 *
 * Memory contract (byte addresses, set up by src/tensor/wasm/gemm.ts):
 *   [0, 256)  scratch for partial edge tiles
 *   pack_T(b, rs, cs, k, n, dst)    copies B(p, j) = mem[b + p*rs + j*cs] into column panels NR wide:
 *                                   panel q holds rows p = 0..k-1 of columns q*NR..q*NR+NR-1 contiguously,
 *                                   zero-padded past n. One routine packs B and B^T (strides differ).
 *   gemm_T(m, n, k, a, rs, cs, bp, c)  C[m, n] (row-major, contiguous) = A * packed B, where
 *                                   A(i, p) = mem[a + i*rs + p*cs]: A*B and A^T*B are the same kernel.
 * Each C element is summed over p = 0..k-1 in order, one rounding per multiply and per add (no FMA), so
 * float64 results equal the plain triple loop's bit for bit, on every engine.
 * A is read up to MR-1 rows past m (results discarded): the caller leaves that much slack.
 */
export interface GemmSpec {
  t: "f32" | "f64";
  /** Rows of the register tile. */
  mr: number;
}

export const MR = 4;

function lanes(t: GemmSpec["t"]): number {
  return t === "f32" ? 4 : 2;
}

function size(t: GemmSpec["t"]): number {
  return t === "f32" ? 4 : 8;
}

/** The register tile: MR rows x 2 vectors of C, accumulated over all of k. */
function tile({ t, mr }: GemmSpec): string {
  const v = `${t}x${lanes(t)}`;
  const rows = [...Array(mr).keys()];
  const L: string[] = [];
  L.push(`(func $tile_${t} (param $a i32) (param $rs i32) (param $cs i32) (param $b i32) (param $k i32) (param $c i32) (param $ldc i32)`);
  L.push(`  ${rows.map((r) => `(local $a${r} i32)`).join(" ")}`);
  L.push(`  ${rows.map((r) => `(local $c${r}0 v128) (local $c${r}1 v128)`).join(" ")}`);
  L.push(`  (local $b0 v128) (local $b1 v128) (local $x v128)`);
  L.push(`  (local.set $a0 (local.get $a))`);
  for (const r of rows.slice(1)) L.push(`  (local.set $a${r} (i32.add (local.get $a${r - 1}) (local.get $rs)))`);
  L.push(`  (block $done (br_if $done (i32.eqz (local.get $k)))`);
  L.push(`    (loop $next`);
  L.push(`      (local.set $b0 (v128.load (local.get $b)))`);
  L.push(`      (local.set $b1 (v128.load offset=16 (local.get $b)))`);
  for (const r of rows) {
    L.push(`      (local.set $x (${v}.splat (${t}.load (local.get $a${r}))))`);
    L.push(`      (local.set $c${r}0 (${v}.add (local.get $c${r}0) (${v}.mul (local.get $x) (local.get $b0))))`);
    L.push(`      (local.set $c${r}1 (${v}.add (local.get $c${r}1) (${v}.mul (local.get $x) (local.get $b1))))`);
    L.push(`      (local.set $a${r} (i32.add (local.get $a${r}) (local.get $cs)))`);
  }
  L.push(`      (local.set $b (i32.add (local.get $b) (i32.const 32)))`);
  L.push(`      (br_if $next (local.tee $k (i32.sub (local.get $k) (i32.const 1))))))`);
  for (const r of rows) {
    L.push(`  (v128.store (local.get $c) (local.get $c${r}0))`);
    L.push(`  (v128.store offset=16 (local.get $c) (local.get $c${r}1))`);
    if (r < mr - 1) L.push(`  (local.set $c (i32.add (local.get $c) (local.get $ldc)))`);
  }
  L.push(`)`);
  return L.join("\n");
}

/** Copies the valid rows x cols of a tile from the scratch area into C. */
function edge({ t }: GemmSpec): string {
  const s = size(t);
  const nr = 2 * lanes(t);
  return `(func $edge_${t} (param $c i32) (param $ldc i32) (param $rows i32) (param $cols i32)
  (local $r i32) (local $j i32) (local $src i32)
  (loop $row
    (local.set $j (i32.const 0))
    (local.set $src (i32.mul (local.get $r) (i32.const ${nr * s})))
    (loop $col
      (${t}.store (i32.add (local.get $c) (i32.mul (local.get $j) (i32.const ${s})))
        (${t}.load (i32.add (local.get $src) (i32.mul (local.get $j) (i32.const ${s})))))
      (br_if $col (i32.lt_u (local.tee $j (i32.add (local.get $j) (i32.const 1))) (local.get $cols))))
    (local.set $c (i32.add (local.get $c) (local.get $ldc)))
    (br_if $row (i32.lt_u (local.tee $r (i32.add (local.get $r) (i32.const 1))) (local.get $rows))))
)`;
}

function pack({ t }: GemmSpec): string {
  const s = size(t);
  const nr = 2 * lanes(t);
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
            (v128.store (local.get $dst) (v128.load (local.get $src)))
            (v128.store offset=16 (local.get $dst) (v128.load offset=16 (local.get $src)))
            (local.set $src (i32.add (local.get $src) (local.get $rs)))
            (local.set $dst (i32.add (local.get $dst) (i32.const 32)))
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
                  (local.set $at (i32.add (local.get $at) (i32.const 32)))
                  (br_if $row (local.tee $p (i32.sub (local.get $p) (i32.const 1))))))
              (else
                (loop $zero
                  (${t}.store (local.get $at) (${t}.const 0))
                  (local.set $at (i32.add (local.get $at) (i32.const 32)))
                  (br_if $zero (local.tee $p (i32.sub (local.get $p) (i32.const 1)))))))
            (br_if $lane (i32.lt_u (local.tee $jj (i32.add (local.get $jj) (i32.const 1))) (i32.const ${nr}))))
          (local.set $dst (i32.add (local.get $dst) (i32.mul (local.get $k) (i32.const 32))))))
      (local.set $j (i32.add (local.get $j) (i32.const ${nr})))
      (br $panel))))
)`;
}

function gemm({ t, mr }: GemmSpec): string {
  const s = size(t);
  const nr = 2 * lanes(t);
  return `(func (export "gemm_${t}") (param $m i32) (param $n i32) (param $k i32) (param $a i32) (param $rs i32) (param $cs i32) (param $bp i32) (param $c i32)
  (local $i i32) (local $j i32) (local $panel i32) (local $ldc i32) (local $cij i32) (local $ai i32)
  (local.set $ldc (i32.mul (local.get $n) (i32.const ${s})))
  (block $cols_done
    (loop $cols
      (br_if $cols_done (i32.ge_u (local.get $j) (local.get $n)))
      ;; panel j/NR starts at (j/NR) * k * NR elements = j * k elements
      (local.set $panel (i32.add (local.get $bp) (i32.mul (i32.mul (local.get $j) (local.get $k)) (i32.const ${s}))))
      (local.set $i (i32.const 0))
      (block $rows_done
        (loop $rows
          (br_if $rows_done (i32.ge_u (local.get $i) (local.get $m)))
          (local.set $cij (i32.add (local.get $c) (i32.mul (i32.add (i32.mul (local.get $i) (local.get $n)) (local.get $j)) (i32.const ${s}))))
          (local.set $ai (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $rs))))
          (if (i32.and (i32.le_u (i32.add (local.get $i) (i32.const ${mr})) (local.get $m)) (i32.le_u (i32.add (local.get $j) (i32.const ${nr})) (local.get $n)))
            (then (call $tile_${t} (local.get $ai) (local.get $rs) (local.get $cs) (local.get $panel) (local.get $k) (local.get $cij) (local.get $ldc)))
            (else
              (call $tile_${t} (local.get $ai) (local.get $rs) (local.get $cs) (local.get $panel) (local.get $k) (i32.const 0) (i32.const ${nr * s}))
              (call $edge_${t} (local.get $cij) (local.get $ldc)
                (select (i32.const ${mr}) (i32.sub (local.get $m) (local.get $i)) (i32.le_u (i32.add (local.get $i) (i32.const ${mr})) (local.get $m)))
                (select (i32.const ${nr}) (i32.sub (local.get $n) (local.get $j)) (i32.le_u (i32.add (local.get $j) (i32.const ${nr})) (local.get $n))))))
          (local.set $i (i32.add (local.get $i) (i32.const ${mr})))
          (br $rows)))
      (local.set $j (i32.add (local.get $j) (i32.const ${nr})))
      (br $cols)))
)`;
}

export function gemmWat(mr = MR): string {
  const parts = ["(module", '  (memory (export "memory") 1)'];
  for (const t of ["f32", "f64"] as const) {
    const spec = { t, mr };
    parts.push(tile(spec), edge(spec), pack(spec), gemm(spec));
  }
  parts.push(")");
  return parts.join("\n");
}
