/**
 * The whole per-file analysis (sniff, every detector) on random and mutated model files: never an
 * exception out of the scan, always a bounded time, and anything odd becomes a warning or a finding.
 */
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { analyzeFile } from '../../src/scan/analyze.js';
import { loadRules } from '../../src/rules/load.js';
import { scan } from '../../src/scan/scan.js';
import { FIXTURES, makeTree, removeTree } from '../support/paths.js';

const SEEDS = [
  'attacks/pickle-gadgets/os_system.pkl',
  'attacks/pickle-obfuscation/stacked_pickles_junk_between.pkl',
  'attacks/containers/pytorch_zip_random_root.pt',
  'attacks/containers/joblib_zlib.joblib',
  'attacks/containers/object_array.npz',
  'attacks/keras/keras3_lambda_dict.keras',
  'attacks/gguf/ssti_subclasses.gguf',
  'attacks/onnx/external_data_traversal.onnx',
  'benign/torch/state_dict.pt',
  'models/positive/safetensors/model.safetensors',
  'models/positive/tflite/model.tflite',
].map((p) => join(FIXTURES, p)).filter((p) => {
  try {
    readFileSync(p);
    return true;
  } catch {
    return false;
  }
});

describe('robustness of the per-file analysis', () => {
  const root = makeTree({});
  after(() => removeTree(root));
  const rules = loadRules();

  it(`mutated model files never throw and finish quickly (${SEEDS.length} seeds)`, async () => {
    assert.ok(SEEDS.length >= 8, 'seed fixtures exist');
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: SEEDS.length - 1 }), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }), fc.nat(), async (i, edits, cut) => {
        const orig = readFileSync(SEEDS[i] as string);
        const b = Buffer.from(orig);
        for (const [pos, v] of edits) b[pos % b.length] = v;
        const bytes = cut % 3 === 0 ? b.subarray(0, cut % (b.length + 1)) : b;
        const name = (SEEDS[i] as string).split('/').pop() as string;
        writeFileSync(join(root, name), bytes);
        const t0 = performance.now();
        const a = await analyzeFile({ path: name, size: bytes.length }, { root, maxTextBytes: 1 << 20 }, rules);
        assert.ok(performance.now() - t0 < 3000, 'bounded time');
        assert.ok(!a.observation.warnings.some((w) => w.code === 'detector/error' || w.code === 'sniff/error'), JSON.stringify(a.observation.warnings));
      }),
      { numRuns: 150 },
    );
  });

  it('random bytes under model names never throw', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 4096 }), fc.constantFrom('x.pkl', 'x.pt', 'x.gguf', 'x.onnx', 'x.safetensors', 'x.keras', 'x.h5', 'x.npy', 'x.joblib', 'saved_model.pb', 'x.tflite'), async (bytes, name) => {
        writeFileSync(join(root, name), bytes);
        const a = await analyzeFile({ path: name, size: bytes.length }, { root, maxTextBytes: 1 << 20 }, rules);
        assert.ok(!a.observation.warnings.some((w) => w.code === 'detector/error' || w.code === 'sniff/error'), JSON.stringify(a.observation.warnings));
      }),
      { numRuns: 200 },
    );
  });
});

describe('huge and deep pickles', () => {
  const roots: string[] = [];
  after(() => roots.forEach(removeTree));

  it('a 10,000-level nested pickle finishes within the budget, with a warning', async () => {
    // PROTO 2, then 10,000 x (EMPTY_LIST, MARK) ... closed by APPENDS, then STOP: lists nested 10,000 deep.
    const depth = 10_000;
    const b = Buffer.concat([Buffer.from([0x80, 0x02]), Buffer.alloc(depth * 2).fill(Buffer.from([0x5d, 0x28])), Buffer.alloc(depth, 0x65), Buffer.from([0x2e])]);
    const root = makeTree({ 'deep.pkl': b });
    roots.push(root);
    const t0 = performance.now();
    const r = await scan({ root, threads: 1 });
    assert.ok(performance.now() - t0 < 5000);
    const c = r.components.find((x) => x.name === 'deep.pkl');
    assert.ok(c);
    assert.ok(r.warnings.some((w) => w.path === 'deep.pkl'), JSON.stringify(r.warnings));
    assert.notEqual(c.properties['lantern:safety'], 'safe');
  });

  it('a 100 MB pickle finishes within the budget, with a warning, in bounded memory', async () => {
    // PROTO 4, BINBYTES8 of 100 MB, STOP, then a payload pickle hidden after the size limit.
    const size = 100 * 1024 * 1024;
    const head = Buffer.alloc(11);
    head.set([0x80, 0x04, 0x8e]);
    head.writeBigUInt64LE(BigInt(size), 3);
    const root = makeTree({});
    roots.push(root);
    const path = join(root, 'big.pkl');
    writeFileSync(path, Buffer.concat([head, Buffer.alloc(size, 0x41), Buffer.from([0x2e])]));
    const t0 = performance.now();
    const r = await scan({ root, threads: 1 });
    assert.ok(performance.now() - t0 < 10_000);
    const c = r.components.find((x) => x.name === 'big.pkl');
    assert.ok(c, 'inventoried');
    assert.ok(r.warnings.some((w) => w.path === 'big.pkl'), 'a warning says the analysis was bounded');
    assert.notEqual(c.properties['lantern:safety'], 'safe');
  });
});

describe('per-file analysis and the per-thread head buffer', () => {
  const root = makeTree({});
  after(() => removeTree(root));
  const rules = loadRules();

  it('the per-thread head buffer: the same analyses file after file and when files are analyzed at once', async () => {
    // Each seed's analysis alone, then all of them in a row (one head buffer reused) and all at
    // once (concurrent analyses get buffers of their own): nothing may depend on the buffer.
    const names = SEEDS.map((p, i) => {
      const name = `head-${i}-${p.split('/').pop() as string}`;
      writeFileSync(join(root, name), readFileSync(p));
      return name;
    });
    const ref = (name: string) => ({ path: name, size: readFileSync(join(root, name)).length });
    const strip = (a: Awaited<ReturnType<typeof analyzeFile>>) => JSON.stringify({ ...a, ms: 0 });
    const alone: string[] = [];
    for (const n of names) {
      // Another file between each, so the buffer holds other bytes when the next one starts.
      await analyzeFile(ref(names[0] as string), { root, maxTextBytes: 1 << 20 }, rules);
      alone.push(strip(await analyzeFile(ref(n), { root, maxTextBytes: 1 << 20 }, rules)));
    }
    const inRow: string[] = [];
    for (const n of names) inRow.push(strip(await analyzeFile(ref(n), { root, maxTextBytes: 1 << 20 }, rules)));
    const atOnce = (await Promise.all(names.map((n) => analyzeFile(ref(n), { root, maxTextBytes: 1 << 20 }, rules)))).map(strip);
    assert.deepEqual(inRow, alone);
    assert.deepEqual(atOnce, alone);
  });
});
