/**
 * Byte builders for the format reader tests: each model file is written field by field, so the
 * tests need no Python, no model libraries and no binary fixtures.
 */

import fc from 'fast-check';

const enc = new TextEncoder();

export function concat(...parts: (Uint8Array | number[])[]): Uint8Array {
  const arrays = parts.map((p) => (p instanceof Uint8Array ? p : Uint8Array.from(p)));
  const out = new Uint8Array(arrays.reduce((n, a) => n + a.length, 0));
  let o = 0;
  for (const a of arrays) {
    out.set(a, o);
    o += a.length;
  }
  return out;
}

export function utf8(s: string): Uint8Array {
  return enc.encode(s);
}

export function hex(h: string): Uint8Array {
  return Uint8Array.from(Buffer.from(h.replace(/\s+/g, ''), 'hex'));
}

export function u32le(v: number): number[] {
  return [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff];
}

export function u64le(v: number | bigint): number[] {
  const b = BigInt(v);
  return [...u32le(Number(b & 0xffffffffn)), ...u32le(Number(b >> 32n))];
}

// ---------------------------------------------------------------------------------------------
// Protobuf

export function varint(v: number | bigint): number[] {
  let b = BigInt.asUintN(64, BigInt(v));
  const out: number[] = [];
  do {
    const byte = Number(b & 0x7fn);
    b >>= 7n;
    out.push(b > 0n ? byte | 0x80 : byte);
  } while (b > 0n);
  return out;
}

export const pb = {
  varint: (field: number, v: number | bigint): Uint8Array => concat(varint(field * 8), varint(v)),
  bytes: (field: number, payload: Uint8Array): Uint8Array => concat(varint(field * 8 + 2), varint(payload.length), payload),
  string: (field: number, s: string): Uint8Array => pb.bytes(field, utf8(s)),
  msg: (field: number, ...parts: Uint8Array[]): Uint8Array => pb.bytes(field, concat(...parts)),
  fixed32: (field: number, v: number): Uint8Array => concat(varint(field * 8 + 5), u32le(v)),
};

// ---------------------------------------------------------------------------------------------
// GGUF

export type GgufValue =
  | { type: 'u8' | 'i8' | 'u16' | 'i16' | 'u32' | 'i32' | 'f32' | 'u64' | 'i64' | 'f64'; value: number }
  | { type: 'bool'; value: boolean }
  | { type: 'string'; value: string }
  | { type: 'array'; elem: 'string'; value: string[] }
  | { type: 'array'; elem: 'i32' | 'f32' | 'u8'; value: number[] };

const GGUF_TYPES: Record<string, number> = { u8: 0, i8: 1, u16: 2, i16: 3, u32: 4, i32: 5, f32: 6, bool: 7, string: 8, array: 9, u64: 10, i64: 11, f64: 12 };

export interface GgufSpec {
  version: 1 | 2 | 3;
  bigEndian?: boolean;
  kvs: [string, GgufValue][];
  tensors: { name: string; dims: number[]; type: number; offset: number }[];
}

