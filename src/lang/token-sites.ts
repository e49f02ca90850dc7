/**
 * Keyed string sites read from a token stream, for the languages whose front-ends are small
 * lexers (Go, Java/Kotlin; Ruby and PHP share modelCallArg and skipInterpolatedCode): a model name or base URL passed to an SDK as a literal, with the field,
 * option or method it is given to as its key, as the JS and Python front-ends report `model:` and
 * `base_url=`. Pure helpers over a lookahead buffer; nothing here throws.
 */
import type { ModelCalls, StringSite } from './types.js';

/** The token shape the helpers read: `str` is a string literal's decoded value. */
export interface SiteTok {
  t: string;
  v?: string;
  str?: string;
  line?: number;
  column?: number;
}

/** A token stream with lookahead: `peek(k)` is the k-th token after the current one. */
export class Lookahead<T> {
  private readonly queue: T[] = [];
  constructor(private readonly read: () => T) {}

  peek(k = 0): T {
    while (this.queue.length <= k) this.queue.push(this.read());
    return this.queue[k] as T;
  }

  next(): T {
    return this.queue.length ? (this.queue.shift() as T) : this.read();
  }
}

/** Calls a literal may be wrapped in: `anthropic.F("…")`, `aws.String("…")`, `ModelId("…")`. */
const MAX_WRAPPERS = 2;

const isPunct = (t: SiteTok, v: string): boolean => t.t === 'punct' && t.v === v;

/**
 * The string literal that starts at `peek(k)`, alone or as the only argument of up to MAX_WRAPPERS
 * calls (`[new] name[.name…](`; Rust: `name[::name…](`, with `path: '::'`), and the lookahead index
 * of the token after it (after the closing parentheses). `conversions`: up to two no-argument
 * methods the literal may go through (Rust's `.to_string()`, `.into()`). Undefined for anything
 * else: a constant, a concatenation, a call with more arguments.
 */
export function wrappedString(
  s: Lookahead<SiteTok>,
  k: number,
  opts: { path?: '.' | '::'; conversions?: ReadonlySet<string> } = {},
): { tok: SiteTok; after: number } | undefined {
  const path = opts.path ?? '.';
  let i = k;
  let wrappers = 0;
  for (;;) {
    const t = s.peek(i);
    if (t.str !== undefined) break;
    if (wrappers === MAX_WRAPPERS || t.t !== 'ident') return undefined;
    if (path === '.' && t.v === 'new') i++;
    if (s.peek(i).t !== 'ident') return undefined;
    i++;
    for (let segs = 0; segs < 3 && isPunct(s.peek(i), path) && s.peek(i + 1).t === 'ident'; segs++) i += 2;
    if (!isPunct(s.peek(i), '(')) return undefined;
    i++;
    wrappers++;
  }
  const tok = s.peek(i);
  i++;
  const conv = opts.conversions;
  // Conversions after the literal, and after each wrapper it closes (Rust's `Url::parse("…").unwrap()`, `?`).
  const skipConversions = (): void => {
    if (!conv) return;
    for (let n = 0; n < 2; n++) {
      if (isPunct(s.peek(i), '.') && conv.has(s.peek(i + 1).v ?? '') && isPunct(s.peek(i + 2), '(') && isPunct(s.peek(i + 3), ')')) i += 4;
      else if (isPunct(s.peek(i), '?')) i++;
      else break;
    }
  };
  skipConversions();
  for (let w = 0; w < wrappers; w++) {
    if (!isPunct(s.peek(i), ')')) return undefined;
    i++;
    skipConversions();
  }
  return { tok, after: i };
}

/** Whether `peek(k)` is one of the punctuation characters in `chars`. */
export function punctIn(s: Lookahead<SiteTok>, k: number, chars: string): boolean {
  const t = s.peek(k);
  return t.t === 'punct' && t.v !== undefined && t.v.length === 1 && chars.includes(t.v);
}

