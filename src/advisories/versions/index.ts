/**
 * Which version order an OSV ecosystem uses. Ecosystems missing here get no comparator, and the
 * matcher then only compares the advisory's explicit `versions[]` as strings, never its ranges:
 * ordering versions with the wrong rules is how scanners report fixed versions as vulnerable.
 */
import { goComparator } from './go.js';
import { mavenComparator } from './maven.js';
import { nugetComparator } from './nuget.js';
import { cratesComparator, npmComparator, semverComparator } from './npm.js';
import { packagistComparator } from './packagist.js';
import { pubComparator } from './pub.js';
import { pypiComparator } from './pypi.js';
import { rubygemsComparator } from './rubygems.js';
import { swiftUrlComparator } from './swifturl.js';
import type { Comparator } from './types.js';

export type { Bound, Comparator, Interval } from './types.js';
export { contains, overlaps } from './types.js';
export { semverComparator };

const BY_ECOSYSTEM: ReadonlyMap<string, Comparator> = new Map<string, Comparator>([
  ['pypi', pypiComparator as Comparator],
  ['npm', npmComparator as Comparator],
  ['crates.io', cratesComparator as Comparator],
  ['go', goComparator as Comparator],
  ['maven', mavenComparator as Comparator],
  ['nuget', nugetComparator as Comparator],
  ['rubygems', rubygemsComparator as Comparator],
  ['packagist', packagistComparator as Comparator],
  ['pub', pubComparator as Comparator],
  ['swifturl', swiftUrlComparator as Comparator],
]);

/**
 * The comparator for an OSV ecosystem name (`PyPI`, `npm`, `crates.io`, `Go`, `Maven`,
 * `NuGet`, `RubyGems`, `Packagist`, `Pub`, `SwiftURL`), matched without regard to case; a `:suffix` (OSV's `Ecosystem:variant` form) is ignored.
 */
export function comparatorFor(ecosystem: string): Comparator | undefined {
  if (typeof ecosystem !== 'string') return undefined;
  const known = seen.get(ecosystem);
  if (known !== undefined) return known ?? undefined;
  const found = BY_ECOSYSTEM.get(ecosystem.split(':')[0]?.trim().toLowerCase() ?? '');
  if (seen.size < 1_000) seen.set(ecosystem, found ?? null);
  return found;
}

// Spellings already looked up: the matcher asks once per entry, with a handful of distinct names.
const seen = new Map<string, Comparator | null>();
