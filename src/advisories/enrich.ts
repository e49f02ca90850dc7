/**
 * The enrich step: the AI packages and hub models of the inventory against the advisory store.
 * Exact versions (lockfile, exact pin, pinned commit) are matched with the OSV event walk of
 * src/advisories/match.ts; a package known only by a declared range is "possibly affected" when
 * the range admits an affected version, reported apart and lower. Withdrawn advisories never
 * match. Each match is a finding at the manifest line that declares the package, carrying the
 * advisory's facts for the reports (CycloneDX vulnerabilities, SARIF, table).
 */
import type { Component, Finding, FindingAdvisory, Location, Severity } from '../types.js';
import { rule, type RuleSet } from '../rules/load.js';
import { fingerprint } from '../util/hash.js';
import { HF_ECOSYSTEM, normalizePackageName, type OsvRecord } from './osv.js';
import { fixedVersionFor, fixedFloorForRange, isWithdrawn, rangeAffected, versionAffected, type AffectedMatch } from './match.js';
import { pickCvss, qualitativeSeverity, type AdvisoryStore, type AffectedRow } from './store.js';
import { isManifest } from '../lang/manifests/index.js';
import { reportedAt } from '../detectors/finding.js';

/** Lantern's ecosystem names (src/lang/types.ts) → OSV's. OSV has no JSR or CocoaPods ecosystem: those components are not matched. */
const OSV_ECOSYSTEM: Record<string, string> = { pypi: 'PyPI', npm: 'npm', golang: 'Go', maven: 'Maven', cargo: 'crates.io', nuget: 'NuGet', gem: 'RubyGems', composer: 'Packagist', pub: 'Pub', swift: 'SwiftURL' };

const GHSA_SEVERITY: Record<string, Severity> = { LOW: 'low', MODERATE: 'medium', MEDIUM: 'medium', HIGH: 'high', CRITICAL: 'critical' };

interface Target {
  component: Component;
  ecosystem: string;
  name: string;
  version?: string;
  declared?: string;
  /** declaredAt(component), once a match needs it (a package often has several advisories). */
  at?: { location: Location; properties: Record<string, string> };
}

function targets(components: Component[]): Target[] {
  const out: Target[] = [];
  for (const c of components) {
    if (c.kind === 'library') {
      const eco = OSV_ECOSYSTEM[c.properties['lantern:ecosystem'] ?? ''];
      if (!eco) continue;
      // A package another one holds (a Composer fork's replace or provide) is that one's code at that
      // one's version: matched as it, never as the name it stands for (its declared range is the name's).
      const by = c.properties['lantern:provided-by'];
      const declared = by === undefined ? c.properties['lantern:declared-range'] : undefined;
      out.push({ component: c, ecosystem: eco, name: by ?? c.name, ...(c.version ? { version: c.version } : {}), ...(declared ? { declared } : {}) });
    } else if (c.kind === 'model' && c.properties['lantern:source'] === 'huggingface-hub' && c.properties['lantern:hf:repo-id']) {
      out.push({ component: c, ecosystem: HF_ECOSYSTEM, name: c.properties['lantern:hf:repo-id'] as string, ...(c.version ? { version: c.version } : {}) });
    }
  }
  return out;
}

/**
 * Where a package is declared: the first manifest or lockfile line, else the first place seen. A
 * declaration is a line, with no column: an import site (with its column) in a manifest that is
 * also code (setup.py's `import torch`) is not one.
 */
function declaredAt(c: Component): { location: Location; properties: Record<string, string> } {
  const m = c.evidence.find((e) => e.column === undefined && (isManifest(e.path) || /(^|\/)(requirements[^/]*\.txt|.*\.lock|.*-lock\.(json|yaml))$/.test(e.path)));
  const e = m ?? c.evidence[0];
  if (e === undefined) return { location: { path: '.' }, properties: {} };
  // A notebook's place: the .ipynb file's own line, the cell and its line as properties.
  const { location, properties } = reportedAt(e);
  return { location: { path: location.path, ...(location.line !== undefined ? { line: location.line } : {}) }, properties };
}

type AdvisoryBase = Omit<FindingAdvisory, 'fixed' | 'why' | 'confidence'>;

