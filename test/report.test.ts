import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { scan, type ScanResult } from '../src/scan/scan.js';
import { toCycloneDxJson } from '../src/report/cyclonedx.js';
import { toCycloneDxXml } from '../src/report/cyclonedx-xml.js';
import { toSarif } from '../src/report/sarif.js';
import { toJson } from '../src/report/json.js';
import { toTable } from '../src/report/table.js';
import { bomJsonErrors, bomXmlErrors, sarifErrors } from './support/validate.js';
import { DEMO } from './support/paths.js';

const ENV = { SOURCE_DATE_EPOCH: '1700000000' };

interface CdxComponent {
  'bom-ref': string;
  type: string;
  name: string;
  purl?: string;
  hashes?: { alg: string; content: string }[];
  properties?: { name: string; value: string }[];
  evidence?: { occurrences?: { location: string; line?: number; additionalContext?: string }[] };
  modelCard?: { modelParameters?: Record<string, unknown> };
}
interface CdxBom {
  metadata: { timestamp: string; lifecycles: { phase: string }[]; tools: { components: { name: string }[] }; component: { 'bom-ref': string } };
  components: CdxComponent[];
  dependencies: { ref: string; dependsOn?: string[] }[];
  services?: { 'bom-ref': string }[];
  vulnerabilities?: { id: string; affects: { ref: string }[]; properties: { name: string; value: string }[]; cwes?: number[] }[];
}

const prop = (c: CdxComponent, n: string) => c.properties?.find((p) => p.name === n)?.value;

