import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { deflateSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { decompressInto, decompressPrefix, detectWrapper, type Wrapper } from '../../src/formats/compression.js';
import { BufferSource } from '../../src/formats/source.js';
import { concat, enc, lz4Frame, zstdRleBomb } from './builders.js';

// Samples written by fixtures/gen/compression.py; the payload formula is mirrored here.
const FIXTURES = new URL('../../../fixtures/formats/compression/', import.meta.url);
const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(name, FIXTURES)));
function payload(lines: number): Uint8Array {
  let s = '';
  for (let i = 0; i < lines; i++) s += `line ${String(i).padStart(6, '0')} lantern\n`;
  return enc.encode(s);
}
const SMALL = payload(100);
const BIG = payload(12000);

async function decode(bytes: Uint8Array, w: Wrapper, opts: { maxOutput: number; maxInput?: number; maxRatio?: number }) {
  return decompressPrefix(new BufferSource(bytes), w, opts);
}

describe('detectWrapper', () => {
  it('detects each wrapper by magic', () => {
    assert.equal(detectWrapper(new Uint8Array(gzipSync(SMALL))), 'gzip');
    assert.equal(detectWrapper(new Uint8Array(deflateSync(SMALL))), 'zlib');
    assert.equal(detectWrapper(new Uint8Array(deflateSync(SMALL, { level: 1 }))), 'zlib');
    assert.equal(detectWrapper(fixture('small.bz2')), 'bz2');
    assert.equal(detectWrapper(fixture('small.xz')), 'xz');
    assert.equal(detectWrapper(fixture('small.lzma')), 'lzma');
    assert.equal(detectWrapper(fixture('big.lzma')), 'lzma');
    assert.equal(detectWrapper(Uint8Array.of(0x28, 0xb5, 0x2f, 0xfd, 0, 0)), 'zstd');
    assert.equal(detectWrapper(Uint8Array.of(0x04, 0x22, 0x4d, 0x18, 0x64, 0x40)), 'lz4');
    assert.equal(detectWrapper(Uint8Array.of(0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c, 0, 4)), '7z');
  });

  it('does not detect plain files', () => {
    const pickle = Uint8Array.of(0x80, 0x04, 0x95, 0x10, 0, 0, 0, 0, 0, 0, 0, 0x7d, 0x94, 0x2e);
    for (const b of [
      pickle,
      enc.encode('xyz plain text file\n'),
      enc.encode('x^ this looks like a zlib header but is text, and text is not a valid deflate stream'),
      enc.encode('BZh9 not bz2'),
      Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a),
      new Uint8Array(0),
      new Uint8Array(64),
      // lzma-alone lookalikes: a bad dictionary size, then a non-zero range coder byte.
      Uint8Array.of(0x5d, 0x01, 0x02, 0x03, 0x04, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00, 0x10),
      Uint8Array.of(0x5d, 0x00, 0x00, 0x80, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x07, 0x10),
      // zlib header with the preset-dictionary bit
      Uint8Array.of(0x78, 0xbb, 0, 0, 0, 0),
    ]) {
      assert.equal(detectWrapper(b), undefined, Buffer.from(b).toString('hex'));
    }
  });

  it('rarely fires on random bytes (no fixed magic)', () => {
    let hits = 0;
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 64, maxLength: 64 }), (b) => {
        const w = detectWrapper(b);
        if (w === 'lzma' || w === 'zlib') hits++;
      }),
      { numRuns: 2000 },
    );
    assert.ok(hits <= 2, `${hits} random inputs detected as lzma/zlib`);
  });
});

