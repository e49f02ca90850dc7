/**
 * Pickle safety: every pickle stream a model file holds is interpreted by the static VM
 * (src/pickle/vm.ts) and each global it reaches is judged by the policy (src/pickle/policy.ts,
 * data in rules/pickle.yaml). Streams come from plain pickles and joblib files (raw or behind a
 * compression wrapper), legacy PyTorch (stacked pickles), PyTorch/TorchScript zips (every pickle
 * member, nothing else), NumPy object arrays (.npy, .npz members), generic zips and tars holding
 * pickles (nested archives included), and pickles nested inside str/bytes arguments.
 *
 * Bounded: each stream is read up to MAX_PICKLE_BYTES, archives up to MAX_MEMBERS pickle members,
 * nesting up to MAX_NESTING levels. What is cut short is said in `lantern:pickle:analysis`.
 */
import { basename } from 'node:path/posix';
import { BufferSource, type ByteSource } from '../../formats/source.js';
import { decompressPrefix, type Wrapper } from '../../formats/compression.js';
import { listZip, readZipEntryPrefix, type ZipEntry } from '../../formats/zip.js';
import { listTar, readWrappedTar, type TarEntry } from '../../formats/tar.js';
import { isNpy, readNpyHeader } from '../../formats/npy.js';
import { LONG_LINE_HEAD, looksLikePickle, looksLikePickleLong } from '../../formats/pickle-sniff.js';
import { analyzePickle, analyzeStream, type PickleAnalysis } from '../../pickle/vm.js';
import { classifyGlobal, loadPicklePolicy, type PicklePolicy } from '../../pickle/policy.js';
import type { Sniffed } from '../../sniff/kinds.js';
import { MEMBER_HEAD, maxWrappedTarBytes, WRAPPER_MAX_RATIO } from '../../sniff/sniff.js';
import { embeddedPickles } from '../../formats/hdf5.js';
import { emptyObservation, type Finding } from '../../types.js';
import { makeFinding, modelRef } from '../finding.js';
import type { DetectContext, Detector } from '../types.js';

/** Each pickle stream is analyzed up to this size (bounded memory); the rest is reported as not analyzed. */
export const MAX_PICKLE_BYTES = 64 * 1024 * 1024;
const MAX_MEMBERS = 1024;
const MAX_NESTING = 3;
/**
 * The ratio over which a decoded stream is a bomb and not analyzed: the sniffer's, so that what it
 * took for a model is analyzed. Deflate (zip members, gzip, zlib) gets none: it cannot pass 1032:1,
 * MAX_PICKLE_BYTES bounds the output, and a lower limit let a pickle of one long repeated string
 * (1,007:1) hide its os.system call behind "ratio over limit".
 */
const ratioFor = (w: Wrapper | 'deflate'): number | undefined => (w === 'deflate' || w === 'gzip' || w === 'zlib' || w === 'joblib-zfile' ? undefined : WRAPPER_MAX_RATIO);

let policy: PicklePolicy | undefined;
/** Verdicts by module and name: the same few globals recur in every file of a model zoo. */
const verdicts = new Map<string, ReturnType<typeof classifyGlobal>>();

function classify(module: string, name: string, pol: PicklePolicy): ReturnType<typeof classifyGlobal> {
  const key = `${module}\u0000${name}`;
  let v = verdicts.get(key);
  if (!v) {
    v = classifyGlobal(module, name, pol);
    if (verdicts.size > 50_000) verdicts.clear();
    verdicts.set(key, v);
  }
  return v;
}

/** A pickle stream found in the file: where it lives, for messages and offsets. */
interface Stream {
  /** '' for the file itself, else the archive member or wrapper it came from. */
  where: string;
  bytes: Uint8Array;
  /** Offset of `bytes` in the file, when it is a plain slice of the file. */
  base?: number;
  /** Several pickles back to back (legacy PyTorch, joblib). */
  stacked: boolean;
  /** The stream was cut at the byte limit. */
  cut?: boolean;
  /** A pickle member of a TorchScript archive. */
  torchscript?: boolean;
  /** For a PyTorch zip's data.pkl: the size of each storage blob (<folder>/data/<key>) by key. */
  blobSizes?: Map<string, number>;
}

