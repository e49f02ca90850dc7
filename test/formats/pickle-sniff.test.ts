import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { LONG_LINE_HEAD, OPCODES, OPCODE_BY_BYTE, OPCODE_BY_NAME, isLegacyTorch, looksLikePickle, looksLikePickleLong, pickleGlobalsInHead, readOpcodeArg } from '../../src/formats/pickle-sniff.js';
import { LEGACY_TORCH_HEAD, NOT_MODELS, PICKLES, RICH_PICKLES, concat, hex, joblibHead, mutations, quick, utf8 } from './model-builders.js';

describe('pickle opcode table', () => {
  it('has every pickletools opcode once, with distinct codes', () => {
    assert.equal(OPCODES.length, 68);
    assert.equal(new Set(OPCODES.map((o) => o.code)).size, 68);
    assert.equal(new Set(OPCODES.map((o) => o.name)).size, 68);
    const counts = [0, 0, 0, 0, 0, 0];
    for (const o of OPCODES) counts[o.proto] = (counts[o.proto] ?? 0) + 1;
    // Opcodes introduced per protocol, as in CPython's pickletools.
    assert.deepEqual(counts, [22, 19, 12, 2, 10, 3]);
  });

  it('matches CPython 3.11 pickletools.opcodes exactly, in order', () => {
    // ' '.join(f"{ord(o.code):02x}:{o.name}:{o.arg.name if o.arg else 'none'}:{o.proto}" for o in pickletools.opcodes)
    const reference =
      '49:INT:decimalnl_short:0 4a:BININT:int4:1 4b:BININT1:uint1:1 4d:BININT2:uint2:1 4c:LONG:decimalnl_long:0 8a:LONG1:long1:2 8b:LONG4:long4:2 53:STRING:stringnl:0 54:BINSTRING:string4:1 55:SHORT_BINSTRING:string1:1 42:BINBYTES:bytes4:3 43:SHORT_BINBYTES:bytes1:3 8e:BINBYTES8:bytes8:4 96:BYTEARRAY8:bytearray8:5 97:NEXT_BUFFER:none:5 98:READONLY_BUFFER:none:5 4e:NONE:none:0 88:NEWTRUE:none:2 89:NEWFALSE:none:2 56:UNICODE:unicodestringnl:0 8c:SHORT_BINUNICODE:unicodestring1:4 58:BINUNICODE:unicodestring4:1 8d:BINUNICODE8:unicodestring8:4 46:FLOAT:floatnl:0 47:BINFLOAT:float8:1 5d:EMPTY_LIST:none:1 61:APPEND:none:0 65:APPENDS:none:1 6c:LIST:none:0 29:EMPTY_TUPLE:none:1 74:TUPLE:none:0 85:TUPLE1:none:2 86:TUPLE2:none:2 87:TUPLE3:none:2 7d:EMPTY_DICT:none:1 64:DICT:none:0 73:SETITEM:none:0 75:SETITEMS:none:1 8f:EMPTY_SET:none:4 90:ADDITEMS:none:4 91:FROZENSET:none:4 30:POP:none:0 32:DUP:none:0 28:MARK:none:0 31:POP_MARK:none:1 67:GET:decimalnl_short:0 68:BINGET:uint1:1 6a:LONG_BINGET:uint4:1 70:PUT:decimalnl_short:0 71:BINPUT:uint1:1 72:LONG_BINPUT:uint4:1 94:MEMOIZE:none:4 82:EXT1:uint1:2 83:EXT2:uint2:2 84:EXT4:int4:2 63:GLOBAL:stringnl_noescape_pair:0 93:STACK_GLOBAL:none:4 52:REDUCE:none:0 62:BUILD:none:0 69:INST:stringnl_noescape_pair:0 6f:OBJ:none:1 81:NEWOBJ:none:2 92:NEWOBJ_EX:none:4 80:PROTO:uint1:2 2e:STOP:none:0 95:FRAME:uint8:4 50:PERSID:stringnl_noescape:0 51:BINPERSID:none:1';
    assert.equal(OPCODES.map((o) => `${o.code.toString(16).padStart(2, '0')}:${o.name}:${o.arg}:${o.proto}`).join(' '), reference);
  });

  it('spot-checks codes, argument kinds and protocols', () => {
    const check = (name: string, code: number, arg: string, proto: number): void => {
      assert.deepEqual(OPCODE_BY_NAME.get(name), { code, name, arg, proto }, name);
      assert.equal(OPCODE_BY_BYTE[code]?.name, name);
    };
    check('GLOBAL', 0x63, 'stringnl_noescape_pair', 0);
    check('INST', 0x69, 'stringnl_noescape_pair', 0);
    check('STACK_GLOBAL', 0x93, 'none', 4);
    check('REDUCE', 0x52, 'none', 0);
    check('LONG1', 0x8a, 'long1', 2);
    check('LONG4', 0x8b, 'long4', 2);
    check('BINSTRING', 0x54, 'string4', 1);
    check('BINBYTES8', 0x8e, 'bytes8', 4);
    check('BYTEARRAY8', 0x96, 'bytearray8', 5);
    check('FRAME', 0x95, 'uint8', 4);
    check('PERSID', 0x50, 'stringnl_noescape', 0);
    check('EXT4', 0x84, 'int4', 2);
    check('INT', 0x49, 'decimalnl_short', 0);
    check('LONG', 0x4c, 'decimalnl_long', 0);
    check('UNICODE', 0x56, 'unicodestringnl', 0);
    check('BINFLOAT', 0x47, 'float8', 1);
    check('FLOAT', 0x46, 'floatnl', 0);
    check('PROTO', 0x80, 'uint1', 2);
    check('STOP', 0x2e, 'none', 0);
  });
});

