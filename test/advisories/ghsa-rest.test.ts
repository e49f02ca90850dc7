import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { convertRange, REST_TO_OSV_ECOSYSTEM, restToOsv, type GlobalAdvisory } from '../../src/advisories/sync/ghsa-rest.js';
import type { OsvEvent } from '../../src/advisories/osv.js';
import { makeAdvisory, sampleAdvisories } from '../support/fake-github.js';

interface RangeCase {
  range: string | null;
  patched: string | null;
  events: OsvEvent[];
  versions?: string[];
  notes?: Record<string, string>;
}

/** Every form GHSA writes in `vulnerable_version_range`, with and without a patched version. */
const valid: RangeCase[] = [
  { range: '>= 1.0.0, < 1.2.5', patched: '1.2.5', events: [{ introduced: '1.0.0' }, { fixed: '1.2.5' }] },
  { range: '>= 1.0.0, < 1.2.5', patched: null, events: [{ introduced: '1.0.0' }, { fixed: '1.2.5' }] },
  { range: '>=1.0.0,<1.2.5', patched: '1.2.5', events: [{ introduced: '1.0.0' }, { fixed: '1.2.5' }] },
  { range: '<= 2.7.1', patched: null, events: [{ introduced: '0' }, { last_affected: '2.7.1' }] },
  { range: '>= 2.0, <= 2.7.1', patched: null, events: [{ introduced: '2.0' }, { last_affected: '2.7.1' }] },
  {
    range: '<= 2.5.1',
    patched: '2.6.0',
    events: [{ introduced: '0' }, { fixed: '2.6.0' }],
    notes: { last_known_affected_version_range: '<= 2.5.1' },
  },
  { range: '< 2.6.0', patched: '2.6.0', events: [{ introduced: '0' }, { fixed: '2.6.0' }] },
  { range: '< 2.6.0', patched: null, events: [{ introduced: '0' }, { fixed: '2.6.0' }] },
  {
    range: '< 1.2.5',
    patched: '1.2.6',
    events: [{ introduced: '0' }, { fixed: '1.2.6' }],
    notes: { last_known_affected_version_range: '< 1.2.5' },
  },
  { range: '< 2.0.0-rc.1', patched: '2.0.0-rc.1', events: [{ introduced: '0' }, { fixed: '2.0.0-rc.1' }] },
  { range: '= 0.0.8', patched: null, events: [], versions: ['0.0.8'] },
  { range: '= 1.0.0', patched: '1.0.1', events: [{ introduced: '1.0.0' }, { fixed: '1.0.1' }], versions: ['1.0.0'] },
  { range: '> 1.0', patched: null, events: [{ introduced: '1.0' }], notes: { lantern_introduced_exclusive: '1.0' } },
  {
    range: '> 1.0, < 2.0',
    patched: '2.0',
    events: [{ introduced: '1.0' }, { fixed: '2.0' }],
    notes: { lantern_introduced_exclusive: '1.0' },
  },
  { range: '> 0', patched: null, events: [{ introduced: '0' }] },
  { range: '>= 0', patched: null, events: [{ introduced: '0' }] },
  { range: '>= 4.0.0', patched: '4.2.1', events: [{ introduced: '4.0.0' }, { fixed: '4.2.1' }] },
  { range: null, patched: '1.2.3', events: [{ introduced: '0' }, { fixed: '1.2.3' }] },
  { range: '  ', patched: null, events: [{ introduced: '0' }] },
];

const invalid: { range: string; error: RegExp }[] = [
  { range: '~> 1.2', error: /cannot read "~> 1.2"/ },
  { range: '^1.2.0', error: /cannot read/ },
  { range: '< 1.0 || >= 2.0', error: /cannot read/ },
  { range: '>= 1.0, >= 1.1', error: /more than one lower or upper bound/ },
  { range: '< 1.0, <= 1.1', error: /more than one lower or upper bound/ },
  { range: '= 1.0, < 2.0', error: /"=" combined with other bounds/ },
  { range: '>= ', error: /cannot read/ },
  { range: '>= 1.0,', error: /cannot read ""/ },
  { range: `< ${'9'.repeat(300)}`, error: /cannot read/ },
];

describe('convertRange', () => {
  for (const c of valid) {
    it(`valid: ${JSON.stringify(c.range)} patched ${c.patched}`, () => {
      assert.deepEqual(convertRange(c.range, c.patched), { events: c.events, versions: c.versions ?? [], notes: c.notes ?? {} });
    });
  }
  for (const c of invalid) {
    it(`invalid: ${c.range.slice(0, 40)}`, () => {
      const r = convertRange(c.range, '1.0.0');
      assert.ok('error' in r, 'expected an error');
      assert.match(r.error, c.error);
    });
  }
});