export const pickleDetector: Detector = {
  id: 'pickle',
  accepts: (s) => (s.kind === 'model' && holdsPickle(s)) || (s.kind === 'container' && s.unscannable === undefined && s.members.some((m) => holdsPickleDeep(m.sniffed))),
  async detect(ctx) {
    policy ??= loadPicklePolicy(ctx.rules);
    const o = emptyObservation();
    const notes: string[] = [];
    const streams = await collectStreams(ctx, ctx.sniffed, notes);
    if (ctx.sniffed.kind === 'model' && ctx.sniffed.format === 'torchscript-zip') for (const st of streams) st.torchscript = true;
    const seen = new Set<string>();
    for (const st of streams) inspect(ctx, st, 0, o.findings, seen, notes, policy);
    // A model that holds pickles with none read is unknown, never safe.
    if (streams.length === 0 && notes.length === 0) notes.push('no pickle stream could be read');
    // A stub of the model component: merged with the model detector's by bom-ref, it says how far
    // the analysis got (the inventory turns findings plus this into lantern:safety).
    o.components.push({
      ref: modelRef(ctx.sha256()),
      kind: 'model',
      name: basename(ctx.file.path),
      properties: {
        'lantern:pickle:analysis': notes.length ? `partial: ${notes.slice(0, 3).join('; ')}` : 'complete',
        'lantern:pickle:streams': String(streams.length),
      },
      evidence: [{ path: ctx.file.path }],
    });
    for (const n of notes) o.warnings.push({ code: 'pickle/partial', path: ctx.file.path, message: n });
    return o;
  },
};

const PICKLE_FORMATS = new Set(['pickle', 'joblib', 'pytorch-legacy', 'pytorch-zip', 'torchscript-zip', 'pytorch-legacy-tar']);

function holdsPickle(s: Extract<Sniffed, { kind: 'model' }>): boolean {
  return PICKLE_FORMATS.has(s.format) || (s.members ?? []).some((m) => holdsPickleDeep(m.sniffed));
}

function holdsPickleDeep(s: Sniffed): boolean {
  if (s.kind === 'model') return holdsPickle(s);
  if (s.kind === 'container') return s.members.some((m) => holdsPickleDeep(m.sniffed));
  return false;
}

async function collectStreams(ctx: DetectContext, s: Sniffed, notes: string[]): Promise<Stream[]> {
  const src = ctx.src;
  if (s.kind === 'model') {
    // A wrapped legacy PyTorch tar: its pickle members, as in a plain one, decoded as the tar streams by.
    if (s.wrapper && s.format === 'pytorch-legacy-tar') return wrappedTarStreams(src, s.wrapper, (name) => LEGACY_TAR_MEMBER.test(name), notes);
    // Any other wrapped model is read from its decoded prefix as the file itself would be: stacked
    // pickles, an .npy, a zip (`model.pt.gz`; when the model is larger than the prefix, its entries
    // are listed by walking their local headers, and PyTorch writes data.pkl first).
    const decoded = s.wrapper ? await decodedPrefix(src, s.wrapper, '', notes) : undefined;
    if (s.wrapper && !decoded) return [];
    const from = decoded ? new BufferSource(decoded.bytes) : src;
    const where = s.wrapper ? `(${s.wrapper})` : '';
    switch (s.format) {
      case 'pickle':
      case 'joblib':
      case 'pytorch-legacy': {
        // Stacked: a file may hold several pickles back to back (read by repeated pickle.load).
        // A file no longer than its head is analyzed from the bytes sniff already read.
        if (!decoded && ctx.file.size === ctx.head.length) return [{ where: '', bytes: ctx.head, base: 0, stacked: true }];
        if (decoded) return [{ where, bytes: decoded.bytes, stacked: true, cut: decoded.cut }];
        return [readWhole(src, '', notes, true)];
      }
      case 'numpy':
        return npyStreams(from, where, notes);
      case 'pytorch-legacy-tar':
        return tarStreams(from, notes, 0);
      case 'hdf5':
        return hdf5Streams(src, notes);
      default:
        return zipStreams(from, notes, 0, decoded ? `${where}!/` : '');
    }
  }
  if (s.kind === 'container') {
    if (s.container === 'zip') return zipStreams(src, notes, 0);
    if (s.container === 'tar') return tarStreams(src, notes, 0);
    // A tar inside a wrapper (.tar.gz): its pickle members, decoded as the tar streams by.
    const inner = s.members[0]?.sniffed;
    if (inner?.kind === 'container' && inner.container === 'tar') {
      const names = new Set(inner.members.map((m) => m.name));
      return wrappedTarStreams(src, s.container as Wrapper, (name) => names.has(name), notes);
    }
    return unwrap(src, s.container as Wrapper, '', notes);
  }
  return [];
}

