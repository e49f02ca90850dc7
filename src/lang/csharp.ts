/**
 * C# front-end: a small tokenizer (comments, preprocessor lines, regular, verbatim, interpolated and
 * raw string literals, char literals, verbatim identifiers) and the using-directive grammar, plus
 * the namespaces written out in code (`global::OpenAI.Chat.ChatClient`, and those of `roots`:
 * `new Microsoft.SemanticKernel.Kernel()`). Single pass, linear in the text, never throws.
 *
 * Positions count lines ended by CR, LF and CRLF (as the Java lexer, the URL scan, editors and SARIF
 * count them). C# also ends lines at U+0085, U+2028 and U+2029 (isBreak): a `//` comment, a
 * preprocessor line and a regular string or char literal end at any of the six, and a `#` after one
 * starts a directive, but the line count goes on over the last three. Verbatim, raw and
 * interpolated-verbatim strings and block comments run on over them. Preprocessor lines (`#if`,
 * `#region`, `#pragma`, …) are skipped as lines; the dead code of `#if false` (and `#elif false`) up
 * to its group's next branch, and the other branches of `#if true`, is skipped as the compiler skips
 * it (no tokens; a comment to csharpMaskComments). The branches of any other condition are all
 * read: which symbols a build defines is not known here.
 */
import { MODEL_CALL_KEY, type ImportSite, type ModelCalls, type StringSite } from './types.js';
import { Lookahead, punctIn, siteOf, wrappedString, type SiteTok } from './token-sites.js';
import { isCodeModelName } from './config-text.js';

type Tok =
  | { t: 'ident'; v: string; line: number; column: number; start: number; verbatim?: true }
  | { t: 'punct'; v: string; line: number; column: number; start: number }
  /**
   * A literal. With `values` (csharpStringSites), a string literal that is no interpolated string
   * has its decoded value in `str` and the column of the quote before its content in `quote`.
   */
  | { t: 'lit'; line: number; column: number; start: number; str?: string; quote?: number }
  | { t: 'eof'; line: number; column: number; start: number };

function isIdentStart(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_' || (c > '\x7f' && /[\p{L}\p{Nl}]/u.test(c));
}

function isIdentPart(c: string): boolean {
  return isIdentStart(c) || (c >= '0' && c <= '9') || (c > '\x7f' && /[\p{Nd}\p{Mn}\p{Mc}\p{Pc}\p{Cf}]/u.test(c));
}

/**
 * C#'s line ends: CR, LF (CRLF is one), and U+0085, U+2028 and U+2029. Each ends a `//` comment, a
 * preprocessor line and a regular string or char literal, and starts a line where a `#` is a
 * directive. Positions count CR, LF and CRLF only (CsLexer.advance), as editors, GitHub views and the
 * SARIF run's newlineSequences do: a site after a U+2028 is shown where a viewer shows it.
 */
const isBreak = (c: string | undefined): boolean => c === '\n' || c === '\r' || c === '\u2028' || c === '\u2029' || c === '\u0085';
/** The other line ends of C# (isBreak), which positions do not count. */
const isOtherBreak = (c: string): boolean => c === '\u2028' || c === '\u2029' || c === '\u0085';

/** Interpolated strings nest (`$"{$"{x}"}"`); deeper than this, a hole is skipped to its closing brace without reading strings in it. */
const MAX_NESTING = 32;

class CsLexer {
  private i = 0;
  private line = 1;
  private lineStart = 0;
  /** Only blanks since the last line end: a `#` here starts a preprocessor line. */
  private atLineStart = true;
  /** [start, end) of each comment, when asked for (csharpMaskComments). */
  readonly comments: [number, number][] | undefined;

  constructor(
    private readonly s: string,
    keepComments = false,
    private readonly values = false,
  ) {
    if (s.charCodeAt(0) === 0xfeff) this.i = this.lineStart = 1;
    this.comments = keepComments ? [] : undefined;
  }

  /** The offset of the first line end (isBreak) at or after `from` (the text's length when none). */
  private lineEnd(from: number): number {
    const s = this.s;
    let k = from;
    while (k < s.length && !isBreak(s[k])) k++;
    return k;
  }

  /** Moves to `to`, counting the line ends passed over: CR, LF and CRLF (once, at its LF). */
  private advance(to: number): void {
    const s = this.s;
    const stop = Math.min(to, s.length);
    for (let k = this.i; k < stop; k++) {
      const c = s.charCodeAt(k);
      if (c === 10 || (c === 13 && s.charCodeAt(k + 1) !== 10)) {
        this.line++;
        this.lineStart = k + 1;
      }
    }
    this.i = stop;
  }

  /**
   * Reads the directive on `s[start, end)` (its `#` at `start`) for the conditional groups: where the
   * code it starts is dead, the offset of the line where the dead code ends (that of the directive
   * that ends it, or the text's end); undefined where the code after it is read. `#if false` and
   * `#elif false` start dead code up to their group's next `#elif`, `#else` or `#endif`; after
   * `#if true` (or `#elif true`) the group's `#elif` and `#else` branches are dead up to its
   * `#endif`. Any other condition names symbols the build defines or not: both branches are read.
   */
  private directive(start: number, end: number): number | undefined {
    const m = /^#[ \t]*([a-z]+)[ \t]*([^/]*)/.exec(this.s.slice(start, Math.min(end, start + 256)));
    const name = m?.[1];
    const cond = (m?.[2] ?? '').trim();
    const groups = this.groups;
    if (name === 'if') {
      groups.push(cond === 'true');
      return cond === 'false' ? deadEnd(this.s, afterBreak(this.s, end), true) : undefined;
    }
    if (name === 'endif') {
      groups.pop();
      return undefined;
    }
    if ((name === 'elif' || name === 'else') && groups.length) {
      if (groups[groups.length - 1]) return deadEnd(this.s, afterBreak(this.s, end), false);
      if (name === 'elif' && cond === 'true') groups[groups.length - 1] = true;
      return name === 'elif' && cond === 'false' ? deadEnd(this.s, afterBreak(this.s, end), true) : undefined;
    }
    return undefined;
  }

