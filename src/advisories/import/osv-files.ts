/**
 * Importing OSV JSON from files: one file (a record, an array of records, or JSON lines as
 * `lantern db export --format jsonl` writes them), a directory tree of such files, or an
 * osv.dev ecosystem `all.zip` (one `<ID>.json` per advisory). Also the pieces the repository
 * layouts (ghsa-repo.ts, malicious.ts) share: the batching feed writer, the directory walk and the
 * report.
 *
 * Nothing here holds a whole feed in memory: records go to the store in batches of ~5,000, each
 * batch one transaction with the feed state. Bad input (unreadable files, broken JSON, invalid
 * records, damaged zip members) becomes a warning or a skipped entry, and the import goes on.
 */
import { createHash } from 'node:crypto';
import { closeSync, createReadStream, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { createInterface } from 'node:readline';
import { inflateRawSync } from 'node:zlib';
import { FileSource, readHead, u16le } from '../../formats/source.js';
import { isZip, listZip, type ZipEntry } from '../../formats/zip.js';
import { HF_ECOSYSTEM, type OsvRecord } from '../osv.js';
import { checkRecord, canonicalEcosystem, knownEcosystem, type AdvisoryStore, type FeedState } from '../store.js';

/** A bad argument or an unreadable source as a whole (a single bad record is never one). */
export class ImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportError';
  }
}

export interface ImportOptions {
  /** Feed name to use instead of the one derived from the path. */
  feed?: string;
  /** Import even when the source is unchanged since the last complete import (same hash or git commit). */
  force?: boolean;
  /** Records per transaction (default 5,000). */
  batchSize?: number;
  /** Progress notes (one line each). */
  log?: (message: string) => void;
  /** The clock for feed timestamps. */
  now?: () => Date;
}

export type ImportLayout = 'osv-file' | 'osv-dir' | 'osv-zip' | 'ghsa-repo' | 'ossf-mal';

export interface ImportReport {
  path: string;
  layout: ImportLayout;
  feed: string;
  /** Records read, valid or not. */
  read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  /** Advisories removed because a full snapshot no longer has them. */
  deleted: number;
  skipped: { id: string; reason: string; where?: string }[];
  warnings: string[];
  /** Skips and warnings past the cap, counted but not listed. */
  omitted: number;
  /** The source was the same as at the last complete import, so nothing was read. */
  upToDate: boolean;
  /** Git commit of a checkout. */
  revision?: string;
}

export const DEFAULT_BATCH = 5000;
/** One OSV record is a few KB; the largest real ones (long version lists) stay under a few MB. */
export const MAX_RECORD_BYTES = 16 * 1024 * 1024;
/** A whole-file JSON array is parsed at once; past this, JSON lines is the format to use. */
const MAX_JSON_FILE_BYTES = 512 * 1024 * 1024;
/** Warnings and skips listed in a report; the rest are only counted. */
const MAX_LISTED = 1000;
const MAX_DEPTH = 64;
/** Zip members are JSON text: a ratio far above this is a bomb, not an advisory. */
const MAX_ZIP_RATIO = 1000;

export function newReport(path: string, layout: ImportLayout, feed: string): ImportReport {
  return { path, layout, feed, read: 0, inserted: 0, updated: 0, unchanged: 0, deleted: 0, skipped: [], warnings: [], omitted: 0, upToDate: false };
}

function warn(report: ImportReport, message: string): void {
  if (report.warnings.length + report.skipped.length < MAX_LISTED) report.warnings.push(message);
  else report.omitted++;
}

function skip(report: ImportReport, entry: { id: string; reason: string; where?: string }): void {
  if (report.warnings.length + report.skipped.length < MAX_LISTED) report.skipped.push(entry);
  else report.omitted++;
}

export function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/** True when every affected package of the record is a Hugging Face model (and there is one). */
function isModelRecord(rec: unknown): boolean {
  const affected = (rec as { affected?: { package?: { ecosystem?: unknown } }[] }).affected;
  return Array.isArray(affected) && affected.length > 0 && affected.every((a) => typeof a?.package?.ecosystem === 'string' && canonicalEcosystem(a.package.ecosystem) === HF_ECOSYSTEM);
}

