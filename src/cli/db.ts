/**
 * `lantern db`: the local advisory database from the command line.
 *
 *   lantern db status [--json]                    what is in it, per feed, and what is stale
 *   lantern db import <path...> [--feed --force]  an all.zip, a directory of OSV files, a checkout
 *   lantern db export [-o file] [--format jsonl]  every record as OSV (JSON array or JSON lines)
 *   lantern db update [--types --ecosystems]      sync from the GitHub advisory REST API
 *
 * Every subcommand takes `--db <file>` (default: $LANTERN_DB, else the user cache). Exit codes
 * follow the main command: 0 ok, 2 usage or error. Errors are printed here and then raised as a
 * CommanderError with exit code 2, which main.ts already maps to its exit code.
 */
import { Command, CommanderError, Option } from 'commander';
import { closeSync, openSync, writeSync } from 'node:fs';
import { EMBEDDED_FEED, openForScan, openForUpdate, readSnapshot } from '../advisories/embedded.js';
import { ImportError, importPath, type ImportReport } from '../advisories/import/index.js';
import type { OsvRecord } from '../advisories/osv.js';
import { AdvisoryStoreError, type AdvisoryStore, type FeedState, type StoreStats } from '../advisories/store.js';

const EXIT_ERROR = 2;
/** A feed not refreshed for this long is reported stale. */
export const STALE_DAYS = 30;
/** The built-in snapshot alone is reported stale past this age (it ages with the installed Lantern). */
export const SNAPSHOT_STALE_DAYS = 90;
const DAY_MS = 24 * 60 * 60 * 1000;
/** Warnings and skips printed per imported path; the JSON report holds them all. */
const MAX_PRINTED = 20;

export interface DbIo {
  stdout(s: string): void;
  stderr(s: string): void;
  env: NodeJS.ProcessEnv;
}

/** An error whose message is for the user as it is (no stack). */
class DbError extends Error {}

function processIo(): DbIo {
  return { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s), env: process.env };
}

/** Prints a failure once and turns it into exit code 2; programming errors keep their stack. */
async function guarded(io: DbIo, fn: () => Promise<void> | void): Promise<void> {
  try {
    await fn();
  } catch (e) {
    if (e instanceof CommanderError) throw e;
    const bug = e instanceof TypeError || e instanceof RangeError || e instanceof ReferenceError || !(e instanceof Error);
    const message = e instanceof Error ? e.message : String(e);
    io.stderr(`lantern: ${bug ? `internal error: ${(e as Error)?.stack ?? message}` : message}\n`);
    throw new CommanderError(EXIT_ERROR, 'lantern.db.error', message);
  }
}

// ---------------------------------------------------------------------------------------------
// status

export interface StatusReport {
  file: string;
  inMemory: boolean;
  stats: StoreStats;
  embedded: { shipped?: string; inDatabase?: string };
  feeds: FeedState[];
  warnings: string[];
}

function daysBetween(from: string, now: Date): number {
  return Math.floor((now.getTime() - Date.parse(from)) / DAY_MS);
}

/** What `db status` warns about: interrupted or failed imports, stale feeds, a snapshot-only database grown old. */
export function statusWarnings(feeds: FeedState[], now: Date, inMemory: boolean): string[] {
  const out: string[] = [];
  if (inMemory) out.push('the default database location cannot be written; scans use an in-memory copy of the built-in snapshot (set LANTERN_DB or pass --db)');
  for (const f of feeds) {
    if (f.status === 'partial') out.push(`${f.feed}: the last import or sync is incomplete${f.startedAt ? ` (started ${f.startedAt})` : ''}; run it again`);
    if (f.status === 'failed') out.push(`${f.feed}: the last import or sync failed${f.finishedAt ? ` at ${f.finishedAt}` : ''}; run it again`);
    if (f.feed !== EMBEDDED_FEED && f.status === 'ok' && f.finishedAt && daysBetween(f.finishedAt, now) > STALE_DAYS) {
      out.push(`${f.feed}: last refreshed ${daysBetween(f.finishedAt, now)} days ago; run \`lantern db update\` or import a fresh copy`);
    }
  }
  const others = feeds.filter((f) => f.feed !== EMBEDDED_FEED && (f.count ?? 0) > 0);
  const embedded = feeds.find((f) => f.feed === EMBEDDED_FEED);
  if (others.length === 0 && embedded?.revision && daysBetween(embedded.revision, now) > SNAPSHOT_STALE_DAYS) {
    out.push(`only the built-in snapshot of ${embedded.revision.slice(0, 10)} (${daysBetween(embedded.revision, now)} days old) is in the database; run \`lantern db update\` or \`lantern db import <all.zip>\``);
  }
  return out;
}

