/**
 * Swift front-end: a small lexer that knows what is code and what is not (`//` comments, nested
 * `/* /* *\/ *\/` block comments, string literals `"…"` with `\(…)` interpolation holding code of
 * its own (nested parentheses, strings, comments), multi-line `"""…"""`, raw strings `#"…"#`,
 * `##"…"##` and multi-line raw strings with their `\#(…)` interpolation, and regex literals,
 * SE-0354's bare `/…/` and extended `#/…/#`, `##/…/##`, multi-line when the opening delimiter ends
 * its line), and reports:
 * - the module imports: `import OpenAI`, `@testable import X`, `@_exported import X`,
 *   `@preconcurrency import X`, `public import X` (access-level imports), the kinds
 *   `import struct X.Y` / class / enum / protocol / typealias / func / var / let, and submodules
 *   `import X.Sub`; an import inside an `#if canImport(X)` block is an import all the same. Only an
 *   `import` that starts a declaration (a line, or after `;`, `{`, `}`, attributes and modifiers)
 *   and is followed by a module path counts;
 * - the model names and base URLs given to SDKs as literals: a labelled argument `model: "gpt-4o"`,
 *   `baseURL:` / `baseUrl:` / `endpoint:` (a URL), `host: "api.openai.com"` (MacPaw OpenAI's
 *   Configuration, whose scheme defaults to https: reported as `https://api.openai.com` under the
 *   base-URL key); an enum case (`model: .gpt4_o`) or an interpolated string is no literal; with
 *   `calls` (SdkCatalog.modelCalls('swift')), the first argument of a model call, unlabelled or
 *   labelled `name:` / `modelName:` / `model:` (`GenerativeModel(name: "gemini-1.5-flash", apiKey:
 *   …)`, Firebase's `ai.generativeModel(modelName: "gemini-2.0-flash")`), keyed MODEL_CALL_KEY.
 *
 * A bare `/…/` is told from division as SE-0354 tells it, as far as a lexer can (bareRegexAt: not
 * after an operand, no space or tab after the opening or before the closing `/`, on one line, no
 * unbalanced `)`); the compiler also knows where its parser expects an expression, which a lexer
 * does not, so a `/` after an operand is always division and one at a line's start may open a
 * regex, after a value on the line before too: the newline is whitespace, so a `/` with none after
 * it is no infix operator (SE-0354: `let g = 0\n/1 + 2/ // Must be a regex`; swift-syntax lexes a
 * `/` bound on its right only as a regex whatever the token before). Inside a string interpolation the operand is the character before. Single pass, linear in the
 * text, never throws; interpolations nest at most MAX_NESTING deep (deeper, their strings are
 * skipped as code). Lines are counted at CR, LF and CRLF.
 */
import { lineStarts } from '../util/lines.js';
import { placeSites, type RawSites } from './place.js';
import { blank, type RubySites } from './ruby.js';
import { MODEL_CALL_KEY, type ImportSite, type ModelCalls } from './types.js';
import { skipBalanced } from './token-sites.js';
import { isModelSetting } from './config-text.js';

