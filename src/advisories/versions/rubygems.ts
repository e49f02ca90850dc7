/**
 * RubyGems version order and requirements, written from rubygems' lib/rubygems/version.rb
 * (Gem::Version) and lib/rubygems/requirement.rb (Gem::Requirement):
 *
 * - a version matches `[0-9]+(\.[0-9a-zA-Z]+)*(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?` (surrounding
 *   blanks allowed); every `-` reads as `.pre.` (`1.0-beta` is `1.0.pre.beta`);
 * - its segments are the runs of digits (numbers) and of letters (words): `1.0.rc1` is
 *   1, 0, "rc", 1; a version holding a letter is a prerelease;
 * - the canonical segments drop trailing zeros, of the numbers before the first word and of the
 *   segments after it, so `1.0` == `1` and `1.0.a` == `1.a`;
 * - segments compare one by one, a missing one as 0; a word sorts below a number (so `1.0.a` <
 *   `1.0`), words compare by their bytes (case matters), numbers numerically.
 *
 * Requirements are comma-joined clauses that must all hold, each `= != > < >= <= ~>` and a
 * version (no operator is `=`). `~> V` is `>= V` with the version's release (its numbers before
 * the first word) below V's bump (the last number but one raised, words dropped): `~> 1.2` is
 * `>= 1.2, < 2`, `~> 1.2.3` is `>= 1.2.3, < 1.3`, neither admitting a prerelease of the bump.
 */
import { comparison, intersectAll, iv, memoize, stringOps, type Comparator, type Interval } from './types.js';

/** Canonical segments. An empty word never comes from a version: it is the synthetic "below every prerelease of" bound. */
export type GemKey = (bigint | string)[];

const MAX_LEN = 256;
const MAX_SPEC = 4096;
/** More clauses than any real requirement holds; `!=` clauses make intersecting quadratic in their number. */
const MAX_CLAUSES = 64;

const VERSION_RE = /^[0-9]+(?:\.[0-9a-zA-Z]+)*(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

function trimZeros(segs: GemKey): GemKey {
  let end = segs.length;
  while (end > 0 && segs[end - 1] === 0n) end--;
  return segs.slice(0, end);
}

/** The canonical segments of a raw segment list. */
function canonical(segs: GemKey): GemKey {
  const word = segs.findIndex((s) => typeof s === 'string');
  if (word === -1) return trimZeros(segs);
  return [...trimZeros(segs.slice(0, word)), ...trimZeros(segs.slice(word))];
}

/** Gem::Version#segments: runs of digits and of letters, after `-` became `.pre.`. */
function segmentsOf(version: string): GemKey {
  return (version.replaceAll('-', '.pre.').match(/[0-9]+|[a-z]+/gi) ?? []).map((s) => (/^\d/.test(s) ? BigInt(s) : s));
}

function parseGem(v: string): GemKey | undefined {
  if (v.length > MAX_LEN) return undefined;
  const s = v.trim();
  if (!VERSION_RE.test(s)) return undefined;
  return canonical(segmentsOf(s));
}

function compareGem(a: GemKey, b: GemKey): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i] ?? 0n;
    const y = b[i] ?? 0n;
    if (x === y) continue;
    if (typeof x === 'string' && typeof y !== 'string') return -1;
    if (typeof x !== 'string' && typeof y === 'string') return 1;
    return x < y ? -1 : 1;
  }
  return 0;
}

const parse = memoize(parseGem);

/** Gem::Version#bump of a version's raw segments: words dropped, then the last number dropped (if more than one), then the new last raised. */
function bump(segs: GemKey): GemKey {
  const word = segs.findIndex((s) => typeof s === 'string');
  const nums = (word === -1 ? segs : segs.slice(0, word)) as bigint[];
  const out = nums.length > 1 ? nums.slice(0, -1) : nums.slice();
  out[out.length - 1] = (out[out.length - 1] ?? 0n) + 1n;
  return out;
}

const CLAUSE_RE = /^(=|!=|>=|<=|>|<|~>)?\s*(\S+)$/;

function clause(text: string): Interval<GemKey>[] | undefined {
  const m = CLAUSE_RE.exec(text);
  if (!m) return undefined;
  const version = m[2] as string;
  const k = parse(version);
  if (!k) return undefined;
  // `~>`: the release below the bump, so below the bump's own prereleases too.
  if (m[1] === '~>') return [{ lo: { key: k, inclusive: true }, hi: { key: [...canonical(bump(segmentsOf(version))), ''], inclusive: false } }];
  return comparison(m[1] ?? '=', k);
}

function declared(spec: string): Interval<GemKey>[] | undefined {
  if (typeof spec !== 'string' || spec.length > MAX_SPEC) return undefined;
  const s = spec.trim();
  if (s === '') return [iv.any()];
  const parts = s.split(',');
  if (parts.length > MAX_CLAUSES) return undefined;
  let admitted: Interval<GemKey>[] = [iv.any()];
  for (const part of parts) {
    const one = clause(part.trim());
    if (!one) return undefined;
    admitted = intersectAll(compareGem, admitted, one);
  }
  return admitted;
}

export const rubygemsComparator: Comparator<GemKey> = {
  name: 'RubyGems',
  family: 'rubygems',
  parse,
  compareParsed: compareGem,
  ...stringOps(parse, compareGem),
  declared,
};
