/**
 * The static pickle virtual machine: a symbolic interpreter over pickle opcodes that follows what
 * CPython's C unpickler (`Modules/_pickle.c`) accepts, and reports every global a pickle names,
 * every call it would make, extension-registry references, persistent ids and nested pickles.
 *
 * It never imports, calls or evaluates anything: values are symbols (strings, numbers, bounded
 * containers, global references, call results). Everything is bounded (steps, stack, marks, memo,
 * records, string sizes) and nothing recurses on the input, so any byte string finishes quickly.
 * It never throws: the first parse error ends the pickle with `error` set, and what was found
 * before it is kept.
 *
 * Choices (see also docs in the interfaces below):
 * - A call on a call result is named after the inner call: `builtins.getattr(…)` is "the result
 *   of calling builtins.getattr"; `calleeCall` gives its index in `calls`. Unknown callees start
 *   with `?` (`?`, `?ext:N`, `?persid`).
 * - BUILD is recorded as a call whose `callable` names the object whose state is set (its
 *   `__setstate__` runs when it has one), with the state as the only argument.
 * - FRAME is interpreted linearly, like `pickle.loads` on bytes and `pickletools`. When an opcode
 *   straddles the end of a frame (cpython#154848), `frameMismatch` is set and the pickle is read a
 *   second time the way CPython < 3.13.15/3.14.7 reads it from a file (the bytes left in the frame
 *   buffer are dropped and the read restarts after the frame); what only that reading finds is
 *   merged in with `via: ['frame-straddle']`.
 * - joblib (`NumpyUnpickler.load_build`): after a BUILD of a `joblib.numpy_pickle.NumpyArrayWrapper`
 *   object, joblib reads the array from the stream: an optional padding (one length byte, then that
 *   many bytes) and prod(shape) × itemsize raw bytes, or, for an object dtype, a whole protocol 2
 *   pickle (read by plain `pickle.load`). The raw bytes are stepped over; the inline pickle is
 *   analyzed as part of this one (`via: ['joblib object array']`). When the size cannot be known
 *   the analysis stops with an error that says so. Because `pickle.load` of the same bytes would
 *   read the array bytes as opcodes, such a pickle is also read once without the joblib rule and
 *   what only that reading finds is merged in with `via: ['read without joblib']`.
 * - Call argument summaries (`PickleCall.args`) and BINPERSID previews are built when first read,
 *   from the values as they were at the call (container counts are snapshotted; items added to a
 *   nested container later may show).
 */

import { OPCODE_BY_BYTE, PICKLE_STARTERS, looksLikePickle, looksLikePickleLong, readOpcodeArg, type ArgKind, type ArgResult, type Opcode } from '../formats/pickle-sniff.js';
import { fixImports } from './names.js';

export interface PickleImport {
  /** Module as CPython would import it (after fix_imports); '?(…)' when not a constant str. */
  module: string;
  /** Attribute name, dotted names kept whole; '?(…)' when not a constant str. */
  name: string;
  offset: number;
  /** GLOBAL | STACK_GLOBAL | INST | EXT1 | EXT2 | EXT4 */
  opcode: string;
  /** How the name got there: 'memo', 'dup', 'py2-string', 'fix_imports: a->b', 'dotted', 'frame-straddle', … */
  via: string[];
  /** False when module or name were not constant strings (or come from the extension registry). */
  resolved: boolean;
  /** The names as written, when fix_imports changed them. */
  original?: { module: string; name: string };
}

export type ArgKindName = 'str' | 'bytes' | 'int' | 'float' | 'none' | 'bool' | 'tuple' | 'list' | 'set' | 'dict' | 'call' | 'global' | 'unknown';

export interface ArgSummary {
  kind: ArgKindName;
  /** str/bytes: the first characters (≤ maxStringPreview, escaped); int/float/bool: the value; unknown: what it is. */
  preview?: string;
  /** str/bytes: full length; containers: item count. */
  length?: number;
  /** global: 'module.name'; call: the callable of that call, with '(…)'. */
  name?: string;
  /** tuple/list/set/dict: summaries of the first items (one level only; dict: key, value, …). */
  items?: ArgSummary[];
}

export interface PickleCall {
  /** 'module.name', 'inner(…)' for a call on a call result, '?…' when unknown. */
  callable: string;
  offset: number;
  /** REDUCE | OBJ | NEWOBJ | NEWOBJ_EX | INST | BUILD */
  opcode: string;
  /** The first 8 arguments (NEWOBJ_EX: positional args, then the kwargs dict). */
  args: ArgSummary[];
  /** Total number of arguments. */
  argCount: number;
  /** The result was discarded by POP / POP_MARK (fickling GHSA-mxhj-88fx-4pcv). */
  popped: boolean;
  /** What the callee value was. */
  target: 'global' | 'call' | 'other';
  /** Index in `imports` when the callee is a global reference. */
  calleeImport?: number;
  /** Index in `calls` when the callee is the result of another call. */
  calleeCall?: number;
  via?: string[];
}

export interface NestedCandidate {
  /** Offset of the opcode that pushed the str/bytes value. */
  offset: number;
  bytes: Uint8Array;
  /** 0: a direct argument (or BUILD state); 1: an item of a tuple/list argument. */
  depth: number;
}

export interface PickleAnalysis {
  /** Highest PROTO seen; without PROTO, the highest protocol of the opcodes used. */
  protocol: number;
  imports: PickleImport[];
  calls: PickleCall[];
  extRefs: { code: number; offset: number }[];
  persistentIds: { offset: number; preview: string; parts?: string[] }[];
  nested: NestedCandidate[];
  stopOffset?: number;
  error?: { offset: number; message: string; truncated: boolean };
  opcodeCount: number;
  steps: number;
  limitHit?: 'steps' | 'memo' | 'stack' | 'depth' | 'bytes';
  frameMismatch?: { offset: number; message: string };
  /** joblib NumpyArrayWrapper arrays whose inline data was stepped over (raw) or analyzed (object arrays). */
  joblibArrays: number;
  /** Bytes of inline joblib array data (padding included) stepped over unread. */
  joblibArrayBytes: number;
}

export interface VmLimits {
  maxSteps?: number;
  maxStack?: number;
  /**
   * Open MARKs at once (1,000). Real pickles nest a few levels; thousands of open MARKs are a
   * resource-exhaustion shape (unpicklers and scanners recurse on them), reported as limit 'depth'.
   */
  maxMarks?: number;
  maxMemo?: number;
  /** Characters of str/bytes previews (80). */
  maxStringPreview?: number;
  /** Longest str/bytes value reported as a nested pickle (64 MiB). */
  maxNestedBytes?: number;
  /** Most nested candidates per pickle (32). */
  maxNested?: number;
  /** Most import and call records each (1,000,000); past 100,000 only new names are recorded. */
  maxRecords?: number;
}

// ---------------------------------------------------------------------------------------------
// Symbolic values: one class for all of them (a monomorphic shape), the kind in `t`.

const T_NONE = 0;
const T_BOOL = 1;
const T_INT = 2;
const T_FLOAT = 3;
const T_STR = 4;
const T_BYTES = 5;
const T_TUPLE = 6;
const T_LIST = 7;
const T_SET = 8;
const T_FROZENSET = 9;
const T_DICT = 10;
const T_GLOBAL = 11;
const T_CALL = 12;
const T_EXT = 13;
const T_PERSID = 14;
const T_UNKNOWN = 15;

/** str: the text is Python 2 `str` (latin-1), from STRING/BINSTRING/SHORT_BINSTRING. */
const F_PY2 = 1;
/** str: longer than MAX_STR (not usable as a name). */
const F_CUT = 2;
/** int: too large to keep (LONG1/LONG4 of more than 16 bytes). */
const F_LARGE = 4;
/** global: the joblib NumpyArrayWrapper class; call: an instance of it. */
const F_JOBLIB = 8;
/** int: the value is past the 32-bit range and kept in `big` (so `a` stays a small integer). */
const F_BIGV = 16;

const KIND_NAMES: readonly ArgKindName[] = ['none', 'bool', 'int', 'float', 'str', 'bytes', 'tuple', 'list', 'set', 'set', 'dict', 'global', 'call', 'unknown', 'unknown', 'unknown'];
const KIND_TAGS: readonly string[] = ['none', 'bool', 'int', 'float', 'str', 'bytes', 'tuple', 'list', 'set', 'frozenset', 'dict', 'global', 'call', 'ext', 'persid', 'unknown'];

/**
 * A symbolic value. Fields by kind:
 * - int: `a` the value when it fits 32 bits; else `big` holds it (F_BIGV: it fits a double;
 *   without F_BIGV it does not) or F_LARGE says it was not kept (read them with `intNum`);
 *   bool: `a` 0/1. `a` holds only small integers in practice: V8 then stores it unboxed.
 * - str/bytes: payload [`a`, `e`) in the input (`a` = -1 when `s` holds the text), `len` its
 *   reported length, `at` the offset of the opcode that pushed it; `s` caches the decoded text
 * - containers: `a` the item count, `items` the first items (dict: key, value, …)
 * - global: `a` the index in `imports` (-1 when not recorded), `s` 'module.name'
 * - call: `a` the index in `calls` (-1 when not recorded), `s` the callable, `items` the
 *   arguments, `st` the BUILD states applied to the result
 * - ext: `a` the code, `e` the import index;  unknown: `s` what it is
 */
class V {
  constructor(
    public t: number,
    public a: number,
    public e: number,
    public at: number,
    public f: number,
    public len: number,
    public s: string | undefined,
    public items: V[] | undefined,
    public big: bigint | undefined,
    public st: V[] | undefined,
  ) {}
}

function mk(t: number, a: number, s: string | undefined, items: V[] | undefined): V {
  return new V(t, a, 0, 0, 0, 0, s, items, undefined, undefined);
}

const NONE = mk(T_NONE, 0, undefined, undefined);
/** Float values are not kept (no call argument needs them): one shared symbol, no allocation. */
const FLOAT = mk(T_FLOAT, 0, undefined, undefined);
const TRUE = mk(T_BOOL, 1, undefined, undefined);
const FALSE = mk(T_BOOL, 0, undefined, undefined);
const PERSID = mk(T_PERSID, 0, undefined, undefined);
/** Small ints are shared, like CPython's. */
const SMALL_INTS: readonly V[] = Array.from({ length: 1280 }, (_, i) => mk(T_INT, i - 256, undefined, undefined));

function intOf(v: number): V {
  if ((v | 0) === v) return v >= -256 && v < 1024 ? (SMALL_INTS[v + 256] as V) : mk(T_INT, v, undefined, undefined);
  if (Number.isInteger(v)) return new V(T_INT, 0, 0, 0, F_BIGV, 0, undefined, undefined, BigInt(v), undefined);
  return mk(T_INT, v, undefined, undefined);
}

