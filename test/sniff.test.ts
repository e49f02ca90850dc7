/**
 * Sniffing by magic bytes, checked against every generated fixture (fixtures/models/MANIFEST.json
 * says what each file is) and against a negative for every format: something named or shaped
 * like the format that is not a model.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { sniff, HEAD_BYTES } from '../src/sniff/sniff.js';
import { decodeText, utf16Bom, type TextEncoding } from '../src/util/text.js';
import type { Sniffed } from '../src/sniff/kinds.js';
import { BufferSource, FileSource } from '../src/formats/source.js';
import { modelFormats } from '../src/rules/load.js';
import { scan } from '../src/scan/scan.js';
import { buildZip, buildTar, legacyTorchTar } from './formats/builders.js';
import { FIXTURES, suiteTrees } from './support/paths.js';
import { KEYS } from './secrets/secrets-cases.js';

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
          if (wrapper === '7z' || f.encrypted) assert.ok(s.unscannable, `${got} must be unscannable`);
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

describe('sniff: what a tar holds counts as in a zip, wrapped or not', () => {
  const SEVEN_Z = readFileSync(join(FIXTURES, 'models/positive/containers/archive.7z'));
  const CODE = { name: 'code/inference.py', data: Buffer.from('import json\n'.repeat(20_000)) };
  const PICKLE = Uint8Array.of(0x80, 0x02, 0x4b, 0x01, 0x2e);
  const cases: Array<[string, string, Uint8Array, string]> = [
    ['a tar holding a 7z member is unscannable, as a zip is', 'bundle.tar', buildTar([{ name: 'w.7z', data: SEVEN_Z }]), 'container:tar(unscannable)[container:7z(unscannable)[]]'],
    ['so is a .tar.gz with the 7z after 240 KB of code', 'bundle.tar.gz', gzipSync(buildTar([CODE, { name: 'w.7z', data: SEVEN_Z }])), 'container:gzip(unscannable)[container:tar(unscannable)[container:7z(unscannable)[]]]'],
    ['a tar of text holds nothing', 'logs.tar', buildTar([{ name: 'a.log', data: Buffer.from('x\n'.repeat(100)) }]), 'container:tar[]'],
    ['a gzipped legacy PyTorch tar', 'legacy.tar.gz', gzipSync(legacyTorchTar(PICKLE, 0)), 'model:pytorch-legacy-tar+gzip'],
    ['one whose member names come after the first 64 KiB decoded', 'legacy.tar.gz', gzipSync(legacyTorchTar(PICKLE, 100_000)), 'model:pytorch-legacy-tar+gzip'],
    ['a .tar.gz of a pickle after code is no legacy PyTorch tar', 'model.tar.gz', gzipSync(buildTar([CODE, { name: 'pickle', data: PICKLE }])), 'container:gzip[container:tar[model:pickle]]'],
  ];
  for (const [name, file, bytes, want] of cases) it(`${name}: ${want}`, async () => assert.equal(describeSniff(await sniffBytes(file, bytes)), want));
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

/** Deterministic pseudo-random bytes (xorshift32). */
function noise(n: number, seed = 0x1234567): Buffer {
  const out = Buffer.alloc(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/** A PNG: signature, IHDR, an IDAT of compressed-looking bytes, IEND. */
const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452000000100000001008060000001ff3ff61', 'hex'), Buffer.from([0, 0, 1, 0]), Buffer.from('IDAT'), noise(256), Buffer.from('0000000049454e44ae426082', 'hex')]);
/** MPEG transport stream packets (the `.ts` video format): sync byte 0x47, a PAT, payload, stuffing. */
const MPEG_TS = Buffer.concat(Array.from({ length: 20 }, (_, i) => Buffer.concat([Buffer.from([0x47, 0x40, 0x00, 0x10 | (i & 15), 0x00, 0x00, 0xb0, 0x0d, 0x00, 0x01, 0xc1, 0x00, 0x00]), i % 2 ? noise(175, i + 1) : Buffer.alloc(175, 0xff)])));
/** A terminfo entry (the binary that an xterm.js under /usr/share/terminfo is): names, flags, numbers, strings. */
const TERMINFO = Buffer.concat([Buffer.from([0x1a, 0x01, 0x26, 0x00, 0x26, 0x00, 0x0f, 0x00, 0x9d, 0x01, 0x34, 0x05]), Buffer.from('xterm.js|xterm.js terminal emulator\0'), Buffer.from([0, 1, 0, 0, 1, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0]), Buffer.from('ffffffff5000ffff0800ffffffffffff', 'hex'), Buffer.from('\x1b[H\0\x1b[2J\0\x1b[%i%p1%d;%p2%dH\0')]);
/** A compiled Python module: magic, flags, then marshal data. */
const PYC = Buffer.concat([Buffer.from('a70d0d0a0000000000000000000000', 'hex'), Buffer.from('e30000000000000000000000000000000000000000', 'hex'), noise(200, 7)]);

describe('sniff: dotenv files by name', () => {
  const valid = ['.env', '.env.example', '.env.local', '.env-docker.sample', '.env_prod', 'env.example', 'env.sample', 'env.template', 'env.dist', 'prod.env', 'deploy/.env.staging'];
  const invalid = ['.envrc', 'env.py', 'environment.yml', 'my.env.json', '.environment', 'env', 'envs.example'];
  for (const name of valid) it(`${name} → env`, async () => assert.deepEqual(await sniffBytes(name, Buffer.from('OPENAI_API_KEY=\n')), { kind: 'text', lang: 'env' }));
  for (const name of invalid) it(`${name} → not env`, async () => assert.notEqual((await sniffBytes(name, Buffer.from('OPENAI_API_KEY=\n')) as { lang?: string }).lang, 'env'));
});

describe('sniff: a named text file with a stray NUL byte is still text; binaries are not', () => {
  const utf8 = (s: string) => Buffer.from(s, 'utf8');
  const text: [string, Uint8Array, string][] = [
    // name, bytes, text language
    ['app.py', utf8('import openai\0\nclient = openai.OpenAI()\n'), 'python'],
    ['a.ts', utf8('// \0 hidden\nimport OpenAI from "openai";\nexport const c = new OpenAI();\n'), 'js-ts'],
    ['main.go', utf8('package main\n\nvar s = "a\0b"\n'), 'go'],
    ['conf/app.yaml', utf8('llm:\n  base_url: https://api.openai.com/v1\0\n'), 'yaml'],
    ['Dockerfile', utf8('FROM node:20\0\nENV OPENAI_API_KEY=x\n'), 'dockerfile'],
    ['Containerfile', utf8('FROM node:20\0\n'), 'dockerfile'],
    ['deploy/Dockerfile_ollama', utf8('FROM ollama/ollama\0\n'), 'dockerfile'],
    ['.env', utf8('\0OPENAI_API_KEY=x\n'), 'env'],
    ['tiny.js', utf8('\0'), 'js-ts'],
    ['caf\u00e9.py', utf8('# caf\u00e9 \u2615 \u{1F600}\0\nprint("\u00fcber")\n'), 'python'],
    // 1% of the bytes NUL: the limit.
    ['many.py', utf8('x = 1\n'.repeat(1650) + '\0'.repeat(100)), 'python'],
    // The 64 KiB head ends inside a two-byte character: the cut sequence is no reason to say binary.
    ['long.py', utf8('\0# ' + 'a'.repeat(HEAD_BYTES - 4) + '\u00e9\n'.repeat(10)), 'python'],
  ];
  for (const [name, bytes, lang] of text) {
    it(`${name} → text (${lang})`, async () => {
      const s = await sniffBytes(name, bytes);
      assert.deepEqual(s, { kind: 'text', lang });
    });
  }

  const binary: [string, Uint8Array][] = [
    // A NUL and no text-language name: binary as before.
    ['notes.txt', utf8('hello\0world\n')],
    ['LICENSE', utf8('MIT\0\n')],
    // Binaries under source names.
    ['logo.py', PNG],
    ['video.ts', MPEG_TS],
    ['xterm.js', TERMINFO],
    ['mod.py', PYC],
    ['blob.js', noise(4096)],
    // UTF-16 text without its byte-order mark: a NUL in every other byte (UTF-16 with the mark is
    // text: see the next suite).
    ['wide.py', Buffer.from('import openai\nprint(1)\n', 'utf16le')],
    // Over the NUL rate, or not UTF-8 apart from the NULs.
    ['dense.py', utf8('x = 1\n'.repeat(100) + '\0'.repeat(20))],
    ['latin1.py', Buffer.concat([Buffer.from('# caf\xe9 \0\n', 'latin1'), utf8('x = 1\n')])],
    ['control.js', utf8('\0' + '\x01\x02\x03'.repeat(10) + 'x'.repeat(100))],
  ];
  for (const [name, bytes] of binary) {
    it(`${name} → binary`, async () => assert.equal((await sniffBytes(name, bytes)).kind, 'binary'));
  }

  it('model files under source names are still models (magic bytes come first)', async () => {
    const st = await sniffBytes('weights.py', readFileSync(join(FIXTURES, 'models/positive/safetensors/model.safetensors')));
    assert.equal(describeSniff(st), 'model:safetensors');
    const gg = await sniffBytes('model.js', readFileSync(join(FIXTURES, 'models/positive/gguf/tiny-llama.Q4_K_M.gguf')));
    assert.equal(describeSniff(gg), 'model:gguf');
    const pk = await sniffBytes('state.ts', readFileSync(join(FIXTURES, 'models/positive/pickle/model.pkl')));
    assert.equal(pk.kind, 'model');
  });

  const { tree } = suiteTrees();
  it('a key and an import in a source file with a NUL are found; the key stays masked', async () => {
    const key = KEYS.openaiProject();
    const root = tree({
      'leak.py': `import openai\x00\nclient = openai.OpenAI(api_key="${key}")\n`,
      'web/leak.ts': `// \x00\nimport OpenAI from "openai";\nconst c = new OpenAI({ apiKey: "${KEYS.openaiProject()}" });\n`,
      // Decoys: no text-language name, and UTF-16.
      'notes.txt': `key\x00 ${KEYS.openaiProject()}\n`,
      'wide.py': Buffer.from(`import openai\nk = "${KEYS.openaiProject()}"\n`, 'utf16le'),
    });
    const r = await scan({ root, threads: 1 });
    assert.deepEqual(r.findings.filter((f) => f.ruleId.startsWith('secrets/')).map((f) => [f.ruleId, f.location.path, f.location.line]).sort(), [
      ['secrets/openai-project-key', 'leak.py', 2],
      ['secrets/openai-project-key', 'web/leak.ts', 3],
    ]);
    const oa = r.components.filter((c) => c.kind === 'library' && c.name === 'openai');
    assert.deepEqual(oa.flatMap((c) => c.evidence.map((e) => `${e.path}:${e.line}`)).sort(), ['leak.py:1', 'web/leak.ts:2']);
    assert.ok(!JSON.stringify(r).includes(key.slice(8, 40)), 'the key is masked');
  });
});

describe('sniff: Ruby files known by their name (Rakefile, Guardfile, config.ru) are Ruby', () => {
  const rb = Buffer.from("require 'openai'\ntask :default do\nend\n", 'utf8');
  const found: [string, string][] = [
    ['Rakefile', 'ruby'], ['rakefile', 'ruby'], ['lib/tasks/ai.rake', 'ruby'], ['tools/Guardfile', 'ruby'], ['config.ru', 'ruby'],
    ['Capfile', 'ruby'], ['Thorfile', 'ruby'], ['Vagrantfile', 'ruby'], ['Rakefile.rb', 'ruby'],
    // A Gemfile is Ruby, read as the manifest it is.
    ['Gemfile', 'manifest'],
    // Decoys: another extension, a file inside a folder of that name, a look-alike name.
    ['Rakefile.txt', 'text'], ['Rakefile/notes.md', 'markdown'], ['Rakefile/README', 'text'], ['my.config.ru.bak', 'text'], ['MyRakefile', 'text'], ['config.rub', 'text'],
  ];
  for (const [name, lang] of found) it(`${name} → ${lang}`, async () => assert.deepEqual(await sniffBytes(name, rb), { kind: 'text', lang }));
});

describe('sniff: pixi files', () => {
  const body = Buffer.from('[dependencies]\npytorch = ">=2.0"\n', 'utf8');
  const found: [string, string][] = [
    ['pixi.toml', 'manifest'], ['ml/pixi.toml', 'manifest'], ['pixi.lock', 'manifest'],
    // Decoys: look-alike names.
    ['pixi.toml.bak', 'text'], ['my-pixi.lock', 'text'],
  ];
  for (const [name, lang] of found) it(`${name} → ${lang}`, async () => assert.deepEqual(await sniffBytes(name, body), { kind: 'text', lang }));
});

describe('sniff: Swift sources and SwiftPM files', () => {
  const body = Buffer.from('import OpenAI\n', 'utf8');
  const found: [string, string][] = [
    ['Sources/App/Chat.swift', 'swift'], ['Package.swift', 'manifest'], ['Package.resolved', 'manifest'],
    ['App.xcodeproj/project.xcworkspace/xcshareddata/swiftpm/Package.resolved', 'manifest'], ['ios/Podfile', 'manifest'], ['Podfile.lock', 'manifest'],
    // Decoys: a look-alike extension and name.
    ['Chat.swiftx', 'text'], ['Chat.swift.orig', 'text'], ['MyPackage.swift', 'swift'],
  ];
  for (const [name, lang] of found) it(`${name} → ${lang}`, async () => assert.deepEqual(await sniffBytes(name, body), { kind: 'text', lang }));
});

describe('sniff: a file with no extension whose first line is a shell\'s shebang is shell', () => {
  const body = '\ndocker run -d ollama/ollama:0.5.7\n';
  const found: [string, string, string][] = [
    ['bin/serve', '#!/bin/sh', 'shell'], ['serve', '#!/bin/bash', 'shell'], ['scripts/up', '#!/usr/bin/env bash', 'shell'],
    ['up', '#!/usr/bin/env -S bash -e', 'shell'], ['up', '#! /bin/dash', 'shell'], ['up', '#!/bin/zsh -f', 'shell'], ['up', '#!/bin/ksh', 'shell'],
    ['up', '#!/usr/bin/env -i PATH=/bin sh', 'shell'], ['.envrc', '#!/usr/bin/env bash', 'shell'], ['up', '#!/bin/sh\r', 'shell'],
    // Decoys: another interpreter, an extension that names the language, a shebang not first, a BOM before it, a name that ends in sh.
    ['up', '#!/usr/bin/env python3', 'text'], ['up', '#!/usr/bin/python', 'text'], ['up', '#!/usr/bin/env node', 'text'], ['up', '#!/usr/bin/fish', 'text'],
    ['up', '#!/usr/bin/env bashful', 'text'], ['up', '#!/usr/bin/make -f', 'text'], ['up', '# setup\n#!/bin/sh', 'text'], ['up', ' #!/bin/sh', 'text'],
    ['up', '\ufeff#!/bin/sh', 'text'], ['up.txt', '#!/bin/sh', 'text'], ['up.py', '#!/bin/sh', 'python'], ['up', '#!', 'text'], ['up', '#!/usr/bin/env', 'text'],
  ];
  for (const [name, first, lang] of found) {
    it(`${name} ${JSON.stringify(first)} → ${lang}`, async () => assert.deepEqual(await sniffBytes(name, Buffer.from(first + body, 'utf8')), { kind: 'text', lang }));
  }
  it('a binary behind a shell shebang (a self-extracting installer) is binary', async () => {
    assert.equal((await sniffBytes('install', Buffer.concat([Buffer.from('#!/bin/sh\nexit 0\n'), PYC, noise(4096, 3)]))).kind, 'binary');
  });
  it('a scan reads an extension-less script: its images and Hugging Face pulls; a python script is not read as shell', async () => {
    const root = suiteTrees().tree({
      'bin/serve': '#!/usr/bin/env -S bash -e\nsudo docker run -d ollama/ollama:0.5.7\nhuggingface-cli download meta-llama/Llama-3.2-1B\n',
      'bin/tool': '#!/usr/bin/env python3\nimport os\nos.system("docker run vllm/vllm-openai:v0.6.3")\n',
    });
    const r = await scan({ root, threads: 1 });
    assert.deepEqual(r.components.filter((c) => c.kind === 'container').map((c) => `${c.purl} ${c.evidence.map((e) => `${e.path}:${e.line}:${e.column}`).join(' ')}`), ['pkg:docker/ollama/ollama@0.5.7 bin/serve:2:20']);
    assert.ok(r.components.some((c) => c.name === 'meta-llama/Llama-3.2-1B' && c.evidence.some((e) => e.path === 'bin/serve' && e.line === 3)), JSON.stringify(r.components.map((c) => c.name)));
  });
});

describe('sniff: UTF-16 text with its byte-order mark is text, decoded as such', () => {
  const le = (t: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(t, 'utf16le')]);
  const be = (t: string) => Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(t, 'utf16le').swap16()]);
  const text: [string, Uint8Array, string, TextEncoding][] = [
    ['requirements.txt', le('openai==1.30.1\r\n'), 'manifest', 'utf-16le'],
    // No NUL byte at all (every character above U+00FF): UTF-16 still, not UTF-8.
    ['notes.md', le('\u4f60\u597d\u4e16\u754c'), 'markdown', 'utf-16le'],
    ['wide-bom.ts', le('import OpenAI from "openai";\n'), 'js-ts', 'utf-16le'],
    ['app.py', be('import openai\n'), 'python', 'utf-16be'],
    // Characters outside the BMP (a surrogate pair), and a pair cut by the end of the head.
    ['emoji.md', le('# \u{1F600} caf\u00e9\n'), 'markdown', 'utf-16le'],
    ['cut.py', le('#' + 'a'.repeat(HEAD_BYTES / 2 - 2) + '\u{1F600}'), 'python', 'utf-16le'],
    ['empty.txt', Buffer.from([0xff, 0xfe]), 'text', 'utf-16le'],
  ];
  for (const [name, bytes, lang, encoding] of text) {
    it(`${name} → text (${lang}, ${encoding})`, async () => assert.deepEqual(await sniffBytes(name, bytes), { kind: 'text', lang, encoding }));
  }
  const binary: [string, Uint8Array][] = [
    // UTF-32LE's mark (FF FE 00 00); a U+0000 code unit; an unpaired surrogate; control characters.
    ['wide32.py', Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), Buffer.from('i\0\0\0', 'latin1')])],
    ['nul.py', le('import openai\0\n')],
    ['lone.py', Buffer.concat([le('a'), Buffer.from([0x00, 0xd8, 0x41, 0x00])])],
    ['ctl.js', le('\x01\x02\x03'.repeat(10) + 'x'.repeat(50))],
    // Binary data that happens to start with FF FE.
    ['blob.bin', Buffer.concat([Buffer.from([0xff, 0xfe]), noise(4096)])],
  ];
  for (const [name, bytes] of binary) {
    it(`${name} → not text`, async () => assert.notEqual((await sniffBytes(name, bytes)).kind, 'text'));
  }

  it('decodeText: UTF-8 and both UTF-16 orders, without the mark; an odd last byte is dropped', () => {
    assert.equal(decodeText(Buffer.from('\ufeffimport x\n', 'utf8')), 'import x\n');
    assert.equal(decodeText(le('import x\n'), 'utf-16le'), 'import x\n');
    assert.equal(decodeText(be('import \u{1F600}\n'), 'utf-16be'), 'import \u{1F600}\n');
    assert.equal(decodeText(Buffer.concat([le('ab'), Buffer.from([0x63])]), 'utf-16le'), 'ab');
    assert.equal(utf16Bom(Buffer.from([0xff])), undefined);
  });

  const { tree } = suiteTrees();
  it('a scan reads UTF-16 manifests, sources and configs (Windows tools write them): versions, imports with their lines, services, masked keys', async () => {
    const key = KEYS.openaiProject();
    const root = tree({
      // PowerShell 5's `pip freeze > requirements.txt`: UTF-16LE with CRLF.
      'requirements.txt': le('openai==1.30.1\r\nanthropic==0.25.0\r\n'),
      'app.py': be('import os\nimport openai\nc = openai.OpenAI(base_url="https://api.groq.com/openai/v1")\n'),
      '.env': le(`OPENAI_API_KEY=${key}\n`),
      // Included by -r: read in its encoding too.
      'requirements-dev.txt': le('-r requirements.txt\r\ntransformers==4.41.0\r\n'),
    });
    const r = await scan({ root, threads: 1 });
    const libs = r.components.filter((c) => c.kind === 'library').map((c) => [c.name, c.version, c.evidence.map((e) => `${e.path}:${e.line}`).join(' ')]);
    assert.deepEqual(libs.sort(), [
      ['anthropic', '0.25.0', 'requirements.txt:2'],
      ['openai', '1.30.1', 'app.py:2 requirements.txt:1'],
      ['transformers', '4.41.0', 'requirements-dev.txt:2'],
    ]);
    assert.deepEqual(r.components.filter((c) => c.kind === 'service').map((c) => c.ref).sort(), ['service:groq', 'service:openai']);
    assert.deepEqual(r.findings.filter((f) => f.ruleId.startsWith('secrets/')).map((f) => [f.ruleId, f.location.path, f.location.line, f.location.column]), [['secrets/openai-project-key', '.env', 1, 16]]);
    assert.ok(!JSON.stringify(r).includes(key.slice(8, 40)), 'the key is masked');
  });
});

