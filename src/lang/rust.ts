/**
 * Rust front-end: a small tokenizer (line and nested block comments, doc comments, strings, raw
 * strings `r#"…"#`, byte and C strings, char and byte literals told from lifetimes and labels, raw
 * identifiers `r#name`), the grammar of `use` declarations and `extern crate`, and the paths in code
 * that start with a crate (`async_openai::Client::new()`, `::ollama_rs::Ollama`). Single pass,
 * linear in the text, never throws.
 *
 * Lines end at LF only, as rustc counts them (a CR is whitespace; a `//` comment runs on to the LF):
 * positions count LFs (src/util/lines.ts 'lf').
 */
import { MODEL_CALL_KEY, type ImportSite, type ModelCalls, type StringSite } from './types.js';
import { Lookahead, punctIn, siteOf, wrappedString, type SiteTok } from './token-sites.js';
import { blank } from './csharp.js';
import { isCodeModelName, isModelSetting } from './config-text.js';

type Tok =
  | { t: 'ident'; v: string; line: number; column: number; raw?: true }
  | { t: 'punct'; v: string; line: number; column: number }
  /**
   * A literal. With `values` (rustStringSites), a closed string literal (`"…"`, `r"…"`, `r#"…"#`; not
   * a byte or C string) has its value in `str` and the column of its opening quote in `quote`.
   */
  | { t: 'lit'; line: number; column: number; str?: string; quote?: number }
  | { t: 'eof'; line: number; column: number };

function isIdentStart(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_' || (c > '\x7f' && /[\p{XID_Start}]/u.test(c));
}

function isIdentPart(c: string): boolean {
  return isIdentStart(c) || (c >= '0' && c <= '9') || (c > '\x7f' && /[\p{XID_Continue}]/u.test(c));
}

class RustLexer {
  private i = 0;
  private line = 1;
  private lineStart = 0;
  /** [start, end) of each comment, when asked for (rustMaskComments). */
  readonly comments: [number, number][] | undefined;

  constructor(
    private readonly s: string,
    keepComments = false,
    private readonly values = false,
  ) {
    if (s.charCodeAt(0) === 0xfeff) this.i = this.lineStart = 1;
    // A shebang line (`#!` not starting an inner attribute `#![…]`).
    if (s.startsWith('#!', this.i) && !/^#!\s*\[/.test(s.slice(this.i, this.i + 64))) {
      const j = s.indexOf('\n', this.i);
      this.i = j < 0 ? s.length : j;
    }
    this.comments = keepComments ? [] : undefined;
  }

  /** Moves to `to`, counting the LFs passed over. */
  private advance(to: number): void {
    const s = this.s;
    const stop = Math.min(to, s.length);
    for (let k = this.i; k < stop; k++) {
      if (s.charCodeAt(k) === 10) {
        this.line++;
        this.lineStart = k + 1;
      }
    }
    this.i = stop;
  }

  /** The end of a block comment starting at `k` (its `/*`): comments nest. */
  private blockEnd(k: number): number {
    const s = this.s;
    let depth = 0;
    while (k < s.length) {
      if (s[k] === '/' && s[k + 1] === '*') {
        depth++;
        k += 2;
      } else if (s[k] === '*' && s[k + 1] === '/') {
        k += 2;
        if (--depth === 0) return k;
      } else k++;
    }
    return s.length;
  }

  /** The end of a quoted string whose opening quote is at `k`: backslash escapes, may span lines. */
  private quotedEnd(k: number): number {
    const s = this.s;
    let j = k + 1;
    while (j < s.length) {
      const c = s[j];
      if (c === '\\') j += 2;
      else if (c === '"') return j + 1;
      else j++;
    }
    return s.length;
  }

  /** The end of a raw string whose `#`s or quote start at `k` (after the `r`): `#…#"…"#…#`. */
  private rawEnd(k: number): number | undefined {
    const s = this.s;
    let hashes = 0;
    while (s[k + hashes] === '#' && hashes <= 255) hashes++;
    // rustc takes at most 255 hashes; more is no raw string (and keeps the search below linear).
    if (s[k + hashes] !== '"' || hashes > 255) return undefined;
    let j = k + hashes + 1;
    for (;;) {
      const q = s.indexOf('"', j);
      if (q < 0) return s.length;
      let h = 0;
      while (h < hashes && s[q + 1 + h] === '#') h++;
      if (h === hashes) return q + 1 + hashes;
      j = q + 1;
    }
  }

