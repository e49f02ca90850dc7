import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, inflateSync } from 'node:zlib';
import { analyzePickle, analyzeStream, type PickleAnalysis } from '../../src/pickle/vm.js';
import { FIXTURES } from '../support/paths.js';
import { callGlobal, cat, hex, joblibWrapper, op, pk } from './vm-builders.js';

const names = (r: PickleAnalysis): string[] => r.imports.map((i) => `${i.module}.${i.name}`);
const callables = (r: PickleAnalysis): string[] => r.calls.map((c) => c.callable);

// CPython 3.11 `pickle.dumps(data, protocol=N)` of plain data:
// data = {'a': [1, 2.5, -3, 2**70], 't': (1, 'x', None, True), 's': {1, 2}, 'b': b'\x00\x01raw', 'f': frozenset([3])}
const PLAIN: Record<number, string> = {
  0: '286470300a56610a70310a286c70320a49310a6146322e350a61492d330a614c313138303539313632303731373431313330333432344c0a617356740a70330a2849310a56780a70340a4e4930310a7470350a7356730a70360a635f5f6275696c74696e5f5f0a7365740a70370a28286c70380a49310a6149320a617470390a527031300a7356620a7031310a635f636f646563730a656e636f64650a7031320a28565c7530303030017261770a7031330a566c6174696e310a7031340a747031350a527031360a7356660a7031370a635f5f6275696c74696e5f5f0a66726f7a656e7365740a7031380a28286c7031390a49330a61747032300a527032310a732e',
  1: '7d71002858010000006171015d7102284b014740040000000000004afdffffff4c313138303539313632303731373431313330333432344c0a655801000000747103284b0158010000007871044e4930310a7471055801000000737106635f5f6275696c74696e5f5f0a7365740a7107285d7108284b014b026574710952710a580100000062710b635f636f646563730a656e636f64650a710c2858050000000001726177710d58060000006c6174696e31710e74710f5271105801000000667111635f5f6275696c74696e5f5f0a66726f7a656e7365740a7112285d71134b0361747114527115752e',
  2: '80027d71002858010000006171015d7102284b014740040000000000004afdffffff8a09000000000000000040655801000000747103284b0158010000007871044e887471055801000000737106635f5f6275696c74696e5f5f0a7365740a71075d7108284b014b026585710952710a580100000062710b635f636f646563730a656e636f64650a710c58050000000001726177710d58060000006c6174696e31710e86710f5271105801000000667111635f5f6275696c74696e5f5f0a66726f7a656e7365740a71125d71134b0361857114527115752e',
  3: '80037d71002858010000006171015d7102284b014740040000000000004afdffffff8a09000000000000000040655801000000747103284b0158010000007871044e887471055801000000737106636275696c74696e730a7365740a71075d7108284b014b026585710952710a580100000062710b43050001726177710c580100000066710d636275696c74696e730a66726f7a656e7365740a710e5d710f4b0361857110527111752e',
  4: '80049558000000000000007d94288c0161945d94284b014740040000000000004afdffffff8a09000000000000000040658c017494284b018c0178944e8874948c0173948f94284b014b02908c01629443050001726177948c016694284b039194752e',
  5: '80059558000000000000007d94288c0161945d94284b014740040000000000004afdffffff8a09000000000000000040658c017494284b018c0178944e8874948c0173948f94284b014b02908c01629443050001726177948c016694284b039194752e',
};

test('plain CPython pickles of protocols 0-5 run to STOP with only container globals', () => {
  for (const [p, h] of Object.entries(PLAIN)) {
    const b = hex(h);
    const r = analyzePickle(b);
    assert.equal(r.error, undefined, `protocol ${p}: ${r.error?.message}`);
    assert.equal(r.stopOffset, b.length, `protocol ${p}`);
    assert.equal(r.frameMismatch, undefined);
    assert.equal(r.nested.length, 0);
    const n = Number(p);
    if (n >= 2) assert.equal(r.protocol, n);
    else assert.ok(r.protocol <= 1);
    for (const name of names(r)) assert.ok(['builtins.set', 'builtins.frozenset', '_codecs.encode'].includes(name), `protocol ${p}: ${name}`);
    if (n < 3) {
      // __builtin__ → builtins under fix_imports
      const set = r.imports.find((i) => i.name === 'set');
      assert.ok(set);
      assert.equal(set.module, 'builtins');
      assert.deepEqual(set.original, { module: '__builtin__', name: 'set' });
      assert.ok(set.via.includes('fix_imports: __builtin__->builtins'));
      assert.ok(callables(r).includes('_codecs.encode'));
    } else {
      assert.equal(r.imports.filter((i) => i.original !== undefined).length, 0);
    }
  }
});

test('bytearray (protocol 5) and OrderedDict (protocol 2)', () => {
  const ba = analyzePickle(hex('8005950e00000000000000960300000000000000616263942e'));
  assert.equal(ba.error, undefined);
  assert.equal(ba.protocol, 5);
  assert.equal(ba.imports.length, 0);
  const od = analyzePickle(hex('800263636f6c6c656374696f6e730a4f726465726564446963740a7100295271015801000000777102635f636f646563730a656e636f64650a710358080000000000000000000000710458060000006c6174696e317105867106527107732e'));
  assert.equal(od.error, undefined);
  assert.deepEqual(callables(od), ['collections.OrderedDict', '_codecs.encode']);
  assert.equal(od.calls[1]?.args[1]?.preview, 'latin1');
});

