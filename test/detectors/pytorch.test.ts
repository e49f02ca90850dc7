import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { scan } from '../../src/scan/scan.js';
import { makeTree, removeTree } from '../support/paths.js';
import { PYTORCH_RULE_CASES } from './pytorch-cases.js';

describe('pytorch/storage-size-mismatch: valid and invalid cases', () => {
  const roots: string[] = [];
  after(() => roots.forEach(removeTree));
  for (const [ruleId, cases] of Object.entries(PYTORCH_RULE_CASES)) {
    for (const [expect, list] of [[true, cases.invalid], [false, cases.valid]] as const) {
      for (const c of list) {
        it(`${expect ? 'reports' : 'does not report'}: ${c.name}`, async () => {
          const root = makeTree({ [c.file]: c.bytes });
          roots.push(root);
          const r = await scan({ root, threads: 1 });
          const hits = r.findings.filter((x) => x.ruleId === ruleId);
          assert.equal(hits.length > 0, expect, JSON.stringify(r.findings.map((x) => `${x.ruleId}: ${x.message}`)));
          if (expect) assert.equal(r.components[0]?.properties['lantern:safety'], 'unsafe');
        });
      }
    }
  }
});
