/** The scanner's own identity, read once from package.json. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from './package-root.js';

let info: { name: string; version: string } | undefined;

export function toolInfo(): { name: string; version: string } {
  if (!info) {
    const pkg = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string };
    info = { name: 'lantern', version: pkg.version };
  }
  return info;
}
