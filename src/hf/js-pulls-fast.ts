/**
 * The token reader for Hugging Face pulls in JavaScript/TypeScript: the same answer as the
 * TypeScript-parser reader (src/hf/js-pulls.ts) for the plain shapes most code has, read from the
 * tokens of src/lang/js-lex.ts:
 *
 *   import { pipeline, AutoModel } from '@huggingface/transformers';
 *   import * as hub from '@huggingface/hub';
 *   const hf = new HfInference(process.env.HF_TOKEN);
 *   pipeline('task', 'org/model', { revision: 'main' });   AutoModel.from_pretrained('org/m');
 *   hub.downloadFile({ repo: 'org/m', path: 'model.onnx' });  hf.textGeneration({ model: 'org/m' });
 *
 * Why it exists: loading the TypeScript parser costs about 0.2 s per thread and parsing a few
 * hundred files another 0.2 s, for files whose pulls are literal arguments of direct calls.
 *
 * It answers only when it can see every use of every name bound to the packages: each such name
 * must appear only where it is imported, called (`name(`), constructed into a top-level client
 * (`const c = new HfInference(…)`) or used as the object of a call (`name.method(`). Any other use
 * (passed along, shadowed by a parameter, a class field, `require`/`import()` of a package,
 * `env.allowRemoteModels`, a value that is a name or a template with substitutions, …) makes it
 * unsure, and the caller parses the file.
 */
import { JS_IDENT, JS_OBJECT_BRACE, JS_PUNCT, JS_STRING, JS_TEMPLATE, JsUnsure, lexJs, type JsTokens } from '../lang/js-lex.js';
import { lineOf, lineStarts } from '../util/lines.js';
import { isHubId, isPickleWeights, type HfSites, type HubRepoType, type PullSite } from './types.js';
import { cut, HUB_PULLS, idPartOf, INFERENCE_CLIENTS, INFERENCE_NON_TASKS, packageOf, REPO_PREFIXES, sourceSpan, type IdPart, type Pkg } from './js-calls.js';

/** What a name is bound to: an export of a package ('*': its namespace), or a client instance. */
type Binding = { kind: 'import'; pkg: Pkg; name: string; at: number } | { kind: 'client'; at: number; newAt: number };

/** A value expression: the tokens [a, b). */
interface Expr {
  a: number;
  b: number;
}

/** A value: a string, absent (`undefined`/`null`), `true`, another constant, or dynamic (its source text). */
type Val = { kind: 'str'; value: string } | { kind: 'absent' } | { kind: 'true' } | { kind: 'other' } | { kind: 'dynamic' };

const DECLARING = new Set(['function', 'class', 'const', 'let', 'var', 'interface', 'type', 'enum', 'namespace', 'module', 'import', 'export', 'get', 'set', 'static', 'async', 'declare', 'abstract', 'readonly', 'private', 'public', 'protected', 'accessor', 'override']);
const LOWER_THAN_PLUS = new Set(['||', '&&', '??', '?', '|', '&', '^', '==', '!=', '===', '!==', '<', '>', '<=', '>=', 'instanceof', 'in', '<<', '>>', '>>>']);

const SHORTHAND: Expr = { a: -1, b: -1 };

class Props extends Map<string, Expr> {
  override get(key: string): Expr | undefined {
    const v = super.get(key);
    if (v === SHORTHAND) throw new JsUnsure('a shorthand property read');
    return v;
  }
}

/** Pulls of one JS/TS source, or `undefined` when the reader is unsure (the caller parses). */
export function jsHfSitesFast(text: string, path: string): HfSites | undefined {
  if (text.includes('allowRemoteModels')) return undefined;
  try {
    return read(lexJs(text, path), text);
  } catch (e) {
    if (e instanceof JsUnsure) return undefined;
    throw e;
  }
}