describe('decompressPrefix', () => {
  const cases: [Wrapper, () => Uint8Array, () => Uint8Array][] = [
    ['gzip', () => new Uint8Array(gzipSync(SMALL)), () => new Uint8Array(gzipSync(BIG))],
    ['zlib', () => new Uint8Array(deflateSync(SMALL)), () => new Uint8Array(deflateSync(BIG))],
    ['bz2', () => fixture('small.bz2'), () => fixture('big.bz2')],
    ['xz', () => fixture('small.xz'), () => fixture('big.xz')],
    ['lzma', () => fixture('small.lzma'), () => fixture('big.lzma')],
    ['zstd', () => fixture('small.zst'), () => fixture('big.zst')],
    ['lz4', () => fixture('small.lz4'), () => fixture('big.lz4')],
  ];

  for (const [w, small, big] of cases) {
    describe(w, () => {
      it('decodes a whole small stream', async () => {
        const r = await decode(small(), w, { maxOutput: 1 << 20 });
        assert.ok(r.ok, r.ok ? '' : r.error);
        assert.deepEqual(r.value.bytes, SMALL);
        assert.equal(r.value.complete, true);
      });

      it('stops at maxOutput', async () => {
        const r = await decode(big(), w, { maxOutput: 1000 });
        assert.ok(r.ok, r.ok ? '' : r.error);
        assert.deepEqual(r.value.bytes, BIG.subarray(0, 1000));
        assert.equal(r.value.complete, false);
      });

      it('returns the decoded prefix of a truncated stream', async () => {
        const b = big();
        const r = await decode(b.subarray(0, Math.floor(b.length * 0.6)), w, { maxOutput: 1 << 20 });
        if (r.ok) {
          assert.equal(r.value.complete, false);
          assert.deepEqual(r.value.bytes, BIG.subarray(0, r.value.bytes.length));
          assert.ok(r.value.bytes.length < BIG.length);
        } else {
          // Only bz2 may have nothing to show: it emits output a whole block at a time.
          assert.equal(w, 'bz2', r.error);
        }
      });

      it('honours maxInput like a truncation', async () => {
        const r = await decode(big(), w, { maxOutput: 1 << 20, maxInput: 1500 });
        if (r.ok) {
          assert.equal(r.value.complete, false);
          assert.ok(r.value.bytes.length < BIG.length);
        } else assert.equal(r.truncated, true, r.error);
      });

      it('fails past the ratio limit', async () => {
        const r = await decode(big(), w, { maxOutput: 1 << 20, maxRatio: 2 });
        assert.deepEqual(r, { ok: false, error: 'compression ratio over limit' });
      });

      it('fails on garbage after the magic', async () => {
        const head = small().subarray(0, w === 'lzma' ? 13 : 6);
        const r = await decode(concat([head, new Uint8Array(200).fill(0xa5)]), w, { maxOutput: 1000 });
        if (r.ok) assert.equal(r.value.complete, false);
      });
    });
  }

  it('bz2 stops within a multi-block stream', async () => {
    const r = await decode(fixture('big.bz2'), 'bz2', { maxOutput: 150_000 });
    assert.ok(r.ok);
    assert.equal(r.value.bytes.length, 150_000);
    assert.deepEqual(r.value.bytes, BIG.subarray(0, 150_000));
  });

  it('a gzip bomb costs only maxOutput', async () => {
    const bomb = new Uint8Array(gzipSync(new Uint8Array(20 << 20)));
    const r = await decode(bomb, 'gzip', { maxOutput: 4096 });
    assert.ok(r.ok);
    assert.equal(r.value.bytes.length, 4096);
  });

  it('refuses an lzma header that declares a 4 GiB dictionary instead of allocating it', async () => {
    const valid = fixture('small.lzma');
    const hostile = valid.slice();
    hostile.set([0xff, 0xff, 0xff, 0xff], 1);
    assert.equal(detectWrapper(hostile), 'lzma');
    const r = await decode(hostile, 'lzma', { maxOutput: 1000 });
    assert.equal(r.ok, false);
  });

  it('says corrupt when the decoder rejects the data, not when a limit or the end of input stops it', async () => {
    // A MATLAB v4 .mat header (type 0, 1 row, 2 columns, real, name length 2) passes for an
    // LZMA-alone one: props 0, dictionary 2^24, size 2, range coder byte 0.
    const mat4 = concat([Uint8Array.of(0, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0), enc.encode('a\0'), new Uint8Array(16).fill(0x99)]);
    assert.equal(detectWrapper(mat4), 'lzma');
    const m = await decode(mat4, 'lzma', { maxOutput: 1000 });
    assert.ok(!m.ok && 'corrupt' in m && m.corrupt, JSON.stringify(m));
    const text = await decode(enc.encode('plain text, not compressed at all'), 'gzip', { maxOutput: 100 });
    assert.ok(!text.ok && 'corrupt' in text, JSON.stringify(text));
    // The 4 GiB dictionary is over the memory limit: a limit, not corrupt data.
    const hostile = fixture('small.lzma').slice();
    hostile.set([0xff, 0xff, 0xff, 0xff], 1);
    const h = await decode(hostile, 'lzma', { maxOutput: 1000 });
    assert.ok(!h.ok && !('corrupt' in h), JSON.stringify(h));
    const cut = await decode(fixture('small.lzma').subarray(0, 20), 'lzma', { maxOutput: 1000 });
    assert.ok(!('corrupt' in cut), JSON.stringify(cut));
  });

  it('reads a legacy joblib Z-file: ZF, the length in hex padded to 19 characters, then zlib', async () => {
    const z = new Uint8Array(deflateSync(SMALL));
    const header = (h: string) => enc.encode(`ZF${h}`);
    for (const [h, sep] of [[`0x${SMALL.length.toString(16)}`.padEnd(19), ''], [`0x${SMALL.length.toString(16)}L`.padEnd(19), ' ']] as const) {
      const file = concat([header(h), enc.encode(sep), z]);
      assert.equal(detectWrapper(file), 'joblib-zfile', JSON.stringify(h + sep));
      const r = await decode(file, 'joblib-zfile', { maxOutput: 1 << 20 });
      assert.ok(r.ok && r.value.complete, JSON.stringify(r));
      assert.deepEqual(r.value.bytes, SMALL);
    }
    // Not one: text after ZF, a length that is not hex, no zlib stream after the header.
    for (const bad of [enc.encode('ZF is the prefix of this text file, not a header'), concat([header('0xZZ'.padEnd(19)), z]), concat([header('0x7d0'.padEnd(19)), SMALL])]) {
      assert.equal(detectWrapper(bad), undefined, Buffer.from(bad.subarray(0, 24)).toString('latin1'));
    }
  });

  it('decodes zstd frames one after another, passing over skippable frames', async () => {
    const r = await decode(fixture('frames.zst'), 'zstd', { maxOutput: 1 << 20 });
    assert.ok(r.ok && r.value.complete, JSON.stringify(r));
    assert.deepEqual(r.value.bytes, concat([SMALL, SMALL]));
  });

  it('refuses a zstd frame whose window is over 128 MiB before allocating it', async () => {
    const magic = Uint8Array.of(0x28, 0xb5, 0x2f, 0xfd);
    // A window descriptor of exponent 31 (2 TiB); a single-segment frame whose content size (the
    // window) is 2^31, in 4 bytes; another whose 8-byte content size is 2^40.
    const frames = [
      concat([magic, Uint8Array.of(0x00, 31 << 3), Uint8Array.of(0x01, 0, 0)]),
      concat([magic, Uint8Array.of(0xa0, 0, 0, 0, 0x80), Uint8Array.of(0x01, 0, 0)]),
      concat([magic, Uint8Array.of(0xe0, 0, 0, 0, 0, 0, 1, 0, 0), Uint8Array.of(0x01, 0, 0)]),
    ];
    for (const f of frames) {
      const r = await decode(f, 'zstd', { maxOutput: 1000 });
      assert.ok(!r.ok && /window, over the 134217728-byte limit/.test(r.error) && !('corrupt' in r), JSON.stringify(r));
    }
    // After a valid frame, a second frame's header is checked too: the first frame's output is kept, not complete.
    const second = await decode(concat([fixture('small.zst'), frames[0]!]), 'zstd', { maxOutput: 1 << 20 });
    assert.ok(second.ok && !second.value.complete, JSON.stringify(second));
    assert.deepEqual(second.value.bytes, SMALL);
    const sink = { total: 0, max: 1 << 20, push(c: Uint8Array) { this.total += c.length; } };
    const into = await decompressInto(new BufferSource(concat([fixture('small.zst'), frames[0]!])), 'zstd', sink, {});
    assert.ok(into.ok && /over the 134217728-byte limit/.test(into.value.error ?? '') && sink.total === SMALL.length, JSON.stringify(into));
    // 128 MiB itself is allowed: the frame is refused by the decoder for its missing block, not the window.
    const at = await decode(concat([magic, Uint8Array.of(0x00, 17 << 3)]), 'zstd', { maxOutput: 1000 });
    assert.ok(!at.ok && !/limit/.test(at.error), JSON.stringify(at));
  });

  it('says a stream that is no zstd frame is corrupt, and a cut one is not', async () => {
    const text = await decode(enc.encode('plain text, not compressed at all'), 'zstd', { maxOutput: 100 });
    assert.ok(!text.ok && 'corrupt' in text, JSON.stringify(text));
    const cut = await decode(fixture('small.zst').subarray(0, 40), 'zstd', { maxOutput: 100 });
    assert.ok(!cut.ok && !('corrupt' in cut) && cut.truncated === true, JSON.stringify(cut));
  });

  it('a zstd bomb of RLE blocks costs only maxOutput', async () => {
    // One frame of 20,000 RLE blocks: 2.5 GiB from 80 KB.
    const bomb = zstdRleBomb(20_000);
    const started = Date.now();
    const r = await decode(bomb, 'zstd', { maxOutput: 4096 });
    assert.ok(r.ok && r.value.bytes.length === 4096 && !r.value.complete, JSON.stringify(r).slice(0, 200));
    const ratio = await decode(bomb, 'zstd', { maxOutput: 1 << 30, maxRatio: 200 });
    assert.deepEqual(ratio, { ok: false, error: 'compression ratio over limit' });
    assert.ok(Date.now() - started < 5000);
  });

  it('lz4: frames one after another, uncompressed blocks, a skippable frame; a match before the data, a block over the frame\'s size and a bad descriptor are corrupt, a cut frame is not', async () => {
    const frame = lz4Frame(SMALL);
    const two = await decode(concat([fixture('small.lz4'), Uint8Array.of(0x50, 0x2a, 0x4d, 0x18, 2, 0, 0, 0, 7, 7), frame]), 'lz4', { maxOutput: 1 << 20 });
    assert.ok(two.ok && two.value.complete, JSON.stringify(two));
    assert.deepEqual(two.value.bytes, concat([SMALL, SMALL]));
    const head = Uint8Array.of(0x04, 0x22, 0x4d, 0x18, 0x60, 0x40, 0x82);
    // A block whose first sequence copies from 16 bytes back, before any output.
    const before = concat([head, Uint8Array.of(4, 0, 0, 0, 0x00, 0x10, 0x00, 0x00), new Uint8Array(4)]);
    // A compressed block declared larger than 64 KiB; a descriptor of version 2.
    const large = concat([head, Uint8Array.of(0x01, 0x00, 0x01, 0x00)]);
    const version = concat([Uint8Array.of(0x04, 0x22, 0x4d, 0x18, 0xa0, 0x40, 0x82), new Uint8Array(4)]);
    for (const bad of [before, large, version]) {
      const r = await decode(bad, 'lz4', { maxOutput: 1000 });
      assert.ok(!r.ok && 'corrupt' in r, JSON.stringify(r));
    }
    // A skippable frame that declares 4 GiB and ends: a truncation, passed over without holding it.
    const huge = await decode(concat([Uint8Array.of(0x50, 0x2a, 0x4d, 0x18, 0xff, 0xff, 0xff, 0xff), new Uint8Array(100)]), 'lz4', { maxOutput: 1000 });
    assert.ok(!huge.ok && huge.truncated === true, JSON.stringify(huge));
    const cut = await decode(frame.subarray(0, 40), 'lz4', { maxOutput: 1000 });
    assert.ok(!cut.ok && !('corrupt' in cut) && cut.truncated === true, JSON.stringify(cut));
  });

  it('an lz4 bomb costs at most a block past maxOutput', async () => {
    // 4 MiB blocks of one literal and one long match of zeros, over and over.
    const head = Uint8Array.of(0x04, 0x22, 0x4d, 0x18, 0x60, 0x70, 0x82);
    const run = 4 * 1024 * 1024 - 16;
    const lens: number[] = [];
    for (let left = run - 4 - 15 - 5; left >= 0; left -= 255) lens.push(Math.min(255, left));
    if (lens[lens.length - 1] === 255) lens.push(0);
    const seq = Uint8Array.of(0x1f, 0, 1, 0, ...lens, 0x50, 0, 0, 0, 0, 0);
    const block = concat([Uint8Array.of(seq.length & 0xff, (seq.length >> 8) & 0xff, (seq.length >> 16) & 0xff, 0), seq]);
    const bomb = concat([head, ...Array.from({ length: 100 }, () => block), new Uint8Array(4)]);
    const r = await decode(bomb, 'lz4', { maxOutput: 4096 });
    assert.ok(r.ok && r.value.bytes.length === 4096 && !r.value.complete, JSON.stringify(r).slice(0, 200));
    assert.deepEqual(await decode(bomb, 'lz4', { maxOutput: 1 << 30, maxRatio: 200 }), { ok: false, error: 'compression ratio over limit' });
  });

  it('reports 7z as unsupported', async () => {
    for (const w of ['7z'] as const) {
      assert.deepEqual(await decode(new Uint8Array(10), w, { maxOutput: 10 }), { ok: false, error: `unsupported wrapper: ${w}` });
    }
  });

  it('fails when the declared wrapper is wrong', async () => {
    for (const w of ['gzip', 'zlib', 'bz2', 'xz', 'lzma', 'zstd', 'lz4'] as const) {
      const r = await decode(enc.encode('plain text, not compressed at all'), w, { maxOutput: 100 });
      assert.equal(r.ok, false, w);
    }
  });
});