/** Writes a GGUF header (the tensor data itself is left out: readers never get that far). */
export function buildGguf(spec: GgufSpec): Uint8Array {
  const le = !spec.bigEndian;
  const out: number[] = [];
  const u32 = (v: number): void => {
    const b = Buffer.alloc(4);
    if (le) b.writeUInt32LE(v >>> 0);
    else b.writeUInt32BE(v >>> 0);
    out.push(...b);
  };
  const u64 = (v: number | bigint): void => {
    const b = Buffer.alloc(8);
    if (le) b.writeBigUInt64LE(BigInt(v));
    else b.writeBigUInt64BE(BigInt(v));
    out.push(...b);
  };
  const len = (v: number): void => (spec.version === 1 ? u32(v) : u64(v));
  const str = (s: string): void => {
    const b = utf8(s);
    len(b.length);
    out.push(...b);
  };
  const scalar = (type: string, v: number | boolean): void => {
    const b = Buffer.alloc(8);
    const n = Number(v);
    const w: Record<string, () => number> = {
      u8: () => b.writeUInt8(n),
      i8: () => b.writeInt8(n),
      u16: () => (le ? b.writeUInt16LE(n) : b.writeUInt16BE(n)),
      i16: () => (le ? b.writeInt16LE(n) : b.writeInt16BE(n)),
      u32: () => (le ? b.writeUInt32LE(n) : b.writeUInt32BE(n)),
      i32: () => (le ? b.writeInt32LE(n) : b.writeInt32BE(n)),
      f32: () => (le ? b.writeFloatLE(n) : b.writeFloatBE(n)),
      bool: () => b.writeUInt8(n ? 1 : 0),
      u64: () => (le ? b.writeBigUInt64LE(BigInt(n)) : b.writeBigUInt64BE(BigInt(n))),
      i64: () => (le ? b.writeBigInt64LE(BigInt(n)) : b.writeBigInt64BE(BigInt(n))),
      f64: () => (le ? b.writeDoubleLE(n) : b.writeDoubleBE(n)),
    };
    const size = (w[type] as () => number)();
    out.push(...b.subarray(0, size));
  };
  out.push(...utf8('GGUF'));
  u32(spec.version);
  len(spec.tensors.length);
  len(spec.kvs.length);
  for (const [key, v] of spec.kvs) {
    str(key);
    u32(GGUF_TYPES[v.type] as number);
    if (v.type === 'string') str(v.value);
    else if (v.type === 'array') {
      u32(GGUF_TYPES[v.elem] as number);
      len(v.value.length);
      for (const e of v.value) {
        if (typeof e === 'string') str(e);
        else scalar(v.elem, e);
      }
    } else scalar(v.type, v.value);
  }
  for (const t of spec.tensors) {
    str(t.name);
    u32(t.dims.length);
    for (const d of t.dims) len(d);
    u32(t.type);
    u64(t.offset);
  }
  return Uint8Array.from(out);
}

export function sampleGguf(version: 1 | 2 | 3 = 3, bigEndian = false): Uint8Array {
  return buildGguf({
    version,
    bigEndian,
    kvs: [
      ['general.architecture', { type: 'string', value: 'llama' }],
      ['general.name', { type: 'string', value: 'Tiny Llama' }],
      ['general.license', { type: 'string', value: 'apache-2.0' }],
      ['general.file_type', { type: 'u32', value: 15 }],
      ['llama.context_length', { type: 'u32', value: 4096 }],
      ['llama.rope.freq_base', { type: 'f32', value: 10000 }],
      ['general.quantized', { type: 'bool', value: true }],
      ['tokenizer.ggml.tokens', { type: 'array', elem: 'string', value: ['<s>', '</s>', 'hello', 'world'] }],
      ['tokenizer.ggml.scores', { type: 'array', elem: 'f32', value: [0, 0, -1.5, -2] }],
      ['tokenizer.chat_template', { type: 'string', value: "{% for m in messages %}{{ m['content'] }}{% endfor %}" }],
    ],
    tensors: [
      { name: 'token_embd.weight', dims: [64, 4], type: 12, offset: 0 },
      { name: 'output_norm.weight', dims: [64], type: 0, offset: 4096 },
    ],
  });
}

// ---------------------------------------------------------------------------------------------
// safetensors

export function buildSafetensors(header: Record<string, unknown>, dataSize: number, padTo8 = true): Uint8Array {
  let json = JSON.stringify(header);
  if (padTo8) while ((8 + json.length) % 8 !== 0) json += ' ';
  const h = utf8(json);
  return concat(u64le(h.length), h, new Uint8Array(dataSize));
}

export function sampleSafetensors(): Uint8Array {
  return buildSafetensors(
    {
      __metadata__: { format: 'pt', source: 'lantern-test' },
      'model.embed.weight': { dtype: 'F16', shape: [4, 8], data_offsets: [0, 64] },
      'model.head.bias': { dtype: 'F32', shape: [4], data_offsets: [64, 80] },
    },
    80,
  );
}

// ---------------------------------------------------------------------------------------------
// ONNX

const onnxDim = (d: number | string): Uint8Array => pb.msg(1, typeof d === 'number' ? pb.varint(1, d) : pb.string(2, d));

