import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isManifest, readManifest } from '../../../src/lang/manifests/index.js';
import type { DeclaredDependency } from '../../../src/lang/types.js';
import { expectRows, noWarnings, resolveTree } from './helpers.js';

const GEMFILE = [
  "source 'https://rubygems.org'", // 1
  "ruby '3.3.0'",
  '',
  "gem 'ruby-openai', '~> 7.3'", // 4
  'gem "langchainrb", ">= 0.19", "< 1", require: false', // 5
  "gem 'anthropic', '0.3.2' # pinned", // 6
  "# gem 'commented-out'",
  'group :development, :test do', // 8
  "  gem 'rspec-rails'", // 9
  'end',
  'group :test do',
  "  gem 'webmock'", // 12
  'end',
  "gem 'tiktoken_ruby', group: :development", // 14
  "gem 'qdrant-ruby', groups: [:test]", // 15
  "gem 'gemini-ai', git: 'https://github.com/gbaptista/gemini-ai.git', tag: 'v4.2.0'", // 16
  "gem 'ollama-ai', github: 'gbaptista/ollama-ai', branch: 'main'", // 17
  "gem 'mcp', path: '../mcp-ruby'", // 18
  'gem "ruby_llm",', // 19
  '    "~> 1.2",',
  '    require: "ruby_llm"',
  "platforms :jruby do",
  "  gem 'fast-mcp'", // 23
  'end',
  '=begin',
  "gem 'in-doc'",
  '=end',
  'gemspec',
  "group :ai, optional: true do",
  "  gem 'openai'", // 30
  'end',
].join('\n');

describe('Gemfile / gems.rb', () => {
  it('gem statements with requirements, groups as scopes, sources kept as the spec, comments and =begin skipped', () => {
    for (const path of ['Gemfile', 'app/gems.rb']) {
      const r = readManifest(path, GEMFILE);
      noWarnings(r);
      expectRows(r, [
        ['ruby-openai', '~> 7.3', undefined, 'runtime', 4],
        ['langchainrb', '>= 0.19, < 1', undefined, 'runtime', 5],
        ['anthropic', '0.3.2', '0.3.2', 'runtime', 6],
        ['rspec-rails', undefined, undefined, 'dev', 9],
        ['webmock', undefined, undefined, 'test', 12],
        ['tiktoken_ruby', undefined, undefined, 'dev', 14],
        ['qdrant-ruby', undefined, undefined, 'test', 15],
        ['gemini-ai', 'git: https://github.com/gbaptista/gemini-ai.git, tag: v4.2.0', undefined, 'runtime', 16],
        ['ollama-ai', 'github: gbaptista/ollama-ai, branch: main', undefined, 'runtime', 17],
        ['mcp', 'path: ../mcp-ruby', undefined, 'runtime', 18],
        ['ruby_llm', '~> 1.2', undefined, 'runtime', 19],
        ['fast-mcp', undefined, undefined, 'runtime', 23],
        ['openai', undefined, undefined, 'optional', 30],
      ]);
      assert.ok(r.deps.every((d) => d.ecosystem === 'gem'));
    }
  });

  it('a gem with a computed name is a warning; the rest is read; a missing =end is a warning', () => {
    const r = readManifest('Gemfile', "gem name_var\ngem 'ruby-openai'\n=begin\ngem 'x'\n");
    expectRows(r, [['ruby-openai', undefined, undefined, 'runtime', 2]]);
    assert.equal(r.warnings.length, 2);
  });

  it('truncated input: what was read stays', () => {
    const r = readManifest('Gemfile', "gem 'ruby-openai', '~> 7'\ngroup :test do\n  gem 'webmock', '");
    assert.deepEqual(r.deps.map((d) => d.name), ['ruby-openai', 'webmock']);
  });
});

