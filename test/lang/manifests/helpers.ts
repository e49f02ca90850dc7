/** Helpers for the manifest reader tests. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DeclaredDependency, WorkspaceRoot } from '../../../src/lang/types.js';
import { readManifest, resolveVersions, type ManifestResult } from '../../../src/lang/manifests/index.js';
import { readVersionCatalog } from '../../../src/lang/manifests/gradle.js';
import { FIXTURES } from '../../support/paths.js';

export const MANIFESTS = join(FIXTURES, 'manifests');

export function fixture(rel: string): string {
  return readFileSync(join(MANIFESTS, rel), 'utf8');
}

/** Reads a fixture under the given manifest path (the path decides the reader). */
export function readFixture(rel: string, as: string): ManifestResult {
  return readManifest(as, fixture(rel));
}

/** A compact row: name, range, version, scope, line (undefined fields left out). */
export type Row = [name: string, range?: string, version?: string, scope?: DeclaredDependency['scope'], line?: number];

export function rows(deps: DeclaredDependency[]): Row[] {
  return deps.map((d) => [d.name, d.range, d.version, d.scope, d.line]);
}

export function expectRows(r: ManifestResult, expected: Row[]): void {
  const want = expected.map((e) => [e[0], e[1], e[2], e[3], e[4]]);
  assert.deepEqual(rows(r.deps), want);
}

export function noWarnings(r: ManifestResult): void {
  assert.deepEqual(r.warnings, []);
}

/**
 * Reads every file as a scan would and merges: the deps and the workspace roots. `catalogs`: TOML
 * files of other names that a settings file creates a catalog from, which the scan reads as
 * catalogs (src/inventory/gradle-catalogs.ts).
 */
export function resolveTree(files: Record<string, string>, catalogs: Record<string, string> = {}): DeclaredDependency[] {
  const deps: DeclaredDependency[] = [];
  const roots: WorkspaceRoot[] = [];
  for (const [path, text] of [...Object.entries(files), ...Object.entries(catalogs)]) {
    const r = Object.hasOwn(catalogs, path) ? readVersionCatalog(path, text) : readManifest(path, text);
    assert.deepEqual(r.warnings, [], path);
    deps.push(...r.deps);
    if (r.workspace) roots.push(r.workspace);
  }
  return resolveVersions(deps, roots);
}
