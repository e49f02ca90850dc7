import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evalCondition, type Truth } from '../../../src/lang/manifests/msbuild-condition.js';

// Properties as a project file sets them: tf is set, empty is set to '', later is defined later in
// the file (unset at this point: ''); a name not here (Configuration) the files do not decide.
const PROPS: Record<string, string | undefined> = { tf: 'net8.0', empty: '', later: '', dir: 'src/', major: '10', ver: '1.20.0', flag: 'true', ref: '$(Other)' };
const lookup = (n: string): string | undefined => (Object.hasOwn(PROPS, n) ? PROPS[n] : undefined);

const CASES: Array<[string, Truth]> = [
  ['', true],
  ["'$(TF)' == 'net8.0'", true],
  [" '$(tf)'=='NET8.0' ", true],
  ["'$(TF)' != 'net8.0'", false],
  ["'$(Later)' == ''", true],
  ["'$(Empty)' != ''", false],
  ["'$(Configuration)' == 'Debug'", undefined],
  ["'$(Configuration)|$(Platform)' == 'Debug|AnyCPU'", undefined],
  ["'$(TF)' == 'net6.0' and '$(Configuration)' == 'Debug'", false],
  ["'$(TF)' == 'net8.0' or '$(Configuration)' == 'Debug'", true],
  ["'$(TF)' == 'net8.0' and '$(Configuration)' == 'Debug'", undefined],
  ["!('$(TF)' == 'net8.0')", false],
  ["!!('$(TF)' == 'net8.0')", true],
  ["('$(TF)' == 'net6.0' or ('$(Flag)' AND '$(Major)' >= '9'))", true],
  ['$(Flag)', true],
  ["'$(Major)' > '9'", true],
  ["'$(Major)' == '10.0'", true],
  ["'$(Ver)' < '1.3'", false],
  ["'$(TF)' > '1'", undefined],
  ["HasTrailingSlash('$(Dir)')", true],
  ["HasTrailingSlash('$(TF)')", false],
  ["Exists('$(Dir)local.props')", undefined],
  ["'$(Ref)' == ''", undefined],
  ["'$([MSBuild]::VersionGreaterThan($(Ver), 1.0))' == 'true'", undefined],
  ["'@(PackageReference)' == ''", undefined],
  // Decoys: a `$(` that opens no reference is text; malformed conditions are undecided, never true.
  ["'$(Foo' == 'x'", false],
  ["'$(Foo' == '$(Foo'", true],
  ["'$(TF)' == ", undefined],
  ["'$(TF)' == 'net8.0", undefined],
  ["('$(TF)' == 'net8.0'", undefined],
  ["'a' == 'a' == 'a'", undefined],
];

describe('MSBuild conditions', () => {
  for (const [condition, want] of CASES) {
    it(`${JSON.stringify(condition)} is ${String(want)}`, () => {
      assert.equal(evalCondition(condition, lookup), want);
    });
  }
  it('hostile conditions (deep nesting, long chains, long strings, many references) are undecided or decided, quickly', () => {
    const t = performance.now();
    assert.equal(evalCondition(`${'('.repeat(200_000)}'a'=='a'${')'.repeat(200_000)}`, lookup), undefined);
    assert.equal(evalCondition(`${'!'.repeat(400_001)}'a'=='a'`, lookup), false);
    assert.equal(evalCondition(`${"'$(TF)'=='net8.0' and ".repeat(50_000)}true`, lookup), true);
    assert.equal(evalCondition(`'${'$(Ver)'.repeat(200_000)}' == ''`, lookup), undefined);
    assert.equal(evalCondition(`'${'x'.repeat(1_000_000)}' == 'x'`, lookup), undefined);
    assert.equal(evalCondition("'a".repeat(300_000), lookup), undefined);
    assert.ok(performance.now() - t < 5000, `${Math.round(performance.now() - t)} ms`);
  });
});
