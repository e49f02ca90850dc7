/**
 * Java and Kotlin front-end: a small tokenizer (line and block comments, strings, text blocks and
 * Kotlin raw strings, char literals, backticked Kotlin names), the header grammar (annotations such
 * as `@file:JvmName("x")`, the package clause, then imports; reading them stops at the first other
 * token, because imports may appear only there), and the model names and base URLs given to SDKs as
 * literals (javaStringSites). Single pass, linear, never throws.
 *
 * Lines end at CR, LF and CRLF (JLS 3.4; Kotlin's grammar too): positions count them, a `//`
 * comment ends at any of them, and a one-line string or char literal ends unclosed at any of them,
 * as at an LF (a raw line end inside one is an error for javac and kotlinc). A text block or a Kotlin
 * raw string runs on over its line ends (they count for the positions after it), and an escaped `\r`
 * is a character of the literal, no line end. A text without a CR takes the LF-only lookups.
 */
import { MODEL_CALL_KEY, type ImportSite, type ModelCalls, type ModelConstants, type StringSite } from './types.js';
import { Lookahead, punctIn, siteOf, wrappedString, type SiteTok } from './token-sites.js';
import { isCodeModelName, isModelSetting } from './config-text.js';

type Tok =
  | { t: 'ident'; v: string; line: number; column: number }
  | { t: 'punct'; v: string; line: number; column: number }
  /** A literal; `str` is the decoded value of a one-line string ("…"). */
  | { t: 'lit'; str?: string; line: number; column: number }
  | { t: 'eof'; line: number; column: number };

function isIdentStart(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_' || c === '$' || (c > '\x7f' && /[\p{L}\p{Nl}]/u.test(c));
}

function isIdentPart(c: string): boolean {
  return isIdentStart(c) || (c >= '0' && c <= '9') || (c > '\x7f' && /[\p{Nd}\p{Mn}\p{Mc}]/u.test(c));
}

export interface JavaImportOptions {
  // Kotlin block comments nest; Java's end at the first star-slash.
  kotlin?: boolean;
  /** javaStringSites: the SDK model constants the file's imports name (javaModelConstants). */
  constants?: JavaModelConstants;
  /** javaStringSites: the catalog's calls that take a model first (rules/sdk.yaml modelCalls, language java). */
  calls?: ModelCalls;
}

/**
 * The model constants a Java or Kotlin file's imports make readable: `qualified`, by the simple
 * (or Kotlin alias) name a class is written under (`ChatModel.GPT_4O` after `import
 * com.openai.models.ChatModel;` or `import com.openai.models.*;`); `bare`, the constants a
 * static import names (`GPT_4_O_MINI` after `import static
 * dev.langchain4j.model.openai.OpenAiChatModelName.GPT_4_O_MINI;` or `….OpenAiChatModelName.*;`).
 */
export interface JavaModelConstants {
  qualified: Map<string, ReadonlyMap<string, string>>;
  bare: Map<string, string>;
}

/** The model constants (rules/sdk.yaml `modelConstants`, `language: java`) a file's imports name; undefined when none. */
export function javaModelConstants(imports: readonly ImportSite[], constants: ModelConstants | undefined): JavaModelConstants | undefined {
  if (constants === undefined) return undefined;
  const qualified = new Map<string, ReadonlyMap<string, string>>();
  const bare = new Map<string, string>();
  for (const site of imports) {
    const spec = site.specifier;
    const star = spec.endsWith('.*');
    const path = star ? spec.slice(0, -2) : spec;
    const lower = path.toLowerCase();
    const cls = constants.get(lower);
    if (cls !== undefined) {
      // `import a.b.C;` (or `as D`); `import static a.b.C.*;` makes every constant bare.
      if (star) for (const [k, v] of cls.models) bare.set(k, v);
      else qualified.set(site.names?.[0] ?? path.slice(path.lastIndexOf('.') + 1), cls.models);
      continue;
    }
    const dot = path.lastIndexOf('.');
    if (dot < 0) continue;
    const owner = constants.get(lower.slice(0, dot));
    const member = path.slice(dot + 1);
    // `import static a.b.C.NAME;`
    const model = !star ? owner?.models.get(member) : undefined;
    if (model !== undefined) bare.set(site.names?.[0] ?? member, model);
    for (const [name, c] of constants) {
      if (!name.startsWith(`${lower}.`)) continue;
      const below = classNameOf(c, name);
      const inner = name.slice(lower.length + 1);
      // `import a.b.*;`: every catalogued class of the package (`ChatModel`, `OpenAiApi.ChatModel`).
      if (star && inner === below.toLowerCase()) qualified.set(below, c.models);
      // `import a.b.Outer;` (or `as O`): its nested classes, written `Outer.ChatModel`.
      else if (!star) {
        const depth = inner.split('.').length;
        const own = below.split('.');
        if (own.length > depth) qualified.set([site.names?.[0] ?? member, ...own.slice(own.length - depth)].join('.'), c.models);
      }
    }
  }
  return qualified.size || bare.size ? { qualified, bare } : undefined;
}

