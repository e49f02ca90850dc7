/**
 * RubyGems: Gemfile / gems.rb (Bundler's DSL), *.gemspec and Gemfile.lock / gems.locked.
 *
 * The DSL files are Ruby, read here without running them: each `gem` call (a statement, continued
 * over lines while it ends with `,` or `\` or holds an open bracket) gives its name, its version
 * requirements (`'~> 1.2'`, `">= 1", "< 2"`) and its options (`group:`, `git:`, `github:`,
 * `path:`); `group :development, :test do … end` blocks give the scope. Comments and `=begin` /
 * `=end` blocks are skipped. Anything computed (a name in a variable, an `if` around a `gem`) is
 * read as written: a conditional `gem` is still declared. Linear, bounded, never throws.
 */
import type { DeclaredDependency } from '../types.js';
import { boundText, Collector, type ManifestResult } from './common.js';

type Scope = DeclaredDependency['scope'];

/** At most this many lines one statement is joined over. */
const MAX_STATEMENT_LINES = 50;
/** Nesting of blocks followed for groups. */
const MAX_BLOCKS = 256;

/** A token of a Ruby argument list: a string, a symbol, a `key:` label, `=>`, punctuation, other words. */
type Tok = { t: 'str'; v: string } | { t: 'sym'; v: string } | { t: 'label'; v: string } | { t: 'arrow' } | { t: 'punct'; v: string } | { t: 'word'; v: string };

/**
 * The code of a line without its comment (a `#` outside a string), and whether a string is still
 * open at its end (`open`: the quote).
 */
function stripComment(line: string, open: string): { code: string; open: string } {
  let q = open;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (q) {
      if (c === '\\') i++;
      else if (c === q) q = '';
      continue;
    }
    if (c === '"' || c === "'") q = c;
    else if (c === '#') return { code: line.slice(0, i), open: '' };
  }
  return { code: line, open: q };
}

const PERCENT_CLOSE: Record<string, string> = { '(': ')', '[': ']', '{': '}', '<': '>' };

/** Past a `.freeze` after a string literal (RubyGems' generated gemspecs freeze every literal). */
function afterFreeze(s: string, i: number): number {
  const m = /^\s*\.\s*freeze\b/.exec(s.slice(i, i + 40));
  return m === null ? i : i + m[0].length;
}

/** Tokens of a statement's argument text (after the method name). */
function tokenize(s: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < s.length && out.length < 1000) {
    const c = s[i] as string;
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n' || c === '\\') {
      i++;
      continue;
    }
    if (c === '"' || c === "'") {
      let v = '';
      let j = i + 1;
      for (; j < s.length && s[j] !== c; j++) {
        if (s[j] === '\\' && j + 1 < s.length) {
          j++;
          v += s[j];
        } else v += s[j];
      }
      i = j + 1;
      // "key": value (a string label)
      if (s[i] === ':' && s[i + 1] !== ':') {
        out.push({ t: 'label', v });
        i++;
      } else {
        out.push({ t: 'str', v });
        i = afterFreeze(s, i);
      }
      continue;
    }
    // A percent literal: `%q<openai>`, `%Q(…)`, `%(…)`, `%q|…|`, as RubyGems writes the gemspecs
    // it installs (`s.add_runtime_dependency(%q<openai>.freeze, ["~> 7.0"])`).
    const pct = c === '%' ? /^%([qQ]?)([^A-Za-z0-9\s])/.exec(s.slice(i, i + 3)) : null;
    if (pct !== null) {
      const open = pct[2] as string;
      const close = PERCENT_CLOSE[open] ?? open;
      let v = '';
      let depth = 1;
      let j = i + pct[0].length;
      for (; j < s.length; j++) {
        const ch = s[j] as string;
        if (ch === '\\' && j + 1 < s.length) v += s[++j];
        else if (close !== open && ch === open) {
          depth++;
          v += ch;
        } else if (ch === close && --depth === 0) break;
        else v += ch;
      }
      out.push({ t: 'str', v });
      i = afterFreeze(s, j + 1);
      continue;
    }
    if (c === '=' && s[i + 1] === '>') {
      out.push({ t: 'arrow' });
      i += 2;
      continue;
    }
    if (c === ':' && /[A-Za-z_]/.test(s[i + 1] ?? '')) {
      const m = /^:([A-Za-z_][A-Za-z0-9_]*[?!]?)/.exec(s.slice(i, i + 200));
      const v = m?.[1] ?? '';
      out.push({ t: 'sym', v });
      i += 1 + v.length;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*[?!]?/.exec(s.slice(i, i + 200));
      const v = m?.[0] ?? c;
      i += v.length;
      if (s[i] === ':' && s[i + 1] !== ':') {
        out.push({ t: 'label', v });
        i++;
      } else out.push({ t: 'word', v });
      continue;
    }
    out.push({ t: 'punct', v: c });
    i++;
  }
  return out;
}