test('GLOBAL os system + REDUCE', () => {
  const r = analyzePickle(pk(op('PROTO', 2), callGlobal('os', 'system', 'id'), op('STOP')));
  assert.deepEqual(names(r), ['os.system']);
  assert.equal(r.imports[0]?.opcode, 'GLOBAL');
  assert.equal(r.imports[0]?.resolved, true);
  assert.equal(r.calls.length, 1);
  const c = r.calls[0];
  assert.equal(c?.callable, 'os.system');
  assert.equal(c?.opcode, 'REDUCE');
  assert.deepEqual(c?.args, [{ kind: 'str', preview: 'id', length: 2 }]);
  assert.equal(c?.target, 'global');
  assert.equal(c?.calleeImport, 0);
  assert.equal(r.stopOffset !== undefined, true);
});

test('STACK_GLOBAL through memo GET and through DUP', () => {
  const memo = pk(
    op('PROTO', 4),
    op('SHORT_BINUNICODE', 'os'),
    op('BINPUT', 5),
    op('POP'),
    op('SHORT_BINUNICODE', 'system'),
    op('MEMOIZE'), // memo_len is 1: key 1
    op('POP'),
    op('BINGET', 5),
    op('BINGET', 1),
    op('STACK_GLOBAL'),
    op('SHORT_BINUNICODE', 'id'),
    op('TUPLE1'),
    op('REDUCE'),
    op('STOP'),
  );
  const r = analyzePickle(memo);
  assert.equal(r.error, undefined);
  assert.deepEqual(names(r), ['os.system']);
  assert.ok(r.imports[0]?.via.includes('memo'));
  assert.deepEqual(callables(r), ['os.system']);

  // The module string reaches STACK_GLOBAL as a DUP copy.
  const dup = pk(op('PROTO', 4), op('SHORT_BINUNICODE', 'builtins'), op('DUP'), op('SHORT_BINUNICODE', 'eval'), op('STACK_GLOBAL'), op('STOP'));
  const d = analyzePickle(dup);
  assert.deepEqual(names(d), ['builtins.eval']);
  assert.ok(d.imports[0]?.via.includes('dup'));
});

test('picklescan#22: memo reordering hides os.system behind torch.LongStorage', () => {
  // A scanner that pairs the strings it sees before STACK_GLOBAL sees torch.LongStorage; the
  // unpickler resolves what the memo holds: os.system.
  const b = pk(
    op('PROTO', 4),
    op('SHORT_BINUNICODE', 'os'),
    op('BINPUT', 10),
    op('SHORT_BINUNICODE', 'system'),
    op('BINPUT', 11),
    op('POP'),
    op('POP'),
    op('SHORT_BINUNICODE', 'torch'),
    op('BINPUT', 20),
    op('SHORT_BINUNICODE', 'LongStorage'),
    op('BINPUT', 21),
    op('POP'),
    op('POP'),
    op('BINGET', 10),
    op('BINGET', 11),
    op('STACK_GLOBAL'),
    op('SHORT_BINUNICODE', 'id'),
    op('TUPLE1'),
    op('REDUCE'),
    op('STOP'),
  );
  const r = analyzePickle(b);
  assert.equal(r.error, undefined);
  assert.deepEqual(names(r), ['os.system']);
  assert.deepEqual(callables(r), ['os.system']);
});

test('missing memo key after the payload: the payload is kept and the error set', () => {
  const b = pk(op('PROTO', 2), callGlobal('os', 'system', 'id'), op('POP'), op('BINGET', 7), op('STOP'));
  const r = analyzePickle(b);
  assert.deepEqual(callables(r), ['os.system']);
  assert.ok(r.error);
  assert.match(r.error.message, /Memo value not found at index 7/);
  assert.equal(r.error.truncated, false);
  assert.equal(r.stopOffset, undefined);
  assert.equal(r.calls[0]?.popped, true);
});

test('payload then garbage: kept', () => {
  const b = cat(pk(op('PROTO', 2), callGlobal('subprocess', 'getoutput', 'id')), Uint8Array.of(0xff, 0xfe, 0x00));
  const r = analyzePickle(b);
  assert.deepEqual(callables(r), ['subprocess.getoutput']);
  assert.match(r.error?.message ?? '', /invalid load key/);
  // truncated pickle (no STOP)
  const t = analyzePickle(pk(op('PROTO', 2), callGlobal('os', 'system', 'id')));
  assert.deepEqual(callables(t), ['os.system']);
  assert.equal(t.error?.truncated, true);
});

test('fix_imports under protocol 2, not under 3', () => {
  const p2 = analyzePickle(pk(op('PROTO', 2), op('GLOBAL', '__builtin__', 'eval'), op('GLOBAL', 'commands', 'getoutput'), op('GLOBAL', '__builtin__', 'xrange'), op('STOP')));
  assert.deepEqual(names(p2), ['builtins.eval', 'subprocess.getoutput', 'builtins.range']);
  assert.ok(p2.imports[0]?.via.includes('fix_imports: __builtin__->builtins'));
  assert.ok(p2.imports[2]?.via.includes('fix_imports: __builtin__.xrange->builtins.range'));
  const p3 = analyzePickle(pk(op('PROTO', 3), op('GLOBAL', '__builtin__', 'eval'), op('STOP')));
  assert.deepEqual(names(p3), ['__builtin__.eval']);
  // No PROTO at all: protocol 0, fix_imports applies (cPickle → pickle)
  const p0 = analyzePickle(pk(op('GLOBAL', 'cPickle', 'loads'), op('STOP')));
  assert.deepEqual(names(p0), ['pickle.loads']);
  assert.equal(p0.protocol, 0);
});

