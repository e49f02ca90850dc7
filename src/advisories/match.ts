/**
 * Is a component affected by an OSV `affected` entry? The OSV event walk
 * (https://ossf.github.io/osv-schema/#evaluation), done with each ecosystem's own version order:
 *
 * - events are sorted in that order with `introduced: "0"` first, then walked: `introduced` opens
 *   an affected span, `fixed` closes it (exclusive), `last_affected` closes it (inclusive), and a
 *   span still open at the end runs to infinity; `limit` only matters for GIT ranges;
 * - GIT and unknown range types are skipped and the walk goes on with the next range (PYSEC
 *   records list a GIT range first; stopping there, as osv-scalibr does, loses their ECOSYSTEM
 *   range); a range whose events do not parse in the ecosystem's order is skipped too;
 * - the explicit `versions[]` are checked first, compared as parsed versions (PyPI `2022.12.07`
 *   is `2022.12.7`);
 * - never `satisfies`-style specifier semantics: `2.6.0rc1` is below `fixed: 2.6.0`, so affected.
 *
 * A component known only by a declared requirement (`>=2.0,<2.7`) is "possibly affected" when the
 * requirement admits at least one affected version: both become interval sets and are intersected.
 * Withdrawn advisories are the caller's to drop (the store keeps them, flagged; see isWithdrawn).
 */
import { HF_ECOSYSTEM, type OsvAffected } from './osv.js';
import { comparatorFor, contains, overlaps, semverComparator, type Comparator, type Interval } from './versions/index.js';

export type MatchConfidence = 'exact' | 'range'; // exact: a resolved version; range: only a declared range/spec

export interface AffectedMatch {
  affected: true;
  confidence: MatchConfidence;
  fixed?: string;
  lastAffected?: string;
  introduced?: string;
  /** Human-readable: `torch 2.4.0+cu121 is in [0, 2.6.0)`. */
  why: string;
}

/** One affected span of a range, with the event strings it came from (for messages and fixes). */
interface Span extends Interval<unknown> {
  introduced: string;
  fixed?: string;
  lastAffected?: string;
}

type EventKind = 'introduced' | 'fixed' | 'last_affected';

interface SortedEvent {
  kind: EventKind;
  raw: string;
  /** undefined for `introduced: "0"`, which sorts before everything. */
  key: unknown;
}

const EVENT_KINDS: readonly EventKind[] = ['introduced', 'fixed', 'last_affected'];

/** A range's spans in one comparator's order; undefined spans: its events do not parse there. */
interface Prepared {
  cmp: Comparator;
  spans: Span[] | undefined;
}

// Spans per range object: a range is sorted and parsed once however many components are matched
// against it. One comparator per range is kept (a range only ever meets its own ecosystem's).
// Entries are taken as immutable once matched: the store hands out a fresh object per row.
const preparedCache = new WeakMap<object, Prepared>();

const NONE: readonly never[] = [];

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

const HF_LOWER = HF_ECOSYSTEM.toLowerCase();

function isHuggingFace(ecosystem: string): boolean {
  return ecosystem === HF_ECOSYSTEM || (typeof ecosystem === 'string' && ecosystem.trim().toLowerCase() === HF_LOWER);
}

/** The array itself, or an empty one: entries from the store are read as they are, never copied. */
function listOf(x: unknown): readonly unknown[] {
  return Array.isArray(x) ? x : NONE;
}

function hasAny(list: readonly unknown[], test: (x: unknown) => boolean): boolean {
  for (const x of list) if (test(x)) return true;
  return false;
}

const isString = (x: unknown): x is string => typeof x === 'string';

function packageName(affected: OsvAffected): string {
  const name = isObject(affected.package) ? affected.package.name : undefined;
  return typeof name === 'string' && name !== '' ? name : 'the package';
}

/** ECOSYSTEM ranges use the ecosystem's order; SEMVER ranges are SemVer 2.0 whatever the ecosystem. */
function rangeComparator(ecosystemCmp: Comparator, range: Record<string, unknown>): Comparator | undefined {
  const type = typeof range.type === 'string' ? range.type.toUpperCase() : '';
  if (type === 'ECOSYSTEM') return ecosystemCmp;
  if (type === 'SEMVER') return semverComparator;
  return undefined;
}

/** `introduced: "0"` first, then by version; on equal versions introduced first, so `introduced: X, fixed: X` stays empty. */
function eventOrder(cmp: Comparator, a: SortedEvent, b: SortedEvent): number {
  if (a.key === undefined || b.key === undefined) return (a.key === undefined ? -1 : 0) - (b.key === undefined ? -1 : 0);
  return cmp.compareParsed(a.key, b.key) || (a.kind === 'introduced' ? 0 : 1) - (b.kind === 'introduced' ? 0 : 1);
}