/** Labels whose literal argument is a model name or a base URL (the inventory's keys). */
const SWIFT_KEYS: ReadonlySet<string> = new Set(['model', 'baseURL', 'baseUrl', 'endpoint']);
/** The key a `host:` literal is reported under, as a URL. */
const HOST_KEY = 'baseURL';
/** The keys of the sites swiftSites reads as an SDK's argument, not a name of the project's own. */
export const SWIFT_SDK_KEYS: ReadonlySet<string> = new Set([...SWIFT_KEYS, HOST_KEY, MODEL_CALL_KEY]);
/** Labels a model call's first argument may carry. */
const MODEL_LABELS: ReadonlySet<string> = new Set(['name', 'modelName', 'model']);
/** Declaration modifiers that may come before `import` (Swift 6 access-level imports). */
const MODIFIERS: ReadonlySet<string> = new Set(['public', 'internal', 'package', 'private', 'fileprivate', 'open']);
/** The kinds of a scoped import: `import struct X.Y`. */
const IMPORT_KINDS: ReadonlySet<string> = new Set(['typealias', 'struct', 'class', 'enum', 'protocol', 'let', 'var', 'func']);
/** How deep string interpolations nest before their strings are skipped as plain code. */
const MAX_NESTING = 32;
/** The most `#`s of an extended regex delimiter read (`###/…/###`); a longer run opens none. */
const MAX_HASHES = 16;
/** Operator characters before a bare regex's `/` (a prefix operator, `!/x/`), looked back at most this far. */
const MAX_PREFIX_OP = 8;
/** Blanks looked back over for the operand before a `/` inside an interpolation. */
const MAX_BLANKS_BACK = 64;
const OPERATOR_CHARS: ReadonlySet<string> = new Set([...'=-+!*%<>&|^~?']);
/** What may stand just before a `/` (or its prefix operator) that is not glued to an operand. */
const UNBOUND_BEFORE: ReadonlySet<string> = new Set([' ', '\t', '\n', '\r', '\f', '\v', '\0', '(', '[', '{', ',', ';', ':']);
/** Keywords after which an expression starts: a `/` there may open a regex. */
const EXPRESSION_KEYWORDS: ReadonlySet<string> = new Set(['return', 'throw', 'try', 'await', 'case', 'in', 'where', 'if', 'guard', 'while', 'switch', 'else', 'repeat', 'do', 'yield', 'is', 'as']);

export interface SwiftTok {
  /** id: identifier (backquotes dropped); str: string literal (v undefined when interpolated); p: punctuation. */
  t: 'id' | 'str' | 'p';
  at: number;
  v?: string;
  /** The token starts a line (only blanks and comments before it on its line). */
  nl?: true;
}

/** Imports, keyed literals at their opening quote, and the text with comments blanked (the Ruby front-end's shape). */
export type SwiftSites = RubySites;

const isIdStart = (c: string): boolean => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_' || c > '\x7f';
const isIdPart = (c: string): boolean => isIdStart(c) || (c >= '0' && c <= '9');

class SwiftLexer {
  i = 0;
  readonly toks: SwiftTok[] = [];
  readonly comments: number[] = [];
  private lineStart = true;
  /** The closing `/` of the bare regex literal bareRegexAt found last. */
  private bareEnd: number | undefined;
  /** Closing delimiters known absent from a position on (find). */
  private readonly absentFrom = new Map<string, number>();

  constructor(private readonly s: string) {}

  private push(t: SwiftTok['t'], at: number, v?: string): void {
    const tok: SwiftTok = v === undefined ? { t, at } : { t, at, v };
    if (this.lineStart) tok.nl = true;
    this.lineStart = false;
    this.toks.push(tok);
  }

  run(): void {
    const s = this.s;
    const n = s.length;
    while (this.i < n) {
      const c = s[this.i] as string;
      if (c === '\n' || c === '\r') {
        this.lineStart = true;
        this.i++;
        continue;
      }
      if (c === ' ' || c === '\t' || c === '\f' || c === '\v' || c === '\0') {
        this.i++;
        continue;
      }
      const at = this.i;
      if (c === '/' && s[this.i + 1] === '/') {
        this.lineComment();
        continue;
      }
      if (c === '/' && s[this.i + 1] === '*') {
        this.blockComment();
        continue;
      }
      if (c === '"' || (c === '#' && (s[this.i + 1] === '"' || s[this.i + 1] === '#'))) {
        // A string (its comments and lines inside) neither starts nor ends a line of code.
        const ls = this.lineStart;
        const v = this.stringLiteral(0);
        this.lineStart = ls;
        if (v !== null) {
          this.push('str', at, v);
          continue;
        }
        this.i = at;
      }
      if (c === '#' || (c === '/' && this.bareRegexAt(at))) {
        const h = this.hashRun(at);
        if (this.regexLiteral(h)) {
          this.push('str', at, undefined);
          continue;
        }
        if (h > 1) {
          // A run of `#`s that opens neither a string nor a regex: one token, read once.
          this.push('p', at, '#');
          this.i = at + h - 1;
          continue;
        }
      }
      if (c === '`') {
        const j = s.indexOf('`', this.i + 1);
        const nl = s.slice(this.i + 1, j < 0 ? this.i + 1 : j).search(/[\r\n]/);
        if (j > this.i + 1 && nl < 0) {
          this.push('id', at, s.slice(this.i + 1, j));
          this.i = j + 1;
          continue;
        }
      }
      if (isIdStart(c) || (c === '#' && isIdStart(s[this.i + 1] ?? ''))) {
        let k = this.i + 1;
        while (k < n && isIdPart(s[k] as string)) k++;
        this.push('id', at, s.slice(this.i, k));
        this.i = k;
        continue;
      }
      this.push('p', at, c);
      this.i++;
    }
  }

