/**
 * Valid / invalid cases for the Hugging Face pull rules and the unsafe-loader rules, RuleTester
 * style: each case is one file, scanned with the policy `hf.allowedPublishers: [meta-llama, google]`.
 * The online rule (hf/hub-scan-flagged) has its cases in HF_ONLINE_CASES, run against the fake Hub.
 */
import type { Case, RuleCases } from './model-cases.js';

const f = (name: string, file: string, text: string): Case => ({ name, file, bytes: Buffer.from(text) });
const SHA = '0123456789abcdef0123456789abcdef01234567';
const TF = 'from transformers import AutoModel, AutoModelForCausalLM, pipeline\n';

export const HF_POLICY = { allowedPublishers: ['meta-llama', 'google'] };

export const HF_RULE_CASES: Record<string, RuleCases> = {
  'hf/unpinned-revision': {
    invalid: [
      f('from_pretrained without a revision', 'app.py', `${TF}AutoModel.from_pretrained("meta-llama/Llama-3.1-8B")\n`),
      f('revision="main" is a branch', 'app.py', `${TF}AutoModel.from_pretrained("meta-llama/Llama-3.1-8B", revision="main")\n`),
      f('a short sha does not pin', 'app.py', `${TF}AutoModel.from_pretrained("meta-llama/Llama-3.1-8B", revision="0123456")\n`),
      f('transformers.js pipeline', 'web.ts', 'import { pipeline } from "@huggingface/transformers";\nconst p = await pipeline("sentiment-analysis", "Xenova/distilbert-base-uncased-finetuned-sst-2-english");\n'),
      f('huggingface-cli download in a Dockerfile', 'Dockerfile', 'FROM python:3.12\nRUN huggingface-cli download google/gemma-2b\n'),
      f('a resolve/main URL fetched with curl', 'fetch.sh', '#!/bin/sh\ncurl -L -o m.safetensors https://huggingface.co/google/gemma-2b/resolve/main/model.safetensors\n'),
      f('a compose service on the vLLM image', 'docker-compose.yml', 'services:\n  llm:\n    image: vllm/vllm-openai:v0.6.3\n    command: ["--model", "google/gemma-2b"]\n'),
      f('a Kubernetes container on the TGI image, its model in MODEL_ID', 'deploy/tgi.yaml', 'kind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        - image: ghcr.io/huggingface/text-generation-inference:2.4\n          env:\n            - name: MODEL_ID\n              value: google/gemma-2b\n'),
      f('a compose service on the TEI image', 'compose.yaml', 'services:\n  embed:\n    image: ghcr.io/huggingface/text-embeddings-inference:1.5\n    command: ["--model-id", "google/embeddinggemma-300m"]\n'),
      f('a Dockerfile ADD of a resolve/main URL', 'Dockerfile', 'FROM python:3.12\nADD https://huggingface.co/google/gemma-2b/resolve/main/model.safetensors /models/\n'),
      f("a Ray Serve LLM config's model_source", 'serve_config.yaml', 'applications:\n- args:\n    llm_configs:\n    - model_loading_config:\n        model_id: gemma\n        model_source: google/gemma-2b\n'),
      f('llama-server --model-url of a resolve/main URL', 'serve.sh', '#!/bin/sh\nllama-server -mu https://huggingface.co/google/gemma-2b-GGUF/resolve/main/gemma-2b.Q8_0.gguf\n'),
      f('a resolve/main URL in code (onnxruntime-web)', 'detect.ts', 'import * as ort from "onnxruntime-web";\nconst s = await ort.InferenceSession.create("https://huggingface.co/google/yolos-tiny/resolve/main/onnx/model.onnx");\n'),
      f("WebLLM's engine for a prebuilt model (mlc-ai/<id>, fetched at resolve/main/)", 'chat.ts', 'import { CreateMLCEngine } from "@mlc-ai/web-llm";\nconst engine = await CreateMLCEngine("gemma-2-2b-it-q4f16_1-MLC");\n'),
    ],
    valid: [
      f('a pinned 40-hex commit', 'app.py', `${TF}AutoModel.from_pretrained("meta-llama/Llama-3.1-8B", revision="${SHA}")\n`),
      f('a local path', 'app.py', `${TF}AutoModel.from_pretrained("./models/llama")\n`),
      f('the call in a comment', 'app.py', `${TF}# AutoModel.from_pretrained("meta-llama/Llama-3.1-8B")\n`),
      f('a revision from a variable', 'app.py', `${TF}AutoModel.from_pretrained("meta-llama/Llama-3.1-8B", revision=cfg.revision)\n`),
      f('curl of a resolve URL at a commit', 'fetch.sh', `#!/bin/sh\ncurl -LO https://huggingface.co/google/gemma-2b/resolve/${SHA}/model.safetensors\n`),
      f('a config whose model_id is a hosted API\'s model (OpenAI, a Bedrock id, Gemini)', 'llm.yaml', 'a: {model_id: gpt-4o}\nb: {model_id: anthropic.claude-v2}\nc: {model_name_or_path: claude-3-5-sonnet-latest}\nd: {base_model: gemini-1.5-pro}\ne:\n  model_id: us.anthropic.claude-3-5-sonnet-20241022-v2:0\n'),
      f('a compose vLLM service pinned to a commit', 'compose.yaml', `services:\n  llm:\n    image: vllm/vllm-openai:v0.6.3\n    command: --model google/gemma-2b --revision ${SHA}\n`),
      f('model options given to an image that is no inference server', 'docker-compose.yml', 'services:\n  app:\n    image: python:3.12  # not vllm\n    command: ["--model", "google/gemma-2b"]\n'),
      f('a resolve URL at a commit in code; one in a comment', 'detect.py', `import requests\n# requests.get("https://huggingface.co/google/x/resolve/main/model.onnx")\nr = requests.get("https://huggingface.co/google/x/resolve/${SHA}/model.onnx")\n`),
      f("a WebLLM model record whose URL names a commit", 'chat.ts', `import { CreateMLCEngine } from "@mlc-ai/web-llm";\nconst appConfig = { model_list: [{ model: "https://huggingface.co/google/gemma-2b-it-q4f16_1-MLC/resolve/${SHA}/", model_id: "g-MLC", model_lib: lib }] };\nawait CreateMLCEngine("g-MLC", { appConfig });\n`),
      f('a Dockerfile ADD of a resolve URL at a commit', 'Dockerfile', `FROM python:3.12\nADD --chmod=644 https://huggingface.co/google/gemma-2b/resolve/${SHA}/model.safetensors /models/\n`),
      f('llama.cpp -hf takes no revision, so there is none to pin', 'serve.sh', '#!/bin/sh\ndocker run -v ~/.cache/huggingface:/root/.cache/huggingface ghcr.io/ggml-org/llama.cpp:server -hf google/gemma-2b-GGUF:Q4_K_M\n'),
      f('a Bedrock model id in a config is no Hub pull', 'config.yaml', 'llm:\n  model_id: us.anthropic.claude-3-5-sonnet-20241022-v2:0\n'),
      f('an API model name in a config is no Hub pull', 'config.yaml', 'provider: openai\nmodel_id: gpt-4o\n'),
      f("a Ray config's served name is no pull; its source is pinned by engine_kwargs", 'serve_config.yaml', `llm_configs:\n  - model_loading_config:\n      model_id: qwen-0.5b\n      model_source: google/gemma-2b\n    engine_kwargs:\n      revision: ${SHA}\n`),
    ],
  },
  'hf/trust-remote-code': {
    invalid: [
      f('trust_remote_code=True', 'app.py', `${TF}AutoModelForCausalLM.from_pretrained("meta-llama/x", revision="${SHA}", trust_remote_code=True)\n`),
      f('vllm serve --trust-remote-code', 'serve.sh', '#!/bin/sh\nvllm serve google/gemma-2b --trust-remote-code\n'),
      f("diffusers' custom_pipeline from a Hub repository", 'gen.py', `from diffusers import DiffusionPipeline\nDiffusionPipeline.from_pretrained("google/ddpm-cifar10-32", revision="${SHA}", custom_pipeline="google/pipe", custom_revision="${SHA}")\n`),
    ],
    valid: [
      f('trust_remote_code=False', 'app.py', `${TF}AutoModelForCausalLM.from_pretrained("meta-llama/x", trust_remote_code=False)\n`),
      f('the keyword on an unrelated call', 'app.py', 'def f(**kw): pass\nf(trust_remote_code=True)\n'),
      f("diffusers' custom_pipeline naming a GitHub community pipeline or a local folder", 'gen.py', `from diffusers import DiffusionPipeline\nDiffusionPipeline.from_pretrained("google/sd", revision="${SHA}", custom_pipeline="lpw_stable_diffusion")\nDiffusionPipeline.from_pretrained("google/sd", revision="${SHA}", custom_pipeline="./pipelines/mine")\n`),
    ],
  },
  'hf/unsafe-weights': {
    invalid: [
      f('use_safetensors=False', 'app.py', `${TF}AutoModel.from_pretrained("meta-llama/x", revision="${SHA}", use_safetensors=False)\n`),
      f("torch.hub's load_state_dict_from_url of a pytorch_model.bin resolve URL", 'dl.py', `import torch\nsd = torch.hub.load_state_dict_from_url("https://huggingface.co/google/x/resolve/${SHA}/pytorch_model.bin")\n`),
      f('hf_hub_download of pytorch_model.bin', 'dl.py', `from huggingface_hub import hf_hub_download\nhf_hub_download("google/x", "pytorch_model.bin", revision="${SHA}")\n`),
    ],
    valid: [
      f('use_safetensors=True', 'app.py', `${TF}AutoModel.from_pretrained("meta-llama/x", revision="${SHA}", use_safetensors=True)\n`),
      f('hf_hub_download of model.safetensors', 'dl.py', `from huggingface_hub import hf_hub_download\nhf_hub_download("google/x", "model.safetensors", revision="${SHA}")\n`),
      f("fastText's model.bin (no pickle)", 'dl.py', `from huggingface_hub import hf_hub_download\nhf_hub_download("google/x", "model.bin", revision="${SHA}")\n`),
    ],
  },
  'hf/unvetted-publisher': {
    invalid: [
      f('an organization not in allowedPublishers', 'app.py', `${TF}AutoModel.from_pretrained("someone/model", revision="${SHA}")\n`),
      f('a legacy id without organization', 'app.py', `${TF}pipeline("text-generation", model="gpt2")\n`),
    ],
    valid: [
      f('an allowed organization', 'app.py', `${TF}AutoModel.from_pretrained("google/gemma-2b", revision="${SHA}")\n`),
      f('case does not matter', 'app.py', `${TF}AutoModel.from_pretrained("Meta-Llama/x", revision="${SHA}")\n`),
      f('a local model', 'app.py', `${TF}AutoModel.from_pretrained("./someone/model")\n`),
    ],
  },
  'hf/known-malicious-model': {
    invalid: [f('a repository the built-in advisory snapshot lists (every revision)', 'app.py', `${TF}AutoModel.from_pretrained("mcpotato/42-eicar-street", revision="${SHA}")\n`)],
    valid: [f('a model of the same publisher', 'app.py', `${TF}AutoModel.from_pretrained("mcpotato/another")\n`)],
  },
  'hf/unresolved-model': {
    invalid: [
      f('an id from a parameter', 'app.py', `${TF}def load(name):\n    return AutoModel.from_pretrained(name)\n`),
      f('pipeline without model= pulls the default', 'app.py', `${TF}p = pipeline("sentiment-analysis")\n`),
      f('a TEI model from a variable compose does not set', 'compose.yaml', 'services:\n  embed:\n    image: ghcr.io/huggingface/text-embeddings-inference:1.5\n    environment:\n      MODEL_ID: ${EMBED_MODEL}\n'),
      f('a config model_id from a template', 'config.yaml', 'model_id: "{{ .Values.model }}"\n'),
    ],
    valid: [
      f('a Bedrock model id in a config', 'config.yaml', 'llm:\n  model_id: us.anthropic.claude-3-5-sonnet-20241022-v2:0\n'),
      f('a vendor-dotted Bedrock id and a tagged name in a config', 'config.yaml', 'a:\n  model_id: anthropic.claude-v2\nb:\n  model_id: "org/m:latest"\n'),
      f('an id from a default parameter value', 'app.py', `${TF}def load(name="google/gemma-2b"):\n    return AutoModel.from_pretrained(name)\n`),
      f('an id from a constant', 'app.py', `${TF}M = "google/gemma-2b"\nAutoModel.from_pretrained(M)\n`),
    ],
  },
  'load/torch-load-unsafe': {
    invalid: [f('no weights_only', 'train.py', 'import torch\nsd = torch.load("m.pt")\n'), f('weights_only=False', 'train.py', 'import torch\nsd = torch.load("m.pt", weights_only=False)\n')],
    valid: [f('weights_only=True', 'train.py', 'import torch\nsd = torch.load("m.pt", weights_only=True)\n'), f('a load method of a model', 'train.py', 'import torch\nmodel.load("m.pt")\n')],
  },
  'load/torch-jit': {
    invalid: [f('torch.jit.load', 'serve.py', 'import torch\nm = torch.jit.load("m.ts")\n')],
    valid: [f('torch.jit.save', 'serve.py', 'import torch\ntorch.jit.save(m, "m.ts")\n')],
  },
  'load/pickle': {
    invalid: [f('pickle.load', 'a.py', 'import pickle\nm = pickle.load(open("m.pkl", "rb"))\n'), f('pandas.read_pickle', 'a.py', 'import pandas as pd\ndf = pd.read_pickle("d.pkl")\n')],
    valid: [f('pickle.dump', 'a.py', 'import pickle\npickle.dump(m, f)\n'), f('a json load', 'a.py', 'import json\njson.load(f)\n')],
  },
  'load/joblib': {
    invalid: [f('joblib.load', 'a.py', 'import joblib\nclf = joblib.load("clf.joblib")\n')],
    valid: [f('joblib.dump', 'a.py', 'import joblib\njoblib.dump(clf, "clf.joblib")\n')],
  },
  'load/numpy-allow-pickle': {
    invalid: [f('allow_pickle=True', 'a.py', 'import numpy as np\na = np.load("a.npy", allow_pickle=True)\n')],
    valid: [f('the default', 'a.py', 'import numpy as np\na = np.load("a.npy")\n'), f('allow_pickle=False', 'a.py', 'import numpy as np\na = np.load("a.npy", allow_pickle=False)\n')],
  },
  'load/keras-unsafe-mode': {
    invalid: [f('safe_mode=False', 'a.py', 'import keras\nm = keras.saving.load_model("m.keras", safe_mode=False)\n')],
    valid: [f('the default safe mode', 'a.py', 'import keras\nm = keras.saving.load_model("m.keras")\n')],
  },
  'load/dill': {
    invalid: [f('dill.load', 'a.py', 'import dill\nf = dill.load(fh)\n')],
    valid: [f('dill.dumps', 'a.py', 'import dill\nb = dill.dumps(fn)\n')],
  },
  'load/cloudpickle': {
    invalid: [f('cloudpickle.loads', 'a.py', 'import cloudpickle\nf = cloudpickle.loads(b)\n')],
    valid: [f('cloudpickle.dumps', 'a.py', 'import cloudpickle\nb = cloudpickle.dumps(fn)\n')],
  },
  'load/torch-hub': {
    invalid: [
      f('a GitHub repository at its default branch', 'a.py', 'import torch\nm = torch.hub.load("facebookresearch/dinov2", "dinov2_vits14")\n'),
      f('at a tag, and a repository named at run time', 'b.py', 'import torch\nm = torch.hub.load("ultralytics/yolov5:v7.0", "yolov5s")\nn = torch.hub.load(repo, "x")\n'),
    ],
    valid: [
      f('a local directory', 'a.py', 'import torch\nm = torch.hub.load("./hubconf_dir", "model", source="local")\n'),
      f('a repository pinned to a commit', 'b.py', 'import torch\nm = torch.hub.load("owner/repo:0123456789abcdef0123456789abcdef01234567", "m")\n'),
      f("another library's hub.load", 'c.py', 'import tensorflow_hub as hub\nm = hub.load("https://tfhub.dev/x")\n'),
    ],
  },
};

/** Cases for the rule that needs the Hub's answers: run with --online against the fake Hub. */
export const HF_ONLINE_CASES: Record<string, RuleCases> = {
  'hf/hub-scan-flagged': {
    invalid: [f('a model whose files the Hub flags', 'app.py', `${TF}AutoModel.from_pretrained("google/flagged", revision="${SHA}")\n`)],
    valid: [f('a model the Hub scanned clean', 'app.py', `${TF}AutoModel.from_pretrained("google/clean", revision="${SHA}")\n`)],
  },
};
