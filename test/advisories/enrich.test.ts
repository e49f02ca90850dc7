/**
 * Advisory matching through the whole scan: every advisory rule's valid/invalid cases against a
 * real SQLite database (the built-in snapshot plus test-only records), the CycloneDX mapping of a
 * match, and the errors for a missing database.
 */
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AdvisoryStore } from '../../src/advisories/store.js';
import { scan, ScanError } from '../../src/scan/scan.js';
import { toCycloneDxJson } from '../../src/report/cyclonedx.js';
import { makeTree, removeTree } from '../support/paths.js';
import { bomJsonErrors } from '../support/validate.js';
import { runRuleCases } from '../detectors/rule-harness.js';
import { ADVISORY_RULE_CASES, ADVISORY_TEST_RECORDS, MODEL_ADVISORY_CASES } from './advisory-cases.js';

const dir = mkdtempSync(join(tmpdir(), 'lantern-adv-'));
const db = join(dir, 'advisories.db');
const store = AdvisoryStore.open(db);
store.applyBatch('test', ADVISORY_TEST_RECORDS, { feed: 'test' });
store.close();
after(() => rmSync(dir, { recursive: true, force: true }));

describe('advisory rules (valid / invalid)', () => {
  runRuleCases(ADVISORY_RULE_CASES, { advisories: { db } });
});

describe('hub model advisories: a record that lists commits', () => {
  runRuleCases(MODEL_ADVISORY_CASES, { advisories: { db } });
});

describe('advisory matches in the outputs', () => {
  const roots: string[] = [];
  after(() => roots.forEach(removeTree));

  it('a match is a CycloneDX vulnerability with the advisory id, aliases, CVSS vector and the fix, affecting the package', async () => {
    const root = makeTree({ 'requirements.txt': 'torch==2.5.1\n', 'app.py': 'import torch\n' });
    roots.push(root);
    const r = await scan({ root, threads: 1, advisories: { db } });
    const f = r.findings.find((x) => x.advisory?.id === 'GHSA-53q9-r3pm-6pq6');
    assert.ok(f, JSON.stringify(r.findings.map((x) => x.message)));
    assert.equal(f.severity, 'critical');
    assert.equal(f.location.path, 'requirements.txt');
    assert.equal(f.location.line, 1);
    assert.equal(f.advisory?.fixed, '2.6.0');
    const bom = JSON.parse(toCycloneDxJson(r, '1.6', { SOURCE_DATE_EPOCH: '0' })) as { vulnerabilities: { id: string; references?: { id: string }[]; ratings: { vector?: string; method?: string }[]; recommendation?: string; affects: { ref: string; versions?: { version?: string }[] }[] }[]; components: { 'bom-ref': string; purl?: string }[] };
    assert.equal(bomJsonErrors(bom, '1.6'), undefined);
    const v = bom.vulnerabilities.find((x) => x.id === 'GHSA-53q9-r3pm-6pq6');
    assert.ok(v?.references?.some((x) => x.id === 'CVE-2025-32434'));
    assert.match(v?.recommendation ?? '', /2\.6\.0/);
    const torch = bom.components.find((c) => c.purl?.startsWith('pkg:pypi/torch@2.5.1'));
    assert.equal(v?.affects[0]?.ref, torch?.['bom-ref']);
    assert.equal(v?.affects[0]?.versions?.[0]?.version, '2.5.1');
  });

  it('a declared range gets the floor from which nothing it admits is affected as its fix; a range over an unfixed flaw gets none', async () => {
    const root = makeTree({ 'requirements.txt': 'torch>=2.0,<2.7\n', 'app.py': 'import torch\n' });
    roots.push(root);
    const r = await scan({ root, threads: 1, advisories: { db } });
    const f = r.findings.find((x) => x.advisory?.id === 'GHSA-53q9-r3pm-6pq6');
    assert.equal(f?.ruleId, 'advisory/possibly-affected');
    assert.match(f?.message ?? '', /^torch \(declared >=2\.0,<2\.7\) may be affected by GHSA-53q9-r3pm-6pq6 .*; fixed in 2\.6\.0$/);
    assert.equal(f?.advisory?.fixed, '2.6.0');
    assert.equal(f?.properties?.['lantern:advisory:fixed'], '2.6.0');
    const bom = JSON.parse(toCycloneDxJson(r, '1.6', { SOURCE_DATE_EPOCH: '0' })) as { vulnerabilities: { id: string; recommendation?: string }[] };
    assert.equal(bom.vulnerabilities.find((x) => x.id === 'GHSA-53q9-r3pm-6pq6')?.recommendation, 'Upgrade to 2.6.0 or later.');
    // GHSA-887c-mr87-cxwp ends at a last_affected: nothing is fixed.
    const open = r.findings.find((x) => x.advisory?.id === 'GHSA-887c-mr87-cxwp');
    assert.match(open?.message ?? '', /; no fixed version is known$/);
    assert.equal(open?.advisory?.fixed, undefined);
  });

  it('a match in a setup.py that also imports the package points at the declaration, not the import', async () => {
    const root = makeTree({ 'setup.py': 'import torch\nfrom setuptools import setup\nsetup(install_requires=["torch==2.5.1"])\n' });
    roots.push(root);
    const r = await scan({ root, threads: 1, advisories: { db } });
    const f = r.findings.find((x) => x.advisory?.id === 'GHSA-53q9-r3pm-6pq6');
    assert.deepEqual([f?.location.path, f?.location.line], ['setup.py', 3]);
  });

  it('a CVSS vector becomes a rating with its method', async () => {
    const root = makeTree({ 'requirements.txt': 'vllm==0.6.0\n' });
    roots.push(root);
    const r = await scan({ root, threads: 1, advisories: { db } });
    const bom = JSON.parse(toCycloneDxJson(r, '1.6', { SOURCE_DATE_EPOCH: '0' })) as { vulnerabilities: { id: string; ratings: { vector?: string; method?: string }[] }[] };
    assert.equal(bomJsonErrors(bom, '1.6'), undefined);
    const v = bom.vulnerabilities.find((x) => x.id === 'GHSA-rh4j-5rhw-hr54');
    assert.ok(v?.ratings.some((x) => x.method === 'CVSSv31' && x.vector === 'CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:H/I:H/A:H'), JSON.stringify(v));
  });

  it('a missing --db is a clear error; --no-advisories skips matching', async () => {
    const root = makeTree({ 'requirements.txt': 'torch==2.5.1\n' });
    roots.push(root);
    await assert.rejects(scan({ root, threads: 1, advisories: { db: join(dir, 'nope.db') } }), (e: Error) => e instanceof ScanError && /no advisory database at .*nope\.db/.test(e.message));
    const r = await scan({ root, threads: 1, advisories: false });
    assert.ok(!r.findings.some((x) => x.ruleId.startsWith('advisory/')));
  });
});
