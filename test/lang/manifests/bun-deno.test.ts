import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DeclaredDependency } from '../../../src/lang/types.js';
import { isManifest, readManifest } from '../../../src/lang/manifests/index.js';
import { binaryBunLockfiles, bunKeyNames } from '../../../src/lang/manifests/bun.js';
import { npmSpecifier, readImportMap } from '../../../src/lang/manifests/deno.js';
import { parseJson } from '../../../src/lang/manifests/json.js';
import { textLang } from '../../../src/sniff/sniff.js';
import { expectRows, noWarnings, resolveTree, type Row } from './helpers.js';

/** name, range, version, importer, alias, nested: what resolveVersions reads of a lockfile entry. */
function lockRows(deps: DeclaredDependency[]): unknown[][] {
  return deps.map((d) => [d.name, d.range, d.version, d.importer, d.alias, d.nested]);
}

const BUN_LOCK = `{
  "lockfileVersion": 1,
  // Bun writes trailing commas; comments are JSONC too.
  "workspaces": {
    "": {
      "name": "app",
      "dependencies": {
        "openai": "^4.20.0",
        "oai3": "npm:openai@^3",
        "@anthropic-ai/sdk": "^0.30.0",
        "api": "workspace:*",
      },
      "devDependencies": {
        "ai": "^3.4.0",
      },
      "optionalDependencies": {
        "ollama": "^0.5.0",
      },
      "peerDependencies": {
        "zod": "^3",
      },
    },
    "packages/api": {
      "name": "@acme/api",
      "dependencies": {
        "openai": "^4.0.0",
        "@anthropic-ai/sdk": "^0.30.0",
        "langchain": "github:langchain-ai/langchainjs#abc123",
      },
    },
  },
  /* the installed packages */
  "packages": {
    "openai": ["openai@4.20.1", "", { "dependencies": { "node-fetch": "^2" } }, "sha512-a"],
    "oai3": ["openai@3.3.0", "", {}, "sha512-b"],
    "@anthropic-ai/sdk": ["@anthropic-ai/sdk@0.30.1", "", {}, "sha512-c"],
    "ai": ["ai@3.4.33", "", {}, "sha512-d"],
    "ollama": ["ollama@0.5.9", "", {}, "sha512-e"],
    "zod": ["zod@3.23.8", "", {}, "sha512-f"],
    "api": ["@acme/api@workspace:packages/api"],
    "langchain": ["langchain@github:langchain-ai/langchainjs#abc123", {}, "langchain-ai-langchainjs-abc123"],
    "local-ai": ["local-ai@file:../local-ai", {}],
    "@acme/api/openai": ["openai@4.0.0", "", {}, "sha512-g"],
    "some-pkg/openai": ["openai@3.1.0", "", {}, "sha512-h"],
    "@x/y/@anthropic-ai/sdk": ["@anthropic-ai/sdk@0.20.0", "", {}, "sha512-i"],
  },
}
`;

