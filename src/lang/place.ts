/**
 * The last step of both token readers (src/lang/python-lex.ts, src/lang/js-lex.ts): offsets to
 * 1-based lines and UTF-16 columns, sites in position order.
 *
 * Kept out of the readers on purpose: site objects come in several shapes (with or without
 * `names`, `typeOnly`, `key`), and when this code sat inside a reader, each shape V8 had not yet
 * seen threw away the reader's optimized code, a 50-130 ms recompile of a large function, several
 * times per scan. Sorting by offset (the same order as line, then column) also keeps the sort
 * from reading the sites.
 */
import { lineOf, lineStarts } from '../util/lines.js';
import type { ImportSite, StringSite } from './types.js';

/** What a reader collects: sites by the offset of their literal or name. */
export interface RawSites {
  imports: { site: ImportSite; at: number }[];
  strings: Map<number, RawString>;
}

/** A string site by offset; `call`: the offset of the call's token that names it (StringSite.call). */
export interface RawString {
  value: string;
  key?: string;
  via?: string;
  /** An offset in the text, or a call already placed (a notebook's earlier cell's: `<cell>/<line>:<column>`). */
  call?: number | string;
}

/**
 * Of the offsets where a name is bound to a client (`ats`, ascending), the binding a use at `use`
 * takes: the last one before it (each function's own `client = OpenAI(…)`, each class's
 * `self.client`), else the first. Both readers of a language ask it, so they agree.
 */
export function bindingAt(ats: readonly number[], use: number): number {
  // Binary search: a name bound thousands of times, used thousands of times, stays linear-logarithmic.
  let lo = 0;
  let hi = ats.length - 1;
  let best = 0;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((ats[mid] as number) < use) {
      best = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return ats[best] as number;
}

/** A call's place (StringSite.call) from an offset of the text whose line starts are `lines`: `line:column`, 1-based, UTF-16 columns. */
export function callPlace(lines: readonly number[], at: number): string {
  const line = lineOf(lines, at);
  return `${line + 1}:${at - (lines[line] as number) + 1}`;
}

/** Places a reader's sites with `lines` (the line starts of its text, as lineStarts makes them). */
export function placeSites(raw: RawSites, lines: readonly number[]): { imports: ImportSite[]; strings: StringSite[] } {
  const col = (at: number, line: number) => at - (lines[line] as number) + 1;
  // A stable sort by offset: sites at the same offset keep the order they were found in.
  const order = raw.imports.map((x) => x.at);
  const idx = order.map((_, i) => i).sort((a, b) => (order[a] as number) - (order[b] as number));
  const imports: ImportSite[] = [];
  for (const i of idx) {
    const { site, at } = raw.imports[i] as { site: ImportSite; at: number };
    const line = lineOf(lines, at);
    imports.push({ ...site, line: line + 1, column: col(at, line) });
  }
  const strings: StringSite[] = [];
  for (const at of [...raw.strings.keys()].sort((a, b) => a - b)) {
    const s = raw.strings.get(at) as RawString;
    const line = lineOf(lines, at);
    const site: StringSite = { value: s.value, line: line + 1, column: col(at, line) };
    if (s.key !== undefined) site.key = s.key;
    if (s.via !== undefined) site.via = s.via;
    if (typeof s.call === 'string') site.call = s.call;
    else if (s.call !== undefined) site.call = callPlace(lines, s.call);
    strings.push(site);
  }
  return { imports, strings };
}

/**
 * The 1-based line and UTF-16 column of an offset of `text`, lines counted at CR, LF and CRLF: the
 * placing of the front-ends that lex into an array (Ruby, PHP, Dart).
 */
export function crLfPlacer(text: string): (at: number) => { line: number; column: number } {
  const lines = lineStarts(text, 'cr-lf');
  return (at) => {
    const line = lineOf(lines, at);
    return { line: line + 1, column: at - (lines[line] as number) + 1 };
  };
}
