/**
 * MCP servers an agent's own code starts or connects to, as a client configuration file would list
 * them: the TypeScript SDK's `new StdioClientTransport({ command: 'npx', args: [...] })` and
 * `new SSEClientTransport(new URL('http://…'))`, the AI SDK's `transport: { type: 'sse', url }`,
 * LangChain's `MultiServerMCPClient({ math: { command, args, transport: 'stdio' } })`, Python's
 * `StdioServerParameters(command="uvx", args=[…])`, `sse_client("http://…")`, the OpenAI Agents
 * SDK's `MCPServerStdio(params={"command": …}, name="fs")` (JS: `new MCPServerStdio({ fullCommand:
 * 'npx -y …' })`, the command line split at spaces), pydantic-ai's `MCPServerStdio('npx', args=[…])`,
 * LlamaIndex's `BasicMCPClient("npx", args=[…])` (or a URL first), Semantic Kernel's
 * `MCPStdioPlugin(name=…, command=…, args=[…])` / `MCPSsePlugin(url=…)`, Google ADK's
 * `SseConnectionParams(url=…)`, CrewAI's `MCPServerAdapter({"url": …})` and smolagents'
 * `MCPClient([{"url": …}, …])` (an object in a list given to an MCP call counts as given to it). Each becomes the McpServer the config readers give
 * (mcpServerOf), so the inventory lists it and checks its launch and transport alike.
 *
 * Read from the token readers' tokens (comments and strings as the language has them), only in a
 * file that imports an MCP client package, or an AI package beside an `mcpServers` / `mcp_servers`
 * key (the Claude Agent SDK's `options: { mcpServers: {…} }`; the detector decides). A server is taken from:
 * - an object or dict literal with a `command` key whose value is a string, beside an `args` list,
 *   a `transport`/`type` key or as an argument of an MCP call (MCP_CALLEE); or with a `url` key
 *   whose value is a string (or JS `new URL('…')`) beside a `transport`/`type` key or in an MCP call;
 * - an MCP call's Python keyword arguments with `command=` or `url=`;
 * - an MCP call's first positional string: a URL (`sse_client("http://…")`,
 *   `new SSEClientTransport(new URL("…"))`), or pydantic-ai's `MCPServerStdio('npx', args=…)` command.
 * Only literal values count: a `command` or `url` held in a variable is not followed. Never throws.
 */
import { JS_IDENT, JS_PUNCT, JS_STRING, JS_TEMPLATE, JsUnsure, lexJs } from './js-lex.js';
import { lexPython, T as PY, tokValue, Unsure as PyUnsure } from './python-lex.js';
import { lineOf, lineStarts } from '../util/lines.js';
import { mcpServerOf, type CfgNode, type McpServer } from './mcp-config.js';
import { maskComments } from './config-text.js';
import { unescapeGo } from './go.js';
import { unescapeJava } from './java.js';

/** Calls that take an MCP server's launch or address: the SDKs' transports and clients, the agent frameworks' server classes. */
const MCP_CALLEE = /^(?:(?:Stdio|SSE|Sse|StreamableHTTP|StreamableHttp|WebSocket)(?:Client)?Transport|Experimental_StdioMCPTransport|StdioServerParameters|MCPServer\w*|MultiServerMCPClient|sse_client|streamablehttp_client|streamable_http_client|websocket_client|stdio_client|experimental_createMCPClient|createMCPClient|MCPClient|MCPTools|BasicMCPClient|MCP(?:Stdio|Sse|StreamableHttp|WebSocket|Websocket)Plugin|(?:Sse|StreamableHTTP|Stdio)(?:Connection|Server)Params)$/;
/** Callees whose first positional string is the server's command (pydantic-ai's MCPServerStdio), not a URL. */
const COMMAND_FIRST = /^MCPServerStdio$/;
/** Callees whose first positional string is a URL when it has a scheme, else the command (LlamaIndex's BasicMCPClient(command_or_url, args=…)). */
const COMMAND_OR_URL_FIRST = /^BasicMCPClient$/;
/** Transport names that make an object with a `url` a server entry. */
const TRANSPORT_VALUE = /^(?:stdio|sse|http|streamable[-_]?http|websocket|ws)$/i;
/** Keys whose object value is a server's settings, not a server they name. */
const NOT_A_NAME = new Set(['transport', 'params', 'parameters', 'server', 'serverParams', 'server_params', 'config', 'options', 'settings', 'connection']);
/** At most this many servers from one file (a generated one). */
const MAX_SERVERS = 200;

