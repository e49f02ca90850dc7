/**
 * A minimal protobuf wire-format reader over a ByteSource.
 *
 * It knows nothing about schemas: it walks the fields of a byte range and hands each one to a
 * visitor as (field number, wire type, value or [offset, length]). Length-delimited payloads are
 * never read unless the caller asks, so a 2 GB ONNX initializer costs one varint, not 2 GB.
 *
 * Also home of WindowedReader, the small read cache shared by the readers that walk many small
 * fields forward (protobuf, FlatBuffers, GGUF): one pread per window instead of one per field.
 */
import type { ByteSource } from './source.js';

export const WIRE_VARINT = 0;
export const WIRE_I64 = 1;
export const WIRE_LEN = 2;
export const WIRE_I32 = 5;

/** A decoded varint: a number when it fits in 2^53, a bigint above (negative int64s land there). */
export type Varint = number | bigint;

const EMPTY = new Uint8Array(0);

/**
 * Serves reads from one cached window of the source. Small reads near the last one cost nothing;
 * reads larger than the window go straight to the source. Memory is one window, whatever the size.
 */
export class WindowedReader {
  private buf: Uint8Array = EMPTY;
  private start = 0;
  /** How many preads and bytes this reader asked of the source (for tests and budgets). */
  reads = 0;
  bytesRead = 0;

  constructor(
    readonly src: ByteSource,
    readonly window = 64 * 1024,
  ) {}

  get size(): number {
    return this.src.size;
  }

  /** The byte at `pos`, or -1 outside the source. */
  byte(pos: number): number {
    const i = pos - this.start;
    if (i >= 0 && i < this.buf.length) return this.buf[i] as number;
    if (pos < 0 || pos >= this.src.size || !Number.isFinite(pos)) return -1;
    this.fill(pos);
    return this.buf.length > 0 ? (this.buf[0] as number) : -1;
  }

  /** Up to `len` bytes at `pos` (fewer at the end). A view into the window when it fits. */
  bytes(pos: number, len: number): Uint8Array {
    if (len <= 0 || pos < 0 || pos >= this.src.size || !Number.isFinite(pos)) return EMPTY;
    const i = pos - this.start;
    if (i >= 0 && i + len <= this.buf.length) return this.buf.subarray(i, i + len);
    if (len > this.window) {
      const out = this.src.readAt(pos, len);
      this.reads++;
      this.bytesRead += out.length;
      return out;
    }
    this.fill(pos);
    return this.buf.subarray(0, Math.min(len, this.buf.length));
  }

  private fill(pos: number): void {
    this.buf = this.src.readAt(pos, this.window);
    this.start = pos;
    this.reads++;
    this.bytesRead += this.buf.length;
  }
}

/** One field as found on the wire. */
export interface ProtoField {
  field: number;
  wire: number;
  /** VARINT: the value; I32/I64: the raw little-endian value; LEN: the payload length. */
  value: Varint;
  /** Where the payload starts (LEN: the first payload byte; otherwise the value bytes). */
  offset: number;
  /** Payload length in bytes (LEN) or the encoded size of the value. */
  length: number;
  /** Set in partial walks when a LEN payload runs past the range end (the walk stops after it). */
  truncated?: boolean;
}

export type WalkResult = { end: 'done' | 'stopped' | 'truncated' } | { error: string };

export interface WalkOptions {
  /**
   * Accept a range that is a prefix of the real message (a file head): a field cut by the range
   * end is reported with `truncated` (LEN) or ends the walk quietly, instead of being an error.
   */
  partial?: boolean;
}

/** Field numbers are 29-bit; 0 is never valid. */
const MAX_FIELD = 0x1fffffff;

export type VarintResult = { value: Varint; next: number } | { error: string; truncated?: boolean };

/**
 * Reads protobuf fields through a WindowedReader. Every walk step counts against `maxSteps`, so a
 * crafted file with millions of tiny fields ends in an error instead of a long loop.
 */
export class ProtoReader {
  readonly r: WindowedReader;
  steps = 0;

  constructor(
    src: ByteSource | WindowedReader,
    readonly maxSteps = 5_000_000,
  ) {
    this.r = src instanceof WindowedReader ? src : new WindowedReader(src);
  }

  get size(): number {
    return this.r.size;
  }

