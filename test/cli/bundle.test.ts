import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundle, programsIn } from '../../src/cli/bundle.js';
import { CLI, DEMO, REPO, suiteTrees } from '../support/paths.js';

const MODULES_CLI = join(REPO, 'build/src/cli/main.js');

function run(cli: string, args: string[], extraNode: string[] = []) {
  const r = spawnSync(process.execPath, [...extraNode, cli, ...args], { encoding: 'utf8', env: { ...process.env, SOURCE_DATE_EPOCH: '1700000000' }, maxBuffer: 64 << 20 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function outputs(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
}

describe('the bundled CLI (build/lantern/)', () => {
  const { tree, keep } = suiteTrees();

  it('is the CLI the tests and the package bin run', () => {
    const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { bin: Record<string, string>; files: string[] };
    assert.equal(join(REPO, pkg.bin.lantern as string), CLI);
    assert.ok(pkg.files.includes('build/lantern'));
    // Both entries are executable: npx keeps bin links to the unbundled one from before the bundle.
    for (const entry of [CLI, MODULES_CLI]) assert.equal(statSync(entry).mode & 0o111, 0o111, entry);
  });

  it('writes byte for byte what the unbundled modules write, in every format', () => {
    const a = keep(mkdtempSync(join(tmpdir(), 'lantern-bundle-')));
    const b = keep(mkdtempSync(join(tmpdir(), 'lantern-modules-')));
    const args = (out: string) => ['scan', DEMO, '-f', 'cyclonedx-json,cyclonedx-xml,sarif,json,table', '-o', out, '--fail-on', 'none', '-q'];
    const ra = run(CLI, args(a));
    const rb = run(MODULES_CLI, args(b));
    assert.equal(ra.code, 0, ra.stderr);
    assert.equal(rb.code, 0, rb.stderr);
    const oa = outputs(a);
    assert.deepEqual(Object.keys(oa), ['lantern.cdx.json', 'lantern.cdx.xml', 'lantern.json', 'lantern.sarif', 'lantern.txt']);
    assert.deepEqual(oa, outputs(b));
    // The demo's notebook and SDK imports went through the lazily loaded readers.
    assert.match(oa['lantern.cdx.json'] as string, /pkg:pypi\/openai/);
  });

  it('runs its worker threads (build/lantern/worker.js) with the same results as one thread', () => {
    // 1,000 files: the pool's threshold for worker threads (src/scan/pool.ts IN_PROCESS_BELOW).
    const files: Record<string, string> = {};
    for (let i = 0; i < 1000; i++) {
      files[`pkg${i % 10}/mod${i}.py`] = i % 50 === 0 ? `import openai\nfrom transformers import AutoModel\nm = AutoModel.from_pretrained("org/model${i}")\n` : `def f${i}(x):\n    return x + ${i}\n`;
    }
    const dir = tree(files);
    const one = run(CLI, ['scan', dir, '-f', 'json', '--fail-on', 'none', '-q', '--threads', '1']);
    const three = run(CLI, ['scan', dir, '-f', 'json', '--fail-on', 'none', '-q', '--threads', '3']);
    assert.equal(one.code, 0, one.stderr);
    assert.equal(three.code, 0, three.stderr);
    assert.equal(three.stdout, one.stdout);
    assert.match(one.stdout, /org\/model950/);
  });

  it('holds only what the last build wrote (no chunks of earlier builds)', async () => {
    const dir = keep(mkdtempSync(join(tmpdir(), 'lantern-rebundle-')));
    writeFileSync(join(dir, 'chunk-STALE0000.js'), 'export {};\n');
    const written = (await bundle(dir)).map((o) => relative(dir, join(REPO, o))).sort();
    assert.ok(written.includes('main.js') && written.includes('worker.js'), written.join(', '));
    assert.deepEqual(readdirSync(dir).sort(), written);
  });

  it('starts without loading Lantern module by module', () => {
    const hooks = keep(mkdtempSync(join(tmpdir(), 'lantern-hooks-')));
    writeFileSync(join(hooks, 'hooks.mjs'), "export async function load(url, context, next) { if (url.startsWith('file:')) process.stderr.write('loaded ' + url + '\\n'); return next(url, context); }\n");
    writeFileSync(join(hooks, 'register.mjs'), `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(join(hooks, 'hooks.mjs')).href)});\n`);
    // CommonJS files (the dependencies) do not pass the hooks: count them at exit.
    writeFileSync(join(hooks, 'cjs.cjs'), "process.on('exit', () => process.stderr.write('cjs ' + Object.keys(require.cache).length + '\\n'));\n");
    const empty = tree({ 'README.md': '# nothing here\n' });
    const count = (cli: string) => {
      const r = run(cli, ['scan', empty, '-f', 'cyclonedx-json', '-o', join(hooks, 'out.json'), '--fail-on', 'none', '-q'], ['--import', pathToFileURL(join(hooks, 'register.mjs')).href, '-r', join(hooks, 'cjs.cjs')]);
      assert.equal(r.code, 0, r.stderr);
      const loaded = r.stderr.split('\n').filter((l) => l.startsWith('loaded '));
      const cjs = Number(/^cjs (\d+)$/m.exec(r.stderr)?.[1]);
      assert.ok(cjs > 0, r.stderr);
      return { ours: loaded.filter((l) => l.includes('/build/src/')).length, all: loaded.length + cjs };
    };
    const bundled = count(CLI);
    const modules = count(MODULES_CLI);
    assert.equal(bundled.ours, 0);
    assert.ok(modules.ours > 50, `the unbundled CLI loads ${modules.ours} of Lantern's modules`);
    assert.ok(bundled.all * 5 < modules.all, `files loaded: bundled ${bundled.all}, unbundled ${modules.all}`);
  });
});

describe('programsIn (modules that must stay out of the bundle)', () => {
  const texts: Record<string, string> = {
    'build/src/cli/main.js': 'if (isEntry(import.meta.url)) main();',
    'build/src/scan/scan.js': 'export function scan() {}',
    'build/src/advisories/build-snapshot.js': 'if (isEntry(import.meta.url)) process.exitCode = main();',
    'build/src/rules/compile.js': 'compileRules();',
    'build/src/tools/new-script.js': 'if (isEntry(import.meta.url)) run();',
    'node_modules/yaml/dist/index.js': 'module.exports = {}; // isEntry(import.meta.url)',
  };
  const read = (p: string) => texts[p] as string;

  it('valid: the CLI main module, library modules, dependencies', () => {
    assert.deepEqual(programsIn(['build/src/cli/main.js', 'build/src/scan/scan.js', 'node_modules/yaml/dist/index.js'], read), []);
  });

  it('invalid: the build scripts and any module that runs itself as the program', () => {
    assert.deepEqual(programsIn(Object.keys(texts), read), ['build/src/advisories/build-snapshot.js', 'build/src/rules/compile.js', 'build/src/tools/new-script.js']);
  });
});
