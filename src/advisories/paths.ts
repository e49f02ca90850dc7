/**
 * Where the advisory database lives when no `--db` is given. A cache, not configuration: it can
 * be deleted at any time and is rebuilt from the embedded snapshot on the next scan, so it goes
 * where each platform keeps caches rather than next to the user's settings.
 */
import { homedir } from 'node:os';
import { isAbsolute, posix, win32 } from 'node:path';

const FILE_NAME = 'advisories.db';

/**
 * `$LANTERN_DB`, else `$XDG_CACHE_HOME/lantern/advisories.db`, else `~/.cache/lantern/advisories.db`;
 * on Windows `%LOCALAPPDATA%\lantern\advisories.db`. The arguments exist for tests; callers pass none.
 * A relative `XDG_CACHE_HOME` is ignored, as the XDG spec asks, so the database never depends on the
 * directory Lantern happens to be started from.
 */
export function defaultDbPath(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home: string = homedir()): string {
  const explicit = env.LANTERN_DB?.trim();
  if (explicit) return explicit;
  if (platform === 'win32') {
    const local = env.LOCALAPPDATA?.trim();
    return win32.join(local && win32.isAbsolute(local) ? local : win32.join(home, 'AppData', 'Local'), 'lantern', FILE_NAME);
  }
  const xdg = env.XDG_CACHE_HOME?.trim();
  const cache = xdg && isAbsolute(xdg) ? xdg : posix.join(home, '.cache');
  return posix.join(cache, 'lantern', FILE_NAME);
}
