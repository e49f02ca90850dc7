/**
 * The `lantern:safety` verdict of each model component, from what the safety detectors found:
 * - unscannable: a container Lantern could not open (model/unscannable-container);
 * - unsafe: a critical or high finding of a safety rule (code execution, file access, escapes);
 * - unknown: a medium or low safety finding (an unknown pickle global, an unparseable stream, a
 *   custom op), or a pickle analysis that did not cover the whole file;
 * - safe: analyzed, and nothing above low found.
 * Formats that carry no code at all still get a verdict: their headers were validated.
 */
import type { Component, Finding } from '../types.js';
import { severityRank } from '../types.js';

/** Rule families whose findings speak about a model's safety. */
export const SAFETY_FAMILIES = new Set(['pickle', 'keras', 'savedmodel', 'onnx', 'gguf', 'safetensors', 'tflite', 'hydra', 'pytorch', 'skops', 'model']);

export type Safety = 'safe' | 'unsafe' | 'unknown' | 'unscannable';

export function safetyOf(c: Component, findings: Finding[]): Safety {
  const mine = findings.filter((f) => f.componentRef === c.ref && SAFETY_FAMILIES.has(f.ruleId.split('/')[0] ?? ''));
  if (mine.some((f) => f.ruleId === 'model/unscannable-container')) return 'unscannable';
  if (mine.some((f) => severityRank(f.severity) >= severityRank('high'))) return 'unsafe';
  const analysis = c.properties['lantern:pickle:analysis'];
  // Medium and low safety findings (an unknown global, a custom op that needs native code) leave
  // the verdict open; info findings (the format itself) do not.
  if (mine.some((f) => f.severity === 'medium' || f.severity === 'low')) return 'unknown';
  if (c.properties['lantern:pickle-based'] === 'true' && (analysis === undefined || analysis !== 'complete')) return 'unknown';
  return 'safe';
}

/** Sets lantern:safety on every model component (LFS pointers excepted: their content is elsewhere). */
export function applySafety(components: Component[], findings: Finding[]): void {
  for (const c of components) {
    if (c.kind !== 'model') continue;
    if (c.properties['lantern:source'] === 'huggingface-hub') {
      // Its bytes are not in the tree: only what is known about the repository can condemn it.
      const known = findings.some((f) => f.componentRef === c.ref && (f.ruleId === 'hf/known-malicious-model' || f.ruleId === 'hf/hub-scan-flagged'));
      c.properties['lantern:safety'] = known ? 'unsafe' : 'unknown';
      continue;
    }
    if (c.properties['lantern:lfs-pointer'] === 'true') {
      c.properties['lantern:safety'] = 'unknown';
      continue;
    }
    c.properties['lantern:safety'] = safetyOf(c, findings);
  }
}
