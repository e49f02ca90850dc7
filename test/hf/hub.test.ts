import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { CACHE_SCHEMA_VERSION, HubCache, HubCacheError } from '../../src/hf/cache.js';
import { MAX_FILES, MAX_RETRY_AFTER_MS, parseRetryAfter, vetKey, vetModels, weightKind, type HubModelInfo, type VetOptions, type VetRequest, type WeightFiles } from '../../src/hf/hub.js';
import { startFakeHub, type FakeHub, type FakeModel } from '../support/fake-hub.js';

// The defaults read these; a developer's own token must not reach the fake or change answers.
delete process.env.HF_TOKEN;
delete process.env.HUGGING_FACE_HUB_TOKEN;
delete process.env.HF_ENDPOINT;

const SHA_MAIN = 'a'.repeat(40);
const SHA_TAG = 'b'.repeat(40);
const SHA_COMMIT = '0123456789abcdef0123456789abcdef01234567';
const SHA_PR = 'c'.repeat(40);
const TOKEN_GATED = 'hf_GatedAccessGrantedToken0123456789';
const TOKEN_PRIVATE = 'hf_PrivateRepoReaderToken0123456789';
const TOKEN_OTHER = 'hf_ValidButUnrelatedToken0123456789';

const SAFE: FakeModel = {
  id: 'acme/safe-model',
  revisions: { main: SHA_MAIN, 'v1.0': SHA_TAG, [SHA_COMMIT]: SHA_COMMIT, 'refs/pr/1': SHA_PR },
  files: ['.gitattributes', 'README.md', 'config.json', 'model.safetensors', 'tokenizer.json'],
  license: 'apache-2.0',
  author: 'acme',
  pipelineTag: 'text-generation',
  libraryName: 'transformers',
  downloads: 1234,
};
const PICKLE: FakeModel = {
  id: 'acme/pickle-model',
  revisions: { main: SHA_MAIN },
  files: ['config.json', 'pytorch_model.bin', 'training_args.bin', 'vocab.txt'],
  tags: ['pytorch', 'license:mit'],
};
const GATED: FakeModel = { id: 'meta/gated-model', revisions: { main: SHA_MAIN }, files: ['config.json', 'model.safetensors'], gated: 'manual', granted: [TOKEN_GATED] };
const PRIVATE: FakeModel = { id: 'acme/private-model', revisions: { main: SHA_MAIN }, files: ['model.gguf'], private: true, granted: [TOKEN_PRIVATE] };
const SCANNED: FakeModel = {
  id: 'evil/scanned',
  revisions: { main: SHA_MAIN },
  files: ['a.bin', 'b.pkl', 'c.py', 'd.bin'],
  securityRepoStatus: {
    scansDone: true,
    filesWithIssues: [
      { path: 'a.bin', level: 'unsafe' },
      { path: 'b.pkl', level: 'suspicious' },
      { path: 'c.py', level: 'caution' },
      { path: 'd.bin', level: 'some-future-level' },
    ],
  },
};
const BUSY: FakeModel = { id: 'acme/busy', revisions: { main: SHA_MAIN }, files: ['model.onnx'], rateLimitOnce: 1 };
const SLOW: FakeModel = { id: 'acme/slow', revisions: { main: SHA_MAIN }, hang: true };
const SLOW_BODY: FakeModel = { id: 'acme/slow-body', revisions: { main: SHA_MAIN }, hang: 'body' };
const DISABLED: FakeModel = { id: 'acme/disabled', revisions: { main: SHA_MAIN }, disabled: true };
const RENAMED: FakeModel = { id: 'acme/new-name', revisions: { main: SHA_MAIN }, files: ['model.safetensors'], formerIds: ['acme/old-name'] };
const BROKEN_JSON: FakeModel = { id: 'acme/broken-json', revisions: { main: SHA_MAIN }, body: `{"id": "acme/broken-json", "sha": "${SHA_MAIN.slice(0, 10)}` };
const NO_SHA: FakeModel = { id: 'acme/no-sha', revisions: { main: SHA_MAIN }, raw: { sha: 'main' } };
const HOSTILE: FakeModel = {
  id: 'acme/hostile',
  revisions: { main: SHA_MAIN },
  raw: {
    siblings: [{ rfilename: 5 }, null, 'x', { rfilename: 'ok.safetensors' }, { rfilename: '' }],
    cardData: 'nope',
    tags: 'nope',
    gated: 'weird',
    downloads: -3,
    author: 42,
    pipeline_tag: { $gt: '' },
    securityRepoStatus: { filesWithIssues: 'x' },
  },
};
const ALL = [SAFE, PICKLE, GATED, PRIVATE, SCANNED, BUSY, SLOW, SLOW_BODY, DISABLED, RENAMED, BROKEN_JSON, NO_SHA, HOSTILE];

