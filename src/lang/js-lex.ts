/**
 * The JavaScript/TypeScript fast path: the same imports and string sites as the TypeScript-parser
 * front-end (src/lang/js.ts), read by a one-pass lexer (tokens in typed arrays, no objects) and a
 * token-level grammar for the constructs that matter: import/export declarations, require() and
 * import() calls, `key: "literal"` properties, class fields, string and template literals, and the
 * first argument of the calls that take a model name (`openai('gpt-4o')`, ModelCalls).
 * Where the tokens alone cannot say what the parser would see, it answers `undefined` and the
 * caller parses the file with the TypeScript parser; test/lang/fast-path.test.ts holds both
 * front-ends to the same output.
 *
 * Unsure means: possible JSX (`<` where an expression starts, in a file that may hold JSX), a `/`
 * after `}` whose brace could be a block or an object, an unterminated literal, `import(` in a
 * TypeScript type position, an escape whose decoding differs between dialects (legacy octal), or
 * an import statement, require() binding or keyed property in a shape the grammar below does not
 * know.
 */
import { JS_MAX_TOKENS } from './limits.js';
import { jsClientInstances, JS_STRING_KEYS, ZOD_KEEPS } from './js.js';
import { isModelSetting, MODEL_TABLE_KEYS, modelSettingEnd } from './config-text.js';
import { lineStarts } from '../util/lines.js';
import { bindingAt, placeSites, type RawSites, type RawString } from './place.js';
import { MODEL_CALL_KEY, type ImportKind, type ImportSite, type ModelCalls, type StringSite } from './types.js';
import { URL_HEAD_RE, URL_RE } from './urls.js';
import { npmImportSite } from './npm-specifier.js';

class Unsure extends Error {}

/** The lengths of MODEL_TABLE_KEYS (a 1 at each), tested at every name before it is sliced: one byte load. */
const TABLE_KEY_LENGTHS = new Uint8Array(64);
for (const k of MODEL_TABLE_KEYS) TABLE_KEY_LENGTHS[k.length] = 1;
/** JS_STRING_KEYS' shortest and longest lengths and first characters (ASCII), from the set itself. */
const KEY_SHAPE = (() => {
  const keys = [...JS_STRING_KEYS];
  const first = new Uint8Array(128);
  for (const k of keys) if (k.charCodeAt(0) < 128) first[k.charCodeAt(0)] = 1;
  return { min: Math.min(...keys.map((k) => k.length)), max: Math.max(...keys.map((k) => k.length)), first };
})();

// Token types.
const IDENT = 1;
const STRING = 2; // '...' or "..."
const TEMPLATE = 3; // `...` without substitutions
const TEMPLATE_HEAD = 4; // `...${ (the head of a template with substitutions)
const TEMPLATE_PART = 5; // }...${ or }...` (middle or tail)
const PUNCT = 6;
const NUMBER = 7;
const REGEX = 8;
const PRIVATE = 9; // #name

// Brace kinds (for `{` tokens, in `info`).
const BLOCK = 1;
const OBJECT = 2;
const CLASS_BODY = 3;
const AMBIGUOUS = 4;
const SUBST = 5; // ${ ... }
const TYPE_LITERAL = 6; // `type T = {`

/** Keywords after which `/` starts a regular expression and `{` an object literal. */
const EXPR_KEYWORDS = new Set(['return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else', 'yield', 'await']);
/** Keywords whose `(...)` is a statement head: a `/` after its `)` starts a regex. */
const HEAD_KEYWORDS = new Set(['if', 'while', 'for', 'with']);
/** Words before `(` that make no call (`return ({ … })`, `if (`, `switch (`, `catch (`). */
const NOT_CALLEE: ReadonlySet<string> = new Set([...EXPR_KEYWORDS, ...HEAD_KEYWORDS, 'switch', 'catch', 'function', 'super', 'import']);
const CLASS_MODIFIERS = new Set(['private', 'public', 'protected', 'readonly', 'static', 'declare', 'override', 'abstract', 'accessor']);

/**
 * The length of the punctuator at i (first character c): `>>>=`, `===`, `...`, `?.`, `=>`, ...
 * Only the lengths matter to the grammar (`=` against `==` or `=>`), so compound forms are
 * grouped by their characters without a table.
 */
function punctLen(text: string, i: number, c: number): number {
  const d = text.charCodeAt(i + 1);
  const e = text.charCodeAt(i + 2);
  switch (c) {
    case 46: // .
      return d === 46 && e === 46 ? 3 : 1;
    case 63: // ?
      if (d === 46) return e >= 48 && e <= 57 ? 1 : 2;
      if (d === 63) return e === 61 ? 3 : 2;
      return 1;
    case 61: // =
    case 33: // !
      if (d === 61) return e === 61 ? 3 : 2;
      return c === 61 && d === 62 ? 2 : 1;
    case 60: // <
      if (d === 60) return e === 61 ? 3 : 2;
      return d === 61 ? 2 : 1;
    case 62: // >
      if (d === 62) {
        if (e === 62) return text.charCodeAt(i + 3) === 61 ? 4 : 3;
        return e === 61 ? 3 : 2;
      }
      return d === 61 ? 2 : 1;
    case 38: // &
    case 124: // |
    case 42: // *
      if (d === c) return e === 61 ? 3 : 2;
      return d === 61 ? 2 : 1;
    case 43: // +
    case 45: // -
      return d === c || d === 61 ? 2 : 1;
    case 47: // /
    case 37: // %
    case 94: // ^
      return d === 61 ? 2 : 1;
    default:
      return 1;
  }
}

function isIdStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 36 || (c >= 0x80 && c !== 0x2028 && c !== 0x2029 && c !== 0xa0 && c !== 0xfeff);
}
function isIdPart(c: number): boolean {
  return isIdStart(c) || (c >= 48 && c <= 57);
}
/**
 * The end of a `\u` escape (four hex digits, or one to six in braces) at `at` in an identifier. An escape of a non-ASCII
 * letter (`\u00DF` for `ß`, as bundlers write object keys) leaves a name that no keyword and no
 * catalog name can equal, so the identifier is taken as it is written; an escaped ASCII character
 * (`\u0072equire`) could spell one, so the reader is unsure and the parser, which decodes it, reads
 * the file.
 */
function identifierEscapeEnd(text: string, at: number): number {
  const m = /^\\u(?:([0-9a-fA-F]{4})|\{([0-9a-fA-F]{1,6})\})/.exec(text.slice(at, at + 10));
  const cp = m === null ? -1 : parseInt((m[1] ?? m[2]) as string, 16);
  if (m === null || cp < 0x80 || cp > 0x10ffff) throw new Unsure('unicode escape in an identifier');
  return at + m[0].length;
}

function isLineBreak(c: number): boolean {
  return c === 10 || c === 13 || c === 0x2028 || c === 0x2029;
}

/** Token slots the shared table keeps between files (18 bytes each); a larger file's table is dropped before the next. */
export const TABLE_KEEP = 1 << 16;

class Tokens {
  n = 0;
  type = new Uint8Array(1024);
  start = new Int32Array(1024);
  end = new Int32Array(1024);
  /** 1 when a line break precedes the token. */
  nl = new Uint8Array(1024);
  /** `{`: brace kind; `(`: index of the token before it; `)`/`}`: index of the opener. */
  info = new Int32Array(1024);
  /** The innermost open bracket (`(`, `[`, `{`, `${`) around the token, or -1. */
  parent = new Int32Array(1024);

  get capacity(): number {
    return this.type.length;
  }

  /** Back to the starting size after a large file. */
  reset(): void {
    this.n = 0;
    if (this.type.length <= TABLE_KEEP) return;
    this.type = new Uint8Array(1024);
    this.start = new Int32Array(1024);
    this.end = new Int32Array(1024);
    this.nl = new Uint8Array(1024);
    this.info = new Int32Array(1024);
    this.parent = new Int32Array(1024);
  }

