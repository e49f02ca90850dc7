/**
 * HDF5 signature probe and a Keras `.h5` attribute sniffer.
 *
 * This is NOT an HDF5 parser. `inspectKerasH5` is a bounded byte scan of the first 8 MiB of the
 * file (where h5py puts the root group's object header, its attribute messages and the global
 * heap) for the attribute names Keras writes (`keras_version`, `backend`, `model_config`), their
 * string values, and the JSON text of the model config. When the window has none, the rest of the
 * file is searched for the two names in 4 MiB chunks (attributes set after the weights were
 * written lie behind them), and a window around the first one is scanned the same way. Why a scan: there is no HDF5 library for
 * JavaScript that is pure, bounded and safe on hostile input (the usable ones are the C library
 * compiled to WebAssembly, which reads whole files into memory and trusts their structure), and
 * writing a full parser (B-trees, fractal heaps, filters) to learn three strings is not worth the
 * attack surface. The scan reads plain bytes and never follows an offset found in the file.
 */
import type { ByteSource } from './source.js';

export const HDF5_SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a] as const;
const MAX_PROBES = 16;
const SCAN_BYTES = 8 * 1024 * 1024;
const MAX_CONFIG = 4 * 1024 * 1024;
/** How far after an attribute name its value is looked for (the attribute message is small). */
const VALUE_WINDOW = 512;

/**
 * The offset of the HDF5 superblock signature: 0, 512, 1024, 2048, ... (a user block may precede
 * the superblock), checking at most 16 places below the file size.
 */
export function hdf5SignatureOffset(src: ByteSource, head?: Uint8Array, opts: { from?: number; maxProbes?: number } = {}): number | undefined {
  try {
    let offset = opts.from ?? 0;
    for (let i = 0; i < (opts.maxProbes ?? MAX_PROBES) && offset < src.size; i++) {
      // Probes inside the bytes already read cost no system call.
      const b = head && offset + 8 <= head.length ? head.subarray(offset, offset + 8) : src.readAt(offset, 8);
      if (b.length === 8 && HDF5_SIGNATURE.every((v, k) => b[k] === v)) return offset;
      offset = offset === 0 ? 512 : offset * 2;
    }
  } catch {
    // An I/O error reads as "no signature": the caller falls back to other sniffing.
  }
  return undefined;
}

export interface KerasH5Info {
  keras: boolean;
  kerasVersion?: string;
  backend?: string;
  /** The JSON text of the model_config attribute when found, capped at 4 MiB. */
  modelConfig?: string;
  /** True when the config JSON hit the cap or the scan window before it closed. */
  modelConfigTruncated?: boolean;
  /** A non-Keras-model file: the weight layout its names show (`Keras 3 weights`, ...). */
  weights?: string;
  /** A non-Keras-model file with no weight layout: the data format its names show (`NetCDF-4`, ...). */
  data?: string;
}

export interface KerasH5Limits {
  scanBytes?: number;
  maxConfig?: number;
  /**
   * The file's extension: a data format's (HDF5_DATA_EXTENSIONS) skips the search past the window
   * (Keras 3 loads only .h5/.hdf5/.keras names, and reading every large .nc file whole costs).
   */
  ext?: string;
}

/** Extensions of HDF5-based data formats. */
export const HDF5_DATA_EXTENSIONS: ReadonlyMap<string, string> = new Map([
  ['.nc', 'NetCDF-4'], ['.nc4', 'NetCDF-4'], ['.cdf', 'NetCDF-4'], ['.mat', 'MATLAB 7.3 MAT-file'],
  ['.nwb', 'NWB (Neurodata Without Borders)'], ['.h5ad', 'AnnData'], ['.loom', 'Loom'], ['.he5', 'HDF-EOS5'],
  ['.mnc', 'MINC 2'], ['.nxs', 'NeXus'],
]);