const hubs: FakeHub[] = [];
const dirs: string[] = [];
after(async () => {
  await Promise.all(hubs.map((h) => h.close()));
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function hub(models: FakeModel[] = ALL, tokens: string[] = [TOKEN_OTHER]): Promise<FakeHub> {
  const h = await startFakeHub(models, { tokens });
  hubs.push(h);
  return h;
}

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'lantern-hub-'));
  dirs.push(d);
  return d;
}

/** Runs vetModels with test defaults: no token, short timeout, no cache unless given; collects warnings. */
async function vet(h: FakeHub, requests: VetRequest[], opts: VetOptions = {}): Promise<{ results: Map<string, HubModelInfo>; warnings: string[] }> {
  const warnings: string[] = [];
  const results = await vetModels(requests, { endpoint: h.url, token: null, timeoutMs: 5000, onWarning: (m) => warnings.push(m), ...opts });
  return { results, warnings };
}

function only(results: Map<string, HubModelInfo>, id: string, revision?: string): HubModelInfo {
  const info = results.get(vetKey(id, revision));
  assert.ok(info, `no result for ${vetKey(id, revision)}; have ${[...results.keys()].join(', ')}`);
  return info;
}

/** The info requests (not auth-checks) made since `from`. */
function infoRequests(h: FakeHub, from = 0): string[] {
  return h.requests.slice(from).map((r) => r.path).filter((p) => !p.includes('/auth-check'));
}

