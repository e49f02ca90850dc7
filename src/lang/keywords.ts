/**
 * One pass over a text for every detector's keywords: an Aho-Corasick automaton (a DFA over
 * character classes) built from several word groups, each case-sensitive or not, answers which
 * groups occur in the text. Detectors register their group once (`keywordGroup`) and ask per file;
 * the first question about a text scans it for all groups at once, the others read the answer.
 * The pass costs about 2 ns a character whatever the groups: a detector whose own test is cheaper
 * (one fast regex) only peeks, using the answer when another detector already paid for it.
 *
 * Why: each detector testing its own keyword regex meant four passes of V8's regex engine over
 * every text file (the SDK import names, the Hugging Face loaders, the key anchors, the key-like
 * assignment names), 580 ms on the 79 MB bench tree; the automaton does one pass for all of them
 * (about 170 ms there) and a group's precise regex then runs only on the files that mention it.
 *
 * The automaton reads the text with ASCII letters folded to lower case, so case-insensitive words
 * are found directly; a hit of a case-sensitive word is confirmed against the text as written.
 * Answers are supersets only when a caller's own test is stricter (word boundaries, what follows
 * a word): callers keep that test and run it after the group says yes.
 */
import type { RuleSet } from '../rules/load.js';

export interface KeywordGroupSpec {
  words: readonly string[];
  /** ASCII case-insensitive (as a RegExp `i` flag without `u` treats ASCII words). */
  ignoreCase?: boolean;
}

/** Words the automaton must confirm as written (case-sensitive), by the state where they end. */
type Confirm = readonly { word: string; bit: number }[];

/** Flag on a transition whose target state ends words (above every premultiplied state index). */
const OUTPUT = 0x40000000;

const A = 65;
const Z = 90;

function fold(code: number): number {
  return code >= A && code <= Z ? code + 32 : code;
}

/**
 * The automaton for a list of groups (at most 31). `mask(text)` is a bit set: bit i is set when a
 * word of group i occurs in text.
 */
export class KeywordScanner {
  /** Character class of each UTF-16 code unit (0: in no word). */
  private readonly cls: Uint8Array;
  private readonly width: number;
  /**
   * Transition table, premultiplied by `width`: next = table[state + class], with OUTPUT set on
   * a target where words end (so the scan reads one cell per character).
   */
  private readonly table: Int32Array;
  /** Per state: the groups reaching it settles, and the sign bit when words end there to confirm. */
  private readonly settles: Int32Array;
  /** Case-sensitive words ending at a state. */
  private readonly confirm: (Confirm | undefined)[];
  readonly all: number;

