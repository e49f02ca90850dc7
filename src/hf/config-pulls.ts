/**
 * Hugging Face pulls named by YAML and JSON configs: training recipes (HF TrainingArguments,
 * TRL, axolotl), PEFT `adapter_config.json`, serving configs (TGI, vLLM, TEI, Ray Serve LLM). Only
 * keys whose value is always a Hub repository to load are read; a generic `model:` is not (it names
 * OpenAI models, LiteLLM routes and local aliases as often as Hub repos), nor `_name_or_path` (a
 * saved model's own provenance) or `hub_model_id` (where a run pushes, not what it pulls). A value
 * of such a key is a pull only when it can be one: a Hub id (a Bedrock id with its version,
 * `us.anthropic.claude-3-5-sonnet-20241022-v2:0`, is none; one the rule catalog knows as a hosted
 * API's model, `gpt-4o` or `anthropic.claude-v2`, is dropped by the inventory, src/inventory/hf.ts),
 * a local path (recorded as such), or a template or variable (`${MODEL}`, `{{ .Values.model }}`: dynamic).
 *
 * A RayService manifest's `serveConfigV2` is a YAML document written as a string: it is parsed
 * too (once; a string inside it is not), its positions mapped back to the file's lines when it is a
 * literal block (`|`), else reported at the string.
 *
 * Both formats go through the `yaml` package (JSON is YAML 1.2 flow syntax), which keeps the
 * offset of every node. Its composer recurses per nesting level and, near the stack limit, V8 can
 * abort the whole process while compiling a regular expression (a fatal out-of-memory, not a
 * catchable error), so nesting is measured first and a file nested deeper than MAX_DEPTH is not
 * parsed.
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import { isDataFile, isHubId, isLegacyCanonical, isLocalPath, type HubRepoType, type PullSite } from './types.js';
import { lfBreaks } from '../util/lines.js';
import { MAX_YAML_DEPTH as MAX_DEPTH, nestingBound } from '../util/yaml-depth.js';

/**
 * Every wanted key contains one of these. Parsing costs about a second per megabyte, and most
 * JSON in a repository (tokenizer.json, package.json) names none, so such text is not parsed.
 */
const KEY_WORDS = /model_name_or_path|model_id|model_source|base_model|tokenizer_name|dataset_name|dataset_mixer|modelURL|hf:\/\//;

/**
 * Keys whose value is a storage URI that model servers download from: KServe's `storageUri` and
 * `storageUris[].uri`, KubeAI's `Model` `url`. Only an `hf://<repo>[:<revision>]` value is a Hub
 * pull (KServe's format: `hf://${REPO}/${MODEL}:${HASH}`, the hash optional); s3://, gs://, pvc://
 * and the like are not the Hub's.
 */
const URI_KEYS = new Set(['storageUri', 'uri', 'url']);
const MAX_WARNINGS = 20;
const MAX_DYNAMIC = 80;
/** Keys whose string value is a YAML document of its own: a RayService's `serveConfigV2` (Ray Serve's config). */
const EMBEDDED_YAML_KEYS: ReadonlySet<string> = new Set(['serveConfigV2']);
/** An embedded document longer than this is not parsed. */
const MAX_EMBEDDED = 1024 * 1024;

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
  // vLLM production-stack's Helm values: `servingEngineSpec.modelSpec[].modelURL`, the model vLLM serves.
  ['modelURL', { repoType: 'model', revisionKeys: MODEL_REVISIONS, weights: true }],
  // A recipe's `revision`/`model_revision` belong to its model, never to its dataset.
  ['dataset_name', { repoType: 'dataset', revisionKeys: ['dataset_revision'], weights: false }],
]);

// ---------------------------------------------------------------------------------------------
// Reading a mapping.

