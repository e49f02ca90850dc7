import { after, afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AdvisoryStore, type FeedState } from '../../src/advisories/store.js';
import { GithubSyncError, syncGithub, type SyncOptions } from '../../src/advisories/sync/github.js';
import { restToOsv } from '../../src/advisories/sync/ghsa-rest.js';
import { sampleAdvisories, startFakeGithub, type FakeGithub, type FakeGithubOptions, type Fault } from '../support/fake-github.js';

const dirs: string[] = [];
const open: { close(): unknown }[] = [];

after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
});

function freshStore(): AdvisoryStore {
  const dir = mkdtempSync(join(tmpdir(), 'lantern-sync-'));
  dirs.push(dir);
  const store = AdvisoryStore.open(join(dir, 'advisories.db'));
  open.push(store);
  return store;
}

async function fake(opts: FakeGithubOptions = {}): Promise<FakeGithub> {
  const f = await startFakeGithub({ maxPerPage: 2, ...opts });
  open.push(f);
  return f;
}

/** Fast retries, no token from the environment, and the log kept for assertions. */
function options(f: FakeGithub, extra: SyncOptions = {}): SyncOptions & { lines: string[] } {
  const lines: string[] = [];
  return { baseUrl: f.url, token: '', retries: 2, maxRetryAfterSeconds: 0.05, log: (m) => lines.push(m), lines, ...extra };
}

const ids = (store: AdvisoryStore): string[] => store.exportRecords().map((r) => r.id);
const withoutTimes = (states: FeedState[]): FeedState[] => states.map(({ startedAt: _s, finishedAt: _f, ...rest }) => rest);
const REVIEWED = sampleAdvisories().filter((a) => a.type === 'reviewed');

describe('syncGithub: full sync', () => {
  it('stores every advisory of both feeds as OSV, page by page', async () => {
    const f = await fake();
    const store = freshStore();
    const result = await syncGithub(store, options(f));

    assert.deepEqual(result, { pages: 4, upserted: 7, unchanged: 0, feeds: ['ghsa-rest:reviewed', 'ghsa-rest:malware'] });
    assert.deepEqual(ids(store), sampleAdvisories().map((a) => a.ghsa_id).sort());
    for (const adv of sampleAdvisories()) assert.deepEqual(store.advisory(adv.ghsa_id), restToOsv(adv), adv.ghsa_id);

    const events = (eco: string, name: string): unknown => store.lookup(eco, name).map((r) => r.affected.ranges?.[0]?.events);
    assert.deepEqual(events('PyPI', 'langchain_core'), [
      [{ introduced: '1.0.0' }, { fixed: '1.2.5' }],
      [{ introduced: '0' }, { fixed: '0.3.81' }],
    ]);
    assert.deepEqual(events('npm', '@langchain/core'), [
      [{ introduced: '1.0.0' }, { fixed: '1.1.8' }],
      [{ introduced: '0' }, { fixed: '0.3.80' }],
    ]);
    assert.deepEqual(events('npm', 'langchain'), [
      [{ introduced: '1.0.0' }, { fixed: '1.2.3' }],
      [{ introduced: '0' }, { fixed: '0.3.37' }],
    ]);
    assert.deepEqual(
      store.lookup('PyPI', 'torch').map((r) => [r.advisoryId, r.affected.ranges?.[0]?.events]),
      [
        ['GHSA-53q9-r3pm-6pq6', [{ introduced: '0' }, { fixed: '2.6.0' }]],
        ['GHSA-887c-mr87-cxwp', [{ introduced: '0' }, { last_affected: '2.7.1' }]],
      ],
    );

    const malware = store.lookup('PyPI', 'deepseeek');
    assert.deepEqual(malware.map((r) => [r.advisoryId, r.kind]), [['GHSA-6x5v-rqc3-3fwq', 'malware']]);
    assert.deepEqual(store.lookup('PyPI', 'vllm').map((r) => r.withdrawn), ['2025-02-03T20:05:55Z']);
    const stats = store.stats();
    assert.deepEqual(stats.byKind, { malware: 1, vuln: 6 });
    assert.equal(stats.withdrawn, 1);
    assert.deepEqual(store.aliasesOf('CVE-2025-68665'), ['GHSA-r399-636x-v7f6']);

    assert.deepEqual(withoutTimes(store.feeds()), [
      { feed: 'ghsa-rest:malware', count: 1, url: '/advisories?type=malware', highWaterModified: '2025-01-30T09:12:40Z', status: 'ok' },
      { feed: 'ghsa-rest:reviewed', count: 6, url: '/advisories?type=reviewed', highWaterModified: '2025-12-24T02:07:41Z', status: 'ok' },
    ]);
    for (const state of store.feeds()) assert.ok(state.startedAt && state.finishedAt, 'run times recorded');
  });

  it('asks GitHub the documented way: oldest first, 100 a page, following the after cursor', async () => {
    const f = await fake();
    await syncGithub(freshStore(), options(f));
    assert.deepEqual(
      f.requests.map((r) => [r.path, r.query.type, r.query.sort, r.query.direction, r.query.per_page, r.query.modified, r.status]),
      Array.from({ length: 4 }, (_, i) => ['/advisories', i < 3 ? 'reviewed' : 'malware', 'updated', 'asc', '100', undefined, 200]),
    );
    assert.deepEqual(f.requests.map((r) => r.query.after !== undefined), [false, true, true, false]);
    assert.equal(f.requests.some((r) => r.authorization !== undefined), false);
  });

  it('syncs only the asked types and ecosystems, one feed each', async () => {
    const f = await fake();
    const store = freshStore();
    const result = await syncGithub(store, options(f, { types: ['reviewed'], ecosystems: ['npm'] }));
    assert.deepEqual(result.feeds, ['ghsa-rest:reviewed:npm']);
    assert.deepEqual(ids(store), ['GHSA-r399-636x-v7f6']);
    assert.deepEqual(f.requests.map((r) => [r.query.type, r.query.ecosystem]), [['reviewed', 'npm']]);
    assert.equal(store.getFeedState('ghsa-rest:reviewed:npm')?.url, '/advisories?type=reviewed&ecosystem=npm');
  });

  it('refuses an ecosystem GitHub does not have before sending anything', async () => {
    const f = await fake();
    await assert.rejects(syncGithub(freshStore(), options(f, { ecosystems: ['pypi'] })), /unknown GitHub advisory ecosystem "pypi"; use one of pip, npm/);
    assert.equal(f.requests.length, 0);
  });
});

