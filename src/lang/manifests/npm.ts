/** npm: package.json and package-lock.json / npm-shrinkwrap.json (v1, v2, v3). */
import type { DeclaredDependency } from '../types.js';
import { Collector, dirName, exactSemver, isRecord, joinDir, MAX_DEPTH, type ManifestResult, str } from './common.js';
import { readJsonObject } from './json.js';
import { jsrImportOf } from '../npm-specifier.js';
import { isMap, isScalar, LineCounter, parseDocument } from 'yaml';

type Scope = DeclaredDependency['scope'];

/** The dependency sections of a package.json (also of bun.lock workspaces), with their scopes. */
export const SECTIONS: Array<[string, Scope]> = [
  ['dependencies', 'runtime'],
  ['devDependencies', 'dev'],
  ['optionalDependencies', 'optional'],
  ['peerDependencies', 'peer'],
];

/** `npm:real-name@^1.0.0` aliases: the real package and its range. */
export function npmAlias(spec: string): { name: string; range: string } | undefined {
  const m = /^npm:((?:@[^/@\s]+\/)?[A-Za-z0-9_][^@\s]*)(?:@(.*))?$/.exec(spec.trim());
  if (m === null || /^\d+(\.|$)/.test(m[1]!)) return undefined;
  return { name: m[1]!, range: m[2] ?? '' };
}

/** At most this many workspace globs are kept from a package.json (a real one lists a few). */
const MAX_WORKSPACE_GLOBS = 100;

/**
 * npm and Yarn workspaces (`"workspaces": ["packages/*"]`, Yarn's `{ "packages": [...] }`): the
 * member folder globs, `!` negations kept as written; undefined when there are none.
 */
function workspaceGlobs(w: unknown): string[] | undefined {
  const list = Array.isArray(w) ? w : isRecord(w) && Array.isArray(w.packages) ? w.packages : undefined;
  const globs = list?.filter((g): g is string => typeof g === 'string' && g.trim() !== '').slice(0, MAX_WORKSPACE_GLOBS);
  return globs?.length ? globs : undefined;
}

export function readPackageJson(path: string, text: string): ManifestResult {
  const c = new Collector(path, 'npm');
  const read = readJsonObject(text, c, 'package.json');
  if (read === undefined) return c.result();
  const { root, j } = read;
  if (typeof root.name === 'string') c.own = root.name;
  // Corepack's `"packageManager": "yarn@1.22.22"`: the manager that installs the project.
  const manager = typeof root.packageManager === 'string' ? /^(npm|yarn|pnpm|bun)@/.exec(root.packageManager.trim())?.[1] : undefined;
  const members = workspaceGlobs(root.workspaces);
  if (members !== undefined) {
    c.workspace = { path, ecosystem: 'npm', members: members.filter((m) => !m.startsWith('!')) };
    const exclude = members.filter((m) => m.startsWith('!')).map((m) => m.slice(1));
    if (exclude.length) c.workspace.exclude = exclude;
  }
  for (const [section, scope] of SECTIONS) {
    const deps = root[section];
    if (deps === undefined) continue;
    if (!isRecord(deps)) {
      c.warn(`"${section}" is not an object`);
      continue;
    }
    for (const [key, spec] of Object.entries(deps)) {
      const line = j.keyLine(deps, key);
      if (typeof spec !== 'string') {
        c.warn(`${section}.${key}: the spec is not a string`);
        c.add({ name: key, line, scope });
        continue;
      }
      // pnpm, Yarn and Bun take a JSR package as `"@openai/openai": "jsr:^4"` or `"jsr:@openai/openai@^4"`.
      const jsr = spec.startsWith('jsr:') ? (jsrImportOf(spec) ?? (key.startsWith('@') ? { name: key, range: spec.slice(4) } : undefined)) : undefined;
      if (jsr !== undefined) {
        if (!c.add({ ecosystem: 'jsr', name: jsr.name, range: jsr.range ?? '', version: exactSemver(jsr.range ?? ''), line, scope })) return c.result();
        continue;
      }
      // pnpm's catalogs (`"ai": "catalog:"`, `"catalog:ai"`): the range pnpm-workspace.yaml's `catalog:` or `catalogs.<name>` gives it.
      if (spec.startsWith('catalog:')) {
        const named = spec.slice('catalog:'.length).trim();
        c.add({ name: key, line, scope, central: 'inherits', ...(named !== '' && named !== 'default' ? { catalog: named } : {}) });
        if (c.isFull) return c.result();
        continue;
      }
      const alias = npmAlias(spec);
      const name = alias?.name ?? key;
      const range = alias?.range ?? spec;
      c.add({ name, range: spec, version: exactSemver(range), line, scope, alias: aliasOf(key, name), ...(manager !== undefined ? { packageManager: manager } : {}) });
      if (c.isFull) return c.result();
    }
  }
  return c.result();
}

