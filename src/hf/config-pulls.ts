/**
 * Hugging Face pulls named by YAML and JSON configs: training recipes (HF TrainingArguments,
 * TRL, axolotl), PEFT `adapter_config.json`, serving configs (TGI, vLLM, TEI). Only keys whose
 * value is always a Hub repository to load are read; a generic `model:` is not (it names OpenAI
 * models, LiteLLM routes and local aliases as often as Hub repos), nor `_name_or_path` (a saved
 * model's own provenance) or `hub_model_id` (where a run pushes, not what it pulls).
 *
 * Both formats go through the `yaml` package (JSON is YAML 1.2 flow syntax), which keeps the
 * offset of every node. Its composer recurses per nesting level and, near the stack limit, V8 can
 * abort the whole process while compiling a regular expression (a fatal out-of-memory, not a
 * catchable error), so nesting is measured first and a file nested deeper than MAX_DEPTH is not
 * parsed.
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import { isHubId, isLocalPath, type HubRepoType, type PullSite } from './types.js';
import { lfBreaks } from '../util/lines.js';
import { MAX_YAML_DEPTH as MAX_DEPTH, nestingBound } from '../util/yaml-depth.js';

/**
 * Every wanted key contains one of these. Parsing costs about a second per megabyte, and most
 * JSON in a repository (tokenizer.json, package.json) names none, so such text is not parsed.
 */
const KEY_WORDS = /model_name_or_path|model_id|base_model|tokenizer_name|dataset_name|hf:\/\//;

/**
 * Keys whose value is a storage URI that model servers download from: KServe's `storageUri` and
 * `storageUris[].uri`, KubeAI's `Model` `url`. Only an `hf://<repo>[:<revision>]` value is a Hub
 * pull (KServe's format: `hf://${REPO}/${MODEL}:${HASH}`, the hash optional); s3://, gs://, pvc://
 * and the like are not the Hub's.
 */
const URI_KEYS = new Set(['storageUri', 'uri', 'url']);
const MAX_WARNINGS = 20;
const MAX_DYNAMIC = 80;

/** What a key names and which sibling keys hold its revision, in order of precedence. */
interface KeySpec {
  repoType: HubRepoType;
  revisionKeys: string[];
  /** Model weights are loaded (so `trust_remote_code` and `use_safetensors` apply). */
  weights: boolean;
}

const MODEL_REVISIONS = ['revision', 'model_revision', 'revision_of_model'];
const KEYS: ReadonlyMap<string, KeySpec> = new Map<string, KeySpec>([
  ['model_name_or_path', { repoType: 'model', revisionKeys: MODEL_REVISIONS, weights: true }],
  ['pretrained_model_name_or_path', { repoType: 'model', revisionKeys: MODEL_REVISIONS, weights: true }],
  ['model_id', { repoType: 'model', revisionKeys: MODEL_REVISIONS, weights: true }],
  ['base_model', { repoType: 'model', revisionKeys: ['base_model_revision', ...MODEL_REVISIONS], weights: true }],
  ['base_model_name_or_path', { repoType: 'model', revisionKeys: ['base_model_revision', ...MODEL_REVISIONS], weights: true }],
  ['tokenizer_name', { repoType: 'model', revisionKeys: ['tokenizer_revision', ...MODEL_REVISIONS], weights: false }],
  ['tokenizer_name_or_path', { repoType: 'model', revisionKeys: ['tokenizer_revision', ...MODEL_REVISIONS], weights: false }],
  // A recipe's `revision`/`model_revision` belong to its model, never to its dataset.
  ['dataset_name', { repoType: 'dataset', revisionKeys: ['dataset_revision'], weights: false }],
]);

// ---------------------------------------------------------------------------------------------
// Reading a mapping.

interface Ctx {
  text: string;
  doc: Document.Parsed;
  lines: LineCounter;
  sites: PullSite[];
}

/** The node a pair's value refers to (aliases resolved once, never followed while walking). */
function valueNode(pair: Pair, ctx: Ctx): Node | undefined {
  const v = pair.value;
  if (isAlias(v)) return v.resolve(ctx.doc) ?? undefined;
  return (v ?? undefined) as Node | undefined;
}

function keyOf(pair: Pair): string | undefined {
  return isScalar(pair.key) && typeof pair.key.value === 'string' ? pair.key.value : undefined;
}

function isTemplated(s: string): boolean {
  return s.includes('${') || s.includes('{{') || s.includes('{%') || s.startsWith('$');
}

/** The pairs of a mapping by key; the last of duplicate keys wins, as when the file is loaded. */
function pairsByKey(map: YAMLMap): Map<string, Pair> {
  const out = new Map<string, Pair>();
  for (const pair of map.items) {
    const k = keyOf(pair);
    if (k !== undefined) out.set(k, pair);
  }
  return out;
}

/** A sibling revision as written: a string or the source text of a number (a sha of digits). */
function revisionOf(pair: Pair | undefined, ctx: Ctx): Pick<PullSite, 'revision' | 'revisionDynamic'> | undefined {
  const node = pair === undefined ? undefined : valueNode(pair, ctx);
  if (!isScalar(node) || node.value === null || typeof node.value === 'boolean') return undefined;
  const range = node.range;
  const value = typeof node.value === 'string' ? node.value.trim() : range == null ? String(node.value) : ctx.text.slice(range[0], range[1]);
  if (value === '') return undefined;
  return isTemplated(value) ? { revisionDynamic: true } : { revision: value };
}

function scalarIs(pair: Pair | undefined, ctx: Ctx, want: boolean): boolean {
  const node = pair === undefined ? undefined : valueNode(pair, ctx);
  return isScalar(node) && node.value === want;
}

