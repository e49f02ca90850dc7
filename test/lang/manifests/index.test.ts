import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { DeclaredDependency } from '../../../src/lang/types.js';
import { globMatches, isManifest, nameMatches, readManifest, resolveVersions } from '../../../src/lang/manifests/index.js';
import { textLang } from '../../../src/sniff/sniff.js';
import { fixture, resolveTree } from './helpers.js';

const MANIFEST_NAMES = [
  'package.json', 'package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'requirements.txt',
  'requirements-dev.txt', 'requirements/prod.txt', 'requirements.in', 'dev-requirements.txt', 'test_requirements.in', 'pyproject.toml', 'Pipfile', 'Pipfile.lock', 'poetry.lock', 'uv.lock',
  'pdm.lock', 'pylock.toml', 'pylock.dev.toml', 'pylock.Linux-GPU.toml', 'PYLOCK.TOML', 'setup.cfg', 'setup.py',
  'environment.yml', 'environment.yaml', 'go.mod', 'pom.xml', 'build.gradle', 'build.gradle.kts', 'gradle/libs.versions.toml',
  'App.csproj', 'Directory.Packages.props', 'Directory.Build.props', 'Directory.Build.targets', 'packages.config', 'packages.lock.json', 'Cargo.toml', 'Cargo.lock',
];

describe('globMatches (workspace member globs)', () => {
  const yes: [string, string][] = [
    ['crates/*', 'crates/core'],
    ['./packages/*/', 'packages/ui'],
    ['tools/**', 'tools/a/b'],
    ['tools/**', 'tools'],
    ['**/cli', 'apps/x/cli'],
    ['packages/ui-?', 'packages/ui-1'],
    ['client', 'client'],
    ['a/**/**/b', 'a/b'],
    ['*-server', 'inspector-server'],
  ];
  const no: [string, string][] = [
    ['crates/*', 'crates/core/sub'],
    ['crates/*', 'other/core'],
    ['packages/ui-?', 'packages/ui-10'],
    ['client', 'client-old'],
    ['tools/**', 'toolsx/a'],
    ['a.b', 'axb'],
  ];
  for (const [g, rel] of yes) it(`${g} takes ${rel}`, () => assert.equal(globMatches(g, rel), true));
  for (const [g, rel] of no) it(`${g} does not take ${rel}`, () => assert.equal(globMatches(g, rel), false));
  it('answers a hostile glob at once', () => {
    const t = performance.now();
    const path = Array.from({ length: 60 }, () => 'a'.repeat(60)).join('/');
    assert.equal(globMatches(`${'**/*a*a*a*a*a*a/'.repeat(20)}b`, path), false);
    assert.equal(globMatches(`${'*a'.repeat(40)}b`, 'a'.repeat(4000)), false);
    // A megabyte-long glob of segments against a deep folder: no table of glob by path segments.
    assert.equal(globMatches('**/a/'.repeat(200_000), Array(2000).fill('a').join('/')), false);
    assert.ok(performance.now() - t < 1000, `${performance.now() - t} ms`);
  });
  it('nameMatches: * and, unless told otherwise, ? inside one name', () => {
    assert.equal(nameMatches('ci-*.yml', 'ci-build.yml'), true);
    assert.equal(nameMatches('ci-?.yml', 'ci-a.yml'), true);
    assert.equal(nameMatches('ci-?.yml', 'ci-a.yml', false), false);
    assert.equal(nameMatches('ci-?.yml', 'ci-?.yml', false), true);
    assert.equal(nameMatches('*a*a*a*a', `${'a'.repeat(250)}b`), false);
  });
});

describe('isManifest', () => {
  it('knows every manifest and lockfile name', () => {
    for (const n of MANIFEST_NAMES) assert.equal(isManifest(`a/b/${n}`), true, n);
  });
  it('the sniffer calls the same requirements files manifests', () => {
    for (const n of ['requirements.txt', 'requirements.in', 'dev-requirements.txt', 'test_requirements.in']) assert.equal(textLang(`svc/${n}`), 'manifest', n);
    for (const n of ['notrequirements.txt', 'requirements.md']) assert.notEqual(textLang(n), 'manifest', n);
    for (const n of ['pylock.toml', 'pylock.gpu.toml', 'pdm.lock', 'setup.cfg']) assert.equal(textLang(`svc/${n}`), 'manifest', n);
    // setup.py is read as a manifest and stays Python source for the import detector.
    assert.equal(textLang('svc/setup.py'), 'python');
    assert.notEqual(textLang('pylock.a.b.toml'), 'manifest');
  });
  it('rejects other files', () => {
    for (const n of ['README.md', 'notes.txt', 'package.json5', 'go.sum', 'main.py', 'config.toml', 'env.yml', 'notrequirements.txt', 'requirements.txt.bak', 'requirements.md', 'requirementsfile.py', 'pylock.a.b.toml', 'mypylock.toml', 'pylock.toml.bak', 'pylock..toml', 'pdm.lock.bak', 'setup.cfg.in', 'mysetup.py', 'setup_helpers.py']) assert.equal(isManifest(n), false, n);
  });
  it('rejects files named like properties of a plain object', () => {
    for (const n of ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'a/valueOf']) {
      assert.equal(isManifest(n), false, n);
      const r = readManifest(n, 'openai==1.0');
      assert.deepEqual(r.deps, [], n);
    }
  });
  it('answers the same for a path asked twice, in either mode', () => {
    assert.equal(isManifest('deps.txt'), false);
    assert.equal(readManifest('deps.txt', 'openai==1.30.1\n').deps.length, 1);
    assert.equal(isManifest('deps.txt'), false);
  });
  it('readManifest says so for an unknown file', () => {
    const r = readManifest('main.py', 'import openai');
    assert.deepEqual(r.deps, []);
    assert.equal(r.warnings.length, 1);
  });
});

function dep(d: Partial<DeclaredDependency> & { name: string; path: string }): DeclaredDependency {
  return { ecosystem: 'npm', ...d };
}

