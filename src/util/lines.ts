/**
 * Offsets of line starts, and the line of an offset. Two notions of a line break:
 * - 'lf': `\n` only. Git's records (diff output and its hunk line numbers; the added lines' own
 *   lines are 'cr-lf', see src/history/git.ts), and Go's lines: the Go spec ends a line at LF alone
 *   and reads a CR as a blank, so the Go lexer (src/lang/go.ts) and its URL scan count LFs;
 * - 'cr-lf': CR, LF and CRLF. Python's (the tokenizer reads old Mac line ends as line ends, and the
 *   Python readers hand tree-sitter a text whose lone CRs are LFs, see pythonBreaks), Java's and
 *   Kotlin's (JLS 3.4; src/lang/java.ts counts them itself), and the lines of text in general:
 *   editors, GitHub, and SARIF regions (the SARIF run declares these newlineSequences). The
 *   secrets positions (in the tree and in git history), inline suppressions, config text and a
 *   notebook's own lines use it;
 *   JS/TS positions use it too, though TypeScript also ends lines at U+2028 and U+2029: no viewer
 *   of a finding does.
 * 'lf', and 'cr-lf' on a text without a CR (nearly every file), are one indexOf loop.
 */
export function lineStarts(text: string, breaks: 'lf' | 'cr-lf' = 'lf'): number[] {
  const starts = [0];
  if (breaks === 'lf' || (breaks === 'cr-lf' && !text.includes('\r'))) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    return starts;
  }
  const re = /\r\n?|\n/g;
  for (let m = re.exec(text); m; m = re.exec(text)) starts.push(m.index + m[0].length);
  return starts;
}

/**
 * The text with each lone CR (an old Mac line end) made an LF, one character for one, so offsets
 * into it are offsets into `text`: for a reader that ends lines at LF only, where the format ends
 * them at CR, LF and CRLF ('cr-lf' lines: Python for tree-sitter, YAML for the yaml package).
 */
export function lfBreaks(text: string): string {
  return text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
}

/** The 0-based line holding offset `at`, by binary search over `starts`. */
export function lineOf(starts: readonly number[], at: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] as number) <= at) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * The end lines of heredocs: the first line at or after `from` whose text, trimmed, is `word`.
 * Each search used to scan ahead to the end of the text when the end line never came, so a text of
 * many heredocs that never end took quadratic time; the lines that are one word (at most 256
 * characters) are indexed once, on the first search, and each search is a binary search.
 */
export class EndLines {
  private index: Map<string, number[]> | undefined;

  constructor(private readonly lines: readonly string[]) {}

  /** The line's index, or -1 when there is none. */
  next(word: string, from: number): number {
    if (this.index === undefined) {
      this.index = new Map();
      this.lines.forEach((l, i) => {
        const t = l.trim();
        if (t.length === 0 || t.length > 256 || /\s/.test(t)) return;
        const list = this.index!.get(t);
        if (list === undefined) this.index!.set(t, [i]);
        else list.push(i);
      });
    }
    const list = this.index.get(word);
    if (list === undefined) return -1;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid]! < from) lo = mid + 1;
      else hi = mid;
    }
    return lo < list.length ? list[lo]! : -1;
  }
}
