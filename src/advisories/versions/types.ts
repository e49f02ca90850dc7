/**
 * The contract every ecosystem's version ordering fulfils, and the small interval algebra the
 * matcher uses to ask "does this declared range admit an affected version?" without a list of
 * published versions: both sides become sets of intervals in the ecosystem's own order.
 */

/** One end of an interval; `key` is a parsed version of the comparator that built it. */
export interface Bound<T> {
  key: T;
  inclusive: boolean;
}

/** A set of versions between two bounds; a missing bound is unbounded on that side. */
export interface Interval<T> {
  lo?: Bound<T>;
  hi?: Bound<T>;
}

export interface Comparator<T = unknown> {
  /** A stable name, used in messages and as a cache key. */
  readonly name: string;
  /**
   * Comparators of one family share their parsed form and order (npm, crates.io, Go and OSV
   * SEMVER ranges are all SemVer 2.0), so their intervals can be intersected with each other.
   */
  readonly family: string;
  /** The parsed version, or undefined when `v` is not a version of this ecosystem. Never throws. */
  parse(v: string): T | undefined;
  /** Ecosystem order of two parsed versions: negative, zero or positive. */
  compareParsed(a: T, b: T): number;
  /** Ecosystem order of two version strings: -1, 0 or 1; NaN when either is not a valid version. Never throws. */
  compare(a: string, b: string): number;
  valid(v: string): boolean;
  /**
   * The versions a declared requirement admits (`>=2.0,<2.7`, `^1.2.0`, `[1.0,2.0)`), as a union
   * of intervals; undefined when `spec` is not in the ecosystem's requirement grammar.
   */
  declared?(spec: string): Interval<T>[] | undefined;
}

/**
 * Wraps a parser with a bounded cache. Matching re-parses the same few thousand strings (event
 * versions, installed versions) over and over; the cache makes each string cost one parse per
 * run. When full it starts over rather than tracking recency: cheaper, and a scan's working set
 * is far below the cap.
 */
export function memoize<T>(parse: (v: string) => T | undefined, cap = 50_000): (v: string) => T | undefined {
  const cache = new Map<string, T | null>();
  return (v: string) => {
    if (typeof v !== 'string') return undefined;
    const hit = cache.get(v);
    if (hit !== undefined) return hit ?? undefined;
    let parsed: T | undefined;
    try {
      parsed = parse(v);
    } catch {
      parsed = undefined;
    }
    if (cache.size >= cap) cache.clear();
    cache.set(v, parsed ?? null);
    return parsed;
  };
}

/** Builds the string-level `compare` and `valid` of a comparator from its parser. */
export function stringOps<T>(parse: (v: string) => T | undefined, compareParsed: (a: T, b: T) => number): Pick<Comparator<T>, 'compare' | 'valid'> {
  return {
    compare(a: string, b: string): number {
      const pa = parse(a);
      const pb = parse(b);
      return pa === undefined || pb === undefined ? Number.NaN : Math.sign(compareParsed(pa, pb));
    },
    valid: (v: string) => parse(v) !== undefined,
  };
}

/** Is `key` inside the interval? */
export function contains<T>(cmp: (a: T, b: T) => number, iv: Interval<T>, key: T): boolean {
  if (iv.lo) {
    const c = cmp(key, iv.lo.key);
    if (c < 0 || (c === 0 && !iv.lo.inclusive)) return false;
  }
  if (iv.hi) {
    const c = cmp(key, iv.hi.key);
    if (c > 0 || (c === 0 && !iv.hi.inclusive)) return false;
  }
  return true;
}

/**
 * Do two intervals share a version? Version orders are treated as dense: an open interval
 * between two different versions is taken to hold one (true of every real pair met in advisories).
 */
export function overlaps<T>(cmp: (a: T, b: T) => number, a: Interval<T>, b: Interval<T>): boolean {
  const lo = higherLow(cmp, a.lo, b.lo);
  const hi = lowerHigh(cmp, a.hi, b.hi);
  if (!lo || !hi) return true;
  const c = cmp(lo.key, hi.key);
  return c < 0 || (c === 0 && lo.inclusive && hi.inclusive);
}

