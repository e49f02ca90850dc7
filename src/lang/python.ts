/**
 * The Python front-end: imports and interesting string literals of one Python source, read with
 * tree-sitter-python (the grammar's .wasm shipped inside the `tree-sitter-python` npm package)
 * through `web-tree-sitter`. Nothing is built natively and nothing is downloaded; the runtime and
 * the grammar load lazily, once per thread, on the first Python file.
 *
 * Positions are 1-based lines and columns counted in UTF-16 code units (as the text is held in
 * JavaScript); a specifier's column is where its name starts, or the opening quote (or string
 * prefix) of a string literal.
 */
import { headOf, MAX_PARSE_CHARS } from './limits.js';
import { createRequire } from 'node:module';
import type { Node as TsNode, Parser as TsParser, Query as TsQuery, Tree as TsTree } from 'web-tree-sitter';
import { MODEL_CALL_KEY, type ImportSite, type ModelCalls, type StringSite } from './types.js';
import { URL_HEAD_RE, URL_RE } from './urls.js';
import { lfBreaks, lineStarts } from '../util/lines.js';
import { bindingAt, callPlace } from './place.js';
import { isModelSetting, MODEL_TABLE_KEYS } from './config-text.js';

/** Keyword arguments and dict keys whose string values are reported with their key. */
export const PYTHON_STRING_KEYS: ReadonlySet<string> = new Set([
  'model',
  'model_name',
  'model_id',
  'engine',
  'deployment_name',
  // LangChain's AzureChatOpenAI(azure_deployment=…), the deployment_name it replaced.
  'azure_deployment',
  // The ollama package's Client(host=…) and AsyncClient(host=…): the server's URL.
  'host',
  'base_url',
  'api_base',
  // LangChain's ChatOpenAI alias of base_url; Haystack's OpenAIChatGenerator(api_base_url=…).
  'openai_api_base',
  'api_base_url',
  'endpoint',
  'azure_endpoint',
  // Mistral's SDK (and other Speakeasy-made ones): `Mistral(server_url=…)`.
  'server_url',
  // openai < 1.0 took it per call too: `openai.ChatCompletion.create(api_type="azure", …)`.
  'api_type',
]);

/**
 * Module attributes whose string values, assigned at statement level, are reported with the
 * attribute as key: openai before 1.0 was configured so (`openai.api_type = "azure"`,
 * `openai.api_base = "https://…"`).
 */
export const PYTHON_ATTR_KEYS: ReadonlySet<string> = new Set(['api_type', 'api_base']);

/** Wall-clock bound for one parse; tree-sitter is linear, this only guards pathological input. */
export const PARSE_BUDGET_MS = 5000;

/**
 * The nodes the front-end looks at, found by one tree-sitter query (run inside the wasm module,
 * which is several times faster than stepping a cursor from JavaScript). Captures come in
 * document order, so a keyword argument or dict pair comes before the string it holds.
 */
const QUERY = `
(if_statement) @if
(elif_clause) @if
(import_statement) @import
(import_from_statement) @from
(call) @call
(keyword_argument) @kwarg
(default_parameter) @param
(typed_default_parameter) @param
(pair) @pair
(assignment) @assign
(concatenated_string) @concat
(string) @string
`;

export interface Engine {
  parser: TsParser;
  query: TsQuery;
}

let parserPromise: Promise<Engine> | undefined;

async function loadParser(): Promise<Engine> {
  const { Parser, Language, Query } = await import('web-tree-sitter');
  await Parser.init();
  const require = createRequire(import.meta.url);
  const wasm = require.resolve('tree-sitter-python/tree-sitter-python.wasm');
  const language = await Language.load(wasm);
  const parser = new Parser();
  parser.setLanguage(language);
  return { parser, query: new Query(language, QUERY) };
}

export function getParser(): Promise<Engine> {
  if (!parserPromise) {
    parserPromise = loadParser();
    // A failed load (missing package) is retried on the next file rather than cached.
    parserPromise.catch(() => {
      parserPromise = undefined;
    });
  }
  return parserPromise;
}


/**
 * Whether an assignment is a statement of its own directly in the body of a class one of whose bases
 * names an enum (`class Model(str, Enum):`, `(enum.StrEnum)`: a name or attribute ending in `Enum`).
 */
function isEnumMember(assign: TsNode): boolean {
  const stmt = assign.parent;
  const block = stmt?.type === 'expression_statement' && stmt.namedChildCount === 1 ? stmt.parent : null;
  const cls = block?.type === 'block' ? block.parent : null;
  if (cls?.type !== 'class_definition' || stmt?.startPosition.row === cls.startPosition.row) return false;
  const bases = cls.childForFieldName('superclasses');
  return (bases?.namedChildren ?? []).some((b) => b !== null && (b.type === 'identifier' ? b.text : b.type === 'attribute' ? b.childForFieldName('attribute')?.text : undefined)?.endsWith('Enum') === true);
}

/** True when a literal's value is a URL (http(s) or ws(s), no whitespace). */
export function isUrl(value: string): boolean {
  return URL_RE.test(value.trim()) && value.trim() === value;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
};