  /** Per open `#if` group, whether a branch of it was `true` (so its other branches are dead). */
  private readonly groups: boolean[] = [];

  next(): Tok {
    const s = this.s;
    for (;;) {
      if (this.i >= s.length) return { t: 'eof', line: this.line, column: this.i - this.lineStart + 1, start: this.i };
      const c = s[this.i]!;
      if (c === '\n' || c === '\r') {
        this.advance(this.i + 1);
        this.atLineStart = true;
        continue;
      }
      if (isOtherBreak(c)) {
        this.i++;
        this.atLineStart = true;
        continue;
      }
      if (c === ' ' || c === '\t' || c === '\f' || c === '\v' || c === '\u00a0' || c === '\ufeff') {
        this.i++;
        continue;
      }
      if (c === '/' && s[this.i + 1] === '/') {
        const end = this.lineEnd(this.i);
        this.comments?.push([this.i, end]);
        this.i = end;
        continue;
      }
      if (c === '/' && s[this.i + 1] === '*') {
        const j = s.indexOf('*/', this.i + 2);
        const end = j < 0 ? s.length : j + 2;
        this.comments?.push([this.i, end]);
        this.advance(end);
        continue;
      }
      if (c === '#' && this.atLineStart) {
        // A preprocessor directive takes the whole line (its own `//` comment included).
        const end = this.lineEnd(this.i);
        const skipTo = this.directive(this.i, end);
        this.i = end;
        if (skipTo !== undefined) {
          // Dead code: up to the directive that ends it (its line is read next, as a directive).
          const from = afterBreak(s, end);
          this.comments?.push([from, skipTo]);
          this.advance(skipTo);
        }
        continue;
      }
      this.atLineStart = false;
      const line = this.line;
      const column = this.i - this.lineStart + 1;
      const start = this.i;
      if (c === '"' || ((c === '@' || c === '$') && isStringStart(s, this.i))) {
        const end = skipString(s, this.i, 0);
        const value = this.values ? stringValue(s, this.i, end) : undefined;
        this.advance(end);
        return value ? { t: 'lit', line, column, start, str: value.str, quote: column + value.quote } : { t: 'lit', line, column, start };
      }
      if (c === "'") {
        let k = this.i + 1;
        while (k < s.length) {
          const d = s[k]!;
          if (d === '\\' && !isBreak(s[k + 1])) k += 2;
          else if (d === "'" || isBreak(d)) break;
          else k++;
        }
        this.i = k < s.length && s[k] === "'" ? k + 1 : Math.min(k, s.length);
        return { t: 'lit', line, column, start };
      }
      if (c === '@' && this.i + 1 < s.length && isIdentStart(s[this.i + 1]!)) {
        let k = this.i + 2;
        while (k < s.length && isIdentPart(s[k]!)) k++;
        const v = s.slice(this.i + 1, k);
        this.i = k;
        return { t: 'ident', v, line, column, start, verbatim: true };
      }
      if (isIdentStart(c)) {
        let k = this.i + 1;
        while (k < s.length && isIdentPart(s[k]!)) k++;
        const v = s.slice(this.i, k);
        this.i = k;
        return { t: 'ident', v, line, column, start };
      }
      if (c >= '0' && c <= '9') {
        let k = this.i + 1;
        while (k < s.length && (isIdentPart(s[k]!) || (s[k] === '.' && s[k + 1]! >= '0' && s[k + 1]! <= '9'))) k++;
        this.i = k;
        return { t: 'lit', line, column, start };
      }
      if (c === ':' && s[this.i + 1] === ':') {
        this.i += 2;
        return { t: 'punct', v: '::', line, column, start };
      }
      this.i++;
      return { t: 'punct', v: c, line, column, start };
    }
  }
}

/** The offset after the line end at `k` (CRLF is one), or `k` when none is there. */
function afterBreak(s: string, k: number): number {
  if (s[k] === '\r' && s[k + 1] === '\n') return k + 2;
  return isBreak(s[k]) ? k + 1 : k;
}

/**
 * The start of the line, from the line start `k` on, of the directive that ends dead code: the
 * `#endif` of its group, or with `atElse` also its `#elif` or `#else` (the groups nested in the dead
 * code are skipped whole). Dead code is no tokens, so a `#` starting a line in it is a directive
 * whatever comes before (as the compiler reads it). The text's end when none.
 */
function deadEnd(s: string, k: number, atElse: boolean): number {
  const name = /[ \t\f\v\u00a0]*#[ \t]*([a-z]*)/y;
  let depth = 0;
  while (k < s.length) {
    name.lastIndex = k;
    const m = name.exec(s);
    const d = m?.[1];
    if (d === 'if') depth++;
    else if (d === 'endif') {
      if (depth === 0) return k;
      depth--;
    } else if (atElse && depth === 0 && (d === 'elif' || d === 'else')) return k;
    let j = m ? name.lastIndex : k;
    while (j < s.length && !isBreak(s[j])) j++;
    k = afterBreak(s, j);
  }
  return s.length;
}

