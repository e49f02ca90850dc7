import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readFileSync } from 'node:fs';
import { deflateRawSync } from 'node:zlib';
import fc from 'fast-check';
import { BufferSource } from '../../src/formats/source.js';
import { isUnsafePath, isZip, listZip, readZipEntryPrefix, type ZipEntry, type ZipListing } from '../../src/formats/zip.js';
import { buildZip, concat, enc } from './builders.js';

const dec = new TextDecoder();

function list(bytes: Uint8Array, maxEntries?: number): ZipListing {
  const r = listZip(new BufferSource(bytes), maxEntries === undefined ? undefined : { maxEntries });
  assert.ok(r.ok, r.ok ? '' : r.error);
  return r.value;
}

function entry(l: ZipListing, name: string): ZipEntry {
  const e = l.entries.find((x) => x.name === name);
  assert.ok(e, `no entry ${name} in ${l.entries.map((x) => x.name).join(', ')}`);
  return e;
}

async function read(bytes: Uint8Array, e: ZipEntry, max: number, maxRatio?: number) {
  return readZipEntryPrefix(new BufferSource(bytes), e, max, maxRatio === undefined ? undefined : { maxRatio });
}

const torchLike = () =>
  buildZip([
    { name: 'archive/data.pkl', data: enc.encode('\x80\x02}q\x00.'), method: 0 },
    { name: 'archive/data/0', data: new Uint8Array(4096).fill(7), method: 8 },
    { name: 'archive/version', data: enc.encode('3\n') },
  ]).bytes;

describe('isZip', () => {
  it('accepts a local header and an empty archive', () => {
    assert.equal(isZip(torchLike()), true);
    assert.equal(isZip(buildZip([]).bytes), true);
  });
  it('rejects a PNG, text, an empty file and a lone PK', () => {
    assert.equal(isZip(Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)), false);
    assert.equal(isZip(enc.encode('hello world, not a zip')), false);
    assert.equal(isZip(new Uint8Array(0)), false);
    assert.equal(isZip(enc.encode('PK')), false);
  });
});

