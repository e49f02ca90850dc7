/** pyproject.toml (PEP 621, PEP 735, Poetry, uv, PDM, pixi), Pipfile, Pipfile.lock, poetry.lock, uv.lock, pdm.lock and PEP 751 pylock.toml. */
import type { DeclaredDependency } from '../types.js';
import { baseName, boundText, Collector, dirName, isRecord, type ManifestResult, str } from './common.js';
import { parseJson } from './json.js';
import { readToxIni, readToxTables } from './tox.js';
import { readToolPixi } from './pixi.js';
import { addPep508, pinOf, urlVersion } from './requirements.js';
import { ArrayLines, arrayTableLines, keyLine, lineInBody, parseToml, type TomlDoc } from './toml.js';

type Scope = DeclaredDependency['scope'];

/**
 * Dependency group names that say what the group is for. A word of the name (split at runs of
 * `-_.`, as PEP 735 normalizes names) that is a TEST or DEV word is enough (`integration-tests`,
 * `dev-tools`, `lint`); the NAMES count only as the whole name, because as one word among others
 * they often name something the application does (`style-transfer`, `doc-qa`, `ci-bot`). `dev` is
 * the group uv, PDM and Poetry write by default; the others are the usual names of test runners,
 * linters, formatters, type checkers, documentation, CI and benchmarks. Any other name (`ml`, `gpu`,
 * `server`, `agents`) says nothing: such a group may hold what the application runs with.
 */
const TEST_WORDS: ReadonlySet<string> = new Set(['test', 'tests', 'testing', 'pytest', 'e2e']);
const TEST_NAMES: ReadonlySet<string> = new Set(['coverage', 'cov']);
const DEV_WORDS: ReadonlySet<string> = new Set(['dev', 'devel', 'develop', 'development', 'lint', 'linting', 'linters', 'docs', 'documentation', 'typing', 'mypy']);
const DEV_NAMES: ReadonlySet<string> = new Set(['doc', 'linter', 'format', 'formatting', 'fmt', 'style', 'types', 'typecheck', 'ci', 'qa', 'precommit', 'bench', 'benchmark', 'benchmarks']);

/**
 * The scope a dependency group's name implies (PEP 735, Poetry, PDM): `test` or `dev` for the
 * well-known test and tool groups above; undefined for any other group, whose name does not tell.
 */
export function groupScope(group: string): Scope {
  const words = group.toLowerCase().split(/[-_.]+/);
  const whole = words.join('');
  if (words.some((w) => TEST_WORDS.has(w)) || TEST_NAMES.has(whole)) return 'test';
  return words.some((w) => DEV_WORDS.has(w)) || DEV_NAMES.has(whole) ? 'dev' : undefined;
}

/** PEP 508 strings of an array value at `path.key`; `named`, the group or extra the array is. */
function pep508Array(c: Collector, doc: TomlDoc, path: string[], key: string, list: unknown, scope: Scope, named: Pick<DeclaredDependency, 'groups' | 'extras'> = {}): void {
  if (!Array.isArray(list)) {
    if (list !== undefined) c.warn(`${[...path, key].join('.')} is not an array`);
    return;
  }
  const lines = new ArrayLines(doc, keyLine(doc, path, key));
  for (const item of list) {
    if (typeof item !== 'string') continue; // PEP 735 {include-group = "…"}
    if (!addPep508(c, item, lines.lineOf(item), scope, [...path, key].join('.'), named)) return;
  }
}

/** Poetry's specs: '^1.0', '1.2.3' and '=1.2.3' (exact), {version = …, optional = true}, [{…}, {…}]. */
function poetrySpec(spec: unknown): { range?: string; version?: string; optional: boolean } {
  if (typeof spec === 'string') {
    const t = spec.trim();
    const version = pinOf(t) ?? (/^\d[\w.+!-]*$/.test(t) ? t : /^=\s*\d[\w.+!-]*$/.test(t) ? t.slice(1).trim() : undefined);
    return { range: t, version, optional: false };
  }
  if (isRecord(spec)) {
    const r = typeof spec.version === 'string' ? poetrySpec(spec.version) : {};
    return { ...r, optional: spec.optional === true };
  }
  if (Array.isArray(spec)) {
    const ranges = spec.map((s) => (isRecord(s) ? str(s.version) : str(s))).filter((x): x is string => x !== undefined);
    return { range: ranges.length > 0 ? [...new Set(ranges)].join(' || ') : undefined, optional: spec.some((s) => isRecord(s) && s.optional === true) };
  }
  return { optional: false };
}

