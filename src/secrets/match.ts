/**
 * The secrets matcher: pure functions from text to key matches.
 *
 * Prefilter first, never line by line, never every rule over the whole text. Two linear passes of
 * native regexes over a text find every place worth a closer look:
 *  1. the anchor prefilter (catalog.anchors): one combined pattern of the literal parts of the
 *     prefixed keys (`sk-proj-`, `hf_`, `AIza`, `T3BlbkFJ`, …). Each hit is tried against its
 *     entries' regexes: anchored at the one place the key must start, or, for keys whose marker
 *     sits at a variable offset, in a bounded window around the hit. A text without any of these
 *     keywords costs this one pass.
 *  2. ASSIGN_SCAN: values assigned to key-like names (`…_API_KEY=`, `"apiKey": "`, `token:`). Only
 *     for those few values are the provider names (catalog.context, case-insensitive) looked up
 *     nearby, and the prefix-less entries (Mistral, Cohere, W&B, Azure 32-hex, …, generic) tried.
 * Every regex is free of nested quantifiers (checked when the catalog is compiled) and every
 * window and look-around is bounded, so minified single-line files and long base64 runs stay
 * linear.
 *
 * A regex match becomes a key only when, in order: nothing from the entry's charset touches it on
 * either side; it is not a documented example or allow-listed; it has the required character
 * classes and entropy; it is not a placeholder (words, repeated characters, sequences, periodic),
 * nor, for the generic rule, an identifier (`ms-azure-rtos-2023-05`, `azureOpenAiOAuth2Api`;
 * placeholder.ts isSlug, isCamelIdentifier);
 * for keyword-anchored entries it is assigned to a key-like name, the provider is named in that
 * assignment's scope and the nearest provider name belongs to this entry; the required context is
 * present; and the structural checks pass (or the entry keeps a lower confidence when they fail).
 * Overlapping matches keep the most specific one.
 *
 * The raw key lives only in the returned SecretMatch; nothing here logs or stores it.
 */
import { CHECKS, randomPayload } from './checks.js';
import type { Confidence, KeywordIndex, SecretEntry, SecretsCatalog } from './catalog.js';
import { shannonEntropy } from './entropy.js';
import { isCamelIdentifier, isSlug, placeholderReason } from './placeholder.js';
import { lineOf, lineStarts } from '../util/lines.js';

export interface SecretMatch {
  ruleId: string;
  provider: string;
  /** 1-based line of the key's first character (inside the cell for notebooks). */
  line: number;
  /** 1-based column, in UTF-16 code units, of the key's first character. */
  column: number;
  endLine: number;
  /** 1-based column just after the key's last character (exclusive, as in SARIF). */
  endColumn: number;
  /** The key itself. Never log it: mask it (redact.ts) before it leaves the detector. */
  raw: string;
  confidence: Confidence;
  /** Host of the provider's API (the AI service component), when known. */
  service?: string;
  /** Which catalog variant matched, when the rule has several. */
  variant?: string;
  /** Notebooks: 0-based index of the cell (among all cells) the key is in. */
  cell?: number;
  /** Notebooks: the key is in a saved output of the cell rather than its source. */
  output?: boolean;
}

/** A key found at [start, end) of the scanned text, before positions are computed. */
interface Candidate {
  entry: SecretEntry;
  start: number;
  end: number;
  raw: string;
  confidence: Confidence;
  provider: string;
  service?: string;
}

/** A keyword hit: where, which keyword, and the entries (of one mode) it stands for. */
interface KeywordHit {
  start: number;
  end: number;
  keyword: string;
  entries: readonly number[];
}

const RANK: Record<Confidence, number> = { low: 0, medium: 1, high: 2 };
const BY_RANK: readonly Confidence[] = ['low', 'medium', 'high'];

/** The longest a key-like name plus operator and quote before a value may be, on its line. */
const ASSIGN_LOOKBACK = 120;

/**
 * A value assigned to a key-like name: `api_key = "`, `OPENAI_API_KEY=`, `"apiKey": "`, `key: `,
 * `--api-key `, `ENV X_KEY `, `Bearer `, `setApiKey(`, `.apiKey("`, `['x-api-key'] = '`,
 * `access_token=`, a credential constructor (`new AzureKeyCredential("`, `ApiKeyCredential("`) and
 * a C# target-typed one (`AzureKeyCredential key = new("`), a C# property initializer
 * (`ApiKey { get; set; } = "`), and a typed declaration (`apiKey: String = "`, Go's `apiKey string = "`).
 * Applied to at most ASSIGN_LOOKBACK characters before the value, anchored at its end. (Names
 * such as password or credential alone are left out: AI keys are not assigned to them, and each
 * extra name slows the whole-text ASSIGN_SCAN.)
 */
