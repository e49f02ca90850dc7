/**
 * Hugging Face pulls in shell scripts, Dockerfiles, Makefiles, CI YAML and notebook shell lines:
 * tables of texts whose pulls must be found (compared as whole sites, positions included) and
 * decoys that must give nothing.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { commandHfSites, containerHfSites, modelfileHfSites } from '../../src/hf/command-pulls.js';
import { yamlContainers } from '../../src/lang/images.js';
import type { PullSite } from '../../src/hf/types.js';

const SHA = '0123456789abcdef0123456789abcdef01234567';
const SHA2 = 'fedcba9876543210fedcba9876543210fedcba98';

interface Case {
  name: string;
  text: string;
  expect: PullSite[];
}

/** A model pull at line/column with the given extra fields. */
const at = (via: string, line: number, column: number, fields: Partial<PullSite>): PullSite => ({ via, repoType: 'model', line, column, ...fields });
const hfcli = (line: number, column: number, fields: Partial<PullSite>): PullSite => at('huggingface-cli download', line, column, fields);

const SHELL: Case[] = [
  { name: 'huggingface-cli download, no revision', text: 'huggingface-cli download org/m\n', expect: [hfcli(1, 1, { id: 'org/m' })] },
  {
    name: 'pinned sha, files, local dir; a pickle filename is unsafe',
    text: `huggingface-cli download org/m config.json pytorch_model.bin --revision ${SHA} --local-dir ./m\n`,
    expect: [hfcli(1, 1, { id: 'org/m', revision: SHA, file: 'pytorch_model.bin', unsafeWeights: 'pytorch_model.bin' })],
  },
  { name: 'safetensors filename is named but safe', text: 'hf download org/m model.safetensors\n', expect: [at('hf download', 1, 1, { id: 'org/m', file: 'model.safetensors' })] },
  { name: 'hf download, dataset, branch', text: 'hf download org/d --repo-type dataset --revision main\n', expect: [at('hf download', 1, 1, { repoType: 'dataset', id: 'org/d', revision: 'main' })] },
  { name: '--repo-type=space inline', text: 'hf download org/s --repo-type=space --revision=v2\n', expect: [at('hf download', 1, 1, { repoType: 'space', id: 'org/s', revision: 'v2' })] },
  { name: 'legacy single-segment id', text: 'huggingface-cli download gpt2\n', expect: [hfcli(1, 1, { id: 'gpt2' })] },
  {
    name: 'argparse --include takes every following word (a pickle pattern is unsafe)',
    text: 'huggingface-cli download org/m --include "*.json" pytorch_model.bin\n',
    expect: [hfcli(1, 1, { id: 'org/m', unsafeWeights: '--include pytorch_model.bin' })],
  },
  { name: 'typer --include takes one word', text: 'hf download org/m --include "*.json" pytorch_model.bin\n', expect: [at('hf download', 1, 1, { id: 'org/m', file: 'pytorch_model.bin', unsafeWeights: 'pytorch_model.bin' })] },
  { name: 'a .bin that is no pickle (fastText\'s, CTranslate2\'s model.bin, a GGML file); a pattern of every .bin is', text: 'hf download facebook/fasttext-language-identification model.bin\nhf download org/ggml ggml-model-q4_0.bin\nhf download org/m --include "*.bin"\n', expect: [at('hf download', 1, 1, { id: 'facebook/fasttext-language-identification', file: 'model.bin' }), at('hf download', 2, 1, { id: 'org/ggml', file: 'ggml-model-q4_0.bin' }), at('hf download', 3, 1, { id: 'org/m', unsafeWeights: '--include *.bin' })] },
  { name: '--exclude of pickles is not unsafe', text: 'hf download org/m --exclude "*.bin"\n', expect: [at('hf download', 1, 1, { id: 'org/m' })] },
  {
    name: 'hf:// URI with type, revision and file',
    text: 'hf download hf://datasets/org/d@refs/pr/3/data/train.parquet\n',
    expect: [at('hf download', 1, 1, { repoType: 'dataset', id: 'org/d', revision: 'refs/pr/3', file: 'data/train.parquet' })],
  },
  { name: 'variable assigned a literal earlier', text: 'MODEL=meta-llama/Llama-3.1-8B\nhuggingface-cli download $MODEL\n', expect: [hfcli(2, 1, { id: 'meta-llama/Llama-3.1-8B' })] },
  { name: 'export with quotes, braces', text: `export M="org/q"\nREV='${SHA}'\nhf download "\${M}" --revision $REV\n`, expect: [at('hf download', 3, 1, { id: 'org/q', revision: SHA })] },
  { name: 'partly resolved id', text: 'ORG=acme\nhf download "$ORG/model"\n', expect: [at('hf download', 2, 1, { id: 'acme/model' })] },
  { name: 'positional parameter is dynamic', text: 'huggingface-cli download "$1"\n', expect: [hfcli(1, 1, { dynamic: '"$1"' })] },
  { name: 'a default is the value of a variable the file did not set', text: 'huggingface-cli download ${MODEL:-org/x} --revision "${REV-v1.0}"\n', expect: [hfcli(1, 1, { id: 'org/x', revision: 'v1.0' })] },
  { name: 'a variable the file set wins over the default', text: 'MODEL=org/y\nREV=\nhf download ${MODEL:-org/x} --revision ${REV:-main}\n', expect: [at('hf download', 3, 1, { id: 'org/y', revision: 'main' })] },
  { name: '${X:=w} gives w and sets X', text: 'hf download ${M:=org/w}\nhf download $M\n', expect: [at('hf download', 1, 1, { id: 'org/w' }), at('hf download', 2, 1, { id: 'org/w' })] },
  {
    name: 'no default guessed: set from a command, ${X:?msg}, ${X:+w}, a default with a variable',
    text: 'M=$(cat m.txt)\nhf download ${M:-org/x}\nhf download ${N:?set N}\nhf download ${N:+org/x}\nhf download ${N:-$ORG/x} --revision ${R:-"main"}\n',
    expect: [
      at('hf download', 2, 1, { dynamic: '${M:-org/x}' }),
      at('hf download', 3, 1, { dynamic: '${N:?set N}' }),
      at('hf download', 4, 1, { dynamic: '${N:+org/x}' }),
      at('hf download', 5, 1, { dynamic: '${N:-$ORG/x}', revisionDynamic: true }),
    ],
  },
  { name: 'unresolved revision', text: 'hf download org/m --revision "$REV"\n', expect: [at('hf download', 1, 1, { id: 'org/m', revisionDynamic: true })] },
  {
    name: 'a prefix assignment applies to its command only',
    text: 'M=org/z huggingface-cli download $M\nhf download $M\n',
    expect: [hfcli(1, 9, { dynamic: '$M' }), at('hf download', 2, 1, { dynamic: '$M' })],
  },
  { name: 'reassigned from a command: dynamic again', text: 'M=org/a\nM=$(cat model.txt)\nhf download $M\n', expect: [at('hf download', 3, 1, { dynamic: '$M' })] },
  { name: 'loop variable is dynamic', text: 'for m in org/a org/b; do hf download $m; done\n', expect: [at('hf download', 1, 26, { dynamic: '$m' })] },
  {
    name: 'chained with && || ; | (columns of each command)',
    text: 'pip install hf && huggingface-cli download org/a || echo no; hf download org/b | tee log\n',
    expect: [hfcli(1, 19, { id: 'org/a' }), at('hf download', 1, 62, { id: 'org/b' })],
  },
  {
    name: 'wrappers: sudo, env, timeout, uv run, uvx --from, if',
    text: [
      'sudo -E huggingface-cli download org/a',
      'env HF_HUB_ENABLE_HF_TRANSFER=1 hf download org/b',
      'timeout 600 hf download org/c',
      'uv run --with hf_transfer hf download org/d',
      'uvx --from huggingface_hub huggingface-cli download org/e',
      'if hf download org/f; then echo ok; fi',
    ].join('\n'),
    expect: [hfcli(1, 9, { id: 'org/a' }), at('hf download', 2, 33, { id: 'org/b' }), at('hf download', 3, 13, { id: 'org/c' }), at('hf download', 4, 27, { id: 'org/d' }), hfcli(5, 28, { id: 'org/e' }), at('hf download', 6, 4, { id: 'org/f' })],
  },
  {
    name: 'command substitution, backticks and sh -c are read',
    text: 'DIR=$(huggingface-cli download org/a --quiet)\nP=`hf download org/b`\nbash -lc "hf download org/c"\n',
    expect: [hfcli(1, 7, { id: 'org/a' }), at('hf download', 2, 4, { id: 'org/b' }), at('hf download', 3, 10, { id: 'org/c' })],
  },
  { name: 'trailing comment is not an argument', text: 'hf download org/m # --revision main\n', expect: [at('hf download', 1, 1, { id: 'org/m' })] },
  { name: 'redirections and their targets', text: 'hf download org/m > log.txt 2>&1 </dev/null\n', expect: [at('hf download', 1, 1, { id: 'org/m' })] },
  { name: 'non-hub literal is dynamic', text: 'vllm serve "my model"\n', expect: [at('vllm serve', 1, 1, { dynamic: '"my model"' })] },
  { name: 'local path is not a hub pull', text: 'vllm serve ./checkpoints/final\n', expect: [at('vllm serve', 1, 1, { localPath: './checkpoints/final' })] },
];