/** The value after a label or `=>`: a string, a symbol, or a list of them in brackets. */
function valueAt(toks: Tok[], k: number): { values: string[]; next: number } {
  const t = toks[k];
  if (t === undefined) return { values: [], next: k };
  if (t.t === 'str' || t.t === 'sym' || t.t === 'word') return { values: [t.v], next: k + 1 };
  if (t.t === 'punct' && t.v === '[') {
    const values: string[] = [];
    let j = k + 1;
    for (; j < toks.length; j++) {
      const x = toks[j] as Tok;
      if (x.t === 'punct' && x.v === ']') return { values, next: j + 1 };
      if (x.t === 'str' || x.t === 'sym') values.push(x.v);
    }
    return { values, next: j };
  }
  return { values: [], next: k + 1 };
}

export interface Call {
  /** Positional string arguments, in order. */
  args: string[];
  opts: Map<string, string[]>;
}

/** A call's arguments: positional strings before the first option, then `key: value` / `:key => value` options. */
export function callArgs(text: string): Call {
  const toks = tokenize(text);
  const args: string[] = [];
  const opts = new Map<string, string[]>();
  let k = 0;
  let positional = true;
  while (k < toks.length) {
    const t = toks[k] as Tok;
    if (t.t === 'label') {
      positional = false;
      const v = valueAt(toks, k + 1);
      if (!opts.has(t.v)) opts.set(t.v, v.values);
      k = v.next;
      continue;
    }
    if ((t.t === 'sym' || t.t === 'str') && toks[k + 1]?.t === 'arrow') {
      positional = false;
      const v = valueAt(toks, k + 2);
      if (!opts.has(t.v)) opts.set(t.v, v.values);
      k = v.next;
      continue;
    }
    // Positional strings, also in a list (`add_dependency "x", [">= 1", "< 2"]`); anything
    // else (a variable, a call) ends them.
    if (positional && t.t === 'str') args.push(t.v);
    else if (t.t !== 'punct' || !',[]()'.includes(t.v)) positional = false;
    k++;
  }
  return { args, opts };
}

/** A requirement that pins one version: `1.2.3`, `= 1.2.3`. */
function exactGem(req: string): string | undefined {
  const m = /^\s*(?:=\s*)?(\d+(?:\.[0-9A-Za-z]+)*)\s*$/.exec(req);
  return m?.[1];
}

/** A group list's scope: development → dev, test alone → test, optional groups → optional, others runtime. */
function groupScope(groups: string[], optional: boolean): Scope {
  if (optional) return 'optional';
  const g = groups.map((x) => x.toLowerCase());
  if (g.length === 0 || g.some((x) => x === 'default' || x === 'production' || x === 'runtime')) return 'runtime';
  if (g.some((x) => x === 'development' || x === 'dev')) return 'dev';
  if (g.every((x) => x === 'test' || x === 'tests')) return 'test';
  return 'runtime';
}

const SOURCE_OPTS = ['git', 'github', 'gitlab', 'bitbucket', 'path'];
const REF_OPTS = ['tag', 'branch', 'ref'];

/** A statement's block opener: `… do` / `… do |x|`, or a line that starts a keyword block. */
const DO_END = /\bdo\s*(\|[^|]*\|)?\s*$/;
const KEYWORD_BLOCK = /^(if|unless|case|begin|while|until|def|class|module|for)\b/;

/**
 * Reads a Gemfile (or gems.rb): `gem` statements with their group scope. A `gemspec` statement
 * (the dependencies of the project's own *.gemspec) declares nothing here: the gemspec is read on
 * its own.
 */
