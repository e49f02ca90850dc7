/**
 * What a Python call means for Hugging Face pulls and unsafe loaders, whoever read the call: the
 * tree-sitter reader (src/hf/python-pulls.ts) and the token reader (src/hf/python-pulls-fast.ts)
 * both describe each call (its callee named through the file's imports, its positional and
 * keyword arguments) and hand it here with a resolver for argument values, so the two can only
 * differ in how they read a file, never in what a call means. `N` is the reader's expression
 * handle (a tree-sitter node, a token range).
 */
import { isDataFile, isHubId, isLegacyCanonical, isLocalPath, isPickleWeights, type HfSites, type HubRepoType, type LoaderRule, type LoaderSite, type PullSite } from './types.js';

/** Libraries whose import makes `from_pretrained`, `hf_hub_download` and friends Hub pulls. */
export const HF_LIBRARIES: ReadonlySet<string> = new Set([
  'transformers', 'diffusers', 'huggingface_hub', 'datasets', 'sentence_transformers', 'peft', 'timm', 'vllm',
  'llama_cpp', 'optimum', 'open_clip', 'setfit', 'trl', 'unsloth', 'adapters', 'gliner', 'span_marker', 'mlx_lm', 'mlx_vlm',
]);

/**
 * The calls that hand their model name to sentence-transformers' SentenceTransformer, which reads a
 * name with no organization as `sentence-transformers/<name>` unless it is one of transformers'
 * legacy canonical ids (LEGACY_CANONICAL): `SentenceTransformer("all-MiniLM-L6-v2")` downloads
 * sentence-transformers/all-MiniLM-L6-v2.
 */
const SENTENCE_TRANSFORMERS_VIAS = /^(?:SentenceTransformer|HuggingFaceEmbeddings|HuggingFaceEmbedding|SentenceTransformers(?:Document|Text)Embedder)$/;

/** Calls that read an environment variable with a default as their second argument (both readers resolve the default). */
export const ENV_LOOKUPS: ReadonlySet<string> = new Set(['os.getenv', 'os.environ.get', 'getenv', 'environ.get']);
/** `load_dataset` builders that read local or inline data, not a Hub dataset. */
const LOCAL_DATASET_BUILDERS = new Set(['csv', 'json', 'parquet', 'text', 'imagefolder', 'audiofolder', 'videofolder', 'arrow', 'webdataset', 'pandas', 'sql', 'generator', 'xml']);


const MAX_TEXT = 80;
/** Name lookups, parentheses, operands and f-string fields followed before a value counts as dynamic. */
export const MAX_HOPS = 5;
/** A name assigned more often than this is a variable, not a constant. */
export const MAX_ASSIGNMENTS = 8;

export type Value = { kind: 'str'; value: string } | { kind: 'bool'; value: boolean } | { kind: 'none' } | { kind: 'dynamic'; text: string };

export interface CallOf<N> {
  /** Where the call starts (its callee's first character). */
  at: { line: number; column: number };
  /** The callee through the file's imports: 'torch.load', 'transformers.AutoModel.from_pretrained'; '?.x.y' when the object is not an import. */
  qualified: string;
  /** The last segment of the callee ('from_pretrained', 'load'). */
  name: string;
  /** The segment before the last, as written ('AutoModel' in AutoModel.from_pretrained). */
  receiver?: string;
  positional: N[];
  keywords: Map<string, N>;
}

export interface Resolver<N> {
  /** The expression's constant value, or dynamic with its source text; undefined for no expression. */
  value(node: N | undefined, depth?: number): Value | undefined;
  /** The expression's source text. */
  text(node: N): string;
}

/**
 * The constant a name holds: every value it is assigned resolves to the same constant. A name
 * assigned many times is a variable, not a constant (and resolving it at every call would cost
 * calls × assignments).
 */
export function constantOf<N>(rhs: N[] | undefined, value: (r: N) => Value | undefined): Value | undefined {
  if (!rhs?.length || rhs.length > MAX_ASSIGNMENTS) return undefined;
  let found: Value | undefined;
  for (const r of rhs) {
    const v = value(r);
    if (!v || v.kind === 'dynamic') return undefined;
    if (found && JSON.stringify(found) !== JSON.stringify(v)) return undefined;
    found = v;
  }
  return found;
}

