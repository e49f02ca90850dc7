/**
 * GitHub Actions a workflow runs: each `uses: owner/repo[/path]@ref` of a workflow's steps and
 * jobs (a reusable workflow, `owner/repo/.github/workflows/x.yml@ref`, too) and of a composite
 * action's steps (`action.yml`). Read line by line: `uses` takes a plain scalar, quoted or not,
 * and a `#` comment may follow. Local actions (`./path`) and Docker actions (`docker://image`)
 * name no repository and are left out.
 */

export interface ActionUse {
  /** `owner/repo`, as written. */
  repo: string;
  /** The path inside the repository, for an action in a subfolder (`github/codeql-action/analyze`). */
  path?: string;
  ref: string;
  line: number;
  column: number;
  /**
   * The step's `with:` inputs written as one-line scalars (quotes taken off; an expression such as
   * `${{ secrets.X }}` kept as written). A block scalar (`|`, `>`) or a flow collection is left out.
   */
  inputs?: Record<string, string>;
  /**
   * The step's `with:` inputs written as literal block scalars (`|`, `|-`, `|+`): each one's text,
   * its indentation taken off, and the line of its first content line (a JSON config given inline,
   * as run-gemini-cli's `settings`).
   */
  blocks?: Record<string, { text: string; line: number }>;
}

/** A GitHub workflow, or an action's metadata file (a composite action's steps use actions too). */
export function isActionsFile(path: string): boolean {
  return /(?:^|\/)\.github\/workflows\/[^/]+\.ya?ml$/i.test(path) || /(?:^|\/)action\.ya?ml$/i.test(path);
}

/** A full commit SHA: the only ref nobody can move. */
export function isCommitSha(ref: string): boolean {
  return /^[0-9a-f]{40}$/i.test(ref);
}

const USES = /^(\s*(?:-\s+)?uses\s*:\s*)(["']?)([^\s"'#]+)\2\s*(?:#.*)?$/;
const TARGET = /^([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))\/([A-Za-z0-9._-]{1,100})((?:\/[^@\s]+)?)@([^\s@]{1,255})$/;

/**
 * Every `uses:` of the text that names an action or workflow of a repository (and that `keep`
 * takes: at most `max` of those), in order.
 */
export function actionUses(text: string, keep: (repo: string) => boolean = () => true, max = 10_000): ActionUse[] {
  const out: ActionUse[] = [];
  if (!text.includes('uses')) return out;
  const lines = text.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length && out.length < max; i++) {
    const m = USES.exec(lines[i]!);
    if (m === null) continue;
    const t = TARGET.exec(m[3]!);
    if (t === null) continue;
    const repo = `${t[1]}/${t[2]}`;
    if (!keep(repo)) continue;
    const use: ActionUse = { repo, ref: t[4]!, line: i + 1, column: m[1]!.length + m[2]!.length + 1 };
    if (t[3]) use.path = t[3].slice(1);
    const step = stepInputs(lines, i, m[1]!);
    if (step !== undefined) use.inputs = step.inputs;
    if (step?.blocks !== undefined) use.blocks = step.blocks;
    out.push(use);
  }
  return out;
}

/** Most lines of a step read for its `with:` (a step longer than this has its later inputs left out). */
const MAX_STEP_LINES = 400;

/**
 * The `with:` inputs of the step (or reusable-workflow job) whose `uses:` is on line `at` (`head`:
 * that line up to the value). The step's keys sit at the column of `uses`; the step is the run of
 * lines indented at least that much around it, with the `- ` line that starts it (its key at that
 * column), so `with:` may come before or after `uses:`.
 */
function stepInputs(lines: readonly string[], at: number, head: string): Pick<ActionUse, 'blocks'> & { inputs: Record<string, string> } | undefined {
  const keyCol = head.search(/uses/);
  const indent = (l: string) => l.length - l.trimStart().length;
  const blank = (l: string) => l.trim() === '' || l.trimStart().startsWith('#');
  /** The column of the key a `- key:` line starts its item with, or -1. */
  const itemKey = (l: string) => /^\s*-\s+/.exec(l)?.[0].length ?? -1;
  const inStep = (l: string) => blank(l) || indent(l) >= keyCol;
  let first = at;
  if (itemKey(lines[at]!) !== keyCol) {
    for (let i = at - 1; i >= 0 && at - i < MAX_STEP_LINES; i--) {
      const l = lines[i]!;
      if (inStep(l)) { first = i; continue; }
      if (itemKey(l) === keyCol) first = i;
      break;
    }
  }
  for (let i = first; i < lines.length && i - first < MAX_STEP_LINES; i++) {
    const l = lines[i]!;
    if (i > first && !inStep(l)) return undefined;
    const key = i === first && itemKey(l) === keyCol ? l.slice(keyCol) : indent(l) === keyCol ? l.slice(keyCol) : undefined;
    if (key === undefined || !/^with\s*:\s*(?:#.*)?$/.test(key)) continue;
    const out: Record<string, string> = {};
    let blocks: Record<string, { text: string; line: number }> | undefined;
    let child = -1; // the inputs' column: deeper lines are a block value's
    for (let j = i + 1; j < lines.length && j - i < MAX_STEP_LINES; j++) {
      const e = lines[j]!;
      if (blank(e)) continue;
      if (indent(e) <= keyCol) break;
      if (child < 0) child = indent(e);
      if (indent(e) !== child) continue;
      const kv = /^\s*([A-Za-z0-9_][A-Za-z0-9_.-]*)\s*:\s*(.*)$/.exec(e);
      if (kv === null) continue;
      const v = scalar(kv[2]!);
      if (v !== undefined) out[kv[1]!] = v;
      else if (/^\|[-+]?\s*(?:#.*)?$/.test(kv[2]!.trim())) {
        const b = literalBlock(lines, j, child);
        if (b !== undefined) (blocks ??= {})[kv[1]!] = b;
      }
    }
    return { inputs: out, ...(blocks !== undefined ? { blocks } : {}) };
  }
  return undefined;
}

/**
 * The literal block scalar whose key is on line `at` at column `keyCol`: the lines indented
 * deeper, with the first content line's indentation taken off, and that line's number (1-based).
 * Blank lines inside it are kept as empty lines; at most MAX_STEP_LINES lines.
 */
function literalBlock(lines: readonly string[], at: number, keyCol: number): { text: string; line: number } | undefined {
  const body: string[] = [];
  let cut = -1;
  let first = -1;
  for (let j = at + 1; j < lines.length && j - at <= MAX_STEP_LINES; j++) {
    const l = lines[j]!;
    if (l.trim() === '') {
      if (cut >= 0) body.push('');
      continue;
    }
    const ind = l.length - l.trimStart().length;
    if (ind <= keyCol) break;
    if (cut < 0) [cut, first] = [ind, j];
    body.push(l.slice(Math.min(cut, ind)));
  }
  while (body.length && body[body.length - 1] === '') body.pop();
  return first < 0 ? undefined : { text: body.join('\n'), line: first + 1 };
}

/** A one-line YAML scalar's value, quotes taken off and a trailing comment dropped; undefined for a block or flow value. */
function scalar(raw: string): string | undefined {
  const v = raw.trim();
  if (v === '' || /^[|>[{&*!]/.test(v)) return undefined;
  const q = /^"((?:[^"\\]|\\.)*)"\s*(?:#.*)?$|^'((?:[^']|'')*)'\s*(?:#.*)?$/.exec(v);
  if (q !== null) return q[1] !== undefined ? q[1].replace(/\\(["\\])/g, '$1') : q[2]!.replace(/''/g, "'");
  return v.replace(/\s+#.*$/, '');
}
