/**
 * Deno: deno.json / deno.jsonc (the `imports` import map and the maps of `scopes`: their `npm:`
 * specifiers are npm dependencies) and deno.lock (versions 3, 4 and 5), which resolves them by
 * the specifier as written. `jsr:` packages, URLs and local paths are no npm packages.
 */
import { Collector, dirName, exactSemver, isRecord, joinDir, type ManifestResult, str } from './common.js';
import { readJsonObject } from './json.js';
import { stripPeers } from './pnpm.js';
import { splitNameRange } from './yarn.js';

/**
 * An `npm:` specifier: `npm:openai@^4.20.0`, `npm:@scope/name@1`, with an optional `/subpath`
 * (`npm:openai@4/resources`); the range as written, none when no `@` follows the name. Undefined
 * for any other specifier (`jsr:`, URLs, paths, `npm:/openai`).
 */
export function npmSpecifier(spec: string): { name: string; range?: string } | undefined {
  const m = /^npm:((?:@[^/@\s]+\/)?[^/@\s]+)(?:@([^/]*))?(?:\/.*)?$/.exec(spec.trim());
  if (m === null) return undefined;
  const range = m[2]?.trim();
  return range === undefined || range === '' ? { name: m[1]! } : { name: m[1]!, range };
}

/** deno.json / deno.jsonc: the `npm:` entries of `imports` and of each map in `scopes`. */
export function readDenoJson(path: string, text: string): ManifestResult {
  const c = new Collector(path, 'npm');
  const read = readJsonObject(text, c, 'deno.json', { jsonc: true });
  if (read === undefined) return c.result();
  const { root, j } = read;
  const maps: Array<Record<string, unknown>> = [];
  if (isRecord(root.imports)) maps.push(root.imports);
  else if (root.imports !== undefined) c.warn('"imports" is not an object');
  if (isRecord(root.scopes)) for (const m of Object.values(root.scopes)) if (isRecord(m)) maps.push(m);
  for (const map of maps) {
    for (const [key, value] of Object.entries(map)) {
      const s = str(value);
      const spec = s === undefined ? undefined : npmSpecifier(s);
      if (spec === undefined) continue;
      if (!c.add({ name: spec.name, range: spec.range, version: spec.range === undefined ? undefined : exactSemver(spec.range), line: j.keyLine(map, key), scope: 'runtime' })) return c.result();
    }
  }
  return c.result();
}

/** The npm package and version a `specifiers` value resolves to: v3 `npm:openai@4.20.1_zod@3.23.8`, v4/v5 `4.20.1_zod@3.23.8`. */
function resolvedTo(name: string, value: unknown): { name: string; version?: string } {
  const v = str(value)?.trim();
  if (v === undefined) return { name };
  const nr = v.startsWith('npm:') ? splitNameRange(v.slice('npm:'.length)) : { name, range: v };
  if (nr === undefined) return { name };
  return { name: nr.name, version: exactSemver(stripPeers(nr.range)) };
}

/**
 * deno.lock. Every `npm:` key of `specifiers` is an entry: the package, the range as the key
 * writes it (what resolveVersions matches a declaration's spec against: deno.json's `npm:openai@^4`
 * and a package.json's `"openai": "^4"` are both `npm:openai@^4` there) and the version it
 * resolved to. The lock's workspace members (`workspace.members`) get an entry per `npm:`
 * specifier they list, with the member folder as importer. Packages of the `npm` section that no
 * specifier resolves to are listed as nested: transitive, no declaration's version.
 */
export function readDenoLock(path: string, text: string): ManifestResult {
  const c = new Collector(path, 'npm');
  const read = readJsonObject(text, c, 'deno.lock');
  if (read === undefined) return c.result();
  const { root, j } = read;
  const version = root.version;
  // v3 keeps both maps under `packages`; v4 and v5 at the top.
  if (version !== '3' && version !== '4' && version !== '5') {
    if (version !== undefined || j.error === undefined) c.warn(`lockfile version ${JSON.stringify(version ?? null)} is not one this reader knows (3, 4, 5); the lockfile is not read`);
    return c.result();
  }
  const holder = version === '3' ? (isRecord(root.packages) ? root.packages : {}) : root;
  const specifiers = isRecord(holder.specifiers) ? holder.specifiers : {};
  const npm = isRecord(holder.npm) ? holder.npm : {};
  const resolved = new Map<string, { name: string; range?: string; version?: string; line?: number }>();
  const reached = new Set<string>();
  for (const [key, value] of Object.entries(specifiers)) {
    const spec = npmSpecifier(key);
    if (spec === undefined) continue;
    const to = resolvedTo(spec.name, value);
    const e = { name: to.name, range: spec.range, version: to.version, line: j.keyLine(specifiers, key) };
    resolved.set(key, e);
    if (to.version !== undefined) reached.add(`${to.name}@${to.version}`);
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
    if (nr === undefined || v === undefined || reached.has(`${nr.name}@${v}`)) continue;
    if (!c.add({ name: nr.name, version: v, line: j.keyLine(npm, key), lockfile: path, nested: true })) return c.result();
  }
  return c.result();
}
