/**
 * Manifest and lockfile readers for the Shadow-AI inventory. `readManifest` picks a reader by file
 * name (npm, Bun, Deno, PyPI, conda and pixi, Go, Maven/Gradle (with Gradle's lockfiles), NuGet, Cargo, RubyGems, Composer, pub, SwiftPM and Xcode's package references, CocoaPods); every reader is pure
 * (text in, data out), bounded, and tolerant: a malformed file gives warnings and whatever was read
 * before the damage, never an exception. `resolveVersions` merges
 * lockfile versions into the manifest entries of the same directory and ecosystem.
 */
import semver from 'semver';
import type { DeclaredDependency, Ecosystem, WorkspaceRoot } from '../types.js';
import { baseName, Collector, dirName, errorText, type ManifestResult, pushTo, upFrom } from './common.js';
import { readBunLock } from './bun.js';
import { readCargoLock, readCargoToml } from './cargo.js';
import { readPodfile, readPodfileLock } from './cocoapods.js';
import { readComposerJson, readComposerLock, resolveComposerRepositories } from './composer.js';
import { readCondaEnv } from './conda.js';
import { readDenoJson, readDenoLock } from './deno.js';
import { readGemfile, readGemfileLock, readGemspec } from './gem.js';
import { readGoMod } from './go.js';
import { isConventionPlugin, isGradleLockfile, lockedClasspath, readGradle, readGradleLockfile, readGradleProperties, readGradleSettings, readVersionCatalog, resolveGradle } from './gradle.js';
import { plainVersion, pomParents, readPom, resolveMavenProperties, resolveProps } from './maven.js';
import { npmAlias, readPackageJson, readPackageLock, readPnpmWorkspace } from './npm.js';
import { readCsproj, readDirectoryBuild, readNugetLock, readPackagesConfig, readPackagesProps, resolveNugetProperties } from './nuget.js';
import { readPixiLock, readPixiToml } from './pixi.js';
import { readPnpmLock } from './pnpm.js';
import { applyUvDefaultGroups, readPdmLock, readPipfile, readPipfileLock, readPoetryLock, readPylock, readPyproject, readUvLock } from './python.js';
import { readRequirements } from './requirements.js';
import { readPackageResolved, readPackageSwift, readPbxproj, readXcworkspaceData } from './swift.js';
import { readSetupCfg, readSetupPy } from './setuptools.js';
import { PYLOCK_NAME, REQUIREMENTS_NAME } from './names.js';
import { readPubspec, readPubspecLock } from './pub.js';
import { readYarnLock } from './yarn.js';
import { readToxIni, readToxToml } from './tox.js';
import { declaringNothing, insideInstallDir, installedRecord, readComposerInstalled, readCondaMeta, readCoreMetadata, readGemSpecification, readInstalledPackageJson } from './installed.js';

export type { ManifestResult } from './common.js';

type Reader = (path: string, text: string) => ManifestResult;

const BY_NAME: ReadonlyMap<string, Reader> = new Map(Object.entries({
  'package.json': readPackageJson,
  'package-lock.json': readPackageLock,
  'npm-shrinkwrap.json': readPackageLock,
  'yarn.lock': readYarnLock,
  'pnpm-lock.yaml': readPnpmLock,
  'pnpm-workspace.yaml': readPnpmWorkspace,
  'bun.lock': readBunLock,
  'deno.json': readDenoJson,
  'deno.jsonc': readDenoJson,
  'deno.lock': readDenoLock,
  'pyproject.toml': readPyproject,
  pipfile: readPipfile,
  'pipfile.lock': readPipfileLock,
  'poetry.lock': readPoetryLock,
  'uv.lock': readUvLock,
  'pdm.lock': readPdmLock,
  'tox.ini': readToxIni,
  'tox.toml': readToxToml,
  'pixi.toml': readPixiToml,
  'pixi.lock': readPixiLock,
  'setup.cfg': readSetupCfg,
  'setup.py': readSetupPy,
  'go.mod': readGoMod,
  'pom.xml': readPom,
  'build.gradle': readGradle,
  'build.gradle.kts': readGradle,
  'gradle.lockfile': readGradleLockfile,
  'buildscript-gradle.lockfile': readGradleLockfile,
  'settings-gradle.lockfile': readGradleLockfile,
  'directory.packages.props': readPackagesProps,
  'directory.build.props': readDirectoryBuild,
  'directory.build.targets': readDirectoryBuild,
  'packages.config': readPackagesConfig,
  'packages.lock.json': readNugetLock,
  'cargo.toml': readCargoToml,
  'cargo.lock': readCargoLock,
  Gemfile: readGemfile,
  'gems.rb': readGemfile,
  'Gemfile.lock': readGemfileLock,
  'gems.locked': readGemfileLock,
  'composer.json': readComposerJson,
  'composer.lock': readComposerLock,
  'pubspec.yaml': readPubspec,
  'pubspec.lock': readPubspecLock,
  'Package.swift': readPackageSwift,
  'Package.resolved': readPackageResolved,
  Podfile: readPodfile,
  'Podfile.lock': readPodfileLock,
}));

