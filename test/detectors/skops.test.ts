import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { skopsRefs } from '../../src/detectors/formats/skops.js';
import { SKOPS_RULE_CASES } from './skops-cases.js';
import { expectUnsafe, runRuleCases } from './rule-harness.js';

describe('skops/unsafe-type: valid and invalid cases', () => {
  runRuleCases(SKOPS_RULE_CASES, {}, expectUnsafe);

  it('walks nested nodes within bounds and never throws on odd shapes', () => {
    assert.deepEqual(skopsRefs({ a: [{ __module__: 'm', __class__: 'C' }, null, 3, 'x'] }), [{ module: 'm', name: 'C', loader: '' }]);
    let deep: Record<string, unknown> = {};
    const top = deep;
    for (let i = 0; i < 5000; i++) deep = (deep.x = {}) as Record<string, unknown>;
    assert.doesNotThrow(() => skopsRefs(top));
  });
});