/** ValueInfoProto with a tensor type (elem type code and shape). */
export function onnxValueInfo(name: string, elemType: number, dims: (number | string)[]): Uint8Array {
  return concat(pb.string(1, name), pb.msg(2, pb.msg(1, pb.varint(1, elemType), pb.msg(2, ...dims.map(onnxDim)))));
}

export function sampleOnnx(): Uint8Array {
  const relu = concat(pb.string(1, 'X'), pb.string(2, 'Y'), pb.string(3, 'relu0'), pb.string(4, 'Relu'));
  const custom = concat(pb.string(1, 'Y'), pb.string(2, 'Z'), pb.string(4, 'FusedGemm'), pb.string(7, 'com.microsoft'));
  const weight = concat(pb.varint(1, 2), pb.varint(1, 2), pb.varint(2, 1), pb.string(8, 'W'), pb.bytes(9, new Uint8Array(16).fill(0xab)));
  const external = concat(
    pb.varint(1, 1024),
    pb.varint(2, 1),
    pb.string(8, 'big_weight'),
    pb.msg(13, pb.string(1, 'location'), pb.string(2, '../../etc/passwd')),
    pb.msg(13, pb.string(1, 'offset'), pb.string(2, '0')),
    pb.msg(13, pb.string(1, 'length'), pb.string(2, '4096')),
    pb.varint(14, 1),
  );
  const graph = concat(
    pb.bytes(1, relu),
    pb.bytes(1, custom),
    pb.string(2, 'main_graph'),
    pb.bytes(5, weight),
    pb.bytes(5, external),
    pb.bytes(11, onnxValueInfo('X', 1, ['batch', 3, 224, 224])),
    pb.bytes(12, onnxValueInfo('Z', 7, [-1, 1000])),
  );
  return concat(
    pb.varint(1, 8),
    pb.string(2, 'pytorch'),
    pb.string(3, '2.1.0'),
    pb.string(4, 'ai.lantern'),
    pb.varint(5, 3),
    pb.string(6, 'A tiny test model'),
    pb.bytes(7, graph),
    pb.msg(8, pb.varint(2, 17)),
    pb.msg(8, pb.string(1, 'com.microsoft'), pb.varint(2, 1)),
    pb.msg(14, pb.string(1, 'author'), pb.string(2, 'lantern')),
  );
}

// ---------------------------------------------------------------------------------------------
// FlatBuffers (TFLite)

export type FbField = { i8: number } | { i32: number } | { u32: number } | { ref: string } | undefined;
export type FbObject =
  | { label: string; table: FbField[] }
  | { label: string; vector: string[] }
  | { label: string; string: string };

/**
 * Lays out a FlatBuffer front to back: root offset and identifier, then each object in the order
 * given. Offsets are unsigned and forward, so an object must come after every object that refers
 * to it. Tables get their vtable right before them; every field takes a 4-byte slot.
 */
export function buildFlatbuffer(ident: string, root: string, objects: FbObject[]): Uint8Array {
  const size = (o: FbObject): number => {
    if ('table' in o) return vtableSize(o.table) + 4 + 4 * o.table.filter((f) => f !== undefined).length;
    if ('vector' in o) return 4 + 4 * o.vector.length;
    return align4(4 + utf8(o.string).length + 1);
  };
  const pos = new Map<string, number>();
  let at = 8;
  for (const o of objects) {
    pos.set(o.label, 'table' in o ? at + vtableSize(o.table) : at);
    at += size(o);
  }
  const buf = Buffer.alloc(at);
  const target = (label: string): number => {
    const p = pos.get(label);
    if (p === undefined) throw new Error(`no object ${label}`);
    return p;
  };
  buf.writeUInt32LE(target(root), 0);
  buf.write(ident, 4, 'latin1');
  at = 8;
  for (const o of objects) {
    if ('table' in o) {
      const vt = at;
      const present = o.table.filter((f) => f !== undefined).length;
      const vsize = 4 + 2 * o.table.length;
      buf.writeUInt16LE(vsize, vt);
      buf.writeUInt16LE(4 + 4 * present, vt + 2);
      const t = vt + vtableSize(o.table);
      buf.writeInt32LE(t - vt, t);
      let slot = 4;
      o.table.forEach((f, i) => {
        if (f === undefined) return;
        buf.writeUInt16LE(slot, vt + 4 + 2 * i);
        const p = t + slot;
        if ('i8' in f) buf.writeInt8(f.i8, p);
        else if ('i32' in f) buf.writeInt32LE(f.i32, p);
        else if ('u32' in f) buf.writeUInt32LE(f.u32, p);
        else buf.writeUInt32LE(target(f.ref) - p, p);
        slot += 4;
      });
    } else if ('vector' in o) {
      buf.writeUInt32LE(o.vector.length, at);
      o.vector.forEach((label, i) => {
        const p = at + 4 + 4 * i;
        buf.writeUInt32LE(target(label) - p, p);
      });
    } else {
      const b = utf8(o.string);
      buf.writeUInt32LE(b.length, at);
      buf.set(b, at + 4);
    }
    at += size(o);
  }
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.length);
}

