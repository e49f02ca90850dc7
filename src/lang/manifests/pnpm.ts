/** pnpm-lock.yaml: lockfile v5.x (`/name/1.0.0`), v6 (`/name@1.0.0(peer)`) and v9 (`name@1.0.0`, snapshots). */
import { isMap, isScalar, type LineCounter, type Pair, type YAMLMap } from 'yaml';
import type { DeclaredDependency } from '../types.js';
import { Collector, dirName, errorText, isRecord, joinDir, parseYamlManifest, type ManifestResult, str } from './common.js';

type Scope = DeclaredDependency['scope'];

/** Drops pnpm's peer suffixes: `4.20.0(zod@3.22.4)` and v5's `4.20.0_zod@3.22.4`. */
export function stripPeers(v: string): string {
  const p = v.indexOf('(');
  const s = p < 0 ? v : v.slice(0, p);
  const u = s.indexOf('_');
  return u < 0 ? s : s.slice(0, u);
}

/** Name and version of a `packages` key in any lockfile version; undefined for non-registry keys. */
export function parsePnpmKey(key: string): { name: string; version: string } | undefined {
  let k = key.trim();
  const p = k.indexOf('(');
  if (p >= 0) k = k.slice(0, p);
  if (k.startsWith('/')) k = k.slice(1);
  // v5: name/version or @scope/name/version, peers after `_`.
  const v5 = /^((?:@[^/@]+\/)?[^/@]+)\/(\d[^/]*)$/.exec(k);
  if (v5 !== null) return { name: v5[1]!, version: stripPeers(v5[2]!) };
  // v6 / v9: name@version (the name may be scoped).
  const at = k.lastIndexOf('@');
  if (at > 0 && !k.slice(at + 1).includes('/')) {
    const name = k.slice(0, at);
    const version = stripPeers(k.slice(at + 1));
    if (/^\d/.test(version)) return { name, version };
    return undefined;
  }
  return undefined;
}

const IMPORTER_SECTIONS: Array<[string, Scope]> = [
  ['dependencies', 'runtime'],
  ['devDependencies', 'dev'],
  ['optionalDependencies', 'optional'],
];

export function readPnpmLock(path: string, text: string): ManifestResult {
  const c = new Collector(path, 'npm');
  const parsed = parseYamlManifest(mainDocument(text), c);
  if (!parsed) return c.result();
  const { doc, lc } = parsed;
  const top = doc.contents as YAMLMap<unknown, unknown>;
  let js: unknown;
  try {
    js = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    c.warn(`malformed YAML: ${errorText(e)}`);
  }
  const data = isRecord(js) ? js : {};

  // Direct dependencies (name@version → scope, specifier) from the importers (or the v5 root).
  const direct = new Map<string, { scope: Scope; range?: string }>();
  const rootImporter = (imp: Record<string, unknown>, isRoot: boolean): void => {
    const specifiers = isRecord(imp.specifiers) ? imp.specifiers : {};
    for (const [section, scope] of IMPORTER_SECTIONS) {
      const deps = imp[section];
      if (!isRecord(deps)) continue;
      for (const [name, v] of Object.entries(deps)) {
        const version = isRecord(v) ? str(v.version) : typeof v === 'string' ? v : undefined;
        const spec = isRecord(v) ? str(v.specifier) : str(specifiers[name]);
        if (version === undefined || /^(link|file|workspace):/.test(version)) continue;
        // v6+ may write a full key (`/@scope/x@1.0.0`) for aliases.
        const parsed = /^\d/.test(version) ? undefined : parsePnpmKey(version);
        const id = parsed !== undefined ? `${parsed.name}@${parsed.version}` : `${name}@${stripPeers(version)}`;
        const prev = direct.get(id);
        if (prev === undefined || (isRoot && prev.range === undefined)) direct.set(id, isRoot && spec !== undefined ? { scope, range: spec } : { scope: prev?.scope ?? scope });
      }
    }
  };
  const importers = data.importers;
  if (isRecord(importers)) {
    for (const [dir, imp] of Object.entries(importers)) if (isRecord(imp)) rootImporter(imp, dir === '.');
  } else {
    rootImporter(data, true);
  }

  readPackages(c, top, lc, direct);
  if (isRecord(importers)) readMembers(c, top, lc, importers);
  return c.result();
}

