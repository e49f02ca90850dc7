/**
 * The JS/TS Hugging Face pull cases: read by test/hf/js-pulls.test.ts (the expected sites) and
 * test/hf/js-fast-path.test.ts (the token reader agrees with the parser's reader on each).
 */
import type { PullSite } from '../../src/hf/types.js';

export interface Case {
  name: string;
  code: string;
  path?: string;
  expect: PullSite[];
}

export const SHA = '0123456789abcdef0123456789abcdef01234567';
export const m = (via: string, line: number, column: number, rest: Partial<PullSite>): PullSite => ({ via, repoType: 'model', line, column, ...rest });
export const lines = (...l: string[]) => `${l.join('\n')}\n`;

export const TRANSFORMERS: Case[] = [
  {
    name: 'pipeline with a literal model',
    code: lines(
      "import { pipeline } from '@huggingface/transformers';",
      "const pipe = await pipeline('sentiment-analysis', 'Xenova/distilbert-base-uncased-finetuned-sst-2-english');",
    ),
    expect: [m('pipeline', 2, 20, { id: 'Xenova/distilbert-base-uncased-finetuned-sst-2-english' })],
  },
  {
    name: 'pipeline without a model: the task default',
    code: lines("import { pipeline } from '@xenova/transformers';", "const classify = await pipeline('sentiment-analysis');"),
    expect: [m('pipeline', 2, 24, { dynamic: 'default model for sentiment-analysis' })],
  },
  {
    name: 'pipeline with undefined model and a const task',
    code: lines("import { pipeline } from '@xenova/transformers';", "const TASK = 'summarization';", 'pipeline(TASK, undefined, { revision: "v2" });'),
    expect: [m('pipeline', 3, 1, { dynamic: 'default model for summarization', revision: 'v2' })],
  },
  {
    name: 'const model and pinned sha revision inside a function',
    code: lines(
      "import { pipeline } from '@huggingface/transformers';",
      "const MODEL = 'Xenova/gpt2';",
      `export const SHA = '${SHA}';`,
      'export async function run() {',
      "  return pipeline('text-generation', MODEL, { revision: SHA, dtype: 'q8' });",
      '}',
    ),
    expect: [m('pipeline', 5, 10, { id: 'Xenova/gpt2', revision: SHA })],
  },
  {
    name: 'const chain through a template',
    code: lines(
      "import { pipeline } from '@huggingface/transformers';",
      "const ORG = 'Xenova';",
      'const NAME = `${ORG}/whisper-tiny.en`;',
      'const ID = NAME;',
      "pipeline('automatic-speech-recognition', ID);",
    ),
    expect: [m('pipeline', 5, 1, { id: 'Xenova/whisper-tiny.en' })],
  },
  {
    name: 'concatenation of constants and a branch revision',
    code: lines(
      "import { pipeline } from '@huggingface/transformers';",
      "const ORG = 'Xenova';",
      "pipeline('feature-extraction', ORG + '/' + 'all-MiniLM-L6-v2', { revision: 'main' });",
    ),
    expect: [m('pipeline', 3, 1, { id: 'Xenova/all-MiniLM-L6-v2', revision: 'main' })],
  },
  {
    name: 'default parameter value',
    code: lines(
      "import { pipeline } from '@huggingface/transformers';",
      "async function load(id = 'Xenova/bert-base-NER') {",
      "  return pipeline('token-classification', id);",
      '}',
    ),
    expect: [m('pipeline', 3, 10, { id: 'Xenova/bert-base-NER' })],
  },
  {
    name: 'default in a destructured parameter',
    code: lines(
      "import { AutoModel } from '@huggingface/transformers';",
      "export const load = ({ model = 'Xenova/bert-base-uncased' } = {}) => AutoModel.from_pretrained(model);",
    ),
    expect: [m('AutoModel.from_pretrained', 2, 70, { id: 'Xenova/bert-base-uncased' })],
  },
  {
    name: 'aliased classes, revision and local_files_only',
    code: lines(
      "import { AutoTokenizer as Tok, AutoModelForCausalLM } from '@huggingface/transformers';",
      "const tok = await Tok.from_pretrained('onnx-community/Qwen2.5-0.5B-Instruct', { revision: 'v1.0' });",
      "const model = await AutoModelForCausalLM.from_pretrained('onnx-community/Qwen2.5-0.5B-Instruct', { dtype: 'q4', local_files_only: true });",
    ),
    expect: [
      m('AutoTokenizer.from_pretrained', 2, 19, { id: 'onnx-community/Qwen2.5-0.5B-Instruct', revision: 'v1.0' }),
      m('AutoModelForCausalLM.from_pretrained', 3, 21, { id: 'onnx-community/Qwen2.5-0.5B-Instruct', localPath: '(local_files_only)' }),
    ],
  },
  {
    name: 'aliased pipeline',
    code: lines("import { pipeline as p } from '@huggingface/transformers';", "await p('fill-mask', 'Xenova/bert-base-uncased');"),
    expect: [m('pipeline', 2, 7, { id: 'Xenova/bert-base-uncased' })],
  },
  {
    name: 'namespace import',
    code: lines("import * as transformers from '@xenova/transformers';", "const p = await transformers.pipeline('fill-mask', 'Xenova/bert-base-uncased');"),
    expect: [m('pipeline', 2, 17, { id: 'Xenova/bert-base-uncased' })],
  },
  {
    name: 'require with a renamed destructuring',
    path: 'a.cjs',
    code: lines("const { pipeline: makePipe } = require('@xenova/transformers');", "makePipe('summarization', 'Xenova/distilbart-cnn-6-6');"),
    expect: [m('pipeline', 2, 1, { id: 'Xenova/distilbart-cnn-6-6' })],
  },
  {
    name: 'require namespace and a class through it',
    path: 'a.js',
    code: lines("const hf = require('@huggingface/transformers');", "hf.AutoModel.from_pretrained('Xenova/bert-base-uncased');"),
    expect: [m('AutoModel.from_pretrained', 2, 1, { id: 'Xenova/bert-base-uncased' })],
  },
  {
    name: 'dynamic import destructured',
    path: 'worker.mjs',
    code: lines(
      'async function main() {',
      "  const { pipeline, env } = await import('@huggingface/transformers');",
      "  const p = await pipeline('image-classification', 'Xenova/vit-base-patch16-224');",
      '}',
    ),
    expect: [m('pipeline', 3, 19, { id: 'Xenova/vit-base-patch16-224' })],
  },
  {
    name: 'inline dynamic import',
    code: lines("const p = await (await import('@xenova/transformers')).pipeline('translation', 'Xenova/nllb-200-distilled-600M');"),
    expect: [m('pipeline', 1, 17, { id: 'Xenova/nllb-200-distilled-600M' })],
  },
  {
    name: 'import().then callback',
    path: 'a.js',
    code: lines("import('@xenova/transformers').then(({ pipeline }) => pipeline('zero-shot-classification', 'Xenova/mobilebert-uncased-mnli'));"),
    expect: [m('pipeline', 1, 55, { id: 'Xenova/mobilebert-uncased-mnli' })],
  },
  {
    name: 'CDN import in a browser script',
    path: 'index.js',
    code: lines(
      "import { pipeline } from 'https://cdn.jsdelivr.net/npm/@xenova/transformers@2.17.2';",
      "const p = await pipeline('text2text-generation', 'Xenova/LaMini-Flan-T5-783M');",
    ),
    expect: [m('pipeline', 2, 17, { id: 'Xenova/LaMini-Flan-T5-783M' })],
  },
  {
    name: 'singleton class with static task and model (the transformers.js examples)',
    path: 'pipeline.js',
    code: lines(
      "import { pipeline } from '@xenova/transformers';",
      'class MyClassificationPipeline {',
      "  static task = 'text-classification';",
      "  static model = 'Xenova/distilbert-base-uncased-finetuned-sst-2-english';",
      '  static instance = null;',
      '  static async getInstance(progress_callback = null) {',
      '    if (this.instance === null) {',
      '      this.instance = pipeline(this.task, this.model, { progress_callback });',
      '    }',
      '    return this.instance;',
      '  }',
      '}',
    ),
    expect: [m('pipeline', 8, 23, { id: 'Xenova/distilbert-base-uncased-finetuned-sst-2-english' })],
  },
  {
    name: 'model from a constant config object',
    code: lines(
      "import { pipeline } from '@huggingface/transformers';",
      "const CONFIG = { chat: 'onnx-community/Llama-3.2-1B-Instruct' } as const;",
      "pipeline('text-generation', CONFIG.chat);",
    ),
    expect: [m('pipeline', 3, 1, { id: 'onnx-community/Llama-3.2-1B-Instruct' })],
  },
  {
    name: 'bindings through variables and destructuring (CommonJS style)',
    path: 'a.cjs',
    code: lines(
      "var hf = require('@xenova/transformers');",
      'const { AutoModel, pipeline } = hf;',
      'const make = pipeline;',
      "const CONFIG = { model: 'Xenova/t5-small', revision: 'v3' };",
      'const { model, revision } = CONFIG;',
      'AutoModel.from_pretrained(model, { revision });',
      "make('translation', CONFIG.model);",
    ),
    expect: [m('AutoModel.from_pretrained', 6, 1, { id: 'Xenova/t5-small', revision: 'v3' }), m('pipeline', 7, 1, { id: 'Xenova/t5-small' })],
  },
  {
    name: 'top-level await import in a script without imports',
    path: 'a.js',
    code: lines("const { pipeline } = await import('@huggingface/transformers');", "await pipeline('fill-mask', 'Xenova/bert-base-uncased');"),
    expect: [m('pipeline', 2, 7, { id: 'Xenova/bert-base-uncased' })],
  },
  {
    name: 'env.allowRemoteModels = false makes every pull local',
    code: lines(
      "import { env, pipeline, AutoProcessor } from '@huggingface/transformers';",
      "env.localModelPath = './models/';",
      'env.allowRemoteModels = false;',
      "const p = await pipeline('text-classification', 'my-org/my-model');",
      "const q = await AutoProcessor.from_pretrained('./models/clip', { local_files_only: true });",
    ),
    expect: [
      m('pipeline', 4, 17, { id: 'my-org/my-model', localPath: '(allowRemoteModels=false)' }),
      m('AutoProcessor.from_pretrained', 5, 17, { localPath: './models/clip' }),
    ],
  },
  {
    name: 'allowRemoteModels through the namespace',
    code: lines("import * as T from '@xenova/transformers';", 'T.env.allowRemoteModels = false;', "T.pipeline('fill-mask', 'Xenova/bert-base-uncased');"),
    expect: [m('pipeline', 3, 1, { id: 'Xenova/bert-base-uncased', localPath: '(allowRemoteModels=false)' })],
  },
  {
    name: 'env.localModelPath alone does not make pulls local',
    code: lines("import { env, pipeline } from '@huggingface/transformers';", "env.localModelPath = '/opt/models';", "pipeline('fill-mask', 'Xenova/bert-base-uncased');"),
    expect: [m('pipeline', 3, 1, { id: 'Xenova/bert-base-uncased' })],
  },
  {
    name: 'allowRemoteModels = false on an unrelated object changes nothing',
    code: lines("import { pipeline } from '@huggingface/transformers';", 'const env = { allowRemoteModels: true };', 'env.allowRemoteModels = false;', "pipeline('fill-mask', 'Xenova/bert-base-uncased');"),
    expect: [m('pipeline', 4, 1, { id: 'Xenova/bert-base-uncased' })],
  },
  {
    name: 'a local path is local, not an id',
    code: lines("import { AutoModel } from '@huggingface/transformers';", "AutoModel.from_pretrained('./models/bert');", "AutoModel.from_pretrained('/srv/models/bert');"),
    expect: [m('AutoModel.from_pretrained', 2, 1, { localPath: './models/bert' }), m('AutoModel.from_pretrained', 3, 1, { localPath: '/srv/models/bert' })],
  },
];