function poetryTable(c: Collector, doc: TomlDoc, path: string[], table: unknown, scope: Scope): void {
  if (!isRecord(table)) return;
  for (const [name, spec] of Object.entries(table)) {
    if (name.toLowerCase() === 'python') continue;
    const s = poetrySpec(spec);
    // `optional = true` on a dependency makes it an extra's; a dev or test tool stays one.
    const own = s.optional && scope !== 'dev' && scope !== 'test' ? 'optional' : scope;
    if (!c.add({ name, range: s.range, version: s.version, line: keyLine(doc, path, name), scope: own })) return;
  }
}

/**
 * The scope of a Poetry group `[tool.poetry.group.<name>]`: `main` is the runtime group; a test or
 * tool name gives test or dev (whether or not the group is optional, as npm's devOptional is dev);
 * another group is `optional` when it says `optional = true` (not installed unless asked for), and
 * has no scope otherwise: Poetry installs it by default, and its name does not say what for.
 */
export function poetryGroupScope(name: string, group: Record<string, unknown>): Scope {
  if (name.toLowerCase() === 'main') return 'runtime';
  return groupScope(name) ?? (group.optional === true ? 'optional' : undefined);
}

/** A PEP 735 group name as PEP 735 compares them: lower case, each run of `-_.` one `-`. */
export function groupName(group: string): string {
  return group.toLowerCase().replace(/[-_.]+/g, '-');
}

/**
 * The groups of `[dependency-groups]` (`names`) that `[tool.uv] default-groups` makes part of the
 * project's environment: `uv sync` and `uv run` install them unless told not to, so what they hold
 * runs with the application, as runtime dependencies do (gatedScope's defaults). `"all"` is every
 * group; a list names them (compared as groupName does); any other value is no setting uv reads,
 * and uv's default (`dev`) says nothing a name does not. A group whose name says test or dev
 * (groupScope) is left out: it is installed by default to work on the project, and stays test or dev.
 */
function uvDefaultGroups(setting: unknown, names: readonly string[]): ReadonlySet<string> {
  const listed = setting === 'all' ? names : Array.isArray(setting) ? setting.filter((g): g is string => typeof g === 'string') : [];
  return new Set(listed.filter((g) => groupScope(g) === undefined).map(groupName));
}