  push(type: number, s: number, e: number, nl: number, parent: number): number {
    if (this.n === this.type.length) {
      if (this.n >= JS_MAX_TOKENS) throw new Unsure(`more than ${JS_MAX_TOKENS} tokens`);
      this.grow();
    }
    const k = this.n++;
    this.type[k] = type;
    this.start[k] = s;
    this.end[k] = e;
    this.nl[k] = nl;
    this.parent[k] = parent;
    this.info[k] = 0;
    return k;
  }

  private grow(): void {
    // Up to JS_MAX_TOKENS exactly: push throws when a full table is that long.
    const size = Math.min(this.type.length * 2, JS_MAX_TOKENS);
    const g8 = (a: Uint8Array) => {
      const b = new Uint8Array(size);
      b.set(a);
      return b;
    };
    const g32 = (a: Int32Array) => {
      const b = new Int32Array(size);
      b.set(a);
      return b;
    };
    this.type = g8(this.type);
    this.nl = g8(this.nl);
    this.start = g32(this.start);
    this.end = g32(this.end);
    this.info = g32(this.info);
    this.parent = g32(this.parent);
  }
}

interface Lexed {
  toks: Tokens;
  text: string;
}

/** The text of token k. */
function tx(l: Lexed, k: number): string {
  return l.text.slice(l.toks.start[k], l.toks.end[k]);
}

function isPunct(l: Lexed, k: number, p: string): boolean {
  const t = l.toks;
  if (k < 0 || k >= t.n || t.type[k] !== PUNCT) return false;
  const s = t.start[k] as number;
  return (t.end[k] as number) - s === p.length && l.text.startsWith(p, s);
}

function isIdent(l: Lexed, k: number, word?: string): boolean {
  const t = l.toks;
  if (k < 0 || k >= t.n || t.type[k] !== IDENT) return false;
  if (word === undefined) return true;
  const s = t.start[k] as number;
  return (t.end[k] as number) - s === word.length && l.text.startsWith(word, s);
}

/** True when a token of this kind at k ends an expression (so `/` after it divides). */
function endsExpression(l: Lexed, k: number): boolean {
  const t = l.toks;
  const type = t.type[k];
  if (type === IDENT) return !EXPR_KEYWORDS.has(tx(l, k));
  if (type === PUNCT) {
    const c = l.text.charCodeAt(t.start[k] as number);
    const len = (t.end[k] as number) - (t.start[k] as number);
    if (c === 93) return true; // ]
    if (c === 41) {
      const before = t.info[t.info[k] as number] as number;
      return !isIdent(l, before) || !HEAD_KEYWORDS.has(tx(l, before));
    }
    // After `}` a block ends (so a regex may follow) unless it was an object literal or a
    // function expression's body (then it divides); the tokens cannot always tell.
    if (c === 125) throw new Unsure('/ or < after a closing brace');
    if ((c === 43 || c === 45) && len === 2) return true; // postfix ++ / --
    return false;
  }
  if (type === TEMPLATE_PART) return l.text.charCodeAt((t.end[k] as number) - 1) === 96;
  return type !== undefined && type !== TEMPLATE_HEAD;
}

/** Whether a `{` after token k opens an object literal, a block, or cannot be told. */
function braceKind(l: Lexed, k: number, ts: boolean): number {
  if (k < 0) return BLOCK;
  const t = l.toks;
  const type = t.type[k];
  if (type === TEMPLATE_HEAD || type === TEMPLATE_PART) return OBJECT;
  if (type === IDENT) {
    const w = tx(l, k);
    if (w === 'default' && !isPunct(l, k + 1, ':')) return OBJECT;
    if (w === 'return' || w === 'yield' || w === 'await' || w === 'typeof' || w === 'case' || w === 'in' || w === 'of' || w === 'void' || w === 'delete' || w === 'throw' || w === 'new') {
      return w === 'case' ? AMBIGUOUS : OBJECT;
    }
    return BLOCK; // else, do, try, finally, a class or interface name, `extends X`
  }
  if (type !== PUNCT) return BLOCK;
  const p = tx(l, k);
  switch (p) {
    case '(':
    case '[':
    case ',':
    case '?':
    case '||':
    case '&&':
    case '??':
    case '...':
    case '!':
    case '+':
    case '-':
    case '${':
    case '||=':
    case '&&=':
    case '??=':
      return OBJECT;
    case '=':
      // `type T = {` is a type literal in TypeScript; `T<X> = {` may be one.
      if (!ts) return OBJECT;
      if (isIdent(l, k - 2, 'type') && isIdent(l, k - 1)) return TYPE_LITERAL;
      return isPunct(l, k - 1, '>') ? AMBIGUOUS : OBJECT;
    case ':': {
      // A property value or a conditional's branch (object), or a type annotation, a case label
      // or a label; inside an object literal it is a value, inside parentheses a JavaScript
      // conditional (TypeScript: maybe a parameter's type).
      const par = t.parent[k] as number;
      if (par >= 0 && isPunct(l, par, '{') && t.info[par] === OBJECT) return OBJECT;
      if (par >= 0 && (isPunct(l, par, '(') || isPunct(l, par, '[')) && !ts) return OBJECT;
      return AMBIGUOUS;
    }
    case '=>':
    case ';':
    case '{':
    case '}':
    case ')':
      return BLOCK;
    default:
      return ts ? AMBIGUOUS : OBJECT;
  }
}

/** Lexes the whole file. `jsx`: the dialect may hold JSX. `ts`: TypeScript syntax. */
/** One token table per thread, reused file after file (lexing and reading are synchronous). */
const shared = new Tokens();

/** The shared token table's size in tokens (for tests). */
export function tokenTableCapacity(): number {
  return shared.capacity;
}

