/**
 * The per-ecosystem version orders and requirement grammars the advisory matcher stands on.
 * Orders are checked as sorted chains (every neighbour strictly increasing, every pair consistent),
 * equalities as pairs, and requirements as tables of versions they must admit and must reject.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import pep440 from '@renovatebot/pep440';
import { comparatorFor, contains, type Comparator } from '../../src/advisories/versions/index.js';
import { semverComparator } from '../../src/advisories/versions/npm.js';

function cmpFor(ecosystem: string): Comparator {
  const c = comparatorFor(ecosystem);
  assert.ok(c, `no comparator for ${ecosystem}`);
  return c;
}

/** Every pair of a chain written in ascending order compares as its positions do. */
function assertChain(c: Comparator, chain: string[]): void {
  for (let i = 0; i < chain.length; i++) {
    for (let j = 0; j < chain.length; j++) {
      const a = chain[i] as string;
      const b = chain[j] as string;
      assert.equal(c.compare(a, b), Math.sign(i - j), `${c.name}: ${a} vs ${b}`);
    }
  }
}

function assertEqualVersions(c: Comparator, groups: string[][]): void {
  for (const group of groups) {
    for (const a of group) for (const b of group) assert.equal(c.compare(a, b), 0, `${c.name}: ${a} = ${b}`);
  }
}

function assertInvalid(c: Comparator, values: string[]): void {
  for (const v of values) {
    assert.equal(c.valid(v), false, `${c.name}: ${JSON.stringify(v)} must be invalid`);
    assert.equal(c.parse(v), undefined);
    assert.ok(Number.isNaN(c.compare(v, '1.0.0')), `${c.name}: comparing ${JSON.stringify(v)} gives NaN`);
  }
}

interface RangeCase {
  spec: string;
  admits: string[];
  rejects: string[];
}

function admits(c: Comparator, spec: string, version: string): boolean {
  const intervals = c.declared?.(spec);
  assert.ok(intervals, `${c.name}: ${JSON.stringify(spec)} must parse`);
  const key = c.parse(version);
  assert.ok(key !== undefined, `${c.name}: ${version} must parse`);
  return intervals.some((i) => contains(c.compareParsed, i, key));
}

function assertRanges(c: Comparator, cases: RangeCase[], invalid: string[]): void {
  for (const { spec, admits: yes, rejects: no } of cases) {
    for (const v of yes) assert.equal(admits(c, spec, v), true, `${c.name}: ${spec} admits ${v}`);
    for (const v of no) assert.equal(admits(c, spec, v), false, `${c.name}: ${spec} rejects ${v}`);
  }
  for (const spec of invalid) assert.equal(c.declared?.(spec), undefined, `${c.name}: ${JSON.stringify(spec)} is not a requirement`);
}

describe('comparatorFor', () => {
  it('maps OSV ecosystem names, case-insensitively, ignoring a :variant suffix', () => {
    assert.equal(comparatorFor('PyPI')?.name, 'PyPI');
    assert.equal(comparatorFor('pypi')?.name, 'PyPI');
    assert.equal(comparatorFor('npm')?.name, 'npm');
    assert.equal(comparatorFor('crates.io')?.name, 'crates.io');
    assert.equal(comparatorFor('Go')?.name, 'Go');
    assert.equal(comparatorFor('Maven')?.name, 'Maven');
    assert.equal(comparatorFor('Maven:https://repo.example/maven2')?.name, 'Maven');
    assert.equal(comparatorFor('NuGet')?.name, 'NuGet');
    assert.equal(comparatorFor('nuget')?.name, 'NuGet');
    assert.equal(comparatorFor('RubyGems')?.name, 'RubyGems');
    assert.equal(comparatorFor('Packagist')?.name, 'Packagist');
    assert.equal(comparatorFor('Pub')?.name, 'Pub');
    assert.equal(comparatorFor('SwiftURL')?.name, 'SwiftURL');
    assert.equal(comparatorFor('swifturl')?.name, 'SwiftURL');
  });
  it('has no comparator for ecosystems without a faithful order, nor for Hugging Face shas', () => {
    for (const e of ['Hex', 'Hackage', 'CRAN', 'Debian:12', 'HuggingFace', '', 'GIT']) assert.equal(comparatorFor(e), undefined, e);
    assert.equal(comparatorFor(undefined as unknown as string), undefined);
  });
});

