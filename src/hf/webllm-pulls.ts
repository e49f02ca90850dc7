/**
 * Hugging Face pulls of WebLLM (`@mlc-ai/web-llm`), which runs models in the browser and downloads
 * their weights from the Hub:
 * - an engine made for a model id (`CreateMLCEngine(id, …)`, `CreateServiceWorkerMLCEngine(id, …)`,
 *   `CreateWebWorkerMLCEngine(worker, id, …)`, `engine.reload(id)`; the id alone or a list of them):
 *   a prebuilt id (`Llama-3.2-1B-Instruct-q4f16_1-MLC`, or a variant of one such as `…-MLC-1k`) is
 *   the repository `mlc-ai/<id up to -MLC>`, as WebLLM's prebuilt app config lists them;
 * - an app config's model record (`{ model: "https://huggingface.co/org/name", model_id: "…" }`): that
 *   repository. An id the file's own records name is theirs, not a prebuilt one.
 * WebLLM fetches `<model>/resolve/main/…` unless the URL names its own `resolve/<rev>/`: a pull is
 * pinned only by a record URL at a commit. Ids are string literals (a one-string template too) or a
 * name the file defines once with one (`const MODEL = "…"`); anything else is dynamic text. Read with
 * the comments blanked; linear, never throws.
 */
import { maskComments } from '../lang/config-text.js';
import { lineOf, lineStarts } from '../util/lines.js';
import { hubRepoOfUrl, isHubId, type PullSite } from './types.js';

