/** Worker-thread entry: analyzes batches of files sent by the pool (src/scan/pool.ts). */
import { parentPort, workerData } from 'node:worker_threads';
import { loadRules } from '../rules/load.js';
import { analyzeFile, isInteresting, type AnalyzeOptions } from './analyze.js';
import type { FileRef } from '../walk/walk.js';
import type { BatchResult } from './pool.js';

const opts = workerData as AnalyzeOptions;
const rules = loadRules();

parentPort?.on('message', async (msg: { id: number; files: FileRef[] }) => {
  const out: BatchResult = { id: msg.id, analyses: [], counts: {}, bytes: 0 };
  for (const f of msg.files) {
    if (f.rawPath) f.rawPath = Buffer.from(f.rawPath);
    const a = await analyzeFile(f, opts, rules);
    out.counts[a.sniffed.kind] = (out.counts[a.sniffed.kind] ?? 0) + 1;
    out.bytes += f.size;
    if (isInteresting(a)) out.analyses.push(a);
  }
  parentPort?.postMessage(out);
});
