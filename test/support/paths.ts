/** Paths for tests, which run from build/test/**. */
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after } from 'node:test';

export const REPO = join(dirname(fileURLToPath(import.meta.url)), '../../..');
export const FIXTURES = join(REPO, 'fixtures');
export const DEMO = join(FIXTURES, 'demo-repo');
export const CLI = join(REPO, 'build/lantern/main.js');

/** Writes a tree of files into a fresh temporary folder and returns its path. */
export function makeTree(files: Record<string, string | Uint8Array>): string {
  const root = mkdtempSync(join(tmpdir(), 'lantern-test-'));
  for (const [rel, content] of Object.entries(files)) {
    const p = join(root, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, content);
  }
  return root;
}

export function removeTree(root: string): void {
  rmSync(root, { recursive: true, force: true });
}

/**
 * makeTree for one suite: call it inside a describe; every tree it makes (and every folder passed
 * to `keep`) is removed after the suite.
 */
export function suiteTrees(): { tree: (files: Record<string, string | Uint8Array>) => string; keep: (dir: string) => string } {
  const roots: string[] = [];
  after(() => roots.forEach(removeTree));
  const keep = (dir: string) => {
    roots.push(dir);
    return dir;
  };
  return { tree: (files) => keep(makeTree(files)), keep };
}