function lex(text: string, jsx: boolean, ts: boolean): Lexed {
  const toks = shared;
  toks.reset();
  const l: Lexed = { toks, text };
  const n = text.length;
  const stack: number[] = []; // open bracket token indexes
  let i = 0;
  let nl = 0;
  let classPending = -1; // bracket depth at which a `class` keyword waits for its body
  let classAngles = 0; // open `<` of the class head's type arguments (`extends B<{ a: 1 }>`)
  if (text.startsWith('#!')) {
    while (i < n && !isLineBreak(text.charCodeAt(i))) i++;
  }
  const top = () => (stack.length ? (stack[stack.length - 1] as number) : -1);
  const last = () => toks.n - 1;

  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 11 || c === 12 || c === 0xa0 || c === 0xfeff) {
      i++;
      continue;
    }
    if (isLineBreak(c)) {
      nl = 1;
      i++;
      continue;
    }
    if (c === 47) {
      const d = text.charCodeAt(i + 1);
      if (d === 47) {
        i += 2;
        while (i < n && !isLineBreak(text.charCodeAt(i))) i++;
        continue;
      }
      if (d === 42) {
        const e = text.indexOf('*/', i + 2);
        if (e < 0) throw new Unsure('unterminated comment');
        for (let j = i + 2; j < e; j++) if (isLineBreak(text.charCodeAt(j))) nl = 1;
        i = e + 2;
        continue;
      }
      const p = last();
      if (p < 0 || !endsExpression(l, p)) {
        // A regular expression literal.
        let j = i + 1;
        let cls = false;
        for (;;) {
          if (j >= n) throw new Unsure('unterminated regex');
          const e = text.charCodeAt(j);
          if (isLineBreak(e)) throw new Unsure('unterminated regex');
          if (e === 92) j += 2;
          else {
            if (e === 91) cls = true;
            else if (e === 93) cls = false;
            else if (e === 47 && !cls) break;
            j++;
          }
        }
        j++;
        while (j < n && isIdPart(text.charCodeAt(j))) j++;
        toks.push(REGEX, i, j, nl, top());
        nl = 0;
        i = j;
        continue;
      }
    }
    if (c === 39 || c === 34) {
      let j = i + 1;
      for (;;) {
        if (j >= n) throw new Unsure('unterminated string');
        const e = text.charCodeAt(j);
        if (e === c) break;
        if (e === 92) {
          j += text.charCodeAt(j + 1) === 13 && text.charCodeAt(j + 2) === 10 ? 3 : 2;
          continue;
        }
        if (e === 10 || e === 13) throw new Unsure('unterminated string');
        j++;
      }
      toks.push(STRING, i, j + 1, nl, top());
      nl = 0;
      i = j + 1;
      continue;
    }
    if (c === 96 || (c === 125 && toks.info[top()] === SUBST && toks.type[top()] === TEMPLATE_HEAD)) {
      // A template literal, or the rest of one after a substitution's closing brace.
      const cont = c === 125;
      let j = i + 1;
      let head = false;
      for (;;) {
        if (j >= n) throw new Unsure('unterminated template');
        const e = text.charCodeAt(j);
        if (e === 96) break;
        if (e === 92) {
          j += 2;
          continue;
        }
        if (e === 36 && text.charCodeAt(j + 1) === 123) {
          head = true;
          break;
        }
        j++;
      }
      const end = head ? j + 2 : j + 1;
      let k: number;
      if (cont) {
        const opener = stack.pop() as number;
        k = toks.push(TEMPLATE_PART, i, end, nl, top());
        toks.info[k] = opener;
        if (head) {
          // The next substitution of the same template: re-open with the head's index.
          stack.push(opener);
        }
      } else if (head) {
        k = toks.push(TEMPLATE_HEAD, i, end, nl, top());
        toks.info[k] = SUBST;
        stack.push(k);
      } else {
        toks.push(TEMPLATE, i, end, nl, top());
      }
      nl = 0;
      i = end;
      continue;
    }
    if (isIdStart(c) || c === 92) {
      let j = c === 92 ? identifierEscapeEnd(text, i) : i + 1;
      while (j < n) {
        const e = text.charCodeAt(j);
        if (isIdPart(e)) j++;
        else if (e === 92) j = identifierEscapeEnd(text, j);
        else break;
      }
      const k = toks.push(IDENT, i, j, nl, top());
      nl = 0;
      i = j;
      if (j - (toks.start[k] as number) === 5 && text.startsWith('class', toks.start[k] as number) && !isPunct(l, k - 1, '.')) {
        classPending = stack.length;
        classAngles = 0;
      }
      continue;
    }
    if (c >= 48 && c <= 57 || (c === 46 && text.charCodeAt(i + 1) >= 48 && text.charCodeAt(i + 1) <= 57)) {
      let j = i + 1;
      while (j < n) {
        const e = text.charCodeAt(j);
        if (isIdPart(e) || e === 46) j++;
        else if ((e === 43 || e === 45) && (text.charCodeAt(j - 1) | 32) === 101 && !/^0[xX]/.test(text.slice(i, j))) j++;
        else break;
      }
      toks.push(NUMBER, i, j, nl, top());
      nl = 0;
      i = j;
      continue;
    }
    if (c === 35) {
      let j = i + 1;
      while (j < n && isIdPart(text.charCodeAt(j))) j++;
      toks.push(PRIVATE, i, j, nl, top());
      nl = 0;
      i = j;
      continue;
    }
    if (c === 64) {
      // A decorator's @.
      toks.push(PUNCT, i, i + 1, nl, top());
      nl = 0;
      i++;
      continue;
    }
    // Punctuators.
    const len = punctLen(text, i, c);
    const p = last();
    if (c === 60 && jsx && (p < 0 || !endsExpression(l, p))) throw new Unsure('possible JSX');
    if (classPending === stack.length) {
      // `class` as a property name (`{ class: x }`, `class() {}`) opens no class body; in the head,
      // a brace inside type arguments (`extends B<{ a: 1 }>`) is a type, not the body.
      if (c !== 123 && c !== 60 && isIdent(l, p, 'class')) classPending = -1;
      else if (c === 60 && len === 1) classAngles++;
      else if (c === 62 && /^>+$/.test(text.slice(i, i + len))) classAngles = Math.max(0, classAngles - len);
    }
    const k = toks.push(PUNCT, i, i + len, nl, top());
    nl = 0;
    i += len;
    if (len !== 1) continue;
    if (c === 40 || c === 91) {
      toks.info[k] = k - 1;
      stack.push(k);
    } else if (c === 123) {
      let kind = braceKind(l, k - 1, ts);
      if (classPending === stack.length && classAngles > 0) kind = TYPE_LITERAL;
      else if (classPending === stack.length) {
        kind = CLASS_BODY;
        classPending = -1;
      }
      toks.info[k] = kind;
      stack.push(k);
    } else if (c === 41 || c === 93 || c === 125) {
      const opener = stack.pop();
      if (opener === undefined) throw new Unsure('unbalanced brackets');
      toks.info[k] = opener;
      toks.parent[k] = top();
    } else if (c === 59 && classPending === stack.length) {
      classPending = -1;
    }
  }
  if (stack.length) throw new Unsure('unclosed bracket');
  return l;
}

const SIMPLE: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', '0': '\0' };

/** The cooked value of a string or template part between [s, e). */
function cook(text: string, s: number, e: number): string {
  const body = text.slice(s, e);
  if (!body.includes('\\') && !body.includes('\r')) return body;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i] as string;
    if (ch === '\r') {
      // Template literals normalize CR and CRLF to LF; strings cannot hold a bare CR.
      out += '\n';
      if (body[i + 1] === '\n') i++;
      continue;
    }
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const d = body[++i];
    if (d === undefined) break;
    if (d === '\n' || d === '\u2028' || d === '\u2029') continue;
    if (d === '\r') {
      if (body[i + 1] === '\n') i++;
      continue;
    }
    if (d === '0' && !/[0-9]/.test(body[i + 1] ?? '')) {
      out += '\0';
      continue;
    }
    const simple = SIMPLE[d];
    if (simple !== undefined && d !== '0') {
      out += simple;
      continue;
    }
    if (d >= '0' && d <= '9') throw new Unsure('legacy octal escape');
    if (d === 'x') {
      const h = body.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(h)) throw new Unsure('bad escape');
      out += String.fromCharCode(parseInt(h, 16));
      i += 2;
      continue;
    }
    if (d === 'u') {
      if (body[i + 1] === '{') {
        const close = body.indexOf('}', i + 2);
        const h = close > 0 ? body.slice(i + 2, close) : '';
        if (!/^[0-9a-fA-F]+$/.test(h) || parseInt(h, 16) > 0x10ffff) throw new Unsure('bad escape');
        out += String.fromCodePoint(parseInt(h, 16));
        i = close;
        continue;
      }
      const h = body.slice(i + 1, i + 5);
      if (!/^[0-9a-fA-F]{4}$/.test(h)) throw new Unsure('bad escape');
      out += String.fromCharCode(parseInt(h, 16));
      i += 4;
      continue;
    }
    out += d;
  }
  return out;
}

/** The cooked value of a STRING or TEMPLATE token, or of a TEMPLATE_HEAD's head. */
function literalValue(l: Lexed, k: number): string {
  const t = l.toks;
  const s = t.start[k] as number;
  const e = t.end[k] as number;
  return cook(l.text, s + 1, t.type[k] === TEMPLATE_HEAD ? e - 2 : e - 1);
}


/** The dialect a path picks: TypeScript syntax unless .js/.mjs/.cjs/.jsx; JSX for .js/.jsx/.tsx/.mjs/.cjs. */
function isTsPath(path: string): boolean {
  const ext = extOf(path);
  return !(ext === '.js' || ext === '.mjs' || ext === '.cjs' || ext === '.jsx');
}
function isJsxPath(path: string): boolean {
  const ext = extOf(path);
  return ext === '.js' || ext === '.jsx' || ext === '.tsx' || ext === '.mjs' || ext === '.cjs';
}

