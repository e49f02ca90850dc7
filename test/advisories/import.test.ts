import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AdvisoryStore } from '../../src/advisories/store.js';
import { ImportError, importPath } from '../../src/advisories/import/index.js';
import { readGitRevision } from '../../src/advisories/import/ghsa-repo.js';
import { zipFeedName } from '../../src/advisories/import/osv-files.js';
import type { OsvRecord } from '../../src/advisories/osv.js';
import { makeZip } from '../support/zip-writer.js';
import { GHSA_887C_NEW, GHSA_887C_OLD, pypi, rec, tempDirs } from './helpers.js';

const dirs = tempDirs();
after(() => dirs.cleanup());

const SHA_A = 'a'.repeat(40);
const SHA_B = '0123456789abcdef0123456789abcdef01234567';

function write(root: string, files: Record<string, string | Buffer>): string {
  for (const [rel, content] of Object.entries(files)) {
    const p = join(root, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, content);
  }
  return root;
}

function store(): AdvisoryStore {
  return AdvisoryStore.open(join(dirs.make(), 'advisories.db'));
}

const json = (r: unknown): string => JSON.stringify(r, null, 2);
const ids = (s: AdvisoryStore): string[] => s.exportRecords().map((r) => r.id);

const PYSEC_18 = rec('PYSEC-2023-18', '2023-04-05T00:00:00Z', { aliases: ['CVE-2023-29374'], affected: [pypi('langchain', [{ introduced: '0' }, { fixed: '0.0.132' }])] });
const PYSEC_91 = rec('PYSEC-2023-91', '2023-06-01T00:00:00Z', { aliases: ['CVE-2023-34540'], affected: [pypi('langchain', [{ introduced: '0' }, { fixed: '0.0.225' }])] });
const MAL_1970 = rec('MAL-2025-1970', '2025-01-30T00:00:00Z', { affected: [{ package: { ecosystem: 'PyPI', name: 'deepseeek' }, versions: ['0.0.8'] }] });

describe('importPath: single files', () => {
  const cases: { name: string; file: string; content: string; ids: string[]; warnings?: RegExp }[] = [
    { name: 'one pretty-printed record', file: 'PYSEC-2023-18.json', content: json(PYSEC_18), ids: ['PYSEC-2023-18'] },
    { name: 'an array of records', file: 'export.json', content: JSON.stringify([PYSEC_18, PYSEC_91]), ids: ['PYSEC-2023-18', 'PYSEC-2023-91'] },
    { name: 'JSON lines, a broken line reported and skipped', file: 'export.jsonl', content: `${JSON.stringify(PYSEC_18)}\n{"id": broken\n\n${JSON.stringify(MAL_1970)}\n`, ids: ['MAL-2025-1970', 'PYSEC-2023-18'], warnings: /export\.jsonl:2: not valid JSON/ },
    { name: 'JSON lines without the extension, with a byte-order mark', file: 'dump.txt', content: `\ufeff${JSON.stringify(PYSEC_18)}\n${JSON.stringify(PYSEC_91)}\n`, ids: ['PYSEC-2023-18', 'PYSEC-2023-91'] },
  ];
  for (const c of cases) {
    it(`imports ${c.name}`, async () => {
      const s = store();
      const path = join(write(dirs.make(), { [c.file]: c.content }), c.file);
      const r = await importPath(s, path);
      assert.equal(r.layout, 'osv-file');
      assert.match(r.feed, /^osv-file:[0-9a-f]{16}$/);
      assert.deepEqual(ids(s), c.ids);
      assert.equal(r.inserted, c.ids.length);
      if (c.warnings) assert.match(r.warnings.join('\n'), c.warnings);
      else assert.deepEqual(r.warnings, []);
      assert.equal(s.getFeedState(r.feed)?.status, 'ok');
      s.close();
    });
  }

  it('reports invalid records as skipped, with the position in the file', async () => {
    const s = store();
    const path = join(write(dirs.make(), { 'a.json': JSON.stringify([PYSEC_18, { id: 'X-1' }, 42]) }), 'a.json');
    const r = await importPath(s, path);
    assert.equal(r.inserted, 1);
    assert.deepEqual(r.skipped.map((k) => [k.id, k.where]), [['X-1', 'a.json[1]'], ['(none)', 'a.json[2]']]);
    s.close();
  });

  const errors: { name: string; make(dir: string): string; message: RegExp }[] = [
    { name: 'a path that does not exist', make: (d) => join(d, 'nope.zip'), message: /cannot read .*nope\.zip \(ENOENT\)/ },
    { name: 'an empty file', make: (d) => join(write(d, { 'e.json': '' }), 'e.json'), message: /is empty/ },
    { name: 'a file that is not JSON', make: (d) => join(write(d, { 'x.json': 'hello {' }), 'x.json'), message: /not valid JSON/ },
    { name: 'JSON that is not a record', make: (d) => join(write(d, { 'n.json': '12' }), 'n.json'), message: /neither an object nor an array/ },
  ];
  for (const c of errors) {
    it(`fails with a clear ImportError for ${c.name}`, async () => {
      const s = store();
      await assert.rejects(importPath(s, c.make(dirs.make())), (e: unknown) => e instanceof ImportError && c.message.test(e.message));
      s.close();
    });
  }
});