describe('resolveVersions', () => {
  it('package.json ^4.20.0 + lockfile 4.104.0 → version 4.104.0, range kept', () => {
    const manifest = readManifest('app/package.json', fixture('npm/package.json')).deps;
    const lock = readManifest('app/package-lock.json', fixture('npm/package-lock.v3.json')).deps;
    const out = resolveVersions([...manifest, ...lock]);
    const openai = out.find((d) => d.name === 'openai' && d.range === '^4.20.0');
    assert.deepEqual(openai, { ecosystem: 'npm', name: 'openai', range: '^4.20.0', version: '4.104.0', path: 'app/package.json', line: 5, scope: 'runtime', lockfile: 'app/package-lock.json' });
    // The lockfile's own openai, @ai-sdk/openai and typescript entries were taken; node-fetch stays as transitive.
    assert.deepEqual(out.filter((d) => d.path === 'app/package-lock.json').map((d) => d.name), ['node-fetch']);
    assert.equal(out.find((d) => d.name === 'typescript')?.version, '5.4.5');
    assert.equal(out.find((d) => d.name === 'typescript')?.scope, 'dev');
  });
  it('yarn v1: several versions of a package → the entry whose key lists the declared spec', () => {
    const manifest = readManifest('app/package.json', '{"dependencies":{"openai":"^4.0.0","oa":"npm:openai@^3.0.0"},"devDependencies":{"zod":"3.23.8"}}').deps;
    const lock = readManifest(
      'app/yarn.lock',
      [
        '# yarn lockfile v1',
        '',
        'openai@^3.1.0:',
        '  version "3.3.0"',
        '',
        '"oa@npm:openai@^3.0.0":',
        '  version "3.2.1"',
        '',
        '"openai@^4.0.0", openai@^4.20.0:',
        '  version "4.52.7"',
        '',
        'zod@^3.0.0:',
        '  version "3.22.0"',
        '',
        'zod@3.23.8:',
        '  version "3.23.8"',
        '',
      ].join('\n'),
    ).deps;
    const out = resolveVersions([...manifest, ...lock]);
    assert.deepEqual(out.map((d) => [d.name, d.range, d.version, d.path]), [
      ['openai', '^4.0.0', '4.52.7', 'app/package.json'],
      ['openai', 'npm:openai@^3.0.0', '3.2.1', 'app/package.json'],
      ['zod', '3.23.8', '3.23.8', 'app/package.json'],
      ['openai', '^3.1.0', '3.3.0', 'app/yarn.lock'],
      ['zod', '^3.0.0', '3.22.0', 'app/yarn.lock'],
    ]);
  });
  it('yarn berry: several versions of a package → the entry whose key lists npm:<spec>', () => {
    const manifest = readManifest('app/package.json', '{"dependencies":{"openai":"^4.0.0"}}').deps;
    const lock = readManifest(
      'app/yarn.lock',
      [
        '__metadata:',
        '  version: 8',
        '',
        '"openai@npm:^3.1.0":',
        '  version: 3.3.0',
        '  resolution: "openai@npm:3.3.0"',
        '',
        '"openai@npm:^4.0.0":',
        '  version: 4.52.7',
        '  resolution: "openai@npm:4.52.7"',
        '',
      ].join('\n'),
    ).deps;
    const out = resolveVersions([...manifest, ...lock]);
    assert.deepEqual(out.map((d) => [d.name, d.range, d.version, d.path]), [
      ['openai', '^4.0.0', '4.52.7', 'app/package.json'],
      ['openai', '^3.1.0', '3.3.0', 'app/yarn.lock'],
    ]);
  });
  it('package-lock and pnpm: an alias and the real name take the versions their specs resolved to', () => {
    const manifest = readManifest('app/package.json', '{"dependencies":{"oai4":"npm:openai@^4.52.0","openai":"^3.3.0"}}').deps;
    const npmLock = { lockfileVersion: 3, packages: { '': { dependencies: { oai4: 'npm:openai@^4.52.0', openai: '^3.3.0' } }, 'node_modules/oai4': { name: 'openai', version: '4.52.7' }, 'node_modules/openai': { version: '3.3.0' } } };
    const pnpmLock = [
      "lockfileVersion: '9.0'",
      'importers:',
      '  .:',
      '    dependencies:',
      '      oai4:',
      '        specifier: npm:openai@^4.52.0',
      '        version: openai@4.52.7',
      '      openai:',
      '        specifier: ^3.3.0',
      '        version: 3.3.0',
      'packages:',
      '  openai@3.3.0:',
      '    resolution: {integrity: sha512-x}',
      '  openai@4.52.7:',
      '    resolution: {integrity: sha512-x}',
      '',
    ].join('\n');
    for (const lock of [readManifest('app/package-lock.json', JSON.stringify(npmLock)), readManifest('app/pnpm-lock.yaml', pnpmLock)]) {
      assert.deepEqual(resolveVersions([...manifest, ...lock.deps]).map((d) => [d.range, d.version, d.path]), [
        ['npm:openai@^4.52.0', '4.52.7', 'app/package.json'],
        ['^3.3.0', '3.3.0', 'app/package.json'],
      ]);
    }
  });
  describe('package-lock v1 (no specs): an entry installed under an alias is that alias\'s', () => {
    const pkg = { dependencies: { oai3: 'npm:openai@^3.3.0', openai: '^4.20.0', oai4: 'npm:openai@^4.52.0', 'some-lib': '^1.0.0' } };
    // Keys in npm's order (sorted), so an alias's entry comes before the real name's.
    const lock = {
      lockfileVersion: 1,
      requires: true,
      dependencies: {
        oai3: { version: 'npm:openai@3.3.0' },
        oai4: { version: 'npm:openai@4.52.7' },
        openai: { version: '4.20.0' },
        'some-lib': { version: '1.0.0', dependencies: { oai5: { version: 'npm:openai@5.0.0' }, openai: { version: '3.0.0' } } },
      },
    };
    const resolve = (p: object, l: object) =>
      resolveVersions([...readManifest('app/package.json', JSON.stringify(p)).deps, ...readManifest('app/package-lock.json', JSON.stringify(l)).deps])
        .filter((d) => d.name === 'openai')
        .map((d) => [d.range, d.version, d.path]);
    const nested: [string | undefined, string, string][] = [[undefined, '5.0.0', 'app/package-lock.json'], [undefined, '3.0.0', 'app/package-lock.json']];
    // Each case: the package.json, the lockfile, and the openai rows resolveVersions gives.
    const CASES: [string, object, object, [string | undefined, string | undefined, string][]][] = [
      ['two aliases and the real name each take their own entry; copies nested under another package stay transitive', pkg, lock, [
        ['npm:openai@^3.3.0', '3.3.0', 'app/package.json'],
        ['^4.20.0', '4.20.0', 'app/package.json'],
        ['npm:openai@^4.52.0', '4.52.7', 'app/package.json'],
        ...nested,
      ]],
      ['the real name alone does not take an alias\'s entry listed before it', { dependencies: { openai: '^4.20.0' } }, lock, [
        ['^4.20.0', '4.20.0', 'app/package.json'],
        [undefined, '3.3.0', 'app/package-lock.json'],
        [undefined, '4.52.7', 'app/package-lock.json'],
        ...nested,
      ]],
      ['an alias the lockfile does not hold takes no version (not the real name\'s)', { dependencies: { oai6: 'npm:openai@^6.0.0', openai: '^4.20.0' } }, { lockfileVersion: 1, dependencies: { openai: { version: '4.20.0' } } }, [
        ['npm:openai@^6.0.0', undefined, 'app/package.json'],
        ['^4.20.0', '4.20.0', 'app/package.json'],
      ]],
      ['an alias whose key is the real name is no alias', { dependencies: { openai: 'npm:openai@4.20.0' } }, { lockfileVersion: 1, dependencies: { oai4: { version: 'npm:openai@4.52.7' }, openai: { version: '4.20.0' } } }, [
        ['npm:openai@4.20.0', '4.20.0', 'app/package.json'],
        [undefined, '4.52.7', 'app/package-lock.json'],
      ]],
    ];
    for (const [name, p, l, want] of CASES) it(name, () => assert.deepEqual(resolve(p, l), want));
  });
  it('yarn: no key lists the declared spec → the first entry, as before', () => {
    const manifest = readManifest('package.json', '{"dependencies":{"openai":"github:openai/openai-node"}}').deps;
    const lock = readManifest('yarn.lock', 'openai@^3.1.0:\n  version "3.3.0"\n\nopenai@^4.0.0:\n  version "4.52.7"\n').deps;
    assert.deepEqual(resolveVersions([...manifest, ...lock]).map((d) => [d.name, d.version, d.path]), [
      ['openai', '3.3.0', 'package.json'],
      ['openai', '4.52.7', 'yarn.lock'],
    ]);
  });
  it('Cargo.lock: several versions of a crate → the one the Cargo.toml requirement admits', () => {
    const manifest = readManifest('rs/Cargo.toml', '[dependencies]\nasync-openai = "0.23"\nreqwest = { version = ">= 0.12, < 0.13" }\nserde = "1"\ntokio = "2"\n').deps;
    const block = (n: string, v: string) => `[[package]]\nname = "${n}"\nversion = "${v}"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\n`;
    const lock = readManifest(
      'rs/Cargo.lock',
      ['version = 3', block('async-openai', '0.18.3'), block('async-openai', '0.23.4'), block('reqwest', '0.11.27'), block('reqwest', '0.12.5'),
        block('serde', '1.0.1'), block('serde', '1.0.2'), block('tokio', '1.38.0'), block('tokio', '1.0.0')].join('\n'),
    ).deps;
    const out = resolveVersions([...manifest, ...lock]);
    assert.deepEqual(out.map((d) => [d.name, d.range, d.version, d.path]), [
      ['async-openai', '0.23', '0.23.4', 'rs/Cargo.toml'],
      ['reqwest', '>= 0.12, < 0.13', '0.12.5', 'rs/Cargo.toml'],
      // Several satisfy, or none does: the first, as before.
      ['serde', '1', '1.0.1', 'rs/Cargo.toml'],
      ['tokio', '2', '1.38.0', 'rs/Cargo.toml'],
      ['async-openai', undefined, '0.18.3', 'rs/Cargo.lock'],
      ['reqwest', undefined, '0.11.27', 'rs/Cargo.lock'],
      ['serde', undefined, '1.0.2', 'rs/Cargo.lock'],
      ['tokio', undefined, '1.0.0', 'rs/Cargo.lock'],
    ]);
  });
  it('uv.lock / poetry.lock: several versions of a PyPI package (forks by marker) → each is the declaration\'s', () => {
    const manifest = readManifest('py/pyproject.toml', '[project]\nname = "app"\ndependencies = ["torch>=2.2", "openai>=1.30"]\n').deps;
    const block = (n: string, v: string, marker: string) => `[[package]]\nname = "${n}"\nversion = "${v}"\nsource = { registry = "https://pypi.org/simple" }\nresolution-markers = ["${marker}"]\n`;
    const lock = readManifest(
      'py/uv.lock',
      ['version = 1', '[[package]]\nname = "app"\nversion = "0.1.0"\nsource = { virtual = "." }\n', block('torch', '2.2.2', "sys_platform == 'darwin'"), block('torch', '2.5.1', "sys_platform != 'darwin'"),
        block('numpy', '1.26.4', "python_version < '3.12'"), block('numpy', '2.1.0', "python_version >= '3.12'"), block('openai', '1.54.0', "python_version >= '3.8'")].join('\n'),
    ).deps;
    assert.deepEqual(resolveVersions([...manifest, ...lock]).map((d) => [d.name, d.range, d.version, d.path]), [
      ['torch', '>=2.2', '2.2.2', 'py/pyproject.toml'],
      ['torch', '>=2.2', '2.5.1', 'py/pyproject.toml'],
      ['openai', '>=1.30', '1.54.0', 'py/pyproject.toml'],
      // Not declared: both stay the lockfile's.
      ['numpy', undefined, '1.26.4', 'py/uv.lock'],
      ['numpy', undefined, '2.1.0', 'py/uv.lock'],
    ]);
  });
  it('pylock.toml and pdm.lock resolve the pyproject.toml, setup.cfg and requirements beside them; a package twice by marker keeps both versions', () => {
    const pylock = 'lock-version = "1.0"\n[[packages]]\nname = "torch"\nversion = "2.2.2"\nmarker = "sys_platform == \'darwin\'"\n[[packages]]\nname = "torch"\nversion = "2.5.1"\nmarker = "sys_platform != \'darwin\'"\n[[packages]]\nname = "openai"\nversion = "1.54.0"\n';
    const out = resolveTree({
      'a/pyproject.toml': '[project]\nname = "a"\ndependencies = ["torch>=2.2", "OpenAI>=1.30"]\n',
      'a/pylock.toml': pylock,
      'b/setup.cfg': '[options]\ninstall_requires =\n    openai>=1\n',
      'b/pdm.lock': '[[package]]\nname = "openai"\nversion = "1.35.3"\ngroups = ["default"]\n',
      'c/requirements.txt': 'openai\n',
      'c/pylock.gpu.toml': pylock,
      // Another folder's lock resolves nothing here.
      'd/requirements.txt': 'openai>=1\n',
    });
    assert.deepEqual(out.map((d) => [d.name, d.range, d.version, d.path, d.lockfile]), [
      ['torch', '>=2.2', '2.2.2', 'a/pyproject.toml', 'a/pylock.toml'],
      ['torch', '>=2.2', '2.5.1', 'a/pyproject.toml', 'a/pylock.toml'],
      ['OpenAI', '>=1.30', '1.54.0', 'a/pyproject.toml', 'a/pylock.toml'],
      ['openai', '>=1', '1.35.3', 'b/setup.cfg', 'b/pdm.lock'],
      ['openai', undefined, '1.54.0', 'c/requirements.txt', 'c/pylock.gpu.toml'],
      // Not declared in c: the lock's own entries stay.
      ['torch', undefined, '2.2.2', 'c/pylock.gpu.toml', 'c/pylock.gpu.toml'],
      ['torch', undefined, '2.5.1', 'c/pylock.gpu.toml', 'c/pylock.gpu.toml'],
      ['openai', '>=1', undefined, 'd/requirements.txt', undefined],
    ]);
  });
  it('pnpm and package-lock: unchanged, the first entry of the name', () => {
    const out = resolveVersions([
      dep({ name: 'openai', range: '^4.0.0', path: 'package.json' }),
      dep({ name: 'openai', version: '3.3.0', path: 'package-lock.json', lockfile: 'package-lock.json' }),
      dep({ name: 'openai', version: '4.52.7', path: 'package-lock.json', lockfile: 'package-lock.json' }),
    ]);
    assert.deepEqual(out.map((d) => [d.version, d.path]), [['3.3.0', 'package.json'], ['4.52.7', 'package-lock.json']]);
  });
  it('requirements without a lock keep the range only', () => {
    const deps = readManifest('py/requirements.txt', 'openai>=1.30\n').deps;
    assert.deepEqual(resolveVersions(deps), [{ ecosystem: 'pypi', name: 'openai', range: '>=1.30', path: 'py/requirements.txt', line: 1, scope: 'runtime' }]);
  });
  it('matches PyPI names by PEP 503, only in the same directory and ecosystem', () => {
    const out = resolveVersions([
      dep({ ecosystem: 'pypi', name: 'Open_AI', range: '>=1', path: 'a/pyproject.toml' }),
      dep({ ecosystem: 'pypi', name: 'open-ai', version: '1.2.0', path: 'a/poetry.lock', lockfile: 'a/poetry.lock' }),
      dep({ ecosystem: 'pypi', name: 'openai', range: '>=1', path: 'b/pyproject.toml' }),
      dep({ ecosystem: 'pypi', name: 'openai', version: '9.9.9', path: 'a/poetry.lock', lockfile: 'a/poetry.lock' }),
      dep({ ecosystem: 'npm', name: 'openai', range: '^4', path: 'a/package.json' }),
    ]);
    assert.deepEqual(out.map((d) => [d.name, d.version, d.path]), [
      ['Open_AI', '1.2.0', 'a/pyproject.toml'],
      ['openai', undefined, 'b/pyproject.toml'],
      ['openai', '9.9.9', 'a/poetry.lock'],
      ['openai', undefined, 'a/package.json'],
    ]);
  });
  it('lockfile version wins over a manifest pin; a lockfile-only package keeps its scope', () => {
    const out = resolveVersions([
      dep({ ecosystem: 'pypi', name: 'openai', range: '==1.0.0', version: '1.0.0', path: 'Pipfile' }),
      dep({ ecosystem: 'pypi', name: 'openai', version: '1.30.1', path: 'Pipfile.lock', lockfile: 'Pipfile.lock', scope: 'runtime' }),
      dep({ ecosystem: 'pypi', name: 'httpx', version: '0.27.0', path: 'Pipfile.lock', lockfile: 'Pipfile.lock', scope: 'dev' }),
    ]);
    assert.deepEqual(out, [
      { ecosystem: 'pypi', name: 'openai', range: '==1.0.0', version: '1.30.1', path: 'Pipfile', lockfile: 'Pipfile.lock' },
      { ecosystem: 'pypi', name: 'httpx', version: '0.27.0', path: 'Pipfile.lock', lockfile: 'Pipfile.lock', scope: 'dev' },
    ]);
  });
  it('does not change its input', () => {
    const input = [dep({ name: 'a', range: '^1', path: 'package.json' }), dep({ name: 'a', version: '1.2.0', path: 'yarn.lock', lockfile: 'yarn.lock' })];
    const copy = structuredClone(input);
    resolveVersions(input);
    assert.deepEqual(input, copy);
  });
});

