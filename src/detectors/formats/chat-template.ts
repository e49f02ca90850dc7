/**
 * Chat templates: GGUF `tokenizer.chat_template*` values, `chat_template` in tokenizer_config.json
 * (a string, or a list of {name, template}) and chat_template .jinja files, scanned for Jinja
 * template injection (gguf/chat-template-injection). Nothing is rendered.
 */
import { basename } from 'node:path/posix';
import { readGgufHeader } from '../../formats/gguf.js';
import { type CompiledSstiPattern, type SstiMatch, type SstiPattern, compileSstiPatterns, scanJinjaTemplate } from '../../formats/jinja-ssti.js';
import { loadRules, type RuleSet } from '../../rules/load.js';
import type { Observation } from '../../types.js';
import { emptyObservation } from '../../types.js';
import { makeFinding } from '../finding.js';
import type { DetectContext, Detector } from '../types.js';
import { byteIndex, isJsonObject, lineColumn, parseJsonLocated } from './json.js';

export interface GgufCatalog {
  templateJsonFiles: string[];
  templateFilePattern: string;
  sstiPatterns: SstiPattern[];
}

/** Compiled patterns per catalog object (the catalog is loaded once per process). */
const compiled = new WeakMap<object, CompiledSstiPattern[]>();

export function sstiPatterns(cat: GgufCatalog): CompiledSstiPattern[] {
  let c = compiled.get(cat);
  if (!c) {
    c = compileSstiPatterns(cat.sstiPatterns).patterns;
    compiled.set(cat, c);
  }
  return c;
}

function catalog(rules: RuleSet): GgufCatalog | undefined {
  return rules.catalogs.get('gguf') as GgufCatalog | undefined;
}

/** Whether a text file is a chat-template carrier, by name. */
export function isTemplateFile(path: string, cat: GgufCatalog): 'json' | 'jinja' | undefined {
  const name = basename(path);
  if (cat.templateJsonFiles.includes(name)) return 'json';
  if (new RegExp(cat.templateFilePattern).test(name)) return 'jinja';
  return undefined;
}

interface Template {
  kind: 'gguf' | 'json' | 'jinja';
  /** A label: the GGUF key, or `chat_template` / `chat_template[name]`. */
  label: string;
  text: string;
  offset?: number;
  line?: number;
  column?: number;
}

const MAX_TEXT = 16 * 1024 * 1024;
/** The GGUF reader keeps this much of each template (src/formats/gguf.ts). */
const GGUF_TEMPLATE_CAP = 1024 * 1024;

export const chatTemplateDetector: Detector = {
  id: 'chat-template',
  accepts(s, file) {
    if (s.kind === 'model') return s.format === 'gguf' && !s.wrapper;
    if (s.kind !== 'text' || file.size > MAX_TEXT) return false;
    const cat = catalog(loadRules());
    return cat !== undefined && isTemplateFile(file.path, cat) !== undefined;
  },
  detect(ctx) {
    const o = emptyObservation();
    const cat = catalog(ctx.rules);
    if (!cat) return o;
    const templates = ctx.sniffed.kind === 'model' ? ggufTemplates(ctx, o) : textTemplates(ctx, cat);
    const patterns = sstiPatterns(cat);
    for (const t of templates) {
      const matches = scanJinjaTemplate(t.text, patterns);
      if (matches.length) o.findings.push(finding(ctx, t, matches));
    }
    return o;
  },
};

function ggufTemplates(ctx: DetectContext, o: Observation): Template[] {
  const r = readGgufHeader(ctx.src);
  if (!r.ok) return [];
  const v = r.value;
  if (!v.complete && !v.chatTemplates?.length) {
    o.warnings.push({ code: 'gguf/partial', path: ctx.file.path, message: `GGUF metadata read stopped early (${v.warnings[0] ?? 'limit'}); chat templates after that point were not checked` });
  }
  for (const t of v.chatTemplates ?? []) {
    if (Buffer.byteLength(t.text) >= GGUF_TEMPLATE_CAP) o.warnings.push({ code: 'gguf/template-truncated', path: ctx.file.path, message: `${t.key} is longer than ${GGUF_TEMPLATE_CAP} bytes; only its start was checked for template injection` });
  }
  if (v.chatTemplates?.length) return v.chatTemplates.map((t) => ({ kind: 'gguf' as const, label: t.key, text: t.text, offset: t.offset }));
  return v.chatTemplate !== undefined ? [{ kind: 'gguf', label: 'tokenizer.chat_template', text: v.chatTemplate }] : [];
}

function textTemplates(ctx: DetectContext, cat: GgufCatalog): Template[] {
  const text = ctx.text();
  if (text === undefined) return [];
  const kind = isTemplateFile(ctx.file.path, cat);
  if (kind === 'jinja') return [{ kind: 'jinja', label: basename(ctx.file.path), text }];
  const parsed = parseJsonLocated(text);
  if (!parsed || !isJsonObject(parsed.value)) return [];
  const root = parsed.value;
  const ct = root.chat_template;
  const at = (idx: number | undefined): { line?: number; column?: number; offset?: number } => {
    if (idx === undefined) return {};
    return { ...lineColumn(text, idx), offset: byteIndex(text, idx) };
  };
  const out: Template[] = [];
  if (typeof ct === 'string') out.push({ kind: 'json', label: 'chat_template', text: ct, ...at(parsed.keyPos.get(root)?.get('chat_template')) });
  else if (Array.isArray(ct)) {
    ct.slice(0, 256).forEach((item, k) => {
      if (!isJsonObject(item) || typeof item.template !== 'string') return;
      const name = typeof item.name === 'string' ? item.name : String(k);
      out.push({ kind: 'json', label: `chat_template[${name.slice(0, 100)}]`, text: item.template, ...at(parsed.keyPos.get(item)?.get('template')) });
    });
  }
  return out;
}

function finding(ctx: DetectContext, t: Template, matches: SstiMatch[]) {
  const byPattern = new Map<string, SstiMatch>();
  for (const m of matches) if (!byPattern.has(m.patternId)) byPattern.set(m.patternId, m);
  const list = [...byPattern.values()];
  const first = matches.reduce((a, b) => (b.index < a.index ? b : a));
  const shown = list.slice(0, 6).map((m) => `${m.patternId} ${JSON.stringify(m.match)} (${m.description})`);
  // GGUF: the byte offset of the first offending tag. Jinja files: its line. JSON files: the
  // line of the template value (positions inside a JSON string do not map to file lines).
  let offset = t.offset;
  let line = t.line;
  let column = t.column;
  if (t.kind === 'gguf' && t.offset !== undefined) offset = t.offset + byteIndex(t.text, first.index);
  if (t.kind === 'jinja') {
    ({ line, column } = lineColumn(t.text, first.index));
    offset = byteIndex(t.text, first.index);
  }
  return makeFinding(ctx, {
    ruleId: 'gguf/chat-template-injection',
    message: `${ctx.file.path}: chat template ${t.label} reaches Python internals: ${shown.join('; ')}${list.length > 6 ? ` (and ${list.length - 6} more patterns)` : ''}`,
    key: `${t.label}|${list.map((m) => m.patternId).sort().join(',')}`,
    ...(offset !== undefined ? { offset } : {}),
    ...(line !== undefined ? { line } : {}),
    ...(column !== undefined ? { column } : {}),
    properties: { 'lantern:template': t.label, 'lantern:ssti:patterns': list.map((m) => m.patternId).join(',') },
  });
}