/**
 * pnpm-workspace.yaml's catalogs (pnpm 9.5+): the default one (`catalog: { ai: ^4.0.0 }`, or
 * `catalogs.default`), whose ranges the workspace's `"catalog:"` dependencies take, and the named
 * ones (`catalogs: { ai: { openai: ^4.52.0 } }`), whose ranges `"catalog:ai"` dependencies take
 * (central definitions, no dependencies themselves).
 */
export function readPnpmWorkspace(path: string, text: string): ManifestResult {
  const c = new Collector(path, 'npm');
  if (!/^catalogs?[ \t]*:/m.test(text)) return c.result();
  const lines = new LineCounter();
  let doc: ReturnType<typeof parseDocument>;
  try {
    doc = parseDocument(text, { lineCounter: lines, uniqueKeys: false, prettyErrors: false });
  } catch (e) {
    c.warn(`not valid YAML: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
    return c.result();
  }
  if (doc.errors.length) {
    c.warn(`not valid YAML: ${doc.errors[0]?.message.split('\n')[0]}`);
    return c.result();
  }
  const root = doc.contents;
  if (!isMap(root)) return c.result();
  const read = (catalog: unknown, named: string | undefined): boolean => {
    if (!isMap(catalog)) return true;
    for (const pair of catalog.items) {
      if (!isScalar(pair.key) || !isScalar(pair.value)) continue;
      const name = String(pair.key.value);
      const range = String(pair.value.value);
      const at = pair.key.range ? lines.linePos(pair.key.range[0]).line : undefined;
      c.add({ name, range, version: exactSemver(range), line: at, central: 'defines', ...(named !== undefined ? { catalog: named } : {}) });
      if (c.isFull) return false;
    }
    return true;
  };
  if (!read(root.get('catalog', true), undefined)) return c.result();
  const catalogs = root.get('catalogs', true);
  if (isMap(catalogs)) {
    for (const pair of catalogs.items) {
      if (!isScalar(pair.key)) continue;
      const named = String(pair.key.value);
      if (!read(pair.value, named === 'default' ? undefined : named)) break;
    }
  }
  return c.result();
}

function lockScope(e: Record<string, unknown>): Scope {
  if (e.dev === true) return 'dev';
  if (e.optional === true || e.devOptional === true) return e.devOptional === true ? 'dev' : 'optional';
  if (e.peer === true) return 'peer';
  return 'runtime';
}

/** The name a package is installed under, when it is an alias (not the package's own name). */
function aliasOf(installed: string | undefined, name: string): string | undefined {
  return installed !== undefined && installed !== name ? installed : undefined;
}

/** The package name of a `packages` key: the part after the last `node_modules/`. */
export function nameFromLockPath(key: string): string | undefined {
  const i = key.lastIndexOf('node_modules/');
  if (i < 0) return undefined;
  const name = key.slice(i + 'node_modules/'.length);
  return name === '' ? undefined : name;
}

function lockVersion(v: unknown): { name?: string; version?: string } {
  const s = str(v);
  if (s === undefined) return {};
  const a = npmAlias(s);
  if (a !== undefined) return { name: a.name, version: a.range };
  // file:, git+, http: versions are not registry versions.
  if (/^[a-z+]+:/i.test(s)) return {};
  return { version: s };
}

export function readPackageLock(path: string, text: string): ManifestResult {
  const c = new Collector(path, 'npm');
  const read = readJsonObject(text, c, 'lockfile');
  if (read === undefined) return c.result();
  const { root, j } = read;
  const packages = root.packages;
  if (isRecord(packages)) {
    // v2 / v3: flat map keyed by install path. Shallow paths first, so the hoisted copy comes first.
    const entries = Object.keys(packages)
      .map((key) => ({ key, depth: key.split('node_modules/').length - 1 }))
      .filter((x) => x.depth > 0)
      .sort((a, b) => a.depth - b.depth);
    // Workspace members: folders with a package entry of their own (`packages/api`). Their
    // dependencies are installed under `<member>/node_modules/` or, hoisted, under a folder above.
    const lockDir = dirName(path);
    const members = new Map<string, string>(); // key in the lockfile → folder from the scan root
    for (const key of Object.keys(packages)) {
      if (key === '' || key.includes('node_modules/') || !isRecord(packages[key])) continue;
      const dir = joinDir(lockDir, key);
      if (dir !== undefined) members.set(key, dir);
    }
    const entryOf = (key: string): { name: string; version?: string; alias?: string; e: Record<string, unknown> } | undefined => {
      const e = packages[key];
      if (!isRecord(e) || e.link === true) return undefined; // a link: the target folder is a local package
      if (e.inBundle === true && e.version === undefined) return undefined;
      const v = lockVersion(e.version);
      const installed = nameFromLockPath(key);
      const name = str(e.name) ?? v.name ?? installed;
      return name === undefined ? undefined : { name, version: v.version, alias: aliasOf(installed, name), e };
    };
    /**
     * The spec the root or a member declares for a direct dependency (`node_modules/<key>` right
     * below it): which of several versions of a name it is, when one is an alias (`oai4` →
     * `npm:openai@^4`), as pnpm's specifier and yarn's keys tell.
     */
    const specOf = (owner: string, key: string): string | undefined => {
      const dep = key.slice(owner === '' ? 'node_modules/'.length : owner.length + '/node_modules/'.length);
      const m = packages[owner];
      if (dep.includes('node_modules/') || !isRecord(m)) return undefined;
      for (const [section] of SECTIONS) {
        const spec = isRecord(m[section]) ? str(m[section][dep]) : undefined;
        if (spec !== undefined) return spec;
      }
      return undefined;
    };
    for (const { key, depth } of entries) {
      const x = entryOf(key);
      if (x === undefined) continue;
      const owner = key.slice(0, key.indexOf('node_modules/')).replace(/\/$/, '');
      const importer = owner === '' ? undefined : members.get(owner);
      // Node's resolution from the root or a member reaches `<folder>/node_modules/<name>` only:
      // a copy below another package's node_modules (depth > 1) is that package's, and one in a
      // folder that is no member's is reached through the member entries added below.
      const nested = depth > 1 || (owner !== '' && importer === undefined);
      const range = nested ? undefined : specOf(owner, key);
      c.add({ name: x.name, range, version: x.version, line: j.keyLine(packages, key), scope: lockScope(x.e), lockfile: path, importer, alias: x.alias, nested });
      if (c.isFull) return c.result();
    }
    // A member's dependency hoisted to a folder above it: an entry for the member too.
    for (const [key, dir] of [...members].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
      const m = packages[key] as Record<string, unknown>;
      for (const [section, scope] of SECTIONS) {
        const deps = m[section];
        if (!isRecord(deps)) continue;
        for (const dep of Object.keys(deps)) {
          if (isRecord(packages[`${key}/node_modules/${dep}`])) continue; // read above, as the member's
          let at: string | undefined;
          for (let up = dirName(key); at === undefined; up = dirName(up)) {
            const k = up === '' ? `node_modules/${dep}` : `${up}/node_modules/${dep}`;
            if (packages[k] !== undefined) at = k;
            if (up === '') break;
          }
          const x = at === undefined ? undefined : entryOf(at);
          if (x === undefined) continue;
          c.add({ name: x.name, range: str(deps[dep]), version: x.version, line: j.keyLine(packages, at!), scope, lockfile: path, importer: dir, alias: x.alias });
          if (c.isFull) return c.result();
        }
      }
    }
    return c.result();
  }
  const deps = root.dependencies;
  if (isRecord(deps)) {
    // v1: a nested tree; breadth-first so hoisted copies come before nested ones. Only the top
    // level is the project's: a copy in an entry's own `dependencies` is that package's.
    let level: Array<Record<string, unknown>> = [deps];
    for (let depth = 0; level.length > 0 && depth < MAX_DEPTH; depth++) {
      const next: Array<Record<string, unknown>> = [];
      for (const obj of level) {
        for (const [key, e] of Object.entries(obj)) {
          if (!isRecord(e)) continue;
          // An alias is installed under its key (`"oai4": {"version": "npm:openai@4.52.7"}`).
          const v = lockVersion(e.version);
          const name = v.name ?? key;
          c.add({ name, version: v.version, line: j.keyLine(obj, key), scope: lockScope(e), lockfile: path, alias: aliasOf(key, name), nested: depth > 0 });
          if (c.isFull) return c.result();
          if (isRecord(e.dependencies)) next.push(e.dependencies);
        }
      }
      level = next;
    }
    if (level.length > 0) c.warn('dependency tree nested too deep; the rest is not read');
  } else if (j.error === undefined && root.lockfileVersion === undefined) {
    c.warn('no "packages" or "dependencies" in the lockfile');
  }
  return c.result();
}
