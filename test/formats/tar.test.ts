import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { BufferSource } from '../../src/formats/source.js';
import { isTar, listTar, readWrappedTar, TarStream, type TarEntry, type TarListing } from '../../src/formats/tar.js';
import { gzipSync } from 'node:zlib';
import { buildTar, concat, enc, paxRecords, tarHeader } from './builders.js';

function list(bytes: Uint8Array, maxEntries?: number): TarListing {
  const r = listTar(new BufferSource(bytes), maxEntries === undefined ? undefined : { maxEntries });
  assert.ok(r.ok, r.ok ? '' : r.error);
  return r.value;
}

describe('isTar', () => {
  it('accepts ustar and v7 headers', () => {
    assert.equal(isTar(buildTar([{ name: 'a.txt', data: enc.encode('hi') }])), true);
    assert.equal(isTar(buildTar([{ name: 'a.txt', data: enc.encode('hi'), v7: true }])), true);
  });
  it('rejects short input, zeros, text and a bad v7 checksum', () => {
    assert.equal(isTar(buildTar([{ name: 'a' }]).subarray(0, 511)), false);
    assert.equal(isTar(new Uint8Array(1024)), false);
    assert.equal(isTar(enc.encode('x'.repeat(600))), false);
    const bad = buildTar([{ name: 'a', v7: true }]);
    bad[0] = 0x62;
    assert.equal(isTar(bad), false);
  });
  it('a text file with "ustar" at byte 257 is not a tar (tar-stream\'s headers.js)', () => {
    const js = "var ZEROS = '\\0\\0\\0\\0\\0\\0\\0\\0'\nvar SEVENS = '7777777'\nvar ZERO_OFFSET = '0'.charCodeAt(0)\n";
    const text = `${js}${'x'.repeat(257 - js.length)}ustar\\x20', 'binary')\n${'// more code\n'.repeat(40)}`;
    assert.equal(text.indexOf('ustar'), 257);
    assert.equal(isTar(enc.encode(text)), false);
    // Also with blanks where the mode and checksum fields would be.
    const blanks = `${' '.repeat(257)}ustar${' '.repeat(300)}`;
    assert.equal(isTar(enc.encode(blanks)), false);
  });
  it('a ustar header with a wrong checksum but well-formed fields is a (damaged) tar', () => {
    const t = buildTar([{ name: 'model.pkl', data: enc.encode('x') }]);
    t[0] = 0x4e; // the name changes, the checksum does not
    assert.equal(isTar(t), true);
    assert.equal(listTar(new BufferSource(t)).ok, false);
  });
});

/** Feeds `bytes` to a TarStream in pieces of `size` (the last one shorter), gathering `want` bytes of every file. */
function streamTar(bytes: Uint8Array, size: number, want = 16, maxEntries?: number) {
  const taken: [string, string][] = [];
  const t = new TarStream({ want: (e: TarEntry) => (e.type === 'file' ? want : 0), take: (e, b) => taken.push([e.name, Buffer.from(b).toString('latin1')]) }, maxEntries);
  for (let i = 0; i < bytes.length && !t.done; i += size) t.push(bytes.subarray(i, i + size));
  t.end();
  return { t, taken };
}

