/**
 * ONNX ModelProto reader (onnx/onnx.proto), over the protobuf wire reader.
 *
 * ONNX has no magic number, so `looksLikeOnnx` checks that the head parses as the start of a
 * ModelProto. `readOnnxModel` walks the top-level fields and the graph; initializer payloads
 * (raw_data, float_data, ...) are stepped over by offset and never read, so memory stays at one
 * read window whatever the model size.
 */
import { type ByteSource, BufferSource, type Parsed, fail, ok } from './source.js';
import { ProtoReader, type ProtoField, WIRE_LEN, WIRE_VARINT, decodeUtf8Strict, varintToInt64, varintToNumber } from './protobuf.js';

/** ModelProto field numbers. */
const M = {
  irVersion: 1,
  producerName: 2,
  producerVersion: 3,
  domain: 4,
  modelVersion: 5,
  docString: 6,
  graph: 7,
  opsetImport: 8,
  metadataProps: 14,
  trainingInfo: 20,
  functions: 25,
  configuration: 26,
} as const;

/** Wire type of each ModelProto field, for the sniffer. */
const MODEL_FIELD_WIRE: Readonly<Record<number, number>> = {
  1: WIRE_VARINT,
  2: WIRE_LEN,
  3: WIRE_LEN,
  4: WIRE_LEN,
  5: WIRE_VARINT,
  6: WIRE_LEN,
  7: WIRE_LEN,
  8: WIRE_LEN,
  14: WIRE_LEN,
  20: WIRE_LEN,
  25: WIRE_LEN,
  26: WIRE_LEN,
};

/** GraphProto field numbers. */
const G = { node: 1, name: 2, initializer: 5, docString: 10, input: 11, output: 12, valueInfo: 13, sparseInitializer: 15 } as const;
/** Field numbers of GraphProto, for the sniffer (wire type is LEN for all of them). */
const GRAPH_FIELDS = new Set([1, 2, 5, 10, 11, 12, 13, 14, 15, 16]);

/** TensorProto.DataType. */
export const ONNX_DATA_TYPES: readonly string[] = [
  'UNDEFINED',
  'FLOAT',
  'UINT8',
  'INT8',
  'UINT16',
  'INT16',
  'INT32',
  'INT64',
  'STRING',
  'BOOL',
  'FLOAT16',
  'DOUBLE',
  'UINT32',
  'UINT64',
  'COMPLEX64',
  'COMPLEX128',
  'BFLOAT16',
  'FLOAT8E4M3FN',
  'FLOAT8E4M3FNUZ',
  'FLOAT8E5M2',
  'FLOAT8E5M2FNUZ',
  'UINT4',
  'INT4',
  'FLOAT4E2M1',
  'FLOAT8E8M0',
  'UINT2',
  'INT2',
];

export interface ValueInfo {
  name: string;
  elemType?: string;
  /** Dimensions: a size, a symbolic name, or '?' when neither is given. */
  shape?: (number | string)[];
}

export interface ExternalData {
  tensor: string;
  location: string;
  offset?: number;
  length?: number;
}

export interface OnnxInfo {
  irVersion: number;
  producerName?: string;
  producerVersion?: string;
  domain?: string;
  modelVersion?: number;
  docString?: string;
  graphName?: string;
  /** Operator sets; the default domain '' is shown as ai.onnx. */
  opsets: { domain: string; version: number }[];
  inputs: ValueInfo[];
  outputs: ValueInfo[];
  nodeCount: number;
  /** Distinct `domain::op_type` of the main graph's nodes (domain '' shown as ai.onnx), first 500. */
  opTypes: string[];
  initializerCount: number;
  sparseInitializerCount: number;
  externalData: ExternalData[];
  metadata: Record<string, string>;
  /** Function definitions in the model (ModelProto.functions), by count. */
  functionCount: number;
}

export interface OnnxLimits {
  /** Protobuf fields visited at most, over the whole model. */
  maxSteps?: number;
  /** Inputs, outputs, external-data entries and metadata keys listed at most (each). */
  maxListed?: number;
}

