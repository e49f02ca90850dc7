import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { BufferSource } from '../../src/formats/source.js';
import { looksLikeSafetensors, readSafetensorsHeader } from '../../src/formats/safetensors.js';
import { NOT_MODELS, buildSafetensors, concat, isParsed, mutations, quick, sampleSafetensors, u64le, utf8 } from './model-builders.js';

const read = (b: Uint8Array, maxHeader?: number) => readSafetensorsHeader(new BufferSource(b), maxHeader ? { maxHeader } : {});

describe('safetensors', () => {
  it('reads a header with two tensors and __metadata__', () => {
    const file = sampleSafetensors();
    assert.ok(looksLikeSafetensors(file.subarray(0, 64), file.length));
    const r = read(file);
    assert.ok(r.ok, !r.ok ? r.error : '');
    const v = r.value;
    assert.equal(v.tensorCount, 2);
    assert.deepEqual(v.dtypes, { F16: 1, F32: 1 });
    assert.equal(v.parameterCount, 36);
    assert.equal(v.dataSize, 80);
    assert.deepEqual(v.metadata, { format: 'pt', source: 'lantern-test' });
    assert.deepEqual(v.tensors?.[0], { name: 'model.embed.weight', dtype: 'F16', shape: [4, 8], offsets: [0, 64] });
    assert.deepEqual(v.warnings, []);
  });

  it('accepts leading spaces before the JSON object and a scalar (0-d) tensor', () => {
    const json = utf8('  {"x": {"dtype": "BF16", "shape": [], "data_offsets": [0, 2]}}');
    const file = concat(u64le(json.length), json, [0, 0]);
    assert.ok(looksLikeSafetensors(file, file.length));
    const r = read(file);
    assert.ok(r.ok);
    assert.equal(r.value.parameterCount, 1);
  });

  it('warns when tensor data runs past the end of the file', () => {
    const file = buildSafetensors({ w: { dtype: 'F32', shape: [100], data_offsets: [0, 400] } }, 10);
    const r = read(file);
    assert.ok(r.ok);
    assert.equal(r.value.warnings.length, 1);
  });

  it('skips malformed tensor entries with a warning', () => {
    const file = buildSafetensors({ a: { dtype: 'F32', shape: [-1], data_offsets: [0, 4] }, b: { dtype: 'F32', shape: [1], data_offsets: [4, 0] }, c: 5 }, 8);
    const r = read(file);
    assert.ok(r.ok);
    assert.equal(r.value.tensorCount, 0);
    assert.equal(r.value.warnings.length, 3);
  });

  it('rejects non-safetensors inputs', () => {
    for (const [name, b] of Object.entries(NOT_MODELS)) {
      assert.equal(looksLikeSafetensors(b, b.length), false, name);
      assert.equal(read(b).ok, false, name);
    }
    // A header length that is too big for the file, or a header that is not an object.
    assert.equal(looksLikeSafetensors(concat(u64le(1000), utf8('{}')), 10), false);
    const arr = concat(u64le(2), utf8('[]'));
    assert.equal(looksLikeSafetensors(arr, arr.length), false);
    assert.equal(read(arr).ok, false);
  });

  it('enforces the header size limit', () => {
    const r = read(sampleSafetensors(), 16);
    assert.ok(!r.ok && /limit/.test(r.error));
  });

  it('fails on truncated files, flagging truncation', () => {
    const file = sampleSafetensors();
    for (const cut of [0, 4, 8, 20, 100]) {
      const r = read(file.subarray(0, cut));
      assert.equal(r.ok, false, `cut ${cut}`);
      if (!r.ok && cut < 100) assert.equal(r.truncated, true, `cut ${cut}`);
    }
  });

  it('property: mutated and truncated headers never throw', () => {
    fc.assert(
      fc.property(mutations(sampleSafetensors()), (b) => {
        assert.ok(isParsed(quick(() => read(b))));
        quick(() => looksLikeSafetensors(b, b.length));
      }),
      { numRuns: 200 },
    );
  });

  it('property: random bytes never throw', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), (b) => {
        assert.ok(isParsed(quick(() => read(b))));
      }),
      { numRuns: 200 },
    );
  });
});

describe('safetensors with a source that caps read sizes', () => {
  it('assembles the header from several reads', () => {
    const file = sampleSafetensors();
    const capped = {
      size: file.length,
      readAt: (o: number, l: number) => new BufferSource(file).readAt(o, Math.min(l, 16)),
    };
    const r = readSafetensorsHeader(capped);
    assert.ok(r.ok, !r.ok ? r.error : '');
    assert.equal(r.value.tensorCount, 2);
  });
});