/** Whether `s[k]` (a `$` or `@`) starts a string literal: `@"`, `$"`, `$@"`, `@$"`, `$$"""`. */
function isStringStart(s: string, k: number): boolean {
  let j = k;
  let at = 0;
  // A raw string opens with at most a few dollars; a long run of them is no string start (and is
  // not rescanned from each of its characters).
  while (j < s.length && j - k < 16 && (s[j] === '$' || s[j] === '@')) {
    if (s[j] === '@') at++;
    j++;
  }
  return s[j] === '"' && at <= 1 && j > k;
}

const CS_ESCAPES: Readonly<Record<string, string>> = { "'": "'", '"': '"', '\\': '\\', '0': '\0', a: '\x07', b: '\b', e: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

/**
 * The value of the string literal in `s[start, end)` (its end as skipString gives it) and the offset
 * of the quote before its content; undefined for an interpolated string (its value is built at run
 * time) and for one left unclosed. Regular strings decode their escapes (`\n`, `\u0041`,
 * `\U0001F600`, `\x41`), verbatim strings their `""`; a raw string's content is taken as is, a
 * multi-line one without its first and last lines and with the closing line's indentation removed
 * from each line (C# 11).
 */
function stringValue(s: string, start: number, end: number): { str: string; quote: number } | undefined {
  let k = start;
  let verbatim = false;
  while (s[k] === '$' || s[k] === '@') {
    if (s[k] === '$') return undefined;
    verbatim = true;
    k++;
  }
  let q = 0;
  while (k + q < end && s[k + q] === '"') q++;
  if (q >= 3 && !verbatim) {
    if (end - k < 2 * q || s.slice(end - q, end) !== '"'.repeat(q)) return undefined;
    const content = s.slice(k + q, end - q);
    const quote = k + q - 1 - start;
    if (!/[\r\n\u0085\u2028\u2029]/.test(content)) return { str: content, quote };
    const lines = content.split(/\r\n|[\r\n\u0085\u2028\u2029]/);
    const indent = lines[lines.length - 1]!;
    if ((lines[0] ?? '').trim() !== '' || indent.trim() !== '') return undefined;
    const body = lines.slice(1, -1).map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l.trim() === '' ? '' : undefined));
    return body.includes(undefined) ? undefined : { str: body.join('\n'), quote };
  }
  let out = '';
  for (let j = k + 1; j < end; ) {
    const c = s[j]!;
    if (c === '"') {
      if (verbatim && s[j + 1] === '"') {
        out += '"';
        j += 2;
        continue;
      }
      return j === end - 1 ? { str: out, quote: k - start } : undefined;
    }
    if (!verbatim && c === '\\') {
      const e = s[j + 1] ?? '';
      const hex = e === 'u' ? /^[0-9a-fA-F]{4}/.exec(s.slice(j + 2, j + 6)) : e === 'U' ? /^[0-9a-fA-F]{8}/.exec(s.slice(j + 2, j + 10)) : e === 'x' ? /^[0-9a-fA-F]{1,4}/.exec(s.slice(j + 2, j + 6)) : null;
      if (hex) {
        const cp = parseInt(hex[0], 16);
        if (cp > 0x10ffff) return undefined;
        out += String.fromCodePoint(cp);
        j += 2 + hex[0].length;
      } else {
        out += CS_ESCAPES[e] ?? e;
        j += 2;
      }
      continue;
    }
    out += c;
    j++;
  }
  return undefined;
}

/**
 * The end (exclusive) of the string literal that starts at `k` with its `$`/`@` prefix: regular
 * ("…" with backslash escapes, ending unclosed at a line end), verbatim (@"…" with "" for a quote),
 * raw ("""…""" with any count of three or more quotes), each interpolated with `$` (holes in braces,
 * `{{` for a brace; a raw string with n dollars opens a hole with n braces). The code in a hole is
 * skipped with its own strings, char literals, comments and brackets.
 */
function skipString(s: string, k: number, depth: number): number {
  let dollars = 0;
  let verbatim = false;
  while (k < s.length && (s[k] === '$' || s[k] === '@')) {
    if (s[k] === '$') dollars++;
    else verbatim = true;
    k++;
  }
  // k is at the first quote.
  let q = 0;
  while (s[k + q] === '"') q++;
  if (q >= 3 && !verbatim) return skipRaw(s, k + q, q, dollars, depth);
  if (q === 2) return k + 2; // ""
  let j = k + 1;
  while (j < s.length) {
    const c = s[j]!;
    if (c === '"') {
      if (verbatim && s[j + 1] === '"') {
        j += 2;
        continue;
      }
      return j + 1;
    }
    if (!verbatim) {
      if (c === '\\' && !isBreak(s[j + 1])) {
        j += 2;
        continue;
      }
      if (isBreak(c)) return j;
    }
    if (dollars > 0 && (c === '{' || c === '}')) {
      if (s[j + 1] === c) {
        j += 2;
        continue;
      }
      if (c === '{') {
        j = skipHole(s, j + 1, depth + 1, 1, verbatim ? 'verbatim' : 'regular');
        continue;
      }
    }
    j++;
  }
  return s.length;
}