describe('compression property tests', () => {
  const samples: [Wrapper, Uint8Array][] = [
    ['gzip', new Uint8Array(gzipSync(SMALL))],
    ['zlib', new Uint8Array(deflateSync(SMALL))],
    ['bz2', fixture('small.bz2')],
    ['xz', fixture('small.xz')],
    ['lzma', fixture('small.lzma')],
    ['zstd', fixture('small.zst')],
    ['lz4', fixture('small.lz4')],
  ];

  async function exercise(bytes: Uint8Array, w: Wrapper): Promise<void> {
    detectWrapper(bytes);
    const r = await decode(bytes, w, { maxOutput: 8192, maxRatio: 5000 });
    assert.equal(typeof r.ok, 'boolean');
    if (r.ok) assert.ok(r.value.bytes.length <= 8192);
  }

  it('random bytes never throw', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), fc.constantFrom(...samples.map(([w]) => w)), exercise),
      { numRuns: 200 },
    );
  });

  it('mutations of valid streams never throw', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...samples),
        fc.array(fc.tuple(fc.nat(400), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }),
        fc.nat(400),
        async ([w, valid], muts, cut) => {
          const b = valid.slice(0, Math.max(6, valid.length - (cut % valid.length)));
          for (const [at, v] of muts) if (at < b.length) b[at] = v;
          await exercise(b, w);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('decompressInto', () => {
  const streams: [Wrapper, () => Uint8Array][] = [
    ['gzip', () => new Uint8Array(gzipSync(BIG))],
    ['zlib', () => new Uint8Array(deflateSync(BIG))],
    ['bz2', () => fixture('big.bz2')],
    ['xz', () => fixture('big.xz')],
    ['lzma', () => fixture('big.lzma')],
    ['zstd', () => fixture('big.zst')],
    ['lz4', () => fixture('big.lz4')],
  ];
  /** A sink that keeps the chunks it is handed (and says done after `doneAfter` bytes). */
  const sink = (max: number, doneAfter = Infinity) => {
    const chunks: Uint8Array[] = [];
    let total = 0;
    return {
      chunks,
      push(c: Uint8Array) {
        chunks.push(c.slice());
        total += c.length;
      },
      get total() {
        return total;
      },
      max,
      get done() {
        return total >= doneAfter;
      },
    };
  };

  for (const [w, big] of streams) {
    it(`${w}: hands the whole stream over in order, chunk by chunk`, async () => {
      const out = sink(1 << 30);
      const r = await decompressInto(new BufferSource(big()), w, out, { maxRatio: 1000 });
      assert.ok(r.ok, r.ok ? '' : r.error);
      assert.equal(r.value.complete, true);
      assert.deepEqual(concat(out.chunks), BIG);
    });

    it(`${w}: stops when the sink is done`, async () => {
      const out = sink(1 << 30, 50_000);
      const r = await decompressInto(new BufferSource(big()), w, out, { maxRatio: 1000 });
      assert.ok(r.ok, r.ok ? '' : r.error);
      assert.equal(r.value.complete, false);
      assert.ok(out.total >= 50_000 && out.total < BIG.length, String(out.total));
      assert.deepEqual(concat(out.chunks), BIG.subarray(0, out.total));
    });
  }
});
