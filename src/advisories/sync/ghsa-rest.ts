/**
 * GitHub's REST `global-advisory` shape → OSV. The REST API carries affected versions as
 * requirement strings (`>= 1.0.0, < 1.2.5`) and lower-case ecosystem names; the store and the
 * matcher only speak OSV, so this is the one place those strings become events.
 *
 * The output follows GitHub's own OSV export (github/advisory-database) where it has a convention:
 * every range is `ECOSYSTEM` (also for npm, Go and crates.io), `severity` is an array even when
 * empty, the GHSA page is an `ADVISORY` reference, and `database_specific` holds the upper-case
 * GHSA severity, the CWE ids and the review flags.
 *
 * Nothing here throws on bad data: whatever cannot be read is kept as a note on the record and
 * reported through the optional `warn` callback, so one odd advisory never stops a sync.
 */
import type { Octokit } from 'octokit';
import type { OsvAffected, OsvEvent, OsvRecord, OsvReference, OsvSeverity } from '../osv.js';

/** One element of `GET /advisories`, as octokit types it. */
export type GlobalAdvisory = Awaited<
  ReturnType<Octokit['rest']['securityAdvisories']['listGlobalAdvisories']>
>['data'][number];

type RestVulnerability = NonNullable<GlobalAdvisory['vulnerabilities']>[number];

/** GitHub's OSV export says which schema its files follow; the converted records claim the same. */
export const GHSA_OSV_SCHEMA_VERSION = '1.4.0';

/** REST ecosystem names (the `security-advisory-ecosystems` enum) → OSV ecosystem names. */
export const REST_TO_OSV_ECOSYSTEM: Readonly<Record<string, string>> = {
  pip: 'PyPI',
  npm: 'npm',
  go: 'Go',
  maven: 'Maven',
  rust: 'crates.io',
  nuget: 'NuGet',
  rubygems: 'RubyGems',
  composer: 'Packagist',
  pub: 'Pub',
  erlang: 'Hex',
  swift: 'SwiftURL',
  actions: 'GitHub Actions',
};

/** REST `severity` → the spelling GHSA's OSV files use in `database_specific.severity`. */
const SEVERITY: Readonly<Record<string, string>> = {
  low: 'LOW',
  medium: 'MODERATE',
  moderate: 'MODERATE',
  high: 'HIGH',
  critical: 'CRITICAL',
};

/** Versions longer than this are not versions; they are garbage that would bloat every index. */
const MAX_VERSION_LENGTH = 200;

/** What one `vulnerable_version_range` becomes: OSV events and/or an explicit version list. */
export interface ConvertedRange {
  events: OsvEvent[];
  versions: string[];
  /** Facts the events cannot carry, merged into the affected entry's `database_specific`. */
  notes: Record<string, string>;
}

type Bound = { op: '>=' | '>' | '<' | '<=' | '='; version: string };

function parseBound(part: string): Bound | undefined {
  const m = /^(>=|<=|>|<|=)\s*([^\s<>=,]+)$/.exec(part.trim());
  if (!m || m[2]!.length > MAX_VERSION_LENGTH) return undefined;
  return { op: m[1] as Bound['op'], version: m[2]! };
}

/**
 * Converts a GHSA requirement string plus `first_patched_version` into OSV events, the way
 * GitHub's own OSV export does, so a GHSA id reads the same whether it came from the REST API
 * or from the advisory-database files: the patched version is the `fixed` event when there is
 * one, an upper bound that says something else is kept as `last_known_affected_version_range`,
 * `<=` without a patched version is `last_affected`, `= v` is an explicit version.
 *
 * Two forms GitHub's export refuses are kept here: `< v` without a patched version becomes
 * `fixed: v` (what the range says), and `> v` becomes `introduced: v` with the exclusivity
 * noted (OSV has no exclusive lower bound and the next version is unknowable; one version too
 * many is a false positive, never a miss).
 *
 * Returns an error message for anything that is not one `=`, or at most one lower and one
 * upper bound joined by commas.
 */
