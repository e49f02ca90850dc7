#!/usr/bin/env node
/**
 * The `lantern` program (the bundle's main.js). It loads nothing of the scanner itself: a scan of
 * a large tree runs in a thread of its own (src/cli/thread.ts) started with a bounded young
 * generation; every other command, and a scan of a smaller tree, runs in this thread.
 *
 * Why a thread: V8 sizes a thread's young generation when the thread starts, and for the main
 * thread only command-line flags can bound it (`--max-semi-space-size`; `v8.setFlagsFromString`
 * comes too late). A scan keeps what it found from every file until the BOM is written, so the
 * young generation grew to V8's largest (two 16 MB semi-spaces and more) early in a large scan and
 * stayed there. A worker thread takes the bound as `resourceLimits`. On the 96,002-file bench tree
 * the CLI peaked at 252-260 MB with the scan on the main thread and at 240-243 MB in a thread with
 * BOUNDED_YOUNG_GENERATION_MB (src/util/gc.ts), in the same time. Starting the thread costs about 0.035 s (an empty
 * tree's scan took 0.21-0.22 s against 0.18 s), a fifth of a small repository's scan, so a tree is
 * sent there only when a quick count of its entries passes THREAD_ABOVE_ENTRIES (about 1 ms for a
 * small repository, 11 ms for a 10,710-file one with its folders in the page cache).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { isatty } from 'node:tty';
import { isMainThread, Worker, type WorkerOptions } from 'node:worker_threads';
import { isEntry } from '../util/entry.js';
import { BOUNDED_YOUNG_GENERATION_MB, boundHeapGrowth } from '../util/gc.js';
import { SWITCH_WORDS, switchValue } from '../util/switch.js';
import { EXIT_ERROR } from './exit-codes.js';

/** What the scan thread is started with. */
export interface ThreadData {
  argv: string[];
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
}

/**
 * A scan of a tree with more entries (files and folders, .git and node_modules aside) than this
 * runs in the scan thread. On 2 cores the analysis pool starts a worker from 25,000 files of
 * small sources; a tree this size keeps enough of what it finds for V8 to grow an unbounded young
 * generation to its largest.
 */
export const THREAD_ABOVE_ENTRIES = 20_000;

/**
 * The `scan` options that take a value (so the word after them is not the path to scan). A test
 * holds this list to the options main.ts declares.
 */
export const SCAN_VALUE_OPTIONS: readonly string[] = ['-f', '--format', '-o', '--output', '--fail-on', '-c', '--config', '--exclude', '--hub-cache', '--db', '--since', '--baseline', '--write-baseline', '--spec-version', '--threads'];

/** The path a `scan` command line (the words after `scan`) names: its first positional word, or '.'. */
export function scanPath(args: readonly string[]): string {
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '--') return args[i + 1] ?? '.';
    if (a.length > 1 && a.startsWith('-')) {
      if (!a.includes('=') && SCAN_VALUE_OPTIONS.includes(a)) i++;
      continue;
    }
    return a;
  }
  return '.';
}

/**
 * Whether the tree at `root` has more than `limit` entries (.git not entered, nor node_modules
 * unless `withDeps`, as the scan skips it without --include-deps); stops counting once it has.
 */
export function hasMoreEntries(root: string, limit: number, withDeps = false): boolean {
  let n = 0;
  const dirs = [root];
  for (let d = dirs.pop(); d !== undefined; d = dirs.pop()) {
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      continue;
    }
    n += entries.length;
    if (n > limit) return true;
    for (const e of entries) if (e.isDirectory() && e.name !== '.git' && (withDeps || e.name !== 'node_modules')) dirs.push(join(d, e.name));
  }
  return false;
}

/** A LANTERN_SCAN_THREAD that is neither on nor off. */
export class ThreadSwitchError extends Error {}

/**
 * Whether a command line runs in the scan thread: a scan of a tree over THREAD_ABOVE_ENTRIES.
 * LANTERN_SCAN_THREAD on (true, yes, on, 1) sends every scan there, off (false, no, off, 0) none;
 * any other value is an error, as for the other LANTERN_* switches.
 */
export function inScanThread(argv: readonly string[], env: NodeJS.ProcessEnv): boolean {
  const set = env.LANTERN_SCAN_THREAD;
  const forced = set ? switchValue(set) : undefined;
  if (set && forced === undefined) throw new ThreadSwitchError(`LANTERN_SCAN_THREAD: '${set}' is not on or off; use ${SWITCH_WORDS}`);
  if (argv[0] !== 'scan') return false;
  if (forced !== undefined) return forced;
  if (argv.includes('-h') || argv.includes('--help')) return false;
  return hasMoreEntries(scanPath(argv.slice(1)), THREAD_ABOVE_ENTRIES, argv.includes('--include-deps'));
}

/** What the scan thread is started with. */
export function threadOptions(data: ThreadData): WorkerOptions {
  return { workerData: data, resourceLimits: { maxYoungGenerationSizeMb: BOUNDED_YOUNG_GENERATION_MB } };
}

/** Runs the command line `argv` (without node and the script): a large tree's scan in its thread, the rest here. */
export async function run(argv: string[]): Promise<number> {
  let threaded: boolean;
  try {
    threaded = inScanThread(argv, process.env);
  } catch (e) {
    if (!(e instanceof ThreadSwitchError)) throw e;
    process.stderr.write(`lantern: ${e.message}\n`);
    return EXIT_ERROR;
  }
  if (!threaded) {
    boundHeapGrowth();
    const { main, processIo } = await import('./main.js');
    return main(argv, processIo());
  }
  const data: ThreadData = { argv, stdoutIsTTY: isatty(1), stderrIsTTY: isatty(2) };
  return new Promise<number>((resolve) => {
    let code: number | undefined;
    const thread = new Worker(new URL('./thread.js', import.meta.url), threadOptions(data));
    thread.on('message', (m: { exitCode?: number }) => {
      if (typeof m?.exitCode === 'number') code = m.exitCode;
    });
    thread.on('error', (e: unknown) => {
      process.stderr.write(`lantern: internal error: ${(e as Error)?.stack ?? String(e)}\n`);
      code = EXIT_ERROR;
    });
    thread.on('exit', (c) => resolve(code ?? (c === 0 ? EXIT_ERROR : c)));
  });
}

if (isMainThread && isEntry(import.meta.url)) {
  run(process.argv.slice(2)).then(
    (c) => {
      process.exitCode = c;
    },
    (e: unknown) => {
      process.stderr.write(`lantern: internal error: ${String(e)}\n`);
      process.exitCode = EXIT_ERROR;
    },
  );
}
