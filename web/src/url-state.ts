import { checkedSpec, copySpec, DEFAULT_SPEC, type HiddenLayer, type Spec } from "./page-spec.js";
import { builtInDatasets, experimentSpec, parseSpec, plainExpectation } from "../../src/index.js";

/**
 * The spec <-> the URL's query, with short keys, so a link reproduces a run. A field at the spec's own
 * default (parseSpec's, not the page's) is left out: a query is read like a spec file, every missing
 * field taking the spec's default, so a link keeps its meaning when the page's starting spec changes.
 * Hidden layers are lists, one entry per layer (`layers=8,8&act=tanh`); a list with one entry applies to
 * every layer, and an empty entry leaves that layer's field unset.
 */
const SPEC_DEFAULTS: Spec = parseSpec({}, "defaults");

/** Top-level and nested scalars: query key, and the spec path it holds. */
const SCALARS: ReadonlyArray<readonly [string, string]> = [
  ["name", "name"],
  ["seed", "seed"],
  ["data", "data.source"],
  ["n", "data.n"],
  ["noise", "data.noise"],
  ["classes", "data.classes"],
  ["invalid", "data.onInvalidRow"],
  ["norm", "normalize"],
  ["normt", "normalizeTarget"],
  ["dtype", "model.dtype"],
  ["oinit", "model.output.init"],
  ["oscale", "model.output.initScale"],
  ["l2", "l2"],
  ["l1", "l1"],
  ["dropall", "dropout"],
  ["opt", "optimizer.name"],
  ["lr", "optimizer.learningRate"],
  ["mom", "optimizer.momentum"],
  ["b1", "optimizer.beta1"],
  ["b2", "optimizer.beta2"],
  ["wd", "optimizer.weightDecay"],
  ["epochs", "training.epochs"],
  ["batch", "training.batchSize"],
  ["diverge", "training.stopOnDivergence"],
  ["jitter", "augment.jitter"],
  ["base", "baselineError"],
];
/** Per-layer fields: query key, and the field of each hidden layer. */
const LAYER_FIELDS: ReadonlyArray<readonly [string, keyof HiddenLayer]> = [
  ["act", "activation"],
  ["init", "init"],
  ["scale", "initScale"],
  ["dropout", "dropout"],
  ["ll2", "l2"],
  ["ll1", "l1"],
];
/** Values given as JSON (column names may be numbers or text; class weights "balanced" or a list). */
const JSON_KEYS: ReadonlyArray<readonly [string, string]> = [
  ["label", "data.label"],
  ["features", "data.features"],
  ["cw", "classWeight"],
];

/**
 * The key that carries, as JSON, whatever else the spec holds that the keys above do not (a generator's
 * own seed, a CSV's task or delimiter, image augmentation, fields added later): a link reproduces the run
 * whatever its spec holds, where the keys alone dropped such fields without a word.
 */
const MORE = "more";

function get(object: unknown, path: string): unknown {
  return path.split(".").reduce<unknown>((o, k) => (o && typeof o === "object" ? (o as Record<string, unknown>)[k] : undefined), object);
}

function set(object: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split(".");
  let node = object;
  for (const key of keys.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
  node[keys.at(-1)!] = value;
}

const text = (v: unknown): string => (typeof v === "boolean" ? (v ? "1" : "0") : v === undefined ? "" : String(v));

export function specToQuery(spec: Readonly<Spec>): string {
  const q = new URLSearchParams();
  for (const [key, path] of SCALARS) {
    const value = get(spec, path);
    if (value !== undefined && (value !== get(SPEC_DEFAULTS, path) || key === "data")) q.set(key, text(value));
  }
  for (const [key, path] of JSON_KEYS) {
    const value = get(spec, path);
    if (value !== undefined) q.set(key, JSON.stringify(value));
  }
  const split = typeof spec.split === "object" && !Array.isArray(spec.split) ? spec.split.ratios : spec.split;
  if (split !== "auto") q.set("split", split.join("-"));
  // a split seed of its own (a test set fixed across seeds) is part of the run, so part of the link
  if (typeof spec.split === "object" && !Array.isArray(spec.split) && spec.split.seed !== undefined) q.set("splitseed", String(spec.split.seed));
  const es = spec.training.earlyStopping;
  if (es) {
    q.set("es", String(es.patience));
    if (es.minDelta !== 0) q.set("esdelta", String(es.minDelta));
    if (es.monitor !== "valLoss") q.set("esmon", es.monitor);
  }
  if (spec.data.inputFeatures) q.set("inputs", spec.data.inputFeatures.join(","));
  const hidden = spec.model.hidden;
  q.set("layers", hidden.length ? hidden.map((h) => h.units).join(",") : "none");
  for (const [key, field] of LAYER_FIELDS) {
    const values = hidden.map((h) => text(h[field]));
    if (values.every((v) => v === "")) continue;
    q.set(key, values.every((v) => v === values[0]) ? values[0]! : values.join(","));
  }
  const more = difference(spec, specFromQuery(q.toString()).spec);
  if (more) q.set(MORE, JSON.stringify(more));
  return q.toString();
}

/**
 * What `want` holds that `got` does not, as the part of `want` to merge into `got` (objects compared
 * field by field, anything else as a whole); null when they are the same.
 */
function difference(want: unknown, got: unknown): Record<string, unknown> | null {
  if (!want || typeof want !== "object" || Array.isArray(want)) return null;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(want)) {
    if (value === undefined) continue;
    const other = got && typeof got === "object" ? (got as Record<string, unknown>)[key] : undefined;
    if (value && typeof value === "object" && !Array.isArray(value) && other && typeof other === "object" && !Array.isArray(other)) {
      const inner = difference(value, other);
      if (inner) out[key] = inner;
    } else if (JSON.stringify(value) !== JSON.stringify(other)) out[key] = value;
  }
  return Object.keys(out).length ? out : null;
}

