import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { KEY_GENERATORS, Rng } from '../../fixtures/gen/secret-corpus.js';
import { diffPath, scanHistory } from '../../src/history/git.js';
import { loadRules } from '../../src/rules/load.js';
import { scan } from '../../src/scan/scan.js';
import { makeTree, removeTree } from '../support/paths.js';
import { lantern } from '../support/run.js';

const gen = (id: string, seed: number): string => {
  const g = KEY_GENERATORS[id];
  assert.ok(g, id);
  return g(new Rng(seed));
};

function git(root: string, ...args: string[]): string {
  const r = spawnSync('git', ['-C', root, ...args], {
    encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.org', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.org', GIT_CONFIG_NOSYSTEM: '1', HOME: root },
  });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

interface Out {
  findings: { ruleId: string; location: { path: string; line?: number }; fingerprint: string; componentRef?: string; properties?: Record<string, string>; message: string }[];
  components: { ref: string }[];
}

describe('lantern scan --history', () => {
  let root: string;
  const c: string[] = [];
  const gone = gen('secrets/openai-project-key', 21);
  const kept = gen('secrets/huggingface-user-token', 22);
  const later = gen('secrets/groq-api-key', 23);
  const ignored = gen('secrets/xai-api-key', 24);
  before(() => {
    root = makeTree({ 'README.md': '# app\n' });
    git(root, 'init', '-q', '-b', 'main');
    // 1: a key is committed (line 3 of a config), next to one that stays.
    mkdirSync(join(root, 'config'));
    writeFileSync(join(root, 'config/app.env'), `# app\nDEBUG=1\nOPENAI_API_KEY=${gone}\n`);
    writeFileSync(join(root, 'hf.py'), `HF_TOKEN = "${kept}"\n`);
    writeFileSync(join(root, 'x.env'), `# lantern-ignore\nXAI_API_KEY=${ignored}\n`);
    git(root, 'add', '-A');
    git(root, 'commit', '-q', '-m', 'add config');
    c.push(git(root, 'rev-parse', 'HEAD'));
    // 2: the key is deleted.
    writeFileSync(join(root, 'config/app.env'), '# app\nDEBUG=1\nOPENAI_API_KEY=${OPENAI_API_KEY}\n');
    git(root, 'commit', '-q', '-am', 'remove key');
    c.push(git(root, 'rev-parse', 'HEAD'));
    // 3: another key is added and removed again.
    writeFileSync(join(root, 'groq.sh'), `export GROQ_API_KEY=${later}\n`);
    git(root, 'add', '-A');
    git(root, 'commit', '-q', '-m', 'groq');
    c.push(git(root, 'rev-parse', 'HEAD'));
    rmSync(join(root, 'groq.sh'));
    git(root, 'commit', '-q', '-am', 'drop groq');
  });
  after(() => removeTree(root));

  const run = (...args: string[]) => {
    const r = lantern(['scan', root, '-f', 'json', '--fail-on', 'none', '--no-shadow-ai', ...args]);
    assert.equal(r.code, 0, r.stderr);
    return { out: JSON.parse(r.stdout) as Out, stderr: r.stderr };
  };

  it('without --history: only the key still in the tree', () => {
    const { out } = run();
    assert.deepEqual(out.findings.map((f) => `${f.ruleId} ${f.location.path}:${f.location.line}`), ['secrets/huggingface-user-token hf.py:1']);
  });

  it('with --history: deleted keys too, at the commit and line that added them, once each', () => {
    const { out, stderr } = run('--history');
    const keys = out.findings.map((f) => `${f.ruleId} ${f.location.path}:${f.location.line} ${f.properties?.['lantern:commit'] ?? 'tree'}`).sort();
    assert.deepEqual(keys, [`secrets/groq-api-key groq.sh:1 ${c[2]}`, `secrets/huggingface-user-token hf.py:1 tree`, `secrets/openai-project-key config/app.env:3 ${c[0]}`]);
    const h = out.findings.find((f) => f.ruleId === 'secrets/openai-project-key');
    assert.match(h?.message ?? '', /no longer in the working tree/);
    assert.equal(h?.componentRef, undefined, 'no service without the Shadow-AI inventory');
    assert.match(stderr, /history: 4 commits read, 2 keys found only there/);
    const all = JSON.stringify(out);
    for (const k of [gone, kept, later, ignored]) assert.ok(!all.includes(k.slice(8, 20)), 'no key material in the output');
  });

  it('--since limits the commits read; with the inventory on, a history key affects its service', () => {
    const r = lantern(['scan', root, '-f', 'json', '--fail-on', 'none', '--history', '--since', c[1] as string]);
    const out = JSON.parse(r.stdout) as Out;
    assert.deepEqual(out.findings.filter((f) => f.properties?.['lantern:commit']).map((f) => f.ruleId), ['secrets/groq-api-key']);
    assert.equal(out.findings.find((f) => f.ruleId === 'secrets/groq-api-key')?.componentRef, 'service:groq');
    assert.ok(out.components.some((x) => x.ref === 'service:groq'));
  });

  it('usage errors: --since without --history, an unknown revision, a folder that is not a repository', () => {
    assert.equal(lantern(['scan', root, '--since', 'HEAD']).code, 2);
    const bad = lantern(['scan', root, '--history', '--since', 'no-such-rev']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /no such revision/);
    const plain = makeTree({ 'a.txt': 'x\n' });
    try {
      const r = lantern(['scan', plain, '--history']);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /needs a git repository/);
    } finally {
      removeTree(plain);
    }
  });

  it('decodes quoted diff paths', () => {
    assert.equal(diffPath('b/dir/f.txt'), 'dir/f.txt');
    assert.equal(diffPath('"b/d\\303\\251j\\303\\240.txt"'), 'déjà.txt');
    assert.equal(diffPath('/dev/null'), undefined);
    assert.equal(diffPath('b/my file.txt\t'), 'my file.txt');
  });
});