/** The site of a string token, under `key`. */
export function siteOf(tok: SiteTok, key: string): StringSite {
  return { value: tok.str ?? '', line: tok.line ?? 1, column: tok.column ?? 1, key };
}

/**
 * The URL sites of a lexical scan (src/lang/config-text.ts urlSites) merged with the keyed sites a
 * front-end read: a URL found by both takes the front-end's key and `via` (the lexical scan sees no
 * key in `option.WithBaseURL("…")` or `.baseUrl("…")`), the front-end's other sites (model names, URLs the
 * scan cut differently) are added. Sorted by position.
 */
export function withKeys(urls: StringSite[], keyed: StringSite[]): StringSite[] {
  if (!keyed.length) return urls;
  const out = urls.slice();
  // By position and value: a file of many sites is merged in linear time (a search of the list per
  // keyed site took seconds on 100,000 model names).
  const at = (line: number, column: number, value: string): string => `${line}\u0000${column}\u0000${value}`;
  const byPos = new Map<string, StringSite>();
  for (const u of out) if (!byPos.has(at(u.line, u.column, u.value))) byPos.set(at(u.line, u.column, u.value), u);
  for (const k of keyed) {
    // The scan's column is the URL's first character, the front-end's the opening quote.
    const same = byPos.get(at(k.line, k.column + 1, k.value));
    // The keyed site's key, and the call it is given to (`via`: a Java builder chain's class).
    if (same && k.key !== undefined) {
      same.key = k.key;
      if (k.via !== undefined) same.via = k.via;
      if (k.call !== undefined) same.call = k.call;
    }
    else if (!same) {
      out.push(k);
      if (!byPos.has(at(k.line, k.column, k.value))) byPos.set(at(k.line, k.column, k.value), k);
    }
  }
  return out.sort((a, b) => a.line - b.line || a.column - b.column);
}

/** A token of the front-ends that lex into an array (Ruby, PHP): its type, offset and value. */
export interface ArrayTok {
  t: string;
  at: number;
  v?: string;
}

/**
 * The model-name literal of a call whose name is `toks[k]` (ModelCalls), for the front-ends that
 * lex into an array (Ruby, PHP): one of `calls.names` or `calls.second` on any receiver, or one
 * of `calls.methods` after `.`, `->` or `::` on a receiver named in `calls.names`. The argument is
 * a plain string literal (`str` with a value: no interpolation) followed by `,` or `)`; for
 * `second` it follows a first argument that names a provider, a string or a `Name::Case`
 * constant (Prism's `->using(Provider::OpenAI, 'gpt-4o')`), one that `calls.providers` lists
 * when it has the callee (`Provider::Case` of a listed enum, by its last name segment as
 * `\Prism\Prism\Enums\Provider` writes it, or a listed string: not `$q->using('index', …)`). `ident` is the lexer's identifier
 * type; with `bare`, a call without parentheses (Ruby's `chat.with_model "gpt-4o"`) counts when
 * `bare` says the token after the literal ends the argument. A method definition (`def`,
 * `function`) is no call. With `literal`, the argument is what it reads at a token index (PHP: a
 * string, or a model constant the file's imports resolve) instead of a plain string token. Constant
 * time per call when `literal` is.
 */
