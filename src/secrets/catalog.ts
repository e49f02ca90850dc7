/**
 * Typed, compiled view of the secrets catalog (rules/secrets.yaml `catalogs:`).
 *
 * Compiled once per RuleSet: every entry's regex, its boundary table, its context and allow
 * patterns, and the keyword prefilters (case-insensitive tries of the entries' keywords,
 * src/lang/prefilter.ts). Entries come in two modes:
 *  - window entries (a key with a recognisable literal part, `sk-proj-…`, `AIza…`, `…T3BlbkFJ…`):
 *    their keywords are that literal text, matched exactly; they are rare, so the anchor prefilter
 *    records every hit and the entry's regex runs only in the windows around its hits;
 *  - assignment entries (`assignment: true`: prefix-less keys identified by the provider name
 *    and the setting they are assigned to, and the generic rule): their keywords are provider names,
 *    which AI code mentions everywhere, so the context prefilter only answers whether a text names
 *    any of them; the matcher then finds the values assigned to key-like names and looks for the
 *    provider names near each of those few values.
 */
import { prefilterPattern } from '../lang/prefilter.js';
import { loadRules, RulesError, type RuleSet } from '../rules/load.js';
import type { Severity } from '../types.js';
import { isCheckName, type CheckName } from './checks.js';
import type { PlaceholderLimits } from './placeholder.js';

export type Confidence = 'high' | 'medium' | 'low';
export type CharClass = 'upper' | 'lower' | 'digit';

/** One key format as written in rules/secrets.yaml (`catalogs.keys[]`). */
export interface SecretKeyData {
  rule: string;
  variant?: string;
  provider: string;
  service?: string;
  envVar?: string;
  prefix?: string;
  keywords: string[];
  offset?: number;
  before?: number;
  after?: number;
  regex: string;
  charset: string;
  entropy: number;
  classes?: CharClass[];
  assignment?: boolean;
  attribution?: boolean;
  generic?: boolean;
  keywordProviders?: Record<string, string>;
  /** Generic entries only: drop a value that is an identifier of at least `minSegments` segments or words (placeholder.ts isSlug, isCamelIdentifier). */
  dropSlugs?: { minSegments: number };
  allow?: string[];
  context?: { terms: string[]; radius?: number; required?: boolean; raise?: boolean; service?: boolean };
  checks?: CheckName[];
  confidence: Confidence;
  unchecked?: Confidence | 'drop';
  source: string;
}

export interface SecretsCatalogData {
  placeholders: PlaceholderLimits;
  examples: string[];
  keys: SecretKeyData[];
}

/** A compiled catalog entry. */
export interface SecretEntry extends SecretKeyData {
  index: number;
  /** Severity of the entry's rule (from the rule metadata). */
  severity: Severity;
  /** The key regex, global, run on the windows around keyword hits. */
  re: RegExp;
  /** The key regex, sticky, tried at one place per keyword hit (entries without `before`). */
  sticky: RegExp;
  /** Window or assignment reach after a keyword hit (0 for sticky entries). */
  after: number;
  /** The key regex anchored at both ends (does a value have this entry's shape?). */
  whole: RegExp;
  /** Characters that may not touch the key, by char code (ASCII only). */
  boundary: Uint8Array;
  allowRes: RegExp[];
  /** Context terms, case-insensitive. */
  contextRe?: RegExp;
  /** For a `*` service host: the host pattern to resolve from the text. */
  serviceRe?: RegExp;
}

interface KeywordExtension {
  keyword: string;
  entries: number[];
}

/** Everything a prefilter hit on one (shortest) keyword stands for. */
export interface KeywordGroup {
  keyword: string;
  entries: number[];
  /** Longer keywords that start with this one: checked at the hit position. */
  extensions: KeywordExtension[];
}

/** A combined keyword pattern and what each of its hits stands for. */
/** An exact keyword found from its first separator (`_` or `-`) at `offset`. */
export interface SeparatedKeyword {
  keyword: string;
  offset: number;
  entries: number[];
}

export interface KeywordIndex {
  /** Global pattern of the keywords (case-insensitive for provider names); undefined when there are none. */
  re: RegExp | undefined;
  /** Separator character → the exact keywords the pattern finds from it (a hit is that one character). */
  separated: Map<string, SeparatedKeyword[]>;
  /** Whether the keywords match case-insensitively (then `groups` is keyed in lower case). */
  ignoreCase: boolean;
  /** Matched keyword → what it stands for. */
  groups: Map<string, KeywordGroup>;
  /** Longest keyword. */
  maxLength: number;
}

