/**
 * Models out: a Sequential as an ONNX file or a TensorFlow.js layers model. Browser-safe (bytes and JSON
 * in memory); "nnlab/node" writes them to files.
 */
export { ONNX_NAMES, ONNX_OPSET, toOnnx, type ToOnnxOptions } from "./onnx.js";
export { toTfjs, type TfjsModel, type TfjsWeightSpec, type ToTfjsOptions } from "./tfjs.js";