test('dotted names under protocol 4 are kept whole', () => {
  const b = pk(
    op('PROTO', 4),
    op('SHORT_BINUNICODE', 'os'),
    op('SHORT_BINUNICODE', 'path.join'),
    op('STACK_GLOBAL'),
    op('POP'),
    op('SHORT_BINUNICODE', 'builtins'),
    op('SHORT_BINUNICODE', 'getattr'),
    op('STACK_GLOBAL'),
    op('SHORT_BINUNICODE', 'pathlib'),
    op('SHORT_BINUNICODE', 'os.system'),
    op('STACK_GLOBAL'),
    op('STOP'),
  );
  const r = analyzePickle(b);
  assert.deepEqual(names(r), ['os.path.join', 'builtins.getattr', 'pathlib.os.system']);
  assert.equal(r.imports[0]?.module, 'os');
  assert.equal(r.imports[0]?.name, 'path.join');
  assert.ok(r.imports[0]?.via.includes('dotted'));
  assert.ok(r.imports[2]?.via.includes('dotted'));
  assert.ok(!r.imports[1]?.via.includes('dotted'));
});

test('STACK_GLOBAL with non-str parts is reported unresolved; py2 strings resolve', () => {
  const bytesParts = analyzePickle(pk(op('PROTO', 4), op('SHORT_BINBYTES', 'os'), op('SHORT_BINUNICODE', 'system'), op('STACK_GLOBAL'), op('STOP')));
  assert.equal(bytesParts.imports[0]?.resolved, false);
  assert.match(bytesParts.imports[0]?.module ?? '', /^\?\(bytes: os\)/);
  assert.equal(bytesParts.imports[0]?.name, 'system');
  const py2 = analyzePickle(pk(op('PROTO', 4), op('SHORT_BINSTRING', 'os'), op('BINSTRING', 'system'), op('STACK_GLOBAL'), op('STOP')));
  assert.equal(py2.imports[0]?.resolved, true);
  assert.deepEqual(names(py2), ['os.system']);
  assert.ok(py2.imports[0]?.via.includes('py2-string'));
});

test('INST os system', () => {
  const b = cat(new TextEncoder().encode("(S'id'\nios\nsystem\n."));
  const r = analyzePickle(b);
  assert.equal(r.error, undefined);
  assert.deepEqual(names(r), ['os.system']);
  assert.equal(r.imports[0]?.opcode, 'INST');
  assert.equal(r.calls[0]?.opcode, 'INST');
  assert.equal(r.calls[0]?.callable, 'os.system');
  assert.deepEqual(r.calls[0]?.args, [{ kind: 'str', preview: 'id', length: 2 }]);
});

test('OBJ, NEWOBJ_EX, and a POPped OBJ call (fickling GHSA-mxhj-88fx-4pcv)', () => {
  const obj = analyzePickle(pk(op('PROTO', 2), op('MARK'), op('GLOBAL', 'smtplib', 'SMTP'), op('SHORT_BINUNICODE', 'evil.example'), op('OBJ'), op('POP'), op('NONE'), op('STOP')));
  assert.equal(obj.error, undefined);
  assert.equal(obj.calls.length, 1);
  assert.equal(obj.calls[0]?.callable, 'smtplib.SMTP');
  assert.equal(obj.calls[0]?.opcode, 'OBJ');
  assert.equal(obj.calls[0]?.popped, true);
  const ex = analyzePickle(
    pk(op('PROTO', 4), op('GLOBAL', 'subprocess', 'Popen'), op('SHORT_BINUNICODE', 'id'), op('TUPLE1'), op('EMPTY_DICT'), op('SHORT_BINUNICODE', 'shell'), op('NEWTRUE'), op('SETITEM'), op('NEWOBJ_EX'), op('STOP')),
  );
  assert.equal(ex.error, undefined);
  assert.equal(ex.calls[0]?.callable, 'subprocess.Popen');
  assert.equal(ex.calls[0]?.opcode, 'NEWOBJ_EX');
  assert.deepEqual(
    ex.calls[0]?.args.map((a) => a.kind),
    ['str', 'dict'],
  );
  assert.equal(ex.calls[0]?.args[1]?.length, 1);
  const nw = analyzePickle(pk(op('PROTO', 2), op('GLOBAL', 'a', 'B'), op('EMPTY_TUPLE'), op('NEWOBJ'), op('EMPTY_DICT'), op('BUILD'), op('STOP')));
  assert.deepEqual(
    nw.calls.map((c) => [c.opcode, c.callable]),
    [
      ['NEWOBJ', 'a.B'],
      ['BUILD', 'a.B(…)'],
    ],
  );
});