interface U {
  k: 'name' | 'str' | 'punct' | 'other';
  v: string;
  /** A string's cooked value; undefined when it interpolates. */
  str?: string;
  s: number;
}

function jsTokens(text: string, path: string): U[] {
  const l = lexJs(text, path);
  const out: U[] = [];
  for (let k = 0; k < l.n; k++) {
    const type = l.type[k];
    const s = l.start[k] as number;
    const v = text.slice(s, l.end[k] as number);
    if (type === JS_IDENT) out.push({ k: 'name', v, s });
    else if (type === JS_STRING || type === JS_TEMPLATE) out.push({ k: 'str', v, str: l.literal(k), s });
    else if (type === JS_PUNCT) out.push({ k: 'punct', v, s });
    else out.push({ k: 'other', v, s });
  }
  return out;
}

function pyTokens(text: string): U[] {
  // The lexer's token objects are pooled: each is copied out before the next file is lexed.
  const out: U[] = [];
  for (const t of lexPython(text)) {
    if (t.t === PY.Name) out.push({ k: 'name', v: t.v, s: t.s });
    else if (t.t === PY.Str) {
      const value = tokValue(t, text).value;
      out.push(value === undefined ? { k: 'str', v: '', s: t.s } : { k: 'str', v: '', str: value, s: t.s });
    } else if (t.t === PY.Op) out.push({ k: 'punct', v: t.v, s: t.s });
    else if (t.t !== PY.Newline) out.push({ k: 'other', v: '', s: t.s });
  }
  return out;
}

const OPEN: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

/** The languages whose MCP clients are read: JS/TS and Python by their tokens, Go, Java and C# by their SDKs' call shapes (PATTERNS). */
export type McpCodeLang = 'js' | 'python' | 'go' | 'java' | 'csharp';

/** The MCP servers the code of a source file starts or connects to. */
export function mcpCodeServers(path: string, text: string, lang: McpCodeLang): McpServer[] {
  if (lang === 'go' || lang === 'java' || lang === 'csharp') return patternServers(path, text, lang, PATTERNS[lang]);
  return tokenServers(path, text, lang, 'sdk');
}

/**
 * The command lines a source file runs as a process, each as a server entry would hold it (the
 * detector keeps those that launch an MCP server package): JS `spawn('npx', ['-y', pkg])`,
 * `execFile`, `execa`, `exec('npx -y pkg')`, `Bun.spawn([...])`, `new Deno.Command('npx', { args })`;
 * Python `subprocess.Popen([...])`, `run`, `call`, `check_call`, `check_output` (a list, or a string
 * with `shell=True`), `asyncio.create_subprocess_exec("uvx", "pkg")`, `create_subprocess_shell`,
 * `os.system("…")`; Go `exec.Command("npx", "-y", pkg)`; Java `new ProcessBuilder("npx", …)` (or a
 * `List.of(…)`); C# `Process.Start("npx", "-y pkg")` and `new ProcessStartInfo("npx", "-y pkg")`.
 * Only literal strings count; a command line in one string is split at blanks.
 */
export function mcpLaunchServers(path: string, text: string, lang: McpCodeLang): McpServer[] {
  // Most files call no launcher: one scan of the text says so before any token is read.
  if (!LAUNCH_HINT.test(text)) return [];
  if (lang === 'go' || lang === 'java' || lang === 'csharp') return patternServers(path, text, lang, LAUNCH_PATTERNS[lang]);
  return tokenServers(path, text, lang, 'launch');
}

