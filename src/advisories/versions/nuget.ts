/**
 * NuGet version order and version ranges, written from NuGet's "Package versioning" page
 * (https://learn.microsoft.com/nuget/concepts/package-versioning) and the rules of
 * NuGet.Versioning's VersionComparer:
 *
 * - a version is 1 to 4 numeric parts (each an Int32), then an optional `-` prerelease label of
 *   dot-separated identifiers and `+` build metadata; a missing part is 0 and leading zeros do not
 *   count, so `1.0` == `1.0.0` == `1.0.0.0` == `1.00.0`; metadata takes no part in the order;
 * - a release sorts above its prereleases; prerelease identifiers compare one by one, numbers
 *   numerically and below words, words without regard to case (`1.0.1-RC` == `1.0.1-rc`,
 *   `1.0.1-rc.2` < `1.0.1-rc.10`, but `1.0.1-alpha10` < `1.0.1-alpha2`), and a shorter label that
 *   is a prefix of a longer one sorts first.
 *
 * Ranges are NuGet's interval notation: `1.0` (x >= 1.0), `[1.0]`, `[1.0,2.0)`, `(,1.0]`,
 * `(1.0,)`. A floating version is read as the window it floats in: `1.*` holds the 1.x releases
 * ([1.0, 2.0-pre)), `1.0.*-*` also their prereleases, `*` and `*-*` everything, and `1.0.0-beta*`
 * the prereleases of 1.0.0 from `beta` on up to 1.0.0 itself. Prereleases inside a window count
 * as admitted, which only ever errs toward "possibly affected". Several requirements joined with
 * `, ` (one package declared in several projects) admit what any of them admits.
 */
import { bracketInterval, iv, memoize, stringOps, type Comparator, type Interval } from './types.js';

export interface NuGetKey {
  /** Major, minor, patch, revision: missing parts are 0. */
  parts: [number, number, number, number];
  /**
   * The prerelease identifiers (words lower-cased, numbers as numbers); undefined for a release.
   * An empty list is the synthetic "below every prerelease of this version" bound.
   */
  pre?: (string | number)[];
}

const MAX_LEN = 256;
const MAX_SPEC = 4096;
const INT32_MAX = 2147483647;

