/**
 * Hugging Face pulls and unsafe loaders through the whole scan: every rule's valid/invalid cases,
 * one component per repository and pin with every site as evidence, notebooks at the .ipynb
 * file's own lines, the purl in the CycloneDX BOM, and --online against a local fake Hub.
 */
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scan } from '../../src/scan/scan.js';
import { suiteTrees } from '../support/paths.js';
import { lantern } from '../support/run.js';
import { runRuleCases } from './rule-harness.js';
import { HF_ONLINE_CASES, HF_POLICY, HF_RULE_CASES } from './hf-cases.js';
import { startFakeHub } from '../support/fake-hub.js';

const SHA = '0123456789abcdef0123456789abcdef01234567';
const SHA2 = 'fedcba9876543210fedcba9876543210fedcba98';
const TF = 'from transformers import AutoModel, AutoModelForCausalLM, pipeline\n';

describe('hf rules (valid / invalid)', () => {
  runRuleCases(HF_RULE_CASES, { hf: HF_POLICY });
});

const hub = await startFakeHub([
  { id: 'google/flagged', revisions: { main: SHA2, [SHA]: SHA }, files: ['pytorch_model.bin'], securityRepoStatus: { scansDone: true, filesWithIssues: [{ path: 'pytorch_model.bin', level: 'unsafe' }] } },
  { id: 'google/clean', revisions: { main: SHA2, [SHA]: SHA }, files: ['model.safetensors', 'config.json'], license: 'apache-2.0', securityRepoStatus: { scansDone: true, filesWithIssues: [] } },
  { id: 'org/pickles', revisions: { main: SHA2 }, files: ['pytorch_model.bin', 'config.json'], securityRepoStatus: { scansDone: true, filesWithIssues: [] } },
]);
const cacheDir = mkdtempSync(join(tmpdir(), 'lantern-hub-cache-'));
after(async () => {
  await hub.close();
  rmSync(cacheDir, { recursive: true, force: true });
});

describe('hf rules with --online (fake Hub)', () => {
  runRuleCases(HF_ONLINE_CASES, { online: { endpoint: hub.url, cacheFile: join(cacheDir, 'cases.db'), token: '' } });
});