describe('outputs of a demo scan', () => {
  let result: ScanResult;
  let bom: CdxBom;
  before(async () => {
    result = await scan({ root: DEMO, threads: 1 });
    bom = JSON.parse(toCycloneDxJson(result, '1.6', ENV)) as CdxBom;
  });

  it('CycloneDX 1.6 and 1.7 JSON are valid against the official schemas', () => {
    assert.equal(bomJsonErrors(bom, '1.6'), undefined);
    assert.equal(bomJsonErrors(JSON.parse(toCycloneDxJson(result, '1.7', ENV)), '1.7'), undefined);
  });

  it('CycloneDX 1.6 and 1.7 XML are valid against the official XSDs', () => {
    assert.equal(bomXmlErrors(toCycloneDxXml(result, '1.6', ENV), '1.6'), undefined);
    assert.equal(bomXmlErrors(toCycloneDxXml(result, '1.7', ENV), '1.7'), undefined);
  });

  it('a notebook occurrence gives the line inside its cell, and the cell and the .ipynb file\'s own line as context', () => {
    const nb = readFileSync(join(DEMO, 'notebooks/explore.ipynb'), 'utf8').split('\n');
    const occ = bom.components.find((c) => c.purl === 'pkg:pypi/openai' || c.purl?.startsWith('pkg:pypi/openai@'))?.evidence?.occurrences?.find((o) => o.location === 'notebooks/explore.ipynb');
    const m = /^notebook cell (\d+) \(line (\d+) of the \.ipynb file\)$/.exec(occ?.additionalContext ?? '');
    assert.ok(m, JSON.stringify(occ));
    assert.equal(occ?.line, 1, 'the first line of its cell');
    assert.match(nb[Number(m[2]) - 1] ?? '', /%pip install openai/);
  });

  it('XML carries the same AI fields as JSON: occurrences and model card', () => {
    const xml = toCycloneDxXml(result, '1.6', ENV);
    assert.match(xml, /<occurrence>\s*<location>models\/tiny.gguf<\/location>\s*<\/occurrence>/);
    assert.match(xml, /<modelCard>\s*<modelParameters>\s*<architectureFamily>llama<\/architectureFamily>/);
  });

  it('SARIF is valid against the 2.1.0 schema, with rules, fingerprints and automation id', () => {
    const sarif = JSON.parse(toSarif(result)) as { runs: { tool: { driver: { rules: { id: string; properties: Record<string, unknown> }[] } }; results: { ruleId: string; ruleIndex: number; partialFingerprints: Record<string, string>; locations: unknown[] }[]; automationDetails: { id: string }; columnKind: string; newlineSequences: string[] }[] };
    assert.equal(sarifErrors(sarif), undefined);
    const run = sarif.runs[0];
    assert.ok(run);
    assert.ok(run.tool.driver.rules.every((r) => typeof r.properties['security-severity'] === 'string'));
    assert.ok(run.results.length > 0);
    for (const r of run.results) {
      assert.equal(run.tool.driver.rules[r.ruleIndex]?.id, r.ruleId);
      assert.ok(r.partialFingerprints['lanternFindingFingerprint/v1']);
      assert.equal(r.locations.length, 1);
    }
    assert.equal(run.automationDetails.id, 'lantern/demo-repo/');
    // Where lines end for the regions: CR, LF and CRLF (a CRLF is one line end), UTF-16 columns.
    assert.deepEqual(run.newlineSequences, ['\r\n', '\r', '\n']);
    assert.equal(run.columnKind, 'utf16CodeUnits');
  });

  it('metadata: tool, scanned repository, pre-build lifecycle, pinned timestamp', () => {
    assert.equal(bom.metadata.timestamp, '2023-11-14T22:13:20.000Z');
    assert.deepEqual(bom.metadata.lifecycles, [{ phase: 'pre-build' }]);
    assert.equal(bom.metadata.tools.components[0]?.name, 'lantern');
    assert.equal(bom.metadata.component['bom-ref'], 'root');
  });

  it('inventories the demo models with format, size, SHA-256, occurrences and model card', () => {
    const models = bom.components.filter((c) => c.type === 'machine-learning-model');
    const byName = new Map(models.map((c) => [c.name, c]));
    for (const n of ['tiny.safetensors', 'tiny.gguf', 'classifier.pt', 'large-model.safetensors']) assert.ok(byName.has(n), `${n} in ${[...byName.keys()].join(', ')}`);
    assert.ok(!models.some((c) => c.evidence?.occurrences?.some((o) => o.location.startsWith('cache/'))), '.gitignore applies');
    const gguf = byName.get('tiny.gguf');
    assert.ok(gguf);
    assert.equal(prop(gguf, 'lantern:format'), 'gguf');
    assert.match(gguf.hashes?.[0]?.content ?? '', /^[0-9a-f]{64}$/);
    assert.equal(gguf.modelCard?.modelParameters?.architectureFamily, 'llama');
    assert.ok(prop(gguf, 'cdx:ai-ml:model:hyperparameter:context_length'));
    assert.deepEqual(gguf.evidence?.occurrences, [{ location: 'models/tiny.gguf' }]);
    assert.deepEqual((gguf as unknown as { licenses: unknown }).licenses, [{ license: { id: 'Apache-2.0' } }], 'the GGUF license as an SPDX id');
    const lfs = byName.get('large-model.safetensors');
    assert.ok(lfs);
    assert.equal(prop(lfs, 'lantern:lfs-pointer'), 'true');
    assert.equal(`sha256:${lfs.hashes?.[0]?.content}`, prop(lfs, 'lantern:lfs:oid'), 'the pointer names the content hash');
    const st = byName.get('tiny.safetensors');
    assert.ok(st && Number(prop(st, 'cdx:ai-ml:model:parameter:count')) > 0);
  });

  it('findings become vulnerabilities that affect the model, with file and CWE', () => {
    const v = bom.vulnerabilities?.find((x) => x.id === 'model/pickle-based-format');
    assert.ok(v, 'the pickle-based .pt is reported');
    const target = bom.components.find((c) => c['bom-ref'] === v.affects[0]?.ref);
    assert.equal(target?.name, 'classifier.pt');
    assert.equal(v.properties.find((p) => p.name === 'lantern:location:path')?.value, 'models/classifier.pt');
    assert.deepEqual(v.cwes, [502]);
  });

  it('references are unique and resolve; the repository depends on each component', () => {
    const services = bom.services ?? [];
    assert.ok(services.length > 0, 'the demo has AI services');
    const refs = new Set([bom.metadata.component['bom-ref'], ...bom.components.map((c) => c['bom-ref']), ...services.map((s) => s['bom-ref'])]);
    assert.equal(refs.size, bom.components.length + services.length + 1, 'bom-refs are unique');
    for (const d of bom.dependencies) {
      assert.ok(refs.has(d.ref));
      for (const x of d.dependsOn ?? []) assert.ok(refs.has(x));
    }
    for (const v of bom.vulnerabilities ?? []) for (const a of v.affects) assert.ok(refs.has(a.ref), a.ref);
    const root = bom.dependencies.find((d) => d.ref === 'root');
    assert.equal(root?.dependsOn?.length, bom.components.length + services.length);
  });

  it('same tree, same bytes: repeated scans, one thread or two', async () => {
    // The worker pool, forced even for a small tree, must give what the in-process scan gave.
    const again = await scan({ root: DEMO, threads: 2, poolThreshold: 0 });
    for (const f of [(r: ScanResult) => toCycloneDxJson(r, '1.6', ENV), (r: ScanResult) => toCycloneDxXml(r, '1.6', ENV), toSarif, toJson]) {
      assert.equal(f(again), f(result));
    }
    assert.equal(toTable(again).split('\n').slice(1).join('\n'), toTable(result).split('\n').slice(1).join('\n'));
  });

  it('has no absolute paths in any output', () => {
    for (const text of [toCycloneDxJson(result, '1.6', ENV), toCycloneDxXml(result, '1.6', ENV), toSarif(result), toJson(result), toTable(result)]) {
      assert.ok(!text.includes(DEMO), 'no absolute scan root');
      assert.ok(!text.includes('/work/') && !text.includes('/tmp/'));
    }
  });
});

