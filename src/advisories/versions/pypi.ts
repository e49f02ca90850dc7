/**
 * PyPI versions and requirements, ordered as PEP 440 orders them
 * (https://packaging.python.org/en/latest/specifications/version-specifiers/).
 *
 * Versions are parsed here rather than through @renovatebot/pep440's `compare`, for two reasons:
 * matching compares the same strings thousands of times (the library re-parses on every call),
 * and the library turns release numbers into JS numbers, which loses precision past 2^53; here
 * every number is a bigint. The library's grammar is still the judge of what a specifier is
 * (`validRange`, `RANGE_PATTERN`), and the tests hold this ordering to the library's on public
 * versions.
 *
 * Local version labels (`2.4.0+cu121`) take no part in the order: advisories name public versions,
 * and a torch build for CUDA 12.1 carries the same code as the release it was built from. PEP 440
 * itself sorts `2.4.0+cu121` after `2.4.0`, which would make `last_affected: 2.4.0` miss it.
 */
import pep440 from '@renovatebot/pep440';
import { intersectAll, iv, memoize, stringOps, type Comparator, type Interval } from './types.js';

/** Parsed PEP 440 version; the fields are the PEP's sort key. */
export interface Pep440Key {
  epoch: bigint;
  /** As written (`2.0` stays `[2n, 0n]`); the order pads with zeros, so `2.0` equals `2`. */
  release: bigint[];
  /** -1: a dev release of the final version (sorts before its pre-releases); 0 a, 1 b, 2 rc; 3 none. */
  preKind: number;
  pre: bigint;
  /** -Infinity: no post release; +Infinity only in the synthetic "after every post release" bound. */
  post: bigint | number;
  /** +Infinity: not a dev release; -Infinity only in the synthetic "before every dev release" bound. */
  dev: bigint | number;
  /** The local label, for messages only. */
  local?: string;
}

const MAX_LEN = 256;

// The PEP 440 grammar with its permitted spellings (`1.0-RC.1`, `1.0_post2`, `v1.0`, `1.0-1`).
const VERSION_RE =
  /^\s*v?(?:(\d+)!)?(\d+(?:\.\d+)*)(?:[-_.]?(alpha|a|beta|b|preview|pre|c|rc)[-_.]?(\d+)?)?(?:-(\d+)|[-_.]?(post|rev|r)[-_.]?(\d+)?)?(?:[-_.]?(dev)[-_.]?(\d+)?)?(?:\+([a-z0-9]+(?:[-_.][a-z0-9]+)*))?\s*$/i;

const PRE_KIND: Record<string, number> = { a: 0, alpha: 0, b: 1, beta: 1, c: 2, rc: 2, pre: 2, preview: 2 };

function parsePep440(v: string): Pep440Key | undefined {
  if (v.length > MAX_LEN) return undefined;
  const m = VERSION_RE.exec(v);
  if (!m) return undefined;
  const [, epoch, release, preL, preN, postImplicit, postL, postN, devL, devN, local] = m;
  const hasPost = postImplicit !== undefined || postL !== undefined;
  const hasDev = devL !== undefined;
  let preKind = 3;
  if (preL !== undefined) preKind = PRE_KIND[preL.toLowerCase()] ?? 3;
  else if (hasDev && !hasPost) preKind = -1;
  return {
    epoch: BigInt(epoch ?? 0),
    release: (release ?? '0').split('.').map(BigInt),
    preKind,
    pre: BigInt(preN ?? 0),
    post: hasPost ? BigInt(postImplicit ?? postN ?? 0) : -Infinity,
    dev: hasDev ? BigInt(devN ?? 0) : Infinity,
    ...(local ? { local: local.toLowerCase() } : {}),
  };
}

/** Three-way compare that also orders bigints against ±Infinity. */
function cmpNum(a: bigint | number, b: bigint | number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareRelease(a: bigint[], b: bigint[]): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = cmpNum(a[i] ?? 0n, b[i] ?? 0n);
    if (c !== 0) return c;
  }
  return 0;
}

function comparePep440(a: Pep440Key, b: Pep440Key): number {
  return (
    cmpNum(a.epoch, b.epoch) ||
    compareRelease(a.release, b.release) ||
    cmpNum(a.preKind, b.preKind) ||
    cmpNum(a.pre, b.pre) ||
    cmpNum(a.post, b.post) ||
    cmpNum(a.dev, b.dev)
  );
}

const parse = memoize(parsePep440);

/** Below every version of this release (its dev releases included). */
function floorOf(epoch: bigint, release: bigint[]): Pep440Key {
  return { epoch, release, preKind: -1, pre: 0n, post: -Infinity, dev: -Infinity };
}

/** Above every version of this release (its post releases included). */
function ceilingOf(epoch: bigint, release: bigint[]): Pep440Key {
  return { epoch, release, preKind: 3, pre: 0n, post: Infinity, dev: Infinity };
}

/** The final release itself: no pre, post or dev part. */
function finalOf(epoch: bigint, release: bigint[]): Pep440Key {
  return { epoch, release, preKind: 3, pre: 0n, post: -Infinity, dev: Infinity };
}

function isPrerelease(k: Pep440Key): boolean {
  return k.preKind !== 3 || k.dev !== Infinity;
}

