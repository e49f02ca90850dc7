/**
 * Which Python files can hold a Hugging Face pull or an unsafe loader call: the library or loader
 * is named (PREFILTER) and so is a call that can be one (CALL_HINT). A call the readers report is
 * written with its name, or its name is imported under an alias (`from torch import load as tl`),
 * so the second test is sound. Most Python files pass neither.
 */
export const PREFILTER = /\b(?:transformers|diffusers|huggingface_hub|datasets|sentence_transformers|peft|timm|vllm|llama_cpp|optimum|open_clip|setfit|trl|unsloth|adapters|gliner|span_marker|langchain\w*|torch|pickle|cPickle|_pickle|shelve|joblib|dill|cloudpickle)\b|allow_pickle|read_pickle|safe_mode|\bload\([^)\n]*\bTrue\b/;
export const CALL_HINT = /from_pretrained|pipeline|hf_hub_download|snapshot_download|load_dataset|SentenceTransformer|CrossEncoder|SparseEncoder|\bLLM\b|Embeddings|create_model|load|Unpickler|shelve|read_pickle/;

/**
 * Literal words one of which every PREFILTER match contains (the words the shared keyword pass
 * looks for before PREFILTER runs; test/lang/keywords.test.ts holds the two together).
 */
export const PREFILTER_WORDS: readonly string[] = ['transformers', 'diffusers', 'huggingface_hub', 'datasets', 'peft', 'timm', 'vllm', 'llama_cpp', 'optimum', 'open_clip', 'setfit', 'trl', 'unsloth', 'adapters', 'gliner', 'span_marker', 'langchain', 'torch', 'pickle', 'cPickle', 'shelve', 'joblib', 'dill', 'safe_mode', 'load('];
