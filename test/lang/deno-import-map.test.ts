/**
 * Deno import maps (src/lang/deno-import-map.ts): how a bare specifier of a file resolves through
 * the map that governs it (exact keys, the longest prefix key ending in `/`, Deno's expansion of
 * `npm:` / `jsr:` keys to their subpaths, scopes before imports), what an import site becomes, and
 * the keys, targets and files no map applies to.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aliasKeys, importMapOf, isMember, mapsFor, memberMap, mentionsAlias, resolveThroughMaps, throughImportMaps, workspaceMembers, type DenoImportMaps } from '../../src/lang/deno-import-map.js';
import type { ImportSite } from '../../src/lang/types.js';

/** The map of the brief's deno.json at app/, with a scope and the keys that are no aliases. */
const APP = importMapOf(
  {
    imports: {
      oai: 'jsr:@openai/openai@^0.9',
      llm: 'npm:openai@^4',
      'ai/': 'npm:/ai@4/',
      'ai/rsc/': './vendor/rsc/',
      openai: 'npm:left-pad@1',
      anth: 'npm:@anthropic-ai/sdk@0.30.1',
      'anth/': 'npm:/@anthropic-ai/sdk@0.24.0/',
      cdn: 'https://esm.sh/openai@4.20.1',
      local: './src/openai.ts',
      bare: 'openai',
      'bad/': 'npm:ai@4/',
      'noslash/': 'npm:/ai@4',
      nothing: null,
      './oai.ts': 'npm:openai@^4',
      'https://example.com/oai': 'npm:openai@^4',
      'npm:oai': 'npm:openai@^4',
    },
    scopes: {
      './legacy/': { oai: 'npm:openai@3.3.0' },
      './legacy/deep/': { oai: 'jsr:@openai/openai@0.8.0' },
      './one.ts': { llm: 'npm:ollama@0.5' },
      'https://deno.land/x/': { oai: 'npm:groq-sdk@0.7' },
      '../../outside/': { oai: 'npm:groq-sdk@0.7' },
      '../shared/': { oai: 'npm:ollama@0.5' },
    },
  },
  'app',
);

// Each case: a file, a specifier it imports and what the map makes of it (a target; null: mapped
// to nothing; undefined: no key matches, it stays as written).
const RESOLVED: [string, string, string, string | null | undefined][] = [
  ['an exact key to jsr:', 'app/main.ts', 'oai', 'jsr:@openai/openai@^0.9'],
  ['an exact key to npm:', 'app/sub/x.ts', 'llm', 'npm:openai@^4'],
  ['Deno\'s expansion of an npm: key to its subpaths', 'app/x.ts', 'llm/resources', 'npm:/openai@^4/resources'],
  ['Deno\'s expansion of a jsr: key to its subpaths', 'app/x.ts', 'oai/helpers/zod', 'jsr:/@openai/openai@^0.9/helpers/zod'],
  ['a prefix key with the rest appended', 'app/x.ts', 'ai/core', 'npm:/ai@4/core'],
  ['the longest prefix key wins', 'app/x.ts', 'ai/rsc/server', './vendor/rsc/server'],
  ['a prefix key matches the specifier that ends with it', 'app/x.ts', 'ai/', 'npm:/ai@4/'],
  ['an explicit key/ is not expanded over', 'app/x.ts', 'anth/resources', 'npm:/@anthropic-ai/sdk@0.24.0/resources'],
  ['an AI name mapped to another package', 'app/x.ts', 'openai', 'npm:left-pad@1'],
  ['an AI name\'s subpath follows the expansion', 'app/x.ts', 'openai/resources', 'npm:/left-pad@1/resources'],
  ['a URL target', 'app/x.ts', 'cdn', 'https://esm.sh/openai@4.20.1'],
  ['a path target', 'app/x.ts', 'local', './src/openai.ts'],
  ['a scope before imports', 'app/legacy/x.ts', 'oai', 'npm:openai@3.3.0'],
  ['the most specific scope first', 'app/legacy/deep/x.ts', 'oai', 'jsr:@openai/openai@0.8.0'],
  ['a scope\'s key with no match falls back on imports', 'app/legacy/x.ts', 'llm', 'npm:openai@^4'],
  ['a scope that is one file', 'app/one.ts', 'llm', 'npm:ollama@0.5'],
  ['a scope out of the map\'s folder (../shared/)', 'shared/x.ts', 'oai', 'npm:ollama@0.5'],
  ['a scope that is one file holds no other', 'app/one.tsx', 'llm', 'npm:openai@^4'],
  ['a bare target is no address: mapped to nothing', 'app/x.ts', 'bare', null],
  ['a null target: mapped to nothing', 'app/x.ts', 'nothing', null],
  ['a prefix target Deno cannot join (npm:ai@4/): nothing', 'app/x.ts', 'bad/x', null],
  ['a prefix key whose target has no trailing slash: nothing', 'app/x.ts', 'noslash/x', null],
  ['a rest that climbs out of the prefix: nothing', 'app/x.ts', 'ai/../openai', null],
  ['a path key: the relative import that resolves to it', 'app/x.ts', './oai.ts', 'npm:openai@^4'],
  ['a URL key: the URL imported', 'app/x.ts', 'https://example.com/oai', 'npm:openai@^4'],
  ['an npm: key (Deno takes it for a URL): the specifier imported', 'app/x.ts', 'npm:oai', 'npm:openai@^4'],
];