function sortEvents(range: Record<string, unknown>, cmp: Comparator): SortedEvent[] | undefined {
  const events: SortedEvent[] = [];
  for (const ev of listOf(range.events)) {
    if (!isObject(ev)) continue;
    for (const kind of EVENT_KINDS) {
      const raw = ev[kind];
      if (typeof raw !== 'string') continue;
      const isZero = kind === 'introduced' && raw === '0';
      const key = isZero ? undefined : cmp.parse(raw);
      if (key === undefined && !isZero) return undefined;
      events.push({ kind, raw, key });
    }
  }
  // Most feeds already list events in order; sorting is then skipped.
  for (let i = 1; i < events.length; i++) {
    if (eventOrder(cmp, events[i - 1] as SortedEvent, events[i] as SortedEvent) > 0) return events.sort((a, b) => eventOrder(cmp, a, b));
  }
  return events;
}

function openSpan(from: SortedEvent): Span {
  const span: Span = { introduced: from.raw };
  if (from.key !== undefined) span.lo = { key: from.key, inclusive: true };
  return span;
}

/** The walk: introduced opens a span (a second one while open changes nothing), fixed / last_affected close it. */
function walk(events: SortedEvent[]): Span[] {
  const spans: Span[] = [];
  let open: Span | undefined;
  for (const e of events) {
    if (e.kind === 'introduced') {
      open ??= openSpan(e);
    } else if (open) {
      open.hi = { key: e.key, inclusive: e.kind === 'last_affected' };
      if (e.kind === 'fixed') open.fixed = e.raw;
      else open.lastAffected = e.raw;
      spans.push(open);
      open = undefined;
    }
  }
  if (open) spans.push(open);
  return spans;
}

/** The spans of one range in its comparator's order; undefined for GIT, unknown or unparsable ranges. */
function prepare(ecosystemCmp: Comparator, range: unknown): Prepared | undefined {
  if (!isObject(range)) return undefined;
  const cmp = rangeComparator(ecosystemCmp, range);
  if (!cmp) return undefined;
  const hit = preparedCache.get(range);
  if (hit?.cmp === cmp) return hit;
  const events = sortEvents(range, cmp);
  const prepared = { cmp, spans: events ? walk(events) : undefined };
  preparedCache.set(range, prepared);
  return prepared;
}

function showSpan(s: Span): string {
  if (s.fixed !== undefined) return `[${s.introduced}, ${s.fixed})`;
  if (s.lastAffected !== undefined) return `[${s.introduced}, ${s.lastAffected}]`;
  return `[${s.introduced}, ∞) (no fix)`;
}

function result(confidence: MatchConfidence, why: string, span?: Span): AffectedMatch {
  const m: AffectedMatch = { affected: true, confidence, why };
  if (span?.fixed !== undefined) m.fixed = span.fixed;
  if (span?.lastAffected !== undefined) m.lastAffected = span.lastAffected;
  if (span) m.introduced = span.introduced;
  return m;
}

/** The first listed version equal to `version` in the ecosystem's order (exact strings without one). */
function listedAs(cmp: Comparator | undefined, versions: readonly unknown[], version: string): string | undefined {
  const key = cmp?.parse(version);
  for (const listed of versions) {
    if (typeof listed !== 'string') continue;
    if (listed === version) return listed;
    if (cmp && key !== undefined) {
      const k = cmp.parse(listed);
      if (k !== undefined && cmp.compareParsed(k, key) === 0) return listed;
    }
  }
  return undefined;
}

/** The first span holding `version`, each range read in its own order (a SEMVER range in any ecosystem). */
function spanHolding(cmp: Comparator, ranges: readonly unknown[], version: string): Span | undefined {
  let lastCmp: Comparator | undefined;
  let key: unknown;
  for (const range of ranges) {
    const p = prepare(cmp, range);
    if (!p?.spans) continue;
    if (p.cmp !== lastCmp) {
      lastCmp = p.cmp;
      key = p.cmp.parse(version);
    }
    if (key === undefined) continue;
    for (const span of p.spans) if (contains(p.cmp.compareParsed, span, key)) return span;
  }
  return undefined;
}

/** PyPI local labels do not take part in matching; say so when one was dropped. */
function localNote(cmp: Comparator, version: string): string {
  const local = cmp.family === 'pep440' ? /\+(.+)$/.exec(version)?.[1] : undefined;
  return local ? ` (local label +${local} ignored: advisories name public versions)` : '';
}

