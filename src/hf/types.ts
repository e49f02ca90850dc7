/**
 * What the Hugging Face front-ends (src/hf/*-pulls.ts) hand to the inventory: every place code,
 * a script or a config downloads or loads a hub repository, and every unsafe model-loading call.
 * Plain data (it crosses the worker boundary). Positions are 1-based lines and columns in the
 * file as it is on disk; in a notebook, the line and column inside the cell `cell`, with the
 * .ipynb file's own position in `fileLine` and `fileColumn` when the detector found it (as
 * Location's).
 */

export type HubRepoType = 'model' | 'dataset' | 'space';

export interface PullSite {
  /**
   * The call or command as a user would name it: 'AutoModel.from_pretrained', 'pipeline',
   * 'hf_hub_download', 'snapshot_download', 'load_dataset', 'SentenceTransformer', 'vllm.LLM',
   * 'timm.create_model', 'downloadFile', 'huggingface-cli download', 'hf download', 'git clone',
   * 'curl', 'wget', 'config:model_name_or_path'.
   */
  via: string;
  repoType: HubRepoType;
  /** The repository id as resolved: 'org/name', or a legacy single-segment id such as 'gpt2'. */
  id?: string;
  /** The id is an expression that could not be resolved: its source text, cut to 80 characters. */
  dynamic?: string;
  /**
   * The id (or local path) is the default of a command-line option the call is given
   * (`args.model_name_or_path` and `add_argument("--model_name_or_path", default=…)`): the option as
   * written, `--model_name_or_path`. A run with the option pulls something else.
   */
  argDefault?: string;
  /** The argument is a local path ('./models/x', '/abs/x', '~/x', 'C:\\x'): a local model, not a hub pull. */
  localPath?: string;
  /** The revision as written when it is a literal: a branch, a tag or a commit sha. */
  revision?: string;
  /** A revision is given but is an expression that could not be resolved. */
  revisionDynamic?: boolean;
  /** `trust_remote_code=True`, `--trust-remote-code`, `trust_remote_code: true` in a config. */
  trustRemoteCode?: boolean;
  /**
   * What makes the repository's code run when it is not `trust_remote_code` (then trustRemoteCode
   * is set too): 'custom_pipeline' for diffusers' Hub community pipelines, whose pipeline.py is imported.
   */
  remoteCode?: string;
  /**
   * Why the weights pulled are pickles: 'use_safetensors=False', 'filename="pytorch_model.bin"',
   * 'resolve/.../model.ckpt'. Absent when nothing says so.
   */
  unsafeWeights?: string;
  /** A file named by the pull (hf_hub_download's filename, a resolve URL's path). */
  file?: string;
  /**
   * The quantization tag of a GGUF pull, `{user}/{repo}:{quant}`: Ollama's (`ollama run
   * hf.co/{user}/{repo}:Q4_K_M`) or llama.cpp's (`llama-server -hf {user}/{repo}:Q8_0`).
   */
  tag?: string;
  line: number;
  column: number;
  cell?: number;
  fileLine?: number;
  fileColumn?: number;
}

export type LoaderRule =
  | 'load/torch-load-unsafe'
  | 'load/pickle'
  | 'load/joblib'
  | 'load/numpy-allow-pickle'
  | 'load/keras-unsafe-mode'
  | 'load/torch-jit'
  | 'load/dill'
  | 'load/cloudpickle'
  | 'load/torch-hub';

/** A call that deserializes a model or data in a way that can run code. */
export interface LoaderSite {
  rule: LoaderRule;
  /** The call as resolved through the file's imports: 'torch.load', 'pickle.loads', 'numpy.load'. */
  call: string;
  /** What makes it unsafe, as written: 'weights_only=False', 'no weights_only', 'allow_pickle=True'. */
  detail: string;
  /** Raised severity (torch.load with an explicit `weights_only=False`). */
  severity?: 'critical' | 'high' | 'medium' | 'low';
  line: number;
  column: number;
  cell?: number;
  fileLine?: number;
  fileColumn?: number;
}

