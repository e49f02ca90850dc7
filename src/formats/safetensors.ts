/**
 * safetensors: an 8-byte little-endian header length N, N bytes of JSON, then the raw tensor data.
 * The JSON maps tensor names to { dtype, shape, data_offsets: [begin, end] } (offsets relative to
 * the end of the header) plus an optional "__metadata__" map of string to string.
 *
 * We read the header only; tensor data is never touched. JSON.parse is safe here (it builds plain
 * data, runs nothing) and the header size is capped before it is read.
 */
import { type ByteSource, type Parsed, fail, ok, u64le } from './source.js';

/** The format's own cap on header size (the reference implementation refuses more). */
export const SAFETENSORS_MAX_HEADER = 100 * 1024 * 1024;
/** Tensors listed one by one in the result; the counts cover them all. */
export const SAFETENSORS_MAX_LISTED = 10_000;
const MAX_META_VALUE = 4096;
const MAX_META_KEYS = 1000;

export interface SafetensorsTensor {
  name: string;
  dtype: string;
  shape: number[];
  offsets: [number, number];
}

export interface SafetensorsInfo {
  headerLength: number;
  tensorCount: number;
  /** dtype -> number of tensors of that dtype */
  dtypes: Record<string, number>;
  parameterCount: number;
  metadata: Record<string, string>;
  /** End of the last tensor's data, relative to the start of the data section. */
  dataSize: number;
  /** The first SAFETENSORS_MAX_LISTED tensors, in header order. */
  tensors?: SafetensorsTensor[];
  /** Inconsistencies that do not stop the read (data past the end of the file, bad entries). */
  warnings: string[];
}

export interface SafetensorsLimits {
  maxHeader?: number;
}

/** Cheap check on a file head: a plausible header length and a JSON object right after it. */
export function looksLikeSafetensors(head: Uint8Array, fileSize: number): boolean {
  if (head.length < 9 || fileSize < 10) return false;
  const n = u64le(head, 0);
  if (!(n >= 2 && n <= Math.min(fileSize - 8, SAFETENSORS_MAX_HEADER))) return false;
  // The reference writer pads the header with spaces at the end; tolerate leading ones too.
  let i = 8;
  while (i < head.length && i < 8 + n && head[i] === 0x20) i++;
  return head[i] === 0x7b; // '{'
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function isObject(v: Json | undefined): v is { [k: string]: Json } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function cap(s: string, n = MAX_META_VALUE): string {
  return s.length > n ? s.slice(0, n) : s;
}

export function readSafetensorsHeader(src: ByteSource, limits: SafetensorsLimits = {}): Parsed<SafetensorsInfo> {
  try {
    return readHeader(src, Math.min(limits.maxHeader ?? SAFETENSORS_MAX_HEADER, SAFETENSORS_MAX_HEADER));
  } catch (e) {
    return fail(`safetensors: read error: ${(e as Error).message}`);
  }
}

function readHeader(src: ByteSource, maxHeader: number): Parsed<SafetensorsInfo> {
  if (src.size < 8) return fail('safetensors: file shorter than the 8-byte header length', true);
  const n = u64le(src.readAt(0, 8), 0);
  if (!Number.isFinite(n) || n < 2) return fail('safetensors: implausible header length');
  if (n > maxHeader) return fail(`safetensors: header of ${n} bytes exceeds the ${maxHeader}-byte limit`);
  if (8 + n > src.size) return fail('safetensors: header runs past the end of the file', true);
  const bytes = readFully(src, 8, n);
  if (bytes === undefined) return fail('safetensors: short read of the header', true);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return fail('safetensors: header is not valid UTF-8');
  }
  let root: Json;
  try {
    root = JSON.parse(text) as Json;
  } catch {
    return fail('safetensors: header is not valid JSON');
  }
  if (!isObject(root)) return fail('safetensors: header is not a JSON object');
  return ok(summarize(root, n, src.size - 8 - n));
}

/** Reads exactly `n` bytes, in several reads when a source caps the size of one (FileSource). */
function readFully(src: ByteSource, offset: number, n: number): Uint8Array | undefined {
  const first = src.readAt(offset, n);
  if (first.length === n) return first;
  const out = new Uint8Array(n);
  out.set(first);
  let got = first.length;
  while (got < n) {
    const part = src.readAt(offset + got, n - got);
    if (part.length === 0) return undefined;
    out.set(part, got);
    got += part.length;
  }
  return out;
}

function summarize(root: { [k: string]: Json }, headerLength: number, available: number): SafetensorsInfo {
  const info: SafetensorsInfo = {
    headerLength,
    tensorCount: 0,
    dtypes: {},
    parameterCount: 0,
    metadata: {},
    dataSize: 0,
    tensors: [],
    warnings: [],
  };
  for (const [name, entry] of Object.entries(root)) {
    if (name === '__metadata__') {
      readMetadata(entry, info);
      continue;
    }
    const t = readTensor(name, entry);
    if (typeof t === 'string') {
      if (info.warnings.length < 20) info.warnings.push(t);
      continue;
    }
    info.tensorCount++;
    info.dtypes[t.dtype] = (info.dtypes[t.dtype] ?? 0) + 1;
    info.parameterCount += t.shape.reduce((a, b) => a * b, 1);
    info.dataSize = Math.max(info.dataSize, t.offsets[1]);
    if (info.tensors && info.tensors.length < SAFETENSORS_MAX_LISTED) info.tensors.push(t);
  }
  if (info.dataSize > available) {
    info.warnings.push(`tensor data ends at ${info.dataSize} but only ${available} bytes follow the header`);
  }
  return info;
}

function readMetadata(entry: Json | undefined, info: SafetensorsInfo): void {
  if (!isObject(entry)) {
    info.warnings.push('__metadata__ is not an object');
    return;
  }
  let count = 0;
  for (const [k, v] of Object.entries(entry)) {
    if (++count > MAX_META_KEYS) break;
    // The format says string to string; keep other scalars as their JSON text rather than drop them.
    info.metadata[cap(k, 256)] = cap(typeof v === 'string' ? v : JSON.stringify(v));
  }
}

function isCount(v: Json | undefined): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0;
}

function readTensor(name: string, entry: Json | undefined): SafetensorsTensor | string {
  const label = cap(name, 256);
  if (!isObject(entry)) return `tensor ${label}: entry is not an object`;
  const { dtype, shape, data_offsets: offsets } = entry;
  if (typeof dtype !== 'string' || dtype.length > 32) return `tensor ${label}: missing or bad dtype`;
  if (!Array.isArray(shape) || shape.length > 64 || !shape.every(isCount)) return `tensor ${label}: bad shape`;
  if (!Array.isArray(offsets) || offsets.length !== 2 || !isCount(offsets[0]) || !isCount(offsets[1]) || offsets[0] > offsets[1]) {
    return `tensor ${label}: bad data_offsets`;
  }
  return { name: label, dtype, shape: shape as number[], offsets: [offsets[0], offsets[1]] };
}
