import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { constants, PerformanceObserver } from 'node:perf_hooks';
import { spawnSync } from 'node:child_process';
import { collectBetweenStages } from '../../src/util/gc.js';

/** How many full (mark-compact) collections ran during `fn`. */
async function majorCollections(fn: () => void): Promise<number> {
  let count = 0;
  const obs = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (((e as { detail?: unknown }).detail as { kind?: number } | undefined)?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) count++;
  });
  obs.observe({ entryTypes: ['gc'] });
  fn();
  // GC entries are delivered after the collection, on a later turn.
  await new Promise<void>((r) => setTimeout(r, 50));
  obs.disconnect();
  return count;
}

describe('collectBetweenStages', () => {
  it('collects what nothing holds any more when the heap is over the bound', async () => {
    let held: { data: number[] } | undefined = { data: Array.from({ length: 100_000 }, (_, i) => i) };
    const ref = new WeakRef(held);
    held = undefined;
    // A WeakRef keeps its target alive until the current job ends.
    await new Promise<void>((r) => setImmediate(r));
    let did = false;
    assert.ok((await majorCollections(() => (did = collectBetweenStages(0)))) >= 1);
    assert.equal(did, true);
    assert.equal(ref.deref(), undefined);
  });

  it('does nothing below the bound', async () => {
    let did = true;
    assert.equal(await majorCollections(() => (did = collectBetweenStages(Number.MAX_SAFE_INTEGER))), 0);
    assert.equal(did, false);
  });
});

/**
 * A child that keeps about 30 MB alive and churns through objects that live long enough to be
 * promoted, printing the largest heap it had; with `bound`, boundHeapGrowth() runs first.
 */
function peakHeapMb(bound: boolean): number {
  const gc = new URL('../../src/util/gc.js', import.meta.url).href;
  const code = `
    const { getHeapStatistics } = await import('node:v8');
    if (${bound}) (await import(${JSON.stringify(gc)})).boundHeapGrowth();
    const live = Array.from({ length: 300000 }, (_, i) => ({ i, s: 'k' + i }));
    const ring = new Array(50000);
    let max = 0;
    for (let r = 0; r < 60; r++) {
      for (let i = 0; i < 50000; i++) ring[i] = { r, i, t: 'x' + i, a: [i, r] };
      max = Math.max(max, getHeapStatistics().total_heap_size);
    }
    process.stdout.write(String(live.length && max / 1048576));
  `;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return Number(r.stdout);
}

describe('boundHeapGrowth', () => {
  it('keeps a churning heap closer to what is alive than V8 does by default', () => {
    const free = peakHeapMb(false);
    const bounded = peakHeapMb(true);
    // Measured: about 175 MB by default, 121 MB bounded.
    assert.ok(bounded < free * 0.85, `bounded ${bounded.toFixed(0)} MB, default ${free.toFixed(0)} MB`);
  });
});
