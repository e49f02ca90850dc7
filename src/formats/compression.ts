/**
 * Compression wrappers around model files (a gzipped pickle, joblib's .lzma/.xz/.bz2 dumps):
 * detect them by magic and decode a bounded prefix so the inner format can be sniffed and parsed.
 *
 * Libraries, and why:
 * - gzip, zlib, raw deflate (zip members): node:zlib, streamed and stopped once enough output
 *   exists; no dependency.
 * - bz2: `seek-bzip` (pure JS, no dependencies). Its decoder pulls input through a readByte()
 *   callback and pushes output through writeByte(), so input is capped at maxInput, output stops
 *   at maxOutput (we throw a sentinel out of writeByte) and a truncated stream ends in a sentinel
 *   from readByte rather than garbage. Its buffers are sized by the stream's block level (at most
 *   3.6 MB). `unbzip2-stream` was rejected: it buffers a whole block's output in a JS array of
 *   numbers (tens of MB for a run-length block) and fails on truncation with a TypeError;
 *   `compressjs` decodes whole buffers only.
 * - xz and lzma-alone: `lzma-native` (liblzma, the reference implementation, as an N-API addon
 *   whose prebuilt binaries ship inside the npm package; its install script only picks one).
 *   It streams, honours a memory limit (a .lzma header can declare a 4 GiB dictionary), and
 *   reports truncation as an error event. It is an optionalDependency loaded lazily: on a
 *   platform without a prebuild the install still succeeds and these two wrappers return fail().
 *   Rejected: `@napi-rs/lzma` and `node-liblzma` need Node >= 22; `xz-decompress` (wasm) has no
 *   lzma-alone; `lzma` (LZMA-JS) decodes whole buffers into memory; `xz-compat` may try to
 *   install a module at run time.
 * - zstd: `fzstd` (pure JS, no dependencies, streaming). It allocates the window that a frame's
 *   header declares (up to 2 GiB) before reading a block, so every frame header is read here first
 *   (ZstdFrameCheck) and a window over 128 MiB is refused, as the reference decoder refuses one by
 *   default (ZSTD_WINDOWLOG_LIMIT_DEFAULT, 2^27). Its output comes through a callback, a block (at
 *   most 128 KiB) at a time, and a sentinel thrown from there stops it at the sink's limit.
 *   Rejected: `zstd-codec` and `@oneidentity/zstd-js` (Emscripten builds of libzstd, whole-buffer
 *   or with a fixed heap), `zstddec` (wasm, whole buffers only); node:zlib has zstd from Node 22.15.
 * - lz4 (the LZ4 frame format, what joblib's `compress='lz4'` and `lz4 -c` write): decoded here,
 *   about a hundred lines over the frame and block formats (lz4_Frame_format.md,
 *   lz4_Block_format.md). A block is at most 4 MiB by its frame header's own limit and is gathered
 *   whole before it is decoded; matches reach back into the previous 64 KiB (linked blocks), kept
 *   in a window; every length and offset is checked against what exists, so damaged data fails
 *   instead of reading or writing out of place. Rejected: `lz4` (an N-API addon built at install),
 *   `lz4js` (whole buffers, unmaintained since 2017).
 * - 7z: detected only; Lantern reports it as a container it cannot open.
 */
import { createRequire } from 'node:module';
import type { Duplex } from 'node:stream';
import { constants as zc, createGunzip, createInflate, createInflateRaw, inflateSync } from 'node:zlib';
import { type ByteSource, type Parsed, ascii, fail, ok, startsWith, u32le } from './source.js';

export type Wrapper = 'gzip' | 'zlib' | 'joblib-zfile' | 'bz2' | 'xz' | 'lzma' | 'zstd' | 'lz4' | '7z';

const DEFAULT_MAX_INPUT = 64 * 1024 * 1024;
/** Input is fed in small pieces so the ratio check and early stop react quickly. */
const FEED_CHUNK = 16 * 1024;
/** liblzma refuses streams that need more memory than this (dictionary plus state). */
const LZMA_MEMLIMIT = 256 * 1024 * 1024;
/** The largest zstd window decoded: libzstd's default limit (2^27), past which `zstd -d` asks for --memory. */
export const ZSTD_MAX_WINDOW = 1 << 27;