export function readPyproject(path: string, text: string): ManifestResult {
  const c = new Collector(path, 'pypi');
  const doc = parseToml(boundText(text, c), (m) => c.warn(m));
  const d = doc.data;
  const project = isRecord(d.project) ? d.project : undefined;
  if (project !== undefined) {
    pep508Array(c, doc, ['project'], 'dependencies', project.dependencies, 'runtime');
    const opt = project['optional-dependencies'];
    if (isRecord(opt)) for (const [g, list] of Object.entries(opt)) pep508Array(c, doc, ['project', 'optional-dependencies'], g, list, 'optional', { extras: [g] });
  }
  // PEP 735 groups are no part of the package's dependencies and are installed only when asked
  // for: the name gives test or dev, any other group (`ml`, `agents`) is optional, as a lock's
  // entry of that group is (gatedScope), unless `[tool.uv] default-groups` has uv install it
  // whenever the project is synced (uvDefaultGroups): then runtime.
  const tool = isRecord(d.tool) ? d.tool : {};
  const uv = isRecord(tool.uv) ? tool.uv : undefined;
  // A uv workspace (`[tool.uv.workspace] members = ["packages/*"]`): the root's uv.lock resolves its members.
  const ws = isRecord(uv?.workspace) ? uv.workspace : undefined;
  if (ws !== undefined && Array.isArray(ws.members)) {
    const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
    c.workspace = { path, ecosystem: 'pypi', members: list(ws.members), exclude: list(ws.exclude) };
  }
  const groups = d['dependency-groups'];
  if (isRecord(groups)) {
    const defaults = uvDefaultGroups(uv?.['default-groups'], Object.keys(groups));
    for (const [g, list] of Object.entries(groups)) pep508Array(c, doc, ['dependency-groups'], g, list, gatedScope([groupName(g)], [], defaults), { groups: [g] });
  }
  const build = isRecord(d['build-system']) ? d['build-system'] : undefined;
  if (build !== undefined) pep508Array(c, doc, ['build-system'], 'requires', build.requires, 'build');
  const poetry = isRecord(tool.poetry) ? tool.poetry : undefined;
  if (poetry !== undefined) {
    poetryTable(c, doc, ['tool', 'poetry', 'dependencies'], poetry.dependencies, 'runtime');
    poetryTable(c, doc, ['tool', 'poetry', 'dev-dependencies'], poetry['dev-dependencies'], 'dev');
    if (isRecord(poetry.group)) {
      for (const [g, grp] of Object.entries(poetry.group)) {
        if (isRecord(grp)) poetryTable(c, doc, ['tool', 'poetry', 'group', g, 'dependencies'], grp.dependencies, poetryGroupScope(g, grp));
      }
    }
  }
  if (uv !== undefined) pep508Array(c, doc, ['tool', 'uv'], 'dev-dependencies', uv['dev-dependencies'], 'dev');
  // PDM's groups before PEP 735: [tool.pdm.dev-dependencies] lint = ["ruff"], test = [...]: the
  // table says they are development groups, whatever their names.
  const pdm = isRecord(tool.pdm) ? tool.pdm : undefined;
  const pdmDev = pdm?.['dev-dependencies'];
  if (isRecord(pdmDev)) for (const [g, list] of Object.entries(pdmDev)) pep508Array(c, doc, ['tool', 'pdm', 'dev-dependencies'], g, list, groupScope(g) ?? 'dev', { groups: [g] });
  // Hatch environments ([tool.hatch.envs.<env>] dependencies / extra-dependencies): what `hatch
  // run` installs to work on the project, beside the project's own dependencies. Development, or
  // test for an environment named so (groupScope).
  const hatch = isRecord(tool.hatch) ? tool.hatch : undefined;
  const envs = hatch !== undefined && isRecord(hatch.envs) ? hatch.envs : undefined;
  if (envs !== undefined) {
    for (const [e, env] of Object.entries(envs)) {
      if (!isRecord(env)) continue;
      for (const key of ['dependencies', 'extra-dependencies']) pep508Array(c, doc, ['tool', 'hatch', 'envs', e], key, env[key], groupScope(e) ?? 'dev');
    }
  }
  // tox 4.21+ configured here: its environments' deps are test dependencies.
  if (isRecord(tool.tox)) {
    readToxTables(c, doc, ['tool', 'tox']);
    // The tox.ini text older projects keep here (`legacy_tox_ini = """…"""`), its lines placed in this file.
    const legacy = tool.tox.legacy_tox_ini;
    if (typeof legacy === 'string') {
      const at = keyLine(doc, ['tool', 'tox'], 'legacy_tox_ini') ?? 0;
      const r = readToxIni(path, legacy);
      for (const w of r.warnings) c.warn(`legacy_tox_ini: ${w}`);
      for (const x of r.deps) if (!c.add({ ...x, ...(x.line !== undefined ? { line: x.line + at } : {}) })) break;
      for (const inc of r.includes ?? []) c.include(inc);
    }
  }
  // pixi's tables: conda packages (as conda) and pypi-dependencies, as in pixi.toml.
  if (isRecord(tool.pixi)) readToolPixi(c, doc, tool.pixi);
  return c.result();
}

export function readPipfile(path: string, text: string): ManifestResult {
  const c = new Collector(path, 'pypi');
  const doc = parseToml(boundText(text, c), (m) => c.warn(m));
  for (const [section, scope] of [['packages', 'runtime'], ['dev-packages', 'dev']] as Array<[string, Scope]>) {
    const t = doc.data[section];
    if (!isRecord(t)) continue;
    for (const [name, spec] of Object.entries(t)) {
      const raw = typeof spec === 'string' ? spec : isRecord(spec) ? str(spec.version) : undefined;
      const range = raw?.trim();
      const version = range === undefined ? undefined : pinOf(range);
      if (!c.add({ name, range, version, line: keyLine(doc, [section], name), scope })) break;
    }
  }
  return c.result();
}

