/**
 * Valid / invalid cases for pytorch/storage-size-mismatch (CVE-2026-24747): a real torch.save zip,
 * and the same zip with a storage blob cut short or removed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BufferSource } from '../../src/formats/source.js';
import { listZip } from '../../src/formats/zip.js';
import { buildZip, type ZipSpec } from '../formats/builders.js';
import { FIXTURES } from '../support/paths.js';
import type { Case, RuleCases } from './model-cases.js';

const ORIGINAL = readFileSync(join(FIXTURES, 'models/positive/pytorch/model.pt'));

/** The members of a stored or deflated zip, as builder specs (test helper: reads whole members). */
function members(zip: Uint8Array): ZipSpec[] {
  const src = new BufferSource(zip);
  const l = listZip(src);
  if (!l.ok) throw new Error(l.error);
  return l.value.entries.map((e) => {
    if (e.method !== 0) throw new Error('fixture expected stored members');
    const h = src.readAt(e.localHeaderOffset, 30);
    const start = e.localHeaderOffset + 30 + (h[26] ?? 0) + ((h[27] ?? 0) << 8) + (h[28] ?? 0) + ((h[29] ?? 0) << 8);
    return { name: e.name, data: Buffer.from(src.readAt(start, e.compressedSize)) };
  });
}

const rebuilt = (edit: (m: ZipSpec[]) => ZipSpec[]): Uint8Array => buildZip(edit(members(ORIGINAL))).bytes;
const c = (name: string, file: string, bytes: Uint8Array): Case => ({ name, file, bytes });

export const PYTORCH_RULE_CASES: Record<string, RuleCases> = {
  'pytorch/storage-size-mismatch': {
    invalid: [
      c('a storage blob cut to 8 of its 48 bytes', 'short.pt', rebuilt((m) => m.map((x) => (x.name.endsWith('/data/0') ? { ...x, data: (x.data as Uint8Array).subarray(0, 8) } : x)))),
      c('a storage blob removed', 'missing.pt', rebuilt((m) => m.filter((x) => !x.name.endsWith('/data/1')))),
    ],
    valid: [
      c('torch.save output as written', 'model.pt', ORIGINAL),
      c('the same archive rebuilt unchanged', 'same.pt', rebuilt((m) => m)),
      c('a blob larger than declared (padding is harmless)', 'padded.pt', rebuilt((m) => m.map((x) => (x.name.endsWith('/data/2') ? { ...x, data: Buffer.concat([x.data as Uint8Array, Buffer.alloc(16)]) } : x)))),
    ],
  },
};
