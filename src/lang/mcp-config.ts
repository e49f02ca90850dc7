/**
 * MCP server configurations of AI clients: what servers a repository (or a home folder) wires into
 * Claude Desktop, Claude Code, Cursor, Cline, Windsurf, Gemini CLI, VS Code, Zed, opencode, Codex
 * and Continue, how each is launched and whether the launch is pinned. Three readers keep a line
 * number for every key: a tolerant JSONC reader (comments, trailing commas), a minimal TOML
 * reader for Codex's `[mcp_servers.<name>]` tables, and the `yaml` package (with a LineCounter) for
 * Continue's YAML. Env and header values are looked at only to tell literals from `${…}` /
 * `{{…}}` references; no value is ever returned.
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseAllDocuments, parseDocument } from 'yaml';
import { MAX_YAML_DEPTH, yamlNestingOk } from '../util/yaml-depth.js';
import { lfBreaks } from '../util/lines.js';

export type McpTransport = 'stdio' | 'http' | 'sse' | 'unknown';
export type LauncherTool = 'npx' | 'uvx' | 'pipx' | 'bunx' | 'docker' | 'deno' | 'go' | 'uv' | 'node' | 'python' | 'other';

/** The launchers that fetch what they run: an unpinned launch runs whatever the registry serves. */
export const FETCHING_LAUNCHERS: readonly LauncherTool[] = ['npx', 'uvx', 'pipx', 'bunx', 'docker', 'deno', 'go', 'uv'];

/** One package (or image) a launcher fetches, and whether the launch pins it. */
export interface LaunchSpec {
  package: string;
  /** The pin: `1.2.3` (pkg@1.2.3, pkg==1.2.3), `sha256:…`, an image tag, a commit. */
  version?: string;
  /** A version that was asked for but does not pin (`latest`, `^1.2`, `>=1`, `1.*`). */
  range?: string;
  pinned: boolean;
}

export interface McpLauncher {
  tool: LauncherTool;
  /** npm or PyPI package, container image, script or module (the first, when it fetches several). */
  package?: string;
  /** The pin, when the launch is pinned: `1.2.3` (pkg@1.2.3, pkg==1.2.3), `sha256:…`, an image tag. */
  version?: string;
  /** A version that was asked for but does not pin (`latest`, `^1.2`, `>=1`, `1.*`). */
  range?: string;
  /** True when every package the launch fetches is pinned. */
  pinned: boolean;
  /**
   * Every package the launch fetches, when it names more than one (`npx -p a -p b cmd`,
   * `uvx --from a --with b cmd`, `uv run --with a --with b`); the fields above are the first's.
   */
  packages?: LaunchSpec[];
}

export interface McpServer {
  name: string;
  line?: number;
  transport: McpTransport;
  command?: string;
  args?: string[];
  url?: string;
  /** Every env var the config sets for the server (env map keys, `docker -e NAME`, Codex env_vars). */
  envNames: string[];
  /** Env entries with a literal (non-`${…}`) value, for the secrets detector; never the value. */
  envLiteral: { name: string; line?: number }[];
  /** HTTP headers with a literal value (an `Authorization: Bearer …` in the file), never the value. */
  headerLiteral?: { name: string; line?: number }[];
  launcher?: McpLauncher;
  /** The config turns the server off (`"disabled": true`; opencode's and Codex's `enabled: false`). */
  disabled?: true;
  /** The client that starts it, where a file holds several clients' servers (a workflow's AI actions' inputs). */
  client?: string;
}

// ---------------------------------------------------------------------------------------------
// A value tree with lines, shared by both readers.

export type CfgNode =
  | { t: 'obj'; line: number; entries: Map<string, { v: CfgNode; line: number }> }
  | { t: 'arr'; line: number; items: CfgNode[] }
  | { t: 'str'; line: number; v: string }
  | { t: 'other'; line: number; v: string };

const MAX_DEPTH = 200;
/** YAML agent configs longer than this are not read (a warning says so). */
export const MAX_YAML_CONFIG_CHARS = 256 * 1024;

class ParseError extends Error {}

/** JSON with comments and trailing commas (VS Code's JSONC), keeping the line of every value. */
export function parseJsonc(text: string): CfgNode {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  const s = text;
  const fail = (msg: string): never => {
    throw new ParseError(`${msg} at line ${line}`);
  };
  const ws = (): void => {
    while (i < s.length) {
      const c = s.charCodeAt(i);
      // Lines end at CR, LF and CRLF (a CRLF counted at its LF), as in VS Code's JSONC.
      if (c === 10 || (c === 13 && s.charCodeAt(i + 1) !== 10)) {
        line++;
        i++;
      } else if (c === 32 || c === 9 || c === 13) i++;
      else if (c === 47 && s[i + 1] === '/') {
        while (i < s.length && s[i] !== '\n' && s[i] !== '\r') i++;
      } else if (c === 47 && s[i + 1] === '*') {
        const j = s.indexOf('*/', i + 2);
        const end = j < 0 ? s.length : j + 2;
        for (let k = i; k < end; k++) {
          const d = s.charCodeAt(k);
          if (d === 10 || (d === 13 && s.charCodeAt(k + 1) !== 10)) line++;
        }
        i = end;
      } else break;
    }
  };
  const str = (): string => {
    // at '"'
    i++;
    let out = '';
    let from = i;
    for (;;) {
      if (i >= s.length) fail('unterminated string');
      const c = s[i]!;
      if (c === '"') {
        out += s.slice(from, i);
        i++;
        return out;
      }
      if (c === '\n' || c === '\r') fail('newline in string');
      if (c === '\\') {
        out += s.slice(from, i);
        const e = s[i + 1];
        const map: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e === 'u') {
          const hex = s.slice(i + 2, i + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('bad \\u escape');
          out += String.fromCharCode(parseInt(hex, 16));
          i += 6;
        } else if (e !== undefined && Object.hasOwn(map, e)) {
          out += map[e];
          i += 2;
        } else fail('bad escape');
        from = i;
        continue;
      }
      i++;
    }
  };
  const value = (depth: number): CfgNode => {
    if (depth > MAX_DEPTH) fail('nesting too deep');
    ws();
    const at = line;
    const c = s[i];
    if (c === '{') {
      i++;
      const entries = new Map<string, { v: CfgNode; line: number }>();
      for (;;) {
        ws();
        if (s[i] === '}') {
          i++;
          return { t: 'obj', line: at, entries };
        }
        if (s[i] !== '"') fail('expected a key');
        const keyLine = line;
        const key = str();
        ws();
        if (s[i] !== ':') fail('expected ":"');
        i++;
        const v = value(depth + 1);
        entries.delete(key); // the last duplicate wins and takes the last position
        entries.set(key, { v, line: keyLine });
        ws();
        if (s[i] === ',') i++;
        else if (s[i] !== '}') fail('expected "," or "}"');
      }
    }
    if (c === '[') {
      i++;
      const items: CfgNode[] = [];
      for (;;) {
        ws();
        if (s[i] === ']') {
          i++;
          return { t: 'arr', line: at, items };
        }
        items.push(value(depth + 1));
        ws();
        if (s[i] === ',') i++;
        else if (s[i] !== ']') fail('expected "," or "]"');
      }
    }
    if (c === '"') return { t: 'str', line: at, v: str() };
    const lit = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(s.slice(i, i + 64));
    if (lit === null) fail(i >= s.length ? 'unexpected end' : 'unexpected character');
    i += lit![0].length;
    return { t: 'other', line: at, v: lit![0] };
  };
  const root = value(0);
  ws();
  if (i < s.length) fail('trailing content');
  return root;
}

/**
 * A minimal TOML reader for agent configs: `[a.b."c"]` tables, `key = value` with dotted and quoted
 * keys, basic/literal/multi-line strings, arrays (multi-line, trailing comma), inline tables,
 * comments; numbers, booleans and dates are kept as text. `[[array tables]]` are skipped.
 * Problems become warnings and the line is skipped.
 */