const UNMAPPED: [string, string, string][] = [
  ['a URL target is not expanded to subpaths', 'app/x.ts', 'cdn/x'],
  ['a path target is not expanded to subpaths', 'app/x.ts', 'local/x'],
  ['a path key resolves from the map\'s folder, not the file\'s', 'app/sub/x.ts', './oai.ts'],
  ['a URL key matches that URL, not another path on its host', 'app/x.ts', 'https://example.com/oai/x'],
  ['an npm: key matches itself, not a longer name', 'app/x.ts', 'npm:oaix'],
  ['a specifier no key names', 'app/x.ts', 'zod'],
  ['a key\'s prefix is no key', 'app/x.ts', 'oa'],
  ['a prefix key needs its slash', 'app/x.ts', 'ai'],
  ['a node: builtin', 'app/x.ts', 'node:fs'],
  ['a relative import', 'app/x.ts', './oai'],
];

describe('resolveThroughMaps: a bare specifier through the map that governs its file', () => {
  for (const [name, file, spec, want] of RESOLVED) it(name, () => assert.equal(resolveThroughMaps([APP], file, spec), want, spec));
  for (const [name, file, spec] of UNMAPPED) it(`decoy: ${name}`, () => assert.equal(resolveThroughMaps([APP], file, spec), undefined, spec));
  it('scopes resolve from the map\'s folder; those that are URLs or out of the tree are left out', () => {
    assert.deepEqual(APP.scopes.map((s) => s.scope), ['app/legacy/deep/', 'app/legacy/', 'app/one.ts', 'shared/']);
  });
  it('a map chain: a workspace member\'s own map first, then the root\'s', () => {
    const member = importMapOf({ imports: { oai: 'npm:openai@^4' } }, 'packages/a');
    const root = importMapOf({ imports: { oai: 'jsr:@openai/openai@^0.9', claude: 'npm:@anthropic-ai/sdk@^0.30' } }, '');
    assert.equal(resolveThroughMaps([member, root], 'packages/a/x.ts', 'oai'), 'npm:openai@^4');
    assert.equal(resolveThroughMaps([member, root], 'packages/a/x.ts', 'claude'), 'npm:@anthropic-ai/sdk@^0.30');
    assert.equal(resolveThroughMaps([member], 'packages/a/x.ts', 'claude'), undefined);
  });
  it('a workspace composed as Deno does: a root scope below the member\'s folder before the member\'s imports, a parent scope after them', () => {
    const member = memberMap(importMapOf({ imports: { oai: 'npm:openai@^4', './vendor/': 'npm:/ai@4/' }, scopes: { './old/': { oai: 'npm:openai@2' } } }, 'packages/a'), 'packages/a');
    const root = importMapOf({ imports: { oai: 'jsr:@openai/openai@^0.9' }, scopes: { './packages/a/legacy/': { oai: 'npm:openai@3.3.0' }, './packages/': { oai: 'npm:ollama@0.5' } } }, '');
    const CASES: [string, string, string | undefined][] = [
      ['packages/a/legacy/x.ts', 'oai', 'npm:openai@3.3.0'],
      ['packages/a/old/x.ts', 'oai', 'npm:openai@2'],
      ['packages/a/x.ts', 'oai', 'npm:openai@^4'],
      ['packages/a/legacy/x.ts', '../vendor/x.ts', 'npm:/ai@4/x.ts'],
      ['packages/b/x.ts', 'oai', 'npm:ollama@0.5'],
    ];
    assert.deepEqual(CASES.map(([file, spec]) => resolveThroughMaps([member, root], file, spec)), CASES.map(([, , want]) => want));
  });
});

