/**
 * Sniff: decide what a file is from its first bytes (and, for archives and compression wrappers,
 * from the first bytes of what they hold). Names only break ties where a format has no magic
 * (Core ML, SavedModel's saved_model.pb) and pick the text language of text files.
 *
 * Bounded: at most HEAD_BYTES of the file, MEMBER_HEAD bytes of each archive member, MAX_MEMBERS
 * members, MAX_DEPTH levels of nesting. Never executes or deserializes anything.
 */
import { basename, extname } from 'node:path/posix';
import { isUtf8 } from 'node:buffer';
import { isUtf16Text, utf16Bom } from '../util/text.js';
import { DOCKERFILE_NAME, PYLOCK_NAME, REQUIREMENTS_NAME } from '../lang/manifests/names.js';
import { type ByteSource, type Parsed, BufferSource, SliceSource, u64le, startsWith, ascii } from '../formats/source.js';
import { detectWrapper, decompressPrefix, type Wrapper } from '../formats/compression.js';
import { isZip, listZip, readZipEntryPrefix, type ZipEntry } from '../formats/zip.js';
import { isTar, listTar, readWrappedTar, type TarEntry } from '../formats/tar.js';
import { isNpy, readNpyHeader } from '../formats/npy.js';
import { looksLikeSafetensors } from '../formats/safetensors.js';
import { ggufMagic } from '../formats/gguf.js';
import { looksLikeOnnx } from '../formats/onnx.js';
import { isTflite } from '../formats/tflite.js';
import { looksLikeCoreml } from '../formats/coreml.js';
import { looksLikeSavedModelText } from '../formats/savedmodel-text.js';
import { HDF5_DATA_EXTENSIONS, PYTABLES, embeddedPickles, hdf5SignatureOffset, inspectKerasH5 } from '../formats/hdf5.js';
import { LONG_LINE_HEAD, looksLikePickle, looksLikePickleLong, isLegacyTorch, pickleGlobalsInHead } from '../formats/pickle-sniff.js';
import type { Sniffed, SniffedMember, TextLang, ModelFormatId } from './kinds.js';

export const HEAD_BYTES = 64 * 1024;
export const MEMBER_HEAD = 64 * 1024;
export const MAX_MEMBERS = 256;
export const MAX_DEPTH = 3;
/** Compression ratio above which an archive member or wrapper is treated as a bomb. */
export const MAX_RATIO = 200;

const LFS_HEADER = 'version https://git-lfs.github.com/spec/v1';
const latin1 = new TextDecoder('latin1');

/** Names under which a bare PROTO header is enough to call a file a pickle. */
const PICKLE_EXTENSIONS = new Set(['.pkl', '.pickle', '.p', '.pt', '.pth', '.bin', '.joblib', '.ckpt', '.dat']);

/** Extensions distinctive enough that a file bearing one but holding no model deserves a warning. */
export const MODEL_EXTENSIONS = new Set([
  '.pt', '.pth', '.ckpt', '.safetensors', '.gguf', '.ggml', '.onnx', '.h5', '.hdf5', '.keras', '.tflite',
  '.mlmodel', '.joblib', '.pkl', '.pickle', '.npy', '.npz',
]);

export interface SniffInput {
  /** Relative POSIX path (for names-as-tie-breakers). */
  path: string;
  src: ByteSource;
  /** The first HEAD_BYTES bytes (or fewer for small files). */
  head: Uint8Array;
}