test('EXT1 code and BINPERSID', () => {
  const ext = analyzePickle(pk(op('PROTO', 2), op('EXT1', 42), op('SHORT_BINUNICODE', 'x'), op('TUPLE1'), op('REDUCE'), op('STOP')));
  assert.deepEqual(ext.extRefs, [{ code: 42, offset: 2 }]);
  assert.equal(ext.imports[0]?.opcode, 'EXT1');
  assert.equal(ext.imports[0]?.resolved, false);
  assert.equal(ext.calls[0]?.callable, '?ext:42');
  assert.equal(analyzePickle(pk(op('PROTO', 2), op('EXT1', 0), op('STOP'))).error?.message, 'EXT specifies code <= 0');

  const pers = analyzePickle(
    pk(op('PROTO', 2), op('SHORT_BINUNICODE', 'storage'), op('GLOBAL', 'torch', 'FloatStorage'), op('SHORT_BINUNICODE', '0'), op('SHORT_BINUNICODE', 'cpu'), op('BININT1', 4), op('TUPLE'), op('BINPERSID'), op('STOP')),
  );
  // TUPLE without a MARK is an error in CPython
  assert.match(pers.error?.message ?? '', /MARK/);
  const pers2 = analyzePickle(
    pk(op('PROTO', 2), op('MARK'), op('SHORT_BINUNICODE', 'storage'), op('GLOBAL', 'torch', 'FloatStorage'), op('SHORT_BINUNICODE', '0'), op('SHORT_BINUNICODE', 'cpu'), op('BININT1', 4), op('TUPLE'), op('BINPERSID'), op('STOP')),
  );
  assert.equal(pers2.error, undefined);
  assert.equal(pers2.persistentIds.length, 1);
  assert.match(pers2.persistentIds[0]?.preview ?? '', /storage/);
  const p0 = analyzePickle(new TextEncoder().encode('P123\n.'));
  assert.deepEqual(p0.persistentIds, [{ offset: 0, preview: '123' }]);
});

test('a nested pickle in a BINBYTES argument to pickle.loads', () => {
  const inner = pk(op('PROTO', 2), callGlobal('os', 'system', 'id'), op('STOP'));
  const outer = pk(op('PROTO', 3), op('GLOBAL', 'pickle', 'loads'), op('BINBYTES', inner), op('TUPLE1'), op('REDUCE'), op('STOP'));
  const r = analyzePickle(outer);
  assert.deepEqual(callables(r), ['pickle.loads']);
  assert.equal(r.nested.length, 1);
  assert.deepEqual(r.nested[0]?.bytes, inner);
  assert.equal(r.nested[0]?.depth, 0);
  assert.equal(r.nested[0]?.offset, outer.indexOf(0x42));
  assert.deepEqual(callables(analyzePickle(r.nested[0]?.bytes ?? new Uint8Array())), ['os.system']);
  // protocol 0 inner pickle in a str argument
  const inner0 = "cos\nsystem\n(S'id'\ntR.";
  const o2 = analyzePickle(pk(op('PROTO', 4), op('GLOBAL', 'pickle', 'loads'), op('SHORT_BINUNICODE', inner0), op('TUPLE1'), op('REDUCE'), op('STOP')));
  assert.equal(o2.nested.length, 1);
  // a plain string is not a candidate
  const o3 = analyzePickle(pk(op('PROTO', 4), op('GLOBAL', 'x', 'y'), op('SHORT_BINUNICODE', 'hello world'), op('TUPLE1'), op('REDUCE'), op('STOP')));
  assert.equal(o3.nested.length, 0);
});

test("getattr(__import__('os'), 'system')('id') chain", () => {
  const b = pk(
    op('PROTO', 2),
    op('GLOBAL', 'builtins', 'getattr'),
    op('GLOBAL', 'builtins', '__import__'),
    op('SHORT_BINUNICODE', 'os'),
    op('TUPLE1'),
    op('REDUCE'),
    op('SHORT_BINUNICODE', 'system'),
    op('TUPLE2'),
    op('REDUCE'),
    op('SHORT_BINUNICODE', 'id'),
    op('TUPLE1'),
    op('REDUCE'),
    op('STOP'),
  );
  const r = analyzePickle(b);
  assert.equal(r.error, undefined);
  assert.deepEqual(callables(r), ['builtins.__import__', 'builtins.getattr', 'builtins.getattr(…)']);
  assert.deepEqual(r.calls[1]?.args, [
    { kind: 'call', name: 'builtins.__import__(…)' },
    { kind: 'str', preview: 'system', length: 6 },
  ]);
  assert.equal(r.calls[2]?.target, 'call');
  assert.equal(r.calls[2]?.calleeCall, 1);
  assert.deepEqual(r.calls[2]?.args, [{ kind: 'str', preview: 'id', length: 2 }]);
});