  next(): Tok {
    const s = this.s;
    for (;;) {
      if (this.i >= s.length) return { t: 'eof', line: this.line, column: this.i - this.lineStart + 1 };
      const c = s[this.i]!;
      if (c === '\n') {
        this.advance(this.i + 1);
        continue;
      }
      if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v' || c === '\u200e' || c === '\u200f' || c === '\u0085' || c === '\u2028' || c === '\u2029') {
        this.i++;
        continue;
      }
      if (c === '/' && s[this.i + 1] === '/') {
        const j = s.indexOf('\n', this.i);
        const end = j < 0 ? s.length : j;
        this.comments?.push([this.i, end]);
        this.i = end;
        continue;
      }
      if (c === '/' && s[this.i + 1] === '*') {
        const end = this.blockEnd(this.i);
        this.comments?.push([this.i, end]);
        this.advance(end);
        continue;
      }
      const line = this.line;
      const column = this.i - this.lineStart + 1;
      const start = this.i;
      if (c === '"') {
        const end = this.quotedEnd(this.i);
        const str = this.values ? unescapeRust(s, this.i, end) : undefined;
        this.advance(end);
        return str !== undefined ? { t: 'lit', line, column, str, quote: column } : { t: 'lit', line, column };
      }
      // Prefixed literals: b"…", c"…", r"…", r#"…"#, br#"…"#, cr"…", b'x'; raw identifiers r#name.
      if (c === 'b' || c === 'c' || c === 'r') {
        let k = this.i + 1;
        if (c !== 'r' && s[k] === 'r') k++;
        const raw = c === 'r' || k > this.i + 1;
        if (raw) {
          const end = s[k] === '"' || s[k] === '#' ? this.rawEnd(k) : undefined;
          if (end !== undefined) {
            // r"…" and r#"…"#: the content as is; a byte or C raw string is no &str.
            let hashes = 0;
            while (s[k + hashes] === '#') hashes++;
            const open = k + hashes;
            const closed = end - open >= 2 + hashes && s[end - 1 - hashes] === '"';
            const str = this.values && c === 'r' && closed ? s.slice(open + 1, end - 1 - hashes) : undefined;
            this.advance(end);
            return str !== undefined ? { t: 'lit', line, column, str, quote: column + open - start } : { t: 'lit', line, column };
          }
          if (c === 'r' && s[k] === '#' && k + 1 < s.length && isIdentStart(s[k + 1]!)) {
            let j = k + 2;
            while (j < s.length && isIdentPart(s[j]!)) j++;
            const v = s.slice(k + 1, j);
            this.i = j;
            return { t: 'ident', v, line, column, raw: true };
          }
        } else if (s[k] === '"') {
          this.advance(this.quotedEnd(k));
          return { t: 'lit', line, column };
        } else if (c === 'b' && s[k] === "'") {
          this.i = this.charEnd(k) ?? k + 1;
          return { t: 'lit', line, column };
        }
      }
      if (c === "'") {
        const end = this.charEnd(this.i);
        if (end !== undefined) {
          this.i = end;
          return { t: 'lit', line, column };
        }
        // A lifetime or a label: 'a, 'static, 'outer.
        let j = this.i + 1;
        while (j < s.length && isIdentPart(s[j]!)) j++;
        this.i = Math.max(j, this.i + 1);
        return { t: 'punct', v: "'", line, column };
      }
      if (isIdentStart(c)) {
        let k = this.i + 1;
        while (k < s.length && isIdentPart(s[k]!)) k++;
        const v = s.slice(this.i, k);
        this.i = k;
        return { t: 'ident', v, line, column };
      }
      if (c >= '0' && c <= '9') {
        let k = this.i + 1;
        while (k < s.length && (isIdentPart(s[k]!) || (s[k] === '.' && s[k + 1]! >= '0' && s[k + 1]! <= '9'))) k++;
        this.i = k;
        return { t: 'lit', line, column };
      }
      if (c === ':' && s[this.i + 1] === ':') {
        this.i += 2;
        return { t: 'punct', v: '::', line, column };
      }
      this.i++;
      return { t: 'punct', v: c, line, column };
    }
  }

  /**
   * The end of a char literal whose quote is at `k`: `'x'`, `'\n'`, `'\u{1F600}'`, `'😀'`; undefined
   * when the quote starts a lifetime or label (`'a`, `'static`), whose name is not closed by a quote.
   */
  private charEnd(k: number): number | undefined {
    const s = this.s;
    if (s[k + 1] === '\\') {
      // An escape: up to the closing quote on the same line (`'\u{…}'` is at most 12 characters).
      for (let j = k + 2; j < s.length && j < k + 14 && s[j] !== '\n'; j++) if (s[j] === "'" && j > k + 2) return j + 1;
      return undefined;
    }
    const cp = s.codePointAt(k + 1);
    if (cp === undefined || s[k + 1] === '\n') return undefined;
    const w = cp > 0xffff ? 2 : 1;
    return s[k + 1 + w] === "'" ? k + 2 + w : undefined;
  }
}

const RUST_ESCAPES: Readonly<Record<string, string>> = { n: '\n', r: '\r', t: '\t', '\\': '\\', '0': '\0', "'": "'", '"': '"' };

/**
 * The value of the string literal `s[start, end)` (its end as quotedEnd gives it): escapes decoded
 * (`\n`, `\x41`, `\u{1F600}`; a backslash before a line end skips it and the blanks after it);
 * undefined when it is left unclosed or holds an escape rustc refuses.
 */
