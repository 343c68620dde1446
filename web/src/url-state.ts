import {
  ACTIVATIONS,
  copySettings,
  DATASETS,
  DEFAULTS,
  INITS,
  OPTIMIZERS,
  type Settings,
  settingsProblems,
} from "./settings.js";

/**
 * Settings <-> URL query. Every key is written (not only those that differ from the defaults), so a
 * shared link keeps its meaning if the defaults change later.
 */
export function settingsToQuery(s: Settings): string {
  const q = new URLSearchParams();
  q.set("data", s.dataset);
  q.set("noise", String(s.noise));
  q.set("n", String(s.size));
  q.set("split", s.split === "auto" ? "auto" : s.split.join("-"));
  q.set("norm", s.normalize ? "1" : "0");
  q.set("layers", s.hidden.length ? s.hidden.join(",") : "none");
  q.set("act", s.activation);
  q.set("init", s.init);
  q.set("scale", String(s.initScale));
  q.set("l2", String(s.l2));
  q.set("l1", String(s.l1));
  q.set("dropout", s.dropout.length ? s.dropout.join(",") : "none");
  q.set("lr", String(s.learningRate));
  q.set("opt", s.optimizer);
  q.set("batch", String(s.batchSize));
  q.set("es", s.earlyStopping ? "1" : "0");
  q.set("patience", String(s.patience));
  q.set("seed", String(s.seed));
  return q.toString();
}

/**
 * Settings from a URL query: unknown keys are ignored, and a value that cannot be used leaves the
 * default in place and is reported, so a mangled link still opens a working page.
 */
export function settingsFromQuery(query: string): { settings: Settings; problems: string[] } {
  const q = new URLSearchParams(query);
  const s = copySettings(DEFAULTS);
  const problems: string[] = [];
  const bad = (key: string, value: string) => problems.push(`ignored ${key}=${JSON.stringify(value)} from the URL`);
  const number = (key: string, apply: (v: number) => void) => {
    const raw = q.get(key);
    if (raw === null) return;
    const v = Number(raw);
    if (raw.trim() === "" || !Number.isFinite(v)) bad(key, raw);
    else apply(v);
  };
  const choice = <T extends string>(key: string, options: readonly T[], apply: (v: T) => void) => {
    const raw = q.get(key);
    if (raw === null) return;
    if ((options as readonly string[]).includes(raw)) apply(raw as T);
    else bad(key, raw);
  };
  const list = (raw: string): number[] | null => {
    if (raw === "none") return [];
    const values = raw.split(",").map(Number);
    return raw.trim() !== "" && values.every(Number.isFinite) ? values : null;
  };

  choice("data", DATASETS, (v) => (s.dataset = v));
  number("noise", (v) => (s.noise = v));
  number("n", (v) => (s.size = v));
  const split = q.get("split");
  if (split !== null) {
    const parts = split.split("-").map(Number);
    if (split === "auto") s.split = "auto";
    else if (parts.length === 3 && parts.every(Number.isFinite)) s.split = parts as [number, number, number];
    else bad("split", split);
  }
  choice("norm", ["0", "1"], (v) => (s.normalize = v === "1"));
  const layers = q.get("layers");
  if (layers !== null) {
    const units = list(layers);
    if (units) {
      s.hidden = units;
      s.dropout = units.map(() => 0);
    } else bad("layers", layers);
  }
  const dropout = q.get("dropout");
  if (dropout !== null) {
    const rates = list(dropout);
    if (rates && rates.length === s.hidden.length) s.dropout = rates;
    else bad("dropout", dropout);
  }
  choice("act", ACTIVATIONS, (v) => (s.activation = v));
  choice("init", INITS, (v) => (s.init = v));
  number("scale", (v) => (s.initScale = v));
  number("l2", (v) => (s.l2 = v));
  number("l1", (v) => (s.l1 = v));
  number("lr", (v) => (s.learningRate = v));
  choice("opt", OPTIMIZERS, (v) => (s.optimizer = v));
  const batch = q.get("batch");
  if (batch !== null) {
    if (batch === "full") s.batchSize = "full";
    else number("batch", (v) => (s.batchSize = v));
  }
  choice("es", ["0", "1"], (v) => (s.earlyStopping = v === "1"));
  number("patience", (v) => (s.patience = v));
  number("seed", (v) => (s.seed = v));

  // Values of the right type but out of range: fall back to the defaults as a whole rather than
  // guess which knob to repair.
  const invalid = settingsProblems(s);
  if (invalid.length > 0) return { settings: copySettings(DEFAULTS), problems: [...problems, ...invalid.map((p) => `URL: ${p}`)] };
  return { settings: s, problems };
}
