import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AdvisoryStore, AdvisoryStoreError, SCHEMA_VERSION, advisoryKind, checkRecord, defaultDbPath, type AdvisoryStoreErrorCode } from '../../src/advisories/store.js';
import type { OsvRecord } from '../../src/advisories/osv.js';
import { GHSA_887C_NEW, GHSA_887C_OLD, pypi, rec, tempDirs } from './helpers.js';

interface RawDb {
  prepare(sql: string): { get(...a: unknown[]): unknown; all(...a: unknown[]): unknown[]; run(...a: unknown[]): unknown };
  pragma(s: string, o?: { simple?: boolean }): unknown;
  exec(sql: string): void;
  close(): void;
}
const Sqlite = createRequire(import.meta.url)('better-sqlite3') as new (f: string, o?: { readonly?: boolean }) => RawDb;

const dirs = tempDirs();
after(() => dirs.cleanup());

function fresh(): { store: AdvisoryStore; file: string } {
  const file = join(dirs.make(), 'sub', 'advisories.db');
  return { store: AdvisoryStore.open(file), file };
}

function withRaw<T>(file: string, fn: (db: RawDb) => T): T {
  const db = new Sqlite(file);
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

function expectStoreError(fn: () => unknown, code: AdvisoryStoreErrorCode, message?: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof AdvisoryStoreError, `expected AdvisoryStoreError, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    if (message) assert.match(e.message, message);
    return true;
  });
}

describe('AdvisoryStore: opening', () => {
  it('creates the folder and the schema, in WAL mode, with its schema version and application id', () => {
    const { store, file } = fresh();
    assert.equal(store.stats().schemaVersion, SCHEMA_VERSION);
    store.close();
    withRaw(file, (db) => {
      assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
      assert.equal(db.pragma('application_id', { simple: true }), 0x4c414e54);
      const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' ORDER BY name").all() as { name: string }[]).map((t) => t.name);
      assert.deepEqual(tables, ['advisory', 'advisory_feed', 'affected', 'alias', 'blob', 'feed_state', 'meta']);
    });
  });

  it('migrates an older schema when opened writable, keeping its data, and refuses it read-only', () => {
    const { store, file } = fresh();
    store.applyBatch('osv:PyPI', [GHSA_887C_OLD]);
    store.close();
    // Turn the file back into schema 1: no feed membership table, generation or facts column yet.
    withRaw(file, (db) => {
      db.exec("DROP TABLE advisory_feed; ALTER TABLE feed_state DROP COLUMN generation; ALTER TABLE advisory DROP COLUMN facts; UPDATE meta SET value = '1' WHERE key = 'schema_version'");
    });
    expectStoreError(() => AdvisoryStore.open(file, { readonly: true }), 'schema-old', new RegExp(`schema 1 and this Lantern needs ${SCHEMA_VERSION}.*lantern db status`));
    const migrated = AdvisoryStore.open(file);
    assert.equal(migrated.stats().schemaVersion, SCHEMA_VERSION);
    assert.equal(migrated.lookup('PyPI', 'torch').length, 1);
    assert.equal(migrated.getFeedState('osv:PyPI')?.count, 1, 'membership rebuilt from the advisory source');
    const facts = migrated.advisoryFacts([GHSA_887C_OLD.id]).get(GHSA_887C_OLD.id);
    assert.equal(facts?.summary, GHSA_887C_OLD.summary, 'the facts column is filled from the stored records');
    assert.equal((facts as { affected?: unknown } | undefined)?.affected, undefined);
    migrated.close();
  });

  it('refuses a schema newer than it knows, writable or not', () => {
    const { store, file } = fresh();
    store.close();
    withRaw(file, (db) => db.prepare("UPDATE meta SET value = ? WHERE key = 'schema_version'").run(String(SCHEMA_VERSION + 1)));
    expectStoreError(() => AdvisoryStore.open(file), 'schema-new', /newer Lantern.*upgrade Lantern/);
    expectStoreError(() => AdvisoryStore.open(file, { readonly: true }), 'schema-new');
  });

  const corruptCases: { name: string; make(file: string): void; message: RegExp }[] = [
    { name: 'a text file', make: (f) => writeFileSync(f, 'this is not a database\n'.repeat(100)), message: /not a SQLite file/ },
    { name: 'random bytes', make: (f) => writeFileSync(f, Buffer.from(Array.from({ length: 8192 }, (_, i) => (i * 7919) % 251))), message: /not a SQLite file/ },
    { name: 'a directory', make: (f) => mkdirSync(f), message: /not a regular file/ },
    {
      name: 'another application’s SQLite database',
      make: (f) => {
        const db = new Sqlite(f);
        db.exec('CREATE TABLE notes (body TEXT)');
        db.close();
      },
      message: /without Lantern tables/,
    },
    {
      name: 'a SQLite header followed by garbage',
      make: (f) => {
        const { store, file } = fresh();
        store.applyBatch('t', [GHSA_887C_OLD]);
        store.close();
        const bytes = readFileSync(file);
        bytes.fill(0xa5, 100);
        writeFileSync(f, bytes);
      },
      message: /not a usable Lantern advisory database/,
    },
  ];
  for (const c of corruptCases) {
    it(`reports ${c.name} as corrupt, with the path and what to do`, () => {
      const file = join(dirs.make(), 'advisories.db');
      c.make(file);
      for (const readonly of [false, true]) {
        expectStoreError(() => AdvisoryStore.open(file, { readonly }), 'corrupt', c.message);
        expectStoreError(() => AdvisoryStore.open(file, { readonly }), 'corrupt', new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*delete it`));
      }
    });
  }

  it('reports corruption met after opening (a truncated file) as corrupt too', () => {
    const { store, file } = fresh();
    const many = Array.from({ length: 400 }, (_, i) => rec(`PYSEC-2099-${i}`, '2024-01-01T00:00:00Z', { details: 'x'.repeat(2000), affected: [pypi(`pkg${i}`, [{ introduced: '0' }])] }));
    store.applyBatch('t', many);
    store.close();
    truncateSync(file, Math.floor(readFileSync(file).length / 3));
    assert.throws(
      () => {
        const s = AdvisoryStore.open(file, { readonly: true });
        try {
          s.exportRecords();
        } finally {
          s.close();
        }
      },
      (e: unknown) => e instanceof AdvisoryStoreError && e.code === 'corrupt',
    );
  });

  it('says "missing" with the commands to run when a read-only database does not exist', () => {
    expectStoreError(() => AdvisoryStore.open(join(dirs.make(), 'none.db'), { readonly: true }), 'missing', /lantern db update.*lantern db import/);
  });

  it('reads a database opened read-only and refuses writes with "readonly"', () => {
    const { store, file } = fresh();
    store.applyBatch('t', [GHSA_887C_OLD]);
    store.close();
    const ro = AdvisoryStore.open(file, { readonly: true });
    assert.equal(ro.lookup('PyPI', 'torch').length, 1);
    expectStoreError(() => ro.applyBatch('t', [GHSA_887C_NEW]), 'readonly');
    ro.close();
  });
});

