import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hasMoreEntries, inScanThread, SCAN_VALUE_OPTIONS, scanPath, THREAD_ABOVE_ENTRIES, threadOptions, ThreadSwitchError } from '../../src/cli/lantern.js';
import { BOUNDED_YOUNG_GENERATION_MB } from '../../src/util/gc.js';
import { main } from '../../src/cli/main.js';
import { fdWriter } from '../../src/util/fd-writer.js';
import { CLI, DEMO, suiteTrees } from '../support/paths.js';

function run(args: string[], env: NodeJS.ProcessEnv = {}, shell?: string) {
  const opts = { encoding: 'utf8' as const, env: { ...process.env, SOURCE_DATE_EPOCH: '1700000000', ...env }, maxBuffer: 64 << 20 };
  const r = shell ? spawnSync('sh', ['-c', shell], opts) : spawnSync(process.execPath, [CLI, ...args], opts);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('scanPath (the path a scan command line names)', () => {
  const cases: [string[], string][] = [
    [[], '.'],
    [['repo'], 'repo'],
    [['-f', 'json', 'repo'], 'repo'],
    [['--format=json', 'repo'], 'repo'],
    [['repo', '-o', 'out'], 'repo'],
    [['-q', '--no-gitignore', 'repo'], 'repo'],
    [['-o', '-', 'repo'], 'repo'],
    [['--exclude', 'a/**', '--exclude', 'b', '--threads', '2', 'repo'], 'repo'],
    [['-f', 'json', '-o', 'out.json'], '.'],
    [['--', '-odd-name'], '-odd-name'],
    [['-'], '-'],
  ];
  for (const [args, want] of cases) it(`${JSON.stringify(args)} names ${want}`, () => assert.equal(scanPath(args), want));

  it('knows every scan option that takes a value (the help main.ts prints)', async () => {
    let help = '';
    await main(['scan', '--help'], { stdout: (s) => (help += s), stderr: () => {}, env: {}, stdoutIsTTY: false, stderrIsTTY: false });
    const withValue = new Set<string>();
    for (const line of help.split('\n')) {
      const m = /^\s+((?:-\w, )?--[\w-]+) [<[]/.exec(line);
      if (m) for (const flag of (m[1] as string).split(', ')) withValue.add(flag);
    }
    assert.ok(withValue.has('--format') && withValue.has('-o'), help);
    assert.deepEqual([...SCAN_VALUE_OPTIONS].sort(), [...withValue].sort());
  });
});

describe('hasMoreEntries and inScanThread (which scans run in the scan thread)', () => {
  const { tree } = suiteTrees();

  it('counts files and folders, not inside .git or node_modules, and stops past the limit', () => {
    const files: Record<string, string> = { 'a.py': '', 'b/c.py': '', 'b/d.py': '' };
    for (let i = 0; i < 50; i++) {
      files[`node_modules/p${i}/index.js`] = '';
      files[`.git/objects/o${i}`] = '';
    }
    const root = tree(files);
    // a.py, b, .git, node_modules at the top; c.py and d.py in b: 6 entries.
    assert.equal(hasMoreEntries(root, 5), true);
    assert.equal(hasMoreEntries(root, 6), false);
    // With --include-deps the scan reads node_modules, and the count enters it: 50 packages, 50 files.
    assert.equal(hasMoreEntries(root, 106, true), false);
    assert.equal(hasMoreEntries(root, 105, true), true);
    assert.equal(hasMoreEntries(join(root, 'a.py'), 0), false, 'a file is no tree');
    assert.equal(hasMoreEntries(join(root, 'missing'), 0), false);
  });

  it('sends a scan of a tree over the limit there, and nothing else', () => {
    const small = tree({ 'a.py': 'import openai\n' });
    const files: Record<string, string> = {};
    for (let i = 0; i <= THREAD_ABOVE_ENTRIES; i++) files[`f${i % 100}/m${i}.txt`] = '';
    const large = tree(files);
    assert.equal(inScanThread(['scan', small], {}), false);
    const deps: Record<string, string> = { 'a.py': '' };
    for (let i = 0; i <= THREAD_ABOVE_ENTRIES; i++) deps[`node_modules/p${i % 50}/m${i}.js`] = '';
    const withDeps = tree(deps);
    assert.equal(inScanThread(['scan', withDeps], {}), false, 'node_modules is not scanned');
    assert.equal(inScanThread(['scan', withDeps, '--include-deps'], {}), true);
    assert.equal(inScanThread(['scan', '-f', 'json', large], {}), true);
    assert.equal(inScanThread(['scan', large, '--help'], {}), false);
    assert.equal(inScanThread(['db', 'status'], {}), false);
    assert.equal(inScanThread(['scan', small], { LANTERN_SCAN_THREAD: 'yes' }), true);
    assert.equal(inScanThread(['scan', large], { LANTERN_SCAN_THREAD: 'off' }), false);
    assert.equal(inScanThread(['rules'], { LANTERN_SCAN_THREAD: '1' }), false);
    assert.throws(() => inScanThread(['scan', small], { LANTERN_SCAN_THREAD: 'maybe' }), ThreadSwitchError);
  });
});

describe('the CLI with the scan in its thread (LANTERN_SCAN_THREAD=1)', () => {
  const { tree } = suiteTrees();

  it("starts the thread with the analysis workers' bounded young generation", () => {
    const o = threadOptions({ argv: ['scan'], stdoutIsTTY: false, stderrIsTTY: true });
    assert.deepEqual(o.resourceLimits, { maxYoungGenerationSizeMb: BOUNDED_YOUNG_GENERATION_MB });
    assert.deepEqual(o.workerData, { argv: ['scan'], stdoutIsTTY: false, stderrIsTTY: true });
  });

  it('writes what the main thread writes, with the same exit code', () => {
    for (const args of [['scan', DEMO, '-f', 'json', '--fail-on', 'high'], ['scan', DEMO, '-f', 'table', '--fail-on', 'none'], ['scan', DEMO, '-f', 'sarif', '-o', '-', '--fail-on', 'critical']]) {
      const here = run(args, { LANTERN_SCAN_THREAD: '0' });
      const there = run(args, { LANTERN_SCAN_THREAD: '1' });
      assert.equal(there.code, here.code, there.stderr);
      assert.equal(there.stdout, here.stdout);
      assert.equal(there.stderr, here.stderr);
      assert.ok(there.stdout.length > 1000);
    }
    assert.equal(run(['scan', DEMO, '-f', 'json', '--fail-on', 'high'], { LANTERN_SCAN_THREAD: '1' }).code, 1, 'findings at or over the threshold');
  });

  it('writes a file output, and reports usage errors and unreadable roots with exit 2', () => {
    const out = join(tree({ 'x.txt': '' }), 'bom.json');
    const r = run(['scan', DEMO, '-f', 'cyclonedx-json', '-o', out, '--fail-on', 'none'], { LANTERN_SCAN_THREAD: '1' });
    assert.equal(r.code, 0, r.stderr);
    assert.match(readFileSync(out, 'utf8'), /"bomFormat": "CycloneDX"/);
    const bad = run(['scan', DEMO, '-f', 'bogus'], { LANTERN_SCAN_THREAD: '1' });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /unknown format 'bogus'/);
    const missing = run(['scan', join(DEMO, 'no-such-folder')], { LANTERN_SCAN_THREAD: '1' });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot scan .*no-such-folder/);
    const sw = run(['scan', DEMO], { LANTERN_SCAN_THREAD: 'sometimes' });
    assert.equal(sw.code, 2);
    assert.match(sw.stderr, /^lantern: LANTERN_SCAN_THREAD: 'sometimes' is not on or off/);
  });

  it('stops writing quietly when the reader goes away (a pipe into head)', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 400; i++) files[`pkg/m${i}.py`] = 'import openai\nfrom anthropic import Anthropic\n';
    const root = tree(files);
    const whole = run(['scan', root, '-f', 'json', '--fail-on', 'none', '-q'], { LANTERN_SCAN_THREAD: '1' });
    assert.ok(whole.stdout.length > 128 * 1024, `more than a pipe holds (${whole.stdout.length} bytes)`);
    const r = run([], {}, `LANTERN_SCAN_THREAD=1 "${process.execPath}" "${CLI}" scan "${root}" -f json --fail-on none -q | head -c 20; echo " rc=$?"`);
    assert.equal(r.stdout, `${whole.stdout.slice(0, 20)} rc=0\n`);
    assert.equal(r.stderr, '');
  });
});

describe('fdWriter (whole writes to a descriptor)', () => {
  const failing = (code: string) => Object.assign(new Error(code), { code });

  it('writes all of each string across partial writes and EAGAIN', () => {
    const got: Buffer[] = [];
    let calls = 0;
    const w = fdWriter(7, ((fd: number, buf: Uint8Array, off: number, len: number) => {
      assert.equal(fd, 7);
      calls++;
      if (calls === 2) throw failing('EAGAIN');
      const n = Math.min(len, 3);
      got.push(Buffer.from(buf.subarray(off, off + n)));
      return n;
    }) as never);
    w('héllo wörld');
    w('');
    assert.equal(Buffer.concat(got).toString('utf8'), 'héllo wörld');
    assert.ok(calls > 4);
  });

  it('stops after EPIPE, and throws other errors', () => {
    let calls = 0;
    const w = fdWriter(1, (() => {
      calls++;
      throw failing('EPIPE');
    }) as never);
    w('a');
    w('b');
    assert.equal(calls, 1, 'nothing is written after the reader went away');
    const bad = fdWriter(1, (() => {
      throw failing('EBADF');
    }) as never);
    assert.throws(() => bad('a'), /EBADF/);
  });
});
