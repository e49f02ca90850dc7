/**
 * `-r` / `--requirement` includes: pip reads the included file as a requirements file whatever its
 * name, so its packages are declared as much as the including file's. A target the scan reads on
 * its own (a manifest by name: requirements-dev.txt, requirements/base.txt) is left to it; any
 * other (`-r common.txt`, `-r base.in`) is read here, after the analysis, as a requirements file,
 * and its includes in turn. Paths resolve from the including file's folder, as pip does; a target
 * outside the scanned directory, a URL, a missing file or one over the text limit is not read and
 * becomes a warning on the including file.
 */
import { closeSync, fstatSync, openSync, readSync, realpathSync } from 'node:fs';
import { posix, sep } from 'node:path';
import type { FileAnalysis } from '../detectors/types.js';
import type { SdkFacts } from '../detectors/sdks/index.js';
import type { DeclaredDependency } from '../lang/types.js';
import { pushTo } from '../lang/manifests/common.js';
import { sdkCatalog, type SdkCatalog } from '../detectors/sdks/catalog.js';
import { isManifest, type ManifestResult } from '../lang/manifests/index.js';
import { readRequirements } from '../lang/manifests/requirements.js';
import type { RuleSet } from '../rules/load.js';
import type { ScanWarning } from '../types.js';
import { decodeText, utf16Bom } from '../util/text.js';

/** Included files read per scan: a generated chain of includes must not read the whole tree. */
const MAX_INCLUDED_FILES = 1000;

export interface IncludeOptions {
  /** Absolute root of the scan. */
  root: string;
  maxTextBytes: number;
}

/** What a follower of named files keeps over one scan: the analyses and warnings it adds, the catalog, the files read, the root with links resolved. */
export interface Following {
  analyses: FileAnalysis[];
  warnings: ScanWarning[];
  catalog: SdkCatalog;
  seen: Set<string>;
  /** Undefined when the root cannot be resolved: then nothing is followed. */
  realRoot: string | undefined;
}

export function startFollowing(rules: RuleSet, opts: IncludeOptions): Following {
  return { analyses: [], warnings: [], catalog: sdkCatalog(rules), seen: new Set(), realRoot: realRootOf(opts.root) };
}

/**
 * Analyses for the included files the scan did not read (their declared AI packages as
 * `facts.sdk.declared`, like a manifest's), and warnings for the includes that cannot be read.
 */
export function followIncludes(analyses: readonly FileAnalysis[], rules: RuleSet, opts: IncludeOptions): { analyses: FileAnalysis[]; warnings: ScanWarning[] } {
  const { analyses: out, warnings, catalog, seen, realRoot } = startFollowing(rules, opts);
  if (realRoot === undefined) return { analyses: out, warnings };
  const queue: { from: string; target: string }[] = [];
  for (const a of analyses) for (const t of (a.facts.manifestIncludes as string[] | undefined) ?? []) queue.push({ from: a.file.path, target: t });
  for (let q = 0; q < queue.length; q++) {
    const { from, target } = queue[q] as { from: string; target: string };
    const warn = (why: string) => warnings.push({ code: 'manifest/include', path: from, message: `-r ${target}: ${why}` });
    const path = includedPath(from, target);
    if (typeof path !== 'string') {
      warn(path.why);
      continue;
    }
    // A manifest by name is read by the scan itself (its own includes are queued already).
    const text = namedText(realRoot, path, seen, [MAX_INCLUDED_FILES, 'included files'], opts.maxTextBytes, warn);
    if (text === undefined) continue;
    const r = readRequirements(path, text);
    addNamedManifest(path, text, r, catalog, { analyses: out, warnings });
    // What it pulls in or is constrained by, for followConstraints (pip's -c holds for every file of the install).
    if (r.includes?.length || r.constraints?.length) {
      out.push({ ...includedAnalysis(path, text, 'text', {}), facts: { ...(r.includes?.length ? { manifestIncludes: r.includes } : {}), ...(r.constraints?.length ? { manifestConstraints: r.constraints } : {}) } });
    }
    for (const t of r.includes ?? []) queue.push({ from: path, target: t });
  }
  return { analyses: out, warnings };
}