describe('--history: line ends', () => {
  let root: string;
  const c: string[] = [];
  const rules = loadRules();
  const k = {
    cr: gen('secrets/openai-project-key', 31),
    crIgnored: gen('secrets/xai-api-key', 32),
    crlf: gen('secrets/groq-api-key', 33),
    lf: gen('secrets/perplexity-api-key', 34),
    mixed: gen('secrets/huggingface-user-token', 35),
    decoy: gen('secrets/anthropic-api-key', 36),
    wide: gen('secrets/nvidia-api-key', 37),
  };
  const files = {
    // Old Mac line ends: one git line holds five editor lines; the key is on the third, and the
    // second key is ignored by the comment on the line above it, inside the same git line.
    'cr.env': `# app\rDEBUG=1\rOPENAI_API_KEY=${k.cr}\r# lantern-ignore\rXAI_API_KEY=${k.crIgnored}\r`,
    'crlf.env': `# app\r\nDEBUG=1\r\nGROQ_API_KEY=${k.crlf}\r\n`,
    'lf.env': `# app\nDEBUG=1\nPPLX_API_KEY=${k.lf}\n`,
    // Three editor lines in git's line 1; the key is added later as git's line 2: editor line 4.
    'mixed.txt': 'a\rb\rc\n',
    // A `+` right after a lone CR: part of the line `x<CR>+…`, whose deletion is no added line.
    'decoy.txt': `x\r+ANTHROPIC_API_KEY=${k.decoy}\n`,
    // Multi-byte characters across the chunks of git's output keep their columns.
    'wide.txt': `${'€'.repeat(100_000)} k=${k.wide}\n`,
  };
  before(() => {
    root = makeTree(files);
    git(root, 'init', '-q', '-b', 'main');
    git(root, 'add', '-A');
    git(root, 'commit', '-q', '-m', 'one');
    c.push(git(root, 'rev-parse', 'HEAD'));
    writeFileSync(join(root, 'mixed.txt'), `a\rb\rc\nHF_TOKEN=${k.mixed}\n`);
    git(root, 'commit', '-q', '-am', 'two');
    c.push(git(root, 'rev-parse', 'HEAD'));
    writeFileSync(join(root, 'decoy.txt'), 'y\n');
    git(root, 'commit', '-q', '-am', 'three');
    c.push(git(root, 'rev-parse', 'HEAD'));
  });
  after(() => removeTree(root));

  const where = (f: { ruleId: string; location: { path: string; line?: number; column?: number } }) => `${f.ruleId} ${f.location.path}:${f.location.line}:${f.location.column}`;

  it('a key after a lone CR is found, on its editor line; CRLF and LF files as before', async () => {
    const h = await scanHistory(root, rules);
    assert.deepEqual(h.findings.map(where).sort(), [
      'secrets/anthropic-api-key decoy.txt:2:20',
      'secrets/groq-api-key crlf.env:3:14',
      'secrets/huggingface-user-token mixed.txt:4:10',
      'secrets/nvidia-api-key wide.txt:1:100004',
      'secrets/openai-project-key cr.env:3:16',
      'secrets/perplexity-api-key lf.env:3:14',
    ]);
    assert.equal(h.findings.find((f) => f.location.path === 'mixed.txt')?.properties?.['lantern:commit'], c[1]);
    assert.deepEqual(h.providers.filter((p) => p.path === 'mixed.txt' || p.path === 'cr.env').map((p) => `${p.provider} ${p.path}:${p.line}:${p.column}`).sort(), ['huggingface mixed.txt:4:10', 'openai cr.env:3:16']);
    const all = JSON.stringify(h);
    for (const key of Object.values(k)) assert.ok(!all.includes(key.slice(8, 20)), 'no key material in the output');
  });

  it('history and tree findings of the same key in the same file agree on its position', async () => {
    const tree = await scan({ root, threads: 1 });
    const h = await scanHistory(root, rules);
    const inTree = new Map(tree.findings.map((f) => [f.fingerprint, f.location]));
    const both = h.findings.filter((f) => inTree.has(f.fingerprint));
    assert.deepEqual(both.map((f) => f.location.path).sort(), ['cr.env', 'crlf.env', 'lf.env', 'mixed.txt', 'wide.txt']);
    for (const f of both) assert.deepEqual(f.location, inTree.get(f.fingerprint), f.location.path);
  });

  it('decoy: a `+` after a lone CR in a deleted line is no added line', async () => {
    const h = await scanHistory(root, rules, { since: c[1] as string });
    assert.equal(h.commits, 1);
    assert.deepEqual(h.findings.map(where), []);
  });
});