  private lineComment(): void {
    const s = this.s;
    let k = this.i;
    while (k < s.length && s[k] !== '\n' && s[k] !== '\r') k++;
    this.comments.push(this.i, k);
    this.i = k;
  }

  /** A block comment from `/*` (at this.i), nested ones counted; to the text's end when unclosed. */
  private blockComment(): void {
    const s = this.s;
    const start = this.i;
    let depth = 0;
    let k = this.i;
    while (k < s.length) {
      if (s[k] === '/' && s[k + 1] === '*') {
        depth++;
        k += 2;
      } else if (s[k] === '*' && s[k + 1] === '/') {
        depth--;
        k += 2;
        if (depth === 0) break;
      } else {
        if (s[k] === '\n' || s[k] === '\r') this.lineStart = true;
        k++;
      }
    }
    this.comments.push(start, k);
    this.i = k;
  }

  /** How many `#`s stand at `at` (0 when none). */
  private hashRun(at: number): number {
    let h = 0;
    while (this.s[at + h] === '#') h++;
    return h;
  }

  /** Where `close` is first found at or after `from`, or -1; a search that failed is not run again from further on. */
  private find(close: string, from: number): number {
    const absent = this.absentFrom.get(close);
    if (absent !== undefined && from >= absent) return -1;
    const j = this.s.indexOf(close, from);
    if (j < 0) this.absentFrom.set(close, Math.min(from, absent ?? from));
    return j;
  }

  /**
   * A regex literal at this.i after `h` hashes (SE-0354): `/…/` (h = 0, bareRegexAt has checked
   * it) or `#/…/#`, `##/…/##` (at most MAX_HASHES), to just after its closing delimiter. An
   * extended one whose `/` ends its line is multi-line, to its closing delimiter wherever it is,
   * and no regex without one; on one line, unclosed, it runs to the line's end. False (this.i
   * unchanged) when no regex starts here.
   */
  private regexLiteral(h: number): boolean {
    const s = this.s;
    const open = this.i + h;
    if (s[open] !== '/' || h > MAX_HASHES) return false;
    if (h === 0) {
      this.i = (this.bareEnd as number) + 1;
      return true;
    }
    const close = `/${'#'.repeat(h)}`;
    const multi = s[open + 1] === '\n' || s[open + 1] === '\r';
    const j = this.find(close, open + 1);
    if (multi) {
      if (j < 0) return false;
      this.i = j + close.length;
      return true;
    }
    let k = open + 1;
    const stop = j < 0 ? s.length : j;
    while (k < stop && s[k] !== '\n' && s[k] !== '\r') k++;
    this.i = k === j ? j + close.length : k;
    return true;
  }

