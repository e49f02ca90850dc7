/**
 * Ruby front-end: a small lexer that knows what is code and what is not (`#` comments, `=begin` /
 * `=end` blocks, the data after `__END__`, strings with `#{…}` interpolation, `%q()` / `%w[]`
 * style literals, regular expressions, heredocs `<<~ID`, `<<-ID`, `<<ID`, `<<~'ID'`), the
 * `require "x"` / `require("x")` calls it finds in code (`require_relative` is a local file, not a
 * gem: no import), and the model names and base URLs given to SDKs as keyed literals
 * (`model: "gpt-4o"`, `"model" => "gpt-4o"`, `uri_base: "…"`, `config.uri_base = "…"`).
 *
 * Ruby's grammar cannot be lexed exactly without parsing (`/` and `%` are operators or literals by
 * context); the lexer takes the usual reading: a literal where an operand is expected. Single
 * pass, linear in the text, never throws. Lines are counted at CR, LF and CRLF (editor lines).
 */
import { crLfPlacer } from './place.js';
import { modelCallArg, skipInterpolatedCode } from './token-sites.js';
import { isModelSetting } from './config-text.js';
import { MODEL_CALL_KEY, type ImportSite, type ModelCalls, type StringSite } from './types.js';

/**
 * Keys whose literal value is a model name or where a client sends its calls. langchainrb's LLM
 * classes merge `default_options:` into their DEFAULTS, whose model keys are `chat_model`,
 * `completion_model` and `embedding_model` (`Langchain::LLM::Ollama.new(default_options: {
 * chat_model: "llama3.2", embedding_model: "nomic-embed-text" })`, lib/langchain/llm/ollama.rb),
 * and were `chat_completion_model_name`, `completion_model_name` and `embeddings_model_name`
 * in its earlier releases (lib/langchain/llm/openai.rb).
 */
const RUBY_KEYS: ReadonlySet<string> = new Set([
  'model', 'model_id', 'chat_model', 'completion_model', 'embedding_model', 'chat_completion_model_name', 'completion_model_name', 'embeddings_model_name',
  'uri_base', 'base_url', 'api_base',
]);
/**
 * Configuration attributes whose assigned literal is a model name or a base URL, read only as
 * `x.attr = "…"`: RubyLLM's Configuration (`RubyLLM.configure { |config| config.default_model =
 * "gpt-4.1-nano" }`, attr_accessor :default_model, :default_embedding_model, :default_image_model;
 * `config.ollama_api_base = "http://localhost:11434/v1"`, :openai_api_base, :openrouter_api_base,
 * :gpustack_api_base).
 */
const RUBY_CONFIG_KEYS: ReadonlySet<string> = new Set(['default_model', 'default_embedding_model', 'default_image_model', 'openai_api_base', 'ollama_api_base', 'openrouter_api_base', 'gpustack_api_base']);
/** Keywords after which a statement starts (`begin`, `do`, `then`, `else`, `ensure`). */
const BLOCK_WORDS: ReadonlySet<string> = new Set(['begin', 'then', 'do', 'else', 'ensure']);
/** The keys of the sites rubySites reads as an SDK's argument or setting, not a name of the project's own. */
export const RUBY_SDK_KEYS: ReadonlySet<string> = new Set([...RUBY_KEYS, ...RUBY_CONFIG_KEYS]);

interface Tok {
  /** id: identifier; label: `name:`; str: string literal (v undefined when interpolated); sym: `:name`; nl: line end or `;`; p: punctuation. */
  t: 'id' | 'label' | 'str' | 'sym' | 'nl' | 'p';
  at: number;
  v?: string;
}

export interface RubySites {
  imports: ImportSite[];
  /** Keyed literals (model names, base URLs), at their opening quote. */
  strings: StringSite[];
  /** The text with comments blanked (line breaks kept), for the URL scan. */
  masked: string;
}

const isIdStart = (c: string): boolean => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_' || c > '\x7f';
const isIdPart = (c: string): boolean => isIdStart(c) || (c >= '0' && c <= '9');
const CLOSE: Record<string, string> = { '(': ')', '[': ']', '{': '}', '<': '>' };

class RubyLexer {
  i = 0;
  readonly toks: Tok[] = [];
  /** Comment ranges [from, to) to blank. */
  readonly comments: number[] = [];
  private pending: { id: string; indent: boolean }[] = [];
  /** Names the file assigns (`name = …`): local variables, after which `/` and `%` are operators. */
  private readonly locals = new Set<string>();