describe('PyPI (PEP 440)', () => {
  const py = cmpFor('PyPI');
  it('orders dev < pre < final < post releases, epochs above all', () => {
    assertChain(py, [
      '0.9',
      '1.0.dev0',
      '1.0a1.dev1',
      '1.0a1',
      '1.0a2',
      '1.0b1',
      '1.0rc1',
      '1.0',
      '1.0.post1.dev0',
      '1.0.post1',
      '1.0.1',
      '2.6.0rc1',
      '2.6.0',
      '2.10.0',
      '2022.12.7',
      '1!0.1',
    ]);
  });
  it('pre-releases of a fixed version sort below it (pitfall 1)', () => {
    assert.equal(py.compare('2.6.0rc1', '2.6.0'), -1);
    assert.equal(py.compare('2.6.0.dev20241112', '2.6.0'), -1);
  });
  it('equates spellings PEP 440 normalizes, zero padding and leading zeros (grype#1034 certifi)', () => {
    assertEqualVersions(py, [
      ['2022.12.07', '2022.12.7', '2022.012.007'],
      ['1.0', '1.0.0', '1', 'v1.0', ' 1.0 '],
      ['1.0rc1', '1.0-RC1', '1.0.c1', '1.0_pre1', '1.0preview1'],
      ['1.0.post1', '1.0-1', '1.0.rev1', '1.0-r1', '1.0post1'],
      ['1.0a0', '1.0alpha', '1.0.a'],
      ['1.0.dev0', '1.0-dev'],
    ]);
  });
  it('ignores local version labels: 2.4.0+cu121 compares as 2.4.0 (documented decision)', () => {
    assertEqualVersions(py, [['2.4.0+cu121', '2.4.0+cpu', '2.4.0']]);
    assert.equal(py.compare('2.4.0+cu121', '2.6.0'), -1);
  });
  it('keeps release numbers past 2^53 exact', () => {
    assert.equal(py.compare('9007199254740993', '9007199254740992'), 1);
    assert.equal(py.compare('1.9007199254740993', '1.9007199254740992'), 1);
  });
  it('agrees with @renovatebot/pep440 on every pair of public versions', () => {
    const versions = ['0.1', '1.0.dev0', '1.0a1', '1.0b2.post3', '1.0rc1', '1.0', '1.0.post1', '1.0.post1.dev2', '1.1', '2.0.0', '1!0.1', '2.6.0rc1', '2022.12.07', '2.4', '2.4.0.1'];
    for (const a of versions) for (const b of versions) assert.equal(py.compare(a, b), Math.sign(pep440.compare(a, b)), `${a} vs ${b}`);
  });
  it('rejects what is not a version, never coercing it', () => {
    assertInvalid(py, ['', 'latest', '>=0.6.0,<1', '==2.4.0', '1..0', '1.0+', 'abc', '${version}', '1.0 2.0', 'x'.repeat(300)]);
  });
  it('reads PEP 440 specifiers, Poetry carets and bare pins as interval sets', () => {
    assertRanges(
      py,
      [
        { spec: '>=2.0,<2.7', admits: ['2.0', '2.0.post1', '2.6.99', '2.6.9.post1'], rejects: ['1.9', '2.0rc1', '2.7rc1', '2.7.dev0', '2.7', '2.7.0.post1'] },
        { spec: '~=4.38', admits: ['4.38', '4.38.5', '4.99'], rejects: ['4.37.9', '5.0.dev0', '5.0'] },
        { spec: '~=2.2.0', admits: ['2.2.0', '2.2.9'], rejects: ['2.3.0', '2.1.9'] },
        { spec: '==2.4.*', admits: ['2.4', '2.4.0rc1', '2.4.0+cu121', '2.4.9.post1', '2.4.dev0'], rejects: ['2.3.99', '2.5.0.dev0', '2.5'] },
        { spec: '!=2.4.*', admits: ['2.3.99', '2.5'], rejects: ['2.4.1'] },
        { spec: '==2.4.0', admits: ['2.4.0', '2.4', '2.4.0+cu121'], rejects: ['2.4.1', '2.4.0.post1'] },
        { spec: '!=2.4.0', admits: ['2.3', '2.4.1'], rejects: ['2.4.0'] },
        { spec: '>2.5', admits: ['2.5.1', '2.6.0a1'], rejects: ['2.5', '2.5.post1', '2.4'] },
        { spec: '>2.5.post1', admits: ['2.5.post2'], rejects: ['2.5.post1'] },
        { spec: '<=2.5', admits: ['2.5', '2.5rc1'], rejects: ['2.5.post1', '2.5.1'] },
        { spec: '<1.0.post1', admits: ['0.9', '1.0', '1.0.post0'], rejects: ['1.0rc1', '1.0.post1'] },
        { spec: '<2.0rc2', admits: ['2.0rc1', '1.9'], rejects: ['2.0rc2', '2.0'] },
        { spec: '===1.0', admits: ['1.0'], rejects: ['1.1'] },
        { spec: '(>=1.0)', admits: ['1.0'], rejects: ['0.9'] },
        { spec: '^1.2', admits: ['1.2', '1.9.9'], rejects: ['1.1', '2.0'] },
        { spec: '^0.2.3', admits: ['0.2.3', '0.2.9'], rejects: ['0.3.0'] },
        { spec: '~1.2.3', admits: ['1.2.3', '1.2.9'], rejects: ['1.3.0'] },
        { spec: '2.4.0', admits: ['2.4.0'], rejects: ['2.4.1'] },
        { spec: '*', admits: ['0.0.1', '99'], rejects: [] },
        { spec: '', admits: ['0.0.1'], rejects: [] },
        { spec: '>=2,<1', admits: [], rejects: ['1.5', '0.5', '3'] },
      ],
      ['latest', '~=4', '>=1.0 <2.0', '>=1.0+local', '>=1.0;python_version<"3"', 'git+https://x', '==', '===foo'],
    );
  });
});

