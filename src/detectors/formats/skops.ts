/**
 * skops archives: a zip whose schema.json names, node by node, the modules, classes and functions
 * that `skops.io.load` imports. Each is judged with the pickle policy (rules/pickle.yaml), as the
 * load does what a pickle global does.
 */
import { listZip, readZipEntryPrefix } from '../../formats/zip.js';
import { classifyGlobal, loadPicklePolicy, type PicklePolicy } from '../../pickle/policy.js';
import { emptyObservation } from '../../types.js';
import { makeFinding } from '../finding.js';
import type { Detector } from '../types.js';

const MAX_SCHEMA = 4 * 1024 * 1024;
const MAX_NODES = 100_000;

let policy: PicklePolicy | undefined;

export interface SkopsRef {
  module: string;
  name: string;
  loader: string;
}

/** Every module/name pair a skops schema makes the loader import, bounded in nodes and depth. */
export function skopsRefs(schema: unknown): SkopsRef[] {
  const out: SkopsRef[] = [];
  let seen = 0;
  const stack: { v: unknown; depth: number }[] = [{ v: schema, depth: 0 }];
  while (stack.length && seen < MAX_NODES) {
    const { v, depth } = stack.pop() as { v: unknown; depth: number };
    seen++;
    if (!v || typeof v !== 'object' || depth > 256) continue;
    if (Array.isArray(v)) {
      for (const x of v) stack.push({ v: x, depth: depth + 1 });
      continue;
    }
    const o = v as Record<string, unknown>;
    const loader = typeof o.__loader__ === 'string' ? o.__loader__ : '';
    if (typeof o.__module__ === 'string' && typeof o.__class__ === 'string') {
      out.push({ module: o.__module__, name: o.__class__, loader });
    }
    // Older FunctionNode layout: content.module_path + content.function.
    const c = o.content as Record<string, unknown> | undefined;
    if (c && typeof c === 'object' && typeof c.module_path === 'string' && typeof c.function === 'string') {
      out.push({ module: c.module_path, name: c.function, loader: loader || 'FunctionNode' });
    }
    for (const x of Object.values(o)) if (x && typeof x === 'object') stack.push({ v: x, depth: depth + 1 });
  }
  return out;
}

export const skopsDetector: Detector = {
  id: 'skops',
  accepts: (s) => s.kind === 'container' && s.container === 'zip' && s.unscannable === undefined,
  async detect(ctx) {
    const o = emptyObservation();
    const listing = listZip(ctx.src, { maxEntries: 100_000 });
    if (!listing.ok) return o;
    // Every entry of that name: skops reads the zip with Python's zipfile, which takes the last.
    for (const entry of listing.value.entries.filter((e) => e.name === 'schema.json').slice(0, 16)) {
      // No ratio limit: the output is capped, and a schema padded to compress over 1,000:1 must
      // still be read (or reported as too large), never skipped.
      const r = await readZipEntryPrefix(ctx.src, entry, MAX_SCHEMA + 1);
      if (!r.ok) continue;
      const text = Buffer.from(r.value.bytes.buffer, r.value.bytes.byteOffset, r.value.bytes.byteLength).toString('utf8');
      if (r.value.bytes.length > MAX_SCHEMA) {
        if (text.includes('"__loader__"')) o.warnings.push({ code: 'skops/malformed-schema', path: ctx.file.path, message: `schema.json is over the ${MAX_SCHEMA} bytes Lantern reads; the skops model was not checked` });
        continue;
      }
      let schema: unknown;
      try {
        schema = JSON.parse(text);
      } catch {
        o.warnings.push({ code: 'skops/malformed-schema', path: ctx.file.path, message: 'schema.json is not valid JSON; the skops model cannot be checked' });
        continue;
      }
      if (!schema || typeof schema !== 'object' || !('__loader__' in (schema as object) || 'protocol' in (schema as object))) continue;
      policy ??= loadPicklePolicy(ctx.rules);
      const judged = new Set<string>();
      for (const ref of skopsRefs(schema)) {
        const full = `${ref.module}.${ref.name}`;
        if (judged.has(full)) continue;
        judged.add(full);
        const v = classifyGlobal(ref.module, ref.name, policy);
        if (v.verdict !== 'unsafe') continue;
        o.findings.push(
          makeFinding(ctx, {
            ruleId: 'skops/unsafe-type',
            message: `${ctx.file.path}: schema.json makes skops load ${full}${ref.loader ? ` (${ref.loader})` : ''}: ${v.reason ?? 'it can run code'}.`,
            key: full,
            properties: { 'lantern:global': full, 'lantern:member': 'schema.json' },
          }),
        );
      }
    }
    return o;
  },
};
