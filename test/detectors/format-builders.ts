/**
 * Small byte builders for the format-detector cases: Keras h5/zip configs, SavedModel protos, ONNX
 * graphs, TFLite operator codes. Written field by field; nothing runs a payload.
 */
import { buildZip } from '../formats/builders.js';
import { HDF5_SIG, buildFlatbuffer, concat, pb, u32le, utf8 } from '../formats/model-builders.js';

/** An attribute message shaped like HDF5's (see test/formats/model-builders.ts). */
function h5Attribute(name: string, value: Uint8Array): Uint8Array {
  const n = utf8(`${name}\0`);
  const pad = new Uint8Array((8 - (n.length % 8)) % 8);
  const datatype = [0x13, 0x00, 0x00, 0x00, ...u32le(value.length)];
  const dataspace = [0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00];
  return concat([0x01, 0x00, n.length, 0, 8, 0, 8, 0], n, pad, datatype, dataspace, value);
}

/** A Keras 2 HDF5 file whose model_config attribute is `config` (JSON text or value). */
export function kerasH5(config: unknown): Uint8Array {
  const text = typeof config === 'string' ? config : JSON.stringify(config);
  return concat(
    Uint8Array.from(HDF5_SIG),
    new Uint8Array(88),
    h5Attribute('backend', concat(utf8('tensorflow'), [0])),
    h5Attribute('keras_version', concat(utf8('2.13.1'), [0, 0])),
    h5Attribute('model_config', concat(utf8(text), [0])),
    new Uint8Array(256),
  );
}

/** A Keras 3 `.keras` zip with the given config.json. */
export function kerasZip(config: unknown, method = 8): Uint8Array {
  const text = typeof config === 'string' ? config : JSON.stringify(config);
  return buildZip([
    { name: 'metadata.json', data: utf8('{"keras_version": "3.8.0", "date_saved": "2025-01-01@00:00:00"}') },
    { name: 'config.json', data: utf8(text), method },
    { name: 'model.weights.h5', data: concat(Uint8Array.from(HDF5_SIG), new Uint8Array(64)) },
  ]).bytes;
}

/** Keras 3 layer dict. */
export const k3 = (module: string | null, className: string, config: unknown, registered: string | null = null): Record<string, unknown> => ({
  module,
  class_name: className,
  config,
  registered_name: registered,
});

export const k3Model = (layers: unknown[]): Record<string, unknown> =>
  k3('keras', 'Sequential', { name: 'sequential', trainable: true, dtype: k3('keras', 'DTypePolicy', { name: 'float32' }), layers }, null);

export const k3Dense = (name = 'dense'): Record<string, unknown> =>
  k3('keras.layers', 'Dense', { name, units: 4, activation: 'relu', kernel_initializer: k3('keras.initializers', 'GlorotUniform', { seed: null }) });

/** Keras 2 model config. */
export const k2Model = (layers: unknown[], className = 'Sequential'): Record<string, unknown> => ({ class_name: className, config: { name: 'model', layers } });

/** SavedModel proto: one meta graph ("serve") with main-graph nodes and library functions. */
export function savedModel(nodes: [name: string, op: string][], functions: { name: string; nodes: [string, string][] }[] = []): Uint8Array {
  const node = ([name, op]: [string, string]): Uint8Array => pb.msg(1, pb.string(1, name), pb.string(2, op), pb.string(3, 'input:0'));
  const fnNode = ([name, op]: [string, string]): Uint8Array => pb.msg(3, pb.string(1, name), pb.string(2, op));
  const fns = functions.map((f) => pb.msg(1, pb.msg(1, pb.string(1, f.name)), ...f.nodes.map(fnNode)));
  const graph = concat(...nodes.map(node), ...(fns.length ? [pb.msg(2, ...fns)] : []), pb.msg(4, pb.varint(1, 1087)));
  const meta = concat(pb.msg(1, pb.string(4, 'serve'), pb.string(5, '2.15.0')), pb.bytes(2, graph), pb.msg(3, pb.string(1, 'saver_filename:0')));
  return concat(pb.varint(1, 1), pb.bytes(2, meta));
}

