/**
 * Container image references in Dockerfiles (and Containerfiles), docker-compose files,
 * Kubernetes manifests, GitHub workflow and GitLab CI files, shell commands, and the reference grammar that normalizes them
 * (Docker Hub's `ollama/ollama` is `docker.io/ollama/ollama` and `index.docker.io/ollama/ollama`;
 * a single name such as `python` is `docker.io/library/python`).
 *
 * Pure and tolerant: the readers never throw, are linear in the text (YAML: the yaml package,
 * behind the nesting guard of src/hf/config-pulls.ts), report at most MAX_IMAGE_SITES sites per
 * file, and count lines at CR, LF and CRLF (1-based lines and columns, UTF-16 code units).
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Node, type Scalar, type YAMLMap } from 'yaml';
import { MAX_YAML_DEPTH as MAX_DEPTH, nestingBound } from '../util/yaml-depth.js';
import { lfBreaks, lineOf, lineStarts } from '../util/lines.js';
import { readCommands, type ContainerLaunch, type LaunchWord } from '../hf/command-pulls.js';
import { dockerImageIndex } from './mcp-config.js';
import { DOCKERFILE_NAME } from './manifests/names.js';

/** Where an image reference was read from. */
export type ImageSource = 'dockerfile' | 'compose' | 'kubernetes' | 'helm' | 'workflow' | 'gitlab-ci' | 'shell';

export interface ImageSite {
  /** The reference (Dockerfile: with the global ARG defaults put in; compose: with `${VAR:-default}` defaults). */
  ref: string;
  /** The reference as written, when a substitution made `ref` differ from it. */
  written?: string;
  line: number;
  column: number;
  source: ImageSource;
  /**
   * Part of the reference is a variable no literal default resolves (`${TAG}`, `${{ matrix.image }}`,
   * `{{ .Values.image }}`): the reference is kept as written.
   */
  dynamic?: true;
}

/** A normalized image reference. */
export interface ImageRef {
  /** Lower-case registry host[:port]; Docker Hub is `docker.io`. */
  registry: string;
  /** The repository path; a Docker Hub single name gets `library/`. */
  path: string;
  tag?: string;
  digest?: string;
}

export const MAX_IMAGE_SITES = 1000;
/** Longest reference read (Docker's own limit on a repository name is 255 characters). */
const MAX_REF = 512;
const MAX_WARNINGS = 20;
/** YAML nodes visited per file. */
const MAX_NODES = 200_000;

// ---------------------------------------------------------------------------------------------
// The reference grammar (distribution/reference): [host[:port]/]path[:tag][@digest].

const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[A-Za-z0-9=_-]{32,}$/;
const HOST = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*|\[[0-9a-f:]+\])(?::\d{1,5})?$/;
const DOCKER_HUB = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com']);

/** The registry and path of a repository name; `library` adds Docker Hub's `library/` to a single name. */
function splitRepository(name: string, library: boolean): { registry: string; path: string } | undefined {
  const parts = name.split('/');
  let registry = 'docker.io';
  const first = parts[0] ?? '';
  if (parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost' || first !== first.toLowerCase())) {
    registry = first.toLowerCase();
    if (!HOST.test(registry)) return undefined;
    parts.shift();
  }
  if (DOCKER_HUB.has(registry)) registry = 'docker.io';
  if (!parts.length || !parts.every((p) => PATH_COMPONENT.test(p))) return undefined;
  if (library && registry === 'docker.io' && parts.length === 1) parts.unshift('library');
  return { registry, path: parts.join('/') };
}

/** `name[:tag][@digest]` split, tag and digest checked; undefined when one is malformed. */
function splitVersion(s: string): { name: string; tag?: string; digest?: string } | undefined {
  const at = s.indexOf('@');
  const out: { name: string; tag?: string; digest?: string } = { name: s };
  if (at >= 0) {
    out.digest = s.slice(at + 1);
    out.name = s.slice(0, at);
    if (!DIGEST.test(out.digest)) return undefined;
  }
  const colon = out.name.lastIndexOf(':');
  if (colon > out.name.lastIndexOf('/')) {
    out.tag = out.name.slice(colon + 1);
    out.name = out.name.slice(0, colon);
    if (!TAG.test(out.tag)) return undefined;
  }
  return out;
}

/** A reference normalized, or undefined when it is not one (a variable, blanks, upper case in the path). */
export function parseImageRef(raw: string): ImageRef | undefined {
  const s = raw.trim();
  if (!s || s.length > MAX_REF || /[\s${}]/.test(s)) return undefined;
  const v = splitVersion(s);
  const repo = v && splitRepository(v.name, true);
  if (!v || !repo) return undefined;
  const ref: ImageRef = { ...repo };
  if (v.tag !== undefined) ref.tag = v.tag;
  if (v.digest !== undefined) ref.digest = v.digest;
  return ref;
}

/**
 * A catalog repository (or namespace, `prefix`) as `registry/path`: `ollama/ollama` →
 * `docker.io/ollama/ollama`; a namespace keeps its single name (`mcp/` → `docker.io/mcp`).
 */
export function normalizeRepository(name: string, namespace = false): string | undefined {
  const r = splitRepository(name.trim().replace(/\/+$/, ''), !namespace);
  return r ? `${r.registry}/${r.path}` : undefined;
}

/**
 * The repository of a reference whose tag or digest only is a variable (`ollama/ollama:${TAG}`,
 * `ollama/ollama@${DIGEST}`), normalized; undefined when the repository itself is not literal.
 */
