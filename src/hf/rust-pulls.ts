/**
 * Hugging Face pulls in Rust: the hf-hub crate (candle's, mistral.rs's and most Rust inference
 * code's way to the Hub). Its API downloads a repository's files:
 * - `Api::new()?.model("org/name".to_string())` (also `.dataset(…)`, `.space(…)`), on an `Api`
 *   (`hf_hub::api::sync::Api`, `hf_hub::api::tokio::Api`, `ApiBuilder::…build()`), at the default
 *   branch: never pinned;
 * - `api.repo(Repo::with_revision(id, RepoType::Model, revision))`, `Repo::new(id, RepoType::X)`,
 *   `Repo::model(id)`, `Repo::dataset(id)`: a repository, with its revision where one is given.
 * The id and revision are string literals (bare, `.to_string()`, `.into()`, `.to_owned()`,
 * `String::from(…)`) or a `const`/`static` of the file holding one; anything else is dynamic text.
 * Read only in files that name hf_hub; `.model(…)` counts only on a name bound to an `Api`, or in a
 * statement that makes one, so a chat request builder's `.model("gpt-4o")` in the same file is not
 * taken for a pull. Lines count LFs, as rustc's. Linear, never throws.
 */
import { rustTokens, type RustToken } from '../lang/rust.js';
import { MAX_TOKENS } from '../lang/limits.js';
import { lineStarts } from '../util/lines.js';
import { isHubId, isLocalPath, type HubRepoType, type PullSite } from './types.js';

const MAX_TEXT = 80;
const API_METHODS: ReadonlyMap<string, HubRepoType> = new Map([['model', 'model'], ['dataset', 'dataset'], ['space', 'space']]);
const REPO_TYPES: ReadonlyMap<string, HubRepoType> = new Map([['Model', 'model'], ['Dataset', 'dataset'], ['Space', 'space']]);
const CONVERSIONS: ReadonlySet<string> = new Set(['to_string', 'to_owned', 'into', 'as_str']);

