/**
 * GitLab CI `include:` of local files: GitLab merges the included files into the including file's
 * configuration before it reads it (included files first, each after the files it includes, the
 * including file last and over them: its top-level keys, `default:`, `variables:` and jobs of the
 * same name deep-merged over theirs), and only then resolves `extends:`, `!reference` and
 * variables. So each file the scan read as GitLab CI (`.gitlab-ci.yml`, `*.gitlab-ci.yml`) that
 * includes local files is read again here, after the analysis, with those files as one
 * configuration (gitlabConfigImages): a job that extends an included template gets its image,
 * services, scripts and variables; an included file's top-level variables resolve the job's image;
 * the including file's own variables override an included file's. Each site is reported in the file
 * and at the line its image is written (a template's line for an inherited image). The including
 * file's images read so replace the ones the scan read from it alone; an included file's images
 * are the ones its readings in every configuration that includes it give, each once. A file the
 * scan read itself is also part of the configuration that includes it (its sites the scan did not
 * find added).
 *
 * Local paths are relative to the repository root (the scanned directory; a leading `/` is the root
 * too); `*` in the file name matches within its folder. A path outside the root (or a link out of
 * it), `**`, a missing file or one over the size limit is not read and becomes a warning
 * `image/include` on the including file; so does an included file's remote, project, template or
 * component include. GitLab's bounds are kept: MAX_GITLAB_INCLUDES entries per file, includes
 * nested at most MAX_NESTING deep, a file once in a configuration (a cycle cut), each file read
 * from disk once per scan; the configurations read together at most MAX_CONFIG_WORK bytes, and one
 * configuration at most MAX_ONE_CONFIG, past which a configuration's files are read each on its own.
 * Only the configuration being read is held parsed (a parsed YAML file takes about a hundred times
 * its size): the files' texts and include lists are kept, and each configuration parses its files
 * again, so memory follows the largest configuration read, not every file the includes reach.
 */
import { readdirSync, realpathSync } from 'node:fs';
import { posix, sep } from 'node:path';
import type { FileAnalysis } from '../detectors/types.js';
import { imageSiteEntry, MAX_CONFIG_BYTES, packImage, unpackImage, type SdkFacts } from '../detectors/sdks/index.js';
import { sdkCatalog } from '../detectors/sdks/catalog.js';
import { gitlabConfigImages, MAX_GITLAB_INCLUDES, parseGitlab, yamlImageKind, type GitlabFile, type ImageSite } from '../lang/images.js';
import type { RuleSet } from '../rules/load.js';
import type { ScanWarning } from '../types.js';
import { includedAnalysis, readInside, realRootOf, type IncludeOptions } from './includes.js';
import { nameMatches } from '../lang/manifests/index.js';

/** GitLab's limit of nested includes. */
const MAX_NESTING = 100;
/** Included files read per scan. */
const MAX_INCLUDED_FILES = 1000;
/** A longer include path names no file. */
const MAX_PATH = 1024;
/** Bytes of configurations read together per scan (a file counts once in each configuration it is part of). */
export const MAX_CONFIG_WORK = 16 * MAX_CONFIG_BYTES;
/** Bytes of one configuration read together (its files' texts); a larger one's files are read each on its own. */
export const MAX_ONE_CONFIG = 2 * MAX_CONFIG_BYTES;

const siteKey = (s: ImageSite): string => `${s.line}:${s.column}:${s.ref}`;

/**
 * The analyses of the included files and of the including files read with their includes;
 * `supersedes`: the including files whose images the scan read alone these replace.
 */
