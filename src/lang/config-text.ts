/**
 * AI services and environment variables in any text file: source, YAML, JSON, TOML, `.env`,
 * Dockerfile, shell, Markdown. Both scanners are lexical (no parser, no file-type switch), single
 * pass over the text and never throw. Values are never returned: a value assigned to an env var may
 * be a key, so callers learn only whether one is there.
 */
import type { StringSite } from './types.js';
import { lineOf, lineStarts } from '../util/lines.js';

/** 1-based line/column of an offset; lines end at CR, LF and CRLF unless `breaks` says 'lf'. */
function lineIndex(text: string, breaks: 'cr-lf' | 'lf'): (offset: number) => { line: number; column: number } {
  const starts = lineStarts(text, breaks);
  return (offset) => {
    const lo = lineOf(starts, offset);
    return { line: lo + 1, column: offset - starts[lo]! + 1 };
  };
}

const URL_START = /(?:https?|wss?):(?:\/\/|\\\/\\\/)/gi;
/**
 * `localhost:11434`, `127.0.0.1:1234`, `0.0.0.0:8000` written without a scheme (OLLAMA_HOST=…); not
 * before `@` (`localhost:11434@evil.example.com` is user info of another host) or a backslash.
 */
const BARE_LOCAL = /(?:localhost|127\.0\.0\.1|0\.0\.0\.0|host\.docker\.internal|\[::1\]):\d{2,5}(?![\w.:@\\])/gi;
const MAX_URL = 8192;
/** Characters after a backslash that make an escape ending the literal (a quote, `\n`, `\r`, `\t`). */
const ESCAPE_ENDS: ReadonlySet<string> = new Set(['"', "'", '`', 'n', 'r', 't']);

function isWordChar(c: string | undefined): boolean {
  return c !== undefined && /[A-Za-z0-9_]/.test(c);
}

/** Characters that end a URL wherever they appear. */
function endsUrl(c: string): boolean {
  const code = c.charCodeAt(0);
  return code <= 0x20 || code === 0x7f || c === '"' || c === "'" || c === '`' || c === '<' || c === '>' || c === '|' || c === '\u00a0' || c === '\u3000';
}

/** The object key, keyword or variable a literal at `start` is assigned to, on the same line. */
function keyBefore(text: string, start: number): string | undefined {
  let k = start - 1;
  const floor = Math.max(0, start - 200);
  if (k >= floor && (text[k] === '"' || text[k] === "'" || text[k] === '`')) k--;
  while (k >= floor && (text[k] === ' ' || text[k] === '\t')) k--;
  if (k >= floor && text[k] === '>' && text[k - 1] === '=') k -= 2; // Ruby/PHP `=>`
  else if (k >= floor && (text[k] === '=' || text[k] === ':')) {
    k--;
    if (k >= floor && text[k] === ':') k--; // Go `:=`
  } else return undefined;
  while (k >= floor && (text[k] === ' ' || text[k] === '\t')) k--;
  if (k >= floor && (text[k] === '"' || text[k] === "'")) k--;
  const end = k + 1;
  while (k >= floor && /[A-Za-z0-9_.-]/.test(text[k]!)) k--;
  const key = text.slice(k + 1, end);
  return key.length > 0 && /[A-Za-z_]/.test(key) ? key : undefined;
}

/**
 * Every http(s) and ws(s) URL in a text, with its 1-based position, trimmed of trailing
 * punctuation, quotes and unbalanced closing brackets (Markdown links, prose, JSON). JSON-escaped
 * slashes (`https:\/\/host`) are unescaped. Bare loopback `host:port` forms (`localhost:11434`,
 * `127.0.0.1:1234`) are reported as written, without a scheme. `key` is the object key, keyword
 * argument or variable the URL is assigned to on the same line, when there is one. Lines end at
 * CR, LF and CRLF; `breaks: 'lf'` for a front-end whose own sites count LF only (Go), so that
 * the two agree.
 */
