/**
 * The OSV matcher on real advisory shapes (the facts of GHSA, PYSEC and MAL records, inline) and
 * on every pitfall of the research checklist (shared/research/advisories.md §2.3): pre-releases
 * below a fix, inclusive last_affected, introduced-only ranges, versions-only records, several
 * ranges and entries, GIT ranges first, ecosystem order over string order, unpinned requirements,
 * local version labels. Cases are tables: versions that must match, versions that must not.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import semver from 'semver';
import { normalizePackageName, type OsvAffected, type OsvEvent, type OsvRange } from '../../src/advisories/osv.js';
import { fixedFloorForRange, fixedVersionFor, isWithdrawn, rangeAffected, versionAffected, type AffectedMatch } from '../../src/advisories/match.js';

const pypi = (name: string, rest: Omit<OsvAffected, 'package'>): OsvAffected => ({ package: { ecosystem: 'PyPI', name, purl: `pkg:pypi/${name}` }, ...rest });
const ecosystemRange = (...events: OsvEvent[]): OsvRange => ({ type: 'ECOSYSTEM', events });

// GHSA-53q9-r3pm-6pq6 (CVE-2025-32434): torch.load with weights_only=True → RCE; torch [0, 2.6.0).
const GHSA_53Q9 = pypi('torch', { ranges: [ecosystemRange({ introduced: '0' }, { fixed: '2.6.0' })] });
// GHSA-887c-mr87-cxwp (CVE-2025-3730): ctc_loss DoS; stored version: introduced 0, last_affected 2.7.1.
const GHSA_887C = pypi('torch', { ranges: [ecosystemRange({ introduced: '0' }, { last_affected: '2.7.1' })] });
// PYSEC-2022-43015 (CVE-2022-45907): a GIT range first, then ECOSYSTEM [0, 1.13.1), then 26 versions.
const PYSEC_43015_VERSIONS = ['1.0.0', '1.0.1', '1.0.1.post2', '1.1.0', '1.1.0.post2', '1.10.0', '1.10.1', '1.10.2', '1.11.0', '1.12.0', '1.12.1', '1.13.0', '1.2.0', '1.3.0', '1.3.0.post2', '1.3.1', '1.4.0', '1.5.0', '1.5.1', '1.6.0', '1.7.0', '1.7.1', '1.8.0', '1.8.1', '1.9.0', '1.9.1'];
const PYSEC_43015 = pypi('torch', {
  ranges: [
    { type: 'GIT', repo: 'https://github.com/pytorch/pytorch', events: [{ introduced: '0' }, { fixed: '767f6aa49fe20a2766b9843d01e3b7f7793df6a3' }] },
    ecosystemRange({ introduced: '0' }, { fixed: '1.13.1' }),
  ],
  versions: PYSEC_43015_VERSIONS,
});
// GHSA-c67j-w6g6-q2cm (CVE-2025-68664): langchain-core, two release lines as two affected entries.
const GHSA_C67J = [
  pypi('langchain-core', { ranges: [ecosystemRange({ introduced: '1.0.0' }, { fixed: '1.2.5' })] }),
  pypi('langchain-core', { ranges: [ecosystemRange({ introduced: '0' }, { fixed: '0.3.81' })] }),
];
// MAL-2025-1970: the deepseeek typosquat, versions only.
const MAL_2025_1970 = pypi('deepseeek', { versions: ['0.0.8'] });
// PYSEC-2023-194 (CVE-2023-44467): langchain-experimental, GIT range, ECOSYSTEM introduced 0 with no fix.
const PYSEC_2023_194 = pypi('langchain-experimental', {
  ranges: [
    { type: 'GIT', repo: 'https://github.com/langchain-ai/langchain', events: [{ introduced: '0' }, { fixed: '4c97a10bd0d9385cfee234a63b5bd826a295e483' }] },
    ecosystemRange({ introduced: '0' }),
  ],
  versions: ['0.0.1', '0.0.10', '0.0.14', '0.0.1rc1'],
});
// GHSA-r399-636x-v7f6 (CVE-2025-68665): @langchain/core on npm, two release lines.
const GHSA_R399 = [
  { package: { ecosystem: 'npm', name: '@langchain/core' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '1.0.0' }, { fixed: '1.1.8' }] }] },
  { package: { ecosystem: 'npm', name: '@langchain/core' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '0.3.80' }] }] },
];

interface Case {
  version: string;
  fixed?: string;
  lastAffected?: string;
  why?: RegExp;
}

/** Every `affected` version matches (confidence exact), with its fix; every `clean` one does not. */
function table(ecosystem: string, entries: OsvAffected | OsvAffected[], affected: Case[], clean: string[]): void {
  const list = Array.isArray(entries) ? entries : [entries];
  const first = (v: string): AffectedMatch | undefined => list.map((e) => versionAffected(ecosystem, e, v)).find(Boolean);
  for (const c of affected) {
    const m = first(c.version);
    assert.ok(m, `${c.version} must be affected`);
    assert.equal(m.confidence, 'exact');
    assert.equal(m.fixed, c.fixed, `${c.version}: fixed`);
    assert.equal(m.lastAffected, c.lastAffected, `${c.version}: last_affected`);
    if (c.why) assert.match(m.why, c.why);
  }
  for (const v of clean) assert.equal(first(v), undefined, `${v} must not be affected`);
}