describe('importPath: directories', () => {
  it('imports every *.json below it in order, skipping hidden folders, symlinks and other files', async () => {
    const s = store();
    const root = write(dirs.make(), {
      'langchain/PYSEC-2023-91.json': json(PYSEC_91),
      'langchain/PYSEC-2023-18.json': json(PYSEC_18),
      'README.md': '# not an advisory',
      '.git/objects/x.json': json(rec('GHSA-hide-hide-hide', '2024-01-01T00:00:00Z')),
    });
    const outside = write(dirs.make(), { 'MAL-2025-1970.json': json(MAL_1970) });
    symlinkSync(join(outside, 'MAL-2025-1970.json'), join(root, 'linked.json'));
    const log: string[] = [];
    const r = await importPath(s, root, { batchSize: 1, log: (m) => log.push(m) });
    assert.equal(r.layout, 'osv-dir');
    assert.deepEqual(ids(s), ['PYSEC-2023-18', 'PYSEC-2023-91']);
    assert.equal(log.length, 2, 'one transaction per record with batchSize 1');
    assert.deepEqual(r.warnings, []);
    s.close();
  });

  it('sweeps records whose files were deleted, but not while a file is unreadable', async () => {
    const s = store();
    const root = write(dirs.make(), { 'a/PYSEC-2023-18.json': json(PYSEC_18), 'a/PYSEC-2023-91.json': json(PYSEC_91), 'b/MAL-2025-1970.json': json(MAL_1970) });
    const first = await importPath(s, root);
    assert.equal(first.inserted, 3);
    // A broken file: the advisory it held may still exist, so nothing is deleted and the feed stays partial.
    write(root, { 'a/PYSEC-2023-91.json': '{"id": "PYSEC-2023-91", ' });
    writeFileSync(join(root, 'b/MAL-2025-1970.json'), '[]');
    const second = await importPath(s, root);
    assert.equal(second.deleted, 0);
    assert.match(second.warnings.join('\n'), /a\/PYSEC-2023-91\.json: not valid JSON[\s\S]*nothing was deleted/);
    assert.equal(s.getFeedState(second.feed)?.status, 'partial');
    assert.equal(ids(s).length, 3);
    write(root, { 'a/PYSEC-2023-91.json': json(PYSEC_91) });
    const third = await importPath(s, root);
    assert.equal(third.deleted, 1);
    assert.deepEqual(ids(s), ['PYSEC-2023-18', 'PYSEC-2023-91']);
    assert.equal(s.getFeedState(third.feed)?.status, 'ok');
    s.close();
  });

  it('refuses a directory without JSON files, such as the PyPA repository of YAML files, and records nothing', async () => {
    const s = store();
    const root = write(dirs.make(), { 'vulns/torch/PYSEC-2022-43015.yaml': 'id: PYSEC-2022-43015\n' });
    await assert.rejects(importPath(s, root), (e: unknown) => e instanceof ImportError && /no \*\.json files below it .*PyPI\/all\.zip/.test(e.message));
    assert.deepEqual(s.feeds(), []);
    s.close();
  });

  it('marks a full import that yields no valid record failed, and deletes nothing', async () => {
    const s = store();
    const root = write(dirs.make(), { 'a.json': json(PYSEC_18) });
    const first = await importPath(s, root);
    write(root, { 'a.json': json({ id: 'PYSEC-2023-18' }) });
    const second = await importPath(s, root);
    assert.deepEqual([second.read, second.skipped.length, second.deleted], [1, 1, 0]);
    assert.equal(s.getFeedState(first.feed)?.status, 'failed');
    assert.deepEqual(ids(s), ['PYSEC-2023-18']);
    s.close();
  });

  it('treats a directory of Hugging Face model records as the hf-models feed', async () => {
    const s = store();
    const model = rec('LANTERN-HF-0001', '2024-06-01T00:00:00Z', { affected: [{ package: { ecosystem: 'HuggingFace', name: 'MCPotato/42-eicar-street' } }] });
    const r = await importPath(s, write(dirs.make(), { 'LANTERN-HF-0001.json': json(model) }));
    assert.equal(r.feed, 'hf-models');
    const rows = s.lookup('HuggingFace', 'mcpotato/42-eicar-street');
    assert.equal(rows[0]?.kind, 'unsafe-model');
    assert.equal(rows[0]?.affected.versions, undefined, 'no versions: every revision');
    s.close();
  });
});

