/**
 * NuGet: *.csproj / *.fsproj / *.vbproj, Directory.Packages.props, Directory.Build.props/targets,
 * packages.config, packages.lock.json.
 *
 * MSBuild `Condition`s are decided in two steps. Each file is read alone (readXmlProject): its
 * properties in document order, its items after them, a condition that reads only what the file
 * decides being true or false. One that reads a name the file never sets (a Directory.Build.props
 * switch, Configuration) stays on the declaration (`condition`, and its parts in `msbuild`). Then
 * resolveNugetProperties evaluates each project's sequence once, as MSBuild imports it (the nearest
 * Directory.Build.props at the start, the project, the nearest Directory.Build.targets at the
 * end), and decides those conditions with it: an item's with the final values, a property-pass
 * one (a When, a property definition) with the files before its own, so a .targets value never
 * decides a property condition. A name some file leaves undecided (`WorkspaceRoot.undecided`) or
 * no file sets (the command line, the SDK) keeps the condition undecided.
 */
import type { DeclaredDependency, MsbuildCondition, WorkspaceRoot } from '../types.js';
import { baseName, boundText, Collector, dirName, expandRefs, isRecord, type ManifestResult, str, upFrom } from './common.js';
import { parseJson } from './json.js';
import { evalCondition, type PropertyLookup, type Truth } from './msbuild-condition.js';
import { attr, kidText, parseXml, type XmlElement } from './xml.js';

type Scope = DeclaredDependency['scope'];

/**
 * The version a NuGet version string restores: `[1.2.3]` exactly; a bare `1.2.3` is a minimum in
 * NuGet's grammar, but NuGet restores the lowest version that satisfies it, 1.2.3 (docs/advisories.md).
 * Floating versions and ranges give none.
 */
export function nugetVersion(v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  const t = v.trim();
  const m = /^\[?\s*(\d[\w.+-]*)\s*\]?$/.exec(t);
  if (m === null || t.startsWith('[') !== t.endsWith(']')) return undefined;
  return m[1];
}

/**
 * `$(Name)` references replaced by the properties (case-insensitive, as MSBuild reads them), one
 * level: the values are final, each expanded when it was defined (evaluateProps).
 */
function expandProps(v: string, props: { get(name: string): string | undefined }): string {
  return v.includes('$(') ? expandRefs(v, /\$\(([A-Za-z_][\w.-]*)\)/g, (n) => props.get(n.toLowerCase()), 1) : v;
}

/** A property value longer than this is no version: it is not kept, and `$(Name)` of it stays as written (so expansion stays linear). */
const MAX_PROPERTY_VALUE = 256;

/**
 * MSBuild's property pass over definitions in evaluation order (lower-case name → value as
 * written): each value is expanded with the properties defined before it (a name not defined yet
 * stays as written) and a later definition replaces an earlier one. `unknown`: the names whose
 * value is undecided at the point reached; a definition applied takes its name out, one too long
 * to keep puts it in.
 */
function evaluateProps(defs: Iterable<readonly [string, string]>, into = new Map<string, string>(), conditions?: Record<string, string>, unknown?: Set<string>): Map<string, string> {
  for (const [k, raw] of defs) {
    // A definition whose condition read a name unset in its own file: read again with the values
    // before it (a name still unset reads ''); one that is false now is skipped.
    const cond = conditions !== undefined && Object.hasOwn(conditions, k) ? conditions[k] : undefined;
    if (cond !== undefined && evalCondition(cond, (n) => (into.has(n) ? (into.get(n)!.includes('$(') ? undefined : into.get(n)) : '')) === false) continue;
    const v = expandProps(raw, into);
    if (v.length <= MAX_PROPERTY_VALUE) into.set(k, v);
    else into.delete(k);
    if (v.length <= MAX_PROPERTY_VALUE) unknown?.delete(k);
    else unknown?.add(k);
  }
  return into;
}

function walk(el: XmlElement, visit: (e: XmlElement) => void, depth = 0): void {
  visit(el);
  if (depth < 64) for (const k of el.children) walk(k, visit, depth + 1);
}

/** Conditional alternatives kept per property (and per version that names properties); more are not kept. */
const MAX_ALTERNATIVES = 16;
/** A condition kept as text (DeclaredDependency.condition) is cut to this length. */
const MAX_CONDITION_TEXT = 500;
/** A property-pass condition reading more names its file sets than this is kept without its reads (it is not decided again). */
const MAX_READS = 64;

/** The conditions the files do not decide around an element, as one text: `(a) and (b)`. */
function conditionText(parts: readonly string[]): string {
  const t = parts.length === 1 ? (parts[0] as string) : parts.map((p) => `(${p})`).join(' and ');
  return t.length > MAX_CONDITION_TEXT ? `${t.slice(0, MAX_CONDITION_TEXT)}…` : t;
}

/** The text of conditions kept for resolveNugetProperties, as DeclaredDependency.condition gives it. */
function textOf(parts: readonly MsbuildCondition[]): string {
  return conditionText(parts.map((p) => p.text));
}

/**
 * A default's alternatives (DeclaredDependency.msbuild `unless`), MAX_ALTERNATIVES at most: past
 * them, the default stays as when none is decided. The lists are shared, not copied.
 */
