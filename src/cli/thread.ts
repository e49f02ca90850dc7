/**
 * The scan thread's entry (started by src/cli/lantern.ts): runs the command line it is given and
 * posts its exit code back. Standard output and error are written here, synchronously, to the
 * process's descriptors, as the main thread's streams write to files, pipes and terminals on
 * Linux; a worker's own process.stdout would copy every byte to the main thread first (a 30 MB
 * BOM on standard output twice over).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { fdWriter } from '../util/fd-writer.js';
import { boundHeapGrowth } from '../util/gc.js';
import type { ThreadData } from './lantern.js';
import { EXIT_ERROR, main, type Io } from './main.js';

const data = workerData as ThreadData;
boundHeapGrowth();
const io: Io = { stdout: fdWriter(1), stderr: fdWriter(2), env: process.env, stdoutIsTTY: data.stdoutIsTTY, stderrIsTTY: data.stderrIsTTY };
let exitCode: number;
try {
  exitCode = await main(data.argv, io);
} catch (e) {
  io.stderr(`lantern: internal error: ${(e as Error)?.stack ?? String(e)}\n`);
  exitCode = EXIT_ERROR;
}
parentPort?.postMessage({ exitCode });