function unescapeRust(s: string, start: number, end: number): string | undefined {
  let out = '';
  for (let j = start + 1; j < end; ) {
    const c = s[j]!;
    if (c === '"') return j === end - 1 ? out : undefined;
    if (c !== '\\') {
      // rustc reads a CRLF inside a literal as an LF.
      if (!(c === '\r' && s[j + 1] === '\n')) out += c;
      j++;
      continue;
    }
    const e = s[j + 1] ?? '';
    if (e === '\n' || (e === '\r' && s[j + 2] === '\n')) {
      j += e === '\n' ? 2 : 3;
      while (j < end && /[ \t\n\r]/.test(s[j]!)) j++;
      continue;
    }
    const x = e === 'x' ? /^[0-7][0-9a-fA-F]/.exec(s.slice(j + 2, j + 4)) : null;
    const u = e === 'u' ? /^\{([0-9a-fA-F_]{1,8})\}/.exec(s.slice(j + 2, j + 14)) : null;
    if (x) {
      out += String.fromCharCode(parseInt(x[0], 16));
      j += 4;
    } else if (u) {
      const cp = parseInt(u[1]!.replace(/_/g, ''), 16);
      if (!(cp <= 0x10ffff) || (cp >= 0xd800 && cp <= 0xdfff)) return undefined;
      out += String.fromCodePoint(cp);
      j += 2 + u[0].length;
    } else if (RUST_ESCAPES[e] !== undefined) {
      out += RUST_ESCAPES[e];
      j += 2;
    } else return undefined;
  }
  return undefined;
}

const isPunct = (t: Tok, v: string): boolean => t.t === 'punct' && t.v === v;
const isWord = (t: Tok, v: string): boolean => t.t === 'ident' && t.v === v && t.raw !== true;

/** Keywords after which a `::` starts a path (`return ::x::y()`), not a path's continuation. */
const PATH_START_AFTER = new Set(['return', 'in', 'as', 'let', 'mut', 'const', 'static', 'move', 'else', 'match', 'if', 'while', 'for', 'break', 'impl', 'dyn', 'where', 'yield', 'await', 'ref', 'box', 'type', 'unsafe', 'async']);

/** How deep use trees are read (`use a::{b::{c::{…}}}`); deeper groups are skipped. */
const MAX_USE_DEPTH = 32;

export interface RustImportOptions {
  /**
   * The crates (as code names them, `_` for `-`) whose paths in code count as imports:
   * `async_openai::Client::new()`. Without it, paths in code are not reported.
   */
  crates?: ReadonlySet<string>;
}

/**
 * Every crate a Rust source file uses: `use a::b;`, `use a::{b, c::d};`, `use a as b;`, `pub use …`,
 * `use ::a::b;` (kind `use`, one site per path that starts at the top of the declaration, with the
 * segments before a group or glob: `use a::b::{c, d}` is `a::b`; `use {a::x, b::y}` is `a::x` and
 * `b::y`); `extern crate a;`, `extern crate a as b;` (kind `extern-crate`, the alias in `names`);
 * and, for the crates of `crates`, a path in code whose first segment is one (kind
 * `qualified-name`): not after `::`, a field's `.` (a range's `..` starts a path) or a macro's `$`, followed by `::`, and not a name the file itself
 * declares or imports from elsewhere (`mod ort;`, `use crate::backend::ort;`) in the path's block or
 * a block around it, which would shadow the crate there (ShadowScopes: at the top of the file, in
 * the whole file; inside a function or module, only in its braces). `crate::`, `self::`, `super::` and `std::` paths are reported by `use` as written; the
 * catalog knows them as no crate. The position is that of the path's first segment.
 */
