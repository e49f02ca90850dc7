import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { skopsRefs } from '../../src/detectors/formats/skops.js';
import { SKOPS_RULE_CASES } from './skops-cases.js';
import { scan } from '../../src/scan/scan.js';
import { makeTree, removeTree } from '../support/paths.js';
import { buildZip } from '../formats/builders.js';
import { expectUnsafe, runRuleCases } from './rule-harness.js';

describe('skops/unsafe-type: valid and invalid cases', () => {
  runRuleCases(SKOPS_RULE_CASES, {}, expectUnsafe);

  it('says so when a skops schema is larger than it reads (padded to compress over 1,000:1)', async () => {
    const schema = { __class__: 'Pipeline', __module__: 'sklearn.pipeline', __loader__: 'ObjectNode', protocol: 2, pad: 'x'.repeat(5_000_000), content: { f: { __class__: 'system', __module__: 'os', __loader__: 'FunctionNode' } } };
    const root = makeTree({ 'big.skops': buildZip([{ name: 'schema.json', data: Buffer.from(JSON.stringify(schema)), method: 8 }]).bytes });
    try {
      const r = await scan({ root, threads: 1 });
      assert.ok(r.warnings.some((w) => w.code === 'skops/malformed-schema' && /over the 4194304 bytes/.test(w.message)), JSON.stringify(r.warnings));
    } finally {
      removeTree(root);
    }
  });

  it('walks nested nodes within bounds and never throws on odd shapes', () => {
    assert.deepEqual(skopsRefs({ a: [{ __module__: 'm', __class__: 'C' }, null, 3, 'x'] }), [{ module: 'm', name: 'C', loader: '' }]);
    let deep: Record<string, unknown> = {};
    const top = deep;
    for (let i = 0; i < 5000; i++) deep = (deep.x = {}) as Record<string, unknown>;
    assert.doesNotThrow(() => skopsRefs(top));
  });
});
