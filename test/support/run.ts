/** Runs the built CLI as a user would, in a child process. */
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { CLI } from './paths.js';

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export function lantern(args: string[], opts: SpawnSyncOptions & { env?: NodeJS.ProcessEnv } = {}): Run {
  const env = { ...process.env, ...(opts.env ?? {}) };
  delete env.LANTERN_FORMAT;
  delete env.LANTERN_FAIL_ON;
  Object.assign(env, opts.env ?? {});
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', ...opts, env, maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status ?? -1, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? '') };
}
