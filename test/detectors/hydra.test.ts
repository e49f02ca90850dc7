import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { scan } from '../../src/scan/scan.js';
import { hydraTargets } from '../../src/detectors/formats/hydra.js';
import { makeTree, removeTree } from '../support/paths.js';
import { HYDRA_RULE_CASES } from './hydra-cases.js';

describe('hydra/unsafe-target: valid and invalid cases', () => {
  const roots: string[] = [];
  after(() => roots.forEach(removeTree));
  for (const [ruleId, cases] of Object.entries(HYDRA_RULE_CASES)) {
    for (const [expect, list] of [[true, cases.invalid], [false, cases.valid]] as const) {
      for (const c of list) {
        it(`${expect ? 'reports' : 'does not report'}: ${c.name}`, async () => {
          const root = makeTree({ [c.file]: c.bytes });
          roots.push(root);
          const r = await scan({ root, threads: 1 });
          const hits = r.findings.filter((x) => x.ruleId === ruleId);
          assert.equal(hits.length > 0, expect, JSON.stringify(r.findings.map((x) => `${x.ruleId}: ${x.message}`)));
          if (expect && c.file.endsWith('.nemo')) {
            const model = r.components.find((x) => x.ref === hits[0]?.componentRef);
            assert.equal(model?.properties['lantern:safety'], 'unsafe', 'the archive is unsafe');
          }
        });
      }
    }
  }

  it('reads targets with their lines, skipping comments', () => {
    assert.deepEqual(hydraTargets('a: 1\n  _target_: os.system\n# _target_: x.y\n"_target_": "a.b.C"\n'), [
      { target: 'os.system', line: 2 },
      { target: 'a.b.C', line: 4 },
    ]);
  });
});
