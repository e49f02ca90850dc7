/**
 * A relaxed ZIP reader: it lists what PyTorch's (miniz) reader would load, so Lantern sees the
 * same members torch.load would. Relaxed means: CRCs are not checked, general-purpose flag bits
 * other than encryption are ignored, a local header whose name differs from the central one is
 * accepted, and a zip with prefix data (self-extracting stub) is read with offsets adjusted.
 *
 * Bounded whatever the archive declares: the central directory is walked entry by entry through
 * a small read window, entries are capped by maxEntries, and entry data is only ever inflated up
 * to a caller-given prefix.
 */
import { decompressPrefix, inflatePrefix, SourceChunks } from './compression.js';
import { type ByteSource, type Parsed, SliceSource, fail, ok, startsWith, u16le, u32le, u64le } from './source.js';

const SIG_LOCAL = [0x50, 0x4b, 0x03, 0x04];
const SIG_CENTRAL = [0x50, 0x4b, 0x01, 0x02];
const SIG_EOCD = [0x50, 0x4b, 0x05, 0x06];
const SIG_EOCD64 = [0x50, 0x4b, 0x06, 0x06];
const SIG_LOCATOR64 = [0x50, 0x4b, 0x06, 0x07];
const SIG_DESCRIPTOR = [0x50, 0x4b, 0x07, 0x08];

const EOCD_SIZE = 22;
const MAX_COMMENT = 0xffff;
const LOCAL_HEADER_SIZE = 30;
const CENTRAL_HEADER_SIZE = 46;
const DEFAULT_MAX_ENTRIES = 100_000;
/** How far the local-header walk looks for a data descriptor when sizes are deferred (flag bit 3). */
const MAX_DESCRIPTOR_SCAN = 64 * 1024 * 1024;

export function isZip(head: Uint8Array): boolean {
  return startsWith(head, SIG_LOCAL) || startsWith(head, SIG_EOCD);
}

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  encrypted: boolean;
  compressedSize: number;
  uncompressedSize: number;
  crc32: number;
  localHeaderOffset: number;
  isDirectory: boolean;
  unsafePath: boolean;
  isSymlink: boolean;
}

export interface ZipListing {
  entries: ZipEntry[];
  truncated: boolean;
  prefixBytes: number;
  zip64: boolean;
  warnings: string[];
}

/**
 * True for a member path that would land outside the extraction root: absolute, a drive letter,
 * a UNC path, or any `..` segment (with `/` or `\` as separator, since Windows tools honour both).
 */
export function isUnsafePath(name: string): boolean {
  if (name.startsWith('/') || name.startsWith('\\')) return true;
  if (/^[A-Za-z]:/.test(name)) return true;
  return name.split(/[/\\]/).some((seg) => seg === '..');
}

// CP437, the ZIP default when flag bit 11 is clear: bytes 0x80..0xFF.
const CP437_HIGH =
  'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀' +
  'αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0';

const utf8 = new TextDecoder('utf-8', { fatal: false });

/** Decodes a member name; never throws (bad UTF-8 becomes U+FFFD). */
export function decodeZipName(bytes: Uint8Array, isUtf8: boolean): string {
  if (isUtf8) return utf8.decode(bytes);
  let s = '';
  for (const b of bytes) s += b < 0x80 ? String.fromCharCode(b) : (CP437_HIGH[b - 0x80] ?? '?');
  return s;
}

/**
 * A read window over a source, so walking thousands of small headers costs a few large reads
 * rather than one pread per field. Memory is one window, whatever the archive size.
 */
class Window {
  private start = 0;
  private buf: Uint8Array = new Uint8Array(0);
  constructor(
    private readonly src: ByteSource,
    private readonly size = 256 * 1024,
  ) {}
  /** Up to `length` bytes at `offset` (fewer at the end of the source). */
  get(offset: number, length: number): Uint8Array {
    if (offset < 0 || length <= 0 || offset >= this.src.size) return new Uint8Array(0);
    const end = Math.min(offset + length, this.src.size);
    if (offset >= this.start && end <= this.start + this.buf.length) {
      return this.buf.subarray(offset - this.start, end - this.start);
    }
    this.start = offset;
    this.buf = this.src.readAt(offset, Math.max(length, this.size));
    return this.buf.subarray(0, Math.min(length, this.buf.length));
  }
}

