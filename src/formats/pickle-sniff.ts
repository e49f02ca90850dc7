/**
 * Pickle identification: the opcode table, bounded argument decoding, a "is this a pickle" check
 * on a file head, and a quick scan of the globals a head names (joblib, numpy, sklearn, torch).
 *
 * Nothing here runs a pickle. The opcode walk only decodes arguments and tracks stack depth; it is
 * for telling formats apart, not the safety analysis (that is the static pickle VM's job, which
 * reuses OPCODES).
 */

/** How an opcode's argument is encoded (names as in CPython's pickletools). */
export type ArgKind =
  | 'none'
  | 'uint1'
  | 'uint2'
  | 'int4'
  | 'uint4'
  | 'uint8'
  | 'long1'
  | 'long4'
  | 'stringnl'
  | 'stringnl_noescape'
  | 'stringnl_noescape_pair'
  | 'decimalnl_short'
  | 'decimalnl_long'
  | 'floatnl'
  | 'float8'
  | 'string1'
  | 'string4'
  | 'bytes1'
  | 'bytes4'
  | 'bytes8'
  | 'bytearray8'
  | 'unicodestringnl'
  | 'unicodestring1'
  | 'unicodestring4'
  | 'unicodestring8';

export interface Opcode {
  /** The opcode byte. */
  code: number;
  name: string;
  arg: ArgKind;
  /** The pickle protocol that introduced it. */
  proto: number;
}

function op(code: string, name: string, arg: ArgKind, proto: number): Opcode {
  return { code: code.charCodeAt(0), name, arg, proto };
}

/** Every opcode of CPython's pickletools (protocols 0-5), in its order. */
export const OPCODES: readonly Opcode[] = [
  op('I', 'INT', 'decimalnl_short', 0),
  op('J', 'BININT', 'int4', 1),
  op('K', 'BININT1', 'uint1', 1),
  op('M', 'BININT2', 'uint2', 1),
  op('L', 'LONG', 'decimalnl_long', 0),
  op('\x8a', 'LONG1', 'long1', 2),
  op('\x8b', 'LONG4', 'long4', 2),
  op('S', 'STRING', 'stringnl', 0),
  op('T', 'BINSTRING', 'string4', 1),
  op('U', 'SHORT_BINSTRING', 'string1', 1),
  op('B', 'BINBYTES', 'bytes4', 3),
  op('C', 'SHORT_BINBYTES', 'bytes1', 3),
  op('\x8e', 'BINBYTES8', 'bytes8', 4),
  op('\x96', 'BYTEARRAY8', 'bytearray8', 5),
  op('\x97', 'NEXT_BUFFER', 'none', 5),
  op('\x98', 'READONLY_BUFFER', 'none', 5),
  op('N', 'NONE', 'none', 0),
  op('\x88', 'NEWTRUE', 'none', 2),
  op('\x89', 'NEWFALSE', 'none', 2),
  op('V', 'UNICODE', 'unicodestringnl', 0),
  op('\x8c', 'SHORT_BINUNICODE', 'unicodestring1', 4),
  op('X', 'BINUNICODE', 'unicodestring4', 1),
  op('\x8d', 'BINUNICODE8', 'unicodestring8', 4),
  op('F', 'FLOAT', 'floatnl', 0),
  op('G', 'BINFLOAT', 'float8', 1),
  op(']', 'EMPTY_LIST', 'none', 1),
  op('a', 'APPEND', 'none', 0),
  op('e', 'APPENDS', 'none', 1),
  op('l', 'LIST', 'none', 0),
  op(')', 'EMPTY_TUPLE', 'none', 1),
  op('t', 'TUPLE', 'none', 0),
  op('\x85', 'TUPLE1', 'none', 2),
  op('\x86', 'TUPLE2', 'none', 2),
  op('\x87', 'TUPLE3', 'none', 2),
  op('}', 'EMPTY_DICT', 'none', 1),
  op('d', 'DICT', 'none', 0),
  op('s', 'SETITEM', 'none', 0),
  op('u', 'SETITEMS', 'none', 1),
  op('\x8f', 'EMPTY_SET', 'none', 4),
  op('\x90', 'ADDITEMS', 'none', 4),
  op('\x91', 'FROZENSET', 'none', 4),
  op('0', 'POP', 'none', 0),
  op('2', 'DUP', 'none', 0),
  op('(', 'MARK', 'none', 0),
  op('1', 'POP_MARK', 'none', 1),
  op('g', 'GET', 'decimalnl_short', 0),
  op('h', 'BINGET', 'uint1', 1),
  op('j', 'LONG_BINGET', 'uint4', 1),
  op('p', 'PUT', 'decimalnl_short', 0),
  op('q', 'BINPUT', 'uint1', 1),
  op('r', 'LONG_BINPUT', 'uint4', 1),
  op('\x94', 'MEMOIZE', 'none', 4),
  op('\x82', 'EXT1', 'uint1', 2),
  op('\x83', 'EXT2', 'uint2', 2),
  op('\x84', 'EXT4', 'int4', 2),
  op('c', 'GLOBAL', 'stringnl_noescape_pair', 0),
  op('\x93', 'STACK_GLOBAL', 'none', 4),
  op('R', 'REDUCE', 'none', 0),
  op('b', 'BUILD', 'none', 0),
  op('i', 'INST', 'stringnl_noescape_pair', 0),
  op('o', 'OBJ', 'none', 1),
  op('\x81', 'NEWOBJ', 'none', 2),
  op('\x92', 'NEWOBJ_EX', 'none', 4),
  op('\x80', 'PROTO', 'uint1', 2),
  op('.', 'STOP', 'none', 0),
  op('\x95', 'FRAME', 'uint8', 4),
  op('P', 'PERSID', 'stringnl_noescape', 0),
  op('Q', 'BINPERSID', 'none', 1),
];