describe('listZip', () => {
  it('lists a plain archive with sizes, methods and offsets', () => {
    const bytes = torchLike();
    const l = list(bytes);
    assert.deepEqual(
      l.entries.map((e) => [e.name, e.method]),
      [
        ['archive/data.pkl', 0],
        ['archive/data/0', 8],
        ['archive/version', 0],
      ],
    );
    assert.equal(l.prefixBytes, 0);
    assert.equal(l.truncated, false);
    assert.equal(l.zip64, false);
    assert.deepEqual(l.warnings, []);
    const d = entry(l, 'archive/data/0');
    assert.equal(d.uncompressedSize, 4096);
    assert.equal(d.encrypted, false);
    assert.equal(d.isDirectory, false);
  });

  it('lists an empty archive', () => {
    const l = list(buildZip([]).bytes);
    assert.deepEqual(l.entries, []);
  });

  it('adjusts offsets for prefix data (self-extracting stub)', async () => {
    const prefix = enc.encode('#!/bin/sh\necho self-extracting stub\nexit 0\n');
    const { bytes, localOffsets } = buildZip([{ name: 'a.txt', data: enc.encode('hello') }], { prefix });
    assert.equal(isZip(bytes), false); // by magic only; listZip still reads it
    const l = list(bytes);
    assert.equal(l.prefixBytes, prefix.length);
    assert.equal(entry(l, 'a.txt').localHeaderOffset, localOffsets[0]);
    const r = await read(bytes, entry(l, 'a.txt'), 100);
    assert.ok(r.ok);
    assert.equal(dec.decode(r.value.bytes), 'hello');
  });

  it('finds the end record behind a comment', () => {
    const { bytes } = buildZip([{ name: 'x', data: enc.encode('1') }], { comment: enc.encode('PK\x05\x06 decoy in comment') });
    assert.deepEqual(list(bytes).entries.map((e) => e.name), ['x']);
  });

  it('marks encrypted entries (flag bit 0 and AES method 99)', async () => {
    const { bytes } = buildZip([
      { name: 'secret.bin', data: enc.encode('xxxx'), flags: 1 },
      { name: 'aes.bin', payload: enc.encode('xxxx'), method: 99 },
    ]);
    const l = list(bytes);
    assert.equal(entry(l, 'secret.bin').encrypted, true);
    assert.equal(entry(l, 'aes.bin').encrypted, true);
    const r = await read(bytes, entry(l, 'secret.bin'), 100);
    assert.deepEqual(r, { ok: false, error: 'encrypted entry' });
  });

  it('ignores a CRC mismatch', async () => {
    const { bytes } = buildZip([{ name: 'a', data: enc.encode('payload'), method: 8, crc: 0xdeadbeef }]);
    const l = list(bytes);
    const r = await read(bytes, entry(l, 'a'), 100);
    assert.ok(r.ok);
    assert.equal(dec.decode(r.value.bytes), 'payload');
    assert.equal(r.value.complete, true);
  });

  it('reads data when the local header name differs from the central one', async () => {
    const { bytes } = buildZip([{ name: 'central/name.pkl', localName: 'a/much/longer/local/name/than/central.pkl', data: enc.encode('DATA') }]);
    const l = list(bytes);
    const r = await read(bytes, entry(l, 'central/name.pkl'), 100);
    assert.ok(r.ok);
    assert.equal(dec.decode(r.value.bytes), 'DATA');
  });

  it('flags unsafe paths', () => {
    const { bytes } = buildZip([
      { name: '../evil.pkl' },
      { name: 'a/../../evil' },
      { name: '/etc/passwd' },
      { name: 'C:\\Windows\\x' },
      { name: '..\\..\\evil' },
      { name: 'fine/dir/' },
      { name: 'fine/..name' },
    ]);
    const l = list(bytes);
    assert.deepEqual(
      l.entries.map((e) => [e.name, e.unsafePath]),
      [
        ['../evil.pkl', true],
        ['a/../../evil', true],
        ['/etc/passwd', true],
        ['C:\\Windows\\x', true],
        ['..\\..\\evil', true],
        ['fine/dir/', false],
        ['fine/..name', false],
      ],
    );
    assert.equal(entry(l, 'fine/dir/').isDirectory, true);
  });

  it('marks symlinks from the unix mode', () => {
    const { bytes } = buildZip([
      { name: 'link', data: enc.encode('/etc/passwd'), unixMode: 0o120777 },
      { name: 'file', data: enc.encode('x'), unixMode: 0o100644 },
      { name: 'dir', unixMode: 0o040755 },
    ]);
    const l = list(bytes);
    assert.equal(entry(l, 'link').isSymlink, true);
    assert.equal(entry(l, 'file').isSymlink, false);
    assert.equal(entry(l, 'dir').isDirectory, true);
  });

  it('decodes CP437 names without the UTF-8 flag and never throws on bad UTF-8', () => {
    const { bytes } = buildZip([
      { name: '', nameBytes: Uint8Array.of(0x63, 0x61, 0x66, 0x82), flags: 0 },
      { name: '', nameBytes: Uint8Array.of(0x61, 0xff, 0xfe), flags: 0x0800 },
    ]);
    const l = list(bytes);
    assert.equal(l.entries[0]?.name, 'café');
    assert.equal(l.entries[1]?.name, 'a\ufffd\ufffd');
  });

  it('reads ZIP64 end records and extra fields', async () => {
    const { bytes } = buildZip([{ name: 'big', data: enc.encode('zip64 data'), zip64: true }], { zip64End: true });
    const l = list(bytes);
    assert.equal(l.zip64, true);
    const e = entry(l, 'big');
    assert.equal(e.compressedSize, 10);
    const r = await read(bytes, e, 100);
    assert.ok(r.ok);
    assert.equal(dec.decode(r.value.bytes), 'zip64 data');
  });

  it('stops at maxEntries and says so', () => {
    const { bytes } = buildZip(Array.from({ length: 20 }, (_, i) => ({ name: `f${i}` })));
    const l = list(bytes, 5);
    assert.equal(l.entries.length, 5);
    assert.equal(l.truncated, true);
  });

  it('falls back to local headers when the central directory is missing (truncated file)', async () => {
    const { bytes, cdStart } = buildZip([
      { name: 'one', data: enc.encode('first entry') },
      { name: 'two', data: new Uint8Array(3000).fill(1), method: 8 },
    ]);
    const cut = bytes.subarray(0, cdStart);
    const l = list(cut);
    assert.deepEqual(l.entries.map((e) => e.name), ['one', 'two']);
    assert.ok(l.warnings.some((w) => w.includes('local headers')));
    const r = await read(cut, entry(l, 'two'), 10_000);
    assert.ok(r.ok);
    assert.equal(r.value.bytes.length, 3000);
    // Cut into the middle of the second entry's data: still listed, read partially.
    const half = bytes.subarray(0, cdStart - 5);
    const l2 = list(half);
    assert.equal(l2.entries.length, 2);
    assert.ok(l2.warnings.some((w) => w.includes('truncated')));
  });

  for (const zip64 of [false, true]) {
    it(`walks data-descriptor entries when the central directory is lost (${zip64 ? '64' : '32'}-bit descriptor)`, async () => {
      const data = enc.encode('deferred sizes, deferred sizes, deferred sizes');
      const payload = new Uint8Array(deflateRawSync(data));
      const sizes = zip64
        ? [payload.length, 0, 0, 0, 0, 0, 0, 0, data.length, 0, 0, 0, 0, 0, 0, 0]
        : [payload.length, 0, 0, 0, data.length, 0, 0, 0];
      const descriptor = Uint8Array.of(0x50, 0x4b, 7, 8, 0, 0, 0, 0, ...sizes);
      const first = buildZip([{ name: 'dd', payload, method: 8, flags: 0x0808, declaredCompressed: 0, declaredUncompressed: 0 }]).bytes;
      const second = buildZip([{ name: 'next', data: enc.encode('n') }]).bytes;
      // Splice the descriptor after the data, then another entry, and no central directory.
      const localEnd = 30 + 2 + payload.length;
      const walked = concat([first.subarray(0, localEnd), descriptor, second.subarray(0, 35)]);
      const l = list(walked);
      assert.deepEqual(l.entries.map((e) => [e.name, e.compressedSize]), [
        ['dd', payload.length],
        ['next', 1],
      ]);
      const r = await read(walked, entry(l, 'dd'), 1000);
      assert.ok(r.ok);
      assert.deepEqual(r.value.bytes, data);
    });
  }

  it('rejects a file that is not a zip', () => {
    const r = listZip(new BufferSource(enc.encode('just some text, no zip here')));
    assert.equal(r.ok, false);
  });
});

