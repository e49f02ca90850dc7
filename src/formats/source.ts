/**
 * Random-access, bounded byte sources for the format readers.
 *
 * Readers never load a whole file: they ask for the ranges they need. Reads are synchronous
 * because readers run inside the worker pool, one file at a time; a synchronous pread is the
 * cheapest way to get a few header bytes.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

export interface ByteSource {
  /** Total size in bytes. */
  readonly size: number;
  /**
   * Returns up to `length` bytes starting at `offset`: fewer at the end of the source, empty past
   * it. Throws only on an I/O error (which callers turn into a warning).
   */
  readAt(offset: number, length: number): Uint8Array;
}

/** The result of a bounded parse: a value, or a reason it could not be had. Parsers never throw. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string; truncated?: boolean };

export function ok<T>(value: T): Parsed<T> {
  return { ok: true, value };
}

export function fail<T>(error: string, truncated = false): Parsed<T> {
  return truncated ? { ok: false, error, truncated } : { ok: false, error };
}

/** `size` bytes of another source from `base` (a tar member, a zip member's compressed data). */
export class SliceSource implements ByteSource {
  constructor(
    private readonly inner: ByteSource,
    private readonly base: number,
    readonly size: number,
  ) {}
  readAt(offset: number, length: number): Uint8Array {
    if (offset < 0 || offset >= this.size) return new Uint8Array(0);
    return this.inner.readAt(this.base + offset, Math.min(length, this.size - offset));
  }
}

/** A source over bytes already in memory (a decompressed prefix, an archive member, a test). */
export class BufferSource implements ByteSource {
  readonly size: number;
  constructor(private readonly bytes: Uint8Array) {
    this.size = bytes.length;
  }
  readAt(offset: number, length: number): Uint8Array {
    if (offset >= this.size || length <= 0 || offset < 0) return new Uint8Array(0);
    return this.bytes.subarray(offset, Math.min(this.size, offset + length));
  }
}

/** Largest single read a FileSource serves; readers ask for headers, not bodies. */
export const MAX_READ = 64 * 1024 * 1024;

/** A source over a file on disk, read with pread. Close it when done. */
export class FileSource implements ByteSource {
  readonly size: number;
  private fd: number;
  private constructor(fd: number, size: number) {
    this.fd = fd;
    this.size = size;
  }
  static open(path: string): FileSource {
    const fd = openSync(path, 'r');
    try {
      return new FileSource(fd, fstatSync(fd).size);
    } catch (e) {
      closeSync(fd);
      throw e;
    }
  }
  readAt(offset: number, length: number): Uint8Array {
    if (offset >= this.size || length <= 0 || offset < 0) return new Uint8Array(0);
    const n = Math.min(length, this.size - offset, MAX_READ);
    const buf = Buffer.allocUnsafe(n);
    let got = 0;
    while (got < n) {
      const r = readSync(this.fd, buf, got, n - got, offset + got);
      if (r === 0) break;
      got += r;
    }
    return got === n ? buf : buf.subarray(0, got);
  }
  /**
   * Reads up to `into.length` bytes from `offset` into `into`; the part read (a view of `into`).
   * For a caller that reuses one buffer across files (the analysis head).
   */
  readInto(offset: number, into: Uint8Array): Uint8Array {
    if (offset >= this.size || offset < 0) return into.subarray(0, 0);
    const n = Math.min(into.length, this.size - offset);
    let got = 0;
    while (got < n) {
      const r = readSync(this.fd, into, got, n - got, offset + got);
      if (r === 0) break;
      got += r;
    }
    return into.subarray(0, got);
  }
  close(): void {
    if (this.fd >= 0) {
      closeSync(this.fd);
      this.fd = -1;
    }
  }
}

/** The first `length` bytes of a file (fewer when it is shorter); opens and closes it. */
export function readHead(path: string, length: number): Uint8Array {
  const src = FileSource.open(path);
  try {
    return src.readAt(0, length);
  } finally {
    src.close();
  }
}

/** Little helpers for readers. */
export function u32le(b: Uint8Array, o: number): number {
  return ((b[o] ?? 0) | ((b[o + 1] ?? 0) << 8) | ((b[o + 2] ?? 0) << 16)) + (b[o + 3] ?? 0) * 0x1000000;
}

export function u16le(b: Uint8Array, o: number): number {
  return (b[o] ?? 0) | ((b[o + 1] ?? 0) << 8);
}

/** Unsigned 64-bit little-endian as a number; values above 2^53 come back as Infinity. */
export function u64le(b: Uint8Array, o: number): number {
  const lo = u32le(b, o);
  const hi = u32le(b, o + 4);
  if (hi >= 0x200000) return Infinity;
  return hi * 0x100000000 + lo;
}

export function startsWith(b: Uint8Array, magic: readonly number[], at = 0): boolean {
  if (b.length < at + magic.length) return false;
  for (let i = 0; i < magic.length; i++) if (b[at + i] !== magic[i]) return false;
  return true;
}

export function ascii(s: string): number[] {
  return Array.from(s, (c) => c.charCodeAt(0));
}
