/**
 * A trial's data when it travels with the trial (a queue job to another machine) instead of being read
 * from a file there: the CSV text of `data.source` (and of `data.test`), parsed on arrival with the
 * spec's columns. Parsing the text gives the same data, bit for bit, as reading the file.
 */
import { csvTextLoader, type DataLoader } from "../../experiment/data-source.js";

export interface ShippedData {
  /** `data.source`'s text; `name` (the path on the sweep's machine) is used in messages. */
  source: { name: string; text: string };
  /** `data.test`'s text, when the spec has a test file. */
  test?: { name: string; text: string };
}

/** The loader for shipped data. */
export function shippedDataLoader(data: ShippedData): DataLoader {
  return csvTextLoader(data.source.text, data.source.name, data.test ? { test: data.test } : {});
}