describe('readZipEntryPrefix', () => {
  it('returns a bounded prefix of stored and deflated entries', async () => {
    const data = enc.encode('0123456789'.repeat(1000));
    const { bytes } = buildZip([
      { name: 's', data },
      { name: 'd', data, method: 8 },
    ]);
    const l = list(bytes);
    for (const name of ['s', 'd']) {
      const r = await read(bytes, entry(l, name), 25);
      assert.ok(r.ok);
      assert.equal(dec.decode(r.value.bytes), '0123456789012345678901234');
      assert.equal(r.value.complete, false);
      const all = await read(bytes, entry(l, name), 1e6);
      assert.ok(all.ok);
      assert.equal(all.value.bytes.length, 10_000);
      assert.equal(all.value.complete, true);
    }
  });

  it('survives a zip bomb that declares 4 GB inside a 1 KB file', async () => {
    // 1 MB of zeros deflates to about 1 KB; the headers claim 4 GB.
    const payload = new Uint8Array(deflateRawSync(new Uint8Array(1 << 20)));
    const { bytes } = buildZip([{ name: 'bomb', payload, method: 8, declaredUncompressed: 0xfffffffe, declaredCompressed: 0xfffffffe }]);
    assert.ok(bytes.length < 1200, `bomb is ${bytes.length} bytes`);
    const l = list(bytes);
    const e = entry(l, 'bomb');
    assert.equal(e.uncompressedSize, 0xfffffffe);
    const r = await read(bytes, e, 4096);
    assert.ok(r.ok);
    assert.equal(r.value.bytes.length, 4096);
    assert.equal(r.value.complete, false);
    const ratio = await read(bytes, e, 1 << 30, 100);
    assert.deepEqual(ratio, { ok: false, error: 'compression ratio over limit' });
  });

  it('returns what it decoded from truncated deflate data', async () => {
    const data = new Uint8Array(200_000);
    for (let i = 0; i < data.length; i++) data[i] = (i * 31 + (i >> 7)) & 0xff;
    const { bytes } = buildZip([{ name: 'd', data, method: 8 }]);
    const l = list(bytes);
    const e = entry(l, 'd');
    const cut = bytes.subarray(0, 30 + 1 + Math.floor(e.compressedSize / 2));
    const r = await read(cut, e, 1e6);
    assert.ok(r.ok);
    assert.equal(r.value.complete, false);
    assert.ok(r.value.bytes.length > 0 && r.value.bytes.length < data.length);
    assert.deepEqual(r.value.bytes, data.subarray(0, r.value.bytes.length));
  });

  it('fails on unsupported methods and on a missing local header', async () => {
    const { bytes } = buildZip([{ name: 'z', payload: enc.encode('ppmd?'), method: 98 }, { name: 'ok', data: enc.encode('x') }]);
    const l = list(bytes);
    assert.deepEqual(await read(bytes, entry(l, 'z'), 10), { ok: false, error: 'unsupported compression method 98' });
    const moved = { ...entry(l, 'ok'), localHeaderOffset: 3 };
    const r = await read(bytes, moved, 10);
    assert.equal(r.ok, false);
  });

  it('reads bzip2 (12), LZMA (14) and Zstandard (93) members, as CPython zipfile does', async () => {
    // Samples of fixtures/gen/compression.py: the payload is 100 lines of "line 000000 lantern\n".
    const dir = new URL('../../../fixtures/formats/compression/', import.meta.url);
    const small = new Uint8Array(readFileSync(new URL('small.bz2', dir)));
    const zst = new Uint8Array(readFileSync(new URL('small.zst', dir)));
    const alone = new Uint8Array(readFileSync(new URL('small.lzma', dir)));
    let text = '';
    for (let i = 0; i < 100; i++) text += `line ${String(i).padStart(6, '0')} lantern\n`;
    const data = enc.encode(text);
    // A zip LZMA member: version 9.20, u16 properties size 5, the properties, the raw stream.
    const lzmaPayload = concat([Uint8Array.of(9, 20, 5, 0), alone.subarray(0, 5), alone.subarray(13)]);
    const { bytes } = buildZip([
      { name: 'b', payload: small, method: 12, declaredUncompressed: data.length, crc: 0 },
      // Flag bit 1: an end marker closes the stream (what zipfile writes)...
      { name: 'l', payload: lzmaPayload, method: 14, flags: 2, declaredUncompressed: data.length },
      // ...or not set, over a stream that has one all the same.
      { name: 'n', payload: lzmaPayload, method: 14, declaredUncompressed: data.length },
      { name: 'bad', payload: concat([Uint8Array.of(9, 20, 4, 0), alone.subarray(0, 4)]), method: 14 },
      { name: 'z', payload: zst, method: 93, declaredUncompressed: data.length },
      { name: 'zcut', payload: zst.subarray(0, 30), method: 93, declaredUncompressed: data.length },
    ]);
    const l = list(bytes);
    const cut = await read(bytes, entry(l, 'zcut'), 10_000);
    assert.ok(!cut.ok && /zstd decode error/.test(cut.error), JSON.stringify(cut));
    for (const name of ['b', 'l', 'n', 'z']) {
      const r = await read(bytes, entry(l, name), 10_000);
      assert.ok(r.ok && r.value.complete, `${name}: ${JSON.stringify(r)}`);
      assert.equal(dec.decode(r.value.bytes), text, name);
      const head = await read(bytes, entry(l, name), 20);
      assert.ok(head.ok && dec.decode(head.value.bytes) === text.slice(0, 20), name);
    }
    assert.deepEqual(await read(bytes, entry(l, 'bad'), 10), { ok: false, error: 'LZMA member with 4 property bytes' });
  });

  it('fails cleanly on garbage deflate data', async () => {
    const { bytes } = buildZip([{ name: 'g', payload: Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff), method: 8 }]);
    const r = await read(bytes, entry(list(bytes), 'g'), 100);
    assert.equal(r.ok, false);
  });
});

