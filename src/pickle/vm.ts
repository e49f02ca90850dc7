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
 */

import { OPCODE_BY_BYTE, looksLikePickle, readOpcodeArg, type ArgKind, type ArgResult } from '../formats/pickle-sniff.js';
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
  persistentIds: { offset: number; preview: string }[];
  nested: NestedCandidate[];
  stopOffset?: number;
  error?: { offset: number; message: string; truncated: boolean };
  opcodeCount: number;
  steps: number;
  limitHit?: 'steps' | 'memo' | 'stack' | 'depth' | 'bytes';
  frameMismatch?: { offset: number; message: string };
}

export interface VmLimits {
  maxSteps?: number;
  maxStack?: number;
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
// Symbolic values

type Val =
  | { k: 'none' }
  | { k: 'bool'; v: boolean }
  | { k: 'int'; v: number | bigint | undefined }
  | { k: 'float'; v: number }
  | { k: 'str'; v: string; len: number; cut: boolean; py2: boolean; at: number }
  | { k: 'bytes'; v: Uint8Array; at: number }
  | { k: 'tuple' | 'list' | 'set' | 'frozenset'; items: Val[]; n: number }
  | { k: 'dict'; items: Val[]; n: number }
  | { k: 'global'; imp: number; name: string }
  | { k: 'call'; call: number; name: string }
  | { k: 'ext'; code: number; imp: number }
  | { k: 'persid' }
  | { k: 'unknown'; what: string };

const NONE: Val = { k: 'none' };
/** Float values are not kept (no call argument needs them): one shared symbol, no allocation. */
const FLOAT: Val = { k: 'float', v: NaN };
/** Small ints are shared, like CPython's. */
const SMALL_INTS: readonly Val[] = Array.from({ length: 1280 }, (_, i) => ({ k: 'int', v: i - 256 }));

function int(v: number | bigint | undefined): Val {
  return typeof v === 'number' && v >= -256 && v < 1024 ? (SMALL_INTS[v + 256] as Val) : { k: 'int', v };
}
const TRUE: Val = { k: 'bool', v: true };
const FALSE: Val = { k: 'bool', v: false };

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

function decodeUtf8(b: Uint8Array): string {
  if (b.length <= 64) {
    let s = '';
    for (let i = 0; i < b.length; i++) {
      const c = b[i] as number;
      if (c >= 0x80) return utf8.decode(b);
      s += String.fromCharCode(c);
    }
    return s;
  }
  return utf8.decode(b);
}

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

function looksNested(b: Uint8Array): boolean {
  if (b.length < 4) return false;
  if (b[0] === 0x80) {
    const p = b[1] as number;
    return p >= 2 && p <= 5 && OPCODE_BY_BYTE[b[2] as number] !== undefined;
  }
  return looksLikePickle(b.subarray(0, Math.min(b.length, 64 * 1024)), b.length).pickle;
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
function decodeLong(b: Uint8Array): bigint {
  let v = 0n;
  for (let i = b.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i] as number);
  return b.length > 0 && (b[b.length - 1] as number) & 0x80 ? v - (1n << BigInt(8 * b.length)) : v;
}

function hex2(n: number): string {
  return n.toString(16).padStart(2, '0');
}

// ---------------------------------------------------------------------------------------------
// Argument reading

/** Reads with `_pickle.c::_Unpickler_Read` (not ReadInto) semantics for the payload. */
const READ_INTO = new Set<ArgKind>(['bytes1', 'bytes4', 'bytes8', 'bytearray8']);

/** The result of reading one argument; one object reused for every opcode. */
interface ArgOut {
  next: number;
  value: unknown;
  error: string;
  truncated: boolean;
  /** The read crossed the quirk buffer end (see readArg). */
  straddled: boolean;
}

interface Counted {
  data: Uint8Array;
  total: number;
}

function widthOf(kind: ArgKind): number {
  return kind.endsWith('1') ? 1 : kind.endsWith('4') ? 4 : 8;
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

function ok(out: ArgOut, next: number, value: unknown): true {
  out.next = next;
  out.value = value;
  return true;
}

const scratch = new DataView(new ArrayBuffer(8));

/**
 * Reads the argument of an opcode of kind `kind` whose argument starts at `pos`. In quirk mode
 * (`bufEnd` set) the reads that cross `bufEnd` follow the pre-fix C file reader: the bytes left
 * before `bufEnd` are dropped and the read restarts at `bufEnd`. `straddled` reports it.
 */
function readArg(b: Uint8Array, pos: number, kind: ArgKind, bufEnd: number | undefined, out: ArgOut): boolean {
  const q = bufEnd !== undefined && pos < bufEnd ? bufEnd : undefined;
  const st = out;
  // Fast paths for fixed-size arguments outside quirk mode.
  if (q === undefined) {
    switch (kind) {
      case 'none':
        return ok(out, pos, null);
      case 'uint1':
        return pos + 1 <= b.length ? ok(out, pos + 1, b[pos]) : trunc(out, kind);
      case 'uint2':
        return pos + 2 <= b.length ? ok(out, pos + 2, readLen(b, pos, 2)) : trunc(out, kind);
      case 'uint4':
        return pos + 4 <= b.length ? ok(out, pos + 4, readLen(b, pos, 4)) : trunc(out, kind);
      case 'int4':
        return pos + 4 <= b.length ? ok(out, pos + 4, readLen(b, pos, 4) | 0) : trunc(out, kind);
      case 'uint8':
        return pos + 8 <= b.length ? ok(out, pos + 8, readLen(b, pos, 8)) : trunc(out, kind);
      case 'float8':
        if (pos + 8 > b.length) return trunc(out, kind);
        for (let i = 0; i < 8; i++) scratch.setUint8(i, b[pos + i] as number);
        return ok(out, pos + 8, scratch.getFloat64(0, false));
      default:
        break;
    }
  }
  switch (kind) {
    case 'stringnl_noescape_pair': {
      let p = pos;
      const lines: string[] = [];
      for (let i = 0; i < 2; i++) {
        let nl = findNewline(b, p);
        if (q !== undefined && p < q && (nl < 0 || nl >= q)) {
          st.straddled = true;
          p = q;
          nl = findNewline(b, p);
        }
        if (nl === -1) return trunc(out, 'line');
        if (nl === -2) return bad(out, 'line argument longer than the limit');
        if (nl === p) return bad(out, 'GLOBAL/INST with an empty line (pickle data was truncated)');
        lines.push(decodeUtf8(b.subarray(p, nl)));
        p = nl + 1;
      }
      return ok(out, p, lines);
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
    case 'long1':
    case 'long4': {
      const w = widthOf(kind);
      let p = pos;
      if (q !== undefined && p + w > q) {
        st.straddled = true;
        p = q;
      }
      if (p + w > b.length) return trunc(out, kind);
      const n = readLen(b, p, w);
      if (kind === 'long4' && n >= 0x80000000) return bad(out, 'LONG pickle has negative byte count');
      let at = p + w;
      if (q !== undefined && at < q && at + n > q && !READ_INTO.has(kind)) {
        st.straddled = true;
        at = q;
      }
      if (at + n > b.length) return trunc(out, `${kind} payload`);
      const c: Counted = { data: b.subarray(at, at + n), total: n };
      return ok(out, at + n, c);
    }
    default: {
      let r: ArgResult = readOpcodeArg(b, pos, kind);
      if (q !== undefined && (!r.ok || r.next > q)) {
        // Fixed-size and single-line arguments are one read each.
        st.straddled = true;
        r = readOpcodeArg(b, q, kind);
      }
      if (r.ok) return ok(out, r.next, r.value);
      out.error = r.error;
      out.truncated = r.truncated === true;
      return false;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The interpreter

interface Options {
  maxSteps: number;
  maxStack: number;
  maxMemo: number;
  maxPreview: number;
  maxNestedBytes: number;
  maxNested: number;
  maxRecords: number;
  quirk: boolean;
}

function options(limits: VmLimits | undefined, quirk: boolean): Options {
  const l = limits ?? {};
  return {
    maxSteps: l.maxSteps ?? 5_000_000,
    maxStack: l.maxStack ?? 1_000_000,
    maxMemo: l.maxMemo ?? 1_000_000,
    maxPreview: l.maxStringPreview ?? 80,
    maxNestedBytes: l.maxNestedBytes ?? 64 * 1024 * 1024,
    maxNested: l.maxNested ?? 32,
    maxRecords: l.maxRecords ?? 1_000_000,
    quirk,
  };
}

/** Past this many records, only calls/imports with a name not seen before are recorded. */
const RECORDS_BEFORE_DEDUP = 100_000;

class Machine {
  readonly res: PickleAnalysis = { protocol: 0, imports: [], calls: [], extRefs: [], persistentIds: [], nested: [], opcodeCount: 0, steps: 0 };
  private stack: Val[] = [];
  private via: number[] = [];
  private marks: number[] = [];
  private memo = new Map<number, Val>();
  private memoVia = new Map<number, number>();
  private proto = 0;
  private maxProto = -1;
  private maxOpProto = 0;
  private nestedSeen = new Set<Val>();
  private seenNames = new Set<string>();
  private done = false;
  private opPos = 0;

  constructor(
    private readonly b: Uint8Array,
    private readonly o: Options,
  ) {}

  private fail(message: string, truncated = false, offset = this.opPos): void {
    if (!this.done) this.res.error = { offset, message, truncated };
    this.done = true;
  }

  private limit(what: NonNullable<PickleAnalysis['limitHit']>): void {
    this.res.limitHit = what;
    this.done = true;
  }

  private get fence(): number {
    return this.marks.length > 0 ? (this.marks[this.marks.length - 1] as number) : 0;
  }

  private underflow(): void {
    this.fail(this.marks.length > 0 ? 'unexpected MARK found' : 'unpickling stack underflow');
  }

  private push(v: Val, via = 0): void {
    if (this.stack.length >= this.o.maxStack) return this.limit('stack');
    this.stack.push(v);
    this.via.push(via);
  }

  private pop(): [Val, number] | undefined {
    if (this.stack.length <= this.fence) {
      this.underflow();
      return undefined;
    }
    return [this.stack.pop() as Val, this.via.pop() as number];
  }

  /** Pops to the last MARK; the items above it, or undefined (error set) when there is none. */
  private marker(): number | undefined {
    const m = this.marks.pop();
    if (m === undefined) {
      this.fail('could not find MARK');
      return undefined;
    }
    return m;
  }

  private take(from: number): Val[] {
    const items = this.stack.slice(from);
    this.stack.length = from;
    this.via.length = from;
    return items;
  }

  private container(k: 'tuple' | 'list' | 'set' | 'frozenset', items: Val[]): Val {
    return { k, items: items.length > MAX_ITEMS ? items.slice(0, MAX_ITEMS) : items, n: items.length };
  }

  private extend(target: Val, items: Val[]): void {
    if (target.k === 'list' || target.k === 'set' || target.k === 'dict' || target.k === 'tuple' || target.k === 'frozenset') {
      for (const it of items) if (target.items.length < MAX_ITEMS * (target.k === 'dict' ? 2 : 1)) target.items.push(it);
      target.n += target.k === 'dict' ? items.length / 2 : items.length;
    }
  }

  // --- records ----------------------------------------------------------------------------

  private shouldRecord(kind: string, key: string): boolean {
    const n = kind === 'import' ? this.res.imports.length : this.res.calls.length;
    if (n < RECORDS_BEFORE_DEDUP) return true;
    if (n >= this.o.maxRecords) return false;
    const k = `${kind}\u0000${key}`;
    if (this.seenNames.has(k)) return false;
    this.seenNames.add(k);
    return true;
  }

  private addImport(module: string, name: string, opcode: string, via: string[], resolved: boolean): Val {
    const rec: PickleImport = { module, name, offset: this.opPos, opcode, via, resolved };
    if (resolved && this.proto < 3) {
      const fixed = fixImports(module, name);
      if (fixed !== undefined) {
        rec.original = { module, name };
        rec.via.push(fixed.name !== name ? `fix_imports: ${module}.${name}->${fixed.module}.${fixed.name}` : `fix_imports: ${module}->${fixed.module}`);
        rec.module = fixed.module;
        rec.name = fixed.name;
      }
    }
    if (resolved && rec.name.includes('.')) rec.via.push(this.proto >= 4 ? 'dotted' : 'dotted (not resolved by CPython under protocol < 4)');
    const full = `${rec.module}.${rec.name}`;
    let imp = -1;
    if (this.shouldRecord('import', `${full}\u0000${opcode}`)) {
      imp = this.res.imports.length;
      this.res.imports.push(rec);
    }
    return { k: 'global', imp, name: full };
  }

  private describe(v: Val): string {
    switch (v.k) {
      case 'global':
        return v.name;
      case 'call': {
        const s = `${v.name}(…)`;
        return s.length > MAX_CALLABLE ? `${s.slice(0, MAX_CALLABLE - 1)}…` : s;
      }
      case 'ext':
        return `?ext:${v.code}`;
      case 'persid':
        return '?persid';
      default:
        return `?${v.k}`;
    }
  }

  private summary(v: Val, depth: number): ArgSummary {
    const max = this.o.maxPreview;
    switch (v.k) {
      case 'none':
        return { kind: 'none' };
      case 'bool':
        return { kind: 'bool', preview: v.v ? 'True' : 'False' };
      case 'int':
        return { kind: 'int', preview: v.v === undefined ? '(large)' : String(v.v) };
      case 'float':
        return { kind: 'float' };
      case 'str':
        return { kind: 'str', preview: escapePreview(v.v, max), length: v.len };
      case 'bytes':
        return { kind: 'bytes', preview: bytesPreview(v.v, max), length: v.v.length };
      case 'tuple':
      case 'list':
      case 'set':
      case 'frozenset':
      case 'dict': {
        const kind: ArgKindName = v.k === 'frozenset' ? 'set' : v.k;
        const s: ArgSummary = { kind, length: v.n };
        if (depth === 0 && v.items.length > 0) s.items = v.items.slice(0, ITEM_SUMMARIES).map((it) => this.summary(it, 1));
        return s;
      }
      case 'global':
        return { kind: 'global', name: v.name };
      case 'call':
        return { kind: 'call', name: this.describe(v) };
      case 'ext':
        return { kind: 'unknown', preview: `ext:${v.code}` };
      case 'persid':
        return { kind: 'unknown', preview: 'persistent id' };
      case 'unknown':
        return { kind: 'unknown', preview: v.what };
    }
  }

  private checkNested(v: Val, depth: number): void {
    if (this.res.nested.length >= this.o.maxNested) return;
    if (v.k === 'str' || v.k === 'bytes') {
      if (this.nestedSeen.has(v)) return;
      const len = v.k === 'str' ? v.len : v.v.length;
      if (len < 4 || len > this.o.maxNestedBytes) return;
      let bytes: Uint8Array | undefined;
      if (v.k === 'bytes') bytes = v.v;
      else if (!v.cut) {
        const c0 = v.v.charCodeAt(0);
        // Cheap gate before encoding: \x80 or a protocol 0/1 starter.
        if (c0 !== 0x80 && c0 > 0x7f) return;
        bytes = latin1Bytes(v.v);
      }
      if (bytes === undefined || !looksNested(bytes)) return;
      this.nestedSeen.add(v);
      this.res.nested.push({ offset: v.at, bytes, depth });
    } else if (depth === 0 && (v.k === 'tuple' || v.k === 'list' || v.k === 'set' || v.k === 'frozenset' || v.k === 'dict')) {
      for (const it of v.items) this.checkNested(it, 1);
    }
  }

  private addCall(opcode: string, callee: Val, args: Val[], argCount = args.length): Val {
    const callable = this.describe(callee);
    for (const a of args) this.checkNested(a, 0);
    let idx = -1;
    if (this.shouldRecord('call', `${callable}\u0000${opcode}`)) {
      const rec: PickleCall = {
        callable,
        offset: this.opPos,
        opcode,
        args: args.slice(0, ARG_SUMMARIES).map((a) => this.summary(a, 0)),
        argCount,
        popped: false,
        target: callee.k === 'global' || callee.k === 'ext' ? 'global' : callee.k === 'call' ? 'call' : 'other',
      };
      if ((callee.k === 'global' || callee.k === 'ext') && callee.imp >= 0) rec.calleeImport = callee.imp;
      if (callee.k === 'call' && callee.call >= 0) rec.calleeCall = callee.call;
      idx = this.res.calls.length;
      this.res.calls.push(rec);
    }
    return { k: 'call', call: idx, name: callable.length > MAX_CALLABLE ? callable.slice(0, MAX_CALLABLE) : callable };
  }

  private argsOf(v: Val): Val[] {
    return v.k === 'tuple' ? v.items : [v];
  }

  private argCountOf(v: Val): number {
    return v.k === 'tuple' ? v.n : 1;
  }

  private markPopped(v: Val): void {
    if (v.k === 'call' && v.call >= 0) (this.res.calls[v.call] as PickleCall).popped = true;
  }

  /** A str usable as a STACK_GLOBAL part: the text, and how it got there. */
  private namePart(v: Val, via: number, tags: string[]): string | undefined {
    if (via & VIA_MEMO && !tags.includes('memo')) tags.push('memo');
    if (via & VIA_DUP && !tags.includes('dup')) tags.push('dup');
    if (v.k === 'str' && !v.cut) {
      if (v.py2 && !tags.includes('py2-string')) tags.push('py2-string');
      return v.v;
    }
    return undefined;
  }

  private unresolvedPart(v: Val): string {
    if (v.k === 'bytes') return `?(bytes: ${bytesPreview(v.v, 40)})`;
    if (v.k === 'str') return `?(str of ${v.len} characters)`;
    if (v.k === 'global' || v.k === 'call') return `?(${v.k}: ${this.describe(v)})`;
    return `?(${v.k})`;
  }

  // --- main loop ----------------------------------------------------------------------------

  run(start: number): PickleAnalysis {
    const b = this.b;
    const res = this.res;
    let pos = start;
    let frameEnd: number | undefined;
    let bufEnd: number | undefined;
    const a: ArgOut = { next: 0, value: null, error: '', truncated: false, straddled: false };
    while (!this.done) {
      if (pos >= b.length) {
        this.fail('ran out of input before STOP', true, pos);
        break;
      }
      if (res.steps >= this.o.maxSteps) {
        this.limit('steps');
        break;
      }
      this.opPos = pos;
      const code = b[pos] as number;
      const op = OPCODE_BY_BYTE[code];
      if (op === undefined) {
        this.fail(`invalid load key, '\\x${hex2(code)}'`);
        break;
      }
      res.steps++;
      res.opcodeCount++;
      if (op.proto > this.maxOpProto) this.maxOpProto = op.proto;
      if (frameEnd !== undefined && pos >= frameEnd) frameEnd = undefined;
      if (bufEnd !== undefined && pos >= bufEnd) bufEnd = undefined;
      a.straddled = false;
      if (!readArg(b, pos + 1, op.arg, this.o.quirk ? bufEnd : undefined, a)) {
        this.fail(`${op.name}: ${a.error}`, a.truncated);
        break;
      }
      if (a.straddled) bufEnd = undefined;
      if (frameEnd !== undefined && a.next > frameEnd && res.frameMismatch === undefined) {
        res.frameMismatch = { offset: pos, message: `${op.name} at ${pos} runs past the end of the frame at ${frameEnd}` };
      }
      pos = a.next;
      this.exec(code, op.name, a.value);
      if (op.name === 'FRAME' && !this.done) {
        const len = Number(a.value);
        if (frameEnd !== undefined && this.opPos < frameEnd && res.frameMismatch === undefined) {
          res.frameMismatch = { offset: this.opPos, message: `FRAME at ${this.opPos} begins before the previous frame ends at ${frameEnd}` };
        }
        if (pos + len > b.length) {
          this.fail('FRAME: the frame runs past the end of the data', true);
          break;
        }
        frameEnd = pos + len;
        if (this.o.quirk) bufEnd = frameEnd;
      }
      if (op.name === 'STOP' && !this.done) {
        res.stopOffset = pos;
        break;
      }
    }
    res.protocol = this.maxProto >= 0 ? this.maxProto : this.maxOpProto;
    return res;
  }

  private exec(code: number, name: string, arg: unknown): void {
    const at = this.opPos;
    // Opcode bytes as literals so the switch compiles to a jump table.
    switch (code) {
      case 0x49: // INT
        return this.push(typeof arg === 'boolean' ? (arg ? TRUE : FALSE) : int(arg as number | bigint));
      case 0x4a: // BININT
      case 0x4b: // BININT1
      case 0x4d: // BININT2
      case 0x4c: // LONG
        return this.push(int(arg as number | bigint));
      case 0x8a: // LONG1
      case 0x8b: {
        // LONG4
        const c = arg as Counted;
        return this.push({ k: 'int', v: c.total > 16 ? undefined : decodeLong(c.data) });
      }
      case 0x46: // FLOAT
      case 0x47: // BINFLOAT
        return this.push(FLOAT);
      case 0x53: // STRING
        return this.push(this.str(arg as string, true, at));
      case 0x56: // UNICODE
        return this.push(this.str(arg as string, false, at));
      case 0x54: // BINSTRING
      case 0x55: // SHORT_BINSTRING
      case 0x8c: // SHORT_BINUNICODE
      case 0x58: // BINUNICODE
      case 0x8d: {
        // BINUNICODE8
        const c = arg as Counted;
        const py2 = name.includes('STRING');
        const data = c.data.length > MAX_STR ? c.data.subarray(0, MAX_STR) : c.data;
        const text = py2 ? latin1.decode(data) : decodeUtf8(data);
        return this.push({ k: 'str', v: text, len: c.total, cut: c.total > MAX_STR, py2, at });
      }
      case 0x42: // BINBYTES
      case 0x43: // SHORT_BINBYTES
      case 0x8e: // BINBYTES8
      case 0x96: // BYTEARRAY8
        return this.push({ k: 'bytes', v: (arg as Counted).data, at });
      case 0x97: // NEXT_BUFFER
        return this.push({ k: 'unknown', what: 'out-of-band buffer' });
      case 0x98: // READONLY_BUFFER
        if (this.stack.length <= this.fence) this.underflow();
        return;
      case 0x4e: // NONE
        return this.push(NONE);
      case 0x88: // NEWTRUE
        return this.push(TRUE);
      case 0x89: // NEWFALSE
        return this.push(FALSE);
      case 0x5d: // EMPTY_LIST
        return this.push({ k: 'list', items: [], n: 0 });
      case 0x29: // EMPTY_TUPLE
        return this.push({ k: 'tuple', items: [], n: 0 });
      case 0x7d: // EMPTY_DICT
        return this.push({ k: 'dict', items: [], n: 0 });
      case 0x8f: // EMPTY_SET
        return this.push({ k: 'set', items: [], n: 0 });
      case 0x85: // TUPLE1
      case 0x86: // TUPLE2
      case 0x87: {
        // TUPLE3
        const n = name === 'TUPLE1' ? 1 : name === 'TUPLE2' ? 2 : 3;
        if (this.stack.length - n < this.fence) return this.underflow();
        return this.push(this.container('tuple', this.take(this.stack.length - n)));
      }
      case 0x74: // TUPLE
      case 0x6c: // LIST
      case 0x91: {
        // FROZENSET
        const m = this.marker();
        if (m === undefined) return;
        return this.push(this.container(name === 'TUPLE' ? 'tuple' : name === 'LIST' ? 'list' : 'frozenset', this.take(m)));
      }
      case 0x64: {
        // DICT
        const m = this.marker();
        if (m === undefined) return;
        if ((this.stack.length - m) % 2 !== 0) return this.fail('odd number of items for DICT');
        const items = this.take(m);
        return this.push({ k: 'dict', items: items.slice(0, MAX_ITEMS * 2), n: items.length / 2 });
      }
      case 0x61: {
        // APPEND
        if (this.stack.length - 1 <= this.fence) return this.underflow();
        const x = this.stack.length - 1;
        return this.extend(this.stack[x - 1] as Val, this.take(x));
      }
      case 0x65: // APPENDS
      case 0x90: // ADDITEMS
      case 0x75: // SETITEMS
      case 0x73: {
        // SETITEM
        let x: number;
        if (name === 'SETITEM') x = this.stack.length - 2;
        else {
          const m = this.marker();
          if (m === undefined) return;
          x = m;
        }
        if (x > this.stack.length || x <= this.fence) return this.underflow();
        if ((name === 'SETITEM' || name === 'SETITEMS') && (this.stack.length - x) % 2 !== 0) return this.fail('odd number of items for SETITEMS');
        return this.extend(this.stack[x - 1] as Val, this.take(x));
      }
      case 0x30: {
        // POP
        const len = this.stack.length;
        if (this.marks.length > 0 && this.marks[this.marks.length - 1] === len) {
          this.marks.pop();
          return;
        }
        const p = this.pop();
        if (p !== undefined) this.markPopped(p[0]);
        return;
      }
      case 0x31: {
        // POP_MARK
        const m = this.marker();
        if (m === undefined) return;
        for (const v of this.take(m)) this.markPopped(v);
        return;
      }
      case 0x32: {
        // DUP
        if (this.stack.length <= this.fence) return this.underflow();
        const i = this.stack.length - 1;
        return this.push(this.stack[i] as Val, (this.via[i] as number) | VIA_DUP);
      }
      case 0x28: // MARK
        if (this.marks.length >= this.o.maxStack) return this.limit('depth');
        this.marks.push(this.stack.length);
        return;
      case 0x67: // GET
      case 0x68: // BINGET
      case 0x6a: {
        // LONG_BINGET
        const key = Number(arg);
        const v = this.memo.get(key);
        if (v === undefined) return this.fail(`Memo value not found at index ${String(arg)}`);
        return this.push(v, (this.memoVia.get(key) ?? 0) | VIA_MEMO);
      }
      case 0x70: // PUT
      case 0x71: // BINPUT
      case 0x72: // LONG_BINPUT
      case 0x94: {
        // MEMOIZE
        if (this.stack.length <= this.fence) return this.underflow();
        const key = name === 'MEMOIZE' ? this.memo.size : Number(arg);
        if (!(key >= 0)) return this.fail(`negative ${name} argument`);
        if (!this.memo.has(key) && this.memo.size >= this.o.maxMemo) return this.limit('memo');
        const i = this.stack.length - 1;
        this.memo.set(key, this.stack[i] as Val);
        this.memoVia.set(key, this.via[i] as number);
        return;
      }
      case 0x82: // EXT1
      case 0x83: // EXT2
      case 0x84: {
        // EXT4
        const code = Number(arg);
        if (code <= 0) return this.fail('EXT specifies code <= 0');
        this.res.extRefs.push({ code, offset: at });
        const g = this.addImport('?', `ext:${code}`, name, ['copyreg extension registry'], false);
        return this.push({ k: 'ext', code, imp: g.k === 'global' ? g.imp : -1 });
      }
      case 0x63: {
        // GLOBAL
        const [mod, nm] = arg as [string, string];
        return this.push(this.addImport(mod, nm, 'GLOBAL', [], true));
      }
      case 0x93: {
        // STACK_GLOBAL
        const n = this.pop();
        if (n === undefined) return;
        const m = this.pop();
        if (m === undefined) return;
        const via: string[] = [];
        const mod = this.namePart(m[0], m[1], via);
        const nm = this.namePart(n[0], n[1], via);
        const resolved = mod !== undefined && nm !== undefined;
        if (!resolved) via.push('STACK_GLOBAL requires str');
        return this.push(this.addImport(mod ?? this.unresolvedPart(m[0]), nm ?? this.unresolvedPart(n[0]), 'STACK_GLOBAL', via, resolved));
      }
      case 0x52: {
        // REDUCE
        const args = this.pop();
        if (args === undefined) return;
        const fn = this.pop();
        if (fn === undefined) return;
        return this.push(this.addCall('REDUCE', fn[0], this.argsOf(args[0]), this.argCountOf(args[0])));
      }
      case 0x62: {
        // BUILD
        if (this.stack.length - 2 < this.fence) return this.underflow();
        const state = this.pop();
        if (state === undefined) return;
        if (this.stack.length === 0) return this.underflow();
        this.addCall('BUILD', this.stack[this.stack.length - 1] as Val, [state[0]]);
        return;
      }
      case 0x69: {
        // INST
        const m = this.marker();
        if (m === undefined) return;
        const [mod, nm] = arg as [string, string];
        const cls = this.addImport(mod, nm, 'INST', [], true);
        return this.push(this.addCall('INST', cls, this.take(m)));
      }
      case 0x6f: {
        // OBJ
        const m = this.marker();
        if (m === undefined) return;
        if (this.stack.length - m < 1) return this.underflow();
        const args = this.take(m + 1);
        const cls = this.stack.pop() as Val;
        this.via.pop();
        return this.push(this.addCall('OBJ', cls, args));
      }
      case 0x81: // NEWOBJ
      case 0x92: {
        // NEWOBJ_EX
        let kwargs: [Val, number] | undefined;
        if (name === 'NEWOBJ_EX') {
          kwargs = this.pop();
          if (kwargs === undefined) return;
        }
        const args = this.pop();
        if (args === undefined) return;
        const cls = this.pop();
        if (cls === undefined) return;
        const list = this.argsOf(args[0]);
        const all = kwargs !== undefined ? [...list.slice(0, ARG_SUMMARIES - 1), kwargs[0]] : list;
        return this.push(this.addCall(name, cls[0], all, this.argCountOf(args[0]) + (kwargs !== undefined ? 1 : 0)));
      }
      case 0x80: {
        // PROTO
        const p = Number(arg);
        if (p > 5) return this.fail(`unsupported pickle protocol: ${p}`);
        this.proto = p;
        if (p > this.maxProto) this.maxProto = p;
        return;
      }
      case 0x95: // FRAME
        return;
      case 0x2e: // STOP
        if (this.stack.length <= this.fence) this.underflow();
        return;
      case 0x50: {
        // PERSID
        const s = arg as string;
        this.res.persistentIds.push({ offset: at, preview: escapePreview(s, this.o.maxPreview) });
        return this.push({ k: 'persid' });
      }
      case 0x51: {
        // BINPERSID
        const p = this.pop();
        if (p === undefined) return;
        const sum = this.summary(p[0], 0);
        const preview = sum.preview ?? (sum.items ? `${sum.kind}(${sum.items.map((i) => i.preview ?? i.name ?? i.kind).join(', ')})` : sum.name ?? sum.kind);
        this.res.persistentIds.push({ offset: at, preview: escapePreview(preview, this.o.maxPreview) });
        this.checkNested(p[0], 0);
        return this.push({ k: 'persid' });
      }
      default:
        return this.fail(`unhandled opcode ${name}`);
    }
  }

  private str(s: string, py2: boolean, at: number): Val {
    return s.length > MAX_STR ? { k: 'str', v: s.slice(0, MAX_STR), len: s.length, cut: true, py2, at } : { k: 'str', v: s, len: s.length, cut: false, py2, at };
  }
}

function key(r: { offset: number; opcode: string }, name: string): string {
  return `${r.offset}\u0000${r.opcode}\u0000${name}`;
}

/**
 * Interprets one pickle from `start` to its STOP (or its first error, or a limit). Never throws.
 */
export function analyzePickle(bytes: Uint8Array, start = 0, limits?: VmLimits): PickleAnalysis {
  let res: PickleAnalysis;
  try {
    res = new Machine(bytes, options(limits, false)).run(start);
  } catch (e) {
    // Defensive: the interpreter has no known throwing path; report rather than throw.
    return { protocol: 0, imports: [], calls: [], extRefs: [], persistentIds: [], nested: [], opcodeCount: 0, steps: 0, error: { offset: start, message: `internal error: ${String(e)}`, truncated: false } };
  }
  if (res.frameMismatch !== undefined) {
    try {
      const alt = new Machine(bytes, options({ ...limits, maxSteps: Math.max(0, (limits?.maxSteps ?? 5_000_000) - res.steps) }, true)).run(start);
      mergeAlternative(res, alt);
    } catch {
      // The alternative reading is best effort.
    }
  }
  return res;
}

/** Adds what only the pre-fix file reading of a frame-straddling pickle finds. */
function mergeAlternative(res: PickleAnalysis, alt: PickleAnalysis): void {
  const imports = new Set(res.imports.map((i) => key(i, `${i.module}.${i.name}`)));
  const remap = new Map<number, number>();
  alt.imports.forEach((imp, i) => {
    const k = key(imp, `${imp.module}.${imp.name}`);
    if (imports.has(k)) return;
    remap.set(i, res.imports.length);
    res.imports.push({ ...imp, via: [...imp.via, 'frame-straddle'] });
  });
  const calls = new Set(res.calls.map((c) => key(c, c.callable)));
  for (const c of alt.calls) {
    if (calls.has(key(c, c.callable))) continue;
    const copy: PickleCall = { ...c, via: [...(c.via ?? []), 'frame-straddle'] };
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
