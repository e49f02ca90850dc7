/**
 * Small byte-level builders for zip, tar and npy test inputs. They write headers field by field
 * so tests can produce the malformed and hostile variants that real tools refuse to write.
 */
import { deflateRawSync } from 'node:zlib';

const enc = new TextEncoder();

export function concat(parts: Uint8Array[]): Uint8Array {
  const n = parts.reduce((a, p) => a + p.length, 0);
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

class Bytes {
  private parts: number[] = [];
  u8(v: number): this {
    this.parts.push(v & 0xff);
    return this;
  }
  u16(v: number): this {
    return this.u8(v).u8(v >>> 8);
  }
  u32(v: number): this {
    return this.u16(v & 0xffff).u16(Math.floor(v / 0x10000));
  }
  u64(v: number): this {
    return this.u32(v % 0x100000000).u32(Math.floor(v / 0x100000000));
  }
  raw(b: Uint8Array): this {
    for (const x of b) this.parts.push(x);
    return this;
  }
  get length(): number {
    return this.parts.length;
  }
  build(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(b: Uint8Array): number {
  let c = 0xffffffff;
  for (const x of b) c = (CRC_TABLE[(c ^ x) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export interface ZipSpec {
  name: string;
  data?: Uint8Array;
  /** 0 stored (default), 8 deflate, or any number (data is then written as given). */
  method?: number;
  flags?: number;
  /** Name written in the local header, when it should differ from the central one. */
  localName?: string;
  /** Raw name bytes for the central directory (overrides name). */
  nameBytes?: Uint8Array;
  crc?: number;
  /** Sizes declared in both headers instead of the real ones (a zip bomb's lie). */
  declaredCompressed?: number;
  declaredUncompressed?: number;
  /** Unix mode for the external attributes (host set to unix). */
  unixMode?: number;
  /** Raw compressed bytes instead of compressing `data`. */
  payload?: Uint8Array;
  /** Write sizes as 0xFFFFFFFF with a ZIP64 extra field. */
  zip64?: boolean;
}

export interface ZipOptions {
  prefix?: Uint8Array;
  comment?: Uint8Array;
  /** Write a ZIP64 end record and locator. */
  zip64End?: boolean;
  /** Declared entry count in the end record, if not the real one. */
  declaredCount?: number;
}

/** Builds a zip archive; also returns where each local header and the central directory start. */
export function buildZip(specs: ZipSpec[], opts: ZipOptions = {}): { bytes: Uint8Array; cdStart: number; localOffsets: number[] } {
  const prefix = opts.prefix ?? new Uint8Array(0);
  const locals: Uint8Array[] = [];
  const central = new Bytes();
  const localOffsets: number[] = [];
  let offset = 0; // relative to the archive start, as a zip writer that knows nothing of the stub
  for (const s of specs) {
    const data = s.data ?? new Uint8Array(0);
    const method = s.method ?? 0;
    const payload = s.payload ?? (method === 8 ? new Uint8Array(deflateRawSync(data)) : data);
    const flags = s.flags ?? 0x0800;
    const crc = s.crc ?? crc32(data);
    const csize = s.declaredCompressed ?? payload.length;
    const usize = s.declaredUncompressed ?? data.length;
    const nameBytes = s.nameBytes ?? enc.encode(s.name);
    const localName = s.localName !== undefined ? enc.encode(s.localName) : nameBytes;
    const extra64 = s.zip64 ? new Bytes().u16(1).u16(16).u64(usize).u64(csize).build() : new Uint8Array(0);
    const local = new Bytes()
      .raw(Uint8Array.of(0x50, 0x4b, 3, 4))
      .u16(s.zip64 ? 45 : 20)
      .u16(flags)
      .u16(method)
      .u16(0)
      .u16(0)
      .u32(crc)
      .u32(s.zip64 ? 0xffffffff : csize)
      .u32(s.zip64 ? 0xffffffff : usize)
      .u16(localName.length)
      .u16(extra64.length)
      .raw(localName)
      .raw(extra64)
      .raw(payload)
      .build();
    localOffsets.push(prefix.length + offset);
    central
      .raw(Uint8Array.of(0x50, 0x4b, 1, 2))
      .u16(s.unixMode !== undefined ? 0x0314 : 0x0014)
      .u16(s.zip64 ? 45 : 20)
      .u16(flags)
      .u16(method)
      .u16(0)
      .u16(0)
      .u32(crc)
      .u32(s.zip64 ? 0xffffffff : csize)
      .u32(s.zip64 ? 0xffffffff : usize)
      .u16(nameBytes.length)
      .u16(extra64.length)
      .u16(0)
      .u16(0)
      .u16(0)
      .u32(s.unixMode !== undefined ? (s.unixMode << 16) >>> 0 : 0)
      .u32(offset)
      .raw(nameBytes)
      .raw(extra64);
    locals.push(local);
    offset += local.length;
  }
  const cd = central.build();
  const cdOffset = offset;
  const count = opts.declaredCount ?? specs.length;
  const tail = new Bytes();
  if (opts.zip64End) {
    const recAt = cdOffset + cd.length;
    tail
      .raw(Uint8Array.of(0x50, 0x4b, 6, 6))
      .u64(44)
      .u16(45)
      .u16(45)
      .u32(0)
      .u32(0)
      .u64(count)
      .u64(count)
      .u64(cd.length)
      .u64(cdOffset)
      .raw(Uint8Array.of(0x50, 0x4b, 6, 7))
      .u32(0)
      .u64(recAt)
      .u32(1);
  }
  const comment = opts.comment ?? new Uint8Array(0);
  tail
    .raw(Uint8Array.of(0x50, 0x4b, 5, 6))
    .u16(0)
    .u16(0)
    .u16(opts.zip64End ? 0xffff : count)
    .u16(opts.zip64End ? 0xffff : count)
    .u32(opts.zip64End ? 0xffffffff : cd.length)
    .u32(opts.zip64End ? 0xffffffff : cdOffset)
    .u16(comment.length)
    .raw(comment);
  const bytes = concat([prefix, ...locals, cd, tail.build()]);
  return { bytes, cdStart: prefix.length + cdOffset, localOffsets };
}

// ---- tar ----

export interface TarSpec {
  name: string;
  data?: Uint8Array;
  /** Type flag character: '0' file (default), '5' dir, '2' symlink, 'L', 'x', ... */
  type?: string;
  linkName?: string;
  /** ustar prefix field. */
  prefix?: string;
  /** Write the size in GNU base-256. */
  base256?: boolean;
  /** Size field value if not data.length (the data written is still `data`). */
  declaredSize?: number;
  /** Write a v7 header (no ustar magic). */
  v7?: boolean;
}

function field(h: Uint8Array, at: number, len: number, s: string): void {
  const b = enc.encode(s);
  h.set(b.subarray(0, len), at);
}

function octal(h: Uint8Array, at: number, len: number, v: number): void {
  field(h, at, len, v.toString(8).padStart(len - 1, '0') + '\0');
}

export function tarHeader(s: TarSpec): Uint8Array {
  const h = new Uint8Array(512);
  const size = s.declaredSize ?? s.data?.length ?? 0;
  field(h, 0, 100, s.name);
  octal(h, 100, 8, 0o644);
  octal(h, 108, 8, 0);
  octal(h, 116, 8, 0);
  if (s.base256) {
    h[124] = 0x80;
    let v = size;
    for (let i = 135; i > 124; i--) {
      h[i] = v % 256;
      v = Math.floor(v / 256);
    }
  } else octal(h, 124, 12, size);
  octal(h, 136, 12, 0);
  field(h, 156, 1, s.type ?? '0');
  if (s.linkName) field(h, 157, 100, s.linkName);
  if (!s.v7) {
    field(h, 257, 6, 'ustar\0');
    field(h, 263, 2, '00');
    if (s.prefix) field(h, 345, 155, s.prefix);
  }
  h.fill(0x20, 148, 156);
  let sum = 0;
  for (const x of h) sum += x;
  field(h, 148, 8, sum.toString(8).padStart(6, '0') + '\0 ');
  return h;
}

function pad512(b: Uint8Array): Uint8Array {
  const n = Math.ceil(b.length / 512) * 512;
  const out = new Uint8Array(n);
  out.set(b);
  return out;
}

export function paxRecords(kv: Record<string, string>): Uint8Array {
  let s = '';
  for (const [k, v] of Object.entries(kv)) {
    const body = ` ${k}=${v}\n`;
    const bodyLen = enc.encode(body).length; // the length counts bytes, not characters
    let len = bodyLen + 1;
    while (String(len).length + bodyLen !== len) len = String(len).length + bodyLen;
    s += `${len}${body}`;
  }
  return enc.encode(s);
}

/** A tar archive with two zero blocks at the end (unless `noEnd`). */
export function buildTar(specs: TarSpec[], opts: { noEnd?: boolean } = {}): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const s of specs) {
    parts.push(tarHeader(s));
    if (s.data && s.data.length > 0) parts.push(pad512(s.data));
  }
  if (!opts.noEnd) parts.push(new Uint8Array(1024));
  return concat(parts);
}

/**
 * A legacy PyTorch tar (torch.save before 1.6): members sys_info, pickle, tensors and storages,
 * each a pickle; `pickle` is the given one. sys_info carries `sysInfoPad` bytes of padding (a
 * protocol-3 BINBYTES), which pushes the other members' names that far into the archive.
 */
export function legacyTorchTar(pickle: Uint8Array, sysInfoPad: number): Uint8Array {
  const len = new Bytes();
  len.u32(sysInfoPad);
  const sysInfo = concat([Uint8Array.of(0x80, 0x03, 0x42), len.build(), new Uint8Array(sysInfoPad), Uint8Array.of(0x2e)]);
  const emptyList = Uint8Array.of(0x80, 0x02, 0x5d, 0x2e);
  const zero = Uint8Array.of(0x80, 0x02, 0x4b, 0x00, 0x2e);
  return buildTar([
    { name: 'sys_info', data: sysInfo },
    { name: 'pickle', data: pickle },
    { name: 'tensors', data: emptyList },
    { name: 'storages', data: zero },
  ]);
}

// ---- npy ----

/** An .npy file with the given header dict text, padded as numpy pads it, and `data` after. */
export function buildNpy(dict: string, opts: { major?: number; data?: Uint8Array } = {}): Uint8Array {
  const major = opts.major ?? 1;
  const lenBytes = major === 1 ? 2 : 4;
  const pre = 8 + lenBytes;
  let text = dict;
  const total = Math.ceil((pre + text.length + 1) / 64) * 64;
  text = text + ' '.repeat(total - pre - text.length - 1) + '\n';
  const body = enc.encode(text);
  const len = new Bytes();
  if (major === 1) len.u16(body.length);
  else len.u32(body.length);
  return concat([Uint8Array.of(0x93), enc.encode('NUMPY'), Uint8Array.of(major, 0), len.build(), body, opts.data ?? new Uint8Array(0)]);
}

export { enc };

/**
 * A zstd frame (RFC 8878) of raw blocks, as a compressor that found nothing to compress writes
 * one: window descriptor 2^17 (128 KiB, a block's largest), a checksum-less frame. Decoders treat
 * it as any other; `window` overrides the descriptor's exponent (10 + window).
 */
export function zstdFrame(data: Uint8Array, opts: { window?: number } = {}): Uint8Array {
  const parts: Uint8Array[] = [Uint8Array.of(0x28, 0xb5, 0x2f, 0xfd, 0x00, (opts.window ?? 7) << 3)];
  const block = 128 * 1024;
  for (let at = 0; at === 0 || at < data.length; at += block) {
    const piece = data.subarray(at, at + block);
    const h = (piece.length << 3) | (at + block >= data.length ? 1 : 0);
    parts.push(Uint8Array.of(h & 0xff, (h >> 8) & 0xff, (h >> 16) & 0xff), piece);
  }
  return concat(parts);
}

/** A zstd frame of `blocks` RLE blocks, each 128 KiB of zeros from 4 bytes (a bomb: 32,768 to 1). */
export function zstdRleBomb(blocks: number): Uint8Array {
  const parts: Uint8Array[] = [Uint8Array.of(0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x58)];
  for (let i = 0; i < blocks; i++) {
    const h = ((128 * 1024) << 3) | (1 << 1) | (i === blocks - 1 ? 1 : 0);
    parts.push(Uint8Array.of(h & 0xff, (h >> 8) & 0xff, h >> 16, 0));
  }
  return concat(parts);
}

/** An LZ4 frame (lz4_Frame_format.md) of uncompressed blocks, 64 KiB at most each, no checksums: what LZ4 writes for data it cannot compress. */
export function lz4Frame(data: Uint8Array): Uint8Array {
  // FLG: version 01, independent blocks; BD: 64 KiB blocks; HC: (FLG, BD) hash byte, not checked by Lantern.
  const parts: Uint8Array[] = [Uint8Array.of(0x04, 0x22, 0x4d, 0x18, 0x60, 0x40, 0x82)];
  for (let at = 0; at < data.length; at += 64 * 1024) {
    const piece = data.subarray(at, at + 64 * 1024);
    const w = (piece.length | 0x80000000) >>> 0;
    parts.push(Uint8Array.of(w & 0xff, (w >>> 8) & 0xff, (w >>> 16) & 0xff, w >>> 24), piece);
  }
  parts.push(new Uint8Array(4));
  return concat(parts);
}
