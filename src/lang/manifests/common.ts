/**
 * Shared pieces of the manifest readers: the result type, limits, a warning collector and small
 * text helpers. Every reader is pure (text in, data out) and never throws.
 */
import { type Document, isMap, LineCounter, parseDocument, type YAMLMap } from 'yaml';
import { MAX_YAML_DEPTH, yamlNestingOk } from '../../util/yaml-depth.js';
import type { DeclaredDependency, Ecosystem, WorkspaceRoot } from '../types.js';
import { jsrNameOfNpm } from '../npm-specifier.js';

export interface ManifestResult {
  deps: DeclaredDependency[];
  /** Files a requirements file pulls in with `-r` / `--requirement`, relative to the manifest. */
  includes?: string[];
  /** Constraints files a requirements file names with `-c` / `--constraint`, relative to the manifest. */
  constraints?: string[];
  /** What the file says about the manifests below it (a Cargo workspace, NuGet central versions). */
  workspace?: WorkspaceRoot;
  /**
   * The package the manifest itself defines, by the name its code imports it under elsewhere:
   * package.json's `name`, Cargo.toml's `[package] name`, go.mod's `module`, pubspec.yaml's and
   * composer.json's `name`.
   */
  own?: string;
  warnings: string[];
}

/** Text beyond this many characters is not read (a warning says so). */
export const MAX_TEXT_CHARS = 64 * 1024 * 1024;
/** At most this many dependencies from one file. */
export const MAX_DEPS = 200_000;
/** At most this many warnings from one file. */
export const MAX_WARNINGS = 100;
/** Nesting depth for JSON, YAML, XML and TOML structures. */
export const MAX_DEPTH = 128;

/** Dependency group and extra names kept per entry (a hostile marker may name thousands). */
export const MAX_GROUP_NAMES = 32;

/** Collects the deps and warnings of one file, with the limits applied. */
export class Collector {
  readonly deps: DeclaredDependency[] = [];
  readonly warnings: string[] = [];
  includes: string[] | undefined;
  constraints: string[] | undefined;
  workspace: WorkspaceRoot | undefined;
  own: string | undefined;
  private full = false;
  private dropped = 0;

  constructor(
    readonly path: string,
    readonly ecosystem: Ecosystem,
  ) {}

  /** Adds a dependency; empty names are ignored. Returns false once the limit is reached. */
  add(d: Omit<DeclaredDependency, 'path' | 'ecosystem'> & { ecosystem?: Ecosystem }): boolean {
    if (this.deps.length >= MAX_DEPS) {
      if (!this.full) this.warn(`more than ${MAX_DEPS} dependencies; the rest are not read`);
      this.full = true;
      return false;
    }
    let name = d.name.trim();
    if (name === '') return true;
    let ecosystem = d.ecosystem ?? this.ecosystem;
    // A JSR package installed from JSR's npm registry (`@jsr/openai__openai`, what `npx jsr add`
    // writes) is the JSR package: package.json, the npm, pnpm, Yarn and Bun lockfiles alike.
    const jsr = ecosystem === 'npm' ? jsrNameOfNpm(name) : undefined;
    if (jsr !== undefined) [ecosystem, name] = ['jsr', jsr];
    const out: DeclaredDependency = { ecosystem, name, path: this.path };
    if (d.range !== undefined && d.range !== '') out.range = d.range;
    if (d.version !== undefined && d.version !== '') out.version = d.version;
    if (d.line !== undefined && d.line > 0) out.line = d.line;
    if (d.scope !== undefined) out.scope = d.scope;
    if (d.lockfile !== undefined) out.lockfile = d.lockfile;
    if (d.groups !== undefined && d.groups.length > 0) out.groups = [...new Set(d.groups)].slice(0, MAX_GROUP_NAMES);
    if (d.extras !== undefined && d.extras.length > 0) out.extras = [...new Set(d.extras)].slice(0, MAX_GROUP_NAMES);
    if (d.alias !== undefined && d.alias !== name) out.alias = d.alias;
    if (d.importer !== undefined) out.importer = d.importer;
    if (d.nested === true) out.nested = true;
    if (d.installed === true) out.installed = true;
    if (d.owns !== undefined && d.owns.length > 0) out.owns = d.owns;
    if (d.central !== undefined) out.central = d.central;
    if (d.catalog !== undefined) out.catalog = d.catalog;
    if (d.packageManager !== undefined) out.packageManager = d.packageManager;
    if (d.template !== undefined) out.template = d.template;
    if (d.bom === true) out.bom = true;
    if (d.accessors !== undefined) out.accessors = d.accessors;
    if (d.accessor !== undefined) out.accessor = d.accessor;
    if (d.written !== undefined) out.written = d.written;
    if (d.condition !== undefined) out.condition = d.condition;
    if (d.msbuild !== undefined) out.msbuild = d.msbuild;
    if (d.classpath !== undefined) out.classpath = d.classpath;
    if (d.appliedIn !== undefined) out.appliedIn = d.appliedIn;
    if (d.registry === true) out.registry = true;
    if (d.providedBy !== undefined) out.providedBy = d.providedBy;
    if (d.vcsUrl !== undefined) out.vcsUrl = d.vcsUrl;
    if (d.repositoryUrl !== undefined) out.repositoryUrl = d.repositoryUrl;
    if (d.downloadUrl !== undefined) out.downloadUrl = d.downloadUrl;
    if (d.vcsSource !== undefined) out.vcsSource = d.vcsSource;
    this.deps.push(out);
    return true;
  }

