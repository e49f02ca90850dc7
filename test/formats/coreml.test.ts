import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { BufferSource } from '../../src/formats/source.js';
import { COREML_MODEL_TYPES, looksLikeCoreml, readCoreml } from '../../src/formats/coreml.js';
import { NOT_MODELS, concat, isParsed, mutations, pb, quick, randomWithPrefix, sampleCoreml, sampleOnnx } from './model-builders.js';

const read = (b: Uint8Array) => readCoreml(new BufferSource(b));

describe('coreml', () => {
  it('recognizes a Model head and tells it from ONNX', () => {
    const file = sampleCoreml();
    assert.ok(looksLikeCoreml(file));
    assert.ok(looksLikeCoreml(file.subarray(0, 12)));
    assert.equal(looksLikeCoreml(sampleOnnx()), false);
    for (const [name, b] of Object.entries(NOT_MODELS)) assert.equal(looksLikeCoreml(b), false, name);
    assert.equal(looksLikeCoreml(concat(pb.varint(1, 40), pb.msg(2, pb.string(1, 'x')))), false, 'version 40');
    assert.equal(looksLikeCoreml(concat(pb.varint(1, 4), pb.varint(2, 1))), false, 'description as varint');
    assert.equal(looksLikeCoreml(concat(pb.varint(1, 4), pb.msg(2, pb.string(1, 'x')), pb.msg(7, pb.string(1, 'y')))), false, 'unknown top-level field');
  });

  it('reads version, model type, features and metadata', () => {
    const r = read(sampleCoreml());
    assert.ok(r.ok, !r.ok ? r.error : '');
    assert.deepEqual(r.value, {
      specificationVersion: 4,
      modelType: 'neuralNetwork',
      inputs: ['image'],
      outputs: ['classLabel'],
      metadata: {
        shortDescription: 'Classifies things',
        versionString: '1.0',
        author: 'Lantern Tests',
        license: 'MIT',
        userDefined: { 'com.github.apple.coremltools.version': '7.1' },
      },
    });
  });

  it('names the oneof model types from Model.proto', () => {
    assert.equal(COREML_MODEL_TYPES[502], 'mlProgram');
    assert.equal(COREML_MODEL_TYPES[202], 'pipeline');
    assert.equal(COREML_MODEL_TYPES[402], 'treeEnsembleClassifier');
    const r = read(concat(pb.varint(1, 7), pb.msg(2, pb.msg(1, pb.string(1, 'x'))), pb.msg(502, pb.varint(1, 1))));
    assert.ok(r.ok);
    assert.equal(r.value.modelType, 'mlProgram');
  });

  it('fails on non-models and truncated models', () => {
    for (const [name, b] of Object.entries(NOT_MODELS)) assert.equal(read(b).ok, false, name);
    const file = sampleCoreml();
    for (const cut of [1, 3, 20, file.length - 2]) assert.equal(read(file.subarray(0, cut)).ok, false, `cut ${cut}`);
  });

  it('property: mutated and truncated models never throw', () => {
    fc.assert(
      fc.property(mutations(sampleCoreml()), (b) => {
        assert.ok(isParsed(quick(() => read(b))));
        quick(() => looksLikeCoreml(b));
      }),
      { numRuns: 300 },
    );
  });

  it('property: random bytes never throw', () => {
    fc.assert(
      fc.property(randomWithPrefix([Uint8Array.from([0x08, 0x04, 0x12])]), (b) => {
        assert.ok(isParsed(quick(() => read(b))));
        quick(() => looksLikeCoreml(b));
      }),
      { numRuns: 300 },
    );
  });
});
