/**
 * Packagist (Composer) version order and constraints, written from composer/semver's
 * VersionParser (normalize, parseConstraints) and Comparator, and the Composer docs' "Versions
 * and constraints" (https://getcomposer.org/doc/articles/versions.md):
 *
 * - a version is normalized as VersionParser::normalize does: an alias (`1.0 as 2.0`), a
 *   stability flag (`@dev`) and build metadata dropped, a `v` prefix dropped, up to four numbers
 *   padded to four (`1.2` is `1.2.0.0`), then a stability with its numbers (`-beta2`,
 *   `-RC1`, `-patch1`; `a`, `b`, `p`, `pl` spelled out) and a `-dev` suffix; date versions
 *   (`20230101`) keep their parts; a numbered branch `1.x-dev` is `1.9999999.9999999.9999999-dev`;
 * - normalized versions are ordered as PHP's version_compare orders them (Composer's Comparator
 *   calls it): the string is cut at `.`, `-`, `_`, `+` and between digits and letters, numbers
 *   compare numerically, words rank dev < alpha < beta < RC < (a number) < patch, and when one side
 *   runs out a remaining number makes it larger and a remaining word compares against a number,
 *   so 1.0.0.0-RC1 < 1.0.0.0 < 1.0.0.0-patch1;
 * - a branch (`dev-main`, `master`) has no place in the order: invalid.
 *
 * Constraints: `||` (or `|`) between alternatives, space or comma between clauses that must all
 * hold; `=`, `==`, `!=`, `<>`, `<`, `<=`, `>`, `>=`, a bare version (exact), `*` and `1.2.*`,
 * `~1.2` (>=1.2.0.0-dev <2.0.0.0-dev), `^1.2.3` (<2.0.0.0-dev; `^0.3` <0.4, `^0.0.3` <0.0.4) and
 * hyphen ranges (`1.0 - 2.0` is >=1.0.0.0-dev <2.1.0.0-dev; a full upper version is inclusive),
 * with the `-dev` upper bounds VersionParser::parseConstraint gives them. Its lower bounds also
 * end in `-dev` (`^0.10.2` is >=0.10.2.0-dev), reaching down to the dev and prerelease versions of
 * the bound, which Composer installs only when the project's minimum-stability lets it: under the
 * default `stable` they never are, so here a lower bound stays at the version as written unless the
 * constraint carries a stability flag (`^1.0@dev`). Otherwise everyone who raised a requirement to
 * the fixed version (`^0.10.2`) would still be told they may be affected.
 */
import { comparison, intersectAll, iv, memoize, stringOps, type Comparator, type Interval } from './types.js';

/** version_compare tokens of a normalized version: numbers as bigints, words as their rank. */
export type PackagistKey = (bigint | number)[];

const MAX_LEN = 256;
const MAX_SPEC = 4096;
const MAX_CLAUSES = 64;

/** A number's rank among the words (`#` in PHP's table). */
const NUMBER_RANK = 4;
const WORD_RANKS: [string, number][] = [['dev', 0], ['alpha', 1], ['a', 1], ['beta', 2], ['b', 2], ['RC', 3], ['rc', 3], ['#', 4], ['pl', 5], ['p', 5]];
/** PHP's rank for a word outside its table. */
const UNKNOWN_RANK = -6;

// Composer's modifier, without its possessive `*+` (JavaScript has none): `[.-]?\d+` repeated is
// written so that two readings of one string are impossible, keeping the match linear.
const MODIFIER = '[._-]?(?:(stable|beta|b|RC|alpha|a|patch|pl|p)((?:[.-]?\\d+(?:[.-]\\d+)*)?))?([.-]?dev)?';
const CLASSICAL_RE = new RegExp(`^v?(\\d{1,5})(\\.\\d+)?(\\.\\d+)?(\\.\\d+)?${MODIFIER}$`, 'i');
const DATE_RE = new RegExp(`^v?(\\d{4}(?:[.:-]?\\d{2}){1,6}(?:[.:-]?\\d{1,3}){0,2})${MODIFIER}$`, 'i');
const BRANCH_RE = /^v?(\d+)(\.(?:\d+|[xX*]))?(\.(?:\d+|[xX*]))?(\.(?:\d+|[xX*]))?$/;
const STABILITY_FLAG_RE = /@(?:stable|RC|beta|alpha|dev)$/i;

const EXPAND: Record<string, string> = { a: 'alpha', b: 'beta', p: 'patch', pl: 'patch', rc: 'RC' };

function withModifier(version: string, stability: string | undefined, numbers: string | undefined, dev: string | undefined): string {
  let out = version;
  if (stability) {
    if (stability === 'stable') return out;
    const lower = stability.toLowerCase();
    out += `-${EXPAND[lower] ?? lower}${(numbers ?? '').replace(/^[.-]+/, '')}`;
  }
  return dev ? `${out}-dev` : out;
}