  get isFull(): boolean {
    return this.full;
  }

  warn(message: string): void {
    if (this.warnings.length < MAX_WARNINGS) this.warnings.push(message);
    else this.dropped++;
  }

  include(rel: string): void {
    (this.includes ??= []).push(rel);
  }

  constrain(rel: string): void {
    (this.constraints ??= []).push(rel);
  }

  result(): ManifestResult {
    const warnings = this.dropped > 0 ? [...this.warnings, `${this.dropped} more warnings not shown`] : this.warnings;
    const r: ManifestResult = { deps: this.deps, warnings };
    if (this.includes !== undefined) r.includes = this.includes;
    if (this.constraints !== undefined) r.constraints = this.constraints;
    if (this.workspace !== undefined) r.workspace = this.workspace;
    if (this.own !== undefined && this.own.trim() !== '') r.own = this.own.trim();
    return r;
  }
}

/** Applies the size limit and drops a byte-order mark. */
export function boundText(text: string, c: Collector): string {
  let t = text;
  if (t.length > MAX_TEXT_CHARS) {
    c.warn(`file is larger than ${MAX_TEXT_CHARS} characters; only the start is read`);
    t = t.slice(0, MAX_TEXT_CHARS);
  }
  if (t.charCodeAt(0) === 0xfeff) t = t.slice(1);
  return t;
}

/** A message for an unknown thrown value. */
export function errorText(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  const first = m.split('\n')[0] ?? '';
  return first.length > 200 ? `${first.slice(0, 200)}…` : first;
}

/**
 * A folder below `base` (a manifest's folder, relative to the scan root) as a relative path from
 * the scan root with '/' separators; undefined when it leaves the scan root.
 */
export function joinDir(base: string, rel: string): string | undefined {
  const out: string[] = base === '' ? [] : base.split('/');
  for (const part of rel.replace(/\\/g, '/').split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length === 0) return undefined;
      out.pop();
    } else out.push(part);
  }
  return out.join('/');
}

/** Appends to the list a map holds for a key, starting one when there is none. */
export function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

/** Adds to the set a map holds for a key, starting one when there is none. */
export function addTo<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  const set = map.get(key);
  if (set === undefined) map.set(key, new Set([value]));
  else set.add(value);
}

/** The folders from `dir` up to the top, nearest first. */
export function upFrom(dir: string): string[] {
  const out = [dir];
  for (let d = dir; d !== ''; ) out.push((d = dirName(d)));
  return out;
}