describe('*.gemspec', () => {
  it('add_dependency / add_runtime_dependency are runtime, add_development_dependency dev', () => {
    const r = readManifest(
      'my_gem.gemspec',
      [
        'Gem::Specification.new do |spec|', // 1
        '  spec.name = "my_gem"',
        '  spec.add_dependency "ruby-openai", "~> 7.0"', // 3
        "  spec.add_runtime_dependency('anthropic', '>= 0.3', '< 1')", // 4
        '  spec.add_development_dependency "rspec", "~> 3.12"', // 5
        '  # spec.add_dependency "commented"',
        '  s.add_dependency "langchainrb", [">= 0.19", "< 1"]', // 7
        'end',
      ].join('\n'),
    );
    noWarnings(r);
    expectRows(r, [
      ['ruby-openai', '~> 7.0', undefined, 'runtime', 3],
      ['anthropic', '>= 0.3, < 1', undefined, 'runtime', 4],
      ['rspec', '~> 3.12', undefined, 'dev', 5],
      ['langchainrb', '>= 0.19, < 1', undefined, 'runtime', 7],
    ]);
  });

  it('the gemspec format RubyGems writes when it installs a gem, as a project\'s gemspec (in a gem home it is the installed gem: installed.test.ts): %q<…>.freeze literals, each dependency declared again in the else branch', () => {
    const r = readManifest(
      'ruby-openai.gemspec',
      [
        '# -*- encoding: utf-8 -*-', // 1
        '# stub: ruby-openai 7.3.1 ruby lib',
        '',
        'Gem::Specification.new do |s|',
        '  s.name = "ruby-openai".freeze',
        '  s.version = "7.3.1"',
        '  if s.respond_to? :specification_version then',
        '    s.specification_version = 4',
        '  end',
        '  if s.respond_to? :add_runtime_dependency then', // 10
        '    s.add_runtime_dependency(%q<event_stream_parser>.freeze, [">= 0.3.0", "< 2.0.0"])', // 11
        '    s.add_runtime_dependency(%q<faraday>.freeze, [">= 1"])', // 12
        '    s.add_development_dependency(%q<anthropic>.freeze, ["~> 0.3"])', // 13
        '    s.add_runtime_dependency(%Q(langchainrb).freeze, %q{>= 0.19})', // 14
        '    s.add_runtime_dependency %q|ollama-ai|, "1.3.0"', // 15
        '  else',
        '    s.add_dependency(%q<event_stream_parser>.freeze, [">= 0.3.0", "< 2.0.0"])',
        '    s.add_dependency(%q<faraday>.freeze, [">= 1"])',
        '    s.add_dependency(%q<anthropic>.freeze, ["~> 0.3"])',
        '  end',
        'end',
      ].join('\n'),
    );
    noWarnings(r);
    expectRows(r, [
      ['event_stream_parser', '>= 0.3.0, < 2.0.0', undefined, 'runtime', 11],
      ['faraday', '>= 1', undefined, 'runtime', 12],
      ['anthropic', '~> 0.3', undefined, 'dev', 13],
      ['langchainrb', '>= 0.19', undefined, 'runtime', 14],
      ['ollama-ai', '1.3.0', '1.3.0', 'runtime', 15],
    ]);
  });
});

const LOCK = [
  'GIT', // 1
  '  remote: https://github.com/gbaptista/gemini-ai.git',
  '  revision: 0123456789abcdef',
  '  tag: v4.2.0',
  '  specs:',
  '    gemini-ai (4.2.0)', // 6
  '      faraday (~> 2)',
  '',
  'GEM',
  '  remote: https://rubygems.org/',
  '  specs:',
  '    faraday (2.9.0)', // 12
  '    langchainrb (0.19.4)', // 13
  '    nokogiri (1.16.0-x86_64-linux)', // 14
  '    nokogiri (1.16.0-arm64-darwin)',
  '    ruby-openai (7.3.1)', // 16
  '      event_stream_parser (>= 0.3.0, < 2.0.0)',
  '    ruby_llm (1.2.0.pre1)', // 18
  '',
  'PLATFORMS',
  '  x86_64-linux',
  '',
  'DEPENDENCIES',
  '  gemini-ai!',
  '  langchainrb (>= 0.19, < 1)',
  '  ruby-openai (~> 7.3)',
  '  ruby_llm',
  '',
  'BUNDLED WITH',
  '   2.5.3',
].join('\n');

describe('Gemfile.lock / gems.locked', () => {
  it('GEM and GIT specs with versions (platform suffixes dropped, one per version); DEPENDENCIES are direct', () => {
    for (const path of ['Gemfile.lock', 'gems.locked']) {
      const r = readManifest(path, LOCK);
      noWarnings(r);
      expectRows(r, [
        ['gemini-ai', undefined, '4.2.0', 'runtime', 6],
        ['faraday', undefined, '2.9.0', undefined, 12],
        ['langchainrb', '>= 0.19, < 1', '0.19.4', 'runtime', 13],
        ['nokogiri', undefined, '1.16.0', undefined, 14],
        ['ruby-openai', '~> 7.3', '7.3.1', 'runtime', 16],
        ['ruby_llm', undefined, '1.2.0.pre1', 'runtime', 18],
      ]);
      assert.ok(r.deps.every((d) => d.lockfile === path));
    }
  });

  it('malformed spec lines are warnings, the rest is read; text with no section is a warning', () => {
    const r = readManifest('Gemfile.lock', 'GEM\n  specs:\n    ruby-openai (7.3.1\n    langchainrb (0.19.4)\n');
    expectRows(r, [['langchainrb', undefined, '0.19.4', undefined, 4]]);
    assert.equal(r.warnings.length, 1);
    assert.equal(readManifest('Gemfile.lock', 'not a lockfile').warnings.length, 1);
  });

  it('the lockfile version resolves the Gemfile in the same folder; another folder keeps its own', () => {
    const deps = resolveTree({
      'Gemfile': "gem 'ruby-openai', '~> 7.3'\ngem 'langchainrb'\n",
      'Gemfile.lock': LOCK,
      'sub/Gemfile': "gem 'ruby-openai', '~> 6.0'\n",
    });
    const byPath = deps.filter((d) => d.name === 'ruby-openai').map((d) => [d.path, d.range, d.version, d.lockfile]);
    assert.deepEqual(byPath, [
      ['Gemfile', '~> 7.3', '7.3.1', 'Gemfile.lock'],
      ['sub/Gemfile', '~> 6.0', undefined, undefined],
    ]);
    assert.equal(deps.find((d) => d.name === 'langchainrb')?.version, '0.19.4');
    // A locked gem no Gemfile declares stays, as the lockfile's.
    assert.equal(deps.find((d) => d.name === 'faraday')?.path, 'Gemfile.lock');
  });
});