export function parseTomlLite(text: string, warnings: string[]): CfgNode {
  const root: CfgNode = { t: 'obj', line: 1, entries: new Map() };
  let current: CfgNode & { t: 'obj' } = root;
  let skipping = false;
  const s = text;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  const fail = (msg: string): never => {
    throw new ParseError(`${msg} at line ${line}`);
  };
  const sp = (): void => {
    while (i < s.length && (s[i] === ' ' || s[i] === '\t')) i++;
  };
  const wsNl = (): void => {
    for (;;) {
      sp();
      if (s[i] === '#') {
        const j = s.indexOf('\n', i);
        i = j < 0 ? s.length : j;
      } else if (s[i] === '\r') i++;
      else if (s[i] === '\n') {
        line++;
        i++;
      } else return;
    }
  };
  const toEol = (): void => {
    const j = s.indexOf('\n', i);
    i = j < 0 ? s.length : j;
  };
  const basic = (): string => {
    if (s.startsWith('"""', i)) {
      const j = s.indexOf('"""', i + 3);
      const end = j < 0 ? s.length : j;
      const body = s.slice(i + 3, end);
      for (const ch of body) if (ch === '\n') line++;
      i = j < 0 ? s.length : j + 3;
      while (s[i] === '"') i++;
      return body.replace(/^\r?\n/, '');
    }
    if (s.startsWith("'''", i)) {
      const j = s.indexOf("'''", i + 3);
      const end = j < 0 ? s.length : j;
      const body = s.slice(i + 3, end);
      for (const ch of body) if (ch === '\n') line++;
      i = j < 0 ? s.length : j + 3;
      while (s[i] === "'") i++;
      return body.replace(/^\r?\n/, '');
    }
    const q = s[i]!;
    i++;
    let out = '';
    while (i < s.length && s[i] !== q && s[i] !== '\n') {
      if (q === '"' && s[i] === '\\') {
        const e = s[i + 1];
        const map: Record<string, string> = { '"': '"', '\\': '\\', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', e: '\x1b' };
        if (e === 'u' || e === 'U') {
          const n = e === 'u' ? 4 : 8;
          const hex = s.slice(i + 2, i + 2 + n);
          const cp = /^[0-9a-fA-F]+$/.test(hex) && hex.length === n ? parseInt(hex, 16) : NaN;
          out += Number.isFinite(cp) && cp <= 0x10ffff ? String.fromCodePoint(cp) : '';
          i += 2 + n;
        } else {
          out += e !== undefined && Object.hasOwn(map, e) ? map[e] : (e ?? '');
          i += 2;
        }
        continue;
      }
      out += s[i];
      i++;
    }
    if (s[i] !== q) fail('unterminated string');
    i++;
    return out;
  };
  const key = (): string[] => {
    const parts: string[] = [];
    for (;;) {
      sp();
      if (s[i] === '"' || s[i] === "'") parts.push(basic());
      else {
        const m = /^[A-Za-z0-9_-]+/.exec(s.slice(i, i + 256));
        if (m === null) fail('expected a key');
        parts.push(m![0]);
        i += m![0].length;
      }
      sp();
      if (s[i] !== '.') return parts;
      i++;
    }
  };
  const table = (parent: CfgNode & { t: 'obj' }, parts: string[], at: number): (CfgNode & { t: 'obj' }) | undefined => {
    let o = parent;
    for (const p of parts) {
      const e = o.entries.get(p);
      if (e === undefined) {
        const n: CfgNode & { t: 'obj' } = { t: 'obj', line: at, entries: new Map() };
        o.entries.set(p, { v: n, line: at });
        o = n;
      } else if (e.v.t === 'obj') o = e.v;
      else return undefined;
    }
    return o;
  };
  const value = (depth: number): CfgNode => {
    if (depth > MAX_DEPTH) fail('nesting too deep');
    const at = line;
    const c = s[i];
    if (c === '"' || c === "'") return { t: 'str', line: at, v: basic() };
    if (c === '[') {
      i++;
      const items: CfgNode[] = [];
      for (;;) {
        wsNl();
        if (s[i] === ']') {
          i++;
          return { t: 'arr', line: at, items };
        }
        if (i >= s.length) fail('unterminated array');
        items.push(value(depth + 1));
        wsNl();
        if (s[i] === ',') i++;
        else if (s[i] !== ']') fail('expected "," or "]"');
      }
    }
    if (c === '{') {
      i++;
      const obj: CfgNode & { t: 'obj' } = { t: 'obj', line: at, entries: new Map() };
      for (;;) {
        sp();
        if (s[i] === '}') {
          i++;
          return obj;
        }
        const k = key();
        if (s[i] !== '=') fail('expected "="');
        i++;
        sp();
        const kl = line;
        const v = value(depth + 1);
        const parent = table(obj, k.slice(0, -1), kl);
        if (parent !== undefined) parent.entries.set(k[k.length - 1]!, { v, line: kl });
        sp();
        if (s[i] === ',') i++;
        else if (s[i] !== '}') fail('expected "," or "}"');
      }
    }
    const m = /^[^\s,\]}#]+/.exec(s.slice(i, i + 128));
    if (m === null) fail('expected a value');
    i += m![0].length;
    return { t: 'other', line: at, v: m![0] };
  };
  while (i < s.length) {
    wsNl();
    if (i >= s.length) break;
    const start = i;
    const at = line;
    const header = s[i] === '[';
    try {
      if (header) {
        if (s[i + 1] === '[') {
          skipping = true; // arrays of tables are not part of any MCP shape
          toEol();
          continue;
        }
        i++;
        const parts = key();
        if (s[i] !== ']') fail('expected "]"');
        i++;
        const t = table(root, parts, at);
        if (t === undefined) fail('table redefines a value');
        current = t!;
        skipping = false;
        sp();
        if (i < s.length && s[i] !== '\n' && s[i] !== '\r' && s[i] !== '#') fail('junk after table header');
        continue;
      }
      const k = key();
      if (s[i] !== '=') fail('expected "="');
      i++;
      sp();
      const v = value(0);
      if (!skipping) {
        const parent = table(current, k.slice(0, -1), at);
        if (parent !== undefined) parent.entries.set(k[k.length - 1]!, { v, line: at });
      }
      sp();
      if (i < s.length && s[i] !== '\n' && s[i] !== '\r' && s[i] !== '#') fail('junk after value');
    } catch (e) {
      if (!(e instanceof ParseError)) throw e;
      if (warnings.length < 20) warnings.push(e.message);
      // The keys after a table header that does not parse belong to that table, not to the one
      // before it: they are skipped up to the next good header.
      if (header) skipping = true;
      if (i <= start) i = start + 1;
      toEol();
    }
  }
  return root;
}

/**
 * YAML (Continue's config.yaml and .continue/mcpServers/*.yaml) as the same value tree, with the
 * line of every key and value. Aliases are not followed (an alias is kept as an opaque value, so a
 * `&a`/`*a` chain cannot multiply the document); nesting past MAX_DEPTH is cut. A document with
 * errors throws a ParseError naming the first one: like a JSON file that does not parse, it gives
 * a warning and no servers (Continue does not load it either).
 */
export function parseYamlCfg(text: string): CfgNode {
  return yamlTrees(text, false)[0] as CfgNode;
}

