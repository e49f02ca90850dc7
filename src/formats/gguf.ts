/**
 * GGUF (llama.cpp / ggml) header reader.
 *
 * Layout (docs/gguf.md in ggml): magic "GGUF", u32 version, tensor count, KV count, the KV pairs
 * (string key, u32 value type, value), then one tensor info per tensor (name, u32 n_dims, dims,
 * u32 ggml type, u64 offset). Version 1 uses u32 for counts, string and array lengths and dims;
 * versions 2 and 3 use u64. Files are little-endian unless written big-endian, which the version
 * field betrays (a version of 0x03000000 read little-endian is 3 read big-endian).
 *
 * The KV section of a real model holds arrays of 150k+ token strings: they are skipped through a
 * buffered forward cursor (one pread per megabyte), never one read per string.
 */
import { type ByteSource, type Parsed, fail, ok, startsWith, u32le } from './source.js';
import { WindowedReader, decodeUtf8 } from './protobuf.js';

export type GgmlMagic = 'gguf' | 'ggml' | 'ggmf' | 'ggjt' | 'ggla';

/** Identifies GGUF by its bytes and the legacy ggml formats by their u32 little-endian magics. */
export function ggufMagic(head: Uint8Array): GgmlMagic | undefined {
  if (head.length < 8) return undefined;
  // Four magic bytes alone match text ("GGUF files are..."): the next u32 must be sane too.
  const next = u32le(head, 4);
  const smallVersion = (next >= 1 && next <= 3) || (head[4] === 0 && head[5] === 0 && head[6] === 0 && (head[7] ?? 0) >= 1 && (head[7] ?? 0) <= 3);
  if (head[0] === 0x47 && head[1] === 0x47 && head[2] === 0x55 && head[3] === 0x46) return smallVersion ? 'gguf' : undefined;
  switch (u32le(head, 0)) {
    case 0x67676d6c:
      // Unversioned GGML: the next field is the vocabulary size.
      return next >= 1 && next <= 1_000_000 ? 'ggml' : undefined;
    case 0x67676d66:
      return smallVersion ? 'ggmf' : undefined;
    case 0x67676a74:
      return smallVersion ? 'ggjt' : undefined;
    case 0x67676c61:
      return smallVersion ? 'ggla' : undefined;
    default:
      return undefined;
  }
}

/** llama.cpp's llama_ftype (general.file_type), including the ids retired from the enum. */
export const LLAMA_FTYPE_NAMES: Readonly<Record<number, string>> = {
  0: 'F32',
  1: 'F16',
  2: 'Q4_0',
  3: 'Q4_1',
  4: 'Q4_1_SOME_F16',
  5: 'Q4_2', // removed from llama.cpp
  6: 'Q4_3', // removed from llama.cpp
  7: 'Q8_0',
  8: 'Q5_0',
  9: 'Q5_1',
  10: 'Q2_K',
  11: 'Q3_K_S',
  12: 'Q3_K_M',
  13: 'Q3_K_L',
  14: 'Q4_K_S',
  15: 'Q4_K_M',
  16: 'Q5_K_S',
  17: 'Q5_K_M',
  18: 'Q6_K',
  19: 'IQ2_XXS',
  20: 'IQ2_XS',
  21: 'Q2_K_S',
  22: 'IQ3_XS',
  23: 'IQ3_XXS',
  24: 'IQ1_S',
  25: 'IQ4_NL',
  26: 'IQ3_S',
  27: 'IQ3_M',
  28: 'IQ2_S',
  29: 'IQ2_M',
  30: 'IQ4_XS',
  31: 'IQ1_M',
  32: 'BF16',
  33: 'Q4_0_4_4', // removed: runtime repacking replaced it
  34: 'Q4_0_4_8', // removed
  35: 'Q4_0_8_8', // removed
  36: 'TQ1_0',
  37: 'TQ2_0',
  38: 'MXFP4_MOE',
};

/** GGUF metadata value types. */
const T_STRING = 8;
const T_ARRAY = 9;
const TYPE_NAMES = ['uint8', 'int8', 'uint16', 'int16', 'uint32', 'int32', 'float32', 'bool', 'string', 'array', 'uint64', 'int64', 'float64'];
/** Byte size of each fixed-size type (0 for string and array). */
const TYPE_SIZES = [1, 1, 2, 2, 4, 4, 4, 1, 0, 0, 8, 8, 8];

