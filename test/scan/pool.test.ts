import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { WORKER_YOUNG_GENERATION_MB, workerOptions } from '../../src/scan/pool.js';

/** The largest new space a worker started with `options` reaches while its survivors pile up. */
async function workerNewSpaceMb(options: ReturnType<typeof workerOptions> | Record<string, never>): Promise<number> {
  const code = `
    const { parentPort } = require('node:worker_threads');
    const { getHeapSpaceStatistics } = require('node:v8');
    const kept = [];
    let max = 0;
    for (let i = 0; i < 400000; i++) {
      kept.push({ i, s: 'v' + i });
      if (i % 1000 === 0) max = Math.max(max, getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size);
    }
    parentPort.postMessage(kept.length && max / 1048576);
  `;
  const w = new Worker(code, { ...options, eval: true, workerData: undefined });
  try {
    return await new Promise<number>((resolve, reject) => {
      w.once('message', resolve);
      w.once('error', reject);
    });
  } finally {
    await w.terminate();
  }
}

describe('analysis workers', () => {
  it('start with a bounded young generation', async () => {
    const opts = workerOptions({ root: '/', maxTextBytes: 1024, shadowAi: true });
    assert.deepEqual(opts.resourceLimits, { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB });
    const bounded = await workerNewSpaceMb(opts);
    const free = await workerNewSpaceMb({});
    // Measured: 8 MB (two of the young generation's three semi-spaces) against V8's default 32 MB.
    assert.ok(bounded <= WORKER_YOUNG_GENERATION_MB, `new space ${bounded} MB`);
    assert.ok(free > bounded, `default ${free} MB, bounded ${bounded} MB`);
  });
});
