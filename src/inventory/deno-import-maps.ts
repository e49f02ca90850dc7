/**
 * Deno import map files: a deno.json(c) whose `importMap` names a file (`"importMap":
 * "./import_map.json"`, Supabase's older layout) makes Deno resolve its bare imports with that
 * file's `imports` and `scopes`, whatever it is called. The scan reads deno.json by name; the file
 * it names (WorkspaceRoot.importMap, a path relative to the deno.json, as Deno resolves it) is read
 * here, after the analysis, exactly as deno.json's own maps are (`npm:` and `jsr:` values), each
 * entry resolved by the deno.lock of the deno.json's folder (DeclaredDependency.importer). A map
 * several deno.json files name is read once and serves each. A URL, a path out of the scanned
 * directory, a missing file, a link out of it, not a regular file or over the text limit is not
 * read and becomes a warning `manifest/include` on the deno.json.
 */
import type { FileAnalysis } from '../detectors/types.js';
import type { SdkFacts } from '../detectors/sdks/index.js';
import { dirName } from '../lang/manifests/common.js';
import { readImportMap } from '../lang/manifests/deno.js';
import type { ManifestResult } from '../lang/manifests/index.js';
import type { RuleSet } from '../rules/load.js';
import type { ScanWarning } from '../types.js';
import { addNamedManifest, includedPath, namedText, startFollowing, type IncludeOptions } from './includes.js';

/** Import map files read per scan. */
const MAX_IMPORT_MAP_FILES = 1000;

export function followDenoImportMaps(analyses: readonly FileAnalysis[], rules: RuleSet, opts: IncludeOptions): { analyses: FileAnalysis[]; warnings: ScanWarning[] } {
  const { analyses: out, warnings, catalog, seen, realRoot } = startFollowing(rules, opts);
  if (realRoot === undefined) return { analyses: out, warnings };
  const read = new Map<string, { text: string; r: ManifestResult } | undefined>();
  const served = new Set<string>();
  for (const a of analyses) {
    const named = (a.facts.sdk as SdkFacts | undefined)?.workspace?.importMap;
    if (named === undefined) continue;
    const warn = (why: string) => warnings.push({ code: 'manifest/include', path: a.file.path, message: `importMap ${named.slice(0, 200)}: ${why}` });
    const path = includedPath(a.file.path, named);
    if (typeof path !== 'string') {
      warn(path.why);
      continue;
    }
    if (!read.has(path)) {
      const text = namedText(realRoot, path, seen, [MAX_IMPORT_MAP_FILES, 'import map files'], opts.maxTextBytes, warn);
      read.set(path, text === undefined ? undefined : { text, r: readImportMap(path, text) });
      if (text !== undefined) for (const w of read.get(path)?.r.warnings ?? []) warnings.push({ code: 'manifest/malformed', path, message: w });
    }
    const got = read.get(path);
    const importer = dirName(a.file.path);
    if (got === undefined || served.has(`${path}\u0000${importer}`)) continue;
    served.add(`${path}\u0000${importer}`);
    const deps = got.r.deps.map((d) => (importer === dirName(path) ? d : { ...d, importer }));
    addNamedManifest(path, got.text, { deps, warnings: [] }, catalog, { analyses: out, warnings });
  }
  return { analyses: out, warnings };
}
