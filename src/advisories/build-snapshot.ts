/**
 * Builds the shipped advisory snapshot, data/advisories/snapshot.json, from the hand-assembled OSV
 * records in data/advisories/src/<ID>.json. Deterministic: records sorted by id, one per line, and
 * the snapshot date is the newest `modified` among them (no clock), so the same sources always give
 * the same bytes and test/advisories/snapshot.test.ts can fail when the committed file is stale.
 *
 *   node build/src/advisories/build-snapshot.js           rewrite the snapshot
 *   node build/src/advisories/build-snapshot.js --check   exit 1 if it is out of date
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Snapshot } from './embedded.js';
import type { OsvRecord } from './osv.js';
import { checkRecord, isLater } from './store.js';
import { isEntry } from '../util/entry.js';
import { packageRoot } from '../util/package-root.js';

/** Reads and checks every source record; a bad one is an error naming its file (these are our data). */
export function buildSnapshot(srcDir: string): Snapshot {
  const records: OsvRecord[] = [];
  const files = readdirSync(srcDir).filter((f) => f.endsWith('.json')).sort();
  for (const f of files) {
    let value: unknown;
    try {
      value = JSON.parse(readFileSync(join(srcDir, f), 'utf8'));
    } catch (e) {
      throw new Error(`${f}: not valid JSON (${(e as Error).message})`);
    }
    const checked = checkRecord(value);
    if (!checked.ok) throw new Error(`${f}: ${checked.reason}`);
    if (`${checked.record.id}.json` !== f) throw new Error(`${f}: holds ${checked.record.id}; name the file after the record id`);
    records.push(checked.record);
  }
  if (records.length === 0) throw new Error(`${srcDir}: no records`);
  records.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const newest = records.reduce((max, r) => (isLater(r.modified, max) ? r.modified : max), records[0]!.modified);
  return { snapshotDate: new Date(Date.parse(newest)).toISOString(), records };
}

export function serializeSnapshot(s: Snapshot): string {
  return `{\n  "snapshotDate": ${JSON.stringify(s.snapshotDate)},\n  "records": [\n${s.records.map((r) => `    ${JSON.stringify(r)}`).join(',\n')}\n  ]\n}\n`;
}

function main(argv: string[]): number {
  const root = packageRoot();
  const out = join(root, 'data', 'advisories', 'snapshot.json');
  const text = serializeSnapshot(buildSnapshot(join(root, 'data', 'advisories', 'src')));
  if (argv.includes('--check')) {
    const current = existsSync(out) ? readFileSync(out, 'utf8') : '';
    if (current === text) return 0;
    process.stderr.write(`${out} is out of date; run node build/src/advisories/build-snapshot.js\n`);
    return 1;
  }
  writeFileSync(out, text);
  process.stderr.write(`wrote ${out}\n`);
  return 0;
}


if (isEntry(import.meta.url)) process.exitCode = main(process.argv.slice(2));