export function followGitlabIncludes(analyses: readonly FileAnalysis[], rules: RuleSet, opts: IncludeOptions): { analyses: FileAnalysis[]; warnings: ScanWarning[]; supersedes: string[] } {
  const out: FileAnalysis[] = [];
  const warnings: ScanWarning[] = [];
  const supersedes: string[] = [];
  const catalog = sdkCatalog(rules);
  const realRoot = realRootOf(opts.root);
  if (realRoot === undefined) return { analyses: out, warnings, supersedes };
  // A file read as GitLab CI by its name: the scan read its images alone (and said its includes not read).
  const scanned = new Map(analyses.filter((a) => yamlImageKind(a.file.path) === 'gitlab-ci').map((a) => [a.file.path, a] as const));
  const warned = new Set<string>();
  const warn = (path: string, message: string, code = 'image/include') => {
    const key = `${code}\0${path}\0${message}`;
    if (warned.has(key)) return;
    warned.add(key);
    warnings.push({ code, path, message });
  };
  /**
   * Each file once: its text and includes (undefined: not read or not parsed), and for a file the
   * scan did not read, its images read alone (what it gives if no configuration reads it merged).
   */
  const files = new Map<string, { text: string; includes: GitlabFile['includes']; alone?: ImageSite[] } | undefined>();
  let included = 0;
  const load = (from: string, path: string): GitlabFile['includes'] | undefined => {
    if (files.has(path)) return files.get(path)?.includes;
    files.set(path, undefined);
    const own = scanned.has(path);
    if (!own && ++included > MAX_INCLUDED_FILES) {
      warn(from, `include: ${path.slice(0, 200)}: not read: over ${MAX_INCLUDED_FILES} included files`);
      return undefined;
    }
    const text = readInside(realRoot, path, Math.min(opts.maxTextBytes, MAX_CONFIG_BYTES), false);
    if (typeof text !== 'string') {
      if (text !== true) warn(from, `include: ${path.slice(0, 200)}: ${text.why}`);
      return undefined;
    }
    // A file the scan read has had its warnings, and its includes are its analysis' facts: it is
    // parsed again only if a configuration is read with it.
    const facts = scanned.get(path)?.facts.sdk as SdkFacts | undefined;
    if (own) {
      const includes = { local: facts?.gitlabIncludes ?? [], notRead: [] };
      files.set(path, { text, includes });
      return includes;
    }
    const r = parseGitlab(text);
    for (const w of r.warnings) warn(path, w, 'image/malformed-yaml');
    for (const w of r.file?.includes.notRead ?? []) warn(path, `include: ${w}`);
    if (r.file) files.set(path, { text, includes: r.file.includes, alone: gitlabConfigImages([r.file])[0] ?? [] });
    return r.file?.includes;
  };
  /** A file's parse, made again for each reading (the warnings were given when it was loaded). */
  const parsed = (path: string): GitlabFile | undefined => {
    const f = files.get(path);
    return f === undefined ? undefined : parseGitlab(f.text).file;
  };
  /** Each target once: a wildcard's folder is listed once however many files include it. */
  const expanded = new Map<string, string[] | { why: string }>();
  /** The files of the configuration `path` starts, in GitLab's merge order. */
  const configOf = (path: string, includes: GitlabFile['includes']): string[] => {
    const order: string[] = [];
    const inConfig = new Set<string>([path]);
    const visit = (from: string, f: GitlabFile['includes'], depth: number): void => {
      for (const target of f.local) {
        let paths = expanded.get(target);
        if (!paths) expanded.set(target, (paths = localPaths(realRoot, target)));
        if (!Array.isArray(paths)) {
          warn(from, `include: ${target.slice(0, 200)}: ${paths.why}`);
          continue;
        }
        for (const p of paths) {
          if (inConfig.has(p)) continue;
          if (depth >= MAX_NESTING) {
            warn(from, `include: not read: nested over ${MAX_NESTING} levels`);
            break;
          }
          inConfig.add(p);
          const g = load(from, p);
          if (g) visit(p, g, depth + 1);
        }
      }
      order.push(from);
    };
    visit(path, includes, 0);
    return order;
  };
  /** The sites read in each file, each once. */
  const found = new Map<string, Map<string, ImageSite>>();
  const add = (path: string, sites: readonly ImageSite[]) => {
    let m = found.get(path);
    if (!m) found.set(path, (m = new Map()));
    for (const s of sites) if (imageSiteEntry(catalog, s) !== undefined && !m.has(siteKey(s))) m.set(siteKey(s), s);
  };
  /** The files read in some configuration. */
  const merged = new Set<string>();
  let work = 0;
  for (const a of analyses) {
    const targets = (a.facts.sdk as SdkFacts | undefined)?.gitlabIncludes;
    if (!targets?.length || !scanned.has(a.file.path)) continue;
    const root = load(a.file.path, a.file.path);
    if (!root) continue;
    const order = configOf(a.file.path, root);
    if (order.length < 2) continue;
    const size = order.reduce((n, p) => n + (files.get(p)?.text.length ?? 0), 0);
    if (size > MAX_ONE_CONFIG) {
      warn(a.file.path, `include: not read with its includes: ${size} bytes of configuration, over ${MAX_ONE_CONFIG}; each file is read on its own`);
      continue;
    }
    work += size;
    if (work > MAX_CONFIG_WORK) {
      warn(a.file.path, `include: not read with its includes: over ${MAX_CONFIG_WORK} bytes of configurations; each file is read on its own`);
      continue;
    }
    const parts = order.map(parsed);
    if (parts.some((x) => x === undefined)) continue;
    gitlabConfigImages(parts as GitlabFile[]).forEach((sites, k) => add(order[k] as string, sites));
    for (const p of order) merged.add(p);
    supersedes.push(a.file.path);
  }
  // Past the work bound: an included file no configuration read is read on its own.
  for (const [path, f] of files) if (f?.alone !== undefined && !merged.has(path)) add(path, f.alone);
  const replaced = new Set(supersedes);
  for (const [path, sites] of found) {
    const f = files.get(path);
    if (!f) continue;
    // A file the scan read and that is not replaced keeps its sites; only the others are added.
    const own = new Set(replaced.has(path) ? [] : ((scanned.get(path)?.facts.sdk as SdkFacts | undefined)?.images ?? []).map((x) => siteKey(unpackImage(x))));
    const images = [...sites.entries()].filter(([k]) => !own.has(k)).map(([, s]) => s).sort((x, y) => x.line - y.line || x.column - y.column).map(packImage);
    if (images.length || replaced.has(path)) out.push(includedAnalysis(path, f.text, 'yaml', { images }));
  }
  return { analyses: out, warnings, supersedes };
}

