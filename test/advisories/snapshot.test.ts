import { after, afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSnapshot, serializeSnapshot } from '../../src/advisories/build-snapshot.js';
import { EMBEDDED_FEED, ensureEmbedded, openForScan, openForUpdate, readSnapshot, type Snapshot } from '../../src/advisories/embedded.js';
import { AdvisoryStore, AdvisoryStoreError, checkRecord } from '../../src/advisories/store.js';
import type { OsvRecord } from '../../src/advisories/osv.js';
import { REPO } from '../support/paths.js';
import { rec, tempDirs } from './helpers.js';

const SRC = join(REPO, 'data', 'advisories', 'src');
const SNAPSHOT = join(REPO, 'data', 'advisories', 'snapshot.json');
const PLACEHOLDER = '2000-01-01T00:00:00Z';

const dirs = tempDirs();
after(() => dirs.cleanup());

function writeSnapshot(s: Snapshot): string {
  const file = join(dirs.make(), 'snapshot.json');
  writeFileSync(file, serializeSnapshot(s));
  return file;
}

describe('the shipped snapshot', () => {
  const snapshot = readSnapshot(SNAPSHOT);

  it('is exactly what build-snapshot makes from data/advisories/src (run node build/src/advisories/build-snapshot.js)', () => {
    assert.equal(readFileSync(SNAPSHOT, 'utf8'), serializeSnapshot(buildSnapshot(SRC)));
  });

  it('holds valid records with unique ids, sorted, dated by its newest record', () => {
    const ids = snapshot.records.map((r) => r.id);
    assert.deepEqual(ids, [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    assert.equal(new Set(ids).size, ids.length);
    for (const r of snapshot.records) assert.ok(checkRecord(r).ok, r.id);
    const newest = Math.max(...snapshot.records.map((r) => Date.parse(r.modified)));
    assert.equal(Date.parse(snapshot.snapshotDate), newest);
  });

  it('says where every record comes from, and flags every partial one', () => {
    for (const r of snapshot.records) {
      const dbs = r.database_specific ?? {};
      assert.equal(typeof dbs.lantern_source, 'string', `${r.id} names its source`);
      if (r.modified === PLACEHOLDER) assert.match(String(dbs.lantern_note), /^partial: /, `${r.id} has a placeholder date, so it must be marked partial`);
      if (r.id.startsWith('PYSEC-') && r.modified !== PLACEHOLDER) assert.match(String(dbs.lantern_source), /PyPA advisory-database \(CC-BY-4\.0\)/, r.id);
      assert.equal(r.details, undefined, `${r.id}: upstream prose is not copied; the summary is our own`);
      assert.ok(r.summary && r.summary.length <= 200, `${r.id} has a short summary`);
    }
  });

  it("gives Lantern's own records Lantern ids only, never invented CVE or GHSA aliases", () => {
    const own = snapshot.records.filter((r) => r.id.startsWith('LANTERN-'));
    assert.ok(own.length > 0);
    for (const r of own) assert.deepEqual(r.aliases ?? [], [], r.id);
  });

  it('covers the AI packages a scan meets', () => {
    const covered = new Set(snapshot.records.flatMap((r) => (r.affected ?? []).map((a) => `${a.package?.ecosystem}:${a.package?.name}`)));
    const expected = ['torch', 'tensorflow', 'tensorflow-gpu', 'transformers', 'langchain', 'langchain-core', 'langchain-experimental', 'llama-index', 'gradio', 'mlflow', 'vllm', 'onnx', 'ultralytics', 'torchtriton', 'paddlepaddle', 'pytorch-lightning', 'joblib', 'scikit-learn', 'nltk'];
    for (const name of expected) assert.ok(covered.has(`PyPI:${name}`), `PyPI ${name}`);
    for (const name of ['@langchain/core', 'langchain']) assert.ok(covered.has(`npm:${name}`), `npm ${name}`);
    assert.ok(covered.has('HuggingFace:mcpotato/42-eicar-street'));
  });
});

describe('ensureEmbedded', () => {
  const base = readSnapshot(SNAPSHOT);

  it('imports the snapshot into a fresh store once, then only checks its hash', () => {
    const store = AdvisoryStore.open(':memory:');
    const first = ensureEmbedded(store, SNAPSHOT);
    assert.deepEqual(first, { imported: true, snapshotDate: base.snapshotDate, deleted: 0 });
    const state = store.getFeedState(EMBEDDED_FEED);
    assert.equal(state?.status, 'ok');
    assert.equal(state?.revision, base.snapshotDate);
    assert.equal(state?.count, base.records.length);
    assert.deepEqual(store.exportRecords(), base.records);
    assert.equal(ensureEmbedded(store, SNAPSHOT).imported, false);
    assert.equal(store.lookup('PyPI', 'Torch').length > 0, true);
    store.close();
  });

  it('re-imports a newer snapshot and removes the records it dropped', () => {
    const store = AdvisoryStore.open(':memory:');
    ensureEmbedded(store, writeSnapshot({ snapshotDate: '2025-01-01T00:00:00.000Z', records: [rec('PYSEC-OLD-1', '2025-01-01T00:00:00Z'), rec('PYSEC-KEEP-1', '2024-01-01T00:00:00Z')] }));
    const r = ensureEmbedded(store, writeSnapshot({ snapshotDate: '2025-06-01T00:00:00.000Z', records: [rec('PYSEC-KEEP-1', '2024-01-01T00:00:00Z'), rec('PYSEC-NEW-1', '2025-06-01T00:00:00Z')] }));
    assert.deepEqual(r, { imported: true, snapshotDate: '2025-06-01T00:00:00.000Z', deleted: 1 });
    assert.deepEqual(store.exportRecords().map((x) => x.id), ['PYSEC-KEEP-1', 'PYSEC-NEW-1']);
    store.close();
  });

  it('re-imports a snapshot of the same date whose content changed', () => {
    const store = AdvisoryStore.open(':memory:');
    ensureEmbedded(store, writeSnapshot({ snapshotDate: '2025-01-01T00:00:00.000Z', records: [rec('PYSEC-A-1', '2025-01-01T00:00:00Z')] }));
    const r = ensureEmbedded(store, writeSnapshot({ snapshotDate: '2025-01-01T00:00:00.000Z', records: [rec('PYSEC-A-1', '2025-01-01T00:00:00Z'), rec('PYSEC-B-1', '2020-01-01T00:00:00Z')] }));
    assert.equal(r.imported, true);
    assert.equal(store.stats().advisories, 2);
    store.close();
  });

  it('never downgrades a database that holds a newer snapshot', () => {
    const store = AdvisoryStore.open(':memory:');
    ensureEmbedded(store, writeSnapshot({ snapshotDate: '2026-01-01T00:00:00.000Z', records: [rec('PYSEC-NEW-1', '2026-01-01T00:00:00Z')] }));
    const r = ensureEmbedded(store, writeSnapshot({ snapshotDate: '2025-01-01T00:00:00.000Z', records: [rec('PYSEC-OLD-1', '2025-01-01T00:00:00Z')] }));
    assert.deepEqual(r, { imported: false, snapshotDate: '2026-01-01T00:00:00.000Z', deleted: 0 });
    assert.deepEqual(store.exportRecords().map((x) => x.id), ['PYSEC-NEW-1']);
    store.close();
  });

  it('lets a newer upstream record replace a partial snapshot record, and keeps it on the next snapshot import', () => {
    const store = AdvisoryStore.open(':memory:');
    ensureEmbedded(store, SNAPSHOT);
    const upstream: OsvRecord = rec('GHSA-887c-mr87-cxwp', '2025-08-01T00:00:00Z', { affected: [{ package: { ecosystem: 'PyPI', name: 'torch' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '2.8.0' }] }] }] });
    assert.equal(store.applyBatch('osv:PyPI', [upstream]).updated, 1);
    ensureEmbedded(store, writeSnapshot({ ...base, snapshotDate: '2099-01-01T00:00:00.000Z' }));
    assert.deepEqual(store.advisory('GHSA-887c-mr87-cxwp'), upstream);
    store.close();
  });
});

