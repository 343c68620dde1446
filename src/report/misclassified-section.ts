/** The report's gallery of misclassified images: what the model got wrong, to look at, not just count. */
import { escapeHtml } from "./escape.js";
import { imageDataUri } from "./image-uri.js";
import type { MisclassifiedImages } from "./run-report.js";

export const MISCLASSIFIED_CAPTION =
  "The examples the model was most sure of and still got wrong, with the true class and the predicted one (and the probability the model gave it). Wrong labels in the data, classes that look alike, or a pattern the model has not learned show here long before they show in a figure.";

export function misclassifiedSection(m: MisclassifiedImages | undefined): string {
  if (!m || m.shown.length === 0) return "";
  const tiles = m.shown.map((e) => {
    const text = `true ${e.label}, predicted ${e.predicted} (p = ${e.confidence.toFixed(2)})`;
    const src = imageDataUri({ height: m.height, width: m.width, channels: m.channels, pixels: e.pixels });
    return `<figure><img src="${src}" width="${m.width}" height="${m.height}" alt="${escapeHtml(`Example ${e.row} of the ${m.set} set: ${text}`)}"><figcaption>${escapeHtml(text)}</figcaption></figure>`;
  });
  const share = `${m.wrong} of ${m.examples} ${m.set} examples misclassified; the ${m.shown.length} most confidently wrong:`;
  return `<section><h2>Misclassified examples</h2><p>${escapeHtml(share)}</p><div class="gallery">${tiles.join("")}</div><p>${escapeHtml(MISCLASSIFIED_CAPTION)}</p></section>`;
}