const CLONE = (line: number, column: number, fields: Partial<PullSite>): PullSite => at('git clone', line, column, fields);

const GIT: Case[] = [
  { name: 'plain clone is unpinned', text: 'git clone https://huggingface.co/org/m\n', expect: [CLONE(1, 1, { id: 'org/m' })] },
  { name: 'branch is a revision, not a pin', text: 'git clone --depth 1 -b v1.0 https://huggingface.co/org/m\n', expect: [CLONE(1, 1, { id: 'org/m', revision: 'v1.0' })] },
  { name: 'pinned by cd + checkout on the same line', text: `git clone https://huggingface.co/org/m && cd m && git checkout ${SHA}\n`, expect: [CLONE(1, 1, { id: 'org/m', revision: SHA })] },
  { name: 'pinned by git -C <dir> checkout later', text: `git clone https://hf.co/org/m.git weights\ngit -C weights checkout ${SHA}\n`, expect: [CLONE(1, 1, { id: 'org/m', revision: SHA })] },
  { name: 'pinned by reset --hard', text: `git lfs clone https://www.huggingface.co/org/m\ncd m\ngit reset --hard ${SHA}\n`, expect: [CLONE(1, 1, { id: 'org/m', revision: SHA })] },
  { name: 'checkout in another directory does not pin', text: `git clone https://huggingface.co/org/m a\ncd b && git checkout ${SHA}\n`, expect: [CLONE(1, 1, { id: 'org/m' })] },
  { name: 'checkout before the clone does not pin', text: `cd m && git checkout ${SHA}\ncd ..\ngit clone https://huggingface.co/org/m\n`, expect: [CLONE(3, 1, { id: 'org/m' })] },
  { name: 'checkout of a branch does not pin', text: 'git clone -b main https://huggingface.co/org/m && cd m && git checkout dev\n', expect: [CLONE(1, 1, { id: 'org/m', revision: 'main' })] },
  { name: 'reset without --hard does not pin', text: `git clone https://huggingface.co/org/m && git -C m reset ${SHA}\n`, expect: [CLONE(1, 1, { id: 'org/m' })] },
  {
    name: 'only the clone in the checked-out directory is pinned',
    text: `git clone https://huggingface.co/org/a\ngit clone https://huggingface.co/org/b\ncd b\ngit checkout ${SHA2}\n`,
    expect: [CLONE(1, 1, { id: 'org/a' }), CLONE(2, 1, { id: 'org/b', revision: SHA2 })],
  },
  { name: 'datasets/ prefix', text: 'git clone https://huggingface.co/datasets/org/d\n', expect: [CLONE(1, 1, { repoType: 'dataset', id: 'org/d' })] },
  { name: 'spaces/ prefix over ssh', text: 'git clone git@hf.co:spaces/org/s\n', expect: [CLONE(1, 1, { repoType: 'space', id: 'org/s' })] },
  { name: 'credentials in the URL', text: 'git clone https://user:$HF_TOKEN@huggingface.co/org/private\n', expect: [CLONE(1, 1, { id: 'org/private' })] },
  { name: 'id from a variable', text: 'git clone https://huggingface.co/$MODEL\n', expect: [CLONE(1, 1, { dynamic: 'https://huggingface.co/$MODEL' })] },
  { name: 'legacy id', text: 'git clone https://huggingface.co/gpt2\n', expect: [CLONE(1, 1, { id: 'gpt2' })] },
];

const FETCH: Case[] = [
  {
    name: 'curl resolve main: a branch, safetensors',
    text: 'curl -L -o model.safetensors "https://huggingface.co/org/m/resolve/main/model.safetensors?download=true"\n',
    expect: [at('curl', 1, 1, { id: 'org/m', revision: 'main', file: 'model.safetensors' })],
  },
  {
    name: 'wget resolve at a sha, pickle weights',
    text: `wget -q https://huggingface.co/org/m/resolve/${SHA}/pytorch_model.bin -O /tmp/w.bin\n`,
    expect: [at('wget', 1, 1, { id: 'org/m', revision: SHA, file: 'pytorch_model.bin', unsafeWeights: `resolve/${SHA}/pytorch_model.bin` })],
  },
  { name: 'dataset file', text: 'curl -LO https://huggingface.co/datasets/org/d/resolve/main/data/train.parquet\n', expect: [at('curl', 1, 1, { repoType: 'dataset', id: 'org/d', revision: 'main', file: 'data/train.parquet' })] },
  { name: 'hf.co and blob/, legacy id', text: 'wget https://hf.co/gpt2/blob/main/vocab.json\n', expect: [at('wget', 1, 1, { id: 'gpt2', revision: 'main', file: 'vocab.json' })] },
  { name: 'URL-encoded revision', text: 'curl -L https://huggingface.co/org/m/resolve/refs%2Fpr%2F7/model.ckpt\n', expect: [at('curl', 1, 1, { id: 'org/m', revision: 'refs/pr/7', file: 'model.ckpt', unsafeWeights: 'resolve/refs/pr/7/model.ckpt' })] },
  {
    name: 'two URLs in one curl',
    text: 'curl -L -O https://huggingface.co/org/a/resolve/main/a.gguf -O https://huggingface.co/org/b/resolve/v1/b.gguf\n',
    expect: [at('curl', 1, 1, { id: 'org/a', revision: 'main', file: 'a.gguf' }), at('curl', 1, 1, { id: 'org/b', revision: 'v1', file: 'b.gguf' })],
  },
  { name: 'aria2c in a notebook', text: '!aria2c -x 16 https://huggingface.co/org/m/resolve/main/m.pth\n', expect: [at('aria2c', 1, 2, { id: 'org/m', revision: 'main', file: 'm.pth', unsafeWeights: 'resolve/main/m.pth' })] },
  { name: 'revision from a variable', text: 'curl -L "https://huggingface.co/org/m/resolve/${REV}/config.json"\n', expect: [at('curl', 1, 1, { id: 'org/m', revisionDynamic: true, file: 'config.json' })] },
];