describe('TarStream', () => {
  const archive = buildTar([
    { name: 'pax_global_header', type: 'g', data: paxRecords({ comment: 'ignored' }) },
    { name: 'code/', type: '5' },
    { name: 'code/inference.py', data: enc.encode('import torch\n'.repeat(300)) },
    { name: '././@LongLink', type: 'L', data: enc.encode(`${'d/'.repeat(80)}model.pkl\0`) },
    { name: 'short-name', data: enc.encode('PICKLE-BYTES-HERE-AND-MORE') },
    { name: 'PaxHeaders/x', type: 'x', data: paxRecords({ path: '../escape.bin' }) },
    { name: 'x', data: new Uint8Array(0) },
    { name: 'link', type: '2', linkName: '/etc/passwd' },
    { name: 'last.txt', data: enc.encode('end') },
  ]);

  it('lists what listTar lists, and gathers each file\'s head, whatever the chunk size', () => {
    const listed = listTar(new BufferSource(archive));
    assert.ok(listed.ok);
    for (const size of [1, 7, 511, 512, 513, 4096, archive.length]) {
      const { t, taken } = streamTar(archive, size);
      assert.equal(t.error, undefined, `chunk ${size}`);
      assert.deepEqual(t.entries, listed.value.entries, `chunk ${size}`);
      assert.deepEqual(t.warnings, [], `chunk ${size}`);
      assert.deepEqual(taken, [
        ['code/inference.py', 'import torch\nimp'],
        [`${'d/'.repeat(80)}model.pkl`, 'PICKLE-BYTES-HER'],
        ['last.txt', 'end'],
      ], `chunk ${size}`);
    }
  });

  it('stops at the end-of-archive block and reads nothing after it', () => {
    const { t } = streamTar(concat([archive, enc.encode('trailing garbage '.repeat(100))]), 1000);
    assert.equal(t.done, true);
    assert.equal(t.entries.length, 6);
  });

  it('hands over what it has of an entry cut short, with a warning', () => {
    const cut = archive.subarray(0, 512 * 5 + 100); // inside code/inference.py's data
    const { t, taken } = streamTar(cut, 300, 1 << 20);
    assert.deepEqual(t.entries.map((e) => e.name), ['code/', 'code/inference.py']);
    assert.ok(t.warnings.some((w) => w.includes('"code/inference.py" is truncated')), t.warnings.join());
    assert.equal(taken.length, 1);
    // global pax header and its record, code/, inference.py's header: its data starts at 2048.
    assert.equal(taken[0]?.[1].length, 512 * 5 + 100 - 2048);
    assert.ok(taken[0]?.[1].startsWith('import torch'));
  });

  it('says what is cut: a header, or the end-of-archive blocks', () => {
    // inference.py's 3,900 bytes of data end at 6144, where the next header starts.
    assert.deepEqual(streamTar(archive.subarray(0, 6144 + 100), 512).t.warnings, ['truncated header at offset 6144']);
    const noEnd = buildTar([{ name: 'a', data: enc.encode('a') }], { noEnd: true });
    assert.deepEqual(streamTar(noEnd, 512).t.warnings, ['archive ends without end-of-archive blocks']);
  });

  it('is not a tar: text, an empty stream, less than a block', () => {
    assert.equal(streamTar(enc.encode('not a tar '.repeat(100)), 64).t.error, 'not a tar archive: bad header checksum');
    assert.equal(streamTar(new Uint8Array(0), 64).t.error, 'empty stream');
    assert.equal(streamTar(archive.subarray(0, 100), 64).t.error, 'not a tar archive: shorter than one block');
  });

  it('stops at maxEntries', () => {
    const { t } = streamTar(buildTar(Array.from({ length: 10 }, (_, i) => ({ name: `f${i}` }))), 512, 16, 3);
    assert.equal(t.entries.length, 3);
    assert.equal(t.truncated, true);
  });
});

describe('readWrappedTar', () => {
  const big = new Uint8Array(300_000).map((_, i) => (i * 7919) % 251);
  const archive = buildTar([{ name: 'code/big.bin', data: big }, { name: 'model.pkl', data: enc.encode('the model') }]);
  const gz = new Uint8Array(gzipSync(archive));
  const wantAll = () => {
    const taken: string[] = [];
    return { taken, sink: { want: (e: TarEntry) => (e.name === 'model.pkl' ? 64 : 0), take: (e: TarEntry, b: Uint8Array) => taken.push(`${e.name}:${Buffer.from(b).toString()}`) } };
  };

  it('reads a member after a large one (the wrapper decoded to the end of the archive)', async () => {
    const { taken, sink } = wantAll();
    const w = await readWrappedTar(new BufferSource(gz), 'gzip', sink, { maxOutput: 1 << 30, maxRatio: 1000 });
    assert.deepEqual(taken, ['model.pkl:the model']);
    assert.equal(w.cut, false);
    assert.equal(w.error, undefined);
    assert.deepEqual(w.tar.entries.map((e) => e.name), ['code/big.bin', 'model.pkl']);
  });

  it('is cut at maxOutput: the member after it is not seen', async () => {
    const { taken, sink } = wantAll();
    const w = await readWrappedTar(new BufferSource(gz), 'gzip', sink, { maxOutput: 100_000, maxRatio: 1000 });
    assert.equal(w.cut, true);
    assert.deepEqual(taken, []);
  });

  it('says when the decoder fails before the end of the archive (bytes after the gzip member)', async () => {
    const { sink } = wantAll();
    const trailing = concat([gz.subarray(0, gz.length), enc.encode('not gzip '.repeat(600))]);
    const w = await readWrappedTar(new BufferSource(trailing), 'gzip', sink, { maxOutput: 1 << 30, maxRatio: 1000 });
    assert.equal(w.complete, false);
    assert.equal(w.error, 'incorrect header check');
    const whole = await readWrappedTar(new BufferSource(gz), 'gzip', wantAll().sink, { maxOutput: 1 << 30, maxRatio: 1000 });
    assert.equal(whole.complete, true);
  });

  it('a bomb fails on the ratio', async () => {
    const bomb = new Uint8Array(gzipSync(buildTar([{ name: 'zeros', data: new Uint8Array(20 << 20) }])));
    const w = await readWrappedTar(new BufferSource(bomb), 'gzip', wantAll().sink, { maxOutput: 1 << 30, maxRatio: 200 });
    assert.equal(w.error, 'compression ratio over limit');
  });
});