/** A call of a launcher of any language below (LAUNCH_CALLEE, LAUNCH_PATTERNS), for a first look at a file's text. */
const LAUNCH_HINT = /\b(?:spawn|spawnSync|execFile|execFileSync|exec|execSync|execa\w*|Command|CommandContext|Popen|run|call|check_call|check_output|create_subprocess_\w+|system|getoutput|getstatusoutput|ProcessBuilder|Start|ProcessStartInfo)\s*\(|\bProcessStartInfo\b/;
/** A command line held in one string, split at blanks as a shell does for a plain one. */
const commandWords = (line: string): string[] => line.trim().split(/\s+/).filter((w) => w !== '');

/** Calls that run a process, per language (their arguments are read by launchWords). */
const LAUNCH_CALLEE: Record<'js' | 'python', RegExp> = {
  js: /^(?:spawn|spawnSync|execFile|execFileSync|exec|execSync|execa|execaSync|execaCommand|execaCommandSync|Command)$/,
  python: /^(?:Popen|run|call|check_call|check_output|create_subprocess_exec|create_subprocess_shell|system|getoutput|getstatusoutput)$/,
};
/** Of those, the ones that take the whole command line as one string. */
const SHELL_CALLEE = /^(?:exec|execSync|execaCommand|execaCommandSync|create_subprocess_shell|system|getoutput|getstatusoutput)$/;

function tokenServers(path: string, text: string, lang: 'js' | 'python', mode: 'sdk' | 'launch'): McpServer[] {
  let toks: U[];
  try {
    toks = lang === 'js' ? jsTokens(text, path) : pyTokens(text);
  } catch (e) {
    if (e instanceof JsUnsure || e instanceof PyUnsure) return [];
    throw e;
  }
  const starts = lineStarts(text);
  const line = (i: number) => lineOf(starts, toks[i]?.s ?? 0) + 1;
  const isP = (i: number, v: string) => toks[i]?.k === 'punct' && toks[i]?.v === v;
  // Matching brackets, by index of the opener.
  const close = new Map<number, number>();
  const stack: number[] = [];
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i] as U;
    if (t.k !== 'punct') continue;
    if (OPEN[t.v] !== undefined) stack.push(i);
    else if (t.v === ')' || t.v === ']' || t.v === '}') {
      const o = stack.pop();
      if (o === undefined || OPEN[toks[o]?.v ?? ''] !== t.v) return []; // unbalanced: nothing is sure
      close.set(o, i);
    }
  }
  /** The end (exclusive) of the value at i: up to the next `,` or closer at this level. */
  const valueEnd = (i: number, end: number): number => {
    let j = i;
    while (j < end) {
      const t = toks[j] as U;
      if (t.k === 'punct') {
        if (t.v === ',' || t.v === ')' || t.v === ']' || t.v === '}') return j;
        const c = close.get(j);
        if (c !== undefined) {
          j = c + 1;
          continue;
        }
      }
      j++;
    }
    return end;
  };
  /** The value at [i, end): a literal string (JS `new URL('…')` too), list or object, else other. */
  const value = (i: number, end: number, depth: number): CfgNode => {
    const t = toks[i];
    const ln = line(i);
    if (t === undefined || i >= end) return { t: 'other', line: ln, v: '' };
    if (t.k === 'str' && valueEnd(i, end) === i + 1) return t.str === undefined ? { t: 'other', line: ln, v: '' } : { t: 'str', line: ln, v: t.str };
    // new URL('http://…')
    if (t.k === 'name' && t.v === 'new' && toks[i + 1]?.v === 'URL' && isP(i + 2, '(') && toks[i + 3]?.k === 'str' && toks[i + 3]?.str !== undefined) return { t: 'str', line: ln, v: toks[i + 3]?.str as string };
    if (depth < 16 && isP(i, '[') && close.get(i) !== undefined && valueEnd(i, end) === (close.get(i) as number) + 1) {
      const items: CfgNode[] = [];
      for (const [a, b] of elements(i + 1, close.get(i) as number)) items.push(value(a, b, depth + 1));
      return { t: 'arr', line: ln, items };
    }
    if (depth < 16 && isP(i, '{') && close.get(i) !== undefined && valueEnd(i, end) === (close.get(i) as number) + 1) return object(i, depth + 1);
    return { t: 'other', line: ln, v: '' };
  };
  /** The comma-separated elements of [a, b). */
  const elements = (a: number, b: number): [number, number][] => {
    const out: [number, number][] = [];
    let i = a;
    while (i < b) {
      const e = valueEnd(i, b);
      if (e > i) out.push([i, e]);
      i = e + 1;
    }
    return out;
  };
  /** An object or dict literal at `{` i: its `key: value` entries (JS names or strings, Python strings as keys). */
  const object = (i: number, depth: number): CfgNode & { t: 'obj' } => {
    const o: CfgNode & { t: 'obj' } = { t: 'obj', line: line(i), entries: new Map() };
    for (const [a, b] of elements(i + 1, close.get(i) as number)) {
      const k = toks[a];
      if (k === undefined || !isP(a + 1, ':')) continue;
      const key = k.k === 'str' ? k.str : k.k === 'name' && lang === 'js' ? k.v : undefined;
      if (key !== undefined) o.entries.set(key, { v: value(a + 2, b, depth), line: line(a) });
    }
    return o;
  };
  /** A Python call's keyword arguments at `(` i as an object, and its positional values. */
  const callArgs = (i: number): { kw: CfgNode & { t: 'obj' }; positional: [number, number][] } => {
    const kw: CfgNode & { t: 'obj' } = { t: 'obj', line: line(i), entries: new Map() };
    const positional: [number, number][] = [];
    for (const [a, b] of elements(i + 1, close.get(i) as number)) {
      if (lang === 'python' && toks[a]?.k === 'name' && isP(a + 1, '=')) kw.entries.set(toks[a]?.v as string, { v: value(a + 2, b, 1), line: line(a) });
      else positional.push([a, b]);
    }
    return { kw, positional };
  };
  /** The callee name of the call whose `(` is at i (`new X(`, `a.b.X(`), if any. */
  const calleeAt = (i: number): string | undefined => (isP(i, '(') && toks[i - 1]?.k === 'name' ? toks[i - 1]?.v : undefined);
  /** The call (its `(` index) whose argument list directly holds the token at i, if any. */
  const parentOf = new Int32Array(toks.length).fill(-1);
  {
    const open: number[] = [];
    for (let i = 0; i < toks.length; i++) {
      parentOf[i] = open.length ? (open[open.length - 1] as number) : -1;
      const t = toks[i] as U;
      if (t.k === 'punct' && OPEN[t.v] !== undefined) open.push(i);
      else if (t.k === 'punct' && (t.v === ')' || t.v === ']' || t.v === '}')) open.pop();
    }
  }
  const servers: McpServer[] = [];
  const str = (n: CfgNode | undefined) => (n?.t === 'str' ? n.v : undefined);
  const add = (name: string | undefined, at: number, o: CfgNode & { t: 'obj' }) => {
    if (servers.length >= MAX_SERVERS) return;
    const s = mcpServerOf(path, name ?? '', line(at), o);
    s.name = name ?? derivedName(s);
    servers.push(s);
  };
  /** The key an object at `{` i is the value of (`fs: {`, `"math": {`), if it names a server (not `transport: {`). */
  const keyOf = (i: number): string | undefined => {
    if (!isP(i - 1, ':')) return undefined;
    const k = toks[i - 2];
    const key = k?.k === 'str' ? k.str : k?.k === 'name' && lang === 'js' ? k.v : undefined;
    return key === undefined || NOT_A_NAME.has(key) ? undefined : key;
  };
  /** The words of a command line run by the call at `(` i (LAUNCH_CALLEE), literal strings only. */
  const launchWords = (i: number, callee: string): string[] | undefined => {
    const { kw, positional } = callArgs(i);
    const words = (n: CfgNode | undefined): string[] | undefined => (n?.t === 'arr' ? n.items.flatMap((x) => (x.t === 'str' ? [x.v] : [])) : undefined);
    const vals = positional.map(([a, b]) => value(a, b, 1));
    const first = vals[0] ?? kw.entries.get('args')?.v;
    if (first?.t === 'arr') return words(first);
    if (first?.t !== 'str') return undefined;
    // A whole command line in one string (a shell, `shell=True`), split at blanks.
    if (SHELL_CALLEE.test(callee) || (lang === 'python' && callee !== 'create_subprocess_exec')) return commandWords(first.v);
    // asyncio's create_subprocess_exec("uvx", "pkg", …): every positional argument.
    if (callee === 'create_subprocess_exec') return vals.flatMap((v) => (v.t === 'str' ? [v.v] : []));
    // spawn('npx', ['-y', pkg]), execa('npx', [...]), new Deno.Command('npx', { args: [...] }).
    const second = vals[1];
    const rest = second?.t === 'arr' ? words(second) : second?.t === 'obj' ? words(second.entries.get('args')?.v) : undefined;
    return [first.v, ...(rest ?? [])];
  };
  for (let i = 0; i < toks.length && servers.length < MAX_SERVERS; i++) {
    const t = toks[i] as U;
    if (t.k !== 'punct' || close.get(i) === undefined) continue;
    if (mode === 'launch') {
      const callee = t.v === '(' ? calleeAt(i) : undefined;
      if (callee === undefined || !LAUNCH_CALLEE[lang].test(callee)) continue;
      const all = launchWords(i, callee);
      if (!all?.length || all[0] === '') continue;
      const ln = line(i);
      const o: CfgNode & { t: 'obj' } = { t: 'obj', line: ln, entries: new Map() };
      o.entries.set('command', { v: { t: 'str', line: ln, v: all[0] as string }, line: ln });
      o.entries.set('args', { v: { t: 'arr', line: ln, items: all.slice(1).map((w) => ({ t: 'str' as const, line: ln, v: w })) }, line: ln });
      add(undefined, i, o);
      continue;
    }
    if (t.v === '{') {
      const o = object(i, 1);
      // The OpenAI Agents SDK (JS) takes the command line whole: `fullCommand: 'npx -y pkg'`.
      const full = str(o.entries.get('fullCommand')?.v);
      if (full !== undefined && !o.entries.has('command')) {
        const words = commandWords(full);
        const at = o.entries.get('fullCommand')?.line ?? line(i);
        if (words.length) {
          o.entries.set('command', { v: { t: 'str', line: at, v: words[0] as string }, line: at });
          o.entries.set('args', { v: { t: 'arr', line: at, items: words.slice(1).map((w) => ({ t: 'str' as const, line: at, v: w })) }, line: at });
        }
      }
      const hasCommand = str(o.entries.get('command')?.v) !== undefined;
      const url = str(o.entries.get('url')?.v);
      const transport = str(o.entries.get('transport')?.v) ?? str(o.entries.get('type')?.v);
      // The call the object is an argument of, directly or in a list (smolagents' `MCPClient([{"url": …}, …])`).
      const around = parentOf[i] as number;
      const parent = around >= 0 && (toks[around] as U).v === '[' ? (parentOf[around] as number) : around;
      const inMcpCall = parent >= 0 && (toks[parent] as U).v === '(' && MCP_CALLEE.test(calleeAt(parent) ?? '');
      // An entry of a client's `servers` map (Mastra's `new MCPClient({ servers: { weather: { url: new URL(…) } } })`).
      const inServers = around >= 0 && (toks[around] as U).v === '{' && /^(?:servers|mcpServers|mcp_servers)$/.test(keyOf(around) ?? '');
      // A `command` with its `args`, a transport, or in an MCP call (a CLI's `{ command: 'build' }` is none).
      const marked = inMcpCall || inServers || (transport !== undefined && TRANSPORT_VALUE.test(transport));
      if (!(hasCommand && (marked || o.entries.get('args')?.v.t === 'arr')) && !(url !== undefined && marked)) continue;
      // The OpenAI Agents SDK names the server beside its params: MCPServerStdio(params={…}, name="fs").
      const named = inMcpCall && lang === 'python' ? str(callArgs(parent).kw.entries.get('name')?.v) : undefined;
      add(keyOf(i) ?? str(o.entries.get('name')?.v) ?? named, i, o);
    } else if (t.v === '(') {
      const callee = calleeAt(i);
      const mcp = MCP_CALLEE.test(callee ?? '');
      const { kw, positional } = callArgs(i);
      const first = positional[0] ? value(positional[0][0], positional[0][1], 1) : undefined;
      if (mcp && first?.t === 'str' && !kw.entries.has('command') && !kw.entries.has('url')) {
        const command = COMMAND_FIRST.test(callee ?? '') || (COMMAND_OR_URL_FIRST.test(callee ?? '') && !/^[a-z][a-z0-9+.-]*:\/\//i.test(first.v));
        kw.entries.set(command ? 'command' : 'url', { v: first, line: first.line });
        if (/sse/i.test(callee ?? '') && !kw.entries.has('transport')) kw.entries.set('transport', { v: { t: 'str', line: first.line, v: 'sse' }, line: first.line });
      }
      if (!mcp) continue;
      const hasCommand = str(kw.entries.get('command')?.v) !== undefined;
      const url = str(kw.entries.get('url')?.v);
      if (!hasCommand && url === undefined) continue;
      add(str(kw.entries.get('name')?.v), i, kw);
    }
  }
  return servers;
}