const MAX_TEXT = 80;
/** The engine factories and the argument their model id is. */
const FACTORIES: ReadonlyMap<string, number> = new Map([['CreateMLCEngine', 0], ['CreateServiceWorkerMLCEngine', 0], ['CreateWebWorkerMLCEngine', 1]]);
const CALL_RE = /(?:\b(CreateMLCEngine|CreateServiceWorkerMLCEngine|CreateWebWorkerMLCEngine)|\.(reload))[ \t]*\(/g;
/** A prebuilt model id: the repository name ends in `-MLC`; a variant adds a suffix (`-1k`, `-b32`). */
const PREBUILT_ID = /^([A-Za-z0-9][\w.-]*-MLC)(?:-[A-Za-z0-9]+)?$/;
/** A model record's weights: `model: "https://huggingface.co/org/name[/resolve/<rev>/]"` (`hf.co` too), the key quoted or not. */
const RECORD_MODEL_RE = /(?:^|[{,\s])(["']?)model\1[ \t]*:[ \t]*(["'`])(https:\/\/(?:huggingface\.co|hf\.co)\/[^"'`\s]*)\2/g;
/** A model record's id: `model_id: "…"`. */
const RECORD_ID_RE = /(?:^|[{,\s])(["']?)model_id\1[ \t]*:[ \t]*(["'`])([^"'`\r\n]*)\2/g;
/** Calls read per file (a real one has a few; a generated or hostile one is cut short here). */
const MAX_CALLS = 500;
const STRING_RE = /^(["'`])([^"'`\\\r\n$]*)\1/;
const NAME_RE = /^[A-Za-z_$][\w$]*/;

export function webLlmHfSites(text: string): PullSite[] {
  if (!text.includes('@mlc-ai/web-llm')) return [];
  const code = maskComments(text, 'slash');
  const starts = lineStarts(text, 'cr-lf');
  const at = (i: number) => {
    const row = lineOf(starts, i);
    return { line: row + 1, column: i - (starts[row] as number) + 1 };
  };
  const pulls: PullSite[] = [];

  // The app config's own model records: their weights, and their ids (which are no prebuilt ones).
  const ownIds = new Set<string>();
  for (const m of code.matchAll(RECORD_ID_RE)) ownIds.add(m[3] as string);
  for (const m of code.matchAll(RECORD_MODEL_RE)) {
    const url = m[3] as string;
    const repo = hubRepoOfUrl(url);
    if (repo === null || repo.repoType !== 'model' || !isHubId(repo.id)) continue;
    const site: PullSite = { via: 'WebLLM model record', repoType: 'model', id: repo.id, ...at((m.index as number) + m[0].indexOf(url) - 1) };
    if (repo.revision !== undefined) site.revision = repo.revision;
    pulls.push(site);
    if (pulls.length >= MAX_CALLS) break;
  }

  // Engines made for a model id: calls found outside strings, their arguments read from the code.
  let calls = 0;
  let names: ReadonlyMap<string, string | undefined> | undefined;
  for (const m of blankStrings(code).matchAll(CALL_RE)) {
    if (++calls > MAX_CALLS) break;
    const via = m[1] ?? 'MLCEngine.reload';
    const open = (m.index as number) + m[0].length;
    const arg = callArguments(code, open)?.[FACTORIES.get(via) ?? 0];
    if (arg === undefined) continue;
    const values = arg.text.startsWith('[') ? (callArguments(code, arg.start + 1) ?? []) : [arg];
    for (const v of values) {
      const value = valueOf(v.text, () => (names ??= constants(code)));
      const site: PullSite = { via, repoType: 'model', ...at(v.start) };
      if (value === undefined) {
        // `engine.reload()` of anything but WebLLM's engine has no id; only the factories' are surely model ids.
        if (via === 'MLCEngine.reload') continue;
        site.dynamic = v.text.replace(/\s+/g, ' ').slice(0, MAX_TEXT);
      } else {
        if (ownIds.has(value)) continue;
        const prebuilt = PREBUILT_ID.exec(value);
        if (prebuilt === null) {
          if (via === 'MLCEngine.reload') continue;
          site.dynamic = value.slice(0, MAX_TEXT);
        } else site.id = `mlc-ai/${prebuilt[1] as string}`;
      }
      pulls.push(site);
    }
  }
  return pulls.sort((a, b) => a.line - b.line || a.column - b.column);
}

/** The text with the insides of its string literals blanked (line breaks kept), so a call in a string is none. */
function blankStrings(code: string): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < code.length; i++) {
    const q = code[i] as string;
    if (q !== '"' && q !== "'" && q !== '`') continue;
    let j = i + 1;
    while (j < code.length && code[j] !== q && (q === '`' || (code[j] !== '\n' && code[j] !== '\r'))) j += code[j] === '\\' ? 2 : 1;
    out += code.slice(from, i + 1) + code.slice(i + 1, Math.min(j, code.length)).replace(/[^\r\n]/g, ' ');
    from = Math.min(j, code.length);
    i = j;
  }
  return out + code.slice(from);
}

/** Characters of a call (or list) read for its arguments: a longer one is not read. */
const MAX_CALL = 4000;

/**
 * The top-level arguments of the call (or items of the list) whose bracket ends at `open`, each
 * with where it starts and its text trimmed, read in one pass; undefined when it does not close
 * within MAX_CALL characters. Strings are skipped whole, so a comma or bracket in one counts not.
 */
function callArguments(code: string, open: number): { start: number; text: string }[] | undefined {
  const out: { start: number; text: string }[] = [];
  const push = (a: number, b: number) => {
    const raw = code.slice(a, b);
    const text = raw.trim();
    if (text !== '') out.push({ start: a + raw.length - raw.trimStart().length, text });
  };
  let depth = 0;
  let from = open;
  const end = Math.min(code.length, open + MAX_CALL);
  for (let i = open; i < end; i++) {
    const ch = code[i] as string;
    if (ch === '"' || ch === "'" || ch === '`') {
      const close = code.indexOf(ch, i + 1);
      if (close < 0 || close >= end) return undefined;
      i = close;
    } else if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if (ch === ')' || ch === ']' || ch === '}') {
      if (depth === 0) {
        push(from, i);
        return out;
      }
      depth--;
    } else if (ch === ',' && depth === 0) {
      push(from, i);
      from = i + 1;
    }
  }
  return undefined;
}

/** A string literal's value, or the value of a name the file defines once with one (`constants`). */
function valueOf(expr: string, consts: () => ReadonlyMap<string, string | undefined>): string | undefined {
  const s = STRING_RE.exec(expr);
  if (s !== null) return s[0].length === expr.length ? s[2] : undefined;
  const name = NAME_RE.exec(expr)?.[0];
  return name === undefined || name.length !== expr.length ? undefined : consts().get(name);
}

const DEFINITION_RE = /\b(?:const|let|var)[ \t]+([A-Za-z_$][\w$]*)[ \t]*(?::[^=\r\n]{1,60})?=[ \t]*([^;\r\n]*)/g;
const ASSIGNMENT_RE = /(?<![\w$.])([A-Za-z_$][\w$]*)[ \t]*(?::[^=\r\n]{1,60})?=(?![=>])/g;

/**
 * The names the file defines once with a string literal and never assigns again (`const MODEL =
 * "…"`; `let choice = "…"` then `choice = picker.value` is a variable): name → value, one pass each.
 */
function constants(code: string): ReadonlyMap<string, string | undefined> {
  const out = new Map<string, string | undefined>();
  for (const m of code.matchAll(DEFINITION_RE)) {
    const name = m[1] as string;
    const rhs = (m[2] as string).trim().replace(/[;,]$/, '');
    const v = STRING_RE.exec(rhs);
    out.set(name, out.has(name) || v === null || v[0].length !== rhs.length ? undefined : v[2]);
  }
  const assigned = new Map<string, number>();
  for (const m of code.matchAll(ASSIGNMENT_RE)) assigned.set(m[1] as string, (assigned.get(m[1] as string) ?? 0) + 1);
  for (const [name, v] of out) if (v !== undefined && assigned.get(name) !== 1) out.set(name, undefined);
  return out;
}