const MAGIC_GZIP = [0x1f, 0x8b, 0x08];
const MAGIC_BZ2_BLOCK = [0x31, 0x41, 0x59, 0x26, 0x53, 0x59];
const MAGIC_XZ = [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00];
const MAGIC_ZSTD = [0x28, 0xb5, 0x2f, 0xfd];
const MAGIC_LZ4 = [0x04, 0x22, 0x4d, 0x18];
const MAGIC_7Z = [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c];

export function detectWrapper(head: Uint8Array): Wrapper | undefined {
  if (startsWith(head, MAGIC_GZIP)) return 'gzip';
  if (startsWith(head, MAGIC_XZ)) return 'xz';
  if (startsWith(head, MAGIC_ZSTD)) return 'zstd';
  if (startsWith(head, MAGIC_LZ4)) return 'lz4';
  if (startsWith(head, MAGIC_7Z)) return '7z';
  if (isBz2(head)) return 'bz2';
  if (isZlib(head)) return 'zlib';
  if (zfileDataStart(head) !== undefined) return 'joblib-zfile';
  if (isLzmaAlone(head)) return 'lzma';
  return undefined;
}

const ZFILE_HEADER = /^ZF0x[0-9a-f]{1,16}L? *$/;

/**
 * Where the zlib stream of a joblib Z-file starts, or undefined for another file. joblib before
 * 0.10 wrote `ZF`, the data length as Python hex padded to 19 characters, then zlib; joblib.load
 * still reads it (numpy_pickle_compat.read_zfile, which skips one more byte when it is a space),
 * and unpickles what it holds.
 */
export function zfileDataStart(head: Uint8Array): number | undefined {
  if (head.length < 24 || head[0] !== 0x5a || head[1] !== 0x46) return undefined;
  if (!ZFILE_HEADER.test(String.fromCharCode(...head.subarray(0, 21)))) return undefined;
  const start = head[21] === 0x20 ? 22 : 21;
  return isZlib(head.subarray(start)) ? start : undefined;
}

function isBz2(head: Uint8Array): boolean {
  const level = head[3] ?? 0;
  // An empty stream has the end-of-stream magic (17 72 45 38 50 90) instead of a block.
  return (
    startsWith(head, ascii('BZh')) &&
    level >= 0x31 &&
    level <= 0x39 &&
    (startsWith(head, MAGIC_BZ2_BLOCK, 4) || startsWith(head, [0x17, 0x72, 0x45, 0x38, 0x50, 0x90], 4))
  );
}

/**
 * zlib has only a 2-byte header with a 1-in-31 check, which plenty of files pass by chance;
 * so also require no preset dictionary and that the first bytes inflate without error.
 */
function isZlib(head: Uint8Array): boolean {
  if (head.length < 3) return false;
  const cmf = head[0] ?? 0;
  const flg = head[1] ?? 0;
  if ((cmf & 0x0f) !== 8 || cmf >> 4 > 7) return false;
  if ((cmf * 256 + flg) % 31 !== 0) return false;
  if ((flg & 0x20) !== 0) return false;
  try {
    // Z_SYNC_FLUSH: a cut-off stream is fine, only invalid data throws. 64 input bytes inflate to
    // at most ~66 KB, and maxOutputLength caps it anyway.
    inflateSync(head.subarray(0, 64), { finishFlush: zc.Z_SYNC_FLUSH, maxOutputLength: 1 << 20 });
    return true;
  } catch {
    return false;
  }
}

/**
 * The .lzma ("LZMA alone") header has no magic: props byte, u32 dictionary size, u64 size. Be as
 * strict as xz's own detection: props < 225, a dictionary of 2^n or 2^n + 2^(n-1), a size of -1
 * (unknown, as joblib writes it) or below 256 GiB, and a range coder whose first byte is 0.
 */
function isLzmaAlone(head: Uint8Array): boolean {
  if (head.length < 14) return false;
  if ((head[0] ?? 255) >= 225) return false;
  const dict = u32le(head, 1);
  if (!isLzmaDictSize(dict)) return false;
  if (head[13] !== 0) return false;
  const lo = u32le(head, 5);
  const hi = u32le(head, 9);
  if (lo === 0xffffffff && hi === 0xffffffff) return true;
  return hi < 0x40; // below 2^38
}

function isLzmaDictSize(d: number): boolean {
  if (d === 0xffffffff) return true;
  if (d < 4096) return false;
  for (let n = 12; n < 32; n++) {
    const p = 2 ** n;
    if (d === p || d === p + p / 2) return true;
  }
  return false;
}

