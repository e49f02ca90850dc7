/**
 * Valid / invalid cases for the advisory rules, RuleTester style: each case is one file, scanned
 * against a database holding the built-in snapshot plus ADVISORY_TEST_RECORDS (test-only ids).
 */
import type { Case, RuleCases } from '../detectors/model-cases.js';
import type { OsvRecord } from '../../src/advisories/osv.js';

const f = (name: string, file: string, text: string): Case => ({ name, file, bytes: Buffer.from(text) });
const SHA = '0123456789abcdef0123456789abcdef01234567';
const OTHER = 'fedcba9876543210fedcba9876543210fedcba98';

/** Made-up records (ids in the 2099 range, so they can never be mistaken for real ones). */
export const ADVISORY_TEST_RECORDS: OsvRecord[] = [
  {
    id: 'MAL-2099-1',
    modified: '2099-01-01T00:00:00Z',
    summary: 'test-only malicious release',
    affected: [{ package: { ecosystem: 'PyPI', name: 'openai' }, versions: ['99.0.0'] }],
  },
  {
    id: 'PKG-2099-1',
    modified: '2099-01-01T00:00:00Z',
    summary: 'test-only flaw of openai-php/client 2.1.0',
    affected: [{ package: { ecosystem: 'Packagist', name: 'openai-php/client' }, versions: ['2.1.0'] }],
  },
  {
    id: 'PKG-2099-2',
    modified: '2099-01-01T00:00:00Z',
    summary: 'test-only flaw of Microsoft.SemanticKernel before 1.20.0',
    affected: [{ package: { ecosystem: 'NuGet', name: 'Microsoft.SemanticKernel' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '1.0.0' }, { fixed: '1.20.0' }] }] }],
  },
  {
    id: 'PKG-2099-3',
    modified: '2099-01-01T00:00:00Z',
    summary: 'test-only flaw of ruby-openai 6.x before 6.5.1',
    affected: [{ package: { ecosystem: 'RubyGems', name: 'ruby-openai' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '6.0.0' }, { fixed: '6.5.1' }] }] }],
  },
  {
    id: 'PKG-2099-4',
    modified: '2099-01-01T00:00:00Z',
    summary: 'test-only flaw of openai-php/client before 0.10.2',
    affected: [{ package: { ecosystem: 'Packagist', name: 'openai-php/client' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '0.10.2' }] }] }],
  },
  {
    id: 'PKG-2099-5',
    modified: '2099-01-01T00:00:00Z',
    summary: 'test-only flaw of dart_openai 4.x and 5.0.x',
    affected: [{ package: { ecosystem: 'Pub', name: 'dart_openai' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '4.0.0' }, { fixed: '5.1.0' }] }] }],
  },
  {
    id: 'PKG-2099-6',
    modified: '2099-01-01T00:00:00Z',
    summary: 'test-only flaw of MacPaw/OpenAI 0.2.x before 0.2.5',
    affected: [{ package: { ecosystem: 'SwiftURL', name: 'https://github.com/MacPaw/OpenAI.git' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0.2.0' }, { fixed: '0.2.5' }] }] }],
  },
  {
    id: 'AIMOD-2099-1',
    modified: '2099-01-01T00:00:00Z',
    summary: 'test-only unsafe model (one bad commit)',
    affected: [{ package: { ecosystem: 'HuggingFace', name: 'test-org/bad-model' }, versions: [SHA] }],
  },
];

const TF = 'from transformers import AutoModel\n';
const PACKAGIST = { 'notification-url': 'https://packagist.org/downloads/' };
const csproj = (name: string, version: string): string => `<Project Sdk="Microsoft.NET.Sdk">\n  <ItemGroup>\n    <PackageReference Include="${name}" Version="${version}" />\n  </ItemGroup>\n</Project>\n`;
const gemfileLock = (version: string): string => `GEM\n  remote: https://rubygems.org/\n  specs:\n    ruby-openai (${version})\n\nDEPENDENCIES\n  ruby-openai\n`;
const composerLock = (...packages: unknown[]): string => JSON.stringify({ packages }, null, 2);
const pubspecLock = (version: string): string => `packages:\n  dart_openai:\n    dependency: "direct main"\n    description:\n      name: dart_openai\n      url: "https://pub.dev"\n    source: hosted\n    version: "${version}"\n`;
const packageResolved = (version: string): string => JSON.stringify({ pins: [{ identity: 'openai', kind: 'remoteSourceControl', location: 'https://github.com/MacPaw/OpenAI.git', state: { revision: '35af', version } }], version: 3 }, null, 2);
const packageSwift = (requirement: string): string => `// swift-tools-version: 5.9\nimport PackageDescription\n\nlet package = Package(\n    name: "App",\n    dependencies: [.package(url: "https://github.com/MacPaw/OpenAI.git", ${requirement})]\n)\n`;

export const ADVISORY_RULE_CASES: Record<string, RuleCases> = {
  'advisory/vulnerable-package': {
    invalid: [
      f('torch 2.5.1 (GHSA-53q9-r3pm-6pq6, fixed in 2.6.0)', 'requirements.txt', 'torch==2.5.1\n'),
      f('a pre-release of the fixed version is still affected', 'requirements.txt', 'torch==2.6.0rc1\n'),
      f('a local version label does not hide it', 'requirements.txt', 'torch==2.4.0+cu121\n'),
      f("openai-php/client 2.1.0 from Packagist (PKG-2099-1)", 'composer.lock', composerLock({ name: 'openai-php/client', version: 'v2.1.0', dist: { type: 'zip', url: 'https://api.github.com/repos/openai-php/client/zipball/0123' }, ...PACKAGIST })),
      f('Microsoft.SemanticKernel 1.18.0-rc inside the NuGet range [1.0.0, 1.20.0) (PKG-2099-2)', 'App.csproj', csproj('Microsoft.SemanticKernel', '[1.18.0-rc]')),
      f('openai-php/client v0.10.2-RC1, a prerelease of the fix, below 0.10.2 (PKG-2099-4)', 'composer.lock', composerLock({ name: 'openai-php/client', version: 'v0.10.2-RC1', ...PACKAGIST })),
      f('ruby-openai 6.5.1.rc1, a prerelease of the fix, inside [6.0.0, 6.5.1) (PKG-2099-3)', 'Gemfile.lock', gemfileLock('6.5.1.rc1')),
      f('dart_openai 5.0.9+2 inside the Pub range [4.0.0, 5.1.0) (PKG-2099-5)', 'pubspec.lock', pubspecLock('5.0.9+2')),
      f('MacPaw/OpenAI 0.2.4 from Package.resolved inside the SwiftURL range [0.2.0, 0.2.5) (PKG-2099-6)', 'Package.resolved', packageResolved('0.2.4')),
      f("read from a VCS repository, the package keeps its name and version: matched (its tags are the original's)", 'composer.lock', composerLock({ name: 'openai-php/client', version: 'v2.1.0', source: { type: 'git', url: 'https://github.com/acme/openai-client.git', reference: '0123' } })),
    ],
    valid: [
      f('a release past every torch advisory', 'requirements.txt', 'torch==2.8.0\n'),
      f('a package with no advisory', 'requirements.txt', 'anthropic==0.40.0\n'),
      f('Microsoft.SemanticKernel 1.20.0.0 is the fixed 1.20.0 in NuGet\'s order', 'App.csproj', csproj('Microsoft.SemanticKernel', '[1.20.0.0]')),
      f('openai-php/client v0.10.10 is past 0.10.2 (numbers, not strings)', 'composer.lock', composerLock({ name: 'openai-php/client', version: 'v0.10.10', ...PACKAGIST })),
      f('openai-php/client dev-main is a branch, in no version order', 'composer.lock', composerLock({ name: 'openai-php/client', version: 'dev-main', ...PACKAGIST })),
      f('ruby-openai 6.5.1.0 is the fixed 6.5.1 in Gem::Version order', 'Gemfile.lock', gemfileLock('6.5.1.0')),
      f('ruby-openai 6.10.0 is past 6.5.1 (numbers compared as numbers)', 'Gemfile.lock', gemfileLock('6.10.0')),
      f('dart_openai 5.1.0+1, a build of the fix, sorts after it in pub_semver', 'pubspec.lock', pubspecLock('5.1.0+1')),
      f('dart_openai 4.0.0-dev.1, a prerelease, is below the introduced 4.0.0', 'pubspec.lock', pubspecLock('4.0.0-dev.1')),
      f('MacPaw/OpenAI 0.2.10 is past 0.2.5 (numbers, not strings)', 'Package.resolved', packageResolved('0.2.10')),
      f('MacPaw/OpenAI 0.1.9 is below the introduced 0.2.0', 'Package.resolved', packageResolved('0.1.9')),
      f('a prerelease of 1.0.0 is below the range\'s introduced 1.0.0', 'App.csproj', csproj('Microsoft.SemanticKernel', '[1.0.0-rc.1]')),
      f("a fork that replaces openai-php/client at 2.1.0 is the fork's code: no advisory of the original", 'composer.lock', composerLock({ name: 'acme/openai-php-client', version: 'v2.1.0', replace: { 'openai-php/client': 'self.version' }, ...PACKAGIST })),
      f('a package that provides it at a pinned 2.1.0 is not the original either', 'composer.lock', composerLock({ name: 'acme/llm-kit', version: '9.0.0', provide: { 'openai-php/client': '2.1.0' } })),
    ],
  },
  'advisory/malicious-package': {
    invalid: [f('the listed version', 'requirements.txt', 'openai==99.0.0\n')],
    valid: [f('another version of the package', 'requirements.txt', 'openai==1.30.1\n')],
  },
  'advisory/possibly-affected': {
    invalid: [f('a range that admits torch 2.5', 'requirements.txt', 'torch>=2.0,<2.7\n'), f('a NuGet interval that overlaps [1.0.0, 1.20.0)', 'App.csproj', csproj('Microsoft.SemanticKernel', '[1.15.0,2.0.0)')), f('a NuGet floating version whose window overlaps it', 'App.csproj', csproj('Microsoft.SemanticKernel', '1.*')), f('a composer.json ^0.10 that admits openai-php/client 0.10.1', 'composer.json', JSON.stringify({ require: { 'openai-php/client': '^0.10' } })), f('a Gemfile ~> that admits ruby-openai 6.5.0', 'Gemfile', "source 'https://rubygems.org'\ngem 'ruby-openai', '~> 6.4'\n"), f('a pubspec.yaml ^5.0.0 that admits dart_openai 5.0.x', 'pubspec.yaml', 'name: app\ndependencies:\n  dart_openai: ^5.0.0\n'), f('a Package.swift from: "0.2.0" (>=0.2.0 <1.0.0) that admits MacPaw/OpenAI 0.2.4', 'Package.swift', packageSwift('from: "0.2.0"'))],
    valid: [f('a range wholly past the fixes', 'requirements.txt', 'torch>=2.8\n'), f('a NuGet interval wholly past the fix', 'App.csproj', csproj('Microsoft.SemanticKernel', '[1.20.0,2.0.0)')), f('a NuGet floating version past it', 'App.csproj', csproj('Microsoft.SemanticKernel', '1.20.*')), f('a composer.json ^0.10.2 || ^1.0 starts at the fix', 'composer.json', JSON.stringify({ require: { 'openai-php/client': '^0.10.2 || ^1.0' } })), f('a Gemfile ~> 6.5.1 starts at the fix', 'Gemfile', "source 'https://rubygems.org'\ngem 'ruby-openai', '~> 6.5.1'\n"), f('~> 5.2 ends below 6.0.0, where the flaw starts', 'Gemfile', "source 'https://rubygems.org'\ngem 'ruby-openai', '~> 5.2'\n"), f('a pubspec.yaml ^5.1.0 starts at the fix', 'pubspec.yaml', 'name: app\ndependencies:\n  dart_openai: ^5.1.0\n'), f("a pubspec.yaml '>=3.0.0 <4.0.0' stops below 4.0.0 and its prereleases", 'pubspec.yaml', "name: app\ndependencies:\n  dart_openai: '>=3.0.0 <4.0.0'\n"), f('a Package.swift from: "0.2.5" starts at the fix', 'Package.swift', packageSwift('from: "0.2.5"')), f('an exact pin is matched exactly, not as a range', 'requirements.txt', 'torch==2.8.0\n')],
  },
};

/** Hub-model advisories (the store's HuggingFace feed), for a commit-specific record. */
export const MODEL_ADVISORY_CASES: Record<string, RuleCases> = {
  'hf/known-malicious-model': {
    invalid: [f('the listed commit', 'app.py', `${TF}AutoModel.from_pretrained("test-org/bad-model", revision="${SHA}")\n`), f('an unpinned pull of that model', 'app.py', `${TF}AutoModel.from_pretrained("test-org/bad-model")\n`)],
    valid: [f('another commit', 'app.py', `${TF}AutoModel.from_pretrained("test-org/bad-model", revision="${OTHER}")\n`), f('another model', 'app.py', `${TF}AutoModel.from_pretrained("test-org/good-model")\n`)],
  },
};
