import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isNpy, type NpyHeader, parsePyLiteral, readNpyHeader } from '../../src/formats/npy.js';
import { BufferSource } from '../../src/formats/source.js';
import { buildNpy, concat, enc } from './builders.js';

function header(bytes: Uint8Array): NpyHeader {
  const r = readNpyHeader(new BufferSource(bytes));
  assert.ok(r.ok, r.ok ? '' : r.error);
  return r.value;
}

function error(bytes: Uint8Array): string {
  const r = readNpyHeader(new BufferSource(bytes));
  assert.equal(r.ok, false);
  return r.ok ? '' : r.error;
}

describe('isNpy', () => {
  it('accepts versions 1 to 3', () => {
    for (const major of [1, 2, 3]) assert.equal(isNpy(buildNpy("{'descr': '<f4', 'fortran_order': False, 'shape': (), }", { major })), true);
  });
  it('rejects other versions, other magic and short input', () => {
    assert.equal(isNpy(Uint8Array.of(0x93, ...enc.encode('NUMPY'), 4, 0)), false);
    assert.equal(isNpy(Uint8Array.of(0x93, ...enc.encode('NUMPY'), 0, 0)), false);
    assert.equal(isNpy(enc.encode('NUMPY but no x93 byte')), false);
    assert.equal(isNpy(Uint8Array.of(0x93, ...enc.encode('NUM'))), false);
    assert.equal(isNpy(new Uint8Array(0)), false);
  });
});

describe('readNpyHeader', () => {
  it('reads a v1 header as numpy writes it', () => {
    const bytes = buildNpy("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }", { data: new Uint8Array(48) });
    const h = header(bytes);
    assert.deepEqual(h.version, [1, 0]);
    assert.equal(h.descr, '<f4');
    assert.equal(h.fortranOrder, false);
    assert.deepEqual(h.shape, [3, 4]);
    assert.equal(h.itemCount, 12);
    assert.equal(h.hasObject, false);
    assert.equal(h.dataOffset, 128);
    assert.equal(h.dataOffset % 64, 0);
    assert.equal(h.dataOffset, 10 + h.headerLength);
  });

  it('reads v2 and v3 headers (u32 length, UTF-8 in v3)', () => {
    const v2 = header(buildNpy('{"descr": ">i8", "fortran_order": True, "shape": (5,)}', { major: 2 }));
    assert.deepEqual([v2.version, v2.descr, v2.fortranOrder, v2.shape], [[2, 0], '>i8', true, [5]]);
    assert.equal(v2.dataOffset, 12 + v2.headerLength);
    const v3 = header(buildNpy("{'descr': [('température', '<f8')], 'fortran_order': False, 'shape': (2,), }", { major: 3 }));
    assert.equal(v3.descr, "[('température', '<f8')]");
  });

  it('reads a scalar and a zero-size array', () => {
    assert.equal(header(buildNpy("{'descr': '<f8', 'fortran_order': False, 'shape': (), }")).itemCount, 1);
    assert.equal(header(buildNpy("{'descr': '<f8', 'fortran_order': False, 'shape': (0, 7), }")).itemCount, 0);
  });

  it('flags object dtypes, plain and nested in structured dtypes', () => {
    const plain = header(buildNpy("{'descr': '|O', 'fortran_order': False, 'shape': (2,), }"));
    assert.equal(plain.hasObject, true);
    const structured = header(
      buildNpy("{'descr': [('id', '<i8'), ('meta', [('label', '<U10'), ('payload', '|O')]), ('w', '<f4', (2, 2))], 'fortran_order': False, 'shape': (10,), }"),
    );
    assert.equal(structured.hasObject, true);
    assert.equal(structured.descr, "[('id', '<i8'), ('meta', [('label', '<U10'), ('payload', '|O')]), ('w', '<f4', (2, 2))]");
    const titled = header(buildNpy("{'descr': [(('Title', 'x'), 'O')], 'fortran_order': False, 'shape': (1,), }"));
    assert.equal(titled.hasObject, true);
    const safe = header(buildNpy("{'descr': [('O', '<f4'), ('b', '|S4')], 'fortran_order': False, 'shape': (1,), }"));
    assert.equal(safe.hasObject, false, 'a field named O is not an object field');
  });

  it('accepts Python 2 long suffixes in shapes', () => {
    assert.deepEqual(header(buildNpy("{'descr': '<f4', 'fortran_order': False, 'shape': (3L, 4L), }")).shape, [3, 4]);
  });

  it('never evaluates: names and calls are syntax errors', () => {
    assert.match(error(buildNpy("{'descr': __import__('os').system('echo pwned'), 'fortran_order': False, 'shape': ()}")), /not a literal|unexpected/);
    assert.match(error(buildNpy("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), 'x': lambda: 1}")), /not a literal|unexpected/);
  });

  it('rejects malformed headers', () => {
    assert.match(error(buildNpy("{'descr': '<f4', 'shape': (3,)}")), /lacks/);
    assert.match(error(buildNpy("{'descr': '<f4', 'fortran_order': 0, 'shape': (3,)}")), /fortran_order/);
    assert.match(error(buildNpy("{'descr': '<f4', 'fortran_order': False, 'shape': (3)}")), /shape/);
    assert.match(error(buildNpy("{'descr': '<f4', 'fortran_order': False, 'shape': (-1,)}")), /shape/);
    assert.match(error(buildNpy("['descr', '<f4']")), /not a dict/);
    assert.match(error(buildNpy("{'descr': '<f4'")), /npy header/);
    assert.match(error(buildNpy(`{'descr': ${'['.repeat(200)}${']'.repeat(200)}, 'fortran_order': False, 'shape': ()}`)), /deep/);
    assert.match(error(enc.encode('not npy at all')), /not an npy/);
  });

  it('caps the header length and reports truncation', () => {
    const big = concat([Uint8Array.of(0x93), enc.encode('NUMPY'), Uint8Array.of(2, 0, 0, 0, 0x20, 0)]);
    assert.match(error(big), /over/);
    const full = buildNpy("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }");
    const r = readNpyHeader(new BufferSource(full.subarray(0, 40)));
    assert.deepEqual(r, { ok: false, error: 'npy header truncated', truncated: true });
  });
});