const SERVE: Case[] = [
  // lm-evaluation-harness: the evaluated model in --model_args (comma-separated key=value pairs).
  {
    name: 'lm_eval --model hf --model_args pretrained=…,revision=…,trust_remote_code=True',
    text: `lm_eval --model hf --model_args pretrained=Qwen/Qwen-7B,revision=${SHA},trust_remote_code=True --tasks arc_challenge\n`,
    expect: [at('lm_eval', 1, 1, { id: 'Qwen/Qwen-7B', revision: SHA, trustRemoteCode: true })],
  },
  { name: 'python -m lm_eval with vLLM and --model_args=, the default model type (hf) with lm-eval', text: 'python -m lm_eval --model vllm --model_args=pretrained=org/a,dtype=auto --tasks x\nlm-eval --model_args pretrained=org/b\n', expect: [at('lm_eval', 1, 1, { id: 'org/a' }), at('lm_eval', 2, 1, { id: 'org/b' })] },
  {
    name: "a training script's --model_name_or_path / --base_model on any launcher; torchtune's tune download",
    text: 'deepspeed --num_gpus 6 fastchat/train/train_lora.py --model_name_or_path lmsys/vicuna-7b-v1.3 --output_dir ./ckpt\nllamafactory-cli eval --model_name_or_path=meta-llama/Llama-2-7b-hf\npython finetune.py --base_model \'org/base\' --data_path x.json\ntorchrun train.py --model-name-or-path ./local/model\npython train.py --model_name_or_path $MODEL\ntune download meta-llama/Meta-Llama-3.1-8B-Instruct --output-dir /tmp/m\n',
    expect: [
      at('--model_name_or_path', 1, 53, { id: 'lmsys/vicuna-7b-v1.3' }),
      at('--model_name_or_path', 2, 23, { id: 'meta-llama/Llama-2-7b-hf' }),
      at('--base_model', 3, 20, { id: 'org/base' }),
      at('--model-name-or-path', 4, 19, { localPath: './local/model' }),
      at('--model_name_or_path', 5, 17, { dynamic: '$MODEL' }),
      at('tune download', 6, 1, { id: 'meta-llama/Meta-Llama-3.1-8B-Instruct' }),
    ],
  },
  { name: 'decoys: the option with no value, an option of another name, text in an echo', text: 'python train.py --model_name_or_path\npython train.py --model_name_or_path_file x --model org/not-this\necho "use --model_name_or_path org/echoed"\n', expect: [] },
  { name: 'lm_eval started by accelerate launch -m or torchrun -m, and its peft= adapter', text: 'accelerate launch --num_processes 2 -m lm_eval --model hf --model_args pretrained=org/a,peft=org/lora --tasks x\ntorchrun --nproc_per_node=8 -m lm_eval --model_args pretrained=org/b\naccelerate launch train.py --model org/not-lm-eval\n', expect: [at('lm_eval', 1, 1, { id: 'org/a' }), at('lm_eval', 1, 1, { id: 'org/lora' }), at('lm_eval', 2, 1, { id: 'org/b' })] },
  { name: 'lm_eval of an API model or with no pretrained: no pull', text: 'lm_eval --model openai-completions --model_args model=gpt-3.5-turbo-instruct\nlm_eval --model hf --model_args dtype=float16\nlm_eval --tasks list\n', expect: [] },
  { name: 'vllm serve with revision and remote code', text: `vllm serve org/m --revision ${SHA} --trust-remote-code\n`, expect: [at('vllm serve', 1, 1, { id: 'org/m', revision: SHA, trustRemoteCode: true })] },
  { name: 'vllm serve, branch', text: 'vllm serve Qwen/Qwen2.5-7B-Instruct --revision main --port 8000\n', expect: [at('vllm serve', 1, 1, { id: 'Qwen/Qwen2.5-7B-Instruct', revision: 'main' })] },
  { name: 'vllm serve --model when no positional', text: 'vllm serve --port 8000 --model=org/m\n', expect: [at('vllm serve', 1, 1, { id: 'org/m' })] },
  {
    name: 'python -m vllm OpenAI server',
    text: 'python3 -m vllm.entrypoints.openai.api_server --model org/m --trust-remote-code --dtype auto\n',
    expect: [at('vllm serve', 1, 1, { id: 'org/m', trustRemoteCode: true })],
  },
  {
    name: 'text-generation-launcher',
    text: 'text-generation-launcher --model-id bigcode/starcoder --revision v1.0 --trust-remote-code --port 8080\n',
    expect: [at('text-generation-launcher', 1, 1, { id: 'bigcode/starcoder', revision: 'v1.0', trustRemoteCode: true })],
  },
  { name: 'TGI launcher on a local path', text: 'text-generation-launcher --model-id /data/llama\n', expect: [at('text-generation-launcher', 1, 1, { localPath: '/data/llama' })] },
  {
    name: 'docker run TGI image with --model-id',
    text: `docker run --gpus all --shm-size 1g -p 8080:80 -v $PWD/data:/data ghcr.io/huggingface/text-generation-inference:2.4 --model-id org/m --revision ${SHA}\n`,
    expect: [at('text-generation-launcher', 1, 1, { id: 'org/m', revision: SHA })],
  },
  { name: 'docker run TGI image with -e MODEL_ID', text: 'docker run -e MODEL_ID=org/env -p 80:80 ghcr.io/huggingface/text-generation-inference\n', expect: [at('text-generation-launcher', 1, 1, { id: 'org/env' })] },
  { name: 'docker run vLLM image', text: 'docker run --runtime nvidia vllm/vllm-openai:latest --model org/m --trust-remote-code\n', expect: [at('vllm serve', 1, 1, { id: 'org/m', trustRemoteCode: true })] },
  { name: 'docker run TGI image: --env=MODEL_ID and -e REVISION (the launcher reads both)', text: 'docker run --env=MODEL_ID=org/env -e REVISION=v2 ghcr.io/huggingface/text-generation-inference:3.0\n', expect: [at('text-generation-launcher', 1, 1, { id: 'org/env', revision: 'v2' })] },
  // TEI (text-embeddings-inference): its router takes TGI's --model-id, --revision and MODEL_ID.
  {
    name: 'text-embeddings-router with --model-id and --revision',
    text: 'text-embeddings-router --model-id BAAI/bge-m3 --revision v1.0 --port 8080\n',
    expect: [at('text-embeddings-router', 1, 1, { id: 'BAAI/bge-m3', revision: 'v1.0' })],
  },
  {
    name: 'docker run TEI image, the model from a variable the script set',
    text: 'model=BAAI/bge-reranker-large\ndocker run --gpus all -p 8080:80 -v $volume:/data --pull always ghcr.io/huggingface/text-embeddings-inference:1.5 --model-id $model\n',
    expect: [at('text-embeddings-router', 2, 1, { id: 'BAAI/bge-reranker-large' })],
  },
  {
    name: 'docker run TEI image (another registry, a cpu tag) with -e MODEL_ID and -e REVISION',
    text: `docker run -p 80:80 -e MODEL_ID=org/embed -e REVISION=${SHA} registry.example.com/huggingface/text-embeddings-inference:cpu-1.5\n`,
    expect: [at('text-embeddings-router', 1, 1, { id: 'org/embed', revision: SHA })],
  },
  // SGLang: a command (its image has no entrypoint taking options).
  {
    name: 'python -m sglang.launch_server --model-path with revision and remote code',
    text: `python3 -m sglang.launch_server --model-path meta-llama/Llama-3.1-8B-Instruct --revision ${SHA} --trust-remote-code --port 30000\n`,
    expect: [at('sglang.launch_server', 1, 1, { id: 'meta-llama/Llama-3.1-8B-Instruct', revision: SHA, trustRemoteCode: true })],
  },
  { name: 'sglang.launch_server --model=, in uv run', text: 'uv run python -m sglang.launch_server --host 0.0.0.0 --model=Qwen/Qwen2.5-7B-Instruct\n', expect: [at('sglang.launch_server', 1, 8, { id: 'Qwen/Qwen2.5-7B-Instruct' })] },
  // llama.cpp: -hf <user>/<model>[:quant] (the quant a tag, as Ollama's), -hff <file>, --model-url.
  { name: 'llama-server -hf with a quant', text: 'llama-server -hf ggml-org/gemma-3-1b-it-GGUF:Q4_K_M --port 8080\n', expect: [at('llama-server', 1, 1, { id: 'ggml-org/gemma-3-1b-it-GGUF', tag: 'Q4_K_M' })] },
  {
    name: 'a continued llama-server line, as the audit found it',
    text: 'llama-server \\\n    -hf ggml-org/Qwen2.5-Coder-3B-Q8_0-GGUF \\\n    --port 8012\n',
    expect: [at('llama-server', 1, 1, { id: 'ggml-org/Qwen2.5-Coder-3B-Q8_0-GGUF' })],
  },
  {
    name: 'llama-cli by a path, --hf-repo= and -hff (the file named)',
    text: './build/bin/llama-cli --hf-repo=unsloth/phi-4-GGUF -hff phi-4-Q8_0.gguf -p "hello"\n',
    expect: [at('llama-cli', 1, 1, { id: 'unsloth/phi-4-GGUF', file: 'phi-4-Q8_0.gguf' })],
  },
  {
    name: 'llama-embedding -hfr, llama-mtmd-cli --hf_repo (underscores), a draft model',
    text: 'llama-embedding -hfr org/embed-GGUF:Q8_0 -p x\nllama-mtmd-cli --hf_repo org/vl-GGUF -hfd org/draft-GGUF:Q4_0\n',
    expect: [at('llama-embedding', 1, 1, { id: 'org/embed-GGUF', tag: 'Q8_0' }), at('llama-mtmd-cli', 2, 1, { id: 'org/vl-GGUF' }), at('llama-mtmd-cli', 2, 1, { id: 'org/draft-GGUF', tag: 'Q4_0' })],
  },
  {
    name: 'llama-server -hf from variables: one the script set, one it did not',
    text: 'M=org/m-GGUF:Q8_0\nllama-server -hf "$M"\nllama-server -hf $OTHER\n',
    expect: [at('llama-server', 2, 1, { id: 'org/m-GGUF', tag: 'Q8_0' }), at('llama-server', 3, 1, { dynamic: '$OTHER' })],
  },
  {
    name: 'llama-server --model-url and --mmproj-url of Hub resolve URLs are file pulls at their revisions',
    text: `llama-server -mu https://huggingface.co/Qwen/Qwen3-0.6B-GGUF/resolve/main/Qwen3-0.6B-Q8_0.gguf --port 8080 --mmproj-url=https://hf.co/org/vl/resolve/${SHA}/mmproj.gguf\n`,
    expect: [
      at('llama-server --model-url', 1, 1, { id: 'Qwen/Qwen3-0.6B-GGUF', revision: 'main', file: 'Qwen3-0.6B-Q8_0.gguf' }),
      at('llama-server --mmproj-url', 1, 1, { id: 'org/vl', revision: SHA, file: 'mmproj.gguf' }),
    ],
  },
  {
    name: 'docker run llama.cpp server image (server-cuda tag): llama-server options',
    text: 'docker run --gpus all -p 8080:8080 ghcr.io/ggml-org/llama.cpp:server-cuda -hf org/m-GGUF:Q4_K_M --host 0.0.0.0\n',
    expect: [at('llama-server', 1, 1, { id: 'org/m-GGUF', tag: 'Q4_K_M' })],
  },
  {
    name: 'docker run llama.cpp light image (the old ggerganov name): llama-cli options',
    text: 'docker run -v ./m:/models ghcr.io/ggerganov/llama.cpp:light -hf org/m-GGUF -p "hi"\n',
    expect: [at('llama-cli', 1, 1, { id: 'org/m-GGUF' })],
  },
  {
    name: 'docker run llama.cpp server image with LLAMA_ARG_HF_REPO and LLAMA_ARG_HF_FILE',
    text: 'docker run -e LLAMA_ARG_HF_REPO=org/m-GGUF -e LLAMA_ARG_HF_FILE=m-Q6_K.gguf ghcr.io/ggml-org/llama.cpp:server\n',
    expect: [at('llama-server', 1, 1, { id: 'org/m-GGUF', file: 'm-Q6_K.gguf' })],
  },
];

