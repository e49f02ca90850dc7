/**
 * Text for a terminal: names, paths and messages come from the scanned files, so a control
 * character in them (an escape sequence, a carriage return, a newline) or a bidirectional override
 * could rewrite what the reader sees. Those characters are shown escaped (`\x1b`, `\n`, `\u202e`).
 */
// eslint-disable-next-line no-control-regex
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

export function printable(s: string): string {
  return s.replace(UNPRINTABLE, (c) => NAMED[c] ?? escapeChar(c));
}

/** One UTF-16 code unit as a visible escape: `\x1b`, `\u202e`. Also what the XML writer shows for a character XML cannot hold. */
export function escapeChar(c: string): string {
  const n = c.charCodeAt(0);
  return n < 0x100 ? `\\x${n.toString(16).padStart(2, '0')}` : `\\u${n.toString(16).padStart(4, '0')}`;
}