/** A minimal advisory with one package, for the single-field cases. */
function one(overrides: Partial<GlobalAdvisory>, eco: 'pip' | 'npm' = 'pip'): GlobalAdvisory {
  return makeAdvisory({
    ghsa_id: 'GHSA-aaaa-bbbb-cccc',
    summary: 's',
    type: 'reviewed',
    severity: 'high',
    published_at: '2025-01-01T00:00:00Z',
    updated_at: '2025-01-02T00:00:00Z',
    vulnerabilities: [{ package: { ecosystem: eco, name: 'pkg' }, vulnerable_version_range: '< 1.0', first_patched_version: '1.0', vulnerable_functions: [] }],
    ...overrides,
  });
}

function convert(adv: GlobalAdvisory): { record: ReturnType<typeof restToOsv>; warnings: string[] } {
  const warnings: string[] = [];
  const record = restToOsv(adv, (m) => warnings.push(m));
  return { record, warnings };
}

const bySample = (id: string): GlobalAdvisory => {
  const a = sampleAdvisories().find((s) => s.ghsa_id === id);
  assert.ok(a, id);
  return a;
};

describe('restToOsv', () => {
  it('converts a whole advisory the way GitHub exports it (torch, CVE-2025-32434)', () => {
    const { record, warnings } = convert(bySample('GHSA-53q9-r3pm-6pq6'));
    assert.deepEqual(warnings, []);
    assert.deepEqual(record, {
      schema_version: '1.4.0',
      id: 'GHSA-53q9-r3pm-6pq6',
      modified: '2025-04-22T16:24:10Z',
      published: '2025-04-18T15:51:34Z',
      aliases: ['CVE-2025-32434'],
      summary: 'PyTorch: `torch.load` with `weights_only=True` leads to remote command execution',
      details: 'Loading a model with `torch.load(..., weights_only=True)` can still execute code. Upgrade to 2.6.0.',
      severity: [{ type: 'CVSS_V4', score: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N' }],
      affected: [
        {
          package: { ecosystem: 'PyPI', name: 'torch' },
          ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '2.6.0' }] }],
          database_specific: { last_known_affected_version_range: '<= 2.5.1' },
        },
      ],
      references: [
        { type: 'WEB', url: 'https://github.com/pytorch/pytorch/security/advisories/GHSA-53q9-r3pm-6pq6' },
        { type: 'WEB', url: 'https://nvd.nist.gov/vuln/detail/CVE-2025-32434' },
        { type: 'ADVISORY', url: 'https://github.com/advisories/GHSA-53q9-r3pm-6pq6' },
        { type: 'PACKAGE', url: 'https://github.com/pytorch/pytorch' },
      ],
      database_specific: {
        cwe_ids: ['CWE-502'],
        severity: 'CRITICAL',
        github_reviewed: true,
        github_reviewed_at: '2025-04-18T15:51:34Z',
        nvd_published_at: '2025-04-18T16:15:23Z',
        type: 'reviewed',
        epss: { percentage: 0.00463, percentile: 0.63 },
      },
    });
  });

  it('keeps two release lines of one package as two affected entries (langchain-core)', () => {
    const { record } = convert(bySample('GHSA-c67j-w6g6-q2cm'));
    assert.deepEqual(
      record.affected?.map((a) => [a.package?.ecosystem, a.package?.name, a.ranges?.[0]?.events]),
      [
        ['PyPI', 'langchain-core', [{ introduced: '1.0.0' }, { fixed: '1.2.5' }]],
        ['PyPI', 'langchain-core', [{ introduced: '0' }, { fixed: '0.3.81' }]],
      ],
    );
  });

  it('an empty severity stays an empty array, the qualitative level in database_specific', () => {
    const { record } = convert(bySample('GHSA-37q5-v5qm-c9v8'));
    assert.deepEqual(record.severity, []);
    assert.equal(record.database_specific?.severity, 'LOW');
  });

  const severityCases: { name: string; adv: Partial<GlobalAdvisory>; severity: { type: string; score: string }[] }[] = [
    {
      name: 'cvss v3 and v4',
      adv: {
        cvss_severities: {
          cvss_v3: { vector_string: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', score: 9.8 },
          cvss_v4: { vector_string: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N', score: 9.3 },
        },
      },
      severity: [
        { type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' },
        { type: 'CVSS_V4', score: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N' },
      ],
    },
    {
      name: 'legacy cvss equal to v3 is not repeated',
      adv: {
        cvss: { vector_string: 'CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:N/I:N/A:L', score: 3.3 },
        cvss_severities: { cvss_v3: { vector_string: 'CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:N/I:N/A:L', score: 3.3 }, cvss_v4: null },
      },
      severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:N/I:N/A:L' }],
    },
    {
      name: 'legacy cvss only',
      adv: { cvss: { vector_string: 'CVSS:3.0/AV:N/AC:H/PR:N/UI:R/S:U/C:H/I:H/A:H', score: 7.5 }, cvss_severities: null },
      severity: [{ type: 'CVSS_V3', score: 'CVSS:3.0/AV:N/AC:H/PR:N/UI:R/S:U/C:H/I:H/A:H' }],
    },
    {
      name: 'legacy v2 vector',
      adv: { cvss: { vector_string: 'AV:N/AC:L/Au:N/C:P/I:P/A:P', score: 7.5 }, cvss_severities: null },
      severity: [{ type: 'CVSS_V2', score: 'AV:N/AC:L/Au:N/C:P/I:P/A:P' }],
    },
    { name: 'no vectors at all', adv: { cvss: null, cvss_severities: null }, severity: [] },
  ];
  for (const c of severityCases) {
    it(`severity: ${c.name}`, () => {
      assert.deepEqual(convert(one(c.adv)).record.severity, c.severity);
    });
  }

  const levels: [GlobalAdvisory['severity'], string | undefined][] = [
    ['low', 'LOW'],
    ['medium', 'MODERATE'],
    ['high', 'HIGH'],
    ['critical', 'CRITICAL'],
    ['unknown', undefined],
  ];
  for (const [rest, osv] of levels) {
    it(`severity level ${rest} → ${osv}`, () => {
      assert.equal(convert(one({ severity: rest })).record.database_specific?.severity, osv);
    });
  }

  for (const [rest, osv] of Object.entries(REST_TO_OSV_ECOSYSTEM)) {
    it(`ecosystem ${rest} → ${osv}`, () => {
      const adv = one({ vulnerabilities: [{ package: { ecosystem: rest as 'pip', name: 'p' }, vulnerable_version_range: '< 1', first_patched_version: null, vulnerable_functions: null }] });
      const { record, warnings } = convert(adv);
      assert.equal(record.affected?.[0]?.package?.ecosystem, osv);
      assert.deepEqual(warnings, []);
    });
  }

  it('an unknown ecosystem is kept as is, with a warning', () => {
    const { record, warnings } = convert(one({ vulnerabilities: [{ package: { ecosystem: 'other', name: 'thing' }, vulnerable_version_range: '< 2', first_patched_version: null, vulnerable_functions: null }] }));
    assert.deepEqual(record.affected?.[0]?.package, { ecosystem: 'other', name: 'thing' });
    assert.deepEqual(record.affected?.[0]?.ranges, [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '2' }] }]);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /GHSA-aaaa-bbbb-cccc: unknown ecosystem "other"/);
  });

  it('an unparsable range keeps the package, notes the range and warns, never throws', () => {
    const { record, warnings } = convert(one({ vulnerabilities: [{ package: { ecosystem: 'npm', name: 'left-pad' }, vulnerable_version_range: '^1.2 || ~2', first_patched_version: '3.0.0', vulnerable_functions: null }] }));
    assert.deepEqual(record.affected, [{ package: { ecosystem: 'npm', name: 'left-pad' }, database_specific: { lantern_unparsed_range: '^1.2 || ~2' } }]);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /left-pad: unreadable vulnerable_version_range/);
  });

  it('the last_affected form (torch ctc_loss) keeps its vulnerable functions', () => {
    const { record } = convert(bySample('GHSA-887c-mr87-cxwp'));
    assert.deepEqual(record.affected, [
      {
        package: { ecosystem: 'PyPI', name: 'torch' },
        ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { last_affected: '2.7.1' }] }],
        database_specific: { vulnerable_functions: ['torch.nn.functional.ctc_loss'] },
      },
    ]);
    assert.equal(record.database_specific?.severity, 'MODERATE');
  });

  it('withdrawn and malware advisories say so', () => {
    assert.equal(convert(bySample('GHSA-9w8f-p4vj-6h2c')).record.withdrawn, '2025-02-03T20:05:55Z');
    const malware = convert(bySample('GHSA-6x5v-rqc3-3fwq')).record;
    assert.equal(malware.database_specific?.type, 'malware');
    assert.equal(malware.withdrawn, undefined);
    assert.deepEqual(malware.aliases, []);
    assert.deepEqual(malware.affected?.[0]?.ranges, [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }] }]);
  });

  it('aliases come from cve_id and identifiers, without the GHSA id or repeats', () => {
    const adv = one({ cve_id: 'CVE-2025-1', identifiers: [{ type: 'GHSA', value: 'GHSA-aaaa-bbbb-cccc' }, { type: 'CVE', value: 'CVE-2025-1' }, { type: 'CVE', value: 'CVE-2025-2' }] });
    assert.deepEqual(convert(adv).record.aliases, ['CVE-2025-1', 'CVE-2025-2']);
  });

  it('hostile shapes become warnings and an incomplete record, never an exception', () => {
    const hostile = [
      { ...one({}), vulnerabilities: 'nope' },
      { ...one({}), vulnerabilities: [null, { package: null }, { package: { ecosystem: 'pip' } }] },
      { ...one({}), ghsa_id: 42, updated_at: null, references: [1, null, 'https://x.test/'], cwes: [null], identifiers: [null] },
      null,
      'a string',
    ] as unknown as GlobalAdvisory[];
    for (const adv of hostile) {
      const { record } = convert(adv);
      assert.equal(typeof record.id, 'string');
      assert.equal(typeof record.modified, 'string');
    }
    const { record, warnings } = convert(hostile[1]!);
    assert.deepEqual(record.affected, []);
    assert.equal(warnings.length, 3);
    assert.equal(convert(hostile[2]!).record.id, '');
  });
});