describe('readOpcodeArg', () => {
  const arg = (h: string | Uint8Array, kind: Parameters<typeof readOpcodeArg>[2]) => readOpcodeArg(typeof h === 'string' ? hex(h) : h, 0, kind);

  it('decodes fixed-width integers and floats', () => {
    assert.deepEqual(arg('ff', 'uint1'), { ok: true, value: 255, next: 1 });
    assert.deepEqual(arg('3412', 'uint2'), { ok: true, value: 0x1234, next: 2 });
    assert.deepEqual(arg('fbffffff', 'int4'), { ok: true, value: -5, next: 4 });
    assert.deepEqual(arg('fbffffff', 'uint4'), { ok: true, value: 0xfffffffb, next: 4 });
    assert.deepEqual(arg('0100000000000000', 'uint8'), { ok: true, value: 1, next: 8 });
    assert.deepEqual(arg('ffffffffffffffff', 'uint8'), { ok: true, value: 2n ** 64n - 1n, next: 8 });
    assert.deepEqual(arg('3ff8000000000000', 'float8'), { ok: true, value: 1.5, next: 8 });
  });

  it('decodes LONG1/LONG4 two-complement payloads', () => {
    assert.deepEqual(arg('09000000000000000040', 'long1'), { ok: true, value: 2n ** 70n, next: 10 });
    assert.deepEqual(arg('01ff', 'long1'), { ok: true, value: -1n, next: 2 });
    assert.deepEqual(arg('00', 'long1'), { ok: true, value: 0n, next: 1 });
    assert.deepEqual(arg('020000000001', 'long4'), { ok: true, value: 256n, next: 6 });
    assert.equal(arg('ffffffff', 'long4').ok, false);
  });

  it('decodes counted strings and bytes', () => {
    assert.deepEqual(arg(concat([3], utf8('abc')), 'unicodestring1'), { ok: true, value: 'abc', next: 4 });
    assert.deepEqual(arg(concat([2, 0, 0, 0], utf8('hé').subarray(0, 2)), 'unicodestring4').ok, true);
    const b = arg(concat([2, 0, 0, 0], [9, 8]), 'bytes4');
    assert.ok(b.ok && b.value instanceof Uint8Array && b.value.length === 2);
    assert.deepEqual(arg(concat([0xff, 0xff, 0xff, 0xff], [0]), 'string4').ok, false);
    const cut = arg(concat([10], utf8('abc')), 'bytes1');
    assert.ok(!cut.ok && cut.truncated);
    const huge = arg('ffffffffffffff7f', 'bytes8');
    assert.ok(!huge.ok && huge.truncated);
  });

  it('decodes newline arguments', () => {
    assert.deepEqual(arg(utf8('01\n'), 'decimalnl_short'), { ok: true, value: true, next: 3 });
    assert.deepEqual(arg(utf8('00\n'), 'decimalnl_short'), { ok: true, value: false, next: 3 });
    assert.deepEqual(arg(utf8('-42\n'), 'decimalnl_short'), { ok: true, value: -42, next: 4 });
    assert.deepEqual(arg(utf8('123L\n'), 'decimalnl_long'), { ok: true, value: 123n, next: 5 });
    assert.deepEqual(arg(utf8('1.5\n'), 'floatnl'), { ok: true, value: 1.5, next: 4 });
    assert.deepEqual(arg(utf8("'a\\nb'\n"), 'stringnl'), { ok: true, value: 'a\nb', next: 7 });
    assert.deepEqual(arg(utf8('caf\\xe9\n'), 'unicodestringnl'), { ok: true, value: 'café', next: 8 });
    assert.deepEqual(arg(utf8('os\nsystem\n'), 'stringnl_noescape_pair'), { ok: true, value: ['os', 'system'], next: 10 });
    assert.equal(arg(utf8('abc\n'), 'decimalnl_short').ok, false);
    assert.equal(arg(utf8('abc\n'), 'stringnl').ok, false);
    assert.equal(arg(utf8('os system\nx\n'), 'stringnl_noescape_pair').ok, false);
    const open = arg(utf8('123'), 'decimalnl_short');
    assert.ok(!open.ok && open.truncated);
  });

  it('reads string lines whole, and caps number and name lines', () => {
    // Protocol-0 NumPy pickles hold arrays as STRING lines of hundreds of kilobytes.
    const long = arg(utf8(`'${'x'.repeat(300_000)}'\n`), 'stringnl');
    assert.ok(long.ok && typeof long.value === 'string' && long.value.length === 300_000);
    assert.ok(arg(utf8(`${'y'.repeat(300_000)}\n`), 'unicodestringnl').ok);
    assert.deepEqual(arg(utf8(`${'1'.repeat(70_000)}\n`), 'decimalnl_long'), { ok: false, error: 'line argument longer than the limit' });
    assert.deepEqual(arg(utf8(`${'m'.repeat(70_000)}\nsystem\n`), 'stringnl_noescape_pair'), { ok: false, error: 'line argument longer than the limit' });
  });
});