describe('openForScan', () => {
  const saved = process.env.LANTERN_DB;
  afterEach(() => {
    if (saved === undefined) delete process.env.LANTERN_DB;
    else process.env.LANTERN_DB = saved;
  });

  it('creates the default database with the snapshot (well under 5 MB) so a fresh install scans offline', () => {
    const file = join(dirs.make(), 'cache', 'lantern', 'advisories.db');
    process.env.LANTERN_DB = file;
    const store = openForScan({ offline: true });
    assert.equal(store.file, file);
    assert.equal(store.getFeedState(EMBEDDED_FEED)?.status, 'ok');
    assert.ok(store.lookup('PyPI', 'langchain').length > 0);
    store.close();
    const again = AdvisoryStore.open(file, { readonly: true });
    assert.ok(again.stats().fileBytes < 5 * 1024 * 1024, `${again.stats().fileBytes} bytes`);
    again.close();
  });

  it('falls back to an in-memory copy of the snapshot when the default location cannot be written', () => {
    const blocker = join(dirs.make(), 'a-file');
    writeFileSync(blocker, 'x');
    process.env.LANTERN_DB = join(blocker, 'advisories.db');
    const store = openForScan();
    assert.equal(store.file, ':memory:');
    assert.ok(store.lookup('PyPI', 'gradio').length > 0);
    store.close();
  });

  it('requires an explicit --db to exist, and says how to create it', () => {
    const file = join(dirs.make(), 'custom.db');
    assert.throws(() => openForScan({ db: file }), (e: unknown) => e instanceof AdvisoryStoreError && e.code === 'missing' && e.message.includes(`lantern db update --db ${file}`));
    assert.throws(() => openForScan({ db: file, offline: true }), (e: unknown) => e instanceof AdvisoryStoreError && e.message.includes(`lantern db import <file> --db ${file}`));
    openForUpdate({ db: file }).close();
    const store = openForScan({ db: file });
    assert.equal(store.file, file);
    assert.ok(store.stats().advisories > 0);
    store.close();
  });
});
