/**
 * Sniffing by magic bytes, checked against every generated fixture (fixtures/models/MANIFEST.json
 * says what each file is) and against a negative for every format: something named or shaped
 * like the format that is not a model.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sniff, HEAD_BYTES } from '../src/sniff/sniff.js';
import type { Sniffed } from '../src/sniff/kinds.js';
import { BufferSource, FileSource } from '../src/formats/source.js';
import { modelFormats } from '../src/rules/load.js';
import { scan } from '../src/scan/scan.js';
import { buildZip, buildTar } from './formats/builders.js';
import { FIXTURES } from './support/paths.js';

interface Entry {
  path: string;
  kind: 'file' | 'dir';
  format: string;
  inner_format?: string;
  part_of?: string;
  encrypted?: boolean;
  compression?: string;
}
const MANIFEST = JSON.parse(readFileSync(join(FIXTURES, 'models/MANIFEST.json'), 'utf8')) as { files: Entry[] };
const files = MANIFEST.files.filter((f) => f.kind === 'file');

async function sniffFile(rel: string): Promise<Sniffed> {
  const src = FileSource.open(join(FIXTURES, 'models', rel));
  try {
    return await sniff({ path: rel, src, head: src.readAt(0, HEAD_BYTES) });
  } finally {
    src.close();
  }
}

async function sniffBytes(name: string, bytes: Uint8Array): Promise<Sniffed> {
  const src = new BufferSource(bytes);
  return sniff({ path: name, src, head: src.readAt(0, HEAD_BYTES) });
}

function describeSniff(s: Sniffed): string {
  if (s.kind === 'model') return `model:${s.format}${s.wrapper ? `+${s.wrapper}` : ''}`;
  if (s.kind === 'container') return `container:${s.container}${s.unscannable ? '(unscannable)' : ''}[${s.members.map((m) => describeSniff(m.sniffed)).join(',')}]`;
  return s.kind;
}

const isModelish = (s: Sniffed) => s.kind === 'model' || s.kind === 'lfs-pointer' || (s.kind === 'container' && (s.members.length > 0 || s.unscannable !== undefined));

describe('sniff: every generated fixture is what its manifest says', () => {
  for (const f of files) {
    it(`${f.path} → ${f.format}${f.inner_format ? ` (${f.inner_format})` : ''}`, async () => {
      const s = await sniffFile(f.path);
      const got = describeSniff(s);
      if (f.format === 'none') {
        assert.ok(!isModelish(s), `${f.path} is not a model, got ${got}`);
      } else if (f.format === 'lfs-pointer') {
        assert.equal(s.kind, 'lfs-pointer');
      } else if (f.format.startsWith('container:')) {
        const wrapper = f.format.slice('container:'.length);
        if (['gzip', 'bz2', 'xz'].includes(wrapper)) {
          assert.ok(s.kind === 'model' && s.wrapper === wrapper && s.format === f.inner_format, got);
        } else {
          assert.ok(s.kind === 'container' && s.container === wrapper, got);
          if (wrapper === '7z' || f.encrypted || f.compression) assert.ok(s.unscannable, `${got} must be unscannable`);
          else assert.ok(s.members.some((m) => m.sniffed.kind === 'model' && m.sniffed.format === f.inner_format), got);
        }
      } else {
        assert.ok(s.kind === 'model' && s.format === f.format, `expected ${f.format}, got ${got}`);
      }
    });
  }
});

/** A negative for every format: shaped or named like it, but not a model of that format. */
const NEGATIVES: Record<string, [string, Uint8Array | string][]> = {
  pickle: [['model.pkl', '(see below).\n'], ['notes.p', 'c is for cookie\nand that is good enough\n']],
  'pytorch-zip': [['model.pt', buildZip([{ name: 'archive/readme.txt', data: Buffer.from('data.pkl lives elsewhere') }]).bytes]],
  'torchscript-zip': [['model.ptl', buildZip([{ name: 'code/__torch__/m.py', data: Buffer.from('def f(): pass') }]).bytes]],
  'pytorch-legacy': [['old.pth', Buffer.from('80028a0a00000000000000000000', 'hex')]],
  'pytorch-legacy-tar': [['old.tar', buildTar([{ name: 'sys_info', data: Buffer.from('x') }, { name: 'notes.txt', data: Buffer.from('y') }])]],
  joblib: [['model.joblib', 'joblib.dump(model, "model.joblib")\n']],
  numpy: [['bad.npy', Buffer.concat([Buffer.from('\x93NUMPY\x09\x00', 'latin1'), Buffer.from('not a header')])]],
  'numpy-npz': [['arrays.npz', buildZip([{ name: 'a.txt', data: Buffer.from('1 2 3') }]).bytes]],
  safetensors: [['weights.safetensors', readFileSync(join(FIXTURES, 'models/negative/weights.safetensors'))], ['x.safetensors', Buffer.from('{"not": "a header"}')]],
  gguf: [['model.gguf', readFileSync(join(FIXTURES, 'models/negative/model.gguf'))], ['gguf.txt', 'GGUF files hold quantized weights.']],
  ggml: [['ggml.bin', 'lmgg is not a model when followed by text']],
  onnx: [['model.onnx', readFileSync(join(FIXTURES, 'models/negative/model.onnx'))], ['m.onnx', Buffer.from('0801120474657374', 'hex')]],
  hdf5: [['model.h5', readFileSync(join(FIXTURES, 'models/negative/model.h5'))]],
  'keras-h5': [['data.h5', readFileSync(join(FIXTURES, 'models/positive/hdf5/data.h5'))]],
  'keras-v3': [['model.keras', buildZip([{ name: 'config.json', data: Buffer.from('{}') }, { name: 'notes.txt', data: Buffer.from('x') }]).bytes]],
  'tf-savedmodel': [['saved_model.pb', 'saved_model_schema_version: 1\n'], ['other.pb', readFileSync(join(FIXTURES, 'models/positive/savedmodel/fingerprint.pb'))]],
  tflite: [['model.tflite', readFileSync(join(FIXTURES, 'models/negative/model.tflite'))]],
  coreml: [['tiny.mlmodel', '{"specificationVersion": 4}']],
  'lfs-pointer': [['model.bin', readFileSync(join(FIXTURES, 'models/negative/lfs-malformed/model.bin'))]],
};

