/**
 * Hugging Face pulls and unsafe model loaders in Python, read with tree-sitter-python (the
 * parser src/lang/python.ts loads lazily). Calls are named through the file's own imports
 * (`import numpy as np` makes `np.load` numpy.load), and the model id and revision are resolved
 * from literals, same-file constants, f-strings and concatenations of constants, and default
 * parameter values; anything else is recorded as dynamic, never guessed.
 *
 * Pulls are reported only in files that import a Hugging Face library (as Bandit's B615 does), so
 * an unrelated `pipeline()` or `load()` is not a pull. Loaders are named through imports alone.
 */
import type { Node as TsNode } from 'web-tree-sitter';
import { getParser, literalValue, dottedName, decodeEscapes, parseBounded } from '../lang/python.js';
import { isHubId, isLocalPath, type HfSites, type HubRepoType, type LoaderRule, type LoaderSite, type PullSite } from './types.js';

/** Libraries whose import makes `from_pretrained`, `hf_hub_download` and friends Hub pulls. */
const HF_LIBRARIES = new Set([
  'transformers', 'diffusers', 'huggingface_hub', 'datasets', 'sentence_transformers', 'peft', 'timm', 'vllm',
  'llama_cpp', 'optimum', 'open_clip', 'setfit', 'trl', 'unsloth', 'adapters', 'gliner', 'span_marker',
]);

/**
 * What makes a file worth parsing at all (a cheap test before tree-sitter): the name of a library
 * whose calls are pulls or unsafe loads, or an argument that makes a common call unsafe. Most
 * Python files name none of these and are never parsed.
 */
const PREFILTER = /\b(?:transformers|diffusers|huggingface_hub|datasets|sentence_transformers|peft|timm|vllm|llama_cpp|optimum|open_clip|setfit|trl|unsloth|adapters|gliner|span_marker|langchain\w*|torch|pickle|cPickle|_pickle|shelve|joblib|dill|cloudpickle)\b|allow_pickle|read_pickle|safe_mode|\bload\([^)\n]*\bTrue\b/;

/** `load_dataset` builders that read local or inline data, not a Hub dataset. */
const LOCAL_DATASET_BUILDERS = new Set(['csv', 'json', 'parquet', 'text', 'imagefolder', 'audiofolder', 'videofolder', 'arrow', 'webdataset', 'pandas', 'sql', 'generator', 'xml']);

/** Weight files that are pickles (loading them runs whatever the pickle imports). */
export const PICKLE_WEIGHTS_RE = /\.(bin|pt|pth|ckpt|pkl|pickle|joblib)$/i;

const MAX_TEXT = 80;
const MAX_HOPS = 5;
const MAX_ASSIGNMENTS = 8;

type Value = { kind: 'str'; value: string } | { kind: 'bool'; value: boolean } | { kind: 'none' } | { kind: 'dynamic'; text: string };

interface Call {
  node: TsNode;
  /** The callee through the file's imports: 'torch.load', 'transformers.AutoModel.from_pretrained'; '?.x.y' when the object is not an import. */
  qualified: string;
  /** The last segment of the callee ('from_pretrained', 'load'). */
  name: string;
  /** The segment before the last, as written ('AutoModel' in AutoModel.from_pretrained). */
  receiver?: string;
  positional: TsNode[];
  keywords: Map<string, TsNode>;
}

const cut = (s: string) => (s.length > MAX_TEXT ? `${s.slice(0, MAX_TEXT - 1)}…` : s);

/**
 * Pulls and loaders of one Python source. Never throws on bad input: tree-sitter recovers from
 * syntax errors and whatever parsed is read.
 */
export async function pythonHfSites(text: string): Promise<HfSites> {
  const empty: HfSites = { pulls: [], loaders: [] };
  if (!PREFILTER.test(text)) return empty;
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

  const resolver = makeResolver(text, assigned);
  const pulls: PullSite[] = [];
  const loaders: LoaderSite[] = [];
  for (const node of calls) {
    const call = describeCall(node, imports);
    if (!call) continue;
    const loader = loaderOf(call, resolver);
    if (loader) loaders.push(loader);
    if (hfImported || call.qualified.startsWith('langchain')) {
      const pull = pullOf(call, resolver);
      if (pull) pulls.push(pull);
    }
  }
  const order = (a: { line: number; column: number }, b: { line: number; column: number }) => a.line - b.line || a.column - b.column;
  return { pulls: pulls.sort(order), loaders: loaders.sort(order) };
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
  return { node, qualified, name, ...(receiver ? { receiver } : {}), positional, keywords };
}

interface Resolver {
  value(node: TsNode | undefined, depth?: number): Value | undefined;
}

