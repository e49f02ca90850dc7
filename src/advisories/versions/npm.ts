/**
 * SemVer 2.0 ordering (node-semver) for npm, crates.io and OSV `SEMVER` ranges.
 *
 * Pre-releases sort below their release (`1.0.0-rc.1 < 1.0.0`) and build metadata is ignored,
 * exactly as `semver.compare` does. Versions are parsed strictly: `semver.coerce` would turn
 * `2.6.0rc1` into `2.6.0` and hide a pre-release from a `fixed: 2.6.0` event.
 *
 * Requirement grammars: npm ranges as node-semver reads them, and Cargo requirements (a bare
 * `1.2.3` means `^1.2.3`, clauses are comma-separated). Both are read with `includePrerelease`, so
 * `^1.2.0` ends at `2.0.0-0` and a pre-release inside the range counts as admitted.
 */
import semver from 'semver';
import { comparison, intersectAll, iv, memoize, stringOps, type Comparator, type Interval } from './types.js';

type SemVer = semver.SemVer;

const MAX_LEN = 256;

function parseStrict(v: string): SemVer | undefined {
  if (v.length > MAX_LEN) return undefined;
  const s = v.trim();
  // node-semver also accepts one leading `v` (OSV SEMVER ranges sometimes carry Go's spelling); nothing else.
  if (!/^v?\d/.test(s)) return undefined;
  return semver.parse(s) ?? undefined;
}

export function compareSemver(a: SemVer, b: SemVer): number {
  return a.compare(b);
}

const parse = memoize(parseStrict);

/** One node-semver comparator (`>=1.2.0`, `<2.0.0-0`, `1.5.0`, `*`) as intervals (types.ts `comparison`). */
function comparatorIntervals(c: semver.Comparator): Interval<SemVer>[] {
  // `*` and empty comparators hold node-semver's ANY symbol rather than a SemVer.
  return c.semver instanceof semver.SemVer ? comparison(c.operator, c.semver) : [iv.any()];
}

/** An npm range (node-semver's grammar) as intervals; also SwiftURL's, whose requirements the manifest reader writes as npm ranges. */
export function npmRange(spec: string): Interval<SemVer>[] | undefined {
  const s = spec.trim();
  if (s.length > 1024) return undefined;
  let range: semver.Range;
  try {
    range = new semver.Range(s === '' ? '*' : s, { includePrerelease: true });
  } catch {
    return undefined;
  }
  const out: Interval<SemVer>[] = [];
  for (const all of range.set) {
    let admitted: Interval<SemVer>[] = [iv.any()];
    for (const c of all) admitted = intersectAll(compareSemver, admitted, comparatorIntervals(c));
    out.push(...admitted);
  }
  return out;
}

/** Cargo's requirement syntax in node-semver's: a bare version is a caret requirement. */
function cargoRange(spec: string): Interval<SemVer>[] | undefined {
  const s = spec.trim();
  if (s === '' || s === '*') return [iv.any()];
  const clauses = s.split(',').map((c) => c.trim());
  if (clauses.some((c) => c === '' || c.includes('||'))) return undefined;
  return npmRange(clauses.map((c) => (/^\d/.test(c) ? `^${c}` : c)).join(' '));
}

/** A comparator in SemVer 2.0 order; `read` is how the ecosystem spells a version (strict SemVer by default). */
export function semverFamily(name: string, declared?: (spec: string) => Interval<SemVer>[] | undefined, read: (v: string) => SemVer | undefined = parse): Comparator<SemVer> {
  return { name, family: 'semver', parse: read, compareParsed: compareSemver, ...stringOps(read, compareSemver), ...(declared ? { declared } : {}) };
}

export const npmComparator = semverFamily('npm', npmRange);
export const cratesComparator = semverFamily('crates.io', cargoRange);
/** The order of OSV `SEMVER` ranges, whatever the ecosystem. */
export const semverComparator = semverFamily('SemVer');
