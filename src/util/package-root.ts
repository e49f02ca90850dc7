/**
 * Lantern's package root: the nearest folder above this module whose package.json is Lantern's
 * own. It holds rules/, data/ and build/, from the unbundled modules (build/src/…) and from the
 * CLI bundle (build/lantern/) alike, and when Lantern is installed inside another project.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PACKAGE_NAME = 'lantern-ai';

let root: string | undefined;

/** Memoized: rule lookups and data paths ask for it often. */
export function packageRoot(): string {
  return (root ??= findPackageRoot(dirname(fileURLToPath(import.meta.url))));
}

/** The nearest folder from `start` up whose package.json names Lantern; throws when there is none. */
export function findPackageRoot(start: string): string {
  for (let dir = start; ; ) {
    if (nameOf(join(dir, 'package.json')) === PACKAGE_NAME) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error(`cannot find the Lantern package root (a package.json named ${PACKAGE_NAME} above ${start}); the installation is incomplete`);
    dir = up;
  }
}

function nameOf(file: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown }).name as string | undefined;
  } catch {
    return undefined;
  }
}
