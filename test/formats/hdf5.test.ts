import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { BufferSource } from '../../src/formats/source.js';
import { balancedEnd, hdf5SignatureOffset, inspectKerasH5 } from '../../src/formats/hdf5.js';
import { HDF5_SIG, KERAS_CONFIG, NOT_MODELS, concat, mutations, quick, sampleKerasH5, utf8 } from './model-builders.js';

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
