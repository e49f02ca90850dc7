/**
 * go.mod: `require` lines (single and block forms), `// indirect` ones as the versions a lockfile
 * would give (another module's dependencies), and `replace` directives: a replacement by the same
 * module at another version gives the required module that version; a local folder (`=> ../fork`)
 * or another module (`=> github.com/myorg/go-openai v1.27.1-…`, a fork) leaves it without a known
 * version (the declared one stays as the range: the code built is the replacement's, whose version
 * is no version of this module), with a warning naming the fork.
 */
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

interface Replace {
  from: string;
  /** Only this version of `from` is replaced, when given. */
  fromVersion?: string;
  /** The replacement module: a local folder, the same module, or another (a fork). */
  to: string;
  /** The replacement's version; none for a local folder. */
  toVersion?: string;
}

/** A local folder on the right of `=>`: relative (./, ../) or absolute. */
function isLocalPath(p: string): boolean {
  return /^(?:\.{1,2}(?:[\\/]|$)|\/|[A-Za-z]:[\\/])/.test(p);
}

/** `old [v] => new [v]`, or the reason it is not one. */
function parseReplace(rest: string): Replace | string {
  const arrow = rest.indexOf('=>');
  if (arrow < 0) return 'no =>';
  const left = rest.slice(0, arrow).trim().split(/\s+/).filter((p) => p !== '').map(unquoteGo);
  const right = rest.slice(arrow + 2).trim().split(/\s+/).filter((p) => p !== '').map(unquoteGo);
  if (left.length < 1 || left.length > 2 || left[0] === '') return 'expected a module path (and version) before =>';
  if (right.length < 1 || right.length > 2 || right[0] === '') return 'expected a module path and version, or a folder, after =>';
  const to = right[0]!;
  const out: Replace = { from: left[0]!, to };
  if (left[1] !== undefined) out.fromVersion = left[1];
  if (isLocalPath(to)) {
    if (right.length > 1) return 'a folder replacement takes no version';
    return out;
  }
  if (right[1] === undefined) return 'a module replacement needs a version';
  out.toVersion = right[1];
  return out;
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
    // An `// indirect` requirement is no declaration of the module's own: go.mod records there the
    // version the build selects for another module's dependency, as a lockfile would (so it is
    // transitive, and never "declared but not imported").
    const indirect = /(^|;)\s*indirect\s*(;|$)/.test(comment.trim());
    c.add(indirect ? { name, version, line, lockfile: path } : { name, range: version, version, line, scope: 'runtime' });
  };
  const replaces: Replace[] = [];
  const directive = (verb: string, rest: string, comment: string, line: number): void => {
    if (verb === 'module') {
      const m = unquoteGo(rest.trim());
      if (m !== '' && !/\s/.test(m)) c.own = m;
    } else if (verb === 'require') requireLine(rest, comment, line);
    else if (verb === 'replace') {
      const r = parseReplace(rest);
      if (typeof r === 'string') c.warn(`line ${line}: replace ${r}: ${rest.trim().replace(/\s+/g, ' ').slice(0, 200)}`);
      else replaces.push(r);
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
  // Replacements apply wherever they are written; a later one for the same module wins, as in go.
  for (const d of c.deps) {
    let hit: Replace | undefined;
    for (const r of replaces) if (r.from === d.name && (r.fromVersion === undefined || r.fromVersion === d.range)) hit = r;
    if (hit === undefined) continue;
    if (hit.toVersion === undefined) delete d.version;
    else if (hit.to === d.name) d.version = hit.toVersion;
    else {
      delete d.version;
      c.warn(`line ${d.line ?? 0}: ${d.name} is replaced by ${hit.to} ${hit.toVersion}: the code built is that module's, so ${d.name} has no known version`);
    }
  }
  return c.result();
}