export function rustImports(text: string, options: RustImportOptions = {}): ImportSite[] {
  const out: ImportSite[] = [];
  /** The open blocks, the file's first: the names each brings into scope, and the crate paths read in it. */
  const scopes = new ShadowScopes();
  const crates = options.crates;
  try {
    const lx = new RustLexer(text);
    const s = new Lookahead<Tok>(() => lx.next());
    /**
     * A use tree at `peek()`, with `prefix` the segments above it (empty at the top), and `first` the
     * token of the top segment. Reports the paths that start at the top; records the names it binds.
     */
    const useTree = (prefix: string[], first: Tok | undefined, depth: number): void => {
      const segs = prefix.slice();
      let head = first;
      if (isPunct(s.peek(), '::')) s.next();
      for (;;) {
        const t = s.peek();
        if (t.t === 'ident' && !isWord(t, 'as')) {
          s.next();
          head ??= t;
          segs.push(t.v);
          if (isPunct(s.peek(), '::')) {
            s.next();
            continue;
          }
          // A leaf: `a::b`, `a::b as c`, `a::{self}`.
          let bound = t.v === 'self' ? segs[segs.length - 2] : t.v;
          if (isWord(s.peek(), 'as')) {
            s.next();
            const alias = s.peek();
            if (alias.t === 'ident') {
              s.next();
              bound = alias.v;
            }
          }
          if (bound !== undefined && bound !== '_' && bound !== segs[0]) scopes.declare(bound);
          if (!prefix.length) report(segs, head);
          return;
        }
        if (isPunct(t, '*')) {
          s.next();
          if (!prefix.length && segs.length) report(segs, head);
          return;
        }
        if (isPunct(t, '{')) {
          s.next();
          if (!prefix.length && segs.length) report(segs, head);
          for (;;) {
            const u = s.peek();
            if (u.t === 'eof' || isPunct(u, ';')) return;
            if (isPunct(u, '}')) {
              s.next();
              return;
            }
            if (isPunct(u, ',')) {
              s.next();
              continue;
            }
            if (depth >= MAX_USE_DEPTH) {
              s.next();
              continue;
            }
            const before = u;
            useTree(segs, segs.length ? head : undefined, depth + 1);
            if (s.peek() === before) s.next(); // no progress: skip the token
          }
        }
        return;
      }
    };
    const report = (segs: string[], head: Tok | undefined): void => {
      if (!head) return;
      out.push({ specifier: segs.join('::'), kind: 'use', line: head.line, column: head.column });
    };
    let prev: Tok = { t: 'punct', v: ';', line: 1, column: 1 };
    let prev2: Tok = prev;
    for (;;) {
      const t = s.peek();
      if (t.t === 'eof') break;
      if (isWord(t, 'use')) {
        s.next();
        useTree([], undefined, 0);
        prev = { t: 'punct', v: ';', line: 1, column: 1 };
        continue;
      }
      if (isWord(t, 'extern') && isWord(s.peek(1), 'crate') && s.peek(2).t === 'ident') {
        s.next();
        s.next();
        const name = s.next() as Extract<Tok, { t: 'ident' }>;
        const site: ImportSite = { specifier: name.v, kind: 'extern-crate', line: name.line, column: name.column };
        if (isWord(s.peek(), 'as') && s.peek(1).t === 'ident') {
          s.next();
          const alias = s.next() as Extract<Tok, { t: 'ident' }>;
          site.names = [alias.v];
        }
        out.push(site);
        prev = { t: 'punct', v: ';', line: 1, column: 1 };
        continue;
      }
      if (isWord(t, 'mod') && s.peek(1).t === 'ident') {
        s.next();
        scopes.declare((s.next() as Extract<Tok, { t: 'ident' }>).v);
        prev = { t: 'ident', v: '', line: 1, column: 1 };
        continue;
      }
      if (crates) {
        // `::krate::…` at the start of a path, or `krate::…` not after `::`, `.` or `$`.
        const lead = isPunct(t, '::') && !(prev.t === 'ident' && !PATH_START_AFTER.has(prev.v)) && !isPunct(prev, '>');
        const at = lead ? s.peek(1) : t;
        // After `::` or a field's `.` a path goes on; a range's `..` (`0..ort::N`) starts one. After a
        // `$` the name is a macro's metavariable (`$ort::x()` in macro_rules!), no crate.
        const continues = isPunct(prev, '::') || (isPunct(prev, '.') && !isPunct(prev2, '.')) || isPunct(prev, '$');
        if (at.t === 'ident' && (lead || !continues) && isPunct(s.peek(lead ? 2 : 1), '::') && crates.has(at.v)) {
          if (lead) s.next();
          s.next();
          const segs = [at.v];
          while (isPunct(s.peek(), '::') && s.peek(1).t === 'ident') {
            s.next();
            segs.push((s.next() as Extract<Tok, { t: 'ident' }>).v);
          }
          scopes.path(at.v, { specifier: segs.join('::'), kind: 'qualified-name', line: at.line, column: at.column });
          prev2 = prev = { t: 'ident', v: '', line: 1, column: 1 };
          continue;
        }
      }
      if (isPunct(t, '{')) scopes.open();
      else if (isPunct(t, '}')) scopes.close();
      prev2 = prev;
      prev = s.next();
    }
  } catch {
    // The lexer does not throw on any input; this is a last guard for the invariant.
  }
  for (const p of scopes.unshadowed()) out.push(p);
  return out.sort((a, b) => a.line - b.line || a.column - b.column);
}

/** Crate paths of one name read in a block, as a linked list (so that a block's are handed to its parent at once). */
interface PathChain {
  head: PathLink;
  tail: PathLink;
}
interface PathLink {
  site: ImportSite;
  next?: PathLink;
}

/**
 * The names a file's blocks bring into scope (`mod ort;`, `mod ort { … }`, `use crate::backend::ort;`)
 * and the crate paths read in them. Such a name shadows the crate in its whole block, before the
 * declaration too (items are visible in all their block), and in the blocks inside it; a declaration
 * at the top of the file shadows in the whole file, one inside a function or module only there. A
 * block's paths not shadowed there go to its parent when it closes: the work per closing block is
 * one step per crate name with paths in it, so linear whatever the nesting.
 */
class ShadowScopes {
  /** Per open block, what it holds (null until it holds anything: most blocks hold neither). */
  private readonly stack: (Scope | null)[] = [null];

  open(): void {
    this.stack.push(null);
  }

  /** Closes the innermost block (a `}` with none open is ignored). */
  close(): void {
    if (this.stack.length <= 1) return;
    const b = this.stack.pop();
    if (!b?.paths) return;
    for (const [name, chain] of b.paths) {
      if (b.names?.has(name)) continue;
      const parent = this.top();
      parent.paths ??= new Map();
      const into = parent.paths.get(name);
      if (into) {
        into.tail.next = chain.head;
        into.tail = chain.tail;
      } else parent.paths.set(name, chain);
    }
  }

  declare(name: string): void {
    (this.top().names ??= new Set()).add(name);
  }