/** Server commands and images that pull nothing from the Hub. */
const SERVE_DECOYS: { name: string; text: string }[] = [
  { name: 'llama.cpp: a local model, a repository without its owner, a Hub URL as -hf, a deeper path', text: 'llama-server -m ./models/x.gguf\nllama-server -hf model-only\nllama-cli -hf https://hf.co/org/m\nllama-cli -hf org/m/extra\n' },
  { name: 'llama.cpp: --model-url of another host, -hf of another program, an echo', text: 'llama-server -mu https://example.com/m.gguf\nmytool -hf org/m\necho "llama-server -hf org/m"\n' },
  { name: 'llama.cpp images: a local model, a full image (its tools script), another image named alike', text: 'docker run ghcr.io/ggml-org/llama.cpp:server -m /models/7B.gguf\ndocker run ghcr.io/ggml-org/llama.cpp:full --convert /models/7B/ 1\ndocker run someorg/llama.cpp-fork:server -hf org/m\n' },
  { name: 'SGLang without a model, another SGLang module', text: 'python -m sglang.launch_server --port 30000\npython -m sglang.bench_serving --backend sglang --model org/m\n' },
  { name: 'TEI without a model, TEI options given to another image', text: 'text-embeddings-router --port 80\ndocker run ghcr.io/huggingface/text-embeddings-inference:1.5\ndocker run python:3.12 --model-id org/m\n' },
];

const DOCKERFILE: Case[] = [
  {
    name: 'a RUN heredoc is the step\'s script; a COPY heredoc is a file',
    text: `FROM python:3.12\nCOPY <<EOF /app/NOTES\nhuggingface-cli download org/notes\nEOF\nRUN <<EOF\nset -e\nhuggingface-cli download org/m --revision ${SHA}\nEOF\n`,
    expect: [hfcli(7, 1, { id: 'org/m', revision: SHA })],
  },
  {
    name: 'ARG and ENV resolve; legacy ENV form',
    text: `FROM python:3.12\nARG MODEL=org/arg\nENV REV ${SHA}\nRUN huggingface-cli download \${MODEL} --revision $REV\n`,
    expect: [hfcli(4, 5, { id: 'org/arg', revision: SHA })],
  },
  {
    name: 'continuation lines with a comment: reported on the RUN line',
    text: `FROM python:3.12\nRUN pip install -U huggingface_hub && \\\n    # weights\n    huggingface-cli download org/m \\\n      --revision ${SHA} \\\n      --local-dir /models\nRUN echo done\n`,
    expect: [hfcli(2, 1, { id: 'org/m', revision: SHA })],
  },
  { name: 'RUN --mount flag', text: 'RUN --mount=type=secret,id=hf_token hf download org/m\n', expect: [at('hf download', 1, 37, { id: 'org/m' })] },
  { name: 'exec form', text: 'RUN ["huggingface-cli", "download", "org/m", "--revision", "main"]\n', expect: [hfcli(1, 5, { id: 'org/m', revision: 'main' })] },
  { name: 'exec form does no expansion', text: 'ARG M=org/m\nRUN ["hf", "download", "$M"]\n', expect: [at('hf download', 2, 5, { dynamic: '$M' })] },
  { name: 'CMD of a vLLM serve', text: 'CMD ["vllm", "serve", "org/m", "--trust-remote-code"]\n', expect: [at('vllm serve', 1, 5, { id: 'org/m', trustRemoteCode: true })] },
  { name: 'CMD options on the TGI base image', text: 'FROM ghcr.io/huggingface/text-generation-inference:3.0\nCMD ["--model-id", "org/m", "--revision", "main"]\n', expect: [at('text-generation-launcher', 2, 5, { id: 'org/m', revision: 'main' })] },
  { name: 'CMD options on the TEI base image', text: 'FROM ghcr.io/huggingface/text-embeddings-inference:cpu-1.5\nCMD ["--model-id", "BAAI/bge-m3"]\n', expect: [at('text-embeddings-router', 2, 5, { id: 'BAAI/bge-m3' })] },
  { name: 'CMD options on the llama.cpp server image (shell form, short options)', text: 'FROM ghcr.io/ggml-org/llama.cpp:server\nCMD -hf org/m-GGUF:Q4_K_M --port 8080\n', expect: [at('llama-server', 2, 5, { id: 'org/m-GGUF', tag: 'Q4_K_M' })] },
  // ADD downloads its URL sources as `RUN wget` does.
  {
    name: 'ADD of a Hub resolve URL, as the audit found it',
    text: 'FROM ghcr.io/ggml-org/llama.cpp:server\nADD https://huggingface.co/Qwen/Qwen3-0.6B-GGUF/resolve/main/Qwen3-0.6B-Q8_0.gguf /app/models/model.gguf\n',
    expect: [at('ADD', 2, 1, { id: 'Qwen/Qwen3-0.6B-GGUF', revision: 'main', file: 'Qwen3-0.6B-Q8_0.gguf' })],
  },
  {
    name: 'ADD --checksum --chmod of an ARG URL at a commit',
    text: `ARG MODEL_URL=https://huggingface.co/org/m/resolve/${SHA}/model.safetensors\nADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d --chmod=644 \${MODEL_URL} /models/\n`,
    expect: [at('ADD', 2, 1, { id: 'org/m', revision: SHA, file: 'model.safetensors' })],
  },
  {
    name: 'ADD exec form of pickle weights; ADD --link of two sources on a continued line',
    text: 'ADD ["https://huggingface.co/org/m/resolve/main/pytorch_model.bin", "/m/"]\nADD --link https://hf.co/org/a/resolve/v1/a.gguf \\\n    https://hf.co/datasets/org/d/resolve/main/d.parquet /data/\n',
    expect: [
      at('ADD', 1, 1, { id: 'org/m', revision: 'main', file: 'pytorch_model.bin', unsafeWeights: 'resolve/main/pytorch_model.bin' }),
      at('ADD', 2, 1, { id: 'org/a', revision: 'v1', file: 'a.gguf' }),
      at('ADD', 2, 1, { repoType: 'dataset', id: 'org/d', revision: 'main', file: 'd.parquet' }),
    ],
  },
  {
    name: 'WORKDIR: clone pinned by a later RUN in the same directory',
    text: `WORKDIR /models\nRUN git clone https://huggingface.co/org/m\nRUN cd m && git checkout ${SHA}\n`,
    expect: [CLONE(2, 5, { id: 'org/m', revision: SHA })],
  },
  {
    name: 'each RUN starts in WORKDIR again',
    text: `WORKDIR /models\nRUN cd /tmp\nRUN git clone https://huggingface.co/org/m && git -C /models/m checkout ${SHA}\n`,
    expect: [CLONE(3, 5, { id: 'org/m', revision: SHA })],
  },
];

