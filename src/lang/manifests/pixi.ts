/**
 * pixi (prefix.dev): pixi.toml and pyproject.toml's `[tool.pixi.*]` tables (conda packages as
 * conda, `pypi-dependencies` as PyPI), and pixi.lock (rattler_lock's YAML, versions 5 and 6).
 */
import { isMap, isScalar, isSeq, type LineCounter, type Node } from 'yaml';
import type { DeclaredDependency, Ecosystem } from '../types.js';
import { boundText, Collector, isRecord, MAX_DEPS, parseYamlManifest, str, type ManifestResult } from './common.js';
import { groupScope } from './python.js';
import { pinOf, urlVersion } from './requirements.js';
import { keyLine, parseToml, type TomlDoc } from './toml.js';

type Scope = DeclaredDependency['scope'];

/** A dependency table of a pixi manifest: its key, ecosystem, and whether it is for the build (host and build dependencies). */
type Section = readonly [table: string, eco: Ecosystem, build: boolean];

/** The dependency tables of a pixi workspace (its top level, a target's, a feature's). */
const SECTIONS: readonly Section[] = [
  ['dependencies', 'conda', false],
  ['host-dependencies', 'conda', true],
  ['build-dependencies', 'conda', true],
  ['pypi-dependencies', 'pypi', false],
];

/**
 * The dependency tables of a pixi-build `[package]` (pixi_manifest's TomlPackage and
 * TomlPackageTarget): what the built package needs at run time, and what its build links against
 * (host) or runs (build). Conda packages only.
 */
const PACKAGE_SECTIONS: readonly Section[] = [
  ['run-dependencies', 'conda', false],
  ['host-dependencies', 'conda', true],
  ['build-dependencies', 'conda', true],
];

/**
 * A conditional table inside a `[package]` dependency table: `[package.host-dependencies."if(host_platform == 'linux-64')"]`.
 * pixi takes these there only (pixi_manifest: a `target.<selector>` key with `(` fails with "Expression
 * selectors (`if(...)`) are only supported inside the `[package]` dependency tables", and a workspace
 * or feature dependency table's keys are package names, which `(` is not part of): elsewhere such a
 * key is a warning, and what it holds is not read (notIfKey).
 */
const CONDITION_KEY = /^if\(.*\)$/s;

/** False, with a warning, for an `if(…)` key at `path` where pixi does not take one (CONDITION_KEY). */
function notIfKey(c: Collector, path: readonly string[], key: string): boolean {
  if (!CONDITION_KEY.test(key)) return true;
  c.warn(`${[...path, key].join('.')}: pixi takes "if(…)" keys only in a [package] dependency table; not read`);
  return false;
}

/** The `target.<selector>` tables of `table` (at `path`), an `if(…)` selector left out (notIfKey). */
function targetTables(c: Collector, path: readonly string[], table: Record<string, unknown>): Array<[selector: string, t: Record<string, unknown>]> {
  if (!isRecord(table.target)) return [];
  return Object.entries(table.target).filter((e): e is [string, Record<string, unknown>] => isRecord(e[1]) && notIfKey(c, [...path, 'target'], e[0]));
}

/**
 * The scope of a pixi feature's dependencies: a feature is installed only in the environments that
 * list it, so `optional`, unless its name says it is for tests or tools (groupScope: `test`,
 * `lint`, `dev`, `docs`…), which gives test or dev.
 */
export function featureScope(name: string): Scope {
  return groupScope(name) ?? 'optional';
}

/** The exact version of a conda version spec that is one version: `==2.1.0` or a bare `2.1.0` (no wildcard, no operator). */
function condaPin(range: string): string | undefined {
  const m = /^(?:==)?\s*(\d[\w.+!]*)$/.exec(range.trim());
  return m === null ? undefined : m[1];
}

/**
 * One entry of a pixi dependency table: a spec string (`">=2.0"`, `"2.1.0"`, `"*"`) or a table
 * (`{ version = …, channel = …, build = … }` for conda; `{ version = …, extras = [...] }` for
 * PyPI). A `git`, `path` or `url` source has no registry version (a PyPI `url` to the package's own
 * wheel or sdist gives the version its file name does).
 */
function pixiSpec(name: string, spec: unknown, eco: Ecosystem): { range?: string; version?: string } {
  if (typeof spec === 'string') {
    const range = spec.trim();
    return { range, version: eco === 'pypi' ? pinOf(range) : condaPin(range) };
  }
  if (!isRecord(spec)) return {};
  const url = str(spec.url);
  if (spec.git !== undefined || spec.path !== undefined || url !== undefined) {
    return { version: eco === 'pypi' && url !== undefined ? urlVersion(name, url) : undefined };
  }
  const v = str(spec.version);
  return v === undefined ? {} : pixiSpec(name, v, eco);
}