/** A raw string's end: its content runs to the first run of `q` quotes; with `dollars`, a run of that many braces opens a hole. */
function skipRaw(s: string, j: number, q: number, dollars: number, depth: number): number {
  while (j < s.length) {
    const c = s[j]!;
    if (c === '"') {
      // A run of fewer quotes is content; the first run of q or more closes the literal.
      let r = 0;
      while (s[j + r] === '"') r++;
      if (r >= q) return j + q;
      j += r;
      continue;
    }
    if (dollars > 0 && c === '{') {
      let r = 0;
      while (s[j + r] === '{') r++;
      if (r >= dollars) {
        j = skipHole(s, j + r, depth + 1, dollars, 'raw');
        continue;
      }
      j += r;
      continue;
    }
    j++;
  }
  return s.length;
}

/**
 * The end of an interpolation hole that starts at `j` (after its opening braces): after the
 * closing brace(s), or where the enclosing string ends first. A format clause (`{x:N2}`) runs to the
 * closing brace.
 */
function skipHole(s: string, j: number, depth: number, braces: number, kind: 'regular' | 'verbatim' | 'raw'): number {
  let nest = 0;
  while (j < s.length) {
    const c = s[j]!;
    if (depth <= MAX_NESTING && (c === '"' || ((c === '@' || c === '$') && isStringStart(s, j)))) {
      j = skipString(s, j, depth);
      continue;
    }
    if (c === "'") {
      let k = j + 1;
      while (k < s.length && s[k] !== "'" && !isBreak(s[k])) k += s[k] === '\\' ? 2 : 1;
      j = k < s.length && s[k] === "'" ? k + 1 : k;
      continue;
    }
    if (c === '/' && s[j + 1] === '*') {
      const e = s.indexOf('*/', j + 2);
      j = e < 0 ? s.length : e + 2;
      continue;
    }
    if (c === '/' && s[j + 1] === '/') {
      while (j < s.length && !isBreak(s[j])) j++;
      continue;
    }
    if (c === '(' || c === '[' || c === '{') nest++;
    else if ((c === ')' || c === ']') && nest > 0) nest--;
    else if (c === '}') {
      if (nest > 0) nest--;
      else {
        let k = j + 1;
        for (let b = 1; b < braces && s[k] === '}'; b++) k++;
        return k;
      }
    } else if (c === ':' && nest === 0 && s[j + 1] !== ':' && s[j - 1] !== ':') {
      // The format clause: text up to the closing brace (a quote there ends the string).
      let k = j + 1;
      while (k < s.length && s[k] !== '}' && s[k] !== '"' && !(kind === 'regular' && isBreak(s[k]))) k++;
      if (s[k] !== '}') return k;
      j = k;
      continue;
    }
    j++;
  }
  return s.length;
}

const isPunct = (t: Tok, v: string): boolean => t.t === 'punct' && t.v === v;
const isWord = (t: Tok, v: string): boolean => t.t === 'ident' && t.v === v && t.verbatim !== true;

export interface CsharpImportOptions {
  /**
   * First names of the namespaces whose qualified uses in code count as imports without a
   * `global::` (`Microsoft` for `Microsoft.SemanticKernel.Kernel`); a chain `A.B…` starting with
   * one of them is reported, whatever the rest (the caller judges it).
   */
  roots?: ReadonlySet<string>;
  /** Filled with the namespaces the file declares (`namespace X.Y;`, `namespace X.Y { … }`). */
  declared?: string[];
  /**
   * Extension methods a package declares in another's namespace (SdkPackage.extensionMethods), each
   * to the package's own namespace: a member call of one (`builder.AddOllamaChatCompletion(`, also
   * with type arguments) is reported as a `qualified-name` of that namespace, at the method's name.
   */
  extensions?: ReadonlyMap<string, string>;
}

/**
 * Every namespace a C# source file imports: `using X.Y;`, `global using X.Y;`, `using static X.Y.Z;`,
 * `using Alias = X.Y.Z;` (the alias goes to `names`), in the compilation unit or inside a namespace,
 * with a `global::` or extern alias qualifier dropped (`extern alias Oai;` … `using Oai::OpenAI.Chat;`
 * is `OpenAI.Chat`: the alias names an assembly reference, the namespace is the catalog's); kind `using`, the position that of the name's first part.
 * Not imports: a using statement (`using (var x = …)`), a using declaration (`using var x = …;`,
 * `await using …`), a namespace declaration. Kind `qualified-name`: a name written out in code with
 * `global::` (`global::OpenAI.Chat.ChatClient`) or an extern alias the file declares
 * (`Oai::OpenAI.Chat.ChatClient`, reported as `OpenAI.Chat.ChatClient`), or one whose first part is in `roots` and that is
 * not itself a member (`x.Microsoft…`) or part of a declaration of a namespace.
 */