describe('AdvisoryStore: upserts', () => {
  const cases: { name: string; first: string; second: string; outcome: 'updated' | 'unchanged'; summary: string }[] = [
    { name: 'a newer modified replaces the record', first: '2024-01-01T00:00:00Z', second: '2024-02-01T00:00:00Z', outcome: 'updated', summary: 'second' },
    { name: 'an older modified is ignored', first: '2024-02-01T00:00:00Z', second: '2024-01-01T00:00:00Z', outcome: 'unchanged', summary: 'first' },
    { name: 'the same modified is unchanged', first: '2024-01-01T00:00:00Z', second: '2024-01-01T00:00:00Z', outcome: 'unchanged', summary: 'first' },
    { name: 'the same instant in another spelling is unchanged', first: '2024-01-01T00:00:00Z', second: '2024-01-01T01:00:00.000+01:00', outcome: 'unchanged', summary: 'first' },
    { name: 'microseconds (PYSEC style) later than a whole second replace', first: '2022-03-02T06:39:30Z', second: '2022-03-02T06:39:30.836439Z', outcome: 'updated', summary: 'second' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const { store } = fresh();
      const r1 = store.applyBatch('t', [rec('GHSA-aaaa-bbbb-cccc', c.first, { summary: 'first', affected: [pypi('torch', [{ introduced: '0' }])] })]);
      assert.deepEqual(r1, { inserted: 1, updated: 0, unchanged: 0, skipped: [] });
      const r2 = store.applyBatch('t', [rec('GHSA-aaaa-bbbb-cccc', c.second, { summary: 'second', affected: [pypi('torch', [{ introduced: '0' }])] })]);
      assert.equal(r2[c.outcome], 1);
      assert.equal(store.advisory('GHSA-aaaa-bbbb-cccc')?.summary, c.summary);
      store.close();
    });
  }

  it('replaces all affected rows when a record changes (GHSA-887c: last_affected 2.7.1 → fixed 2.8.0), dropping the old blob', () => {
    const { store, file } = fresh();
    store.applyBatch('ghsa-repo', [GHSA_887C_OLD]);
    const before = store.lookup('PyPI', 'torch');
    assert.deepEqual(before[0]?.affected.ranges?.[0]?.events, [{ introduced: '0' }, { last_affected: '2.7.1' }]);
    const r = store.applyBatch('ghsa-repo', [GHSA_887C_NEW]);
    assert.equal(r.updated, 1);
    const rows = store.lookup('PyPI', 'torch');
    assert.equal(rows.length, 1);
    assert.deepEqual(rows[0]?.affected.ranges?.[0]?.events, [{ introduced: '0' }, { fixed: '2.8.0' }]);
    assert.equal(store.stats().affected, 1);
    store.close();
    withRaw(file, (db) => assert.equal((db.prepare('SELECT COUNT(*) AS n FROM blob').get() as { n: number }).n, 1));
  });

  it('drops affected entries a revision removes and adds the ones it adds', () => {
    const { store } = fresh();
    store.applyBatch('t', [rec('GHSA-r399-636x-v7f6', '2025-01-01T00:00:00Z', { affected: [pypi('langchain', [{ introduced: '0' }]), pypi('langchain-core', [{ introduced: '0' }])] })]);
    store.applyBatch('t', [rec('GHSA-r399-636x-v7f6', '2025-02-01T00:00:00Z', { affected: [pypi('langchain-core', [{ introduced: '0' }, { fixed: '1.0' }])] })]);
    assert.deepEqual(store.lookup('PyPI', 'langchain'), []);
    assert.equal(store.lookup('PyPI', 'langchain-core').length, 1);
    store.close();
  });

  it('keeps withdrawn records, flagged on every affected row, and counts them', () => {
    const { store } = fresh();
    store.applyBatch('ossf-mal', [rec('MAL-2025-1', '2025-03-01T00:00:00Z', { withdrawn: '2025-03-01T00:00:00Z', affected: [pypi('deepseeek', [], ['0.0.8'])] })]);
    const rows = store.lookup('PyPI', 'deepseeek');
    assert.equal(rows.length, 1);
    assert.equal(rows[0]?.withdrawn, '2025-03-01T00:00:00Z');
    assert.equal(rows[0]?.kind, 'malware');
    assert.equal(store.stats().withdrawn, 1);
    assert.equal(store.advisory('MAL-2025-1')?.withdrawn, '2025-03-01T00:00:00Z');
    store.close();
  });

  it('skips invalid records with a reason and keeps the valid ones of the same batch', () => {
    const { store } = fresh();
    const invalid: [unknown, RegExp][] = [
      ['not a record', /not a JSON object/],
      [{ modified: '2024-01-01T00:00:00Z' }, /no id/],
      [{ id: 'GHSA x', modified: '2024-01-01T00:00:00Z' }, /characters/],
      [{ id: 'GHSA-1', modified: 'yesterday' }, /modified/],
      [{ id: 'GHSA-2' }, /modified/],
      [{ id: 'GHSA-3', modified: '2024-01-01T00:00:00Z', affected: {} }, /affected is not an array/],
      [{ id: 'GHSA-4', modified: '2024-01-01T00:00:00Z', affected: [{ package: { ecosystem: 'PyPI' } }] }, /package\.name/],
      [{ id: 'GHSA-5', modified: '2024-01-01T00:00:00Z', affected: [{ package: { ecosystem: 'PyPI', name: 'x' }, ranges: [{ type: 'ECOSYSTEM' }] }] }, /events/],
      [{ id: 'GHSA-5b', modified: '2024-01-01T00:00:00Z', affected: [{ package: { ecosystem: 'PyPI', name: 'x' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: 2.0 }] }] }] }, /not a version string/],
      [{ id: 'GHSA-6', modified: '2024-01-01T00:00:00Z', aliases: ['CVE-1', 7] }, /aliases/],
      [{ id: 'GHSA-7', modified: '2024-01-01T00:00:00Z', affected: [{ versions: [1, 2] }] }, /versions/],
      [{ id: 'GHSA-8', modified: '2024-01-01T00:00:00Z', withdrawn: 'soon' }, /withdrawn/],
    ];
    const r = store.applyBatch('t', [...invalid.map(([v]) => v as OsvRecord), GHSA_887C_OLD]);
    assert.equal(r.inserted, 1);
    assert.equal(r.skipped.length, invalid.length);
    invalid.forEach(([, reason], i) => assert.match(r.skipped[i]?.reason ?? '', reason));
    assert.equal(store.stats().advisories, 1);
    store.close();
  });

  it('rolls back a batch that throws half way: records, affected rows and the feed cursor stay as they were', () => {
    const { store } = fresh();
    store.applyBatch('ghsa-rest', [GHSA_887C_OLD], { feed: 'ghsa-rest:reviewed', cursor: 'c1', status: 'partial' });
    const exploding = {
      id: 'GHSA-zzzz-zzzz-zzzz',
      modified: '2025-01-01T00:00:00Z',
      get affected(): never {
        throw new Error('connection lost');
      },
    };
    assert.throws(() => store.applyBatch('ghsa-rest', [GHSA_887C_NEW, exploding as unknown as OsvRecord], { feed: 'ghsa-rest:reviewed', cursor: 'c2' }), /connection lost/);
    assert.deepEqual(store.lookup('PyPI', 'torch')[0]?.affected.ranges?.[0]?.events, [{ introduced: '0' }, { last_affected: '2.7.1' }]);
    assert.equal(store.getFeedState('ghsa-rest:reviewed')?.cursor, 'c1');
    assert.equal(store.getFeedState('ghsa-rest:reviewed')?.highWaterModified, GHSA_887C_OLD.modified);
    assert.equal(store.stats().advisories, 1);
    store.close();
  });
});

