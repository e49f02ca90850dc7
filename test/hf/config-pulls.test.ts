/**
 * Hugging Face pulls named by YAML and JSON configs: tables of configs whose pulls must be found
 * (whole sites, value positions included), decoy keys that must not, and malformed or hostile
 * text that must give a warning instead of a throw.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { configHfSites } from '../../src/hf/config-pulls.js';
import type { PullSite } from '../../src/hf/types.js';

const SHA = '0123456789abcdef0123456789abcdef01234567';

interface Case {
  name: string;
  format: 'yaml' | 'json';
  text: string;
  expect: PullSite[];
}

const site = (key: string, line: number, column: number, fields: Partial<PullSite>): PullSite => ({ via: `config:${key}`, repoType: 'model', line, column, ...fields });

const FIND: Case[] = [
  { name: "legacy canonical model ids with no organization, and a dataset with none", format: 'yaml', text: 'model_name_or_path: bert-base-uncased\ntokenizer_name: gpt2\ndataset_name: squad\n', expect: [site('model_name_or_path', 1, 21, { id: 'bert-base-uncased' }), site('tokenizer_name', 2, 17, { id: 'gpt2' }), { ...site('dataset_name', 3, 15, { id: 'squad' }), repoType: 'dataset' }] },
  {
    name: "training recipes' datasets: axolotl's datasets[].path beside base_model (a ds_type, data_files or data file is local), alignment-handbook's dataset_mixer keys beside model_name_or_path",
    format: 'yaml',
    text: 'base_model: Qwen/Qwen2.5-0.5B\ndatasets:\n  - path: mhenrichsen/alpaca_2k_test\n    type: alpaca\n  - path: org/pinned\n    revision: v1\n  - path: data/train.jsonl\n    type: alpaca\n  - path: org/local-json\n    ds_type: json\n    data_files: a.json\ntest_datasets:\n  - path: org/eval\n',
    expect: [
      site('base_model', 1, 13, { id: 'Qwen/Qwen2.5-0.5B' }),
      { ...site('datasets.path', 3, 11, { id: 'mhenrichsen/alpaca_2k_test' }), repoType: 'dataset' },
      { ...site('datasets.path', 5, 11, { id: 'org/pinned', revision: 'v1' }), repoType: 'dataset' },
      { ...site('datasets.path', 7, 11, { localPath: 'data/train.jsonl' }), repoType: 'dataset' },
      { ...site('test_datasets.path', 13, 11, { id: 'org/eval' }), repoType: 'dataset' },
    ],
  },
  {
    name: 'dataset_mixer keys beside model_name_or_path; a datasets list or mixer in a file that names no model is not read',
    format: 'yaml',
    text: 'model_name_or_path: org/sft\ndataset_mixer:\n  HuggingFaceH4/ultrafeedback_binarized: 1.0\n  org/other: 0.5\n',
    expect: [site('model_name_or_path', 1, 21, { id: 'org/sft' }), { ...site('dataset_mixer', 3, 3, { id: 'HuggingFaceH4/ultrafeedback_binarized' }), repoType: 'dataset' }, { ...site('dataset_mixer', 4, 3, { id: 'org/other' }), repoType: 'dataset' }],
  },
  {
    name: 'KServe storageUri and storageUris, KubeAI url: hf:// URIs, with the revision after a colon; other schemes are not the Hub, nor a catalog entry turned off',
    format: 'yaml',
    text: `kind: InferenceService\nspec:\n  predictor:\n    model:\n      storageUri: hf://meta-llama/meta-llama-3-8b-instruct\n---\nspec:\n  predictor:\n    model:\n      storageUri: "hf://facebook/opt-125m:${SHA}"\n      storageUris:\n        - uri: hf://org/adapter\n        - uri: s3://bucket/model\n---\nkind: Model\nspec:\n  url: hf://Qwen/Qwen2.5-7B-Instruct\n  other: {url: https://huggingface.co/org/m, storageUri: gs://b/m}\n  tpl: {url: "hf://{{ .Values.model }}"}\n---\ncatalog:\n  off-model:\n    enabled: false\n    url: hf://org/not-rendered\n`,
    expect: [
      site('storageUri', 5, 19, { id: 'meta-llama/meta-llama-3-8b-instruct' }),
      site('storageUri', 10, 19, { id: 'facebook/opt-125m', revision: SHA }),
      site('uri', 12, 16, { id: 'org/adapter' }),
      site('url', 17, 8, { id: 'Qwen/Qwen2.5-7B-Instruct' }),
      site('url', 19, 14, { dynamic: '{{ .Values.model }}' }),
    ],
  },
  {
    name: "KServe's Hugging Face runtime: --model_id in args (= or the next item), with --model_revision; another model format's args, or no --model_id, name none",
    format: 'yaml',
    text: `kind: InferenceService\nspec:\n  predictor:\n    model:\n      modelFormat:\n        name: huggingface\n      args:\n      - --model_name=llama3\n      - --model_id=meta-llama/meta-llama-3-8b-instruct\n---\nspec:\n  predictor:\n    model:\n      modelFormat: {name: huggingface}\n      args: ["--model_id", "org/m", "--model_revision=${SHA}"]\n---\nspec:\n  predictor:\n    model:\n      modelFormat: {name: sklearn}\n      args: ["--model_id=org/not-hf"]\n---\nspec:\n  predictor:\n    model:\n      modelFormat: {name: huggingface}\n      args: ["--model_name=x"]\n      storageUri: hf://org/from-uri\n`,
    expect: [
      site('--model_id', 9, 9, { id: 'meta-llama/meta-llama-3-8b-instruct' }),
      site('--model_id', 15, 28, { id: 'org/m', revision: SHA }),
      site('storageUri', 28, 19, { id: 'org/from-uri' }),
    ],
  },
  {
    name: "vLLM production-stack's Helm values: servingEngineSpec.modelSpec[].modelURL (a Hub id; a URL or a local path is no pull)",
    format: 'yaml',
    text: 'servingEngineSpec:\n  modelSpec:\n  - name: "llama3"\n    repository: "vllm/vllm-openai"\n    modelURL: "meta-llama/Llama-3.1-8B-Instruct"\n  - name: local\n    modelURL: /data/models/opt\n  - name: web\n    modelURL: https://example.com/model.bin\n',
    expect: [site('modelURL', 5, 15, { id: 'meta-llama/Llama-3.1-8B-Instruct' }), site('modelURL', 7, 15, { localPath: '/data/models/opt' }), site('modelURL', 9, 15, { localPath: 'https://example.com/model.bin' })],
  },
  {
    name: 'axolotl: base_model with revision_of_model and trust_remote_code, and its dataset',
    format: 'yaml',
    text: `base_model: NousResearch/Llama-2-7b-hf\nrevision_of_model: ${SHA}\ntrust_remote_code: true\nload_in_8bit: true\ndatasets:\n  - path: mhenrichsen/alpaca_2k_test\n    type: alpaca\nhub_model_id: me/finetuned\n`,
    expect: [site('base_model', 1, 13, { id: 'NousResearch/Llama-2-7b-hf', revision: SHA, trustRemoteCode: true }), { ...site('datasets.path', 6, 11, { id: 'mhenrichsen/alpaca_2k_test' }), repoType: 'dataset' }],
  },
  {
    name: 'HF training args JSON: model, tokenizer, dataset; model_revision is not the dataset\'s',
    format: 'json',
    text: `{\n  "model_name_or_path": "gpt2",\n  "model_revision": "main",\n  "tokenizer_name": "gpt2",\n  "dataset_name": "wikitext",\n  "use_safetensors": false,\n  "output_dir": "./out",\n  "push_to_hub_model_id": "me/x",\n  "hub_model_id": "me/x"\n}\n`,
    expect: [
      site('model_name_or_path', 2, 25, { id: 'gpt2', revision: 'main', unsafeWeights: 'use_safetensors: false' }),
      site('tokenizer_name', 4, 21, { id: 'gpt2', revision: 'main' }),
      site('dataset_name', 5, 19, { repoType: 'dataset', id: 'wikitext' }),
    ],
  },
  {
    name: 'PEFT adapter_config.json: base_model_name_or_path + revision',
    format: 'json',
    text: `{"base_model_name_or_path": "meta-llama/Llama-2-7b-hf", "revision": "${SHA}", "peft_type": "LORA", "r": 8, "target_modules": ["q_proj", "v_proj"]}`,
    expect: [site('base_model_name_or_path', 1, 29, { id: 'meta-llama/Llama-2-7b-hf', revision: SHA })],
  },
  {
    name: 'nested maps and lists (serving config)',
    format: 'yaml',
    text: 'servers:\n  - name: chat\n    model_id: "Qwen/Qwen2.5-7B-Instruct"\n    revision: main\n  - name: embed\n    model_id: BAAI/bge-small-en-v1.5\n',
    expect: [site('model_id', 3, 15, { id: 'Qwen/Qwen2.5-7B-Instruct', revision: 'main' }), site('model_id', 6, 15, { id: 'BAAI/bge-small-en-v1.5' })],
  },
  {
    name: 'pretrained_model_name_or_path, tokenizer_name_or_path with its own revision',
    format: 'yaml',
    text: 'pretrained_model_name_or_path: org/m\ntokenizer_name_or_path: org/tok\ntokenizer_revision: v2\nrevision: v1\n',
    expect: [site('pretrained_model_name_or_path', 1, 32, { id: 'org/m', revision: 'v1' }), site('tokenizer_name_or_path', 2, 25, { id: 'org/tok', revision: 'v2' })],
  },
  {
    name: 'base_model_revision wins for base_model; dataset_revision for datasets',
    format: 'yaml',
    text: 'base_model: org/b\nbase_model_revision: b-rev\nrevision: other\ndataset_name: org/d\ndataset_revision: d-rev\n',
    expect: [site('base_model', 1, 13, { id: 'org/b', revision: 'b-rev' }), site('dataset_name', 4, 15, { repoType: 'dataset', id: 'org/d', revision: 'd-rev' })],
  },
  {
    name: 'templated values are dynamic; templated revision',
    format: 'yaml',
    text: 'model_id: ${MODEL}\nrevision: ${REV}\n---\nmodel_name_or_path: "{{ .Values.model }}"\n---\nbase_model: {{ .Values.base }}\n',
    expect: [
      site('model_id', 1, 11, { dynamic: '${MODEL}', revisionDynamic: true }),
      site('model_name_or_path', 4, 21, { dynamic: '{{ .Values.model }}' }),
      site('base_model', 6, 13, { dynamic: '{{ .Values.base }}' }),
    ],
  },
  { name: 'local path', format: 'yaml', text: 'model_name_or_path: ./checkpoints/last\n', expect: [site('model_name_or_path', 1, 21, { localPath: './checkpoints/last' })] },
  {
    name: 'real Hub ids still count: with an owner (even one named like an API model), legacy single segments',
    format: 'yaml',
    text: 'a: {model_id: meta-llama/Llama-3.1-8B}\nb: {model_id: gpt2}\nc: {model_name_or_path: bert-base-uncased}\nd: {tokenizer_name: Xenova/gpt-4o}\ne: {model_id: openai-gpt}\n',
    expect: [
      site('model_id', 1, 15, { id: 'meta-llama/Llama-3.1-8B' }),
      site('model_id', 2, 15, { id: 'gpt2' }),
      site('model_name_or_path', 3, 25, { id: 'bert-base-uncased' }),
      site('tokenizer_name', 4, 21, { id: 'Xenova/gpt-4o' }),
      site('model_id', 5, 15, { id: 'openai-gpt' }),
    ],
  },
  { name: 'a variable inside a value is dynamic', format: 'yaml', text: 'model_id: org/$MODEL\n---\nmodel_id: $(MODEL)\n', expect: [site('model_id', 1, 11, { dynamic: 'org/$MODEL' }), site('model_id', 3, 11, { dynamic: '$(MODEL)' })] },
  // Ray Serve LLM: model_loading_config's model_id is the served name, model_source the repository.
  {
    name: 'Ray Serve LLM config: model_source is the pull, model_id only its served name (as the audit found it)',
    format: 'yaml',
    text: 'applications:\n- name: llm\n  import_path: ray.serve.llm:build_openai_app\n  args:\n    llm_configs:\n    - model_loading_config:\n        model_id: qwen-0.5b\n        model_source: Qwen/Qwen2.5-0.5B-Instruct\n',
    expect: [site('model_source', 8, 23, { id: 'Qwen/Qwen2.5-0.5B-Instruct' })],
  },
  {
    name: "Ray: engine_kwargs' revision and trust_remote_code apply to the model_loading_config beside them; an hf:// source",
    format: 'yaml',
    text: `llm_configs:\n  - model_loading_config: {model_id: chat, model_source: org/chat}\n    engine_kwargs:\n      revision: ${SHA}\n      trust_remote_code: true\n  - model_loading_config:\n      model_id: emb\n      model_source: "hf://org/emb:v2"\n`,
    expect: [site('model_source', 2, 58, { id: 'org/chat', revision: SHA, trustRemoteCode: true }), site('model_source', 8, 21, { id: 'org/emb', revision: 'v2' })],
  },
  {
    name: 'Ray: without model_source, model_id is the repository; a model_source beside a model_id outside model_loading_config',
    format: 'json',
    text: '{"llm_configs": [{"model_loading_config": {"model_id": "org/direct"}}, {"model_id": "alias", "model_source": "org/src"}]}',
    expect: [site('model_id', 1, 56, { id: 'org/direct' }), site('model_source', 1, 110, { id: 'org/src' })],
  },
  {
    name: "a model_source naming a kind of source leaves model_id the repository (another tool's config)",
    format: 'yaml',
    text: 'config:\n  model_source: huggingface    # huggingface | local\n  model_id: "org/model-name"\n',
    expect: [site('model_id', 3, 13, { id: 'org/model-name' })],
  },
  {
    name: "a RayService's serveConfigV2 block is read as YAML, its positions on the file's lines",
    format: 'yaml',
    text: `apiVersion: ray.io/v1\nkind: RayService\nspec:\n  serveConfigV2: |\n    applications:\n    - name: llm\n\n      args:\n        llm_configs:\n          - model_loading_config:\n              model_id: qwen\n              model_source: Qwen/Qwen2.5-7B-Instruct\n            engine_kwargs: {revision: ${SHA}}\n  rayClusterConfig: {}\n`,
    expect: [site('model_source', 12, 29, { id: 'Qwen/Qwen2.5-7B-Instruct', revision: SHA })],
  },
  {
    name: 'serveConfigV2 as a JSON string (escaped lines): its pulls at the string',
    format: 'json',
    text: '{"kind": "RayService", "spec": {"serveConfigV2": "applications:\\n- args:\\n    llm_configs:\\n    - model_loading_config: {model_id: m, model_source: org/m}\\n"}}',
    expect: [site('model_source', 1, 50, { id: 'org/m' })],
  },
  { name: 'alias to an anchored id', format: 'yaml', text: 'defaults: &m org/anchored\nmodel_id: *m\n', expect: [site('model_id', 2, 11, { id: 'org/anchored' })] },
  { name: 'duplicate key: the last one wins', format: 'json', text: '{"model_id": "org/a", "model_id": "org/b"}', expect: [site('model_id', 1, 35, { id: 'org/b' })] },
  { name: 'revision written as a number keeps its digits', format: 'yaml', text: `model_id: org/m\nrevision: 1234567890123456789012345678901234567890\n`, expect: [site('model_id', 1, 11, { id: 'org/m', revision: '1234567890123456789012345678901234567890' })] },
  { name: 'byte-order mark does not shift columns', format: 'json', text: '\ufeff{"model_id": "org/m"}', expect: [site('model_id', 1, 14, { id: 'org/m' })] },
  { name: 'trust_remote_code applies to the model, not to the tokenizer', format: 'yaml', text: 'tokenizer_name: org/t\ntrust_remote_code: true\n', expect: [site('tokenizer_name', 1, 17, { id: 'org/t' })] },
];

const DECOYS: Case[] = [
  { name: "a model with no organization that is no legacy canonical id: a vision library's architecture, an API model", format: 'yaml', text: 'retrain:\n  base_model: efficientnet_b0\nmodel_name_or_path: resnet50\nmodel_id: gpt-4o\n', expect: [] },
  { name: 'a datasets list and a dataset_mixer in a config that names no model so (a data pipeline\'s, an experiment tracker\'s)', format: 'yaml', text: 'datasets:\n  - path: data/raw\n  - path: org/x\ndataset_mixer:\n  org/y: 1.0\nstages:\n  base_model: {datasets: [{path: org/z}]}\n', expect: [] },
  { name: '_name_or_path is provenance', format: 'json', text: '{"_name_or_path": "meta-llama/Llama-2-7b-hf", "architectures": ["LlamaForCausalLM"], "model_type": "llama"}', expect: [] },
  { name: 'push targets', format: 'yaml', text: 'hub_model_id: me/out\npush_to_hub_model_id: me/out\n', expect: [] },
  { name: 'generic model keys', format: 'yaml', text: 'model: gpt-4o\nmodel_list:\n  - model_name: gpt\n    litellm_params:\n      model: openai/gpt-4o\n', expect: [] },
  { name: 'non-string values', format: 'yaml', text: 'model_id: 123\nbase_model:\n  - org/a\n  - org/b\nmodel_name_or_path: null\ntokenizer_name: ""\ndataset_name: {a: 1}\n', expect: [] },
  { name: 'keys as values are not keys', format: 'json', text: '{"key": "model_name_or_path", "value": "org/m"}', expect: [] },
  { name: 'trust_remote_code as a string is not a flag', format: 'yaml', text: 'model_id: org/m\ntrust_remote_code: "yes"\n', expect: [site('model_id', 1, 11, { id: 'org/m' })] },
  // A literal that is no Hub id and no local path names no pull (only a template or variable is dynamic).
  { name: 'a Bedrock inference profile id, as the audit found it', format: 'yaml', text: 'llm:\n  model_id: us.anthropic.claude-3-5-sonnet-20241022-v2:0\n', expect: [] },
  {
    // A versioned Bedrock id, a tagged name and a phrase are no Hub ids; `gpt-4o` has a Hub id's form (the
    // inventory, which has the rule catalog, drops a hosted API's model: test/detectors/hf-cases.ts).
    name: 'a versioned Bedrock id, a tagged name, a phrase',
    format: 'yaml',
    text: 'b: {model_id: meta.llama3-8b-instruct-v1:0}\ng: {model_id: "org/m:latest"}\nh: {model_id: "my model"}\n',
    expect: [],
  },
  {
    name: 'Ray: a model_source on s3:// or gs://, a mirror config map: no Hub pull, and the model_id is never one',
    format: 'yaml',
    text: 'llm_configs:\n  - model_loading_config: {model_id: org/alias, model_source: "s3://bucket/llama"}\n  - model_loading_config:\n      model_id: other/alias\n      model_source: {bucket_uri: "gs://b/m"}\n',
    expect: [],
  },
  { name: 'a serveConfigV2 with no model, one that is no YAML', format: 'yaml', text: 'spec:\n  serveConfigV2: |\n    applications: []\n---\nspec:\n  serveConfigV2: "model_id: [unclosed"\n', expect: [] },
];

function runTable(title: string, cases: Case[]): void {
  describe(title, () => {
    for (const c of cases) {
      it(c.name, () => {
        const r = configHfSites(c.text, c.format);
        assert.deepEqual(r.warnings, []);
        assert.deepEqual(r.sites, c.expect);
      });
    }
  });
}

runTable('config keys that name a pull', FIND);
runTable('config decoys', DECOYS);

describe('line ends: YAML and JSON lines end at CR, LF and CRLF', () => {
  // Every table rerun with CRLF and with lone CR line ends: the same sites at the same positions
  // (the yaml package ends lines at LF and CRLF only; YAML 1.2 at a lone CR too).
  for (const [ends, nl] of [['CRLF', '\r\n'], ['lone CR', '\r']] as const) {
    it(`the find and decoy tables with ${ends} line ends`, () => {
      for (const c of [...FIND, ...DECOYS]) {
        const r = configHfSites(c.text.replace(/\n/g, nl), c.format);
        assert.deepEqual(r.sites, c.expect, c.name);
        assert.deepEqual(r.warnings, configHfSites(c.text, c.format).warnings, c.name);
      }
    });
  }
  it('decoys: an escaped \\r in a quoted value and U+2028 in a comment end no line', () => {
    const r = configHfSites(`note: "a\\rb"\n# x\u2028y\nbase_model: org/m\nrevision: ${SHA}\n`, 'yaml');
    assert.deepEqual(r.sites, [site('base_model', 3, 13, { id: 'org/m', revision: SHA })]);
  });
});

describe('malformed and hostile configs', () => {
  it('malformed YAML gives a warning and keeps what parsed before the error', () => {
    const r = configHfSites('base_model: org/kept\nfoo: [unclosed\nbar: : :\n', 'yaml');
    assert.ok(r.warnings.length > 0);
    assert.match(r.warnings[0]!, /^not valid YAML at line \d+, column \d+: /);
    assert.deepEqual(r.sites, [site('base_model', 1, 13, { id: 'org/kept' })]);
  });

  it('malformed JSON gives a warning', () => {
    const r = configHfSites('{"model_name_or_path": "org/m", ', 'json');
    assert.ok(r.warnings.length > 0);
    assert.match(r.warnings[0]!, /^not valid JSON/);
  });

  it('two JSON documents are not JSON', () => {
    const r = configHfSites('{"model_id": "org/a"}\n---\n{"model_id": "org/b"}\n', 'json');
    assert.deepEqual(r.warnings, ['not valid JSON: more than one document']);
  });

  it('empty text gives nothing', () => {
    assert.deepEqual(configHfSites('', 'yaml'), { sites: [], warnings: [] });
    assert.deepEqual(configHfSites('   \n', 'json'), { sites: [], warnings: [] });
  });

  it('text naming none of the keys is not parsed', () => {
    assert.deepEqual(configHfSites('foo: [unclosed\n', 'yaml'), { sites: [], warnings: [] });
  });

  // The yaml composer recurses per level; near the stack limit V8 can abort the process.
  for (const [name, text] of [
    ['deep block sequence', '- '.repeat(2000) + 'model_id\n'],
    ['deep flow JSON', '{"model_id":'.repeat(100_000) + '1' + '}'.repeat(100_000)],
    ['deep flow sequence', '# model_id\n' + '['.repeat(50_000)],
    ['deep indentation', Array.from({ length: 1500 }, (_, i) => `${' '.repeat(i)}model_id:`).join('\n')],
  ] as const) {
    it(`${name}: a warning, not a crash`, () => {
      const r = configHfSites(text, 'yaml');
      assert.deepEqual(r.sites, []);
      assert.match(r.warnings[0]!, /nested deeper than/);
    });
  }

  it('brackets inside quotes and comments do not count as nesting', () => {
    const noisy = `# ${'['.repeat(1000)}\nnote: "${'{'.repeat(1000)}"\nother: '${'['.repeat(1000)}'\nmodel_id: org/m\n`;
    assert.deepEqual(configHfSites(noisy, 'yaml'), { sites: [site('model_id', 4, 11, { id: 'org/m' })], warnings: [] });
  });

  it('pretty-printed JSON nested 60 levels is read', () => {
    let text = '"org/deep"';
    for (let d = 60; d > 0; d--) text = `{\n${'    '.repeat(d)}"${d === 60 ? 'model_id' : 'k'}": ${text}\n${'    '.repeat(d - 1)}}`;
    const r = configHfSites(text, 'json');
    assert.deepEqual(r.warnings, []);
    assert.equal(r.sites[0]?.id, 'org/deep');
  });

  it('embedded documents: one level only, each string parsed once, linear in the file', () => {
    const nested = 'spec:\n  serveConfigV2: |\n    model_id: org/outer\n    serveConfigV2: |\n      model_id: org/inner\n';
    assert.deepEqual(configHfSites(nested, 'yaml'), { sites: [site('model_id', 3, 15, { id: 'org/outer' })], warnings: [] });
    // An alias to the string is not parsed again.
    const aliased = 'a:\n  serveConfigV2: &s "model_id: org/m"\nb:\n  serveConfigV2: *s\n';
    assert.deepEqual(configHfSites(aliased, 'yaml').sites, [site('model_id', 2, 21, { id: 'org/m' })]);
    const t0 = Date.now();
    const many = configHfSites('- serveConfigV2: "model_id: org/m"\n'.repeat(5_000), 'yaml');
    assert.equal(many.sites.length, 5_000);
    const big = configHfSites(`serveConfigV2: |\n${'  model_id: org/m\n'.repeat(20_000)}`, 'yaml');
    assert.deepEqual(big.sites, [site('model_id', 20_001, 13, { id: 'org/m' })]);
    // A string over 1 MiB is not parsed.
    assert.deepEqual(configHfSites(`serveConfigV2: |\n${'  model_id: org/m\n'.repeat(70_000)}`, 'yaml'), { sites: [], warnings: [] });
    assert.ok(Date.now() - t0 < 15_000, `took ${Date.now() - t0} ms`);
  });

  it('random text never throws', () => {
    const unit = fc.constantFrom(' ', '\n', '\t', '-', ':', '?', '[', ']', '{', '}', '"', "'", '#', '&a', '*a', '!!str', ',', '|', '>', 'model_id', 'revision', 'org/m', 'true', '${X}', '{{', 'serveConfigV2', 'model_source', 'model_loading_config', 'engine_kwargs');
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 80 }), fc.constantFrom('yaml' as const, 'json' as const), (parts, format) => {
        const r = configHfSites(parts.join(''), format);
        assert.ok(Array.isArray(r.sites) && Array.isArray(r.warnings));
      }),
      { numRuns: 1500 },
    );
  });
});