export function readGemfile(path: string, text: string): ManifestResult {
  const c = new Collector(path, 'gem');
  /** Open blocks: the groups a `group … do` block gives, or undefined for any other block. */
  const blocks: ({ groups: string[]; optional: boolean } | undefined)[] = [];
  for (const { stmt, line: startLine, opens: opensBlock } of blockStatements(text, c, blocks)) {
    const m = /^(gem|group)\b(?![?!:])\s*(.*)$/s.exec(stmt);
    if (m?.[1] === 'group') {
      const call = callArgs((m[2] ?? '').replace(DO_END, ''));
      const groups = tokenize((m[2] ?? '').replace(DO_END, '')).flatMap((t) => (t.t === 'sym' || t.t === 'str' ? [t.v] : []));
      const optional = call.opts.get('optional')?.[0] === 'true';
      if (opensBlock && blocks.length < MAX_BLOCKS) blocks.push({ groups: groups.filter((g) => g !== 'optional' && g !== 'true'), optional });
      continue;
    }
    if (m?.[1] === 'gem') {
      const call = callArgs(m[2] ?? '');
      const [name, ...reqs] = call.args;
      if (name === undefined || !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) {
        c.warn(`line ${startLine}: a gem statement without a literal gem name`);
      } else {
        const group = [...blocks].reverse().find((b) => b !== undefined);
        const own = [...(call.opts.get('group') ?? []), ...(call.opts.get('groups') ?? [])];
        const optional = call.opts.get('optional')?.[0] === 'true';
        const scope = own.length > 0 || optional ? groupScope(own, optional) : group ? groupScope(group.groups, group.optional) : 'runtime';
        const source = SOURCE_OPTS.find((k) => call.opts.has(k));
        let range = reqs.length ? reqs.join(', ') : undefined;
        if (source !== undefined) {
          const parts = [`${source}: ${(call.opts.get(source) ?? [])[0] ?? ''}`];
          for (const r of REF_OPTS) if (call.opts.has(r)) parts.push(`${r}: ${(call.opts.get(r) ?? [])[0] ?? ''}`);
          range = range === undefined ? parts.join(', ') : `${range}, ${parts.join(', ')}`;
        }
        c.add({ name, range, version: reqs.length === 1 ? exactGem(reqs[0] as string) : undefined, line: startLine, scope });
      }
      if (opensBlock && blocks.length < MAX_BLOCKS) blocks.push(undefined);
      continue;
    }
    if (opensBlock && blocks.length < MAX_BLOCKS) blocks.push(undefined);
  }
  return c.result();
}

/**
 * The non-blank statements of a Ruby manifest (Gemfile, Podfile) until the collector is full, and
 * whether each opens a block; an `end` closes the innermost of `blocks` (the caller pushes what a
 * block it opens stands for) and is not yielded.
 */
export function* blockStatements<B>(text: string, c: Collector, blocks: B[]): Generator<{ stmt: string; line: number; opens: boolean }> {
  for (const { code, line } of rubyStatements(text, c)) {
    if (c.isFull) return;
    const stmt = code.trim();
    if (stmt === '') continue;
    if (/^end\b/.test(stmt)) {
      blocks.pop();
      continue;
    }
    yield { stmt, line, opens: DO_END.test(stmt) || (KEYWORD_BLOCK.test(stmt) && !/\bend\s*$/.test(stmt)) };
  }
}

/** Bracket depth and string state of a statement's code so far (scanBrackets). */
interface BracketState {
  d: number;
  q: string;
  esc: boolean;
}

/**
 * Goes on scanning a statement's code with `more` (its next line, after a `\n`): open brackets,
 * strings skipped, never below 0. Each line is scanned once, so a statement of many long lines
 * costs its length, not its length times its lines.
 */
function scanBrackets(more: string, st: BracketState): void {
  for (let i = 0; i < more.length; i++) {
    const ch = more[i];
    if (st.esc) {
      st.esc = false;
      continue;
    }
    if (st.q) {
      if (ch === '\\') st.esc = true;
      else if (ch === st.q) st.q = '';
      continue;
    }
    if (ch === '"' || ch === "'") st.q = ch;
    else if (ch === '(' || ch === '[' || ch === '{') st.d++;
    else if ((ch === ')' || ch === ']' || ch === '}') && st.d > 0) st.d--;
  }
}

/**
 * The statements of a Ruby file (a Gemfile, a gemspec) with their first lines: `=begin`/`=end`
 * blocks skipped (one left open is a warning), comments stripped, and a statement continued on
 * the next line while a string or bracket is open or its code ends in `,` or `\` (at most
 * MAX_STATEMENT_LINES more lines).
 */
function rubyStatements(text: string, c: Collector): { code: string; line: number }[] {
  const lines = boundText(text, c).split(/\r\n|\r|\n/);
  const out: { code: string; line: number }[] = [];
  let inDoc = false;
  for (let li = 0; li < lines.length; li++) {
    const raw = lines[li] as string;
    if (inDoc) {
      if (/^=end(\s|$)/.test(raw)) inDoc = false;
      continue;
    }
    if (/^=begin(\s|$)/.test(raw)) {
      inDoc = true;
      continue;
    }
    let { code, open } = stripComment(raw, '');
    const line = li + 1;
    const st: BracketState = { d: 0, q: '', esc: false };
    scanBrackets(code, st);
    // Whether the code so far ends in `,` or `\` (blank lines after one keep it so).
    let trailing = /[,\\]\s*$/.test(code);
    for (let n = 0; n < MAX_STATEMENT_LINES && li + 1 < lines.length && (open !== '' || st.d > 0 || trailing); n++) {
      li++;
      const next = stripComment(lines[li] as string, open);
      open = next.open;
      code += `\n${next.code}`;
      scanBrackets(`\n${next.code}`, st);
      if (next.code.trim() !== '') trailing = /[,\\]\s*$/.test(next.code);
    }
    out.push({ code, line });
  }
  if (inDoc) c.warn('=begin without =end');
  return out;
}

