/**
 * Which Python files can hold a Hugging Face pull or an unsafe loader call: the library or loader
 * is named (PREFILTER) and so is a call that can be one (CALL_HINT). A call the readers report is
 * written with its name, or its name is imported under an alias (`from torch import load as tl`),
 * so the second test is sound. Most Python files pass neither.
 */
export const CALL_HINT = /from_pretrained|pipeline|hf_hub_download|snapshot_download|load_dataset|SentenceTransformer|CrossEncoder|SparseEncoder|\bLLM\b|HuggingFaceLLM|Embedding|Embedder|embed_model|SimilarityRanker|create_model|EngineArgs|load|Unpickler|shelve|read_pickle|Trainer/;

/** The names of the libraries and loaders. */
const PREFILTER_NAMES = /\b(?:transformers|diffusers|huggingface_hub|datasets|sentence_transformers|peft|timm|vllm|llama_cpp|optimum|open_clip|setfit|trl|unsloth|adapters|gliner|span_marker|mlx_lm|mlx_vlm|langchain\w*|llama_index|haystack|torch|pickle|cPickle|_pickle|shelve|joblib|dill|cloudpickle)\b|allow_pickle|read_pickle|safe_mode/;
/** A `load(` call with `True` before its `)` on the line, tried where `load(` starts a word (sticky). */
const LOAD_TRUE_AT = /load\([^)\n]*\bTrue\b/y;
/** The test as one pattern: a name, or a `load(..., True)` call. prefilter() answers the same, faster. */
export const PREFILTER = new RegExp(`${PREFILTER_NAMES.source}|\\b${LOAD_TRUE_AT.source}`);

/**
 * Literal words one of which every match of PREFILTER's names contains (the words the shared
 * keyword pass looks for; test/lang/keywords.test.ts holds the two together). `load(` is a group
 * of its own: it is in every `upload(` and `json.load(`, and a file that has it and none of the
 * names needs only the `load(..., True)` test, not a scan for every name.
 */
export const PREFILTER_NAME_WORDS: readonly string[] = ['transformers', 'diffusers', 'huggingface_hub', 'datasets', 'peft', 'timm', 'vllm', 'llama_cpp', 'optimum', 'open_clip', 'setfit', 'trl', 'unsloth', 'adapters', 'gliner', 'span_marker', 'mlx_lm', 'mlx_vlm', 'langchain', 'llama_index', 'haystack', 'torch', 'pickle', 'cPickle', 'shelve', 'joblib', 'dill', 'safe_mode'];
export const PREFILTER_LOAD_WORD = 'load(';
export const PREFILTER_WORDS: readonly string[] = [...PREFILTER_NAME_WORDS, PREFILTER_LOAD_WORD];

/**
 * `PREFILTER.test(text)`, faster: each alternative is skipped where the keyword pass already
 * knows its words are absent (`known.names` / `known.load` false), and the `load(` one is tried
 * only where `load(` starts a word (an ASCII word: \b without the u flag), found by indexOf.
 */
export function prefilter(text: string, known: { names?: boolean | undefined; load?: boolean | undefined } = {}): boolean {
  if (known.names !== false && PREFILTER_NAMES.test(text)) return true;
  if (known.load === false) return false;
  for (let i = text.indexOf(PREFILTER_LOAD_WORD); i >= 0; i = text.indexOf(PREFILTER_LOAD_WORD, i + 1)) {
    if (i > 0 && isAsciiWordChar(text.charCodeAt(i - 1))) continue;
    LOAD_TRUE_AT.lastIndex = i;
    if (LOAD_TRUE_AT.test(text)) return true;
  }
  return false;
}

function isAsciiWordChar(c: number): boolean {
  return c === 95 || (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