/**
 * The last file lexed, by text and dialect: the import reader and the Hugging Face reader read the
 * same file one after the other, and the shared token table holds one file at a time anyway.
 */
let lastLexed: { text: string; ts: boolean; jsx: boolean; l: Lexed } | undefined;

function lexCached(text: string, path: string): Lexed {
  const ts = isTsPath(path);
  const jsx = isJsxPath(path);
  if (lastLexed && lastLexed.text === text && lastLexed.ts === ts && lastLexed.jsx === jsx) return lastLexed.l;
  lastLexed = undefined;
  const l = lex(text, jsx, ts);
  lastLexed = { text, ts, jsx, l };
  return l;
}

/**
 * The token table of a JS/TS source, for other token readers (src/hf/js-pulls-fast.ts): valid
 * until the next file is lexed. Throws JsUnsure where the lexer cannot tell (see the header).
 */
export interface JsTokens {
  n: number;
  type: Uint8Array;
  start: Int32Array;
  end: Int32Array;
  /** `(`: index of the token before it; `)`/`}`: index of the opener; `{`: brace kind. */
  info: Int32Array;
  /** The innermost open bracket around each token, or -1. */
  parent: Int32Array;
  text: string;
  /** The cooked value of a STRING or TEMPLATE token. */
  literal(k: number): string;
}

export function lexJs(text: string, path: string): JsTokens {
  const l = lexCached(text, path);
  const t = l.toks;
  return { n: t.n, type: t.type, start: t.start, end: t.end, info: t.info, parent: t.parent, text, literal: (k) => literalValue(l, k) };
}

export { Unsure as JsUnsure, IDENT as JS_IDENT, STRING as JS_STRING, TEMPLATE as JS_TEMPLATE, PUNCT as JS_PUNCT, OBJECT as JS_OBJECT_BRACE };

function extOf(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return dot >= 0 ? base.slice(dot).toLowerCase() : '';
}

/**
 * Imports and string sites of one JS/TS source, or `undefined` when the fast path is unsure (the
 * caller then uses the TypeScript parser). `path` picks the dialect and `calls` the model calls,
 * as in jsImports.
 */
export function jsImportsFast(text: string, path: string, calls?: ModelCalls, onUnsure?: (reason: string) => void): { imports: ImportSite[]; strings: StringSite[] } | undefined {
  const ts = isTsPath(path);
  try {
    // Positions: CR/LF/CRLF lines (as editors and SARIF count them; not TypeScript's U+2028 and
    // U+2029) and UTF-16 columns.
    return placeSites(read(lexCached(text, path), ts, /\.d\.[mc]?ts$/i.test(path), calls), lineStarts(text, 'cr-lf'));
  } catch (e) {
    if (e instanceof Unsure) {
      onUnsure?.(e.message);
      return undefined;
    }
    throw e;
  }
}