function yamlTrees(text: string, all: boolean): CfgNode[] {
  // The yaml package ends lines at LF and CRLF only; YAML also at a lone CR (offsets unchanged).
  const body = lfBreaks(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  if (!yamlNestingOk(body)) throw new ParseError(`nested deeper than ${MAX_YAML_DEPTH} levels; not read`);
  const lc = new LineCounter();
  let docs: { contents: unknown; errors: { message: string; pos: [number, number] }[] }[];
  try {
    const options = { lineCounter: lc, uniqueKeys: false, prettyErrors: false } as const;
    if (all) {
      const stream = parseAllDocuments(body, options);
      docs = Array.isArray(stream) ? stream : [];
    } else docs = [parseDocument(body, options)];
  } catch (e) {
    throw new ParseError(e instanceof Error ? e.message.split('\n')[0]! : String(e));
  }
  const err = docs.flatMap((d) => d.errors)[0];
  if (err !== undefined) {
    const at = lc.linePos(err.pos[0]);
    throw new ParseError(`${err.message.split('\n')[0]} at line ${at.line}, column ${at.col}`);
  }
  const lineOf = (n: unknown, fallback: number): number => {
    const r = (n as { range?: [number, number, number] } | null)?.range;
    return r ? lc.linePos(r[0]).line : fallback;
  };
  const conv = (n: unknown, at: number, depth: number): CfgNode => {
    const line = lineOf(n, at);
    if (depth > MAX_DEPTH) return { t: 'other', line, v: '' };
    if (isMap(n)) {
      const entries = new Map<string, { v: CfgNode; line: number }>();
      for (const pair of n.items) {
        if (!isScalar(pair.key)) continue; // a complex key names no server or field
        const keyLine = lineOf(pair.key, line);
        const key = String(pair.key.value);
        entries.delete(key); // the last duplicate wins and takes the last position, as in the JSON reader
        entries.set(key, { v: conv(pair.value, keyLine, depth + 1), line: keyLine });
      }
      return { t: 'obj', line, entries };
    }
    if (isSeq(n)) return { t: 'arr', line, items: n.items.map((x) => conv(x, line, depth + 1)) };
    if (isScalar(n)) return typeof n.value === 'string' ? { t: 'str', line, v: n.value } : { t: 'other', line, v: String(n.value) };
    if (isAlias(n)) return { t: 'other', line, v: `*${n.source}` };
    return { t: 'other', line, v: 'null' }; // `key:` with nothing after it
  };
  return docs.map((d) => conv(d.contents, 1, 0));
}

/**
 * A Java .properties file as one object whose keys are the full dotted keys (`a.b.c=v`, `a.b.c: v`,
 * `a.b.c v`), with each value's line: `#` and `!` comment lines, a line ending in an odd number of
 * backslashes continued on the next (its leading blanks dropped), and the escapes `\t`, `\n`,
 * `\u` with four hex digits and `\<char>` decoded. The last of a repeated key wins, as java.util.Properties has it.
 */
export function parseProperties(source: string): CfgNode {
  const entries = new Map<string, { v: CfgNode; line: number }>();
  const lines = source.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    const first = i + 1;
    let part = lines[i]!.replace(/^[ \t\f]+/, '');
    if (part === '' || part[0] === '#' || part[0] === '!') continue;
    // Linear however many lines continue: each physical line's own end is looked at once.
    const parts: string[] = [];
    while (continues(part) && i + 1 < lines.length) {
      parts.push(part.slice(0, -1));
      part = lines[++i]!.replace(/^[ \t\f]+/, '');
    }
    parts.push(part);
    const logical = parts.join('');
    // The key ends at the first unescaped `=`, `:` or blank; blanks and one separator follow it.
    let k = 0;
    while (k < logical.length && !'=: \t\f'.includes(logical[k]!)) k += logical[k] === '\\' ? 2 : 1;
    const key = unescapeProperty(logical.slice(0, k));
    let v = k;
    while (v < logical.length && ' \t\f'.includes(logical[v]!)) v++;
    if (v < logical.length && (logical[v] === '=' || logical[v] === ':')) v++;
    while (v < logical.length && ' \t\f'.includes(logical[v]!)) v++;
    entries.delete(key);
    entries.set(key, { v: { t: 'str', line: first, v: unescapeProperty(logical.slice(v)) }, line: first });
  }
  return { t: 'obj', line: 1, entries };
}

/** Whether a line ends in an odd number of backslashes (it continues on the next). */
function continues(line: string): boolean {
  let n = 0;
  for (let j = line.length - 1; j >= 0 && line.charCodeAt(j) === 0x5c; j--) n++;
  return n % 2 === 1;
}

function unescapeProperty(s: string): string {
  if (!s.includes('\\')) return s;
  return s.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_, e: string) => (e.length === 5 ? String.fromCharCode(parseInt(e.slice(1), 16)) : e === 't' ? '\t' : e === 'n' ? '\n' : e === 'r' ? '\r' : e === 'f' ? '\f' : e));
}

// ---------------------------------------------------------------------------------------------
// Servers.

type Obj = CfgNode & { t: 'obj' };

const get = (o: Obj, k: string): CfgNode | undefined => o.entries.get(k)?.v;
const str = (n: CfgNode | undefined): string | undefined => (n?.t === 'str' ? n.v : undefined);
const obj = (n: CfgNode | undefined): Obj | undefined => (n?.t === 'obj' ? n : undefined);
const strings = (n: CfgNode | undefined): string[] | undefined =>
  n?.t === 'arr' ? n.items.filter((x): x is CfgNode & { t: 'str' } => x.t === 'str').map((x) => x.v) : undefined;

/**
 * A literal value, as opposed to `${env:X}`, `${input:x}`, `${X}`, `$X`, a `{{ secrets.X }}` /
 * `${{ secrets.X }}` template (Continue, and configs written for it) or nothing.
 */
function isLiteral(v: string): boolean {
  return v.trim().length > 0 && !v.includes('${') && !v.startsWith('$') && !/^\{env:[^}]*\}$/.test(v) && !/\{\{[^}]*\}\}/.test(v);
}

/** The servers maps for `key`, each with where it was found. */
function serverMaps(root: CfgNode, key: string): Obj[] {
  const r = obj(root);
  if (r === undefined) return [];
  const maps: Obj[] = [];
  const direct = obj(get(r, key));
  if (key === 'mcp') {
    // VS Code settings.json: "mcp": { "servers": {...} } (or the flat "mcp.servers");
    // opencode.json: "mcp": { "<name>": {...} }.
    const nested = direct === undefined ? undefined : obj(get(direct, 'servers'));
    if (nested !== undefined) maps.push(nested);
    else if (direct !== undefined) maps.push(direct);
    const flat = obj(get(r, 'mcp.servers'));
    if (flat !== undefined) maps.push(flat);
    return maps;
  }
  if (direct !== undefined) maps.push(direct);
  if (key.includes('.')) {
    // A dotted key is a path into the document too: VS Code's settings.json writes
    // "mcp": { "servers": {...} } as often as the flat "mcp.servers".
    let cur: Obj | undefined = r;
    for (const part of key.split('.')) cur = cur === undefined ? undefined : obj(get(cur, part));
    if (cur !== undefined && cur !== direct) maps.push(cur);
  }
  if (key === 'mcpServers') {
    // ~/.claude.json keeps per-project servers under projects.<path>.mcpServers.
    const projects = obj(get(r, 'projects'));
    for (const p of projects?.entries.values() ?? []) {
      const m = obj(p.v) === undefined ? undefined : obj(get(p.v as Obj, 'mcpServers'));
      if (m !== undefined) maps.push(m);
    }
  }
  return maps;
}