/** The value of an int: NaN when it is not known or does not fit a double. */
function intNum(v: V): number {
  if (v.f & F_LARGE) return NaN;
  if (v.big !== undefined) return v.f & F_BIGV ? Number(v.big) : NaN;
  return v.a;
}

function intVal(v: unknown): V {
  if (typeof v === 'number') return intOf(v);
  if (typeof v === 'bigint') {
    if (v >= -(2n ** 53n) && v <= 2n ** 53n) return intOf(Number(v));
    return new V(T_INT, 0, 0, 0, 0, 0, undefined, undefined, v, undefined);
  }
  if (typeof v === 'boolean') return v ? TRUE : FALSE;
  return new V(T_INT, 0, 0, 0, F_LARGE, 0, undefined, undefined, undefined, undefined);
}

/**
 * The items of an empty list, dict or set until something is added (copied on write in `extend`):
 * junk that walks as opcodes (a nested candidate of ']' bytes) makes tens of thousands of them.
 * Not for tuples: REDUCE and NEWOBJ use a tuple's items array as the call's arguments.
 */
const NO_ITEMS: V[] = [];

function isContainer(t: number): boolean {
  return t >= T_TUPLE && t <= T_DICT;
}

/** Items kept per container (the count goes on). */
const MAX_ITEMS = 16;
/** Characters of a str kept whole (longer ones keep a prefix and are not usable as names). */
const MAX_STR = 64 * 1024;
/** Longest callable description. */
const MAX_CALLABLE = 256;
const MAX_LINE = 64 * 1024;
const ARG_SUMMARIES = 8;
const ITEM_SUMMARIES = 4;

const VIA_MEMO = 1;
const VIA_DUP = 2;

const utf8 = new TextDecoder('utf-8');
const latin1 = new TextDecoder('latin1');

function decodeUtf8(b: Uint8Array, from: number, to: number): string {
  if (to - from <= 64) {
    let s = '';
    for (let i = from; i < to; i++) {
      const c = b[i] as number;
      if (c >= 0x80) return utf8.decode(b.subarray(from, to));
      s += String.fromCharCode(c);
    }
    return s;
  }
  return utf8.decode(b.subarray(from, to));
}

function decodeLatin1(b: Uint8Array, from: number, to: number): string {
  if (to - from <= 64) {
    let s = '';
    for (let i = from; i < to; i++) s += String.fromCharCode(b[i] as number);
    return s;
  }
  return latin1.decode(b.subarray(from, to));
}

/**
 * GLOBAL/INST names (and STACK_GLOBAL parts), decoded and resolved once per thread: the same few
 * names recur in every pickle of a model zoo, and building the strings, then hashing them for the
 * resolution cache, was a large part of the VM's time. Keyed by a hash of the bytes, checked
 * against a copy of them (never a view: the input buffer may be reused once the file is done).
 * Bounded in entries and in chain length, so hostile inputs only fall back to decoding.
 */
interface Interned {
  bytes: Uint8Array;
  /** The decoded text (a STACK_GLOBAL part), or the module of a GLOBAL/INST pair. */
  s: string;
  /** GLOBAL/INST: the name; its resolutions by protocol class, filled when first needed. */
  name: string;
  resolved: (Resolved | undefined)[] | undefined;
  next: Interned | undefined;
}
const interned = new Map<number, Interned>();
const MAX_INTERNED_BYTES = 512;
const MAX_INTERNED = 8192;
const MAX_CHAIN = 8;

/** A cheap bucket key from the length and four sampled bytes; entries are checked byte for byte. */
function hashBytes(b: Uint8Array, from: number, to: number): number {
  const n = to - from;
  if (n === 0) return 0;
  const h = Math.imul(n ^ ((b[from] as number) << 8) ^ ((b[to - 1] as number) << 16) ^ ((b[from + (n >> 1)] as number) << 24), 0x9e3779b1);
  return h ^ (b[from + (n >> 2)] as number);
}

function lookupInterned(b: Uint8Array, from: number, to: number, h: number): Interned | undefined {
  const n = to - from;
  for (let e = interned.get(h); e !== undefined; e = e.next) {
    const eb = e.bytes;
    if (eb.length !== n) continue;
    let i = 0;
    while (i < n && eb[i] === b[from + i]) i++;
    if (i === n) return e;
  }
  return undefined;
}

function addInterned(b: Uint8Array, from: number, to: number, h: number, s: string, name: string, resolved: Interned['resolved']): Interned {
  const bytes = new Uint8Array(to - from);
  for (let i = from; i < to; i++) bytes[i - from] = b[i] as number;
  const e: Interned = { bytes, s, name, resolved, next: undefined };
  if (interned.size >= MAX_INTERNED) interned.clear();
  const head = interned.get(h);
  let depth = 0;
  for (let x = head; x !== undefined; x = x.next) depth++;
  if (depth < MAX_CHAIN) {
    e.next = head;
    interned.set(h, e);
  }
  return e;
}

/** A str's text from its UTF-8 bytes, shared with every other use of the same bytes. */
function internUtf8(b: Uint8Array, from: number, to: number): string {
  if (to - from > MAX_INTERNED_BYTES || to < from) return decodeUtf8(b, from, to);
  const h = hashBytes(b, from, to);
  const e = lookupInterned(b, from, to, h);
  if (e !== undefined && e.resolved === undefined) return e.s;
  const s = decodeUtf8(b, from, to);
  addInterned(b, from, to, h, s, '', undefined);
  return s;
}

/**
 * The module and name of a GLOBAL/INST whose two lines are [from, nl) and (nl, to): one lookup for
 * both strings and their resolutions.
 */
function internPair(b: Uint8Array, from: number, nl: number, to: number): Interned {
  if (to - from > MAX_INTERNED_BYTES) return { bytes: EMPTY_BYTES, s: decodeUtf8(b, from, nl), name: decodeUtf8(b, nl + 1, to), resolved: [undefined, undefined, undefined], next: undefined };
  const h = hashBytes(b, from, to) ^ 0x5bd1e995;
  const e = lookupInterned(b, from, to, h);
  if (e !== undefined && e.resolved !== undefined) return e;
  return addInterned(b, from, to, h, decodeUtf8(b, from, nl), decodeUtf8(b, nl + 1, to), [undefined, undefined, undefined]);
}

const EMPTY_BYTES = new Uint8Array(0);

function escapePreview(s: string, max: number): string {
  let out = '';
  for (let i = 0; i < s.length && out.length < max; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c < 0x7f && c !== 0x5c) out += s[i];
    else if (c === 0x5c) out += '\\\\';
    else if (c === 0x0a) out += '\\n';
    else if (c < 0x100) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += s[i];
  }
  return out.length > max ? out.slice(0, max) : out;
}

function bytesPreview(b: Uint8Array, max: number): string {
  return escapePreview(latin1.decode(b.subarray(0, max)), max);
}

/** Opcodes a protocol 0/1 pickle plausibly starts with (as the sniffer's list): the cheap gate. */
const STARTER = new Uint8Array(256);
for (const c of PICKLE_STARTERS) STARTER[c] = 1;

function looksNested(b: Uint8Array): boolean {
  if (b.length < 4) return false;
  if (b[0] === 0x80) {
    const p = b[1] as number;
    return p >= 2 && p <= 5 && OPCODE_BY_BYTE[b[2] as number] !== undefined;
  }
  if (STARTER[b[0] as number] !== 1) return false;
  return looksLikePickleLong(b.subarray(0, Math.min(b.length, 64 * 1024)), b.length, (n) => b.subarray(0, n)).pickle;
}

/** A str as the bytes `pickle.loads(s.encode('latin1'))` would see; undefined past U+00FF. */
function latin1Bytes(s: string): Uint8Array | undefined {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0xff) return undefined;
    out[i] = c;
  }
  return out;
}

/** Little-endian two's-complement integer (LONG1 / LONG4 payloads, at most 16 bytes here). */
function decodeLong(b: Uint8Array, from: number, to: number): bigint {
  let v = 0n;
  for (let i = to - 1; i >= from; i--) v = (v << 8n) | BigInt(b[i] as number);
  return to > from && (b[to - 1] as number) & 0x80 ? v - (1n << BigInt(8 * (to - from))) : v;
}

function hex2(n: number): string {
  return n.toString(16).padStart(2, '0');
}

// ---------------------------------------------------------------------------------------------
// Lazy records: summaries and previews are built when first read.

/** What a lazy summary needs: the input (str/bytes values are ranges in it) and the preview size. */
interface Ctx {
  b: Uint8Array;
  max: number;
}

/** The text of a str value (a prefix of at most `limit` bytes when `limit` is given). */
function textOf(ctx: Ctx, v: V, limit = MAX_STR): string {
  if (v.s !== undefined) return v.s;
  const end = Math.min(v.e, v.a + limit);
  const s = v.f & F_PY2 ? decodeLatin1(ctx.b, v.a, end) : decodeUtf8(ctx.b, v.a, end);
  if (end === v.e || limit === MAX_STR) v.s = s;
  return s;
}

function describe(v: V): string {
  switch (v.t) {
    case T_GLOBAL:
      return v.s as string;
    case T_CALL: {
      const s = `${v.s as string}(…)`;
      return s.length > MAX_CALLABLE ? `${s.slice(0, MAX_CALLABLE - 1)}…` : s;
    }
    case T_EXT:
      return `?ext:${v.a}`;
    case T_PERSID:
      return '?persid';
    default:
      return `?${KIND_TAGS[v.t] as string}`;
  }
}

function summary(ctx: Ctx, v: V, depth: number, n: number, kept: number): ArgSummary {
  const max = ctx.max;
  switch (v.t) {
    case T_NONE:
      return { kind: 'none' };
    case T_BOOL:
      return { kind: 'bool', preview: v.a ? 'True' : 'False' };
    case T_INT:
      return { kind: 'int', preview: v.f & F_LARGE ? '(large)' : v.big !== undefined ? String(v.big) : String(v.a) };
    case T_FLOAT:
      return { kind: 'float' };
    case T_STR:
      return { kind: 'str', preview: escapePreview(textOf(ctx, v, max * 4 + 4), max), length: v.len };
    case T_BYTES:
      return { kind: 'bytes', preview: bytesPreview(ctx.b.subarray(v.a, v.e), max), length: v.e - v.a };
    case T_TUPLE:
    case T_LIST:
    case T_SET:
    case T_FROZENSET:
    case T_DICT: {
      const s: ArgSummary = { kind: KIND_NAMES[v.t] as ArgKindName, length: n };
      const items = v.items as V[];
      const k = Math.min(kept, ITEM_SUMMARIES);
      if (depth === 0 && k > 0) {
        s.items = [];
        for (let i = 0; i < k; i++) {
          const it = items[i] as V;
          s.items.push(summary(ctx, it, 1, it.a, it.items?.length ?? 0));
        }
      }
      return s;
    }
    case T_GLOBAL:
      return { kind: 'global', name: v.s as string };
    case T_CALL:
      return { kind: 'call', name: describe(v) };
    case T_EXT:
      return { kind: 'unknown', preview: `ext:${v.a}` };
    case T_PERSID:
      return { kind: 'unknown', preview: 'persistent id' };
    default:
      return { kind: 'unknown', preview: v.s ?? 'unknown' };
  }
}

