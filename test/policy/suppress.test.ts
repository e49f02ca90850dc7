import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applySuppressions, inlineIgnore, makeBaseline, readBaseline, ruleMatches, BaselineError } from '../../src/policy/suppress.js';
import type { Finding } from '../../src/types.js';
import { suiteTrees } from '../support/paths.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const finding = (ruleId: string, path: string, line?: number, fp = `${ruleId}:${path}`): Finding => ({
  ruleId,
  severity: 'high',
  message: 'm',
  location: line === undefined ? { path } : { path, line },
  fingerprint: fp,
});

describe('inline lantern-ignore', () => {
  const cases: [string, string[] | undefined][] = [
    ['const k = "x"; // lantern-ignore', []],
    ['# lantern-ignore secrets/openai-project-key', ['secrets/openai-project-key']],
    ['// lantern-ignore: secrets/*, mcp/unpinned-server', ['secrets/*', 'mcp/unpinned-server']],
    ['<!-- lantern-ignore -->', []],
    ['const k = "x"; // lantern-ignored-not', undefined],
    ['// ignore this', undefined],
  ];
  for (const [line, want] of cases) it(JSON.stringify(line), () => assert.deepEqual(inlineIgnore(line), want));

  it('rule patterns', () => {
    assert.ok(ruleMatches('secrets/*', 'secrets/openai-legacy-key'));
    assert.ok(ruleMatches('secrets/openai-legacy-key', 'secrets/openai-legacy-key'));
    assert.ok(!ruleMatches('secrets/*', 'sdk/undeclared-dependency'));
    assert.ok(!ruleMatches('secrets/openai', 'secrets/openai-legacy-key'));
  });
});