/** Start offsets of every line, for offset → line look-ups. */
export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }
  /** 1-based line of a character offset. */
  lineOf(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }
}

/** Splits into lines without the line terminators. */
export function splitLines(text: string): string[] {
  return text.split(/\r?\n|\r/);
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** The file name part of a path (either separator). */
export function baseName(path: string): string {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return i < 0 ? path : path.slice(i + 1);
}

/** The directory part of a path ('' at top level), with '/' separators. */
export function dirName(path: string): string {
  const p = path.replace(/\\/g, '/');
  const i = p.lastIndexOf('/');
  return i < 0 ? '' : p.slice(0, i);
}

/** An exact npm-style version (1.2.3, v1.2.3, =1.2.3, with pre-release or build). */
export function exactSemver(range: string): string | undefined {
  const m = /^\s*(?:=\s*)?v?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?)\s*$/.exec(range);
  return m?.[1];
}

/**
 * Parses YAML text, its first errors as warnings (`malformed YAML: … at line L, column C`). The
 * yaml package's pretty errors quote the source around each error, which is quadratic on a long
 * line of errors (`- a: - a: - a: …`): its plain errors are placed here with the line counter.
 */
export function parseYamlText(text: string, c: Collector): { doc: Document.Parsed; lc: LineCounter } | undefined {
  if (!yamlNestingOk(text)) {
    c.warn(`YAML nested deeper than ${MAX_YAML_DEPTH} levels; not read`);
    return undefined;
  }
  const lc = new LineCounter();
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, { lineCounter: lc, uniqueKeys: false, prettyErrors: false });
  } catch (e) {
    c.warn(`malformed YAML: ${errorText(e)}`);
    return undefined;
  }
  for (const e of doc.errors.slice(0, 5)) {
    const at = lc.linePos(e.pos[0]);
    c.warn(`malformed YAML: ${errorText(e)} at line ${at.line}, column ${at.col}`);
  }
  return { doc, lc };
}

/**
 * Parses a YAML manifest for the readers that need node positions (conda, pnpm): malformed YAML
 * becomes warnings on the collector; undefined when there is no mapping to read.
 */
export function parseYamlManifest(text: string, c: Collector): { doc: Document.Parsed & { contents: YAMLMap }; lc: LineCounter } | undefined {
  const parsed = parseYamlText(boundText(text, c), c);
  if (parsed === undefined || !isMap(parsed.doc.contents)) return undefined;
  const { doc, lc } = parsed;
  return { doc: doc as Document.Parsed & { contents: YAMLMap }, lc };
}

/** Longest value a property expansion may produce: nested references must not multiply a file into gigabytes. */
const MAX_EXPANDED_CHARS = 4096;

/**
 * References in a value replaced by the file's properties (Maven `${name}`, MSBuild `$(Name)`: `re`
 * captures the name, `lookup` answers it), `levels` deep (a few by default; 1 where the values
 * looked up are final already). Unknown names stay as written; an expansion past
 * MAX_EXPANDED_CHARS (`<a>${b}${b}…</a>`, nested) stops where it is.
 */
export function expandRefs(value: string, re: RegExp, lookup: (name: string) => string | undefined, levels = 10): string {
  let v = value;
  for (let i = 0; i < levels; i++) {
    // Built piece by piece so that one step never allocates past the limit.
    let next = '';
    let at = 0;
    let changed = false;
    let over = false;
    for (const m of v.matchAll(re)) {
      const sub = lookup(m[1] as string);
      const piece = v.slice(at, m.index) + (sub ?? m[0]);
      if (next.length + piece.length > MAX_EXPANDED_CHARS) {
        over = true;
        break;
      }
      next += piece;
      at = (m.index as number) + m[0].length;
      if (sub !== undefined) changed = true;
    }
    if (over || !changed) break;
    v = next + v.slice(at);
  }
  return v;
}
