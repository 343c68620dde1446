import { NnlabError } from "../errors.js";
import type { Sequential } from "../model/sequential.js";
import { type ExportPlan, exportPlan } from "./plan.js";
import { littleEndian, ProtoWriter } from "./protobuf.js";

/** The ONNX operator set the graph is written against, and the IR version that goes with it. */
export const ONNX_OPSET = 13;
const ONNX_IR_VERSION = 7;

/** ONNX TensorProto.DataType values used here. */
const ONNX_TYPE = { float: 1, int64: 7, string: 8, bool: 9, double: 11 } as const;

/** AttributeProto.AttributeType values used here. */
const ATTRIBUTE = { float: 1, int: 2 } as const;

export interface ToOnnxOptions {
  /** The graph's name. Default "nnlab". */
  graphName?: string;
  /** Free text stored as the model's doc_string. */
  docString?: string;
  /** The producer version written in the file. Default "0". */
  producerVersion?: string;
}

/** The names of the exported graph's inputs and outputs. */
export const ONNX_NAMES = { input: "input", probabilities: "probabilities", predictions: "predictions", label: "label" } as const;

type Attribute = { name: string; float?: number; int?: number };
interface Node {
  op: string;
  inputs: string[];
  outputs: string[];
  attributes?: Attribute[];
}
interface Initializer {
  name: string;
  dims: number[];
  type: number;
  raw?: Uint8Array;
  strings?: string[];
  int64s?: number[];
}

/**
 * The model as an ONNX file (opset 13): input "input" [N, features] in the model's dtype (float32 or
 * float64); the standardization inside the graph (Sub, Div); Dense as Gemm (MatMul without a bias);
 * dropout omitted (identity at inference). Outputs: a classifier's "probabilities" (what `model.predict`
 * returns: P(class 1) for one sigmoid unit, one column per class otherwise) and "label" (its predicted
 * class: the labels of `model.classes` — strings or numbers — or the class index 0..k-1, as int64); a
 * regression's "predictions". The class labels and feature names are also kept as metadata
 * ("nnlab.classes", "nnlab.featureNames", JSON).
 */
export function toOnnx(model: Sequential, options: ToOnnxOptions = {}): Uint8Array {
  const plan = exportPlan(model, "toOnnx");
  const { nodes, initializers, outputs } = onnxGraph(plan);
  const elem = plan.dtype === "float64" ? ONNX_TYPE.double : ONNX_TYPE.float;
  const graph = new ProtoWriter();
  for (const n of nodes) graph.message(1, (w) => writeNode(w, n));
  graph.string(2, options.graphName ?? "nnlab");
  for (const t of initializers) graph.message(5, (w) => writeTensor(w, t));
  graph.message(11, (w) => writeValueInfo(w, ONNX_NAMES.input, elem, ["N", plan.inputSize]));
  for (const o of outputs) graph.message(12, (w) => writeValueInfo(w, o.name, o.type, o.dims));

  const file = new ProtoWriter();
  file.int(1, ONNX_IR_VERSION);
  file.string(2, "nnlab");
  file.string(3, options.producerVersion ?? "0");
  if (options.docString) file.string(6, options.docString);
  file.bytes(7, graph);
  file.message(8, (w) => w.string(1, "").int(2, ONNX_OPSET));
  const metadata: Array<[string, unknown]> = [
    ["nnlab.classes", plan.labels],
    ["nnlab.featureNames", plan.featureNames],
    ["nnlab.dtype", plan.dtype],
  ];
  for (const [key, value] of metadata) {
    if (value != null) file.message(14, (w) => w.string(1, key).string(2, JSON.stringify(value)));
  }
  return file.finish();
}