export interface GgufInfo {
  version: number;
  endianness: 'little' | 'big';
  tensorCount: number;
  kvCount: number;
  /** Strings capped at 256 chars; arrays summarized like "[array of 32000 string]". */
  metadata: Record<string, string | number | boolean>;
  architecture?: string;
  name?: string;
  license?: string;
  fileType?: number;
  fileTypeName?: string;
  contextLength?: number;
  /** Sum of tensor element counts, when every tensor info was read. */
  parameterCount?: number;
  sizeLabel?: string;
  /** tokenizer.chat_template, capped at 1 MiB. */
  chatTemplate?: string;
  /**
   * Every tokenizer.chat_template* value (the default one and named ones such as
   * tokenizer.chat_template.tool_use), each capped at 1 MiB, with the byte offset of its text.
   */
  chatTemplates?: { key: string; text: string; offset: number }[];
  hasChatTemplate: boolean;
  tensorsRead: number;
  /** False when a limit or the end of the file stopped the read before the last tensor info. */
  complete: boolean;
  warnings: string[];
}

export interface GgufLimits {
  /** Header bytes walked at most (KVs and tensor infos). */
  maxBytes?: number;
  maxKv?: number;
  maxTensors?: number;
  /** Metadata entries kept in `metadata` (all KVs are still walked). */
  maxMetadataEntries?: number;
  /** Array elements stepped over, summed over the file. */
  maxSteps?: number;
}

const DEFAULTS: Required<GgufLimits> = {
  maxBytes: 256 * 1024 * 1024,
  maxKv: 1_000_000,
  maxTensors: 1_000_000,
  maxMetadataEntries: 2000,
  maxSteps: 50_000_000,
};
const MAX_STRING_VALUE = 256;
const MAX_CHAT_TEMPLATE = 1024 * 1024;
const MAX_KEY = 65535;
const MAX_ARRAY_DEPTH = 4;
const MAX_DIMS = 8;

/** Raised inside the reader to unwind; never escapes readGgufHeader. */
class Stop extends Error {
  constructor(
    message: string,
    readonly truncated = false,
  ) {
    super(message);
  }
}

/** A forward cursor over a WindowedReader, fixed endianness, bounded by an end offset. */
class Cursor {
  pos: number;
  steps = 0;
  constructor(
    private readonly r: WindowedReader,
    readonly little: boolean,
    readonly end: number,
    start: number,
    private readonly maxSteps: number,
  ) {
    this.pos = start;
  }

  private take(n: number): Uint8Array {
    if (this.pos + n > this.r.size) throw new Stop('GGUF header runs past the end of the file', true);
    if (this.pos + n > this.end) throw new Stop('GGUF header larger than the byte limit');
    const b = this.r.bytes(this.pos, n);
    if (b.length < n) throw new Stop('short read', true);
    this.pos += n;
    return b;
  }

  skip(n: number): void {
    if (!Number.isFinite(n) || this.pos + n > this.r.size) throw new Stop('GGUF value runs past the end of the file', true);
    if (this.pos + n > this.end) throw new Stop('GGUF header larger than the byte limit');
    this.pos += n;
  }

  step(n = 1): void {
    this.steps += n;
    if (this.steps > this.maxSteps) throw new Stop('GGUF header has too many values (step budget spent)');
  }

  u32(): number {
    const b = this.take(4);
    return this.little ? u32le(b, 0) : (((b[0] as number) << 24) >>> 0) + ((b[1] as number) << 16) + ((b[2] as number) << 8) + (b[3] as number);
  }

  /** u64 as a number (precise to 2^53, approximate above). */
  u64(): number {
    return Number(this.u64big());
  }

  u64big(): bigint {
    const b = this.take(8);
    const dv = new DataView(b.buffer, b.byteOffset, 8);
    return dv.getBigUint64(0, this.little);
  }

