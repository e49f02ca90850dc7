/**
 * A list of words as one RegExp pattern (used for the secrets catalog's keyword indexes, whose
 * every hit is needed with its position; src/lang/keywords.ts answers yes/no questions for
 * several word lists in one pass).
 *
 * The words are compiled into one RegExp whose alternatives share their prefixes (a trie written
 * as a pattern: `open(?:ai|_clip)|...`), so V8's irregexp does one character-class test per
 * position instead of trying every word, and can use its Boyer-Moore lookahead when the first
 * characters are few. Matching is case-sensitive and literal (words are escaped).
 */

interface TrieNode {
  children: Map<string, TrieNode>;
  end: boolean;
}

function escapeChar(ch: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(ch) ? `\\${ch}` : ch;
}

function trieToPattern(node: TrieNode): string {
  // A word that ends here makes everything below optional: "open" and "openai" both match at
  // "open", so the longer continuations are not needed for a yes/no answer.
  if (node.end) return '';
  const alts: string[] = [];
  for (const [ch, child] of [...node.children].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    alts.push(escapeChar(ch) + trieToPattern(child));
  }
  if (alts.length === 1) return alts[0] ?? '';
  // Single characters that end a word collapse into a class: (?:a|b|c) → [abc].
  const single = alts.filter((a) => a.length === 1 || (a.length === 2 && a.startsWith('\\')));
  const rest = alts.filter((a) => !single.includes(a));
  const parts = [...rest];
  if (single.length > 1) parts.push(`[${single.map((c) => (c === '-' ? '\\-' : c)).join('')}]`);
  else parts.push(...single);
  return parts.length === 1 ? (parts[0] ?? '') : `(?:${parts.join('|')})`;
}

/** Builds the pattern source for a list of words (exported for tests). */
export function prefilterPattern(words: readonly string[]): string | undefined {
  const root: TrieNode = { children: new Map(), end: false };
  let any = false;
  for (const word of words) {
    if (word.length === 0) continue;
    any = true;
    let node = root;
    for (const ch of word) {
      let next = node.children.get(ch);
      if (!next) {
        next = { children: new Map(), end: false };
        node.children.set(ch, next);
      }
      node = next;
    }
    node.end = true;
    node.children.clear();
  }
  if (!any) return undefined;
  return trieToPattern(root);
}
