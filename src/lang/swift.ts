/**
 * Swift front-end: a small lexer that knows what is code and what is not (`//` comments, nested
 * `/* /* *\/ *\/` block comments, string literals `"…"` with `\(…)` interpolation holding code of
 * its own (nested parentheses, strings, comments), multi-line `"""…"""`, raw strings `#"…"#`,
 * `##"…"##` and multi-line raw strings with their `\#(…)` interpolation, extended regex literals
 * `#/…/#`), and reports:
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
 * Bare regex literals (`/…/`, Swift 5.7) are read as operators: a quote inside one may start a
 * string the compiler would not see. Single pass, linear in the text, never throws; interpolations
 * nest at most MAX_NESTING deep (deeper, their strings are skipped as code). Lines are counted at
 * CR, LF and CRLF.
 */
import { lineStarts } from '../util/lines.js';
import { placeSites, type RawSites } from './place.js';
import { blank, type RubySites } from './ruby.js';
import { MODEL_CALL_KEY, type ImportSite, type ModelCalls } from './types.js';
import { skipBalanced } from './token-sites.js';

/** Labels whose literal argument is a model name or a base URL (the inventory's keys). */
const SWIFT_KEYS: ReadonlySet<string> = new Set(['model', 'baseURL', 'baseUrl', 'endpoint']);
/** The key a `host:` literal is reported under, as a URL. */
const HOST_KEY = 'baseURL';
/** Labels a model call's first argument may carry. */
const MODEL_LABELS: ReadonlySet<string> = new Set(['name', 'modelName', 'model']);
/** Declaration modifiers that may come before `import` (Swift 6 access-level imports). */
const MODIFIERS: ReadonlySet<string> = new Set(['public', 'internal', 'package', 'private', 'fileprivate', 'open']);
/** The kinds of a scoped import: `import struct X.Y`. */
const IMPORT_KINDS: ReadonlySet<string> = new Set(['typealias', 'struct', 'class', 'enum', 'protocol', 'let', 'var', 'func']);
/** How deep string interpolations nest before their strings are skipped as plain code. */
const MAX_NESTING = 32;

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
      if (c === '#' && s[this.i + 1] === '/') {
        this.regexLiteral();
        this.push('str', at, undefined);
        continue;
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

  /** `#/…/#` (with more hashes: `##/…/##`): skipped to its closing delimiter, or to the line end when unclosed. */
  private regexLiteral(): void {
    const s = this.s;
    let h = 0;
    while (s[this.i + h] === '#') h++;
    const close = `/${'#'.repeat(h)}`;
    const j = s.indexOf(close, this.i + h + 1);
    if (j >= 0) {
      this.i = j + close.length;
      return;
    }
    let k = this.i + h + 1;
    while (k < s.length && s[k] !== '\n' && s[k] !== '\r') k++;
    this.i = k;
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
        if (this.stringLiteral(depth) === null) return at + 1;
      }
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