function withAlternatives(unless: readonly (readonly MsbuildCondition[])[], more: readonly (readonly MsbuildCondition[])[]): readonly (readonly MsbuildCondition[])[] {
  return more.length === 0 || unless.length >= MAX_ALTERNATIVES ? unless : [...unless, ...more].slice(0, MAX_ALTERNATIVES);
}

/** How walkConditions decides a condition, and keeps one it does not decide. */
type Decider = { decide: (condition: string, e: XmlElement) => Truth; part: (condition: string, e: XmlElement) => MsbuildCondition };

/**
 * Walks `el` in document order with the MSBuild conditions around each element: an element whose
 * own Condition is false is skipped with everything below it; one the files do not decide adds its
 * part (`d.part`, right after `d.decide` read it) to the conditions its elements are visited with
 * (an alternative). A Choose takes its first When that holds, else its Otherwise; a When the files
 * do not decide is walked with its condition, and the Whens after it and the Otherwise as they
 * would be without it (the default), with the undecided Whens before them in `unless`: were one of
 * those to hold, they would not. Below an element that `leaf` names, nothing is walked (its
 * visitor reads it).
 */
function walkConditions(
  el: XmlElement,
  d: Decider,
  visit: (e: XmlElement, conds: readonly MsbuildCondition[], unless: readonly (readonly MsbuildCondition[])[]) => void,
  leaf: (e: XmlElement) => boolean,
  conds: readonly MsbuildCondition[] = [],
  unless: readonly (readonly MsbuildCondition[])[] = [],
  depth = 0,
): void {
  const name = el.name.toLowerCase();
  const own = name === 'when' ? undefined : attr(el, 'Condition');
  let here = conds;
  if (own !== undefined) {
    const t = d.decide(own, el);
    if (t === false) return;
    if (t === undefined) here = [...conds, d.part(own, el)];
  }
  visit(el, here, unless);
  if (depth >= 64 || leaf(el)) return;
  if (name !== 'choose') {
    for (const k of el.children) walkConditions(k, d, visit, leaf, here, unless, depth + 1);
    return;
  }
  let before = unless;
  for (const k of el.children) {
    const kn = k.name.toLowerCase();
    if (kn === 'otherwise') walkConditions(k, d, visit, leaf, here, before, depth + 1);
    if (kn !== 'when') continue;
    const c = attr(k, 'Condition') ?? '';
    const t = d.decide(c, k);
    if (t === false) continue;
    const p = t === undefined ? d.part(c, k) : undefined;
    walkConditions(k, d, visit, leaf, p === undefined ? here : [...here, p], before, depth + 1);
    if (t === true) return;
    if (p !== undefined && before.length < MAX_ALTERNATIVES) before = [...before, [p]];
  }
}

type Alternative = { value: string; condition: string; parts: readonly MsbuildCondition[] };
/** A property's alternative values, computed when first read; `depth`: how many such lists below it are not computed yet. */
type Alternatives = { get: () => Alternative[]; depth: number };
const MAX_LAZY_DEPTH = 64;

/** The lower-case names of the first 64 distinct `$(Name)` references in `raw`. */
function refsOf(raw: string): Set<string> {
  const out = new Set<string>();
  if (!raw.includes('$(')) return out;
  for (const m of raw.matchAll(/\$\(([A-Za-z_][\w.-]*)\)/g)) {
    if (out.size >= 64) break;
    out.add((m[1] as string).toLowerCase());
  }
  return out;
}

/** `d` with the version an `Update=` gives it, and `condition` (or none) with its parts. */
function updated(d: DeclaredDependency, change: { range: string; version: string | undefined; raw: string | undefined }, condition: string | undefined, msbuild: DeclaredDependency['msbuild']): DeclaredDependency {
  d.range = change.range;
  if (change.version === undefined) delete d.version;
  else d.version = change.version;
  if (change.raw === undefined) delete d.written;
  else d.written = change.raw;
  if (d.central === 'inherits') delete d.central;
  if (condition === undefined) delete d.condition;
  else d.condition = condition;
  if (msbuild === undefined) delete d.msbuild;
  else d.msbuild = msbuild;
  return d;
}

/** What readXmlProject keeps beside the declarations, for the workspace entry of the file. */
type XmlProject = Collector & { defs?: Map<string, string>; unsetConditions?: Map<string, string>; undecided?: Set<string>; written?: boolean; updates?: Map<string, string>; root?: XmlElement };