/** Opcode by byte; undefined for bytes that are not opcodes. */
export const OPCODE_BY_BYTE: readonly (Opcode | undefined)[] = (() => {
  const t: (Opcode | undefined)[] = new Array(256).fill(undefined);
  for (const o of OPCODES) t[o.code] = o;
  return t;
})();

export const OPCODE_BY_NAME: ReadonlyMap<string, Opcode> = new Map(OPCODES.map((o) => [o.name, o]));

/** A decoded argument. Byte payloads are views into the input, not copies. */
export type ArgValue = null | boolean | number | bigint | string | Uint8Array | readonly [string, string];

export type ArgResult = { ok: true; value: ArgValue; next: number } | { ok: false; error: string; truncated?: boolean };

/** Longest newline-terminated argument accepted (CPython has no limit; a real one is short). */
export const MAX_LINE = 64 * 1024;

const utf8 = new TextDecoder('utf-8');
const utf8Strict = new TextDecoder('utf-8', { fatal: true });
const latin1 = new TextDecoder('latin1');

function truncated(what: string): ArgResult {
  return { ok: false, error: `${what} runs past the end of the data`, truncated: true };
}

function u32(b: Uint8Array, o: number): number {
  return ((b[o] as number) | ((b[o + 1] as number) << 8) | ((b[o + 2] as number) << 16)) + (b[o + 3] as number) * 0x1000000;
}

/** u64 little-endian: a number up to 2^53, else a bigint. */
function u64(b: Uint8Array, o: number): number | bigint {
  const lo = u32(b, o);
  const hi = u32(b, o + 4);
  if (hi < 0x200000) return hi * 0x100000000 + lo;
  return (BigInt(hi) << 32n) | BigInt(lo);
}

/** Little-endian two's-complement integer of `n` bytes (LONG1 / LONG4 payloads). */
function decodeLong(b: Uint8Array): bigint {
  if (b.length === 0) return 0n;
  let v = 0n;
  for (let i = b.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i] as number);
  return (b[b.length - 1] as number) & 0x80 ? v - (1n << BigInt(8 * b.length)) : v;
}

/**
 * The bytes up to (not including) the next '\n', and the position after it. `max` caps the line:
 * MAX_LINE for names and numbers (Python refuses a GLOBAL it cannot import and an int of over
 * 4,300 digits, so a longer one ends the load), none for strings, which Python reads whatever
 * their length (protocol-0 NumPy pickles hold arrays as STRING lines of hundreds of kilobytes).
 */
