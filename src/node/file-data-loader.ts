import { basename, dirname, isAbsolute, resolve } from "node:path";
import { csvOptionsFor, csvSourceText, type DataLoader, refuseGeneratorKnobs } from "../experiment/data-source.js";
import { builtInDatasets } from "../experiment/spec.js";
import { NnlabError } from "../errors.js";
import { loadCsvFile } from "./data-file.js";
import { loadFashionMnist, loadIdxDataset } from "./idx-file.js";
import type { LoadProgress } from "./load-csv.js";

export interface FileDataLoaderOptions {
  /** The spec file's path: a relative `data.source` is read from its folder (default: the working folder). */
  specPath?: string;
  /** Called while a file loads (see loadCsv), given the file's name. */
  onProgress?: (name: string) => ((progress: LoadProgress) => void) | undefined;
  /** Where "fashion-mnist" is read from (default: Debian's dataset-fashion-mnist folder). */
  fashionMnistDir?: string;
  /** What a CSV's bad row says to do (default: the spec's data.onInvalidRow); a command that reads a CSV without a spec names its own flag. */
  invalidRowHint?: string;
}

/** IDX files by their usual names: train-images-idx3-ubyte(.gz), *.idx, *.idx3(.gz). */
const IDX_NAME = /(-ubyte|\.idx\d?)(\.gz)?$/i;

/**
 * The Node DataLoader: reads a spec's CSV `data.source` (relative to the spec's folder), streamed into
 * typed arrays of the model's dtype, with every way the file can fail said in one line that names it; an
 * IDX image file with its `data.labels`; or "fashion-mnist" from Debian's dataset-fashion-mnist package.
 */
export function fileDataLoader(options: FileDataLoaderOptions = {}): DataLoader {
  return async (spec) => {
    const source = spec.data.source;
    const at = (file: string) => (isAbsolute(file) || !options.specPath ? file : resolve(dirname(options.specPath), file));
    if (source === "fashion-mnist") {
      const data = await loadFashionMnist({ dir: options.fashionMnistDir, dtype: spec.model.dtype, trainRows: spec.data.n });
      return { data, source: `Fashion-MNIST from Debian's dataset-fashion-mnist (${data.x.rows - 10_000} training images, the 10000 official test images as the test set)`, dropped: 0, name: "fashion-mnist" };
    }
    if (spec.data.labels !== undefined || IDX_NAME.test(source)) {
      if (spec.data.labels === undefined) {
        throw new NnlabError(`data.labels: expected the labels' IDX file for the IDX images ${JSON.stringify(source)}; received nothing`);
      }
      refuseGeneratorKnobs(spec);
      const data = await loadIdxDataset(at(source), at(spec.data.labels), { dtype: spec.model.dtype });
      return { data, source: `${at(source)} with labels ${at(spec.data.labels)} (${data.x.rows} images)`, dropped: 0, name: at(source) };
    }
    if (!source.toLowerCase().endsWith(".csv")) {
      throw new NnlabError(
        `data.source: expected a built-in dataset (${[...builtInDatasets, "fashion-mnist"].join(", ")}), a .csv file or an IDX image file (with data.labels); received ${JSON.stringify(source)}`,
      );
    }
    const path = at(source);
    const result = await loadCsvFile(path, { ...csvOptionsFor(spec, path), ...(options.invalidRowHint ? { invalidRowHint: options.invalidRowHint } : {}), onProgress: options.onProgress?.(basename(path)) });
    return { data: result.data, source: csvSourceText(path, result.data, result.summary, spec), dropped: result.summary.dropped, name: path };
  };
}