  /** A scalar of a fixed-size GGUF type. */
  scalar(type: number): number | boolean {
    const n = TYPE_SIZES[type] ?? 0;
    const b = this.take(n);
    const dv = new DataView(b.buffer, b.byteOffset, n);
    const le = this.little;
    switch (type) {
      case 0:
        return dv.getUint8(0);
      case 1:
        return dv.getInt8(0);
      case 2:
        return dv.getUint16(0, le);
      case 3:
        return dv.getInt16(0, le);
      case 4:
        return dv.getUint32(0, le);
      case 5:
        return dv.getInt32(0, le);
      case 6:
        return dv.getFloat32(0, le);
      case 7:
        return dv.getUint8(0) !== 0;
      case 10:
        return Number(dv.getBigUint64(0, le));
      case 11:
        return Number(dv.getBigInt64(0, le));
      case 12:
        return dv.getFloat64(0, le);
      default:
        throw new Stop(`unknown GGUF value type ${type}`);
    }
  }

  /** Reads a string of `len` bytes keeping at most `max` of them; the rest is skipped. */
  text(len: number, max: number): string {
    const keep = Math.min(len, max);
    const s = decodeUtf8(this.take(keep));
    this.skip(len - keep);
    return s;
  }
}

export function readGgufHeader(src: ByteSource, limits: GgufLimits = {}): Parsed<GgufInfo> {
  const lim = { ...DEFAULTS, ...limits };
  try {
    return read(src, lim);
  } catch (e) {
    if (e instanceof Stop) return fail(`gguf: ${e.message}`, e.truncated);
    return fail(`gguf: read error: ${(e as Error).message}`);
  }
}

function read(src: ByteSource, lim: Required<GgufLimits>): Parsed<GgufInfo> {
  const head = src.readAt(0, 8);
  if (head.length < 8 && startsWith(head, [0x47, 0x47, 0x55, 0x46].slice(0, head.length))) return fail('gguf: file ends inside the magic or version field', true);
  const magic = ggufMagic(head);
  if (magic === undefined) return fail('gguf: no GGUF magic with a supported version', head.length < 4);
  if (magic !== 'gguf') return fail(`gguf: legacy ${magic} file (pre-GGUF ggml format, no metadata header)`);
  if (head.length < 8) return fail('gguf: file ends inside the version field', true);
  const rawVersion = u32le(head, 4);
  const swapped = (((rawVersion & 0xff) << 24) | (((rawVersion >>> 8) & 0xff) << 16) | (((rawVersion >>> 16) & 0xff) << 8) | (rawVersion >>> 24)) >>> 0;
  let little = true;
  let version = rawVersion;
  if ((rawVersion < 1 || rawVersion > 3) && swapped >= 1 && swapped <= 3) {
    little = false;
    version = swapped;
  }
  if (version < 1 || version > 3) return fail(`gguf: unsupported version ${rawVersion}`);

  const r = new WindowedReader(src, 1024 * 1024);
  const c = new Cursor(r, little, Math.min(src.size, 8 + lim.maxBytes), 8, lim.maxSteps);
  const v1 = version === 1;
  const count = (): number => (v1 ? c.u32() : c.u64());
  const tensorCount = count();
  const kvCount = count();
  if (kvCount > lim.maxKv) return fail(`gguf: ${kvCount} metadata entries exceed the limit of ${lim.maxKv}`);
  if (tensorCount > lim.maxTensors) return fail(`gguf: ${tensorCount} tensors exceed the limit of ${lim.maxTensors}`);

  const info: GgufInfo = {
    version,
    endianness: little ? 'little' : 'big',
    tensorCount,
    kvCount,
    metadata: {},
    hasChatTemplate: false,
    tensorsRead: 0,
    complete: false,
    warnings: [],
  };
  try {
    readKvs(c, v1, kvCount, info, lim);
    readTensorInfos(c, v1, tensorCount, info);
    info.complete = true;
  } catch (e) {
    if (!(e instanceof Stop)) throw e;
    // The fixed header was good: keep what was read and say why it stopped.
    info.warnings.push(e.message);
  }
  derive(info);
  return ok(info);
}

function readString(c: Cursor, v1: boolean, max: number): string {
  const len = v1 ? c.u32() : c.u64();
  return c.text(len, max);
}