function line(b: Uint8Array, pos: number, max = MAX_LINE): { text: Uint8Array; next: number } | ArgResult {
  const limit = Math.min(b.length, pos + max + 1);
  const at = b.subarray(pos, limit).indexOf(0x0a);
  const i = at < 0 ? -1 : pos + at;
  if (i >= 0) return { text: b.subarray(pos, i), next: i + 1 };
  if (limit === b.length) return truncated('line');
  return { ok: false, error: 'line argument longer than the limit' };
}

/** Argument kinds read whole, whatever their length (see `line`). */
const STRING_LINE_KINDS: ReadonlySet<ArgKind> = new Set<ArgKind>(['stringnl', 'stringnl_noescape', 'unicodestringnl']);

/** A payload of `n` bytes after the length prefix. */
function payload(b: Uint8Array, pos: number, n: number | bigint): { data: Uint8Array; next: number } | ArgResult {
  if (typeof n === 'bigint' || pos + n > b.length) return truncated('payload');
  return { data: b.subarray(pos, pos + n), next: pos + n };
}

/** Python's repr of a str in protocol 0 STRING: quotes around, backslash escapes inside. */
function unquote(s: string): string | undefined {
  if (s.length < 2) return undefined;
  const q = s[0];
  if ((q !== "'" && q !== '"') || s[s.length - 1] !== q) return undefined;
  return unescapePy(s.slice(1, -1));
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', v: '\v', '0': '\0' };

/** The escapes Python writes in reprs and raw-unicode-escape (\xHH, \uHHHH, \UHHHHHHHH, \n...). */
function unescapePy(s: string): string {
  return s.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/g, (m, e: string) => {
    if (e.length > 1) {
      const cp = parseInt(e.slice(1), 16);
      return cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
    }
    return SIMPLE_ESCAPES[e] ?? m;
  });
}

const INT_RE = /^\s*[+-]?\d+\s*$/;
const FLOAT_RE = /^\s*[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?|inf(?:inity)?|nan)\s*$/i;

function parseInt10(s: string): number | bigint {
  const t = s.trim();
  const n = Number(t);
  return Number.isSafeInteger(n) ? n : BigInt(t);
}

/**
 * Decodes the argument of an opcode whose argument kind is `kind`, starting at `pos` (just after
 * the opcode byte). Bounded: lines are capped at MAX_LINE, payloads must fit in `bytes`.
 */
export function readOpcodeArg(bytes: Uint8Array, pos: number, kind: ArgKind): ArgResult {
  const b = bytes;
  if (!(pos >= 0 && pos <= b.length)) return truncated('argument');
  const fixed = (n: number): boolean => pos + n <= b.length;
  switch (kind) {
    case 'none':
      return { ok: true, value: null, next: pos };
    case 'uint1':
      return fixed(1) ? { ok: true, value: b[pos] as number, next: pos + 1 } : truncated('uint1');
    case 'uint2':
      return fixed(2) ? { ok: true, value: (b[pos] as number) | ((b[pos + 1] as number) << 8), next: pos + 2 } : truncated('uint2');
    case 'int4':
      return fixed(4) ? { ok: true, value: u32(b, pos) | 0, next: pos + 4 } : truncated('int4');
    case 'uint4':
      return fixed(4) ? { ok: true, value: u32(b, pos), next: pos + 4 } : truncated('uint4');
    case 'uint8':
      return fixed(8) ? { ok: true, value: u64(b, pos), next: pos + 8 } : truncated('uint8');
    case 'float8':
      // Big-endian IEEE double, unlike everything else in pickle.
      return fixed(8) ? { ok: true, value: new DataView(b.buffer, b.byteOffset + pos, 8).getFloat64(0, false), next: pos + 8 } : truncated('float8');
    case 'long1':
    case 'long4': {
      const width = kind === 'long1' ? 1 : 4;
      if (!fixed(width)) return truncated(kind);
      const n = width === 1 ? (b[pos] as number) : u32(b, pos) | 0;
      if (n < 0) return { ok: false, error: 'LONG4 with a negative byte count' };
      const p = payload(b, pos + width, n);
      return 'data' in p ? { ok: true, value: decodeLong(p.data), next: p.next } : p;
    }
    case 'string1':
    case 'string4':
    case 'bytes1':
    case 'bytes4':
    case 'bytes8':
    case 'bytearray8':
    case 'unicodestring1':
    case 'unicodestring4':
    case 'unicodestring8':
      return counted(b, pos, kind);
    case 'stringnl':
    case 'stringnl_noescape':
    case 'decimalnl_short':
    case 'decimalnl_long':
    case 'floatnl':
    case 'unicodestringnl':
      return newlineArg(b, pos, kind);
    case 'stringnl_noescape_pair': {
      const a = line(b, pos);
      if ('ok' in a) return a;
      const c = line(b, a.next);
      if ('ok' in c) return c;
      const mod = utf8.decode(a.text);
      const name = utf8.decode(c.text);
      if (!isIdentPath(mod) || !isIdentPath(name)) return { ok: false, error: 'GLOBAL/INST names are not identifiers' };
      return { ok: true, value: [mod, name] as const, next: c.next };
    }
    default:
      return { ok: false, error: `unknown argument kind ${String(kind)}` };
  }
}

