/**
 * NumPy .npy header reader. The header is a Python dict literal; numpy itself reads it with
 * ast.literal_eval. We read it with a small tokenizer and recursive-descent parser that knows only
 * literals (strings, numbers, True/False/None, tuples, lists, dicts): nothing is ever evaluated.
 * Depth and size are capped, so a hostile header costs at most 1 MiB and a bounded recursion.
 */
import { type ByteSource, type Parsed, ascii, fail, ok, startsWith, u16le, u32le } from './source.js';

const MAGIC = [0x93, ...ascii('NUMPY')];
const MAX_HEADER = 1024 * 1024;
const MAX_DEPTH = 64;

export function isNpy(head: Uint8Array): boolean {
  const major = head[6] ?? 0;
  return startsWith(head, MAGIC) && major >= 1 && major <= 3 && head.length >= 8;
}

export interface NpyHeader {
  version: [number, number];
  /** The dtype: a type string ('<f4'), or a Python-style rendering of a structured dtype. */
  descr: string;
  fortranOrder: boolean;
  shape: number[];
  /** Any field of the dtype is a Python object: loading it needs pickle (allow_pickle=True). */
  hasObject: boolean;
  headerLength: number;
  dataOffset: number;
  /** Product of the shape (1 for a scalar); may exceed 2^53 only in a hostile file. */
  itemCount: number;
}

// ---- a Python literal subset ----

export type PyValue = string | number | boolean | null | PyList | PyDict;
export interface PyList {
  kind: 'list' | 'tuple';
  items: PyValue[];
}
export interface PyDict {
  kind: 'dict';
  entries: [PyValue, PyValue][];
}

type Token =
  | { t: 'punct'; v: string }
  | { t: 'str'; v: string }
  | { t: 'num'; v: number }
  | { t: 'name'; v: string }
  | { t: 'end' };

class SyntaxErr extends Error {}

/** Splits the header text into tokens; rejects anything outside the literal subset. */
function tokenize(s: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i] ?? '';
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\x00') {
      i++;
    } else if ('{}()[],:'.includes(c)) {
      out.push({ t: 'punct', v: c });
      i++;
    } else if (c === "'" || c === '"') {
      const [v, next] = readString(s, i);
      out.push({ t: 'str', v });
      i = next;
    } else if (/[0-9+-]/.test(c)) {
      const m = /^[+-]?\d+[lL]?/.exec(s.slice(i, i + 40));
      if (!m) throw new SyntaxErr(`bad number at ${i}`);
      out.push({ t: 'num', v: Number(m[0].replace(/[lL]$/, '')) });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(s.slice(i, i + 64));
      const name = m?.[0] ?? c;
      out.push({ t: 'name', v: name });
      i += name.length;
    } else {
      throw new SyntaxErr(`unexpected character ${JSON.stringify(c)} at ${i}`);
    }
  }
  out.push({ t: 'end' });
  return out;
}

/** A quoted string with the common escapes; a 'b' prefix would arrive as a name and be rejected. */
function readString(s: string, start: number): [string, number] {
  const q = s[start];
  let v = '';
  let i = start + 1;
  while (i < s.length) {
    const c = s[i] ?? '';
    if (c === q) return [v, i + 1];
    if (c === '\\') {
      const e = s[i + 1] ?? '';
      const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0', '\\': '\\', "'": "'", '"': '"' };
      if (e in simple) {
        v += simple[e];
        i += 2;
      } else if (e === 'x' && /^[0-9a-fA-F]{2}$/.test(s.slice(i + 2, i + 4))) {
        v += String.fromCharCode(parseInt(s.slice(i + 2, i + 4), 16));
        i += 4;
      } else {
        v += c;
        i++;
      }
    } else {
      v += c;
      i++;
    }
  }
  throw new SyntaxErr('unterminated string');
}

class Parser {
  private i = 0;
  constructor(private readonly toks: Token[]) {}
  private peek(): Token {
    return this.toks[this.i] ?? { t: 'end' };
  }
  private isPunct(v: string): boolean {
    const t = this.peek();
    return t.t === 'punct' && t.v === v;
  }
  private expect(v: string): void {
    if (!this.isPunct(v)) throw new SyntaxErr(`expected ${v}`);
    this.i++;
  }
  parseTop(): PyValue {
    const v = this.value(0);
    if (this.peek().t !== 'end') throw new SyntaxErr('trailing tokens');
    return v;
  }
  private value(depth: number): PyValue {
    if (depth > MAX_DEPTH) throw new SyntaxErr('nesting too deep');
    const t = this.peek();
    this.i++;
    switch (t.t) {
      case 'str': {
        // Adjacent string literals concatenate, as in Python.
        let v = t.v;
        for (let n = this.peek(); n.t === 'str'; n = this.peek()) {
          v += n.v;
          this.i++;
        }
        return v;
      }
      case 'num':
        return t.v;
      case 'name':
        if (t.v === 'True') return true;
        if (t.v === 'False') return false;
        if (t.v === 'None') return null;
        throw new SyntaxErr(`name ${t.v} is not a literal`);
      case 'punct':
        if (t.v === '(') return this.seq(')', 'tuple', depth);
        if (t.v === '[') return this.seq(']', 'list', depth);
        if (t.v === '{') return this.dict(depth);
        throw new SyntaxErr(`unexpected ${t.v}`);
      default:
        throw new SyntaxErr('unexpected end');
    }
  }
  private seq(close: string, kind: 'list' | 'tuple', depth: number): PyValue {
    const items: PyValue[] = [];
    let sawComma = false;
    while (!this.isPunct(close)) {
      items.push(this.value(depth + 1));
      if (this.isPunct(',')) {
        this.i++;
        sawComma = true;
      } else break;
    }
    this.expect(close);
    // `(x)` is just x in Python; `(x,)` is a one-tuple.
    if (kind === 'tuple' && items.length === 1 && !sawComma) return items[0] as PyValue;
    return { kind, items };
  }
  private dict(depth: number): PyDict {
    const entries: [PyValue, PyValue][] = [];
    while (!this.isPunct('}')) {
      const k = this.value(depth + 1);
      this.expect(':');
      entries.push([k, this.value(depth + 1)]);
      if (this.isPunct(',')) this.i++;
      else break;
    }
    this.expect('}');
    return { kind: 'dict', entries };
  }
}