describe('streamed JSON outputs', () => {
  it('writeJson gives exactly JSON.stringify(value, null, 2) + newline', async () => {
    const { writeJson } = await import('../src/report/stream-json.js');
    const samples: unknown[] = [
      { a: [1, { b: [], c: {} }, undefined, null, 'x\ny'], d: undefined, e: { toJSON: () => ({ z: 1 }) }, f: [[[[1]]]] },
      [],
      {},
      'plain',
      [{ deep: { deeper: { deepest: [1, 2, { k: 'v' }] } } }],
    ];
    for (const v of samples) {
      let out = '';
      writeJson(v, (s) => {
        out += s;
      });
      assert.equal(out, `${JSON.stringify(v, null, 2)}\n`);
    }
  });

  it('writeJson walks a large value below its depth in pieces, with the same bytes', async () => {
    const { writeJson, WHOLE_MAX_NODES } = await import('../src/report/stream-json.js');
    // A component whose evidence lists an occurrence per import site, three levels below the top.
    const occurrences = Array.from({ length: WHOLE_MAX_NODES * 2 }, (_, i) => ({ location: `src/f${i}.py`, line: i + 1, skip: undefined, at: { toJSON: () => `L${i}` } }));
    const doc = { components: [{ name: 'torch', evidence: { occurrences, note: 'x\ny' } }, { name: 'small', evidence: { occurrences: occurrences.slice(0, 3) } }] };
    const chunks: string[] = [];
    writeJson(doc, (s) => chunks.push(s));
    assert.equal(chunks.join(''), `${JSON.stringify(doc, null, 2)}\n`);
    const longest = Math.max(...chunks.map((c) => c.length));
    assert.ok(longest < 1000, `no piece holds the whole evidence (longest ${longest} characters)`);
    // A value at the limit is still one piece.
    const small: string[] = [];
    writeJson({ a: { b: { c: { d: Array.from({ length: WHOLE_MAX_NODES - 1 }, () => 1) } } } }, (s) => small.push(s));
    assert.ok(small.some((c) => c.includes('"d": [')), 'the small value went whole');
  });

  it('the streamed JSON and CycloneDX JSON of a scan are the bytes of the string writers', async () => {
    const { writeJsonOut } = await import('../src/report/json.js');
    const { writeCycloneDxJson } = await import('../src/report/cyclonedx.js');
    const r = await scan({ root: DEMO, threads: 1 });
    const env = { SOURCE_DATE_EPOCH: '1700000000' };
    let a = '';
    writeJsonOut(r, (s) => {
      a += s;
    });
    let b = '';
    writeCycloneDxJson(r, (s) => {
      b += s;
    }, '1.6', env);
    assert.equal(a, toJson(r));
    assert.equal(b, toCycloneDxJson(r, '1.6', env));
  });
});

describe('CycloneDX writer start-up', () => {
  it('a JSON BOM does not load the XML serializer stack (xmlbuilder2); an XML BOM does', () => {
    // A fresh process: this test process has already loaded the XML writer above.
    const probe = (mod: string, fn: string) => {
      const code = `import { createRequire } from 'node:module';
const m = await import(${JSON.stringify(new URL(mod, import.meta.url).href)});
const { scan } = await import(${JSON.stringify(new URL('../src/scan/scan.js', import.meta.url).href)});
const out = m.${fn}(await scan({ root: ${JSON.stringify(DEMO)}, threads: 1, advisories: false }));
const loaded = Object.keys(createRequire(import.meta.url).cache).some((k) => k.includes('xmlbuilder2'));
process.stdout.write(JSON.stringify({ loaded, bytes: out.length }));`;
      const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      return JSON.parse(r.stdout) as { loaded: boolean; bytes: number };
    };
    const json = probe('../src/report/cyclonedx.js', 'toCycloneDxJson');
    assert.ok(json.bytes > 1000);
    assert.equal(json.loaded, false);
    const xml = probe('../src/report/cyclonedx-xml.js', 'toCycloneDxXml');
    assert.ok(xml.bytes > 1000);
    assert.equal(xml.loaded, true);
  });
});