describe('vetModels: answers of the Hub', () => {
  it('reads an ok model with safetensors', async () => {
    const h = await hub();
    const { results, warnings } = await vet(h, [{ id: 'acme/safe-model' }], { now: () => Date.UTC(2025, 0, 2) });
    const info = only(results, 'acme/safe-model');
    assert.deepEqual(info, {
      id: 'acme/safe-model',
      status: 'ok',
      sha: SHA_MAIN,
      resolvedRevision: 'main',
      private: false,
      gated: false,
      files: SAFE.files,
      fileCount: 5,
      weights: { safetensors: ['model.safetensors'], pickle: [], gguf: [], onnx: [], other: [] },
      pickleOnly: false,
      license: 'apache-2.0',
      author: 'acme',
      lastModified: '2024-05-01T12:00:00.000Z',
      pipelineTag: 'text-generation',
      libraryName: 'transformers',
      downloads: 1234,
      securityScan: { scansDone: true, unsafe: [], suspicious: [] },
      fetchedAt: '2025-01-02T00:00:00.000Z',
      fromCache: false,
    });
    assert.deepEqual(warnings, []);
    assert.deepEqual(h.requests.map((r) => r.path), ['/api/models/acme/safe-model?securityStatus=true']);
    assert.equal(h.requests[0]?.headers.authorization, undefined);
    assert.match(String(h.requests[0]?.headers['user-agent']), /lantern/);
  });

  it('marks a pickle-only model and takes its license from a license: tag', async () => {
    const h = await hub();
    const info = only((await vet(h, [{ id: 'acme/pickle-model' }])).results, 'acme/pickle-model');
    assert.equal(info.status, 'ok');
    assert.deepEqual(info.weights?.pickle, ['pytorch_model.bin', 'training_args.bin']);
    assert.equal(info.pickleOnly, true);
    assert.equal(info.license, 'mit');
  });

  const gatedCases: { name: string; token: string | null; status: HubModelInfo['status']; error?: RegExp }[] = [
    { name: 'no token', token: null, status: 'gated', error: /no token was sent/ },
    { name: 'a token without access', token: TOKEN_OTHER, status: 'gated', error: /not been granted access/ },
    { name: 'a granted token', token: TOKEN_GATED, status: 'ok' },
  ];
  for (const c of gatedCases) {
    it(`gated model with ${c.name} → ${c.status}`, async () => {
      const h = await hub();
      const info = only((await vet(h, [{ id: 'meta/gated-model' }], { token: c.token })).results, 'meta/gated-model');
      assert.equal(info.status, c.status, info.error);
      if (c.error) assert.match(info.error ?? '', c.error);
      else assert.equal(info.error, undefined);
      // The metadata of a gated repo is public: the pin is known either way.
      assert.equal(info.sha, SHA_MAIN);
      assert.equal(info.gated, 'manual');
      assert.deepEqual(h.requests.map((r) => r.path), ['/api/models/meta/gated-model?securityStatus=true', '/api/models/meta/gated-model/auth-check']);
      for (const r of h.requests) assert.equal(r.headers.authorization, c.token === null ? undefined : `Bearer ${c.token}`);
    });
  }

  const privateCases: { name: string; token: string | null; status: HubModelInfo['status']; error?: RegExp }[] = [
    { name: 'no token', token: null, status: 'unauthorized', error: /no token was sent/ },
    { name: 'a token that cannot read it', token: TOKEN_OTHER, status: 'not-found', error: /token cannot read it/ },
    { name: 'a token that can', token: TOKEN_PRIVATE, status: 'ok' },
  ];
  for (const c of privateCases) {
    it(`private repo with ${c.name} → ${c.status}`, async () => {
      const h = await hub();
      const info = only((await vet(h, [{ id: 'acme/private-model' }], { token: c.token })).results, 'acme/private-model');
      assert.equal(info.status, c.status);
      if (c.error) {
        assert.match(info.error ?? '', c.error);
        assert.equal(info.sha, undefined);
      } else {
        assert.equal(info.private, true);
        assert.deepEqual(info.weights?.gguf, ['model.gguf']);
        assert.equal(info.pickleOnly, false);
      }
    });
  }

  const missingCases: { name: string; token: string | null; status: HubModelInfo['status']; error: RegExp }[] = [
    { name: 'a token', token: TOKEN_OTHER, status: 'not-found', error: /not found/ },
    { name: 'no token (the Hub hides private repos the same way)', token: null, status: 'unauthorized', error: /not found, or private or gated/ },
    { name: 'a token the Hub rejects', token: 'hf_NotAValidToken0000000000000000', status: 'unauthorized', error: /rejected the token/ },
  ];
  for (const c of missingCases) {
    it(`missing repo with ${c.name} → ${c.status}`, async () => {
      const h = await hub();
      const info = only((await vet(h, [{ id: 'nobody/nothing' }], { token: c.token })).results, 'nobody/nothing');
      assert.equal(info.status, c.status);
      assert.match(info.error ?? '', c.error);
      if (c.token !== null) assert.ok(!(info.error ?? '').includes(c.token), 'the token is not in the message');
    });
  }

  const revisionCases: { revision?: string; sha?: string; path: string; status?: HubModelInfo['status'] }[] = [
    { sha: SHA_MAIN, path: '/api/models/acme/safe-model?securityStatus=true' },
    { revision: 'v1.0', sha: SHA_TAG, path: '/api/models/acme/safe-model/revision/v1.0?securityStatus=true' },
    { revision: SHA_COMMIT, sha: SHA_COMMIT, path: `/api/models/acme/safe-model/revision/${SHA_COMMIT}?securityStatus=true` },
    { revision: 'refs/pr/1', sha: SHA_PR, path: '/api/models/acme/safe-model/revision/refs%2Fpr%2F1?securityStatus=true' },
    { revision: 'no-such-branch', status: 'not-found', path: '/api/models/acme/safe-model/revision/no-such-branch?securityStatus=true' },
  ];
  for (const c of revisionCases) {
    it(`revision ${c.revision ?? '(none)'} → ${c.sha ?? c.status}`, async () => {
      const h = await hub();
      const info = only((await vet(h, [{ id: 'acme/safe-model', revision: c.revision }])).results, 'acme/safe-model', c.revision);
      assert.deepEqual(h.requests.map((r) => r.path), [c.path]);
      if (c.sha) {
        assert.equal(info.status, 'ok');
        assert.equal(info.sha, c.sha);
        assert.equal(info.resolvedRevision, c.revision ?? 'main');
      } else {
        assert.equal(info.status, c.status);
        assert.match(info.error ?? '', /revision no-such-branch not found/);
      }
    });
  }

  it("parses the Hub's security scan", async () => {
    const h = await hub();
    const info = only((await vet(h, [{ id: 'evil/scanned' }])).results, 'evil/scanned');
    assert.deepEqual(info.securityScan, { scansDone: true, unsafe: ['a.bin'], suspicious: ['b.pkl', 'd.bin'], caution: ['c.py'] });
    assert.equal(info.pickleOnly, true);
  });

  it('reports a disabled repo as not found and disabled', async () => {
    const h = await hub();
    const info = only((await vet(h, [{ id: 'acme/disabled' }])).results, 'acme/disabled');
    assert.equal(info.status, 'not-found');
    assert.equal(info.disabled, true);
    assert.match(info.error ?? '', /disabled/);
  });

  it('follows a renamed repo and names its current id', async () => {
    const h = await hub();
    const info = only((await vet(h, [{ id: 'acme/old-name' }])).results, 'acme/old-name');
    assert.equal(info.status, 'ok');
    assert.equal(info.id, 'acme/old-name');
    assert.equal(info.canonicalId, 'acme/new-name');
  });

  it('turns malformed and hostile answers into errors or dropped fields, never a crash', async () => {
    const h = await hub();
    const { results } = await vet(h, [{ id: 'acme/broken-json' }, { id: 'acme/no-sha' }, { id: 'acme/hostile' }]);
    assert.equal(only(results, 'acme/broken-json').status, 'error');
    assert.match(only(results, 'acme/broken-json').error ?? '', /not valid JSON/);
    assert.match(only(results, 'acme/no-sha').error ?? '', /no commit sha/);
    const hostile = only(results, 'acme/hostile');
    assert.equal(hostile.status, 'ok');
    assert.deepEqual(hostile.files, ['ok.safetensors']);
    assert.equal(hostile.gated, false);
    for (const field of ['license', 'author', 'downloads', 'pipelineTag'] as const) assert.equal(hostile[field], undefined, field);
    assert.deepEqual(hostile.securityScan, { scansDone: false, unsafe: [], suspicious: [] });
  });

  it('caps the file lists of a huge repo and refuses an answer too large to hold', async () => {
    const files = Array.from({ length: MAX_FILES + 1000 }, (_, i) => `shards/model-${String(i).padStart(5, '0')}.safetensors`);
    const h = await hub([
      { id: 'acme/many-files', revisions: { main: SHA_MAIN }, files },
      { id: 'acme/huge', revisions: { main: SHA_MAIN }, body: `{"pad": "${'x'.repeat(33 * 1024 * 1024)}"}` },
    ]);
    const { results } = await vet(h, [{ id: 'acme/many-files' }, { id: 'acme/huge' }]);
    const many = only(results, 'acme/many-files');
    assert.equal(many.files?.length, MAX_FILES);
    assert.equal(many.fileCount, MAX_FILES + 1000);
    assert.equal(many.weights?.safetensors.length, MAX_FILES);
    assert.equal(only(results, 'acme/huge').status, 'error');
    assert.match(only(results, 'acme/huge').error ?? '', /is larger than \d+ bytes/);
  });

  it('answers ids and revisions that cannot be asked about without asking', async () => {
    const h = await hub();
    const hostile = [null, { id: 42 }, { id: '../../etc/passwd' }, { id: 'acme/safe-model', revision: 'main\r\nX-Injected: 1' }, { id: '' }] as unknown as VetRequest[];
    const { results } = await vet(h, hostile);
    assert.equal(results.size, 3);
    for (const info of results.values()) assert.equal(info.status, 'error');
    assert.match(only(results, '../../etc/passwd').error ?? '', /not a Hugging Face repo id/);
    assert.equal(h.requests.length, 0);
  });

  it('de-duplicates ids without letter case, keeping the first spelling', async () => {
    const h = await hub();
    const { results } = await vet(h, [{ id: 'Acme/Safe-Model' }, { id: 'acme/safe-model' }, { id: 'ACME/SAFE-MODEL', revision: 'main' }, { id: 'acme/safe-model', revision: 'v1.0' }]);
    assert.deepEqual([...results.keys()], ['acme/safe-model@main', 'acme/safe-model@v1.0']);
    assert.equal(only(results, 'acme/safe-model').id, 'Acme/Safe-Model');
    assert.equal(h.requests.length, 2);
  });

  it('uses HF_ENDPOINT and HF_TOKEN when no options say otherwise, and no token when told so', async () => {
    const h = await hub();
    process.env.HF_ENDPOINT = `${h.url}/`;
    process.env.HF_TOKEN = TOKEN_PRIVATE;
    try {
      const byEnv = await vetModels([{ id: 'acme/private-model' }], { timeoutMs: 5000 });
      assert.equal(only(byEnv, 'acme/private-model').status, 'ok');
      assert.equal(h.requests[0]?.headers.authorization, `Bearer ${TOKEN_PRIVATE}`);
      const anonymous = await vetModels([{ id: 'acme/private-model' }], { token: null, timeoutMs: 5000 });
      assert.equal(only(anonymous, 'acme/private-model').status, 'unauthorized');
      assert.equal(h.requests[1]?.headers.authorization, undefined);
    } finally {
      delete process.env.HF_ENDPOINT;
      delete process.env.HF_TOKEN;
    }
  });

  it('drops a token an HTTP header cannot carry, with a warning that does not show it', async () => {
    const h = await hub();
    const bad = 'hf_Secret\nValue';
    const { results, warnings } = await vet(h, [{ id: 'acme/safe-model' }], { token: bad });
    assert.equal(only(results, 'acme/safe-model').status, 'ok');
    assert.equal(h.requests[0]?.headers.authorization, undefined);
    assert.equal(warnings.length, 1);
    assert.ok(!warnings[0]?.includes('Secret'));
  });
});