interface EndRecord {
  /** Where the EOCD (or the ZIP64 record, when used) starts: the central directory ends here. */
  cdEnd: number;
  cdOffset: number;
  cdSize: number;
  totalEntries: number;
  zip64: boolean;
}

/** Scans back from the end for the EOCD; prefers the last one whose comment fits the file. */
function findEocd(src: ByteSource): number | undefined {
  const tailLen = Math.min(src.size, EOCD_SIZE + MAX_COMMENT);
  const tailStart = src.size - tailLen;
  const tail = src.readAt(tailStart, tailLen);
  let fallback: number | undefined;
  for (let i = tail.length - EOCD_SIZE; i >= 0; i--) {
    if (!startsWith(tail, SIG_EOCD, i)) continue;
    const commentLen = u16le(tail, i + 20);
    if (i + EOCD_SIZE + commentLen <= tail.length) return tailStart + i;
    fallback ??= tailStart + i;
  }
  return fallback;
}

function readEndRecord(src: ByteSource, eocdPos: number, warnings: string[]): EndRecord {
  const e = src.readAt(eocdPos, EOCD_SIZE);
  const rec: EndRecord = {
    cdEnd: eocdPos,
    totalEntries: u16le(e, 10),
    cdSize: u32le(e, 12),
    cdOffset: u32le(e, 16),
    zip64: false,
  };
  // ZIP64: a locator sits just before the EOCD and points at the ZIP64 end record.
  if (eocdPos < 20) return rec;
  const loc = src.readAt(eocdPos - 20, 20);
  if (!startsWith(loc, SIG_LOCATOR64)) return rec;
  const declared = u64le(loc, 8);
  // The record is normally right before the locator; with prefix data, the declared offset is off
  // by the prefix length, so look at both places.
  const candidates = [declared, eocdPos - 20 - 56];
  for (const at of candidates) {
    if (!Number.isFinite(at) || at < 0) continue;
    const r = src.readAt(at, 56);
    if (r.length < 56 || !startsWith(r, SIG_EOCD64)) continue;
    const total = u64le(r, 32);
    const size = u64le(r, 40);
    const offset = u64le(r, 48);
    if (!Number.isFinite(total) || !Number.isFinite(size) || !Number.isFinite(offset)) continue;
    return { cdEnd: at, totalEntries: total, cdSize: size, cdOffset: offset, zip64: true };
  }
  warnings.push('ZIP64 locator without a readable ZIP64 end record; using the 32-bit end record');
  return rec;
}

/**
 * Where the central directory really starts and how many prefix bytes precede the archive:
 * when the declared offset does not hold a central header, the directory is taken to end right
 * before the end record (as Info-ZIP does for self-extracting archives).
 */
function locateCentral(src: ByteSource, end: EndRecord): { cdStart: number; prefix: number } | undefined {
  const declared = src.readAt(end.cdOffset, 4);
  if (startsWith(declared, SIG_CENTRAL) || (end.totalEntries === 0 && end.cdSize === 0)) {
    return { cdStart: end.cdOffset, prefix: 0 };
  }
  const actual = end.cdEnd - end.cdSize;
  if (actual > end.cdOffset && startsWith(src.readAt(actual, 4), SIG_CENTRAL)) {
    return { cdStart: actual, prefix: actual - end.cdOffset };
  }
  return undefined;
}

interface Zip64Fields {
  uncompressed?: number;
  compressed?: number;
  offset?: number;
}

/** Reads the ZIP64 extra field (0x0001): only the fields whose 32-bit value was saturated. */
function readZip64Extra(extra: Uint8Array, need: { u: boolean; c: boolean; o: boolean }): Zip64Fields | undefined {
  let p = 0;
  while (p + 4 <= extra.length) {
    const id = u16le(extra, p);
    const len = u16le(extra, p + 2);
    const body = extra.subarray(p + 4, Math.min(extra.length, p + 4 + len));
    if (id === 0x0001) {
      const out: Zip64Fields = {};
      let q = 0;
      const take = (): number | undefined => {
        if (q + 8 > body.length) return undefined;
        const v = u64le(body, q);
        q += 8;
        return v;
      };
      if (need.u) out.uncompressed = take();
      if (need.c) out.compressed = take();
      if (need.o) out.offset = take();
      return out;
    }
    p += 4 + len;
  }
  return undefined;
}

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const S_IFDIR = 0o040000;
/** "Version made by" hosts whose external attributes carry a unix mode in the high 16 bits. */
const UNIX_HOSTS = new Set([3, 19]); // unix, OS X

