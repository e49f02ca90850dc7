/**
 * SwiftURL (Swift packages named by their repository URL) version order. OSV gives this ecosystem
 * SemVer versions: the repository's git tags, which SwiftPM reads as a version when
 * `Version(tag:)` accepts them (swift-package-manager's Sources/Basics/Version+Extensions.swift,
 * with lenient parsing):
 *
 * - one leading lower-case `v` is dropped (`v1.2.3` is 1.2.3);
 * - a missing minor or patch is 0 (`1.2` is 1.2.0, `1` is 1.0.0, `1.2-beta` is 1.2.0-beta);
 * - the rest is SemVer 2.0, ordered as npm's versions are (prereleases below their release,
 *   build metadata ignored), so the keys meet an advisory's SEMVER ranges too.
 *
 * Requirements: the Package.swift reader writes them as npm ranges (src/lang/manifests/swift.ts:
 * `from: "0.2.4"` is `>=0.2.4 <1.0.0`, `"1.0.0"..<"2.0.0"` is `>=1.0.0 <2.0.0`), so they are read
 * with npm's grammar, prereleases inside the range admitted as for npm; a branch or a revision
 * (`branch:main`, `revision:<sha>`) is no range.
 */
import semver from 'semver';
import { npmRange, semverFamily } from './npm.js';
import { memoize } from './types.js';

const MAX_LEN = 256;

const IDENTS = '[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*';
const TAG_RE = new RegExp(`^v?(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?((?:-${IDENTS})?(?:\\+${IDENTS})?)$`);

function parseTag(v: string): semver.SemVer | undefined {
  if (v.length > MAX_LEN) return undefined;
  const m = TAG_RE.exec(v.trim());
  if (!m) return undefined;
  return semver.parse(`${m[1] as string}.${m[2] ?? '0'}.${m[3] ?? '0'}${m[4] as string}`) ?? undefined;
}

export const swiftUrlComparator = semverFamily('SwiftURL', npmRange, memoize(parseTag));
