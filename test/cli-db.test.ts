/**
 * The advisory database from the built CLI, as a user runs it: `db status` on a fresh database
 * (filled from the built-in snapshot), `db update` against a local server that answers like
 * GitHub's advisories API, `db export` and `db import` round-trips, `scan --db` matching what was
 * synced, and clear exit-2 errors for a missing or broken database.
 */
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, makeTree, removeTree } from './support/paths.js';
import { lantern } from './support/run.js';
import { sampleAdvisories, startFakeGithub } from './support/fake-github.js';

const dir = mkdtempSync(join(tmpdir(), 'lantern-cli-db-'));
const env = { LANTERN_DB: '', XDG_CACHE_HOME: join(dir, 'cache'), GITHUB_TOKEN: '', GH_TOKEN: '' };
after(() => rmSync(dir, { recursive: true, force: true }));

/** The CLI in a child process without blocking this one (the fake server answers from here). */
function lanternAsync(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

describe('lantern db', () => {
  it('status on a fresh database shows the built-in snapshot', () => {
    const db = join(dir, 'fresh.db');
    writeFileSync(db, '');
    rmSync(db);
    const r = lantern(['db', 'status', '--json'], { env });
    assert.equal(r.code, 0, r.stderr);
    const s = JSON.parse(r.stdout) as { stats: { advisories: number }; embedded: { shipped?: string } };
    assert.ok(s.stats.advisories > 100, r.stdout);
    assert.match(s.embedded.shipped ?? '', /^\d{4}-\d{2}-\d{2}/);
  });

  it('update syncs from the GitHub API; scan --db then reports what it brought', async () => {
    const gh = await startFakeGithub({ advisories: sampleAdvisories(), maxPerPage: 2 });
    try {
      const db = join(dir, 'synced.db');
      const up = await lanternAsync(['db', 'update', '--db', db, '--base-url', gh.url]);
      assert.equal(up.code, 0, up.stderr);
      assert.ok(gh.requests.some((q) => q.query.type === 'malware'), 'malware is asked for');
      const st = lantern(['db', 'status', '--db', db, '--json'], { env });
      const feeds = (JSON.parse(st.stdout) as { feeds: { feed: string; status?: string }[] }).feeds;
      assert.ok(feeds.some((f) => f.feed.startsWith('ghsa-rest:') && f.status === 'ok'), st.stdout);
      const root = makeTree({ 'package-lock.json': JSON.stringify({ name: 'x', lockfileVersion: 3, packages: { '': { dependencies: { '@langchain/core': '0.3.10' } }, 'node_modules/@langchain/core': { version: '0.3.10' } } }), 'package.json': JSON.stringify({ name: 'x', dependencies: { '@langchain/core': '0.3.10' } }), 'a.ts': 'import { ChatPromptTemplate } from "@langchain/core/prompts";\n' });
      try {
        const scan = lantern(['scan', root, '--db', db, '-f', 'json', '--fail-on', 'none'], { env });
        assert.equal(scan.code, 0, scan.stderr);
        const found = (JSON.parse(scan.stdout) as { findings: { ruleId: string; message: string }[] }).findings;
        assert.ok(found.some((f) => f.ruleId === 'advisory/vulnerable-package' && f.message.includes('GHSA-r399-636x-v7f6')), JSON.stringify(found.map((f) => f.message)));
        const gate = lantern(['scan', root, '--db', db, '-f', 'json', '--fail-on', 'high'], { env });
        assert.equal(gate.code, 1, '--fail-on applies to advisory matches');
      } finally {
        removeTree(root);
      }
    } finally {
      await gh.close();
    }
  });

  it('export then import into another database gives the same records', () => {
    const a = join(dir, 'a.db');
    const out = join(dir, 'export.json');
    assert.equal(lantern(['db', 'status', '--db', a], { env }).code, 2, 'a --db that does not exist is an error');
    const imp0 = lantern(['db', 'import', '--db', a, join(dir, 'nothing-here')], { env });
    assert.equal(imp0.code, 2);
    const exp = lantern(['db', 'export', '-o', out], { env });
    assert.equal(exp.code, 0, exp.stderr);
    const imp = lantern(['db', 'import', '--db', a, out], { env });
    assert.equal(imp.code, 0, imp.stderr);
    const again = lantern(['db', 'export', '--db', a], { env });
    const ids = (s: string) => (JSON.parse(s) as { id: string }[]).map((r) => r.id);
    assert.deepEqual(ids(again.stdout), ids(lantern(['db', 'export'], { env }).stdout));
  });

  it('a corrupt database is a clear error with exit 2, for db and for scan', () => {
    const bad = join(dir, 'bad.db');
    writeFileSync(bad, 'this is not a database, just some text that is long enough to look like a header'.repeat(100));
    const st = lantern(['db', 'status', '--db', bad], { env });
    assert.equal(st.code, 2);
    assert.match(st.stderr, /bad\.db/);
    const root = makeTree({ 'requirements.txt': 'torch==2.5.1\n' });
    try {
      const r = lantern(['scan', root, '--db', bad, '-f', 'json'], { env });
      assert.equal(r.code, 2);
      assert.match(r.stderr, /^lantern: .*bad\.db/m);
      assert.doesNotMatch(r.stderr, /internal error|\n\s+at /);
    } finally {
      removeTree(root);
    }
  });
});