test('FRAME mismatch hiding a GLOBAL (cpython#154848)', () => {
  // Linear reading sees BINBYTES of 0x107 bytes; the pre-fix C file reader drops the byte left in
  // the 2-byte frame, reads the length from after it (1) and runs the hidden GLOBAL/REDUCE.
  const hidden = pk(op('GLOBAL', 'builtins', 'print'), op('UNICODE', 'Hello'), op('TUPLE1'), op('REDUCE'), op('MARK'));
  const pad = new Uint8Array(256 + 5).fill(0x4e);
  pad.set(hidden);
  const b = pk(
    op('PROTO', 5),
    op('NONE'),
    op('MARK'),
    op('FRAME', 2),
    Uint8Array.of(0x42, 0x07, 0x01, 0x00, 0x00), // BINBYTES, length 0x107 across the frame end
    Uint8Array.of(0x00, 0x00),
    pad,
    op('POP_MARK'),
    op('STOP'),
  );
  const r = analyzePickle(b);
  assert.ok(r.frameMismatch);
  assert.match(r.frameMismatch.message, /BINBYTES .* runs past the end of the frame/);
  assert.ok(names(r).includes('builtins.print'), JSON.stringify(r.imports));
  assert.ok(r.imports.find((i) => i.name === 'print')?.via.includes('frame-straddle'));
  assert.ok(callables(r).includes('builtins.print'));
  // A well-framed pickle has no mismatch.
  assert.equal(analyzePickle(hex(PLAIN[4] as string)).frameMismatch, undefined);
  // A FRAME starting inside the previous one.
  const nested = analyzePickle(pk(op('PROTO', 4), op('FRAME', 12), op('NONE'), op('FRAME', 1), op('POP'), op('NONE'), op('STOP')));
  assert.match(nested.frameMismatch?.message ?? '', /begins before the previous frame ends/);
});

test('stacked pickles with junk between them are resynced', () => {
  const a = pk(op('PROTO', 2), op('BININT1', 1), op('STOP'));
  const b = pk(op('PROTO', 2), callGlobal('os', 'system', 'id'), op('STOP'));
  const c = pk(op('PROTO', 4), op('NONE'), op('STOP'));
  const junk = new Uint8Array(1000).fill(0xaa);
  const stream = cat(a, a, junk, b, Uint8Array.of(0x01, 0x02), c);
  const r = analyzeStream(stream);
  assert.equal(r.pickles.length, 4);
  assert.deepEqual(
    r.pickles.map((p) => p.start),
    [0, a.length, 2 * a.length + junk.length, 2 * a.length + junk.length + b.length + 2],
  );
  assert.deepEqual(r.junk, [
    { offset: 2 * a.length, length: 1000 },
    { offset: 2 * a.length + junk.length + b.length, length: 2 },
  ]);
  assert.deepEqual(callables(r.pickles[2] as PickleAnalysis), ['os.system']);
  // Trailing raw bytes (legacy torch storages) end as junk; maxPickles stops early.
  const t = analyzeStream(cat(a, new Uint8Array(100)));
  assert.equal(t.pickles.length, 1);
  assert.deepEqual(t.junk, [{ offset: a.length, length: 100 }]);
  assert.equal(analyzeStream(cat(a, a, a, a), { maxPickles: 2 }).pickles.length, 2);
  // Protocol 0 pickles back to back.
  const p0 = new TextEncoder().encode("cos\nsystem\n(S'id'\ntR.");
  const s0 = analyzeStream(cat(p0, p0));
  assert.equal(s0.pickles.length, 2);
});

test('10,000-level nesting finishes', () => {
  const depth = 10_000;
  const b = cat(Uint8Array.of(0x80, 0x02), new Uint8Array(depth).fill(0x28), Uint8Array.of(0x4e), new Uint8Array(depth).fill(0x74), Uint8Array.of(0x2e));
  // Within an explicit budget it finishes to STOP; with the default one it stops at 1,000 open
  // MARKs and says so (the detector turns that into a warning).
  const r = analyzePickle(b, 0, { maxMarks: 20_000 });
  assert.equal(r.error, undefined);
  assert.equal(r.stopOffset, b.length);
  const limited = analyzePickle(b);
  assert.equal(limited.limitHit, 'depth');
  const lists = cat(Uint8Array.of(0x80, 0x02), ...Array.from({ length: depth }, () => Uint8Array.of(0x5d)), ...Array.from({ length: depth - 1 }, () => Uint8Array.of(0x61)), Uint8Array.of(0x2e));
  assert.equal(analyzePickle(lists).error, undefined);
  // Without a closing: marks only, ends at the data end.
  const open = analyzePickle(cat(Uint8Array.of(0x80, 0x02), new Uint8Array(200_000).fill(0x28)), 0, { maxMarks: 300_000 });
  assert.equal(open.error?.truncated, true);
});

test('a 100 MB stream finishes in bounded time', () => {
  const size = 100 * 1024 * 1024;
  const big = new Uint8Array(size);
  // One BINBYTES8 of almost everything, then STOP, then repeated NONE opcodes.
  const head = pk(op('PROTO', 4), Uint8Array.of(0x8e), new Uint8Array(new BigUint64Array([BigInt(50 * 1024 * 1024)]).buffer));
  big.set(head);
  const after = head.length + 50 * 1024 * 1024;
  big[after] = 0x2e;
  big.fill(0x4e, after + 1);
  const t0 = Date.now();
  const r = analyzePickle(big);
  assert.equal(r.stopOffset, after + 1);
  const s = analyzeStream(big);
  assert.ok(s.pickles.length >= 1);
  // Tens of millions of NONE opcodes: stopped by a limit, not by time.
  const nones = new Uint8Array(size).fill(0x4e);
  const n = analyzePickle(nones);
  assert.ok(n.limitHit === 'stack' || n.limitHit === 'steps', String(n.limitHit));
  const m = analyzePickle(cat(Uint8Array.of(0x80, 0x04, 0x4e), new Uint8Array(size).fill(0x94)));
  assert.ok(m.limitHit === 'memo' || m.limitHit === 'steps');
  const elapsed = Date.now() - t0;
  assert.ok(elapsed < 5000, `took ${elapsed} ms`);
});