/** A name for a server the code does not name: the package it launches, its script, its command, or its URL's host and path. */
function derivedName(s: McpServer): string {
  if (s.launcher?.package) return s.launcher.package;
  if (s.url !== undefined) return s.url.replace(/^[a-z]+:\/\//i, '').replace(/[?#].*$/, '').slice(0, 200);
  const script = s.args?.find((a) => !a.startsWith('-'));
  if (script !== undefined) return script.slice(0, 200);
  return s.command ?? 'server';
}

// ---------------------------------------------------------------------------------------------
// Go, Java and C#: the SDKs' call shapes, matched in the text with comments blanked.

/** A double-quoted string literal (Go, Java, C#), its body captured; bounded. */
const S = '"((?:[^"\\\\\\n]|\\\\.){0,2000})"';
/** A comma-led run of string literals (variadic args), captured whole. */
const SS = '((?:\\s*,\\s*"(?:[^"\\\\\\n]|\\\\.){0,2000}"){0,64})';
/** A list of string literals, captured whole. */
const SL = '("(?:[^"\\\\\\n]|\\\\.){0,2000}"(?:\\s*,\\s*"(?:[^"\\\\\\n]|\\\\.){0,2000}"){0,64})';

interface Shape {
  re: RegExp;
  /** The server's command line or URL from a match. */
  read(m: RegExpExecArray): { command?: string; args?: string[]; url?: string; transport?: string; name?: string } | undefined;
}

const LITERAL = /"((?:[^"\\\n]|\\.)*)"/g;
/** Go's escapes for Go, Java's for Java and C# (the same simple and `\u` escapes). */
let unescape: (body: string) => string = (b) => b;
function literals(run: string | undefined): string[] {
  return [...(run ?? '').matchAll(LITERAL)].map((m) => unescape(m[1] as string));
}

