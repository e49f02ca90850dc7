/**
 * Runs the per-file analysis over all files: in worker threads sized to the cores for large trees,
 * in-process for small ones (starting workers costs more than it saves below a few hundred files).
 * Results come back in any order; the caller sorts them.
 */
import { availableParallelism } from 'node:os';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import type { FileAnalysis } from '../detectors/types.js';
import type { RuleSet } from '../rules/load.js';
import type { Observation } from '../types.js';
import type { FileRef } from '../walk/walk.js';
import { analyzeFile, isInteresting, type AnalyzeOptions } from './analyze.js';
import { BOUNDED_YOUNG_GENERATION_MB } from '../util/gc.js';

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
 * Near the end of the queue batches shrink (to MIN_BATCH): a thread that is still slow (a worker
 * warming up) holding two full batches at the end kept the others waiting for it.
 */
const MIN_BATCH = 8;
/** Files larger than this are left to the workers (see take()). */
const MAIN_MAX_FILE = 8 * 1024 * 1024;
/**
 * Below this many files the scan stays in-process: a worker costs about 0.05 s to start and then
 * compiles the same code again while it warms up, which a thousand small files do not repay.
 */
export const IN_PROCESS_BELOW = 1000;
/**
 * On two cores a worker thread pays off only on larger trees of small files: each thread loads
 * and compiles the detectors and warms up the JIT (about a CPU-second here), and a single thread
 * already keeps V8's compiler and collector threads busy on the other core. Measured on 2 cores:
 * 10,710 files (79 MB) took 1.6-1.7 s in one thread against 1.8-1.9 s with a worker; 95,997 files
 * (385 MB) 11.2 s against 8.6 s. Files larger than MAIN_MAX_FILE (models to hash) always get the
 * workers, so the hashing runs beside the rest.
 */
export const IN_PROCESS_BELOW_2_CORES = 25_000;
/**
 * ...unless the files are large: then the work is mostly the detectors' regular expressions and
 * tight loops over long texts, which V8 compiles early and once, and a worker's start-up is repaid.
 * Measured on 2 cores, `--no-shadow-ai`: 1,321 text files of 100 MB (79 KB each on average, minified
 * bundles and data among them) took 0.84 s in one thread against 0.72-0.79 s with a worker; 129
 * files of 10 MB 0.29 s against 0.38 s. With `--shadow-ai` the first tree took 4.15-4.30 s against
 * 4.00-4.31 s. The 10,710-file tree above averages 7.4 KB a file, so it stays in one thread.
 */
export const POOL_MIN_BYTES_2_CORES = 48 * 1024 * 1024;
/** The mean file size (files larger than MAIN_MAX_FILE aside) from which POOL_MIN_BYTES_2_CORES applies. */
export const POOL_MIN_MEAN_BYTES_2_CORES = 32 * 1024;
/** What each analysis worker is started with. */
export function workerOptions(opts: AnalyzeOptions): WorkerOptions {
  return { workerData: opts, resourceLimits: { maxYoungGenerationSizeMb: BOUNDED_YOUNG_GENERATION_MB } };
}

/** Whether analyzeAll keeps these files in-process (no worker) with `threads` threads. */
export function runsInProcess(files: readonly FileRef[], threads: number, inProcessBelow?: number): boolean {
  if (threads <= 1) return true;
  if (inProcessBelow !== undefined) return files.length < inProcessBelow;
  if (files.length < IN_PROCESS_BELOW) return true;
  if (threads > 2 || files.length >= IN_PROCESS_BELOW_2_CORES) return false;
  let bytes = 0;
  for (const f of files) {
    if (f.size > MAIN_MAX_FILE) return false;
    bytes += f.size;
  }
  return bytes < POOL_MIN_BYTES_2_CORES || bytes < POOL_MIN_MEAN_BYTES_2_CORES * files.length;
}

/**
 * The one observation every kept analysis that observed nothing shares (most source files keep
 * only facts): frozen, since nothing may add to it. Its three empty arrays apiece were 7 MB of the
 * 56,768 analyses the 96,002-file bench tree keeps until the inventory.
 */
const NOTHING_OBSERVED: Observation = Object.freeze({ components: Object.freeze([]), findings: Object.freeze([]), warnings: Object.freeze([]) }) as unknown as Observation;

/**
 * An analysis as it is kept until the inventory: an empty observation is the shared one, and one
 * that came from a worker points at the walk's own FileRef (`batch`, in the order the worker
 * analyzed it) instead of the copy the message made of it, whose path was a second copy of every
 * kept path (6 MB on that tree).
 */
