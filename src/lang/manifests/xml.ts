/**
 * A small tolerant XML reader for project files (pom.xml, *.csproj, packages.config). It builds an
 * element tree with the line of each start tag. Comments, processing instructions and DOCTYPE are
 * skipped (no entity is ever expanded beyond the five predefined ones and character references);
 * CDATA is text. Unclosed elements are closed at the end, a stray end tag closes up to its match.
 * Bounded in depth and element count; never throws.
 */
import { boundText, type Collector, LineIndex, MAX_DEPTH } from './common.js';

export interface XmlElement {
  /** Local name (prefix dropped). */
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
  line: number;
}

export interface XmlParse {
  root: XmlElement;
  errors: string[];
}

const MAX_ELEMENTS = 500_000;

function decode(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-fA-F]{1,6}|#\d{1,7}|lt|gt|amp|quot|apos);/g, (m, e: string) => {
    if (e === 'lt') return '<';
    if (e === 'gt') return '>';
    if (e === 'amp') return '&';
    if (e === 'quot') return '"';
    if (e === 'apos') return "'";
    const cp = e.startsWith('#x') ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
  });
}

function localName(n: string): string {
  const i = n.indexOf(':');
  return i < 0 ? n : n.slice(i + 1);
}

/** Parses XML text into a document element (`#document`) whose children are the top-level elements. */
export function parseXml(text: string): XmlParse {
  const lines = new LineIndex(text);
  const root: XmlElement = { name: '#document', attrs: {}, children: [], text: '', line: 1 };
  const stack: XmlElement[] = [root];
  const errors: string[] = [];
  let count = 0;
  let pos = 0;
  const n = text.length;
  const top = (): XmlElement => stack[stack.length - 1]!;
  const err = (m: string, at: number): void => {
    if (errors.length < 20) errors.push(`${m} at line ${lines.lineOf(at)}`);
  };

  while (pos < n) {
    const lt = text.indexOf('<', pos);
    const textEnd = lt < 0 ? n : lt;
    if (textEnd > pos && stack.length > 1) top().text += decode(text.slice(pos, textEnd));
    if (lt < 0) break;
    pos = lt;
    if (text.startsWith('<!--', pos)) {
      const e = text.indexOf('-->', pos + 4);
      if (e < 0) {
        err('unterminated comment', pos);
        break;
      }
      pos = e + 3;
    } else if (text.startsWith('<![CDATA[', pos)) {
      const e = text.indexOf(']]>', pos + 9);
      if (e < 0) {
        err('unterminated CDATA', pos);
        break;
      }
      if (stack.length > 1) top().text += text.slice(pos + 9, e);
      pos = e + 3;
    } else if (text.startsWith('<?', pos)) {
      const e = text.indexOf('?>', pos + 2);
      if (e < 0) {
        err('unterminated processing instruction', pos);
        break;
      }
      pos = e + 2;
    } else if (text.startsWith('<!', pos)) {
      // DOCTYPE or other declaration: skip, including an internal subset in brackets.
      let depth = 0;
      let i = pos + 2;
      for (; i < n; i++) {
        const c = text[i];
        if (c === '[') depth++;
        else if (c === ']') depth--;
        else if (c === '>' && depth <= 0) break;
      }
      if (i >= n) {
        err('unterminated declaration', pos);
        break;
      }
      pos = i + 1;
    } else if (text.startsWith('</', pos)) {
      const e = text.indexOf('>', pos + 2);
      if (e < 0) {
        err('unterminated end tag', pos);
        break;
      }
      const name = localName(text.slice(pos + 2, e).trim());
      let k = stack.length - 1;
      while (k > 0 && stack[k]!.name !== name) k--;
      if (k === 0) err(`stray end tag </${name}>`, pos);
      else {
        if (k !== stack.length - 1) err(`unclosed element <${top().name}>`, pos);
        stack.length = k;
      }
      pos = e + 1;
    } else {
      // Start tag: name, attributes, optional self-closing slash.
      const m = /^<([A-Za-z_:][\w:.-]*)/.exec(text.slice(pos, pos + 256));
      if (m === null) {
        if (stack.length > 1) top().text += '<';
        pos++;
        continue;
      }
      const start = pos;
      let i = pos + m[0].length;
      const attrs: Record<string, string> = Object.create(null) as Record<string, string>;
      let selfClosing = false;
      let closed = false;
      while (i < n) {
        while (i < n && /\s/.test(text[i]!)) i++;
        const c = text[i];
        if (c === '>') {
          i++;
          closed = true;
          break;
        }
        if (c === '/' && text[i + 1] === '>') {
          i += 2;
          closed = selfClosing = true;
          break;
        }
        const am = /^([^\s=/>"']+)\s*(?:=\s*("([^"]*)"|'([^']*)'|([^\s>"']+)))?/.exec(text.slice(i, i + 4096));
        if (am === null) {
          i++;
          continue;
        }
        attrs[localName(am[1]!)] = decode(am[3] ?? am[4] ?? am[5] ?? '');
        i += am[0].length;
      }
      if (!closed) {
        err('unterminated start tag', start);
        break;
      }
      if (++count > MAX_ELEMENTS) {
        err('too many elements', start);
        break;
      }
      const el: XmlElement = { name: localName(m[1]!), attrs, children: [], text: '', line: lines.lineOf(start) };
      top().children.push(el);
      if (!selfClosing) {
        if (stack.length > MAX_DEPTH) {
          err('nesting too deep', start);
          break;
        }
        stack.push(el);
      }
      pos = i;
    }
  }
  if (stack.length > 1) err(`unclosed element <${top().name}>`, n);
  return { root, errors };
}

/** Child elements with a local name (case-sensitive unless `ci`). */
export function kids(el: XmlElement | undefined, name: string, ci = false): XmlElement[] {
  if (el === undefined) return [];
  const want = ci ? name.toLowerCase() : name;
  return el.children.filter((c) => (ci ? c.name.toLowerCase() : c.name) === want);
}

export function kid(el: XmlElement | undefined, name: string, ci = false): XmlElement | undefined {
  return kids(el, name, ci)[0];
}

/** Trimmed text of a child element. */
export function kidText(el: XmlElement | undefined, name: string, ci = false): string | undefined {
  const k = kid(el, name, ci);
  return k === undefined ? undefined : k.text.trim();
}

/** An attribute, matched without regard to case. */
export function attr(el: XmlElement, name: string): string | undefined {
  const want = name.toLowerCase();
  for (const [k, v] of Object.entries(el.attrs)) if (k.toLowerCase() === want) return v;
  return undefined;
}

/**
 * The document element named `name` of a manifest's XML text (read within the text bound), its
 * first five parse errors and its absence warned on the collector as `malformed XML: …` and
 * `no <name> element`.
 */
export function xmlDocumentOf(c: Collector, text: string, name: string): XmlElement | undefined {
  const x = parseXml(boundText(text, c));
  for (const e of x.errors.slice(0, 5)) c.warn(`malformed XML: ${e}`);
  const el = kid(x.root, name);
  if (el === undefined) c.warn(`no <${name}> element`);
  return el;
}