describe('bun.lock', () => {
  it('reads every registry entry: the root\'s with the spec and scope it declares, members\' own copies with their importer, nested copies marked', () => {
    const r = readManifest('app/bun.lock', BUN_LOCK);
    noWarnings(r);
    expectRows(r, [
      ['openai', '^4.20.0', '4.20.1', 'runtime', 34],
      ['openai', 'npm:openai@^3', '3.3.0', 'runtime', 35],
      ['@anthropic-ai/sdk', '^0.30.0', '0.30.1', 'runtime', 36],
      ['ai', '^3.4.0', '3.4.33', 'dev', 37],
      ['ollama', '^0.5.0', '0.5.9', 'optional', 38],
      ['zod', '^3', '3.23.8', 'peer', 39],
      // A git entry: no registry version; a file entry is no root declaration (no spec), no version.
      ['langchain', undefined, undefined, undefined, 41],
      ['local-ai', undefined, undefined, undefined, 42],
      ['openai', '^4.0.0', '4.0.0', 'runtime', 43],
      ['openai', undefined, '3.1.0', undefined, 44],
      ['@anthropic-ai/sdk', undefined, '0.20.0', undefined, 45],
      // The member's declarations the root copies serve.
      ['@anthropic-ai/sdk', '^0.30.0', '0.30.1', 'runtime', 36],
      ['langchain', 'github:langchain-ai/langchainjs#abc123', undefined, 'runtime', 41],
    ]);
    assert.deepEqual(lockRows(r.deps).map((x) => x.slice(3)), [
      [undefined, undefined, undefined],
      [undefined, 'oai3', undefined],
      [undefined, undefined, undefined],
      [undefined, undefined, undefined],
      [undefined, undefined, undefined],
      [undefined, undefined, undefined],
      [undefined, undefined, undefined],
      [undefined, undefined, undefined],
      ['app/packages/api', undefined, undefined],
      [undefined, undefined, true],
      [undefined, undefined, true],
      ['app/packages/api', undefined, undefined],
      ['app/packages/api', undefined, undefined],
    ]);
    assert.ok(r.deps.every((d) => d.lockfile === 'app/bun.lock' && d.ecosystem === 'npm'));
  });

  const PKG = '{"name":"app","dependencies":{"openai":"^4.20.0","oai3":"npm:openai@^3","@anthropic-ai/sdk":"^0.30.0"},"devDependencies":{"ai":"^3.4.0"}}';
  const MEMBER = '{"name":"@acme/api","dependencies":{"openai":"^4.0.0","@anthropic-ai/sdk":"^0.30.0","langchain":"github:langchain-ai/langchainjs#abc123"}}';
  const CASES: Array<[string, Record<string, string>, Array<[string, string | undefined, string | undefined, string]>]> = [
    ['the root manifest takes the root copies, the alias its own; a member its own copy, else the root\'s', { 'package.json': PKG, 'packages/api/package.json': MEMBER, 'bun.lock': BUN_LOCK }, [
      ['openai', '^4.20.0', '4.20.1', 'package.json'],
      ['openai', 'npm:openai@^3', '3.3.0', 'package.json'],
      ['@anthropic-ai/sdk', '^0.30.0', '0.30.1', 'package.json'],
      ['ai', '^3.4.0', '3.4.33', 'package.json'],
      ['openai', '^4.0.0', '4.0.0', 'packages/api/package.json'],
      ['@anthropic-ai/sdk', '^0.30.0', '0.30.1', 'packages/api/package.json'],
      ['langchain', 'github:langchain-ai/langchainjs#abc123', undefined, 'packages/api/package.json'],
      // Left in the lockfile only: what no manifest took (nested copies, the optional and peer entries).
      ['ollama', '^0.5.0', '0.5.9', 'bun.lock'],
      ['zod', '^3', '3.23.8', 'bun.lock'],
      ['local-ai', undefined, undefined, 'bun.lock'],
      ['openai', undefined, '3.1.0', 'bun.lock'],
      ['@anthropic-ai/sdk', undefined, '0.20.0', 'bun.lock'],
    ]],
    ['a copy nested under another package is never the root\'s version', {
      'package.json': '{"dependencies":{"openai":"^3.0.0"}}',
      'bun.lock': '{"lockfileVersion":0,"workspaces":{"":{"dependencies":{"openai":"^3.0.0"}}},"packages":{"x/openai":["openai@3.1.0","",{},"sha512-h"]}}',
    }, [
      ['openai', '^3.0.0', undefined, 'package.json'],
      ['openai', undefined, '3.1.0', 'bun.lock'],
    ]],
    ['package-lock.json beside bun.lock: both are consumed, bun.lock (first in path order) gives the version', {
      'package.json': '{"dependencies":{"openai":"^4.0.0"}}',
      'package-lock.json': '{"lockfileVersion":3,"packages":{"":{"dependencies":{"openai":"^4.0.0"}},"node_modules/openai":{"version":"4.1.0"}}}',
      'bun.lock': '{"lockfileVersion":1,"workspaces":{"":{"dependencies":{"openai":"^4.0.0"}}},"packages":{"openai":["openai@4.2.0","",{},"sha512-a"]}}',
    }, [['openai', '^4.0.0', '4.2.0', 'package.json']]],
  ];
  for (const [name, files, want] of CASES) {
    it(name, () => {
      const got = resolveTree(files).map((d) => [d.name, d.range, d.version, d.path]);
      assert.deepEqual(got, want);
    });
  }

  it('keeps what precedes a truncation and says so; an unknown lockfileVersion is a warning', () => {
    const cut = BUN_LOCK.slice(0, BUN_LOCK.indexOf('"ai": ["ai@'));
    const r = readManifest('bun.lock', cut);
    // The member's declarations are read whole (before the cut): the root copies serve them.
    assert.deepEqual(r.deps.map((d) => [d.name, d.version, d.importer]), [['openai', '4.20.1', undefined], ['openai', '3.3.0', undefined], ['@anthropic-ai/sdk', '0.30.1', undefined], ['openai', '4.20.1', 'packages/api'], ['@anthropic-ai/sdk', '0.30.1', 'packages/api']]);
    assert.match(r.warnings[0]!, /malformed JSON: expected a key/);
    for (const v of ['2', '"1"', 'null']) {
      const u = readManifest('bun.lock', `{"lockfileVersion": ${v}, "packages": {"openai": ["openai@4.20.1"]}}`);
      assert.deepEqual(u.deps, [], v);
      assert.match(u.warnings[0]!, /lockfileVersion .* is not one this reader knows/, v);
    }
    assert.match(readManifest('bun.lock', '[1, 2]').warnings[0]!, /bun.lock is not a JSON object/);
    assert.match(readManifest('bun.lock', '{"lockfileVersion": 1, "packages": []}').warnings[0]!, /"packages" is not an object/);
  });

  it('names of keys: scopes take the next segment; an empty segment is no key', () => {
    const cases: Array<[string, string[] | undefined]> = [
      ['openai', ['openai']],
      ['@anthropic-ai/sdk', ['@anthropic-ai/sdk']],
      ['some-pkg/openai', ['some-pkg', 'openai']],
      ['@acme/api/@anthropic-ai/sdk', ['@acme/api', '@anthropic-ai/sdk']],
      ['a//b', undefined],
      ['@scope', undefined],
      ['', undefined],
    ];
    for (const [key, want] of cases) assert.deepEqual(bunKeyNames(key), want, key);
  });

  it('bun.lockb: named when no bun.lock is beside it', () => {
    assert.deepEqual(binaryBunLockfiles(['bun.lockb', 'package.json', 'a/bun.lockb', 'a/bun.lock', 'b/c/bun.lockb', 'b/bun.lock', 'x/not-bun.lockb']), ['bun.lockb', 'b/c/bun.lockb']);
    assert.equal(isManifest('bun.lockb'), false);
  });

  it('reads a hostile 4 MB file in linear time', () => {
    const texts = [
      `{"lockfileVersion":1,"packages":{${'"a/b/c": ["a@1.0.0"],'.repeat(200_000)}}}`,
      `{"lockfileVersion":1,${'/*'.repeat(2_000_000)}`,
      `{"lockfileVersion":1,"packages":${'['.repeat(2_000_000)}`,
      `{"lockfileVersion":1,${'// x\n'.repeat(800_000)}}`,
    ];
    for (const t of texts) {
      const t0 = performance.now();
      const r = readManifest('bun.lock', t);
      assert.ok(performance.now() - t0 < 5000, `${t.slice(0, 40)}: ${performance.now() - t0} ms`);
      assert.ok(Array.isArray(r.deps));
    }
  });
});