function readXmlProject(
  path: string,
  text: string,
  elements: Record<string, 'include' | 'id'>,
  scopeOf: (e: XmlElement) => Scope,
  centralOf: (e: XmlElement, written: string | undefined) => DeclaredDependency['central'] = () => undefined,
): XmlProject {
  const c: XmlProject = new Collector(path, 'nuget');
  const x = parseXml(boundText(text, c));
  c.root = x.root;
  for (const e of x.errors.slice(0, 5)) c.warn(`malformed XML: ${e}`);
  // The file's own MSBuild properties (<PropertyGroup><SkVersion>1.20.0</SkVersion>), by the
  // case-insensitive name MSBuild uses, evaluated in document order (MSBuild's property pass) with
  // their conditions: a false condition's definition is skipped, a true one applies, and one the
  // file does not decide (Configuration, a command-line property, one of several TargetFrameworks)
  // leaves the value as it was (the default) and is kept as an alternative value with its
  // condition. `defs`: the definitions that apply, as written, in evaluation order (a name defined
  // again moves to its last definition), for the files evaluated around this one.
  const names = new Set<string>(); // every name the file defines: one not defined yet reads ''
  walk(x.root, (e) => {
    if (e.name.toLowerCase() === 'propertygroup') for (const p of e.children) if (p.children.length === 0) names.add(p.name.toLowerCase());
  });
  const defs = new Map<string, string>();
  const props = new Map<string, string>();
  const uncertain = new Set<string>(); // names whose value the file does not decide at the point reached
  const alts = new Map<string, Alternatives>();
  // The conditions that held only by reading a name not set yet as '' (readUnset): per element of
  // the property pass, and per name whose applying definition was under one (c.unsetConditions).
  let readUnset = false;
  const heldUnset = new Map<XmlElement, string>();
  const unsetConditions = new Map<string, string>();
  /**
   * What the property pass's last condition read of the names the file sets (MsbuildCondition.reads:
   * a value, or null for a name undecided or not set yet there), for resolveNugetProperties to
   * decide it again with the imported files' values of the others; undefined past MAX_READS names.
   */
  let reads: Record<string, string | null> | undefined = {};
  /** A property's value for a condition: undefined when the file does not decide it (a name it never defines may come from the command line, the SDK or an imported file). */
  const lookup = (n: string): string | undefined => {
    const v = uncertain.has(n) ? undefined : props.get(n);
    const known = v === undefined || v.includes('$(') ? undefined : v;
    if (names.has(n) && reads !== undefined && !Object.hasOwn(reads, n)) {
      if (Object.keys(reads).length >= MAX_READS) reads = undefined;
      else reads[n] = known ?? null;
    }
    if (uncertain.has(n) || v !== undefined || !names.has(n)) return known;
    readUnset = true;
    return '';
  };
  /** Evaluates a condition of the property pass, recording its reads. */
  const propertyPass = (cond: string): Truth => {
    reads = {};
    readUnset = false;
    return evalCondition(cond, lookup);
  };
  /** The property pass's last condition as kept (after propertyPass read it). */
  const propertyPart = (cond: string): MsbuildCondition => ({ text: cond.trim(), pass: 'property', ...(reads === undefined ? {} : { reads }) });
  /**
   * The values `raw` takes under the alternatives of the properties it names (one property's
   * alternative at a time), with `values` for the other names.
   */
  const alternativesOf = (raw: string, names: ReadonlySet<string>, values: { get(name: string): string | undefined }, lists: ReadonlyMap<string, Alternatives>): Alternative[] => {
    const out: Alternative[] = [];
    for (const n of names) {
      for (const a of lists.get(n)?.get() ?? []) {
        if (out.length >= MAX_ALTERNATIVES) return out;
        const value = expandProps(raw, { get: (k: string) => (k === n ? a.value : values.get(k)) });
        if (!out.some((o) => o.value === value && o.condition === a.condition)) out.push({ value, condition: a.condition, parts: a.parts });
      }
    }
    return out;
  };
  /**
   * The alternatives of a value `raw` defined now: computed when first read (a version naming the
   * property), from the values and alternatives of the names it reads as they are now; one that
   * would sit MAX_DEPTH deep in such a chain is computed at once, so reading stays shallow.
   */
  const alternativesNow = (raw: string): Alternatives | undefined => {
    const names = refsOf(raw);
    const lists = new Map([...names].flatMap((r) => (alts.has(r) ? [[r, alts.get(r)!] as const] : [])));
    if (lists.size === 0) return undefined;
    const values = new Map([...names].flatMap((r) => (props.has(r) ? [[r, props.get(r)!] as const] : [])));
    let memo: Alternative[] | undefined;
    const depth = 1 + Math.max(...[...lists.values()].map((l) => l.depth));
    const lazy: Alternatives = { get: () => (memo ??= alternativesOf(raw, names, values, lists)), depth };
    if (depth < MAX_LAZY_DEPTH) return lazy;
    const now = lazy.get();
    return { get: () => now, depth: 0 };
  };
  const define = (n: string, raw: string, conds: readonly MsbuildCondition[], unset: string | undefined): void => {
    const value = expandProps(raw, props);
    if (conds.length > 0) {
      uncertain.add(n);
      const prev = alts.get(n)?.get() ?? [];
      const next = prev.length < MAX_ALTERNATIVES && value.length <= MAX_PROPERTY_VALUE ? [...prev, { value, condition: textOf(conds), parts: conds }] : prev;
      alts.set(n, { get: () => next, depth: 0 });
      return;
    }
    defs.delete(n);
    defs.set(n, raw);
    unsetConditions.delete(n);
    if (unset !== undefined) unsetConditions.set(n, unset);
    const derived = alternativesNow(raw);
    if (derived !== undefined) alts.set(n, derived);
    else alts.delete(n);
    const refsUncertain = [...refsOf(raw)].some((r) => uncertain.has(r));
    if (value.length <= MAX_PROPERTY_VALUE) props.set(n, value);
    else props.delete(n);
    if (refsUncertain || value.length > MAX_PROPERTY_VALUE) uncertain.add(n);
    else uncertain.delete(n);
  };
  // When decisions of the property pass, and the parts kept of undecided ones, which the item pass
  // keeps (MSBuild evaluates a Choose once).
  const whens = new Map<XmlElement, Truth>();
  const whenParts = new Map<XmlElement, MsbuildCondition>();
  const itemLike = (e: XmlElement): boolean => e.name.toLowerCase() === 'itemgroup' || elements[e.name.toLowerCase()] !== undefined;
  walkConditions(
    x.root,
    {
      decide: (cond, e) => {
        if (itemLike(e)) return true; // items are evaluated after all properties
        const t = propertyPass(cond);
        if (e.name.toLowerCase() === 'when') whens.set(e, t);
        if (t === true && readUnset) heldUnset.set(e, cond.trim());
        return t;
      },
      part: (cond, e) => {
        const part = propertyPart(cond);
        if (e.name.toLowerCase() === 'when') whenParts.set(e, part);
        return part;
      },
    },
    (e, conds) => {
      if (e.name.toLowerCase() !== 'propertygroup') return;
      for (const p of e.children) {
        if (p.children.length > 0) continue;
        const cond = attr(p, 'Condition');
        readUnset = false;
        const t = cond === undefined ? true : propertyPass(cond);
        if (t === false) continue;
        const unset = [heldUnset.get(e), t === true && readUnset ? (cond as string).trim() : undefined].filter((u) => u !== undefined);
        define(p.name.toLowerCase(), p.text.trim(), t === undefined ? [...conds, propertyPart(cond as string)] : conds, unset.length === 0 ? undefined : unset.length === 1 ? unset[0] : unset.map((u) => `(${u})`).join(' and '));
      }
    },
    (e) => e.name.toLowerCase() === 'propertygroup' || itemLike(e),
  );
  c.defs = defs;
  c.unsetConditions = unsetConditions;
  c.undecided = uncertain;
  reads = undefined; // the item pass records none
  // Update= and Remove= reach the items of their names included before them (MSBuild evaluates
  // items in order), however many: the items, updates and removals are recorded in order, then
  // walked once backwards: an item is removed when a removal of its name comes after it, else it
  // takes the last update of its name after it (the first met backwards). Linear in the file,
  // with no limit per name. An update under a condition the file does not decide gives the items
  // before it an alternative at its version (kept with the condition); such a removal removes
  // nothing (the items stand by default).
  type Update = { keys: string[]; range: string; version: string | undefined; raw: string | undefined; condition?: string; parts?: readonly MsbuildCondition[] };
  const events: Array<DeclaredDependency | Update | { keys: string[]; remove: true; parts?: readonly MsbuildCondition[] }> = [];
  const keyOf = new Map<DeclaredDependency, string>();
  const updates = new Map<string, string>();
  const itemKey = (e: XmlElement, name: string): string => `${e.name.toLowerCase()}\0${name.trim().toLowerCase()}`;
  const versionOf = (written: string | undefined): { range: string | undefined; version: string | undefined; raw: string | undefined } => {
    const range = written === undefined ? undefined : expandProps(written.trim(), props);
    // A version that names properties is evaluated again with the imported files' (resolveNugetProperties).
    const raw = written?.includes('$(') === true ? written.trim() : undefined;
    const version = range !== undefined && !range.includes('$(') ? nugetVersion(range) : undefined;
    return { range, version, raw };
  };
  walkConditions(
    x.root,
    {
      decide: (cond, e) => (e.name.toLowerCase() === 'when' && whens.has(e) ? whens.get(e) : evalCondition(cond, lookup)),
      part: (cond, e) => whenParts.get(e) ?? { text: cond.trim(), pass: 'item' },
    },
    (e, conds, unless) => {
      const kind = elements[e.name.toLowerCase()];
      if (kind === undefined || c.isFull) return;
      const written = attr(e, 'Version') ?? kidText(e, 'Version', true) ?? attr(e, 'VersionOverride') ?? kidText(e, 'VersionOverride', true);
      const { range, version, raw } = versionOf(written);
      const condition = conds.length > 0 ? textOf(conds) : undefined;
      const remove = kind === 'include' && attr(e, 'Include') === undefined ? attr(e, 'Remove') : undefined;
      if (remove !== undefined) {
        // `Remove="X"` takes out the X items included before it (evaluation order; a later Include
        // stands): they are no dependency of the project. An undecided one removes nothing, unless
        // resolveNugetProperties finds it holds.
        events.push({ keys: remove.split(';').map((n) => itemKey(e, n)), remove: true, ...(condition === undefined ? {} : { parts: conds }) });
        return;
      }
      const update = kind === 'include' ? attr(e, 'Update') : undefined;
      if (update !== undefined && attr(e, 'Include') === undefined) {
        // `Update="X"` declares nothing: MSBuild changes the X items included before it (in
        // evaluation order; a later Include is not touched), whose version it then gives.
        if (range !== undefined) {
          events.push({ keys: update.split(';').map((n) => itemKey(e, n)), range, version, raw, ...(condition === undefined ? {} : { condition, parts: conds }) });
          // For the items of other files before this one (a Directory.Build.targets' Update= reaches the project's): the last per name, as written.
          if (condition === undefined) {
            for (const n of update.split(';')) {
              if (n.trim() === '' || e.name.toLowerCase() !== 'packagereference') continue;
              updates.delete(n.trim().toLowerCase());
              updates.set(n.trim().toLowerCase(), written!.trim());
            }
          }
        }
        return;
      }
      const name = kind === 'id' ? attr(e, 'id') : attr(e, 'Include');
      if (name === undefined || name.trim() === '') return;
      const add = (v: { range: string | undefined; version: string | undefined; raw: string | undefined }, cond: string | undefined, parts: readonly MsbuildCondition[], others: readonly (readonly MsbuildCondition[])[]): void => {
        const n = c.deps.length;
        const msbuild = parts.length === 0 && others.length === 0 ? undefined : { when: parts, ...(others.length === 0 ? {} : { unless: others }) };
        c.add({ name: name.trim(), range: v.range, version: v.version, line: e.line, scope: scopeOf(e), central: centralOf(e, v.range), ...(v.raw === undefined ? {} : { written: v.raw }), ...(cond === undefined ? {} : { condition: cond }), ...(msbuild === undefined ? {} : { msbuild }) });
        const added = c.deps[n];
        if (added !== undefined) {
          keyOf.set(added, itemKey(e, name));
          events.push(added);
        }
      };
      // A version that names a property the file sets under a condition it does not decide: one
      // more declaration per alternative value, with its condition; the default holds unless one of them does.
      const alternatives = written === undefined ? [] : (alternativesNow(written.trim())?.get() ?? []);
      add({ range, version, raw }, condition, conds, withAlternatives(unless, alternatives.map((a) => a.parts)));
      for (const a of alternatives) add(versionOf(a.value), conditionText([...conds.map((p) => p.text), a.condition]), [...conds, ...a.parts], unless);
    },
    (e) => e.name.toLowerCase() === 'propertygroup',
  );
  const removed = new Set<DeclaredDependency>();
  const gone = new Set<string>(); // item keys removed after the point reached
  const last = new Map<string, Update>(); // item key → its last update after the point reached
  const maybe = new Map<string, Update[]>(); // item key → the conditional updates after the point reached and after its last update
  const maybeGone = new Map<string, Array<readonly MsbuildCondition[]>>(); // item key → the conditions of the undecided removals after the point reached
  const extra: DeclaredDependency[] = [];
  for (let i = events.length - 1; i >= 0; i--) {
    const ev = events[i]!;
    if ('remove' in ev) {
      for (const k of ev.keys) {
        if (ev.parts === undefined) gone.add(k);
        else {
          const list = maybeGone.get(k) ?? [];
          if (list.length < MAX_ALTERNATIVES) list.push(ev.parts);
          maybeGone.set(k, list);
        }
      }
      continue;
    }
    if ('keys' in ev) {
      for (const k of ev.keys) {
        if (last.has(k)) continue;
        if (ev.condition === undefined) last.set(k, ev);
        else {
          const list = maybe.get(k) ?? [];
          if (list.length < MAX_ALTERNATIVES) list.push(ev);
          maybe.set(k, list);
        }
      }
      continue;
    }
    const key = keyOf.get(ev)!;
    if (gone.has(key)) {
      removed.add(ev);
      continue;
    }
    const item = { ...ev };
    const when = item.msbuild?.when ?? [];
    const others = item.msbuild?.unless ?? [];
    const conditional = maybe.get(key) ?? [];
    for (const u of conditional) extra.push(updated({ ...item }, u, conditionText(item.condition === undefined ? [u.condition!] : [item.condition, u.condition!]), { when: [...when, ...u.parts!], ...(others.length === 0 ? {} : { unless: others }) }));
    // Were a conditional update or removal after it to hold, this declaration would not stand as it is.
    const unless = withAlternatives(others, [...conditional.map((u) => u.parts!), ...(maybeGone.get(key) ?? [])]);
    if (unless.length > 0) ev.msbuild = { when, unless };
    const change = last.get(key);
    if (change !== undefined) updated(ev, change, ev.condition, ev.msbuild);
  }
  for (const d of extra.reverse()) c.add(d);
  if (removed.size > 0) {
    let w = 0;
    for (const d of c.deps) if (!removed.has(d)) c.deps[w++] = d;
    c.deps.length = w;
  }
  c.written = c.deps.some((d) => d.written !== undefined);
  c.updates = updates;
  return c;
}

