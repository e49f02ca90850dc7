/**
 * Installed packages: copies of packages that sit in the tree, each of which says its own name and
 * version. They are no declaration of the project's (their manifests declare what they need, not
 * what the project needs); they give an exact version to the project's declarations that they
 * resolve (resolveVersions), and are listed on their own otherwise.
 *
 * - PyPI: a wheel install's `<name>-<version>.dist-info/METADATA` (pip, uv, `pip install -t`
 *   vendoring such as a Lambda layer's `python/` folder), setuptools' `<name>.egg-info/PKG-INFO`
 *   and single-file `<name>-<version>.egg-info` inside site-packages or dist-packages, and an
 *   unpacked egg's `EGG-INFO/PKG-INFO`. These are core metadata files (RFC 822 headers): the first
 *   `Name:` and `Version:` of the header block are read. An egg-info folder elsewhere is the
 *   development metadata `pip install -e .` writes beside a project's own sources, not an install.
 * - npm: `node_modules/<name>/package.json` and `node_modules/@scope/<name>/package.json` (read
 *   when the scan takes in node_modules, `--include-deps`): its `name` and `version`, the folder
 *   name as the alias it is installed under when that differs.
 *
 * - Composer: `vendor/composer/installed.json` (Composer 2's `{"packages": [...]}` and Composer
 *   1's list): every package installed in the vendor folder, at its version.
 * - RubyGems: `<GEM_HOME>/specifications/<name>-<version>.gemspec` (Bundler's `vendor/bundle/ruby/
 *   3.3.0/`, a Lambda layer's `ruby/gems/3.3.0/`): the gem's `name` and `version` as the stub writes
 *   them, else as the file is named.
 * - conda: `<prefix>/conda-meta/<name>-<version>-<build>.json`, the record conda, mamba,
 *   micromamba and pixi write for each package they link into an environment (`/opt/conda`,
 *   `envs/<env>`, a pixi project's `.pixi/envs/default`): its `name` and `version`, else as the file
 *   is named (conda forbids `-` in versions and builds). The Python metadata the package put in the
 *   environment (its `.dist-info/METADATA`, listed in the record's `files`) is the same install:
 *   DeclaredDependency.owns names it, and resolveVersions lists it no more on its own.
 *
 * Any other manifest inside an install folder belongs to the installed package, and declares
 * nothing of the project's: inside node_modules, site-packages or dist-packages (an installed
 * package's requirements.txt, pyproject.toml, Cargo.toml, or a package.json below a package's
 * root), below a package of a vendor folder (`vendor/<vendor>/<package>/composer.json`, a vendored
 * Go module's go.mod), or in a gem home (`vendor/bundle/`, `<GEM_HOME>/gems/<gem>/Gemfile`). The
 * package it defines (ManifestResult.own) is kept: code below it importing it is its own code.
 */
import { Collector, dirName, type ManifestResult } from './common.js';
import { lockVersion } from './composer.js';
import { readJsonObject } from './json.js';

/** Folders whose contents are installed packages, not the project's own files. */
const INSTALL_SEGMENTS = new Set(['node_modules', 'site-packages', 'dist-packages']);
/**
 * Vendored third-party code: a package of a vendor folder (Composer's `vendor/<vendor>/<package>/`,
 * Go's `vendor/<host>/<path>/`), Bundler's `vendor/bundle/`, and a gem home's installed gems
 * (`<GEM_HOME>/gems/<gem>-<version>/`, GEM_HOME ending in the Ruby ABI version).
 */
const VENDORED = /(?:^|\/)vendor\/(?:bundle\/|[^/]+\/[^/]+\/)|(?:^|\/)\d+\.\d+\.\d+\/(?:gems|bundler\/gems)\/[^/]+-[^/]+\//;
/** A gem home's spec: `<GEM_HOME>/specifications/<name>-<version>.gemspec`, GEM_HOME ending in the Ruby ABI version. */
const GEM_SPEC = /(?:^|\/)\d+\.\d+\.\d+\/specifications\/[^/]+\.gemspec$/;

/** conda's record of a package linked into an environment: `<prefix>/conda-meta/<file>.json`. */
const CONDA_META = /(?:^|\/)conda-meta\/[^/]+\.json$/;
/** A conda-meta record is parsed as JSON up to this size; past it, the name and version are the file name's. */
const MAX_CONDA_META_PARSE = 2 * 1024 * 1024;
/** Python metadata files a conda package installs, as its record's `files` list them (relative to the prefix). */
const CONDA_OWNED_METADATA = /"((?:[^"\\\n]|\\\\){1,1000}?\.(?:dist-info[\\/]+METADATA|egg-info[\\/]+PKG-INFO|egg-info))"/g;