/**
 * Collects records into batches and writes each with the feed state in one transaction. A full
 * snapshot (zip, directory, repository checkout) opens a sweep generation first and, when it ends
 * cleanly, deletes what it no longer delivers. The feed may be decided from the first batch (see
 * `decideFeed`), which is why nothing is written before the first flush.
 */
export class FeedWriter {
  private batch: OsvRecord[] = [];
  private started = false;
  /** File-level problems (unreadable files, broken JSON, damaged members): any one stops the sweep. */
  private problems = 0;
  private readonly batchSize: number;
  private readonly now: () => Date;

  constructor(
    private readonly store: AdvisoryStore,
    readonly report: ImportReport,
    private readonly opts: ImportOptions & { full: boolean; decideFeed?: (first: unknown[]) => string },
  ) {
    this.batchSize = Math.max(1, Math.floor(opts.batchSize ?? DEFAULT_BATCH));
    this.now = opts.now ?? (() => new Date());
  }

  /** A file-level problem: a warning, and the feed is not swept (what could not be read may still exist upstream). */
  problem(message: string): void {
    this.problems++;
    warn(this.report, message);
  }

  /** A record read but deliberately not imported, with the reason. */
  reject(id: string, reason: string, where: string): void {
    this.report.read++;
    skip(this.report, { id, reason, where });
  }

  /** Checks a parsed record and queues it; `where` names its file or zip member in messages. */
  add(raw: unknown, where: string): void {
    this.report.read++;
    const checked = checkRecord(raw);
    if (!checked.ok) {
      skip(this.report, { id: checked.id, reason: checked.reason, where });
      return;
    }
    this.batch.push(checked.record);
    if (this.batch.length >= this.batchSize) this.flush();
  }

  private start(): void {
    if (this.started) return;
    this.started = true;
    if (this.opts.decideFeed && this.opts.feed === undefined) this.report.feed = this.opts.decideFeed(this.batch);
    const state: Partial<FeedState> = { status: 'partial', startedAt: this.now().toISOString(), finishedAt: undefined };
    if (this.opts.full) this.store.beginSweep(this.report.feed, state);
    else this.store.setFeedState({ ...state, feed: this.report.feed });
  }

  private flush(): void {
    this.start();
    if (this.batch.length === 0) return;
    const r = this.store.applyBatch(this.report.feed, this.batch, { feed: this.report.feed, status: 'partial' });
    this.batch = [];
    this.report.inserted += r.inserted;
    this.report.updated += r.updated;
    this.report.unchanged += r.unchanged;
    for (const s of r.skipped) skip(this.report, s);
    this.opts.log?.(`${this.report.feed}: ${this.report.read} records read`);
  }

  /**
   * Writes the last batch and the final state. A full snapshot is swept (and marked 'ok') only when
   * it was read without file-level problems and yielded at least one valid record: a partly
   * readable, empty or garbled download must not wipe a feed, so it is marked 'partial' (or
   * 'failed' when nothing valid came out of it) and keeps what it had.
   */
  finish(final: Partial<FeedState>): ImportReport {
    this.flush();
    const valid = this.report.inserted + this.report.updated + this.report.unchanged;
    const complete = !this.opts.full || (this.problems === 0 && valid > 0);
    const finishedAt = this.now().toISOString();
    const state: Partial<FeedState> = complete ? { ...final, status: 'ok', finishedAt } : { status: valid === 0 ? 'failed' : 'partial', finishedAt };
    if (!complete) warn(this.report, valid === 0 ? 'no valid record was read; nothing was deleted from the feed' : 'the source was only partly read; nothing was deleted from the feed');
    if (complete && this.opts.full) this.report.deleted = this.store.sweep(this.report.feed, state);
    else this.store.setFeedState({ ...state, feed: this.report.feed });
    return this.report;
  }

  /** Marks the feed failed after an exception (the committed batches stay). */
  fail(): void {
    if (this.started) this.store.setFeedState({ feed: this.report.feed, status: 'failed', finishedAt: this.now().toISOString() });
  }
}

