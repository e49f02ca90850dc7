/**
 * Deno: deno.json / deno.jsonc (the `imports` import map and the maps of `scopes`: their `npm:`
 * specifiers are npm dependencies, their `jsr:` specifiers JSR ones) and deno.lock (versions 2 to
 * 5), which resolves them by the specifier as written. URLs and local paths are no packages.
 */
import type { Ecosystem } from '../types.js';
import { jsrImportOf } from '../npm-specifier.js';
import { withoutSchemeSlash } from '../deno-import-map.js';
import { Collector, dirName, exactSemver, isRecord, joinDir, type ManifestResult, str } from './common.js';
import { readJsonObject } from './json.js';
import { stripPeers } from './pnpm.js';
import { splitNameRange } from './yarn.js';

/**
 * An `npm:` specifier: `npm:openai@^4.20.0`, `npm:@scope/name@1`, with an optional `/subpath`
 * (`npm:openai@4/resources`); the range as written, none when no `@` follows the name. Undefined
 * for any other specifier (`jsr:`, URLs, paths; `npm:/openai` is packageSpecifier's).
 */
export function npmSpecifier(spec: string): { name: string; range?: string } | undefined {
  const m = /^npm:((?:@[^/@\s]+\/)?[^/@\s]+)(?:@([^/]*))?(?:\/.*)?$/.exec(spec.trim());
  if (m === null) return undefined;
  const range = m[2]?.trim();
  return range === undefined || range === '' ? { name: m[1]! } : { name: m[1]!, range };
}

/**
 * The package an import map value names: an `npm:` specifier (npm) or a `jsr:` one (JSR), also in
 * the form Deno takes for a prefix key's target, with a `/` after the colon (`"ai/": "npm:/ai@4/"`);
 * undefined for URLs and paths.
 */
export function packageSpecifier(written: string): { ecosystem: Ecosystem; name: string; range?: string } | undefined {
  const spec = withoutSchemeSlash(written);
  if (spec.startsWith('jsr:')) {
    const j = jsrImportOf(spec);
    return j === undefined ? undefined : { ecosystem: 'jsr', name: j.name, ...(j.range !== undefined ? { range: j.range } : {}) };
  }
  const n = npmSpecifier(spec);
  return n === undefined ? undefined : { ecosystem: 'npm', ...n };
}

/**
 * deno.json / deno.jsonc: the `npm:` and `jsr:` entries of `imports` and of each map in `scopes`,
 * and the import map file `importMap` names (in `workspace.importMap`, for
 * src/inventory/deno-import-maps.ts to read). Deno ignores `importMap` when the file has `imports`
 * or `scopes` of its own (and warns): so does this reader.
 */
export function readDenoJson(path: string, text: string): ManifestResult {
  const c = new Collector(path, 'npm');
  const read = readJsonObject(text, c, 'deno.json', { jsonc: true });
  if (read === undefined) return c.result();
  readImportMaps(read, c);
  const { root } = read;
  const named = root.importMap;
  const importMap = str(named)?.trim();
  if (named !== undefined && !importMap) c.warn('"importMap" is not a path');
  else if (importMap && (root.imports !== undefined || root.scopes !== undefined)) c.warn(`"importMap" (${importMap.slice(0, 200)}) is ignored: the file has "imports" or "scopes" of its own, which Deno reads instead`);
  else if (importMap) c.workspace = { path, ecosystem: 'npm', importMap };
  return c.result();
}

/** A Deno import map file (a deno.json's `importMap`): its `imports` and `scopes`, read as deno.json's own. */
export function readImportMap(path: string, text: string): ManifestResult {
  return readImportMapFile(path, text).result;
}

/**
 * readImportMap's reading with the JSON object it parsed (undefined when the file is none), so that
 * a caller that also resolves imports through the map (readDenoImportMaps) parses the file once.
 */
export function readImportMapFile(path: string, text: string): { result: ManifestResult; root: Record<string, unknown> | undefined } {
  const c = new Collector(path, 'npm');
  const read = readJsonObject(text, c, 'import map', { jsonc: true });
  if (read !== undefined) readImportMaps(read, c);
  return { result: c.result(), root: read?.root };
}

/** The `imports` and `scopes` of an import map (deno.json's own, or a file its `importMap` names). */
function readImportMaps({ root, j }: NonNullable<ReturnType<typeof readJsonObject>>, c: Collector): void {
  const maps: Array<Record<string, unknown>> = [];
  if (isRecord(root.imports)) maps.push(root.imports);
  else if (root.imports !== undefined) c.warn('"imports" is not an object');
  if (isRecord(root.scopes)) for (const m of Object.values(root.scopes)) if (isRecord(m)) maps.push(m);
  for (const map of maps) {
    for (const [key, value] of Object.entries(map)) {
      const s = str(value);
      const spec = s === undefined ? undefined : packageSpecifier(s.trim());
      if (spec === undefined) continue;
      if (!c.add({ ...spec, version: spec.range === undefined ? undefined : exactSemver(spec.range), line: j.keyLine(map, key), scope: 'runtime' })) return;
    }
  }
}

/**
 * The package and version a `specifiers` value resolves to: npm, v3 `npm:openai@4.20.1_zod@3.23.8`,
 * v4/v5 `4.20.1_zod@3.23.8`; JSR, v3 `jsr:@openai/openai@4.96.0`, v4/v5 `4.96.0`.
 */
