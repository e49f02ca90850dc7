import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { BufferSource, type ByteSource } from '../../src/formats/source.js';
import { isEscapingLocation, looksLikeOnnx, readOnnxModel } from '../../src/formats/onnx.js';
import { NOT_MODELS, concat, isParsed, mutations, onnxValueInfo, pb, quick, randomWithPrefix, sampleCoreml, sampleOnnx, utf8 } from './model-builders.js';

const read = (b: Uint8Array) => readOnnxModel(new BufferSource(b));

describe('onnx', () => {
  it('recognizes a ModelProto head', () => {
    const file = sampleOnnx();
    assert.ok(looksLikeOnnx(file));
    // A head that cuts the graph short still shows the graph's tag.
    assert.ok(looksLikeOnnx(file.subarray(0, file.length - 5)));
    // A producer name without a graph or opset is not enough (a small protobuf is not a model).
    assert.ok(!looksLikeOnnx(concat(pb.varint(1, 7), pb.string(2, 'test'))));
    assert.ok(looksLikeOnnx(concat(pb.varint(1, 7), pb.msg(7, pb.string(2, 'g')))));
  });

  it('rejects text, JSON, PNG, random bytes, Core ML and wrong first fields', () => {
    for (const [name, b] of Object.entries(NOT_MODELS)) assert.equal(looksLikeOnnx(b), false, name);
    assert.equal(looksLikeOnnx(sampleCoreml()), false, 'coreml');
    assert.equal(looksLikeOnnx(concat(pb.varint(1, 99), pb.string(2, 'pytorch'))), false, 'ir_version 99');
    assert.equal(looksLikeOnnx(concat(pb.string(2, 'pytorch'), pb.varint(1, 7))), false, 'ir_version not first');
    assert.equal(looksLikeOnnx(concat(pb.varint(1, 7), pb.varint(5, 1))), false, 'nothing telling');
    assert.equal(looksLikeOnnx(concat(pb.varint(1, 7), pb.varint(2, 1))), false, 'producer_name as varint');
    assert.equal(looksLikeOnnx(concat(pb.varint(1, 7), pb.string(9, 'x'), pb.string(2, 'p'))), false, 'unknown field');
    assert.equal(looksLikeOnnx(concat(pb.varint(1, 7), pb.string(2, 'a\x01b'))), false, 'control chars');
    assert.equal(looksLikeOnnx(utf8('\x08\x07hello world')), false);
  });

  it('reads the model: producer, opsets, graph, io shapes, ops, initializers, external data', () => {
    const r = read(sampleOnnx());
    assert.ok(r.ok, !r.ok ? r.error : '');
    const v = r.value;
    assert.equal(v.irVersion, 8);
    assert.equal(v.producerName, 'pytorch');
    assert.equal(v.producerVersion, '2.1.0');
    assert.equal(v.domain, 'ai.lantern');
    assert.equal(v.modelVersion, 3);
    assert.equal(v.docString, 'A tiny test model');
    assert.equal(v.graphName, 'main_graph');
    assert.deepEqual(v.opsets, [
      { domain: 'ai.onnx', version: 17 },
      { domain: 'com.microsoft', version: 1 },
    ]);
    assert.deepEqual(v.inputs, [{ name: 'X', elemType: 'FLOAT', shape: ['batch', 3, 224, 224] }]);
    assert.deepEqual(v.outputs, [{ name: 'Z', elemType: 'INT64', shape: [-1, 1000] }]);
    assert.equal(v.nodeCount, 2);
    assert.deepEqual(v.opTypes, ['ai.onnx::Relu', 'com.microsoft::FusedGemm']);
    assert.equal(v.initializerCount, 2);
    assert.deepEqual(v.externalData, [{ tensor: 'big_weight', location: '../../etc/passwd', offset: 0, length: 4096 }]);
    assert.ok(isEscapingLocation(v.externalData[0]?.location ?? ''));
    assert.deepEqual(v.metadata, { author: 'lantern' });
  });

  it('reads external_data as ONNX does: the last value of a key wins, however many other keys come first', () => {
    // ModelProto.graph = 7; GraphProto.initializer = 5; TensorProto: name = 8, external_data = 13, data_location = 14.
    const kv = (k: string, v: string) => pb.bytes(13, concat(pb.string(1, k), pb.string(2, v)));
    const others = Array.from({ length: 20 }, (_, i) => kv(`k${i}`, 'x'));
    const tensor = concat(pb.string(8, 'W'), kv('location', 'weights.bin'), ...others, kv('location', '../../etc/passwd'), kv('offset', '0'), pb.varint(14, 1));
    const model = concat(pb.varint(1, 8), pb.bytes(7, concat(pb.string(2, 'g'), pb.bytes(5, tensor))));
    const r = readOnnxModel(new BufferSource(model));
    assert.ok(isParsed(r) && r.ok, JSON.stringify(r));
    assert.deepEqual(r.value.externalData, [{ tensor: 'W', location: '../../etc/passwd', offset: 0 }]);
  });

  it('never reads initializer raw_data', () => {
    const raw = new Uint8Array(8 * 1024 * 1024);
    const init = concat(pb.string(8, 'W'), pb.bytes(9, raw));
    const file = concat(pb.varint(1, 9), pb.string(2, 'x'), pb.msg(7, pb.bytes(5, init), pb.bytes(11, onnxValueInfo('in', 1, [1]))), pb.msg(8, pb.varint(2, 19)));
    let bytesRead = 0;
    const src: ByteSource = {
      size: file.length,
      readAt(o, l) {
        const b = new BufferSource(file).readAt(o, l);
        bytesRead += b.length;
        return b;
      },
    };
    const r = readOnnxModel(src);
    assert.ok(r.ok);
    assert.equal(r.value.initializerCount, 1);
    assert.equal(r.value.inputs[0]?.name, 'in');
    assert.ok(bytesRead < 512 * 1024, `read ${bytesRead} bytes`);
  });

  it('classifies external-data locations', () => {
    assert.ok(isEscapingLocation('/etc/passwd'));
    assert.ok(isEscapingLocation('C:\\weights.bin'));
    assert.ok(isEscapingLocation('sub/../../x'));
    assert.equal(isEscapingLocation('model.onnx.data'), false);
    assert.equal(isEscapingLocation('weights/part1.bin'), false);
  });

  it('fails on non-models and truncated models', () => {
    for (const [name, b] of Object.entries(NOT_MODELS)) assert.equal(read(b).ok, false, name);
    assert.equal(read(sampleCoreml()).ok, false, 'coreml');
    const file = sampleOnnx();
    for (const cut of [1, 5, 40, file.length - 3]) {
      const r = read(file.subarray(0, cut));
      assert.equal(r.ok, false, `cut ${cut}`);
    }
  });

  it('property: mutated and truncated models never throw', () => {
    fc.assert(
      fc.property(mutations(sampleOnnx()), (b) => {
        assert.ok(isParsed(quick(() => read(b))));
        quick(() => looksLikeOnnx(b));
      }),
      { numRuns: 300 },
    );
  });

  it('property: random bytes never throw', () => {
    fc.assert(
      fc.property(randomWithPrefix([Uint8Array.from([0x08, 0x07]), Uint8Array.from([0x08, 0x07, 0x3a])]), (b) => {
        assert.ok(isParsed(quick(() => read(b))));
        quick(() => looksLikeOnnx(b));
      }),
      { numRuns: 300 },
    );
  });
});
