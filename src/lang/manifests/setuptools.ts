/**
 * setuptools' declarations: setup.cfg (`[options]` install_requires / setup_requires /
 * tests_require, `[options.extras_require]`) and setup.py, read statically: the literal lists of a
 * `setup(…)` call, never by running it.
 */
import type { DeclaredDependency } from '../types.js';
import { lexPython, T, tokValue, type Tok, Unsure } from '../python-lex.js';
import { lineOf, lineStarts } from '../../util/lines.js';
import { boundText, Collector, errorText, type ManifestResult, splitLines } from './common.js';
import { addPep508, stripComment } from './requirements.js';

type Scope = DeclaredDependency['scope'];

/** The keywords of `setup()` and keys of setup.cfg's [options] that list requirements. */
const OPTION_SCOPES: ReadonlyMap<string, Scope> = new Map([
  ['install_requires', 'runtime'],
  ['setup_requires', 'build'],
  ['tests_require', 'test'],
]);

/** A marker variable at the start of a piece: `python_version < "3.11"` after a `;` split. */
const MARKER_START = /^(?:python_(?:full_)?version|os_name|sys_platform|platform_[a-z_]+|implementation_[a-z_]+|extra)\s*(?:[<>=!~]|not\b|in\b)/;

interface CfgValue {
  scope: Scope;
  where: string;
  /** The value's lines (the key's own line first when it holds text), trimmed, with their 1-based lines. */
  items: Array<{ text: string; line: number }>;
  /** Whether the value went on over continuation lines. */
  multiline: boolean;
}

/**
 * One setup.cfg value as setuptools reads a requirements list: one requirement a line when the
 * value spans lines, else split at `;` (setuptools' list-semi); `#` comments dropped (a whole line,
 * or after blank space, as pip does); `file: a.txt, b.txt` names requirements files, which are
 * read as includes.
 */
function readCfgValue(c: Collector, v: CfgValue): void {
  const first = v.items[0];
  if (first !== undefined && /^file:/.test(first.text)) {
    for (const f of first.text.slice(5).split(',')) if (f.trim() !== '') c.include(f.trim());
    return;
  }
  for (const { text, line } of v.items) {
    const s = stripComment(text).trim();
    if (s === '') continue;
    const pieces = v.multiline ? [s] : s.split(';').map((p) => p.trim()).filter((p) => p !== '');
    for (const p of pieces) {
      if (!v.multiline && MARKER_START.test(p)) {
        c.warn(`${v.where}: a one-line value is split at ';' by setuptools: the marker "${p.slice(0, 100)}" is no requirement (put each requirement on its own line)`);
        continue;
      }
      if (!addPep508(c, p, line, v.scope, v.where)) return;
    }
  }
}

/**
 * setup.cfg, as configparser reads it: `[section]` headers, `key = value` or `key: value`,
 * continuation lines indented, whole-line `#` and `;` comments (also inside a value), blank lines
 * inside a value kept going. Keys are matched without regard to case or `-`/`_` (setuptools warns
 * about `install-requires` but takes it).
 */
export function readSetupCfg(path: string, text: string): ManifestResult {
  const c = new Collector(path, 'pypi');
  const lines = splitLines(boundText(text, c));
  let section = '';
  /** The value read, when its key is one of ours; `inValue` while any key's value may go on. */
  let open: CfgValue | undefined;
  let inValue = false;
  const close = (): void => {
    if (open !== undefined && !c.isFull) readCfgValue(c, open);
    open = undefined;
  };
  for (let i = 0; i < lines.length && !c.isFull; i++) {
    const l = lines[i]!;
    const t = l.trim();
    if (t === '' || t.startsWith('#') || t.startsWith(';')) continue;
    if (inValue && (l.charCodeAt(0) === 32 || l.charCodeAt(0) === 9)) {
      // A continuation line: of our value, or of another key's (never a key of its own).
      if (open !== undefined) {
        open.items.push({ text: t, line: i + 1 });
        open.multiline = true;
      }
      continue;
    }
    close();
    inValue = false;
    if (l.startsWith('[')) {
      const e = t.indexOf(']');
      if (e < 0) c.warn(`line ${i + 1}: section header without ']'`);
      else section = t.slice(1, e).trim().toLowerCase();
      continue;
    }
    const sep = t.search(/[=:]/);
    if (sep <= 0) continue; // configparser would fail on it; nothing here to read
    inValue = true;
    const key = t.slice(0, sep).trim();
    const norm = key.toLowerCase().replace(/-/g, '_');
    let scope: Scope | null = null;
    if (section === 'options') scope = OPTION_SCOPES.get(norm) ?? null;
    else if (section === 'options.extras_require') scope = 'optional';
    if (scope === null) continue;
    const rest = t.slice(sep + 1).trim();
    open = { scope, where: `[${section}] ${key}`, items: rest === '' ? [] : [{ text: rest, line: i + 1 }], multiline: false };
  }
  close();
  return c.result();
}