describe('vetModels: failures of the network', () => {
  it('waits what Retry-After asks on a 429, then gets the answer', async () => {
    const h = await hub();
    const started = Date.now();
    const info = only((await vet(h, [{ id: 'acme/busy' }])).results, 'acme/busy');
    const elapsed = Date.now() - started;
    assert.equal(info.status, 'ok');
    assert.deepEqual(info.weights?.onnx, ['model.onnx']);
    assert.equal(h.requests.length, 2);
    assert.ok(elapsed >= 900, `retried after ${elapsed} ms, Retry-After said 1 s`);
    assert.ok(elapsed < 5000, `took ${elapsed} ms`);
  });

  it('gives up on a 429 after the retries, and does not cache that', async () => {
    const h = await hub();
    const cacheFile = join(tempDir(), 'hub.sqlite');
    const first = only((await vet(h, [{ id: 'acme/busy' }], { retries: 0, cacheFile })).results, 'acme/busy');
    assert.equal(first.status, 'error');
    assert.match(first.error ?? '', /HTTP 429/);
    const second = only((await vet(h, [{ id: 'acme/busy' }], { cacheFile })).results, 'acme/busy');
    assert.equal(second.status, 'ok');
    assert.equal(second.fromCache, false);
    assert.equal(h.requests.length, 2);
  });

  it('times out a Hub that does not answer, and still answers the other ids', async () => {
    const h = await hub();
    const started = Date.now();
    const asked = [{ id: 'acme/slow' }, { id: 'acme/slow-body' }, { id: 'acme/safe-model' }, { id: 'acme/pickle-model' }];
    const { results } = await vet(h, asked, { timeoutMs: 300, concurrency: 2 });
    const elapsed = Date.now() - started;
    for (const id of ['acme/slow', 'acme/slow-body']) {
      const slow = only(results, id);
      assert.equal(slow.status, 'error', id);
      assert.match(slow.error ?? '', /within 300 ms \(timed out\)/, id);
    }
    assert.equal(only(results, 'acme/safe-model').status, 'ok');
    assert.equal(only(results, 'acme/pickle-model').status, 'ok');
    assert.equal(infoRequests(h).filter((p) => p.startsWith('/api/models/acme/slow')).length, 2, 'a timeout is not retried');
    assert.ok(elapsed < 3000, `took ${elapsed} ms`);
  });

  it('reports an unreachable Hub as an error for each id', async () => {
    const h = await hub();
    await h.close();
    const { results } = await vet(h, [{ id: 'acme/safe-model' }, { id: 'acme/pickle-model' }], { retries: 1 });
    assert.equal(results.size, 2);
    for (const info of results.values()) {
      assert.equal(info.status, 'error');
      assert.match(info.error ?? '', /could not reach http:\/\/127\.0\.0\.1:\d+\/api\/models\/.*ECONNREFUSED/);
    }
  });

  it('refuses an endpoint that is not http(s)', async () => {
    const results = await vetModels([{ id: 'acme/safe-model' }], { endpoint: 'file:///etc', token: null });
    assert.match(only(results, 'acme/safe-model').error ?? '', /not an http\(s\) URL/);
  });
});

