/**
 * Deno import map files: a deno.json(c) whose `importMap` names a file (`"importMap":
 * "./import_map.json"`, Supabase's older layout) makes Deno resolve its bare imports with that
 * file's `imports` and `scopes`, whatever it is called. The scan reads deno.json by name; the file
 * it names (WorkspaceRoot.importMap, a path relative to the deno.json, as Deno resolves it) is read
 * as deno.json's own maps are (`npm:` and `jsr:` values), each entry resolved by the deno.lock of
 * the deno.json's folder (DeclaredDependency.importer). A map several deno.json files name is read
 * once and serves each; and one file is parsed once per scan: readDenoImportMaps, before the
 * analysis, reads it for the map the files below resolve through and keeps what the inventory
 * needs of it (ImportMapFile: no text, no parse), which followDenoImportMaps, after the analysis,
 * takes instead of reading it again; a file it did not read (a deno.jsonc beside a deno.json) is
 * read there. A URL, a path out of the scanned
 * directory, a missing file, a link out of it, not a regular file or over the text limit is not
 * read and becomes a warning `manifest/include` on the deno.json.
 */
import type { FileAnalysis } from '../detectors/types.js';
import type { SdkFacts } from '../detectors/sdks/index.js';
import { dirName, isRecord } from '../lang/manifests/common.js';
import { parseJson } from '../lang/manifests/json.js';
import { aliasKeys, importMapOf, isMember, memberMap, targetSpecifier, workspaceMembers, type DenoImportMaps, type ImportMap, type Members } from '../lang/deno-import-map.js';
import { sdkCatalog, type SdkCatalog } from '../detectors/sdks/catalog.js';
import { readImportMap, readImportMapFile } from '../lang/manifests/deno.js';
import { isManifest, type ManifestResult } from '../lang/manifests/index.js';
import type { DeclaredDependency } from '../lang/types.js';
import type { RuleSet } from '../rules/load.js';
import type { ScanWarning } from '../types.js';
import { addNamedManifest, includedPath, namedText, readInside, realRootOf, startFollowing, takeNamed, type IncludeOptions } from './includes.js';

/** Import map files read per scan. */
const MAX_IMPORT_MAP_FILES = 1000;

/**
 * What the scan keeps of an import map file from its one reading (readImportMapFile): its size, the
 * reader's warnings and the AI packages it declares. Not its text nor its parse: those go as soon
 * as it is read, so a map read before the analysis holds no more memory through it than its own
 * ImportMap does.
 */
export interface ImportMapFile {
  bytes: number;
  warnings: string[];
  declared: DeclaredDependency[];
}

/** An import map file's reading (readImportMapFile's result) as the scan keeps it: the dependencies the catalog knows. */
function keptOf(text: string, r: ManifestResult, catalog: SdkCatalog): ImportMapFile {
  return { bytes: Buffer.byteLength(text), warnings: r.warnings, declared: r.deps.filter((d) => catalog.byPackage(d.ecosystem, d.name) !== undefined) };
}

/**
 * `files`: the import map files readDenoImportMaps read already (by path); each is taken from there
 * rather than read and parsed again. The others are read here.
 */
export function followDenoImportMaps(analyses: readonly FileAnalysis[], rules: RuleSet, opts: IncludeOptions, files: ReadonlyMap<string, ImportMapFile> = new Map()): { analyses: FileAnalysis[]; warnings: ScanWarning[] } {
  const { analyses: out, warnings, catalog, seen, realRoot } = startFollowing(rules, opts);
  if (realRoot === undefined) return { analyses: out, warnings };
  const read = new Map<string, ImportMapFile | undefined>();
  const served = new Set<string>();
  const cap: [number, string] = [MAX_IMPORT_MAP_FILES, 'import map files'];
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
      const pre = files.get(path);
      let got: ImportMapFile | undefined;
      // One read already: taken as namedText would take it (a manifest by name is the scan's own).
      if (pre !== undefined) got = takeNamed(path, seen, cap, warn) && !isManifest(path) ? pre : undefined;
      else {
        const text = namedText(realRoot, path, seen, cap, opts.maxTextBytes, warn);
        got = text === undefined ? undefined : keptOf(text, readImportMap(path, text), catalog);
      }
      read.set(path, got);
      for (const w of got?.warnings ?? []) warnings.push({ code: 'manifest/malformed', path, message: w });
    }
    const got = read.get(path);
    const importer = dirName(a.file.path);
    if (got === undefined || served.has(`${path}\u0000${importer}`)) continue;
    served.add(`${path}\u0000${importer}`);
    const deps = got.declared.map((d) => (importer === dirName(path) ? d : { ...d, importer }));
    addNamedManifest(path, got.bytes, { deps, warnings: [] }, catalog, { analyses: out, warnings });
  }
  return { analyses: out, warnings };
}

