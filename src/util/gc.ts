/**
 * A full garbage collection between the stages of a large scan.
 *
 * V8 sizes the old generation from what was alive at its last full collection. On a large tree
 * that collection came in the middle of the analysis, so the inventory and the BOM writer, which
 * keep what they build until the output is written, grew the heap far past what was alive: on the
 * 96,002-file bench tree the CLI's RSS climbed from about 185 MB at the end of the analysis to
 * 300 MB while writing the BOM, with 60-90 MB alive. Collecting once the analysis is done and once
 * before the output is written (under 0.1 s each there) keeps that tail under the analysis' own
 * level. A small scan, whose heap is small, never pays for it.
 *
 * The collector is reached as the `--expose-gc` flag gives it (`v8.setFlagsFromString`, then the
 * `gc` of a new context), the usual way to reach it from a running process. Where that fails
 * (a runtime without the flag) nothing happens: memory is a target, not a condition of the scan.
 */
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Below this much used heap a stage boundary is not worth a full collection. */
export const COLLECT_ABOVE_BYTES = 64 * 1024 * 1024;

let collector: (() => void) | undefined | null = null;

function gcFunction(): (() => void) | undefined {
  if (collector === null) {
    collector = undefined;
    try {
      setFlagsFromString('--expose-gc');
      const fn: unknown = runInNewContext('gc');
      if (typeof fn === 'function') collector = fn as () => void;
    } catch {
      collector = undefined;
    }
  }
  return collector;
}

/**
 * Runs a full collection when the heap holds more than `above` bytes; whether it did. Call it
 * where a stage's working data has just become garbage.
 */
export function collectBetweenStages(above = COLLECT_ABOVE_BYTES): boolean {
  if (getHeapStatistics().used_heap_size < above) return false;
  const gc = gcFunction();
  if (!gc) return false;
  gc();
  return true;
}

/**
 * The young generation of the threads Lantern starts (the analysis workers, src/scan/pool.ts, and
 * the CLI's scan thread, src/cli/lantern.ts), in MB; V8's default is 3 x 16 MB semi-spaces. The
 * files' text and parse trees die young, and what a thread keeps is promoted anyway, so a small
 * nursery costs nothing measurable while the default one sat at its full size for the whole scan
 * (see HEAP_GROWING_PERCENT for the figures).
 */
export const BOUNDED_YOUNG_GENERATION_MB = 12;

/**
 * How far V8 lets the old generation grow past what was alive at the last full collection, in
 * percent, for the command line (set once at start-up; a library caller keeps its own settings).
 * V8's own factor goes up to 4x when collections are fast, so a large scan's heap was mostly
 * garbage waiting for a collection, and the peak depended on when one came: the CLI on the
 * 96,002-file bench tree peaked at 308-325 MB, once 434 and once 463 MB. With 30%, and the
 * workers' young generation bounded (BOUNDED_YOUNG_GENERATION_MB), it peaked at 264-272 MB in the
 * same time (17-18 s), and the 10,710-file Shadow-AI bench tree took the same time
 * (min 2.05 against 2.12 s, 5 interleaved runs each).
 */
export const HEAP_GROWING_PERCENT = 30;

/** Applies HEAP_GROWING_PERCENT to this process (V8 reads the flag at each full collection). */
export function boundHeapGrowth(percent = HEAP_GROWING_PERCENT): void {
  setFlagsFromString(`--heap-growing-percent=${percent}`);
}