export const cut = (s: string): string => (s.length > MAX_TEXT ? `${s.slice(0, MAX_TEXT - 1)}…` : s);

/** A dynamic value: the expression's source text, blanks folded, cut to 80 characters. */
export const dynamic = (source: string): Value => ({ kind: 'dynamic', text: cut(source.replace(/\s+/g, ' ')) });

/**
 * The pulls and loaders among a file's calls. Pulls count only in files that import a Hugging
 * Face library (or for LangChain's, LlamaIndex's and Haystack's Hugging Face classes); loaders are named through imports alone.
 */
export function sitesOfCalls<N>(calls: Iterable<CallOf<N>>, r: Resolver<N>, hfImported: boolean): HfSites {
  const pulls: PullSite[] = [];
  const loaders: LoaderSite[] = [];
  for (const call of calls) {
    const loader = loaderOf(call, r);
    if (loader) loaders.push(loader);
    if (hfImported || /^(?:langchain|llama_index|haystack)/.test(call.qualified)) {
      const pull = pullOf(call, r);
      if (pull) pulls.push(pull);
      const pipelineCode = customPipelineOf(call, r);
      if (pipelineCode) pulls.push(pipelineCode);
    }
  }
  const order = (a: { line: number; column: number }, b: { line: number; column: number }) => a.line - b.line || a.column - b.column;
  return { pulls: pulls.sort(order), loaders: loaders.sort(order) };
}

function arg<N>(call: CallOf<N>, index: number, ...names: string[]): N | undefined {
  for (const n of names) {
    const v = call.keywords.get(n);
    if (v) return v;
  }
  return index >= 0 ? call.positional[index] : undefined;
}

const root = (q: string) => q.split('.')[0] as string;