describe('JSONC in the manifest JSON reader', () => {
  it('comments and trailing commas only with jsonc; lines still counted through block comments', () => {
    const text = '{\n // c\n "a": 1, /* x\n y */ "b": [1, 2,],\n}';
    assert.match(parseJson(text).error!, /unexpected|expected/);
    const p = parseJson(text, { jsonc: true });
    assert.equal(p.error, undefined);
    assert.deepEqual({ ...(p.value as object) }, { a: 1, b: [1, 2] });
    assert.equal(p.keyLine(p.value, 'b'), 4);
    for (const bad of ['{"a": 1,,}', '{,}', '[1,,]', '{"a": 1 /* open']) assert.notEqual(parseJson(bad, { jsonc: true }).error, undefined, bad);
  });
});

describe('deno.json / deno.jsonc', () => {
  const DENO_JSON = `{
  // the import map
  "imports": {
    "openai": "npm:openai@^4.20.0",
    "openai/resources": "npm:openai@^4.20.0/resources",
    "anthropic": "npm:@anthropic-ai/sdk@0.30.1",
    "ollama": "npm:ollama",
    "@std/path": "jsr:@std/path@^1",
    "groq": "https://esm.sh/groq-sdk@0.7.0",
    "oai-cdn": "npm:/openai@4",
    "ai/": "npm:/ai@4/",
    "@std/fs/": "jsr:/@std/fs@^1/",
    "local": "./src/openai.ts",
  },
  "scopes": {
    "./legacy/": { "openai": "npm:openai@3.3.0" },
  },
  "tasks": { "dev": "deno run -A npm:openai@1.0.0" },
}
`;
  it('reads the npm: and jsr: specifiers of imports and scopes (also Deno\'s npm:/ and jsr:/ of prefix keys): name, range as written, subpath dropped; URLs and paths are no packages', () => {
    for (const name of ['deno.json', 'deno.jsonc']) {
      const r = readManifest(`svc/${name}`, DENO_JSON);
      noWarnings(r);
      const want: Row[] = [
        ['openai', '^4.20.0', undefined, 'runtime', 4],
        ['openai', '^4.20.0', undefined, 'runtime', 5],
        ['@anthropic-ai/sdk', '0.30.1', '0.30.1', 'runtime', 6],
        ['ollama', undefined, undefined, 'runtime', 7],
        ['@std/path', '^1', undefined, 'runtime', 8],
        ['openai', '4', undefined, 'runtime', 10],
        ['ai', '4', undefined, 'runtime', 11],
        ['@std/fs', '^1', undefined, 'runtime', 12],
        ['openai', '3.3.0', '3.3.0', 'runtime', 16],
      ];
      expectRows(r, want);
      assert.deepEqual(r.deps.map((d) => d.ecosystem), ['npm', 'npm', 'npm', 'npm', 'jsr', 'npm', 'npm', 'jsr', 'npm']);
      assert.ok(r.deps.every((d) => d.path === `svc/${name}` && d.lockfile === undefined));
    }
  });
  it('parses npm: specifiers', () => {
    const cases: Array<[string, ReturnType<typeof npmSpecifier>]> = [
      ['npm:openai@^4', { name: 'openai', range: '^4' }],
      ['npm:@scope/x@>=1.0.0 <2/sub/path', { name: '@scope/x', range: '>=1.0.0 <2' }],
      ['npm:openai', { name: 'openai' }],
      ['npm:openai@', { name: 'openai' }],
      ['npm:openai/sub', { name: 'openai' }],
      ['npm:/openai@4', undefined],
      ['npm:@scope', undefined],
      ['jsr:@std/path@1', undefined],
      ['https://esm.sh/openai@4', undefined],
      ['openai@4', undefined],
    ];
    for (const [spec, want] of cases) assert.deepEqual(npmSpecifier(spec), want, spec);
  });
  it('a malformed file keeps what precedes the damage; "imports" not an object is a warning', () => {
    const r = readManifest('deno.json', '{"imports": {"openai": "npm:openai@^4", "x": ');
    expectRows(r, [['openai', '^4', undefined, 'runtime', 1]]);
    assert.match(r.warnings[0]!, /malformed JSON/);
    assert.match(readManifest('deno.json', '{"imports": []}').warnings[0]!, /"imports" is not an object/);
  });
  it('the sniffer calls the Bun and Deno files manifests', () => {
    for (const n of ['bun.lock', 'deno.json', 'deno.jsonc', 'deno.lock']) {
      assert.equal(textLang(`a/${n}`), 'manifest', n);
      assert.equal(isManifest(`a/${n}`), true, n);
    }
    for (const n of ['deno.json5', 'bun.lock.bak', 'mydeno.json']) assert.equal(isManifest(n), false, n);
  });
});

