/**
 * Walk: list the files to scan under a root, in a deterministic order.
 *
 * - fast-glob lists the tree once (synchronously) without following symbolic links; a link is kept only when its
 *   target resolves inside the root (so nothing outside the root is ever read) and is a file.
 * - .gitignore files at every level apply to the paths below them (node-ignore implements git's
 *   matching rules); `exclude` globs from the config and the CLI apply on top.
 * - .git is always skipped; dependency folders (node_modules, .venv, venv, site-packages, conda-meta) are
 *   skipped unless `includeDependencyDirs` is set.
 * - A name that is not valid UTF-8 is kept: its raw bytes are looked up so the file can be opened.
 */
import fg from 'fast-glob';
import ignore, { type Ignore } from 'ignore';
import { type Dirent, lstatSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';
import type { ScanWarning } from '../types.js';

export interface FileRef {
  /** Relative to the root, POSIX separators; what every output shows. */
  path: string;
  size: number;
  /** Absolute path as raw bytes, set only when the name is not valid UTF-8. */
  rawPath?: Buffer;
  /** Whether the entry is a symbolic link (to a file inside the root). */
  symlink?: boolean;
}

export interface WalkOptions {
  root: string;
  exclude?: string[];
  includeDependencyDirs?: boolean;
  respectGitignore?: boolean;
}

export interface WalkResult {
  files: FileRef[];
  warnings: ScanWarning[];
}

export const DEPENDENCY_DIRS = ['node_modules', '.venv', 'venv', 'site-packages', 'conda-meta'];

/** Sorting by code unit order keeps outputs byte-identical across machines and locales. */
export function comparePaths(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export async function walk(options: WalkOptions): Promise<WalkResult> {
  const root = options.root;
  const warnings: ScanWarning[] = [];
  const ignoreGlobs = ['**/.git/**', '**/.git'];
  if (!options.includeDependencyDirs) {
    for (const d of DEPENDENCY_DIRS) ignoreGlobs.push(`**/${d}/**`);
  }
  // One synchronous listing: fast-glob's async stream took a thread-pool round trip per directory
  // and a second listing to find the .gitignore files first; on 10,710 files the walk went from
  // 235-260 ms to about 100 ms. The .gitignore files are picked out of the same listing.
  // A folder that cannot be listed (no permission, a path longer than the system allows) is
  // skipped by fast-glob (suppressErrors) and reported here with its path.
  const unlisted: { path: string; code: string }[] = [];
  // fast-glob's `**` never matches a name with a line break in it, so such a file (a key hidden
  // in 'a\nb.py') would be passed over without a word: the names are picked out of the same
  // listing and handled below.
  const brokenNames: { dir: string; dirent: Dirent }[] = [];
  const listDir = ((p: string, o: never) => {
    let out: unknown;
    try {
      out = readdirSync(p, o);
    } catch (e) {
      unlisted.push({ path: p, code: (e as NodeJS.ErrnoException).code ?? String(e) });
      throw e;
    }
    for (const d of out as Dirent[]) if (typeof d === 'object' && /[\n\r]/.test(d.name)) brokenNames.push({ dir: p, dirent: d });
    return out;
  }) as typeof readdirSync;
  const listed = fg.sync('**', {
    fs: { readdirSync: listDir },
    cwd: root,
    dot: true,
    onlyFiles: false,
    followSymbolicLinks: false,
    markDirectories: false,
    objectMode: true,
    ignore: ignoreGlobs,
    suppressErrors: true,
    unique: true,
  }) as unknown as { path: string; dirent: Dirent }[];
  for (const b of brokenNames) {
    const rel = relative(root, join(b.dir, b.dirent.name)).split(sep).join('/');
    if (b.dirent.isFile()) listed.push({ path: rel, dirent: b.dirent });
    else if (b.dirent.isDirectory()) warnings.push({ code: 'walk/unlisted-name', path: rel, message: 'a folder whose name holds a line break: the files below it are not scanned' });
  }
  for (const u of unlisted) {
    const rel = relative(root, u.path).split(sep).join('/') || '.';
    warnings.push({ code: 'walk/unreadable-dir', path: rel, message: `cannot list this folder (${u.code}); the files below it are not scanned` });
  }
  const gitignores = options.respectGitignore === false ? undefined : loadGitignores(root, listed.filter((e) => e.dirent.name === '.gitignore' && e.dirent.isFile()).map((e) => e.path), warnings);
  const userExcludes = (options.exclude ?? []).filter((g) => g.trim() !== '');
  const excluder = userExcludes.length ? ignore().add(userExcludes) : undefined;
  let rootReal: string;
  try {
    rootReal = realpathSync(root);
  } catch {
    rootReal = root;
  }

  const files: FileRef[] = [];
  for (let i = 0; i < listed.length; i++) {
    const e = listed[i] as { path: string; dirent: Dirent };
    // Entries are dropped from the listing as they are read, so it does not sit in memory twice.
    (listed as unknown[])[i] = undefined;
    const rel = e.path;
    if (excluder && excluder.ignores(rel)) continue;
    if (gitignores && isGitignored(gitignores, rel)) continue;
    const d = e.dirent;
    if (d.isDirectory()) continue;
    const abs = join(root, rel);
    let symlink = false;
    if (d.isSymbolicLink()) {
      symlink = true;
      let target: string;
      try {
        target = realpathSync(abs);
      } catch {
        warnings.push({ code: 'walk/broken-symlink', path: rel, message: 'symbolic link whose target does not exist or loops; skipped' });
        continue;
      }
      const inside = relative(rootReal, target);
      if (inside === '' || inside.startsWith('..') || inside.startsWith(sep) || /^[a-zA-Z]:/.test(inside)) {
        warnings.push({ code: 'walk/symlink-outside-root', path: rel, message: 'symbolic link that points outside the scan root; not followed' });
        continue;
      }
      try {
        if (!statSync(target).isFile()) continue; // links to directories are not followed
      } catch {
        continue;
      }
    } else if (!d.isFile()) {
      continue; // sockets, FIFOs, devices
    }
    const ref: FileRef = { path: rel, size: 0 };
    if (symlink) ref.symlink = true;
    if (rel.includes('\uFFFD')) {
      const raw = rawPathFor(root, rel);
      if (raw) ref.rawPath = raw;
    }
    try {
      ref.size = lstatOrStat(ref.rawPath ?? abs, symlink);
    } catch (err) {
      warnings.push({ code: 'file/unreadable', path: rel, message: `cannot stat: ${(err as NodeJS.ErrnoException).code ?? String(err)}` });
      continue;
    }
    files.push(ref);
  }
  files.sort((a, b) => comparePaths(a.path, b.path));
  return { files, warnings };
}

function lstatOrStat(p: string | Buffer, follow: boolean): number {
  return follow ? statSync(p).size : lstatSync(p).size;
}

interface GitignoreLevel {
  dir: string; // relative dir ('' for the root)
  ig: Ignore;
}

function loadGitignores(root: string, paths: string[], warnings: ScanWarning[]): GitignoreLevel[] {
  const levels: GitignoreLevel[] = [];
  for (const p of paths) {
    if (p !== '.gitignore' && !p.endsWith('/.gitignore')) continue;
    const dir = p === '.gitignore' ? '' : p.slice(0, -'/.gitignore'.length);
    try {
      const text = readFileSync(join(root, p), 'utf8');
      levels.push({ dir, ig: ignore().add(text) });
    } catch {
      warnings.push({ code: 'file/unreadable', path: p, message: 'cannot read .gitignore; its rules are not applied' });
    }
  }
  // Shallow first, so a parent's rule is checked before a child's (both apply; git lets a child re-include).
  levels.sort((a, b) => a.dir.split('/').length - b.dir.split('/').length || comparePaths(a.dir, b.dir));
  return levels;
}

/** git semantics: the deepest .gitignore that has an opinion on the path decides. */
function isGitignored(levels: GitignoreLevel[], rel: string): boolean {
  let ignored = false;
  for (const { dir, ig } of levels) {
    if (dir !== '' && !rel.startsWith(dir + '/')) continue;
    const sub = dir === '' ? rel : rel.slice(dir.length + 1);
    const r = ig.test(sub);
    if (r.ignored) ignored = true;
    else if (r.unignored) ignored = false;
    // A path inside an ignored directory cannot be re-included by a deeper rule (git's rule).
    if (ignored && parentIgnored(ig, sub)) return true;
  }
  return ignored;
}

function parentIgnored(ig: Ignore, sub: string): boolean {
  const parts = sub.split('/');
  for (let i = 1; i < parts.length; i++) {
    if (ig.ignores(parts.slice(0, i).join('/') + '/')) return true;
  }
  return false;
}

/** Finds the raw bytes of a path whose display name lost bytes in UTF-8 decoding. */
function rawPathFor(root: string, rel: string): Buffer | undefined {
  let cur = Buffer.from(root);
  for (const part of rel.split('/')) {
    let names: Buffer[];
    try {
      names = readdirSync(cur, { encoding: 'buffer' });
    } catch {
      return undefined;
    }
    const hit = names.find((n) => n.toString('utf8') === part);
    if (!hit) return undefined;
    cur = Buffer.concat([cur, Buffer.from(posix.sep), hit]);
  }
  return cur;
}