const ASSIGN_TAIL =
  /(?:key|token|secret|bearer)(?:[_-][A-Za-z0-9]{1,8}|credential)?(?:\\?["'\]]){0,2}(?:[ \t]*(?:=[ \t]*new[ \t]*\(|\{[ \t]*get;[\w \t;]{0,30}\}[ \t]*=|=|:=|:|=>|\?=|\?\?=|\|\|=|,|\(|\|\||:[ \t]*[A-Za-z_&][\w.<>?[\]&]{0,40}[ \t]*=|[ \t]+string[ \t]*=)[ \t]*|[ \t]+)(?:[`'"]|\\["'])?$/i;

/**
 * Words of a key-like name that make its value a hash or an id rather than a key (`api_key_sha`,
 * `etag_key`, `keyMd5`, `cache_key`): compared with the name's words (split at `_`, `-`, `.` and
 * lower-to-upper case changes), lower-cased.
 */
const HASH_WORDS = new Set(['sha', 'sha1', 'sha256', 'sha512', 'md5', 'hash', 'hashed', 'checksum', 'digest', 'etag', 'uuid', 'guid', 'commit', 'fingerprint', 'cache', 'idempotency']);

/** The identifier around the key-like word at `at` in `head`: back over name characters, on over the tail's name part. */
function nameAround(head: string, at: number, tail: string): string {
  let from = at;
  while (from > 0 && at - from < 64) {
    const c = head.charCodeAt(from - 1);
    if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 45) from--;
    else break;
  }
  const name = /^[A-Za-z0-9_-]*/.exec(tail) as RegExpExecArray;
  return head.slice(from, at) + name[0];
}

/** Does a key-like name say that its value is a hash or an id (HASH_WORDS)? */
function hashLikeName(name: string): boolean {
  for (const w of name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').split(/[\s_.-]+/)) if (HASH_WORDS.has(w.toLowerCase())) return true;
  return false;
}

/** `value: "…"` / `default = "…"` whose name is on a line above (`- name: X_API_KEY`, Terraform variables). */
const VALUE_TAIL = /(?:value|default)\\?["']?[ \t]*(?:=|:)[ \t]*(?:[`'"]|\\["'])?$/i;
const NAME_ABOVE = /(?:key|token|secret)(?![a-z])/i;

/** Characters before a generic value that make it a template or variable reference. */
const TEMPLATE_BEFORE = new Set(['$', '{', '%', '<', '@', '&', '*']);

function inBoundary(table: Uint8Array, code: number): boolean {
  return code < 128 && table[code] === 1;
}

function hasClasses(raw: string, classes: readonly string[] | undefined): boolean {
  if (!classes || classes.length === 0) return true;
  let upper = false;
  let lower = false;
  let digit = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c >= 65 && c <= 90) upper = true;
    else if (c >= 97 && c <= 122) lower = true;
    else if (c >= 48 && c <= 57) digit = true;
  }
  for (const k of classes) {
    if ((k === 'upper' && !upper) || (k === 'lower' && !lower) || (k === 'digit' && !digit)) return false;
  }
  return true;
}

/*
 * Lines here end at CR, LF and CRLF, as in the positions (withPositions): a key's line, the
 * assignment it sits in and the lines above and below it are the lines an editor shows, also in
 * a file with old Mac line ends (a lone CR). A CRLF is one line end.
 */

/** Start of the line holding `pos`, looking back at most `max` characters (then `pos - max`). */
function lineStartBefore(text: string, pos: number, max = 512): number {
  const from = Math.max(0, pos - max);
  const s = text.slice(from, pos);
  // A CRLF's LF comes after its CR, so the later of the two is the last line end.
  const nl = Math.max(s.lastIndexOf('\n'), s.lastIndexOf('\r'));
  return nl === -1 ? from : from + nl + 1;
}

/** End of the line holding `pos` (its line end's first character), looking ahead at most `max` characters (then `pos + max`). */
function lineEndAfter(text: string, pos: number, max = 512): number {
  const to = Math.min(text.length, pos + max);
  const s = text.slice(pos, to);
  const lf = s.indexOf('\n');
  const cr = s.indexOf('\r');
  const nl = cr === -1 || (lf !== -1 && lf < cr) ? lf : cr;
  return nl === -1 ? to : pos + nl;
}

/** The last offset of the line before the one starting at `lineStart` (its line end stepped over, a CRLF whole). */
function beforeLine(text: string, lineStart: number): number {
  return lineStart >= 2 && text.charCodeAt(lineStart - 1) === 10 && text.charCodeAt(lineStart - 2) === 13 ? lineStart - 2 : lineStart - 1;
}

/** The first offset of the line after the one ending at `lineEnd` (its line end stepped over, a CRLF whole). */
function afterLine(text: string, lineEnd: number): number {
  return text.charCodeAt(lineEnd) === 13 && text.charCodeAt(lineEnd + 1) === 10 ? lineEnd + 2 : lineEnd + 1;
}

/** Is the value at [start, …) assigned to a key-like name? */
export function isAssigned(text: string, start: number): boolean {
  const ls = lineStartBefore(text, start);
  const head = text.slice(Math.max(ls, start - ASSIGN_LOOKBACK), start);
  const t = ASSIGN_TAIL.exec(head);
  if (t) return !hashLikeName(nameAround(head, t.index, t[0]));
  const v = VALUE_TAIL.exec(head);
  if (!v) return false;
  // The name is before `value`, on the same line or on the one or two lines above.
  const valueAt = Math.max(ls, start - ASSIGN_LOOKBACK) + v.index;
  let from = valueAt;
  for (let i = 0; i < 3 && from > 0; i++) from = lineStartBefore(text, beforeLine(text, from));
  return NAME_ABOVE.test(text.slice(Math.max(from, valueAt - 240), valueAt));
}

/** Per-scan memo of whole-text context tests (entries whose context has no radius). */
type ContextMemo = Map<number, boolean>;

function contextFound(text: string, e: SecretEntry, start: number, end: number, memo: ContextMemo, whole: string, local: string | undefined): boolean {
  const re = e.contextRe;
  if (!re || !e.context) return false;
  const r = e.context.radius;
  if (r === undefined) {
    let v = memo.get(e.index);
    if (v === undefined) {
      v = re.test(whole);
      memo.set(e.index, v);
    }
    return v;
  }
  if (re.test(text.slice(Math.max(0, start - r), Math.min(text.length, end + r)))) return true;
  return local !== undefined && re.test(local);
}

const SERVICE_RADIUS = 4000;

function resolveService(text: string, e: SecretEntry, start: number, end: number): string | undefined {
  if (!e.service) return undefined;
  if (!e.serviceRe) return e.service;
  const m = e.serviceRe.exec(text.slice(Math.max(0, start - SERVICE_RADIUS), Math.min(text.length, end + SERVICE_RADIUS)));
  return m ? m[0].toLowerCase() : e.service;
}

/** Index of the last attribution hit that starts before `pos`, or -1 (hits are sorted by start). */
function lastHitBefore(hits: readonly KeywordHit[], pos: number): number {
  let lo = 0;
  let hi = hits.length - 1;
  let ans = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((hits[mid] as KeywordHit).start < pos) {
      ans = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return ans;
}

/** The farthest apart two keyword hits may be and still be parts of one name (sameToken). */
const SAME_TOKEN = 64;

/** Is text[from, to) (between two keyword hits) within one qualified name or URL: only name, dot, slash, colon characters? */
function sameToken(text: string, from: number, to: number): boolean {
  if (to - from > SAME_TOKEN) return false;
  for (let k = from; k < to; k++) {
    const c = text.charCodeAt(k);
    if (!((c >= 48 && c <= 58) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 45 || c === 46 || c === 47)) return false;
  }
  return true;
}

/**
 * Keyword-anchored attribution: among the attribution entries whose shape fits the value, the one
 * whose keyword is nearest before the value owns it (`MISTRAL_API_KEY=…` then `COHERE_API_KEY=…`:
 * each value belongs to its own name). With no fitting keyword before it, the nearest after it.
 */
function attributedTo(text: string, cat: SecretsCatalog, hits: readonly KeywordHit[], e: SecretEntry, raw: string, start: number, end: number): boolean {
  // 1: the hit names this entry's rule; -1: another provider whose shape fits; 0: neither.
  // A keyword after the value claims it only for entries that look before their keyword (`before`):
  // the generic rule's `openai` in `new OpenAIClient(…)` below `string apiKey = "…"` cannot own it.
  const fits = (h: KeywordHit, after = false): number => {
    let other = false;
    for (const i of h.entries) {
      const o = cat.entries[i] as SecretEntry;
      if (o.rule === e.rule) return 1;
      if (after && !o.before) continue;
      // The generic rule leaves prefixed values to their own rules, so it claims none of them.
      if (o.whole.test(raw) && !(o.generic && cat.prefixes.some((p) => raw.startsWith(p)))) other = true;
    }
    return other ? -1 : 0;
  };
  // A hit inside a longer hit of this rule (`openai` inside `azure_openai`, or at the start of
  // `openai.azure.com`, which comes after it in the list) is that longer hit. So is a hit in the
  // same qualified name or URL as a hit of this rule (`OpenAI` in `com.azure.ai.openai.OpenAIClient`,
  // `/openai/` in `https://x.openai.azure.com/openai/deployments`): the name is this provider's.
  const coveredByOwn = (i: number): boolean => {
    const h = hits[i] as KeywordHit;
    for (let j = i - 1; j >= 0 && j >= i - 8; j--) {
      const o = hits[j] as KeywordHit;
      if (o.end < h.start - SAME_TOKEN) break;
      if (o.start <= h.start && o.end >= h.end && fits(o) > 0) return true;
      if (o.end <= h.start && sameToken(text, o.end, h.start) && fits(o) > 0) return true;
    }
    for (let j = i + 1; j < hits.length && j <= i + 8; j++) {
      const o = hits[j] as KeywordHit;
      if (o.start > h.end + SAME_TOKEN) break;
      if (o.start === h.start && o.end >= h.end && fits(o) > 0) return true;
      if (o.start >= h.end && sameToken(text, h.end, o.start) && fits(o) > 0) return true;
    }
    return false;
  };
  const limit = Math.max(e.after, e.before ?? 0) + raw.length;
  for (let i = lastHitBefore(hits, start), n = 0; i >= 0 && n < 64; i--, n++) {
    const h = hits[i] as KeywordHit;
    if (start - h.start > limit) break;
    if (h.end > start) continue;
    const f = fits(h);
    if (f > 0) return true;
    if (f < 0) return coveredByOwn(i);
  }
  for (let i = lastHitBefore(hits, end) + 1, n = 0; i < hits.length && n < 64; i++, n++) {
    const h = hits[i] as KeywordHit;
    if (h.start < end) continue;
    if (h.start - end > limit) break;
    const f = fits(h, true);
    if (f > 0) return true;
    if (f < 0) return coveredByOwn(i);
  }
  return true;
}

/**
 * Does a generic value look random rather than like words? At least 16 letters and digits, both
 * letters and digits, and at most half of it in all-lower-case word segments of 3+ letters
 * (`openai-community/gpt2-large`, `text-embedding-3-large` are names, not keys).
 */
export function looksRandom(s: string): boolean {
  let alnum = 0;
  let letters = false;
  let digits = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      digits = true;
      alnum++;
    } else if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) {
      letters = true;
      alnum++;
    }
  }
  if (alnum < 16 || !letters || !digits) return false;
  let wordy = 0;
  for (const seg of s.split(/[^A-Za-z0-9]+/)) if (seg.length >= 3 && /^[a-z]+$/.test(seg)) wordy += seg.length;
  return wordy * 2 <= s.length;
}