describe('npm and crates.io (SemVer 2.0)', () => {
  const npm = cmpFor('npm');
  it('orders pre-releases below their release, as the SemVer spec lists them', () => {
    assertChain(npm, ['0.9.9', '1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-alpha.beta', '1.0.0-beta', '1.0.0-beta.2', '1.0.0-beta.11', '1.0.0-rc.1', '1.0.0', '1.0.1', '1.10.0']);
  });
  it('ignores build metadata', () => {
    assertEqualVersions(npm, [['1.0.0+build.1', '1.0.0+build.2', '1.0.0']]);
  });
  it('never coerces: 2.6.0rc1 and 1.2 are not SemVer', () => {
    assertInvalid(npm, ['1.2', '2.6.0rc1', 'latest', '^1.2.0', '', '01.2.3', 'vv1.2.3', 'x'.repeat(300)]);
  });
  it('reads npm ranges with pre-releases admitted', () => {
    assertRanges(
      npm,
      [
        { spec: '^1.2.0', admits: ['1.2.0', '1.5.0-beta.1', '1.99.0'], rejects: ['1.1.9', '2.0.0-rc.1', '2.0.0'] },
        { spec: '~0.3.1', admits: ['0.3.1', '0.3.9'], rejects: ['0.4.0'] },
        { spec: '1.x || >=3.0.0 <3.1.0', admits: ['1.0.0', '3.0.5'], rejects: ['2.0.0', '3.1.0'] },
        { spec: '1.2.3 - 1.4', admits: ['1.2.3', '1.4.9'], rejects: ['1.5.0'] },
        { spec: '1.2.3', admits: ['1.2.3'], rejects: ['1.2.4'] },
        { spec: '*', admits: ['0.0.1'], rejects: [] },
        { spec: '', admits: ['5.0.0'], rejects: [] },
      ],
      ['latest', 'workspace:*', 'file:../x', 'npm:other@1', 'git+https://github.com/a/b.git', '>=1.0.0 <'],
    );
  });
  it('reads Cargo requirements: a bare version is a caret requirement', () => {
    const crates = cmpFor('crates.io');
    assertRanges(
      crates,
      [
        { spec: '1.2.3', admits: ['1.2.3', '1.9.0'], rejects: ['1.2.2', '2.0.0'] },
        { spec: '0.3', admits: ['0.3.0', '0.3.9'], rejects: ['0.4.0'] },
        { spec: '>=1.2, <1.5', admits: ['1.2.0', '1.4.9'], rejects: ['1.5.0'] },
        { spec: '=1.2.3', admits: ['1.2.3'], rejects: ['1.2.4'] },
        { spec: '~1.2', admits: ['1.2.9'], rejects: ['1.3.0'] },
        { spec: '*', admits: ['9.9.9'], rejects: [] },
      ],
      ['1.2 || 2', '>=1.2,', 'latest'],
    );
  });
});

describe('Go modules', () => {
  const go = cmpFor('Go');
  it('strips the v prefix and +incompatible', () => {
    assertEqualVersions(go, [['v1.2.3', '1.2.3'], ['v2.0.0+incompatible', '2.0.0', 'v2.0.0']]);
  });
  it('orders pseudo-versions by base, then by their timestamp', () => {
    assertChain(go, [
      'v0.0.0-20190101000000-abcdef123456',
      'v0.0.0-20210101000000-abcdef123456',
      'v0.1.0',
      'v1.2.3',
      'v1.2.4-0.20210101000000-abcdef123456',
      'v1.2.4-0.20220101000000-0123456789ab',
      'v1.2.4',
    ]);
  });
  it('rejects shorthand and doubled prefixes', () => {
    assertInvalid(go, ['v1.2', 'vv1.2.3', 'latest', 'master', '']);
  });
  it('takes a pinned version or nothing as its requirement', () => {
    assertRanges(go, [{ spec: 'v1.2.3', admits: ['1.2.3'], rejects: ['1.2.4'] }, { spec: '', admits: ['v9.0.0'], rejects: [] }], ['>=1.2.3', 'latest']);
  });
  it('OSV SEMVER ranges accept the v spelling too', () => {
    assert.equal(semverComparator.compare('v1.2.3', '1.2.3'), 0);
  });
});