/** VersionParser::normalize; undefined for a branch name or anything it would reject. */
export function normalizeComposer(raw: string): string | undefined {
  if (typeof raw !== 'string' || raw.length > MAX_LEN) return undefined;
  let v = raw.trim();
  const alias = /^([^,\s]+) +as +[^,\s]+$/.exec(v);
  if (alias) v = alias[1] as string;
  v = v.replace(STABILITY_FLAG_RE, '');
  if (/^(?:dev-|master$|trunk$|default$)/i.test(v)) return undefined;
  const build = /^([^,\s+]+)\+\S+$/.exec(v);
  if (build) v = build[1] as string;
  let m = CLASSICAL_RE.exec(v);
  if (m) return withModifier(`${m[1]}${m[2] ?? '.0'}${m[3] ?? '.0'}${m[4] ?? '.0'}`, m[5], m[6], m[7]);
  m = DATE_RE.exec(v);
  if (m) return withModifier((m[1] as string).replace(/\D/g, '.'), m[2], m[3], m[4]);
  const dev = /^(.*?)[.-]?dev$/i.exec(v);
  const branch = dev ? BRANCH_RE.exec(dev[1] as string) : null;
  if (branch) {
    const parts = [branch[1], branch[2], branch[3], branch[4]].map((p, i) => (p === undefined ? '.x' : i === 0 ? p : p.replace(/[*X]/g, 'x')));
    return `${parts.join('').replace(/x/g, '9999999')}-dev`;
  }
  return undefined;
}

function wordRank(word: string): number {
  for (const [name, rank] of WORD_RANKS) if (word.startsWith(name)) return rank;
  return UNKNOWN_RANK;
}

/** PHP's canonical version string, as tokens: cut at `.-_+` and between digits and the rest. */
function tokens(normalized: string): PackagistKey {
  return (normalized.match(/\d+|[^\d.\-_+]+/g) ?? []).map((t) => (/^\d/.test(t) ? BigInt(t) : wordRank(t)));
}

function parsePackagist(v: string): PackagistKey | undefined {
  const n = normalizeComposer(v);
  return n === undefined ? undefined : tokens(n);
}

const rankOf = (t: bigint | number): number => (typeof t === 'bigint' ? NUMBER_RANK : t);

/** PHP's version_compare on token lists. */
function comparePackagist(a: PackagistKey, b: PackagistKey): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i] as bigint | number;
    const y = b[i] as bigint | number;
    const c = typeof x === 'bigint' && typeof y === 'bigint' ? (x < y ? -1 : x > y ? 1 : 0) : rankOf(x) - rankOf(y);
    if (c !== 0) return c;
  }
  // One side ran out: what remains is compared with a number.
  if (a.length > n) return typeof a[n] === 'bigint' ? 1 : rankOf(a[n] as number) - NUMBER_RANK || 1;
  if (b.length > n) return typeof b[n] === 'bigint' ? -1 : NUMBER_RANK - rankOf(b[n] as number) || -1;
  return 0;
}

const parse = memoize(parsePackagist);

/** A normalized bound, parsed (bounds are built as normalized strings, as Composer builds them). */
function key(normalized: string): PackagistKey {
  return tokens(normalized);
}

// versionRegex of VersionParser::parseConstraint: groups 1-4 the numbers, 5-7 the modifier.
const VERSION = `v?(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?(?:\\.(\\d+))?${MODIFIER}(?:\\+[^\\s]+)?`;
const TILDE_RE = new RegExp(`^~${VERSION}$`, 'i');
const CARET_RE = new RegExp(`^\\^${VERSION}$`, 'i');
const WILDCARD_RE = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:\.[xX*])+$/;
const BASIC_RE = /^(<>|!=|>=?|<=?|==?)?\s*(\S+)$/;
const FULL_VERSION_RE = new RegExp(`^${VERSION}$`, 'i');
// Matched against the lower-cased text without /i, as Composer does (so `-rc1` names no stability here).
const NAMES_STABILITY_RE = new RegExp(`-${MODIFIER}$`);

/** VersionParser::manipulateVersionString: the four numbers, raised at `position` (1-4), zeros after. */
function raised(m: RegExpExecArray, position: number, increment: number): string {
  const nums = [1, 2, 3, 4].map((i) => BigInt(m[i] ?? '0'));
  nums[position - 1] = (nums[position - 1] as bigint) + BigInt(increment);
  for (let i = position; i < 4; i++) nums[i] = 0n;
  return nums.join('.');
}

const has = (s: string | undefined): boolean => s !== undefined && s !== '';

function range(lo: string | undefined, hi: string): Interval<PackagistKey> {
  return { ...(lo !== undefined ? { lo: { key: key(lo), inclusive: true } } : {}), hi: { key: key(hi), inclusive: false } };
}