  constructor(groups: readonly KeywordGroupSpec[]) {
    if (groups.length > 31) throw new Error('at most 31 keyword groups');
    this.all = groups.length === 31 ? 0x7fffffff : (1 << groups.length) - 1;
    const cls = new Uint8Array(65536);
    let classes = 1;
    const words: { folded: string; word: string; bit: number; exact: boolean }[] = [];
    groups.forEach((g, i) => {
      for (const word of g.words) {
        if (word.length === 0) continue;
        // toLowerCase folds ASCII as fold() does; a word with other characters folds only A-Z.
        const folded = /[\u0080-\uffff]/.test(word) ? word.replace(/[A-Z]/g, (c) => String.fromCharCode(fold(c.charCodeAt(0)))) : word.toLowerCase();
        // The text is read folded, so a case-sensitive word with a letter in it is confirmed as written.
        words.push({ folded, word, bit: 1 << i, exact: g.ignoreCase !== true && /[A-Za-z]/.test(word) });
      }
    });
    for (const w of words) {
      for (let i = 0; i < w.folded.length; i++) {
        const c = w.folded.charCodeAt(i);
        if (cls[c] === 0) {
          if (classes === 255) throw new Error('too many distinct keyword characters');
          cls[c] = classes++;
          // The upper-case letter reads as its lower-case class.
          if (c >= 97 && c <= 122) cls[c - 32] = cls[c] as number;
        }
      }
    }
    // The trie, built from the words in sorted order: a word shares its path with the previous one
    // up to their common prefix, so no child lookup is needed; each state keeps its parent and
    // class for the breadth-first pass.
    const width = classes;
    let chars = 0;
    for (const w of words) chars += w.folded.length;
    if ((chars + 1) * width >= OUTPUT) throw new Error('too many keyword states');
    words.sort((a, b) => (a.folded < b.folded ? -1 : a.folded > b.folded ? 1 : 0));
    const parentOf = new Int32Array(chars + 1);
    const classOf = new Int32Array(chars + 1);
    const settles = new Int32Array(chars + 1);
    const exactAt = new Map<number, { word: string; bit: number }[]>();
    const path = [0];
    let prev = '';
    let n = 1;
    for (const w of words) {
      const f = w.folded;
      let common = 0;
      while (common < f.length && common < prev.length && f.charCodeAt(common) === prev.charCodeAt(common)) common++;
      for (let i = common; i < f.length; i++) {
        const t = n++;
        parentOf[t] = path[i] as number;
        classOf[t] = cls[f.charCodeAt(i)] as number;
        path[i + 1] = t;
      }
      prev = f;
      const s = path[f.length] as number;
      if (w.exact) {
        const list = exactAt.get(s);
        if (list) list.push({ word: w.word, bit: w.bit });
        else exactAt.set(s, [{ word: w.word, bit: w.bit }]);
      } else settles[s] = (settles[s] as number) | w.bit;
    }
    // Children lists (counting sort by parent), so the pass below touches each edge once.
    const first = new Int32Array(n + 1);
    for (let t = 1; t < n; t++) {
      const p = (parentOf[t] as number) + 1;
      first[p] = (first[p] as number) + 1;
    }
    for (let s = 0; s < n; s++) first[s + 1] = (first[s + 1] as number) + (first[s] as number);
    const children = new Int32Array(n);
    const fill = first.slice(0, n);
    for (let t = 1; t < n; t++) {
      const p = parentOf[t] as number;
      const at = fill[p] as number;
      fill[p] = at + 1;
      children[at] = t;
    }
    // Failure links and the full transition table, breadth first. A state's row starts as a copy
    // of its failure state's row (shallower, so complete), then its own children replace their
    // cells. A child's failure state is the copied cell; it is shallower than the child and its
    // own failure link was set when its parent was done, so its settle bits and confirm list are
    // final: the child's are set at once, and the cell holds the child's final encoded value
    // (state premultiplied by width, OUTPUT when words end there).
    const table = new Int32Array(n * width);
    const fail = new Int32Array(n);
    const confirm: (Confirm | undefined)[] = new Array(n).fill(undefined);
    const queue = new Int32Array(n);
    let tail = 0;
    const stateOf = (cell: number): number => ((cell >= OUTPUT ? cell - OUTPUT : cell) / width) | 0;
    const enter = (t: number, f: number): number => {
      fail[t] = f;
      const own = exactAt.get(t);
      const inherited = confirm[f];
      if (own || inherited) confirm[t] = [...(own ?? []), ...(inherited ?? [])];
      const bits = (settles[t] as number) | ((settles[f] as number) & 0x7fffffff) | (confirm[t] ? 0x80000000 : 0);
      settles[t] = bits;
      queue[tail++] = t;
      return t * width + (bits !== 0 ? OUTPUT : 0);
    };
    for (let k = first[0] as number; k < (first[1] as number); k++) {
      const t = children[k] as number;
      table[classOf[t] as number] = enter(t, 0);
    }
    for (let q = 0; q < tail; q++) {
      const s = queue[q] as number;
      const row = s * width;
      const frow = (fail[s] as number) * width;
      table.copyWithin(row, frow, frow + width);
      for (let k = first[s] as number; k < (first[s + 1] as number); k++) {
        const t = children[k] as number;
        const c = classOf[t] as number;
        table[row + c] = enter(t, stateOf(table[row + c] as number));
      }
    }
    this.cls = cls;
    this.width = width;
    this.table = table;
    this.settles = settles.slice(0, n);
    this.confirm = confirm;
  }