describe('Maven (POM reference version order)', () => {
  const mvn = cmpFor('Maven');
  it('ranks qualifiers alpha < beta < milestone < rc < snapshot < "" < sp < others', () => {
    assertChain(mvn, ['1.0-alpha', '1.0-beta', '1.0-milestone', '1.0-rc', '1.0-SNAPSHOT', '1.0', '1.0-sp', '1.0-jre', '1.0-zzz']);
  });
  it('keeps the qualifier ordering of Maven\'s own test lists', () => {
    assertChain(mvn, ['1-alpha2snapshot', '1-alpha2', '1-alpha-123', '1-beta-2', '1-beta123', '1-m2', '1-m11', '1-rc', '1-cr2', '1-rc123', '1-SNAPSHOT', '1', '1-sp', '1-sp2', '1-sp123', '1-abc', '1-def', '1-pom-1', '1-1-snapshot', '1-1', '1-2', '1-123']);
    assertChain(mvn, ['2.0', '2.0.a', '2-1', '2.0.2', '2.0.123', '2.1.0', '2.1-a', '2.1b', '2.1-c', '2.1-1', '2.1.0.1', '2.2', '2.123', '11.a2', '11.a11', '11.b2', '11.b11', '11.m2', '11.m11', '11', '11.a', '11b', '11c', '11m']);
  });
  it('follows the reference\'s end-result examples', () => {
    assertChain(mvn, ['1', '1.1']);
    assertChain(mvn, ['1-snapshot', '1', '1-sp']);
    assertChain(mvn, ['1-foo2', '1-foo10']);
    assertChain(mvn, ['1.foo', '1-1', '1.1']);
    assertChain(mvn, ['1-ga', '1-sp']);
    assertChain(mvn, ['1-ga.1', '1-sp.1']);
    assertChain(mvn, ['1-sp-1', '1-ga-1']);
    assertChain(mvn, ['1.K', '1.7']);
    assertChain(mvn, ['5.aardvark', '5.zebra']);
    assertChain(mvn, ['1.0.RC2', '1.0-RC3', '1.0.1']);
    assertEqualVersions(mvn, [
      ['1.ga', '1-ga', '1-0', '1.0', '1', '1.0.0', '1.final', '1.', '1-', '1_0'],
      ['1.0.Final', '1.0', '1.0.GA', '1.0-RELEASE'],
      ['1.foo', '1-foo'],
      ['1-a1', '1-alpha-1', '1-ALPHA1'],
      ['1.0-cr1', '1.0-rc1'],
      ['1.0.0-foo.0.0', '1-foo'],
      ['1.01', '1.1'],
    ]);
  });
  it('rejects placeholders, keywords and ranges as versions', () => {
    assertInvalid(mvn, ['', '${guava.version}', 'LATEST', 'RELEASE', '[1.0,2.0)', '1.0 beta', 'x'.repeat(300)]);
  });
  it('reads Maven version ranges', () => {
    assertRanges(
      mvn,
      [
        { spec: '[1.0,2.0)', admits: ['1.0', '2.0-rc1', '1.9.9'], rejects: ['0.9', '2.0', '2.0.Final'] },
        { spec: '(,1.0],[1.2,)', admits: ['0.1', '1.0', '1.2', '5'], rejects: ['1.1'] },
        { spec: '(,1.1),(1.1,)', admits: ['1.0', '1.2'], rejects: ['1.1'] },
        { spec: '[1.5]', admits: ['1.5', '1.5.0'], rejects: ['1.5.1'] },
        { spec: '[1.5,)', admits: ['1.5', '99'], rejects: ['1.4'] },
        { spec: '1.0', admits: ['1.0.Final'], rejects: ['1.1'] },
        { spec: '', admits: ['0.1', '99'], rejects: [] },
      ],
      ['[1.0,2.0', '(1.0)', '[1.0,2.0),', '[a,b,c]', '${v}', '[1.0,2.0) x'],
    );
  });
});

