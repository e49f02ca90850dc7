import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { constants, PerformanceObserver } from 'node:perf_hooks';
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