  constructor(private readonly s: string) {
    if (s.charCodeAt(0) === 0xfeff) this.i = 1;
  }

  private push(t: Tok['t'], at: number, v?: string): void {
    this.toks.push(v === undefined ? { t, at } : { t, at, v });
  }

  /** Whether the last token ends an operand (so `/`, `%`, `<<`, `?` after it are operators). */
  private afterValue(): boolean {
    const p = this.toks[this.toks.length - 1];
    if (p === undefined) return false;
    if (p.t === 'str' || p.t === 'sym') return true;
    if (p.t === 'id') return !KEYWORDS.has(p.v ?? '');
    if (p.t === 'p') return p.v === ')' || p.v === ']' || p.v === '}';
    return false;
  }

  /**
   * Ruby's reading of `s.split /,/` and `foo %w[a b]`: after a method name (a lower-case
   * identifier that is no keyword and no local variable the file assigned), a `/` or `%` with a
   * blank before it and none (nor `=`) after it starts a literal, as the first argument of a call
   * without parentheses (ruby warns "ambiguous first argument" and reads it so). `a / b`, `a/b`,
   * `a /= 2` and `y /2` after `y = …` stay operators.
   */
  private argLiteral(): boolean {
    const p = this.toks[this.toks.length - 1];
    const v = p?.t === 'id' ? p.v : undefined;
    if (v === undefined || !((v[0] as string) >= 'a' && (v[0] as string) <= 'z') && v[0] !== '_') return false;
    const before = this.s[this.i - 1];
    const after = this.s[this.i + 1];
    if ((before !== ' ' && before !== '\t') || after === undefined || after === ' ' || after === '\t' || after === '\n' || after === '\r' || after === '=') return false;
    return !this.locals.has(v);
  }

  /** At a `=`: the identifier before it, not an attribute (`x.y =`) nor a comparison (`==`, `=~`), is a local variable. */
  private noteAssignment(): void {
    const n = this.toks.length;
    const p = this.toks[n - 1];
    const c = this.s[this.i + 1];
    if (p?.t !== 'id' || p.v === undefined || c === '=' || c === '~' || this.locals.size >= 10_000) return;
    const pp = this.toks[n - 2];
    if (pp?.t === 'p' && (pp.v === '.' || pp.v === '::' || pp.v === '=')) return;
    const v0 = p.v[0] as string;
    if ((v0 >= 'a' && v0 <= 'z') || v0 === '_') this.locals.add(p.v);
  }

  /** Whether offset `k` starts a line (only blanks before it are not enough: `=begin` must be in column 1). */
  private atLineStart(k: number): boolean {
    return k === 0 || this.s[k - 1] === '\n' || (k === 1 && this.s.charCodeAt(0) === 0xfeff);
  }

