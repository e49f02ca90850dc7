/**
 * A small tolerant JSON reader that remembers the line of every object key. On a syntax error it
 * stops and returns what it built so far (containers are attached to their parents before they
 * are filled) with the error. Objects have no prototype, so keys such as `__proto__` are plain
 * data. Bounded in depth; iterative in strings and numbers. With `jsonc`, it reads JSON with
 * comments (`//`, `/* … *\/`) and trailing commas, as bun.lock and deno.json(c) are written.
 */
import { boundText, type Collector, isRecord, MAX_DEPTH } from './common.js';

export type JsonObject = Record<string, unknown>;

export interface JsonParse {
  value: unknown;
  error?: string;
  /** 1-based line of each key of each object. */
  keyLine(obj: unknown, key: string): number | undefined;
}

class Stop extends Error {}

export function parseJson(text: string, opts: { jsonc?: boolean } = {}): JsonParse {
  const jsonc = opts.jsonc === true;
  const lines = new WeakMap<object, Map<string, number>>();
  let pos = 0;
  let line = 1;
  const n = text.length;

  const fail = (msg: string): never => {
    throw new Stop(`${msg} at line ${line}`);
  };
  const ws = (): void => {
    while (pos < n) {
      const c = text.charCodeAt(pos);
      // Lines end at CR, LF and CRLF (a CRLF counted at its LF).
      if (c === 10 || (c === 13 && text.charCodeAt(pos + 1) !== 10)) {
        line++;
        pos++;
      } else if (c === 32 || c === 9 || c === 13) pos++;
      else if (jsonc && c === 47 && text.charCodeAt(pos + 1) === 47) {
        while (pos < n && text.charCodeAt(pos) !== 10 && text.charCodeAt(pos) !== 13) pos++;
      } else if (jsonc && c === 47 && text.charCodeAt(pos + 1) === 42) {
        const end = text.indexOf('*/', pos + 2);
        if (end < 0) fail('unterminated comment');
        for (pos += 2; pos < end; pos++) {
          const d = text.charCodeAt(pos);
          if (d === 10 || (d === 13 && text.charCodeAt(pos + 1) !== 10)) line++;
        }
        pos = end + 2;
      } else break;
    }
  };
  /** After a comma: a closing bracket there is a trailing comma, allowed in JSONC only. */
  const trailing = (close: string): boolean => {
    if (!jsonc) return false;
    ws();
    return text[pos] === close;
  };
  const readString = (): string => {
    // at opening quote
    pos++;
    let out = '';
    let start = pos;
    while (true) {
      if (pos >= n) fail('unterminated string');
      const c = text.charCodeAt(pos);
      if (c === 34) {
        out += text.slice(start, pos);
        pos++;
        return out;
      }
      if (c === 10 || c === 13) fail('newline in string');
      if (c === 92) {
        out += text.slice(start, pos);
        const e = text[pos + 1];
        pos += 2;
        switch (e) {
          case '"': out += '"'; break;
          case '\\': out += '\\'; break;
          case '/': out += '/'; break;
          case 'b': out += '\b'; break;
          case 'f': out += '\f'; break;
          case 'n': out += '\n'; break;
          case 'r': out += '\r'; break;
          case 't': out += '\t'; break;
          case 'u': {
            const hex = text.slice(pos, pos + 4);
            if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('bad \\u escape');
            out += String.fromCharCode(parseInt(hex, 16));
            pos += 4;
            break;
          }
          default:
            fail('bad escape');
        }
        start = pos;
      } else pos++;
    }
  };
  const readScalar = (): unknown => {
    const m = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(pos, pos + 64));
    if (m === null) return fail(`unexpected ${JSON.stringify(text[pos] ?? 'end of input')}`);
    pos += m[0].length;
    if (m[0] === 'true') return true;
    if (m[0] === 'false') return false;
    if (m[0] === 'null') return null;
    return Number(m[0]);
  };

  // Iterative descent with an explicit stack so depth is bounded without recursion.
  type Frame = { kind: 'obj'; obj: JsonObject; first: boolean } | { kind: 'arr'; arr: unknown[]; first: boolean };
  const stack: Frame[] = [];
  let root: unknown = undefined;
  let error: string | undefined;

  // Reads one value start; containers are pushed, scalars returned via set.
  const startValue = (set: (v: unknown) => void): void => {
    ws();
    if (pos >= n) fail('unexpected end of input');
    const c = text[pos];
    if (c === '{' || c === '[') {
      if (stack.length >= MAX_DEPTH) fail('nesting too deep');
      pos++;
      if (c === '{') {
        const obj = Object.create(null) as JsonObject;
        set(obj);
        stack.push({ kind: 'obj', obj, first: true });
      } else {
        const arr: unknown[] = [];
        set(arr);
        stack.push({ kind: 'arr', arr, first: true });
      }
    } else if (c === '"') set(readString());
    else set(readScalar());
  };

  try {
    startValue((v) => (root = v));
    while (stack.length > 0) {
      const f = stack[stack.length - 1]!;
      ws();
      if (pos >= n) fail('unexpected end of input');
      const c = text[pos];
      if (f.kind === 'obj') {
        if (c === '}') {
          pos++;
          stack.pop();
          continue;
        }
        if (!f.first) {
          if (c !== ',') fail('expected , or }');
          pos++;
          if (trailing('}')) continue;
          ws();
        }
        f.first = false;
        if (text[pos] !== '"') fail('expected a key');
        const keyLine = line;
        const key = readString();
        ws();
        if (text[pos] !== ':') fail('expected :');
        pos++;
        let m = lines.get(f.obj);
        if (m === undefined) lines.set(f.obj, (m = new Map()));
        if (!m.has(key)) m.set(key, keyLine);
        const obj = f.obj;
        startValue((v) => (obj[key] = v));
      } else {
        if (c === ']') {
          pos++;
          stack.pop();
          continue;
        }
        if (!f.first) {
          if (c !== ',') fail('expected , or ]');
          pos++;
          if (trailing(']')) continue;
        }
        f.first = false;
        const arr = f.arr;
        startValue((v) => arr.push(v));
      }
    }
    ws();
    if (pos < n) fail('unexpected data after the end');
  } catch (e) {
    if (!(e instanceof Stop)) throw e;
    error = e.message;
  }
  const r: JsonParse = {
    value: root,
    keyLine: (obj, key) => (typeof obj === 'object' && obj !== null ? lines.get(obj)?.get(key) : undefined),
  };
  if (error !== undefined) r.error = error;
  return r;
}

/**
 * A manifest's JSON text read into an object for a reader: the size limit applied, a syntax error
 * a warning on the collector (what precedes it is kept), undefined with a warning when the text is
 * no JSON object (`what` names the file in it).
 */
export function readJsonObject(text: string, c: Collector, what: string, opts: { jsonc?: boolean } = {}): { root: JsonObject; j: JsonParse } | undefined {
  const j = parseJson(boundText(text, c), opts);
  if (j.error !== undefined) c.warn(`malformed JSON: ${j.error}`);
  if (!isRecord(j.value)) {
    if (j.error === undefined) c.warn(`${what} is not a JSON object`);
    return undefined;
  }
  return { root: j.value, j };
}
