/**
 * Characters that hide or reorder text: what a reviewer does not see in an editor or on a
 * pull-request page, while a model reads it (agent/hidden-text). Three classes:
 *
 * - zero-width: U+200B-U+200D, U+2060-U+2064, U+FEFF (after the start; ctx.text() drops a leading
 *   byte-order mark), U+180E, and the Hangul fillers U+115F, U+1160, U+3164, U+FFA0, which render
 *   as blanks of no width;
 * - bidi: the embeddings and overrides U+202A-U+202E and the isolates U+2066-U+2069 (Trojan Source
 *   reorders text with them), and the marks U+200E, U+200F, U+061C;
 * - tag: U+E0000-U+E007F, which spell ASCII invisibly ("ASCII smuggling");
 * - variation-selector: U+FE00-U+FE0F and U+E0100-U+E01EF in a run of two or more (256 selectors
 *   carry a byte each: data hidden after one emoji, "emoji smuggling"), or one of the supplementary
 *   U+E0100-U+E01EF after a character that is no CJK ideograph (ideographic variation sequences
 *   are their only use). One selector after a character (an emoji's VS16, a CJK variant) is text.
 *
 * Not counted, because ordinary text uses them:
 * - a zero-width joiner inside an emoji sequence (👨‍👩‍👧: pictograph, ZWJ, pictograph; a skin-tone
 *   modifier or VS16 may come before the ZWJ);
 * - a single zero-width joiner or non-joiner between two letters (or marks) of a script other than
 *   Latin: Persian, Arabic, Urdu and the Indic scripts write with them (می‌خواهم). Between Latin
 *   letters, or in runs of two or more, they are counted: that is how bits are hidden in text;
 * - a single zero-width non-joiner between an Arabic-script letter and a Latin letter or a digit:
 *   Persian attaches its suffixes so to any word, a Latin one too (API‌ها, "the APIs");
 * - a single joiner or non-joiner right after a combining mark of a script other than Latin (an
 *   Indic virama) at the end of a word: the explicit virama and the chillu letters of text encoded
 *   before Unicode 5.1 (Malayalam അവന്‍);
 * - a single zero-width space between two letters (or marks) of Thai, Lao, Khmer or Myanmar, which
 *   put no blank between words and mark the word breaks with it (ភាសា + U+200B + ខ្មែរ);
 * - a single Mongolian vowel separator U+180E between two Mongolian letters, where the script uses it;
 * - the tag characters of a flag emoji tag sequence (U+1F3F4, then tag letters or digits, then
 *   CANCEL TAG U+E007F: 🏴󠁧󠁢󠁳󠁣󠁴󠁿, UTS #51);
 * - a single invisible math operator U+2061-U+2064 (function application, invisible times,
 *   separator, plus: MathML and math text put them between operands) between two operands, a
 *   letter, digit, math symbol or bracket, in a math context: U+2061 between a letter or digit and
 *   `(` (sin⁡(x)), or a math character beside it or within MATH_WINDOW code units on its line: a
 *   non-ASCII math symbol (U+2200-U+22FF and the other \p{Sm}), a mathematical alphanumeric
 *   (U+1D400-U+1D7FF: 𝑥, 𝛼) or ASCII `+`, `=`, `^` (2⁢x + 1, ∀x⁣y); Greek letters alone are no
 *   context (Greek prose). Between words of prose
 *   (hello⁢world), at a blank, in a run of hidden characters or beside one of another class, they count;
 * - the marks U+200E, U+200F and U+061C in a text that holds right-to-left letters (Hebrew, Arabic,
 *   Syriac, Thaana, N'Ko and the other RTL scripts), where writers use them to place neutral
 *   characters. The embeddings, overrides and isolates are always counted: Markdown does not need
 *   them, and they are what reorders a line.
 *
 * The only character classes of this kind elsewhere (src/pickle/policy.ts INVISIBLE_RANGES) serve
 * a confusable skeleton for module names, where every default-ignorable is dropped; these decide
 * what to report in prose, so they keep the exceptions above.
 */

import { printable } from './printable.js';

export type HiddenClass = 'zero-width' | 'bidi' | 'tag' | 'variation-selector';

export interface HiddenScan {
  /** Characters counted, per class. */
  counts: Record<HiddenClass, number>;
  total: number;
  /** The first counted character: its UTF-16 offset and code point. */
  first?: { index: number; codePoint: number };
}

/** A cheap test: could the text hold any of them? (A superset: the exceptions are decided later.) */
const ANY = new RegExp(
  // The variation selectors VS1-VS16 as alternatives, not a class range: they combine with what
  // comes before them, which a character class would mislead about.
  `[\\u061C\\u115F\\u1160\\u180E\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\u3164\\uFEFF\\uFFA0]|\\uDB40[\\uDC00-\\uDC7F\\uDD00-\\uDDEF]|${Array.from({ length: 16 }, (_, k) => `\\uFE0${k.toString(16)}`).join('|')}`,
);

