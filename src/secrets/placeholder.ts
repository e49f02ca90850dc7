/**
 * Placeholder and decoy recognition: values that have the shape of a key but are not one.
 * Pure functions of the value and the catalog's `placeholders` limits.
 */

export interface PlaceholderLimits {
  /** Lower-case words that mark a placeholder anywhere in the value (`YOUR_API_KEY`, `example`). */
  words: readonly string[];
  /** A character repeated this many times in a row (`xxxxxx`, `000000`). */
  maxRun: number;
  /** This many characters in a row stepping up or down by one code point (`abcdef`, `654321`). */
  maxSequence: number;
  /** The value is a repetition of a unit no longer than this (`ab12ab12ab12…`). */
  maxPeriod: number;
}

/** Length of the longest run of one repeated character. */
export function longestRun(s: string): number {
  let best = s.length > 0 ? 1 : 0;
  let run = 1;
  for (let i = 1; i < s.length; i++) {
    run = s.charCodeAt(i) === s.charCodeAt(i - 1) ? run + 1 : 1;
    if (run > best) best = run;
  }
  return best;
}

const isAlnumCode = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/** Length of the longest run of letters or digits that step by +1 or -1 (`abcdef`, `98765`). */
export function longestSequence(s: string): number {
  let best = s.length > 0 ? 1 : 0;
  let run = 1;
  let step = 0;
  for (let i = 1; i < s.length; i++) {
    const a = s.charCodeAt(i - 1);
    const b = s.charCodeAt(i);
    const d = b - a;
    if ((d === 1 || d === -1) && isAlnumCode(a) && isAlnumCode(b)) {
      run = d === step ? run + 1 : 2;
      step = d;
    } else {
      run = 1;
      step = 0;
    }
    if (run > best) best = run;
  }
  return best;
}

/** The smallest p ≤ maxPeriod such that s is a repetition of its first p characters, or 0. */
export function shortPeriod(s: string, maxPeriod: number): number {
  for (let p = 1; p <= maxPeriod && p * 2 <= s.length; p++) {
    let ok = true;
    for (let i = p; i < s.length; i++) {
      if (s.charCodeAt(i) !== s.charCodeAt(i - p)) {
        ok = false;
        break;
      }
    }
    if (ok) return p;
  }
  return 0;
}

/**
 * Does `value` contain the placeholder word `w` written as a person writes it (`your`, `YOUR`,
 * `Your`)? A random mixed-case key contains `fAkE` or `yOuR` now and then; those do not count.
 */
function hasWord(value: string, lower: string, w: string): boolean {
  const upper = w.toUpperCase();
  const title = upper.slice(0, 1) + w.slice(1);
  for (let at = lower.indexOf(w); at !== -1; at = lower.indexOf(w, at + 1)) {
    const s = value.slice(at, at + w.length);
    if (s === w || s === upper || s === title) return true;
  }
  return false;
}

/**
 * Why `value` is a placeholder, or undefined when it looks random. `skip` is the length of a
 * fixed prefix (`sk-proj-`) left out of the run and sequence tests.
 */
export function placeholderReason(value: string, limits: PlaceholderLimits, skip = 0): string | undefined {
  const lower = value.toLowerCase();
  for (const w of limits.words) if (hasWord(value, lower, w)) return `word:${w}`;
  const body = value.slice(skip);
  if (longestRun(body) >= limits.maxRun) return 'repeated character';
  if (longestSequence(body) >= limits.maxSequence) return 'sequence';
  if (shortPeriod(body, limits.maxPeriod) > 0) return 'periodic';
  if (lower.includes('...') || value.includes('…')) return 'ellipsis';
  return undefined;
}

/**
 * Is `value` an identifier (a slug such as `ms-azure-rtos-2023-05`, `stability_ai_nc_2023`,
 * `acki.nacki.node.2024`) rather than a random key? It is when it splits on `-`, `_` and `.` into
 * at least `minSegments` segments, none empty, each either only lower-case ASCII letters or only
 * digits. A random key's segments mix letters and digits (a UUID's hex groups, `a8f3k-29dk3`) or
 * mix case, and a value with doubled, leading or trailing separators is not called a slug.
 */