/** Runs an import body, marking the feed failed if it throws. */
export async function runImport(writer: FeedWriter, body: () => Promise<ImportReport> | ImportReport): Promise<ImportReport> {
  try {
    return await body();
  } catch (e) {
    writer.fail();
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// Parsing

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** The records in a JSON text: an object is one record, an array is many; anything else is an error. */
export function recordsInJson(text: string): { records: unknown[] } | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(stripBom(text));
  } catch (e) {
    return { error: `not valid JSON (${(e as Error).message})` };
  }
  if (Array.isArray(value)) return { records: value };
  if (typeof value === 'object' && value !== null) return { records: [value] };
  return { error: 'JSON that is neither an object nor an array' };
}

/** Reads one JSON file of bounded size into records; problems go to `onProblem` with the file's path. */
export function readJsonFile(file: string, where: string, onProblem: (message: string) => void): unknown[] {
  let text: string;
  try {
    const size = statSync(file).size;
    if (size > MAX_RECORD_BYTES) {
      onProblem(`${where}: ${size} bytes is too large for an advisory file; skipped`);
      return [];
    }
    text = readFileSync(file, 'utf8');
  } catch (e) {
    onProblem(`${where}: cannot read (${(e as Error).message})`);
    return [];
  }
  const parsed = recordsInJson(text);
  if ('error' in parsed) {
    onProblem(`${where}: ${parsed.error}`);
    return [];
  }
  return parsed.records;
}

/**
 * Files under `root` accepted by `accept(relativePath)`, depth first in code-unit order so every
 * run sees the same order. Hidden entries (`.git`) and symbolic links are never followed: a checkout
 * could point anywhere.
 */
export function* walkFiles(root: string, accept: (rel: string) => boolean, onProblem: (message: string) => void): Generator<{ abs: string; rel: string }> {
  const stack: { dir: string; depth: number }[] = [{ dir: root, depth: 0 }];
  while (stack.length > 0) {
    const { dir, depth } = stack.pop() as { dir: string; depth: number };
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      onProblem(`${relative(root, dir) || '.'}: cannot list (${(e as Error).message})`);
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const subdirs: string[] = [];
    for (const e of entries) {
      if (e.name.startsWith('.') || e.isSymbolicLink()) continue;
      const abs = join(dir, e.name);
      if (e.isDirectory()) {
        if (depth + 1 >= MAX_DEPTH) onProblem(`${relative(root, abs)}: deeper than ${MAX_DEPTH} levels; skipped`);
        else subdirs.push(abs);
        continue;
      }
      const rel = relative(root, abs).split(sep).join('/');
      if (e.isFile() && accept(rel)) yield { abs, rel };
    }
    for (const d of subdirs.reverse()) stack.push({ dir: d, depth: depth + 1 });
  }
}

// ---------------------------------------------------------------------------------------------
// A single file

/**
 * Whether a file holds JSON lines: `.jsonl`/`.ndjson` by name, else a first line that is a whole
 * JSON object on its own (a pretty-printed record's first line is a lone `{`).
 */
function looksLikeJsonLines(file: string): boolean {
  if (/\.(jsonl|ndjson)$/i.test(file)) return true;
  const head = readHead(file, 64 * 1024);
  const text = stripBom(Buffer.from(head.buffer, head.byteOffset, head.byteLength).toString('utf8')).trimStart();
  if (!text.startsWith('{')) return false;
  const nl = text.indexOf('\n');
  if (nl < 0) return false;
  try {
    JSON.parse(text.slice(0, nl));
    return true;
  } catch {
    return false;
  }
}

async function readJsonLines(file: string, writer: FeedWriter, where: string): Promise<void> {
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let n = 0;
  for await (const line of lines) {
    n++;
    const text = n === 1 ? stripBom(line) : line;
    if (text.trim() === '') continue;
    if (text.length > MAX_RECORD_BYTES) {
      writer.problem(`${where}:${n}: line too long for a record; skipped`);
      continue;
    }
    try {
      writer.add(JSON.parse(text), `${where}:${n}`);
    } catch (e) {
      writer.problem(`${where}:${n}: not valid JSON (${(e as Error).message})`);
    }
  }
}