export function csharpImports(text: string, options: CsharpImportOptions = {}): ImportSite[] {
  const out: ImportSite[] = [];
  const roots = options.roots;
  try {
    const lx = new CsLexer(text);
    const s = new Lookahead<Tok>(() => lx.next());
    /** The extern aliases the file declares (`extern alias Oai;`): each names an assembly reference. */
    const externAliases = new Set<string>();
    /** Whether `t`, followed by `::`, qualifies a name: `global::` or a declared extern alias's `Oai::`. */
    const qualifier = (t: Tok, any: boolean): boolean => t.t === 'ident' && (any || isWord(t, 'global') || externAliases.has(t.v));
    /**
     * Name (`.` Name)* from the current token, with a leading alias qualifier dropped (`global::`, an
     * extern alias's `Oai::`; in a using directive any: it can name no using alias); undefined when no
     * name starts here.
     */
    const name = (anyAlias = false): { parts: string[]; first: Tok } | undefined => {
      if (isPunct(s.peek(1), '::') && qualifier(s.peek(), anyAlias)) {
        s.next();
        s.next();
      }
      const first = s.peek();
      if (first.t !== 'ident') return undefined;
      s.next();
      const parts = [first.v];
      while (isPunct(s.peek(), '.') && s.peek(1).t === 'ident') {
        s.next();
        parts.push((s.next() as { v: string }).v);
      }
      return { parts, first };
    };
    let prev: Tok = { t: 'punct', v: ';', line: 1, column: 1, start: 0 };
    for (;;) {
      const t = s.peek();
      if (t.t === 'eof') break;
      if (isWord(t, 'using') && !isWord(prev, 'await') && !isPunct(s.peek(1), '(')) {
        s.next();
        let isStatic = false;
        for (;;) {
          const m = s.peek();
          if (isWord(m, 'static')) isStatic = true;
          else if (!isWord(m, 'unsafe')) break;
          s.next();
        }
        const alias = s.peek();
        if (!isStatic && alias.t === 'ident' && isPunct(s.peek(1), '=')) {
          s.next();
          s.next();
          const n = name(true);
          if (n) out.push({ specifier: n.parts.join('.'), kind: 'using', line: n.first.line, column: n.first.column, names: [alias.v] });
        } else {
          const n = name(true);
          // `using var x = …;`, `using Foo x = …;`, `using Foo<T> x = …`: a declaration.
          if (n && (isStatic || isPunct(s.peek(), ';'))) out.push({ specifier: n.parts.join('.'), kind: 'using', line: n.first.line, column: n.first.column });
        }
        prev = { t: 'punct', v: ';', line: 1, column: 1, start: 0 };
        continue;
      }
      if (isWord(t, 'extern') && isWord(s.peek(1), 'alias') && s.peek(2).t === 'ident') {
        s.next();
        s.next();
        externAliases.add((s.next() as { v: string }).v);
        continue;
      }
      if (isWord(t, 'namespace')) {
        // A namespace declaration names no import (the caller may want the name).
        s.next();
        const n = name();
        if (n && options.declared && options.declared.length < 1000) options.declared.push(n.parts.join('.'));
        prev = { t: 'punct', v: '{', line: 1, column: 1, start: 0 };
        continue;
      }
      const member = isPunct(prev, '.') || isPunct(prev, '::') || (isPunct(prev, '>') && prev.start > 0 && text[prev.start - 1] === '-');
      if (!member && qualifier(t, false) && isPunct(s.peek(1), '::') && s.peek(2).t === 'ident') {
        const n = name();
        if (n) out.push({ specifier: n.parts.join('.'), kind: 'qualified-name', line: n.first.line, column: n.first.column });
        prev = { t: 'ident', v: '', line: 1, column: 1, start: 0 };
        continue;
      }
      const ext = member && t.t === 'ident' && options.extensions !== undefined ? options.extensions.get(t.v) : undefined;
      if (ext !== undefined && (isPunct(s.peek(1), '(') || isPunct(s.peek(1), '<'))) out.push({ specifier: ext, kind: 'qualified-name', line: t.line, column: t.column });
      if (!member && t.t === 'ident' && roots?.has(t.v) && isPunct(s.peek(1), '.') && s.peek(2).t === 'ident') {
        const n = name();
        if (n) out.push({ specifier: n.parts.join('.'), kind: 'qualified-name', line: n.first.line, column: n.first.column });
        prev = { t: 'ident', v: '', line: 1, column: 1, start: 0 };
        continue;
      }
      prev = s.next();
    }
  } catch {
    // The lexer does not throw on any input; this is a last guard for the invariant.
  }
  return out;
}

/**
 * The text with its comments blanked (each character but a line end becomes a space), so that the
 * URL scan of the code finds no commented-out endpoint and positions stay those of the text. The
 * lexer decides what is a comment: `//` inside a string, verbatim, raw or interpolated literal stays.
 */
export function csharpMaskComments(text: string): string {
  let spans: [number, number][] = [];
  try {
    const lx = new CsLexer(text, true);
    while (lx.next().t !== 'eof');
    spans = lx.comments ?? [];
  } catch {
    return text;
  }
  return blank(text, spans);
}

/** `text` with each span's characters, line ends apart, made spaces. */
export function blank(text: string, spans: readonly [number, number][]): string {
  if (!spans.length) return text;
  const parts: string[] = [];
  let at = 0;
  for (const [a, b] of spans) {
    parts.push(text.slice(at, a), text.slice(a, b).replace(/[^\r\n]/g, ' '));
    at = b;
  }
  parts.push(text.slice(at));
  return parts.join('');
}

/**
 * Named arguments taking a model name: `new ChatClient(model: "gpt-4o", …)`, Semantic Kernel's
 * `AddOpenAIChatCompletion(modelId: "…")` and `AddAzureOpenAIChatCompletion(deploymentName: "…")`,
 * Azure.AI.OpenAI 1.x's `deploymentOrModelName:`, OllamaSharp's `defaultModel:`, Mscc.GenerativeAI's
 * `model:`. Any call's named argument of these names is read, as Kotlin's and Go's fields are: the
 * catalog keeps only the values it knows as model names.
 */
