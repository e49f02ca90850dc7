/**
 * Dart front-end: a small lexer that skips `//` and `///` comments, block comments (which nest in
 * Dart: `/* /* *\/ *\/`), strings (`'…'`, `"…"`, triple-quoted `'''…'''` / `"""…"""`, raw `r'…'`
 * and `r"""…"""`, with `$name` and `${…}` interpolation whose code may hold braces, comments and
 * strings of its own), and reports:
 * - the URIs of the top-level `import` and `export` directives (`import 'package:x/y.dart' as x
 *   show A hide B;`, `deferred as`), every URI of a conditional import or export (`import 'a.dart'
 *   if (dart.library.io) 'package:x/io.dart';`); a `part` / `part of` directive is no import, and
 *   the catalog takes only `package:<name>/…` URIs (a `dart:` library or a relative file is none);
 * - the model names and base URLs given to SDKs as literals: a named argument (`model: 'gpt-4o'`,
 *   `baseUrl: 'https://…'`), a map entry (`{'model': 'gpt-4o'}`), and a static setter assigned in a
 *   statement of its own (dart_openai's `OpenAI.baseUrl = 'https://…';`).
 * Single pass, linear in the text (interpolations nest at most MAX_NESTING deep; deeper quotes are
 * read as plain characters), never throws. Lines are counted at CR, LF and CRLF.
 */
import { crLfPlacer } from './place.js';
import { blank } from './ruby.js';
import type { ImportSite, StringSite } from './types.js';
import { skipBalanced } from './token-sites.js';
import { isModelSetting } from './config-text.js';

/** Named arguments and map keys whose literal value is a model name or a base URL. */
const DART_KEYS: ReadonlySet<string> = new Set(['model', 'baseUrl', 'baseURL', 'base_url']);
/** Static setters or fields whose literal assigned in a statement of its own is a base URL (dart_openai's `OpenAI.baseUrl = '…'`). */
const DART_SETTERS: ReadonlySet<string> = new Set(['baseUrl']);
/** The keys of the sites dartSites reads as an SDK's argument or setting, not a name of the project's own. */
export const DART_SDK_KEYS: ReadonlySet<string> = new Set([...DART_KEYS, ...DART_SETTERS]);
/** How deep strings and interpolations nest before quotes inside them are read as plain characters. */
const MAX_NESTING = 32;

interface Tok {
  /** name: an identifier (`$` included); str: a string literal (v undefined when interpolated); num: a number; p: punctuation. */
  t: 'name' | 'str' | 'num' | 'p';
  at: number;
  v?: string;
}

export interface DartSites {
  imports: ImportSite[];
  /** Keyed literals (model names, base URLs), at their opening quote. */
  strings: StringSite[];
  /** The text with comments blanked (line breaks kept), for the URL scan. */
  masked: string;
}

const isIdStart = (c: string): boolean => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_' || c === '$';
const isIdPart = (c: string): boolean => isIdStart(c) || (c >= '0' && c <= '9');
const isQuote = (c: string | undefined): boolean => c === "'" || c === '"';

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v' };

class DartLexer {
  i = 0;
  readonly toks: Tok[] = [];
  readonly comments: number[] = [];

  constructor(private readonly s: string) {}

  /** The lexer after its pass (which throws on no input; the guard keeps the invariant whatever happens). */
  lexed(): this {
    try {
      this.run();
    } catch {
      // Tokens read before the fault are kept.
    }
    return this;
  }

  private run(): void {
    const s = this.s;
    const n = s.length;
    while (this.i < n) {
      const c = s[this.i] as string;
      if (c === ' ' || c === '\t' || c === '\r' || c === '\n' || c === '\f' || c === '\v' || c === '\ufeff') {
        this.i++;
        continue;
      }
      if (this.comment()) continue;
      const at = this.i;
      if (c === 'r' && isQuote(s[this.i + 1])) {
        this.i++;
        this.push('str', this.i, this.string(true, 0));
        continue;
      }
      if (isQuote(c)) {
        this.push('str', at, this.string(false, 0));
        continue;
      }
      if (isIdStart(c)) {
        let k = this.i + 1;
        while (k < n && isIdPart(s[k] as string)) k++;
        this.push('name', at, s.slice(at, k));
        this.i = k;
        continue;
      }
      if (c >= '0' && c <= '9') {
        let k = this.i + 1;
        while (k < n && (isIdPart(s[k] as string) || (s[k] === '.' && s[k + 1] !== undefined && s[k + 1]! >= '0' && s[k + 1]! <= '9'))) k++;
        this.push('num', at);
        this.i = k;
        continue;
      }
      this.push('p', at, c);
      this.i++;
    }
  }

