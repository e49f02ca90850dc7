/**
 * Hugging Face pulls and unsafe model loaders in Python. Calls are named through the file's own
 * imports (`import numpy as np` makes `np.load` numpy.load), and the model id and revision are
 * resolved from literals, same-file constants, f-strings and concatenations of constants, and
 * default parameter values; anything else is recorded as dynamic, never guessed. What each call
 * means is decided in src/hf/python-calls.ts.
 *
 * Two readers: the token reader (src/hf/python-pulls-fast.ts, on the lexer of src/lang/python-lex.ts)
 * answers for most files; where it is unsure, tree-sitter-python (the parser src/lang/python.ts
 * loads lazily) reads the file, below. test/hf/python-fast-path.test.ts holds both to the same
 * answer.
 *
 * Pulls are reported only in files that import a Hugging Face library (as Bandit's B615 does), so
 * an unrelated `pipeline()` or `load()` is not a pull. Loaders are named through imports alone.
 */
import type { Node as TsNode } from 'web-tree-sitter';
import { getParser, literalValue, dottedName, decodeEscapes, parseBounded } from '../lang/python.js';
import type { HfSites } from './types.js';
import { ENV_LOOKUPS, HF_LIBRARIES, MAX_HOPS, constantOf, dynamic, sitesOfCalls, type CallOf, type Resolver, type Value } from './python-calls.js';
import { pythonHfSitesFast } from './python-pulls-fast.js';
import { CALL_HINT, prefilter } from './python-prefilter.js';
import { lineStarts } from '../util/lines.js';
import { argDefaults, defaultOf } from './python-args.js';
import { isHubId, isLocalPath } from './types.js';

type Call = CallOf<TsNode> & { node: TsNode };

/**
 * Pulls and loaders of one Python source. Never throws on bad input: tree-sitter recovers from
 * syntax errors and whatever parsed is read. `known`: what the keyword pass already knows of the
 * prefilter's words (see prefilter()).
 */
export async function pythonHfSites(text: string, known: { names?: boolean | undefined; load?: boolean | undefined } = {}): Promise<HfSites> {
  const empty: HfSites = { pulls: [], loaders: [] };
  if (!prefilter(text, known) || !CALL_HINT.test(text)) return empty;
  const sites = pythonHfSitesFast(text) ?? (await pythonHfSitesParsed(text));
  return withNestedRemoteCode(withArgDefaults(withoutLoadedModels(sites, text), text), text);
}

/**
 * A pull given a command-line option (`from_pretrained(args.model_name_or_path)`) whose definition in
 * the file has a string default: the default is the model the script pulls unless run with the
 * option (src/hf/python-args.ts), recorded with the option's name.
 */
function withArgDefaults(sites: HfSites, text: string): HfSites {
  const named = (p: HfSites['pulls'][number]) => p.id === undefined && p.localPath === undefined && p.dynamic !== undefined && /^[A-Za-z_]\w*\.[A-Za-z_]\w*$/.test(p.dynamic);
  if (!sites.pulls.some(named)) return sites;
  const defaults = argDefaults(text);
  if (defaults.defaults.size === 0) return sites;
  let changed = false;
  const pulls = sites.pulls.map((p) => {
    if (!named(p)) return p;
    const d = defaultOf(p.dynamic as string, defaults);
    if (d === undefined || !(isLocalPath(d.value) || isHubId(d.value))) return p;
    changed = true;
    const { dynamic: _, ...rest } = p;
    return isLocalPath(d.value) ? { ...rest, localPath: d.value, argDefault: d.option } : { ...rest, id: d.value, argDefault: d.option };
  });
  return changed ? { ...sites, pulls } : sites;
}