  /** Bit set of the groups with a word in `text`. */
  mask(text: string): number {
    const { cls, table, settles, width, all } = this;
    let state = 0;
    let found = 0;
    for (let i = 0, n = text.length; i < n; i++) {
      state = table[state + (cls[text.charCodeAt(i)] as number)] as number;
      if (state < OUTPUT) continue;
      state -= OUTPUT;
      const s = settles[(state / width) | 0] as number;
      found |= s & 0x7fffffff;
      if (s < 0) found |= this.confirmed(text, i, state, found);
      if (found === all) return found;
    }
    return found;
  }

  private confirmed(text: string, end: number, state: number, found: number): number {
    let bits = 0;
    for (const c of this.confirm[state / this.width] ?? []) {
      if ((found & c.bit) !== 0) continue;
      const start = end - c.word.length + 1;
      if (start >= 0 && text.startsWith(c.word, start)) bits |= c.bit;
    }
    return bits;
  }
}

// ---------------------------------------------------------------------------------------------
// The registry: detectors declare their groups; one automaton per rule set and thread.

interface Registered {
  id: string;
  ignoreCase: boolean;
  words: (rules: RuleSet) => Iterable<string>;
}

const registry: Registered[] = [];
const built = new WeakMap<RuleSet, { count: number; scanner: KeywordScanner }>();
let last: { text: string; rules: RuleSet; count: number; mask: number } | undefined;

function scannerFor(rules: RuleSet): KeywordScanner {
  const b = built.get(rules);
  if (b && b.count === registry.length) return b.scanner;
  const scanner = new KeywordScanner(registry.map((g) => ({ words: [...g.words(rules)], ignoreCase: g.ignoreCase })));
  built.set(rules, { count: registry.length, scanner });
  return scanner;
}

/** Bit set of the registered groups that occur in `text` (the last text's answer is kept). */
function maskOf(text: string, rules: RuleSet): number {
  const known = knownMask(text, rules);
  if (known !== undefined) return known;
  const mask = scannerFor(rules).mask(text);
  last = { text, rules, count: registry.length, mask };
  return mask;
}

/** The last pass's answer when it was for this text (and rule set), else undefined. */
function knownMask(text: string, rules: RuleSet): number | undefined {
  return last && last.text === text && last.rules === rules && last.count === registry.length ? last.mask : undefined;
}

export interface KeywordGroup {
  /** Whether a word of the group occurs in `text` (runs the pass for every group if not yet run on it). */
  has(text: string, rules: RuleSet): boolean;
  /**
   * The answer only if the pass already ran on `text` (another detector asked), else undefined.
   * For detectors whose own test is cheaper than the pass: they use the answer when it is free.
   */
  peek(text: string, rules: RuleSet): boolean | undefined;
}

/**
 * Declares a keyword group. Call at module load (the words are read from the rule set when the
 * automaton is built).
 */
export function keywordGroup(id: string, words: (rules: RuleSet) => Iterable<string>, opts: { ignoreCase?: boolean } = {}): KeywordGroup {
  if (registry.some((g) => g.id === id)) throw new Error(`keyword group ${id} is declared twice`);
  const bit = 1 << registry.length;
  registry.push({ id, ignoreCase: opts.ignoreCase === true, words });
  return {
    has: (text, rules) => (maskOf(text, rules) & bit) !== 0,
    peek: (text, rules) => {
      const m = knownMask(text, rules);
      return m === undefined ? undefined : (m & bit) !== 0;
    },
  };
}