/** Names matched without regard to case: Windows and .NET tooling is case-insensitive. */
const CASE_INSENSITIVE = new Set(['pipfile', 'pipfile.lock', 'directory.packages.props', 'directory.build.props', 'directory.build.targets', 'packages.config', 'packages.lock.json']);

/**
 * The reader of the last path asked about: each file is asked about by two detectors' accepts()
 * and then read. (A Map, not an object: a file named `constructor` or `toString` is no manifest.)
 * `reading`: the reader readManifest takes, which also reads files that are no manifest by name
 * (any `*.txt`, as a requirements file; gradle.properties).
 */
let last: { path: string; reading: boolean; reader: Reader | undefined } | undefined;

function readerFor(path: string, reading: boolean): Reader | undefined {
  if (last && last.path === path && last.reading === reading) return last.reader;
  const reader = findReader(path, reading);
  last = { path, reading, reader };
  return reader;
}

function findReader(path: string, reading: boolean): Reader | undefined {
  const record = installedRecord(path);
  if (record !== undefined) return INSTALLED_READERS[record];
  const reader = findProjectReader(path, reading);
  // An installed package's own manifests are its business, not the project's.
  return reader !== undefined && insideInstallDir(path) ? (p, t) => declaringNothing(reader(p, t)) : reader;
}

const INSTALLED_READERS: Record<NonNullable<ReturnType<typeof installedRecord>>, Reader> = { python: readCoreMetadata, npm: readInstalledPackageJson, composer: readComposerInstalled, gem: readGemSpecification, conda: readCondaMeta };

function findProjectReader(path: string, reading: boolean): Reader | undefined {
  const base = baseName(path);
  const lower = base.toLowerCase();
  const exact = BY_NAME.get(base);
  if (exact !== undefined) return exact;
  if (CASE_INSENSITIVE.has(lower)) return BY_NAME.get(lower);
  if (base === 'Pipfile') return readPipfile;
  if (base === 'Cargo.toml') return readCargoToml;
  if (base === 'Cargo.lock') return readCargoLock;
  if (/\.(cs|fs|vb)proj$/i.test(base)) return readCsproj;
  if (/^[^.].*\.gemspec$/.test(base)) return readGemspec;
  if (base === 'project.pbxproj' && /\.xcodeproj[\\/]project\.pbxproj$/.test(path)) return readPbxproj;
  if (base === 'contents.xcworkspacedata' && /\.xcworkspace[\\/]contents\.xcworkspacedata$/.test(path)) return readXcworkspaceData;
  if (/\.versions\.toml$/.test(base)) return readVersionCatalog;
  if (isConventionPlugin(path)) return readGradle;
  if (isGradleLockfile(path)) return readGradleLockfile;
  if (PYLOCK_NAME.test(base)) return readPylock;
  if (/^environment(?:[-_.][\w.-]*)?\.ya?ml$/i.test(base)) return readCondaEnv;
  if (REQUIREMENTS_NAME.test(base)) return readRequirements;
  if (/(^|\/)requirements\/[^/]+\.(txt|in)$/i.test(path.replace(/\\/g, '/'))) return readRequirements;
  if (reading && /\.txt$/i.test(base)) return readRequirements;
  if (reading && isVersionSource(path)) return base === 'gradle.properties' ? readGradleProperties : readGradleSettings;
  return undefined;
}

/** Whether the file name is one of the manifests and lockfiles read here. */
export function isManifest(path: string): boolean {
  return readerFor(path, false) !== undefined;
}

/**
 * Files that are no manifest (their lines are no dependency, and other detectors read them as
 * configuration) but hold versions for the manifests near them: gradle.properties, and
 * settings.gradle(.kts) for the version catalogs it creates from files. readManifest reads them
 * into `workspace`.
 */