export const DYNAMIC: Case[] = [
  {
    name: 'a function argument without default',
    code: lines("import { pipeline } from '@huggingface/transformers';", 'export function load(task, modelId) {', '  return pipeline(task, modelId);', '}'),
    expect: [m('pipeline', 3, 10, { dynamic: 'modelId' })],
  },
  {
    name: 'process.env.MODEL and a dynamic revision',
    code: lines("import { AutoModel } from '@huggingface/transformers';", 'AutoModel.from_pretrained(process.env.MODEL, { revision: process.env.REV });'),
    expect: [m('AutoModel.from_pretrained', 2, 1, { dynamic: 'process.env.MODEL', revisionDynamic: true })],
  },
  {
    name: 'a let is not a constant',
    code: lines("import { pipeline } from '@huggingface/transformers';", "let id = 'Xenova/gpt2';", "id = 'Xenova/other';", "pipeline('text-generation', id);"),
    expect: [m('pipeline', 4, 1, { dynamic: 'id' })],
  },
  {
    name: 'a fallback expression',
    code: lines("import { pipeline } from '@huggingface/transformers';", "pipeline('text-generation', process.env.MODEL ?? 'Xenova/gpt2');"),
    expect: [m('pipeline', 2, 1, { dynamic: "process.env.MODEL ?? 'Xenova/gpt2'" })],
  },
  {
    name: 'a URL is dynamic with its text',
    code: lines("import { pipeline } from '@huggingface/transformers';", "const U = 'https://example.com/models/x';", "pipeline('text-generation', U);"),
    expect: [m('pipeline', 3, 1, { dynamic: 'https://example.com/models/x' })],
  },
  {
    name: 'long multi-line source text is folded and cut to 80',
    code: lines(
      "import { pipeline } from '@huggingface/transformers';",
      "pipeline('text-generation', pickModel(",
      '  someVeryLongConfigurationObjectName.withAnEvenLongerPropertyName,',
      '  anotherArgument,',
      '));',
    ),
    expect: [m('pipeline', 2, 1, { dynamic: `pickModel( someVeryLongConfigurationObjectName.withAnEvenLongerPropertyName, an…` })],
  },
  {
    name: 'spread arguments',
    code: lines("import { pipeline, AutoModel } from '@huggingface/transformers';", 'export const a = (args) => pipeline(...args);', 'export const b = (args) => AutoModel.from_pretrained(...args);'),
    expect: [m('pipeline', 2, 28, { dynamic: '...args' }), m('AutoModel.from_pretrained', 3, 28, { dynamic: '...args' })],
  },
  {
    name: 'a const cycle stops',
    code: lines("import { pipeline } from '@huggingface/transformers';", 'const A = B;', 'const B = A;', "pipeline('text-generation', A);"),
    expect: [m('pipeline', 4, 1, { dynamic: 'A' })],
  },
  {
    name: 'five const A = B hops are followed, a sixth is not',
    code: lines(
      "import { pipeline } from '@huggingface/transformers';",
      "const A0 = 'org/deep';",
      'const A1 = A0; const A2 = A1; const A3 = A2; const A4 = A3; const A5 = A4; const A6 = A5;',
      "pipeline('x', A5);",
      "pipeline('x', A6);",
    ),
    expect: [m('pipeline', 4, 1, { id: 'org/deep' }), m('pipeline', 5, 1, { dynamic: 'A6' })],
  },
];

