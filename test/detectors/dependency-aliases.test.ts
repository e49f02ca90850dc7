/**
 * Dependencies imported under another name (src/lang/dependency-aliases.ts): Cargo's renamed
 * dependencies (`candle = { package = "candle-core" }`, `use candle::…`) and npm aliases
 * (`"oai": "npm:openai@4"`, `import … from 'oai'`).
 */
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { scan } from '../../src/scan/scan.js';
import { makeTree, removeTree } from '../support/paths.js';
import { inventory, libs, undeclared } from '../support/inventory.js';
import { aliasesFor, aliasOf, MAX_ALIASES, readDependencyAliases, renamedInherited, unalias } from '../../src/lang/dependency-aliases.js';
import { readManifest } from '../../src/lang/manifests/index.js';
import { sdkCatalog } from '../../src/detectors/sdks/catalog.js';
import { loadRules } from '../../src/rules/load.js';


describe('dependency aliases: reading and rewriting', () => {
  const c = sdkCatalog(loadRules());
  const files: Record<string, string> = {
    'Cargo.toml': '[workspace]\nmembers = ["a"]\n\n[workspace.dependencies]\ncandle = { package = "candle-core", version = "0.8" }\nserde1 = { package = "serde", version = "1" }\n',
    'a/Cargo.toml': '[package]\nname = "a"\nversion = "0.1.0"\n\n[dependencies]\nmy-oai = { package = "async-openai", version = "0.25" }\ncandle-nn = "0.8"\n',
    'b/Cargo.toml': '[package]\nname = "b"\n',
    'web/package.json': '{ "dependencies": { "oai": "npm:openai@^4", "@x/claude": "npm:@anthropic-ai/sdk@0.30.0", "_": "npm:lodash@4", "openai": "^4" } }',
    'web/broken/package.json': '{ "dependencies": { "oai": "npm:openai@^4" ',
    'notes/package.json.txt': '{ "dependencies": { "oai": "npm:openai@^4" } }',
  };
  const all = readDependencyAliases(Object.keys(files), c, (p) => files[p]);

  it('reads the AI packages a Cargo.toml or package.json renames, per folder; not other packages, not plain declarations', () => {
    assert.deepEqual(all, {
      '': [{ lang: 'rust', alias: 'candle', target: 'candle_core', name: 'candle-core' }],
      a: [{ lang: 'rust', alias: 'my_oai', target: 'async_openai', name: 'async-openai' }],
      web: [
        { lang: 'js', alias: 'oai', target: 'openai', name: 'openai' },
        { lang: 'js', alias: '@x/claude', target: '@anthropic-ai/sdk', name: '@anthropic-ai/sdk' },
      ],
      // A truncated package.json is read as far as the manifest reader reads it.
      'web/broken': [{ lang: 'js', alias: 'oai', target: 'openai', name: 'openai' }],
    });
    assert.equal(readDependencyAliases(['b/Cargo.toml'], c, (p) => files[p]), undefined);
    // A file that cannot be read is left to the analysis.
    assert.equal(readDependencyAliases(['Cargo.toml'], c, () => undefined), undefined);
  });

  it('keeps at most MAX_ALIASES per scan, whatever a manifest declares', () => {
    const deps = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`oai${i}`, 'npm:openai@4']));
    const many = readDependencyAliases(['a/package.json', 'b/package.json'], c, () => JSON.stringify({ dependencies: deps }));
    assert.equal(many?.a?.length, MAX_ALIASES);
    assert.equal(many?.b, undefined);
  });

  it('a file sees the aliases of the manifests above it, of its language, the nearest first', () => {
    assert.deepEqual([...aliasesFor(all!, 'a/src/main.rs', 'rust')], [['my_oai', 'async_openai'], ['candle', 'candle_core']]);
    assert.deepEqual([...aliasesFor(all!, 'b/src/lib.rs', 'rust')], [['candle', 'candle_core']]);
    assert.deepEqual([...aliasesFor(all!, 'web/src/x.ts', 'rust')], [['candle', 'candle_core']]);
    assert.deepEqual([...aliasesFor(all!, 'web/src/x.ts', 'js')].map(([a]) => a), ['oai', '@x/claude']);
    assert.deepEqual([...aliasesFor(all!, 'other/x.ts', 'js')], []);
    const near = { '': [{ lang: 'js' as const, alias: 'oai', target: 'openai', name: 'openai' }], sub: [{ lang: 'js' as const, alias: 'oai', target: '@anthropic-ai/sdk', name: '@anthropic-ai/sdk' }] };
    assert.equal(aliasesFor(near, 'sub/x.ts', 'js').get('oai'), '@anthropic-ai/sdk');
  });

  it('a workspace member that inherits a renamed crate declares the package under the key', () => {
    const member = readManifest('a/Cargo.toml', '[package]\nname = "a"\n\n[dependencies]\ncandle = { workspace = true }\nserde = { workspace = true }\nmy-oai.workspace = true\n').deps;
    assert.deepEqual(
      renamedInherited(all!, 'a/Cargo.toml', member).map((d) => [d.name, d.alias, d.central]),
      [
        ['candle-core', 'candle', 'inherits'],
        ['serde', undefined, 'inherits'],
        ['async-openai', 'my-oai', 'inherits'],
      ],
    );
    // Outside the workspace that renames it, the key stays the name.
    assert.deepEqual(renamedInherited({ x: all![''] ?? [] }, 'a/Cargo.toml', member).map((d) => d.name), ['candle', 'serde', 'my-oai']);
  });

  it('rewrites an import of an alias to the package, its paths and subpaths too, and leaves the rest', () => {
    const rs = new Map([['candle', 'candle_core']]);
    assert.equal(unalias('rust', 'candle::Tensor', rs), 'candle_core::Tensor');
    assert.equal(unalias('rust', '::candle::Device', rs), '::candle_core::Device');
    assert.equal(unalias('rust', 'candle', rs), 'candle_core');
    assert.equal(unalias('rust', 'candle_nn::Linear', rs), 'candle_nn::Linear');
    assert.equal(unalias('rust', 'candlestick::X', rs), 'candlestick::X');
    const js = new Map([['oai', 'openai'], ['@x/claude', '@anthropic-ai/sdk']]);
    assert.equal(unalias('js', 'oai', js), 'openai');
    assert.equal(unalias('js', 'oai/resources', js), 'openai/resources');
    assert.equal(unalias('js', '@x/claude', js), '@anthropic-ai/sdk');
    assert.equal(unalias('js', 'oai-helpers', js), 'oai-helpers');
    assert.equal(unalias('js', './oai', js), './oai');
    // The alias a specifier goes through, if any.
    assert.equal(aliasOf('rust', '::candle::Device', rs), 'candle');
    assert.equal(aliasOf('rust', 'candle_core::Device', rs), undefined);
    assert.equal(aliasOf('js', 'oai/resources', js), 'oai');
    assert.equal(aliasOf('js', '@x/claude', js), '@x/claude');
    assert.equal(aliasOf('js', 'oai-helpers', js), undefined);
  });
});

