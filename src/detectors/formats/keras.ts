/**
 * Keras model configs: the `model_config` attribute of Keras 2 HDF5 files and `config.json` of
 * Keras 3 `.keras` zips. The config is parsed as data (never deserialized) and walked at any depth
 * (Functional/Sequential/Model sub-configs, wrappers, compile configs), looking for
 * - keras/lambda-layer: Lambda layers and `__lambda__` objects (marshalled bytecode or a named
 *   function), with the names the bytecode references;
 * - keras/unsafe-module: objects whose module (or registered name) is outside Keras, dangerous
 *   builtins, and known gadgets (TorchModuleWrapper, get_file, enable_unsafe_deserialization).
 */
import { hdf5SignatureOffset, inspectKerasH5 } from '../../formats/hdf5.js';
import { listZip, readZipEntryPrefix } from '../../formats/zip.js';
import { u16le } from '../../formats/source.js';
import type { Finding, Observation } from '../../types.js';
import { emptyObservation } from '../../types.js';
import { makeFinding } from '../finding.js';
import type { DetectContext, Detector } from '../types.js';
import { type Json, type JsonObject, byteIndex, isJsonObject, parseJsonLocated } from './json.js';

export interface KerasCatalog {
  lambdaClassNames: string[];
  allowedModulePrefixes: string[];
  blockedModules: { module: string; why: string }[];
  dangerousBuiltins: string[];
  gadgets: { name: string; cve: string; why: string }[];
  suspiciousCodeNames: string[];
}

/** One thing found in a config; turned into a finding by the detector. */
export interface KerasHit {
  ruleId: 'keras/lambda-layer' | 'keras/unsafe-module';
  /** Where in the config: `config.layers[2]`. */
  path: string;
  message: string;
  /** Stable identity for the fingerprint. */
  key: string;
  /** Character index of the object in the config text. */
  index?: number;
  /** Set when the finding is less severe than the rule (a custom third-party module). */
  severity?: 'medium';
}

const MAX_CONFIG = 32 * 1024 * 1024;
const MAX_HITS = 100;
const MAX_VISITS = 1_000_000;

export const kerasDetector: Detector = {
  id: 'keras',
  accepts: (s) => s.kind === 'model' && !s.wrapper && (s.format === 'keras-h5' || s.format === 'hdf5' || s.format === 'keras-v3'),
  async detect(ctx) {
    const o = emptyObservation();
    const cat = ctx.rules.catalogs.get('keras') as KerasCatalog | undefined;
    if (!cat || ctx.sniffed.kind !== 'model') return o;
    if (ctx.sniffed.format === 'keras-v3') await detectKerasZip(ctx, cat, o);
    else detectKerasH5(ctx, cat, o);
    return o;
  },
};

function detectKerasH5(ctx: DetectContext, cat: KerasCatalog, o: Observation): void {
  const sig = hdf5SignatureOffset(ctx.src);
  if (sig === undefined) return;
  const info = inspectKerasH5(ctx.src, sig);
  if (!info.modelConfig) return;
  const text = info.modelConfig;
  // Where the config text sits in the file: it was found in the first 8 MiB after the signature.
  const probe = Buffer.from(text.slice(0, 256), 'utf8');
  const head = ctx.src.readAt(sig, 8 * 1024 * 1024);
  const at = Buffer.from(head.buffer, head.byteOffset, head.length).indexOf(probe);
  const base = at >= 0 ? sig + at : undefined;
  report(ctx, cat, o, text, 'model_config', base, 'HDF5 (Keras 2 h5 loading ignores safe_mode, CVE-2025-9905)', info.modelConfigTruncated === true);
}

async function detectKerasZip(ctx: DetectContext, cat: KerasCatalog, o: Observation): Promise<void> {
  const listing = listZip(ctx.src);
  if (!listing.ok) return;
  // Every entry of that name: Python's zipfile (which Keras reads .keras files with) takes the
  // last of duplicates, other readers the first.
  for (const entry of listing.value.entries.filter((e) => e.name === 'config.json').slice(0, 16)) {
    const r = await readZipEntryPrefix(ctx.src, entry, MAX_CONFIG);
    if (!r.ok) {
      o.warnings.push({ code: 'keras/config-unreadable', path: ctx.file.path, message: `config.json: ${r.error}` });
      continue;
    }
    const text = new TextDecoder('utf-8').decode(r.value.bytes);
    let base: number | undefined = entry.localHeaderOffset;
    if (entry.method === 0) {
      const h = ctx.src.readAt(entry.localHeaderOffset, 30);
      if (h.length === 30) base = entry.localHeaderOffset + 30 + u16le(h, 26) + u16le(h, 28);
    }
    report(ctx, cat, o, text, 'config.json', base, '.keras zip', !r.value.complete, entry.method === 0);
  }
}

