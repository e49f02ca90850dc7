/**
 * Where Lantern keeps its caches (the Hub answers of `--online`, the advisory database):
 * $LANTERN_CACHE_DIR, else $XDG_CACHE_HOME/lantern, else %LOCALAPPDATA%\lantern on Windows, else
 * ~/.cache/lantern.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.LANTERN_CACHE_DIR) return env.LANTERN_CACHE_DIR;
  if (env.XDG_CACHE_HOME) return join(env.XDG_CACHE_HOME, 'lantern');
  if (process.platform === 'win32' && env.LOCALAPPDATA) return join(env.LOCALAPPDATA, 'lantern');
  return join(homedir(), '.cache', 'lantern');
}