  path(name: string, site: ImportSite): void {
    const paths = (this.top().paths ??= new Map());
    const link: PathLink = { site };
    const chain = paths.get(name);
    if (chain) {
      chain.tail.next = link;
      chain.tail = link;
    } else paths.set(name, { head: link, tail: link });
  }

  /** The paths no block shadows (the blocks left open are closed at the end of the text). */
  unshadowed(): ImportSite[] {
    while (this.stack.length > 1) this.close();
    const root = this.stack[0];
    const out: ImportSite[] = [];
    for (const [name, chain] of root?.paths ?? []) {
      if (root?.names?.has(name)) continue;
      for (let l: PathLink | undefined = chain.head; l; l = l.next) out.push(l.site);
    }
    return out;
  }

  /** The innermost open block's entry, made when first needed. */
  private top(): Scope {
    const n = this.stack.length - 1;
    return (this.stack[n] ??= {});
  }
}

interface Scope {
  names?: Set<string>;
  paths?: Map<string, PathChain>;
}

/**
 * The text with its comments (nested block comments and doc comments too) blanked, each character
 * but a line end made a space, so that the URL scan of the code finds no commented-out endpoint.
 */
export function rustMaskComments(text: string): string {
  try {
    const lx = new RustLexer(text, true);
    while (lx.next().t !== 'eof');
    return blank(text, lx.comments ?? []);
  } catch {
    return text;
  }
}

/** A token of rustTokens: an identifier, a punctuation mark, or a literal (a closed string literal's value in `str`). */
export type RustToken = { t: 'ident' | 'punct'; v: string; line: number; column: number } | { t: 'lit'; str?: string; line: number; column: number };

/**
 * The tokens of a Rust source, comments left out, string literals with their values (the column
 * of a string's opening quote): at most `max` of them. Linear, never throws.
 */
export function rustTokens(text: string, max: number): RustToken[] {
  const out: RustToken[] = [];
  try {
    const lx = new RustLexer(text, false, true);
    for (let t = lx.next(); t.t !== 'eof' && out.length < max; t = lx.next()) {
      if (t.t === 'lit') out.push(t.str !== undefined ? { t: 'lit', str: t.str, line: t.line, column: t.quote ?? t.column } : { t: 'lit', line: t.line, column: t.column });
      else out.push({ t: t.t, v: t.v, line: t.line, column: t.column });
    }
  } catch {
    // The lexer does not throw on any input; this is a last guard for the invariant.
  }
  return out;
}

/** Builder methods taking a model name: async-openai's `CreateChatCompletionRequestArgs::default().model("gpt-4o")`, the AWS SDK's `.model_id("anthropic.claude-…")`. */
const RUST_MODEL_METHODS: ReadonlySet<string> = new Set(['model', 'model_id', 'model_name']);
/**
 * Builder methods taking the URL a client sends its calls to: async-openai's
 * `OpenAIConfig::new().with_api_base("…")`, openai-api-rs's `OpenAIClient::builder().with_endpoint("…")`,
 * rig's `Client::builder().base_url("…")`, chatgpt_rs's `ModelConfigurationBuilder::default().api_url(Url::parse("…")…)`.
 */
const RUST_BASE_URL_METHODS: ReadonlySet<string> = new Set(['with_api_base', 'with_endpoint', 'base_url', 'api_url']);
/** Struct fields holding a model name (`CreateChatCompletionRequest { model: "gpt-4o".into(), … }`, `req.model = …`). */
const RUST_MODEL_FIELDS: ReadonlySet<string> = new Set(['model', 'model_id', 'model_name']);
/** Struct fields holding a base URL (a config struct of the project's own or of a client crate). */
const RUST_BASE_URL_FIELDS: ReadonlySet<string> = new Set(['api_base', 'base_url']);
/** Conversions a literal may go through on its way to a `String` parameter: `"gpt-4o".to_string()`, `.into()`, `.to_owned()`. */
const RUST_CONVERSIONS: ReadonlySet<string> = new Set(['to_string', 'to_owned', 'into', 'unwrap']);
const isWordTok = (t: SiteTok, v: string): boolean => t.t === 'ident' && t.v === v;
/** The keys of the sites rustStringSites reads as an SDK's argument or field, not a name of the project's own. */
export const RUST_SDK_KEYS: ReadonlySet<string> = new Set([...RUST_MODEL_METHODS, ...RUST_BASE_URL_METHODS, ...RUST_MODEL_FIELDS, ...RUST_BASE_URL_FIELDS, 'model']);

const isP = (t: SiteTok, v: string): boolean => t.t === 'punct' && t.v === v;

/**
 * The string literal that starts at `peek(k)`: alone, followed by up to two conversions
 * (`.to_string()`, `.into()`, `.to_owned()`), inside up to two one-argument calls named by a path
 * (`String::from(…)`, `Some(…)`); and the lookahead index of the token after it.
 */
function rustValue(s: Lookahead<SiteTok>, k: number): { tok: SiteTok; after: number } | undefined {
  return wrappedString(s, k, { path: '::', conversions: RUST_CONVERSIONS });
}