export const HUB: Case[] = [
  {
    name: 'downloadFile of pickle weights at a branch',
    code: lines("import { downloadFile } from '@huggingface/hub';", "const res = await downloadFile({ repo: 'gpt2', path: 'pytorch_model.bin', revision: 'main' });"),
    expect: [m('downloadFile', 2, 19, { id: 'gpt2', revision: 'main', file: 'pytorch_model.bin', unsafeWeights: 'path="pytorch_model.bin"' })],
  },
  {
    name: 'datasets repo through a namespace, pinned',
    code: lines(
      "import * as hub from '@huggingface/hub';",
      `await hub.downloadFileToCacheDir({ repo: 'datasets/HuggingFaceFW/fineweb', path: 'README.md', revision: '${SHA}' });`,
    ),
    expect: [{ via: 'downloadFileToCacheDir', repoType: 'dataset', id: 'HuggingFaceFW/fineweb', revision: SHA, file: 'README.md', line: 2, column: 7 }],
  },
  {
    name: 'repo object of a space',
    code: lines("import { snapshotDownload } from '@huggingface/hub';", "await snapshotDownload({ repo: { type: 'space', name: 'org/app' } });"),
    expect: [{ via: 'snapshotDownload', repoType: 'space', id: 'org/app', line: 2, column: 7 }],
  },
  {
    name: 'shorthand repo from a const, dynamic revision',
    code: lines(
      "import { snapshotDownload } from '@huggingface/hub';",
      "const repo = 'spaces/org/demo';",
      'export const fetchIt = (branch: string) => snapshotDownload({ repo, revision: branch });',
    ),
    expect: [{ via: 'snapshotDownload', repoType: 'space', id: 'org/demo', revisionDynamic: true, line: 3, column: 44 }],
  },
  {
    name: 'require, params from a const object',
    path: 'a.cjs',
    code: lines(
      "const { downloadFile } = require('@huggingface/hub');",
      "const PARAMS = { repo: { type: 'dataset', name: 'org/data' }, path: 'train.pkl' };",
      'downloadFile(PARAMS);',
    ),
    expect: [{ via: 'downloadFile', repoType: 'dataset', id: 'org/data', file: 'train.pkl', unsafeWeights: 'path="train.pkl"', line: 3, column: 1 }],
  },
  {
    name: 'template repo, safetensors path',
    code: lines("import { downloadFile } from '@huggingface/hub';", "const ORG = 'openai-community';", "await downloadFile({ repo: `${ORG}/gpt2`, path: 'model.safetensors' });"),
    expect: [m('downloadFile', 3, 7, { id: 'openai-community/gpt2', file: 'model.safetensors' })],
  },
  {
    name: 'params that cannot be read are dynamic',
    code: lines("import { downloadFile } from '@huggingface/hub';", 'export const get = (opts) => downloadFile(opts);'),
    expect: [m('downloadFile', 2, 30, { dynamic: 'opts' })],
  },
];

