/**
 * GitLab CI `include:` of local files: GitLab reads the included file as part of the pipeline, so
 * its jobs' images and commands are read as GitLab CI, with the included file's own path and lines
 * as evidence. A file the scan read itself (a `*.gitlab-ci.yml` by name) is not read again (its own
 * includes were taken from its analysis); any other (`ci/templates.yml`) is read here, after the
 * analysis, and its includes in turn. Local paths are relative to the repository root (the scanned
 * directory; a leading `/` is the root too); `*` in the file name matches within its folder. A
 * path outside the root (or a link out of it), `**`, a missing file or one over the size limit is
 * not read and becomes a warning `image/include` on the including file. GitLab's bounds are kept:
 * MAX_GITLAB_INCLUDES entries per file, includes nested at most MAX_NESTING deep, a file read once.
 */
import { readdirSync, realpathSync } from 'node:fs';
import { posix, sep } from 'node:path';
import type { FileAnalysis } from '../detectors/types.js';
import { imageSiteEntry, MAX_CONFIG_BYTES, packImage, type SdkFacts } from '../detectors/sdks/index.js';
import { sdkCatalog } from '../detectors/sdks/catalog.js';
import { gitlabIncludes, MAX_GITLAB_INCLUDES, yamlImageKind, yamlImages } from '../lang/images.js';
import type { RuleSet } from '../rules/load.js';
import type { ScanWarning } from '../types.js';
import { includedAnalysis, readInside, realRootOf, type IncludeOptions } from './includes.js';

/** GitLab's limit of nested includes. */
const MAX_NESTING = 100;
/** Included files read per scan. */
const MAX_INCLUDED_FILES = 1000;
/** A longer include path names no file. */
const MAX_PATH = 1024;

export function followGitlabIncludes(analyses: readonly FileAnalysis[], rules: RuleSet, opts: IncludeOptions): { analyses: FileAnalysis[]; warnings: ScanWarning[] } {
  const out: FileAnalysis[] = [];
  const warnings: ScanWarning[] = [];
  const catalog = sdkCatalog(rules);
  const realRoot = realRootOf(opts.root);
  if (realRoot === undefined) return { analyses: out, warnings };
  // A file read as GitLab CI by its name: the scan read its images, and its includes are queued below.
  const scanned = new Set(analyses.filter((a) => yamlImageKind(a.file.path) === 'gitlab-ci').map((a) => a.file.path));
  const queue: { from: string; target: string; depth: number }[] = [];
  const seen = new Set<string>();
  /** Each target once: a wildcard's folder is listed once however many files include it. */
  const expanded = new Map<string, string[] | { why: string }>();
  for (const a of analyses) {
    const targets = (a.facts.sdk as SdkFacts | undefined)?.gitlabIncludes;
    if (!targets) continue;
    seen.add(a.file.path);
    for (const t of targets) queue.push({ from: a.file.path, target: t, depth: 1 });
  }
  for (let q = 0; q < queue.length; q++) {
    const { from, target, depth } = queue[q] as { from: string; target: string; depth: number };
    const warn = (why: string) => warnings.push({ code: 'image/include', path: from, message: `include: ${target.slice(0, 200)}: ${why}` });
    let paths = expanded.get(target);
    if (!paths) expanded.set(target, (paths = localPaths(realRoot, target)));
    if (!Array.isArray(paths)) {
      warn(paths.why);
      continue;
    }
    for (const path of paths) {
      if (seen.has(path)) continue;
      seen.add(path);
      if (seen.size > MAX_INCLUDED_FILES) {
        warn(`not read: over ${MAX_INCLUDED_FILES} included files`);
        continue;
      }
      if (scanned.has(path)) continue;
      const text = readInside(realRoot, path, Math.min(opts.maxTextBytes, MAX_CONFIG_BYTES), false);
      if (typeof text !== 'string') {
        if (text !== true) warn(text.why);
        continue;
      }
      const r = yamlImages(text, 'gitlab-ci');
      for (const w of r.warnings) warnings.push({ code: 'image/malformed-yaml', path, message: w });
      const nested = gitlabIncludes(text).local;
      if (depth < MAX_NESTING) for (const t of nested) queue.push({ from: path, target: t, depth: depth + 1 });
      else if (nested.length) warnings.push({ code: 'image/include', path, message: `include: not read: nested over ${MAX_NESTING} levels` });
      const images = r.sites.filter((x) => imageSiteEntry(catalog, x) !== undefined).map(packImage);
      if (images.length) out.push(includedAnalysis(path, text, 'yaml', { images }));
    }
  }
  return { analyses: out, warnings };
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
  const re = new RegExp(`^${name.split('*').map((x) => x.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*')}$`);
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
  const hits = names.filter((n) => re.test(n)).sort().slice(0, MAX_GITLAB_INCLUDES);
  if (!hits.length) return { why: 'no file matches' };
  return hits.map((n) => (dir === '.' ? n : `${dir}/${n}`));
}