/**
 * The dependency tables under `base` (`[]` for pixi.toml, `['tool', 'pixi']` in pyproject.toml):
 * its own, its `target.<platform>.*` ones and (at the top only) each `feature.<name>`'s with its
 * targets. `scope` is the scope of runtime tables there; host and build dependencies are `build`.
 */
function pixiTables(c: Collector, doc: TomlDoc, base: string[], table: Record<string, unknown>, scope: Scope, features: boolean): void {
  readSections(c, doc, SECTIONS, base, table, scope);
  for (const [platform, t] of targetTables(c, base, table)) readSections(c, doc, SECTIONS, [...base, 'target', platform], t, scope);
  if (features && isRecord(table.feature)) {
    for (const [name, f] of Object.entries(table.feature)) if (isRecord(f)) pixiTables(c, doc, [...base, 'feature', name], f, featureScope(name), false);
  }
  // pixi-build: the package this workspace builds, its own tables and its `target.<selector>` ones.
  const pkg = table.package;
  if (features && isRecord(pkg)) {
    const path = [...base, 'package'];
    readSections(c, doc, PACKAGE_SECTIONS, path, pkg, 'runtime');
    for (const [selector, t] of targetTables(c, path, pkg)) readSections(c, doc, PACKAGE_SECTIONS, [...path, 'target', selector], t, 'runtime');
  }
}

/**
 * The dependency tables `sections` of one table at `path`; `scope` is the scope of runtime tables,
 * host and build dependencies are `build`. In a `[package]` table an `"if(<expression>)"` entry
 * is a table of dependencies under that condition, read with the table's scope; anywhere else
 * (a workspace or feature table, inside another `if(…)`) pixi does not take one (notIfKey).
 */
function readSections(c: Collector, doc: TomlDoc, sections: readonly Section[], path: string[], t: Record<string, unknown>, scope: Scope): void {
  const conditional = sections === PACKAGE_SECTIONS; // only pixi-build's package tables take `if(…)` keys
  const read = (at: string[], deps: Record<string, unknown>, eco: Ecosystem, depScope: Scope): boolean => {
    for (const [name, spec] of Object.entries(deps)) {
      if (conditional && CONDITION_KEY.test(name) && at.length === path.length + 1) {
        if (!isRecord(spec)) c.warn(`${[...at, name].join('.')} is not a table`);
        else if (!read([...at, name], spec, eco, depScope)) return false;
        continue;
      }
      if (!notIfKey(c, at, name)) continue;
      const s = pixiSpec(name, spec, eco);
      if (!c.add({ ecosystem: eco, name, range: s.range, version: s.version, line: keyLine(doc, at, name), scope: depScope })) return false;
    }
    return true;
  };
  for (const [section, eco, build] of sections) {
    const deps = t[section];
    if (deps === undefined) continue;
    if (!isRecord(deps)) {
      c.warn(`${[...path, section].join('.')} is not a table`);
      continue;
    }
    if (!read([...path, section], deps, eco, build ? 'build' : scope)) return;
  }
}

/** pyproject.toml's `[tool.pixi.*]` dependency tables, read by readPyproject into its collector. */
export function readToolPixi(c: Collector, doc: TomlDoc, pixi: Record<string, unknown>): void {
  pixiTables(c, doc, ['tool', 'pixi'], pixi, 'runtime', true);
}

export function readPixiToml(path: string, text: string): ManifestResult {
  const c = new Collector(path, 'conda');
  const doc = parseToml(boundText(text, c), (m) => c.warn(m));
  pixiTables(c, doc, [], doc.data, 'runtime', true);
  return c.result();
}

/** A scalar's text as written (a plain `version: 1.10` is the string 1.10, not the number 1.1). */
function scalarText(n: unknown): string | undefined {
  if (!isScalar(n) || n.value === null || n.value === undefined || typeof n.value === 'object') return undefined;
  const t = typeof n.value === 'string' ? n.value : (n.source ?? String(n.value));
  return t.trim() === '' ? undefined : t.trim();
}

/**
 * Name, version and build of a conda archive from its file name (`pytorch-2.3.0-py3.11_cuda12.1_0.conda`,
 * `.tar.bz2`): rattler_lock v6 leaves these fields out of an entry when the file name gives them.
 */
