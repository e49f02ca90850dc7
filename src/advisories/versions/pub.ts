/**
 * Pub (Dart and Flutter) version order and version constraints, written from dart-lang/pub_semver
 * (lib/src/version.dart, version_constraint.dart, version_range.dart):
 *
 * - a version is `major.minor.patch`, then an optional `-` prerelease and `+` build, each a list of
 *   dot-separated identifiers; the three numbers are Dart ints (leading zeros allowed, `01` is 1);
 *   an identifier is a number when Dart's `int.tryParse` reads it as one (`7`, `007`, `-1`,
 *   `0x1f`), a word otherwise;
 * - the three numbers compare first; a prerelease sorts below its release; prerelease
 *   identifiers compare one by one, numbers numerically and below words, words by their code
 *   units, a missing identifier below a present one (`1.0.0-a` < `1.0.0-a.1`);
 * - unlike SemVer, the build takes part in the order: a version without one sorts below the same
 *   version with one, and builds compare as prereleases do, so
 *   1.0.0 < 1.0.0+1 < 1.0.0+2 < 1.0.1-dev < 1.0.1.
 *
 * Constraints, as VersionConstraint.parse reads them: `any`; `^V` alone (from V up to V's next
 * breaking version: the next major, or for 0.x the next minor, so `^0.0.3` is >=0.0.3 <0.1.0);
 * otherwise a series of `V`, `<V`, `<=V`, `>V`, `>=V`, with or without spaces between, all
 * holding. An exclusive upper bound that is a release with no build (`<2.0.0`, and the end of a
 * caret range) stops below that version's prereleases, unless the lower bound is itself a
 * prerelease of the same version (`>=1.0.0-dev.2 <1.0.0`).
 */
import { comparison, intersectAll, iv, memoize, stringOps, type Comparator, type Interval } from './types.js';

/** A prerelease or build identifier: a number as a bigint, a word as written. */
type Ident = bigint | string;

export interface PubKey {
  nums: [bigint, bigint, bigint];
  /** Empty for a release. */
  pre: Ident[];
  /** Empty without build metadata. */
  build: Ident[];
}

const MAX_LEN = 256;
const MAX_SPEC = 4096;
const MAX_CLAUSES = 64;
const INT64_MAX = 2n ** 63n - 1n;

const IDENTS = '[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*';
/** A version at the start of the text; pub_semver matches one there, then reads on after it. */
const START_VERSION = new RegExp(`^(\\d+)\\.(\\d+)\\.(\\d+)(?:-(${IDENTS}))?(?:\\+(${IDENTS}))?`);

/** Dart's int.tryParse on one identifier: a signed decimal or `0x` hexadecimal int64, else undefined. */
function dartInt(s: string): bigint | undefined {
  const m = /^(-?)(?:(\d+)|0[xX]([0-9a-fA-F]+))$/.exec(s);
  if (!m) return undefined;
  const n = m[2] !== undefined ? BigInt(m[2]) : BigInt(`0x${m[3] as string}`);
  if (m[1] === '-') return n <= INT64_MAX + 1n ? -n : undefined;
  return n <= INT64_MAX ? n : undefined;
}

function idents(text: string | undefined): Ident[] {
  return text === undefined ? [] : text.split('.').map((p) => dartInt(p) ?? p);
}

/** The version the match starts with, or undefined when a number is past Dart's int. */
function keyOf(m: RegExpExecArray): PubKey | undefined {
  const nums = [m[1], m[2], m[3]].map((n) => BigInt(n as string));
  if (nums.some((n) => n > INT64_MAX)) return undefined;
  return { nums: nums as PubKey['nums'], pre: idents(m[4]), build: idents(m[5]) };
}

/** The version `text` starts with, and how long it is. */
function versionAt(text: string): { key: PubKey; length: number } | undefined {
  const m = START_VERSION.exec(text);
  const key = m ? keyOf(m) : undefined;
  return m && key ? { key, length: m[0].length } : undefined;
}

function parsePub(v: string): PubKey | undefined {
  if (v.length > MAX_LEN) return undefined;
  const s = v.trim();
  const at = versionAt(s);
  return at && at.length === s.length ? at.key : undefined;
}