/** Hands out a source range in small pieces, counting what was handed out. */
export class SourceChunks {
  private pos: number;
  private readonly end: number;
  /** Bytes handed out so far. */
  fed = 0;
  constructor(
    private readonly src: ByteSource,
    start: number,
    length: number,
    private readonly chunk = FEED_CHUNK,
  ) {
    this.pos = Math.max(0, start);
    this.end = Math.min(src.size, this.pos + Math.max(0, length));
  }
  next(): Uint8Array | undefined {
    if (this.pos >= this.end) return undefined;
    const part = this.src.readAt(this.pos, Math.min(this.chunk, this.end - this.pos));
    if (part.length === 0) {
      this.pos = this.end;
      return undefined;
    }
    this.pos += part.length;
    this.fed += part.length;
    return part;
  }
  get done(): boolean {
    return this.pos >= this.end;
  }
}

export interface PumpResult {
  /** The decoder reached the end of the stream and every byte fit. */
  complete: boolean;
  error?: string;
  ratioExceeded: boolean;
  /** All available input was fed before the decoder finished (a truncated stream). */
  inputExhausted: boolean;
  /** The decoder rejected the bytes themselves (not its format, or damaged), not a limit. */
  corrupt?: boolean;
}

/**
 * A decode that failed with `corrupt` set: the decoder rejected the data before any output, which
 * for LZMA-alone (no magic) means the file only looked like one.
 */
export type Decoded<T> = Parsed<T> | { ok: false; error: string; truncated?: boolean; corrupt: true };

export interface PrefixResult extends PumpResult {
  bytes: Uint8Array;
}

/**
 * Where a decoder's output goes: a bounded collector (a prefix), or a consumer that reads the
 * stream as it passes (a tar walked inside its wrapper). Decoding stops once `total` is over `max`
 * (bz2: once it reaches `max`), or when the consumer says it is `done`.
 */
export interface OutputSink {
  push(c: Uint8Array): void;
  readonly total: number;
  readonly max: number;
  readonly done?: boolean;
}

/** Output collector capped at `max` bytes; keeps at most `max` plus the last chunk. */
class Collector implements OutputSink {
  private chunks: Uint8Array[] = [];
  total = 0;
  constructor(readonly max: number) {}
  push(c: Uint8Array): void {
    if (this.total < this.max) this.chunks.push(c);
    this.total += c.length;
  }
  bytes(): Uint8Array {
    const n = Math.min(this.total, this.max);
    const out = new Uint8Array(n);
    let at = 0;
    for (const c of this.chunks) {
      if (at >= n) break;
      const take = Math.min(c.length, n - at);
      out.set(c.subarray(0, take), at);
      at += take;
    }
    return out;
  }
}

function ratioOver(out: number, input: number, maxRatio: number | undefined): boolean {
  return maxRatio !== undefined && out > maxRatio * Math.max(input, 1);
}

/** The decoder found the data itself wrong: node:zlib and liblzma say so by code. */
function isCorrupt(e: unknown): boolean {
  if (typeof e !== 'object' || e === null) return false;
  const { code, name } = e as { code?: unknown; name?: unknown };
  return code === 'Z_DATA_ERROR' || name === 'LZMA_DATA_ERROR' || name === 'LZMA_FORMAT_ERROR';
}