const KNOWN_BACKENDS = ['tensorflow', 'theano', 'cntk', 'jax', 'torch', 'numpy', 'mxnet', 'plaidml.keras.backend'];
const VERSION_RE = /^\d{1,3}\.\d{1,3}(?:\.\d{1,4})?(?:[-.+]?[A-Za-z0-9]{1,16}){0,4}$/;

const enc = new TextEncoder();
const latin1 = new TextDecoder('latin1');

export function inspectKerasH5(src: ByteSource, sigOffset: number, limits: KerasH5Limits = {}): KerasH5Info {
  let info: KerasH5Info = { keras: false };
  try {
    const scanBytes = Math.min(limits.scanBytes ?? SCAN_BYTES, SCAN_BYTES);
    const maxConfig = Math.min(limits.maxConfig ?? MAX_CONFIG, MAX_CONFIG);
    // Start at the superblock: a user block before it is not HDF5 data.
    const buf = src.readAt(sigOffset, scanBytes);
    info = kerasInWindow(src, sigOffset, buf, maxConfig);
    // Attributes written after the weights (set once the datasets exist) sit past the window:
    // Keras reads them wherever they are, so the rest of the file is searched for their names.
    if (!info.keras && sigOffset + buf.length < src.size && !(limits.ext !== undefined && HDF5_DATA_EXTENSIONS.has(limits.ext))) {
      const late = lateKerasName(src, sigOffset + buf.length - LATE_OVERLAP);
      if (late >= 0) {
        const base = Math.max(sigOffset, late - Math.min(LATE_BEFORE, scanBytes >> 1));
        const again = kerasInWindow(src, base, src.readAt(base, scanBytes), maxConfig);
        if (again.keras) info = again;
      }
    }
    if (!info.keras) {
      info.weights = WEIGHT_LAYOUTS.find((l) => l.names.every((n) => indexOf(buf, n) >= 0))?.title;
      if (!info.weights) info.data = DATA_FORMATS.find((l) => l.names.some((n) => indexOf(buf, n) >= 0))?.title ?? matlabUserBlock(src, sigOffset);
    }
  } catch {
    // I/O errors leave whatever was found; this is identification, not validation.
  }
  for (const k of Object.keys(info) as (keyof KerasH5Info)[]) if (info[k] === undefined) delete info[k];
  return info;
}

/** The Keras attributes in `buf`, the bytes of `src` from `base`. */
function kerasInWindow(src: ByteSource, base: number, buf: Uint8Array, maxConfig: number): KerasH5Info {
  const info: KerasH5Info = { keras: false };
  const versionAt = indexOf(buf, VERSION_NAME);
  const backendAt = indexOf(buf, enc.encode('backend\0'));
  const configAt = indexOf(buf, CONFIG_NAME);

  const version = versionAt >= 0 ? valueAfter(buf, versionAt + 14, (s) => VERSION_RE.test(s)) : undefined;
  const backend = backendAt >= 0 ? valueAfter(buf, backendAt + 8, (s) => KNOWN_BACKENDS.includes(s)) : undefined;
  // h5py stores Python str attributes as variable-length strings in a global heap collection
  // ("GCOL"), away from the attribute message: look there when the message had no inline value.
  info.kerasVersion = version ?? (versionAt >= 0 ? heapString(buf, (s) => VERSION_RE.test(s)) : undefined);
  info.backend = backend ?? (backendAt >= 0 ? heapString(buf, (s) => KNOWN_BACKENDS.includes(s)) : undefined);

  const json = findConfig(src, base, buf, configAt, maxConfig);
  if (json) {
    info.modelConfig = json.text;
    if (json.truncated) info.modelConfigTruncated = true;
  }
  info.keras = versionAt >= 0 || (configAt >= 0 && json !== undefined) || (backendAt >= 0 && info.backend !== undefined && json !== undefined);
  return info;
}