export function modelCallArg<T extends ArrayTok>(
  toks: readonly T[],
  k: number,
  calls: ModelCalls,
  ident: string,
  bare?: (t: T | undefined) => boolean,
  literal: (j: number) => TokLiteral | undefined = (j) => plainLiteral(toks, j),
): TokLiteral | undefined {
  // A qualified callee (PHP's `new \LLPhant\AnthropicConfig(…)`) is its class's short name.
  const name = lastSegment(toks[k]?.v ?? '');
  const prev = toks[k - 1];
  const p = (t: ArrayTok | undefined, v: string): boolean => t !== undefined && t.t === 'p' && t.v === v;
  if (prev?.t === ident && (prev.v === 'def' || prev.v === 'function')) return undefined;
  const member = p(prev, '.') || p(prev, '->') || p(prev, '::');
  const receiver = toks[k - 2];
  const second = calls.second.has(name);
  if (!(second || calls.names.has(name) || (member && calls.methods.has(name) && receiver !== undefined && calls.names.has(lastSegment(receiver.v ?? ''))))) return undefined;
  let j = k + 1;
  const paren = p(toks[j], '(');
  if (paren) j++;
  else if (!bare) return undefined;
  let provider: string | undefined;
  if (second) {
    const first = toks[j];
    const only = calls.providers.get(name);
    if (first?.t === 'str' && first.v !== undefined && (!only || only.values.has(first.v))) {
      if (only) provider = first.v.toLowerCase();
      j++;
    } else if (first?.t === ident && p(toks[j + 1], '::') && toks[j + 2]?.t === ident && (!only || only.enums.has(lastSegment(first.v ?? '')))) {
      if (only) provider = toks[j + 2]?.v?.toLowerCase();
      j += 3;
    } else return undefined;
    if (!p(toks[j], ',')) return undefined;
    j++;
  }
  const lit = literal(j);
  if (lit === undefined || lit.v === '') return undefined;
  const after = toks[lit.next];
  if (paren ? p(after, ',') || p(after, ')') : bare?.(after)) return provider === undefined ? lit : { ...lit, provider: calls.providers.get(name)?.ids.get(provider) ?? provider };
  return undefined;
}

/** A literal value read from a token array: its value, offset, and the index of the token after it. */
export interface TokLiteral {
  v: string;
  at: number;
  next: number;
  /** From modelCallArg: the provider the call's first argument names, as written, where the catalog lists its names (`providers`). */
  provider?: string;
}

/** The plain string literal (`str` with a value: no interpolation) at `toks[j]`. */
export function plainLiteral(toks: readonly ArrayTok[], j: number): TokLiteral | undefined {
  const t = toks[j];
  return t?.t === 'str' && t.v !== undefined ? { v: t.v, at: t.at, next: j + 1 } : undefined;
}

/** The last segment of a PHP qualified name: `\Prism\Prism\Enums\Provider` → `Provider`; other names as they are. */
export function lastSegment(name: string): string {
  return name.slice(name.lastIndexOf('\\') + 1);
}

/**
 * Skips the code of a string interpolation from `i`, just after its opener, to just after the
 * `close` that balances it (the text's end when none does): `open` / `close` nest, and at every
 * other character `skip(at)` says where a construct of the language starting there ends (a string,
 * a comment: skipped whole, so its brackets do not count), or `at` when none starts there. Ruby's
 * `#{…}` and PHP's `{$…}` (skipInterpolatedCode), Dart's `${…}`, Swift's `\(…)`. Linear when
 * `skip` is.
 */
export function skipBalanced(s: string, i: number, open: string, close: string, skip: (at: number) => number): number {
  let depth = 0;
  while (i < s.length) {
    const c = s[i] as string;
    if (c === close) {
      i++;
      if (depth === 0) return i;
      depth--;
    } else if (c === open) {
      depth++;
      i++;
    } else {
      const end = skip(i);
      i = end > i ? end : i + 1;
    }
  }
  return i;
}

/**
 * Skips the code of a brace interpolation (Ruby `#{…}`, PHP `{$…}` / `${…}`) from `i`, just after
 * its opening brace, to just after its closing `}`: a string inside it (one of `quotes`,
 * `skipString` reading it from just after its quote) is skipped whole, so its braces do not count.
 */
export function skipInterpolatedCode(s: string, i: number, quotes: string, skipString: (q: string, at: number) => number): number {
  return skipBalanced(s, i, '{', '}', (at) => {
    const c = s[at] as string;
    return quotes.includes(c) ? skipString(c, at + 1) : at;
  });
}