describe('isUnsafePath', () => {
  it('accepts ordinary relative names', () => {
    for (const n of ['a', 'a/b/c.pt', 'x..y', '.hidden/..z', 'dir/']) assert.equal(isUnsafePath(n), false, n);
  });
});

describe('zip property tests', () => {
  const valid = buildZip([
    { name: 'archive/data.pkl', data: enc.encode('\x80\x02}q\x00.'), method: 8 },
    { name: 'archive/data/0', data: new Uint8Array(300).fill(3), method: 0 },
  ]).bytes;

  async function exercise(bytes: Uint8Array): Promise<void> {
    const src = new BufferSource(bytes);
    isZip(bytes);
    const r = listZip(src, { maxEntries: 50 });
    assert.equal(typeof r.ok, 'boolean');
    if (!r.ok) return;
    for (const e of r.value.entries.slice(0, 5)) {
      const p = await readZipEntryPrefix(src, e, 4096, { maxRatio: 1000 });
      assert.equal(typeof p.ok, 'boolean');
      if (p.ok) assert.ok(p.value.bytes.length <= 4096);
    }
  }

  it('random bytes never throw', async () => {
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 600 }), exercise), { numRuns: 200 });
  });

  it('random bytes after a zip signature never throw', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 600 }), fc.boolean(), (tail, eocd) =>
        exercise(concat([eocd ? Uint8Array.of(0x50, 0x4b, 5, 6) : Uint8Array.of(0x50, 0x4b, 3, 4), tail])),
      ),
      { numRuns: 200 },
    );
  });

  it('mutations of a valid archive never throw', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(valid.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }),
        fc.nat(valid.length),
        async (muts, cut) => {
          const b = valid.slice(0, Math.max(cut, valid.length - 40));
          for (const [at, v] of muts) if (at < b.length) b[at] = v;
          await exercise(b);
        },
      ),
      { numRuns: 200 },
    );
  });
});
