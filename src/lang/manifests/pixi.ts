/**
 * pixi (prefix.dev): pixi.toml and pyproject.toml's `[tool.pixi.*]` tables (conda packages as
 * conda, `pypi-dependencies` as PyPI), and pixi.lock (rattler_lock's YAML, versions 5 and 6).
 */
import { isMap, isScalar, isSeq, type Node, type YAMLMap } from 'yaml';
import type { DeclaredDependency, Ecosystem } from '../types.js';
import { boundText, Collector, isRecord, MAX_DEPS, parseYamlManifest, str, type ManifestResult } from './common.js';
import { groupScope } from './python.js';
import { pinOf, urlVersion } from './requirements.js';
import { keyLine, parseToml, type TomlDoc } from './toml.js';

type Scope = DeclaredDependency['scope'];

/** The dependency tables of a pixi manifest (its top level, a target's, a feature's), their ecosystem and scope (undefined: the table's own). */
const SECTIONS: ReadonlyArray<[table: string, eco: Ecosystem, build: boolean]> = [
  ['dependencies', 'conda', false],
  ['host-dependencies', 'conda', true],
  ['build-dependencies', 'conda', true],
  ['pypi-dependencies', 'pypi', false],
];

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
  const sections = (path: string[], t: Record<string, unknown>): void => {
    for (const [section, eco, build] of SECTIONS) {
      const deps = t[section];
      if (deps === undefined) continue;
      if (!isRecord(deps)) {
        c.warn(`${[...path, section].join('.')} is not a table`);
        continue;
      }
      for (const [name, spec] of Object.entries(deps)) {
        const s = pixiSpec(name, spec, eco);
        if (!c.add({ ecosystem: eco, name, range: s.range, version: s.version, line: keyLine(doc, [...path, section], name), scope: build ? 'build' : scope })) return;
      }
    }
  };
  sections(base, table);
  if (isRecord(table.target)) {
    for (const [platform, t] of Object.entries(table.target)) if (isRecord(t)) sections([...base, 'target', platform], t);
  }
  if (features && isRecord(table.feature)) {
    for (const [name, f] of Object.entries(table.feature)) if (isRecord(f)) pixiTables(c, doc, [...base, 'feature', name], f, featureScope(name), false);
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

/** Location → names of the environments whose packages (any platform) list it. */
function environmentsOf(top: YAMLMap<unknown, unknown>): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const envs = top.get('environments', true);
  if (!isMap(envs)) return out;
  for (const env of envs.items) {
    const envName = scalarText(env.key);
    const pkgs = isMap(env.value) ? env.value.get('packages', true) : undefined;
    if (envName === undefined || !isMap(pkgs)) continue;
    for (const platform of pkgs.items) {
      if (!isSeq(platform.value)) continue;
      for (const ref of platform.value.items) {
        if (!isMap(ref)) continue;
        const at = scalarText(ref.get('conda', true)) ?? scalarText(ref.get('pypi', true));
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
 */
export function readPixiLock(path: string, text: string): ManifestResult {
  const c = new Collector(path, 'conda');
  const parsed = parseYamlManifest(text, c);
  if (!parsed) return c.result();
  const { doc, lc } = parsed;
  const top = doc.contents as YAMLMap<unknown, unknown>;
  const version = scalarText(top.get('version', true));
  if (version !== '5' && version !== '6') c.warn(`version ${version === undefined ? 'missing' : JSON.stringify(version).slice(0, 40)}: read as versions 5 and 6 are`);
  const packages = top.get('packages', true);
  if (packages === undefined) return c.result();
  if (!isSeq(packages)) {
    c.warn('packages is not a list');
    return c.result();
  }
  const envs = environmentsOf(top);
  const lineOf = (n: Node): number | undefined => (n.range != null ? lc.linePos(n.range[0]).line : undefined);
  // id → the entry and every environment that lists one of its locations (one version, several platforms).
  const found = new Map<string, { d: Omit<DeclaredDependency, 'path'>; envs: Set<string> }>();
  packages.items.forEach((item, i) => {
    if (found.size >= MAX_DEPS || !isMap(item)) return;
    const get = (k: string): string | undefined => scalarText(item.get(k, true));
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
    if (f === undefined) found.set(id, (f = { d: { ecosystem: eco, name, version, line: lineOf(item as Node), lockfile: path }, envs: new Set() }));
    for (const e of envs.get(at) ?? []) f.envs.add(e);
  });
  for (const { d, envs: listed } of found.values()) if (!c.add({ ...d, scope: envScope(listed) })) break;
  return c.result();
}