describe('syncGithub: incremental', () => {
  it('asks only for what changed since the high-water mark minus the overlap, and rewrites what did change', async () => {
    const f = await fake();
    const store = freshStore();
    await syncGithub(store, options(f));

    let n = f.requests.length;
    const second = await syncGithub(store, options(f));
    assert.deepEqual(
      f.requests.slice(n).map((r) => [r.query.type, r.query.modified]),
      [
        ['reviewed', '>=2025-12-24T01:07:41Z'],
        ['malware', '>=2025-01-30T08:12:40Z'],
      ],
    );
    // The overlap re-reads the two langchain advisories and the malware one: all unchanged.
    assert.deepEqual(second, { pages: 2, upserted: 0, unchanged: 3, feeds: ['ghsa-rest:reviewed', 'ghsa-rest:malware'] });
    assert.equal(store.getFeedState('ghsa-rest:reviewed')?.url, '/advisories?type=reviewed&modified=%3E%3D2025-12-24T01%3A07%3A41Z');

    // Upstream fixes the torch ctc_loss advisory: last_affected 2.7.1 becomes fixed in 2.8.0.
    const torch = f.advisories.find((a) => a.ghsa_id === 'GHSA-887c-mr87-cxwp')!;
    torch.updated_at = '2026-01-05T10:00:00Z';
    torch.vulnerabilities = [{ package: { ecosystem: 'pip', name: 'torch' }, vulnerable_version_range: '< 2.8.0', first_patched_version: '2.8.0', vulnerable_functions: [] }];
    n = f.requests.length;
    const third = await syncGithub(store, options(f, { types: ['reviewed'], overlapMinutes: 0 }));
    assert.equal(f.requests[n]?.query.modified, '>=2025-12-24T02:07:41Z');
    assert.deepEqual([third.upserted, third.unchanged], [1, 2]);
    assert.deepEqual(
      store.lookup('PyPI', 'torch').map((r) => r.affected.ranges?.[0]?.events),
      [
        [{ introduced: '0' }, { fixed: '2.6.0' }],
        [{ introduced: '0' }, { fixed: '2.8.0' }],
      ],
    );
    assert.equal(store.getFeedState('ghsa-rest:reviewed')?.highWaterModified, '2026-01-05T10:00:00Z');
  });
});

