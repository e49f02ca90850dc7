import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadRules, RulesError } from '../../src/rules/load.js';
import { packageRoot } from '../../src/util/package-root.js';
import { compileCatalog, hasNestedQuantifier, secretsCatalog, type SecretsCatalogData } from '../../src/secrets/catalog.js';
import { shannonEntropy } from '../../src/secrets/entropy.js';
import { scanText } from '../../src/secrets/match.js';
import { KEY_GENERATORS, Rng, entryKey, placeholderKeys } from '../../fixtures/gen/secret-corpus.js';
import { licenseDb } from './secrets-cases.js';
import { suiteTrees } from '../support/paths.js';

const rules = loadRules();
const cat = secretsCatalog(rules);
const data = rules.catalogs.get('secrets') as unknown as SecretsCatalogData;

describe('secrets catalog', () => {
  const { keep } = suiteTrees();

  it('covers at least 25 AI key types, each rule with an entry', () => {
    const ids = [...rules.rules.values()].filter((r) => r.family === 'secrets');
    assert.ok(ids.length >= 26);
    for (const r of ids) {
      assert.ok(cat.rules.has(r.id), r.id);
      assert.deepEqual(r.cwe, [798], r.id);
      assert.ok(r.references.length >= 2 || r.id === 'secrets/generic-ai-key', r.id);
    }
    assert.equal(rules.rules.get('secrets/generic-ai-key')?.severity, 'medium');
    for (const r of ids) if (r.id !== 'secrets/generic-ai-key') assert.ok(r.severity === 'high' || r.severity === 'critical', r.id);
  });

  it('has no regex with a nested quantifier', () => {
    for (const e of cat.entries) assert.equal(hasNestedQuantifier(e.regex), false, e.rule);
    assert.equal(hasNestedQuantifier('(a+)+'), true);
    assert.equal(hasNestedQuantifier('(?:\\w{2,}-)*x'), true);
    assert.equal(hasNestedQuantifier('(?:[a-z]+){2,}'), true);
    assert.equal(hasNestedQuantifier('(?:[A-Za-z0-9]{2}==)?'), false);
    assert.equal(hasNestedQuantifier('sk-(?!proj-)[a-z]{20}(?:ab|cd)+'), false);
    assert.equal(hasNestedQuantifier('[(a+)+]'), false);
    assert.equal(hasNestedQuantifier('\\(a+\\)+'), false);
  });

  it('every entry has a generator whose keys have the entry shape, its keyword and its entropy', () => {
    const rng = new Rng(99);
    for (const e of cat.entries) {
      const gen = KEY_GENERATORS[entryKey(e)];
      assert.ok(gen, `no generator for ${entryKey(e)}`);
      for (let i = 0; i < 50; i++) {
        const k = gen(rng);
        assert.ok(e.whole.test(k), `${entryKey(e)}: ${k.length} chars do not fit the regex`);
        if (!e.assignment) {
          const offset = e.offset ?? 0;
          assert.ok(e.before !== undefined ? e.keywords.some((w) => k.includes(w)) : e.keywords.some((w) => k.startsWith(w, offset)), `${entryKey(e)}: keyword not where the matcher looks`);
        }
        if (e.prefix) assert.ok(k.startsWith(e.prefix), entryKey(e));
        assert.ok(shannonEntropy(k) >= e.entropy, `${entryKey(e)}: entropy ${shannonEntropy(k)}`);
      }
    }
  });

  it('finds a generated key of every entry written as its variable', () => {
    const rng = new Rng(5);
    for (const e of cat.entries) {
      const k = (KEY_GENERATORS[entryKey(e)] as (r: Rng) => string)(rng);
      const name = e.generic ? 'VOYAGE_API_KEY' : (e.envVar ?? 'SRC_ACCESS_TOKEN');
      const context = e.context?.required ? `# ${e.context.terms[0]}\n` : '';
      const m = scanText(`${context}${name}="${k}"\n`, cat);
      assert.deepEqual(m.map((x) => [x.ruleId, x.raw === k]), [[e.rule, true]], entryKey(e));
      if (!e.generic) assert.equal(m[0]?.provider, e.provider);
    }
  });

  it('reports none of the placeholder-shaped keys of any entry', () => {
    for (const { entry, value } of placeholderKeys(cat)) {
      const name = entry.generic ? 'VOYAGE_API_KEY' : (entry.envVar ?? 'SRC_ACCESS_TOKEN');
      const m = scanText(`# bedrock fireworks openai.azure.com\n${name}="${value}"\n`, cat);
      assert.deepEqual(m, [], `${entryKey(entry)}: ${value.slice(0, 12)}…`);
    }
  });

  it('never reports a documented example key', () => {
    for (const ex of cat.examples) assert.deepEqual(scanText(`bedrock\nAWS_ACCESS_KEY_ID=${ex}\nWANDB_API_KEY=${ex}\n`, cat), []);
  });

  it('refuses entries that would be unsafe or dangling', () => {
    const base = structuredClone(data);
    const bad = (mutate: (d: SecretsCatalogData) => void, msg: RegExp): void => {
      const d = structuredClone(base);
      mutate(d);
      assert.throws(() => compileCatalog(d, rules), (e: Error) => e instanceof RulesError && msg.test(e.message));
    };
    bad((d) => void ((d.keys[0] as { regex: string }).regex = '(?:[a-z]+)+x'), /nested quantifier/);
    bad((d) => void ((d.keys[0] as { rule: string }).rule = 'secrets/no-such-rule'), /unknown rule/);
    bad((d) => void (d.keys = d.keys.filter((k) => k.rule !== 'secrets/groq-api-key')), /groq-api-key has no catalog entry/);
    bad((d) => void ((d.keys[0] as { regex: string }).regex = '[a-z'), /does not compile/);
    bad((d) => void ((d.keys[0] as { dropSlugs?: { minSegments: number } }).dropSlugs = { minSegments: 3 }), /dropSlugs is for the generic entry/);
  });

  it('drops identifier-like generic values only because of dropSlugs', () => {
    const text = licenseDb(['ms-azure-rtos-2023-05', 'acki-nacki-node-2024-10-04', 'stability-ai-nc-2023-12-06', 'stability_ai_nc_2023_12_06']);
    const d = structuredClone(data);
    for (const k of d.keys) delete k.dropSlugs;
    assert.equal(scanText(text, compileCatalog(d, rules)).filter((m) => m.ruleId === 'secrets/generic-ai-key').length, 4, 'the fixture names a provider near each id');
    assert.deepEqual(scanText(text, cat), []);
  });

  it('validates rules/secrets.yaml against CATALOG_SCHEMAS.secrets', () => {
    const dir = keep(mkdtempSync(join(tmpdir(), 'lantern-secrets-rules-')));
    cpSync(join(packageRoot(), 'rules'), dir, { recursive: true });
    const yaml = readFileSync(join(dir, 'secrets.yaml'), 'utf8');
    writeFileSync(join(dir, 'secrets.yaml'), yaml.replace('checks: [openai-segments]', 'checks: [no-such-check]'));
    assert.throws(() => loadRules(dir), (e: Error) => e instanceof RulesError && /secrets\.yaml: catalogs\/keys\/\d+\/checks/.test(e.message));
    writeFileSync(join(dir, 'secrets.yaml'), yaml.replace(/\n {6}confidence: high\n/, '\n      confidence: certain\n'));
    assert.throws(() => loadRules(dir), (e: Error) => e instanceof RulesError && /secrets\.yaml: catalogs\/keys\/\d+\/confidence/.test(e.message));
    writeFileSync(join(dir, 'secrets.yaml'), yaml.replace('dropSlugs: {minSegments: 3}', 'dropSlugs: {minSegments: 1}'));
    assert.throws(() => loadRules(dir), (e: Error) => e instanceof RulesError && /secrets\.yaml: catalogs\/keys\/\d+\/dropSlugs/.test(e.message));
  });
});