  private push(t: Tok['t'], at: number, v?: string): void {
    this.toks.push(v === undefined ? { t, at } : { t, at, v });
  }

  /** A `//` or (nested) `/* *\/` comment at `this.i`: skipped and recorded; false when none starts there. */
  private comment(): boolean {
    const s = this.s;
    if (s[this.i] !== '/') return false;
    const start = this.i;
    if (s[this.i + 1] === '/') {
      let k = this.i + 2;
      while (k < s.length && s[k] !== '\n' && s[k] !== '\r') k++;
      this.i = k;
    } else if (s[this.i + 1] === '*') {
      let depth = 1;
      let k = this.i + 2;
      while (k < s.length && depth > 0) {
        if (s[k] === '/' && s[k + 1] === '*') {
          depth++;
          k += 2;
        } else if (s[k] === '*' && s[k + 1] === '/') {
          depth--;
          k += 2;
        } else k++;
      }
      this.i = k;
    } else return false;
    this.comments.push(start, this.i);
    return true;
  }

  /**
   * A string literal from its opening quote (`this.i`) to just after its closing quote; its value
   * when it has no interpolation. A single-line string ends at a line break when it is not closed
   * before it (as the Dart analyzer recovers), so an unclosed quote does not swallow the file.
   */
  private string(raw: boolean, depth: number): string | undefined {
    const s = this.s;
    const n = s.length;
    const q = s[this.i] as string;
    const triple = s[this.i + 1] === q && s[this.i + 2] === q;
    this.i += triple ? 3 : 1;
    let v = '';
    let plain = true;
    while (this.i < n) {
      const c = s[this.i] as string;
      if (c === q && (!triple || (s[this.i + 1] === q && s[this.i + 2] === q))) {
        this.i += triple ? 3 : 1;
        return plain ? v : undefined;
      }
      if (!triple && (c === '\n' || c === '\r')) return plain ? v : undefined;
      if (!raw && c === '\\') {
        const e = s[this.i + 1] ?? '';
        v += ESCAPES[e] ?? e;
        this.i += 2;
        continue;
      }
      if (!raw && c === '$' && s[this.i + 1] === '{') {
        plain = false;
        this.i += 2;
        this.interpolation(depth + 1);
        continue;
      }
      if (!raw && c === '$' && isIdStart(s[this.i + 1] ?? '')) plain = false;
      v += c;
      this.i++;
    }
    return plain ? v : undefined;
  }

  /** The code of a `${…}` interpolation, from just after `${` to just after its closing `}`: braces nest, comments and strings inside it are skipped whole. */
  private interpolation(depth: number): void {
    const s = this.s;
    this.i = skipBalanced(s, this.i, '{', '}', (at) => {
      this.i = at;
      const c = s[at] as string;
      if (this.comment()) return this.i;
      if (depth < MAX_NESTING && isQuote(c)) this.string(false, depth);
      else if (depth < MAX_NESTING && c === 'r' && isQuote(s[at + 1]) && !isIdPart(s[at - 1] ?? '')) {
        this.i++;
        this.string(true, depth);
      }
      return this.i;
    });
  }
}

const isP = (t: Tok | undefined, v: string): boolean => t !== undefined && t.t === 'p' && t.v === v;
const plainStr = (t: Tok | undefined): t is Tok & { v: string } => t !== undefined && t.t === 'str' && t.v !== undefined;