/** The site of one wanted key, or undefined when its value is not a string (or a template). */
function siteOf(key: string, spec: KeySpec, pair: Pair, siblings: Map<string, Pair>, ctx: Ctx): PullSite | undefined {
  const node = valueNode(pair, ctx);
  const own = pair.value as Node | null;
  const range = own?.range ?? node?.range;
  if (range === undefined || range === null) return undefined;
  let value: string;
  if (isScalar(node) && typeof node.value === 'string') value = node.value.trim();
  else {
    // An unquoted `{{ .Values.model }}` parses as a flow mapping: still a templated name.
    const src = ctx.text.slice(range[0], range[1]);
    if (!isMap(node) || !src.startsWith('{{')) return undefined;
    value = src;
  }
  if (value === '') return undefined;
  const pos = ctx.lines.linePos(range[0]);
  const site: PullSite = { via: `config:${key}`, repoType: spec.repoType, line: pos.line, column: pos.col };
  if (isTemplated(value) || !(isLocalPath(value) || isHubId(value))) site.dynamic = value.length > MAX_DYNAMIC ? value.slice(0, MAX_DYNAMIC) : value;
  else if (isLocalPath(value)) site.localPath = value;
  else site.id = value;
  for (const rk of spec.revisionKeys) {
    const rev = revisionOf(siblings.get(rk), ctx);
    if (rev !== undefined) {
      Object.assign(site, rev);
      break;
    }
  }
  if (spec.weights && scalarIs(siblings.get('trust_remote_code'), ctx, true)) site.trustRemoteCode = true;
  if (spec.weights && scalarIs(siblings.get('use_safetensors'), ctx, false)) site.unsafeWeights = 'use_safetensors: false';
  return site;
}

/** An `hf://` storage URI's pull (URI_KEYS): the repository, and the revision after a `:`. */
function hfUriSite(key: string, pair: Pair, ctx: Ctx): PullSite | undefined {
  const node = valueNode(pair, ctx);
  if (!isScalar(node) || typeof node.value !== 'string' || !node.value.trim().startsWith('hf://')) return undefined;
  const range = (pair.value as Node | null)?.range ?? node.range;
  if (range === undefined || range === null) return undefined;
  const pos = ctx.lines.linePos(range[0]);
  const rest = node.value.trim().slice('hf://'.length);
  const colon = rest.indexOf(':');
  const id = colon < 0 ? rest : rest.slice(0, colon);
  const site: PullSite = { via: `config:${key}`, repoType: 'model', line: pos.line, column: pos.col };
  if (isTemplated(rest) || !isHubId(id)) site.dynamic = rest.length > MAX_DYNAMIC ? rest.slice(0, MAX_DYNAMIC) : rest;
  else {
    site.id = id;
    if (colon >= 0 && rest.slice(colon + 1) !== '') site.revision = rest.slice(colon + 1);
  }
  return site;
}

function readMap(map: YAMLMap, ctx: Ctx): void {
  const pairs = pairsByKey(map);
  for (const [key, pair] of pairs) {
    if (URI_KEYS.has(key)) {
      const site = hfUriSite(key, pair, ctx);
      if (site !== undefined) ctx.sites.push(site);
      continue;
    }
    const spec = KEYS.get(key);
    if (spec === undefined) continue;
    const site = siteOf(key, spec, pair, pairs, ctx);
    if (site !== undefined) ctx.sites.push(site);
  }
}

/** Every mapping of a document, depth-first in source order, without following aliases. */
function walk(root: unknown, ctx: Ctx): void {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    const children: unknown[] = [];
    if (isMap(node)) {
      readMap(node, ctx);
      for (const pair of node.items) children.push(pair.value);
    } else if (isSeq(node)) children.push(...node.items);
    for (let k = children.length - 1; k >= 0; k--) stack.push(children[k]);
  }
}

function firstLine(message: string): string {
  const line = message.split('\n')[0] ?? '';
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

/**
 * Every Hugging Face pull a YAML or JSON config names, with its sibling revision,
 * `trust_remote_code` and `use_safetensors`. Positions are the value's line and column. Malformed
 * text gives a warning; what parsed before the error is still read. Text that names none of the
 * keys is not parsed (and so gives no warning). Never throws.
 */
export function configHfSites(text: string, format: 'yaml' | 'json'): { sites: PullSite[]; warnings: string[] } {
  const warnings: string[] = [];
  const sites: PullSite[] = [];
  const name = format === 'json' ? 'JSON' : 'YAML';
  if (!KEY_WORDS.test(text)) return { sites, warnings };
  // YAML ends lines at CR, LF and CRLF; the yaml package (and nestingBound) only at LF and CRLF,
  // so a lone CR is made an LF (offsets unchanged): a CR-only file parses, on its own lines.
  const body = lfBreaks(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  const depth = nestingBound(body);
  if (depth > MAX_DEPTH) {
    warnings.push(`${name} nested deeper than ${MAX_DEPTH} levels; not read`);
    return { sites, warnings };
  }
  try {
    const lines = new LineCounter();
    const docs = parseAllDocuments(body, { lineCounter: lines, uniqueKeys: false, prettyErrors: false });
    const list = Array.isArray(docs) ? docs : [];
    if (format === 'json' && list.length > 1) warnings.push('not valid JSON: more than one document');
    for (const doc of list) {
      for (const e of doc.errors) {
        const at = lines.linePos(e.pos[0]);
        if (warnings.length < MAX_WARNINGS) warnings.push(`not valid ${name} at line ${at.line}, column ${at.col}: ${firstLine(e.message)}`);
      }
      walk(doc.contents, { text: body, doc, lines, sites });
    }
  } catch (e) {
    warnings.push(`${name} could not be read: ${firstLine(e instanceof Error ? e.message : String(e))}`);
  }
  return { sites, warnings };
}