const MAKEFILE: Case[] = [
  {
    name: 'Makefile ?= and := with $(VAR), recipe markers; $$ is the shell',
    text: `MODEL ?= org/make\nREV := ${SHA}\n\ndownload:\n\t@huggingface-cli download $(MODEL) --revision $(REV)\n\t-hf download $$HF_MODEL\n`,
    expect: [hfcli(5, 3, { id: 'org/make', revision: SHA }), at('hf download', 6, 3, { dynamic: '$$HF_MODEL' })],
  },
  { name: 'recursive = and a shell function', text: 'M = org/eq\nN := $(shell cat model.txt)\nall:\n\thf download $(M) && hf download $(N)\n', expect: [at('hf download', 4, 2, { id: 'org/eq' }), at('hf download', 4, 22, { dynamic: '$(N)' })] },
  { name: 'a recipe line starts a fresh shell', text: `fetch:\n\tgit clone https://huggingface.co/org/m\n\tcd m\n\tgit checkout ${SHA}\n`, expect: [CLONE(2, 2, { id: 'org/m' })] },
  // Make reads the whole file before it runs a recipe: a recipe sees each variable's last value.
  { name: 'a variable assigned below the recipe that uses it', text: 'download:\n\thf download $(MODEL)\n\nMODEL := org/late\n', expect: [at('hf download', 2, 2, { id: 'org/late' })] },
  { name: 'the last assignment wins, even after the recipe', text: 'MODEL = org/first\nall:\n\thf download $(MODEL)\nMODEL = org/last\n', expect: [at('hf download', 3, 2, { id: 'org/last' })] },
  { name: '?= leaves a value set above it, and one set below it wins', text: 'A = org/a\nA ?= org/ignored\nB ?= org/default\nall:\n\thf download $(A) && hf download $(B)\nB = org/b\n', expect: [at('hf download', 5, 2, { id: 'org/a' }), at('hf download', 5, 22, { id: 'org/b' })] },
  { name: '+= on an unset variable, and a := that expanded before its variable was set', text: 'M += org/m\nN := $(LATER)\nLATER = org/later\nall:\n\thf download $(M) && hf download $(N)\n', expect: [at('hf download', 5, 2, { id: 'org/m' }), at('hf download', 5, 22, { dynamic: '$(N)' })] },
  { name: '!= is a command output, unknown', text: 'all:\n\thf download $(M)\nM != cat model.txt\n', expect: [at('hf download', 2, 2, { dynamic: '$(M)' })] },
  // No Make assignment: tab-indented lines of a shell script keep the shell's order.
  { name: 'a shell script: a later assignment does not reach back', text: '#!/bin/sh\nM=org/a\nif true; then\n\thf download $M\nfi\nM=org/b\n', expect: [at('hf download', 4, 2, { id: 'org/a' })] },
];

const CI: Case[] = [
  {
    name: 'GitHub Actions: env map, run blocks, expressions',
    text: [
      'name: ci',
      'on: push',
      'env:',
      '  MODEL_ID: org/gha',
      'jobs:',
      '  test:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - uses: actions/checkout@v4',
      '      - name: Fetch',
      '        run: |',
      '          pip install huggingface_hub',
      '          huggingface-cli download ${{ env.MODEL_ID }} --revision main',
      '          hf download ${{ inputs.model }}',
      '      - run: git clone https://huggingface.co/datasets/org/ds',
      '',
    ].join('\n'),
    expect: [hfcli(13, 11, { id: 'org/gha', revision: 'main' }), at('hf download', 14, 11, { dynamic: '${{ inputs.model }}' }), CLONE(15, 14, { repoType: 'dataset', id: 'org/ds' })],
  },
  {
    name: 'GitLab script list, quoted item',
    text: [
      'download:',
      '  image: python:3.12',
      '  script:',
      '    - pip install -U huggingface_hub',
      '    - huggingface-cli download org/gl --repo-type dataset',
      `    - "wget https://huggingface.co/org/gl2/resolve/${SHA}/model.pt"`,
      '',
    ].join('\n'),
    expect: [hfcli(5, 7, { repoType: 'dataset', id: 'org/gl' }), at('wget', 6, 8, { id: 'org/gl2', revision: SHA, file: 'model.pt', unsafeWeights: `resolve/${SHA}/model.pt` })],
  },
  { name: 'GitLab script as a single string', text: 'job:\n  script: hf download org/one\n', expect: [at('hf download', 2, 11, { id: 'org/one' })] },
];

const NOTEBOOK: Case[] = [
  { name: 'notebook ! line', text: 'import os\n!huggingface-cli download org/nb --local-dir ./nb\n', expect: [hfcli(2, 2, { id: 'org/nb' })] },
  { name: 'IPython {expr} interpolation is dynamic', text: '!hf download {model_id}\n', expect: [at('hf download', 1, 2, { dynamic: '{model_id}' })] },
  { name: '%%bash cell', text: '%%bash\nset -e\nhf download org/cell --revision main\n', expect: [at('hf download', 3, 1, { id: 'org/cell', revision: 'main' })] },
];

/** Texts that must give no pull. */
// Ollama pulls a Hub GGUF repository by `hf.co/{user}/{repo}[:quant]` (or huggingface.co/): any
// valid repo id, known model family or not, its tag kept.
const OLLAMA: Case[] = [
  { name: 'ollama run with a quantization tag', text: 'ollama run hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M\n', expect: [at('ollama run', 1, 1, { id: 'bartowski/Llama-3.2-1B-Instruct-GGUF', tag: 'Q4_K_M' })] },
  { name: 'ollama pull of a repository with no known family, no tag', text: 'ollama pull hf.co/someuser/my-finetune-GGUF\n', expect: [at('ollama pull', 1, 1, { id: 'someuser/my-finetune-GGUF' })] },
  { name: 'huggingface.co/, a flag with a value before the model, a prompt after, in a script after &&', text: 'set -e && ollama run --format json huggingface.co/acme/widget_v2.gguf:IQ3_XXS "hello"\n', expect: [at('ollama run', 1, 11, { id: 'acme/widget_v2.gguf', tag: 'IQ3_XXS' })] },
  { name: 'a variable the script set, and one it did not (dynamic)', text: 'M=hf.co/org/m-GGUF:Q8_0\nollama pull "$M"\nollama run hf.co/$OWNER/m\n', expect: [at('ollama pull', 2, 1, { id: 'org/m-GGUF', tag: 'Q8_0' }), at('ollama run', 3, 1, { dynamic: 'hf.co/$OWNER/m' })] },
  { name: '--think without a value, --draft and --keepalive with one', text: 'ollama run --think --draft hf.co/org/small-GGUF --keepalive 5m hf.co/org/big-GGUF:Q6_K\n', expect: [at('ollama run', 1, 1, { id: 'org/big-GGUF', tag: 'Q6_K' })] },
  { name: 'a Dockerfile RUN', text: 'FROM ollama/ollama\nRUN ollama serve & sleep 5 && ollama pull hf.co/org/m-GGUF:Q5_K_M\n', expect: [at('ollama pull', 2, 31, { id: 'org/m-GGUF', tag: 'Q5_K_M' })] },
];
const OLLAMA_DECOYS: { name: string; text: string }[] = [
  { name: "Ollama's own library and user models", text: 'ollama run llama3.2\nollama pull someuser/model:7b\nollama run registry.ollama.ai/library/llama3\n' },
  { name: 'Hub pages and links, a scheme, a deeper path', text: 'ollama run hf.co/settings/tokens\nollama pull hf.co/docs/hub\nollama pull hf.co/datasets/squad\nollama run https://hf.co/org/m\nollama run hf.co/org/m/blob/main/x.gguf\n' },
  { name: 'an invalid id or tag, a missing repo', text: 'ollama run hf.co/org/m+x\nollama run hf.co/org/m.\nollama run hf.co/org\nollama run "hf.co/org/m:Q4 K"\nollama run hf.co/org/m:\n' },
  { name: 'another ollama command, an echo, a comment', text: 'ollama rm hf.co/org/m\nollama show hf.co/org/m\necho "ollama run hf.co/org/m"\n# ollama pull hf.co/org/m\n' },
];