const VERSION_NAME = enc.encode('keras_version\0');
const CONFIG_NAME = enc.encode('model_config\0');
/** Chunks of the search past the window; consecutive chunks overlap so a name across them is seen. */
const LATE_CHUNK = 4 * 1024 * 1024;
const LATE_OVERLAP = 64;
/** How far before a late attribute name its window starts (the value's heap may come first). */
const LATE_BEFORE = 1024 * 1024;
/**
 * One 4 MiB buffer for the whole-file searches of this thread (they are synchronous): a fresh
 * buffer per chunk is memory outside the heap that the collector frees late (a scan of a 320 MB
 * PyTables file peaked at 137 MB that way, 83 MB with this buffer).
 */
let scratch: Uint8Array | undefined;

/** The chunk of `src` at `pos`, read into the scratch buffer when the source can (a file). */
function readChunk(src: ByteSource, pos: number): Uint8Array {
  const into = (src as { readInto?: (offset: number, into: Uint8Array) => Uint8Array }).readInto;
  if (!into) return src.readAt(pos, LATE_CHUNK);
  scratch ??= new Uint8Array(LATE_CHUNK);
  return into.call(src, pos, scratch);
}

/** One search per file: the sniffer, the Keras detector and the metadata reader all ask. */
const lateNames = new WeakMap<ByteSource, { from: number; at: number }>();

/**
 * The offset of the first `keras_version` or `model_config` attribute name at or after `from`, or
 * -1: the rest of the file read in 4 MiB chunks (bounded memory; the cost of reading the file,
 * which a model's SHA-256 pays anyway).
 */
function lateKerasName(src: ByteSource, from: number): number {
  const cached = lateNames.get(src);
  if (cached && cached.from === from) return cached.at;
  let at = -1;
  for (let pos = from; pos < src.size && at < 0; pos += LATE_CHUNK - LATE_OVERLAP) {
    const chunk = readChunk(src, pos);
    const hits = [indexOf(chunk, VERSION_NAME), indexOf(chunk, CONFIG_NAME)].filter((i) => i >= 0);
    if (hits.length) at = pos + Math.min(...hits);
    if (chunk.length < LATE_CHUNK) break;
  }
  lateNames.set(src, { from, at });
  return at;
}

/**
 * Names (NUL-terminated, as the symbol-table heaps and attribute messages of h5py's default
 * layout store them) that weights files carry. Keras 2 `save_weights` writes the root attribute
 * `layer_names` and a `weight_names` per layer (with keras_version, so these matter for files
 * written without it); Keras 3 `save_weights` writes groups `layers/<name>/vars/<i>`.
 */
const WEIGHT_LAYOUTS: { title: string; names: Uint8Array[] }[] = [
  { title: 'Keras weights (layer_names)', names: [enc.encode('layer_names\0')] },
  { title: 'Keras weights (weight_names)', names: [enc.encode('weight_names\0')] },
  { title: 'Keras model weights', names: [enc.encode('\0model_weights\0')] },
  { title: 'Keras 3 weights (layers/*/vars)', names: [enc.encode('\0layers\0'), enc.encode('\0vars\0')] },
];

export const PYTABLES = 'PyTables / pandas HDFStore';

/**
 * Names that mark an HDF5 file as a data format of another field: these files hold arrays and
 * tables, never a model, and scientific repositories keep thousands of them. Attribute names end
 * in a NUL in every layout; group names only in the old one (a new-style link message gives the
 * length instead), so the group names here are distinctive enough to match without it.
 */
const DATA_FORMATS: { title: string; names: Uint8Array[] }[] = [
  { title: 'NetCDF-4', names: ['_NCProperties\0', '_Netcdf4Dimid\0', '_Netcdf4Coordinates\0'].map((n) => enc.encode(n)) },
  { title: PYTABLES, names: ['PYTABLES_FORMAT_VERSION\0', 'pandas_type\0'].map((n) => enc.encode(n)) },
  { title: 'MATLAB 7.3 MAT-file', names: [enc.encode('MATLAB_class\0')] },
  { title: 'NWB (Neurodata Without Borders)', names: [enc.encode('nwb_version\0')] },
  { title: 'AnnData', names: [enc.encode('encoding-type\0')] },
  { title: 'Loom', names: [enc.encode('LOOM_SPEC_VERSION\0')] },
  { title: 'HDF-EOS5', names: [enc.encode('HDFEOS INFORMATION')] },
  { title: 'MINC 2', names: [enc.encode('minc-2.0')] },
  { title: 'NeXus', names: [enc.encode('NX_class\0')] },
  { title: 'Astropy table', names: [enc.encode('__table_column_meta__\0')] },
  { title: 'HDF5 dimension scales', names: [enc.encode('DIMENSION_SCALE\0')] },
];

