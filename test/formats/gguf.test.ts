import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { BufferSource, type ByteSource } from '../../src/formats/source.js';
import { LLAMA_FTYPE_NAMES, ggufMagic, readGgufHeader, sizeLabel } from '../../src/formats/gguf.js';
import { NOT_MODELS, buildGguf, concat, isParsed, mutations, quick, randomWithPrefix, sampleGguf, u32le, utf8 } from './model-builders.js';

const read = (b: Uint8Array) => readGgufHeader(new BufferSource(b));

/** Counts preads, to prove token arrays are skipped with buffered reads. */
class CountingSource implements ByteSource {
  readonly size: number;
  reads = 0;
  constructor(private readonly b: Uint8Array) {
    this.size = b.length;
  }
  readAt(offset: number, length: number): Uint8Array {
    this.reads++;
    return new BufferSource(this.b).readAt(offset, length);
  }
}

describe('gguf', () => {
  it('identifies GGUF and the legacy ggml magics', () => {
    assert.equal(ggufMagic(utf8('GGUF\x03\x00\x00\x00')), 'gguf');
    // Legacy magics count only with a sane next field (n_vocab for ggml, a version for the others).
    assert.equal(ggufMagic(Uint8Array.from([...u32le(0x67676d6c), ...u32le(32000)])), 'ggml');
    assert.equal(ggufMagic(Uint8Array.from([...u32le(0x67676d66), ...u32le(1)])), 'ggmf');
    assert.equal(ggufMagic(Uint8Array.from([...u32le(0x67676a74), ...u32le(3)])), 'ggjt');
    assert.equal(ggufMagic(Uint8Array.from([...u32le(0x67676c61), ...u32le(1)])), 'ggla');
    assert.equal(ggufMagic(utf8('GGUF files hold quantized weights')), undefined, 'text after the magic');
    assert.equal(ggufMagic(utf8('lmgg is text')), undefined);
    assert.equal(ggufMagic(Uint8Array.from(u32le(0x67676a74))), undefined, 'magic alone');
    for (const [name, b] of Object.entries(NOT_MODELS)) assert.equal(ggufMagic(b), undefined, name);
  });

  it('reads a v3 header: metadata, derived fields, tensor infos', () => {
    const r = read(sampleGguf(3));
    assert.ok(r.ok, !r.ok ? r.error : '');
    const v = r.value;
    assert.equal(v.version, 3);
    assert.equal(v.endianness, 'little');
    assert.equal(v.tensorCount, 2);
    assert.equal(v.kvCount, 10);
    assert.equal(v.architecture, 'llama');
    assert.equal(v.name, 'Tiny Llama');
    assert.equal(v.license, 'apache-2.0');
    assert.equal(v.fileType, 15);
    assert.equal(v.fileTypeName, 'Q4_K_M');
    assert.equal(v.contextLength, 4096);
    assert.equal(v.metadata['llama.rope.freq_base'], 10000);
    assert.equal(v.metadata['general.quantized'], true);
    assert.equal(v.metadata['tokenizer.ggml.tokens'], '[array of 4 string]');
    assert.equal(v.metadata['tokenizer.ggml.scores'], '[array of 4 float32]');
    assert.equal(v.hasChatTemplate, true);
    assert.match(v.chatTemplate ?? '', /for m in messages/);
    assert.equal(v.tensorsRead, 2);
    assert.equal(v.parameterCount, 64 * 4 + 64);
    assert.equal(v.sizeLabel, '320');
    assert.equal(v.complete, true);
  });

  it('reads v1 (u32 lengths) and v2 headers the same way', () => {
    for (const version of [1, 2] as const) {
      const r = read(sampleGguf(version));
      assert.ok(r.ok, `v${version}: ${!r.ok ? r.error : ''}`);
      assert.equal(r.value.version, version);
      assert.equal(r.value.architecture, 'llama');
      assert.equal(r.value.parameterCount, 320);
      assert.equal(r.value.metadata['tokenizer.ggml.tokens'], '[array of 4 string]');
    }
  });

  it('detects and reads a big-endian file by its version field', () => {
    const r = read(sampleGguf(3, true));
    assert.ok(r.ok, !r.ok ? r.error : '');
    assert.equal(r.value.endianness, 'big');
    assert.equal(r.value.version, 3);
    assert.equal(r.value.contextLength, 4096);
    assert.equal(r.value.parameterCount, 320);
  });

  it('prefers general.size_label and names every llama_ftype', () => {
    const r = read(buildGguf({ version: 3, kvs: [['general.size_label', { type: 'string', value: '8x7B' }], ['general.file_type', { type: 'u32', value: 32 }]], tensors: [] }));
    assert.ok(r.ok);
    assert.equal(r.value.sizeLabel, '8x7B');
    assert.equal(r.value.fileTypeName, 'BF16');
    assert.equal(LLAMA_FTYPE_NAMES[7], 'Q8_0');
    assert.equal(LLAMA_FTYPE_NAMES[18], 'Q6_K');
    assert.equal(LLAMA_FTYPE_NAMES[31], 'IQ1_M');
    assert.equal(sizeLabel(6_738_415_616), '6.7B');
    assert.equal(sizeLabel(124_000_000), '124M');
  });

  it('caps long strings at 256 chars in metadata', () => {
    const r = read(buildGguf({ version: 3, kvs: [['general.description', { type: 'string', value: 'x'.repeat(5000) }]], tensors: [] }));
    assert.ok(r.ok);
    assert.equal((r.value.metadata['general.description'] as string).length, 256);
  });

  it('skips 150,000 token strings quickly with few reads', () => {
    const tokens = Array.from({ length: 150_000 }, (_, i) => `tok${i}`);
    const file = buildGguf({
      version: 3,
      kvs: [
        ['general.architecture', { type: 'string', value: 'qwen2' }],
        ['tokenizer.ggml.tokens', { type: 'array', elem: 'string', value: tokens }],
        ['tokenizer.ggml.token_type', { type: 'array', elem: 'i32', value: new Array(150_000).fill(1) }],
        ['qwen2.context_length', { type: 'u32', value: 32768 }],
      ],
      tensors: [{ name: 'w', dims: [10, 10], type: 0, offset: 0 }],
    });
    const src = new CountingSource(file);
    const t0 = performance.now();
    const r = readGgufHeader(src);
    const dt = performance.now() - t0;
    assert.ok(r.ok);
    assert.equal(r.value.metadata['tokenizer.ggml.tokens'], '[array of 150000 string]');
    assert.equal(r.value.contextLength, 32768);
    assert.equal(r.value.parameterCount, 100);
    assert.ok(src.reads <= Math.ceil(file.length / (1024 * 1024)) + 2, `${src.reads} reads`);
    assert.ok(dt < 1000, `${dt} ms`);
  });

  it('rejects legacy files, non-GGUF inputs and unknown versions', () => {
    const legacy = read(concat(u32le(0x67676a74), u32le(3), new Uint8Array(64)));
    assert.ok(!legacy.ok && /legacy ggjt/.test(legacy.error));
    for (const [name, b] of Object.entries(NOT_MODELS)) assert.equal(read(b).ok, false, name);
    assert.equal(read(concat(utf8('GGUF'), u32le(7), new Uint8Array(16))).ok, false);
  });

  it('fails truncated fixed headers and keeps partial results after them', () => {
    const file = sampleGguf(3);
    for (const cut of [3, 6, 12, 20]) {
      const r = read(file.subarray(0, cut));
      assert.equal(r.ok, false, `cut ${cut}`);
      if (!r.ok) assert.equal(r.truncated, true, `cut ${cut}`);
    }
    const r = read(file.subarray(0, file.length - 10));
    assert.ok(r.ok);
    assert.equal(r.value.complete, false);
    assert.equal(r.value.parameterCount, undefined);
    assert.equal(r.value.architecture, 'llama');
    assert.match(r.value.warnings[0] ?? '', /end of the file/);
  });

  it('refuses absurd counts and bounds the walk', () => {
    const huge = concat(utf8('GGUF'), u32le(3), u32le(0xffffffff), u32le(0xffffffff), u32le(1), u32le(0), new Uint8Array(32));
    assert.equal(read(huge).ok, false);
    const r = readGgufHeader(new BufferSource(sampleGguf(3)), { maxBytes: 64 });
    assert.ok(r.ok);
    assert.equal(r.value.complete, false);
  });

  it('property: mutated and truncated headers never throw', () => {
    for (const base of [sampleGguf(3), sampleGguf(1), sampleGguf(3, true)]) {
      fc.assert(
        fc.property(mutations(base), (b) => {
          assert.ok(isParsed(quick(() => read(b))));
        }),
        { numRuns: 200 },
      );
    }
  });

  it('property: random bytes behind the magic never throw', () => {
    fc.assert(
      fc.property(randomWithPrefix([concat(utf8('GGUF'), u32le(3)), concat(utf8('GGUF'), u32le(1)), utf8('GGUF')]), (b) => {
        assert.ok(isParsed(quick(() => read(b))));
      }),
      { numRuns: 300 },
    );
  });
});