describe('vetModels: the cache', () => {
  it('answers a second run from the cache with zero requests, not-found, unauthorized and gated included', async () => {
    const h = await hub();
    const cacheFile = join(tempDir(), 'deep', 'er', 'hub.sqlite');
    const asked = [{ id: 'acme/safe-model' }, { id: 'nobody/nothing' }, { id: 'meta/gated-model' }, { id: 'acme/safe-model', revision: 'v1.0' }];
    const first = (await vet(h, asked, { cacheFile })).results;
    assert.deepEqual([...first.values()].map((i) => i.status), ['ok', 'ok', 'gated', 'unauthorized']);
    const made = h.requests.length;
    const { results: second, warnings } = await vet(h, asked, { cacheFile });
    assert.equal(h.requests.length, made, 'the second run asked the Hub');
    assert.deepEqual(warnings, []);
    for (const [key, info] of second) {
      assert.equal(info.fromCache, true, key);
      assert.deepEqual({ ...info, fromCache: false }, first.get(key), key);
    }
  });

  it('keeps answers given with a token apart from anonymous ones', async () => {
    const h = await hub();
    const cacheFile = join(tempDir(), 'hub.sqlite');
    assert.equal(only((await vet(h, [{ id: 'acme/private-model' }], { cacheFile })).results, 'acme/private-model').status, 'unauthorized');
    const withToken = only((await vet(h, [{ id: 'acme/private-model' }], { cacheFile, token: TOKEN_PRIVATE })).results, 'acme/private-model');
    assert.equal(withToken.status, 'ok');
    assert.equal(withToken.fromCache, false);
  });

  it('refetches an entry once it has expired', async () => {
    const h = await hub();
    const cacheFile = join(tempDir(), 'hub.sqlite');
    const t0 = Date.UTC(2025, 5, 1);
    let clock = t0;
    const opts: VetOptions = { cacheFile, ttlSeconds: 60, now: () => clock };
    await vet(h, [{ id: 'acme/safe-model' }], opts);
    clock = t0 + 59_000;
    const fresh = only((await vet(h, [{ id: 'acme/safe-model' }], opts)).results, 'acme/safe-model');
    assert.equal(fresh.fromCache, true);
    assert.equal(fresh.fetchedAt, new Date(t0).toISOString());
    assert.equal(h.requests.length, 1);
    clock = t0 + 61_000;
    const refetched = only((await vet(h, [{ id: 'acme/safe-model' }], opts)).results, 'acme/safe-model');
    assert.equal(refetched.fromCache, false);
    assert.equal(refetched.fetchedAt, new Date(clock).toISOString());
    assert.equal(h.requests.length, 2);
  });

  it('answers the cached spelling-insensitive key with the id as asked this time', async () => {
    const h = await hub();
    const cacheFile = join(tempDir(), 'hub.sqlite');
    await vet(h, [{ id: 'acme/safe-model' }], { cacheFile });
    const info = only((await vet(h, [{ id: 'ACME/Safe-Model' }], { cacheFile })).results, 'acme/safe-model');
    assert.equal(info.id, 'ACME/Safe-Model');
    assert.equal(info.fromCache, true);
    assert.equal(h.requests.length, 1);
  });

  it('warns about a corrupt cache file, answers anyway and leaves the file alone', async () => {
    const h = await hub();
    const cacheFile = join(tempDir(), 'hub.sqlite');
    const junk = Buffer.from('this is not a SQLite database\n'.repeat(200));
    writeFileSync(cacheFile, junk);
    const { results, warnings } = await vet(h, [{ id: 'acme/safe-model' }], { cacheFile });
    assert.equal(only(results, 'acme/safe-model').status, 'ok');
    assert.equal(warnings.length, 1);
    assert.match(warnings[0] ?? '', /cannot use .*hub\.sqlite as the Hub cache: .*asking the Hub without a cache/);
    assert.deepEqual(readFileSync(cacheFile), junk);
  });

  it('never writes the token into the cache files', async () => {
    const h = await hub();
    const dir = tempDir();
    const cacheFile = join(dir, 'hub.sqlite');
    for (const token of [TOKEN_PRIVATE, TOKEN_GATED, TOKEN_OTHER]) {
      await vet(h, [{ id: 'acme/private-model' }, { id: 'meta/gated-model' }, { id: 'acme/safe-model' }, { id: 'nobody/nothing' }], { cacheFile, token });
    }
    const files = [cacheFile, `${cacheFile}-wal`, `${cacheFile}-shm`].filter((f) => existsSync(f));
    assert.ok(files.length >= 1);
    const bytes = Buffer.concat(files.map((f) => readFileSync(f)));
    assert.ok(bytes.includes('acme/private-model'), 'the cache holds the answers');
    for (const token of [TOKEN_PRIVATE, TOKEN_GATED, TOKEN_OTHER]) {
      assert.equal(bytes.includes(token), false, 'token found in the cache');
      assert.equal(bytes.includes(Buffer.from(token, 'utf16le')), false, 'token found in the cache as UTF-16');
    }
  });
});

