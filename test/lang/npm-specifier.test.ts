/**
 * `npm:` specifiers and ES-module CDN URLs that name an npm package (src/lang/npm-specifier.ts):
 * what each names, and the specifiers that name none.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { jsrImportOf, jsrNameOfNpm, npmImportOf, npmImportSite, npmNameOfJsr } from '../../src/lang/npm-specifier.js';
import type { ImportSite } from '../../src/lang/types.js';

/** `name specifier range` of what a specifier names. */
const brief = (w: string): string | undefined => {
  const n = npmImportOf(w);
  return n && `${n.name} ${n.specifier} ${n.range ?? '-'}`;
};

// Each case: the written specifier and the package, bare specifier and range it names.
const NAMED: [string, string, string][] = [
  ['npm: with an exact version', 'npm:openai@4.52.0', 'openai openai 4.52.0'],
  ['npm: without a version', 'npm:openai', 'openai openai -'],
  ['npm: scoped, a range and a subpath', 'npm:@anthropic-ai/sdk@^0.24/resources/messages', '@anthropic-ai/sdk @anthropic-ai/sdk/resources/messages ^0.24'],
  ['npm: scoped without a version, with a subpath', 'npm:@ai-sdk/openai/internal', '@ai-sdk/openai @ai-sdk/openai/internal -'],
  ['npm: a range with operators', 'npm:openai@>=4.20', 'openai openai >=4.20'],
  ['esm.sh', 'https://esm.sh/openai@4.20.1', 'openai openai 4.20.1'],
  ['esm.sh scoped', 'https://esm.sh/@anthropic-ai/sdk@0.24.3', '@anthropic-ai/sdk @anthropic-ai/sdk 0.24.3'],
  ['esm.sh with a query and a hash', 'https://esm.sh/openai@4.20.1/resources?target=deno&dts#x', 'openai openai/resources 4.20.1'],
  ['esm.sh build form v135', 'https://esm.sh/v135/openai@4.20.1/es2022/openai.mjs', 'openai openai/es2022/openai.mjs 4.20.1'],
  ['esm.sh stable build', 'https://esm.sh/stable/openai@4.20.1', 'openai openai 4.20.1'],
  ['esm.sh * (dependencies external)', 'https://esm.sh/*openai@4', 'openai openai 4'],
  ['esm.sh * scoped', 'https://esm.sh/*@anthropic-ai/sdk', '@anthropic-ai/sdk @anthropic-ai/sdk -'],
  ['esm.sh over http, host in capitals', 'http://ESM.SH/openai', 'openai openai -'],
  ['cdn.esm.sh (esm.sh\'s older host) with a build version', 'https://cdn.esm.sh/v68/openai@3.3.0', 'openai openai 3.3.0'],
  ['esm.sh percent-encoded range', 'https://esm.sh/openai@%5E4', 'openai openai ^4'],
  ['esm.run', 'https://esm.run/@google/generative-ai', '@google/generative-ai @google/generative-ai -'],
  ['unpkg with ?module', 'https://unpkg.com/openai@4.20.1?module', 'openai openai 4.20.1'],
  ['unpkg with a file', 'https://unpkg.com/groq-sdk@0.5.0/index.mjs', 'groq-sdk groq-sdk/index.mjs 0.5.0'],
  ['jsDelivr /npm/ with +esm', 'https://cdn.jsdelivr.net/npm/openai@4/+esm', 'openai openai 4'],
  ['jsDelivr scoped with a subpath', 'https://cdn.jsdelivr.net/npm/@mistralai/mistralai@1.3.0/index.js', '@mistralai/mistralai @mistralai/mistralai/index.js 1.3.0'],
  ['jsDelivr\'s fastly host', 'https://fastly.jsdelivr.net/npm/openai@4.20.1/+esm', 'openai openai 4.20.1'],
  ['skypack', 'https://cdn.skypack.dev/openai@4', 'openai openai 4'],
  ['skypack pinned URL: the version without its hash, the build file no subpath', 'https://cdn.skypack.dev/-/openai@v4.20.1-AbCdEf0123456789xyZ/dist=es2019,mode=imports/optimized/openai.js', 'openai openai 4.20.1'],
  ['ga.jspm.io', 'https://ga.jspm.io/npm:openai@4.20.1/index.mjs', 'openai openai/index.mjs 4.20.1'],
  ['jspm.dev', 'https://jspm.dev/openai@4', 'openai openai 4'],
  ['jspm.dev npm:', 'https://jspm.dev/npm:@anthropic-ai/sdk@0.24.3', '@anthropic-ai/sdk @anthropic-ai/sdk 0.24.3'],
];

