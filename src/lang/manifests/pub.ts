/**
 * Dart / Flutter (pub): pubspec.yaml and pubspec.lock.
 *
 * pubspec.yaml: `dependencies` (scope runtime), `dev_dependencies` (dev) and `dependency_overrides`.
 * An override forces the version or source of a package anywhere in the graph; a package the file
 * also declares keeps its own entry (the override adds none), and one it declares only as an
 * override is listed with scope runtime, as pubspec.lock lists it `direct overridden`. An entry is
 * a constraint (`^0.4.6`, `'>=1.0.0 <2.0.0'`, `any`, none) or a map: `version` with a `hosted`
 * server (a URL, or `{name, url}`), `git` (a URL, or `{url, ref, path}`) or `path` (no registry
 * version: the range is left out), or `sdk: flutter` (a package of the Flutter SDK, no pub
 * package: skipped).
 *
 * pubspec.lock: `packages: <name>: {dependency, description, source, version}`. The version is
 * taken for `source: hosted` only (a git or path package's version is its own pubspec's, no
 * release of the registry); `source: sdk` entries are skipped. `dependency` gives the scope:
 * `direct main` and `direct overridden` runtime, `direct dev` dev, `transitive` none. The lock
 * resolves the pubspec.yaml beside it (resolveVersions), and in a pub workspace the members'
 * (`resolution: workspace`): the root pubspec.yaml's `workspace:` list (folders relative to it,
 * globs as Cargo's members) is the result's `workspace`.
 */
import { isMap, isScalar, isSeq, type LineCounter, type Node, type Pair } from 'yaml';
import type { DeclaredDependency } from '../types.js';
import { Collector, exactSemver, parseYamlManifest, type ManifestResult } from './common.js';

/** A pub package name: lower-case letters, digits and underscores, not starting with a digit. */
const PUB_NAME = /^[a-z_][a-z0-9_]*$/;

const SECTIONS: [string, DeclaredDependency['scope']][] = [
  ['dependencies', 'runtime'],
  ['dev_dependencies', 'dev'],
  ['dependency_overrides', 'runtime'],
];

/** The map pairs of `key` in the document's top mapping; a value that is no mapping is a warning. */
function sectionPairs(contents: { get(key: string, keep: true): unknown }, key: string, c: Collector): Pair[] {
  const v = contents.get(key, true);
  if (v === undefined || v === null || (isScalar(v) && (v.value === null || v.value === undefined))) return [];
  if (!isMap(v)) {
    c.warn(`"${key}" is not a mapping`);
    return [];
  }
  return v.items as Pair[];
}

const lineAt = (lc: LineCounter, n: unknown): number | undefined => {
  const r = (n as Node | null)?.range;
  return r != null ? lc.linePos(r[0]).line : undefined;
};

const scalarText = (n: unknown): string | undefined => (isScalar(n) && n.value !== null && n.value !== undefined && typeof n.value !== 'object' ? String(n.value) : undefined);

export function readPubspec(path: string, text: string): ManifestResult {
  const c = new Collector(path, 'pub');
  const parsed = parseYamlManifest(text, c);
  if (!parsed) return c.result();
  const { doc, lc } = parsed;
  const own = scalarText(doc.contents.get('name', true));
  if (own !== undefined && PUB_NAME.test(own)) c.own = own;
  // A pub workspace root (`workspace: [packages/a, …]`): its pubspec.lock resolves the members.
  const ws = doc.contents.get('workspace', true);
  if (ws !== undefined && ws !== null) {
    const members = isSeq(ws) ? ws.items.flatMap((m) => scalarText(m) ?? []) : undefined;
    if (members === undefined) c.warn('"workspace" is not a list');
    else c.workspace = { path, ecosystem: 'pub', members };
  }
  const declared = new Set<string>();
  for (const [key, scope] of SECTIONS) {
    for (const pair of sectionPairs(doc.contents, key, c)) {
      const name = scalarText(pair.key);
      const line = lineAt(lc, pair.key);
      if (name === undefined || !PUB_NAME.test(name)) {
        c.warn(`line ${line ?? '?'}: not a pub package name in "${key}": ${String(name ?? '').slice(0, 100)}`);
        continue;
      }
      if (key === 'dependency_overrides' && declared.has(name)) continue;
      const v = pair.value;
      let range: string | undefined;
      if (v === null || v === undefined || (isScalar(v) && (v.value === null || v.value === undefined))) range = undefined;
      else if (isScalar(v)) range = scalarText(v)?.trim();
      else if (isMap(v)) {
        if (v.has('sdk')) continue; // `sdk: flutter`: part of the SDK, no pub package
        // git and path sources carry no registry version; a hosted (or plain) one its `version`.
        range = v.has('git') || v.has('path') ? undefined : scalarText(v.get('version', true))?.trim();
      } else {
        c.warn(`line ${line ?? '?'}: "${name}" in "${key}" is neither a constraint nor a mapping`);
        continue;
      }
      declared.add(name);
      const version = range === undefined ? undefined : exactSemver(range);
      if (!c.add({ name, range, version, line, scope })) return c.result();
    }
  }
  return c.result();
}

const LOCK_SCOPES: Record<string, DeclaredDependency['scope']> = { 'direct main': 'runtime', 'direct overridden': 'runtime', 'direct dev': 'dev' };

export function readPubspecLock(path: string, text: string): ManifestResult {
  const c = new Collector(path, 'pub');
  const parsed = parseYamlManifest(text, c);
  if (!parsed) return c.result();
  const { doc, lc } = parsed;
  for (const pair of sectionPairs(doc.contents, 'packages', c)) {
    const name = scalarText(pair.key);
    const line = lineAt(lc, pair.key);
    const p = pair.value;
    if (name === undefined || !PUB_NAME.test(name) || !isMap(p)) {
      c.warn(`line ${line ?? '?'}: not a locked package: ${String(name ?? '').slice(0, 100)}`);
      continue;
    }
    const source = scalarText(p.get('source', true));
    if (source === 'sdk') continue;
    const version = source === 'hosted' ? scalarText(p.get('version', true))?.trim() : undefined;
    const scope = LOCK_SCOPES[scalarText(p.get('dependency', true)) ?? ''];
    if (!c.add({ name, version, line, scope, lockfile: path })) return c.result();
  }
  return c.result();
}
