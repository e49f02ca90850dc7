/** Lantern's own JSON: the scan result as data, without timings (so outputs are reproducible). */
import type { ScanResult } from '../scan/scan.js';
import { SEVERITIES } from '../types.js';

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
  const doc = {
    tool: result.tool,
    root: result.rootName,
    summary: summary(result),
    components: result.components,
    findings: result.findings,
    warnings: result.warnings,
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