/** The provider named by the nearest generic keyword before `start` (`claude` → anthropic). */
function genericProvider(cat: SecretsCatalog, e: SecretEntry, hits: readonly KeywordHit[], start: number): string {
  let kw: string | undefined;
  for (let i = hits.length - 1; i >= 0; i--) {
    const h = hits[i] as KeywordHit;
    if (h.end <= start && h.entries.some((id) => (cat.entries[id] as SecretEntry).generic)) {
      kw = h.keyword;
      break;
    }
  }
  if (!kw) return e.provider;
  return e.keywordProviders?.[kw] ?? kw.replace(/[^a-z0-9]+/g, '');
}

/** Decides whether a match of entry `e` at [start, end) is a key; returns the candidate or undefined. */
function judge(
  text: string,
  cat: SecretsCatalog,
  e: SecretEntry,
  raw: string,
  start: number,
  end: number,
  hits: readonly KeywordHit[],
  memo: ContextMemo,
  ctx: ScanContext,
): Candidate | undefined {
  if (cat.examples.has(raw)) return undefined;
  for (const a of e.allowRes) if (a.test(raw)) return undefined;
  if (!hasClasses(raw, e.classes)) return undefined;
  if (shannonEntropy(raw) < e.entropy) return undefined;
  const skip = e.prefix && raw.startsWith(e.prefix) ? e.prefix.length : 0;
  if (placeholderReason(raw, cat.placeholders, skip) !== undefined) return undefined;
  for (const c of e.checks ?? []) {
    const payload = randomPayload(c, raw);
    if (payload !== undefined && placeholderReason(payload, cat.placeholders) !== undefined) return undefined;
  }
  if (e.generic) {
    if (TEMPLATE_BEFORE.has(text[start - 1] ?? '')) return undefined;
    if (cat.prefixes.some((p) => raw.startsWith(p))) return undefined;
    if (!looksRandom(raw)) return undefined;
  }
  if (e.dropSlugs && (isSlug(raw, e.dropSlugs.minSegments) || isCamelIdentifier(raw, e.dropSlugs.minSegments))) return undefined;
  if (e.assignment && !isAssigned(text, start)) return undefined;
  if (e.attribution && !attributedTo(text, cat, hits, e, raw, start, end)) return undefined;

  let rank = RANK[e.confidence];
  for (const c of e.checks ?? []) {
    if (!CHECKS[c](raw)) {
      const u = e.unchecked ?? 'medium';
      if (u === 'drop') return undefined;
      rank = Math.min(rank, RANK[u]);
    }
  }
  let service = resolveService(text, e, start, end);
  if (e.context) {
    const found = contextFound(text, e, start, end, memo, ctx.whole, ctx.local);
    if (e.context.required && !found) return undefined;
    if (e.context.raise && found) rank = Math.min(2, rank + 1);
    if (e.context.service && !found) service = undefined;
  }
  const provider = e.generic ? genericProvider(cat, e, hits, start) : e.provider;
  if (e.generic) service = cat.serviceByProvider.get(provider);
  const cand: Candidate = { entry: e, start, end, raw, confidence: BY_RANK[rank] as Confidence, provider };
  if (service !== undefined) cand.service = service;
  return cand;
}