describe('applySuppressions', () => {
  const { tree } = suiteTrees();
  const today = new Date('2026-11-21T12:00:00Z');

  it('inline on the line or the line above; a named rule only suppresses that rule', () => {
    const root = tree({
      'a.py': 'x = 1\nk = "s"  # lantern-ignore\n# lantern-ignore secrets/a\nk2 = "s"\n# lantern-ignore secrets/b\nk3 = "s"\n',
    });
    const fs = [finding('secrets/a', 'a.py', 2), finding('secrets/a', 'a.py', 4), finding('secrets/a', 'a.py', 6), finding('secrets/a', 'a.py', 1)];
    const r = applySuppressions(fs, { root, today });
    assert.deepEqual(r.findings.map((f) => f.location.line), [6, 1]);
    assert.deepEqual(r.suppressed.map((s) => [s.by, s.finding.location.line]), [['inline', 2], ['inline', 4]]);
  });

  it('lines end at CR, LF and CRLF, as in the positions; U+2028 and U+2029 are no line ends', () => {
    for (const [name, eol] of [['lf', '\n'], ['crlf', '\r\n'], ['cr', '\r']] as const) {
      const root = tree({
        'a.py': ['x = 1', 'k = "s"  # lantern-ignore', '# lantern-ignore secrets/a', 'k2 = "s"', '# lantern-ignore secrets/b', 'k3 = "s"', ''].join(eol),
        // Decoy: line 1 is one line, so the comment is two lines above the key on line 4.
        'b.py': ['a = 1\u2028b = 2\u2029c = 3', '# lantern-ignore', 'x = 3', 'k = "s"', ''].join(eol),
      });
      const fs = [finding('secrets/a', 'a.py', 2), finding('secrets/a', 'a.py', 4), finding('secrets/a', 'a.py', 6), finding('secrets/a', 'a.py', 1), finding('secrets/a', 'b.py', 4)];
      const r = applySuppressions(fs, { root, today });
      assert.deepEqual(r.findings.map((f) => `${f.location.path}:${f.location.line}`), ['a.py:6', 'a.py:1', 'b.py:4'], name);
      assert.deepEqual(r.suppressed.map((s) => `${s.finding.location.path}:${s.finding.location.line}`), ['a.py:2', 'a.py:4'], name);
    }
  });

  it('config entries by path, rule and fingerprint; expired and unused entries are reported', () => {
    const root = tree({ 'x.txt': 'x\n' });
    const fs = [finding('secrets/a', 'tests/fixtures/k.env', 1), finding('secrets/a', 'src/k.ts', 1), finding('mcp/unpinned-server', '.mcp.json', 3), finding('secrets/b', 'src/o.ts', 2, 'fp-12345678')];
    const r = applySuppressions(fs, {
      root,
      today,
      ignoreSource: '.lantern.yml',
      ignore: [
        { path: 'tests/fixtures/**', reason: 'fake keys for tests' },
        { rule: 'mcp/*', reason: 'reviewed' },
        { fingerprint: 'fp-12345678', reason: 'rotated 2026-10-01' },
        { path: 'src/**', rule: 'secrets/a', reason: 'old', expires: '2026-11-20' },
        { path: 'nowhere/**', reason: 'stale' },
      ],
    });
    assert.deepEqual(r.findings.map((f) => f.location.path), ['src/k.ts']);
    assert.deepEqual(r.suppressed.map((s) => s.reason), ['fake keys for tests', 'reviewed', 'rotated 2026-10-01']);
    assert.deepEqual(r.warnings.map((w) => w.code), ['config/ignore-expired', 'config/ignore-unused']);
    assert.match(r.warnings[0]?.message ?? '', /expired on 2026-11-20/);
  });

  it('an entry expiring today still applies', () => {
    const root = tree({ 'x.txt': 'x\n' });
    const r = applySuppressions([finding('secrets/a', 'k.env', 1)], { root, today, ignore: [{ rule: 'secrets/a', reason: 'r', expires: '2026-11-21' }] });
    assert.equal(r.findings.length, 0);
    assert.equal(r.warnings.length, 0);
  });

  it('a baseline suppresses by fingerprint whatever the line, and reports entries that match nothing', () => {
    const root = tree({ 'x.txt': 'x\n' });
    const old = [finding('secrets/a', 'a.env', 3, 'fp-a'), finding('secrets/b', 'b.env', 9, 'fp-b')];
    const baseline = makeBaseline(old, 'lantern test');
    assert.deepEqual(baseline.findings.map((b) => b.fingerprint), ['fp-a', 'fp-b']);
    const now = [finding('secrets/a', 'a.env', 40, 'fp-a'), finding('secrets/c', 'c.env', 1, 'fp-c')];
    const r = applySuppressions(now, { root, today, baseline, baselineSource: 'base.json' });
    assert.deepEqual(r.findings.map((f) => f.fingerprint), ['fp-c']);
    assert.deepEqual(r.warnings.map((w) => w.code), ['baseline/unused']);
    assert.match(r.warnings[0]?.message ?? '', /1 baseline entry matches no finding.*secrets\/b in b\.env/);
  });

  it('a baseline suppresses as many copies of a finding as it counted; a new copy is new', () => {
    const root = tree({ 'x.txt': 'x\n' });
    const baseline = makeBaseline([finding('pickle/a', 'm.py', 3, 'fp-t'), finding('pickle/a', 'm.py', 9, 'fp-t')], 'lantern test');
    assert.deepEqual(baseline.findings.map((b) => [b.fingerprint, b.count]), [['fp-t', 2]]);
    const now = [finding('pickle/a', 'm.py', 3, 'fp-t'), finding('pickle/a', 'm.py', 10, 'fp-t'), finding('pickle/a', 'm.py', 11, 'fp-t')];
    const r = applySuppressions(now, { root, today, baseline });
    assert.equal(r.suppressed.length, 2);
    assert.deepEqual(r.findings.map((f) => f.location.line), [11]);
    // A baseline from an earlier version (no count) keeps suppressing every copy, as it did.
    const old = { ...baseline, findings: baseline.findings.map(({ count: _c, ...e }) => e) };
    assert.equal(applySuppressions(now, { root, today, baseline: old }).findings.length, 0);
  });

  it('reads baselines and rejects other files', () => {
    const root = tree({ 'ok.json': JSON.stringify(makeBaseline([finding('secrets/a', 'a', 1)], 't')), 'bad.json': '{"version":2}', 'junk.json': 'not json', 'badcount.json': '{"version":1,"tool":"t","findings":[{"fingerprint":"f","ruleId":"r","path":"p","count":0}]}' });
    assert.throws(() => readBaseline(join(root, 'badcount.json')), BaselineError);
    assert.equal(readBaseline(join(root, 'ok.json')).findings.length, 1);
    assert.throws(() => readBaseline(join(root, 'bad.json')), BaselineError);
    assert.throws(() => readBaseline(join(root, 'junk.json')), BaselineError);
    writeFileSync(join(root, 'empty.json'), '');
    assert.throws(() => readBaseline(join(root, 'empty.json')), /cannot read baseline/);
  });
});