/**
 * Resolves an expression to a constant: literals, f-strings and `+` of constants, names assigned
 * exactly one constant value in the file, and parameters with a default (the default). A name
 * that is a parameter without a default, or assigned different values, is dynamic.
 */
function makeResolver(text: string, assigned: Map<string, TsNode[]>): Resolver {
  const value = (node: TsNode | undefined, depth = 0): Value | undefined => {
    if (!node) return undefined;
    const dyn: Value = { kind: 'dynamic', text: cut(node.text.replace(/\s+/g, ' ')) };
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
    const rhs = assigned.get(id.text);
    // A name assigned many times is a variable, not a constant (and resolving it at every call
    // would cost calls × assignments).
    if (!rhs?.length || rhs.length > MAX_ASSIGNMENTS) return undefined;
    let found: Value | undefined;
    for (const r of rhs) {
      const v = value(r, depth + 1);
      if (!v || v.kind === 'dynamic') return undefined;
      if (found && JSON.stringify(found) !== JSON.stringify(v)) return undefined;
      found = v;
    }
    return found;
  };

  return { value };
}

const pos = (node: TsNode) => ({ line: node.startPosition.row + 1, column: node.startPosition.column + 1 });

function arg(call: Call, index: number, ...names: string[]): TsNode | undefined {
  for (const n of names) {
    const v = call.keywords.get(n);
    if (v) return v;
  }
  return index >= 0 ? call.positional[index] : undefined;
}

const root = (q: string) => q.split('.')[0] as string;

/** Which pull a call is, and where its repo id sits. */
function pullKind(call: Call): { via: string; idArg?: TsNode; repoType: HubRepoType; task?: TsNode; defaultModel?: boolean } | undefined {
  const q = call.qualified;
  const lib = root(q);
  if (call.name === 'from_pretrained') {
    const cls = call.receiver ?? 'from_pretrained';
    const via = `${cls}.from_pretrained`;
    // PEFT adapters: PeftModel.from_pretrained(base_model, model_id).
    if (/^Peft(Model|MixedModel)/.test(cls) && !cls.startsWith('AutoPeft')) return { via, idArg: arg(call, 1, 'model_id'), repoType: 'model' };
    if (lib === 'llama_cpp' || cls === 'Llama') return { via, idArg: arg(call, 0, 'repo_id'), repoType: 'model' };
    return { via, idArg: arg(call, 0, 'pretrained_model_name_or_path', 'model_id', 'repo_id'), repoType: 'model' };
  }
  if (q === 'transformers.pipeline') {
    const task = call.positional[0] ?? call.keywords.get('task');
    return { via: 'pipeline', idArg: arg(call, 1, 'model'), repoType: 'model', ...(task ? { task } : {}) };
  }
  if (call.name === 'hf_hub_download' || call.name === 'snapshot_download') {
    if (lib !== 'huggingface_hub' && !q.startsWith('?')) return undefined;
    return { via: call.name, idArg: arg(call, 0, 'repo_id'), repoType: 'model' };
  }
  if (q === 'datasets.load_dataset' || q === 'datasets.load_dataset_builder') return { via: call.name, idArg: arg(call, 0, 'path'), repoType: 'dataset' };
  if (lib === 'sentence_transformers' && /^(SentenceTransformer|CrossEncoder|SparseEncoder)$/.test(call.name)) {
    return { via: call.name, idArg: arg(call, 0, 'model_name_or_path', 'model_name'), repoType: 'model' };
  }
  if (q === 'vllm.LLM') return { via: 'vllm.LLM', idArg: arg(call, 0, 'model'), repoType: 'model' };
  // LangChain's Hugging Face embeddings download a sentence-transformers model (model_name=).
  if (lib.startsWith('langchain') && /^HuggingFace(Bge|Instruct)?Embeddings$/.test(call.name)) {
    return { via: call.name, idArg: arg(call, -1, 'model_name'), repoType: 'model', defaultModel: true };
  }
  if ((lib === 'timm' || lib === 'open_clip') && /^create_model/.test(call.name)) {
    return { via: `${lib}.${call.name}`, idArg: arg(call, 0, 'model_name'), repoType: 'model' };
  }
  return undefined;
}