function transportOf(path: string, o: Obj, url: string | undefined, urlKey: string | undefined, hasCommand: boolean): McpTransport {
  const type = (str(get(o, 'type')) ?? str(get(o, 'transportType')) ?? str(get(o, 'transport')))?.toLowerCase().replace(/[-_]/g, '');
  if (type !== undefined) {
    if (type === 'stdio' || type === 'local') return 'stdio';
    if (type === 'sse') return 'sse';
    if (type === 'http' || type === 'streamablehttp' || type === 'remote' || type === 'ws' || type === 'websocket') return 'http';
  }
  if (hasCommand) return 'stdio';
  if (url !== undefined) {
    if (urlKey === 'httpUrl') return 'http';
    // Gemini CLI: `url` is SSE, `httpUrl` streamable HTTP.
    if (urlKey === 'url' && /(^|\/)\.gemini\//.test(path.replace(/\\/g, '/'))) return 'sse';
    if (/\/sse\/?(?:[?#]|$)/i.test(url)) return 'sse';
    return 'http';
  }
  return 'unknown';
}

function envEntries(o: Obj | undefined, server: McpServer): void {
  if (o === undefined) return;
  for (const [name, e] of o.entries) {
    server.envNames.push(name);
    if (e.v.t === 'str' && isLiteral(e.v.v)) server.envLiteral.push({ name, line: e.line });
  }
}

/** One server entry's fields (an object of a config, or one built from code: src/lang/mcp-code.ts). */
export function mcpServerOf(path: string, name: string, line: number, o: Obj): McpServer {
  const server: McpServer = { name, line, transport: 'unknown', envNames: [], envLiteral: [] };
  let command: string | undefined;
  let args: string[] | undefined;
  const cmdNode = get(o, 'command') ?? get(o, 'cmd'); // Goose: `cmd`
  if (cmdNode?.t === 'str') command = cmdNode.v;
  else if (cmdNode?.t === 'arr') {
    // opencode: "command": ["npx", "-y", "pkg"]
    const all = strings(cmdNode) ?? [];
    command = all[0];
    args = all.slice(1);
  } else if (cmdNode?.t === 'obj') {
    // Zed (older shape): "command": { "path": "...", "args": [...], "env": {...} }
    command = str(get(cmdNode, 'path'));
    args = strings(get(cmdNode, 'args'));
    envEntries(obj(get(cmdNode, 'env')), server);
  }
  args = strings(get(o, 'args')) ?? args;
  let urlKey: string | undefined;
  let url: string | undefined;
  for (const k of ['url', 'serverUrl', 'httpUrl', 'endpoint', 'uri']) {
    const u = str(get(o, k));
    if (u !== undefined) {
      url = u;
      urlKey = k;
      break;
    }
  }
  if (command !== undefined) server.command = command;
  if (args !== undefined) server.args = args;
  if (url !== undefined) server.url = url;
  const disabled = get(o, 'disabled');
  const enabled = get(o, 'enabled');
  if ((disabled?.t === 'other' && disabled.v === 'true') || (enabled?.t === 'other' && enabled.v === 'false')) server.disabled = true;
  server.transport = transportOf(path, o, url, urlKey, command !== undefined);
  envEntries(obj(get(o, 'env')), server);
  envEntries(obj(get(o, 'environment')), server); // opencode
  envEntries(obj(get(o, 'envs')), server); // Goose
  for (const n of strings(get(o, 'env_keys')) ?? []) if (!server.envNames.includes(n)) server.envNames.push(n); // Goose
  for (const n of strings(get(o, 'env_vars')) ?? []) server.envNames.push(n); // Codex
  const bearer = str(get(o, 'bearer_token_env_var')); // Codex
  if (bearer !== undefined) server.envNames.push(bearer);
  const headers = obj(get(o, 'headers')) ?? obj(get(o, 'http_headers')) ?? obj(get(o, 'requestInit'));
  const h = headers === undefined ? undefined : (obj(get(headers, 'headers')) ?? headers);
  // Continue: requestOptions.headers (requestOptions' other keys are timeouts and TLS options).
  const ro = obj(get(o, 'requestOptions'));
  const roHeaders = ro === undefined ? undefined : obj(get(ro, 'headers'));
  for (const hs of [h, roHeaders]) {
    for (const [hn, e] of hs?.entries ?? []) {
      if (e.v.t === 'str' && isLiteral(e.v.v)) (server.headerLiteral ??= []).push({ name: hn, line: e.line });
    }
  }
  if (command !== undefined) {
    const l = parseLauncher(command, args ?? []);
    server.launcher = l.launcher;
    for (const e of l.env) {
      if (!server.envNames.includes(e.name)) server.envNames.push(e.name);
      if (e.literal) server.envLiteral.push({ name: e.name, line: get(o, 'args')?.line ?? line });
    }
  }
  return server;
}

/** Goose extension types that run inside Goose (no command or URI of a server of their own). */
const GOOSE_INTERNAL: ReadonlySet<string> = new Set(['builtin', 'platform', 'frontend', 'inline_python']);

/** How a config file holds its servers (rules/mcp.yaml `configFiles`). */
export interface McpShape {
  /** `map` (default): an object of servers keyed by name; `list`: a list of entries, each with a `name`. */
  layout?: 'map' | 'list';
  /** The key inside each entry that holds the server's fields (Continue's old config.json: `transport`). */
  transport?: string;
  /**
   * A (dotted) key that holds one server entry rather than a list or map, read beside `key`
   * (Continue's older config.json: `experimental.modelContextProtocolServer`); named by its
   * `name`, else by the key.
   */
  single?: string;
  /** Servers are read only from a file whose text holds this (a Spring Boot config holds more than MCP: `mcp`). */
  content?: string;
}

export type McpFormat = 'json' | 'toml' | 'yaml' | 'properties';

const FORMAT_NAME: Record<McpFormat, string> = { json: 'JSON', toml: 'TOML', yaml: 'YAML', properties: '.properties' };

/** The value at a dotted key path (`experimental.modelContextProtocolServers`), or at the flat key. */
export function valueAt(root: CfgNode, key: string): CfgNode | undefined {
  const r = obj(root);
  if (r === undefined) return undefined;
  const direct = get(r, key);
  if (direct !== undefined || !key.includes('.')) return direct;
  let cur: CfgNode | undefined = r;
  for (const part of key.split('.')) cur = obj(cur) === undefined ? undefined : get(cur as Obj, part);
  return cur;
}

/**
 * Servers written as a list (Continue: `mcpServers: [{name, command, args, env}]`, or
 * `experimental.modelContextProtocolServers: [{transport: {type, command, …}}]`). An entry without
 * a name is named by its place (`mcpServers[2]`); a hub block reference (`- uses: org/block`) has
 * nothing to read here and is passed over.
 */
function listServers(path: string, root: CfgNode, key: string, transport: string | undefined, servers: Found, warnings: string[]): void {
  const list = valueAt(root, key);
  if (list === undefined || (list.t === 'other' && list.v === 'null')) return;
  if (list.t !== 'arr') {
    warnings.push(`${path}: ${key} at line ${list.line} is not a list`);
    return;
  }
  list.items.forEach((item, i) => entryServer(path, item, `${key}[${i}]`, transport, servers, warnings));
}

/**
 * One server entry of a list, or the one server of a `single` key (`label` names it in warnings
 * and when it has no `name`): its fields, or those under `transport`; a hub block reference
 * (`uses:`) is passed over.
 */
function entryServer(path: string, item: CfgNode, label: string, transport: string | undefined, servers: Found, warnings: string[]): void {
  const o = obj(item);
  if (o === undefined) {
    if (warnings.length < 20) warnings.push(`${path}: ${label} at line ${item.line} is not an object`);
    return;
  }
  const fields = transport === undefined ? o : obj(get(o, transport));
  if (fields === undefined) {
    if (get(o, 'uses') === undefined && warnings.length < 20) warnings.push(`${path}: ${label} at line ${item.line} has no ${transport} object`);
    return;
  }
  if (transport === undefined && get(o, 'uses') !== undefined && get(o, 'command') === undefined && get(o, 'url') === undefined) return;
  const name = str(get(o, 'name')) ?? str(get(fields, 'name')) ?? label;
  servers.servers.push(mcpServerOf(path, name, o.line, fields));
  servers.nodes.push(o);
}

/** Servers as read, each with the node of its entry (what holds its name and fields). */
interface Found {
  servers: McpServer[];
  nodes: CfgNode[];
}

/** A config file's value tree; undefined, with a warning, when it does not parse (or is YAML too long to read). */
export function parseConfig(path: string, text: string, format: McpFormat, warnings: string[]): CfgNode | undefined {
  return configTrees(path, text, format, warnings, false)[0];
}

/**
 * parseConfig for a file that may hold several YAML documents (Spring Boot's profiles, `---`
 * between them): each document's tree, under the same bounds and warnings; JSON and TOML give one.
 * None when the file does not parse.
 */
export function parseConfigDocuments(path: string, text: string, format: McpFormat, warnings: string[]): CfgNode[] {
  return configTrees(path, text, format, warnings, true);
}

function configTrees(path: string, text: string, format: McpFormat, warnings: string[], documents: boolean): CfgNode[] {
  try {
    if (format === 'properties') return [parseProperties(text)];
    if (format === 'toml') {
      const w: string[] = [];
      const root = parseTomlLite(text, w);
      for (const x of w) warnings.push(`${path}: TOML ${x}`);
      return [root];
    }
    if (format === 'yaml') {
      // The yaml package reads about 1 MB a second, hostile shapes slower: an agent config is a few
      // KB, so a YAML one over MAX_YAML_CONFIG_CHARS is not read (JSON and TOML have linear readers).
      if (text.length > MAX_YAML_CONFIG_CHARS) {
        warnings.push(`${path}: ${text.length} characters of YAML; agent configs of up to ${MAX_YAML_CONFIG_CHARS} are read`);
        return [];
      }
      return yamlTrees(text, documents);
    }
    return [parseJsonc(text)];
  } catch (e) {
    const why = e instanceof RangeError ? 'nesting too deep' : e instanceof Error ? e.message : String(e);
    warnings.push(`${path}: not valid ${FORMAT_NAME[format]}: ${why}`);
    return [];
  }
}

/** A key or string value of a config file, with its key path and line. */
export interface CfgString {
  /** Where it is: `mcpServers.fs.args[1]`; a key that is no plain name is quoted (`mcpServers["a b"]`). */
  at: string;
  value: string;
  line: number;
  /** Whether it is a key (a server's name is one) rather than a value. */
  key: boolean;
  /**
   * With `servers` given to configStrings: the index, in mcpServers()' order, of the server whose
   * entry holds it (its name key included); none outside every server (a top-level key, VS Code's
   * `inputs`).
   */
  server?: number;
}

const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/**
 * The keys and string values of a config file (an MCP client's) that `keep` keeps, in document
 * order, with their key paths and lines: what a check of every string the client reads needs
 * (hidden characters in a server's name, description, args or env). Escapes are decoded (a JSON
 * `\u200b` is the character). Iterative, linear in the tree; a file that does not parse gives a
 * warning and none.
 */
export function configStrings(
  path: string,
  text: string,
  format: McpFormat,
  keep: (s: string) => boolean,
  servers?: { key: string; shape?: McpShape },
): { strings: CfgString[]; warnings: string[] } {
  const warnings: string[] = [];
  const strings: CfgString[] = [];
  const content = servers?.shape?.content;
  if (content !== undefined && !text.includes(content)) return { strings, warnings };
  const roots = configRoots(path, text, format, servers?.key, warnings);
  // The entry node of each server (its warnings are mcpServers()' to give, not these).
  const serverOf = new Map<CfgNode, number>();
  if (servers !== undefined) readAllServers(path, roots, servers.key, servers.shape ?? {}, []).nodes.forEach((n, i) => serverOf.set(n, i));
  const within = <T extends object>(o: T, server: number | undefined): T & { server?: number } => (server === undefined ? o : { ...o, server });
  // A node to walk, or a key to report (pushed after its value's node, so taken before it); each
  // with the server whose entry it is in. The documents in file order.
  const stack: ({ n: CfgNode; at: string; server?: number } | { key: string; at: string; line: number; server?: number })[] = roots.map((n) => ({ n, at: '' })).reverse();
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    if ('key' in top) {
      strings.push(within({ at: top.at, value: top.key, line: top.line, key: true }, top.server));
      continue;
    }
    const { n, at } = top;
    const server = serverOf.get(n) ?? top.server;
    if (n.t === 'str') {
      if (keep(n.v)) strings.push(within({ at, value: n.v, line: n.line, key: false }, server));
    } else if (n.t === 'arr') {
      for (let i = n.items.length - 1; i >= 0; i--) stack.push(within({ n: n.items[i] as CfgNode, at: `${at}[${i}]` }, server));
    } else if (n.t === 'obj') {
      const entries = [...n.entries];
      for (let i = entries.length - 1; i >= 0; i--) {
        const [k, e] = entries[i] as [string, { v: CfgNode; line: number }];
        const child = PLAIN_KEY.test(k) ? (at ? `${at}.${k}` : k) : `${at}[${JSON.stringify(k)}]`;
        stack.push(within({ n: e.v, at: child }, server));
        // A map server's name is the key of its entry: the key is that server's too.
        if (keep(k)) stack.push(within({ key: k, at: child, line: e.line }, serverOf.get(e.v) ?? server));
      }
    }
  }
  return { strings, warnings };
}

/**
 * The MCP servers of one config file. `key` names the servers map: `mcpServers` (Claude Desktop,
 * Claude Code `.mcp.json` and `~/.claude.json` projects, Cursor, Cline, Windsurf, Gemini, Kiro),
 * `servers` (VS Code mcp.json), `mcp` (VS Code settings.json `mcp.servers`, opencode), `context_servers`
 * (Zed), `mcp_servers` (Codex config.toml); with `shape.layout: 'list'` it names a list of servers
 * (Continue). A file that does not parse gives a warning and no servers.
 */
export function mcpServers(path: string, text: string, format: McpFormat, key: string, shape: McpShape = {}): { servers: McpServer[]; warnings: string[] } {
  const warnings: string[] = [];
  if (shape.content !== undefined && !text.includes(shape.content)) return { servers: [], warnings };
  return { servers: readAllServers(path, configRoots(path, text, format, key, warnings), key, shape, warnings).servers, warnings };
}

/**
 * The trees a config's servers are read from: a Spring Boot file's every YAML document (a profile
 * each); the one document an agent client reads otherwise (Continue does not load a YAML stream).
 */
function configRoots(path: string, text: string, format: McpFormat, key: string | undefined, warnings: string[]): CfgNode[] {
  if (key === SPRING_MCP) return parseConfigDocuments(path, text, format, warnings);
  const root = parseConfig(path, text, format, warnings);
  return root === undefined ? [] : [root];
}

/** readServers over each document of a file (a YAML file's `---` documents: Spring Boot's profiles), in file order. */
function readAllServers(path: string, roots: readonly CfgNode[], key: string, shape: McpShape, warnings: string[]): Found {
  const found: Found = { servers: [], nodes: [] };
  for (const root of roots) {
    const r = readServers(path, root, key, shape, warnings);
    found.servers.push(...r.servers);
    found.nodes.push(...r.nodes);
  }
  return found;
}

/** The servers of a parsed config (mcpServers), in file order, with their entries' nodes. */
function readServers(path: string, root: CfgNode, key: string, shape: McpShape, warnings: string[]): Found {
  const found: Found = { servers: [], nodes: [] };
  if (key === SPRING_MCP) {
    springServers(path, root, found, warnings);
    return found;
  }
  if (shape.single !== undefined) {
    const one = valueAt(root, shape.single);
    if (one !== undefined && !(one.t === 'other' && one.v === 'null')) entryServer(path, one, shape.single, shape.transport, found, warnings);
  }
  if (shape.layout === 'list') {
    listServers(path, root, key, shape.transport, found, warnings);
    return found;
  }
  for (const map of serverMaps(root, key)) {
    for (const [name, e] of map.entries) {
      const o = obj(e.v);
      if (o === undefined) {
        warnings.push(`${path}: server "${name}" at line ${e.line} is not an object`);
        continue;
      }
      // Goose's extensions that are parts of Goose itself (`type: builtin`, `platform`, `frontend`): no server to run.
      if (GOOSE_INTERNAL.has(str(get(o, 'type')) ?? '') && get(o, 'cmd') === undefined && get(o, 'command') === undefined && get(o, 'uri') === undefined) continue;
      found.servers.push(mcpServerOf(path, name, e.line, o));
      found.nodes.push(o);
    }
  }
  return found;
}

/** Spring AI's MCP client settings: `spring.ai.mcp.client.<transport>.connections.<name>`. */
const SPRING_MCP = 'spring.ai.mcp.client';
/**
 * Spring AI's client transports: the key under `spring.ai.mcp.client`, the transport, and for a
 * remote one the key of the endpoint path beside `url` with its default (Spring AI's
 * McpSseClientProperties and McpStreamableHttpClientProperties).
 */
const SPRING_TRANSPORTS: readonly { key: string; transport: McpTransport; endpointKey?: string; endpoint?: string }[] = [
  { key: 'stdio', transport: 'stdio' },
  { key: 'sse', transport: 'sse', endpointKey: 'sse-endpoint', endpoint: '/sse' },
  { key: 'streamable-http', transport: 'http', endpointKey: 'endpoint', endpoint: '/mcp' },
];

/**
 * Spring AI's MCP client connections, from YAML (a document) or a .properties file: each named
 * connection a server. Spring Boot binds dotted keys and nested maps alike and `args[0]` keys or
 * a comma-separated value as a list; a remote connection's URL is its `url` with its endpoint path.
 */
function springServers(path: string, root: CfgNode, found: Found, warnings: string[]): void {
  const client = obj(valueAt(nestDotted(root, 0), SPRING_MCP));
  if (client === undefined) return;
  for (const t of SPRING_TRANSPORTS) {
    const connections = obj(valueAt(client, `${t.key}.connections`));
    for (const [name, e] of connections?.entries ?? []) {
      const o = obj(e.v);
      if (o === undefined) {
        warnings.push(`${path}: MCP connection "${name}" at line ${e.line} is not an object`);
        continue;
      }
      const fields: Obj = { t: 'obj', line: o.line, entries: new Map(o.entries) };
      const args = get(o, 'args');
      if (args?.t === 'str') fields.entries.set('args', { line: args.line, v: { t: 'arr', line: args.line, items: args.v.split(',').map((v) => ({ t: 'str', line: args.line, v: v.trim() })) } });
      const url = str(get(o, 'url'));
      if (url !== undefined && t.endpointKey !== undefined) {
        const endpoint = str(get(o, t.endpointKey)) ?? t.endpoint ?? '';
        fields.entries.set('url', { line: get(o, 'url')?.line ?? o.line, v: { t: 'str', line: get(o, 'url')?.line ?? o.line, v: `${url.replace(/\/+$/, '')}${endpoint.startsWith('/') ? '' : '/'}${endpoint}` } });
      }
      const server = mcpServerOf(path, name, e.line, fields);
      server.transport = t.transport;
      found.servers.push(server);
      found.nodes.push(o);
    }
  }
}

/**
 * A tree whose dotted keys (`a.b: v` in YAML, every key of a .properties file) are nested objects
 * and whose `x[0]` keys are list items, as Spring Boot binds them; a node with neither, at any
 * depth, is returned as it is (so its entries stay the nodes a parse gave).
 */
function nestDotted(n: CfgNode, depth: number): CfgNode {
  if (n.t !== 'obj' || depth > MAX_DEPTH) return n;
  const plain = [...n.entries.keys()].every((k) => !k.includes('.') && !k.includes('['));
  const kids = [...n.entries].map(([k, e]) => [k, { v: nestDotted(e.v, depth + 1), line: e.line }] as const);
  if (plain && kids.every(([k, e]) => e.v === n.entries.get(k)?.v)) return n;
  const out: Obj = { t: 'obj', line: n.line, entries: new Map() };
  const lists: (CfgNode & { t: 'arr' })[] = [];
  const child = (at: Obj, name: string, line: number): Obj => {
    const c = obj(get(at, name));
    if (c !== undefined) return c;
    const made: Obj = { t: 'obj', line, entries: new Map() };
    at.entries.set(name, { v: made, line });
    return made;
  };
  for (const [k, e] of kids) {
    const parts = k.split('.');
    let cur: Obj = out;
    for (let i = 0; i < parts.length; i++) {
      const m = /^(.*?)\[(\d{1,4})\]$/.exec(parts[i] as string);
      const last = i === parts.length - 1;
      if (m === null) {
        if (!last) cur = child(cur, parts[i] as string, e.line);
        else {
          const had = obj(get(cur, parts[i] as string));
          const v = obj(e.v);
          if (had !== undefined && v !== undefined) for (const [kk, ee] of v.entries) had.entries.set(kk, ee);
          else cur.entries.set(parts[i] as string, e);
        }
        continue;
      }
      let list = get(cur, m[1] as string);
      if (list?.t !== 'arr') {
        list = { t: 'arr', line: e.line, items: [] };
        cur.entries.set(m[1] as string, { v: list, line: e.line });
        lists.push(list);
      }
      const at = Number(m[2]);
      if (last) list.items[at] = e.v;
      else {
        let item = list.items[at];
        if (item?.t !== 'obj') list.items[at] = item = { t: 'obj', line: e.line, entries: new Map() };
        cur = item;
      }
    }
  }
  // `args[0]` and `args[2]` with no `args[1]`: the list Spring binds has no hole.
  for (const l of lists) l.items = l.items.filter((x) => x !== undefined);
  return out;
}

/**
 * The component ref of each MCP server of a config file, in the order mcpServers() gives them, with
 * the key its findings are fingerprinted by: `mcp-server:<path>#<name, URI-encoded>` (a '#' in a
 * name cannot make another file's ref), and a name the file uses twice (~/.claude.json's projects,
 * settings.json's nested and flat forms) gets a counter in file order (`#2`); the key is the name,
 * with that counter.
 */
export function mcpServerRefs(path: string, names: readonly string[]): { ref: string; key: string }[] {
  const taken = new Set<string>();
  return names.map((name) => {
    const base = `mcp-server:${path}#${encodeURIComponent(name)}`;
    let ref = base;
    for (let n = 2; taken.has(ref); n++) ref = `${base}#${n}`;
    taken.add(ref);
    return { ref, key: `${name}${ref.slice(base.length)}` };
  });
}

// ---------------------------------------------------------------------------------------------
// Launchers.

const EXACT_SEMVER = /^v?\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;
const EXACT_PEP440 = /^\d+(?:\.\d+)*(?:(?:a|b|rc)\d+)?(?:\.post\d+)?(?:\.dev\d+)?(?:\+[0-9A-Za-z.]+)?$/;

function baseName(cmd: string): string {
  const b = cmd.replace(/\\/g, '/').split('/').pop() ?? cmd;
  return b.toLowerCase().replace(/\.(?:exe|cmd|bat|ps1)$/, '');
}

/** `@scope/name@1.2.3` → name + version, for npm specs. */
function npmSpec(spec: string): LaunchSpec {
  if (/^(?:git\+|git:|github:|https?:|file:|\.|\/)/.test(spec)) {
    const sha = /#([0-9a-f]{40})$/.exec(spec);
    return sha ? { package: spec.slice(0, sha.index), version: sha[1], pinned: true } : { package: spec, pinned: false };
  }
  const at = spec.indexOf('@', spec.startsWith('@') ? 1 : 0);
  if (at <= 0) return { package: spec, pinned: false };
  const pkg = spec.slice(0, at);
  const ver = spec.slice(at + 1);
  if (EXACT_SEMVER.test(ver)) return { package: pkg, version: ver, pinned: true };
  return ver === '' ? { package: pkg, pinned: false } : { package: pkg, range: ver, pinned: false };
}

/** `pkg==1.2.3`, `pkg[extra]==1.2.3`, uvx `pkg@1.2.3`, git URLs with a commit. */
function pySpec(spec: string): LaunchSpec {
  if (/^git\+/.test(spec)) {
    const sha = /@([0-9a-f]{40})$/.exec(spec);
    return sha ? { package: spec.slice(0, sha.index), version: sha[1], pinned: true } : { package: spec, pinned: false };
  }
  const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?\s*(===|==|@|~=|!=|>=|<=|>|<)?\s*(.*)$/.exec(spec);
  if (m === null) return { package: spec, pinned: false };
  const pkg = m[1]!;
  const op = m[3];
  const ver = (m[4] ?? '').trim();
  if (op === undefined || ver === '') return { package: pkg, pinned: false };
  if ((op === '==' || op === '===' || op === '@') && EXACT_PEP440.test(ver)) return { package: pkg, version: ver, pinned: true };
  return { package: pkg, range: op === '@' ? ver : op + ver, pinned: false };
}

/** `ghcr.io/org/img@sha256:…` or `img:tag`; `latest` and no tag do not pin. */
function imageSpec(image: string): LaunchSpec {
  const digest = image.indexOf('@');
  if (digest > 0) {
    const d = image.slice(digest + 1);
    const name = image.slice(0, digest);
    return /^sha256:[0-9a-f]{64}$/.test(d) ? { package: name, version: d, pinned: true } : { package: name, range: d, pinned: false };
  }
  const slash = image.lastIndexOf('/');
  const colon = image.indexOf(':', slash + 1);
  if (colon < 0) return { package: image, pinned: false };
  const tag = image.slice(colon + 1);
  const name = image.slice(0, colon);
  return tag === '' || tag === 'latest' ? { package: name, ...(tag ? { range: tag } : {}), pinned: false } : { package: name, version: tag, pinned: true };
}

/** podman run / create options that take a value beyond docker's. */
const PODMAN_VALUE_FLAGS = [
  '--pod', '--pod-id-file', '--secret', '--arch', '--os', '--variant', '--authfile', '--creds', '--cert-dir', '--decryption-key',
  '--uidmap', '--gidmap', '--subuidname', '--subgidname', '--requires', '--chrootdirs', '--init-path', '--conmon-pidfile', '--pidfile',
  '--env-merge', '--hosts-file', '--image-volume', '--passwd-entry', '--group-entry', '--preserve-fds', '--rdt-class',
  '--seccomp-policy', '--sdnotify', '--timeout', '--umask', '--unsetenv', '--personality', '--health-on-failure',
  '--health-startup-cmd', '--retry', '--retry-delay', '--systemd',
];

/** The options of `docker run` / `docker create` that take a value (docker run --help). */
const DOCKER_VALUE_FLAGS = new Set([
  '-e', '--env', '--env-file', '-v', '--volume', '--mount', '--name', '-p', '--publish', '--network', '--net', '-w', '--workdir',
  '--entrypoint', '-u', '--user', '--platform', '-l', '--label', '--cpus', '-m', '--memory', '--pull', '--add-host', '--cap-add',
  '--cap-drop', '--device', '--dns', '-h', '--hostname', '--ipc', '--log-driver', '--restart', '--runtime', '--security-opt',
  '--shm-size', '--tmpfs', '--ulimit', '--gpus', '--cidfile', '--label-file', '--stop-signal', '--stop-timeout', '--memory-swap',
  '-a', '--attach', '--log-opt', '--annotation', '--blkio-weight', '--blkio-weight-device', '--cgroup-parent', '--cgroupns',
  '--cpu-count', '--cpu-percent', '--cpu-period', '--cpu-quota', '--cpu-rt-period', '--cpu-rt-runtime', '-c', '--cpu-shares',
  '--cpuset-cpus', '--cpuset-mems', '--detach-keys', '--device-cgroup-rule', '--device-read-bps', '--device-read-iops',
  '--device-write-bps', '--device-write-iops', '--dns-option', '--dns-opt', '--dns-search', '--domainname', '--expose', '--group-add',
  '--health-cmd', '--health-interval', '--health-retries', '--health-start-interval', '--health-start-period', '--health-timeout',
  '--io-maxbandwidth', '--io-maxiops', '--ip', '--ip6', '--isolation', '--kernel-memory', '--link', '--link-local-ip',
  '--mac-address', '--memory-reservation', '--memory-swappiness', '--network-alias', '--net-alias', '--oom-score-adj', '--pid',
  '--pids-limit', '--storage-opt', '--sysctl', '--userns', '--uts', '--volume-driver', '--volumes-from', ...PODMAN_VALUE_FLAGS,
]);

/** The options of `docker pull` / `podman pull` that take a value (`-a` is --all-tags there, no value). */
const PULL_VALUE_FLAGS = new Set(['--platform', '--arch', '--os', '--variant', '--authfile', '--creds', '--cert-dir', '--decryption-key', '--retry', '--retry-delay', '--policy']);


/**
 * The index in `args` (the words after `docker` or `podman`) of the image that `run` or `create`
 * (also `container run|create`) names, and with `pull` of the one `pull` (`image pull`) names; -1
 * when there is none. The options before it are skipped with their values (`-p 11434:11434`,
 * `--name x`, `--gpus all`); `--flag=value` and `-p11434:11434` take no separate value, and a
 * cluster of short options ending in one that takes a value (`-dp 8080:80`) takes the next word.
 * `option` sees each option with its value.
 */
export function dockerImageIndex(args: readonly string[], pull: boolean, option?: (flag: string, value: string | undefined) => void): number {
  let i = args[0] === 'container' || args[0] === 'image' ? 1 : 0;
  const sub = args[i];
  const isPull = sub === 'pull' && args[0] !== 'container';
  if (isPull ? !pull : (sub !== 'run' && sub !== 'create') || args[0] === 'image') return -1;
  const takesValue = (flag: string) => (isPull ? PULL_VALUE_FLAGS.has(flag) : DOCKER_VALUE_FLAGS.has(flag));
  for (i++; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '--') return i + 1 < args.length ? i + 1 : -1;
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const flag = eq > 0 ? a.slice(0, eq) : a;
      // (Values are taken before `option?.()`, whose arguments are not evaluated when it is absent.)
      const value = eq > 0 ? a.slice(eq + 1) : takesValue(flag) ? args[++i] : undefined;
      option?.(flag, value);
    } else if (a.startsWith('-') && a.length > 1) {
      // -it, -d, -e NAME, -eNAME=v, -p8080:80, -dp 8080:80: the first short option that takes a value takes the rest.
      for (let k = 1; k < a.length; k++) {
        const flag = `-${a[k]}`;
        if (!takesValue(flag)) {
          option?.(flag, undefined);
          continue;
        }
        const value = k + 1 < a.length ? a.slice(k + 1) : args[++i];
        option?.(flag, value);
        break;
      }
    } else return i;
  }
  return -1;
}

/** npm options that take a value, which npx / npm exec accept before the package (`npx --registry <url> pkg`). */
const NPX_VALUE_FLAGS = new Set([
  '--registry', '--cache', '--userconfig', '--globalconfig', '--prefix', '--loglevel', '--node-options', '--shell', '--script-shell',
  '-w', '--workspace', '--before', '--tag', '--otp', '--cafile', '--proxy', '--https-proxy', '--location',
]);

interface LaunchEnv {
  name: string;
  literal: boolean;
}

/** The launcher of the packages a launch fetches: named by the first, pinned only when all are. */
function launchOf(tool: LauncherTool, specs: LaunchSpec[]): McpLauncher {
  const [first] = specs;
  if (first === undefined) return { tool, pinned: false };
  if (specs.length === 1) return { tool, ...first };
  return { tool, ...first, pinned: specs.every((s) => s.pinned), packages: specs };
}

/** The packages of a launch that are not pinned (none when it is pinned). */
export function unpinnedPackages(l: McpLauncher): string[] {
  if (l.packages !== undefined) return l.packages.filter((s) => !s.pinned).map((s) => s.package);
  return l.pinned || l.package === undefined ? [] : [l.package];
}

/**
 * uv's comma-separated requirements (`--with a,b>=1,<2`): a comma splits where the next part
 * starts a name, outside `[extras]`; a comma before a version operator belongs to the specifier.
 */
function splitRequirements(value: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '[') depth++;
    else if (c === ']') depth = Math.max(0, depth - 1);
    else if (c === ',' && depth === 0 && /^\s*[A-Za-z0-9]/.test(value.slice(i + 1, i + 64))) {
      out.push(value.slice(from, i));
      from = i + 1;
    }
  }
  out.push(value.slice(from));
  return out.map((s) => s.trim()).filter((s) => s !== '');
}

