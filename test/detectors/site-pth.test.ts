import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { isSitePathConfig } from '../../src/detectors/models/site-pth.js';
import { scan } from '../../src/scan/scan.js';
import { makeTree, removeTree } from '../support/paths.js';

/** Text .pth files Python's site module reads as path configuration. */
const SITE_FILES: [string, string][] = [
  ['distutils-precedence.pth', "import os; var = 'SETUPTOOLS_USE_DISTUTILS'; enabled = os.environ.get(var, 'local') == 'local'; enabled and __import__('_distutils_hack').add_shim(); \n"],
  ['_virtualenv.pth', 'import _virtualenv'],
  ['easy-install.pth', '/home/dev/project/src\n./mypkg-1.0-py3.11.egg\n'],
  ['__editable__.demo-0.1.pth', '/srv/app/src\r\n'],
  ['windows.pth', '# added by the installer\r\nC:\\Program Files\\Tools\\lib\r\n\r\n'],
  ['protobuf-3.20.3-py3.11-nspkg.pth', "import sys, types, os;has_mfs = sys.version_info > (3, 5);p = os.path.join(sys._getframe(1).f_locals['sitedir'], *('google',))\n"],
  ['tab.pth', 'import\tsite_hook\n'],
  ['single.pth', 'vendored\n'],
];

/** Text named .pth that is not path configuration: what a failed model download leaves. */
const NOT_SITE_FILES: [string, string][] = [
  ['model.pth', '<!DOCTYPE html><html><body>404 Not Found</body></html>'],
  ['weights.pth', 'Entry not found'],
  ['hf-error.pth', '{"error":"Repository not found"}'],
  ['blank.pth', '\n\n# only a comment\n'],
  ['importer.pth', 'important weights follow\n'],
  ['control.pth', 'abc\u0001def\n'],
];

describe('isSitePathConfig', () => {
  for (const [name, text] of SITE_FILES) it(`path configuration: ${name}`, () => assert.equal(isSitePathConfig(text), true));
  for (const [name, text] of NOT_SITE_FILES) it(`not path configuration: ${name}`, () => assert.equal(isSitePathConfig(text), false));
});

describe('text .pth files in a scan', () => {
  const roots: string[] = [];
  after(() => roots.forEach(removeTree));

  it('site path-configuration files get no model/not-a-model warning; other text named .pth does', async () => {
    const files: Record<string, string> = {};
    for (const [name, text] of SITE_FILES) files[`site/${name}`] = text;
    for (const [name, text] of NOT_SITE_FILES) files[`other/${name}`] = text;
    files['other/big.pth'] = '/a/path\n'.repeat(10_000);
    const root = makeTree(files);
    roots.push(root);
    const r = await scan({ root, threads: 1 });
    const warned = new Set(r.warnings.filter((w) => w.code === 'model/not-a-model').map((w) => w.path));
    for (const [name] of SITE_FILES) assert.equal(warned.has(`site/${name}`), false, name);
    for (const [name] of NOT_SITE_FILES) assert.equal(warned.has(`other/${name}`), true, name);
    assert.equal(warned.has('other/big.pth'), true, 'past the size bound the warning stays');
    assert.deepEqual(r.components, []);
  });
});