export function readPipfileLock(path: string, text: string): ManifestResult {
  const c = new Collector(path, 'pypi');
  const j = parseJson(boundText(text, c));
  if (j.error !== undefined) c.warn(`malformed JSON: ${j.error}`);
  if (!isRecord(j.value)) return c.result();
  for (const [section, scope] of [['default', 'runtime'], ['develop', 'dev']] as Array<[string, Scope]>) {
    const t = j.value[section];
    if (!isRecord(t)) continue;
    for (const [name, e] of Object.entries(t)) {
      if (!isRecord(e)) continue;
      const v = str(e.version);
      const version = v === undefined ? undefined : (pinOf(v) ?? v.replace(/^=+/, ''));
      if (!c.add({ name, version, line: j.keyLine(t, name), scope, lockfile: path })) break;
    }
  }
  return c.result();
}

type LockKind = 'poetry' | 'uv' | 'pdm' | 'pylock';

/**
 * The scope of a lock entry (or of a pyproject.toml group's entry) from the dependency groups and
 * extras that pull it in: runtime when a default group (pdm.lock's `default`, a pylock's
 * `default-groups`, the groups of a pyproject.toml's `[tool.uv] default-groups` that no name marks
 * as test or dev) is one of them, as the default install has it; else test or dev when every one is a test or tool group by name (groupScope);
 * else optional: a group that is not a default one (`ml`, `agents`) is installed only when asked
 * for (PEP 735: groups are not part of the package's dependencies; PEP 751: a marker's
 * `'<name>' in dependency_groups` holds only when the installer is asked for the group), as an
 * extra is. Undefined when no group or extra gates the entry.
 */
function gatedScope(groups: readonly string[], extras: readonly string[], defaults: ReadonlySet<string>): Scope {
  if (groups.length + extras.length === 0) return undefined;
  if (groups.some((g) => defaults.has(g))) return 'runtime';
  const scopes = [...groups, ...extras].map((g) => groupScope(g) ?? 'optional');
  if (scopes.every((x) => x === 'test')) return 'test';
  return scopes.every((x) => x === 'test' || x === 'dev') ? 'dev' : 'optional';
}

/** A pdm.lock package's `groups` (PDM names its extras and dependency groups alike there). */
function pdmGroups(groups: unknown): string[] {
  return Array.isArray(groups) ? groups.filter((g): g is string => typeof g === 'string') : [];
}
const PDM_DEFAULTS: ReadonlySet<string> = new Set(['default']);
const NO_DEFAULTS: ReadonlySet<string> = new Set();