/**
 * pip constraints files (`-c constraints.txt` in a requirements file): pip installs nothing for
 * their lines, but a package the requirements declare is installed at the version a constraint
 * pins. Each file named is read once (whatever its name: a constraints file the scan also reads
 * as a requirements file by its name still constrains), and its exact pins (`==`, `===`) of
 * catalogued packages become `pins` for the requirements file that names it and every file that
 * file pulls in with `-r`, as pip applies a constraint to the whole install (sdkInventory gives
 * their version to those files' declarations without one). `analyses` are the scan's and the
 * included files' (followIncludes), whose `-r` and `-c` targets make the graph. A constraint that
 * cannot be read is a warning on the file that names it.
 */
export function followConstraints(analyses: readonly FileAnalysis[], rules: RuleSet, opts: IncludeOptions): { analyses: FileAnalysis[]; warnings: ScanWarning[] } {
  const { catalog, realRoot } = startFollowing(rules, opts);
  const out: FileAnalysis[] = [];
  const warnings: ScanWarning[] = [];
  if (realRoot === undefined) return { analyses: out, warnings };
  const read = new Map<string, DeclaredDependency[] | undefined>();
  const pinsFor = new Map<string, DeclaredDependency[]>();
  // The files each requirements file pulls in with -r, and those files' own, in turn.
  const includesOf = new Map<string, string[]>();
  for (const a of analyses) {
    for (const t of (a.facts.manifestIncludes as string[] | undefined) ?? []) {
      const p = includedPath(a.file.path, t);
      if (typeof p === 'string') pushTo(includesOf, a.file.path, p);
    }
  }
  const reach = (from: string): string[] => {
    const seen = new Set([from]);
    const queue = [from];
    for (let q = 0; q < queue.length && seen.size < MAX_INCLUDED_FILES; q++) {
      for (const n of includesOf.get(queue[q]!) ?? []) {
        if (seen.has(n)) continue;
        seen.add(n);
        queue.push(n);
      }
    }
    return [...seen];
  };
  for (const a of analyses) {
    for (const target of (a.facts.manifestConstraints as string[] | undefined) ?? []) {
      const from = a.file.path;
      const warn = (why: string) => warnings.push({ code: 'manifest/include', path: from, message: `-c ${target}: ${why}` });
      const path = includedPath(from, target);
      if (typeof path !== 'string') {
        warn(path.why);
        continue;
      }
      if (!read.has(path)) {
        if (read.size >= MAX_INCLUDED_FILES) {
          if (read.size === MAX_INCLUDED_FILES) warn(`not read, nor any after it: over ${MAX_INCLUDED_FILES} constraints files`);
          read.set(path, undefined);
          continue;
        }
        const text = readInside(realRoot, path, opts.maxTextBytes, false);
        if (typeof text !== 'string') {
          warn(text === true ? 'not read' : text.why);
          read.set(path, undefined);
          continue;
        }
        const r = readRequirements(path, text);
        for (const w of r.warnings) warnings.push({ code: 'manifest/malformed', path, message: w });
        read.set(path, r.deps.filter((d) => d.version !== undefined && catalog.byPackage(d.ecosystem, d.name) !== undefined));
      }
      const pins = read.get(path) ?? [];
      if (pins.length === 0) continue;
      const list = pinsFor.get(path) ?? [];
      for (const constrained of reach(from)) for (const d of pins) list.push({ ...d, constrains: constrained });
      pinsFor.set(path, list);
    }
  }
  for (const [path, pins] of pinsFor) out.push(includedAnalysis(path, 0, 'text', { pins }));
  return { analyses: out, warnings };
}

/**
 * The text of a file another file names (an include, a catalog), each path once per scan (`seen`;
 * at most `max` of them, `what` naming them in the warning past that): undefined when it was taken
 * already, is a manifest by name (the scan reads it itself) or cannot be read (then `warn` says why).
 */