/** The decoder wanted more input than there was: node:zlib and liblzma say so by code. */
function isEndOfInput(e: unknown): boolean {
  if (typeof e !== 'object' || e === null) return false;
  const { code, name } = e as { code?: unknown; name?: unknown };
  return code === 'Z_BUF_ERROR' || name === 'LZMA_BUF_ERROR';
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Feeds `chunks` through a decoding stream until it ends, fails, or has produced more than
 * `maxOutput` bytes; then tears it down. Resolves exactly once and never rejects.
 */
export async function pumpBounded(stream: Duplex, chunks: SourceChunks, maxOutput: number, maxRatio?: number): Promise<PrefixResult> {
  const out = new Collector(maxOutput);
  const r = await pumpInto(stream, chunks, out, maxRatio);
  return { ...r, bytes: out.bytes() };
}

/** pumpBounded's loop, with the output handed to `sink` as it comes. */
export function pumpInto(stream: Duplex, chunks: SourceChunks, sink: OutputSink, maxRatio?: number): Promise<PumpResult> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (complete: boolean, error?: unknown, ratioExceeded = false): void => {
      if (settled) return;
      settled = true;
      const inputExhausted = chunks.done && error !== undefined && isEndOfInput(error);
      stream.removeAllListeners('data');
      stream.on('error', () => {}); // a late error from teardown must not go unhandled
      stream.destroy();
      const corrupt = error !== undefined && isCorrupt(error);
      resolve({ complete, error: error === undefined ? undefined : message(error), ratioExceeded, inputExhausted, ...(corrupt ? { corrupt } : {}) });
    };
    stream.on('data', (c: Uint8Array) => {
      if (settled) return;
      sink.push(c);
      if (ratioOver(sink.total, chunks.fed, maxRatio)) finish(false, undefined, true);
      else if (sink.total > sink.max || sink.done === true) finish(false);
    });
    stream.on('end', () => finish(true));
    stream.on('error', (e: unknown) => finish(false, e));
    stream.on('close', () => finish(false, 'stream closed early'));
    const feed = (): void => {
      try {
        while (!settled) {
          const c = chunks.next();
          if (!c) {
            stream.end();
            return;
          }
          if (!stream.write(c)) {
            stream.once('drain', feed);
            return;
          }
        }
      } catch (e) {
        finish(false, e);
      }
    };
    feed();
  });
}

/** Inflates a bounded prefix of a deflate-family stream with node:zlib. */
export function inflatePrefix(
  kind: 'deflate-raw' | 'zlib' | 'gzip',
  chunks: SourceChunks,
  maxOutput: number,
  maxRatio?: number,
): Promise<PrefixResult> {
  return pumpBounded(inflater(kind), chunks, maxOutput, maxRatio);
}

function inflater(kind: 'deflate-raw' | 'zlib' | 'gzip'): Duplex {
  return kind === 'gzip' ? createGunzip() : kind === 'zlib' ? createInflate() : createInflateRaw();
}

// ---- bz2 (seek-bzip) ----

interface SeekBzip {
  decode(input: object, output: object, multistream?: boolean): unknown;
}

const requireCjs = createRequire(import.meta.url);
let seekBzip: SeekBzip | undefined;

/** Thrown out of seek-bzip's callbacks to stop it; never leaves this module. */
class Stop {
  constructor(readonly reason: 'full' | 'eof' | 'ratio') {}
}

function bunzipInto(chunks: SourceChunks, sink: OutputSink, maxRatio?: number): PumpResult {
  seekBzip ??= requireCjs('seek-bzip') as SeekBzip;
  let cur: Uint8Array = new Uint8Array(0);
  let at = 0;
  let consumed = 0;
  const fill = (): boolean => {
    while (at >= cur.length) {
      const c = chunks.next();
      if (!c) return false;
      cur = c;
      at = 0;
    }
    return true;
  };
  const input = {
    readByte(): number {
      if (!fill()) throw new Stop('eof');
      consumed++;
      return cur[at++] ?? 0;
    },
    /** Used for the 4-byte stream header: -1 at end of input, as seek-bzip's Stream does. */
    read(buffer: Uint8Array, offset: number, length: number): number {
      let i = 0;
      for (; i < length && fill(); i++) buffer[offset + i] = input.readByte();
      return i === 0 && length > 0 ? -1 : i;
    },
    eof(): boolean {
      return !fill();
    },
    seek(): void {
      throw new Error('seek not supported');
    },
  };
  // Output is gathered in `buf` and handed to the sink a buffer at a time.
  const buf = new Uint8Array(Math.max(1, Math.min(sink.max, 1 << 16)));
  let n = 0; // bytes in buf
  let total = 0;
  const flush = (): void => {
    if (n > 0) sink.push(buf.slice(0, n));
    n = 0;
  };
  const output = {
    writeByte(b: number): void {
      if (total >= sink.max) throw new Stop('full');
      if (n === buf.length) {
        flush();
        if (sink.done === true) throw new Stop('full');
      }
      buf[n++] = b;
      total++;
      if ((total & 0xffff) === 0 && ratioOver(total, consumed, maxRatio)) throw new Stop('ratio');
    },
  };
  try {
    seekBzip.decode(input, output, true);
    if (ratioOver(total, consumed, maxRatio)) return { complete: false, ratioExceeded: true, inputExhausted: false };
    flush();
    return { complete: true, ratioExceeded: false, inputExhausted: false };
  } catch (e) {
    if (e instanceof Stop) {
      if (e.reason === 'ratio') return { complete: false, ratioExceeded: true, inputExhausted: false };
      flush();
      if (e.reason === 'full') return { complete: false, ratioExceeded: false, inputExhausted: false };
      return { complete: false, error: 'unexpected end of input', ratioExceeded: false, inputExhausted: true };
    }
    flush();
    return { complete: false, error: message(e), ratioExceeded: false, inputExhausted: chunks.done };
  }
}

