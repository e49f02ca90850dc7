import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readManifest } from '../../../src/lang/manifests/index.js';
import { parsePnpmKey } from '../../../src/lang/manifests/pnpm.js';
import { expectRows, noWarnings, readFixture, type Row } from './helpers.js';

describe('package.json', () => {
  it('reads the four sections with the line of each key, aliases by their real name', () => {
    const r = readFixture('npm/package.json', 'app/package.json');
    noWarnings(r);
    expectRows(r, [
      ['openai', '^4.20.0', undefined, 'runtime', 5],
      ['openai-utils', '1.2.3', '1.2.3', 'runtime', 6],
      ['@ai-sdk/openai', '~0.0.9', undefined, 'runtime', 7],
      ['openai', 'npm:openai@4.20.0', '4.20.0', 'runtime', 8],
      ['typescript', '^5.4.0', undefined, 'dev', 11],
      ['fsevents', '*', undefined, 'optional', 14],
      ['react', '>=18', undefined, 'peer', 17],
    ]);
    assert.ok(r.deps.every((d) => d.ecosystem === 'npm' && d.path === 'app/package.json' && d.lockfile === undefined));
  });
  it("pnpm catalogs: a \"catalog:\" or \"catalog:<name>\" dependency inherits (no range of its own); pnpm-workspace.yaml's default and named catalogs define the ranges", () => {
    const pkg = readManifest('packages/ai/package.json', '{\n  "dependencies": {\n    "ai": "catalog:",\n    "zod": "catalog:default",\n    "react": "catalog:react18"\n  }\n}\n');
    assert.deepEqual(pkg.deps.map((d) => [d.name, d.range, d.central, d.catalog, d.line]), [['ai', undefined, 'inherits', undefined, 3], ['zod', undefined, 'inherits', undefined, 4], ['react', undefined, 'inherits', 'react18', 5]]);
    const ws = readManifest('pnpm-workspace.yaml', "packages:\n  - packages/*\ncatalog:\n  ai: ^4.0.0\n  '@ai-sdk/openai': 1.0.5\ncatalogs:\n  react18:\n    react: ^18.2.0\n  default:\n    zod: ^3.23.0\n  broken: 1\n");
    assert.deepEqual(ws.deps.map((d) => [d.name, d.range, d.version, d.central, d.catalog, d.line]), [
      ['ai', '^4.0.0', undefined, 'defines', undefined, 4],
      ['@ai-sdk/openai', '1.0.5', '1.0.5', 'defines', undefined, 5],
      ['react', '^18.2.0', undefined, 'defines', 'react18', 8],
      ['zod', '^3.23.0', undefined, 'defines', undefined, 10],
    ]);
    assert.deepEqual(readManifest('pnpm-workspace.yaml', 'packages:\n  - apps/*\n').deps, []);
    assert.match(readManifest('pnpm-workspace.yaml', 'catalog:\n  ai: [\n').warnings[0] ?? '', /not valid YAML/);
  });

  it('keeps what precedes a truncation', () => {
    const r = readManifest('package.json', '{\n "dependencies": {\n  "openai": "^4.0.0",\n  "zod": "^3');
    expectRows(r, [['openai', '^4.0.0', undefined, 'runtime', 3]]);
    assert.match(r.warnings[0]!, /malformed JSON/);
  });
  it('counts lines at CR, LF and CRLF; an escaped \\r and U+2028 in a string are no line ends', () => {
    for (const nl of ['\n', '\r\n', '\r']) {
      const r = readManifest('package.json', ['{', ' "description": "a\\r\\nb\u2028c",', ' "dependencies": {', '  "openai": "^4.0.0"', ' },', ' "devDependencies": {"zod": "^3"}', '}', ''].join(nl));
      noWarnings(r);
      expectRows(r, [['openai', '^4.0.0', undefined, 'runtime', 4], ['zod', '^3', undefined, 'dev', 6]]);
    }
  });
  it('reads npm and Yarn workspace globs, `!` negations as exclusions', () => {
    const npm = readManifest('mono/package.json', '{"name": "root", "workspaces": ["packages/*", "apps/web", "!packages/old", 3, ""]}');
    assert.deepEqual(npm.workspace, { path: 'mono/package.json', ecosystem: 'npm', members: ['packages/*', 'apps/web'], exclude: ['packages/old'] });
    const yarn = readManifest('package.json', '{"workspaces": {"packages": ["libs/**"], "nohoist": ["**/react"]}}');
    assert.deepEqual(yarn.workspace, { path: 'package.json', ecosystem: 'npm', members: ['libs/**'] });
    for (const w of ['"packages/*"', '[]', '{"nohoist": ["x"]}', '[1, 2]']) assert.equal(readManifest('package.json', `{"workspaces": ${w}}`).workspace, undefined, w);
  });
  it('treats __proto__ as a plain key', () => {
    const r = readManifest('package.json', '{"dependencies": {"__proto__": "1.0.0", "constructor": "^2"}}');
    assert.deepEqual(r.deps.map((d) => d.name), ['__proto__', 'constructor']);
  });
});

