/**
 * Importing a checkout of github/advisory-database: `advisories/github-reviewed/YYYY/MM/GHSA-…/
 * GHSA-….json` and, when present, `advisories/unreviewed/…`. The files are OSV already. The folder
 * names come from the publish month, so the tree is walked rather than derived from ids.
 *
 * The checkout's commit is read from `.git` without running git, and stored as the feed revision:
 * importing the same commit again is skipped unless forced.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import type { AdvisoryStore } from '../store.js';
import { FeedWriter, ImportError, newReport, readJsonFile, runImport, walkFiles, type ImportOptions, type ImportReport } from './osv-files.js';

export const GHSA_FEED = 'ghsa-repo';
const SECTIONS = ['advisories/github-reviewed', 'advisories/unreviewed'];
const GHSA_FILE = /^GHSA-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}\.json$/i;
const COMMIT = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;
/** .git metadata files read here are tiny; packed-refs of a big repository stays well under this. */
const MAX_GIT_FILE = 64 * 1024 * 1024;

/** The checkout root when `dir` is one (or is its `advisories` folder), else undefined. */
export function ghsaRepoRoot(dir: string): string | undefined {
  const abs = resolve(dir);
  const candidates = basename(abs) === 'advisories' ? [abs, dirname(abs)] : [abs];
  return candidates.find((root) => SECTIONS.some((s) => isDir(join(root, s))));
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function readSmall(file: string): string | undefined {
  try {
    if (statSync(file).size > MAX_GIT_FILE) return undefined;
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * The commit checked out at `root`, read from `.git` the way git resolves HEAD: a detached HEAD
 * holds the commit; `ref: refs/heads/x` is looked up as a loose ref, then in packed-refs, in the
 * git dir and in its common dir (worktrees). `.git` may be a `gitdir:` file (worktrees,
 * submodules). Undefined when anything is missing or odd: the revision is informative only.
 */
export function readGitRevision(root: string): string | undefined {
  let gitDir = join(root, '.git');
  if (!isDir(gitDir)) {
    const pointer = /^gitdir:\s*(.+?)\s*$/m.exec(readSmall(gitDir) ?? '');
    if (!pointer?.[1]) return undefined;
    gitDir = isAbsolute(pointer[1]) ? pointer[1] : resolve(root, pointer[1]);
  }
  const head = readSmall(join(gitDir, 'HEAD'))?.trim();
  if (!head) return undefined;
  if (COMMIT.test(head)) return head;
  const ref = /^ref:\s*(refs\/\S+)$/.exec(head)?.[1];
  if (!ref || ref.split('/').includes('..')) return undefined;
  const common = readSmall(join(gitDir, 'commondir'))?.trim();
  const dirs = [gitDir, ...(common ? [isAbsolute(common) ? common : resolve(gitDir, common)] : [])];
  for (const d of dirs) {
    const loose = readSmall(join(d, ref))?.trim();
    if (loose && COMMIT.test(loose)) return loose;
    for (const line of (readSmall(join(d, 'packed-refs')) ?? '').split('\n')) {
      const [sha, name] = line.trim().split(/\s+/);
      if (name === ref && sha && COMMIT.test(sha)) return sha;
    }
  }
  return undefined;
}

/**
 * The start of a checkout import: its report and git revision, and whether that revision is the
 * one the feed last imported completely (then there is nothing to do unless `force`).
 */
export function startCheckoutImport(store: AdvisoryStore, root: string, kind: Parameters<typeof newReport>[1], feed: string, opts: ImportOptions): { abs: string; report: ImportReport; upToDate: boolean } {
  const abs = resolve(root);
  const report = newReport(root, kind, feed);
  const revision = readGitRevision(abs);
  if (revision) report.revision = revision;
  const previous = store.getFeedState(report.feed);
  const upToDate = Boolean(revision && !opts.force && previous?.status === 'ok' && previous.revision === revision);
  if (upToDate) report.upToDate = true;
  return { abs, report, upToDate };
}

/** A github/advisory-database checkout: a full snapshot of the `ghsa-repo` feed. */
export async function importGhsaRepo(store: AdvisoryStore, root: string, opts: ImportOptions = {}): Promise<ImportReport> {
  const { abs, report, upToDate } = startCheckoutImport(store, root, 'ghsa-repo', opts.feed ?? GHSA_FEED, opts);
  if (upToDate) return report;
  const writer = new FeedWriter(store, report, { ...opts, full: true });
  return runImport(writer, () => {
    const onProblem = (m: string): void => writer.problem(m);
    let files = 0;
    for (const section of SECTIONS) {
      const dir = join(abs, section);
      if (!existsSync(dir)) continue;
      for (const f of walkFiles(dir, (rel) => GHSA_FILE.test(rel.slice(rel.lastIndexOf('/') + 1)), onProblem)) {
        files++;
        const where = `${section}/${f.rel}`;
        for (const rec of readJsonFile(f.abs, where, onProblem)) writer.add(rec, where);
      }
    }
    if (files === 0) throw new ImportError(`${root}: no GHSA-*.json files under advisories/github-reviewed or advisories/unreviewed`);
    // An unreadable commit clears the old one: the stored revision must describe what was imported.
    return writer.finish({ revision: report.revision });
  });
}
