/**
 * The token reader for JS/TS Hugging Face pulls (src/hf/js-pulls-fast.ts) against the TypeScript
 * parser's reader: where the token reader answers, its answer must equal the parser's exactly.
 * Checked on every case of the JS tables, on hand-written sources it must answer or must be unsure
 * of, on the repository's JS/TS files, and on generated compositions of snippets; plus hostile
 * input.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import fg from 'fast-glob';
import fc from 'fast-check';
import { jsHfSitesFast } from '../../src/hf/js-pulls-fast.js';
import { jsHfSites, jsHfSitesParsed } from '../../src/hf/js-pulls.js';
import { DECOYS, DYNAMIC, HUB, INFERENCE, SHA, TRANSFORMERS, lines } from './js-cases.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

async function agree(src: string, path: string, label = path): Promise<boolean> {
  const fast = jsHfSitesFast(src, path);
  if (!fast) return false;
  assert.deepEqual(fast, await jsHfSitesParsed(src, path), `${label}: the token reader disagrees with the parser on:\n${src.slice(0, 600)}`);
  return true;
}

const ANSWERED: [string, string, string][] = [
  [
    'inference client with literal, dynamic and missing models',
    'a.ts',
    lines(
      "import { HfInference } from '@huggingface/inference';",
      'const hf = new HfInference(process.env.HF_TOKEN);',
      'export async function run(inputs: string) {',
      "  const a = await hf.textGeneration({ model: 'mistralai/Mistral-7B-Instruct-v0.2', inputs, parameters: { max_new_tokens: 200 } });",
      '  const b = await hf.featureExtraction({ model: process.env.EMBED_MODEL, inputs });',
      '  const c = await hf.chatCompletion({ model: pick(inputs), messages: [] });',
      '  const d = await hf.textToImage({ inputs });',
      "  const e = hf.endpoint('https://x.endpoints.huggingface.cloud');",
      "  return hf.summarization({ ...base, model: 'facebook/bart-large-cnn', 'model': `org/last` });",
      '}',
    ),
  ],
  [
    'InferenceClient, a namespace and task functions',
    'b.mts',
    lines(
      "import * as inf from '@huggingface/inference';",
      "import { InferenceClient, textClassification as tc } from '@huggingface/inference';",
      'export const client = new InferenceClient(token)',
      "client.translation({ model: 't5-small', inputs: 'x' })",
      "inf.textGeneration({ model: 'gpt2', accessToken: t });",
      "tc({ model: 'distilbert-base-uncased', inputs: s });",
      "inf.HfInference({ model: 'not-a-task' });",
    ),
  ],
  [
    'transformers.js pipeline and from_pretrained',
    'c.js',
    lines(
      "import { pipeline, AutoModel, AutoTokenizer as Tok } from '@huggingface/transformers';",
      "import * as T from '@xenova/transformers';",
      "const p1 = await pipeline('sentiment-analysis');",
      "const p2 = await pipeline('feature-extraction', 'Xenova/all-MiniLM-L6-v2', { revision: 'main', quantized: true });",
      `const p3 = await pipeline('fill-mask', undefined, { revision: '${SHA}' });`,
      "const p4 = await pipeline(getTask(), null);",
      "const m1 = await AutoModel.from_pretrained('org/model', { local_files_only: true });",
      "const m2 = await Tok.from_pretrained('./models/tok');",
      "const m3 = await T.AutoModel.from_pretrained('https://example.com/model');",
      'const m4 = await AutoModel.from_pretrained();',
      "const m5 = await T.pipeline('ner', `Xenova/bert-base-NER`, { revision: cfg.rev.value });",
      "AutoModel.other('x');",
    ),
  ],
  [
    'hub downloads',
    'd.ts',
    lines(
      "import { downloadFile, snapshotDownload, listFiles } from '@huggingface/hub';",
      "import * as hub from '@huggingface/hub';",
      "await downloadFile({ repo: 'org/m', path: 'pytorch_model.bin', revision: 'v1' });",
      "await downloadFile({ repo: { type: 'dataset', name: 'org/d' }, path: 'data.parquet' });",
      "await hub.downloadFileToCacheDir({ repo: 'spaces/org/s', path: 'app.py' });",
      "await snapshotDownload({ repo: 'datasets/org/x', path: 'ignored.bin', revision: undefined });",
      'await snapshotDownload({ path: "no-repo" });',
      'await downloadFile(makeParams());',
      'await downloadFile();',
      "await listFiles({ repo: 'org/m' });",
    ),
  ],
  [
    'pulls inside functions, classes and callbacks',
    'e.ts',
    lines(
      "import { HfInference } from '@huggingface/inference';",
      'const hf = new HfInference();',
      'class Service {',
      '  async go() {',
      "    return [1, 2].map(async () => hf.textGeneration({ model: 'org/in-class' }));",
      '  }',
      '}',
      "const x = { run: () => hf.textGeneration({ model: 'org/in-object' }) };",
    ),
  ],
  [
    'the same import written twice',
    'g.ts',
    lines(
      "import OpenAI from 'openai';",
      "import { pipeline, AutoModel as M } from '@huggingface/transformers';",
      "import { pipeline, AutoModel as M } from '@huggingface/transformers';",
      "import * as hub from '@huggingface/hub';",
      "import * as hub from '@huggingface/hub';",
      "const p = await pipeline('ner', 'org/twice', { revision: 'v2' });",
      "const m = await M.from_pretrained('org/m-twice');",
      "await hub.downloadFile({ repo: 'org/d-twice', path: 'w.safetensors' });",
    ),
  ],
  ['no package binding: nothing', 'f.ts', lines("import { pipeline } from 'node:stream';", "// '@huggingface/transformers'", "pipeline('a', 'b');")],
];

const UNSURE: [string, string, string][] = [
  ['a name as a model value', 'a.ts', lines("import { HfInference } from '@huggingface/inference';", 'const hf = new HfInference();', "const MODEL = 'org/m';", 'hf.textGeneration({ model: MODEL });')],
  ['a shorthand model', 'a.ts', lines("import { HfInference } from '@huggingface/inference';", 'const hf = new HfInference();', "const model = 'org/m';", 'hf.textGeneration({ model });')],
  ['a client in a class field', 'a.ts', lines("import { HfInference } from '@huggingface/inference';", 'class S {', '  private hf = new HfInference();', "  f() { return this.hf.textGeneration({ model: 'org/m' }); }", '}')],
  ['a client with options', 'a.ts', lines("import { HfInference } from '@huggingface/inference';", "const hf = new HfInference(t, { endpointUrl: 'https://x' });", "hf.textGeneration({ model: 'org/m' });")],
  ['require of a package', 'a.js', lines("const { pipeline } = require('@huggingface/transformers');", "pipeline('a', 'org/m');")],
  ['import() of a package', 'a.mjs', lines("const { pipeline } = await import('@huggingface/transformers');", "pipeline('a', 'org/m');")],
  ['a bound name passed along', 'a.ts', lines("import { pipeline } from '@huggingface/transformers';", 'const p = pipeline;', "p('a', 'org/m');")],
  ['a parameter shadows a binding', 'a.ts', lines("import { pipeline } from '@huggingface/transformers';", "function f(pipeline) { return pipeline('a', 'org/m'); }")],
  ['env.allowRemoteModels', 'a.ts', lines("import { pipeline, env } from '@huggingface/transformers';", 'env.allowRemoteModels = false;', "pipeline('a', 'org/m');")],
  ['a template with substitutions', 'a.ts', lines("import { pipeline } from '@huggingface/transformers';", "pipeline('a', `${org}/m`);")],
  ['options held in a name', 'a.ts', lines("import { pipeline } from '@huggingface/transformers';", "const opts = { revision: 'main' };", "pipeline('a', 'org/m', opts);")],
  ['a spread argument', 'a.ts', lines("import { pipeline } from '@huggingface/transformers';", 'pipeline(...args);')],
  ['a type-only import element', 'a.ts', lines("import { type PipelineType, pipeline } from '@huggingface/transformers';", "pipeline('a', 'org/m');")],
  ['a name imported twice from different exports', 'a.ts', lines("import { pipeline } from '@huggingface/transformers';", "import { AutoModel as pipeline } from '@huggingface/transformers';", "pipeline('a', 'org/m');")],
  ['a name imported twice from different packages', 'a.ts', lines("import * as hf from '@huggingface/hub';", "import * as hf from '@huggingface/transformers';", "hf.pipeline('a', 'org/m');")],
  ['an inline client', 'a.ts', lines("import { HfInference } from '@huggingface/inference';", "async function f() { return new HfInference().textGeneration({ model: 'org/m' }); }")],
];

describe('JS HF token reader: the case tables agree with the parser', () => {
  it('every table case, answered or left to the parser, never different', async () => {
    let answered = 0;
    const all = [...TRANSFORMERS, ...DYNAMIC, ...HUB, ...INFERENCE, ...DECOYS];
    for (const c of all) if (await agree(c.code, c.path ?? 'a.ts', c.name)) answered++;
    // Many table cases are the hard shapes on purpose (constants, class fields, destructuring).
    assert.ok(answered >= 15, `answered ${answered} of ${all.length}`);
  });
});

describe('JS HF token reader: sources it must answer, and must not', () => {
  for (const [name, path, src] of ANSWERED) {
    it(name, async () => assert.ok(await agree(src, path, name), 'the token reader should answer this source'));
  }
  for (const [name, path, src] of UNSURE) {
    it(`unsure: ${name}`, async () => {
      assert.equal(jsHfSitesFast(src, path), undefined);
      assert.deepEqual(await jsHfSites(src, path), await jsHfSitesParsed(src, path));
    });
  }
});

describe('JS HF token reader: files and generated sources', () => {
  it("the repository's JS/TS files agree wherever it answers", async () => {
    const files = await fg(['src/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts', 'fixtures/**/*.{js,mjs,cjs,jsx,ts,tsx,mts,cts}'], { cwd: ROOT, ignore: ['**/node_modules/**'] });
    assert.ok(files.length > 100);
    for (const f of files) await agree(readFileSync(ROOT + f, 'utf8'), f);
  });

  const SNIPPETS = [
    "import { HfInference } from '@huggingface/inference';",
    "import { pipeline, AutoModel } from '@huggingface/transformers';",
    "import * as hub from '@huggingface/hub';",
    'const hf = new HfInference(process.env.HF_TOKEN);',
    "const out = await hf.textGeneration({ model: 'org/a', inputs });",
    'const emb = await hf.featureExtraction({ model: process.env.M, inputs: [x] });',
    "const p = await pipeline('ner', 'org/b', { revision: 'main' });",
    "const q = await pipeline('summarization');",
    "const m = await AutoModel.from_pretrained('org/c', { local_files_only: false });",
    "await hub.downloadFile({ repo: 'org/d', path: 'w.safetensors' });",
    "// hf.textGeneration({ model: 'org/comment' })",
    "const s = \"hf.textGeneration({ model: 'org/string' })\";",
    'function helper(a: number) { return a * 2; }',
    "export const handler = async () => hf.translation({ model: 't5-base', inputs: 'x' });",
    'const MODEL = "org/const";',
    "if (x) { await hf.summarization({ model: cond ? 'a' : 'b', inputs }); }",
  ];
  it('random compositions of snippets agree wherever the token reader answers', async () => {
    let answered = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(...SNIPPETS), { maxLength: 12 }), fc.constantFrom('a.ts', 'a.js', 'a.mjs'), fc.constantFrom('\n', '\r\n', '\n\n'), async (parts, path, sep) => {
        if (await agree(parts.join(sep) + sep, path)) answered++;
      }),
      { numRuns: 300 },
    );
    assert.ok(answered > 150, `answered ${answered} of 300`);
  });

  it('30,000 nested calls cost one pass, not one scan each', () => {
    const src = `import { pipeline } from '@huggingface/transformers';\n${'pipeline('.repeat(30_000)}'x'${')'.repeat(30_000)};\n`;
    const t = performance.now();
    const r = jsHfSitesFast(src, 'a.ts');
    const ms = performance.now() - t;
    assert.equal(r?.pulls.length, 30_000);
    assert.ok(ms < 2000, `${ms} ms`);
  });

  it('never throws on random text after an import', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        jsHfSitesFast(`import { HfInference } from '@huggingface/inference';\nconst hf = new HfInference();\n${s}\nhf.textGeneration({ model: 'x' });\n`, 'a.ts');
      }),
      { numRuns: 500 },
    );
  });
});

describe('JS pulls: positions count CR, LF and CRLF lines (not U+2028/U+2029), in both readers', () => {
  it('a pull after a line separator is on the same line, further along', async () => {
    const src = "import { pipeline } from '@huggingface/transformers';\r\n// x\u2028const p = await pipeline('text-generation', 'Xenova/gpt2');\n";
    const parsed = await jsHfSitesParsed(src, 'a.js');
    assert.deepEqual(parsed.pulls.map((p) => [p.line, p.column]), [[2, 22]]);
    assert.ok(await agree(src, 'a.js'), 'the token reader answers');
  });
});
