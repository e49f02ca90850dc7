/**
 * Installed packages (src/lang/manifests/installed.ts): a .dist-info's METADATA, an installed
 * .egg-info, node_modules/<name>/package.json. Each is the package itself at its version, never a
 * declaration of the project's; resolveVersions gives its version to the project's declarations.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isManifest, readManifest } from '../../../src/lang/manifests/index.js';
import { installedProjectDir, installedRecord } from '../../../src/lang/manifests/installed.js';
import { resolveTree } from './helpers.js';

const METADATA = 'Metadata-Version: 2.1\nName: openai\nVersion: 1.30.1\nSummary: The official Python library for the openai API\nRequires-Dist: httpx<1,>=0.23.0\nRequires-Dist: anthropic ; extra == "x"\n\n# OpenAI Python API library\nName: not-this\nVersion: 9.9.9\n';

const row = (path: string, text: string) => readManifest(path, text).deps.map((d) => `${d.ecosystem}:${d.name}@${d.version ?? '-'} line ${d.line ?? '-'} for '${d.importer ?? '?'}'${d.alias ? ` as ${d.alias}` : ''}${d.installed ? ' installed' : ''}`);

describe('installed package records', () => {
  const valid: [string, string, string][] = [
    ['a wheel install in a virtualenv', '.venv/lib/python3.12/site-packages/openai-1.30.1.dist-info/METADATA', "pypi:openai@1.30.1 line 3 for '' installed"],
    ['pip install -t into a Lambda layer', 'layer/python/openai-1.30.1.dist-info/METADATA', "pypi:openai@1.30.1 line 3 for 'layer' installed"],
    ['a Windows virtualenv', 'svc/venv/Lib/site-packages/openai-1.30.1.dist-info/METADATA', "pypi:openai@1.30.1 line 3 for 'svc' installed"],
    ["Debian's dist-packages", 'usr/lib/python3/dist-packages/openai-1.30.1.dist-info/METADATA', "pypi:openai@1.30.1 line 3 for '' installed"],
    ['an egg-info folder in site-packages', 'env/lib/python3.9/site-packages/openai-1.30.1-py3.9.egg-info/PKG-INFO', "pypi:openai@1.30.1 line 3 for '' installed"],
    ['a single-file egg-info in dist-packages', 'usr/lib/python3/dist-packages/openai-1.30.1.egg-info', "pypi:openai@1.30.1 line 3 for '' installed"],
    ['an unpacked egg', 'lib/site-packages/openai-1.30.1-py3.9.egg/EGG-INFO/PKG-INFO', "pypi:openai@1.30.1 line 3 for '' installed"],
  ];
  for (const [name, path, want] of valid) {
    it(`reads ${name}: the first Name and Version of the headers, never the description's`, () => {
      assert.equal(installedRecord(path), 'python');
      assert.ok(isManifest(path));
      assert.deepEqual(row(path, METADATA), [want]);
    });
  }

  it('reads CRLF headers, headers in any case, a continuation line and a byte-order mark', () => {
    const text = '\ufeffMetadata-Version: 1.0\r\nname: Anthropic\r\nSummary: a\r\n        b\r\nVERSION:  0.30.0 \r\n\r\n';
    assert.deepEqual(row('site-packages/anthropic-0.30.0.dist-info/METADATA', text), ["pypi:Anthropic@0.30.0 line 5 for '' installed"]);
  });

  it('npm: node_modules/<name>/package.json is the installed package, its dependencies are not read', () => {
    const text = JSON.stringify({ name: '@langchain/openai', version: '0.2.1', dependencies: { openai: '^4.49.1', '@anthropic-ai/sdk': '^0.20.0' } }, null, 2);
    assert.equal(installedRecord('node_modules/@langchain/openai/package.json'), 'npm');
    assert.deepEqual(row('node_modules/@langchain/openai/package.json', text), ["npm:@langchain/openai@0.2.1 line 3 for '' installed"]);
    assert.deepEqual(readManifest('node_modules/@langchain/openai/package.json', text).own, '@langchain/openai');
    // Installed under an alias (`"oai4": "npm:openai@^4"`), for a workspace member, nested below another package.
    assert.deepEqual(row('node_modules/oai4/package.json', '{"name":"openai","version":"4.52.0"}'), ["npm:openai@4.52.0 line 1 for '' as oai4 installed"]);
    assert.deepEqual(row('apps/web/node_modules/openai/package.json', '{"name":"openai","version":"v4.52.0"}'), ["npm:openai@4.52.0 line 1 for 'apps/web' installed"]);
    assert.deepEqual(row('node_modules/langchain/node_modules/openai/package.json', '{"name":"openai","version":"4.0.0"}'), ["npm:openai@4.0.0 line 1 for 'node_modules/langchain' installed"]);
  });

  it("another manifest inside node_modules, site-packages or dist-packages is the installed package's, and declares nothing", () => {
    const cases: [string, string][] = [
      ['node_modules/openai/examples/package.json', '{"dependencies":{"@anthropic-ai/sdk":"^0.20.0"}}'],
      ['node_modules/.pnpm/node_modules/x/requirements.txt', 'anthropic==0.30.0\n'],
      ['.venv/lib/python3.12/site-packages/langchain_openai/pyproject.toml', '[project]\nname = "x"\ndependencies = ["openai>=1"]\n'],
      ['usr/lib/python3/dist-packages/torch/requirements.txt', 'openai==1.30.1\n'],
      ['vendor/openai-php/laravel/composer.json', '{"name":"openai-php/laravel","require":{"openai-php/client":"^0.10.1"}}'],
      ['vendor/bundle/ruby/3.3.0/gems/langchainrb-0.19.0/Gemfile', 'gem "ruby-openai", "~> 7.1"\n'],
      ['vendor/bundle/ruby/3.3.0/gems/langchainrb-0.19.0/langchainrb.gemspec', 'Gem::Specification.new do |s|\n  s.add_dependency "ruby-openai"\nend\n'],
      ['layer/ruby/gems/3.3.0/gems/langchainrb-0.19.0/Gemfile.lock', 'GEM\n  specs:\n    ruby-openai (7.1.0)\n'],
      ['vendor/github.com/tmc/langchaingo/go.mod', 'module github.com/tmc/langchaingo\nrequire github.com/sashabaranov/go-openai v1.20.0\n'],
    ];
    for (const [path, text] of cases) {
      assert.ok(isManifest(path), path);
      const r = readManifest(path, text);
      assert.deepEqual([r.deps, r.warnings], [[], []], path);
    }
    // The package it defines stays: code below it importing it is its own.
    assert.equal(readManifest('vendor/openai-php/laravel/composer.json', cases[4]![1]).own, 'openai-php/laravel');
    // A project's own vendor/<name>/package.json (one level) and gemspec stay manifests of the project.
    assert.equal(readManifest('vendor/widget/package.json', '{"dependencies":{"openai":"^4"}}').deps.length, 1);
    assert.equal(readManifest('openai-tools.gemspec', 'Gem::Specification.new do |s|\n  s.add_dependency "ruby-openai"\nend\n').deps.length, 1);
  });

  it("Composer's vendor/composer/installed.json (2 and 1) and a gem home's specifications: each package at its version", () => {
    const v2 = JSON.stringify({ packages: [{ name: 'openai-php/client', version: 'v0.10.3', version_normalized: '0.10.3.0' }, { name: 'guzzlehttp/guzzle', version: '7.9.2' }, { name: 'Bad Name', version: '1.0.0' }, { name: 'x/no-version' }, 7] }, null, 2);
    assert.equal(installedRecord('vendor/composer/installed.json'), 'composer');
    assert.deepEqual(row('vendor/composer/installed.json', v2), ["composer:openai-php/client@0.10.3 line 4 for '' installed", "composer:guzzlehttp/guzzle@7.9.2 line 9 for '' installed"]);
    assert.deepEqual(row('app/vendor/composer/installed.json', '\ufeff[{"name":"openai-php/client","version":"v0.9.0"}]'), ["composer:openai-php/client@0.9.0 line 1 for 'app' installed"]);
    assert.deepEqual(readManifest('vendor/composer/installed.json', '{"packages":{}}').warnings, ['"packages" is not a list']);
    assert.equal(installedRecord('config/installed.json'), undefined);

    const stub = '# -*- encoding: utf-8 -*-\n# stub: ruby-openai 7.3.1 ruby lib\n\nGem::Specification.new do |s|\n  s.name = "ruby-openai".freeze\n  s.version = "7.3.1".freeze\n  s.add_runtime_dependency(%q<faraday>.freeze, [">= 1".freeze])\nend\n';
    assert.equal(installedRecord('vendor/bundle/ruby/3.3.0/specifications/ruby-openai-7.3.1.gemspec'), 'gem');
    assert.deepEqual(row('vendor/bundle/ruby/3.3.0/specifications/ruby-openai-7.3.1.gemspec', stub), ["gem:ruby-openai@7.3.1 line 6 for '' installed"]);
    // No name or version in the text: the file name says them (a platform gem's platform left out).
    assert.deepEqual(row('layer/ruby/gems/3.3.0/specifications/tokenizers-0.5.3-x86_64-linux.gemspec', 'Gem::Specification.new do |s|\nend\n'), ["gem:tokenizers@0.5.3 line - for '' installed"]);
    assert.deepEqual(readManifest('vendor/bundle/ruby/3.3.0/specifications/x.gemspec', '').warnings, ['no gem name and version in the installed gem specification']);
  });

  it('conda: a conda-meta record is the package at its version (the JSON, else the file name), with the Python metadata it installed', () => {
    const record = (name: string, version: string, files: string[]) => JSON.stringify({ build: 'py311_0', build_number: 0, channel: 'https://conda.anaconda.org/conda-forge/linux-64', files, fn: `${name}-${version}-py311_0.conda`, name, version }, null, 2);
    const torch = record('pytorch', '2.3.0', ['bin/torchrun', 'lib/python3.11/site-packages/torch-2.3.0.dist-info/METADATA', 'lib/python3.11/site-packages/torch-2.3.0.dist-info/RECORD', 'lib/python3.11/site-packages/torch/__init__.py']);
    const rows: [string, string][] = [
      ['opt/conda/conda-meta/pytorch-2.3.0-py311_0.json', "conda:pytorch@2.3.0 line 13 for 'opt' installed"],
      ['envs/ml/conda-meta/pytorch-2.3.0-py311_0.json', "conda:pytorch@2.3.0 line 13 for '' installed"],
      ['app/.pixi/envs/default/conda-meta/pytorch-2.3.0-py311_0.json', "conda:pytorch@2.3.0 line 13 for 'app' installed"],
    ];
    for (const [path, want] of rows) {
      assert.equal(installedRecord(path), 'conda', path);
      assert.deepEqual(row(path, torch), [want], path);
    }
    assert.deepEqual(readManifest('envs/ml/conda-meta/pytorch-2.3.0-py311_0.json', torch).deps[0]?.owns, ['envs/ml/lib/python3.11/site-packages/torch-2.3.0.dist-info/METADATA']);
    // Windows environments write Lib\\site-packages with either slash.
    assert.deepEqual(readManifest('conda-meta/openai-1.30.1-pyhd8ed1ab_0.json', record('openai', '1.30.1', ['Lib\\site-packages\\openai-1.30.1.dist-info\\METADATA'])).deps[0]?.owns, ['Lib/site-packages/openai-1.30.1.dist-info/METADATA']);
    // Not JSON, or no name and version in it: the file name says them (conda forbids '-' in versions and builds).
    assert.deepEqual(row('conda-meta/huggingface_hub-0.23.4-pyhd8ed1ab_0.json', '{"files": ['), ["conda:huggingface_hub@0.23.4 line - for '' installed"]);
    assert.deepEqual(row('conda-meta/sentence-transformers-3.0.1-pyhd8ed1ab_0.json', '{}'), ["conda:sentence-transformers@3.0.1 line - for '' installed"]);
    assert.deepEqual(readManifest('conda-meta/x.json', '{}').warnings, ['no package name and version in the conda-meta record or its file name']);
    // An owned path that climbs out of the prefix is no metadata of the package's.
    assert.equal(readManifest('conda-meta/a-1-0.json', record('a', '1', ['../../x-1.dist-info/METADATA'])).deps[0]?.owns, undefined);
    for (const path of ['conda-meta/history', 'conda-meta/sub/x-1-0.json', 'meta/x-1-0.json', 'my-conda-meta/x-1-0.json']) assert.equal(installedRecord(path), undefined, path);
    // A large record is not parsed (the file name says the package); its file list is still read, in linear time.
    const t0 = performance.now();
    const big = `{"files": [${'"lib/python3.11/site-packages/a/b.py", '.repeat(60_000)}"lib/python3.11/site-packages/torch-2.3.0.dist-info/METADATA"], "name": "pytorch", "version": "2.3.0"}`;
    assert.deepEqual(row('conda-meta/pytorch-2.3.0-py311_0.json', big), ["conda:pytorch@2.3.0 line - for '' installed"]);
    assert.deepEqual(readManifest('conda-meta/pytorch-2.3.0-py311_0.json', big).deps[0]?.owns, ['lib/python3.11/site-packages/torch-2.3.0.dist-info/METADATA']);
    for (const hostile of ['"' + '.dist-info'.repeat(400_000), '"x'.repeat(2_000_000), '"' + 'a\\\\'.repeat(1_000_000)]) readManifest('conda-meta/a-1-0.json', hostile);
    assert.ok(performance.now() - t0 < 3_000, `${(performance.now() - t0).toFixed(0)} ms`);
  });

  it('are none: a package.json of the project, an egg-info beside the sources (pip install -e), a METADATA outside a .dist-info, a folder named like node_modules', () => {
    for (const path of ['package.json', 'src/openai.egg-info/PKG-INFO', 'openai.egg-info', 'docs/METADATA', 'PKG-INFO', 'my_node_modules/openai/package.json', 'node_modules/.bin/package.json', 'node_modules/@scope/package.json', 'node_modules/openai/dist/package.json']) {
      assert.equal(installedRecord(path), undefined, path);
    }
    assert.deepEqual(readManifest('package.json', '{"dependencies":{"openai":"^4"}}').deps.map((d) => d.installed), [undefined]);
  });

  it('damaged records give a warning with no package: no Name or Version, a name or version that is none, JSON that is not an object', () => {
    const p = 'site-packages/x-1.dist-info/METADATA';
    assert.deepEqual(readManifest(p, 'Metadata-Version: 2.1\nName: openai\n\nVersion: 1.0\n'), { deps: [], warnings: ['no Version header in the package metadata'] });
    assert.deepEqual(readManifest(p, 'Version: 1.0\n'), { deps: [], warnings: ['no Name header in the package metadata'] });
    assert.deepEqual(readManifest(p, 'Name: open ai\nVersion: 1.0\n').warnings, ['line 1: "open ai" is not a package name']);
    assert.deepEqual(readManifest(p, 'Name: openai\nVersion: 1.0 beta\n').warnings, ['line 2: "1.0 beta" is not a version']);
    assert.deepEqual(readManifest(p, '\u0000\u0001binary').deps, []);
    assert.deepEqual(readManifest('node_modules/openai/package.json', '{"name":"openai"}'), { deps: [], own: 'openai', warnings: ['installed package openai has no version'] });
    assert.equal(readManifest('node_modules/openai/package.json', '[1,2]').deps.length, 0);
    // A megabyte of headers without a blank line is read up to the bound, not parsed whole.
    const huge = `Name: openai\n${'X-Long: y\n'.repeat(200_000)}Version: 1.0\n`;
    assert.deepEqual(readManifest(p, huge).warnings, ['no Version header in the package metadata']);
  });

  it('installedProjectDir: the folder of the project the environment or node_modules is for', () => {
    assert.equal(installedProjectDir('svc/.venv/lib/python3.13t/site-packages/a-1.dist-info/METADATA'), 'svc');
    assert.equal(installedProjectDir('site-packages/a-1.dist-info/METADATA'), '');
    assert.equal(installedProjectDir('vendor/a-1.dist-info/METADATA'), '');
    assert.equal(installedProjectDir('a/b/node_modules/@s/x/package.json'), 'a/b');
    assert.equal(installedProjectDir('envs/ml/lib/python3.11/site-packages/a-1.dist-info/METADATA'), '', "a conda environment's");
    assert.equal(installedProjectDir('app/.pixi/envs/default/lib/python3.12/site-packages/a-1.dist-info/METADATA'), 'app', "a pixi project's");
  });
});

describe('resolveVersions with installed copies', () => {
  const venv = '.venv/lib/python3.12/site-packages';
  const meta = (name: string, v: string) => `Metadata-Version: 2.1\nName: ${name}\nVersion: ${v}\n\n`;
  const rowsOf = (files: Record<string, string>) => resolveTree(files).map((d) => `${d.path} ${d.name}@${d.version ?? '-'}${d.installed ? ' installed' : ''}${d.installedAt ? ` from ${d.installedAt.path}:${d.installedAt.line}` : ''}`).sort();

  it("gives a declaration without a lockfile the version of the copy installed for its project or a folder above; the copy is then not listed again", () => {
    assert.deepEqual(rowsOf({
      'requirements.txt': 'openai>=1\nAnthropic\n',
      'svc/requirements.txt': 'openai\n',
      [`${venv}/openai-1.30.1.dist-info/METADATA`]: meta('openai', '1.30.1'),
      [`${venv}/anthropic-0.30.0.dist-info/METADATA`]: meta('anthropic', '0.30.0'),
      [`${venv}/cohere-5.0.0.dist-info/METADATA`]: meta('cohere', '5.0.0'),
    }), [
      `${venv}/cohere-5.0.0.dist-info/METADATA cohere@5.0.0 installed`,
      `requirements.txt Anthropic@0.30.0 from ${venv}/anthropic-0.30.0.dist-info/METADATA:3`,
      `requirements.txt openai@1.30.1 from ${venv}/openai-1.30.1.dist-info/METADATA:3`,
      `svc/requirements.txt openai@1.30.1 from ${venv}/openai-1.30.1.dist-info/METADATA:3`,
    ]);
  });

  it('a lockfile decides; a copy of the same version is the same package, one of another version stays its own; a copy for another project resolves nothing', () => {
    assert.deepEqual(rowsOf({
      'package.json': '{"dependencies":{"openai":"^4.0.0","ai":"^3.0.0","oai4":"npm:openai@^4"}}',
      'package-lock.json': JSON.stringify({ lockfileVersion: 3, packages: { '': { dependencies: { openai: '^4.0.0', ai: '^3.0.0' } }, 'node_modules/openai': { version: '4.52.0' }, 'node_modules/ai': { version: '3.2.0' } } }),
      'node_modules/openai/package.json': '{"name":"openai","version":"4.52.0"}',
      'node_modules/ai/package.json': '{"name":"ai","version":"3.1.0"}',
      'node_modules/oai4/package.json': '{"name":"openai","version":"4.10.0"}',
      'other/node_modules/@anthropic-ai/sdk/package.json': '{"name":"@anthropic-ai/sdk","version":"0.20.0"}',
      'web/package.json': '{"dependencies":{"@anthropic-ai/sdk":"^0.20.0"}}',
    }), [
      'node_modules/ai/package.json ai@3.1.0 installed',
      'other/node_modules/@anthropic-ai/sdk/package.json @anthropic-ai/sdk@0.20.0 installed',
      'package.json ai@3.2.0',
      'package.json openai@4.10.0 from node_modules/oai4/package.json:1',
      'package.json openai@4.52.0 from node_modules/openai/package.json:1',
      'web/package.json @anthropic-ai/sdk@-',
    ]);
  });

  it("conda: environment.yml takes the version of the environment's conda-meta record; a package's own .dist-info is that install, not another package; a pip-installed one stays", () => {
    const site = 'envs/ml/lib/python3.11/site-packages';
    assert.deepEqual(rowsOf({
      'environment.yml': 'dependencies:\n  - pytorch\n  - pip:\n      - anthropic\n',
      'envs/ml/conda-meta/pytorch-2.3.0-py311_0.json': JSON.stringify({ name: 'pytorch', version: '2.3.0', files: [`lib/python3.11/site-packages/torch-2.3.0.dist-info/METADATA`] }),
      'envs/ml/conda-meta/transformers-4.41.2-pyhd8ed1ab_0.json': JSON.stringify({ name: 'transformers', version: '4.41.2', files: [`lib/python3.11/site-packages/transformers-4.41.2.dist-info/METADATA`] }),
      [`${site}/torch-2.3.0.dist-info/METADATA`]: meta('torch', '2.3.0'),
      [`${site}/transformers-4.41.2.dist-info/METADATA`]: meta('transformers', '4.41.2'),
      [`${site}/anthropic-0.30.0.dist-info/METADATA`]: meta('anthropic', '0.30.0'),
      [`${site}/openai-1.30.1.dist-info/METADATA`]: meta('openai', '1.30.1'),
    }), [
      'environment.yml anthropic@0.30.0 from envs/ml/lib/python3.11/site-packages/anthropic-0.30.0.dist-info/METADATA:3',
      'environment.yml pytorch@2.3.0 from envs/ml/conda-meta/pytorch-2.3.0-py311_0.json:1',
      'envs/ml/conda-meta/transformers-4.41.2-pyhd8ed1ab_0.json transformers@4.41.2 installed',
      `${site}/openai-1.30.1.dist-info/METADATA openai@1.30.1 installed`,
    ]);
  });
});