const CS_MODEL_ARGS: ReadonlySet<string> = new Set(['model', 'modelId', 'modelName', 'deploymentName', 'deploymentOrModelName', 'defaultModel']);
/** Named arguments taking the URL a client sends its calls to: Semantic Kernel's and Azure OpenAI's `endpoint:`. */
const CS_BASE_URL_ARGS: ReadonlySet<string> = new Set(['endpoint']);
/**
 * Properties holding a model name, set in an object initializer or by assignment: Semantic Kernel's
 * `OpenAIPromptExecutionSettings { ModelId = "…" }`, Anthropic.SDK's `MessageParameters { Model = … }`,
 * OllamaSharp's `ChatRequest { Model = … }`, the AWS SDK's `ConverseRequest { ModelId = … }`.
 */
const CS_MODEL_PROPS: ReadonlySet<string> = new Set(['Model', 'ModelId', 'ModelName', 'DeploymentName']);
/**
 * Properties holding the URL a client sends its calls to, set in an object initializer or by
 * assignment, whatever the type: `HttpClient.BaseAddress` (`new HttpClient { BaseAddress = new
 * Uri("…") }`, `client.BaseAddress = new("…")`, also in `AddHttpClient(c => c.BaseAddress = …)`),
 * which a raw REST client or an SDK given the HttpClient (Semantic Kernel's `httpClient:`,
 * OllamaSharp's constructor) calls; .NET names nothing else `BaseAddress` but WebClient's, also a
 * base URL. (An `Endpoint` names too many things to be read so: CS_CLIENT_OPTIONS.)
 */
const CS_BASE_URL_PROPS: ReadonlySet<string> = new Set(['BaseAddress']);
/**
 * Client option types whose `Endpoint` is the base URL of the client they configure: the OpenAI .NET
 * library's `OpenAIClientOptions` (Azure.AI.OpenAI's `AzureOpenAIClientOptions` has none; its resource
 * endpoint is a constructor argument). `Endpoint` alone names too many things to count as a base URL;
 * set on one of these (`new OpenAIClientOptions { Endpoint = new Uri("…") }`, `options.Endpoint = …`
 * for a variable declared with the type), it is reported under the key `<type>.Endpoint`.
 */
export const CS_CLIENT_OPTIONS: ReadonlySet<string> = new Set(['OpenAIClientOptions']);
/** The keys of the sites csharpStringSites reads as an SDK's argument or property, not a name of the project's own. */
export const CS_SDK_KEYS: ReadonlySet<string> = new Set([...CS_MODEL_ARGS, ...CS_BASE_URL_ARGS, ...CS_MODEL_PROPS, ...CS_BASE_URL_PROPS, ...[...CS_CLIENT_OPTIONS].map((t) => `${t}.Endpoint`), 'model']);
/** What an auto-property's accessor list may hold before its initializer: `{ get; set; } = "…";`. */
const CS_ACCESSORS: ReadonlySet<string> = new Set(['get', 'set', 'init', ';', 'public', 'private', 'protected', 'internal']);

/**
 * String literals a C# source gives to an SDK as a model name or a base URL, keyed by the named
 * argument or property: `new ChatClient(model: "gpt-4o", apiKey: k)`, `modelId: "…"`,
 * `new HttpClient { BaseAddress = new Uri("…") }` (CS_BASE_URL_PROPS),
 * `new OpenAIPromptExecutionSettings { ModelId = "…" }`, `settings.ModelId = "…"`,
 * `new OpenAIClientOptions { Endpoint = new Uri("https://api.groq.com/openai/v1") }` (key
 * `OpenAIClientOptions.Endpoint`), `endpoint: new Uri("…")`; with `calls` (SdkCatalog.modelCalls('csharp')),
 * the first positional argument of a call that takes a model name, keyed MODEL_CALL_KEY
 * (`new ChatClient("gpt-4o", key)`, `client.GetChatClient("gpt-4o")`,
 * `builder.AddOpenAIChatCompletion("gpt-4o", key)`), or the positional argument the catalog names
 * for the call (`calls.second`: OllamaSharp's `new OllamaApiClient(uri, "llama3.1")`). Regular, verbatim and raw strings count
 * (`@"…"`, `"""…"""`); an interpolated string (`$"…"`), a constant (`Model = AnthropicModels.Claude3Opus`),
 * a variable and a concatenation do not, nor does anything in a comment. A literal's column is that
 * of the quote before its content. Linear, never throws.
 */