const DECOYS: { name: string; text: string }[] = [
  { name: 'commented-out command', text: '# huggingface-cli download org/m\n  # hf download org/m\n' },
  { name: 'comment after a continuation does not continue', text: '# note \\\nhf_transfer=1\n' },
  // A command inside an echo/printf string is printed, not run.
  { name: 'echo of a command', text: 'echo "huggingface-cli download org/m"\nprintf \'hf download %s\\n\' org/m\n' },
  { name: 'login, upload, whoami, auth', text: 'huggingface-cli login --token $HF_TOKEN\nhuggingface-cli upload org/m ./out\nhf upload org/m .\nhf auth login\nhuggingface-cli whoami\n' },
  { name: 'download without a repo', text: 'hf download --help\nhuggingface-cli download\n' },
  { name: 'git clone of GitHub', text: 'git clone https://github.com/huggingface/transformers\ngit clone git@github.com:org/m.git\n' },
  { name: 'Hub docs and blog URLs', text: 'curl https://huggingface.co/docs/hub/index\nwget https://huggingface.co/blog/some-post\ngit clone https://huggingface.co/docs/transformers\n' },
  { name: 'Hub pages that are not file URLs', text: 'curl https://huggingface.co/org/m\ncurl https://huggingface.co/api/models/org/m\ncurl https://huggingface.co/org/m/tree/main\n' },
  { name: 'a non-Hub host that looks alike', text: 'curl https://huggingface.co.evil.example/org/m/resolve/main/x.bin\ncurl https://example.com/huggingface.co/org/m/resolve/main/x.bin\n' },
  { name: 'servers without a model', text: 'python -m vllm.entrypoints.openai.api_server --port 8000\ntext-generation-launcher --port 8080\nvllm --version\n' },
  { name: 'other images', text: 'docker run ubuntu:22.04 --model-id org/m\ndocker build -t text-generation-inference .\n' },
  { name: 'YAML keys that merely mention the CLI', text: 'steps:\n  - name: huggingface-cli download org/m\n    with:\n      model: org/m\n' },
  { name: 'Python in a cell is not shell', text: 'from huggingface_hub import snapshot_download\nsnapshot_download("org/m")\n' },
  {
    name: 'Dockerfile ADD of no Hub file: a local path, another host, a repository page, the URL as the destination, a comment',
    text: 'ADD ./weights/ /models/\nADD https://github.com/org/repo/releases/download/v1/m.bin /m.bin\nADD https://huggingface.co/org/m /m\nADD https://huggingface.co/org/m/resolve/main/x.bin\n# ADD https://huggingface.co/org/m/resolve/main/y.bin /y\n',
  },
  // A heredoc fed to a command as data holds no commands (printed instructions, a README written out).
  { name: 'a heredoc that cat prints or writes to a text file', text: 'cat <<EOF\nThen run:\n  huggingface-cli download org/m\nEOF\ncat > README.md <<\'EOF\'\nhf download org/m\nEOF\n' },
];

function runTable(title: string, cases: Case[]): void {
  describe(title, () => {
    for (const c of cases) {
      it(c.name, () => {
        assert.deepEqual(commandHfSites(c.text), c.expect);
      });
    }
  });
}

runTable('shell: huggingface-cli / hf download, variables, operators', SHELL);
runTable('git clone and pinning', GIT);
runTable('curl / wget / aria2c file URLs', FETCH);
runTable('inference servers', SERVE);
runTable('Dockerfile', DOCKERFILE);
runTable('Makefile', MAKEFILE);
runTable('CI YAML', CI);
runTable('notebook shell lines', NOTEBOOK);
runTable('ollama run / pull of Hub repositories', OLLAMA);

describe('inference server decoys', () => {
  for (const d of SERVE_DECOYS) it(d.name, () => assert.deepEqual(commandHfSites(d.text), []));
});

describe('ollama decoys', () => {
  for (const d of OLLAMA_DECOYS) it(d.name, () => assert.deepEqual(commandHfSites(d.text), []));
});

describe('Ollama Modelfiles: FROM hf.co/{user}/{repo}[:quant]', () => {
  const from = (line: number, column: number, fields: Partial<PullSite>): PullSite => at('Modelfile FROM', line, column, fields);
  const CASES: [string, string, PullSite[]][] = [
    ['FROM with a tag, then parameters', 'FROM hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M\nPARAMETER temperature 0.7\n', [from(1, 1, { id: 'bartowski/Llama-3.2-1B-Instruct-GGUF', tag: 'Q4_K_M' })]],
    ['lower-case instruction, indented, huggingface.co/, after a comment, CRLF', '# my model\r\n  from huggingface.co/someuser/finetune-gguf\r\n', [from(2, 3, { id: 'someuser/finetune-gguf' })]],
    ['after a SYSTEM block that closes', 'SYSTEM """\nYou are helpful.\n"""\nFROM hf.co/org/m-GGUF:Q8_0\n', [from(4, 1, { id: 'org/m-GGUF', tag: 'Q8_0' })]],
    // Decoys.
    ['an Ollama library model, a local GGUF file', 'FROM llama3.2\nFROM ./model.gguf\n', []],
    ['FROM inside a SYSTEM or TEMPLATE block, in a comment, a Hub page, an invalid id', 'SYSTEM """\nFROM hf.co/org/inside\n"""\n# FROM hf.co/org/comment\nFROM hf.co/settings/tokens\nFROM hf.co/org/m$x\nADAPTER hf.co/org/adapter\n', []],
  ];
  for (const [name, text, want] of CASES) it(name, () => assert.deepEqual(modelfileHfSites(text), want));

  it('stays linear on hostile input', () => {
    const t0 = Date.now();
    modelfileHfSites('FROM hf.co/org/m:Q4\n'.repeat(200_000));
    modelfileHfSites('"""'.repeat(1_000_000));
    modelfileHfSites('FROM ' + 'a'.repeat(3_000_000));
    commandHfSites('ollama run hf.co/org/m\n'.repeat(100_000));
    assert.ok(Date.now() - t0 < 10_000, `took ${Date.now() - t0} ms`);
  });
});

describe('line ends: CR, LF and CRLF end a physical line, as in every other position', () => {
  // Every table rerun with CRLF and with lone CR line ends: the same sites, on the same lines and
  // columns (YAML reads all three as line ends; a CRLF or CR checkout of a script names the same
  // pulls).
  const TABLES: [string, Case[]][] = [['shell', SHELL], ['git', GIT], ['fetch', FETCH], ['serve', SERVE], ['Dockerfile', DOCKERFILE], ['Makefile', MAKEFILE], ['CI', CI], ['notebook', NOTEBOOK]];
  for (const [ends, nl] of [['CRLF', '\r\n'], ['lone CR', '\r']] as const) {
    for (const [title, cases] of TABLES) {
      it(`${title} table with ${ends} line ends`, () => {
        for (const c of cases) assert.deepEqual(commandHfSites(c.text.replace(/\n/g, nl)), c.expect, c.name);
      });
    }
  }
  // Each case: text, and the sites' via, line, column and id.
  const CASES: [string, string, string[]][] = [
    ['mixed line ends', 'set -e\rhf download org/a\r\n\nhf download org/b\rhuggingface-cli download org/c\n', ['hf download 2:1 org/a', 'hf download 4:1 org/b', 'huggingface-cli download 5:1 org/c']],
    ['a continuation before a lone CR', 'hf download \\\r  org/a --revision main\rhf download org/b\r', ['hf download 1:1 org/a', 'hf download 3:1 org/b']],
    ['a continuation before a CRLF', 'RUN pip install hf && \\\r\n    hf download org/a\r\nRUN hf download org/b\r\n', ['hf download 1:1 org/a', 'hf download 3:5 org/b']],
    ['a CR-only CI workflow', 'jobs:\r  x:\r    steps:\r      - run: hf download org/a\r', ['hf download 4:14 org/a']],
    // Decoys: no line ends.
    ['an escaped \\r in a string', 'echo "a\\rb"; hf download org/a\n', ['hf download 1:14 org/a']],
    ['U+2028 in a comment', '# a\u2028hf download org/x\nhf download org/a\n', ['hf download 2:1 org/a']],
    ['U+2029 inside a quoted word', 'hf download "org/a" --local-dir "x\u2029y"\n', ['hf download 1:1 org/a']],
  ];
  for (const [name, text, want] of CASES) {
    it(name, () => assert.deepEqual(commandHfSites(text).map((p) => `${p.via} ${p.line}:${p.column} ${p.id ?? p.dynamic}`), want));
  }
});

// ---------------------------------------------------------------------------------------------
// Containers of compose files and Kubernetes manifests (yamlContainers, then containerHfSites).

interface ContainerCase extends Case {
  kind: 'compose' | 'kubernetes';
}

