/**
 * Hub resolve URLs in source code (src/hf/url-pulls.ts): string literals that download a file from
 * the Hub, with their repository, revision and file; decoys that must not be pulls.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { resolveUrlSites } from '../../src/hf/url-pulls.js';

const show = (src: string, comments: 'hash' | 'slash') =>
  resolveUrlSites(src, comments).map((s) => `${s.repoType} ${s.id}@${s.revision} ${s.file}${s.unsafeWeights ? ` unsafe=${s.unsafeWeights}` : ''} ${s.line}:${s.column}`);
const SHA = '0123456789abcdef0123456789abcdef01234567';

describe('Hub resolve URLs in code', () => {
  it('JS/TS: onnxruntime, MediaPipe, fetch; hf.co and a protocol-relative URL; a dataset file; a URL at a commit', () => {
    const src = [
      'const s = await ort.InferenceSession.create("https://huggingface.co/Xenova/yolos-tiny/resolve/main/onnx/model.onnx");',
      "const o = { baseOptions: { modelAssetPath: 'https://hf.co/litert-community/Gemma3-1B-IT/resolve/main/gemma3-1b-it-int4.task' } };",
      'const d = await fetch(`//huggingface.co/datasets/org/data/resolve/v1.0/train.csv`);',
      `const p = "https://huggingface.co/org/pinned/resolve/${SHA}/model.safetensors";`,
    ].join('\n');
    assert.deepEqual(show(src, 'slash'), [
      'model Xenova/yolos-tiny@main onnx/model.onnx 1:45',
      'model litert-community/Gemma3-1B-IT@main gemma3-1b-it-int4.task 2:44',
      'dataset org/data@v1.0 train.csv 3:23',
      `model org/pinned@${SHA} model.safetensors 4:11`,
    ]);
  });

  it('Python: a pickle file by name is pickle weights (torch.hub.load_state_dict_from_url, requests)', () => {
    const src = 'import torch, requests\nsd = torch.hub.load_state_dict_from_url("https://huggingface.co/org/m/resolve/main/pytorch_model.bin")\nr = requests.get(\'https://huggingface.co/org/cfg/resolve/main/config.json\')\n';
    assert.deepEqual(show(src, 'hash'), ['model org/m@main pytorch_model.bin unsafe=resolve/main/pytorch_model.bin 2:41', 'model org/cfg@main config.json 3:18']);
  });

  it('decoys: comments, pages (blob/, a repository, docs), substitutions, other hosts, a resolve URL with no file', () => {
    const js = [
      '// fetch("https://huggingface.co/org/c/resolve/main/model.onnx")',
      '/* "https://huggingface.co/org/c2/resolve/main/model.onnx" */',
      'const a = "https://huggingface.co/org/m/blob/main/model.onnx";',
      'const b = "https://huggingface.co/org/m";',
      'const c = "https://huggingface.co/docs/hub/resolve/main/x";',
      'const d = `https://huggingface.co/${repo}/resolve/main/model.onnx`;',
      'const e = "https://example.com/org/m/resolve/main/model.onnx";',
      'const f = "https://huggingface.co/org/m/resolve/main/";',
    ].join('\n');
    assert.deepEqual(show(js, 'slash'), []);
    const py = '# url = "https://huggingface.co/org/c/resolve/main/x.bin"\nu = f"https://huggingface.co/{repo}/resolve/main/x.bin"\n';
    assert.deepEqual(show(py, 'hash'), []);
  });

  it('hostile input stays linear: many URLs, long unterminated strings', () => {
    const src = `${'"https://huggingface.co/org/m/resolve/main/x.onnx"\n'.repeat(5000)}"https://huggingface.co/${'a/'.repeat(100_000)}resolve`;
    const t0 = performance.now();
    assert.equal(resolveUrlSites(src, 'slash').length, 200);
    assert.ok(performance.now() - t0 < 3000);
  });
});
