/**
 * The advisory snapshot shipped inside the package (data/advisories/snapshot.json, built from
 * data/advisories/src by build-snapshot.ts), and opening the database a scan uses.
 *
 * A fresh install has no database; the first scan creates the default one and imports the snapshot
 * as the feed `embedded` (revision = the snapshot date), so matching works offline with no set-up.
 * A later Lantern with a newer snapshot re-imports it (and sweeps records it dropped); an older
 * Lantern never downgrades a database a newer one filled.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OsvRecord } from './osv.js';
import { AdvisoryStore, AdvisoryStoreError, defaultDbPath, isDateTime, isLater } from './store.js';
import { packageRoot } from '../util/package-root.js';

export const EMBEDDED_FEED = 'embedded';
const SNAPSHOT_RELATIVE = join('data', 'advisories', 'snapshot.json');
const BATCH = 5000;

export interface Snapshot {
  /** The newest `modified` among the records: what "newer snapshot" is measured by. */
  snapshotDate: string;
  records: OsvRecord[];
}

export function snapshotPath(): string {
  return join(packageRoot(), SNAPSHOT_RELATIVE);
}

/** Parses snapshot text; a broken shipped file is an installation problem, said as such. */
export function parseSnapshot(text: string, file: string): Snapshot {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new Error(`the built-in advisory snapshot ${file} is not valid JSON (${(e as Error).message}); reinstall Lantern`);
  }
  const s = value as Partial<Snapshot> | null;
  if (!s || !isDateTime(s.snapshotDate) || !Array.isArray(s.records)) throw new Error(`the built-in advisory snapshot ${file} has no snapshotDate or records; reinstall Lantern`);
  return { snapshotDate: s.snapshotDate, records: s.records };
}

export function readSnapshot(file = snapshotPath()): Snapshot {
  return parseSnapshot(readFileSync(file, 'utf8'), file);
}

export interface EmbeddedResult {
  imported: boolean;
  snapshotDate: string;
  /** Records of an earlier snapshot that this one dropped. */
  deleted: number;
}

/**
 * Makes sure the store holds the shipped snapshot. Cheap when it already does (one hash of the
 * file against the feed's content hash); imports when the feed is missing, incomplete, or older
 * than the shipped snapshot (or the same date with different content); leaves a newer one alone.
 */
export function ensureEmbedded(store: AdvisoryStore, file = snapshotPath(), now: () => Date = () => new Date()): EmbeddedResult {
  const bytes = readFileSync(file);
  const contentHash = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
  const state = store.getFeedState(EMBEDDED_FEED);
  if (state?.status === 'ok' && state.contentHash === contentHash && state.revision) return { imported: false, snapshotDate: state.revision, deleted: 0 };
  const snapshot = parseSnapshot(bytes.toString('utf8'), file);
  const theirs = state?.status === 'ok' ? state.revision : undefined;
  if (store.readonly || (theirs !== undefined && isDateTime(theirs) && isLater(theirs, snapshot.snapshotDate))) {
    return { imported: false, snapshotDate: theirs ?? snapshot.snapshotDate, deleted: 0 };
  }
  store.beginSweep(EMBEDDED_FEED, { status: 'partial', startedAt: now().toISOString(), finishedAt: undefined });
  for (let i = 0; i < snapshot.records.length; i += BATCH) store.applyBatch(EMBEDDED_FEED, snapshot.records.slice(i, i + BATCH), { feed: EMBEDDED_FEED });
  const deleted = store.sweep(EMBEDDED_FEED, { status: 'ok', finishedAt: now().toISOString(), revision: snapshot.snapshotDate, contentHash });
  return { imported: true, snapshotDate: snapshot.snapshotDate, deleted };
}

/** Opens `file` writable with the snapshot in it; closes it again if the snapshot cannot be written. */
function openWithSnapshot(file: string, snapshot?: string): AdvisoryStore {
  const store = AdvisoryStore.open(file);
  try {
    ensureEmbedded(store, snapshot);
    return store;
  } catch (e) {
    store.close();
    throw e;
  }
}

function isReadonlyError(e: unknown): boolean {
  return e instanceof AdvisoryStoreError && e.code === 'readonly';
}

export interface OpenOptions {
  /** A database file instead of the default one. */
  db?: string;
  /** Scanning without network: hints point at `db import` rather than `db update`. */
  offline?: boolean;
  /** The snapshot file (tests). */
  snapshot?: string;
}

/**
 * The store a scan matches against. Without `db`: the default database, created and filled from
 * the built-in snapshot when needed; if its location cannot be written (read-only home, sandbox),
 * an in-memory store with the snapshot (its `file` is ':memory:', so the caller can say so).
 * With `db`: that file, which must exist; opened writable when possible (migrated, snapshot
 * refreshed), else read-only as it is.
 */
export function openForScan(opts: OpenOptions = {}): AdvisoryStore {
  if (opts.db !== undefined) {
    if (!existsSync(opts.db)) {
      const create = opts.offline ? `lantern db import <file> --db ${opts.db}` : `lantern db update --db ${opts.db}`;
      throw new AdvisoryStoreError('missing', `no advisory database at ${opts.db}; create it with \`${create}\`, or leave out --db to use the default database with the built-in snapshot`, opts.db);
    }
    try {
      return openWithSnapshot(opts.db, opts.snapshot);
    } catch (e) {
      if (!isReadonlyError(e)) throw e;
      return AdvisoryStore.open(opts.db, { readonly: true });
    }
  }
  try {
    return openWithSnapshot(defaultDbPath(), opts.snapshot);
  } catch (e) {
    if (!isReadonlyError(e)) throw e;
    return openWithSnapshot(':memory:', opts.snapshot);
  }
}

/** The store `db import` and `db update` write to: `db` or the default file, created when missing, with the snapshot in it. */
export function openForUpdate(opts: { db?: string; snapshot?: string } = {}): AdvisoryStore {
  return openWithSnapshot(opts.db ?? defaultDbPath(), opts.snapshot);
}