describe('parsePyLiteral', () => {
  it('parses the literal subset', () => {
    assert.deepEqual(parsePyLiteral("{'a': (1,), \"b\": [True, None], 'c': 'x' 'y'}"), {
      kind: 'dict',
      entries: [
        ['a', { kind: 'tuple', items: [1] }],
        ['b', { kind: 'list', items: [true, null] }],
        ['c', 'xy'],
      ],
    });
    assert.equal(parsePyLiteral("'it\\'s'"), "it's");
  });
});

describe('npy property tests', () => {
  const valid = buildNpy("{'descr': [('a', '<f4'), ('b', '|O')], 'fortran_order': False, 'shape': (3, 4), }");
  const exercise = (bytes: Uint8Array): void => {
    isNpy(bytes);
    const r = readNpyHeader(new BufferSource(bytes));
    assert.equal(typeof r.ok, 'boolean');
  };

  it('random bytes after the magic never throw', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.integer({ min: 0, max: 4 }), (tail, major) =>
        exercise(concat([Uint8Array.of(0x93), enc.encode('NUMPY'), Uint8Array.of(major, 0), tail])),
      ),
      { numRuns: 200 },
    );
  });

  it('random header text never throws', () => {
    const chars = fc.constantFrom(...'{}()[],:\'" 0123456789-+LTrueFalsNonx\\<f4|O'.split(''));
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 120 }), (cs) => exercise(buildNpy(cs.join('')))),
      { numRuns: 200 },
    );
  });

  it('mutations of a valid file never throw', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(valid.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }), (muts) => {
        const b = valid.slice();
        for (const [at, v] of muts) b[at] = v;
        exercise(b);
      }),
      { numRuns: 200 },
    );
  });
});
