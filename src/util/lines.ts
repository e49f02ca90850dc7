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