export function urlSites(text: string, breaks: 'cr-lf' | 'lf' = 'cr-lf'): StringSite[] {
  const found: { at: number; value: string }[] = [];
  URL_START.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = URL_START.exec(text)) !== null) {
    const start = m.index;
    if (isWordChar(text[start - 1])) continue;
    let k = start + m[0].length;
    const hostStart = k;
    let paren = 0;
    let bracket = 0;
    let brace = 0;
    let inAuthority = true;
    let ambiguous = false;
    const limit = Math.min(text.length, start + MAX_URL);
    for (; k < limit; k++) {
      const c = text[k]!;
      if (endsUrl(c)) break;
      if (c === '\\') {
        if (text[k + 1] === '/') {
          k++;
          inAuthority = false;
          continue;
        }
        // An escaped quote or line break ends the literal the URL is in (`\"` in JSON inside a
        // string, `\n` in a Go or Java string); any other backslash in the host part makes a URL
        // whose host parsers read differently (ambiguousAuthority): it is not reported.
        ambiguous = inAuthority && !ESCAPE_ENDS.has(text[k + 1] ?? '');
        break;
      }
      if (c === '/' || c === '?' || c === '#') inAuthority = false;
      if (c === '(') paren++;
      else if (c === ')') {
        if (paren === 0) break;
        paren--;
      } else if (c === '[') bracket++;
      else if (c === ']') {
        if (bracket === 0) break;
        bracket--;
      } else if (c === '{') brace++;
      else if (c === '}') {
        if (brace === 0) break;
        brace--;
      }
    }
    let end = k;
    while (end > hostStart && '.,;:!?*\'"'.includes(text[end - 1]!)) end--;
    URL_START.lastIndex = Math.max(k, start + m[0].length);
    if (ambiguous) continue;
    const value = text.slice(start, end).replace(/\\\//g, '/');
    const host = value.slice(value.indexOf('//') + 2);
    if (host.length === 0 || host.startsWith('/')) continue;
    found.push({ at: start, value });
  }
  BARE_LOCAL.lastIndex = 0;
  while ((m = BARE_LOCAL.exec(text)) !== null) {
    const before = text[m.index - 1];
    if (before !== undefined && /[\w./:@\\-]/.test(before)) continue;
    found.push({ at: m.index, value: m[0] });
  }
  found.sort((a, b) => a.at - b.at);
  if (found.length === 0) return [];
  const pos = lineIndex(text, breaks);
  return found.map(({ at, value }) => {
    const site: StringSite = { value, ...pos(at) };
    const key = keyBefore(text, at);
    if (key !== undefined) site.key = key;
    return site;
  });
}

/**
 * A request body's model written inline in a config or text file: `-d '{"model": "gpt-4o", …}'` in
 * a curl command, a `.http` file's JSON body on one line, an escaped `\"model\": \"…\"` in a
 * double-quoted shell string, `model: "…"` in a flow mapping. Keyed `model`, `model_name`,
 * `model_id` or `modelId` as written; the value one plain word in quotes, at its opening quote.
 * The detector reads them only in a file that names an AI host, which the body is sent to.
 */