// ---- zstd (fzstd) ----

interface Fzstd {
  Decompress: new (ondata: (data: Uint8Array, final?: boolean) => void) => { push(chunk: Uint8Array, final?: boolean): void };
}

let fzstd: Fzstd | undefined;

const ZSTD_MAGIC = 0xfd2fb528;
/** Skippable frames: 0x184D2A50 to 0x184D2A5F. */
const ZSTD_SKIPPABLE = 0x184d2a50;
const NOT_ZSTD = 'not a zstd frame';

/**
 * Reads the frame and block headers of a zstd stream as it passes (RFC 8878 section 3.1), not the
 * blocks themselves, so that a frame declaring a window larger than ZSTD_MAX_WINDOW is refused
 * before the decoder allocates it. Frames follow one another; skippable frames are passed over.
 */
export class ZstdFrameCheck {
  private head: number[] = [];
  /** Header bytes wanted before the next decision. */
  private need = 4;
  /** Bytes to pass over: a block's content, a skippable frame's, a checksum. */
  private skip = 0;
  private inFrame = false;
  private checksum = 0;

  /**
   * Checks the headers in the next piece of the stream. On a frame over the limit: the error, and
   * where that frame starts in `c` (0 when it started in an earlier piece), so that the frames
   * before it can still be decoded.
   */
  check(c: Uint8Array): { error: string; at: number } | undefined {
    let i = 0;
    let frameStart = this.inFrame || this.head.length > 0 ? 0 : -1;
    while (i < c.length) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, c.length - i);
        this.skip -= n;
        i += n;
        continue;
      }
      if (!this.inFrame && this.head.length === 0) frameStart = i;
      this.head.push(c[i++]!);
      if (this.head.length < this.need) continue;
      const error = this.inFrame ? this.block() : this.frame();
      if (error !== undefined) return { error, at: Math.max(0, frameStart) };
    }
    return undefined;
  }

  private next(need: number): void {
    this.head = [];
    this.need = need;
  }

  private frame(): string | undefined {
    const h = this.head;
    const magic = (h[0]! | (h[1]! << 8) | (h[2]! << 16) | (h[3]! << 24)) >>> 0;
    if ((magic & 0xfffffff0) >>> 0 === ZSTD_SKIPPABLE) {
      if (h.length < 8) {
        this.need = 8;
        return undefined;
      }
      this.skip = (h[4]! | (h[5]! << 8) | (h[6]! << 16) | (h[7]! << 24)) >>> 0;
      this.next(4);
      return undefined;
    }
    if (magic !== ZSTD_MAGIC) return NOT_ZSTD;
    if (h.length < 5) {
      this.need = 5;
      return undefined;
    }
    const fhd = h[4]!;
    const single = (fhd >> 5) & 1;
    const fcsFlag = fhd >> 6;
    const fcsBytes = fcsFlag === 0 ? single : 1 << fcsFlag;
    const length = 5 + (single ? 0 : 1) + [0, 1, 2, 4][fhd & 3]! + fcsBytes;
    if (h.length < length) {
      this.need = length;
      return undefined;
    }
    let window: number;
    if (single) {
      // A single-segment frame's window is its content size.
      window = 0;
      for (let k = fcsBytes - 1; k >= 0; k--) window = window * 256 + h[length - fcsBytes + k]!;
      if (fcsFlag === 1) window += 256;
    } else {
      const base = 2 ** (10 + (h[5]! >> 3));
      window = base + (base / 8) * (h[5]! & 7);
    }
    if (window > ZSTD_MAX_WINDOW) return `zstd frame needs a ${window}-byte window, over the ${ZSTD_MAX_WINDOW}-byte limit`;
    this.checksum = (fhd >> 2) & 1 ? 4 : 0;
    this.inFrame = true;
    this.next(3);
    return undefined;
  }

  private block(): undefined {
    const h = this.head;
    const b = h[0]! | (h[1]! << 8) | (h[2]! << 16);
    const type = (b >> 1) & 3;
    // An RLE block's content is one byte; a reserved type (3) is the decoder's to reject.
    this.skip = type === 1 ? 1 : b >>> 3;
    if (b & 1) {
      this.skip += this.checksum;
      this.inFrame = false;
      this.next(4);
    } else this.next(3);
    return undefined;
  }
}