const GEMSPEC_CALL = /\.\s*(add_dependency|add_runtime_dependency|add_development_dependency)\b\s*(.*)$/s;

/** A *.gemspec: `spec.add_dependency` / `add_runtime_dependency` (runtime), `add_development_dependency` (dev). */
export function readGemspec(path: string, text: string): ManifestResult {
  const c = new Collector(path, 'gem');
  // RubyGems' generated gemspecs declare each dependency twice: `if s.respond_to?
  // :add_runtime_dependency then … add_development_dependency(…) else … add_dependency(…) end`.
  // The first declaration of a gem is the one RubyGems takes (it refuses a duplicate).
  const seen = new Set<string>();
  for (const { code, line: startLine } of rubyStatements(text, c)) {
    if (c.isFull) break;
    if (!code.includes('_dependency')) continue;
    const m = GEMSPEC_CALL.exec(code);
    if (m === null) continue;
    const call = callArgs(m[2] ?? '');
    const [name, ...reqs] = call.args.flatMap((a) => a.split(/\s*,\s*(?=[<>=~!])/));
    if (name === undefined || !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) {
      c.warn(`line ${startLine}: a dependency without a literal gem name`);
      continue;
    }
    if (seen.has(name)) continue;
    seen.add(name);
    c.add({ name, range: reqs.length ? reqs.join(', ') : undefined, version: reqs.length === 1 ? exactGem(reqs[0] as string) : undefined, line: startLine, scope: m[1] === 'add_development_dependency' ? 'dev' : 'runtime' });
  }
  return c.result();
}

/**
 * Gemfile.lock / gems.locked: the `specs:` of the GEM, GIT and PATH sections (`    name (version)`
 * at four blanks, `name (version-platform)` for a platform gem: the version is before the `-`,
 * which no gem version holds), and DEPENDENCIES (two blanks: `name (requirement)`, `name!` for a
 * git or path source), which says which gems the Gemfile asks for: those get their requirement as
 * their range and the runtime scope; the others are dependencies of dependencies.
 */
export function readGemfileLock(path: string, text: string): ManifestResult {
  const c = new Collector(path, 'gem');
  const lines = boundText(text, c).split(/\r\n|\r|\n/);
  const direct = new Map<string, string | undefined>();
  const specs: { name: string; version: string; line: number }[] = [];
  let section = '';
  let inSpecs = false;
  let sawSection = false;
  for (let li = 0; li < lines.length; li++) {
    const line = lines[li] as string;
    if (line === '') continue;
    if (/^[A-Z][A-Z ]*$/.test(line)) {
      section = line.trim();
      inSpecs = false;
      sawSection = true;
      continue;
    }
    if (section === 'GEM' || section === 'GIT' || section === 'PATH') {
      if (/^ {2}specs:\s*$/.test(line)) {
        inSpecs = true;
        continue;
      }
      if (/^ {2}\S/.test(line)) {
        inSpecs = false;
        continue;
      }
      if (!inSpecs || !/^ {4}\S/.test(line)) continue;
      const m = /^ {4}([A-Za-z0-9][A-Za-z0-9._-]*) \(([^()\s]+)\)\s*$/.exec(line);
      if (m === null) {
        c.warn(`line ${li + 1}: not a "name (version)" spec`);
        continue;
      }
      const version = (m[2] as string).split('-')[0] as string;
      specs.push({ name: m[1] as string, version, line: li + 1 });
    } else if (section === 'DEPENDENCIES') {
      const m = /^ {2}([A-Za-z0-9][A-Za-z0-9._-]*)(!)?(?: \(([^()]*)\))?\s*$/.exec(line);
      if (m === null) {
        if (/^ {2}\S/.test(line)) c.warn(`line ${li + 1}: not a "name (requirement)" dependency`);
        continue;
      }
      if (!direct.has(m[1] as string)) direct.set(m[1] as string, m[3]?.trim() || undefined);
    }
  }
  if (!sawSection && text.trim() !== '') c.warn('no GEM, GIT, PATH or DEPENDENCIES section');
  const seen = new Set<string>();
  for (const s of specs) {
    const id = `${s.name}@${s.version}`;
    if (seen.has(id)) continue; // one gem for several platforms
    seen.add(id);
    const isDirect = direct.has(s.name);
    if (!c.add({ name: s.name, range: isDirect ? direct.get(s.name) : undefined, version: s.version, line: s.line, scope: isDirect ? 'runtime' : undefined, lockfile: path })) break;
  }
  return c.result();
}