/**
 * A map at app/ with path and URL keys: a path key is resolved from the map's folder, a URL key is
 * its URL, a relative or URL import in code is resolved the same way before it is looked up.
 */
const KEYED = importMapOf(
  {
    imports: {
      './vendor/openai/': 'npm:/openai@4/',
      './lib/llm.ts': 'npm:@anthropic-ai/sdk@0.30.1',
      'https://deno.land/x/openai@v4.24.0/mod.ts': 'npm:openai@4.24.0',
      'https://esm.sh/ai@4/': 'npm:/ai@4/',
      '../../../x/': 'npm:/openai@4/',
      'https://[bad/': 'npm:openai@4',
      '/abs/': 'npm:/openai@4/',
      'file:///app/other/': 'npm:/openai@4/',
    },
    scopes: { './legacy/': { './vendor/openai/': 'npm:/openai@3.3.0/', '../shared/llm/': 'npm:/ollama@0.5/' } },
  },
  'app',
);

const KEYED_RESOLVED: [string, string, string, string | null | undefined][] = [
  ['a path prefix key: a relative import from a sibling folder', 'app/src/chat.ts', '../vendor/openai/index.ts', 'npm:/openai@4/index.ts'],
  ['a path prefix key: a relative import from inside its folder', 'app/vendor/openai/x.ts', './index.ts', 'npm:/openai@4/index.ts'],
  ['an exact path key', 'app/lib/x.ts', './llm.ts', 'npm:@anthropic-ai/sdk@0.30.1'],
  ['an exact https URL key: a deno.land/x import remapped to npm:', 'app/main.ts', 'https://deno.land/x/openai@v4.24.0/mod.ts', 'npm:openai@4.24.0'],
  ['a URL import as WHATWG URL parsing writes it (host case, dot segments)', 'app/main.ts', 'https://DENO.land/x/./openai@v4.24.0/mod.ts', 'npm:openai@4.24.0'],
  ['a URL prefix key', 'app/main.ts', 'https://esm.sh/ai@4/rsc', 'npm:/ai@4/rsc'],
  ['a path scope: its own path key first', 'app/legacy/x.ts', '../vendor/openai/index.ts', 'npm:/openai@3.3.0/index.ts'],
  ['a path scope: a key resolved from the map\'s folder, out of it', 'app/legacy/deep/x.ts', '../../../shared/llm/chat.ts', 'npm:/ollama@0.5/chat.ts'],
];

// Each decoy beside the import it is a near miss of: the first resolves, the second (from the
// second file when there is one) stays as written.
const KEYED_DECOYS: [string, string, [string, string], string?][] = [
  ['a relative import no key names stays local', 'app/src/chat.ts', ['../vendor/openai/index.ts', './util.ts']],
  ['a folder that only starts like the key\'s', 'app/src/chat.ts', ['../vendor/openai/x.ts', '../vendor/openai-helpers/x.ts']],
  ['the key\'s folder without a rest (a prefix key needs its slash)', 'app/src/chat.ts', ['../vendor/openai/x.ts', '../vendor/openai']],
  ['a path key is the map\'s folder\'s: the same path from another folder', 'app/x.ts', ['./vendor/openai/x.ts', './src/vendor/openai/x.ts']],
  ['a path scope holds only the files below it', 'app/legacy/x.ts', ['../../shared/llm/chat.ts', '../shared/llm/chat.ts'], 'app/x.ts'],
  ['a URL key matches only its own URL: another version', 'app/main.ts', ['https://deno.land/x/openai@v4.24.0/mod.ts', 'https://deno.land/x/openai@v4.25.0/mod.ts']],
  ['a path key out of the scanned directory (../../../x/) is left out', 'x/a.ts', ['../app/vendor/openai/a.ts', './b.ts']],
  ['a malformed URL key is left out', 'app/main.ts', ['https://esm.sh/ai@4/x', 'https://[bad/']],
  ['an absolute path key (on the disk) is left out, and so is an absolute import', 'abs/a.ts', ['../app/lib/llm.ts', '/abs/b.ts']],
  ['a file: URL key is left out', 'app/other/a.ts', ['../lib/llm.ts', './b.ts']],
  ['a relative import out of the scanned directory', 'app/a.ts', ['./lib/llm.ts', '../../app/lib/llm.ts']],
];

describe('resolveThroughMaps: path and URL keys, and relative and URL imports resolved before the lookup', () => {
  for (const [name, file, spec, want] of KEYED_RESOLVED) it(name, () => assert.equal(resolveThroughMaps([KEYED], file, spec), want, spec));
  for (const [name, file, [hit, miss], missFrom] of KEYED_DECOYS) {
    it(`decoy: ${name}`, () => {
      assert.notEqual(resolveThroughMaps([KEYED], file, hit), undefined, hit);
      assert.equal(resolveThroughMaps([KEYED], missFrom ?? file, miss), undefined, miss);
    });
  }
});