function allZip(records: OsvRecord[], extra: { name: string; data: string | Buffer; store?: boolean }[] = []): Buffer {
  return makeZip([...records.map((r, i) => ({ name: `${r.id}.json`, data: JSON.stringify(r), store: i % 2 === 1 })), ...extra]);
}

describe('importPath: osv.dev all.zip', () => {
  it('names the feed after the ecosystem in the file or folder name', () => {
    assert.equal(zipFeedName('/x/PyPI/all.zip'), 'osv:PyPI');
    assert.equal(zipFeedName('/x/pypi-all.zip'), 'osv:PyPI');
    assert.equal(zipFeedName('/x/npm.zip'), 'osv:npm');
    assert.equal(zipFeedName('/x/crates.io/all.zip'), 'osv:crates.io');
    assert.match(zipFeedName('/x/downloads/all.zip'), /^osv-zip:[0-9a-f]{16}$/);
  });

  it('imports deflated and stored members, ignores other members, and skips an unchanged zip', async () => {
    const s = store();
    const dir = dirs.make();
    const file = join(dir, 'PyPI', 'all.zip');
    write(dir, { 'PyPI/all.zip': allZip([PYSEC_18, PYSEC_91, GHSA_887C_OLD], [{ name: 'README.txt', data: 'hello' }, { name: 'sub/', data: '' }]) });
    const r = await importPath(s, file, { batchSize: 2 });
    assert.equal(r.layout, 'osv-zip');
    assert.equal(r.feed, 'osv:PyPI');
    assert.deepEqual([r.read, r.inserted, r.deleted], [3, 3, 0]);
    const state = s.getFeedState('osv:PyPI');
    assert.equal(state?.status, 'ok');
    assert.match(state?.contentHash ?? '', /^sha256:[0-9a-f]{64}$/);
    const again = await importPath(s, file);
    assert.equal(again.upToDate, true);
    assert.equal(again.read, 0);
    const forced = await importPath(s, file, { force: true });
    assert.deepEqual([forced.upToDate, forced.unchanged], [false, 3]);
    s.close();
  });

  it('marks and sweeps: a new all.zip deletes what it dropped, keeps what another feed has, applies revisions', async () => {
    const s = store();
    const dir = dirs.make();
    const file = join(dir, 'PyPI-all.zip');
    writeFileSync(file, allZip([PYSEC_18, PYSEC_91, GHSA_887C_OLD]));
    await importPath(s, file);
    s.applyBatch('embedded', [PYSEC_91]);
    writeFileSync(file, allZip([GHSA_887C_NEW]));
    const r = await importPath(s, file);
    assert.deepEqual([r.updated, r.deleted], [1, 1]);
    assert.deepEqual(ids(s), ['GHSA-887c-mr87-cxwp', 'PYSEC-2023-91']);
    assert.deepEqual(s.lookup('PyPI', 'torch')[0]?.affected.ranges?.[0]?.events, [{ introduced: '0' }, { fixed: '2.8.0' }]);
    assert.equal(s.getFeedState('osv:PyPI')?.count, 1);
    s.close();
  });

  it('reports damaged members and then keeps the feed as it was (no sweep, status partial)', async () => {
    const s = store();
    const file = join(dirs.make(), 'npm.zip');
    writeFileSync(file, allZip([PYSEC_18, PYSEC_91]));
    await importPath(s, file);
    const damaged = allZip([PYSEC_18], [{ name: 'GHSA-bad.json', data: 'x'.repeat(5000) }]);
    // Corrupt the deflated data of the last member (its bytes sit right before the central directory).
    const cd = damaged.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), damaged.length - 60);
    const bad = damaged.indexOf(Buffer.from('GHSA-bad.json')) + 'GHSA-bad.json'.length;
    damaged.fill(0xff, bad, Math.min(bad + 8, cd));
    writeFileSync(file, damaged);
    const r = await importPath(s, file);
    assert.match(r.warnings.join('\n'), /GHSA-bad\.json: inflate error/);
    assert.equal(r.deleted, 0);
    assert.equal(s.getFeedState('osv:npm')?.status, 'partial');
    assert.deepEqual(ids(s), ['PYSEC-2023-18', 'PYSEC-2023-91']);
    s.close();
  });

  it('refuses members that inflate past the record limit instead of allocating them', async () => {
    const s = store();
    const file = join(dirs.make(), 'x.zip');
    writeFileSync(file, allZip([PYSEC_18], [{ name: 'BOMB.json', data: ' '.repeat(17 * 1024 * 1024) }]));
    const r = await importPath(s, file);
    assert.match(r.warnings.join('\n'), /BOMB\.json: larger than/);
    assert.deepEqual(ids(s), ['PYSEC-2023-18']);
    s.close();
  });

  it('refuses a zip without JSON members', async () => {
    const s = store();
    const file = join(dirs.make(), 'PyPI.zip');
    writeFileSync(file, makeZip([{ name: 'README.txt', data: 'hello' }]));
    await assert.rejects(importPath(s, file), (e: unknown) => e instanceof ImportError && /no \*\.json members/.test(e.message));
    assert.equal(s.getFeedState('osv:PyPI'), undefined);
    s.close();
  });

  it('fails clearly on a file that only looks like a zip', async () => {
    const s = store();
    const file = join(dirs.make(), 'fake.zip');
    writeFileSync(file, Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(10)]));
    await assert.rejects(importPath(s, file), (e: unknown) => e instanceof ImportError && /not a readable zip/.test(e.message));
    s.close();
  });
});