export function namedText(realRoot: string, path: string, seen: Set<string>, cap: [number, string], maxBytes: number, warn: (why: string) => void): string | undefined {
  if (!takeNamed(path, seen, cap, warn)) return undefined;
  const text = readInside(realRoot, path, maxBytes, isManifest(path));
  if (text === true) return undefined;
  if (typeof text !== 'string') {
    warn(text.why);
    return undefined;
  }
  return text;
}

/**
 * Whether a file another file names is taken now (namedText's bookkeeping, for a follower that has
 * its reading already): not when it was taken already, nor past `max` of them (said once).
 */
export function takeNamed(path: string, seen: Set<string>, [max, what]: [number, string], warn: (why: string) => void): boolean {
  if (seen.has(path)) return false;
  seen.add(path);
  if (seen.size > max) {
    // Said once: a generated file naming thousands more must not give a warning for each.
    if (seen.size === max + 1) warn(`not read, nor any after it: over ${max} ${what}`);
    return false;
  }
  return true;
}

/** What a named file's reading gives the inventory: its warnings, and an analysis with its declared AI packages when it has any. */
export function addNamedManifest(path: string, text: string | number, r: ManifestResult, catalog: SdkCatalog, to: { analyses: FileAnalysis[]; warnings: ScanWarning[] }): void {
  for (const w of r.warnings) to.warnings.push({ code: 'manifest/malformed', path, message: w });
  const declared = r.deps.filter((d) => catalog.byPackage(d.ecosystem, d.name) !== undefined);
  if (declared.length) to.analyses.push(includedAnalysis(path, text, 'text', { declared }));
}

/** The analysis of a file read for an include: its text's size (the text, or its size in bytes), its SDK facts, nothing else. */
export function includedAnalysis(path: string, text: string | number, lang: 'text' | 'yaml', sdk: SdkFacts): FileAnalysis {
  return { file: { path, size: typeof text === 'number' ? text : Buffer.byteLength(text) }, sniffed: { kind: 'text', lang }, observation: { components: [], findings: [], warnings: [] }, facts: { sdk }, ms: 0 };
}

/** The scan root with links resolved, undefined when it cannot be. */
export function realRootOf(root: string): string | undefined {
  try {
    return realpathSync(root);
  } catch {
    return undefined;
  }
}

/** The include's path relative to the root (POSIX), or why it is not read. */
export function includedPath(from: string, target: string): string | { why: string } {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(target)) return { why: 'a URL, not fetched' };
  if (target.startsWith('/') || /^[a-z]:[\\/]/i.test(target)) return { why: 'an absolute path, outside the scanned directory' };
  const joined = posix.normalize(posix.join(posix.dirname(from), target.replace(/\\/g, '/')));
  if (joined === '..' || joined.startsWith('../')) return { why: 'outside the scanned directory' };
  return joined.replace(/^\.\//, '');
}

/**
 * The file's text, when it is a regular file inside the root of at most maxBytes; else why not.
 * With `existsOnly`, true once it is known to be such a file.
 */
export function readInside(realRoot: string, path: string, maxBytes: number, existsOnly: boolean): string | true | { why: string } {
  let real: string;
  try {
    real = realpathSync(`${realRoot}${sep}${path}`);
  } catch {
    return { why: 'no such file' };
  }
  if (real !== realRoot && !real.startsWith(realRoot + sep)) return { why: 'a link to outside the scanned directory' };
  let fd: number;
  try {
    fd = openSync(real, 'r');
  } catch (e) {
    return { why: `cannot open (${(e as NodeJS.ErrnoException).code ?? 'error'})` };
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return { why: 'not a regular file' };
    if (existsOnly) return true;
    if (st.size > maxBytes) return { why: `${st.size} bytes, over the ${maxBytes}-byte text limit; not read` };
    const buf = Buffer.allocUnsafe(st.size);
    let n = 0;
    while (n < buf.length) {
      const r = readSync(fd, buf, n, buf.length - n, n);
      if (r === 0) break;
      n += r;
    }
    const bytes = buf.subarray(0, n);
    return decodeText(bytes, utf16Bom(bytes));
  } catch (e) {
    return { why: `read failed (${(e as NodeJS.ErrnoException).code ?? 'error'})` };
  } finally {
    closeSync(fd);
  }
}