const SHA = /^[0-9a-f]{40}$/i;

/** An entry with neither versions nor ranges: every revision for Hugging Face, nothing elsewhere. */
function isEmptyEntry(affected: OsvAffected): boolean {
  return !hasAny(listOf(affected.versions), isString) && !hasAny(listOf(affected.ranges), isObject);
}

/** Spans of an entry's ranges that can meet `cmp`'s parsed versions (same family), in order. */
function familySpans(cmp: Comparator, ranges: readonly unknown[]): Span[] {
  const out: Span[] = [];
  for (const range of ranges) {
    const p = prepare(cmp, range);
    if (p?.spans && p.cmp.family === cmp.family) out.push(...p.spans);
  }
  return out;
}

/**
 * Hugging Face models (Lantern's own feed): versions are commit shas, compared without regard to
 * case; an entry with neither versions nor ranges covers every revision. A reference that is not
 * a full sha (a branch, a tag, nothing) could be any revision, so it is possibly affected.
 */
function hfAffected(affected: OsvAffected, revision: string | undefined): AffectedMatch | undefined {
  const name = packageName(affected);
  const shas = listOf(affected.versions).filter(isString);
  const every = isEmptyEntry(affected);
  const rev = typeof revision === 'string' ? revision.trim() : '';
  if (!SHA.test(rev)) {
    const pinned = rev === '' ? 'is not pinned' : `'${rev}' is not a commit sha`;
    const scope = every ? 'every revision is affected' : shas.length > 0 ? `${shas.length} revision(s) are affected` : 'some revisions are affected';
    return result('range', `${name}: the revision ${pinned}, and ${scope}`);
  }
  if (every) return result('exact', `every revision of ${name} is affected (pinned ${rev})`);
  const lower = rev.toLowerCase();
  if (shas.some((v) => v.toLowerCase() === lower)) return result('exact', `${name} revision ${rev} is listed as affected`);
  return undefined;
}

/**
 * Is this exact version affected by this OSV affected entry? A missing or empty version counts as
 * affected (as osv-scalibr does), with confidence 'range' and a `why` that says so. An entry with
 * neither ranges nor versions affects nothing (Hugging Face aside). Never throws.
 */
export function versionAffected(ecosystem: string, affected: OsvAffected, version: string | undefined): AffectedMatch | undefined {
  if (!isObject(affected)) return undefined;
  if (isHuggingFace(ecosystem)) return hfAffected(affected, version);
  if (isEmptyEntry(affected)) return undefined;
  const name = packageName(affected);
  const v = typeof version === 'string' ? version.trim() : '';
  if (v === '') return result('range', `${name}: no resolved version, so treated as affected (as osv-scalibr does)`);
  const cmp = comparatorFor(ecosystem);
  const listed = listedAs(cmp, listOf(affected.versions), v);
  const span = cmp ? spanHolding(cmp, listOf(affected.ranges), v) : undefined;
  if (listed !== undefined) {
    const as = listed === v ? '' : ` (as ${listed})`;
    const note = cmp ? '' : `; ${ecosystem} has no version order in Lantern, so only exact versions are compared, never ranges`;
    return result('exact', `${name} ${v} is listed in the advisory's affected versions${as}${note}`, span);
  }
  if (cmp && span) return result('exact', `${name} ${v} is in ${showSpan(span)}${localNote(cmp, v)}`, span);
  return undefined;
}

/**
 * A component known only by a declared requirement (`>=2.0,<2.7`, `^1.2.0`, `~=4.38`,
 * `[1.0,2.0)`): possibly affected, with confidence 'range', when the requirement admits at least
 * one affected version. The grammar is the ecosystem's (PEP 440 and Poetry for PyPI, node-semver
 * for npm, Cargo for crates.io, Maven ranges, a bare version for Go,
 * NuGet ranges and floating versions, Gem::Requirement, Composer constraints, pub_semver constraints
 * for Pub, and npm ranges for SwiftURL, as the Package.swift reader writes them); an empty requirement admits
 * every version. A requirement outside the grammar gives no match. For Hugging Face a full commit
 * sha is a pin and is matched exactly.
 */