interface CentralParse {
  entry: ZipEntry;
  next: number;
  usedZip64: boolean;
}

function parseCentral(win: Window, pos: number, prefix: number): CentralParse | undefined {
  const h = win.get(pos, CENTRAL_HEADER_SIZE);
  if (h.length < CENTRAL_HEADER_SIZE || !startsWith(h, SIG_CENTRAL)) return undefined;
  const madeBy = u16le(h, 4);
  const flags = u16le(h, 8);
  const method = u16le(h, 10);
  const crc32 = u32le(h, 16);
  let compressedSize = u32le(h, 20);
  let uncompressedSize = u32le(h, 24);
  const nameLen = u16le(h, 28);
  const extraLen = u16le(h, 30);
  const commentLen = u16le(h, 32);
  const external = u32le(h, 38);
  let offset = u32le(h, 42);
  const varLen = nameLen + extraLen;
  const vars = win.get(pos + CENTRAL_HEADER_SIZE, varLen);
  if (vars.length < varLen) return undefined;
  const name = decodeZipName(vars.subarray(0, nameLen), (flags & 0x0800) !== 0);
  const need = { u: uncompressedSize === 0xffffffff, c: compressedSize === 0xffffffff, o: offset === 0xffffffff };
  let usedZip64 = false;
  if (need.u || need.c || need.o) {
    const z = readZip64Extra(vars.subarray(nameLen), need);
    if (z) {
      usedZip64 = true;
      if (z.uncompressed !== undefined) uncompressedSize = z.uncompressed;
      if (z.compressed !== undefined) compressedSize = z.compressed;
      if (z.offset !== undefined) offset = z.offset;
    }
  }
  const mode = UNIX_HOSTS.has(madeBy >> 8) ? external >>> 16 : 0;
  const entry: ZipEntry = {
    name,
    method,
    flags,
    encrypted: (flags & 1) !== 0 || method === 99,
    compressedSize,
    uncompressedSize,
    crc32,
    localHeaderOffset: offset + prefix,
    isDirectory: name.endsWith('/') || (mode & S_IFMT) === S_IFDIR,
    unsafePath: isUnsafePath(name),
    isSymlink: (mode & S_IFMT) === S_IFLNK,
  };
  return { entry, next: pos + CENTRAL_HEADER_SIZE + varLen + commentLen, usedZip64 };
}

