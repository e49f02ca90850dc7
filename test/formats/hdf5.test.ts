import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { scan } from '../../src/scan/scan.js';
import { makeTree, removeTree } from '../support/paths.js';
import { BufferSource } from '../../src/formats/source.js';
import { balancedEnd, embeddedPickles, hdf5SignatureOffset, inspectKerasH5 } from '../../src/formats/hdf5.js';
import { looksLikePickle } from '../../src/formats/pickle-sniff.js';
import { HDF5_SIG, KERAS_CONFIG, NOT_MODELS, concat, hex, mutations, quick, sampleKerasH5, utf8 } from './model-builders.js';

const src = (b: Uint8Array) => new BufferSource(b);

describe('hdf5', () => {
  it('finds the signature at 0 and after a 512-byte user block', () => {
    assert.equal(hdf5SignatureOffset(src(sampleKerasH5())), 0);
    assert.equal(hdf5SignatureOffset(src(sampleKerasH5(512))), 512);
    assert.equal(hdf5SignatureOffset(src(concat(new Uint8Array(2048), HDF5_SIG))), 2048);
    // Not on a probe offset: not a signature.
    assert.equal(hdf5SignatureOffset(src(concat(new Uint8Array(100), HDF5_SIG))), undefined);
    for (const [name, b] of Object.entries(NOT_MODELS)) assert.equal(hdf5SignatureOffset(src(b)), undefined, name);
  });

  it('reads Keras attributes stored inline', () => {
    for (const userBlock of [0, 512]) {
      const info = inspectKerasH5(src(sampleKerasH5(userBlock)), userBlock);
      assert.deepEqual(info, { keras: true, kerasVersion: '2.13.1', backend: 'tensorflow', modelConfig: KERAS_CONFIG }, `user block ${userBlock}`);
      assert.equal((JSON.parse(info.modelConfig ?? '') as { class_name: string }).class_name, 'Sequential');
    }
  });

  it('reads a variable-length version string from a global heap', () => {
    const info = inspectKerasH5(src(sampleKerasH5(0, false)), 0);
    assert.equal(info.keras, true);
    assert.equal(info.kerasVersion, '3.0.5');
  });

  it('reports a plain HDF5 file as not Keras', () => {
    const file = concat(HDF5_SIG, new Uint8Array(200), utf8('temperature\0'), new Uint8Array(100));
    assert.deepEqual(inspectKerasH5(src(file), 0), { keras: false });
  });

  // Written by netCDF4-python, PyTables, h5py (fixtures/gen/make_models.py gen_hdf5_data).
  const DATA = join(import.meta.dirname, '../../../fixtures/models/negative/hdf5-data');
  const POSITIVE = join(import.meta.dirname, '../../../fixtures/models/positive');
  const inspect = (path: string) => {
    const b = readFileSync(path);
    return inspectKerasH5(src(b), hdf5SignatureOffset(src(b)) ?? -1);
  };

  it('names the data format of files written by other fields\' libraries', () => {
    assert.deepEqual(inspect(join(DATA, 'climate.nc')), { keras: false, data: 'NetCDF-4' });
    assert.deepEqual(inspect(join(DATA, 'store.h5')), { keras: false, data: 'PyTables / pandas HDFStore' });
    assert.deepEqual(inspect(join(DATA, 'vars.mat')), { keras: false, data: 'MATLAB 7.3 MAT-file' });
    assert.deepEqual(inspect(join(DATA, 'session.h5')), { keras: false, data: 'NWB (Neurodata Without Borders)' });
    assert.deepEqual(inspect(join(DATA, 'cells.h5')), { keras: false, data: 'AnnData' });
    assert.deepEqual(inspect(join(DATA, 'brain.h5')), { keras: false, data: 'MINC 2' });
    assert.deepEqual(inspect(join(DATA, 'scan.h5')), { keras: false, data: 'NeXus' });
    // No telling names: neither data nor weights (the extension decides, in sniff).
    assert.deepEqual(inspect(join(DATA, 'readings.nc4')), { keras: false });
    assert.deepEqual(inspect(join(POSITIVE, 'hdf5/data.h5')), { keras: false });
  });

  it('names the weight layout of weights files, which no data marker overrides', () => {
    assert.deepEqual(inspect(join(POSITIVE, 'hdf5/checkpoint.bin')), { keras: false, weights: 'Keras 3 weights (layers/*/vars)' });
    const k2 = concat(HDF5_SIG, new Uint8Array(64), utf8('layer_names\0'), new Uint8Array(8), utf8('DIMENSION_SCALE\0'));
    assert.deepEqual(inspectKerasH5(src(k2), 0), { keras: false, weights: 'Keras weights (layer_names)' });
    // Keras markers win over both.
    assert.equal(inspect(join(POSITIVE, 'keras/model.h5')).keras, true);
    assert.equal(inspect(join(POSITIVE, 'keras/model.h5')).weights, undefined);
  });

  it('needs whole names: parts of longer names and one Keras 3 group alone do not count', () => {
    const partial = concat(HDF5_SIG, new Uint8Array(64), utf8('\0my_layers\0'), utf8('\0vars_old\0'), utf8('x_NCProperties2\0'));
    assert.deepEqual(inspectKerasH5(src(partial), 0), { keras: false });
    const onlyVars = concat(HDF5_SIG, new Uint8Array(64), utf8('\0vars\0'), utf8('\0temperature\0'));
    assert.deepEqual(inspectKerasH5(src(onlyVars), 0), { keras: false });
    // The MATLAB header counts only in a user block, before the superblock.
    const text = concat(HDF5_SIG, utf8('MATLAB 7.3 MAT-file'), new Uint8Array(600));
    assert.deepEqual(inspectKerasH5(src(text), 0), { keras: false });
  });

  it('scan: HDF5 data is not inventoried, weights are, and a data file named like a model says what it holds', async () => {
    const r = await scan({ root: join(POSITIVE, '..'), threads: 1 });
    const models = new Set(r.components.filter((c) => c.kind === 'model').flatMap((c) => c.evidence?.map((e) => e.path) ?? []));
    for (const f of ['climate.nc', 'climate.h5', 'store.h5', 'vars.mat', 'session.h5', 'cells.h5', 'brain.h5', 'scan.h5', 'readings.nc4']) {
      assert.ok(![...models].some((p) => p.endsWith(`hdf5-data/${f}`)), `${f} is data`);
    }
    const ckpt = r.components.find((c) => c.evidence?.some((e) => e.path === 'positive/hdf5/checkpoint.bin'));
    assert.equal(ckpt?.properties['lantern:format'], 'hdf5');
    assert.equal(ckpt?.properties['lantern:hdf5:layout'], 'Keras 3 weights (layers/*/vars)');
    const warn = (p: string) => r.warnings.find((w) => w.path === `negative/hdf5-data/${p}` && w.code === 'model/not-a-model')?.message;
    assert.match(warn('store.h5') ?? '', /holds HDF5 data \(PyTables \/ pandas HDFStore\); not inventoried as a model/);
    assert.match(warn('climate.h5') ?? '', /NetCDF-4/);
    // Not named like a model: no warning either.
    assert.equal(warn('climate.nc'), undefined);
    assert.equal(warn('vars.mat'), undefined);
  });

  it('finds Keras attributes written after the weights, past the scanned window', () => {
    // h5py puts attributes set after the datasets behind them: Keras reads them all the same.
    const late = concat(HDF5_SIG, new Uint8Array(100_000), utf8('model_config\0'), new Uint8Array(40), utf8(KERAS_CONFIG), new Uint8Array(8), utf8('keras_version\0'), utf8('2.15.0\0'));
    const info = inspectKerasH5(src(late), 0, { scanBytes: 4096 });
    assert.equal(info.keras, true);
    assert.equal(info.modelConfig, KERAS_CONFIG);
    assert.equal(info.kerasVersion, '2.15.0');
    // Under a data format's extension the rest of the file is not searched (Keras 3 would not load it).
    assert.equal(inspectKerasH5(src(late), 0, { scanBytes: 4096, ext: '.nc' }).keras, false);
    assert.equal(inspectKerasH5(src(late), 0, { scanBytes: 4096, ext: '.h5' }).keras, true);
    // A name across a chunk boundary is found too: at 4096 + 4 MiB - 5, where chunks that did not
    // overlap would cut it; the search's chunks overlap by 64 bytes.
    const across = concat(HDF5_SIG, new Uint8Array(4 * 1024 * 1024 + 4096 - 5 - 8), utf8('keras_version\0'), utf8('3.1.0\0'));
    assert.equal(inspectKerasH5(src(across), 0, { scanBytes: 4096 }).keras, true);
    // Nothing past the window: still a plain file, classified by its first window.
    const plain = concat(HDF5_SIG, new Uint8Array(64), utf8('_NCProperties\0'), new Uint8Array(100_000), utf8('temperature\0'));
    assert.deepEqual(inspectKerasH5(src(plain), 0, { scanBytes: 4096 }), { keras: false, data: 'NetCDF-4' });
  });

  it('scan: a Keras 2 .h5 whose model_config follows 20 MB of weights is a Keras model with its Lambda found', async () => {
    const lambda = '{"class_name": "Sequential", "config": {"name": "s", "layers": [{"class_name": "Lambda", "config": {"name": "l", "function": ["4wEAAAAAAAAAAAAAAAEAAAADAAAAQwAAAHMEAAAAfABTAKkBTqkAqQHaAXhyAgAAAHICAAAA+gg8c3RkaW4+2gg8bGFtYmRhPgEAAABzAgAAAAQA", null, null], "function_type": "lambda", "module": "__main__", "arguments": {}}}]}}';
    const root = makeTree({ 'model.h5': concat(HDF5_SIG, new Uint8Array(20 * 1024 * 1024), utf8('model_config\0'), new Uint8Array(40), utf8(lambda), new Uint8Array(8), utf8('keras_version\0'), utf8('2.15.0\0')) });
    try {
      const r = await scan({ root, threads: 1 });
      const c = r.components.find((x) => x.name === 'model.h5');
      assert.equal(c?.properties['lantern:format'], 'keras-h5');
      assert.ok(r.findings.some((f) => f.ruleId === 'keras/lambda-layer'), JSON.stringify(r.findings.map((f) => f.ruleId)));
    } finally {
      removeTree(root);
    }
  });

  it('PyTables files holding pickles (ObjectAtom rows, pandas object columns) are pickle-based models; without, data', async () => {
    const r = await scan({ root: join(POSITIVE, 'hdf5'), threads: 1 });
    const c = r.components.find((x) => x.name === 'pytables_objects.h5');
    assert.equal(c?.properties['lantern:format'], 'hdf5');
    assert.equal(c?.properties['lantern:pickle-based'], 'true');
    assert.equal(c?.properties['lantern:safety'], 'safe');
    assert.deepEqual(r.findings.filter((f) => f.location.path === 'pytables_objects.h5').map((f) => f.ruleId), ['model/pickle-based-format']);
    assert.match(r.findings.find((f) => f.location.path === 'pytables_objects.h5')?.message ?? '', /pandas\.read_hdf and PyTables unpickle them/);
    // The same library's file without object rows stays data.
    const d = await scan({ root: DATA, threads: 1 });
    assert.equal(d.components.some((x) => x.name === 'store.h5'), false);
  });

  it('finds the pickles of global heap objects, in file order; a PROTO header elsewhere is not one', () => {
    // A global heap object: u16 index, u16 refcount, 4 reserved bytes, u64 size, then the data.
    const heapObject = (index: number, data: Uint8Array) => concat(Uint8Array.of(index, 0, 0, 0, 0, 0, 0, 0), Uint8Array.of(data.length, 0, 0, 0, 0, 0, 0, 0), data);
    const pk2 = hex('80027d71002e'); // PROTO 2, EMPTY_DICT, BINPUT 0, STOP
    const pk5 = hex('80057d942e'); // PROTO 5, EMPTY_DICT, MEMOIZE, STOP
    const walk = (h: Uint8Array, size: number) => looksLikePickle(h, size).pickle;
    const file = concat(HDF5_SIG, new Uint8Array(100), pk2, new Uint8Array(50), heapObject(1, pk2), new Uint8Array(10), heapObject(2, pk5), heapObject(0, pk5));
    // The bare pickle at 108 has no heap header; the last object has index 0 (free space).
    assert.deepEqual(embeddedPickles(src(file), 10, walk), [{ at: 180, size: 6 }, { at: 212, size: 5 }]);
    assert.deepEqual(embeddedPickles(src(file), 1, walk), [{ at: 180, size: 6 }]);
    // Across the 4 MiB search chunks: a pickle that ends in the next chunk, and a heap header that
    // starts in the previous one.
    const chunk = 4 * 1024 * 1024;
    const ends = concat(new Uint8Array(chunk - 3 - 16), heapObject(1, pk2), new Uint8Array(8));
    assert.deepEqual(embeddedPickles(src(ends), 10, walk), [{ at: chunk - 3, size: 6 }]);
    const starts = concat(new Uint8Array(chunk - 5), heapObject(1, pk5));
    assert.deepEqual(embeddedPickles(src(starts), 10, walk), [{ at: chunk + 11, size: 5 }]);
    // A size that does not end on STOP, or runs past the file, is not a pickle's.
    const wrongSize = concat(HDF5_SIG, new Uint8Array(8), Uint8Array.of(1, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0), pk2);
    assert.deepEqual(embeddedPickles(src(wrongSize), 10, walk), []);
    assert.deepEqual(embeddedPickles(src(concat(HDF5_SIG, new Uint8Array(8), Uint8Array.of(1, 0, 0, 0, 0, 0, 0, 0, 99, 0, 0, 0, 0, 0, 0, 0), pk2)), 10, walk), []);
  });

  it('marks a config cut by the end of the data', () => {
    const file = concat(HDF5_SIG, utf8('model_config\0'), utf8('{"class_name": "Model", "config": {"layers": ['));
    const info = inspectKerasH5(src(file), 0);
    assert.equal(info.keras, true);
    assert.equal(info.modelConfigTruncated, true);
  });

  it('matches braces while respecting strings and escapes', () => {
    assert.equal(balancedEnd(utf8('{"a": "}"}tail')), 10);
    assert.equal(balancedEnd(utf8('{"a": "\\"}"} x')), 12);
    assert.equal(balancedEnd(utf8('{"a": [1, {"b": 2}]}, {')), 20);
    assert.equal(balancedEnd(utf8('{"a": 1')), -1);
  });

  it('property: mutated files never throw', () => {
    fc.assert(
      fc.property(mutations(sampleKerasH5()), (b) => {
        const s = src(b);
        quick(() => hdf5SignatureOffset(s));
        const info = quick(() => inspectKerasH5(s, 0));
        assert.equal(typeof info.keras, 'boolean');
      }),
      { numRuns: 200 },
    );
  });

  it('property: random bytes never throw', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), fc.nat({ max: 4096 }), (b, at) => {
        quick(() => hdf5SignatureOffset(src(b)));
        quick(() => inspectKerasH5(src(b), at));
      }),
      { numRuns: 200 },
    );
  });
});