describe('syncGithub: rate limits', () => {
  const faults: { name: string; fault: Fault; status: number }[] = [
    { name: 'primary rate limit (403, x-ratelimit-remaining 0)', fault: { kind: 'rate-limit', atRequest: 2 }, status: 403 },
    { name: 'secondary rate limit (403, retry-after)', fault: { kind: 'secondary-rate-limit', atRequest: 2, retryAfterSeconds: 30 }, status: 403 },
    { name: '429 with retry-after: 1', fault: { kind: 'too-many-requests', atRequest: 2 }, status: 429 },
  ];
  for (const c of faults) {
    it(`waits out a ${c.name} (capped) and retries the same page`, async () => {
      const f = await fake({ faults: [c.fault] });
      const store = freshStore();
      const opts = options(f);
      const result = await syncGithub(store, opts);
      assert.equal(result.upserted, 7);
      assert.deepEqual(f.requests.map((r) => r.status), [200, c.status, 200, 200, 200]);
      assert.equal(f.requests[2]?.query.after, f.requests[1]?.query.after, 'the retry asks for the same page');
      assert.equal(opts.lines.filter((l) => /rate limit on GET \/advisories: waiting 0\.05s \(the server asked for \d+s\) before retry 1 of 2/.test(l)).length, 1, opts.lines.join('\n'));
    });
  }

  it('gives up with a clear error once the retries are spent, keeping what was committed', async () => {
    const f = await fake({ faults: [{ kind: 'rate-limit', atRequest: 2, times: 100 }] });
    const store = freshStore();
    const opts = options(f, { retries: 1 });
    await assert.rejects(syncGithub(store, opts), (err: unknown) => {
      assert.ok(err instanceof GithubSyncError);
      assert.equal(err.feed, 'ghsa-rest:reviewed');
      assert.equal(err.status, 403);
      assert.match(err.message, /^advisory sync of ghsa-rest:reviewed failed: GitHub rate limit \(403\) still hit after 1 retry; the limit resets at \d{4}-.*; set GITHUB_TOKEN for a higher limit\. 1 page\(s\) committed before it are kept; run it again to resume\.$/);
      return true;
    });
    assert.equal(f.requests.length, 3);
    assert.equal(ids(store).length, 2);
    assert.ok(opts.lines.some((l) => /giving up after 1 retry/.test(l)));
  });
});

