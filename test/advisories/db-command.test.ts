import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CommanderError } from 'commander';
import { dbCommand, statusWarnings, writeRecords, type StatusReport } from '../../src/cli/db.js';
import { readSnapshot } from '../../src/advisories/embedded.js';
import { AdvisoryStore, SCHEMA_VERSION, type FeedState } from '../../src/advisories/store.js';
import { GHSA_887C_NEW, tempDirs } from './helpers.js';

const dirs = tempDirs();
after(() => dirs.cleanup());

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function db(args: string[]): Promise<Run> {
  const run: Run = { code: 0, stdout: '', stderr: '' };
  const cmd = dbCommand({ stdout: (s) => (run.stdout += s), stderr: (s) => (run.stderr += s), env: {} });
  try {
    await cmd.parseAsync(args, { from: 'user' });
  } catch (e) {
    if (!(e instanceof CommanderError)) throw e;
    run.code = e.exitCode;
  }
  return run;
}

const shipped = readSnapshot();

describe('lantern db (programmatic)', () => {
  it('import creates the database with the snapshot, imports a directory, and reports it; status --json shows both feeds', async () => {
    const file = join(dirs.make(), 'adv.db');
    const src = dirs.make();
    mkdirSync(join(src, 'torch'));
    writeFileSync(join(src, 'torch', 'GHSA-887c-mr87-cxwp.json'), JSON.stringify(GHSA_887C_NEW));
    const imp = await db(['import', src, '--db', file]);
    assert.equal(imp.code, 0, imp.stderr);
    assert.match(imp.stdout, /osv-dir, feed osv-dir:[0-9a-f]{16}: 1 read, 0 new, 1 updated, 0 unchanged, 0 deleted, 0 skipped, 0 warnings/);
    const st = await db(['status', '--db', file, '--json']);
    assert.equal(st.code, 0, st.stderr);
    const report = JSON.parse(st.stdout) as StatusReport;
    assert.equal(report.file, file);
    assert.equal(report.stats.schemaVersion, SCHEMA_VERSION);
    assert.equal(report.embedded.shipped, shipped.snapshotDate);
    assert.deepEqual(report.feeds.map((f) => [f.feed.replace(/:.*/, ''), f.status]), [['embedded', 'ok'], ['osv-dir', 'ok']]);
    assert.equal(report.stats.advisories, shipped.records.length);
    const text = await db(['status', '--db', file]);
    assert.match(text.stdout, /^advisory database: .*adv\.db \(\d+ KB\), schema \d+\n/);
    assert.match(text.stdout, /\n {2}embedded {2}ok {2}\d+ advisories {2}updated /);
  });

  it('keeps importing the other paths when one fails, and exits 2', async () => {
    const file = join(dirs.make(), 'adv.db');
    const good = join(dirs.make(), 'one.json');
    writeFileSync(good, JSON.stringify(GHSA_887C_NEW));
    const r = await db(['import', join(dirs.make(), 'missing.zip'), good, '--db', file]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /lantern: cannot read .*missing\.zip \(ENOENT\)/);
    assert.match(r.stdout, /one\.json: osv-file/);
  });

  const usage: { name: string; args: (d: string) => string[]; stderr: RegExp }[] = [
    { name: '--feed with two paths', args: (d) => ['import', d, d, '--feed', 'x', '--db', join(d, 'a.db')], stderr: /--feed names the feed of one import/ },
    { name: 'an unknown advisory type for update', args: (d) => ['update', '--types', 'reviewed,bogus', '--db', join(d, 'a.db')], stderr: /--types takes reviewed and malware, not bogus/ },
    { name: 'status of a --db that does not exist', args: (d) => ['status', '--db', join(d, 'none.db')], stderr: /no advisory database at .*none\.db; create it with `lantern db update --db/ },
    { name: 'status of a file that is not a database', args: (d) => (writeFileSync(join(d, 'x.db'), 'hello'), ['status', '--db', join(d, 'x.db')]), stderr: /x\.db is not a usable Lantern advisory database \(it is not a SQLite file\)/ },
  ];
  for (const u of usage) {
    it(`exits 2 with a clear message for ${u.name}`, async () => {
      const r = await db(u.args(dirs.make()));
      assert.equal(r.code, 2);
      assert.match(r.stderr, u.stderr);
      assert.doesNotMatch(r.stderr, /internal error/);
    });
  }

  it('exports every record as a JSON array or JSON lines, to stdout or a file, in id order', async () => {
    const dir = dirs.make();
    const file = join(dir, 'adv.db');
    assert.equal((await db(['import', join(dirs.make(), 'none'), '--db', file])).code, 2, 'a failed import still leaves the snapshot database behind');
    const store = AdvisoryStore.open(file, { readonly: true });
    const expected = store.exportRecords();
    store.close();
    const asJson = await db(['export', '--db', file]);
    assert.deepEqual(JSON.parse(asJson.stdout), expected);
    const out = join(dir, 'all.jsonl');
    const asLines = await db(['export', '--db', file, '--format', 'jsonl', '-o', out]);
    assert.match(asLines.stderr, new RegExp(`wrote ${expected.length} advisories`));
    assert.deepEqual(readFileSync(out, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l)), expected);
    // And back: an export imported into another database gives the same records.
    const copy = join(dir, 'copy.db');
    assert.equal((await db(['import', out, '--db', copy])).code, 0);
    const other = AdvisoryStore.open(copy, { readonly: true });
    assert.deepEqual(other.exportRecords(), expected);
    other.close();
  });

  it('writes an empty export as valid JSON', () => {
    let s = '';
    writeRecords([], 'json', (x) => (s += x));
    assert.deepEqual(JSON.parse(s), []);
  });
});

describe('statusWarnings', () => {
  const now = new Date('2026-11-21T00:00:00Z');
  const feed = (f: Partial<FeedState> & { feed: string }): FeedState => ({ count: 1, ...f });
  const cases: { name: string; feeds: FeedState[]; inMemory?: boolean; expect: RegExp[] }[] = [
    { name: 'nothing to say', feeds: [feed({ feed: 'embedded', status: 'ok', revision: '2026-11-01T00:00:00Z' }), feed({ feed: 'osv:PyPI', status: 'ok', finishedAt: '2026-11-20T00:00:00Z' })], expect: [] },
    { name: 'an interrupted import', feeds: [feed({ feed: 'osv:PyPI', status: 'partial', startedAt: '2026-11-20T10:00:00Z' })], expect: [/osv:PyPI: the last import or sync is incomplete \(started 2026-11-20T10:00:00Z\); run it again/] },
    { name: 'a failed sync', feeds: [feed({ feed: 'ghsa-rest:reviewed', status: 'failed', finishedAt: '2026-11-20T10:00:00Z' })], expect: [/ghsa-rest:reviewed: the last import or sync failed at 2026-11-20T10:00:00Z/] },
    { name: 'a stale feed', feeds: [feed({ feed: 'osv:PyPI', status: 'ok', finishedAt: '2026-09-01T00:00:00Z' })], expect: [/osv:PyPI: last refreshed 81 days ago/] },
    { name: 'an old snapshot alone', feeds: [feed({ feed: 'embedded', status: 'ok', revision: '2026-01-01T00:00:00Z' })], expect: [/only the built-in snapshot of 2026-01-01 \(324 days old\)/] },
    { name: 'an old snapshot next to fresh feeds', feeds: [feed({ feed: 'embedded', status: 'ok', revision: '2026-01-01T00:00:00Z' }), feed({ feed: 'ossf-mal', status: 'ok', finishedAt: '2026-11-20T00:00:00Z' })], expect: [] },
    { name: 'an in-memory fallback', feeds: [], inMemory: true, expect: [/cannot be written; scans use an in-memory copy/] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const w = statusWarnings(c.feeds, now, c.inMemory ?? false);
      assert.equal(w.length, c.expect.length, w.join('\n'));
      c.expect.forEach((re, i) => assert.match(w[i] ?? '', re));
    });
  }
});