/** The facts of one advisory that do not depend on the package matched (shared by its matches). */
export function advisoryBase(rec: Omit<OsvRecord, 'details' | 'affected'>): AdvisoryBase {
  const cvss = pickCvss(rec);
  const label = qualitativeSeverity(rec);
  const cwes = new Set<number>();
  const ds = rec.database_specific as { cwe_ids?: unknown } | undefined;
  for (const c of Array.isArray(ds?.cwe_ids) ? ds.cwe_ids : []) {
    const n = /^CWE-(\d+)$/.exec(String(c))?.[1];
    if (n) cwes.add(Number(n));
  }
  const id = rec.id;
  const url = id.startsWith('GHSA-') ? `https://github.com/advisories/${id}` : `https://osv.dev/vulnerability/${id}`;
  return {
    id,
    aliases: [...(rec.aliases ?? [])].sort(),
    source: { name: id.startsWith('GHSA-') ? 'GitHub Advisory Database' : id.startsWith('MAL-') ? 'OpenSSF Malicious Packages' : 'OSV', url },
    ...(rec.summary ? { summary: rec.summary } : {}),
    ...(cvss ? { cvss } : {}),
    ...(label ? { severityLabel: label } : {}),
    cwes: [...cwes].sort((a, b) => a - b),
    references: (rec.references ?? []).map((r) => r.url).filter((u) => /^https?:\/\//.test(u)).slice(0, 10),
  };
}

/**
 * One match's facts: the advisory's, then how it matched, keys in the order the reports print them.
 * Written out rather than spread: `{ ...base, ...(fixed ? { fixed } : {}), why, confidence }` went
 * through the runtime's slow copy, about a third of the findings loop with 25,000 matches.
 */
function withMatch(base: AdvisoryBase, fixed: string | undefined, match: AffectedMatch): FindingAdvisory {
  const f = { id: base.id, aliases: base.aliases, source: base.source } as FindingAdvisory;
  if (base.summary !== undefined) f.summary = base.summary;
  if (base.cvss !== undefined) f.cvss = base.cvss;
  if (base.severityLabel !== undefined) f.severityLabel = base.severityLabel;
  f.cwes = base.cwes;
  f.references = base.references;
  if (fixed) f.fixed = fixed;
  f.why = match.why;
  f.confidence = match.confidence;
  return f;
}

/**
 * Findings for every advisory that affects a component. `now` decides withdrawal. Pure given the
 * store's contents.
 */
export function matchAdvisories(components: Component[], store: AdvisoryStore, rules: RuleSet, now: Date = new Date()): Finding[] {
  const list = targets(components);
  if (!list.length) return [];
  const rows = store.lookupMany(list.map((t) => ({ ecosystem: t.ecosystem, name: t.name })));
  // First every match, then the matched advisories' records in one read, then the findings.
  const hits: { t: Target; id: string; entries: AffectedRow[]; match: AffectedMatch }[] = [];
  for (const t of list) {
    const mine = rows.get(`${t.ecosystem}\u0000${normalizePackageName(t.ecosystem, t.name)}`) ?? [];
    const byAdvisory = new Map<string, AffectedRow[]>();
    for (const r of mine) {
      if (r.withdrawn && isWithdrawn({ withdrawn: r.withdrawn }, now)) continue;
      const list = byAdvisory.get(r.advisoryId);
      if (list) list.push(r);
      else byAdvisory.set(r.advisoryId, [r]);
    }
    for (const [id, entries] of [...byAdvisory].sort(([a], [b]) => (a < b ? -1 : 1))) {
      let match: AffectedMatch | undefined;
      for (const e of entries) {
        match = t.version !== undefined || t.ecosystem === HF_ECOSYSTEM ? versionAffected(t.ecosystem, e.affected, t.version) : t.declared ? rangeAffected(t.ecosystem, e.affected, t.declared) : undefined;
        if (match) break;
      }
      if (match) hits.push({ t, id, entries, match });
    }
  }
  const records = store.advisoryFacts(hits.map((h) => h.id));
  const bases = new Map<string, AdvisoryBase>();
  const findings: Finding[] = [];
  for (const { t, id, entries, match } of hits) {
    const rec = records.get(id);
    if (!rec) continue;
    let base = bases.get(id);
    if (!base) bases.set(id, (base = advisoryBase(rec)));
    const kind = entries[0]?.kind ?? 'vuln';
    // An exact version: the nearest release above it that is fixed; a declared range: the floor
    // from which nothing the range admits is affected.
    const fixed = t.version ? fixedVersionFor(t.ecosystem, entries.map((e) => e.affected), t.version) : t.declared && match.confidence === 'range' ? fixedFloorForRange(t.ecosystem, entries.map((e) => e.affected), t.declared) : undefined;
    const facts = withMatch(base, fixed, match);
    const ruleId = kind === 'malware' ? 'advisory/malicious-package' : kind === 'unsafe-model' ? 'hf/known-malicious-model' : match.confidence === 'range' ? 'advisory/possibly-affected' : 'advisory/vulnerable-package';
    const r = rule(ruleId, rules);
    const severity: Severity = ruleId === 'advisory/vulnerable-package' ? (GHSA_SEVERITY[(facts.severityLabel ?? '').toUpperCase()] ?? r.severity) : r.severity;
    const { location, properties: at } = (t.at ??= declaredAt(t.component));
    const what = t.version ? `${t.name} ${t.ecosystem === HF_ECOSYSTEM ? `@${t.version.slice(0, 12)}` : t.version}` : t.declared ? `${t.name} (declared ${t.declared})` : t.name;
    const aka = facts.aliases.length ? ` (${facts.aliases.join(', ')})` : '';
    const verb = match.confidence === 'range' ? 'may be affected by' : 'is affected by';
    const fix = fixed ? `; fixed in ${fixed}` : kind === 'malware' ? '; remove it' : '; no fixed version is known';
    findings.push({
      ruleId,
      severity,
      message: `${what} ${verb} ${id}${aka}${facts.summary ? `: ${facts.summary}` : ''}${fix}`,
      location,
      componentRef: t.component.ref,
      fingerprint: fingerprint(ruleId, location.path, `${id}\u0000${t.ecosystem}\u0000${t.name}\u0000${t.version ?? t.declared ?? ''}`),
      properties: { ...at, 'lantern:advisory:id': id, ...(t.version ? { 'lantern:advisory:version': t.version } : {}), ...(fixed ? { 'lantern:advisory:fixed': fixed } : {}), 'lantern:advisory:confidence': match.confidence },
      advisory: facts,
    });
  }
  return findings;
}
