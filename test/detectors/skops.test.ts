import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { scan } from '../../src/scan/scan.js';
import { skopsRefs } from '../../src/detectors/formats/skops.js';
import { makeTree, removeTree } from '../support/paths.js';
import { SKOPS_RULE_CASES } from './skops-cases.js';

describe('skops/unsafe-type: valid and invalid cases', () => {
  const roots: string[] = [];
  after(() => roots.forEach(removeTree));
  for (const [ruleId, cases] of Object.entries(SKOPS_RULE_CASES)) {
    for (const [expect, list] of [[true, cases.invalid], [false, cases.valid]] as const) {
      for (const c of list) {
        it(`${expect ? 'reports' : 'does not report'}: ${c.name}`, async () => {
          const root = makeTree({ [c.file]: c.bytes });
          roots.push(root);
          const r = await scan({ root, threads: 1 });
          const hits = r.findings.filter((x) => x.ruleId === ruleId);
          assert.equal(hits.length > 0, expect, JSON.stringify(r.findings.map((x) => `${x.ruleId}: ${x.message}`)));
          if (expect) assert.equal(r.components.find((x) => x.ref === hits[0]?.componentRef)?.properties['lantern:safety'], 'unsafe');
        });
      }
    }
  }

  it('walks nested nodes within bounds and never throws on odd shapes', () => {
    assert.deepEqual(skopsRefs({ a: [{ __module__: 'm', __class__: 'C' }, null, 3, 'x'] }), [{ module: 'm', name: 'C', loader: '' }]);
    let deep: Record<string, unknown> = {};
    const top = deep;
    for (let i = 0; i < 5000; i++) deep = (deep.x = {}) as Record<string, unknown>;
    assert.doesNotThrow(() => skopsRefs(top));
  });
});