describe('sniff: a negative for every format', () => {
  for (const [format, cases] of Object.entries(NEGATIVES)) {
    for (const [name, content] of cases) {
      it(`${format}: ${name} is not a ${format}`, async () => {
        const s = await sniffBytes(name, typeof content === 'string' ? Buffer.from(content) : content);
        const got = describeSniff(s);
        if (format === 'keras-h5') assert.equal(got, 'model:hdf5', 'HDF5 without Keras attributes is plain HDF5');
        else assert.ok(!(s.kind === 'model' && s.format === format) && s.kind !== 'lfs-pointer', got);
        // A cut legacy header under a .pth name is still a (broken) pickle, to be reported as such.
        if (!['keras-h5', 'pytorch-legacy-tar', 'pytorch-legacy'].includes(format)) assert.ok(!isModelish(s), `${name}: ${got}`);
      });
    }
  }

  it('every file format in the catalog has a positive fixture and a negative case', () => {
    const dirFormats = new Set(['hf-model-dir', 'coreml-package', 'tf-savedmodel']);
    const positives = new Set(MANIFEST.files.map((f) => f.format));
    for (const f of modelFormats()) {
      if (f.id === 'pytorch-legacy-tar') continue; // no fixture: the v0.1.1 tar layout is covered by the negative and the tar reader tests
      assert.ok(positives.has(f.id), `no positive fixture for ${f.id}`);
      if (!dirFormats.has(f.id) || f.id === 'tf-savedmodel') assert.ok(NEGATIVES[f.id]?.length || dirFormats.has(f.id), `no negative for ${f.id}`);
    }
  });
});

describe('directory models', () => {
  it('an HF model dir, a SavedModel and a .mlpackage are one component each', async () => {
    const r = await scan({ root: join(FIXTURES, 'models/positive'), threads: 1 });
    const byFormat = (fmt: string) => r.components.filter((c) => c.properties['lantern:format'] === fmt);
    const hf = byFormat('hf-model-dir');
    assert.equal(hf.length, 1);
    assert.equal(hf[0]?.name, 'hf-bert');
    assert.equal(hf[0]?.modelCard?.modelArchitecture, 'BertForMaskedLM');
    assert.ok(!r.components.some((c) => c.properties['lantern:format'] === 'safetensors' && c.evidence.some((e) => e.path.startsWith('hf-bert/'))), 'the weights are folded into the directory');
    const sm = byFormat('tf-savedmodel');
    assert.equal(sm.length, 1);
    assert.equal(sm[0]?.name, 'savedmodel');
    assert.equal(sm[0]?.properties['lantern:savedmodel:variables'], '2');
    const pkg = byFormat('coreml-package');
    assert.equal(pkg.length, 1);
    assert.equal(pkg[0]?.name, 'Tiny.mlpackage');
  });

  it('a config.json without weights is not a model directory', async () => {
    const r = await scan({ root: join(FIXTURES, 'models/negative/not-a-model-dir'), threads: 1 });
    assert.equal(r.components.length, 0);
  });
});