function onnxGraph(plan: ExportPlan): { nodes: Node[]; initializers: Initializer[]; outputs: Array<{ name: string; type: number; dims: Array<string | number> }> } {
  const dtype = plan.dtype;
  const elem = dtype === "float64" ? ONNX_TYPE.double : ONNX_TYPE.float;
  const nodes: Node[] = [];
  const initializers: Initializer[] = [];
  const constant = (name: string, values: ArrayLike<number>, dims: number[], type: "float32" | "float64" = dtype) => {
    initializers.push({ name, dims, type: type === "float64" ? ONNX_TYPE.double : ONNX_TYPE.float, raw: littleEndian(values, type) });
    return name;
  };
  let count = 0;
  const fresh = (what: string) => `${what}_${count++}`;
  const add = (op: string, inputs: string[], attributes?: Attribute[]): string => {
    const out = fresh(op.toLowerCase());
    nodes.push({ op, inputs, outputs: [out], ...(attributes ? { attributes } : {}) });
    return out;
  };

  let x: string = ONNX_NAMES.input;
  if (plan.normalization) {
    // In double, as nnlab standardizes (one rounding to the model's type at the end): a float32 graph that
    // subtracted a float32 mean was 3e-6 off nnlab's predictions on a year column (mean 2005.79, rounded by
    // 1.1e-5 against a spread of 10), over the 1e-6 promised; cast in and back, 4e-7.
    const n = plan.inputSize;
    if (dtype === "float32") x = add("Cast", [x], [{ name: "to", int: ONNX_TYPE.double }]);
    x = add("Sub", [x, constant("normalization_mean", plan.normalization.mean, [n], "float64")]);
    x = add("Div", [x, constant("normalization_std", plan.normalization.std, [n], "float64")]);
    if (dtype === "float32") x = add("Cast", [x], [{ name: "to", int: ONNX_TYPE.float }]);
  }
  let dense = 0;
  for (const step of plan.steps) {
    if (step.kind === "dense") {
      dense++;
      const w = constant(`W${dense}`, step.weight, [step.inputs, step.units]);
      // Gemm with a zero bias where the layer has none, not MatMul: ONNX Runtime's default optimisations fold
      // a division by one number (a one-feature normalization) into a MatMul as a float32 factor, and a
      // float64 model was then 3e-8 off nnlab's predictions (1e-12 promised)
      const bias = step.bias ?? new (step.weight instanceof Float64Array ? Float64Array : Float32Array)(step.units);
      x = add("Gemm", [x, w, constant(`b${dense}`, bias, [step.units])]);
    } else if (step.kind === "activation") {
      if (step.name === "relu") x = add("Relu", [x]);
      else if (step.name === "tanh") x = add("Tanh", [x]);
      else if (step.name === "sigmoid") {
        // 1 / (1 + e^-z): ONNX Runtime's Sigmoid is an approximation that in float32 gives 0 below z = -20 or
        // so (nnlab: 1e-9 at -20.7) and in float64 loses the relative precision of small probabilities
        const one = constant(fresh("one"), [1], []);
        x = add("Reciprocal", [add("Add", [add("Exp", [add("Neg", [x])]), one])]);
      }
      else if (step.name === "softmax") x = add("Softmax", [x], [{ name: "axis", int: -1 }]);
      else if (dtype === "float32") x = add("LeakyRelu", [x], [{ name: "alpha", float: step.alpha! }]);
      else {
        // ONNX Runtime's LeakyRelu is float32 only: z > 0 ? z : alpha * z, spelled out for float64
        const scaled = add("Mul", [x, constant(fresh("alpha"), [step.alpha!], [])]);
        const positive = add("Greater", [x, constant(fresh("zero"), [0], [])]);
        x = add("Where", [positive, x, scaled]);
      }
    } // dropout: identity at inference
  }
  const mainOutput = plan.classifier ? ONNX_NAMES.probabilities : ONNX_NAMES.predictions;
  const lastNode = nodes[nodes.length - 1];
  if (lastNode && lastNode.outputs[0] === x) lastNode.outputs[0] = mainOutput;
  else nodes.push({ op: "Identity", inputs: [x], outputs: [mainOutput] });
  const outputs: Array<{ name: string; type: number; dims: Array<string | number> }> = [
    { name: mainOutput, type: elem, dims: ["N", plan.outputSize] },
  ];
  if (plan.classifier) {
    let index: string;
    if (plan.outputSize === 1) {
      const above = add("Greater", [mainOutput, constant("threshold", [0.5], [])]);
      const asInt = add("Cast", [above], [{ name: "to", int: ONNX_TYPE.int64 }]);
      initializers.push({ name: "flat_shape", dims: [1], type: ONNX_TYPE.int64, int64s: [-1] });
      index = add("Reshape", [asInt, "flat_shape"]);
    } else {
      index = add("ArgMax", [mainOutput], [{ name: "axis", int: 1 }, { name: "keepdims", int: 0 }]);
    }
    const labels = plan.labels!;
    const plain = labels.every((l, j) => l === j);
    if (plain) {
      nodes[nodes.length - 1]!.outputs[0] = ONNX_NAMES.label;
      outputs.push({ name: ONNX_NAMES.label, type: ONNX_TYPE.int64, dims: ["N"] });
    } else {
      const type = labelType(labels);
      const table: Initializer = { name: "class_labels", dims: [labels.length], type };
      if (type === ONNX_TYPE.string) table.strings = labels.map(String);
      else if (type === ONNX_TYPE.int64) table.int64s = labels as number[];
      else table.raw = littleEndian(labels as number[], "float64");
      initializers.push(table);
      nodes.push({ op: "Gather", inputs: ["class_labels", index], outputs: [ONNX_NAMES.label], attributes: [{ name: "axis", int: 0 }] });
      outputs.push({ name: ONNX_NAMES.label, type, dims: ["N"] });
    }
  }
  return { nodes, initializers, outputs };
}

/** Strings if any label is a string; int64 for safe integers; else double. */
function labelType(labels: ReadonlyArray<string | number>): number {
  if (labels.some((l) => typeof l === "string")) {
    if (!labels.every((l) => typeof l === "string")) {
      throw new NnlabError(`toOnnx: class labels must be all strings or all numbers; received ${JSON.stringify(labels)}`);
    }
    return ONNX_TYPE.string;
  }
  return labels.every((l) => Number.isSafeInteger(l)) ? ONNX_TYPE.int64 : ONNX_TYPE.double;
}

function writeNode(w: ProtoWriter, node: Node): void {
  for (const i of node.inputs) w.string(1, i);
  for (const o of node.outputs) w.string(2, o);
  w.string(3, node.outputs[0]!);
  w.string(4, node.op);
  for (const a of node.attributes ?? []) {
    w.message(5, (aw) => {
      aw.string(1, a.name);
      if (a.float !== undefined) aw.float(2, a.float).int(20, ATTRIBUTE.float);
      else aw.int(3, a.int!).int(20, ATTRIBUTE.int);
    });
  }
}

function writeTensor(w: ProtoWriter, t: Initializer): void {
  if (t.dims.length > 0) w.packedInts(1, t.dims);
  w.int(2, t.type);
  if (t.strings) for (const s of t.strings) w.string(6, s);
  if (t.int64s) w.packedInts(7, t.int64s);
  w.string(8, t.name);
  if (t.raw) w.bytes(9, t.raw);
}

function writeValueInfo(w: ProtoWriter, name: string, elemType: number, dims: Array<string | number>): void {
  w.string(1, name);
  w.message(2, (type) =>
    type.message(1, (tensor) => {
      tensor.int(1, elemType);
      tensor.message(2, (shape) => {
        for (const d of dims) shape.message(1, (dim) => (typeof d === "string" ? dim.string(2, d) : dim.int(1, d)));
      });
    }),
  );
}
