/**
 * Bun: bun.lock, the text lockfile (JSONC: comments and trailing commas; lockfileVersion 0 and 1,
 * the default since Bun 1.2). The binary bun.lockb is not read: binaryBunLockfiles names those
 * with no bun.lock beside them, for a scan warning.
 */
import type { DeclaredDependency } from '../types.js';
import { baseName, Collector, dirName, exactSemver, isRecord, joinDir, type ManifestResult, str } from './common.js';
import { readJsonObject } from './json.js';
import { SECTIONS } from './npm.js';
import { splitNameRange } from './yarn.js';

type Scope = DeclaredDependency['scope'];

/** The lockfileVersion values read here. */
const VERSIONS: ReadonlySet<unknown> = new Set([0, 1]);

/** What the scan says about a bun.lockb it does not read. */
export const BUN_LOCKB_WARNING =
  "Bun's binary lockfile is not read, so the versions it pins are not known: commit a text bun.lock instead (Bun >= 1.2 writes one; older Bun: bun install --save-text-lockfile)";

/** The bun.lockb files among the paths with no bun.lock in the same folder. */
export function binaryBunLockfiles(paths: readonly string[]): string[] {
  const text = new Set(paths.filter((p) => baseName(p) === 'bun.lock').map(dirName));
  return paths.filter((p) => baseName(p) === 'bun.lockb' && !text.has(dirName(p)));
}

/**
 * The package names of a `packages` key, outermost first: `openai` → [openai]; a copy nested under
 * another package or a workspace member `@org/api/@scope/x` → [@org/api, @scope/x] (a scope takes
 * the segment after it). Undefined for a key with an empty segment.
 */
export function bunKeyNames(key: string): string[] | undefined {
  const parts = key.split('/');
  const out: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    if (p === '') return undefined;
    if (!p.startsWith('@')) {
      out.push(p);
      continue;
    }
    const next = parts[i + 1];
    if (next === undefined || next === '') return undefined;
    out.push(`${p}/${next}`);
    i++;
  }
  return out;
}

/**
 * A `packages` entry's first element, `name@version`: the package's real name and its registry
 * version; none for git (`name@github:o/r#sha`, `name@git+…`), file, tarball-URL entries; `local`
 * for the project's own packages (`name@workspace:packages/x`, `link:`, `root:`).
 */
function entryId(entry: unknown): { name: string; version?: string; local: boolean } | undefined {
  if (!Array.isArray(entry)) return undefined;
  const id = str(entry[0]);
  const nr = id === undefined ? undefined : splitNameRange(id);
  if (nr === undefined || nr.name === '') return undefined;
  return { name: nr.name, version: exactSemver(nr.range), local: /^(?:workspace|link|root):/.test(nr.range) };
}

/** A workspace of the lockfile (`""` the root, else a member folder): what it declares, by installed name. */
interface Workspace {
  dir: string;
  name?: string;
  specs: Map<string, { spec: string; scope: Scope }>;
}

function workspaceOf(dir: string, w: Record<string, unknown>): Workspace {
  const specs = new Map<string, { spec: string; scope: Scope }>();
  for (const [section, scope] of SECTIONS) {
    const deps = w[section];
    if (!isRecord(deps)) continue;
    for (const [dep, spec] of Object.entries(deps)) {
      const s = str(spec);
      if (s !== undefined && !specs.has(dep)) specs.set(dep, { spec: s, scope });
    }
  }
  const ws: Workspace = { dir, specs };
  const name = str(w.name);
  if (name !== undefined) ws.name = name;
  return ws;
}

/**
 * bun.lock. `workspaces` holds what the root (`""`) and each member folder declare; `packages`
 * what is installed, keyed by install path: `openai` is the root's copy (the one every folder
 * reaches unless it has its own), `<member name>/openai` a member's own copy, and any other
 * `a/openai` a copy nested under package `a`, which no manifest's declaration takes (`nested`).
 * A key that differs from its entry's name is an alias (`"oai4": "npm:openai@^4"`). Like
 * package-lock.json's: the root's entries resolve the package.json beside the lockfile, a
 * member's (its own copies, and the root copies it declares, listed again for it) have the
 * member's folder as `importer`. Direct dependencies carry the spec and scope their workspace
 * declares; the others no scope (the lockfile does not say).
 */
export function readBunLock(path: string, text: string): ManifestResult {
  const c = new Collector(path, 'npm');
  const read = readJsonObject(text, c, 'bun.lock', { jsonc: true });
  if (read === undefined) return c.result();
  const { root, j } = read;
  if (!VERSIONS.has(root.lockfileVersion)) {
    if (root.lockfileVersion !== undefined || j.error === undefined) c.warn(`lockfileVersion ${JSON.stringify(root.lockfileVersion ?? null)} is not one this reader knows (0, 1); the lockfile is not read`);
    return c.result();
  }
  const lockDir = dirName(path);
  let top: Workspace = { dir: lockDir, specs: new Map() };
  const members = new Map<string, Workspace>(); // by folder
  if (isRecord(root.workspaces)) {
    for (const [key, w] of Object.entries(root.workspaces)) {
      const dir = joinDir(lockDir, key);
      if (dir === undefined || !isRecord(w)) continue;
      if (dir === lockDir) top = workspaceOf(dir, w);
      else members.set(dir, workspaceOf(dir, w));
    }
  }
  const byName = new Map([...members.values()].flatMap((m) => (m.name === undefined ? [] : [[m.name, m] as const])));
  const packages = root.packages;
  if (!isRecord(packages)) {
    if (packages !== undefined) c.warn('"packages" is not an object');
    return c.result();
  }
  // Shallow keys first: the root's copies before members' and nested ones.
  const keys = Object.keys(packages)
    .map((key) => ({ key, names: bunKeyNames(key) }))
    .filter((x): x is { key: string; names: string[] } => x.names !== undefined)
    .sort((a, b) => a.names.length - b.names.length);
  for (const { key, names } of keys) {
    const id = entryId(packages[key]);
    if (id === undefined || id.local) continue;
    const installed = names[names.length - 1]!;
    const owner = names.length === 1 ? top : names.length === 2 ? byName.get(names[0]!) : undefined;
    const decl = owner?.specs.get(installed);
    c.add({
      name: id.name,
      range: decl?.spec,
      version: id.version,
      line: j.keyLine(packages, key),
      scope: decl?.scope,
      lockfile: path,
      alias: installed !== id.name ? installed : undefined,
      importer: owner !== undefined && owner !== top ? owner.dir : undefined,
      nested: owner === undefined,
    });
    if (c.isFull) return c.result();
  }
  // A member's declaration that the root's copy serves: an entry for the member too.
  for (const m of [...members.values()].sort((a, b) => (a.dir < b.dir ? -1 : a.dir > b.dir ? 1 : 0))) {
    for (const [dep, { spec, scope }] of m.specs) {
      if (m.name !== undefined && packages[`${m.name}/${dep}`] !== undefined) continue; // its own copy, read above
      const id = entryId(packages[dep]);
      if (id === undefined || id.local) continue;
      c.add({ name: id.name, range: spec, version: id.version, line: j.keyLine(packages, dep), scope, lockfile: path, importer: m.dir, alias: dep !== id.name ? dep : undefined });
      if (c.isFull) return c.result();
    }
  }
  return c.result();
}
