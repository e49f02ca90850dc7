/** Building findings the same way in every detector. */
import { rule } from '../rules/load.js';
import type { Finding, Location } from '../types.js';
import { fingerprint } from '../util/hash.js';
import type { DetectContext } from './types.js';

export const modelRef = (sha256: string): string => `model:sha256:${sha256}`;

export interface FindingInput {
  ruleId: string;
  message: string;
  /** What makes this finding this finding (a global's name, an op, a path): part of the fingerprint. */
  key: string;
  /** Byte offset in the file, for binary formats. */
  offset?: number;
  line?: number;
  column?: number;
  /** Defaults to the file's model component (its SHA-256 ref). */
  componentRef?: string;
  properties?: Record<string, string>;
}

/** A finding at the detector's file, with the rule's severity and a line-independent fingerprint. */
export function makeFinding(ctx: DetectContext, f: FindingInput): Finding {
  const r = rule(f.ruleId, ctx.rules);
  const location: Location = { path: ctx.file.path };
  if (f.line !== undefined) location.line = f.line;
  if (f.column !== undefined) location.column = f.column;
  if (f.offset !== undefined) location.offset = f.offset;
  const properties: Record<string, string> = { ...(f.properties ?? {}) };
  if (f.offset !== undefined) properties['lantern:offset'] = String(f.offset);
  const out: Finding = {
    ruleId: r.id,
    severity: r.severity,
    message: f.message,
    location,
    componentRef: f.componentRef ?? modelRef(ctx.sha256()),
    fingerprint: fingerprint(r.id, ctx.file.path, f.key),
  };
  if (Object.keys(properties).length) out.properties = properties;
  return out;
}
