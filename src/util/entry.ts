/** Whether a module is the program being run (directly, or through a bin link), not an import. */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function isEntry(moduleUrl: string): boolean {
  const argv1 = process.argv[1];
  if (!argv1) return false;
  try {
    return realpathSync(argv1) === fileURLToPath(moduleUrl);
  } catch {
    return false;
  }
}