function keep(analyses: FileAnalysis[], batch?: readonly FileRef[]): void {
  let j = 0;
  for (const a of analyses) {
    const o = a.observation;
    if (o !== NOTHING_OBSERVED && o.components.length === 0 && o.findings.length === 0 && o.warnings.length === 0) a.observation = NOTHING_OBSERVED;
    if (!batch) continue;
    while (j < batch.length && (batch[j] as FileRef).path !== a.file.path) j++;
    if (j < batch.length) a.file = batch[j++] as FileRef;
    else j = 0;
  }
}

/**
 * The main thread works too: it takes batches from the same queue as the `threads - 1` workers.
 * Its code is already warm, so it starts at full speed while the workers load and compile; on a
 * 2-core machine a pool of two workers left the main thread idle and lost to one warm thread on
 * mid-sized trees (V8's background compilation of each worker competed for the same cores).
 */
export async function analyzeAll(files: FileRef[], opts: AnalyzeOptions, rules: RuleSet, pool: PoolOptions = {}): Promise<BatchResult> {
  const threads = Math.max(1, pool.threads ?? availableParallelism());
  const total: BatchResult = { id: 0, analyses: [], counts: {}, bytes: 0 };
  let done = 0;
  const add = (r: BatchResult, batch?: readonly FileRef[]) => {
    keep(r.analyses, batch);
    total.analyses.push(...r.analyses);
    for (const [k, v] of Object.entries(r.counts)) {
      total.counts[k] = (total.counts[k] ?? 0) + v;
      done += v;
    }
    total.bytes += r.bytes;
    pool.onProgress?.(done, files.length);
  };
  let next = 0;
  // Large files (hashing a 4 GB model takes seconds) go to workers only: were the main thread
  // to hash one, it could not hand out batches meanwhile and the workers would starve.
  const big: FileRef[] = [];
  const take = (forMain = false): FileRef[] | undefined => {
    if (!forMain && big.length) return [big.shift() as FileRef];
    const batch: FileRef[] = [];
    const size = Math.max(MIN_BATCH, Math.min(BATCH, Math.ceil((files.length - next) / (threads * 4))));
    while (batch.length < size && next < files.length) {
      const f = files[next++] as FileRef;
      if (forMain && f.size > MAIN_MAX_FILE) big.push(f);
      else batch.push(f);
    }
    if (batch.length) return batch;
    return forMain ? undefined : big.length ? [big.shift() as FileRef] : undefined;
  };
  const runHere = async (batch: FileRef[]): Promise<void> => {
    const r: BatchResult = { id: 0, analyses: [], counts: {}, bytes: 0 };
    for (const f of batch) {
      const a = await analyzeFile(f, opts, rules);
      if (isInteresting(a)) r.analyses.push(a);
      r.counts[a.sniffed.kind] = (r.counts[a.sniffed.kind] ?? 0) + 1;
      r.bytes += f.size;
    }
    add(r);
  };
  if (runsInProcess(files, threads, pool.inProcessBelow)) {
    for (let b = take(); b; b = take()) await runHere(b);
    return total;
  }
  let batchIds = 0;
  const workerUrl = new URL('./worker.js', import.meta.url);
  const workers = Array.from({ length: threads - 1 }, () => new Worker(workerUrl, workerOptions(opts)));
  try {
    const inWorkers = workers.map(
      (w) =>
        new Promise<void>((resolve, reject) => {
          let inFlight = 0;
          // The batches this worker holds, by id: its replies carry the id back.
          const sent = new Map<number, FileRef[]>();
          const send = () => {
            const batch = take();
            if (!batch) {
              if (inFlight === 0) resolve();
              return;
            }
            inFlight++;
            const id = ++batchIds;
            sent.set(id, batch);
            w.postMessage({ id, files: batch });
          };
          w.on('message', (r: BatchResult) => {
            inFlight--;
            const batch = sent.get(r.id);
            sent.delete(r.id);
            add(r, batch);
            send();
          });
          w.on('error', reject);
          w.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`worker exited with code ${code}`))));
          // Two batches in flight: the worker has the next one queued while the main thread,
          // busy with its own batch, has not yet read the worker's reply.
          send();
          send();
        }),
    );
    const here = (async () => {
      for (let b = take(true); b; b = take(true)) {
        await runHere(b);
        // Let worker replies in between batches, so their queues never run dry.
        await new Promise<void>((r) => setImmediate(r));
      }
    })();
    await Promise.all([here, ...inWorkers]);
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return total;
}