  run(): void {
    const s = this.s;
    const n = s.length;
    while (this.i < n) {
      const c = s[this.i] as string;
      if (c === '\n') {
        this.push('nl', this.i);
        this.i++;
        if (this.pending.length) this.heredocBodies();
        if (s.startsWith('=begin', this.i) && /^=begin(\s|$)/.test(s.slice(this.i, this.i + 7))) this.docBlock();
        else if (s.startsWith('__END__', this.i) && /^__END__\r?(\n|$)/.test(s.slice(this.i, this.i + 9))) {
          this.comments.push(this.i, n);
          this.i = n;
        }
        continue;
      }
      if (this.i === 0 || (this.i === 1 && s.charCodeAt(0) === 0xfeff)) {
        if (s.startsWith('=begin', this.i) && /^=begin(\s|$)/.test(s.slice(this.i, this.i + 7))) {
          this.docBlock();
          continue;
        }
      }
      if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v') {
        this.i++;
        continue;
      }
      if (c === '\\' && (s[this.i + 1] === '\n' || s[this.i + 1] === '\r')) {
        // A line continued: no line end for the statement.
        this.i += s[this.i + 1] === '\r' && s[this.i + 2] === '\n' ? 3 : 2;
        continue;
      }
      if (c === '#') {
        const j = s.indexOf('\n', this.i);
        const end = j < 0 ? n : j;
        this.comments.push(this.i, end);
        this.i = end;
        continue;
      }
      const at = this.i;
      if (c === ';') {
        this.push('nl', at);
        this.i++;
        continue;
      }
      if (c === '"' || c === "'" || c === '`') {
        this.i++;
        const v = this.quoted(c, c, c !== "'", 0);
        if (s[this.i] === ':' && s[this.i + 1] !== ':' && c !== '`') {
          this.i++;
          this.push('label', at, v);
        } else this.push('str', at, v);
        continue;
      }
      if (c === ':' && s[this.i + 1] === ':') {
        this.push('p', at, '::');
        this.i += 2;
        continue;
      }
      if (c === ':' && (s[this.i + 1] === '"' || s[this.i + 1] === "'")) {
        const q = s[this.i + 1] as string;
        this.i += 2;
        const v = this.quoted(q, q, q === '"', 0);
        this.push('sym', at, v);
        continue;
      }
      if (c === ':' && isIdStart(s[this.i + 1] ?? '')) {
        let k = this.i + 1;
        while (k < n && isIdPart(s[k] as string)) k++;
        if (s[k] === '?' || s[k] === '!' || s[k] === '=') k++;
        this.push('sym', at, s.slice(this.i + 1, k));
        this.i = k;
        continue;
      }
      if (isIdStart(c) || c === '@' || c === '$') {
        let k = this.i + 1;
        while (k < n && (isIdPart(s[k] as string) || (c !== '$' && s[k] === '@' && k === this.i + 1))) k++;
        if ((s[k] === '?' || s[k] === '!') && s[k + 1] !== '=') k++;
        const v = s.slice(this.i, k);
        this.i = k;
        if (s[k] === ':' && s[k + 1] !== ':' && isIdStart(c) && !this.afterTernary()) {
          this.i++;
          this.push('label', at, v);
        } else this.push('id', at, v);
        continue;
      }
      if (c >= '0' && c <= '9') {
        let k = this.i + 1;
        while (k < n && (isIdPart(s[k] as string) || (s[k] === '.' && /[0-9]/.test(s[k + 1] ?? '')))) k++;
        this.push('id', at, s.slice(this.i, k));
        this.i = k;
        continue;
      }
      if (c === '%' && (!this.afterValue() || this.argLiteral())) {
        const m = /^%([qQwWiIrsx]?)([^\w\s])/.exec(s.slice(this.i, this.i + 3));
        if (m) {
          const open = m[2] as string;
          this.i += m[0].length;
          const v = this.quoted(open, CLOSE[open] ?? open, m[1] !== 'q' && m[1] !== 'w' && m[1] !== 'i' && m[1] !== 's', 0, true);
          this.push('str', at, m[1] === '' || m[1] === 'q' || m[1] === 'Q' ? v : undefined);
          continue;
        }
      }
      if (c === '/' && (!this.afterValue() || this.argLiteral())) {
        this.i++;
        this.quoted('/', '/', true, 0);
        this.push('str', at, undefined);
        continue;
      }
      if (c === '?' && !this.afterValue() && this.i + 1 < n && !/\s/.test(s[this.i + 1] as string) && !isIdPart(s[this.i + 2] ?? '')) {
        // A character literal (`?a`, `?'`).
        this.i += s[this.i + 1] === '\\' ? 3 : 2;
        this.push('str', at, undefined);
        continue;
      }
      if (c === '<' && s[this.i + 1] === '<') {
        const m = /^<<([~-]?)(["'`]?)([A-Za-z_][A-Za-z0-9_]*)\2/.exec(s.slice(this.i, this.i + 260));
        const spaced = this.i > 0 && /\s/.test(s[this.i - 1] as string);
        if (m && (m[1] !== '' || m[2] !== '' || !this.afterValue() || (spaced && /^[A-Z_]/.test(m[3] as string)))) {
          this.pending.push({ id: m[3] as string, indent: m[1] !== '' });
          this.i += m[0].length;
          this.push('str', at, undefined);
          continue;
        }
      }
      if (c === '=' && s[this.i + 1] === '>') {
        this.push('p', at, '=>');
        this.i += 2;
        continue;
      }
      if (c === '=') this.noteAssignment();
      this.push('p', at, c);
      this.i++;
    }
  }

  /** `a ? b : c`: a name before `:` in a ternary is no label (the last `?` on the line decides). */
  private afterTernary(): boolean {
    for (let k = this.toks.length - 1; k >= 0 && k > this.toks.length - 30; k--) {
      const t = this.toks[k] as Tok;
      if (t.t === 'nl') return false;
      if (t.t === 'p' && t.v === '?') return true;
    }
    return false;
  }

  /**
   * Reads a quoted body (`this.i` just after the opening delimiter) to just after the closing one
   * (bracket delimiters nest); `#{…}` interpolation is skipped as code when `interp`. Returns the
   * value when it holds no interpolation, else undefined. Unterminated: to the end of the text.
   */
  private quoted(open: string, close: string, interp: boolean, depth: number, nests = false): string | undefined {
    const s = this.s;
    const n = s.length;
    let v = '';
    let plain = true;
    let level = 0;
    while (this.i < n) {
      const c = s[this.i] as string;
      if (c === '\\') {
        const e = s[this.i + 1] ?? '';
        v += open === "'" || !interp ? (e === open || e === close || e === '\\' ? e : `\\${e}`) : (ESCAPES[e] ?? e);
        this.i += 2;
        continue;
      }
      if (nests && c === open && open !== close) {
        level++;
        v += c;
        this.i++;
        continue;
      }
      if (c === close) {
        if (level > 0) {
          level--;
          v += c;
          this.i++;
          continue;
        }
        this.i++;
        return plain ? v : undefined;
      }
      if (interp && c === '#' && s[this.i + 1] === '{') {
        plain = false;
        this.i += 2;
        this.skipCode(depth + 1);
        continue;
      }
      v += c;
      this.i++;
    }
    return plain ? v : undefined;
  }

  /** Skips interpolated code up to its closing `}` (strings inside it skipped too, up to 8 deep). */
  private skipCode(depth: number): void {
    this.i = skipInterpolatedCode(this.s, this.i, depth < 8 ? '"\'`' : '', (q, at) => {
      this.i = at;
      this.quoted(q, q, q !== "'", depth);
      return this.i;
    });
  }

  /** `=begin` … `=end` (each in column 1): a comment. */
  private docBlock(): void {
    const s = this.s;
    let k = this.i;
    for (;;) {
      const j = s.indexOf('\n=end', k);
      if (j < 0) {
        this.comments.push(this.i, s.length);
        this.i = s.length;
        return;
      }
      const after = s[j + 5];
      if (after === undefined || /\s/.test(after)) {
        const e = s.indexOf('\n', j + 1);
        const end = e < 0 ? s.length : e;
        this.comments.push(this.i, end);
        this.i = end;
        return;
      }
      k = j + 1;
    }
  }

  /** The bodies of the heredocs started on the line just ended, up to each terminator line. */
  private heredocBodies(): void {
    const s = this.s;
    for (const h of this.pending) {
      for (;;) {
        if (this.i >= s.length) break;
        const j = s.indexOf('\n', this.i);
        const end = j < 0 ? s.length : j;
        let line = s.slice(this.i, end);
        if (line.endsWith('\r')) line = line.slice(0, -1);
        this.i = j < 0 ? s.length : j + 1;
        if ((h.indent ? line.trim() : line) === h.id) break;
      }
    }
    this.pending = [];
    // The terminator's line end was consumed: the statement it was in has ended.
    this.push('nl', Math.max(0, this.i - 1));
  }
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0', s: ' ', e: '\x1b', a: '\x07', b: '\b', f: '\f', v: '\v' };

/** Words after which an operand is expected (`if /x/`, `return %w[a]`). */
const KEYWORDS: ReadonlySet<string> = new Set(['if', 'unless', 'while', 'until', 'and', 'or', 'not', 'return', 'when', 'in', 'then', 'else', 'elsif', 'do', 'puts', 'print', 'p', 'require', 'raise', 'yield', 'case']);

/** Tokens that may come right before a `require` call: a statement start, or a keyword before an expression. */
function statementStart(prev: Tok | undefined): boolean {
  if (prev === undefined || prev.t === 'nl') return true;
  // `?` / `:` of a conditional expression (`lazy ? require("x") : nil`) too.
  if (prev.t === 'p') return prev.v === '(' || prev.v === '{' || prev.v === '=' || prev.v === '|' || prev.v === '&' || prev.v === ',' || prev.v === '?' || prev.v === ':';
  if (prev.t === 'id') return ['begin', 'then', 'do', 'else', 'and', 'or', 'not', 'if', 'unless', 'ensure'].includes(prev.v ?? '');
  return false;
}

/**
 * Imports and keyed literals of a Ruby source. A keyed value may be a quoted symbol, as the
 * official OpenAI and Anthropic SDKs write it (`model: :"claude-sonnet-4-5"`). With `calls`
 * (SdkCatalog.modelCalls('ruby')), the literal given to a call that takes a model name too, keyed
 * MODEL_CALL_KEY (`chat.with_model("gpt-4o")`, `chat.with_model "gpt-4o"`).
 */
/**
 * The gems a Ruby source uses by a top-level constant the gem defines (`OpenAI::Client.new`,
 * `RubyLLM.chat`), by `constants` (constant → the gem's require name), where the file requires no
 * such feature itself and defines no such constant (`module OpenAI`, `class Anthropic`): in a Rails
 * app Bundler requires the Gemfile's gems, so the code names them without a `require`. Each
 * constant once, at its first use (kind `ruby-constant`; the inventory counts it only where a
 * Gemfile declares the gem). Read from rubySites' tokens.
 */
function constantImports(toks: readonly Tok[], constants: ReadonlyMap<string, string>, required: ReadonlySet<string>): { site: Omit<ImportSite, 'line' | 'column'>; at: number }[] {
  const first = new Map<string, number>();
  const defined = new Set<string>();
  for (let k = 0; k < toks.length; k++) {
    const t = toks[k] as Tok;
    if (t.t !== 'id' || t.v === undefined || !constants.has(t.v)) continue;
    const prev = toks[k - 1];
    if (prev?.t === 'id' && (prev.v === 'module' || prev.v === 'class')) {
      defined.add(t.v);
      continue;
    }
    // Top level (not `Foo::OpenAI`, not `x.OpenAI`), used as a namespace or a receiver.
    if (prev?.t === 'p' && (prev.v === '::' || prev.v === '.')) continue;
    const next = toks[k + 1];
    if (next?.t === 'p' && (next.v === '::' || next.v === '.') && !first.has(t.v)) first.set(t.v, t.at);
  }
  const out: { site: Omit<ImportSite, 'line' | 'column'>; at: number }[] = [];
  for (const [name, at] of first) {
    const feature = constants.get(name) as string;
    if (!defined.has(name) && !required.has(feature)) out.push({ site: { specifier: feature, kind: 'ruby-constant' }, at });
  }
  return out;
}

/** `constants`: the catalog gems' top-level constants, each to its require name (constantImports). */
export function rubySites(text: string, calls?: ModelCalls, constants?: ReadonlyMap<string, string>): RubySites {
  const lx = new RubyLexer(text);
  try {
    lx.run();
  } catch {
    // The lexer does not throw on any input; this is a last guard for the invariant.
  }
  const toks = lx.toks;
  const raw: { site: Omit<ImportSite, 'line' | 'column'>; at: number }[] = [];
  const keyed: { value: string; key: string; at: number }[] = [];
  const ends = (t: Tok | undefined): boolean => t === undefined || t.t === 'nl' || (t.t === 'p' && (t.v === ',' || t.v === ')' || t.v === '}' || t.v === ']')) || (t.t === 'id' && (t.v === 'if' || t.v === 'unless' || t.v === 'rescue' || t.v === 'and' || t.v === 'or'));
  for (let k = 0; k < toks.length; k++) {
    const t = toks[k] as Tok;
    if (t.t === 'id' && t.v === 'require' && statementStart(toks[k - 1])) {
      // require "x" / require("x") / require 'x' if …
      let j = k + 1;
      const paren = toks[j]?.t === 'p' && toks[j]?.v === '(';
      if (paren) j++;
      const lit = toks[j];
      if (lit?.t === 'str' && lit.v !== undefined && lit.v !== '') {
        const after = toks[j + 1];
        if (paren ? after?.t === 'p' && after.v === ')' : ends(after)) raw.push({ site: { specifier: lit.v, kind: 'ruby-require' }, at: lit.at });
      }
    } else if (t.t === 'id' && t.v === 'autoload' && (statementStart(toks[k - 1]) || (toks[k - 1]?.t === 'p' && toks[k - 1]?.v === '.'))) {
      // autoload :OpenAI, "openai" / autoload(:Client, 'openai/client') / Kernel.autoload(…):
      // the feature is required when the constant is first used.
      let j = k + 1;
      const paren = toks[j]?.t === 'p' && toks[j]?.v === '(';
      if (paren) j++;
      const lit = toks[j]?.t === 'sym' && toks[j + 1]?.t === 'p' && toks[j + 1]?.v === ',' ? toks[j + 2] : undefined;
      if (lit?.t === 'str' && lit.v !== undefined && lit.v !== '') {
        const after = toks[j + 3];
        if (paren ? after?.t === 'p' && after.v === ')' : ends(after)) raw.push({ site: { specifier: lit.v, kind: 'ruby-autoload' }, at: lit.at });
      }
    } else if (t.t === 'label' && RUBY_KEYS.has(t.v ?? '')) {
      // model: "gpt-4o", model: :"gpt-4o" (a hash or keyword argument)
      const v = toks[k + 1];
      if ((v?.t === 'str' || v?.t === 'sym') && v.v !== undefined && ends(toks[k + 2])) keyed.push({ value: v.v, key: t.v as string, at: v.at });
    } else if ((t.t === 'str' || t.t === 'sym') && t.v !== undefined && RUBY_KEYS.has(t.v) && toks[k + 1]?.t === 'p' && toks[k + 1]?.v === '=>') {
      // "model" => "gpt-4o", :model => :"gpt-4o"
      const v = toks[k + 2];
      if ((v?.t === 'str' || v?.t === 'sym') && v.v !== undefined && ends(toks[k + 3])) keyed.push({ value: v.v, key: t.v, at: v.at });
    } else if (t.t === 'id' && (RUBY_KEYS.has(t.v ?? '') || RUBY_CONFIG_KEYS.has(t.v ?? '')) && toks[k - 1]?.t === 'p' && toks[k - 1]?.v === '.' && toks[k + 1]?.t === 'p' && toks[k + 1]?.v === '=' && toks[k + 2]?.t === 'str') {
      // config.uri_base = "…", config.default_model = "…"
      const v = toks[k + 2] as Tok;
      if (v.v !== undefined && ends(toks[k + 3])) keyed.push({ value: v.v, key: t.v as string, at: v.at });
    } else if (t.t === 'id' && t.v !== undefined && (toks[k - 1] === undefined || toks[k - 1]?.t === 'nl' || (toks[k - 1]?.t === 'id' && BLOCK_WORDS.has(toks[k - 1]?.v ?? ''))) && toks[k + 1]?.t === 'p' && toks[k + 1]?.v === '=' && toks[k + 2]?.t === 'str' && isModelSetting(t.v.replace(/^[@$]+/, ''))) {
      // A constant or variable named for a model given a literal alone (`.freeze` too), keyed by its
      // own name: `DEFAULT_MODEL = "gpt-4o".freeze`, `@model = "…"`, `model = "…"`.
      const v = toks[k + 2] as Tok;
      const frozen = toks[k + 3]?.t === 'p' && toks[k + 3]?.v === '.' && toks[k + 4]?.t === 'id' && toks[k + 4]?.v === 'freeze';
      if (v.v !== undefined && ends(toks[frozen ? k + 5 : k + 3])) keyed.push({ value: v.v, key: t.v.replace(/^[@$]+/, ''), at: v.at });
    } else if (calls && t.t === 'id' && calls.any.has(t.v ?? '')) {
      // chat.with_model("gpt-4o"), chat.with_model "gpt-4o"
      const lit = modelCallArg(toks, k, calls, 'id', ends);
      if (lit?.v !== undefined) keyed.push({ value: lit.v, key: MODEL_CALL_KEY, at: lit.at });
    }
  }
  if (constants !== undefined && constants.size > 0) raw.push(...constantImports(toks, constants, new Set(raw.map((r) => r.site.specifier))));
  const place = crLfPlacer(text);
  return {
    imports: raw.map(({ site, at }) => ({ ...site, ...place(at) })),
    strings: keyed.map(({ value, key, at }) => ({ value, ...place(at), key })),
    masked: blank(text, lx.comments),
  };
}

/** Every `require` of a Ruby source, with the 1-based position of its string literal. */
export function rubyImports(text: string): ImportSite[] {
  return rubySites(text).imports;
}

/** The text with the ranges [from, to) blanked (line breaks kept). */
export function blank(text: string, ranges: readonly number[]): string {
  if (!ranges.length) return text;
  let out = '';
  let at = 0;
  for (let r = 0; r < ranges.length; r += 2) {
    const from = Math.max(at, ranges[r] as number);
    const to = Math.max(from, ranges[r + 1] as number);
    out += text.slice(at, from) + text.slice(from, to).replace(/[^\r\n]/g, ' ');
    at = to;
  }
  return out + text.slice(at);
}