/** `patch` merged into `target` field by field (objects deeply, anything else replaced). */
function merge(target: Record<string, unknown>, patch: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(patch)) {
    const current = target[key];
    if (value && typeof value === "object" && !Array.isArray(value) && current && typeof current === "object" && !Array.isArray(current)) {
      merge(current as Record<string, unknown>, value as Record<string, unknown>);
    } else target[key] = value;
  }
}

/** A query value as the spec wants it: a number when it reads as one, else the text (so parseSpec quotes it). */
function value(raw: string, path: string): unknown {
  if (path === "normalize" || path === "normalizeTarget" || path === "training.stopOnDivergence") return raw === "1" ? true : raw === "0" ? false : raw;
  if (path === "training.batchSize" && raw === "full") return raw;
  const n = Number(raw);
  return raw.trim() !== "" && Number.isFinite(n) && !/^(name|data.source|data.onInvalidRow|model.dtype|optimizer.name|model.output.init|training.earlyStopping.monitor)$/.test(path) ? n : raw;
}

/**
 * The spec a query describes, checked by parseSpec. An empty query is the page's starting spec. A query
 * that does not make a valid spec opens the starting spec, with parseSpec's message (each field, what it
 * expected, what it got), so a mangled link still opens a working page; unknown keys are named.
 */
export function specFromQuery(query: string): { spec: Spec; problems: string[] } {
  const q = new URLSearchParams(query);
  if ([...q.keys()].length === 0) return { spec: copySpec(DEFAULT_SPEC), problems: [] };
  const raw: Record<string, unknown> = {};
  const known = new Set<string>(["split", "splitseed", "es", "esdelta", "esmon", "layers", "open", "inputs"]);
  for (const [key, path] of SCALARS) {
    known.add(key);
    const v = q.get(key);
    if (v !== null) set(raw, path, value(v, path));
  }
  const problems: string[] = [];
  for (const [key, path] of JSON_KEYS) {
    known.add(key);
    const v = q.get(key);
    if (v === null) continue;
    try {
      set(raw, path, JSON.parse(v));
    } catch {
      set(raw, path, v); // a bare column name
    }
  }
  const inputs = q.get("inputs");
  if (inputs !== null) set(raw, "data.inputFeatures", inputs.split(","));
  const split = q.get("split");
  const ratios = split === null || split === "auto" ? "auto" : split.split("-").map((p) => value(p, "split"));
  const splitSeed = q.get("splitseed");
  if (splitSeed !== null) set(raw, "split", { ratios, seed: value(splitSeed, "split") });
  else if (split !== null) set(raw, "split", ratios);
  const patience = q.get("es");
  const delta = q.get("esdelta");
  const monitor = q.get("esmon");
  if (patience !== null) {
    set(raw, "training.earlyStopping", { patience: value(patience, "es") });
    // a minDelta that is not a number failed the early-stopping union as a whole: refused here, it costs
    // only itself (esdelta=x dropped early stopping and its patience)
    const minDelta = delta === null ? undefined : value(delta, "es");
    if (typeof minDelta === "number") set(raw, "training.earlyStopping.minDelta", minDelta);
    else if (delta !== null) problems.push(`URL: training.earlyStopping.minDelta: expected a number; received ${JSON.stringify(delta)}; the default is used`);
    if (monitor !== null) set(raw, "training.earlyStopping.monitor", monitor);
  } else {
    for (const [key, v] of [["esdelta", delta], ["esmon", monitor]] as const) if (v !== null) problems.push(`URL: ${key} without es (early stopping is off); ignored`);
  }
  const layers = q.get("layers");
  const units = layers === null ? SPEC_DEFAULTS.model.hidden.map((h) => h.units) : layers === "none" ? [] : layers.split(",").map((u) => value(u, "units"));
  const hidden: Array<Record<string, unknown>> = units.map((u) => ({ units: u }));
  for (const [key, field] of LAYER_FIELDS) {
    known.add(key);
    const v = q.get(key);
    if (v === null) continue;
    const entries = v.split(",");
    if (entries.length !== 1 && entries.length !== hidden.length) {
      problems.push(`URL: ${key} has ${entries.length} entries for ${hidden.length} hidden layers; ignored`);
      continue;
    }
    hidden.forEach((layer, i) => {
      const entry = entries.length === 1 ? entries[0]! : entries[i]!;
      if (entry !== "") layer[field] = value(entry, field === "activation" || field === "init" ? "name" : field);
    });
  }
  if (layers !== null || hidden.some((h) => Object.keys(h).length > 1)) set(raw, "model.hidden", hidden);
  const more = q.get(MORE);
  if (more !== null) {
    known.add(MORE);
    let patch: unknown;
    try {
      patch = JSON.parse(more);
    } catch {
      patch = null;
    }
    if (patch && typeof patch === "object" && !Array.isArray(patch)) merge(raw, patch as Record<string, unknown>);
    else problems.push(`URL: ${MORE}: expected a JSON object of spec fields; received ${JSON.stringify(more.slice(0, 60))}; ignored`);
  }
  const seen = new Set<string>();
  for (const key of q.keys()) {
    if (!known.has(key)) problems.push(`URL: unknown key "${key}" ignored`);
    else if (!seen.has(key) && q.getAll(key).length > 1) {
      // a key given twice was read once (the first), and the second dropped without a word
      const values = q.getAll(key);
      problems.push(`URL: ${key} given ${values.length} times (${values.map((v) => JSON.stringify(v.slice(0, 30))).join(", ")}); the first is used`);
    }
    seen.add(key);
  }
  const source = get(raw, "data.source");
  // fashion-mnist: the page says it is read in Node only, as it did when the spec was opened
  if (typeof source === "string" && !builtInDatasets.includes(source) && source !== "fashion-mnist" && !source.toLowerCase().endsWith(".csv")) {
    problems.push(`URL: data: expected a built-in dataset (${builtInDatasets.join(", ")}) or a .csv file; received ${JSON.stringify(source)}; the default is used`);
    drop(raw, ["data", "source"]);
  }
  const checked = checkedSpec(raw, "URL");
  if (!("problem" in checked)) return { spec: checked.spec, problems };
  // Keep every valid value: drop only the rejected fields (each named), so the rest of the link still counts.
  const kept = withoutRejected(raw);
  if (kept) return { spec: kept.spec, problems: [...problems, ...kept.rejected] };
  return { spec: copySpec(DEFAULT_SPEC), problems: [...problems, checked.problem] };
}