/** The Hugging Face feed when the first batch holds only model records; else the per-path default. */
function feedDecider(fallback: string): (first: unknown[]) => string {
  return (first) => (first.length > 0 && first.every(isModelRecord) ? 'hf-models' : fallback);
}

/** One OSV file: a record, an array of records, or JSON lines. Not a full snapshot (nothing is swept). */
export async function importOsvFile(store: AdvisoryStore, file: string, opts: ImportOptions = {}): Promise<ImportReport> {
  const abs = resolve(file);
  const fallback = `osv-file:${shortHash(abs)}`;
  const report = newReport(file, 'osv-file', opts.feed ?? fallback);
  const writer = new FeedWriter(store, report, { ...opts, full: false, decideFeed: feedDecider(fallback) });
  return runImport(writer, async () => {
    const where = basename(abs);
    if (looksLikeJsonLines(abs)) {
      await readJsonLines(abs, writer, where);
    } else {
      const size = statSync(abs).size;
      if (size > MAX_JSON_FILE_BYTES) throw new ImportError(`${file}: ${size} bytes is too large to read as one JSON document; export it as JSON lines (--format jsonl)`);
      const parsed = recordsInJson(readFileSync(abs, 'utf8'));
      if ('error' in parsed) throw new ImportError(`${file}: ${parsed.error}`);
      parsed.records.forEach((r, i) => writer.add(r, parsed.records.length > 1 ? `${where}[${i}]` : where));
    }
    return writer.finish({});
  });
}

// ---------------------------------------------------------------------------------------------
// A directory tree

/** Every `*.json` under a directory, each a record or an array of records; a full snapshot of that directory. */
export async function importOsvDirectory(store: AdvisoryStore, dir: string, opts: ImportOptions = {}): Promise<ImportReport> {
  const abs = resolve(dir);
  const fallback = `osv-dir:${shortHash(abs)}`;
  const report = newReport(dir, 'osv-dir', opts.feed ?? fallback);
  const writer = new FeedWriter(store, report, { ...opts, full: true, decideFeed: feedDecider(fallback) });
  return runImport(writer, () => {
    const onProblem = (m: string): void => writer.problem(m);
    let files = 0;
    for (const f of walkFiles(abs, (rel) => rel.toLowerCase().endsWith('.json'), onProblem)) {
      files++;
      for (const rec of readJsonFile(f.abs, f.rel, onProblem)) writer.add(rec, f.rel);
    }
    if (files === 0) throw new ImportError(`${dir}: no *.json files below it (YAML advisories such as the PyPA repository's are not read; import osv.dev's PyPI/all.zip instead)`);
    return writer.finish({});
  });
}

// ---------------------------------------------------------------------------------------------
// An osv.dev all.zip

/** `sha256:<hex>` of a file, read in chunks. */
export function fileSha256(file: string): string {
  const hash = createHash('sha256');
  const buf = Buffer.allocUnsafe(1024 * 1024);
  const fd = openSync(file, 'r');
  try {
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      hash.update(buf.subarray(0, n));
    }
  } finally {
    closeSync(fd);
  }
  return `sha256:${hash.digest('hex')}`;
}

export function isZipFile(file: string): boolean {
  return isZip(readHead(file, 4));
}

/**
 * The feed of an osv.dev export: `osv:<Ecosystem>` when the file (`PyPI.zip`, `PyPI-all.zip`) or
 * its folder (`PyPI/all.zip`, osv-scanner's cache layout) names a known ecosystem, so re-importing a
 * fresh download replaces the same feed; otherwise a feed of its own per path.
 */
export function zipFeedName(file: string): string {
  const abs = resolve(file);
  const stem = basename(abs).replace(/\.zip$/i, '');
  for (const candidate of [stem, stem.replace(/[-_.]?all$/i, ''), basename(dirname(abs))]) {
    const eco = knownEcosystem(candidate);
    if (eco) return `osv:${eco}`;
  }
  return `osv-zip:${shortHash(abs)}`;
}