/** Dotted Python identifiers (module paths, qualified names). ASCII or any non-ASCII letter. */
function isIdentPath(s: string): boolean {
  return s.length > 0 && s.length <= 512 && /^[A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*(?:\.[A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*)*$/.test(s);
}

/** Length-prefixed arguments: width and signedness of the prefix, then how to decode the data. */
function counted(b: Uint8Array, pos: number, kind: ArgKind): ArgResult {
  const width = kind.endsWith('1') ? 1 : kind.endsWith('4') ? 4 : 8;
  if (pos + width > b.length) return truncated(kind);
  let n: number | bigint;
  if (width === 1) n = b[pos] as number;
  else if (width === 8) n = u64(b, pos);
  else if (kind === 'string4') n = u32(b, pos) | 0; // BINSTRING's count is signed
  else n = u32(b, pos);
  if (typeof n === 'number' && n < 0) return { ok: false, error: 'BINSTRING with a negative length' };
  const p = payload(b, pos + width, n);
  if (!('data' in p)) return p;
  let value: ArgValue;
  if (kind.startsWith('unicode')) {
    try {
      value = utf8Strict.decode(p.data);
    } catch {
      // CPython uses 'surrogatepass'; lone surrogates are rare, keep going with replacement chars.
      value = utf8.decode(p.data);
    }
  } else if (kind.startsWith('string')) value = latin1.decode(p.data);
  else value = p.data;
  return { ok: true, value, next: p.next };
}

function newlineArg(b: Uint8Array, pos: number, kind: ArgKind): ArgResult {
  const l = line(b, pos, STRING_LINE_KINDS.has(kind) ? Infinity : MAX_LINE);
  if ('ok' in l) return l;
  const raw = latin1.decode(l.text);
  const done = (value: ArgValue): ArgResult => ({ ok: true, value, next: l.next });
  switch (kind) {
    case 'stringnl': {
      const s = unquote(raw.replace(/\r$/, ''));
      return s === undefined ? { ok: false, error: 'STRING argument is not a quoted string' } : done(s);
    }
    case 'stringnl_noescape':
      return done(utf8.decode(l.text));
    case 'decimalnl_short':
      if (raw === '00') return done(false);
      if (raw === '01') return done(true);
      return INT_RE.test(raw) ? done(parseInt10(raw)) : { ok: false, error: 'INT argument is not a decimal integer' };
    case 'decimalnl_long': {
      const t = raw.endsWith('L') ? raw.slice(0, -1) : raw;
      return INT_RE.test(t) ? done(BigInt(t.trim())) : { ok: false, error: 'LONG argument is not a decimal integer' };
    }
    case 'floatnl':
      return FLOAT_RE.test(raw) ? done(Number(raw.trim().replace(/^([+-]?)inf(inity)?$/i, '$1Infinity'))) : { ok: false, error: 'FLOAT argument is not a number' };
    case 'unicodestringnl':
      return done(unescapePy(raw));
    default:
      return { ok: false, error: `not a newline argument: ${kind}` };
  }
}

// ---------------------------------------------------------------------------------------------
// Stack depth, for plausibility only

/** How each opcode changes the stack: items popped, pushed, and whether it pops to the last MARK. */
interface Effect {
  pop: number;
  push: number;
  toMark?: boolean;
  mark?: boolean;
}

const EFFECTS: Readonly<Record<string, Effect>> = (() => {
  const e: Record<string, Effect> = {};
  const push1 = ['INT', 'BININT', 'BININT1', 'BININT2', 'LONG', 'LONG1', 'LONG4', 'STRING', 'BINSTRING', 'SHORT_BINSTRING', 'BINBYTES', 'SHORT_BINBYTES', 'BINBYTES8', 'BYTEARRAY8', 'NEXT_BUFFER', 'NONE', 'NEWTRUE', 'NEWFALSE', 'UNICODE', 'SHORT_BINUNICODE', 'BINUNICODE', 'BINUNICODE8', 'FLOAT', 'BINFLOAT', 'EMPTY_LIST', 'EMPTY_TUPLE', 'EMPTY_DICT', 'EMPTY_SET', 'GET', 'BINGET', 'LONG_BINGET', 'EXT1', 'EXT2', 'EXT4', 'GLOBAL', 'PERSID'];
  for (const n of push1) e[n] = { pop: 0, push: 1 };
  for (const n of ['PROTO', 'FRAME']) e[n] = { pop: 0, push: 0 };
  // PUT and friends read the top without changing the stack.
  for (const n of ['PUT', 'BINPUT', 'LONG_BINPUT', 'MEMOIZE']) e[n] = { pop: 1, push: 1 };
  for (const n of ['READONLY_BUFFER', 'BINPERSID', 'TUPLE1']) e[n] = { pop: 1, push: 1 };
  for (const n of ['APPEND', 'STACK_GLOBAL', 'REDUCE', 'BUILD', 'NEWOBJ', 'TUPLE2']) e[n] = { pop: 2, push: 1 };
  for (const n of ['SETITEM', 'NEWOBJ_EX', 'TUPLE3']) e[n] = { pop: 3, push: 1 };
  // APPENDS, SETITEMS, ADDITEMS pop to the mark and update the collection below it.
  for (const n of ['APPENDS', 'SETITEMS', 'ADDITEMS']) e[n] = { pop: 1, push: 1, toMark: true };
  for (const n of ['LIST', 'TUPLE', 'DICT', 'FROZENSET', 'INST', 'OBJ']) e[n] = { pop: 0, push: 1, toMark: true };
  e.POP_MARK = { pop: 0, push: 0, toMark: true };
  e.POP = { pop: 1, push: 0 };
  e.DUP = { pop: 1, push: 2 };
  e.MARK = { pop: 0, push: 0, mark: true };
  e.STOP = { pop: 1, push: 0 };
  return e;
})();

/** Stack depth per mark level: marks[i] items were on the stack when mark i was pushed. */
class Depth {
  depth = 0;
  marks: number[] = [];

  /** Applies an opcode; false when the stack could not hold what it needs. */
  apply(name: string): boolean {
    const e = EFFECTS[name];
    if (e === undefined) return false;
    if (e.mark) {
      this.marks.push(this.depth);
      return true;
    }
    if (e.toMark) {
      const m = this.marks.pop();
      if (m === undefined || m < e.pop) return false;
      this.depth = m - e.pop + e.push;
      return true;
    }
    const floor = this.marks.length > 0 ? (this.marks[this.marks.length - 1] as number) : 0;
    if (name === 'POP' && this.depth === floor && this.marks.length > 0) {
      this.marks.pop(); // POP with nothing above a mark discards the mark
      return true;
    }
    if (this.depth - floor < e.pop) return false;
    this.depth += e.push - e.pop;
    return true;
  }
}

// ---------------------------------------------------------------------------------------------
// Sniffing

/**
 * Opcodes a pickle without a PROTO header plausibly starts with: the pushes and marks of protocols
 * 0 and 1, and those of protocols 2-5 (SHORT_BINUNICODE, FRAME, LONG1, ...). Picklers write PROTO
 * first for protocol 2 and up, but Python does not require it: it reads any opcode it knows.
 */
export const PICKLE_STARTERS: ReadonlySet<number> = new Set([
  ...'(}])cNILSVFKJMGUTXBC'.split('').map((c) => c.charCodeAt(0)),
  0x88, 0x89, 0x8a, 0x8b, 0x8c, 0x8d, 0x8e, 0x8f, 0x95, 0x96,
]);
/** Opcodes that import: a pickle that has one is worth analyzing however else it is shaped. */
const IMPORT_OPS: ReadonlySet<string> = new Set(['GLOBAL', 'STACK_GLOBAL', 'INST']);
const MAX_WALK = 4096;
/**
 * After a PROTO 2-5 header, this many clean opcodes are proof enough: the whole stream is the
 * VM's job, and walking all of a 64 KiB head here cost more than the rest of the sniff.
 */
const PROTO_WALK = 64;

export interface PickleSniff {
  pickle: boolean;
  protocol?: number;
  /**
   * Not decided: the first opcodes are good, but a string among them (a line, or a protocol-1
   * counted string) runs past the head.
   * Look again with up to LONG_LINE_HEAD bytes; set there too, the file is taken for a pickle.
   */
  more?: true;
}

/** What a second look at a protocol-0/1 head reads when a string line runs past the first. */
export const LONG_LINE_HEAD = 8 * 1024 * 1024;

/**
 * Whether a file head is a pickle. Protocol 2+ pickles start with PROTO; protocol 0/1 pickles
 * have no header, so the head must walk cleanly as opcodes (valid arguments, a consistent stack)
 * to STOP, or to the end of the head after at least 4 opcodes, from a usual first opcode.
 */
export function looksLikePickle(head: Uint8Array, fileSize: number): PickleSniff {
  if (head.length < 2 || fileSize < 2) return { pickle: false };
  // PROTO 0 and 1 are no pickler's header, but Python accepts them: such a stream is judged as a
  // headerless one.
  if (head[0] === 0x80 && (head[1] as number) >= 2) {
    const protocol = head[1] as number;
    if (protocol > 5) return { pickle: false };
    if (head.length < 3 || OPCODE_BY_BYTE[head[2] as number] === undefined) return { pickle: false };
    // The first opcodes after the header must walk cleanly. Not all of the head: joblib and legacy
    // torch write raw array bytes into the middle of the stream, where the walk has to stop.
    return walk(head, fileSize, 1, 5, 3, PROTO_WALK) === 'bad' ? { pickle: false } : { pickle: true, protocol };
  }
  if (!PICKLE_STARTERS.has(head[0] as number) && head[0] !== 0x80) return { pickle: false };
  // Without a header, opcodes of protocol 2+ count only in a stream that imports: no pickler
  // writes them so, a hand-made payload does, and text with bytes over 0x7f must not pass.
  const res = walk(head, fileSize, 4, 5, Infinity, MAX_WALK, true);
  if (res === 'more') return { pickle: false, more: true };
  return res === 'bad' ? { pickle: false } : { pickle: true, protocol: res };
}

/**
 * looksLikePickle, looking again at up to LONG_LINE_HEAD bytes (`read(n)`: the first n bytes) when
 * a string of the first opcodes runs past the head. A line longer than that second look is taken
 * for a pickle's: a text file does not start with a pickle opcode and an 8 MiB line.
 */
export function looksLikePickleLong(head: Uint8Array, fileSize: number, read: (n: number) => Uint8Array): PickleSniff {
  const first = looksLikePickle(head, fileSize);
  if (!first.more || head.length >= fileSize) return first;
  const longer = read(LONG_LINE_HEAD);
  // A source that has no more to give (a decoded prefix) cannot settle it.
  if (longer.length <= head.length) return { pickle: false };
  const again = looksLikePickle(longer, fileSize);
  return again.more ? { pickle: true, protocol: 0 } : again;
}

/** Result of `skipArg`: the position after the argument, or one of these (negative) codes. */
const SKIP_TRUNCATED = -1;
const SKIP_BAD = -2;
const SKIP_SLOW = -3;

/**
 * Where the argument of kind `kind` at `pos` ends, for arguments whose validity needs no decoding
 * (fixed-size and length-prefixed ones): what `readOpcodeArg` would say about them, without
 * building the value. SKIP_SLOW for the newline-terminated kinds, which `readOpcodeArg` decodes.
 */
function skipArg(b: Uint8Array, pos: number, kind: ArgKind): number {
  const len = b.length;
  switch (kind) {
    case 'none':
      return pos;
    case 'uint1':
      return pos + 1 <= len ? pos + 1 : SKIP_TRUNCATED;
    case 'uint2':
      return pos + 2 <= len ? pos + 2 : SKIP_TRUNCATED;
    case 'int4':
    case 'uint4':
      return pos + 4 <= len ? pos + 4 : SKIP_TRUNCATED;
    case 'uint8':
    case 'float8':
      return pos + 8 <= len ? pos + 8 : SKIP_TRUNCATED;
    case 'long1':
    case 'string1':
    case 'bytes1':
    case 'unicodestring1': {
      if (pos + 1 > len) return SKIP_TRUNCATED;
      const end = pos + 1 + (b[pos] as number);
      return end <= len ? end : SKIP_TRUNCATED;
    }
    case 'long4':
    case 'string4': {
      if (pos + 4 > len) return SKIP_TRUNCATED;
      const n = u32(b, pos) | 0; // signed counts
      if (n < 0) return SKIP_BAD;
      const end = pos + 4 + n;
      return end <= len ? end : SKIP_TRUNCATED;
    }
    case 'bytes4':
    case 'unicodestring4': {
      if (pos + 4 > len) return SKIP_TRUNCATED;
      const end = pos + 4 + u32(b, pos);
      return end <= len ? end : SKIP_TRUNCATED;
    }
    case 'bytes8':
    case 'bytearray8':
    case 'unicodestring8': {
      if (pos + 8 > len) return SKIP_TRUNCATED;
      const hi = u32(b, pos + 4);
      if (hi >= 0x200000) return SKIP_TRUNCATED;
      const end = pos + 8 + hi * 0x100000000 + u32(b, pos);
      return end <= len ? end : SKIP_TRUNCATED;
    }
    default:
      return SKIP_SLOW;
  }
}

/**
 * Walks opcodes from the start of `head` with stack-depth checks. Returns the highest protocol
 * seen when the walk reaches a balanced STOP, or the end of a head that is shorter than the file
 * after `minOps` opcodes; 'bad' otherwise, unless `trustAfter` opcodes were already good.
 */
function walk(head: Uint8Array, fileSize: number, minOps: number, maxProto: number, trustAfter: number, maxWalk = MAX_WALK, headerless = false): number | 'bad' | 'more' {
  const stack = new Depth();
  let pos = 0;
  let count = 0;
  let protocol = 0;
  const cut = head.length < fileSize;
  let imports = false;
  const bad = (): number | 'bad' => (count >= trustAfter ? protocol : 'bad');
  const done = (): number | 'bad' => (headerless && protocol >= 2 && !imports ? 'bad' : protocol);
  while (pos < head.length && count < maxWalk) {
    const o = OPCODE_BY_BYTE[head[pos] as number];
    // Picklers only write an opcode under a PROTO at least as new as the opcode.
    if (o === undefined || o.proto > maxProto) return bad();
    // Most arguments need only their bounds checked; newline-terminated ones are decoded.
    let next = skipArg(head, pos + 1, o.arg);
    if (next === SKIP_SLOW) {
      const a = readOpcodeArg(head, pos + 1, o.arg);
      next = a.ok ? a.next : a.truncated ? SKIP_TRUNCATED : SKIP_BAD;
    }
    if (next < 0) {
      // An argument cut by the end of the head (not the file) is the end of what we can see; a
      // string line cut before enough opcodes were seen needs a longer look.
      if (next === SKIP_TRUNCATED && cut && count < minOps && (STRING_LINE_KINDS.has(o.arg) || countedEndWithin(head, pos + 1, o.arg, fileSize))) return 'more';
      return next === SKIP_TRUNCATED && cut && count >= minOps ? done() : bad();
    }
    const isProto = o.code === 0x80;
    // Python reads PROTO anywhere (it only checks the version), so a stream may open with others.
    if (isProto && (head[pos + 1] as number) > 5) return bad();
    if (!stack.apply(o.name)) return bad();
    count++;
    protocol = Math.max(protocol, isProto ? (head[pos + 1] as number) : o.proto);
    if (IMPORT_OPS.has(o.name)) imports = true;
    pos = next;
    // A malformed ending after a good start (a payload followed by a missing memo key, an
    // unbalanced stack or no STOP) is still a pickle to analyze: that is where payloads hide.
    // Python's STOP returns the top of the stack and ignores what is left under it, so a stream
    // that imports is a pickle with or without a balanced stack.
    if (o.name === 'STOP') return count >= 2 && ((stack.depth === 0 && stack.marks.length === 0) || imports) ? done() : bad();
  }
  return count >= minOps && ((pos >= head.length && cut) || count >= maxWalk) ? done() : bad();
}

/**
 * Whether a protocol-1 string (BINSTRING, BINUNICODE) at `pos` ends inside the file and inside
 * the second look. Not past it: four bytes of text read as a length are over 168 MB ('T' and 'X'
 * start words), so a longer string cannot tell a pickle from a large text file.
 */
function countedEndWithin(head: Uint8Array, pos: number, kind: ArgKind, fileSize: number): boolean {
  if ((kind !== 'string4' && kind !== 'unicodestring4') || pos + 4 > head.length) return false;
  const n = kind === 'string4' ? u32(head, pos) | 0 : u32(head, pos);
  return n >= 0 && pos + 4 + n <= Math.min(fileSize, LONG_LINE_HEAD);
}

/** PROTO 2, LONG1 of 10 bytes: the magic number 0x1950a86a20f9469cfc6c of torch's legacy format. */
const LEGACY_TORCH = [0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19];

export function isLegacyTorch(head: Uint8Array): boolean {
  return head.length >= LEGACY_TORCH.length && LEGACY_TORCH.every((v, i) => head[i] === v);
}

const STRING_OPS = new Set(['SHORT_BINUNICODE', 'BINUNICODE', 'BINUNICODE8', 'UNICODE', 'STRING', 'BINSTRING', 'SHORT_BINSTRING']);
const MEMO_WRITES = new Set(['PUT', 'BINPUT', 'LONG_BINPUT']);
const MEMO_READS = new Set(['GET', 'BINGET', 'LONG_BINGET']);
const TRANSPARENT = new Set(['FRAME', 'PROTO', 'MEMOIZE', 'PUT', 'BINPUT', 'LONG_BINPUT']);

/**
 * `module.name` of the globals a head names: GLOBAL and INST arguments, and the two strings
 * before each STACK_GLOBAL (directly or through the memo). A quick bounded walk that stops at the
 * first byte that is not an opcode; it carries on past STOP, since some formats (legacy torch)
 * write several pickles back to back. For identification only, not for the safety analysis.
 */
export function pickleGlobalsInHead(head: Uint8Array, max: number): string[] {
  const found: string[] = [];
  const seen = new Set<string>();
  const add = (s: string): void => {
    if (!seen.has(s) && found.length < max) {
      seen.add(s);
      found.push(s);
    }
  };
  // The last two values pushed, when they were strings (undefined for anything else).
  let recent: (string | undefined)[] = [];
  const memo = new Map<number, string | undefined>();
  let memoNext = 0;
  let pos = 0;
  for (let steps = 0; pos < head.length && steps < 100_000 && found.length < max; steps++) {
    const o = OPCODE_BY_BYTE[head[pos] as number];
    if (o === undefined) break;
    const a = readOpcodeArg(head, pos + 1, o.arg);
    if (!a.ok) break;
    pos = a.next;
    const top = recent[recent.length - 1];
    if (o.name === 'GLOBAL' || o.name === 'INST') {
      const [mod, name] = a.value as readonly [string, string];
      add(`${mod}.${name}`);
      recent = [undefined];
    } else if (o.name === 'STACK_GLOBAL') {
      const [mod, name] = recent.slice(-2);
      if (recent.length >= 2 && mod !== undefined && name !== undefined) add(`${mod}.${name}`);
      recent = [undefined];
    } else if (STRING_OPS.has(o.name)) {
      recent = [...recent.slice(-1), typeof a.value === 'string' ? a.value : undefined];
    } else if (o.name === 'MEMOIZE') {
      memo.set(memoNext++, top);
    } else if (MEMO_WRITES.has(o.name)) {
      memo.set(Number(a.value), top);
    } else if (MEMO_READS.has(o.name)) {
      recent = [...recent.slice(-1), memo.get(Number(a.value))];
    } else if (!TRANSPARENT.has(o.name)) {
      recent = [];
    }
  }
  return found;
}