function align4(n: number): number {
  return (n + 3) & ~3;
}

function vtableSize(fields: FbField[]): number {
  return align4(4 + 2 * fields.length);
}

/** Model v3 with a CONV_2D operator code, a CUSTOM one and one empty subgraph. */
export function sampleTflite(): Uint8Array {
  return buildFlatbuffer('TFL3', 'model', [
    { label: 'model', table: [{ u32: 3 }, { ref: 'codes' }, { ref: 'subgraphs' }, { ref: 'desc' }] },
    { label: 'codes', vector: ['op0', 'op1'] },
    { label: 'subgraphs', vector: ['sg0'] },
    { label: 'op0', table: [{ i8: 3 }, undefined, { i32: 2 }, { i32: 3 }] },
    { label: 'op1', table: [{ i8: 32 }, { ref: 'customName' }, undefined, { i32: 32 }] },
    { label: 'sg0', table: [] },
    { label: 'desc', string: 'MLIR Converted.' },
    { label: 'customName', string: 'TFLite_Detection_PostProcess' },
  ]);
}

// ---------------------------------------------------------------------------------------------
// Core ML

export function sampleCoreml(): Uint8Array {
  const feature = (name: string): Uint8Array => concat(pb.string(1, name), pb.string(2, `${name} feature`), pb.msg(3, pb.msg(5, pb.varint(2, 65600))));
  const metadata = concat(
    pb.string(1, 'Classifies things'),
    pb.string(2, '1.0'),
    pb.string(3, 'Lantern Tests'),
    pb.string(4, 'MIT'),
    pb.msg(100, pb.string(1, 'com.github.apple.coremltools.version'), pb.string(2, '7.1')),
  );
  const description = concat(pb.bytes(1, feature('image')), pb.bytes(10, feature('classLabel')), pb.string(11, 'classLabel'), pb.bytes(100, metadata));
  const neuralNetwork = pb.msg(1, pb.string(1, 'dense_1'), pb.string(2, 'image'), pb.string(3, 'classLabel'));
  return concat(pb.varint(1, 4), pb.bytes(2, description), pb.bytes(500, neuralNetwork));
}

// ---------------------------------------------------------------------------------------------
// HDF5 (a signature and attribute-like bytes; see hdf5.ts for why a byte scan is enough)

export const HDF5_SIG = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

/** An attribute message shaped like HDF5's: name, datatype, dataspace, then an inline value. */
function attribute(name: string, value: Uint8Array): Uint8Array {
  const n = utf8(`${name}\0`);
  const pad = new Uint8Array((8 - (n.length % 8)) % 8);
  const datatype = [0x13, 0x00, 0x00, 0x00, ...u32le(value.length)]; // class 3 (string), version 1
  const dataspace = [0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00];
  return concat([0x01, 0x00, ...[n.length, 0], 8, 0, 8, 0], n, pad, datatype, dataspace, value);
}

export const KERAS_CONFIG = '{"class_name": "Sequential", "config": {"name": "seq", "layers": [{"class_name": "Dense", "config": {"units": 2, "name": "a \\"quoted\\" {name}"}}]}}';