describe('listTar', () => {
  it('lists files, directories and links with data offsets', () => {
    const bytes = buildTar([
      { name: 'model/', type: '5' },
      { name: 'model/weights.pt', data: new Uint8Array(1000).fill(1) },
      { name: 'model/latest', type: '2', linkName: 'weights.pt' },
      { name: 'model/hard', type: '1', linkName: 'model/weights.pt' },
      { name: 'model/fifo', type: '6' },
    ]);
    const l = list(bytes);
    assert.deepEqual(
      l.entries.map((e) => [e.name, e.type, e.size, e.dataOffset, e.linkName]),
      [
        ['model/', 'dir', 0, 512, undefined],
        ['model/weights.pt', 'file', 1000, 1024, undefined],
        ['model/latest', 'symlink', 0, 1024 + 1024 + 512, 'weights.pt'],
        ['model/hard', 'hardlink', 0, 1024 + 1024 + 1024, 'model/weights.pt'],
        ['model/fifo', 'other', 0, 1024 + 1024 + 1536, undefined],
      ],
    );
    assert.equal(l.truncated, false);
    assert.deepEqual(l.warnings, []);
    assert.equal(bytes[l.entries[1]?.dataOffset ?? 0], 1);
  });

  it('joins the ustar prefix field', () => {
    const l = list(buildTar([{ name: 'file.bin', prefix: 'some/deep/directory', data: enc.encode('x') }]));
    assert.equal(l.entries[0]?.name, 'some/deep/directory/file.bin');
  });

  it('applies GNU long names and long link names', () => {
    const long = `${'d/'.repeat(80)}model.safetensors`;
    const target = `${'t/'.repeat(70)}target`;
    const l = list(
      buildTar([
        { name: '././@LongLink', type: 'L', data: enc.encode(`${long}\0`) },
        { name: long.slice(0, 99), data: enc.encode('abc') },
        { name: '././@LongLink', type: 'K', data: enc.encode(`${target}\0`) },
        { name: 'sym', type: '2', linkName: target.slice(0, 99) },
      ]),
    );
    assert.deepEqual(
      l.entries.map((e) => [e.name, e.type, e.linkName]),
      [
        [long, 'file', undefined],
        ['sym', 'symlink', target],
      ],
    );
  });

  it('applies pax path, linkpath and size; ignores global headers', () => {
    const data = new Uint8Array(700).fill(9);
    const l = list(
      buildTar([
        { name: 'pax_global_header', type: 'g', data: paxRecords({ comment: 'ignored', path: 'not/this' }) },
        { name: 'PaxHeaders/x', type: 'x', data: paxRecords({ path: 'ünïcode/../../escape.pkl', size: '700' }) },
        { name: 'short', declaredSize: 0, data },
        { name: 'PaxHeaders/y', type: 'x', data: paxRecords({ linkpath: '/abs/target' }) },
        { name: 'ln', type: '2', linkName: 'short' },
        { name: 'after', data: enc.encode('z') },
      ]),
    );
    assert.deepEqual(
      l.entries.map((e) => [e.name, e.size, e.unsafePath, e.linkName]),
      [
        ['ünïcode/../../escape.pkl', 700, true, undefined],
        ['ln', 0, false, '/abs/target'],
        ['after', 1, false, undefined],
      ],
    );
  });

  it('reads base-256 sizes', () => {
    const data = new Uint8Array(1500);
    const l = list(buildTar([{ name: 'b256', data, base256: true }, { name: 'next' }]));
    assert.deepEqual(l.entries.map((e) => [e.name, e.size]), [
      ['b256', 1500],
      ['next', 0],
    ]);
  });

  it('flags unsafe names', () => {
    const l = list(buildTar([{ name: '../evil' }, { name: '/abs' }, { name: 'ok/name' }]));
    assert.deepEqual(l.entries.map((e) => e.unsafePath), [true, true, false]);
  });

  it('stops at maxEntries', () => {
    const l = list(buildTar(Array.from({ length: 10 }, (_, i) => ({ name: `f${i}` }))), 3);
    assert.equal(l.entries.length, 3);
    assert.equal(l.truncated, true);
  });

  it('lists a truncated archive with a warning', () => {
    const bytes = buildTar([{ name: 'a', data: enc.encode('a') }, { name: 'big', data: new Uint8Array(5000) }], { noEnd: true });
    const l = list(bytes.subarray(0, 1024 + 512 + 100));
    assert.deepEqual(l.entries.map((e) => e.name), ['a', 'big']);
    assert.ok(l.warnings.some((w) => w.includes('truncated')));
    const l2 = list(bytes.subarray(0, 1024 + 200));
    assert.deepEqual(l2.entries.map((e) => e.name), ['a']);
    assert.ok(l2.warnings.length > 0);
  });

  it('does not read entry data (a huge declared size costs nothing)', () => {
    let reads = 0;
    const bytes = concat([tarHeader({ name: 'huge', declaredSize: 2 ** 40, base256: true })]);
    const src = new BufferSource(bytes);
    const counting = {
      size: 2 ** 41,
      readAt(o: number, n: number) {
        reads++;
        assert.ok(n <= 1024 * 1024);
        return src.readAt(o, n);
      },
    };
    const r = listTar(counting);
    assert.ok(r.ok);
    assert.equal(r.value.entries[0]?.size, 2 ** 40);
    assert.ok(reads <= 3);
  });

  it('rejects non-tar input', () => {
    assert.equal(listTar(new BufferSource(enc.encode('not a tar'.repeat(100)))).ok, false);
    assert.equal(listTar(new BufferSource(new Uint8Array(0))).ok, false);
  });
});

