import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { scan } from '../../src/scan/scan.js';
import { makeTree, removeTree } from '../support/paths.js';
import { MODEL_RULE_CASES, MODEL_TAR_GZ, SOURCES_TAR_GZ, USTAR_JS } from './model-cases.js';

describe('model rules: valid and invalid cases', () => {
  const roots: string[] = [];
  after(() => roots.forEach(removeTree));
  const run = async (file: string, bytes: Uint8Array) => {
    const root = makeTree({ [file]: bytes });
    roots.push(root);
    return scan({ root, threads: 1 });
  };
  for (const [ruleId, cases] of Object.entries(MODEL_RULE_CASES)) {
    describe(ruleId, () => {
      for (const c of cases.invalid) {
        it(`reports: ${c.name}`, async () => {
          const r = await run(c.file, c.bytes);
          const hits = r.findings.filter((f) => f.ruleId === ruleId);
          assert.equal(hits.length, 1, JSON.stringify(r.findings.map((f) => f.ruleId)));
          const f = hits[0];
          assert.ok(f);
          assert.equal(f.location.path, c.file);
          assert.ok(f.componentRef && r.components.some((x) => x.ref === f.componentRef), 'linked to its component');
          assert.match(f.fingerprint, /^[0-9a-f]{32}$/);
        });
      }
      for (const c of cases.valid) {
        it(`does not report: ${c.name}`, async () => {
          const r = await run(c.file, c.bytes);
          assert.deepEqual(r.findings.filter((f) => f.ruleId === ruleId), []);
        });
      }
    });
  }

  it('fingerprints do not depend on where the tree lives or on scan order', async () => {
    const c = MODEL_RULE_CASES['model/pickle-based-format']?.invalid[0];
    assert.ok(c);
    const a = await run(c.file, c.bytes);
    const b = await run(c.file, c.bytes);
    assert.equal(a.findings[0]?.fingerprint, b.findings[0]?.fingerprint);
  });
});

describe('archives in the model inventory', () => {
  const roots: string[] = [];
  after(() => roots.forEach(removeTree));
  const run = async (files: Record<string, Uint8Array>) => {
    const root = makeTree(files);
    roots.push(root);
    return scan({ root, threads: 1 });
  };

  it('a .tar.gz of sources and a text file holding "ustar" at byte 257 are not models', async () => {
    const r = await run({ 'vendor/xz-5.2.3.tar.gz': SOURCES_TAR_GZ, 'lib/headers.js': USTAR_JS });
    assert.deepEqual(r.components.filter((c) => c.kind === 'model'), []);
    assert.deepEqual(r.findings, []);
  });

  it('a model.tar.gz is described by what its tar holds, the member found after 240 KB of code', async () => {
    const r = await run({ 'model.tar.gz': MODEL_TAR_GZ });
    const c = r.components.find((x) => x.name === 'model.tar.gz');
    assert.ok(c, JSON.stringify(r.components));
    assert.equal(c.properties['lantern:format'], 'pickle');
    assert.equal(c.properties['lantern:format:title'], 'tar container (gzip)');
    assert.equal(c.properties['lantern:contains'], 'model.pkl (pickle)');
    assert.equal(c.properties['lantern:pickle-based'], 'true');
  });
});
