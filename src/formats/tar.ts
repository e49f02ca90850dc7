/**
 * A tar lister: v7, ustar (with the prefix field), GNU long names ('L'/'K') and pax extended
 * headers ('x'; 'g' is read past). Headers are read one 512-byte block at a time and entry data is
 * skipped by offset, never read, so the cost is one small read per member.
 */
import { isUnsafePath } from './zip.js';
import { type ByteSource, type Parsed, ascii, fail, ok, startsWith } from './source.js';
import { decompressInto, type Wrapper } from './compression.js';

const BLOCK = 512;
const DEFAULT_MAX_ENTRIES = 100_000;
/** Long-name and pax records larger than this are skipped with a warning, not read. */
const MAX_META = 1024 * 1024;

export interface TarEntry {
  name: string;
  size: number;
  type: 'file' | 'dir' | 'symlink' | 'hardlink' | 'other';
  dataOffset: number;
  linkName?: string;
  unsafePath: boolean;
}

export interface TarListing {
  entries: TarEntry[];
  truncated: boolean;
  warnings: string[];
}

/** The checksum: header bytes summed with the checksum field itself counted as spaces. */
function checksumOk(h: Uint8Array): boolean {
  const declared = parseOctal(h.subarray(148, 156));
  if (declared === undefined) return false;
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : (h[i] ?? 0);
  return sum === declared;
}

/**
 * A tar header: its checksum adds up, or it has the ustar magic and well-formed numeric fields (a
 * damaged archive, which the lister then reports). The magic alone is not enough: a text file may
 * hold "ustar" at byte 257 (tar-stream's headers.js does), and its mode and checksum fields are text.
 */
export function isTar(head: Uint8Array): boolean {
  if (head.length < BLOCK || isZeroBlock(head.subarray(0, BLOCK))) return false;
  if (checksumOk(head)) return true;
  return startsWith(head, ascii('ustar'), 257) && hasDigits(head.subarray(100, 108)) && hasDigits(head.subarray(148, 156)) && parseNumeric(head.subarray(124, 136)) !== undefined;
}

/** An octal field with at least one digit. */
function hasDigits(f: Uint8Array): boolean {
  return parseOctal(f) !== undefined && f.some((c) => c >= 0x30 && c <= 0x37);
}

function isZeroBlock(b: Uint8Array): boolean {
  for (const x of b) if (x !== 0) return false;
  return true;
}

/** An octal field: optional leading spaces, digits, then NUL or space. Undefined when malformed. */
function parseOctal(f: Uint8Array): number | undefined {
  let i = 0;
  while (i < f.length && f[i] === 0x20) i++;
  let v = 0;
  let digits = 0;
  for (; i < f.length; i++) {
    const c = f[i] ?? 0;
    if (c === 0 || c === 0x20) break;
    if (c < 0x30 || c > 0x37) return undefined;
    v = v * 8 + (c - 0x30);
    digits++;
  }
  return digits === 0 ? 0 : v;
}