/** The lookahead index of the `(` of a call whose name was just read: at `peek(0)`, or after a turbofish (`extractor::<T>(`). */
function callParen(s: Lookahead<SiteTok>): number | undefined {
  if (isP(s.peek(0), '(')) return 0;
  if (!isP(s.peek(0), '::') || !isP(s.peek(1), '<')) return undefined;
  let depth = 0;
  // A turbofish of a few tokens (`::<Person>`, `::<Vec<String>>`); a longer one is not followed.
  for (let i = 1; i < 32; i++) {
    const t = s.peek(i);
    if (t.t === 'eof' || isP(t, ';') || isP(t, '{')) return undefined;
    if (isP(t, '<')) depth++;
    else if (isP(t, '>') && --depth === 0) return isP(s.peek(i + 1), '(') ? i + 1 : undefined;
  }
  return undefined;
}

/**
 * String literals a Rust source gives to an SDK as a model name or a base URL, keyed by the method or
 * field: `.model("gpt-4o")` (async-openai's request builders), `model: "gpt-4o".to_string()`,
 * `model: String::from("…")`, `req.model = "…".into();`, `.with_api_base("https://…")`; with
 * `calls` (SdkCatalog.modelCalls('rust')), the first argument of a call that takes a model name,
 * keyed MODEL_CALL_KEY (`GenerationRequest::new("llama3".into(), prompt)`, `client.agent("gpt-4o")`).
 * Normal and raw strings count (`r#"…"#`); byte and C strings, constants (`openai::GPT_4O`), `format!`,
 * anything in a comment and anything in a pattern (RustPatterns: `Config { model: "x", .. } => …`,
 * `let Req { model: "x", .. } = r;`) do not. Lines count LFs, as rustc's. Linear, never throws.
 */
export function rustStringSites(text: string, calls?: ModelCalls): StringSite[] {
  const out: StringSite[] = [];
  try {
    const lx = new RustLexer(text, false, true);
    const s = new Lookahead<SiteTok>(() => {
      const t = lx.next();
      if (t.t === 'lit') return t.str !== undefined ? { t: 'lit', str: t.str, line: t.line, column: t.quote ?? t.column } : { t: 'lit', line: t.line, column: t.column };
      // A raw identifier (`r#model`) is the same name.
      return t.t === 'eof' ? { t: 'eof', line: t.line, column: t.column } : { t: t.t, v: t.v, line: t.line, column: t.column };
    });
    let prev: SiteTok = { t: 'punct', v: ';' };
    let prev2: SiteTok = prev;
    const patterns = new RustPatterns();
    const arms = new RustModelArms();
    for (;;) {
      const t = s.next();
      if (t.t === 'eof') break;
      const arm = arms.step(t, prev, s);
      if (arm) out.push(arm);
      // A pattern (`Req { model: "gpt-4o", .. } => …`, `let Req { model: "x", .. } = r;`) tests a
      // value; it sends no model.
      if (patterns.step(t, s)) {
        // A binding's name: `let model = "…";`, `let mut llm = …`.
        const site = t.t === 'ident' && t.v !== undefined && (isWordTok(prev, 'let') || (isWordTok(prev, 'mut') && isWordTok(prev2, 'let'))) ? namedSite(s, t.v) : undefined;
        if (site) out.push(site);
        prev2 = prev;
        prev = t;
        continue;
      }
      let site = t.t === 'ident' && t.v !== undefined ? rustSiteAt(s, t.v, prev, prev2, calls) : undefined;
      // A JSON body: serde_json's json!({ "model": "gpt-4o", … }).
      if (t.str === 'model' && (isP(prev, '{') || isP(prev, ',')) && isP(s.peek(0), ':') && s.peek(1).str !== undefined && punctIn(s, 2, ',}')) site = siteOf(s.peek(1), 'model');
      if (site) out.push(site);
      prev2 = prev;
      prev = t;
    }
  } catch {
    // The lexer does not throw on any input; this is a last guard for the invariant.
  }
  return out;
}

/**
 * The model ids a function's match arms give (`=> "gpt-4o",`), where the function is named for a
 * model (`fn model_name(&self) -> &str { match self { … } }`, keyed by the function's name) or is a
 * method of a type named for one (`impl ChatModel { fn as_str(&self) … }`, `impl fmt::Display for
 * Model`, keyed by the type's name). One step per token, constant work each (an entry per open
 * function body), so linear on any input.
 */
class RustModelArms {
  /** Open brackets of any kind. */
  private depth = 0;
  /** An `impl` header being read: the last name outside angle brackets, and the angle depth. */
  private header: { name: string | undefined; angle: number; depth: number } | undefined;
  /** The open `impl` blocks: the type's name and the depth of their items. */
  private readonly impls: { name: string; depth: number }[] = [];
  /** A `fn` whose body's `{` is awaited: its key (undefined: not a model function) and the depth of its header. */
  private pending: { key: string | undefined; depth: number } | undefined;
  /** The open bodies of model functions: their key and the depth of their tokens. */
  private readonly bodies: { key: string; depth: number }[] = [];