describe('importPath: ossf/malicious-packages checkout', () => {
  it('imports merged MAL-YYYY-N records only, withdrawn ones flagged, and records the commit', async () => {
    const s = store();
    const root = write(dirs.make(), {
      '.git/HEAD': `${SHA_A}\n`,
      'osv/malicious/pypi/deepseeek/MAL-2025-1970.json': json(MAL_1970),
      'osv/malicious/pypi/deepseeek/MAL-0000-kam193-1a2b3c.json': json({ ...MAL_1970, id: 'MAL-0000-kam193-1a2b3c' }),
      'osv/malicious/pypi/deepseeek/MAL-0000-12.json': json({ ...MAL_1970, id: 'MAL-0000-12' }),
      'osv/malicious/pypi/other/MAL-2025-5.json': json({ ...MAL_1970, id: 'MAL-0000-reversing-labs-9' }),
      'osv/malicious/npm/@evil/pkg/MAL-2024-7.json': json(rec('MAL-2024-7', '2024-05-01T00:00:00Z', { affected: [{ package: { ecosystem: 'npm', name: '@evil/pkg' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }] }] }] })),
      'osv/withdrawn/pypi/cleared/MAL-2024-9.json': json(rec('MAL-2024-9', '2024-07-01T00:00:00Z', { affected: [{ package: { ecosystem: 'PyPI', name: 'cleared' }, versions: ['1.0'] }] })),
      'compromised-packages.csv': 'Package,"Compromised Versions"\n',
    });
    const r = await importPath(s, join(root, 'osv'));
    assert.equal(r.layout, 'ossf-mal');
    assert.equal(r.revision, SHA_A);
    assert.deepEqual(ids(s), ['MAL-2024-7', 'MAL-2024-9', 'MAL-2025-1970']);
    assert.deepEqual(r.skipped.map((k) => k.id), ['MAL-0000-reversing-labs-9']);
    assert.equal(s.lookup('PyPI', 'cleared')[0]?.withdrawn, '2024-07-01T00:00:00Z');
    assert.equal(s.lookup('npm', '@evil/pkg')[0]?.kind, 'malware');
    assert.equal(s.getFeedState('ossf-mal')?.revision, SHA_A);
    const again = await importPath(s, root);
    assert.equal(again.upToDate, true);
    s.close();
  });
});