/** Merged windows [start, end) around an entry's keyword hits. */
function windows(e: SecretEntry, starts: readonly number[], textLength: number): [number, number][] {
  const out: [number, number][] = [];
  const before = e.before ?? 0;
  for (const h of starts) {
    const s = Math.max(0, h - before);
    const t = Math.min(textLength, h + e.after);
    const last = out[out.length - 1];
    if (last && s <= last[1]) {
      if (t > last[1]) last[1] = t;
    } else {
      out.push([s, t]);
    }
  }
  return out;
}

/**
 * Where context terms are looked up besides the window around a key: `whole` for file-wide terms
 * (the whole notebook when the text is one of its cells), `local` for nearby terms (the rest of the
 * cell: its source and outputs).
 */
interface ScanContext {
  whole: string;
  local?: string;
  /** Results of file-wide context tests, shared by the cells of a notebook. */
  memo?: ContextMemo;
}

/** Every hit of a keyword index in text[from, to), sorted by start; longer keywords that share a root are added at the same start. */
function collectHits(text: string, index: KeywordIndex, from = 0, to = text.length): KeywordHit[] {
  const re = index.re;
  if (!re || to <= from) return [];
  const slice = from === 0 && to === text.length ? text : text.slice(from, to);
  const out: KeywordHit[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(slice); m !== null; m = re.exec(slice)) {
    const pos = m.index;
    const sep = m[0].length === 1 ? index.separated.get(m[0]) : undefined;
    if (sep) {
      for (const k of sep) {
        const at = pos - k.offset;
        if (at >= 0 && slice.startsWith(k.keyword, at)) out.push({ start: from + at, end: from + at + k.keyword.length, keyword: k.keyword, entries: k.entries });
      }
      re.lastIndex = pos + 1;
      continue;
    }
    const g = index.groups.get(index.ignoreCase ? m[0].toLowerCase() : m[0]);
    if (g) {
      out.push({ start: from + pos, end: from + pos + g.keyword.length, keyword: g.keyword, entries: g.entries });
      for (const x of g.extensions) {
        const at = slice.slice(pos, pos + x.keyword.length);
        if ((index.ignoreCase ? at.toLowerCase() : at) === x.keyword) {
          out.push({ start: from + pos, end: from + pos + x.keyword.length, keyword: x.keyword, entries: x.entries });
        }
      }
    }
    re.lastIndex = pos + 1;
  }
  re.lastIndex = 0;
  // Separator hits start before the separator, so they can come out of order.
  for (let i = 1; i < out.length; i++) {
    if ((out[i] as KeywordHit).start < (out[i - 1] as KeywordHit).start) {
      out.sort((a, b) => a.start - b.start || a.end - b.end);
      break;
    }
  }
  return out;
}

