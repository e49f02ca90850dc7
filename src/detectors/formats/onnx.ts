/**
 * ONNX models: external data locations that leave the model's folder (onnx/external-data-escape)
 * and operators from custom domains (onnx/custom-op-domain), over every graph of the model: the
 * main graph, If/Loop/Scan subgraphs, training graphs, Constant nodes' tensors and functions.
 */
import { scanOnnxGraphs, type OnnxNodeRef } from '../../formats/onnx.js';
import { emptyObservation } from '../../types.js';
import { makeFinding } from '../finding.js';
import type { Detector } from '../types.js';

export interface OnnxCatalog {
  standardDomains: string[];
}

/** Why an external-data location escapes the model's folder, or undefined when it stays inside. */
export function externalLocationEscape(location: string): string | undefined {
  if (location === '') return undefined;
  if (location.includes('\0')) return 'holds a NUL byte (the path is cut where C code reads it)';
  if (/^[A-Za-z]:/.test(location)) return 'starts with a drive letter';
  if (/^(\\\\|\/\/)/.test(location)) return 'is a UNC or network path';
  if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(location)) return 'is a URL';
  if (/^[\\/]/.test(location)) return 'is an absolute path';
  if (location.startsWith('~')) return 'starts with ~ (a home folder)';
  let depth = 0;
  for (const seg of location.split(/[\\/]+/)) {
    if (seg === '..') {
      depth--;
      if (depth < 0) return 'climbs out of the model folder with ..';
    } else if (seg !== '' && seg !== '.') depth++;
  }
  return undefined;
}

/** Distinct (domain, op) pairs of nodes outside the standard domains and the model's functions. Pure. */
export function customOps(nodes: readonly OnnxNodeRef[], functions: readonly { domain: string; name: string }[], cat: OnnxCatalog): { domain: string; opType: string; first: OnnxNodeRef; count: number }[] {
  const std = new Set(cat.standardDomains);
  const local = new Set(functions.map((f) => `${f.domain}\u0000${f.name}`));
  const out = new Map<string, { domain: string; opType: string; first: OnnxNodeRef; count: number }>();
  for (const n of nodes) {
    if (std.has(n.domain) || local.has(`${n.domain}\u0000${n.opType}`)) continue;
    const k = `${n.domain}\u0000${n.opType}`;
    const e = out.get(k);
    if (e) e.count++;
    else out.set(k, { domain: n.domain, opType: n.opType, first: n, count: 1 });
  }
  return [...out.values()];
}

const MAX_FINDINGS = 100;
const printable = (s: string): string => JSON.stringify(s.slice(0, 300));

export const onnxDetector: Detector = {
  id: 'onnx',
  accepts: (s) => s.kind === 'model' && s.format === 'onnx' && !s.wrapper,
  detect(ctx) {
    const o = emptyObservation();
    const cat = ctx.rules.catalogs.get('onnx') as OnnxCatalog | undefined;
    if (!cat) return o;
    const r = scanOnnxGraphs(ctx.src);
    if (!r.ok) {
      o.warnings.push({ code: 'onnx/unreadable', path: ctx.file.path, message: `${r.error}; external data and operator domains were not checked` });
      return o;
    }
    if (r.value.truncated) o.warnings.push({ code: 'onnx/partial', path: ctx.file.path, message: 'graphs nested too deep or too many nodes: part of the model was not checked' });
    for (const t of r.value.externalTensors) {
      const why = externalLocationEscape(t.location);
      if (!why || o.findings.length >= MAX_FINDINGS) continue;
      o.findings.push(
        makeFinding(ctx, {
          ruleId: 'onnx/external-data-escape',
          message: `${ctx.file.path}: tensor ${printable(t.tensor)} (${t.where}) keeps its data at ${printable(t.location)}, which ${why}; loading the model reads that file (and saving writes it)`,
          key: `${t.where}|${t.tensor}|${t.location}`,
          offset: t.offset,
          properties: { 'lantern:onnx:tensor': t.tensor.slice(0, 300), 'lantern:onnx:location': t.location.slice(0, 300) },
        }),
      );
    }
    for (const c of customOps(r.value.nodes, r.value.functions, cat)) {
      if (o.findings.length >= MAX_FINDINGS) break;
      const name = c.first.name ? ` (first node ${printable(c.first.name)} in ${c.first.where})` : ` (in ${c.first.where})`;
      o.findings.push(
        makeFinding(ctx, {
          ruleId: 'onnx/custom-op-domain',
          message: `${ctx.file.path}: operator ${c.opType} of custom domain ${printable(c.domain)} used by ${c.count} node${c.count === 1 ? '' : 's'}${name}; running it needs a custom operator library`,
          key: `${c.domain}::${c.opType}`,
          offset: c.first.offset,
          properties: { 'lantern:onnx:domain': c.domain.slice(0, 300), 'lantern:onnx:op': c.opType.slice(0, 300) },
        }),
      );
    }
    return o;
  },
};