/** Imports (import / export directives, conditional URIs included) and keyed literals of a Dart source. */
export function dartSites(text: string): DartSites {
  const lx = new DartLexer(text).lexed();
  const toks = lx.toks;
  const raw: { specifier: string; kind: 'dart-import' | 'dart-export'; at: number }[] = [];
  const keyed: { value: string; key: string; at: number }[] = [];
  let braces = 0;
  for (let k = 0; k < toks.length; k++) {
    const t = toks[k] as Tok;
    if (t.t === 'p') {
      if (t.v === '{') braces++;
      else if (t.v === '}' && braces > 0) braces--;
      continue;
    }
    if (t.t === 'name' && braces === 0 && (t.v === 'import' || t.v === 'export') && toks[k + 1]?.t === 'str' && !isP(toks[k - 1], '.')) {
      // A directive: its URI, then any `if (test) 'uri'` configurations, up to the `;`.
      const kind = t.v === 'import' ? 'dart-import' : 'dart-export';
      const uri = toks[k + 1] as Tok;
      if (uri.v !== undefined) raw.push({ specifier: uri.v, kind, at: uri.at });
      k += 2;
      while (toks[k]?.t === 'name' && toks[k]?.v === 'if' && isP(toks[k + 1], '(')) {
        // The test is a dotted name, optionally `== 'value'`: no parentheses inside.
        let j = k + 2;
        while (j < toks.length && j < k + 64 && !isP(toks[j], ')') && !isP(toks[j], ';')) j++;
        if (!isP(toks[j], ')')) break;
        const alt = toks[j + 1];
        if (alt?.t !== 'str') break;
        if (alt.v !== undefined) raw.push({ specifier: alt.v, kind, at: alt.at });
        k = j + 2;
      }
      k--;
      continue;
    }
    if (t.t === 'name' && DART_KEYS.has(t.v ?? '') && isP(toks[k + 1], ':') && (isP(toks[k - 1], '(') || isP(toks[k - 1], ','))) {
      // model: 'gpt-4o' (a named argument)
      const v = toks[k + 2];
      if (plainStr(v) && (isP(toks[k + 3], ',') || isP(toks[k + 3], ')'))) keyed.push({ value: v.v, key: t.v as string, at: v.at });
      continue;
    }
    if (plainStr(t) && DART_KEYS.has(t.v) && isP(toks[k + 1], ':') && (isP(toks[k - 1], '{') || isP(toks[k - 1], ','))) {
      // {'model': 'gpt-4o'} (a map entry)
      const v = toks[k + 2];
      if (plainStr(v) && (isP(toks[k + 3], ',') || isP(toks[k + 3], '}'))) keyed.push({ value: v.v, key: t.v, at: v.at });
      continue;
    }
    if (t.t === 'name' && !isP(toks[k - 1], '.') && isP(toks[k + 1], '=') && !isP(toks[k + 2], '=') && isModelSetting(t.v ?? '')) {
      // A constant, field or variable named for a model given a literal alone, keyed by its own
      // name: `const model = 'gpt-4o';`, `static const String defaultModel = '…';`, `model = '…';`.
      const v = toks[k + 2];
      if (plainStr(v) && isP(toks[k + 3], ';')) keyed.push({ value: v.v, key: t.v as string, at: v.at });
      continue;
    }
    if (t.t === 'name' && DART_SETTERS.has(t.v ?? '') && isP(toks[k - 1], '.') && toks[k - 2]?.t === 'name' && isP(toks[k + 1], '=') && !isP(toks[k + 2], '=')) {
      // OpenAI.baseUrl = 'https://…'; (a whole statement)
      const before = toks[k - 3];
      const v = toks[k + 2];
      if (plainStr(v) && isP(toks[k + 3], ';') && (before === undefined || isP(before, ';') || isP(before, '{') || isP(before, '}'))) keyed.push({ value: v.v, key: t.v as string, at: v.at });
    }
  }
  const place = crLfPlacer(text);
  return {
    imports: raw.map(({ specifier, kind, at }) => ({ specifier, kind, ...place(at) })),
    strings: keyed.map(({ value, key, at }) => ({ value, ...place(at), key })),
    masked: blank(text, lx.comments),
  };
}

/** Every import and export URI of a Dart source, with the 1-based position of its string literal. */
export function dartImports(text: string): ImportSite[] {
  return dartSites(text).imports;
}