/** A catalogued class's simple name as written: its map key is lower-cased, its `name` (when set) is not. */
function classNameOf(c: { name?: string }, key: string): string {
  return c.name ?? key.slice(key.lastIndexOf('.') + 1);
}

class JavaLexer {
  private i = 0;
  private line = 1;
  private lineStart = 0;
  private peeked: Tok | undefined;
  private readonly crs: boolean;
  /** The next LF and CR at or after the last lookup (the text's length when none), see lineEnd. */
  private nextLf = -1;
  private nextCr = -1;

  constructor(
    private readonly s: string,
    private readonly kotlin: boolean,
  ) {
    this.crs = s.includes('\r');
    if (s.charCodeAt(0) === 0xfeff) this.i = this.lineStart = 1;
    // A Kotlin script may start with a shebang line.
    if (s.startsWith('#!', this.i)) this.i = this.lineEnd(this.i);
  }

  /**
   * The offset of the first CR or LF at or after `from` (the text's length when none). Each
   * lookup is redone only once passed, so many comments in a file without LFs (or without CRs)
   * stay linear; the lexer only moves forward.
   */
  private lineEnd(from: number): number {
    const s = this.s;
    if (this.nextLf < from) {
      const j = s.indexOf('\n', from);
      this.nextLf = j < 0 ? s.length : j;
    }
    if (!this.crs) return this.nextLf;
    if (this.nextCr < from) {
      const j = s.indexOf('\r', from);
      this.nextCr = j < 0 ? s.length : j;
    }
    return Math.min(this.nextLf, this.nextCr);
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

  peek(): Tok {
    if (this.peeked === undefined) this.peeked = this.read();
    return this.peeked;
  }

  next(): Tok {
    const t = this.peek();
    this.peeked = undefined;
    return t;
  }

  private blockComment(): void {
    const s = this.s;
    let k = this.i + 2;
    let depth = 1;
    while (k < s.length) {
      if (s[k] === '*' && s[k + 1] === '/') {
        k += 2;
        if (--depth === 0) break;
      } else if (this.kotlin && s[k] === '/' && s[k + 1] === '*') {
        k += 2;
        depth++;
      } else k++;
    }
    this.advance(k);
  }

  private read(): Tok {
    const s = this.s;
    for (;;) {
      if (this.i >= s.length) return { t: 'eof', line: this.line, column: this.i - this.lineStart + 1 };
      const c = s[this.i]!;
      if (c === '\n' || c === '\r') {
        this.advance(this.i + 1);
        continue;
      }
      if (c === ' ' || c === '\t' || c === '\f') {
        this.i++;
        continue;
      }
      if (c === '/' && s[this.i + 1] === '/') {
        this.i = this.lineEnd(this.i);
        continue;
      }
      if (c === '/' && s[this.i + 1] === '*') {
        this.blockComment();
        continue;
      }
      const line = this.line;
      const column = this.i - this.lineStart + 1;
      if (c === '"' && s.startsWith('"""', this.i)) {
        // Java text block (escapes apply) or Kotlin raw string (no escapes; ends at the last quote
        // of a run of three or more).
        let k = this.i + 3;
        for (;;) {
          const j = s.indexOf('"""', k);
          if (j < 0) {
            k = s.length;
            break;
          }
          if (!this.kotlin) {
            let bs = 0;
            for (let b = j - 1; b >= this.i + 3 && s[b] === '\\'; b--) bs++;
            if (bs % 2 === 1) {
              k = j + 1;
              continue;
            }
          }
          k = j + 3;
          while (this.kotlin && s[k] === '"') k++;
          break;
        }
        this.advance(k);
        return { t: 'lit', line, column };
      }
      if (c === '"' || c === "'") {
        let k = this.i + 1;
        while (k < s.length) {
          const d = s[k]!;
          if (d === '\\') k += s[k + 1] === '\n' || s[k + 1] === '\r' ? 1 : 2;
          else if (d === c || d === '\n' || d === '\r') break;
          else k++;
        }
        if (k > s.length) k = s.length;
        const closed = k < s.length && s[k] === c;
        const start = this.i + 1;
        this.i = closed ? k + 1 : k;
        if (c === '"' && closed) return { t: 'lit', str: unescapeJava(s.slice(start, k)), line, column };
        return { t: 'lit', line, column };
      }
      if (c === '`') {
        const j = s.indexOf('`', this.i + 1);
        if (j > 0 && j < this.lineEnd(this.i + 1)) {
          const v = s.slice(this.i + 1, j);
          this.i = j + 1;
          return { t: 'ident', v, line, column };
        }
        this.i++;
        return { t: 'punct', v: c, line, column };
      }
      if (isIdentStart(c)) {
        let k = this.i + 1;
        while (k < s.length && isIdentPart(s[k]!)) k++;
        const v = s.slice(this.i, k);
        this.i = k;
        return { t: 'ident', v, line, column };
      }
      this.i++;
      return { t: 'punct', v: c, line, column };
    }
  }
}

const isPunct = (t: Tok, v: string): boolean => t.t === 'punct' && t.v === v;

const JAVA_ESCAPES = new Map<string, string>([
  ['b', '\b'], ['t', '\t'], ['n', '\n'], ['f', '\f'], ['r', '\r'], ['s', ' '], ['"', '"'], ["'", "'"], ['\\', '\\'], ['$', '$'],
]);

/** Decodes the escapes of a Java or Kotlin string body (`\n`, `\"`, a `\u` with four hex digits such as `\u00e9`, octal; Kotlin's `\$`). */
export function unescapeJava(body: string): string {
  if (!body.includes('\\')) return body;
  return body.replace(/\\(u+[0-9a-fA-F]{4}|[0-3]?[0-7]{1,2}|.)/g, (m, e: string) => {
    if (e.startsWith('u') && e.length > 1) return String.fromCharCode(parseInt(e.replace(/^u+/, ''), 16));
    if (/^[0-7]/.test(e)) return String.fromCharCode(parseInt(e, 8));
    return JAVA_ESCAPES.get(e) ?? m;
  });
}

/**
 * Every import of a Java or Kotlin source file: `import a.b.C;`, `import a.b.*;`,
 * `import static a.b.C.m;`, Kotlin `import a.b.C as D` (the alias goes to `names`). The specifier is
 * the dotted path as written, with `.*` for a wildcard; the position is that of its first name.
 */
export function javaImports(text: string, options: JavaImportOptions = {}): ImportSite[] {
  const out: ImportSite[] = [];
  try {
    const lx = new JavaLexer(text, options.kotlin === true);
    const skipParens = (): void => {
      let depth = 0;
      for (;;) {
        const t = lx.next();
        if (t.t === 'eof') return;
        if (isPunct(t, '(')) depth++;
        else if (isPunct(t, ')') && --depth <= 0) return;
      }
    };
    /** Name ( `.` Name )* [ `.` `*` ]; with `seed`, the first name was already read. */
    const qualifiedName = (seed?: Tok): { parts: string[]; first?: Tok; star: boolean } => {
      const parts: string[] = [];
      let star = false;
      let first: Tok | undefined = seed;
      if (seed?.t === 'ident') parts.push(seed.v);
      else {
        const t = lx.peek();
        if (t.t !== 'ident') return { parts, star };
        first = lx.next();
        parts.push(t.v);
      }
      while (isPunct(lx.peek(), '.')) {
        lx.next();
        const n = lx.next();
        if (n.t === 'ident') parts.push(n.v);
        else {
          if (isPunct(n, '*')) star = true;
          break;
        }
      }
      return { parts, first, star };
    };
    for (;;) {
      const t = lx.next();
      if (t.t === 'eof') break;
      if (isPunct(t, ';')) continue;
      if (isPunct(t, '@')) {
        // Annotation: @Name, @a.b.Name(...), Kotlin @file:Name(...), @file:[A B(...)].
        if (lx.peek().t === 'ident' && (lx.peek() as { v: string }).v === 'file') {
          lx.next();
          if (isPunct(lx.peek(), ':')) lx.next();
        }
        if (isPunct(lx.peek(), '[')) {
          let depth = 0;
          for (;;) {
            const u = lx.next();
            if (u.t === 'eof') break;
            if (isPunct(u, '[')) depth++;
            else if (isPunct(u, ']') && --depth <= 0) break;
          }
          continue;
        }
        qualifiedName();
        if (isPunct(lx.peek(), '(')) skipParens();
        continue;
      }
      if (t.t !== 'ident') break;
      if (t.v === 'package') {
        qualifiedName();
        continue;
      }
      if (t.v !== 'import') break;
      let q: { parts: string[]; first?: Tok; star: boolean };
      const st = lx.peek();
      if (st.t === 'ident' && st.v === 'static') {
        lx.next();
        // `static` may also be a Kotlin package name: `import static.x`.
        q = isPunct(lx.peek(), '.') ? qualifiedName(st) : qualifiedName();
      } else q = qualifiedName();
      if (q.first === undefined || q.first.t !== 'ident') break;
      const site = pushSite(out, q.parts, q.star, q.first);
      const as = lx.peek();
      if (as.t === 'ident' && as.v === 'as') {
        lx.next();
        const alias = lx.peek();
        if (alias.t === 'ident') {
          lx.next();
          site.names = [alias.v];
        }
      }
    }
  } catch {
    // The lexer does not throw on any input; this is a last guard for the invariant.
  }
  return out;
}

function pushSite(out: ImportSite[], parts: string[], star: boolean, at: { line: number; column: number }): ImportSite {
  const specifier = parts.join('.') + (star ? '.*' : '');
  const site: ImportSite = { specifier, kind: 'java-import', line: at.line, column: at.column };
  out.push(site);
  return site;
}

/**
 * Builder and option methods taking a model name: langchain4j `.modelName("gpt-4o")`, Spring AI
 * `.model("gpt-4o")` (`.withModel` before 1.0), openai-java and anthropic-java `.model("…")`,
 * the AWS SDK's `.modelId("anthropic.claude-…")`, Azure's `.deploymentName("…")`, and the
 * JavaBean setters of options objects (`options.setModel("gpt-4o-mini")`: Spring AI's
 * OpenAiChatOptions, Azure's ChatCompletionsOptions).
 */
const JAVA_MODEL_METHODS: ReadonlySet<string> = new Set(['model', 'modelName', 'modelId', 'withModel', 'deploymentName', 'setModel', 'setModelName', 'setModelId', 'setDeploymentName']);
/** Builder methods and setters taking the URL a client sends its calls to (langchain4j, openai-java, Spring AI). */
const JAVA_BASE_URL_METHODS: ReadonlySet<string> = new Set(['baseUrl', 'withBaseUrl', 'endpoint', 'setBaseUrl', 'setEndpoint']);
/** Kotlin named arguments taking a model name: openai-kotlin `ChatCompletionRequest(model = ModelId("gpt-4o"))`. */
const KOTLIN_MODEL_ARGS: ReadonlySet<string> = new Set(['model', 'modelName', 'modelId']);
/** Calls whose ("model", "…") arguments are a map entry or a JSON property: `Map.of`, `put`, Gson's `addProperty`. */
const MAP_CALLS: ReadonlySet<string> = new Set(['of', 'put', 'putIfAbsent', 'entry', 'addProperty']);
/**
 * The keys of the sites javaStringSites reads as an SDK's argument (a method, a named argument, a
 * JSON body's "model"), not a name of the project's own (a constant, an enum constant, a property).
 */
export const JAVA_SDK_KEYS: ReadonlySet<string> = new Set([...JAVA_MODEL_METHODS, ...JAVA_BASE_URL_METHODS, ...KOTLIN_MODEL_ARGS, 'model']);
/** A Spring property placeholder with a default: `${name:default}` (no nested placeholder). */
const VALUE_DEFAULT = /^\$\{([A-Za-z0-9_.\-[\]]+):([^${}]+)\}$/;

/**
 * String literals a Java or Kotlin source gives to an SDK as a model name or a base URL, keyed by
 * the method, named argument or map key: `.modelName("gpt-4o")`, `.model("claude-…")`,
 * `.withModel("…")`, `.modelId("…")`, `.baseUrl("…")`, `model = ModelId("…")`,
 * `Map.of("model", "gpt-4o")`, `body.put("model", "gpt-4o")`, `mapOf("model" to "gpt-4o")`.
 * With `options.constants` (javaModelConstants), a model method or argument given a catalogued
 * SDK's constant (`.model(ChatModel.GPT_4O)`, langchain4j's `.modelName(GPT_4_O_MINI)` statically
 * imported) is the model id it stands for; another constant is left out (its value is in the SDK,
 * not in the file).
 * `("model", "…")` counts only as the arguments of a map or JSON call, so `log.info("model", m)`
 * does not. Comments, text blocks and raw strings are not read. Linear, never throws.
 */
export function javaStringSites(text: string, options: JavaImportOptions = {}): StringSite[] {
  const out: StringSite[] = [];
  try {
    const lx = new JavaLexer(text, options.kotlin === true);
    const s = new Lookahead<SiteTok>(() => lx.next());
    // The name of each open call, innermost last ('' for a parenthesis that is no call).
    const calls: string[] = [];
    let prev: SiteTok = { t: 'punct', v: ';' };
    // Braces open; after `enum` (Java's `enum X`, Kotlin's `enum class X`), the depth of its body
    // while its constants are read (until the body's first `;` or its end).
    let depth = 0;
    let enumNext = false;
    let enumDepth = -1;
    // The builder chains open (`OpenAiChatModel.builder()` … `.build()`), innermost last, each with
    // the call depth it started at: a chain's model and base URL sites are its class's (`via`) and
    // its own (`call`: the place of its `builder`), apart from another chain's of the same class.
    const chains: { cls: string; calls: number; call: string }[] = [];
    let prev2: SiteTok = prev;
    // The file's own String constants (`static final String MODEL_X = "…";`, Kotlin's `const val X =
    // "…"`), by name (undefined: declared twice), and the model and base URL arguments that name one.
    const fileConstants = new Map<string, string | undefined>();
    const pending: { tok: SiteTok; key: string; name: string; via?: string; call?: string }[] = [];
    for (;;) {
      const t = s.next();
      if (t.t === 'eof') break;
      if (t.t === 'ident' && isDotTok(prev)) {
        if (t.v === 'builder' && prev2.t === 'ident' && /^[A-Z]/.test(prev2.v ?? '') && punctIn(s, 0, '(')) chains.push({ cls: prev2.v as string, calls: calls.length, call: `${t.line ?? 0}:${t.column ?? 0}` });
        else if (t.v === 'build' && chains.length && (chains[chains.length - 1] as { calls: number }).calls === calls.length) chains.pop();
      }
      if (t.t === 'punct') {
        if (t.v === '(') calls.push(prev.t === 'ident' ? (prev.v ?? '') : '');
        else if (t.v === ')') {
          calls.pop();
          while (chains.length && (chains[chains.length - 1] as { calls: number }).calls > calls.length) chains.pop();
        } else if (t.v === ';' || t.v === '{' || t.v === '}') chains.length = 0;
        if (t.v === '{') {
          depth++;
          if (enumNext && calls.length === 0) {
            enumDepth = depth;
            enumNext = false;
          }
        } else if (t.v === '}') {
          if (depth === enumDepth) enumDepth = -1;
          depth--;
        } else if (t.v === ';' && depth === enumDepth) enumDepth = -1;
      } else if (t.t === 'ident' && t.v === 'enum' && prev.v !== '.') enumNext = true;
      const site = javaSiteAt(s, t, prev, calls[calls.length - 1], options.constants, options.calls) ?? (depth === enumDepth && calls.length === 0 ? enumConstantAt(s, t, prev) : undefined);
      const chain = chains[chains.length - 1];
      if (site) out.push(chain !== undefined && isDotTok(prev) && site.key !== undefined && (JAVA_MODEL_METHODS.has(site.key) || JAVA_BASE_URL_METHODS.has(site.key)) ? { ...site, via: chain.cls, call: chain.call } : site);
      else if (t.t === 'ident' && t.v !== undefined) {
        const c = stringConstantAt(s, t);
        if (c !== undefined) fileConstants.set(c.name, fileConstants.has(c.name) ? undefined : c.value);
        // `.modelName(MODEL_X)`, `.baseUrl(BASE_URL)`: resolved once the whole file is read.
        else if ((JAVA_MODEL_METHODS.has(t.v) || JAVA_BASE_URL_METHODS.has(t.v)) && isDotTok(prev) && punctIn(s, 0, '(') && s.peek(1).t === 'ident' && punctIn(s, 2, ')')) {
          pending.push({ tok: s.peek(1), key: t.v, name: s.peek(1).v ?? '', ...(chain !== undefined ? { via: chain.cls, call: chain.call } : {}) });
        }
      }
      prev2 = prev;
      prev = t;
    }
    let added = false;
    for (const p of pending) {
      const value = fileConstants.get(p.name);
      if (value === undefined) continue;
      out.push({ ...siteOf({ ...p.tok, str: value }, p.key), ...(p.via !== undefined ? { via: p.via, ...(p.call !== undefined ? { call: p.call } : {}) } : {}) });
      added = true;
    }
    if (added) out.sort((a, b) => a.line - b.line || a.column - b.column);
  } catch {
    // The lexer does not throw on any input; this is a last guard for the invariant.
  }
  return out;
}

/**
 * A String constant declared at token `t` with a literal alone: Java's `String NAME = "…";` (any
 * modifiers before it), Kotlin's `val NAME = "…"` or `val NAME: String = "…"` (`const` before it
 * or not) ended by a line's end or `;`.
 */
function stringConstantAt(s: Lookahead<SiteTok>, t: SiteTok): { name: string; value: string } | undefined {
  const name = s.peek(0);
  if (name.t !== 'ident' || name.v === undefined) return undefined;
  let k = 1;
  if (t.v === 'val' && punctIn(s, 1, ':') && s.peek(2).v === 'String') k = 3;
  else if (t.v !== 'String' && t.v !== 'val') return undefined;
  const v = s.peek(k + 1);
  if (!punctIn(s, k, '=') || v.str === undefined) return undefined;
  const after = s.peek(k + 2);
  // Java: the statement's `;`; Kotlin: no operator or call after the literal.
  if (t.v === 'String' ? !punctIn(s, k + 2, ';') : after.t === 'punct' && '+.[?:(='.includes(after.v ?? '')) return undefined;
  return { name: name.v, value: v.str };
}

/**
 * A catalogued SDK model constant at `peek(k)`: `ChatModel.GPT_4O` (its class imported) or a
 * statically imported `GPT_4_O_MINI`, optionally `.toString()`: a token holding the model id at the
 * constant's place, and the lookahead index after it.
 */
function constantAt(s: Lookahead<SiteTok>, k: number, constants: JavaModelConstants): { tok: SiteTok; after: number } | undefined {
  const first = s.peek(k);
  if (first.t !== 'ident' || first.v === undefined) return undefined;
  let model: string | undefined;
  let after: number;
  const cls = constants.qualified.get(first.v);
  const member = s.peek(k + 2);
  // A nested class written with its outer one: Spring AI's `OpenAiApi.ChatModel.GPT_4_O`.
  const nested = cls === undefined && member.t === 'ident' && punctIn(s, k + 1, '.') && punctIn(s, k + 3, '.') ? constants.qualified.get(`${first.v}.${member.v}`) : undefined;
  if (nested !== undefined && s.peek(k + 4).t === 'ident') {
    model = nested.get(s.peek(k + 4).v ?? '');
    after = k + 5;
  } else if (cls !== undefined && punctIn(s, k + 1, '.') && member.t === 'ident') {
    model = cls.get(member.v ?? '');
    after = k + 3;
  } else {
    // A bare name is the constant unless a member follows (other than a conversion below).
    model = punctIn(s, k + 1, '.') && !CONSTANT_VALUE.has(s.peek(k + 2).v ?? '') ? undefined : constants.bare.get(first.v);
    after = k + 1;
  }
  if (model === undefined) return undefined;
  // The id the constant holds, read out: `.toString()`, `.getValue()`, `.asString()`, `.value`.
  const conv = punctIn(s, after, '.') ? s.peek(after + 1).v : undefined;
  if (conv !== undefined && CONSTANT_VALUE.has(conv)) {
    if (punctIn(s, after + 2, '(') && punctIn(s, after + 3, ')')) after += 4;
    else if (conv === 'value') after += 2;
  }
  return { tok: { ...first, str: model }, after };
}

/**
 * What reads a model constant's id out of it: `toString()` (langchain4j's enums), Spring AI's
 * `getValue()` / `getName()` and `value` field (OllamaModel's `id()`), openai-java's and
 * anthropic-java's `asString()` (Kotlin: `.value`). Not `name()`, which is the constant's own name.
 */
const CONSTANT_VALUE: ReadonlySet<string> = new Set(['toString', 'getValue', 'getName', 'id', 'asString', 'value']);

/**
 * An enum constant that holds a string (`GPT_4O("gpt-4o"),` or with more arguments after it, a
 * body, or annotations before it), in an enum body before its first `;`, keyed by its name. The
 * detector keeps it when the string is a model name: a project's own list of the models it calls.
 * Only upper-case names (`GPT_4O`, `Claude3`): a call statement in an initializer block is
 * lower-case.
 */
function enumConstantAt(s: Lookahead<SiteTok>, t: SiteTok, prev: SiteTok): StringSite | undefined {
  if (t.t !== 'ident' || t.v === undefined || !ENUM_CONSTANT.test(t.v) || (prev.t === 'punct' && prev.v === '.')) return undefined;
  if (!punctIn(s, 0, '(')) return undefined;
  const v = s.peek(1);
  return v.str !== undefined && punctIn(s, 2, ',)') ? siteOf(v, t.v) : undefined;
}
const ENUM_CONSTANT = /^[A-Z][A-Za-z0-9_$]*$/;

const isDotTok = (t: SiteTok): boolean => t.t === 'punct' && t.v === '.';

/** `String.valueOf(<SDK constant>)` at `peek(k)`: the constant's id, and the lookahead index after the call. */
function valueOfConstant(s: Lookahead<SiteTok>, k: number, constants: JavaModelConstants): { tok: SiteTok; after: number } | undefined {
  if (s.peek(k).v !== 'String' || !punctIn(s, k + 1, '.') || s.peek(k + 2).v !== 'valueOf' || !punctIn(s, k + 3, '(')) return undefined;
  const c = constantAt(s, k + 4, constants);
  return c !== undefined && punctIn(s, c.after, ')') ? { tok: c.tok, after: c.after + 1 } : undefined;
}

/** The keyed site that starts at token `t` (just taken from `s`), if any. */
function javaSiteAt(s: Lookahead<SiteTok>, t: SiteTok, prev: SiteTok, call: string | undefined, constants?: JavaModelConstants, calls?: ModelCalls): StringSite | undefined {
  const afterComma = prev.t === 'punct' && (prev.v === '(' || prev.v === ',');
  if (t.t === 'ident' && t.v !== undefined) {
    // .modelName("…"), .baseUrl("…"); a model method also given an SDK's constant (`.model(ChatModel.GPT_4O)`,
    // `.modelName(String.valueOf(MistralAiChatModelName.MISTRAL_SMALL_LATEST))`).
    if ((JAVA_MODEL_METHODS.has(t.v) || JAVA_BASE_URL_METHODS.has(t.v)) && prev.t === 'punct' && prev.v === '.' && punctIn(s, 0, '(')) {
      const v = wrappedString(s, 1) ?? (constants !== undefined && JAVA_MODEL_METHODS.has(t.v) ? (constantAt(s, 1, constants) ?? valueOfConstant(s, 1, constants)) : undefined);
      return v && punctIn(s, v.after, ')') ? siteOf(v.tok, t.v) : undefined;
    }
    // A call the catalog says takes the model first (the Google Gen AI SDK's
    // `client.models.generateContent("gemini-2.0-flash", …)`), a literal.
    if (calls?.names.has(t.v) && isDotTok(prev) && punctIn(s, 0, '(')) {
      const v = s.peek(1);
      return v.str !== undefined && punctIn(s, 2, ',)') ? siteOf(v, MODEL_CALL_KEY) : undefined;
    }
    // Kotlin named argument: (model = "…", …)
    if (KOTLIN_MODEL_ARGS.has(t.v) && afterComma && punctIn(s, 0, '=') && !punctIn(s, 1, '=')) {
      const v = wrappedString(s, 1) ?? (constants !== undefined ? constantAt(s, 1, constants) : undefined);
      return v && punctIn(s, v.after, ',)') ? siteOf(v.tok, t.v) : undefined;
    }
    // A variable, field or constant named for a model given a literal alone: `static final String
    // DEFAULT_MODEL = "gpt-4o";`, `this.model = "…"`, Kotlin's `const val MODEL = "…"` and
    // `val model: String = "…"` (keyed by its own name, as the JS and Python front-ends key theirs).
    if (isCodeModelName(t.v)) {
      let k = 0;
      // Kotlin's type: `: String` or `: String?`.
      if (punctIn(s, 0, ':') && s.peek(1).v === 'String') k = punctIn(s, 2, '?') ? 3 : 2;
      if (!punctIn(s, k, '=') || punctIn(s, k + 1, '=')) return undefined;
      const v = s.peek(k + 1);
      if (v.str !== undefined) return !punctIn(s, k + 2, '+.[?:(') ? siteOf(v, t.v) : undefined;
      // Or an SDK's constant read out (`MODEL_NAME = GPT_5_MINI.asString();`).
      const c = constants !== undefined ? constantAt(s, k + 1, constants) : undefined;
      return c !== undefined && punctIn(s, c.after, ';') ? siteOf(c.tok, t.v) : undefined;
    }
    return undefined;
  }
  // Spring's `@Value("${app.ai.model:gpt-4o}")`: the default of a property named for a model, under
  // the property's last segment.
  if (t.str !== undefined && call === 'Value' && prev.t === 'punct' && prev.v === '(' && punctIn(s, 0, ')')) {
    const m = VALUE_DEFAULT.exec(t.str);
    const key = m?.[1]?.slice(m[1].lastIndexOf('.') + 1);
    return m !== null && key !== undefined && isModelSetting(key) ? siteOf({ ...t, str: m[2] }, key) : undefined;
  }
  if (t.str !== 'model') return undefined;
  // Map.of("model", "…"), put("model", "…")
  const value = s.peek(1);
  if (afterComma && call !== undefined && MAP_CALLS.has(call) && punctIn(s, 0, ',') && value.str !== undefined && punctIn(s, 2, ',)')) return siteOf(value, 'model');
  // Kotlin: "model" to "…"
  const to = s.peek(0);
  if (to.t === 'ident' && to.v === 'to' && value.str !== undefined && punctIn(s, 2, ',)')) return siteOf(value, 'model');
  return undefined;
}
