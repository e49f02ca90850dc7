/**
 * Runs the per-file analysis over all files: in worker threads sized to the cores for large trees,
 * in-process for small ones (starting workers costs more than it saves below a few hundred files).
 * Results come back in any order; the caller sorts them.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { FileAnalysis } from '../detectors/types.js';
import type { RuleSet } from '../rules/load.js';
import type { FileRef } from '../walk/walk.js';
import { analyzeFile, isInteresting, type AnalyzeOptions } from './analyze.js';

export interface BatchResult {
  id: number;
  analyses: FileAnalysis[];
  /** Files by sniffed kind. */
  counts: Record<string, number>;
  bytes: number;
}

export interface PoolOptions {
  /** Worker threads; 0 or 1 runs in-process. Default: the number of cores. */
  threads?: number;
  /** Below this many files the scan stays in-process. */
  inProcessBelow?: number;
  onProgress?: (done: number, total: number) => void;
}

const BATCH = 64;
/**
 * Below this many files the scan stays in-process: a worker costs about 0.1 s to start (it loads
 * the modules and the rules again), which is more than a thousand small files take to analyze.
 */
export const IN_PROCESS_BELOW = 1000;

export async function analyzeAll(files: FileRef[], opts: AnalyzeOptions, rules: RuleSet, pool: PoolOptions = {}): Promise<BatchResult> {
  const threads = Math.max(1, pool.threads ?? availableParallelism());
  const total: BatchResult = { id: 0, analyses: [], counts: {}, bytes: 0 };
  const add = (r: BatchResult) => {
    total.analyses.push(...r.analyses);
    for (const [k, v] of Object.entries(r.counts)) total.counts[k] = (total.counts[k] ?? 0) + v;
    total.bytes += r.bytes;
  };
  if (threads <= 1 || files.length < (pool.inProcessBelow ?? IN_PROCESS_BELOW)) {
    let done = 0;
    for (const f of files) {
      const a = await analyzeFile(f, opts, rules);
      add({ id: 0, analyses: isInteresting(a) ? [a] : [], counts: { [a.sniffed.kind]: 1 }, bytes: f.size });
      if (++done % 256 === 0) pool.onProgress?.(done, files.length);
    }
    return total;
  }
  const workerUrl = new URL('./worker.js', import.meta.url);
  // A small young generation per worker: the per-file work makes short-lived garbage, and the
  // default semi-spaces cost tens of MB of RSS per thread for no speed gain (see bench/README.md).
  const workers = Array.from({ length: threads }, () => new Worker(workerUrl, { workerData: opts, resourceLimits: { maxYoungGenerationSizeMb: 8 } }));
  let next = 0;
  let done = 0;
  try {
    await Promise.all(
      workers.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            const send = () => {
              if (next >= files.length) return resolve();
              const batch = files.slice(next, next + BATCH);
              w.postMessage({ id: next, files: batch });
              next += batch.length;
            };
            w.on('message', (r: BatchResult) => {
              add(r);
              done += Object.values(r.counts).reduce((a, b) => a + b, 0);
              pool.onProgress?.(done, files.length);
              send();
            });
            w.on('error', reject);
            w.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`worker exited with code ${code}`))));
            send();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return total;
}