/** Every reader: random text, mutated real samples and binary junk never throw. */
const SAMPLES: Array<[string, string]> = [
  ['package.json', 'npm/package.json'],
  ['package-lock.json', 'npm/package-lock.v1.json'],
  ['package-lock.json', 'npm/package-lock.v3.json'],
  ['yarn.lock', 'npm/yarn.v1.lock'],
  ['yarn.lock', 'npm/yarn.berry.lock'],
  ['pnpm-lock.yaml', 'npm/pnpm-lock.v6.yaml'],
  ['pnpm-lock.yaml', 'npm/pnpm-lock.v9.yaml'],
  ['requirements.txt', 'pypi/requirements.txt'],
  ['pyproject.toml', 'pypi/pyproject.toml'],
  ['Pipfile', 'pypi/Pipfile'],
  ['Pipfile.lock', 'pypi/Pipfile.lock'],
  ['poetry.lock', 'pypi/poetry.lock'],
  ['uv.lock', 'pypi/uv.lock'],
  ['pylock.toml', 'pypi/pylock.toml'],
  ['pdm.lock', 'pypi/pdm.lock'],
  ['setup.cfg', 'pypi/setup.cfg'],
  ['setup.py', 'pypi/setup.py'],
  ['environment.yml', 'pypi/environment.yml'],
  ['go.mod', 'go/go.mod'],
  ['pom.xml', 'maven/pom.xml'],
  ['build.gradle', 'maven/build.gradle'],
  ['build.gradle.kts', 'maven/build.gradle.kts'],
  ['libs.versions.toml', 'maven/gradle/libs.versions.toml'],
  ['gradle.properties', 'maven/gradle.properties'],
  ['App.csproj', 'nuget/Assistant.csproj'],
  ['Directory.Packages.props', 'nuget/Directory.Packages.props'],
  ['packages.config', 'nuget/packages.config'],
  ['Cargo.toml', 'cargo/Cargo.toml'],
  ['Cargo.lock', 'cargo/Cargo.lock'],
];

