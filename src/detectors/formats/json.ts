/**
 * A bounded JSON parser that remembers where things are: the character index of every object and
 * array, and of every key's value. Python's json module writes (and Keras configs hold) NaN,
 * Infinity and -Infinity, which JSON.parse refuses; they are accepted here. Duplicate keys keep
 * the last value, as Python and JSON.parse do. Builds plain data; runs nothing.
 */
import { lineStarts } from '../../util/lines.js';

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type JsonObject = { [k: string]: Json };

export interface Located {
  value: Json;
  /** Character index where each object or array starts. */
  pos: WeakMap<object, number>;
  /** Character index of each key's value, per object. */
  keyPos: WeakMap<object, Map<string, number>>;
}

export interface JsonLimits {
  maxDepth?: number;
  maxNodes?: number;
}

class JsonError extends Error {}

/** Parses `text`; undefined when it is not JSON (or breaks the limits). Never throws. */
export function parseJsonLocated(text: string, limits: JsonLimits = {}): Located | undefined {
  const maxDepth = limits.maxDepth ?? 512;
  const maxNodes = limits.maxNodes ?? 2_000_000;
  const pos = new WeakMap<object, number>();
  const keyPos = new WeakMap<object, Map<string, number>>();
  let i = 0;
  let nodes = 0;
  const ws = (): void => {
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
      else return;
    }
  };
  const str = (): string => {
    const start = i;
    i++;
    let escaped = false;
    for (;;) {
      if (i >= text.length) throw new JsonError('unterminated string');
      const c = text.charCodeAt(i);
      if (c === 0x22) break;
      if (c === 0x5c) {
        escaped = true;
        i++;
      }
      i++;
    }
    i++;
    const raw = text.slice(start, i);
    if (!escaped) return raw.slice(1, -1);
    return JSON.parse(raw) as string;
  };
  const NUM = /-?(?:Infinity|\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|NaN/y;
  const value = (depth: number): Json => {
    if (++nodes > maxNodes) throw new JsonError('too many values');
    if (depth > maxDepth) throw new JsonError('nested too deep');
    ws();
    const c = text[i];
    if (c === '{') {
      const o: JsonObject = {};
      const kp = new Map<string, number>();
      pos.set(o, i);
      keyPos.set(o, kp);
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return o;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') throw new JsonError('expected a key');
        const k = str();
        ws();
        if (text[i] !== ':') throw new JsonError('expected :');
        i++;
        ws();
        kp.set(k, i);
        const v = value(depth + 1);
        if (k === '__proto__') Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
        else o[k] = v;
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return o;
        }
        throw new JsonError('expected , or }');
      }
    }
    if (c === '[') {
      const a: Json[] = [];
      pos.set(a, i);
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return a;
      }
      for (;;) {
        a.push(value(depth + 1));
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return a;
        }
        throw new JsonError('expected , or ]');
      }
    }
    if (c === '"') return str();
    if (text.startsWith('true', i)) {
      i += 4;
      return true;
    }
    if (text.startsWith('false', i)) {
      i += 5;
      return false;
    }
    if (text.startsWith('null', i)) {
      i += 4;
      return null;
    }
    NUM.lastIndex = i;
    const m = NUM.exec(text);
    if (!m) throw new JsonError(`unexpected character at ${i}`);
    i += m[0].length;
    return m[0] === 'NaN' ? NaN : m[0].endsWith('Infinity') ? (m[0].startsWith('-') ? -Infinity : Infinity) : Number(m[0]);
  };
  try {
    const v = value(0);
    ws();
    if (i < text.length && text.slice(i).trim() !== '') return undefined;
    return { value: v, pos, keyPos };
  } catch {
    return undefined;
  }
}

export function isJsonObject(v: Json | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** 1-based line and column of a character index; lines end at CR, LF and CRLF (JSON's whitespace, Jinja's newlines). */
export function lineColumn(text: string, index: number): { line: number; column: number } {
  const starts = lineStarts(text.slice(0, index), 'cr-lf');
  return { line: starts.length, column: index - (starts[starts.length - 1] as number) + 1 };
}

/** UTF-8 byte length of text[0, index). */
export function byteIndex(text: string, index: number): number {
  return Buffer.byteLength(text.slice(0, index), 'utf8');
}