/**
 * The import maps of the tree, read before the analysis so that the JS/TS files below a
 * deno.json(c) resolve their bare imports as Deno does (src/lang/deno-import-map.ts): per folder of
 * a deno.json (deno.json before deno.jsonc, as Deno picks), its own `imports` and `scopes`, or with
 * none the file its `importMap` names; a workspace member's folder (one its root deno.json's
 * `workspace` lists) then the root's. Files that cannot be read or parsed give no map here (the
 * manifest readers and followDenoImportMaps warn about them). Each map says whether a target names
 * an AI package (`aiKeys`). `maps` is undefined when no deno.json maps anything; `files` holds what
 * followDenoImportMaps needs of each import map file read here, so that it reads none twice.
 */
export function readDenoImportMaps(paths: readonly string[], rules: RuleSet, opts: IncludeOptions): { maps: DenoImportMaps | undefined; files: Map<string, ImportMapFile> } {
  const files = new Map<string, ImportMapFile>();
  const configs = new Map<string, string>();
  for (const p of paths) {
    const base = p.slice(p.lastIndexOf('/') + 1);
    if (base === 'deno.json' || (base === 'deno.jsonc' && !configs.has(dirName(p)))) configs.set(dirName(p), p);
  }
  if (configs.size === 0) return { maps: undefined, files };
  const realRoot = realRootOf(opts.root);
  if (realRoot === undefined) return { maps: undefined, files };
  const c = sdkCatalog(rules);
  const isAi = (target: string): boolean => c.byImport('js', targetSpecifier(target)) !== undefined;
  const mapOf = (json: Record<string, unknown>, base: string): ImportMap => ({ ...importMapOf(json, base), aiKeys: aliasKeys(json, isAi) });
  const objectIn = (path: string): Record<string, unknown> | undefined => {
    const text = readInside(realRoot, path, opts.maxTextBytes, false);
    const v = typeof text === 'string' ? parseJson(text, { jsonc: true }).value : undefined;
    return isRecord(v) ? v : undefined;
  };
  // An import map file, parsed once: its map for the analysis, what followDenoImportMaps keeps for after it.
  const mapFileIn = (path: string): ImportMap | undefined => {
    const text = readInside(realRoot, path, opts.maxTextBytes, false);
    if (typeof text !== 'string') return undefined;
    const { result, root } = readImportMapFile(path, text);
    files.set(path, keptOf(text, result, c));
    return root === undefined ? undefined : mapOf(root, dirName(path));
  };
  const named = new Map<string, ImportMap | undefined>();
  const own = new Map<string, ImportMap | undefined>();
  const members = new Map<string, Members>();
  for (const [dir, path] of [...configs].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const root = objectIn(path);
    if (root === undefined) continue;
    let map: ImportMap | undefined;
    if (root.imports !== undefined || root.scopes !== undefined) map = mapOf(root, dir);
    else if (typeof root.importMap === 'string' && root.importMap.trim() !== '') {
      const file = includedPath(path, root.importMap.trim());
      if (typeof file === 'string') {
        if (!named.has(file)) named.set(file, mapFileIn(file));
        map = named.get(file);
      }
    }
    own.set(dir, map);
    const m = workspaceMembers(root, dir);
    if (m !== undefined) members.set(dir, m);
  }
  const out: DenoImportMaps = new Map();
  for (const dir of configs.keys()) {
    const chain = [own.get(dir)];
    // A workspace is one level: the nearest folder above with a deno.json that lists this one.
    for (let up = dir; up !== ''; ) {
      up = dirName(up);
      const m = members.get(up);
      if (m !== undefined && isMember(m, dir)) {
        if (chain[0] !== undefined) chain[0] = memberMap(chain[0], dir);
        chain.push(own.get(up));
        break;
      }
    }
    out.set(dir, chain.filter((m): m is ImportMap => m !== undefined));
  }
  return { maps: [...out.values()].some((m) => m.length > 0) ? out : undefined, files };
}
