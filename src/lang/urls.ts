/**
 * Which string literals in code are URLs the inventory reads for AI hosts: http(s), and ws(s) for
 * the realtime APIs (`wss://api.openai.com/v1/realtime`, Gemini Live), as src/lang/config-text.ts
 * reads them in config files. Shared by the fast readers and the parsers, which must agree.
 */

/** A literal that is one URL, with no whitespace. */
export const URL_RE = /^(?:https?|wss?):\/\/\S+$/i;

/** The head of a literal built from parts (an f-string, a template, a concatenation): scheme and host. */
export const URL_HEAD_RE = /^(?:https?|wss?):\/\/[^\s/{}]+/i;