  step(t: SiteTok, prev: SiteTok, s: Lookahead<SiteTok>): StringSite | undefined {
    const v = t.v;
    if (t.t === 'ident') {
      if (v === 'impl' && !isP(prev, '.') && this.header === undefined && this.pending === undefined) this.header = { name: undefined, angle: 0, depth: this.depth };
      else if (this.header !== undefined && this.header.angle === 0 && this.header.depth === this.depth && v !== 'for' && v !== 'where' && v !== 'dyn' && v !== 'impl') this.header.name = v;
      else if (prev.t === 'ident' && prev.v === 'fn' && v !== undefined) {
        const impl = this.impls.length > 0 ? this.impls[this.impls.length - 1] : undefined;
        const key = isModelSetting(v) ? v : impl !== undefined && impl.depth === this.depth && isCodeModelName(impl.name) ? impl.name : undefined;
        this.pending = { key, depth: this.depth };
      }
      return undefined;
    }
    if (t.t !== 'punct') return undefined;
    if (this.header !== undefined && this.header.depth === this.depth) {
      if (v === '<') this.header.angle++;
      else if (v === '>' && this.header.angle > 0 && !isP(prev, '-')) this.header.angle--;
      else if (v === ';') this.header = undefined;
    }
    if (v === '(' || v === '[' || v === '{') {
      if (v === '{') {
        if (this.header !== undefined && this.header.depth === this.depth) {
          if (this.header.name !== undefined) this.impls.push({ name: this.header.name, depth: this.depth + 1 });
          this.header = undefined;
        } else if (this.pending !== undefined && this.pending.depth === this.depth) {
          if (this.pending.key !== undefined) this.bodies.push({ key: this.pending.key, depth: this.depth + 1 });
          this.pending = undefined;
        }
      }
      this.depth++;
      return undefined;
    }
    if (v === ')' || v === ']' || v === '}') {
      if (this.depth > 0) this.depth--;
      while (this.bodies.length > 0 && (this.bodies[this.bodies.length - 1] as { depth: number }).depth > this.depth) this.bodies.pop();
      while (this.impls.length > 0 && (this.impls[this.impls.length - 1] as { depth: number }).depth > this.depth) this.impls.pop();
      if (this.header !== undefined && this.header.depth > this.depth) this.header = undefined;
      if (this.pending !== undefined && this.pending.depth > this.depth) this.pending = undefined;
      return undefined;
    }
    // A trait's method with no body (`fn model(&self) -> &str;`).
    if (v === ';' && this.pending !== undefined && this.pending.depth === this.depth) this.pending = undefined;
    // An arm's body that is a string alone (converted or not), up to the arm's `,` or the match's `}`.
    if (v === '>' && isP(prev, '=') && this.bodies.length > 0) {
      const val = rustValue(s, 0);
      if (val && punctIn(s, val.after, ',}')) return siteOf(val.tok, (this.bodies[this.bodies.length - 1] as { key: string }).key);
    }
    return undefined;
  }
}

/** Where a token is inside a `match` body or a `matches!(…)`: its scrutinee, an arm's pattern, its guard, its body. */
type ArmPart = 'scrutinee' | 'pattern' | 'guard' | 'body';

/**
 * Follows the patterns of a token stream: a `let` pattern (`let`, `if let`, `while let`, up to its
 * `=`), the arm patterns of a `match` body (from its `{` or the end of an arm to the arm's `=>` or
 * guard) and the pattern of a `matches!(value, pattern)`. An arm ends at a comma, or at the `}`
 * of a block-like body (`=> { … }`, `=> if c { … } else { … }`, `=> match y { … }`) unless the
 * expression goes on (`else`, `.`, `?`). One step per token, constant work each (an entry per open
 * `match` body), so linear on any input.
 */
class RustPatterns {
  /** Open brackets of any kind. */
  private depth = 0;
  /** The depth of the open `let` pattern's own tokens, or -1. */
  private letDepth = -1;
  /** The depth where a `match` keyword was read and its body's `{` is awaited, or -1. */
  private matchAt = -1;
  /** The open `match` bodies and `matches!` argument lists: the depth of their arms' tokens and the part being read. */
  private readonly arms: { depth: number; part: ArmPart }[] = [];
  private last: SiteTok = { t: 'punct', v: ';' };

  /** Takes the token `t` (just taken from `s`); whether it is inside a pattern. */
  step(t: SiteTok, s: Lookahead<SiteTok>): boolean {
    const top = this.top();
    const atArm = top !== undefined && top.depth === this.depth;
    const v = t.v;
    if (t.t === 'ident') {
      if (v === 'let') this.letDepth = this.depth;
      else if (v === 'match') this.matchAt = this.depth;
      else if (v === 'matches' && isP(s.peek(0), '!') && isP(s.peek(1), '(')) this.arms.push({ depth: this.depth + 1, part: 'scrutinee' });
      else if (v === 'if' && atArm && top.part === 'pattern') top.part = 'guard';
    } else if (v === '(' || v === '[' || v === '{') {
      if (v === '{' && this.matchAt === this.depth) {
        this.matchAt = -1;
        this.arms.push({ depth: this.depth + 1, part: 'pattern' });
      }
      this.depth++;
    } else if (v === ')' || v === ']' || v === '}') {
      if (this.depth > 0) this.depth--;
      if (this.letDepth > this.depth) this.letDepth = -1;
      if (this.matchAt > this.depth) this.matchAt = -1;
      while ((this.top()?.depth ?? -1) > this.depth) this.arms.pop();
      const arm = this.top();
      if (v === '}' && arm && arm.depth === this.depth && arm.part === 'body') {
        const n = s.peek(0);
        if (!(n.t === 'ident' && n.v === 'else') && !isP(n, '.') && !isP(n, '?')) arm.part = 'pattern';
      }
    } else if (this.letDepth === this.depth && (v === ';' || (v === '=' && !isP(s.peek(0), '=') && !isP(s.peek(0), '>') && !isP(this.last, '=') && !isP(this.last, '!') && !isP(this.last, '<')))) {
      this.letDepth = -1;
    } else if (atArm && v === '=' && isP(s.peek(0), '>')) {
      top.part = 'body';
    } else if (atArm && v === ',' && top.part !== 'guard') {
      top.part = 'pattern';
    }
    this.last = t;
    return this.letDepth >= 0 || this.top()?.part === 'pattern';
  }