/** better-sqlite3 read directly, to look at what HubCache wrote and to make a foreign database. */
interface RawDb {
  prepare(sql: string): { get(...p: unknown[]): unknown; run(...p: unknown[]): unknown };
  exec(sql: string): void;
  close(): void;
}
const RawDatabase = createRequire(import.meta.url)('better-sqlite3') as new (file: string) => RawDb;

const SAMPLE: HubModelInfo = { id: 'a/b', status: 'not-found', error: 'repository not found', fetchedAt: '2025-01-01T00:00:00.000Z', fromCache: false };

describe('HubCache', () => {
  it('creates its folders, a WAL database and a meta table with the schema version', () => {
    const file = join(tempDir(), 'x', 'y', 'hub.sqlite');
    const cache = HubCache.open(file);
    cache.put('k', SAMPLE, 1000, 10);
    cache.close();
    const db = new RawDatabase(file);
    try {
      assert.deepEqual(db.prepare('SELECT schema_version FROM meta').get(), { schema_version: CACHE_SCHEMA_VERSION });
      assert.deepEqual(db.prepare('PRAGMA journal_mode').get(), { journal_mode: 'wal' });
      assert.deepEqual(db.prepare('SELECT key, fetched_at, expires_at FROM model_info').get(), { key: 'k', fetched_at: 1000, expires_at: 11_000 });
    } finally {
      db.close();
    }
  });

  it('returns a stored answer until it expires, without fromCache stored', () => {
    const cache = HubCache.open(join(tempDir(), 'hub.sqlite'));
    try {
      cache.put('k', { ...SAMPLE, fromCache: true }, 1000, 10);
      const { fromCache: _f, ...rest } = SAMPLE;
      assert.deepEqual(cache.get('k', 10_999), rest);
      assert.equal(cache.get('k', 11_000), undefined);
      assert.equal(cache.get('other', 1000), undefined);
    } finally {
      cache.close();
    }
  });

  it('discards rows of another schema version and rows that do not parse', () => {
    const file = join(tempDir(), 'hub.sqlite');
    const cache = HubCache.open(file);
    cache.put('old', SAMPLE, 0, 1000);
    cache.close();
    const db = new RawDatabase(file);
    db.exec(`UPDATE meta SET schema_version = ${CACHE_SCHEMA_VERSION + 1}`);
    db.prepare('INSERT INTO model_info VALUES (?, ?, ?, ?)').run('bad', '{"id":', 0, 1e15);
    db.close();
    const reopened = HubCache.open(file);
    try {
      assert.equal(reopened.get('old', 1), undefined);
      assert.equal(reopened.get('bad', 1), undefined);
    } finally {
      reopened.close();
    }
    const db2 = new RawDatabase(file);
    db2.prepare('INSERT INTO model_info VALUES (?, ?, ?, ?)').run('bad', '{"id": 1, "status": "ok"}', 0, 1e15);
    db2.close();
    const again = HubCache.open(file);
    try {
      assert.equal(again.get('bad', 1), undefined);
    } finally {
      again.close();
    }
  });

  const unusable: { name: string; make: (file: string) => void; message: RegExp }[] = [
    { name: 'a text file', make: (f) => writeFileSync(f, 'hello\n'.repeat(1000)), message: /cannot use .* as the Hub cache/ },
    { name: 'a truncated SQLite header', make: (f) => writeFileSync(f, Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(84, 0xff)])), message: /cannot use .* as the Hub cache/ },
    {
      name: "another program's database",
      make: (f) => {
        const db = new RawDatabase(f);
        db.exec("CREATE TABLE users (name TEXT); INSERT INTO users VALUES ('alice');");
        db.close();
      },
      message: /database of something else \(tables: users\)/,
    },
  ];
  for (const c of unusable) {
    it(`refuses ${c.name} with a HubCacheError and leaves it as it was`, () => {
      const file = join(tempDir(), 'hub.sqlite');
      c.make(file);
      const before = readFileSync(file);
      assert.throws(() => HubCache.open(file), (e: unknown) => e instanceof HubCacheError && c.message.test(e.message));
      assert.deepEqual(readFileSync(file), before);
    });
  }
});