/** One constraint, as VersionParser::parseConstraint reads it. */
function constraint(raw: string): Interval<PackagistKey>[] | undefined {
  const c = raw.replace(STABILITY_FLAG_RE, '');
  // Composer's `-dev` lower bound, kept only when the constraint lets unstable versions in.
  const dev = c !== raw ? '-dev' : '';
  if (/^v?[xX*](?:\.[xX*])*$/.test(c)) return [iv.any()];
  let m = TILDE_RE.exec(c);
  if (m) {
    const position = has(m[4]) ? 4 : has(m[3]) ? 3 : has(m[2]) ? 2 : 1;
    const low = normalizeComposer(c.slice(1) + (!has(m[5]) && !has(m[7]) ? dev : ''));
    return low === undefined ? undefined : [range(low, `${raised(m, Math.max(1, position - 1), 1)}-dev`)];
  }
  m = CARET_RE.exec(c);
  if (m) {
    const position = m[1] !== '0' || !has(m[2]) ? 1 : m[2] !== '0' || !has(m[3]) ? 2 : 3;
    const low = normalizeComposer(c.slice(1) + (!has(m[5]) && !has(m[7]) ? dev : ''));
    return low === undefined ? undefined : [range(low, `${raised(m, position, 1)}-dev`)];
  }
  m = WILDCARD_RE.exec(c);
  if (m) {
    const position = has(m[3]) ? 3 : has(m[2]) ? 2 : 1;
    const low = raised(m, position, 0);
    return [range(low === '0.0.0.0' ? undefined : `${low}${dev}`, `${raised(m, position, 1)}-dev`)];
  }
  m = BASIC_RE.exec(c);
  if (!m) return undefined;
  const text = m[2] as string;
  let version = normalizeComposer(text);
  if (version === undefined) return undefined;
  const op = m[1] ?? '=';
  // `<1.2` (and, with a stability flag, `>=1.2`) reach down to 1.2's dev and prereleases unless the version names a stability.
  if ((op === '<' || (op === '>=' && dev)) && !NAMES_STABILITY_RE.test(text.toLowerCase())) version += '-dev';
  return comparison(op, key(version));
}

/** A hyphen range `1.0 - 2.0`: the upper end inclusive when given in full, else below its next minor or major. */
function hyphen(from: string, to: string, dev: string): Interval<PackagistKey> | undefined {
  const fm = FULL_VERSION_RE.exec(from);
  const tm = FULL_VERSION_RE.exec(to);
  const low = normalizeComposer(from);
  const high = normalizeComposer(to);
  if (!fm || !tm || low === undefined || high === undefined) return undefined;
  const lo = { key: key(!has(fm[5]) && !has(fm[7]) ? `${low}${dev}` : low), inclusive: true };
  if ((has(tm[2]) && has(tm[3])) || has(tm[5]) || has(tm[7])) return { lo, hi: { key: key(high), inclusive: true } };
  return { lo, hi: { key: key(`${raised(tm, has(tm[2]) ? 2 : 1, 1)}-dev`), inclusive: false } };
}

/** The clauses of one alternative: split at spaces and commas, an operator joined to its version, `a - b` kept whole. */
function clauses(alternative: string): Interval<PackagistKey>[] | undefined {
  const words = alternative.split(/[\s,]+/).filter((w) => w !== '');
  if (words.length === 0 || words.length > MAX_CLAUSES) return undefined;
  let admitted: Interval<PackagistKey>[] = [iv.any()];
  for (let i = 0; i < words.length; i++) {
    let part: Interval<PackagistKey>[] | undefined;
    const w = words[i] as string;
    if (words[i + 1] === '-' && words[i + 2] !== undefined) {
      const to = words[i + 2] as string;
      const one = hyphen(w.replace(STABILITY_FLAG_RE, ''), to.replace(STABILITY_FLAG_RE, ''), STABILITY_FLAG_RE.test(w) || STABILITY_FLAG_RE.test(to) ? '-dev' : '');
      part = one ? [one] : undefined;
      i += 2;
    } else if (/^(?:<>|!=|>=?|<=?|==?|\^|~)$/.test(w) && words[i + 1] !== undefined) {
      part = constraint(w + (words[i + 1] as string));
      i += 1;
    } else part = constraint(w);
    if (!part) return undefined;
    admitted = intersectAll(comparePackagist, admitted, part);
  }
  return admitted;
}

function declared(spec: string): Interval<PackagistKey>[] | undefined {
  if (typeof spec !== 'string' || spec.length > MAX_SPEC) return undefined;
  const s = spec.trim();
  if (s === '') return [iv.any()];
  const alternatives = s.split(/\s*\|\|?\s*/);
  if (alternatives.length > MAX_CLAUSES) return undefined;
  const out: Interval<PackagistKey>[] = [];
  for (const alt of alternatives) {
    const one = clauses(alt);
    if (!one) return undefined;
    out.push(...one);
  }
  return out;
}

export const packagistComparator: Comparator<PackagistKey> = {
  name: 'Packagist',
  family: 'composer',
  parse,
  compareParsed: comparePackagist,
  ...stringOps(parse, comparePackagist),
  declared,
};
