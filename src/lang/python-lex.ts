/**
 * The Python fast path: the same imports and string sites as the tree-sitter front-end
 * (src/lang/python.ts), read by a single-pass lexer and a small token-level grammar for the few
 * constructs that matter (import statements, import calls, keyword arguments, dict pairs, string
 * literals, the first argument of the calls that take a model name). It knows where it is unsure and then answers `undefined`; the caller parses the file
 * with tree-sitter instead. A differential test (test/lang/fast-path.test.ts) holds both front-ends
 * to the same output on every fixture and on generated trees.
 *
 * Why it exists: tree-sitter through wasm parsed about 5 MB/s here; most files that mention an AI
 * package only need their import lines and a handful of strings, and this lexer reads them at
 * several hundred MB/s.
 *
 * Unsure means: an unterminated string, a string or comment inside an f-string interpolation,
 * a `match` statement, a stray backslash, or a token sequence the grammar below does not expect
 * in an import statement.
 */
import { MAX_TOKENS } from './limits.js';
import { isModelSetting, MODEL_TABLE_KEYS } from './config-text.js';
import { clientInstances, decodeEscapes, importCallKind, importedModules, importCallModule, importCallNames, isUrl, PYTHON_ATTR_KEYS, PYTHON_STRING_KEYS, TYPING_MODULES, typeCheckingNames, type PythonContext } from './python.js';
import { MODEL_CALL_KEY, type ImportSite, type ModelCalls, type StringSite } from './types.js';
import { lineStarts } from '../util/lines.js';
import { bindingAt, placeSites, type RawSites, type RawString } from './place.js';
import { URL_HEAD_RE } from './urls.js';

export const enum T {
  Name = 1,
  Str = 2,
  Op = 3,
  Newline = 4,
  Num = 5,
}

export interface Tok {
  t: T;
  s: number;
  e: number;
  /** Name text, or operator text. */
  v: string;
  /** Strings: start and end of the body (inside the quotes), raw prefix, first interpolation. */
  bs: number;
  be: number;
  raw: boolean;
  interp: number;
}

/**
 * Token objects are pooled per thread and reused file after file (the lexer is synchronous and
 * nothing it returns holds a token): a fresh object per token was most of the garbage a large tree
 * made. Every token has the same shape (one hidden class for V8).
 */
const pool: Tok[] = [];
let pooled = 0;
/**
 * Tokens the pool keeps between files: a large file's (an 8 MiB generated module has millions)
 * would otherwise stay allocated, about 90 bytes each, for the rest of the scan.
 */
export const POOL_KEEP = 1 << 16;

/** How many token objects the pool holds (for tests). */
export function pooledTokens(): number {
  return pool.length;
}

function tok(t: T, s: number, e: number, v: string): Tok {
  if (pooled >= MAX_TOKENS) throw new TooManyTokens(`more than ${MAX_TOKENS} tokens`);
  let o = pool[pooled];
  if (o === undefined) {
    o = { t, s, e, v, bs: 0, be: 0, raw: false, interp: -1 };
    pool.push(o);
  } else {
    o.t = t;
    o.s = s;
    o.e = e;
    o.v = v;
    o.bs = 0;
    o.be = 0;
    o.raw = false;
    o.interp = -1;
  }
  pooled++;
  return o;
}

export class Unsure extends Error {}

/**
 * The lexer stopped at MAX_TOKENS (src/lang/limits.ts; about 140 bytes a token while the file is
 * read). A file that long is generated data: a 3.4 MB rule graph has 825,000 tokens.
 */
export class TooManyTokens extends Unsure {}

const PREFIX = /^(?:[rRuUbBfFtT]|[rR][bBfFtT]|[bBfFtT][rR])$/;

function isIdStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c >= 0x80;
}
function isIdPart(c: number): boolean {
  return isIdStart(c) || (c >= 48 && c <= 57);
}

/**
 * Lexes a Python source into the tokens the token readers need (comments and indentation
 * dropped; a newline token ends each logical line). Throws Unsure where the lexer cannot be sure
 * (see the header). The tokens are pooled: they are valid until the next call, so a reader must
 * be done with them before it lexes another file.
 */
export function lexPython(text: string): Tok[] {
  if (text === lastText && lastToks) return lastToks;
  lastText = undefined;
  lastToks = lex(text);
  lastText = text;
  return lastToks;
}

/**
 * The last file lexed and its tokens: the import reader and the Hugging Face reader read the same
 * file one after the other, and lexing it once is enough (the pool makes the tokens valid only
 * until the next lex anyway).
 */
let lastText: string | undefined;
let lastToks: Tok[] | undefined;

function lex(text: string): Tok[] {
  const toks: Tok[] = [];
  pooled = 0;
  if (pool.length > POOL_KEEP) pool.length = POOL_KEEP;
  const n = text.length;
  let depth = 0;
  let i = 0;
  const newline = (at: number) => {
    if (depth === 0) {
      const last = toks[toks.length - 1];
      if (last && last.t !== T.Newline) toks.push(tok(T.Newline, at, at + 1, ''));
    }
  };
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 12 || c === 11) {
      i++;
    } else if (c === 10 || c === 13) {
      newline(i);
      i++;
    } else if (c === 35) {
      // '#' comment, to the end of the line.
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 10 || d === 13) break;
        i++;
      }
    } else if (c === 92) {
      // Backslash: a line continuation, nothing else is valid here.
      const d = text.charCodeAt(i + 1);
      if (d === 10) i += 2;
      else if (d === 13) i += text.charCodeAt(i + 2) === 10 ? 3 : 2;
      else throw new Unsure('stray backslash');
    } else if (c === 34 || c === 39) {
      i = lexString(text, i, i, '', toks);
    } else if (isIdStart(c)) {
      const s = i;
      i++;
      while (i < n && isIdPart(text.charCodeAt(i))) i++;
      const q = text.charCodeAt(i);
      if ((q === 34 || q === 39) && i - s <= 2 && PREFIX.test(text.slice(s, i))) {
        i = lexString(text, s, i, text.slice(s, i), toks);
      } else {
        toks.push(tok(T.Name, s, i, text.slice(s, i)));
      }
    } else if ((c >= 48 && c <= 57) || (c === 46 && (text.charCodeAt(i + 1) | 0) >= 48 && text.charCodeAt(i + 1) <= 57)) {
      const s = i;
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (isIdPart(d) || d === 46) i++;
        else if ((d === 43 || d === 45) && (text.charCodeAt(i - 1) | 32) === 101 && !/[xX]/.test(text.slice(s, i))) i++;
        else break;
      }
      toks.push(tok(T.Num, s, i, ''));
    } else {
      const d = text.charCodeAt(i + 1);
      let len = 1;
      if (c === 46) len = d === 46 && text.charCodeAt(i + 2) === 46 ? 3 : 1;
      else if (c === 40 || c === 41 || c === 91 || c === 93 || c === 123 || c === 125 || c === 44 || c === 59) len = 1;
      else if ((c === 42 || c === 47 || c === 62 || c === 60) && d === c) len = text.charCodeAt(i + 2) === 61 ? 3 : 2;
      else if (d === 61 && (c === 61 || c === 33 || c === 60 || c === 62 || c === 58 || c === 43 || c === 45 || c === 42 || c === 47 || c === 37 || c === 38 || c === 124 || c === 94 || c === 64)) len = 2;
      else if (c === 45 && d === 62) len = 2;
      const op = len === 1 ? (text[i] as string) : text.slice(i, i + len);
      if (op === '(' || op === '[' || op === '{') depth++;
      else if (op === ')' || op === ']' || op === '}') {
        if (depth === 0) throw new Unsure('unbalanced brackets');
        depth--;
      }
      toks.push(tok(T.Op, i, i + op.length, op));
      i += op.length;
    }
  }
  // Unbalanced brackets: a syntax error, which the parser recovers from in its own way.
  if (depth !== 0) throw new Unsure('unbalanced brackets');
  return toks;
}