const PATTERNS: Record<'go' | 'java' | 'csharp', Shape[]> = {
  go: [
    // mark3labs/mcp-go: client.NewStdioMCPClient(command, env, args...), transport.NewStdio(command, env, args...).
    { re: new RegExp(`\\b(?:NewStdioMCPClient|NewStdio)\\(\\s*${S}\\s*,\\s*(?:nil|\\[\\]string\\s*\\{[^{}]{0,2000}\\})${SS}\\s*,?\\s*\\)`, 'g'), read: (m) => ({ command: unescape(m[1] as string), args: literals(m[2]) }) },
    // The official go-sdk: &mcp.CommandTransport{Command: exec.Command("npx", "-y", "pkg")}.
    { re: new RegExp(`\\bCommandTransport\\s*\\{\\s*Command\\s*:\\s*exec\\.Command(?:Context)?\\(\\s*(?:[A-Za-z_][\\w.]*\\s*,\\s*)?${S}${SS}\\s*,?\\s*\\)`, 'g'), read: (m) => ({ command: unescape(m[1] as string), args: literals(m[2]) }) },
    { re: new RegExp(`\\b(NewSSEMCPClient|NewStreamableHttpClient|NewStreamableHTTPClient)\\(\\s*${S}`, 'g'), read: (m) => ({ url: unescape(m[2] as string), transport: /SSE/.test(m[1] as string) ? 'sse' : 'http' }) },
    { re: new RegExp(`\\b(SSEClientTransport|StreamableClientTransport)\\s*\\{\\s*Endpoint\\s*:\\s*${S}`, 'g'), read: (m) => ({ url: unescape(m[2] as string), transport: m[1] === 'SSEClientTransport' ? 'sse' : 'http' }) },
  ],
  java: [
    // The Java SDK: ServerParameters.builder("npx").args("-y", "pkg") (or .args(List.of(…))).
    { re: new RegExp(`\\bServerParameters\\.builder\\(\\s*${S}\\s*\\)(?:\\s*\\.args\\(\\s*(?:(?:List\\.of|Arrays\\.asList)\\(\\s*)?${SL})?`, 'g'), read: (m) => ({ command: unescape(m[1] as string), args: literals(m[2]) }) },
    // LangChain4j: new StdioMcpTransport.Builder().command(List.of("npx", "-y", "pkg")).
    { re: new RegExp(`\\bStdioMcpTransport\\b[^;]{0,400}?\\.command\\(\\s*(?:List\\.of|Arrays\\.asList)\\(\\s*${SL}\\s*\\)`, 'g'), read: (m) => { const all = literals(m[1]); return all.length ? { command: all[0], args: all.slice(1) } : undefined; } },
    { re: new RegExp(`\\b(HttpClientSseClientTransport|HttpClientStreamableHttpTransport)\\.builder\\(\\s*${S}`, 'g'), read: (m) => ({ url: unescape(m[2] as string), transport: /Sse/.test(m[1] as string) ? 'sse' : 'http' }) },
    { re: new RegExp(`\\bHttpMcpTransport\\b[^;]{0,400}?\\.sseUrl\\(\\s*${S}`, 'g'), read: (m) => ({ url: unescape(m[1] as string), transport: 'sse' }) },
  ],
  csharp: [
    // The C# SDK: new StdioClientTransport(new() { Name = "x", Command = "npx", Arguments = ["-y", "pkg"] }), or the options by name.
    {
      re: /\bStdioClientTransport(?:Options)?\b[^{};]{0,120}\{((?:[^{}]|\{[^{}]{0,2000}\}){0,4000})\}/g,
      read: (m) => {
        const body = m[1] as string;
        const command = new RegExp(`\\bCommand\\s*=\\s*@?${S}`).exec(body)?.[1];
        if (command === undefined) return undefined;
        const args = /\bArguments\s*=\s*(?:\[([^\]]{0,4000})\]|new[^{};]{0,60}\{([^{}]{0,4000})\})/.exec(body);
        const name = new RegExp(`\\bName\\s*=\\s*${S}`).exec(body)?.[1];
        return { command: unescape(command), args: literals(args?.[1] ?? args?.[2]), ...(name !== undefined ? { name: unescape(name) } : {}) };
      },
    },
    {
      re: /\b(SseClientTransport|HttpClientTransport)(?:Options)?\b[^{};]{0,120}\{((?:[^{}]|\{[^{}]{0,2000}\}){0,4000})\}/g,
      read: (m) => {
        const url = new RegExp(`\\bEndpoint\\s*=\\s*new\\s*(?:Uri)?\\(\\s*${S}`).exec(m[2] as string)?.[1];
        const name = new RegExp(`\\bName\\s*=\\s*${S}`).exec(m[2] as string)?.[1];
        return url === undefined ? undefined : { url: unescape(url), transport: m[1] === 'SseClientTransport' ? 'sse' : 'http', ...(name !== undefined ? { name: unescape(name) } : {}) };
      },
    },
  ],
};
// A C# initializer body may hold one level of braces (`Arguments = new[] { … }`, `EnvironmentVariables = new() { … }`).