/** Deletes the field at `path` (a missing one is no error); an array's element is cut out. Returns what went. */
function drop(object: Record<string, unknown>, path: ReadonlyArray<PropertyKey>): "field" | "element" {
  let node: unknown = object;
  for (const key of path.slice(0, -1)) node = node && typeof node === "object" ? (node as Record<PropertyKey, unknown>)[key] : undefined;
  const last = path.at(-1)!;
  if (Array.isArray(node) && typeof last === "number") {
    node.splice(last, 1);
    return "element";
  }
  if (node && typeof node === "object") delete (node as Record<PropertyKey, unknown>)[last];
  return "field";
}

/** "model.hidden[1].units", as parseSpec's messages write a path. */
const pathText = (path: ReadonlyArray<PropertyKey>) => path.map((k, i) => (typeof k === "number" ? `[${k}]` : `${i ? "." : ""}${String(k)}`)).join("");

/**
 * The spec without the fields the schema rejects, each said as "URL: <path>: <why>; the default is used";
 * null when dropping fields does not give a valid spec. A field whose removal does not help (a hidden
 * layer without its units) takes its parent with it.
 */
function withoutRejected(raw: Record<string, unknown>): { spec: Spec; rejected: string[] } | null {
  const rejected: string[] = [];
  const tried = new Set<string>();
  for (let attempt = 0; attempt < 12; attempt++) {
    const result = experimentSpec.safeParse(raw);
    if (result.success) {
      const checked = checkedSpec(raw, "URL");
      return "problem" in checked ? null : { spec: checked.spec, rejected };
    }
    // one issue at a time: cutting out an array element shifts the paths of the others
    const issue = result.error.issues[0]!;
    let path = [...issue.path];
    // A field whose removal did not help has no default (a layer's units): its parent goes instead, and
    // the message said for the field says so.
    let escalated = false;
    while (path.length > 1 && tried.has(pathText(path))) {
      path = path.slice(0, -1);
      escalated = true;
    }
    if (path.length === 0 || tried.has(pathText(path))) return null;
    tried.add(pathText(path));
    const received = get(raw, path.join("."));
    const dropped = drop(raw, path);
    const what = dropped === "element" ? `${pathText(path)} is left out` : "the default is used";
    if (escalated) {
      rejected[rejected.length - 1] = rejected.at(-1)!.replace(/; the default is used$/, `; ${what}`);
      continue;
    }
    const why = plainExpectation(issue.message).replace(/, received \w+$/, "");
    rejected.push(`URL: ${pathText(path)}: ${why}${received === undefined || typeof received === "object" ? "" : `; received ${JSON.stringify(received)}`}; ${what}`);
  }
  return null;
}