/**
 * uv's `--with X`, `--with=X` (or `-w X`, with `short`) at `args[i]`: the value and the index of
 * its last word. `uv run` reads the words after its command too, where `-w` is the command's.
 */
function withValue(args: string[], i: number, short: boolean): { value: string; next: number } | undefined {
  const a = args[i]!;
  if (a === '--with' || (short && a === '-w')) return { value: args[i + 1] ?? '', next: i + 1 };
  return a.startsWith('--with=') ? { value: a.slice('--with='.length), next: i } : undefined;
}

/** How a stdio server is launched: tool, package and whether the version is pinned. */
export function parseLauncher(command: string, args: string[]): { launcher: McpLauncher; env: LaunchEnv[] } {
  let argv = [command, ...args];
  // A whole command line in `command` ("npx -y pkg"), when its first word is a known launcher.
  const wrapped = args.length === 0 ? /^(\S+)\s+(-[a-z]*c)\s+(['"])(.*)\3\s*$/s.exec(command.trim()) : null;
  if (wrapped) argv = [wrapped[1]!, wrapped[2]!, wrapped[4]!]; // sh -c 'npx -y pkg'
  else if (args.length === 0 && /\s/.test(command.trim())) {
    const words = command.trim().split(/\s+/);
    if (/^(?:npx|uvx|pipx|bunx|bun|docker|podman|node|python3?|uv|pnpm|yarn|npm|cmd|deno|go|sh|bash|zsh)$/.test(baseName(words[0]!))) argv = words;
  }
  // Wrappers: cmd /c npx ..., sh -c "npx -y pkg", bash -lc 'uvx pkg' (the command line split on blanks).
  for (let hops = 0; hops < 4; hops++) {
    if (argv.length > 2 && baseName(argv[0]!) === 'cmd' && /^\/[cCkK]$/.test(argv[1]!)) argv = argv.slice(2);
    else if (argv.length > 2 && /^(?:sh|bash|zsh|dash|ash)$/.test(baseName(argv[0]!)) && /^-[a-z]*c$/.test(argv[1]!)) argv = argv[2]!.replace(/^\s*exec\s+/, '').trim().split(/\s+/).map((w) => w.replace(/^(['"])(.*)\1$/, '$2'));
    else break;
  }
  const env: LaunchEnv[] = [];
  let tool = baseName(argv[0] ?? '');
  let rest = argv.slice(1);
  // Two-word launchers.
  const sub = rest[0];
  if (tool === 'bun' && sub === 'x') [tool, rest] = ['bunx', rest.slice(1)];
  else if ((tool === 'pnpm' || tool === 'yarn') && sub === 'dlx') [tool, rest] = ['npx', rest.slice(1)];
  else if (tool === 'npm' && sub === 'exec') [tool, rest] = ['npx', rest.slice(1)];
  else if (tool === 'uv' && sub === 'tool' && rest[1] === 'run') [tool, rest] = ['uvx', rest.slice(2)];
  else if (tool === 'pipx' && sub === 'run') rest = rest.slice(1);
  else if (tool === 'podman') tool = 'docker';
  if (/^python(?:\d+(?:\.\d+)*)?$/.test(tool) || tool === 'py') tool = 'python';
  if (/^node(?:js)?$/.test(tool)) tool = 'node';

  if (tool === 'npx' || tool === 'bunx') {
    // With -p/--package (any number of them) the packages are those; the word after is a command.
    const pkgs: string[] = [];
    let positional: string | undefined;
    for (let i = 0; i < rest.length; i++) {
      const a = rest[i]!;
      if (a === '--') {
        positional ??= rest[i + 1];
        break;
      }
      if (a === '-p' || a === '--package') {
        const v = rest[++i];
        if (v) pkgs.push(v);
        continue;
      }
      if (a.startsWith('--package=')) {
        if (a.length > '--package='.length) pkgs.push(a.slice('--package='.length));
        continue;
      }
      if (a === '-c' || a === '--call') break;
      if (NPX_VALUE_FLAGS.has(a)) {
        i++;
        continue;
      }
      if (a.startsWith('-')) continue; // -y, --yes, --no-install, --bun, -q, …
      positional = a;
      break;
    }
    const specs = pkgs.length ? pkgs : positional !== undefined ? [positional] : [];
    return { launcher: launchOf(tool, specs.map(npmSpec)), env };
  }
  if (tool === 'uvx' || tool === 'pipx') {
    // The tool's package (--from, --spec, else the command), then each --with package.
    let from: string | undefined;
    let positional: string | undefined;
    const withs: string[] = [];
    const valueFlags = new Set(['--with-editable', '--python', '-p', '--index', '--index-url', '--extra-index-url', '--with-requirements', '--constraint', '-c', '--pip-args', '--find-links', '-f', '--directory', '--env-file']);
    for (let i = 0; i < rest.length; i++) {
      const a = rest[i]!;
      if (a === '--from' || a === '--spec') {
        from ??= rest[++i];
        continue;
      }
      if (a.startsWith('--from=') || a.startsWith('--spec=')) {
        from ??= a.slice(a.indexOf('=') + 1);
        continue;
      }
      const w = withValue(rest, i, true);
      if (w !== undefined) {
        withs.push(...splitRequirements(w.value));
        i = w.next;
        continue;
      }
      if (valueFlags.has(a)) {
        i++;
        continue;
      }
      if (a.startsWith('-')) continue;
      positional = a;
      break;
    }
    const spec = from ?? positional;
    return { launcher: launchOf(tool, [...(spec === undefined ? [] : [spec]), ...withs].map(pySpec)), env };
  }
  if (tool === 'docker') {
    const i = dockerImageIndex(rest, false, (flag, v) => {
      if ((flag !== '-e' && flag !== '--env') || v === undefined) return;
      const e = v.indexOf('=');
      const name = e < 0 ? v : v.slice(0, e);
      if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) env.push({ name, literal: e >= 0 && isLiteral(v.slice(e + 1)) });
    });
    const image = rest[i];
    return { launcher: image === undefined ? { tool, pinned: false } : { tool, ...imageSpec(image) }, env };
  }
  if (tool === 'deno') {
    // deno run [flags] npm:pkg@1.2.3 | jsr:@scope/pkg@1.2.3 | https://…/server.ts | ./local.ts
    if (rest[0] !== 'run' && rest[0] !== 'x') return { launcher: { tool: 'other', pinned: false }, env };
    const target = rest.slice(1).find((a) => !a.startsWith('-'));
    if (target === undefined) return { launcher: { tool, pinned: false }, env };
    if (/^(?:npm|jsr):/.test(target)) return { launcher: { tool, ...npmSpec(target.slice(4)) }, env };
    // A remote script is pinned only by a lockfile the config does not show.
    if (/^https?:\/\//.test(target)) return { launcher: { tool, package: target, pinned: false }, env };
    return { launcher: { tool: 'other', package: target, pinned: false }, env };
  }
  if (tool === 'go') {
    // go run module/cmd@v1.2.3 fetches the module; go run ./cmd/server builds local code.
    if (rest[0] !== 'run') return { launcher: { tool: 'other', pinned: false }, env };
    const target = rest.slice(1).find((a) => !a.startsWith('-'));
    if (target === undefined || !target.includes('@')) return { launcher: { tool: 'other', ...(target !== undefined ? { package: target } : {}), pinned: false }, env };
    const at = target.lastIndexOf('@');
    const [mod, ver] = [target.slice(0, at), target.slice(at + 1)];
    return { launcher: /^v\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/.test(ver) || /^[0-9a-f]{40}$/.test(ver) ? { tool, package: mod, version: ver, pinned: true } : { tool, package: mod, ...(ver ? { range: ver } : {}), pinned: false }, env };
  }
  if (tool === 'uv' && rest[0] === 'run') {
    // uv run --with pkg … fetches pkg into a throwaway environment; without --with it runs local code.
    const withs: string[] = [];
    for (let i = 1; i < rest.length; i++) {
      const w = withValue(rest, i, false);
      if (w === undefined) continue;
      withs.push(...splitRequirements(w.value));
      i = w.next;
    }
    if (!withs.length) return { launcher: { tool: 'other', pinned: false }, env };
    return { launcher: launchOf(tool, withs.map(pySpec)), env };
  }
  if (tool === 'node') {
    const script = rest.find((a) => !a.startsWith('-'));
    const nm = script === undefined ? null : /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(script.replace(/\\/g, '/'));
    const pkg = nm?.[1] ?? script;
    return { launcher: pkg === undefined ? { tool, pinned: false } : { tool, package: pkg, pinned: false }, env };
  }
  if (tool === 'python') {
    const m = rest.indexOf('-m');
    const pkg = m >= 0 ? rest[m + 1] : rest.find((a) => !a.startsWith('-'));
    return { launcher: pkg === undefined ? { tool, pinned: false } : { tool, package: pkg, pinned: false }, env };
  }
  return { launcher: { tool: 'other', pinned: false }, env };
}