/** Decodes Python escape sequences of a non-raw string body. */
export function decodeEscapes(body: string): string {
  if (!body.includes('\\')) return body;
  return body.replace(
    /\\(\r\n|\n|\r|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{1,3}|N\{[^}]*\}|.)/gs,
    (whole, esc: string) => {
      if (esc === '\n' || esc === '\r' || esc === '\r\n') return '';
      const simple = SIMPLE_ESCAPES[esc];
      if (simple !== undefined) return simple;
      const c = esc[0];
      if (c === 'x' || c === 'u' || c === 'U') {
        const cp = parseInt(esc.slice(1), 16);
        return cp <= 0x10ffff ? String.fromCodePoint(cp) : whole;
      }
      if (c !== undefined && c >= '0' && c <= '7') return String.fromCharCode(parseInt(esc, 8));
      return whole;
    },
  );
}

interface StringValue {
  /** The decoded value, or undefined when the literal has interpolations. */
  value: string | undefined;
  /** The literal text before the first interpolation (f-strings), decoded. */
  head: string;
}

/** The value of a `string` node: prefix and quotes stripped, escapes decoded unless raw. */
function stringValue(node: TsNode, text: string): StringValue {
  let start = node.startIndex;
  let end = node.endIndex;
  let raw = false;
  let interpolationAt = -1;
  for (const child of node.children) {
    if (!child) continue;
    if (child.type === 'string_start') {
      start = child.endIndex;
      raw = /r/i.test(child.text);
    } else if (child.type === 'string_end') {
      end = child.startIndex;
    } else if (child.type === 'interpolation' && interpolationAt < 0) {
      interpolationAt = child.startIndex;
    }
  }
  if (end < start) end = start;
  const decode = (s: string) => (raw ? s : decodeEscapes(s));
  if (interpolationAt >= 0) return { value: undefined, head: decode(text.slice(start, interpolationAt)) };
  const value = decode(text.slice(start, end));
  return { value, head: value };
}

/** The value of a `string` or `concatenated_string` node. */
export function literalValue(node: TsNode, text: string): StringValue | undefined {
  if (node.type === 'string') return stringValue(node, text);
  if (node.type === 'concatenated_string') {
    let value: string | undefined = '';
    let head = '';
    let headDone = false;
    for (const part of node.namedChildren) {
      if (!part || part.type !== 'string') continue;
      const v = stringValue(part, text);
      if (!headDone) {
        head += v.head;
        if (v.value === undefined) headDone = true;
      }
      value = value === undefined || v.value === undefined ? undefined : value + v.value;
    }
    return { value, head };
  }
  return undefined;
}

/**
 * A name bound to a call's result at a line's start: `client = InferenceClient(token=…)`,
 * `self.hf: AsyncInferenceClient = huggingface_hub.AsyncInferenceClient()` (an attribute by its last
 * segment; the callee's dotted head apart). Read from the lines by both readers (clientInstances),
 * so they agree.
 */
