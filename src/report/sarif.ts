/**
 * SARIF 2.1.0 for code scanning: one run, every rule from rules/ in tool.driver.rules (help text,
 * `security-severity`, CWE tags), results with physical locations, partialFingerprints and
 * automationDetails.id; files Lantern could not read are tool execution notifications.
 */
import type { ScanResult } from '../scan/scan.js';
import type { Severity } from '../types.js';
import { loadRules, type Rule } from '../rules/load.js';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };
/** GitHub maps security-severity > 9 to critical, 7–8.9 high, 4–6.9 medium, 0.1–3.9 low. */
const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '0.1' };

/**
 * What the positions take for a line end (src/util/lines.ts, 'cr-lf'), tried in this order: a CRLF
 * is one line end. U+2028/U+2029, which the JS/TS positions also count (as TypeScript does), are
 * left out: the other readers do not end a line there, nor do editors such as VS Code.
 */
const NEWLINE_SEQUENCES: readonly string[] = ['\r\n', '\r', '\n'];

function pascal(id: string): string {
  return id.split(/[/-]/).map((w) => (w ? w[0]?.toUpperCase() + w.slice(1) : '')).join('');
}

/** Paths are relative POSIX paths; SARIF wants URI references, so each segment is percent-encoded. */
export function toUri(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

function sarifRule(r: Rule): Record<string, unknown> {
  const rule: Record<string, unknown> = {
    id: r.id,
    name: pascal(r.id),
    shortDescription: { text: r.title },
    fullDescription: { text: r.description },
    help: {
      text: `${r.help}\n\nReferences:\n${r.references.map((u) => `- ${u}`).join('\n')}`,
      markdown: `${r.help}\n\n**References**\n\n${r.references.map((u) => `- <${u}>`).join('\n')}`,
    },
    defaultConfiguration: { level: LEVEL[r.severity] },
    properties: {
      tags: ['security', `lantern/${r.family}`, ...r.cwe.map((c) => `external/cwe/cwe-${c}`)],
      'security-severity': SECURITY_SEVERITY[r.severity],
      precision: 'high',
      'problem.severity': LEVEL[r.severity] === 'note' ? 'recommendation' : LEVEL[r.severity],
    },
  };
  if (r.references[0]) rule.helpUri = r.references[0];
  return rule;
}

export function toSarif(result: ScanResult): string {
  const rules = [...loadRules().rules.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const results = result.findings.map((f) => {
    const region: Record<string, number> = { startLine: f.location.line ?? 1 };
    if (f.location.column !== undefined) region.startColumn = f.location.column;
    if (f.location.endLine !== undefined) region.endLine = f.location.endLine;
    if (f.location.endColumn !== undefined) region.endColumn = f.location.endColumn;
    // Findings in binary files point at bytes; SARIF regions may carry both line and byte fields.
    if (f.location.offset !== undefined) region.byteOffset = f.location.offset;
    const res: Record<string, unknown> = {
      ruleId: f.ruleId,
      level: LEVEL[f.severity],
      message: { text: f.message },
      locations: [{ physicalLocation: { artifactLocation: { uri: toUri(f.location.path), uriBaseId: '%SRCROOT%' }, region } }],
      partialFingerprints: { 'lanternFindingFingerprint/v1': f.fingerprint },
      properties: { severity: f.severity, 'security-severity': SECURITY_SEVERITY[f.severity], ...(f.componentRef ? { component: f.componentRef } : {}), ...(f.properties ?? {}) },
    };
    const i = index.get(f.ruleId);
    if (i !== undefined) res.ruleIndex = i;
    return res;
  });
  const notifications = result.warnings.map((w) => ({
    level: 'warning',
    message: { text: `${w.path}: ${w.message}` },
    descriptor: { id: w.code },
    locations: [{ physicalLocation: { artifactLocation: { uri: toUri(w.path), uriBaseId: '%SRCROOT%' } } }],
  }));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'Lantern', semanticVersion: result.tool.version, version: result.tool.version, rules: rules.map(sarifRule) } },
        automationDetails: { id: `lantern/${result.rootName}/` },
        columnKind: 'utf16CodeUnits',
        // SARIF 2.1.0 §3.14.26: the line ends the regions were counted with, so a consumer counts
        // lines as the positions do. Absent, it defaults to [CRLF, LF]: a lone CR would end no line.
        newlineSequences: NEWLINE_SEQUENCES,
        results,
        invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }],
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