describe('looksLikePickle', () => {
  it('accepts pickles of protocols 0 to 5', () => {
    for (let p = 0; p <= 5; p++) {
      const b = hex(PICKLES[p] as string);
      assert.deepEqual(looksLikePickle(b, b.length), { pickle: true, protocol: p }, `protocol ${p}`);
      const rich = hex(RICH_PICKLES[p] as string);
      assert.equal(looksLikePickle(rich, rich.length).pickle, true, `rich protocol ${p}`);
    }
  });

  it('accepts a head of a larger protocol 0/1 pickle', () => {
    for (const p of [0, 1]) {
      const b = hex(RICH_PICKLES[p] as string);
      assert.equal(looksLikePickle(b.subarray(0, 64), b.length).pickle, true, `protocol ${p}`);
    }
  });

  it('rejects text, JSON, PNG, random bytes and near misses', () => {
    for (const [name, b] of Object.entries(NOT_MODELS)) assert.equal(looksLikePickle(b, b.length).pickle, false, name);
    for (const text of ['(see below).', 'README', '(a)', ']]]]', '(dp0\n', 'I1\nI2\n.', 'Hello\n', '}', '(lp0\nI1\na']) {
      const b = utf8(text);
      assert.equal(looksLikePickle(b, b.length).pickle, false, JSON.stringify(text));
    }
    assert.equal(looksLikePickle(hex('8006'), 100).pickle, false, 'protocol 6');
    assert.equal(looksLikePickle(hex('800201'), 100).pickle, false, 'PROTO then not an opcode');
  });

  it('accepts raw array bytes inside a protocol 2+ stream (joblib), not right after the header', () => {
    // PROTO 3, EMPTY_LIST, BINPUT 0, MARK, BININT1 1, then bytes that are not opcodes.
    const joblibLike = concat(hex('80035d7100284b01'), [0x00, 0x01, 0x02, 0x03]);
    assert.deepEqual(looksLikePickle(joblibLike, 1000), { pickle: true, protocol: 3 });
    assert.equal(looksLikePickle(hex('80024e000102'), 1000).pickle, false);
    const jl = joblibHead();
    assert.deepEqual(looksLikePickle(jl, 4096), { pickle: true, protocol: 4 });
  });

  it('rejects truncated complete pickles', () => {
    for (let p = 0; p <= 1; p++) {
      const b = hex(PICKLES[p] as string);
      const cut = b.subarray(0, b.length - 1);
      assert.equal(looksLikePickle(cut, cut.length).pickle, false, `protocol ${p}`);
    }
  });

  // pickle.dumps(['a' * n], protocol=0): `(lp0\nV`, the string's line, `p1\na.`; protocol 1:
  // EMPTY_LIST, BINPUT, MARK, BINUNICODE with a 4-byte length, then BINPUT, NONE, APPENDS, STOP.
  const longLine = (n: number, tail = '\np1\na.') => concat(utf8('(lp0\nV'), utf8('a'.repeat(n)), utf8(tail));
  const longCounted = (n: number) => concat(hex('5d71002858'), [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, n >>> 24], utf8('a'.repeat(n)), hex('71014e652e'));

  it('asks for a longer look when a string of the first opcodes runs past the head', () => {
    const big = longLine(200_000);
    assert.deepEqual(looksLikePickle(big.subarray(0, 64 * 1024), big.length), { pickle: false, more: true });
    assert.deepEqual(looksLikePickle(big, big.length), { pickle: true, protocol: 0 });
    const counted = longCounted(100_000);
    assert.deepEqual(looksLikePickle(counted.subarray(0, 64 * 1024), counted.length), { pickle: false, more: true });
    assert.deepEqual(looksLikePickle(counted, counted.length), { pickle: true, protocol: 1 });
    // A counted length past the end of the file is a truncated stream, not a reason to look again.
    assert.deepEqual(looksLikePickle(counted.subarray(0, 64 * 1024), 70_000), { pickle: false });
    // Numbers and names are not strings: no second look.
    const int = concat(utf8('(I'), utf8('1'.repeat(70_000)), utf8('\n.'));
    assert.deepEqual(looksLikePickle(int.subarray(0, 64 * 1024), int.length), { pickle: false });
  });

  it('looksLikePickleLong reads more for such a head, and only for it', () => {
    let reads: number[] = [];
    const reader = (b: Uint8Array) => (n: number) => (reads.push(n), b.subarray(0, n));
    const big = longLine(200_000);
    assert.deepEqual(looksLikePickleLong(big.subarray(0, 64 * 1024), big.length, reader(big)), { pickle: true, protocol: 0 });
    assert.deepEqual(reads, [LONG_LINE_HEAD]);
    reads = [];
    const small = hex(PICKLES[0] as string);
    assert.equal(looksLikePickleLong(small, small.length, reader(small)).pickle, true);
    assert.deepEqual(reads, []);
    // Longer than the second look too: taken for a pickle.
    const huge = longLine(LONG_LINE_HEAD + 10);
    assert.deepEqual(looksLikePickleLong(huge.subarray(0, 64 * 1024), huge.length, reader(huge)), { pickle: true, protocol: 0 });
    // A text file that starts like a UNICODE opcode: the longer look finds text after the line.
    const text = concat(utf8('V'), utf8('v'.repeat(100_000)), utf8('\nthis is a text file\nwith lines\n'));
    assert.equal(looksLikePickleLong(text.subarray(0, 64 * 1024), text.length, reader(text)).pickle, false);
  });

  it('accepts protocol 2+ opcodes without a PROTO header in a stream that imports, and only there', () => {
    // SHORT_BINUNICODE 'os', 'system', STACK_GLOBAL, 'id', TUPLE1, REDUCE, STOP: Python loads it.
    const call = concat(hex('8c026f738c0673797374656d93'), hex('8c02696485522e'));
    assert.deepEqual(looksLikePickle(call, call.length), { pickle: true, protocol: 4 });
    const framed = concat(hex('95'), [call.length, 0, 0, 0, 0, 0, 0, 0], call);
    assert.deepEqual(looksLikePickle(framed, framed.length), { pickle: true, protocol: 4 });
    // The same shape with nothing imported: two strings, TUPLE2, STOP. No pickler writes it.
    const data = hex('8c01618c0162862e');
    assert.deepEqual(looksLikePickle(data, data.length), { pickle: false });
    // Text with bytes over 0x7f after a protocol-0 start stays text.
    const text = utf8('(lp0\nVcaf\u00e9 \u00e0 la cr\u00e8me\nThis is prose, not a pickle.\n');
    assert.deepEqual(looksLikePickle(text, text.length), { pickle: false });
  });

  it('accepts PROTO after other opcodes (Python only checks its version)', () => {
    // NONE, POP, PROTO 4, then 'os' 'system' STACK_GLOBAL, 'id', TUPLE1, REDUCE, STOP.
    const b = concat(utf8('N0'), hex('8004'), hex('8c026f738c0673797374656d93'), hex('8c02696485522e'));
    assert.deepEqual(looksLikePickle(b, b.length), { pickle: true, protocol: 4 });
    // PROTO 1 (or 0) first: no pickler writes it, Python reads it; judged as a headerless stream.
    const low = concat(hex('8001'), hex('8c026f738c0673797374656d93'), hex('8c02696485522e'));
    assert.deepEqual(looksLikePickle(low, low.length), { pickle: true, protocol: 4 });
    const lowData = concat(hex('8001'), hex('8c01618c0162862e'));
    assert.deepEqual(looksLikePickle(lowData, lowData.length), { pickle: false });
    // A PROTO over 5 is no pickle's, first or not.
    const bad = concat(utf8('N0'), hex('8006'), hex('8c026f738c0673797374656d93'), hex('8c02696485522e'));
    assert.deepEqual(looksLikePickle(bad, bad.length), { pickle: false });
  });

  it('accepts a STOP over a stack that is not empty when the stream imports (Python returns the top)', () => {
    // EMPTY_LIST, BINPUT 0, GLOBAL posix system, MARK, BINUNICODE 'id', TUPLE, REDUCE, STOP.
    const b = concat(hex('5d7100'), utf8('cposix\nsystem\n('), hex('5802000000'), utf8('idtR.'));
    assert.deepEqual(looksLikePickle(b, b.length), { pickle: true, protocol: 1 });
    // Without an import the same leftover is not proof enough: 'I1\nI2\n.' stays rejected above.
    const ints = utf8('I1\nI2\nI3\nI4\n.');
    assert.deepEqual(looksLikePickle(ints, ints.length), { pickle: false });
  });

  it('recognizes the legacy torch header', () => {
    assert.ok(isLegacyTorch(LEGACY_TORCH_HEAD));
    assert.deepEqual(looksLikePickle(LEGACY_TORCH_HEAD, 1000), { pickle: true, protocol: 2 });
    assert.equal(isLegacyTorch(hex(PICKLES[2] as string)), false);
    assert.equal(isLegacyTorch(LEGACY_TORCH_HEAD.subarray(0, 10)), false);
  });
});