function wellFormed(name: string, r: ReturnType<typeof readManifest>): void {
  assert.ok(Array.isArray(r.deps) && Array.isArray(r.warnings), name);
  for (const d of r.deps) {
    assert.equal(typeof d.name, 'string');
    assert.ok(d.name.length > 0);
    assert.ok(d.line === undefined || (Number.isInteger(d.line) && d.line >= 1));
  }
}

describe('robustness', () => {
  it('random strings into every reader', () => {
    for (const [name] of SAMPLES) {
      fc.assert(
        fc.property(fc.string({ maxLength: 300, unit: 'binary' }), (s) => wellFormed(name, readManifest(name, s))),
        { numRuns: 150 },
      );
    }
  });
  it('truncated and mutated samples', () => {
    for (const [name, rel] of SAMPLES) {
      const text = fixture(rel);
      fc.assert(
        fc.property(fc.nat(text.length), fc.nat(text.length), fc.string({ maxLength: 8 }), (cut, at, junk) => {
          wellFormed(name, readManifest(name, text.slice(0, cut)));
          wellFormed(name, readManifest(name, text.slice(0, at) + junk + text.slice(at)));
        }),
        { numRuns: 60 },
      );
    }
  });
  it('truncated structured files give a warning', () => {
    for (const [name, rel] of SAMPLES) {
      if (/\.(json|lock|toml|yaml|xml|csproj|props|config)$|Pipfile$/.test(name) && name !== 'yarn.lock') {
        const text = fixture(rel);
        // A cut YAML file is often still valid YAML, so YAML gets an unclosed flow sequence.
        const tail = name.endsWith('.toml') || name.endsWith('.lock') || name === 'Pipfile' ? '\n[x\n' : name.endsWith('.yaml') ? '\nbroken: [a, b\n' : '';
        const cut = text.slice(0, Math.floor(text.length * 0.6)) + tail;
        const r = readManifest(name, cut);
        assert.ok(r.warnings.length > 0, `${rel} truncated gives a warning`);
      }
    }
  });
  it('binary junk gives no exception', () => {
    const junk = String.fromCharCode(...Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256));
    for (const [name] of SAMPLES) wellFormed(name, readManifest(name, junk));
    assert.ok(readManifest('requirements.txt', junk).warnings.length > 0);
  });
  it('deep nesting is bounded', () => {
    const deep = '{"dependencies":' + '{"a":{"version":"1","dependencies":'.repeat(5000) + '{}';
    wellFormed('package-lock.json', readManifest('package-lock.json', deep));
    wellFormed('pom.xml', readManifest('pom.xml', '<a>'.repeat(10000)));
    wellFormed('pnpm-lock.yaml', readManifest('pnpm-lock.yaml', '['.repeat(5000)));
    wellFormed('Cargo.toml', readManifest('Cargo.toml', 'a = ' + '['.repeat(5000)));
  });
});