/**
 * The members of a wrapped tar that `wanted` names (those sniff found to hold a model, or a legacy
 * PyTorch tar's pickles), each read up to MAX_PICKLE_BYTES while the wrapper is decoded once from
 * its start, then taken apart as tarStreams takes a plain tar's members.
 */
async function wrappedTarStreams(src: ByteSource, wrapper: Wrapper, wanted: (name: string) => boolean, notes: string[]): Promise<Stream[]> {
  const got: { e: TarEntry; bytes: Uint8Array }[] = [];
  const w = await readWrappedTar(
    src,
    wrapper,
    { want: (e) => (e.type === 'file' && wanted(e.name) && got.length < MAX_MEMBERS ? MAX_PICKLE_BYTES : 0), take: (e, bytes) => got.push({ e, bytes }) },
    { maxOutput: maxWrappedTarBytes(wrapper), maxRatio: WRAPPER_MAX_RATIO },
  );
  if (w.error !== undefined && !got.length) notes.push(`(${wrapper}): ${w.error}`);
  const out: Stream[] = [];
  for (const { e, bytes } of got) {
    const kind = tarMemberKind(e, bytes.subarray(0, 64));
    if (!kind) continue;
    if (e.size > bytes.length) notes.push(`${e.name}: only the first ${bytes.length} bytes analyzed`);
    out.push(...(await memberStreams(bytes, e.name, kind, notes, 0)));
  }
  return out;
}

function readWhole(src: ByteSource, where: string, notes: string[], stacked: boolean): Stream {
  const n = Math.min(src.size, MAX_PICKLE_BYTES);
  if (src.size > MAX_PICKLE_BYTES) notes.push(`${where || 'pickle'}: only the first ${MAX_PICKLE_BYTES} of ${src.size} bytes analyzed`);
  const bytes = readRange(src, 0, n);
  return { where, bytes, base: 0, stacked, cut: src.size > n };
}

/** Reads [offset, offset+length) in chunks (a FileSource serves at most 64 MiB per read). */
function readRange(src: ByteSource, offset: number, length: number): Uint8Array {
  const first = src.readAt(offset, length);
  if (first.length >= length || first.length === 0) return first;
  const out = new Uint8Array(length);
  out.set(first, 0);
  let got = first.length;
  while (got < length) {
    const part = src.readAt(offset + got, length - got);
    if (!part.length) break;
    out.set(part, got);
    got += part.length;
  }
  return got === length ? out : out.subarray(0, got);
}

/**
 * The first MAX_PICKLE_BYTES a wrapper decodes to (`cut` when there is more); undefined, with a
 * note, when it does not decode. `where`: the member it is, '' for the file itself.
 */
async function decodedPrefix(src: ByteSource, wrapper: Wrapper, where: string, notes: string[]): Promise<{ bytes: Uint8Array; cut: boolean } | undefined> {
  const r = await decompressPrefix(src, wrapper, { maxOutput: MAX_PICKLE_BYTES, maxRatio: ratioFor(wrapper) });
  const label = where || `${wrapper} stream`;
  if (!r.ok) {
    notes.push(`${label}: ${r.error}`);
    return undefined;
  }
  if (!r.value.complete) notes.push(`${label}: decompressed only partly (${r.value.bytes.length} bytes)`);
  return { bytes: r.value.bytes, cut: !r.value.complete };
}

/** A wrapper's decoded prefix as one stream of stacked pickles. */
async function unwrap(src: ByteSource, wrapper: Wrapper, where: string, notes: string[]): Promise<Stream[]> {
  const d = await decodedPrefix(src, wrapper, where, notes);
  return d ? [{ where: where || `(${wrapper})`, bytes: d.bytes, stacked: true, cut: d.cut }] : [];
}

