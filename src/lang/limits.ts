/**
 * Bounds on what the parser front-ends take, so that memory stays bounded whatever a file holds.
 * The token readers (src/lang/python-lex.ts, src/lang/js-lex.ts) stop at MAX_TOKENS (JS_MAX_TOKENS) and are then
 * unsure; the parsers they fall back on (tree-sitter-python, whose WebAssembly memory grows to the
 * largest parse and never shrinks, and the TypeScript parser) take sources of up to
 * MAX_PARSE_CHARS. A token costs the Python lexer about 140 bytes while the file is read, and
 * tree-sitter's memory reached 175 MB for 512 KiB of a dense source (an 8 MB list of names took
 * over a gigabyte before these bounds). A source past both is parsed up to MAX_PARSE_CHARS, to a line break
 * (imports come first), with a warning (`file/not-parsed`).
 */
export const MAX_TOKENS = 500_000;
/**
 * The JS/TS token reader's own bound: its table costs 18 bytes a token (typed arrays, no object per
 * token), so bundles of a few MB (a CLI's esbuild chunks, 3.6 MB and 700,000 tokens and more) are
 * read whole rather than cut at MAX_PARSE_CHARS: 2,000,000 tokens are 36 MB of table.
 */
export const JS_MAX_TOKENS = 2_000_000;
export const MAX_PARSE_CHARS = 512 * 1024;

/** The text cut to `limit`, at the last line break before it when that keeps at least `keep` units. */
export function headOf(text: string, limit: number, keep: number): string {
  if (text.length <= limit) return text;
  const nl = text.lastIndexOf('\n', limit - 1);
  return text.slice(0, nl + 1 >= keep ? nl + 1 : limit);
}

/**
 * How many times the scan's text limit a notebook may be (64 MiB at the default 8 MiB): a notebook
 * is JSON, read whole or not at all, and its saved outputs (plots as base64) make it large where its
 * code is small.
 */
export const NOTEBOOK_TEXT_FACTOR = 8;