describe('dependency aliases in the inventory', () => {
  const roots: string[] = [];
  after(() => roots.forEach(removeTree));
  const run = async (files: Record<string, string>) => {
    const root = makeTree(files);
    roots.push(root);
    return scan({ root, threads: 1, shadowAi: true });
  };

  it('Rust: a renamed crate, in a crate or a workspace\'s dependencies, is imported under its key; the package is the one found', async () => {
    const r = await run({
      'one/Cargo.toml': '[package]\nname = "one"\nversion = "0.1.0"\n\n[dependencies]\ncandle = { package = "candle-core", version = "0.8.0" }\n',
      'one/src/main.rs': 'use candle::{Device, Tensor};\nfn main() { let _ = candle::Tensor::zeros((2, 2), candle::DType::F32, &Device::Cpu); }\n',
      'ws/Cargo.toml': '[workspace]\nmembers = ["crates/*"]\n\n[workspace.dependencies]\ncandle = { package = "candle-core", version = "0.8.1" }\n',
      'ws/crates/infer/Cargo.toml': '[package]\nname = "infer"\nversion = "0.1.0"\n\n[dependencies]\ncandle = { workspace = true }\n',
      'ws/crates/infer/src/lib.rs': 'use candle::Tensor;\n',
      // Decoys: the alias outside the manifests that declare it, and a renamed crate that is no AI package.
      'other/src/lib.rs': 'use candle::Tensor;\n',
      'plain/Cargo.toml': '[package]\nname = "plain"\n\n[dependencies]\nserde1 = { package = "serde", version = "1" }\n',
      'plain/src/lib.rs': 'use serde1::Serialize;\n',
    });
    assert.deepEqual(inventory(r), ['candle-core: one/Cargo.toml:6 one/src/main.rs:1 ws/Cargo.toml:5 ws/crates/infer/Cargo.toml:6 ws/crates/infer/src/lib.rs:1']);
    assert.deepEqual(undeclared(r), []);
  });

  it('JS/TS: an npm alias is imported under its key; a comment or string naming it, or a non-AI alias, is nothing', async () => {
    const r = await run({
      'app/package.json': '{ "name": "app", "dependencies": { "oai": "npm:openai@4.70.0", "_": "npm:lodash@4.17.21" } }\n',
      'app/src/index.ts': "import OpenAI from 'oai';\nimport { toFile } from 'oai/uploads';\nimport _ from '_';\n",
      'app/src/notes.ts': "// import OpenAI from 'oai';\nconst s = \"from 'oai'\";\n",
      'lib/x.ts': "import OpenAI from 'oai';\n",
    });
    assert.deepEqual(inventory(r), ['openai: app/package.json:1 app/src/index.ts:1 app/src/index.ts:2']);
    assert.equal(libs(r)[0]?.version, '4.70.0');
    assert.deepEqual(undeclared(r), []);
  });

  it('a package declared under its own name and under an alias: each import joins the declaration it names', async () => {
    const r = await run({
      // mastra's way: two majors side by side, the new one under an alias.
      'app/package.json': '{\n  "dependencies": {\n    "openai": "4.70.0",\n    "openai-v5": "npm:openai@5.1.0",\n    "claude": "npm:@anthropic-ai/sdk@0.30.0"\n  },\n  "devDependencies": { "@mistralai/mistralai": "1.3.0", "mistral2": "npm:@mistralai/mistralai@2.0.0" }\n}\n',
      'app/src/v4.ts': "import OpenAI from 'openai';\n",
      'app/src/v5.ts': "import OpenAI from 'openai-v5';\nimport { toFile } from 'openai-v5/uploads';\n",
      // Declared only under an alias, imported by its own name: the alias's declaration still.
      'app/src/claude.ts': "import Anthropic from '@anthropic-ai/sdk';\n",
      'app/src/mistral.ts': "import { Mistral } from 'mistral2';\n",
      // Cargo's exact requirements (=0.8.0) are versions; two ranges and no Cargo.lock would be one
      // version-less component holding both ranges.
      'crate/Cargo.toml': '[package]\nname = "crate"\n\n[dependencies]\ncandle-core = "=0.8.0"\ncandle09 = { package = "candle-core", version = "=0.9.0" }\n',
      'crate/src/old.rs': 'use candle_core::Tensor;\n',
      'crate/src/new.rs': 'use candle09::Tensor;\n',
    });
    assert.deepEqual(
      libs(r).map((c) => `${c.name}@${c.version ?? ''}: ${c.evidence.map((e) => `${e.path}:${e.line}`).join(' ')}`).sort(),
      [
        '@anthropic-ai/sdk@0.30.0: app/package.json:5 app/src/claude.ts:1',
        '@mistralai/mistralai@1.3.0: app/package.json:7',
        '@mistralai/mistralai@2.0.0: app/package.json:7 app/src/mistral.ts:1',
        'candle-core@0.8.0: crate/Cargo.toml:5 crate/src/old.rs:1',
        'candle-core@0.9.0: crate/Cargo.toml:6 crate/src/new.rs:1',
        'openai@4.70.0: app/package.json:3 app/src/v4.ts:1',
        'openai@5.1.0: app/package.json:4 app/src/v5.ts:1 app/src/v5.ts:2',
      ],
    );
    // The declaration under the package's own name that no code imports is said to be unused.
    assert.deepEqual(undeclared(r), ['app/package.json:7']);
  });
});