/** The line of a key in a map node, when the node is there. */
function keyLineIn(node: unknown, key: string, lc: LineCounter): number | undefined {
  if (!isMap(node)) return undefined;
  for (const item of node.items as Array<Pair<unknown, unknown>>) {
    if (isScalar(item.key) && String(item.key.value) === key && item.key.range != null) return lc.linePos(item.key.range[0]).line;
  }
  return undefined;
}

/**
 * Workspace members (`importers` other than `.`): one entry per direct dependency, with the
 * member's folder as its importer, so the member's package.json takes its version.
 */
function readMembers(c: Collector, top: YAMLMap<unknown, unknown>, lc: LineCounter, importers: Record<string, unknown>): void {
  const lockDir = dirName(c.path);
  const importersNode = top.get('importers', true);
  for (const dir of Object.keys(importers).sort()) {
    const imp = importers[dir];
    if (dir === '.' || dir === '' || !isRecord(imp)) continue;
    const importer = joinDir(lockDir, dir);
    if (importer === undefined) continue;
    const impNode = isMap(importersNode) ? importersNode.get(dir, true) : undefined;
    const specifiers = isRecord(imp.specifiers) ? imp.specifiers : {};
    for (const [section, scope] of IMPORTER_SECTIONS) {
      const deps = imp[section];
      if (!isRecord(deps)) continue;
      const sectionNode = isMap(impNode) ? impNode.get(section, true) : undefined;
      for (const [name, v] of Object.entries(deps)) {
        const raw = isRecord(v) ? str(v.version) : typeof v === 'string' ? v : undefined;
        const spec = isRecord(v) ? str(v.specifier) : str(specifiers[name]);
        if (raw === undefined || /^(link|file|workspace):/.test(raw)) continue;
        const parsed = /^\d/.test(raw) ? { name, version: stripPeers(raw) } : parsePnpmKey(raw);
        if (parsed === undefined) continue;
        if (!c.add({ name: parsed.name, range: spec, version: parsed.version, line: keyLineIn(sectionNode, name, lc), scope, lockfile: c.path, importer })) return;
      }
    }
  }
}

function readPackages(c: Collector, top: YAMLMap<unknown, unknown>, lc: LineCounter, direct: Map<string, { scope: Scope; range?: string }>): void {
  const path = c.path;
  const packagesNode = top.get('packages', true) ?? top.get('snapshots', true);
  if (!isMap(packagesNode)) return;
  const seen = new Set<string>();
  const found: Array<{ d: Omit<DeclaredDependency, 'path' | 'ecosystem'>; rank: number }> = [];
  for (const item of packagesNode.items as Array<Pair<unknown, unknown>>) {
    if (!isScalar(item.key)) continue;
    const key = String(item.key.value);
    const parsed = parsePnpmKey(key);
    if (parsed === undefined) continue;
    const id = `${parsed.name}@${parsed.version}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const meta = isMap(item.value) ? item.value : undefined;
    const get = (k: string): unknown => {
      const v = meta?.get(k);
      return isScalar(v) ? v.value : v;
    };
    const d = direct.get(id);
    let scope: Scope = d?.scope;
    if (get('dev') === true) scope = 'dev';
    else if (get('optional') === true) scope = 'optional';
    else if (get('dev') === false) scope = 'runtime';
    const line = item.key.range != null ? lc.linePos(item.key.range[0]).line : undefined;
    found.push({ d: { name: parsed.name, range: d?.range, version: parsed.version, line, scope, lockfile: path }, rank: d === undefined ? 1 : 0 });
  }
  found.sort((a, b) => a.rank - b.rank);
  for (const f of found) if (!c.add(f.d)) break;
}

/**
 * The lockfile's own YAML document. pnpm 11 writes its environment lockfile (the pnpm version the
 * project's `packageManager` field pins, its config dependencies) as a first document before the
 * project's, `---` starting each: the last document with a `lockfileVersion` is the project's. The
 * documents before it are blanked (line breaks kept, so lines and columns stay the file's).
 */
function mainDocument(text: string): string {
  const starts = [...text.matchAll(/^---[ \t]*(?:#.*)?$/gm)].map((m) => m.index);
  if (starts.length < 2 && !(starts.length === 1 && /\S/.test(text.slice(0, starts[0])))) return text;
  for (let i = starts.length - 1; i >= 0; i--) {
    const from = starts[i] as number;
    const doc = text.slice(from, starts[i + 1] ?? text.length);
    if (!/^lockfileVersion\s*:/m.test(doc)) continue;
    return /\S/.test(text.slice(0, from)) ? text.slice(0, from).replace(/[^\r\n]/g, ' ') + text.slice(from) : text;
  }
  return text;
}