/** Identifier lists as pub_semver compares prereleases and builds: a missing identifier first, numbers below words. */
function compareIdents(a: Ident[], b: Ident[]): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (typeof x !== typeof y) return typeof x === 'bigint' ? -1 : 1;
    return x < y ? -1 : 1;
  }
  return 0;
}

function comparePub(a: PubKey, b: PubKey): number {
  for (let i = 0; i < 3; i++) {
    if (a.nums[i] !== b.nums[i]) return (a.nums[i] as bigint) < (b.nums[i] as bigint) ? -1 : 1;
  }
  if (a.pre.length === 0 || b.pre.length === 0) {
    if (a.pre.length !== b.pre.length) return a.pre.length === 0 ? 1 : -1;
  } else {
    const c = compareIdents(a.pre, b.pre);
    if (c !== 0) return c;
  }
  if (a.build.length === 0 || b.build.length === 0) return a.build.length === b.build.length ? 0 : a.build.length === 0 ? -1 : 1;
  return compareIdents(a.build, b.build);
}

const parse = memoize(parsePub);

/** Version.firstPreRelease: `M.m.p-0`, below every other prerelease of that version. */
const firstPreRelease = (k: PubKey): PubKey => ({ nums: k.nums, pre: [0n], build: [] });

/** Version.nextBreaking: the next major, or for 0.x the next minor; prerelease and build dropped. */
function nextBreaking(k: PubKey): PubKey {
  const [major, minor] = k.nums;
  return { nums: major === 0n ? [0n, minor + 1n, 0n] : [major + 1n, 0n, 0n], pre: [], build: [] };
}

/**
 * VersionRange's default for an exclusive upper bound: a release with no build stops below its
 * own prereleases, unless the lower bound is one of them.
 */
function excludeMaxPrereleases(range: Interval<PubKey>): Interval<PubKey> {
  const hi = range.hi;
  if (!hi || hi.inclusive || hi.key.pre.length > 0 || hi.key.build.length > 0) return range;
  const lo = range.lo?.key;
  if (lo && lo.pre.length > 0 && lo.nums.every((n, i) => n === hi.key.nums[i])) return range;
  return { ...range, hi: { key: firstPreRelease(hi.key), inclusive: false } };
}

/** `V`, `<V`, `<=V`, `>V`, `>=V` at the start of `text`: what it admits and the text after it. */
function nextClause(text: string): { admits: Interval<PubKey>[]; rest: string } | undefined {
  const op = /^[<>]=?/.exec(text)?.[0] ?? '';
  const after = text.slice(op.length).trimStart();
  const at = versionAt(after);
  // No operator: the version itself (types.ts `comparison`).
  return at ? { admits: comparison(op, at.key), rest: after.slice(at.length) } : undefined;
}

function declared(spec: string): Interval<PubKey>[] | undefined {
  if (typeof spec !== 'string' || spec.length > MAX_SPEC) return undefined;
  let text = spec.trim();
  if (text === '' || text === 'any') return [iv.any()];
  if (text.startsWith('^')) {
    const rest = text.slice(1).trimStart();
    const at = versionAt(rest);
    // `^` stands alone: no other clause may follow it.
    if (!at || at.length !== rest.length) return undefined;
    return [{ lo: { key: at.key, inclusive: true }, hi: { key: firstPreRelease(nextBreaking(at.key)), inclusive: false } }];
  }
  let admitted: Interval<PubKey>[] = [iv.any()];
  for (let n = 0; text !== ''; n++) {
    const clause = n < MAX_CLAUSES ? nextClause(text) : undefined;
    if (!clause) return undefined;
    admitted = intersectAll(comparePub, admitted, clause.admits);
    text = clause.rest.trimStart();
  }
  return admitted.map(excludeMaxPrereleases);
}

export const pubComparator: Comparator<PubKey> = {
  name: 'Pub',
  family: 'pub',
  parse,
  compareParsed: comparePub,
  ...stringOps(parse, comparePub),
  declared,
};
