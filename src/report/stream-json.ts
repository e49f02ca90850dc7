/**
 * JSON.stringify(value, null, 2), written in pieces instead of built as one string. A 30 MB BOM
 * stringified whole was held three times at the end of a scan (the string, its flattened copy,
 * the Buffer written to disk), which made the output step the peak of the CLI's memory. Objects
 * and arrays down to `depth` are walked here; anything deeper is stringified on its own and
 * re-indented (JSON strings cannot hold a raw newline, so re-indenting is a plain replace). The
 * bytes are exactly JSON.stringify's (undefined members dropped, undefined array items as null,
 * toJSON honoured).
 */
import { closeSync, openSync, writeSync } from 'node:fs';

export type Write = (chunk: string) => void;

function prepare(value: unknown, key: string): unknown {
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return (value as { toJSON(k: string): unknown }).toJSON(key);
  }
  return value;
}

/**
 * Below `depth`, a value of more than this many members and items (counted through every level)
 * is still walked a level at a time: a component's evidence with one occurrence per import site
 * (124,000 sites, 3.8 MB of JSON for one component on the 96,002-file bench tree) was one string,
 * then a re-indented copy of it, then both joined in the writer's buffer.
 */
export const WHOLE_MAX_NODES = 2048;

/** Whether `v` holds more than `budget` members and items in all; stops counting once it does. */
function larger(v: unknown, budget: number): boolean {
  let left = budget;
  const count = (x: unknown): boolean => {
    if (x === null || typeof x !== 'object') return false;
    const items = Array.isArray(x) ? x : Object.values(x as Record<string, unknown>);
    left -= items.length;
    if (left < 0) return true;
    for (const i of items) if (count(i)) return true;
    return false;
  };
  return count(v);
}

function emit(value: unknown, key: string, write: Write, indent: string, depth: number): boolean {
  const v = prepare(value, key);
  if (v === undefined || typeof v === 'function' || typeof v === 'symbol') return false;
  if (depth <= 0 && v !== null && typeof v === 'object' && larger(v, WHOLE_MAX_NODES)) depth = 1;
  if (depth <= 0 || v === null || typeof v !== 'object') {
    const s = JSON.stringify(v, null, 2);
    if (s === undefined) return false;
    write(indent ? s.replace(/\n/g, `\n${indent}`) : s);
    return true;
  }
  const inner = `${indent}  `;
  if (Array.isArray(v)) {
    if (v.length === 0) {
      write('[]');
      return true;
    }
    write('[\n');
    v.forEach((item, i) => {
      if (i) write(',\n');
      write(inner);
      if (!emit(item, String(i), write, inner, depth - 1)) write('null');
    });
    write(`\n${indent}]`);
    return true;
  }
  let first = true;
  for (const [k, item] of Object.entries(v as Record<string, unknown>)) {
    const p = prepare(item, k);
    if (p === undefined || typeof p === 'function' || typeof p === 'symbol') continue;
    write(first ? '{\n' : ',\n');
    first = false;
    write(`${inner}${JSON.stringify(k)}: `);
    emit(p, k, write, inner, depth - 1);
  }
  write(first ? '{}' : `\n${indent}}`);
  return true;
}

/** Writes `value` as JSON.stringify(value, null, 2) + '\n' through `write`. */
export function writeJson(value: unknown, write: Write, depth = 3): void {
  if (!emit(value, '', write, '', depth)) write('undefined');
  write('\n');
}

/** A writer into a file (or an fd such as 1 for stdout), buffered in 1 MB pieces. */
export function fileWriter(target: string | number): { write: Write; close(): void } {
  const fd = typeof target === 'number' ? target : openSync(target, 'w');
  let parts: string[] = [];
  let size = 0;
  const flush = () => {
    if (!parts.length) return;
    const buf = Buffer.from(parts.join(''), 'utf8');
    let off = 0;
    while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
    parts = [];
    size = 0;
  };
  return {
    write(chunk: string) {
      parts.push(chunk);
      size += chunk.length;
      if (size >= 1 << 20) flush();
    },
    close() {
      flush();
      if (typeof target !== 'number') closeSync(fd);
    },
  };
}
