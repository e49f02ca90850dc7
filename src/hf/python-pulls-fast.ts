/**
 * The token reader for Hugging Face pulls and unsafe loaders in Python: the same answer as the
 * tree-sitter reader (src/hf/python-pulls.ts), read from the tokens of src/lang/python-lex.ts by a
 * small grammar for what matters here: import statements, assignments of a name, function and
 * lambda parameters (a parameter shadows a module constant; its default is its value), calls with
 * their callee, positional and keyword arguments, and constant expressions (strings, f-strings of
 * names, `+`, parentheses, True/False/None). The meaning of each call is decided in
 * src/hf/python-calls.ts, shared with the tree-sitter reader.
 *
 * Why it exists: tree-sitter through wasm parsed about 5 MB/s here, and every Python file that
 * imports torch or transformers and calls from_pretrained or load went through it; this reader
 * takes a small fraction of that.
 *
 * Where it is not sure it answers `undefined` and the caller parses the file: whatever the lexer is
 * unsure of, a `match` statement, an f-string field that is not a plain name or attribute, or that
 * may hold an interesting call, indentation with tabs where a function's extent matters, a callee
 * it cannot name whose name would matter, and any import, def or lambda header it cannot read.
 */
import { lexPython, readImportStatement, T, tokValue, Unsure, type Tok } from '../lang/python-lex.js';
import { decodeEscapes } from '../lang/python.js';
import { lineOf, lineStarts } from '../util/lines.js';
import type { HfSites } from './types.js';
import { ENV_LOOKUPS, HF_LIBRARIES, MAX_HOPS, constantOf, dynamic, sitesOfCalls, type CallOf, type Resolver, type Value } from './python-calls.js';

/** An expression: the tokens [a, b). */
interface Expr {
  a: number;
  b: number;
}

interface Param {
  name: string;
  /** A default's expression; undefined for a parameter without one (its value is unknown). */
  value?: Expr;
}

/** A function or lambda: the tokens it spans (its parameters' defaults included) and its parameters. */
interface Scope {
  start: number;
  end: number;
  params: Param[];
}

const KEYWORDS = new Set([
  'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del', 'elif', 'else',
  'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal', 'not', 'or', 'pass', 'raise',
  'return', 'try', 'while', 'with', 'yield',
]);
/** Statements whose header ends at a `:` (after it, a new statement starts on the same line). */
const COMPOUND = new Set(['if', 'elif', 'else', 'while', 'for', 'try', 'except', 'finally', 'with', 'def', 'class', 'async']);
/** Names whose calls can be pulls or loaders (the last segment of a callee through its imports). */
const CALL_NAMES = /^(?:from_pretrained|pipeline|hf_hub_download|snapshot_download|load_dataset(?:_builder)?|SentenceTransformer|CrossEncoder|SparseEncoder|LLM|HuggingFace\w*Embeddings?|HuggingFaceLLM|resolve_embed_model|SentenceTransformers\w*Embedder|\w*SimilarityRanker|create_model\w*|load|loads|Unpickler|open|read_pickle|load_model)$/;
/** Calls whose meaning depends on the receiver even when it is not a name ('models[0].from_pretrained'). */
const RECEIVER_MATTERS = new Set(['from_pretrained', 'hf_hub_download', 'snapshot_download']);

/** Pulls and loaders of one Python source, or `undefined` when the reader is unsure. */
export function pythonHfSitesFast(text: string): HfSites | undefined {
  try {
    return read(lexPython(text), text);
  } catch (e) {
    if (e instanceof Unsure) return undefined;
    throw e;
  }
}