const DENO_LOCK_V4 = `{
  "version": "4",
  "specifiers": {
    "jsr:@std/path@^1": "1.0.8",
    "npm:@anthropic-ai/sdk@0.30.1": "0.30.1",
    "npm:ollama@*": "0.5.9",
    "npm:openai@3.3.0": "3.3.0",
    "npm:openai@^4.20.0": "4.20.1_zod@3.23.8",
    "npm:zod@^3": "3.23.8"
  },
  "jsr": { "@std/path@1.0.8": { "integrity": "x" }, "@std/fs@1.0.4": { "integrity": "y" } },
  "npm": {
    "@anthropic-ai/sdk@0.30.1": { "integrity": "sha512-a" },
    "node-fetch@2.7.0": { "integrity": "sha512-b" },
    "ollama@0.5.9": { "integrity": "sha512-c" },
    "openai@3.3.0": { "integrity": "sha512-d" },
    "openai@4.20.1_zod@3.23.8": { "integrity": "sha512-e", "dependencies": ["node-fetch", "zod"] },
    "openai@4.0.0": { "integrity": "sha512-f" },
    "zod@3.23.8": { "integrity": "sha512-g" }
  },
  "workspace": {
    "dependencies": ["jsr:@std/path@^1", "npm:openai@^4.20.0"],
    "members": {
      "packages/api": { "dependencies": ["npm:openai@3.3.0"], "packageJson": { "dependencies": ["npm:zod@^3"] } },
      "../outside": { "dependencies": ["npm:openai@3.3.0"] }
    }
  }
}
`;