/** Whether a text may hold any of them (a superset: the exceptions are decided by scanHiddenChars). */
export const mayHoldHidden = (text: string): boolean => ANY.test(text);

const RTL_LETTER = /[\p{Script=Hebrew}\p{Script=Arabic}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Samaritan}\p{Script=Mandaic}\p{Script=Adlam}\p{Script=Hanifi_Rohingya}]/u;
const PICTOGRAPH = /\p{Extended_Pictographic}/u;
const LETTER = /[\p{L}\p{M}]/u;
const LATIN = /\p{Script=Latin}/u;
const ARABIC_LETTER = /\p{Script=Arabic}/u;
const LATIN_OR_DIGIT = /[\p{Script=Latin}\p{Nd}]/u;
/** A combining mark that belongs to a script of its own (a virama), not an inherited diacritic. */
const SCRIPT_MARK = /\p{M}/u;
const INHERITED = /\p{Script=Inherited}/u;
/** Scripts written without blanks between words. */
const SPACELESS = /[\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
const MONGOLIAN = /\p{Script=Mongolian}/u;

const isSelector = (cp: number): boolean => (cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0xe0100 && cp <= 0xe01ef);
const IDEOGRAPH = /\p{Ideographic}/u;

function classOf(cp: number): HiddenClass | undefined {
  if (cp >= 0xe0000 && cp <= 0xe007f) return 'tag';
  if (isSelector(cp)) return 'variation-selector';
  if ((cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) || cp === 0x200e || cp === 0x200f || cp === 0x061c) return 'bidi';
  if ((cp >= 0x200b && cp <= 0x200d) || (cp >= 0x2060 && cp <= 0x2064) || cp === 0xfeff || cp === 0x180e || cp === 0x115f || cp === 0x1160 || cp === 0x3164 || cp === 0xffa0) return 'zero-width';
  return undefined;
}

/** The code point that ends just before UTF-16 index `i`, or -1. */
function cpBefore(text: string, i: number): number {
  if (i <= 0) return -1;
  const lo = text.charCodeAt(i - 1);
  if (lo >= 0xdc00 && lo <= 0xdfff && i >= 2) {
    const hi = text.charCodeAt(i - 2);
    if (hi >= 0xd800 && hi <= 0xdbff) return ((hi - 0xd800) << 10) + (lo - 0xdc00) + 0x10000;
  }
  return lo;
}

const ch = (cp: number): string => (cp < 0 ? '' : String.fromCodePoint(cp));
const isPictograph = (cp: number): boolean => cp >= 0 && PICTOGRAPH.test(ch(cp));
const isEmojiModifier = (cp: number): boolean => cp >= 0x1f3fb && cp <= 0x1f3ff;
const isNonLatinLetter = (cp: number): boolean => cp >= 0x80 && LETTER.test(ch(cp)) && !LATIN.test(ch(cp));

const isLetter = (cp: number): boolean => cp >= 0 && LETTER.test(ch(cp));
const isScriptMark = (cp: number): boolean => cp >= 0x300 && SCRIPT_MARK.test(ch(cp)) && !INHERITED.test(ch(cp)) && !LATIN.test(ch(cp));
const inScript = (re: RegExp, cp: number): boolean => cp >= 0x80 && re.test(ch(cp));

/**
 * Whether the ZWJ/ZWNJ, zero-width space or Mongolian vowel separator at `i` (of code point `cp`)
 * is part of ordinary text (see the module comment).
 */
function legitJoiner(text: string, i: number, cp: number): boolean {
  const prev = cpBefore(text, i);
  const next = text.codePointAt(i + 1) ?? -1;
  // A run of them (a variation selector beside it is an emoji's VS16, decided on its own).
  if ((classOf(prev) !== undefined && !isSelector(prev)) || (classOf(next) !== undefined && !isSelector(next))) return false;
  if (cp === 0x200b) return inScript(SPACELESS, prev) && inScript(SPACELESS, next) && isLetter(prev) && isLetter(next);
  if (cp === 0x180e) return inScript(MONGOLIAN, prev) && inScript(MONGOLIAN, next) && isLetter(prev) && isLetter(next);
  if (cp === 0x200c && ((inScript(ARABIC_LETTER, prev) && isLetter(prev) && next >= 0 && LATIN_OR_DIGIT.test(ch(next))) || (inScript(ARABIC_LETTER, next) && isLetter(next) && prev >= 0 && LATIN_OR_DIGIT.test(ch(prev))))) return true;
  if (isScriptMark(prev) && !isLetter(next)) return true;
  if (cp === 0x200d) {
    // Emoji ZWJ sequence: the ZWJ follows a pictograph (maybe through a skin tone or VS16) and precedes one.
    let p = prev;
    let at = i;
    while (p === 0xfe0f || isEmojiModifier(p)) {
      at -= p > 0xffff ? 2 : 1;
      p = cpBefore(text, at);
    }
    if (isPictograph(p) && isPictograph(next)) return true;
  }
  return isNonLatinLetter(prev) && isNonLatinLetter(next);
}

/** How far (UTF-16 units, on its line) a math character makes an invisible operator's context math. */
const MATH_WINDOW = 16;
/** A math character: a non-ASCII math symbol, a mathematical alphanumeric, or ASCII `+`, `=`, `^`. */
const MATH_CHAR = /[+=^\u00B1\u00D7\u00F7\u2200-\u22FF\u27C0-\u27EF\u2980-\u2AFF\u{1D400}-\u{1D7FF}]|(?![\0-\x7f])\p{Sm}/u;
/** An operand beside an invisible operator: a letter, digit, math symbol or bracket. */
const OPERAND = /[\p{L}\p{Nd}\p{Sm}()[\]{}]/u;

/**
 * Whether the invisible math operator at `i` (U+2061-U+2064, of code point `cp`) is part of math
 * text (see the module comment). Pure; reads at most MATH_WINDOW units on each side.
 */
export function legitMathOperator(text: string, i: number, cp: number): boolean {
  const prev = cpBefore(text, i);
  const next = text.codePointAt(i + 1) ?? -1;
  if (classOf(prev) !== undefined || classOf(next) !== undefined) return false;
  if (prev < 0 || next < 0 || !OPERAND.test(ch(prev)) || !OPERAND.test(ch(next))) return false;
  if (cp === 0x2061 && next === 0x28 && /[\p{L}\p{Nd}]/u.test(ch(prev))) return true;
  let from = i;
  while (from > 0 && i - from < MATH_WINDOW && text[from - 1] !== '\n' && text[from - 1] !== '\r') from--;
  let to = i + 1;
  while (to < text.length && to - i <= MATH_WINDOW && text[to] !== '\n' && text[to] !== '\r') to++;
  return MATH_CHAR.test(text.slice(from, i)) || MATH_CHAR.test(text.slice(i + 1, to));
}

/**
 * The length (UTF-16 units) of a flag emoji tag sequence's tags starting at `i`, right after
 * U+1F3F4: tag digits and small letters, then CANCEL TAG; 0 when it is not one.
 */
function flagTags(text: string, i: number): number {
  let k = i;
  let n = 0;
  for (;;) {
    const cp = text.codePointAt(k) ?? -1;
    if (cp === 0xe007f) return n > 0 ? k + 2 - i : 0;
    if (!((cp >= 0xe0030 && cp <= 0xe0039) || (cp >= 0xe0061 && cp <= 0xe007a)) || n >= 32) return 0;
    n++;
    k += 2;
  }
}

/**
 * The text with every character of these classes (exceptions or not) shown as a visible escape,
 * `\u{200B}`, and the controls printable() escapes escaped too: a key path or name from a scanned
 * file in a message must not hide or reorder the message itself.
 */
export function showHidden(text: string): string {
  return printable(text.replace(new RegExp(ANY.source, 'g'), (c) => `\\u{${(c.codePointAt(0) as number).toString(16).toUpperCase()}}`));
}

/** Counts the hiding characters of a text, with the exceptions of the module comment. Linear. *//** Counts the hiding characters of a text, with the exceptions of the module comment. Linear. */
export function scanHiddenChars(text: string): HiddenScan {
  const out: HiddenScan = { counts: { 'zero-width': 0, bidi: 0, tag: 0, 'variation-selector': 0 }, total: 0 };
  if (!ANY.test(text)) return out;
  const rtl = RTL_LETTER.test(text);
  const re = new RegExp(ANY.source, 'g');
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const i = m.index;
    const cp = text.codePointAt(i) as number;
    const cls = classOf(cp);
    if (cls === undefined) continue;
    if (cls === 'tag' && cpBefore(text, i) === 0x1f3f4) {
      const len = flagTags(text, i);
      if (len > 0) {
        re.lastIndex = i + len;
        continue;
      }
    }
    if ((cp === 0x200c || cp === 0x200d || cp === 0x200b || cp === 0x180e) && legitJoiner(text, i, cp)) continue;
    if ((cp === 0x200e || cp === 0x200f || cp === 0x061c) && rtl) continue;
    if (cp >= 0x2061 && cp <= 0x2064 && legitMathOperator(text, i, cp)) continue;
    if (cls === 'variation-selector') {
      const prev = cpBefore(text, i);
      const next = text.codePointAt(i + (cp > 0xffff ? 2 : 1)) ?? -1;
      const run = isSelector(prev) || isSelector(next);
      if (!run && (cp <= 0xffff || (prev >= 0 && IDEOGRAPH.test(ch(prev))))) continue;
    }
    out.counts[cls]++;
    out.total++;
    out.first ??= { index: i, codePoint: cp };
  }
  return out;
}