/** Process launches in Go, Java and C# (mcpLaunchServers). */
const LAUNCH_PATTERNS: Record<'go' | 'java' | 'csharp', Shape[]> = {
  go: [{ re: new RegExp(`\\bexec\\.Command(?:Context)?\\(\\s*(?:[A-Za-z_][\\w.]*\\s*,\\s*)?${S}${SS}\\s*,?\\s*\\)`, 'g'), read: (m) => ({ command: unescape(m[1] as string), args: literals(m[2]) }) }],
  java: [
    {
      re: new RegExp(`\\bnew\\s+ProcessBuilder\\(\\s*(?:(?:List\\.of|Arrays\\.asList)\\(\\s*)?${SL}`, 'g'),
      read: (m) => {
        const all = literals(m[1]);
        return all.length ? { command: all[0], args: all.slice(1) } : undefined;
      },
    },
  ],
  csharp: [
    { re: new RegExp(`\\b(?:Process\\.Start|new\\s+ProcessStartInfo)\\(\\s*@?${S}\\s*,\\s*@?${S}\\s*\\)`, 'g'), read: (m) => ({ command: unescape(m[1] as string), args: commandWords(unescape(m[2] as string)) }) },
    // new ProcessStartInfo { FileName = "npx", Arguments = "-y pkg" }
    {
      re: /\bProcessStartInfo\b[^{};]{0,120}\{([^{}]{0,4000})\}/g,
      read: (m) => {
        const file = new RegExp(`\\bFileName\\s*=\\s*@?${S}`).exec(m[1] as string)?.[1];
        const args = new RegExp(`\\bArguments\\s*=\\s*@?${S}`).exec(m[1] as string)?.[1];
        return file === undefined ? undefined : { command: unescape(file), args: args === undefined ? [] : commandWords(unescape(args)) };
      },
    },
  ],
};

