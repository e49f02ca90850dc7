/**
 * The RuleTester-style runner shared by the detector tests: every `invalid` case (one file in a
 * fresh tree) must be reported under its rule, every `valid` case must not.
 */
import { it, after } from 'node:test';
import assert from 'node:assert/strict';
import { scan, type ScanOptions, type ScanResult } from '../../src/scan/scan.js';
import { makeTree, removeTree } from '../support/paths.js';
import type { RuleCases } from './model-cases.js';

export function runRuleCases(table: Record<string, RuleCases>, opts: Omit<ScanOptions, 'root'> = {}, onHit?: (r: ScanResult, ruleId: string) => void): void {
  const roots: string[] = [];
  after(() => roots.forEach(removeTree));
  for (const [ruleId, cases] of Object.entries(table)) {
    for (const [expect, list] of [[true, cases.invalid], [false, cases.valid]] as const) {
      for (const c of list) {
        it(`${ruleId} ${expect ? 'reports' : 'does not report'}: ${c.name}`, async () => {
          const root = makeTree({ [c.file]: c.bytes });
          roots.push(root);
          const r = await scan({ threads: 1, ...opts, root });
          const hits = r.findings.filter((x) => x.ruleId === ruleId);
          assert.equal(hits.length > 0, expect, JSON.stringify(r.findings.map((x) => `${x.ruleId}: ${x.message}`)));
          if (expect) onHit?.(r, ruleId);
        });
      }
    }
  }
}

/** A model a finding of `ruleId` points at must be called unsafe. */
export function expectUnsafe(r: ScanResult, ruleId: string): void {
  const hit = r.findings.find((x) => x.ruleId === ruleId);
  const model = r.components.find((x) => x.ref === hit?.componentRef);
  if (model) assert.equal(model.properties['lantern:safety'], 'unsafe', `${model.name} is unsafe`);
}
