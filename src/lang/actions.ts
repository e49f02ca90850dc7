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
    out.push(use);
  }
  return out;
}