/** The key-like names ASSIGN_SCAN starts from (case-insensitive): a text without any has no assignment candidates. */
export const ASSIGN_NAMES: readonly string[] = ['key', 'token', 'secret', 'bearer', 'value', 'default'];

/**
 * A value assigned to a key-like name, anywhere in a text: the name (`key`, `token`, `secret`,
 * `bearer`, or `value`/`default` whose name is above; or `…KeyCredential`), the operator (or a
 * call's `(`, a target-typed `= new(`, a property's `{ get; set; } =`, a type
 * annotation's `: String =` or Go's `string =`, after the plain operators so that they win), an optional quote, and the value (group 1).
 * isAssigned then checks each value precisely.
 */
const ASSIGN_SCAN = new RegExp(
  `(?:${ASSIGN_NAMES.join('|')})` + String.raw`(?:[_-][A-Za-z0-9]{1,8}|credential)?(?:\\?["'\]]){0,2}(?:[ \t]*(?:=[ \t]*new[ \t]*\(|\{[ \t]*get;[\w \t;]{0,30}\}[ \t]*=|=|:=|:|=>|\?=|\?\?=|\|\|=|,|\(|\|\||:[ \t]*[A-Za-z_&][\w.<>?\[\]&]{0,40}[ \t]*=|[ \t]+string[ \t]*=)[ \t]*|[ \t]+)(?:[${'`'}'"]|\\["'])?([A-Za-z0-9_+/=.-]{16,256})`,
  'gi',
);

/** Characters of an assigned value token (ASSIGN_SCAN group 1), by char code. */
const TOKEN = ((): Uint8Array => {
  const t = new Uint8Array(128);
  for (let c = 0; c < 128; c++) if (/[A-Za-z0-9_+/=.-]/.test(String.fromCharCode(c))) t[c] = 1;
  return t;
})();

function beforeOk(text: string, table: Uint8Array, start: number): boolean {
  if (start === 0) return true;
  const before = text.charCodeAt(start - 1);
  if (!inBoundary(table, before)) return true;
  // A key right after a literal \n, \r or \t escape ("…\nsk-proj-…" in JSON text).
  return (before === 110 || before === 114 || before === 116) && text.charCodeAt(start - 2) === 92 && text.charCodeAt(start - 3) !== 92;
}

/** Window entries: each entry's regex in the windows around its keyword hits. */
function windowCandidates(text: string, cat: SecretsCatalog, ctx: ScanContext, memo: ContextMemo, found: Candidate[]): void {
  const hits = collectHits(text, cat.anchors);
  if (hits.length === 0) return;
  const perEntry = new Map<number, number[]>();
  const attribution: KeywordHit[] = [];
  for (const h of hits) {
    let attr: number[] | undefined;
    for (const id of h.entries) {
      const list = perEntry.get(id);
      if (list) list.push(h.start);
      else perEntry.set(id, [h.start]);
      if ((cat.entries[id] as SecretEntry).attribution) (attr ??= []).push(id);
    }
    if (attr) attribution.push({ ...h, entries: attr });
  }
  for (const [id, starts] of [...perEntry].sort((a, b) => a[0] - b[0])) {
    const e = cat.entries[id] as SecretEntry;
    const consider = (raw: string, start: number): void => {
      const end = start + raw.length;
      if (!beforeOk(text, e.boundary, start)) return;
      if (end < text.length && inBoundary(e.boundary, text.charCodeAt(end))) return;
      const c = judge(text, cat, e, raw, start, end, attribution, memo, ctx);
      if (c) found.push(c);
    };
    if (e.before === undefined) {
      // The key starts at a fixed place before the keyword: one anchored attempt per hit.
      const re = e.sticky;
      let last = -1;
      for (const h of starts) {
        const at = h - (e.offset ?? 0);
        if (at < 0 || at === last) continue;
        last = at;
        re.lastIndex = at;
        const m = re.exec(text);
        if (m && m[0].length > 0) consider(m[0], at);
      }
      continue;
    }
    for (const [ws, we] of windows(e, starts, text.length)) {
      const slice = text.slice(ws, we);
      const re = e.re;
      re.lastIndex = 0;
      for (let m = re.exec(slice); m !== null; m = re.exec(slice)) {
        if (m[0].length === 0) {
          re.lastIndex++;
          continue;
        }
        // On a boundary failure lastIndex is already past the match: no key starts inside a token.
        consider(m[0], ws + m.index);
      }
    }
  }
}