// Specifiers that name no npm package.
const NONE: [string, string][] = [
  ['a bare specifier (the catalog reads it as it is)', 'openai'],
  ['jsr:', 'jsr:@openai/openai'],
  ['jsr: of another scope', 'jsr:@openai/x'],
  ['a third-party Deno module', 'https://deno.land/x/openai/mod.ts'],
  ['a Deno std module', 'https://deno.land/std@0.168.0/http/server.ts'],
  ['a host that is no CDN', 'https://example.com/openai'],
  ['a CDN\'s name inside another host', 'https://esm.sh.example.com/openai'],
  ['a CDN\'s name in the path', 'https://example.com/esm.sh/openai'],
  ['esm.sh GitHub form', 'https://esm.sh/gh/openai/openai-node'],
  ['esm.sh jsr form', 'https://esm.sh/jsr/@openai/openai'],
  ['jsDelivr GitHub form', 'https://cdn.jsdelivr.net/gh/openai/openai-node/index.js'],
  ['npm: with no name', 'npm:'],
  ['npm: with a version only', 'npm:@4.0.0'],
  ['a scope without a name', 'npm:@anthropic-ai'],
  ['the CDN\'s root', 'https://esm.sh/'],
  ['a relative path', './npm:openai'],
  ['a node: builtin', 'node:fs'],
];

describe('npmImportOf: the npm package an npm: specifier or CDN URL names', () => {
  for (const [name, written, want] of NAMED) it(name, () => assert.equal(brief(written), want, written));
});

describe('npmImportOf: specifiers that name no npm package', () => {
  for (const [name, written] of NONE) it(name, () => assert.equal(brief(written), undefined, written));
});

describe('npmImportSite', () => {
  const site = (specifier: string, kind: ImportSite['kind']): ImportSite => ({ specifier, kind, line: 3, column: 7 });

  it('puts the bare specifier in place and keeps the written one, at the same place', () => {
    assert.deepEqual(npmImportSite(site('npm:openai@4.52.0/resources', 'import')), { specifier: 'openai/resources', written: 'npm:openai@4.52.0/resources', kind: 'import', line: 3, column: 7 });
    for (const kind of ['import-type', 'side-effect', 'dynamic-import', 're-export'] as const) assert.equal(npmImportSite(site('https://esm.sh/openai', kind)).specifier, 'openai', kind);
  });

  it('puts a jsr: specifier as jsr:<package>[/<subpath>] without its version, the written one kept', () => {
    assert.deepEqual(npmImportSite(site('jsr:@openai/openai@^4.96.0/helpers/zod', 'import')), { specifier: 'jsr:@openai/openai/helpers/zod', written: 'jsr:@openai/openai@^4.96.0/helpers/zod', kind: 'import', line: 3, column: 7 });
    for (const kind of ['import-type', 'side-effect', 'dynamic-import', 're-export'] as const) assert.equal(npmImportSite(site('jsr:@openai/openai@4', kind)).specifier, 'jsr:@openai/openai', kind);
  });

  it('leaves a require (no valid Node code), a bare name and a specifier that names no package as they are', () => {
    for (const s of [site('npm:openai', 'require'), site('jsr:@openai/openai', 'require'), site('openai', 'import'), site('jsr:openai', 'import'), site('jsr:@OpenAI/openai', 'import'), site('https://deno.land/x/openai/mod.ts', 'import')]) {
      const before = { ...s };
      assert.deepEqual(npmImportSite(s), before);
    }
  });

  it('stays linear on long hostile jsr: specifiers', () => {
    for (const w of ['jsr:@' + 'a'.repeat(3_000_000), 'jsr:@a/b' + '@'.repeat(3_000_000), 'jsr:@a/b@1' + '/'.repeat(3_000_000) + 'x', 'jsr:@' + 'a-'.repeat(1_500_000) + '/b', 'jsr:@'.repeat(1_000_000)]) {
      const t = performance.now();
      jsrImportOf(w);
      jsrNameOfNpm(w);
      assert.ok(performance.now() - t < 2000, w.slice(0, 30));
    }
  });

  it('stays linear on long hostile specifiers', () => {
    // 2-6 MB of repeated pieces: splits and anchored patterns only.
    for (const w of ['npm:' + 'a/'.repeat(1_000_000), 'https://esm.sh/' + '@'.repeat(3_000_000), 'https://esm.sh/' + 'v1/'.repeat(1_000_000), 'npm:@a/b' + '@1'.repeat(1_000_000), 'https://cdn.skypack.dev/-/a@v1.2.3-' + 'x'.repeat(3_000_000), 'https://' + 'esm.sh'.repeat(1_000_000)]) {
      const t = performance.now();
      npmImportOf(w);
      assert.ok(performance.now() - t < 2000, w.slice(0, 30));
    }
  });
});