/** Which pull a call is, and where its repo id sits. */
function pullKind<N>(call: CallOf<N>): { via: string; idArg?: N; repoType: HubRepoType; task?: N; defaultModel?: boolean; trainer?: boolean } | undefined {
  const q = call.qualified;
  const lib = root(q);
  if (call.name === 'from_pretrained') {
    const cls = call.receiver ?? 'from_pretrained';
    const via = `${cls}.from_pretrained`;
    // PEFT adapters: PeftModel.from_pretrained(base_model, model_id).
    if (/^Peft(Model|MixedModel)/.test(cls) && !cls.startsWith('AutoPeft')) return { via, idArg: arg(call, 1, 'model_id'), repoType: 'model' };
    if (lib === 'llama_cpp' || cls === 'Llama') return { via, idArg: arg(call, 0, 'repo_id'), repoType: 'model' };
    // Unsloth's FastLanguageModel / FastModel / FastVisionModel.from_pretrained(model_name=…).
    if (lib === 'unsloth') return { via, idArg: arg(call, 0, 'model_name'), repoType: 'model' };
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
  // vLLM's engine arguments: `AsyncLLMEngine.from_engine_args(AsyncEngineArgs(model="org/m", …))`,
  // `LLMEngine.from_engine_args(EngineArgs(model=…))` (from vllm or vllm.engine.arg_utils).
  if (lib === 'vllm' && (call.name === 'EngineArgs' || call.name === 'AsyncEngineArgs')) return { via: `vllm.${call.name}`, idArg: arg(call, 0, 'model'), repoType: 'model' };
  // TRL's trainers load the model themselves when given its id (`SFTTrainer(model="Qwen/Qwen2.5-0.5B")`,
  // `GRPOTrainer(model=…)`); given a loaded model they download nothing (trainerModel below).
  if (lib === 'trl' && /^[A-Z][A-Za-z]*Trainer$/.test(call.name)) return { via: call.name, idArg: arg(call, 0, 'model'), repoType: 'model', trainer: true };
  // MLX LM / MLX VLM: load(path_or_hf_repo) downloads the repository (`mlx_lm.load("mlx-community/…-4bit")`).
  if ((lib === 'mlx_lm' || lib === 'mlx_vlm') && call.name === 'load') return { via: `${lib}.load`, idArg: arg(call, 0, 'path_or_hf_repo', 'model_path'), repoType: 'model' };
  // huggingface_hub's Keras mixin: from_pretrained_keras(repo_id) (a Keras model, Lambda layers and all).
  if (lib === 'huggingface_hub' && call.name === 'from_pretrained_keras') return { via: 'from_pretrained_keras', idArg: arg(call, 0, 'pretrained_model_name_or_path'), repoType: 'model' };
  // LangChain's Hugging Face embeddings download a sentence-transformers model (model_name=).
  if (lib.startsWith('langchain') && /^HuggingFace(Bge|Instruct)?Embeddings$/.test(call.name)) {
    return { via: call.name, idArg: arg(call, -1, 'model_name'), repoType: 'model', defaultModel: true };
  }
  // LlamaIndex's HuggingFaceEmbedding (llama_index.embeddings.huggingface) downloads a
  // sentence-transformers model too (model_name=, or its default); its HuggingFaceLLM
  // (llama_index.llms.huggingface) a transformers model (model_name= and tokenizer_name=, or its default).
  if (lib === 'llama_index' && call.name === 'HuggingFaceEmbedding') {
    return { via: call.name, idArg: arg(call, 0, 'model_name'), repoType: 'model', defaultModel: true };
  }
  if (lib === 'llama_index' && call.name === 'HuggingFaceLLM') {
    return { via: call.name, idArg: arg(call, -1, 'model_name'), repoType: 'model', defaultModel: true };
  }
  // LlamaIndex's resolve_embed_model("local:BAAI/bge-small-en-v1.5"): a local sentence-transformers download.
  if (lib === 'llama_index' && call.name === 'resolve_embed_model') {
    return { via: call.name, idArg: arg(call, 0, 'embed_model'), repoType: 'model' };
  }
  // Haystack's sentence-transformers embedders and rankers (haystack.components.*) download theirs (model=).
  if (lib === 'haystack' && /^(?:SentenceTransformers(?:Sparse)?(?:Document|Text)Embedder|(?:SentenceTransformers|Transformers)SimilarityRanker)$/.test(call.name)) {
    return { via: call.name, idArg: arg(call, 0, 'model'), repoType: 'model', defaultModel: true };
  }
  if ((lib === 'timm' || lib === 'open_clip') && /^create_model/.test(call.name)) {
    return { via: `${lib}.${call.name}`, idArg: arg(call, 0, 'model_name'), repoType: 'model' };
  }
  return undefined;
}

function pullOf<N>(call: CallOf<N>, r: Resolver<N>): PullSite | undefined {
  const kind = pullKind(call);
  if (!kind) return undefined;
  const site: PullSite = { via: kind.via, repoType: kind.repoType, ...call.at };
  const repoType = r.value(call.keywords.get('repo_type'));
  if (repoType?.kind === 'str' && (repoType.value === 'dataset' || repoType.value === 'space')) site.repoType = repoType.value;

  const id = kind.idArg ? r.value(kind.idArg) : undefined;
  if (kind.via.startsWith('timm.') || kind.via.startsWith('open_clip.')) {
    // Only `hf-hub:org/name` names a Hub model; other names are built-in architectures.
    if (id?.kind !== 'str' || !/^hf[-_]hub:/.test(id.value)) return undefined;
    site.id = id.value.replace(/^hf[-_]hub:/, '');
  } else if (kind.via === 'resolve_embed_model') {
    // Only `local:<repo>` downloads from the Hub ("default" and the other names are API embeddings).
    if (id?.kind !== 'str' || !id.value.startsWith('local:')) return undefined;
    const repo = id.value.slice('local:'.length);
    if (isLocalPath(repo)) site.localPath = repo;
    else if (isHubId(repo)) site.id = repo;
    else return undefined;
  } else if (!id) {
    // Without a model argument these download a default model of their own.
    if (kind.defaultModel) site.dynamic = `the default model of ${kind.via}`;
    else if (kind.via === 'pipeline') {
      const task = kind.task ? r.value(kind.task) : undefined;
      site.dynamic = `default model for task ${task?.kind === 'str' ? task.value : task?.kind === 'dynamic' ? task.text : '(unknown)'}`;
    } else return undefined;
  } else if (id.kind === 'str') {
    if (kind.repoType === 'dataset' && LOCAL_DATASET_BUILDERS.has(id.value)) return undefined;
    // `load_dataset("alpaca_data_cleaned.json")`, `load_dataset("data/train.jsonl")`: a data file
    // (datasets infers its builder from the extension), not a Hub dataset.
    if (isLocalPath(id.value) || (kind.repoType === 'dataset' && kind.via.startsWith('load_dataset') && isDataFile(id.value))) site.localPath = id.value;
    else if (isHubId(id.value)) site.id = !id.value.includes('/') && SENTENCE_TRANSFORMERS_VIAS.test(kind.via) && !isLegacyCanonical(id.value) ? `sentence-transformers/${id.value}` : id.value;
    else site.dynamic = cut(id.value);
  } else if (id.kind === 'dynamic') {
    // A trainer given a name (`model=model`) was given the loaded model: only an expression that
    // reads like an id's setting (`model_args.model_name_or_path`, `args.model_id`) is an id.
    if (kind.trainer === true && !/\.\w*(?:model|name|path|id)\w*$/i.test(id.text)) return undefined;
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
    if (isPickleWeights(file.value) && !site.unsafeWeights) site.unsafeWeights = `filename="${cut(file.value)}"`;
  }
  return site;
}

/**
 * diffusers' Hub community pipelines: `DiffusionPipeline.from_pretrained(model, custom_pipeline="org/repo")`
 * downloads the repository's pipeline.py and imports it, at `custom_revision` (its default branch
 * without one): a second pull, of code. A bare name (`custom_pipeline="lpw_stable_diffusion"`) is a
 * community pipeline from the diffusers GitHub repository, reviewed there, and a path a local one:
 * neither is a Hub pull.
 */
function customPipelineOf<N>(call: CallOf<N>, r: Resolver<N>): PullSite | undefined {
  const node = call.name === 'from_pretrained' ? call.keywords.get('custom_pipeline') : undefined;
  const v = node === undefined ? undefined : r.value(node);
  if (v?.kind !== 'str' || !v.value.includes('/') || isLocalPath(v.value) || !isHubId(v.value)) return undefined;
  const site: PullSite = { via: `${call.receiver ?? 'DiffusionPipeline'}.from_pretrained`, repoType: 'model', id: v.value, trustRemoteCode: true, remoteCode: 'custom_pipeline', ...call.at };
  const rev = call.keywords.get('custom_revision');
  const rv = rev === undefined ? undefined : r.value(rev);
  if (rv?.kind === 'str') site.revision = rv.value;
  else if (rv !== undefined && rv.kind !== 'none') site.revisionDynamic = true;
  return site;
}

const PICKLE_MODULES = new Set(['pickle', 'cPickle', '_pickle', 'shelve']);

function loaderOf<N>(call: CallOf<N>, r: Resolver<N>): LoaderSite | undefined {
  const q = call.qualified;
  if (q.startsWith('?')) return undefined;
  const lib = root(q);
  const at = call.at;
  const site = (rule: LoaderRule, detail: string, severity?: LoaderSite['severity']): LoaderSite => ({ rule, call: q, detail, ...(severity ? { severity } : {}), ...at });
  if (q === 'torch.load' || q === 'torch.serialization.load') {
    const w = call.keywords.get('weights_only');
    if (!w) return site('load/torch-load-unsafe', 'no weights_only argument');
    const v = r.value(w);
    if (v?.kind === 'bool' && v.value) return undefined;
    if (v?.kind === 'bool') return site('load/torch-load-unsafe', 'weights_only=False', 'high');
    return site('load/torch-load-unsafe', `weights_only=${cut(r.text(w))} (not a literal True)`);
  }
  if (q === 'torch.jit.load') return site('load/torch-jit', 'TorchScript archive loaded');
  // torch.hub.load(repo_or_dir, model, …, source="github"): hubconf.py of a GitHub repository, imported.
  if (q === 'torch.hub.load') {
    const src = r.value(arg(call, -1, 'source'));
    if (src?.kind === 'str' && src.value === 'local') return undefined;
    const repo = r.value(arg(call, 0, 'repo_or_dir', 'github'));
    if (repo?.kind === 'str') {
      if (isLocalPath(repo.value) || !/^[\w.-]+\/[\w.-]+(?::[\w./-]+)?$/.test(repo.value)) return undefined;
      const [name, ref] = repo.value.split(':');
      if (ref !== undefined && /^[0-9a-f]{40}$/i.test(ref)) return undefined;
      return site('load/torch-hub', ref === undefined ? `GitHub repository ${name} at its default branch` : `GitHub repository ${name} at ${ref}, a branch or tag`);
    }
    return site('load/torch-hub', `a repository named at run time (${cut(repo?.kind === 'dynamic' ? repo.text : '?')})`);
  }
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
