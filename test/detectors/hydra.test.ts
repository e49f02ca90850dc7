import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { hydraTargets } from '../../src/detectors/formats/hydra.js';
import { HYDRA_RULE_CASES } from './hydra-cases.js';
import { expectUnsafe, runRuleCases } from './rule-harness.js';

describe('hydra/unsafe-target: valid and invalid cases', () => {
  runRuleCases(HYDRA_RULE_CASES, {}, expectUnsafe);

  it('reads targets with their lines, skipping comments', () => {
    assert.deepEqual(hydraTargets('a: 1\n  _target_: os.system\n# _target_: x.y\n"_target_": "a.b.C"\n'), [
      { target: 'os.system', line: 2 },
      { target: 'a.b.C', line: 4 },
    ]);
  });

  it('lines end at CR, LF and CRLF, as in YAML; U+2028 and an escaped \\r are no line ends', () => {
    for (const nl of ['\n', '\r\n', '\r']) {
      assert.deepEqual(hydraTargets(['# _target_: x.y', 'a: 1', '  _target_: os.system', '"_target_": "a.b.C"', ''].join(nl)), [
        { target: 'os.system', line: 3 },
        { target: 'a.b.C', line: 4 },
      ]);
    }
    assert.deepEqual(hydraTargets('# a\u2028_target_: os.system\nb: "x\\r"\n_target_: a.b.C\n'), [{ target: 'a.b.C', line: 3 }]);
  });
});