const LOCK_ROWS: Row[] = [
  ['@ai-sdk/openai', undefined, '0.0.9', 'runtime'],
  ['openai', undefined, '4.104.0', 'runtime'],
  ['typescript', undefined, '5.4.5', 'dev'],
  ['node-fetch', undefined, '2.6.7', 'runtime'],
];

describe('package-lock.json', () => {
  for (const [v, lines] of [
    ['v1', [7, 11, 23, 18]],
    ['v2', [18, 21, 27, 24]],
    ['v3', [18, 21, 27, 24]],
  ] as const) {
    it(`${v}: same project, hoisted copies first, lines of the keys`, () => {
      const r = readFixture(`npm/package-lock.${v}.json`, 'app/package-lock.json');
      noWarnings(r);
      // v2 and v3 give a direct dependency the spec the root declares (v1 does not hold it).
      const specs = v === 'v1' ? [] : ['~0.0.9', '^4.20.0', '^5.4.0'];
      expectRows(r, LOCK_ROWS.map((row, i) => [row[0], specs[i], row[2], row[3], lines[i]] as Row));
      assert.ok(r.deps.every((d) => d.lockfile === 'app/package-lock.json'));
    });
  }
  it('v3 skips the root, links and workspace folders', () => {
    const r = readFixture('npm/package-lock.v3.json', 'package-lock.json');
    assert.ok(!r.deps.some((d) => d.name === 'local-lib' || d.name === 'chat-app'));
  });
  it('a direct dependency keeps the spec its importer declares: an alias tells its version from the real name\'s', () => {
    const lock = { lockfileVersion: 3, packages: { '': { dependencies: { oai4: 'npm:openai@^4.52.0', openai: '^3.3.0' } }, 'node_modules/oai4': { name: 'openai', version: '4.52.7' }, 'node_modules/openai': { version: '3.3.0' }, 'node_modules/x/node_modules/openai': { version: '3.0.0' } } };
    assert.deepEqual(readManifest('package-lock.json', JSON.stringify(lock)).deps.map((d) => [d.name, d.range, d.version]), [
      ['openai', 'npm:openai@^4.52.0', '4.52.7'],
      ['openai', '^3.3.0', '3.3.0'],
      // Nested below another package: not the root's.
      ['openai', undefined, '3.0.0'],
    ]);
  });
  it('v1: an alias is named by its real name and keeps the key it is installed under', () => {
    const lock = { lockfileVersion: 1, dependencies: { oai4: { version: 'npm:openai@4.52.7', dependencies: { '@x/y': { version: 'npm:@scope/y@1.0.0' } } }, openai: { version: '3.3.0' } } };
    assert.deepEqual(readManifest('package-lock.json', JSON.stringify(lock)).deps.map((d) => [d.name, d.version, d.alias]), [
      ['openai', '4.52.7', 'oai4'],
      ['openai', '3.3.0', undefined],
      ['@scope/y', '1.0.0', '@x/y'],
    ]);
    const manifest = readManifest('package.json', '{"dependencies":{"oai4":"npm:openai@^4","openai":"npm:openai@^3","x":"^1"}}');
    assert.deepEqual(manifest.deps.map((d) => [d.name, d.alias]), [['openai', 'oai4'], ['openai', undefined], ['x', undefined]]);
  });
  it('names nested and aliased packages', () => {
    const r = readManifest(
      'npm-shrinkwrap.json',
      JSON.stringify({ lockfileVersion: 3, packages: { 'node_modules/a/node_modules/@scope/b': { version: '1.0.0', optional: true }, 'node_modules/oai': { name: 'openai', version: '4.0.0' }, 'node_modules/g': { version: 'git+ssh://x' } } }),
    );
    assert.deepEqual(
      r.deps.map((d) => [d.name, d.version, d.scope]),
      [['openai', '4.0.0', 'runtime'], ['g', undefined, 'runtime'], ['@scope/b', '1.0.0', 'optional']],
    );
  });
});

