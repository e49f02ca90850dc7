/** Runs the secrets case table: every invalid case is a match of its rule, no valid case is. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadRules } from '../../src/rules/load.js';
import { secretsCatalog } from '../../src/secrets/catalog.js';
import { scanText } from '../../src/secrets/match.js';
import { SECRETS_RULE_CASES } from './secrets-cases.js';

const rules = loadRules();
const cat = secretsCatalog(rules);

describe('secrets rules: valid and invalid cases', () => {
  it('every secrets rule has cases, and every case names a secrets rule', () => {
    const ids = [...rules.rules.values()].filter((r) => r.family === 'secrets').map((r) => r.id);
    assert.ok(ids.length >= 26, `only ${ids.length} rules`);
    for (const id of ids) {
      const c = SECRETS_RULE_CASES[id];
      assert.ok(c && c.valid.length >= 2 && c.invalid.length >= 2, `${id} needs at least two valid and two invalid cases`);
    }
    for (const id of Object.keys(SECRETS_RULE_CASES)) assert.ok(ids.includes(id), `cases for unknown rule ${id}`);
  });

  for (const [ruleId, cases] of Object.entries(SECRETS_RULE_CASES)) {
    it(ruleId, () => {
      for (const c of cases.invalid) {
        const found = scanText(c.text, cat, c.path ? { path: c.path } : undefined).filter((m) => m.ruleId === ruleId);
        assert.equal(found.length, 1, `invalid case "${c.name}" must give one ${ruleId} match, got ${found.length}`);
        const m = found[0];
        assert.ok(m && c.text.includes(m.raw), c.name);
      }
      for (const c of cases.valid) {
        const found = scanText(c.text, cat, c.path ? { path: c.path } : undefined).filter((m) => m.ruleId === ruleId);
        assert.equal(found.length, 0, `valid case "${c.name}" must not give ${ruleId} (got ${found.map((m) => `${m.line}:${m.column}`).join(', ')})`);
      }
    });
  }
});