export function convertRange(
  range: string | null | undefined,
  firstPatched: string | null | undefined,
): ConvertedRange | { error: string } {
  const patched = nonEmpty(firstPatched);
  const text = (range ?? '').trim();
  const bounds: Bound[] = [];
  if (text !== '') {
    for (const part of text.split(',')) {
      const bound = parseBound(part);
      if (!bound) return { error: `cannot read "${part.trim()}" in "${text}"` };
      bounds.push(bound);
    }
  }
  const out: ConvertedRange = { events: [], versions: [], notes: {} };
  const exact = bounds.find((b) => b.op === '=');
  if (exact) {
    if (bounds.length > 1) return { error: `"=" combined with other bounds in "${text}"` };
    out.versions.push(exact.version);
    if (patched) out.events.push({ introduced: exact.version }, { fixed: patched });
    return out;
  }
  const lower = bounds.filter((b) => b.op === '>=' || b.op === '>');
  const upper = bounds.filter((b) => b.op === '<' || b.op === '<=');
  if (lower.length > 1 || upper.length > 1) return { error: `more than one lower or upper bound in "${text}"` };

  const lo = lower[0];
  out.events.push({ introduced: lo?.version ?? '0' });
  if (lo?.op === '>' && lo.version !== '0') out.notes.lantern_introduced_exclusive = lo.version;
  const hi = upper[0];
  if (patched) {
    out.events.push({ fixed: patched });
    if (hi && hi.version !== patched) out.notes.last_known_affected_version_range = `${hi.op} ${hi.version}`;
  } else if (hi) {
    out.events.push(hi.op === '<' ? { fixed: hi.version } : { last_affected: hi.version });
  }
  return out;
}

/** REST → OSV ecosystem; unknown names pass through unchanged (the caller warns). */
export function osvEcosystem(rest: string): string | undefined {
  return REST_TO_OSV_ECOSYSTEM[rest.toLowerCase()];
}

function convertVulnerability(
  id: string,
  v: RestVulnerability,
  warn: (message: string) => void,
): OsvAffected | undefined {
  const restEco = nonEmpty(v?.package?.ecosystem);
  const name = nonEmpty(v?.package?.name);
  if (!restEco || !name) {
    warn(`${id}: an affected package without ecosystem or name was left out`);
    return undefined;
  }
  let ecosystem = osvEcosystem(restEco);
  if (!ecosystem) {
    warn(`${id}: unknown ecosystem "${restEco}" for ${name}; kept as is, no matcher will compare its versions`);
    ecosystem = restEco;
  }
  const affected: OsvAffected = { package: { ecosystem, name } };
  const dbs: Record<string, unknown> = {};
  const converted = convertRange(v.vulnerable_version_range, v.first_patched_version);
  if ('error' in converted) {
    warn(`${id}: ${name}: unreadable vulnerable_version_range (${converted.error}); package kept without ranges`);
    dbs.lantern_unparsed_range = String(v.vulnerable_version_range);
  } else {
    if (converted.events.length > 0) affected.ranges = [{ type: 'ECOSYSTEM', events: converted.events }];
    if (converted.versions.length > 0) affected.versions = converted.versions;
    Object.assign(dbs, converted.notes);
  }
  const functions = strings(v.vulnerable_functions);
  if (functions.length > 0) dbs.vulnerable_functions = functions;
  if (Object.keys(dbs).length > 0) affected.database_specific = dbs;
  return affected;
}

function cvssType(vector: string): string {
  if (vector.startsWith('CVSS:4.')) return 'CVSS_V4';
  if (vector.startsWith('CVSS:3.')) return 'CVSS_V3';
  return 'CVSS_V2';
}

