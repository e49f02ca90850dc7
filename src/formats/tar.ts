/**
 * A tar lister: v7, ustar (with the prefix field), GNU long names ('L'/'K') and pax extended
 * headers ('x'; 'g' is read past). Headers are read one 512-byte block at a time and entry data is
 * skipped by offset, never read, so the cost is one small read per member.
 */
import { isUnsafePath } from './zip.js';
import { type ByteSource, type Parsed, ascii, fail, ok, startsWith } from './source.js';

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

export function isTar(head: Uint8Array): boolean {
  if (head.length < BLOCK) return false;
  if (startsWith(head, ascii('ustar'), 257)) return true;
  return !isZeroBlock(head.subarray(0, BLOCK)) && checksumOk(head);
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

function listTarUnsafe(src: ByteSource, maxEntries: number): Parsed<TarListing> {
  const entries: TarEntry[] = [];
  const warnings: string[] = [];
  let pending: Pending = {};
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
    if (isZeroBlock(h)) break; // end of archive (the second zero block is optional in practice)
    if (!checksumOk(h)) {
      if (headers === 0) return fail('not a tar archive: bad header checksum');
      warnings.push(`bad header checksum at offset ${pos}; listing stops`);
      break;
    }
    headers++;
    const flag = h[156] ?? 0;
    let size = parseNumeric(h.subarray(124, 136));
    if (size === undefined) {
      warnings.push(`unreadable size at offset ${pos}; listing stops`);
      break;
    }
    const dataOffset = pos + BLOCK;
    // Metadata records: read their data (bounded) and apply it to the next header.
    if (flag === 0x4c || flag === 0x4b || flag === 0x78 || flag === 0x67) {
      if (flag !== 0x67) {
        if (size > MAX_META) warnings.push(`metadata record of ${size} bytes at offset ${pos} ignored`);
        else {
          const data = src.readAt(dataOffset, size);
          if (data.length < size) {
            warnings.push(`truncated metadata record at offset ${pos}`);
            break;
          }
          if (flag === 0x4c) pending.path = cstr(data);
          else if (flag === 0x4b) pending.linkpath = cstr(data);
          else applyPax(parsePax(data), pending);
        }
      }
      pos = dataOffset + padded(size);
      continue;
    }
    if (entries.length >= maxEntries) {
      return ok({ entries, truncated: true, warnings });
    }
    let name = cstr(h.subarray(0, 100));
    const prefix = startsWith(h, ascii('ustar'), 257) ? cstr(h.subarray(345, 500)) : '';
    if (prefix && !startsWith(h, ascii('ustar  '), 257)) name = `${prefix}/${name}`; // not old GNU
    if (pending.path !== undefined) name = pending.path;
    if (pending.size !== undefined) size = pending.size;
    let linkName = cstr(h.subarray(157, 257));
    if (pending.linkpath !== undefined) linkName = pending.linkpath;
    pending = {};
    const type = typeOf(flag, name);
    // As in Python's tarfile: links, directories and devices carry no data whatever the size field
    // says; regular files and unknown types do.
    const dataSize = flag >= 0x31 && flag <= 0x36 ? 0 : size;
    const entry: TarEntry = { name, size: dataSize, type, dataOffset, unsafePath: isUnsafePath(name) };
    if (type === 'symlink' || type === 'hardlink') entry.linkName = linkName;
    entries.push(entry);
    if (dataOffset + dataSize > src.size) {
      warnings.push(`entry ${JSON.stringify(name)} is truncated`);
      break;
    }
    pos = dataOffset + padded(dataSize);
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
