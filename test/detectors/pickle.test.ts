import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { scan, type ScanResult } from '../../src/scan/scan.js';
import { FIXTURES, makeTree, removeTree } from '../support/paths.js';
import { ATTACKS, BENIGN, PICKLE_RULE_CASES } from './pickle-cases.js';
import { buildTar, buildZip } from '../formats/builders.js';
import { BufferSource } from '../../src/formats/source.js';
import { loadRules } from '../../src/rules/load.js';
import { pickleDetector } from '../../src/detectors/pickle/index.js';
import type { DetectContext } from '../../src/detectors/types.js';
import { toCycloneDxJson } from '../../src/report/cyclonedx.js';
import { toCycloneDxXml } from '../../src/report/cyclonedx-xml.js';
import { toSarif } from '../../src/report/sarif.js';
import { bomJsonErrors, bomXmlErrors, sarifErrors } from '../support/validate.js';

describe('attack corpus: every published technique is flagged', () => {
  let r: ScanResult;
  before(async () => {
    r = await scan({ root: join(FIXTURES, 'attacks'), threads: 1 });
  });
  it('its SARIF (with byte offsets) and CycloneDX JSON/XML are schema-valid', () => {
    assert.equal(sarifErrors(JSON.parse(toSarif(r))), undefined);
    assert.equal(bomJsonErrors(JSON.parse(toCycloneDxJson(r, '1.6', { SOURCE_DATE_EPOCH: '0' }))), undefined);
    assert.equal(bomXmlErrors(toCycloneDxXml(r, '1.6', { SOURCE_DATE_EPOCH: '0' })), undefined);
  });
  // Files that are part of a directory model (SavedModel) still name the rules they must trigger.
  for (const e of ATTACKS.files.filter((f) => !f.part_of || f.expect.length > 0)) {
    it(`${e.path}: ${e.expect.join(', ')}`, () => {
      const got = new Set(r.findings.filter((f) => f.location.path === e.path || f.location.path.startsWith(`${e.path}/`)).map((f) => f.ruleId));
      for (const id of e.expect) assert.ok(got.has(id), `expected ${id}, got ${[...got].join(', ') || 'nothing'}`);
      const models = r.components.filter((c) => c.kind === 'model' && c.evidence.some((x) => x.path === e.path || x.path.startsWith(`${e.path}/`)));
      for (const m of models) assert.notEqual(m.properties['lantern:safety'], 'safe', `${m.name} must not be called safe`);
    });
  }
});

describe('benign corpus: ordinary numpy, scikit-learn, PyTorch, joblib and stdlib models', () => {
  let r: ScanResult;
  before(async () => {
    r = await scan({ root: join(FIXTURES, 'benign'), threads: 1 });
  });
  it(`${BENIGN.files.length} files: no finding above info`, () => {
    const above = r.findings.filter((f) => f.severity !== 'info');
    assert.deepEqual(above.map((f) => `${f.location.path}: ${f.ruleId} ${f.properties?.['lantern:global'] ?? ''}`), []);
  });
  it('every model is judged safe and its pickles analyzed completely', () => {
    const notSafe = r.components.filter((c) => c.kind === 'model' && c.properties['lantern:safety'] !== 'safe');
    assert.deepEqual(notSafe.map((c) => `${c.evidence[0]?.path}: ${c.properties['lantern:safety']} (${c.properties['lantern:pickle:analysis'] ?? ''})`), []);
  });
});

describe('pickle rules: valid and invalid cases', () => {
  const roots: string[] = [];
  after(() => roots.forEach(removeTree));
  for (const [ruleId, cases] of Object.entries(PICKLE_RULE_CASES)) {
    describe(ruleId, () => {
      it(`has invalid cases (${cases.invalid.length})`, () => assert.ok(cases.invalid.length > 0));
      // Attack-corpus cases are checked together above; the inline ones run here one by one.
      for (const c of cases.invalid.filter((x) => !x.name.startsWith('attacks/'))) {
        it(`reports: ${c.name}`, async () => {
          const root = makeTree({ [c.file]: c.bytes });
          roots.push(root);
          const res = await scan({ root, threads: 1 });
          assert.equal(res.findings.filter((f) => f.ruleId === ruleId).length, 1, JSON.stringify(res.findings.map((f) => f.ruleId)));
        });
      }
      for (const c of cases.valid) {
        it(`does not report: ${c.name}`, async () => {
          const root = makeTree({ [c.file]: c.bytes });
          roots.push(root);
          const res = await scan({ root, threads: 1 });
          assert.deepEqual(res.findings.filter((f) => f.ruleId === ruleId).map((f) => f.message), []);
        });
      }
    });
  }

  it('findings carry the offending global and its byte offset', async () => {
    const c = PICKLE_RULE_CASES['pickle/unsafe-global']?.invalid.find((x) => x.name.endsWith('os_system.pkl'));
    assert.ok(c, 'os_system.pkl is in the corpus');
    const root = makeTree({ [c.file]: c.bytes });
    roots.push(root);
    const res = await scan({ root, threads: 1 });
    const f = res.findings.find((x) => x.ruleId === 'pickle/unsafe-global');
    assert.equal(f?.properties?.['lantern:global'], 'os.system');
    assert.match(f?.properties?.['lantern:offset'] ?? '', /^\d+$/);
    assert.equal(res.components[0]?.properties['lantern:safety'], 'unsafe');
  });
});