/** Rewrites the checksum of every non-zero 512-byte block as if it were a header. */
function fixChecksums(b: Uint8Array): Uint8Array {
  const out = b.slice();
  for (let at = 0; at + 512 <= out.length; at += 512) {
    const h = out.subarray(at, at + 512);
    if (h.every((x) => x === 0)) continue;
    h.fill(0x20, 148, 156);
    let sum = 0;
    for (const x of h) sum += x;
    h.set(enc.encode(sum.toString(8).padStart(6, '0') + '\0 '), 148);
  }
  return out;
}

describe('tar property tests', () => {
  const valid = buildTar([
    { name: 'PaxHeaders/x', type: 'x', data: paxRecords({ path: 'long/path' }) },
    { name: 'a', data: enc.encode('hello') },
    { name: '././@LongLink', type: 'L', data: enc.encode('x'.repeat(120)) },
    { name: 'b', data: new Uint8Array(600) },
  ]);

  function exercise(bytes: Uint8Array): void {
    isTar(bytes);
    const r = listTar(new BufferSource(bytes), { maxEntries: 100 });
    assert.equal(typeof r.ok, 'boolean');
    // The stream reader never throws either, and where the lister reads a whole clean archive it
    // lists the same entries.
    const { t } = streamTar(bytes, 37, 64, 100);
    assert.equal(t.done, true);
    if (r.ok && r.value.warnings.length === 0 && !r.value.truncated) assert.deepEqual(t.entries, r.value.entries);
  }

  it('random bytes never throw', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 1600 }), exercise), { numRuns: 200 });
  });

  it('mutations of a valid archive never throw', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(valid.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 10 }),
        fc.nat(valid.length),
        (muts, cut) => {
          const b = valid.slice(0, cut);
          for (const [at, v] of muts) if (at < b.length) b[at] = v;
          exercise(b);
          // Again with valid checksums, so the mutation reaches the field parsers.
          exercise(fixChecksums(b));
        },
      ),
      { numRuns: 200 },
    );
  });
});