export async function sniff(input: SniffInput, depth = 0): Promise<Sniffed> {
  const { path, src, head } = input;
  if (src.size === 0) return { kind: 'empty' };
  const name = basename(path).toLowerCase();
  const ext = extname(name);

  const lfs = lfsPointer(head, src.size);
  if (lfs) return lfs;

  const gg = ggufMagic(head);
  if (gg === 'gguf') return { kind: 'model', format: 'gguf' };
  if (gg) return { kind: 'model', format: 'ggml' };

  if (looksLikeSafetensors(head, src.size)) return { kind: 'model', format: 'safetensors' };
  if (looksLikeTruncatedSafetensors(head, src.size)) {
    return { kind: 'model', format: 'safetensors', note: 'header length points past the end of the file (truncated)' };
  }

  if (isNpy(head)) return sniffNpy(src);

  if (isTflite(head)) return { kind: 'model', format: 'tflite' };

  // HDF5 at offset 0 here; behind a user block (512, 1024, ...) only for files nothing else claims.
  const h5 = hdf5SignatureOffset(src, head, { maxProbes: 1 });
  if (h5 !== undefined) return hdf5Kind(src, h5, ext);

  if (isZip(head)) return sniffZip(path, src, depth);
  if (isTar(head)) return sniffTar(path, src, depth);

  const wrapper = detectWrapper(head);
  const wrapped = wrapper && (await sniffWrapped(path, src, wrapper, ext, depth));
  if (wrapped) return wrapped;

  if (isLegacyTorch(head)) return { kind: 'model', format: 'pytorch-legacy', pickleProtocol: 2 };
  const pk = looksLikePickleLong(head, src.size, (n) => src.readAt(0, n));
  // A PROTO header under a pickle-ish name is a pickle even when what follows does not parse:
  // the pickle detector then says it cannot be analyzed rather than the file passing as binary.
  if (!pk.pickle && head[0] === 0x80 && (head[1] ?? 0) >= 2 && (head[1] ?? 0) <= 5 && PICKLE_EXTENSIONS.has(ext)) {
    return { kind: 'model', format: 'pickle', pickleProtocol: head[1] as number, note: 'PROTO header, but the opcodes after it do not parse' };
  }
  if (pk.pickle) {
    const format: ModelFormatId = isJoblibPickle(head) ? 'joblib' : 'pickle';
    return pk.protocol === undefined ? { kind: 'model', format } : { kind: 'model', format, pickleProtocol: pk.protocol };
  }

  // Formats without magic: protobuf messages. The name breaks the tie between look-alikes.
  if (name === 'saved_model.pb' && looksLikeSavedModel(head)) return { kind: 'model', format: 'tf-savedmodel' };
  // TensorFlow loads saved_model.pbtxt, the text format, when a SavedModel has no saved_model.pb.
  if (name === 'saved_model.pbtxt' && looksLikeSavedModelText(latin1.decode(head.subarray(0, 4096)))) return { kind: 'model', format: 'tf-savedmodel' };
  if (ext === '.mlmodel' && looksLikeCoreml(head)) return { kind: 'model', format: 'coreml' };
  if (name !== 'saved_model.pb' && ext !== '.mlmodel' && looksLikeOnnx(head)) return { kind: 'model', format: 'onnx' };

  // UTF-16 with its byte-order mark (Windows tools write it): text, decoded as such. Before the
  // UTF-8 test: text of characters above U+00FF has no NUL byte and would pass it (FF and FE are
  // never UTF-8 bytes).
  const utf16 = utf16Bom(head);
  if (utf16 && isUtf16Text(head, utf16)) return { kind: 'text', lang: textLang(path), encoding: utf16 };
  if (isText(head)) return { kind: 'text', lang: textLang(path, head) };
  // A source or config file with a stray NUL is still text: a NUL must not hide a key or an import.
  const lang = textLang(path);
  if (lang !== 'text' && isTextWithStrayNuls(head)) return { kind: 'text', lang };
  const userBlock = hdf5SignatureOffset(src, head, { from: 512 });
  if (userBlock !== undefined) return hdf5Kind(src, userBlock, ext);
  // A zip with data before it (a self-extracting stub, junk): readers that find the end record
  // first, as PyTorch's does, load it. Only binary files pay for this look at the tail.
  if (hasZipEnd(src)) {
    const z = await sniffZip(path, src, depth);
    if (z.kind === 'model' || (z.kind === 'container' && z.members.length > 0)) return z;
  }
  return { kind: 'binary' };
}

/**
 * Whether an end-of-central-directory signature sits in the last 4 KiB: the record itself (22
 * bytes) plus a comment of up to 4 KiB. One page per binary file; zips with longer comments and a
 * prefix are not recognized (a full 64 KiB look made the sniff of binary-heavy trees 4x slower).
 */
function hasZipEnd(src: ByteSource): boolean {
  if (src.size < 22) return false;
  const n = Math.min(src.size, 4096);
  const tail = src.readAt(src.size - n, n);
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail[i] === 0x50 && tail[i + 1] === 0x4b && tail[i + 2] === 0x05 && tail[i + 3] === 0x06) return true;
  }
  return false;
}

/**
 * HDF5 holds Keras models and weights, and also the data of half of science. A file is a model
 * when its names say Keras or a weight layout, or when they say nothing and its extension is not
 * a data format's; a file whose names (or extension) say NetCDF, PyTables, MATLAB, NWB, ... is
 * data: binary, with the format as its note.
 */
