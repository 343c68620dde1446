/** Small seeded data sets for tests, made here so no test depends on a file. */
import { Rng, Tensor } from "../../src/index.js";

/** Two noisy classes on either side of a circle of radius 0.7 in [-1, 1]^2; `flip` labels flipped at random. */
export function noisyCircle(n: number, seed: number, flip = 0): { x: Tensor; y: Tensor } {
  const rng = new Rng(seed);
  const x = Tensor.zeros(n, 2, "float64");
  const y = Tensor.zeros(n, 1, "float64");
  for (let i = 0; i < n; i++) {
    const a = rng.uniformIn(-1, 1);
    const b = rng.uniformIn(-1, 1);
    x.set(i, 0, a);
    x.set(i, 1, b);
    const inside = a * a + b * b < 0.49 ? 1 : 0;
    y.data[i] = rng.uniform() < flip ? 1 - inside : inside;
  }
  return { x, y };
}
