/**
 * Importing a checkout of ossf/malicious-packages: `osv/malicious/<ecosystem>/<package>/MAL-YYYY-N.json`.
 * Only merged records are imported: the `MAL-0000-<source>-<hash>.json` files next to them are the
 * per-source inputs the merge was made from, and importing them would double every report.
 * False positives live under `osv/withdrawn/…`; they are imported flagged as withdrawn, so a package
 * that was cleared shows as such instead of silently vanishing (and reappears if un-withdrawn).
 */
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { AdvisoryStore } from '../store.js';
import { startCheckoutImport } from './ghsa-repo.js';
import { FeedWriter, ImportError, readJsonFile, runImport, walkFiles, type ImportOptions, type ImportReport } from './osv-files.js';

export const MALICIOUS_FEED = 'ossf-mal';
const MERGED_ID = /^MAL-(\d{4})-\d+$/;

/** True for `MAL-YYYY-N` with a real year; false for the `MAL-0000-…` per-source inputs and anything else. */
export function isMergedMalId(id: string): boolean {
  const m = MERGED_ID.exec(id);
  return m !== null && m[1] !== '0000';
}

/** The checkout root when `dir` is one (or is its `osv` folder), else undefined. */
export function maliciousRepoRoot(dir: string): string | undefined {
  const abs = resolve(dir);
  const candidates = basename(abs) === 'osv' ? [abs, dirname(abs)] : [abs];
  return candidates.find((root) => {
    try {
      return statSync(join(root, 'osv', 'malicious')).isDirectory();
    } catch {
      return false;
    }
  });
}

/** An ossf/malicious-packages checkout: a full snapshot of the `ossf-mal` feed. */
export async function importMaliciousRepo(store: AdvisoryStore, root: string, opts: ImportOptions = {}): Promise<ImportReport> {
  const { abs, report, upToDate } = startCheckoutImport(store, root, 'ossf-mal', opts.feed ?? MALICIOUS_FEED, opts);
  if (upToDate) return report;
  const writer = new FeedWriter(store, report, { ...opts, full: true });
  return runImport(writer, () => {
    const onProblem = (m: string): void => writer.problem(m);
    let files = 0;
    for (const section of ['malicious', 'withdrawn']) {
      const dir = join(abs, 'osv', section);
      if (!existsSync(dir)) continue;
      const accept = (rel: string): boolean => isMergedMalId(rel.slice(rel.lastIndexOf('/') + 1).replace(/\.json$/i, '')) && rel.toLowerCase().endsWith('.json');
      for (const f of walkFiles(dir, accept, onProblem)) {
        files++;
        const where = `osv/${section}/${f.rel}`;
        for (const rec of readJsonFile(f.abs, where, onProblem)) {
          const id = (rec as { id?: unknown })?.id;
          if (typeof id === 'string' && !isMergedMalId(id)) {
            // A per-source record saved under a merged file name: still not a merged record.
            writer.reject(id, 'not a merged MAL-YYYY-N record', where);
            continue;
          }
          if (section === 'withdrawn') markWithdrawn(rec);
          writer.add(rec, where);
        }
      }
    }
    if (files === 0) throw new ImportError(`${root}: no MAL-YYYY-N.json files under osv/malicious or osv/withdrawn`);
    return writer.finish({ revision: report.revision });
  });
}

/** Records moved to `osv/withdrawn` normally carry `withdrawn`; one that does not gets its `modified` time. */
function markWithdrawn(rec: unknown): void {
  if (typeof rec !== 'object' || rec === null) return;
  const r = rec as { withdrawn?: unknown; modified?: unknown };
  if (typeof r.withdrawn !== 'string' && typeof r.modified === 'string') r.withdrawn = r.modified;
}
