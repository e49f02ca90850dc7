import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { walk } from '../src/walk/walk.js';
import { suiteTrees } from './support/paths.js';

describe('walk', () => {
  const { tree } = suiteTrees();
  const paths = async (root: string, opts: Partial<Parameters<typeof walk>[0]> = {}) => (await walk({ root, ...opts })).files.map((f) => f.path);

  it('lists files in a deterministic, code-unit order', async () => {
    const r = tree({ 'b.txt': '1', 'a/z.txt': '2', 'a/B.txt': '3', 'A.txt': '4' });
    assert.deepEqual(await paths(r), ['A.txt', 'a/B.txt', 'a/z.txt', 'b.txt']);
  });

  it('applies .gitignore files at every level, with negation and directory rules', async () => {
    const r = tree({
      '.gitignore': '*.log\ncache/\n',
      'app.log': 'x',
      'cache/x.pkl': 'x',
      'src/.gitignore': 'secret.txt\n!keep.log\n',
      'src/secret.txt': 'x',
      'src/keep.log': 'x',
      'src/main.py': 'x',
      'other/secret.txt': 'x',
    });
    assert.deepEqual(await paths(r), ['.gitignore', 'other/secret.txt', 'src/.gitignore', 'src/keep.log', 'src/main.py']);
    assert.ok((await paths(r, { respectGitignore: false })).includes('cache/x.pkl'));
  });

  it('a file whose name holds a line break is listed; such a folder is a warning', async () => {
    const r = tree({ 'd/a\nb.py': 'x', 'cr\r.py': 'x', 'plain.py': 'x', 'dir\nx/c.py': 'x', 'd/skip\n.log': 'x', '.gitignore': '*.log\n' });
    const w = await walk({ root: r });
    assert.deepEqual(w.files.map((f) => f.path), ['.gitignore', 'cr\r.py', 'd/a\nb.py', 'plain.py']);
    assert.deepEqual(w.warnings.map((x) => [x.code, x.path]), [['walk/unlisted-name', 'dir\nx']]);
  });

  it('applies exclude globs from config and flags', async () => {
    const r = tree({ 'a/x.py': '', 'b/y.py': '', 'b/z.md': '' });
    assert.deepEqual(await paths(r, { exclude: ['b/**'] }), ['a/x.py']);
    assert.deepEqual(await paths(r, { exclude: ['*.md'] }), ['a/x.py', 'b/y.py']);
  });

  it('skips .git always and dependency folders unless asked', async () => {
    const r = tree({ '.git/config': '', 'node_modules/m/index.js': '', '.venv/lib/x.py': '', 'venv/x.py': '', 'lib/site-packages/p.py': '', 'app.py': '' });
    assert.deepEqual(await paths(r), ['app.py']);
    assert.deepEqual(await paths(r, { includeDependencyDirs: true }), ['.venv/lib/x.py', 'app.py', 'lib/site-packages/p.py', 'node_modules/m/index.js', 'venv/x.py']);
  });

  it('never follows a symbolic link out of the root, survives loops, keeps links inside', async () => {
    const outside = tree({ 'secret.pkl': 'outside' });
    const r = tree({ 'in.txt': 'x', 'dir/a.txt': 'y' });
    symlinkSync(join(outside, 'secret.pkl'), join(r, 'escape.pkl'));
    symlinkSync(outside, join(r, 'escape-dir'));
    symlinkSync(join(r, 'loop-b'), join(r, 'loop-a'));
    symlinkSync(join(r, 'loop-a'), join(r, 'loop-b'));
    symlinkSync(join(r, 'in.txt'), join(r, 'inside-link.txt'));
    symlinkSync(join(r, 'dir'), join(r, 'dir-link'));
    const res = await walk({ root: r });
    assert.deepEqual(res.files.map((f) => f.path), ['dir/a.txt', 'in.txt', 'inside-link.txt']);
    const codes = res.warnings.map((w) => `${w.path}:${w.code}`).sort();
    assert.deepEqual(codes, ['escape-dir:walk/symlink-outside-root', 'escape.pkl:walk/symlink-outside-root', 'loop-a:walk/broken-symlink', 'loop-b:walk/broken-symlink']);
  });

  it('handles spaces, very long and non-UTF-8 names', async () => {
    const r = tree({ 'with space/file name.txt': 'x' });
    const long = `${'n'.repeat(200)}.txt`;
    writeFileSync(join(r, long), 'x');
    const raw = Buffer.concat([Buffer.from(r + '/bad-'), Buffer.from([0xff, 0xfe]), Buffer.from('.txt')]);
    writeFileSync(raw, 'latin');
    mkdirSync(join(r, 'deep/'.repeat(30)), { recursive: true });
    writeFileSync(join(r, 'deep/'.repeat(30), 'x.txt'), 'x');
    const res = await walk({ root: r });
    const bad = res.files.find((f) => f.path.startsWith('bad-'));
    assert.ok(bad, 'non-UTF-8 name listed');
    assert.ok(bad.rawPath && bad.rawPath.equals(raw), 'raw bytes kept for opening');
    assert.ok(res.files.some((f) => f.path === long));
    assert.ok(res.files.some((f) => f.path === 'with space/file name.txt'));
    assert.ok(res.files.some((f) => f.path.endsWith('deep/x.txt')));
  });

  it('a folder it cannot list (a path past the system limit) is a warning with its path; the rest is listed', async () => {
    const r = tree({ 'top.py': 'x' });
    try {
      // 2,100 nested folders (4,200+ characters) can only be made one step at a time, from inside.
      const script = "const fs = require('fs'); process.chdir(process.argv[1]); for (let i = 0; i < 2100; i++) { fs.mkdirSync('d'); process.chdir('d'); } fs.writeFileSync('x.py', 'x');";
      const made = spawnSync(process.execPath, ['-e', script, r]);
      assert.equal(made.status, 0, String(made.stderr));
      const res = await walk({ root: r });
      assert.deepEqual(res.files.map((f) => f.path), ['top.py']);
      const w = res.warnings.filter((x) => x.code === 'walk/unreadable-dir');
      assert.equal(w.length, 1, JSON.stringify(res.warnings.map((x) => x.code)));
      assert.match(w[0]?.message ?? '', /ENAMETOOLONG/);
      assert.ok(w[0]?.path.startsWith('d/d/'), w[0]?.path.slice(0, 20));
    } finally {
      spawnSync('rm', ['-rf', join(r, 'd')]);
    }
  });
});
