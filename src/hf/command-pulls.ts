/**
 * Hugging Face pulls in command text: shell scripts, Dockerfiles, Makefiles, CI YAML (`run:`,
 * `script:`) and notebook shell escapes. The text is read as shell, never run: logical lines
 * (backslash continuations joined), a small tokenizer that knows quoting, comments, operators and
 * `$` expansions, and one handler per command that downloads from the Hub.
 *
 * Variables are expanded only when the same file assigned them a literal earlier (shell, `export`,
 * Dockerfile `ARG`/`ENV`, upper-case CI `env:` keys) or, for a Makefile recipe, anywhere in the
 * file (`?=`/`:=`/`=`/`+=`, at their last value: Make reads the whole file first), or a literal default
 * (`${X:-w}`, `${X-w}`, `${X:=w}`, `${X=w}`) names the value of a variable the file left unset;
 * anything else stays `dynamic`, so a scan never guesses a model the script did not name.
 *
 * A command is recognised only in command position (after `&&`, `;`, `|`, wrappers such as `sudo`
 * or `uv run`), so `echo "huggingface-cli download x"` is text, not a pull. A heredoc body is read
 * as commands when a shell runs it (`RUN <<EOF`, `bash <<EOF`, `ssh host <<EOF`) or it is written
 * to a script (`cat > run.sh <<EOF`); one fed to a command as data (`cat <<EOF` printing
 * instructions, `cat > config.yaml <<EOF`, `python - <<EOF`) is not (heredocData).
 */
import { parseLauncher } from '../lang/mcp-config.js';
import { EndLines } from '../util/lines.js';
import { hubUrl, isCommitSha, type HubUrl, isHubId, isLocalPath, isPickleWeights, ollamaHubRef, ollamaHubRepo, type HubRepoType, type PullSite } from './types.js';

/** Hosts that serve Hub repositories by their ids (the Hub itself and its widely used mirror). */
const MAX_DYNAMIC = 80;
/** Every pull needs one of these words somewhere in the file (literally or in a variable's value). */
const COMMAND_WORDS = /huggingface-cli|download|huggingface\.co|hf\.co|hf-mirror\.com|vllm|text-generation|text-embeddings|sglang|llama[-.]|lm[-_]eval|model[-_]name[-_]or[-_]path|base[-_]model/;
/** How deep `$(…)`, backticks and `sh -c "…"` are followed. */
const MAX_NESTING = 4;

// ---------------------------------------------------------------------------------------------
// Logical lines.

interface LogicalLine {
  text: string;
  /** First physical line, 1-based: where every site of this logical line is reported. */
  line: number;
  /** How many characters of `text` lie on the first physical line. */
  firstLen: number;
  /** The physical line starts with a tab: a Makefile recipe line, run by a fresh shell. */
  recipe: boolean;
  /** Where each continued physical line starts in `text`, with its 1-based line (offsets ascending). */
  parts?: { at: number; line: number }[];
}

function endsWithContinuation(s: string): number {
  let end = s.length;
  while (end > 0 && (s[end - 1] === ' ' || s[end - 1] === '\t')) end--;
  let k = end;
  while (k > 0 && s[k - 1] === '\\') k--;
  return (end - k) % 2 === 1 ? end - 1 : -1;
}

/**
 * Physical lines joined at trailing backslashes. Comment lines inside a continuation are dropped
 * (Docker's rule); a comment line never continues (shell's rule).
 *
 * Physical lines end at CR, LF and CRLF, as for every other position in a file (editors, GitHub,
 * the SARIF run's newlineSequences). What runs the text differs: YAML ends lines at all three and
 * hands the shell LF-only text; Docker ends lines at LF and trims the CR of a CRLF; bash and make
 * end lines at LF only and keep a CR as part of the last word (a CRLF script fails in bash, a
 * CR-only one is a single line with a broken shebang). Such a file is nearly always a Windows or
 * old Mac checkout of a script that runs where it is checked out with LF, so it is read for what
 * it names, on the lines its reader sees.
 */