describe('jsrImportOf: the JSR package a jsr: specifier names', () => {
  const brief = (w: string): string | undefined => {
    const n = jsrImportOf(w);
    return n && `${n.name} ${n.specifier} ${n.range ?? '-'}`;
  };
  const CASES: [string, string, string | undefined][] = [
    ['a package', 'jsr:@openai/openai', '@openai/openai @openai/openai -'],
    ['a caret range', 'jsr:@openai/openai@^4.96.0', '@openai/openai @openai/openai ^4.96.0'],
    ['a range and a subpath', 'jsr:@openai/openai@4/helpers/zod', '@openai/openai @openai/openai/helpers/zod 4'],
    ['a subpath without a range', 'jsr:@std/http/file-server', '@std/http @std/http/file-server -'],
    ['a trailing slash (an import map prefix)', 'jsr:@std/path@^1/', '@std/path @std/path ^1'],
    ['a name with dashes and digits', 'jsr:@mistralai/mistralai@1.6.0', '@mistralai/mistralai @mistralai/mistralai 1.6.0'],
    // Decoys: no JSR package is unscoped or upper-case; other schemes are not JSR.
    ['no scope', 'jsr:openai@4', undefined],
    ['a scope without a name', 'jsr:@openai', undefined],
    ['upper case', 'jsr:@OpenAI/openai', undefined],
    ['an underscore', 'jsr:@open_ai/openai', undefined],
    ['npm:', 'npm:@openai/openai', undefined],
    ['a bare name', '@openai/openai', undefined],
    ['a URL', 'https://jsr.io/@openai/openai', undefined],
  ];
  for (const [name, written, want] of CASES) it(name, () => assert.equal(brief(written), want, written));

  it('JSR\'s npm registry names: @jsr/<scope>__<name> both ways; any other npm name is none', () => {
    assert.equal(jsrNameOfNpm('@jsr/openai__openai'), '@openai/openai');
    assert.equal(jsrNameOfNpm('@jsr/std__path'), '@std/path');
    assert.equal(npmNameOfJsr('@openai/openai'), '@jsr/openai__openai');
    for (const n of ['openai', '@openai/openai', '@jsr/openai', '@jsr/openai_openai', '@jsr/__openai', '@jsrx/openai__openai', '@jsr/openai__openai/sub']) assert.equal(jsrNameOfNpm(n), undefined, n);
  });
});