describe('sniff: an LZMA-alone header is LZMA only when the stream decodes or the name says so', () => {
  // The first bytes of scipy's MATLAB v4 test files: type 0, 1 row, 2 columns, real, a name of 2
  // bytes. They pass the LZMA-alone header checks (props 0, dictionary 2^24, size 2, coder byte 0).
  const mat4 = Buffer.concat([Buffer.from('0000000001000000020000000000000002000000', 'hex'), Buffer.from('a\0'), Buffer.from('9a999999999999b93f333333333333f33f', 'hex')]);
  const lzma = readFileSync(join(FIXTURES, 'formats/compression/small.lzma'));

  it('a MATLAB v4 file is binary, not an LZMA container nobody can open', async () => {
    assert.equal(describeSniff(await sniffBytes('test_mat4_le_floats.mat', mat4)), 'binary');
    assert.equal(describeSniff(await sniffBytes('weights', mat4)), 'binary');
  });

  it('the same bytes named .lzma are a broken LZMA stream: unscannable', async () => {
    const s = await sniffBytes('model.pkl.lzma', mat4);
    assert.ok(s.kind === 'container' && s.container === 'lzma' && s.unscannable, describeSniff(s));
  });

  it('a stream that decodes is LZMA whatever its name', async () => {
    const s = await sniffBytes('data.mat', lzma);
    assert.ok(s.kind === 'container' && s.container === 'lzma' && !s.unscannable, describeSniff(s));
  });
});