function read(toks: Tok[], text: string): HfSites {
  const n = toks.length;
  const isOp = (k: number, v: string) => {
    const t = toks[k];
    return t !== undefined && t.t === T.Op && t.v === v;
  };
  const isName = (k: number) => {
    const t = toks[k];
    return t !== undefined && t.t === T.Name && !KEYWORDS.has(t.v);
  };
  const isKw = (k: number, v: string) => {
    const t = toks[k];
    return t !== undefined && t.t === T.Name && t.v === v;
  };

  // Brackets: each opener's closer and back (the lexer has checked the counts; kinds are checked here).
  const closeOf = new Int32Array(n).fill(-1);
  const openOf = new Int32Array(n).fill(-1);
  {
    const stack: number[] = [];
    for (let k = 0; k < n; k++) {
      const t = toks[k] as Tok;
      if (t.t !== T.Op) continue;
      if (t.v === '(' || t.v === '[' || t.v === '{') stack.push(k);
      else if (t.v === ')' || t.v === ']' || t.v === '}') {
        const o = stack.pop();
        if (o === undefined) throw new Unsure('unbalanced brackets');
        const want = t.v === ')' ? '(' : t.v === ']' ? '[' : '{';
        if ((toks[o] as Tok).v !== want) throw new Unsure('mismatched brackets');
        closeOf[o] = k;
        openOf[k] = o;
      }
    }
  }
  /** The next index after k at the same bracket level (skipping a bracket group at k). */
  const step = (k: number) => (closeOf[k] as number) >= 0 ? (closeOf[k] as number) + 1 : k + 1;
  /** Splits [a, b) at its top-level commas. */
  const splitCommas = (a: number, b: number): Expr[] => {
    const out: Expr[] = [];
    let s = a;
    for (let k = a; k < b; k = step(k)) {
      if (isOp(k, ',')) {
        out.push({ a: s, b: k });
        s = k + 1;
      }
    }
    out.push({ a: s, b });
    return out;
  };
  const topLevelHas = (a: number, b: number, pred: (t: Tok) => boolean) => {
    for (let k = a; k < b; k = step(k)) if (pred(toks[k] as Tok)) return true;
    return false;
  };

  const imports = new Map<string, string>(); // local name → qualified module path
  const assigned = new Map<string, Expr[]>(); // name → right-hand sides
  const calls: number[] = []; // indexes of the `(` of each call
  const defs: { first: number; colon: number; params: Param[]; start: number }[] = [];
  const lambdas: Scope[] = [];
  const fieldStrings: number[] = []; // f-strings whose fields hold a call
  let hfImported = false;

  const stmtEnd = (k: number) => {
    const t = toks[k];
    return t === undefined || t.t === T.Newline || (t.t === T.Op && t.v === ';');
  };
  /** The end of the statement that starts at k: the index of its newline or `;` (or n). */
  const endOfStmt = (k: number) => {
    let j = k;
    while (j < n && !stmtEnd(j)) j = step(j);
    return j;
  };

  /** Parameters of a def (between its parentheses) or a lambda (up to its colon). */
  const readParams = (a: number, b: number, typed: boolean): Param[] => {
    const params: Param[] = [];
    for (const p of splitCommas(a, b)) {
      if (p.a === p.b) continue;
      const t = toks[p.a] as Tok;
      if (t.t === T.Op && (t.v === '*' || t.v === '**' || t.v === '/')) continue;
      if (!isName(p.a)) throw new Unsure('unexpected parameter');
      if (p.b === p.a + 1) {
        params.push({ name: t.v });
        continue;
      }
      let j = p.a + 1;
      if (typed && isOp(j, ':')) {
        j++;
        while (j < p.b && !isOp(j, '=')) j = step(j);
        if (j === p.b) {
          params.push({ name: t.v });
          continue;
        }
      }
      if (!isOp(j, '=') || j + 1 >= p.b) throw new Unsure('unexpected parameter');
      params.push({ name: t.v, value: { a: j + 1, b: p.b } });
    }
    return params;
  };

  /**
   * Records `name = rhs` for the name at k, the value starting at `from` (after an annotation), and
   * the inner assignment of a chained one (`a = b = "x"`), which the parser's tree nests in the outer.
   */
  const assignment = (k: number, from: number, end: number) => {
    const name = (toks[k] as Tok).v;
    const rhs: Expr = { a: from, b: end };
    if (rhs.a >= rhs.b) throw new Unsure('assignment without a value');
    const list = assigned.get(name);
    if (list) list.push(rhs);
    else assigned.set(name, [rhs]);
    if (isName(rhs.a) && isOp(rhs.a + 1, '=')) assignment(rhs.a, rhs.a + 2, end);
  };

  /**
   * Where a lambda's body ends: the first `,`, `;`, closer, `for` or newline at the level of token
   * k. Worked out for every token at once, from the right, on first use, so a chain of nested
   * lambdas costs one pass, not one scan each.
   */
  let nextStop: Int32Array | undefined;
  const stopAfter = (k: number): number => {
    if (!nextStop) {
      const ns = new Int32Array(n + 1);
      ns[n] = n;
      for (let i = n - 1; i >= 0; i--) {
        const u = toks[i] as Tok;
        const stop =
          u.t === T.Newline ||
          (u.t === T.Op && (u.v === ',' || u.v === ';' || u.v === ')' || u.v === ']' || u.v === '}')) ||
          (u.t === T.Name && (u.v === 'for' || (u.v === 'async' && isKw(i + 1, 'for'))));
        const close = closeOf[i] as number;
        ns[i] = stop ? i : close >= 0 ? (ns[close + 1] as number) : (ns[i + 1] as number);
      }
      nextStop = ns;
    }
    return nextStop[Math.min(k, n)] as number;
  };

  // The statement pass: imports, assignments, defs; then lambdas and calls anywhere.
  let stmtStart = true;
  let compound = false; // the current statement is a compound header (its first ':' at level 0 ends it)
  let depth = 0;
  for (let k = 0; k < n; k++) {
    const t = toks[k] as Tok;
    if (t.t === T.Newline || (t.t === T.Op && t.v === ';' && depth === 0)) {
      stmtStart = true;
      compound = false;
      continue;
    }
    if (stmtStart) {
      stmtStart = false;
      if (t.t === T.Name) {
        const next = toks[k + 1];
        if ((t.v === 'match' || t.v === 'case') && !stmtEnd(k + 1) && !(next?.t === T.Op && /^[=.([,:;]$|^[-+*/%&|^@<>]=?$|^(\*\*|\/\/|>>|<<)=?$/.test(next.v))) {
          throw new Unsure('match statement');
        }
        if (t.v === 'import' || t.v === 'from') {
          const st = readImportStatement(toks, k);
          if (st.kind === 'import') {
            for (const x of st.names) {
              const root = x.name.split('.')[0] as string;
              // `import a.b` binds `a` (to the package); `import a.b as c` binds c to a.b.
              if (x.alias) imports.set(x.alias, x.name);
              else imports.set(root, root);
              if (HF_LIBRARIES.has(root)) hfImported = true;
            }
          } else if (!st.relative && st.module !== undefined && st.module !== '__future__') {
            // Relative imports and __future__ are other statements in the parser's tree: not read.
            if (HF_LIBRARIES.has(st.module.split('.')[0] as string)) hfImported = true;
            for (const x of st.names) imports.set(x.alias ?? x.name, `${st.module}.${x.name}`);
          }
          k = st.next - 1;
          continue;
        }
        if (t.v === 'def' || (t.v === 'async' && isKw(k + 1, 'def'))) {
          const d = t.v === 'def' ? k : k + 1;
          if (!isName(d + 1) || !isOp(d + 2, '(')) throw new Unsure('unexpected def header');
          const open = d + 2;
          const close = closeOf[open] as number;
          const params = readParams(open + 1, close, true);
          let colon = close + 1;
          while (colon < n && !isOp(colon, ':') && !stmtEnd(colon)) colon = step(colon);
          if (!isOp(colon, ':')) throw new Unsure('def without a colon');
          defs.push({ first: k, colon, params, start: k });
        }
        if (COMPOUND.has(t.v)) compound = true;
        else if (isName(k) && isOp(k + 1, '=')) assignment(k, k + 2, endOfStmt(k));
        else if (isName(k) && isOp(k + 1, ':')) {
          // An annotated assignment: `name: type = value`.
          const end = endOfStmt(k);
          let j = k + 2;
          while (j < end && !isOp(j, '=')) j = step(j);
          if (j < end) assignment(k, j + 1, end);
        }
      }
    }
    if (t.t === T.Op) {
      const v = t.v;
      if (v === '(' || v === '[' || v === '{') depth++;
      else if (v === ')' || v === ']' || v === '}') depth--;
      else if (v === ':' && depth === 0 && compound) {
        compound = false;
        stmtStart = true;
      }
      if (v === '(') {
        const prev = toks[k - 1];
        const callee =
          prev !== undefined &&
          ((prev.t === T.Name && !KEYWORDS.has(prev.v) && !isKw(k - 2, 'def') && !isKw(k - 2, 'class')) || (prev.t === T.Op && (prev.v === ')' || prev.v === ']')) || prev.t === T.Str);
        if (callee) calls.push(k);
      }
    } else if (t.t === T.Name && t.v === 'lambda') {
      // Parameters up to the colon at this level; the body up to `,`, `for` or the closer at this level.
      let j = k + 1;
      while (j < n && !isOp(j, ':') && !stmtEnd(j)) j = step(j);
      if (!isOp(j, ':')) throw new Unsure('lambda without a colon');
      if (topLevelHas(k + 1, j, (u) => u.t === T.Name && u.v === 'lambda')) throw new Unsure('a lambda in a lambda\'s defaults');
      const params = readParams(k + 1, j, false);
      lambdas.push({ start: k, end: stopAfter(j + 1), params });
    } else if (t.t === T.Str && t.interp >= 0) {
      for (let i = t.interp; i < t.be; i++) {
        if (text.charCodeAt(i) === 40) {
          fieldStrings.push(k);
          break;
        }
      }
    }
  }

  // A call inside an f-string field is a call node in the parser's tree, not a token here: when a
  // field calls something that could matter (a pull or loader name, or an imported name), parse.
  for (const k of fieldStrings) {
    const t = toks[k] as Tok;
    const body = text.slice(t.interp, t.be);
    for (const m of body.matchAll(/([A-Za-z_]\w*)\s*\(/g)) {
      const w = m[1] as string;
      if (CALL_NAMES.test(w) || imports.has(w)) throw new Unsure('an f-string field calls a name that matters');
    }
  }

  // Function extents: a def's body is the rest of its line, or the lines indented deeper than it.
  const lines = lineStarts(text, 'cr-lf');
  // Not `[...lambdas]`: a copy of an empty list starts as a list of small integers, and the first
  // scope pushed onto it threw away this reader's optimized code, on every file with a def and
  // no lambda.
  const scopes: Scope[] = [];
  for (const l of lambdas) scopes.push(l);
  if (defs.length) {
    const indent = (k: number) => {
      const at = (toks[k] as Tok).s;
      const ls = lines[lineOf(lines, at)] as number;
      const lead = text.slice(ls, at);
      if (/[^ ]/.test(lead)) throw new Unsure('indentation that is not spaces');
      return at - ls;
    };
    // One sweep over the logical lines, with the defs whose bodies are open: a body ends at the
    // first line indented no deeper than its def (nested defs cost no rescans).
    const open: { indent: number; scope: Scope }[] = [];
    let di = 0;
    for (let j = 0; j < n; j++) {
      if (j > 0 && (toks[j - 1] as Tok).t !== T.Newline) continue; // not the start of a logical line
      const d = defs[di]?.first === j ? defs[di] : undefined;
      if (!open.length && !d) continue;
      const here = indent(j);
      while (open.length && (open[open.length - 1] as { indent: number }).indent >= here) (open.pop() as { scope: Scope }).scope.end = j;
      if (!d) continue;
      di++;
      const scope: Scope = { start: d.start, end: n, params: d.params };
      scopes.push(scope);
      if (!stmtEnd(d.colon + 1)) scope.end = endOfStmtFrom(d.colon + 1);
      else open.push({ indent: here, scope });
    }
    if (di < defs.length) throw new Unsure('a def that does not start its line');
  }
  function endOfStmtFrom(k: number): number {
    let j = k;
    while (j < n && (toks[j] as Tok).t !== T.Newline) j = step(j);
    return j;
  }
  // The innermost function or lambda around each token, and each one's enclosing one (they nest).
  scopes.sort((x, y) => x.start - y.start || y.end - x.end);
  const outer = new Int32Array(scopes.length).fill(-1);
  const scopeAt = scopes.length ? new Int32Array(n).fill(-1) : undefined;
  if (scopeAt) {
    const stack: number[] = [];
    let si = 0;
    for (let k = 0; k < n; k++) {
      while (stack.length && (scopes[stack[stack.length - 1] as number] as Scope).end <= k) stack.pop();
      for (; si < scopes.length && (scopes[si] as Scope).start === k; si++) {
        const top = stack[stack.length - 1];
        if (top !== undefined && (scopes[top] as Scope).end < (scopes[si] as Scope).end) throw new Unsure('scopes that overlap');
        outer[si] = top ?? -1;
        stack.push(si);
      }
      scopeAt[k] = stack[stack.length - 1] ?? -1;
    }
  }

  const place = (at: number) => {
    const line = lineOf(lines, at);
    return { line: line + 1, column: at - (lines[line] as number) + 1 };
  };
  const src = (x: Expr) => text.slice((toks[x.a] as Tok).s, (toks[x.b - 1] as Tok).e);

  // Values, as the tree-sitter reader's resolver computes them (the same depth steps).
  const value = (x: Expr | undefined, depth = 0): Value | undefined => {
    if (!x) return undefined;
    const { a, b } = x;
    if (a >= b) throw new Unsure('empty expression');
    const dyn = dynamic(src(x));
    if (depth > MAX_HOPS) return dyn;
    const first = toks[a] as Tok;
    if (b - a === 1) {
      if (first.t === T.Name) {
        if (first.v === 'True') return { kind: 'bool', value: true };
        if (first.v === 'False') return { kind: 'bool', value: false };
        if (first.v === 'None') return { kind: 'none' };
        if (KEYWORDS.has(first.v)) return dyn;
        return nameValue(first.v, a, depth) ?? dyn;
      }
      if (first.t === T.Str) return stringOf(a, depth) ?? dyn;
      return dyn;
    }
    let allStr = true;
    for (let k = a; k < b && allStr; k++) if ((toks[k] as Tok).t !== T.Str) allStr = false;
    if (allStr) {
      let out = '';
      for (let k = a; k < b; k++) {
        const v = stringOf(k, depth);
        if (!v || v.kind !== 'str') return dyn;
        out += v.value;
      }
      return { kind: 'str', value: out };
    }
    // An environment variable's lookup with a default (`os.getenv("MODEL_ID", "org/m")`,
    // `os.environ.get(…)`): the default, which runs where the variable is unset.
    const open = envLookupOpen(a, b);
    if (open >= 0) {
      const args = splitCommas(open + 1, b - 1).filter((e) => e.a < e.b);
      if (args.length !== 2 || args.some((e) => topLevelHas(e.a, e.b, (u) => u.t === T.Op && u.v === '='))) return dyn;
      const d = value(args[1], depth + 1);
      return d?.kind === 'str' ? d : dyn;
    }
    if (isOp(a, '(') && closeOf[a] === b - 1) {
      // A parenthesized expression (not a tuple, a generator or a yield).
      if (b - a === 2 || topLevelHas(a + 1, b - 1, (u) => (u.t === T.Op && u.v === ',') || (u.t === T.Name && u.v === 'for'))) return dyn;
      return value({ a: a + 1, b: b - 1 }, depth + 1);
    }
    // `left + right`, left-associative: the last `+` between operands at this level.
    const operands: number[] = [];
    let last = -1;
    for (let k = a; k < b; ) {
      // An operand: a name, a run of strings, or a parenthesized group.
      const u = toks[k] as Tok;
      operands.push(k);
      if (u.t === T.Str) while (k < b && (toks[k] as Tok).t === T.Str) k++;
      else if ((u.t === T.Name && !KEYWORDS.has(u.v)) || (u.t === T.Name && (u.v === 'True' || u.v === 'False' || u.v === 'None'))) k++;
      else if (isOp(k, '(')) k = (closeOf[k] as number) + 1;
      else return dyn;
      if (k === b) break;
      if (!isOp(k, '+')) return dyn;
      last = k;
      k++;
      if (k === b) throw new Unsure('dangling +');
    }
    if (last < 0) return dyn;
    const l = value({ a, b: last }, depth + 1);
    const r = value({ a: last + 1, b }, depth + 1);
    return l?.kind === 'str' && r?.kind === 'str' ? { kind: 'str', value: l.value + r.value } : dyn;
  };

  /** The `(` of `os.getenv(…)` / `os.environ.get(…)` / `getenv(…)` / `environ.get(…)` spanning [a, b), or -1. */
  const envLookupOpen = (a: number, b: number): number => {
    const names: string[] = [];
    let k = a;
    for (; k < b; k++) {
      const u = toks[k] as Tok;
      if (u.t === T.Name && (k - a) % 2 === 0) names.push(u.v);
      else if (!(isOp(k, '.') && (k - a) % 2 === 1)) break;
    }
    return isOp(k, '(') && closeOf[k] === b - 1 && ENV_LOOKUPS.has(names.join('.')) ? k : -1;
  };

  const stringOf = (k: number, depth: number): Value | undefined => {
    const t = toks[k] as Tok;
    if (t.interp < 0) return { kind: 'str', value: tokValue(t, text).value as string };
    // An f-string: every field must be a constant name.
    const prefix = text.slice(t.s, t.bs).replace(/["']+$/, '');
    if (/[tT]/.test(prefix) || t.raw) throw new Unsure('raw f-string or t-string with fields');
    const body = text.slice(t.bs, t.be);
    if (body.includes('\\') || body.includes('{{') || body.includes('}}')) throw new Unsure('f-string with escapes or doubled braces');
    let out = '';
    let i = 0;
    for (;;) {
      const open = body.indexOf('{', i);
      if (open < 0) {
        out += decodeEscapes(body.slice(i));
        break;
      }
      out += decodeEscapes(body.slice(i, open));
      const close = body.indexOf('}', open + 1);
      if (close < 0) throw new Unsure('unclosed f-string field');
      const field = body.slice(open + 1, close);
      const name = /^\s*([A-Za-z_]\w*)\s*$/.exec(field);
      if (name) {
        const w = name[1] as string;
        const v = depth + 1 > MAX_HOPS ? undefined : w === 'True' ? { kind: 'bool' as const, value: true } : w === 'False' ? { kind: 'bool' as const, value: false } : w === 'None' ? { kind: 'none' as const } : KEYWORDS.has(w) ? undefined : nameValue(w, k, depth + 1);
        if (!v || v.kind !== 'str') return undefined;
        out += v.value;
      } else if (/^\s*[A-Za-z_]\w*(\s*\.\s*[A-Za-z_]\w*)+\s*$/.test(field)) {
        return undefined; // an attribute: dynamic
      } else {
        throw new Unsure('f-string field that is not a name');
      }
      i = close + 1;
    }
    return { kind: 'str', value: out };
  };

  const nameValue = (name: string, at: number, depth: number): Value | undefined => {
    // A parameter of an enclosing function shadows module names: its default, or dynamic.
    for (let i = scopeAt ? (scopeAt[at] as number) : -1; i >= 0; i = outer[i] as number) {
      for (const p of (scopes[i] as Scope).params) {
        if (p.name !== name) continue;
        return p.value ? value(p.value, depth + 1) : undefined;
      }
    }
    return constantOf(assigned.get(name), (r) => value(r, depth + 1));
  };

  const resolver: Resolver<Expr> = { value, text: src };

  const described: CallOf<Expr>[] = [];
  for (const k of calls) {
    const call = describe(k);
    if (call) described.push(call);
  }

  function describe(k: number): CallOf<Expr> | undefined {
    const close = closeOf[k] as number;
    // Arguments.
    const positional: Expr[] = [];
    const keywords = new Map<string, Expr>();
    const args = close === k + 1 ? [] : splitCommas(k + 1, close).filter((x) => x.a < x.b);
    if (args.some((x) => topLevelHas(x.a, x.b, (u) => u.t === T.Name && u.v === 'for'))) {
      if (args.length === 1) return undefined; // f(x for x in y): a generator, not an argument list
      throw new Unsure('generator among arguments');
    }
    for (const x of args) {
      const t = toks[x.a] as Tok;
      if (t.t === T.Op && (t.v === '*' || t.v === '**')) continue;
      if (t.t === T.Name && isOp(x.a + 1, '=')) {
        if (x.a + 2 >= x.b) throw new Unsure('keyword argument without a value');
        keywords.set(t.v, { a: x.a + 2, b: x.b });
      } else positional.push(x);
    }

    // The callee: trailing `.name` segments, then what they hang on.
    const parts: string[] = [];
    let j = k - 1;
    while ((toks[j] as Tok).t === T.Name && isOp(j - 1, '.')) {
      parts.unshift((toks[j] as Tok).v);
      j -= 2;
    }
    const last = parts[parts.length - 1];
    const end = toks[j] as Tok;
    let head: string;
    let start: number;
    if (end.t === T.Name && !KEYWORDS.has(end.v)) {
      head = imports.get(end.v) ?? (parts.length ? `?${end.v}` : end.v);
      start = j;
    } else if (end.t === T.Op && end.v === ')') {
      const o = openOf[j] as number;
      let s = o - 1;
      if (!parts.length) {
        // f(...)(...): the parser names the callee 'f()', which is no pull or loader unless f is an
        // imported name ('timm.create_model()' still starts with create_model).
        if (isName(s) && !isOp(s - 1, '.') && imports.has((toks[s] as Tok).v)) throw new Unsure('a call of an imported call');
        return undefined;
      }
      // HfApi().snapshot_download(...): name the inner call's callee.
      if (!isName(s)) {
        if (RECEIVER_MATTERS.has(last as string)) throw new Unsure('a callee this reader cannot name');
        return undefined;
      }
      while (isOp(s - 1, '.') && isName(s - 2)) s -= 2;
      if (isOp(s - 1, '.') || isOp(s - 1, ')') || isOp(s - 1, ']')) {
        if (RECEIVER_MATTERS.has(last as string)) throw new Unsure('a callee this reader cannot name');
        return undefined;
      }
      const inner = text.slice((toks[s] as Tok).s, (toks[o - 1] as Tok).e);
      head = s === o - 1 && imports.has(inner) ? `${imports.get(inner)}()` : `?${inner}()`;
      start = s;
    } else {
      // A subscript, a string, a parenthesized expression...: the parser names it '?'.
      if (parts.length && RECEIVER_MATTERS.has(last as string)) throw new Unsure('a callee this reader cannot name');
      return undefined;
    }
    const qualified = [head, ...parts].join('.');
    const segs = qualified.split('.');
    const name = segs[segs.length - 1] as string;
    let receiver: string | undefined;
    if (parts.length) {
      // The object's source text, as the parser's attribute node holds it.
      const objEnd = k - 3; // the token before the last `.`
      receiver = text.slice((toks[start] as Tok).s, (toks[objEnd] as Tok).e).split('.').pop()?.replace(/\(.*$/s, '');
    }
    return { at: place((toks[start] as Tok).s), qualified, name, ...(receiver ? { receiver } : {}), positional, keywords };
  }

  return sitesOfCalls(described, resolver, hfImported);
}