function hdf5Kind(src: ByteSource, at: number, ext: string): Sniffed {
  const info = inspectKerasH5(src, at, { ext });
  if (info.keras) return { kind: 'model', format: 'keras-h5' };
  if (info.weights) return { kind: 'model', format: 'hdf5' };
  const data = info.data ?? HDF5_DATA_EXTENSIONS.get(ext);
  // PyTables (and pandas HDFStore) pickle object rows into the file and unpickle them on reading:
  // such a file holds pickles as a .pkl does.
  if (data === PYTABLES) {
    const pickles = embeddedPickles(src, 1, (h, size) => looksLikePickle(h, size).pickle);
    const first = pickles[0];
    if (first) return { kind: 'model', format: 'hdf5', members: [{ name: `pickle at byte ${first.at}`, size: first.size, sniffed: { kind: 'model', format: 'pickle' } }] };
  }
  return data ? { kind: 'binary', note: `HDF5 data (${data})` } : { kind: 'model', format: 'hdf5' };
}



/** Git LFS pointer: a small text file naming the real content by its SHA-256. */
export function lfsPointer(head: Uint8Array, size: number): Sniffed | undefined {
  if (size > 1024 || !startsWith(head, ascii(LFS_HEADER))) return undefined;
  const text = Buffer.from(head).toString('utf8');
  const oid = /^oid sha256:([0-9a-f]{64})$/m.exec(text);
  const sz = /^size (\d{1,20})$/m.exec(text);
  if (!oid?.[1] || !sz?.[1]) return undefined;
  return { kind: 'lfs-pointer', oid: oid[1], size: Number(sz[1]) };
}

/** A safetensors header whose declared length runs past the end: the file was cut short. */
function looksLikeTruncatedSafetensors(head: Uint8Array, size: number): boolean {
  if (head.length < 10) return false;
  const n = u64le(head, 0);
  return n > size - 8 && n < 100 * 1024 * 1024 && head[8] === 0x7b && (head[9] === 0x22 || head[9] === 0x20 || head[9] === 0x7d);
}

/** A SavedModel proto starts with saved_model_schema_version (field 1, varint) then meta_graphs (field 2, bytes). */
function looksLikeSavedModel(head: Uint8Array): boolean {
  return head.length >= 4 && head[0] === 0x08 && (head[1] ?? 0) < 0x80 && head[2] === 0x12;
}

function isJoblibPickle(head: Uint8Array): boolean {
  // A byte search first: walking the head's opcodes costs more than the rest of the sniff.
  if (Buffer.from(head.buffer, head.byteOffset, head.byteLength).indexOf('joblib') < 0) return false;
  return pickleGlobalsInHead(head, 64).some((g) => g.startsWith('joblib.'));
}

function sniffNpy(src: ByteSource): Sniffed {
  const h = readNpyHeader(src);
  // The magic without a readable header is not an array Lantern can describe: the model detector
  // warns about it when the name says .npy.
  if (!h.ok) return { kind: 'binary' };
  if (h.value.hasObject) {
    // An object array is a pickle after the header: that is what makes it able to run code.
    return { kind: 'model', format: 'numpy', members: [{ name: '(object array data)', size: src.size - h.value.dataOffset, sniffed: { kind: 'model', format: 'pickle' } }] };
  }
  return { kind: 'model', format: 'numpy' };
}