describe('composer.json / composer.lock', () => {
  const JSON_ = [
    '{', // 1
    '  "name": "acme/app",',
    '  "require": {',
    '    "php": ">=8.1",',
    '    "ext-json": "*",',
    '    "lib-curl": "*",',
    '    "composer-runtime-api": "^2",',
    '    "openai-php/client": "^0.10", ', // 8
    '    "google-gemini-php/client": "v1.0.5",', // 9
    '    "theodo-group/llphant": "0.8.*"', // 10
    '  },',
    '  "require-dev": {',
    '    "phpunit/phpunit": "^10"', // 13
    '  }',
    '}',
  ].join('\n');

  it('require and require-dev (dev scope); platform entries skipped; an exact constraint gives the version', () => {
    const r = readManifest('composer.json', JSON_);
    noWarnings(r);
    expectRows(r, [
      ['openai-php/client', '^0.10', undefined, 'runtime', 8],
      ['google-gemini-php/client', 'v1.0.5', '1.0.5', 'runtime', 9],
      ['theodo-group/llphant', '0.8.*', undefined, 'runtime', 10],
      ['phpunit/phpunit', '^10', undefined, 'dev', 13],
    ]);
    assert.ok(r.deps.every((d) => d.ecosystem === 'composer'));
  });

  const LOCKJSON = JSON.stringify(
    {
      packages: [
        { name: 'openai-php/client', version: 'v0.10.3' },
        { name: 'google-gemini-php/client', version: '1.0.5' },
        { name: 'theodo-group/llphant', version: 'dev-main' },
      ],
      'packages-dev': [{ name: 'phpunit/phpunit', version: '10.5.0' }],
    },
    null,
    2,
  );

  it('packages and packages-dev (dev scope); a leading v is stripped, a branch kept', () => {
    const r = readManifest('composer.lock', LOCKJSON);
    noWarnings(r);
    expectRows(r, [
      ['openai-php/client', undefined, '0.10.3', undefined, 4],
      ['google-gemini-php/client', undefined, '1.0.5', undefined, 8],
      ['theodo-group/llphant', undefined, 'dev-main', undefined, 12],
      ['phpunit/phpunit', undefined, '10.5.0', 'dev', 18],
    ]);
  });

  it('the lockfile version resolves composer.json in the same folder', () => {
    const deps = resolveTree({ 'composer.json': JSON_, 'composer.lock': LOCKJSON });
    assert.deepEqual(
      deps.filter((d) => d.path === 'composer.json').map((d) => [d.name, d.range, d.version]),
      [
        ['openai-php/client', '^0.10', '0.10.3'],
        ['google-gemini-php/client', 'v1.0.5', '1.0.5'],
        ['theodo-group/llphant', '0.8.*', 'dev-main'],
        ['phpunit/phpunit', '^10', '10.5.0'],
      ],
    );
  });

  const composerJson = (o: Record<string, unknown>) => JSON.stringify({ name: 'acme/app', ...o }, null, 2);
  const COMPOSER_LINKS: Array<[string, Record<string, string>, Array<[string, string?, string?, string?, number?]>]> = [
    [
      "a package the root replaces or provides is satisfied by the root: its require or require-dev is no dependency (names without case); a close name and a platform name are not its",
      {
        'composer.json': composerJson({
          require: { 'openai-php/client': '^0.10', 'theodo-group/llphant': '0.8.*', 'openai-php/laravel': '^0.10', 'google-gemini-php/client': '^1.0' },
          'require-dev': { 'Prism-PHP/Prism': '^0.3' },
          replace: { 'OpenAI-PHP/Client': '*', 'openai-php/laravel-extra': '*', php: '*' },
          provide: { 'theodo-group/llphant': '1.0.0', 'prism-php/prism': 'self.version' },
        }),
      },
      [
        ['openai-php/laravel', '^0.10', undefined, 'composer.json', 6],
        ['google-gemini-php/client', '^1.0', undefined, 'composer.json', 7],
      ],
    ],
    [
      "a locked package's replace and provide: the name is locked through it, at its line, with the version the link pins (self.version: its own); a name locked itself keeps its own entry",
      {
        'composer.json': composerJson({ require: { 'openai-php/client': '^0.10', 'theodo-group/llphant': '^0.8', 'google-gemini-php/client': '^1.0' } }),
        'composer.lock': JSON.stringify({
          packages: [
            { name: 'acme/openai-fork', version: 'v0.10.9', replace: { 'openai-php/client': 'self.version' } },
            { name: 'acme/llm-kit', version: '2.0.0', provide: { 'theodo-group/llphant': '0.8.4', 'prism-php/prism': '^0.3' }, replace: { 'google-gemini-php/client': '1.0.0' } },
            { name: 'google-gemini-php/client', version: '1.0.5' },
          ],
        }, null, 2),
      },
      [
        ['openai-php/client', '^0.10', '0.10.9', 'composer.json', 4],
        ['theodo-group/llphant', '^0.8', '0.8.4', 'composer.json', 5],
        ['google-gemini-php/client', '^1.0', '1.0.5', 'composer.json', 6],
        ['acme/openai-fork', undefined, '0.10.9', 'composer.lock', 4],
        ['acme/llm-kit', undefined, '2.0.0', 'composer.lock', 11],
        ['prism-php/prism', undefined, undefined, 'composer.lock', 11],
      ],
    ],
  ];
  for (const [label, files, want] of COMPOSER_LINKS) {
    it(`replace / provide: ${label}`, () => {
      assert.deepEqual(resolveTree(files).map((d) => [d.name, d.range, d.version, d.path, d.line]), want);
    });
  }
  // composer.lock entries as Composer writes them: Packagist's carry a notification-url, a VCS repository's do not.
  const PACKAGIST = { 'notification-url': 'https://packagist.org/downloads/' };
  const SHA = '0123456789abcdef0123456789abcdef01234567';
  const gitSource = (url: string) => ({ source: { type: 'git', url, reference: SHA }, dist: { type: 'zip', url: 'https://api.github.com/repos/acme/openai-client/zipball/' + SHA } });
  const COMPOSER_ORIGINS: Array<[string, Record<string, string>, Array<[string, string?, string?, string?, string?]>]> = [
    [
      'a fork that replaces a package: the name is held by the fork, at the fork\'s version (self.version), its require resolved so too',
      {
        'composer.json': composerJson({ require: { 'openai-php/client': '^2.0' } }),
        'composer.lock': JSON.stringify({ packages: [{ name: 'acme/openai-php-client', version: 'v2.1.0', replace: { 'openai-php/client': 'self.version' }, ...PACKAGIST }] }),
      },
      [
        ['openai-php/client', '2.1.0', 'acme/openai-php-client@2.1.0 replace', undefined, 'composer.json'],
        ['acme/openai-php-client', '2.1.0', undefined, undefined, 'composer.lock'],
      ],
    ],
    [
      'a package that provides one (exact and range links): held by it at its version; the link\'s own pin stays the version',
      {
        'composer.lock': JSON.stringify({ packages: [{ name: 'acme/llm-kit', version: '3.0.0', provide: { 'theodo-group/llphant': '0.8.4', 'prism-php/prism': '^0.3' } }] }),
      },
      [
        ['acme/llm-kit', '3.0.0', undefined, undefined, 'composer.lock'],
        ['theodo-group/llphant', '0.8.4', 'acme/llm-kit@3.0.0 provide', undefined, 'composer.lock'],
        ['prism-php/prism', undefined, 'acme/llm-kit@3.0.0 provide', undefined, 'composer.lock'],
      ],
    ],
    [
      'read from a VCS repository (no notification-url): vcs_url from the source, credentials, query and fragment left out; a fork from one carries it to what it replaces',
      {
        'composer.json': composerJson({ repositories: [{ type: 'vcs', url: 'https://github.com/acme/openai-client' }], require: { 'openai-php/client': 'dev-main', 'google-gemini-php/client': '^1.0' } }),
        'composer.lock': JSON.stringify({
          packages: [
            { name: 'openai-php/client', version: 'dev-main', ...gitSource('https://deploy:s3cr3t@github.com/acme/openai-client.git?x=1#frag') },
            { name: 'acme/gemini', version: '1.2.0', replace: { 'google-gemini-php/client': 'self.version' }, source: { type: 'git', url: 'git@gitlab.com:acme/gemini.git', reference: 'v1.2.0' } },
            { name: 'acme/hg-thing', version: '1.0.0', source: { type: 'hg', url: 'https://hg.example.com/thing' } },
          ],
        }),
      },
      [
        ['openai-php/client', 'dev-main', undefined, `git+https://github.com/acme/openai-client.git@${SHA}`, 'composer.json'],
        ['google-gemini-php/client', '1.2.0', 'acme/gemini@1.2.0 replace', 'git+ssh://gitlab.com/acme/gemini.git@v1.2.0', 'composer.json'],
        ['acme/gemini', '1.2.0', undefined, 'git+ssh://gitlab.com/acme/gemini.git@v1.2.0', 'composer.lock'],
        ['acme/hg-thing', '1.0.0', undefined, 'hg+https://hg.example.com/thing', 'composer.lock'],
      ],
    ],
    [
      'decoys: the package from Packagist (its dist on api.github.com) is itself; a root replace holds nothing; a source that is no VCS or no URL gives none',
      {
        'composer.json': composerJson({ require: { 'openai-php/client': '^0.10' }, replace: { 'symfony/polyfill-php80': '*' } }),
        'composer.lock': JSON.stringify({
          packages: [
            { name: 'openai-php/client', version: 'v0.10.3', source: { type: 'git', url: 'https://github.com/openai-php/client.git', reference: SHA }, dist: { type: 'zip', url: `https://api.github.com/repos/openai-php/client/zipball/${SHA}` }, ...PACKAGIST },
            { name: 'acme/zip-only', version: '1.0.0', dist: { type: 'zip', url: 'https://example.com/a.zip' } },
            { name: 'acme/path', version: 'dev-main', dist: { type: 'path', url: '../path' } },
            { name: 'acme/local', version: '1.0.0', source: { type: 'git', url: '/srv/git/local.git' } },
            { name: 'acme/odd', version: '1.0.0', source: { type: 'zip', url: 'https://example.com/a.zip' } },
          ],
        }),
      },
      [
        ['openai-php/client', '0.10.3', undefined, undefined, 'composer.json'],
        ['acme/zip-only', '1.0.0', undefined, undefined, 'composer.lock'],
        ['acme/path', 'dev-main', undefined, undefined, 'composer.lock'],
        ['acme/local', '1.0.0', undefined, undefined, 'composer.lock'],
        ['acme/odd', '1.0.0', undefined, undefined, 'composer.lock'],
      ],
    ],
  ];
  for (const [label, files, want] of COMPOSER_ORIGINS) {
    it(`where the locked code comes from: ${label}`, () => {
      const row = (d: DeclaredDependency) => [d.name, d.version, d.providedBy ? `${d.providedBy.name}@${d.providedBy.version ?? ''} ${d.providedBy.link}` : undefined, d.vcsUrl, d.path];
      assert.deepEqual(resolveTree(files).map(row), want);
    });
  }
  // Composer repositories other than Packagist (getcomposer.org/doc/05-repositories.md) and the purl qualifiers they give.
  const PRIVATE = 'https://repo.packagist.com/acme';
  const notified = (url: string) => ({ 'notification-url': url });
  const COMPOSER_REPOSITORIES: Array<[string, Record<string, string>, Array<[string, string?, string?, string?, string?, string?]>]> = [
    [
      'a private Composer repository (Private Packagist) is the repository_url, read from the notification-url without downloads/; a token in it or in the dist URL is left out; Packagist (packagist.org, repo.packagist.org) gives none',
      {
        'composer.json': composerJson({ require: { 'openai-php/client': '^0.10', 'theodo-group/llphant': '^0.8' } }),
        'composer.lock': JSON.stringify({
          packages: [
            { name: 'openai-php/client', version: 'v0.10.3', dist: { type: 'zip', url: `${PRIVATE}/dists/openai-php/client/0.10.3.0/${SHA}.zip?token=s3cr3t` }, ...notified(`https://deploy:s3cr3t@repo.packagist.com/acme/downloads/?token=s3cr3t#x`) },
            { name: 'theodo-group/llphant', version: '0.8.4', ...PACKAGIST },
            { name: 'prism-php/prism', version: '0.3.0', ...notified('https://repo.packagist.org/downloads/') },
            { name: 'acme/satis-thing', version: '1.0.0', ...notified('https://Satis.Acme.example:8443/downloads') },
          ],
        }),
      },
      [
        ['openai-php/client', '0.10.3', undefined, PRIVATE, undefined, 'composer.json'],
        ['theodo-group/llphant', '0.8.4', undefined, undefined, undefined, 'composer.json'],
        ['prism-php/prism', '0.3.0', undefined, undefined, undefined, 'composer.lock'],
        ['acme/satis-thing', '1.0.0', undefined, 'https://satis.acme.example:8443', undefined, 'composer.lock'],
      ],
    ],
    [
      "composer.json's `type: composer` URL for the notification-url's repository is preferred (the longest leading path of its host, else the only one of its host), its credentials and query left out; a host composer.json does not list keeps the notification-url's",
      {
        'composer.json': composerJson({
          repositories: [
            { type: 'composer', url: 'https://repo.packagist.com/acme/' },
            { type: 'composer', url: 'https://repo.packagist.com/' },
            { type: 'composer', url: 'https://deploy:s3cr3t@composer.acme.example/satis/?auth=s3cr3t' },
          ],
          require: { 'openai-php/client': '^0.10' },
        }),
        'composer.lock': JSON.stringify({
          packages: [
            { name: 'openai-php/client', version: 'v0.10.3', ...notified('https://repo.packagist.com/acme/downloads/') },
            { name: 'acme/llm', version: '1.0.0', ...notified('https://composer.acme.example/notify/downloads/') },
            { name: 'acme/other', version: '1.0.0', ...notified('https://other.example/repo/downloads/') },
          ],
        }),
      },
      [
        ['openai-php/client', '0.10.3', undefined, 'https://repo.packagist.com/acme', undefined, 'composer.json'],
        ['acme/llm', '1.0.0', undefined, 'https://composer.acme.example/satis', undefined, 'composer.lock'],
        ['acme/other', '1.0.0', undefined, 'https://other.example/repo', undefined, 'composer.lock'],
      ],
    ],
    [
      'an inline `type: package` repository: the requirement it defines gets its dist as download_url (token left out) and its version; of several versions, the one a pin names; several and no pin, none',
      {
        'composer.json': composerJson({
          repositories: [
            { type: 'package', package: { name: 'OpenAI-PHP/Client', version: 'v0.10.3', dist: { type: 'zip', url: 'https://downloads.acme.example/openai-client-0.10.3.zip?token=s3cr3t' } } },
            { type: 'package', package: [1, 2].map((n) => ({ name: 'acme/llm', version: `${n}.0.0`, dist: { type: 'zip', url: `https://downloads.acme.example/llm-${n}.zip` } })) },
            { type: 'package', package: [1, 2].map((n) => ({ name: 'acme/kit', version: `${n}.0.0`, dist: { type: 'zip', url: `https://downloads.acme.example/kit-${n}.zip` } })) },
          ],
          require: { 'openai-php/client': '*', 'acme/llm': '2.0.0', 'acme/kit': '^1 || ^2' },
        }),
      },
      [
        ['openai-php/client', '0.10.3', undefined, undefined, 'https://downloads.acme.example/openai-client-0.10.3.zip', 'composer.json'],
        ['acme/llm', '2.0.0', undefined, undefined, 'https://downloads.acme.example/llm-2.zip', 'composer.json'],
        ['acme/kit', undefined, undefined, undefined, undefined, 'composer.json'],
      ],
    ],
    [
      "a locked package with no notification-url and only a dist over http(s) (a `package` or `artifact` repository's archive on a server) gets download_url, which is the lock's over composer.json's; a local artifact or path dist gets none",
      {
        'composer.json': composerJson({
          repositories: [{ type: 'package', package: { name: 'openai-php/client', version: '0.10.3', dist: { type: 'zip', url: 'https://old.acme.example/client.zip' } } }, { type: 'artifact', url: 'artifacts/' }],
          require: { 'openai-php/client': '0.10.3' },
        }),
        'composer.lock': JSON.stringify({
          packages: [
            { name: 'openai-php/client', version: '0.10.3', dist: { type: 'zip', url: 'https://user:pw@downloads.acme.example/client.zip#frag' } },
            { name: 'acme/zipped', version: '1.0.0', dist: { type: 'zip', url: 'artifacts/acme-zipped-1.0.0.zip' } },
            { name: 'acme/path', version: 'dev-main', dist: { type: 'path', url: 'https://example.com/not-a-path' } },
          ],
        }),
      },
      [
        ['openai-php/client', '0.10.3', undefined, undefined, 'https://downloads.acme.example/client.zip', 'composer.json'],
        ['acme/zipped', '1.0.0', undefined, undefined, undefined, 'composer.lock'],
        ['acme/path', 'dev-main', undefined, undefined, undefined, 'composer.lock'],
      ],
    ],
    [
      "a locked package whose source is a repository composer.json lists as a VCS one (any protocol, case, .git) was read from it even with a notification-url: vcs_url, no repository_url; a source composer.json does not list keeps the Composer repository",
      {
        'composer.json': composerJson({
          repositories: { fork: { type: 'github', url: 'git@github.com:Acme/OpenAI-Client.git' }, gl: { type: 'gitlab', url: 'https://gitlab.com/acme/gemini/' } },
          require: { 'openai-php/client': 'dev-main', 'google-gemini-php/client': '^1.0' },
        }),
        'composer.lock': JSON.stringify({
          packages: [
            { name: 'openai-php/client', version: 'dev-main', ...gitSource('https://github.com/acme/openai-client.git'), ...PACKAGIST },
            { name: 'acme/gemini', version: '1.2.0', replace: { 'google-gemini-php/client': 'self.version' }, source: { type: 'git', url: 'https://token@gitlab.com/acme/gemini.git', reference: 'v1.2.0' }, ...notified(`${PRIVATE}/downloads/`) },
            { name: 'acme/listed-elsewhere', version: '1.0.0', ...gitSource('https://github.com/acme/not-listed.git'), ...notified(`${PRIVATE}/downloads/`) },
          ],
        }),
      },
      [
        ['openai-php/client', 'dev-main', `git+https://github.com/acme/openai-client.git@${SHA}`, undefined, undefined, 'composer.json'],
        ['google-gemini-php/client', '1.2.0', 'git+https://gitlab.com/acme/gemini.git@v1.2.0', undefined, undefined, 'composer.json'],
        ['acme/gemini', '1.2.0', 'git+https://gitlab.com/acme/gemini.git@v1.2.0', undefined, undefined, 'composer.lock'],
        ['acme/listed-elsewhere', '1.0.0', undefined, PRIVATE, undefined, 'composer.lock'],
      ],
    ],
    [
      'decoys: `repositories` as an object with packagist.org disabled and a path repository (its VCS entry still read); malformed and non-http URLs in composer.json and composer.lock give no qualifier; a requirement a VCS repository could provide is not tied to it by name without a lock entry',
      {
        'composer.json': composerJson({
          repositories: {
            'packagist.org': false,
            local: { type: 'path', url: '../openai-client' },
            bad: { type: 'composer', url: 'not a url' },
            ftp: { type: 'composer', url: 'ftp://repo.acme.example/' },
            vcs: { type: 'vcs', url: '::' },
            fork: { type: 'vcs', url: 'https://github.com/acme/llphant' },
          },
          require: { 'openai-php/client': '*', 'theodo-group/llphant': 'dev-main' },
        }),
        'composer.lock': JSON.stringify({
          packages: [
            { name: 'openai-php/client', version: 'dev-main', dist: { type: 'path', url: '../openai-client', reference: SHA } },
            { name: 'acme/a', version: '1.0.0', ...notified('not a url'), dist: { type: 'zip', url: 'https://x.example/a.zip' } },
            { name: 'acme/b', version: '1.0.0', ...notified('ftp://repo.acme.example/downloads/') },
            { name: 'acme/c', version: '1.0.0', 'notification-url': 42 },
            { name: 'acme/d', version: '1.0.0', dist: { type: 'zip', url: 'javascript:alert(1)' } },
            { name: 'acme/e', version: '1.0.0', ...gitSource('https://github.com/acme/llphant.git'), ...PACKAGIST },
          ],
        }),
      },
      [
        ['openai-php/client', 'dev-main', undefined, undefined, undefined, 'composer.json'],
        ['theodo-group/llphant', undefined, undefined, undefined, undefined, 'composer.json'],
        ['acme/a', '1.0.0', undefined, undefined, undefined, 'composer.lock'],
        ['acme/b', '1.0.0', undefined, undefined, undefined, 'composer.lock'],
        ['acme/c', '1.0.0', undefined, undefined, undefined, 'composer.lock'],
        ['acme/d', '1.0.0', undefined, undefined, undefined, 'composer.lock'],
        ['acme/e', '1.0.0', `git+https://github.com/acme/llphant.git@${SHA}`, undefined, undefined, 'composer.lock'],
      ],
    ],
  ];
  for (const [label, files, want] of COMPOSER_REPOSITORIES) {
    it(`which Composer repository served the package: ${label}`, () => {
      const deps = resolveTree(files);
      assert.deepEqual(deps.map((d) => [d.name, d.version, d.vcsUrl, d.repositoryUrl, d.downloadUrl, d.path]), want);
      assert.ok(deps.every((d) => d.vcsSource === undefined));
      assert.doesNotMatch(JSON.stringify(deps), /s3cr3t|token|deploy|user:pw/);
    });
  }
  it('a composer.json of a thousand composer and VCS repositories and a lock of 20,000 entries from distinct repository URLs are settled in bounded time', () => {
    const repositories = Array.from({ length: 2_000 }, (_, i) => (i % 2 === 0 ? { type: 'composer', url: `https://repo.acme.example/${'a/'.repeat(50)}${i}/` } : { type: 'vcs', url: `https://github.com/acme/r${i}` }));
    const packages = Array.from({ length: 20_000 }, (_, i) => ({ name: `acme/p${i}`, version: '1.0.0', ...gitSource(`https://github.com/acme/s${i}.git`), ...notified(`https://repo.acme.example/${'a/'.repeat(50)}n${i}/downloads/`) }));
    const t0 = performance.now();
    const deps = resolveTree({ 'composer.json': composerJson({ repositories }), 'composer.lock': JSON.stringify({ packages }) });
    assert.ok(performance.now() - t0 < 5000, `${Math.round(performance.now() - t0)} ms`);
    // Of the 64 composer URLs kept, those whose path leads the entry's tie (several, none longest): the notification-url's own.
    assert.equal(deps.filter((d) => d.repositoryUrl?.startsWith('https://repo.acme.example/') === true).length, 20_000);
  });
  it('a composer.lock of 3 to 6 MB of repeated links and sources is read in linear time', () => {
    const pkg = (i: number) => ({ name: `acme/p${i}`, version: '1.0.0', replace: { [`x/r${i}`]: 'self.version' }, provide: { 'openai-php/client': 'self.version' }, source: { type: 'git', url: `git@${'a'.repeat(200)}:${'b/'.repeat(100)}x.git`, reference: SHA } });
    const text = JSON.stringify({ packages: Array.from({ length: 6_000 }, (_, i) => pkg(i)) });
    const hostile = JSON.stringify({ packages: [{ name: 'a/b', version: '1', source: { type: 'git', url: 'a@'.repeat(1_000) + ':' + 'a'.repeat(40), reference: 'x'.repeat(3_000_000) } }] });
    assert.ok(text.length > 3_000_000);
    const t0 = performance.now();
    const r = readManifest('composer.lock', text);
    readManifest('composer.lock', hostile);
    assert.ok(performance.now() - t0 < 5000, `${Math.round(performance.now() - t0)} ms`);
    assert.equal(r.deps.filter((d) => d.providedBy !== undefined).length, 6_001);
    assert.ok(r.deps.every((d) => d.vcsUrl?.startsWith('git+ssh://') === true));
  });
  it('replace / provide that are no objects are warnings; the requires stay', () => {
    const r = readManifest('composer.json', composerJson({ require: { 'openai-php/client': '^0.10' }, replace: ['openai-php/client'] }));
    assert.deepEqual(r.deps.map((d) => d.name), ['openai-php/client']);
    assert.deepEqual(r.warnings, ['"replace" is not an object']);
  });
  it('malformed or truncated JSON: a warning and what was read before it', () => {
    const r = readManifest('composer.json', '{"require": {"openai-php/client": "^0.10", "prism-php/prism": ');
    expectRows(r, [['openai-php/client', '^0.10', undefined, 'runtime', 1]]);
    assert.equal(r.warnings.length, 1);
    const l = readManifest('composer.lock', '{"packages": {"name": "x/y"}}');
    assert.deepEqual(l.deps, []);
    assert.equal(l.warnings.length, 1);
  });
});

