/**
 * Advisory store benchmark: builds a synthetic osv.dev-style `PyPI/all.zip` (default 100,000
 * records with two affected entries each, 200,000 affected ranges; shapes like real GHSA/PYSEC
 * records: aliases, summary, details, references, ECOSYSTEM events, some version lists), then
 * times with the real modules:
 *  - the import of the zip into a fresh database file (target: under 10 s),
 *  - a forced re-import where every record is unchanged,
 *  - point lookups by (ecosystem, name),
 *  - the database made from the built-in snapshot alone: import time and file size (target: under 5 MB).
 * A benchmark, not a test: it reports misses and still exits 0.
 *
 *   node build/bench/advisories.js [--ranges N] [--dir DIR] [--keep]
 */
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureEmbedded, snapshotPath } from '../src/advisories/embedded.js';
import { importPath } from '../src/advisories/import/index.js';
import type { OsvAffected, OsvRecord } from '../src/advisories/osv.js';
import { AdvisoryStore } from '../src/advisories/store.js';
import { matchAdvisories } from '../src/advisories/enrich.js';
import { loadRules } from '../src/rules/load.js';
import type { Component } from '../src/types.js';
import { writeZipFile, type ZipInput } from '../test/support/zip-writer.js';
import { MB, peakRssMb, table, type Row } from './measure.js';
import { isEntry } from '../src/util/entry.js';
import { prng } from './corpus.js';

export const ADVISORY_TARGETS = { importS: 10, matchS: 0.5, embeddedDbMb: 5 };

export interface AdvisoryBenchOptions {
  /** Affected ranges to generate (two per record); default 200,000. */
  ranges?: number;
  /** Work folder (default: a new temporary folder, removed afterwards unless keep). */
  dir?: string;
  keep?: boolean;
  log?: (line: string) => void;
}

export interface AdvisoryBenchResult {
  records: number;
  ranges: number;
  zipBytes: number;
  importMs: number;
  reimportMs: number;
  matchMs: number;
  lookupsPerS: number;
  dbBytes: number;
  embeddedImportMs: number;
  embeddedDbBytes: number;
  rows: Row[];
}


const GHSA_ALPHABET = '23456789cfghjmpqrvwx';

/** A GHSA-shaped id, unique per n (n written in GHSA's base-20 alphabet). */
function ghsaId(n: number): string {
  let s = '';
  for (let i = 0, v = n; i < 12; i++, v = Math.floor(v / GHSA_ALPHABET.length)) s = GHSA_ALPHABET[v % GHSA_ALPHABET.length] + s;
  return `GHSA-${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8, 12)}`;
}

/** One synthetic record: two affected entries on packages drawn from a pool, so names repeat as in real feeds. */
export function syntheticRecord(n: number, rand: () => number, pool: number): OsvRecord {
  const version = (): string => `${Math.floor(rand() * 5)}.${Math.floor(rand() * 30)}.${Math.floor(rand() * 10)}`;
  const affected = [0, 1].map((): OsvAffected => {
    const name = `pkg-${Math.floor(rand() * pool)}`;
    const entry: OsvAffected = { package: { ecosystem: 'PyPI', name, purl: `pkg:pypi/${name}` }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: version() }] }] };
    if (rand() < 0.2) entry.versions = Array.from({ length: 8 }, version);
    return entry;
  });
  const id = ghsaId(n);
  return {
    schema_version: '1.4.0',
    id,
    modified: new Date(Date.UTC(2020, 0, 1) + Math.floor(rand() * 5 * 365 * 86400) * 1000).toISOString(),
    published: '2020-01-01T00:00:00Z',
    aliases: [`CVE-2099-${n}`],
    summary: `Synthetic advisory ${n} for benchmarking the advisory store`,
    details: 'A synthetic description of a vulnerability, about as long as a short real one. '.repeat(4),
    severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }],
    affected,
    references: [{ type: 'ADVISORY', url: `https://github.com/advisories/${id}` }, { type: 'WEB', url: `https://example.test/${n}` }],
    database_specific: { severity: 'HIGH', cwe_ids: ['CWE-502'], github_reviewed: true },
  };
}

function fileSize(path: string): number {
  let total = 0;
  for (const f of [path, `${path}-wal`]) {
    try {
      total += statSync(f).size;
    } catch {
      // no WAL
    }
  }
  return total;
}