describe('deno.lock', () => {
  const V3 = JSON.stringify({
    version: '3',
    packages: {
      specifiers: { 'npm:openai@^4.20.0': 'npm:openai@4.20.1_zod@3.23.8', 'npm:ollama': 'npm:ollama@0.5.9', 'jsr:@std/path@^1': 'jsr:@std/path@1.0.8' },
      jsr: { '@std/path@1.0.8': { integrity: 'j' }, '@std/fs@1.0.0': { integrity: 'k' } },
      npm: { 'openai@4.20.1_zod@3.23.8': { integrity: 'x', dependencies: {} }, 'ollama@0.5.9': { integrity: 'y' }, 'openai@3.0.0': { integrity: 'z' } },
    },
    remote: {},
  }, null, 2);
  it('v4 (and v5): specifiers by range as written, peer suffixes dropped; members with their importer; unreached npm and jsr packages nested', () => {
    for (const v of ['4', '5']) {
      const r = readManifest('deno.lock', DENO_LOCK_V4.replace('"version": "4"', `"version": "${v}"`));
      noWarnings(r);
      assert.deepEqual(lockRows(r.deps), [
        ['@std/path', '^1', '1.0.8', undefined, undefined, undefined],
        ['@anthropic-ai/sdk', '0.30.1', '0.30.1', undefined, undefined, undefined],
        ['ollama', '*', '0.5.9', undefined, undefined, undefined],
        ['openai', '3.3.0', '3.3.0', undefined, undefined, undefined],
        ['openai', '^4.20.0', '4.20.1', undefined, undefined, undefined],
        ['zod', '^3', '3.23.8', undefined, undefined, undefined],
        ['openai', '3.3.0', '3.3.0', 'packages/api', undefined, undefined],
        ['zod', '^3', '3.23.8', 'packages/api', undefined, undefined],
        ['node-fetch', undefined, '2.7.0', undefined, undefined, true],
        ['openai', undefined, '4.0.0', undefined, undefined, true],
        ['@std/fs', undefined, '1.0.4', undefined, undefined, true],
      ]);
      assert.deepEqual(r.deps.map((d) => d.line), [4, 5, 6, 7, 8, 9, 7, 9, 14, 18, 11]);
      assert.deepEqual(r.deps.map((d) => d.ecosystem), ['jsr', ...Array(9).fill('npm'), 'jsr']);
    }
  });
  it('v3: specifiers, npm and jsr under "packages", values with npm: / jsr: and peer suffixes', () => {
    const r = readManifest('deno.lock', V3);
    noWarnings(r);
    assert.deepEqual(lockRows(r.deps), [
      ['openai', '^4.20.0', '4.20.1', undefined, undefined, undefined],
      ['ollama', undefined, '0.5.9', undefined, undefined, undefined],
      ['@std/path', '^1', '1.0.8', undefined, undefined, undefined],
      ['openai', undefined, '3.0.0', undefined, undefined, true],
      ['@std/fs', undefined, '1.0.0', undefined, undefined, true],
    ]);
    assert.deepEqual(r.deps.map((d) => d.ecosystem), ['npm', 'npm', 'jsr', 'npm', 'jsr']);
  });
  it('v2: npm.specifiers without npm: (keys and values) and npm.packages; unreached packages nested', () => {
    const V2 = JSON.stringify({
      version: '2',
      remote: { 'https://deno.land/std@0.177.0/http/server.ts': 'abc' },
      npm: {
        specifiers: { openai: 'openai@4.20.0', 'openai@^4': 'openai@4.20.0', '@anthropic-ai/sdk@0.24': '@anthropic-ai/sdk@0.24.3_zod@3.22.4', 'chalk@5': 'chalk@5.0.1' },
        packages: { 'openai@4.20.0': { integrity: 'a', dependencies: {} }, '@anthropic-ai/sdk@0.24.3_zod@3.22.4': { integrity: 'b' }, 'chalk@5.0.1': { integrity: 'c' }, 'node-fetch@2.7.0': { integrity: 'd' } },
      },
    }, null, 2);
    const r = readManifest('deno.lock', V2);
    noWarnings(r);
    assert.deepEqual(lockRows(r.deps), [
      ['openai', undefined, '4.20.0', undefined, undefined, undefined],
      ['openai', '^4', '4.20.0', undefined, undefined, undefined],
      ['@anthropic-ai/sdk', '0.24', '0.24.3', undefined, undefined, undefined],
      ['chalk', '5', '5.0.1', undefined, undefined, undefined],
      ['node-fetch', undefined, '2.7.0', undefined, undefined, true],
    ]);
    assert.deepEqual(r.deps.map((d) => d.line), [8, 9, 10, 11, 24]);
    // deno.json's `npm:openai@^4` and a bare `npm:openai` take the keys written the same.
    const got = resolveTree({ 'deno.json': '{"imports": {"openai": "npm:openai@^4", "oai": "npm:openai", "anthropic": "npm:@anthropic-ai/sdk@0.23"}}', 'deno.lock': V2 });
    assert.deepEqual(got.filter((d) => d.path === 'deno.json').map((d) => [d.name, d.range, d.version]), [['openai', '^4', '4.20.0'], ['openai', undefined, '4.20.0'], ['@anthropic-ai/sdk', '0.23', undefined]]);
  });
  it('v1 (remote module hashes only, no version field) locks no package: nothing read, no warning', () => {
    const r = readManifest('deno.lock', JSON.stringify({ 'https://deno.land/std@0.100.0/http/server.ts': 'abc', 'https://esm.sh/openai@4.20.1': 'def' }, null, 2));
    assert.deepEqual(r, { deps: [], warnings: [] });
    assert.deepEqual(readManifest('deno.lock', '{}'), { deps: [], warnings: [] });
  });
  it('an unknown version, a truncated file and a file that is no object are warnings, not crashes', () => {
    for (const v of ['"6"', '"1"', '4', 'null']) {
      const r = readManifest('deno.lock', `{"version": ${v}, "specifiers": {"npm:openai@^4": "4.20.1"}}`);
      assert.deepEqual(r.deps, [], v);
      assert.match(r.warnings[0]!, /lockfile version .* is not one this reader knows \(1 to 5\)/, v);
    }
    // No version and not v1's URL → hash map: unknown.
    assert.match(readManifest('deno.lock', '{"specifiers": {"npm:openai@^4": "4.20.1"}}').warnings[0]!, /lockfile version null is not one this reader knows/);
    const cut = readManifest('deno.lock', DENO_LOCK_V4.slice(0, DENO_LOCK_V4.indexOf('"npm:openai@3.3.0"')));
    assert.deepEqual(cut.deps.map((d) => [d.name, d.version]), [['@std/path', '1.0.8'], ['@anthropic-ai/sdk', '0.30.1'], ['ollama', '0.5.9']]);
    assert.match(cut.warnings[0]!, /malformed JSON/);
    assert.match(readManifest('deno.lock', '"4"').warnings[0]!, /deno.lock is not a JSON object/);
  });
  it('reads a hostile 4 MB file in linear time', () => {
    const texts = [
      `{"version":"4","specifiers":{${'"npm:@a/b@1/c/d": "1.0.0_x@1_y@2",'.repeat(120_000)}"x":1}}`,
      `{"version":"4","npm":{${'"@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@": {},'.repeat(100_000)}"x":1}}`,
    ];
    for (const t of texts) {
      const t0 = performance.now();
      const r = readManifest('deno.lock', t);
      assert.ok(performance.now() - t0 < 5000, `${t.slice(0, 40)}: ${performance.now() - t0} ms`);
      assert.ok(Array.isArray(r.deps));
    }
  });

  const DENO = '{"imports": {"openai": "npm:openai@^4.20.0", "anthropic": "npm:@anthropic-ai/sdk@0.30.1", "ollama": "npm:ollama", "path": "jsr:@std/path@^1"}}';
  const CASES: Array<[string, Record<string, string>, Array<[string, string | undefined, string | undefined, string]>]> = [
    ['deno.json declarations take the version of the specifiers key written the same; a bare one the @* key', { 'deno.json': DENO, 'deno.lock': DENO_LOCK_V4 }, [
      ['openai', '^4.20.0', '4.20.1', 'deno.json'],
      ['@anthropic-ai/sdk', '0.30.1', '0.30.1', 'deno.json'],
      ['ollama', undefined, '0.5.9', 'deno.json'],
      ['@std/path', '^1', '1.0.8', 'deno.json'],
      ['openai', '3.3.0', '3.3.0', 'deno.lock'],
      ['zod', '^3', '3.23.8', 'deno.lock'],
      ['node-fetch', undefined, '2.7.0', 'deno.lock'],
      ['openai', undefined, '4.0.0', 'deno.lock'],
      ['@std/fs', undefined, '1.0.4', 'deno.lock'],
    ]],
    ['a workspace member takes its own specifier\'s version; a package.json beside deno.lock is resolved by npm:name@range', {
      'deno.json': '{"imports": {"openai": "npm:openai@^4.20.0"}}',
      'packages/api/deno.json': '{"imports": {"openai": "npm:openai@3.3.0"}}',
      'packages/api/package.json': '{"dependencies": {"zod": "^3"}}',
      'deno.lock': DENO_LOCK_V4,
    }, [
      ['openai', '^4.20.0', '4.20.1', 'deno.json'],
      ['openai', '3.3.0', '3.3.0', 'packages/api/deno.json'],
      ['zod', '^3', '3.23.8', 'packages/api/package.json'],
      ['@std/path', '^1', '1.0.8', 'deno.lock'],
      ['@anthropic-ai/sdk', '0.30.1', '0.30.1', 'deno.lock'],
      ['ollama', '*', '0.5.9', 'deno.lock'],
      // The member's specifiers are not listed again as the lock's own.
      ['node-fetch', undefined, '2.7.0', 'deno.lock'],
      ['openai', undefined, '4.0.0', 'deno.lock'],
      ['@std/fs', undefined, '1.0.4', 'deno.lock'],
    ]],
    ['a spec no key writes (a stale lock) takes no version, not another range\'s nor a transitive copy\'s', {
      'deno.json': '{"imports": {"openai": "npm:openai@^4.0.0", "node-fetch": "npm:node-fetch@2"}}',
      'deno.lock': DENO_LOCK_V4,
    }, [
      ['openai', '^4.0.0', undefined, 'deno.json'],
      ['node-fetch', '2', undefined, 'deno.json'],
    ]],
  ];
  for (const [name, files, want] of CASES) {
    it(name, () => {
      const got = resolveTree(files).map((d) => [d.name, d.range, d.version, d.path]);
      assert.deepEqual(name.startsWith('a spec no key') ? got.slice(0, 2) : got, want);
    });
  }
});