  /**
   * Whether the `/` at `at` opens a bare regex literal `/…/` (SE-0354), as far as a lexer can
   * tell: it stands where an expression starts (not after an operand, a `)` or `]`, a literal or
   * an identifier other than a keyword such as `return`, unless it starts a line; not glued to one
   * (`a/b/`); after operator characters only when they are a prefix operator, `!/x/`, not an
   * infix one, `x+/y/`), the next character is no space or tab, and the same line holds the closing
   * `/`, with no space or tab before it and no unbalanced `)` between (escapes and `[…]` classes
   * considered). Its closing `/` is kept in bareEnd. Each scan ends at the first unescaped `/`, `)`
   * too many or the line's end, and the `/`s it passes are escaped ones, glued to their `\\`:
   * linear. Inside an interpolation (`inCode` false), whose code has no tokens, the operand before
   * is the last character before the blanks: a name, a digit, `)`, `]`, `}` or a quote.
   */
  private bareRegexAt(at: number, inCode = true): boolean {
    const s = this.s;
    const first = s[at + 1];
    if (first === undefined || first === ' ' || first === '\t' || first === '\n' || first === '\r') return false;
    let b = at - 1;
    while (b >= 0 && at - b <= MAX_PREFIX_OP && OPERATOR_CHARS.has(s[b] as string)) b--;
    const before = b < 0 ? '' : (s[b] as string);
    if (b >= 0 && !UNBOUND_BEFORE.has(before)) return false; // glued to an operand, or an infix operator
    if (b === at - 1 && !inCode) {
      let p = b;
      while (p >= 0 && b - p < MAX_BLANKS_BACK && (s[p] === ' ' || s[p] === '\t')) p--;
      const pc = s[p] ?? '';
      if (isIdPart(pc) || pc === ')' || pc === ']' || pc === '}' || pc === '"') return false;
    } else if (b === at - 1 && !this.lineStart) {
      const prev = this.toks[this.toks.length - 1];
      if (prev !== undefined && (prev.t === 'str' || (prev.t === 'id' && !EXPRESSION_KEYWORDS.has(prev.v ?? '')) || (prev.t === 'p' && /^[)\]}0-9]$/.test(prev.v ?? '')))) return false;
    }
    let parens = 0;
    let klass = 0;
    for (let k = at + 1; k < s.length; k++) {
      const c = s[k] as string;
      if (c === '\n' || c === '\r') return false;
      if (c === '\\') {
        if (s[k + 1] === '\n' || s[k + 1] === '\r') return false;
        k++;
      } else if (c === '[') klass++;
      else if (c === ']' && klass > 0) klass--;
      else if (klass > 0) continue;
      else if (c === '(') parens++;
      else if (c === ')' && parens-- === 0) return false;
      else if (c === '/') {
        if (s[k - 1] === ' ' || s[k - 1] === '\t') return false;
        this.bareEnd = k;
        return true;
      }
    }
    return false;
  }

  /**
   * A string literal at this.i (its `#`s, then `"` or `"""`), to just after its closing delimiter;
   * its value when it has no interpolation (undefined when it has), null when `#…` opens no string.
   */
  private stringLiteral(depth: number): string | undefined | null {
    const s = this.s;
    const n = s.length;
    let h = 0;
    while (s[this.i + h] === '#') h++;
    if (s[this.i + h] !== '"') return null;
    const hashes = '#'.repeat(h);
    const multi = s.startsWith('"""', this.i + h);
    this.i += h + (multi ? 3 : 1);
    const close = multi ? `"""${hashes}` : `"${hashes}`;
    let v = '';
    let plain = true;
    while (this.i < n) {
      const c = s[this.i] as string;
      if (c === '"' && s.startsWith(close, this.i)) {
        this.i += close.length;
        return plain ? v : undefined;
      }
      if (!multi && (c === '\n' || c === '\r')) return plain ? v : undefined; // unterminated: ends at the line
      if (c === '\\' && (h === 0 || s.startsWith(hashes, this.i + 1))) {
        const e = this.i + 1 + h;
        const x = s[e] ?? '';
        if (x === '(') {
          plain = false;
          this.i = e + 1;
          this.interpolation(depth + 1);
          continue;
        }
        if (x === 'u' && s[e + 1] === '{') {
          const end = s.indexOf('}', e + 2);
          const cp = end > 0 && end - e < 12 ? Number.parseInt(s.slice(e + 2, end), 16) : Number.NaN;
          if (Number.isInteger(cp) && cp >= 0 && cp <= 0x10ffff) {
            v += String.fromCodePoint(cp);
            this.i = end + 1;
            continue;
          }
        }
        if (multi && (x === '\n' || x === '\r')) {
          // A line continuation.
          this.i = e + (x === '\r' && s[e + 1] === '\n' ? 2 : 1);
          continue;
        }
        v += ESCAPES[x] ?? x;
        this.i = e + 1;
        continue;
      }
      v += c;
      this.i++;
    }
    return plain ? v : undefined;
  }

  /**
   * The code of an interpolation, from just after `\(` to just after its `)`: parentheses nest,
   * strings and comments inside are skipped whole (strings up to MAX_NESTING deep).
   */
  private interpolation(depth: number): void {
    const s = this.s;
    this.i = skipBalanced(s, this.i, '(', ')', (at) => {
      this.i = at;
      const c = s[at] as string;
      if (c === '/' && s[at + 1] === '/') this.lineComment();
      else if (c === '/' && s[at + 1] === '*') this.blockComment();
      else if (depth < MAX_NESTING && (c === '"' || (c === '#' && (s[at + 1] === '"' || s[at + 1] === '#')))) {
        if (this.stringLiteral(depth) === null) return this.regexLiteral(this.hashRun(at)) ? this.i : at + Math.max(1, this.hashRun(at));
      } else if (c === '#' && s[at + 1] === '/' && !this.regexLiteral(1)) return at + 1;
      else if (c === '/' && this.bareRegexAt(at, false)) this.regexLiteral(0);
      return this.i;
    });
  }
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0', '\\': '\\', '"': '"', "'": "'" };