/**
 * A line that assigns to a bare key-like name (`api_key: `, `"apiKey": "`, `token = `) or to
 * `value`/`default`: the provider is named on a line above (`mistral:` / `- name: MISTRAL_API_KEY`).
 */
const BARE_NAME = /^[ \t]*[-{,(]?[ \t]*\\?["'`]?(?:(?:api|access|secret|auth|private|client)[_-]?)?(?:key|token|secret)\\?["'`]?[ \t]*(?:=|:=|:|=>)[ \t]*\\?["'`]?$/i;
const VALUE_NAME = /^[ \t]*(?:value|default)\\?["']?[ \t]*(?:=|:)[ \t]*\\?["'`]?$/i;

/** A bare key-like name (as in BARE_NAME, unquoted). */
const KEY_NAME = String.raw`(?:(?:api|access|secret|auth|private|client)[_-]?)?(?:key|token|secret)`;
/** A modifier, keyword or type before a declared name (`private`, `static`, `const`, `String`, `List<String>`, `string?`). */
const DECL_WORD = String.raw`[A-Za-z_][\w$.<>?\[\]]*`;
/**
 * A typed or keyword declaration of a bare key-like name, the head of a string value:
 * `private static final String API_KEY = "`, `string apiKey = "`, `var apiKey = "`, `const apiKey = "`,
 * `var apiKey string = "` (Go), `val apiKey: String = "` (Kotlin, Swift, TypeScript),
 * `public string ApiKey { get; set; } = "` (C#), `AzureKeyCredential key = new("` (C# target-typed),
 * `$apiKey = '` (PHP). Each repeated part is one run of name characters and one of blanks, so the
 * match is unambiguous; heads are at most ASSIGN_LOOKBACK long anyway.
 */
const DECL_NAME = new RegExp(
  String.raw`^[ \t]*(?:${DECL_WORD}[ \t]+){0,5}\$?${KEY_NAME}(?:[ \t]*:[ \t]*[\w$.<>?\[\]&]+|[ \t]+${DECL_WORD})?(?:[ \t]*\{[\w \t;]{0,40}\})?[ \t]*(?:=|:=)[ \t]*(?:new[ \t]*\([ \t]*)?["'${'`'}]$`,
  'i',
);
/**
 * A call that takes the key as its first argument, on its own line: a builder or setter method
 * (`.apiKey("`, `.setApiKey("`, `client.withToken("`) or a credential constructor
 * (`new AzureKeyCredential("`, `.credential(new AzureKeyCredential("`, `credential=AzureKeyCredential("`,
 * `var cred = new ApiKeyCredential("`).
 */
const CALL_NAME = new RegExp(
  String.raw`^[ \t]*(?:(?:${DECL_WORD}[ \t]+){0,4}[\w$.]+[ \t]*(?:=|:=|:)[ \t]*|\.[\w$]+[ \t]*\([ \t]*)?(?:(?:new[ \t]+)?[\w$.]*(?:key|token)credential|[\w$]*\.(?:set|with)?_?${KEY_NAME}|(?:set|with)_?${KEY_NAME})[ \t]*\([ \t]*["'${'`'}]$`,
  'i',
);

/** Is `head` (the line before a value) an assignment to a bare key-like name, in any of the forms above? */
function bareHead(head: string): boolean {
  return head.length <= ASSIGN_LOOKBACK && (BARE_NAME.test(head) || VALUE_NAME.test(head) || DECL_NAME.test(head) || CALL_NAME.test(head));
}

/** Start of the line `n` lines above the line that starts at `lineStart`. */
function linesUp(text: string, lineStart: number, n: number): number {
  let at = lineStart;
  for (let i = 0; i < n && at > 0; i++) at = lineStartBefore(text, beforeLine(text, at));
  return at;
}

/** End (exclusive, at the line break) of the line `n` lines below the line that ends at `lineEnd`. */
function linesDown(text: string, lineEnd: number, n: number): number {
  let at = lineEnd;
  for (let i = 0; i < n && at < text.length; i++) at = lineEndAfter(text, afterLine(text, at));
  return at;
}

/**
 * Assignment entries: every value assigned to a key-like name is tried against the entries whose
 * provider names occur near it. (A scanner that knows the text names no provider, or no key-like
 * name, skips this pass: see Passes. Otherwise one pass of ASSIGN_SCAN is cheaper than looking up
 * every provider name: values assigned to key-like names are few, provider names in AI code are
 * many.) The provider name must be in the assignment itself, on the value's line
 * (`MISTRAL_API_KEY=…`, `Mistral(api_key="…")`), or, when the line assigns to a bare name
 * (`api_key: …`, `value: …`), within the three lines above it (`mistral:` / `- name: …`), or below
 * it for entries that look after the key (`azure_endpoint=` after `api_key=`). So the key of another
 * service on the line after `MISTRAL_API_KEY=` is not a Mistral key.
 */
function assignmentCandidates(text: string, cat: SecretsCatalog, ctx: ScanContext, memo: ContextMemo, found: Candidate[]): void {
  if (!cat.context.re) return;
  const reach = cat.contextReach;
  const re = new RegExp(ASSIGN_SCAN);
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const raw = m[1] as string;
    const end = m.index + m[0].length;
    const start = end - raw.length;
    // Go on from inside a short value, which can hold the next name (`setdefault("X_API_KEY", "…")`);
    // past a long one, so that `key=key=key=…` stays linear.
    re.lastIndex = raw.length <= 64 ? start + 1 : end;
    if (end < text.length && text.charCodeAt(end) < 128 && TOKEN[text.charCodeAt(end)] === 1) continue;
    const hits = collectHits(text, cat.context, Math.max(0, start - reach.after), Math.min(text.length, end + reach.before + cat.context.maxLength));
    if (hits.length === 0) continue;
    const lineStart = lineStartBefore(text, start);
    const lineEnd = lineEndAfter(text, end);
    const head = text.slice(lineStart, start);
    const bare = bareHead(head);
    const above = bare ? linesUp(text, lineStart, 3) : lineStart;
    const below = bare ? linesDown(text, lineEnd, 3) : lineEnd;
    const tried = new Set<number>();
    for (const h of hits) {
      for (const id of h.entries) {
        if (tried.has(id)) continue;
        const e = cat.entries[id] as SecretEntry;
        // The key must lie in the entry's window around this hit, and the hit in the assignment's scope.
        if (start < h.start - (e.before ?? 0) || end > h.start + e.after) continue;
        if (h.start < above || h.start > (e.before ? below : lineEnd)) continue;
        tried.add(id);
        if (!e.whole.test(raw) || !beforeOk(text, e.boundary, start)) continue;
        const c = judge(text, cat, e, raw, start, end, hits, memo, ctx);
        if (c) found.push(c);
      }
    }
  }
}

/**
 * Which of the two passes can find anything, when a keyword pass over the text already knows
 * (src/lang/keywords.ts): `anchors` false when no anchor keyword (anchorWords) occurs, `assignments`
 * false when no ASSIGN_NAMES word or no provider name (contextWords) does. Left out, both passes run.
 */
export interface Passes {
  anchors?: boolean;
  assignments?: boolean;
}

/** Every keyword the anchor pass can record a hit for (exact, case as written unless the index ignores case). */
export function anchorWords(cat: SecretsCatalog): string[] {
  return indexWords(cat.anchors);
}

/**
 * The provider names the assignment pass looks for near each value (case-insensitive): a text
 * without any has no assignment candidates, whatever it assigns.
 */
export function contextWords(cat: SecretsCatalog): string[] {
  return indexWords(cat.context);
}

/** A keyword index's words: every hit collectHits records starts with one of them. */
function indexWords(index: KeywordIndex): string[] {
  return [...index.groups.keys(), ...[...index.separated.values()].flat().map((k) => k.keyword)];
}

/** Finds every key in `text` as offsets; the core of scanText. */
function findCandidates(text: string, cat: SecretsCatalog, ctx: ScanContext = { whole: text }, passes: Passes = {}): Candidate[] {
  if (text.length === 0) return [];
  const memo: ContextMemo = ctx.memo ?? new Map();
  const found: Candidate[] = [];
  if (passes.anchors !== false) windowCandidates(text, cat, ctx, memo, found);
  if (passes.assignments !== false) assignmentCandidates(text, cat, ctx, memo, found);
  return found.length === 0 ? found : resolveOverlaps(found);
}

/** Keeps one candidate per overlapping group: specific over generic, then confidence, then length. */
function resolveOverlaps(found: Candidate[]): Candidate[] {
  const better = (a: Candidate, b: Candidate): boolean => {
    if (!!a.entry.generic !== !!b.entry.generic) return !a.entry.generic;
    if (RANK[a.confidence] !== RANK[b.confidence]) return RANK[a.confidence] > RANK[b.confidence];
    if (a.raw.length !== b.raw.length) return a.raw.length > b.raw.length;
    return a.entry.index < b.entry.index;
  };
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Candidate[] = [];
  for (const c of found) {
    const last = out[out.length - 1];
    if (last && c.start < last.end) {
      if (better(c, last)) out[out.length - 1] = c;
      continue;
    }
    out.push(c);
  }
  return out;
}

/**
 * Turns offsets into 1-based lines and UTF-16 columns, walking the text once (up to the last key).
 * Lines end at CR, LF and CRLF: the lines of SARIF regions (the run declares these
 * newlineSequences), of editors and of the Python positions, so a key in a file with old Mac line
 * ends is on its own line, not on line 1 at a large column. A text without a CR (nearly all) takes
 * the LF loop.
 */
function withPositions(text: string, cands: readonly Candidate[]): SecretMatch[] {
  const out: SecretMatch[] = [];
  if (cands.length === 0) return out;
  let line = 1;
  let lineStart = 0;
  if (!text.includes('\r')) {
    let pos = 0;
    for (const c of cands) {
      for (let nl = text.indexOf('\n', pos); nl !== -1 && nl < c.start; nl = text.indexOf('\n', nl + 1)) {
        line++;
        lineStart = nl + 1;
      }
      pos = c.start;
      out.push(matchOf(c, line, c.start - lineStart + 1, c.end - lineStart + 1));
    }
    return out;
  }
  const re = /\r\n?|\n/g;
  let m = re.exec(text);
  for (const c of cands) {
    // A key never starts on a line end, so every line end before it ends a line above it. (Once
    // exec finds none, m stays null: exec would start over from lastIndex 0.)
    for (; m !== null && m.index < c.start; m = re.exec(text)) {
      line++;
      lineStart = m.index + m[0].length;
    }
    out.push(matchOf(c, line, c.start - lineStart + 1, c.end - lineStart + 1));
  }
  return out;
}

/** The match for a candidate placed at `line`, columns [column, endColumn). */
function matchOf(c: Candidate, line: number, column: number, endColumn: number): SecretMatch {
  const m: SecretMatch = { ruleId: c.entry.rule, provider: c.provider, line, column, endLine: line, endColumn, raw: c.raw, confidence: c.confidence };
  if (c.service !== undefined) m.service = c.service;
  if (c.entry.variant !== undefined) m.variant = c.entry.variant;
  return m;
}

/**
 * Every AI provider key in `text`. `opts.path` is a hint: a `.ipynb` path is scanned as a notebook
 * (scanNotebook). Matches are sorted by position; overlapping matches are reduced to one.
 */
export function scanText(text: string, catalog: SecretsCatalog, opts?: { path?: string; passes?: Passes }): SecretMatch[] {
  if (opts?.path && /\.ipynb$/i.test(opts.path)) return scanNotebook(text, catalog);
  return withPositions(text, findCandidates(text, catalog, { whole: text }, opts?.passes));
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const isObj = (v: unknown): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** nbformat multiline strings: a string or a list of lines (each keeping its `\n`). */
function joinSource(v: Json | undefined): string | undefined {
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return (v as string[]).join('');
  return undefined;
}

/** The texts of one saved output: stream text, every text `data` MIME bundle, error traceback and value. */
function outputTexts(o: Json): string[] {
  if (!isObj(o)) return [];
  const out: string[] = [];
  const push = (v: Json | undefined): void => {
    if (v === undefined || v === null) return;
    const s = joinSource(v);
    if (s !== undefined) out.push(s);
    else if (typeof v === 'object') out.push(JSON.stringify(v, null, 1));
  };
  push(o.text);
  if (isObj(o.data)) {
    // Raster images are base64 of binary data; a key cannot be hidden in them as text.
    for (const [mime, v] of Object.entries(o.data)) if (!/^image\/(?!svg)/.test(mime)) push(v);
  }
  if (Array.isArray(o.traceback)) out.push(o.traceback.filter((x): x is string => typeof x === 'string').join('\n'));
  if (typeof o.evalue === 'string') out.push(o.evalue);
  return out;
}

/**
 * Keys in a Jupyter notebook. The JSON is decoded so escaping cannot hide a key: each cell's source
 * (nbformat 4 `cells`, nbformat 3 `worksheets[].cells` with `input`) is scanned on its own, with
 * `cell` (0-based among all cells) and lines inside the cell; saved outputs (stream text, every
 * text `data` MIME bundle, tracebacks) are scanned with `output: true` and lines inside the
 * output text. The notebook's and the cells' metadata are scanned too, and what is found there is
 * reported at its position in the file. A notebook that is not valid JSON is scanned as plain text.
 * File-wide context (Bedrock named anywhere) is looked up in the whole notebook; nearby context in
 * the whole cell (source and outputs).
 */
export function scanNotebook(text: string, catalog: SecretsCatalog): SecretMatch[] {
  let doc: Json;
  try {
    doc = JSON.parse(text) as Json;
  } catch {
    return withPositions(text, findCandidates(text, catalog));
  }
  if (!isObj(doc)) return withPositions(text, findCandidates(text, catalog));
  const cells: Json[] = [];
  if (Array.isArray(doc.cells)) cells.push(...doc.cells);
  else if (Array.isArray(doc.worksheets)) {
    for (const w of doc.worksheets) if (isObj(w) && Array.isArray(w.cells)) cells.push(...w.cells);
  }
  const memo: ContextMemo = new Map();
  const out: SecretMatch[] = [];
  const seen = new Set<string>();
  const rest: Json[] = [doc.metadata ?? null];
  cells.forEach((cell, index) => {
    if (!isObj(cell)) return;
    rest.push(cell.metadata ?? null);
    const src = joinSource(cell.source) ?? joinSource(cell.input);
    const outs = Array.isArray(cell.outputs) ? cell.outputs.map(outputTexts) : [];
    const ctx: ScanContext = { whole: text, local: [src ?? '', ...outs.flat()].join('\n'), memo };
    if (src !== undefined) {
      for (const m of withPositions(src, findCandidates(src, catalog, ctx))) {
        out.push({ ...m, cell: index });
        seen.add(m.raw);
      }
    }
    for (const texts of outs) {
      for (const t of texts) {
        for (const m of withPositions(t, findCandidates(t, catalog, ctx))) {
          out.push({ ...m, cell: index, output: true });
          seen.add(m.raw);
        }
      }
    }
  });
  const restText = JSON.stringify(rest, null, 1);
  let lines: number[] | undefined;
  for (const c of findCandidates(restText, catalog, { whole: text, memo })) {
    if (seen.has(c.raw)) continue;
    seen.add(c.raw);
    let at = text.indexOf(c.raw);
    if (at < 0) at = text.indexOf(c.raw.replace(/\//g, '\\/'));
    // The file's own line and column: lines end at CR, LF and CRLF, as in withPositions.
    lines ??= lineStarts(text, 'cr-lf');
    const line = lineOf(lines, Math.max(0, at));
    const column = Math.max(0, at) - (lines[line] as number) + 1;
    out.push(matchOf(c, line + 1, column, column + (at < 0 ? 0 : c.raw.length)));
  }
  return out;
}
