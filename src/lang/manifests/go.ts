/** go.mod: `require` lines (single and block forms), `// indirect`, `replace` noted in warnings. */
import { boundText, Collector, type ManifestResult, splitLines } from './common.js';

function unquoteGo(s: string): string {
  const t = s.trim();
  if (t.length >= 2 && ((t.startsWith('"') && t.endsWith('"')) || (t.startsWith('`') && t.endsWith('`')))) return t.slice(1, -1);
  return t;
}

/** Splits off a `//` comment (outside quotes). */
function splitComment(l: string): { code: string; comment: string } {
  let q: string | undefined;
  for (let i = 0; i < l.length - 1; i++) {
    const ch = l[i]!;
    if (q !== undefined) {
      if (ch === q) q = undefined;
    } else if (ch === '"' || ch === '`') q = ch;
    else if (ch === '/' && l[i + 1] === '/') return { code: l.slice(0, i), comment: l.slice(i + 2) };
  }
  return { code: l, comment: '' };
}

export function readGoMod(path: string, text: string): ManifestResult {
  const c = new Collector(path, 'golang');
  const lines = splitLines(boundText(text, c));
  let block: string | undefined;
  let blockLine = 0;
  const requireLine = (rest: string, comment: string, line: number): void => {
    const parts = rest.trim().split(/\s+/).filter((p) => p !== '');
    if (parts.length === 0) return;
    if (parts.length < 2) {
      c.warn(`line ${line}: require without a version`);
      return;
    }
    const name = unquoteGo(parts[0]!);
    const version = unquoteGo(parts[1]!);
    const indirect = /(^|;)\s*indirect\s*(;|$)/.test(comment.trim());
    c.add({ name, range: version, version, line, scope: indirect ? undefined : 'runtime' });
  };
  const directive = (verb: string, rest: string, comment: string, line: number): void => {
    if (verb === 'require') requireLine(rest, comment, line);
    else if (verb === 'replace') {
      const r = rest.trim().replace(/\s+/g, ' ');
      if (r !== '') c.warn(`line ${line}: replace ${r}`);
    }
  };
  for (let i = 0; i < lines.length && !c.isFull; i++) {
    const { code, comment } = splitComment(lines[i]!);
    const t = code.trim();
    if (block !== undefined) {
      if (t === ')') {
        block = undefined;
        continue;
      }
      if (t !== '') directive(block, t, comment, i + 1);
      continue;
    }
    if (t === '') continue;
    const m = /^([a-z]+)\s*(\(?)\s*(.*)$/.exec(t);
    if (m === null) {
      c.warn(`line ${i + 1}: unexpected text`);
      continue;
    }
    if (m[2] === '(') {
      block = m[1]!;
      blockLine = i + 1;
      if (m[3]!.trim() !== '' && m[3]!.trim() !== ')') directive(block, m[3]!, comment, i + 1);
      if (m[3]!.trim() === ')') block = undefined;
      continue;
    }
    directive(m[1]!, m[3]!, comment, i + 1);
  }
  if (block !== undefined) c.warn(`line ${blockLine}: ${block} block is not closed`);
  return c.result();
}