function npyStreams(src: ByteSource, where: string, notes: string[]): Stream[] {
  const h = readNpyHeader(src);
  if (!h.ok || !h.value.hasObject) return [];
  const len = Math.min(src.size - h.value.dataOffset, MAX_PICKLE_BYTES);
  if (src.size - h.value.dataOffset > MAX_PICKLE_BYTES) notes.push(`${where || 'object array'}: only the first ${MAX_PICKLE_BYTES} bytes analyzed`);
  return [{ where: where ? `${where} (object array)` : '(object array)', bytes: readRange(src, h.value.dataOffset, len), base: where ? undefined : h.value.dataOffset, stacked: false }];
}

/** Pickle members of a zip: `.pkl` names, and any member whose bytes look like a pickle, npy or archive. */
async function zipStreams(src: ByteSource, notes: string[], depth: number, prefix = ''): Promise<Stream[]> {
  const listing = listZip(src, { maxEntries: 100_000 });
  if (!listing.ok) {
    notes.push(`${prefix || 'zip'}: ${listing.error}`);
    return [];
  }
  const out: Stream[] = [];
  let members = 0;
  for (const e of listing.value.entries) {
    if (e.isDirectory || e.isSymlink) continue;
    if (members >= MAX_MEMBERS) {
      notes.push(`${prefix || 'zip'}: more than ${MAX_MEMBERS} candidate members; the rest not analyzed`);
      break;
    }
    const name = `${prefix}${e.name}`;
    // Weight blobs of PyTorch zips (<folder>/data/<n>) are never pickles: skip them unread.
    if (/(^|\/)data\/\d+$/.test(e.name) || /(^|\/)(version|byteorder|\.data\/serialization_id)$/.test(e.name)) continue;
    // As much as the sniffer read: a shorter head can end inside the first opcodes' arguments.
    const head = await readZipEntryPrefix(src, e, MEMBER_HEAD, { maxRatio: ratioFor('deflate'), ignoreEncryptionFlag: true });
    if (!head.ok) continue; // unreadable members are the model detector's unscannable finding
    const kind = memberKind(e, head.value.bytes);
    // A protocol 0/1 pickle whose first strings outrun the head: the whole member decides.
    const undecided = !kind && looksLikePickle(head.value.bytes, e.uncompressedSize).more === true;
    if (!kind && !undecided) continue;
    const full = await readZipEntryPrefix(src, e, MAX_PICKLE_BYTES, { maxRatio: ratioFor('deflate'), ignoreEncryptionFlag: true });
    if (undecided && !(full.ok && isLongPickle(full.value.bytes, e.uncompressedSize))) continue;
    members++;
    if (!full.ok) {
      notes.push(`${name}: ${full.error}`);
      continue;
    }
    if (!full.value.complete) notes.push(`${name}: only the first ${full.value.bytes.length} bytes analyzed`);
    const streams = await memberStreams(full.value.bytes, name, kind ?? 'pickle', notes, depth);
    if (/(^|\/)data\.pkl$/.test(e.name)) {
      const folder = e.name.slice(0, e.name.length - 'data.pkl'.length);
      const blobs = new Map<string, number>();
      for (const b of listing.value.entries) {
        if (b.name.startsWith(`${folder}data/`)) blobs.set(b.name.slice(folder.length + 5), b.uncompressedSize);
      }
      for (const st of streams) st.blobSizes = blobs;
    }
    out.push(...streams);
  }
  return out;
}

type MemberKind = 'pickle' | 'npy' | 'zip' | 'tar' | 'wrapped';

/** The pickles a PyTables / pandas HDF5 file stores (ObjectAtom rows, object columns), each read whole up to MAX_PICKLE_BYTES. */
function hdf5Streams(src: ByteSource, notes: string[]): Stream[] {
  const found = embeddedPickles(src, MAX_MEMBERS + 1, (h, size) => looksLikePickle(h, size).pickle);
  if (found.length > MAX_MEMBERS) notes.push(`more than ${MAX_MEMBERS} pickles in the HDF5 file; the rest not analyzed`);
  return found.slice(0, MAX_MEMBERS).map(({ at, size }) => {
    const n = Math.min(size, MAX_PICKLE_BYTES);
    if (n < size) notes.push(`pickle at byte ${at}: only the first ${n} bytes analyzed`);
    return { where: `pickle at byte ${at}`, bytes: src.readAt(at, n), base: at, stacked: false, cut: n < size };
  });
}