const LOCAL_HEADER_SIZE = 30;
const LOCAL_EXTRA_SLACK = 64;

/**
 * The text of one zip member, or why not. The listing comes from the project's bounded zip reader;
 * the data is inflated in one call with an output cap, which for thousands of small members is
 * much cheaper than a stream per member.
 */
export function readZipText(src: FileSource, entry: ZipEntry, maxBytes = MAX_RECORD_BYTES): { text: string } | { error: string } {
  if (entry.encrypted) return { error: 'encrypted member' };
  if (entry.method !== 0 && entry.method !== 8) return { error: `unsupported compression method ${entry.method}` };
  if (entry.uncompressedSize > maxBytes || entry.compressedSize > maxBytes) return { error: `larger than ${maxBytes} bytes` };
  // One read for header and data in the usual case (local name and extra as long as the central
  // name plus some slack); a second read only when the local extra field is longer.
  const guess = LOCAL_HEADER_SIZE + Buffer.byteLength(entry.name) + LOCAL_EXTRA_SLACK;
  const head = src.readAt(entry.localHeaderOffset, guess + entry.compressedSize);
  if (head.length < LOCAL_HEADER_SIZE || u16le(head, 0) !== 0x4b50) return { error: 'no local header where the directory says' };
  const skip = LOCAL_HEADER_SIZE + u16le(head, 26) + u16le(head, 28);
  const data = skip + entry.compressedSize <= head.length ? head.subarray(skip, skip + entry.compressedSize) : src.readAt(entry.localHeaderOffset + skip, entry.compressedSize);
  if (data.length < entry.compressedSize) return { error: 'truncated member' };
  if (entry.method === 0) return { text: Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8') };
  const cap = Math.min(maxBytes, Math.max(1024, entry.compressedSize * MAX_ZIP_RATIO));
  try {
    return { text: inflateRawSync(data, { maxOutputLength: cap }).toString('utf8') };
  } catch (e) {
    const code = (e as { code?: string }).code;
    return { error: code === 'ERR_BUFFER_TOO_LARGE' ? `inflates past ${cap} bytes` : `inflate error (${(e as Error).message})` };
  }
}

/** An osv.dev `all.zip`: every `*.json` member is a record; a full snapshot of its feed (mark and sweep). */
export async function importOsvZip(store: AdvisoryStore, file: string, opts: ImportOptions = {}): Promise<ImportReport> {
  const abs = resolve(file);
  const report = newReport(file, 'osv-zip', opts.feed ?? zipFeedName(abs));
  const contentHash = fileSha256(abs);
  const previous = store.getFeedState(report.feed);
  if (!opts.force && previous?.status === 'ok' && previous.contentHash === contentHash) {
    report.upToDate = true;
    return report;
  }
  const writer = new FeedWriter(store, report, { ...opts, full: true });
  return runImport(writer, () => {
    let src: FileSource;
    try {
      src = FileSource.open(abs);
    } catch (e) {
      throw new ImportError(`${file}: cannot open (${(e as Error).message})`);
    }
    try {
      const listing = listZip(src, { maxEntries: 10_000_000 });
      if (!listing.ok) throw new ImportError(`${file}: not a readable zip (${listing.error})`);
      for (const w of listing.value.warnings) writer.problem(`${basename(abs)}: ${w}`);
      if (listing.value.truncated) writer.problem(`${basename(abs)}: more members than can be listed; the rest were not read`);
      const members = listing.value.entries.filter((e) => !e.isDirectory && e.name.toLowerCase().endsWith('.json'));
      if (members.length === 0) throw new ImportError(`${file}: no *.json members; an osv.dev export holds one <ID>.json per advisory`);
      for (const entry of members) {
        const got = readZipText(src, entry);
        const parsed = 'error' in got ? got : recordsInJson(got.text);
        if ('error' in parsed) writer.problem(`${entry.name}: ${parsed.error}`);
        else for (const rec of parsed.records) writer.add(rec, entry.name);
      }
      return writer.finish({ contentHash });
    } finally {
      src.close();
    }
  });
}