test('stack/mark rules follow _pickle.c', () => {
  // POP on an empty stack
  assert.match(analyzePickle(pk(op('PROTO', 2), op('POP'), op('STOP'))).error?.message ?? '', /underflow/);
  // REDUCE cannot pop across a MARK
  assert.match(analyzePickle(pk(op('PROTO', 2), op('GLOBAL', 'os', 'system'), op('MARK'), op('EMPTY_TUPLE'), op('REDUCE'), op('STOP'))).error?.message ?? '', /MARK/);
  // POP of a MARK with nothing above it discards the mark
  assert.equal(analyzePickle(pk(op('PROTO', 2), op('NONE'), op('MARK'), op('POP'), op('STOP'))).error, undefined);
  // STOP with an empty stack
  assert.match(analyzePickle(pk(op('PROTO', 2), op('STOP'))).error?.message ?? '', /underflow/);
  // unsupported protocol
  assert.match(analyzePickle(Uint8Array.of(0x80, 0x06, 0x4e, 0x2e)).error?.message ?? '', /unsupported pickle protocol/);
  // odd number of items for DICT
  assert.match(analyzePickle(pk(op('MARK'), op('NONE'), op('DICT'), op('STOP'))).error?.message ?? '', /odd number/);
  // PROTO may change mid-stream: fix_imports follows the current protocol
  const mid = analyzePickle(pk(op('PROTO', 4), op('PROTO', 2), op('GLOBAL', '__builtin__', 'exec'), op('STOP')));
  assert.deepEqual(names(mid), ['builtins.exec']);
  assert.equal(mid.protocol, 4);
});

// ---------------------------------------------------------------------------------------------
// joblib inline arrays

test('joblib: raw array data after a NumpyArrayWrapper BUILD is stepped over', () => {
  const data = new Uint8Array(3 * 4 * 8).fill(0x63); // 'c' bytes: opcodes if read as a pickle
  const head = pk(op('PROTO', 4), op('EMPTY_DICT'), op('SHORT_BINUNICODE', 'coef'), joblibWrapper({ dtype: 'f8', shape: [3, 4], align: 16 }));
  const pad = 16 - ((head.length + 1) % 16);
  const b = pk(head, Uint8Array.of(pad), new Uint8Array(pad).fill(0xff), data, op('SETITEM'), op('STOP'));
  const r = analyzePickle(b);
  assert.equal(r.error, undefined, r.error?.message);
  assert.equal(r.stopOffset, b.length);
  assert.equal(r.joblibArrays, 1);
  assert.equal(r.joblibArrayBytes, 1 + pad + data.length);
  assert.deepEqual(names(r), ['joblib.numpy_pickle.NumpyArrayWrapper', 'numpy.ndarray', 'numpy.dtype']);
  // Item sizes from the dtype string: unicode is 4 bytes a character; no alignment: no padding.
  for (const [dtype, size] of [['U5', 20], ['<c16', 16], ['b1', 1], ['M8[ns]', 8], ['S3', 3], ['V8', 8], ['i4', 4]] as const) {
    const x = pk(op('PROTO', 4), joblibWrapper({ dtype, shape: [2], align: null }), new Uint8Array(2 * size), op('STOP'));
    const rx = analyzePickle(x);
    assert.equal(rx.error, undefined, `${dtype}: ${rx.error?.message}`);
    assert.equal(rx.stopOffset, x.length, dtype);
    assert.equal(rx.joblibArrayBytes, 2 * size, dtype);
  }
  // A 0-d array holds one item; an empty one none.
  const z = pk(op('PROTO', 4), joblibWrapper({ dtype: 'f8', shape: [], align: null }), new Uint8Array(8), joblibWrapper({ dtype: 'f8', shape: [0, 5], align: null }), op('TUPLE2'), op('STOP'));
  assert.equal(analyzePickle(z).stopOffset, z.length);
});

test('joblib: a size that cannot be known or runs past the end stops with an error', () => {
  const unknownDtype = analyzePickle(pk(op('PROTO', 4), joblibWrapper({ dtype: 'f', shape: [2], align: 16 }), Uint8Array.of(0), new Uint8Array(16), op('STOP')));
  assert.match(unknownDtype.error?.message ?? '', /joblib NumpyArrayWrapper at \d+: the size of its inline array data cannot be determined/);
  assert.equal(unknownDtype.error?.truncated, false);
  const noShape = analyzePickle(pk(op('PROTO', 4), joblibWrapper({ dtype: 'f8', shape: undefined, align: 16 }), op('STOP')));
  assert.match(noShape.error?.message ?? '', /cannot be determined \(its state has no dtype or shape\)/);
  const past = analyzePickle(pk(op('PROTO', 4), joblibWrapper({ dtype: 'f8', shape: [1000], align: 16 }), Uint8Array.of(3, 0xff, 0xff, 0xff), new Uint8Array(100), op('STOP')));
  assert.match(past.error?.message ?? '', /inline array data \(8000 bytes after the padding\) runs past the end of the data/);
  assert.equal(past.error?.truncated, true);
  assert.equal(past.joblibArrays, 0);
});

