/**
 * TensorFlow SavedModel in protobuf text format (`saved_model.pbtxt`), which TensorFlow loads
 * when a SavedModel folder has no `saved_model.pb` (loader_impl.parse_saved_model). Read into the
 * same SavedModelInfo as the binary reader: meta graphs and their tags, and every NodeDef of each
 * main graph (graph_def.node) and function library (graph_def.library.function[].node_def), with
 * the function's signature name.
 *
 * A small tokenizer for the text format (identifiers, `:`, `{ }` and `< >`, quoted strings with
 * C escapes, numbers, `#` comments) and a walk that keeps the path of field names. Bounded: the
 * text is capped by the caller, nodes at maxNodes (op names are still collected past it), nesting
 * at 256. Unknown fields are skipped, as TensorFlow's parser would reject them anyway.
 */
import { type Parsed, fail, ok } from './source.js';
import type { SavedModelInfo, SavedModelNode } from './savedmodel.js';

const MAX_NODES = 100_000;
const MAX_DEPTH = 256;
const MAX_NAME = 256;
/** Characters of a quoted string kept (op and node names need far fewer; attr values can be long). */
const MAX_STRING = MAX_NAME * 64;

/** Whether text is the start of a SavedModel text proto. */
export function looksLikeSavedModelText(text: string): boolean {
  return /^(?:\s*#[^\n]*\n)*\s*(saved_model_schema_version\s*:\s*\d+|meta_graphs\s*[{<])/.test(text);
}

type Tok = { t: 'id' | 'str' | 'num' | 'p'; v: string; at: number };

/** The tokens of `text`; a character the text format has no place for is a punctuation token. */
function* tokens(text: string): Generator<Tok, void, undefined> {
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x2c || c === 0x3b) {
      i++;
    } else if (c === 0x23) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? n : nl + 1;
    } else if (c === 0x22 || c === 0x27) {
      // Past MAX_STRING characters a string is still read to its end, but no longer kept.
      let j = i + 1;
      let out = '';
      while (j < n && text.charCodeAt(j) !== c) {
        if (out.length >= MAX_STRING) {
          j += text[j] === '\\' ? 2 : 1;
          continue;
        }
        if (text[j] === '\\' && j + 1 < n) {
          const e = text[j + 1] as string;
          const oct = /^[0-7]{1,3}/.exec(text.slice(j + 1, j + 4));
          const hex = /^x([0-9a-fA-F]{1,2})/.exec(text.slice(j + 1, j + 4));
          if (oct) {
            out += String.fromCharCode(parseInt(oct[0], 8) & 0xff);
            j += 1 + oct[0].length;
          } else if (hex?.[1]) {
            out += String.fromCharCode(parseInt(hex[1], 16));
            j += 1 + hex[0].length;
          } else {
            out += ({ n: '\n', t: '\t', r: '\r' } as Record<string, string>)[e] ?? e;
            j += 2;
          }
        } else {
          out += text[j];
          j++;
        }
      }
      yield { t: 'str', v: out, at: i };
      i = j + 1;
    } else if (c === 0x7b || c === 0x7d || c === 0x3c || c === 0x3e || c === 0x3a || c === 0x5b || c === 0x5d) {
      yield { t: 'p', v: text[i] as string, at: i };
      i++;
    } else {
      const m = /[A-Za-z_][\w.]*|[-+]?[\w.+-]+/y;
      m.lastIndex = i;
      const r = m.exec(text);
      if (!r) {
        yield { t: 'p', v: text[i] as string, at: i };
        i++;
        continue;
      }
      yield { t: /^[A-Za-z_]/.test(r[0]) ? 'id' : 'num', v: r[0], at: i };
      i += r[0].length;
    }
  }
}

interface Frame {
  field: string;
  /** For a NodeDef (node, node_def): its first name and op, and where it starts. */
  node?: { name: string; op: string; at: number };
  fnName?: string;
}