/** Parses a Python literal (the subset numpy headers use). Throws SyntaxErr on anything else. */
export function parsePyLiteral(text: string): PyValue {
  return new Parser(tokenize(text)).parseTop();
}

function isSeq(v: PyValue): v is PyList {
  return typeof v === 'object' && v !== null && (v.kind === 'list' || v.kind === 'tuple');
}

/** '|O', '<O', 'O', 'O8' (old numpy on 64-bit): a Python object field. */
function isObjectType(s: string): boolean {
  return /^[<>|=]?O\d*$/.test(s);
}

/**
 * A structured dtype is a list of (name, type) or (name, type, shape) tuples where type is a type
 * string or, nested, another such list. The name may be a (title, name) tuple.
 */
function dtypeHasObject(d: PyValue, depth = 0): boolean {
  if (depth > MAX_DEPTH) return false;
  if (typeof d === 'string') return isObjectType(d);
  if (!isSeq(d)) return false;
  if (d.kind === 'tuple') {
    const t = d.items[1];
    return t !== undefined && dtypeHasObject(t, depth + 1);
  }
  return d.items.some((f) => dtypeHasObject(f, depth + 1));
}

/** Renders a literal back in Python syntax, for structured descrs. */
export function pyRepr(v: PyValue, depth = 0): string {
  if (depth > MAX_DEPTH) return '...';
  if (v === null) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (v.kind === 'dict') return `{${v.entries.map(([k, x]) => `${pyRepr(k, depth + 1)}: ${pyRepr(x, depth + 1)}`).join(', ')}}`;
  const inner = v.items.map((x) => pyRepr(x, depth + 1)).join(', ');
  if (v.kind === 'list') return `[${inner}]`;
  return v.items.length === 1 ? `(${inner},)` : `(${inner})`;
}

function dictGet(d: PyDict, key: string): PyValue | undefined {
  for (const [k, v] of d.entries) if (k === key) return v;
  return undefined;
}

export function readNpyHeader(src: ByteSource): Parsed<NpyHeader> {
  try {
    return readNpyHeaderUnsafe(src);
  } catch (e) {
    if (e instanceof SyntaxErr) return fail(`npy header: ${e.message}`);
    return fail(`npy read error: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function readNpyHeaderUnsafe(src: ByteSource): Parsed<NpyHeader> {
  const pre = src.readAt(0, 12);
  if (!startsWith(pre, MAGIC)) return fail('not an npy file');
  if (pre.length < 10) return fail('npy preamble truncated', true);
  const major = pre[6] ?? 0;
  const minor = pre[7] ?? 0;
  if (major < 1 || major > 3) return fail(`unsupported npy version ${major}.${minor}`);
  const lenBytes = major === 1 ? 2 : 4;
  if (pre.length < 8 + lenBytes) return fail('npy preamble truncated', true);
  const headerLength = major === 1 ? u16le(pre, 8) : u32le(pre, 8);
  if (headerLength > MAX_HEADER) return fail(`npy header length ${headerLength} over ${MAX_HEADER}`);
  const start = 8 + lenBytes;
  const raw = src.readAt(start, headerLength);
  if (raw.length < headerLength) return fail('npy header truncated', true);
  // v1 and v2 headers are latin1; v3 allows UTF-8 (field names).
  const text = major === 3 ? new TextDecoder('utf-8', { fatal: false }).decode(raw) : latin1(raw);
  const lit = parsePyLiteral(text);
  if (typeof lit !== 'object' || lit === null || lit.kind !== 'dict') return fail('npy header is not a dict');
  const descr = dictGet(lit, 'descr');
  const fortran = dictGet(lit, 'fortran_order');
  const shape = dictGet(lit, 'shape');
  if (descr === undefined || fortran === undefined || shape === undefined) return fail('npy header lacks descr, fortran_order or shape');
  if (typeof descr !== 'string' && !(isSeq(descr) && descr.kind === 'list')) return fail('npy descr is neither a string nor a list');
  if (typeof fortran !== 'boolean') return fail('npy fortran_order is not a bool');
  if (!isSeq(shape) || shape.kind !== 'tuple') {
    // `(3)` parses as the int 3: numpy would reject it too.
    return fail('npy shape is not a tuple');
  }
  const dims: number[] = [];
  for (const d of shape.items) {
    if (typeof d !== 'number' || !Number.isSafeInteger(d) || d < 0) return fail('npy shape holds a non-dimension');
    dims.push(d);
  }
  return ok({
    version: [major, minor],
    descr: typeof descr === 'string' ? descr : pyRepr(descr),
    fortranOrder: fortran,
    shape: dims,
    hasObject: dtypeHasObject(descr),
    headerLength,
    dataOffset: start + headerLength,
    itemCount: dims.reduce((a, b) => a * b, 1),
  });
}

function latin1(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i += 8192) s += String.fromCharCode(...b.subarray(i, i + 8192));
  return s;
}