const brief = (out: DeclaredDependency[], names: string[]) =>
  out.filter((d) => names.includes(d.name)).map((d) => [d.name, d.range, d.version, d.path]);

describe('resolveVersions: workspaces and central versions', () => {
  it('yarn workspaces: a member takes the root yarn.lock entry that lists its exact spec, and only such an entry', () => {
    const out = resolveTree({
      'package.json': '{"name":"mono","private":true,"workspaces":["packages/*"]}',
      'yarn.lock': '"openai@^3.1.0":\n  version "3.3.0"\n\n"openai@^4.0.0", "openai@^4.20.0":\n  version "4.52.7"\n\n"cohere-ai@^7.0.0":\n  version "7.10.0"\n',
      'packages/api/package.json': '{"name":"api","dependencies":{"openai":"^4.20.0"}}',
      'packages/web/package.json': '{"name":"web","dependencies":{"openai":"^3.1.0","cohere-ai":"^7.1.0"}}',
    });
    assert.deepEqual(brief(out, ['openai', 'cohere-ai']), [
      // The lockfile's own entry no member took stays, as a transitive one.
      ['cohere-ai', '^7.0.0', '7.10.0', 'yarn.lock'],
      ['openai', '^4.20.0', '4.52.7', 'packages/api/package.json'],
      ['openai', '^3.1.0', '3.3.0', 'packages/web/package.json'],
      // ^7.1.0 is no key of the root lockfile: no version taken from it by name.
      ['cohere-ai', '^7.1.0', undefined, 'packages/web/package.json'],
    ]);
  });

  it('npm workspaces (package-lock v3): members take the root lockfile versions, nested or hoisted', () => {
    const lock = JSON.stringify({
      name: 'mono', lockfileVersion: 3, requires: true,
      packages: {
        '': { name: 'mono', workspaces: ['packages/*'], devDependencies: { openai: '^4.50.0' } },
        'node_modules/@anthropic-ai/sdk': { version: '0.24.3' },
        'node_modules/api': { resolved: 'packages/api', link: true },
        'node_modules/openai': { version: '4.52.7', dev: true },
        'node_modules/web': { resolved: 'packages/web', link: true },
        'packages/api': { name: 'api', version: '1.0.0', dependencies: { openai: '^4.0.0', '@anthropic-ai/sdk': '^0.24.0' } },
        'packages/web': { name: 'web', version: '1.0.0', dependencies: { openai: '^3.0.0' }, devDependencies: { cohere: '^7' } },
        'packages/web/node_modules/openai': { version: '3.3.0' },
      },
    }, null, 1);
    const out = resolveTree({
      'package.json': '{"name":"mono","workspaces":["packages/*"],"devDependencies":{"openai":"^4.50.0"}}',
      'package-lock.json': lock,
      'packages/api/package.json': '{"name":"api","dependencies":{"openai":"^4.0.0","@anthropic-ai/sdk":"^0.24.0"}}',
      'packages/web/package.json': '{"name":"web","dependencies":{"openai":"^3.0.0"},"devDependencies":{"cohere":"^7"}}',
    });
    assert.deepEqual(brief(out, ['openai', '@anthropic-ai/sdk', 'cohere']), [
      ['openai', '^4.50.0', '4.52.7', 'package.json'],
      ['openai', '^4.0.0', '4.52.7', 'packages/api/package.json'],
      ['@anthropic-ai/sdk', '^0.24.0', '0.24.3', 'packages/api/package.json'],
      ['openai', '^3.0.0', '3.3.0', 'packages/web/package.json'],
      // Not in the lockfile: no version.
      ['cohere', '^7', undefined, 'packages/web/package.json'],
    ]);
    // Every lockfile entry was taken by a manifest: nothing listed twice.
    assert.deepEqual(out.filter((d) => d.lockfile !== undefined && d.path.endsWith('lock.json')), []);
  });
  describe('package-lock: a declaration takes the copy Node resolves from its folder, never another package\'s nested copy', () => {
    const v3 = (packages: Record<string, object>, lockfileVersion = 3) => JSON.stringify({ name: 'x', lockfileVersion, requires: true, packages }, null, 1);
    const ROOT = '{"name":"x","dependencies":{"openai":"^4.0.0"}}';
    const MONO = '{"name":"mono","workspaces":["packages/*"]}';
    const APP = '{"name":"app","dependencies":{"openai":"^4.0.0"}}';
    type Want = [range: string | undefined, version: string | undefined, path: string][];
    // Each case: the files, and the openai rows resolveVersions gives (in the files' order).
    const CASES: [string, Record<string, string>, Want][] = [
      ['v3 hoisted: the root takes node_modules/openai; a copy nested under langchain stays langchain\'s', {
        'package.json': ROOT,
        'package-lock.json': v3({ '': { dependencies: { openai: '^4.0.0' } }, 'node_modules/langchain': { version: '0.1.0' }, 'node_modules/langchain/node_modules/openai': { version: '3.3.0' }, 'node_modules/openai': { version: '4.52.7' } }),
      }, [['^4.0.0', '4.52.7', 'package.json'], [undefined, '3.3.0', 'package-lock.json']]],
      ['v3 nested only: no version (the declared range stays), the nested copy is transitive', {
        'package.json': ROOT,
        'package-lock.json': v3({ '': { dependencies: { openai: '^4.0.0' } }, 'node_modules/langchain': { version: '0.1.0' }, 'node_modules/langchain/node_modules/openai': { version: '3.3.0' } }),
      }, [['^4.0.0', undefined, 'package.json'], [undefined, '3.3.0', 'package-lock.json']]],
      ['v3 nested only, below a scoped package and two levels down', {
        'package.json': ROOT,
        'package-lock.json': v3({ 'node_modules/@langchain/core': { version: '0.2.0' }, 'node_modules/@langchain/core/node_modules/openai': { version: '4.1.0' }, 'node_modules/a/node_modules/b/node_modules/openai': { version: '4.2.0' } }),
      }, [['^4.0.0', undefined, 'package.json'], [undefined, '4.1.0', 'package-lock.json'], [undefined, '4.2.0', 'package-lock.json']]],
      ['v2 (packages and the v1 tree): the packages map decides; nested only → no version', {
        'package.json': ROOT,
        'package-lock.json': JSON.stringify({ lockfileVersion: 2, packages: { 'node_modules/langchain': { version: '0.1.0' }, 'node_modules/langchain/node_modules/openai': { version: '3.3.0' } }, dependencies: { langchain: { version: '0.1.0', dependencies: { openai: { version: '3.3.0' } } } } }),
      }, [['^4.0.0', undefined, 'package.json'], [undefined, '3.3.0', 'package-lock.json']]],
      ['v2 hoisted', {
        'package.json': ROOT,
        'package-lock.json': v3({ 'node_modules/openai': { version: '4.52.7' }, 'node_modules/x/node_modules/openai': { version: '3.3.0' } }, 2),
      }, [['^4.0.0', '4.52.7', 'package.json'], [undefined, '3.3.0', 'package-lock.json']]],
      ['v1 hoisted: the top-level entry, listed after a nested one or not', {
        'package.json': ROOT,
        'package-lock.json': JSON.stringify({ lockfileVersion: 1, dependencies: { langchain: { version: '0.1.0', dependencies: { openai: { version: '3.3.0' } } }, openai: { version: '4.52.7' } } }),
      }, [['^4.0.0', '4.52.7', 'package.json'], [undefined, '3.3.0', 'package-lock.json']]],
      ['v1 nested only: no version', {
        'package.json': ROOT,
        'package-lock.json': JSON.stringify({ lockfileVersion: 1, dependencies: { langchain: { version: '0.1.0', dependencies: { openai: { version: '3.3.0' } } } } }),
      }, [['^4.0.0', undefined, 'package.json'], [undefined, '3.3.0', 'package-lock.json']]],
      ['member: its own packages/app/node_modules copy first, the root keeps the hoisted one', {
        'package.json': '{"name":"mono","workspaces":["packages/*"],"dependencies":{"openai":"^4.50.0"}}',
        'package-lock.json': v3({ '': { workspaces: ['packages/*'], dependencies: { openai: '^4.50.0' } }, 'node_modules/openai': { version: '4.52.7' }, 'packages/app': { name: 'app', dependencies: { openai: '^4.0.0' } }, 'packages/app/node_modules/openai': { version: '4.1.0' } }),
        'packages/app/package.json': APP,
      }, [['^4.50.0', '4.52.7', 'package.json'], ['^4.0.0', '4.1.0', 'packages/app/package.json']]],
      ['member: hoisted to the root', {
        'package.json': MONO,
        'package-lock.json': v3({ '': { workspaces: ['packages/*'] }, 'node_modules/openai': { version: '4.52.7' }, 'node_modules/x/node_modules/openai': { version: '3.3.0' }, 'packages/app': { name: 'app', dependencies: { openai: '^4.0.0' } } }),
        'packages/app/package.json': APP,
      }, [[undefined, '3.3.0', 'package-lock.json'], ['^4.0.0', '4.52.7', 'packages/app/package.json']]],
      ['member: hoisted to a folder between it and the root (packages/node_modules); the root does not reach it', {
        'package.json': '{"name":"mono","workspaces":["packages/*"],"dependencies":{"openai":"^4.50.0"}}',
        'package-lock.json': v3({ '': { workspaces: ['packages/*'], dependencies: { openai: '^4.50.0' } }, 'packages/node_modules/openai': { version: '4.3.0' }, 'packages/app': { name: 'app', dependencies: { openai: '^4.0.0' } } }),
        'packages/app/package.json': APP,
      }, [['^4.50.0', undefined, 'package.json'], ['^4.0.0', '4.3.0', 'packages/app/package.json']]],
      ['member: only copies nested under other packages (the root\'s or its own) → no version', {
        'package.json': MONO,
        'package-lock.json': v3({ '': { workspaces: ['packages/*'] }, 'node_modules/x/node_modules/openai': { version: '3.3.0' }, 'packages/app': { name: 'app', dependencies: { openai: '^4.0.0', y: '^1' } }, 'packages/app/node_modules/y': { version: '1.0.0' }, 'packages/app/node_modules/y/node_modules/openai': { version: '4.9.0' } }),
        'packages/app/package.json': APP,
      }, [[undefined, '3.3.0', 'package-lock.json'], [undefined, '4.9.0', 'package-lock.json'], ['^4.0.0', undefined, 'packages/app/package.json']]],
    ];
    for (const [name, files, want] of CASES) {
      it(name, () => assert.deepEqual(resolveTree(files).filter((d) => d.name === 'openai').map((d) => [d.range, d.version, d.path]), want));
    }
    it('the reader marks the copies no manifest resolves to (v1 and v3)', () => {
      const l3 = readManifest('package-lock.json', v3({ '': { workspaces: ['packages/*'] }, 'node_modules/openai': { version: '4.52.7' }, 'node_modules/@a/b/node_modules/openai': { version: '3.3.0' }, 'packages/node_modules/openai': { version: '4.3.0' }, 'packages/app': { name: 'app' }, 'packages/app/node_modules/openai': { version: '4.1.0' }, 'packages/app/node_modules/y/node_modules/openai': { version: '4.9.0' } }));
      assert.deepEqual(l3.deps.map((d) => [d.version, d.importer, d.nested]), [
        ['4.52.7', undefined, undefined],
        ['4.3.0', undefined, true],
        ['4.1.0', 'packages/app', undefined],
        ['3.3.0', undefined, true],
        ['4.9.0', 'packages/app', true],
      ]);
      const l1 = readManifest('package-lock.json', JSON.stringify({ lockfileVersion: 1, dependencies: { a: { version: '1.0.0', dependencies: { openai: { version: '3.3.0' } } }, openai: { version: '4.52.7' } } }));
      assert.deepEqual(l1.deps.map((d) => [d.name, d.version, d.nested]), [['a', '1.0.0', undefined], ['openai', '4.52.7', undefined], ['openai', '3.3.0', true]]);
    });
  });
  it('npm workspaces: a member entry no manifest takes is not listed twice', () => {
    const lock = JSON.stringify({
      lockfileVersion: 3,
      packages: {
        '': { workspaces: ['packages/api'] },
        'node_modules/openai': { version: '4.52.7' },
        'packages/api': { name: 'api', dependencies: { openai: '^4.0.0', missing: '^1' }, devDependencies: 'not an object' },
        'packages/api/node_modules/zod': { version: '3.23.8' },
      },
    });
    const out = resolveTree({ 'package-lock.json': lock });
    assert.deepEqual(out.map((d) => [d.name, d.version, d.path, d.importer]), [
      ['openai', '4.52.7', 'package-lock.json', undefined],
      ['zod', '3.23.8', 'package-lock.json', 'packages/api'],
    ]);
  });
  for (const [label, lock] of [
    ['v9', [
      "lockfileVersion: '9.0'",
      'importers:',
      '  .:',
      '    devDependencies:',
      '      openai:',
      '        specifier: ^4.50.0',
      '        version: 4.52.7',
      '  apps/bot:',
      '    dependencies:',
      "      '@anthropic-ai/sdk':",
      '        specifier: ^0.24.0',
      '        version: 0.24.3',
      '      openai:',
      '        specifier: ^3.0.0',
      '        version: 3.3.0',
      '      shared:',
      '        specifier: workspace:*',
      '        version: link:../../packages/shared',
      'packages:',
      "  '@anthropic-ai/sdk@0.24.3':",
      '    resolution: {integrity: sha512-x}',
      '  openai@3.3.0:',
      '    resolution: {integrity: sha512-y}',
      '  openai@4.52.7:',
      '    resolution: {integrity: sha512-z}',
      'snapshots:',
      "  '@anthropic-ai/sdk@0.24.3': {}",
      '  openai@3.3.0: {}',
      '  openai@4.52.7: {}',
      '',
    ]],
    ['v6', [
      "lockfileVersion: '6.0'",
      'importers:',
      '  .:',
      '    devDependencies:',
      '      openai:',
      '        specifier: ^4.50.0',
      '        version: 4.52.7',
      '  apps/bot:',
      '    dependencies:',
      "      '@anthropic-ai/sdk':",
      '        specifier: ^0.24.0',
      '        version: 0.24.3(zod@3.23.8)',
      '      openai:',
      '        specifier: ^3.0.0',
      '        version: 3.3.0',
      'packages:',
      "  /@anthropic-ai/sdk@0.24.3(zod@3.23.8):",
      '    resolution: {integrity: sha512-x}',
      '    dev: false',
      '  /openai@3.3.0:',
      '    resolution: {integrity: sha512-y}',
      '    dev: false',
      '  /openai@4.52.7:',
      '    resolution: {integrity: sha512-z}',
      '    dev: true',
      '',
    ]],
  ] as const) {
    it(`pnpm ${label} importers: each member takes its own versions`, () => {
      const out = resolveTree({
        'package.json': '{"devDependencies":{"openai":"^4.50.0"}}',
        'pnpm-lock.yaml': lock.join('\n'),
        'apps/bot/package.json': '{"dependencies":{"@anthropic-ai/sdk":"^0.24.0","openai":"^3.0.0","shared":"workspace:*"}}',
      });
      assert.deepEqual(brief(out, ['openai', '@anthropic-ai/sdk']), [
        ['openai', '^4.50.0', '4.52.7', 'package.json'],
        ['@anthropic-ai/sdk', '^0.24.0', '0.24.3', 'apps/bot/package.json'],
        ['openai', '^3.0.0', '3.3.0', 'apps/bot/package.json'],
      ]);
      // The packages entries of those versions were taken with them: nothing listed twice.
      assert.deepEqual(out.filter((d) => d.path === 'pnpm-lock.yaml').map((d) => d.name), []);
      const member = readManifest('pnpm-lock.yaml', lock.join('\n')).deps.filter((d) => d.importer !== undefined);
      assert.deepEqual(member.map((d) => [d.name, d.version, d.importer, d.scope, d.line]), [
        ['@anthropic-ai/sdk', '0.24.3', 'apps/bot', 'runtime', 10],
        ['openai', '3.3.0', 'apps/bot', 'runtime', 13],
      ]);
    });
  }
  it('pnpm: a lockfile below the root names importers from its own folder; bad importers are skipped', () => {
    const lock = "lockfileVersion: '9.0'\nimporters:\n  ../../outside:\n    dependencies:\n      openai: {specifier: ^4, version: 4.52.7}\n  ../shared:\n    dependencies:\n      openai: {specifier: ^4, version: 4.52.7}\n  web:\n    dependencies:\n      openai: {specifier: ^4, version: 4.52.7}\n      odd: 42\n      weird: {version: not-a-version}\n  broken: 7\n";
    const r = readManifest('js/pnpm-lock.yaml', lock);
    assert.deepEqual(r.deps.map((d) => [d.name, d.version, d.importer]), [['openai', '4.52.7', 'shared'], ['openai', '4.52.7', 'js/web']]);
  });
  it('Cargo workspace: members take the root Cargo.lock and inherit [workspace.dependencies]', () => {
    const pkg = (n: string, v: string) => `[[package]]\nname = "${n}"\nversion = "${v}"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\n`;
    const out = resolveTree({
      'Cargo.toml': '[workspace]\nmembers = ["crates/*", "tools/cli"]\nexclude = ["crates/legacy"]\n\n[workspace.dependencies]\nasync-openai = "0.23"\n',
      'Cargo.lock': ['version = 3', '[[package]]\nname = "bot"\nversion = "0.1.0"\n', pkg('async-openai', '0.18.3'), pkg('async-openai', '0.23.4'), pkg('ollama-rs', '0.2.0')].join('\n'),
      'crates/bot/Cargo.toml': '[package]\nname = "bot"\n\n[dependencies]\nasync-openai = { workspace = true, features = ["realtime"] }\nollama-rs = "0.2"\n',
      'tools/cli/Cargo.toml': '[package]\nname = "cli"\n\n[dependencies]\nasync-openai.workspace = true\n',
      'crates/old/Cargo.toml': '[package]\nname = "old"\n\n[dependencies]\nasync-openai = "0.18"\n',
      // Excluded and not a member: the root lockfile does not apply.
      'crates/legacy/Cargo.toml': '[dependencies]\nasync-openai = "0.18"\n',
      'examples/demo/Cargo.toml': '[dependencies]\nasync-openai = { workspace = true }\n',
    });
    assert.deepEqual(brief(out, ['async-openai', 'ollama-rs']), [
      ['async-openai', '0.23', '0.23.4', 'Cargo.toml'],
      ['async-openai', '0.23', '0.23.4', 'crates/bot/Cargo.toml'],
      ['ollama-rs', '0.2', '0.2.0', 'crates/bot/Cargo.toml'],
      ['async-openai', '0.23', '0.23.4', 'tools/cli/Cargo.toml'],
      ['async-openai', '0.18', '0.18.3', 'crates/old/Cargo.toml'],
      ['async-openai', '0.18', undefined, 'crates/legacy/Cargo.toml'],
      // No workspace takes it in: the nearest [workspace.dependencies] above gives the range, no lockfile.
      ['async-openai', '0.23', undefined, 'examples/demo/Cargo.toml'],
    ]);
  });
  it('Cargo: workspace members that are not a list are a warning; the root still counts', () => {
    const r = readManifest('Cargo.toml', '[workspace]\nmembers = "crates/*"\n');
    assert.deepEqual(r.warnings, ['workspace.members is not an array']);
    assert.deepEqual(r.workspace, { path: 'Cargo.toml', ecosystem: 'cargo', members: [], exclude: [] });
    const inherit = readManifest('a/Cargo.toml', '[dependencies]\nx = { workspace = true }\ny = { workspace = false, version = "1" }\n').deps;
    assert.deepEqual(inherit.map((d) => [d.name, d.range, d.central]), [['x', undefined, 'inherits'], ['y', '1', undefined]]);
  });
  it('NuGet central package management: the nearest Directory.Packages.props gives the version', () => {
    const props = (items: string) => `<Project>\n  <PropertyGroup>\n    <ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally>\n  </PropertyGroup>\n  <ItemGroup>\n${items}  </ItemGroup>\n</Project>\n`;
    const out = resolveTree({
      'Directory.Packages.props': props('    <PackageVersion Include="OpenAI" Version="2.1.0" />\n    <PackageVersion Include="Azure.AI.OpenAI" Version="2.0.0" />\n    <GlobalPackageReference Include="Microsoft.SemanticKernel" Version="1.14.1" />\n'),
      'src/Bot/Bot.csproj': '<Project Sdk="Microsoft.NET.Sdk">\n  <ItemGroup>\n    <PackageReference Include="OpenAI" />\n    <PackageReference Include="Anthropic.SDK" />\n  </ItemGroup>\n</Project>\n',
      'src/Pinned/Pinned.csproj': '<Project Sdk="Microsoft.NET.Sdk">\n  <ItemGroup>\n    <PackageReference Include="openai" VersionOverride="2.0.0" />\n  </ItemGroup>\n</Project>\n',
      // A nearer file wins, even when it does not know the package (MSBuild reads one file).
      'labs/Directory.Packages.props': props('    <PackageVersion Include="OpenAI" Version="2.2.0-beta.1" />\n'),
      'labs/Exp/Exp.csproj': '<Project Sdk="Microsoft.NET.Sdk">\n  <ItemGroup>\n    <PackageReference Include="OpenAI" />\n    <PackageReference Include="Azure.AI.OpenAI" />\n  </ItemGroup>\n</Project>\n',
    });
    assert.deepEqual(out.map((d) => [d.name, d.range, d.version, d.path]), [
      ['Microsoft.SemanticKernel', '1.14.1', '1.14.1', 'Directory.Packages.props'],
      ['OpenAI', '2.1.0', '2.1.0', 'src/Bot/Bot.csproj'],
      ['Anthropic.SDK', undefined, undefined, 'src/Bot/Bot.csproj'],
      ['openai', '2.0.0', '2.0.0', 'src/Pinned/Pinned.csproj'],
      ['OpenAI', '2.2.0-beta.1', '2.2.0-beta.1', 'labs/Exp/Exp.csproj'],
      ['Azure.AI.OpenAI', undefined, undefined, 'labs/Exp/Exp.csproj'],
    ]);
  });
  it('NuGet: the central file is known even when none of its entries reached the merge', () => {
    const out = resolveVersions(
      [
        dep({ ecosystem: 'nuget', name: 'OpenAI', path: 'Directory.Packages.props', range: '2.1.0', version: '2.1.0', central: 'defines' }),
        dep({ ecosystem: 'nuget', name: 'OpenAI', path: 'a/b/App.csproj', central: 'inherits' }),
      ],
      [{ path: 'a/Directory.Packages.props', ecosystem: 'nuget' }],
    );
    assert.deepEqual(out.map((d) => [d.name, d.version, d.path]), [['OpenAI', undefined, 'a/b/App.csproj']]);
  });
});