export function csharpStringSites(text: string, calls?: ModelCalls): StringSite[] {
  const out: StringSite[] = [];
  try {
    const lx = new CsLexer(text, false, true);
    const s = new Lookahead<SiteTok>(() => {
      const t = lx.next();
      if (t.t === 'lit') return t.str !== undefined ? { t: 'lit', str: t.str, line: t.line, column: t.quote ?? t.column } : { t: 'lit', line: t.line, column: t.column };
      // `@new` is a name, not the keyword.
      if (t.t === 'ident') return { t: 'ident', v: t.verbatim && t.v === 'new' ? '@new' : t.v, line: t.line, column: t.column };
      return t.t === 'punct' ? { t: 'punct', v: t.v, line: t.line, column: t.column } : { t: t.t, line: t.line, column: t.column };
    });
    // Per open brace, the client option type it initializes ('' for any other brace).
    const braces: string[] = [];
    // Per open parenthesis: the type T of `new T(`, NEW_TARGET for a target-typed `new(`, '' for any other.
    const parens: string[] = [];
    /** While a `new` expression's type is read: '' right after `new`, then the type's last name so far (`new A.B.T`). */
    let newType: string | undefined;
    /** What the last closed parenthesis was (a parens entry). */
    let closed = '';
    /** The variable being assigned (`o = …`) and the client option type being declared (`OpenAIClientOptions o = …`), until the `;`. */
    let assigned = '';
    let declType = '';
    /** Variables of a client option type: `var o = new OpenAIClientOptions();`, `OpenAIClientOptions o = …`. */
    const optionVars = new Map<string, string>();
    let prev: SiteTok = { t: 'punct', v: ';' };
    let prev2: SiteTok = prev;
    for (;;) {
      const t = s.next();
      if (t.t === 'eof') break;
      if (t.t === 'ident') {
        const v = t.v ?? '';
        newType = v === 'new' ? '' : newType === '' || (newType !== undefined && isDot(prev)) ? v : undefined;
        if (newType !== undefined && newType !== '' && CS_CLIENT_OPTIONS.has(newType) && isWordTok(prev, 'new') && isPunctTok(prev2, '=') && assigned) optionVars.set(assigned, newType);
        if (punctIn(s, 0, '=') && !punctIn(s, 1, '=>')) {
          assigned = v;
          // A variable declared or assigned again (`var o = new HealthCheck();` in another method)
          // is no longer the client options it was; a `new OpenAIClientOptions` below marks it again.
          if (!isDot(prev) && !declType) optionVars.delete(v);
        }
        if (CS_CLIENT_OPTIONS.has(v) && s.peek().t === 'ident' && punctIn(s, 1, '=') && !punctIn(s, 2, '=>')) {
          optionVars.set(s.peek().v ?? '', v);
          declType = v;
        }
      } else if (isPunctTok(t, '(')) {
        parens.push(newType === '' ? NEW_TARGET : (newType ?? ''));
        newType = undefined;
      } else if (isPunctTok(t, ')')) {
        closed = parens.pop() ?? '';
      } else if (isPunctTok(t, '{')) {
        let type = '';
        if (newType) type = newType;
        else if (isPunctTok(prev, ')')) type = closed === NEW_TARGET ? declType : closed;
        braces.push(CS_CLIENT_OPTIONS.has(type) ? type : '');
        newType = undefined;
      } else if (isPunctTok(t, '}')) {
        braces.pop();
        newType = undefined;
      } else if (isPunctTok(t, ';')) {
        assigned = declType = '';
        newType = undefined;
      } else if (!isDot(t)) newType = undefined;
      const site = csSiteAt(s, t, prev, prev2, braces[braces.length - 1] ?? '', optionVars, calls);
      if (site) out.push(site);
      prev2 = prev;
      prev = t;
    }
  } catch {
    // The lexer does not throw on any input; this is a last guard for the invariant.
  }
  return out;
}

const NEW_TARGET = '()';
const isDot = (t: SiteTok): boolean => t.t === 'punct' && t.v === '.';
const isPunctTok = (t: SiteTok, v: string): boolean => t.t === 'punct' && t.v === v;
const isWordTok = (t: SiteTok, v: string): boolean => t.t === 'ident' && t.v === v;

/**
 * A request body's "model" entry, at the key's literal: a dictionary's collection initializer
 * `{ "model", "gpt-4o" }`, an index initializer or assignment `["model"] = "gpt-4o"`, a JSON object's
 * `Add("model", "gpt-4o")` (JsonObject, Dictionary).
 */
function csJsonModel(s: Lookahead<SiteTok>, prev: SiteTok, prev2: SiteTok): StringSite | undefined {
  const value = s.peek(1);
  if (isPunctTok(prev, '{') && punctIn(s, 0, ',') && value.str !== undefined && punctIn(s, 2, '}')) return siteOf(value, 'model');
  if (isPunctTok(prev, '[') && punctIn(s, 0, ']') && punctIn(s, 1, '=') && !punctIn(s, 2, '=>')) {
    const v = csValue(s, 2);
    return v && punctIn(s, v.after, ',;}') ? siteOf(v.tok, 'model') : undefined;
  }
  // Only the adding calls: `log.Info("model", "…")` is no body.
  if (isPunctTok(prev, '(') && (isWordTok(prev2, 'Add') || isWordTok(prev2, 'TryAdd')) && punctIn(s, 0, ',') && value.str !== undefined && punctIn(s, 2, ')')) return siteOf(value, 'model');
  return undefined;
}

/** The string literal at `peek(k)`, alone, wrapped (wrappedString: `new Uri("…")`) or in a target-typed `new("…")`. */
function csValue(s: Lookahead<SiteTok>, k: number): { tok: SiteTok; after: number } | undefined {
  const t = s.peek(k + 2);
  if (isWordTok(s.peek(k), 'new') && punctIn(s, k + 1, '(') && t.str !== undefined && punctIn(s, k + 3, ')')) return { tok: t, after: k + 4 };
  return wrappedString(s, k);
}

