/** Shared by the advisory tests: temporary databases and OSV records shaped like the real ones. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OsvAffected, OsvRecord } from '../../src/advisories/osv.js';

/** A fresh temporary folder; `cleanup()` removes every folder made so far. */
export function tempDirs(): { make(): string; cleanup(): void } {
  const made: string[] = [];
  return {
    make() {
      const d = mkdtempSync(join(tmpdir(), 'lantern-adv-'));
      made.push(d);
      return d;
    },
    cleanup() {
      for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
    },
  };
}

export function pypi(name: string, events: Record<string, string>[], versions?: string[]): OsvAffected {
  const entry: OsvAffected = { package: { ecosystem: 'PyPI', name }, ranges: [{ type: 'ECOSYSTEM', events }] };
  if (versions) entry.versions = versions;
  return entry;
}

export function rec(id: string, modified: string, fields: Partial<OsvRecord> = {}): OsvRecord {
  return { id, modified, ...fields };
}

/** GHSA-887c-mr87-cxwp as first published (last_affected 2.7.1) and as later revised (fixed 2.8.0). */
export const GHSA_887C_OLD = rec('GHSA-887c-mr87-cxwp', '2025-04-15T00:00:00Z', {
  aliases: ['CVE-2025-3730'],
  summary: 'torch ctc_loss denial of service',
  affected: [pypi('torch', [{ introduced: '0' }, { last_affected: '2.7.1' }])],
  database_specific: { severity: 'MODERATE' },
});
export const GHSA_887C_NEW = rec('GHSA-887c-mr87-cxwp', '2025-08-01T00:00:00Z', {
  aliases: ['CVE-2025-3730'],
  summary: 'torch ctc_loss denial of service (fixed)',
  affected: [pypi('torch', [{ introduced: '0' }, { fixed: '2.8.0' }])],
  database_specific: { severity: 'MODERATE' },
});