/**
 * A file's property definitions as a workspace keeps them for resolveNugetProperties: as written,
 * in evaluation order, only those that may be versions or name properties (`1.2.0`, `$(Base).1`).
 */
function keptDefs(defs: ReadonlyMap<string, string> | undefined): Record<string, string> | undefined {
  const kept = [...(defs ?? [])].filter(([, v]) => /^[\w.+\-[\](),$]{1,100}$/.test(v));
  return kept.length > 0 ? Object.fromEntries(kept) : undefined;
}

/**
 * A workspace entry of a project or Directory.Build file: its kept definitions, the conditions of
 * those that held by reading an unset name, and the names whose value at its end it does not
 * decide or does not keep (a condition in a project below reads them as undecided).
 */
function propertiesEntry(path: string, c: XmlProject): WorkspaceRoot {
  const w: WorkspaceRoot = { path, ecosystem: 'nuget' };
  const props = keptDefs(c.defs);
  const undecided = new Set(c.undecided);
  for (const k of c.defs?.keys() ?? []) if (props === undefined || !Object.hasOwn(props, k)) undecided.add(k);
  if (undecided.size > 0) w.undecided = [...undecided];
  if (props === undefined) return w;
  w.properties = props;
  const conditions = [...(c.unsetConditions ?? [])].filter(([k]) => Object.hasOwn(props, k));
  if (conditions.length > 0) w.propertyConditions = Object.fromEntries(conditions);
  return w;
}