export function sampleKerasH5(userBlock = 0, inlineVersion = true): Uint8Array {
  const parts: Uint8Array[] = [];
  if (userBlock > 0) parts.push(new Uint8Array(userBlock).fill(0x20));
  parts.push(Uint8Array.from(HDF5_SIG), new Uint8Array(88));
  parts.push(attribute('backend', concat(utf8('tensorflow'), [0])));
  if (inlineVersion) {
    parts.push(attribute('keras_version', concat(utf8('2.13.1'), [0, 0])));
  } else {
    // Variable-length string: the attribute holds a heap id; the text sits in a global heap.
    parts.push(attribute('keras_version', Uint8Array.from([6, 0, 0, 0, ...u64le(4096), 1, 0, 0, 0])));
    const obj = concat([1, 0, 1, 0, 0, 0, 0, 0], u64le(5), utf8('3.0.5'), [0, 0, 0]);
    parts.push(concat(utf8('GCOL'), [1, 0, 0, 0], u64le(4096), obj, new Uint8Array(16)));
  }
  parts.push(attribute('model_config', concat(utf8(KERAS_CONFIG), [0])));
  parts.push(new Uint8Array(256));
  return concat(...parts);
}

// ---------------------------------------------------------------------------------------------
// Pickles: generated by `pickle.dumps(data, protocol=p)` in CPython 3.11 with
// data = {'name': 'lantern', 'n': [1, 2, 3], 'f': 1.5, 't': (True, None), 'big': 2**70, 'neg': -5}

export const PICKLES: Record<number, string> = {
  0: '286470300a566e616d650a70310a566c616e7465726e0a70320a73566e0a70330a286c70340a49310a6149320a6149330a617356660a70350a46312e350a7356740a70360a284930310a4e7470370a73566269670a70380a4c313138303539313632303731373431313330333432344c0a73566e65670a70390a492d350a732e',
  1: '7d71002858040000006e616d65710158070000006c616e7465726e710258010000006e71035d7104284b014b024b03655801000000667105473ff80000000000005801000000747106284930310a4e747107580300000062696771084c313138303539313632303731373431313330333432344c0a58030000006e656771094afbffffff752e',
  2: '80027d71002858040000006e616d65710158070000006c616e7465726e710258010000006e71035d7104284b014b024b03655801000000667105473ff80000000000005801000000747106884e867107580300000062696771088a0900000000000000004058030000006e656771094afbffffff752e',
  3: '80037d71002858040000006e616d65710158070000006c616e7465726e710258010000006e71035d7104284b014b024b03655801000000667105473ff80000000000005801000000747106884e867107580300000062696771088a0900000000000000004058030000006e656771094afbffffff752e',
  4: '80049555000000000000007d94288c046e616d65948c076c616e7465726e948c016e945d94284b014b024b03658c016694473ff80000000000008c017494884e86948c03626967948a090000000000000000408c036e6567944afbffffff752e',
  5: '80059555000000000000007d94288c046e616d65948c076c616e7465726e948c016e945d94284b014b024b03658c016694473ff80000000000008c017494884e86948c03626967948a090000000000000000408c036e6567944afbffffff752e',
};

/**
 * Richer plain data for the stack model, same pickler: [OrderedDict(a=1), {1, 2}, frozenset([3]),
 * datetime(2020, 1, 2, 3, 4, 5), Decimal('1.5'), bytearray(b'xy'), 3+4j, l (a list containing itself),
 * 'é\n', b'\x00\x01' * 3, 10**40, -(10**40), 1e100, float('inf')]. They name stdlib globals (the
 * reducers of those types); the tests only read their bytes.
 */