describe('importPath: github/advisory-database checkout', () => {
  it('walks github-reviewed and unreviewed, records the commit from a packed ref, and re-imports on a new commit', async () => {
    const s = store();
    const ghsa = (id: string, modified: string, name: string): string => json(rec(id, modified, { affected: [pypi(name, [{ introduced: '0' }])] }));
    const root = write(dirs.make(), {
      '.git/HEAD': 'ref: refs/heads/main\n',
      '.git/packed-refs': `# pack-refs with: peeled fully-peeled sorted\n${SHA_B} refs/heads/main\n`,
      'advisories/github-reviewed/2025/04/GHSA-53q9-r3pm-6pq6/GHSA-53q9-r3pm-6pq6.json': ghsa('GHSA-53q9-r3pm-6pq6', '2025-04-18T00:00:00Z', 'torch'),
      'advisories/github-reviewed/2025/01/GHSA-rh4j-5rhw-hr54/GHSA-rh4j-5rhw-hr54.json': ghsa('GHSA-rh4j-5rhw-hr54', '2025-01-27T00:00:00Z', 'vllm'),
      'advisories/unreviewed/2024/04/GHSA-xxxx-yyyy-zzzz/GHSA-xxxx-yyyy-zzzz.json': json(rec('GHSA-xxxx-yyyy-zzzz', '2024-04-10T00:00:00Z', { aliases: ['CVE-2024-0001'] })),
      'advisories/github-reviewed/README.md': '# not an advisory',
      'advisories/github-reviewed/2025/04/notes.json': json(rec('GHSA-nope-nope-nope', '2024-01-01T00:00:00Z')),
    });
    const r = await importPath(s, join(root, 'advisories'));
    assert.equal(r.layout, 'ghsa-repo');
    assert.equal(r.feed, 'ghsa-repo');
    assert.equal(r.revision, SHA_B);
    assert.deepEqual(ids(s), ['GHSA-53q9-r3pm-6pq6', 'GHSA-rh4j-5rhw-hr54', 'GHSA-xxxx-yyyy-zzzz']);
    assert.equal((await importPath(s, root)).upToDate, true);
    write(root, { '.git/packed-refs': `${SHA_A} refs/heads/main\n` });
    const next = await importPath(s, root);
    assert.deepEqual([next.upToDate, next.unchanged, next.revision], [false, 3, SHA_A]);
    s.close();
  });

  const heads: { name: string; files: Record<string, string>; expect: string | undefined }[] = [
    { name: 'a detached HEAD', files: { '.git/HEAD': SHA_A }, expect: SHA_A },
    { name: 'a loose ref', files: { '.git/HEAD': 'ref: refs/heads/main', '.git/refs/heads/main': `${SHA_B}\n` }, expect: SHA_B },
    { name: 'a worktree: .git file, commondir, packed ref', files: { '.git': 'gitdir: ../store/worktrees/w\n', '../store/worktrees/w/HEAD': 'ref: refs/heads/feature', '../store/worktrees/w/commondir': '../..', '../store/packed-refs': `${SHA_A} refs/heads/feature\n` }, expect: SHA_A },
    { name: 'a ref that escapes the git dir', files: { '.git/HEAD': 'ref: refs/../../../etc/passwd' }, expect: undefined },
    { name: 'garbage in HEAD', files: { '.git/HEAD': 'not a ref' }, expect: undefined },
    { name: 'no .git at all', files: { 'README.md': 'x' }, expect: undefined },
  ];
  for (const h of heads) {
    it(`reads the commit of ${h.name} without running git`, () => {
      const base = dirs.make();
      write(join(base, 'repo'), h.files);
      assert.equal(readGitRevision(join(base, 'repo')), h.expect);
    });
  }
});
