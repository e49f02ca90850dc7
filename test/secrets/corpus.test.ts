/**
 * Recall and precision on the generated fake-key corpus (fixtures/gen/secret-corpus.ts): every
 * catalog entry in every file type, plus decoys. Recall must be at least 95% and there must be no
 * false positive (a match that is not a planted key, or a planted key reported under another rule
 * or at another place).
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { loadRules } from '../../src/rules/load.js';
import { secretsCatalog } from '../../src/secrets/catalog.js';
import { scanText } from '../../src/secrets/match.js';
import { secretPasses } from '../../src/detectors/secrets.js';
import { FILE_TYPES, generateMixedText, generateSecretCorpus, type PlantedKey } from '../../fixtures/gen/secret-corpus.js';

const cat = secretsCatalog(loadRules());
const tmp = mkdtempSync(join(tmpdir(), 'lantern-secret-corpus-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

const sha = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');

function files(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[]).map((f) => f.split('\\').join('/')).filter((f) => statSync(join(dir, f)).isFile()).sort();
}

/** The file type a corpus path stands for. */
function kindOf(path: string): string {
  if (path.includes('mcp.json') || path.endsWith('claude_desktop_config.json')) return 'mcp';
  if (path.startsWith('dist/')) return 'json-min';
  if (/\/\.env(\.|$)/.test(path)) return 'env';
  if (path.endsWith('Dockerfile')) return 'dockerfile';
  if (path.endsWith('.tfvars')) return 'tf';
  return path.slice(path.lastIndexOf('.') + 1);
}

interface Score {
  found: number;
  planted: number;
  falsePositives: string[];
  missed: string[];
  files: number;
}

function score(dir: string, planted: readonly PlantedKey[]): Score {
  const byPath = new Map<string, PlantedKey[]>();
  for (const p of planted) byPath.set(p.path, [...(byPath.get(p.path) ?? []), p]);
  let found = 0;
  const falsePositives: string[] = [];
  const missed: string[] = [];
  const list = files(dir);
  for (const f of list) {
    const expected = byPath.get(f) ?? [];
    const used = new Set<number>();
    for (const m of scanText(readFileSync(join(dir, f), 'utf8'), cat, { path: f })) {
      const h = sha(m.raw);
      const i = expected.findIndex((p, j) => !used.has(j) && p.rawHash === h && p.ruleId === m.ruleId && p.line === m.line && p.cell === m.cell && !!p.output === !!m.output);
      if (i >= 0) {
        used.add(i);
        found++;
      } else {
        // Never the key itself: rule, place and hash prefix only.
        falsePositives.push(`${f}:${m.line}${m.cell !== undefined ? ` cell ${m.cell}` : ''} ${m.ruleId} ${h.slice(0, 12)}`);
      }
    }
    expected.forEach((p, j) => {
      if (!used.has(j)) missed.push(`${f}:${p.line}${p.cell !== undefined ? ` cell ${p.cell}` : ''} ${p.ruleId}`);
    });
  }
  return { found, planted: planted.length, falsePositives, missed, files: list.length };
}

describe('fake-key corpus', () => {
  for (const seed of [20250101, 7]) {
    it(`recall ≥ 95% and no false positive (seed ${seed})`, () => {
      const dir = join(tmp, `corpus-${seed}`);
      const r = generateSecretCorpus(dir, { seed, perRule: 3, catalog: cat });
      // The corpus covers every catalog entry in every file type, with decoys.
      assert.ok(r.decoys > 500, `${r.decoys} decoys`);
      const rules = new Set(r.planted.map((p) => p.ruleId));
      for (const id of cat.rules) assert.ok(rules.has(id), `no planted key for ${id}`);
      const kinds = new Map<string, Set<string>>();
      for (const p of r.planted) kinds.set(kindOf(p.path), (kinds.get(kindOf(p.path)) ?? new Set()).add(p.ruleId));
      assert.equal(kinds.size, FILE_TYPES.length, [...kinds.keys()].join(' '));
      for (const [kind, ids] of kinds) assert.equal(ids.size, cat.rules.size, `${kind} misses rules`);
      assert.ok(r.planted.some((p) => p.output) && r.planted.some((p) => p.cell !== undefined && !p.output), 'notebook cells and outputs');
      assert.ok(r.planted.some((p) => p.path.endsWith('.cursor/mcp.json')), 'MCP configs');

      const s = score(dir, r.planted);
      const pct = (100 * s.found) / s.planted;
      console.log(`recall ${s.found}/${s.planted} (${pct.toFixed(2)}%), false positives ${s.falsePositives.length}, files ${s.files}, bytes ${r.bytes}`);
      if (s.missed.length) console.log(`missed: ${s.missed.slice(0, 20).join('; ')}`);
      assert.equal(s.files, r.files);
      assert.deepEqual(s.falsePositives, []);
      assert.ok(pct >= 95, `recall ${pct.toFixed(2)}%`);
    });
  }

  it('the keyword pass skips only passes that find nothing: same matches with and without it', () => {
    const dir = join(tmp, 'passes');
    generateSecretCorpus(dir, { seed: 11, perRule: 2, catalog: cat });
    const rules = loadRules();
    const mixed = join(tmp, 'mixed-passes');
    generateMixedText(mixed, 1, 3, cat);
    let skipped = 0;
    let compared = 0;
    for (const [root, f] of [...files(dir).map((f) => [dir, f]), ...files(mixed).map((f) => [mixed, f])] as [string, string][]) {
      const text = readFileSync(join(root, f), 'utf8');
      const passes = secretPasses(text, rules);
      if (passes.anchors === false || passes.assignments === false) skipped++;
      const hash = (ms: ReturnType<typeof scanText>) => ms.map((m) => `${m.ruleId}:${m.line}:${m.column}:${m.confidence}:${sha(m.raw)}`);
      assert.deepEqual(hash(scanText(text, cat, { path: f, passes })), hash(scanText(text, cat, { path: f })), f);
      compared++;
    }
    assert.ok(compared > 100 && skipped > 10, `${compared} files, ${skipped} with a pass skipped`);
  });

  it('generates the same corpus for the same seed', () => {
    const a = generateSecretCorpus(join(tmp, 'same-a'), { seed: 42, perRule: 1, catalog: cat });
    const b = generateSecretCorpus(join(tmp, 'same-b'), { seed: 42, perRule: 1, catalog: cat });
    assert.deepEqual(a, b);
    for (const f of files(join(tmp, 'same-a'))) assert.equal(readFileSync(join(tmp, 'same-a', f), 'utf8'), readFileSync(join(tmp, 'same-b', f), 'utf8'), f);
    const c = generateSecretCorpus(join(tmp, 'other'), { seed: 43, perRule: 1, catalog: cat });
    assert.notDeepEqual(a.planted.map((p) => p.rawHash), c.planted.map((p) => p.rawHash));
  });

  it('mixed text: about the size asked for, its sprinkled keys found, nothing else', () => {
    const dir = join(tmp, 'mixed');
    const r = generateMixedText(dir, 4, 1, cat);
    assert.ok(r.bytes >= 4 * 1024 * 1024 && r.bytes < 5.5 * 1024 * 1024, `${r.bytes} bytes`);
    assert.ok(r.planted.length >= 8, `${r.planted.length} keys`);
    const s = score(dir, r.planted);
    console.log(`mixed: recall ${s.found}/${s.planted}, false positives ${s.falsePositives.length}, files ${s.files}, bytes ${r.bytes}`);
    assert.deepEqual(s.falsePositives, []);
    assert.ok(s.found / s.planted >= 0.95);
  });
});