export function isVersionSource(path: string): boolean {
  const base = baseName(path);
  return base === 'gradle.properties' || base === 'settings.gradle' || base === 'settings.gradle.kts';
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

/**
 * A requirements file pip-compile or uv wrote is the lockfile of the requirements.in or
 * pyproject.toml beside it (readRequirements marks its pins so); where its folder declares PyPI
 * packages in no other file (the source was not committed), its pins are the folder's declarations.
 */
function compiledWithoutSource(deps: DeclaredDependency[]): DeclaredDependency[] {
  const compiled = (d: DeclaredDependency): boolean => d.ecosystem === 'pypi' && d.lockfile === d.path && /\.txt$/i.test(d.path);
  if (!deps.some(compiled)) return deps;
  const sourced = new Set(deps.filter((d) => d.ecosystem === 'pypi' && d.lockfile === undefined).map((d) => dirName(d.path)));
  return deps.map((d) => {
    if (!compiled(d) || sourced.has(dirName(d.path))) return d;
    const { lockfile: _, ...own } = d;
    return own;
  });
}

/** The key a central definition is found by: the package's (matchKey), in its pnpm named catalog. */
function centralKey(d: DeclaredDependency): string {
  return d.catalog === undefined ? matchKey(d) : `${matchKey(d)}\0${d.catalog}`;
}

/** The declared spec as a lockfile key would hold it: an npm alias's range (`npm:openai@^4` → `^4`). */
function lockSpec(d: DeclaredDependency): string | undefined {
  const r = d.range?.trim();
  if (r === undefined || r === '') return undefined;
  // A JSR package from JSR's npm registry: `"@openai/openai": "npm:@jsr/openai__openai@^4"`.
  if (d.ecosystem === 'npm' || d.ecosystem === 'jsr') return npmAlias(r)?.range ?? r;
  return r;
}

/**
 * pickLockEntry for npm: by the declared spec, then by the name the package is installed under.
 * A package-lock knows that name for every entry (its key): an alias none of them is installed
 * under has no entry there. pnpm and yarn entries tell aliases by their specs only. A
 * package-lock copy no manifest resolves to (`nested`: below another package's node_modules) is
 * never taken: with no other entry the declaration has no version. A deno.lock entry is taken
 * only by the spec its `specifiers` key writes.
 */
/**
 * A lockfile's entries of one npm package, indexed once for every declaration that asks: the first
 * entry (in lockfile order, nested copies left out) by Deno spec, by each spec its ranges list, and
 * by alias. Without it each declaration searched the entries, quadratic when a hostile import map
 * declares a package a hundred thousand times against as many lock entries.
 */
interface NpmEntries {
  idx: number[];
  deno: boolean;
  bySpec: Map<string, number>;
  /** By each spec the entries' ranges list: the entry's position in idx. */
  byListed: Map<string, number>;
  byAlias: Map<string | undefined, number>;
  allPackageLocks: boolean;
}

const npmEntriesOf = new WeakMap<number[], NpmEntries>();

function npmEntries(all: number[], deps: DeclaredDependency[]): NpmEntries {
  let e = npmEntriesOf.get(all);
  if (e !== undefined) return e;
  const idx = all.filter((i) => deps[i]!.nested !== true);
  e = { idx, deno: idx.length > 0 && baseName(deps[idx[0]!]!.lockfile ?? '') === 'deno.lock', bySpec: new Map(), byListed: new Map(), byAlias: new Map(), allPackageLocks: true };
  idx.forEach((i, at) => {
    const x = deps[i]!;
    const spec = x.range ?? '*';
    if (!e.bySpec.has(spec)) e.bySpec.set(spec, i);
    for (const r of x.range?.split(', ') ?? []) if (!e.byListed.has(r)) e.byListed.set(r, at);
    if (!e.byAlias.has(x.alias)) e.byAlias.set(x.alias, i);
    if (!PACKAGE_LOCKS.has(baseName(x.lockfile ?? ''))) e.allPackageLocks = false;
  });
  npmEntriesOf.set(all, e);
  return e;
}

function pickNpmEntry(d: DeclaredDependency, all: number[], deps: DeclaredDependency[]): number | undefined {
  const e = npmEntries(all, deps);
  if (e.idx.length === 0) return undefined;
  const spec = lockSpec(d);
  // Deno resolves a specifier by the lock's `specifiers` key written the same (a bare `npm:openai`
  // is `npm:openai@*` there since v4): that entry or none.
  if (e.deno) return e.bySpec.get(spec ?? '*');
  const raw = d.range?.trim();
  if (spec !== undefined) {
    // The first entry whose ranges list the spec or the range as written.
    const a = e.byListed.get(spec) ?? Infinity;
    const b = raw === undefined ? Infinity : (e.byListed.get(raw) ?? Infinity);
    const first = Math.min(a, b);
    if (first !== Infinity) return e.idx[first];
  }
  const own = e.byAlias.get(d.alias);
  if (own !== undefined || (d.alias !== undefined && e.allPackageLocks)) return own;
  return e.byAlias.get(undefined);
}

const PACKAGE_LOCKS: ReadonlySet<string> = new Set(['package-lock.json', 'npm-shrinkwrap.json']);

/** A Cargo requirement as an npm range: a bare version means a caret one (`0.23` → `^0.23`). */
export function cargoRange(req: string): string | undefined {
  const parts = req.split(',').map((p) => p.trim().replace(/^(=|>=|<=|>|<|\^|~)\s+/, '$1'));
  if (parts.some((p) => p === '')) return undefined;
  const r = parts.map((p) => (/^\d/.test(p) ? `^${p}` : p)).join(' ');
  return semver.validRange(r) ?? undefined;
}

/** What a lockfile entry says of where its code comes from (Composer's providedBy, vcsUrl, repositoryUrl and downloadUrl). */
const ORIGIN_KEYS = ['providedBy', 'vcsUrl', 'repositoryUrl', 'downloadUrl'] as const;

/**
 * The declaration `d` resolved by the lockfile entry `lock`: its lockfile and the entry's origin
 * (ORIGIN_KEYS), which replaces any the declaration had (an inline `package` repository's dist
 * in composer.json: the lock says what was installed).
 */
function withLock(d: DeclaredDependency, lock: DeclaredDependency, version: Pick<DeclaredDependency, 'version'>): DeclaredDependency {
  const out: DeclaredDependency = { ...d, ...version };
  if (lock.lockfile !== undefined) out.lockfile = lock.lockfile;
  for (const k of ORIGIN_KEYS) delete out[k];
  for (const k of ORIGIN_KEYS) if (lock[k] !== undefined) Object.assign(out, { [k]: lock[k] });
  return out;
}

/**
 * Which of a lockfile's entries for a package the manifest entry takes, when the lockfile holds
 * several versions: for npm, the entry whose ranges list the declared spec (yarn keys are the
 * specs; pnpm and package-lock v2/v3 give a direct dependency the spec its importer declares, an
 * alias as written: `npm:openai@^4`), else the first installed under the declaration's own key
 * (package-lock v1 holds no specs; an entry installed under an alias is that alias's only, so
 * none when every entry is another name's), never a package-lock copy nested below another
 * package (DeclaredDependency.nested); for Cargo, the only version the requirement admits.
 * Otherwise the first (package-lock and pnpm list the one a manifest resolves to first).
 */
function pickLockEntry(d: DeclaredDependency, idx: number[], deps: DeclaredDependency[]): number | undefined {
  if (d.ecosystem === 'npm' || d.ecosystem === 'jsr') return pickNpmEntry(d, idx, deps);
  const first = idx[0]!;
  if (idx.length === 1) return first;
  const spec = lockSpec(d);
  if (spec === undefined) return first;
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
 * The lockfiles of its folder a declaration takes its version from (and whose entries of its
 * package it takes), in path order. Gradle locks each classpath in its own file
 * (lockedClasspath): a build script's `classpath` declaration (`DeclaredDependency.classpath`)
 * only in buildscript-gradle.lockfile, a project's only in gradle.lockfile, so each takes only the
 * lockfiles of its own classpath; an entry of another stays the lockfile's own (transitive).
 */
function lockfilesFor(d: DeclaredDependency, files: Iterable<string>): string[] {
  const sorted = [...files].sort();
  if (d.packageManager !== undefined) {
    // The manager the package.json names installs it: its lockfile first (a stray package-lock.json beside yarn.lock is not what yarn installed).
    const own = MANAGER_LOCKS[d.packageManager] ?? [];
    return [...sorted.filter((f) => own.includes(baseName(f))), ...sorted.filter((f) => !own.includes(baseName(f)))];
  }
  return d.ecosystem === 'maven' ? sorted.filter((f) => lockedClasspath(f) === d.classpath) : sorted;
}

/** The lockfiles each package manager writes (package.json's `packageManager`). */
const MANAGER_LOCKS: Readonly<Record<string, readonly string[]>> = {
  npm: ['package-lock.json', 'npm-shrinkwrap.json'],
  yarn: ['yarn.lock'],
  pnpm: ['pnpm-lock.yaml'],
  bun: ['bun.lock'],
};

/** Longer member globs match nothing (PATH_MAX on Linux). */
const MAX_GLOB_LENGTH = 4096;

/**
 * Whether a members glob (`crates/*`, `tools/**`, `packages/ui-?`) takes in the relative folder
 * `rel`: `**` as a whole segment is any number of folders, `*` and `?` stay inside one. Matched
 * segment by segment without regular expressions, in time proportional to the glob's length times
 * the path's (a hostile `**a**a**a…b` as nested `.*` would backtrack for minutes).
 */
export function globMatches(glob: string, rel: string): boolean {
  // A glob longer than any folder path (a hostile manifest's megabyte-long one) matches nothing:
  // its segments would be recursed into one by one.
  if (glob.length > MAX_GLOB_LENGTH) return false;
  const ps = glob.replace(/\\/g, '/').replace(/^(?:\.\/)+/, '').replace(/\/+$/, '').split('/').filter((p, i, all) => !(p === '**' && all[i - 1] === '**'));
  const ss = rel === '' ? [] : rel.split('/');
  const w = ss.length + 1;
  // 0: not computed, 1: no, 2: yes.
  const memo = new Uint8Array((ps.length + 1) * w);
  const match = (i: number, j: number): boolean => {
    const k = i * w + j;
    if (memo[k] !== 0) return memo[k] === 2;
    let ok: boolean;
    if (i === ps.length) ok = j === ss.length;
    else if (ps[i] === '**') ok = match(i + 1, j) || (j < ss.length && match(i, j + 1));
    else ok = j < ss.length && nameMatches(ps[i]!, ss[j]!) && match(i + 1, j + 1);
    memo[k] = ok ? 2 : 1;
    return ok;
  };
  return match(0, 0);
}

/**
 * A file or folder name against a pattern of `*` (and `?` when `question`) wildcards, with one
 * backtrack point: time proportional to the name times the pattern whatever the wildcards.
 */
export function nameMatches(p: string, s: string, question = true): boolean {
  let pi = 0;
  let si = 0;
  let star = -1;
  let mark = 0;
  while (si < s.length) {
    if (pi < p.length && ((question && p[pi] === '?') || p[pi] === s[si])) {
      pi++;
      si++;
    } else if (pi < p.length && p[pi] === '*') {
      star = pi++;
      mark = si;
    } else if (star >= 0) {
      pi = star + 1;
      si = ++mark;
    } else return false;
  }
  while (pi < p.length && p[pi] === '*') pi++;
  return pi === p.length;
}

/** `dir` relative to `base` ('' when equal); undefined when it is not inside. */
function relativeTo(dir: string, base: string): string | undefined {
  if (dir === base) return '';
  if (base === '') return dir;
  return dir.startsWith(`${base}/`) ? dir.slice(base.length + 1) : undefined;
}

/**
 * Whether a workspace root (Cargo, pub, npm/Yarn) takes in the package in `dir`: its own folder, or
 * a member its globs name that no exclusion (a folder, or for npm a `!` glob) leaves out.
 */
export function workspaceCovers(root: WorkspaceRoot, dir: string): boolean {
  const rel = relativeTo(dir, dirName(root.path));
  if (rel === undefined) return false;
  if (rel === '') return true;
  if ((root.exclude ?? []).some((x) => {
    const e = x.replace(/\\/g, '/').replace(/^(?:\.\/)+/, '').replace(/\/+$/, '');
    return rel === e || rel.startsWith(`${e}/`) || globMatches(e, rel);
  })) return false;
  return (root.members ?? []).some((m) => globMatches(m, rel));
}

/**
 * Merges lockfile entries (those with `lockfile` set) into the manifest entries of the same
 * directory and ecosystem: the lockfile's version wins, the declared range and scope stay. A
 * lockfile entry that a manifest entry took is dropped (once per lockfile); the others stay, as
 * transitive dependencies with the scope the lockfile gave. When a lockfile holds several versions
 * of the package, see pickLockEntry; for PyPI and conda every one is the manifest entry's (one entry each). When several lockfiles of a directory know the package, the
 * first in path order gives the version. Order is otherwise kept.
 *
 * Workspaces: a lockfile entry with an `importer` resolves the manifest of that folder instead
 * (npm workspace members, pnpm importers); a Cargo crate without a lockfile of its own takes the
 * Cargo.lock of the workspace root whose members include it (`workspaces`, from the root
 * Cargo.toml), and a pub workspace member (`resolution: workspace`) the pubspec.lock of the root
 * pubspec.yaml whose `workspace:` lists it, and a uv workspace member (`[tool.uv.workspace]` of a
 * root pyproject.toml) the root's uv.lock; an Xcode project (or package) that an Xcode workspace
 * lists (its contents.xcworkspacedata) takes the workspace's Package.resolved (importer: the
 * `.xcworkspace` folder) instead of its own, as Xcode does (its own is left out); listed by several
 * workspaces, it is built with the one it is opened in: one declaration per version they give. Central versions: an entry that inherits (`central: 'inherits'`) first takes its
 * range from the nearest definition (Cargo: the workspace root's [workspace.dependencies]; NuGet:
 * the nearest Directory.Packages.props in its folder or above; Maven: the nearest pom.xml in a
 * folder above whose dependencyManagement pins it). NuGet PackageVersion entries and Maven
 * dependencyManagement entries are versions, not dependencies: they are not in the result.
 * Gradle: each classpath takes only its own lockfiles (lockfilesFor), and a convention plugin's
 * declaration (`appliedIn`) the lockfiles of each project that applies the plugin, one declaration
 * per version they lock.
 * Gradle's links between files are resolved first (resolveGradle: gradle.properties values), and
 * Maven `${property}` versions from parent poms' properties (resolveMavenProperties), and composer.lock
 * origins with the repositories of the composer.json beside it (resolveComposerRepositories); a
 * declaration a lockfile entry resolves takes the entry's origin in place of its own (withLock).
 */
export function resolveVersions(given: DeclaredDependency[], workspaces: readonly WorkspaceRoot[] = []): DeclaredDependency[] {
  const deps0 = applyUvDefaultGroups(resolveComposerRepositories(resolveNugetProperties(resolveMavenProperties(resolveGradle(given, workspaces), workspaces), workspaces), workspaces));
  const deps = compiledWithoutSource(deps0);
  const pomParentsOf = pomParents(workspaces);
  const pomProps = new Map<string, Readonly<Record<string, string>>>();
  for (const w of workspaces) if (w.ecosystem === 'maven' && w.properties !== undefined && baseName(w.path) === 'pom.xml') pomProps.set(w.path, w.properties);
  /** The version properties a pom reads: its own, then its parents' (the nearest that sets each). */
  const pomProperties = (path: string): Map<string, string> => {
    const props = new Map<string, string>();
    for (const p of [path, ...pomParentsOf(path)].reverse()) for (const [k, v] of Object.entries(pomProps.get(p) ?? {})) props.set(k, v);
    return props;
  };
  const folder = (d: DeclaredDependency): string => (d.lockfile !== undefined && d.importer !== undefined ? d.importer : dirName(d.path));
  // Workspaces whose root lockfile resolves the members: Cargo's, pub's (a root pubspec.yaml's `workspace:`) and uv's (`[tool.uv.workspace]`).
  const memberRoots = workspaces.filter((w) => w.ecosystem === 'cargo' || w.ecosystem === 'pub' || w.ecosystem === 'pypi').sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  /** The nearest Cargo (or pub) workspace root (folder) of the ecosystem that takes in `dir`, its own included. */
  const workspaceRootOf = (eco: Ecosystem, dir: string): string | undefined => upFrom(dir).find((up) => memberRoots.some((w) => w.ecosystem === eco && dirName(w.path) === up && workspaceCovers(w, dir)));

  // Central definitions: ecosystem + folder → key → the first definition.
  const defines = new Map<string, Map<string, DeclaredDependency>>();
  const conditional = new Map<string, DeclaredDependency[]>(); // ecosystem + folder + key → the conditional definitions
  const centralDirs = new Set(workspaces.filter((w) => w.ecosystem === 'nuget' && /^directory\.packages\.props$/i.test(baseName(w.path))).map((w) => dirName(w.path)));
  // The Directory.Packages.props that import the one above them (their folders).
  const chainedDirs = new Set(workspaces.filter((w) => w.ecosystem === 'nuget' && w.importsAbove === true && /^directory\.packages\.props$/i.test(baseName(w.path))).map((w) => dirName(w.path)));
  for (const d of deps) {
    if (d.central !== 'defines' || d.lockfile !== undefined) continue;
    const g = `${d.ecosystem}\0${dirName(d.path)}`;
    let byKey = defines.get(g);
    if (byKey === undefined) defines.set(g, (byKey = new Map()));
    const k = centralKey(d);
    if (d.ecosystem === 'nuget') centralDirs.add(dirName(d.path));
    if (d.condition !== undefined) {
      // A PackageVersion under an MSBuild condition the files do not decide: an alternative.
      const list = conditional.get(`${g}\0${k}`) ?? [];
      if (list.length < 16) list.push(d);
      conditional.set(`${g}\0${k}`, list);
    } else if (!byKey.has(k)) byKey.set(k, d);
  }
  const inherit = (d: DeclaredDependency): DeclaredDependency | DeclaredDependency[] => {
    if (d.central !== 'inherits' || d.lockfile !== undefined) return { ...d };
    const dir = dirName(d.path);
    const k = centralKey(d);
    let from: string | undefined;
    if (d.ecosystem === 'nuget') {
      // MSBuild: the nearest file only, and those it imports above it, a nearer one's version first.
      const ups = upFrom(dir).filter((up) => centralDirs.has(up));
      from = ups[0];
      for (let i = 0; i + 1 < ups.length && chainedDirs.has(ups[i] as string) && defines.get(`${d.ecosystem}\0${ups[i]}`)?.has(k) !== true; i++) from = ups[i + 1];
    }
    else {
      // Cargo: the workspace root that takes the crate in, else the nearest definition above;
      // Maven: the nearest of its parent poms (<relativePath>) that pins it, else the nearest pom
      // above that does (a module's parent is usually the folder above).
      const pins = (up: string): boolean => defines.get(`${d.ecosystem}\0${up}`)?.has(k) === true;
      const nearest = (): string | undefined => upFrom(dir).find(pins);
      if (d.ecosystem === 'cargo') from = workspaceRootOf('cargo', dir) ?? nearest();
      else if (d.ecosystem === 'maven') from = pomParentsOf(d.path).map(dirName).find(pins) ?? nearest();
      else from = nearest();
    }
    const def = from === undefined ? undefined : defines.get(`${d.ecosystem}\0${from}`)?.get(k);
    const alternatives = from === undefined ? undefined : conditional.get(`${d.ecosystem}\0${from}\0${k}`);
    const take = (v: DeclaredDependency): DeclaredDependency => {
      const out: DeclaredDependency = { ...d };
      // A Maven pin written with properties: resolved with the inheriting pom's own first.
      const own = v.template !== undefined && d.ecosystem === 'maven' ? resolveProps(v.template, pomProperties(d.path)) : undefined;
      if (own !== undefined && own !== v.template) {
        out.range = own;
        const version = own.includes('${') ? undefined : plainVersion(own);
        if (version !== undefined) out.version = version;
        else delete out.version;
        return out;
      }
      if (v.range !== undefined) out.range = v.range;
      if (v.version !== undefined) out.version = v.version;
      if (v.condition !== undefined) out.condition = d.condition === undefined ? v.condition : `(${d.condition}) and (${v.condition})`;
      return out;
    };
    // Central versions under conditions the files do not decide: one declaration each, with its
    // condition, beside the unconditional one (when there is none, the reference has only those).
    if (alternatives !== undefined) return [...(def === undefined ? [] : [take(def)]), ...alternatives.map(take)];
    return def === undefined ? { ...d } : take(def);
  };

  // group → lockfile path → key → indexes of entries, in order
  const locks = new Map<string, Map<string, Map<string, number[]>>>();
  /**
   * The lockfile named `lockName` of the nearest folder above `dir` that lists `d`'s exact spec for
   * its package (the match is by the spec as the lockfile writes it, never a guess by name):
   * - Yarn workspaces: a member's package.json has no lockfile beside it; the root's yarn.lock
   *   resolved it (yarn keys are the specs);
   * - Deno: an `npm:` or `jsr:` import in a code file (a declaration of the code file, see sdk-imports) is
   *   resolved by the deno.lock of the project above it (its `specifiers` keys are the specs as
   *   written; a bare `npm:openai` is `npm:openai@*` there).
   */
  const specRootFor = (d: DeclaredDependency, dir: string, lockName: 'yarn.lock' | 'deno.lock'): Map<string, Map<string, number[]>> | undefined => {
    const spec = lockSpec(d);
    if (spec === undefined && lockName === 'yarn.lock') return undefined;
    const lists = lockName === 'yarn.lock' ? (e: DeclaredDependency) => e.range?.split(', ').includes(spec as string) === true : (e: DeclaredDependency) => (e.range ?? '*') === (spec ?? '*') && e.nested !== true;
    const k = matchKey(d);
    for (const up of upFrom(dir).slice(1)) {
      for (const [file, byKey] of locks.get(groupOf(d.ecosystem, up)) ?? []) {
        if (baseName(file) !== lockName) continue;
        if (byKey.get(k)?.some((i) => lists(deps[i]!)) === true) return new Map([[file, byKey]]);
      }
    }
    return undefined;
  };
  const groupOf = (eco: string, dir: string): string => `${eco}\0${dir}`;
  deps.forEach((d, i) => {
    if (d.lockfile === undefined) return;
    const g = groupOf(d.ecosystem, folder(d));
    let byFile = locks.get(g);
    if (byFile === undefined) locks.set(g, (byFile = new Map()));
    let byKey = byFile.get(d.lockfile);
    if (byKey === undefined) byFile.set(d.lockfile, (byKey = new Map()));
    pushTo(byKey, matchKey(d), i);
  });
  /**
   * Folder → the locks of each Xcode workspace (in path order) that lists it (an Xcode project, a
   * package) and has a Package.resolved: Xcode resolves a project with the Package.resolved of the
   * workspace it is opened in, so each of them is a resolution it is built with.
   */
  const xcodeWorkspaceLocks = new Map<string, Map<string, Map<string, number[]>>[]>();
  for (const w of workspaces.filter((x) => x.ecosystem === 'swift').sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    const byFile = locks.get(groupOf('swift', dirName(w.path)));
    if (byFile === undefined) continue;
    for (const m of new Set(w.members ?? [])) pushTo(xcodeWorkspaceLocks, m, byFile);
  }
  const consumed = new Set<number>();
  // The Package.resolved of such a project or package is not its resolution: left out, not listed as locked.
  deps.forEach((d, i) => {
    if (d.ecosystem !== 'swift' || d.lockfile === undefined) return;
    const own = locks.get(groupOf('swift', folder(d)));
    if (xcodeWorkspaceLocks.get(folder(d))?.some((ws) => ws !== own) === true) consumed.add(i);
  });
  /** The declaration with the version these lockfiles (of one folder) give it, taking their entries of its package; undefined when none does. */
  const mergeLocks = (d: DeclaredDependency, byFile: Map<string, Map<string, number[]>>): DeclaredDependency | DeclaredDependency[] | undefined => {
    const k = matchKey(d);
    let merged: DeclaredDependency | DeclaredDependency[] | undefined;
    for (const file of lockfilesFor(d, byFile.keys())) {
      const idx = byFile.get(file)!.get(k);
      if (idx === undefined || idx.length === 0) continue;
      const first = pickLockEntry(d, idx, deps);
      if (first === undefined) continue; // every entry is another alias's, or another package's nested copy
      consumed.add(first);
      const lock = deps[first]!;
      if ((d.ecosystem === 'pypi' || d.ecosystem === 'conda') && idx.length > 1) {
        // A Python (or conda) environment holds one version of a package: a lockfile's several versions
        // (poetry.lock, uv.lock, pdm.lock, pylock.toml; pixi.lock's per platform) are forks by marker (platform, Python version) of this same
        // dependency, each of them the declaration's.
        for (const i of idx) consumed.add(i);
        const versions = [...new Set(idx.map((i) => deps[i]!.version).filter((v): v is string => v !== undefined))];
        if (merged === undefined && versions.length > 0) merged = versions.map((version) => ({ ...d, version, lockfile: lock.lockfile }));
        continue;
      }
      if (lock.importer !== undefined) {
        // The same installed package as the lockfile lists it for its own folder (hoisted, or
        // pnpm's packages entry): taken too, so it is not listed again as transitive.
        const own = locks.get(groupOf(lock.ecosystem, dirName(lock.lockfile!)))?.get(file)?.get(k) ?? [];
        // A copy the reader marked nested is that one only when it is the same key (its line).
        for (const i of own) {
          const o = deps[i]!;
          if (o.importer === undefined && o.version === lock.version && (o.nested !== true || o.line === lock.line)) consumed.add(i);
        }
      }
      if (merged === undefined && lock.version !== undefined) merged = withLock(d, lock, { version: lock.version });
      // A Composer name locked only through another package (providedBy) with no version of its own still is that package's code.
      else if (merged === undefined && lock.providedBy !== undefined) merged = withLock(d, lock, {});
    }
    return merged;
  };
  /** The declaration resolved by each of several lockfile sets, one declaration per version they give (the first of each, in order); itself when none gives one. */
  const mergeEach = (d: DeclaredDependency, each: Iterable<Map<string, Map<string, number[]>> | undefined>): DeclaredDependency | DeclaredDependency[] => {
    const byVersion = new Map<string | undefined, DeclaredDependency>();
    for (const byFile of each) {
      const m = byFile === undefined ? undefined : mergeLocks(d, byFile);
      for (const x of m === undefined ? [] : [m].flat()) if (!byVersion.has(x.version)) byVersion.set(x.version, x);
    }
    return byVersion.size === 0 ? d : byVersion.size === 1 ? ([...byVersion.values()][0] as DeclaredDependency) : [...byVersion.values()];
  };
  // Installed copies (DeclaredDependency.installed): ecosystem + the folder of the project they are installed for → key → indexes, in path order.
  const installedIn = new Map<string, Map<string, number[]>>();
  deps.forEach((d, i) => {
    if (d.installed !== true) return;
    const g = groupOf(d.ecosystem, d.importer ?? dirName(d.path));
    let byKey = installedIn.get(g);
    if (byKey === undefined) installedIn.set(g, (byKey = new Map()));
    pushTo(byKey, matchKey(d), i);
  });
  /**
   * The declaration with the version of the installed copy it resolves to: the first copy under
   * its name (and npm alias) installed for the nearest project folder at or above its own (Node
   * looks for node_modules up the folders; a virtualenv serves the project that holds it). A
   * declaration a lockfile resolved keeps that version; a copy of the same version is then the
   * same package, not listed again.
   */
  const withInstalled = (d: DeclaredDependency): DeclaredDependency => {
    if (installedIn.size === 0 || d.installed === true) return d;
    const k = matchKey(d);
    for (const up of upFrom(d.importer ?? dirName(d.path))) {
      const i = installedIn.get(groupOf(d.ecosystem, up))?.get(k)?.find((x) => deps[x]!.alias === d.alias);
      if (i === undefined) continue;
      const copy = deps[i]!;
      if (d.version !== undefined && d.version !== copy.version) return d;
      consumed.add(i);
      return { ...d, version: copy.version, installedAt: copy.line !== undefined ? { path: copy.path, line: copy.line } : { path: copy.path } };
    }
    return d;
  };
  const out: Array<DeclaredDependency | DeclaredDependency[] | undefined> = deps.map((orig) => {
    if (orig.lockfile !== undefined || orig.installed === true) return undefined; // placed below
    if (orig.central === 'defines' && (orig.ecosystem === 'nuget' || orig.ecosystem === 'maven' || orig.ecosystem === 'npm')) return undefined; // a version, not a dependency
    const inherited = inherit(orig);
    const placed = Array.isArray(inherited) ? inherited.flatMap((d) => place(d)) : place(inherited);
    return Array.isArray(placed) ? placed.map(withInstalled) : withInstalled(placed);
  });
  function place(d: DeclaredDependency): DeclaredDependency | DeclaredDependency[] {
    // A Deno import map's entry is resolved by the lock of the deno.json that names the map (its importer).
    const dir = d.importer ?? dirName(d.path);
    // An Xcode project or package listed by workspaces that have a Package.resolved: each workspace's
    // resolution (one declaration per version they give), not its own.
    const xcode = d.ecosystem === 'swift' ? xcodeWorkspaceLocks.get(dir) : undefined;
    if (xcode !== undefined) return mergeEach(d, xcode);
    let byFile = locks.get(groupOf(d.ecosystem, dir));
    if (byFile === undefined && (d.ecosystem === 'cargo' || d.ecosystem === 'pub' || d.ecosystem === 'pypi')) {
      // A workspace member: the lockfile is the root's.
      const root = workspaceRootOf(d.ecosystem, dir);
      if (root !== undefined && root !== dir) byFile = locks.get(groupOf(d.ecosystem, root));
    }
    if (byFile === undefined && (d.ecosystem === 'npm' || d.ecosystem === 'jsr')) byFile = isManifest(d.path) ? specRootFor(d, dir, 'yarn.lock') : specRootFor(d, dir, 'deno.lock');
    if (d.appliedIn !== undefined && d.ecosystem === 'maven') {
      // A Gradle convention plugin's declaration: each project that applies the plugin resolves it
      // with its own lockfiles; one declaration per version they give (the plugin's line each).
      return mergeEach(d, d.appliedIn.map((f) => locks.get(groupOf('maven', f))));
    }
    if (byFile === undefined) return d;
    return mergeLocks(d, byFile) ?? d;
  }
  // An importer's entry for a package that the lockfile also lists for its own folder (a member's
  // hoisted dependency, pnpm's packages entry) is left out when no member manifest took it: the
  // other one stays.
  const idOf = (d: DeclaredDependency): string => `${d.lockfile}\0${d.ecosystem}\0${matchKey(d)}\0${d.version ?? ''}`;
  const listed = new Set(deps.filter((d) => d.lockfile !== undefined && d.importer === undefined).map(idOf));
  deps.forEach((d, i) => {
    if (d.lockfile === undefined || consumed.has(i)) return;
    if (d.importer !== undefined) {
      const id = idOf(d);
      if (listed.has(id)) return;
      listed.add(id);
    }
    out[i] = withInstalled({ ...d });
  });
  // Installed copies no declaration or lockfile entry took: packages of their own, but for the
  // Python metadata of a conda package (its record owns the file: the same install).
  const owned = new Set(deps.flatMap((d) => d.owns ?? []));
  deps.forEach((d, i) => {
    if (d.installed === true && !consumed.has(i) && !(d.ecosystem === 'pypi' && owned.has(d.path))) {
      const { owns: _owns, ...copy } = d;
      out[i] = copy;
    }
  });
  return out.flatMap((d) => d ?? []);
}