export function literalRepository(raw: string): ImageRef | undefined {
  const s = raw.trim();
  const v = s.search(/[$]|\{\{/);
  if (v <= 0) return undefined;
  const head = s.slice(0, v);
  const sep = head[head.length - 1];
  if (sep !== ':' && sep !== '@') return undefined;
  const name = head.slice(0, -1);
  if (sep === ':' && name.lastIndexOf(':') > name.lastIndexOf('/')) return undefined;
  const ref = parseImageRef(name);
  return ref && ref.tag === undefined && ref.digest === undefined ? ref : undefined;
}

/**
 * A variable that names the registry host alone, at the start of a reference and before its first
 * `/`: `${REGISTRY}`, `$REGISTRY`, `${REGISTRY:-}` / `${REGISTRY-}` (an empty default), Make's `$(REGISTRY)`, a workflow's
 * `${{ env.REGISTRY }}`, a template's `{{ .Values.registry }}`.
 */
const REGISTRY_VARIABLE = /^(\$\{[A-Za-z_][A-Za-z0-9_]*(?::?-)?\}|\$[A-Za-z_][A-Za-z0-9_]*|\$\([A-Za-z_][A-Za-z0-9_.-]*\)|\$\{\{[^{}]{1,200}\}\}|\{\{[^{}]{1,200}\}\})\//;

/** A reference whose registry is a variable (REGISTRY_VARIABLE): the repository path, no registry known. */
export interface VariableRegistryRef {
  /** The variable as written (`${REGISTRY}`). */
  registryVariable: string;
  path: string;
  tag?: string;
  digest?: string;
}

/**
 * `${REGISTRY}/ollama/ollama:0.5.7`: the registry host alone is a variable with no value known,
 * the rest is literal (its tag or digest may be a variable too: `versionUnknown`). The rest is a
 * repository path whatever its first part looks like (the host came before it), and gets no
 * Docker Hub `library/`: the registry is not known to be Docker Hub. A variable anywhere else in
 * the path (`${REGISTRY}/${ORG}/ollama`, `${ORG}/ollama`) is no such reference (undefined).
 */
export function variableRegistryRef(raw: string): (VariableRegistryRef & { versionUnknown?: true }) | undefined {
  const s = raw.trim();
  const m = s.length <= MAX_REF ? REGISTRY_VARIABLE.exec(s) : null;
  if (!m) return undefined;
  let rest = s.slice(m[0].length);
  let versionUnknown = false;
  const v = rest.search(/[$]|\{\{/);
  if (v >= 0) {
    // Only a whole tag or digest may be a variable: `:${TAG}`, `@${DIGEST}`.
    const sep = rest[v - 1];
    const name = rest.slice(0, v - 1);
    if ((sep !== ':' && sep !== '@') || (sep === ':' && name.lastIndexOf(':') > name.lastIndexOf('/'))) return undefined;
    rest = name;
    versionUnknown = true;
  }
  if (/[\s${}]/.test(rest)) return undefined;
  const parts = splitVersion(rest);
  if (!parts || !parts.name.split('/').every((p) => PATH_COMPONENT.test(p))) return undefined;
  const out: VariableRegistryRef & { versionUnknown?: true } = { registryVariable: m[1] as string, path: parts.name };
  if (parts.tag !== undefined) out.tag = parts.tag;
  if (parts.digest !== undefined) out.digest = parts.digest;
  if (versionUnknown) {
    if (out.tag !== undefined || out.digest !== undefined) return undefined;
    out.versionUnknown = true;
  }
  return out;
}

/** What a site names: a normalized reference, or one whose registry is a variable; `versionUnknown` when its tag or digest is a variable. */
export type SiteImage = (ImageRef | (VariableRegistryRef & { registry?: undefined })) & { versionUnknown?: true };

/**
 * The image of a site: the reference normalized; for a dynamic one, its literal repository when
 * only the tag or digest is a variable (literalRepository), else its path when only the registry
 * host is one (variableRegistryRef); undefined when neither.
 */
export function siteImage(site: Pick<ImageSite, 'ref' | 'dynamic'>): SiteImage | undefined {
  if (!site.dynamic) return parseImageRef(site.ref);
  const lit = literalRepository(site.ref);
  return lit ? { ...lit, versionUnknown: true } : variableRegistryRef(site.ref);
}

/**
 * Whether a deny-list entry (`ai.deniedPackages`) names an image. The entry is read as Docker reads
 * a reference: `ollama/ollama`, `docker.io/ollama/ollama` and `index.docker.io/ollama/ollama` are
 * Docker Hub's one repository, `python` is `library/python`, an entry with a registry
 * (`ghcr.io/org/x`) names that registry only, an entry ending in `/` (`mcp/`, `nvcr.io/nim/`) every
 * repository under that namespace, and a tag or digest in the entry (`ollama/ollama:0.5.7`) that
 * version only. An image whose registry is a variable is matched by its path (on whatever registry
 * the entry names: a mirror of it is what it may be). An entry that is no image reference (an npm
 * scope, blanks) names none.
 */
export function deniedImage(entry: string, image: SiteImage): boolean {
  const e = entry.trim();
  const namespace = e.endsWith('/');
  const want = namespace ? undefined : parseImageRef(e);
  const ns = namespace ? normalizeRepository(e, true) : undefined;
  const registry = want?.registry ?? ns?.slice(0, ns.indexOf('/'));
  const path = want?.path ?? ns?.slice(ns.indexOf('/') + 1);
  if (registry === undefined || path === undefined) return false;
  // An entry without a registry that Docker gives `library/` names the same path on a mirror without it.
  const paths = image.registry === undefined && !namespace && registry === 'docker.io' && path.startsWith('library/') ? [path, path.slice('library/'.length)] : [path];
  if (image.registry !== undefined && image.registry !== registry) return false;
  if (namespace ? !paths.some((p) => image.path.startsWith(`${p}/`)) : !paths.includes(image.path)) return false;
  if (want?.digest !== undefined) return image.digest === want.digest;
  if (want?.tag !== undefined) return !image.versionUnknown && (image.tag ?? (image.digest ? undefined : 'latest')) === want.tag;
  return true;
}

/** The name Docker shows: `ollama/ollama`, `python`, `ghcr.io/huggingface/text-generation-inference`. */
export function familiarName(ref: Pick<ImageRef, 'registry' | 'path'>): string {
  if (ref.registry !== 'docker.io') return `${ref.registry}/${ref.path}`;
  return ref.path.startsWith('library/') && ref.path.split('/').length === 2 ? ref.path.slice('library/'.length) : ref.path;
}

// ---------------------------------------------------------------------------------------------
// Which files hold image references.

/** `Dockerfile`, `Dockerfile.*`, `*.Dockerfile`, `Containerfile`, `Containerfile.*`, `*.Containerfile` (any case). */
export function isDockerfilePath(path: string): boolean {
  return DOCKERFILE_NAME.test(path.slice(path.lastIndexOf('/') + 1) || path);
}

/** Makefiles (`Makefile`, `GNUmakefile`, `*.mk`, any case): sniffed as plain text, known by name. */
export function isMakefile(path: string): boolean {
  const name = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  return name === 'makefile' || name === 'gnumakefile' || name.endsWith('.mk');
}

/** The YAML files the image readers know. */
export type YamlImageKind = 'compose' | 'workflow' | 'gitlab-ci' | 'helm' | 'kubernetes';

/**
 * The YAML reader a path calls for: a compose file, a GitHub workflow, a GitLab CI file
 * (`.gitlab-ci.yml`, `*.gitlab-ci.yml`) or a Helm chart's values (`values.yaml`, `values-prod.yaml`,
 * `values.dev.yaml`) by name, anything else as a possible Kubernetes manifest.
 */
export function yamlImageKind(path: string, text?: string): YamlImageKind | undefined {
  const lower = path.toLowerCase();
  if (!/\.ya?ml$/.test(lower)) return undefined;
  const name = lower.slice(lower.lastIndexOf('/') + 1);
  if (/(^|\/)\.github\/workflows\/[^/]+$/.test(lower)) return 'workflow';
  if (/(^|\.)gitlab-ci\.ya?ml$/.test(name)) return 'gitlab-ci';
  if (/^(docker-)?compose[^/]*\.ya?ml$/.test(name) || /[._-](?:docker-)?compose\.ya?ml$/.test(name)) return 'compose';
  if (/^values(?:[.-][^/]*)?\.ya?ml$/.test(name) || /[._-]values\.ya?ml$/.test(name)) return 'helm';
  // Otherwise by its content: a Compose file under another name (`nims.yaml`, `gpt-oss-compose.yaml`)
  // has top-level `services:` and no Kubernetes object's `apiVersion:` / `kind:`.
  if (text !== undefined && COMPOSE_SERVICES.test(text) && !K8S_OBJECT.test(text)) return 'compose';
  return 'kubernetes';
}
/** A top-level `services:` key (a Compose file's). */
const COMPOSE_SERVICES = /^services[ \t]*:[ \t]*(?:#.*)?$/m;
/** A top-level `apiVersion:` or `kind:` key (a Kubernetes object's). */
const K8S_OBJECT = /^(?:apiVersion|kind)[ \t]*:/m;

// ---------------------------------------------------------------------------------------------
// Dockerfiles.

interface Segment {
  /** Offset of the segment's first character in the text. */
  at: number;
  text: string;
}

/** `${NAME}`, `$NAME`, `${NAME:-word}`, `${NAME-word}`, `${NAME:+word}`, `${NAME+word}`. */
const VAR = /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}$]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g;

/**
 * A FROM argument with the global ARG defaults put in, as `docker build` does without
 * `--build-arg`; `ok` false when a variable has no literal value (it is kept as written). A
 * variable at the start that gives nothing before a `/` (`${REGISTRY:-}/ollama/ollama`) names the
 * registry, which the build must be given: it is kept as written too.
 */
function substitute(raw: string, args: Pick<ReadonlyMap<string, string | undefined>, 'has' | 'get'>, atStart = true): { text: string; ok: boolean } {
  if (!raw.includes('$')) return { text: raw, ok: true };
  let ok = true;
  const text = raw.replace(VAR, (whole: string, braced: string | undefined, op: string | undefined, word: string | undefined, bare: string | undefined, at: number) => {
    const name = (braced ?? bare) as string;
    const known = args.has(name);
    const value = args.get(name);
    let out: string | undefined;
    if (known && value === undefined) {
      // Declared without a literal default: `${X:-w}` still gives w when X is unset or empty.
      if (op === ':-' || op === '-') out = word ?? '';
    } else {
      const v = value ?? '';
      if (op === ':-') out = v !== '' ? v : (word ?? '');
      else if (op === '-') out = known ? v : (word ?? '');
      else if (op === ':+') out = v !== '' ? (word ?? '') : '';
      else if (op === '+') out = known ? (word ?? '') : '';
      else if (known) out = v;
    }
    if (out === undefined || (out === '' && atStart && at === 0 && raw[whole.length] === '/')) {
      ok = false;
      return whole;
    }
    return out;
  });
  return { text, ok };
}

/**
 * A FROM word as BuildKit's shell lexer reads it (shlex ProcessWord on the base name): quotes
 * removed (`"ollama/ollama"`, `'ollama/ollama'`), the escape character taken literally outside
 * single quotes, and variables substituted outside single quotes. Undefined when a quote is not
 * closed (Docker rejects the line).
 */
function fromWord(raw: string, escape: string, args: ReadonlyMap<string, string | undefined>): { text: string; ok: boolean } | undefined {
  if (!/["']/.test(raw) && !raw.includes(escape)) return substitute(raw, args);
  // Runs of text to substitute (plain or double-quoted) and literal runs (single-quoted, escaped).
  const runs: { text: string; expand: boolean }[] = [];
  const put = (text: string, expand: boolean) => {
    const last = runs[runs.length - 1];
    if (last && last.expand === expand) last.text += text;
    else runs.push({ text, expand });
  };
  let quote = '';
  for (let k = 0; k < raw.length; k++) {
    const ch = raw[k] as string;
    if (quote === "'") {
      if (ch === "'") quote = '';
      else put(ch, false);
    } else if (ch === escape && k + 1 < raw.length && (quote === '' || '"$'.includes(raw[k + 1] as string) || raw[k + 1] === escape)) {
      put(raw[++k] as string, false);
    } else if (ch === '"' || (ch === "'" && quote === '')) quote = quote === ch ? '' : ch;
    else put(ch, true);
  }
  if (quote !== '') return undefined;
  let ok = true;
  let text = '';
  for (const r of runs) {
    if (!r.expand) text += r.text;
    else {
      const sub = substitute(r.text, args, text === '');
      ok &&= sub.ok;
      text += sub.text;
    }
  }
  return { text, ok };
}

/** The words of an instruction's arguments with their offsets in the joined text. */
function words(s: string): { w: string; at: number }[] {
  const out: { w: string; at: number }[] = [];
  const re = /\S+/g;
  for (let m = re.exec(s); m; m = re.exec(s)) out.push({ w: m[0], at: m.index });
  return out;
}

/** ARG name[=value] ...: literal values unquoted; a value with a variable or an open quote is not literal (undefined). */
function readArgs(s: string, into: Map<string, string | undefined>): void {
  const re = /([A-Za-z_][A-Za-z0-9_]*)(?:=("(?:[^"\\]|\\.)*"|'[^']*'|\S*))?/g;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    const name = m[1] as string;
    let v = m[2];
    if (v === undefined) {
      if (!into.has(name)) into.set(name, undefined);
      continue;
    }
    if ((v.startsWith('"') && v.endsWith('"') && v.length > 1) || (v.startsWith("'") && v.endsWith("'") && v.length > 1)) v = v.slice(1, -1);
    into.set(name, v.includes('$') || v.includes('"') || v.includes("'") ? undefined : v);
  }
}

/**
 * Every image a Dockerfile builds FROM, with its line and column: `FROM [--flag=…]… image[:tag][@digest] [AS name]`,
 * over `\` (or the `# escape=` directive's) continuations, with comments and heredoc bodies
 * (`RUN <<EOF … EOF`) skipped. A FROM naming an earlier stage (`FROM base`) or `scratch` is no
 * image. `$VAR` / `${VAR}` in a FROM take the default of an ARG declared before the first FROM
 * when it is literal; otherwise the reference is reported as written, `dynamic`.
 */
export function dockerfileImages(text: string): ImageSite[] {
  const sites: ImageSite[] = [];
  try {
    readDockerfile(text, sites);
  } catch {
    // Nothing above throws on any input; a bug must not lose the scan.
  }
  return sites;
}

function readDockerfile(text: string, sites: ImageSite[]): void {
  const starts = lineStarts(text, 'cr-lf');
  const n = starts.length;
  const lineText = (i: number): string => {
    const s = starts[i] as number;
    let e = i + 1 < n ? (starts[i + 1] as number) : text.length;
    while (e > s && (text.charCodeAt(e - 1) === 10 || text.charCodeAt(e - 1) === 13)) e--;
    return text.slice(s, e);
  };
  const first = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let escape = '\\';
  let i = 0;
  // Parser directives: `# key=value` comment lines at the very top.
  for (; i < n; i++) {
    const m = /^\s*#\s*([A-Za-z]+)\s*=\s*(\S+)\s*$/.exec(lineText(i).slice(i === 0 ? first : 0));
    if (!m) break;
    if ((m[1] as string).toLowerCase() === 'escape' && (m[2] === '`' || m[2] === '\\')) escape = m[2];
  }
  i = 0;
  const args = new Map<string, string | undefined>();
  const stages = new Set<string>();
  let seenFrom = false;
  while (i < n && sites.length < MAX_IMAGE_SITES) {
    const off = i === 0 ? first : 0;
    const line = lineText(i).slice(off);
    const trimmed = line.trimStart();
    if (trimmed === '' || trimmed.startsWith('#')) {
      i++;
      continue;
    }
    // One instruction: this line and its continuations (comment and empty lines inside are skipped).
    const segs: Segment[] = [];
    let cur: Segment = { at: (starts[i] as number) + off, text: line };
    i++;
    for (;;) {
      const body = cur.text.trimEnd();
      if (!body.endsWith(escape)) {
        segs.push(cur);
        break;
      }
      segs.push({ at: cur.at, text: body.slice(0, -1) });
      while (i < n && (lineText(i).trim() === '' || lineText(i).trimStart().startsWith('#'))) i++;
      if (i >= n) break;
      cur = { at: starts[i] as number, text: lineText(i) };
      i++;
    }
    const joined = segs.map((s) => s.text).join('');
    const posOf = (k: number): number => {
      let acc = 0;
      for (const s of segs) {
        if (k < acc + s.text.length) return s.at + (k - acc);
        acc += s.text.length;
      }
      const last = segs[segs.length - 1] as Segment;
      return last.at + last.text.length;
    };
    const m = /^\s*([A-Za-z]+)(?=\s|$)/.exec(joined);
    const keyword = m ? (m[1] as string).toUpperCase() : '';
    const rest = m ? (m[0] as string).length : 0;
    if (keyword === 'ARG' && !seenFrom) readArgs(joined.slice(rest), args);
    else if (keyword === 'FROM') {
      seenFrom = true;
      const ws = words(joined.slice(rest)).filter((w) => !w.w.startsWith('--'));
      const image = ws[0];
      const as = ws[1]?.w.toLowerCase() === 'as' ? ws[2]?.w.toLowerCase() : undefined;
      if (image) {
        const raw = image.w;
        const resolved = fromWord(raw, escape, args);
        const name = resolved?.text.toLowerCase();
        if (resolved && name && !stages.has(name) && name !== 'scratch') {
          const at = posOf(rest + image.at);
          const line0 = lineOf(starts, at);
          const site: ImageSite = { ref: resolved.text, line: line0 + 1, column: at - (starts[line0] as number) - (line0 === 0 ? first : 0) + 1, source: 'dockerfile' };
          if (!resolved.ok) site.dynamic = true;
          if (resolved.text !== raw) site.written = raw;
          sites.push(site);
        }
      }
      if (as) stages.add(as);
    } else if (keyword === 'RUN' || keyword === 'COPY' || keyword === 'ADD') {
      // Heredocs: their bodies are not instructions.
      const delims = [...joined.matchAll(/<<(-?)\s*(["']?)([A-Za-z_][A-Za-z0-9_]*)\2/g)].map((d) => ({ strip: d[1] === '-', word: d[3] as string }));
      for (const d of delims) {
        while (i < n) {
          const l = lineText(i);
          i++;
          if ((d.strip ? l.replace(/^\t+/, '') : l) === d.word) break;
        }
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Shell: `docker run|create|pull`, `podman …` in scripts, Makefiles and workflow `run:` steps.

/**
 * The image of every `docker run`, `docker create`, `docker pull` (also `docker container run`,
 * `docker image pull`, and podman's) in a shell script, a Makefile recipe or a CI YAML file's
 * commands, with the line and column of the image word. The commands are read by the shell
 * reader of src/hf/command-pulls.ts (readCommands): continuations, `&&` / `;` / `|` chains,
 * `sudo` and other wrappers, `sh -c '…'`, quotes removed and variables the file assigned a literal
 * put in, a literal `${TAG:-0.5.7}` default for a variable it left unset (the word as written is
 * `written`); a comment is skipped, and `echo "docker run x"` is an
 * argument, not a command. Heredoc bodies are read as commands, as that reader reads them (`cat >
 * run.sh <<EOF` writes a script that runs). The options before the image are skipped with their
 * values (dockerImageIndex). A word with a variable not assigned a literal is `dynamic`, kept with
 * the variable as written.
 */
export function shellImages(text: string, vars?: ReadonlyMap<string, string | null>): ImageSite[] {
  const sites: ImageSite[] = [];
  try {
    readCommands(text, (argv, locate) => {
      const cmd = argv[0]?.value ?? '';
      if (sites.length >= MAX_IMAGE_SITES || !/(?:^|\/)(?:docker|podman)(?:\.exe)?$/i.test(cmd)) return;
      const k = dockerImageIndex(argv.slice(1).map((w) => w.value), true);
      const w = k < 0 ? undefined : argv[k + 1];
      if (!w || !w.value || w.value.length > MAX_REF) return;
      const at = locate(w.start);
      const site: ImageSite = { ref: w.value, line: at.line, column: at.column, source: 'shell' };
      if (w.dynamic) site.dynamic = true;
      if (w.raw !== w.value) site.written = w.raw;
      sites.push(site);
    }, vars);
  } catch {
    // The reader never throws on any input; a bug must not lose the scan.
  }
  return sites;
}

// ---------------------------------------------------------------------------------------------
// YAML: compose services, Kubernetes containers, workflow jobs.

function firstLine(message: string): string {
  const line = message.split('\n')[0] ?? '';
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

function get(map: YAMLMap, key: string): unknown {
  // The last of duplicate keys wins, as when the file is loaded.
  let out: unknown;
  for (const p of map.items) if (isScalar(p.key) && p.key.value === key) out = p.value;
  return out;
}

/**
 * Compose's interpolation with a default (`${TAG:-0.5.7}`, `${TAG-0.5.7}`) gives the default, `$$`
 * a dollar; any other variable is kept as written and leaves the reference dynamic (`ok` false),
 * as does an empty default at the start before a `/` (`${REGISTRY:-}/ollama/ollama`: the registry
 * must be given).
 */
function composeValue(raw: string): { text: string; ok: boolean } {
  if (!raw.includes('$')) return { text: raw, ok: true };
  let ok = true;
  const text = raw.replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}$]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (m: string, _n: string | undefined, def: string | undefined, _b: string | undefined, at: number) => {
    if (m === '$$') return '$';
    if (def !== undefined && !(def === '' && at === 0 && raw[m.length] === '/')) return def;
    ok = false;
    return m;
  });
  return { text, ok };
}

interface YamlCtx {
  lines: LineCounter;
  /** Lines before the parsed text in the file (a Kubernetes document parsed alone). */
  lineBase?: number;
  /** The parsed text (a GitLab script is read again as shell from it). */
  body: string;
  source: ImageSource;
  sites: ImageSite[];
  nodes: number;
  /** GitLab CI: the variables the job being read knows (undefined: declared with no literal value). */
  vars?: ReadonlyMap<string, string | undefined>;
}

/** `prefix`: written before the reference in the value (a step's `docker://`), not part of it. */
function addScalar(node: unknown, ctx: YamlCtx, prefix = ''): void {
  if (!isScalar(node) || typeof node.value !== 'string' || ctx.sites.length >= MAX_IMAGE_SITES) return;
  const lead = node.value.length - node.value.trimStart().length;
  const raw = node.value.trim().slice(prefix.length);
  const range = (node as Scalar).range;
  if (!raw || !range || raw.length > MAX_REF) return;
  // A quoted value starts after its quote; a plain one at its first character.
  const quote = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE' ? 1 : 0;
  const at = ctx.lines.linePos(range[0] + (prefix ? quote + lead + prefix.length : 0));
  const pos = { line: at.line + (ctx.lineBase ?? 0), col: at.col };
  const value = ctx.source === 'compose' ? composeValue(raw) : ctx.source === 'gitlab-ci' ? substitute(raw, ctx.vars ?? new Map()) : { text: raw, ok: true };
  const site: ImageSite = { ref: value.text, line: pos.line, column: pos.col, source: ctx.source };
  if (!value.ok || /\$|\{\{/.test(value.text)) site.dynamic = true;
  if (value.text !== raw) site.written = raw;
  ctx.sites.push(site);
}

/** Merges followed from one service (`<<: *a` whose map merges `<<: *b`, …). */
const MAX_MERGE_DEPTH = 8;

/**
 * The anchors of a document (`&name`), each with the nodes that carry it in document order (a
 * name may be anchored again further on), found by one bounded walk the first time an alias
 * needs it.
 */
class Anchors {
  private byName: Map<string, Node[]> | undefined;

  constructor(
    private readonly root: unknown,
    private readonly ctx: YamlCtx,
  ) {}

  /** The node an alias names: the last node anchored so before it; undefined when there is none. */
  resolve(alias: { source: string; range?: [number, number, number] | null }): unknown {
    this.byName ??= this.collect();
    const at = alias.range?.[0] ?? Infinity;
    const nodes = this.byName.get(alias.source) ?? [];
    for (let k = nodes.length - 1; k >= 0; k--) if (((nodes[k] as Node).range?.[0] ?? Infinity) < at) return nodes[k];
    return undefined;
  }

  private collect(): Map<string, Node[]> {
    const out = new Map<string, Node[]>();
    const stack: unknown[] = [this.root];
    while (stack.length && this.ctx.nodes < MAX_NODES) {
      const node = stack.pop();
      this.ctx.nodes++;
      if (!isMap(node) && !isSeq(node) && !isScalar(node)) continue;
      if (node.anchor) {
        const list = out.get(node.anchor);
        if (list) list.push(node);
        else out.set(node.anchor, [node]);
      }
      if (isMap(node)) {
        for (let k = node.items.length - 1; k >= 0; k--) {
          const p = node.items[k];
          if (p) stack.push(p.value, p.key);
        }
      } else if (isSeq(node)) for (let k = node.items.length - 1; k >= 0; k--) stack.push(node.items[k]);
    }
    return out;
  }
}

/**
 * A map's value for `key` as YAML loads it: the map's own key, else the first merged map that
 * gives one (`<<: *common`, `<<: [*a, *b]`, YAML merge keys, as compose's extension fields
 * `x-…: &common` and GitLab's hidden `.template: &t` jobs are used), an alias value
 * (`image: *img`) resolved to its anchored node.
 */
function mergedValue(map: YAMLMap, key: string, anchors: Anchors, depth = 0): unknown {
  const deref = (n: unknown): unknown => (isAlias(n) ? anchors.resolve(n) : n);
  const own = get(map, key);
  if (own !== undefined) return deref(own);
  if (depth >= MAX_MERGE_DEPTH) return undefined;
  const merge = get(map, '<<');
  for (const m of isSeq(merge) ? merge.items : [merge]) {
    const from = deref(m);
    if (!isMap(from) || from === map) continue;
    const v = mergedValue(from, key, anchors, depth + 1);
    if (v !== undefined) return v;
  }
  return undefined;
}

function readCompose(root: unknown, ctx: YamlCtx): void {
  if (!isMap(root)) return;
  const services = get(root, 'services');
  if (!isMap(services)) return;
  const anchors = new Anchors(root, ctx);
  /** An anchored image that several services merge is one site. */
  const seen = new Set<unknown>();
  for (const p of services.items) {
    if (!isMap(p.value)) continue;
    const image = mergedValue(p.value, 'image', anchors);
    if (seen.has(image)) continue;
    seen.add(image);
    addScalar(image, ctx);
  }
}

function readWorkflow(root: unknown, ctx: YamlCtx): void {
  if (!isMap(root)) return;
  const jobs = get(root, 'jobs');
  if (!isMap(jobs)) return;
  for (const p of jobs.items) {
    const job = p.value;
    if (!isMap(job)) continue;
    const container = get(job, 'container');
    if (isScalar(container)) addScalar(container, ctx);
    else if (isMap(container)) addScalar(get(container, 'image'), ctx);
    const services = get(job, 'services');
    if (isMap(services)) for (const s of services.items) if (isMap(s.value)) addScalar(get(s.value, 'image'), ctx);
    // A step that runs a container image: `uses: docker://ollama/ollama:0.5.7`.
    const steps = get(job, 'steps');
    if (isSeq(steps)) {
      for (const step of steps.items) {
        const uses = isMap(step) ? get(step, 'uses') : undefined;
        if (isScalar(uses) && typeof uses.value === 'string' && uses.value.trim().startsWith('docker://')) addScalar(uses, ctx, 'docker://');
      }
    }
  }
}

/** GitLab CI's top-level keywords: any other top-level key is a job (a hidden one when it starts with `.`). */
const GITLAB_GLOBAL = new Set(['default', 'include', 'stages', 'variables', 'workflow', 'spec', 'image', 'services', 'cache', 'before_script', 'after_script']);
const GITLAB_SCRIPTS = ['before_script', 'script', 'after_script'];
/** Longest variable value kept (longer ones are declared with no value). */
const MAX_VAR_VALUE = 4096;
/** Levels of `extends:` GitLab follows. */
const GITLAB_EXTENDS = 11;
/** Maps a job's `extends:` chain gives it, at most (a map extended twice counts once, at its last place). */
const MAX_LAYERS = 64;
/** Variable entries set for all the jobs of a file, at most: past it a job sees the top-level variables only. */
const MAX_VAR_WORK = 1_000_000;
/** Readings of one script node with different variables, at most. */
const MAX_READINGS = 16;

/**
 * The entries of a GitLab `variables:` map added to `into` as written (its own keys over what it
 * merges; a key set again keeps its place, as a hash merge keeps it): the value nodes, not yet expanded.
 */
function gitlabVariableNodes(node: unknown, deref: (n: unknown) => unknown, into: Map<string, unknown>, depth = 0): void {
  const vars = deref(node);
  if (!isMap(vars)) return;
  const merge = depth < MAX_MERGE_DEPTH ? get(vars, '<<') : undefined;
  const merged = isSeq(merge) ? merge.items : merge === undefined ? [] : [merge];
  // The first merged map wins over later ones: read last to first.
  for (let k = merged.length - 1; k >= 0; k--) if (deref(merged[k]) !== vars) gitlabVariableNodes(merged[k], deref, into, depth + 1);
  for (const p of vars.items) {
    const name = isScalar(p.key) ? p.key.value : undefined;
    if (typeof name === 'string' && name !== '<<') into.set(name, p.value);
  }
}

/** Variables a value's expansion goes through, at most (a longer chain is not known). */
const MAX_VAR_CHAIN = 64;

/**
 * GitLab variables (gitlabVariableNodes, merged from all the maps that set them) added to `into`:
 * a literal value (`NAME: value` or `NAME: { value: … }`) with the variables it names put in, as
 * GitLab expands them, whatever their order (a variable a value names is expanded first; one set
 * again here refers, in its own value, to the one `into` had); a value with a variable not known
 * (`$CI_REGISTRY`, GitLab's predefined variables included), in a cycle, past MAX_VAR_CHAIN, longer
 * than MAX_VAR_VALUE or no scalar is declared with no value (undefined). `expand: false` keeps `$`
 * as written.
 */
function gitlabVariables(nodes: ReadonlyMap<string, unknown>, deref: (n: unknown) => unknown, into: Map<string, string | undefined>): void {
  const raws = new Map<string, { raw: string | undefined; expand: boolean }>();
  for (const [name, node] of nodes) {
    let v = deref(node);
    let expand = true;
    if (isMap(v)) {
      const e = deref(get(v, 'expand'));
      expand = !(isScalar(e) && e.value === false);
      v = deref(get(v, 'value'));
    }
    // A value longer than any reference names no image (and is not expanded again for every job).
    const raw = isScalar(v) && v.value !== null && typeof v.value !== 'object' && String(v.value).length <= MAX_VAR_VALUE ? String(v.value) : undefined;
    raws.set(name, { raw, expand });
  }
  const before = new Map(into);
  const done = new Map<string, string | undefined>();
  const onPath = new Set<string>();
  const resolve = (name: string): string | undefined => {
    if (done.has(name)) return done.get(name);
    const r = raws.get(name);
    if (!r || onPath.has(name)) return before.get(name);
    if (onPath.size >= MAX_VAR_CHAIN) return undefined;
    onPath.add(name);
    let value = r.raw;
    if (value !== undefined && r.expand) {
      const x = substitute(value, known, false);
      value = x.ok && x.text.length <= MAX_VAR_VALUE ? x.text : undefined;
    }
    onPath.delete(name);
    done.set(name, value);
    return value;
  };
  const known = { has: (name: string) => raws.has(name) || before.has(name), get: resolve };
  for (const name of raws.keys()) into.set(name, resolve(name));
}

/** GitLab flattens nested arrays in a script up to this depth (and nests `!reference` so deep). */
const GITLAB_NEST = 10;
/** Script lines read per script node. */
const MAX_SCRIPT_LINES = 20_000;

/**
 * The string lines of a GitLab script node in order: a string, or a list (block or flow) of strings
 * and of lists of them, flattened as GitLab does up to GITLAB_NEST levels, aliases followed.
 */
function scriptLines(node: unknown, deref: (n: unknown) => unknown, out: Scalar[] = [], depth = 0, path = new Set<unknown>(), budget = { visits: 0 }): Scalar[] {
  const v = deref(node);
  if (++budget.visits > MAX_SCRIPT_LINES * 4) return out;
  if (isScalar(v)) {
    if (typeof v.value === 'string' && out.length < MAX_SCRIPT_LINES) out.push(v);
  } else if (isSeq(v) && depth <= GITLAB_NEST && !path.has(v)) {
    path.add(v);
    for (const item of v.items) {
      if (out.length >= MAX_SCRIPT_LINES || budget.visits > MAX_SCRIPT_LINES * 4) break;
      scriptLines(item, deref, out, depth + 1, path, budget);
    }
    path.delete(v);
  }
  return out;
}

/**
 * A script line as the shell reader reads it, with the offset in the file it starts at: a plain
 * scalar as written, a quoted one inside its quotes (its value when escapes or folding make it
 * differ from what is written), a block scalar's lines after its header.
 */
function scriptLineText(s: Scalar, body: string): { text: string; at: number } | undefined {
  const range = s.range;
  if (!range) return undefined;
  const value = String(s.value);
  let start = range[0];
  let text: string;
  if (s.type === 'BLOCK_LITERAL' || s.type === 'BLOCK_FOLDED') {
    const nl = body.indexOf('\n', start);
    if (nl < 0 || nl >= range[1]) return undefined;
    start = nl + 1;
    text = body.slice(start, range[1]);
  } else if (s.type === 'QUOTE_DOUBLE' || s.type === 'QUOTE_SINGLE') {
    start++;
    const inner = body.slice(start, Math.max(start, range[1] - 1));
    text = inner === value ? inner : value;
  } else text = body.slice(start, range[1]);
  return { text, at: start };
}

/** A GitLab script's text as the shell reader reads it, where its lines are, the variables it names and the readings made. */
interface ScriptText {
  text: string;
  /** Where each line of the text is: its line in its file, the columns before it there, and the sites of that file. */
  fileLines: { line: number; shift: number; sites: ImageSite[] }[];
  /** The variables the text names (undefined: too many to tell readings apart). */
  names: string[] | undefined;
  readings: Set<string>;
}

/** `ctxOf`: the context (text, lines, sites) of the file a script line is written in. */
function scriptText(node: unknown, ctxOf: (n: unknown) => YamlCtx, deref: (n: unknown) => unknown): ScriptText {
  const parts: string[] = [];
  const fileLines: ScriptText['fileLines'] = [];
  for (const s of scriptLines(node, deref)) {
    const ctx = ctxOf(s);
    const part = scriptLineText(s, ctx.body);
    if (!part) continue;
    parts.push(part.text);
    const first = ctx.lines.linePos(part.at);
    const line = first.line + (ctx.lineBase ?? 0);
    fileLines.push({ line, shift: first.col - 1, sites: ctx.sites });
    for (let k = part.text.indexOf('\n'), n = 1; k >= 0; k = part.text.indexOf('\n', k + 1), n++) fileLines.push({ line: line + n, shift: 0, sites: ctx.sites });
  }
  const text = parts.join('\n');
  const names = new Set<string>();
  for (const m of text.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)) {
    names.add(m[1] as string);
    if (names.size > 64) break;
  }
  return { text, fileLines, names: names.size > 64 ? undefined : [...names], readings: new Set() };
}

/**
 * The `docker run` / `podman run` images of a GitLab script (`script:` a string, a block scalar,
 * or a block or flow list of them, nested lists flattened and `!reference` tags followed:
 * scriptLines), read by the shell reader (shellImages) with the job's variables known: the lines
 * are read as one text (a variable one line assigns is known to the next), each site at its line
 * and column in the file it is written in, with that file's sites to go to. A script node several
 * jobs share (an anchor, a template they extend) is read again only for values of the variables it
 * names that no reading had, at most MAX_READINGS times.
 */
function gitlabScript(script: ScriptText, known: ReadonlyMap<string, string | undefined>): { site: ImageSite; to: ImageSite[] }[] {
  if (script.readings.size >= MAX_READINGS || !/docker|podman/i.test(script.text)) return [];
  let key = String(script.readings.size);
  if (script.names) {
    const values = script.names.map((n) => (known.has(n) ? `=${known.get(n) ?? ''}` : '-'));
    if (values.reduce((n, v) => n + v.length, 0) <= 8192) key = values.join('\0');
  }
  if (script.readings.has(key)) return [];
  script.readings.add(key);
  const vars = new Map([...known].map(([k, v]) => [k, v ?? null] as const));
  const out: { site: ImageSite; to: ImageSite[] }[] = [];
  for (const site of shellImages(script.text, vars)) {
    const at = script.fileLines[site.line - 1];
    if (at) out.push({ site: { ...site, line: at.line, column: site.column + at.shift }, to: at.sites });
  }
  return out;
}

/** One YAML document of a GitLab CI configuration: its root and its file's context (text, lines, sites). */
interface GitlabDoc {
  root: unknown;
  ctx: YamlCtx;
  anchors: Anchors;
}

function readGitlab(root: unknown, ctx: YamlCtx): void {
  readGitlabConfig([{ root, ctx, anchors: new Anchors(root, ctx) }]);
}

/** Every map, list and scalar of a document (keys too, aliases not followed), owned by `doc`. */
function claimNodes(doc: GitlabDoc, owners: WeakMap<object, GitlabDoc>): void {
  const stack: unknown[] = [doc.root];
  while (stack.length) {
    const node = stack.pop();
    if (!isMap(node) && !isSeq(node) && !isScalar(node) && !isAlias(node)) continue;
    owners.set(node, doc);
    if (isMap(node)) {
      for (const p of node.items) stack.push(p.key, p.value);
    } else if (isSeq(node)) for (const x of node.items) stack.push(x);
  }
}

/**
 * A GitLab CI configuration: the documents of its files in the order GitLab merges them (included
 * files first, each after the files it includes, the including file last; readGitlab: one file).
 * The `image:` (a string or a map's `name:`) and `services:` (strings or maps' `name:`) at the top
 * level, under `default:` and in every job (hidden `.template` jobs too, merge keys and aliases
 * followed), with the top-level and the job's `variables:` put in; the commands of
 * `before_script:`, `script:` and `after_script:` read as shell (gitlabScript).
 *
 * As GitLab merges the files before it reads them, a later file's top-level keys, `default:`,
 * top-level `variables:` (a variable set again) and a job of the same name deep-merge over an
 * earlier's; then a job's `extends:` (a name or a list, through hidden jobs of any of the files,
 * GITLAB_EXTENDS levels, a cycle cut) gives it the image, services, scripts and variables of what
 * it extends, as GitLab merges them: later over earlier, the job over all; hashes deep-merged
 * (variables, an image's `name:`), lists and strings replaced. `!reference [job, key, …]` in a
 * script (a line or the whole), an image, a service, `variables:` or one variable is the value it
 * names in the configuration's jobs (GITLAB_NEST levels; a job no file of it defines gives
 * nothing). Each site goes to the sites of the file its value is written in, at its line there; a
 * site read the same from several jobs is one site.
 */
function readGitlabConfig(docs: readonly GitlabDoc[]): void {
  const last = docs[docs.length - 1];
  if (!last) return;
  /** The document a node is written in (the last one unless another's walk claimed it). */
  const owners = new WeakMap<object, GitlabDoc>();
  for (const d of docs.slice(0, -1)) claimNodes(d, owners);
  const ownerOf = (n: unknown): GitlabDoc => (n !== null && typeof n === 'object' ? owners.get(n) : undefined) ?? last;
  /** Each job's maps, one per file that defines it (in a file, the last key of the name). */
  const jobs = new Map<string, YAMLMap[]>();
  for (const d of docs) {
    if (!isMap(d.root)) continue;
    const here = new Map<string, YAMLMap>();
    for (const p of d.root.items) {
      const name = isScalar(p.key) ? p.key.value : undefined;
      const job = isAlias(p.value) ? d.anchors.resolve(p.value) : p.value;
      if (typeof name === 'string' && isMap(job)) here.set(name, job);
    }
    for (const [name, job] of here) {
      const list = jobs.get(name);
      if (list) list.push(job);
      else jobs.set(name, [job]);
    }
  }
  const own = (map: YAMLMap, key: string): unknown => mergedValue(map, key, ownerOf(map).anchors);
  /** A job's key: from the last of its maps that sets it. */
  const jobValue = (maps: readonly YAMLMap[], key: string): unknown => {
    for (let k = maps.length - 1; k >= 0; k--) {
      const v = own(maps[k] as YAMLMap, key);
      if (v !== undefined) return v;
    }
    return undefined;
  };
  /** Steps of `!reference` resolution left for the file (a reference whose path holds references can fan out). */
  let refSteps = MAX_NODES;
  /** A node with aliases and `!reference` tags followed (depth: references followed so far). */
  const deref = (n: unknown, depth = 0): unknown => {
    if (isAlias(n)) return deref(ownerOf(n).anchors.resolve(n), depth);
    if (!isSeq(n) || n.tag !== '!reference') return n;
    if (depth >= GITLAB_NEST || (refSteps -= n.items.length + 1) < 0) return undefined;
    const path = n.items.map((x) => (isScalar(x) && typeof x.value === 'string' ? x.value : undefined));
    const job = path[0] === undefined ? undefined : jobs.get(path[0]);
    if (!job || path.length < 2 || path[1] === undefined) return undefined;
    let v = jobValue(job, path[1]);
    for (let k = 2; k < path.length && v !== undefined; k++) {
      const m = deref(v, depth + 1);
      const key = path[k];
      v = isMap(m) && key !== undefined ? own(m, key) : undefined;
    }
    return deref(v, depth + 1);
  };
  const value = (map: YAMLMap, key: string): unknown => deref(own(map, key));
  /**
   * The maps a job is made of, what it extends first and the job last (a map once, at its last
   * place); depth: the levels of extends above the job read (memoized by job and depth).
   */
  const memos: Map<string, YAMLMap[]>[] = Array.from({ length: GITLAB_EXTENDS + 1 }, () => new Map());
  const onPath = new Set<string>();
  const layers = (name: string, depth: number): YAMLMap[] => {
    const memo = memos[depth] as Map<string, YAMLMap[]>;
    const done = memo.get(name);
    if (done) return done;
    const maps = jobs.get(name) ?? [];
    const ext = deref(jobValue(maps, 'extends'));
    const names = isSeq(ext) ? ext.items.map((x) => deref(x)) : [ext];
    const all: YAMLMap[] = [];
    onPath.add(name);
    for (const n of names) {
      const parent = isScalar(n) && typeof n.value === 'string' ? n.value : undefined;
      if (parent !== undefined && jobs.has(parent) && depth < GITLAB_EXTENDS && !onPath.has(parent)) all.push(...layers(parent, depth + 1));
    }
    onPath.delete(name);
    all.push(...maps);
    const out: YAMLMap[] = [];
    const seen = new Set<YAMLMap>();
    for (let k = all.length - 1; k >= 0 && out.length < MAX_LAYERS; k--) {
      const m = all[k] as YAMLMap;
      if (seen.has(m)) continue;
      seen.add(m);
      out.push(m);
    }
    out.reverse();
    memo.set(name, out);
    return out;
  };
  /** The sites kept, by the file's sites they go to. */
  const siteKeys = new Map<ImageSite[], Set<string>>();
  const kept = (to: ImageSite[], site: ImageSite): boolean => {
    let keys = siteKeys.get(to);
    if (!keys) siteKeys.set(to, (keys = new Set()));
    const key = `${site.line}:${site.column}:${site.ref}`;
    return !keys.has(key) && !!keys.add(key);
  };
  let found = 0;
  const texts = new Map<unknown, ScriptText>();
  let varWork = 0;
  const global = new Map<string, string | undefined>();
  const globalNodes = new Map<string, unknown>();
  for (const d of docs) if (isMap(d.root)) gitlabVariableNodes(get(d.root, 'variables'), deref, globalNodes);
  gitlabVariables(globalNodes, deref, global);
  const image = (n: unknown, vars: ReadonlyMap<string, string | undefined>) => {
    const v = deref(n);
    const name = isMap(v) ? value(v, 'name') : v;
    if (!isScalar(name)) return;
    const ctx = ownerOf(name).ctx;
    ctx.vars = vars;
    const before = ctx.sites.length;
    addScalar(name, ctx);
    const site = ctx.sites[before];
    if (!site) return;
    if (kept(ctx.sites, site)) found++;
    else ctx.sites.length = before;
  };
  const readJob = (maps: YAMLMap[], vars: ReadonlyMap<string, string | undefined>, scripts: string[]) => {
    let img: unknown;
    let services: unknown;
    const script = new Map<string, unknown>();
    for (const m of maps) {
      const i = value(m, 'image');
      // An image map deep-merges: its name: stays unless a later map gives one.
      if (isScalar(i) || (isMap(i) && value(i, 'name') !== undefined)) img = i;
      const s = value(m, 'services');
      if (s !== undefined) services = s;
      for (const key of scripts) {
        const v = own(m, key);
        if (v !== undefined) script.set(key, v);
      }
    }
    image(img, vars);
    if (isSeq(services)) for (const s of services.items) image(s, vars);
    for (const node of script.values()) {
      let text = texts.get(node);
      if (!text) texts.set(node, (text = scriptText(node, (n) => ownerOf(n).ctx, deref)));
      for (const { site, to } of gitlabScript(text, vars)) {
        if (to.length < MAX_IMAGE_SITES && kept(to, site)) {
          to.push(site);
          found++;
        }
      }
    }
  };
  const roots = docs.map((d) => d.root).filter((r): r is YAMLMap => isMap(r));
  readJob(roots, global, ['before_script', 'after_script']);
  const defaults = roots.map((r) => deref(get(r, 'default'))).filter((d): d is YAMLMap => isMap(d));
  if (defaults.length) readJob(defaults, global, ['before_script', 'after_script']);
  const bound = MAX_IMAGE_SITES * new Set(docs.map((d) => d.ctx.sites)).size;
  for (const name of jobs.keys()) {
    if (GITLAB_GLOBAL.has(name) || name === '<<') continue;
    const maps = layers(name, 0);
    let vars: ReadonlyMap<string, string | undefined> = global;
    if (varWork < MAX_VAR_WORK) {
      // The top-level variables are expanded again with the job's: a job's TAG is the one a top-level IMG names.
      const nodes = new Map(globalNodes);
      for (const m of maps) gitlabVariableNodes(own(m, 'variables'), deref, nodes);
      const mine = new Map(global);
      gitlabVariables(nodes, deref, mine);
      varWork += mine.size;
      vars = mine;
    }
    readJob(maps, vars, GITLAB_SCRIPTS);
    if (found >= bound) break;
  }
}

/** GitLab's limit of includes per pipeline (and so per file's list). */
export const MAX_GITLAB_INCLUDES = 150;

/**
 * The `include:` of a GitLab CI file: the local paths (`include: 'ci/x.yml'`, a list of strings,
 * `{ local: … }` maps; a string that is a URL is a remote include), as written, and a note for each
 * include not read (`remote:`, `project:`, `template:`, `component:`: outside the repository).
 * At most MAX_GITLAB_INCLUDES entries are looked at.
 */
export function gitlabIncludes(text: string): { local: string[]; notRead: string[] } {
  const out = { local: [] as string[], notRead: [] as string[] };
  if (!/^include[ \t]*:/m.test(text)) return out;
  const body = lfBreaks(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  if (nestingBound(body) > MAX_DEPTH) return out;
  let root: unknown;
  try {
    root = parseAllDocuments(body, { uniqueKeys: false, prettyErrors: false });
  } catch {
    return out;
  }
  const docs = Array.isArray(root) ? root : [];
  return includesOf(docs[0]?.contents);
}

/** The `include:` of a GitLab CI file's first document (gitlabIncludes). */
function includesOf(first: unknown): { local: string[]; notRead: string[] } {
  const out = { local: [] as string[], notRead: [] as string[] };
  if (!isMap(first)) return out;
  const inc = first.items.find((p) => isScalar(p.key) && p.key.value === 'include')?.value;
  const items = isSeq(inc) ? inc.items : [inc];
  for (const it of items.slice(0, MAX_GITLAB_INCLUDES)) {
    if (isScalar(it) && typeof it.value === 'string') {
      const v = it.value.trim();
      if (/^[a-z][a-z0-9+.-]*:\/\//i.test(v)) out.notRead.push(`remote ${v.slice(0, MAX_REF)}: not fetched`);
      else if (v) out.local.push(v);
    } else if (isMap(it)) {
      const local = it.items.find((p) => isScalar(p.key) && p.key.value === 'local')?.value;
      if (isScalar(local) && typeof local.value === 'string' && local.value.trim()) out.local.push(local.value.trim());
      else {
        const key = it.items.map((p) => (isScalar(p.key) ? String(p.key.value) : '')).find((k) => ['remote', 'project', 'template', 'component'].includes(k));
        if (key) out.notRead.push(`${key}: outside the repository, not read`);
      }
    }
  }
  return out;
}

const CONTAINER_KEYS = new Set(['containers', 'initContainers', 'ephemeralContainers']);

/**
 * Walks a document's maps and lists depth first, in document order, at most MAX_NODES nodes in all;
 * `take` is given each map entry's key and value, and a value it takes is not walked into.
 */
function walkEntries(root: unknown, ctx: YamlCtx, take: (key: unknown, value: unknown) => boolean): void {
  const stack: unknown[] = [root];
  while (stack.length && ctx.nodes < MAX_NODES) {
    const node = stack.pop();
    ctx.nodes++;
    if (isMap(node)) {
      for (let k = node.items.length - 1; k >= 0; k--) {
        const p = node.items[k];
        if (!p) continue;
        if (!take(isScalar(p.key) ? p.key.value : undefined, p.value)) stack.push(p.value);
      }
    } else if (isSeq(node)) {
      for (let k = node.items.length - 1; k >= 0; k--) stack.push(node.items[k]);
    }
  }
}

/**
 * A Helm chart's values: every `image:` key at any depth, a reference as a string
 * (`image: ollama/ollama:0.5.7`) or the charts' map of `repository`, with `registry` (Bitnami's
 * charts), `tag` and `digest` beside it (`image: { repository: ghcr.io/berriai/litellm, tag:
 * main-stable }`), placed at its repository. No tag, or an empty one, is the chart's appVersion: a
 * version the values do not give (`{{ .Chart.AppVersion }}`, as the chart's template renders it).
 */
function readHelmValues(root: unknown, ctx: YamlCtx): void {
  walkEntries(root, ctx, (key, value) => {
    // vLLM production-stack: each `servingEngineSpec.modelSpec[]` entry names its engine image with
    // `repository` and `tag` beside its model (`modelURL`), not under an `image:` key.
    if (key === 'modelSpec' && isSeq(value)) {
      for (const spec of value.items) if (isMap(spec) && isScalar(get(spec, 'repository')) && get(spec, 'modelURL') !== undefined) addHelmImage(spec, ctx);
      return true;
    }
    if (key !== 'image') return false;
    if (isScalar(value)) addScalar(value, ctx);
    else if (isMap(value) && isScalar(get(value, 'repository'))) addHelmImage(value, ctx);
    else return false;
    return true;
  });
}

/** A Helm `image:` map's reference: [registry/]repository[:tag][@digest], at the repository's place. */
function addHelmImage(image: YAMLMap, ctx: YamlCtx): void {
  const text = (n: unknown): string | undefined => (isScalar(n) && (typeof n.value === 'string' || typeof n.value === 'number') && String(n.value).trim() !== '' ? String(n.value).trim() : undefined);
  const repo = get(image, 'repository') as Scalar;
  const repository = text(repo);
  const range = repo.range;
  if (repository === undefined || !range || ctx.sites.length >= MAX_IMAGE_SITES) return;
  const registry = text(get(image, 'registry'));
  const digest = text(get(image, 'digest'));
  // No tag (or an empty one) is the chart's appVersion: charts render `{{ .Values.image.tag | default
  // .Chart.AppVersion }}`, so the version is the chart's, not Docker's latest (a digest alone pins it).
  const tag = text(get(image, 'tag')) ?? (digest === undefined ? '{{ .Chart.AppVersion }}' : undefined);
  const ref = `${registry !== undefined ? `${registry.replace(/\/+$/, '')}/` : ''}${repository}${tag !== undefined ? `:${tag}` : ''}${digest !== undefined ? `@${digest}` : ''}`;
  if (ref.length > MAX_REF) return;
  const at = ctx.lines.linePos(range[0]);
  const site: ImageSite = { ref, line: at.line + (ctx.lineBase ?? 0), column: at.col, source: 'helm' };
  if (/\$|\{\{/.test(ref)) site.dynamic = true;
  ctx.sites.push(site);
}

/** Every `containers:` / `initContainers:` list below a document with a `kind:` (a Deployment's pod template, a CronJob's job template, a List's items). */
function readKubernetes(root: unknown, ctx: YamlCtx): void {
  if (!isMap(root) || !isScalar(get(root, 'kind'))) return;
  walkEntries(root, ctx, (key, value) => {
    if (typeof key !== 'string' || !CONTAINER_KEYS.has(key) || !isSeq(value)) return false;
    for (const c of value.items) if (isMap(c)) addScalar(get(c, 'image'), ctx);
    return true;
  });
}

/**
 * The image references of a compose file (`services.*.image`), a GitHub workflow
 * (`jobs.*.container`, as a string or `.image`, `jobs.*.services.*.image`, and a step's
 * `uses: docker://…`), a GitLab CI file (readGitlab) or a Kubernetes
 * manifest (every document with a `kind:`; `containers`, `initContainers` and
 * `ephemeralContainers` lists at any depth), by `kind`. Malformed YAML gives warnings (what parsed
 * is still read), except in a template (`{{ … }}`: Helm), which is no YAML until rendered.
 */
/**
 * The documents of a multi-document YAML text that may hold a container image, each with the lines
 * before it: split at the `---` lines at column 0 (a marker there ends any block scalar too, YAML
 * 1.2 §9.1), kept when it names `containers:` (or initContainers, ephemeralContainers) and
 * `image:`, and `mentions` accepts it (the detector's test for a catalog image word: anchors and
 * aliases do not cross documents, so a document's images are written in it). A directive
 * (`%YAML`) before a marker stays with the document after it.
 */
export function k8sDocuments(text: string, mentions: (doc: string) => boolean = () => true): { text: string; lineBase: number }[] {
  const out: { text: string; lineBase: number }[] = [];
  const marker = /^---(?=[ \t]|$)/gm;
  let start = 0;
  let startLine = 0;
  let line = 0;
  let last = 0;
  const take = (end: number) => {
    const doc = text.slice(start, end);
    if (/ontainers[ \t]*:/.test(doc) && /image[ \t]*:/.test(doc) && mentions(doc)) out.push({ text: doc, lineBase: startLine });
  };
  for (let m = marker.exec(text); m; m = marker.exec(text)) {
    if (m.index === 0) continue;
    for (let i = text.indexOf('\n', last); i >= 0 && i < m.index; i = text.indexOf('\n', i + 1)) line++;
    last = m.index;
    take(m.index);
    start = m.index;
    startLine = line;
  }
  take(text.length);
  return out;
}

/**
 * What each reader needs written in the text before a parse is worth it: a key it reads (merge
 * keys and aliases copy what is written elsewhere in the same text, never a word that is not).
 */
const KEY_WORDS: Record<YamlImageKind, (text: string) => boolean> = {
  compose: (t) => t.includes('image'),
  workflow: (t) => /container|image|docker:/.test(t),
  'gitlab-ci': (t) => /image|services|docker|podman/i.test(t),
  helm: (t) => /image[ \t]*:|modelSpec[ \t]*:/.test(t),
  kubernetes: (t) => /^[ \t]*kind[ \t]*:/m.test(t) && /ontainers[ \t]*:/.test(t),
};

/** The text the yaml package reads (a BOM is no column of the first line: it is read without it), or undefined past the nesting bound. */
function yamlBody(text: string, warnings: string[]): string | undefined {
  const body = lfBreaks(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  if (nestingBound(body) <= MAX_DEPTH) return body;
  warnings.push(`YAML nested deeper than ${MAX_DEPTH} levels; its images are not read`);
  return undefined;
}

/** The documents of a YAML text, their errors as warnings (none in a template: `{{ … }}`, no YAML until rendered). */
function yamlDocuments(text: string, lineBase: number, template: boolean, warnings: string[]): { roots: unknown[]; lines: LineCounter } {
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines, uniqueKeys: false, prettyErrors: false });
  const roots: unknown[] = [];
  for (const doc of Array.isArray(docs) ? docs : []) {
    if (!template) {
      for (const e of doc.errors) {
        const at = lines.linePos(e.pos[0]);
        if (warnings.length < MAX_WARNINGS) warnings.push(`not valid YAML at line ${at.line + lineBase}, column ${at.col}: ${firstLine(e.message)}`);
      }
    }
    roots.push(doc.contents as Node | null);
  }
  return { roots, lines };
}

export function yamlImages(text: string, kind: YamlImageKind, mentions?: (doc: string) => boolean): { sites: ImageSite[]; warnings: string[] } {
  const sites: ImageSite[] = [];
  const warnings: string[] = [];
  if (!KEY_WORDS[kind](text)) return { sites, warnings };
  const body = yamlBody(text, warnings);
  if (body === undefined) return { sites, warnings };
  const template = body.includes('{{');
  try {
    // A Kubernetes file is often many documents (a rendered chart), most with no container: each
    // is parsed alone, and only when it names `containers:` and `image:` (the yaml package reads
    // about 1 MB/s; 500,000 empty documents took seconds).
    const parts = kind === 'kubernetes' ? k8sDocuments(body, mentions) : [{ text: body, lineBase: 0 }];
    for (const part of parts) {
      const { roots, lines } = yamlDocuments(part.text, part.lineBase, template, warnings);
      const ctx: YamlCtx = { lines, lineBase: part.lineBase, body: part.text, source: kind, sites, nodes: 0 };
      for (const root of roots) {
        if (kind === 'compose') readCompose(root, ctx);
        else if (kind === 'workflow') readWorkflow(root, ctx);
        else if (kind === 'gitlab-ci') readGitlab(root, ctx);
        else if (kind === 'helm') readHelmValues(root, ctx);
        else readKubernetes(root, ctx);
      }
      if (sites.length >= MAX_IMAGE_SITES) break;
    }
  } catch (e) {
    warnings.push(`YAML could not be read: ${firstLine(e instanceof Error ? e.message : String(e))}`);
  }
  sites.sort((a, b) => a.line - b.line || a.column - b.column);
  return { sites, warnings };
}

// ---------------------------------------------------------------------------------------------
// What containers run.

/** Kubernetes' `$(VAR)` in a command, args or env value: the container's variable's literal value; `$$` a dollar. */
function k8sValue(raw: string, env: ReadonlyMap<string, LaunchWord>): { text: string; ok: boolean } {
  if (!raw.includes('$')) return { text: raw, ok: true };
  let ok = true;
  const text = raw.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (m: string, name: string | undefined) => {
    if (name === undefined) return '$';
    const v = env.get(name);
    if (v !== undefined && !v.dynamic) return v.value;
    ok = false;
    return m;
  });
  return { text, ok };
}

/** A scalar of a container's launch with its variables put in (compose or Kubernetes), placed at its first character. */
function launchWord(node: unknown, ctx: YamlCtx, env: ReadonlyMap<string, LaunchWord>): LaunchWord | undefined {
  if (!isScalar(node) || node.value === null || typeof node.value === 'object' || !node.range) return undefined;
  const raw = String(node.value);
  if (raw.length > MAX_VAR_VALUE) return undefined;
  const quote = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE' ? 1 : 0;
  const at = ctx.lines.linePos(node.range[0]);
  const v = ctx.source === 'compose' ? composeValue(raw) : k8sValue(raw, env);
  const w: LaunchWord = { value: v.text, raw, line: at.line + (ctx.lineBase ?? 0), column: at.col + quote, dynamic: !v.ok || v.text.includes('{{') };
  // Written on one line as it reads: a word inside it is placed by its offset.
  const written = node.type === 'PLAIN' || node.type === 'QUOTE_SINGLE' || (node.type === 'QUOTE_DOUBLE' && !ctx.body.slice(node.range[0], node.range[1]).includes('\\'));
  if (written && v.text === raw && !/[\r\n]/.test(ctx.body.slice(node.range[0], node.range[1]))) w.inline = true;
  return w;
}

/** An exec list or a string of a launch; an empty one (`entrypoint: []`, `""`) is an empty list. */
function launchPart(node: unknown, ctx: YamlCtx, env: ReadonlyMap<string, LaunchWord>): LaunchWord[] | LaunchWord | undefined {
  if (isSeq(node)) {
    const words: LaunchWord[] = [];
    for (const item of node.items) {
      const w = launchWord(item, ctx, env);
      if (w === undefined) return undefined;
      words.push(w);
    }
    return words;
  }
  const w = launchWord(node, ctx, env);
  return w === undefined ? undefined : w.value.trim() === '' ? [] : w;
}

/** `NAME=value` of a compose environment list: the value's word. */
function listEnv(w: LaunchWord): [string, LaunchWord] | undefined {
  const eq = w.value.indexOf('=');
  if (eq <= 0) return undefined;
  const value = w.value.slice(eq + 1);
  const col = w.inline === true ? w.column + eq + 1 : w.column;
  return [w.value.slice(0, eq), { ...w, value, raw: w.raw.slice(w.raw.indexOf('=') + 1), column: col }];
}

/** A compose service's `environment:` (a map, or a list of `NAME=value`); a name with no value is dynamic. */
function composeEnv(node: unknown, ctx: YamlCtx): Map<string, LaunchWord> {
  const env = new Map<string, LaunchWord>();
  const none = new Map<string, LaunchWord>();
  if (isMap(node)) {
    for (const p of node.items) {
      if (!isScalar(p.key) || typeof p.key.value !== 'string') continue;
      const w = launchWord(p.value, ctx, none);
      env.set(p.key.value, w ?? { value: '', raw: '', line: 0, column: 0, dynamic: true });
    }
  } else if (isSeq(node)) {
    for (const item of node.items) {
      const w = launchWord(item, ctx, none);
      const kv = w === undefined ? undefined : listEnv(w);
      if (kv !== undefined) env.set(kv[0], kv[1]);
      else if (w !== undefined && /^[A-Za-z_][A-Za-z0-9_]*$/.test(w.value)) env.set(w.value, { ...w, value: '', dynamic: true });
    }
  }
  return env;
}

/** A Kubernetes container's `env:` list (`valueFrom` and the like: dynamic); a value may use the variables before it. */
function k8sEnv(node: unknown, ctx: YamlCtx): Map<string, LaunchWord> {
  const env = new Map<string, LaunchWord>();
  if (!isSeq(node)) return env;
  for (const item of node.items) {
    if (!isMap(item)) continue;
    const name = get(item, 'name');
    if (!isScalar(name) || typeof name.value !== 'string') continue;
    const w = launchWord(get(item, 'value'), ctx, env);
    env.set(name.value, w ?? { value: '', raw: '', line: 0, column: 0, dynamic: true });
  }
  return env;
}

/** Where a container is reported: its image, else the node that holds it. */
function containerPlace(image: unknown, holder: unknown, ctx: YamlCtx): { line: number; column: number } {
  const node = isScalar(image) && image.range ? image : holder;
  const range = (node as Node | undefined)?.range;
  const at = ctx.lines.linePos(range?.[0] ?? 0);
  return { line: at.line + (ctx.lineBase ?? 0), column: at.col };
}

function imageText(node: unknown, ctx: YamlCtx): string | undefined {
  const w = launchWord(node, ctx, new Map());
  return w === undefined ? undefined : w.value.trim();
}

function composeContainers(root: unknown, ctx: YamlCtx, out: ContainerLaunch[]): void {
  if (!isMap(root)) return;
  const services = get(root, 'services');
  if (!isMap(services)) return;
  const anchors = new Anchors(root, ctx);
  for (const p of services.items) {
    if (!isMap(p.value) || out.length >= MAX_IMAGE_SITES) continue;
    const imageNode = mergedValue(p.value, 'image', anchors);
    const env = composeEnv(mergedValue(p.value, 'environment', anchors), ctx);
    const c: ContainerLaunch = { env, ...containerPlace(imageNode, p.key, ctx) };
    const image = imageText(imageNode, ctx);
    if (image !== undefined) c.image = image;
    const entrypoint = launchPart(mergedValue(p.value, 'entrypoint', anchors), ctx, env);
    if (entrypoint !== undefined) c.entrypoint = entrypoint;
    const command = launchPart(mergedValue(p.value, 'command', anchors), ctx, env);
    if (command !== undefined) c.command = command;
    out.push(c);
  }
}

function k8sContainers(root: unknown, ctx: YamlCtx, out: ContainerLaunch[]): void {
  if (!isMap(root) || !isScalar(get(root, 'kind'))) return;
  walkEntries(root, ctx, (key, value) => {
    if (typeof key !== 'string' || !CONTAINER_KEYS.has(key) || !isSeq(value)) return false;
    for (const item of value.items) {
      if (!isMap(item) || out.length >= MAX_IMAGE_SITES) continue;
      const imageNode = get(item, 'image');
      const env = k8sEnv(get(item, 'env'), ctx);
      const c: ContainerLaunch = { env, ...containerPlace(imageNode, item, ctx) };
      const image = imageText(imageNode, ctx);
      if (image !== undefined) c.image = image;
      const entrypoint = launchPart(get(item, 'command'), ctx, env);
      if (entrypoint !== undefined) c.entrypoint = entrypoint;
      const command = launchPart(get(item, 'args'), ctx, env);
      if (command !== undefined) c.command = command;
      out.push(c);
    }
    return true;
  });
}

/**
 * The containers of a compose file (`services.*`, merge keys and aliases followed) or of a
 * Kubernetes manifest (the `containers`, `initContainers` and `ephemeralContainers` lists below a
 * document's `kind:`), each with its image, what replaces its entrypoint and its CMD (compose
 * `entrypoint` and `command`, Kubernetes `command` and `args`) and its environment: what
 * src/hf/command-pulls.ts reads for the models a container serves or downloads. Compose's
 * `${VAR:-default}` gives its default, Kubernetes' `$(VAR)` the container's variable. `mentions`
 * picks a Kubernetes file's documents worth parsing. Malformed YAML gives what parsed (the image
 * readers warn of it); never throws.
 */
export function yamlContainers(text: string, kind: 'compose' | 'kubernetes', mentions?: (doc: string) => boolean): ContainerLaunch[] {
  const out: ContainerLaunch[] = [];
  if (kind === 'kubernetes' ? !KEY_WORDS.kubernetes(text) : !/image|command|entrypoint/.test(text)) return out;
  const body = yamlBody(text, []);
  if (body === undefined) return out;
  try {
    const parts = kind === 'kubernetes' ? k8sDocuments(body, mentions) : [{ text: body, lineBase: 0 }];
    for (const part of parts) {
      const { roots, lines } = yamlDocuments(part.text, part.lineBase, true, []);
      const ctx: YamlCtx = { lines, lineBase: part.lineBase, body: part.text, source: kind, sites: [], nodes: 0 };
      for (const root of roots) (kind === 'compose' ? composeContainers : k8sContainers)(root, ctx, out);
      if (out.length >= MAX_IMAGE_SITES) break;
    }
  } catch {
    // What was read stands; the image readers report the YAML that could not be read.
  }
  // In source order (a walk meets a pod's `initContainers` before its `containers` when written after them).
  return out.sort((a, b) => a.line - b.line || a.column - b.column);
}

/** A GitLab CI file parsed, to be read as part of a configuration (gitlabConfigImages), with its `include:` (gitlabIncludes). */
export interface GitlabFile {
  roots: unknown[];
  lines: LineCounter;
  body: string;
  includes: { local: string[]; notRead: string[] };
}

/** A GitLab CI file's text parsed (malformed YAML: warnings, what parsed is kept); undefined past the nesting bound. */
export function parseGitlab(text: string): { file?: GitlabFile; warnings: string[] } {
  const warnings: string[] = [];
  const body = yamlBody(text, warnings);
  if (body === undefined) return { warnings };
  try {
    const { roots, lines } = yamlDocuments(body, 0, body.includes('{{'), warnings);
    return { file: { roots, lines, body, includes: includesOf(roots[0]) }, warnings };
  } catch (e) {
    warnings.push(`YAML could not be read: ${firstLine(e instanceof Error ? e.message : String(e))}`);
    return { warnings };
  }
}

/**
 * The image sites of a GitLab CI configuration made of several files (readGitlabConfig): `files`
 * in the order GitLab merges them (included files first, the including file last); the sites of
 * each file, sorted, at their lines in it.
 */
export function gitlabConfigImages(files: readonly GitlabFile[]): ImageSite[][] {
  const out = files.map((): ImageSite[] => []);
  const docs: GitlabDoc[] = [];
  files.forEach((f, k) => {
    const ctx: YamlCtx = { lines: f.lines, body: f.body, source: 'gitlab-ci', sites: out[k] as ImageSite[], nodes: 0 };
    for (const root of f.roots) docs.push({ root, ctx, anchors: new Anchors(root, ctx) });
  });
  try {
    readGitlabConfig(docs);
  } catch {
    // What was read before stays.
  }
  for (const s of out) s.sort((a, b) => a.line - b.line || a.column - b.column);
  return out;
}