export function condaArchive(location: string): { name: string; version: string } | undefined {
  const file = location.split(/[?#]/)[0]!.split(/[\\/]/).pop() ?? '';
  const m = /^(.+)-([^-]+)-([^-]+)\.(?:conda|tar\.bz2)$/.exec(file);
  return m === null ? undefined : { name: m[1]!, version: m[2]! };
}

/**
 * The scope of a pixi.lock package from the environments that list it: runtime when `default` is
 * one; test or dev when every one is a test or tool environment by name (groupScope); optional
 * otherwise. None when no environment lists it.
 */
function envScope(envs: ReadonlySet<string> | undefined): Scope {
  if (envs === undefined || envs.size === 0) return undefined;
  if (envs.has('default')) return 'runtime';
  const scopes = [...envs].map(groupScope);
  if (scopes.every((s) => s === 'test')) return 'test';
  return scopes.every((s) => s === 'test' || s === 'dev') ? 'dev' : 'optional';
}

/**
 * Read access to a pixi.lock's tree, so one reader (readLockTree) takes either the yaml package's
 * document or the line reader's (pixiLockLines) tree. `get` is a map's value by key (undefined
 * when the node is not a map or has no such key), `pairs` a map's entries with each key's text
 * (none when not a map), `items` a sequence's (undefined when not one), `text` a scalar's text as
 * written (scalarText), `line` a node's first line.
 */
interface LockTree<N> {
  get(n: N | undefined, key: string): N | undefined;
  pairs(n: N | undefined): Iterable<[key: string | undefined, value: N | undefined]>;
  items(n: N | undefined): ReadonlyArray<N | undefined> | undefined;
  isMap(n: N | undefined): boolean;
  text(n: N | undefined): string | undefined;
  line(n: N): number | undefined;
}

/** The yaml package's document as a LockTree. */
function yamlTree(lc: LineCounter): LockTree<unknown> {
  return {
    get: (n, key) => (isMap(n) ? (n.get(key, true) as unknown) : undefined),
    pairs: (n) => (isMap(n) ? n.items.map((p): [string | undefined, unknown] => [scalarText(p.key), p.value]) : []),
    items: (n) => (isSeq(n) ? n.items : undefined),
    isMap: (n) => isMap(n),
    text: scalarText,
    line: (n) => {
      const range = (n as Node).range;
      return range != null ? lc.linePos(range[0]).line : undefined;
    },
  };
}

/** Location → names of the environments whose packages (any platform) list it. */
function environmentsOf<N>(t: LockTree<N>, top: N): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const [envName, env] of t.pairs(t.get(top, 'environments'))) {
    const pkgs = t.get(env, 'packages');
    if (envName === undefined || !t.isMap(pkgs)) continue;
    for (const [, platform] of t.pairs(pkgs)) {
      for (const ref of t.items(platform) ?? []) {
        if (!t.isMap(ref)) continue;
        const at = t.text(t.get(ref, 'conda')) ?? t.text(t.get(ref, 'pypi'));
        if (at === undefined) continue;
        let set = out.get(at);
        if (set === undefined) out.set(at, (set = new Set()));
        set.add(envName);
      }
    }
  }
  return out;
}

/**
 * pixi.lock: every entry of `packages` with its version. Version 6 writes `- conda: <url>` (name,
 * version and build left out when the archive's file name gives them) and `- pypi: <url>` with
 * `name` and `version`; version 5 writes `kind: conda|pypi` with `name`, `version` and `url` (or
 * `path`). An editable PyPI entry (the project itself) is left out. A package locked at one version
 * for several platforms is one entry; at different versions, one entry each, in file order
 * (resolveVersions gives each to the declaration, as uv.lock's forks). Another `version:` is a
 * warning, and the entries are read by the keys they have.
 *
 * pixi writes the file in one regular shape (block maps and sequences, one scalar a line), which
 * the line reader (pixiLockLines) reads in a fraction of the yaml package's time (5 MB: ~0.3 s
 * against ~4 s); any other text (flow collections, anchors, multi-line scalars, errors) is parsed by
 * the yaml package, with the same result (readPixiLockYaml).
 */
export function readPixiLock(path: string, text: string): ManifestResult {
  const c = new Collector(path, 'conda');
  const bounded = boundText(text, c);
  const lines = pixiLockLines(bounded);
  if (lines === undefined) return readYamlLock(c, bounded);
  readLockTree(c, lineTree, lines);
  return c.result();
}

/** pixi.lock read with the yaml package only (what readPixiLock falls back to), for comparing the two. */
export function readPixiLockYaml(path: string, text: string): ManifestResult {
  const c = new Collector(path, 'conda');
  return readYamlLock(c, boundText(text, c));
}