/** The keyed site that starts at token `t` (just taken from `s`), if any; `brace` is the client option type the innermost brace initializes, or ''. */
function csSiteAt(s: Lookahead<SiteTok>, t: SiteTok, prev: SiteTok, prev2: SiteTok, brace: string, optionVars: ReadonlyMap<string, string>, calls: ModelCalls | undefined): StringSite | undefined {
  if (t.str === 'model') return csJsonModel(s, prev, prev2);
  const name = t.t === 'ident' ? t.v : undefined;
  if (name === undefined) return undefined;
  const afterComma = prev.t === 'punct' && (prev.v === '(' || prev.v === ',');
  // Named argument: (model: "…", …), endpoint: new Uri("…")
  if ((CS_MODEL_ARGS.has(name) || CS_BASE_URL_ARGS.has(name)) && afterComma && punctIn(s, 0, ':')) {
    const v = csValue(s, 1);
    return v && punctIn(s, v.after, ',)') ? siteOf(v.tok, name) : undefined;
  }
  // A request body as an anonymous object: new { model = "gpt-4o", messages = … } (an initializer
  // member, ended by `,` or `}`: a statement `model = "…";` assigns a variable).
  if (name === 'model' && (isPunctTok(prev, '{') || isPunctTok(prev, ',')) && punctIn(s, 0, '=') && !punctIn(s, 1, '=>')) {
    const v = csValue(s, 1);
    if (v && punctIn(s, v.after, ',}')) return siteOf(v.tok, name);
  }
  // Property in an initializer ({ ModelId = "…", … }) or assigned (settings.ModelId = "…";).
  const isProp = CS_MODEL_PROPS.has(name) || CS_BASE_URL_PROPS.has(name);
  const isEndpoint = name === 'Endpoint';
  if ((isProp || isEndpoint) && punctIn(s, 0, '=') && !punctIn(s, 1, '=>')) {
    const inInit = prev.t === 'punct' && (prev.v === '{' || prev.v === ',');
    const assigned = isDot(prev);
    let key: string | undefined;
    if (isProp && (inInit || assigned)) key = name;
    else if (isEndpoint && inInit && brace !== '') key = `${brace}.Endpoint`;
    else if (isEndpoint && assigned && prev2.t === 'ident' && optionVars.has(prev2.v ?? '')) key = `${optionVars.get(prev2.v ?? '')}.Endpoint`;
    // Else a declaration of the project's own (`string Model = "…";`), read below.
    if (key !== undefined) {
      const v = csValue(s, 1);
      return v && punctIn(s, v.after, ',;})') ? siteOf(v.tok, key) : undefined;
    }
  }
  // A field, constant, variable or auto-property named for a model given a literal alone, keyed by
  // its own name: `const string DefaultModel = "gpt-4o";`, `private readonly string _model = "…";`,
  // `var chatModel = "…";`, `public string Model { get; set; } = "…";`.
  // (A call of a name like one, Aspire's `AddModel("llama3.1")`, is read below.)
  if (isCodeModelName(name) && !punctIn(s, 0, '(')) {
    let k = 0;
    if (punctIn(s, 0, '{') && !isDot(prev)) {
      k = 1;
      while (k < 10 && CS_ACCESSORS.has(s.peek(k).v ?? '')) k++;
      if (!punctIn(s, k, '}')) return undefined;
      k++;
    }
    if (!punctIn(s, k, '=') || punctIn(s, k + 1, '=>')) return undefined;
    const v = s.peek(k + 1);
    return v.str !== undefined && punctIn(s, k + 2, ';') ? siteOf(v, name) : undefined;
  }
  // A call that takes a model name: its first positional argument (or the one the catalog says), a literal.
  if (calls?.any.has(name) && punctIn(s, 0, '(') && (calls.names.has(name) || calls.second.has(name) || (isDot(prev) && prev2.t === 'ident' && calls.names.has(prev2.v ?? '')))) {
    const second = calls.second.has(name);
    // One that takes it last (Aspire's AddModel(modelName) beside AddModel(name, modelName)), called with one argument: that one.
    const at = argumentAt(s, 1, second ? 1 : 0) ?? (calls.last?.has(name) === true && s.peek(1).str !== undefined && punctIn(s, 2, ')') ? 1 : undefined);
    const v = at === undefined ? undefined : s.peek(at);
    if (v?.str !== undefined && punctIn(s, (at as number) + 1, ',)')) {
      const site = siteOf(v, MODEL_CALL_KEY);
      const provider = calls.fixed?.get(name);
      return provider === undefined ? site : { ...site, provider };
    }
  }
  return undefined;
}

/** How many tokens an argument skipped by argumentAt may have: a longer one is not looked past (each call's look ahead stays bounded). */
const MAX_SKIPPED_ARGUMENT = 64;

/**
 * The lookahead index of the first token of the argument that follows `skip` positional arguments,
 * from the first argument's token at `peek(k)`: each skipped argument runs to the comma at its
 * bracket depth (`new Uri("http://localhost:11434")` is one). Undefined when the list ends first,
 * or when a skipped argument is named (`uri: x`, the positions no longer tell) or longer than
 * MAX_SKIPPED_ARGUMENT tokens.
 */
function argumentAt(s: Lookahead<SiteTok>, k: number, skip: number): number | undefined {
  let i = k;
  for (let n = 0; n < skip; n++) {
    if (s.peek(i).t === 'ident' && punctIn(s, i + 1, ':') && !punctIn(s, i + 2, ':')) return undefined;
    let depth = 0;
    for (let len = 0; ; len++, i++) {
      const t = s.peek(i);
      if (t.t === 'eof' || len > MAX_SKIPPED_ARGUMENT || punctIn(s, i, ';')) return undefined;
      if (t.t !== 'punct') continue;
      if (t.v === '(' || t.v === '[' || t.v === '{') depth++;
      else if (t.v === ')' || t.v === ']' || t.v === '}') {
        if (depth-- === 0) return undefined;
      } else if (t.v === ',' && depth === 0) break;
    }
    i++;
  }
  return i;
}
