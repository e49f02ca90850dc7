/**
 * The secrets detector end to end, through the CLI: the generated fake-key corpus (recall and false
 * positives of the whole pipeline), the leak test over every output format, the link from a key to
 * its provider's service in the BOM and SARIF, and suppression (inline, config, allowlist,
 * baseline).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { generateSecretCorpus, KEY_GENERATORS, Rng } from '../../fixtures/gen/secret-corpus.js';
import { keyPrefix, scanText, secretsCatalog } from '../../src/secrets/index.js';
import { makeTree, removeTree } from '../support/paths.js';
import { lantern } from '../support/run.js';

interface JsonOut {
  findings: { ruleId: string; severity: string; location: { path: string; line?: number; column?: number; endColumn?: number; cell?: number }; fingerprint: string; componentRef?: string; properties?: Record<string, string> }[];
  components: { ref: string; kind: string; name: string; properties: Record<string, string>; evidence: { path: string; line?: number; column?: number; cell?: number; fileLine?: number }[] }[];
  warnings: { code: string; path: string; message: string }[];
}

function walkFiles(root: string, rel = ''): string[] {
  const out: string[] = [];
  for (const e of readdirSync(join(root, rel), { withFileTypes: true })) {
    const p = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...walkFiles(root, p));
    else out.push(p);
  }
  return out;
}

describe('secrets: the fake-key corpus through the CLI', () => {
  let root: string;
  let corpus: ReturnType<typeof generateSecretCorpus>;
  let out: JsonOut;
  let outDir: string;
  const raws = new Set<string>();
  before(() => {
    root = makeTree({ 'README.md': '# corpus\n' });
    corpus = generateSecretCorpus(root, { seed: 20251121, perRule: 2 });
    outDir = makeTree({});
    const r = lantern(['scan', root, '-f', 'json,sarif,cyclonedx-json,cyclonedx-xml,table', '-o', `${outDir}/`, '--fail-on', 'none', '--verbose']);
    assert.equal(r.code, 0, r.stderr);
    writeFileSync(join(outDir, 'stderr.log'), r.stderr);
    out = JSON.parse(readFileSync(join(outDir, 'lantern.json'), 'utf8')) as JsonOut;
    // The keys themselves, as the engine finds them in the files (the outputs must hold none).
    const cat = secretsCatalog();
    for (const f of walkFiles(root)) for (const m of scanText(readFileSync(join(root, f), 'utf8'), cat, { path: f })) raws.add(m.raw);
  });
  after(() => {
    removeTree(root);
    removeTree(outDir);
  });

  it('finds at least 95 % of the planted keys and nothing else', () => {
    const secretFindings = out.findings.filter((f) => f.ruleId.startsWith('secrets/'));
    const found = new Set(secretFindings.map((f) => `${f.location.path}\u0000${f.properties?.['lantern:secret:sha256']}`));
    const planted = new Set(corpus.planted.map((p) => `${p.path}\u0000${p.rawHash}`));
    const hit = [...planted].filter((p) => found.has(p)).length;
    const falsePositives = [...found].filter((f) => !planted.has(f));
    const recall = hit / planted.size;
    process.stdout.write(`# secrets corpus via CLI: ${corpus.files} files, ${corpus.bytes} bytes, ${planted.size} planted keys, ${corpus.decoys} decoys; recall ${hit}/${planted.size} (${(recall * 100).toFixed(2)} %), false positives ${falsePositives.length}\n`);
    assert.ok(recall >= 0.95, `recall ${recall}`);
    assert.deepEqual(falsePositives, []);
    // Every catalog rule is represented among the findings.
    const rules = new Set(secretFindings.map((f) => f.ruleId));
    for (const id of Object.keys(KEY_GENERATORS).map((k) => k.split('#')[0] as string)) assert.ok(rules.has(id), `no finding for ${id}`);
  });

  it('never writes a key, or any 12 characters of one, in any output or log', () => {
    assert.ok(raws.size > 100, `only ${raws.size} keys`);
    const outputs = readdirSync(outDir).map((f) => ({ f, text: readFileSync(join(outDir, f), 'utf8') }));
    assert.deepEqual(outputs.map((o) => o.f).sort(), ['lantern.cdx.json', 'lantern.cdx.xml', 'lantern.json', 'lantern.sarif', 'lantern.txt', 'stderr.log']);
    // One index of every 12-character window of every output; then each key's windows are looked up.
    const windows = new Set<string>();
    for (const { text } of outputs) for (let i = 0; i + 12 <= text.length; i++) windows.add(text.slice(i, i + 12));
    // A window that lies wholly inside the format's fixed public prefix (`sk-ant-api03-`,
    // `bedrock-api-key-`) is documentation, not key material: the rule texts in SARIF spell it.
    // Every window that reaches into the random part must be absent.
    const leaks: string[] = [];
    for (const raw of raws) {
      for (let i = 0; i + 12 <= raw.length; i++) {
        if (i + 12 <= keyPrefix(raw).length) continue;
        if (windows.has(raw.slice(i, i + 12))) {
          leaks.push(`${raw.slice(0, 4)}… (window at ${i})`);
          break;
        }
      }
    }
    assert.deepEqual(leaks, []);
  });

  it('each key finding names a masked preview and a SHA-256, and affects its provider service', () => {
    const f = out.findings.find((x) => x.ruleId === 'secrets/openai-project-key');
    assert.ok(f);
    assert.match(f.properties?.['lantern:secret:masked'] ?? '', /^sk-proj-…[A-Za-z0-9_-]{4}$/);
    assert.match(f.properties?.['lantern:secret:sha256'] ?? '', /^[0-9a-f]{64}$/);
    assert.equal(f.componentRef, 'service:openai');
    assert.ok(out.components.some((c) => c.ref === 'service:openai' && c.kind === 'service' && c.properties['lantern:hardcoded-key'] === 'true'));
    const bom = JSON.parse(readFileSync(join(outDir, 'lantern.cdx.json'), 'utf8')) as { vulnerabilities: { id: string; cwes?: number[]; affects: { ref: string }[]; properties: { name: string; value: string }[] }[] };
    const v = bom.vulnerabilities.find((x) => x.properties.some((p) => p.name === 'lantern:fingerprint' && p.value === f.fingerprint));
    assert.ok(v, 'the finding is a vulnerability in the BOM');
    assert.deepEqual(v.cwes, [798]);
    assert.deepEqual(v.affects.map((a) => a.ref), ['service:openai']);
    assert.ok(v.properties.some((p) => p.name === 'lantern:location:line' && p.value === String(f.location.line)));
  });

  it('SARIF results point at the exact line and columns of the key', () => {
    const sarif = JSON.parse(readFileSync(join(outDir, 'lantern.sarif'), 'utf8')) as { runs: { results: { ruleId: string; partialFingerprints?: Record<string, string>; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn?: number; endColumn?: number } } }[] }[] }[] };
    const f = out.findings.find((x) => x.ruleId === 'secrets/anthropic-api-key' && x.location.cell === undefined);
    assert.ok(f);
    const res = sarif.runs[0]?.results.find((r) => r.ruleId === f.ruleId && r.locations[0]?.physicalLocation.artifactLocation.uri === f.location.path && r.locations[0]?.physicalLocation.region.startLine === f.location.line);
    assert.ok(res, 'a SARIF result for the finding');
    const region = res.locations[0]?.physicalLocation.region;
    const line = readFileSync(join(root, f.location.path), 'utf8').split(/\r?\n/)[(f.location.line as number) - 1] ?? '';
    const key = line.slice((region?.startColumn as number) - 1, (region?.endColumn as number) - 1);
    assert.match(key, /^sk-ant-api03-[A-Za-z0-9_-]{93}AA$/);
  });
});

describe('secrets: suppression from the CLI', () => {
  const roots: string[] = [];
  after(() => roots.forEach(removeTree));
  const gen = (id: string, seed: number): string => {
    const g = KEY_GENERATORS[id];
    assert.ok(g, id);
    return g(new Rng(seed));
  };
  const scanJson = (root: string, extra: string[] = []) => {
    const r = lantern(['scan', root, '-f', 'json', '--fail-on', 'high', ...extra]);
    return { code: r.code, stderr: r.stderr, out: JSON.parse(r.stdout) as JsonOut };
  };

  it('inline lantern-ignore, config ignore entries, allowlist regexes and expiry', () => {
    const k1 = gen('secrets/openai-project-key', 1);
    const k2 = gen('secrets/huggingface-user-token', 2);
    const k3 = gen('secrets/groq-api-key', 3);
    const k4 = gen('secrets/anthropic-api-key', 4);
    const k5 = gen('secrets/xai-api-key', 5);
    const root = makeTree({
      'app/a.py': `import openai\nclient = openai.OpenAI(api_key="${k1}")  # lantern-ignore secrets/openai-project-key\n# lantern-ignore\nHF_TOKEN = "${k2}"\n`,
      'tests/fixtures/keys.env': `GROQ_API_KEY=${k3}\n`,
      'app/b.ts': `// lantern-ignore secrets/openai-project-key (names another rule: does not apply)\nconst anthropic = new Anthropic({ apiKey: "${k4}" });\n`,
      'app/c.env': `XAI_API_KEY=${k5}\n`,
      '.lantern.yml': [
        'ignore:',
        '  - path: "tests/fixtures/**"',
        '    reason: fake keys for tests',
        '  - path: "legacy/**"',
        '    reason: nothing there any more',
        'secrets:',
        '  allow:',
        `    - regex: "^${k5.slice(0, 8)}"`,
        '      reason: a revoked demo key',
        '    - regex: "NEVER_MATCHES"',
        '      reason: stale',
        '    - regex: "anything"',
        '      reason: old',
        '      expires: "2020-01-01"',
        '',
      ].join('\n'),
    });
    roots.push(root);
    const { code, out, stderr } = scanJson(root);
    const keys = out.findings.filter((f) => f.ruleId.startsWith('secrets/'));
    assert.deepEqual(keys.map((f) => `${f.ruleId} ${f.location.path}:${f.location.line}`), ['secrets/anthropic-api-key app/b.ts:2']);
    assert.equal(code, 1, 'the remaining high finding fails the scan');
    assert.match(stderr, /3 suppressed: 2 inline, 1 by config, 0 by baseline/);
    assert.deepEqual(out.warnings.map((w) => w.code).sort(), ['config/allow-expired', 'config/allow-unused', 'config/ignore-unused']);
  });

  it('a baseline keeps old keys quiet when lines move, and reports new ones', () => {
    const k1 = gen('secrets/openai-legacy-key', 11);
    const k2 = gen('secrets/mistral-api-key', 12);
    const root = makeTree({ 'cfg/.env': `OPENAI_API_KEY=${k1}\n` });
    roots.push(root);
    const base = join(root, '..', `${root.split('/').pop()}-baseline.json`);
    roots.push(base);
    const w = lantern(['scan', root, '-f', 'json', '--write-baseline', base]);
    assert.equal(w.code, 0, w.stderr);
    assert.match(w.stderr, /wrote a baseline of 1 finding/);
    const written = JSON.parse(readFileSync(base, 'utf8')) as { findings: { ruleId: string }[] };
    assert.deepEqual(written.findings.map((f) => f.ruleId), ['secrets/openai-legacy-key']);
    assert.ok(!readFileSync(base, 'utf8').includes(k1.slice(3, 15)));
    // Lines move; a new key arrives.
    writeFileSync(join(root, 'cfg/.env'), `# moved down\n\nDEBUG=1\nOPENAI_API_KEY=${k1}\nMISTRAL_API_KEY=${k2}\n`);
    const r = scanJson(root, ['--baseline', base]);
    assert.deepEqual(r.out.findings.filter((f) => f.ruleId.startsWith('secrets/')).map((f) => `${f.ruleId}:${f.location.line}`), ['secrets/mistral-api-key:5']);
    assert.match(r.stderr, /1 suppressed: 0 inline, 0 by config, 1 by baseline/);
    // A bad baseline is a usage error.
    writeFileSync(base, '{"version": 9}');
    assert.equal(lantern(['scan', root, '--baseline', base]).code, 2);
  });

  it('notebook keys point at the .ipynb file\'s own line and columns; inline comments in cells apply', () => {
    const k1 = gen('secrets/huggingface-user-token', 31);
    const k2 = gen('secrets/openai-project-key', 32);
    const k3 = gen('secrets/groq-api-key', 33);
    const nb = {
      cells: [
        { cell_type: 'markdown', metadata: {}, source: ['# Demo\n'] },
        {
          cell_type: 'code',
          execution_count: 1,
          metadata: {},
          source: ['import os\n', `HF_TOKEN = "${k1}"\n`, `GROQ_API_KEY = "${k3}"  # lantern-ignore\n`],
          outputs: [{ output_type: 'stream', name: 'stdout', text: [`OPENAI_API_KEY=${k2}\n`] }],
        },
      ],
      metadata: {},
      nbformat: 4,
      nbformat_minor: 5,
    };
    const text = JSON.stringify(nb, null, 1);
    const root = makeTree({ 'nb/explore.ipynb': text });
    roots.push(root);
    const r = lantern(['scan', root, '-f', 'json', '--fail-on', 'none']);
    const out = JSON.parse(r.stdout) as JsonOut;
    const keys = out.findings.filter((f) => f.ruleId.startsWith('secrets/'));
    assert.deepEqual(keys.map((f) => f.ruleId).sort(), ['secrets/huggingface-user-token', 'secrets/openai-project-key']);
    const raw = text.split('\n');
    for (const [f, key] of [[keys.find((x) => x.ruleId === 'secrets/huggingface-user-token'), k1], [keys.find((x) => x.ruleId === 'secrets/openai-project-key'), k2]] as const) {
      assert.ok(f);
      assert.equal(f.location.cell, undefined);
      const line = raw[(f.location.line as number) - 1] ?? '';
      assert.equal(line.slice((f.location.column as number) - 1, (f.location.endColumn as number) - 1), key);
      assert.equal(f.properties?.['lantern:notebook:cell'], '1');
    }
    assert.equal(keys.find((x) => x.ruleId === 'secrets/openai-project-key')?.properties?.['lantern:secret:in-output'], 'true');
    assert.match(r.stderr, /1 suppressed: 1 inline/);
    // The key's provider service has the key's place as evidence: the cell, the line and column
    // inside it, and the file's own line.
    const hf = keys.find((x) => x.ruleId === 'secrets/huggingface-user-token');
    const ev = out.components.find((c) => c.ref === 'service:huggingface')?.evidence;
    assert.deepEqual(ev, [{ path: 'nb/explore.ipynb', line: 2, column: 13, cell: 1, fileLine: hf?.location.line, fileColumn: hf?.location.column }]);
  });

  it('a notebook key the raw text does not hold as written (a JSON escape inside it) names the file, with the cell and line as properties', () => {
    const k = gen('secrets/huggingface-user-token', 34);
    // JSON.parse reads \u0068 as "h": the key is in the cell, but not in the file's text as written.
    const text = JSON.stringify({ cells: [{ cell_type: 'code', execution_count: null, metadata: {}, outputs: [], source: ['import os\n', `HF_TOKEN = "${k}"\n`] }], metadata: {}, nbformat: 4, nbformat_minor: 5 }, null, 1).replace(k, `\\u0068${k.slice(1)}`);
    assert.ok(k.startsWith('h') && !text.includes(k));
    const root = makeTree({ 'esc.ipynb': text });
    roots.push(root);
    const out = JSON.parse(lantern(['scan', root, '-f', 'json', '--fail-on', 'none']).stdout) as JsonOut;
    const f = out.findings.find((x) => x.ruleId === 'secrets/huggingface-user-token');
    assert.deepEqual(f?.location, { path: 'esc.ipynb' });
    assert.deepEqual([f?.properties?.['lantern:notebook:cell'], f?.properties?.['lantern:notebook:line']], ['0', '2']);
  });

  it('a bad allowlist regex is a usage error', () => {
    const root = makeTree({ '.lantern.yml': 'secrets:\n  allow:\n    - regex: "(unclosed"\n      reason: x\n', 'a.txt': 'x\n' });
    roots.push(root);
    const r = lantern(['scan', root, '-f', 'json']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /secrets\.allow/);
  });
});