/** CVSS v3 and v4 vectors, then the legacy `cvss` vector if it says something new. */
function severities(adv: GlobalAdvisory): OsvSeverity[] {
  const out: OsvSeverity[] = [];
  const vectors = [
    adv.cvss_severities?.cvss_v3?.vector_string,
    adv.cvss_severities?.cvss_v4?.vector_string,
    adv.cvss?.vector_string,
  ];
  for (const raw of vectors) {
    const score = nonEmpty(raw);
    if (score && !out.some((s) => s.score === score)) out.push({ type: cvssType(score), score });
  }
  return out;
}

function references(adv: GlobalAdvisory): OsvReference[] {
  const html = nonEmpty(adv.html_url);
  const out: OsvReference[] = [];
  const seen = new Set<string>();
  const add = (type: string, url: string | undefined): void => {
    if (!url || seen.has(url)) return;
    seen.add(url);
    out.push({ type, url });
  };
  for (const url of strings(adv.references)) add(url === html ? 'ADVISORY' : 'WEB', url);
  add('ADVISORY', html);
  add('PACKAGE', nonEmpty(adv.source_code_location));
  return out;
}

function aliases(adv: GlobalAdvisory, id: string): string[] {
  const ids = [nonEmpty(adv.cve_id), ...arr(adv.identifiers).map((i) => nonEmpty(i?.value))];
  return [...new Set(ids.filter((a): a is string => a !== undefined && a !== id))];
}

function databaseSpecific(adv: GlobalAdvisory): Record<string, unknown> {
  const dbs: Record<string, unknown> = {
    cwe_ids: arr(adv.cwes).map((c) => nonEmpty(c?.cwe_id)).filter((c): c is string => c !== undefined),
  };
  const severity = SEVERITY[String(adv.severity).toLowerCase()];
  if (severity) dbs.severity = severity;
  dbs.github_reviewed = adv.type === 'reviewed' || nonEmpty(adv.github_reviewed_at) !== undefined;
  dbs.github_reviewed_at = nonEmpty(adv.github_reviewed_at) ?? null;
  dbs.nvd_published_at = nonEmpty(adv.nvd_published_at) ?? null;
  if (nonEmpty(adv.type)) dbs.type = adv.type;
  const epss = adv.epss;
  if (epss && (typeof epss.percentage === 'number' || typeof epss.percentile === 'number')) {
    dbs.epss = { percentage: epss.percentage ?? null, percentile: epss.percentile ?? null };
  }
  return dbs;
}

/**
 * One REST advisory → one OSV record. Pure: problems go to `warn` (prefixed with the GHSA id).
 * A record without an id or `updated_at` comes out with empty strings there, which the store
 * rejects with a reason; everything else that is odd is kept and noted.
 */
export function restToOsv(adv: GlobalAdvisory, warn: (message: string) => void = () => {}): OsvRecord {
  const id = nonEmpty(adv?.ghsa_id) ?? '';
  const record: OsvRecord = {
    schema_version: GHSA_OSV_SCHEMA_VERSION,
    id,
    modified: nonEmpty(adv?.updated_at) ?? '',
  };
  if (!adv || typeof adv !== 'object') {
    warn('an advisory that is not an object was left empty');
    return record;
  }
  const published = nonEmpty(adv.published_at);
  if (published) record.published = published;
  const withdrawn = nonEmpty(adv.withdrawn_at);
  if (withdrawn) record.withdrawn = withdrawn;
  record.aliases = aliases(adv, id);
  const summary = nonEmpty(adv.summary);
  if (summary) record.summary = summary;
  const details = nonEmpty(adv.description);
  if (details) record.details = details;
  record.severity = severities(adv);
  record.affected = arr(adv.vulnerabilities)
    .map((v) => convertVulnerability(id, v, warn))
    .filter((a): a is OsvAffected => a !== undefined);
  record.references = references(adv);
  record.database_specific = databaseSpecific(adv);
  return record;
}

function nonEmpty(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

function arr<T>(v: readonly T[] | null | undefined): readonly T[] {
  return Array.isArray(v) ? v : [];
}

function strings(v: readonly unknown[] | null | undefined): string[] {
  return arr(v).map(nonEmpty).filter((s): s is string => s !== undefined);
}