export const RICH_PICKLES: Record<number, string> = {
  0: '286c70300a63636f6c6c656374696f6e730a4f726465726564446963740a70310a28745270320a56610a70330a49310a7361635f5f6275696c74696e5f5f0a7365740a70340a28286c70350a49310a6149320a617470360a5270370a61635f5f6275696c74696e5f5f0a66726f7a656e7365740a70380a28286c70390a49330a61747031300a527031310a61636461746574696d650a6461746574696d650a7031320a28635f636f646563730a656e636f64650a7031330a285607e401020304055c75303030305c75303030305c75303030300a7031340a566c6174696e310a7031350a747031360a527031370a747031380a527031390a6163646563696d616c0a446563696d616c0a7032300a2856312e350a7032310a747032320a527032330a61635f5f6275696c74696e5f5f0a6279746561727261790a7032340a286731330a285678790a7032350a6731350a747032360a527032370a747032380a527032390a61635f5f6275696c74696e5f5f0a636f6d706c65780a7033300a2846332e300a46342e300a747033310a527033320a61286c7033330a49310a616733330a616156e95c75303030610a7033340a616731330a28565c7530303030015c7530303030015c7530303030010a7033350a6731350a747033360a527033370a614c31303030303030303030303030303030303030303030303030303030303030303030303030303030304c0a614c2d31303030303030303030303030303030303030303030303030303030303030303030303030303030304c0a614631652b3130300a6146696e660a612e',
  1: '5d71002863636f6c6c656374696f6e730a4f726465726564446963740a71012952710258010000006171034b0173635f5f6275696c74696e5f5f0a7365740a7104285d7105284b014b0265747106527107635f5f6275696c74696e5f5f0a66726f7a656e7365740a7108285d71094b036174710a52710b636461746574696d650a6461746574696d650a710c28635f636f646563730a656e636f64650a710d28580b00000007c3a40102030405000000710e58060000006c6174696e31710f74711052711174711252711363646563696d616c0a446563696d616c0a7114285803000000312e357115747116527117635f5f6275696c74696e5f5f0a6279746561727261790a711828680d28580200000078797119680f74711a52711b74711c52711d635f5f6275696c74696e5f5f0a636f6d706c65780a711e2847400800000000000047401000000000000074711f5271205d7121284b016821655803000000c3a90a7122680d2858060000000001000100017123680f7471245271254c31303030303030303030303030303030303030303030303030303030303030303030303030303030304c0a4c2d31303030303030303030303030303030303030303030303030303030303030303030303030303030304c0a4754b249ad2594c37d477ff0000000000000652e',
  2: '80025d71002863636f6c6c656374696f6e730a4f726465726564446963740a71012952710258010000006171034b0173635f5f6275696c74696e5f5f0a7365740a71045d7105284b014b0265857106527107635f5f6275696c74696e5f5f0a66726f7a656e7365740a71085d71094b036185710a52710b636461746574696d650a6461746574696d650a710c635f636f646563730a656e636f64650a710d580b00000007c3a40102030405000000710e58060000006c6174696e31710f86711052711185711252711363646563696d616c0a446563696d616c0a71145803000000312e357115857116527117635f5f6275696c74696e5f5f0a6279746561727261790a7118680d580200000078797119680f86711a52711b85711c52711d635f5f6275696c74696e5f5f0a636f6d706c65780a711e47400800000000000047401000000000000086711f5271205d7121284b016821655803000000c3a90a7122680d58060000000001000100017123680f8671245271258a11000000000061f5b9abbfa45cc3f129631d8a1100000000009f0a4654405ba33c0ed69ce24754b249ad2594c37d477ff0000000000000652e',
  3: '80035d71002863636f6c6c656374696f6e730a4f726465726564446963740a71012952710258010000006171034b0173636275696c74696e730a7365740a71045d7105284b014b0265857106527107636275696c74696e730a66726f7a656e7365740a71085d71094b036185710a52710b636461746574696d650a6461746574696d650a710c430a07e40102030405000000710d85710e52710f63646563696d616c0a446563696d616c0a71105803000000312e357111857112527113636275696c74696e730a6279746561727261790a7114430278797115857116527117636275696c74696e730a636f6d706c65780a711847400800000000000047401000000000000086711952711a5d711b284b01681b655803000000c3a90a711c4306000100010001711d8a11000000000061f5b9abbfa45cc3f129631d8a1100000000009f0a4654405ba33c0ed69ce24754b249ad2594c37d477ff0000000000000652e',
  4: '80049518010000000000005d94288c0b636f6c6c656374696f6e73948c0b4f726465726564446963749493942952948c0161944b01738f94284b014b0290284b0391948c086461746574696d65948c086461746574696d65949394430a07e4010203040500000094859452948c07646563696d616c948c07446563696d616c9493948c03312e3594859452948c086275696c74696e73948c0962797465617272617994939443027879948594529468148c07636f6d706c6578949394474008000000000000474010000000000000869452945d94284b01681e658c03c3a90a944306000100010001948a11000000000061f5b9abbfa45cc3f129631d8a1100000000009f0a4654405ba33c0ed69ce24754b249ad2594c37d477ff0000000000000652e',
  5: '8005950b010000000000005d94288c0b636f6c6c656374696f6e73948c0b4f726465726564446963749493942952948c0161944b01738f94284b014b0290284b0391948c086461746574696d65948c086461746574696d65949394430a07e4010203040500000094859452948c07646563696d616c948c07446563696d616c9493948c03312e3594859452949602000000000000007879948c086275696c74696e73948c07636f6d706c6578949394474008000000000000474010000000000000869452945d94284b01681a658c03c3a90a944306000100010001948a11000000000061f5b9abbfa45cc3f129631d8a1100000000009f0a4654405ba33c0ed69ce24754b249ad2594c37d477ff0000000000000652e',
};