test('joblib: an object array is an inline pickle, analyzed; pickle.load of the same bytes is read too', () => {
  const inner = pk(op('PROTO', 2), callGlobal('os', 'system', 'id'), op('STOP'));
  const b = pk(op('PROTO', 4), op('EMPTY_LIST'), joblibWrapper({ dtype: 'O8', shape: [1], align: 16 }), inner, op('APPEND'), op('STOP'));
  const r = analyzePickle(b);
  assert.equal(r.error, undefined, r.error?.message);
  assert.equal(r.stopOffset, b.length);
  assert.equal(r.joblibArrays, 1);
  const sys = r.imports.findIndex((i) => i.module === 'os' && i.name === 'system');
  assert.ok(sys >= 0);
  assert.ok(r.imports[sys]?.via.includes('joblib object array'));
  const call = r.calls.find((c) => c.callable === 'os.system');
  assert.equal(call?.calleeImport, sys);
  assert.deepEqual(call?.args, [{ kind: 'str', preview: 'id', length: 2 }]);
  // Without alignment the data follows the BUILD directly: pickle.load would run it as opcodes.
  const hidden = pk(op('GLOBAL', 'os', 'system'), op('POP'));
  const h = analyzePickle(pk(op('PROTO', 4), joblibWrapper({ dtype: 'u1', shape: [hidden.length], align: null }), hidden, op('STOP')));
  assert.equal(h.error, undefined, h.error?.message);
  const imp = h.imports.find((i) => i.name === 'system');
  assert.ok(imp?.via.includes('read without joblib'), JSON.stringify(h.imports));
});

test('joblib: the benign joblib fixtures parse to STOP; the object-array attack shows os.system', () => {
  const files: [string, Uint8Array][] = [];
  for (const dir of ['benign/joblib', 'benign/sklearn']) {
    for (const f of readdirSync(join(FIXTURES, dir))) {
      if (!f.endsWith('.joblib')) continue;
      const raw = new Uint8Array(readFileSync(join(FIXTURES, dir, f)));
      // zlib and gzip are unwrapped here; xz, lzma and bz2 copies hold the same pickles.
      if (raw[0] === 0x78) files.push([f, new Uint8Array(inflateSync(raw))]);
      else if (raw[0] === 0x1f) files.push([f, new Uint8Array(gunzipSync(raw))]);
      else if (raw[0] === 0x80) files.push([f, raw]);
    }
  }
  assert.ok(files.length >= 12, String(files.length));
  for (const [f, b] of files) {
    const s = analyzeStream(b);
    assert.equal(s.pickles.length, 1, f);
    const p = s.pickles[0] as PickleAnalysis;
    assert.equal(p.error, undefined, `${f}: ${p.error?.message}`);
    assert.equal(p.stopOffset, b.length, f);
    assert.ok(p.joblibArrays > 0, f);
    assert.deepEqual(s.junk, [], f);
  }
  const attack = analyzeStream(new Uint8Array(readFileSync(join(FIXTURES, 'attacks/containers/joblib_numpy_array_wrapper_object.joblib'))));
  assert.ok(attack.pickles.some((p) => names(p).includes('os.system')));
});

test('call summaries are built when read, from the values at the call; JSON carries them', () => {
  // The list argument gains items after the call: the summary shows it as it was.
  const b = pk(op('PROTO', 2), op('EMPTY_LIST'), op('BINPUT', 0), op('GLOBAL', 'm', 'f'), op('BINGET', 0), op('TUPLE1'), op('REDUCE'), op('POP'), op('SHORT_BINUNICODE', 'late'), op('APPEND'), op('STOP'));
  const r = analyzePickle(b);
  assert.equal(r.error, undefined, r.error?.message);
  assert.deepEqual(r.calls[0]?.args, [{ kind: 'list', length: 0 }]);
  const json = JSON.parse(JSON.stringify(r)) as PickleAnalysis;
  assert.deepEqual(json.calls[0]?.args, [{ kind: 'list', length: 0 }]);
  assert.equal(json.calls[0]?.callable, 'm.f');
  assert.equal(json.calls[0]?.popped, true);
});

// ---------------------------------------------------------------------------------------------
// Property tests

const VALID: Uint8Array[] = [
  ...Object.values(PLAIN).map(hex),
  pk(op('PROTO', 2), callGlobal('os', 'system', 'id'), op('STOP')),
  pk(op('PROTO', 4), op('FRAME', 12), op('SHORT_BINUNICODE', 'os'), op('MEMOIZE'), op('SHORT_BINUNICODE', 'system'), op('STACK_GLOBAL'), op('STOP')),
];

function checkBounded(r: PickleAnalysis, maxSteps: number): void {
  assert.ok(r.steps <= maxSteps * 2 + 2);
  assert.ok(r.error !== undefined || r.stopOffset !== undefined || r.limitHit !== undefined);
}

test('random bytes never throw and stay bounded', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 4096 }), fc.boolean(), (data, proto) => {
      const b = proto ? cat(Uint8Array.of(0x80, 0x04), data) : data;
      const r = analyzePickle(b, 0, { maxSteps: 100_000 });
      checkBounded(r, 100_000);
      const s = analyzeStream(b, { maxSteps: 100_000 });
      assert.ok(s.pickles.length <= 64);
    }),
    { numRuns: 300 },
  );
});