/**
 * A PackageReference without a version takes it from a later `Update=` of the same file, else from
 * Directory.Packages.props (central package management).
 */
export function readCsproj(path: string, text: string): ManifestResult {
  const c = readXmlProject(
    path,
    text,
    { packagereference: 'include' },
    (e) => (/^all$/i.test(attr(e, 'PrivateAssets') ?? kidText(e, 'PrivateAssets', true) ?? '') ? 'build' : 'runtime'),
    (_e, written) => (written === undefined ? 'inherits' : undefined),
  );
  // A version that names properties, or a condition the project does not decide: the project's
  // own definitions, for the evaluation between the Directory.Build.props and
  // Directory.Build.targets it imports.
  if (c.written === true || c.deps.some((d) => d.msbuild !== undefined)) {
    const w = propertiesEntry(path, c);
    if (w.properties !== undefined || w.undecided !== undefined) c.workspace = w;
  }
  return c.result();
}

/**
 * Directory.Build.props / Directory.Build.targets: MSBuild imports the nearest one in a project's
 * folder or above into every project there. Its PackageReference items are dependencies (of every
 * such project; declared at its lines), and its properties are what `$(Name)` in those projects
 * reads when the project does not set it (resolveNugetProperties): those that may be versions
 * are kept, by their lower-case names.
 */