describe('NuGet (NuGet.Versioning order, interval ranges)', () => {
  const nuget = cmpFor('NuGet');
  it('orders prereleases below their release, numbers numerically, words alphabetically (the docs\' list)', () => {
    // learn.microsoft.com/nuget/concepts/package-versioning, "Pre-release versions", read bottom-up.
    assertChain(nuget, ['1.0.1-aaa', '1.0.1-alpha10', '1.0.1-alpha2', '1.0.1-beta', '1.0.1-open', '1.0.1-rc.2', '1.0.1-rc.10', '1.0.1-zzz', '1.0.1']);
    assertChain(nuget, ['0.9', '1.0.0-0', '1.0.0-1', '1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-alpha.beta', '1.0.0-beta', '1.0.0', '1.0.0.1-rc', '1.0.0.1', '1.0.1', '1.2', '1.10', '2147483647.0']);
  });
  it('treats a missing part as 0, drops leading zeros, ignores case in labels and build metadata', () => {
    assertEqualVersions(nuget, [
      ['1', '1.0', '1.0.0', '1.0.0.0', '01.00.000', ' 1.0 '],
      ['1.0.1', '1.00.01', '1.0.01.0'],
      ['1.0.1-RC.1', '1.0.1-rc.1', '1.0.1-Rc.01', '1.0.1-rc.1+build.5'],
      ['4.3.1+githash', '4.3.1'],
    ]);
  });
  it('rejects what NuGet does not parse: five parts, v prefixes, empty labels, Int32 overflow, ranges', () => {
    assertInvalid(nuget, ['', '1.0.0.0.0', 'v1.0', '1.0-', '1.0-rc..1', '1.0+', '2147483648.0', '1.*', '[1.0]', '1.0 beta', '1.0.x', '9'.repeat(300)]);
  });
  it('reads interval ranges as the docs\' table gives them', () => {
    assertRanges(
      nuget,
      [
        { spec: '1.0', admits: ['1.0', '1.0.0.0', '5.0'], rejects: ['0.9', '1.0-rc.1'] },
        { spec: '[1.0,)', admits: ['1.0', '99'], rejects: ['0.9'] },
        { spec: '(1.0,)', admits: ['1.0.0.1', '1.0.1-beta'], rejects: ['1.0.0', '1.0'] },
        { spec: '[1.0]', admits: ['1.0.0', '1.0.0.0'], rejects: ['1.0.1', '1.0.0-rc'] },
        { spec: '(,1.0]', admits: ['0.1', '1.0'], rejects: ['1.0.0.1'] },
        { spec: '(,1.0)', admits: ['0.9', '1.0-rc'], rejects: ['1.0'] },
        { spec: '[1.0,2.0]', admits: ['1.0', '2.0'], rejects: ['2.0.0.1', '0.9'] },
        { spec: '(1.0,2.0)', admits: ['1.5', '2.0-rc.1'], rejects: ['1.0', '2.0'] },
        { spec: '[1.0, 2.0)', admits: ['1.0', '1.9.9'], rejects: ['2.0'] },
        { spec: '[1.0,2.0), [3.0]', admits: ['1.5', '3.0'], rejects: ['2.5'] },
        { spec: '', admits: ['0.1', '99'], rejects: [] },
      ],
      ['[1.0', '(1.0)', '(,)', '[2.0,1.0]', '[1.0,2.0,3.0]', '[1.0,2.0) x', 'latest', '1.0,', '[a,b]', '$(SkVersion)'],
    );
  });
  it('reads a floating version as the window it floats in', () => {
    assertRanges(
      nuget,
      [
        { spec: '*', admits: ['0.0.1', '99.0-beta'], rejects: [] },
        { spec: '1.*', admits: ['1.0', '1.9.9', '1.5.0-beta'], rejects: ['0.9', '2.0', '2.0.0-rc.1'] },
        { spec: '1.1.*', admits: ['1.1.0', '1.1.1'], rejects: ['1.2.0-alpha', '1.2.0', '1.0.9', '1.1.0-alpha'] },
        { spec: '1.1.*-*', admits: ['1.1.0-alpha', '1.1.2-beta', '1.1.9'], rejects: ['1.2.0-alpha', '1.0.9'] },
        { spec: '1.0.0-*', admits: ['1.0.0-alpha', '1.0.0'], rejects: ['0.9', '1.0.1'] },
        { spec: '1.0.0-beta*', admits: ['1.0.0-beta', '1.0.0-beta.2', '1.0.0-rc', '1.0.0'], rejects: ['1.0.0-alpha', '1.0.1'] },
        { spec: '[1.0.*, 2.0)', admits: ['1.0.0', '1.5'], rejects: ['2.0', '0.9'] },
      ],
      ['1.*.0', '**', '1.*-beta', 'x.*', '1.0.0-be*ta', '1.0.0-beta-*-*'],
    );
  });
});

describe('RubyGems (Gem::Version order, Gem::Requirement)', () => {
  const gem = cmpFor('RubyGems');
  it('sorts a word below a number, so prereleases below their release, words by their bytes', () => {
    assertChain(gem, ['0.9', '1.0.0.a', '1.0.0.a1', '1.0.0.a2', '1.0.0.a10', '1.0.0.b', '1.0.0.pre', '1.0.0.rc1', '1.0.0', '1.0.0.1', '1.0.1', '1.1', '1.10', '2']);
    // rubygems' own test_spaceship cases.
    assertChain(gem, ['1.8.a', '1.8.b1', '1.8']);
    assertChain(gem, ['1.0.A', '1.0.a']);
    assertChain(gem, ['5.a', '5.0.0.rc2', '5.0.0']);
    // `-` is `.pre.`: below the word `rc` after it, above a bare `.beta`.
    assertChain(gem, ['1.0.beta', '1.0-beta', '1.0.rc', '1.0']);
  });
  it('ignores trailing zeros, of the numbers and of the prerelease part', () => {
    assertEqualVersions(gem, [
      ['1', '1.0', '1.0.0', ' 1.0 '],
      ['1.0.a', '1.a', '1.0.0.a.0'],
      ['1.0.a1', '1.a.1', '1.0.0.a.1'],
      ['1.0-beta', '1.0.pre.beta'],
      ['9'.repeat(40), `${'9'.repeat(40)}.0`],
    ]);
  });
  it('rejects what Gem::Version does not parse', () => {
    assertInvalid(gem, ['', 'v1.0', '1.0.', '.1', '1..0', '1.0+build', '1.0_1', '~> 1.0', '1 0', 'a.1', '9'.repeat(300)]);
  });
  it('reads Gem::Requirement clauses, comma-joined, all holding', () => {
    assertRanges(
      gem,
      [
        { spec: '~> 1.2', admits: ['1.2', '1.9.9', '1.99.a'], rejects: ['1.1.9', '2', '2.0.0.rc1', '2.0.a'] },
        { spec: '~> 1.2.3', admits: ['1.2.3', '1.2.99'], rejects: ['1.3', '1.3.0.pre', '1.2.2'] },
        { spec: '~> 1', admits: ['1.0', '1.5'], rejects: ['2.0', '0.9'] },
        { spec: '~> 1.2.a', admits: ['1.2.a', '1.2', '1.9'], rejects: ['2.0', '1.1'] },
        { spec: '~>1.2', admits: ['1.5'], rejects: ['2'] },
        { spec: '1.2.0', admits: ['1.2'], rejects: ['1.2.1'] },
        { spec: '= 1.2', admits: ['1.2.0'], rejects: ['1.2.0.1'] },
        { spec: '!= 1.2', admits: ['1.1', '1.3'], rejects: ['1.2.0'] },
        { spec: '> 1.2', admits: ['1.2.0.1', '1.3.a'], rejects: ['1.2', '1.2.0.a'] },
        { spec: '< 2', admits: ['1.9', '2.0.a'], rejects: ['2.0'] },
        { spec: '>= 1.2, < 2', admits: ['1.2', '1.9'], rejects: ['1.1', '2'] },
        { spec: '~> 7.0, >= 7.1', admits: ['7.1', '7.9'], rejects: ['7.0.5', '8.0'] },
        { spec: '>= 0', admits: ['0', '99'], rejects: [] },
        { spec: '', admits: ['0.1', '99'], rejects: [] },
      ],
      ['== 1.0', '~ 1.0', '>= 1.0,', '>= 1.0 < 2', '^1.0', 'latest', '>= ', '1.0 || 2.0', Array.from({ length: 65 }, (_, i) => `!= 1.${i}`).join(', ')],
    );
  });
});