describe('pickles whose first string is longer than the sniffed head', () => {
  // pickle.dumps(['a' * N, Evil()], protocol=0 or 1), Evil.__reduce__ returning (os.system, ('id',)):
  // all ASCII at protocol 0, so it passed for text and nothing analyzed it.
  const reduce = "cposix\nsystem\np1\n(S'id'\np2\ntp3\nRp4\na.";
  const proto0 = (n: number) => `(lp0\nV${'a'.repeat(n)}\np1\na${reduce.replace('p1', 'p9')}`;
  const proto1 = (n: number) => Buffer.concat([Buffer.from('5d71002858', 'hex'), Buffer.from(Uint32Array.of(n).buffer), Buffer.from('a'.repeat(n)), Buffer.from('710163706f7369780a73797374656d0a710228580200000069647103747104527105652e', 'hex')]);
  let root: string;
  let result: ScanResult;
  before(async () => {
    // Text starting with 'T' (BINSTRING), as Debian's python3-libewf changelog.gz does: the next
    // four bytes ('asks') read as a 1.9 GB length, which a gzip's decoded prefix cannot refute.
    const changelog = `Tasks\n* sync with the experimental version\n${'* move mfdata to fdata - not possible\n'.repeat(3000)}`;
    root = makeTree({ 'long0.pkl': proto0(200_000), 'notes.txt': proto0(70_000), 'long1.dat': proto1(200_000),
      'long0.pkl.gz': gzipSync(proto0(200_000)), 'changelog.gz': gzipSync(changelog), 'changelog': changelog,
      // In archives, under names that say nothing: the member's first 64 KiB (the sniffer) or first
      // 64 bytes (the analysis) end inside the string.
      'long.zip': buildZip([{ name: 'payload.bin', data: Buffer.from(proto0(70_000)), method: 8 }]).bytes,
      'short.zip': buildZip([{ name: 'payload.bin', data: Buffer.from(proto0(100)), method: 8 }]).bytes,
      'long.tar': buildTar([{ name: 'payload.bin', data: Buffer.from(proto0(70_000)) }]),
      'short.tar': buildTar([{ name: 'payload.bin', data: Buffer.from(proto0(100)) }]),
      // An INT of 70 digits first (Python reads up to 4,300): the analysis once looked at 64 bytes.
      'int.zip': buildZip([{ name: 'payload.bin', data: Buffer.from(`I${'7'.repeat(70)}\n0cposix\nsystem\n(S'id'\ntR.`), method: 8 }]).bytes,
      'decoy.zip': buildZip([{ name: 'notes.txt', data: Buffer.from(`V${'v'.repeat(70_000)}\nplain text\nmore text\n`), method: 8 }]).bytes,
      // A PyTorch zip whose data.pkl deflates 1,000:1 (one long repeated string before the call).
      'ratio.pt': buildZip([{ name: 'archive/data.pkl', data: Buffer.from(proto0(3_000_000)), method: 8 }, { name: 'archive/version', data: Buffer.from('3\n') }]).bytes, 'dipy.pkl': `(dp0\nS'data'\np1\nS'${'\\x00'.repeat(50_000)}'\np2\ns${reduce.replace('p1', 'p8').replace(/a\.$/, 's.')}` });
    result = await scan({ root, threads: 1 });
  });
  after(() => removeTree(root));

  for (const f of ['long0.pkl', 'notes.txt', 'long1.dat', 'long0.pkl.gz', 'long.zip', 'short.zip', 'long.tar', 'short.tar', 'int.zip', 'ratio.pt']) {
    it(`${f}: the os.system call after the long string is found`, () => {
      const hits = result.findings.filter((x) => x.location.path === f && x.ruleId === 'pickle/unsafe-global');
      assert.ok(hits.some((x) => /posix\.system/.test(x.message)), JSON.stringify(result.findings.filter((x) => x.location.path === f).map((x) => x.ruleId)));
    });
  }

  it('text that starts like a protocol-1 string is not a pickle, plain or gzipped', () => {
    for (const f of ['changelog', 'changelog.gz', 'decoy.zip']) {
      assert.deepEqual(result.findings.filter((x) => x.location.path === f).map((x) => x.ruleId), [], f);
      assert.equal(result.components.filter((c) => c.evidence?.some((e) => e.path === f)).length, 0, f);
    }
  });

  it('a STRING line over 64 KiB in the middle is read whole: no partial analysis', () => {
    assert.deepEqual(result.warnings.filter((w) => w.path === 'dipy.pkl'), []);
  });
});

describe('a pickle-based model with no pickle stream to read', () => {
  it('is partly analyzed (safety unknown), never complete', async () => {
    // Sniffed as a PyTorch zip, but no member is a pickle the analysis can read.
    const zip = buildZip([{ name: 'archive/version', data: Buffer.from('3\n') }]).bytes;
    const src = new BufferSource(zip);
    const ctx: DetectContext = {
      file: { path: 'model.pt', size: zip.length },
      sniffed: { kind: 'model', format: 'pytorch-zip', members: [] },
      src,
      head: zip,
      rules: loadRules(),
      facts: {},
      sha256: () => '0'.repeat(64),
      text: () => undefined,
    };
    const o = await pickleDetector.detect(ctx);
    assert.equal(o.components[0]?.properties['lantern:pickle:streams'], '0');
    assert.match(o.components[0]?.properties['lantern:pickle:analysis'] ?? '', /^partial: no pickle stream could be read/);
    assert.ok(o.warnings.some((w) => w.code === 'pickle/partial'));
  });
});
