/**
 * Advisory-matching micro-benchmark: 5,000 synthetic lockfile packages (PyPI, npm, Go, Maven in
 * roughly the mix of an AI repository) with about ten OSV affected entries each, in the shapes
 * real records have (introduced/fixed, last_affected, introduced-only, PYSEC's GIT range first
 * with an explicit versions list, two release lines), then `versionAffected` over every pair.
 * The data is built before the clock starts; the timed run starts with cold caches, so it pays for
 * every parse and event sort once, as a scan does. Target: well under 0.5 s.
 *
 *   node build/bench/advisory-match.js [packages] [entriesPerPackage]
 */
import { pathToFileURL } from 'node:url';
import type { OsvAffected, OsvRange } from '../src/advisories/osv.js';
import { versionAffected } from '../src/advisories/match.js';
import { comparatorFor } from '../src/advisories/versions/index.js';
import { prng } from './corpus.js';
import { gc } from './measure.js';

export const MATCH_TARGET_MS = 500;

export interface MatchBenchResult {
  components: number;
  entries: number;
  matches: number;
  /** Wall time of the matching loop. */
  ms: number;
  /** CPU time of this process over the loop (GC threads included): steadier than wall time on a busy machine. */
  cpuMs: number;
}

interface Component {
  ecosystem: string;
  version: string;
  entries: OsvAffected[];
}

type Rand = () => number;
const int = (r: Rand, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;

const ECOSYSTEMS = ['PyPI', 'PyPI', 'PyPI', 'PyPI', 'PyPI', 'npm', 'npm', 'npm', 'Go', 'Maven'] as const;

/** A release-shaped version in the ecosystem's spelling, sometimes with its usual decorations. */
function version(r: Rand, ecosystem: string, major: number, minor: number, patch: number): string {
  const base = `${major}.${minor}.${patch}`;
  const roll = r();
  switch (ecosystem) {
    case 'PyPI':
      return roll < 0.1 ? `${base}rc${int(r, 1, 3)}` : roll < 0.15 ? `${base}.post1` : roll < 0.25 ? `${base}+cu121` : base;
    case 'npm':
      return roll < 0.1 ? `${base}-rc.${int(r, 1, 3)}` : base;
    case 'Go':
      return roll < 0.1 ? `v${major}.${minor}.${patch + 1}-0.2024${String(int(r, 1, 12)).padStart(2, '0')}01000000-abcdef123456` : `v${base}`;
    default:
      return roll < 0.2 ? `${base}.Final` : roll < 0.3 ? `${base}-RC${int(r, 1, 2)}` : base;
  }
}

function bound(r: Rand, ecosystem: string): string {
  return version(r, ecosystem === 'Go' ? 'npm' : ecosystem, int(r, 0, 4), int(r, 0, 20), int(r, 0, 10)).replace(/\+.*$/, '');
}

/** One affected entry: a range in one of the shapes advisories use, sometimes with a versions list. */
function entry(r: Rand, ecosystem: string, name: string): OsvAffected {
  const type = ecosystem === 'Go' ? 'SEMVER' : 'ECOSYSTEM';
  const cmp = comparatorFor(ecosystem);
  const [lo, hi] = [bound(r, ecosystem), bound(r, ecosystem)].sort((a, b) => cmp?.compare(a, b) || 0);
  const shape = r();
  const events =
    shape < 0.6 ? [{ fixed: hi as string }, { introduced: '0' }] : shape < 0.75 ? [{ introduced: lo as string }, { fixed: hi as string }] : shape < 0.9 ? [{ introduced: '0' }, { last_affected: hi as string }] : [{ introduced: lo as string }];
  const ranges: OsvRange[] = [{ type, events }];
  const affected: OsvAffected = { package: { ecosystem, name }, ranges };
  if (ecosystem === 'PyPI' && r() < 0.3) {
    ranges.unshift({ type: 'GIT', repo: 'https://github.com/example/repo', events: [{ introduced: '0' }, { fixed: 'a'.repeat(40) }] });
    affected.versions = Array.from({ length: int(r, 5, 25) }, () => `${int(r, 0, 4)}.${int(r, 0, 20)}.${int(r, 0, 10)}`);
  }
  return affected;
}

export function buildComponents(packages: number, entriesPerPackage: number, seed = 20261101): Component[] {
  const r = prng(seed);
  return Array.from({ length: packages }, (_, i) => {
    const ecosystem = pick(r, ECOSYSTEMS);
    const name = `pkg-${i}`;
    const n = Math.max(1, entriesPerPackage + int(r, -2, 2));
    // Entries go through JSON as the store's rows do, so their strings have the shape matching meets.
    const entries = Array.from({ length: n }, () => JSON.parse(JSON.stringify(entry(r, ecosystem, name))) as OsvAffected);
    return { ecosystem, version: version(r, ecosystem, int(r, 0, 4), int(r, 0, 20), int(r, 0, 10)), entries };
  });
}

/** Times `versionAffected` over every (component, entry) pair and prints the figure. */
export function benchMatch(packages = 5_000, entriesPerPackage = 10): MatchBenchResult {
  const components = buildComponents(packages, entriesPerPackage);
  const entries = components.reduce((n, c) => n + c.entries.length, 0);
  let matches = 0;
  gc();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (const c of components) {
    for (const e of c.entries) if (versionAffected(c.ecosystem, e, c.version)) matches++;
  }
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const verdict = ms < MATCH_TARGET_MS ? 'met' : 'MISSED';
  console.log(
    `advisory match: ${packages.toLocaleString('en')} components × ${entries.toLocaleString('en')} entries in ${ms.toFixed(1)} ms wall, ${cpuMs.toFixed(1)} ms CPU (${matches.toLocaleString('en')} affected; target < ${MATCH_TARGET_MS} ms: ${verdict})`,
  );
  return { components: packages, entries, matches, ms, cpuMs };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [packages, perPackage] = process.argv.slice(2).map(Number);
  benchMatch(packages || undefined, perPackage || undefined);
}
