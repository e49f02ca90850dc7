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

// ---------------------------------------------------------------------------------------------
// Validation against the format's rules, as the reference implementation enforces them
// (huggingface/safetensors: Metadata::validate and SafeTensors::deserialize).

export interface SafetensorsProblem {
  message: string;
  /** Byte offset in the file where the problem is (header length, key, or data position). */
  offset?: number;
}

const MAX_PROBLEMS = 50;

/**
 * Every way the header breaks the format: length past the end or over the cap, not a JSON object,
 * duplicate keys (at any depth), entries missing dtype/shape/data_offsets, unknown dtypes, offsets
 * outside the data section, overlapping or unordered spans and gaps, span size different from
 * dtype size x shape, `__metadata__` with non-string values. `dtypeBits` maps each dtype to the
 * bits of one element. An empty list means the header is valid. Never throws.
 */
export function validateSafetensors(src: ByteSource, dtypeBits: Readonly<Record<string, number>>, maxHeader = SAFETENSORS_MAX_HEADER): SafetensorsProblem[] {
  const problems: SafetensorsProblem[] = [];
  const add = (message: string, offset?: number): void => {
    if (problems.length < MAX_PROBLEMS) problems.push(offset === undefined ? { message } : { message, offset });
  };
  try {
    if (src.size < 8) {
      add(`file of ${src.size} bytes is shorter than the 8-byte header length`, 0);
      return problems;
    }
    const n = u64le(src.readAt(0, 8), 0);
    if (!Number.isFinite(n) || n > maxHeader) {
      add(`header length ${Number.isFinite(n) ? n : '>= 2^53'} is absurd (the format caps it at ${maxHeader} bytes)`, 0);
      return problems;
    }
    if (8 + n > src.size) {
      add(`header length ${n} runs past the end of the file (${src.size} bytes)`, 0);
      return problems;
    }
    if (n < 2) {
      add(`header length ${n} cannot hold a JSON object`, 0);
      return problems;
    }
    const bytes = readFully(src, 8, n);
    if (bytes === undefined) {
      add('short read of the header', 8);
      return problems;
    }
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      add('header is not valid UTF-8', 8);
      return problems;
    }
    let root: Json;
    try {
      root = JSON.parse(text) as Json;
    } catch {
      add('header is not valid JSON', 8);
      return problems;
    }
    if (!isObject(root)) {
      add('header is not a JSON object', 8);
      return problems;
    }
    const keyAt = new Map<string, number>();
    for (const d of duplicateKeys(bytes, keyAt)) add(`duplicate key ${JSON.stringify(cap(d.key, 128))} in the header (parsers disagree on which value wins)`, 8 + d.offset);
    const at = (k: string): number | undefined => {
      const o = keyAt.get(k);
      return o === undefined ? 8 : 8 + o;
    };
    const dataStart = 8 + n;
    const available = src.size - dataStart;
    const spans: { name: string; begin: number; end: number }[] = [];
    for (const [name, entry] of Object.entries(root)) {
      const label = JSON.stringify(cap(name, 128));
      if (name === '__metadata__') {
        if (!isObject(entry)) add('__metadata__ is not an object of strings', at(name));
        else {
          const bad = Object.entries(entry).filter(([, v]) => typeof v !== 'string');
          if (bad.length) add(`__metadata__ holds non-string values (${bad.slice(0, 5).map(([k]) => JSON.stringify(cap(k, 64))).join(', ')})`, at(name));
        }
        continue;
      }
      if (!isObject(entry)) {
        add(`tensor ${label}: entry is not an object`, at(name));
        continue;
      }
      const { dtype, shape, data_offsets: offsets } = entry;
      const missing = ['dtype', 'shape', 'data_offsets'].filter((k) => !(k in entry));
      if (missing.length) {
        add(`tensor ${label}: missing ${missing.join(', ')}`, at(name));
        continue;
      }
      let ok = true;
      const bits = typeof dtype === 'string' ? dtypeBits[dtype] : undefined;
      if (typeof dtype !== 'string') {
        add(`tensor ${label}: dtype is not a string`, at(name));
        ok = false;
      } else if (bits === undefined) {
        add(`tensor ${label}: unknown dtype ${JSON.stringify(cap(dtype, 32))}`, at(name));
        ok = false;
      }
      if (!Array.isArray(shape) || !shape.every(isCount)) {
        add(`tensor ${label}: shape is not a list of non-negative integers`, at(name));
        ok = false;
      }
      if (!Array.isArray(offsets) || offsets.length !== 2 || !isCount(offsets[0]) || !isCount(offsets[1])) {
        add(`tensor ${label}: data_offsets is not a pair of non-negative integers`, at(name));
        continue;
      }
      const [begin, end] = offsets as [number, number];
      if (begin > end) {
        add(`tensor ${label}: data_offsets [${begin}, ${end}] end before they begin`, at(name));
        continue;
      }
      if (end > available) add(`tensor ${label}: data_offsets [${begin}, ${end}] run past the data section (${available} bytes)`, dataStart + Math.min(begin, available));
      spans.push({ name: label, begin, end });
      if (ok && bits !== undefined && Array.isArray(shape)) {
        const elements = (shape as number[]).reduce((a, b) => a * BigInt(b), 1n);
        const nbits = elements * BigInt(bits);
        const expected = nbits / 8n;
        if (nbits % 8n !== 0n) add(`tensor ${label}: ${elements} elements of ${dtype} do not fill whole bytes`, at(name));
        else if (expected !== BigInt(end - begin)) add(`tensor ${label}: ${dtype} x [${(shape as number[]).join(', ')}] needs ${expected} bytes but data_offsets span ${end - begin}`, at(name));
      }
    }
    spans.sort((a, b) => a.begin - b.begin || a.end - b.end);
    let cursor = 0;
    for (const s of spans) {
      if (s.begin < cursor) add(`tensor ${s.name}: data [${s.begin}, ${s.end}] overlaps the previous tensor (ends at ${cursor})`, dataStart + s.begin);
      else if (s.begin > cursor) add(`gap of ${s.begin - cursor} bytes before tensor ${s.name} in the data section`, dataStart + cursor);
      cursor = Math.max(cursor, s.end);
    }
    if (cursor < available) add(`${available - cursor} bytes after the last tensor's data (the data section must end with the last tensor)`, dataStart + cursor);
  } catch (e) {
    add(`read error: ${(e as Error).message}`);
  }
  return problems;
}