/** Whether `bytes` (a member's first bytes, of `size` in all) are a pickle, by the sniffer's longer look. */
function isLongPickle(bytes: Uint8Array, size: number): boolean {
  return looksLikePickleLong(bytes.subarray(0, 64 * 1024), size, (n) => bytes.subarray(0, n)).pickle;
}

function memberKind(e: ZipEntry | { name: string }, head: Uint8Array): MemberKind | undefined {
  if (isNpy(head)) return 'npy';
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return 'zip';
  if (head[0] === 0x1f && head[1] === 0x8b) return 'wrapped';
  if (/\.(pkl|pickle|joblib)$/i.test(e.name) || looksLikePickle(head, Number.MAX_SAFE_INTEGER).pickle) return 'pickle';
  return undefined;
}

async function memberStreams(bytes: Uint8Array, name: string, kind: MemberKind, notes: string[], depth: number): Promise<Stream[]> {
  const src = new BufferSource(bytes);
  switch (kind) {
    case 'pickle':
      return [{ where: name, bytes, stacked: true }];
    case 'npy':
      return npyStreams(src, name, notes);
    case 'wrapped':
      return unwrap(src, 'gzip', name, notes);
    case 'zip':
    case 'tar':
      if (depth >= MAX_NESTING) {
        notes.push(`${name}: archive nested more than ${MAX_NESTING} levels deep; not analyzed`);
        return [];
      }
      return kind === 'zip' ? zipStreams(src, notes, depth + 1, `${name}!/`) : tarStreams(src, notes, depth + 1, `${name}!/`);
  }
}

async function tarStreams(src: ByteSource, notes: string[], depth: number, prefix = ''): Promise<Stream[]> {
  const listing = listTar(src, { maxEntries: 100_000 });
  if (!listing.ok) {
    notes.push(`${prefix || 'tar'}: ${listing.error}`);
    return [];
  }
  const out: Stream[] = [];
  for (const e of listing.value.entries.filter((x) => x.type === 'file').slice(0, MAX_MEMBERS)) {
    const head = src.readAt(e.dataOffset, Math.min(MEMBER_HEAD, e.size));
    let kind = tarMemberKind(e, head);
    if (!kind && looksLikePickle(head, e.size).more && isLongPickle(readRange(src, e.dataOffset, Math.min(e.size, LONG_LINE_HEAD)), e.size)) kind = 'pickle';
    if (!kind) continue;
    const len = Math.min(e.size, MAX_PICKLE_BYTES);
    if (e.size > len) notes.push(`${prefix}${e.name}: only the first ${len} bytes analyzed`);
    out.push(...(await memberStreams(readRange(src, e.dataOffset, len), `${prefix}${e.name}`, kind, notes, depth)));
  }
  return out;
}

const LEGACY_TAR_MEMBER = /^(\.\/)?(pickle|sys_info|tensors|storages)$/;

/** A tar member's kind; the legacy PyTorch tar keeps its pickles in members named pickle, sys_info, storages, tensors. */
function tarMemberKind(e: TarEntry, head: Uint8Array): MemberKind | undefined {
  const legacy = LEGACY_TAR_MEMBER.test(e.name);
  return legacy && looksLikePickle(head, e.size).pickle ? 'pickle' : memberKind(e, head);
}

/** Bytes per element of the storage types torch.save names in persistent ids. */
const STORAGE_ITEM_SIZE: Record<string, number> = {
  DoubleStorage: 8, FloatStorage: 4, HalfStorage: 2, BFloat16Storage: 2, LongStorage: 8, IntStorage: 4, ShortStorage: 2,
  CharStorage: 1, ByteStorage: 1, BoolStorage: 1, ComplexFloatStorage: 8, ComplexDoubleStorage: 16, UntypedStorage: 1,
  QInt8Storage: 1, QUInt8Storage: 1, QInt32Storage: 4, QUInt4x2Storage: 1, QUInt2x4Storage: 1,
};