export async function benchAdvisories(opts: AdvisoryBenchOptions = {}): Promise<AdvisoryBenchResult> {
  const log = opts.log ?? (() => {});
  const ranges = Math.max(2, Math.floor(opts.ranges ?? 200_000));
  const records = Math.ceil(ranges / 2);
  const work = opts.dir ?? mkdtempSync(join(tmpdir(), 'lantern-bench-adv-'));
  mkdirSync(join(work, 'PyPI'), { recursive: true });
  try {
    const rand = prng(0xad5);
    const pool = Math.max(10, Math.floor(records / 5));
    const zipFile = join(work, 'PyPI', 'all.zip');
    log(`generating ${records} records (${records * 2} affected ranges)…`);
    function* members(): Generator<ZipInput> {
      for (let n = 0; n < records; n++) {
        const r = syntheticRecord(n, rand, pool);
        yield { name: `${r.id}.json`, data: JSON.stringify(r) };
      }
    }
    const zipBytes = writeZipFile(zipFile, members());

    const dbFile = join(work, 'advisories.db');
    rmSync(dbFile, { force: true });
    const store = AdvisoryStore.open(dbFile);
    let t0 = performance.now();
    const report = await importPath(store, zipFile);
    const importMs = performance.now() - t0;
    if (report.inserted !== records) log(`warning: ${report.inserted} of ${records} records inserted (${report.warnings.length} warnings)`);
    t0 = performance.now();
    await importPath(store, zipFile, { force: true });
    const reimportMs = performance.now() - t0;
    const lookups = 20_000;
    const look = prng(7);
    t0 = performance.now();
    let rows = 0;
    for (let i = 0; i < lookups; i++) rows += store.lookup('PyPI', `pkg-${Math.floor(look() * pool * 1.25)}`).length;
    const lookupsPerS = lookups / ((performance.now() - t0) / 1000);
    // A 5,000-package lockfile: library components as the inventory makes them, matched through
    // the scan's own enrich step (one batched lookup, the OSV event walk, the findings). Twice: a
    // typical lockfile, where one package in 20 has advisories, and a stress case where every
    // package has some (about 8 affected entries each, most of them matching).
    const rules = loadRules();
    const lockfile = (share: number): Component[] => {
      const pick = prng(11);
      return Array.from({ length: 5_000 }, (_, i) => {
        const name = i % Math.round(1 / share) === 0 ? `pkg-${Math.floor(pick() * pool)}` : `clean-${i}`;
        const version = `${Math.floor(pick() * 5)}.${Math.floor(pick() * 30)}.${Math.floor(pick() * 10)}`;
        return { ref: `pkg:pypi/${name}@${version}#${i}`, kind: 'library', name, version, properties: { 'lantern:ecosystem': 'pypi' }, evidence: [{ path: 'requirements.txt', line: i + 1 }] };
      });
    };
    const timeMatch = (components: Component[]) => {
      const t = performance.now();
      const n = matchAdvisories(components, store, rules).length;
      return { ms: performance.now() - t, matches: n };
    };
    const typical = timeMatch(lockfile(0.05));
    const stress = timeMatch(lockfile(1));
    const matchMs = typical.ms;
    log(`5,000 lockfile packages: ${typical.matches} findings (typical), ${stress.matches} (stress)`);
    store.close();
    const dbBytes = fileSize(dbFile);
    log(`${lookups} lookups returned ${rows} rows`);

    const embeddedFile = join(work, 'embedded.db');
    rmSync(embeddedFile, { force: true });
    const embedded = AdvisoryStore.open(embeddedFile);
    t0 = performance.now();
    ensureEmbedded(embedded, snapshotPath());
    const embeddedImportMs = performance.now() - t0;
    const embeddedCount = embedded.stats().advisories;
    embedded.close();
    const embeddedDbBytes = fileSize(embeddedFile);

    const rss = peakRssMb();
    const out: Row[] = [
      { stage: `advisories: import all.zip (${records * 2} ranges)`, wallS: importMs / 1000, files: records, filesPerS: records / (importMs / 1000), mbPerS: zipBytes / MB / (importMs / 1000), peakRssMb: rss, target: `< ${ADVISORY_TARGETS.importS} s`, met: importMs / 1000 < ADVISORY_TARGETS.importS, note: `zip ${(zipBytes / MB).toFixed(1)} MB, db ${(dbBytes / MB).toFixed(1)} MB` },
      { stage: 'advisories: forced re-import, all unchanged', wallS: reimportMs / 1000, files: records, filesPerS: records / (reimportMs / 1000), peakRssMb: rss },
      { stage: 'advisories: match a 5,000-package lockfile', wallS: typical.ms / 1000, files: 5_000, filesPerS: 5_000 / (typical.ms / 1000), peakRssMb: rss, target: `< ${ADVISORY_TARGETS.matchS} s`, met: typical.ms / 1000 < ADVISORY_TARGETS.matchS, note: `1 package in 20 has advisories; ${typical.matches} matches; files = packages` },
      { stage: 'advisories: match, every package with advisories', wallS: stress.ms / 1000, files: 5_000, filesPerS: 5_000 / (stress.ms / 1000), peakRssMb: rss, target: `< ${ADVISORY_TARGETS.matchS} s`, met: stress.ms / 1000 < ADVISORY_TARGETS.matchS, note: `stress case: ${stress.matches} matches; files = packages` },
      { stage: 'advisories: lookups by (ecosystem, name)', wallS: lookups / lookupsPerS, files: lookups, filesPerS: lookupsPerS, peakRssMb: rss, note: 'files = lookups' },
      { stage: `advisories: embedded snapshot (${embeddedCount} records)`, wallS: embeddedImportMs / 1000, peakRssMb: rss, target: `db < ${ADVISORY_TARGETS.embeddedDbMb} MB`, met: embeddedDbBytes / MB < ADVISORY_TARGETS.embeddedDbMb, note: `db ${(embeddedDbBytes / 1024).toFixed(0)} KB` },
    ];
    return { records, ranges: records * 2, zipBytes, importMs, reimportMs, matchMs, lookupsPerS, dbBytes, embeddedImportMs, embeddedDbBytes, rows: out };
  } finally {
    if (!opts.keep && opts.dir === undefined) rmSync(work, { recursive: true, force: true });
  }
}

function parseArgs(argv: string[]): AdvisoryBenchOptions {
  const opts: AdvisoryBenchOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--keep') opts.keep = true;
    else if (a === '--ranges' && argv[i + 1] !== undefined) opts.ranges = Number(argv[++i]);
    else if (a === '--dir' && argv[i + 1] !== undefined) opts.dir = argv[++i] as string;
    else throw new Error(`unknown option ${a}; use --ranges N, --dir DIR, --keep`);
  }
  return opts;
}


if (isEntry(import.meta.url)) {
  benchAdvisories({ ...parseArgs(process.argv.slice(2)), log: (l) => process.stderr.write(`${l}\n`) }).then(
    (r) => process.stdout.write(`${table(r.rows)}\n`),
    (e: unknown) => {
      process.stderr.write(`bench: ${(e as Error)?.stack ?? String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
