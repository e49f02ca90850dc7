import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { findPackageRoot, packageRoot } from '../../src/util/package-root.js';
import { REPO, suiteTrees } from '../support/paths.js';

describe('packageRoot', () => {
  const { tree } = suiteTrees();

  it('is the repository, from the modules and from the bundle', () => {
    assert.equal(packageRoot(), REPO);
    assert.equal(findPackageRoot(join(REPO, 'build/lantern')), REPO);
    assert.equal(findPackageRoot(join(REPO, 'build/src/util')), REPO);
  });

  it("finds Lantern's own package.json inside another project, past a broken one", () => {
    const dir = tree({
      'package.json': JSON.stringify({ name: 'some-app' }),
      'node_modules/lantern-ai/package.json': JSON.stringify({ name: 'lantern-ai' }),
      'node_modules/lantern-ai/build/package.json': '{ not json',
      'node_modules/lantern-ai/build/lantern/main.js': '',
    });
    assert.equal(findPackageRoot(join(dir, 'node_modules/lantern-ai/build/lantern')), join(dir, 'node_modules/lantern-ai'));
  });

  it('says the installation is incomplete when no package.json names Lantern', () => {
    const dir = tree({ 'package.json': JSON.stringify({ name: 'some-app' }), 'rules/x.yaml': '', 'src/a.js': '' });
    assert.throws(() => findPackageRoot(join(dir, 'src')), /cannot find the Lantern package root .*lantern-ai.*installation is incomplete/);
  });
});