function patternServers(path: string, text: string, lang: 'go' | 'java' | 'csharp', shapes: Shape[]): McpServer[] {
  const servers: McpServer[] = [];
  unescape = lang === 'go' ? unescapeGo : unescapeJava;
  try {
    const masked = maskComments(text, 'slash');
    let starts: number[] | undefined;
    for (const shape of shapes) {
      shape.re.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = shape.re.exec(masked)) !== null && servers.length < MAX_SERVERS) {
        const got = shape.read(m);
        if (got === undefined) continue;
        starts ??= lineStarts(text);
        const ln = lineOf(starts, m.index) + 1;
        const o: CfgNode & { t: 'obj' } = { t: 'obj', line: ln, entries: new Map() };
        const put = (k: string, v: string) => o.entries.set(k, { v: { t: 'str', line: ln, v }, line: ln });
        if (got.command !== undefined) put('command', got.command);
        if (got.args !== undefined) o.entries.set('args', { v: { t: 'arr', line: ln, items: got.args.map((a) => ({ t: 'str' as const, line: ln, v: a })) }, line: ln });
        if (got.url !== undefined) put('url', got.url);
        if (got.transport !== undefined) put('transport', got.transport);
        const s = mcpServerOf(path, got.name ?? '', ln, o);
        s.name = got.name ?? derivedName(s);
        servers.push(s);
      }
    }
  } catch {
    // The patterns are bounded; a bug must not lose the file.
  }
  return servers.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}