export interface SecretsCatalog {
  entries: SecretEntry[];
  placeholders: PlaceholderLimits;
  examples: Set<string>;
  /** Keywords of the window entries (every hit is recorded). */
  anchors: KeywordIndex;
  /** Keywords of the assignment entries (tested once per text; looked up near assigned values). */
  context: KeywordIndex;
  /** Largest `after` and `before` of the assignment entries: how far from a value its keywords may be. */
  contextReach: { before: number; after: number };
  /** Literal prefixes of the prefixed entries (a generic value starting with one is not reported). */
  prefixes: string[];
  /** Rule ids that have at least one entry. */
  rules: Set<string>;
  /** Provider id → API host, from the provider-specific entries (for generic matches). */
  serviceByProvider: Map<string, string>;
}

const cache = new WeakMap<RuleSet, SecretsCatalog>();

/** The compiled secrets catalog of a RuleSet (the loaded rules by default). */
export function secretsCatalog(set: RuleSet = loadRules()): SecretsCatalog {
  let c = cache.get(set);
  if (!c) {
    const data = set.catalogs.get('secrets') as SecretsCatalogData | undefined;
    if (!data) throw new RulesError('rules/secrets.yaml: no secrets catalog');
    c = compileCatalog(data, set);
    cache.set(set, c);
  }
  return c;
}

/**
 * True when a regex source applies a quantifier to a group that itself contains a quantifier
 * (`(a+)+`, `(?:\w{2,}-)*`): the shape behind catastrophic backtracking. Character classes and
 * escapes are skipped; a group followed by `?` or `{0,1}` is allowed (it repeats at most once).
 */
export function hasNestedQuantifier(src: string): boolean {
  const stack: boolean[] = [];
  let inner = false;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (ch === '\\') {
      i++;
      continue;
    }
    if (ch === '[') {
      for (i++; i < src.length && src[i] !== ']'; i++) if (src[i] === '\\') i++;
      continue;
    }
    if (ch === '(') {
      stack.push(inner);
      inner = false;
      // Skip the group's `?:`, `?=`, `?!`, `?<=`, `?<!`, `?<name>` so its `?` is not read as a quantifier.
      if (src[i + 1] === '?') {
        i++;
        if (src[i + 1] === '<' && src[i + 2] !== '=' && src[i + 2] !== '!') {
          while (i < src.length && src[i] !== '>') i++;
        } else {
          i++;
          if (src[i] === '<') i++;
        }
      }
      continue;
    }
    const isQuant = ch === '*' || ch === '+' || ch === '?' || ch === '{';
    if (ch === ')') {
      const groupHasQuant = inner;
      inner = stack.pop() ?? false;
      const next = src[i + 1];
      const repeats = next === '*' || next === '+' || (next === '{' && !/^\{0?,?1\}/.test(src.slice(i + 1)));
      if (groupHasQuant && repeats) return true;
      if (groupHasQuant) inner = true;
      continue;
    }
    if (isQuant) inner = true;
  }
  return false;
}

function boundaryTable(charset: string, where: string): Uint8Array {
  let re: RegExp;
  try {
    re = new RegExp(`[${charset}]`);
  } catch (e) {
    throw new RulesError(`${where}: charset is not a valid class: ${(e as Error).message}`);
  }
  const t = new Uint8Array(128);
  for (let c = 0; c < 128; c++) if (re.test(String.fromCharCode(c))) t[c] = 1;
  return t;
}

const escapeRe = (s: string): string => s.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');