/**
 * Keys that appear twice in the same JSON object, at any depth, with their byte offsets in `b`.
 * Also records the offset of each top-level key in `topKeys`. Assumes `b` is valid JSON.
 */
function duplicateKeys(b: Uint8Array, topKeys: Map<string, number>): { key: string; offset: number }[] {
  const dups: { key: string; offset: number }[] = [];
  const stack: { obj: boolean; keys: Set<string>; expectKey: boolean }[] = [];
  const dec = new TextDecoder('utf-8');
  for (let i = 0; i < b.length; i++) {
    const c = b[i];
    if (c === 0x22) {
      const start = i;
      for (i++; i < b.length && b[i] !== 0x22; i++) if (b[i] === 0x5c) i++;
      const top = stack[stack.length - 1];
      if (top?.obj && top.expectKey) {
        let key: string;
        try {
          key = JSON.parse(dec.decode(b.subarray(start, i + 1))) as string;
        } catch {
          key = dec.decode(b.subarray(start + 1, i));
        }
        if (top.keys.has(key)) {
          if (dups.length < MAX_PROBLEMS) dups.push({ key, offset: start });
        } else top.keys.add(key);
        if (stack.length === 1 && !topKeys.has(key)) topKeys.set(key, start);
        top.expectKey = false;
      }
    } else if (c === 0x7b) stack.push({ obj: true, keys: new Set(), expectKey: true });
    else if (c === 0x5b) stack.push({ obj: false, keys: new Set(), expectKey: false });
    else if (c === 0x7d || c === 0x5d) stack.pop();
    else if (c === 0x2c) {
      const top = stack[stack.length - 1];
      if (top?.obj) top.expectKey = true;
    }
  }
  return dups;
}