function readYamlLock(c: Collector, text: string): ManifestResult {
  const parsed = parseYamlManifest(text, c);
  if (parsed !== undefined) readLockTree(c, yamlTree(parsed.lc), parsed.doc.contents as unknown);
  return c.result();
}

function readLockTree<N>(c: Collector, t: LockTree<N>, top: N): void {
  const path = c.path;
  const version = t.text(t.get(top, 'version'));
  if (version !== '5' && version !== '6') c.warn(`version ${version === undefined ? 'missing' : JSON.stringify(version).slice(0, 40)}: read as versions 5 and 6 are`);
  const packages = t.get(top, 'packages');
  if (packages === undefined) return;
  const items = t.items(packages);
  if (items === undefined) {
    c.warn('packages is not a list');
    return;
  }
  const envs = environmentsOf(t, top);
  // id → the entry and every environment that lists one of its locations (one version, several platforms).
  const found = new Map<string, { d: Omit<DeclaredDependency, 'path'>; envs: Set<string> }>();
  items.forEach((item, i) => {
    if (found.size >= MAX_DEPS || item === undefined || !t.isMap(item)) return;
    const get = (k: string): string | undefined => t.text(t.get(item, k));
    const kind = get('kind');
    const condaAt = get('conda') ?? (kind === 'conda' ? (get('url') ?? get('path')) : undefined);
    const pypiAt = get('pypi') ?? (kind === 'pypi' ? (get('url') ?? get('path')) : undefined);
    const eco: Ecosystem | undefined = condaAt !== undefined ? 'conda' : pypiAt !== undefined ? 'pypi' : undefined;
    if (eco === undefined) {
      c.warn(`packages[${i}] is neither a conda nor a pypi package`);
      return;
    }
    if (eco === 'pypi' && get('editable') === 'true') return;
    const at = (condaAt ?? pypiAt)!;
    const archive = eco === 'conda' ? condaArchive(at) : undefined;
    const name = get('name') ?? archive?.name;
    if (name === undefined) {
      c.warn(`packages[${i}] has no name`);
      return;
    }
    const version = get('version') ?? archive?.version;
    const id = `${eco}\0${name.toLowerCase()}\0${version ?? ''}`;
    let f = found.get(id);
    if (f === undefined) found.set(id, (f = { d: { ecosystem: eco, name, version, line: t.line(item), lockfile: path }, envs: new Set() }));
    for (const e of envs.get(at) ?? []) f.envs.add(e);
  });
  for (const { d, envs: listed } of found.values()) if (!c.add({ ...d, scope: envScope(listed) })) break;
}

/** A node of the line reader's tree: a block map (keys in order, no duplicates), a block sequence or a scalar's text (scalarText). */
type LineNode = { kind: 'map'; line: number; entries: Map<string, LineNode> } | { kind: 'seq'; line: number; items: LineNode[] } | { kind: 'scalar'; line: number; text: string | undefined };

const lineTree: LockTree<LineNode> = {
  get: (n, key) => (n?.kind === 'map' ? n.entries.get(key) : undefined),
  pairs: (n) => (n?.kind === 'map' ? n.entries.entries() : []),
  items: (n) => (n?.kind === 'seq' ? n.items : undefined),
  isMap: (n) => n?.kind === 'map',
  text: (n) => (n?.kind === 'scalar' ? n.text : undefined),
  line: (n) => n.line,
};

