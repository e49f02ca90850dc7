/**
 * Go module versions (https://go.dev/ref/mod#versions): SemVer with a mandatory `v` in go.mod and
 * none in OSV data, so the `v` is optional here.
 *
 * - `+incompatible` (a v2+ module without a go.mod) is build metadata to SemVer and takes no part
 *   in the order: `v2.0.0+incompatible` equals `2.0.0` in an advisory.
 * - Pseudo-versions (`v0.0.0-20210101000000-abcdef123456`, `v1.2.4-0.20210101000000-abcdef123456`)
 *   are SemVer pre-releases whose identifiers hold a UTC timestamp, so plain SemVer precedence
 *   already orders them: below the release they precede, above the one they follow, by time among
 *   themselves.
 *
 * go.mod pins exact versions, so the only requirement form is a version (or nothing: any).
 */
import { compareSemver } from './npm.js';
import semver from 'semver';
import { iv, memoize, stringOps, type Comparator, type Interval } from './types.js';

type SemVer = semver.SemVer;

function parseGo(v: string): SemVer | undefined {
  if (v.length > 256) return undefined;
  let s = v.trim();
  if (s.startsWith('v')) s = s.slice(1);
  if (s.endsWith('+incompatible')) s = s.slice(0, -'+incompatible'.length);
  // Go versions are always major.minor.patch; node-semver agrees, but must not see a second `v`.
  if (!/^\d/.test(s)) return undefined;
  return semver.parse(s) ?? undefined;
}

const parse = memoize(parseGo);

function declared(spec: string): Interval<SemVer>[] | undefined {
  const s = spec.trim();
  if (s === '' || s === '*') return [iv.any()];
  const k = parse(s);
  return k ? [iv.point(k)] : undefined;
}

export const goComparator: Comparator<SemVer> = {
  name: 'Go',
  family: 'semver',
  parse,
  compareParsed: compareSemver,
  ...stringOps(parse, compareSemver),
  declared,
};
