/**
 * Hydra `_target_` in model configs: standalone YAML/JSON configs and the config members of tar
 * archives (NeMo's .nemo). Each target is judged with the pickle policy (rules/pickle.yaml):
 * instantiating a target imports and calls it, exactly what a pickle global does.
 */
import { basename, extname } from 'node:path/posix';
import { listTar } from '../../formats/tar.js';
import { classifyGlobal, loadPicklePolicy, type PicklePolicy } from '../../pickle/policy.js';
import { emptyObservation, type Observation } from '../../types.js';
import { makeFinding } from '../finding.js';
import type { DetectContext, Detector } from '../types.js';

const MAX_CONFIG = 1024 * 1024;
const TARGET_RE = /(?:^|[\s{,])["']?_target_["']?\s*:\s*["']?([A-Za-z_][\w.]*)/;

let policy: PicklePolicy | undefined;

export interface TargetSite {
  target: string;
  line: number;
}

/** `_target_` values of a YAML or JSON text with their 1-based lines (ending at CR, LF and CRLF, as YAML's); comment lines skipped. */
export function hydraTargets(text: string): TargetSite[] {
  const out: TargetSite[] = [];
  const lines = text.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] as string;
    if (!l.includes('_target_') || /^\s*#/.test(l)) continue;
    const m = TARGET_RE.exec(l);
    if (m?.[1]) out.push({ target: m[1], line: i + 1 });
  }
  return out;
}

function judge(ctx: DetectContext, o: Observation, text: string, where: string, inArchive: boolean): void {
  policy ??= loadPicklePolicy(ctx.rules);
  for (const t of hydraTargets(text)) {
    const dot = t.target.lastIndexOf('.');
    if (dot <= 0) continue;
    const v = classifyGlobal(t.target.slice(0, dot), t.target.slice(dot + 1), policy);
    if (v.verdict !== 'unsafe') continue;
    o.findings.push(
      makeFinding(ctx, {
        ruleId: 'hydra/unsafe-target',
        message: `${ctx.file.path}${inArchive ? ` (${where})` : ''}: _target_ ${t.target} at line ${t.line}: instantiating this config calls it (${v.reason ?? 'it can run code'}).`,
        key: `${where}:${t.target}`,
        ...(inArchive ? {} : { line: t.line }),
        properties: { 'lantern:global': t.target, ...(inArchive ? { 'lantern:member': where, 'lantern:member-line': String(t.line) } : {}) },
      }),
    );
  }
}

const CONFIG_EXT = new Set(['.yaml', '.yml', '.json']);

export const hydraDetector: Detector = {
  id: 'hydra',
  accepts: (s, file) =>
    (s.kind === 'text' && CONFIG_EXT.has(extname(file.path).toLowerCase()) && file.size <= MAX_CONFIG) ||
    (s.kind === 'container' && s.container === 'tar' && s.unscannable === undefined) ||
    (s.kind === 'model' && s.format === 'pytorch-legacy-tar'),
  detect(ctx) {
    const o = emptyObservation();
    if (ctx.sniffed.kind === 'text') {
      const text = ctx.text();
      if (text !== undefined && text.includes('_target_')) judge(ctx, o, text, basename(ctx.file.path), false);
      return o;
    }
    // A tar (NeMo's .nemo): the YAML/JSON config members.
    const listing = listTar(ctx.src, { maxEntries: 10_000 });
    if (!listing.ok) return o;
    for (const e of listing.value.entries) {
      if (e.type !== 'file' || e.size > MAX_CONFIG || !CONFIG_EXT.has(extname(e.name).toLowerCase())) continue;
      const bytes = ctx.src.readAt(e.dataOffset, e.size);
      const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
      if (text.includes('_target_')) judge(ctx, o, text, e.name, true);
    }
    return o;
  },
};