interface Ctx {
  /** The text `doc` was parsed from (the file's, or an embedded document's). */
  text: string;
  doc: Document.Parsed;
  /** The 1-based line and column in the file of an offset in `text`. */
  pos: (offset: number) => { line: number; col: number };
  sites: PullSite[];
  /** Reading an embedded document (a string in it is not parsed again). */
  embedded: boolean;
  /** Sibling keys a mapping's pull takes its revision and flags from besides its own (Ray's `engine_kwargs`). */
  extra: Map<YAMLMap, Map<string, Pair>>;
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

/** A value with a template or a variable left in it: `${X}`, `{{ x }}`, `{% … %}`, `$X`, `$(X)`. */
function isTemplated(s: string): boolean {
  return s.includes('{{') || s.includes('{%') || s.startsWith('$') || /\$[{(A-Za-z_]/.test(s);
}

function cut(s: string): string {
  return s.length > MAX_DYNAMIC ? s.slice(0, MAX_DYNAMIC) : s;
}

type Named = Pick<PullSite, 'id' | 'dynamic' | 'localPath' | 'revision'>;

/**
 * What a value names: a template (dynamic), a local path, or a Hub repository; undefined for any
 * other literal, which no Hub pull can name (a Bedrock id `us.anthropic.claude-3-5-sonnet-20241022-v2:0`,
 * `gpt-4o`, `org/m:latest`, a phrase).
 */
function named(value: string): Named | undefined {
  if (isTemplated(value)) return { dynamic: cut(value) };
  if (isLocalPath(value)) return { localPath: value };
  // A single segment the catalog knows as a hosted API's model (`gpt-4o`) is left to the inventory, which has the catalog.
  return isHubId(value) ? { id: value } : undefined;
}

/** An `hf://<repo>[:<revision>]` URI (KServe's format): the repository, and the revision after a `:`. */
function namedByHfUri(value: string): Named {
  const rest = value.slice('hf://'.length);
  const colon = rest.indexOf(':');
  const id = colon < 0 ? rest : rest.slice(0, colon);
  if (isTemplated(rest) || !isHubId(id)) return { dynamic: cut(rest) };
  return colon >= 0 && rest.slice(colon + 1) !== '' ? { id, revision: rest.slice(colon + 1) } : { id };
}

/**
 * What Ray Serve LLM's `model_source` names: a Hub id or an `hf://` URI is a pull, a local path is
 * local; another scheme (`s3://`, `gs://`, `pvc://`, `https://`) is no Hub pull.
 */
function namedBySource(value: string): Named | undefined {
  if (value.startsWith('hf://')) return namedByHfUri(value);
  if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(value)) return undefined;
  return named(value);
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

/**
 * The site of one wanted key, or undefined when its value is not a string (or a template) or
 * names no pull (`read`: named, or namedBySource for Ray's model_source).
 */
function siteOf(key: string, spec: KeySpec, pair: Pair, siblings: Map<string, Pair>, ctx: Ctx, read: (value: string) => Named | undefined = named): PullSite | undefined {
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
  const what = read(value);
  if (what === undefined) return undefined;
  // A model id with no organization is a Hub repository only as one of transformers' legacy
  // canonical models (`bert-base-uncased`, `gpt2`); otherwise a training config names a vision
  // library's architecture (`base_model: efficientnet_b0`, `resnet50`) or a hosted API's model.
  // (Datasets with no organization are many: `wikitext`, `squad`.)
  if (spec.repoType === 'model' && what.id !== undefined && !what.id.includes('/') && !isLegacyCanonical(what.id)) return undefined;
  const pos = ctx.pos(range[0]);
  const site: PullSite = { via: `config:${key}`, repoType: spec.repoType, line: pos.line, column: pos.col, ...what };
  for (const rk of what.revision === undefined ? spec.revisionKeys : []) {
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
  const pos = ctx.pos(range[0]);
  return { via: `config:${key}`, repoType: 'model', line: pos.line, column: pos.col, ...namedByHfUri(node.value.trim()) };
}

const RAY_SPEC: KeySpec = { repoType: 'model', revisionKeys: MODEL_REVISIONS, weights: true };

/**
 * Whether a mapping is Ray Serve LLM's model_loading_config, where `model_id` is only the name the
 * model is served under and `model_source` what is loaded (a Hub id, a path, an `s3://` or `gs://`
 * mirror, a mirror config map): under a `model_loading_config` key, or beside a `model_id` with a
 * source that is a map or has a `/` in it. Other configs use the key for a kind of source
 * (`model_source: huggingface  # huggingface | local` beside a model_id that is the repository),
 * so a bare word outside a model_loading_config leaves the map read as any other.
 */
function isRayLoading(pairs: Map<string, Pair>, parentKey: string | undefined, ctx: Ctx): boolean {
  const source = pairs.get('model_source');
  if (source === undefined) return false;
  if (parentKey === 'model_loading_config') return true;
  if (!pairs.has('model_id')) return false;
  const node = valueNode(source, ctx);
  return isMap(node) || (isScalar(node) && typeof node.value === 'string' && node.value.includes('/'));
}

/**
 * KServe's Hugging Face serving runtime (`modelFormat: { name: huggingface }`) takes its model as
 * `args: [--model_id=<repo>]` (or `--model_id <repo>`), with `--model_revision`: a Hub download at
 * the server's start, read as a `storageUri: hf://…` is.
 */
function kserveArgs(pairs: Map<string, Pair>, ctx: Ctx): PullSite | undefined {
  const format = valueNode(pairs.get('modelFormat') as Pair, ctx);
  const name = isMap(format) ? valueNode(pairsByKey(format).get('name') as Pair, ctx) : undefined;
  const args = pairs.has('args') ? valueNode(pairs.get('args') as Pair, ctx) : undefined;
  if (!isScalar(name) || String(name.value).toLowerCase() !== 'huggingface' || !isSeq(args)) return undefined;
  let id: { value: string; node: Scalar } | undefined;
  let revision: string | undefined;
  const items = args.items.filter((x): x is Scalar => isScalar(x) && typeof x.value === 'string');
  for (let k = 0; k < items.length; k++) {
    const v = (items[k]?.value as string).trim();
    const m = /^--(model_id|model_revision)(?:=(.*))?$/.exec(v);
    if (m === null) continue;
    const value = m[2] ?? (items[k + 1]?.value as string | undefined);
    if (value === undefined) continue;
    if (m[1] === 'model_id') id = { value: value.trim(), node: (m[2] !== undefined ? items[k] : items[k + 1]) as Scalar };
    else revision = value.trim();
  }
  if (id === undefined || id.node.range == null) return undefined;
  const pos = ctx.pos(id.node.range[0]);
  if (!isHubId(id.value)) return isTemplated(id.value) ? { via: 'config:--model_id', repoType: 'model', line: pos.line, column: pos.col, dynamic: cut(id.value) } : undefined;
  return { via: 'config:--model_id', repoType: 'model', line: pos.line, column: pos.col, id: id.value, ...(revision !== undefined ? { revision } : {}) };
}

function readMap(map: YAMLMap, parentKey: string | undefined, ctx: Ctx): void {
  const pairs = pairsByKey(map);
  if (pairs.has('modelFormat') && pairs.has('args')) {
    const site = kserveArgs(pairs, ctx);
    if (site !== undefined) ctx.sites.push(site);
  }
  const extra = ctx.extra.get(map);
  const siblings = extra === undefined ? pairs : new Map([...extra, ...pairs]);
  // A Ray Serve llm_config: its engine_kwargs (vLLM's engine arguments: revision,
  // trust_remote_code) load the model its model_loading_config names.
  const loading = pairs.get('model_loading_config')?.value;
  const engine = pairs.get('engine_kwargs')?.value;
  if (isMap(loading) && isMap(engine)) ctx.extra.set(loading, pairsByKey(engine));
  const ray = isRayLoading(pairs, parentKey, ctx);
  // A catalog entry turned off (KubeAI's models chart: `enabled: false` renders no Model) downloads nothing.
  const enabled = pairs.get('enabled');
  const off = enabled !== undefined && isScalar(valueNode(enabled, ctx)) && (valueNode(enabled, ctx) as Scalar).value === false;
  for (const [key, pair] of pairs) {
    if (URI_KEYS.has(key)) {
      if (off) continue;
      const site = hfUriSite(key, pair, ctx);
      if (site !== undefined) ctx.sites.push(site);
      continue;
    }
    if (EMBEDDED_YAML_KEYS.has(key)) {
      if (!ctx.embedded) readEmbedded(pair, ctx);
      continue;
    }
    if (ray && (key === 'model_id' || key === 'model_source')) {
      const site = key === 'model_source' ? siteOf(key, RAY_SPEC, pair, siblings, ctx, namedBySource) : undefined;
      if (site !== undefined) ctx.sites.push(site);
      continue;
    }
    // A training recipe's datasets (read at the top of a file that names its model so): axolotl's
    // `datasets: [{ path: org/data, type: alpaca }]` beside `base_model`, alignment-handbook's
    // `dataset_mixer: { org/data: 1.0 }` beside `model_name_or_path`.
    if (parentKey === undefined && (key === 'datasets' || key === 'test_datasets') && pairs.has('base_model')) {
      recipeDatasets(key, pair, ctx);
      continue;
    }
    if (parentKey === undefined && key === 'dataset_mixer' && pairs.has('model_name_or_path')) {
      mixerDatasets(pair, ctx);
      continue;
    }
    const spec = KEYS.get(key);
    if (spec === undefined) continue;
    const site = siteOf(key, spec, pair, siblings, ctx);
    if (site !== undefined) ctx.sites.push(site);
  }
}

const DATASET_SPEC: KeySpec = { repoType: 'dataset', revisionKeys: ['revision'], weights: false };

/** axolotl's dataset entries: each mapping's `path` (with its `revision`), unless it loads local files (`ds_type`, `data_files`, a data file's name). */
function recipeDatasets(key: string, pair: Pair, ctx: Ctx): void {
  const list = valueNode(pair, ctx);
  if (!isSeq(list)) return;
  for (const item of list.items) {
    if (!isMap(item)) continue;
    const entry = pairsByKey(item);
    const path = entry.get('path');
    if (path === undefined || entry.has('ds_type') || entry.has('data_files')) continue;
    const site = siteOf(`${key}.path`, DATASET_SPEC, path, entry, ctx, (v) => (isDataFile(v) ? { localPath: v } : named(v)));
    if (site !== undefined) ctx.sites.push(site);
  }
}

/** alignment-handbook's dataset_mixer: its keys are the datasets (their values the fractions used). */
function mixerDatasets(pair: Pair, ctx: Ctx): void {
  const mixer = valueNode(pair, ctx);
  if (!isMap(mixer)) return;
  for (const item of mixer.items) {
    const k = item.key;
    if (!isScalar(k) || typeof k.value !== 'string' || k.range == null) continue;
    const what = named(k.value.trim());
    if (what === undefined) continue;
    const pos = ctx.pos(k.range[0]);
    ctx.sites.push({ via: 'config:dataset_mixer', repoType: 'dataset', line: pos.line, column: pos.col, ...what });
  }
}

/** Every mapping of a document, depth-first in source order, with the key it is the value of, without following aliases. */
function walk(root: unknown, ctx: Ctx): void {
  const stack: [unknown, string | undefined][] = [[root, undefined]];
  while (stack.length > 0) {
    const [node, parentKey] = stack.pop()!;
    const children: [unknown, string | undefined][] = [];
    if (isMap(node)) {
      readMap(node, parentKey, ctx);
      for (const pair of node.items) children.push([pair.value, keyOf(pair)]);
    } else if (isSeq(node)) for (const item of node.items) children.push([item, undefined]);
    for (let k = children.length - 1; k >= 0; k--) stack.push(children[k]!);
  }
}

/**
 * A YAML document written as a string value (EMBEDDED_YAML_KEYS), read as the file is: the string
 * itself, not an alias to one (each string is parsed once however often it is referred to), within
 * MAX_EMBEDDED and the nesting bound; its errors give no warning (it is the string's reader's to judge).
 */
function readEmbedded(pair: Pair, ctx: Ctx): void {
  const node = pair.value;
  if (!isScalar(node) || typeof node.value !== 'string' || node.range == null) return;
  const text = node.value;
  if (text.length > MAX_EMBEDDED || !KEY_WORDS.test(text) || nestingBound(text) > MAX_DEPTH) return;
  try {
    const lines = new LineCounter();
    const docs = parseAllDocuments(text, { lineCounter: lines, uniqueKeys: false, prettyErrors: false });
    const pos = embeddedPlaces(node, text, lines, ctx);
    for (const doc of Array.isArray(docs) ? docs : []) walk(doc.contents, { text, doc, pos, sites: ctx.sites, embedded: true, extra: new Map() });
  } catch {
    // An embedded document that cannot be read names no pull; the file's own keys were read.
  }
}

/**
 * Where an offset of an embedded document is in the file. A literal block (`|`, `|-`, `|+`) keeps
 * its lines, each behind the block's indentation, from the line after its header: each line of the
 * string is checked to be there, and then a position maps line for line. A string whose lines are
 * not found so (folded, quoted, escaped) has every position at the string's own place.
 */
function embeddedPlaces(node: Scalar, text: string, lines: LineCounter, ctx: Ctx): Ctx['pos'] {
  const own = ctx.pos(node.range![0]);
  const fallback = (): { line: number; col: number } => own;
  if (node.type !== 'BLOCK_LITERAL') return fallback;
  const file = ctx.text;
  const header = file.indexOf('\n', node.range![0]);
  if (header < 0) return fallback;
  let at = header + 1;
  let indent = -1;
  for (const row of text.split('\n')) {
    if (at > file.length) {
      if (row !== '') return fallback;
      continue;
    }
    const nl = file.indexOf('\n', at);
    const end = nl < 0 ? file.length : nl;
    const line = file.slice(at, file[end - 1] === '\r' ? end - 1 : end);
    if (row !== '') {
      const ind = line.length - row.length;
      if (ind < 0 || (indent >= 0 && ind !== indent) || !line.endsWith(row) || line.slice(0, ind).trim() !== '') return fallback;
      indent = ind;
    }
    at = end + 1;
  }
  if (indent < 0) return fallback;
  const first = ctx.pos(header + 1).line;
  return (offset) => {
    const p = lines.linePos(offset);
    return { line: first + p.line - 1, col: p.col + indent };
  };
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
      walk(doc.contents, { text: body, doc, pos: (offset) => lines.linePos(offset), sites, embedded: false, extra: new Map() });
    }
  } catch (e) {
    warnings.push(`${name} could not be read: ${firstLine(e instanceof Error ? e.message : String(e))}`);
  }
  return { sites, warnings };
}
