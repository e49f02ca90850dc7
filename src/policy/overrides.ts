/** Per-rule severity overrides from the config (`rules: { <id>: <severity> | off }`). */
import type { Finding, Severity } from '../types.js';
import { severityRank } from '../types.js';
import type { FailOn } from '../config/config.js';

export function applyRuleOverrides(findings: Finding[], overrides: Record<string, Severity | 'off'>): Finding[] {
  if (!Object.keys(overrides).length) return findings;
  return findings.flatMap((f) => {
    const o = overrides[f.ruleId];
    if (o === 'off') return [];
    return o ? [{ ...f, severity: o }] : [f];
  });
}

/** Findings at or over the threshold: these make `lantern scan` exit 1. */
export function findingsAtOrOver(findings: Finding[], failOn: FailOn): Finding[] {
  if (failOn === 'none') return [];
  const min = severityRank(failOn);
  return findings.filter((f) => severityRank(f.severity) >= min);
}