const isP = (t: SwiftTok | undefined, v: string): boolean => t !== undefined && t.t === 'p' && t.v === v;
const isId = (t: SwiftTok | undefined): boolean => t !== undefined && t.t === 'id' && !(t.v ?? '').startsWith('#');

/**
 * Whether the `import` at token k starts a declaration: walking back over modifiers (`public`) and
 * attributes (`@testable`, `@_exported`, `@_spi(X)`), the first of them starts a line, the file, or
 * follows `;`, `{` or `}`. Walks back at most a few tokens, so stays linear.
 */
function startsImport(toks: SwiftTok[], k: number): boolean {
  let j = k;
  for (let guard = 0; guard < 16; guard++) {
    const prev = toks[j - 1];
    if (prev === undefined) return true;
    if (toks[j]?.nl) return true;
    if (prev.t === 'id' && MODIFIERS.has(prev.v ?? '')) {
      j--;
      continue;
    }
    if (prev.t === 'id' && isP(toks[j - 2], '@')) {
      j -= 2;
      continue;
    }
    if (isP(prev, ')')) {
      // An attribute's arguments: `@_spi(Private) import X`.
      let m = j - 2;
      while (m > j - 8 && m >= 0 && !isP(toks[m], '(') && !isP(toks[m], ')')) m--;
      if (isP(toks[m], '(') && toks[m - 1]?.t === 'id' && isP(toks[m - 2], '@')) {
        j = m - 2;
        continue;
      }
      return false;
    }
    return isP(prev, ';') || isP(prev, '{') || isP(prev, '}');
  }
  return false;
}

/** The tokens of a Swift source (comments left out, strings decoded), for readers of Swift code such as Package.swift. */
export function swiftTokens(text: string): SwiftTok[] {
  return swiftTokensOf(new SwiftLexer(text));
}

function swiftTokensOf(lx: SwiftLexer): SwiftTok[] {
  try {
    lx.run();
  } catch {
    // The lexer does not throw on any input; this is a last guard for the invariant.
  }
  return lx.toks;
}

/**
 * Imports and keyed literals of a Swift source. With `calls` (SdkCatalog.modelCalls('swift')), the
 * model name given to a call that takes one too, keyed MODEL_CALL_KEY.
 */
