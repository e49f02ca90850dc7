import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { BufferSource } from '../../src/formats/source.js';
import { TFLITE_BUILTIN_OPERATORS, isTflite, readTflite } from '../../src/formats/tflite.js';
import { NOT_MODELS, buildFlatbuffer, concat, isParsed, mutations, quick, randomWithPrefix, sampleTflite, u32le, utf8 } from './model-builders.js';

const read = (b: Uint8Array) => readTflite(new BufferSource(b));

describe('tflite', () => {
  it('recognizes the TFL3 identifier with a sane root offset', () => {
    const file = sampleTflite();
    assert.ok(isTflite(file.subarray(0, 16), file.length));
    assert.ok(isTflite(file.subarray(0, 16)));
    assert.equal(isTflite(concat(u32le(4000), utf8('TFL3')), 100), false);
    assert.equal(isTflite(concat(u32le(2), utf8('TFL3'))), false);
    for (const [name, b] of Object.entries(NOT_MODELS)) assert.equal(isTflite(b, b.length), false, name);
  });

  it('reads version, description, subgraphs and operator codes', () => {
    const r = read(sampleTflite());
    assert.ok(r.ok, !r.ok ? r.error : '');
    assert.deepEqual(r.value, {
      version: 3,
      description: 'MLIR Converted.',
      subgraphCount: 1,
      operatorCodes: [
        { builtin: 3, builtinName: 'CONV_2D', version: 2 },
        { builtin: 32, builtinName: 'CUSTOM', version: 1, custom: 'TFLite_Detection_PostProcess' },
      ],
      customOps: ['TFLite_Detection_PostProcess'],
    });
  });

  it('takes the larger of deprecated_builtin_code and builtin_code', () => {
    const file = buildFlatbuffer('TFL3', 'm', [
      { label: 'm', table: [{ u32: 3 }, { ref: 'codes' }] },
      { label: 'codes', vector: ['a', 'b'] },
      { label: 'a', table: [{ i8: 127 }, undefined, undefined, { i32: 150 }] },
      { label: 'b', table: [{ i8: 9 }] },
    ]);
    const r = read(file);
    assert.ok(r.ok, !r.ok ? r.error : '');
    assert.deepEqual(
      r.value.operatorCodes.map((o) => o.builtinName),
      ['GELU', 'FULLY_CONNECTED'],
    );
    assert.equal(r.value.subgraphCount, 0);
    assert.equal(TFLITE_BUILTIN_OPERATORS[206], 'STABLEHLO_COMPOSITE');
  });

  it('fails on offsets outside the file', () => {
    const file = sampleTflite();
    const bad = Uint8Array.from(file);
    bad.set(u32le(file.length + 100), 0);
    assert.equal(read(bad).ok, false);
    // A vtable offset pointing before the file.
    const root = file[0] as number;
    const bad2 = Uint8Array.from(file);
    bad2.set(u32le(0x7fffffff), root);
    assert.equal(read(bad2).ok, false);
  });

  it('fails on non-models and truncated models', () => {
    for (const [name, b] of Object.entries(NOT_MODELS)) assert.equal(read(b).ok, false, name);
    const file = sampleTflite();
    for (const cut of [4, 10, 40, file.length - 8]) assert.equal(read(file.subarray(0, cut)).ok, false, `cut ${cut}`);
  });

  it('property: mutated and truncated models never throw', () => {
    fc.assert(
      fc.property(mutations(sampleTflite()), (b) => {
        assert.ok(isParsed(quick(() => read(b))));
      }),
      { numRuns: 300 },
    );
  });

  it('property: random bytes behind the identifier never throw', () => {
    fc.assert(
      fc.property(randomWithPrefix([concat(u32le(8), utf8('TFL3')), concat(u32le(12), utf8('TFL3'), u32le(0xfffffff8))]), (b) => {
        assert.ok(isParsed(quick(() => read(b))));
      }),
      { numRuns: 300 },
    );
  });
});