describe('Packagist (Composer VersionParser and version_compare)', () => {
  const composer = cmpFor('Packagist');
  it('orders stabilities dev < alpha < beta < RC < stable < patch, with their numbers', () => {
    assertChain(composer, ['0.9', '1.0.0-dev', '1.0.0-alpha1', '1.0.0-a2', '1.0.0-beta', '1.0.0-beta2-dev', '1.0.0-beta.2', '1.0.0-beta10', '1.0.0-RC1', '1.0.0-rc2', '1.0.0', '1.0.0-patch1', '1.0.0-pl2', '1.0.0.1', '1.0.1', '1.2', '1.10', '1.x-dev', '2']);
  });
  it('normalizes as VersionParser does: v prefix, four parts, aliases, flags and build metadata dropped', () => {
    assertEqualVersions(composer, [
      ['1', '1.0', '1.0.0', '1.0.0.0', 'v1.0.0', 'V1.0', '1.0.0+build.5', '1.0 as 2.0', '1.0@stable', '1.0-stable', ' 1.0 '],
      ['1.0.0-beta2', '1.0.0-b2', '1.0.0-beta.2', '1.0.0beta2', '1.0.0.0-BETA2'],
      ['1.0-RC1', '1.0.0-rc1'],
      ['1.0.0-p1', '1.0.0-patch1', '1.0.0-pl1'],
    ]);
  });
  it('has no order for branches, and rejects what Composer does not parse', () => {
    assertInvalid(composer, ['', 'dev-main', 'dev-1.x', 'master', 'trunk', '1.0.0.0.0', '1.0-foo', '~1.0', '^1.0', '1.*', '1.2.3.4-beta1.x', 'x'.repeat(300)]);
  });
  it('reads constraints as VersionParser::parseConstraints does', () => {
    assertRanges(
      composer,
      [
        { spec: '^1.2.3', admits: ['1.2.3', '1.9', '1.99.0-RC1'], rejects: ['1.2.2', '2.0.0', '2.0.0-beta1', '1.2.3-RC1'] },
        // With a stability flag, Composer's -dev lower bound: 1.2.3's own prereleases are in.
        { spec: '^1.2.3@dev', admits: ['1.2.3-RC1', '1.2.3-dev'], rejects: ['1.2.2', '2.0.0'] },
        { spec: '^0.3', admits: ['0.3.0', '0.3.9'], rejects: ['0.4.0', '0.2.9'] },
        { spec: '^0.0.3', admits: ['0.0.3'], rejects: ['0.0.4'] },
        { spec: '~1.2', admits: ['1.2', '1.9'], rejects: ['2.0', '2.0.0-beta1', '1.1.9', '1.2.0-beta1'] },
        { spec: '~1.2.3', admits: ['1.2.3', '1.2.9'], rejects: ['1.3.0', '1.2.2'] },
        { spec: '1.2.*', admits: ['1.2.0', '1.2.9', '1.2.9-alpha1'], rejects: ['1.3.0', '1.3.0-alpha1', '1.1.9'] },
        { spec: '*', admits: ['0.1', '9.9'], rejects: [] },
        { spec: '>=1.0 <2.0', admits: ['1.0', '1.9.9'], rejects: ['0.9', '1.0.0-RC1', '2.0.0-beta1', '2.0'] },
        { spec: '>=1.0-beta1', admits: ['1.0.0-beta1', '1.0.0-RC1'], rejects: ['1.0.0-alpha1'] },
        { spec: '>= 1.0, < 2.0', admits: ['1.5'], rejects: ['2.0'] },
        { spec: '>1.0 <=2.0', admits: ['1.0.0-patch1', '2.0'], rejects: ['1.0', '2.0.0-patch1'] },
        { spec: '!=1.5', admits: ['1.4', '1.6'], rejects: ['1.5.0.0'] },
        { spec: '1.0 - 2.0', admits: ['1.0', '2.0.9'], rejects: ['2.1.0', '0.9'] },
        { spec: '1.0 - 2.0.0', admits: ['2.0.0'], rejects: ['2.0.1'] },
        { spec: '^1.0 || ^3.0', admits: ['1.5', '3.1'], rejects: ['2.5'] },
        { spec: '^1.0 | ^3.0', admits: ['3.1'], rejects: ['2.5'] },
        { spec: '1.0.2', admits: ['1.0.2.0', 'v1.0.2'], rejects: ['1.0.3'] },
        { spec: '^1.0@dev', admits: ['1.5'], rejects: ['2.0'] },
        { spec: '', admits: ['0.1'], rejects: [] },
      ],
      ['dev-main', '~>1.0', '>=', '1.0 -', '^', 'latest', '1.0 || dev-main', Array.from({ length: 65 }, (_, i) => `!=1.${i}`).join(' ')],
    );
  });
});

