/**
 * Maven version order, written from the POM reference's "Version Order Specification"
 * (https://maven.apache.org/pom.html#version-order-specification), the rules Maven's
 * ComparableVersion implements:
 *
 * - the version is split into tokens at `.`, `-`, `_` and at every switch between digits and
 *   other characters; a switch counts as `-`; an empty token is `0`; comparison ignores case;
 * - `alpha`, `beta`, `milestone` may be written `a`, `b`, `m` when a number follows directly;
 *   `cr` is `rc`; `ga`, `final` and `release` are the empty qualifier;
 * - `.qualifier` is the same as `-qualifier` (so `1.0.Final` is `1.0-final`, which is `1`);
 * - trailing "null" tokens (`0` and the empty qualifier) are trimmed at the end of the version and
 *   again before each remaining `-`, from the end to the start (`1.0.0-foo.0.0` is `1-foo`);
 * - the order is lexicographic over the tokens, the shorter padded with nulls carrying the other
 *   side's separator (`0` after `.`, the empty qualifier after `-`); a qualifier sorts below
 *   `-number`, which sorts below `.number`; qualifiers rank
 *   alpha < beta < milestone < rc < snapshot < "" < sp < any other (alphabetical).
 *
 * The POM reference and Maven's code disagree on `_` (the code does not split there); this
 * follows the reference. Requirements use Maven's range syntax: `[1.0,2.0)`, `(,1.0],[1.2,)`,
 * `[1.5]`, and a bare `1.0` (a soft requirement, resolved to 1.0 unless something overrides it).
 */
import { bracketInterval, iv, memoize, stringOps, type Comparator, type Interval } from './types.js';

interface Token {
  /** 2: `.number`, 1: `-number`, 0: a qualifier (either separator). */
  cls: 0 | 1 | 2;
  num: bigint;
  /** Qualifier rank; 7 for qualifiers outside the well-known list. */
  rank: number;
  text: string;
}

export type MavenKey = Token[];

const RANKS: Record<string, number> = { alpha: 0, beta: 1, milestone: 2, rc: 3, snapshot: 4, '': 5, sp: 6 };
const ALIASES: Record<string, string> = { cr: 'rc', ga: '', final: '', release: '' };
const SHORT: Record<string, string> = { a: 'alpha', b: 'beta', m: 'milestone' };
const OTHER = 7;
const NULL_RANK = RANKS[''] ?? 5;

interface RawToken {
  sep: '.' | '-';
  text: string;
  digits: boolean;
  /** The token ended because a digit started: `a1` means alpha-1. */
  beforeDigit: boolean;
}

function isDigit(ch: string): boolean {
  return ch >= '0' && ch <= '9';
}

function split(version: string): RawToken[] {
  const out: RawToken[] = [];
  let sep: '.' | '-' = '.';
  let text = '';
  let digits = false;
  const flush = (next: '.' | '-', beforeDigit: boolean): void => {
    out.push({ sep, text, digits, beforeDigit });
    text = '';
    sep = next;
  };
  for (const ch of version) {
    if (ch === '.') flush('.', false);
    else if (ch === '-' || ch === '_') flush('-', false);
    else {
      const d = isDigit(ch);
      if (text !== '' && d !== digits) flush('-', d);
      if (text === '') digits = d;
      text += ch;
    }
  }
  flush('.', false);
  return out;
}

function toToken(raw: RawToken): Token {
  if (raw.text === '' || raw.digits) {
    const num = raw.text === '' ? 0n : BigInt(raw.text);
    return { cls: raw.sep === '.' ? 2 : 1, num, rank: 0, text: '' };
  }
  let q = raw.text;
  const long = raw.beforeDigit ? SHORT[q] : undefined;
  if (long !== undefined) q = long;
  q = ALIASES[q] ?? q;
  return { cls: 0, num: 0n, rank: RANKS[q] ?? OTHER, text: q };
}

function isNull(t: Token): boolean {
  return t.cls === 0 ? t.rank === NULL_RANK : t.num === 0n;
}

/**
 * True where a token opens a new `-` group: a `-` separator, or a qualifier after a `.` (not the
 * first token), since `.qualifier` is `-qualifier`. Qualifiers compare alike whatever their
 * separator, so the separator only matters here, for trimming.
 */
function opensGroup(raw: RawToken, index: number): boolean {
  return index > 0 && (raw.sep === '-' || !(raw.digits || raw.text === ''));
}

/** Trims the trailing null tokens of every `-` group; groups left empty disappear. */
function trim(raw: RawToken[]): Token[] {
  const groups: Token[][] = [];
  raw.forEach((r, i) => {
    if (i === 0 || opensGroup(r, i)) groups.push([]);
    groups[groups.length - 1]?.push(toToken(r));
  });
  const out: Token[] = [];
  for (const g of groups) {
    let end = g.length;
    while (end > 0 && isNull(g[end - 1] as Token)) end--;
    for (let i = 0; i < end; i++) out.push(g[i] as Token);
  }
  return out;
}

// Placeholders (`${x}`), ranges and keywords (LATEST, RELEASE) are not versions.
const INVALID = /[\s${}[\](),]/;

function parseMaven(v: string): MavenKey | undefined {
  const s = v.trim().toLowerCase();
  if (s === '' || s.length > 256 || INVALID.test(s) || !/\d/.test(s)) return undefined;
  return trim(split(s));
}

function compareToken(a: Token, b: Token): number {
  if (a.cls !== b.cls) return a.cls - b.cls;
  if (a.cls !== 0) return a.num < b.num ? -1 : a.num > b.num ? 1 : 0;
  if (a.rank !== b.rank) return a.rank - b.rank;
  return a.rank === OTHER ? (a.text < b.text ? -1 : a.text > b.text ? 1 : 0) : 0;
}

/** The null a missing token stands for, shaped by the separator of the token it is compared with. */
function padFor(other: Token): Token {
  return other.cls === 2 ? { cls: 2, num: 0n, rank: 0, text: '' } : { cls: 0, num: 0n, rank: NULL_RANK, text: '' };
}

function compareMaven(a: MavenKey, b: MavenKey): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i];
    const y = b[i];
    const c = x && y ? compareToken(x, y) : x ? compareToken(x, padFor(x)) : y ? -compareToken(y, padFor(y)) : 0;
    if (c !== 0) return c;
  }
  return 0;
}

const parse = memoize(parseMaven);

function declared(spec: string): Interval<MavenKey>[] | undefined {
  const s = spec.trim();
  if (s === '') return [iv.any()];
  if (!/^[[(]/.test(s)) {
    const k = parse(s);
    return k ? [iv.point(k)] : undefined;
  }
  const re = /\s*([[(])([^[\]()]*)([\])])\s*(,|$)/y;
  const out: Interval<MavenKey>[] = [];
  let at = 0;
  while (at < s.length) {
    re.lastIndex = at;
    const m = re.exec(s);
    if (!m) return undefined;
    const one = bracketInterval(m[1] ?? '', m[2] ?? '', m[3] ?? '', parse);
    if (!one) return undefined;
    out.push(one);
    at = re.lastIndex;
    if ((m[4] === '') !== (at >= s.length)) return undefined;
  }
  return out;
}

export const mavenComparator: Comparator<MavenKey> = {
  name: 'Maven',
  family: 'maven',
  parse,
  compareParsed: compareMaven,
  ...stringOps(parse, compareMaven),
  declared,
};
