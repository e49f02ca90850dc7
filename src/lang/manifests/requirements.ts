/**
 * pip requirements files (requirements*.txt and any .txt handed in) and the PEP 508 requirement
 * strings that pyproject.toml, conda's `pip:` list and others share.
 */
import type { DeclaredDependency } from '../types.js';
import { baseName, boundText, Collector, type ManifestResult, splitLines } from './common.js';

export interface Pep508 {
  name: string;
  extras?: string[];
  /** Version specifiers as written, without spaces around them ('>=1.0,<2'). */
  range?: string;
  /** The version of a single `==` / `===` pin without wildcard. */
  version?: string;
  url?: string;
  marker?: string;
}

const NAME = /^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)/;

/**
 * The exact version of a specifier set that is a single `==X` or `===X` pin. A pin holding an
 * environment variable (`==${GROQ_VERSION}`, which pip expands at install time) has none.
 */
export function pinOf(range: string): string | undefined {
  const m = /^\s*===?\s*([^\s,;*]+)\s*$/.exec(range);
  if (m === null || m[1]!.includes('${')) return undefined;
  return m[1];
}

/** Parses one PEP 508 requirement (`name[extra]>=1,<2; python_version<"3.11"`, `name @ url`). */
export function parsePep508(input: string): Pep508 | undefined {
  let s = input.trim();
  const m = NAME.exec(s);
  if (m === null) return undefined;
  const out: Pep508 = { name: m[1]! };
  s = s.slice(m[0].length).trimStart();
  if (s.startsWith('[')) {
    const e = s.indexOf(']');
    if (e < 0) return undefined;
    const extras = s.slice(1, e).split(',').map((x) => x.trim()).filter((x) => x !== '');
    if (extras.length > 0) out.extras = extras;
    s = s.slice(e + 1).trimStart();
  }
  if (s.startsWith('@')) {
    const rest = s.slice(1).trim();
    const sc = rest.search(/\s;/);
    out.url = (sc < 0 ? rest : rest.slice(0, sc)).trim();
    if (sc >= 0) out.marker = rest.slice(sc).trim().slice(1).trim();
    return out;
  }
  const semi = s.indexOf(';');
  let spec = semi < 0 ? s : s.slice(0, semi);
  if (semi >= 0) out.marker = s.slice(semi + 1).trim();
  spec = spec.trim();
  if (spec.startsWith('(') && spec.endsWith(')')) spec = spec.slice(1, -1).trim();
  if (spec !== '') {
    if (!/^(?:~=|===|==|!=|<=|>=|<|>)/.test(spec)) return undefined;
    out.range = spec.replace(/\s+/g, '');
    const pin = pinOf(out.range);
    if (pin !== undefined && !out.range.includes(',')) out.version = pin;
  }
  return out;
}

/**
 * The repository name of a VCS requirement (`git+https://github.com/huggingface/peft.git@main`,
 * `git+ssh://git@github.com/org/pkg`): its last path segment without `.git` and the `@ref`, when
 * that is a valid project name; undefined for anything else.
 */