/** Container counts at the time of a call, so later APPENDs do not change its summary. */
function snapshot(args: V[], from: number, count: number): number[] | undefined {
  let snap: number[] | undefined;
  for (let i = 0; i < count; i++) {
    const v = args[from + i] as V;
    if (isContainer(v.t)) {
      snap ??= new Array<number>(count * 2).fill(-1);
      snap[2 * i] = v.a;
      snap[2 * i + 1] = (v.items as V[]).length;
    }
  }
  return snap;
}

class CallRecord implements PickleCall {
  callable: string;
  offset: number;
  opcode: string;
  argCount: number;
  popped = false;
  target: 'global' | 'call' | 'other';
  declare calleeImport?: number;
  declare calleeCall?: number;
  declare via?: string[];
  readonly #ctx: Ctx;
  readonly #args: V[];
  readonly #snap: number[] | undefined;
  #sums: ArgSummary[] | undefined;

  constructor(ctx: Ctx, callable: string, offset: number, opcode: string, args: V[], argCount: number, target: 'global' | 'call' | 'other') {
    this.callable = callable;
    this.offset = offset;
    this.opcode = opcode;
    this.argCount = argCount;
    this.target = target;
    this.#ctx = ctx;
    this.#args = args;
    this.#snap = snapshot(args, 0, args.length);
  }