export function isSlug(value: string, minSegments: number): boolean {
  let segments = 0;
  let kind = 0; // 0: empty segment so far, 1: letters, 2: digits
  for (let i = 0; i <= value.length; i++) {
    const c = i < value.length ? value.charCodeAt(i) : 45;
    if (c === 45 || c === 95 || c === 46) {
      if (kind === 0) return false;
      segments++;
      kind = 0;
      continue;
    }
    const k = c >= 97 && c <= 122 ? 1 : c >= 48 && c <= 57 ? 2 : 3;
    if (k === 3 || (kind !== 0 && kind !== k)) return false;
    kind = k;
  }
  return segments >= minSegments;
}

const CAMEL_WORD = /[A-Z]?[a-z]{2,}|[A-Z0-9]{1,4}/g;

const isLower = (c: number): boolean => c >= 0x61 && c <= 0x7a;
const isUpper = (c: number): boolean => c >= 0x41 && c <= 0x5a;
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

/**
 * Whether `v` is shaped as camel-case words: a first word (two or more lower-case letters, or a
 * capital and two or more), then one or more of a word (a capital and two or more lower-case
 * letters) or an acronym (one to four capitals and digits, followed by a capital or the end).
 * That is the regular expression
 * `^(?:[a-z]{2,}|[A-Z][a-z]{2,})(?:[A-Z][a-z]{2,}|[A-Z0-9]{1,4}(?=[A-Z]|$))+$`, read in one pass:
 * as a regular expression it tried every way of cutting a run of capitals into acronyms, so 31
 * capitals and a lower-case letter took half a second, and each more capital about twice as long.
 * A run of capitals and digits is its acronyms, then, when lower-case letters follow, the capital
 * that starts the next word; the acronyms must cut it into pieces of one to four that each end
 * before a capital or at the run's end.
 */
export function camelShaped(v: string): boolean {
  const n = v.length;
  let i = 0;
  const c0 = v.charCodeAt(0);
  if (isUpper(c0)) i = 1;
  else if (!isLower(c0)) return false;
  const first = i;
  while (i < n && isLower(v.charCodeAt(i))) i++;
  if (i - first < 2 || i === n) return false;
  while (i < n) {
    let j = i;
    while (j < n && (isUpper(v.charCodeAt(j)) || isDigit(v.charCodeAt(j)))) j++;
    if (j === i) return false;
    let acronymEnd = j;
    if (j < n) {
      let k = j;
      while (k < n && isLower(v.charCodeAt(k))) k++;
      // Lower-case letters follow the run: its last character starts a word of two or more.
      if (k - j < 2 || !isUpper(v.charCodeAt(j - 1))) return false;
      acronymEnd = j - 1;
      j = k;
    }
    if (!acronymsCut(v, i, acronymEnd)) return false;
    i = j;
  }
  return true;
}

/** Whether v[from, to) cuts into pieces of one to four characters, each ending before a capital or at `to`. */
function acronymsCut(v: string, from: number, to: number): boolean {
  if (from === to) return true;
  // reach[k]: v[from, from + k) cuts so (a run longer than 4 + the capitals in it cuts or not in one pass).
  const len = to - from;
  const reach = new Uint8Array(len + 1);
  reach[0] = 1;
  for (let p = 0; p < len; p++) {
    if (!reach[p]) continue;
    for (let q = p + 1; q <= Math.min(len, p + 4); q++) if (q === len || isUpper(v.charCodeAt(from + q))) reach[q] = 1;
  }
  return reach[len] === 1;
}

/**
 * Is `value` a camel-case identifier of at least `minWords` words (`azureEntraCognitiveServicesOAuth2Api`,
 * `huggingFaceApiTokenV2`)? Each word after the first is a capital and two or more lower-case
 * letters, or an acronym of at most four capitals and digits followed by a capital or the end; the
 * first is two or more lower-case letters or a capitalised word. The words read like words (each
 * has a vowel, `y` counted, and no four consonants in a row), and acronyms hold at most four
 * characters and a quarter of the value. Measured on 4,000,000 random letters-and-digits strings
 * with a digit: none of 24 to 64 characters passed, and 41 of 3,894,392 (about one in 100,000) of
 * 20 to 23.
 */
export function isCamelIdentifier(value: string, minWords: number): boolean {
  if (!camelShaped(value)) return false;
  const words = value.match(CAMEL_WORD) ?? [];
  let acronyms = 0;
  for (const w of words) {
    const lower = w.toLowerCase();
    if (!/[a-z]/.test(w)) acronyms += w.length;
    else if (!/[aeiouy]/.test(lower) || /[^aeiouy]{4}/.test(lower)) return false;
  }
  return words.length >= minWords && acronyms <= 4 && acronyms * 4 <= value.length;
}
