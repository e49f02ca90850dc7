/**
 * MSBuild `Condition="…"` attributes, evaluated as far as the files decide them
 * (https://learn.microsoft.com/visualstudio/msbuild/msbuild-conditions): `==`, `!=` (case-insensitive
 * string compares after property expansion, numeric when both sides are numbers), `<`, `>`, `<=`,
 * `>=` (numbers or versions), `and`, `or`, `!`, parentheses, `true`/`false`, `HasTrailingSlash()`
 * and `Exists()`. Three-valued: a condition is true, false, or undecidable (undefined) when it reads
 * a property whose value the files do not fix (Configuration, a command-line property, one of
 * several TargetFrameworks), an item or metadata (`@(…)`, `%(…)`), a property function, the file
 * system (`Exists()`), or is malformed. `and` is false when one side is, `or` true when one side is.
 * Linear in the condition's length: one tokenizing pass, nesting deeper than MAX_DEPTH is
 * undecidable, an expansion over MAX_STRING characters is undecidable.
 */

export type Truth = boolean | undefined;

/**
 * A property's value for a condition (lower-case name): the value, '' for a name unset at that
 * point, undefined when the files do not decide it.
 */
export type PropertyLookup = (name: string) => string | undefined;

const MAX_DEPTH = 64;
const MAX_STRING = 4096;

type Token = { kind: 'str'; value: string | undefined } | { kind: 'op'; value: string } | { kind: 'word'; value: string };

/** A quoted or bare operand's value, `$(Name)` expanded; undefined when a part is not decided. */
function expand(text: string, lookup: PropertyLookup): string | undefined {
  if (/[@%]\(/.test(text)) return undefined; // items and metadata: not known at evaluation
  let out = '';
  let at = 0;
  for (;;) {
    const i = text.indexOf('$(', at);
    if (i < 0) break;
    const m = /^\$\(([A-Za-z_][\w-]*)\)/.exec(text.slice(i, i + 260));
    if (m === null) {
      // A `$(` with no `)` after it is text, as MSBuild's expander leaves it; else a property
      // function ($([System.…]), $(X.Trim())) or a reference the files do not decide.
      if (text.indexOf(')', i) >= 0) return undefined;
      break;
    }
    const v = lookup((m[1] as string).toLowerCase());
    if (v === undefined || v.includes('$(')) return undefined;
    out += text.slice(at, i) + v;
    if (out.length > MAX_STRING) return undefined;
    at = i + m[0].length;
  }
  out += text.slice(at);
  return out.length > MAX_STRING ? undefined : out;
}

function tokenize(text: string, lookup: PropertyLookup): Token[] | undefined {
  const tokens: Token[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const ch = text[i] as string;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) return undefined;
      tokens.push({ kind: 'str', value: expand(text.slice(i + 1, end), lookup) });
      i = end + 1;
      continue;
    }
    const two = text.slice(i, i + 2);
    if (two === '==' || two === '!=' || two === '<=' || two === '>=') {
      tokens.push({ kind: 'op', value: two });
      i += 2;
      continue;
    }
    if ('!()<>,'.includes(ch)) {
      tokens.push({ kind: 'op', value: ch });
      i++;
      continue;
    }
    if (two === '$(' || two === '@(' || two === '%(') {
      // An unquoted reference: up to its closing parenthesis (nested ones for property functions).
      let depth = 0;
      let j = i + 1;
      for (; j < n; j++) {
        if (text[j] === '(') depth++;
        else if (text[j] === ')' && --depth === 0) break;
      }
      if (j >= n) return undefined;
      tokens.push({ kind: 'str', value: expand(text.slice(i, j + 1), lookup) });
      i = j + 1;
      continue;
    }
    const m = /^[\w.+-]+/.exec(text.slice(i, i + 256));
    if (m === null || m[0].length >= 256) return undefined;
    tokens.push({ kind: 'word', value: m[0] });
    i += m[0].length;
  }
  return tokens;
}

function numberOf(s: string): number | undefined {
  const t = s.trim();
  if (/^[+-]?(\d+(\.\d+)?|\.\d+)$/.test(t)) return Number(t);
  if (/^0x[0-9a-f]{1,13}$/i.test(t)) return Number.parseInt(t.slice(2), 16);
  return undefined;
}

/** `1.2.3` → [1, 2, 3]; a version as MSBuild compares them (2 to 4 numeric parts). */
function versionOf(s: string): number[] | undefined {
  const t = s.trim();
  return /^\d{1,9}(\.\d{1,9}){1,3}$/.test(t) ? t.split('.').map(Number) : undefined;
}

