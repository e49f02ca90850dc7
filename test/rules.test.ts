import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadRules, RulesError } from '../src/rules/load.js';
import { suiteTrees } from './support/paths.js';
import { MODEL_RULE_CASES } from './detectors/model-cases.js';
import { PICKLE_RULE_CASES } from './detectors/pickle-cases.js';
import { FORMAT_RULE_CASES } from './detectors/format-cases.js';
import { SDK_RULE_CASES } from './detectors/sdk-cases.js';
import { HYDRA_RULE_CASES } from './detectors/hydra-cases.js';
import { PYTORCH_RULE_CASES } from './detectors/pytorch-cases.js';
import { SKOPS_RULE_CASES } from './detectors/skops-cases.js';
import { SECRETS_RULE_CASES } from './secrets/secrets-cases.js';
import { HF_RULE_CASES, HF_ONLINE_CASES } from './detectors/hf-cases.js';
import { ADVISORY_RULE_CASES } from './advisories/advisory-cases.js';
import { AGENT_RULE_CASES } from './detectors/agent-cases.js';

/** Every family's case table: a rule without valid and invalid cases fails here. */
const CASES: Record<string, { valid: unknown[]; invalid: unknown[] }> = { ...MODEL_RULE_CASES, ...PICKLE_RULE_CASES, ...FORMAT_RULE_CASES, ...SDK_RULE_CASES, ...HYDRA_RULE_CASES, ...PYTORCH_RULE_CASES, ...SKOPS_RULE_CASES, ...SECRETS_RULE_CASES, ...HF_RULE_CASES, ...HF_ONLINE_CASES, ...ADVISORY_RULE_CASES, ...AGENT_RULE_CASES };

describe('rules', () => {
  const { tree } = suiteTrees();

  it('every rule has id, title, severity, help, references, and valid and invalid test cases', () => {
    const rules = loadRules();
    assert.ok(rules.rules.size > 0);
    for (const r of rules.rules.values()) {
      assert.match(r.id, /^[a-z][a-z0-9-]*\/[a-z0-9-]+$/);
      assert.ok(r.title && r.help && r.description && r.references.length, r.id);
      const cases = CASES[r.id];
      assert.ok(cases, `${r.id} has no test cases`);
      assert.ok(cases.valid.length > 0 && cases.invalid.length > 0, `${r.id} needs valid and invalid cases`);
    }
    for (const id of Object.keys(CASES)) assert.ok(rules.rules.has(id), `cases for an unknown rule ${id}`);
  });

  it('a rules file that does not validate stops start-up, naming the file and the field', () => {
    const dir = tree({});
    writeFileSync(join(dir, 'model.yaml'), 'family: model\nrules:\n  - id: model/x\n    title: A title\n    severity: severe\n    description: long enough description here\n    help: long enough help text here\n    references: [https://example.org]\n');
    assert.throws(() => loadRules(dir), (e: Error) => e instanceof RulesError && /rules\/model\.yaml: \/rules\/0\/severity/.test(e.message));
    writeFileSync(join(dir, 'model.yaml'), 'family: other\nrules: []\n');
    assert.throws(() => loadRules(dir), /must live in rules\/other\.yaml/);
  });

  it('a model call\'s second-argument position is for the C#, Ruby and PHP front-ends only: on another language the catalog does not load', () => {
    const dir = tree({});
    const sdk = readFileSync(join('rules', 'sdk.yaml'), 'utf8');
    const entry = '- { language: csharp, packages: [OllamaSharp], names: [OllamaApiClient], argument: 2 }';
    assert.ok(sdk.includes(entry));
    writeFileSync(join(dir, 'sdk.yaml'), sdk);
    assert.ok(loadRules(dir).catalogs.get('sdk'));
    const other = tree({});
    writeFileSync(join(other, 'sdk.yaml'), sdk.replace(entry, entry.replace('language: csharp', 'language: js')));
    assert.throws(() => loadRules(other), (e: Error) => e instanceof RulesError && /modelCalls\/\d+\/language/.test(e.message));
  });

  it('a model constant names a namespaced class, a form the PHP front-end reads and its models: another does not load', () => {
    const sdk = readFileSync(join('rules', 'sdk.yaml'), 'utf8');
    const entry = '      class: LLPhant\\AnthropicConfig\n      form: constant\n';
    assert.ok(sdk.includes(entry));
    const broken: [string, RegExp][] = [
      [entry.replace('form: constant', 'form: define'), /modelConstants\/\d+\/form/],
      [entry.replace('LLPhant\\AnthropicConfig', 'AnthropicConfig'), /modelConstants\/\d+\/class/],
      [entry + '      methods: [value]\n', /modelConstants\/\d+/],
    ];
    for (const [bad, field] of broken) {
      const dir = tree({});
      writeFileSync(join(dir, 'sdk.yaml'), sdk.replace(entry, bad));
      assert.throws(() => loadRules(dir), (e: Error) => e instanceof RulesError && field.test(e.message), bad);
    }
  });
});