  /** The innermost open arm list (no `arms[-1]`: an index below 0 is a slow property lookup). */
  private top(): { depth: number; part: ArmPart } | undefined {
    const n = this.arms.length;
    return n > 0 ? this.arms[n - 1] : undefined;
  }
}

/**
 * A constant, static or `let` binding named for a model given a literal alone (converted or not), keyed
 * by its own name, at the name just taken from `s`: `const MODEL: &str = "gpt-4o";`,
 * `static CHAT_MODEL: &'static str = "…";`, `let model = "…".to_string();`, `let mut llm: String = …`.
 */
function namedSite(s: Lookahead<SiteTok>, name: string): StringSite | undefined {
  if (!isModelSetting(name)) return undefined;
  let k = 0;
  // Its type: a few tokens (`&`, `'static`, `str`, `String`) up to the `=`.
  if (isP(s.peek(0), ':')) for (k = 1; k < 6 && !isP(s.peek(k), '=') && s.peek(k).t !== 'lit' && !punctIn(s, k, ';,{}()'); k++);
  if (!isP(s.peek(k), '=') || punctIn(s, k + 1, '=>')) return undefined;
  const v = rustValue(s, k + 1);
  return v && punctIn(s, v.after, ';') ? siteOf(v.tok, name) : undefined;
}

/** The keyed site that starts at the name `name` (just taken from `s`), if any. */
function rustSiteAt(s: Lookahead<SiteTok>, name: string, prev: SiteTok, prev2: SiteTok, calls: ModelCalls | undefined): StringSite | undefined {
  const method = isP(prev, '.');
  // .model("…"), .with_api_base("…")
  if (method && (RUST_MODEL_METHODS.has(name) || RUST_BASE_URL_METHODS.has(name)) && isP(s.peek(0), '(')) {
    const v = rustValue(s, 1);
    if (v && isP(s.peek(v.after), ')')) return siteOf(v.tok, name);
  }
  if (RUST_MODEL_FIELDS.has(name) || RUST_BASE_URL_FIELDS.has(name)) {
    // Struct { model: "…", … }
    if ((isP(prev, '{') || isP(prev, ',')) && isP(s.peek(0), ':')) {
      const v = rustValue(s, 1);
      return v && punctIn(s, v.after, ',}') ? siteOf(v.tok, name) : undefined;
    }
    // req.model = "…";
    if (method && isP(s.peek(0), '=') && !punctIn(s, 1, '=>')) {
      const v = rustValue(s, 1);
      return v && punctIn(s, v.after, ';,}') ? siteOf(v.tok, name) : undefined;
    }
  }
  // A constant or static named for a model (`const MODEL: &str = "gpt-4o";`); a `let` binding is
  // read where the loop reads patterns.
  if (prev.t === 'ident' && (prev.v === 'const' || prev.v === 'static')) {
    const site = namedSite(s, name);
    if (site) return site;
  }
  // A function named for a model whose body is a literal alone (serde's `#[serde(default =
  // "default_model")]` target): `fn default_model() -> String { "gpt-4o".into() }`.
  if (prev.t === 'ident' && prev.v === 'fn' && isP(s.peek(0), '(') && isP(s.peek(1), ')') && isModelSetting(name)) {
    let k = 2;
    // Its return type (`-> String`, `-> &'static str`), up to the body's brace.
    if (isP(s.peek(k), '-') && isP(s.peek(k + 1), '>')) for (k += 2; k < 9 && !isP(s.peek(k), '{') && !punctIn(s, k, ';()}'); k++);
    if (isP(s.peek(k), '{')) {
      const v = rustValue(s, k + 1);
      if (v && isP(s.peek(v.after), '}')) return siteOf(v.tok, name);
    }
  }
  // A call that takes a model name: GenerationRequest::new("…", …), client.agent("…").
  if (calls?.any.has(name) && (calls.names.has(name) || ((method || isP(prev, '::')) && prev2.t === 'ident' && calls.names.has(prev2.v ?? '')))) {
    const paren = callParen(s);
    if (paren === undefined) return undefined;
    const v = rustValue(s, paren + 1);
    if (v && punctIn(s, v.after, ',)')) return siteOf(v.tok, MODEL_CALL_KEY);
  }
  return undefined;
}