/**
 * CVE-2026-24747: a storage whose persistent id declares more elements than its blob holds makes
 * affected PyTorch versions read or write past the blob. Ids look like
 * ('storage', torch.FloatStorage, key, location, numel).
 */
function checkStorageSizes(ctx: DetectContext, st: Stream, a: PickleAnalysis, push: (key: string, f: Finding) => void): void {
  for (const pid of a.persistentIds) {
    const parts = pid.parts;
    if (!parts || parts.length < 5 || parts[0] !== 'storage') continue;
    const type = (parts[1] ?? '').split('.').pop() ?? '';
    const item = STORAGE_ITEM_SIZE[type];
    const key = parts[2] ?? '';
    const numel = Number(parts[4]);
    if (item === undefined || !Number.isSafeInteger(numel) || numel < 0) continue;
    const declared = numel * item;
    const actual = st.blobSizes?.get(key);
    if (actual !== undefined && actual >= declared) continue;
    push(`storage:${key}`, makeFinding(ctx, {
      ruleId: 'pytorch/storage-size-mismatch',
      message: `${ctx.file.path}: storage ${key} (${type}) declares ${numel} elements (${declared} bytes) but ${actual === undefined ? 'its blob is missing' : `its blob holds ${actual} bytes`}.`,
      key: `storage:${key}`,
      properties: { 'lantern:storage': key, 'lantern:declared-bytes': String(declared), 'lantern:blob-bytes': actual === undefined ? 'missing' : String(actual) },
    }));
  }
}