function logicalLines(text: string): LogicalLine[] {
  const phys = text.split(/\r\n|\r|\n/);
  const out: LogicalLine[] = [];
  // Physical lines that are the body (and end line) of a heredoc fed to a command that reads it as data.
  let data: Uint8Array | undefined;
  const ends = new EndLines(phys);
  for (let i = 0; i < phys.length; i++) {
    if (data !== undefined && data[i] === 1) continue;
    const first = phys[i]!;
    if (/^\s*#/.test(first)) continue;
    if (first.includes('<<')) data = heredocData(phys, i, data, ends);
    const line = i + 1;
    let cut = endsWithContinuation(first);
    if (cut < 0) {
      out.push({ text: first, line, firstLen: first.length, recipe: first.startsWith('\t') });
      continue;
    }
    const parts = [first.slice(0, cut)];
    const firstLen = cut;
    const starts: { at: number; line: number }[] = [];
    let length = cut;
    while (cut >= 0 && i + 1 < phys.length) {
      const next = phys[i + 1]!;
      if (next.trim() === '') break;
      i++;
      if (/^\s*#/.test(next)) continue;
      cut = endsWithContinuation(next);
      const part = cut < 0 ? next : next.slice(0, cut);
      starts.push({ at: length, line: i + 1 });
      parts.push(part);
      length += part.length;
    }
    out.push({ text: parts.join(''), line, firstLen, recipe: first.startsWith('\t'), parts: starts });
  }
  return out;
}

/** Heredoc operators and their end words: `<<EOF`, `<<-EOF`, `<<'EOF'`, `<<"EOF"`, `<<\\EOF`; not `<<<` (a here-string) or a shift (`1<<2`). */
const HEREDOC = /(^|[^<])<<(-?)[ \t]*(?:'([^'\n]{1,64})'|"([^"\n]{1,64})"|\\?([A-Za-z_][\w.-]{0,63}))/g;
/** Programs that run the heredoc they are fed as a shell script. */
const SHELLS = /^(?:.*\/)?(?:sh|bash|zsh|dash|ksh|mksh|ash|busybox|ssh|su)$/;
/** A file a heredoc is written to that is a script that will run (`cat > setup.sh <<EOF`, `tee /usr/local/bin/start`). */
const SCRIPT_TARGET = /(?:>>?|\btee(?:[ \t]+-a)?)[ \t]*['"]?(?:[^\s'";&|]*\.(?:sh|bash|zsh|ksh)|[^\s'";&|]*\/bin\/[^\s'";&|]+)['"]?(?=[\s;&|]|$)/;
/** Words before the command that do not change what reads the heredoc. */
const PREFIX_WORDS = /^(?:sudo|exec|time|command|nohup|env|RUN|run)$/;

/**
 * Marks the body lines (and end lines) of the heredocs that start on physical line `at` when the
 * command fed each one reads it as data: `cat <<EOF` printing instructions, `cat > config.yaml
 * <<EOF`, `python - <<EOF`, `kubectl apply -f - <<EOF`, a Dockerfile `COPY <<EOF`. Those lines
 * are no commands. A body a shell runs stays to be read: Dockerfile `RUN <<EOF`, `bash <<EOF`,
 * `ssh host <<EOF`, `docker exec -i c sh <<EOF`, and a script written to a file that will run
 * (`cat > setup.sh <<EOF`). A heredoc whose end line never comes is left alone (the text is read
 * as lines), so a stray `<<` never hides the rest of a file.
 */
function heredocData(phys: string[], at: number, marks: Uint8Array | undefined, ends: EndLines): Uint8Array | undefined {
  // The operators may sit on continued lines: look at the line and the ones it continues onto.
  let text = phys[at]!;
  let last = at;
  while (endsWithContinuation(phys[last]!) >= 0 && last + 1 < phys.length) text += `\n${phys[++last]!}`;
  let out = marks;
  let next = last + 1;
  for (const m of text.matchAll(HEREDOC)) {
    const word = m[3] ?? m[4] ?? m[5]!;
    // `<<-` strips leading tabs from the end line; a trimmed line is read either way.
    const end = ends.next(word, next);
    if (end < 0) return out;
    if (!heredocRuns(text, m.index + m[1]!.length)) {
      out ??= new Uint8Array(phys.length);
      out.fill(1, next, end + 1);
    }
    next = end + 1;
  }
  return out;
}

/** Whether the command around the heredoc operator at `op` in `text` runs its body as shell. */
function heredocRuns(text: string, op: number): boolean {
  const seps = /&&|\|\||[;|(\n]|\$\(/g;
  let from = 0;
  for (const m of text.slice(0, op).matchAll(seps)) from = m.index + m[0].length;
  const rest = text.slice(op);
  const stop = /&&|\|\||[;|)\n]/.exec(rest);
  const segment = text.slice(from, op + (stop === null ? rest.length : stop.index));
  const words = text.slice(from, op).trim().split(/[ \t]+/).filter((w) => w !== '');
  let k = 0;
  while (k < words.length && (PREFIX_WORDS.test(words[k]!) || /^-/.test(words[k]!) || /^\w+=/.test(words[k]!))) k++;
  const cmd = words[k];
  // Dockerfile `RUN <<EOF`: the body is the step's script (unless an interpreter follows: `RUN <<EOF python3`).
  if (cmd === undefined) {
    const after = rest.replace(/^<<-?[ \t]*(?:'[^'\n]*'|"[^"\n]*"|\\?[^\s;&|<>]+)/, '').trim();
    return after === '' || /^[;&|<>]/.test(after) || SHELLS.test(after.split(/[ \t]/)[0]!);
  }
  if (SHELLS.test(cmd)) return true;
  // `docker exec -i c sh <<EOF`, `kubectl exec -i pod -- bash <<EOF`: a shell further on in the command.
  if (/^(?:docker|podman|kubectl|nerdctl)$/.test(cmd) && words.slice(k + 1).some((w) => SHELLS.test(w))) return true;
  if (cmd === 'cat' || cmd === 'tee') return SCRIPT_TARGET.test(segment);
  return false;
}

// ---------------------------------------------------------------------------------------------
// Tokens.

/** A shell word after quote removal and expansion. */
interface Word {
  value: string;
  /** Offset of the word in the text it came from. */
  start: number;
  /** Source text of the word. */
  raw: string;
  /** The word holds an expansion that could not be resolved (kept as written in `value`). */
  dynamic: boolean;
}

type Token = { word: Word } | { op: string };

/** Variables assigned a literal earlier in the file; null when the last assignment was not a literal. */
type Vars = Map<string, string | null>;

/** Operators, longest first. Redirections take the next word as their target. */
const OPERATORS = ['&>>', '<<<', '<<-', '&&', '||', ';;', '|&', '&>', '>>', '>&', '>|', '<<', '<>', '<&', ';', '&', '|', '(', ')', '<', '>'];
const REDIRECTS = new Set(['&>>', '<<<', '<<-', '&>', '>>', '>&', '>|', '<<', '<>', '<&', '<', '>']);
const WORD_END = new Set([' ', '\t', '\r', '\n', ';', '&', '|', '(', ')', '<', '>']);

interface Expansion {
  text: string;
  dynamic: boolean;
  end: number;
}

/** The offset after the bracket that closes the one at `open` (nesting counted), or `to`. */
function closing(s: string, open: number, to: number, o: string, c: string): number {
  let depth = 0;
  for (let k = open; k < to; k++) {
    if (s[k] === o) depth++;
    else if (s[k] === c && --depth === 0) return k + 1;
  }
  return to;
}

/** `${NAME:-word}`, `${NAME-word}`, `${NAME:=word}`, `${NAME=word}` with a literal word (no expansion, quote or escape in it). */
const DEFAULT = /^([A-Za-z_][A-Za-z0-9_]*)(:?[-=])([^$`'"\\{}]*)$/;

/**
 * One `$…` or backtick expansion at `i`. Resolves `$NAME`, `${NAME}`, Make's `$(NAME)` and
 * GitHub's `${{ env.NAME }}` from `vars`, and a literal default (`${NAME:-0.5.7}`, `${NAME-…}`,
 * `${NAME:=…}`, `${NAME=…}`, which also assigns it) when the file gave NAME no value, as compose
 * does; a NAME the file assigned something not literal stays unknown, its default not guessed.
 * Everything else (`$1`, `${X:?msg}`, `${X:+w}`, `$(cmd)`, `` `cmd` ``) is dynamic. Command
 * substitutions are reported through `subst` so their commands are read too.
 */
function expand(s: string, i: number, to: number, vars: Vars, subst: [number, number][]): Expansion {
  const unresolved = (end: number): Expansion => ({ text: s.slice(i, end), dynamic: true, end });
  const lookup = (name: string, end: number): Expansion => {
    const v = vars.get(name);
    return typeof v === 'string' ? { text: v, dynamic: false, end } : unresolved(end);
  };
  if (s[i] === '`') {
    const j = s.indexOf('`', i + 1);
    const end = j < 0 || j >= to ? to : j + 1;
    subst.push([i + 1, Math.max(i + 1, end - 1)]);
    return unresolved(end);
  }
  const n = s[i + 1];
  if (n === '{' && s[i + 2] === '{') {
    const j = s.indexOf('}}', i + 3);
    const end = j < 0 || j + 2 > to ? to : j + 2;
    const m = /^\s*env\.([A-Za-z_][A-Za-z0-9_]*)\s*$/.exec(s.slice(i + 3, end - 2));
    return m ? lookup(m[1]!, end) : unresolved(end);
  }
  if (n === '{') {
    const end = closing(s, i + 1, to, '{', '}');
    const name = s.slice(i + 2, end - 1);
    if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return lookup(name, end);
    const d = DEFAULT.exec(name);
    if (d === null || s[end - 1] !== '}') return unresolved(end);
    // `${X:-w}` / `${X-w}` / `${X:=w}` / `${X=w}`: w when X is unset (or empty, with the colon).
    const v = vars.get(d[1]!);
    if (v === null) return unresolved(end);
    const word = d[3]!;
    if (v !== undefined && (v !== '' || !d[2]!.startsWith(':'))) return { text: v, dynamic: false, end };
    if (d[2]!.endsWith('=')) vars.set(d[1]!, word);
    return { text: word, dynamic: false, end };
  }
  if (n === '(') {
    const end = closing(s, i + 1, to, '(', ')');
    const inner = s.slice(i + 2, end - 1);
    if (/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(inner)) return lookup(inner, end);
    if (s[i + 2] !== '(') subst.push([i + 2, Math.max(i + 2, end - 1)]);
    return unresolved(end);
  }
  if (n !== undefined && /[A-Za-z_]/.test(n)) {
    let end = i + 2;
    while (end < to && /[A-Za-z0-9_]/.test(s[end]!)) end++;
    return lookup(s.slice(i + 1, end), end);
  }
  if (n === '$') {
    // Make's `$$NAME`: a variable of the recipe's shell, unknown here.
    let end = i + 2;
    while (end < to && /[A-Za-z0-9_]/.test(s[end]!)) end++;
    return unresolved(end);
  }
  if (n !== undefined && /[0-9@*#?!-]/.test(n)) return unresolved(i + 2);
  return { text: '$', dynamic: false, end: i + 1 };
}

/**
 * Shell tokens of `s[from, to)`: words (quotes removed, variables expanded) and operators. A `#`
 * at the start of a word ends the line; a digit-only word right before `<`/`>` is a file
 * descriptor and dropped. Linear in the length.
 */
function tokenize(s: string, from: number, to: number, vars: Vars, subst: [number, number][]): Token[] {
  const out: Token[] = [];
  let i = from;
  while (i < to) {
    const c = s[i]!;
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') {
      i++;
      continue;
    }
    if (c === '#') break;
    const op = OPERATORS.find((o) => s.startsWith(o, i) && i + o.length <= to);
    if (op !== undefined) {
      out.push({ op });
      i += op.length;
      continue;
    }
    const start = i;
    let value = '';
    let dynamic = false;
    while (i < to && !WORD_END.has(s[i]!)) {
      const ch = s[i]!;
      if (ch === '\\') {
        if (i + 1 < to) value += s[i + 1];
        i += 2;
      } else if (ch === "'") {
        const j = s.indexOf("'", i + 1);
        const end = j < 0 || j >= to ? to : j;
        value += s.slice(i + 1, end);
        i = end + 1;
      } else if (ch === '"') {
        i++;
        while (i < to && s[i] !== '"') {
          const d = s[i]!;
          if (d === '\\' && i + 1 < to && '$`"\\'.includes(s[i + 1]!)) {
            value += s[i + 1];
            i += 2;
          } else if (d === '$' || d === '`') {
            const e = expand(s, i, to, vars, subst);
            value += e.text;
            dynamic ||= e.dynamic;
            i = e.end;
          } else {
            value += d;
            i++;
          }
        }
        i++;
      } else if (ch === '$' || ch === '`') {
        const e = expand(s, i, to, vars, subst);
        value += e.text;
        dynamic ||= e.dynamic;
        i = e.end;
      } else {
        value += ch;
        i++;
      }
    }
    const end = Math.min(i, to);
    if ((s[end] === '<' || s[end] === '>') && /^\d+$/.test(s.slice(start, end))) continue;
    out.push({ word: { value, start, raw: s.slice(start, end), dynamic } });
  }
  return out;
}

/** Simple commands: words split at control operators, redirections and their targets removed. */
function segments(tokens: Token[]): Word[][] {
  const out: Word[][] = [];
  let cur: Word[] = [];
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k]!;
    if ('word' in t) {
      cur.push(t.word);
      continue;
    }
    if (REDIRECTS.has(t.op)) {
      const next = tokens[k + 1];
      if (next !== undefined && 'word' in next) k++;
      continue;
    }
    if (cur.length > 0) out.push(cur);
    cur = [];
  }
  if (cur.length > 0) out.push(cur);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Scan state.

interface CloneRecord {
  site: PullSite;
  /** Where the clone went, relative to the start directory; null when unknown. */
  dir: string | null;
  order: number;
}

interface CheckoutRecord {
  dir: string | null;
  sha: string;
  order: number;
}

interface Scan {
  vars: Vars;
  /** Current directory ('' = where the script starts, null = unknown). */
  cwd: string | null;
  /** Where a fresh shell starts: Dockerfile WORKDIR. */
  workdir: string | null;
  /** The Dockerfile's base image is an inference server whose entrypoint takes the model options. */
  server: ServerSpec | undefined;
  sites: PullSite[];
  clones: CloneRecord[];
  checkouts: CheckoutRecord[];
  order: number;
  /** readCommands: every command is handed here instead of being read for pulls. */
  visit?: CommandVisitor;
}

/** Where a site found at a word is reported. */
interface Place {
  line: number;
  column: number;
}

/** Maps an offset in the text being read to a reported place. */
type Locate = (offset: number) => Place;

/** A shell word after quote removal and expansion (ShellWord), where it is written. */
export type ShellWord = Word;
/** A command's words after wrappers (`sudo`, `env`, `nice`, `timeout`, prefix assignments), and where each word is. */
/**
 * A command's words after keywords, prefix assignments and wrappers (`sudo`, `env`, `uvx`, `uv
 * run`: unwrap), and all its words as written (`words`: `uvx pkg` runs the package `pkg`).
 */
export type CommandVisitor = (argv: ShellWord[], locate: Locate, words: ShellWord[]) => void;

/** `base` joined with `p`, normalized ('.', '..', trailing slashes); null stays unknown. */
function joinPath(base: string | null, p: string): string | null {
  if (base === null) return null;
  const abs = p.startsWith('/') || (p === '' && base.startsWith('/'));
  const parts = p.startsWith('/') ? [] : base.split('/').filter((x) => x !== '');
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..' && parts.length > 0 && parts[parts.length - 1] !== '..') parts.pop();
    else if (seg !== '..' || !abs) parts.push(seg);
  }
  return (abs || base.startsWith('/') ? '/' : '') + parts.join('/');
}

function cut(s: string): string {
  return s.length > MAX_DYNAMIC ? s.slice(0, MAX_DYNAMIC) : s;
}

function baseName(cmd: string): string {
  const b = cmd.slice(cmd.lastIndexOf('/') + 1);
  return b.toLowerCase().replace(/\.exe$/, '');
}

/** id, localPath or dynamic for a word naming a repository. */
function repoFields(w: Word): Pick<PullSite, 'id' | 'dynamic' | 'localPath'> {
  if (w.dynamic) return { dynamic: cut(w.raw) };
  if (isLocalPath(w.value)) return { localPath: w.value };
  if (isHubId(w.value)) return { id: w.value };
  return { dynamic: cut(w.raw) };
}

function revisionFields(w: Word | undefined): Pick<PullSite, 'revision' | 'revisionDynamic'> {
  if (w === undefined) return {};
  if (w.dynamic) return { revisionDynamic: true };
  return w.value === '' ? {} : { revision: w.value };
}

/** `--name=value` or `--name value` at `args[i]`: the value word and how many words it took. */
function optionValue(args: Word[], i: number): { value: Word | undefined; used: number } {
  const a = args[i]!;
  const eq = a.value.indexOf('=');
  if (a.value.startsWith('--') && eq > 0) {
    return { value: { ...a, value: a.value.slice(eq + 1), raw: a.raw.slice(a.raw.indexOf('=') + 1) }, used: 1 };
  }
  return { value: args[i + 1], used: 2 };
}

function optionName(w: Word): string {
  const eq = w.value.indexOf('=');
  const name = w.value.startsWith('--') && eq > 0 ? w.value.slice(0, eq) : w.value;
  return name.replace(/_/g, '-');
}

// ---------------------------------------------------------------------------------------------
// Hub URLs.

/** The repo id of a clone URL: `org/name` or a legacy `name`, `.git` dropped. */
function cloneId(u: HubUrl): string {
  const parts = u.segs.slice(0, 2);
  parts[parts.length - 1] = parts[parts.length - 1]!.replace(/\.git$/, '');
  return parts.join('/');
}

/** `<id>/resolve|blob|raw/<rev>/<path>`: id, how the file is served, revision and file. */
function fileUrl(u: HubUrl): { id: string; marker: string; revision: string; file: string } | null {
  for (const k of [1, 2]) {
    const marker = u.segs[k];
    if (marker === 'resolve' || marker === 'blob' || marker === 'raw') {
      const revision = u.segs[k + 1];
      const file = u.segs.slice(k + 2).join('/');
      if (revision === undefined || file === '') return null;
      return { id: u.segs.slice(0, k).join('/'), marker, revision, file };
    }
  }
  return null;
}

/**
 * A Hub file download URL, `https://huggingface.co/<id>/resolve/<rev>/<file>` (datasets and spaces
 * too, `hf.co` and the mirror's host alike): its repository, revision and file; null for any other
 * URL (a repository page, a `blob/` page).
 */
export function hubResolveUrl(value: string): { repoType: HubRepoType; id: string; revision: string; file: string } | null {
  const u = hubUrl(value);
  const f = u === null ? null : fileUrl(u);
  return u === null || f === null || f.marker !== 'resolve' ? null : { repoType: u.repoType, id: f.id, revision: f.revision, file: f.file };
}

/** `hf://[datasets/|spaces/|models/]org/name[@rev][/path]`, as `hf download` accepts it. */
function hfUri(value: string): { repoType: HubRepoType; id: string; revision?: string; file?: string } | null {
  if (!value.startsWith('hf://')) return null;
  const segs = value.slice(5).split('/').filter((x) => x !== '');
  let repoType: HubRepoType = 'model';
  const kind = segs[0]?.replace(/s$/, '');
  if (kind === 'dataset' || kind === 'space' || kind === 'model') {
    repoType = kind;
    segs.shift();
  }
  if (segs.length < 2) return null;
  const [name, atRev] = segs[1]!.split('@', 2) as [string, string | undefined];
  const rest = segs.slice(2);
  let revision = atRev;
  if (revision === 'refs' && rest.length >= 2) revision = ['refs', ...rest.splice(0, 2)].join('/');
  const out: { repoType: HubRepoType; id: string; revision?: string; file?: string } = { repoType, id: `${segs[0]}/${name}` };
  if (revision !== undefined && revision !== '') out.revision = revision;
  if (rest.length > 0) out.file = rest.join('/');
  return out;
}

// ---------------------------------------------------------------------------------------------
// Command handlers. Each reads one simple command (argv after wrappers) and records its pulls.

/**
 * `huggingface-cli download` (argparse: `--include`/`--exclude` take every following word) and
 * `hf download` (typer: one pattern per option).
 */
function hubDownload(via: string, argv: Word[], greedyPatterns: boolean, at: Place, scan: Scan): void {
  const positional: Word[] = [];
  const include: string[] = [];
  let revision: Word | undefined;
  let repoType: string | undefined;
  for (let i = 2; i < argv.length; i++) {
    const w = argv[i]!;
    if (w.value === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (!w.value.startsWith('-') || w.value === '-') {
      positional.push(w);
      continue;
    }
    const name = optionName(w);
    const inline = w.value.startsWith('--') && w.value.includes('=');
    if (name === '--include' || name === '--exclude') {
      const into = name === '--include' ? include : [];
      if (inline) into.push(optionValue(argv, i).value!.value);
      else {
        while (i + 1 < argv.length && !argv[i + 1]!.value.startsWith('-')) {
          into.push(argv[++i]!.value);
          if (!greedyPatterns) break;
        }
      }
      continue;
    }
    if (['--revision', '--repo-type', '--local-dir', '--cache-dir', '--token', '--max-workers', '--local-dir-use-symlinks', '--format'].includes(name)) {
      const { value, used } = optionValue(argv, i);
      if (name === '--revision') revision = value;
      if (name === '--repo-type') repoType = value?.value;
      i += used - 1;
    }
  }
  const repo = positional[0];
  if (repo === undefined) return;
  const files = positional.slice(1).map((w) => w.value);
  const uri = repo.dynamic ? null : hfUri(repo.value);
  const site: PullSite = { via, repoType: 'model', ...at };
  if (uri !== null) {
    site.repoType = uri.repoType;
    if (isHubId(uri.id)) site.id = uri.id;
    else site.dynamic = cut(repo.raw);
    if (uri.revision !== undefined) site.revision = uri.revision;
    if (uri.file !== undefined) files.unshift(uri.file);
  } else {
    const type = repoType?.replace(/s$/, '');
    if (type === 'dataset' || type === 'space') site.repoType = type;
    Object.assign(site, repoFields(repo), revisionFields(revision));
  }
  const pickle = files.find((f) => isPickleWeights(f));
  const file = pickle ?? files[0];
  if (file !== undefined) site.file = file;
  if (pickle !== undefined) site.unsafeWeights = pickle;
  else {
    // A pattern (`--include "*.bin"`) matches the repository's pickles by extension.
    const pattern = files.length === 0 ? include.find((p) => isPickleWeights(p) || /\*[^/]*\.bin$/i.test(p)) : undefined;
    if (pattern !== undefined) site.unsafeWeights = `--include ${pattern}`;
  }
  scan.sites.push(site);
}

const CLONE_VALUE_OPTS = new Set([
  '-b', '--branch', '-o', '--origin', '-c', '--config', '--depth', '--reference', '--reference-if-able', '--separate-git-dir',
  '--filter', '-j', '--jobs', '--template', '-u', '--upload-pack', '--shallow-since', '--shallow-exclude', '--bundle-uri',
  '--server-option', '--revision', '-I', '--include', '-X', '--exclude',
]);

/** `git [-C dir] clone …`, `git lfs clone …`, and the `checkout`/`switch`/`reset --hard` that may pin a clone. */
function git(argv: Word[], at: Place, scan: Scan): void {
  let i = 1;
  let dirC: Word | undefined;
  while (i < argv.length && argv[i]!.value.startsWith('-')) {
    const a = argv[i]!.value;
    if (a === '-C') dirC = argv[i + 1];
    i += a === '-C' || a === '-c' || a === '--git-dir' || a === '--work-tree' || a === '--namespace' ? 2 : 1;
  }
  let sub = argv[i]?.value;
  if (sub === 'lfs' && argv[i + 1]?.value === 'clone') {
    i++;
    sub = 'clone';
  }
  const base = dirC === undefined ? scan.cwd : dirC.dynamic ? null : joinPath(scan.cwd, dirC.value);
  const args = argv.slice(i + 1);
  if (sub === 'clone') clone(args, base, at, scan);
  else if (sub === 'checkout' || sub === 'switch' || sub === 'reset') {
    if (sub === 'reset' && !args.some((w) => w.value === '--hard')) return;
    let target: Word | undefined;
    for (let k = 0; k < args.length; k++) {
      const v = args[k]!.value;
      if (v === '--') break;
      if (v === '-b' || v === '-B' || v === '-c' || v === '-C') k++;
      else if (!v.startsWith('-')) {
        target = args[k];
        break;
      }
    }
    if (target !== undefined && !target.dynamic && isCommitSha(target.value)) scan.checkouts.push({ dir: base, sha: target.value, order: scan.order++ });
  }
}

function clone(args: Word[], base: string | null, at: Place, scan: Scan): void {
  const positional: Word[] = [];
  let branch: Word | undefined;
  for (let k = 0; k < args.length; k++) {
    const w = args[k]!;
    if (w.value === '--') {
      positional.push(...args.slice(k + 1));
      break;
    }
    if (!w.value.startsWith('-')) {
      positional.push(w);
      continue;
    }
    const name = optionName(w);
    const inline = w.value.startsWith('--') && w.value.includes('=');
    if (!CLONE_VALUE_OPTS.has(name)) continue;
    const { value, used } = optionValue(args, k);
    if (name === '-b' || name === '--branch' || name === '--revision') branch = value;
    k += inline ? 0 : used - 1;
  }
  const url = positional[0];
  if (url === undefined) return;
  const u = hubUrl(url.value);
  if (u === null) return;
  const id = cloneId(u);
  const site: PullSite = { via: 'git clone', repoType: u.repoType, ...at, ...revisionFields(branch) };
  if (/[$`]/.test(id) && url.dynamic) site.dynamic = cut(url.raw);
  else if (isHubId(id)) site.id = id;
  else site.dynamic = cut(url.raw);
  const dirWord = positional[1];
  const name = id.slice(id.lastIndexOf('/') + 1);
  const dir = dirWord === undefined ? joinPath(base, name) : dirWord.dynamic ? null : joinPath(base, dirWord.value);
  scan.sites.push(site);
  scan.clones.push({ site, dir, order: scan.order++ });
}

/** curl, wget, aria2c, a Dockerfile ADD: every Hub file URL among the words. */
function fetchUrls(via: string, words: Word[], at: Place, scan: Scan): void {
  for (const w of words) {
    const u = hubUrl(w.value);
    const f = u === null ? null : fileUrl(u);
    if (u === null || f === null) continue;
    const site: PullSite = { via, repoType: u.repoType, ...at, file: f.file };
    if (/[$`]/.test(f.id) && w.dynamic) site.dynamic = cut(w.raw);
    else if (isHubId(f.id)) site.id = f.id;
    else site.dynamic = cut(w.raw);
    if (/[$`]/.test(f.revision) && w.dynamic) site.revisionDynamic = true;
    else site.revision = f.revision;
    if (isPickleWeights(f.file)) site.unsafeWeights = `${f.marker}/${f.revision}/${f.file}`;
    scan.sites.push(site);
  }
}

/**
 * Dockerfile `ADD [--checksum=…] [--chmod=…] <src>… <dest>` (shell or exec form, `ARG`/`ENV`
 * values put in, as Docker does): each source that is a Hub file URL is a download, as `RUN wget`
 * of it is; the last word is the destination.
 */
function dockerAdd(s: string, from: number, at: Place, scan: Scan): void {
  let k = from;
  const flag = /--[A-Za-z-]+(?:=\S*)?[ \t]+/y;
  for (flag.lastIndex = k; flag.test(s); ) k = flag.lastIndex;
  let words: Word[];
  if (s[k] === '[') {
    let arr: unknown;
    try {
      arr = JSON.parse(s.slice(k));
    } catch {
      return;
    }
    if (!Array.isArray(arr) || !arr.every((x) => typeof x === 'string')) return;
    words = (arr as string[]).map((value) => ({ value, start: k, raw: value, dynamic: false }));
  } else words = segments(tokenize(s, k, s.length, scan.vars, [])).flat();
  fetchUrls('ADD', words.slice(0, -1), at, scan);
}

/**
 * `ollama run` options that take the next word as their value (ollama/ollama cmd/cmd.go: String
 * keepalive, format, draft; Int dimensions; `--think` has a no-option default, so its value is
 * only ever `--think=…`).
 */
const OLLAMA_VALUE_OPTS = new Set(['--format', '--keepalive', '--dimensions', '--draft']);
/** A model name that pulls from the Hub by Ollama's spelling (`hf.co/…`, `huggingface.co/…`; no scheme). */
const OLLAMA_HUB_PREFIX = /^(?:hf\.co|huggingface\.co)\//i;

/**
 * `ollama run` / `ollama pull` of a Hub repository, `hf.co/{user}/{repo}[:tag]`: its id and tag (the
 * quantization); a name the file builds at run time after `hf.co/` is dynamic. Ollama's own library
 * names (`llama3.2`, `user/model`) are no Hub pulls.
 */
function ollamaPull(via: string, argv: Word[], at: Place, scan: Scan): void {
  let w: Word | undefined;
  for (let k = 2; k < argv.length && w === undefined; k++) {
    const v = argv[k]!.value;
    if (!v.startsWith('-')) w = argv[k];
    else if (OLLAMA_VALUE_OPTS.has(v)) k++;
  }
  if (w === undefined || !OLLAMA_HUB_PREFIX.test(w.value)) return;
  const ref = w.dynamic ? null : ollamaHubRef(w.value);
  if (ref !== null) scan.sites.push({ via, repoType: 'model', ...at, id: ref.id, ...(ref.tag !== undefined ? { tag: ref.tag } : {}) });
  else if (w.dynamic) scan.sites.push({ via, repoType: 'model', ...at, dynamic: cut(w.raw) });
}

/**
 * An inference server that pulls the model it is started with from the Hub: its command, how its
 * options name the model, and what its container image's entrypoint reads (SERVER_IMAGES).
 */
interface ServerSpec {
  /** The site's via: the server as a user names it. */
  via: string;
  /**
   * How its options name a pull: `model`, a model option (`modelFlags`) with `--revision` and
   * `--trust-remote-code`; `llama.cpp`, llama.cpp's `-hf <user>/<model>[:quant]` and `--model-url`
   * (llamaCppArgs), which take no revision.
   */
  options: 'model' | 'llama.cpp';
  /** The options that name the model (the first given wins). */
  modelFlags: readonly string[];
  /** A first word that is no option is the model (`vllm serve <model>`, the vLLM image's entrypoint). */
  positional: boolean;
  /** The environment variables the server reads when no option names the model or the revision (clap's `env`). */
  env?: { model: string; revision?: string };
}

const TGI: ServerSpec = { via: 'text-generation-launcher', options: 'model', modelFlags: ['--model-id'], positional: false, env: { model: 'MODEL_ID', revision: 'REVISION' } };
const TEI: ServerSpec = { via: 'text-embeddings-router', options: 'model', modelFlags: ['--model-id'], positional: false, env: { model: 'MODEL_ID', revision: 'REVISION' } };
const VLLM: ServerSpec = { via: 'vllm serve', options: 'model', modelFlags: ['--model'], positional: true };
const SGLANG: ServerSpec = { via: 'sglang.launch_server', options: 'model', modelFlags: ['--model-path', '--model'], positional: false };
const llamaCpp = (via: string): ServerSpec => ({ via, options: 'llama.cpp', modelFlags: [], positional: false });
const LLAMA_SERVER = llamaCpp('llama-server');
const LLAMA_CLI = llamaCpp('llama-cli');
/** llama.cpp's programs that take its common model options (`-hf`, `--model-url`), by their command names. */
const LLAMA_CPP: ReadonlyMap<string, ServerSpec> = new Map([LLAMA_SERVER, LLAMA_CLI, llamaCpp('llama-embedding'), llamaCpp('llama-mtmd-cli')].map((spec) => [spec.via, spec]));

/**
 * Server images whose entrypoint takes the server's options (any registry prefix, any tag unless
 * `tag` says which): TGI, TEI, vLLM's OpenAI server, and llama.cpp's images, whose tag picks the
 * program (`server*`: llama-server, `light*`: llama-cli; `full*` runs a tools script, not read).
 * SGLang's image has no such entrypoint (its containers run `python3 -m sglang.launch_server`).
 */
const SERVER_IMAGES: readonly { image: RegExp; tag?: RegExp; server: ServerSpec }[] = [
  { image: /(?:^|\/)huggingface\/text-generation-inference$/, server: TGI },
  { image: /(?:^|\/)huggingface\/text-embeddings-inference$/, server: TEI },
  { image: /(?:^|\/)vllm\/vllm-openai$/, server: VLLM },
  { image: /(?:^|\/)(?:ggml-org|ggerganov)\/llama\.cpp$/, tag: /^server(?:$|-)/, server: LLAMA_SERVER },
  { image: /(?:^|\/)(?:ggml-org|ggerganov)\/llama\.cpp$/, tag: /^light(?:$|-)/, server: LLAMA_CLI },
];

/** Which server an image reference (with or without tag or digest) runs. */
function serverImage(ref: string): ServerSpec | undefined {
  const name = ref.replace(/@.*$/s, '');
  const colon = name.indexOf(':', name.lastIndexOf('/') + 1);
  const [image, tag] = colon < 0 ? [name, undefined] : [name.slice(0, colon), name.slice(colon + 1)];
  return SERVER_IMAGES.find((s) => s.image.test(image) && (s.tag === undefined || (tag !== undefined && s.tag.test(tag))))?.server;
}

/** A variable of a server's environment (a container's, `docker run -e`): its value word, if set. */
type ServerEnv = (name: string) => Word | undefined;
const NO_ENV: ServerEnv = () => undefined;

interface ServerArgs {
  model?: Word;
  revision?: Word;
  trustRemoteCode: boolean;
}

/** The model, revision and remote-code flag of an inference server's options. */
function serverArgs(args: Word[], spec: ServerSpec): ServerArgs {
  const out: ServerArgs = { trustRemoteCode: false };
  for (let k = 0; k < args.length; k++) {
    const w = args[k]!;
    if (!w.value.startsWith('--')) continue;
    const name = optionName(w);
    if (name === '--trust-remote-code') {
      const v = w.value.includes('=') ? w.value.slice(w.value.indexOf('=') + 1).toLowerCase() : 'true';
      out.trustRemoteCode = v !== 'false' && v !== '0';
      continue;
    }
    if (!spec.modelFlags.includes(name) && name !== '--revision') continue;
    const { value, used } = optionValue(args, k);
    if (name === '--revision') out.revision = value;
    else out.model ??= value;
    k += used - 1;
  }
  const first = args[0];
  if (spec.positional && first !== undefined && !first.value.startsWith('-')) out.model = first;
  return out;
}

/**
 * llama.cpp's Hub options (common/arg.cpp; each also read from its `LLAMA_ARG_*` variable when
 * not given): a repository `<user>/<model>[:quant]` (the quantization kept as the site's tag) with
 * the file that overrides the quant, for the model, the speculative draft model and the vocoder.
 */
const LLAMA_REPOS: readonly { repo: readonly string[]; file: readonly string[]; env: string; fileEnv?: string }[] = [
  { repo: ['-hf', '-hfr', '--hf-repo'], file: ['-hff', '--hf-file'], env: 'LLAMA_ARG_HF_REPO', fileEnv: 'LLAMA_ARG_HF_FILE' },
  { repo: ['-hfd', '-hfrd', '--hf-repo-draft', '--spec-draft-hf'], file: [], env: 'LLAMA_ARG_HFD_REPO' },
  { repo: ['-hfv', '-hfrv', '--hf-repo-v'], file: ['-hffv', '--hf-file-v'], env: 'LLAMA_ARG_HF_REPO_V', fileEnv: 'LLAMA_ARG_HF_FILE_V' },
];
/** llama.cpp's options that download a model file from a URL (a Hub resolve URL is a file pull). */
const LLAMA_URLS: readonly { flags: readonly string[]; env: string }[] = [
  { flags: ['-mu', '--model-url'], env: 'LLAMA_ARG_MODEL_URL' },
  { flags: ['-mmu', '--mmproj-url'], env: 'LLAMA_ARG_MMPROJ_URL' },
];

/**
 * A llama.cpp program's Hub pulls: each `-hf <user>/<model>[:quant]` (the last given wins, as the
 * parser assigns) as the id and tag, `-hff <file>` as its file, and each `--model-url` or
 * `--mmproj-url` of a Hub resolve URL as a file pull (via `<program> --model-url`: that one names a
 * revision, so it is judged as `curl` of it is). A repository
 * that is no `<user>/<model>` (llama.cpp refuses it) gives nothing; one the file builds at run
 * time is dynamic.
 */
function llamaCppArgs(spec: ServerSpec, args: Word[], env: ServerEnv, at: Place, scan: Scan): void {
  const given = new Map<string, Word | undefined>();
  for (let k = 0; k < args.length; k++) {
    const w = args[k]!;
    if (!w.value.startsWith('-')) continue;
    const name = optionName(w);
    if (!LLAMA_OPTS.has(name)) continue;
    const { value, used } = optionValue(args, k);
    given.set(LLAMA_OPTS.get(name)!, value);
    k += used - 1;
  }
  for (const r of LLAMA_REPOS) {
    const repo = given.get(r.repo[0]!) ?? env(r.env);
    if (repo === undefined) continue;
    const file = (r.file.length > 0 ? given.get(r.file[0]!) : undefined) ?? (r.fileEnv === undefined ? undefined : env(r.fileEnv));
    const site: PullSite = { via: spec.via, repoType: 'model', ...at };
    if (repo.dynamic) site.dynamic = cut(repo.raw);
    else {
      const ref = ollamaHubRepo(repo.value);
      if (ref === null) continue;
      site.id = ref.id;
      if (ref.tag !== undefined) site.tag = ref.tag;
    }
    if (file !== undefined && !file.dynamic && file.value !== '') site.file = file.value;
    scan.sites.push(site);
  }
  for (const u of LLAMA_URLS) {
    const url = given.get(u.flags[0]!) ?? env(u.env);
    if (url !== undefined) fetchUrls(`${spec.via} ${u.flags[1]!}`, [url], at, scan);
  }
}

/** Every spelling of llama.cpp's Hub options (`_` read as `-`, as optionName does) → its first spelling. */
const LLAMA_OPTS: ReadonlyMap<string, string> = new Map(
  [...LLAMA_REPOS.flatMap((r) => [r.repo, r.file]), ...LLAMA_URLS.map((u) => u.flags)].flatMap((names) => names.map((n) => [n, names[0]!] as [string, string])),
);

/**
 * The transformers convention for a training or evaluation script's model, on any command line
 * (`python train.py --model_name_or_path org/m`, `deepspeed fastchat/train/train_lora.py
 * --model_name_or_path lmsys/vicuna-7b-v1.3`, `llamafactory-cli eval --model_name_or_path …`,
 * alpaca-lora's `--base_model`): the script loads that model (HfArgumentParser's field, argparse's
 * option). A local path is a local model; a variable, dynamic.
 */
const TRAINING_MODEL_OPTIONS: ReadonlySet<string> = new Set(['--model-name-or-path', '--pretrained-model-name-or-path', '--base-model']);

function trainingModelOptions(argv: Word[], locate: (at: number) => Place, scan: Scan): void {
  for (let k = 1; k < argv.length; k++) {
    const name = optionName(argv[k]!);
    if (!TRAINING_MODEL_OPTIONS.has(name)) continue;
    const { value, used } = optionValue(argv, k);
    if (value !== undefined && value.value !== '' && !value.value.startsWith('-')) {
      scan.sites.push({ via: argv[k]!.value.replace(/=.*$/, ''), repoType: 'model', ...locate(argv[k]!.start), ...repoFields(value) });
    }
    k += used - 1;
  }
}

/** A server's pull as its options and environment name it (`docker run <image> …`, a container, a Dockerfile `CMD` on its image, the command itself). */
/** lm-evaluation-harness model types that load a Hub model named by `pretrained=` (not the API ones: openai-completions, anthropic, …). */
const LM_EVAL_HUB_MODELS = new Set(['hf', 'hf-auto', 'huggingface', 'hf-multimodal', 'vllm', 'vllm-vlm', 'sglang', 'hf-mistral3']);

/**
 * `lm_eval --model hf --model_args pretrained=org/m,revision=…,trust_remote_code=True` (also
 * `lm-eval`, `python -m lm_eval`, `accelerate launch -m lm_eval`, `torchrun -m lm_eval`): the
 * evaluated model, pulled from the Hub by transformers or vLLM, and its `peft=` adapter.
 * `--model` defaults to hf. The arguments are comma-separated `key=value` pairs, as the harness
 * splits them.
 */
function lmEval(args: Word[], at: Place, scan: Scan): void {
  let type = 'hf';
  let margs: Word | undefined;
  for (let k = 0; k < args.length; k++) {
    const name = optionName(args[k]!);
    if (name !== '--model' && name !== '--model-args') continue;
    const { value, used } = optionValue(args, k);
    if (value !== undefined && name === '--model') type = value.value;
    else if (value !== undefined) margs ??= value;
    k += used - 1;
  }
  if (margs === undefined || !LM_EVAL_HUB_MODELS.has(type)) return;
  const pairs = new Map<string, string>();
  for (const part of margs.value.split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) pairs.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const model = pairs.get('pretrained');
  if (model === undefined || model === '') return;
  const word = (value: string): Word => ({ ...margs, value, raw: margs.dynamic ? margs.raw : value });
  const rev = pairs.get('revision');
  const site: PullSite = { via: 'lm_eval', repoType: 'model', ...at, ...repoFields(word(model)), ...revisionFields(rev !== undefined && rev !== '' ? word(rev) : undefined) };
  if (/^true$/i.test(pairs.get('trust_remote_code') ?? '')) site.trustRemoteCode = true;
  scan.sites.push(site);
  // A PEFT adapter loaded onto it (`peft=org/adapter`): a pull of its own.
  const peft = pairs.get('peft');
  if (peft !== undefined && peft !== '') scan.sites.push({ via: 'lm_eval', repoType: 'model', ...at, ...repoFields(word(peft)) });
}

function serverEntry(spec: ServerSpec, args: Word[], at: Place, scan: Scan, env: ServerEnv = NO_ENV): void {
  if (spec.options === 'llama.cpp') {
    llamaCppArgs(spec, args, env, at, scan);
    return;
  }
  const s = serverArgs(args, spec);
  if (spec.env !== undefined) {
    s.model ??= env(spec.env.model);
    if (spec.env.revision !== undefined) s.revision ??= env(spec.env.revision);
  }
  if (s.model === undefined) return;
  const site: PullSite = { via: spec.via, repoType: 'model', ...at, ...repoFields(s.model), ...revisionFields(s.revision) };
  if (s.trustRemoteCode) site.trustRemoteCode = true;
  scan.sites.push(site);
}

/** `docker run … <server image> …`: the server's options after the image, its environment from `-e NAME=value`. */
function dockerRun(argv: Word[], at: Place, scan: Scan): void {
  const { launcher } = parseLauncher(argv[0]!.value, argv.slice(1).map((w) => w.value));
  const image = launcher.package;
  if (image === undefined) return;
  const j = argv.findIndex((w, k) => k > 0 && w.value.startsWith(image) && /^(?:$|[:@])/.test(w.value.slice(image.length)));
  const server = j < 0 ? undefined : serverImage(argv[j]!.value);
  if (server === undefined) return;
  const env = new Map<string, Word>();
  for (let k = 1; k < j; k++) {
    const v = argv[k]!.value;
    // `-e NAME=value`, `--env NAME=value` (the next word), `-eNAME=value`, `--env=NAME=value`.
    const e = v === '-e' || v === '--env' ? argv[k + 1] : argv[k]!;
    const m = /^(?:--env=|-e)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(e?.value ?? '');
    if (e !== undefined && m !== null && (e !== argv[k] || /^(?:--env=|-e)/.test(v))) {
      env.set(m[1]!, { ...e, value: m[2]!, raw: e.raw.slice(e.raw.indexOf(`${m[1]}=`) + m[1]!.length + 1) });
    }
  }
  serverEntry(server, argv.slice(j + 1), at, scan, (name) => env.get(name));
}

// ---------------------------------------------------------------------------------------------
// Reading a line.

const KEYWORDS = new Set(['if', 'then', 'do', 'else', 'elif', 'while', 'until', '!', '{', '}', 'time', 'exec', 'command', 'builtin', 'nohup']);
const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)=/s;
const DECLARE = new Set(['export', 'local', 'declare', 'readonly', 'typeset']);
const RUNNERS = new Set(['uv', 'poetry', 'pipenv', 'pdm', 'rye', 'hatch', 'conda', 'mamba', 'micromamba', 'pipx']);
/** Options of sudo, env, nice, timeout and the `run` launchers that take a value. */
const WRAPPER_VALUE_OPTS = new Set([
  '-u', '-g', '-C', '-D', '-h', '-p', '-r', '-t', '-U', '-T', '-n', '-s', '-k', '--name', '--prefix', '--with', '--python',
  '--project', '--directory', '--env-file', '--extra', '--group', '--index', '--from', '--spec', '--unset', '--chdir',
]);

/** Skips options of a wrapper starting at `k`: the index of its first operand. */
function skipOptions(argv: Word[], k: number): number {
  while (k < argv.length && argv[k]!.value.startsWith('-')) {
    const v = argv[k]!.value;
    if (v === '--') return k + 1;
    k += WRAPPER_VALUE_OPTS.has(v) ? 2 : 1;
  }
  return k;
}

/** The command after keywords, prefix assignments and wrappers (`sudo`, `env`, `uv run`, `uvx`, …). */
function unwrap(argv: Word[]): Word[] {
  let k = 0;
  while (k < argv.length) {
    const v = argv[k]!.value;
    const b = baseName(v);
    if (KEYWORDS.has(v) || ASSIGNMENT.test(v)) k++;
    else if (b === 'sudo' || b === 'env' || b === 'nice' || b === 'uvx' || b === 'bunx') {
      k = skipOptions(argv, k + 1);
      while (b === 'env' && k < argv.length && ASSIGNMENT.test(argv[k]!.value)) k++;
    } else if (b === 'timeout') k = skipOptions(argv, k + 1) + 1;
    else if (RUNNERS.has(b) && argv[k + 1]?.value === 'run') k = skipOptions(argv, k + 2);
    else break;
  }
  return argv.slice(k);
}

interface Reader {
  scan: Scan;
  locate: Locate;
  depth: number;
  /** A Dockerfile CMD on a server image: a command made only of options is the server's. */
  entry?: ServerSpec;
}

/** Records the assignments of an assignment-only command (`X=1`, `export X=1 Y=2`). */
function assignments(words: Word[], vars: Vars): boolean {
  let k = 0;
  if (DECLARE.has(words[0]!.value)) {
    k = 1;
    while (k < words.length && words[k]!.value.startsWith('-')) k++;
  }
  const rest = words.slice(k);
  // `X=1 cmd` sets X for cmd only: not an assignment the rest of the file sees.
  if (!rest.every((w) => ASSIGNMENT.test(w.value))) return k > 0;
  for (const w of rest) {
    const m = ASSIGNMENT.exec(w.value)!;
    vars.set(m[1]!, w.dynamic ? null : w.value.slice(m[0].length));
  }
  return true;
}

function readCommand(words: Word[], r: Reader): void {
  const { scan } = r;
  if (assignments(words, scan.vars)) return;
  const argv = unwrap(words);
  if (argv.length === 0) return;
  const cmd = argv[0]!;
  const b = baseName(cmd.value);
  const at = r.locate(cmd.start);
  const sub = argv[1]?.value;
  const shell = /^(?:ba|z|da|k)?sh$/.test(b);
  if (scan.visit !== undefined && !shell) scan.visit(argv, r.locate, words);
  else if (scan.visit !== undefined) {
    // A `sh -c '…'` script is read below.
  } else if (r.entry !== undefined && cmd.value.startsWith('-')) serverEntry(r.entry, argv, at, scan);
  else if ((b === 'cd' || b === 'pushd') && !cmd.dynamic) {
    const to = argv[1];
    scan.cwd = to === undefined ? '~' : to.dynamic || to.value === '-' ? null : joinPath(scan.cwd, to.value);
  } else if (b === 'popd') scan.cwd = null;
  else if (b === 'huggingface-cli' && sub === 'download') hubDownload('huggingface-cli download', argv, true, at, scan);
  else if (b === 'hf' && sub === 'download') hubDownload('hf download', argv, false, at, scan);
  // torchtune's `tune download <repo> [--output-dir …] [--hf-token …]` (from the Hub by default).
  else if (b === 'tune' && sub === 'download' && argv[2] !== undefined && !argv[2].value.startsWith('-') && !argv.some((w) => w.value === '--source=kaggle' || w.value === 'kaggle')) {
    scan.sites.push({ via: 'tune download', repoType: 'model', ...at, ...repoFields(argv[2]) });
  }
  else if (b === 'git') git(argv, at, scan);
  else if (b === 'ollama' && (sub === 'run' || sub === 'pull')) ollamaPull(`ollama ${sub}`, argv, at, scan);
  else if (b === 'curl' || b === 'wget' || b === 'aria2c') fetchUrls(b, argv.slice(1), at, scan);
  else if (b === 'vllm' && sub === 'serve') serverEntry(VLLM, argv.slice(2), at, scan);
  else if (b === 'lm_eval' || b === 'lm-eval') lmEval(argv.slice(1), at, scan);
  else if (/^python(?:\d+(?:\.\d+)*)?$/.test(b) || (b === 'accelerate' && sub === 'launch') || b === 'torchrun') {
    // A module run by Python, or by a launcher that starts it on each process (`accelerate launch
    // -m lm_eval …`, `torchrun --nproc_per_node 8 -m lm_eval …`).
    const m = argv.findIndex((w) => w.value === '-m' || w.value === '--module');
    const mod = m < 0 ? undefined : argv[m + 1]?.value;
    const server = mod === 'vllm.entrypoints.openai.api_server' || mod === 'vllm.entrypoints.api_server' ? VLLM : mod === 'sglang.launch_server' ? SGLANG : undefined;
    if (server !== undefined) serverEntry(server, argv.slice(m + 2), at, scan);
    else if (mod === 'lm_eval') lmEval(argv.slice(m + 2), at, scan);
  } else if (b === 'text-generation-launcher') serverEntry(TGI, argv.slice(1), at, scan);
  else if (b === 'text-embeddings-router') serverEntry(TEI, argv.slice(1), at, scan);
  else if (LLAMA_CPP.has(b)) serverEntry(LLAMA_CPP.get(b)!, argv.slice(1), at, scan);
  else if ((b === 'docker' || b === 'podman') && (sub === 'run' || (sub === 'container' && argv[2]?.value === 'run'))) dockerRun(argv, at, scan);
  if (scan.visit === undefined && r.entry === undefined && !shell) trainingModelOptions(argv, r.locate, scan);
  if (shell && r.depth < MAX_NESTING) {
    const c = argv.findIndex((w, k) => k > 0 && /^-[a-z]*c[a-z]*$/.test(w.value));
    const script = c < 0 ? undefined : argv[c + 1];
    if (script !== undefined) {
      const place = r.locate(script.start);
      readShell(script.value, 0, script.value.length, { scan, locate: () => place, depth: r.depth + 1 });
    }
  }
}

/** Reads `s[from, to)` as shell: its commands in order, then its command substitutions. */
function readShell(s: string, from: number, to: number, r: Reader): void {
  const subst: [number, number][] = [];
  const tokens = tokenize(s, from, to, r.scan.vars, subst);
  for (const words of segments(tokens)) readCommand(words, r);
  if (r.depth >= MAX_NESTING) return;
  for (const [a, b] of subst) readShell(s, a, b, { ...r, depth: r.depth + 1 });
}

/** The single word of `s[from, to)` as a variable value, or null when it is not one literal word. */
function literalValue(s: string, from: number, to: number, vars: Vars): string | null {
  const words = segments(tokenize(s, from, to, vars, []));
  const w = words.length === 1 && words[0]!.length === 1 ? words[0]![0]! : undefined;
  return w === undefined || w.dynamic ? null : w.value;
}

/** Dockerfile `ARG a=1 b=2` / `ENV a=1` / `ENV a 1`. */
function dockerAssign(s: string, from: number, vars: Vars): void {
  const words = segments(tokenize(s, from, s.length, vars, [])).flat();
  const first = words[0];
  if (first === undefined) return;
  if (!first.value.includes('=')) {
    if (words.length > 1 && /^[A-Za-z_][A-Za-z0-9_]*$/.test(first.value)) {
      const rest = words.slice(1);
      vars.set(first.value, rest.some((w) => w.dynamic) ? null : rest.map((w) => w.value).join(' '));
    }
    return;
  }
  for (const w of words) {
    const m = ASSIGNMENT.exec(w.value);
    if (m !== null) vars.set(m[1]!, w.dynamic ? null : w.value.slice(m[0].length));
  }
}

const MAKE_ASSIGN = /^(?:(?:export|override)\s+)?([A-Za-z_][A-Za-z0-9_.-]*)(\s*(?:\?|:{1,3}|\+|!)=|\s+=)/;
const CI_ENV = /^([A-Z_][A-Z0-9_]*):[ \t]+(?=\S)/;
const DOCKER_SHELL = /^(?:ONBUILD\s+)?(RUN|CMD|ENTRYPOINT)(?:\s+|$)/;
/** A Dockerfile `ADD` (its sources may be URLs it downloads); readCommands' visitors see it as a command, as before. */
const DOCKER_ADD = /^(?:ONBUILD\s+)?ADD[ \t]+/;
const YAML_PREFIX = /^(?:-[ \t]+|(?:run|script|before_script|after_script):(?=[ \t]|$)[ \t]*)/;

/**
 * A Make assignment (MAKE_ASSIGN matched at `at`) applied to `vars` as Make does: `?=` only when
 * the name has no value yet, `+=` appends with a space, `!=` (a shell command's output) is unknown.
 */
function makeAssign(s: string, at: number, m: RegExpExecArray, vars: Vars): void {
  const name = m[1]!;
  const op = m[2]!.trim();
  if (op === '?=' && vars.has(name)) return;
  const value = op === '!=' ? null : literalValue(s, at + m[0].length, s.length, vars);
  if (op !== '+=' || !vars.has(name)) vars.set(name, value);
  else {
    const prev = vars.get(name);
    vars.set(name, typeof prev === 'string' && value !== null ? (prev === '' ? value : `${prev} ${value}`) : null);
  }
}

/**
 * Make reads the whole makefile before it runs a recipe, so a recipe sees each variable's last
 * value, wherever in the file it is assigned (`download:` above `MODEL := org/x` still downloads
 * org/x). The values of the assignments outside recipes, applied in file order; undefined when
 * the text has none (a shell script's tab-indented lines keep the shell's reading).
 */
function makeVariables(lines: readonly LogicalLine[], before: Vars): Vars | undefined {
  let vars: Vars | undefined;
  for (const ll of lines) {
    if (ll.recipe) continue;
    const at = ll.text.length - ll.text.trimStart().length;
    const m = MAKE_ASSIGN.exec(ll.text.slice(at));
    if (m === null) continue;
    vars ??= new Map(before);
    makeAssign(ll.text, at, m, vars);
  }
  return vars;
}

/** A YAML quoted scalar spanning `s[at…]` to the end, without escapes: its content range. */
function yamlQuoted(s: string, at: number): [number, number] | null {
  const end = s.trimEnd().length;
  const q = s[at];
  if ((q !== '"' && q !== "'") || end - at < 2 || s[end - 1] !== q) return null;
  const inner = s.slice(at + 1, end - 1);
  if (inner.includes(q) || (q === '"' && inner.includes('\\'))) return null;
  return [at + 1, end - 1];
}

/**
 * One logical line: the wrappers of each file type are peeled (Makefile recipe markers, notebook
 * `!`, YAML `- `/`run:`/`script:`, Dockerfile instructions), assignments are recorded, and what is
 * left is read as shell. The file type is never asked for: these prefixes do not collide.
 */
function readLine(ll: LogicalLine, scan: Scan): void {
  const s = ll.text;
  let at = s.length - s.trimStart().length;
  const indent = at;
  const locate: Locate = scan.visit !== undefined ? exactPlace(ll) : (o) => ({ line: ll.line, column: (o < ll.firstLen ? o : Math.min(indent, ll.firstLen)) + 1 });
  const rest = (): string => s.slice(at);
  if (ll.recipe) {
    scan.cwd = '';
    while ('@+-'.includes(s[at] ?? ' ')) at++;
  }
  const bang = /^(?:!!?|%(?:system|sx)\s+)/.exec(rest());
  if (bang !== null) at += bang[0].length;
  let yaml = false;
  for (let m = YAML_PREFIX.exec(rest()); m !== null; m = YAML_PREFIX.exec(rest())) {
    // A `run:`/`script:` key starts a new step's shell; a `- ` list item continues GitLab's script.
    if (!m[0].startsWith('-')) scan.cwd = scan.workdir;
    at += m[0].length;
    yaml = true;
  }
  if (yaml) {
    const q = yamlQuoted(s, at);
    if (q !== null) {
      readShell(s, q[0], q[1], { scan, locate, depth: 0 });
      return;
    }
  }
  const from = /^FROM\s+(?:--platform=\S+\s+)?(\S+)/.exec(rest());
  if (from !== null) {
    scan.server = serverImage(from[1]!);
    return;
  }
  const add = scan.visit === undefined ? DOCKER_ADD.exec(rest()) : null;
  if (add !== null) {
    dockerAdd(s, at + add[0].length, locate(at), scan);
    return;
  }
  const reader: Reader = { scan, locate, depth: 0 };
  const docker = DOCKER_SHELL.exec(rest());
  if (docker !== null) {
    at += docker[0].length;
    scan.cwd = scan.workdir;
    if (docker[1] === 'CMD' && scan.server !== undefined) reader.entry = scan.server;
    for (let m = /^--[a-z-]+=\S*\s+/.exec(rest()); m !== null; m = /^--[a-z-]+=\S*\s+/.exec(rest())) at += m[0].length;
    if (s[at] === '[') {
      execForm(s, at, reader);
      return;
    }
  }
  const instr = /^(ARG|ENV|WORKDIR)\s+/.exec(rest());
  if (instr !== null) {
    if (instr[1] === 'WORKDIR') {
      const dir = literalValue(s, at + instr[0].length, s.length, scan.vars);
      scan.workdir = scan.cwd = dir === null ? null : joinPath(scan.workdir, dir);
    } else dockerAssign(s, at + instr[0].length, scan.vars);
    return;
  }
  const make = MAKE_ASSIGN.exec(rest());
  if (make !== null) {
    makeAssign(s, at, make, scan.vars);
    return;
  }
  const ci = CI_ENV.exec(rest());
  if (ci !== null) {
    const valueAt = at + ci[0].length;
    if (!/^[|>&*{[]/.test(s.slice(valueAt))) {
      const q = yamlQuoted(s, valueAt);
      const value = q === null ? literalValue(s, valueAt, s.length, scan.vars) : s.slice(q[0], q[1]);
      scan.vars.set(ci[1]!, value);
    }
    return;
  }
  readShell(s, at, s.length, reader);
}

/** The physical line and column of an offset in a logical line (a binary search of its continued lines). */
function exactPlace(ll: LogicalLine): Locate {
  return (o) => {
    const parts = ll.parts ?? [];
    let lo = 0;
    let hi = parts.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (parts[mid]!.at <= o) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    const p = found < 0 ? { at: 0, line: ll.line } : parts[found]!;
    return { line: p.line, column: o - p.at + 1 };
  };
}

/** Dockerfile exec form `RUN ["cmd", "arg"]`: a JSON array, no shell (so no expansion). */
function execForm(s: string, at: number, r: Reader): void {
  let arr: unknown;
  try {
    arr = JSON.parse(s.slice(at));
  } catch {
    return;
  }
  if (!Array.isArray(arr) || arr.length === 0 || !arr.every((x) => typeof x === 'string')) return;
  const words = (arr as string[]).map((value) => ({ value, start: at, raw: value, dynamic: false }));
  readCommand(words, r);
}

/**
 * Sets each clone's revision to the first 40-hex sha checked out after it in its directory. One
 * merge of the two lists (both are in source order), so a hostile file stays linear.
 */
function pinClones(clones: CloneRecord[], checkouts: CheckoutRecord[]): void {
  const waiting = new Map<string, CloneRecord[]>();
  let c = 0;
  for (const k of checkouts) {
    for (; c < clones.length && clones[c]!.order < k.order; c++) {
      const dir = clones[c]!.dir;
      if (dir === null) continue;
      const list = waiting.get(dir);
      if (list === undefined) waiting.set(dir, [clones[c]!]);
      else list.push(clones[c]!);
    }
    if (k.dir === null) continue;
    for (const clone of waiting.get(k.dir) ?? []) clone.site.revision = k.sha;
    waiting.delete(k.dir);
  }
}

/**
 * Every Hugging Face pull in a shell script, Dockerfile, Makefile, CI YAML file or notebook shell
 * cell. Sites are in source order; a `git clone` is pinned (its revision set to the sha) when a
 * later `git checkout`/`git switch`/`git reset --hard` of a 40-hex sha runs in the directory the
 * clone went to. Never throws.
 */
/**
 * An Ollama Modelfile's `FROM hf.co/{user}/{repo}[:tag]` (instructions are case-insensitive, `#`
 * starts a comment line): the Hub repository `ollama create` pulls. Text inside a `"""` block (a
 * SYSTEM or TEMPLATE value) is no instruction. One pass over the lines.
 */
export function modelfileHfSites(text: string): PullSite[] {
  const sites: PullSite[] = [];
  const lines = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).split('\n');
  let quoted = false;
  lines.forEach((line, i) => {
    const from = quoted ? null : /^([ \t]*)FROM[ \t]+(\S+)/i.exec(line);
    for (let q = line.indexOf('"""'); q >= 0; q = line.indexOf('"""', q + 3)) quoted = !quoted;
    const ref = from === null ? null : ollamaHubRef(from[2]!);
    if (ref !== null) sites.push({ via: 'Modelfile FROM', repoType: 'model', line: i + 1, column: from![1]!.length + 1, id: ref.id, ...(ref.tag !== undefined ? { tag: ref.tag } : {}) });
  });
  return sites;
}

export function commandHfSites(text: string): PullSite[] {
  if (!COMMAND_WORDS.test(text)) return [];
  const scan = newScan();
  readText(text, scan);
  pinClones(scan.clones, scan.checkouts);
  return scan.sites;
}

/** A literal of a container's launch, where it is written (1-based line and column). */
export interface LaunchWord {
  value: string;
  /** As written (a dynamic word is reported so). */
  raw: string;
  line: number;
  column: number;
  /** Holds a variable no literal resolves. */
  dynamic: boolean;
  /** A string written on one line: a word inside it is placed by its offset. */
  inline?: boolean;
}

/**
 * A container as a compose service or a Kubernetes pod spec launches it. `entrypoint` (compose
 * `entrypoint`, Kubernetes `command`) replaces the image's entrypoint and `command` (compose
 * `command`, Kubernetes `args`) its CMD; each is an exec list or one string split into words.
 */
export interface ContainerLaunch {
  /** The image reference, when it has one. */
  image?: string;
  entrypoint?: LaunchWord[] | LaunchWord;
  command?: LaunchWord[] | LaunchWord;
  /** Its environment's literal values (a variable set with no literal: dynamic). */
  env: ReadonlyMap<string, LaunchWord>;
  /** Where the container is reported when no word of its launch is (its image, else its entry). */
  line: number;
  column: number;
}

/** Commands that, first in a server image's CMD, run in place of its options (`command: vllm serve org/m`). */
const SERVER_COMMANDS = /^(?:vllm|text-generation-launcher|text-embeddings-router|llama-(?:server|cli|embedding|mtmd-cli)|python(?:\d+(?:\.\d+)*)?|(?:ba|z|da|k)?sh|huggingface-cli|hf|env|exec)$/;

/**
 * The Hugging Face pulls of containers' launches: a server image's options (SERVER_IMAGES: vLLM's
 * `--model` or first word, TGI's and TEI's `--model-id` or `MODEL_ID` variable, llama.cpp's `-hf`),
 * and any command a container runs (`vllm serve …`, `python3 -m sglang.launch_server …`,
 * `sh -c "huggingface-cli download …"`, read as a script is, with the container's environment as
 * its variables). Never throws.
 */
export function containerHfSites(containers: readonly ContainerLaunch[]): PullSite[] {
  const scan = newScan();
  for (const c of containers) {
    scan.cwd = '';
    scan.vars = new Map([...c.env].map(([name, w]) => [name, w.dynamic ? null : w.value]));
    const places: Place[] = [];
    const word = (w: LaunchWord, value = w.value, raw = w.raw, offset = 0, dynamic = w.dynamic): Word => {
      places.push({ line: w.line, column: w.column + (w.inline === true ? offset : 0) });
      return { value, raw, start: places.length - 1, dynamic };
    };
    const words = (part: LaunchWord[] | LaunchWord | undefined): Word[] => {
      if (part === undefined) return [];
      if (Array.isArray(part)) return part.map((w) => word(w));
      // One string: split into words as compose does (no shell runs it); a variable left in it is unknown.
      return segments(tokenize(part.value, 0, part.value.length, new Map(), []))
        .flat()
        .map((w) => word(part, w.value, w.raw, w.start, w.dynamic));
    };
    const entry = words(c.entrypoint);
    const cmd = words(c.command);
    const r: Reader = { scan, locate: (o) => places[o] ?? { line: c.line, column: c.column }, depth: 0 };
    if (entry.length > 0) {
      readCommand([...entry, ...cmd], r);
      continue;
    }
    const server = c.image === undefined ? undefined : serverImage(c.image);
    const first = cmd[0];
    if (server !== undefined && !(first !== undefined && !first.value.startsWith('-') && SERVER_COMMANDS.test(baseName(first.value)))) {
      const env = (name: string): Word | undefined => {
        const w = c.env.get(name);
        return w === undefined ? undefined : word(w);
      };
      serverEntry(server, cmd, first !== undefined ? r.locate(first.start) : { line: c.line, column: c.column }, scan, env);
      continue;
    }
    if (cmd.length > 0) readCommand(cmd, r);
  }
  pinClones(scan.clones, scan.checkouts);
  return scan.sites;
}

function newScan(): Scan {
  return { vars: new Map(), cwd: '', workdir: '', server: undefined, sites: [], clones: [], checkouts: [], order: 0 };
}

function readText(text: string, scan: Scan): void {
  const lines = logicalLines(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  const make = lines.some((ll) => ll.recipe) ? makeVariables(lines, scan.vars) : undefined;
  if (make === undefined) {
    for (const ll of lines) readLine(ll, scan);
    return;
  }
  // Recipe lines read Make's final values (and keep what their shells assign among themselves);
  // the other lines go on with the values assigned so far.
  const outside = scan.vars;
  for (const ll of lines) {
    scan.vars = ll.recipe ? make : outside;
    readLine(ll, scan);
  }
  scan.vars = outside;
}

/**
 * Every command of a shell script, Makefile or CI YAML file as this reader sees it (logical lines,
 * comments skipped, quotes removed, variables the file assigned a literal put in, `sh -c '…'`
 * scripts and command substitutions read too; `echo "docker run x"` is an argument, not a
 * command), handed to `visit` with its words' places (1-based line and column, a BOM not counted).
 * `vars`: values known before the text (a GitLab job's `variables:`); null for a variable with no
 * literal value.
 */
export function readCommands(text: string, visit: CommandVisitor, vars?: ReadonlyMap<string, string | null>): void {
  const scan = newScan();
  scan.visit = visit;
  if (vars !== undefined) scan.vars = new Map(vars);
  readText(text, scan);
}