const MAX_OP_TYPES = 500;
const MAX_NAME = 1024;
const MAX_DOC = 4096;
const MAX_DIMS = 64;
const DEFAULT_DOMAIN = 'ai.onnx';

// ---------------------------------------------------------------------------------------------
// Sniffing

/**
 * True when the head parses as the beginning of a ModelProto: ir_version first (1..20), then only
 * ModelProto fields with their wire types, string fields that are printable UTF-8, and at least
 * one of producer_name, graph or opset_import. Fields cut by the end of the head are accepted.
 */
/** Sniffers see at most this many bytes of a file (src/sniff/sniff.ts HEAD_BYTES). */
const HEAD_CUT = 64 * 1024;

export function looksLikeOnnx(head: Uint8Array): boolean {
  if (head.length < 4 || head[0] !== 0x08) return false;
  const p = new ProtoReader(new BufferSource(head), 10_000);
  let first = true;
  let valid = true;
  let strong = false;
  let named = false;
  const res = p.walk(
    0,
    head.length,
    (f) => {
      if (first) {
        first = false;
        const v = varintToNumber(f.value);
        valid = f.field === M.irVersion && f.wire === WIRE_VARINT && v >= 1 && v <= 20;
        return valid;
      }
      if (MODEL_FIELD_WIRE[f.field] !== f.wire) return (valid = false);
      valid = sniffField(p, f);
      if (valid && (f.field === M.graph || f.field === M.opsetImport)) strong = true;
      if (valid && f.field === M.producerName) named = true;
      return valid;
    },
    { partial: true },
  );
  // A model has a graph or an opset; a producer name alone is enough only when the head was cut
  // before the graph's tag (a very long doc string), since then the graph cannot be seen.
  return !('error' in res) && valid && (strong || (named && head.length >= HEAD_CUT));
}

/** Content checks for the fields a sniffer can see: text is text, sub-messages parse. */
function sniffField(p: ProtoReader, f: ProtoField): boolean {
  const available = Math.min(f.length, p.size - f.offset);
  switch (f.field) {
    case M.producerName:
    case M.producerVersion:
    case M.domain:
    case M.docString: {
      const s = decodeUtf8Strict(p.bytes(f.offset, available, 4096));
      // A cut multi-byte sequence at the head's end is fine; control characters in a name are not.
      if (s === undefined) return f.truncated === true;
      return f.field === M.docString || !hasControlChars(s);
    }
    case M.graph:
      return sniffMessage(p, f, (g) => GRAPH_FIELDS.has(g.field) && g.wire === WIRE_LEN);
    case M.opsetImport:
      return (
        f.length <= 1024 &&
        sniffMessage(p, f, (o) => (o.field === 1 && o.wire === WIRE_LEN) || (o.field === 2 && o.wire === WIRE_VARINT))
      );
    default:
      return true;
  }
}