/** The same SavedModel as `savedModel`, in the protobuf text format TensorFlow writes (saved_model.pbtxt). */
export function savedModelText(nodes: [name: string, op: string][], functions: { name: string; nodes: [string, string][] }[] = []): Uint8Array {
  const node = ([name, op]: [string, string], field = 'node'): string =>
    `    ${field} {\n      name: "${name}"\n      op: "${op}"\n      input: "input:0"\n      attr {\n        key: "dtype"\n        value {\n          type: DT_FLOAT\n        }\n      }\n    }\n`;
  const fns = functions.map(
    (f) => `      function {\n        signature {\n          name: "${f.name}"\n          input_arg {\n            name: "a"\n            type: DT_STRING\n          }\n        }\n${f.nodes.map((n) => node(n, 'node_def').replace(/^/gm, '    ')).join('')}      }\n`,
  );
  const graph = `${nodes.map((n) => node(n)).join('')}${fns.length ? `    library {\n${fns.join('')}    }\n` : ''}    versions {\n      producer: 1087\n    }\n`;
  return new TextEncoder().encode(`saved_model_schema_version: 1\nmeta_graphs {\n  meta_info_def {\n    tags: "serve"\n    tensorflow_version: "2.15.0"\n  }\n  graph_def {\n${graph}  }\n  saver_def {\n    filename_tensor_name: "saver_filename:0"\n  }\n}\n`);
}

/** ONNX NodeProto bytes. */
export function onnxNode(opType: string, opts: { name?: string; domain?: string; attrs?: Uint8Array[] } = {}): Uint8Array {
  return concat(pb.string(1, 'x'), pb.string(2, 'y'), ...(opts.name ? [pb.string(3, opts.name)] : []), pb.string(4, opType), ...(opts.attrs ?? []).map((a) => pb.bytes(5, a)), ...(opts.domain !== undefined ? [pb.string(7, opts.domain)] : []));
}

/** ONNX TensorProto bytes, with external data at `location` when given. */
export function onnxTensor(name: string, location?: string): Uint8Array {
  const ext = location === undefined ? [] : [pb.msg(13, pb.string(1, 'location'), pb.string(2, location)), pb.msg(13, pb.string(1, 'offset'), pb.string(2, '0')), pb.varint(14, 1)];
  return concat(pb.varint(1, 4), pb.varint(2, 1), pb.string(8, name), ...ext);
}

/** ONNX AttributeProto: a tensor (t = 5) or a graph (g = 6). */
export const onnxAttr = {
  tensor: (name: string, t: Uint8Array): Uint8Array => concat(pb.string(1, name), pb.bytes(5, t), pb.varint(20, 4)),
  graph: (name: string, g: Uint8Array): Uint8Array => concat(pb.string(1, name), pb.bytes(6, g), pb.varint(20, 5)),
};

/** ONNX GraphProto bytes. */
export function onnxGraph(nodes: Uint8Array[], initializers: Uint8Array[] = []): Uint8Array {
  return concat(...nodes.map((n) => pb.bytes(1, n)), pb.string(2, 'g'), ...initializers.map((t) => pb.bytes(5, t)));
}

/** ONNX ModelProto with a graph, opsets and optional functions (FunctionProto bytes). */
export function onnxModel(graph: Uint8Array, functions: Uint8Array[] = [], extraOpsets: string[] = []): Uint8Array {
  return concat(
    pb.varint(1, 8),
    pb.string(2, 'lantern-test'),
    pb.bytes(7, graph),
    pb.msg(8, pb.varint(2, 17)),
    ...extraOpsets.map((d) => pb.msg(8, pb.string(1, d), pb.varint(2, 1))),
    ...functions.map((f) => pb.bytes(25, f)),
  );
}

/** ONNX FunctionProto bytes. */
export function onnxFunction(domain: string, name: string, nodes: Uint8Array[]): Uint8Array {
  return concat(pb.string(1, name), ...nodes.map((n) => pb.bytes(7, n)), pb.msg(9, pb.varint(2, 17)), pb.string(10, domain));
}

/** A TFLite model whose operator codes are CONV_2D plus the given custom ops. */
export function tfliteWithCustom(custom: string[]): Uint8Array {
  const codes = ['op0', ...custom.map((_, i) => `c${i}`)];
  return buildFlatbuffer('TFL3', 'model', [
    { label: 'model', table: [{ u32: 3 }, { ref: 'codes' }, { ref: 'subgraphs' }] },
    { label: 'codes', vector: codes },
    { label: 'subgraphs', vector: ['sg0'] },
    { label: 'op0', table: [{ i8: 3 }, undefined, { i32: 1 }, { i32: 3 }] },
    ...custom.map((_, i) => ({ label: `c${i}`, table: [{ i8: 32 }, { ref: `n${i}` }, undefined, { i32: 32 }] })),
    { label: 'sg0', table: [] },
    ...custom.map((name, i) => ({ label: `n${i}`, string: name })),
  ]);
}
