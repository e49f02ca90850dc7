/**
 * The SQLite cache behind `--online` Hub vetting: one row per (endpoint, auth, repo, revision) with
 * the answer as JSON and an expiry, so a re-run within the expiry asks the Hub nothing.
 *
 * It is a cache, not a store: a row that does not parse, or a schema of another version, is
 * dropped and fetched again. It is also a file a user names, so before touching anything it makes
 * sure the file is this cache (or empty): a non-SQLite file or somebody else's database is a
 * HubCacheError, never overwritten. Only what `put` is handed is written; callers hand it the
 * Hub's public answer, never the token.
 *
 * better-sqlite3 is loaded on the first `open`, so a scan without `--online` never loads the
 * native module. The package ships no type declarations (and @types/better-sqlite3 is not a
 * dependency), so the few calls used here are typed below.
 */
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type { HubModelInfo } from './hub.js';

/** Bump when the row format changes; older rows are discarded, never migrated. */
export const CACHE_SCHEMA_VERSION = 1;

const OUR_TABLES = new Set(['meta', 'model_info']);
const STATUSES = new Set(['ok', 'not-found', 'unauthorized', 'gated', 'error']);

/** The cache file cannot be used: not SQLite, not ours, unreadable, or a write failed. */
export class HubCacheError extends Error {}

interface Statement {
  run(...params: unknown[]): unknown;
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
}

interface Database {
  prepare(sql: string): Statement;
  pragma(source: string, options?: { simple?: boolean }): unknown;
  exec(sql: string): void;
  close(): void;
}

type DatabaseConstructor = new (file: string, options?: { timeout?: number }) => Database;

let loaded: DatabaseConstructor | undefined;

function sqlite(): DatabaseConstructor {
  loaded ??= createRequire(import.meta.url)('better-sqlite3') as DatabaseConstructor;
  return loaded;
}

function reason(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export class HubCache {
  private readonly getRow: Statement;
  private readonly putRow: Statement;
  private readonly pruneRows: Statement;

  private constructor(
    private readonly db: Database,
    readonly file: string,
  ) {
    this.getRow = db.prepare('SELECT json, expires_at FROM model_info WHERE key = ?');
    this.putRow = db.prepare(
      'INSERT INTO model_info (key, json, fetched_at, expires_at) VALUES (?, ?, ?, ?) ' +
        'ON CONFLICT(key) DO UPDATE SET json = excluded.json, fetched_at = excluded.fetched_at, expires_at = excluded.expires_at',
    );
    this.pruneRows = db.prepare('DELETE FROM model_info WHERE expires_at <= ?');
  }

  /**
   * Opens (creating it and its folders when missing) the cache at `file`. Throws HubCacheError
   * with the path and the reason when the file is not a usable cache.
   */
  static open(file: string): HubCache {
    let db: Database | undefined;
    try {
      mkdirSync(dirname(file), { recursive: true });
      db = new (sqlite())(file, { timeout: 5000 });
      // The first statement that reads the header: a non-SQLite file fails here.
      const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name);
      const foreign = tables.filter((t) => !OUR_TABLES.has(t) && !t.startsWith('sqlite_'));
      if (foreign.length > 0) {
        throw new HubCacheError(`${file} is a SQLite database of something else (tables: ${foreign.slice(0, 5).join(', ')}); not using it as the Hub cache`);
      }
      db.pragma('journal_mode = WAL');
      prepareSchema(db, tables.includes('meta'));
      return new HubCache(db, file);
    } catch (e) {
      try {
        db?.close();
      } catch {
        // The open failure is what the caller needs to hear about.
      }
      if (e instanceof HubCacheError) throw e;
      throw new HubCacheError(`cannot use ${file} as the Hub cache: ${reason(e)}`);
    }
  }

  /** The cached answer for `key`, or undefined when there is none, it has expired or it is unreadable. */
  get(key: string, now: number): HubModelInfo | undefined {
    const row = this.guard('read', () => this.getRow.get(key)) as { json: string; expires_at: number } | undefined;
    if (row === undefined || row.expires_at <= now) return undefined;
    try {
      const value: unknown = JSON.parse(row.json);
      return looksLikeInfo(value) ? value : undefined;
    } catch {
      return undefined;
    }
  }

  /** Stores `info` under `key` until `now + ttlSeconds`. `fromCache` is not stored: it is set on read. */
  put(key: string, info: HubModelInfo, now: number, ttlSeconds: number): void {
    const { fromCache: _ignored, ...stored } = info;
    const json = JSON.stringify(stored);
    this.guard('write', () => this.putRow.run(key, json, now, now + Math.max(0, ttlSeconds) * 1000));
  }

  /** Deletes the rows that have expired by `now`, so the file does not grow with every model ever seen. */
  prune(now: number): void {
    this.guard('write', () => this.pruneRows.run(now));
  }

  close(): void {
    try {
      this.db.close();
    } catch {
      // Closing twice or after a failure is harmless for a cache.
    }
  }

  private guard<T>(what: string, fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      throw new HubCacheError(`cannot ${what} the Hub cache ${this.file}: ${reason(e)}`);
    }
  }
}

/** Creates the tables, or empties them when they were written by another schema version. */
function prepareSchema(db: Database, hasMeta: boolean): void {
  const version = hasMeta ? (db.prepare('SELECT schema_version FROM meta LIMIT 1').get() as { schema_version: unknown } | undefined)?.schema_version : undefined;
  if (version !== CACHE_SCHEMA_VERSION) {
    db.exec('DROP TABLE IF EXISTS model_info; DROP TABLE IF EXISTS meta;');
  }
  db.exec(
    'CREATE TABLE IF NOT EXISTS meta (schema_version INTEGER NOT NULL);' +
      'CREATE TABLE IF NOT EXISTS model_info (key TEXT PRIMARY KEY, json TEXT NOT NULL, fetched_at INTEGER NOT NULL, expires_at INTEGER NOT NULL);',
  );
  if (version !== CACHE_SCHEMA_VERSION) db.prepare('INSERT INTO meta (schema_version) VALUES (?)').run(CACHE_SCHEMA_VERSION);
}

/** Just enough of a check that a hand-edited or damaged row is refetched rather than trusted. */
function looksLikeInfo(v: unknown): v is HubModelInfo {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return typeof o.id === 'string' && typeof o.status === 'string' && STATUSES.has(o.status) && typeof o.fetchedAt === 'string';
}
