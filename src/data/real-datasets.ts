/**
 * Real data sets built in (data/sets/README.md: origin, attribution, licence): small UCI tables, each a
 * generated module (src/data/sets/) imported only when a spec names it, so that a page that never asks
 * for one does not load it. Browser-safe: no file system, no fetch.
 */
import { Tensor } from "../tensor/tensor.js";
import type { Dataset } from "./dataset.js";

interface SetModule {
  featureNames: string[];
  labelName: string;
  classes: Array<string | number>;
  rows: number;
  encoding: "chars" | "csv";
  values: string;
  labels: string;
}

/** The built-in real sets by `data.source` name, with what each is. */
export const realDatasets = {
  iris: { about: "Fisher's iris flowers: 150 examples, 4 measurements, 3 species", load: () => import("./sets/iris.js") as Promise<SetModule> },
  wine: { about: "wine from three Italian cultivars: 178 examples, 13 chemical measurements, 3 classes", load: () => import("./sets/wine.js") as Promise<SetModule> },
  "breast-cancer": {
    about: "breast cancer Wisconsin (diagnostic): 569 examples, 30 cell-nucleus features, benign or malignant",
    load: () => import("./sets/breast-cancer.js") as Promise<SetModule>,
  },
  digits: { about: "optical handwritten digits: 1797 images 8x8 (pixel counts 0..16), 10 classes", load: () => import("./sets/digits.js") as Promise<SetModule> },
} as const;

export type RealDatasetName = keyof typeof realDatasets;

/** Image shapes of the sets that are images (for augmentation and reports). */
export const realDatasetImageShapes: Partial<Record<RealDatasetName, { height: number; width: number }>> = { digits: { height: 8, width: 8 } };

export function isRealDataset(name: string): name is RealDatasetName {
  return Object.prototype.hasOwnProperty.call(realDatasets, name);
}

/** A built-in real set as a Dataset (float64; ids are the rows' positions in data/sets/<name>.csv). */
export async function loadRealDataset(name: RealDatasetName): Promise<Dataset> {
  const set = await realDatasets[name].load();
  const cols = set.featureNames.length;
  const x = Tensor.zeros(set.rows, cols, "float64");
  if (set.encoding === "chars") {
    for (let i = 0; i < x.data.length; i++) x.data[i] = set.values.charCodeAt(i) - 48;
  } else {
    let at = 0;
    let i = 0;
    while (i < x.data.length) {
      let end = set.values.indexOf(",", at);
      if (end < 0) end = set.values.length;
      x.data[i++] = Number(set.values.slice(at, end));
      at = end + 1;
    }
  }
  const y = Tensor.zeros(set.rows, 1, "float64");
  for (let i = 0; i < set.rows; i++) y.data[i] = set.labels.charCodeAt(i) - 48;
  return {
    x,
    y,
    featureNames: [...set.featureNames],
    labelName: set.labelName,
    task: set.classes.length <= 2 ? "binary" : "multiclass",
    classes: [...set.classes],
    ids: Int32Array.from({ length: set.rows }, (_, i) => i),
    ...(realDatasetImageShapes[name] ? { image: { ...realDatasetImageShapes[name]!, channels: 1 } } : {}),
  };
}