export function listZip(src: ByteSource, limits?: { maxEntries?: number }): Parsed<ZipListing> {
  try {
    return listZipUnsafe(src, Math.max(0, limits?.maxEntries ?? DEFAULT_MAX_ENTRIES));
  } catch (e) {
    // readAt throws only on I/O errors; a parser bug must not escape either.
    return fail(`zip read error: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function listZipUnsafe(src: ByteSource, maxEntries: number): Parsed<ZipListing> {
  const warnings: string[] = [];
  const eocd = findEocd(src);
  if (eocd === undefined) {
    warnings.push('no end of central directory record; listed by walking local headers');
    return walkLocal(src, maxEntries, warnings);
  }
  const end = readEndRecord(src, eocd, warnings);
  const where = locateCentral(src, end);
  if (!where) {
    warnings.push('central directory not found where the end record says; listed by walking local headers');
    return walkLocal(src, maxEntries, warnings);
  }
  const win = new Window(src);
  const entries: ZipEntry[] = [];
  let zip64 = end.zip64;
  let pos = where.cdStart;
  let truncated = false;
  while (pos < end.cdEnd) {
    const parsed = parseCentral(win, pos, where.prefix);
    if (!parsed) break;
    if (entries.length >= maxEntries) {
      truncated = true;
      break;
    }
    entries.push(parsed.entry);
    zip64 ||= parsed.usedZip64;
    pos = parsed.next;
  }
  if (!truncated && entries.length === 0 && end.totalEntries > 0) {
    warnings.push('central directory unreadable; listed by walking local headers');
    return walkLocal(src, maxEntries, warnings);
  }
  // The 16-bit count wraps for archives of 65536+ entries written without ZIP64; only report a
  // mismatch that wrapping does not explain.
  if (!truncated && entries.length !== end.totalEntries && entries.length % 0x10000 !== end.totalEntries) {
    warnings.push(`end record declares ${end.totalEntries} entries; central directory holds ${entries.length}`);
  }
  return ok({ entries, truncated, prefixBytes: where.prefix, zip64, warnings });
}

/** Offset of the first local header: 0 for a plain zip, later for one with a stub in front. */
function firstLocalHeader(src: ByteSource): number | undefined {
  const head = src.readAt(0, 1024 * 1024);
  for (let i = 0; i + 4 <= head.length; i++) if (startsWith(head, SIG_LOCAL, i)) return i;
  return undefined;
}

/**
 * Scans forward for the end of a deferred-size entry's data: a data descriptor whose compressed
 * size matches the distance travelled (so the signature appearing inside data is not taken), or
 * failing that the next header.
 */
function findDataEnd(win: Window, src: ByteSource, from: number): number {
  const limit = Math.min(src.size, from + MAX_DESCRIPTOR_SCAN);
  const step = 64 * 1024;
  for (let at = from; at < limit; at += step - 3) {
    const chunk = win.get(at, step);
    for (let i = 0; i + 4 <= chunk.length; i++) {
      if (chunk[i] !== 0x50 || chunk[i + 1] !== 0x4b) continue;
      const here = at + i;
      if (startsWith(chunk, SIG_DESCRIPTOR, i)) {
        const d = win.get(here, 12);
        if (d.length >= 12 && u32le(d, 8) === (here - from) % 0x100000000) return here;
      }
      if (startsWith(chunk, SIG_LOCAL, i) || startsWith(chunk, SIG_CENTRAL, i)) return here;
    }
    if (chunk.length < step) break;
  }
  return limit;
}

/**
 * Where the next header starts after a data descriptor at `at`: 16 or 24 bytes (32/64-bit sizes)
 * with a signature, 12 or 20 without; the one followed by a header signature wins.
 */
function skipDescriptor(win: Window, at: number): number {
  const signed = startsWith(win.get(at, 4), SIG_DESCRIPTOR);
  const sizes = signed ? [16, 24] : [12, 20];
  for (const n of sizes) {
    const next = win.get(at + n, 4);
    if (startsWith(next, SIG_LOCAL) || startsWith(next, SIG_CENTRAL) || startsWith(next, SIG_EOCD)) return at + n;
  }
  return at + (sizes[0] ?? 16);
}

/** Lists entries from their local headers, for archives whose central directory is lost. */
function walkLocal(src: ByteSource, maxEntries: number, warnings: string[]): Parsed<ZipListing> {
  const first = firstLocalHeader(src);
  if (first === undefined) return fail('not a zip archive: no end record and no local header');
  const win = new Window(src);
  const entries: ZipEntry[] = [];
  let zip64 = false;
  let truncated = false;
  let pos = first;
  while (pos + LOCAL_HEADER_SIZE <= src.size) {
    const h = win.get(pos, LOCAL_HEADER_SIZE);
    if (!startsWith(h, SIG_LOCAL)) break;
    if (entries.length >= maxEntries) {
      truncated = true;
      break;
    }
    const flags = u16le(h, 6);
    const method = u16le(h, 8);
    let compressedSize = u32le(h, 18);
    let uncompressedSize = u32le(h, 22);
    const nameLen = u16le(h, 26);
    const extraLen = u16le(h, 28);
    const vars = win.get(pos + LOCAL_HEADER_SIZE, nameLen + extraLen);
    const name = decodeZipName(vars.subarray(0, nameLen), (flags & 0x0800) !== 0);
    const dataStart = pos + LOCAL_HEADER_SIZE + nameLen + extraLen;
    if (compressedSize === 0xffffffff || uncompressedSize === 0xffffffff) {
      const z = readZip64Extra(vars.subarray(nameLen), {
        u: uncompressedSize === 0xffffffff,
        c: compressedSize === 0xffffffff,
        o: false,
      });
      zip64 ||= z !== undefined;
      uncompressedSize = z?.uncompressed ?? uncompressedSize;
      compressedSize = z?.compressed ?? compressedSize;
    }
    let next: number;
    if ((flags & 0x08) !== 0 && compressedSize === 0) {
      // Sizes deferred to a data descriptor: find where the data ends by its signature.
      compressedSize = findDataEnd(win, src, dataStart) - dataStart;
      next = skipDescriptor(win, dataStart + compressedSize);
    } else {
      next = dataStart + compressedSize;
      if ((flags & 0x08) !== 0) next = skipDescriptor(win, next);
    }
    entries.push({
      name,
      method,
      flags,
      encrypted: (flags & 1) !== 0 || method === 99,
      compressedSize,
      uncompressedSize,
      crc32: u32le(h, 14),
      localHeaderOffset: pos,
      isDirectory: name.endsWith('/'),
      unsafePath: isUnsafePath(name),
      isSymlink: false, // only the central directory records the unix mode
    });
    if (dataStart + compressedSize > src.size) {
      warnings.push(`entry ${JSON.stringify(name)} is truncated`);
      break;
    }
    if (!(next > pos)) break;
    pos = next;
  }
  if (entries.length === 0 && !truncated) return fail('not a zip archive: no readable local header', true);
  return ok({ entries, truncated, prefixBytes: first, zip64, warnings });
}

/**
 * The first `maxBytes` of an entry's uncompressed data. Deflate is inflated incrementally and
 * stopped as soon as enough output exists, so a member declaring 4 GB costs maxBytes plus a chunk.
 */
export async function readZipEntryPrefix(
  src: ByteSource,
  entry: ZipEntry,
  maxBytes: number,
  limits?: { maxRatio?: number; /** Read a flag-bit-0 entry as plain data, as PyTorch's reader does. */ ignoreEncryptionFlag?: boolean },
): Promise<Parsed<{ bytes: Uint8Array; complete: boolean }>> {
  try {
    // PyTorch's reader ignores the general-purpose flags, encryption bit included (CVE-2025-1945):
    // a "encrypted" entry whose bytes are plain loads there, so a scanner must read it too.
    if (entry.encrypted && !(limits?.ignoreEncryptionFlag && entry.method !== 99)) return fail('encrypted entry');
    if (!READABLE_METHODS.has(entry.method)) return fail(`unsupported compression method ${entry.method}`);
    const h = src.readAt(entry.localHeaderOffset, LOCAL_HEADER_SIZE);
    if (h.length < LOCAL_HEADER_SIZE || !startsWith(h, SIG_LOCAL)) return fail('no local header at entry offset');
    // The local header's own lengths place the data; its name may differ from the central one.
    const dataStart = entry.localHeaderOffset + LOCAL_HEADER_SIZE + u16le(h, 26) + u16le(h, 28);
    const available = Math.max(0, Math.min(entry.compressedSize, src.size - dataStart));
    const inputTruncated = available < entry.compressedSize;
    const want = Math.max(0, Math.floor(maxBytes));
    if (entry.method === 0) {
      const n = Math.min(want, available);
      const bytes = readRange(src, dataStart, n);
      if (bytes.length < n) return ok({ bytes, complete: false });
      return ok({ bytes, complete: n === entry.compressedSize && !inputTruncated });
    }
    if (entry.method !== 8) return await decodeOther(src, entry, dataStart, available, want, limits?.maxRatio);
    const chunks = new SourceChunks(src, dataStart, available);
    const r = await inflatePrefix('deflate-raw', chunks, want, limits?.maxRatio);
    if (r.ratioExceeded) return fail('compression ratio over limit');
    if (r.error !== undefined && r.bytes.length === 0) return fail(`inflate error: ${r.error}`, r.inputExhausted || inputTruncated);
    return ok({ bytes: r.bytes, complete: r.complete });
  } catch (e) {
    return fail(`zip read error: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/**
 * A stored (method 0) entry's bytes as a source of their own, read in place: what a format that
 * nests an archive uncompressed (a .conda package's zstd tarballs) reads further.
 */
export function storedEntrySource(src: ByteSource, entry: ZipEntry): Parsed<ByteSource> {
  if (entry.encrypted) return fail('encrypted entry');
  if (entry.method !== 0) return fail(`compression method ${entry.method}, not stored`);
  const h = src.readAt(entry.localHeaderOffset, LOCAL_HEADER_SIZE);
  if (h.length < LOCAL_HEADER_SIZE || !startsWith(h, SIG_LOCAL)) return fail('no local header at entry offset');
  const dataStart = entry.localHeaderOffset + LOCAL_HEADER_SIZE + u16le(h, 26) + u16le(h, 28);
  const available = Math.max(0, Math.min(entry.compressedSize, src.size - dataStart));
  return ok(new SliceSource(src, dataStart, available));
}

const METHOD_BZIP2 = 12;
const METHOD_LZMA = 14;
/** APPNOTE 6.3.8's Zstandard (93); 20 was an earlier, withdrawn number for it. */
const METHOD_ZSTD = 93;
/**
 * Stored, deflate, and the other methods CPython's zipfile reads (so numpy.load of an .npz,
 * Keras' .keras loader and pickle.load(zipfile.open(...)) read them too): bzip2, LZMA, and from
 * Python 3.14 Zstandard.
 */
const READABLE_METHODS = new Set([0, 8, METHOD_BZIP2, METHOD_LZMA, METHOD_ZSTD]);

/**
 * A bzip2 member is a plain .bz2 stream, a Zstandard one a plain zstd stream. An LZMA member (APPNOTE 5.8.8) is two version bytes, a
 * u16 properties size (5), the properties (lc/lp/pb byte, u32 dictionary size) and the raw
 * stream: the properties and an unknown size (-1) make the 13-byte LZMA-alone header liblzma
 * decodes. Unknown even when flag bit 1 (end marker present) is clear: liblzma refuses an end
 * marker under a known size, and writers put one there anyway; a stream that has none yields
 * all its bytes, as a prefix that is not known to be complete.
 */
async function decodeOther(src: ByteSource, entry: ZipEntry, dataStart: number, available: number, want: number, maxRatio: number | undefined): Promise<Parsed<{ bytes: Uint8Array; complete: boolean }>> {
  let data: ByteSource = new SliceSource(src, dataStart, available);
  if (entry.method === METHOD_LZMA) {
    const h = data.readAt(0, 4);
    if (h.length < 4) return fail('LZMA member header cut', true);
    const propsSize = u16le(h, 2);
    if (propsSize !== 5) return fail(`LZMA member with ${propsSize} property bytes`);
    const props = data.readAt(4, 5);
    if (props.length < 5) return fail('LZMA member header cut', true);
    const header = new Uint8Array(13).fill(0xff);
    header.set(props, 0);
    data = new PrefixedSource(header, new SliceSource(src, dataStart + 9, Math.max(0, available - 9)));
  }
  const wrapper = entry.method === METHOD_BZIP2 ? 'bz2' : entry.method === METHOD_ZSTD ? 'zstd' : 'lzma';
  const r = await decompressPrefix(data, wrapper, { maxOutput: want, maxInput: data.size, maxRatio });
  return r.ok ? r : fail(r.error, r.truncated === true);
}

/** `prefix`, then another source. */
class PrefixedSource implements ByteSource {
  readonly size: number;
  constructor(private readonly prefix: Uint8Array, private readonly inner: ByteSource) {
    this.size = prefix.length + inner.size;
  }
  readAt(offset: number, length: number): Uint8Array {
    if (offset < 0 || offset >= this.size || length <= 0) return new Uint8Array(0);
    if (offset >= this.prefix.length) return this.inner.readAt(offset - this.prefix.length, length);
    const head = this.prefix.subarray(offset, Math.min(this.prefix.length, offset + length));
    if (head.length === length) return head;
    const rest = this.inner.readAt(0, length - head.length);
    const out = new Uint8Array(head.length + rest.length);
    out.set(head, 0);
    out.set(rest, head.length);
    return out;
  }
}

/** Reads [offset, offset+length) in pieces, since one readAt may return less than asked. */
function readRange(src: ByteSource, offset: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let got = 0;
  while (got < length) {
    const part = src.readAt(offset + got, length - got);
    if (part.length === 0) break;
    out.set(part, got);
    got += part.length;
  }
  return got === length ? out : out.subarray(0, got);
}
