/**
 * The CSV reader: a chosen or dropped-in CSV file decoded and read (readCsvBytes) off the page's main
 * thread, which a 75 MB file froze for 7-12 s (no paint, no input). The page sends the File itself (a
 * handle: nothing is copied) and gets back the outcome, with the text only when the file reads. (Decoding
 * on the page and posting the text here cost the page ~200 ms for 75 MB; taking the text back, ~70 ms.)
 */
import { type CsvOutcome, type CsvReadAnswer, type CsvReadRequest, readCsvBytes } from "./csv-input.js";

interface WorkerScope {
  postMessage(message: CsvReadAnswer): void;
  onmessage: ((event: MessageEvent<CsvReadRequest>) => void) | null;
}
const scope = self as unknown as WorkerScope;

scope.onmessage = async (event) => {
  const { id, file, spec, drop } = event.data;
  let outcome: CsvOutcome;
  try {
    outcome = readCsvBytes(new Uint8Array(await file.arrayBuffer()), file.name, spec, { drop });
  } catch (error) {
    // the bytes could not be read (the file changed or went away since it was chosen)
    outcome = { ok: false, canDrop: false, message: `Could not read ${file.name}: ${error instanceof Error ? error.message : String(error)}` };
  }
  scope.postMessage({ id, outcome });
};