export function statusReport(store: AdvisoryStore, shipped: string | undefined, now: Date): StatusReport {
  const feeds = store.feeds();
  const inMemory = store.file === ':memory:';
  const embedded: StatusReport['embedded'] = {};
  if (shipped) embedded.shipped = shipped;
  const rev = feeds.find((f) => f.feed === EMBEDDED_FEED)?.revision;
  if (rev) embedded.inDatabase = rev;
  return { file: store.file, inMemory, stats: store.stats(), embedded, feeds, warnings: statusWarnings(feeds, now, inMemory) };
}

function size(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${(bytes / 1024).toFixed(0)} KB`;
}

export function renderStatus(r: StatusReport): string {
  const s = r.stats;
  const kinds = Object.entries(s.byKind).map(([k, n]) => `${n} ${k}`).join(', ') || 'none';
  const lines = [
    `advisory database: ${r.inMemory ? 'in memory (not saved)' : `${r.file} (${size(s.fileBytes)})`}, schema ${s.schemaVersion}`,
    `advisories: ${s.advisories} (${kinds}; ${s.withdrawn} withdrawn), affected entries: ${s.affected}, aliases: ${s.aliases}`,
    `built-in snapshot: ${r.embedded.shipped ?? 'unknown'}${r.embedded.inDatabase && r.embedded.inDatabase !== r.embedded.shipped ? ` (the database holds ${r.embedded.inDatabase})` : ''}`,
    'feeds:',
  ];
  for (const f of r.feeds) {
    const when = f.finishedAt ? `updated ${f.finishedAt}` : f.startedAt ? `started ${f.startedAt}` : 'never completed';
    const extra = [f.revision && f.feed !== EMBEDDED_FEED ? `revision ${f.revision}` : '', f.cursor ? 'sync in progress' : ''].filter(Boolean).join(', ');
    lines.push(`  ${f.feed}  ${f.status ?? '-'}  ${f.count ?? 0} advisories  ${when}${extra ? `  (${extra})` : ''}`);
  }
  if (r.feeds.length === 0) lines.push('  (none)');
  for (const w of r.warnings) lines.push(`warning: ${w}`);
  return `${lines.join('\n')}\n`;
}

/** The shipped snapshot's date, or undefined when the file is unreadable (status still reports the rest). */
function shippedSnapshotDate(): string | undefined {
  try {
    return readSnapshot().snapshotDate;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// import

export function renderImport(r: ImportReport): string {
  if (r.upToDate) return `${r.path}: up to date (feed ${r.feed} already holds this ${r.revision ? `commit ${r.revision.slice(0, 12)}` : 'file'}); use --force to import it again\n`;
  const lines = [
    `${r.path}: ${r.layout}, feed ${r.feed}: ${r.read} read, ${r.inserted} new, ${r.updated} updated, ${r.unchanged} unchanged, ${r.deleted} deleted, ${r.skipped.length} skipped, ${r.warnings.length} warnings`,
  ];
  const notes = [...r.warnings.map((w) => `warning: ${w}`), ...r.skipped.map((s) => `skipped ${s.id}${s.where ? ` (${s.where})` : ''}: ${s.reason}`)];
  for (const n of notes.slice(0, MAX_PRINTED)) lines.push(`  ${n}`);
  const more = notes.length - MAX_PRINTED + r.omitted;
  if (more > 0) lines.push(`  … and ${more} more (use --json to see them all)`);
  return `${lines.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------
// export

/** Writes records one at a time, so exporting a large database never builds one big string. */
export function writeRecords(records: Iterable<OsvRecord>, format: 'json' | 'jsonl', write: (s: string) => void): number {
  let n = 0;
  if (format === 'json') write('[');
  for (const rec of records) {
    const line = JSON.stringify(rec);
    write(format === 'json' ? `${n === 0 ? '\n' : ',\n'}${line}` : `${line}\n`);
    n++;
  }
  if (format === 'json') write(n === 0 ? ']\n' : '\n]\n');
  return n;
}

function list(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const items = value.split(',').map((s) => s.trim()).filter(Boolean);
  return items.length > 0 ? items : undefined;
}

// ---------------------------------------------------------------------------------------------
// the command

export function dbCommand(io: DbIo = processIo()): Command {
  const db = new Command('db')
    .description('the local advisory database: status, import, export, update')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s) })
    .showHelpAfterError('(run lantern db --help for usage)');
  const dbOption = (): Option => new Option('--db <file>', 'advisory database file (default: $LANTERN_DB, else the user cache)');

  db.command('status')
    .description('show the database file, schema, per-feed state and counts, and what is stale')
    .addOption(dbOption())
    .option('--json', 'print JSON')
    .action((flags: { db?: string; json?: boolean }) =>
      guarded(io, () => {
        const store = openForScan({ db: flags.db });
        try {
          const report = statusReport(store, shippedSnapshotDate(), new Date());
          io.stdout(flags.json ? `${JSON.stringify(report, null, 2)}\n` : renderStatus(report));
        } finally {
          store.close();
        }
      }),
    );

  db.command('import')
    .description('import advisories: an osv.dev all.zip, a directory or file of OSV JSON, or a checkout of github/advisory-database or ossf/malicious-packages')
    .argument('<path...>', 'files or directories to import')
    .addOption(dbOption())
    .option('--feed <name>', 'feed name to record the import under (one path only)')
    .option('--force', 'import even when the source is unchanged since the last import')
    .option('--json', 'print the import reports as JSON')
    .action((paths: string[], flags: { db?: string; feed?: string; force?: boolean; json?: boolean }) =>
      guarded(io, async () => {
        if (flags.feed !== undefined && paths.length > 1) throw new DbError('--feed names the feed of one import; give one path with it');
        const store = openForUpdate({ db: flags.db });
        const reports: ImportReport[] = [];
        const failures: string[] = [];
        try {
          for (const p of paths) {
            try {
              const report = await importPath(store, p, { ...(flags.feed !== undefined ? { feed: flags.feed } : {}), force: flags.force ?? false });
              reports.push(report);
              if (!flags.json) io.stdout(renderImport(report));
            } catch (e) {
              if (!(e instanceof ImportError)) throw e;
              failures.push(e.message);
              io.stderr(`lantern: ${e.message}\n`);
            }
          }
        } finally {
          store.close();
        }
        if (flags.json) io.stdout(`${JSON.stringify(reports, null, 2)}\n`);
        if (failures.length > 0) throw new CommanderError(EXIT_ERROR, 'lantern.db.error', failures.join('; '));
      }),
    );

  db.command('export')
    .description('write every advisory as OSV JSON (an array, or JSON lines)')
    .addOption(dbOption())
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .addOption(new Option('--format <format>', 'json (an array) or jsonl (one record per line)').choices(['json', 'jsonl']).default('json'))
    .action((flags: { db?: string; output?: string; format: 'json' | 'jsonl' }) =>
      guarded(io, () => {
        const store = openForScan({ db: flags.db });
        try {
          if (!flags.output) {
            writeRecords(store.records(), flags.format, io.stdout);
            return;
          }
          const fd = openSync(flags.output, 'w');
          try {
            const n = writeRecords(store.records(), flags.format, (s) => writeSync(fd, s));
            io.stderr(`wrote ${n} advisories to ${flags.output}\n`);
          } finally {
            closeSync(fd);
          }
        } finally {
          store.close();
        }
      }),
    );

  db.command('update')
    .description('sync advisories from the GitHub advisory REST API (token from $GITHUB_TOKEN or $GH_TOKEN)')
    .addOption(dbOption())
    .option('--types <list>', 'comma-separated advisory types: reviewed, malware')
    .option('--ecosystems <list>', 'comma-separated REST ecosystems, e.g. pip,npm (default: all)')
    .option('--base-url <url>', 'GitHub API base URL (GitHub Enterprise or a mirror)')
    .action((flags: { db?: string; types?: string; ecosystems?: string; baseUrl?: string }) =>
      guarded(io, async () => {
        const types = list(flags.types);
        const bad = types?.filter((t) => t !== 'reviewed' && t !== 'malware') ?? [];
        if (bad.length > 0) throw new DbError(`--types takes reviewed and malware, not ${bad.join(', ')}`);
        const ecosystems = list(flags.ecosystems);
        const token = io.env.GITHUB_TOKEN?.trim() || io.env.GH_TOKEN?.trim() || undefined;
        // Loaded only here: octokit is heavy and no other command needs it.
        const { syncGithub } = await import('../advisories/sync/github.js');
        const store = openForUpdate({ db: flags.db });
        try {
          const result = await syncGithub(store, {
            ...(flags.baseUrl ? { baseUrl: flags.baseUrl } : {}),
            ...(token ? { token } : {}),
            ...(types ? { types: types as ('reviewed' | 'malware')[] } : {}),
            ...(ecosystems ? { ecosystems } : {}),
            log: (m) => io.stderr(`${m}\n`),
          });
          io.stdout(`updated from GitHub: ${result.upserted} advisories in ${result.pages} pages (feeds: ${result.feeds.join(', ') || 'none'})\n`);
        } catch (e) {
          if (e instanceof AdvisoryStoreError) throw e;
          throw new DbError(`update failed: ${e instanceof Error ? e.message : String(e)}`);
        } finally {
          store.close();
        }
      }),
    );

  return db;
}