function higherLow<T>(cmp: (a: T, b: T) => number, a?: Bound<T>, b?: Bound<T>): Bound<T> | undefined {
  if (!a) return b;
  if (!b) return a;
  const c = cmp(a.key, b.key);
  if (c !== 0) return c > 0 ? a : b;
  return a.inclusive ? b : a;
}

function lowerHigh<T>(cmp: (a: T, b: T) => number, a?: Bound<T>, b?: Bound<T>): Bound<T> | undefined {
  if (!a) return b;
  if (!b) return a;
  const c = cmp(a.key, b.key);
  if (c !== 0) return c < 0 ? a : b;
  return a.inclusive ? b : a;
}

/** The intersection of two interval unions (each a list of intervals), pairwise. */
export function intersectAll<T>(cmp: (a: T, b: T) => number, a: Interval<T>[], b: Interval<T>[]): Interval<T>[] {
  const out: Interval<T>[] = [];
  for (const x of a) {
    for (const y of b) {
      if (overlaps(cmp, x, y)) {
        const lo = higherLow(cmp, x.lo, y.lo);
        const hi = lowerHigh(cmp, x.hi, y.hi);
        out.push({ ...(lo ? { lo } : {}), ...(hi ? { hi } : {}) });
      }
    }
  }
  return out;
}

/**
 * The versions one comparison admits: `<`, `<=`, `>`, `>=`, `!=` / `<>`, and anything else (`=`,
 * `==`, no operator) as the version itself. Shared by the requirement grammars that spell
 * comparisons alike (RubyGems, Composer, Pub).
 */
export function comparison<T>(op: string, key: T): Interval<T>[] {
  switch (op) {
    case '<':
      return [iv.below(key)];
    case '<=':
      return [iv.atMost(key)];
    case '>':
      return [iv.above(key)];
    case '>=':
      return [iv.atLeast(key)];
    case '!=':
    case '<>':
      return iv.except(key);
    default:
      return [iv.point(key)];
  }
}

/**
 * One bracketed range in interval notation, the body between the brackets as written:
 * `[1.0,2.0)`, `(,1.0]`, `[1.0,)`, `[1.5]` (Maven's and NuGet's ranges). `parseLo` reads the lower
 * bound (NuGet lets it float). `(,)` is every version; a single version needs `[ ]`.
 */
export function bracketInterval<T>(open: string, body: string, close: string, parse: (v: string) => T | undefined, parseLo = parse): Interval<T> | undefined {
  const parts = body.split(',').map((p) => p.trim());
  if (parts.length === 1) {
    const k = parse(parts[0] ?? '');
    return open === '[' && close === ']' && k ? iv.point(k) : undefined;
  }
  if (parts.length !== 2) return undefined;
  const [lo, hi] = parts as [string, string];
  const out: Interval<T> = {};
  if (lo !== '') {
    const k = parseLo(lo);
    if (!k) return undefined;
    out.lo = { key: k, inclusive: open === '[' };
  }
  if (hi !== '') {
    const k = parse(hi);
    if (!k) return undefined;
    out.hi = { key: k, inclusive: close === ']' };
  }
  return out;
}

/** Interval shorthands used by the requirement grammars. */
export const iv = {
  point: <T>(key: T): Interval<T> => ({ lo: { key, inclusive: true }, hi: { key, inclusive: true } }),
  atLeast: <T>(key: T): Interval<T> => ({ lo: { key, inclusive: true } }),
  above: <T>(key: T): Interval<T> => ({ lo: { key, inclusive: false } }),
  atMost: <T>(key: T): Interval<T> => ({ hi: { key, inclusive: true } }),
  below: <T>(key: T): Interval<T> => ({ hi: { key, inclusive: false } }),
  any: <T>(): Interval<T> => ({}),
  /** Everything except one version: the two open sides of it. */
  except: <T>(key: T): Interval<T>[] => [{ hi: { key, inclusive: false } }, { lo: { key, inclusive: false } }],
};
