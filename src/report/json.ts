/** Lantern's own JSON: the scan result as data, without timings (so outputs are reproducible). */
import type { ScanResult } from '../scan/scan.js';
import { SEVERITIES } from '../types.js';
import { writeJson, type Write } from './stream-json.js';

export function summary(result: ScanResult): Record<string, unknown> {
  const bySeverity: Record<string, number> = {};
  for (const s of [...SEVERITIES].reverse()) bySeverity[s] = result.findings.filter((f) => f.severity === s).length;
  return {
    files: result.stats.files,
    bytes: result.stats.bytes,
    components: result.components.length,
    findings: result.findings.length,
    bySeverity,
    warnings: result.warnings.length,
  };
}

export function toJson(result: ScanResult): string {
  return `${JSON.stringify(jsonDoc(result), null, 2)}\n`;
}

/** The same bytes as toJson, handed to `write` in pieces. */
export function writeJsonOut(result: ScanResult, write: Write): void {
  writeJson(jsonDoc(result), write);
}

function jsonDoc(result: ScanResult): Record<string, unknown> {
  return {
    tool: result.tool,
    root: result.rootName,
    summary: summary(result),
    components: result.components,
    findings: result.findings,
    warnings: result.warnings,
  };
}