export function readDirectoryBuild(path: string, text: string): ManifestResult {
  const c = readXmlProject(
    path,
    text,
    { packagereference: 'include', globalpackagereference: 'include' },
    (e) => (/^all$/i.test(attr(e, 'PrivateAssets') ?? kidText(e, 'PrivateAssets', true) ?? '') ? 'build' : 'runtime'),
    (e, written) => (written === undefined && e.name.toLowerCase() === 'packagereference' ? 'inherits' : undefined),
  );
  // Every Directory.Build file is a workspace entry, with properties or none: it is the nearest
  // one of its kind for the projects below, which then read no other of that kind unless it
  // imports the one above.
  c.workspace = propertiesEntry(path, c);
  if (importsAbove(c.root)) c.workspace.importsAbove = true;
  // MSBuild evaluates a .targets' items after the project's: its Update= items change them.
  if (/\.targets$/i.test(path) && c.updates !== undefined && c.updates.size > 0) c.workspace.updates = Object.fromEntries(c.updates);
  return c.result();
}

/**
 * Whether a Directory.Build file imports the nearest one above it, as MSBuild's documentation
 * shows (`$([MSBuild]::GetPathOfFileAbove('Directory.Build.props', '$(MSBuildThisFileDirectory)../'))`),
 * or names the parent folder's file (`..\Directory.Build.props`, `$(MSBuildThisFileDirectory)../Directory.Build.targets`).
 */
function importsAbove(root: XmlElement | undefined, file = 'Directory\\.Build\\.(props|targets)'): boolean {
  let found = false;
  if (root === undefined) return false;
  const above = new RegExp(`GetPathOfFileAbove\\(['"]?${file}['"]?`, 'i');
  const parent = new RegExp(`^(\\$\\(MSBuildThisFileDirectory\\))?\\.\\.[\\\\/]${file}$`, 'i');
  walk(root, (e) => {
    if (found || e.name.toLowerCase() !== 'import') return;
    const p = (attr(e, 'Project') ?? '').replace(/\s+/g, '');
    if (above.test(p) || parent.test(p)) found = true;
  });
  return found;
}

/** Whether a NuGet workspace entry is a Directory.Build.props/targets (properties), not central versions. */
export function isDirectoryBuild(path: string): boolean {
  return /^directory\.build\.(props|targets)$/i.test(baseName(path));
}

/**
 * `$(Name)` versions evaluated as MSBuild does: one property pass over the nearest
 * Directory.Build.props in the project's folder or above (with, first, those it imports above
 * it), the project's own definitions, then the nearest Directory.Build.targets (likewise; MSBuild
 * looks for each of the two on its own), a later definition replacing an earlier one; items come
 * after all properties, so a version reads the final values: a .targets value wins over the
 * project's, the project's over a .props value. An item of a Directory.Build file is evaluated in
 * its own folder's sequence; a Directory.Packages.props version left unresolved by its own
 * properties takes the same sequence. Names none of them defines stay as written.
 */