function readKvs(c: Cursor, v1: boolean, kvCount: number, info: GgufInfo, lim: Required<GgufLimits>): void {
  let kept = 0;
  for (let i = 0; i < kvCount; i++) {
    c.step();
    const keyLen = v1 ? c.u32() : c.u64();
    if (keyLen > MAX_KEY) throw new Stop(`metadata key of ${keyLen} bytes`);
    const key = c.text(keyLen, MAX_KEY);
    const type = c.u32();
    let value: string | number | boolean;
    if (type === T_STRING) {
      const len = v1 ? c.u32() : c.u64();
      if (key === 'tokenizer.chat_template' || key.startsWith('tokenizer.chat_template.')) {
        const offset = c.pos;
        const full = c.text(len, MAX_CHAT_TEMPLATE);
        if (key === 'tokenizer.chat_template') {
          info.chatTemplate = full;
          info.hasChatTemplate = true;
        }
        if ((info.chatTemplates ??= []).length < 64) info.chatTemplates.push({ key: key.slice(0, 256), text: full, offset });
        value = full.slice(0, MAX_STRING_VALUE);
      } else {
        value = c.text(len, MAX_STRING_VALUE * 4).slice(0, MAX_STRING_VALUE);
      }
    } else if (type === T_ARRAY) {
      value = skipArray(c, v1, 0);
    } else if (type < TYPE_SIZES.length) {
      value = c.scalar(type);
    } else {
      throw new Stop(`unknown value type ${type} for key ${key.slice(0, 100)}`);
    }
    if (kept < lim.maxMetadataEntries && !(key in info.metadata)) {
      info.metadata[key.slice(0, 256)] = value;
      kept++;
    }
  }
}

/** Steps over an array value (recursing into nested arrays) and returns its summary text. */
function skipArray(c: Cursor, v1: boolean, depth: number): string {
  if (depth >= MAX_ARRAY_DEPTH) throw new Stop('arrays nested too deep');
  const type = c.u32();
  const n = v1 ? c.u32() : c.u64();
  const name = TYPE_NAMES[type];
  if (name === undefined) throw new Stop(`unknown array element type ${type}`);
  if (type === T_STRING) {
    for (let i = 0; i < n; i++) {
      c.step();
      c.skip(v1 ? c.u32() : c.u64());
    }
  } else if (type === T_ARRAY) {
    for (let i = 0; i < n; i++) {
      c.step();
      skipArray(c, v1, depth + 1);
    }
  } else {
    c.skip(n * (TYPE_SIZES[type] as number));
  }
  return `[array of ${n} ${name}]`;
}

function readTensorInfos(c: Cursor, v1: boolean, tensorCount: number, info: GgufInfo): void {
  let params = 0;
  for (let i = 0; i < tensorCount; i++) {
    c.step();
    readString(c, v1, 0);
    const nDims = c.u32();
    if (nDims > MAX_DIMS) throw new Stop(`tensor ${i} has ${nDims} dimensions`);
    let elements = 1;
    for (let d = 0; d < nDims; d++) elements *= v1 ? c.u32() : c.u64();
    c.u32(); // ggml type
    c.u64(); // data offset
    params += elements;
    info.tensorsRead++;
  }
  info.parameterCount = params;
}

function derive(info: GgufInfo): void {
  const m = info.metadata;
  const str = (k: string): string | undefined => (typeof m[k] === 'string' ? (m[k] as string) : undefined);
  const num = (k: string): number | undefined => (typeof m[k] === 'number' ? (m[k] as number) : undefined);
  info.architecture = str('general.architecture');
  info.name = str('general.name');
  info.license = str('general.license');
  info.fileType = num('general.file_type');
  if (info.fileType !== undefined) info.fileTypeName = LLAMA_FTYPE_NAMES[info.fileType];
  if (info.architecture) info.contextLength = num(`${info.architecture}.context_length`);
  info.sizeLabel = str('general.size_label') ?? (info.parameterCount ? sizeLabel(info.parameterCount) : undefined);
  for (const k of Object.keys(info) as (keyof GgufInfo)[]) if (info[k] === undefined) delete info[k];
}

/** A human size like "7.2B" or "125M" from a parameter count. */
export function sizeLabel(n: number): string {
  const units: [number, string][] = [
    [1e12, 'T'],
    [1e9, 'B'],
    [1e6, 'M'],
    [1e3, 'K'],
  ];
  for (const [scale, unit] of units) {
    if (n >= scale) {
      const v = n / scale;
      return `${v >= 100 ? Math.round(v) : Number(v.toFixed(1))}${unit}`;
    }
  }
  return String(n);
}
