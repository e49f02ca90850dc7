/**
 * The floor of a scan as Lantern is built: start-up (modules, rules, every detector's keyword
 * group), the walk, then open, read, decode and the shared keyword pass over every file, and
 * nothing else (no sniffing, no detector, no inventory, no output). What `scan --shadow-ai` costs
 * above this is the detectors' and the inventory's work; the AI inventory's 3x target against
 * cdxgen has to fit above it too. A diagnostic, not a benchmark with a target.
 *
 *   node build/bench/floor.js DIR
 *
 * Prints the time of each part in one cold process; run it several times (the first run after a
 * build or on a busy machine is slower).
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';

const t0 = performance.now();
const root = process.argv[2];
if (!root) {
  console.error('usage: node build/bench/floor.js DIR');
  process.exit(2);
}
const { loadRules } = await import('../src/rules/load.js');
await import('../src/detectors/index.js'); // registers every detector's keyword group
const { keywordGroup } = await import('../src/lang/keywords.js');
const { walk } = await import('../src/walk/walk.js');
const rules = loadRules();
// One more group: asking for it runs the pass over all groups, as the first detector to ask does.
const probe = keywordGroup('floor-probe', () => ['zq-floor-probe']);
const t1 = performance.now();
const { files } = await walk({ root });
const t2 = performance.now();
const buf = Buffer.allocUnsafe(8 << 20);
let bytes = 0;
let hits = 0;
for (const f of files) {
  const fd = openSync(join(root, f.path), 'r');
  const n = readSync(fd, buf, 0, buf.length, 0);
  closeSync(fd);
  bytes += n;
  if (probe.has(buf.toString('utf8', 0, n), rules)) hits++;
}
const t3 = performance.now();
const ms = (a: number, b: number) => `${(b - a).toFixed(0)} ms`;
console.log(`start-up ${ms(t0, t1)}, walk ${ms(t1, t2)}, read + decode + keyword pass ${ms(t2, t3)}; ${files.length} files, ${bytes} bytes, ${hits} probe hits; ${(performance.now() / 1000).toFixed(2)} s since the process started`);
