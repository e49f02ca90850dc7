/**
 * PHP front-end: a small lexer that reads only what is PHP code (between `<?php` / `<?=` / `<?`
 * and `?>`; the inline text around it is output, not code), skips `//`, `#` and `/* … *\/`
 * comments (`#[…]` is an attribute, code), strings (single, double and backquoted, with `{$…}`
 * interpolation), heredocs and nowdocs (`<<<ID`, `<<<"ID"`, `<<<'ID'`, with PHP 7.3's indented
 * terminator), and reports:
 * - the namespace imports: `use A\B;`, `use A\B as C;`, `use A\B, C\D;`, `use function A\f;`,
 *   `use const A\C;` and group use `use A\{B, C as D, function f};`, only at the top level or in a
 *   braced `namespace X { … }` block (a trait `use` in a class body and a closure's `use ($x)` are
 *   no imports);
 * - fully-qualified names in code (`\OpenAI::client(…)`, `new \Gemini\Client(…)`), which name a
 *   class of that namespace with no `use`, and in the global namespace (before any `namespace`
 *   statement: a script, a Laravel routes file) the same names written without the leading `\`
 *   (`OpenAI::client(…)`), unless a `use` aliases the name or the file declares a class of that
 *   name; in a namespace an unqualified `OpenAI::client()` is a class of that namespace;
 * - the model names and base URLs given to SDKs as literals: `'model' => 'gpt-4o'` in an array,
 *   `model: 'gpt-4o'` as a named argument, `->withBaseUri('…')` (openai-php's factory), and
 *   `$config->model = 'gpt-4o';` and `$config->url = '…';` (LLPhant's OpenAIConfig and
 *   OllamaConfig: public `$model` and `$url` properties), keyed PHP_PROPERTY_MODEL_KEY and
 *   PHP_PROPERTY_BASE_URL_KEY: the inventory counts the model only in a file that imports an AI
 *   package (`$user->model = '…'` is any class's property), and a base URL re-points only the AI
 *   clients the file imports;
 * - wherever a model literal is read (those keys and the catalog's model calls: phpSites), a model
 *   constant of a class rules/sdk.yaml `modelConstants` lists, as the model id it stands for, at
 *   the class name: LLPhant's `AnthropicConfig::CLAUDE_3_5_SONNET`,
 *   `OpenAIChatModel::Gpt4Omni->value`, the case as it is or `->getModelName()` (its early pure
 *   enums). The class counts only as PHP resolves it: fully qualified (`\LLPhant\AnthropicConfig`),
 *   through the `use` imports in force (an alias, an imported namespace prefix; a `function` or
 *   `const` import is no class; a `namespace` statement starts them afresh) or in the file's own
 *   namespace: an application's class of the same short name is not LLPhant's.
 * Single pass, linear in the text, never throws. Lines are counted at CR, LF and CRLF.
 */
import { crLfPlacer } from './place.js';
import { blank } from './ruby.js';
import { lastSegment, modelCallArg, plainLiteral, skipInterpolatedCode, type TokLiteral } from './token-sites.js';
import { MODEL_CALL_KEY, PHP_PROPERTY_BASE_URL_KEY, PHP_PROPERTY_MODEL_KEY, type ImportSite, type ModelCalls, type ModelConstants, type StringSite } from './types.js';
import { isModelSetting } from './config-text.js';

/** Array keys and named arguments whose literal value is a model name or a base URL. */
const PHP_KEYS: ReadonlySet<string> = new Set(['model', 'base_uri', 'base_url', 'baseUri', 'baseUrl']);
/** The keys of the sites phpSites reads as an SDK's argument or option, not a name of the project's own. */
export const PHP_SDK_KEYS: ReadonlySet<string> = new Set([...PHP_KEYS, MODEL_CALL_KEY]);
/**
 * Properties whose literal assigned in a statement of its own is a model name or a base URL, with
 * their keys: LLPhant's OpenAIConfig and OllamaConfig (`public string $model`, `public ?string $url`)
 * and DeepseekConfig (`public string $model`, `public ?string $baseUrl`).
 */