/** Interprets one stream and turns what it reaches into findings. */
function inspect(ctx: DetectContext, st: Stream, nesting: number, findings: Finding[], seen: Set<string>, notes: string[], pol: PicklePolicy): void {
  const analyses: (PickleAnalysis & { start: number })[] = st.stacked ? analyzeStream(st.bytes).pickles : [{ ...analyzePickle(st.bytes, 0), start: 0 }];
  const at = (off: number) => (st.base !== undefined ? st.base + off : undefined);
  const where = st.where ? ` in ${st.where}` : '';
  const push = (key: string, f: Finding) => {
    if (seen.has(key)) return;
    seen.add(key);
    findings.push(f);
  };
  if (!analyses.length || analyses.every((a) => a.opcodeCount === 0 || (a.error && a.imports.length === 0 && a.opcodeCount < 2))) {
    push(`unparseable${where}`, makeFinding(ctx, {
      ruleId: 'pickle/unparseable',
      message: `${ctx.file.path}${where}: the pickle stream cannot be parsed (${analyses[0]?.error?.message ?? 'no opcodes'}); its safety is unknown.`,
      key: `unparseable${where}`,
      ...(at(0) !== undefined ? { offset: at(0) as number } : {}),
    }));
    return;
  }
  for (const a of analyses) {
    let dangerous: string | undefined;
    // A state dict names the same few globals hundreds of times: judge each once per stream
    // (nested maps: no key string is built per import).
    const judged = new Map<string, Set<string>>();
    for (const imp of a.imports) {
      let names = judged.get(imp.resolved ? imp.module : `\u0000${imp.module}`);
      if (!names) judged.set(imp.resolved ? imp.module : `\u0000${imp.module}`, (names = new Set()));
      if (names.has(imp.name)) continue;
      names.add(imp.name);
      const off = at(imp.offset);
      const full = `${imp.module}.${imp.name}`;
      if (!imp.resolved) {
        push(`unresolved:${full}${where}`, makeFinding(ctx, {
          ruleId: 'pickle/unresolved-global',
          message: `${ctx.file.path}${where}: ${imp.opcode} at byte ${imp.offset} imports a name computed at load time (${full}); a scanner cannot know what it reaches.`,
          key: `unresolved:${full}${where}`,
          ...(off !== undefined ? { offset: off } : {}),
          properties: { 'lantern:global': full },
        }));
        dangerous ??= full;
        continue;
      }
      // TorchScript archives name their own compiled classes (__torch__.*), defined by the
      // archive's code/ folder and resolved by torch.jit, not by a Python import.
      if (st.torchscript && (imp.module === '__torch__' || imp.module.startsWith('__torch__.'))) continue;
      const v = classify(imp.module, imp.name, pol);
      const via = [...imp.via, ...(v.via ?? [])];
      const props = { 'lantern:global': full, ...(via.length ? { 'lantern:via': via.join(', ') } : {}), ...(v.matched ? { 'lantern:matched': v.matched } : {}) };
      if (v.verdict === 'unsafe') {
        dangerous ??= full;
        const ruleId = v.lookalike ? 'pickle/lookalike-module' : 'pickle/unsafe-global';
        push(`${ruleId}:${full}${where}`, makeFinding(ctx, {
          ruleId,
          message: `${ctx.file.path}${where}: imports ${full}${v.lookalike ? ` (a look-alike of ${v.matched ?? 'a dangerous module'})` : ''} at byte ${imp.offset}${via.length ? ` via ${via.join(', ')}` : ''}: ${v.reason ?? 'it can run code when the pickle is loaded'}.`,
          key: `${full}${where}`,
          ...(off !== undefined ? { offset: off } : {}),
          properties: props,
        }));
      } else if (v.verdict === 'unknown') {
        push(`unknown:${full}${where}`, makeFinding(ctx, {
          ruleId: 'pickle/unknown-global',
          message: `${ctx.file.path}${where}: imports ${full}, which is on neither the unsafe list nor the safe allowlist; loading runs whatever it does.`,
          key: `${full}${where}`,
          ...(off !== undefined ? { offset: off } : {}),
          properties: props,
        }));
      }
    }
    for (const e of a.extRefs) {
      push(`ext:${e.code}${where}`, makeFinding(ctx, {
        ruleId: 'pickle/ext-reference',
        message: `${ctx.file.path}${where}: EXT opcode with extension code ${e.code} at byte ${e.offset}: the copyreg registry can map it to any callable.`,
        key: `ext:${e.code}${where}`,
        ...(at(e.offset) !== undefined ? { offset: at(e.offset) as number } : {}),
      }));
      dangerous ??= `ext:${e.code}`;
    }
    if (a.frameMismatch) {
      push(`frame${where}`, makeFinding(ctx, {
        ruleId: 'pickle/frame-mismatch',
        message: `${ctx.file.path}${where}: ${a.frameMismatch.message} (byte ${a.frameMismatch.offset}); such frames hide opcodes from scanners that trust them.`,
        key: `frame${where}`,
        ...(at(a.frameMismatch.offset) !== undefined ? { offset: at(a.frameMismatch.offset) as number } : {}),
      }));
    }
    if (st.blobSizes) checkStorageSizes(ctx, st, a, push);
    if (a.error && dangerous) {
      push(`before-error${where}`, makeFinding(ctx, {
        ruleId: 'pickle/payload-before-error',
        message: `${ctx.file.path}${where}: the stream breaks at byte ${a.error.offset} (${a.error.message}) after reaching ${dangerous}; the unpickler runs the payload before it fails.`,
        key: `before-error${where}`,
        ...(at(a.error.offset) !== undefined ? { offset: at(a.error.offset) as number } : {}),
        properties: { 'lantern:global': dangerous },
      }));
    } else if (a.error && !st.cut) {
      notes.push(`${st.where || 'pickle'}: stream error at byte ${a.error.offset}: ${a.error.message}`);
    }
    if (a.limitHit) notes.push(`${st.where || 'pickle'}: analysis limit reached (${a.limitHit})`);
    for (const n of a.nested) {
      push(`nested:${n.offset}${where}`, makeFinding(ctx, {
        ruleId: 'pickle/nested-pickle',
        message: `${ctx.file.path}${where}: a pickle is embedded in a string argument at byte ${n.offset}; loading the outer pickle can unpickle it too.`,
        key: `nested@${n.offset}${where}`,
        ...(at(n.offset) !== undefined ? { offset: at(n.offset) as number } : {}),
      }));
      if (nesting < MAX_NESTING) inspect(ctx, { where: `${st.where || 'pickle'} → nested@${n.offset}`, bytes: n.bytes, stacked: false }, nesting + 1, findings, seen, notes, pol);
    }
  }
}