/** Characters the line reader leaves to the yaml package: tabs, carriage returns, other controls, YAML 1.1 line breaks, a byte-order mark. */
// eslint-disable-next-line no-control-regex -- control characters are what the line reader leaves to the yaml package
const IRREGULAR_CHARS = /[\0-\x09\x0b-\x1f\x7f\x85\u2028\u2029\ufeff]/;
/** A block map key as pixi writes one (a plain name that YAML reads as a string), then `:` and a space or the line's end. */
const KEY = /^([A-Za-z_][\w.-]{0,200}):(?= |$)/;
/** Plain keys YAML's core schema reads as null or a boolean, not as the string. */
const NON_STRING_KEYS = new Set(['null', 'Null', 'NULL', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE']);
const NULLS = new Set(['~', 'null', 'Null', 'NULL']);

/**
 * A one-line scalar value as pixi writes it: plain (not starting with an indicator, no `: ` or
 * ` #` inside), single-quoted, or double-quoted without escapes; `[]` and `{}` are empty
 * collections. Undefined for anything else (the yaml package reads those).
 */
function lineValue(v: string, line: number): LineNode | undefined {
  if (v === '[]') return { kind: 'seq', line, items: [] };
  if (v === '{}') return { kind: 'map', line, entries: new Map() };
  const text = (s: string): LineNode => ({ kind: 'scalar', line, text: s.trim() === '' ? undefined : s.trim() });
  const q = v[0];
  if (q === "'") {
    let k = 1;
    for (; k < v.length; k++) {
      if (v[k] !== "'") continue;
      if (v[k + 1] !== "'") break;
      k++;
    }
    return k === v.length - 1 ? text(v.slice(1, -1).replaceAll("''", "'")) : undefined;
  }
  if (q === '"') return /^"[^"\\]*"$/.test(v) ? text(v.slice(1, -1)) : undefined;
  if ('-?:,[]{}#&*!|>%@`'.includes(q!) || v.includes(': ') || v.endsWith(':') || v.includes(' #')) return undefined;
  return { kind: 'scalar', line, text: NULLS.has(v) ? undefined : v };
}

/**
 * The line reader: a pixi.lock's tree when every line is in the shape pixi writes (block maps of
 * plain keys, block sequences at or under their key's column, `- key: value` items, one-line
 * scalars, blank and comment lines), else undefined. One pass, a stack of open collections by
 * column; a line that does not fit where it stands (a continuation line, an indentation YAML
 * would not accept, a repeated key) gives undefined, so the yaml package reads the text.
 */
export function pixiLockLines(text: string): LineNode | undefined {
  if (IRREGULAR_CHARS.test(text)) return undefined;
  const root: LineNode = { kind: 'map', line: 1, entries: new Map() };
  const stack: Array<{ node: LineNode; indent: number }> = [{ node: root, indent: 0 }];
  // A key with no value on its line: its map, its column and line; the next line gives its value.
  let open: { map: Map<string, LineNode>; key: string; indent: number; line: number } | undefined;
  let content = false;
  let lineNo = 0;
  for (let start = 0; start <= text.length; ) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const line = text.slice(start, end).trimEnd();
    start = end + 1;
    lineNo++;
    let n = 0;
    while (line.charCodeAt(n) === 32) n++;
    if (n === line.length || line[n] === '#') continue;
    content = true;
    const isItem = line[n] === '-' && (line[n + 1] === ' ' || n + 1 === line.length);
    let col = n;
    if (isItem) {
      col = n + 1;
      while (line.charCodeAt(col) === 32) col++;
      if (col === line.length) return undefined;
    }
    const rest = line.slice(col);
    // Where the line stands: under the open key, else in the collection open at its column.
    let top = stack[stack.length - 1]!;
    if (open !== undefined && (isItem ? n >= open.indent : n > open.indent)) {
      const node: LineNode = isItem ? { kind: 'seq', line: lineNo, items: [] } : { kind: 'map', line: lineNo, entries: new Map() };
      open.map.set(open.key, node);
      stack.push((top = { node, indent: n }));
    } else {
      if (open !== undefined) open.map.set(open.key, { kind: 'scalar', line: open.line, text: undefined });
      while (top.indent > n) {
        stack.pop();
        top = stack[stack.length - 1]!;
      }
      if (!isItem && top.node.kind === 'seq' && top.indent === n) {
        stack.pop();
        top = stack[stack.length - 1]!;
      }
      if (top.indent !== n || top.node.kind !== (isItem ? 'seq' : 'map')) return undefined;
    }
    open = undefined;
    // The line's own content: a key (with its value or opening one), or an item's scalar.
    let map: Map<string, LineNode>;
    if (isItem) {
      const seq = top.node as Extract<LineNode, { kind: 'seq' }>;
      if (!KEY.test(rest)) {
        const v = lineValue(rest, lineNo);
        if (v === undefined) return undefined;
        seq.items.push(v);
        continue;
      }
      const item: LineNode = { kind: 'map', line: lineNo, entries: new Map() };
      seq.items.push(item);
      stack.push({ node: item, indent: col });
      map = item.entries;
    } else {
      map = (top.node as Extract<LineNode, { kind: 'map' }>).entries;
    }
    const m = KEY.exec(rest);
    if (m === null) return undefined;
    const key = m[1]!;
    if (NON_STRING_KEYS.has(key) || map.has(key)) return undefined;
    const v = rest.slice(key.length + 1).trim();
    if (v === '') {
      open = { map, key, indent: col, line: lineNo };
      map.set(key, { kind: 'scalar', line: lineNo, text: undefined });
      continue;
    }
    const value = lineValue(v, lineNo);
    if (value === undefined) return undefined;
    map.set(key, value);
  }
  if (open !== undefined) open.map.set(open.key, { kind: 'scalar', line: open.line, text: undefined });
  return content ? root : undefined;
}