const PHP_PROPERTY_KEYS: Readonly<Record<string, string>> = { model: PHP_PROPERTY_MODEL_KEY, url: PHP_PROPERTY_BASE_URL_KEY, baseUrl: PHP_PROPERTY_BASE_URL_KEY };
/**
 * Methods whose single literal argument is keyed: a base URL (openai-php's
 * `OpenAI::factory()->withBaseUri('…')`, keyed by the method) or a model name (cloudstudio/ollama-laravel's
 * `Ollama::agent(…)->model('llama3.1')->ask()`, keyed `model`; the inventory keeps only values the catalog knows as models).
 */
const PHP_LITERAL_CALLS: ReadonlyMap<string, string> = new Map([['withBaseUri', 'withBaseUri'], ['model', 'model']]);

interface Tok {
  /** name: a (qualified) name, `\A\B` included; str: a string (v undefined when interpolated); var: `$x`; end: `;` or `?>`; p: punctuation. */
  t: 'name' | 'str' | 'var' | 'end' | 'p';
  at: number;
  v?: string;
}

export interface PhpSites {
  imports: ImportSite[];
  /** Keyed literals (model names, base URLs), at their opening quote. */
  strings: StringSite[];
  /** The text with comments blanked (line breaks kept), for the URL scan. */
  masked: string;
}

const isIdStart = (c: string): boolean => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_' || c > '\x7f';
const isIdPart = (c: string): boolean => isIdStart(c) || (c >= '0' && c <= '9');

class PhpLexer {
  i = 0;
  readonly toks: Tok[] = [];
  readonly comments: number[] = [];

  constructor(private readonly s: string) {}

  private push(t: Tok['t'], at: number, v?: string): void {
    this.toks.push(v === undefined ? { t, at } : { t, at, v });
  }

  /** Skips inline text up to the next open tag (just after it). */
  private toOpenTag(): void {
    const s = this.s;
    for (;;) {
      const j = s.indexOf('<?', this.i);
      if (j < 0) {
        this.i = s.length;
        return;
      }
      if (/^<\?php(?:\s|$)/i.test(s.slice(j, j + 6))) {
        this.i = j + 5;
        return;
      }
      if (s[j + 2] === '=') {
        this.i = j + 3;
        return;
      }
      // A short open tag `<?` (not `<?xml`).
      if (!/^<\?xml/i.test(s.slice(j, j + 5))) {
        this.i = j + 2;
        return;
      }
      this.i = j + 2;
    }
  }