const vllm = (line: number, column: number, fields: Partial<PullSite>): PullSite => at('vllm serve', line, column, fields);
const tgi = (line: number, column: number, fields: Partial<PullSite>): PullSite => at('text-generation-launcher', line, column, fields);
const k8s = (container: string): string => `apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n${container}`;

const CONTAINERS: ContainerCase[] = [
  {
    name: 'compose: vLLM image, options as an exec list',
    kind: 'compose',
    text: 'services:\n  vllm:\n    image: vllm/vllm-openai:v0.6.3\n    command: ["--model", "meta-llama/Llama-3.1-8B-Instruct", "--port", "8000"]\n',
    expect: [vllm(4, 16, { id: 'meta-llama/Llama-3.1-8B-Instruct' })],
  },
  {
    name: 'compose: vLLM image, options as one string, placed word by word',
    kind: 'compose',
    text: `services:\n  vllm:\n    image: "vllm/vllm-openai:latest"\n    command: --trust-remote-code --model Qwen/Qwen2.5-7B --revision ${SHA}\n`,
    expect: [vllm(4, 14, { id: 'Qwen/Qwen2.5-7B', revision: SHA, trustRemoteCode: true })],
  },
  {
    name: 'compose: the vLLM image in later releases takes the model first (its entrypoint is vllm serve)',
    kind: 'compose',
    text: 'services:\n  vllm:\n    image: vllm/vllm-openai:v0.9.0\n    command: ["org/m", "--max-model-len", "4096"]\n',
    expect: [vllm(4, 16, { id: 'org/m' })],
  },
  {
    name: 'compose: a ${VAR:-default} gives its default; an unset variable is dynamic',
    kind: 'compose',
    text: 'services:\n  a:\n    image: vllm/vllm-openai\n    command: --model ${MODEL:-org/x}\n  b:\n    image: vllm/vllm-openai\n    command: ["--model", "${MODEL}"]\n',
    expect: [vllm(4, 14, { id: 'org/x' }), vllm(7, 16, { dynamic: '${MODEL}' })],
  },
  {
    name: 'compose: TGI image, --model-id or MODEL_ID in the environment (a map or a list)',
    kind: 'compose',
    text: 'services:\n  a:\n    image: ghcr.io/huggingface/text-generation-inference:2.4\n    command: --model-id org/a --revision main\n  b:\n    image: ghcr.io/huggingface/text-generation-inference:2.4\n    environment:\n      MODEL_ID: org/b\n  c:\n    image: ghcr.io/huggingface/text-generation-inference:2.4\n    environment:\n      - MODEL_ID=org/c\n',
    expect: [tgi(4, 14, { id: 'org/a', revision: 'main' }), tgi(6, 12, { id: 'org/b' }), tgi(10, 12, { id: 'org/c' })],
  },
  {
    name: 'compose: a command in place of the options (vllm serve) and an entrypoint replaced',
    kind: 'compose',
    text: 'services:\n  a:\n    image: vllm/vllm-openai\n    command: vllm serve org/a --trust-remote-code\n  b:\n    image: vllm/vllm-openai\n    entrypoint: ["python3", "-m", "vllm.entrypoints.openai.api_server"]\n    command: ["--model", "org/b"]\n',
    expect: [vllm(4, 14, { id: 'org/a', trustRemoteCode: true }), vllm(7, 19, { id: 'org/b' })],
  },
  {
    name: 'compose: any image running a download through sh -c, with the service environment as variables',
    kind: 'compose',
    text: `services:\n  fetch:\n    image: python:3.12\n    environment:\n      REPO: org/weights\n    entrypoint: ["/bin/sh", "-c", "pip install huggingface_hub && huggingface-cli download $$REPO --revision ${SHA}"]\n`,
    expect: [hfcli(6, 36, { id: 'org/weights', revision: SHA })],
  },
  {
    name: 'compose: a merged service template (x- anchor) gives the image and the options',
    kind: 'compose',
    text: 'x-llm: &llm\n  image: vllm/vllm-openai:v0.6.3\n  command: ["--model", "org/shared"]\nservices:\n  a:\n    <<: *llm\n',
    expect: [vllm(3, 14, { id: 'org/shared' })],
  },
  {
    name: 'kubernetes: vLLM args with $(VAR) from the container env; a remote-code flag',
    kind: 'kubernetes',
    text: k8s('        - name: vllm\n          image: vllm/vllm-openai:v0.6.3\n          args: ["--model", "$(MODEL)", "--trust-remote-code"]\n          env:\n            - name: MODEL\n              value: Qwen/Qwen2.5-7B-Instruct\n'),
    expect: [vllm(9, 19, { id: 'Qwen/Qwen2.5-7B-Instruct', trustRemoteCode: true })],
  },
  {
    name: 'kubernetes: $(VAR) from a secret is dynamic',
    kind: 'kubernetes',
    text: k8s('        - image: vllm/vllm-openai\n          args:\n            - --model=$(MODEL)\n          env:\n            - name: MODEL\n              valueFrom:\n                configMapKeyRef: {name: m, key: model}\n'),
    expect: [vllm(9, 15, { dynamic: '$(MODEL)' })],
  },
  {
    name: 'kubernetes: command replaces the entrypoint (vllm serve), a sh -c script, TGI by MODEL_ID, an init container',
    kind: 'kubernetes',
    text: k8s(
      `        - image: vllm/vllm-openai\n          command: ["vllm", "serve"]\n          args: ["org/a"]\n        - image: python:3.12\n          command: ["/bin/sh", "-c"]\n          args:\n            - hf download $REPO --revision ${SHA}\n          env:\n            - name: REPO\n              value: org/b\n        - image: ghcr.io/huggingface/text-generation-inference:3.0\n          env:\n            - {name: MODEL_ID, value: org/c}\n      initContainers:\n        - image: alpine\n          command: ["sh", "-c", "vllm serve org/d"]\n`,
    ),
    expect: [vllm(8, 22, { id: 'org/a' }), at('hf download', 13, 15, { id: 'org/b', revision: SHA }), tgi(17, 18, { id: 'org/c' }), vllm(22, 34, { id: 'org/d' })],
  },
  {
    name: 'malformed YAML: what parsed is read (the image readers warn of the rest)',
    kind: 'compose',
    text: 'services:\n  vllm:\n    image: vllm/vllm-openai\n    command: ["--model", "org/m"\n',
    expect: [vllm(4, 16, { id: 'org/m' })],
  },
  {
    name: 'compose: the TEI image with options as the audit found them; MODEL_ID and REVISION in the environment',
    kind: 'compose',
    text: `services:\n  dense-vector:\n    image: ghcr.io/huggingface/text-embeddings-inference:1.5\n    command: [ "--model-id", "BAAI/bge-m3" , "--auto-truncate", "--payload-limit", "100000000"]\n  rerank:\n    image: ghcr.io/huggingface/text-embeddings-inference:cpu-1.5\n    environment:\n      MODEL_ID: BAAI/bge-reranker-base\n      REVISION: ${SHA}\n`,
    expect: [at('text-embeddings-router', 4, 17, { id: 'BAAI/bge-m3' }), at('text-embeddings-router', 6, 12, { id: 'BAAI/bge-reranker-base', revision: SHA })],
  },
  {
    name: 'compose: SGLang launched by an entrypoint string, its options on a folded command, as the audit found it',
    kind: 'compose',
    text: 'services:\n  sglang:\n    image: lmsysorg/sglang:latest\n    entrypoint: python3 -m sglang.launch_server\n    command:\n      --model-path meta-llama/Meta-Llama-3.1-8B-Instruct\n      --host 0.0.0.0\n',
    expect: [at('sglang.launch_server', 4, 17, { id: 'meta-llama/Meta-Llama-3.1-8B-Instruct' })],
  },
  {
    name: 'compose: the llama.cpp server image with -hf, one with LLAMA_ARG_HF_REPO, the light image, llama-server by its path on any image',
    kind: 'compose',
    text: 'services:\n  a:\n    image: ghcr.io/ggml-org/llama.cpp:server\n    command: ["-hf", "org/a-GGUF:Q8_0", "--port", "8080"]\n  b:\n    image: ghcr.io/ggml-org/llama.cpp:server-vulkan\n    environment:\n      - LLAMA_ARG_HF_REPO=org/b-GGUF\n  c:\n    image: ghcr.io/ggml-org/llama.cpp:light\n    command: --hf-repo org/c-GGUF --hf-file c-Q4_0.gguf -p hi\n  d:\n    image: ubuntu:24.04\n    command: ["/app/llama-server", "-hf", "org/d-GGUF"]\n',
    expect: [
      at('llama-server', 4, 16, { id: 'org/a-GGUF', tag: 'Q8_0' }),
      at('llama-server', 6, 12, { id: 'org/b-GGUF' }),
      at('llama-cli', 11, 14, { id: 'org/c-GGUF', file: 'c-Q4_0.gguf' }),
      at('llama-server', 14, 16, { id: 'org/d-GGUF' }),
    ],
  },
  {
    name: 'kubernetes: TEI args with $(VAR) from the env; the llama.cpp server image with --model-url',
    kind: 'kubernetes',
    text: k8s(
      '        - image: ghcr.io/huggingface/text-embeddings-inference:1.5\n          args: ["--model-id", "$(MODEL)"]\n          env:\n            - {name: MODEL, value: BAAI/bge-small-en-v1.5}\n        - image: ghcr.io/ggml-org/llama.cpp:server\n          args: ["--model-url", "https://huggingface.co/org/m-GGUF/resolve/main/m.gguf"]\n',
    ),
    expect: [at('text-embeddings-router', 8, 19, { id: 'BAAI/bge-small-en-v1.5' }), at('llama-server --model-url', 12, 19, { id: 'org/m-GGUF', revision: 'main', file: 'm.gguf' })],
  },
  {
    name: 'kubernetes: a multi-document file, the documents without a server skipped',
    kind: 'kubernetes',
    text: `apiVersion: v1\nkind: ConfigMap\ndata:\n  model: org/ignored\n---\n${k8s('        - image: vllm/vllm-openai\n          args: ["--model", "org/m"]\n')}`,
    expect: [vllm(13, 19, { id: 'org/m' })],
  },
];

