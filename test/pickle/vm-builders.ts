/**
 * A tiny pickle assembler for tests: opcodes by name with their arguments encoded, so test pickles
 * are written opcode by opcode and never produced by running anything.
 *
 *   pk(op('PROTO', 2), op('GLOBAL', 'os', 'system'), op('SHORT_BINUNICODE', 'id'), op('TUPLE1'), op('REDUCE'), op('STOP'))
 */

import { OPCODE_BY_NAME } from '../../src/formats/pickle-sniff.js';

export type OpArg = string | number | bigint | Uint8Array;

const enc = new TextEncoder();

function le(n: number | bigint, width: number): Uint8Array {
  const out = new Uint8Array(width);
  let v = BigInt.asUintN(width * 8, BigInt(n));
  for (let i = 0; i < width; i++) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

function latin1(s: string): Uint8Array {
  return Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff);
}

/** Little-endian two's-complement bytes of a bigint, as LONG1/LONG4 write them. */
export function longBytes(v: bigint): Uint8Array {
  if (v === 0n) return new Uint8Array(0);
  const out: number[] = [];
  let x = v;
  for (;;) {
    out.push(Number(BigInt.asUintN(8, x)));
    x >>= 8n;
    const last = out[out.length - 1] as number;
    if ((x === 0n && (last & 0x80) === 0) || (x === -1n && (last & 0x80) !== 0)) break;
  }
  return Uint8Array.from(out);
}

export function cat(...parts: Uint8Array[]): Uint8Array {
  const n = parts.reduce((s, p) => s + p.length, 0);
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function asBytes(a: OpArg | undefined): Uint8Array {
  if (a instanceof Uint8Array) return a;
  if (typeof a === 'string') return enc.encode(a);
  throw new Error('bytes argument expected');
}

/** One opcode and its encoded argument. */
export function op(name: string, ...args: OpArg[]): Uint8Array {
  const o = OPCODE_BY_NAME.get(name);
  if (o === undefined) throw new Error(`no opcode ${name}`);
  const code = Uint8Array.of(o.code);
  const [a, b] = args;
  switch (o.arg) {
    case 'none':
      return code;
    case 'uint1':
      return cat(code, le(Number(a), 1));
    case 'uint2':
      return cat(code, le(Number(a), 2));
    case 'int4':
    case 'uint4':
      return cat(code, le(Number(a), 4));
    case 'uint8':
      return cat(code, le(BigInt(a as number | bigint), 8));
    case 'float8': {
      const d = new DataView(new ArrayBuffer(8));
      d.setFloat64(0, Number(a), false);
      return cat(code, new Uint8Array(d.buffer));
    }
    case 'long1': {
      const body = longBytes(BigInt(a as number | bigint));
      return cat(code, le(body.length, 1), body);
    }
    case 'long4': {
      const body = longBytes(BigInt(a as number | bigint));
      return cat(code, le(body.length, 4), body);
    }
    case 'stringnl_noescape_pair':
      return cat(code, enc.encode(`${String(a)}\n${String(b)}\n`));
    case 'stringnl':
      return cat(code, latin1(`'${String(a).replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'\n`));
    case 'stringnl_noescape':
    case 'decimalnl_short':
    case 'floatnl':
      return cat(code, enc.encode(`${String(a)}\n`));
    case 'decimalnl_long':
      return cat(code, enc.encode(`${String(a)}L\n`));
    case 'unicodestringnl':
      return cat(code, enc.encode(`${String(a)}\n`));
    case 'string1':
    case 'string4': {
      const body = typeof a === 'string' ? latin1(a) : asBytes(a);
      return cat(code, le(body.length, o.arg === 'string1' ? 1 : 4), body);
    }
    case 'unicodestring1':
    case 'unicodestring4':
    case 'unicodestring8':
    case 'bytes1':
    case 'bytes4':
    case 'bytes8':
    case 'bytearray8': {
      const body = asBytes(a);
      const w = o.arg.endsWith('1') ? 1 : o.arg.endsWith('4') ? 4 : 8;
      return cat(code, le(body.length, w), body);
    }
    default:
      throw new Error(`argument kind ${o.arg}`);
  }
}

/** Concatenates opcodes into a pickle. */
export function pk(...ops: Uint8Array[]): Uint8Array {
  return cat(...ops);
}

export function hex(s: string): Uint8Array {
  return Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
}

/** `GLOBAL module name` + SHORT_BINUNICODE arg + TUPLE1 + REDUCE: a call with one str argument. */
export function callGlobal(module: string, name: string, arg: string): Uint8Array {
  return pk(op('GLOBAL', module, name), op('SHORT_BINUNICODE', arg), op('TUPLE1'), op('REDUCE'));
}

/**
 * What joblib's NumpyPickler writes for an array before its data (protocol 4 style): a
 * `joblib.numpy_pickle.NumpyArrayWrapper` made by NEWOBJ and its BUILD with the state dict (dtype
 * as `numpy.dtype(spec, False, True)` plus its state tuple). `shape: undefined` leaves the shape
 * out; `align: null` writes `numpy_array_alignment_bytes = None` (no padding byte follows).
 */
export function joblibWrapper(o: { dtype: string; shape: number[] | undefined; align: number | null }): Uint8Array {
  const g = (m: string, n: string): Uint8Array => pk(op('SHORT_BINUNICODE', m), op('SHORT_BINUNICODE', n), op('STACK_GLOBAL'));
  const s = (x: string): Uint8Array => op('SHORT_BINUNICODE', x);
  const int = (n: number): Uint8Array => (n >= 0 && n < 256 ? op('BININT1', n) : op('BININT', n));
  const flexible = /^[SUV]/.test(o.dtype);
  const elsize = flexible ? Number(o.dtype.slice(1)) * (o.dtype[0] === 'U' ? 4 : 1) : -1;
  const endian = /^[<>|=]/.test(o.dtype) ? (o.dtype[0] as string) : flexible || o.dtype === 'O8' ? '|' : '<';
  const dtype = pk(
    g('numpy', 'dtype'), s(o.dtype), op('NEWFALSE'), op('NEWTRUE'), op('TUPLE3'), op('REDUCE'),
    op('MARK'), int(3), s(endian), op('NONE'), op('NONE'), op('NONE'), int(elsize), int(flexible ? 1 : -1), int(o.dtype === 'O8' ? 63 : 0), op('TUPLE'), op('BUILD'),
  );
  const shape = o.shape === undefined ? new Uint8Array(0) : pk(s('shape'), op('MARK'), ...o.shape.map(int), op('TUPLE'));
  return pk(
    g('joblib.numpy_pickle', 'NumpyArrayWrapper'), op('EMPTY_TUPLE'), op('NEWOBJ'),
    op('EMPTY_DICT'), op('MARK'),
    s('subclass'), g('numpy', 'ndarray'),
    shape,
    s('order'), s('C'),
    s('dtype'), dtype,
    s('allow_mmap'), op('NEWTRUE'),
    s('numpy_array_alignment_bytes'), o.align === null ? op('NONE') : int(o.align),
    op('SETITEMS'), op('BUILD'),
  );
}
