/**
 * A small, pure scanner of Jinja templates (chat templates) for server-side template injection.
 *
 * It renders nothing and evaluates nothing. It cuts the template into its tags (`{{ ... }}`,
 * `{% ... %}`; comments `{# #}` and `{% raw %}` blocks are skipped, since Jinja never evaluates
 * them) and matches each tag against a catalog of patterns, in one of four views:
 * - code: the tag with the contents of its string literals blanked (so `'system'` is not `system(`);
 * - strings: the tag's string literals, escape sequences decoded, concatenated in order (so
 *   `'__cla' ~ 'ss__'`, `['__','class','__']|join` and `'\x5f\x5fclass\x5f\x5f'` read `__class__`);
 * - strings-reversed: the same, each literal reversed (for `'__ssalc__'|reverse`);
 * - raw: the tag as written.
 * Text outside tags is output, not code, and is never matched.
 *
 * Bounded: the template is cut at maxChars, tags at maxTags, each view at maxView characters, and
 * matches at maxMatches. Catalog regexes are expected to be linear (no nested quantifiers).
 */

export type SstiTarget = 'code' | 'strings' | 'strings-reversed' | 'raw';

export interface SstiPattern {
  id: string;
  category: string;
  target: SstiTarget;
  regex: string;
  flags?: string;
  description: string;
}

export interface CompiledSstiPattern extends SstiPattern {
  re: RegExp;
}

export interface SstiMatch {
  patternId: string;
  category: string;
  description: string;
  /** The matched text (capped at 80 characters). */
  match: string;
  /** Character index in the template of the tag that matched. */
  index: number;
}

export interface JinjaTag {
  /** Index of the opening `{{` / `{%`. */
  start: number;
  /** Index just past the closing delimiter (or the end of the template if unclosed). */
  end: number;
  /** Text between the delimiters. */
  body: string;
}

export interface SstiLimits {
  maxChars?: number;
  maxTags?: number;
  maxView?: number;
  maxMatches?: number;
}

const DEFAULTS: Required<SstiLimits> = { maxChars: 16 * 1024 * 1024, maxTags: 1_000_000, maxView: 4 * 1024 * 1024, maxMatches: 100 };

/** Compiles catalog patterns; a pattern that does not compile is dropped and named in `errors`. */
export function compileSstiPatterns(patterns: readonly SstiPattern[]): { patterns: CompiledSstiPattern[]; errors: string[] } {
  const out: CompiledSstiPattern[] = [];
  const errors: string[] = [];
  for (const p of patterns) {
    try {
      const flags = (p.flags ?? '').replace(/[^imsu]/g, '');
      out.push({ ...p, re: new RegExp(p.regex, flags) });
    } catch (e) {
      errors.push(`${p.id}: ${(e as Error).message}`);
    }
  }
  return { patterns: out, errors };
}

/** The tags of a template, in order. Never throws. */
export function jinjaTags(template: string, limits: SstiLimits = {}): JinjaTag[] {
  const lim = { ...DEFAULTS, ...limits };
  const t = template.length > lim.maxChars ? template.slice(0, lim.maxChars) : template;
  const tags: JinjaTag[] = [];
  let i = 0;
  while (i < t.length && tags.length < lim.maxTags) {
    const open = t.indexOf('{', i);
    if (open < 0 || open + 1 >= t.length) break;
    const kind = t[open + 1];
    if (kind === '#') {
      const close = t.indexOf('#}', open + 2);
      i = close < 0 ? t.length : close + 2;
      continue;
    }
    if (kind !== '{' && kind !== '%') {
      i = open + 1;
      continue;
    }
    const closer = kind === '{' ? '}}' : '%}';
    const end = findClose(t, open + 2, closer);
    const body = t.slice(open + 2, end < 0 ? t.length : end);
    const tagEnd = end < 0 ? t.length : end + 2;
    if (kind === '%' && /^[-+]?\s*raw\s*[-+]?$/.test(body.trim())) {
      // {% raw %} ... {% endraw %}: plain text, never evaluated.
      const m = /\{%[-+]?\s*endraw\s*[-+]?%\}/g;
      m.lastIndex = tagEnd;
      const r = m.exec(t);
      i = r ? r.index + r[0].length : t.length;
      continue;
    }
    tags.push({ start: open, end: tagEnd, body });
    i = tagEnd;
  }
  return tags;
}