const VERSION_RE = /^(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

function int32(s: string | undefined): number | undefined {
  if (s === undefined) return 0;
  const t = s.replace(/^0+(?=\d)/, '');
  const n = Number(t);
  return t.length <= 10 && n <= INT32_MAX ? n : undefined;
}

function label(id: string): string | number {
  const n = /^\d+$/.test(id) ? int32(id) : undefined;
  return n ?? id.toLowerCase();
}

function parseNuGet(v: string): NuGetKey | undefined {
  if (v.length > MAX_LEN) return undefined;
  const m = VERSION_RE.exec(v.trim());
  if (!m) return undefined;
  const nums = [m[1], m[2], m[3], m[4]].map(int32);
  if (nums.some((n) => n === undefined)) return undefined;
  return { parts: nums as NuGetKey['parts'], ...(m[5] !== undefined ? { pre: m[5].split('.').map(label) } : {}) };
}

function compareLabel(a: string | number, b: string | number): number {
  if (typeof a === 'number') return typeof b === 'number' ? a - b : -1;
  if (typeof b === 'number') return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareNuGet(a: NuGetKey, b: NuGetKey): number {
  for (let i = 0; i < 4; i++) {
    const c = a.parts[i]! - b.parts[i]!;
    if (c !== 0) return c;
  }
  if (!a.pre || !b.pre) return a.pre ? -1 : b.pre ? 1 : 0;
  const n = Math.min(a.pre.length, b.pre.length);
  for (let i = 0; i < n; i++) {
    const c = compareLabel(a.pre[i]!, b.pre[i]!);
    if (c !== 0) return c;
  }
  return a.pre.length - b.pre.length;
}

const parse = memoize(parseNuGet);

function keyOf(nums: number[], pre?: (string | number)[]): NuGetKey {
  return { parts: [nums[0] ?? 0, nums[1] ?? 0, nums[2] ?? 0, nums[3] ?? 0], ...(pre ? { pre } : {}) };
}

/**
 * A floating version's window: `*`, `*-*`, `1.*`, `1.0.*-*` (up to three fixed parts), or a
 * floating prerelease label `1.0.0-*` / `1.0.0-beta*`; undefined for anything else.
 */
function floating(s: string): Interval<NuGetKey> | undefined {
  if (s === '*' || s === '*-*') return iv.any();
  const part = /^((?:\d+\.){1,3})\*(-\*)?$/.exec(s);
  if (part) {
    const nums = (part[1] as string).slice(0, -1).split('.').map((p) => int32(p));
    if (nums.some((n) => n === undefined)) return undefined;
    const fixed = nums as number[];
    const upper = fixed.slice();
    upper[upper.length - 1] = upper[upper.length - 1]! + 1;
    // The window ends below the next window's prereleases; `-*` lets this one's prereleases in.
    return { lo: { key: keyOf(fixed, part[2] ? [] : undefined), inclusive: true }, hi: { key: keyOf(upper, []), inclusive: false } };
  }
  const pre = /^([^-*]+)-([0-9A-Za-z.-]*)\*$/.exec(s);
  if (pre) {
    const release = parse(pre[1] as string);
    if (!release || release.pre) return undefined;
    const prefix = (pre[2] as string).split('.').filter((p) => p !== '');
    if (prefix.some((p) => !/^[0-9A-Za-z-]+$/.test(p))) return undefined;
    return { lo: { key: { parts: release.parts, pre: prefix.map(label) }, inclusive: true }, hi: { key: release, inclusive: true } };
  }
  return undefined;
}

/** One bound of a bracketed range: a version, or a floating one read as its window's low end. */
function boundKey(s: string): NuGetKey | undefined {
  return s.includes('*') ? floating(s)?.lo?.key : parse(s);
}

/** One NuGet range: `1.0`, `1.*`, `[1.0]`, `[1.0,2.0)`, `(,1.0]`, `(1.0,)`. */
function oneRange(r: string): Interval<NuGetKey> | undefined {
  const open = r[0];
  if (open !== '[' && open !== '(') {
    if (r.includes('*')) return floating(r);
    const k = parse(r);
    return k ? iv.atLeast(k) : undefined;
  }
  const close = r[r.length - 1];
  if (r.length < 2 || (close !== ']' && close !== ')')) return undefined;
  const body = r.slice(1, -1);
  if (body.trim() === ',') return undefined;
  const out = bracketInterval(open, body, close, parse, boundKey);
  if (!out) return undefined;
  // NuGet rejects a range whose maximum is below its minimum.
  if (out.lo && out.hi && compareNuGet(out.lo.key, out.hi.key) > 0) return undefined;
  return out;
}

/** Splits at the commas outside brackets: `[1.0,2.0), 3.0` is two ranges. */
function topLevel(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch === '[' || ch === '(') depth++;
    else if (ch === ']' || ch === ')') depth--;
    else if (ch === ',' && depth === 0) {
      out.push(s.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(s.slice(start).trim());
  return out;
}

function declared(spec: string): Interval<NuGetKey>[] | undefined {
  if (typeof spec !== 'string' || spec.length > MAX_SPEC) return undefined;
  const s = spec.trim();
  if (s === '') return [iv.any()];
  const out: Interval<NuGetKey>[] = [];
  for (const r of topLevel(s)) {
    const one = oneRange(r);
    if (!one) return undefined;
    out.push(one);
  }
  return out;
}

export const nugetComparator: Comparator<NuGetKey> = {
  name: 'NuGet',
  family: 'nuget',
  parse,
  compareParsed: compareNuGet,
  ...stringOps(parse, compareNuGet),
  declared,
};