const CLIENT_BINDING = /^[ \t]*(?:self\.)?([A-Za-z_]\w*)[ \t]*(?::[^=\r\n]{1,80})?=[ \t]*(?:await[ \t]+)?((?:[A-Za-z_]\w*\.){0,4})([A-Za-z_]\w*)[ \t]*\(/gm;

/** `from x import A, B as C` or `from x import (…)` at a line's start, x no relative module: group 1 or 2 the names. */
const FROM_IMPORT = /from[ \t]+[A-Za-z_][\w.]*[ \t]+import[ \t]+(?:\(([^)]{0,4000})\)|([^\r\n#;]*))/y;

/**
 * The class names (a capital first) a file binds with `from x import …` statements, each to the
 * name it imports (`OAI` → `OpenAI` for `from openai import OpenAI as OAI`).
 */
export function importedClasses(text: string): Map<string, string> | undefined {
  let out: Map<string, string> | undefined;
  // Each `from` at a line's start (after indentation), matched there: a scan of the whole text for
  // `^` at every position took as long as reading the file.
  for (let i = text.indexOf('from'); i >= 0; i = text.indexOf('from', i + 4)) {
    let j = i - 1;
    while (j >= 0 && (text[j] === ' ' || text[j] === '\t')) j--;
    if (j >= 0 && text[j] !== '\n' && text[j] !== '\r') continue;
    FROM_IMPORT.lastIndex = i;
    const m = FROM_IMPORT.exec(text);
    if (m === null) continue;
    for (const part of (m[1] ?? m[2] ?? '').split(',')) {
      const words = part.trim().split(/\s+/);
      const bound = words.length === 3 && words[1] === 'as' ? words[2] : words.length === 1 ? words[0] : undefined;
      if (bound !== undefined && /^[A-Z]\w*$/.test(bound)) (out ??= new Map()).set(bound, words[0] as string);
    }
  }
  return out;
}

/**
 * What a notebook's other cells tell a cell's reading (notebookImports): the client instances its
 * earlier cells bound (by name: the client's callee and the binding's call, placed in its own cell,
 * `<cell>/<line>:<column>`), and the modules and classes all its cells import.
 */
export interface PythonContext {
  instances?: ReadonlyMap<string, { callee: string; call: string }>;
  /** importedModules and importedClasses of all the cells' code. */
  modules?: ReadonlySet<string>;
  classes?: ReadonlyMap<string, string>;
}

/** The call a keyed value is given to: StringSite.via and StringSite.call. */
interface CallOf {
  via: string;
  call?: string;
}

/** A name bound to a client (clientInstances): the client's callee name, and the offsets of the `(` of the calls that bind it, ascending (bindingAt picks one). */
export interface ClientInstance {
  callee: string;
  ats: number[];
}

/**
 * The names a file binds to clients (name → the client's callee name and its call): instances of
 * the clients of `calls`, and of the classes the file imports (`client = OpenAI(…)` after `from
 * openai import OpenAI`, `openai.OpenAI(…)` after `import openai`; `modules`: importedModules). A
 * method called on one (`client.text_to_image("a cat", model="org/m")`,
 * `client.chat.completions.create(model=…)`) gives its keyword values to that client
 * (StringSite.via) and to its construction call (StringSite.call), as the client's own call does. A
 * name bound to two clients is neither's; one bound more than once to the same client is that
 * client's, a use taking the binding before it (bindingAt).
 */
export function clientInstances(text: string, calls: ModelCalls | undefined, modules: ReadonlySet<string> | undefined, imported?: ReadonlyMap<string, string>): ReadonlyMap<string, ClientInstance> | undefined {
  if (calls === undefined) return undefined;
  const classes = imported ?? (text.includes('from') ? importedClasses(text) : undefined);
  // Only where some line may bind one: a client of `calls`, an imported class called, a module's class.
  const may = bindsClient(calls).test(text) || (classes !== undefined && [...classes.keys()].some((k) => text.includes(`${k}(`))) || (modules !== undefined && MODULE_CLASS_CALL.test(text));
  if (!may) return undefined;
  let out: Map<string, ClientInstance> | undefined;
  for (const m of text.matchAll(CLIENT_BINDING)) {
    const name = m[1] as string;
    const head = m[2] as string;
    const callee = m[3] as string;
    if (calls.names.has(name)) continue;
    const imported = /^[A-Z]/.test(callee) && (head === '' ? classes?.has(callee) === true : modules?.has(head.slice(0, head.indexOf('.'))) === true);
    if (!imported && !calls.names.has(callee)) continue;
    // A class of an imported module (`openai.OpenAI(…)`) is named by the module, as its keyword values are
    // (importedModules); one imported under an alias by the name it imports (`OAI` → `OpenAI`), as the import site names it.
    const client = calls.names.has(callee) ? callee : head === '' ? (classes?.get(callee) ?? callee) : head.slice(0, head.indexOf('.'));
    out ??= new Map();
    const had = out.get(name);
    const at = m.index + m[0].length - 1;
    if (had === undefined) out.set(name, { callee: client, ats: [at] });
    else if (had.callee !== client) had.callee = '';
    else had.ats.push(at);
  }
  if (out) for (const [name, x] of out) if (x.callee === '') out.delete(name);
  return out?.size ? out : undefined;
}

/** `import a, b.c as d` at a line's start: the names it binds (`a`, `d`; `b` for `import b.c`). */
const MODULE_IMPORT = /^[ \t]*import[ \t]+([\w.]+(?:[ \t]+as[ \t]+\w+)?(?:[ \t]*,[ \t]*[\w.]+(?:[ \t]+as[ \t]+\w+)?)*)[ \t]*(?:#.*)?$/gm;

/**
 * The names a file binds to modules with `import` statements (`import ollama`, `import
 * google.generativeai as genai`): a method called on one (`ollama.chat(model="llama3.1")`) gives
 * its keyword values to the module (StringSite.via is the module's name as written), as a client's
 * method does. Read from the lines by both readers, so they agree.
 */
export function importedModules(text: string): ReadonlySet<string> | undefined {
  if (!text.includes('import')) return undefined;
  let out: Set<string> | undefined;
  for (const m of text.matchAll(MODULE_IMPORT)) {
    for (const part of (m[1] as string).split(',')) {
      const [name, alias] = part.trim().split(/[ \t]+as[ \t]+/);
      const bound = alias ?? name?.split('.')[0];
      if (bound) (out ??= new Set()).add(bound);
    }
  }
  return out;
}

/** `= module.Class(`: a binding of an instance of an imported module's class, anywhere (a first test for CLIENT_BINDING). */
const MODULE_CLASS_CALL = /=[ \t]*(?:await[ \t]+)?(?:[A-Za-z_]\w*\.){1,4}[A-Z]\w*[ \t]*\(/;

/** A cheaper first test than CLIENT_BINDING's line by line: an `=` before a call of one of the clients, anywhere. */
const bindsClientRes = new WeakMap<ModelCalls, RegExp>();
function bindsClient(calls: ModelCalls): RegExp {
  let re = bindsClientRes.get(calls);
  if (re === undefined) {
    const names = [...calls.names].map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    re = names.length ? new RegExp(`=[ \\t]*(?:await[ \\t]+)?(?:[A-Za-z_]\\w*\\.){0,4}(?:${names.join('|')})[ \\t]*\\(`) : /(?!)/;
    bindsClientRes.set(calls, re);
  }
  return re;
}

/** The last name segment of a callee: `f`, or the attribute of `o.f`. */
function lastName(node: TsNode | null): string | undefined {
  if (node?.type === 'identifier') return node.text;
  return node?.type === 'attribute' ? node.childForFieldName('attribute')?.text : undefined;
}

export function dottedName(node: TsNode): string {
  if (node.type !== 'dotted_name') return node.text;
  const parts: string[] = [];
  for (const child of node.namedChildren) if (child && child.type === 'identifier') parts.push(child.text);
  return parts.join('.');
}

interface CallCandidate {
  /** `f(...)`: the name; `o.f(...)`: the attribute. */
  name: string;
  /** The object of `o.f(...)` (a plain identifier; other objects are never importlib). */
  object?: string;
  arg: TsNode;
  /** Inside a type-checking guard. */
  guarded: boolean;
}

/** The names under which a file can call the import functions (from its own imports). */
export interface ImportCallNames {
  importlib: Set<string>;
  importModule: Set<string>;
  builtins: Set<string>;
}

export function importCallNames(): ImportCallNames {
  return { importlib: new Set(['importlib']), importModule: new Set(), builtins: new Set(['builtins', '__builtin__']) };
}

/**
 * What a call `name(...)` or `object.name(...)` is, given the file's import names: importlib's
 * import_module, __import__, or neither. Shared by the parser and the fast path (python-lex.ts).
 */
export function importCallKind(call: { name: string; object?: string }, names: ImportCallNames): 'importlib' | 'dunder-import' | undefined {
  if (call.object === undefined) {
    if (call.name === '__import__') return 'dunder-import';
    return names.importModule.has(call.name) ? 'importlib' : undefined;
  }
  if (names.importlib.has(call.object)) {
    if (call.name === 'import_module') return 'importlib';
    return call.name === '__import__' ? 'dunder-import' : undefined;
  }
  return names.builtins.has(call.object) && call.name === '__import__' ? 'dunder-import' : undefined;
}

/** The modules whose `TYPE_CHECKING` is the type checkers' constant. */
export const TYPING_MODULES: ReadonlySet<string> = new Set(['typing', 'typing_extensions']);

/** The names a file can test its type-checking constant under, growing with its imports. */
export interface TypeCheckingNames {
  /** Plain names: `TYPE_CHECKING` (imported, or the `TYPE_CHECKING = False` idiom), and `from typing import TYPE_CHECKING as TC`. */
  names: Set<string>;
  /** Modules `X` of `X.TYPE_CHECKING`: typing, typing_extensions, and `import typing as t`. */
  modules: Set<string>;
}

/**
 * A type-checking guard is the statement `if TYPE_CHECKING:` (or `elif`), its condition exactly
 * one of those names, or `typing.TYPE_CHECKING` / `t.TYPE_CHECKING` for a module of them: its
 * body never runs (the constant is False at run time), so imports in it are type-only, like TS
 * `import type`. Aliases count from the import that makes them on, in file order, as Python
 * binds them. Not guards, so their imports run: the `else:` branch; `if not TYPE_CHECKING:`;
 * any other condition, `if TYPE_CHECKING or X:` (runs when X is true) and, to keep the rule
 * plain, `if TYPE_CHECKING and X:` and `if (TYPE_CHECKING):` too; `TYPE_CHECKING_X` or
 * `other.TYPE_CHECKING`. Shared by the parser and the fast path (python-lex.ts).
 */
export function typeCheckingNames(): TypeCheckingNames {
  return { names: new Set(['TYPE_CHECKING']), modules: new Set(TYPING_MODULES) };
}

/** The module name of an import call's literal argument, when it is an absolute module name. */
export function importCallModule(value: string | undefined): string | undefined {
  const specifier = value?.trim();
  return specifier && !specifier.startsWith('.') && /^[\w.]+$/u.test(specifier) ? specifier : undefined;
}

/** The annotations of a string field whose value a model-named assignment keys (python-lex's modelAssignment), blanks removed. */
const STR_ANNOTATIONS: ReadonlySet<string> = new Set(['str', 'Final', 'Optional[str]', 'Final[str]', 'ClassVar[str]', 'str|None']);

/** The module-name argument of an import call: the first positional argument or `name=`. */
function moduleArgument(args: TsNode | null): TsNode | undefined {
  if (!args || args.type !== 'argument_list') return undefined;
  for (const child of args.namedChildren) {
    if (!child || child.type === 'comment') continue;
    if (child.type === 'keyword_argument') {
      if (child.childForFieldName('name')?.text === 'name') return child.childForFieldName('value') ?? undefined;
      continue;
    }
    return child;
  }
  return undefined;
}

/**
 * The text tree-sitter is handed: every lone CR (an old Mac line end) made an LF, and every NUL a
 * blank. Python reads CR, LF and CRLF alike as line ends, but the grammar ends a line and counts a
 * row at LF only: a CR-only file was one long line of syntax errors, its positions all on row 1.
 * tree-sitter's lexer reads a NUL as the end of the input, so `import openai<NUL>` came out as an
 * import of the next line's first name. Offsets do not move (one character for one), so node
 * offsets still index the original text.
 */
export function pythonBreaks(text: string): string {
  const crs = lfBreaks(text);
  return crs.includes('\0') ? crs.replace(/\0/g, ' ') : crs;
}

/**
 * One parse within PARSE_BUDGET_MS, of the text with Python's line ends (pythonBreaks); undefined
 * (and the parser reset for the next file) when the parse fails or runs out of time. The caller
 * deletes the tree.
 */
export function parseBounded(parser: TsParser, text: string): TsTree | undefined {
  // tree-sitter's WebAssembly memory grows to the largest parse and never shrinks: a longer source
  // is parsed up to MAX_PARSE_CHARS, to a line break (src/lang/limits.ts); node offsets still
  // index the text.
  const source = headOf(text, MAX_PARSE_CHARS, MAX_PARSE_CHARS / 2);
  const deadline = performance.now() + PARSE_BUDGET_MS;
  try {
    const tree = parser.parse(pythonBreaks(source), null, { progressCallback: () => performance.now() > deadline });
    if (tree) return tree;
  } catch {
    // fall through: reset below
  }
  parser.reset();
  return undefined;
}

/**
 * Imports and string sites of one Python source. `calls`: the calls whose first positional
 * argument, a string literal, is reported under MODEL_CALL_KEY (`genai.GenerativeModel("…")`).
 * Never throws on bad input: syntax errors are recovered by tree-sitter and whatever parsed is
 * reported.
 */
export async function pythonImports(text: string, calls?: ModelCalls, context?: PythonContext): Promise<{ imports: ImportSite[]; strings: StringSite[] }> {
  const { parser, query } = await getParser();
  const imports: ImportSite[] = [];
  const strings = new Map<number, StringSite>();
  /** Names given to one call's model keyword (`model=EMBED_MODEL`), with that call; null when given to more than one. */
  const namedArgs = new Map<string, CallOf | null>();
  const importCalls: CallCandidate[] = [];
  const names = importCallNames();
  const importlibNames = names.importlib;
  const importModuleNames = names.importModule;
  const builtinsNames = names.builtins;

  const tree = parseBounded(parser, text);
  if (!tree) return { imports: [], strings: [] };

  // Type-checking guards (typeCheckingNames): the ids of their bodies.
  const guard = typeCheckingNames();
  const guardBodies = new Set<number>();
  const onGuard = (node: TsNode) => {
    const cond = node.childForFieldName('condition');
    const body = node.childForFieldName('consequence');
    if (!cond || !body) return;
    const yes =
      cond.type === 'identifier'
        ? guard.names.has(cond.text)
        : cond.type === 'attribute' && cond.childForFieldName('attribute')?.text === 'TYPE_CHECKING' && cond.childForFieldName('object')?.type === 'identifier' && guard.modules.has(cond.childForFieldName('object')!.text);
    if (yes) guardBodies.add(body.id);
  };
  /** Whether `node` is inside the body of a type-checking guard. */
  const guarded = (node: TsNode): boolean => {
    if (guardBodies.size === 0) return false;
    for (let p = node.parent; p; p = p.parent) if (guardBodies.has(p.id)) return true;
    return false;
  };

  const pos = (node: TsNode) => ({ line: node.startPosition.row + 1, column: node.startPosition.column + 1 });

  const addString = (node: TsNode, key: string | undefined, to?: CallOf) => {
    if (strings.has(node.startIndex)) return;
    const v = literalValue(node, text);
    if (!v) return;
    const by = to?.via !== undefined ? (to.call !== undefined ? { via: to.via, call: to.call } : { via: to.via }) : {};
    if (key !== undefined && v.value !== undefined) {
      strings.set(node.startIndex, { value: v.value, ...pos(node), key, ...by });
      return;
    }
    if (v.value !== undefined) {
      if (isUrl(v.value)) strings.set(node.startIndex, { value: v.value, ...pos(node) });
    } else {
      // f"https://{host}/v1" and the like: report the literal head when it names a host.
      const m = URL_HEAD_RE.exec(v.head);
      if (m && v.head.startsWith(m[0]) && !/\s/.test(v.head)) {
        strings.set(node.startIndex, { value: v.head, ...pos(node), ...(key !== undefined ? { key, ...by } : {}) });
      }
    }
  };

  /**
   * An env read with a literal default, `os.getenv("X", "gpt-4o")` or `os.environ.get("X", "gpt-4o")`
   * (`os.` optional): the default, the value the code uses where the variable is unset; else the
   * node itself (python-lex's envDefault).
   */
  const envDefault = (node: TsNode): TsNode => {
    if (node.type !== 'call') return node;
    const fn = node.childForFieldName('function');
    const args = node.childForFieldName('arguments');
    if (!fn || args?.type !== 'argument_list') return node;
    const isOs = (n: TsNode | null) => n?.type === 'identifier' && n.text === 'os';
    let ok = false;
    if (fn.type === 'identifier') ok = fn.text === 'getenv';
    else if (fn.type === 'attribute') {
      const obj = fn.childForFieldName('object');
      const attr = fn.childForFieldName('attribute')?.text;
      if (attr === 'getenv') ok = isOs(obj);
      else if (attr === 'get' && obj) ok = (obj.type === 'identifier' && obj.text === 'environ') || (obj.type === 'attribute' && obj.childForFieldName('attribute')?.text === 'environ' && isOs(obj.childForFieldName('object')));
    }
    const a = args.namedChildren.filter((c) => c !== null && c.type !== 'comment');
    return ok && a.length === 2 && a[0]?.type === 'string' && a[1]?.type === 'string' ? (a[1] as TsNode) : node;
  };

  /** The env var name argument of an env read envDefault took the default of (its first argument). */
  const envNameArg = (call: TsNode): TsNode => call.childForFieldName('arguments')?.namedChildren.filter((c) => c !== null && c.type !== 'comment')[0] as TsNode;

  /**
   * A key or keyword whose name says no model, given an env read with a literal default
   * (envDefault): the default keyed by the env var when that one's name says model
   * (`fast=os.getenv("FAST_MODEL", "gpt-4.1-nano")`; python-lex's envKeyed).
   */
  const envKeyed = (value: TsNode, to?: CallOf): void => {
    const d = envDefault(value);
    if (d === value) return;
    const env = literalValue(envNameArg(value), text)?.value;
    if (env !== undefined && isModelSetting(env)) addString(d, env, to);
  };
  // A method of a client instance gives its keyword values to the client (clientInstances), one of
  // an imported module to the module (importedModules).
  const modules = context?.modules ?? importedModules(text);
  const instances = clientInstances(text, calls, modules, context?.classes);
  const outer = context?.instances;
  let lines: number[] | undefined;
  /** The `line:column` of an offset, as the token reader places it (src/lang/place.ts). */
  const placed = (at: number): string => callPlace((lines ??= lineStarts(text, 'cr-lf')), at);
  /** The call whose argument list holds `arg` (python-lex's Br.callee and Br.at): its callee's last name and its `(` (StringSite.call). */
  const calleeOf = (arg: TsNode): CallOf | undefined => {
    const list = arg.parent;
    const call = list?.type === 'argument_list' ? list.parent : undefined;
    const fn = call?.type === 'call' ? call.childForFieldName('function') : undefined;
    const own = (via: string | undefined): CallOf | undefined => (via === undefined ? undefined : { via, call: `${pos(list as TsNode).line}:${pos(list as TsNode).column}` });
    if (fn?.type === 'identifier') return own(fn.text);
    if (fn?.type !== 'attribute') return undefined;
    const object = fn.childForFieldName('object');
    if (modules !== undefined && object?.type === 'identifier' && modules.has(object.text)) return own(object.text);
    if (instances !== undefined || outer !== undefined) {
      for (let o = fn.childForFieldName('object'); o; o = o.type === 'attribute' ? o.childForFieldName('object') : null) {
        const name = (o.type === 'attribute' ? o.childForFieldName('attribute')?.text : o.type === 'identifier' ? o.text : undefined) ?? '';
        const client = instances?.get(name);
        if (client !== undefined) return { via: client.callee, call: placed(bindingAt(client.ats, (list as TsNode).startIndex)) };
        // Bound in an earlier cell of the notebook (python-lex alike).
        const earlier = outer?.get(name);
        if (earlier !== undefined) return { via: earlier.callee, call: earlier.call };
        if (o.type !== 'attribute') break;
      }
    }
    return own(fn.childForFieldName('attribute')?.text);
  };


  /**
   * pydantic's `Field("gpt-4o", …)` or `Field(…, default="gpt-4o", …)`: the default (a string
   * literal), else undefined (python-lex's fieldDefault).
   */
  const fieldDefault = (node: TsNode): TsNode | undefined => {
    if (node.type !== 'call' || node.childForFieldName('function')?.type !== 'identifier' || node.childForFieldName('function')?.text !== 'Field') return undefined;
    const args = node.childForFieldName('arguments');
    if (args?.type !== 'argument_list') return undefined;
    const a = args.namedChildren.filter((c): c is TsNode => c !== null && c.type !== 'comment');
    if (a[0]?.type === 'string') return a[0];
    for (const kw of a) {
      if (kw.type !== 'keyword_argument' || kw.childForFieldName('name')?.text !== 'default') continue;
      const v = kw.childForFieldName('value');
      return v?.type === 'string' ? v : undefined;
    }
    return undefined;
  };

  const handleImport = (node: TsNode) => {
    for (const nameNode of node.childrenForFieldName('name')) {
      if (!nameNode) continue;
      let target = nameNode;
      let alias: string | undefined;
      if (nameNode.type === 'aliased_import') {
        target = nameNode.childForFieldName('name') ?? nameNode;
        alias = nameNode.childForFieldName('alias')?.text;
      }
      if (target.type !== 'dotted_name') continue;
      const specifier = dottedName(target);
      if (!specifier) continue;
      imports.push(guarded(node) ? { specifier, kind: 'import', ...pos(target), typeOnly: true } : { specifier, kind: 'import', ...pos(target) });
      if (specifier === 'importlib') importlibNames.add(alias ?? 'importlib');
      if (specifier === 'builtins' && alias) builtinsNames.add(alias);
      if (alias && TYPING_MODULES.has(specifier)) guard.modules.add(alias);
    }
  };

  const handleFromImport = (node: TsNode) => {
    const moduleNode = node.childForFieldName('module_name');
    if (!moduleNode || moduleNode.type !== 'dotted_name') return; // relative imports are not reported
    const specifier = dottedName(moduleNode);
    if (!specifier) return;
    const names: string[] = [];
    for (const child of node.namedChildren) {
      if (!child || child.startIndex === moduleNode.startIndex) continue;
      if (child.type === 'wildcard_import') names.push('*');
      else if (child.type === 'dotted_name') names.push(dottedName(child));
      else if (child.type === 'aliased_import') {
        const original = child.childForFieldName('name');
        const alias = child.childForFieldName('alias')?.text;
        if (original) {
          names.push(dottedName(original));
          if (specifier === 'importlib' && original.text === 'import_module') importModuleNames.add(alias ?? 'import_module');
          if (TYPING_MODULES.has(specifier) && original.text === 'TYPE_CHECKING' && alias) guard.names.add(alias);
        }
        continue;
      } else continue;
      if (specifier === 'importlib' && child.text === 'import_module') importModuleNames.add('import_module');
    }
    imports.push(guarded(node) ? { specifier, kind: 'from-import', ...pos(moduleNode), names, typeOnly: true } : { specifier, kind: 'from-import', ...pos(moduleNode), names });
  };

  /**
   * `GenerativeModel("…")`, `genai.GenerativeModel("…")`, `o.name.method("…")`: the first argument
   * when it is a string or an implicit concatenation of strings with no interpolation.
   */
  const modelCall = (node: TsNode, calls: ModelCalls) => {
    const fn = node.childForFieldName('function');
    const name = lastName(fn);
    if (name === undefined || !calls.any.has(name)) return;
    // The call a model is given to (StringSite.via): the callee's name, or the object's for a method of one.
    let via = name;
    if (!calls.names.has(name)) {
      const object = fn?.type === 'attribute' ? lastName(fn.childForFieldName('object')) : undefined;
      if (object === undefined || !calls.names.has(object)) return;
      via = object;
    }
    const args = node.childForFieldName('arguments');
    if (!args || args.type !== 'argument_list') return;
    const first = args.namedChildren.find((c) => c !== null && c.type !== 'comment');
    if (!first || (first.type !== 'string' && first.type !== 'concatenated_string')) return;
    const v = literalValue(first, text)?.value;
    if (v !== undefined && !strings.has(first.startIndex)) strings.set(first.startIndex, { value: v, ...pos(first), key: MODEL_CALL_KEY, via, call: `${pos(args).line}:${pos(args).column}` });
  };

  const handleCall = (node: TsNode) => {
    const fn = node.childForFieldName('function');
    if (!fn) return;
    // `os.environ.setdefault("OPENAI_MODEL", "gpt-4o")`: the value keyed by a name that says it holds a model (python-lex's envSetDefault).
    if (fn.type === 'attribute' && fn.childForFieldName('attribute')?.text === 'setdefault') {
      const obj = fn.childForFieldName('object');
      const isEnviron = obj?.type === 'identifier' ? obj.text === 'environ' : obj?.type === 'attribute' && obj.childForFieldName('attribute')?.text === 'environ' && obj.childForFieldName('object')?.type === 'identifier' && obj.childForFieldName('object')?.text === 'os';
      const a = node.childForFieldName('arguments')?.namedChildren.filter((c): c is TsNode => c !== null && c.type !== 'comment') ?? [];
      const key = isEnviron && a.length === 2 && a[0]?.type === 'string' && a[1]?.type === 'string' ? literalValue(a[0], text)?.value : undefined;
      if (key !== undefined && isModelSetting(key) && literalValue(a[1] as TsNode, text)?.value !== undefined) addString(a[1] as TsNode, key);
    }
    let candidate: Omit<CallCandidate, 'arg' | 'guarded'> | undefined;
    if (fn.type === 'identifier') {
      // Any plain call may be `import_module` under a local alias; resolved after the walk.
      candidate = { name: fn.text };
    } else if (fn.type === 'attribute') {
      const object = fn.childForFieldName('object');
      const attr = fn.childForFieldName('attribute')?.text;
      if (object?.type !== 'identifier' || (attr !== 'import_module' && attr !== '__import__')) return;
      candidate = { name: attr, object: object.text };
    }
    if (!candidate) return;
    const arg = moduleArgument(node.childForFieldName('arguments'));
    if (!arg || (arg.type !== 'string' && arg.type !== 'concatenated_string')) return;
    importCalls.push({ ...candidate, arg, guarded: guarded(node) });
  };

  try {
    // Strings inside a concatenation (or an f-string's interpolation) are part of the outer value.
    let literalEnd = -1;
    for (const { name, node } of query.captures(tree.rootNode)) {
      switch (name) {
        case 'if':
          onGuard(node);
          break;
        case 'import':
          handleImport(node);
          break;
        case 'from':
          handleFromImport(node);
          break;
        case 'call':
          // A call inside an f-string's field is part of the literal (the fast path reads no
          // tokens there).
          if (calls && node.startIndex >= literalEnd) modelCall(node, calls);
          handleCall(node);
          break;
        case 'kwarg': {
          const key = node.childForFieldName('name')?.text;
          const value = node.childForFieldName('value');
          if (key !== undefined && value && (PYTHON_STRING_KEYS.has(key) || isModelSetting(key))) {
            // `model=EMBED_MODEL`: the constant's model is given to this call (python-lex's namedArgs).
            if (value.type === 'identifier' && isModelSetting(key)) {
              const to = calleeOf(node);
              if (to !== undefined) namedArgs.set(value.text, namedArgs.has(value.text) ? null : to);
            } else addString(envDefault(value), key, calleeOf(node));
          } else if (key !== undefined && value) envKeyed(value, calleeOf(node));
          break;
        }
        case 'param': {
          // `def chat(prompt, model="gpt-4.1-mini")`, `model: str = "…"` (one name as the type):
          // the default keyed by the parameter's name (python-lex's paramName); not a lambda's.
          const name = node.childForFieldName('name');
          const value = node.childForFieldName('value');
          const type = node.childForFieldName('type');
          const inDef = node.parent?.type === 'parameters' && node.parent.parent?.type === 'function_definition';
          const plainType = type === null || (type.namedChildCount === 1 && type.namedChildren[0]?.type === 'identifier');
          const key = name?.type === 'identifier' ? name.text : undefined;
          if (inDef && plainType && key !== undefined && value && (PYTHON_STRING_KEYS.has(key) || isModelSetting(key))) addString(envDefault(value), key);
          break;
        }
        case 'assign': {
          // `openai.api_type = "azure"`: an attribute target, a string value (not a tuple or a chain).
          const left = node.childForFieldName('left');
          const right = node.childForFieldName('right');
          const attr = left?.type === 'attribute' ? left.childForFieldName('attribute')?.text : undefined;
          if (attr !== undefined && right && (right.type === 'string' || right.type === 'concatenated_string') && PYTHON_ATTR_KEYS.has(attr) && node.parent?.type === 'expression_statement') addString(right, attr);
          // `MODEL = "gpt-4o"`, `EMBEDDING_MODEL: str = "…"`, `self.model_name = "…"`: one string keyed by a
          // name that says it holds a model (python-lex's modelAssignment).
          const name = left?.type === 'identifier' ? left.text : attr;
          const type = node.childForFieldName('type');
          // `os.environ["OPENAI_MODEL_NAME"] = "gpt-4o"`: keyed by the env var's name (python-lex's envAssignment).
          if (left?.type === 'subscript' && right?.type === 'string' && type === null && node.parent?.type === 'expression_statement') {
            const obj = left.childForFieldName('value');
            const idx = left.childrenForFieldName('subscript').filter((c): c is TsNode => c !== null);
            const isEnviron = obj?.type === 'identifier' ? obj.text === 'environ' : obj?.type === 'attribute' && obj.childForFieldName('attribute')?.text === 'environ' && obj.childForFieldName('object')?.type === 'identifier' && obj.childForFieldName('object')?.text === 'os';
            const envName = idx.length === 1 && idx[0]?.type === 'string' ? literalValue(idx[0], text)?.value : undefined;
            if (isEnviron && envName !== undefined && isModelSetting(envName) && literalValue(right, text)?.value !== undefined) addString(right, envName);
          }
          const named = name !== undefined && isModelSetting(name);
          const value = right ? ((named ? fieldDefault(right) : undefined) ?? envDefault(right)) : undefined;
          // A name that says no model given an env var's default: keyed by the env var when its
          // name says model (python-lex's modelAssignment).
          const envName = !named && right && value !== right && value !== undefined ? literalValue(envNameArg(right), text)?.value : undefined;
          const key = named ? name : envName !== undefined && isModelSetting(envName) ? envName : undefined;
          if (name !== undefined && key !== undefined && value?.type === 'string' && (type === null || STR_ANNOTATIONS.has(type.text.replace(/\s+/g, ''))) && node.parent?.type === 'expression_statement') addString(value, key);
          // `GPT4O = "gpt-4o"` in an enum class's body (python-lex's enumMember): keyed by the member's name.
          if (left?.type === 'identifier' && right?.type === 'string' && type === null && literalValue(right, text)?.value !== undefined && isEnumMember(node)) addString(right, left.text);
          break;
        }
        case 'pair': {
          const keyNode = node.childForFieldName('key');
          const value = node.childForFieldName('value');
          if (keyNode && value && keyNode.type === 'string') {
            const key = literalValue(keyNode, text)?.value;
            if (key !== undefined && (PYTHON_STRING_KEYS.has(key) || isModelSetting(key))) addString(envDefault(value), key);
            // A model table's entry (`[{"name": "gpt-4.1", …}]`, python-lex alike): a dict that is a list literal's element.
            else if (key !== undefined && MODEL_TABLE_KEYS.has(key) && value.type === 'string' && node.parent?.parent?.type === 'list') addString(value, key);
            else if (key !== undefined) envKeyed(value);
          }
          break;
        }
        case 'concat':
        case 'string':
          if (node.startIndex < literalEnd) break;
          addString(node, undefined);
          literalEnd = node.endIndex;
          break;
      }
    }

    for (const call of importCalls) {
      const kind = importCallKind(call, names);
      const specifier = kind && importCallModule(literalValue(call.arg, text)?.value);
      if (kind && specifier) imports.push(call.guarded ? { specifier, kind, ...pos(call.arg), typeOnly: true } : { specifier, kind, ...pos(call.arg) });
    }
  } finally {
    tree.delete();
  }

  // A model a name holds given by that name to one call: that call's (python-lex alike).
  if (namedArgs.size > 0) {
    for (const [at, s] of strings) {
      const to = s.key !== undefined && s.via === undefined ? namedArgs.get(s.key) : undefined;
      if (to !== undefined && to !== null) strings.set(at, to.call !== undefined ? { ...s, via: to.via, call: to.call } : { ...s, via: to.via });
    }
  }
  const byPos = (a: { line: number; column: number }, b: { line: number; column: number }) =>
    a.line - b.line || a.column - b.column;
  imports.sort(byPos);
  return { imports, strings: [...strings.values()].sort(byPos) };
}