/** fzstd's error codes for a stream that ended early (5) and for data it rejects (0, 2, 3, 4). */
const ZSTD_EOF = 5;

function unzstdInto(chunks: SourceChunks, sink: OutputSink, maxRatio?: number): PumpResult {
  fzstd ??= requireCjs('fzstd') as Fzstd;
  const frames = new ZstdFrameCheck();
  let ended = false;
  const decoder = new fzstd.Decompress((data, final) => {
    if (data.length > 0) sink.push(data);
    if (final === true) ended = true;
    if (ratioOver(sink.total, chunks.fed, maxRatio)) throw new Stop('ratio');
    if (sink.total > sink.max || sink.done === true) throw new Stop('full');
  });
  try {
    for (;;) {
      const c = chunks.next();
      const bad = c === undefined ? undefined : frames.check(c);
      if (bad !== undefined) {
        // The frames before the refused one are decoded; a window over the limit is a limit, not damage.
        if (bad.at > 0) decoder.push(c!.subarray(0, bad.at));
        return { complete: false, error: bad.error, ratioExceeded: false, inputExhausted: false, ...(bad.error === NOT_ZSTD ? { corrupt: true } : {}) };
      }
      decoder.push(c ?? new Uint8Array(0), c === undefined);
      if (c === undefined) return { complete: ended, ratioExceeded: false, inputExhausted: false };
    }
  } catch (e) {
    if (e instanceof Stop) return { complete: false, ratioExceeded: e.reason === 'ratio', inputExhausted: false };
    const code = (e as { code?: unknown }).code;
    return { complete: false, error: message(e), ratioExceeded: false, inputExhausted: code === ZSTD_EOF && chunks.done, ...(code !== ZSTD_EOF ? { corrupt: true } : {}) };
  }
}

// ---- lz4 (frame format) ----

const LZ4_MAGIC = 0x184d2204;
/** Matches reach back at most this far (the block format's largest offset). */
const LZ4_WINDOW = 64 * 1024;

class Lz4Error extends Error {}

/** Reads the input `n` bytes at a time from the chunks, across chunk boundaries. */
class ByteReader {
  private cur: Uint8Array = new Uint8Array(0);
  private at = 0;
  constructor(private readonly chunks: SourceChunks) {}
  /** The next `n` bytes, or undefined at the end of the input. */
  take(n: number): Uint8Array | undefined {
    if (this.at + n <= this.cur.length) {
      const out = this.cur.subarray(this.at, this.at + n);
      this.at += n;
      return out;
    }
    const out = new Uint8Array(n);
    let got = 0;
    while (got < n) {
      if (this.at >= this.cur.length) {
        const c = this.chunks.next();
        if (c === undefined) return undefined;
        this.cur = c;
        this.at = 0;
      }
      const k = Math.min(n - got, this.cur.length - this.at);
      out.set(this.cur.subarray(this.at, this.at + k), got);
      got += k;
      this.at += k;
    }
    return out;
  }
  /** Passes over `n` bytes without keeping them (a skippable frame may declare 4 GiB); false at the end of the input. */
  skip(n: number): boolean {
    let left = n;
    while (left > 0) {
      if (this.at >= this.cur.length) {
        const c = this.chunks.next();
        if (c === undefined) return false;
        this.cur = c;
        this.at = 0;
      }
      const k = Math.min(left, this.cur.length - this.at);
      this.at += k;
      left -= k;
    }
    return true;
  }
  get atEnd(): boolean {
    if (this.at < this.cur.length) return false;
    const c = this.chunks.next();
    if (c === undefined) return true;
    this.cur = c;
    this.at = 0;
    return false;
  }
}