export function inlineModelSites(text: string): StringSite[] {
  const out: StringSite[] = [];
  let pos: ((at: number) => { line: number; column: number }) | undefined;
  INLINE_MODEL.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = INLINE_MODEL.exec(text)) !== null && out.length < 500) {
    // The value's opening quote: before the value, which the closing quote (escaped or not) ends.
    const at = m.index + m[0].length - 1 - m[3]!.length - m[5]!.length - 1;
    pos ??= lineIndex(text, 'cr-lf');
    out.push({ value: m[5]!, ...pos(at), key: m[2]! });
  }
  return out;
}
const INLINE_MODEL = /(?<![\w.-])(\\?["']?)(model|model_name|model_id|modelId)\1\s*:\s*(\\?)(["'])([A-Za-z0-9][A-Za-z0-9._:/@+-]{0,199})\3\4/g;

export interface EnvVarSite {
  name: string;
  line: number;
  column: number;
  /** A literal value is assigned here (not empty, not a `${…}`/`$X` reference, not null). */
  hasValue: boolean;
}

/** Whether the text after `=` or `:` is a literal value. The value itself is never kept. */
function isLiteral(rest: string): boolean {
  let v = rest.trim();
  if (v.startsWith('"') || v.startsWith("'")) {
    const q = v[0]!;
    const close = v.indexOf(q, 1);
    v = close < 0 ? v.slice(1) : v.slice(1, close);
  } else {
    const hash = v.search(/\s#/);
    if (hash >= 0) v = v.slice(0, hash);
    if (v.startsWith('#')) v = '';
    v = v.replace(/[,}\]]+\s*$/, '').trim();
  }
  if (v.length === 0) return false;
  if (v.startsWith('$') || v.includes('${')) return false;
  const low = v.toLowerCase();
  return low !== 'null' && low !== '~';
}

const REF_BEFORE = /(?:\$\{\{\s*(?:secrets|env|vars)\.|\$\{(?:env:)?|\$env:|\$|%|os\.environ\/)$/;
const NAME_KEY_BEFORE = /(?:^|[\s{,-])["']?name["']?\s*:\s*["']?$/;

/**
 * Where environment variables accepted by `names` are set or referenced:
 * `.env` (`NAME=value`, `export NAME=value`), shell (`export NAME=…`, `$NAME`, `${NAME}`),
 * docker-compose `environment:` (list `- NAME=value` / `- NAME`, map `NAME: value`), Kubernetes and
 * ECS `env` lists (`- name: NAME` with a sibling `value:` or `valueFrom:`), GitHub Actions `env:`
 * maps and `${{ secrets.NAME }}` / `${{ env.NAME }}`, Dockerfile `ENV NAME=value`, `ENV NAME value`
 * and `ARG NAME[=default]`, JSON maps (`"NAME": "value"`). Comment lines are skipped. One site per
 * name and line (the first), with `hasValue` true when any occurrence on the line assigns a literal.
 */
export function envVarSites(text: string, names: (n: string) => boolean): EnvVarSite[] {
  const out: EnvVarSite[] = [];
  const seen = new Map<string, EnvVarSite>();
  // Lines end at CR, LF and CRLF (the split is on LF alone when the text has no CR).
  const lines = text.includes('\r') ? text.split(/\r\n|\r|\n/) : text.split('\n');
  const add = (name: string, line: number, column: number, hasValue: boolean): void => {
    const id = `${line}\0${name}`;
    const prev = seen.get(id);
    if (prev !== undefined) {
      prev.hasValue ||= hasValue;
      return;
    }
    const site = { name, line, column, hasValue };
    seen.set(id, site);
    out.push(site);
  };
  const TOKEN = /[A-Za-z_][A-Za-z0-9_]*/g;
  for (let li = 0; li < lines.length; li++) {
    const line = lines[li]!;
    const lead = line.length - line.trimStart().length;
    const first = line.slice(lead, lead + 2);
    if (first.startsWith('#') || first === '//') continue;
    TOKEN.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = TOKEN.exec(line)) !== null) {
      const name = m[0];
      const at = m.index;
      if (at > 0 && /[0-9]/.test(line[at - 1]!)) continue;
      let ok = false;
      try {
        ok = names(name);
      } catch {
        ok = false;
      }
      if (!ok) continue;
      const before = line.slice(Math.max(0, at - 64), at);
      // Bounded views around the name keep a long line with many names linear.
      const after = line.slice(at + name.length, at + name.length + 1024);
      const atLineEnd = at + name.length + 1024 >= line.length;
      const column = at + 1;
      const lineNo = li + 1;
      if (REF_BEFORE.test(before)) {
        add(name, lineNo, column, false);
        continue;
      }
      if (before.endsWith('.')) continue; // process.env.X, os.environ.X: code, not config
      const assign = /^["']?\s*=(?![=>~])/.exec(after);
      if (assign) {
        add(name, lineNo, column, isLiteral(after.slice(assign[0].length).split(/\s+(?=[A-Za-z_][A-Za-z0-9_]*=)/)[0]!));
        continue;
      }
      const colon = /^["']?\s*:(?=\s|$)/.exec(after);
      if (colon) {
        const rest = after.slice(colon[0].length).trim();
        add(name, lineNo, column, rest === '|' || rest === '>' || rest.startsWith('|-') || rest.startsWith('>-') ? true : isLiteral(rest));
        continue;
      }
      if (NAME_KEY_BEFORE.test(before)) {
        add(name, lineNo, column, k8sValue(lines, li, line.lastIndexOf('name', at), after));
        continue;
      }
      if (at - lead > 16) continue;
      const lineBefore = line.slice(0, at);
      if (/^\s*ENV\s+$/i.test(lineBefore)) {
        add(name, lineNo, column, isLiteral(after));
        continue;
      }
      if (/^\s*(?:ARG|export|-)\s*["']?$/i.test(lineBefore) && atLineEnd && /^["']?\s*(?:#.*)?$/.test(after)) {
        add(name, lineNo, column, false);
        continue;
      }
    }
  }
  return out;
}

/**
 * For `- name: X`: whether a sibling `value:` (same line in flow style, or a following line at the
 * same indentation) holds a literal. `valueFrom:` and no value at all are false.
 */
function k8sValue(lines: string[], li: number, nameAt: number, after: string): boolean {
  let keyCol = nameAt;
  const flow = /["']?value(From)?["']?\s*:\s*(.*)$/.exec(after);
  if (flow) return flow[1] === undefined && isLiteral(flow[2]!);
  if (keyCol < 0) return false;
  const opening = lines[li]![keyCol - 1];
  if (opening === '"' || opening === "'") keyCol--;
  for (let j = li + 1; j < lines.length && j <= li + 30; j++) {
    const l = lines[j]!;
    const t = l.trimStart();
    if (t === '' || t.startsWith('#') || t.startsWith('//')) continue;
    const indent = l.length - t.length;
    if (indent < keyCol || (indent === keyCol && t.startsWith('-')) || t.startsWith('}')) return false;
    if (indent !== keyCol) continue;
    const v = /^["']?value(From)?["']?\s*:\s*(.*)$/.exec(t);
    if (v) return v[1] === undefined && isLiteral(v[2]!);
    if (/^["']?name["']?\s*:/.test(t)) return false;
  }
  return false;
}

/**
 * A setting whose name says it holds a model: `OPENAI_MODEL`, `MODEL_NAME`, `LLM_MODEL_ID`,
 * `embedding_model`, `summary-model` (kebab-case, Spring's), `ModelId`, `ChatModelId` (PascalCase, .NET's), or an LLM (`llm`, `DEFAULT_LLM`, `fastLlm`: CrewAI's `Agent(llm="gpt-4o")`);
 * it ends so (`model_provider`, `MODEL_DIR`, `model_kwargs`, `llm_config` do not).
 */
const MODEL_SETTING_SNAKE = /(?:^|[_-])(?:model(?:[_-]?(?:name|id))?|llm)$/i;
// camelCase, or PascalCase as .NET's appsettings.json names its keys (`ChatModelId`, `EmbeddingModel`).
const MODEL_SETTING_CAMEL = /^(?:[A-Za-z][A-Za-z0-9]*)?(?:Model(?:Name|Id)?|Llm|LLM)$|^model(?:Name|Id)$/;
/** Whether a name's last two characters may end one that says it holds a model (`…el`, `…me`, `…id`, `…lm`, any case): the token readers' test before slicing. */
export function modelSettingEnd(secondLast: number, last: number): boolean {
  const a = secondLast | 0x20;
  const b = last | 0x20;
  return (a === 0x65 && b === 0x6c) || (a === 0x6d && b === 0x65) || (a === 0x69 && b === 0x64) || (a === 0x6c && b === 0x6d);
}
/**
 * Keys of a model table's entries: an object or dict that is an element of a list literal
 * (`[{ id: 'gpt-4o', label: 'GPT-4o' }, …]`, a model picker's options, Vercel's ai-chatbot
 * `models` with `apiIdentifier`). Read there only, and kept only where the value is a model name.
 */
export const MODEL_TABLE_KEYS: ReadonlySet<string> = new Set(['id', 'name', 'value', 'apiIdentifier']);
/**
 * A setting that names an Azure OpenAI deployment (`AZURE_OPENAI_DEPLOYMENT_NAME`, `deployment_name`,
 * .NET's `ChatDeploymentName`, `deploymentName`): its value is the deployment's name, which is
 * usually the model's (`gpt-4o`); the detector keeps it only when the catalog knows it as one.
 */
export const isDeploymentSetting = (key: string): boolean => /(?:^|[_-])deployment(?:[_-]?name)?$/i.test(key) || /^(?:[A-Za-z][A-Za-z0-9]*)?Deployment(?:Name)?$|^deployment(?:Name)?$/.test(key);
/** A name that says it holds a model (a config setting, a constant or variable in code): `OPENAI_MODEL`, `model_name`, `defaultModel`, `llm`. */
export const isModelSetting = (key: string): boolean =>
  key.length >= 3 && modelSettingEnd(key.charCodeAt(key.length - 2), key.charCodeAt(key.length - 1)) && (MODEL_SETTING_SNAKE.test(key) || MODEL_SETTING_CAMEL.test(key));
/**
 * A constant, field or variable of Go, C#, Java or Kotlin code that says it holds a model: a model
 * setting's name (isModelSetting), or one in PascalCase, as those languages name their constants,
 * fields and properties (`DefaultModel`, `ChatModelId`, `FastLlm`), or a PascalCase name that
 * begins with `Model` (`ModelAnthropicClaudeV2`, `ModelGPT4o`: a Go file's table of model constants).
 * Either way only a value the catalog knows as a model name is kept.
 */
export const isCodeModelName = (name: string): boolean =>
  (name.length >= 3 && modelSettingEnd(name.charCodeAt(name.length - 2), name.charCodeAt(name.length - 1)) && (MODEL_SETTING_SNAKE.test(name) || MODEL_SETTING_CAMEL.test(name) || MODEL_NAME_PASCAL.test(name))) ||
  (name.length > 5 && name.charCodeAt(0) === 0x4d && MODEL_PREFIXED.test(name));
const MODEL_NAME_PASCAL = /^[A-Z][A-Za-z0-9]*(?:Model(?:Name|Id)?|Llm|LLM)$/;
const MODEL_PREFIXED = /^Model[A-Z0-9][A-Za-z0-9]*$/;
/**
 * A setting's value: one plain word (an `@` may lead it: Workers AI's `@cf/meta/llama-3.1-8b-instruct`), quoted or not, or the default of a shell or compose
 * expansion (`${OPENAI_MODEL:-gpt-4o}`, `${X-…}`, `${X:=…}`: the value where the variable is unset),
 * then an optional comma (JSON) and comment. Two groups: the expansion's default, the plain word.
 */
const SETTING_VALUE = `\\s*["']?(?:\\$\\{[A-Za-z_][A-Za-z0-9_]*:?[-=](@?[A-Za-z0-9][A-Za-z0-9._:/@+-]{0,199})\\}|(@?[A-Za-z0-9][A-Za-z0-9._:/@+-]{0,199}))["']?\\s*,?\\s*(?:#.*)?$`;
/** One setting on a line: `KEY=value`, `export KEY=value`, `- KEY=value`, `ENV KEY=value`, `KEY: value`, `"KEY": "value",`; or a Dockerfile's `ENV KEY value`. */
const SETTING_LINE = new RegExp(`^\\s*(?:export\\s+|-\\s+|ENV\\s+)?["']?([A-Za-z_][A-Za-z0-9_.-]*)["']?\\s*(?:=|:(?=\\s))${SETTING_VALUE}`);
const ENV_SETTING_LINE = new RegExp(`^\\s*ENV\\s+([A-Za-z_][A-Za-z0-9_]*)\\s+${SETTING_VALUE}`, 'i');
/** A Kubernetes or ECS env entry's name on its own line: `- name: OPENAI_MODEL`. */
const ENV_NAME_LINE = /^(\s*)-\s+["']?name["']?\s*:\s*["']?([A-Za-z_][A-Za-z0-9_]*)["']?\s*$/;
const ENV_VALUE_LINE = /^\s*["']?value["']?\s*:\s*["']?(@?[A-Za-z0-9][A-Za-z0-9._:/@+-]{0,199})["']?\s*$/;

/**
 * Settings whose name says they hold a model, with the value as written (`OPENAI_MODEL=gpt-4o-mini`
 * in a .env file, `CHAT_MODEL: gemini-1.5-pro` or `- name: OPENAI_MODEL` / `value: gpt-4o` in
 * compose and Kubernetes files, `"EMBEDDING_MODEL": "…"` in JSON, `ENV LLM_MODEL …` in a
 * Dockerfile): whether the value is a model name is for the catalog to say. Comment lines are
 * skipped; a value must be one plain word (no spaces; `${VAR}` alone is none, `${VAR:-word}` is its
 * default word). At most 500 a file.
 */
/** An env-style variable holding a comma-separated list of models: `ANTHROPIC_MODELS=a,b` (quoted or not, `export`, YAML's `KEY: a,b`). */
const MODELS_LIST_LINE = /^\s*(?:export\s+)?([A-Z][A-Z0-9_]*_MODELS)\s*[=:]\s*["']?([A-Za-z0-9][\w.:/@-]*(?:\s*,\s*[\w.:/@-]+)+)["']?\s*(?:#.*)?$/;

/** A line that opens a JSON object or YAML mapping under a key, on its own: `"Ollama": {`, `ollama:`. */
const SECTION_LINE = /^(\s*)["']?([A-Za-z_][A-Za-z0-9_.-]*)["']?\s*:\s*\{?\s*$/;

/**
 * The keys of the sections a line of a JSON or YAML file is in, nearest first (`["Ollama"]` for
 * `"ModelId": "llama3.2"` inside `"Ollama": {`): the lines above that open a section at less
 * indentation than the line's, up to 200 lines up.
 */
function sectionsOf(lines: readonly string[], li: number): string[] {
  const out: string[] = [];
  let indent = lines[li]!.length - lines[li]!.trimStart().length;
  for (let j = li - 1; j >= 0 && j >= li - 200 && indent > 0; j--) {
    const l = lines[j]!;
    const t = l.trimStart();
    if (t === '' || t.startsWith('#') || t.startsWith('//')) continue;
    const at = l.length - t.length;
    if (at >= indent) continue;
    indent = at;
    const m = SECTION_LINE.exec(l);
    if (m === null) break;
    out.push(m[2]!);
  }
  return out;
}

/** A model setting: `section`, the keys of the JSON or YAML sections it is in, nearest first (sectionsOf), when any. */
export interface ModelSettingSite {
  key: string;
  value: string;
  line: number;
  column: number;
  sections?: string[];
}

export function modelSettingSites(text: string): ModelSettingSite[] {
  const out: ModelSettingSite[] = [];
  const lines = text.includes('\r') ? text.split(/\r\n|\r|\n/) : text.split('\n');
  for (let li = 0; li < lines.length && out.length < 500; li++) {
    const line = lines[li]!;
    if (line.length > 1024 || !/model|llm|deployment/i.test(line)) continue;
    const t = line.trimStart();
    if (t.startsWith('#') || t.startsWith('//')) continue;
    const named = ENV_NAME_LINE.exec(line);
    if (named !== null) {
      if (!isModelSetting(named[2]!)) continue;
      // Its `value:` on one of the next lines, at the entry's indentation past the dash.
      for (let j = li + 1; j < lines.length && j <= li + 5; j++) {
        const v = ENV_VALUE_LINE.exec(lines[j]!);
        if (v !== null) {
          out.push({ key: named[2]!, value: v[1]!, line: j + 1, column: lines[j]!.indexOf(v[1]!) + 1 });
          break;
        }
        if (/^\s*-\s/.test(lines[j]!) || lines[j]!.length - lines[j]!.trimStart().length <= named[1]!.length) break;
      }
      continue;
    }
    // A list of models in one variable (LibreChat's `ANTHROPIC_MODELS=claude-sonnet-4-5,claude-3-5-haiku-latest`):
    // each item, at its place on the line.
    const list = MODELS_LIST_LINE.exec(line);
    if (list !== null) {
      let from = line.indexOf(list[2]!);
      for (const item of list[2]!.split(',')) {
        const v = item.trim();
        if (v !== '' && out.length < 500) out.push({ key: list[1]!, value: v, line: li + 1, column: line.indexOf(v, from) + 1 });
        from += item.length + 1;
      }
      continue;
    }
    const m = SETTING_LINE.exec(line) ?? ENV_SETTING_LINE.exec(line);
    const last = m !== null ? m[1]!.slice(m[1]!.lastIndexOf('.') + 1) : '';
    if (m !== null && (isModelSetting(last) || isDeploymentSetting(last))) {
      const value = (m[2] ?? m[3])!;
      const sections = line.startsWith(' ') || line.startsWith('\t') ? sectionsOf(lines, li) : [];
      out.push({ key: m[1]!, value, line: li + 1, column: line.lastIndexOf(value) + 1, ...(sections.length ? { sections } : {}) });
      continue;
    }
    if (!line.includes('--model')) continue;
    CLI_MODEL.lastIndex = 0;
    for (let c = CLI_MODEL.exec(line); c !== null && out.length < 500; c = CLI_MODEL.exec(line)) {
      out.push({ key: '--model', value: c[2]!, line: li + 1, column: c.index + c[0].length - c[1]!.length - c[2]!.length + 1 });
    }
  }
  return out;
}
/**
 * A command line's model option in a config, workflow or script: `claude --model claude-opus-4-1`,
 * `aider --model=gpt-4o`, a `claude_args: --model …` input, an exec list's `"--model", "gpt-4o"`.
 * Whether the value is a model name is for the catalog to say (a training script's `--model
 * resnet50` is none).
 */
const CLI_MODEL = /(?<![\w-])--model(?:=|["']?[ \t]*,[ \t]*|[ \t]+)(["']?)([A-Za-z0-9][A-Za-z0-9._:/@+-]{0,199})\1(?![A-Za-z0-9._:/@+-])/g;

/** How comments are written in a file: `#` (and `;` at a line start for INI), `//` and block comments, `<!-- -->`. */
export type CommentStyle = 'hash' | 'ini' | 'slash' | 'hash-slash' | 'xml' | 'none';

/** The comment style of a config or source file, by its sniffed language and name. */
export function commentStyleOf(lang: string, path: string): CommentStyle {
  const name = path.replace(/\\/g, '/').split('/').pop()?.toLowerCase() ?? '';
  const ext = name.includes('.') ? name.slice(name.lastIndexOf('.')) : '';
  if (lang === 'go' || lang === 'jvm' || lang === 'swift') return 'slash';
  if (lang === 'ruby') return 'hash';
  if (lang === 'php') return 'hash-slash';
  if (lang === 'dart') return 'slash';
  if (lang === 'json') return 'slash'; // JSONC (VS Code, tsconfig); plain JSON has no comments to find
  if (lang === 'yaml' || lang === 'toml' || lang === 'shell' || lang === 'dockerfile' || lang === 'env') return 'hash';
  if (['.ini', '.cfg', '.conf', '.properties', '.desktop'].includes(ext)) return 'ini';
  if (['.tf', '.hcl', '.tfvars'].includes(ext)) return 'hash-slash';
  if (['.xml', '.config', '.plist', '.xaml'].includes(ext)) return 'xml';
  if (name === 'makefile' || ['.mk', '.rb', '.pl', '.r', '.ps1', '.nix', '.cmake', '.bazel', '.bzl'].includes(ext) || name === 'gemfile') return 'hash';
  return 'none';
}

/**
 * The text with its comments blanked (each comment character becomes a space, line breaks kept),
 * so positions found in it are positions in the text: a commented-out endpoint
 * (`# base_url: https://api.mistral.ai/v1`) is not configuration. Quotes are followed on each line
 * so that a `#` or `//` inside a string stays; `#` starts a comment at a line start or after a
 * blank (a URL's `#fragment` does not); `//` right after a `:` is a URL's. Lines end at CR, LF and
 * CRLF, or with `breaks` 'lf' at LF only (Go: a CR is a blank there, so a `//` comment runs on past
 * it).
 */
export function maskComments(text: string, style: CommentStyle, breaks: 'cr-lf' | 'lf' = 'cr-lf'): string {
  if (style === 'none') return text;
  const n = text.length;
  const crs = breaks === 'cr-lf' && text.includes('\r');
  let nextLf = -1;
  let nextCr = -1;
  let quote = '';
  let lineStart = true;
  const ranges: number[] = [];
  const blank = (from: number, to: number) => {
    ranges.push(from, to);
  };
  for (let i = 0; i < n; i++) {
    const c = text[i] as string;
    // Lines end at CR, LF and CRLF (a CRLF's CR and LF each start the next line here: harmless),
    // or at LF only.
    if (c === '\n' || (c === '\r' && crs)) {
      // Only a Go raw string (backquotes) runs past the end of a line.
      if (quote !== '`') quote = '';
      lineStart = true;
      continue;
    }
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = '';
      continue;
    }
    const atStart = lineStart;
    if (c !== ' ' && c !== '\t') lineStart = false;
    if (style === 'xml') {
      if (text.startsWith('<!--', i)) {
        const end = text.indexOf('-->', i + 4);
        const stop = end < 0 ? n : end + 3;
        blank(i, stop);
        i = stop - 1;
      }
      continue;
    }
    if (c === '"' || c === "'" || (c === '`' && (style === 'slash' || style === 'hash-slash'))) {
      quote = c;
      continue;
    }
    const prev = i > 0 ? (text[i - 1] as string) : '\n';
    const hashComment = (style === 'hash' || style === 'ini' || style === 'hash-slash') && c === '#' && (atStart || prev === ' ' || prev === '\t');
    const iniComment = style === 'ini' && (c === ';' || c === '!') && atStart;
    const lineComment = (style === 'slash' || style === 'hash-slash') && c === '/' && text[i + 1] === '/' && prev !== ':' && prev !== '\\';
    if (hashComment || iniComment || lineComment) {
      // The next LF and the next CR, each looked up again only once passed (linear however many
      // comments, also in a text without LFs or without CRs).
      if (nextLf < i) {
        const lf = text.indexOf('\n', i);
        nextLf = lf < 0 ? n : lf;
      }
      let end = nextLf;
      if (crs) {
        if (nextCr < i) {
          const cr = text.indexOf('\r', i);
          nextCr = cr < 0 ? n : cr;
        }
        end = Math.min(end, nextCr);
      }
      blank(i, end);
      i = end - 1;
      continue;
    }
    if ((style === 'slash' || style === 'hash-slash') && c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end < 0 ? n : end + 2;
      blank(i, stop);
      i = stop - 1;
    }
  }
  if (!ranges.length) return text;
  let out = '';
  let at = 0;
  for (let r = 0; r < ranges.length; r += 2) {
    const from = ranges[r] as number;
    const to = ranges[r + 1] as number;
    out += text.slice(at, from) + text.slice(from, to).replace(/[^\r\n]/g, ' ');
    at = to;
  }
  return out + text.slice(at);
}

/** How much of a `.map` file isSourceMap looks at for the JSON start and `"version": 3`. */
const SOURCE_MAP_HEAD = 1024;

/**
 * A JavaScript or CSS source map (Source Map revision 3): a `.map` file whose text is a JSON
 * object (after an optional BOM and `)]}'` XSSI line) with `"version": 3` in its first
 * SOURCE_MAP_HEAD characters, as every bundler writes it first, and a `"mappings"` key (`"sections"`
 * for an index map) anywhere, since some bundlers put it after `sourcesContent`. A source map is
 * generated: its `sourcesContent` embeds the source of bundled packages, which is not this
 * project's configuration. A `.map` that is not such JSON (a Terraform or game map) is not one.
 */
export function isSourceMap(path: string, text: string): boolean {
  if (!/\.map$/i.test(path)) return false;
  const head = text.slice(0, SOURCE_MAP_HEAD);
  if (!/^\uFEFF?(?:\)\]\}'[^\n]*\n)?\s*\{/.test(head) || !/"version"\s*:\s*3(?![\d.])/.test(head)) return false;
  return text.includes('"mappings"') || text.includes('"sections"');
}

/**
 * Prose documentation by name: reStructuredText, AsciiDoc, HTML, and READMEs, change logs and notes
 * in any text format. Like Markdown, it names services without using them.
 */
export function isDocumentation(path: string): boolean {
  const name = path.replace(/\\/g, '/').split('/').pop()?.toLowerCase() ?? '';
  return /\.(rst|adoc|asciidoc|html?|tex|rtf)$/.test(name) || /^(readme|changelog|changes|history|contributing|notes|authors|license|copying|news)(\.(txt|text))?$/.test(name);
}