/** PEP 508 names (and what core metadata may write), at most this long. */
const PYPI_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,198}[A-Za-z0-9])?$/;
/** A version as a metadata file writes it: one token, bounded. */
export const VERSION = /^[A-Za-z0-9][A-Za-z0-9.+!_-]{0,127}$/;
/** Core metadata headers are read up to this many characters (the body, a long description, is not read). */
const MAX_HEADER_CHARS = 256 * 1024;

/**
 * Whether the path is inside a folder of installed or vendored packages: node_modules,
 * site-packages, dist-packages, a package of a vendor folder (VENDORED), a gem home.
 */
export function insideInstallDir(path: string): boolean {
  const p = path.replace(/\\/g, '/');
  const parts = p.split('/');
  for (let i = 0; i < parts.length - 1; i++) if (INSTALL_SEGMENTS.has(parts[i]!)) return true;
  return VENDORED.test(p) || GEM_SPEC.test(p);
}

/** Which installed-package record the path is, by its name and place; undefined for other files. */
export function installedRecord(path: string): 'python' | 'npm' | 'composer' | 'gem' | 'conda' | undefined {
  // Asked of every file the scan reads: the name decides first.
  const last = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  const base = path.slice(last + 1);
  const gemspec = base.endsWith('.gemspec');
  const json = base.endsWith('.json');
  if (base !== 'package.json' && base !== 'METADATA' && base !== 'PKG-INFO' && base !== 'installed.json' && !gemspec && !json && !/\.egg-info$/i.test(base)) return undefined;
  const p = path.replace(/\\/g, '/');
  if (json && base !== 'package.json' && base !== 'installed.json') return CONDA_META.test(p) ? 'conda' : undefined;
  if (gemspec) return GEM_SPEC.test(p) ? 'gem' : undefined;
  if (base === 'installed.json') return /(?:^|\/)vendor\/composer\/installed\.json$/.test(p) ? 'composer' : undefined;
  const parts = p.split('/');
  const parent = parts[parts.length - 2];
  if (base === 'package.json') {
    const at = p.lastIndexOf('node_modules/');
    if (at < 0 || (at > 0 && p[at - 1] !== '/')) return undefined;
    // `<name>/package.json` or `@scope/<name>/package.json` right below node_modules; not .bin, .pnpm, .cache.
    const rest = p.slice(at + 'node_modules/'.length).split('/');
    const ok = rest.length === 2 ? !rest[0]!.startsWith('.') && !rest[0]!.startsWith('@') : rest.length === 3 && /^@[^.]/.test(rest[0]!) && !rest[1]!.startsWith('.');
    return ok ? 'npm' : undefined;
  }
  if (base === 'METADATA' && /\.dist-info$/i.test(parent ?? '')) return 'python';
  if (base === 'PKG-INFO' && parent === 'EGG-INFO') return 'python';
  const installed = insideInstallDir(p);
  if (base === 'PKG-INFO' && /\.egg-info$/i.test(parent ?? '')) return installed ? 'python' : undefined;
  // distutils' install_egg_info writes the metadata as one file (Debian's python3-* packages).
  if (/^[^.][^/]*\.egg-info$/i.test(base)) return installed ? 'python' : undefined;
  return undefined;
}

/**
 * The folder of the project an installed copy belongs to (DeclaredDependency.importer): the one
 * that holds the node_modules folder (`a/node_modules/x` → `a`), or the one that holds the Python
 * environment (`.venv/lib/python3.12/site-packages` → `` ; `layer/python` → `layer`).
 */
export function installedProjectDir(path: string): string {
  const p = path.replace(/\\/g, '/');
  // Composer's vendor folder and Bundler's vendor/bundle are the project's.
  const vendor = /(?:^|\/)vendor\/(?:composer\/installed\.json|bundle\/)/.exec(p);
  if (vendor !== null) return p.slice(0, Math.max(0, vendor.index));
  if (GEM_SPEC.test(p)) {
    // `<dir>/ruby/gems/3.3.0/specifications/x.gemspec` (a Lambda layer) → `<dir>`'s parent, as for a vendoring folder.
    const segs = dirName(dirName(p)).split('/');
    segs.pop(); // the Ruby ABI version
    while (segs.length && (segs[segs.length - 1] === 'gems' || segs[segs.length - 1] === 'ruby')) segs.pop();
    segs.pop();
    return segs.join('/');
  }
  const at = p.lastIndexOf('node_modules/');
  if (baseName(p) === 'package.json' && at >= 0) return at === 0 ? '' : p.slice(0, at - 1);
  if (CONDA_META.test(p)) return envProjectDir(dirName(dirName(p)).split('/').filter((x) => x !== ''));
  // The folder on sys.path: the one holding the .dist-info, .egg-info or .egg.
  let dir = dirName(p);
  if (/\.(?:dist|egg)-info$/i.test(baseName(dir)) || baseName(dir) === 'EGG-INFO') dir = dirName(dir);
  if (baseName(dir).endsWith('.egg')) dir = dirName(dir);
  const segs = dir === '' ? [] : dir.split('/');
  if (segs.length && (segs[segs.length - 1] === 'site-packages' || segs[segs.length - 1] === 'dist-packages')) {
    segs.pop();
    if (segs.length && /^python\d*(?:\.\d+)*t?$/.test(segs[segs.length - 1]!)) segs.pop();
    if (segs.length && /^(?:lib|lib64|Lib)$/.test(segs[segs.length - 1]!)) segs.pop();
  }
  return envProjectDir(segs);
}

