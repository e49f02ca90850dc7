/**
 * A small ZIP writer for tests and the benchmark: stored or deflated members, local headers, the
 * central directory and the end record, as Info-ZIP writes them (no ZIP64, no data descriptors).
 * Enough to build osv.dev-style `all.zip` files without a dependency; past 65,535 members the
 * 16-bit counts wrap, as they do in real archives written without ZIP64.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { crc32, deflateRawSync } from 'node:zlib';

export interface ZipInput {
  name: string;
  data: string | Uint8Array;
  /** Store instead of deflate. */
  store?: boolean;
}

function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(n & 0xffff);
  return b;
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b;
}

/** One member: its local header plus data, and its central directory header (given its offset). */
function encode(e: ZipInput, offset: number): { local: Buffer; central: Buffer } {
  const raw = typeof e.data === 'string' ? Buffer.from(e.data, 'utf8') : Buffer.from(e.data);
  const body = e.store ? raw : deflateRawSync(raw);
  const name = Buffer.from(e.name, 'utf8');
  // version needed, flags (bit 11: UTF-8 names), method, time, date, crc, sizes, name length, extra length
  const common = [u16(20), u16(0x0800), u16(e.store ? 0 : 8), u16(0), u16(0x21), u32(crc32(raw)), u32(body.length), u32(raw.length), u16(name.length), u16(0)];
  const local = Buffer.concat([u32(0x04034b50), ...common, name, body]);
  const central = Buffer.concat([u32(0x02014b50), u16(0x0314), ...common, u16(0), u16(0), u16(0), u32(0o100644 << 16), u32(offset), name]);
  return { local, central };
}

function endRecord(count: number, cdSize: number, cdOffset: number): Buffer {
  return Buffer.concat([u32(0x06054b50), u16(0), u16(0), u16(count), u16(count), u32(cdSize), u32(cdOffset), u16(0)]);
}

export function makeZip(entries: ZipInput[]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const m = encode(e, offset);
    parts.push(m.local);
    central.push(m.central);
    offset += m.local.length;
  }
  const cd = Buffer.concat(central);
  return Buffer.concat([...parts, cd, endRecord(entries.length, cd.length, offset)]);
}

/** Writes a zip member by member, so a large archive never sits in memory; returns its size. */
export function writeZipFile(path: string, entries: Iterable<ZipInput>): number {
  const fd = openSync(path, 'w');
  try {
    const central: Buffer[] = [];
    let offset = 0;
    for (const e of entries) {
      const m = encode(e, offset);
      writeSync(fd, m.local);
      central.push(m.central);
      offset += m.local.length;
    }
    const cd = Buffer.concat(central);
    writeSync(fd, cd);
    const end = endRecord(central.length, cd.length, offset);
    writeSync(fd, end);
    return offset + cd.length + end.length;
  } finally {
    closeSync(fd);
  }
}