describe('JSR packages: Deno\'s jsr: specifiers and JSR\'s npm registry names', () => {
  const LOCK = JSON.stringify({ version: '4', specifiers: { 'jsr:@openai/openai@^4': '4.96.0', 'jsr:@std/http@1': '1.0.2' }, jsr: { '@openai/openai@4.96.0': { integrity: 'a' }, '@std/http@1.0.2': { integrity: 'b' }, '@std/path@1.0.8': { integrity: 'c' } } });
  const PJ = '{"dependencies": {"@openai/openai": "npm:@jsr/openai__openai@^4.96.0", "@std/path": "jsr:^1.0.8", "alias": "jsr:@std/fs@1.0.4", "openai": "^4"}}';
  const CASES: Array<[string, Record<string, string>, string[]]> = [
    ['deno.json jsr: entries take the version of the deno.lock specifiers key written the same; unreached jsr packages are nested', { 'deno.json': '{"imports": {"@openai/openai": "jsr:@openai/openai@^4", "@std/http": "jsr:@std/http@1"}}', 'deno.lock': LOCK }, [
      'jsr @openai/openai ^4 4.96.0 deno.json',
      'jsr @std/http 1 1.0.2 deno.json',
      'jsr @std/path - 1.0.8 deno.lock',
    ]],
    ['a jsr: range no key writes (a stale lock) takes no version', { 'deno.json': '{"imports": {"@openai/openai": "jsr:@openai/openai@^3"}}', 'deno.lock': LOCK }, [
      'jsr @openai/openai ^3 - deno.json',
      'jsr @openai/openai ^4 4.96.0 deno.lock',
      'jsr @std/http 1 1.0.2 deno.lock',
      'jsr @std/path - 1.0.8 deno.lock',
    ]],
    ['package.json: an npm alias of @jsr/<scope>__<name>, the jsr: protocol with and without the name; package-lock entries of @jsr/ names are JSR packages', {
      'package.json': PJ,
      'package-lock.json': JSON.stringify({ lockfileVersion: 3, packages: { '': {}, 'node_modules/@openai/openai': { name: '@jsr/openai__openai', version: '4.96.0' }, 'node_modules/openai': { version: '4.20.1' }, 'node_modules/@jsr/std__assert': { version: '1.0.0' } } }),
    }, [
      'jsr @openai/openai npm:@jsr/openai__openai@^4.96.0 4.96.0 package.json',
      'jsr @std/path ^1.0.8 - package.json',
      'jsr @std/fs 1.0.4 1.0.4 package.json',
      'npm openai ^4 4.20.1 package.json',
      'jsr @std/assert - 1.0.0 package-lock.json',
    ]],
  ];
  for (const [name, files, want] of CASES) {
    it(name, () => assert.deepEqual(resolveTree(files).map((d) => `${d.ecosystem} ${d.name} ${d.range ?? '-'} ${d.version ?? '-'} ${d.path}`), want));
  }
  it('decoys: a jsr: name JSR cannot have, a URL, a path and an npm name that only looks like JSR\'s are no JSR package', () => {
    const r = readManifest('deno.json', '{"imports": {"a": "jsr:openai@4", "b": "jsr:@OpenAI/openai", "c": "https://jsr.io/@openai/openai/4.96.0/mod.ts", "d": "./jsr/openai.ts", "e": "npm:@jsrx/openai__openai@1", "f": "npm:@jsr/openai@1"}}');
    noWarnings(r);
    assert.deepEqual(r.deps.map((d) => `${d.ecosystem} ${d.name}`), ['npm @jsrx/openai__openai', 'npm @jsr/openai']);
  });
  it('reads a hostile import map and lock of repeated jsr:@ in linear time (4 times the input, not 16 times the time)', () => {
    const inputs: Array<[string, (n: number) => string]> = [
      ['deno.json', (n) => `{"imports":{${Array.from({ length: n }, (_, i) => `"k${i}": "jsr:@${'a-'.repeat(10)}/b@${'@'.repeat(10)}/c"`).join(',')}}}`],
      ['deno.json', (n) => `{"imports":{"a":"jsr:@${'jsr:@'.repeat(10 * n)}"}}`],
      ['deno.lock', (n) => `{"version":"4","specifiers":{${'"jsr:@a/b@1/c/d": "1.0.0",'.repeat(n)}"x":1},"jsr":{${'"@a/b@@@@@@@@@@@@@@@@": {},'.repeat(n)}"y":1}}`],
    ];
    for (const [name, make] of inputs) {
      const ms = [10_000, 40_000].map((n) => {
        const text = make(n);
        const t0 = performance.now();
        assert.ok(Array.isArray(readManifest(name, text).deps));
        return performance.now() - t0;
      });
      assert.ok(ms[1]! < 10 * ms[0]! + 500, `${name}: ${ms.map(Math.round).join(' ms, ')} ms`);
    }
  });
});