async function sniffZip(path: string, src: ByteSource, depth: number): Promise<Sniffed> {
  const listing = listZip(src, { maxEntries: 100_000 });
  if (!listing.ok) return { kind: 'container', container: 'zip', members: [], unscannable: `unreadable zip: ${listing.error}`, hostile: [] };
  const entries = listing.value.entries;
  const files = entries.filter((e) => !e.isDirectory);
  const names = files.map((e) => e.name);
  const hostile = hostileZipTraits(entries);
  const note = listing.value.warnings.length ? listing.value.warnings.join('; ') : undefined;
  const withNote = <T extends Sniffed>(s: T): T => {
    if (s.kind !== 'model') return s;
    return { ...s, ...(note ? { note } : {}), ...(hostile.length ? { hostile } : {}) };
  };

  // PyTorch: <any folder>/data.pkl (torch.save), plus code/ or constants.pkl for TorchScript.
  const dataPkl = files.find((e) => /(^|\/)data\.pkl$/.test(e.name));
  if (dataPkl) {
    const torchscript = names.some((n) => /(^|\/)code\//.test(n) || /(^|\/)constants\.pkl$/.test(n));
    const pickles = files.filter((e) => e.name.endsWith('.pkl'));
    const members = await sniffZipMembers(src, pickles, depth);
    // A pickle stored with a method Lantern cannot decode (PPMd, an encrypted or unknown method) is unseen, not safe.
    const unreadable = unreadableMembers(members);
    if (unreadable.length) return { kind: 'container', container: 'zip', members, unscannable: unreadableReason(unreadable), hostile };
    return withNote({ kind: 'model', format: torchscript ? 'torchscript-zip' : 'pytorch-zip', members });
  }
  // Keras v3: config.json + metadata.json (+ model.weights.h5) at the top.
  if (names.includes('config.json') && names.includes('metadata.json') && names.some((n) => n.endsWith('.weights.h5') || n === 'model.weights.npz')) {
    return withNote({ kind: 'model', format: 'keras-v3' });
  }
  // NumPy .npz: every member is a .npy.
  if (files.length > 0 && files.every((e) => e.name.endsWith('.npy'))) {
    const members = await sniffZipMembers(src, files, depth);
    const objectArrays = members.filter((m) => m.sniffed.kind === 'model' && m.sniffed.members?.length);
    const unreadable = unreadableMembers(members);
    if (unreadable.length) return { kind: 'container', container: 'zip', members, unscannable: unreadableReason(unreadable), hostile };
    return withNote({ kind: 'model', format: 'numpy-npz', members: objectArrays });
  }
  // Any other zip: look at what its members are.
  const members = await sniffZipMembers(src, files, depth);
  const unreadable = unreadableMembers(members);
  const out: Sniffed = { kind: 'container', container: 'zip', members: members.filter((m) => holdsModel(m.sniffed)), hostile };
  if (unreadable.length) out.unscannable = unreadableReason(unreadable);
  if (listing.value.truncated) out.unscannable = `more than ${entries.length} entries`;
  return out;
}

/**
 * The members that are containers Lantern cannot open (a 7z, a stream that does not decode). They
 * make the archive around them unscannable, zip and tar alike, as the same file would be on disk:
 * whatever they hold is unseen.
 */
function unreadableMembers(ms: readonly SniffedMember[]): SniffedMember[] {
  return ms.filter((m) => m.sniffed.kind === 'container' && m.sniffed.unscannable);
}

function unreadableReason(ms: SniffedMember[]): string {
  const m = ms[0];
  const why = m && m.sniffed.kind === 'container' ? m.sniffed.unscannable : 'unreadable';
  return `${ms.length} member(s) cannot be read, e.g. ${m?.name}: ${why}`;
}

export function holdsModel(s: Sniffed): boolean {
  if (s.kind === 'model' || s.kind === 'lfs-pointer') return true;
  if (s.kind === 'container') return s.members.length > 0 || s.unscannable !== undefined;
  return false;
}

function hostileZipTraits(entries: ZipEntry[]): string[] {
  const out: string[] = [];
  const traversal = entries.filter((e) => e.unsafePath);
  if (traversal.length) out.push(`entry name escapes the archive: ${traversal[0]?.name}`);
  const links = entries.filter((e) => e.isSymlink);
  if (links.length) out.push(`symbolic-link entry: ${links[0]?.name}`);
  const bomb = entries.find((e) => e.compressedSize > 0 && e.uncompressedSize / e.compressedSize > 1000 && e.uncompressedSize > 64 * 1024 * 1024);
  if (bomb) out.push(`entry ${bomb.name} declares ${bomb.uncompressedSize} bytes from ${bomb.compressedSize} (decompression bomb)`);
  return out;
}

async function sniffZipMembers(src: ByteSource, entries: ZipEntry[], depth: number): Promise<SniffedMember[]> {
  const out: SniffedMember[] = [];
  for (const e of entries.slice(0, MAX_MEMBERS)) {
    if (e.isDirectory || e.isSymlink) continue;
    const r = await readZipEntryPrefix(src, e, MEMBER_HEAD, { maxRatio: MAX_RATIO * 10 });
    if (!r.ok && e.encrypted && e.method !== 99) {
      // The encryption bit may lie (PyTorch ignores it): if the bytes read as plain are a model,
      // they are one, and it is analyzed as PyTorch would load it.
      const plain = await readZipEntryPrefix(src, e, MEMBER_HEAD, { maxRatio: MAX_RATIO * 10, ignoreEncryptionFlag: true });
      if (plain.ok) {
        const inner = await sniffBytes(e.name, plain.value.bytes, e.uncompressedSize, depth + 1);
        if (inner.kind === 'model') {
          out.push({ name: e.name, size: e.uncompressedSize, sniffed: inner });
          continue;
        }
      }
    }
    if (!r.ok) {
      out.push({ name: e.name, size: e.uncompressedSize, sniffed: { kind: 'container', container: 'zip', members: [], unscannable: r.error, hostile: [] } });
      continue;
    }
    const inner = await sniffPrefix(e.name, r.value, e.uncompressedSize, depth + 1, () => readZipEntryPrefix(src, e, LONG_LINE_HEAD, { maxRatio: MAX_RATIO * 10 }));
    out.push({ name: e.name, size: e.uncompressedSize, sniffed: inner });
  }
  return out;
}

async function sniffTar(path: string, src: ByteSource, depth: number): Promise<Sniffed> {
  const listing = listTar(src, { maxEntries: 100_000 });
  if (!listing.ok) return { kind: 'container', container: 'tar', members: [], unscannable: `unreadable tar: ${listing.error}`, hostile: [] };
  const entries = listing.value.entries;
  if (isLegacyTorchTar(entries)) return { kind: 'model', format: 'pytorch-legacy-tar', members: [] };
  const members: SniffedMember[] = [];
  for (const e of entries.filter((x) => x.type === 'file').slice(0, MAX_MEMBERS)) {
    const bytes = src.readAt(e.dataOffset, Math.min(e.size, MEMBER_HEAD));
    const inner = await sniffBytes(e.name, bytes, e.size, depth + 1, { src, offset: e.dataOffset });
    if (holdsModel(inner)) members.push({ name: e.name, size: e.size, sniffed: inner });
  }
  const out: Sniffed = { kind: 'container', container: 'tar', members, hostile: hostileTarTraits(entries) };
  const unreadable = unreadableMembers(members);
  if (unreadable.length) out.unscannable = unreadableReason(unreadable);
  if (listing.value.truncated) out.unscannable = `more than ${entries.length} entries`;
  return out;
}

function hostileTarTraits(entries: readonly TarEntry[]): string[] {
  const hostile: string[] = [];
  const bad = entries.find((e) => e.unsafePath);
  if (bad) hostile.push(`entry name escapes the archive: ${bad.name}`);
  const link = entries.find((e) => e.type === 'symlink' || e.type === 'hardlink');
  if (link) hostile.push(`link entry: ${link.name} -> ${link.linkName ?? '?'}`);
  return hostile;
}

function isLegacyTorchTar(entries: readonly TarEntry[]): boolean {
  const names = new Set(entries.map((e) => e.name.replace(/^\.\//, '')));
  return names.has('sys_info') && names.has('pickle') && names.has('storages');
}

/**
 * Decoded output read through for the tar inside a wrapper (sniffWrappedTar, and again by the
 * pickle detector): past it, the container is unscannable. node:zlib and liblzma decode a 300 MB
 * .tar.gz in about a second here; fzstd, pure JS, 130-190 MB a second (a 230 MB tar of sources
 * at levels 19 and 3), so zstd stops at half; seek-bzip about 7 MB a second, so bz2 sooner still.
 */
export function maxWrappedTarBytes(wrapper: Wrapper): number {
  return wrapper === 'bz2' ? 64 * 1024 * 1024 : wrapper === 'zstd' ? 1024 * 1024 * 1024 : 2 * 1024 * 1024 * 1024;
}
/** The decoded-to-compressed ratio over which a wrapper is a bomb (also what the pickle detector decodes to). */
export const WRAPPER_MAX_RATIO = MAX_RATIO * 10;

/** Names that say LZMA-alone: a stream under one that does not decode is a broken one. */
const LZMA_EXTENSIONS = new Set(['.lzma', '.lz']);

/**
 * What a compression wrapper holds; undefined when an LZMA-alone header (which has no magic: a
 * MATLAB v4 .mat file starts like one) leads to bytes liblzma rejects outright, and the name does
 * not say LZMA: then it was never LZMA, and the other checks go on.
 */
async function sniffWrapped(path: string, src: ByteSource, wrapper: Wrapper, ext: string, depth: number): Promise<Sniffed | undefined> {
  if (wrapper === '7z') {
    return { kind: 'container', container: wrapper, members: [], unscannable: `${wrapper} content cannot be inspected`, hostile: [] };
  }
  const r = await decompressPrefix(src, wrapper, { maxOutput: MEMBER_HEAD, maxRatio: WRAPPER_MAX_RATIO });
  if (!r.ok && 'corrupt' in r && wrapper === 'lzma' && !LZMA_EXTENSIONS.has(ext)) return undefined;
  if (!r.ok) return { kind: 'container', container: wrapper, members: [], unscannable: `${wrapper} stream cannot be decoded: ${r.error}`, hostile: [] };
  const innerName = path.replace(/\.(gz|gzip|z|xz|bz2|lzma|zst|zstd|lz4)$/i, '');
  const size = r.value.complete ? r.value.bytes.length : Number.MAX_SAFE_INTEGER;
  let inner = await sniffPrefix(innerName, r.value, size, depth + 1, () => decompressPrefix(src, wrapper, { maxOutput: LONG_LINE_HEAD, maxRatio: WRAPPER_MAX_RATIO }));
  if (inner.kind === 'model') return { ...inner, wrapper };
  if (inner.kind !== 'container') return { kind: 'container', container: wrapper, members: [], hostile: [] };
  // A tar longer than the decoded prefix (a SageMaker model.tar.gz: code first, weights after) is
  // read to its end, or its later members would go unseen.
  if (inner.container === 'tar' && !r.value.complete) {
    const whole = await sniffWrappedTar(src, wrapper, depth + 1);
    if (whole.kind === 'model') return { ...whole, wrapper };
    inner = whole;
  }
  // Listed as holding something only when the inner archive holds a model or cannot be read: a
  // .tar.gz of sources is not a model.
  const holds = holdsModel(inner);
  return {
    kind: 'container',
    container: wrapper,
    members: holds ? [{ name: basename(innerName), size: 0, sniffed: inner }] : [],
    hostile: inner.hostile,
    ...(inner.unscannable ? { unscannable: inner.unscannable } : {}),
  };
}

/**
 * The tar inside a wrapper, read to its end: its members' heads sniffed as sniffTar sniffs them; a
 * legacy PyTorch tar whose member names come after the decoded prefix is recognised here.
 */
async function sniffWrappedTar(src: ByteSource, wrapper: Wrapper, depth: number): Promise<Extract<Sniffed, { kind: 'container' | 'model' }>> {
  const heads: { e: TarEntry; bytes: Uint8Array }[] = [];
  let files = 0;
  const w = await readWrappedTar(
    src,
    wrapper,
    { want: (e) => (e.type === 'file' && files++ < MAX_MEMBERS ? MEMBER_HEAD : 0), take: (e, bytes) => heads.push({ e, bytes }) },
    { maxOutput: maxWrappedTarBytes(wrapper), maxRatio: WRAPPER_MAX_RATIO },
  );
  const entries = w.tar.entries;
  if (w.complete && isLegacyTorchTar(entries)) return { kind: 'model', format: 'pytorch-legacy-tar', members: [] };
  const members: SniffedMember[] = [];
  for (const { e, bytes } of heads) {
    const inner = await sniffBytes(e.name, bytes, e.size, depth + 1);
    if (holdsModel(inner)) members.push({ name: e.name, size: e.size, sniffed: inner });
  }
  const out: Extract<Sniffed, { kind: 'container' }> = { kind: 'container', container: 'tar', members, hostile: hostileTarTraits(entries) };
  const unreadable = unreadableMembers(members);
  if (unreadable.length) out.unscannable = unreadableReason(unreadable);
  if (w.tar.error !== undefined) out.unscannable = `unreadable tar: ${w.tar.error}`;
  else if (w.error !== undefined && !entries.length) out.unscannable = `${wrapper} stream cannot be decoded: ${w.error}`;
  // The decoder failed before the tar's end (node:zlib fails on bytes after the gzip member, which
  // tar readers never reach): what followed is unseen, and may be a model.
  else if (!w.complete && w.error !== undefined) out.unscannable = `${wrapper} stream cannot be decoded past ${w.decoded} bytes (${w.error}); later members were not inspected`;
  else if (w.cut) out.unscannable = `the tar inside is larger than the ${maxWrappedTarBytes(wrapper)} bytes read; members after that were not inspected`;
  else if (w.tar.truncated) out.unscannable = `more than ${entries.length} entries`;
  return out;
}

/**
 * Sniffs bytes that came out of an archive or a wrapper. `size` is the member's full size (the
 * prefix may be shorter); `at` lets tar members keep reading from the outer file.
 */
async function sniffBytes(name: string, bytes: Uint8Array, size: number, depth: number, at?: { src: ByteSource; offset: number }): Promise<Sniffed> {
  if (depth > MAX_DEPTH) return { kind: 'container', container: 'zip', members: [], unscannable: `nested more than ${MAX_DEPTH} levels deep`, hostile: [] };
  const src: ByteSource = at ? new SliceSource(at.src, at.offset, size) : new PrefixSource(bytes, size);
  return sniff({ path: name, src, head: bytes.subarray(0, MEMBER_HEAD) }, depth);
}

/**
 * A zip member or wrapped stream sniffed from its decoded prefix; sniffed again from a longer
 * decoded look (`readLonger`, up to LONG_LINE_HEAD bytes) when the prefix is cut inside the first
 * string of what may be a pickle, which only the longer look can settle.
 */
async function sniffPrefix(
  name: string,
  prefix: { bytes: Uint8Array; complete: boolean },
  size: number,
  depth: number,
  readLonger: () => Promise<Parsed<{ bytes: Uint8Array; complete: boolean }>>,
): Promise<Sniffed> {
  const first = await sniffBytes(name, prefix.bytes, size, depth);
  if (first.kind === 'model' || prefix.complete || !looksLikePickle(prefix.bytes, size).more) return first;
  const longer = await readLonger();
  return longer.ok ? sniffBytes(name, longer.value.bytes, longer.value.complete ? longer.value.bytes.length : size, depth) : first;
}

/** The decoded prefix of a member whose full size may be larger: reads past the prefix see nothing. */
class PrefixSource implements ByteSource {
  private readonly buf: BufferSource;
  constructor(bytes: Uint8Array, readonly size: number) {
    this.buf = new BufferSource(bytes);
    if (size < bytes.length) this.size = bytes.length;
  }
  readAt(offset: number, length: number): Uint8Array {
    return this.buf.readAt(offset, length);
  }
}

/**
 * Text: no NUL byte in the first 8 KiB of the head and mostly printable or valid UTF-8 bytes. A file
 * named as text of a known language may hold a few NULs (isTextWithStrayNuls).
 */
export function isText(head: Uint8Array): boolean {
  const n = Math.min(head.length, 8192);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = head[i] as number;
    if (b === 0) return false;
    if (b < 9 || (b > 13 && b < 32 && b !== 27)) control++;
  }
  return control <= n / 100;
}

/** NUL bytes allowed per byte of a named text file (isTextWithStrayNuls). */
export const MAX_NUL_RATE = 1 / 100;

/**
 * Text with a few NUL bytes, for a file whose name gives a text language (`.py`, `.ts`, `.yaml`,
 * `Dockerfile`, ...; see textLang): at most MAX_NUL_RATE of the head is NUL (one NUL is always
 * allowed), the rest passes isText's control-character rule, and the head is valid UTF-8 (a
 * sequence cut by the end of the head aside). A NUL would otherwise make a file binary, and so
 * hide from every text detector a key or an import that Node or a compiler reads.
 *
 * Measured: of 90,069 files under text-language names in /usr, /opt, /root and Lantern's
 * node_modules, one held a NUL: a terminfo entry named xterm.js (14% NUL, not UTF-8). UTF-16 text
 * (a NUL in every other byte for ASCII), images, compiled or compressed data and MPEG transport
 * streams (`.ts`) fail on the NUL rate or on UTF-8 well before the limits.
 */
export function isTextWithStrayNuls(head: Uint8Array): boolean {
  let nul = 0;
  let control = 0;
  for (let i = 0; i < head.length; i++) {
    const b = head[i] as number;
    if (b === 0) nul++;
    else if (b < 9 || (b > 13 && b < 32 && b !== 27)) control++;
  }
  const n = head.length;
  if (nul === 0 || nul > Math.max(1, n * MAX_NUL_RATE) || control > n / 100) return false;
  return isUtf8(head.subarray(0, completeUtf8Length(head)));
}

/** The length of `b` without a UTF-8 sequence cut short at its end (a head ends anywhere). */
function completeUtf8Length(b: Uint8Array): number {
  let k = b.length - 1;
  while (k >= 0 && k >= b.length - 3 && ((b[k] as number) & 0xc0) === 0x80) k--;
  if (k < 0) return b.length;
  const lead = b[k] as number;
  const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return b.length - k < need ? k : b.length;
}

const LANG_BY_EXT: Record<string, TextLang> = {
  '.py': 'python', '.pyi': 'python', '.pyw': 'python',
  '.js': 'js-ts', '.mjs': 'js-ts', '.cjs': 'js-ts', '.jsx': 'js-ts', '.ts': 'js-ts', '.tsx': 'js-ts', '.mts': 'js-ts', '.cts': 'js-ts',
  '.ipynb': 'notebook',
  '.json': 'json', '.jsonc': 'json',
  '.yaml': 'yaml', '.yml': 'yaml',
  '.toml': 'toml',
  '.md': 'markdown', '.markdown': 'markdown', '.mdx': 'markdown',
  '.sh': 'shell', '.bash': 'shell', '.zsh': 'shell',
  '.go': 'go',
  '.java': 'jvm', '.kt': 'jvm', '.kts': 'jvm', '.scala': 'jvm',
  '.rb': 'ruby', '.rake': 'ruby',
  '.php': 'php',
  '.dart': 'dart',
  '.swift': 'swift',
};

/**
 * Ruby files known by their name alone, no extension: Rake's Rakefile (`*.rake` are its task files),
 * Guard's Guardfile, Capistrano's Capfile, Thor's Thorfile, Vagrant's Vagrantfile and Rack's
 * config.ru. A Gemfile (gems.rb) is Ruby too but a manifest (MANIFEST_NAMES), read as one.
 */
export const RUBY_NAMES: ReadonlySet<string> = new Set(['rakefile', 'guardfile', 'capfile', 'thorfile', 'vagrantfile', 'config.ru']);

const MANIFEST_NAMES = new Set([
  'package.json', 'package-lock.json', 'yarn.lock', 'pnpm-lock.yaml', 'pnpm-workspace.yaml', 'bun.lock', 'deno.json', 'deno.jsonc', 'deno.lock', 'pyproject.toml', 'pipfile', 'pipfile.lock',
  'poetry.lock', 'uv.lock', 'pdm.lock', 'pixi.toml', 'pixi.lock', 'setup.cfg', 'environment.yml', 'go.mod', 'pom.xml', 'build.gradle', 'build.gradle.kts', 'cargo.toml', 'cargo.lock',
  'gemfile', 'gemfile.lock', 'gems.rb', 'gems.locked', 'composer.json', 'composer.lock',
  'pubspec.yaml', 'pubspec.lock',
  'package.swift', 'package.resolved', 'podfile', 'podfile.lock',
]);

/** The longest first line read for a shebang. */
const MAX_SHEBANG = 256;

/**
 * Whether the first line of `head` is a shebang that runs a POSIX-family shell: `#!/bin/sh`,
 * `#!/usr/bin/bash -e`, `#! /bin/dash`, `#!/usr/bin/env bash`, `#!/usr/bin/env -S bash -e` (env's
 * options and NAME=value words skipped); sh, bash, dash, zsh or ksh. The line must start the file
 * (no byte-order mark: the kernel would not read the shebang behind one).
 */
export function shellShebang(head: Uint8Array): boolean {
  if (head[0] !== 0x23 || head[1] !== 0x21) return false;
  let end = 2;
  while (end < head.length && end < MAX_SHEBANG && head[end] !== 0x0a && head[end] !== 0x0d) end++;
  const words = Buffer.from(head.subarray(2, end)).toString('latin1').trim().split(/[ \t]+/);
  let k = 0;
  if (words[0]?.replace(/^.*\//, '') === 'env') {
    k = 1;
    while (k < words.length && (words[k]!.startsWith('-') || /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[k]!))) k += words[k] === '-u' || words[k] === '-C' ? 2 : 1;
  }
  return /^(?:.*\/)?(?:ba|da|z|k)?sh$/.test(words[k] ?? '');
}

/**
 * The language of a text file by its name; a file with no extension that names no known file
 * (`text`) is `shell` when its first line (in `head`) is a shell's shebang (shellShebang).
 */
export function textLang(path: string, head?: Uint8Array): TextLang {
  const lang = nameLang(path);
  const name = basename(path);
  return lang === 'text' && head !== undefined && !name.slice(1).includes('.') && shellShebang(head) ? 'shell' : lang;
}

/**
 * Dotenv files by name: `.env`, `.env.example`, `.env-docker.sample`, `.env_local`, and the
 * undotted templates `env.example`, `env.sample`, `env.template`, `env.dist` (`*.env` below).
 */
const ENV_NAME = /^(?:\.env(?:[._-].*)?|env\.(?:example|sample|template|dist|local|defaults?))$/;

function nameLang(path: string): TextLang {
  const name = basename(path).toLowerCase();
  if (MANIFEST_NAMES.has(name) || REQUIREMENTS_NAME.test(name) || PYLOCK_NAME.test(name) || name.endsWith('.csproj')) return 'manifest';
  if (DOCKERFILE_NAME.test(name)) return 'dockerfile';
  if (ENV_NAME.test(name) || name.endsWith('.env')) return 'env';
  if (name.endsWith('.gradle.kts')) return 'manifest';
  if (RUBY_NAMES.has(name)) return 'ruby';
  return LANG_BY_EXT[extname(name)] ?? 'text';
}
