/** Helpers for the language front-end tests: keyed sites as compact rows, and a masked text's checks. */
import assert from 'node:assert/strict';
import type { StringSite } from '../../src/lang/types.js';

/** Keyed string sites as [key, value, line, column] rows. */
export function keyedRows(sites: readonly StringSite[]): [string | undefined, string, number, number][] {
  return sites.map((s) => [s.key, s.value, s.line, s.column]);
}

/** A masked text keeps the length and the line breaks of its source, holds every `kept` text and none of the `gone` ones. */
export function assertMasked(masked: string, src: string, kept: string[], gone: string[]): void {
  assert.equal(masked.length, src.length);
  assert.equal(masked.split('\n').length, src.split('\n').length);
  for (const k of kept) assert.ok(masked.includes(k), `kept: ${k}`);
  for (const g of gone) assert.ok(!masked.includes(g), `gone: ${g}`);
}