/** joblib's header: PROTO 4, FRAME, then the NumpyArrayWrapper global through STACK_GLOBAL. */
export function joblibHead(): Uint8Array {
  const s = (t: string): number[] => [0x8c, t.length, ...utf8(t)];
  const body = [...s('joblib.numpy_pickle'), 0x94, ...s('NumpyArrayWrapper'), 0x94, 0x93, 0x94, 0x29, 0x81, 0x94, 0x7d, 0x94, 0x28, ...s('subclass'), 0x94, ...s('numpy'), 0x94, ...s('ndarray'), 0x94, 0x93, 0x94];
  return concat([0x80, 0x04, 0x95], u64le(200), body);
}

/** The first bytes of a legacy (pre-zip) torch.save file: PROTO 2, LONG1 magic, STOP, ... */
export const LEGACY_TORCH_HEAD = hex('80 02 8a 0a 6c fc 9c 46 f9 20 6a a8 50 19 2e 80 02 4d e9 03 2e 80 02 7d 71 00 28');

// ---------------------------------------------------------------------------------------------
// Property-test helpers

/** Random corruptions of a valid file: byte overwrites, then an optional cut. */
export function mutations(base: Uint8Array): fc.Arbitrary<Uint8Array> {
  return fc
    .tuple(
      fc.array(fc.tuple(fc.nat({ max: Math.max(0, base.length - 1) }), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }),
      fc.option(fc.nat({ max: base.length }), { nil: undefined }),
    )
    .map(([edits, cut]) => {
      const b = Uint8Array.from(base);
      for (const [at, v] of edits) b[at] = v;
      return cut === undefined ? b : b.subarray(0, cut);
    });
}

/** Random bytes, sometimes dressed with a real magic so the reader gets past its first check. */
export function randomWithPrefix(prefixes: Uint8Array[]): fc.Arbitrary<Uint8Array> {
  return fc.tuple(fc.nat({ max: prefixes.length }), fc.uint8Array({ maxLength: 512 })).map(([i, rest]) => (i < prefixes.length ? concat(prefixes[i] as Uint8Array, rest) : rest));
}

/** Runs `f`, fails if it throws or takes longer than `ms`. */
export function quick<T>(f: () => T, ms = 250): T {
  const t0 = performance.now();
  const r = f();
  const dt = performance.now() - t0;
  if (dt > ms) throw new Error(`took ${dt.toFixed(0)} ms`);
  return r;
}

/** Checks the Parsed shape: ok with a value, or not ok with an error string. */
export function isParsed(r: { ok: boolean; error?: unknown; value?: unknown }): boolean {
  return r.ok ? r.value !== undefined : typeof r.error === 'string' && r.error.length > 0;
}

export const NOT_MODELS: Record<string, Uint8Array> = {
  text: utf8('Hello, this is a README for a project.\nIt has several lines of text.\n'),
  json: utf8('{"name": "lantern", "version": "0.1.0", "private": true}\n'),
  png: hex('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a0e5b5d10000000049454e44ae426082'),
  empty: new Uint8Array(0),
  random: Uint8Array.from({ length: 300 }, (_, i) => (i * 167 + 13) & 0xff),
};
