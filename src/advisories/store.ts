/**
 * The local advisory database: OSV records in SQLite (better-sqlite3), so scans match offline.
 *
 * Layout (research/advisories.md §3.2): the raw record as a JSON blob de-duplicated by SHA-256, one
 * `advisory` row per id with the columns a report needs, `alias` rows resolvable both ways, and one
 * `affected` row per affected entry clustered on (ecosystem, normalized name) so a lookup is one
 * index range with no join (kind and withdrawn are copied onto the row for that reason).
 * `advisory_feed` records which feed delivered which advisory in which import generation: that is
 * what lets a full snapshot import delete what upstream deleted (mark and sweep) without touching
 * advisories another feed also carries.
 *
 * Every write is one transaction together with the feed's state, so a crash or an exception leaves
 * the previous committed state, sync cursor included (WAL, synchronous=NORMAL).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { readHead } from '../formats/source.js';
import { HF_ECOSYSTEM, normalizePackageName, type OsvAffected, type OsvRecord } from './osv.js';

export { defaultDbPath } from './paths.js';

// better-sqlite3 ships no types and @types/better-sqlite3 is not a dependency: this is the part used.
interface RunResult {
  changes: number;
}
interface Statement {
  run(...params: unknown[]): RunResult;
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  iterate(...params: unknown[]): IterableIterator<unknown>;
  pluck(on?: boolean): Statement;
}
interface Database {
  prepare(sql: string): Statement;
  exec(sql: string): void;
  pragma(source: string, options?: { simple?: boolean }): unknown;
  transaction<A extends unknown[], R>(fn: (...args: A) => R): ((...args: A) => R) & { immediate(...args: A): R };
  close(): void;
  readonly open: boolean;
}
type DatabaseConstructor = new (file: string, options?: { readonly?: boolean; fileMustExist?: boolean; timeout?: number }) => Database;
const SqliteDatabase = createRequire(import.meta.url)('better-sqlite3') as DatabaseConstructor;

/** Written into the SQLite header (`PRAGMA application_id`, "LANT") so another app's database is recognised as such. */
const APPLICATION_ID = 0x4c414e54;
const SQLITE_MAGIC = 'SQLite format 3\u0000';
/** How long a writer waits for another Lantern process holding the write lock. */
const BUSY_TIMEOUT_MS = 5000;
/**
 * Pages of 16 KiB rather than SQLite's 4 KiB: records are 1-10 KB of JSON, so fewer rows spill
 * into overflow pages, and a full all.zip import measured about 20% faster (bench/advisories.ts).
 * Only settable before the first write, so it applies to databases Lantern creates.
 */
const PAGE_SIZE = 16384;
/** Checkpoint the WAL every 64 MiB instead of every 4 MiB: a bulk import rewrites hot index pages many times between checkpoints. */
const WAL_CHECKPOINT_PAGES = 4096;
/** aliasesOf follows alias links transitively, but a pathological alias web is cut here. */
const MAX_ALIAS_CLOSURE = 64;

/**
 * Numbered schema steps. A database at version N gets steps N+1.. applied in one transaction when
 * opened writable. Append only: a released step is never edited.
 */