function resolvedTo(eco: Ecosystem, name: string, value: unknown): { name: string; version?: string } {
  const v = str(value)?.trim();
  if (v === undefined) return { name };
  if (eco === 'jsr') {
    if (!v.startsWith('jsr:')) return { name, version: exactSemver(v) };
    const to = jsrImportOf(v);
    return to === undefined ? { name } : { name: to.name, version: exactSemver(to.range ?? '') };
  }
  const nr = v.startsWith('npm:') ? splitNameRange(v.slice('npm:'.length)) : { name, range: v };
  if (nr === undefined) return { name };
  return { name: nr.name, version: exactSemver(stripPeers(nr.range)) };
}

/**
 * deno.lock (versions 2 to 5; v1 locks remote modules only). Every `npm:` and `jsr:` key of `specifiers` is an entry: the package, the range as
 * the key writes it (what resolveVersions matches a declaration's spec against: deno.json's
 * `npm:openai@^4` and a package.json's `"openai": "^4"` are both `npm:openai@^4` there;
 * `jsr:@openai/openai@^4` is `jsr:@openai/openai@^4`) and the version it resolved to. The lock's
 * workspace members (`workspace.members`) get an entry per specifier they list, with the member
 * folder as importer. Packages of the `npm` and `jsr` sections that no specifier resolves to are
 * listed as nested: transitive, no declaration's version.
 */
export function readDenoLock(path: string, text: string): ManifestResult {
  const c = new Collector(path, 'npm');
  const read = readJsonObject(text, c, 'deno.lock');
  if (read === undefined) return c.result();
  const { root, j } = read;
  const version = root.version;
  // v1 (Deno before npm: support) is a bare map of remote module URLs to hashes, with no version
  // field: it locks no package at all, so there is nothing to read and nothing to warn about.
  if (version === undefined && j.error === undefined && Object.values(root).every((v) => typeof v === 'string')) return c.result();
  if (version !== '2' && version !== '3' && version !== '4' && version !== '5') {
    if (version !== undefined || j.error === undefined) c.warn(`lockfile version ${JSON.stringify(version ?? null)} is not one this reader knows (1 to 5); the lockfile is not read`);
    return c.result();
  }
  // v2 keeps `npm.specifiers` (keys and values without `npm:`, which v3 added: deno_lockfile's
  // transform2_to_3) and `npm.packages`; v3 both maps under `packages`; v4 and v5 at the top.
  const v2 = version === '2';
  const holder = version === '3' ? (isRecord(root.packages) ? root.packages : {}) : v2 ? (isRecord(root.npm) ? root.npm : {}) : root;
  const specifiers = isRecord(holder.specifiers) ? holder.specifiers : {};
  const packages = v2 ? holder.packages : holder.npm;
  const npm = isRecord(packages) ? packages : {};
  const jsr = !v2 && isRecord(holder.jsr) ? holder.jsr : {};
  const resolved = new Map<string, { ecosystem: Ecosystem; name: string; range?: string; version?: string; line?: number }>();
  const reached = new Set<string>();
  for (const [key, value] of Object.entries(specifiers)) {
    const spec = packageSpecifier(v2 ? `npm:${key}` : key);
    if (spec === undefined) continue;
    const to = resolvedTo(spec.ecosystem, spec.name, v2 && typeof value === 'string' ? `npm:${value}` : value);
    const e = { ecosystem: spec.ecosystem, name: to.name, range: spec.range, version: to.version, line: j.keyLine(specifiers, key) };
    resolved.set(key, e);
    if (to.version !== undefined) reached.add(`${spec.ecosystem}:${to.name}@${to.version}`);
    if (!c.add({ ...e, lockfile: path })) return c.result();
  }
  const lockDir = dirName(path);
  const ws = isRecord(root.workspace) ? root.workspace : undefined;
  const members = ws !== undefined && isRecord(ws.members) ? ws.members : {};
  for (const dir of Object.keys(members).sort()) {
    const m = members[dir];
    const importer = joinDir(lockDir, dir);
    if (!isRecord(m) || importer === undefined || importer === lockDir) continue;
    const lists = [m.dependencies, isRecord(m.packageJson) ? m.packageJson.dependencies : undefined];
    const seen = new Set<string>();
    for (const spec of lists.flatMap((l) => (Array.isArray(l) ? l : []))) {
      const e = typeof spec === 'string' && !seen.has(spec) ? resolved.get(spec) : undefined;
      if (e === undefined) continue;
      seen.add(spec as string);
      if (!c.add({ ...e, lockfile: path, importer })) return c.result();
    }
  }
  for (const key of Object.keys(npm)) {
    const nr = splitNameRange(key);
    const v = nr === undefined ? undefined : exactSemver(stripPeers(nr.range));
    if (nr === undefined || v === undefined || reached.has(`npm:${nr.name}@${v}`)) continue;
    if (!c.add({ name: nr.name, version: v, line: j.keyLine(npm, key), lockfile: path, nested: true })) return c.result();
  }
  // `@std/path@1.0.8`: a JSR package and its version.
  for (const key of Object.keys(jsr)) {
    const p = jsrImportOf(`jsr:${key}`);
    const v = p?.range === undefined ? undefined : exactSemver(p.range);
    if (p === undefined || v === undefined || reached.has(`jsr:${p.name}@${v}`)) continue;
    if (!c.add({ ecosystem: 'jsr', name: p.name, version: v, line: j.keyLine(jsr, key), lockfile: path, nested: true })) return c.result();
  }
  return c.result();
}