export function swiftSites(text: string, calls?: ModelCalls): SwiftSites {
  const lx = new SwiftLexer(text);
  const toks = swiftTokensOf(lx);
  const raw: RawSites = { imports: [], strings: new Map() };
  const keyed = (value: string, key: string, at: number): void => {
    if (!raw.strings.has(at)) raw.strings.set(at, { value, key });
  };
  /** A literal argument: a plain string followed by `,` or `)`. */
  const literalArg = (j: number): SwiftTok | undefined => {
    const v = toks[j];
    return v?.t === 'str' && v.v !== undefined && (isP(toks[j + 1], ',') || isP(toks[j + 1], ')')) ? v : undefined;
  };
  for (let k = 0; k < toks.length; k++) {
    const t = toks[k] as SwiftTok;
    if (t.t !== 'id') continue;
    if (t.v === 'import' && startsImport(toks, k)) {
      let j = k + 1;
      if (IMPORT_KINDS.has(toks[j]?.v ?? '') && isId(toks[j + 1])) j++;
      const first = toks[j];
      if (!isId(first) || (toks[j + 1] !== undefined && !toks[j + 1]?.nl && (isP(toks[j + 1], '(') || isP(toks[j + 1], '=') || isP(toks[j + 1], ':')))) continue;
      let spec = first?.v as string;
      let m = j + 1;
      for (let guard = 0; guard < 64 && isP(toks[m], '.') && !toks[m]?.nl && isId(toks[m + 1]); guard++, m += 2) spec += `.${toks[m + 1]?.v as string}`;
      raw.imports.push({ site: { specifier: spec, kind: 'swift-import', line: 0, column: 0 }, at: (first as SwiftTok).at });
      k = m - 1;
      continue;
    }
    // A constant or variable named for a model given a literal alone, keyed by its own name:
    // `let model = "gpt-4o"`, `static let defaultModel: String = "…"`.
    if ((toks[k - 1]?.v === 'let' || toks[k - 1]?.v === 'var') && toks[k - 1]?.t === 'id' && isModelSetting(t.v ?? '')) {
      let j = k + 1;
      if (isP(toks[j], ':') && toks[j + 1]?.v === 'String') j += isP(toks[j + 2], '?') ? 3 : 2;
      const v = toks[j + 1];
      const after = toks[j + 2];
      if (isP(toks[j], '=') && v?.t === 'str' && v.v !== undefined && (after === undefined || after.nl === true || isP(after, ';') || isP(after, '}'))) keyed(v.v, t.v as string, v.at);
      continue;
    }
    const label = isP(toks[k + 1], ':') && (isP(toks[k - 1], '(') || isP(toks[k - 1], ','));
    if (label && SWIFT_KEYS.has(t.v ?? '')) {
      const v = literalArg(k + 2);
      if (v) keyed(v.v as string, t.v as string, v.at);
      continue;
    }
    if (label && t.v === 'host') {
      // MacPaw OpenAI's Configuration(host: "api.openai.com"): a host name, the scheme https by default.
      const v = literalArg(k + 2);
      const h = v?.v?.trim() ?? '';
      if (v && /^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+(:\d{1,5})?$/.test(h)) keyed(`https://${h}`, HOST_KEY, v.at);
      else if (v && /^https?:\/\//i.test(h)) keyed(h, HOST_KEY, v.at);
      continue;
    }
    if (calls && calls.any.has(t.v ?? '') && isP(toks[k + 1], '(') && toks[k - 1]?.v !== 'func') {
      // GenerativeModel(name: "gemini-1.5-flash", …), x.generativeModel(modelName: "…"), f("…")
      const member = isP(toks[k - 1], '.');
      const ok = calls.names.has(t.v as string) || (member && calls.methods.has(t.v as string) && calls.names.has(toks[k - 2]?.v ?? ''));
      if (!ok) continue;
      let j = k + 2;
      if (toks[j]?.t === 'id' && isP(toks[j + 1], ':')) {
        if (!MODEL_LABELS.has(toks[j]?.v ?? '')) continue;
        j += 2;
      }
      const v = literalArg(j);
      if (v && v.v !== '') keyed(v.v as string, MODEL_CALL_KEY, v.at);
    }
  }
  return { ...placeSites(raw, lineStarts(text, 'cr-lf')), masked: blank(text, lx.comments) };
}

/** Every module import of a Swift source, with the 1-based position of its module name. */
export function swiftImports(text: string): ImportSite[] {
  return swiftSites(text).imports;
}