describe('RubyGems and Composer manifests by name', () => {
  it('are manifests; look-alikes are not', () => {
    for (const p of ['Gemfile', 'x/gems.rb', 'Gemfile.lock', 'gems.locked', 'my_gem.gemspec', 'composer.json', 'a/composer.lock']) assert.ok(isManifest(p), p);
    for (const p of ['Gemfile.bak', 'app.rb', 'composer.json.dist', '.gemspec', 'index.php']) assert.ok(!isManifest(p), p);
  });

  it('never throw on random or mutated input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.constantFrom('Gemfile', 'x.gemspec', 'Gemfile.lock', 'composer.json', 'composer.lock'), (s, p) => {
        readManifest(p, s);
        readManifest(p, GEMFILE.slice(0, s.length % GEMFILE.length) + s);
        readManifest(p, LOCK.slice(0, s.length % LOCK.length) + s);
      }),
      { numRuns: 500 },
    );
  });

  it('are linear on large inputs', () => {
    const t0 = performance.now();
    assert.equal(readManifest('Gemfile', "gem 'ruby-openai', '~> 7'\n".repeat(50_000)).deps.length, 50_000);
    readManifest('Gemfile', 'gem "a",\n'.repeat(50_000));
    readManifest('Gemfile', 'group :a do\n'.repeat(50_000));
    readManifest('Gemfile.lock', 'GEM\n  specs:\n' + '    a (1.0.0)\n'.repeat(50_000));
    assert.ok(performance.now() - t0 < 5000);
  });

  it('a Gemfile or gemspec statement continued over many long lines is read in linear time (each line scanned once)', () => {
    // 50 lines of 400,000 characters, each leaving a bracket open: 3.3 s when the statement's
    // whole code was scanned again for every line added.
    for (const [path, head] of [['Gemfile', 'gem "openai", ('], ['x.gemspec', 's.add_dependency "openai", (']] as const) {
      const text = `${head}${'x'.repeat(400_000)}\n`.repeat(50);
      const t = performance.now();
      const r = readManifest(path, text);
      assert.ok(performance.now() - t < 2000, `${path}: ${Math.round(performance.now() - t)} ms`);
      assert.deepEqual(r.deps.map((d) => d.name), ['openai'], path);
    }
    // The continuation rules are unchanged: a trailing comma over a blank line, a string left open.
    const r = readManifest('Gemfile', 'gem "openai",\n\n  "~> 0.3"\ngem "anthropic", "1.0 \\"\n  x"\ngem "ruby_llm"\n');
    assert.deepEqual(r.deps.map((d) => [d.name, d.range, d.line]), [['openai', '~> 0.3', 1], ['anthropic', '1.0 "\n  x', 4], ['ruby_llm', undefined, 6]]);
  });

  it('a long composer key that is no package name does not backtrack (Composer\'s name pattern is exponential in JavaScript)', () => {
    const keys = ['a'.repeat(30) + '!', 'a/' + 'a'.repeat(30) + '!', 'a-'.repeat(30) + '/b', 'vendor/' + 'b-'.repeat(30) + '!'];
    const t0 = performance.now();
    const r = readManifest('composer.json', JSON.stringify({ require: Object.fromEntries([...keys.map((k) => [k, '1']), ['openai-php/client', '^0.10'], ['a--b/c--d', '1'], ['a.b_c-d/e.f_g--h', '1']]) }));
    assert.ok(performance.now() - t0 < 2000);
    // The same names as Composer's pattern: a double dash only in the package part.
    assert.deepEqual(r.deps.map((d) => d.name), ['openai-php/client', 'a.b_c-d/e.f_g--h']);
  });
});