export const INFERENCE: Case[] = [
  {
    name: 'HfInference instance method; endpoint() is not a hub pull',
    code: lines(
      "import { HfInference } from '@huggingface/inference';",
      'const hf = new HfInference(process.env.HF_TOKEN);',
      "const out = await hf.textGeneration({ model: 'mistralai/Mistral-7B-Instruct-v0.2', inputs: 'Hi' });",
      "const ep = hf.endpoint('https://xyz.endpoints.huggingface.cloud');",
      "await ep.textGeneration({ model: 'org/x', inputs: 'Hi' });",
    ),
    expect: [m('inference.textGeneration', 3, 19, { id: 'mistralai/Mistral-7B-Instruct-v0.2' })],
  },
  {
    name: 'InferenceClient in a class field, model const declared later',
    code: lines(
      "import { InferenceClient } from '@huggingface/inference';",
      'export class Chat {',
      '  private client = new InferenceClient(process.env.HF_TOKEN);',
      '  ask(q: string) {',
      "    return this.client.chatCompletion({ model: MODEL, messages: [{ role: 'user', content: q }] });",
      '  }',
      '}',
      "const MODEL = 'meta-llama/Llama-3.1-8B-Instruct';",
    ),
    expect: [m('inference.chatCompletion', 5, 12, { id: 'meta-llama/Llama-3.1-8B-Instruct' })],
  },
  {
    name: 'client assigned in the constructor',
    code: lines(
      "import { HfInference } from '@huggingface/inference';",
      'class Bot {',
      '  constructor(token) { this.hf = new HfInference(token); }',
      "  run(text) { return this.hf.summarization({ model: 'facebook/bart-large-cnn', inputs: text }); }",
      '}',
    ),
    expect: [m('inference.summarization', 4, 22, { id: 'facebook/bart-large-cnn' })],
  },
  {
    name: 'default-param model',
    code: lines(
      "import { InferenceClient } from '@huggingface/inference';",
      'const client = new InferenceClient();',
      "export const ask = (model = 'HuggingFaceH4/zephyr-7b-beta') => client.textGeneration({ model, inputs: 'x' });",
    ),
    expect: [m('inference.textGeneration', 3, 64, { id: 'HuggingFaceH4/zephyr-7b-beta' })],
  },
  {
    name: 'imported task function, aliased',
    code: lines("import { textGeneration as tg } from '@huggingface/inference';", "await tg({ model: 'gpt2', inputs: 'x', accessToken: token });"),
    expect: [m('inference.textGeneration', 2, 7, { id: 'gpt2' })],
  },
  {
    name: 'direct new ... .method, dynamic model',
    code: lines(
      "import { InferenceClient } from '@huggingface/inference';",
      'export const embed = (model, inputs) => new InferenceClient(t).featureExtraction({ model, inputs });',
    ),
    expect: [m('inference.featureExtraction', 2, 41, { dynamic: 'model' })],
  },
];