describe('real records', () => {
  it('GHSA-53q9-r3pm-6pq6 torch [0, 2.6.0): pre-releases of the fix and local builds are affected', () => {
    table(
      'PyPI',
      GHSA_53Q9,
      [
        { version: '2.4.0+cu121', fixed: '2.6.0', why: /^torch 2\.4\.0\+cu121 is in \[0, 2\.6\.0\) \(local label \+cu121 ignored/ },
        { version: '2.5.1', fixed: '2.6.0' },
        { version: '2.6.0rc1', fixed: '2.6.0' },
        { version: '2.6.0.dev20241112', fixed: '2.6.0' },
        { version: '0.1.2', fixed: '2.6.0' },
      ],
      ['2.6.0', '2.6.0+cpu', '2.6.0.post1', '2.6.1', '2.7.0', '10.0'],
    );
    assert.equal(fixedVersionFor('PyPI', [GHSA_53Q9], '2.4.0'), '2.6.0');
    assert.equal(fixedVersionFor('PyPI', [GHSA_53Q9], '2.6.0'), undefined);
  });

  it('GHSA-887c-mr87-cxwp last_affected 2.7.1 is inclusive and reports no fix (pitfall 2)', () => {
    table(
      'PyPI',
      GHSA_887C,
      [
        { version: '2.7.1', lastAffected: '2.7.1', why: /\[0, 2\.7\.1\]/ },
        { version: '2.7.1+cu118', lastAffected: '2.7.1' },
        { version: '2.7.0', lastAffected: '2.7.1' },
      ],
      ['2.7.1.post1', '2.7.2', '2.8.0'],
    );
    assert.equal(fixedVersionFor('PyPI', [GHSA_887C], '2.7.0'), undefined);
  });

  it('PYSEC-2022-43015: the GIT range listed first does not stop the ECOSYSTEM range (pitfall 6)', () => {
    table(
      'PyPI',
      PYSEC_43015,
      [
        { version: '1.0.1.post2', fixed: '1.13.1', why: /listed in the advisory's affected versions/ },
        { version: '1.13.0', fixed: '1.13.1' },
        { version: '0.4.1', fixed: '1.13.1', why: /is in \[0, 1\.13\.1\)/ },
        { version: '1.12.1+cu116', fixed: '1.13.1' },
      ],
      ['1.13.1', '2.0.0', '767f6aa49fe20a2766b9843d01e3b7f7793df6a3'],
    );
    // Without the versions list only the ECOSYSTEM range, behind the GIT one, can match.
    const rangesOnly = { ...PYSEC_43015, versions: [] };
    table('PyPI', rangesOnly, [{ version: '1.12.1', fixed: '1.13.1' }], ['1.13.1']);
  });

  it('GHSA-c67j-w6g6-q2cm: two release lines as two entries, any entry matching (pitfall 5)', () => {
    table(
      'PyPI',
      GHSA_C67J,
      [
        { version: '0.3.80', fixed: '0.3.81' },
        { version: '1.0.0', fixed: '1.2.5' },
        { version: '1.2.5rc1', fixed: '1.2.5' },
      ],
      ['0.3.81', '0.9.0', '1.0.0rc1', '1.2.5', '2.0.0'],
    );
    assert.equal(fixedVersionFor('PyPI', GHSA_C67J, '0.3.5'), '0.3.81');
    assert.equal(fixedVersionFor('PyPI', GHSA_C67J, '1.1.0'), '1.2.5');
  });

  it('fixedFloorForRange: a declared range gets the fix from which nothing it admits is affected, never one dressed up as fixed', () => {
    // One span with a fix: the range's floor is the fix, whether the range admits it or not.
    assert.equal(fixedFloorForRange('PyPI', [GHSA_53Q9], '>=1.13.0.dev'), '2.6.0');
    assert.equal(fixedFloorForRange('PyPI', [GHSA_53Q9], '<2.0'), '2.6.0');
    assert.equal(fixedFloorForRange('PyPI', [GHSA_53Q9], '~=2.5'), '2.6.0');
    // A GIT range and a versions list beside the ECOSYSTEM range: the listed versions are all below the fix.
    assert.equal(fixedFloorForRange('PyPI', [PYSEC_43015], '>=1.13.0.dev'), '1.13.1');
    // last_affected (no fix) and an open-ended range: none.
    assert.equal(fixedFloorForRange('PyPI', [GHSA_887C], '>=2.0'), undefined);
    assert.equal(fixedFloorForRange('PyPI', [pypi('torch', { ranges: [ecosystemRange({ introduced: '2.0' })] })], '>=1.0'), undefined);
    // Two release lines: a range over both needs the higher fix; one over the older line only the lower.
    assert.equal(fixedFloorForRange('PyPI', GHSA_C67J, '>=0.3'), '1.2.5');
    assert.equal(fixedFloorForRange('PyPI', GHSA_C67J, '>=0.3,<0.4'), '0.3.81');
    // An affected version listed outright above the floor, inside the range: none.
    const listedAbove = pypi('torch', { ranges: [ecosystemRange({ introduced: '0' }, { fixed: '2.6.0' })], versions: ['2.7.0'] });
    assert.equal(fixedFloorForRange('PyPI', [listedAbove], '>=2.0'), undefined);
    assert.equal(fixedFloorForRange('PyPI', [listedAbove], '>=2.0,<2.7'), '2.6.0');
    // A range the ecosystem cannot read, and one that admits nothing affected: none.
    assert.equal(fixedFloorForRange('PyPI', [GHSA_53Q9], 'not a range ((('), undefined);
    assert.equal(fixedFloorForRange('PyPI', [GHSA_53Q9], '>=3.0'), undefined);
  });

  it('MAL-2025-1970: a versions-only record matches its versions, normalized (pitfall 4)', () => {
    table('PyPI', MAL_2025_1970, [{ version: '0.0.8', why: /deepseeek 0\.0\.8 is listed/ }, { version: '0.0.08', why: /\(as 0\.0\.8\)/ }], ['0.0.7', '0.0.9', '0.0.8.post1']);
    assert.equal(rangeAffected('PyPI', MAL_2025_1970, '>=0.0.1')?.confidence, 'range');
    assert.equal(rangeAffected('PyPI', MAL_2025_1970, '<0.0.8'), undefined);
    assert.equal(fixedVersionFor('PyPI', [MAL_2025_1970], '0.0.8'), undefined);
  });

  it('PYSEC-2023-194: introduced-only means every version from there on (pitfall 3)', () => {
    table(
      'PyPI',
      PYSEC_2023_194,
      [
        { version: '0.0.14', why: /listed/ },
        { version: '0.0.50', why: /is in \[0, ∞\) \(no fix\)/ },
        { version: '0.3.0' },
      ],
      [],
    );
    assert.equal(fixedVersionFor('PyPI', [PYSEC_2023_194], '0.0.14'), undefined);
    const fromLater = pypi('x', { ranges: [ecosystemRange({ introduced: '1.2.0' })] });
    table('PyPI', fromLater, [{ version: '1.2.0' }, { version: '9.0' }], ['1.1.9', '1.2.0rc1']);
  });

  it('GHSA-r399-636x-v7f6 on npm: pre-releases below the fix, build metadata ignored', () => {
    table(
      'npm',
      GHSA_R399,
      [
        { version: '1.1.8-rc.1', fixed: '1.1.8' },
        { version: '1.1.7+build.5', fixed: '1.1.8' },
        { version: '0.3.79', fixed: '0.3.80' },
      ],
      ['1.1.8', '1.1.8+build', '0.3.80', '0.9.0', '1.0.0-beta.1'],
    );
    assert.equal(rangeAffected('npm', GHSA_R399[0] as OsvAffected, '^1.1.0')?.why, '@langchain/core ^1.1.0 admits affected versions in [1.0.0, 1.1.8)');
    for (const e of GHSA_R399) assert.equal(rangeAffected('npm', e, '^1.1.8'), undefined);
  });
});

describe('data shapes from the checklist', () => {
  it('trusts the structured range over the prose (pitfall 11: PYSEC-2024-62 says "from 0.0.15", the range says 0)', () => {
    const pysec202462 = pypi('langchain-experimental', {
      ranges: [{ type: 'GIT', repo: 'https://github.com/langchain-ai/langchain', events: [{ introduced: '0' }, { fixed: '7b13292e3544b2f5f2bfb8a27a062ea2b0c34561' }] }, ecosystemRange({ introduced: '0' }, { fixed: '0.0.21' })],
    });
    table('PyPI', pysec202462, [{ version: '0.0.10', fixed: '0.0.21' }, { version: '0.0.15', fixed: '0.0.21' }], ['0.0.21']);
  });

  it('a changed record is matched as it now reads (pitfall 12: GHSA-887c last_affected 2.7.1, later fixed 2.8.0)', () => {
    const later = pypi('torch', { ranges: [ecosystemRange({ introduced: '0' }, { fixed: '2.8.0' })] });
    assert.equal(versionAffected('PyPI', GHSA_887C, '2.7.2'), undefined);
    assert.equal(versionAffected('PyPI', later, '2.7.2')?.fixed, '2.8.0');
    assert.equal(versionAffected('PyPI', GHSA_887C, '2.7.2'), undefined, 'the earlier record keeps its own spans');
    assert.equal(fixedVersionFor('PyPI', [later], '2.7.1'), '2.8.0');
  });

  it('matches on the normalized name the store keys rows by (pitfall 9)', () => {
    assert.equal(normalizePackageName('PyPI', 'Zope.Interface'), normalizePackageName('PyPI', 'zope_interface'));
    assert.equal(normalizePackageName('PyPI', 'ruamel.yaml'), 'ruamel-yaml');
    assert.equal(normalizePackageName('npm', '@LangChain/core'), '@LangChain/core');
    assert.equal(normalizePackageName('HuggingFace', 'Org/Model'), 'org/model');
    assert.equal(normalizePackageName('Maven', 'org.example:Lib'), 'org.example:Lib');
    // SwiftURL: GHSA records write the repository with or without scheme and .git; Lantern names it host/owner/repo.
    assert.equal(normalizePackageName('SwiftURL', 'https://github.com/Vapor/Vapor.git'), 'github.com/vapor/vapor');
    assert.equal(normalizePackageName('SwiftURL', 'github.com/vapor/vapor'), 'github.com/vapor/vapor');
    assert.notEqual(normalizePackageName('SwiftURL', 'github.com/vapor/vapor-extra'), 'github.com/vapor/vapor');
  });
});

describe('the event walk', () => {
  it('sorts events by the ecosystem order, introduced "0" first, before walking', () => {
    const shuffled = pypi('x', { ranges: [ecosystemRange({ fixed: '2.0' }, { introduced: '1.10' }, { fixed: '0.5' }, { introduced: '0' })] });
    table('PyPI', shuffled, [{ version: '0.4', fixed: '0.5' }, { version: '1.10', fixed: '2.0' }, { version: '1.99', fixed: '2.0' }], ['0.5', '0.7', '1.9', '2.0']);
  });

  it('compares in the ecosystem order, never as strings (pitfall 8)', () => {
    const certifi = pypi('certifi', { ranges: [ecosystemRange({ introduced: '2021.05.30' }, { fixed: '2024.07.04' })] });
    table('PyPI', certifi, [{ version: '2021.5.30', fixed: '2024.07.04' }, { version: '2024.7.3', fixed: '2024.07.04' }], ['2024.7.4', '2024.07.4', '2021.5.29']);
  });

  it('keeps a span open across a repeated introduced, as the walk does', () => {
    const doubled = pypi('x', { ranges: [ecosystemRange({ introduced: '0' }, { introduced: '1.0' }, { fixed: '2.0' }, { fixed: '3.0' })] });
    table('PyPI', doubled, [{ version: '0.5', fixed: '2.0' }, { version: '1.5', fixed: '2.0' }], ['2.0', '2.5']);
  });

  it('ignores limit events in ECOSYSTEM and SEMVER ranges', () => {
    const withLimit = pypi('x', { ranges: [ecosystemRange({ introduced: '0' }, { fixed: '2.0' }, { limit: '1.0' })] });
    table('PyPI', withLimit, [{ version: '1.5', fixed: '2.0' }], ['2.0']);
  });

  it('matches if any of several ranges in one entry does', () => {
    const two = pypi('x', { ranges: [ecosystemRange({ introduced: '1.0' }, { fixed: '1.1' }), ecosystemRange({ introduced: '2.0' }, { last_affected: '2.2' })] });
    table('PyPI', two, [{ version: '1.0.5', fixed: '1.1' }, { version: '2.2', lastAffected: '2.2' }], ['1.1', '1.5', '2.2.1']);
  });

  it('skips GIT and unknown range types, and ranges whose events do not parse', () => {
    const gitOnly = pypi('x', { ranges: [{ type: 'GIT', repo: 'https://example.com/r', events: [{ introduced: '0' }, { fixed: 'abc123' }] }] });
    assert.equal(versionAffected('PyPI', gitOnly, '1.0'), undefined);
    const odd = pypi('x', { ranges: [{ type: 'FUTURE', events: [{ introduced: '0' }] }, ecosystemRange({ introduced: '0' }, { fixed: 'not a version' }), ecosystemRange({ introduced: '3.0' })] });
    table('PyPI', odd, [{ version: '3.1' }], ['1.0']);
  });

  it('treats a missing version as affected, saying so, and an empty entry as affecting nothing', () => {
    for (const v of [undefined, '', '  ']) {
      const m = versionAffected('PyPI', GHSA_53Q9, v);
      assert.equal(m?.confidence, 'range');
      assert.match(m?.why ?? '', /no resolved version, so treated as affected \(as osv-scalibr does\)/);
    }
    assert.equal(versionAffected('PyPI', pypi('x', {}), undefined), undefined);
    assert.equal(versionAffected('PyPI', pypi('x', { ranges: [], versions: [] }), '1.0'), undefined);
  });

  it('never treats an unpinned requirement or an invalid version as a version (pitfall 10)', () => {
    for (const v of ['>=0.6.0,<1', '^1.2', 'latest', '*', 'coerce-me-2.6.0rc1']) assert.equal(versionAffected('PyPI', GHSA_53Q9, v), undefined, v);
    assert.equal(versionAffected('npm', GHSA_R399[0] as OsvAffected, '1.1'), undefined);
  });

  it('agrees with a literal osv-scalibr-style walk over random well-formed SemVer ranges', () => {
    const ver = fc.tuple(fc.nat(3), fc.nat(3), fc.nat(3), fc.option(fc.constantFrom('alpha', 'rc.1', 'rc.2'), { nil: undefined })).map(([a, b, c, p]) => `${a}.${b}.${c}${p ? `-${p}` : ''}`);
    fc.assert(
      fc.property(fc.uniqueArray(ver, { minLength: 1, maxLength: 6, comparator: (a, b) => semver.eq(a, b) }), fc.boolean(), fc.boolean(), ver, (points, fromZero, lastInclusive, probe) => {
        const sorted = [...points].sort(semver.compare);
        const events: Record<string, string>[] = [];
        if (fromZero) events.push({ introduced: '0' });
        sorted.forEach((p, i) => {
          const opening = (i % 2 === 0) !== fromZero;
          events.push(opening ? { introduced: p } : lastInclusive ? { last_affected: p } : { fixed: p });
        });
        // The reference walk: the state after the last event at or below the probe.
        let affected = false;
        for (const e of events) {
          if (e.introduced !== undefined && (e.introduced === '0' || semver.gte(probe, e.introduced))) affected = true;
          if (e.fixed !== undefined && semver.gte(probe, e.fixed)) affected = false;
          if (e.last_affected !== undefined && semver.gt(probe, e.last_affected)) affected = false;
        }
        const entry = { package: { ecosystem: 'npm', name: 'p' }, ranges: [{ type: 'SEMVER', events: [...events].reverse() }] };
        assert.equal(versionAffected('npm', entry, probe) !== undefined, affected, JSON.stringify({ events, probe }));
      }),
      { numRuns: 400 },
    );
  });
});

describe('other ecosystems', () => {
  it('Go: pseudo-versions, the v prefix and +incompatible against SEMVER ranges', () => {
    const mod = { package: { ecosystem: 'Go', name: 'github.com/example/mod' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1.2.4' }] }, { type: 'SEMVER', events: [{ introduced: '2.0.0' }, { fixed: '2.1.0' }] }] };
    table(
      'Go',
      mod,
      [
        { version: 'v0.0.0-20210101000000-abcdef123456', fixed: '1.2.4' },
        { version: 'v1.2.4-0.20210101000000-abcdef123456', fixed: '1.2.4' },
        { version: 'v2.0.0+incompatible', fixed: '2.1.0' },
      ],
      ['v1.2.4', 'v1.3.0', 'v2.1.0+incompatible'],
    );
    assert.equal(fixedVersionFor('Go', [mod], 'v1.0.0'), '1.2.4');
  });

  it('Maven: qualifiers in the Maven order, Final equal to the bare version', () => {
    const m = { package: { ecosystem: 'Maven', name: 'org.example:lib' }, ranges: [ecosystemRange({ introduced: '0' }, { fixed: '2.0.0' })], versions: ['1.0'] };
    table('Maven', m, [{ version: '2.0.0-RC1', fixed: '2.0.0' }, { version: '2.0.0-SNAPSHOT', fixed: '2.0.0' }, { version: '1.0.Final', fixed: '2.0.0', why: /listed/ }], ['2.0.0.Final', '2.0.0-sp1', '2.0.1']);
    assert.equal(rangeAffected('Maven', m, '[1.5,2.0)')?.confidence, 'range');
    assert.equal(rangeAffected('Maven', m, '[2.0,)'), undefined);
  });

  it('crates.io: Cargo requirements, bare versions being caret requirements', () => {
    const c = { package: { ecosystem: 'crates.io', name: 'tokenizers' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0.3.0' }, { fixed: '0.3.5' }] }] };
    assert.equal(rangeAffected('crates.io', c, '0.3')?.fixed, '0.3.5');
    assert.equal(rangeAffected('crates.io', c, '0.4'), undefined);
    table('crates.io', c, [{ version: '0.3.4', fixed: '0.3.5' }], ['0.3.5', '0.2.9']);
  });

  it('NuGet: prerelease numbers compared numerically and labels without case, missing parts as 0, interval ranges', () => {
    // The shape of Azure.AI.OpenAI's beta-line advisories: fixed in a numbered beta.
    const n = { package: { ecosystem: 'NuGet', name: 'Azure.AI.OpenAI' }, ranges: [ecosystemRange({ introduced: '0' }, { fixed: '1.0.0-beta.9' })] };
    // As strings `1.0.0-beta.10` sorts below `1.0.0-beta.9`: NuGet (SemVer 2.0) compares the numbers.
    table('NuGet', n, [{ version: '1.0.0-beta.8', fixed: '1.0.0-beta.9' }, { version: '1.0.0-BETA.8', fixed: '1.0.0-beta.9' }, { version: '0.9', fixed: '1.0.0-beta.9' }], ['1.0.0-beta.9', '1.0.0-beta.10', '1.0.0', '1.0.0.0', '1.0']);
    assert.equal(fixedVersionFor('NuGet', [n], '1.0.0-beta.2'), '1.0.0-beta.9');
    assert.equal(rangeAffected('NuGet', n, '[1.0.0-beta.1,1.0.0)')?.fixed, '1.0.0-beta.9');
    assert.equal(rangeAffected('NuGet', n, '(,1.0.0-beta.9)')?.confidence, 'range');
    assert.equal(rangeAffected('NuGet', n, '[1.0.0-beta.9,)'), undefined);
    assert.equal(rangeAffected('NuGet', n, '1.0.0-beta.10'), undefined);
    assert.equal(rangeAffected('NuGet', n, '0.*')?.confidence, 'range');
    assert.equal(rangeAffected('NuGet', n, '1.*'), undefined);
  });

  it('RubyGems: words below numbers, trailing zeros ignored, ~> as Gem::Requirement reads it', () => {
    // The shape of a ruby-openai advisory: two release lines.
    const g = { package: { ecosystem: 'RubyGems', name: 'ruby-openai' }, ranges: [ecosystemRange({ introduced: '0' }, { fixed: '6.5.1' }), ecosystemRange({ introduced: '7.0.0' }, { fixed: '7.3.2' })] };
    table('RubyGems', g, [{ version: '6.5.0', fixed: '6.5.1' }, { version: '6.5.1.rc1', fixed: '6.5.1' }, { version: '6.5.1-beta', fixed: '6.5.1' }, { version: '7', fixed: '7.3.2' }, { version: '7.3.2.pre', fixed: '7.3.2' }], ['6.5.1', '6.5.1.0', '6.10.0', '7.0.0.a', '7.3.2', '7.10']);
    assert.equal(fixedVersionFor('RubyGems', [g], '7.1'), '7.3.2');
    assert.equal(rangeAffected('RubyGems', g, '~> 7.3')?.fixed, '7.3.2');
    assert.equal(rangeAffected('RubyGems', g, '~> 7.3.2'), undefined);
    assert.equal(rangeAffected('RubyGems', g, '~> 6.5.1'), undefined);
    assert.equal(rangeAffected('RubyGems', g, '>= 6.5.1, < 7'), undefined);
    assert.equal(rangeAffected('RubyGems', g, '>= 6.0, < 7')?.fixed, '6.5.1');
    assert.equal(rangeAffected('RubyGems', g, '~> 6.5')?.fixed, '6.5.1');
  });

  it('Packagist: normalized versions in version_compare order, Composer constraints', () => {
    const p = { package: { ecosystem: 'Packagist', name: 'openai-php/client' }, ranges: [ecosystemRange({ introduced: '0' }, { fixed: 'v0.10.2' })] };
    table('Packagist', p, [{ version: '0.10.1', fixed: 'v0.10.2' }, { version: 'v0.10.2-beta1', fixed: 'v0.10.2' }, { version: '0.10.2-RC1', fixed: 'v0.10.2' }, { version: '0.9.0', fixed: 'v0.10.2' }], ['0.10.2', '0.10.2.0', '0.10.2-patch1', '0.10.10', 'dev-main', '1.0.0']);
    assert.equal(fixedVersionFor('Packagist', [p], '0.9'), 'v0.10.2');
    assert.equal(rangeAffected('Packagist', p, '^0.10')?.fixed, 'v0.10.2');
    assert.equal(rangeAffected('Packagist', p, '^0.10.2'), undefined);
    // Raised to the fix but letting dev versions in: 0.10.2's own prereleases are admitted.
    assert.equal(rangeAffected('Packagist', p, '^0.10.2@dev')?.confidence, 'range');
    assert.equal(rangeAffected('Packagist', p, '~0.10.3 || ^1.0'), undefined);
    assert.equal(rangeAffected('Packagist', p, '^0.9 || ^1.0')?.confidence, 'range');
    assert.equal(rangeAffected('Packagist', p, 'dev-main'), undefined);
  });

  it('Pub: pub_semver order, where a build sorts after its version, and pubspec constraints', () => {
    const d = { package: { ecosystem: 'Pub', name: 'dart_openai' }, ranges: [ecosystemRange({ introduced: '4.0.0' }, { fixed: '5.1.0' }), ecosystemRange({ introduced: '6.0.0' }, { fixed: '6.0.0+2' })] };
    table(
      'Pub',
      d,
      [{ version: '4.0.0', fixed: '5.1.0' }, { version: '5.0.9+3', fixed: '5.1.0' }, { version: '5.1.0-dev.1', fixed: '5.1.0' }, { version: '6.0.0', fixed: '6.0.0+2' }, { version: '6.0.0+1', fixed: '6.0.0+2' }],
      // 6.0.0+2 and 6.0.0+10 are past the fix: builds compare as numbers, and count at all (SemVer would call 6.0.0+1 the fix itself).
      ['3.9.9', '4.0.0-dev', '5.1.0', '5.1.0+1', '5.10.0', '6.0.0+2', '6.0.0+10', '6.0.1-dev'],
    );
    assert.equal(fixedVersionFor('Pub', [d], '4.2.0'), '5.1.0');
    assert.equal(fixedVersionFor('Pub', [d], '6.0.0'), '6.0.0+2');
    assert.equal(rangeAffected('Pub', d, '^5.0.0')?.fixed, '5.1.0');
    assert.equal(rangeAffected('Pub', d, '^5.1.0'), undefined);
    assert.equal(rangeAffected('Pub', d, '>=5.1.0 <6.0.0'), undefined);
    // <4.0.0 stops below 4.0.0's prereleases and 4.0.0 itself: nothing affected is admitted.
    assert.equal(rangeAffected('Pub', d, '<4.0.0'), undefined);
    assert.equal(rangeAffected('Pub', d, '<=4.0.0')?.fixed, '5.1.0');
    assert.equal(rangeAffected('Pub', d, 'any')?.confidence, 'range');
    assert.equal(rangeAffected('Pub', d, '^6.0.0+2'), undefined);
    assert.equal(rangeAffected('Pub', d, '^1.0.0 <5.0.0'), undefined);
  });

  it('SwiftURL: tags with a v prefix or fewer parts, SemVer order, the npm ranges of Package.swift', () => {
    const s = { package: { ecosystem: 'SwiftURL', name: 'https://github.com/MacPaw/OpenAI.git' }, ranges: [ecosystemRange({ introduced: '0.2.0' }, { fixed: 'v0.2.5' }), { type: 'SEMVER', events: [{ introduced: '1.0.0' }, { fixed: '1.0.2' }] }] };
    table(
      'SwiftURL',
      s,
      [{ version: '0.2.4', fixed: 'v0.2.5' }, { version: 'v0.2', fixed: 'v0.2.5' }, { version: '0.2.5-beta.1', fixed: 'v0.2.5' }, { version: '1.0.1', fixed: '1.0.2' }, { version: 'v1.0.1', fixed: '1.0.2' }],
      ['0.1.9', 'v0.2.5', '0.2.5', '0.2.5+build', '0.2.10', '1.0.2', 'main', '0123456789abcdef0123456789abcdef01234567'],
    );
    assert.equal(fixedVersionFor('SwiftURL', [s], 'v0.2.1'), 'v0.2.5');
    assert.equal(rangeAffected('SwiftURL', s, '>=0.2.4 <1.0.0')?.fixed, 'v0.2.5');
    assert.equal(rangeAffected('SwiftURL', s, '>=0.2.5 <0.3.0'), undefined);
    // The SEMVER range is read alongside: `from: "1.0.0"` admits 1.0.0 and 1.0.1.
    assert.equal(rangeAffected('SwiftURL', s, '>=1.0.0 <2.0.0')?.fixed, '1.0.2');
    assert.equal(rangeAffected('SwiftURL', s, 'branch:main'), undefined);
  });

  it('an ecosystem without a version order compares exact versions only, and says so', () => {
    const hex = { package: { ecosystem: 'Hex', name: 'g' }, ranges: [ecosystemRange({ introduced: '0' }, { fixed: '2.0.0' })], versions: ['1.2.3'] };
    table('Hex', hex, [{ version: '1.2.3', fixed: undefined, why: /Hex has no version order in Lantern, so only exact versions are compared, never ranges/ }], ['1.5.0', '1.2.3+1']);
    assert.match(rangeAffected('Hex', hex, '1.2.3')?.why ?? '', /ranges are not evaluated/);
    assert.equal(rangeAffected('Hex', hex, '~> 1.2'), undefined);
    assert.equal(fixedVersionFor('Hex', [hex], '1.0.0'), undefined);
  });
});

describe('Hugging Face models', () => {
  const SHA = '0123456789abcdef0123456789abcdef01234567';
  const listed = { package: { ecosystem: 'HuggingFace', name: 'org/model' }, versions: [SHA.toUpperCase()] };
  const everyRevision = { package: { ecosystem: 'HuggingFace', name: 'org/evil' } };
  it('matches pinned shas case-insensitively, and every revision when none are listed', () => {
    assert.equal(versionAffected('HuggingFace', listed, SHA)?.confidence, 'exact');
    assert.equal(versionAffected('HuggingFace', listed, 'f'.repeat(40)), undefined);
    const every = versionAffected('HuggingFace', everyRevision, SHA);
    assert.equal(every?.confidence, 'exact');
    assert.match(every?.why ?? '', /every revision of org\/evil is affected/);
  });
  it('reports an unpinned or non-sha revision as possibly affected', () => {
    for (const rev of [undefined, '', 'main', 'v1.0', SHA.slice(0, 7)]) {
      const m = versionAffected('HuggingFace', listed, rev);
      assert.equal(m?.confidence, 'range', String(rev));
      assert.match(m?.why ?? '', /org\/model: the revision (is not pinned|'.+' is not a commit sha)/);
    }
    assert.equal(rangeAffected('HuggingFace', everyRevision, 'main')?.confidence, 'range');
    assert.equal(rangeAffected('HuggingFace', listed, SHA)?.confidence, 'exact');
    assert.equal(fixedVersionFor('HuggingFace', [listed], SHA), undefined);
  });
});

describe('rangeAffected (declared requirements)', () => {
  const cases: { spec: string; entries: OsvAffected[]; match: boolean; fixed?: string }[] = [
    { spec: '>=2.0,<2.7', entries: [GHSA_53Q9], match: true, fixed: '2.6.0' },
    { spec: '>=2.6.0', entries: [GHSA_53Q9], match: false },
    { spec: '~=2.6', entries: [GHSA_53Q9], match: false },
    { spec: '==2.5.*', entries: [GHSA_53Q9], match: true, fixed: '2.6.0' },
    { spec: '', entries: [GHSA_53Q9], match: true, fixed: '2.6.0' },
    { spec: '>=2.7.1', entries: [GHSA_887C], match: true },
    { spec: '>2.7.1', entries: [GHSA_887C], match: false },
    { spec: '~=4.38', entries: [pypi('transformers', { ranges: [ecosystemRange({ introduced: '0' }, { fixed: '4.38.0' })] })], match: false },
    { spec: '~=4.37', entries: [pypi('transformers', { ranges: [ecosystemRange({ introduced: '0' }, { fixed: '4.38.0' })] })], match: true, fixed: '4.38.0' },
    { spec: '>=0.6.0,<1', entries: [PYSEC_2023_194], match: true },
    { spec: '>=0.9,<1.0', entries: GHSA_C67J, match: false },
    { spec: '^1.2', entries: GHSA_C67J, match: true, fixed: '1.2.5' },
    // `<2.6.0` admits no pre-release of 2.6.0 (PEP 440), so a range holding only those is out of reach.
    { spec: '<2.6.0', entries: [pypi('torch', { ranges: [ecosystemRange({ introduced: '2.6.0rc1' }, { fixed: '2.6.0' })] })], match: false },
    { spec: '<=2.6.0', entries: [pypi('torch', { ranges: [ecosystemRange({ introduced: '2.6.0rc1' }, { fixed: '2.6.0' })] })], match: true, fixed: '2.6.0' },
    { spec: 'latest', entries: [GHSA_53Q9], match: false },
    { spec: '>=3,<2', entries: [GHSA_53Q9], match: false },
  ];
  for (const c of cases) {
    it(`${JSON.stringify(c.spec)} ${c.match ? 'may be' : 'is not'} affected by ${c.entries[0]?.package?.name}`, () => {
      const m = c.entries.map((e) => rangeAffected('PyPI', e, c.spec)).find(Boolean);
      assert.equal(m !== undefined, c.match);
      if (m) {
        assert.equal(m.confidence, 'range');
        assert.equal(m.fixed, c.fixed);
        assert.match(m.why, /admits/);
      }
    });
  }
});

describe('fixedVersionFor', () => {
  it('recommends the smallest fix that no entry still affects', () => {
    const a = pypi('x', { ranges: [ecosystemRange({ introduced: '0' }, { fixed: '2.0' })] });
    const b = pypi('x', { ranges: [ecosystemRange({ introduced: '0' }, { fixed: '2.5' })] });
    assert.equal(fixedVersionFor('PyPI', [a, b], '1.0'), '2.5');
    assert.equal(fixedVersionFor('PyPI', [a], '1.0'), '2.0');
    assert.equal(fixedVersionFor('PyPI', [a, GHSA_887C], '1.0'), undefined, '2.0 is still affected by the no-fix record, so it must not be offered');
  });
  it('gives nothing for invalid input', () => {
    assert.equal(fixedVersionFor('PyPI', [GHSA_53Q9], 'not a version'), undefined);
    assert.equal(fixedVersionFor('PyPI', null as unknown as OsvAffected[], '1.0'), undefined);
    assert.equal(fixedVersionFor('PyPI', [null, 5, { ranges: 'x' }] as unknown as OsvAffected[], '1.0'), undefined);
  });
});

describe('isWithdrawn', () => {
  const now = new Date('2026-11-01T00:00:00Z');
  const cases: [string | undefined, boolean][] = [
    [undefined, false],
    ['', false],
    ['2025-01-01T00:00:00Z', true],
    ['2027-01-01T00:00:00Z', false],
    ['garbage', true],
  ];
  for (const [withdrawn, expected] of cases) {
    it(`withdrawn=${JSON.stringify(withdrawn)} → ${expected}`, () => {
      assert.equal(isWithdrawn(withdrawn === undefined ? {} : { withdrawn }, now), expected);
    });
  }
});

describe('hostile entries', () => {
  it('never throws, whatever the shape', () => {
    const junk: unknown[] = [
      null,
      5,
      'x',
      [],
      { ranges: 'x', versions: 'y' },
      { ranges: [null, 5, { type: 5 }, { type: 'ECOSYSTEM' }, { type: 'ECOSYSTEM', events: 'x' }, { type: 'ECOSYSTEM', events: [null, 5, { introduced: 5 }, { fixed: null }] }] },
      { versions: [null, 5, {}, '1.0'] },
      { package: null, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0', fixed: '1.0' }] }] },
    ];
    for (const j of junk) {
      for (const eco of ['PyPI', 'npm', 'Maven', 'Go', 'HuggingFace', 'Nope']) {
        versionAffected(eco, j as OsvAffected, '1.0');
        rangeAffected(eco, j as OsvAffected, '>=1');
        fixedVersionFor(eco, [j as OsvAffected], '0.5');
      }
    }
    // A malformed event object holding two kinds still counts both.
    const both = { package: { ecosystem: 'PyPI', name: 'p' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0', fixed: '1.0' }] }] };
    assert.equal(versionAffected('PyPI', both, '0.5')?.fixed, '1.0');
    assert.equal(versionAffected('PyPI', { versions: [null, 5, {}, '1.0'] } as unknown as OsvAffected, '1.0.0')?.confidence, 'exact');
  });
});
