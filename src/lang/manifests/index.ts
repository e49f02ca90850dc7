/**
 * Manifest and lockfile readers for the Shadow-AI inventory. `readManifest` picks a reader by file
 * name; every reader is pure (text in, data out), bounded, and tolerant: a malformed file gives
 * warnings and whatever was read before the damage, never an exception. `resolveVersions` merges
 * lockfile versions into the manifest entries of the same directory and ecosystem.
 */
import semver from 'semver';
import type { DeclaredDependency } from '../types.js';
import { baseName, Collector, dirName, errorText, type ManifestResult } from './common.js';
import { readCargoLock, readCargoToml } from './cargo.js';
import { readCondaEnv } from './conda.js';
import { readGoMod } from './go.js';
import { readGradle, readVersionCatalog } from './gradle.js';
import { readPom } from './maven.js';
import { npmAlias, readPackageJson, readPackageLock } from './npm.js';
import { readCsproj, readNugetLock, readPackagesConfig, readPackagesProps } from './nuget.js';
import { readPnpmLock } from './pnpm.js';
import { readPipfile, readPipfileLock, readPoetryLock, readPyproject, readUvLock } from './python.js';
import { readRequirements } from './requirements.js';
import { readYarnLock } from './yarn.js';

export type { ManifestResult } from './common.js';

type Reader = (path: string, text: string) => ManifestResult;

const BY_NAME: ReadonlyMap<string, Reader> = new Map(Object.entries({
  'package.json': readPackageJson,
  'package-lock.json': readPackageLock,
  'npm-shrinkwrap.json': readPackageLock,
  'yarn.lock': readYarnLock,
  'pnpm-lock.yaml': readPnpmLock,
  'pyproject.toml': readPyproject,
  pipfile: readPipfile,
  'pipfile.lock': readPipfileLock,
  'poetry.lock': readPoetryLock,
  'uv.lock': readUvLock,
  'go.mod': readGoMod,
  'pom.xml': readPom,
  'build.gradle': readGradle,
  'build.gradle.kts': readGradle,
  'directory.packages.props': readPackagesProps,
  'packages.config': readPackagesConfig,
  'packages.lock.json': readNugetLock,
  'cargo.toml': readCargoToml,
  'cargo.lock': readCargoLock,
}));

/** Names matched without regard to case: Windows and .NET tooling is case-insensitive. */
const CASE_INSENSITIVE = new Set(['pipfile', 'pipfile.lock', 'directory.packages.props', 'packages.config', 'packages.lock.json']);

/**
 * The reader of the last path asked about: each file is asked about by two detectors' accepts()
 * and then read. (A Map, not an object: a file named `constructor` or `toString` is no manifest.)
 */
let last: { path: string; anyTxt: boolean; reader: Reader | undefined } | undefined;

function readerFor(path: string, anyTxt: boolean): Reader | undefined {
  if (last && last.path === path && last.anyTxt === anyTxt) return last.reader;
  const reader = findReader(path, anyTxt);
  last = { path, anyTxt, reader };
  return reader;
}

function findReader(path: string, anyTxt: boolean): Reader | undefined {
  const base = baseName(path);
  const lower = base.toLowerCase();
  const exact = BY_NAME.get(base);
  if (exact !== undefined) return exact;
  if (CASE_INSENSITIVE.has(lower)) return BY_NAME.get(lower);
  if (base === 'Pipfile') return readPipfile;
  if (base === 'Cargo.toml') return readCargoToml;
  if (base === 'Cargo.lock') return readCargoLock;
  if (/\.(cs|fs|vb)proj$/i.test(base)) return readCsproj;
  if (/\.versions\.toml$/.test(base)) return readVersionCatalog;
  if (/^environment(?:[-_.][\w.-]*)?\.ya?ml$/i.test(base)) return readCondaEnv;
  if (/^requirements.*\.txt$/i.test(base) || /\.(?:in)$/i.test(base) && /^requirements/i.test(base)) return readRequirements;
  if (/(^|\/)requirements\/[^/]+\.(txt|in)$/i.test(path.replace(/\\/g, '/'))) return readRequirements;
  if (anyTxt && /\.txt$/i.test(base)) return readRequirements;
  return undefined;
}

/** Whether the file name is one of the manifests and lockfiles read here. */
export function isManifest(path: string): boolean {
  return readerFor(path, false) !== undefined;
}

/**
 * Reads one manifest or lockfile. Any `*.txt` handed in is read as a requirements file (so the
 * targets of `-r` includes can be read whatever their names).
 */
export function readManifest(path: string, text: string): ManifestResult {
  const reader = readerFor(path, true);
  if (reader === undefined) return { deps: [], warnings: [`${baseName(path)} is not a known manifest or lockfile`] };
  try {
    return reader(path, typeof text === 'string' ? text : String(text));
  } catch (e) {
    // Readers are written not to throw; this keeps the promise if one ever does.
    const c = new Collector(path, 'npm');
    c.warn(`could not read: ${errorText(e)}`);
    return c.result();
  }
}