/** A numeric field: octal, or GNU base-256 (high bit of the first byte set). */
function parseNumeric(f: Uint8Array): number | undefined {
  const first = f[0] ?? 0;
  if ((first & 0x80) === 0) return parseOctal(f);
  if (first === 0xff) return undefined; // negative
  let v = first & 0x7f;
  for (let i = 1; i < f.length; i++) v = v * 256 + (f[i] ?? 0);
  return Number.isSafeInteger(v) ? v : undefined;
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

/** A NUL-terminated string field. */
function cstr(f: Uint8Array): string {
  const nul = f.indexOf(0);
  return utf8.decode(nul < 0 ? f : f.subarray(0, nul));
}

/** pax records: "<len> <key>=<value>\n", len counting the whole record. */
function parsePax(data: Uint8Array): Map<string, string> {
  const out = new Map<string, string>();
  let p = 0;
  while (p < data.length) {
    let sp = p;
    while (sp < data.length && data[sp] !== 0x20) sp++;
    const len = Number(utf8.decode(data.subarray(p, sp)));
    if (!Number.isInteger(len) || len <= sp - p || p + len > data.length) break;
    const rec = utf8.decode(data.subarray(sp + 1, p + len - 1)); // drop the trailing newline
    const eq = rec.indexOf('=');
    if (eq > 0) out.set(rec.slice(0, eq), rec.slice(eq + 1));
    p += len;
  }
  return out;
}

function typeOf(flag: number, name: string): TarEntry['type'] {
  switch (flag) {
    case 0:
    case 0x30: // '0'
    case 0x37: // '7' contiguous file
      return name.endsWith('/') ? 'dir' : 'file'; // old archivers mark directories by the slash
    case 0x31:
      return 'hardlink';
    case 0x32:
      return 'symlink';
    case 0x35:
      return 'dir';
    default:
      return 'other';
  }
}

function padded(size: number): number {
  return Math.ceil(size / BLOCK) * BLOCK;
}

export function listTar(src: ByteSource, limits?: { maxEntries?: number }): Parsed<TarListing> {
  try {
    return listTarUnsafe(src, Math.max(0, limits?.maxEntries ?? DEFAULT_MAX_ENTRIES));
  } catch (e) {
    return fail(`tar read error: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Metadata carried from 'L'/'K'/'x' records to the header they describe. */
interface Pending {
  path?: string;
  linkpath?: string;
  size?: number;
}

/** What one header block says. */
type Header =
  | { t: 'end' }
  | { t: 'bad'; message: string }
  /** A long-name or pax record ('L', 'K', 'x', 'g'): `size` bytes of data follow, for the next header. */
  | { t: 'meta'; flag: number; size: number }
  | { t: 'entry'; entry: TarEntry };

/**
 * Reads the header block `h` at `pos` (the `headers`-th so far), applying and clearing `pending`.
 * Shared by the lister (which seeks past entry data) and TarStream (which sees every byte go by).
 */
function readHeader(h: Uint8Array, pos: number, headers: number, pending: Pending): Header {
  if (isZeroBlock(h)) return { t: 'end' }; // end of archive (the second zero block is optional in practice)
  if (!checksumOk(h)) return { t: 'bad', message: headers === 0 ? 'not a tar archive: bad header checksum' : `bad header checksum at offset ${pos}; listing stops` };
  const flag = h[156] ?? 0;
  let size = parseNumeric(h.subarray(124, 136));
  if (size === undefined) return { t: 'bad', message: `unreadable size at offset ${pos}; listing stops` };
  if (flag === 0x4c || flag === 0x4b || flag === 0x78 || flag === 0x67) return { t: 'meta', flag, size };
  let name = cstr(h.subarray(0, 100));
  const prefix = startsWith(h, ascii('ustar'), 257) ? cstr(h.subarray(345, 500)) : '';
  if (prefix && !startsWith(h, ascii('ustar  '), 257)) name = `${prefix}/${name}`; // not old GNU
  if (pending.path !== undefined) name = pending.path;
  if (pending.size !== undefined) size = pending.size;
  let linkName = cstr(h.subarray(157, 257));
  if (pending.linkpath !== undefined) linkName = pending.linkpath;
  for (const k of Object.keys(pending) as (keyof Pending)[]) delete pending[k];
  const type = typeOf(flag, name);
  // As in Python's tarfile: links, directories and devices carry no data whatever the size field
  // says; regular files and unknown types do.
  const dataSize = flag >= 0x31 && flag <= 0x36 ? 0 : size;
  const entry: TarEntry = { name, size: dataSize, type, dataOffset: pos + BLOCK, unsafePath: isUnsafePath(name) };
  if (type === 'symlink' || type === 'hardlink') entry.linkName = linkName;
  return { t: 'entry', entry };
}

/** A metadata record's data applied to the header after it ('g', global pax, is read past). */
function applyMeta(flag: number, data: Uint8Array, pending: Pending): void {
  if (flag === 0x4c) pending.path = cstr(data);
  else if (flag === 0x4b) pending.linkpath = cstr(data);
  else if (flag === 0x78) applyPax(parsePax(data), pending);
}

function listTarUnsafe(src: ByteSource, maxEntries: number): Parsed<TarListing> {
  const entries: TarEntry[] = [];
  const warnings: string[] = [];
  const pending: Pending = {};
  let pos = 0;
  let headers = 0;
  while (true) {
    const h = src.readAt(pos, BLOCK);
    if (h.length === 0) {
      if (headers === 0) return fail('empty file');
      warnings.push('archive ends without end-of-archive blocks');
      break;
    }
    if (h.length < BLOCK) {
      if (headers === 0) return fail('not a tar archive: shorter than one block', true);
      warnings.push(`truncated header at offset ${pos}`);
      break;
    }
    const r = readHeader(h, pos, headers, pending);
    if (r.t === 'end') break;
    if (r.t === 'bad') {
      if (headers === 0) return fail(r.message);
      warnings.push(r.message);
      break;
    }
    headers++;
    const dataOffset = pos + BLOCK;
    // Metadata records: read their data (bounded) and apply it to the next header.
    if (r.t === 'meta') {
      if (r.flag !== 0x67) {
        if (r.size > MAX_META) warnings.push(`metadata record of ${r.size} bytes at offset ${pos} ignored`);
        else {
          const data = src.readAt(dataOffset, r.size);
          if (data.length < r.size) {
            warnings.push(`truncated metadata record at offset ${pos}`);
            break;
          }
          applyMeta(r.flag, data, pending);
        }
      }
      pos = dataOffset + padded(r.size);
      continue;
    }
    if (entries.length >= maxEntries) {
      return ok({ entries, truncated: true, warnings });
    }
    const entry = r.entry;
    entries.push(entry);
    if (dataOffset + entry.size > src.size) {
      warnings.push(`entry ${JSON.stringify(entry.name)} is truncated`);
      break;
    }
    pos = dataOffset + padded(entry.size);
  }
  return ok({ entries, truncated: false, warnings });
}

function applyPax(rec: Map<string, string>, pending: Pending): void {
  const path = rec.get('path');
  if (path !== undefined) pending.path = path;
  const link = rec.get('linkpath');
  if (link !== undefined) pending.linkpath = link;
  const size = rec.get('size');
  if (size !== undefined && /^\d+$/.test(size)) {
    const n = Number(size);
    if (Number.isSafeInteger(n)) pending.size = n;
  }
}

/** What a TarStream asks of its consumer for each entry. */
export interface TarStreamSink {
  /** At an entry's header: how many of its leading bytes to gather (0: none). */
  want(entry: TarEntry): number;
  /** The gathered bytes of an entry that asked for some: all it asked for, or fewer if the stream ended first. */
  take(entry: TarEntry, bytes: Uint8Array): void;
}

/**
 * A tar read from a stream that cannot seek (a .tar.gz's decoded output): every byte passes by
 * once, in chunks of any size. Headers are read as listTar reads them; an entry's leading bytes are
 * gathered when the sink asks for them, the rest of its data passes unread. Memory: one header
 * block, one metadata record (at most MAX_META) and the bytes being gathered.
 */
export class TarStream {
  readonly entries: TarEntry[] = [];
  readonly warnings: string[] = [];
  /** The stream is not a tar (its first header is bad or missing). */
  error?: string;
  /** Nothing more is wanted: end-of-archive, a bad header, or more than maxEntries entries. */
  done = false;
  /** The listing stopped at maxEntries. */
  truncated = false;
  private pos = 0;
  private headers = 0;
  private readonly pending: Pending = {};
  private readonly hdr = new Uint8Array(BLOCK);
  private hdrFill = 0;
  private state: 'header' | 'meta' | 'data' | 'pad' = 'header';
  /** Bytes left in the current metadata record, entry data or padding. */
  private left = 0;
  /** Padding after the current record or entry's data. */
  private pad = 0;
  private metaFlag = 0;
  private meta: Uint8Array | undefined;
  private metaFill = 0;
  private entry: TarEntry | undefined;
  private gather: Uint8Array | undefined;
  private gathered = 0;

  constructor(
    private readonly sink: TarStreamSink,
    private readonly maxEntries = DEFAULT_MAX_ENTRIES,
  ) {}

  push(chunk: Uint8Array): void {
    let i = 0;
    while (i < chunk.length && !this.done) {
      const n = Math.min(this.state === 'header' ? BLOCK - this.hdrFill : this.left, chunk.length - i);
      const part = chunk.subarray(i, i + n);
      i += n;
      this.pos += n;
      if (this.state === 'header') {
        this.hdr.set(part, this.hdrFill);
        this.hdrFill += n;
        if (this.hdrFill === BLOCK) {
          this.hdrFill = 0;
          this.onHeader(this.pos - BLOCK);
        }
        continue;
      }
      this.left -= n;
      if (this.state === 'meta' && this.meta) {
        this.meta.set(part, this.metaFill);
        this.metaFill += n;
      } else if (this.state === 'data' && this.gather) {
        const take = Math.min(n, this.gather.length - this.gathered);
        this.gather.set(part.subarray(0, take), this.gathered);
        this.gathered += take;
        if (this.gathered === this.gather.length) this.deliver();
      }
      if (this.left === 0) {
        if (this.state === 'meta' && this.meta) applyMeta(this.metaFlag, this.meta, this.pending);
        this.meta = undefined;
        this.passOver(this.state === 'pad' ? 0 : this.pad);
      }
    }
  }

  /** The input is over: says what was cut short, and hands over a partly gathered entry. */
  end(): void {
    if (this.done) return;
    this.done = true;
    if (this.headers === 0) {
      this.error = this.pos === 0 ? 'empty stream' : 'not a tar archive: shorter than one block';
      return;
    }
    if (this.state === 'header') this.warnings.push(this.hdrFill === 0 ? 'archive ends without end-of-archive blocks' : `truncated header at offset ${this.pos - this.hdrFill}`);
    else if (this.state === 'meta') this.warnings.push('truncated metadata record');
    else if (this.state === 'data' && this.entry) {
      this.warnings.push(`entry ${JSON.stringify(this.entry.name)} is truncated`);
      if (this.gather) this.deliver();
    }
  }

  private deliver(): void {
    if (this.entry && this.gather) this.sink.take(this.entry, this.gather.subarray(0, this.gathered));
    this.gather = undefined;
  }

  /** The next `n` bytes (padding, or a record not kept) go by unkept; then a header. */
  private passOver(n: number): void {
    this.state = n > 0 ? 'pad' : 'header';
    this.left = n;
  }

  private onHeader(at: number): void {
    const r = readHeader(this.hdr, at, this.headers, this.pending);
    if (r.t === 'end' || r.t === 'bad') {
      if (r.t === 'bad') {
        if (this.headers === 0) this.error = r.message;
        else this.warnings.push(r.message);
      }
      this.done = true;
      return;
    }
    this.headers++;
    if (r.t === 'meta') {
      this.pad = padded(r.size) - r.size;
      if (r.flag === 0x67 || r.size > MAX_META) {
        if (r.flag !== 0x67) this.warnings.push(`metadata record of ${r.size} bytes at offset ${at} ignored`);
        this.passOver(padded(r.size));
        return;
      }
      this.metaFlag = r.flag;
      this.meta = new Uint8Array(r.size);
      this.metaFill = 0;
      this.state = 'meta';
      this.left = r.size;
      if (r.size === 0) {
        applyMeta(r.flag, this.meta, this.pending);
        this.passOver(0);
      }
      return;
    }
    if (this.entries.length >= this.maxEntries) {
      this.truncated = true;
      this.done = true;
      return;
    }
    const e = r.entry;
    this.entries.push(e);
    this.entry = e;
    this.pad = padded(e.size) - e.size;
    const want = Math.min(Math.max(0, Math.floor(this.sink.want(e))), e.size);
    this.gather = want > 0 ? new Uint8Array(want) : undefined;
    this.gathered = 0;
    if (e.size === 0) {
      this.passOver(0);
      return;
    }
    this.state = 'data';
    this.left = e.size;
  }
}

/** How far readWrappedTar got. */
export interface WrappedTar {
  tar: TarStream;
  /** Bytes decoded. */
  decoded: number;
  /** The decoded output reached `maxOutput` before the archive ended: the entries after it were not seen. */
  cut: boolean;
  /** The tar's end-of-archive block (or a bad header after the first) was reached: every entry was seen. */
  complete: boolean;
  /** The stream could not be decoded (before any output, a bomb, an unavailable decoder), or broke off. */
  error?: string;
}

/**
 * Walks the tar inside a compression wrapper (.tar.gz, .tgz, .tar.bz2, .tar.xz) from its first
 * byte to its end-of-archive block, decoding as it goes: the wrapper cannot be seeked, so a member
 * after a large one is reached only by decoding through it. Bounded by `maxOutput` decoded bytes
 * and `maxRatio` (output over input); memory is TarStream's plus the decoder's.
 */
export async function readWrappedTar(
  src: ByteSource,
  wrapper: Wrapper,
  sink: TarStreamSink,
  opts: { maxOutput: number; maxRatio: number; maxEntries?: number; /** Decoding stops once this says true (the sink has what it wanted). */ enough?: () => boolean },
): Promise<WrappedTar> {
  const tar = new TarStream(sink, opts.maxEntries);
  let decoded = 0;
  const out = {
    push(c: Uint8Array): void {
      decoded += c.length;
      tar.push(c);
    },
    get total(): number {
      return decoded;
    },
    max: opts.maxOutput,
    get done(): boolean {
      return tar.done || opts.enough?.() === true;
    },
  };
  const r = await decompressInto(src, wrapper, out, { maxInput: src.size, maxRatio: opts.maxRatio, chunk: 256 * 1024 });
  const cut = !tar.done && decoded > opts.maxOutput;
  const complete = tar.done;
  tar.end();
  const error = r.ok ? r.value.error : r.error;
  return { tar, decoded, cut, complete, ...(error !== undefined ? { error } : {}) };
}