export function rangeAffected(ecosystem: string, affected: OsvAffected, declared: string): AffectedMatch | undefined {
  if (!isObject(affected)) return undefined;
  const spec = typeof declared === 'string' ? declared.trim() : '';
  if (isHuggingFace(ecosystem)) return hfAffected(affected, spec);
  if (isEmptyEntry(affected)) return undefined;
  const name = packageName(affected);
  const versions = listOf(affected.versions).filter(isString);
  const ranges = listOf(affected.ranges);
  const shown = spec === '' ? '(any version)' : spec;
  const cmp = comparatorFor(ecosystem);
  if (!cmp) {
    return spec !== '' && versions.includes(spec)
      ? result('range', `${name} ${spec} is listed in the advisory's affected versions; ${ecosystem} has no version order in Lantern, so ranges are not evaluated`)
      : undefined;
  }
  const admitted = cmp.declared?.(spec);
  if (!admitted || admitted.length === 0) return undefined;
  for (const listed of versions) {
    const key = cmp.parse(listed);
    if (key !== undefined && admitted.some((a) => contains(cmp.compareParsed, a, key))) {
      return result('range', `${name} ${shown} admits ${listed}, listed in the advisory's affected versions`, spanHolding(cmp, ranges, listed));
    }
  }
  for (const span of familySpans(cmp, ranges)) {
    if (admitted.some((a) => overlaps(cmp.compareParsed, a, span))) {
      return result('range', `${name} ${shown} admits affected versions in ${showSpan(span)}`, span);
    }
  }
  return undefined;
}

/**
 * The smallest `fixed` version above `version` that none of the entries affects: the upgrade to
 * recommend. Undefined when the version does not parse, when nothing is fixed above it, or when
 * every candidate is still affected by some entry (a `last_affected` or open-ended range with no
 * fix, which must never be dressed up as fixed).
 */
export function fixedVersionFor(ecosystem: string, affected: OsvAffected[], version: string): string | undefined {
  const cmp = comparatorFor(ecosystem);
  if (!cmp || !Array.isArray(affected) || typeof version !== 'string') return undefined;
  const v = cmp.parse(version);
  if (v === undefined) return undefined;
  const candidates: { raw: string; key: unknown }[] = [];
  for (const entry of affected) {
    if (!isObject(entry)) continue;
    for (const span of familySpans(cmp, listOf(entry.ranges))) {
      if (span.fixed !== undefined && span.hi && cmp.compareParsed(span.hi.key, v) > 0) candidates.push({ raw: span.fixed, key: span.hi.key });
    }
  }
  candidates.sort((a, b) => cmp.compareParsed(a.key, b.key));
  return candidates.find((c) => affected.every((e) => versionAffected(ecosystem, e, c.raw) === undefined))?.raw;
}

/**
 * For a declared range (no exact version): the lowest version from which every version the range
 * admits is unaffected, the floor to raise the range to. It is the highest `fixed` of the spans
 * the range overlaps; undefined when one of those spans has no fix (open-ended, or ending at a
 * `last_affected`), when an affected version listed outright is above it, when the floor itself
 * is still affected by some entry, or when the range or ecosystem cannot be read.
 */
export function fixedFloorForRange(ecosystem: string, affected: OsvAffected[], declared: string): string | undefined {
  const cmp = comparatorFor(ecosystem);
  if (!cmp || !Array.isArray(affected) || typeof declared !== 'string') return undefined;
  const admitted = cmp.declared?.(declared.trim());
  if (!admitted || admitted.length === 0) return undefined;
  let floor: { raw: string; key: unknown } | undefined;
  for (const entry of affected) {
    if (!isObject(entry)) continue;
    for (const span of familySpans(cmp, listOf(entry.ranges))) {
      if (!admitted.some((a) => overlaps(cmp.compareParsed, a, span))) continue;
      if (span.fixed === undefined || !span.hi) return undefined;
      if (!floor || cmp.compareParsed(span.hi.key, floor.key) > 0) floor = { raw: span.fixed, key: span.hi.key };
    }
  }
  if (!floor) return undefined;
  const top = floor;
  for (const entry of affected) {
    if (!isObject(entry)) continue;
    for (const listed of listOf(entry.versions).filter(isString)) {
      const key = cmp.parse(listed);
      if (key !== undefined && cmp.compareParsed(key, top.key) >= 0 && admitted.some((a) => contains(cmp.compareParsed, a, key))) return undefined;
    }
  }
  return affected.every((e) => versionAffected(ecosystem, e, top.raw) === undefined) ? top.raw : undefined;
}

/**
 * Is the advisory withdrawn as of `now`? A `withdrawn` time that does not parse still counts (the
 * field's presence is the signal); only a parseable time in the future does not, yet.
 */
export function isWithdrawn(record: { withdrawn?: string }, now: Date = new Date()): boolean {
  const w = isObject(record) ? record.withdrawn : undefined;
  if (typeof w !== 'string' || w.trim() === '') return false;
  const t = Date.parse(w);
  return Number.isNaN(t) || t <= now.getTime();
}