function read(l: Lexed, ts: boolean, dts: boolean, calls: ModelCalls | undefined): RawSites {
  const t = l.toks;
  const n = t.n;
  const text = l.text;
  const imports: { site: ImportSite; at: number }[] = [];
  const strings = new Map<number, RawString>();
  const specifiers = new Set<number>();
  const isLit = (k: number) => k >= 0 && k < n && (t.type[k] === STRING || t.type[k] === TEMPLATE);

  const addImport = (k: number, kind: ImportKind, extra: { names?: string[]; typeOnly?: boolean; defaultLocal?: string } = {}) => {
    specifiers.add(k);
    const site: ImportSite = { specifier: literalValue(l, k), kind, line: 0, column: 0 };
    if (extra.names) site.names = extra.names;
    if (extra.defaultLocal !== undefined) site.defaultLocal = extra.defaultLocal;
    if (extra.typeOnly) site.typeOnly = true;
    imports.push({ site: npmImportSite(site), at: t.start[k] as number });
  };
  /** The token after a literal ends the expression (the literal is the whole initializer). */
  const literalAlone = (k: number, closers: string[]) => {
    const after = k + 1;
    if (after >= n) return true;
    for (const c of closers) if (isPunct(l, after, c)) return true;
    return false;
  };
  /** `call`: the offset of the `(` of the call the value is given to (StringSite.call; calleeOfObject). */
  const addKeyed = (k: number, key: string, via?: string, call?: number) => {
    const start = t.start[k] as number;
    const by = via !== undefined ? (call !== undefined ? { via, call } : { via }) : {};
    if (t.type[k] === STRING || t.type[k] === TEMPLATE) {
      strings.set(start, { value: literalValue(l, k), key, ...by });
    } else if (t.type[k] === TEMPLATE_HEAD) {
      const head = literalValue(l, k);
      if (URL_HEAD_RE.test(head) && !/\s/.test(head)) strings.set(start, { value: head, key, ...by });
    }
  };
  /**
   * The `)` that closes the `(` at `open` (n when none does), found once per parenthesis: a
   * parameter list holding thousands of model-named defaults would otherwise be walked once for
   * each of them.
   */
  const closers = new Map<number, number>();
  const closerOf = (open: number): number => {
    const known = closers.get(open);
    if (known !== undefined) return known;
    let close = open + 1;
    while (close < n && !(isPunct(l, close, ')') && t.info[close] === open)) close++;
    closers.set(open, close);
    return close;
  };
  const instances = jsClientInstances(text);
  /**
   * The call the object literal opened at `par` is the first argument of (`new ChatOpenAI({`,
   * `client.chat.completions.create({`; js.ts: calleeOf): its callee's last name and the offset of
   * its `(`; for a method of a class instance (jsClientInstances), the class's name and its
   * construction's `(`.
   */
  const calleeOfObject = (par: number): { via: string; call: number } | undefined => {
    // LangChain JS's client options (`new ChatOpenAI({ model, configuration: { baseURL } })`): the outer object's call.
    if (isPunct(l, par - 1, ':') && t.type[par - 2] === IDENT && tx(l, par - 2) === 'configuration' && (isPunct(l, par - 3, '{') || isPunct(l, par - 3, ','))) {
      const outer = t.parent[par] as number;
      return outer >= 0 && isPunct(l, outer, '{') && t.info[outer] === OBJECT && outer === t.parent[par - 2] ? calleeOfObject(outer) : undefined;
    }
    if (!isPunct(l, par - 1, '(') || t.type[par - 2] !== IDENT || NOT_CALLEE.has(tx(l, par - 2))) return undefined;
    // The objects of the callee's chain, innermost first, up to anything but a `.` (`?.`, `]`, `)`).
    if (instances !== undefined) {
      for (let j = par - 2; isPunct(l, j - 1, '.') && t.type[j - 2] === IDENT; j -= 2) {
        const client = instances.get(tx(l, j - 2));
        if (client !== undefined && !client.factory) return { via: client.callee, call: bindingAt(client.ats, t.start[par - 1] as number) };
      }
    }
    return { via: tx(l, par - 2), call: t.start[par - 1] as number };
  };
  /** A property name token: identifier, string, or `[ 'literal' ]` (returns the index after). */
  const propName = (k: number): { name: string; next: number } | undefined => {
    if (t.type[k] === IDENT) return { name: tx(l, k), next: k + 1 };
    if (t.type[k] === STRING) return { name: literalValue(l, k), next: k + 1 };
    if (isPunct(l, k, '[') && isLit(k + 1) && isPunct(l, k + 2, ']')) return { name: literalValue(l, k + 1), next: k + 3 };
    return undefined;
  };
  /** Names of an import/export `{ ... }` list starting at k (`{`); returns them and the index after `}`. */
  const specList = (k: number): { names: string[]; next: number } => {
    const names: string[] = [];
    let j = k + 1;
    while (!isPunct(l, j, '}')) {
      if (j >= n) throw new Unsure('unclosed import list');
      // [type] name [as alias]
      if (isIdent(l, j, 'type') && (t.type[j + 1] === IDENT || t.type[j + 1] === STRING) && !isIdent(l, j + 1, 'as')) j++;
      else if (isIdent(l, j, 'type') && isIdent(l, j + 1, 'as')) throw new Unsure('import { type as ... }');
      if (t.type[j] !== IDENT && t.type[j] !== STRING) throw new Unsure('unexpected token in an import list');
      names.push(t.type[j] === STRING ? literalValue(l, j) : tx(l, j));
      j++;
      if (isIdent(l, j, 'as')) j += 2;
      if (isPunct(l, j, ',')) j++;
      else if (!isPunct(l, j, '}')) throw new Unsure('unexpected token in an import list');
    }
    return { names, next: j + 1 };
  };
  const expectFrom = (j: number): number => {
    if (!isIdent(l, j, 'from') || !isLit(j + 1)) throw new Unsure('import clause without from');
    return j + 1;
  };

  /**
   * Whether token `j` can follow the `import` keyword (`(`, `.`, a specifier, a binding, `{`, `*`):
   * anything else makes `import` a property or member name (`import: true`, TS's `import?: string`,
   * a class's `import = 1` or `import!: T`), as in webpack's types.d.ts.
   */
  const followsImportKeyword = (j: number): boolean =>
    j < n && (t.type[j] === IDENT || isLit(j) || isPunct(l, j, '(') || isPunct(l, j, '.') || isPunct(l, j, '{') || isPunct(l, j, '*'));

  for (let k = 0; k < n; k++) {
    const type = t.type[k];
    if (type === IDENT) {
      const len = (t.end[k] as number) - (t.start[k] as number);
      const prevDot = isPunct(l, k - 1, '.') || isPunct(l, k - 1, '?.');
      if (len === 6 && isIdent(l, k, 'import') && !prevDot && followsImportKeyword(k + 1)) {
        k = readImport(k) - 1;
        continue;
      }
      if (len === 6 && isIdent(l, k, 'export') && !prevDot && !isPunct(l, k + 1, ':')) {
        k = readExport(k) - 1;
        continue;
      }
      // `require<T>('x')`: the TypeScript parser reads a call with type arguments.
      if (ts && len === 7 && isIdent(l, k, 'require') && isPunct(l, k + 1, '<')) throw new Unsure('require with type arguments?');
      if (len === 7 && isIdent(l, k, 'require') && isPunct(l, k + 1, '(') && isLit(k + 2)) {
        // `require(` or Node's `module.require(` (as js.ts: isRequireCallee); the callee starts at `start`.
        const start = !prevDot ? k : isPunct(l, k - 1, '.') && isIdent(l, k - 2, 'module') && !isPunct(l, k - 3, '.') && !isPunct(l, k - 3, '?.') ? k - 2 : -1;
        if (start >= 0 && !isIdent(l, start - 1, 'new')) {
          let close = k + 3;
          if (isPunct(l, close, ',')) close++;
          if (isPunct(l, close, ')')) readRequire(k, close, start);
          continue;
        }
      }
      // `require.resolve('x')` / `import.meta.resolve('x')` (as js.ts: isResolveCallee).
      if (len === 7 && prevDot && isPunct(l, k - 1, '.') && isIdent(l, k, 'resolve') && isPunct(l, k + 1, '(') && isLit(k + 2) && (isPunct(l, k + 3, ')') || isPunct(l, k + 3, ','))) {
        const byRequire = isIdent(l, k - 2, 'require') && !isPunct(l, k - 3, '.') && !isPunct(l, k - 3, '?.');
        const byImportMeta = isIdent(l, k - 2, 'meta') && isPunct(l, k - 3, '.') && isIdent(l, k - 4, 'import') && !isPunct(l, k - 5, '.') && !isPunct(l, k - 5, '?.');
        if (byRequire || byImportMeta) addImport(k + 2, 'resolve', {});
      }
      // A call: one set lookup for the names that take a model name.
      if (calls !== undefined && isPunct(l, k + 1, '(') && calls.any.has(tx(l, k))) modelCall(k, calls);
      // `const DEFAULT_MODEL = 'gpt-4o'` (let, var; a TypeScript `: string`): a model name keyed by the variable's name.
      if (!prevDot && len >= 3 && modelSettingEnd(text.charCodeAt((t.end[k] as number) - 2), text.charCodeAt((t.end[k] as number) - 1)) && (isPunct(l, k + 1, '=') || (isPunct(l, k + 1, ':') && isIdent(l, k + 2, 'string') && isPunct(l, k + 3, '=')))) modelVariable(k);
      // `const m = process.env.OPENAI_MODEL ?? 'gpt-4o'`: a name that says no model given an env
      // var's fallback, keyed by the env var when its name does (js.ts alike).
      else if (!prevDot && isPunct(l, k + 1, '=') && isEnvStart(k + 2)) modelVariable(k);
      // A TypeScript enum member holding a literal alone (`enum Model { Large = 'mistral-large-latest' }`),
      // keyed by its name (js.ts: EnumMember): the detector keeps it when the literal is a model name.
      if (!prevDot && isPunct(l, k + 1, '=') && (isPunct(l, k - 1, '{') || isPunct(l, k - 1, ',')) && isLit(k + 2) && literalAlone(k + 2, [',', '}']) && enumBody(t.parent[k] as number)) addKeyed(k + 2, tx(l, k));
      // The keys' lengths and first characters are tested before slicing (KEY_SHAPE).
      if (!prevDot && len >= KEY_SHAPE.min && len <= KEY_SHAPE.max) {
        const c = text.charCodeAt(t.start[k] as number);
        if (c < 128 && KEY_SHAPE.first[c] === 1 && JS_STRING_KEYS.has(tx(l, k))) keyedProperty(k, tx(l, k));
      }
      // A model table's entry key (`[{ id: 'gpt-4o', label: … }]`: MODEL_TABLE_KEYS), its length tested first.
      if (!prevDot && len < 64 && TABLE_KEY_LENGTHS[len] === 1 && isPunct(l, k + 1, ':') && MODEL_TABLE_KEYS.has(tx(l, k))) tableEntry(k);
      // A key or class field named for a model (`chatModel: '…'`, `EMBEDDING_MODEL = '…'`): its last two characters are tested first.
      if (!prevDot && len >= 3 && modelSettingEnd(text.charCodeAt((t.end[k] as number) - 2), text.charCodeAt((t.end[k] as number) - 1)) && (isPunct(l, k + 1, ':') || isPunct(l, k + 1, '='))) {
        const name = tx(l, k);
        if (!JS_STRING_KEYS.has(name) && isModelSetting(name)) keyedProperty(k, name);
      }
      // A parameter's default named for a model (`function chat(prompt, model = 'gpt-4o')`,
      // `(q, model: string = '…') =>`, a method's): keyed by the parameter's name (js.ts: Parameter).
      if (!prevDot && (isPunct(l, k - 1, '(') || isPunct(l, k - 1, ',')) && isPunct(l, t.parent[k] as number, '(') && (isPunct(l, k + 1, '=') || (isPunct(l, k + 1, ':') && isIdent(l, k + 2, 'string') && isPunct(l, k + 3, '=')))) {
        const name = tx(l, k);
        if (JS_STRING_KEYS.has(name) || isModelSetting(name)) paramDefault(k, name);
      }
      // `chat: process.env.CHAT_MODEL ?? 'gpt-4o'`: a key that says no model given an env var's
      // fallback, keyed by the env var when its name does (as modelVariable; js.ts alike).
      if (!prevDot && (isPunct(l, k + 1, ':') || isPunct(l, k + 1, '=')) && (isEnvStart(k + 2) || (isIdent(l, k + 2, 'string') && isPunct(l, k + 3, '=') && isEnvStart(k + 4)))) {
        const name = tx(l, k);
        if (!JS_STRING_KEYS.has(name) && !isModelSetting(name)) keyedProperty(k, name, true);
      }
    } else if (type === STRING && isPunct(l, k + 1, ':')) {
      const key = literalValue(l, k);
      keyedProperty(k, key, isEnvStart(k + 2) && !JS_STRING_KEYS.has(key) && !isModelSetting(key));
    } else if (isPunct(l, k, '[') && isLit(k + 1) && isPunct(l, k + 2, ']') && isPunct(l, k + 3, ':')) {
      const key = literalValue(l, k + 1);
      keyedProperty(k, key, isEnvStart(k + 4) && !JS_STRING_KEYS.has(key) && !isModelSetting(key));
    }
  }

  function readImport(k: number): number {
    let j = k + 1;
    if (isPunct(l, j, '(')) {
      // import('x') or, in a type position, import('x').T
      if (dts) {
        // A declaration file holds no expressions: import('x') is a type.
        if (isLit(j + 1)) addImport(j + 1, 'import-type', { typeOnly: true });
        return j + 1;
      }
      if (ts && k > 0) {
        const p = t.type[k - 1] === IDENT ? tx(l, k - 1) : t.type[k - 1] === PUNCT ? tx(l, k - 1) : '';
        const par = t.parent[k] as number;
        const inObject = par >= 0 && isPunct(l, par, '{') && t.info[par] === OBJECT;
        const inList = inObject || (par >= 0 && (isPunct(l, par, '(') || isPunct(l, par, '[')));
        if (
          ['typeof', '<', '|', '&', 'extends', 'keyof', 'as', 'satisfies'].includes(p) ||
          (p === ':' && !inObject) ||
          (p === ',' && !inList) ||
          (p === '=' && (isIdent(l, k - 3, 'type') || isPunct(l, k - 2, '>')))
        ) {
          throw new Unsure('import() in a possible type position');
        }
      }
      if (isLit(j + 1)) addImport(j + 1, 'dynamic-import');
      return j + 1;
    }
    if (isPunct(l, j, '.')) return j; // import.meta
    if (isLit(j)) {
      addImport(j, 'side-effect');
      return j + 1;
    }
    let typeOnly = false;
    if (isIdent(l, j, 'type') && !(isIdent(l, j + 1, 'from') && isLit(j + 2)) && !isPunct(l, j + 1, ',') && !isPunct(l, j + 1, '=')) {
      typeOnly = true;
      j++;
    }
    const names: string[] = [];
    let defaultLocal: string | undefined;
    if (t.type[j] === IDENT && !isIdent(l, j, 'from')) {
      // import X from / import X = require('x') / import X = A.B
      if (isPunct(l, j + 1, '=')) {
        if (isIdent(l, j + 2, 'require') && isPunct(l, j + 3, '(') && isLit(j + 4) && isPunct(l, j + 5, ')')) {
          addImport(j + 4, 'require', typeOnly ? { typeOnly: true } : {});
          return j + 6;
        }
        return j + 2;
      }
      names.push('default');
      defaultLocal = tx(l, j);
      j++;
      if (isPunct(l, j, ',')) j++;
      else {
        const f = expectFrom(j);
        addImport(f, typeOnly ? 'import-type' : 'import', typeOnly ? { names, typeOnly } : { names, defaultLocal });
        return f + 1;
      }
    } else if (isIdent(l, j, 'from') && isIdent(l, j + 1, 'from')) {
      names.push('default');
      defaultLocal = 'from';
      j++;
    }
    if (isPunct(l, j, '*')) {
      if (!isIdent(l, j + 1, 'as') || t.type[j + 2] !== IDENT) throw new Unsure('import * without as');
      names.push('*');
      j += 3;
    } else if (isPunct(l, j, '{')) {
      const list = specList(j);
      names.push(...list.names);
      j = list.next;
    } else if (!(isIdent(l, j, 'from') && names.length)) {
      throw new Unsure('unexpected import clause');
    }
    const f = expectFrom(j);
    addImport(f, typeOnly ? 'import-type' : 'import', typeOnly ? { names, typeOnly } : defaultLocal !== undefined ? { names, defaultLocal } : { names });
    return f + 1;
  }

  function readExport(k: number): number {
    let j = k + 1;
    let typeOnly = false;
    if (isIdent(l, j, 'type') && (isPunct(l, j + 1, '{') || isPunct(l, j + 1, '*'))) {
      typeOnly = true;
      j++;
    }
    if (isIdent(l, j, 'import')) {
      // export import X = require('x')
      return j;
    }
    let names: string[];
    if (isPunct(l, j, '*')) {
      names = ['*'];
      j++;
      if (isIdent(l, j, 'as')) j += 2;
      if (!isIdent(l, j, 'from')) throw new Unsure('export * without from');
    } else if (isPunct(l, j, '{')) {
      const list = specList(j);
      names = list.names;
      j = list.next;
      if (!isIdent(l, j, 'from')) return j; // a local export list
    } else {
      return j; // export default, export const, ...
    }
    const f = expectFrom(j);
    addImport(f, 're-export', typeOnly ? { names, typeOnly } : { names });
    return f + 1;
  }

  /** The require call whose `require` is toks[k] and `)` toks[close]; its callee starts at `start` (`module.require`). */
  function readRequire(k: number, close: number, start: number): void {
    let names: string[] | undefined;
    if ((isPunct(l, close + 1, '.') || isPunct(l, close + 1, '?.')) && t.type[close + 1 + 1] === IDENT) {
      names = [tx(l, close + 2)];
    } else if (isPunct(l, close + 1, '.') || isPunct(l, close + 1, '?.')) {
      throw new Unsure('require().<not a name>');
    } else if (isPunct(l, start - 1, '=') && isPunct(l, start - 2, '}')) {
      // const { a, b: c } = require('x'): the names, when the call is the whole initializer.
      const open = t.info[start - 2] as number;
      const before = open - 1;
      const decl = isIdent(l, before, 'const') || isIdent(l, before, 'let') || isIdent(l, before, 'var') || isIdent(l, before, 'using');
      const after = close + 1;
      const alone = after >= n || isPunct(l, after, ';') || isPunct(l, after, ',') || isPunct(l, after, '}') || isPunct(l, after, ')');
      if (decl || isPunct(l, before, ',')) {
        if (!alone) {
          if (t.nl[after]) throw new Unsure('require() initializer continued on the next line?');
        } else if (decl) names = bindingNames(open);
        else throw new Unsure('destructuring require in a declaration list');
      }
    } else if (isPunct(l, start - 1, '=') && (t.type[start - 2] === IDENT || isPunct(l, start - 2, '>') || isPunct(l, start - 2, ']')) && ts) {
      // `const { a }: T = require('x')` would have names; a plain `x = require()` has none.
      for (let j = start - 2; j >= 0 && j > start - 40; j--) {
        if (isPunct(l, j, ';') || t.nl[j]) break;
        if (isPunct(l, j, ':')) throw new Unsure('typed declaration of a require()');
      }
    }
    // `const OpenAI = require('openai')`, the call the whole initializer: the module's binding, as a
    // default import's (js.ts alike). A next line that starts with a name ends the declaration.
    let defaultLocal: string | undefined;
    if (names === undefined && isPunct(l, start - 1, '=') && t.type[start - 2] === IDENT && (isIdent(l, start - 3, 'const') || isIdent(l, start - 3, 'let') || isIdent(l, start - 3, 'var'))) {
      const after = close + 1;
      if (after >= n || isPunct(l, after, ';') || isPunct(l, after, ',') || (t.nl[after] && t.type[after] === IDENT)) defaultLocal = tx(l, start - 2);
    }
    addImport(k + 2, 'require', names ? { names } : defaultLocal !== undefined ? { defaultLocal } : {});
  }

  /** The property names of an object binding pattern `{ a, b: c, 'd': e, ...r }` at `open`. */
  function bindingNames(open: number): string[] {
    const names: string[] = [];
    const closeAt = (j: number) => t.parent[j] === open;
    let j = open + 1;
    while (j < n && !(isPunct(l, j, '}') && t.info[j] === open)) {
      if (isPunct(l, j, '...')) {
        while (j < n && !(closeAt(j) && isPunct(l, j, ','))) {
          if (isPunct(l, j, '}') && t.info[j] === open) break;
          j++;
        }
        if (isPunct(l, j, ',')) j++;
        continue;
      }
      const p = propName(j);
      if (p) names.push(p.name);
      else if (!isPunct(l, j, '[')) throw new Unsure('unexpected binding element');
      // Skip to the next element.
      while (j < n && !(closeAt(j) && isPunct(l, j, ','))) {
        if (isPunct(l, j, '}') && t.info[j] === open) break;
        j++;
      }
      if (isPunct(l, j, ',')) j++;
    }
    return names;
  }

  /**
   * The call whose callee ends in the name token k (`openai(`, `p.openai(`, `openai.chat(`): its
   * first argument when that is a string or a template without substitutions, alone before `,` or
   * `)`. A `new` before the callee changes nothing (the parser front-end reads NewExpressions too).
   */
  function modelCall(k: number, calls: ModelCalls): void {
    // The provider the call is made on (`groq('…')`, `openai.chat('…')`): its `via`.
    let via = tx(l, k);
    if (!calls.names.has(via)) {
      // A method: the object's last name segment must be one of the names.
      if (!(isPunct(l, k - 1, '.') || isPunct(l, k - 1, '?.')) || !isIdent(l, k - 2) || !calls.names.has(tx(l, k - 2))) return;
      via = tx(l, k - 2);
    }
    // A literal, or an env read's literal fallback (`openai(process.env.OPENAI_MODEL ?? 'gpt-4o-mini')`).
    const arg = isLit(k + 2) ? k + 2 : envFallback(k + 2);
    // Its call (js.ts alike): that of the instance it is made on, else its own `(`.
    const bound = instances?.get(via);
    const paren = t.start[k + 1] as number;
    if (isLit(arg) && (isPunct(l, arg + 1, ',') || isPunct(l, arg + 1, ')'))) strings.set(t.start[arg] as number, { value: literalValue(l, arg), key: MODEL_CALL_KEY, via, call: bound !== undefined ? bindingAt(bound.ats, paren) : paren });
  }

  /**
   * At token v, an env read with a literal fallback: `process.env.X ?? 'gpt-4o'` (or `||`), with
   * `process.env['X']`, `Bun.env.X`, `import.meta.env.X` or `Deno.env.get('X')` read: the fallback
   * literal's token, the value the code uses where the variable is unset; else v (js.ts: envFallback).
   */
  function envFallback(v: number): number {
    let e = -1;
    if ((isIdent(l, v, 'process') || isIdent(l, v, 'Bun')) && isPunct(l, v + 1, '.') && isIdent(l, v + 2, 'env')) {
      if (isPunct(l, v + 3, '.') && isIdent(l, v + 4)) e = v + 4;
      else if (isPunct(l, v + 3, '[') && isLit(v + 4) && isPunct(l, v + 5, ']')) e = v + 5;
    } else if (isIdent(l, v, 'import') && isPunct(l, v + 1, '.') && isIdent(l, v + 2, 'meta') && isPunct(l, v + 3, '.') && isIdent(l, v + 4, 'env') && isPunct(l, v + 5, '.') && isIdent(l, v + 6)) {
      e = v + 6;
    } else if (isIdent(l, v, 'Deno') && isPunct(l, v + 1, '.') && isIdent(l, v + 2, 'env') && isPunct(l, v + 3, '.') && isIdent(l, v + 4, 'get') && isPunct(l, v + 5, '(') && isLit(v + 6) && isPunct(l, v + 7, ')')) {
      e = v + 7;
    }
    return e >= 0 && (isPunct(l, e + 1, '??') || isPunct(l, e + 1, '||')) && isLit(e + 2) ? e + 2 : v;
  }

  /**
   * At token v, a zod schema with a literal default as its last call, `z.string().default('gpt-4o')`
   * (`z.coerce.string()`, any calls and arguments before it): the literal's token and the `)` that
   * ends the chain (js.ts: zodDefault).
   */
  function zodDefault(v: number): { lit: number; last: number } | undefined {
    if (!isIdent(l, v, 'z')) return undefined;
    let found: { lit: number; last: number } | undefined;
    let j = v + 1;
    for (let steps = 0; steps < 16 && isPunct(l, j, '.') && isIdent(l, j + 1); steps++) {
      // After the default only calls that keep its value (ZOD_KEEPS: `.describe('…')`, `.optional()`).
      if (found !== undefined && !(ZOD_KEEPS.has(tx(l, j + 1)) && isPunct(l, j + 2, '('))) return undefined;
      if (!isPunct(l, j + 2, '(')) {
        j += 2;
        continue;
      }
      const open = j + 2;
      const close = closerOf(open);
      if (close >= n) return undefined;
      if (found === undefined && tx(l, j + 1) === 'default' && isLit(open + 1) && close === open + 2) found = { lit: open + 1, last: close };
      else if (found !== undefined) found = { lit: found.lit, last: close };
      j = close + 1;
    }
    return isPunct(l, j, '.') || isPunct(l, j, '?.') ? undefined : found;
  }

  /** The last token of a literal at k with its TypeScript `as const` (js.ts: withoutConst), else k. */
  function constEnd(k: number): number {
    return isIdent(l, k + 1, 'as') && isIdent(l, k + 2, 'const') ? k + 2 : k;
  }

  /** Whether the brace token `par` opens an enum's body: `enum Name {` (`const enum`, `declare enum` too). */
  function enumBody(par: number): boolean {
    return par >= 2 && isPunct(l, par, '{') && t.type[par - 1] === IDENT && isIdent(l, par - 2, 'enum');
  }

  /** A variable declared with a literal alone (or an env read's literal fallback) whose name says it holds a model (isModelSetting), at name token k. */
  function modelVariable(k: number): void {
    if (!(isIdent(l, k - 1, 'const') || isIdent(l, k - 1, 'let') || isIdent(l, k - 1, 'var'))) return;
    const raw = isPunct(l, k + 1, '=') ? k + 2 : k + 4;
    const zod = zodDefault(raw);
    const value = zod?.lit ?? envFallback(raw);
    const last = zod?.last ?? constEnd(value);
    if (!isLit(value) || !(literalAlone(last, [';', ',']) || text.slice(t.end[last] as number, t.start[last + 1] as number).includes('\n'))) return;
    const name = tx(l, k);
    if (isModelSetting(name)) addKeyed(value, name);
    else if (zod === undefined && value !== raw) {
      const env = envNameAt(raw);
      if (env !== undefined && isModelSetting(env)) addKeyed(value, env);
    }
  }

  /**
   * At name token k in parentheses, followed by `=` (or `: string =`): when the parentheses are a
   * function's parameters, the default if it is a literal alone (or an env read's literal
   * fallback), keyed by the name. Parameters for certain: an arrow's (`=>` after the `)`), a
   * `function`'s, a class's or object literal's method's (`{` after the `)`); other parentheses
   * followed by `{` or `:` may be either, so the parser decides (Unsure).
   */
  function paramDefault(k: number, name: string): void {
    const open = t.parent[k] as number;
    const close = closerOf(open);
    if (close >= n) return;
    const before = open - 1;
    const beforeName = t.type[before] === IDENT ? tx(l, before) : '';
    const body = isPunct(l, close + 1, '{');
    let params = isPunct(l, close + 1, '=>') || (body && beforeName === 'function');
    if (!params && body && !NOT_CALLEE.has(beforeName)) {
      const owner = t.parent[before] as number;
      const member = t.type[before] === IDENT && owner >= 0 && isPunct(l, owner, '{') && (t.info[owner] === CLASS_BODY || t.info[owner] === OBJECT) && !isPunct(l, before - 1, '.');
      params = (t.type[before] === IDENT && isIdent(l, before - 1, 'function')) || member;
      if (!params) throw new Unsure('parentheses before a brace may be parameters');
    } else if (!params && isPunct(l, close + 1, ':')) throw new Unsure('parentheses before a colon may be parameters');
    if (!params) return;
    const eq = isPunct(l, k + 1, '=') ? k + 1 : k + 3;
    const value = envFallback(eq + 1);
    if (t.type[value] === TEMPLATE_HEAD) throw new Unsure('a parameter default template');
    if (isLit(value) && literalAlone(constEnd(value), [',', ')'])) addKeyed(value, name);
  }

  /** Whether token v can start an env read (envFallback's forms begin with these names). */
  function isEnvStart(v: number): boolean {
    return isIdent(l, v, 'process') || isIdent(l, v, 'import') || isIdent(l, v, 'Deno') || isIdent(l, v, 'Bun');
  }

  /** The env var an env read at token v names (envFallback's forms): `process.env.X`, `process.env['X']`, `import.meta.env.X`, `Deno.env.get('X')`. */
  function envNameAt(v: number): string | undefined {
    if (isIdent(l, v, 'import')) return isIdent(l, v + 6) ? tx(l, v + 6) : undefined;
    if (isIdent(l, v, 'Deno')) return isLit(v + 6) ? literalValue(l, v + 6) : undefined;
    if (isPunct(l, v + 3, '[')) return isLit(v + 4) ? literalValue(l, v + 4) : undefined;
    return isIdent(l, v + 4) ? tx(l, v + 4) : undefined;
  }

  /**
   * `key: literal` in an object literal, or `key = literal` as a class field, at name token k. With
   * `byEnv`, the value must be an env read's literal fallback whose env var is named for a model,
   * and the literal is keyed by that name.
   */
  function keyedProperty(k: number, key: string, byEnv = false): void {
    if (!byEnv && !JS_STRING_KEYS.has(key) && !isModelSetting(key)) return;
    const par = t.parent[k] as number;
    const nameEnd = t.type[k] === PUNCT ? k + 3 : k + 1;
    if (par < 0 || !isPunct(l, par, '{')) return;
    const kind = t.info[par];
    if (kind === CLASS_BODY) {
      classField(k, nameEnd, key, byEnv);
      return;
    }
    if (!isPunct(l, nameEnd, ':')) return;
    const startsProperty = isPunct(l, k - 1, '{') || isPunct(l, k - 1, ',');
    if (!startsProperty) return;
    const zod = byEnv ? undefined : zodDefault(nameEnd + 1);
    const value = zod?.lit ?? envFallback(nameEnd + 1);
    if (byEnv) {
      const env = value === nameEnd + 1 ? undefined : envNameAt(nameEnd + 1);
      if (env === undefined || !isModelSetting(env)) return;
      key = env;
    }
    const valueType = t.type[value];
    const literal = valueType === STRING || valueType === TEMPLATE || valueType === TEMPLATE_HEAD;
    if (!literal) return;
    const end = valueType === TEMPLATE_HEAD ? templateEnd(value) : value;
    if (!literalAlone(zod?.last ?? (valueType === TEMPLATE_HEAD ? end : constEnd(end)), [',', '}'])) return;
    // In a block it is a label, in a type literal or interface a property signature.
    if (kind === OBJECT) {
      const callee = calleeOfObject(par);
      addKeyed(value, key, callee?.via, callee !== undefined && callee.call >= 0 ? callee.call : undefined);
    }
    else if (kind === AMBIGUOUS) throw new Unsure('keyed literal in a brace that may not be an object');
  }

  /** `key: 'literal'` at name token k, in an object literal that is an array literal's element (js.ts alike). */
  function tableEntry(k: number): void {
    const par = t.parent[k] as number;
    if (par < 0 || !isPunct(l, par, '{') || t.info[par] !== OBJECT || !isPunct(l, t.parent[par] as number, '[')) return;
    if (!isPunct(l, k - 1, '{') && !isPunct(l, k - 1, ',')) return;
    const value = k + 2;
    if (t.type[value] !== STRING && t.type[value] !== TEMPLATE) return;
    if (!literalAlone(value, [',', '}'])) return;
    addKeyed(value, tx(l, k));
  }

  function classField(k: number, nameEnd: number, key: string, byEnv: boolean): void {
    // Member start: after `{`, `;`, `}`, a modifier, a decorator (`@Input() model = ...`), or a line break.
    const p = k - 1;
    const starts = t.nl[k] === 1 || isPunct(l, p, '{') || isPunct(l, p, ';') || isPunct(l, p, '}') || (t.type[p] === IDENT && CLASS_MODIFIERS.has(tx(l, p))) || endsDecorator(p);
    if (!starts) return;
    let j = nameEnd;
    if (isPunct(l, j, '?') || isPunct(l, j, '!')) j++;
    if (isPunct(l, j, ':')) {
      // A type annotation: find `=` before the member ends.
      let q = j + 1;
      const body = t.parent[k];
      for (;;) {
        if (q >= n || (isPunct(l, q, '}') && t.info[q] === body)) return;
        if (t.parent[q] === body && (isPunct(l, q, ';') || (t.nl[q] && q > j + 1 && !isPunct(l, q, '|') && !isPunct(l, q, '&')))) return;
        if (t.parent[q] === body && isPunct(l, q, '=')) break;
        q++;
      }
      j = q;
    }
    if (!isPunct(l, j, '=')) return;
    const zod = byEnv ? undefined : zodDefault(j + 1);
    const value = zod?.lit ?? envFallback(j + 1);
    if (byEnv) {
      const env = value === j + 1 ? undefined : envNameAt(j + 1);
      if (env === undefined || !isModelSetting(env)) return;
      key = env;
    }
    const vt = t.type[value];
    if (vt !== STRING && vt !== TEMPLATE && vt !== TEMPLATE_HEAD) return;
    const end = vt === TEMPLATE_HEAD ? templateEnd(value) : value;
    const after = (zod?.last ?? (vt === TEMPLATE_HEAD ? end : constEnd(end))) + 1;
    if (after < n && !isPunct(l, after, ';') && !isPunct(l, after, '}') && !t.nl[after]) return;
    if (after < n && t.nl[after] && !isPunct(l, after, ';') && !isPunct(l, after, '}')) {
      const a = tx(l, after);
      if (['(', '[', '`', '+', '-', '/', '.', '?.', ',', '*', '?', '&&', '||', '??', 'as', 'satisfies', '!'].includes(a)) throw new Unsure('class field initializer may continue');
    }
    addKeyed(value, key);
  }

  /** Token p ends a decorator: `@a`, `@a.b`, `@a(...)`, `@a.b(...)`. */
  function endsDecorator(p: number): boolean {
    let j = p;
    if (isPunct(l, j, ')')) j = (t.info[j] as number) - 1;
    while (isIdent(l, j) && isPunct(l, j - 1, '.')) j -= 2;
    return isIdent(l, j) && isPunct(l, j - 1, '@');
  }

  /** The TEMPLATE_PART that ends the template whose head is at k. */
  function templateEnd(k: number): number {
    for (let j = k + 1; j < n; j++) {
      if (t.type[j] === TEMPLATE_PART && t.info[j] === k) {
        const e = t.end[j] as number;
        if (text.charCodeAt(e - 1) === 96) return j;
      }
    }
    throw new Unsure('unterminated template');
  }

  // Every other literal: URLs, and template heads that name a host.
  for (let k = 0; k < n; k++) {
    const type = t.type[k];
    if (type !== STRING && type !== TEMPLATE && type !== TEMPLATE_HEAD) continue;
    const start = t.start[k] as number;
    if (strings.has(start) || specifiers.has(k)) continue;
    const v = literalValue(l, k);
    if (type === TEMPLATE_HEAD) {
      if (URL_HEAD_RE.test(v) && !/\s/.test(v)) strings.set(start, { value: v });
    } else if (URL_RE.test(v)) {
      strings.set(start, { value: v });
    }
  }

  return { imports, strings };
}
