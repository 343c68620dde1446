// A spec run from the library: the same JSON `nnlab train` runs, the same numbers (see README "From the library").
import { diagnosisLines, parseSpec, runExperiment } from "../src/index.js";
import { fileDataLoader } from "../src/node/index.js";

const spec = parseSpec({
  data: { source: "moons", n: 400, noise: 0.2 },
  model: { hidden: [{ units: 16, activation: "relu" }, { units: 8, activation: "relu" }] },
  optimizer: { name: "adam", learningRate: 0.01 },
  training: { epochs: 300, batchSize: 32 },
});
const result = await runExperiment(spec, { loadData: fileDataLoader() }); // the loader reads CSV sources
console.log(`train cost ${result.history.last("loss")}, dev accuracy ${result.dev?.accuracy}`);
console.log(diagnosisLines(result.diagnosis).join("\n"));