/** Characters of a call read for a nested trust_remote_code (a call longer than this is not read further). */
const MAX_CALL_TEXT = 4000;
/** `"trust_remote_code": True` in a dict literal, `trust_remote_code=True` in a `dict(…)`. */
const NESTED_TRUST = /["']trust_remote_code["']\s*:\s*True\b|\btrust_remote_code\s*=\s*True\b/;

/**
 * trust_remote_code set inside a dict the call is given (LangChain's `HuggingFaceEmbeddings(
 * model_kwargs={"trust_remote_code": True})`, `from_pretrained(…, **dict(trust_remote_code=True))`):
 * the call's own text, to its closing parenthesis (strings and comments counted as Python writes
 * them only roughly: a parenthesis in a string may end the read early, never late), read for it.
 */
function withNestedRemoteCode(sites: HfSites, text: string): HfSites {
  if (!text.includes('trust_remote_code') || !sites.pulls.some((p) => p.trustRemoteCode !== true)) return sites;
  const starts = lineStarts(text, 'cr-lf');
  const dicts = new Map<string, boolean>(); // name → whether the file sets trust_remote_code in a dict of that name
  const pulls = sites.pulls.map((p) => {
    if (p.trustRemoteCode === true || p.localPath !== undefined) return p;
    const from = (starts[p.line - 1] ?? text.length) + p.column - 1;
    const near = text.slice(from, from + 200).indexOf('(');
    if (near < 0) return p;
    const open = from + near;
    const call = text.slice(open, bracketEnd(text, open));
    if (NESTED_TRUST.test(call)) return { ...p, trustRemoteCode: true };
    // A dict the call is given by name: `**kwargs`, `model_kwargs=kw`.
    for (const m of call.matchAll(/\*\*([A-Za-z_]\w*)\b(?![ \t]*[.([])|\b\w*kwargs[ \t]*=[ \t]*([A-Za-z_]\w*)\b(?![ \t]*[.([])/g)) {
      const name = (m[1] ?? m[2]) as string;
      let sets = dicts.get(name);
      if (sets === undefined && dicts.size < MAX_DICT_NAMES) dicts.set(name, (sets = dictSetsTrust(text, name)));
      if (sets) return { ...p, trustRemoteCode: true };
    }
    return p;
  });
  return { ...sites, pulls };
}

/**
 * Where the bracket group opening at `open` (`(` or `{`) closes, counting `()` and `{}` alike (a
 * bracket in a string may end the read early, never late), or MAX_CALL_TEXT characters on.
 */
function bracketEnd(text: string, open: number): number {
  let depth = 0;
  let end = open;
  for (; end < text.length && end - open < MAX_CALL_TEXT; end++) {
    const c = text.charCodeAt(end);
    if (c === 40 || c === 123) depth++;
    else if ((c === 41 || c === 125) && --depth === 0) break;
  }
  return end;
}

/** Most names of dicts read for a file's pulls (each costs a pass over the file). */
const MAX_DICT_NAMES = 32;
/** Most assignments of one name read by dictSetsTrust. */
const MAX_DICT_ASSIGNMENTS = 20;

/**
 * Whether the file sets trust_remote_code True in a dict it names `name`: assigned a literal or a
 * `dict(…)` holding it (`kwargs = {"trust_remote_code": True}`), or given it after
 * (`kwargs["trust_remote_code"] = True`, `kwargs.update(trust_remote_code=True)`). Scopes are not
 * told apart: a dict of that name anywhere in the file counts.
 */
function dictSetsTrust(text: string, name: string): boolean {
  const item = new RegExp(`\\b${name}[ \\t]*\\[[ \\t]*["']trust_remote_code["'][ \\t]*\\][ \\t]*=[ \\t]*True\\b|\\b${name}\\.(?:update|setdefault)\\([^)\\n]{0,200}trust_remote_code["']?[ \\t]*[=:,][ \\t]*True\\b`);
  if (item.test(text)) return true;
  const assign = new RegExp(`^[ \\t]*${name}[ \\t]*(?::[^=\\n]{0,100})?=[ \\t]*(?:\\{|dict\\()`, 'gm');
  let n = 0;
  for (let m = assign.exec(text); m !== null && n < MAX_DICT_ASSIGNMENTS; m = assign.exec(text), n++) {
    const open = m.index + m[0].length - 1;
    if (NESTED_TRUST.test(text.slice(open, bracketEnd(text, open)))) return true;
  }
  return false;
}

/**
 * A `pipeline(…, model=model)` given a name the file assigns a loaded model to (`model =
 * AutoModelForSeq2SeqLM.from_pretrained(…)`, `model, tok = FastLanguageModel.from_pretrained(…)`)
 * downloads nothing itself: that from_pretrained is the pull (reported at its own call).
 */
function withoutLoadedModels(sites: HfSites, text: string): HfSites {
  const names = (p: HfSites['pulls'][number]) => p.via === 'pipeline' && p.dynamic !== undefined && /^[A-Za-z_]\w{0,63}$/.test(p.dynamic);
  if (!sites.pulls.some(names)) return sites;
  // The names assigned a from_pretrained result: the targets left of `=` on each line that calls one
  // (one pass over those lines; a line over MAX_LOAD_LINE characters is not read).
  const loaded = new Set<string>();
  for (let at = text.indexOf('.from_pretrained('); at >= 0; at = text.indexOf('.from_pretrained(', at + 1)) {
    const head = text.slice(Math.max(0, at - MAX_LOAD_LINE - 1), at);
    const start = Math.max(head.lastIndexOf('\n'), head.lastIndexOf('\r'));
    if (start < 0 && at > MAX_LOAD_LINE) continue;
    const lhs = /^[ \t]*([\w., \t]+)=(?!=)/.exec(head.slice(start + 1));
    if (lhs !== null) for (const t of (lhs[1] as string).split(',')) loaded.add(t.trim());
  }
  const pulls = sites.pulls.filter((p) => !(names(p) && loaded.has(p.dynamic as string)));
  return pulls.length === sites.pulls.length ? sites : { ...sites, pulls };
}
/** Longest start of a line read for the names a from_pretrained result is assigned to. */
const MAX_LOAD_LINE = 400;

/** The tree-sitter reader (exported for the differential test). */
export async function pythonHfSitesParsed(text: string): Promise<HfSites> {
  const empty: HfSites = { pulls: [], loaders: [] };
  const { parser } = await getParser();
  const tree = parseBounded(parser, text);
  if (!tree) return empty;
  try {
    return readTree(tree.rootNode, text);
  } finally {
    tree.delete();
  }
}

function readTree(root: TsNode, text: string): HfSites {
  const imports = new Map<string, string>(); // local name → qualified module path
  const assigned = new Map<string, TsNode[]>(); // name → right-hand sides
  const calls: TsNode[] = [];
  let hfImported = false;

  const stack: TsNode[] = [root];
  while (stack.length) {
    const node = stack.pop() as TsNode;
    switch (node.type) {
      case 'import_statement':
        for (const n of node.childrenForFieldName('name')) {
          if (!n) continue;
          const target = n.type === 'aliased_import' ? n.childForFieldName('name') : n;
          if (!target) continue;
          const mod = dottedName(target);
          const alias = n.type === 'aliased_import' ? n.childForFieldName('alias')?.text : undefined;
          // `import a.b` binds `a` (to the package); `import a.b as c` binds c to a.b.
          if (alias) imports.set(alias, mod);
          else imports.set(mod.split('.')[0] as string, mod.split('.')[0] as string);
          if (HF_LIBRARIES.has(mod.split('.')[0] as string)) hfImported = true;
        }
        continue;
      case 'import_from_statement': {
        const m = node.childForFieldName('module_name');
        if (!m || m.type !== 'dotted_name') continue;
        const mod = dottedName(m);
        if (HF_LIBRARIES.has(mod.split('.')[0] as string)) hfImported = true;
        for (const n of node.childrenForFieldName('name')) {
          if (!n) continue;
          const target = n.type === 'aliased_import' ? n.childForFieldName('name') : n;
          if (!target) continue;
          const alias = n.type === 'aliased_import' ? n.childForFieldName('alias')?.text : undefined;
          const name = dottedName(target);
          imports.set(alias ?? name, `${mod}.${name}`);
        }
        continue;
      }
      case 'assignment': {
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        if (left?.type === 'identifier' && right) {
          const list = assigned.get(left.text) ?? [];
          list.push(right);
          assigned.set(left.text, list);
        }
        break;
      }
      case 'call':
        calls.push(node);
        break;
      case 'comment':
        continue;
    }
    for (let i = node.namedChildCount - 1; i >= 0; i--) {
      const c = node.namedChild(i);
      if (c) stack.push(c);
    }
  }

  const described: Call[] = [];
  for (const node of calls) {
    const call = describeCall(node, imports);
    if (call) described.push(call);
  }
  return sitesOfCalls(described, makeResolver(text, assigned), hfImported);
}

function describeCall(node: TsNode, imports: Map<string, string>): Call | undefined {
  const fn = node.childForFieldName('function');
  const args = node.childForFieldName('arguments');
  if (!fn || !args || args.type !== 'argument_list') return undefined;
  const parts: string[] = [];
  let cur: TsNode | null = fn;
  while (cur && cur.type === 'attribute') {
    const attr = cur.childForFieldName('attribute');
    if (!attr) return undefined;
    parts.unshift(attr.text);
    cur = cur.childForFieldName('object');
  }
  let head: string;
  if (cur?.type === 'identifier') {
    head = imports.get(cur.text) ?? (parts.length ? `?${cur.text}` : cur.text);
  } else if (cur?.type === 'call') {
    // HfApi().snapshot_download(...), Llama(...).x: name the inner call's callee.
    const inner = cur.childForFieldName('function');
    head = `?${inner?.text ?? 'call'}()`;
    if (inner?.type === 'identifier' && imports.has(inner.text)) head = `${imports.get(inner.text)}()`;
  } else {
    head = '?';
  }
  const qualified = [head, ...parts].join('.');
  const segs = qualified.split('.');
  const positional: TsNode[] = [];
  const keywords = new Map<string, TsNode>();
  for (const a of args.namedChildren) {
    if (!a || a.type === 'comment') continue;
    if (a.type === 'keyword_argument') {
      const k = a.childForFieldName('name');
      const v = a.childForFieldName('value');
      if (k && v) keywords.set(k.text, v);
    } else if (a.type !== 'list_splat' && a.type !== 'dictionary_splat') {
      positional.push(a);
    }
  }
  const name = segs[segs.length - 1] as string;
  const receiverNode = fn.type === 'attribute' ? fn.childForFieldName('object') : null;
  const receiver = receiverNode ? receiverNode.text.split('.').pop()?.replace(/\(.*$/s, '') : undefined;
  return { node, at: { line: node.startPosition.row + 1, column: node.startPosition.column + 1 }, qualified, name, ...(receiver ? { receiver } : {}), positional, keywords };
}

/**
 * Resolves an expression to a constant: literals, f-strings and `+` of constants, names assigned
 * exactly one constant value in the file, and parameters with a default (the default). A name
 * that is a parameter without a default, or assigned different values, is dynamic.
 */
function makeResolver(text: string, assigned: Map<string, TsNode[]>): Resolver<TsNode> {
  const value = (node: TsNode | undefined, depth = 0): Value | undefined => {
    if (!node) return undefined;
    const dyn = dynamic(node.text);
    if (depth > MAX_HOPS) return dyn;
    switch (node.type) {
      case 'true':
        return { kind: 'bool', value: true };
      case 'false':
        return { kind: 'bool', value: false };
      case 'none':
        return { kind: 'none' };
      case 'parenthesized_expression':
        return value(node.namedChild(0) ?? undefined, depth + 1);
      case 'string':
        return stringOf(node, depth) ?? dyn;
      case 'concatenated_string': {
        let out = '';
        for (const part of node.namedChildren) {
          if (!part || part.type !== 'string') continue;
          const v = stringOf(part, depth);
          if (!v || v.kind !== 'str') return dyn;
          out += v.value;
        }
        return { kind: 'str', value: out };
      }
      case 'binary_operator': {
        if (node.childForFieldName('operator')?.text !== '+') return dyn;
        const l = value(node.childForFieldName('left') ?? undefined, depth + 1);
        const r = value(node.childForFieldName('right') ?? undefined, depth + 1);
        return l?.kind === 'str' && r?.kind === 'str' ? { kind: 'str', value: l.value + r.value } : dyn;
      }
      case 'identifier':
        return nameValue(node, depth) ?? dyn;
      case 'call': {
        // An environment variable's lookup with a default (`os.getenv("MODEL_ID", "org/m")`): the default.
        const fn = node.childForFieldName('function');
        const args = node.childForFieldName('arguments');
        if (!fn || !args || args.type !== 'argument_list' || !ENV_LOOKUPS.has(fn.text.replace(/\s+/g, ''))) return dyn;
        const list = args.namedChildren.filter((c): c is TsNode => c !== null && c.type !== 'comment');
        if (list.length !== 2 || list.some((c) => c.type === 'keyword_argument' || c.type === 'list_splat' || c.type === 'dictionary_splat')) return dyn;
        const d = value(list[1], depth + 1);
        return d?.kind === 'str' ? d : dyn;
      }
      default:
        return dyn;
    }
  };

  const stringOf = (node: TsNode, depth: number): Value | undefined => {
    const plain = literalValue(node, text);
    if (plain?.value !== undefined) return { kind: 'str', value: plain.value };
    // An f-string: every interpolation must resolve to a constant.
    const raw = /^[a-zA-Z]*r/i.test(node.children.find((c) => c?.type === 'string_start')?.text ?? '');
    let out = '';
    for (const c of node.children) {
      if (!c) continue;
      if (c.type === 'string_content') out += raw ? c.text : decodeEscapes(c.text);
      else if (c.type === 'escape_sequence') out += decodeEscapes(c.text);
      else if (c.type === 'interpolation') {
        const expr = c.childForFieldName('expression') ?? c.namedChild(0);
        if (c.childForFieldName('format_specifier') || c.childForFieldName('type_conversion')) return undefined;
        const v = value(expr ?? undefined, depth + 1);
        if (!v || v.kind !== 'str') return undefined;
        out += v.value;
      }
    }
    return { kind: 'str', value: out };
  };

  const nameValue = (id: TsNode, depth: number): Value | undefined => {
    // A parameter of an enclosing function shadows module names: its default, or dynamic.
    for (let p = id.parent; p; p = p.parent) {
      if (p.type !== 'function_definition' && p.type !== 'lambda') continue;
      const params = p.childForFieldName('parameters');
      for (const param of params?.namedChildren ?? []) {
        if (!param) continue;
        if (param.type === 'identifier' && param.text === id.text) return undefined;
        if ((param.type === 'default_parameter' || param.type === 'typed_default_parameter') && param.childForFieldName('name')?.text === id.text) {
          return value(param.childForFieldName('value') ?? undefined, depth + 1);
        }
        if (param.type === 'typed_parameter' && param.namedChild(0)?.text === id.text) return undefined;
      }
    }
    return constantOf(assigned.get(id.text), (r) => value(r, depth + 1));
  };

  return { value, text: (node) => node.text };
}

