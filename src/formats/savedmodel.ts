/**
 * TensorFlow SavedModel reader (tensorflow/core/protobuf/saved_model.proto), over the protobuf
 * wire reader: the ops of every meta graph's GraphDef and of its function library, with the names
 * of their nodes and functions and the byte offset of each node.
 *
 *   SavedModel      saved_model_schema_version = 1, meta_graphs = 2
 *   MetaGraphDef    meta_info_def = 1 (tags = 4), graph_def = 2, saver_def = 3
 *   GraphDef        node = 1, library = 2
 *   NodeDef         name = 1, op = 2
 *   FunctionDefLibrary  function = 1
 *   FunctionDef     signature = 1 (OpDef: name = 1), node_def = 3
 *
 * Tensor contents (Const nodes' values) are stepped over by offset and never read. The walk is
 * bounded by protobuf steps, by the number of nodes listed and by string lengths.
 */
import { type ByteSource, type Parsed, fail, ok } from './source.js';
import { ProtoReader, type ProtoField, WIRE_LEN, WIRE_VARINT, varintToNumber } from './protobuf.js';

export interface SavedModelNode {
  /** NodeDef.name (capped). */
  name: string;
  /** NodeDef.op (capped). */
  op: string;
  /** The function holding the node; undefined for the meta graph's main graph. */
  fn?: string;
  /** Index of the meta graph holding the node. */
  metaGraph: number;
  /** Byte offset of the NodeDef in the file. */
  offset: number;
}

export interface SavedModelInfo {
  schemaVersion?: number;
  metaGraphCount: number;
  /** Tags of each meta graph ("serve", "train", ...). */
  tags: string[][];
  /** Every node, main graphs first, up to maxNodes. */
  nodes: SavedModelNode[];
  /** Distinct op names over all graphs and functions. */
  ops: string[];
  functionCount: number;
  /** True when maxNodes cut the list. */
  truncated: boolean;
}

export interface SavedModelLimits {
  /** Protobuf fields visited at most. */
  maxSteps?: number;
  /** Nodes listed at most (ops of further nodes are still collected into `ops`). */
  maxNodes?: number;
}

const MAX_NAME = 512;
const MAX_OPS = 5000;
const MAX_META_GRAPHS = 64;

export function readSavedModel(src: ByteSource, limits: SavedModelLimits = {}): Parsed<SavedModelInfo> {
  try {
    const p = new ProtoReader(src, limits.maxSteps ?? 5_000_000);
    return read(p, limits.maxNodes ?? 200_000);
  } catch (e) {
    return fail(`savedmodel: read error: ${(e as Error).message}`);
  }
}

function read(p: ProtoReader, maxNodes: number): Parsed<SavedModelInfo> {
  const info: SavedModelInfo = { metaGraphCount: 0, tags: [], nodes: [], ops: [], functionCount: 0, truncated: false };
  const ops = new Set<string>();
  let error: string | undefined;
  const res = p.walk(0, p.size, (f) => {
    if (f.field === 1 && f.wire === WIRE_VARINT) info.schemaVersion = varintToNumber(f.value);
    else if (f.field === 2 && f.wire === WIRE_LEN) {
      if (info.metaGraphCount >= MAX_META_GRAPHS) return false;
      const idx = info.metaGraphCount++;
      info.tags.push([]);
      error = readMetaGraph(p, f, idx, info, ops, maxNodes);
    } else if (f.field === 2 || f.field === 1) {
      error = `savedmodel: field ${f.field} has wire type ${f.wire}`;
    }
    return error === undefined;
  });
  if (error) return fail(error);
  if ('error' in res) return fail(`savedmodel: ${res.error}`, /past/.test(res.error));
  if (info.metaGraphCount === 0) return fail('savedmodel: no meta graph');
  info.ops = [...ops];
  return ok(info);
}

function walkErr(res: ReturnType<ProtoReader['walk']>, what: string): string | undefined {
  return 'error' in res ? `savedmodel: ${what}: ${res.error}` : undefined;
}