function report(ctx: DetectContext, cat: KerasCatalog, o: Observation, text: string, member: string, base: number | undefined, where: string, truncated: boolean, exact = true): void {
  const parsed = parseJsonLocated(text);
  if (!parsed) {
    o.warnings.push({ code: 'keras/config-unreadable', path: ctx.file.path, message: `${member}: the model config is not readable JSON${truncated ? ' (cut at the size limit)' : ''}; Lambda layers and module references were not checked` });
    return;
  }
  const hits = analyzeKerasConfig(parsed.value, cat, (obj) => parsed.pos.get(obj));
  for (const h of hits) {
    const offset = base === undefined ? undefined : exact && h.index !== undefined ? base + byteIndex(text, h.index) : base;
    const f: Finding = makeFinding(ctx, {
      ruleId: h.ruleId,
      message: `${ctx.file.path}: ${h.message} [${member} ${h.path}; ${where}]`,
      key: h.key,
      ...(offset !== undefined ? { offset } : {}),
      properties: { 'lantern:keras:member': member, 'lantern:keras:path': h.path },
    });
    if (h.severity) f.severity = h.severity;
    o.findings.push(f);
  }
}

/**
 * The Lambda layers, serialized lambdas, out-of-Keras modules and gadgets in a parsed config.
 * Pure: `indexOf` gives the text position of an object when known.
 */