describe('mapsFor and workspaces: which maps govern a file', () => {
  const a = importMapOf({ imports: { oai: 'npm:openai@^4' } }, 'app');
  const r = importMapOf({ imports: { oai: 'jsr:@openai/openai' } }, '');
  const maps: DenoImportMaps = new Map([
    ['', [r]],
    ['app', [a]],
    ['app/plain', []],
  ]);
  const CASES: [string, string, unknown[]][] = [
    ['the nearest deno.json above the file', 'app/src/x.ts', [a]],
    ['a file beside its deno.json', 'app/x.ts', [a]],
    ['the root\'s in a folder with none of its own', 'other/x.ts', [r]],
    ['a nested deno.json without imports governs its files: no map', 'app/plain/deep/x.ts', []],
    ['a file at the root', 'x.ts', [r]],
  ];
  for (const [name, file, want] of CASES) it(name, () => assert.deepEqual(mapsFor(maps, file), want));
  it('decoy: a sibling folder with no deno.json and no root map is governed by none', () => {
    assert.deepEqual(mapsFor(new Map([['app', [a]]]), 'sibling/x.ts'), []);
    assert.deepEqual(mapsFor(new Map([['app', [a]]]), 'application/x.ts'), []);
  });
  it('workspace members: listed folders and `*` segments; not deeper, not other names', () => {
    const m = workspaceMembers({ workspace: ['./add', 'packages/*', '../out', '/abs', 'a*b/c', 3] }, '')!;
    const got = ['add', 'packages/foo', 'packages/foo/bar', 'packages', 'addx', 'out', 'a1b/c', 'sub/add'].map((d) => `${d}:${isMember(m, d)}`);
    assert.deepEqual(got, ['add:true', 'packages/foo:true', 'packages/foo/bar:false', 'packages:false', 'addx:false', 'out:false', 'a1b/c:false', 'sub/add:false']);
    assert.equal(isMember(workspaceMembers({ workspace: { members: ['svc'] } }, 'mono')!, 'mono/svc'), true);
    assert.equal(workspaceMembers({ workspace: 'svc' }, ''), undefined);
  });
});

describe('throughImportMaps: what an import site becomes', () => {
  const site = (specifier: string, kind: ImportSite['kind'] = 'import'): ImportSite => ({ specifier, kind, line: 3, column: 20 });
  const brief = (s: ImportSite | undefined) => s && `${s.specifier} ${s.written ?? '-'} ${s.range ?? '-'} ${s.line}:${s.column}`;
  const CASES: [string, string, string | undefined][] = [
    ['a jsr: alias: the JSR package, the alias as written, the range its entry writes', 'oai', 'jsr:@openai/openai oai ^0.9 3:20'],
    ['an npm: alias with a subpath', 'llm/resources', 'openai/resources llm/resources ^4 3:20'],
    ['a prefix key\'s npm:/ target', 'ai/core', 'ai/core ai/core 4 3:20'],
    ['a CDN URL target: the package, the URL in written (it declares as a URL in code does)', 'cdn', 'openai https://esm.sh/openai@4.20.1 - 3:20'],
    ['an AI name mapped to another package is that package', 'openai', 'left-pad openai 1 3:20'],
    ['a path target stays a path', 'local', './src/openai.ts - - 3:20'],
    ['a specifier no key names is left as it is', 'zod', 'zod - - 3:20'],
    ['mapped to nothing: no site', 'bare', undefined],
  ];
  for (const [name, spec, want] of CASES) it(name, () => assert.equal(brief(throughImportMaps(site(spec), [APP], 'app/x.ts')), want));
  const KEYED_SITES: [string, string, string][] = [
    ['a relative import through a path key: the npm package, the path as written', '../vendor/openai/index.ts', 'openai/index.ts ../vendor/openai/index.ts 4 3:20'],
    ['a deno.land/x URL through a URL key: the npm package at the key\'s version', 'https://deno.land/x/openai@v4.24.0/mod.ts', 'openai https://deno.land/x/openai@v4.24.0/mod.ts 4.24.0 3:20'],
  ];
  for (const [name, spec, want] of KEYED_SITES) it(name, () => assert.equal(brief(throughImportMaps(site(spec), [KEYED], 'app/src/x.ts')), want));
  it('decoy: a require() and a file no map governs are left as they are', () => {
    assert.equal(brief(throughImportMaps(site('oai', 'require'), [APP], 'app/x.ts')), 'oai - - 3:20');
    assert.equal(brief(throughImportMaps(site('oai'), [], 'sibling/x.ts')), 'oai - - 3:20');
  });
});

