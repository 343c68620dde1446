/** The experiment spec the README shows (football, L2 0.7, early stopping), as tests use it. */
export const README_FOOTBALL_SPEC = {
  name: "football-l2",
  seed: 1,
  data: { source: "football" },
  split: "auto",
  normalize: true,
  model: { dtype: "float64", hidden: [{ units: 20, activation: "relu" }, { units: 3 }] },
  l2: 0.7,
  l1: 0,
  dropout: 0,
  optimizer: { name: "sgd", learningRate: 0.3 },
  training: { epochs: 3000, batchSize: "full", earlyStopping: { patience: 100 } },
  baselineError: 0.08,
};
