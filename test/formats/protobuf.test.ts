import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { BufferSource, type ByteSource } from '../../src/formats/source.js';
import { ProtoReader, WindowedReader, type ProtoField, varintToInt64, varintToNumber } from '../../src/formats/protobuf.js';
import { concat, pb, quick, varint } from './model-builders.js';

function fields(bytes: Uint8Array, partial = false): { fields: ProtoField[]; res: ReturnType<ProtoReader['walk']> } {
  const p = new ProtoReader(new BufferSource(bytes));
  const out: ProtoField[] = [];
  const res = p.walk(0, bytes.length, (f) => void out.push(f), { partial });
  return { fields: out, res };
}

/** A source that counts reads, to check that payloads are skipped, not read. */
class CountingSource implements ByteSource {
  readonly size: number;
  bytesRead = 0;
  constructor(private readonly b: Uint8Array) {
    this.size = b.length;
  }
  readAt(offset: number, length: number): Uint8Array {
    const out = new BufferSource(this.b).readAt(offset, length);
    this.bytesRead += out.length;
    return out;
  }
}

describe('protobuf wire reader', () => {
  it('walks varint, fixed and length-delimited fields', () => {
    const bytes = concat(pb.varint(1, 150), pb.string(2, 'hello'), pb.fixed32(3, 7), pb.msg(4, pb.varint(1, 1)));
    const { fields: f, res } = fields(bytes);
    assert.deepEqual(res, { end: 'done' });
    assert.deepEqual(
      f.map((x) => [x.field, x.wire, x.value]),
      [
        [1, 0, 150],
        [2, 2, 5],
        [3, 5, 7],
        [4, 2, 2],
      ],
    );
    const p = new ProtoReader(new BufferSource(bytes));
    const s = f[1] as ProtoField;
    assert.equal(p.string(s.offset, s.length), 'hello');
    assert.equal(p.string(s.offset, s.length, 3), 'hel');
  });

  it('decodes 64-bit varints: numbers up to 2^53, bigints above, negative int64', () => {
    const big = 2n ** 60n + 1n;
    const { fields: f } = fields(concat(pb.varint(1, 2 ** 53 - 1), pb.varint(2, big), pb.varint(3, -1n)));
    assert.equal(f[0]?.value, 2 ** 53 - 1);
    assert.equal(f[1]?.value, big);
    assert.equal(f[2]?.value, 2n ** 64n - 1n);
    assert.equal(varintToInt64(f[2]?.value as bigint), -1);
    assert.equal(varintToNumber(f[1]?.value as bigint), Number(big));
  });

  it('rejects group and reserved wire types', () => {
    for (const wire of [3, 4, 6, 7]) {
      const { res } = fields(Uint8Array.from([(1 << 3) | wire, 0]));
      assert.ok('error' in res && /wire type/.test(res.error), `wire ${wire}`);
    }
  });

  it('rejects field number 0, over-long varints and fields past the end', () => {
    assert.ok('error' in fields(Uint8Array.from([0x00, 0x01])).res);
    assert.ok('error' in fields(Uint8Array.from([0x08, ...new Array(11).fill(0xff)])).res);
    assert.ok('error' in fields(Uint8Array.from([0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02])).res);
    assert.ok('error' in fields(Uint8Array.from([0x12, 0x05, 0x61])).res);
  });

  it('reports a cut field in partial mode instead of failing', () => {
    const bytes = concat(pb.varint(1, 3), pb.string(2, 'abcdef')).subarray(0, 5);
    const { fields: f, res } = fields(bytes, true);
    assert.deepEqual(res, { end: 'truncated' });
    assert.equal(f[1]?.truncated, true);
  });

  it('skips a large payload without reading it', () => {
    const payload = new Uint8Array(4 * 1024 * 1024);
    const bytes = concat(pb.varint(1, 1), pb.bytes(2, payload), pb.varint(3, 9));
    const src = new CountingSource(bytes);
    const p = new ProtoReader(new WindowedReader(src, 4096));
    const seen: number[] = [];
    p.walk(0, bytes.length, (f) => void seen.push(f.field));
    assert.deepEqual(seen, [1, 2, 3]);
    assert.ok(src.bytesRead < 16 * 1024, `read ${src.bytesRead} bytes`);
  });

  it('stops on the step budget', () => {
    const bytes = concat(...Array.from({ length: 100 }, () => pb.varint(1, 1)));
    const p = new ProtoReader(new BufferSource(bytes), 10);
    const res = p.walk(0, bytes.length, () => undefined);
    assert.ok('error' in res && /budget/.test(res.error));
  });

  it('property: random bytes never throw and always end', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), fc.boolean(), (b, partial) => {
        const { res } = quick(() => fields(b, partial));
        assert.ok('error' in res || 'end' in res);
      }),
      { numRuns: 300 },
    );
  });

  it('property: varints round-trip', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), (v) => {
        const { fields: f } = fields(concat(varint(8), varint(v)));
        assert.equal(BigInt(f[0]?.value as number | bigint), v);
      }),
      { numRuns: 200 },
    );
  });
});