export function resolveNugetProperties(deps: DeclaredDependency[], workspaces: readonly WorkspaceRoot[]): DeclaredDependency[] {
  const files = new Map<string, WorkspaceRoot>(); // folder \0 'props' | 'targets' → its Directory.Build file
  const projects = new Map<string, WorkspaceRoot>(); // project path → its own definitions
  for (const w of workspaces) {
    if (w.ecosystem !== 'nuget') continue;
    if (isDirectoryBuild(w.path)) {
      const key = `${dirName(w.path)}\0${/\.props$/i.test(w.path) ? 'props' : 'targets'}`;
      if (!files.has(key)) files.set(key, w);
    } else if (PROJECT_FILE.test(w.path)) projects.set(w.path, w);
  }
  if (files.size === 0 && projects.size === 0) return deps.some((d) => d.written !== undefined || d.msbuild !== undefined) ? deps.map(withoutWritten) : deps;
  /** The files of a kind a project in `dir` imports, in evaluation order: the farthest (imported by the nearer at its top) first. */
  const chains = new Map<string, WorkspaceRoot[]>();
  const chainOf = (dir: string, kind: 'props' | 'targets'): WorkspaceRoot[] => {
    const key = `${dir}\0${kind}`;
    let chain = chains.get(key);
    if (chain !== undefined) return chain;
    chain = [];
    let from: string | undefined = dir;
    while (from !== undefined) {
      const at: string | undefined = upFrom(from).find((up) => files.has(`${up}\0${kind}`));
      if (at === undefined) break;
      const f: WorkspaceRoot = files.get(`${at}\0${kind}`)!;
      chain.unshift(f);
      from = f.importsAbove === true && at !== '' ? dirName(at) : undefined;
    }
    chains.set(key, chain);
    return chain;
  };
  /**
   * The files MSBuild evaluates for a declaration, in order (the props chain, the project, the
   * targets chain; a Directory.Build file's own folder's sequence for its items), and how many of
   * them come before its file's own definitions (what its property-pass conditions see).
   */
  const sequences = new Map<string, { files: WorkspaceRoot[]; before: number }>(); // by the declaring file's path
  const sequenceOf = (d: DeclaredDependency): { files: WorkspaceRoot[]; before: number } => {
    let seq = sequences.get(d.path);
    if (seq !== undefined) return seq;
    const dir = dirName(d.path);
    const own = projects.get(d.path);
    const props = chainOf(dir, 'props');
    const files = [...props, ...(own === undefined ? [] : [own]), ...chainOf(dir, 'targets')];
    const at = files.findIndex((w) => w.path === d.path);
    seq = { files, before: at >= 0 ? at : props.length };
    sequences.set(d.path, seq);
    return seq;
  };
  type Evaluation = { values: Map<string, string>; unknown: Set<string>; memo: Map<MsbuildCondition, Truth> };
  const evaluated = new Map<string, Evaluation>(); // the files' paths → their evaluation
  const evaluations = new WeakMap<{ files: WorkspaceRoot[] }, Map<number, Evaluation>>(); // a sequence's, by count
  /**
   * The properties after the first `count` files of a sequence (all by default), computed once per
   * list of files: the projects without definitions of their own below the same Directory.Build
   * files share one.
   */
  const evaluation = (seq: { files: WorkspaceRoot[] }, count = seq.files.length): Evaluation => {
    const mine = evaluations.get(seq) ?? new Map<number, Evaluation>();
    evaluations.set(seq, mine);
    const known = mine.get(count);
    if (known !== undefined) return known;
    const files = seq.files.slice(0, count);
    const key = files.map((w) => w.path).join('\0');
    let ev = evaluated.get(key);
    if (ev === undefined) {
      ev = { values: new Map<string, string>(), unknown: new Set<string>(), memo: new Map() };
      for (const w of files) {
        evaluateProps(Object.entries(w.properties ?? {}), ev.values, w.propertyConditions, ev.unknown);
        for (const n of w.undecided ?? []) ev.unknown.add(n);
      }
      evaluated.set(key, ev);
    }
    mine.set(count, ev);
    return ev;
  };
  const propsFor = (d: DeclaredDependency): Map<string, string> => evaluation(sequenceOf(d)).values;
  /** A condition's reading of an evaluation: undefined for a name no file there decides (command line, SDK) or leaves undecided. */
  const lookupIn = (ev: Evaluation): PropertyLookup => (n) => {
    const v = ev.unknown.has(n) ? undefined : ev.values.get(n);
    return v === undefined || v.includes('$(') ? undefined : v;
  };
  /**
   * Whether an undecided condition of `d`'s file holds with the imported files' properties: an
   * item condition with the final values, a property-pass one with the values of the files before
   * its own and what its own file gave the names it sets (MsbuildCondition.reads). Each condition
   * is evaluated once per sequence.
   */
  const holds = (seq: { files: WorkspaceRoot[]; before: number }, p: MsbuildCondition): Truth => {
    if (p.pass === 'property' && p.reads === undefined) return undefined;
    const ev = p.pass === 'item' ? evaluation(seq) : evaluation(seq, seq.before);
    if (ev.memo.has(p)) return ev.memo.get(p);
    const imported = lookupIn(ev);
    const reads = p.reads;
    const t = evalCondition(p.text, reads === undefined ? imported : (n) => (Object.hasOwn(reads, n) ? (reads[n] ?? undefined) : imported(n)));
    ev.memo.set(p, t);
    return t;
  };
  /**
   * `d` with its undecided conditions decided where the imported files decide them: dropped when
   * one is false or an alternative that replaces it (`unless`) holds, its condition left with
   * those still undecided (none: unconditional).
   */
  const decided = (d: DeclaredDependency): DeclaredDependency | undefined => {
    const m = d.msbuild;
    if (m === undefined) return d;
    const out = { ...d };
    delete out.msbuild;
    const seq = sequenceOf(d);
    if (m.unless?.some((a) => a.length > 0 && a.every((p) => holds(seq, p) === true)) === true) return undefined;
    const left: MsbuildCondition[] = [];
    for (const p of m.when) {
      const t = holds(seq, p);
      if (t === false) return undefined;
      if (t === undefined) left.push(p);
    }
    if (left.length === m.when.length) return out;
    if (left.length === 0) delete out.condition;
    else out.condition = textOf(left);
    return out;
  };
  /** The version a Directory.Build.targets Update= gives an item of a project or Directory.Build.props (the last in evaluation order), as written. */
  const updateOf = (d: DeclaredDependency): string | undefined => {
    if (!PROJECT_FILE.test(d.path) && !/(^|\/)directory\.build\.props$/i.test(d.path)) return undefined;
    const name = d.name.toLowerCase();
    return chainOf(dirName(d.path), 'targets').reduce<string | undefined>((v, w) => (w.updates !== undefined && Object.hasOwn(w.updates, name) ? w.updates[name] : v), undefined);
  };
  return deps.flatMap((given) => {
    if (given.ecosystem !== 'nuget' || given.lockfile !== undefined) return [given];
    const d = decided(given);
    if (d === undefined) return [];
    const update = updateOf(d);
    const written = update ?? d.written ?? (d.range?.includes('$(') === true ? d.range : undefined);
    if (written === undefined) return d;
    const out = withoutWritten(d);
    if (update !== undefined) delete out.central;
    const range = expandProps(written, propsFor(d));
    if (range === d.range && update === undefined) return out;
    out.range = range;
    const version = range.includes('$(') ? undefined : nugetVersion(range);
    if (version !== undefined) out.version = version;
    else delete out.version;
    return out;
  });
}

