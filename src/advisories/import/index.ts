/**
 * `importPath`: one entry point for every offline source, recognised by its layout rather than by
 * flags, so `lantern db import <path>` does the right thing with whatever the user copied in:
 *
 * | path                                                      | layout     | feed                       |
 * |-----------------------------------------------------------|------------|----------------------------|
 * | a checkout of github/advisory-database (`advisories/…`)   | ghsa-repo  | `ghsa-repo`                |
 * | a checkout of ossf/malicious-packages (`osv/malicious/…`) | ossf-mal   | `ossf-mal`                 |
 * | any other directory: every `*.json` below it              | osv-dir    | `osv-dir:<path hash>`      |
 * | a zip (by its magic bytes), e.g. osv.dev `PyPI/all.zip`   | osv-zip    | `osv:PyPI` / `osv-zip:<h>` |
 * | any other file: a record, an array, or JSON lines         | osv-file   | `osv-file:<path hash>`     |
 *
 * A file or directory whose first batch holds only Hugging Face model records is the model feed,
 * `hf-models` (see docs/advisories.md). Directories, zips and checkouts are full snapshots: what
 * they no longer contain is removed from their feed (mark and sweep); a single file only adds.
 */
import { statSync } from 'node:fs';
import type { AdvisoryStore } from '../store.js';
import { ghsaRepoRoot, importGhsaRepo } from './ghsa-repo.js';
import { importMaliciousRepo, maliciousRepoRoot } from './malicious.js';
import { ImportError, importOsvDirectory, importOsvFile, importOsvZip, isZipFile, type ImportOptions, type ImportReport } from './osv-files.js';

export { ImportError, type ImportLayout, type ImportOptions, type ImportReport } from './osv-files.js';

export async function importPath(store: AdvisoryStore, path: string, opts: ImportOptions = {}): Promise<ImportReport> {
  let st;
  try {
    st = statSync(path);
  } catch (e) {
    throw new ImportError(`cannot read ${path} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  if (st.isDirectory()) {
    const ghsa = ghsaRepoRoot(path);
    if (ghsa) return importGhsaRepo(store, ghsa, opts);
    const mal = maliciousRepoRoot(path);
    if (mal) return importMaliciousRepo(store, mal, opts);
    return importOsvDirectory(store, path, opts);
  }
  if (!st.isFile()) throw new ImportError(`${path} is neither a file nor a directory`);
  if (st.size === 0) throw new ImportError(`${path} is empty`);
  return isZipFile(path) ? importOsvZip(store, path, opts) : importOsvFile(store, path, opts);
}
