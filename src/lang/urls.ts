/**
 * Which string literals in code are URLs the inventory reads for AI hosts: http(s), and ws(s) for
 * the realtime APIs (`wss://api.openai.com/v1/realtime`, Gemini Live), as src/lang/config-text.ts
 * reads them in config files. Shared by the fast readers and the parsers, which must agree.
 */

/** A literal that is one URL, with no whitespace. */
export const URL_RE = /^(?:https?|wss?):\/\/\S+$/i;

/** The head of a literal built from parts (an f-string, a template, a concatenation): scheme and host. */
export const URL_HEAD_RE = /^(?:https?|wss?):\/\/[^\s/{}]+/i;

/**
 * Whether the authority of a `scheme://…` URL holds a backslash: `https://api.openai.com\@evil.example.com/`.
 * Parsers disagree on where such an authority ends, so on the host the call goes to: WHATWG URL
 * (browsers, Node's fetch, the JS SDKs) and urllib3 (requests) read `\` as the end of the host
 * (api.openai.com), urllib.parse reads the authority up to the first `/`, `?` or `#` and takes
 * what follows the last `@` as the host (evil.example.com). No single host can be claimed for it.
 * The authority is what follows `//` up to the first `/`, `?` or `#`; a string without `//` has none.
 */
export function ambiguousAuthority(url: string): boolean {
  const start = url.indexOf('//');
  if (start < 0) return false;
  for (let i = start + 2; i < url.length; i++) {
    const c = url.charCodeAt(i);
    if (c === 0x2f || c === 0x3f || c === 0x23) return false; // '/', '?', '#'
    if (c === 0x5c) return true; // '\'
  }
  return false;
}