describe('pure helpers', () => {
  const weightCases: { file: string; kind: keyof WeightFiles | undefined }[] = [
    { file: 'model.safetensors', kind: 'safetensors' },
    { file: 'unet/diffusion_pytorch_model.fp16.safetensors', kind: 'safetensors' },
    { file: 'pytorch_model-00001-of-00002.bin', kind: 'pickle' },
    { file: 'weights/MODEL.PT', kind: 'pickle' },
    { file: 'last.ckpt', kind: 'pickle' },
    { file: 'clf.joblib', kind: 'pickle' },
    { file: 'model.pdparams', kind: 'pickle' },
    { file: 'llama-3-8b.Q4_K_M.gguf', kind: 'gguf' },
    { file: 'onnx/model.onnx', kind: 'onnx' },
    { file: 'tf_model.h5', kind: 'other' },
    { file: 'flax_model.msgpack', kind: 'other' },
    { file: 'embeddings.npy', kind: 'other' },
    { file: 'pytorch_model.bin.index.json', kind: undefined },
    { file: 'model.safetensors.index.json', kind: undefined },
    { file: 'README.md', kind: undefined },
    { file: '.bin', kind: undefined },
    { file: 'bin', kind: undefined },
    { file: 'dir.bin/config.json', kind: undefined },
  ];
  for (const c of weightCases) {
    it(`weightKind(${c.file}) = ${c.kind}`, () => assert.equal(weightKind(c.file), c.kind));
  }

  const now = Date.UTC(2025, 0, 1, 0, 0, 0);
  const retryCases: { value: string | null; ms: number | undefined }[] = [
    { value: null, ms: undefined },
    { value: '0', ms: 0 },
    { value: ' 2 ', ms: 2000 },
    { value: '3600', ms: MAX_RETRY_AFTER_MS },
    { value: new Date(now + 5000).toUTCString(), ms: 5000 },
    { value: new Date(now - 5000).toUTCString(), ms: 0 },
    { value: '-1', ms: undefined },
    { value: 'soon', ms: undefined },
  ];
  for (const c of retryCases) {
    it(`parseRetryAfter(${JSON.stringify(c.value)}) = ${c.ms}`, () => assert.equal(parseRetryAfter(c.value, now), c.ms));
  }

  const keyCases: { id: string; revision?: string; key: string }[] = [
    { id: 'Meta-Llama/Llama-3.1-8B', key: 'meta-llama/llama-3.1-8b@main' },
    { id: 'gpt2', revision: '', key: 'gpt2@main' },
    { id: 'org/m', revision: 'V1.0', key: 'org/m@V1.0' },
    { id: 'org/m', revision: SHA_COMMIT.toUpperCase(), key: `org/m@${SHA_COMMIT}` },
  ];
  for (const c of keyCases) {
    it(`vetKey(${c.id}, ${c.revision}) = ${c.key}`, () => assert.equal(vetKey(c.id, c.revision), c.key));
  }
});