export function analyzeKerasConfig(root: Json, cat: KerasCatalog, indexOf: (o: object) => number | undefined = () => undefined): KerasHit[] {
  const hits: KerasHit[] = [];
  const seen = new Set<string>();
  const handledLambdas = new Set<object>();
  const allowed = (m: string): boolean => cat.allowedModulePrefixes.some((p) => m === p || m.startsWith(`${p}.`));
  const blocked = (m: string) => cat.blockedModules.find((b) => m === b.module || m.startsWith(`${b.module}.`));
  const gadget = (name: string) => cat.gadgets.find((g) => name === g.name || name.endsWith(`.${g.name}`) || name.endsWith(`>${g.name}`));
  const add = (h: KerasHit): void => {
    const id = `${h.ruleId}|${h.key}`;
    if (seen.has(id) || hits.length >= MAX_HITS) return;
    seen.add(id);
    hits.push(h);
  };
  let visits = 0;

  const checkModule = (obj: JsonObject, path: string, module: string, name: string, field: string): void => {
    if (module === '' || module === '__main__') return;
    const at = indexOf(obj);
    const idx = at === undefined ? {} : { index: at };
    if (module === 'builtins' || module === '__builtin__') {
      if (cat.dangerousBuiltins.includes(name)) {
        add({ ruleId: 'keras/unsafe-module', path, key: `${path}|${module}.${name}`, ...idx, message: `${field} "${module}" resolves "${name}" to the Python builtin ${name}() when the model is rebuilt (CVE-2025-1550)` });
      }
      return;
    }
    const b = blocked(module);
    if (b) {
      add({ ruleId: 'keras/unsafe-module', path, key: `${path}|${module}.${name}`, ...idx, message: `${field} "${module}"${name ? ` (name "${name}")` : ''} makes Keras import ${b.module} while loading: ${b.why} (CVE-2025-1550)` });
      return;
    }
    if (allowed(module)) return;
    add({
      ruleId: 'keras/unsafe-module',
      path,
      key: `${path}|${module}.${name}`,
      ...idx,
      severity: 'medium',
      message: `custom object "${name}" from module "${module}": loading imports ${module.split('.')[0]} (outside Keras); make sure it is a package you trust`,
    });
  };

  const lambdaHit = (obj: JsonObject, path: string, layerName: string, fn: Json | undefined, cfg: JsonObject | undefined): void => {
    const at = indexOf(obj);
    const idx = at === undefined ? {} : { index: at };
    const label = layerName ? `Lambda layer "${layerName}"` : 'Lambda layer';
    let code: string | undefined;
    let named: string | undefined;
    if (Array.isArray(fn) && typeof fn[0] === 'string') code = fn[0];
    else if (typeof fn === 'string') {
      if (cfg?.function_type === 'function') named = `${typeof cfg.module === 'string' ? `${cfg.module}.` : ''}${fn}`;
      else code = fn;
    } else if (isJsonObject(fn)) {
      if (fn.class_name === '__lambda__') {
        handledLambdas.add(fn);
        code = lambdaCode(fn);
      } else if (typeof fn.config === 'string') named = `${typeof fn.module === 'string' ? `${fn.module}.` : ''}${fn.config}`;
      else if (typeof fn.class_name === 'string') named = fn.class_name;
    }
    let what: string;
    if (code !== undefined) {
      const names = codeNames(code, cat.suspiciousCodeNames);
      what = `${label} carries marshalled Python bytecode that runs when the model is loaded or called${names.length ? ` (references ${names.join(', ')})` : ''} (CVE-2024-3660)`;
    } else if (named !== undefined) {
      what = `${label} calls the function "${named.slice(0, 200)}", resolved in the loading process`;
    } else {
      what = `${label} wraps a Python function`;
    }
    add({ ruleId: 'keras/lambda-layer', path, key: `${path}|${layerName}`, ...idx, message: what });
  };

  const visit = (v: Json, path: string, depth: number): void => {
    if (++visits > MAX_VISITS || depth > 1500) return;
    if (Array.isArray(v)) {
      v.forEach((x, k) => visit(x, `${path}[${k}]`, depth + 1));
      return;
    }
    if (typeof v === 'string') {
      const g = gadget(v);
      if (g && (v === g.name || v.includes('.'))) {
        add({ ruleId: 'keras/unsafe-module', path, key: `${path}|${g.name}`, message: `the config names ${v.slice(0, 200)}: ${g.why} (${g.cve})` });
      }
      return;
    }
    if (!isJsonObject(v)) return;
    const cls = typeof v.class_name === 'string' ? v.class_name : undefined;
    const cfg = isJsonObject(v.config) ? v.config : undefined;
    const registered = typeof v.registered_name === 'string' ? v.registered_name : undefined;
    if (cls && cat.lambdaClassNames.includes(cls)) {
      lambdaHit(v, path, typeof cfg?.name === 'string' ? cfg.name : '', cfg?.function, cfg);
      // Keras 2 Lambda configs name the function's module: a blocked one is a module reference too.
      for (const f of ['module', 'output_shape_module'] as const) {
        const m = cfg?.[f];
        const fname = typeof cfg?.function === 'string' ? cfg.function : '';
        if (typeof m === 'string') checkModule(v, `${path}.config.${f}`, m, fname, `Lambda ${f}`);
      }
    } else if (cls === '__lambda__' && !handledLambdas.has(v)) {
      const code = lambdaCode(v);
      const names = code ? codeNames(code, cat.suspiciousCodeNames) : [];
      const at = indexOf(v);
      add({ ruleId: 'keras/lambda-layer', path, key: `${path}|__lambda__`, ...(at === undefined ? {} : { index: at }), message: `serialized lambda (marshalled Python bytecode${names.length ? ` referencing ${names.join(', ')}` : ''}) that Keras rebuilds with marshal.loads when safe_mode is off (CVE-2024-3660)` });
    }
    // Gadgets by class name, registered name, or function name.
    const fnName = cls === 'function' && typeof v.config === 'string' ? v.config : undefined;
    for (const n of [cls, registered, fnName]) {
      const g = n ? gadget(n) : undefined;
      if (g) {
        const at = indexOf(v);
        add({ ruleId: 'keras/unsafe-module', path, key: `${path}|${g.name}`, ...(at === undefined ? {} : { index: at }), message: `${g.name} in the config: ${g.why} (${g.cve})` });
      }
    }
    // Module references.
    if (typeof v.module === 'string' && cls) {
      checkModule(v, path, v.module, fnName ?? (cls === 'function' && registered ? registered : cls), 'module');
    }
    if (registered && /[.>]/.test(registered)) {
      const pkg = registered.split(/[>.]/)[0] ?? '';
      const b = cat.blockedModules.find((x) => x.module === pkg);
      if (b) {
        const at = indexOf(v);
        add({ ruleId: 'keras/unsafe-module', path, key: `${path}|registered:${registered}`, ...(at === undefined ? {} : { index: at }), message: `registered_name "${registered.slice(0, 200)}" points into ${b.module}: ${b.why}` });
      }
    }
    for (const [k, x] of Object.entries(v)) {
      if (k === 'class_name' || k === 'module' || k === 'registered_name') continue;
      if (k === 'config' && cls === 'function' && typeof x === 'string') continue; // checked above
      visit(x, path ? `${path}.${k}` : k, depth + 1);
    }
  };
  visit(root, '', 0);
  return hits;
}

/** The base64 bytecode of a `__lambda__` object: config.code (Lambda) or config.value[0]. */
function lambdaCode(o: JsonObject): string | undefined {
  const c = isJsonObject(o.config) ? o.config : undefined;
  if (!c) return undefined;
  if (typeof c.code === 'string') return c.code;
  if (Array.isArray(c.value) && typeof c.value[0] === 'string') return c.value[0];
  if (typeof c.value === 'string') return c.value;
  return undefined;
}

/** Names from the catalog that appear as identifiers in base64 marshalled bytecode. */
export function codeNames(b64: string, names: readonly string[]): string[] {
  const bytes = Buffer.from(b64.slice(0, 4 * 1024 * 1024), 'base64');
  const text = bytes.toString('latin1');
  const found = new Set<string>();
  const wanted = new Set(names);
  for (const m of text.matchAll(/[A-Za-z_][A-Za-z0-9_]{1,63}/g)) if (wanted.has(m[0])) found.add(m[0]);
  return [...found].sort().slice(0, 12);
}