describe('deno.json importMap and the import map file it names', () => {
  it('deno.json and deno.jsonc name the file in workspace.importMap, as written; ignored (a warning) beside imports or scopes, as Deno does', () => {
    for (const name of ['deno.json', 'deno.jsonc']) {
      const r = readManifest(`fn/${name}`, '{\n  // Supabase\n  "importMap": "../import_map.json",\n}\n');
      noWarnings(r);
      assert.deepEqual(r.workspace, { path: `fn/${name}`, ecosystem: 'npm', importMap: '../import_map.json' });
    }
    for (const both of ['{"importMap": "./im.json", "imports": {"openai": "npm:openai@^4"}}', '{"importMap": "./im.json", "scopes": {}}']) {
      const r = readManifest('deno.json', both);
      assert.equal(r.workspace, undefined, both);
      assert.match(r.warnings[0]!, /"importMap" \(\.\/im\.json\) is ignored: the file has "imports" or "scopes" of its own/, both);
    }
    for (const bad of ['{"importMap": 3}', '{"importMap": "  "}']) {
      const r = readManifest('deno.json', bad);
      assert.equal(r.workspace, undefined, bad);
      assert.match(r.warnings[0]!, /"importMap" is not a path/, bad);
    }
    assert.equal(readManifest('deno.json', '{"imports": {}}').workspace, undefined);
  });
  it('the import map file: imports and scopes read as deno.json\'s own (npm: and jsr:), URLs and paths no packages', () => {
    const r = readImportMap('supabase/functions/import_map.json', '{\n  "imports": {\n    "@openai/openai": "jsr:@openai/openai@^4",\n    "openai": "npm:openai@4.52.0",\n    "@std/http": "jsr:@std/http@^1",\n    "cors": "https://deno.land/x/cors/mod.ts",\n    "local/": "./lib/"\n  },\n  "scopes": { "./legacy/": { "openai": "npm:openai@3.3.0" } }\n}\n');
    noWarnings(r);
    assert.deepEqual(r.deps.map((d) => `${d.ecosystem} ${d.name} ${d.range} ${d.version ?? '-'} ${d.line} ${d.path}`), [
      'jsr @openai/openai ^4 - 3 supabase/functions/import_map.json',
      'npm openai 4.52.0 4.52.0 4 supabase/functions/import_map.json',
      'jsr @std/http ^1 - 5 supabase/functions/import_map.json',
      'npm openai 3.3.0 3.3.0 9 supabase/functions/import_map.json',
    ]);
    assert.match(readImportMap('im.json', '[1]').warnings[0]!, /import map is not a JSON object/);
  });
  it('reads a huge import map in linear time (4 times the entries, not 16 times the time)', () => {
    const ms = [20_000, 80_000].map((n) => {
      const t = `{"imports":{${Array.from({ length: n }, (_, i) => `"k${i}": "jsr:@openai/openai@^4"`).join(',')}}}`;
      const t0 = performance.now();
      assert.equal(readImportMap('im.json', t).deps.length, n);
      return performance.now() - t0;
    });
    assert.ok(ms[1]! < 10 * ms[0]! + 500, `${ms.map(Math.round).join(' ms, ')} ms`);
  });
});
