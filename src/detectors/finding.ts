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

/**
 * Where a finding about an evidence place is reported. A notebook place (`cell`, with the line and
 * column inside the cell) is reported at the .ipynb file's own line and column, as SARIF and code
 * review count them, and the cell and its line go into properties; when the file's position could
 * not be found, the finding names the file only (a cell's line is not the file's).
 */
export function reportedAt(loc: Location): { location: Location; properties: Record<string, string> } {
  if (loc.cell === undefined) return { location: loc, properties: {} };
  const properties: Record<string, string> = { 'lantern:notebook:cell': String(loc.cell) };
  if (loc.line !== undefined) properties['lantern:notebook:line'] = String(loc.line);
  const location: Location = { path: loc.path };
  if (loc.fileLine !== undefined) {
    location.line = loc.fileLine;
    if (loc.fileColumn !== undefined) location.column = loc.fileColumn;
  }
  return { location, properties };
}

/** A site's place as evidence: in a notebook, its cell, the place inside it and the file's own (Location.fileLine). */
export function siteAt(path: string, s: { line: number; column: number; cell?: number; fileLine?: number; fileColumn?: number }): Location {
  const loc: Location = { path, line: s.line, column: s.column };
  if (s.cell === undefined) return loc;
  loc.cell = s.cell;
  if (s.fileLine !== undefined) loc.fileLine = s.fileLine;
  if (s.fileColumn !== undefined) loc.fileColumn = s.fileColumn;
  return loc;
}