export interface HfSites {
  pulls: PullSite[];
  loaders: LoaderSite[];
}

/** A 40-hex commit sha: the only revision that pins. */
export function isCommitSha(rev: string | undefined): boolean {
  return rev !== undefined && /^[0-9a-f]{40}$/i.test(rev);
}

/**
 * Whether a literal names a local path rather than a hub repo id: relative or absolute paths,
 * home-relative, Windows drive paths, file: URLs, and anything with more than one slash or a
 * backslash (hub ids are `name` or `org/name`).
 */
export function isLocalPath(v: string): boolean {
  if (/^(\.{1,2}([/\\]|$)|[/\\~]|[A-Za-z]:[/\\]|file:)/.test(v)) return true;
  if (v.includes('\\')) return true;
  return (v.match(/\//g) ?? []).length > 1;
}

/** First path segments of Hub web pages that are not repositories (`hf.co/settings/tokens`, `hf.co/docs/hub`). */
export const HUB_RESERVED: ReadonlySet<string> = new Set([
  'api', 'docs', 'blog', 'models', 'organizations', 'settings', 'login', 'join', 'pricing', 'papers', 'learn',
  'collections', 'posts', 'chat', 'tasks', 'enterprise', 'new', 'new-dataset', 'new-space', 'inference-endpoints',
  'search', 'notifications', 'terms-of-service', 'privacy', 'changelog', 'oauth', 'static-proxy', 'buckets',
]);

/** The Hub's hosts (the mirror's too). */
const HUB_HOST = /^(?:www\.)?(?:huggingface\.co|hf\.co|hf-mirror\.com)$/i;

export interface HubUrl {
  repoType: HubRepoType;
  /** Decoded path segments after the host and the `datasets/` or `spaces/` prefix. */
  segs: string[];
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * A Hub URL: `https://huggingface.co/…`, scheme-less `hf.co/…`, `ssh://git@hf.co/…`,
 * `git@hf.co:…`; user info, query and fragment dropped; null for any other host.
 */
export function hubUrl(value: string): HubUrl | null {
  const m = /^(?:(?:https?|ssh|git):\/\/)?(?:[^@/\s]*@)?([^/:@\s]+)(?::\d+)?[/:](.*)$/i.exec(value);
  if (m === null || !HUB_HOST.test(m[1]!)) return null;
  const path = m[2]!.replace(/[?#].*$/, '');
  const segs = path.split('/').filter((x) => x !== '').map(decode);
  let repoType: HubRepoType = 'model';
  if (segs[0] === 'datasets' || segs[0] === 'spaces') {
    repoType = segs[0] === 'datasets' ? 'dataset' : 'space';
    segs.shift();
  } else if (segs[0] !== undefined && HUB_RESERVED.has(segs[0])) return null;
  return segs.length === 0 ? null : { repoType, segs };
}


/**
 * The repository a Hub URL names and the revision a `resolve/<rev>/` after it gives (WebLLM's model
 * records, a model setting's URL): `https://huggingface.co/org/name[/resolve/<rev>/…]`; null for
 * another host, a page that is no repository, or a path past the repository that is not `resolve/`.
 */
export function hubRepoOfUrl(value: string): { repoType: HubRepoType; id: string; revision?: string } | null {
  const u = /^https?:\/\//i.test(value) ? hubUrl(value) : null;
  if (u === null || u.segs.length < 2) return null;
  const id = `${u.segs[0]}/${u.segs[1]}`;
  if (u.segs.length > 2 && u.segs[2] !== 'resolve') return null;
  const revision = u.segs[2] === 'resolve' ? u.segs[3] : undefined;
  return { repoType: u.repoType, id, ...(revision !== undefined ? { revision } : {}) };
}

/**
 * What Ollama pulls after `hf.co/` (or `huggingface.co/`): `{user}/{repo}` (a Hub model id with its
 * owner, not a Hub page: HUB_RESERVED, `datasets`, `spaces`) and an optional `:tag`, the
 * quantization as Ollama's tags are written (`bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M`);
 * null for anything else (a deeper path, an invalid id or tag).
 */
export function ollamaHubRepo(rest: string): { id: string; tag?: string } | null {
  const m = /^([^/:]+)\/([^/:]+)(?::([A-Za-z0-9_][A-Za-z0-9_.-]{0,127}))?$/.exec(rest);
  if (m === null) return null;
  const owner = m[1]!.toLowerCase();
  const id = `${m[1]}/${m[2]}`;
  if (!isHubId(id) || HUB_RESERVED.has(owner) || owner === 'datasets' || owner === 'spaces') return null;
  return m[3] === undefined ? { id } : { id, tag: m[3] };
}

/** An Ollama model name that pulls from the Hub: `hf.co/{user}/{repo}[:tag]` or `huggingface.co/…` (no scheme), else null. */
export function ollamaHubRef(name: string): { id: string; tag?: string } | null {
  const m = /^(?:hf\.co|huggingface\.co)\//i.exec(name);
  return m === null ? null : ollamaHubRepo(name.slice(m[0].length));
}

/**
 * Whether a literal can be a hub repo id: `name` or `org/name`, made of letters, digits, `-`,
 * `_`, `.`; at most 96 characters per part; not starting or ending with `-`/`.`.
 */
export function isHubId(v: string): boolean {
  return /^(?:[A-Za-z0-9][A-Za-z0-9_.-]{0,95}\/)?[A-Za-z0-9][A-Za-z0-9_.-]{0,95}$/.test(v) && !/[-.]$/.test(v) && !v.includes('..');
}


/** Extensions of weight files that are always pickles (PyTorch's, joblib's). */
const PICKLE_EXT = /\.(?:pt|pth|ckpt|pkl|pickle|joblib)$/i;
/**
 * `.bin` files that are pickles: the names transformers, diffusers, PEFT and the Trainer save them
 * under (`pytorch_model.bin`, `pytorch_model-00001-of-00002.bin`, `diffusion_pytorch_model.bin`,
 * `adapter_model.bin`, `training_args.bin`, optimizer and scheduler states). Other `.bin` files are
 * not: fastText's and CTranslate2's `model.bin`, GGML files, raw tensors.
 */
const PICKLE_BIN = /(?:^|[\\/])(?:[\w.-]*_)?(?:pytorch_model|adapter_model|training_args|optimizer|scheduler|rng_state)[\w.-]*\.bin$/i;

/** Whether a weight file named so is a pickle (loading it runs whatever the pickle imports). */
export function isPickleWeights(file: string): boolean {
  return PICKLE_EXT.test(file) || PICKLE_BIN.test(file);
}

/** transformers' legacy ids with no organization (the canonical models before organizations; sentence-transformers' basic_transformer_models). */
const LEGACY_CANONICAL = /^(?:albert-(?:base|large|xlarge|xxlarge)-v[12]|bert-(?:base|large)-[a-z0-9-]+|camembert-base|ctrl|distilbert-base-[a-z0-9-]+|distilgpt2|distilroberta-base|gpt2(?:-large|-medium|-xl)?|openai-gpt|roberta-(?:base|large)(?:-[a-z0-9-]+)?|t5-(?:11b|3b|base|large|small)|transfo-xl-wt103|xlm-[a-z0-9-]+|xlnet-(?:base|large)-cased)$/;

/** Whether an id with no organization is one of transformers' legacy canonical models (`gpt2`, `bert-base-uncased`). */
export function isLegacyCanonical(id: string): boolean {
  return LEGACY_CANONICAL.test(id.toLowerCase());
}

/** A data file's name, as `load_dataset` and axolotl read a local path (compressed or not): `train.jsonl`, `a.csv.gz`. */
const DATA_FILE = /\.(?:jsonl?|csv|tsv|txt|parquet|arrow|xml|pdf|(?:jsonl?|csv|tsv|txt)\.(?:gz|bz2|xz|zst|zip))$/i;

/** Whether a dataset argument names a data file rather than a Hub dataset. */
export function isDataFile(path: string): boolean {
  return DATA_FILE.test(path);
}