export function readSavedModelText(text: string, limits: { maxNodes?: number } = {}): Parsed<SavedModelInfo> {
  const maxNodes = limits.maxNodes ?? MAX_NODES;
  const info: SavedModelInfo = { metaGraphCount: 0, tags: [], nodes: [], ops: [], functionCount: 0, truncated: false };
  const ops = new Set<string>();
  const stack: Frame[] = [];
  /** Nodes of the function being read: its signature name may come after them. */
  let fnNodes: SavedModelNode[] = [];
  const it = tokens(text);
  const next = (): Tok | undefined => {
    const r = it.next();
    return r.done ? undefined : r.value;
  };
  const path = (): string => stack.map((f) => f.field).join('/');
  const addNode = (n: { name: string; op: string; at: number }, fn: string | undefined): SavedModelNode | undefined => {
    if (n.op) ops.add(n.op);
    if (info.nodes.length >= maxNodes) {
      info.truncated = true;
      return undefined;
    }
    const node: SavedModelNode = { name: n.name, op: n.op, metaGraph: Math.max(0, info.metaGraphCount - 1), offset: n.at };
    if (fn !== undefined) node.fn = fn;
    info.nodes.push(node);
    return node;
  };
  for (let tok = next(); tok; tok = next()) {
    if (tok.t === 'p' && (tok.v === '}' || tok.v === '>')) {
      const f = stack.pop();
      if (!f) return fail(`unbalanced '${tok.v}' at character ${tok.at}`);
      const p = path();
      if (f.field === 'node' && p.endsWith('graph_def') && f.node) addNode(f.node, undefined);
      else if (f.field === 'node_def' && p.endsWith('library/function') && f.node) {
        const node = addNode(f.node, undefined);
        if (node) fnNodes.push(node);
      } else if (f.field === 'function' && p.endsWith('graph_def/library')) {
        info.functionCount++;
        for (const n of fnNodes) n.fn = f.fnName ?? '';
        fnNodes = [];
      }
      continue;
    }
    if (tok.t !== 'id') return fail(`unexpected '${tok.v}' at character ${tok.at}`);
    const field = tok.v;
    let after = next();
    if (after?.t === 'p' && after.v === ':') after = next();
    if (!after) return fail(`field ${field} has no value`, true);
    if (after.t === 'p' && (after.v === '{' || after.v === '<')) {
      if (stack.length >= MAX_DEPTH) return fail('nested more than 256 levels deep');
      const frame: Frame = { field };
      if (field === 'meta_graphs' && stack.length === 0) {
        info.metaGraphCount++;
        info.tags.push([]);
      }
      if (field === 'node' || field === 'node_def') frame.node = { name: '', op: '', at: tok.at };
      stack.push(frame);
      continue;
    }
    if (after.t === 'p' && after.v === '[') {
      // A list of scalars: skip to its end.
      for (let x = next(); x && !(x.t === 'p' && x.v === ']'); x = next());
      continue;
    }
    const top = stack[stack.length - 1];
    const value = after.v.slice(0, MAX_NAME);
    if (top?.node && (field === 'name' || field === 'op') && after.t === 'str' && !top.node[field]) top.node[field] = value;
    else if (field === 'name' && top?.field === 'signature' && after.t === 'str') {
      const fn = stack[stack.length - 2];
      if (fn?.field === 'function' && fn.fnName === undefined) fn.fnName = value;
    } else if (field === 'tags' && top?.field === 'meta_info_def' && stack.length === 2 && after.t === 'str') info.tags[info.tags.length - 1]?.push(value);
    else if (field === 'saved_model_schema_version' && stack.length === 0 && after.t === 'num') info.schemaVersion = Number(after.v);
  }
  if (stack.length) return fail(`${stack.length} message(s) not closed at the end of the text`, true);
  info.ops = [...ops].sort();
  return ok(info);
}