export function compileCatalog(data: SecretsCatalogData, set?: RuleSet): SecretsCatalog {
  const entries: SecretEntry[] = [];
  const rules = new Set<string>();
  data.keys.forEach((k, index) => {
    const where = `rules/secrets.yaml: catalogs.keys[${index}] (${k.rule}${k.variant ? `/${k.variant}` : ''})`;
    const meta = set?.rules.get(k.rule);
    if (set && !meta) throw new RulesError(`${where}: unknown rule`);
    if (hasNestedQuantifier(k.regex)) throw new RulesError(`${where}: regex has a nested quantifier`);
    for (const c of k.checks ?? []) if (!isCheckName(c)) throw new RulesError(`${where}: unknown check ${c}`);
    if ((k.assignment || k.before !== undefined) && k.after === undefined) throw new RulesError(`${where}: needs after`);
    if (k.assignment && k.offset !== undefined) throw new RulesError(`${where}: offset is for window entries`);
    // A provider's own format is specific enough; an identifier-shaped key of it is still its key.
    if (k.dropSlugs && !k.generic) throw new RulesError(`${where}: dropSlugs is for the generic entry`);
    let re: RegExp;
    let sticky: RegExp;
    let whole: RegExp;
    try {
      re = new RegExp(k.regex, 'g');
      sticky = new RegExp(k.regex, 'y');
      whole = new RegExp(`^(?:${k.regex})$`);
    } catch (e) {
      throw new RulesError(`${where}: regex does not compile: ${(e as Error).message}`);
    }
    const entry: SecretEntry = {
      ...k,
      index,
      severity: meta?.severity ?? 'high',
      re,
      sticky,
      after: k.after ?? 0,
      whole,
      boundary: boundaryTable(k.charset, where),
      allowRes: (k.allow ?? []).map((a) => new RegExp(a)),
    };
    if (k.context) entry.contextRe = new RegExp(k.context.terms.map(escapeRe).join('|'), 'i');
    if (k.service?.includes('*')) {
      const host = k.service.split('*').map(escapeRe).join('[a-z0-9-]{1,63}');
      entry.serviceRe = new RegExp(`(?<![a-z0-9.-])${host}(?![a-z0-9-])`, 'i');
    }
    entries.push(entry);
    rules.add(k.rule);
  });
  if (set) {
    for (const r of set.rules.values()) {
      if (r.family === 'secrets' && !rules.has(r.id)) throw new RulesError(`rules/secrets.yaml: rule ${r.id} has no catalog entry`);
    }
  }

  const windowEntries = entries.filter((e) => !e.assignment);
  const assignEntries = entries.filter((e) => e.assignment);
  const prefixes = [...new Set(entries.filter((e) => !e.generic && e.prefix && e.prefix.length >= 3).map((e) => e.prefix as string))];
  return {
    entries,
    placeholders: data.placeholders,
    examples: new Set(data.examples),
    anchors: keywordIndex(windowEntries, false),
    context: keywordIndex(assignEntries, true),
    contextReach: {
      before: Math.max(0, ...assignEntries.map((e) => e.before ?? 0)),
      after: Math.max(0, ...assignEntries.map((e) => e.after)),
    },
    prefixes,
    rules,
    serviceByProvider: new Map(
      entries
        .filter((e) => !e.generic && e.service && !e.service.includes('*'))
        .reverse()
        .map((e) => [e.provider, e.service as string]),
    ),
  };
}

/**
 * Groups every keyword under the shortest keyword that is a prefix of it, because the trie
 * pattern stops at the shortest one ("wandb" matches where "wandb_v1_" starts), and compiles the
 * trie pattern.
 */
function keywordIndex(entries: readonly SecretEntry[], ignoreCase: boolean): KeywordIndex {
  const byKeyword = new Map<string, number[]>();
  for (const e of entries) {
    for (const k of e.keywords) {
      const kw = ignoreCase ? k.toLowerCase() : k;
      const list = byKeyword.get(kw) ?? [];
      list.push(e.index);
      byKeyword.set(kw, list);
    }
  }
  const all = [...byKeyword.keys()];
  // Exact keywords with a separator inside (`sk-proj-`, `hf_`) are found from the separator, the
  // rarest character they have: `_(?<=(?:hf|gsk|…)_)` lets the regex engine skip to each `_` and
  // look back, about three times faster than trying a trie at every position.
  const separated = new Map<string, SeparatedKeyword[]>();
  const literal: string[] = [];
  for (const kw of all) {
    const at = ignoreCase ? -1 : kw.search(/[_-]/);
    if (at > 0) {
      const sep = kw[at] as string;
      const list = separated.get(sep) ?? [];
      list.push({ keyword: kw, offset: at, entries: byKeyword.get(kw) ?? [] });
      separated.set(sep, list);
    } else {
      literal.push(kw);
    }
  }
  const words = literal.sort((a, b) => a.length - b.length || (a < b ? -1 : 1));
  const groups = new Map<string, KeywordGroup>();
  for (const kw of words) {
    const ids = byKeyword.get(kw) ?? [];
    const root = words.find((w) => w.length < kw.length && kw.startsWith(w));
    if (root) {
      groups.get(root)?.extensions.push({ keyword: kw, entries: ids });
    } else {
      groups.set(kw, { keyword: kw, entries: ids, extensions: [] });
    }
  }
  const alternatives: string[] = [];
  for (const [sep, list] of [...separated].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const heads = [...new Set(list.map((k) => escapeRe(k.keyword.slice(0, k.offset))))].sort();
    alternatives.push(`${escapeRe(sep)}(?<=(?:${heads.join('|')})${escapeRe(sep)})`);
  }
  const trie = prefilterPattern(words);
  if (trie !== undefined) alternatives.push(trie);
  return {
    re: alternatives.length === 0 ? undefined : new RegExp(alternatives.join('|'), ignoreCase ? 'gi' : 'g'),
    ignoreCase,
    groups,
    separated,
    maxLength: Math.max(0, ...all.map((w) => w.length)),
  };
}