const MATLAB_HEADER = enc.encode('MATLAB 7.3 MAT-file');

/** MATLAB 7.3 writes its text header into a 512-byte user block before the superblock. */
function matlabUserBlock(src: ByteSource, sigOffset: number): string | undefined {
  if (sigOffset < 512) return undefined;
  const b = src.readAt(0, MATLAB_HEADER.length);
  return b.length === MATLAB_HEADER.length && MATLAB_HEADER.every((v, k) => b[k] === v) ? 'MATLAB 7.3 MAT-file' : undefined;
}

/** First index of `needle` in `hay` at or after `from`, or -1. */
function indexOf(hay: Uint8Array, needle: Uint8Array, from = 0): number {
  return Buffer.from(hay.buffer, hay.byteOffset, hay.length).indexOf(Buffer.from(needle.buffer, needle.byteOffset, needle.length), from);
}

/** Printable ASCII runs (at least 2 chars) in `b`, in order. */
function printableRuns(b: Uint8Array): string[] {
  const runs: string[] = [];
  let start = -1;
  for (let i = 0; i <= b.length; i++) {
    const c = i < b.length ? (b[i] as number) : 0;
    const printable = c >= 0x20 && c < 0x7f;
    if (printable && start < 0) start = i;
    else if (!printable && start >= 0) {
      if (i - start >= 2) runs.push(latin1.decode(b.subarray(start, i)));
      start = -1;
    }
  }
  return runs;
}

/** A fixed-length string value stored inline in the attribute message that follows the name. */
function valueAfter(buf: Uint8Array, from: number, accept: (s: string) => boolean): string | undefined {
  for (const run of printableRuns(buf.subarray(from, from + VALUE_WINDOW))) {
    const s = run.trim();
    if (accept(s)) return s;
  }
  return undefined;
}

/**
 * Scans global heap collections for an object whose bytes are an accepted string. A heap object
 * is u16 index, u16 refcount, u32 reserved, u64 size, then the data padded to 8 bytes.
 */
function heapString(buf: Uint8Array, accept: (s: string) => boolean): string | undefined {
  const gcol = enc.encode('GCOL');
  let at = indexOf(buf, gcol);
  for (let n = 0; at >= 0 && n < 64; n++) {
    // Collection header: "GCOL", version, 3 reserved bytes, u64 collection size; objects follow.
    let pos = at + 16;
    const end = Math.min(buf.length, pos + 64 * 1024);
    for (let k = 0; k < 4096 && pos + 16 <= end; k++) {
      const index = (buf[pos] as number) | ((buf[pos + 1] as number) << 8);
      const size = readU32(buf, pos + 8);
      if (index === 0 || size > 64 * 1024) break; // index 0 marks the free space at the end
      const data = buf.subarray(pos + 16, Math.min(end, pos + 16 + size));
      const s = latin1.decode(data);
      if (/^[\x20-\x7e]+$/.test(s) && accept(s.trim())) return s.trim();
      pos += 16 + Math.ceil(size / 8) * 8;
    }
    at = indexOf(buf, gcol, at + 4);
  }
  return undefined;
}

function readU32(b: Uint8Array, o: number): number {
  return ((b[o] ?? 0) | ((b[o + 1] ?? 0) << 8) | ((b[o + 2] ?? 0) << 16)) + (b[o + 3] ?? 0) * 0x1000000;
}

const CONFIG_START = enc.encode('{"class_name"');

