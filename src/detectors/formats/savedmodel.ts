/**
 * TensorFlow SavedModel (saved_model.pb): ops that run Python or touch the file system, in every
 * meta graph's main graph and function library (savedmodel/dangerous-op). Checkpoint ops are
 * reported only outside the saver that every SavedModel carries.
 */
import { basename } from 'node:path/posix';
import { readSavedModel, type SavedModelNode } from '../../formats/savedmodel.js';
import { readSavedModelText } from '../../formats/savedmodel-text.js';
import { emptyObservation } from '../../types.js';
import { makeFinding } from '../finding.js';
import type { Detector } from '../types.js';

export interface SavedModelCatalog {
  dangerousOps: { op: string; tier: 'python' | 'file' | 'checkpoint' | 'unregistered'; why: string }[];
  notReported: { op: string; why: string }[];
  checkpointContext: { nodeNamePatterns: string[]; functionNamePatterns: string[] };
}

export interface DangerousOpHit {
  node: SavedModelNode;
  tier: SavedModelCatalog['dangerousOps'][number]['tier'];
  why: string;
}

const MAX_FINDINGS = 100;
/** The most of a saved_model.pbtxt read (a text graph of every node of a large model). */
const MAX_TEXT = 64 * 1024 * 1024;

/** The nodes whose op is in the catalog, minus checkpoint ops inside the standard saver. Pure. */
export function dangerousOps(nodes: readonly SavedModelNode[], cat: SavedModelCatalog): DangerousOpHit[] {
  const byOp = new Map(cat.dangerousOps.map((d) => [d.op, d]));
  const nodeRes = cat.checkpointContext.nodeNamePatterns.map((p) => new RegExp(p));
  const fnRes = cat.checkpointContext.functionNamePatterns.map((p) => new RegExp(p));
  const out: DangerousOpHit[] = [];
  for (const n of nodes) {
    const d = byOp.get(n.op);
    if (!d) continue;
    if (d.tier === 'checkpoint') {
      const inSaver = n.fn !== undefined ? fnRes.some((r) => r.test(n.fn as string)) : nodeRes.some((r) => r.test(n.name));
      if (inSaver) continue;
    }
    out.push({ node: n, tier: d.tier, why: d.why });
  }
  return out;
}

export const savedModelDetector: Detector = {
  id: 'savedmodel',
  accepts: (s) => s.kind === 'model' && s.format === 'tf-savedmodel' && !s.wrapper,
  detect(ctx) {
    const o = emptyObservation();
    const cat = ctx.rules.catalogs.get('savedmodel') as SavedModelCatalog | undefined;
    if (!cat) return o;
    // saved_model.pbtxt is the same proto in text format (read whole, up to MAX_TEXT).
    const r = basename(ctx.file.path) === 'saved_model.pbtxt' ? readSavedModelText(new TextDecoder('utf-8').decode(ctx.src.readAt(0, Math.min(ctx.src.size, MAX_TEXT)))) : readSavedModel(ctx.src);
    if (!r.ok) {
      o.warnings.push({ code: 'savedmodel/unreadable', path: ctx.file.path, message: `${r.error}; ops were not checked` });
      return o;
    }
    if (r.value.truncated) o.warnings.push({ code: 'savedmodel/partial', path: ctx.file.path, message: 'too many nodes: only the first ones were checked by name (all op types were collected)' });
    const seen = new Set<string>();
    for (const h of dangerousOps(r.value.nodes, cat)) {
      const n = h.node;
      const key = `${n.metaGraph}|${n.fn ?? ''}|${n.name}|${n.op}`;
      if (seen.has(key) || o.findings.length >= MAX_FINDINGS) continue;
      seen.add(key);
      const tags = r.value.tags[n.metaGraph]?.join(',') || String(n.metaGraph);
      const where = n.fn !== undefined ? `node "${n.name}" of function "${n.fn}"` : `node "${n.name}" of the main graph`;
      const f = makeFinding(ctx, {
        ruleId: 'savedmodel/dangerous-op',
        message: `${ctx.file.path}: op ${n.op} in ${where} (meta graph [${tags}]): ${h.why}${h.tier === 'checkpoint' ? ', outside the model\'s saver' : ''}`,
        key,
        offset: n.offset,
        properties: { 'lantern:tf:op': n.op, 'lantern:tf:node': n.name, ...(n.fn !== undefined ? { 'lantern:tf:function': n.fn } : {}), 'lantern:tf:tier': h.tier },
      });
      if (h.tier === 'python') f.severity = 'critical';
      o.findings.push(f);
    }
    // Past the node limit only op types were collected: report the dangerous ones not yet seen.
    if (r.value.truncated) {
      const reported = new Set(o.findings.map((f) => f.properties?.['lantern:tf:op']));
      for (const d of cat.dangerousOps) {
        if (d.tier === 'checkpoint' || reported.has(d.op) || !r.value.ops.includes(d.op)) continue;
        const f = makeFinding(ctx, {
          ruleId: 'savedmodel/dangerous-op',
          message: `${ctx.file.path}: op ${d.op} in a node past the ${r.value.nodes.length}-node listing limit: ${d.why}`,
          key: `ops|${d.op}`,
          properties: { 'lantern:tf:op': d.op, 'lantern:tf:tier': d.tier },
        });
        if (d.tier === 'python') f.severity = 'critical';
        o.findings.push(f);
      }
    }
    return o;
  },
};