export const DECOYS: Case[] = [
  {
    name: 'pipeline from node:stream',
    code: lines("import { pipeline } from 'node:stream/promises';", "import { AutoTokenizer } from '@huggingface/transformers';", "await pipeline(src, 'Xenova/gpt2', dst);"),
    expect: [],
  },
  {
    name: 'stream pipeline shadowing the import in an inner scope',
    path: 'a.js',
    code: lines(
      "import { pipeline } from '@huggingface/transformers';",
      'function copy(src, dst) {',
      "  const { pipeline } = require('node:stream');",
      "  return pipeline(src, 'Xenova/gpt2', dst);",
      '}',
      "function run(pipeline) { return pipeline('x', 'org/y'); }",
    ),
    expect: [],
  },
  {
    name: 'from_pretrained in a comment and a string',
    code: lines(
      "import { AutoModel } from '@huggingface/transformers';",
      "// AutoModel.from_pretrained('Xenova/gpt2')",
      "/* pipeline('x', 'Xenova/gpt2') */",
      'const s = "AutoModel.from_pretrained(\'Xenova/gpt2\')";',
    ),
    expect: [],
  },
  {
    name: 'a file that never imports the packages',
    code: lines("// uses @huggingface/transformers elsewhere", "const p = pipeline('x', 'Xenova/gpt2');", "AutoModel.from_pretrained('Xenova/gpt2');"),
    expect: [],
  },
  {
    name: 'a file that names no package at all',
    code: lines("import { pipeline } from 'my-ml';", "pipeline('x', 'Xenova/gpt2');"),
    expect: [],
  },
  {
    name: 'listFiles and fileDownloadInfo',
    code: lines(
      "import { listFiles, fileDownloadInfo } from '@huggingface/hub';",
      "for await (const f of listFiles({ repo: 'gpt2', revision: 'main' })) console.log(f.path);",
      "await fileDownloadInfo({ repo: 'gpt2', path: 'config.json' });",
    ),
    expect: [],
  },
  {
    name: 'type-only import and a re-export',
    code: lines(
      "import type { AutoModel } from '@huggingface/transformers';",
      "export { pipeline } from '@huggingface/transformers';",
      "pipeline('x', 'Xenova/gpt2');",
      "AutoModel.from_pretrained('Xenova/gpt2');",
    ),
    expect: [],
  },
  {
    name: 'from_pretrained of a local class',
    code: lines("import { pipeline } from '@huggingface/transformers';", 'class M { static from_pretrained(x) { return x; } }', "M.from_pretrained('org/x');"),
    expect: [],
  },
  {
    name: 'endpoint clients: HfInferenceEndpoint and endpointUrl',
    code: lines(
      "import { HfInferenceEndpoint, InferenceClient } from '@huggingface/inference';",
      'const ep = new HfInferenceEndpoint(url, token);',
      "await ep.textGeneration({ model: 'org/x', inputs });",
      'const c = new InferenceClient(token, { endpointUrl: url });',
      "await c.chatCompletion({ model: 'org/x', messages });",
    ),
    expect: [],
  },
  {
    name: 'inference call without a model',
    code: lines("import { HfInference } from '@huggingface/inference';", 'const hf = new HfInference();', 'await hf.textGeneration(args);', "await hf.textGeneration({ inputs: 'x' });"),
    expect: [],
  },
  {
    name: 'package-like names that are other packages',
    code: lines("import { pipeline } from '@huggingface/transformers-extra';", "import { downloadFile } from '@huggingface/hubble';", "pipeline('x', 'org/y');", "downloadFile({ repo: 'org/y' });"),
    expect: [],
  },
];

