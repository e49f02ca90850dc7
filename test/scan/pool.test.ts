import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import {
  IN_PROCESS_BELOW,
  IN_PROCESS_BELOW_2_CORES,
  POOL_MIN_BYTES_2_CORES,
  POOL_MIN_MEAN_BYTES_2_CORES,
  analyzeAll,
  runsInProcess,
  workerOptions,
} from '../../src/scan/pool.js';
import { loadRules } from '../../src/rules/load.js';
import { BOUNDED_YOUNG_GENERATION_MB } from '../../src/util/gc.js';
import { walk, type FileRef } from '../../src/walk/walk.js';
import { suiteTrees } from '../support/paths.js';

const files = (n: number, size: number): FileRef[] => Array.from({ length: n }, (_, i) => ({ path: `f${i}`, size }));

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
    assert.deepEqual(opts.resourceLimits, { maxYoungGenerationSizeMb: BOUNDED_YOUNG_GENERATION_MB });
    const bounded = await workerNewSpaceMb(opts);
    const free = await workerNewSpaceMb({});
    // Measured: 8 MB (two of the young generation's three semi-spaces) against V8's default 32 MB.
    assert.ok(bounded <= BOUNDED_YOUNG_GENERATION_MB, `new space ${bounded} MB`);
    assert.ok(free > bounded, `default ${free} MB, bounded ${bounded} MB`);
  });
});

describe('runsInProcess', () => {
  const big = Math.ceil(POOL_MIN_BYTES_2_CORES / 1500);
  // [files, threads, in-process?, what]
  const cases: [FileRef[], number, boolean, string][] = [
    [files(5000, 100_000), 1, true, 'one thread'],
    [files(IN_PROCESS_BELOW - 1, 200_000), 2, true, 'fewer files than any pool is worth'],
    [files(IN_PROCESS_BELOW - 1, 200_000), 8, true, 'fewer files than any pool is worth, many cores'],
    [files(IN_PROCESS_BELOW, 1000), 8, false, 'more than two cores'],
    [files(10_710, 7400), 2, true, 'many small source files on two cores'],
    [files(IN_PROCESS_BELOW_2_CORES, 100), 2, false, 'a very large tree on two cores'],
    [[...files(2000, 100), { path: 'model.bin', size: 64 * 1024 * 1024 }], 2, false, 'a file for the workers to hash'],
    [files(1500, big), 2, false, 'large text files on two cores'],
    [files(1500, POOL_MIN_MEAN_BYTES_2_CORES - 1), 2, true, 'files below the mean size'],
    [files(1200, Math.floor((POOL_MIN_BYTES_2_CORES - 1) / 1200)), 2, true, 'large files, too few bytes in all'],
  ];
  for (const [list, threads, expected, what] of cases) {
    it(`${expected ? 'stays in-process' : 'starts workers'}: ${what}`, () => {
      assert.equal(runsInProcess(list, threads), expected);
    });
  }
  it('follows an explicit threshold', () => {
    assert.equal(runsInProcess(files(10, 100), 2, 0), false);
    assert.equal(runsInProcess(files(50_000, 100_000), 2, 100_000), true);
  });
});

describe('analyzeAll: what it keeps of each analysis', () => {
  const { tree } = suiteTrees();

  it("points a worker's analyses at the walk's own FileRefs and shares one empty observation", async () => {
    // 36 sources that only import (facts, nothing observed) and 4 pickles that call os.system.
    const files: Record<string, string | Uint8Array> = {};
    const evil = Buffer.from('\x80\x02cos\nsystem\nq\x00X\x04\x00\x00\x00echoq\x01\x85q\x02Rq\x03.', 'latin1');
    for (let i = 0; i < 40; i++) files[i % 10 === 0 ? `models/m${i}.pkl` : `src/m${i}.py`] = i % 10 === 0 ? evil : 'import anthropic\n';
    const root = tree(files);
    const walked = (await walk({ root })).files;
    const rules = loadRules();
    for (const inProcessBelow of [0, Infinity]) {
      const { analyses } = await analyzeAll(walked, { root, maxTextBytes: 1 << 20 }, rules, { threads: 2, inProcessBelow });
      assert.equal(analyses.length, 40);
      for (const a of analyses) assert.ok(walked.includes(a.file), `${a.file.path}: the walk's FileRef (inProcessBelow ${inProcessBelow})`);
      const empty = analyses.filter((a) => a.observation.findings.length === 0);
      const found = analyses.filter((a) => a.observation.findings.length > 0);
      assert.equal(empty.length, 36);
      assert.equal(found.length, 4, 'the pickles keep their findings');
      assert.ok(empty.every((a) => a.observation === empty[0]?.observation), 'one shared observation');
      assert.ok(Object.isFrozen(empty[0]?.observation.findings));
      assert.ok(empty.every((a) => a.facts.sdk !== undefined), 'the facts stay');
      assert.ok(found.every((a) => a.observation.components.length > 0 && !Object.isFrozen(a.observation.findings)));
    }
  });
});
