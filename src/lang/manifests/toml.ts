/**
 * TOML through smol-toml, plus what it does not give: the lines of tables and keys, and recovery
 * from a syntax error (the text is cut at the last table header before the error and parsed again,
 * so the tables read before the bad one are kept).
 */
import { parse, TomlError } from 'smol-toml';
import { errorText, MAX_DEPTH, splitLines } from './common.js';

interface Header {
  path: string[];
  /** 0-based line index of the header. */
  index: number;
  array: boolean;
}

export interface TomlDoc {
  data: Record<string, unknown>;
  lines: string[];
  headers: Header[];
}

const MAX_RETRIES = 16;

/** Splits a dotted TOML key (`target.'cfg(unix)'.dependencies`) into its parts. */
export function splitKey(s: string): string[] {
  const parts: string[] = [];
  let i = 0;
  const n = s.length;
  while (i < n) {
    while (i < n && (s[i] === ' ' || s[i] === '\t')) i++;
    if (i >= n) break;
    const q = s[i];
    if (q === '"' || q === "'") {
      const e = s.indexOf(q, i + 1);
      if (e < 0) return parts;
      let part = s.slice(i + 1, e);
      if (q === '"') part = part.replace(/\\(["\\])/g, '$1');
      parts.push(part);
      i = e + 1;
    } else {
      let e = i;
      while (e < n && s[e] !== '.' && s[e] !== ' ' && s[e] !== '\t') e++;
      parts.push(s.slice(i, e));
      i = e;
    }
    while (i < n && (s[i] === ' ' || s[i] === '\t')) i++;
    if (s[i] === '.') i++;
    else break;
  }
  return parts;
}

function scanHeaders(lines: string[]): Header[] {
  const out: Header[] = [];
  let inMultiline: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (inMultiline !== undefined) {
      if (l.includes(inMultiline)) inMultiline = undefined;
      continue;
    }
    const ml = /("""|''')/.exec(l);
    if (ml !== null && l.split(ml[1]!).length === 2) {
      inMultiline = ml[1]!;
      continue;
    }
    const m = /^\s*(\[\[?)\s*(.+?)\s*\]\]?\s*(?:#.*)?$/.exec(l);
    if (m !== null) out.push({ path: splitKey(m[2]!), index: i, array: m[1] === '[[' });
  }
  return out;
}

/** Parses TOML, recovering what precedes a syntax error. Never throws. */
export function parseToml(text: string, warn: (m: string) => void): TomlDoc {
  const lines = splitLines(text);
  const headers = scanHeaders(lines);
  let src = text;
  for (let attempt = 0; attempt <= MAX_RETRIES; attempt++) {
    try {
      const data = parse(src, { maxDepth: MAX_DEPTH }) as Record<string, unknown>;
      return { data, lines, headers };
    } catch (e) {
      if (attempt === 0) warn(`TOML syntax error: ${errorText(e)}`);
      const errLine = e instanceof TomlError && typeof e.line === 'number' ? e.line - 1 : 0;
      const srcLines = splitLines(src);
      let cut = -1;
      for (const h of headers) if (h.index > 0 && h.index <= errLine && h.index < srcLines.length) cut = h.index;
      if (cut < 0) cut = errLine;
      cut = Math.min(cut, srcLines.length - 1);
      if (cut <= 0) break;
      src = srcLines.slice(0, cut).join('\n');
    }
  }
  return { data: {}, lines, headers };
}

function samePath(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * The headers of a document as a tree of their paths: per path, the body ranges of the headers
 * with that path, and the line index of the first header at or below it.
 */
interface HeaderNode {
  children: Map<string, HeaderNode>;
  bodies: Array<[number, number]>;
  first?: number;
}

const headerTrees = new WeakMap<TomlDoc, HeaderNode>();

/** The header tree of a document, built once: each header's parts are looked at once, so any number of tables is read in linear time. */
function headerTree(doc: TomlDoc): HeaderNode {
  let root = headerTrees.get(doc);
  if (root !== undefined) return root;
  root = { children: new Map(), bodies: [] };
  for (let k = 0; k < doc.headers.length; k++) {
    const h = doc.headers[k]!;
    let node = root;
    node.first ??= h.index;
    for (const part of h.path) {
      let next = node.children.get(part);
      if (next === undefined) node.children.set(part, (next = { children: new Map(), bodies: [] }));
      node = next;
      node.first ??= h.index;
    }
    node.bodies.push([h.index + 1, doc.headers[k + 1]?.index ?? doc.lines.length]);
  }
  headerTrees.set(doc, root);
  return root;
}

/** The header tree's node of `path`, if a header has it or starts with it. */
function headerNode(doc: TomlDoc, path: readonly string[]): HeaderNode | undefined {
  let node: HeaderNode | undefined = headerTree(doc);
  for (const part of path) node = node?.children.get(part);
  return node;
}

/** Body ranges [start, end) (0-based line indexes) of every header with this path. */
export function tableBodies(doc: TomlDoc, path: string[]): Array<[number, number]> {
  const out = [...(headerNode(doc, path)?.bodies ?? [])];
  if (path.length === 0) out.push([0, doc.headers[0]?.index ?? doc.lines.length]);
  return out;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function keyRe(key: string): RegExp {
  const k = escapeRe(key);
  return new RegExp(`^\\s*(?:${k}|"${k}"|'${k}')\\s*(?:=|\\.)`);
}

/** The key a body line starts with (`key =`, `"key" =`, `'key' =`, `key.sub =`). */
const LINE_KEY = /^\s*(?:([A-Za-z0-9_-]+)|"([^"]*)"|'([^']*)')\s*(?:=|\.)/;

/** Per document and table: the first line of each key its bodies start a line with. */
const keyIndexes = new WeakMap<TomlDoc, Map<string, Map<string, number>>>();

/** The key → line index of a table, built once (a table of many keys is read in linear time). */
function keyIndex(doc: TomlDoc, path: string[]): Map<string, number> {
  let byTable = keyIndexes.get(doc);
  if (byTable === undefined) keyIndexes.set(doc, (byTable = new Map()));
  const id = JSON.stringify(path);
  let index = byTable.get(id);
  if (index !== undefined) return index;
  index = new Map();
  for (const [s, e] of tableBodies(doc, path)) {
    for (let i = s; i < e; i++) {
      const m = LINE_KEY.exec(doc.lines[i]!);
      const k = m === null ? undefined : (m[1] ?? m[2] ?? m[3]);
      if (k !== undefined && !index.has(k)) index.set(k, i + 1);
    }
  }
  byTable.set(id, index);
  return index;
}

/**
 * 1-based line of `key` in the table at `path`: a `key = …` line in its body, a dotted
 * `parent.key = …` line in an ancestor table, or a `[path.key]` header.
 */
export function keyLine(doc: TomlDoc, path: string[], key: string): number | undefined {
  const own = keyIndex(doc, path).get(key);
  if (own !== undefined) return own;
  const first = headerNode(doc, [...path, key])?.first;
  if (first !== undefined) return first + 1;
  // Dotted keys in an ancestor table: [tool] poetry.dependencies.openai = …
  for (let cut = path.length - 1; cut >= 0; cut--) {
    const rest = [...path.slice(cut), key].map((p) => `(?:${escapeRe(p)}|"${escapeRe(p)}"|'${escapeRe(p)}')`).join('\\s*\\.\\s*');
    const re2 = new RegExp(`^\\s*${rest}\\s*=`);
    for (const [s, e] of tableBodies(doc, path.slice(0, cut))) {
      for (let i = s; i < e; i++) if (re2.test(doc.lines[i]!)) return i + 1;
    }
  }
  return undefined;
}

/**
 * Finds the lines of string items of an array value (`dependencies = ["a", "b"]`). `from` is the
 * 1-based line of the key; items are matched in order as quoted strings up to the next header.
 */
export class ArrayLines {
  private next: number;
  private readonly end: number;
  constructor(
    private readonly doc: TomlDoc,
    from: number | undefined,
  ) {
    this.next = from === undefined ? doc.lines.length : from - 1;
    const h = from === undefined ? undefined : doc.headers.find((x) => x.index > from - 1);
    this.end = h?.index ?? doc.lines.length;
  }
  lineOf(value: string): number | undefined {
    const variants = [JSON.stringify(value), `'${value}'`];
    for (let i = this.next; i < this.end; i++) {
      const l = this.doc.lines[i]!;
      if (variants.some((v) => l.includes(v))) {
        this.next = i;
        return i + 1;
      }
    }
    return undefined;
  }
}

/** Line of the `name = "<name>"` key inside the n-th `[[path]]` block. */
export function arrayTableLines(doc: TomlDoc, path: string[]): Array<{ header: number; body: [number, number] }> {
  const out: Array<{ header: number; body: [number, number] }> = [];
  for (let k = 0; k < doc.headers.length; k++) {
    const h = doc.headers[k]!;
    if (!h.array || !samePath(h.path, path)) continue;
    out.push({ header: h.index + 1, body: [h.index + 1, doc.headers[k + 1]?.index ?? doc.lines.length] });
  }
  return out;
}

/** 1-based line of `key = …` in a body range. */
export function lineInBody(doc: TomlDoc, body: [number, number], key: string): number | undefined {
  const re = keyRe(key);
  for (let i = body[0]; i < body[1]; i++) if (re.test(doc.lines[i]!)) return i + 1;
  return undefined;
}