function bumpLast(release: bigint[]): bigint[] {
  const out = release.slice();
  out[out.length - 1] = (out[out.length - 1] ?? 0n) + 1n;
  return out;
}

/** Every version whose release starts with `prefix` (`==2.4.*`): PEP 440 pads the shorter with zeros. */
function prefixInterval(epoch: bigint, prefix: bigint[]): Interval<Pep440Key> {
  return { lo: { key: floorOf(epoch, prefix), inclusive: true }, hi: { key: floorOf(epoch, bumpLast(prefix)), inclusive: false } };
}

/**
 * `<V`: PEP 440 never lets it admit a pre-release of V's own release unless V is one (so `<2.6.0`
 * stops before `2.6.0rc1`), and the library's `satisfies` is why matching never uses specifiers
 * for advisories. For a post release V the admitted set has a gap: below the release's dev and
 * pre releases, then from the final release up to V.
 */
function lessThan(k: Pep440Key): Interval<Pep440Key>[] {
  if (isPrerelease(k)) return [iv.below(k)];
  const floor = iv.below(floorOf(k.epoch, k.release));
  if (k.post === -Infinity) return [floor];
  return [floor, { lo: { key: finalOf(k.epoch, k.release), inclusive: true }, hi: { key: k, inclusive: false } }];
}

/**
 * `>V`: never admits a post release of V unless V is one, so `>2.5` starts at the next release.
 * For a pre-release V the post releases of its final release are admitted here though PEP 440
 * excludes them: a slightly wider set, which only ever errs toward "possibly affected".
 */
function greaterThan(k: Pep440Key): Interval<Pep440Key>[] {
  if (k.post !== -Infinity || isPrerelease(k)) return [iv.above(k)];
  return [iv.above(ceilingOf(k.epoch, k.release))];
}

/** Poetry's `^` and `~` (pyproject.toml under [tool.poetry]), rewritten as PEP 440 clauses. */
function poetryClause(clause: string): string | undefined {
  const m = /^(\^|~(?!=))\s*(\d+(?:\.\d+)*)$/.exec(clause);
  if (!m) return undefined;
  const parts = (m[2] ?? '').split('.').map(Number);
  let upper: number[];
  if (m[1] === '~') upper = parts.length === 1 ? [parts[0]! + 1] : [parts[0]!, parts[1]! + 1];
  else {
    const firstNonZero = parts.findIndex((p) => p !== 0);
    const at = firstNonZero === -1 ? Math.max(parts.length - 1, 0) : firstNonZero;
    upper = parts.slice(0, at + 1);
    upper[at] = upper[at]! + 1;
  }
  return `>=${m[2]},<${upper.join('.')}`;
}

const CLAUSE_RE = new RegExp(`^${pep440.RANGE_PATTERN}$`, 'i');

function clauseIntervals(clause: string): Interval<Pep440Key>[] | undefined {
  const m = CLAUSE_RE.exec(clause);
  const op = m?.groups?.operator;
  const text = m?.groups?.version ?? m?.groups?.legacy;
  if (!op || text === undefined) return undefined;
  const k = parse(text);
  if (!k) return undefined;
  if (m?.groups?.prefix) {
    const inside = prefixInterval(k.epoch, k.release);
    return op === '!=' ? [{ hi: { ...inside.lo!, inclusive: false } }, { lo: { ...inside.hi!, inclusive: true } }] : [inside];
  }
  switch (op) {
    case '==':
    case '===':
      return [iv.point(k)];
    case '!=':
      return iv.except(k);
    case '>=':
      return [iv.atLeast(k)];
    case '<=':
      return [iv.atMost(k)];
    case '<':
      return lessThan(k);
    case '>':
      return greaterThan(k);
    case '~=': {
      const upper = prefixInterval(k.epoch, k.release.slice(0, -1)).hi;
      return [{ lo: { key: k, inclusive: true }, ...(upper ? { hi: upper } : {}) }];
    }
    default:
      return undefined;
  }
}

/**
 * The versions a requirement admits. Pre-releases count as admitted (pip installs them with
 * `--pre`, or when a range holds nothing else), but the exclusive-comparison rules above hold.
 * Accepts PEP 440 specifier sets, `*` or nothing (any version), a bare version (Poetry's exact pin)
 * and Poetry's `^` / `~`.
 */
function declared(spec: string): Interval<Pep440Key>[] | undefined {
  let s = spec.trim();
  if (s.startsWith('(') && s.endsWith(')')) s = s.slice(1, -1).trim();
  if (s === '' || s === '*') return [iv.any()];
  const clauses = s.split(',').map((c) => {
    const t = c.trim();
    return poetryClause(t) ?? (parse(t) ? `==${t}` : t);
  });
  const rewritten = clauses.join(',');
  if (!pep440.validRange(rewritten)) return undefined;
  let admitted: Interval<Pep440Key>[] = [iv.any()];
  for (const clause of rewritten.split(',')) {
    const part = clauseIntervals(clause.trim());
    if (!part) return undefined;
    admitted = intersectAll(comparePep440, admitted, part);
  }
  return admitted;
}

export const pypiComparator: Comparator<Pep440Key> = {
  name: 'PyPI',
  family: 'pep440',
  parse,
  compareParsed: comparePep440,
  ...stringOps(parse, comparePep440),
  declared,
};