  get args(): ArgSummary[] {
    if (this.#sums === undefined) {
      const out: ArgSummary[] = [];
      for (let i = 0; i < this.#args.length; i++) {
        const v = this.#args[i] as V;
        const n = this.#snap !== undefined && this.#snap[2 * i] !== -1 ? (this.#snap[2 * i] as number) : v.a;
        const kept = this.#snap !== undefined && this.#snap[2 * i] !== -1 ? (this.#snap[2 * i + 1] as number) : (v.items?.length ?? 0);
        out.push(summary(this.#ctx, v, 0, n, kept));
      }
      this.#sums = out;
    }
    return this.#sums;
  }

  /** A copy (for the merge of alternative readings). */
  clone(): CallRecord {
    const c = new CallRecord(this.#ctx, this.callable, this.offset, this.opcode, [], this.argCount, this.target);
    c.#sums = this.args;
    c.popped = this.popped;
    if (this.calleeImport !== undefined) c.calleeImport = this.calleeImport;
    if (this.calleeCall !== undefined) c.calleeCall = this.calleeCall;
    if (this.via !== undefined) c.via = [...this.via];
    return c;
  }

  toJSON(): PickleCall {
    const o: PickleCall = { callable: this.callable, offset: this.offset, opcode: this.opcode, args: this.args, argCount: this.argCount, popped: this.popped, target: this.target };
    if (this.calleeImport !== undefined) o.calleeImport = this.calleeImport;
    if (this.calleeCall !== undefined) o.calleeCall = this.calleeCall;
    if (this.via !== undefined) o.via = this.via;
    return o;
  }
}

/** A BINPERSID record: its preview is built when first read. */
class PersidRecord {
  offset: number;
  readonly #ctx: Ctx;
  readonly #v: V;
  readonly #n: number;
  readonly #kept: number;
  #preview: string | undefined;

  constructor(ctx: Ctx, offset: number, v: V) {
    this.offset = offset;
    this.#ctx = ctx;
    this.#v = v;
    this.#n = v.a;
    this.#kept = v.items?.length ?? 0;
  }

  get preview(): string {
    if (this.#preview === undefined) {
      const sum = summary(this.#ctx, this.#v, 0, this.#n, this.#kept);
      const p = sum.preview ?? (sum.items ? `${sum.kind}(${sum.items.map((i) => i.preview ?? i.name ?? i.kind).join(', ')})` : sum.name ?? sum.kind);
      this.#preview = escapePreview(p, this.#ctx.max);
    }
    return this.#preview;
  }

  /** The persistent id's tuple items as text (first 8), e.g. storage, torch.FloatStorage, 0, cpu, 12. */
  get parts(): string[] | undefined {
    const items = this.#v.items;
    if (!items) return undefined;
    return items.slice(0, 8).map((it) => {
      const sum = summary(this.#ctx, it, 0, 0, 0);
      return sum.preview ?? sum.name ?? sum.kind;
    });
  }

  toJSON(): { offset: number; preview: string } {
    return { offset: this.offset, preview: this.preview };
  }
}

// ---------------------------------------------------------------------------------------------
// Argument reading

const K_NONE = 0;
const K_U1 = 1;
const K_U2 = 2;
const K_I4 = 3;
const K_U4 = 4;
const K_U8 = 5;
const K_F8 = 6;
const K_LONG1 = 7;
const K_LONG4 = 8;
const K_STRING1 = 9;
const K_STRING4 = 10;
const K_BYTES1 = 11;
const K_BYTES4 = 12;
const K_BYTES8 = 13;
const K_BYTEARRAY8 = 14;
const K_UNICODE1 = 15;
const K_UNICODE4 = 16;
const K_UNICODE8 = 17;
const K_PAIR = 18;
/** Newline-terminated arguments: decoded by the sniffer's reader into `value`. */
const K_LINE = 19;

const KIND_CODE: Readonly<Record<ArgKind, number>> = {
  none: K_NONE,
  uint1: K_U1,
  uint2: K_U2,
  int4: K_I4,
  uint4: K_U4,
  uint8: K_U8,
  float8: K_F8,
  long1: K_LONG1,
  long4: K_LONG4,
  string1: K_STRING1,
  string4: K_STRING4,
  bytes1: K_BYTES1,
  bytes4: K_BYTES4,
  bytes8: K_BYTES8,
  bytearray8: K_BYTEARRAY8,
  unicodestring1: K_UNICODE1,
  unicodestring4: K_UNICODE4,
  unicodestring8: K_UNICODE8,
  stringnl_noescape_pair: K_PAIR,
  stringnl: K_LINE,
  stringnl_noescape: K_LINE,
  decimalnl_short: K_LINE,
  decimalnl_long: K_LINE,
  floatnl: K_LINE,
  unicodestringnl: K_LINE,
};

/** Per opcode byte: its argument kind code, -1 for bytes that are not opcodes. */
const OP_KIND = new Int8Array(256).fill(-1);
/** Per opcode byte: the protocol that introduced it. */
const OP_PROTO = new Uint8Array(256);
for (let i = 0; i < 256; i++) {
  const o = OPCODE_BY_BYTE[i];
  if (o !== undefined) {
    OP_KIND[i] = KIND_CODE[o.arg];
    OP_PROTO[i] = o.proto;
  }
}

function opName(code: number): string {
  return (OPCODE_BY_BYTE[code] as Opcode).name;
}

/** The result of reading one argument; one object reused for every opcode. */
interface ArgOut {
  next: number;
  /** Fixed-size integers; counted payloads: their length. */
  num: number;
  /** Counted payloads: [start, end) in the input; GLOBAL/INST: the first line. */
  start: number;
  end: number;
  /** GLOBAL/INST: the second line. */
  start2: number;
  end2: number;
  /** Newline-terminated arguments, and uint8 values past 2^53 (bigint). */
  value: unknown;
  error: string;
  truncated: boolean;
  /** The read crossed the quirk buffer end (see readArg). */
  straddled: boolean;
}

function widthOf(kind: number): number {
  switch (kind) {
    case K_LONG1:
    case K_STRING1:
    case K_BYTES1:
    case K_UNICODE1:
      return 1;
    case K_LONG4:
    case K_STRING4:
    case K_BYTES4:
    case K_UNICODE4:
      return 4;
    default:
      return 8;
  }
}

function readLen(b: Uint8Array, pos: number, width: number): number {
  if (width === 1) return b[pos] as number;
  if (width === 2) return (b[pos] as number) | ((b[pos + 1] as number) << 8);
  const lo = ((b[pos] as number) | ((b[pos + 1] as number) << 8) | ((b[pos + 2] as number) << 16)) + (b[pos + 3] as number) * 0x1000000;
  if (width === 4) return lo;
  const hi = ((b[pos + 4] as number) | ((b[pos + 5] as number) << 8) | ((b[pos + 6] as number) << 16)) + (b[pos + 7] as number) * 0x1000000;
  return hi * 0x100000000 + lo; // may lose precision past 2^53; such a length is past the end anyway
}

function findNewline(b: Uint8Array, from: number): number {
  const limit = Math.min(b.length, from + MAX_LINE + 1);
  const i = b.indexOf(0x0a, from);
  return i >= 0 && i < limit ? i : i < 0 && limit === b.length ? -1 : -2;
}

function trunc(out: ArgOut, what: string): false {
  out.error = `${what} runs past the end of the data`;
  out.truncated = true;
  return false;
}

function bad(out: ArgOut, error: string): false {
  out.error = error;
  out.truncated = false;
  return false;
}

const KIND_LABEL: readonly string[] = ['none', 'uint1', 'uint2', 'int4', 'uint4', 'uint8', 'float8', 'long1', 'long4', 'string1', 'string4', 'bytes1', 'bytes4', 'bytes8', 'bytearray8', 'unicodestring1', 'unicodestring4', 'unicodestring8', 'stringnl_noescape_pair', 'line'];

/**
 * Reads the argument of an opcode whose argument kind code is `kind` and starts at `pos`. In quirk
 * mode (`bufEnd` set) the reads that cross `bufEnd` follow the pre-fix C file reader: the bytes
 * left before `bufEnd` are dropped and the read restarts at `bufEnd`. `straddled` reports it.
 */
function readArg(b: Uint8Array, pos: number, kind: number, code: number, bufEnd: number | undefined, out: ArgOut): boolean {
  const q = bufEnd !== undefined && pos < bufEnd ? bufEnd : undefined;
  const len = b.length;
  if (q === undefined) {
    switch (kind) {
      case K_NONE:
        out.next = pos;
        return true;
      case K_U1:
        if (pos + 1 > len) return trunc(out, 'uint1');
        out.num = b[pos] as number;
        out.next = pos + 1;
        return true;
      case K_U2:
        if (pos + 2 > len) return trunc(out, 'uint2');
        out.num = (b[pos] as number) | ((b[pos + 1] as number) << 8);
        out.next = pos + 2;
        return true;
      case K_I4:
        if (pos + 4 > len) return trunc(out, 'int4');
        out.num = (b[pos] as number) | ((b[pos + 1] as number) << 8) | ((b[pos + 2] as number) << 16) | ((b[pos + 3] as number) << 24);
        out.next = pos + 4;
        return true;
      case K_U4:
        if (pos + 4 > len) return trunc(out, 'uint4');
        out.num = readLen(b, pos, 4);
        out.next = pos + 4;
        return true;
      case K_U8:
        if (pos + 8 > len) return trunc(out, 'uint8');
        out.num = readLen(b, pos, 8);
        out.next = pos + 8;
        return true;
      case K_F8:
        if (pos + 8 > len) return trunc(out, 'float8');
        out.next = pos + 8;
        return true;
      case K_LONG1:
      case K_STRING1:
      case K_BYTES1:
      case K_UNICODE1: {
        if (pos + 1 > len) return trunc(out, KIND_LABEL[kind] as string);
        const n = b[pos] as number;
        if (pos + 1 + n > len) return trunc(out, `${KIND_LABEL[kind] as string} payload`);
        out.num = n;
        out.start = pos + 1;
        out.end = pos + 1 + n;
        out.next = pos + 1 + n;
        return true;
      }
      case K_LONG4:
      case K_STRING4:
      case K_BYTES4:
      case K_UNICODE4: {
        if (pos + 4 > len) return trunc(out, KIND_LABEL[kind] as string);
        const n = readLen(b, pos, 4);
        if (kind === K_LONG4 && n >= 0x80000000) return bad(out, 'LONG pickle has negative byte count');
        if (pos + 4 + n > len) return trunc(out, `${KIND_LABEL[kind] as string} payload`);
        out.num = n;
        out.start = pos + 4;
        out.end = pos + 4 + n;
        out.next = pos + 4 + n;
        return true;
      }
      default:
        break;
    }
  }
  switch (kind) {
    case K_PAIR: {
      let p = pos;
      for (let i = 0; i < 2; i++) {
        let nl = findNewline(b, p);
        if (q !== undefined && p < q && (nl < 0 || nl >= q)) {
          out.straddled = true;
          p = q;
          nl = findNewline(b, p);
        }
        if (nl === -1) return trunc(out, 'line');
        if (nl === -2) return bad(out, 'line argument longer than the limit');
        if (nl === p) return bad(out, 'GLOBAL/INST with an empty line (pickle data was truncated)');
        if (i === 0) {
          out.start = p;
          out.end = nl;
        } else {
          out.start2 = p;
          out.end2 = nl;
        }
        p = nl + 1;
      }
      out.next = p;
      return true;
    }
    case K_LONG1:
    case K_LONG4:
    case K_STRING1:
    case K_STRING4:
    case K_BYTES1:
    case K_BYTES4:
    case K_BYTES8:
    case K_BYTEARRAY8:
    case K_UNICODE1:
    case K_UNICODE4:
    case K_UNICODE8: {
      const w = widthOf(kind);
      let p = pos;
      if (q !== undefined && p + w > q) {
        out.straddled = true;
        p = q;
      }
      if (p + w > len) return trunc(out, KIND_LABEL[kind] as string);
      const n = readLen(b, p, w);
      if (kind === K_LONG4 && n >= 0x80000000) return bad(out, 'LONG pickle has negative byte count');
      let at = p + w;
      // Reads with `_pickle.c::_Unpickler_Read` (not ReadInto) semantics for the other payloads.
      const readInto = kind === K_BYTES1 || kind === K_BYTES4 || kind === K_BYTES8 || kind === K_BYTEARRAY8;
      if (q !== undefined && at < q && at + n > q && !readInto) {
        out.straddled = true;
        at = q;
      }
      if (at + n > len) return trunc(out, `${KIND_LABEL[kind] as string} payload`);
      out.num = n;
      out.start = at;
      out.end = at + n;
      out.next = at + n;
      return true;
    }
    default: {
      const ak = (OPCODE_BY_BYTE[code] as Opcode).arg;
      let r: ArgResult = readOpcodeArg(b, pos, ak);
      if (q !== undefined && (!r.ok || r.next > q)) {
        // Fixed-size and single-line arguments are one read each.
        out.straddled = true;
        r = readOpcodeArg(b, q, ak);
      }
      if (!r.ok) {
        out.error = r.error;
        out.truncated = r.truncated === true;
        return false;
      }
      out.next = r.next;
      out.value = r.value;
      if (typeof r.value === 'number') out.num = r.value;
      else if (typeof r.value === 'bigint') out.num = Number(r.value);
      return true;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// joblib

/** Class names of joblib's array wrapper whose BUILD is followed by the array (vendored copies too). */
const JOBLIB_WRAPPERS = new Set(['joblib.numpy_pickle.NumpyArrayWrapper', 'sklearn.externals.joblib.numpy_pickle.NumpyArrayWrapper']);
/** Callables that make an instance of their first argument (protocol 0/1 and copyreg forms). */
const INSTANCE_MAKERS = new Set(['copyreg._reconstructor', 'copyreg.__newobj__', 'copyreg.__newobj_ex__']);
const DTYPE_CLASSES = new Set(['numpy.dtype', 'numpy.core.multiarray.dtype', 'numpy._core.multiarray.dtype']);

/** The inline data of one wrapper: raw bytes (with or without a padding byte) or an inline pickle. */
type JoblibLayout = { kind: 'raw'; bytes: number; padding: boolean } | { kind: 'object' } | { kind: 'unknown'; why: string };

// ---------------------------------------------------------------------------------------------
// The interpreter

interface Options {
  maxSteps: number;
  maxStack: number;
  maxMarks: number;
  maxMemo: number;
  maxPreview: number;
  maxNestedBytes: number;
  maxNested: number;
  maxRecords: number;
  quirk: boolean;
  /** Read joblib inline arrays (off for the inline object-array pickle and the plain reading). */
  joblib: boolean;
}

function options(limits: VmLimits | undefined, quirk: boolean, joblib = true): Options {
  const l = limits ?? {};
  return {
    maxSteps: l.maxSteps ?? 5_000_000,
    maxStack: l.maxStack ?? 1_000_000,
    maxMarks: l.maxMarks ?? 1_000,
    maxMemo: l.maxMemo ?? 1_000_000,
    maxPreview: l.maxStringPreview ?? 80,
    maxNestedBytes: l.maxNestedBytes ?? 64 * 1024 * 1024,
    maxNested: l.maxNested ?? 32,
    maxRecords: l.maxRecords ?? 1_000_000,
    quirk,
    joblib,
  };
}

/** Past this many records, only calls/imports with a name not seen before are recorded. */
const RECORDS_BEFORE_DEDUP = 100_000;
/** Memo keys below this live in an array; the rest in a Map. */
const DENSE_MEMO = 1 << 16;

/** How a (module, name) pair resolves; cached per analysis. */
interface Resolved {
  module: string;
  name: string;
  full: string;
  fix: string | undefined;
  dotted: string | undefined;
  joblib: boolean;
}

function emptyAnalysis(): PickleAnalysis {
  return { protocol: 0, imports: [], calls: [], extRefs: [], persistentIds: [], nested: [], opcodeCount: 0, steps: 0, joblibArrays: 0, joblibArrayBytes: 0 };
}

/** How CPython resolves (module, name) under protocol class `cls` (0: < 3, 1: 3, 2: >= 4). */
function resolveName(module: string, name: string, cls: number): Resolved {
  let m = module;
  let n = name;
  let fix: string | undefined;
  if (cls === 0) {
    const fixed = fixImports(module, name);
    if (fixed !== undefined) {
      fix = fixed.name !== name ? `fix_imports: ${module}.${name}->${fixed.module}.${fixed.name}` : `fix_imports: ${module}->${fixed.module}`;
      m = fixed.module;
      n = fixed.name;
    }
  }
  const full = `${m}.${n}`;
  return { module: m, name: n, full, fix, dotted: n.includes('.') ? (cls === 2 ? 'dotted' : 'dotted (not resolved by CPython under protocol < 4)') : undefined, joblib: JOBLIB_WRAPPERS.has(full) };
}

/**
 * Resolutions by protocol class (< 3, 3, >= 4), then module, then name: a pure function of the
 * three, kept for the thread's life (bounded) so each file does not resolve the same names again.
 */
const RESOLVED: Map<string, Map<string, Resolved>>[] = [new Map(), new Map(), new Map()];
const MAX_RESOLVED_MODULES = 4096;
const MAX_RESOLVED_NAMES = 4096;
/** The arrays of a Machine, pooled per thread (see Machine.frame). */
interface Frame {
  stack: V[];
  via: number[];
  marks: number[];
  memo: (V | undefined)[];
  memoVia: number[];
}
const FRAMES: Frame[] = [];
/** Stacks or memos larger than these are not kept for the next pickle. */
const MAX_POOLED_STACK = 1 << 16;
const MAX_POOLED_MEMO = 1 << 12;

/** The `via` of a GLOBAL/INST reference: none (copied before a record gets one). */
const NO_VIA: readonly string[] = Object.freeze([]);

class Machine {
  readonly res: PickleAnalysis = emptyAnalysis();
  private readonly ctx: Ctx;
  /**
   * The stack is `stack[0..sp)` (with the route flags of each value in `via`): an explicit height,
   * so cutting the stack costs nothing and the arrays never shrink. The arrays (and the memo) come
   * from a per-thread pool and go back, cleared, when `run` ends.
   */
  private readonly frame: Frame;
  private stack: V[];
  private via: number[];
  private sp = 0;
  /** Highest stack height reached (for the clearing). */
  private hwm = 0;
  private marks: number[];
  private fence = 0;
  private memo: (V | undefined)[];
  private memoVia: number[];
  /** Highest dense memo key set, for the clearing. */
  private memoTop = -1;
  private memoBig: Map<number, V> | undefined;
  private memoBigVia: Map<number, number> | undefined;
  private memoSize = 0;
  private proto = 0;
  private maxProto = -1;
  private maxOpProto = 0;
  private nestedSeen: Set<V> | undefined;
  private seenNames: Set<string> | undefined;
  private done = false;
  private opPos = 0;
  /** A joblib wrapper's BUILD was reached (its data read or not). */
  joblibSeen = false;

  constructor(
    private readonly b: Uint8Array,
    private readonly o: Options,
    ctx?: Ctx,
  ) {
    this.ctx = ctx ?? { b, max: o.maxPreview };
    const f = (this.frame = FRAMES.pop() ?? { stack: [], via: [], marks: [], memo: [], memoVia: [] });
    this.stack = f.stack;
    this.via = f.via;
    this.marks = f.marks;
    this.memo = f.memo;
    this.memoVia = f.memoVia;
  }

  /** Gives the arrays back to the pool, emptied of this pickle's values (large ones are replaced). */
  private release(): void {
    if (FRAMES.length >= 8) return;
    const f = this.frame;
    if (this.hwm > MAX_POOLED_STACK) {
      f.stack = [];
      f.via = [];
    } else f.stack.fill(NONE, 0, this.hwm);
    f.marks.length = 0;
    if (this.memoTop >= MAX_POOLED_MEMO) {
      f.memo = [];
      f.memoVia = [];
    } else if (this.memoTop >= 0) f.memo.fill(undefined, 0, this.memoTop + 1);
    FRAMES.push(f);
  }

  private fail(message: string, truncated = false, offset = this.opPos): void {
    if (!this.done) this.res.error = { offset, message, truncated };
    this.done = true;
  }

  private limit(what: NonNullable<PickleAnalysis['limitHit']>): void {
    this.res.limitHit = what;
    this.done = true;
  }

  private underflow(): void {
    this.fail(this.marks.length > 0 ? 'unexpected MARK found' : 'unpickling stack underflow');
  }

  private push(v: V, via: number): void {
    const sp = this.sp;
    if (sp >= this.o.maxStack) return this.limit('stack');
    this.stack[sp] = v;
    this.via[sp] = via;
    this.sp = sp + 1;
    if (sp >= this.hwm) this.hwm = sp + 1;
  }

  /** Pops the top value (its via flags are in `this.lastVia`), or undefined with the error set. */
  private lastVia = 0;
  private pop(): V | undefined {
    if (this.sp <= this.fence) {
      this.underflow();
      return undefined;
    }
    const sp = --this.sp;
    this.lastVia = this.via[sp] as number;
    return this.stack[sp] as V;
  }

  /** Pops to the last MARK; the stack index of the first item above it, or -1 (error set). */
  private marker(): number {
    const m = this.marks.pop();
    if (m === undefined) {
      this.fail('could not find MARK');
      return -1;
    }
    const k = this.marks.length;
    this.fence = k > 0 ? (this.marks[k - 1] as number) : 0;
    return m;
  }

  /** Cuts the stack to `from` items. */
  private cut(from: number): void {
    if (from < this.sp) this.sp = from;
  }

  /** The first `max` items from stack index `from` (all of them when `max` is omitted); the stack is cut there. */
  private take(from: number, max = Infinity): V[] {
    const s = this.stack;
    const items = s.slice(from, Math.min(this.sp, from + max));
    this.cut(from);
    return items;
  }

  private container(t: number, from: number): V {
    const n = this.sp - from;
    return mk(t, n, undefined, this.take(from, MAX_ITEMS));
  }

  /** APPEND(S) / SETITEM(S) / ADDITEMS of the stack items from `from` into `target`. */
  private extend(target: V, from: number): void {
    const s = this.stack;
    const sp = this.sp;
    const count = sp - from;
    if (isContainer(target.t)) {
      let items = target.items as V[];
      if (items === NO_ITEMS) target.items = items = [];
      const cap = MAX_ITEMS * (target.t === T_DICT ? 2 : 1);
      for (let i = from; i < sp && items.length < cap; i++) items.push(s[i] as V);
      target.a += target.t === T_DICT ? count / 2 : count;
    }
    this.cut(from);
  }

  private memoGet(key: number): V | undefined {
    if (key >= 0 && key < DENSE_MEMO) {
      const v = this.memo[key];
      if (v !== undefined) this.lastVia = this.memoVia[key] as number;
      return v;
    }
    const v = this.memoBig?.get(key);
    if (v !== undefined) this.lastVia = this.memoBigVia?.get(key) ?? 0;
    return v;
  }

  private memoPut(key: number, v: V, via: number): boolean {
    if (key < DENSE_MEMO) {
      if (this.memo[key] === undefined) {
        if (this.memoSize >= this.o.maxMemo) return false;
        this.memoSize++;
      }
      this.memo[key] = v;
      this.memoVia[key] = via;
      if (key > this.memoTop) this.memoTop = key;
      return true;
    }
    this.memoBig ??= new Map();
    this.memoBigVia ??= new Map();
    if (!this.memoBig.has(key)) {
      if (this.memoSize >= this.o.maxMemo) return false;
      this.memoSize++;
    }
    this.memoBig.set(key, v);
    this.memoBigVia.set(key, via);
    return true;
  }

  // --- records ----------------------------------------------------------------------------

  private shouldRecord(kind: string, key: string): boolean {
    const n = kind === 'import' ? this.res.imports.length : this.res.calls.length;
    if (n < RECORDS_BEFORE_DEDUP) return true;
    if (n >= this.o.maxRecords) return false;
    const k = `${kind}\u0000${key}`;
    this.seenNames ??= new Set();
    if (this.seenNames.has(k)) return false;
    this.seenNames.add(k);
    return true;
  }

  private protoClass(): number {
    return this.proto >= 3 ? (this.proto >= 4 ? 2 : 1) : 0;
  }

  private resolve(module: string, name: string): Resolved {
    const cls = this.protoClass();
    const byModule = RESOLVED[cls] as Map<string, Map<string, Resolved>>;
    let byName = byModule.get(module);
    if (byName === undefined) {
      if (byModule.size >= MAX_RESOLVED_MODULES) byModule.clear();
      byModule.set(module, (byName = new Map()));
    } else if (byName.size >= MAX_RESOLVED_NAMES) byName.clear();
    let r = byName.get(name);
    if (r === undefined) byName.set(name, (r = resolveName(module, name, cls)));
    return r;
  }

  /** A GLOBAL/INST reference: its two lines through the thread's name cache. */
  private globalRef(b: Uint8Array, a: ArgOut, opcode: string): V {
    if (a.start2 !== a.end + 1) return this.addImport(decodeUtf8(b, a.start, a.end), decodeUtf8(b, a.start2, a.end2), opcode, NO_VIA, true);
    const e = internPair(b, a.start, a.end, a.end2);
    const rs = e.resolved as (Resolved | undefined)[];
    const cls = this.protoClass();
    const r = (rs[cls] ??= resolveName(e.s, e.name, cls));
    return this.addImport(e.s, e.name, opcode, NO_VIA, true, r);
  }

  /**
   * Import records, one per resolved global and opcode form: a state dict names the same rebuild
   * function hundreds of times, and a record each was most of the VM's garbage. Later references
   * point at the first record (its offset and how it was reached); unresolved names are kept apart.
   */
  private importIndex = new Map<string, Map<string, number>>();

  /** The global value of each import record (immutable, so shared by every reference to it). */
  private globals: V[] = [];

  private addImport(module: string, name: string, opcode: string, via0: readonly string[], resolved: boolean, known?: Resolved): V {
    let full: string;
    let flags = 0;
    let r: Resolved | undefined;
    if (resolved) {
      r = known ?? this.resolve(module, name);
      full = r.full;
      if (r.joblib) flags = F_JOBLIB;
    } else {
      full = `${module}.${name}`;
    }
    const dedupKey = resolved ? full : `\u0000${full}`;
    let byOpcode = this.importIndex.get(dedupKey);
    let imp = byOpcode?.get(opcode) ?? -1;
    if (imp < 0 && this.res.imports.length < this.o.maxRecords) {
      const via = via0 === NO_VIA ? [] : (via0 as string[]);
      let rec: PickleImport;
      if (r) {
        rec = { module: r.module, name: r.name, offset: this.opPos, opcode, via, resolved };
        if (r.fix !== undefined) {
          rec.original = { module, name };
          via.push(r.fix);
        }
        if (r.dotted !== undefined) via.push(r.dotted);
      } else {
        rec = { module, name, offset: this.opPos, opcode, via, resolved };
      }
      imp = this.res.imports.length;
      this.res.imports.push(rec);
      if (!byOpcode) this.importIndex.set(dedupKey, (byOpcode = new Map()));
      byOpcode.set(opcode, imp);
    } else if (imp >= 0 && via0.length) {
      // The same global reached another way (memo, DUP): keep every route on the one record.
      const rec = this.res.imports[imp] as PickleImport;
      for (const v of via0) if (!rec.via.includes(v)) rec.via.push(v);
    }
    if (imp >= 0) {
      const cached = this.globals[imp];
      if (cached !== undefined) return cached;
    }
    const g = mk(T_GLOBAL, imp, full, undefined);
    g.f = flags;
    if (imp >= 0) this.globals[imp] = g;
    return g;
  }

  private checkNested(v: V, depth: number): void {
    if (this.res.nested.length >= this.o.maxNested) return;
    const t = v.t;
    if (t === T_STR || t === T_BYTES) {
      const b = this.b;
      let bytes: Uint8Array | undefined;
      if (t === T_BYTES) {
        const len = v.e - v.a;
        if (len < 4 || len > this.o.maxNestedBytes) return;
        // Cheap gate on the first bytes before the walk.
        const c0 = b[v.a] as number;
        if (c0 !== 0x80 && STARTER[c0] !== 1) return;
        if (this.nestedSeen?.has(v)) return;
        bytes = b.subarray(v.a, v.e);
      } else {
        if (v.len < 4 || v.len > this.o.maxNestedBytes || v.f & F_CUT) return;
        if (v.a >= 0) {
          // Counted str: \x80 is C2 80 in UTF-8 (and 0x80 as latin-1); else an ASCII starter.
          const c0 = b[v.a] as number;
          if (v.f & F_PY2 ? c0 !== 0x80 && STARTER[c0] !== 1 : !(STARTER[c0] === 1 || (c0 === 0xc2 && b[v.a + 1] === 0x80))) return;
        } else {
          const c0 = (v.s as string).charCodeAt(0);
          if (c0 !== 0x80 && (c0 > 0x7f || STARTER[c0] !== 1)) return;
        }
        if (this.nestedSeen?.has(v)) return;
        bytes = latin1Bytes(textOf(this.ctx, v));
      }
      if (bytes === undefined || !looksNested(bytes)) return;
      this.nestedSeen ??= new Set();
      this.nestedSeen.add(v);
      this.res.nested.push({ offset: v.at, bytes, depth });
    } else if (depth === 0 && isContainer(t)) {
      const items = v.items as V[];
      for (let i = 0; i < items.length; i++) this.checkNested(items[i] as V, 1);
    }
  }

  /** Records a call of `callee` with `args[0..]` (already at most ARG_SUMMARIES kept by the caller). */
  private addCall(opcode: string, callee: V, args: V[], argCount: number): V {
    const callable = describe(callee);
    for (let i = 0; i < args.length; i++) this.checkNested(args[i] as V, 0);
    let idx = -1;
    if (this.res.calls.length < RECORDS_BEFORE_DEDUP || this.shouldRecord('call', `${callable}\u0000${opcode}`)) {
      const ct = callee.t;
      const rec = new CallRecord(this.ctx, callable, this.opPos, opcode, args.length > ARG_SUMMARIES ? args.slice(0, ARG_SUMMARIES) : args, argCount, ct === T_GLOBAL || ct === T_EXT ? 'global' : ct === T_CALL ? 'call' : 'other');
      if (ct === T_GLOBAL && callee.a >= 0) rec.calleeImport = callee.a;
      else if (ct === T_EXT && callee.e >= 0) rec.calleeImport = callee.e;
      else if (ct === T_CALL && callee.a >= 0) rec.calleeCall = callee.a;
      idx = this.res.calls.length;
      this.res.calls.push(rec);
    }
    const r = mk(T_CALL, idx, callable.length > MAX_CALLABLE ? callable.slice(0, MAX_CALLABLE) : callable, args);
    // An instance of joblib's array wrapper: made from the class directly, or through copyreg.
    if (callee.t === T_GLOBAL && (callee.f & F_JOBLIB) !== 0 && opcode !== 'BUILD') r.f = F_JOBLIB;
    else if (callee.t === T_GLOBAL && opcode === 'REDUCE' && INSTANCE_MAKERS.has(callable) && args[0] !== undefined && args[0].t === T_GLOBAL && (args[0].f & F_JOBLIB) !== 0) r.f = F_JOBLIB;
    return r;
  }

  private markPopped(v: V): void {
    if (v.t === T_CALL && v.a >= 0) (this.res.calls[v.a] as PickleCall).popped = true;
  }

  /** A str usable as a STACK_GLOBAL part: the text, and how it got there. */
  private namePart(v: V, via: number, tags: string[]): string | undefined {
    if (via & VIA_MEMO && !tags.includes('memo')) tags.push('memo');
    if (via & VIA_DUP && !tags.includes('dup')) tags.push('dup');
    if (v.t === T_STR && !(v.f & F_CUT)) {
      if (v.f & F_PY2 && !tags.includes('py2-string')) tags.push('py2-string');
      else if (v.s === undefined && v.a >= 0) v.s = internUtf8(this.b, v.a, v.e);
      return textOf(this.ctx, v);
    }
    return undefined;
  }

  private unresolvedPart(v: V): string {
    if (v.t === T_BYTES) return `?(bytes: ${bytesPreview(this.b.subarray(v.a, v.e), 40)})`;
    if (v.t === T_STR) return `?(str of ${v.len} characters)`;
    if (v.t === T_GLOBAL || v.t === T_CALL) return `?(${KIND_TAGS[v.t] as string}: ${describe(v)})`;
    return `?(${KIND_TAGS[v.t] as string})`;
  }

  private str(s: string, py2: boolean, at: number): V {
    const cut = s.length > MAX_STR;
    return new V(T_STR, -1, -1, at, (py2 ? F_PY2 : 0) | (cut ? F_CUT : 0), s.length, cut ? s.slice(0, MAX_STR) : s, undefined, undefined, undefined);
  }

  // --- joblib -------------------------------------------------------------------------------

  /** The text of a str value, or undefined for anything else. */
  private strOf(v: V): string | undefined {
    return v.t === T_STR && !(v.f & F_CUT) ? textOf(this.ctx, v) : undefined;
  }

  /** What joblib reads after the BUILD of a wrapper whose BUILD states are `states`. */
  private joblibLayout(states: V[]): JoblibLayout {
    const attrs = new Map<string, V>();
    for (const st of states) {
      const parts = st.t === T_TUPLE && st.a === 2 ? (st.items as V[]) : [st];
      for (const p of parts) {
        if (p.t === T_NONE && parts.length === 2) continue;
        if (p.t !== T_DICT) return { kind: 'unknown', why: `its state is a ${KIND_TAGS[p.t] as string}` };
        const items = p.items as V[];
        if (items.length < p.a * 2) return { kind: 'unknown', why: 'its state dict has too many entries' };
        for (let i = 0; i + 1 < items.length; i += 2) {
          const k = this.strOf(items[i] as V);
          if (k === undefined) return { kind: 'unknown', why: 'its state has a key that is not a str' };
          attrs.set(k, items[i + 1] as V);
        }
      }
    }
    const dtype = attrs.get('dtype');
    const shape = attrs.get('shape');
    if (dtype === undefined || shape === undefined) return { kind: 'unknown', why: 'its state has no dtype or shape' };
    const info = this.dtypeInfo(dtype, 0);
    if (typeof info === 'string') return { kind: 'unknown', why: info };
    if (info.object) return { kind: 'object' };
    let itemsize = info.size;
    // The shape: a tuple (or list) of known non-negative ints.
    if ((shape.t !== T_TUPLE && shape.t !== T_LIST) || (shape.items as V[]).length !== shape.a) return { kind: 'unknown', why: 'its shape is not a short tuple' };
    let count = 1;
    for (const d of shape.items as V[]) {
      const dim = intNum(d);
      if (d.t !== T_INT || !Number.isFinite(dim) || dim < 0) return { kind: 'unknown', why: 'its shape holds a value that is not a known size' };
      count *= dim;
    }
    itemsize *= count;
    const align = attrs.get('numpy_array_alignment_bytes');
    return { kind: 'raw', bytes: itemsize, padding: align !== undefined && align.t !== T_NONE };
  }

  /**
   * Item size of a pickled `numpy.dtype(<kind><size>, False, True)` and its BUILD state (version,
   * byte order, sub-array, names, fields, element size, alignment, flags[, metadata]), and whether
   * it holds Python objects (then joblib writes an inline pickle); a reason when unknown.
   */
  private dtypeInfo(d: V, depth: number): { size: number; object: boolean } | string {
    if (depth > 4) return 'its dtype is nested too deeply';
    if (d.t !== T_CALL || !DTYPE_CLASSES.has(d.s ?? '') || d.items === undefined || d.items[0] === undefined) return 'its dtype is not a numpy.dtype(…) call';
    const spec = this.strOf(d.items[0]);
    const m = spec === undefined ? null : /^[<>|=]?([biufcmMOSUVa])(\d+)(\[\w+\])?$/.exec(spec);
    if (m === null) return `its dtype ${spec === undefined ? 'is not a str' : `'${escapePreview(spec, 40)}'`} has no known item size`;
    const kind = m[1] as string;
    const size = Number(m[2]) * (kind === 'U' ? 4 : 1);
    let object = kind === 'O';
    const state = d.st !== undefined ? d.st[d.st.length - 1] : undefined;
    if (state === undefined) return kind === 'V' ? 'its void dtype has no state' : { size, object };
    const it = state.items;
    if (state.t !== T_TUPLE || it === undefined || it.length < 8 || state.a !== it.length) return 'its dtype state is not a numpy dtype state tuple';
    const el = it[5] as V;
    const elSize = el.t === T_INT ? intNum(el) : NaN;
    if (el.t !== T_INT || !Number.isFinite(elSize)) return 'its dtype state has no item size';
    if ('SUVa'.includes(kind) && elSize >= 0 && elSize !== size) return `its dtype '${spec as string}' and its state disagree on the item size`;
    const sub = it[2] as V;
    if (sub.t !== T_NONE) {
      // A sub-array: (base dtype, shape); the item size is already the whole.
      if (sub.t !== T_TUPLE || sub.items === undefined || sub.items[0] === undefined) return 'its dtype has a sub-array that is not a tuple';
      const base = this.dtypeInfo(sub.items[0], depth + 1);
      if (typeof base === 'string') return base;
      object ||= base.object;
    }
    const names = it[3] as V;
    const fields = it[4] as V;
    if (fields.t === T_NONE) return names.t === T_NONE ? { size, object } : 'its structured dtype has names but no fields';
    // A structured dtype: {name: (dtype, offset[, title])}; an object field makes it an object dtype.
    if (fields.t !== T_DICT || fields.items === undefined || fields.items.length < fields.a * 2) return 'its structured dtype has too many fields to check';
    for (let i = 1; i < fields.items.length; i += 2) {
      const f = fields.items[i] as V;
      if (f.t !== T_TUPLE || f.items === undefined || f.items[0] === undefined) return 'its structured dtype has a field that is not a (dtype, offset) tuple';
      const fi = this.dtypeInfo(f.items[0], depth + 1);
      if (typeof fi === 'string') return fi;
      object ||= fi.object;
    }
    return { size, object };
  }

  /**
   * After the BUILD of a joblib wrapper at `pos`: steps over its array data (or analyzes the
   * inline object-array pickle); the new position, or -1 with the error set.
   */
  private joblibArray(wrapper: V, pos: number, frameEnd: number | undefined): number {
    this.joblibSeen = true;
    const layout = this.joblibLayout(wrapper.st as V[]);
    const where = `joblib NumpyArrayWrapper at ${this.opPos}`;
    if (layout.kind === 'unknown') {
      this.fail(`${where}: the size of its inline array data cannot be determined (${layout.why})`);
      return -1;
    }
    if (frameEnd !== undefined && pos < frameEnd) {
      this.fail(`${where}: its inline array data starts inside a pickle frame (joblib reads it from after the frame); not analyzed`);
      return -1;
    }
    const b = this.b;
    const res = this.res;
    if (layout.kind === 'raw') {
      let p = pos;
      if (layout.padding) {
        if (p >= b.length) {
          this.fail(`${where}: its padding byte runs past the end of the data`, true, p);
          return -1;
        }
        p += 1 + (b[p] as number);
      }
      if (p + layout.bytes > b.length) {
        this.fail(`${where}: its inline array data (${layout.bytes} bytes${layout.padding ? ' after the padding' : ''}) runs past the end of the data`, true, pos);
        return -1;
      }
      p += layout.bytes;
      res.joblibArrays++;
      res.joblibArrayBytes += p - pos;
      this.stack[this.sp - 1] = mk(T_UNKNOWN, 0, 'numpy array (joblib)', undefined);
      return p;
    }
    // Object dtype: a whole pickle, read by plain pickle.load (fresh memo, no joblib rule).
    const sub = new Machine(b, { ...this.o, joblib: false, maxSteps: Math.max(0, this.o.maxSteps - res.steps) }, this.ctx);
    const r = sub.run(pos);
    this.mergeInline(r);
    if (r.limitHit !== undefined) {
      this.limit(r.limitHit);
      return -1;
    }
    if (r.error !== undefined || r.stopOffset === undefined) {
      this.fail(`${where}: its inline object-array pickle: ${r.error?.message ?? 'no STOP'}`, r.error?.truncated ?? true, r.error?.offset ?? pos);
      return -1;
    }
    res.joblibArrays++;
    this.stack[this.sp - 1] = mk(T_UNKNOWN, 0, 'numpy object array (joblib)', undefined);
    return r.stopOffset;
  }

  /** Adds what the inline object-array pickle reaches, tagged. */
  private mergeInline(r: PickleAnalysis): void {
    const res = this.res;
    const imports = res.imports.length;
    const calls = res.calls.length;
    for (const imp of r.imports) {
      imp.via.push('joblib object array');
      res.imports.push(imp);
    }
    for (const c of r.calls) {
      const rec = c as CallRecord;
      rec.via = [...(rec.via ?? []), 'joblib object array'];
      if (rec.calleeImport !== undefined) rec.calleeImport += imports;
      if (rec.calleeCall !== undefined) rec.calleeCall += calls;
      res.calls.push(rec);
    }
    res.extRefs.push(...r.extRefs);
    res.persistentIds.push(...r.persistentIds);
    for (const n of r.nested) if (res.nested.length < this.o.maxNested) res.nested.push(n);
    res.steps += r.steps;
    res.opcodeCount += r.opcodeCount;
    if (r.frameMismatch !== undefined) res.frameMismatch ??= r.frameMismatch;
  }

  // --- main loop ----------------------------------------------------------------------------

  run(start: number): PickleAnalysis {
    const b = this.b;
    const res = this.res;
    const len = b.length;
    const maxSteps = this.o.maxSteps;
    const quirk = this.o.quirk;
    let pos = start;
    let frameEnd: number | undefined;
    let bufEnd: number | undefined;
    let steps = res.steps;
    const a: ArgOut = { next: 0, num: 0, start: 0, end: 0, start2: 0, end2: 0, value: null, error: '', truncated: false, straddled: false };
    while (!this.done) {
      if (pos >= len) {
        this.fail('ran out of input before STOP', true, pos);
        break;
      }
      if (steps >= maxSteps) {
        this.limit('steps');
        break;
      }
      this.opPos = pos;
      const code = b[pos] as number;
      const kind = OP_KIND[code] as number;
      if (kind < 0) {
        this.fail(`invalid load key, '\\x${hex2(code)}'`);
        break;
      }
      steps++;
      res.steps = steps;
      res.opcodeCount++;
      if ((OP_PROTO[code] as number) > this.maxOpProto) this.maxOpProto = OP_PROTO[code] as number;
      if (frameEnd !== undefined && pos >= frameEnd) frameEnd = undefined;
      if (bufEnd !== undefined && pos >= bufEnd) bufEnd = undefined;
      a.straddled = false;
      if (!readArg(b, pos + 1, kind, code, quirk ? bufEnd : undefined, a)) {
        this.fail(`${opName(code)}: ${a.error}`, a.truncated);
        break;
      }
      if (a.straddled) bufEnd = undefined;
      if (frameEnd !== undefined && a.next > frameEnd && res.frameMismatch === undefined) {
        res.frameMismatch = { offset: pos, message: `${opName(code)} at ${pos} runs past the end of the frame at ${frameEnd}` };
      }
      pos = a.next;
      switch (code) {
        case 0x95: {
          // FRAME
          const flen = a.num;
          if (frameEnd !== undefined && this.opPos < frameEnd && res.frameMismatch === undefined) {
            res.frameMismatch = { offset: this.opPos, message: `FRAME at ${this.opPos} begins before the previous frame ends at ${frameEnd}` };
          }
          if (pos + flen > len) {
            this.fail('FRAME: the frame runs past the end of the data', true);
            break;
          }
          frameEnd = pos + flen;
          if (quirk) bufEnd = frameEnd;
          break;
        }
        case 0x2e: // STOP
          if (this.sp <= this.fence) this.underflow();
          if (!this.done) {
            res.stopOffset = pos;
            this.done = true;
          }
          break;
        case 0x62: {
          // BUILD
          const w = this.build();
          if (w !== undefined && this.o.joblib && !this.done) {
            const p = this.joblibArray(w, pos, frameEnd);
            if (p >= 0) pos = p;
          }
          break;
        }
        default:
          this.exec(code, a);
      }
      steps = res.steps;
    }
    res.protocol = this.maxProto >= 0 ? this.maxProto : this.maxOpProto;
    this.release();
    return res;
  }

  /** BUILD; the target when it is a joblib array wrapper (its state recorded), else undefined. */
  private build(): V | undefined {
    if (this.sp - 2 < this.fence) {
      this.underflow();
      return undefined;
    }
    const state = this.pop() as V;
    if (this.sp === 0) {
      this.underflow();
      return undefined;
    }
    const target = this.stack[this.sp - 1] as V;
    this.addCall('BUILD', target, [state], 1);
    if (target.t === T_CALL) {
      (target.st ??= []).push(state);
      if (target.f & F_JOBLIB) return target;
    }
    return undefined;
  }

  private exec(code: number, a: ArgOut): void {
    const at = this.opPos;
    const b = this.b;
    switch (code) {
      case 0x49: // INT
      case 0x4c: // LONG
        return this.push(intVal(a.value), 0);
      case 0x4a: // BININT
      case 0x4b: // BININT1
      case 0x4d: // BININT2
        return this.push(intOf(a.num), 0);
      case 0x8a: // LONG1
      case 0x8b: // LONG4
        return this.push(a.num > 16 ? intVal(undefined) : intVal(decodeLong(b, a.start, a.end)), 0);
      case 0x46: // FLOAT
      case 0x47: // BINFLOAT
        return this.push(FLOAT, 0);
      case 0x53: // STRING
        return this.push(this.str(a.value as string, true, at), 0);
      case 0x56: // UNICODE
        return this.push(this.str(a.value as string, false, at), 0);
      case 0x54: // BINSTRING
      case 0x55: // SHORT_BINSTRING
        return this.push(new V(T_STR, a.start, a.end, at, F_PY2 | (a.num > MAX_STR ? F_CUT : 0), a.num, undefined, undefined, undefined, undefined), 0);
      case 0x8c: // SHORT_BINUNICODE
      case 0x58: // BINUNICODE
      case 0x8d: // BINUNICODE8
        return this.push(new V(T_STR, a.start, a.end, at, a.num > MAX_STR ? F_CUT : 0, a.num, undefined, undefined, undefined, undefined), 0);
      case 0x42: // BINBYTES
      case 0x43: // SHORT_BINBYTES
      case 0x8e: // BINBYTES8
      case 0x96: // BYTEARRAY8
        return this.push(new V(T_BYTES, a.start, a.end, at, 0, a.num, undefined, undefined, undefined, undefined), 0);
      case 0x97: // NEXT_BUFFER
        return this.push(mk(T_UNKNOWN, 0, 'out-of-band buffer', undefined), 0);
      case 0x98: // READONLY_BUFFER
        if (this.sp <= this.fence) this.underflow();
        return;
      case 0x4e: // NONE
        return this.push(NONE, 0);
      case 0x88: // NEWTRUE
        return this.push(TRUE, 0);
      case 0x89: // NEWFALSE
        return this.push(FALSE, 0);
      case 0x5d: // EMPTY_LIST
        return this.push(mk(T_LIST, 0, undefined, NO_ITEMS), 0);
      case 0x29: // EMPTY_TUPLE
        return this.push(mk(T_TUPLE, 0, undefined, []), 0);
      case 0x7d: // EMPTY_DICT
        return this.push(mk(T_DICT, 0, undefined, NO_ITEMS), 0);
      case 0x8f: // EMPTY_SET
        return this.push(mk(T_SET, 0, undefined, NO_ITEMS), 0);
      case 0x85: // TUPLE1
      case 0x86: // TUPLE2
      case 0x87: {
        // TUPLE3
        const n = code - 0x84;
        if (this.sp - n < this.fence) return this.underflow();
        return this.push(this.container(T_TUPLE, this.sp - n), 0);
      }
      case 0x74: // TUPLE
      case 0x6c: // LIST
      case 0x91: {
        // FROZENSET
        const m = this.marker();
        if (m < 0) return;
        return this.push(this.container(code === 0x74 ? T_TUPLE : code === 0x6c ? T_LIST : T_FROZENSET, m), 0);
      }
      case 0x64: {
        // DICT
        const m = this.marker();
        if (m < 0) return;
        const n = this.sp - m;
        if (n % 2 !== 0) return this.fail('odd number of items for DICT');
        return this.push(mk(T_DICT, n / 2, undefined, this.take(m, MAX_ITEMS * 2)), 0);
      }
      case 0x61: {
        // APPEND
        if (this.sp - 1 <= this.fence) return this.underflow();
        const x = this.sp - 1;
        return this.extend(this.stack[x - 1] as V, x);
      }
      case 0x65: // APPENDS
      case 0x90: // ADDITEMS
      case 0x75: // SETITEMS
      case 0x73: {
        // SETITEM
        let x: number;
        if (code === 0x73) x = this.sp - 2;
        else {
          x = this.marker();
          if (x < 0) return;
        }
        if (x > this.sp || x <= this.fence) return this.underflow();
        if ((code === 0x73 || code === 0x75) && (this.sp - x) % 2 !== 0) return this.fail('odd number of items for SETITEMS');
        return this.extend(this.stack[x - 1] as V, x);
      }
      case 0x30: {
        // POP
        const k = this.marks.length;
        if (k > 0 && this.marks[k - 1] === this.sp) {
          this.marks.pop();
          this.fence = k > 1 ? (this.marks[k - 2] as number) : 0;
          return;
        }
        const p = this.pop();
        if (p !== undefined) this.markPopped(p);
        return;
      }
      case 0x31: {
        // POP_MARK
        const m = this.marker();
        if (m < 0) return;
        const s = this.stack;
        for (let i = m; i < this.sp; i++) this.markPopped(s[i] as V);
        this.cut(m);
        return;
      }
      case 0x32: {
        // DUP
        if (this.sp <= this.fence) return this.underflow();
        const i = this.sp - 1;
        return this.push(this.stack[i] as V, (this.via[i] as number) | VIA_DUP);
      }
      case 0x28: // MARK
        if (this.marks.length >= this.o.maxMarks) return this.limit('depth');
        this.marks.push(this.sp);
        this.fence = this.sp;
        return;
      case 0x67: // GET
      case 0x68: // BINGET
      case 0x6a: {
        // LONG_BINGET
        const key = code === 0x67 ? Number(a.value) : a.num;
        const v = this.memoGet(key);
        if (v === undefined) return this.fail(`Memo value not found at index ${code === 0x67 ? String(a.value) : key}`);
        return this.push(v, this.lastVia | VIA_MEMO);
      }
      case 0x70: // PUT
      case 0x71: // BINPUT
      case 0x72: // LONG_BINPUT
      case 0x94: {
        // MEMOIZE
        if (this.sp <= this.fence) return this.underflow();
        const key = code === 0x94 ? this.memoSize : code === 0x70 ? Number(a.value) : a.num;
        if (!(key >= 0)) return this.fail(`negative ${opName(code)} argument`);
        const i = this.sp - 1;
        if (!this.memoPut(key, this.stack[i] as V, this.via[i] as number)) return this.limit('memo');
        return;
      }
      case 0x82: // EXT1
      case 0x83: // EXT2
      case 0x84: {
        // EXT4
        const code2 = a.num;
        if (code2 <= 0) return this.fail('EXT specifies code <= 0');
        this.res.extRefs.push({ code: code2, offset: at });
        const g = this.addImport('?', `ext:${code2}`, opName(code), ['copyreg extension registry'], false);
        const v = mk(T_EXT, code2, undefined, undefined);
        v.e = g.a;
        return this.push(v, 0);
      }
      case 0x63: // GLOBAL
        return this.push(this.globalRef(b, a, 'GLOBAL'), 0);
      case 0x93: {
        // STACK_GLOBAL
        const n = this.pop();
        if (n === undefined) return;
        const nVia = this.lastVia;
        const m = this.pop();
        if (m === undefined) return;
        const via: string[] = [];
        const mod = this.namePart(m, this.lastVia, via);
        const nm = this.namePart(n, nVia, via);
        const resolved = mod !== undefined && nm !== undefined;
        if (!resolved) via.push('STACK_GLOBAL requires str');
        return this.push(this.addImport(mod ?? this.unresolvedPart(m), nm ?? this.unresolvedPart(n), 'STACK_GLOBAL', via, resolved), 0);
      }
      case 0x52: {
        // REDUCE
        const args = this.pop();
        if (args === undefined) return;
        const fn = this.pop();
        if (fn === undefined) return;
        const tuple = args.t === T_TUPLE;
        return this.push(this.addCall('REDUCE', fn, tuple ? (args.items as V[]) : [args], tuple ? args.a : 1), 0);
      }
      case 0x69: {
        // INST
        const m = this.marker();
        if (m < 0) return;
        const cls = this.globalRef(b, a, 'INST');
        const n = this.sp - m;
        return this.push(this.addCall('INST', cls, this.take(m), n), 0);
      }
      case 0x6f: {
        // OBJ
        const m = this.marker();
        if (m < 0) return;
        if (this.sp - m < 1) return this.underflow();
        const n = this.sp - m - 1;
        const args = this.take(m + 1);
        const cls = this.stack[--this.sp] as V;
        return this.push(this.addCall('OBJ', cls, args, n), 0);
      }
      case 0x81: // NEWOBJ
      case 0x92: {
        // NEWOBJ_EX
        let kwargs: V | undefined;
        if (code === 0x92) {
          kwargs = this.pop();
          if (kwargs === undefined) return;
        }
        const args = this.pop();
        if (args === undefined) return;
        const cls = this.pop();
        if (cls === undefined) return;
        const tuple = args.t === T_TUPLE;
        const list = tuple ? (args.items as V[]) : [args];
        const count = tuple ? args.a : 1;
        if (kwargs === undefined) return this.push(this.addCall('NEWOBJ', cls, list, count), 0);
        return this.push(this.addCall('NEWOBJ_EX', cls, [...list.slice(0, ARG_SUMMARIES - 1), kwargs], count + 1), 0);
      }
      case 0x80: {
        // PROTO
        const p = a.num;
        if (p > 5) return this.fail(`unsupported pickle protocol: ${p}`);
        this.proto = p;
        if (p > this.maxProto) this.maxProto = p;
        return;
      }
      case 0x50: {
        // PERSID
        this.res.persistentIds.push({ offset: at, preview: escapePreview(a.value as string, this.o.maxPreview) });
        return this.push(PERSID, 0);
      }
      case 0x51: {
        // BINPERSID
        const p = this.pop();
        if (p === undefined) return;
        this.res.persistentIds.push(new PersidRecord(this.ctx, at, p));
        this.checkNested(p, 0);
        return this.push(PERSID, 0);
      }
      default:
        return this.fail(`unhandled opcode ${opName(code)}`);
    }
  }
}

function key(r: { offset: number; opcode: string }, name: string): string {
  return `${r.offset}\u0000${r.opcode}\u0000${name}`;
}

function safeRun(bytes: Uint8Array, start: number, o: Options): { res: PickleAnalysis; joblib: boolean } {
  try {
    const m = new Machine(bytes, o);
    return { res: m.run(start), joblib: m.joblibSeen };
  } catch (e) {
    // Defensive: the interpreter has no known throwing path; report rather than throw.
    return { res: { ...emptyAnalysis(), error: { offset: start, message: `internal error: ${String(e)}`, truncated: false } }, joblib: false };
  }
}

/**
 * Interprets one pickle from `start` to its STOP (or its first error, or a limit). Never throws.
 */
export function analyzePickle(bytes: Uint8Array, start = 0, limits?: VmLimits): PickleAnalysis {
  const { res, joblib } = safeRun(bytes, start, options(limits, false));
  if (res.error?.message.startsWith('internal error') === true) return res;
  const maxSteps = limits?.maxSteps ?? 5_000_000;
  if (res.frameMismatch !== undefined) {
    try {
      const alt = new Machine(bytes, options({ ...limits, maxSteps: Math.max(0, maxSteps - res.steps) }, true)).run(start);
      mergeAlternative(res, alt, 'frame-straddle');
    } catch {
      // The alternative reading is best effort.
    }
  }
  if (joblib) {
    // pickle.load (not joblib.load) of the same bytes reads the array data as opcodes.
    try {
      const alt = new Machine(bytes, options({ ...limits, maxSteps: Math.max(0, maxSteps - res.steps) }, false, false)).run(start);
      mergeAlternative(res, alt, 'read without joblib');
    } catch {
      // Best effort, as above.
    }
  }
  return res;
}

/** Adds what only an alternative reading of the pickle finds, tagged with `tag`. */
function mergeAlternative(res: PickleAnalysis, alt: PickleAnalysis, tag: string): void {
  const imports = new Set(res.imports.map((i) => key(i, `${i.module}.${i.name}`)));
  const remap = new Map<number, number>();
  alt.imports.forEach((imp, i) => {
    const k = key(imp, `${imp.module}.${imp.name}`);
    if (imports.has(k)) return;
    remap.set(i, res.imports.length);
    res.imports.push({ ...imp, via: [...imp.via, tag] });
  });
  const calls = new Set(res.calls.map((c) => key(c, c.callable)));
  for (const c of alt.calls) {
    if (calls.has(key(c, c.callable))) continue;
    const copy = (c as CallRecord).clone();
    copy.via = [...(c.via ?? []), tag];
    if (c.calleeImport !== undefined) {
      const m = remap.get(c.calleeImport);
      if (m !== undefined) copy.calleeImport = m;
      else delete copy.calleeImport;
    }
    delete copy.calleeCall;
    res.calls.push(copy);
  }
  const ext = new Set(res.extRefs.map((e) => e.offset));
  for (const e of alt.extRefs) if (!ext.has(e.offset)) res.extRefs.push(e);
  const pers = new Set(res.persistentIds.map((p) => p.offset));
  for (const p of alt.persistentIds) if (!pers.has(p.offset)) res.persistentIds.push(p);
  const nested = new Set(res.nested.map((n) => n.offset));
  for (const n of alt.nested) if (!nested.has(n.offset)) res.nested.push(n);
  res.steps += alt.steps;
}

/** A protocol 2+ pickle start: PROTO 2..5 and a valid next opcode, which walks a few opcodes. */
function pickleStartAt(b: Uint8Array, pos: number): boolean {
  if (b[pos] !== 0x80) return false;
  const p = b[pos + 1] as number;
  if (!(p >= 2 && p <= 5) || pos + 2 >= b.length || OPCODE_BY_BYTE[b[pos + 2] as number] === undefined) return false;
  const head = b.subarray(pos, Math.min(b.length, pos + 4096));
  return looksLikePickle(head, b.length - pos).pickle;
}

/**
 * Pickle after pickle from the start of `bytes` (legacy torch stacks several; joblib and torch
 * put raw array bytes between them). After a pickle, the next one must start right away (any
 * protocol) or is searched for within `resyncWindow` bytes (PROTO 2..5 starts only); what was
 * skipped is reported as junk. The step budget is shared by all pickles.
 */
export function analyzeStream(
  bytes: Uint8Array,
  limits?: VmLimits & { maxPickles?: number; resyncWindow?: number },
): { pickles: (PickleAnalysis & { start: number })[]; junk: { offset: number; length: number }[] } {
  const maxPickles = limits?.maxPickles ?? 64;
  const window = limits?.resyncWindow ?? 64 * 1024;
  let budget = limits?.maxSteps ?? 5_000_000;
  const pickles: (PickleAnalysis & { start: number })[] = [];
  const junk: { offset: number; length: number }[] = [];
  let pos = 0;
  while (pos < bytes.length && pickles.length < maxPickles && budget > 0) {
    const r = analyzePickle(bytes, pos, { ...limits, maxSteps: budget });
    budget -= r.steps;
    pickles.push({ ...r, start: pos });
    if (r.limitHit !== undefined || (r.error !== undefined && r.error.truncated)) break;
    let next = r.stopOffset ?? (r.error !== undefined ? r.error.offset + 1 : bytes.length);
    if (next >= bytes.length) break;
    if (r.stopOffset !== undefined && (pickleStartAt(bytes, next) || looksLikePickle(bytes.subarray(next, Math.min(bytes.length, next + 4096)), bytes.length - next).pickle)) {
      pos = next;
      continue;
    }
    const from = next;
    const end = Math.min(bytes.length, from + window);
    let found = -1;
    for (let i = bytes.indexOf(0x80, from); i >= 0 && i < end; i = bytes.indexOf(0x80, i + 1)) {
      if (pickleStartAt(bytes, i)) {
        found = i;
        break;
      }
    }
    if (found < 0) {
      junk.push({ offset: from, length: end - from });
      break;
    }
    if (found > from) junk.push({ offset: from, length: found - from });
    next = found;
    pos = next;
  }
  return { pickles, junk };
}