describe('Pub (pub_semver order and constraints)', () => {
  const pub = cmpFor('Pub');
  it('orders prereleases below their release, identifiers as SemVer does', () => {
    assertChain(pub, ['0.9.9', '1.0.0-0', '1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-alpha.beta', '1.0.0-beta', '1.0.0-beta.2', '1.0.0-beta.11', '1.0.0-rc.1', '1.0.0', '1.0.1', '1.2.0', '1.10.0', '2.0.0']);
  });
  it('orders build metadata, unlike SemVer: after the bare version, identifier by identifier, below the next prerelease', () => {
    assertChain(pub, ['1.0.0', '1.0.0+1', '1.0.0+2', '1.0.0+10', '1.0.0+10.1', '1.0.0+build', '1.0.1-dev', '1.0.1-dev+1', '1.0.1']);
  });
  it('reads numbers as Dart ints: leading zeros do not count', () => {
    assertEqualVersions(pub, [['1.2.3', '01.02.03', ' 1.2.3 '], ['1.0.0-beta.2', '1.0.0-beta.02'], ['1.0.0+7', '1.0.0+007']]);
  });
  it('rejects what Version.parse does not read', () => {
    assertInvalid(pub, ['', '1', '1.2', 'v1.2.3', '1.2.3.4', '1.2.3-', '1.2.3+', '1.2.3-beta..1', '1.2.3 foo', '^1.2.3', 'any', '9223372036854775808.0.0', 'x'.repeat(300)]);
  });
  it('reads pubspec constraints as VersionConstraint.parse does', () => {
    assertRanges(
      pub,
      [
        { spec: '^1.2.3', admits: ['1.2.3', '1.2.3+1', '1.9.0', '1.9.0-dev'], rejects: ['1.2.2', '1.2.3-dev', '2.0.0-dev', '2.0.0'] },
        { spec: '^0.2.3', admits: ['0.2.3', '0.2.9'], rejects: ['0.2.2', '0.3.0-0', '0.3.0'] },
        // pub_semver's nextBreaking for 0.x is the next minor: ^0.0.3 is >=0.0.3 <0.1.0, not <0.0.4.
        { spec: '^0.0.3', admits: ['0.0.3', '0.0.4', '0.0.99'], rejects: ['0.0.2', '0.1.0-dev', '0.1.0'] },
        { spec: '^ 1.0.0-dev', admits: ['1.0.0-dev', '1.0.0', '1.5.0'], rejects: ['1.0.0-alpha', '2.0.0-0'] },
        { spec: '>=1.0.0 <2.0.0', admits: ['1.0.0', '1.0.0+1', '1.99.0'], rejects: ['0.9.9', '1.0.0-rc.1', '2.0.0-dev', '2.0.0'] },
        { spec: '>=1.0.0<2.0.0', admits: ['1.5.0'], rejects: ['2.0.0'] },
        { spec: '>1.0.0 >=1.2.3 <1.3.0', admits: ['1.2.3', '1.2.5'], rejects: ['1.2.3-pre', '1.3.0', '1.1.0'] },
        // The lower bound a prerelease of the upper: that version's prereleases are in.
        { spec: '>=1.0.0-dev.2 <1.0.0', admits: ['1.0.0-dev.2', '1.0.0-dev.3'], rejects: ['1.0.0-dev.1', '1.0.0'] },
        { spec: '<1.2.3', admits: ['1.2.1', '1.2.2+foo'], rejects: ['1.2.3-dev', '1.2.3', '1.2.3+foo'] },
        { spec: '<=1.2.3', admits: ['1.2.3-build', '1.2.3'], rejects: ['1.2.3+foo', '1.2.4'] },
        { spec: '>1.2.3', admits: ['1.2.3+foo', '1.2.4'], rejects: ['1.2.3', '1.2.3-build'] },
        { spec: '>=1.2.3', admits: ['1.2.3', '1.2.3+foo'], rejects: ['1.2.3-build', '1.2.2'] },
        // An exclusive upper bound with a build or a prerelease keeps what sorts below it.
        { spec: '<2.0.0-beta', admits: ['2.0.0-alpha'], rejects: ['2.0.0-beta', '2.0.0'] },
        { spec: '1.2.3', admits: ['1.2.3'], rejects: ['1.2.3+1', '1.2.4', '1.2.3-dev'] },
        { spec: '1.2.3+1', admits: ['1.2.3+1'], rejects: ['1.2.3', '1.2.3+2'] },
        { spec: 'any', admits: ['0.0.1', '99.0.0-dev'], rejects: [] },
        { spec: '', admits: ['1.0.0'], rejects: [] },
      ],
      ['^1.0.0 <1.2.3', '>=1.0.0 ^1.0.0', 'any 1.0.0', '^1.2', '~1.2.3', '=1.2.3', '!=1.2.3', '<>1.0.0', '1.0.0<', '1.0.0 foo', '1.0.0foo', '>foo', '^foo', 'anything', '1.x', '>=1.0.0 || <0.5.0', Array.from({ length: 65 }, (_, i) => `>=1.${i}.0`).join(' ')],
    );
  });
  it('admits nothing when the bounds cross', () => {
    assert.deepEqual(pub.declared?.('>=2.0.0 <1.0.0'), []);
    assert.deepEqual(pub.declared?.('>1.0.0 <=1.0.0'), []);
  });
});

