/**
 * A guard for the `yaml` package: its composer recurses once per nesting level, and near the stack
 * limit V8 can abort the whole process while compiling a regular expression ("RegExpCompiler
 * Allocation failed", a fatal out-of-memory, not a catchable error: a few hundred kilobytes of `[`
 * in a pnpm-lock.yaml after a smaller such file did it). So every reader that hands a file's text
 * to the package measures its nesting first (`nestingBound`) and does not parse a text nested
 * deeper than MAX_YAML_DEPTH.
 */

/** Nesting bound (block columns plus open flow brackets) past which a text is not parsed. */
export const MAX_YAML_DEPTH = 256;

/** Whether a text may be handed to the yaml package (its nesting bound is within MAX_YAML_DEPTH). */
export function yamlNestingOk(text: string): boolean {
  return nestingBound(text) <= MAX_YAML_DEPTH;
}

/**
 * An upper bound on the nesting depth of a YAML or JSON text, in one pass: the block nesting a
 * line's indentation and `- `/`? ` indicators can open (every block level needs at least one more
 * column), plus the flow brackets open inside it (outside quotes and comments). Indentation inside
 * a flow collection (pretty-printed JSON) opens nothing and is not counted.
 */
export function nestingBound(text: string): number {
  let flow = 0;
  let flowBase = 0;
  let max = 0;
  let lineStart = true;
  let indent = 0;
  // Whether the line's indentation holds an indicator: a line of nothing but `- - - …` nests as deep.
  let indicator = false;
  for (let i = 0; i <= text.length; i++) {
    const c = text[i];
    if (c === '\n' || c === undefined) {
      if (lineStart && indicator && flow === 0) max = Math.max(max, indent);
      lineStart = true;
      indent = 0;
      indicator = false;
      continue;
    }
    if (lineStart) {
      if (c === ' ' || c === '\t') {
        indent++;
        continue;
      }
      if ((c === '-' || c === '?' || c === ':') && /[ \t\n]/.test(text[i + 1] ?? '\n')) {
        indent++;
        indicator = true;
        continue;
      }
      lineStart = false;
      if (flow === 0) max = Math.max(max, indent);
    }
    // The character before, tested only at a `#` or `'` (a test a character made this loop slow on big files).
    const prev = (): string | undefined => text[i - 1];
    if (c === '#' && /^\s?$/.test(prev() ?? '')) {
      const j = text.indexOf('\n', i);
      i = (j < 0 ? text.length : j) - 1;
    } else if (c === '"' || (c === "'" && /^[\s:,[{-]?$/.test(prev() ?? ''))) {
      i = quoteEnd(text, i);
    } else if (c === '[' || c === '{') {
      if (flow === 0) flowBase = indent;
      flow++;
      max = Math.max(max, flowBase + flow);
    } else if ((c === ']' || c === '}') && flow > 0) flow--;
  }
  return max;
}

/** The offset of the quote that closes the one at `i` (YAML: `''` and `\"` escapes), or the end. */
function quoteEnd(text: string, i: number): number {
  const q = text[i];
  for (let k = i + 1; k < text.length; k++) {
    const c = text[k];
    if (q === '"' && c === '\\') k++;
    else if (c === q) {
      if (q === "'" && text[k + 1] === "'") k++;
      else return k;
    }
  }
  return text.length;
}