function readMetaGraph(p: ProtoReader, f: ProtoField, idx: number, info: SavedModelInfo, ops: Set<string>, maxNodes: number): string | undefined {
  let error: string | undefined;
  const res = p.walk(f.offset, f.offset + f.length, (m) => {
    if (m.wire !== WIRE_LEN) return;
    if (m.field === 1) {
      // MetaInfoDef.tags = 4
      const r = p.walk(m.offset, m.offset + m.length, (t) => {
        if (t.field === 4 && t.wire === WIRE_LEN && (info.tags[idx]?.length ?? 0) < 16) info.tags[idx]?.push(p.string(t.offset, t.length, 64));
      });
      error = walkErr(r, 'meta_info_def');
    } else if (m.field === 2) {
      error = readGraphDef(p, m, idx, info, ops, maxNodes);
    }
    return error === undefined;
  });
  return error ?? walkErr(res, 'meta graph');
}

function readGraphDef(p: ProtoReader, f: ProtoField, idx: number, info: SavedModelInfo, ops: Set<string>, maxNodes: number): string | undefined {
  let error: string | undefined;
  const res = p.walk(f.offset, f.offset + f.length, (g) => {
    if (g.wire !== WIRE_LEN) return;
    if (g.field === 1) error = readNode(p, g, idx, undefined, info, ops, maxNodes);
    else if (g.field === 2) error = readLibrary(p, g, idx, info, ops, maxNodes);
    return error === undefined;
  });
  return error ?? walkErr(res, 'graph_def');
}

function readLibrary(p: ProtoReader, f: ProtoField, idx: number, info: SavedModelInfo, ops: Set<string>, maxNodes: number): string | undefined {
  let error: string | undefined;
  const res = p.walk(f.offset, f.offset + f.length, (l) => {
    if (l.field !== 1 || l.wire !== WIRE_LEN) return;
    info.functionCount++;
    error = readFunction(p, l, idx, info, ops, maxNodes);
    return error === undefined;
  });
  return error ?? walkErr(res, 'library');
}

function readFunction(p: ProtoReader, f: ProtoField, idx: number, info: SavedModelInfo, ops: Set<string>, maxNodes: number): string | undefined {
  // The signature usually comes first, but protobuf allows any order: collect nodes, name them after.
  let name = '';
  const nodes: ProtoField[] = [];
  let error: string | undefined;
  const res = p.walk(f.offset, f.offset + f.length, (x) => {
    if (x.wire !== WIRE_LEN) return;
    if (x.field === 1) {
      const r = p.walk(x.offset, x.offset + x.length, (s) => {
        if (s.field === 1 && s.wire === WIRE_LEN) name = p.string(s.offset, s.length, MAX_NAME);
      });
      error = walkErr(r, 'function signature');
    } else if (x.field === 3) {
      if (nodes.length < maxNodes) nodes.push(x);
    }
    return error === undefined;
  });
  if (error) return error;
  const e = walkErr(res, 'function');
  if (e) return e;
  for (const n of nodes) {
    const ne = readNode(p, n, idx, name, info, ops, maxNodes);
    if (ne) return ne;
  }
  return undefined;
}

function readNode(p: ProtoReader, f: ProtoField, idx: number, fn: string | undefined, info: SavedModelInfo, ops: Set<string>, maxNodes: number): string | undefined {
  let name = '';
  let op = '';
  const res = p.walk(f.offset, f.offset + f.length, (n) => {
    if (n.wire !== WIRE_LEN) return;
    if (n.field === 1) name = p.string(n.offset, n.length, MAX_NAME);
    else if (n.field === 2) op = p.string(n.offset, n.length, MAX_NAME);
  });
  const e = walkErr(res, 'node');
  if (e) return e;
  if (ops.size < MAX_OPS) ops.add(op);
  if (info.nodes.length < maxNodes) {
    const node: SavedModelNode = { name, op, metaGraph: idx, offset: f.offset };
    if (fn !== undefined) node.fn = fn;
    info.nodes.push(node);
  } else info.truncated = true;
  return undefined;
}