function read(t: JsTokens, text: string): HfSites {
  const n = t.n;
  const tx = (k: number) => text.slice(t.start[k], t.end[k]);
  const isP = (k: number, p: string) => k >= 0 && k < n && t.type[k] === JS_PUNCT && (t.end[k] as number) - (t.start[k] as number) === p.length && text.startsWith(p, t.start[k]);
  const isI = (k: number, w?: string) => k >= 0 && k < n && t.type[k] === JS_IDENT && (w === undefined || tx(k) === w);
  const isLit = (k: number) => k >= 0 && k < n && (t.type[k] === JS_STRING || t.type[k] === JS_TEMPLATE);
  const unsure = (why: string): never => {
    throw new JsUnsure(why);
  };
  /** The closer of the bracket opened at k. */
  const closers = new Int32Array(n).fill(-1);
  for (let k = 0; k < n; k++) {
    if (t.type[k] !== JS_PUNCT) continue;
    const c = text.charCodeAt(t.start[k] as number);
    if ((c === 41 || c === 125 || c === 93) && (t.end[k] as number) - (t.start[k] as number) === 1) {
      const o = t.info[k] as number;
      if (o >= 0 && o < n) closers[o] = k;
    }
  }
  const closeOf = (k: number) => {
    const c = closers[k] as number;
    if (c < 0) unsure('unclosed bracket');
    return c;
  };
  /** Each bracket's own commas, found in one pass (nested calls cost no rescans). */
  const commas = new Map<number, number[]>();
  for (let k = 0; k < n; k++) {
    const par = t.parent[k] as number;
    if (par < 0 || !isP(k, ',')) continue;
    const list = commas.get(par);
    if (list) list.push(k);
    else commas.set(par, [k]);
  }
  /** The tokens inside the bracket at `open`, split at its own commas. */
  const items = (open: number): Expr[] => {
    const close = closeOf(open);
    const out: Expr[] = [];
    let s = open + 1;
    for (const k of commas.get(open) ?? []) {
      out.push({ a: s, b: k });
      s = k + 1;
    }
    if (s < close) out.push({ a: s, b: close });
    return out;
  };

  // Import declarations of the packages (top level), and any other way of loading them.
  const bindings = new Map<string, Binding>();
  /** Where an import repeats one already bound (the same name from the same export). */
  const repeated = new Set<number>();
  for (let k = 0; k < n; k++) {
    if (!isI(k, 'import') && !isI(k, 'require')) continue;
    if (isP(k - 1, '.') || isP(k - 1, '?.')) continue;
    if (isP(k + 1, '(')) {
      // require(pkg) / import(pkg) of a package: the parser's reader follows those bindings.
      const arg = k + 2;
      if (isLit(arg) && packageOf(t.literal(arg))) unsure('require or import() of a package');
      continue;
    }
    if (!isI(k, 'import') || t.parent[k] !== -1 || isP(k + 1, '.')) continue;
    // import [type] [X][, ]['* as Y' | '{...}'] from S   |   import S   |   import X = require(S)
    let j = k + 1;
    let typeOnly = false;
    if (isI(j, 'type') && !isI(j + 1, 'from') && !isP(j + 1, ',')) {
      typeOnly = true;
      j++;
    }
    if (isLit(j)) continue; // side-effect import
    const local: { name: string; at: number; imported: string }[] = [];
    if (isI(j) && !isI(j, 'from')) {
      if (isP(j + 1, '=')) {
        if (isI(j + 2, 'require') && isLit(j + 4) && packageOf(t.literal(j + 4))) unsure('import = require of a package');
        continue;
      }
      local.push({ name: tx(j), at: j, imported: '*' });
      j++;
      if (isP(j, ',')) j++;
    }
    if (isP(j, '*')) {
      if (!isI(j + 1, 'as') || !isI(j + 2)) unsure('unexpected namespace import');
      local.push({ name: tx(j + 2), at: j + 2, imported: '*' });
      j += 3;
    } else if (isP(j, '{')) {
      const close = closeOf(j);
      for (const it of items(j)) {
        let a = it.a;
        if (isI(a, 'type') && it.b - a > 1 && !isI(a + 1, 'as')) unsure('a type-only import element');
        if (!(isI(a) || t.type[a] === JS_STRING)) unsure('unexpected import element');
        const imported = t.type[a] === JS_STRING ? t.literal(a) : tx(a);
        a++;
        let name = imported;
        let at = it.a;
        if (isI(a, 'as')) {
          if (!isI(a + 1)) unsure('import as without a name');
          name = tx(a + 1);
          at = a + 1;
          a += 2;
        }
        if (a !== it.b) unsure('unexpected import element');
        local.push({ name, at, imported });
      }
      j = close + 1;
    }
    if (!isI(j, 'from') || !isLit(j + 1)) unsure('import without from');
    const pkg = packageOf(t.literal(j + 1));
    if (!pkg) continue;
    for (const b of local) {
      if (typeOnly) continue;
      const prior = bindings.get(b.name);
      if (prior) {
        // The same import written again binds the same thing (the parser's reader keeps the last);
        // a name bound to something else is left to the parser.
        if (prior.kind !== 'import' || prior.pkg !== pkg || prior.name !== b.imported) unsure('a name imported twice');
        repeated.add(b.at);
        continue;
      }
      bindings.set(b.name, { kind: 'import', pkg, name: b.imported, at: b.at });
    }
  }
  if (!bindings.size) return { pulls: [], loaders: [] };

  // Top-level clients: `const|let|var c = new X(token)` with X an inference client class.
  for (let k = 0; k < n; k++) {
    if (!isI(k, 'new') || t.parent[k] !== -1) continue;
    const cls = exportAt(k + 1);
    if (!cls || cls.target.pkg !== 'inference' || !INFERENCE_CLIENTS.has(cls.target.name)) continue;
    const open = cls.next;
    if (!isP(open, '(') || !isP(k - 1, '=') || !isI(k - 2) || !(isI(k - 3, 'const') || isI(k - 3, 'let') || isI(k - 3, 'var'))) unsure('a client that is not a top-level variable');
    if (items(open).length > 1) unsure('a client with options');
    const after = closeOf(open) + 1;
    if (!(after >= n || isP(after, ';') || startsLine(after))) unsure('a client in a larger expression');
    const name = tx(k - 2);
    if (bindings.has(name)) unsure('a client name bound twice');
    bindings.set(name, { kind: 'client', at: k - 2, newAt: k });
  }

  function startsLine(k: number): boolean {
    const between = text.slice(t.end[k - 1], t.start[k]);
    return /[\n\r\u2028\u2029]/.test(between);
  }

  /** `X` or `ns.X` at k bound to a package export: the export and the index after it. */
  function exportAt(k: number): { target: { pkg: Pkg; name: string }; next: number } | undefined {
    if (!isI(k)) return undefined;
    const b = bindings.get(tx(k));
    if (!b || b.kind !== 'import') return undefined;
    if (b.name === '*') {
      if (!isP(k + 1, '.') || !isI(k + 2)) return undefined;
      return { target: { pkg: b.pkg, name: tx(k + 2) }, next: k + 3 };
    }
    return { target: { pkg: b.pkg, name: b.name }, next: k + 1 };
  }

  // Every use of a bound name must be one this reader understands; collect the calls.
  const calls: { at: number; open: number; site: (open: number, at: number) => PullSite | undefined }[] = [];
  for (let k = 0; k < n; k++) {
    if (t.type[k] !== JS_IDENT) continue;
    const name = tx(k);
    const b = bindings.get(name);
    if (!b) continue;
    if (isP(k - 1, '.') || isP(k - 1, '?.')) continue; // a member name, not the binding
    if (k === b.at || repeated.has(k)) continue;
    const prev = k > 0 && t.type[k - 1] === JS_IDENT ? tx(k - 1) : '';
    if (DECLARING.has(prev)) unsure('a bound name declared again');
    const par = t.parent[k] as number;
    if (par >= 0 && isP(par, '{') && t.info[par] !== JS_OBJECT_BRACE) {
      // In a block or class body: fine, unless it starts a class member.
      if (t.info[par] === 3) unsure('a bound name as a class member');
    }
    if (par >= 0 && isP(par, '{') && t.info[par] === JS_OBJECT_BRACE && (isP(k - 1, '{') || isP(k - 1, ','))) unsure('a bound name as an object key');
    if (prev === 'new') {
      if (b.kind === 'import' && [...bindings.values()].some((c) => c.kind === 'client' && c.newAt === k - 1)) continue;
      unsure('a construction this reader does not follow');
    }
    if (b.kind === 'import' && b.name !== '*' && isP(k + 1, '(')) {
      // A direct call of an export: pipeline(…), downloadFile(…), textGeneration(…).
      checkCall(k + 1);
      const target = { pkg: b.pkg, name: b.name };
      calls.push({ at: k, open: k + 1, site: (open, at) => exportCallSite(target, open, at) });
      continue;
    }
    if (isP(k + 1, '.') && isI(k + 2)) {
      const m = tx(k + 2);
      if (isP(k + 3, '(')) {
        checkCall(k + 3);
        if (b.kind === 'client') {
          calls.push({ at: k, open: k + 3, site: (open, at) => (m === 'endpoint' ? undefined : inferenceSite(open, at, m)) });
        } else if (b.name === '*') {
          const target = { pkg: b.pkg, name: m };
          calls.push({ at: k, open: k + 3, site: (open, at) => exportCallSite(target, open, at) });
        } else if (m === 'from_pretrained') {
          const pkg = b.pkg;
          const cls = b.name;
          calls.push({ at: k, open: k + 3, site: (open, at) => (pkg === 'transformers' ? fromPretrainedSite(open, at, cls) : undefined) });
        } else {
          calls.push({ at: k, open: k + 3, site: () => undefined });
        }
        continue;
      }
      if (b.kind === 'import' && b.name === '*' && isP(k + 3, '.') && isI(k + 4, 'from_pretrained') && isP(k + 5, '(')) {
        checkCall(k + 5);
        const pkg = b.pkg;
        const cls = m;
        calls.push({ at: k, open: k + 5, site: (open, at) => (pkg === 'transformers' ? fromPretrainedSite(open, at, cls) : undefined) });
        continue;
      }
    }
    unsure('a use of a bound name this reader does not follow');
  }

  /** A call's parenthesis: not a method definition (`name(…) {`), no spread arguments. */
  function checkCall(open: number): void {
    const after = closeOf(open) + 1;
    if (isP(after, '{') || isP(after, '=>')) unsure('a method or function definition');
  }

  // Values.
  const exprText = (x: Expr) => sourceSpan(text, t.start[x.a] as number, t.end[x.b - 1] as number);
  /** resolveString's answer for the forms this reader knows; unsure for names and members it would follow. */
  function valueOf(x: Expr): Val {
    if (x.a >= x.b) unsure('empty expression');
    if (x.b - x.a === 1) {
      const k = x.a;
      if (isLit(k)) return { kind: 'str', value: t.literal(k) };
      if (isI(k, 'undefined') || isI(k, 'null')) return { kind: 'absent' };
      if (isI(k, 'true')) return { kind: 'true' };
      if (isI(k, 'false')) return { kind: 'other' };
      return unsure('a value this reader does not resolve');
    }
    // A top-level operator weaker than `+`: the parser's expression is not a `+` or a name (dynamic).
    for (let k = x.a; k < x.b; k = (closers[k] as number) > k ? (closers[k] as number) + 1 : k + 1) {
      if (t.parent[k] !== t.parent[x.a]) continue;
      if (t.type[k] === JS_PUNCT && LOWER_THAN_PLUS.has(tx(k))) return { kind: 'dynamic' };
      if (t.type[k] === JS_IDENT && (tx(k) === 'as' || tx(k) === 'satisfies')) unsure('a cast');
    }
    // A call `f(…)` / `a.b.c(…)`, or a member chain of three names or more: dynamic.
    let k = x.a;
    if (isI(k, 'await')) k++;
    if (!isI(k)) return unsure('a value this reader does not resolve');
    let names = 1;
    k++;
    while (isP(k, '.') && isI(k + 1)) {
      names++;
      k += 2;
    }
    if (k === x.b) {
      if (names >= 3 && !isI(x.a, 'await')) return { kind: 'dynamic' };
      return unsure('a member this reader does not resolve');
    }
    if (isP(k, '(') && closeOf(k) === x.b - 1) return { kind: 'dynamic' };
    return unsure('a value this reader does not resolve');
  }
  const str = (x: Expr | undefined): string | undefined => {
    if (!x) return undefined;
    const v = valueOf(x);
    return v.kind === 'str' ? (v.value.length <= 4096 ? v.value : undefined) : undefined;
  };
  const absent = (x: Expr) => x.b - x.a === 1 && (isI(x.a, 'undefined') || isI(x.a, 'null'));
  const idPart = (x: Expr): IdPart => idPartOf(str(x), () => exprText(x));
  /**
   * An inline object literal's properties (the last of a key wins; spreads are not properties). A
   * shorthand property (`{ inputs }`) is kept as such: reading one makes the reader unsure.
   */
  function objectAt(x: Expr | undefined): Props | undefined {
    if (!x) return undefined;
    if (x.b - x.a === 1 && isI(x.a) && !isI(x.a, 'undefined') && !isI(x.a, 'null')) unsure('an options name this reader does not follow');
    if (!(isP(x.a, '{') && t.info[x.a] === JS_OBJECT_BRACE && closeOf(x.a) === x.b - 1)) {
      valueOf(x); // unsure unless it is plainly not an object (a call, a literal, ...)
      return undefined;
    }
    const props = new Props();
    for (const it of items(x.a)) {
      if (isP(it.a, '...')) continue;
      let key: string | undefined;
      let v = it.a + 1;
      if (isI(it.a) || t.type[it.a] === JS_STRING) key = isI(it.a) ? tx(it.a) : t.literal(it.a);
      else if (isP(it.a, '[') && isLit(it.a + 1) && isP(it.a + 2, ']')) {
        key = t.literal(it.a + 1);
        v = it.a + 3;
      } else unsure('a property this reader does not read');
      if (v === it.b) {
        if (!isI(it.a)) unsure('a property without a value');
        props.set(key as string, SHORTHAND);
        continue;
      }
      if (!isP(v, ':')) unsure('a method or accessor in an options object');
      props.set(key as string, { a: v + 1, b: it.b });
    }
    return props;
  }
  const revisionPart = (x: Expr | undefined): Pick<PullSite, 'revision' | 'revisionDynamic'> => {
    if (!x || absent(x)) return {};
    const v = str(x);
    return v === undefined ? { revisionDynamic: true } : { revision: v };
  };

  const lines = lineStarts(text, 'cr-lf');
  const place = (k: number) => {
    const at = t.start[k] as number;
    const line = lineOf(lines, at);
    return { line: line + 1, column: at - (lines[line] as number) + 1 };
  };
  const argsOf = (open: number) => {
    const args = items(open);
    if (args.some((a) => isP(a.a, '...'))) unsure('a spread argument');
    return args;
  };

  function transformersSite(at: number, via: string, id: IdPart, options: Expr | undefined): PullSite {
    const obj = objectAt(options);
    const local = obj?.get('local_files_only');
    const rev = revisionPart(obj?.get('revision'));
    const site: PullSite = { via, repoType: 'model', ...id, ...rev, ...place(at) };
    if (local && valueOf(local).kind === 'true' && site.localPath === undefined) site.localPath = '(local_files_only)';
    return site;
  }

  function exportCallSite(target: { pkg: Pkg; name: string }, open: number, at: number): PullSite | undefined {
    if (target.pkg === 'transformers' && target.name === 'pipeline') {
      const [task, model, options] = argsOf(open);
      if (model && !absent(model)) return transformersSite(at, 'pipeline', idPart(model), options);
      const taskName = task ? (str(task) ?? exprText(task)) : '(no task)';
      return transformersSite(at, 'pipeline', { dynamic: cut(`default model for ${taskName}`) }, options);
    }
    if (target.pkg === 'hub' && HUB_PULLS.has(target.name)) return hubSite(open, at, target.name);
    if (target.pkg === 'inference' && !INFERENCE_NON_TASKS.has(target.name)) return inferenceSite(open, at, target.name);
    return undefined;
  }

  function fromPretrainedSite(open: number, at: number, cls: string): PullSite {
    const [id, options] = argsOf(open);
    return transformersSite(at, `${cls}.from_pretrained`, id ? idPart(id) : { dynamic: '(no argument)' }, options);
  }

  function hubSite(open: number, at: number, fn: string): PullSite {
    const [arg] = argsOf(open);
    const params = objectAt(arg);
    const repo = params?.get('repo');
    if (!params || !repo) return { via: fn, repoType: 'model', dynamic: arg ? exprText(arg) : '(no argument)', ...place(at) };
    const site: PullSite = { via: fn, ...repoPart(repo), ...revisionPart(params.get('revision')), ...place(at) };
    const pathArg = fn === 'snapshotDownload' ? undefined : params.get('path');
    const file = str(pathArg);
    if (file !== undefined) {
      site.file = file;
      if (isPickleWeights(file)) site.unsafeWeights = `path="${cut(file)}"`;
    }
    return site;
  }

  function repoPart(x: Expr): IdPart & { repoType: HubRepoType } {
    const obj = objectAt(x);
    if (obj) {
      const typeNode = obj.get('type');
      const nameNode = obj.get('name');
      const type = typeNode ? str(typeNode) : 'model';
      const repoType: HubRepoType = type === 'dataset' || type === 'space' ? type : 'model';
      if (!nameNode) return { repoType, dynamic: exprText(x) };
      const name = str(nameNode);
      if (name === undefined) return { repoType, dynamic: exprText(nameNode) };
      return isHubId(name) ? { repoType, id: name } : { repoType, dynamic: cut(name) };
    }
    const v = str(x);
    if (v === undefined) return { repoType: 'model', dynamic: exprText(x) };
    const [prefix, repoType] = REPO_PREFIXES.find(([p]) => v.startsWith(p)) ?? ['', 'model' as const];
    const name = v.slice(prefix.length);
    return isHubId(name) ? { repoType, id: name } : { repoType, dynamic: cut(v) };
  }

  function inferenceSite(open: number, at: number, method: string): PullSite | undefined {
    const [arg] = argsOf(open);
    const model = objectAt(arg)?.get('model');
    if (!model) return undefined;
    return { via: `inference.${method}`, repoType: 'model', ...idPart(model), ...place(at) };
  }

  const pulls: PullSite[] = [];
  for (const c of calls) {
    const site = c.site(c.open, c.at);
    if (site) pulls.push(site);
  }
  pulls.sort((a, b) => a.line - b.line || a.column - b.column);
  return { pulls, loaders: [] };
}