describe('yarn.lock', () => {
  it('v1: one entry per block, all its ranges, comments ignored', () => {
    const r = readFixture('npm/yarn.v1.lock', 'app/yarn.lock');
    noWarnings(r);
    expectRows(r, [
      ['@ai-sdk/openai', '~0.0.9', '0.0.9', undefined, 5],
      ['openai', '^4.0.0, ^4.20.0, >= 4.1', '4.104.0', undefined, 10],
      ['openai-utils', '1.2.3', '1.2.3', undefined, 19],
      ['typescript', '^5.4.0', '5.4.5', undefined, 22],
    ]);
  });
  it('berry: resolution names the package, workspaces are skipped', () => {
    const r = readFixture('npm/yarn.berry.lock', 'app/yarn.lock');
    noWarnings(r);
    expectRows(r, [
      ['@ai-sdk/openai', '~0.0.9', '0.0.9', undefined, 8],
      ['openai', '^4.0.0, ^4.20.0', '4.104.0', undefined, 20],
    ]);
  });
  it('v1 aliases', () => {
    const r = readManifest('yarn.lock', 'oai@npm:openai@^4.0.0:\n  version "4.1.0"\n');
    expectRows(r, [['openai', '^4.0.0', '4.1.0', undefined, 1]]);
  });
  it('v1 with quoted field names (as some converters write them, and Yarn reads): the version is read', () => {
    const r = readManifest('yarn.lock', '# yarn lockfile v1\n\n\n"openai@^3.0.0":\n  "integrity" "sha512-x=="\n  "resolved" "https://registry.npmjs.org/openai/-/openai-3.0.0.tgz"\n  "version" "3.0.0"\n  "dependencies":\n    "axios" "^0.26.0"\n');
    noWarnings(r);
    expectRows(r, [['openai', '^3.0.0', '3.0.0', undefined, 4]]);
    // Decoy: a quoted key that only ends in version is no version.
    const other = readManifest('yarn.lock', '"x@^1.0.0":\n  "minversion" "9.9.9"\n  version "1.0.0"\n');
    expectRows(other, [['x', '^1.0.0', '1.0.0', undefined, 1]]);
  });
});

describe('pnpm-lock.yaml', () => {
  it('v5.4: /name/version keys, specifiers, dev flags', () => {
    const r = readFixture('npm/pnpm-lock.v5.yaml', 'app/pnpm-lock.yaml');
    noWarnings(r);
    expectRows(r, [
      ['openai', '^4.20.0', '4.104.0', 'runtime', 15],
      ['typescript', '^5.4.0', '5.4.5', 'dev', 23],
      ['@ai-sdk/openai', undefined, '0.0.9', 'runtime', 19],
    ]);
  });
  it('v6: /name@version(peer) keys; direct dependencies first', () => {
    const r = readFixture('npm/pnpm-lock.v6.yaml', 'app/pnpm-lock.yaml');
    noWarnings(r);
    expectRows(r, [
      ['@ai-sdk/openai', '~0.0.9', '0.0.9', 'runtime', 22],
      ['openai', '^4.20.0', '4.104.0', 'runtime', 32],
      ['typescript', '^5.4.0', '5.4.5', 'dev', 36],
      ['openai', undefined, '3.3.0', 'runtime', 28],
      ['zod', undefined, '3.22.4', 'runtime', 41],
    ]);
  });
  it('v9: importers and packages; links skipped; transitive without scope', () => {
    const r = readFixture('npm/pnpm-lock.v9.yaml', 'app/pnpm-lock.yaml');
    noWarnings(r);
    expectRows(r, [
      ['@ai-sdk/openai', '~0.0.9', '0.0.9', 'runtime', 30],
      ['openai', '^4.20.0', '4.104.0', 'runtime', 35],
      ['typescript', '^5.4.0', '5.4.5', 'dev', 38],
      ['zod', undefined, '3.22.4', undefined, 43],
    ]);
  });
  it("pnpm 11: the environment lockfile's document before the project's is skipped, lines stay the file's; a lone document after --- reads as before", () => {
    const env = "---\nlockfileVersion: '9.0'\n\nimporters:\n\n  .:\n    configDependencies: {}\n    packageManagerDependencies:\n      pnpm:\n        specifier: 11.0.0\n        version: 11.0.0\n\npackages:\n\n  pnpm@11.0.0:\n    resolution: {integrity: sha512-x}\n\n";
    const main = "---\nlockfileVersion: '9.0'\n\nimporters:\n\n  .:\n    dependencies:\n      openai:\n        specifier: ^4.20.0\n        version: 4.104.0\n\npackages:\n\n  openai@4.104.0:\n    resolution: {integrity: sha512-y}\n";
    const r = readManifest('pnpm-lock.yaml', env + main);
    noWarnings(r);
    expectRows(r, [['openai', '^4.20.0', '4.104.0', 'runtime', 31]]);
    const lone = readManifest('pnpm-lock.yaml', main);
    noWarnings(lone);
    expectRows(lone, [['openai', '^4.20.0', '4.104.0', 'runtime', 14]]);
  });
  it('parses keys of every version', () => {
    assert.deepEqual(parsePnpmKey('/openai/4.20.0'), { name: 'openai', version: '4.20.0' });
    assert.deepEqual(parsePnpmKey('/@ai-sdk/openai/0.0.9_zod@3.22.4'), { name: '@ai-sdk/openai', version: '0.0.9' });
    assert.deepEqual(parsePnpmKey('/openai@4.20.0'), { name: 'openai', version: '4.20.0' });
    assert.deepEqual(parsePnpmKey('@ai-sdk/openai@0.0.9(zod@3.22.4)(react@18.0.0)'), { name: '@ai-sdk/openai', version: '0.0.9' });
    assert.equal(parsePnpmKey('file:packages/x'), undefined);
  });
});
