/**
 * The built-in generators' size and noise when a spec leaves them out, so that the form shows what trains
 * (the Examples field was blank while circles trained 300). The library keeps them inside each generator;
 * test/playground/form-rules.test.ts checks these against it, bit for bit.
 */
export const GENERATOR_DEFAULTS: Readonly<Record<string, { n: number; noise: number }>> = {
  circles: { n: 300, noise: 0.05 },
  moons: { n: 300, noise: 0.1 },
  spirals: { n: 300, noise: 0.05 },
  flower: { n: 400, noise: 0 },
  xor: { n: 300, noise: 0.05 },
  blobs: { n: 300, noise: 0.6 },
  football: { n: 211, noise: 0 },
  gauss: { n: 300, noise: 1 },
  plane: { n: 300, noise: 0 },
  "gauss-mixture": { n: 300, noise: 0 },
};

/**
 * The Examples and Noise fields for a spec's data: the spec's value, or blank with the default that
 * trains as the placeholder ("300 (default)"); null for data that is not a generator's (a CSV file, a
 * real data set), where the fields do not apply.
 */
export function dataFields(data: Readonly<{ source: string; n?: number; noise?: number }>): { n: Field; noise: Field } | null {
  const defaults = Object.prototype.hasOwnProperty.call(GENERATOR_DEFAULTS, data.source) ? GENERATOR_DEFAULTS[data.source]! : null;
  if (!defaults) return null;
  const field = (value: number | undefined, fallback: number): Field => ({ value: value === undefined ? "" : String(value), placeholder: `${fallback} (default)` });
  return { n: field(data.n, defaults.n), noise: field(data.noise, defaults.noise) };
}

export interface Field {
  value: string;
  placeholder: string;
}