/** Literal string items of a list or tuple, with their token offsets. */
type Items = Array<{ value: string; at: number }>;

/**
 * Reads a `setup(…)` call's tokens: walks them once, with the bracket depth, from the `(` at `open`
 * to its `)`.
 */
class SetupCall {
  /** Top-level `NAME = [ … ]` / `NAME = ( … )` bindings: name → index of the bracket; null when bound twice. */
  private readonly bound = new Map<string, number | null>();
  /** Lists read for a bound name, once each. */
  private readonly boundItems = new Map<string, Items | undefined>();

  constructor(
    private readonly toks: Tok[],
    private readonly text: string,
  ) {
    for (let k = 0; k + 2 < toks.length; k++) {
      const a = toks[k]!;
      if (a.t !== T.Name || (k > 0 && toks[k - 1]!.t !== T.Newline)) continue;
      const eq = toks[k + 1]!;
      const br = toks[k + 2]!;
      if (eq.t === T.Op && eq.v === '=' && br.t === T.Op && (br.v === '[' || br.v === '(')) this.bound.set(a.v, this.bound.has(a.v) ? null : k + 2);
    }
  }

  /** Index of the bracket closing the one at `k` (the lexer checked they balance). */
  close(k: number): number {
    let depth = 0;
    for (let j = k; j < this.toks.length; j++) {
      const t = this.toks[j]!;
      if (t.t !== T.Op) continue;
      if (t.v === '(' || t.v === '[' || t.v === '{') depth++;
      else if (t.v === ')' || t.v === ']' || t.v === '}') {
        depth--;
        if (depth === 0) return j;
      }
    }
    return this.toks.length;
  }

  /**
   * The comma-separated parts of the bracket at `k` (to its closing bracket `end`): [start, end) of
   * each, at the bracket's own depth.
   */
  parts(k: number, end: number): Array<[number, number]> {
    const out: Array<[number, number]> = [];
    let depth = 0;
    let start = k + 1;
    for (let j = k + 1; j < end; j++) {
      const t = this.toks[j]!;
      if (t.t !== T.Op) continue;
      if (t.v === '(' || t.v === '[' || t.v === '{') depth++;
      else if (t.v === ')' || t.v === ']' || t.v === '}') depth--;
      else if (t.v === ',' && depth === 0) {
        out.push([start, j]);
        start = j + 1;
      }
    }
    if (start < end) out.push([start, end]);
    return out;
  }

  /** The value of tokens [a, b) when they are only string literals (adjacent ones concatenate), no f-string field. */
  private literal(a: number, b: number): string | undefined {
    if (a >= b) return undefined;
    let s = '';
    for (let j = a; j < b; j++) {
      const t = this.toks[j]!;
      if (t.t !== T.Str) return undefined;
      const v = tokValue(t, this.text).value;
      if (v === undefined) return undefined;
      s += v;
    }
    return s;
  }

  /** The literal string items of the list, tuple or bound name at [a, b); undefined for anything else. */
  items(a: number, b: number): Items | undefined {
    const first = this.toks[a];
    if (first === undefined) return undefined;
    if (b - a === 1 && first.t === T.Name) return this.boundList(first.v);
    if (first.t !== T.Op || (first.v !== '[' && first.v !== '(')) return undefined;
    const end = this.close(a);
    if (end !== b - 1) return undefined; // `[…] + other`, `[…][0]`: computed
    const out: Items = [];
    for (const [s, e] of this.parts(a, end)) {
      const v = this.literal(s, e);
      if (v !== undefined) out.push({ value: v, at: this.toks[s]!.s });
    }
    return out;
  }

  private boundList(name: string): Items | undefined {
    if (this.boundItems.has(name)) return this.boundItems.get(name);
    const k = this.bound.get(name);
    this.boundItems.set(name, undefined); // a name bound to itself reads as nothing
    const out = k === undefined || k === null ? undefined : this.items(k, this.close(k) + 1);
    this.boundItems.set(name, out);
    return out;
  }