test('mutations of valid pickles never throw and stay bounded', () => {
  fc.assert(
    fc.property(
      fc.constantFrom(...VALID),
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom('set', 'insert', 'delete')), { minLength: 1, maxLength: 8 }),
      (base, muts) => {
        let b = Array.from(base);
        for (const [i, v, kind] of muts) {
          const at = b.length === 0 ? 0 : i % b.length;
          if (kind === 'set' && b.length > 0) b[at] = v;
          else if (kind === 'insert') b.splice(at, 0, v);
          else b.splice(at, 1);
        }
        const bytes = Uint8Array.from(b);
        const r = analyzePickle(bytes, 0, { maxSteps: 100_000 });
        checkBounded(r, 100_000);
        analyzeStream(bytes, { maxSteps: 100_000 });
        b = [];
      },
    ),
    { numRuns: 300 },
  );
});

test('random sequences of well-formed opcodes never throw and stay bounded', () => {
  const palette: Uint8Array[] = [
    op('MARK'), op('NONE'), op('NEWTRUE'), op('BININT1', 3), op('SHORT_BINUNICODE', 'os'), op('SHORT_BINUNICODE', 'system'), op('SHORT_BINBYTES', 'ab'),
    op('EMPTY_LIST'), op('EMPTY_DICT'), op('EMPTY_TUPLE'), op('EMPTY_SET'), op('APPEND'), op('APPENDS'), op('SETITEM'), op('SETITEMS'), op('ADDITEMS'),
    op('TUPLE'), op('TUPLE1'), op('TUPLE2'), op('TUPLE3'), op('LIST'), op('DICT'), op('FROZENSET'), op('POP'), op('POP_MARK'), op('DUP'),
    op('BINPUT', 1), op('BINGET', 1), op('MEMOIZE'), op('BINGET', 0), op('STACK_GLOBAL'), op('GLOBAL', 'os', 'system'), op('REDUCE'), op('BUILD'),
    op('OBJ'), op('NEWOBJ'), op('NEWOBJ_EX'), op('INST', 'a', 'b'), op('EXT1', 3), op('BINPERSID'), op('FRAME', 3), op('PROTO', 2), op('PROTO', 4), op('STOP'),
  ];
  fc.assert(
    fc.property(fc.array(fc.nat(palette.length - 1), { maxLength: 200 }), (idx) => {
      const b = cat(Uint8Array.of(0x80, 0x04), ...idx.map((i) => palette[i] as Uint8Array));
      checkBounded(analyzePickle(b, 0, { maxSteps: 10_000 }), 10_000);
      analyzeStream(b, { maxSteps: 10_000 });
    }),
    { numRuns: 300 },
  );
});

test('per-thread caches: the same bytes resolve by each pickle\'s protocol, and a reused input buffer is not trusted', () => {
  // The name cache is keyed by bytes: the same GLOBAL under protocol 2 then 3 then 2 again.
  for (let i = 0; i < 2; i++) {
    const p2 = analyzePickle(pk(op('PROTO', 2), op('GLOBAL', '__builtin__', 'eval'), op('STOP')));
    assert.deepEqual(names(p2), ['builtins.eval']);
    assert.ok(p2.imports[0]?.via.includes('fix_imports: __builtin__->builtins'));
    const p3 = analyzePickle(pk(op('PROTO', 3), op('GLOBAL', '__builtin__', 'eval'), op('STOP')));
    assert.deepEqual(names(p3), ['__builtin__.eval']);
    assert.deepEqual(p3.imports[0]?.via, []);
  }
  // One buffer rewritten in place between analyses (as the per-thread head buffer is): each
  // analysis sees the bytes it was given, not what a cache remembered from the buffer.
  const buf = new Uint8Array(64);
  const a = pk(op('PROTO', 2), op('GLOBAL', 'torch', 'FloatStorage'), op('STOP'));
  const b = pk(op('PROTO', 2), op('GLOBAL', 'posix', 'systemxyz'), op('STOP'));
  buf.set(a);
  assert.deepEqual(names(analyzePickle(buf.subarray(0, a.length))), ['torch.FloatStorage']);
  buf.set(b);
  assert.deepEqual(names(analyzePickle(buf.subarray(0, b.length))), ['posix.systemxyz']);
});

test('pooled VM stacks and memos start empty for the next pickle', () => {
  // A deep pickle (stack and memo filled), then one that reads an unset memo key and underflows.
  const deep = pk(op('PROTO', 2), ...Array.from({ length: 3000 }, (_, i) => [op('GLOBAL', 'os', 'system'), op('BINPUT', i & 0xff)]).flat(), op('STOP'));
  analyzePickle(deep);
  const next = analyzePickle(pk(op('PROTO', 2), op('BINGET', 7), op('STOP')));
  assert.match(next.error?.message ?? '', /Memo value not found at index 7/);
  const under = analyzePickle(pk(op('PROTO', 2), op('TUPLE1'), op('STOP')));
  assert.match(under.error?.message ?? '', /stack underflow/);
  // Large ints past 32 bits keep their value in call summaries.
  const big = analyzePickle(pk(op('PROTO', 2), op('GLOBAL', 'os', 'system'), op('LONG1', 2n ** 40n), op('LONG1', -(2n ** 33n)), op('TUPLE2'), op('REDUCE'), op('STOP')));
  assert.deepEqual(big.calls[0]?.args.map((x) => x.preview), [String(2n ** 40n), String(-(2n ** 33n))]);
});