export function rustHfSites(text: string): PullSite[] {
  if (!text.includes('hf_hub')) return [];
  const toks = rustTokens(text, MAX_TOKENS);
  const n = toks.length;
  const id = (k: number, v?: string) => toks[k]?.t === 'ident' && (v === undefined || (toks[k] as { v: string }).v === v);
  const p = (k: number, v: string) => toks[k]?.t === 'punct' && (toks[k] as { v: string }).v === v;
  const word = (k: number) => (toks[k]?.t === 'ident' ? (toks[k] as { v: string }).v : undefined);

  // The file's string constants (`const MODEL_ID: &str = "…";`, `static …`), each defined once.
  const consts = new Map<string, string | null>();
  // The names bound to an Api (`let api = Api::new()?;`, `let api = ApiBuilder::new().build()?;`).
  const apis = new Set<string>();
  // The statements (token ranges) that make an Api: `Api::new()?.model(…)` chains there.
  let stmtStart = 0;
  let stmtMakesApi = false;
  const apiStmt: boolean[] = new Array<boolean>(n).fill(false);
  for (let k = 0; k < n; k++) {
    if (p(k, ';') || p(k, '{') || p(k, '}')) {
      if (stmtMakesApi) for (let j = stmtStart; j <= k; j++) apiStmt[j] = true;
      stmtStart = k + 1;
      stmtMakesApi = false;
      continue;
    }
    if ((id(k, 'Api') || id(k, 'ApiBuilder')) && p(k + 1, '::')) {
      stmtMakesApi = true;
      // `let [mut] api = Api::…`
      const at = stmtStart;
      if (id(at, 'let')) {
        const name = word(id(at + 1, 'mut') ? at + 2 : at + 1);
        if (name !== undefined) apis.add(name);
      }
    }
    if ((id(k, 'const') || id(k, 'static')) && toks[k + 1]?.t === 'ident' && p(k + 2, ':')) {
      // NAME: &str = "…";  NAME: &'static str = "…";
      let j = k + 3;
      while (j < n && j < k + 10 && !p(j, '=') && !p(j, ';')) j++;
      const lit = toks[j + 1];
      if (p(j, '=') && lit?.t === 'lit' && lit.str !== undefined && p(j + 2, ';')) {
        const name = word(k + 1) as string;
        consts.set(name, consts.has(name) && consts.get(name) !== lit.str ? null : lit.str);
      }
    }
  }
  if (stmtMakesApi) for (let j = stmtStart; j < n; j++) apiStmt[j] = true;

  /** The value at k and the index after it: a literal or constant, through conversions; else the text up to the argument's end. */
  const valueAt = (k: number, nested = 0): { v?: string; dynamic?: string; next: number } => {
    let j = k;
    let v: string | undefined;
    if (nested < 3 && id(j, 'String') && p(j + 1, '::') && id(j + 2, 'from') && p(j + 3, '(')) {
      const inner = valueAt(j + 4, nested + 1);
      if (inner.v !== undefined && p(inner.next, ')')) return { v: inner.v, next: inner.next + 1 };
    }
    if (p(j, '&')) j++;
    const t = toks[j];
    if (t?.t === 'lit' && t.str !== undefined) v = t.str;
    else if (t?.t === 'ident' && typeof consts.get(t.v) === 'string') v = consts.get(t.v) as string;
    if (v !== undefined) {
      j++;
      while (p(j, '.') && CONVERSIONS.has(word(j + 1) ?? '') && p(j + 2, '(') && p(j + 3, ')')) j += 4;
      if (p(j, ',') || p(j, ')')) return { v, next: j };
    }
    // Dynamic: the argument's text, to its top-level `,` or `)`.
    let depth = 0;
    let e = k;
    for (; e < n && e - k < 200; e++) {
      if (p(e, '(') || p(e, '[') || p(e, '{')) depth++;
      else if (p(e, ')') || p(e, ']') || p(e, '}')) {
        if (depth === 0) break;
        depth--;
      } else if (p(e, ',') && depth === 0) break;
    }
    return { dynamic: spanText(k, e), next: e };
  };
  const starts = lineStarts(text, 'lf');
  const offset = (t: RustToken) => (starts[t.line - 1] ?? 0) + t.column - 1;
  /** The source text of tokens [a, b): up to the token that ends it (the text's end when none does), blanks folded. */
  const spanText = (a: number, b: number): string => {
    const first = toks[a];
    if (first === undefined) return '';
    const from = offset(first);
    const end = toks[b] !== undefined ? offset(toks[b] as RustToken) : text.length;
    const s = text.slice(from, Math.min(end, from + MAX_TEXT * 4)).replace(/\s+/g, ' ').trim();
    return s.length > MAX_TEXT ? `${s.slice(0, MAX_TEXT - 1)}…` : s;
  };
  const idFields = (x: { v?: string; dynamic?: string }): Pick<PullSite, 'id' | 'dynamic' | 'localPath'> => {
    if (x.v === undefined) return { dynamic: x.dynamic ?? '' };
    if (isLocalPath(x.v)) return { localPath: x.v };
    return isHubId(x.v) ? { id: x.v } : { dynamic: x.v.length > MAX_TEXT ? `${x.v.slice(0, MAX_TEXT - 1)}…` : x.v };
  };

  const out: PullSite[] = [];
  for (let k = 0; k < n; k++) {
    const t = toks[k] as RustToken;
    // api.model(…), Api::new()?.model(…)
    if (p(k, '.') && API_METHODS.has(word(k + 1) ?? '') && p(k + 2, '(') && (apis.has(word(k - 1) ?? '') || apiStmt[k] === true)) {
      if (p(k + 3, ')')) continue;
      const val = valueAt(k + 3);
      const at = toks[k + 1] as RustToken;
      out.push({ via: `Api.${word(k + 1)}`, repoType: API_METHODS.get(word(k + 1) as string) as HubRepoType, ...idFields(val), line: at.line, column: at.column });
      continue;
    }
    // Repo::new(id, RepoType::X), Repo::with_revision(id, RepoType::X, rev), Repo::model(id), Repo::dataset(id)
    if (t.t === 'ident' && t.v === 'Repo' && p(k + 1, '::') && p(k + 3, '(') && !p(k - 1, '::')) {
      const ctor = word(k + 2);
      if (ctor !== 'new' && ctor !== 'with_revision' && ctor !== 'model' && ctor !== 'dataset' && ctor !== 'space') continue;
      const val = valueAt(k + 4);
      let repoType: HubRepoType | undefined = ctor === 'dataset' ? 'dataset' : ctor === 'space' ? 'space' : ctor === 'model' ? 'model' : undefined;
      let revision: { v?: string; dynamic?: string } | undefined;
      if (ctor === 'new' || ctor === 'with_revision') {
        // RepoType::Model as the second argument.
        const j = val.next;
        if (!(p(j, ',') && id(j + 1, 'RepoType') && p(j + 2, '::'))) continue;
        repoType = REPO_TYPES.get(word(j + 3) ?? '');
        if (repoType === undefined) continue;
        if (ctor === 'with_revision') {
          if (!p(j + 4, ',')) continue;
          revision = valueAt(j + 5);
        }
      }
      const site: PullSite = { via: `Repo::${ctor}`, repoType: repoType as HubRepoType, ...idFields(val), line: t.line, column: t.column };
      if (revision?.v !== undefined) site.revision = revision.v;
      else if (revision !== undefined) site.revisionDynamic = true;
      out.push(site);
    }
  }
  return out;
}