/**
 * The model config JSON: the `{"class_name"` object nearest after the model_config attribute name,
 * else the first one in the window. Extracted by brace matching that respects strings and escapes;
 * when the object runs past the scanned window, the following bytes are read up to the cap.
 */
function findConfig(src: ByteSource, base: number, buf: Uint8Array, configAt: number, maxConfig: number): { text: string; truncated: boolean } | undefined {
  let start = configAt >= 0 ? indexOf(buf, CONFIG_START, configAt) : -1;
  if (start < 0) start = indexOf(buf, CONFIG_START);
  if (start < 0) return undefined;
  let bytes = buf.subarray(start, start + maxConfig);
  if (bytes.length < maxConfig && start + bytes.length >= buf.length && base + buf.length < src.size) {
    bytes = src.readAt(base + start, maxConfig);
  }
  const end = balancedEnd(bytes);
  const text = new TextDecoder('utf-8').decode(bytes.subarray(0, end < 0 ? bytes.length : end));
  return { text, truncated: end < 0 };
}

/** Index just past the `}` closing the object that opens at 0, or -1 if it never closes. */
export function balancedEnd(b: Uint8Array): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < b.length; i++) {
    const c = b[i];
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped byte
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) depth++;
    else if (c === 0x7d || c === 0x5d) {
      depth--;
      if (depth === 0) return i + 1;
    } else if (c === 0) return -1; // a NUL ends the stored string before the JSON closed
  }
  return -1;
}

/** Chunks of the embedded-pickle search (the same scratch buffer), and the bytes each candidate is walked over. */
const PICKLE_CHUNK = LATE_CHUNK;
const PICKLE_WALK = 4096;

/**
 * The pickle streams stored inside an HDF5 file, at most `max`, in file order: PyTables keeps
 * ObjectAtom rows, and pandas HDFStore its object columns, as pickles in variable-length data, and
 * unpickles them when the file is read (pandas.read_hdf). Variable-length data lives in global heap
 * collections, each object behind a 16-byte header (u16 index from 1, u16 reference count, 4
 * reserved bytes, u64 size): a pickle is a PROTO 2-5 header that starts such an object, whose last
 * byte is STOP and whose opcodes walk as a pickle's. Random data passes none of that by chance
 * (a PROTO-and-walk test alone found a pickle in 320 MB of random doubles). The whole file is
 * searched, in 4 MiB chunks.
 */
export function embeddedPickles(src: ByteSource, max: number, looksLikePickle: (head: Uint8Array, size: number) => boolean): { at: number; size: number }[] {
  const out: { at: number; size: number }[] = [];
  try {
    for (let pos = 0; pos < src.size && out.length < max; pos += PICKLE_CHUNK) {
      const chunk = readChunk(src, pos);
      if (chunk.length === 0) break;
      for (let i = chunk.indexOf(0x80); i >= 0 && out.length < max; i = chunk.indexOf(0x80, i + 1)) {
        const at = pos + i;
        const proto = i + 1 < chunk.length ? (chunk[i + 1] as number) : src.readAt(at + 1, 1)[0];
        if (proto === undefined || proto < 2 || proto > 5 || at < 16) continue;
        const header = i >= 16 ? chunk.subarray(i - 16, i) : src.readAt(at - 16, 16);
        const index = (header[0] as number) | ((header[1] as number) << 8);
        const size = readU32(header, 8) + readU32(header, 12) * 0x100000000;
        if (index === 0 || size < 3 || at + size > src.size) continue;
        const last = i + size - 1 < chunk.length ? chunk[i + size - 1] : src.readAt(at + size - 1, 1)[0];
        if (last !== 0x2e) continue;
        const head = i + PICKLE_WALK <= chunk.length ? chunk.subarray(i, i + PICKLE_WALK) : src.readAt(at, PICKLE_WALK);
        if (looksLikePickle(head.subarray(0, Math.min(head.length, size)), size)) out.push({ at, size });
      }
      if (chunk.length < PICKLE_CHUNK) break;
    }
  } catch {
    // An I/O error ends the search with what was found.
  }
  return out;
}