/** Lexes one string literal starting at `s` (prefix included) whose quote is at `q`. */
function lexString(text: string, s: number, q: number, prefix: string, toks: Tok[]): number {
  const quote = text.charCodeAt(q);
  const triple = text.charCodeAt(q + 1) === quote && text.charCodeAt(q + 2) === quote;
  const isF = /[fFtT]/.test(prefix);
  const raw = /[rR]/.test(prefix);
  const bs = q + (triple ? 3 : 1);
  const n = text.length;
  let i = bs;
  let interp = -1;
  for (;;) {
    if (i >= n) throw new Unsure('unterminated string');
    const c = text.charCodeAt(i);
    if (c === 92) {
      // An escape (raw strings too: a backslash still keeps the next quote inside the string).
      i += text.charCodeAt(i + 1) === 13 && text.charCodeAt(i + 2) === 10 ? 3 : 2;
      continue;
    }
    if (c === quote) {
      if (!triple) break;
      if (text.charCodeAt(i + 1) === quote && text.charCodeAt(i + 2) === quote) break;
      i++;
      continue;
    }
    if ((c === 10 || c === 13) && !triple) throw new Unsure('unterminated string');
    if (isF && c === 123) {
      if (text.charCodeAt(i + 1) === 123) {
        i += 2;
        continue;
      }
      if (interp < 0) interp = i;
      i = skipInterpolation(text, i + 1, triple, quote);
      continue;
    }
    i++;
  }
  const be = i;
  const e = i + (triple ? 3 : 1);
  const t = tok(T.Str, s, e, '');
  t.bs = bs;
  t.be = be;
  t.raw = raw;
  t.interp = interp;
  toks.push(t);
  return e;
}

/**
 * Skips an f-string replacement field from just after its `{` to just after its `}`. Strings in
 * the field's expression (`f"{d['k']}"`) are skipped too; the parser leaves them out of the string
 * sites (they are part of the outer literal) unless they are the value of a keyword argument or a
 * dict pair, so a string after `=` or `:` makes the lexer unsure, as do comments, backslashes,
 * nested f-strings, the outer quote reused (PEP 701) and quotes in a format spec.
 */
function skipInterpolation(text: string, i: number, triple: boolean, outer: number): number {
  let depth = 0;
  let spec = false;
  let last = 0; // the last non-blank character code
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 35 || c === 92) throw new Unsure('comment or backslash in an f-string field');
    if ((c === 10 || c === 13) && !triple) throw new Unsure('newline in an f-string field');
    if (c === 34 || c === 39) {
      if (spec || c === outer) throw new Unsure('quote in an f-string field');
      if (last === 61 || last === 58) throw new Unsure('string after = or : in an f-string field');
      if (isIdPart(text.charCodeAt(i - 1)) && /[fFtT]/.test(text[i - 1] ?? '')) throw new Unsure('nested f-string');
      if (text.charCodeAt(i + 1) === c && text.charCodeAt(i + 2) === c) throw new Unsure('triple-quoted string in an f-string field');
      let j = i + 1;
      for (;;) {
        if (j >= n) throw new Unsure('unterminated string in an f-string field');
        const d = text.charCodeAt(j);
        if (d === c) break;
        if (d === 92 || d === 10 || d === 13) throw new Unsure('backslash or newline in a string in an f-string field');
        j++;
      }
      i = j + 1;
      last = c;
      continue;
    }
    if (c === 40 || c === 91 || c === 123) depth++;
    else if (c === 41 || c === 93) depth--;
    else if (c === 125) {
      if (depth === 0) return i + 1;
      depth--;
    } else if (c === 58 && depth === 0 && text.charCodeAt(i + 1) !== 61) spec = true;
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) {
      // `==`, `!=`, `<=`, `>=` are comparisons, not a keyword argument's `=`.
      last = c === 61 && (last === 61 || last === 33 || last === 60 || last === 62) ? 0 : c;
    }
    i++;
  }
  throw new Unsure('unterminated f-string field');
}

interface Value {
  value: string | undefined;
  head: string;
}

export function tokValue(tok: Tok, text: string): Value {
  const bs = tok.bs;
  const be = tok.be;
  const decode = (s: string) => (tok.raw ? s : decodeEscapes(s));
  const interp = tok.interp;
  if (interp >= 0) return { value: undefined, head: decode(text.slice(bs, interp)) };
  const value = decode(text.slice(bs, be));
  return { value, head: value };
}

/** The value of the string group toks[a..b) (adjacent strings concatenate). */
function groupValue(toks: Tok[], a: number, b: number, text: string): Value {
  if (b - a === 1) return tokValue(toks[a] as Tok, text);
  let value: string | undefined = '';
  let head = '';
  let headDone = false;
  for (let k = a; k < b; k++) {
    const v = tokValue(toks[k] as Tok, text);
    if (!headDone) {
      head += v.head;
      if (v.value === undefined) headDone = true;
    }
    value = value === undefined || v.value === undefined ? undefined : value + v.value;
  }
  return { value, head };
}