function pullOf(call: Call, r: Resolver): PullSite | undefined {
  const kind = pullKind(call);
  if (!kind) return undefined;
  const site: PullSite = { via: kind.via, repoType: kind.repoType, ...pos(call.node) };
  const repoType = r.value(call.keywords.get('repo_type'));
  if (repoType?.kind === 'str' && (repoType.value === 'dataset' || repoType.value === 'space')) site.repoType = repoType.value;

  const id = kind.idArg ? r.value(kind.idArg) : undefined;
  if (kind.via.startsWith('timm.') || kind.via.startsWith('open_clip.')) {
    // Only `hf-hub:org/name` names a Hub model; other names are built-in architectures.
    if (id?.kind !== 'str' || !/^hf[-_]hub:/.test(id.value)) return undefined;
    site.id = id.value.replace(/^hf[-_]hub:/, '');
  } else if (!id) {
    // Without a model argument these download a default model of their own.
    if (kind.defaultModel) site.dynamic = `the default model of ${kind.via}`;
    else if (kind.via === 'pipeline') {
      const task = kind.task ? r.value(kind.task) : undefined;
      site.dynamic = `default model for task ${task?.kind === 'str' ? task.value : task?.kind === 'dynamic' ? task.text : '(unknown)'}`;
    } else return undefined;
  } else if (id.kind === 'str') {
    if (kind.repoType === 'dataset' && LOCAL_DATASET_BUILDERS.has(id.value)) return undefined;
    if (isLocalPath(id.value)) site.localPath = id.value;
    else if (isHubId(id.value)) site.id = id.value;
    else site.dynamic = cut(id.value);
  } else if (id.kind === 'dynamic') {
    site.dynamic = id.text;
  } else {
    return undefined;
  }

  const rev = call.keywords.get('revision') ?? call.keywords.get('commit_id');
  if (rev) {
    const v = r.value(rev);
    if (v?.kind === 'str') site.revision = v.value;
    else if (v?.kind !== 'none') site.revisionDynamic = true;
  }
  const trust = r.value(call.keywords.get('trust_remote_code'));
  if (trust?.kind === 'bool' && trust.value) site.trustRemoteCode = true;
  const safetensors = r.value(call.keywords.get('use_safetensors'));
  if (safetensors?.kind === 'bool' && !safetensors.value) site.unsafeWeights = 'use_safetensors=False';
  const local = r.value(call.keywords.get('local_files_only'));
  if (local?.kind === 'bool' && local.value && !site.localPath) site.localPath = '(local_files_only=True)';
  const file = r.value(call.keywords.get('filename') ?? (kind.via === 'hf_hub_download' ? call.positional[1] : undefined));
  if (file?.kind === 'str') {
    site.file = file.value;
    if (PICKLE_WEIGHTS_RE.test(file.value) && !site.unsafeWeights) site.unsafeWeights = `filename="${cut(file.value)}"`;
  }
  return site;
}

const PICKLE_MODULES = new Set(['pickle', 'cPickle', '_pickle', 'shelve']);

function loaderOf(call: Call, r: Resolver): LoaderSite | undefined {
  const q = call.qualified;
  if (q.startsWith('?')) return undefined;
  const lib = root(q);
  const at = pos(call.node);
  const site = (rule: LoaderRule, detail: string, severity?: LoaderSite['severity']): LoaderSite => ({ rule, call: q, detail, ...(severity ? { severity } : {}), ...at });
  if (q === 'torch.load' || q === 'torch.serialization.load') {
    const w = call.keywords.get('weights_only');
    if (!w) return site('load/torch-load-unsafe', 'no weights_only argument');
    const v = r.value(w);
    if (v?.kind === 'bool' && v.value) return undefined;
    if (v?.kind === 'bool') return site('load/torch-load-unsafe', 'weights_only=False', 'high');
    return site('load/torch-load-unsafe', `weights_only=${cut(w.text)} (not a literal True)`);
  }
  if (q === 'torch.jit.load') return site('load/torch-jit', 'TorchScript archive loaded');
  if (PICKLE_MODULES.has(lib) && /^(load|loads|Unpickler|open)$/.test(call.name) && q.split('.').length === 2) {
    if (lib === 'shelve' && call.name !== 'open') return undefined;
    if (lib !== 'shelve' && call.name === 'open') return undefined;
    return site('load/pickle', `${q}()`);
  }
  if (q === 'pandas.read_pickle') return site('load/pickle', 'pandas.read_pickle()');
  if (q === 'joblib.load' || q === 'sklearn.externals.joblib.load') return site('load/joblib', 'joblib.load()');
  if (q === 'numpy.load') {
    const a = arg(call, 2, 'allow_pickle');
    const v = r.value(a);
    if (v?.kind === 'bool' && v.value) return site('load/numpy-allow-pickle', 'allow_pickle=True');
    return undefined;
  }
  if (/(^|\.)keras(\.|$)/.test(q) && call.name === 'load_model') {
    const v = r.value(call.keywords.get('safe_mode'));
    if (v?.kind === 'bool' && !v.value) return site('load/keras-unsafe-mode', 'safe_mode=False');
    return undefined;
  }
  if (lib === 'dill' && /^(load|loads|Unpickler)$/.test(call.name)) return site('load/dill', `${q}()`);
  if (lib === 'cloudpickle' && /^(load|loads)$/.test(call.name)) return site('load/cloudpickle', `${q}()`);
  return undefined;
}
