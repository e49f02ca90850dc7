/**
 * Single-file components of the web frameworks: Vue (`.vue`), Svelte (`.svelte`) and Astro
 * (`.astro`) files hold their JS/TS in `<script>` blocks (Astro's also in its `---` frontmatter),
 * beside markup and styles. componentScripts gives the JS/TS front-end a text of the same length
 * and lines in which everything else is blanked: its positions are the file's own.
 */

/** The component file extensions read as JS/TS. */
export const COMPONENT_EXTENSIONS: readonly string[] = ['.vue', '.svelte', '.astro'];

/** A script block whose `type` is no JavaScript (JSON-LD, a template, an import map). */
const NOT_JS_TYPE = /\btype\s*=\s*["']?(?!module\b|text\/javascript\b|application\/javascript\b|text\/typescript\b|ts\b)[\w/+.-]+/i;
/** Astro's frontmatter: a `---` line first (blank lines before it aside), then the code up to the next `---` line. */
const FRONTMATTER = /^(\s*---[ \t]*\r?\n)([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

/** Whether a path is a component file (by extension, any case). */
export function isComponentFile(path: string): boolean {
  const dot = path.lastIndexOf('.');
  return dot >= 0 && COMPONENT_EXTENSIONS.includes(path.slice(dot).toLowerCase());
}

/**
 * The component's JS/TS code at its own offsets: the bodies of its `<script>` blocks (not those of a
 * JSON or template type; a `</script` inside a string ends a block early, as in HTML) and, in an `.astro` file, its frontmatter; every other character a blank
 * (line ends kept). Blocks one after another read as one program, as the frameworks compile them.
 */
export function componentScripts(text: string, path: string): string {
  const keep: [number, number][] = [];
  if (path.toLowerCase().endsWith('.astro')) {
    const fm = FRONTMATTER.exec(text);
    if (fm !== null) keep.push([(fm[1] as string).length, (fm[1] as string).length + (fm[2] as string).length]);
  }
  // By indexOf, each character looked at a bounded number of times: a lazy regex rescans the rest
  // of the file for every `<script` that is never closed.
  const lower = text.toLowerCase();
  for (let at = lower.indexOf('<script'); at >= 0; at = lower.indexOf('<script', at + 1)) {
    const next = lower.charAt(at + 7);
    if (next !== '>' && !/\s/.test(next)) continue;
    const open = text.indexOf('>', at);
    if (open < 0) break;
    const close = lower.indexOf('</script', open + 1);
    if (close < 0) break;
    if (!NOT_JS_TYPE.test(text.slice(at + 7, open))) keep.push([open + 1, close]);
    at = close;
  }
  keep.sort((a, b) => a[0] - b[0]);
  let out = '';
  let at = 0;
  for (const [a, b] of keep) {
    if (a < at) continue;
    out += blank(text.slice(at, a)) + text.slice(a, b);
    at = b;
  }
  return out + blank(text.slice(at));
}

/** The text with every character but line ends made a space. */
function blank(s: string): string {
  return s.replace(/[^\r\n]/g, ' ');
}