const CONTAINER_DECOYS: { name: string; kind: 'compose' | 'kubernetes'; text: string }[] = [
  { name: 'a server image with no model option', kind: 'compose', text: 'services:\n  vllm:\n    image: vllm/vllm-openai\n    command: ["--port", "8000"]\n' },
  { name: 'model options given to another image', kind: 'compose', text: 'services:\n  app:\n    image: myorg/app  # talks to vllm\n    command: ["--model", "org/m"]\n' },
  { name: 'a TGI image without MODEL_ID or options', kind: 'compose', text: 'services:\n  tgi:\n    image: ghcr.io/huggingface/text-generation-inference:2.4\n    environment:\n      - PORT=80\n' },
  { name: 'a model id in a label or a comment', kind: 'compose', text: 'services:\n  vllm:\n    image: vllm/vllm-openai\n    labels:\n      model: org/m\n    # command: ["--model", "org/m"]\n' },
  { name: 'a document with no kind', kind: 'kubernetes', text: 'containers:\n  - image: vllm/vllm-openai\n    args: ["--model", "org/m"]\n' },
  { name: 'a template that is no YAML yet', kind: 'kubernetes', text: 'kind: Deployment\nspec:\n  containers:\n    - image: {{ .Values.image }}\n      args: ["--model", "{{ .Values.model }}"]\n' },
  { name: 'the SGLang image takes no options as its entrypoint', kind: 'compose', text: 'services:\n  sglang:\n    image: lmsysorg/sglang:latest\n    command: ["--model-path", "org/m"]\n' },
  { name: 'a TEI image without MODEL_ID or options', kind: 'compose', text: 'services:\n  tei:\n    image: ghcr.io/huggingface/text-embeddings-inference:1.5\n    environment:\n      - REVISION=main\n' },
  {
    name: 'llama.cpp images: a local model, the full image (a tools script), no tag',
    kind: 'compose',
    text: 'services:\n  a:\n    image: ghcr.io/ggml-org/llama.cpp:server\n    command: ["-m", "/models/m.gguf"]\n  b:\n    image: ghcr.io/ggml-org/llama.cpp:full\n    command: ["--convert", "--outtype", "f16", "/models/7B/"]\n  c:\n    image: ghcr.io/ggml-org/llama.cpp\n    command: ["-hf", "org/m-GGUF"]\n',
  },
];

describe('containers of compose files and Kubernetes manifests', () => {
  for (const c of CONTAINERS) {
    it(c.name, () => {
      assert.deepEqual(containerHfSites(yamlContainers(c.text, c.kind)), c.expect);
    });
  }
  for (const d of CONTAINER_DECOYS) {
    it(`decoy: ${d.name}`, () => {
      assert.deepEqual(containerHfSites(yamlContainers(d.text, d.kind)), []);
    });
  }
  it('random YAML-like text never throws', () => {
    const unit = fc.constantFrom('\n', ' ', '  ', '- ', ': ', '[', ']', '{', '}', '"', "'", '$', '(', ')', '&a', '*a', '<<: ', '---\n', 'services', 'kind', 'containers', 'image', 'vllm/vllm-openai', 'command', 'args', 'env', 'name', 'value', 'MODEL_ID', '--model', 'org/m', 'sh', '-c', 'ghcr.io/ggml-org/llama.cpp:server', 'huggingface/text-embeddings-inference', '-hf', 'LLAMA_ARG_HF_REPO', 'entrypoint');
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 60 }), fc.constantFrom('compose' as const, 'kubernetes' as const), (parts, kind) => {
        for (const s of containerHfSites(yamlContainers(parts.join(''), kind))) assert.ok(s.line >= 1 && s.column >= 1);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('decoys', () => {
  for (const d of DECOYS) {
    it(d.name, () => {
      assert.deepEqual(commandHfSites(d.text), []);
    });
  }
});

describe('robustness', () => {
  it('CRLF line ends and a byte-order mark', () => {
    assert.deepEqual(commandHfSites('\ufeffhf download org/a\r\nhf download org/b\r\n'), [at('hf download', 1, 1, { id: 'org/a' }), at('hf download', 2, 1, { id: 'org/b' })]);
  });

  it('a dynamic source text is cut to 80 characters', () => {
    const raw = `$${'X'.repeat(120)}`;
    const [site] = commandHfSites(`hf download ${raw}\n`);
    assert.equal(site?.dynamic, raw.slice(0, 80));
  });

  it('unterminated quotes and substitutions never throw', () => {
    for (const t of ['hf download "org/m', "hf download 'org/m", 'hf download $(', 'hf download ${', 'hf download `x', 'x=$((1+', '\\', 'RUN [', 'RUN ["hf", ', '$', '${{', 'a <<']) {
      assert.ok(Array.isArray(commandHfSites(t)), t);
    }
  });

  it('stays linear on long hostile lines', () => {
    const t0 = Date.now();
    for (const unit of ['$(', '${', '`', '"', "'", '\\\n', 'a=1;', 'git clone https://huggingface.co/o/m && git checkout ' + SHA + ';']) {
      commandHfSites(unit.repeat(20_000));
    }
    commandHfSites(`ADD ${'--a=b '.repeat(20_000)}https://huggingface.co/o/m/resolve/main/x /x\n`);
    commandHfSites(`llama-server ${'-hf o/m -mu https://hf.co/o/m/resolve/main/x '.repeat(20_000)}\n`);
    commandHfSites(`docker run ${'-e A=b '.repeat(20_000)}ghcr.io/huggingface/text-embeddings-inference --model-id o/m\n`);
    assert.ok(Date.now() - t0 < 5_000, `took ${Date.now() - t0} ms`);
  });

  it('random shell-like text never throws', () => {
    const unit = fc.constantFrom(
      ' ', '\n', '\t', '\\', '"', "'", '`', '$', '(', ')', '{', '}', '[', ']', '#', ';', '&', '|', '<', '>', '=', '-', ':', '!', '@',
      'hf', 'download', 'huggingface-cli', 'git', 'clone', 'checkout', 'curl', 'vllm', 'serve', 'docker', 'run', 'RUN', 'ARG', 'ENV',
      'WORKDIR', 'FROM', 'CMD', '--revision', '--model-id', '--include', 'https://huggingface.co/', 'resolve', 'main', 'org/m', SHA, 'cd', 'M',
      'ADD', '--checksum=sha256:0', 'llama-server', '-hf', '-hff', '-mu', ':Q4', 'python -m sglang.launch_server', '--model-path', 'text-embeddings-router',
      'ghcr.io/ggml-org/llama.cpp:server', 'ghcr.io/huggingface/text-embeddings-inference', 'MODEL_ID=', 'LLAMA_ARG_HF_REPO=',
    );
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 60 }), (parts) => {
        const sites = commandHfSites(parts.join(''));
        for (const s of sites) assert.ok(s.line >= 1 && s.column >= 1);
      }),
      { numRuns: 2000 },
    );
  });
});