  /**
   * `extras_require`: a dict literal `{"extra": [...], …}` or `dict(extra=[...], …)`; each value a
   * literal list or a bound name.
   */
  extras(a: number, b: number): Array<{ extra: string; items: Items }> {
    const t = this.toks[a];
    const out: Array<{ extra: string; items: Items }> = [];
    if (t === undefined) return out;
    const isDict = t.t === T.Name && t.v === 'dict' && this.toks[a + 1]?.v === '(';
    const open = isDict ? a + 1 : a;
    if (!isDict && (t.t !== T.Op || t.v !== '{')) return out;
    const end = this.close(open);
    if (end !== b - 1) return out;
    for (const [s, e] of this.parts(open, end)) {
      let sep = -1;
      for (let j = s; j < e; j++) {
        const x = this.toks[j]!;
        if (x.t === T.Op && x.v === (isDict ? '=' : ':')) {
          sep = j;
          break;
        }
        if (x.t === T.Op) break;
      }
      if (sep < 0) continue;
      const key = isDict ? (sep === s + 1 && this.toks[s]!.t === T.Name ? this.toks[s]!.v : undefined) : this.literal(s, sep);
      const items = key === undefined ? undefined : this.items(sep + 1, e);
      if (key !== undefined && items !== undefined) out.push({ extra: key, items });
    }
    return out;
  }
}

/** Whether the tokens before `k` (a `setup` name) make it setuptools' or distutils' setup, called. */
function isSetupCall(toks: Tok[], k: number): boolean {
  const t = toks[k]!;
  if (t.t !== T.Name || t.v !== 'setup' || toks[k + 1]?.t !== T.Op || toks[k + 1]!.v !== '(') return false;
  const prev = toks[k - 1];
  if (prev === undefined || prev.t !== T.Op || prev.v !== '.') return prev?.t !== T.Name || (prev.v !== 'def' && prev.v !== 'class');
  const owner = toks[k - 2];
  return owner?.t === T.Name && (owner.v === 'setuptools' || owner.v === 'core');
}

/**
 * setup.py, statically: the `setup(…)` (or `setuptools.setup(…)`, `distutils.core.setup(…)`)
 * calls' install_requires (runtime), setup_requires (build), tests_require (test) and
 * extras_require (optional) when they are literal lists or tuples of strings, or a name the file
 * binds once, at the start of a statement, to such a list. Computed values (`open(…).read()`,
 * concatenations, comprehensions) are left alone: a requirements file they read is read on its own.
 * Comments and strings are the lexer's (lexPython), so a requirement in a comment or a docstring is
 * none. The file stays Python source for the import detector.
 */
export function readSetupPy(path: string, text: string): ManifestResult {
  const c = new Collector(path, 'pypi');
  const t = boundText(text, c);
  if (!t.includes('setup')) return c.result();
  let toks: Tok[];
  try {
    toks = lexPython(t);
  } catch (e) {
    c.warn(`not read: ${e instanceof Unsure ? e.message : errorText(e)}`);
    return c.result();
  }
  let starts: number[] | undefined;
  const lineAt = (at: number): number => lineOf((starts ??= lineStarts(t, 'cr-lf')), at) + 1;
  const call = new SetupCall(toks, t);
  const add = (items: Items, scope: Scope, where: string): boolean => items.every((it) => addPep508(c, it.value, lineAt(it.at), scope, where));
  for (let k = 0; k < toks.length && !c.isFull; k++) {
    if (!isSetupCall(toks, k)) continue;
    const end = call.close(k + 1);
    for (const [s, e] of call.parts(k + 1, end)) {
      const kw = toks[s]!;
      if (kw.t !== T.Name || toks[s + 1]?.t !== T.Op || toks[s + 1]!.v !== '=') continue;
      const scope = OPTION_SCOPES.get(kw.v);
      if (scope !== undefined) {
        const items = call.items(s + 2, e);
        if (items !== undefined && !add(items, scope, kw.v)) break;
      } else if (kw.v === 'extras_require') {
        for (const x of call.extras(s + 2, e)) if (!add(x.items, 'optional', `extras_require[${x.extra}]`)) break;
      }
    }
    k = end; // a setup( inside this call's arguments is no call of its own
  }
  return c.result();
}