/** Keywords after which `(` opens a parenthesized expression, not a call's arguments. */
const NOT_CALLEE = new Set(['if', 'elif', 'while', 'for', 'in', 'not', 'and', 'or', 'is', 'return', 'yield', 'await', 'assert', 'del', 'with', 'as', 'else', 'lambda', 'import', 'from', 'raise', 'except']);

/**
 * Imports and string sites of one Python source, or `undefined` when the fast path is unsure
 * (the caller then uses the tree-sitter front-end). `calls` as in pythonImports.
 */
export function pythonImportsFast(text: string, calls?: ModelCalls, onUnsure?: (reason: string) => void, context?: PythonContext): { imports: ImportSite[]; strings: StringSite[] } | undefined {
  try {
    // Positions: 1-based lines split at CR, LF and CRLF as Python (and this lexer) reads them,
    // columns in UTF-16 code units; sites sort by position like the parser's output.
    return placeSites(readTokens(lexPython(text), text, calls, context), lineStarts(text, 'cr-lf'));
  } catch (e) {
    if (e instanceof Unsure) {
      onUnsure?.(e.message);
      return undefined;
    }
    throw e;
  }
}

/** One name of an import statement: the dotted name, the token it starts at, its alias. */
export interface ImportedName {
  name: string;
  at: number;
  alias?: string;
}

/** An import statement read from its first token: `import a.b as c, d` or `from .m import (x as y, z)`. */
export type ImportStatement =
  | { kind: 'import'; names: ImportedName[]; next: number }
  | { kind: 'from'; relative: boolean; module?: string; moduleAt: number; names: ImportedName[]; star: boolean; next: number };

/**
 * Reads the import statement whose `import` or `from` keyword is toks[k] (at a statement start),
 * up to its end; `next` is the index of the token that ends it. Throws Unsure on anything else.
 */
export function readImportStatement(toks: Tok[], k: number): ImportStatement {
  const isOp = (j: number, v: string) => {
    const t = toks[j];
    return t !== undefined && t.t === T.Op && t.v === v;
  };
  const isName = (j: number) => toks[j]?.t === T.Name;
  const isWord = (j: number, v: string) => toks[j]?.t === T.Name && toks[j]?.v === v;
  const stmtEnd = (j: number) => {
    const t = toks[j];
    return t === undefined || t.t === T.Newline || (t.t === T.Op && t.v === ';');
  };
  const dotted = (j: number): { name: string; next: number } | undefined => {
    if (!isName(j)) return undefined;
    let name = (toks[j] as Tok).v;
    let e = j + 1;
    while (isOp(e, '.') && isName(e + 1)) {
      name += '.' + (toks[e + 1] as Tok).v;
      e += 2;
    }
    if (isOp(e, '.')) throw new Unsure('dangling dot in a dotted name');
    return { name, next: e };
  };
  /** `name [as alias]` at j. */
  const named = (j: number, what: string): { item: ImportedName; next: number } => {
    const d = dotted(j);
    if (!d) throw new Unsure(`${what} without a name`);
    // Every item has the same properties (alias too, undefined when there is none): items of two
    // shapes cost the readers that walk them their optimized code.
    const item: ImportedName = { name: d.name, at: j, alias: undefined };
    let e = d.next;
    if (isWord(e, 'as')) {
      if (!isName(e + 1)) throw new Unsure('import as without a name');
      item.alias = (toks[e + 1] as Tok).v;
      e += 2;
    }
    return { item, next: e };
  };
  const names: ImportedName[] = [];
  if ((toks[k] as Tok).v === 'import') {
    let j = k + 1;
    for (;;) {
      const r = named(j, 'import');
      names.push(r.item);
      j = r.next;
      if (isOp(j, ',')) {
        j++;
        continue;
      }
      if (!stmtEnd(j)) throw new Unsure('unexpected token in an import statement');
      return { kind: 'import', names, next: j };
    }
  }
  let j = k + 1;
  let relative = false;
  while (isOp(j, '.') || isOp(j, '...')) {
    relative = true;
    j++;
  }
  let module: string | undefined;
  let moduleAt = -1;
  if (isName(j) && !isWord(j, 'import')) {
    moduleAt = j;
    const d = dotted(j) as { name: string; next: number };
    module = d.name;
    j = d.next;
  }
  if (!isWord(j, 'import')) throw new Unsure('from without import');
  j++;
  const paren = isOp(j, '(');
  if (paren) j++;
  let star = false;
  if (isOp(j, '*')) {
    star = true;
    j++;
  } else {
    for (;;) {
      if (paren && isOp(j, ')')) break;
      const r = named(j, 'from-import');
      names.push(r.item);
      j = r.next;
      if (isOp(j, ',')) {
        j++;
        continue;
      }
      break;
    }
  }
  if (paren) {
    if (!isOp(j, ')')) throw new Unsure('unclosed from-import list');
    j++;
  }
  if (!stmtEnd(j)) throw new Unsure('unexpected token in a from-import');
  return { kind: 'from', relative, ...(module !== undefined ? { module } : {}), moduleAt, names, star, next: j };
}

/**
 * The indentation of the physical line whose first token starts at `s`: the blanks before it. A
 * form feed, or anything else before the token, makes the lexer unsure (Python and tree-sitter
 * count a form feed differently).
 */
function indentOf(text: string, s: number): string {
  let i = s;
  while (i > 0) {
    const c = text.charCodeAt(i - 1);
    if (c === 10 || c === 13) break;
    if (c !== 32 && c !== 9) throw new Unsure('indentation the lexer cannot compare');
    i--;
  }
  return text.slice(i, s);
}

/**
 * Follows a logical line of indentation `ind` into a stack of open indented blocks (a header line's
 * indentation, its body's once seen), outermost first: the first line after a header that is deeper
 * opens its body; otherwise the block is empty (as tree-sitter reads the IndentationError) and the
 * line is after it; a line less deep than a body closes it. Whether the line is directly in the
 * innermost open body. Throws Unsure on indentation it cannot compare (tabs against blanks).
 */
function enterBlocks(blocks: { indent: string; body: string | undefined }[], ind: string): boolean {
  for (;;) {
    const b = blocks[blocks.length - 1];
    if (b === undefined) return false;
    if (b.body === undefined) {
      if (ind.length > b.indent.length && ind.startsWith(b.indent)) {
        b.body = ind;
        return true;
      }
      if (!b.indent.startsWith(ind) && !ind.startsWith(b.indent)) throw new Unsure('indentation the lexer cannot compare');
      blocks.pop();
      continue;
    }
    if (ind.startsWith(b.body)) return ind === b.body;
    if (!b.body.startsWith(ind)) throw new Unsure('indentation the lexer cannot compare');
    blocks.pop();
  }
}