/**
 * The project folder of an environment (or vendoring folder) at `segs`: the folder that holds it,
 * past a conda `envs/` folder and a pixi project's `.pixi/envs/` (`.pixi/envs/default` → the project).
 */
function envProjectDir(segs: string[]): string {
  segs.pop();
  if (segs.length && segs[segs.length - 1] === 'envs') {
    segs.pop();
    if (segs.length && segs[segs.length - 1] === '.pixi') segs.pop();
  }
  return segs.join('/');
}

/**
 * A conda-meta record (`<prefix>/conda-meta/<name>-<version>-<build>.json`): the package at its
 * version, with the Python metadata files it installed in the prefix (`owns`, scan-relative).
 */
export function readCondaMeta(path: string, text: string): ManifestResult {
  const c = new Collector(path, 'conda');
  const p = path.replace(/\\/g, '/');
  const file = /^(.+)-([^-]+)-([^-]+)\.json$/.exec(baseName(p));
  let name = file?.[1];
  let version = file?.[2];
  let line: number | undefined;
  if (text.length <= MAX_CONDA_META_PARSE) {
    const read = readJsonObject(text, c, 'conda-meta record');
    if (read !== undefined) {
      const { root, j } = read;
      if (typeof root.name === 'string' && root.name.trim() !== '') name = root.name.trim();
      if (typeof root.version === 'string' && root.version.trim() !== '') {
        version = root.version.trim();
        line = j.keyLine(root, 'version');
      }
    }
  }
  if (name === undefined || version === undefined || !/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(name) || !VERSION.test(version)) {
    c.warn('no package name and version in the conda-meta record or its file name');
    return c.result();
  }
  const prefix = dirName(dirName(p));
  const owns = new Set<string>();
  for (const m of text.matchAll(CONDA_OWNED_METADATA)) {
    const rel = m[1]!.replace(/\\\\/g, '/').replace(/\/+/g, '/').replace(/^\//, '');
    if (rel.split('/').includes('..')) continue;
    owns.add(prefix === '' ? rel : `${prefix}/${rel}`);
    if (owns.size >= 64) break;
  }
  c.add({ name, version, ...(line !== undefined ? { line } : {}), installed: true, importer: installedProjectDir(path), ...(owns.size ? { owns: [...owns] } : {}) });
  return c.result();
}

function baseName(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

/** PyPI core metadata (METADATA, PKG-INFO, a single-file .egg-info): the package's Name and Version. */
export function readCoreMetadata(path: string, text: string): ManifestResult {
  const c = new Collector(path, 'pypi');
  const got = coreMetadata(text, c);
  if (got !== undefined) c.add({ name: got.name, version: got.version, line: got.line, installed: true, importer: installedProjectDir(path) });
  return c.result();
}

/**
 * The Name and Version of core metadata headers (and the line of Version); undefined, with a
 * warning on `c`, when either is missing or is none.
 */
export function coreMetadata(text: string, c: Collector): { name: string; version: string; line: number } | undefined {
  const head = text.length > MAX_HEADER_CHARS ? text.slice(0, MAX_HEADER_CHARS) : text;
  let name: { value: string; line: number } | undefined;
  let version: { value: string; line: number } | undefined;
  let line = 0;
  let start = head.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (start < head.length) {
    let end = head.indexOf('\n', start);
    if (end < 0) end = head.length;
    line++;
    const l = head.slice(start, end).replace(/\r$/, '');
    start = end + 1;
    if (l.trim() === '') break; // the end of the headers: the rest is the description
    const m = /^([A-Za-z0-9-]+):[ \t]*(.*)$/.exec(l);
    if (m === null) continue; // a continuation line, or damage
    const key = m[1]!.toLowerCase();
    const value = m[2]!.trim();
    if (key === 'name' && name === undefined) name = { value, line };
    else if (key === 'version' && version === undefined) version = { value, line };
    if (name !== undefined && version !== undefined) break;
  }
  if (name === undefined || version === undefined) {
    c.warn(`no ${name === undefined ? 'Name' : 'Version'} header in the package metadata`);
    return undefined;
  }
  if (!PYPI_NAME.test(name.value)) {
    c.warn(`line ${name.line}: "${name.value.slice(0, 80)}" is not a package name`);
    return undefined;
  }
  if (!VERSION.test(version.value)) {
    c.warn(`line ${version.line}: "${version.value.slice(0, 80)}" is not a version`);
    return undefined;
  }
  return { name: name.value, version: version.value, line: version.line };
}

/** An installed npm package's package.json: the package itself, never its dependencies. */
export function readInstalledPackageJson(path: string, text: string): ManifestResult {
  const c = new Collector(path, 'npm');
  const read = readJsonObject(text, c, 'package.json');
  if (read === undefined) return c.result();
  const { root, j } = read;
  const p = path.replace(/\\/g, '/');
  const folder = p.slice(p.lastIndexOf('node_modules/') + 'node_modules/'.length, p.length - '/package.json'.length);
  const name = typeof root.name === 'string' && root.name.trim() !== '' ? root.name.trim() : folder;
  c.own = name;
  if (typeof root.version !== 'string' || !VERSION.test(root.version.trim().replace(/^v/, ''))) {
    c.warn(`installed package ${folder} has no version`);
    return c.result();
  }
  c.add({ name, version: root.version.trim().replace(/^v/, ''), line: j.keyLine(root, 'version'), installed: true, importer: installedProjectDir(path), ...(folder !== name ? { alias: folder } : {}) });
  return c.result();
}

/** Composer's vendor/composer/installed.json: every package installed in the vendor folder. */
export function readComposerInstalled(path: string, text: string): ManifestResult {
  const c = new Collector(path, 'composer');
  // Composer 1 wrote the list alone: wrapped on the same line, so lines stay as written.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const p = body.trimStart().startsWith('[') ? `{"packages":${body}}` : body;
  const read = readJsonObject(p, c, 'installed.json');
  if (read === undefined) return c.result();
  const { root, j } = read;
  if (!Array.isArray(root.packages)) {
    c.warn('"packages" is not a list');
    return c.result();
  }
  const importer = installedProjectDir(path);
  for (const e of root.packages as unknown[]) {
    if (typeof e !== 'object' || e === null || Array.isArray(e)) continue;
    const o = e as Record<string, unknown>;
    const name = typeof o.name === 'string' ? o.name.trim() : '';
    const version = lockVersion(typeof o.version === 'string' ? o.version : undefined);
    if (!/^[a-z0-9]([_.-]?[a-z0-9]+)*\/[a-z0-9](([_.]|-{1,2})?[a-z0-9]+)*$/i.test(name) || version === undefined || !VERSION.test(version)) continue;
    if (!c.add({ name, version, line: j.keyLine(o, 'name'), installed: true, importer })) break;
  }
  return c.result();
}

/** An installed gem's spec (`specifications/<name>-<version>.gemspec`): the gem at its version. */
export function readGemSpecification(path: string, text: string): ManifestResult {
  const c = new Collector(path, 'gem');
  const lines = text.slice(0, MAX_HEADER_CHARS).split('\n');
  const field = (key: string): { value: string; line: number } | undefined => {
    const re = new RegExp(`^\\s*\\w+\\.${key}\\s*=\\s*["']([^"'\\n]+)["']`);
    for (let i = 0; i < lines.length; i++) {
      const m = re.exec(lines[i]!);
      if (m !== null) return { value: m[1]!.trim(), line: i + 1 };
    }
    return undefined;
  };
  // The file is named `<name>-<version>[-<platform>].gemspec`: a gem version starts with a digit and holds no `-`.
  const file = /^(.+?)-(\d[^-]*)(?:-[^-]+)*\.gemspec$/.exec(baseName(path.replace(/\\/g, '/')));
  const name = field('name') ?? (file ? { value: file[1]!, line: 0 } : undefined);
  const version = field('version') ?? (file ? { value: file[2]!, line: 0 } : undefined);
  if (name === undefined || version === undefined || !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name.value) || !VERSION.test(version.value)) {
    c.warn('no gem name and version in the installed gem specification');
    return c.result();
  }
  c.add({ name: name.value, version: version.value, line: version.line, installed: true, importer: installedProjectDir(path) });
  return c.result();
}

/**
 * A manifest inside an installed package: that package's, so it declares nothing of the project's.
 * The package it defines stays (own code below it).
 */
export function declaringNothing(r: ManifestResult): ManifestResult {
  return { deps: [], warnings: [], ...(r.own !== undefined ? { own: r.own } : {}) };
}