export const MIGRATIONS: readonly { version: number; description: string; sql: string }[] = [
  {
    version: 1,
    description: 'advisories, raw JSON blobs, aliases, affected entries, feed state',
    sql: `
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
      CREATE TABLE blob (id INTEGER PRIMARY KEY, sha256 BLOB NOT NULL UNIQUE, json TEXT NOT NULL);
      CREATE TABLE advisory (
        id TEXT PRIMARY KEY,
        source TEXT NOT NULL,
        kind TEXT NOT NULL,
        summary TEXT,
        severity TEXT,
        cvss_vector TEXT,
        cvss_version TEXT,
        published TEXT,
        modified TEXT NOT NULL,
        withdrawn TEXT,
        blob_id INTEGER NOT NULL REFERENCES blob(id)
      ) WITHOUT ROWID;
      CREATE INDEX advisory_blob ON advisory(blob_id);
      CREATE TABLE alias (
        advisory_id TEXT NOT NULL REFERENCES advisory(id) ON DELETE CASCADE,
        alias TEXT NOT NULL COLLATE NOCASE,
        PRIMARY KEY (alias, advisory_id)
      ) WITHOUT ROWID;
      CREATE INDEX alias_advisory ON alias(advisory_id);
      CREATE TABLE affected (
        ecosystem TEXT NOT NULL,
        name TEXT NOT NULL,
        advisory_id TEXT NOT NULL REFERENCES advisory(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        raw_name TEXT NOT NULL,
        kind TEXT NOT NULL,
        withdrawn TEXT,
        entry TEXT NOT NULL,
        PRIMARY KEY (ecosystem, name, advisory_id, seq)
      ) WITHOUT ROWID;
      CREATE INDEX affected_advisory ON affected(advisory_id);
      CREATE TABLE feed_state (
        feed TEXT PRIMARY KEY,
        url TEXT, etag TEXT, last_modified TEXT, content_hash TEXT, cursor TEXT,
        high_water_modified TEXT, revision TEXT, started_at TEXT, finished_at TEXT, status TEXT
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 2,
    description: 'feed membership per import generation, for mark-and-sweep of full snapshots',
    sql: `
      -- No index on (feed, generation): only a sweep (once per full import) and db status read by feed,
      -- and a scan then costs milliseconds, while an index would cost every upsert an extra insert.
      CREATE TABLE advisory_feed (
        advisory_id TEXT NOT NULL REFERENCES advisory(id) ON DELETE CASCADE,
        feed TEXT NOT NULL,
        generation INTEGER NOT NULL,
        PRIMARY KEY (advisory_id, feed)
      ) WITHOUT ROWID;
      ALTER TABLE feed_state ADD COLUMN generation INTEGER NOT NULL DEFAULT 0;
      INSERT INTO advisory_feed (advisory_id, feed, generation) SELECT id, source, 0 FROM advisory;
      INSERT OR IGNORE INTO feed_state (feed) SELECT DISTINCT source FROM advisory;
    `,
  },
  {
    version: 3,
    description: 'the record without details and affected entries, for the facts a match reports',
    sql: `
      -- A match needs the summary, aliases, severity, CWEs and references, not the (up to 10 KB)
      -- details or the ranges it has already walked: reading this instead of the whole blob keeps
      -- matching a large lockfile fast.
      ALTER TABLE advisory ADD COLUMN facts TEXT;
      UPDATE advisory SET facts = (SELECT json_remove(b.json, '$.details', '$.affected') FROM blob b WHERE b.id = advisory.blob_id);
    `,
  },
];

export const SCHEMA_VERSION: number = MIGRATIONS.length;

export type AdvisoryStoreErrorCode = 'missing' | 'schema-old' | 'schema-new' | 'corrupt' | 'readonly';

export class AdvisoryStoreError extends Error {
  constructor(
    readonly code: AdvisoryStoreErrorCode,
    message: string,
    readonly file?: string,
  ) {
    super(message);
    this.name = 'AdvisoryStoreError';
  }
}

export interface FeedState {
  feed: string;
  url?: string;
  etag?: string;
  lastModified?: string;
  contentHash?: string;
  /** REST 'after' cursor while a paginated sync is in progress. */
  cursor?: string;
  /** max(modified) fully committed for this feed. */
  highWaterModified?: string;
  /** Source revision: git commit of a checkout, snapshot date of the embedded feed. */
  revision?: string;
  startedAt?: string;
  finishedAt?: string;
  status?: 'ok' | 'partial' | 'failed';
  /** Advisories this feed delivered (computed, never written). */
  count?: number;
}

export interface BatchResult {
  inserted: number;
  updated: number;
  unchanged: number;
  skipped: { id: string; reason: string }[];
}

export type AdvisoryKind = 'vuln' | 'malware' | 'unsafe-model';

/** What lookup returns: one per (advisory, affected entry). */
export interface AffectedRow {
  advisoryId: string;
  ecosystem: string;
  /** Normalized with normalizePackageName. */
  name: string;
  rawName: string;
  /** The whole OSV affected entry (ranges with their events as published, versions). */
  affected: OsvAffected;
  withdrawn?: string;
  kind: AdvisoryKind;
}

export interface StoreStats {
  advisories: number;
  affected: number;
  aliases: number;
  withdrawn: number;
  byKind: Record<string, number>;
  fileBytes: number;
  schemaVersion: number;
}

const STATE_COLUMNS = {
  url: 'url',
  etag: 'etag',
  lastModified: 'last_modified',
  contentHash: 'content_hash',
  cursor: 'cursor',
  highWaterModified: 'high_water_modified',
  revision: 'revision',
  startedAt: 'started_at',
  finishedAt: 'finished_at',
  status: 'status',
} as const satisfies Record<Exclude<keyof FeedState, 'feed' | 'count'>, string>;
type StateKey = keyof typeof STATE_COLUMNS;
const STATE_KEYS = Object.keys(STATE_COLUMNS) as StateKey[];
const STATUSES = new Set(['ok', 'partial', 'failed']);

/** OSV ecosystem spellings, so `pypi` or `PYPI` from a caller still reaches the `PyPI` rows. */
export const KNOWN_ECOSYSTEMS: readonly string[] = ['PyPI', 'npm', 'Go', 'Maven', 'crates.io', 'NuGet', 'RubyGems', 'Packagist', 'Pub', 'Hex', 'Hackage', 'CRAN', 'SwiftURL', 'GitHub Actions', HF_ECOSYSTEM];
const ECOSYSTEM_BY_LOWER = new Map(KNOWN_ECOSYSTEMS.map((e) => [e.toLowerCase(), e]));

export function canonicalEcosystem(ecosystem: string): string {
  const e = ecosystem.trim();
  return ECOSYSTEM_BY_LOWER.get(e.toLowerCase()) ?? e;
}

/** The OSV spelling of a known ecosystem name in any case, else undefined. */
export function knownEcosystem(name: string): string | undefined {
  return ECOSYSTEM_BY_LOWER.get(name.trim().toLowerCase());
}

// ---------------------------------------------------------------------------------------------
// Record checks and derived columns: pure functions.

export type CheckedRecord = { ok: true; record: OsvRecord } | { ok: false; id: string; reason: string };

/** OSV ids in the wild: GHSA-…, PYSEC-…, MAL-…, RUSTSEC-…, ALSA-2022:0001, DEBIAN-CVE-…; no spaces or slashes. */
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:+-]{0,255}$/;
const MAX_NAME_LENGTH = 1000;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((s) => typeof s === 'string');
}

export function isDateTime(v: unknown): v is string {
  return typeof v === 'string' && Number.isFinite(Date.parse(v));
}

function checkAffected(entry: unknown, i: number): string | undefined {
  if (!isObject(entry)) return `affected[${i}] is not an object`;
  const pkg = entry.package;
  if (pkg !== undefined) {
    if (!isObject(pkg)) return `affected[${i}].package is not an object`;
    for (const key of ['ecosystem', 'name'] as const) {
      const v = pkg[key];
      if (typeof v !== 'string' || v.trim() === '' || v.length > MAX_NAME_LENGTH) return `affected[${i}].package.${key} is missing or not a short string`;
    }
  }
  if (entry.ranges !== undefined) {
    if (!Array.isArray(entry.ranges)) return `affected[${i}].ranges is not an array`;
    for (const [j, r] of entry.ranges.entries()) {
      if (!isObject(r) || !Array.isArray(r.events)) return `affected[${i}].ranges[${j}] has no events array`;
      if (!r.events.every((e) => isObject(e) && Object.values(e).every((v) => typeof v === 'string'))) return `affected[${i}].ranges[${j}] has an event that is not a version string`;
    }
  }
  if (entry.versions !== undefined && !isStringArray(entry.versions)) return `affected[${i}].versions is not a list of strings`;
  return undefined;
}

/**
 * Whether a parsed JSON value is an OSV record the store can keep, and why not. Lenient where the
 * store does not depend on a field (unknown fields, odd severity entries are kept as they are);
 * strict where a wrong type would index garbage or break the matcher.
 */
export function checkRecord(raw: unknown): CheckedRecord {
  if (!isObject(raw)) return { ok: false, id: '(none)', reason: 'not a JSON object' };
  const id = typeof raw.id === 'string' ? raw.id : '';
  const shownId = id ? id.slice(0, 120) : '(none)';
  const bad = (reason: string): CheckedRecord => ({ ok: false, id: shownId, reason });
  if (!ID_PATTERN.test(id)) return bad(id ? 'id has characters an OSV id cannot have' : 'no id');
  if (!isDateTime(raw.modified)) return bad('modified is missing or not a date-time');
  for (const key of ['published', 'withdrawn'] as const) {
    if (raw[key] !== undefined && !isDateTime(raw[key])) return bad(`${key} is not a date-time`);
  }
  for (const key of ['summary', 'details', 'schema_version'] as const) {
    if (raw[key] !== undefined && typeof raw[key] !== 'string') return bad(`${key} is not a string`);
  }
  for (const key of ['aliases', 'related'] as const) {
    if (raw[key] !== undefined && !isStringArray(raw[key])) return bad(`${key} is not a list of strings`);
  }
  if (raw.severity !== undefined && !Array.isArray(raw.severity)) return bad('severity is not an array');
  if (raw.database_specific !== undefined && !isObject(raw.database_specific)) return bad('database_specific is not an object');
  if (raw.affected !== undefined) {
    if (!Array.isArray(raw.affected)) return bad('affected is not an array');
    for (const [i, entry] of raw.affected.entries()) {
      const problem = checkAffected(entry, i);
      if (problem) return bad(problem);
    }
  }
  return { ok: true, record: raw as unknown as OsvRecord };
}

/**
 * 'malware' for OpenSSF MAL ids and for GHSA malware advisories (`database_specific.type`, as the
 * REST converter writes it, or an ossf origin list); 'unsafe-model' for Hugging Face hub models
 * (Lantern's own feed convention); 'vuln' otherwise.
 */
export function advisoryKind(rec: OsvRecord): AdvisoryKind {
  const dbs = rec.database_specific ?? {};
  const typeField = dbs.type ?? (rec as { type?: unknown }).type;
  if (/^MAL-/i.test(rec.id) || (typeof typeField === 'string' && /malware|malicious/i.test(typeField)) || Array.isArray(dbs['malicious-packages-origins'])) return 'malware';
  if (rec.affected?.some((a) => a.package !== undefined && canonicalEcosystem(a.package.ecosystem) === HF_ECOSYSTEM)) return 'unsafe-model';
  return 'vuln';
}

/** CVSS preference for the display columns: v3 (what most tools score), then v4, then v2. */
const CVSS_PREFERENCE = ['CVSS_V3', 'CVSS_V4', 'CVSS_V2'];

export function pickCvss(rec: Pick<OsvRecord, 'severity'>): { vector: string; version: string } | undefined {
  const entries = Array.isArray(rec.severity) ? rec.severity.filter((s) => isObject(s) && typeof s.score === 'string' && typeof s.type === 'string') : [];
  for (const type of CVSS_PREFERENCE) {
    const hit = entries.find((s) => s.type === type);
    if (!hit) continue;
    const m = /^CVSS:(\d+\.\d+)\//.exec(hit.score);
    return { vector: hit.score, version: m?.[1] ?? (type === 'CVSS_V2' ? '2.0' : type.slice(6) + '.0') };
  }
  return undefined;
}

/** The qualitative level GHSA writes in `database_specific.severity` (LOW/MODERATE/HIGH/CRITICAL). */
export function qualitativeSeverity(rec: Pick<OsvRecord, 'database_specific'>): string | undefined {
  const s = rec.database_specific?.severity;
  return typeof s === 'string' && s.trim() !== '' ? s.trim().toUpperCase() : undefined;
}

/** True when `a` is a later instant than `b` (strings in different RFC 3339 spellings compare right). */
export function isLater(a: string, b: string): boolean {
  return Date.parse(a) > Date.parse(b);
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

// ---------------------------------------------------------------------------------------------
// Opening: every way a file can be wrong becomes an AdvisoryStoreError saying what to do.

const HINT_CREATE = 'run `lantern db update` (online) or `lantern db import <file>` to create it';
const HINT_RECREATE = 'move it away or delete it; Lantern rebuilds it from its built-in snapshot, and `lantern db update` or `lantern db import` refill it';

function corrupt(file: string, why: string): AdvisoryStoreError {
  return new AdvisoryStoreError('corrupt', `${file} is not a usable Lantern advisory database (${why}); ${HINT_RECREATE}`, file);
}

function sqliteCode(e: unknown): string {
  const code = (e as { code?: unknown })?.code;
  return typeof code === 'string' ? code : '';
}

/** Maps SQLite and file-system errors onto the store's codes; anything else is returned unchanged. */
function translate(file: string, e: unknown): unknown {
  if (e instanceof AdvisoryStoreError) return e;
  const code = sqliteCode(e);
  const msg = e instanceof Error ? e.message : String(e);
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) return corrupt(file, msg);
  if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN') || code === 'SQLITE_PERM' || ['EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'EISDIR'].includes(code)) {
    return new AdvisoryStoreError('readonly', `cannot write the advisory database ${file} (${msg}); pass --db with a writable path, or fix the permissions`, file);
  }
  return e;
}

/** File-level checks before SQLite sees the file: a clear message beats "file is not a database" later. */
function preflight(file: string, readonly: boolean): void {
  if (!existsSync(file)) {
    if (readonly) throw new AdvisoryStoreError('missing', `no advisory database at ${file}; ${HINT_CREATE}`, file);
    try {
      mkdirSync(dirname(file), { recursive: true });
    } catch (e) {
      throw new AdvisoryStoreError('readonly', `cannot create the folder of the advisory database ${file} (${(e as Error).message}); pass --db with a writable path`, file);
    }
    return;
  }
  const st = statSync(file);
  if (!st.isFile()) throw corrupt(file, 'it is not a regular file');
  if (st.size === 0) return;
  const head = readHead(file, 16);
  if (Buffer.from(head.buffer, head.byteOffset, head.byteLength).toString('latin1') !== SQLITE_MAGIC) throw corrupt(file, 'it is not a SQLite file');
}

function tableNames(db: Database): string[] {
  return db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite!_%' ESCAPE '!'").pluck().all() as string[];
}

function schemaVersionOf(db: Database, file: string): number {
  const names = tableNames(db);
  const appId = Number(db.pragma('application_id', { simple: true }));
  if (appId !== 0 && appId !== APPLICATION_ID) throw corrupt(file, `a SQLite database of another application (application_id ${appId})`);
  if (!names.includes('meta')) {
    if (names.length > 0) throw corrupt(file, 'a SQLite database without Lantern tables');
    return 0;
  }
  const raw = db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").pluck().get();
  const version = Number(raw);
  if (!Number.isInteger(version) || version < 1) throw corrupt(file, 'no schema version in its meta table');
  return version;
}

/**
 * Applies the missing steps under the write lock (BEGIN IMMEDIATE), reading the version again
 * there: two processes opening a new database at once must not both create its tables.
 */
function migrate(db: Database, file: string): void {
  db.transaction(() => {
    const from = schemaVersionOf(db, file);
    if (from >= SCHEMA_VERSION) return;
    for (const step of MIGRATIONS) if (step.version > from) db.exec(step.sql);
    db.prepare("INSERT INTO meta (key, value) VALUES ('schema_version', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(String(SCHEMA_VERSION));
    if (from === 0) db.pragma(`application_id = ${APPLICATION_ID}`);
  }).immediate();
}

interface AdvisoryRowDb {
  modified: string;
  blob_id: number;
}

interface AffectedRowDb {
  advisory_id: string;
  ecosystem: string;
  name: string;
  raw_name: string;
  entry: string;
  withdrawn: string | null;
  kind: AdvisoryKind;
}

interface FeedRowDb {
  feed: string;
  url: string | null;
  etag: string | null;
  last_modified: string | null;
  content_hash: string | null;
  cursor: string | null;
  high_water_modified: string | null;
  revision: string | null;
  started_at: string | null;
  finished_at: string | null;
  status: string | null;
  count: number;
}

type Outcome = 'inserted' | 'updated' | 'unchanged';

export class AdvisoryStore {
  private readonly stmts = new Map<string, Statement>();

  private constructor(
    private readonly db: Database,
    readonly file: string,
    readonly readonly: boolean,
  ) {}

  /**
   * Opens (writable: creates and migrates) the database at `file`; `:memory:` gives a private
   * in-memory store. Failures are AdvisoryStoreErrors whose message tells the user what to run.
   */
  static open(file: string, opts: { readonly?: boolean } = {}): AdvisoryStore {
    const readonly = opts.readonly ?? false;
    if (file !== ':memory:') preflight(file, readonly);
    let db: Database;
    try {
      db = new SqliteDatabase(file, { readonly, fileMustExist: readonly, timeout: BUSY_TIMEOUT_MS });
    } catch (e) {
      throw translate(file, e);
    }
    try {
      // Identify the file before changing anything in it: another application's database is left untouched.
      const version = schemaVersionOf(db, file);
      if (!readonly) {
        if (version === 0) db.pragma(`page_size = ${PAGE_SIZE}`);
        db.pragma('journal_mode = WAL');
        db.pragma('synchronous = NORMAL');
        db.pragma(`wal_autocheckpoint = ${WAL_CHECKPOINT_PAGES}`);
      }
      db.pragma('foreign_keys = ON');
      if (version > SCHEMA_VERSION) {
        throw new AdvisoryStoreError('schema-new', `${file} was written by a newer Lantern (schema ${version}; this one reads up to ${SCHEMA_VERSION}); upgrade Lantern or pass --db with another file`, file);
      }
      if (version < SCHEMA_VERSION) {
        if (readonly) {
          throw new AdvisoryStoreError(
            'schema-old',
            version === 0 ? `${file} is empty; ${HINT_CREATE}` : `${file} has schema ${version} and this Lantern needs ${SCHEMA_VERSION}; run \`lantern db status --db ${file}\` once with write access to migrate it`,
            file,
          );
        }
        migrate(db, file);
      }
      return new AdvisoryStore(db, file, readonly);
    } catch (e) {
      db.close();
      throw translate(file, e);
    }
  }

  close(): void {
    if (!this.db.open) return;
    try {
      // Keeps query plans good after large imports; a failure here must not stop the close.
      if (!this.readonly) this.db.pragma('optimize');
    } finally {
      this.db.close();
    }
  }

  private stmt(sql: string): Statement {
    let s = this.stmts.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.stmts.set(sql, s);
    }
    return s;
  }

  /** Runs fn, turning SQLite corruption or permission errors met later (not only at open) into AdvisoryStoreErrors. */
  private guard<T>(fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      throw translate(this.file, e);
    }
  }

  private tx<T>(fn: () => T): T {
    return this.guard(() => this.db.transaction(fn)());
  }

  // -------------------------------------------------------------------------------------------
  // Writing

  /**
   * Upserts (a newer `modified` replaces the record and all its affected rows; same or older is
   * unchanged; invalid records skipped with a reason) and writes the feed state — all in ONE
   * transaction. The feed is `state.feed`, else `source`; every record read (unchanged ones too)
   * is marked as delivered by that feed in its current generation. `highWaterModified` follows the
   * newest `modified` seen unless the state sets it.
   */
  applyBatch(source: string, records: OsvRecord[], state?: Partial<FeedState> & { feed: string }): BatchResult {
    const feed = state?.feed ?? source;
    return this.tx(() => {
      const generation = this.generation(feed);
      const result: BatchResult = { inserted: 0, updated: 0, unchanged: 0, skipped: [] };
      let newest: string | undefined;
      for (const raw of records) {
        const checked = checkRecord(raw);
        if (!checked.ok) {
          result.skipped.push({ id: checked.id, reason: checked.reason });
          continue;
        }
        const rec = checked.record;
        result[this.upsert(source, rec)]++;
        this.stmt('INSERT INTO advisory_feed (advisory_id, feed, generation) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET generation = excluded.generation').run(rec.id, feed, generation);
        if (newest === undefined || isLater(rec.modified, newest)) newest = rec.modified;
      }
      const merged: Partial<FeedState> & { feed: string } = { ...state, feed };
      if (state?.highWaterModified === undefined && newest !== undefined) {
        const current = this.getFeedState(feed)?.highWaterModified;
        if (current === undefined || !isDateTime(current) || isLater(newest, current)) merged.highWaterModified = newest;
      }
      this.writeState(merged);
      return result;
    });
  }

  private upsert(source: string, rec: OsvRecord): Outcome {
    const existing = this.stmt('SELECT modified, blob_id FROM advisory WHERE id = ?').get(rec.id) as AdvisoryRowDb | undefined;
    if (existing && !isLater(rec.modified, existing.modified)) return 'unchanged';
    const blobId = this.blobId(JSON.stringify(rec));
    const kind = advisoryKind(rec);
    const cvss = pickCvss(rec);
    const { details: _details, affected: _affected, ...facts } = rec;
    const row = [source, kind, rec.summary ?? null, qualitativeSeverity(rec) ?? null, cvss?.vector ?? null, cvss?.version ?? null, rec.published ?? null, rec.modified, rec.withdrawn ?? null, blobId, JSON.stringify(facts)];
    if (existing) {
      this.stmt('DELETE FROM affected WHERE advisory_id = ?').run(rec.id);
      this.stmt('DELETE FROM alias WHERE advisory_id = ?').run(rec.id);
      this.stmt('UPDATE advisory SET source = ?, kind = ?, summary = ?, severity = ?, cvss_vector = ?, cvss_version = ?, published = ?, modified = ?, withdrawn = ?, blob_id = ?, facts = ? WHERE id = ?').run(...row, rec.id);
      if (existing.blob_id !== blobId) this.dropBlobIfUnused(existing.blob_id);
    } else {
      this.stmt('INSERT INTO advisory (source, kind, summary, severity, cvss_vector, cvss_version, published, modified, withdrawn, blob_id, facts, id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').run(...row, rec.id);
    }
    for (const alias of new Set(rec.aliases ?? [])) {
      if (alias !== rec.id && alias.trim() !== '') this.stmt('INSERT OR IGNORE INTO alias (advisory_id, alias) VALUES (?, ?)').run(rec.id, alias);
    }
    const insertAffected = this.stmt('INSERT INTO affected (ecosystem, name, advisory_id, seq, raw_name, kind, withdrawn, entry) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    for (const [seq, entry] of (rec.affected ?? []).entries()) {
      // An entry without a package (a GIT-only range) has nothing to look up by; it stays in the blob.
      if (!entry.package) continue;
      const ecosystem = canonicalEcosystem(entry.package.ecosystem);
      insertAffected.run(ecosystem, normalizePackageName(ecosystem, entry.package.name), rec.id, seq, entry.package.name, kind, rec.withdrawn ?? null, JSON.stringify(entry));
    }
    return existing ? 'updated' : 'inserted';
  }

  private blobId(json: string): number {
    const digest = sha256(json);
    const inserted = this.stmt('INSERT INTO blob (sha256, json) VALUES (?, ?) ON CONFLICT(sha256) DO NOTHING RETURNING id').get(digest, json) as { id: number } | undefined;
    if (inserted) return inserted.id;
    return (this.stmt('SELECT id FROM blob WHERE sha256 = ?').get(digest) as { id: number }).id;
  }

  private dropBlobIfUnused(id: number): void {
    if (this.stmt('SELECT 1 FROM advisory WHERE blob_id = ? LIMIT 1').get(id) === undefined) this.stmt('DELETE FROM blob WHERE id = ?').run(id);
  }

  private generation(feed: string): number {
    const g = this.stmt('SELECT generation FROM feed_state WHERE feed = ?').pluck().get(feed);
    return typeof g === 'number' ? g : 0;
  }

  /** Merges into the existing row: a key that is present sets its column (present but undefined clears it); absent keys are kept. */
  setFeedState(state: Partial<FeedState> & { feed: string }): void {
    this.tx(() => this.writeState(state));
  }

  private writeState(state: Partial<FeedState> & { feed: string }): void {
    if (typeof state.feed !== 'string' || state.feed === '') throw new TypeError('feed state needs a feed name');
    if (state.status !== undefined && !STATUSES.has(state.status)) throw new TypeError(`feed status must be ok, partial or failed, not ${String(state.status)}`);
    this.stmt('INSERT INTO feed_state (feed) VALUES (?) ON CONFLICT DO NOTHING').run(state.feed);
    const keys = STATE_KEYS.filter((k) => Object.prototype.hasOwnProperty.call(state, k));
    if (keys.length === 0) return;
    const sql = `UPDATE feed_state SET ${keys.map((k) => `${STATE_COLUMNS[k]} = ?`).join(', ')} WHERE feed = ?`;
    this.stmt(sql).run(...keys.map((k) => state[k] ?? null), state.feed);
  }

  /**
   * Starts a full-snapshot import of `feed`: a new generation, so that `sweep` can later delete
   * what this import did not deliver. Writes `state` (typically status 'partial') in the same
   * transaction. Returns the generation number.
   */
  beginSweep(feed: string, state?: Partial<FeedState>): number {
    return this.tx(() => {
      this.writeState({ ...state, feed });
      this.stmt('UPDATE feed_state SET generation = generation + 1 WHERE feed = ?').run(feed);
      return this.generation(feed);
    });
  }

  /**
   * Ends a full-snapshot import: the feed lets go of every advisory it did not deliver since
   * `beginSweep`; advisories no other feed carries are deleted (affected rows, aliases and an
   * unused blob with them). Writes `state` in the same transaction. Returns how many were deleted.
   */
  sweep(feed: string, state?: Partial<FeedState>): number {
    return this.tx(() => {
      const generation = this.generation(feed);
      const stale = this.stmt('SELECT advisory_id FROM advisory_feed WHERE feed = ? AND generation < ?').pluck().all(feed, generation) as string[];
      this.stmt('DELETE FROM advisory_feed WHERE feed = ? AND generation < ?').run(feed, generation);
      let deleted = 0;
      for (const id of stale) {
        if (this.stmt('SELECT 1 FROM advisory_feed WHERE advisory_id = ? LIMIT 1').get(id) !== undefined) continue;
        const row = this.stmt('SELECT blob_id FROM advisory WHERE id = ?').get(id) as { blob_id: number } | undefined;
        if (!row) continue;
        this.stmt('DELETE FROM advisory WHERE id = ?').run(id);
        this.dropBlobIfUnused(row.blob_id);
        deleted++;
      }
      this.writeState({ ...state, feed });
      return deleted;
    });
  }

  // -------------------------------------------------------------------------------------------
  // Reading

  getFeedState(feed: string): FeedState | undefined {
    const row = this.guard(() => this.stmt(`${FEED_SELECT} WHERE s.feed = ?`).get(feed)) as FeedRowDb | undefined;
    return row ? feedFromRow(row) : undefined;
  }

  feeds(): FeedState[] {
    return (this.guard(() => this.stmt(`${FEED_SELECT} ORDER BY s.feed`).all()) as FeedRowDb[]).map(feedFromRow);
  }

  /** Every affected entry for (ecosystem, name) — name normalized with normalizePackageName; withdrawn rows included (flagged) so the caller decides. */
  lookup(ecosystem: string, name: string): AffectedRow[] {
    const eco = canonicalEcosystem(ecosystem);
    return this.lookupNormalized(eco, normalizePackageName(eco, name));
  }

  private lookupNormalized(eco: string, normalized: string): AffectedRow[] {
    const rows = this.guard(() => this.stmt('SELECT advisory_id, ecosystem, name, raw_name, entry, withdrawn, kind FROM affected WHERE ecosystem = ? AND name = ? ORDER BY advisory_id, seq').all(eco, normalized)) as AffectedRowDb[];
    return rows.map(affectedFromRow);
  }

  /** Keys of the result are `${ecosystem as given}\u0000${normalized name}`; every requested key is present (empty when nothing matched). */
  lookupMany(keys: { ecosystem: string; name: string }[]): Map<string, AffectedRow[]> {
    // Every key in the caller's order first (a Map keeps it when a value is set again later).
    const out = new Map<string, AffectedRow[]>();
    const wanted: { key: string; eco: string; normalized: string }[] = [];
    for (const { ecosystem, name } of keys) {
      const eco = canonicalEcosystem(ecosystem);
      const normalized = normalizePackageName(eco, name);
      const key = `${ecosystem}\u0000${normalized}`;
      if (out.has(key)) continue;
      out.set(key, []);
      wanted.push({ key, eco, normalized });
    }
    // Looked up in the table's key order, so consecutive lookups land on pages just read (see
    // advisoryFacts for the figures).
    wanted.sort((a, b) => byKey(a.eco, b.eco) || byKey(a.normalized, b.normalized));
    this.guard(() =>
      this.db.transaction(() => {
        for (const w of wanted) out.set(w.key, this.lookupNormalized(w.eco, w.normalized));
      })(),
    );
    return out;
  }

  /**
   * What a match reports about each advisory: the record without its details and affected
   * entries (summary, aliases, severity, CWEs, references), read in one transaction.
   */
  advisoryFacts(ids: Iterable<string>): Map<string, Omit<OsvRecord, 'details' | 'affected'>> {
    const out = new Map<string, Omit<OsvRecord, 'details' | 'affected'>>();
    this.guard(() =>
      this.db.transaction(() => {
        const get = this.stmt('SELECT facts FROM advisory WHERE id = ?').pluck();
        // In key order: against the bench's 290 MB database, 39,235 advisories' facts took
        // 156-189 ms in the order asked and 62-97 ms sorted. (A memory map was faster still, but
        // its pages count in the process's RSS: the import bench peaked at 826 MB with a 256 MiB
        // map and 565 MB without.)
        for (const id of [...new Set(ids)].sort(byKey)) {
          const json = get.get(id) as string | null | undefined;
          if (typeof json === 'string') out.set(id, JSON.parse(json) as OsvRecord);
        }
      })(),
    );
    return out;
  }

  /** The raw record as imported. */
  advisory(id: string): OsvRecord | undefined {
    const json = this.guard(() => this.stmt('SELECT b.json FROM advisory a JOIN blob b ON b.id = a.blob_id WHERE a.id = ?').pluck().get(id)) as string | undefined;
    return json === undefined ? undefined : (JSON.parse(json) as OsvRecord);
  }

  /**
   * Every id known to be the same vulnerability: the aliases `id` declares, the advisories that
   * declare `id` as an alias, and so on transitively (PYSEC-2024-43 and PYSEC-2024-45 meet through
   * CVE-2024-28088). Sorted; `id` itself excluded; case-insensitive like the alias column.
   */
  aliasesOf(id: string): string[] {
    return this.guard(() => {
      const seen = new Map<string, string>([[id.toUpperCase(), id]]);
      const queue = [id];
      const declared = this.stmt('SELECT alias FROM alias WHERE advisory_id = ?').pluck();
      const declaring = this.stmt('SELECT advisory_id FROM alias WHERE alias = ?').pluck();
      while (queue.length > 0 && seen.size < MAX_ALIAS_CLOSURE) {
        const next = queue.shift() as string;
        for (const other of [...(declared.all(next) as string[]), ...(declaring.all(next) as string[])]) {
          const key = other.toUpperCase();
          if (seen.has(key)) continue;
          seen.set(key, other);
          queue.push(other);
        }
      }
      seen.delete(id.toUpperCase());
      return [...seen.values()].sort();
    });
  }

  /** Every record, streamed in id order (for `db export` of databases too large to hold at once). */
  *records(): IterableIterator<OsvRecord> {
    const it = this.guard(() => this.stmt('SELECT b.json FROM advisory a JOIN blob b ON b.id = a.blob_id ORDER BY a.id').pluck().iterate()) as IterableIterator<string>;
    try {
      for (const json of it) yield JSON.parse(json) as OsvRecord;
    } catch (e) {
      throw translate(this.file, e);
    }
  }

  /** Every record, sorted by id: for `db export` and for comparing two databases in tests. */
  exportRecords(): OsvRecord[] {
    return [...this.records()];
  }

  stats(): StoreStats {
    return this.guard(() => {
      const count = (sql: string): number => Number(this.stmt(sql).pluck().get());
      const byKind: Record<string, number> = {};
      for (const r of this.stmt('SELECT kind, COUNT(*) AS n FROM advisory GROUP BY kind ORDER BY kind').all() as { kind: string; n: number }[]) byKind[r.kind] = r.n;
      return {
        advisories: count('SELECT COUNT(*) FROM advisory'),
        affected: count('SELECT COUNT(*) FROM affected'),
        aliases: count('SELECT COUNT(*) FROM alias'),
        withdrawn: count('SELECT COUNT(*) FROM advisory WHERE withdrawn IS NOT NULL'),
        byKind,
        fileBytes: this.fileBytes(),
        schemaVersion: Number(this.stmt("SELECT value FROM meta WHERE key = 'schema_version'").pluck().get()),
      };
    });
  }

  /** The database file plus its write-ahead log: what the store occupies on disk right now. */
  private fileBytes(): number {
    if (this.file === ':memory:') return 0;
    let total = 0;
    for (const f of [this.file, `${this.file}-wal`]) {
      try {
        total += statSync(f).size;
      } catch {
        // no WAL right now
      }
    }
    return total;
  }
}

const FEED_SELECT = `SELECT s.feed, s.url, s.etag, s.last_modified, s.content_hash, s.cursor, s.high_water_modified, s.revision,
  s.started_at, s.finished_at, s.status, (SELECT COUNT(*) FROM advisory_feed f WHERE f.feed = s.feed) AS count FROM feed_state s`;

function feedFromRow(row: FeedRowDb): FeedState {
  const out: FeedState = { feed: row.feed, count: row.count };
  for (const key of STATE_KEYS) {
    const v = row[STATE_COLUMNS[key]];
    if (v !== null) (out as unknown as Record<string, unknown>)[key] = v;
  }
  return out;
}

/** Code-unit order: SQLite's BINARY order for ASCII names and ids (only page locality depends on it). */
function byKey(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function affectedFromRow(r: AffectedRowDb): AffectedRow {
  const row: AffectedRow = { advisoryId: r.advisory_id, ecosystem: r.ecosystem, name: r.name, rawName: r.raw_name, affected: JSON.parse(r.entry) as OsvAffected, kind: r.kind };
  if (r.withdrawn !== null) row.withdrawn = r.withdrawn;
  return row;
}