const PROJECT_FILE = /\.(cs|fs|vb)proj$/i;

/** A copy without the version as written and the conditions' parts (DeclaredDependency.written, msbuild), which only resolveNugetProperties reads. */
function withoutWritten(d: DeclaredDependency): DeclaredDependency {
  const out = { ...d };
  delete out.written;
  delete out.msbuild;
  return out;
}

/**
 * Directory.Packages.props: its PackageVersion items are versions for the projects in its folder
 * and below (they declare no dependency on their own); GlobalPackageReference items are
 * dependencies of every such project.
 */
export function readPackagesProps(path: string, text: string): ManifestResult {
  const c = readXmlProject(
    path,
    text,
    { packageversion: 'include', globalpackagereference: 'include', packagereference: 'include' },
    () => undefined,
    (e) => (e.name.toLowerCase() === 'packageversion' ? 'defines' : undefined),
  );
  c.workspace = { path, ecosystem: 'nuget' };
  // A nested Directory.Packages.props that imports the one above it (Microsoft's documented
  // `$([MSBuild]::GetPathOfFileAbove(Directory.Packages.props, $(MSBuildThisFileDirectory)..))`):
  // the versions it does not set come from there.
  if (importsAbove(c.root, 'Directory\\.Packages\\.props')) c.workspace.importsAbove = true;
  // `<PackageVersion Update="X" Version="…" />`: this file's version of a package the file it imports
  // defines (a nearer definition, as an Include's is); a version naming a property is none known.
  if (c.root !== undefined) {
    walk(c.root, (e) => {
      const name = e.name.toLowerCase() === 'packageversion' && attr(e, 'Include') === undefined ? attr(e, 'Update')?.trim() : undefined;
      if (name === undefined || name === '' || c.isFull) return;
      const v = attr(e, 'Version')?.trim();
      const plain = v !== undefined && /^\d[\w.+-]*$/.test(v) ? v : undefined;
      c.add({ name, ...(v !== undefined && !v.includes('$(') ? { range: v } : {}), ...(plain !== undefined ? { version: plain } : {}), line: e.line, central: 'defines' });
    });
  }
  return c.result();
}

export function readPackagesConfig(path: string, text: string): ManifestResult {
  return readXmlProject(path, text, { package: 'id' }, (e) => (/^true$/i.test(attr(e, 'developmentDependency') ?? '') ? 'dev' : 'runtime')).result();
}

/** packages.lock.json: `dependencies` per target framework, `resolved` versions. */
export function readNugetLock(path: string, text: string): ManifestResult {
  const c = new Collector(path, 'nuget');
  const j = parseJson(boundText(text, c));
  if (j.error !== undefined) c.warn(`malformed JSON: ${j.error}`);
  if (!isRecord(j.value) || !isRecord(j.value.dependencies)) return c.result();
  const seen = new Set<string>();
  for (const fw of Object.values(j.value.dependencies)) {
    if (!isRecord(fw)) continue;
    for (const [name, e] of Object.entries(fw)) {
      if (!isRecord(e) || e.type === 'Project') continue;
      const version = str(e.resolved);
      const id = `${name.toLowerCase()}@${version ?? ''}`;
      if (seen.has(id)) continue;
      seen.add(id);
      const direct = e.type === 'Direct' || e.type === 'CentralTransitive';
      if (!c.add({ name, range: direct ? str(e.requested) : undefined, version, line: j.keyLine(fw, name), scope: e.type === 'Direct' ? 'runtime' : undefined, lockfile: path })) return c.result();
    }
  }
  return c.result();
}