describe('pickleGlobalsInHead', () => {
  it('finds STACK_GLOBAL pairs, directly and through the memo', () => {
    assert.deepEqual(pickleGlobalsInHead(joblibHead(), 10), ['joblib.numpy_pickle.NumpyArrayWrapper', 'numpy.ndarray']);
    const s = (t: string): number[] => [0x8c, t.length, ...utf8(t)];
    // The second global reuses the module string through BINGET 0, as protocol 4 picklers do.
    const viaMemo = concat([0x80, 0x04], s('torch._utils'), [0x94], s('_rebuild_tensor_v2'), [0x94, 0x93, 0x94, 0x68, 0x00], s('_rebuild_parameter'), [0x94, 0x93, 0x94]);
    assert.deepEqual(pickleGlobalsInHead(viaMemo, 10), ['torch._utils._rebuild_tensor_v2', 'torch._utils._rebuild_parameter']);
  });

  it('finds GLOBAL and INST names and respects max', () => {
    const p0 = utf8('ccollections\nOrderedDict\np0\n(tRp1\n(isklearn.tree\nTree\n.');
    assert.deepEqual(pickleGlobalsInHead(p0, 10), ['collections.OrderedDict', 'sklearn.tree.Tree']);
    assert.deepEqual(pickleGlobalsInHead(p0, 1), ['collections.OrderedDict']);
  });

  it('finds the reducers named by real pickles', () => {
    const g = pickleGlobalsInHead(hex(RICH_PICKLES[4] as string), 50);
    assert.ok(g.includes('collections.OrderedDict'), g.join());
    assert.ok(g.includes('datetime.datetime'), g.join());
    assert.ok(g.includes('decimal.Decimal'), g.join());
  });

  it('finds nothing in non-pickles', () => {
    for (const [name, b] of Object.entries(NOT_MODELS)) assert.ok(pickleGlobalsInHead(b, 10).length === 0, name);
  });
});

describe('pickle properties', () => {
  it('property: mutated pickles never throw', () => {
    for (const p of [0, 2, 4, 5]) {
      fc.assert(
        fc.property(mutations(hex(RICH_PICKLES[p] as string)), (b) => {
          const r = quick(() => looksLikePickle(b, b.length));
          assert.equal(typeof r.pickle, 'boolean');
          quick(() => pickleGlobalsInHead(b, 20));
          quick(() => isLegacyTorch(b));
        }),
        { numRuns: 200 },
      );
    }
  });

  it('property: random bytes and every argument kind never throw', () => {
    const kinds = [...new Set(OPCODES.map((o) => o.arg))];
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), fc.nat({ max: 700 }), fc.constantFrom(...kinds), (b, at, kind) => {
        const r = quick(() => readOpcodeArg(b, at, kind));
        if (r.ok) assert.ok(r.next >= at && r.next <= b.length);
        quick(() => looksLikePickle(b, b.length + at));
        quick(() => pickleGlobalsInHead(b, 20));
      }),
      { numRuns: 300 },
    );
  });
});
