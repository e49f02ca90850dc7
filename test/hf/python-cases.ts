/**
 * The Python Hugging Face cases (pulls and unsafe loaders): read by test/hf/python-pulls.test.ts
 * (the expected sites) and test/hf/python-fast-path.test.ts (the two readers agree on each).
 */
import type { PullSite } from '../../src/hf/types.js';

const SHA = '0123456789abcdef0123456789abcdef01234567';
const TF = 'from transformers import AutoModel, AutoModelForCausalLM, AutoTokenizer, pipeline\n';

export interface PullCase {
  name: string;
  code: string;
  expect: Partial<PullSite>[];
}

export const PULLS: PullCase[] = [
  { name: 'Auto class, literal id, no revision', code: `${TF}m = AutoModel.from_pretrained("bert-base-uncased")\n`, expect: [{ via: 'AutoModel.from_pretrained', id: 'bert-base-uncased', line: 2, column: 5 }] },
  { name: 'pinned sha', code: `${TF}m = AutoModel.from_pretrained("org/m", revision="${SHA}")\n`, expect: [{ id: 'org/m', revision: SHA }] },
  { name: 'branch revision', code: `${TF}AutoTokenizer.from_pretrained("org/m", revision="main")\n`, expect: [{ via: 'AutoTokenizer.from_pretrained', id: 'org/m', revision: 'main' }] },
  { name: 'keyword pretrained_model_name_or_path', code: `${TF}AutoModel.from_pretrained(pretrained_model_name_or_path="org/kw")\n`, expect: [{ id: 'org/kw' }] },
  { name: 'same-file constant', code: `${TF}MODEL = "org/const"\nAutoModel.from_pretrained(MODEL)\n`, expect: [{ id: 'org/const' }] },
  { name: 'f-string of constants', code: `${TF}ORG = "meta-llama"\nNAME = "Llama-3.1-8B"\nAutoModel.from_pretrained(f"{ORG}/{NAME}")\n`, expect: [{ id: 'meta-llama/Llama-3.1-8B' }] },
  { name: 'concatenation of constants', code: `${TF}ORG = "org"\nAutoModel.from_pretrained(ORG + "/cat")\n`, expect: [{ id: 'org/cat' }] },
  { name: 'default parameter value', code: `${TF}def load(name="org/default", rev=None):\n    return AutoModel.from_pretrained(name, revision=rev)\n`, expect: [{ id: 'org/default', revision: undefined, revisionDynamic: undefined }] },
  { name: 'parameter without default is dynamic', code: `${TF}def load(name):\n    return AutoModel.from_pretrained(name)\n`, expect: [{ dynamic: 'name', id: undefined }] },
  { name: 'environment lookup is dynamic', code: `${TF}import os\nAutoModel.from_pretrained(os.environ["MODEL"])\n`, expect: [{ dynamic: 'os.environ["MODEL"]' }] },
  {
    name: "an environment variable's lookup with a default resolves to the default (the model where it is unset); without one, or a default that is no constant, it is dynamic",
    code: `import os\nfrom os import getenv\n${TF}MODEL_ID = os.getenv("MODEL_ID", "bigcode/starcoder2-3b")\nAutoModel.from_pretrained(MODEL_ID)\nAutoModel.from_pretrained(os.environ.get("M2", "org/env-get"))\nAutoModel.from_pretrained(getenv("M3", DEFAULT))\nAutoModel.from_pretrained(os.getenv("M4"))\nAutoModel.from_pretrained(os.getenv("M5", default="org/kw"))\nAutoModel.from_pretrained(other.get("M6", "org/not-env"))\n`,
    expect: [{ id: 'bigcode/starcoder2-3b' }, { id: 'org/env-get' }, { dynamic: 'getenv("M3", DEFAULT)' }, { dynamic: 'os.getenv("M4")' }, { dynamic: 'os.getenv("M5", default="org/kw")' }, { dynamic: 'other.get("M6", "org/not-env")' }],
  },
  { name: 'a name assigned two values is dynamic', code: `${TF}M = "org/a"\nif x:\n    M = "org/b"\nAutoModel.from_pretrained(M)\n`, expect: [{ dynamic: 'M' }] },
  { name: 'revision from a variable', code: `${TF}AutoModel.from_pretrained("org/m", revision=get_rev())\n`, expect: [{ id: 'org/m', revisionDynamic: true }] },
  { name: 'revision from a constant', code: `${TF}REV = "${SHA}"\nAutoModel.from_pretrained("org/m", revision=REV)\n`, expect: [{ revision: SHA }] },
  { name: 'trust_remote_code=True', code: `${TF}AutoModelForCausalLM.from_pretrained("org/m", trust_remote_code=True)\n`, expect: [{ trustRemoteCode: true }] },
  { name: 'trust_remote_code=False', code: `${TF}AutoModelForCausalLM.from_pretrained("org/m", trust_remote_code=False)\n`, expect: [{ trustRemoteCode: undefined }] },
  { name: 'use_safetensors=False', code: `${TF}AutoModel.from_pretrained("org/m", use_safetensors=False)\n`, expect: [{ unsafeWeights: 'use_safetensors=False' }] },
  { name: 'local relative path', code: `${TF}AutoModel.from_pretrained("./models/bert")\n`, expect: [{ localPath: './models/bert', id: undefined }] },
  { name: 'absolute path', code: `${TF}AutoModel.from_pretrained("/opt/models/bert")\n`, expect: [{ localPath: '/opt/models/bert' }] },
  { name: 'local_files_only', code: `${TF}AutoModel.from_pretrained("org/m", local_files_only=True)\n`, expect: [{ id: 'org/m', localPath: '(local_files_only=True)' }] },
  { name: 'pipeline with model=', code: `${TF}p = pipeline("text-generation", model="gpt2")\n`, expect: [{ via: 'pipeline', id: 'gpt2' }] },
  { name: 'pipeline with the model positional', code: `${TF}p = pipeline("fill-mask", "distilroberta-base")\n`, expect: [{ id: 'distilroberta-base' }] },
  { name: 'pipeline without a model pulls the task default', code: `${TF}p = pipeline("sentiment-analysis")\n`, expect: [{ via: 'pipeline', dynamic: 'default model for task sentiment-analysis' }] },
  { name: 'transformers.pipeline through the module', code: 'import transformers\np = transformers.pipeline("ner", model="dslim/bert-base-NER")\n', expect: [{ id: 'dslim/bert-base-NER' }] },
  { name: 'hf_hub_download with a pickle file', code: 'from huggingface_hub import hf_hub_download\nhf_hub_download(repo_id="org/m", filename="pytorch_model.bin")\n', expect: [{ via: 'hf_hub_download', id: 'org/m', file: 'pytorch_model.bin', unsafeWeights: 'filename="pytorch_model.bin"' }] },
  { name: 'hf_hub_download positional, safetensors', code: 'from huggingface_hub import hf_hub_download\nhf_hub_download("org/m", "model.safetensors", revision="v1.0")\n', expect: [{ id: 'org/m', file: 'model.safetensors', revision: 'v1.0', unsafeWeights: undefined }] },
  { name: 'snapshot_download of a dataset', code: 'from huggingface_hub import snapshot_download\nsnapshot_download("org/data", repo_type="dataset")\n', expect: [{ via: 'snapshot_download', id: 'org/data', repoType: 'dataset' }] },
  { name: 'HfApi().snapshot_download', code: 'from huggingface_hub import HfApi\nHfApi().snapshot_download(repo_id="org/m")\n', expect: [{ id: 'org/m' }] },
  { name: 'aliased hf_hub_download', code: 'from huggingface_hub import hf_hub_download as dl\ndl("org/m", "x.gguf")\n', expect: [{ via: 'hf_hub_download', id: 'org/m', file: 'x.gguf' }] },
  { name: 'load_dataset from the Hub', code: 'from datasets import load_dataset\nds = load_dataset("rajpurkar/squad", revision="main")\n', expect: [{ via: 'load_dataset', repoType: 'dataset', id: 'rajpurkar/squad', revision: 'main' }] },
  { name: 'load_dataset of a data file (datasets infers the builder from its extension) is local', code: 'from datasets import load_dataset\nDATA = "alpaca_data_cleaned.json"\na = load_dataset(DATA)\nb = load_dataset("data/train.jsonl")\nc = load_dataset("tatsu-lab/alpaca")\n', expect: [{ localPath: 'alpaca_data_cleaned.json', id: undefined }, { localPath: 'data/train.jsonl', id: undefined }, { id: 'tatsu-lab/alpaca' }] },
  { name: "hf_hub_download of a .bin that is no pickle (fastText's model.bin) is safe; pytorch_model.bin and adapter_model.bin are pickles", code: 'from huggingface_hub import hf_hub_download\nimport fasttext\np = hf_hub_download(repo_id="facebook/fasttext-language-identification", filename="model.bin")\nhf_hub_download("org/m", "pytorch_model-00001-of-00002.bin")\nhf_hub_download("org/a", filename="adapter_model.bin")\n', expect: [{ file: 'model.bin', unsafeWeights: undefined }, { unsafeWeights: 'filename="pytorch_model-00001-of-00002.bin"' }, { unsafeWeights: 'filename="adapter_model.bin"' }] },
  { name: 'load_dataset of local csv files', code: 'from datasets import load_dataset\nds = load_dataset("csv", data_files="a.csv")\n', expect: [] },
  { name: 'SentenceTransformer', code: 'from sentence_transformers import SentenceTransformer\nm = SentenceTransformer("sentence-transformers/all-MiniLM-L6-v2")\n', expect: [{ via: 'SentenceTransformer', id: 'sentence-transformers/all-MiniLM-L6-v2' }] },
  {
    name: "a name with no organization given to SentenceTransformer (or through LangChain's or LlamaIndex's embeddings) is sentence-transformers' own, unless it is a legacy transformers id; CrossEncoder's is as written",
    code: 'from sentence_transformers import SentenceTransformer, CrossEncoder\nfrom langchain_huggingface import HuggingFaceEmbeddings\na = SentenceTransformer("all-MiniLM-L6-v2")\nb = SentenceTransformer("bert-base-uncased")\nc = HuggingFaceEmbeddings(model_name="all-mpnet-base-v2")\nd = SentenceTransformer("BAAI/bge-small-en-v1.5")\ne = CrossEncoder("ms-marco-MiniLM-L-6-v2")\n',
    expect: [{ id: 'sentence-transformers/all-MiniLM-L6-v2' }, { id: 'bert-base-uncased' }, { id: 'sentence-transformers/all-mpnet-base-v2' }, { id: 'BAAI/bge-small-en-v1.5' }, { id: 'ms-marco-MiniLM-L-6-v2' }],
  },
  { name: 'CrossEncoder', code: 'from sentence_transformers import CrossEncoder\nm = CrossEncoder("cross-encoder/ms-marco-MiniLM-L-6-v2")\n', expect: [{ via: 'CrossEncoder' }] },
  {
    name: "vLLM's engine arguments (EngineArgs, AsyncEngineArgs from vllm or vllm.engine.arg_utils), with trust_remote_code and revision; another library's EngineArgs is none",
    code: `from vllm import EngineArgs, LLMEngine\nfrom vllm.engine.arg_utils import AsyncEngineArgs\nimport transformers\ne = LLMEngine.from_engine_args(EngineArgs(model="facebook/opt-125m"))\na = AsyncEngineArgs(model="Qwen/Qwen2-VL-7B-Instruct", trust_remote_code=True, revision="${SHA}")\nfrom other import EngineArgs as X\nX(model="org/not-vllm")\n`,
    expect: [{ via: 'vllm.EngineArgs', id: 'facebook/opt-125m' }, { via: 'vllm.AsyncEngineArgs', id: 'Qwen/Qwen2-VL-7B-Instruct', trustRemoteCode: true, revision: SHA }],
  },
  { name: 'vLLM LLM(model=...)', code: 'from vllm import LLM\nllm = LLM(model="mistralai/Mistral-7B-v0.1", trust_remote_code=True)\n', expect: [{ via: 'vllm.LLM', id: 'mistralai/Mistral-7B-v0.1', trustRemoteCode: true }] },
  { name: 'llama-cpp Llama.from_pretrained', code: 'from llama_cpp import Llama\nllm = Llama.from_pretrained(repo_id="TheBloke/x-GGUF", filename="*Q4_K_M.gguf")\n', expect: [{ via: 'Llama.from_pretrained', id: 'TheBloke/x-GGUF' }] },
  { name: 'PEFT adapter: the second argument', code: 'from peft import PeftModel\nm = PeftModel.from_pretrained(base, "org/adapter")\n', expect: [{ via: 'PeftModel.from_pretrained', id: 'org/adapter' }] },
  { name: 'diffusers pipeline', code: 'from diffusers import DiffusionPipeline\np = DiffusionPipeline.from_pretrained("stabilityai/sdxl", use_safetensors=True)\n', expect: [{ via: 'DiffusionPipeline.from_pretrained', id: 'stabilityai/sdxl', unsafeWeights: undefined }] },
  { name: 'timm hf-hub id', code: 'import timm\nm = timm.create_model("hf-hub:timm/resnet50.a1_in1k", pretrained=True)\n', expect: [{ via: 'timm.create_model', id: 'timm/resnet50.a1_in1k' }] },
  { name: 'timm built-in architecture is not a pull', code: 'import timm\nm = timm.create_model("resnet50", pretrained=True)\n', expect: [] },
  { name: 'a class of the project with from_pretrained in an HF file', code: `${TF}class Mine(AutoModel): pass\nMine.from_pretrained("org/mine")\n`, expect: [{ via: 'Mine.from_pretrained', id: 'org/mine' }] },
  { name: 'LangChain HuggingFaceEmbeddings model_name', code: 'from langchain.embeddings import HuggingFaceEmbeddings\ne = HuggingFaceEmbeddings(model_name="sentence-transformers/all-MiniLM-L6-v2")\n', expect: [{ via: 'HuggingFaceEmbeddings', id: 'sentence-transformers/all-MiniLM-L6-v2' }] },
  { name: 'LangChain HuggingFaceEmbeddings default model', code: 'from langchain_huggingface import HuggingFaceEmbeddings\ne = HuggingFaceEmbeddings()\n', expect: [{ via: 'HuggingFaceEmbeddings', dynamic: 'the default model of HuggingFaceEmbeddings' }] },
  { name: 'LlamaIndex HuggingFaceEmbedding model_name', code: 'from llama_index.embeddings.huggingface import HuggingFaceEmbedding\ne = HuggingFaceEmbedding(model_name="BAAI/bge-small-en-v1.5")\n', expect: [{ via: 'HuggingFaceEmbedding', id: 'BAAI/bge-small-en-v1.5' }] },
  { name: 'LlamaIndex HuggingFaceEmbedding default model', code: 'from llama_index.embeddings.huggingface import HuggingFaceEmbedding\nHuggingFaceEmbedding()\n', expect: [{ via: 'HuggingFaceEmbedding', dynamic: 'the default model of HuggingFaceEmbedding' }] },
  { name: 'Haystack sentence-transformers embedders and rankers', code: 'from haystack.components.embedders import SentenceTransformersDocumentEmbedder\nfrom haystack.components.rankers import TransformersSimilarityRanker\nSentenceTransformersDocumentEmbedder(model="sentence-transformers/all-MiniLM-L6-v2")\nTransformersSimilarityRanker("cross-encoder/ms-marco-MiniLM-L-6-v2", revision="0123456789abcdef0123456789abcdef01234567")\n', expect: [{ via: 'SentenceTransformersDocumentEmbedder', id: 'sentence-transformers/all-MiniLM-L6-v2' }, { via: 'TransformersSimilarityRanker', id: 'cross-encoder/ms-marco-MiniLM-L-6-v2', revision: '0123456789abcdef0123456789abcdef01234567' }] },
  { name: 'LlamaIndex HuggingFaceLLM model_name, and its default', code: 'from llama_index.llms.huggingface import HuggingFaceLLM\nllm = HuggingFaceLLM(model_name="HuggingFaceH4/zephyr-7b-beta", tokenizer_name="HuggingFaceH4/zephyr-7b-beta")\nHuggingFaceLLM(context_window=2048)\n', expect: [{ via: 'HuggingFaceLLM', id: 'HuggingFaceH4/zephyr-7b-beta' }, { via: 'HuggingFaceLLM', dynamic: 'the default model of HuggingFaceLLM' }] },
  { name: 'LlamaIndex resolve_embed_model: only local:<repo> downloads', code: 'from llama_index.core.embeddings import resolve_embed_model\nresolve_embed_model("local:BAAI/bge-small-en-v1.5")\nresolve_embed_model("default")\nresolve_embed_model("local:./models/bge")\n', expect: [{ via: 'resolve_embed_model', id: 'BAAI/bge-small-en-v1.5' }, { via: 'resolve_embed_model', localPath: './models/bge' }] },
  {
    name: 'pipeline given a loaded model object: the from_pretrained is the pull, not the pipeline; a name holding a string stays dynamic',
    code: `${TF}model = AutoModel.from_pretrained("org/m", revision="0123456789abcdef0123456789abcdef01234567")\nqa = pipeline("text2text-generation", model=model, tokenizer=tok)\nname = get_name()\npipeline("fill-mask", model=name)\n`,
    expect: [{ via: 'AutoModel.from_pretrained', id: 'org/m' }, { via: 'pipeline', dynamic: 'name' }],
  },
  {
    name: 'trust_remote_code inside a dict the call is given (LangChain model_kwargs, **dict(…)); False or in another call is not',
    code: 'from langchain_huggingface import HuggingFaceEmbeddings\nfrom transformers import AutoModel\ne = HuggingFaceEmbeddings(model_name="nomic-ai/nomic-embed-text-v1", model_kwargs={"trust_remote_code": True, "device": "cpu"})\nm = AutoModel.from_pretrained("org/m", **dict(trust_remote_code=True))\nf = HuggingFaceEmbeddings(model_name="org/e", model_kwargs={"trust_remote_code": False})\ng = AutoModel.from_pretrained("org/g")\nx = other(trust_remote_code=True)\n',
    expect: [{ via: 'HuggingFaceEmbeddings', id: 'nomic-ai/nomic-embed-text-v1', trustRemoteCode: true }, { via: 'AutoModel.from_pretrained', id: 'org/m', trustRemoteCode: true }, { via: 'HuggingFaceEmbeddings', id: 'org/e', trustRemoteCode: undefined }, { via: 'AutoModel.from_pretrained', id: 'org/g', trustRemoteCode: undefined }],
  },
  {
    name: 'a command-line option with a string default: the default is the pull, recorded with its option',
    code: `import argparse\n${TF}parser = argparse.ArgumentParser()\nparser.add_argument("--model_name_or_path", type=str, default="meta-llama/Llama-2-7b-hf", help="model (default: %(default)s)")\nparser.add_argument("-t", "--tokenizer-name", default='bert-base-uncased')\nparser.add_argument("--ckpt", dest="local", default="./checkpoints/last")\nargs = parser.parse_args()\nAutoModel.from_pretrained(args.model_name_or_path)\nAutoTokenizer.from_pretrained(args.tokenizer_name)\nAutoModel.from_pretrained(args.local)\n`,
    expect: [{ id: 'meta-llama/Llama-2-7b-hf', argDefault: '--model_name_or_path', dynamic: undefined }, { id: 'bert-base-uncased', argDefault: '--tokenizer-name' }, { localPath: './checkpoints/last', argDefault: '--ckpt', id: undefined }],
  },
  {
    name: 'options parsed in a function of the file, and absl flags',
    code: `import argparse\nfrom absl import flags\n${TF}def get_args():\n    p = argparse.ArgumentParser()\n    p.add_argument("--model", default="org/from-fn")\n    return p.parse_args()\n\nflags.DEFINE_string("base_model", "org/absl", "the model")\nFLAGS = flags.FLAGS\n\ndef main(opts):\n    AutoModel.from_pretrained(opts.model)\n    AutoModel.from_pretrained(FLAGS.base_model)\n\nif __name__ == "__main__":\n    opts = get_args()\n    main(opts)\n`,
    expect: [{ id: 'org/from-fn', argDefault: '--model' }, { id: 'org/absl', argDefault: '--base_model' }],
  },
  {
    name: "HfArgumentParser: a field's default in the file's dataclass is the pull",
    code: `from dataclasses import dataclass, field\nfrom transformers import AutoModelForCausalLM, HfArgumentParser, TrainingArguments\n@dataclass\nclass ModelArguments:\n    model_name_or_path: str = field(default="EleutherAI/pythia-160m", metadata={"help": "Path (or id)"})\n    adapter: Optional[str] = field(default=None)\nparser = HfArgumentParser((ModelArguments, TrainingArguments))\nmodel_args, training_args = parser.parse_args_into_dataclasses()\nAutoModelForCausalLM.from_pretrained(model_args.model_name_or_path, trust_remote_code=True)\nAutoModelForCausalLM.from_pretrained(model_args.adapter)\n`,
    expect: [{ id: 'EleutherAI/pythia-160m', argDefault: '--model_name_or_path', trustRemoteCode: true }, { dynamic: 'model_args.adapter', id: undefined }],
  },
  {
    name: 'decoy options: no default, a None default, two defaults, a name not parsed, an option not defined',
    code: `import argparse\n${TF}parser = argparse.ArgumentParser()\nsub = parser.add_subparsers()\na = sub.add_parser("a")\nb = sub.add_parser("b")\na.add_argument("--model", default="org/a")\nb.add_argument("--model", default="org/b")\nparser.add_argument("--base")\nparser.add_argument("--lora", default=None)\nparser.add_argument("--name", default=f"org/{x}")\nargs = parser.parse_args()\nAutoModel.from_pretrained(args.model)\nAutoModel.from_pretrained(args.base)\nAutoModel.from_pretrained(args.lora)\nAutoModel.from_pretrained(args.name)\nAutoModel.from_pretrained(cfg.model)\nAutoModel.from_pretrained(args.other)\n`,
    expect: [{ dynamic: 'args.model', id: undefined, argDefault: undefined }, { dynamic: 'args.base' }, { dynamic: 'args.lora' }, { dynamic: 'args.name' }, { dynamic: 'cfg.model' }, { dynamic: 'args.other' }],
  },
  {
    name: 'trust_remote_code in a dict the call is given by name (**kwargs, model_kwargs=kw, kw["trust_remote_code"] = True)',
    code: `from langchain_huggingface import HuggingFaceEmbeddings\n${TF}kwargs = {"trust_remote_code": True, "torch_dtype": "auto"}\nAutoModel.from_pretrained("org/a", **kwargs)\nkw: dict = dict(device="cpu")\nkw["trust_remote_code"] = True\nHuggingFaceEmbeddings(model_name="org/b", model_kwargs=kw)\nopts = {}\nopts.update(trust_remote_code=True)\nAutoModel.from_pretrained("org/c", **opts)\n`,
    expect: [{ id: 'org/a', trustRemoteCode: true }, { id: 'org/b', trustRemoteCode: true }, { id: 'org/c', trustRemoteCode: true }],
  },
  {
    name: 'decoy dicts: trust_remote_code False, a dict not splatted, a dict given as config, an attribute of the dict',
    code: `${TF}safe = {"trust_remote_code": False}\nAutoModel.from_pretrained("org/a", **safe)\nunsafe = {"trust_remote_code": True}\nAutoModel.from_pretrained("org/b")\nAutoModel.from_pretrained("org/c", config=unsafe)\nAutoModel.from_pretrained("org/d", **unsafe.get("x"))\n`,
    expect: [{ id: 'org/a', trustRemoteCode: undefined }, { id: 'org/b', trustRemoteCode: undefined }, { id: 'org/c', trustRemoteCode: undefined }, { id: 'org/d', trustRemoteCode: undefined }],
  },
  {
    name: "TRL's trainers given a model id load it (with model_init_kwargs' trust_remote_code); given a loaded model or a plain name, nothing",
    code: 'from trl import GRPOTrainer, SFTTrainer, SFTConfig, DPOTrainer\nt = GRPOTrainer(model="Qwen/Qwen3-0.6B", reward_funcs=[])\ns = SFTTrainer(model="Qwen/Qwen2.5-0.5B", args=SFTConfig(model_init_kwargs={"trust_remote_code": True}))\nd = DPOTrainer(model=model_args.model_name_or_path)\nx = SFTTrainer(model=model, args=cfg)\ny = SFTTrainer(model, train_dataset=ds)\n',
    expect: [{ via: 'GRPOTrainer', id: 'Qwen/Qwen3-0.6B' }, { via: 'SFTTrainer', id: 'Qwen/Qwen2.5-0.5B', trustRemoteCode: true }, { via: 'DPOTrainer', dynamic: 'model_args.model_name_or_path' }],
  },
  {
    name: "diffusers' custom_pipeline from the Hub is a second pull, of code, at custom_revision; a GitHub community pipeline's bare name and a local folder are not",
    code: `from diffusers import DiffusionPipeline\np = DiffusionPipeline.from_pretrained("google/ddpm-cifar10-32", custom_pipeline="hf-internal-testing/diffusers-dummy-pipeline")\nq = DiffusionPipeline.from_pretrained("org/sd", custom_pipeline="org/pipe", custom_revision="${SHA}")\nr = DiffusionPipeline.from_pretrained("org/sd2", custom_pipeline="lpw_stable_diffusion")\ns = DiffusionPipeline.from_pretrained("org/sd3", custom_pipeline="./my_pipeline/")\n`,
    expect: [
      { via: 'DiffusionPipeline.from_pretrained', id: 'google/ddpm-cifar10-32', trustRemoteCode: undefined },
      { via: 'DiffusionPipeline.from_pretrained', id: 'hf-internal-testing/diffusers-dummy-pipeline', trustRemoteCode: true, remoteCode: 'custom_pipeline', revision: undefined, line: 2, column: 5 },
      { id: 'org/sd', trustRemoteCode: undefined, revision: undefined },
      { id: 'org/pipe', trustRemoteCode: true, remoteCode: 'custom_pipeline', revision: SHA },
      { id: 'org/sd2', trustRemoteCode: undefined },
      { id: 'org/sd3', trustRemoteCode: undefined },
    ],
  },
  { name: "MLX LM's load and huggingface_hub's from_pretrained_keras", code: 'from mlx_lm import load\nfrom huggingface_hub import from_pretrained_keras\nmodel, tok = load("mlx-community/Qwen2.5-3B-Instruct-4bit")\nk = from_pretrained_keras("keras-io/ocr-for-captcha")\nj = json.load(f)\n', expect: [{ via: 'mlx_lm.load', id: 'mlx-community/Qwen2.5-3B-Instruct-4bit' }, { via: 'from_pretrained_keras', id: 'keras-io/ocr-for-captcha' }] },
  { name: "decoy: another library's load and Trainer", code: 'from transformers import Trainer\nimport yaml\ncfg = yaml.load(open("mlx-community/x"))\nt = Trainer(model="org/not-loaded-by-trainer")\n', expect: [] },
  { name: 'Unsloth from_pretrained(model_name=…)', code: 'from unsloth import FastLanguageModel\nmodel, tok = FastLanguageModel.from_pretrained(model_name="unsloth/llama-3-8b-bnb-4bit", max_seq_length=2048)\n', expect: [{ via: 'FastLanguageModel.from_pretrained', id: 'unsloth/llama-3-8b-bnb-4bit' }] },
  { name: 'decoy: an embedder of another library, a local class of the same name', code: 'from haystack.components.embedders import OpenAITextEmbedder\nOpenAITextEmbedder(model="text-embedding-3-small")\nclass HuggingFaceEmbedding: pass\nHuggingFaceEmbedding("org/local")\n', expect: [] },
  { name: 'decoy: a string in a comment', code: `${TF}# AutoModel.from_pretrained("org/commented")\n`, expect: [] },
  { name: 'decoy: the call inside a string', code: `${TF}s = 'AutoModel.from_pretrained("org/in-string")'\n`, expect: [] },
  { name: 'decoy: no Hugging Face import', code: 'class M:\n    @classmethod\n    def from_pretrained(cls, p): ...\nM.from_pretrained("org/x")\n', expect: [] },
  { name: 'decoy: another pipeline function', code: 'from sklearn.pipeline import pipeline\nimport transformers\npipeline("a", "b")\n', expect: [] },
  { name: 'broken syntax still reads the good calls', code: `${TF}def broken(:\n    pass\nAutoModel.from_pretrained("org/after")\n`, expect: [{ id: 'org/after' }] },
];