  /** Decodes a varint at `pos` that must end before `end`. At most 10 bytes, 64 bits. */
  readVarint(pos: number, end: number): VarintResult {
    let lo = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      if (pos + i >= end) return { error: 'varint runs past the end', truncated: true };
      const b = this.r.byte(pos + i);
      if (b < 0) return { error: 'varint runs past the end', truncated: true };
      if (i === 9 && b > 1) return { error: 'varint longer than 64 bits' };
      if (i < 7) {
        lo += (b & 0x7f) * scale;
        scale *= 128;
        if ((b & 0x80) === 0) return { value: lo, next: pos + i + 1 };
      } else if ((b & 0x80) === 0) {
        // Past 49 bits a number would lose precision: redo the whole varint in bigint.
        return { value: this.bigVarint(pos, i + 1), next: pos + i + 1 };
      }
    }
    return { error: 'varint longer than 10 bytes' };
  }

  private bigVarint(pos: number, n: number): Varint {
    let v = 0n;
    for (let i = n - 1; i >= 0; i--) v = (v << 7n) | BigInt(this.r.byte(pos + i) & 0x7f);
    return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
  }

  /**
   * Walks the fields of [start, end), calling `visit` for each; `visit` returns false to stop.
   * Wire types 3, 4 (groups), 6 and 7 are invalid here.
   */
  walk(start: number, end: number, visit: (f: ProtoField) => boolean | void, opts: WalkOptions = {}): WalkResult {
    const limit = Math.min(end, this.r.size);
    if (end > this.r.size && !opts.partial) return { error: 'message runs past the end of the file' };
    let pos = start;
    while (pos < limit) {
      if (++this.steps > this.maxSteps) return { error: 'too many protobuf fields (step budget spent)' };
      const tag = this.readVarint(pos, limit);
      if ('error' in tag) return opts.partial && tag.truncated ? { end: 'truncated' } : { error: tag.error };
      const key = varintToNumber(tag.value);
      const field = Math.floor(key / 8);
      const wire = key % 8;
      if (field < 1 || field > MAX_FIELD) return { error: `invalid field number ${field}` };
      pos = tag.next;
      let f: ProtoField;
      if (wire === WIRE_VARINT) {
        const v = this.readVarint(pos, limit);
        if ('error' in v) return opts.partial && v.truncated ? { end: 'truncated' } : { error: v.error };
        f = { field, wire, value: v.value, offset: pos, length: v.next - pos };
      } else if (wire === WIRE_I64 || wire === WIRE_I32) {
        const n = wire === WIRE_I64 ? 8 : 4;
        if (pos + n > limit) return opts.partial ? { end: 'truncated' } : { error: 'fixed-width field runs past the end' };
        f = { field, wire, value: fixedValue(this.r.bytes(pos, n)), offset: pos, length: n };
      } else if (wire === WIRE_LEN) {
        const v = this.readVarint(pos, limit);
        if ('error' in v) return opts.partial && v.truncated ? { end: 'truncated' } : { error: v.error };
        const len = varintToNumber(v.value);
        if (v.next + len > end || v.next + len > this.r.size) {
          if (!opts.partial) return { error: `field ${field} (${len} bytes) runs past its message` };
          visit({ field, wire, value: v.value, offset: v.next, length: len, truncated: true });
          return { end: 'truncated' };
        }
        f = { field, wire, value: len, offset: v.next, length: len };
      } else {
        return { error: `invalid wire type ${wire} for field ${field}` };
      }
      pos = f.offset + f.length;
      if (visit(f) === false) return { end: 'stopped' };
    }
    return { end: 'done' };
  }

  /** Up to `max` bytes of a payload (a copy-free view when possible). */
  bytes(offset: number, length: number, max = 64 * 1024): Uint8Array {
    return this.r.bytes(offset, Math.min(length, max));
  }

  /** A payload as UTF-8 text, cut at `max` bytes (invalid sequences become U+FFFD). */
  string(offset: number, length: number, max = 4096): string {
    return decodeUtf8(this.bytes(offset, length, max));
  }
}

const utf8 = new TextDecoder('utf-8');
const utf8Strict = new TextDecoder('utf-8', { fatal: true });

export function decodeUtf8(b: Uint8Array): string {
  return utf8.decode(b);
}

/** UTF-8 text or undefined when the bytes are not valid UTF-8 (used by format sniffers). */
export function decodeUtf8Strict(b: Uint8Array): string | undefined {
  try {
    return utf8Strict.decode(b);
  } catch {
    return undefined;
  }
}

function fixedValue(b: Uint8Array): Varint {
  let v = 0n;
  for (let i = b.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i] ?? 0);
  return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

/** An unsigned varint as a number (approximate above 2^53). */
export function varintToNumber(v: Varint): number {
  return typeof v === 'number' ? v : Number(v);
}

/** A varint holding a two's-complement int64 (e.g. ONNX dims of -1) as a signed number. */
export function varintToInt64(v: Varint): number {
  if (typeof v === 'number') return v;
  return Number(BigInt.asIntN(64, v));
}