describe('SwiftURL (git tags as SemVer 2.0)', () => {
  const swift = cmpFor('SwiftURL');
  it('orders as SemVer 2.0: prereleases below their release, build metadata ignored', () => {
    assertChain(swift, ['0.2.4', '0.2.5-beta.1', '0.2.5-beta.2', '0.2.5-beta.10', '0.2.5', '0.2.10', '1.0.0-rc.1', '1.0.0', '1.10.0']);
    assertEqualVersions(swift, [['1.0.0+build.1', '1.0.0+build.2', '1.0.0']]);
  });
  it('reads tags as SwiftPM does: one leading v dropped, a missing minor or patch as 0', () => {
    assertEqualVersions(swift, [['v1.2.3', '1.2.3', ' v1.2.3 '], ['1.2', 'v1.2', '1.2.0'], ['1', 'v1', '1.0.0'], ['1.2-beta', '1.2.0-beta']]);
    assertChain(swift, ['1', '1.0.1', 'v1.1', '1.1.1', 'v2']);
  });
  it('rejects what is no version tag', () => {
    assertInvalid(swift, ['', 'V1.2.3', 'vv1.2.3', 'release-1.0', '1.2.3.4', '01.2.3', 'main', '1.2.', '1.2.3-', 'x'.repeat(300)]);
  });
  it('reads the npm ranges the Package.swift reader writes; a branch or revision is no range', () => {
    assertRanges(
      swift,
      [
        { spec: '>=0.2.4 <1.0.0', admits: ['0.2.4', 'v0.9', '0.9.9-beta'], rejects: ['0.2.3', '1.0.0', 'v1'] },
        { spec: '>=1.2.0 <1.3.0', admits: ['1.2', 'v1.2.9'], rejects: ['1.3'] },
        { spec: '>=1.0.0 <=2.0.0', admits: ['2.0.0', '2'], rejects: ['2.0.1'] },
        { spec: '1.2.3', admits: ['v1.2.3', '1.2.3+meta'], rejects: ['1.2.4'] },
        { spec: '', admits: ['0.0.1'], rejects: [] },
      ],
      ['branch:main', 'revision:0123456789abcdef0123456789abcdef01234567', 'latest'],
    );
  });
});

describe('every comparator on hostile input', () => {
  const all = ['PyPI', 'npm', 'crates.io', 'Go', 'Maven', 'NuGet', 'RubyGems', 'Packagist', 'Pub', 'SwiftURL'].map(cmpFor);
  it('never throws from parse, compare, valid or declared', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), fc.string({ maxLength: 40 }), (a, b) => {
        for (const c of all) {
          c.parse(a);
          c.valid(b);
          const r = c.compare(a, b);
          assert.ok(Number.isNaN(r) || [-1, 0, 1].includes(r));
          c.declared?.(a);
        }
      }),
      { numRuns: 300 },
    );
    for (const c of all) {
      for (const bad of [undefined, null, 42, {}, []] as unknown as string[]) {
        assert.equal(c.parse(bad), undefined);
        assert.equal(c.valid(bad), false);
      }
    }
  });
  it('orders consistently: sorting then comparing neighbours never contradicts', () => {
    const pool = ['1.0', '1.0.0', '1.0rc1', '1.0-1', '1.0.post1', '1.0.0-rc.1', '1.0-SNAPSHOT', '2.0.0', 'v1.0.0', '1.0.Final', '0.9', '1.0a1', '1.0.1'];
    for (const c of all) {
      const valid = pool.filter((v) => c.valid(v));
      const sorted = [...valid].sort((a, b) => c.compare(a, b));
      for (let i = 0; i < sorted.length; i++) {
        for (let j = i + 1; j < sorted.length; j++) {
          assert.ok(c.compare(sorted[i] as string, sorted[j] as string) <= 0, `${c.name}: ${sorted[i]} <= ${sorted[j]}`);
          assert.equal(c.compare(sorted[i] as string, sorted[j] as string), -c.compare(sorted[j] as string, sorted[i] as string) || 0);
        }
      }
    }
  });
});