  run(): void {
    const s = this.s;
    const n = s.length;
    this.toOpenTag();
    while (this.i < n) {
      const c = s[this.i] as string;
      if (c === ' ' || c === '\t' || c === '\r' || c === '\n' || c === '\f' || c === '\v') {
        this.i++;
        continue;
      }
      const at = this.i;
      if (c === '?' && s[this.i + 1] === '>') {
        this.push('end', at);
        this.i += 2;
        this.toOpenTag();
        continue;
      }
      if ((c === '#' && s[this.i + 1] !== '[') || (c === '/' && s[this.i + 1] === '/')) {
        // A line comment ends at the line end or at `?>`.
        let k = this.i;
        while (k < n && s[k] !== '\n' && s[k] !== '\r' && !(s[k] === '?' && s[k + 1] === '>')) k++;
        this.comments.push(this.i, k);
        this.i = k;
        continue;
      }
      if (c === '/' && s[this.i + 1] === '*') {
        const j = s.indexOf('*/', this.i + 2);
        const end = j < 0 ? n : j + 2;
        this.comments.push(this.i, end);
        this.i = end;
        continue;
      }
      if (c === '"' || c === "'" || c === '`') {
        this.i++;
        this.push('str', at, this.quoted(c, c !== "'", 0));
        continue;
      }
      if (c === '<' && s.startsWith('<<<', this.i)) {
        const m = /^<<<[ \t]*(["']?)([A-Za-z_\x80-\uffff][A-Za-z0-9_\x80-\uffff]*)\1\r?\n/.exec(s.slice(this.i, this.i + 300));
        if (m) {
          this.i += m[0].length;
          this.heredoc(m[2] as string);
          this.push('str', at, undefined);
          continue;
        }
      }
      if (c === '$' && isIdStart(s[this.i + 1] ?? '')) {
        let k = this.i + 1;
        while (k < n && isIdPart(s[k] as string)) k++;
        this.push('var', at, s.slice(this.i + 1, k));
        this.i = k;
        continue;
      }
      if (isIdStart(c) || (c === '\\' && isIdStart(s[this.i + 1] ?? ''))) {
        // A (qualified) name: segments joined by `\`; a trailing `\` before `{` is a group use's prefix.
        let k = this.i;
        for (;;) {
          if (s[k] === '\\') k++;
          if (!isIdStart(s[k] ?? '')) break;
          while (k < n && isIdPart(s[k] as string)) k++;
          if (s[k] !== '\\') break;
          if (!isIdStart(s[k + 1] ?? '')) {
            if (s[k + 1] === '{') k++;
            break;
          }
        }
        this.push('name', at, s.slice(this.i, k));
        this.i = k;
        continue;
      }
      if (c === ';') {
        this.push('end', at);
        this.i++;
        continue;
      }
      if ((c === '=' && s[this.i + 1] === '>') || (c === '-' && s[this.i + 1] === '>') || (c === ':' && s[this.i + 1] === ':')) {
        this.push('p', at, s.slice(this.i, this.i + 2));
        this.i += 2;
        continue;
      }
      if (c === '?' && s[this.i + 1] === '-' && s[this.i + 2] === '>') {
        this.push('p', at, '->');
        this.i += 3;
        continue;
      }
      this.push('p', at, c);
      this.i++;
    }
  }

  /** A quoted body (`this.i` just after the quote) to just after its closing quote; the value when it has no interpolation. */
  private quoted(q: string, interp: boolean, depth: number): string | undefined {
    const s = this.s;
    const n = s.length;
    let v = '';
    let plain = true;
    while (this.i < n) {
      const c = s[this.i] as string;
      if (c === '\\') {
        const e = s[this.i + 1] ?? '';
        if (q === "'") v += e === "'" || e === '\\' ? e : `\\${e}`;
        else v += ESCAPES[e] ?? `\\${e}`;
        this.i += 2;
        continue;
      }
      if (c === q) {
        this.i++;
        return plain ? v : undefined;
      }
      if (interp && c === '$' && isIdStart(s[this.i + 1] ?? '')) plain = false;
      if (interp && ((c === '{' && s[this.i + 1] === '$') || (c === '$' && s[this.i + 1] === '{'))) {
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

  /** Skips interpolated code to its closing `}` (strings inside it skipped too, up to 8 deep). */
  private skipCode(depth: number): void {
    this.i = skipInterpolatedCode(this.s, this.i, depth < 8 ? '"\'' : '', (q, at) => {
      this.i = at;
      this.quoted(q, q === '"', depth);
      return this.i;
    });
  }

  /** A heredoc or nowdoc body up to the line whose first non-blank text is the identifier (not followed by a name character). */
  private heredoc(id: string): void {
    const s = this.s;
    while (this.i < s.length) {
      const j = s.indexOf('\n', this.i);
      const end = j < 0 ? s.length : j;
      const line = s.slice(this.i, end).replace(/^[ \t]+/, '');
      if (line.startsWith(id) && !isIdPart(line[id.length] ?? '')) {
        this.i += s.slice(this.i, end).length - line.length + id.length;
        return;
      }
      this.i = j < 0 ? s.length : j + 1;
    }
  }
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', v: '\v', e: '\x1b', f: '\f', '\\': '\\', $: '$', '"': '"', '`': '`', '0': '\0' };

const isP = (t: Tok | undefined, v: string): boolean => t !== undefined && t.t === 'p' && t.v === v;
const isName = (t: Tok | undefined, v: string): boolean => t !== undefined && t.t === 'name' && t.v?.toLowerCase() === v;

/**
 * Imports and keyed literals of a PHP source. With `calls` (SdkCatalog.modelCalls('php')), the
 * literal given to a call that takes a model name too, keyed MODEL_CALL_KEY
 * (`$client->generativeModel('gemini-2.0-flash')`, Prism's `->using(Provider::OpenAI, 'gpt-4o')`).
 * With `constants` (SdkCatalog.modelConstants('php')), a catalogued class's model constant or enum
 * case counts wherever a literal does, as its model id at the class name
 * (`new AnthropicConfig(AnthropicConfig::CLAUDE_3_5_SONNET)`, `$config->model = OpenAIChatModel::Gpt4Omni->value;`).
 */
export function phpSites(text: string, calls?: ModelCalls, constants?: ModelConstants): PhpSites {
  const lx = new PhpLexer(text);
  try {
    lx.run();
  } catch {
    // The lexer does not throw on any input; this is a last guard for the invariant.
  }
  const toks = lx.toks;
  const raw: { specifier: string; kind: 'php-use' | 'php-name'; at: number }[] = [];
  const keyed: { value: string; key: string; at: number; provider?: string }[] = [];
  /** Open braces: whether each is a `namespace X { … }` body; how many of them are not. */
  const braces: boolean[] = [];
  let inner = 0;
  let stmtStart = true;
  let namespaceStmt = false;
  /** Whether a `namespace` statement was seen: before one, code is in the global namespace. */
  let namespaced = false;
  /** Classes, interfaces, traits and enums the file declares (lower-cased). */
  const declared = new Set<string>();
  /** Indexes in `raw` of the names written unqualified in the global namespace. */
  const globalNames: number[] = [];
  /** The class imports in force (lower-cased alias → fully-qualified name) and the namespace, for model constants. */
  const aliases = new Map<string, string>();
  let namespace = '';
  const literal = (j: number): TokLiteral | undefined => plainLiteral(toks, j) ?? (constants && modelConstant(toks, j, constants, aliases, namespace));
  const ends = (t: Tok | undefined): boolean => t === undefined || t.t === 'end' || (t.t === 'p' && (t.v === ',' || t.v === ')' || t.v === ']'));
  /** The index of the `)` closing the parameter list of the function (closure, arrow function) last declared, while in it. */
  let paramsEnd = -1;
  /** How far the last parameter-list search read: a `function` before that is not searched again (linear on unclosed lists). */
  let searched = -1;
  for (let k = 0; k < toks.length; k++) {
    const t = toks[k] as Tok;
    const atStart = stmtStart;
    stmtStart = false;
    if (k > searched && t.t === 'name' && FUNCTION_WORDS.has(t.v?.toLowerCase() ?? '') && !isP(toks[k - 1], '->') && !isP(toks[k - 1], '::')) {
      const r = paramListEnd(toks, k + 1);
      searched = r.stop;
      if (r.end >= 0) paramsEnd = r.end;
    }
    if (t.t === 'end') {
      stmtStart = true;
      namespaceStmt = false;
      continue;
    }
    if (t.t === 'p' && t.v === '{') {
      braces.push(namespaceStmt);
      if (!namespaceStmt) inner++;
      namespaceStmt = false;
      stmtStart = true;
      continue;
    }
    if (t.t === 'p' && t.v === '}') {
      if (braces.pop() === false) inner--;
      stmtStart = true;
      continue;
    }
    if (t.t === 'name' && atStart && t.v?.toLowerCase() === 'namespace' && !isP(toks[k + 1], '::')) {
      namespaceStmt = true;
      namespaced = true;
      // The namespace's own name is no reference; its imports start afresh.
      aliases.clear();
      namespace = toks[k + 1]?.t === 'name' ? (toks[++k]?.v as string).replace(/^\\/, '').toLowerCase() : '';
      continue;
    }
    if (t.t === 'name' && atStart && t.v?.toLowerCase() === 'use') {
      if (inner === 0) {
        k = useStatement(toks, k + 1, raw, aliases);
        stmtStart = true;
      } else {
        // A trait use in a class body (`use \Vendor\SomeTrait;`): no import, its names either.
        while (k + 1 < toks.length && toks[k + 1]?.t !== 'end' && !isP(toks[k + 1], '{')) k++;
      }
      continue;
    }
    if (t.t === 'name' && toks[k + 1]?.t === 'name' && DECLARES.has(t.v?.toLowerCase() ?? '') && !isP(toks[k - 1], '::') && !isP(toks[k - 1], '->')) declared.add((toks[k + 1]?.v as string).toLowerCase());
    // In the global namespace (no `namespace` statement yet) a class name needs no leading `\`:
    // `OpenAI::client(…)`, `new Gemini\Client(…)` name `\OpenAI` and `\Gemini\Client` there, unless
    // a `use` aliases the name or the file declares a class of that name (read at the end).
    if (!namespaced && t.t === 'name' && t.v !== undefined && !t.v.startsWith('\\') && (isP(toks[k + 1], '::') || isName(toks[k - 1], 'new')) && !isP(toks[k - 1], '->') && !isP(toks[k - 1], '::')) {
      const head = t.v.split('\\')[0]?.toLowerCase() ?? '';
      if (!aliases.has(head) && !RELATIVE_CLASS.has(t.v.toLowerCase())) {
        globalNames.push(raw.length);
        raw.push({ specifier: t.v, kind: 'php-name', at: t.at });
      }
    }
    if (t.t === 'name' && t.v?.startsWith('\\')) {
      const prev = toks[k - 1];
      // Not a method or property name (`$x->\Foo` is no PHP) nor a name after `namespace\`.
      if (!(prev?.t === 'p' && (prev.v === '->' || prev.v === '::'))) raw.push({ specifier: (t.v as string).slice(1), kind: 'php-name', at: t.at });
      // It may also be a model call's class (`new \LLPhant\AnthropicConfig('…')`): read on below.
      if (!calls?.any.has(lastSegment(t.v as string))) continue;
    }
    if (t.t === 'str' && t.v !== undefined && PHP_KEYS.has(t.v) && isP(toks[k + 1], '=>')) {
      // 'model' => 'gpt-4o'; a Laravel config's 'base_uri' => env('OPENAI_BASE_URI', 'api.groq.com/openai/v1'), its default
      const v = literal(k + 2) ?? envDefault(toks, k + 2);
      if (v && ends(toks[v.next])) keyed.push({ value: v.v, key: t.v, at: v.at });
      continue;
    }
    if (t.t === 'name' && PHP_KEYS.has(t.v ?? '') && isP(toks[k + 1], ':') && !isP(toks[k + 2], ':') && (isP(toks[k - 1], '(') || isP(toks[k - 1], ','))) {
      // model: 'gpt-4o' (a named argument)
      const v = literal(k + 2);
      if (v && ends(toks[v.next])) keyed.push({ value: v.v, key: t.v as string, at: v.at });
      continue;
    }
    const property = t.t === 'name' && t.v !== undefined && Object.hasOwn(PHP_PROPERTY_KEYS, t.v) ? PHP_PROPERTY_KEYS[t.v] : undefined;
    if (property !== undefined && isP(toks[k - 1], '->') && isP(toks[k + 1], '=') && atStatement(toks, k - 2)) {
      // $config->model = 'gpt-4o'; $config->url = '…'; (a whole statement: not `==`, `=>`, a chained or built value)
      const v = literal(k + 2);
      if (v && (toks[v.next] === undefined || toks[v.next]?.t === 'end')) keyed.push({ value: v.v, key: property, at: v.at });
      continue;
    }
    const literalKey = t.t === 'name' ? PHP_LITERAL_CALLS.get(t.v ?? '') : undefined;
    if (literalKey !== undefined && isP(toks[k - 1], '->') && isP(toks[k + 1], '(')) {
      const v = toks[k + 2];
      if (v?.t === 'str' && v.v !== undefined && isP(toks[k + 3], ')')) keyed.push({ value: v.v, key: literalKey, at: v.at });
      continue;
    }
    // A variable, property or constant named for a model given a literal alone, keyed by its own
    // name: `$model = 'gpt-4o';`, `private string $defaultModel = '…';`, `const MODEL = '…';`,
    // `define('OPENAI_MODEL', '…');`.
    const named = t.t === 'var' && !isP(toks[k - 1], '->') && !isP(toks[k - 1], '::') ? t.v : t.t === 'name' && toks[k - 1]?.t === 'name' && toks[k - 1]?.v?.toLowerCase() === 'const' ? t.v : undefined;
    if (named !== undefined && isModelSetting(named) && isP(toks[k + 1], '=') && declarationStart(toks, k - 1)) {
      const v = literal(k + 2);
      if (v && (ends(toks[v.next]) || isP(toks[v.next], ','))) keyed.push({ value: v.v, key: named, at: v.at });
      continue;
    }
    // A parameter named for a model with a literal default, a constructor's promoted property's
    // too: `function chat(string $prompt, string $model = 'gpt-4o-mini')`,
    // `public function __construct(private string $model = '…')`.
    if (k < paramsEnd && t.t === 'var' && t.v !== undefined && isModelSetting(t.v) && isP(toks[k + 1], '=') && parameterStart(toks, k - 1)) {
      const v = literal(k + 2);
      if (v && (isP(toks[v.next], ',') || isP(toks[v.next], ')'))) keyed.push({ value: v.v, key: t.v, at: v.at });
      continue;
    }
    if (t.t === 'name' && t.v?.toLowerCase() === 'define' && isP(toks[k + 1], '(') && toks[k + 2]?.t === 'str' && toks[k + 2]?.v !== undefined && isModelSetting(toks[k + 2]?.v as string) && isP(toks[k + 3], ',')) {
      const v = literal(k + 4);
      if (v && isP(toks[v.next], ')')) keyed.push({ value: v.v, key: toks[k + 2]?.v as string, at: v.at });
      continue;
    }
    if (calls && t.t === 'name' && calls.any.has(lastSegment(t.v ?? ''))) {
      // $client->generativeModel('gemini-2.0-flash'), ->using(Provider::OpenAI, 'gpt-4o')
      const lit = modelCallArg(toks, k, calls, 'name', undefined, literal);
      if (lit) keyed.push({ value: lit.v, key: MODEL_CALL_KEY, at: lit.at, ...(lit.provider !== undefined ? { provider: lit.provider } : {}) });
    }
  }
  const place = crLfPlacer(text);
  // A global-namespace name the file itself declares is its own class, not a package's.
  const own = new Set(globalNames.filter((i) => declared.has((raw[i]?.specifier as string).toLowerCase())));
  return {
    imports: raw.filter((_, i) => !own.has(i)).map(({ specifier, kind, at }) => ({ specifier, kind, ...place(at) })),
    strings: keyed.map(({ value, key, at, provider }) => ({ value, ...place(at), key, ...(provider !== undefined ? { provider } : {}) })),
    masked: blank(text, lx.comments),
  };
}

/**
 * The model a catalogued class's constant or enum case at `toks[j]` names (`AnthropicConfig::CLAUDE_3_HAIKU`;
 * `OpenAIChatModel::Gpt4Omni`, `->value` or `->getModelName()` after it), the class resolved as
 * PHP does: a fully-qualified name as written, else through the imports in force (`use … as X`,
 * an imported namespace prefix), else in the current namespace. A local class of the same short
 * name, a constant the catalog does not list, or a case's other members (`->name`) name none.
 */
/** Laravel's `env('NAME', 'default')` at `toks[j]`: the default, a plain string (what the setting is where NAME is unset). */
function envDefault(toks: Tok[], j: number): TokLiteral | undefined {
  const d = toks[j + 4];
  if (toks[j]?.t !== 'name' || toks[j]?.v?.toLowerCase() !== 'env' || !isP(toks[j + 1], '(') || toks[j + 2]?.t !== 'str' || !isP(toks[j + 3], ',') || d?.t !== 'str' || d.v === undefined || !isP(toks[j + 5], ')')) return undefined;
  return { v: d.v, at: d.at, next: j + 6 };
}

function modelConstant(toks: Tok[], j: number, constants: ModelConstants, aliases: ReadonlyMap<string, string>, namespace: string): TokLiteral | undefined {
  const c = toks[j];
  const member = toks[j + 2];
  if (c?.t !== 'name' || !isP(toks[j + 1], '::') || member?.t !== 'name' || isP(toks[j - 1], '->') || isP(toks[j - 1], '::')) return undefined;
  const cls = constants.get(resolveClass(c.v as string, aliases, namespace));
  const model = cls?.models.get(member.v as string);
  if (cls === undefined || model === undefined) return undefined;
  let next = j + 3;
  if (cls.form === 'enum' && isP(toks[next], '->')) {
    const m = toks[next + 1];
    if (m?.t === 'name' && m.v === 'value') next += 2;
    else if (m?.t === 'name' && m.v?.toLowerCase() === 'getmodelname' && isP(toks[next + 2], '(') && isP(toks[next + 3], ')')) next += 4;
    else return undefined;
  }
  return { v: model, at: c.at, next };
}

/** The keywords that start a function's parameter list. */
const FUNCTION_WORDS: ReadonlySet<string> = new Set(['function', 'fn']);
/** The keywords that declare a class-like name. */
const DECLARES: ReadonlySet<string> = new Set(['class', 'interface', 'trait', 'enum']);
/** Names that resolve to a class by where they are written, not to a class of that name. */
const RELATIVE_CLASS: ReadonlySet<string> = new Set(['self', 'static', 'parent']);

/** A class name as PHP resolves it (lower-cased, no leading `\`); `self`, `static` and `parent` resolve to nothing here. */
function resolveClass(name: string, aliases: ReadonlyMap<string, string>, namespace: string): string {
  const n = name.toLowerCase();
  if (n.startsWith('\\')) return n.slice(1);
  if (n === 'self' || n === 'static' || n === 'parent') return '';
  const cut = n.indexOf('\\');
  const head = aliases.get(cut < 0 ? n : n.slice(0, cut));
  if (head !== undefined) return cut < 0 ? head : head + n.slice(cut);
  return namespace ? `${namespace}\\${n}` : n;
}

/**
 * Whether the tokens before a variable or constant name, from `toks[k]` back, are only the
 * modifiers and type of a declaration that starts a statement (`private ?string`, `public const`):
 * not a parameter's (`function f(string $model = …)`) or an argument's.
 */
function declarationStart(toks: Tok[], k: number): boolean {
  let j = k;
  while (j >= 0 && k - j < 8 && (toks[j]?.t === 'name' || isP(toks[j], '?'))) j--;
  const t = toks[j];
  return t === undefined || t.t === 'end' || isP(t, '{') || isP(t, '}');
}

/**
 * The index of the `)` that closes a parameter list starting at `toks[j]` (after `function` or
 * `fn`: an optional `&` and name, then `(`), else -1; and the index where the search stopped. A
 * `;` or brace ends the search (a default is a constant expression: no body inside a list), and
 * the caller does not search again before `stop`, so the searches read each token once.
 */
function paramListEnd(toks: Tok[], j: number): { end: number; stop: number } {
  if (isP(toks[j], '&')) j++;
  if (toks[j]?.t === 'name') j++;
  if (!isP(toks[j], '(')) return { end: -1, stop: j };
  let depth = 0;
  for (let i = j; i < toks.length; i++) {
    const t = toks[i] as Tok;
    if (t.t === 'end' || isP(t, '{') || isP(t, '}')) return { end: -1, stop: i };
    if (isP(t, '(')) depth++;
    else if (isP(t, ')') && --depth === 0) return { end: i, stop: i };
  }
  return { end: -1, stop: toks.length };
}

/** Whether the tokens before a parameter's variable, from `toks[k]` back, are only its modifiers and type, after the list's `(` or a `,`. */
function parameterStart(toks: Tok[], k: number): boolean {
  let j = k;
  while (j >= 0 && k - j < 8 && (toks[j]?.t === 'name' || isP(toks[j], '?') || isP(toks[j], '|') || isP(toks[j], '&'))) j--;
  return isP(toks[j], '(') || isP(toks[j], ',');
}

/**
 * Whether the object chain ending at token `k` (`$config`, `$this->config`, `$a->b->c`) starts a
 * statement: `$config->model = …` is an assignment statement, `f($x->model = 'y')` or
 * `$a = $b->model = 'c'` is not read. Walks back at most 16 links, so stays linear.
 */
function atStatement(toks: Tok[], k: number): boolean {
  for (let guard = 0; guard < 16; guard++) {
    const t = toks[k];
    if (t?.t !== 'var' && t?.t !== 'name') return false;
    if (isP(toks[k - 1], '->')) {
      k -= 2;
      continue;
    }
    if (t.t !== 'var') return false;
    const prev = toks[k - 1];
    // After `;`, `?>`, a brace, a control structure's `)` (`if ($x) $c->model = …;`) or `else`.
    return prev === undefined || prev.t === 'end' || isP(prev, '{') || isP(prev, '}') || isP(prev, ')') || (prev.t === 'name' && prev.v?.toLowerCase() === 'else');
  }
  return false;
}

/**
 * Reads a `use` statement from token `k` (after `use`) to its `;`, adding each imported name, and
 * each imported class to `aliases` under its alias or last segment (lower-cased: `use A\B as C` →
 * c → a\b; a `function` or `const` import is no class); returns the index of the `;` (or of the
 * last token read). A statement that is not an import shape (a closure's `use (`) adds nothing.
 */
function useStatement(toks: Tok[], start: number, raw: { specifier: string; kind: 'php-use' | 'php-name'; at: number }[], aliases: Map<string, string>): number {
  let k = start;
  const kindWord = (t: Tok | undefined): boolean => t?.t === 'name' && (t.v?.toLowerCase() === 'function' || t.v?.toLowerCase() === 'const');
  const isAs = (t: Tok | undefined): boolean => t?.t === 'name' && t.v?.toLowerCase() === 'as';
  /** The name at `toks[j]` imported as `spec`; a class unless `kinded`. */
  const imported = (spec: string, j: number, kinded: boolean): void => {
    raw.push({ specifier: spec, kind: 'php-use', at: (toks[j] as Tok).at });
    const alias = isAs(toks[j + 1]) && toks[j + 2]?.t === 'name' ? (toks[j + 2]?.v as string) : lastSegment(spec);
    if (!kinded) aliases.set(alias.toLowerCase(), spec.toLowerCase());
  };
  const statementKinded = kindWord(toks[k]) && toks[k + 1]?.t === 'name';
  if (statementKinded) k++;
  for (let guard = 0; guard < 10_000 && k < toks.length; guard++) {
    const t = toks[k];
    if (t?.t !== 'name') return k - 1;
    const name = (t.v as string).replace(/^\\/, '');
    if (name.endsWith('\\') && isP(toks[k + 1], '{')) {
      // Group use: prefix\{ [function|const] Name [as Alias], … }
      const prefix = name;
      k += 2;
      for (let expect = true, kinded = false; k < toks.length && !isP(toks[k], '}') && toks[k]?.t !== 'end'; k++) {
        // Each member: [function|const] Name [as Alias], then `,`.
        const m = toks[k] as Tok;
        if (isP(m, ',')) {
          expect = true;
          kinded = false;
        } else if (expect && m.t === 'name' && kindWord(m) && toks[k + 1]?.t === 'name') kinded = true;
        else if (expect && m.t === 'name') {
          imported(prefix + (m.v as string).replace(/^\\/, ''), k, statementKinded || kinded);
          expect = false;
        }
      }
      if (isP(toks[k], '}')) k++;
    } else {
      imported(name, k, statementKinded);
      k++;
      if (isAs(toks[k])) k += 2;
    }
    if (isP(toks[k], ',')) {
      k++;
      continue;
    }
    return toks[k]?.t === 'end' ? k : k - 1;
  }
  return k;
}

/** Every import (use and fully-qualified name) of a PHP source, with the 1-based position of its name. */
export function phpImports(text: string): ImportSite[] {
  return phpSites(text).imports;
}