export function vcsRepoName(url: string): string | undefined {
  const m = /^(?:git|hg|svn|bzr)\+[a-z]+:\/\/[^/?#\s]+\/(?:[^?#\s@]+\/)*([^/?#\s@]+?)(?:\.git)?(?:@[^/?#\s]*)?(?:[?#].*)?$/i.exec(url);
  const name = m?.[1];
  return name !== undefined && /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/.test(name) ? name : undefined;
}

/** Name (and version) of a direct reference: `#egg=name`, or a wheel / sdist file name. */
export function nameFromUrl(url: string): { name: string; version?: string } | undefined {
  const egg = /[#&]egg=([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(url);
  if (egg !== null) {
    const e = egg[1]!;
    const dash = /^(.+?)-(\d[^-]*)$/.exec(e);
    return dash !== null ? { name: dash[1]!, version: dash[2]! } : { name: e };
  }
  const file = url.split(/[?#]/)[0]!.split('/').pop() ?? '';
  const whl = /^([A-Za-z0-9_.]+)-(\d[^-]*)-.*\.whl$/.exec(file);
  if (whl !== null) return { name: whl[1]!, version: whl[2]! };
  const sdist = /^([A-Za-z0-9_.-]+?)-(\d[\w.+!-]*?)\.(?:tar\.gz|tar\.bz2|tgz|zip)$/.exec(file);
  if (sdist !== null) return { name: sdist[1]!, version: sdist[2]! };
  return undefined;
}

/**
 * The version a direct reference's file names for the requirement `name @ url`: only when the file
 * is that project's (a wheel or sdist of another name, or a branch archive like `release-2.0.zip`,
 * says nothing of the version; pip would reject the first).
 */
export function urlVersion(name: string, url: string): string | undefined {
  const n = nameFromUrl(url);
  const norm = (x: string): string => x.toLowerCase().replace(/[-_.]+/g, '-');
  return n !== undefined && norm(n.name) === norm(name) ? n.version : undefined;
}

type Scope = DeclaredDependency['scope'];

/**
 * Adds one PEP 508 requirement string (a pyproject array item, a setup.cfg or setup.py list item)
 * with the version its pin or its direct reference's file gives; a string that is no requirement
 * becomes a warning naming `where`; `named`, the dependency group or extra that declares it. False
 * once the collector is full.
 */
export function addPep508(c: Collector, item: string, line: number | undefined, scope: Scope, where: string, named: Pick<DeclaredDependency, 'groups' | 'extras'> = {}): boolean {
  const r = parsePep508(item);
  if (r === undefined) {
    c.warn(`${where}: not a requirement: ${item.slice(0, 100)}`);
    return true;
  }
  const version = r.version ?? (r.url !== undefined ? urlVersion(r.name, r.url) : undefined);
  return c.add({ name: r.name, range: r.range, version, line, scope, ...named });
}

/** Scope from the file name: requirements-dev.txt → dev, requirements-test.txt → test. */
export function scopeFromFileName(path: string): Scope {
  const b = baseName(path).toLowerCase();
  if (/(^|[-_.])(dev|develop|development|lint|docs?)([-_.]|$)/.test(b)) return 'dev';
  if (/(^|[-_.])(test|tests|testing|ci)([-_.]|$)/.test(b)) return 'test';
  return 'runtime';
}

/** Options that take a value in a separate token. */
const OPTS_WITH_ARG = /^(-i|--index-url|--extra-index-url|-f|--find-links|--no-binary|--only-binary|--trusted-host|--use-feature|--progress-bar|--config-settings|--global-option|--install-option|--platform|--python-version|--implementation|--abi)$/;

/**
 * Reads one logical requirements line (comments and continuations already removed) into the
 * collector. Shared by requirements files and conda's `pip:` list.
 */
export function readRequirementLine(c: Collector, raw: string, line: number | undefined, scope: Scope): void {
  let s = raw.trim();
  if (s === '') return;
  // -r / --requirement include; -c / --constraint are not declarations.
  const inc = /^(?:-r|--requirement)(?:\s*=\s*|\s+|(?=[^\s-]))(\S+)/.exec(s);
  if (inc !== null) {
    c.include(inc[1]!);
    return;
  }
  // -c / --constraint: a file whose pins fix the versions of what is declared, declaring nothing itself.
  const con = /^(?:-c|--constraint)(?:\s*=\s*|\s+|(?=[^\s-]))(\S+)/.exec(s);
  if (con !== null) {
    c.constrain(con[1]!);
    return;
  }
  if (/^(?:-c|--constraint)\b/.test(s)) return;
  let editable = false;
  const ed = /^(?:-e|--editable)(?:\s*=\s*|\s+)(.+)$/.exec(s);
  if (ed !== null) {
    editable = true;
    s = ed[1]!.trim();
  }
  if (!editable && s.startsWith('-')) {
    const first = s.split(/[\s=]/)[0]!;
    if (!OPTS_WITH_ARG.test(first) && !/^--?[\w-]+$/.test(first)) c.warn(`line ${line ?? '?'}: unknown option ${first}`);
    return;
  }
  // Per-requirement options (--hash=…, --global-option …) end the requirement.
  const opt = s.search(/\s--?[A-Za-z]/);
  if (opt >= 0) s = s.slice(0, opt).trim();
  // A URL, VCS reference or local path.
  if (/^(?:[a-z][a-z0-9+.-]*:\/\/|git\+|hg\+|svn\+|bzr\+|file:|\.{0,2}\/|[A-Za-z]:\\)/i.test(s) || editable && !NAME.test(s)) {
    const n = nameFromUrl(s);
    if (n === undefined) {
      // pip reads the name from the project itself; a static reader cannot. A VCS reference to a
      // repository (`git+https://github.com/huggingface/peft.git@v0.5.0`) is taken to be the package
      // its repository is named for, declared at that reference (no version); anything else is not known.
      const repo = vcsRepoName(s);
      if (repo !== undefined) {
        c.warn(`line ${line ?? '?'}: ${s.slice(0, 100)}: a URL requirement with no package name (no #egg= fragment, no "name @ " before it): taken to be the package its repository is named for, ${repo}`);
        c.add({ name: repo, range: s.length > 200 ? `${s.slice(0, 199)}…` : s, line, scope });
        return;
      }
      if (!/^(?:\.{0,2}\/|\.$|file:|[A-Za-z]:\\)/.test(s)) c.warn(`line ${line ?? '?'}: ${s.slice(0, 100)}: a URL requirement with no package name (no #egg= fragment, no "name @ " before it), so its package is not known`);
      return;
    }
    c.add({ name: n.name, version: n.version, line, scope });
    return;
  }
  if (editable && s === '.') return;
  const r = parsePep508(s);
  if (r === undefined) {
    c.warn(`line ${line ?? '?'}: not a requirement: ${s.slice(0, 100)}`);
    return;
  }
  if (r.url !== undefined) {
    c.add({ name: r.name, version: urlVersion(r.name, r.url), line, scope });
    return;
  }
  c.add({ name: r.name, range: r.range, version: r.version, line, scope });
}

/** Removes a `#` comment (at the start or after whitespace, as pip does). */
export function stripComment(l: string): string {
  const m = /(^|\s)#/.exec(l);
  return m === null ? l : l.slice(0, m.index);
}

/** NUL or other control characters (besides tab, newlines, form feed) in the first 4 KiB. */
function looksBinary(t: string): boolean {
  const n = Math.min(t.length, 4096);
  for (let i = 0; i < n; i++) {
    const ch = t.charCodeAt(i);
    if (ch < 9 || (ch > 13 && ch < 32)) return true;
  }
  return false;
}

export function readRequirements(path: string, text: string): ManifestResult {
  const c = new Collector(path, 'pypi');
  const t = boundText(text, c);
  if (looksBinary(t)) {
    c.warn('file looks binary; not a requirements file');
    return c.result();
  }
  const scope = scopeFromFileName(path);
  const lines = splitLines(t);
  let buf = '';
  let start = 0;
  for (let i = 0; i < lines.length && !c.isFull; i++) {
    const raw = lines[i]!;
    if (buf === '') start = i + 1;
    // pip removes comments before joining continuation lines, unless the # is inside the joined text.
    const l = stripComment(raw);
    if (/\\\s*$/.test(l) && !/^\s*#/.test(raw)) {
      buf += l.replace(/\\\s*$/, ' ');
      if (buf.length > 1_000_000) {
        c.warn(`line ${start}: continuation too long`);
        buf = '';
      }
      continue;
    }
    const logical = buf + l;
    buf = '';
    readRequirementLine(c, logical, start, scope);
  }
  if (buf !== '') readRequirementLine(c, buf, start, scope);
  const r = c.result();
  // A file pip-compile or `uv pip compile` wrote (its header says so) is the lockfile of the
  // requirements.in or pyproject.toml beside it: its pins resolve their declarations, and a pin
  // they do not declare (`# via langchain-openai`) is a transitive one.
  if (COMPILED_HEADER.test(t.slice(0, 2000))) for (const d of r.deps) if (d.version !== undefined) d.lockfile = path;
  return r;
}

/** The header pip-compile (`# This file is autogenerated by pip-compile with Python 3.11`) and uv (`# This file was autogenerated by uv via the following command:`) write. */
const COMPILED_HEADER = /^#\s*This file (?:is|was) autogenerated by (?:pip-compile|uv)\b/m;