function readTokens(toks: Tok[], text: string, calls: ModelCalls | undefined, context: PythonContext | undefined): RawSites {
  const imports: { site: ImportSite; at: number }[] = [];
  // Type-checking guards (typeCheckingNames in python.ts): the names the file can test.
  const guard = typeCheckingNames();
  /** Open `if TYPE_CHECKING:` blocks, outermost first: the `if` line's indentation, its body's (once seen). */
  const guards: { indent: string; body: string | undefined }[] = [];
  /** A one-line `if TYPE_CHECKING: import x` runs to the end of its logical line. */
  let guardLine = false;
  /** Open `class X(Enum):` blocks (a base whose name ends in `Enum`), outermost first: the class line's indentation, its body's. */
  const enums: { indent: string; body: string | undefined }[] = [];
  /** Whether the current logical line is a statement of an enum class's body (not of a method in it). */
  let enumLine = false;
  const typeOnly: ImportSite[] = [];
  const strings = new Map<number, RawString>();
  const names = importCallNames();
  const importlibNames = names.importlib;
  const importModuleNames = names.importModule;
  const builtinsNames = names.builtins;
  const importCalls: { name: string; object?: string; arg: number; guarded: boolean }[] = [];
  const n = toks.length;
  const tok = (k: number): Tok | undefined => toks[k];
  const isOp = (k: number, v: string) => {
    const t = toks[k];
    return t !== undefined && t.t === T.Op && t.v === v;
  };
  /**
   * At `=` (token k) after a name: a statement assigning one string alone to a name that says it
   * holds a model, plain, annotated with `str`, or an attribute's (`self.model_name`); the string
   * is reported keyed by that name.
   */
  /**
   * At token v, an env read with a literal default, `os.getenv("X", "gpt-4o")` or
   * `os.environ.get("X", "gpt-4o")` (`os.` optional, a trailing comma allowed): the default's token,
   * the value the code uses where the variable is unset; else v (python.ts: envDefault).
   */
  const envDefault = (v: number): number => {
    let j = v;
    if (tok(j)?.t === T.Name && (toks[j] as Tok).v === 'os' && isOp(j + 1, '.')) j += 2;
    const f = tok(j);
    if (f?.t !== T.Name) return v;
    if (f.v === 'getenv') j += 1;
    else if (f.v === 'environ' && isOp(j + 1, '.') && tok(j + 2)?.t === T.Name && (toks[j + 2] as Tok).v === 'get') j += 3;
    else return v;
    if (!isOp(j, '(') || tok(j + 1)?.t !== T.Str || !isOp(j + 2, ',') || tok(j + 3)?.t !== T.Str) return v;
    return isOp(j + 4, ')') || (isOp(j + 4, ',') && isOp(j + 5, ')')) ? j + 3 : v;
  };
  /**
   * At `=` (token k) in a function's parameter list: the parameter's name when the `=` gives its
   * default (`, model =` or `, model: str =`), else undefined.
   */
  const paramName = (k: number): string | undefined => {
    const starts = (j: number) => isOp(j, '(') || isOp(j, ',');
    const n1 = tok(k - 1);
    if (n1?.t !== T.Name) return undefined;
    if (starts(k - 2)) return n1.v;
    const n3 = tok(k - 3);
    return isOp(k - 2, ':') && n3?.t === T.Name && starts(k - 4) ? n3.v : undefined;
  };
  /** The token after the call envDefault's default `d` ends. */
  const envDefaultEnd = (d: number) => (isOp(d + 1, ',') ? d + 3 : d + 2);
  /** The env var envDefault's default `d` is the fallback of (the call's first argument). */
  const envNameOf = (d: number) => tokValue(toks[d - 2] as Tok, text).value;
  /**
   * A key or keyword whose name says no model, given envDefault's default `d`: the default keyed
   * by the env var when that one's name says model (python.ts: envKeyed).
   */
  const envKeyed = (d: number, top?: Br): void => {
    const env = envNameOf(d);
    if (env !== undefined && isModelSetting(env)) addKeyed(d, env, envDefaultEnd(d), top);
  };
  /**
   * At token v, pydantic's `Field("gpt-4o", …)` or `Field(…, default="gpt-4o", …)`: the default's
   * token and the token after the call's `)`; else undefined (python.ts: fieldDefault).
   */
  const fieldDefault = (v: number): { value: number; end: number } | undefined => {
    const f = tok(v);
    if (f?.t !== T.Name || f.v !== 'Field' || !isOp(v + 1, '(')) return undefined;
    let value = -1;
    let depth = 0;
    for (let j = v + 1; j < n && j < v + 400; j++) {
      const t = toks[j] as Tok;
      if (t.t === T.Op && (t.v === '(' || t.v === '[' || t.v === '{')) depth++;
      else if (t.t === T.Op && (t.v === ')' || t.v === ']' || t.v === '}')) {
        if (--depth === 0) return value < 0 ? undefined : { value, end: j + 1 };
      } else if (depth === 1 && t.t === T.Str && (isOp(j + 1, ',') || isOp(j + 1, ')'))) {
        // The first argument, or `default=`.
        if (j === v + 2 || (isOp(j - 1, '=') && tok(j - 2)?.v === 'default' && tok(j - 2)?.t === T.Name && (isOp(j - 3, '(') || isOp(j - 3, ',')))) value = value < 0 ? j : value;
      }
    }
    // A call past the bound (or never closed): the parser reads it.
    throw new Unsure('Field() call too long to read');
  };
  /**
   * At `=` (token k) after `]`: a statement setting an env var named for a model to one string,
   * `os.environ["OPENAI_MODEL_NAME"] = "gpt-4o"` (CrewAI's documented setup; `environ[…]` after
   * `from os import environ`): the string keyed by the variable's name (python.ts alike).
   */
  const envAssignment = (k: number): boolean => {
    const keyTok = tok(k - 2);
    if (keyTok?.t !== T.Str || !isOp(k - 3, '[') || tok(k - 4)?.t !== T.Name || (toks[k - 4] as Tok).v !== 'environ') return false;
    let j = k - 4;
    if (isOp(j - 1, '.')) {
      if (tok(j - 2)?.t !== T.Name || (toks[j - 2] as Tok).v !== 'os') return false;
      j -= 2;
    }
    const before = tok(j - 1);
    if (!(before === undefined || before.t === T.Newline || (before.t === T.Op && before.v === ';'))) return false;
    const key = tokValue(keyTok, text).value;
    if (key === undefined || !isModelSetting(key) || tok(k + 1)?.t !== T.Str || groupEnd(k + 1) !== k + 2 || !stmtEnd(k + 2)) return false;
    const start = (toks[k + 1] as Tok).s;
    const value = groupValue(toks, k + 1, k + 2, text).value;
    if (value !== undefined && !strings.has(start)) strings.set(start, { value, key });
    return true;
  };
  /**
   * At `(` (token k) after `setdefault`: `os.environ.setdefault("OPENAI_MODEL", "gpt-4o")` (or
   * `environ.…`) for a variable named for a model: the value keyed by the name (python.ts alike).
   */
  const envSetDefault = (k: number): void => {
    if (!isOp(k - 2, '.') || tok(k - 3)?.t !== T.Name || (toks[k - 3] as Tok).v !== 'environ') return;
    if (isOp(k - 4, '.') && (tok(k - 5)?.t !== T.Name || (toks[k - 5] as Tok).v !== 'os' || isOp(k - 6, '.'))) return;
    const keyTok = tok(k + 1);
    if (keyTok?.t !== T.Str || !isOp(k + 2, ',') || tok(k + 3)?.t !== T.Str || !(isOp(k + 4, ')') || (isOp(k + 4, ',') && isOp(k + 5, ')')))) return;
    const key = tokValue(keyTok, text).value;
    const start = (toks[k + 3] as Tok).s;
    const value = groupValue(toks, k + 3, k + 4, text).value;
    if (key !== undefined && value !== undefined && isModelSetting(key) && !strings.has(start)) strings.set(start, { value, key });
  };
  const modelAssignment = (k: number): boolean => {
    let j = k - 1;
    const nameAt = (i: number, v: string) => tok(i)?.t === T.Name && (toks[i] as Tok).v === v;
    // The annotations a string field or constant takes: `str`, `Final`, `Optional[str]`,
    // `Final[str]`, `ClassVar[str]`, `str | None` (python.ts: STR_ANNOTATIONS).
    if (isOp(j - 1, ':') && (nameAt(j, 'str') || nameAt(j, 'Final')) && tok(j - 2)?.t === T.Name) j -= 2;
    else if (isOp(j, ']') && nameAt(j - 1, 'str') && isOp(j - 2, '[') && (nameAt(j - 3, 'Optional') || nameAt(j - 3, 'Final') || nameAt(j - 3, 'ClassVar')) && isOp(j - 4, ':') && tok(j - 5)?.t === T.Name) j -= 5;
    else if (nameAt(j, 'None') && isOp(j - 1, '|') && nameAt(j - 2, 'str') && isOp(j - 3, ':') && tok(j - 4)?.t === T.Name) j -= 4;
    if (tok(j)?.t !== T.Name) return false;
    const name = (toks[j] as Tok).v;
    const before = tok(j - 1);
    const attr = before?.t === T.Op && before.v === '.';
    const starts = attr ? tok(j - 2)?.t === T.Name : before === undefined || before.t === T.Newline || (before.t === T.Op && before.v === ';');
    if (!starts) return false;
    const named = isModelSetting(name);
    const field = named ? fieldDefault(k + 1) : undefined;
    const d = field !== undefined ? field.value : envDefault(k + 1);
    // A name that says no model, given an env var's default: keyed by the env var when its name
    // says model (`m = os.getenv("OPENAI_MODEL", "gpt-4o")`; python.ts alike).
    const envName = !named && d !== k + 1 ? envNameOf(d) : undefined;
    const key = named ? name : envName !== undefined && isModelSetting(envName) ? envName : undefined;
    if (key === undefined) return false;
    const end = field !== undefined ? field.end : d === k + 1 ? groupEnd(k + 1) : envDefaultEnd(d);
    if ((field === undefined && d === k + 1 && end !== k + 2) || !stmtEnd(end)) return false;
    const start = (toks[d] as Tok).s;
    const value = groupValue(toks, d, d + 1, text).value;
    if (value === undefined || strings.has(start)) return false;
    strings.set(start, { value, key });
    return true;
  };
  /**
   * At `=` (token k) after a name that starts a statement of an enum class's body: one string alone
   * (python.ts: enumMember), keyed by the name. Whether it was one.
   */
  const enumMember = (k: number): boolean => {
    const before = tok(k - 2);
    if (!(before === undefined || before.t === T.Newline || (before.t === T.Op && before.v === ';')) || tok(k + 1)?.t !== T.Str || groupEnd(k + 1) !== k + 2 || !stmtEnd(k + 2)) return false;
    const start = (toks[k + 1] as Tok).s;
    const value = groupValue(toks, k + 1, k + 2, text).value;
    if (value === undefined || strings.has(start)) return false;
    strings.set(start, { value, key: (toks[k - 1] as Tok).v });
    return true;
  };
  /**
   * When toks[k] is `class` and its bases name an enum (`class Model(str, Enum):`, `(enum.StrEnum)`:
   * a base, not a call or keyword argument, whose name ends in `Enum`), the index of its `:`; else -1.
   */
  const enumClassColon = (k: number): number => {
    if (tok(k + 1)?.t !== T.Name || !isOp(k + 2, '(')) return -1;
    let depth = 0;
    let isEnum = false;
    for (let j = k + 2; j < n && j < k + 64; j++) {
      const x = toks[j] as Tok;
      if (x.t === T.Op && (x.v === '(' || x.v === '[' || x.v === '{')) depth++;
      else if (x.t === T.Op && (x.v === ')' || x.v === ']' || x.v === '}')) {
        if (--depth === 0) return isEnum && isOp(j + 1, ':') ? j + 1 : -1;
      } else if (x.t === T.Newline) return -1;
      else if (depth === 1 && x.t === T.Name && x.v.endsWith('Enum') && (isOp(j - 1, '(') || isOp(j - 1, ',') || isOp(j - 1, '.')) && (isOp(j + 1, ',') || isOp(j + 1, ')'))) isEnum = true;
    }
    return -1;
  };
  const stmtEnd = (k: number) => {
    const t = toks[k];
    return t === undefined || t.t === T.Newline || (t.t === T.Op && t.v === ';');
  };
  /** End (exclusive) of the string group starting at k. */
  const groupEnd = (k: number) => {
    let j = k;
    while (toks[j]?.t === T.Str) j++;
    return j;
  };
  // Brackets: what each open one is, for keyword arguments and dict pairs.
  // One shape for every bracket (callee and params always set): the readers test `top.call` and
  // `top.lambda` at every token, and objects of several shapes make those lookups slower.
  // `at`: the offset of the call's `(`, or of its client instance's construction call's (StringSite.call); -1 for none.
  // `ext`: the call of a client instance an earlier notebook cell bound (PythonContext), placed.
  type Br = { ch: string; call: boolean; lambda: boolean; callee: string | undefined; params: boolean; at: number; ext: string | undefined };
  const stack: Br[] = [];
  /** Names given to one call's model keyword (`model=EMBED_MODEL`), with that call; null when given to more than one. */
  const namedArgs = new Map<string, Br | null>();
  const addKeyed = (k: number, key: string, next = groupEnd(k), to?: Br) => {
    // The value is the whole string group, and only when nothing but `,` or the closer follows
    // (the group, or the env read whose default it is: `next`, the token after it).
    const end = groupEnd(k);
    const after = toks[next];
    const top = stack[stack.length - 1];
    const closer = top?.ch === '(' ? ')' : '}';
    if (!(after && after.t === T.Op && (after.v === ',' || after.v === closer || (closer === '}' && after.v === 'for')))) return;
    const start = (toks[k] as Tok).s;
    if (strings.has(start)) return;
    const v = groupValue(toks, k, end, text);
    const via = to?.callee;
    const by = via !== undefined ? ((to as Br).ext !== undefined ? { via, call: (to as Br).ext } : (to as Br).at >= 0 ? { via, call: (to as Br).at } : { via }) : {};
    if (v.value !== undefined) strings.set(start, { value: v.value, key, ...by });
    else {
      const m = URL_HEAD_RE.exec(v.head);
      if (m && v.head.startsWith(m[0]) && !/\s/.test(v.head)) strings.set(start, { value: v.head, key, ...by });
    }
  };

  /**
   * The call whose `(` is toks[k], its callee ending in a name of `calls` (`GenerativeModel(`,
   * `genai.GenerativeModel(`) or in one of its methods on such a name: the first argument when it
   * is a string group with no interpolation, alone before `,` or `)`.
   */
  const modelCall = (k: number, calls: ModelCalls) => {
    // The call a model is given to (StringSite.via): the callee's name, or the object's for a method of one.
    let via = (toks[k - 1] as Tok).v;
    if (!calls.names.has(via)) {
      const o = tok(k - 3);
      if (!isOp(k - 2, '.') || o?.t !== T.Name || !calls.names.has(o.v)) return;
      via = o.v;
    }
    const first = toks[k + 1];
    if (first?.t !== T.Str) return;
    const end = groupEnd(k + 1);
    const after = toks[end];
    if (!(after && after.t === T.Op && (after.v === ',' || after.v === ')'))) return;
    const v = groupValue(toks, k + 1, end, text).value;
    if (v !== undefined && !strings.has(first.s)) strings.set(first.s, { value: v, key: MODEL_CALL_KEY, via, call: (toks[k] as Tok).s });
  };

  // A method of an imported module gives its keyword values to the module (importedModules), one
  // of a client instance to the client (clientInstances).
  const modules = context?.modules ?? importedModules(text);
  const instances = clientInstances(text, calls, modules, context?.classes);
  const outer = context?.instances;
  /** The module a method call whose `(` is toks[k] is made on (`ollama.chat(`: a name, a dot, the method), if any. */
  const moduleOf = (k: number): string | undefined => {
    const o = tok(k - 3);
    return isOp(k - 2, '.') && o?.t === T.Name && !isOp(k - 4, '.') && (modules as ReadonlySet<string>).has(o.v) ? o.v : undefined;
  };
  /** The client a method call whose `(` is toks[k] is made on (`client.chat.completions.create(`), if any. */
  const instanceClient = (k: number): { callee: string; at: number; ext: string | undefined } | undefined => {
    for (let j = k - 1; isOp(j - 1, '.') && tok(j - 2)?.t === T.Name; j -= 2) {
      const name = (toks[j - 2] as Tok).v;
      const client = instances?.get(name);
      if (client !== undefined) return { callee: client.callee, at: bindingAt(client.ats, (toks[k] as Tok).s), ext: undefined };
      // Bound in an earlier cell of the notebook (python.ts alike).
      const earlier = outer?.get(name);
      if (earlier !== undefined) return { callee: earlier.callee, at: -1, ext: earlier.call };
    }
    return undefined;
  };

  /** The `:` after a type-checking guard's condition when toks[k] is `if` or `elif` (typeCheckingNames), else -1. */
  const guardColon = (k: number): number => {
    const a = toks[k + 1];
    if (a?.t !== T.Name) return -1;
    if (isOp(k + 2, ':')) return guard.names.has(a.v) ? k + 2 : -1;
    return isOp(k + 2, '.') && toks[k + 3]?.t === T.Name && toks[k + 3]?.v === 'TYPE_CHECKING' && isOp(k + 4, ':') && guard.modules.has(a.v) ? k + 4 : -1;
  };

  let k = 0;
  while (k < n) {
    const t = toks[k] as Tok;
    const prev = tok(k - 1);
    const atStmt = prev === undefined || prev.t === T.Newline || (prev.t === T.Op && (prev.v === ';' || (prev.v === ':' && stack.length === 0)));
    if (t.t === T.Newline) guardLine = false;
    // A logical line inside (or after) an open guard block or enum class: its indentation says which.
    else if (guards.length > 0 && (prev === undefined || prev.t === T.Newline)) enterBlocks(guards, indentOf(text, t.s));
    if (enums.length > 0 && t.t !== T.Newline && (prev === undefined || prev.t === T.Newline)) enumLine = enterBlocks(enums, indentOf(text, t.s));
    if (t.t === T.Name) {
      if (t.v === 'class' && (prev === undefined || prev.t === T.Newline)) {
        const colon = enumClassColon(k);
        if (colon >= 0) {
          // A one-line body (`class E(Enum): A = "x"`) is left to the parser.
          if (colon + 1 < n && tok(colon + 1)?.t !== T.Newline) throw new Unsure('enum class on one line');
          enums.push({ indent: indentOf(text, t.s), body: undefined });
        }
      }
      if ((t.v === 'if' || t.v === 'elif') && atStmt) {
        const colon = guardColon(k);
        if (colon >= 0) {
          if (prev !== undefined && prev.t !== T.Newline) throw new Unsure('if statement inside a line');
          if (tok(colon + 1)?.t === T.Newline || colon + 1 >= n) guards.push({ indent: indentOf(text, t.s), body: undefined });
          else guardLine = true;
          k = colon + 1;
          continue;
        }
      }
      if (t.v === 'match' && atStmt && !stmtEnd(k + 1) && !(tok(k + 1)?.t === T.Op && /^[=.([,:]$|^[-+*/%&|^@<>]=?$|^(\*\*|\/\/|>>|<<)=?$/.test(tok(k + 1)?.v ?? ''))) {
        throw new Unsure('match statement');
      }
      if ((t.v === 'import' || t.v === 'from') && atStmt) {
        const st = readImportStatement(toks, k);
        const guarded = guardLine || guards.length > 0;
        if (st.kind === 'import') {
          for (const x of st.names) {
            const site: ImportSite = { specifier: x.name, kind: 'import', line: 0, column: 0 };
            imports.push({ site, at: (toks[x.at] as Tok).s });
            if (guarded) typeOnly.push(site);
            if (x.name === 'importlib') importlibNames.add(x.alias ?? 'importlib');
            if (x.name === 'builtins' && x.alias) builtinsNames.add(x.alias);
            if (x.alias && TYPING_MODULES.has(x.name)) guard.modules.add(x.alias);
          }
        } else {
          if (st.module === 'importlib') for (const x of st.names) if (x.name === 'import_module') importModuleNames.add(x.alias ?? 'import_module');
          if (st.module !== undefined && TYPING_MODULES.has(st.module) && !st.relative) for (const x of st.names) if (x.name === 'TYPE_CHECKING' && x.alias) guard.names.add(x.alias);
          if (!st.relative && st.module !== undefined && st.module !== '__future__') {
            const names = st.star ? ['*'] : st.names.map((x) => x.name);
            const site: ImportSite = { specifier: st.module, kind: 'from-import', line: 0, column: 0, names };
            imports.push({ site, at: (toks[st.moduleAt] as Tok).s });
            if (guarded) typeOnly.push(site);
          }
        }
        k = st.next;
        continue;
      }
      if (t.v === 'lambda') {
        const top = stack[stack.length - 1];
        if (top) top.lambda = true;
      }
    } else if (t.t === T.Op) {
      const v = t.v;
      if (v === '(' || v === '[' || v === '{') {
        const call =
          v === '(' &&
          prev !== undefined &&
          ((prev.t === T.Name && !NOT_CALLEE.has(prev.v) && !(tok(k - 2)?.t === T.Name && (tok(k - 2)?.v === 'def'))) ||
            prev.t === T.Str ||
            (prev.t === T.Op && (prev.v === ')' || prev.v === ']')));
        // A class's bases are no call's arguments: `class A(Base, model="m")` gives no callee.
        const bases = tok(k - 2)?.t === T.Name && tok(k - 2)?.v === 'class';
        // A function's parameter list (`def f(`): its defaults are read below.
        const params = v === '(' && prev?.t === T.Name && tok(k - 2)?.t === T.Name && tok(k - 2)?.v === 'def';
        const named = call && prev?.t === T.Name && !bases;
        const module = named && modules !== undefined ? moduleOf(k) : undefined;
        const instance = named && module === undefined && (instances !== undefined || outer !== undefined) ? instanceClient(k) : undefined;
        const callee = named ? (module ?? instance?.callee ?? prev.v) : undefined;
        stack.push({ ch: v, call, lambda: false, callee, params, at: callee === undefined ? -1 : instance !== undefined ? instance.at : t.s, ext: instance?.ext });
        if (call && prev?.t === T.Name && prev.v === 'setdefault') envSetDefault(k);
        if (call && prev?.t === T.Name) {
          // An import call candidate: f(...) or o.f(...) with a string module argument.
          const p2 = tok(k - 2);
          let cand: { name: string; object?: string } | undefined;
          if (!(p2?.t === T.Op && p2.v === '.')) cand = { name: prev.v };
          else if ((prev.v === 'import_module' || prev.v === '__import__') && tok(k - 3)?.t === T.Name && !isOp(k - 4, '.')) {
            cand = { name: prev.v, object: (toks[k - 3] as Tok).v };
          }
          // Plain calls are kept whatever their name: `from importlib import import_module as im`
          // may come later in the file; they are resolved after the pass.
          if (cand) {
            const arg = moduleArgument(toks, k + 1);
            if (arg >= 0) importCalls.push({ ...cand, arg, guarded: guardLine || guards.length > 0 });
          }
          // A call that takes a model name (one set lookup); a class's bases are no call.
          if (calls !== undefined && calls.any.has(prev.v) && !(p2?.t === T.Name && p2.v === 'class')) modelCall(k, calls);
        }
      } else if (v === ')' || v === ']' || v === '}') {
        stack.pop();
      } else if (v === ':') {
        const top = stack[stack.length - 1];
        if (top) top.lambda = false;
      } else if (v === '=' && prev?.t === T.Op && prev.v === ']' && stack.length === 0) {
        // `os.environ["X_MODEL"] = "…"`, else a field annotated `Optional[str]`.
        if (!envAssignment(k) && (tok(k + 1)?.t === T.Str || tok(k + 1)?.t === T.Name)) modelAssignment(k);
      } else if (v === '=' && prev?.t === T.Name) {
        // A keyword argument `key="value"` in a call's argument list.
        const top = stack[stack.length - 1];
        const p2 = tok(k - 2);
        const d = tok(k + 1)?.t === T.Name ? envDefault(k + 1) : k + 1;
        const argument = top?.call === true && !top.lambda && p2?.t === T.Op && (p2.v === '(' || p2.v === ',') && tok(d)?.t === T.Str;
        // A parameter's default, `def chat(prompt, model="gpt-4.1-mini")`, annotated with one
        // name or not (`model: str = "…"`), keyed by the parameter's name (python.ts alike).
        const param = top?.params ? paramName(k) : undefined;
        if (param !== undefined) {
          if (tok(d)?.t === T.Str && (PYTHON_STRING_KEYS.has(param) || isModelSetting(param))) addKeyed(d, param, d === k + 1 ? groupEnd(d) : envDefaultEnd(d));
        } else if (argument && (PYTHON_STRING_KEYS.has(prev.v) || isModelSetting(prev.v))) {
          addKeyed(d, prev.v, d === k + 1 ? groupEnd(d) : envDefaultEnd(d), top);
        } else if (argument && d !== k + 1) {
          // `fast=os.getenv("FAST_MODEL", "gpt-4.1-nano")`: keyed by the env var when its name says model.
          envKeyed(d, top);
        } else if (top?.call === true && !top.lambda && top.callee !== undefined && p2?.t === T.Op && (p2.v === '(' || p2.v === ',') && tok(k + 1)?.t === T.Name && (isOp(k + 2, ',') || isOp(k + 2, ')')) && isModelSetting(prev.v)) {
          // `model=EMBED_MODEL`: the constant's model is given to this call (namedModelArgs).
          const name = (toks[k + 1] as Tok).v;
          namedArgs.set(name, namedArgs.has(name) ? null : top);
        } else if (top === undefined && (tok(d)?.t === T.Str || (tok(k + 1)?.t === T.Name && tok(k + 1)?.v === 'Field')) && modelAssignment(k)) {
          // `MODEL = "gpt-4o"`, `EMBEDDING_MODEL: str = "…"`, `self.model_name = "…"`: keyed by the name (isModelSetting).
        } else if (top === undefined && enumLine && enumMember(k)) {
          // `GPT4O = "gpt-4o"` in an enum class's body: keyed by the member's name.
        } else if (top === undefined && p2?.t === T.Op && p2.v === '.' && PYTHON_ATTR_KEYS.has(prev.v) && tok(k + 1)?.t === T.Str) {
          // `openai.api_type = "azure"`: a statement assigning one string group to an attribute.
          const end = groupEnd(k + 1);
          const start = (toks[k + 1] as Tok).s;
          if (stmtEnd(end) && !strings.has(start)) {
            const val = groupValue(toks, k + 1, end, text);
            if (val.value !== undefined) strings.set(start, { value: val.value, key: prev.v });
            else {
              const m = URL_HEAD_RE.exec(val.head);
              if (m && val.head.startsWith(m[0]) && !/\s/.test(val.head)) strings.set(start, { value: val.head, key: prev.v });
            }
          }
        }
      }
    } else if (t.t === T.Str) {
      const end = groupEnd(k);
      // A dict pair `"key": "value"`.
      const top = stack[stack.length - 1];
      const d = end === k + 1 && isOp(k + 1, ':') && tok(k + 2)?.t === T.Name ? envDefault(k + 2) : k + 2;
      if (end === k + 1 && top?.ch === '{' && prev?.t === T.Op && (prev.v === '{' || prev.v === ',') && isOp(k + 1, ':') && tok(d)?.t === T.Str) {
        const key = tokValue(t, text).value;
        if (key !== undefined && (PYTHON_STRING_KEYS.has(key) || isModelSetting(key))) addKeyed(d, key, d === k + 2 ? groupEnd(d) : envDefaultEnd(d));
        // A model table's entry (`[{"name": "gpt-4.1", …}]`, python.ts alike): a dict that is a list literal's element.
        else if (key !== undefined && d === k + 2 && groupEnd(d) === d + 1 && MODEL_TABLE_KEYS.has(key) && stack[stack.length - 2]?.ch === '[') addKeyed(d, key, d + 1);
        else if (d !== k + 2) envKeyed(d);
      }
      if (!strings.has(t.s)) {
        const v = groupValue(toks, k, end, text);
        if (v.value !== undefined) {
          if (isUrl(v.value)) strings.set(t.s, { value: v.value });
        } else {
          const m = URL_HEAD_RE.exec(v.head);
          if (m && v.head.startsWith(m[0]) && !/\s/.test(v.head)) strings.set(t.s, { value: v.head });
        }
      }
      if (end > k + 1) {
        k = end;
        continue;
      }
    }
    k++;
  }

  // A model a name holds (`EMBED_MODEL = os.getenv("EMBED_MODEL", "text-embedding-3-small")`) given
  // by that name to one call (`cloud.embeddings.create(model=EMBED_MODEL)`): that call's (python.ts alike).
  if (namedArgs.size > 0) {
    for (const [at, s] of strings) {
      const to = s.key !== undefined && s.via === undefined ? namedArgs.get(s.key) : undefined;
      if (to !== undefined && to !== null) strings.set(at, to.ext !== undefined ? { ...s, via: to.callee as string, call: to.ext } : to.at >= 0 ? { ...s, via: to.callee as string, call: to.at } : { ...s, via: to.callee as string });
    }
  }

  for (const call of importCalls) {
    const kind = importCallKind(call, names);
    const specifier = kind && importCallModule(groupValue(toks, call.arg, groupEnd(call.arg), text).value);
    if (!kind || !specifier) continue;
    const site: ImportSite = { specifier, kind, line: 0, column: 0 };
    imports.push({ site, at: (toks[call.arg] as Tok).s });
    if (call.guarded) typeOnly.push(site);
  }
  // Set last: every site object of the pass has the same properties while it runs.
  for (const site of typeOnly) site.typeOnly = true;

  return { imports, strings };
}

/**
 * The module argument of an import call whose `(` is at k-1: the token index of its string group,
 * or -1. Like the parser's moduleArgument: the first positional argument, or `name=`.
 */
function moduleArgument(toks: Tok[], k: number): number {
  let j = k;
  for (;;) {
    const t = toks[j];
    if (!t) return -1;
    if (t.t === T.Name && toks[j + 1]?.t === T.Op && toks[j + 1]?.v === '=') {
      if (t.v === 'name') return stringArg(toks, j + 2);
      // Skip this keyword argument's value to the next top-level comma.
      let depth = 0;
      j += 2;
      for (;;) {
        const u = toks[j];
        if (!u) return -1;
        if (u.t === T.Op) {
          if (u.v === '(' || u.v === '[' || u.v === '{') depth++;
          else if (u.v === ')' || u.v === ']' || u.v === '}') {
            if (depth === 0) return -1;
            depth--;
          } else if (u.v === ',' && depth === 0) break;
        }
        j++;
      }
      j++;
      continue;
    }
    return stringArg(toks, j);
  }
}

function stringArg(toks: Tok[], j: number): number {
  if (toks[j]?.t !== T.Str) return -1;
  let e = j;
  while (toks[e]?.t === T.Str) e++;
  const after = toks[e];
  return after && after.t === T.Op && (after.v === ',' || after.v === ')') ? j : -1;
}
