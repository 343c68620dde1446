/** Issue 13: the report shows a few misclassified images (digits, 8x8), the most confidently wrong first. */
import { describe, expect, it } from "vitest";
import { experimentReport, misclassifiedImages, parseSpec, renderReport, runExperiment } from "../../src/index.js";

describe("misclassified images in the report", () => {
  it("picks the test set's wrong predictions, most confident first, with the image's own pixels", async () => {
    // A deliberately weak model (4 units, 3 epochs) so that there are mistakes to show.
    const spec = parseSpec({
      data: { source: "digits" },
      split: { ratios: "auto", seed: 0 },
      model: { hidden: [{ units: 4, activation: "relu" }] },
      optimizer: { name: "adam", learningRate: 0.01 },
      training: { epochs: 3, batchSize: 64 },
    });
    const result = await runExperiment(spec, { recordFlow: false });
    const test = result.split.test;
    const shown = misclassifiedImages(result.model, test, "test", 5)!;
    const probabilities = result.model.predict(test.x);
    const classes = result.model.classify(test.x);
    const wrongRows = classes.map((c, r) => (c === test.y.data[r] ? -1 : r)).filter((r) => r >= 0);
    expect(wrongRows.length).toBeGreaterThan(5);
    expect(shown.wrong).toBe(wrongRows.length);
    expect(shown.examples).toBe(test.x.rows);
    expect([shown.height, shown.width, shown.channels]).toEqual([8, 8, 1]);
    expect(shown.shown).toHaveLength(5);
    // The five shown are the five highest top probabilities among the wrong rows, in that order.
    const top = (r: number) => Math.max(...Array.from(probabilities.data.subarray(r * 10, r * 10 + 10)));
    const expected = [...wrongRows].sort((a, b) => top(b) - top(a)).slice(0, 5);
    expect(shown.shown.map((e) => e.confidence)).toEqual(expected.map(top));
    shown.shown.forEach((e, i) => {
      const r = expected[i]!;
      expect(e.row).toBe(test.ids[r]);
      expect(e.predicted).toBe(String(classes[r]));
      expect(e.label).toBe(String(test.y.data[r]));
      expect(e.label).not.toBe(e.predicted);
      expect(e.pixels).toEqual(Array.from(test.x.data.subarray(r * 64, r * 64 + 64)));
    });

    const html = renderReport(experimentReport(result, "digits"));
    expect(html).toContain("<h2>Misclassified examples</h2>");
    expect(html).toContain(`${wrongRows.length} of ${test.x.rows} test examples misclassified; the 12 most confidently wrong:`);
    expect(html.match(/<img src="data:image\/bmp;base64,/g)).toHaveLength(12);
  });

  it("shows nothing for data that is not images", async () => {
    const spec = parseSpec({ data: { source: "iris" }, model: { hidden: [{ units: 2 }] }, training: { epochs: 1 } });
    const result = await runExperiment(spec, { recordFlow: false });
    expect(misclassifiedImages(result.model, result.split.test, "test")).toBeUndefined();
    expect(renderReport(experimentReport(result, "iris"))).not.toContain("Misclassified examples");
  });
});