describe('hf inventory', () => {
  const { tree } = suiteTrees();

  it('one component per repository and pin, with every site as evidence', async () => {
    const root = tree({
      'a.py': `${TF}AutoModel.from_pretrained("google/gemma-2b")\n`,
      'b.py': `${TF}m = AutoModelForCausalLM.from_pretrained("google/gemma-2b", revision="main")\n`,
      'c.py': `${TF}m = AutoModel.from_pretrained("google/gemma-2b", revision="${SHA.toUpperCase()}")\n`,
      'fetch.sh': 'huggingface-cli download google/gemma-2b\n',
    });
    const r = await scan({ root, threads: 1 });
    const models = r.components.filter((c) => c.properties['lantern:source'] === 'huggingface-hub');
    assert.deepEqual(models.map((c) => c.purl).sort(), ['pkg:huggingface/google/gemma-2b', `pkg:huggingface/google/gemma-2b@${SHA}`]);
    const unpinned = models.find((c) => c.purl === 'pkg:huggingface/google/gemma-2b');
    assert.deepEqual(unpinned?.evidence.map((e) => e.path), ['a.py', 'b.py', 'fetch.sh']);
    assert.equal(unpinned?.properties['lantern:hf:pinned'], 'false');
    assert.match(unpinned?.properties['lantern:hf:pulled-by'] ?? '', /AutoModel\.from_pretrained.*huggingface-cli download/);
    const pinned = models.find((c) => c.version === SHA);
    assert.equal(pinned?.kind, 'model');
    assert.equal(r.findings.filter((f) => f.ruleId === 'hf/unpinned-revision').length, 3);
    assert.ok(r.findings.filter((f) => f.ruleId === 'hf/unpinned-revision').every((f) => f.componentRef === unpinned?.ref));
  });

  it("Ollama's Hub pulls (ollama run / pull, a Modelfile's FROM) are model components with their quantization tags, and no unpinned-revision finding (Ollama takes no revision)", async () => {
    const root = tree({
      'run.sh': 'ollama run hf.co/someuser/my-finetune-GGUF:Q4_K_M\nollama pull hf.co/someuser/my-finetune-GGUF:Q8_0\nollama run llama3.2\n',
      'Modelfile': 'FROM hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF:IQ3_M\nSYSTEM """\nFROM hf.co/decoy/inside\n"""\n',
      'models/coder.Modelfile': '# FROM hf.co/decoy/comment\nFROM hf.co/settings/tokens\n', 'notes.txt': 'FROM hf.co/decoy/notes\n', // decoys
    });
    const r = await scan({ root, threads: 1 });
    const models = r.components.filter((c) => c.properties['lantern:source'] === 'huggingface-hub');
    assert.deepEqual(models.map((c) => `${c.purl} ${c.properties['lantern:hf:pulled-by']} ${c.properties['lantern:hf:quant-tag']}`).sort(), [
      'pkg:huggingface/bartowski/Llama-3.2-1B-Instruct-GGUF Modelfile FROM IQ3_M',
      'pkg:huggingface/someuser/my-finetune-GGUF ollama pull, ollama run Q4_K_M, Q8_0',
    ]);
    assert.deepEqual(models.flatMap((c) => c.evidence.map((e) => `${e.path}:${e.line}:${e.column}`)).sort(), ['Modelfile:1:1', 'run.sh:1:1', 'run.sh:2:1']);
    assert.deepEqual(r.findings.filter((f) => f.ruleId.startsWith('hf/')), []);
  });

  it("llama.cpp's -hf pulls carry their quantization as Ollama's do (lantern:hf:quant-tag) and no unpinned-revision; a --model-url at a branch has one", async () => {
    const root = tree({
      'serve.sh': [
        'docker run -v ~/.cache/huggingface:/root/.cache/huggingface ghcr.io/ggml-org/llama.cpp:server -hf bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M',
        'llama-server -mu https://huggingface.co/org/m-GGUF/resolve/main/m-Q8_0.gguf',
        'llama-cli -m ./models/local.gguf',
        '',
      ].join('\n'),
      'run.sh': 'ollama run hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF:Q8_0\n',
    });
    const r = await scan({ root, threads: 1 });
    const models = r.components.filter((c) => c.properties['lantern:source'] === 'huggingface-hub');
    assert.deepEqual(models.map((c) => `${c.purl} ${c.properties['lantern:hf:pulled-by']} ${c.properties['lantern:hf:quant-tag']}`).sort(), [
      'pkg:huggingface/bartowski/Llama-3.2-1B-Instruct-GGUF llama-server, ollama run Q4_K_M, Q8_0',
      'pkg:huggingface/org/m-GGUF llama-server --model-url undefined',
    ]);
    assert.deepEqual(r.findings.filter((f) => f.ruleId.startsWith('hf/')).map((f) => `${f.ruleId} ${f.location.path}:${f.location.line}`), ['hf/unpinned-revision serve.sh:2']);
  });

  it("Rust's hf-hub pulls are model components with their findings; an async-openai builder's .model() in the same file is not one", async () => {
    const root = tree({
      'src/main.rs': 'use hf_hub::{api::sync::Api, Repo, RepoType};\nuse async_openai::types::CreateChatCompletionRequestArgs;\nfn main() -> anyhow::Result<()> {\n    let api = Api::new()?;\n    let a = api.model("bert-base-uncased".to_string());\n    let b = api.repo(Repo::with_revision("org/m".to_string(), RepoType::Model, "' + SHA + '".to_string()));\n    let r = CreateChatCompletionRequestArgs::default().model("gpt-4o").build()?;\n    Ok(())\n}\n',
    });
    const r = await scan({ root, threads: 1 });
    const models = r.components.filter((c) => c.properties['lantern:source'] === 'huggingface-hub');
    assert.deepEqual(models.map((c) => `${c.purl} ${c.properties['lantern:hf:pulled-by']}`).sort(), ['pkg:huggingface/bert-base-uncased Api.model', `pkg:huggingface/org/m@${SHA} Repo::with_revision`]);
    assert.deepEqual(r.findings.filter((f) => f.ruleId.startsWith('hf/')).map((f) => `${f.ruleId} ${f.location.path}:${f.location.line}`), ['hf/unpinned-revision src/main.rs:5']);
  });

  it("a command-line option's default is the model pulled, kept as lantern:hf:default-of and named in the finding", async () => {
    const root = tree({
      'train.py': `import argparse\n${TF}p = argparse.ArgumentParser()\np.add_argument("--model_name_or_path", default="org/base")\nargs = p.parse_args()\nAutoModel.from_pretrained(args.model_name_or_path)\n`,
      'eval.py': `${TF}AutoModel.from_pretrained("org/base")\n`,
    });
    const r = await scan({ root, threads: 1 });
    const models = r.components.filter((c) => c.properties['lantern:source'] === 'huggingface-hub');
    assert.deepEqual(models.map((c) => `${c.purl} ${c.properties['lantern:hf:default-of']} ${c.evidence.map((e) => `${e.path}:${e.line}`).join(' ')}`), ['pkg:huggingface/org/base --model_name_or_path eval.py:2 train.py:6']);
    const messages = r.findings.filter((f) => f.ruleId === 'hf/unpinned-revision').map((f) => `${f.location.path} ${f.message.slice(0, 90)}`).sort();
    assert.deepEqual(messages, [
      'eval.py AutoModel.from_pretrained pulls "org/base" without a revision, so it gets whatever the def',
      'train.py AutoModel.from_pretrained pulls "org/base" (the default of --model_name_or_path) without a',
    ]);
    assert.equal(r.findings.filter((f) => f.ruleId === 'hf/unresolved-model').length, 0);
  });

  it('trust_remote_code without a pin is critical; with a pin it is high', async () => {
    const root = tree({ 'a.py': `${TF}AutoModel.from_pretrained("org/a", trust_remote_code=True)\nAutoModel.from_pretrained("org/b", revision="${SHA}", trust_remote_code=True)\n` });
    const r = await scan({ root, threads: 1 });
    const t = r.findings.filter((f) => f.ruleId === 'hf/trust-remote-code');
    assert.deepEqual(t.map((f) => f.severity), ['critical', 'high']);
  });

  it("diffusers' Hub custom_pipeline: its pipeline.py runs (critical unpinned), and custom_revision, not revision, pins it", async () => {
    const root = tree({ 'gen.py': `from diffusers import DiffusionPipeline\nDiffusionPipeline.from_pretrained("org/sd", revision="${SHA}", custom_pipeline="org/pipe")\n` });
    const r = await scan({ root, threads: 1 });
    const t = r.findings.filter((f) => f.ruleId === 'hf/trust-remote-code');
    assert.deepEqual(t.map((f) => [f.severity, f.message]), [['critical', 'DiffusionPipeline.from_pretrained pulls "org/pipe" with custom_pipeline: the repository\'s pipeline.py runs in this process, and the revision is not pinned, so that code can change under you']]);
    const u = r.findings.filter((f) => f.ruleId === 'hf/unpinned-revision');
    assert.equal(u.length, 1);
    assert.match(u[0]?.message ?? '', /"org\/pipe" without a revision.*custom_revision="<sha>"/);
    assert.equal(r.components.find((c) => c.name === 'org/pipe')?.properties?.['lantern:hf:trust-remote-code'], 'true');
  });

  it('a notebook past the text limit (a saved plot of 9 MB) is still read whole: its cells give their pulls, loaders and installs, with no too-large warning', async () => {
    const code = (src: string, outputs: unknown[] = []) => ({ cell_type: 'code', execution_count: null, metadata: {}, outputs, source: src });
    const nb = {
      cells: [
        code('!pip install openai==1.30.1\nimport torch\nstate = torch.load("model.pt")'),
        code('import matplotlib.pyplot as plt\nplt.show()', [{ output_type: 'display_data', metadata: {}, data: { 'image/png': 'A'.repeat(9 * 1024 * 1024) } }]),
        code(`from transformers import AutoModel\nm = AutoModel.from_pretrained("org/m", revision="${SHA}", trust_remote_code=True)`),
      ],
      metadata: { kernelspec: { name: 'python3', language: 'python' } },
      nbformat: 4,
      nbformat_minor: 5,
    };
    const root = tree({ 'big.ipynb': JSON.stringify(nb) });
    const r = await scan({ root, threads: 1 });
    assert.deepEqual(r.findings.map((f) => f.ruleId).filter((id) => id.startsWith('hf/') || id.startsWith('load/')).sort(), ['hf/trust-remote-code', 'load/torch-load-unsafe']);
    assert.ok(r.components.some((c) => c.name === 'openai' && c.version === '1.30.1'));
    assert.deepEqual(r.warnings.map((w) => w.code), []);
  });

  it('datasets are dataset components without a purl; local paths are not pulls', async () => {
    const root = tree({ 'a.py': 'from datasets import load_dataset\nfrom transformers import AutoModel\nload_dataset("rajpurkar/squad")\nAutoModel.from_pretrained("./local/model")\n' });
    const r = await scan({ root, threads: 1 });
    const ds = r.components.find((c) => c.name === 'rajpurkar/squad');
    assert.equal(ds?.kind, 'dataset');
    assert.equal(ds?.purl, undefined);
    assert.ok(!r.components.some((c) => c.name.includes('local/model')));
    assert.ok(!r.findings.some((f) => f.message.includes('local/model')));
  });

  it('a notebook: imports carry across cells; findings point at the .ipynb line, the cell kept', async () => {
    const nb = {
      cells: [
        { cell_type: 'code', source: ['from transformers import AutoModel\n', 'import torch\n'], metadata: {}, outputs: [], execution_count: null },
        { cell_type: 'markdown', source: ['AutoModel.from_pretrained("not/code")'], metadata: {} },
        { cell_type: 'code', source: ['!huggingface-cli download google/gemma-2b --revision main\n', 'm = AutoModel.from_pretrained("google/gemma-2b")\n', 'sd = torch.load("x.pt")'], metadata: {}, outputs: [], execution_count: null },
      ],
      metadata: { kernelspec: { language: 'python', name: 'python3' } },
      nbformat: 4,
      nbformat_minor: 5,
    };
    const text = JSON.stringify(nb, null, 1);
    const root = tree({ 'nb.ipynb': text });
    const r = await scan({ root, threads: 1 });
    const lines = text.split('\n');
    const pull = r.findings.filter((f) => f.ruleId === 'hf/unpinned-revision');
    assert.equal(pull.length, 2, JSON.stringify(r.findings));
    const py = pull.find((f) => f.message.includes('from_pretrained'));
    assert.ok(py?.location.line);
    assert.match(lines[(py?.location.line ?? 0) - 1] ?? '', /AutoModel\.from_pretrained\(\\"google\/gemma-2b\\"\)/);
    assert.equal(py?.properties?.['lantern:notebook:cell'], '2');
    assert.equal(py?.properties?.['lantern:notebook:line'], '2');
    const line = lines[(py?.location.line ?? 0) - 1] ?? '';
    assert.equal(line.slice((py?.location.column ?? 0) - 1).startsWith('AutoModel.from_pretrained'), true);
    const cli = pull.find((f) => f.message.includes('huggingface-cli'));
    assert.match(lines[(cli?.location.line ?? 0) - 1] ?? '', /huggingface-cli download/);
    // The model's evidence is the cell and the line inside it, with the file's own line beside them.
    const gemma = r.components.find((c) => c.ref.startsWith('pkg:huggingface/google/gemma-2b'));
    const ev = gemma?.evidence.find((e) => e.line === 2);
    assert.deepEqual({ cell: ev?.cell, line: ev?.line, column: ev?.column, fileLine: ev?.fileLine }, { cell: 2, line: 2, column: 5, fileLine: py?.location.line });
    assert.ok(r.findings.some((f) => f.ruleId === 'load/torch-load-unsafe'));
    assert.ok(!r.findings.some((f) => f.message.includes('not/code')));
  });

  for (const [ends, nl] of [['LF', '\n'], ['CRLF', '\r\n'], ['CR', '\r']] as const) {
    it(`a notebook with lone CRs in its cells (the .ipynb file's lines end at ${ends}): pulls at the cell lines Python counts and at the file's own lines`, async () => {
      const nb = {
        cells: [
          // The cell's lines end at lone CRs: three lines, one stored string; then a shell escape.
          { cell_type: 'code', source: ['from transformers import AutoModel\rimport torch\rm = AutoModel.from_pretrained("google/gemma-2b")\n', '!huggingface-cli download org/cli-model\n'], metadata: {}, outputs: [], execution_count: null },
          { cell_type: 'code', source: ['x = 1\r\n', 'AutoModel.from_pretrained("org/second")'], metadata: {}, outputs: [], execution_count: null },
        ],
        metadata: { kernelspec: { language: 'python', name: 'python3' } },
        nbformat: 4,
        nbformat_minor: 5,
      };
      const text = JSON.stringify(nb, null, 1).replace(/\n/g, nl);
      const root = tree({ 'nb.ipynb': text });
      const r = await scan({ root, threads: 1 });
      const lines = text.split(/\r\n|\r|\n/);
      const at = (id: string) => {
        const f = r.findings.find((x) => x.ruleId === 'hf/unpinned-revision' && x.message.includes(id));
        const l = lines[(f?.location.line ?? 0) - 1] ?? '';
        return { cell: f?.properties?.['lantern:notebook:cell'], line: f?.properties?.['lantern:notebook:line'], text: l.slice((f?.location.column ?? 0) - 1, (f?.location.column ?? 0) - 1 + 25) };
      };
      assert.deepEqual(at('google/gemma-2b'), { cell: '0', line: '3', text: 'AutoModel.from_pretrained' });
      assert.deepEqual(at('org/cli-model'), { cell: '0', line: '4', text: 'huggingface-cli download ' });
      assert.deepEqual(at('org/second'), { cell: '1', line: '2', text: 'AutoModel.from_pretrained' });
    });
  }

  it('an advisory about a model a notebook pulls points at the .ipynb file\'s own line, with the cell and its line', async () => {
    const nb = { cells: [{ cell_type: 'code', source: ['from transformers import AutoModel\n', 'x = 1\n', `m = AutoModel.from_pretrained("mcpotato/42-eicar-street", revision="${SHA}")\n`], metadata: {}, outputs: [], execution_count: null }], metadata: { kernelspec: { language: 'python', name: 'python3' } }, nbformat: 4, nbformat_minor: 5 };
    const text = JSON.stringify(nb, null, 1);
    const r = await scan({ root: tree({ 'nb.ipynb': text }), threads: 1 });
    const f = r.findings.find((x) => x.ruleId === 'hf/known-malicious-model');
    assert.match(text.split('\n')[(f?.location.line ?? 0) - 1] ?? '', /mcpotato\/42-eicar-street/);
    assert.deepEqual([f?.properties?.['lantern:notebook:cell'], f?.properties?.['lantern:notebook:line']], ['0', '3']);
  });

  it('a notebook whose writer escapes differently keeps the cell positions as properties, quickly, however many lines it has', async () => {
    // Python's json.dump(ensure_ascii=True) writes é as \u00e9, which JSON.stringify does not:
    // no line is found in the raw text, and that must not cost one search of the file per line.
    const cells = Array.from({ length: 20_000 }, (_, i) => ({ cell_type: 'code', source: [`x${i} = "caf\u00e9"\n`], metadata: {}, outputs: [], execution_count: null }));
    cells.push({ cell_type: 'code', source: ['from transformers import AutoModel\n', 'AutoModel.from_pretrained("google/gemma-2b")\n'], metadata: {}, outputs: [], execution_count: null });
    const text = JSON.stringify({ cells, metadata: {}, nbformat: 4, nbformat_minor: 5 }, null, 1).replace(/é/g, '\\u00e9');
    const root = tree({ 'big.ipynb': text });
    const t0 = performance.now();
    const r = await scan({ root, threads: 1, advisories: false });
    const ms = performance.now() - t0;
    assert.ok(ms < 20_000, `${ms} ms`);
    const f = r.findings.find((x) => x.ruleId === 'hf/unpinned-revision');
    assert.equal(f?.properties?.['lantern:notebook:cell'], '20000');
    assert.equal(f?.properties?.['lantern:notebook:line'], '2');
    assert.deepEqual(f?.location, { path: 'big.ipynb' }, 'the file alone when its own line is not known: the cell\'s line is not one of the file');
  });

  it('the CycloneDX BOM carries the hub models as machine-learning-model components with purls', () => {
    const root = tree({ 'a.py': `${TF}AutoModel.from_pretrained("google/gemma-2b", revision="${SHA}")\n` });
    const out = lantern(['scan', root, '-f', 'cyclonedx-json', '--fail-on', 'none']);
    assert.equal(out.code, 0, out.stderr);
    const bom = JSON.parse(out.stdout) as { components: { type: string; purl?: string; 'bom-ref': string }[] };
    const c = bom.components.find((x) => x.purl === `pkg:huggingface/google/gemma-2b@${SHA}`);
    assert.equal(c?.type, 'machine-learning-model');
  });

  it('--online: the current commit, pickle-only weights and the Hub scan, from the cache on a re-run', async () => {
    const root = tree({ 'a.py': `${TF}AutoModel.from_pretrained("org/pickles")\nAutoModel.from_pretrained("google/clean", revision="${SHA}")\n` });
    const online = { endpoint: hub.url, cacheFile: join(cacheDir, 'inventory.db'), token: '' };
    const before = hub.requests.length;
    const r = await scan({ root, threads: 1, online });
    const asked = hub.requests.length - before;
    assert.ok(asked >= 2, `asked ${asked}`);
    const unpinned = r.findings.find((f) => f.ruleId === 'hf/unpinned-revision');
    assert.match(unpinned?.message ?? '', new RegExp(`current commit is ${SHA2}`));
    assert.ok(r.findings.some((f) => f.ruleId === 'hf/unsafe-weights' && /only pickle weights/.test(f.message)));
    const clean = r.components.find((c) => c.name === 'google/clean');
    assert.equal(clean?.properties['lantern:hf:license'], 'apache-2.0');
    assert.equal(clean?.properties['lantern:hf:weights'], 'safetensors');
    assert.equal(clean?.properties['lantern:hf:security-scan'], 'clean');
    const again = await scan({ root, threads: 1, online });
    assert.equal(hub.requests.length - before, asked, 'the re-run is answered from the cache');
    assert.deepEqual(again.findings, r.findings);
  });

  it('without --online nothing is asked', async () => {
    const root = tree({ 'a.py': `${TF}AutoModel.from_pretrained("google/clean")\n` });
    const before = hub.requests.length;
    await scan({ root, threads: 1 });
    assert.equal(hub.requests.length, before);
  });
});