export interface LoaderCase {
  name: string;
  code: string;
  expect: { rule: string; call?: string; severity?: string }[];
}

export const LOADERS: LoaderCase[] = [
  { name: 'torch.load without weights_only', code: 'import torch\ntorch.load("m.pt")\n', expect: [{ rule: 'load/torch-load-unsafe', call: 'torch.load' }] },
  { name: 'torch.load weights_only=False is high', code: 'import torch\ntorch.load("m.pt", weights_only=False)\n', expect: [{ rule: 'load/torch-load-unsafe', severity: 'high' }] },
  { name: 'torch.load weights_only=True is safe', code: 'import torch\ntorch.load("m.pt", weights_only=True)\n', expect: [] },
  { name: 'torch.load weights_only from a True constant is safe', code: 'import torch\nSAFE = True\ntorch.load("m.pt", weights_only=SAFE)\n', expect: [] },
  { name: 'torch.load weights_only from a variable', code: 'import torch\ntorch.load("m.pt", weights_only=flag)\n', expect: [{ rule: 'load/torch-load-unsafe' }] },
  { name: 'from torch import load', code: 'from torch import load\nload("m.pt")\n', expect: [{ rule: 'load/torch-load-unsafe', call: 'torch.load' }] },
  { name: 'torch.serialization.load', code: 'import torch\ntorch.serialization.load(f)\n', expect: [{ rule: 'load/torch-load-unsafe' }] },
  { name: 'torch.jit.load', code: 'import torch\ntorch.jit.load("m.ts")\n', expect: [{ rule: 'load/torch-jit' }] },
  { name: 'pickle.load and loads', code: 'import pickle\npickle.load(f)\npickle.loads(b)\n', expect: [{ rule: 'load/pickle' }, { rule: 'load/pickle' }] },
  { name: 'cPickle alias', code: 'import _pickle as cp\ncp.Unpickler(f)\n', expect: [{ rule: 'load/pickle', call: '_pickle.Unpickler' }] },
  { name: 'pickle.dumps is not a load', code: 'import pickle\npickle.dumps(obj)\n', expect: [] },
  { name: 'pandas.read_pickle', code: 'import pandas as pd\npd.read_pickle("x.pkl")\n', expect: [{ rule: 'load/pickle', call: 'pandas.read_pickle' }] },
  { name: 'joblib.load', code: 'import joblib\njoblib.load("m.joblib")\n', expect: [{ rule: 'load/joblib' }] },
  { name: 'numpy.load allow_pickle=True', code: 'import numpy as np\nnp.load("a.npy", allow_pickle=True)\n', expect: [{ rule: 'load/numpy-allow-pickle', call: 'numpy.load' }] },
  { name: 'numpy.load allow_pickle positional', code: 'import numpy as np\nnp.load("a.npy", None, True)\n', expect: [{ rule: 'load/numpy-allow-pickle' }] },
  { name: 'numpy.load default is safe', code: 'import numpy as np\nnp.load("a.npy")\n', expect: [] },
  { name: 'keras load_model safe_mode=False', code: 'import keras\nkeras.models.load_model("m.keras", safe_mode=False)\n', expect: [{ rule: 'load/keras-unsafe-mode' }] },
  { name: 'tf.keras load_model safe_mode=False', code: 'import tensorflow as tf\ntf.keras.models.load_model("m.keras", safe_mode=False)\n', expect: [{ rule: 'load/keras-unsafe-mode', call: 'tensorflow.keras.models.load_model' }] },
  { name: 'keras load_model default is safe', code: 'from keras.models import load_model\nload_model("m.keras")\n', expect: [] },
  { name: 'dill.loads', code: 'import dill\ndill.loads(b)\n', expect: [{ rule: 'load/dill' }] },
  { name: 'cloudpickle.load', code: 'import cloudpickle\ncloudpickle.load(f)\n', expect: [{ rule: 'load/cloudpickle' }] },
  { name: 'torch.hub.load of a GitHub repository (from torch import hub too); source="local" and a pinned commit are not', code: 'import torch\nfrom torch import hub\ntorch.hub.load("facebookresearch/dinov2", "dinov2_vits14")\nhub.load(repo_or_dir="pytorch/vision:v0.10.0", model="resnet18")\ntorch.hub.load("./local", "m", source="local")\ntorch.hub.load("o/r:0123456789abcdef0123456789abcdef01234567", "m")\n', expect: [{ rule: 'load/torch-hub', call: 'torch.hub.load' }, { rule: 'load/torch-hub', call: 'torch.hub.load' }] },
  { name: 'decoy: a method named load on another object', code: 'import torch\nmodel.load("x")\nyaml.load(s)\n', expect: [] },
  { name: 'decoy: a local function named load', code: 'def load(p):\n    return open(p).read()\nload("x")\n', expect: [] },
  { name: 'decoy: torch.load in a comment', code: 'import torch\n# torch.load("m.pt")\n', expect: [] },
];