describe('which files a map makes worth reading: the keys that alias an AI package, quoted', () => {
  const json = {
    imports: { oai: 'jsr:@openai/openai@^0.9', 'ai/': 'npm:/ai@4/', pad: 'npm:left-pad@1', './local': './x.ts', 'https://x/': './y/', bad: 42 },
    scopes: { 'sub/': { claude: 'npm:@anthropic-ai/sdk@^0.30' }, other: 'not a map' },
  };
  const keys = aliasKeys(json, (t) => /openai|\/ai@|anthropic/.test(t));
  it('the bare keys, of imports and scopes, whose target the test accepts', () => {
    assert.deepEqual(keys.sort(), ['ai/', 'claude', 'oai']);
  });
  const CASES: [string, string, boolean][] = [
    ['an exact key in double quotes', 'import OpenAI from "oai";', true],
    ['a subpath of a key in single quotes', "import { x } from 'oai/helpers/zod';", true],
    ['a prefix key in a template literal', 'await import(`ai/core`);', true],
    ['a scope key', 'import Anthropic from "claude";', true],
    ['decoy: the key unquoted (a variable, a comment)', 'const oai = 1; // claude, ai/core', false],
    ['decoy: a key that aliases no AI package', 'import pad from "pad";', false],
    ['decoy: no import at all', 'export const x = 1;', false],
  ];
  for (const [name, text, want] of CASES) it(name, () => assert.equal(mentionsAlias(text, keys), want));
  it('many keys (a hostile map): yes without searching for each', () => {
    assert.equal(mentionsAlias('export const x = 1;', Array.from({ length: 100 }, (_, i) => `k${i}`)), true);
  });
});

describe('hostile maps and specifiers stay linear', () => {
  it('100,000 keys and a 1 MB specifier of slashes: indexed, no scan of the keys per import', () => {
    const ms = [25_000, 100_000].map((n) => {
      const imports: Record<string, string> = {};
      for (let i = 0; i < n; i++) imports[i % 2 ? `k${i}` : `a/${'b/'.repeat(i % 50)}k${i}/`] = i % 2 ? 'npm:openai@^4' : `npm:/openai@${i}/`;
      const t0 = performance.now();
      const m = importMapOf({ imports }, '');
      for (let i = 0; i < n / 10; i++) resolveThroughMaps([m], `f${i}.ts`, i % 2 ? `k${i}` : `a/${'b/'.repeat(i % 50)}k${i}/x`);
      assert.equal(resolveThroughMaps([m], 'x.ts', `a/${'b/'.repeat(500_000)}`), undefined);
      return performance.now() - t0;
    });
    assert.ok(ms[1]! < 10 * ms[0]! + 500, `${ms.map(Math.round).join(' ms, ')} ms`);
  });
  it('100,000 path keys, climbing and deep ones, and 1 MB relative and URL imports: indexed, each import resolved once', () => {
    const ms = [25_000, 100_000].map((n) => {
      const imports: Record<string, string> = {};
      for (let i = 0; i < n; i++) imports[i % 3 === 0 ? `./p${i}/${'d/'.repeat(i % 50)}` : i % 3 === 1 ? `./f${i}.ts` : `${'../'.repeat(i % 7)}./q${i}/`] = i % 3 === 1 ? 'npm:openai@^4' : `npm:/openai@${i}/`;
      const t0 = performance.now();
      const m = importMapOf({ imports }, 'a/b/c/d/e/f');
      for (let i = 0; i < n / 10; i++) {
        const spec = i % 3 === 0 ? `./p${i}/${'d/'.repeat(i % 50)}x.ts` : i % 3 === 1 ? `./f${i}.ts` : `./${'../'.repeat(i % 7)}q${i}/x.ts`;
        assert.notEqual(resolveThroughMaps([m], 'a/b/c/d/e/f/x.ts', spec), undefined, spec);
      }
      assert.equal(resolveThroughMaps([m], 'x.ts', `./${'a/'.repeat(500_000)}`), undefined);
      assert.equal(resolveThroughMaps([m], 'x.ts', `https://x/${'a/'.repeat(500_000)}`), undefined);
      return performance.now() - t0;
    });
    assert.ok(ms[1]! < 10 * ms[0]! + 500, `${ms.map(Math.round).join(' ms, ')} ms`);
  });
});
