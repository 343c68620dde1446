import * as ort from "onnxruntime-web";
import { toOnnx, cloneModel } from "../../src/index.js";
import { exportCases } from "./models.js";
ort.env.wasm.numThreads = 1;
const rel = (a: ArrayLike<number>, b: ArrayLike<number>) => { let w = 0; for (let i = 0; i < a.length; i++) { const s = Math.max(Math.abs(a[i]!), Math.abs(b[i]!)); if (s > 0) w = Math.max(w, Math.abs(a[i]! - b[i]!) / s); } return w; };
for (const { name, model, x } of exportCases()) {
  const s = await ort.InferenceSession.create(toOnnx(model));
  const data = x.dtype === "float64" ? Float64Array.from(x.data) : Float32Array.from(x.data);
  const out = await s.run({ input: new ort.Tensor(x.dtype, data, [x.rows, x.cols]) });
  const got = (out.probabilities ?? out.predictions)!.data as Float64Array;
  const exp = model.predict(x).data;
  const exact = cloneModel(model, "float64").predict(x.clone("float64")).data;
  console.log(name, "onnx-nnlab", rel(got, exp).toExponential(2), "nnlab-vs-f64", rel(exp, exact).toExponential(2), "onnx-vs-f64", rel(got, exact).toExponential(2));
}