/** Index of `closer` after `from`, outside string literals; -1 if none. */
function findClose(t: string, from: number, closer: string): number {
  let quote = '';
  for (let i = from; i < t.length; i++) {
    const c = t[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === closer[0] && t[i + 1] === closer[1]) return i;
  }
  return -1;
}

export interface TagViews {
  code: string;
  strings: string;
  stringsReversed: string;
  raw: string;
}

/** The views of one tag body: literals blanked, literals decoded and joined, and as written. */
export function tagViews(body: string, maxView = DEFAULTS.maxView): TagViews {
  const raw = body.length > maxView ? body.slice(0, maxView) : body;
  let code = '';
  const literals: string[] = [];
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i] as string;
    if (c !== '"' && c !== "'") {
      code += c;
      continue;
    }
    let j = i + 1;
    let lit = '';
    while (j < raw.length && raw[j] !== c) {
      if (raw[j] === '\\' && j + 1 < raw.length) {
        lit += raw[j] as string;
        j++;
      }
      lit += raw[j] as string;
      j++;
    }
    literals.push(decodeEscapes(lit));
    code += c + ' '.repeat(Math.min(j, raw.length) - i - 1) + (j < raw.length ? c : '');
    i = j;
  }
  return {
    code,
    strings: literals.join(''),
    stringsReversed: literals.map((l) => [...l].reverse().join('')).join(''),
    raw,
  };
}

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', v: '\v' };

/** Decodes Python string escapes as Jinja's lexer does (\xHH, \uHHHH, \UHHHHHHHH, octal, \N{LOW LINE}). */
export function decodeEscapes(s: string): string {
  if (!s.includes('\\')) return s;
  return s.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{1,3}|N\{[A-Za-z ]{1,40}\}|.)/g, (m, e: string) => {
    const h = e[0];
    if (h === 'x' || h === 'u' || h === 'U') {
      const cp = parseInt(e.slice(1), 16);
      return cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
    }
    if (h === 'N') return e.slice(2, -1).toUpperCase() === 'LOW LINE' ? '_' : m;
    if (/^[0-7]/.test(e)) return String.fromCharCode(parseInt(e, 8));
    return SIMPLE_ESCAPES[e] ?? m;
  });
}

/**
 * Matches every tag of `template` against the patterns; one match per (pattern, tag), at most
 * maxMatches. Never throws.
 */
export function scanJinjaTemplate(template: string, patterns: readonly CompiledSstiPattern[], limits: SstiLimits = {}): SstiMatch[] {
  const lim = { ...DEFAULTS, ...limits };
  const out: SstiMatch[] = [];
  try {
    for (const tag of jinjaTags(template, lim)) {
      const v = tagViews(tag.body, lim.maxView);
      // One report per matched text in a tag: a catch-all pattern adds nothing after a specific one.
      const texts = new Set<string>();
      for (const p of patterns) {
        const view = p.target === 'code' ? v.code : p.target === 'strings' ? v.strings : p.target === 'strings-reversed' ? v.stringsReversed : v.raw;
        if (!view) continue;
        p.re.lastIndex = 0;
        const m = p.re.exec(view);
        if (!m || texts.has(m[0])) continue;
        texts.add(m[0]);
        out.push({ patternId: p.id, category: p.category, description: p.description, match: m[0].slice(0, 80), index: tag.start });
        if (out.length >= lim.maxMatches) return out;
      }
    }
  } catch {
    // A pattern misbehaving on odd input must not take the scan down: keep what was found.
  }
  return out;
}