describe('syncGithub: interrupted and resumed', () => {
  it('a connection dropped once is retried by the client', async () => {
    const f = await fake({ faults: [{ kind: 'drop', atRequest: 3 }] });
    const opts = options(f);
    const result = await syncGithub(freshStore(), opts);
    assert.equal(result.upserted, 7);
    assert.deepEqual(f.requests.map((r) => r.status), [200, 200, 0, 200, 200]);
    assert.ok(opts.lines.some((l) => /^network error on GET http:\/\/127\.0\.0\.1:\d+\/advisories\?/.test(l)), opts.lines.join('\n'));
  });

  it('dies with a clear error, keeps whole pages and the cursor, and the next run resumes to the same database', async () => {
    const f = await fake({ faults: [{ kind: 'drop', atRequest: 2, times: 100 }] });
    const store = freshStore();
    await assert.rejects(syncGithub(store, options(f, { retries: 1 })), (err: unknown) => {
      assert.ok(err instanceof GithubSyncError);
      assert.equal(err.status, 500);
      assert.match(err.message, /^advisory sync of ghsa-rest:reviewed failed: network error: .+ \(after 1 retry\)\. 1 page\(s\) committed before it are kept; run it again to resume\.$/);
      return true;
    });
    assert.deepEqual(f.requests.map((r) => r.status), [200, 0, 0]);
    // Page one (the two oldest reviewed advisories) is committed with the cursor to page two.
    assert.deepEqual(ids(store), ['GHSA-37q5-v5qm-c9v8', 'GHSA-9w8f-p4vj-6h2c']);
    const saved = store.getFeedState('ghsa-rest:reviewed');
    assert.equal(saved?.status, 'partial');
    assert.equal(saved?.highWaterModified, '2025-02-03T20:05:55Z');
    assert.ok(saved?.cursor, 'a cursor is saved');
    assert.equal(saved?.cursor, f.requests[1]?.query.after);
    assert.equal(store.getFeedState('ghsa-rest:malware'), undefined);

    f.faults = [];
    const n = f.requests.length;
    const opts = options(f);
    const resumed = await syncGithub(store, opts);
    const first = f.requests[n]!;
    assert.equal(first.query.after, saved?.cursor, 'the resumed run starts at the saved cursor');
    assert.equal(first.query.modified, undefined, 'with the same (unfiltered) query');
    assert.ok(opts.lines.some((l) => l.startsWith('ghsa-rest:reviewed: resuming an interrupted sync')));
    assert.deepEqual([resumed.pages, resumed.upserted], [3, 5]);

    const clean = freshStore();
    const g = await fake();
    await syncGithub(clean, options(g));
    assert.deepEqual(store.exportRecords(), clean.exportRecords());
    assert.deepEqual(withoutTimes(store.feeds()), withoutTimes(clean.feeds()));
  });

  it('an unreadable saved resume query starts over instead of resuming', async () => {
    const f = await fake();
    const store = freshStore();
    store.setFeedState({ feed: 'ghsa-rest:reviewed', status: 'partial', cursor: 'Y3Vyc29yOnYyOg==', url: '/advisories?type=malware' });
    const opts = options(f, { types: ['reviewed'] });
    const result = await syncGithub(store, opts);
    assert.equal(f.requests[0]?.query.after, undefined);
    assert.equal(result.upserted, REVIEWED.length);
    assert.ok(opts.lines.some((l) => /saved resume query is unreadable/.test(l)));
    assert.equal(store.getFeedState('ghsa-rest:reviewed')?.cursor, undefined);
  });
});

describe('syncGithub: authentication and GitHub Enterprise', () => {
  it('sends the token, from the option or from GITHUB_TOKEN', async () => {
    const f = await fake({ token: 'ghp_fixture' });
    await syncGithub(freshStore(), options(f, { token: 'ghp_fixture', types: ['malware'] }));
    const saved = process.env.GITHUB_TOKEN;
    process.env.GITHUB_TOKEN = 'ghp_fixture';
    try {
      const { token: _t, ...fromEnv } = options(f, { types: ['malware'] });
      await syncGithub(freshStore(), fromEnv);
    } finally {
      if (saved === undefined) delete process.env.GITHUB_TOKEN;
      else process.env.GITHUB_TOKEN = saved;
    }
    assert.deepEqual(f.requests.map((r) => [r.authorization, r.status]), [
      ['token ghp_fixture', 200],
      ['token ghp_fixture', 200],
    ]);
  });

  it('a refused token is a clear error, not a retry loop', async () => {
    const f = await fake({ token: 'ghp_fixture' });
    await assert.rejects(syncGithub(freshStore(), options(f, { token: 'ghp_wrong' })), /failed: GitHub refused the credentials \(401 Bad credentials.*check GITHUB_TOKEN\. Nothing was committed for it in this run\.$/);
    assert.equal(f.requests.length, 1);
  });

  it('works against a GitHub Enterprise Server base URL (/api/v3)', async () => {
    const f = await fake({ basePath: '/api/v3' });
    assert.match(f.url, /\/api\/v3$/);
    const store = freshStore();
    const result = await syncGithub(store, options(f, { baseUrl: `${f.url}/` }));
    assert.equal(result.upserted, 7);
    assert.ok(f.requests.every((r) => r.path === '/api/v3/advisories'));
    const wrong = await fake({ basePath: '/api/v3' });
    await assert.rejects(syncGithub(freshStore(), options(wrong, { baseUrl: wrong.url.replace(/\/api\/v3$/, '') })), /GitHub answered 404: Not Found/);
  });
});