function compare(a: string, b: string): number | undefined {
  const x = numberOf(a);
  const y = numberOf(b);
  if (x !== undefined && y !== undefined) return x - y;
  const u = versionOf(a) ?? (x !== undefined ? [x] : undefined);
  const v = versionOf(b) ?? (y !== undefined ? [y] : undefined);
  if (u === undefined || v === undefined) return undefined;
  for (let i = 0; i < Math.max(u.length, v.length); i++) {
    const d = (u[i] ?? 0) - (v[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

function booleanOf(s: string | undefined): Truth {
  if (s === undefined) return undefined;
  const t = s.trim().toLowerCase();
  if (t === 'true' || t === 'on' || t === 'yes' || t === '!false' || t === '!off' || t === '!no') return true;
  if (t === 'false' || t === 'off' || t === 'no' || t === '!true' || t === '!on' || t === '!yes') return false;
  return undefined;
}

/** Thrown on a malformed or too deeply nested condition: the whole condition is then undecidable. */
class Undecidable extends Error {}

/**
 * Whether `condition` holds, with properties read through `lookup`; undefined when the files do not
 * decide it. An empty condition is true.
 */
export function evalCondition(condition: string, lookup: PropertyLookup): Truth {
  if (condition.trim() === '') return true;
  const tokens = tokenize(condition, lookup);
  if (tokens === undefined) return undefined;
  let p = 0;
  const peekWord = (w: string): boolean => {
    const t = tokens[p];
    return t !== undefined && t.kind === 'word' && t.value.toLowerCase() === w;
  };
  const isOp = (o: string): boolean => {
    const t = tokens[p];
    return t !== undefined && t.kind === 'op' && t.value === o;
  };
  const expect = (o: string): void => {
    if (!isOp(o)) throw new Undecidable();
    p++;
  };
  /** `next ('and'|'or' next)*`: one side equal to `decisive` (false for and, true for or) decides; else both must be known. */
  const chain = (word: 'and' | 'or', next: (depth: number) => Truth, depth: number): Truth => {
    const decisive = word === 'or';
    let v = next(depth);
    while (peekWord(word)) {
      p++;
      const w = next(depth);
      v = v === decisive || w === decisive ? decisive : v === !decisive && w === !decisive ? !decisive : undefined;
    }
    return v;
  };
  const or = (depth: number): Truth => {
    if (depth > MAX_DEPTH) throw new Undecidable();
    return chain('or', and, depth);
  };
  const and = (depth: number): Truth => chain('and', unary, depth);
  const unary = (depth: number): Truth => {
    // A chain of `!` is read in a loop, not by recursion.
    let negate = false;
    while (isOp('!')) {
      negate = !negate;
      p++;
    }
    const v = primary(depth);
    return negate && v !== undefined ? !v : v;
  };
  /** An operand: a string's value (undefined when undecided). */
  const operand = (): { value: string | undefined; word: boolean } => {
    const t = tokens[p++];
    if (t === undefined || t.kind === 'op') throw new Undecidable();
    return t.kind === 'str' ? { value: t.value, word: false } : { value: t.value, word: true };
  };
  const primary = (depth: number): Truth => {
    if (isOp('(')) {
      p++;
      const v = or(depth + 1);
      expect(')');
      return v;
    }
    const t = tokens[p];
    if (t?.kind === 'word' && tokens[p + 1]?.kind === 'op' && tokens[p + 1]?.value === '(') {
      // A function: HasTrailingSlash('…') is decided by its argument; Exists() and others are not.
      const fn = t.value.toLowerCase();
      p += 2;
      const args: Array<string | undefined> = [];
      while (!isOp(')')) {
        args.push(operand().value);
        if (isOp(',')) p++;
        else if (!isOp(')')) throw new Undecidable();
      }
      p++;
      if (fn === 'hastrailingslash' && args.length === 1 && args[0] !== undefined) return /[\\/]$/.test(args[0]);
      return undefined;
    }
    const left = operand();
    const op = tokens[p];
    if (op?.kind === 'op' && ['==', '!=', '<', '>', '<=', '>='].includes(op.value)) {
      p++;
      const right = operand();
      if (left.value === undefined || right.value === undefined) return undefined;
      if (op.value === '==' || op.value === '!=') {
        const c = compare(left.value, right.value);
        const same = c !== undefined && numberOf(left.value) !== undefined && numberOf(right.value) !== undefined ? c === 0 : left.value.toLowerCase() === right.value.toLowerCase();
        return op.value === '==' ? same : !same;
      }
      const c = compare(left.value, right.value);
      if (c === undefined) return undefined;
      return op.value === '<' ? c < 0 : op.value === '>' ? c > 0 : op.value === '<=' ? c <= 0 : c >= 0;
    }
    return booleanOf(left.value);
  };
  try {
    const v = or(0);
    return p === tokens.length ? v : undefined;
  } catch (e) {
    if (e instanceof Undecidable) return undefined;
    throw e;
  }
}