const le32 = (b: Uint8Array, o = 0): number => (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;

/**
 * Decodes one LZ4 block into `out` at `op` (bytes before `op` are the window matches may reach);
 * returns the new end. Throws Lz4Error on anything the data does not allow.
 */
function lz4Block(src: Uint8Array, out: Uint8Array, op: number, cap: number): number {
  let ip = 0;
  const len = src.length;
  /** A length nibble of 15 goes on in bytes, while they are 255. */
  const extend = (n: number, what: string): number => {
    if (n !== 15) return n;
    for (let b = 255; b === 255; n += b) {
      if (ip >= len) throw new Lz4Error(`${what} length past the block`);
      b = src[ip++]!;
    }
    return n;
  };
  for (;;) {
    if (ip >= len) throw new Lz4Error('block ends inside a sequence');
    const token = src[ip++]!;
    const lit = extend(token >> 4, 'literal');
    if (ip + lit > len || op + lit > cap) throw new Lz4Error('literals past the block');
    out.set(src.subarray(ip, ip + lit), op);
    ip += lit;
    op += lit;
    // The last sequence is literals only.
    if (ip === len) return op;
    if (ip + 2 > len) throw new Lz4Error('match offset past the block');
    const offset = src[ip]! | (src[ip + 1]! << 8);
    ip += 2;
    if (offset === 0 || offset > op) throw new Lz4Error('match offset before the start of the data');
    const ml = extend(token & 15, 'match') + 4;
    if (op + ml > cap) throw new Lz4Error('match past the block size');
    let m = op - offset;
    if (offset >= ml) {
      out.copyWithin(op, m, m + ml);
      op += ml;
    } else for (let i = 0; i < ml; i++) out[op++] = out[m++]!;
  }
}

function unlz4Into(chunks: SourceChunks, sink: OutputSink, maxRatio?: number): PumpResult {
  const input = new ByteReader(chunks);
  let frames = 0;
  try {
    for (;;) {
      if (frames > 0 && input.atEnd) return { complete: true, ratioExceeded: false, inputExhausted: false };
      const magic = input.take(4);
      if (magic === undefined) throw new Lz4Error('unexpected end of input');
      const m = le32(magic);
      if ((m & 0xfffffff0) >>> 0 === ZSTD_SKIPPABLE) {
        // A skippable frame (the same magic range as zstd's): its size, then that many bytes.
        const size = input.take(4);
        if (size === undefined || !input.skip(le32(size))) throw new Lz4Error('unexpected end of input');
        frames++;
        continue;
      }
      if (m !== LZ4_MAGIC) throw new Lz4Error(frames === 0 ? 'not an lz4 frame' : 'data after the last frame is no frame');
      const fd = input.take(2);
      if (fd === undefined) throw new Lz4Error('unexpected end of input');
      const flg = fd[0]!;
      const bd = fd[1]!;
      if (flg >> 6 !== 1 || (flg & 2) !== 0 || (bd & 0x8f) !== 0) throw new Lz4Error('unknown frame descriptor');
      const blockMax = 1 << (8 + 2 * ((bd >> 4) & 7));
      if (blockMax < LZ4_WINDOW) throw new Lz4Error('unknown block size');
      const blockChecksum = (flg & 0x10) !== 0;
      const contentChecksum = (flg & 4) !== 0;
      // The content size and dictionary id when the flags say so, then the header checksum.
      if (!input.skip((flg & 8 ? 8 : 0) + (flg & 1 ? 4 : 0) + 1)) throw new Lz4Error('unexpected end of input');
      // The window: up to 64 KiB of history, then the block being decoded.
      const out = new Uint8Array(LZ4_WINDOW + blockMax);
      let hist = 0;
      for (;;) {
        const h = input.take(4);
        if (h === undefined) throw new Lz4Error('unexpected end of input');
        const word = le32(h);
        if (word === 0) break;
        const size = word & 0x7fffffff;
        if (size > blockMax) throw new Lz4Error('block larger than the frame allows');
        const data = input.take(size);
        if (data === undefined || (blockChecksum && !input.skip(4))) throw new Lz4Error('unexpected end of input');
        let end: number;
        if (word & 0x80000000) {
          out.set(data, hist);
          end = hist + size;
        } else end = lz4Block(data, out, hist, hist + blockMax);
        if (end > hist) sink.push(out.slice(hist, end));
        if (ratioOver(sink.total, chunks.fed, maxRatio)) return { complete: false, ratioExceeded: true, inputExhausted: false };
        if (sink.total > sink.max || sink.done === true) return { complete: false, ratioExceeded: false, inputExhausted: false };
        // Keep the last 64 KiB as the next block's window.
        const keep = Math.min(end, LZ4_WINDOW);
        out.copyWithin(0, end - keep, end);
        hist = keep;
      }
      if (contentChecksum && !input.skip(4)) throw new Lz4Error('unexpected end of input');
      frames++;
    }
  } catch (e) {
    const msg = message(e);
    const eof = msg === 'unexpected end of input';
    return { complete: false, error: msg, ratioExceeded: false, inputExhausted: eof && chunks.done, ...(!eof ? { corrupt: true } : {}) };
  }
}

// ---- xz and lzma-alone (lzma-native) ----

interface LzmaNative {
  createStream(coder: 'streamDecoder' | 'aloneDecoder', options: { memlimit?: number; synchronous?: boolean }): Duplex;
}

let lzmaNative: LzmaNative | null | undefined;

function loadLzmaNative(): LzmaNative | null {
  if (lzmaNative === undefined) {
    try {
      lzmaNative = requireCjs('lzma-native') as LzmaNative;
    } catch {
      lzmaNative = null; // optional dependency absent or its binary does not load here
    }
  }
  return lzmaNative;
}

// ---- entry point ----

export async function decompressPrefix(
  src: ByteSource,
  wrapper: Wrapper,
  opts: { maxOutput: number; maxInput?: number; maxRatio?: number },
): Promise<Decoded<{ bytes: Uint8Array; complete: boolean }>> {
  const out = new Collector(Math.max(0, Math.floor(opts.maxOutput)));
  const r = await decompressInto(src, wrapper, out, opts);
  return r.ok ? ok({ bytes: out.bytes(), complete: r.value.complete }) : r;
}

/**
 * Decodes `src` into `sink` as the output comes, until the stream ends, the sink is over its
 * `max` or `done`, the input cap (`maxInput`, default 64 MiB) is reached, or the output outgrows
 * `maxRatio` times the input (a bomb: fail). A decode error after some output is returned in
 * `error` (the output so far was delivered); one before any output is a fail.
 */
export async function decompressInto(
  src: ByteSource,
  wrapper: Wrapper,
  sink: OutputSink,
  opts: { maxInput?: number; maxRatio?: number; chunk?: number },
): Promise<Decoded<PumpResult>> {
  try {
    const start = wrapper === 'joblib-zfile' ? (zfileDataStart(src.readAt(0, 64)) ?? 0) : 0;
    const chunks = new SourceChunks(src, start, Math.max(0, opts.maxInput ?? DEFAULT_MAX_INPUT), opts.chunk);
    let r: PumpResult;
    switch (wrapper) {
      case 'gzip':
      case 'zlib':
        r = await pumpInto(inflater(wrapper), chunks, sink, opts.maxRatio);
        break;
      case 'joblib-zfile':
        r = await pumpInto(inflater('zlib'), chunks, sink, opts.maxRatio);
        break;
      case 'bz2':
        r = bunzipInto(chunks, sink, opts.maxRatio);
        break;
      case 'xz':
      case 'lzma': {
        const lib = loadLzmaNative();
        if (!lib) return fail(`${wrapper} decoder unavailable (optional dependency lzma-native did not load)`);
        const coder = wrapper === 'xz' ? 'streamDecoder' : 'aloneDecoder';
        r = await pumpInto(lib.createStream(coder, { memlimit: LZMA_MEMLIMIT }), chunks, sink, opts.maxRatio);
        break;
      }
      case 'zstd':
        r = unzstdInto(chunks, sink, opts.maxRatio);
        break;
      case 'lz4':
        r = unlz4Into(chunks, sink, opts.maxRatio);
        break;
      case '7z':
        return fail(`unsupported wrapper: ${wrapper}`);
      default:
        return fail(`unsupported wrapper: ${String(wrapper)}`);
    }
    if (r.ratioExceeded) return fail('compression ratio over limit');
    if (r.error !== undefined && sink.total === 0) {
      return r.corrupt ? { ok: false, error: `${wrapper} decode error: ${r.error}`, corrupt: true } : fail(`${wrapper} decode error: ${r.error}`, r.inputExhausted);
    }
    return ok(r);
  } catch (e) {
    return fail(`${wrapper} decode error: ${message(e)}`);
  }
}