/** One token of a marker: a quoted string, a name, an operator (`not in` as one), a parenthesis. */
const MARKER_TOKEN = /\s*(?:('[^']*'|"[^"]*")|(not\s+in|in|and|or)(?![\w.])|([A-Za-z_][\w.]*)|(===|==|!=|<=|>=|~=|<|>)|([()]))/y;
/** Nesting past which a marker is not read (a hostile file's `((((…`). */
const MAX_MARKER_DEPTH = 32;

/** The groups and extras a marker needs, one of which must be asked for: `null` when it holds without any. */
type Gates = { groups: string[]; extras: string[] } | null;

/**
 * The dependency groups and extras a PEP 751 `packages.marker` limits an entry to: the
 * `'<name>' in dependency_groups` and `'<name>' in extras` terms the marker cannot hold without
 * (`and` needs either side's, `or` both sides'). `null` when the marker holds without any group or
 * extra (`'dev' in dependency_groups or sys_platform == 'linux'`, `'dev' not in
 * dependency_groups`); undefined when it is not a marker this reads.
 */
export function markerGates(marker: string): Gates | undefined {
  const tokens: string[] = [];
  MARKER_TOKEN.lastIndex = 0;
  while (MARKER_TOKEN.lastIndex < marker.length) {
    const at = MARKER_TOKEN.lastIndex;
    const m = MARKER_TOKEN.exec(marker);
    if (m === null) {
      if (marker.slice(at).trim() === '') break;
      return undefined;
    }
    tokens.push(m[2] !== undefined ? m[2].replace(/\s+/, ' ') : m[0].trim());
  }
  let i = 0;
  // Each Gates object is built here and used once, so the left one takes the right one's names (no copies: linear in the terms).
  const either = (a: Gates, b: Gates): Gates => {
    if (a === null || b === null) return null;
    for (const x of b.groups) a.groups.push(x);
    for (const x of b.extras) a.extras.push(x);
    return a;
  };
  const both = (a: Gates, b: Gates): Gates => (a === null ? b : b === null ? a : either(a, b));
  // `a or b or …` and `a and b and …`: each side read by `side`, joined by `join`.
  const chain = (word: string, side: (depth: number) => Gates | undefined, join: (a: Gates, b: Gates) => Gates) => (depth: number): Gates | undefined => {
    let g = side(depth);
    while (g !== undefined && tokens[i] === word) {
      i++;
      const r = side(depth);
      g = r === undefined ? undefined : join(g, r);
    }
    return g;
  };
  const andExpr = chain('and', (depth) => atom(depth), both);
  const orExpr = chain('or', andExpr, either);
  const atom = (depth: number): Gates | undefined => {
    if (tokens[i] === '(') {
      if (depth >= MAX_MARKER_DEPTH) return undefined;
      i++;
      const g = orExpr(depth + 1);
      return g !== undefined && tokens[i++] === ')' ? g : undefined;
    }
    const [left, op, right] = [tokens[i], tokens[i + 1], tokens[i + 2]];
    if (left === undefined || op === undefined || right === undefined || !/^(?:[<>=!~]=?|===|in|not in)$/.test(op)) return undefined;
    if ([left, right].some((t) => t === '(' || t === ')' || t === 'and' || t === 'or' || t === 'in' || t === 'not in')) return undefined;
    i += 3;
    const quoted = /^(['"])(.*)\1$/.exec(left);
    if (op === 'in' && quoted !== null && right === 'dependency_groups') return { groups: [quoted[2]!], extras: [] };
    if (op === 'in' && quoted !== null && right === 'extras') return { groups: [], extras: [quoted[2]!] };
    return null;
  };
  const g = orExpr(0);
  return g !== undefined && i === tokens.length ? g : undefined;
}

/**
 * The groups and extras a pylock.toml entry's marker limits it to (markerGates) and its scope from
 * them (gatedScope, the lock's `default-groups`, or the earlier draft's `default-group`, the
 * default). An entry no group or extra gates (no marker, or one that holds without any) is in the
 * default install of a multi-use lock (`multiUse`: one that lists its `extras`,
 * `dependency-groups` or `default-groups`), so runtime; in a single-use lock it is whatever the
 * lock was made for, so none. A marker this does not read gives none.
 */
function pylockGates(p: Record<string, unknown>, defaults: ReadonlySet<string>, multiUse: boolean): { scope: Scope; groups?: string[]; extras?: string[] } {
  const marker = str(p.marker);
  const gates = marker === undefined ? null : markerGates(marker);
  if (gates === undefined) return { scope: undefined };
  if (gates === null) return { scope: multiUse ? 'runtime' : undefined };
  return { scope: gatedScope(gates.groups, gates.extras, defaults), groups: gates.groups, extras: gates.extras };
}

/**
 * A pylock.toml package's version: its `version`, else (an archive, which may leave it out) the
 * version the archive's file name gives when the file is that project's. A VCS or directory
 * source without `version` has none: a commit is no version.
 */
function pylockVersion(name: string, p: Record<string, unknown>): string | undefined {
  const v = str(p.version);
  if (v !== undefined) return v;
  const archive = isRecord(p.archive) ? p.archive : undefined;
  const at = archive === undefined ? undefined : (str(archive.url) ?? str(archive.path));
  return at === undefined ? undefined : urlVersion(name, at);
}

/** How a uv.lock package is reached from the project: through its dependencies, or only through groups or extras. */
interface UvGate {
  runtime: boolean;
  groups: Set<string>;
  extras: Set<string>;
}

/** Steps of the uv.lock walk (package visits and edges) past which the rest is left ungated. */
const MAX_UV_STEPS = 2_000_000;
/** Groups and extras of the project's packages walked from, at most. */
const MAX_UV_LABELS = 256;

/**
 * What pulls each package of a uv.lock in (by index in `[[package]]`): uv.lock names no scope, but
 * it keeps the graph. The project's packages (editable or virtual sources, a workspace's members)
 * list their `dependencies` (runtime), `[package.optional-dependencies]` (extras) and
 * `[package.dev-dependencies]` (dependency groups); each package's `dependencies` and, for an edge
 * that names `extra = [...]`, those extras of the package it leads to, are followed from there.
 * A package reached through the project's dependencies is runtime; one reached only through groups
 * and extras is gated by them (gatedScope). An edge names its package (normalized), and its
 * `version` where the lock holds several.
 */
function uvGates(pkgs: readonly unknown[]): Map<number, UvGate> {
  const byName = new Map<string, number[]>();
  pkgs.forEach((p, i) => {
    const name = isRecord(p) ? str(p.name) : undefined;
    if (name !== undefined) pushIndex(byName, groupName(name), i);
  });
  const isRoot = (p: Record<string, unknown>): boolean => isRecord(p.source) && (p.source.editable !== undefined || p.source.virtual !== undefined);
  const targets = (edge: unknown): number[] => {
    if (!isRecord(edge)) return [];
    const name = str(edge.name);
    const all = name === undefined ? [] : (byName.get(groupName(name)) ?? []);
    const version = str(edge.version);
    return version === undefined ? all : all.filter((i) => str((pkgs[i] as Record<string, unknown>).version) === version);
  };
  const listOf = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
  const gates = new Map<number, UvGate>();
  let steps = 0;
  /** Walks from the edges `start`, marking each package reached with `mark`. */
  const walk = (start: unknown[], mark: (g: UvGate) => void): void => {
    const seen = new Set<string>();
    const queue: { edge: unknown }[] = start.map((edge) => ({ edge }));
    while (queue.length && steps++ < MAX_UV_STEPS) {
      const { edge } = queue.pop() as { edge: unknown };
      const extras = isRecord(edge) ? listOf(edge.extra).filter((x): x is string => typeof x === 'string') : [];
      for (const i of targets(edge)) {
        const p = pkgs[i] as Record<string, unknown>;
        const keys = ['', ...extras].filter((x) => !seen.has(`${i}[${x}]`));
        if (!keys.length) continue;
        for (const x of keys) seen.add(`${i}[${x}]`);
        if (!isRoot(p)) {
          let g = gates.get(i);
          if (!g) gates.set(i, (g = { runtime: false, groups: new Set(), extras: new Set() }));
          mark(g);
        }
        const optional = isRecord(p['optional-dependencies']) ? p['optional-dependencies'] : {};
        const next = [...(keys.includes('') ? listOf(p.dependencies) : []), ...keys.filter((x) => x !== '').flatMap((x) => listOf(optional[x]))];
        for (const e of next) queue.push({ edge: e });
      }
    }
  };
  let labels = 0;
  for (const p of pkgs) {
    if (!isRecord(p) || !isRoot(p)) continue;
    walk(listOf(p.dependencies), (g) => {
      g.runtime = true;
    });
    for (const [table, kind] of [['optional-dependencies', 'extras'], ['dev-dependencies', 'groups']] as const) {
      const t = p[table];
      if (!isRecord(t)) continue;
      for (const [label, list] of Object.entries(t)) if (labels++ < MAX_UV_LABELS) walk(listOf(list), (g) => g[kind].add(label));
    }
  }
  return gates;
}

function pushIndex(m: Map<string, number[]>, k: string, i: number): void {
  const list = m.get(k);
  if (list) list.push(i);
  else m.set(k, [i]);
}

/**
 * uv.lock entries reached only through dependency groups (uvGates) are runtime when one of those
 * groups is a default group of the pyproject.toml beside the lock: `[tool.uv] default-groups` is
 * in that file, not in the lock, and readPyproject already made that group's own declarations
 * runtime (uvDefaultGroups), which is how it is known here. Run across files, before the lock
 * entries are merged with their declarations (resolveVersions).
 */
export function applyUvDefaultGroups(deps: DeclaredDependency[]): DeclaredDependency[] {
  const defaults = new Map<string, Set<string>>(); // folder → the default groups its pyproject.toml names
  for (const d of deps) {
    if (d.ecosystem !== 'pypi' || d.lockfile !== undefined || d.scope !== 'runtime' || !d.groups?.length || baseName(d.path) !== 'pyproject.toml') continue;
    let set = defaults.get(dirName(d.path));
    if (!set) defaults.set(dirName(d.path), (set = new Set()));
    for (const g of d.groups) set.add(groupName(g));
  }
  if (defaults.size === 0) return deps;
  return deps.map((d) => {
    if (d.lockfile === undefined || d.scope === 'runtime' || !d.groups?.length || baseName(d.lockfile) !== 'uv.lock') return d;
    const set = defaults.get(dirName(d.lockfile));
    return set !== undefined && d.groups.some((g) => set.has(groupName(g))) ? { ...d, scope: 'runtime' } : d;
  });
}

/**
 * poetry.lock, uv.lock and pdm.lock (`[[package]]` tables) and PEP 751 pylock.toml
 * (`[[packages]]`): name and version of each package. The project's own source is left out (uv:
 * an editable or virtual source; pylock: an editable directory). A package listed twice (forks by
 * marker: another version for another platform or Python) gives two entries; resolveVersions
 * makes each the declaration's.
 */
function readTomlLock(path: string, text: string, kind: LockKind): ManifestResult {
  const c = new Collector(path, 'pypi');
  const doc = parseToml(boundText(text, c), (m) => c.warn(m));
  const table = kind === 'pylock' ? 'packages' : 'package';
  if (kind === 'pylock') {
    // PEP 751: a tool that does not know the major version must not trust the file as written;
    // it is still read as 1.0 describes it, with a warning, so its packages are not lost.
    const lv = doc.data['lock-version'];
    const major = typeof lv === 'string' ? /^(\d+)(?:\.|$)/.exec(lv.trim())?.[1] : undefined;
    if (major !== '1') c.warn(`lock-version ${lv === undefined ? 'missing' : JSON.stringify(lv).slice(0, 40)}: read as lock-version 1.0`);
  }
  const pkgs = doc.data[table];
  if (!Array.isArray(pkgs)) {
    if (pkgs !== undefined) c.warn(`${table} is not an array of tables`);
    return c.result();
  }
  const blocks = arrayTableLines(doc, [table]);
  const defaultGroups = doc.data['default-groups'] ?? doc.data['default-group'];
  const defaults = new Set((Array.isArray(defaultGroups) ? defaultGroups : [defaultGroups]).filter((g): g is string => typeof g === 'string'));
  // PEP 751: a lock that says which extras and groups it supports (even none: `[]`) is multi-use.
  const multiUse = defaults.size > 0 || ['extras', 'dependency-groups', 'default-groups'].some((k) => Array.isArray(doc.data[k]));
  const uv = kind === 'uv' ? uvGates(pkgs) : undefined;
  pkgs.forEach((p, i) => {
    if (!isRecord(p) || c.isFull) return;
    const name = str(p.name);
    if (name === undefined) {
      c.warn(`${table}[${i}] has no name`);
      return;
    }
    const source = isRecord(p.source) ? p.source : {};
    if (kind === 'uv' && (source.editable !== undefined || source.virtual !== undefined)) return;
    if (kind === 'pylock' && isRecord(p.directory) && p.directory.editable === true) return;
    const b = blocks[i];
    const line = b === undefined ? undefined : (lineInBody(doc, b.body, 'name') ?? b.header);
    let scope: Scope;
    let groups: string[] | undefined;
    let extras: string[] | undefined;
    if (kind === 'poetry') {
      const cat = str(p.category);
      if (cat === 'dev') scope = 'dev';
      else if (cat === 'main') scope = 'runtime';
      if (p.optional === true) scope = 'optional';
    } else if (kind === 'pdm') {
      groups = pdmGroups(p.groups);
      scope = gatedScope(groups, [], PDM_DEFAULTS);
    } else if (kind === 'pylock') ({ scope, groups, extras } = pylockGates(p, defaults, multiUse));
    else if (uv !== undefined) {
      const g = uv.get(i);
      if (g?.runtime) scope = 'runtime';
      else if (g) {
        groups = g.groups.size ? [...g.groups] : undefined;
        extras = g.extras.size ? [...g.extras] : undefined;
        scope = gatedScope(groups ?? [], extras ?? [], NO_DEFAULTS);
      }
    }
    const version = kind === 'pylock' ? pylockVersion(name, p) : str(p.version);
    c.add({ name, version, line, scope, lockfile: path, groups, extras });
  });
  return c.result();
}

export function readPoetryLock(path: string, text: string): ManifestResult {
  return readTomlLock(path, text, 'poetry');
}

export function readUvLock(path: string, text: string): ManifestResult {
  return readTomlLock(path, text, 'uv');
}

/** PDM's pdm.lock: `[[package]]` with `groups` (their scope: gatedScope). */
export function readPdmLock(path: string, text: string): ManifestResult {
  return readTomlLock(path, text, 'pdm');
}

/** PEP 751 `pylock.toml` / `pylock.<name>.toml`. */
export function readPylock(path: string, text: string): ManifestResult {
  return readTomlLock(path, text, 'pylock');
}