function hasControlChars(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

function sniffMessage(p: ProtoReader, f: ProtoField, fieldOk: (g: ProtoField) => boolean): boolean {
  let good = true;
  const res = p.walk(f.offset, f.offset + f.length, (g) => (good = fieldOk(g)), { partial: true });
  return good && !('error' in res);
}

// ---------------------------------------------------------------------------------------------
// Reading

export function readOnnxModel(src: ByteSource, limits: OnnxLimits = {}): Parsed<OnnxInfo> {
  try {
    return readModel(new ProtoReader(src, limits.maxSteps ?? 5_000_000), limits.maxListed ?? 1000);
  } catch (e) {
    return fail(`onnx: read error: ${(e as Error).message}`);
  }
}

function readModel(p: ProtoReader, maxListed: number): Parsed<OnnxInfo> {
  const info: OnnxInfo = {
    irVersion: 0,
    opsets: [],
    inputs: [],
    outputs: [],
    nodeCount: 0,
    opTypes: [],
    initializerCount: 0,
    sparseInitializerCount: 0,
    externalData: [],
    metadata: {},
    functionCount: 0,
  };
  const ops = new Set<string>();
  let error: string | undefined;
  let first = true;
  let sawGraph = false;
  const res = p.walk(0, p.size, (f) => {
    if (first && (f.field !== M.irVersion || f.wire !== WIRE_VARINT)) {
      error = 'onnx: first field is not ir_version';
      return false;
    }
    first = false;
    if (f.field === M.graph) sawGraph = true;
    const e = modelField(p, f, info, ops, maxListed);
    if (e) error = e;
    return e === undefined;
  });
  if (error) return fail(error);
  if ('error' in res) return fail(`onnx: ${res.error}`, /past/.test(res.error));
  if (info.irVersion < 1) return fail('onnx: no ir_version');
  // Other protobufs start with a small varint 1 too (Core ML); a model has a graph or opsets.
  if (!sawGraph && info.opsets.length === 0) return fail('onnx: no graph and no opset_import');
  info.opTypes = [...ops];
  return ok(info);
}

function modelField(p: ProtoReader, f: ProtoField, info: OnnxInfo, ops: Set<string>, maxListed: number): string | undefined {
  const str = (max = MAX_NAME): string => p.string(f.offset, f.length, max);
  if (f.wire !== MODEL_FIELD_WIRE[f.field]) return MODEL_FIELD_WIRE[f.field] === undefined ? undefined : `onnx: field ${f.field} has wire type ${f.wire}`;
  switch (f.field) {
    case M.irVersion:
      info.irVersion = varintToNumber(f.value);
      return undefined;
    case M.producerName:
      info.producerName = str();
      return undefined;
    case M.producerVersion:
      info.producerVersion = str();
      return undefined;
    case M.domain:
      info.domain = str();
      return undefined;
    case M.modelVersion:
      info.modelVersion = varintToInt64(f.value);
      return undefined;
    case M.docString:
      info.docString = str(MAX_DOC);
      return undefined;
    case M.opsetImport: {
      const o = readOpset(p, f);
      if (typeof o === 'string') return o;
      if (info.opsets.length < maxListed) info.opsets.push(o);
      return undefined;
    }
    case M.metadataProps: {
      const kv = readStringPair(p, f);
      if (typeof kv === 'string') return kv;
      if (Object.keys(info.metadata).length < maxListed) info.metadata[kv[0]] = kv[1];
      return undefined;
    }
    case M.graph:
      return readGraph(p, f, info, ops, maxListed);
    case M.functions:
      info.functionCount++;
      return undefined;
    default:
      return undefined;
  }
}

function walkError(res: ReturnType<ProtoReader['walk']>, what: string): string | undefined {
  return 'error' in res ? `onnx: ${what}: ${res.error}` : undefined;
}

function readOpset(p: ProtoReader, f: ProtoField): { domain: string; version: number } | string {
  let domain = '';
  let version = 0;
  const res = p.walk(f.offset, f.offset + f.length, (o) => {
    if (o.field === 1 && o.wire === WIRE_LEN) domain = p.string(o.offset, o.length, MAX_NAME);
    else if (o.field === 2 && o.wire === WIRE_VARINT) version = varintToInt64(o.value);
  });
  return walkError(res, 'opset_import') ?? { domain: domain === '' ? DEFAULT_DOMAIN : domain, version };
}

/** StringStringEntryProto: key = 1, value = 2. */
function readStringPair(p: ProtoReader, f: ProtoField): [string, string] | string {
  let key = '';
  let value = '';
  const res = p.walk(f.offset, f.offset + f.length, (o) => {
    if (o.wire !== WIRE_LEN) return;
    if (o.field === 1) key = p.string(o.offset, o.length, MAX_NAME);
    else if (o.field === 2) value = p.string(o.offset, o.length, MAX_DOC);
  });
  return walkError(res, 'string entry') ?? [key, value];
}

function readGraph(p: ProtoReader, f: ProtoField, info: OnnxInfo, ops: Set<string>, maxListed: number): string | undefined {
  let error: string | undefined;
  const res = p.walk(f.offset, f.offset + f.length, (g) => {
    if (g.wire !== WIRE_LEN) return;
    switch (g.field) {
      case G.node:
        info.nodeCount++;
        error = readNode(p, g, ops);
        break;
      case G.name:
        info.graphName = p.string(g.offset, g.length, MAX_NAME);
        break;
      case G.initializer:
        info.initializerCount++;
        error = readInitializer(p, g, info, maxListed);
        break;
      case G.sparseInitializer:
        info.sparseInitializerCount++;
        break;
      case G.input:
      case G.output: {
        const list = g.field === G.input ? info.inputs : info.outputs;
        if (list.length >= maxListed) break;
        const v = readValueInfo(p, g);
        if (typeof v === 'string') error = v;
        else list.push(v);
        break;
      }
      default:
        break;
    }
    return error === undefined;
  });
  return error ?? walkError(res, 'graph');
}

function readNode(p: ProtoReader, f: ProtoField, ops: Set<string>): string | undefined {
  let opType = '';
  let domain = '';
  // NodeProto: op_type = 4, domain = 7; inputs, outputs and attributes are stepped over.
  const res = p.walk(f.offset, f.offset + f.length, (n) => {
    if (n.wire !== WIRE_LEN) return;
    if (n.field === 4) opType = p.string(n.offset, n.length, MAX_NAME);
    else if (n.field === 7) domain = p.string(n.offset, n.length, MAX_NAME);
  });
  if (ops.size < MAX_OP_TYPES) ops.add(`${domain === '' ? DEFAULT_DOMAIN : domain}::${opType}`);
  return walkError(res, 'node');
}

/** The keys of TensorProto.external_data that ONNX reads. */
const EXTERNAL_KEYS: ReadonlySet<string> = new Set(['location', 'offset', 'length', 'checksum', 'basepath']);

/** TensorProto: name = 8, raw_data = 9 (skipped), external_data = 13, data_location = 14. */
function readInitializer(p: ProtoReader, f: ProtoField, info: OnnxInfo, maxListed: number): string | undefined {
  let name = '';
  let external = false;
  // The last value of each key, as ONNX reads them (ExternalDataInfo sets one attribute per entry,
  // onnxruntime assigns in a loop): a second `location` replaces the first. Known keys always
  // count; at most 16 others are kept.
  const entries = new Map<string, string>();
  let error: string | undefined;
  const res = p.walk(f.offset, f.offset + f.length, (t) => {
    if (t.field === 8 && t.wire === WIRE_LEN) name = p.string(t.offset, t.length, MAX_NAME);
    else if (t.field === 14 && t.wire === WIRE_VARINT) external = varintToNumber(t.value) === 1;
    else if (t.field === 13 && t.wire === WIRE_LEN) {
      const kv = readStringPair(p, t);
      if (typeof kv === 'string') error = kv;
      else if (entries.has(kv[0]) || EXTERNAL_KEYS.has(kv[0]) || entries.size < 16) entries.set(kv[0], kv[1]);
    }
    return error === undefined;
  });
  if (error) return error;
  const e = walkError(res, 'initializer');
  if (e) return e;
  if ((external || entries.size > 0) && info.externalData.length < maxListed) {
    const get = (k: string): string | undefined => entries.get(k);
    const num = (k: string): number | undefined => {
      const v = get(k);
      return v !== undefined && /^\d{1,16}$/.test(v) ? Number(v) : undefined;
    };
    const ext: ExternalData = { tensor: name, location: get('location') ?? '' };
    const offset = num('offset');
    const length = num('length');
    if (offset !== undefined) ext.offset = offset;
    if (length !== undefined) ext.length = length;
    info.externalData.push(ext);
  }
  return undefined;
}

/** ValueInfoProto: name = 1, type = 2 (TypeProto: tensor_type = 1 -> elem_type = 1, shape = 2). */
function readValueInfo(p: ProtoReader, f: ProtoField): ValueInfo | string {
  const v: ValueInfo = { name: '' };
  let error: string | undefined;
  const res = p.walk(f.offset, f.offset + f.length, (x) => {
    if (x.field === 1 && x.wire === WIRE_LEN) v.name = p.string(x.offset, x.length, MAX_NAME);
    else if (x.field === 2 && x.wire === WIRE_LEN) error = readType(p, x, v);
    return error === undefined;
  });
  return error ?? walkError(res, 'value info') ?? v;
}

function readType(p: ProtoReader, f: ProtoField, v: ValueInfo): string | undefined {
  let error: string | undefined;
  const res = p.walk(f.offset, f.offset + f.length, (t) => {
    if (t.field !== 1 || t.wire !== WIRE_LEN) return; // only tensor types carry elem type and shape
    const inner = p.walk(t.offset, t.offset + t.length, (x) => {
      if (x.field === 1 && x.wire === WIRE_VARINT) {
        const code = varintToNumber(x.value);
        v.elemType = ONNX_DATA_TYPES[code] ?? `TYPE_${code}`;
      } else if (x.field === 2 && x.wire === WIRE_LEN) {
        const s = readShape(p, x);
        if (typeof s === 'string') error = s;
        else v.shape = s;
      }
      return error === undefined;
    });
    error ??= walkError(inner, 'tensor type');
    return error === undefined;
  });
  return error ?? walkError(res, 'type');
}

/** TensorShapeProto: dim = 1 (Dimension: dim_value = 1, dim_param = 2). */
function readShape(p: ProtoReader, f: ProtoField): (number | string)[] | string {
  const dims: (number | string)[] = [];
  let error: string | undefined;
  const res = p.walk(f.offset, f.offset + f.length, (d) => {
    if (d.field !== 1 || d.wire !== WIRE_LEN) return;
    if (dims.length >= MAX_DIMS) return false;
    let dim: number | string = '?';
    const inner = p.walk(d.offset, d.offset + d.length, (x) => {
      if (x.field === 1 && x.wire === WIRE_VARINT) dim = varintToInt64(x.value);
      else if (x.field === 2 && x.wire === WIRE_LEN) dim = p.string(x.offset, x.length, 256);
    });
    error = walkError(inner, 'dimension');
    dims.push(dim);
    return error === undefined;
  });
  return error ?? walkError(res, 'shape') ?? dims;
}

/** True for an external-data location that leaves the model's directory (absolute or `..`). */
export function isEscapingLocation(location: string): boolean {
  if (/^([a-zA-Z]:)?[\\/]/.test(location) || location.includes('\0')) return true;
  return location.split(/[\\/]+/).includes('..');
}

// ---------------------------------------------------------------------------------------------
// Deep walk for the safety detectors: every graph (main graph, If/Loop/Scan subgraphs in node
// attributes, training graphs, model functions), every node's domain and op, and every tensor with
// external data (initializers, sparse initializers, Constant nodes' tensors), with byte offsets.

/** Where a node or tensor sits: `graph`, `graph/node:If_0/then_branch`, `function:custom.Foo`, ... */
export interface OnnxNodeRef {
  domain: string;
  opType: string;
  name: string;
  /** Byte offset of the NodeProto in the file. */
  offset: number;
  where: string;
}

export interface OnnxTensorRef {
  tensor: string;
  /** Raw external_data `location` value ('' when absent). */
  location: string;
  /** Byte offset of the TensorProto in the file. */
  offset: number;
  where: string;
}

export interface OnnxGraphScan {
  nodes: OnnxNodeRef[];
  externalTensors: OnnxTensorRef[];
  /** (domain, name) of the model's functions (ModelProto.functions), which define ops locally. */
  functions: { domain: string; name: string }[];
  /** True when a limit cut the walk (deep nesting, too many nodes or tensors). */
  truncated: boolean;
}

export interface OnnxScanLimits {
  maxSteps?: number;
  /** Nodes listed at most. */
  maxNodes?: number;
  /** Graph nesting followed at most. */
  maxDepth?: number;
}

/** Walks every graph of a model; never throws. Tensor payloads are stepped over, never read. */
export function scanOnnxGraphs(src: ByteSource, limits: OnnxScanLimits = {}): Parsed<OnnxGraphScan> {
  const out: OnnxGraphScan = { nodes: [], externalTensors: [], functions: [], truncated: false };
  try {
    const p = new ProtoReader(src, limits.maxSteps ?? 5_000_000);
    const w = new DeepWalk(p, out, limits.maxNodes ?? 100_000, limits.maxDepth ?? 16);
    let first = true;
    let error: string | undefined;
    const res = p.walk(0, p.size, (f) => {
      if (first && (f.field !== M.irVersion || f.wire !== WIRE_VARINT)) {
        error = 'onnx: first field is not ir_version';
        return false;
      }
      first = false;
      if (f.wire !== WIRE_LEN) return;
      if (f.field === M.graph) error = w.graph(f, 'graph', 0);
      else if (f.field === M.trainingInfo) error = w.trainingInfo(f);
      else if (f.field === M.functions) error = w.fn(f);
      return error === undefined;
    });
    if (error) return fail(error);
    if ('error' in res) return fail(`onnx: ${res.error}`, /past/.test(res.error));
    return ok(out);
  } catch (e) {
    return fail(`onnx: read error: ${(e as Error).message}`);
  }
}

class DeepWalk {
  constructor(
    private readonly p: ProtoReader,
    private readonly out: OnnxGraphScan,
    private readonly maxNodes: number,
    private readonly maxDepth: number,
  ) {}

  private err(res: ReturnType<ProtoReader['walk']>, what: string): string | undefined {
    return 'error' in res ? `onnx: ${what}: ${res.error}` : undefined;
  }

  graph(f: ProtoField, where: string, depth: number): string | undefined {
    if (depth > this.maxDepth) {
      this.out.truncated = true;
      return undefined;
    }
    let error: string | undefined;
    const res = this.p.walk(f.offset, f.offset + f.length, (g) => {
      if (g.wire !== WIRE_LEN) return;
      if (g.field === G.node) error = this.node(g, where, depth);
      else if (g.field === G.initializer) error = this.tensor(g, where);
      else if (g.field === G.sparseInitializer) error = this.sparse(g, where);
      return error === undefined;
    });
    return error ?? this.err(res, `${where}`);
  }

  trainingInfo(f: ProtoField): string | undefined {
    // TrainingInfoProto: initialization = 1, algorithm = 2 (GraphProto each).
    let error: string | undefined;
    const res = this.p.walk(f.offset, f.offset + f.length, (t) => {
      if (t.wire !== WIRE_LEN) return;
      if (t.field === 1) error = this.graph(t, 'training_info/initialization', 1);
      else if (t.field === 2) error = this.graph(t, 'training_info/algorithm', 1);
      return error === undefined;
    });
    return error ?? this.err(res, 'training_info');
  }

  fn(f: ProtoField): string | undefined {
    // FunctionProto: name = 1, node = 7, domain = 10. Nodes are walked after the name is known.
    let name = '';
    let domain = '';
    const nodes: ProtoField[] = [];
    const res = this.p.walk(f.offset, f.offset + f.length, (x) => {
      if (x.wire !== WIRE_LEN) return;
      if (x.field === 1) name = this.p.string(x.offset, x.length, MAX_NAME);
      else if (x.field === 10) domain = this.p.string(x.offset, x.length, MAX_NAME);
      else if (x.field === 7 && nodes.length < this.maxNodes) nodes.push(x);
    });
    const e = this.err(res, 'function');
    if (e) return e;
    if (this.out.functions.length < 10_000) this.out.functions.push({ domain, name });
    const where = `function:${domain ? `${domain}.` : ''}${name}`;
    for (const n of nodes) {
      const ne = this.node(n, where, 1);
      if (ne) return ne;
    }
    return undefined;
  }

  node(f: ProtoField, where: string, depth: number): string | undefined {
    let opType = '';
    let domain = '';
    let name = '';
    const attrs: ProtoField[] = [];
    const res = this.p.walk(f.offset, f.offset + f.length, (n) => {
      if (n.wire !== WIRE_LEN) return;
      if (n.field === 3) name = this.p.string(n.offset, n.length, MAX_NAME);
      else if (n.field === 4) opType = this.p.string(n.offset, n.length, MAX_NAME);
      else if (n.field === 7) domain = this.p.string(n.offset, n.length, MAX_NAME);
      else if (n.field === 5 && attrs.length < 1024) attrs.push(n);
    });
    const e = this.err(res, 'node');
    if (e) return e;
    if (this.out.nodes.length < this.maxNodes) this.out.nodes.push({ domain, opType, name, offset: f.offset, where });
    else this.out.truncated = true;
    const label = `${where}/node:${name || opType}`;
    for (const a of attrs) {
      const ae = this.attribute(a, label, depth);
      if (ae) return ae;
    }
    return undefined;
  }

  /** AttributeProto: name = 1, t = 5, g = 6, tensors = 10, graphs = 11, sparse_tensor = 22, sparse_tensors = 23. */
  attribute(f: ProtoField, where: string, depth: number): string | undefined {
    let attrName = '';
    const parts: ProtoField[] = [];
    const res = this.p.walk(f.offset, f.offset + f.length, (a) => {
      if (a.wire !== WIRE_LEN) return;
      if (a.field === 1) attrName = this.p.string(a.offset, a.length, MAX_NAME);
      else if ([5, 6, 10, 11, 22, 23].includes(a.field) && parts.length < 1024) parts.push(a);
    });
    const e = this.err(res, 'attribute');
    if (e) return e;
    const here = `${where}/${attrName || 'attribute'}`;
    for (const a of parts) {
      let ae: string | undefined;
      if (a.field === 5 || a.field === 10) ae = this.tensor(a, here);
      else if (a.field === 6 || a.field === 11) ae = this.graph(a, here, depth + 1);
      else ae = this.sparse(a, here);
      if (ae) return ae;
    }
    return undefined;
  }

  /** SparseTensorProto: values = 1, indices = 2 (TensorProto each). */
  sparse(f: ProtoField, where: string): string | undefined {
    let error: string | undefined;
    const res = this.p.walk(f.offset, f.offset + f.length, (s) => {
      if (s.wire === WIRE_LEN && (s.field === 1 || s.field === 2)) error = this.tensor(s, where);
      return error === undefined;
    });
    return error ?? this.err(res, 'sparse tensor');
  }

  /** TensorProto: name = 8, external_data = 13, data_location = 14. */
  tensor(f: ProtoField, where: string): string | undefined {
    let name = '';
    let external = false;
    let location: string | undefined;
    let error: string | undefined;
    const res = this.p.walk(f.offset, f.offset + f.length, (t) => {
      if (t.field === 8 && t.wire === WIRE_LEN) name = this.p.string(t.offset, t.length, MAX_NAME);
      else if (t.field === 14 && t.wire === WIRE_VARINT) external = varintToNumber(t.value) === 1;
      else if (t.field === 13 && t.wire === WIRE_LEN) {
        const kv = readStringPair(this.p, t);
        if (typeof kv === 'string') error = kv;
        // The last one, as ONNX reads them (ExternalDataInfo, onnxruntime): a second location replaces the first.
        else if (kv[0] === 'location') location = kv[1];
      }
      return error === undefined;
    });
    if (error) return error;
    const e = this.err(res, 'tensor');
    if (e) return e;
    if ((external || location !== undefined) && this.out.externalTensors.length < 100_000) {
      this.out.externalTensors.push({ tensor: name, location: location ?? '', offset: f.offset, where });
    }
    return undefined;
  }
}