/** The key packages are matched by: PEP 503 for PyPI, lower case for NuGet, Maven, Go and conda case-folded too. */
function matchKey(d: DeclaredDependency): string {
  switch (d.ecosystem) {
    case 'pypi':
      return d.name.toLowerCase().replace(/[-_.]+/g, '-');
    case 'npm':
    case 'cargo':
      return d.name;
    default:
      return d.name.toLowerCase();
  }
}

/** The declared spec as a lockfile key would hold it: an npm alias's range (`npm:openai@^4` → `^4`). */
function lockSpec(d: DeclaredDependency): string | undefined {
  const r = d.range?.trim();
  if (r === undefined || r === '') return undefined;
  if (d.ecosystem === 'npm') return npmAlias(r)?.range ?? r;
  return r;
}

/** A Cargo requirement as an npm range: a bare version means a caret one (`0.23` → `^0.23`). */
export function cargoRange(req: string): string | undefined {
  const parts = req.split(',').map((p) => p.trim().replace(/^(=|>=|<=|>|<|\^|~)\s+/, '$1'));
  if (parts.some((p) => p === '')) return undefined;
  const r = parts.map((p) => (/^\d/.test(p) ? `^${p}` : p)).join(' ');
  return semver.validRange(r) ?? undefined;
}

/**
 * Which of a lockfile's entries for a package the manifest entry takes, when the lockfile holds
 * several versions: for yarn, the entry whose key lists the declared spec (yarn keys are the
 * specs); for Cargo, the only version the requirement admits. Otherwise the first (package-lock
 * and pnpm list the one a manifest resolves to first).
 */
function pickLockEntry(d: DeclaredDependency, idx: number[], deps: DeclaredDependency[]): number {
  const first = idx[0]!;
  if (idx.length === 1) return first;
  const spec = lockSpec(d);
  if (spec === undefined) return first;
  if (d.ecosystem === 'npm') {
    const listed = idx.find((i) => deps[i]!.range?.split(', ').includes(spec) === true);
    return listed ?? first;
  }
  if (d.ecosystem === 'cargo') {
    const range = cargoRange(spec);
    if (range === undefined) return first;
    const ok = idx.filter((i) => {
      const v = deps[i]!.version;
      return v !== undefined && semver.valid(v) !== null && semver.satisfies(v, range);
    });
    return ok.length === 1 ? ok[0]! : first;
  }
  return first;
}

/**
 * Merges lockfile entries (those with `lockfile` set) into the manifest entries of the same
 * directory and ecosystem: the lockfile's version wins, the declared range and scope stay. A
 * lockfile entry that a manifest entry took is dropped (once per lockfile); the others stay, as
 * transitive dependencies with the scope the lockfile gave. When a lockfile holds several versions
 * of the package, see pickLockEntry. When several lockfiles of a directory know the package, the
 * first in path order gives the version. Order is otherwise kept.
 */
export function resolveVersions(deps: DeclaredDependency[]): DeclaredDependency[] {
  // group → lockfile path → key → indexes of entries, in order
  const locks = new Map<string, Map<string, Map<string, number[]>>>();
  const groupOf = (d: DeclaredDependency): string => `${d.ecosystem}\0${dirName(d.path)}`;
  deps.forEach((d, i) => {
    if (d.lockfile === undefined) return;
    const g = groupOf(d);
    let byFile = locks.get(g);
    if (byFile === undefined) locks.set(g, (byFile = new Map()));
    let byKey = byFile.get(d.lockfile);
    if (byKey === undefined) byFile.set(d.lockfile, (byKey = new Map()));
    const k = matchKey(d);
    const list = byKey.get(k);
    if (list === undefined) byKey.set(k, [i]);
    else list.push(i);
  });
  const consumed = new Set<number>();
  const out: Array<DeclaredDependency | undefined> = deps.map((d) => {
    if (d.lockfile !== undefined) return undefined; // placed below
    const byFile = locks.get(groupOf(d));
    if (byFile === undefined) return { ...d };
    const k = matchKey(d);
    let merged: DeclaredDependency = { ...d };
    let taken = false;
    for (const file of [...byFile.keys()].sort()) {
      const idx = byFile.get(file)!.get(k);
      if (idx === undefined || idx.length === 0) continue;
      const first = pickLockEntry(d, idx, deps);
      consumed.add(first);
      const lock = deps[first]!;
      if (!taken && lock.version !== undefined) {
        merged = { ...merged, version: lock.version, lockfile: lock.lockfile };
        taken = true;
      }
    }
    return merged;
  });
  deps.forEach((d, i) => {
    if (d.lockfile !== undefined && !consumed.has(i)) out[i] = { ...d };
  });
  return out.filter((d): d is DeclaredDependency => d !== undefined);
}