describe('AdvisoryStore: lookups', () => {
  it('resolves aliases both ways and transitively, case-insensitively', () => {
    const { store } = fresh();
    store.applyBatch('t', [
      rec('PYSEC-2024-43', '2024-03-01T00:00:00Z', { aliases: ['CVE-2024-28088'], affected: [pypi('langchain', [{ introduced: '0' }, { fixed: '0.1.11' }])] }),
      rec('PYSEC-2024-45', '2024-03-01T00:00:00Z', { aliases: ['CVE-2024-28088'], affected: [pypi('langchain-core', [{ introduced: '0' }, { fixed: '0.1.11' }])] }),
      rec('GHSA-53q9-r3pm-6pq6', '2025-04-18T00:00:00Z', { aliases: ['CVE-2025-32434'] }),
    ]);
    assert.deepEqual(store.aliasesOf('GHSA-53q9-r3pm-6pq6'), ['CVE-2025-32434']);
    assert.deepEqual(store.aliasesOf('CVE-2025-32434'), ['GHSA-53q9-r3pm-6pq6']);
    assert.deepEqual(store.aliasesOf('cve-2025-32434'), ['GHSA-53q9-r3pm-6pq6']);
    assert.deepEqual(store.aliasesOf('PYSEC-2024-43'), ['CVE-2024-28088', 'PYSEC-2024-45']);
    assert.deepEqual(store.aliasesOf('CVE-2024-28088'), ['PYSEC-2024-43', 'PYSEC-2024-45']);
    assert.deepEqual(store.aliasesOf('GHSA-none'), []);
    store.close();
  });

  const names: { ecosystem: string; stored: string; asked: string; ecosystemAsked?: string; hit: boolean }[] = [
    { ecosystem: 'PyPI', stored: 'zope.interface', asked: 'zope-interface', hit: true },
    { ecosystem: 'PyPI', stored: 'zope.interface', asked: 'Zope_Interface', hit: true },
    { ecosystem: 'PyPI', stored: 'ruamel.yaml', asked: 'ruamel-yaml', hit: true },
    { ecosystem: 'PyPI', stored: 'ruamel.yaml', asked: 'RUAMEL..YAML', hit: true },
    { ecosystem: 'PyPI', stored: 'Torch', asked: 'torch', hit: true },
    { ecosystem: 'PyPI', stored: 'torch', asked: 'Torch', ecosystemAsked: 'pypi', hit: true },
    { ecosystem: 'PyPI', stored: 'torch', asked: 'torchvision', hit: false },
    { ecosystem: 'npm', stored: '@langchain/core', asked: '@langchain/core', hit: true },
    { ecosystem: 'npm', stored: '@langchain/core', asked: '@LangChain/core', hit: false },
    { ecosystem: 'HuggingFace', stored: 'MCPotato/42-eicar-street', asked: 'mcpotato/42-EICAR-street', hit: true },
    { ecosystem: 'PyPI', stored: 'langchain', asked: 'langchain', ecosystemAsked: 'npm', hit: false },
  ];
  for (const n of names) {
    it(`${n.hit ? 'finds' : 'does not find'} ${n.ecosystem} ${n.stored} when asked for ${n.ecosystemAsked ?? n.ecosystem} ${n.asked}`, () => {
      const { store } = fresh();
      store.applyBatch('t', [rec('OSV-1', '2024-01-01T00:00:00Z', { affected: [{ package: { ecosystem: n.ecosystem, name: n.stored }, versions: ['1'] }] })]);
      const rows = store.lookup(n.ecosystemAsked ?? n.ecosystem, n.asked);
      assert.equal(rows.length, n.hit ? 1 : 0);
      if (n.hit) assert.equal(rows[0]?.rawName, n.stored);
      store.close();
    });
  }

  it('returns the whole affected entry: GIT range first, ECOSYSTEM range, versions, database_specific', () => {
    const { store } = fresh();
    const entry = {
      package: { ecosystem: 'PyPI', name: 'torch', purl: 'pkg:pypi/torch' },
      ranges: [
        { type: 'GIT', repo: 'https://github.com/pytorch/pytorch', events: [{ introduced: '0' }, { fixed: '767f6aa49fe20a2766b9843d01e3b7f7793df6a3' }] },
        { type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '1.13.1' }] },
      ],
      versions: ['1.0.0', '1.13.0'],
      database_specific: { source: 'test' },
    };
    store.applyBatch('t', [rec('PYSEC-2022-43015', '2023-05-04T03:49:48.383740Z', { affected: [entry, { ranges: [{ type: 'GIT', repo: 'x', events: [{ introduced: '0' }] }] }] })]);
    const rows = store.lookup('PyPI', 'torch');
    assert.deepEqual(rows, [{ advisoryId: 'PYSEC-2022-43015', ecosystem: 'PyPI', name: 'torch', rawName: 'torch', affected: entry, kind: 'vuln' }]);
    assert.equal(store.stats().affected, 1, 'the package-less GIT entry is kept in the record only');
    store.close();
  });

  it('lookupMany answers every key, empty where nothing matched', () => {
    const { store } = fresh();
    store.applyBatch('t', [GHSA_887C_OLD]);
    const m = store.lookupMany([
      { ecosystem: 'PyPI', name: 'Torch' },
      { ecosystem: 'PyPI', name: 'numpy' },
      { ecosystem: 'PyPI', name: 'torch' },
    ]);
    assert.deepEqual([...m.keys()], ['PyPI\u0000torch', 'PyPI\u0000numpy']);
    assert.equal(m.get('PyPI\u0000torch')?.length, 1);
    assert.deepEqual(m.get('PyPI\u0000numpy'), []);
    store.close();
  });

  it('classifies kinds: MAL ids and GHSA malware are malware, hub models unsafe-model, the rest vuln', () => {
    const cases: [OsvRecord, string][] = [
      [rec('MAL-2025-1970', '2025-01-01T00:00:00Z'), 'malware'],
      [rec('GHSA-mmmm-mmmm-mmmm', '2025-01-01T00:00:00Z', { database_specific: { type: 'malware' } }), 'malware'],
      [rec('GHSA-oooo-oooo-oooo', '2025-01-01T00:00:00Z', { database_specific: { 'malicious-packages-origins': [] } }), 'malware'],
      [rec('LANTERN-HF-0001', '2025-01-01T00:00:00Z', { affected: [{ package: { ecosystem: 'HuggingFace', name: 'org/model' } }] }), 'unsafe-model'],
      [rec('GHSA-rh4j-5rhw-hr54', '2025-01-01T00:00:00Z', { database_specific: { type: 'reviewed' }, affected: [pypi('vllm', [{ introduced: '0' }])] }), 'vuln'],
    ];
    for (const [r, kind] of cases) assert.equal(advisoryKind(r), kind, r.id);
    const { store } = fresh();
    store.applyBatch('t', cases.map(([r]) => r));
    assert.deepEqual(store.stats().byKind, { malware: 3, 'unsafe-model': 1, vuln: 1 });
    store.close();
  });

  it('fills the severity columns: CVSS vector and version from severity[], the level from database_specific', () => {
    const { store, file } = fresh();
    store.applyBatch('t', [
      rec('GHSA-rh4j-5rhw-hr54', '2025-01-01T00:00:00Z', { severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:H/I:H/A:H' }], database_specific: { severity: 'HIGH' } }),
      rec('GHSA-v4v4-v4v4-v4v4', '2025-01-01T00:00:00Z', { severity: [{ type: 'CVSS_V4', score: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N' }], database_specific: { severity: 'critical' } }),
      rec('GHSA-37q5-v5qm-c9v8', '2025-01-01T00:00:00Z', { severity: [], database_specific: { severity: 'LOW' } }),
    ]);
    store.close();
    const rows = withRaw(file, (db) => db.prepare('SELECT id, severity, cvss_vector, cvss_version FROM advisory ORDER BY id').all());
    assert.deepEqual(rows, [
      { id: 'GHSA-37q5-v5qm-c9v8', severity: 'LOW', cvss_vector: null, cvss_version: null },
      { id: 'GHSA-rh4j-5rhw-hr54', severity: 'HIGH', cvss_vector: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:H/I:H/A:H', cvss_version: '3.1' },
      { id: 'GHSA-v4v4-v4v4-v4v4', severity: 'CRITICAL', cvss_vector: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N', cvss_version: '4.0' },
    ]);
  });

  it('exports every record sorted by id, and an export imported elsewhere gives the same records', () => {
    const { store } = fresh();
    const records = [rec('PYSEC-2023-18', '2023-04-01T00:00:00Z'), GHSA_887C_OLD, rec('MAL-2025-1970', '2025-01-01T00:00:00Z')];
    store.applyBatch('t', records);
    const exported = store.exportRecords();
    assert.deepEqual(exported.map((r) => r.id), ['GHSA-887c-mr87-cxwp', 'MAL-2025-1970', 'PYSEC-2023-18']);
    const other = fresh().store;
    other.applyBatch('copy', exported);
    assert.deepEqual(other.exportRecords(), exported);
    store.close();
    other.close();
  });
});

describe('AdvisoryStore: feed state and sweeps', () => {
  it('merges feed state, clears a key given as undefined, counts advisories and tracks the high-water mark', () => {
    const { store } = fresh();
    store.setFeedState({ feed: 'osv:PyPI', url: 'https://example.test/PyPI/all.zip', etag: '"e1"' });
    store.setFeedState({ feed: 'osv:PyPI', cursor: 'abc', status: 'partial' });
    store.applyBatch('osv:PyPI', [GHSA_887C_OLD, rec('PYSEC-2023-18', '2023-04-01T00:00:00Z')]);
    let s = store.getFeedState('osv:PyPI');
    assert.deepEqual(s, { feed: 'osv:PyPI', url: 'https://example.test/PyPI/all.zip', etag: '"e1"', cursor: 'abc', status: 'partial', highWaterModified: GHSA_887C_OLD.modified, count: 2 });
    store.setFeedState({ feed: 'osv:PyPI', cursor: undefined, status: 'ok' });
    s = store.getFeedState('osv:PyPI');
    assert.equal(s?.cursor, undefined);
    assert.equal(s?.status, 'ok');
    assert.equal(s?.etag, '"e1"');
    store.applyBatch('osv:PyPI', [rec('PYSEC-2020-1', '2020-01-01T00:00:00Z')]);
    assert.equal(store.getFeedState('osv:PyPI')?.highWaterModified, GHSA_887C_OLD.modified, 'an older batch does not lower it');
    assert.deepEqual(store.feeds().map((f) => f.feed), ['osv:PyPI']);
    assert.throws(() => store.setFeedState({ feed: 'x', status: 'done' as never }), /ok, partial or failed/);
    store.close();
  });

  it('sweeps what a full import no longer delivers, but keeps what another feed still carries', () => {
    const { store } = fresh();
    const a = rec('PYSEC-1', '2024-01-01T00:00:00Z', { affected: [pypi('a', [{ introduced: '0' }])] });
    const b = rec('PYSEC-2', '2024-01-01T00:00:00Z', { affected: [pypi('b', [{ introduced: '0' }])] });
    const c = rec('PYSEC-3', '2024-01-01T00:00:00Z', { affected: [pypi('c', [{ introduced: '0' }])] });
    store.beginSweep('osv:PyPI');
    store.applyBatch('osv:PyPI', [a, b, c]);
    assert.equal(store.sweep('osv:PyPI', { status: 'ok' }), 0);
    store.applyBatch('embedded', [c]);
    store.beginSweep('osv:PyPI', { status: 'partial' });
    store.applyBatch('osv:PyPI', [a]);
    assert.equal(store.getFeedState('osv:PyPI')?.status, 'partial');
    assert.equal(store.sweep('osv:PyPI', { status: 'ok' }), 1);
    assert.deepEqual(store.exportRecords().map((r) => r.id), ['PYSEC-1', 'PYSEC-3']);
    assert.deepEqual(store.lookup('PyPI', 'b'), []);
    assert.equal(store.getFeedState('osv:PyPI')?.count, 1);
    assert.equal(store.getFeedState('embedded')?.count, 1);
    assert.equal(store.getFeedState('osv:PyPI')?.status, 'ok');
    store.close();
  });
});

describe('defaultDbPath', () => {
  const cases: { name: string; env: NodeJS.ProcessEnv; platform: NodeJS.Platform; expect: string }[] = [
    { name: '$LANTERN_DB wins', env: { LANTERN_DB: '/data/adv.db', XDG_CACHE_HOME: '/xdg' }, platform: 'linux', expect: '/data/adv.db' },
    { name: '$XDG_CACHE_HOME', env: { XDG_CACHE_HOME: '/xdg' }, platform: 'linux', expect: '/xdg/lantern/advisories.db' },
    { name: 'a relative $XDG_CACHE_HOME is ignored', env: { XDG_CACHE_HOME: 'rel' }, platform: 'linux', expect: '/home/u/.cache/lantern/advisories.db' },
    { name: '~/.cache otherwise', env: {}, platform: 'darwin', expect: '/home/u/.cache/lantern/advisories.db' },
    { name: 'Windows: %LOCALAPPDATA%', env: { LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' }, platform: 'win32', expect: 'C:\\Users\\u\\AppData\\Local\\lantern\\advisories.db' },
    { name: 'Windows without %LOCALAPPDATA%', env: {}, platform: 'win32', expect: 'C:\\Users\\u\\AppData\\Local\\lantern\\advisories.db' },
  ];
  for (const c of cases) {
    it(c.name, () => assert.equal(defaultDbPath(c.env, c.platform, c.platform === 'win32' ? 'C:\\Users\\u' : '/home/u'), c.expect));
  }
});

describe('checkRecord', () => {
  it('accepts the id spellings of real OSV sources', () => {
    for (const id of ['GHSA-53q9-r3pm-6pq6', 'PYSEC-2022-43015', 'MAL-2025-1970', 'RUSTSEC-2020-0001', 'ALSA-2022:0001', 'GO-2022-0001', 'CVE-2025-32434']) {
      assert.ok(checkRecord({ id, modified: '2024-01-01T00:00:00Z' }).ok, id);
    }
  });
});