/** The root-relative POSIX paths a local include names (a `*` in its file name expanded, sorted), or why none is read. */
export function localPaths(realRoot: string, target: string): string[] | { why: string } {
  if (target.length > MAX_PATH) return { why: 'path too long' };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(target)) return { why: 'a URL, not fetched' };
  if (/^[a-z]:[\\/]/i.test(target) || target.includes('\\')) return { why: 'not a repository path' };
  const joined = posix.normalize(target.replace(/^\/+/, ''));
  if (joined === '..' || joined.startsWith('../') || joined === '.' || joined === '') return { why: 'outside the repository' };
  if (!joined.includes('*')) return [joined];
  const dir = posix.dirname(joined);
  const name = posix.basename(joined);
  if (dir.includes('*') || name.includes('**')) return { why: 'a wildcard over folders (`**`), not read' };
  if (name.split('*').length > 5) return { why: 'more than 4 wildcards, not read' };
  let real: string;
  try {
    real = realpathSync(dir === '.' ? realRoot : `${realRoot}${sep}${dir}`);
  } catch {
    return { why: 'no such folder' };
  }
  if (real !== realRoot && !real.startsWith(realRoot + sep)) return { why: 'a link to outside the repository' };
  let names: string[];
  try {
    names = readdirSync(real);
  } catch {
    return { why: 'folder not readable' };
  }
  const hits = names.filter((n) => nameMatches(name, n, false)).sort().slice(0, MAX_GITLAB_INCLUDES);
  if (!hits.length) return { why: 'no file matches' };
  return hits.map((n) => (dir === '.' ? n : `${dir}/${n}`));
}

/** The analysis with no image facts (a GitLab CI file whose images its reading with its includes replaces: followGitlabIncludes' `supersedes`). */
export function withoutImages(a: FileAnalysis): FileAnalysis {
  const sdk = a.facts.sdk as SdkFacts | undefined;
  if (!sdk?.images) return a;
  const { images: _, ...rest } = sdk;
  return { ...a, facts: { ...a.facts, sdk: rest } };
}
