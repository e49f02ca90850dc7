/**
 * CycloneDX AI-BOM (1.6 by default, 1.7 on request), JSON and XML.
 *
 * The core (metadata, components, hashes, purls, properties, dependencies, vulnerabilities) goes
 * through @cyclonedx/cyclonedx-library. The library has no model for `modelCard` and
 * `evidence.occurrences`; `addAiFields` adds them in one step after serialization (JSON object or
 * XML DOM), at the place the schema wants them. Deterministic: no random serial number, sorted
 * lists, timestamp pinned by SOURCE_DATE_EPOCH when set.
 */
import { writeJson, type Write } from './stream-json.js';
// The parts, not the package root: the root also loads the library's validators (ajv and its
// plugins), about 20 ms of start-up that a scan never uses.
import * as Enums from '@cyclonedx/cyclonedx-library/Enums';
import * as Models from '@cyclonedx/cyclonedx-library/Models';
import * as SPDX from '@cyclonedx/cyclonedx-library/SPDX';
import * as Spec from '@cyclonedx/cyclonedx-library/Spec';
import type * as SerializeApi from '@cyclonedx/cyclonedx-library/Serialize';
import { Serialize } from './cdx-serialize.js';
import type { ScanResult } from '../scan/scan.js';
import { isApiClient, type Component, type Finding, type FindingAdvisory } from '../types.js';
import { loadRules, type RuleSet } from '../rules/load.js';
import { sha256Hex } from '../util/hash.js';

export type SpecVersion = '1.6' | '1.7';


export const ROOT_REF = 'root';

export function specFor(v: SpecVersion): typeof Spec.Spec1dot6 {
  return v === '1.7' ? Spec.Spec1dot7 : Spec.Spec1dot6;
}

/** SOURCE_DATE_EPOCH (seconds) pins the timestamp for reproducible outputs. */
export function bomTimestamp(env: NodeJS.ProcessEnv = process.env): Date {
  const e = env.SOURCE_DATE_EPOCH;
  if (e && /^\d+$/.test(e)) return new Date(Number(e) * 1000);
  return new Date();
}

const KIND_TYPE: Record<Component['kind'], Enums.ComponentType> = {
  model: Enums.ComponentType.MachineLearningModel,
  library: Enums.ComponentType.Library,
  service: Enums.ComponentType.Application,
  dataset: Enums.ComponentType.Data,
  // Agent instruction, rule, skill, subagent and command files: text the agent reads as its
  // configuration, not a program (CycloneDX `data`: "a collection of discrete values that convey
  // information"; its data kinds include `configuration`).
  agent: Enums.ComponentType.Data,
  'mcp-server': Enums.ComponentType.Application,
  container: Enums.ComponentType.Container,
};

const SEVERITY: Record<Finding['severity'], Enums.Vulnerability.Severity> = {
  critical: Enums.Vulnerability.Severity.Critical,
  high: Enums.Vulnerability.Severity.High,
  medium: Enums.Vulnerability.Severity.Medium,
  low: Enums.Vulnerability.Severity.Low,
  info: Enums.Vulnerability.Severity.Info,
};

/** A serial number derived from the content, so the same scan gives the same number. */
function serialNumber(result: ScanResult): string {
  const h = sha256Hex(JSON.stringify([result.tool, result.rootName, result.components.map((c) => c.ref), result.findings.map((f) => f.fingerprint)]));
  // Shaped as a version-5-style UUID (name-based), as the schema's urn:uuid pattern requires.
  return `urn:uuid:${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16] ?? '0', 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function buildBom(result: ScanResult, env: NodeJS.ProcessEnv = process.env): Models.Bom {
  const rules = loadRules();
  const tool = new Models.Component(Enums.ComponentType.Application, result.tool.name, {
    version: result.tool.version,
    bomRef: `tool:${result.tool.name}`,
    description: 'Lantern: finds the AI inside a codebase',
  });
  const root = new Models.Component(Enums.ComponentType.Application, result.rootName, { bomRef: ROOT_REF });
  const bom = new Models.Bom({
    serialNumber: serialNumber(result),
    metadata: new Models.Metadata({
      timestamp: bomTimestamp(env),
      tools: new Models.Tools({ components: new Models.ComponentRepository([tool]) }),
      component: root,
      lifecycles: new Models.LifecycleRepository([Enums.LifecyclePhase.PreBuild]),
      properties: new Models.PropertyRepository([
        new Models.Property('lantern:files-scanned', String(result.stats.files)),
        new Models.Property('lantern:warnings', String(result.warnings.length)),
      ]),
    }),
  });

  const byRef = new Map<string, Models.Component>();
  const services = new Map<string, Models.Service>();
  const usedThrough = new Map<string, string[]>();
  for (const c of result.components.filter((x) => x.kind === 'service')) {
    if (c.properties['lantern:used-through']) usedThrough.set(c.ref, c.properties['lantern:used-through'].split(', '));
    const provider = c.properties['lantern:provider'];
    const svc = new Models.Service(c.name, { bomRef: c.ref, ...(provider ? { provider: new Models.OrganizationalEntity({ name: provider }) } : {}) });
    for (const [k, v] of Object.entries(c.properties)) svc.properties.add(new Models.Property(k, v));
    bom.services.add(svc);
    root.dependencies.add(svc.bomRef);
    services.set(c.ref, svc);
  }
  for (const c of result.components) {
    if (c.kind === 'service') continue;
    const mc = new Models.Component(KIND_TYPE[c.kind], c.name, { bomRef: c.ref });
    if (c.version) mc.version = c.version;
    if (c.purl) mc.purl = c.purl;
    for (const h of c.hashes ?? []) mc.hashes.set(Enums.HashAlgorithm['SHA-256'], h.value);
    for (const [k, v] of Object.entries(c.properties)) mc.properties.add(new Models.Property(k, v));
    const license = c.properties['lantern:license'];
    if (license) {
      // A header's license string ("apache-2.0") becomes an SPDX id when it is one, a name otherwise.
      const id = SPDX.fixupSpdxId(license);
      mc.licenses.add(id ? new Models.SpdxLicense(id) : new Models.NamedLicense(license));
    }
    bom.components.add(mc);
    root.dependencies.add(mc.bomRef);
    byRef.set(c.ref, mc);
    // An API client library depends on its provider's service, and any library on the services it
    // is used through (openai's AzureOpenAI: Azure OpenAI's; an Ollama client: Ollama's).
    if (c.kind === 'library') {
      for (const [ref, svc] of services) {
        if ((isApiClient(c) && ref === `service:${c.properties['lantern:provider']}`) || usedThrough.get(ref)?.includes(c.name)) mc.dependencies.add(svc.bomRef);
      }
    }
  }

  // Vulnerability refs must be unique (the library swaps duplicates for random ones, and the
  // output would change from run to run): the column tells apart two findings on one line, and
  // a ref still taken gets a counter, in the findings' (sorted) order.
  const usedRefs = new Set<string>();
  const uniqueRef = (ref: string): string => {
    let out = ref;
    for (let n = 2; usedRefs.has(out); n++) out = `${ref}#${n}`;
    usedRefs.add(out);
    return out;
  };
  for (const f of result.findings) {
    if (f.advisory) {
      bom.vulnerabilities.add(advisoryVulnerability(f, f.advisory, f.componentRef ? (byRef.get(f.componentRef)?.bomRef ?? root.bomRef) : root.bomRef, rules, uniqueRef));
      continue;
    }
    const r = rules.rules.get(f.ruleId);
    const source = new Models.Vulnerability.Source({ name: 'Lantern' });
    const v = new Models.Vulnerability.Vulnerability({
      bomRef: uniqueRef(`finding:${f.fingerprint}:${f.location.path}:${f.location.line ?? 0}${f.location.column !== undefined ? `:${f.location.column}` : ''}`),
      id: f.ruleId,
      source,
      description: f.message,
      ...(r ? { detail: r.description, recommendation: r.help } : {}),
    });
    v.ratings.add(new Models.Vulnerability.Rating({ source, severity: SEVERITY[f.severity], method: Enums.Vulnerability.RatingMethod.Other }));
    for (const cwe of r?.cwe ?? []) v.cwes.add(cwe);
    const target = f.componentRef ? (byRef.get(f.componentRef) ?? services.get(f.componentRef)) : undefined;
    v.affects.add(new Models.Vulnerability.Affect(target ? target.bomRef : root.bomRef));
    // The vulnerability object has no location field: file and line go into properties.
    v.properties.add(new Models.Property('lantern:location:path', f.location.path));
    if (f.location.line !== undefined) v.properties.add(new Models.Property('lantern:location:line', String(f.location.line)));
    if (f.location.column !== undefined) v.properties.add(new Models.Property('lantern:location:column', String(f.location.column)));
    v.properties.add(new Models.Property('lantern:fingerprint', f.fingerprint));
    for (const [k, val] of Object.entries(f.properties ?? {})) v.properties.add(new Models.Property(k, val));
    bom.vulnerabilities.add(v);
  }
  return bom;
}

const CVSS_METHOD: Record<string, Enums.Vulnerability.RatingMethod> = {
  '2.0': Enums.Vulnerability.RatingMethod.CVSSv2,
  '3.0': Enums.Vulnerability.RatingMethod.CVSSv3,
  '3.1': Enums.Vulnerability.RatingMethod.CVSSv31,
  '4.0': Enums.Vulnerability.RatingMethod.CVSSv4,
};

/**
 * An advisory match as a CycloneDX vulnerability: the advisory's id and source, its aliases as
 * references, its CVSS vector and severity, CWEs, the fix as the recommendation, and `affects`
 * naming the component with the version that matched.
 */
function advisoryVulnerability(f: Finding, a: FindingAdvisory, target: Models.BomRef, rules: RuleSet, uniqueRef: (ref: string) => string): Models.Vulnerability.Vulnerability {
  const source = new Models.Vulnerability.Source({ name: a.source.name, ...(a.source.url ? { url: new URL(a.source.url) } : {}) });
  const r = rules.rules.get(f.ruleId);
  const v = new Models.Vulnerability.Vulnerability({
    bomRef: uniqueRef(`advisory:${a.id}:${f.fingerprint}`),
    id: a.id,
    source,
    description: f.message,
    ...(a.summary ? { detail: a.summary } : {}),
    recommendation: a.fixed ? `Upgrade to ${a.fixed} or later.` : (r?.help ?? 'No fixed version is known.'),
  });
  for (const alias of a.aliases) {
    const url = alias.startsWith('CVE-') ? `https://nvd.nist.gov/vuln/detail/${alias}` : alias.startsWith('GHSA-') ? `https://github.com/advisories/${alias}` : `https://osv.dev/vulnerability/${alias}`;
    v.references.add(new Models.Vulnerability.Reference(alias, new Models.Vulnerability.Source({ name: alias.startsWith('CVE-') ? 'NVD' : alias.startsWith('GHSA-') ? 'GitHub Advisory Database' : 'OSV', url: new URL(url) })));
  }
  const method = a.cvss ? CVSS_METHOD[a.cvss.version] : undefined;
  v.ratings.add(new Models.Vulnerability.Rating({ source, severity: SEVERITY[f.severity], method: method ?? Enums.Vulnerability.RatingMethod.Other, ...(a.cvss && method ? { vector: a.cvss.vector } : {}) }));
  for (const cwe of a.cwes.length ? a.cwes : (r?.cwe ?? [])) v.cwes.add(cwe);
  const version = f.properties?.['lantern:advisory:version'];
  const affect = new Models.Vulnerability.Affect(target);
  if (version) affect.versions.add(new Models.Vulnerability.AffectedSingleVersion(version, { status: Enums.Vulnerability.AffectStatus.Affected }));
  v.affects.add(affect);
  v.properties.add(new Models.Property('lantern:rule', f.ruleId));
  v.properties.add(new Models.Property('lantern:location:path', f.location.path));
  if (f.location.line !== undefined) v.properties.add(new Models.Property('lantern:location:line', String(f.location.line)));
  v.properties.add(new Models.Property('lantern:advisory:why', a.why));
  v.properties.add(new Models.Property('lantern:fingerprint', f.fingerprint));
  for (const [k, val] of Object.entries(f.properties ?? {})) v.properties.add(new Models.Property(k, val));
  return v;
}

/** The fields the library cannot model, per bom-ref. */
export interface AiFields {
  occurrences: { location: string; line?: number; offset?: number; additionalContext?: string }[];
  /** Service endpoints (host and path, no query). */
  endpoints?: string[];
  modelCard?: { architectureFamily?: string; modelArchitecture?: string; task?: string; inputs?: string[]; outputs?: string[] };
}

export function aiFields(result: ScanResult): Map<string, AiFields> {
  const m = new Map<string, AiFields>();
  for (const c of result.components) {
    const occurrences = c.evidence.map((e) => ({
      location: e.path,
      ...(e.line !== undefined ? { line: e.line } : {}),
      ...(e.offset !== undefined ? { offset: e.offset } : {}),
      // A notebook line counts inside its cell: the schema has no cell field (nor a second line).
      ...(e.cell !== undefined ? { additionalContext: `notebook cell ${e.cell}${e.fileLine !== undefined ? ` (line ${e.fileLine} of the .ipynb file)` : ''}` } : {}),
    }));
    const f: AiFields = { occurrences };
    if (c.kind === 'service' && c.properties['lantern:endpoints']) f.endpoints = c.properties['lantern:endpoints'].split(' ');
    const mc = c.modelCard;
    if (c.kind === 'model' && mc && (mc.architectureFamily || mc.modelArchitecture || mc.task || mc.inputs?.length || mc.outputs?.length)) f.modelCard = mc;
    m.set(c.ref, f);
  }
  return m;
}

/**
 * The library's JSON serializer, with one step added between normalization and stringification:
 * the AI fields go into the normalized object, so the BOM is stringified once and never re-parsed.
 */
class AiJsonSerializer extends Serialize.JsonSerializer {
  constructor(
    factory: SerializeApi.JSON.Normalize.Factory,
    private readonly fields: Map<string, AiFields>,
  ) {
    super(factory);
  }
  /** Set by writeTo(): the normalized BOM goes to the writer in pieces instead of one string. */
  private sink: Write | undefined;
  protected override _serialize(bom: SerializeApi.JSON.Types.Normalized.Bom, options?: SerializeApi.Types.SerializerOptions): string {
    addAiFieldsJson(bom as unknown as Record<string, unknown>, this.fields);
    if (this.sink) {
      writeJson(bom, this.sink);
      return '';
    }
    return super._serialize(bom, options);
  }
  writeTo(bom: Models.Bom, write: Write): void {
    this.sink = write;
    try {
      this.serialize(bom, { sortLists: true, space: 2 });
    } finally {
      this.sink = undefined;
    }
  }
}

export function toCycloneDxJson(result: ScanResult, version: SpecVersion = '1.6', env: NodeJS.ProcessEnv = process.env): string {
  const serializer = new AiJsonSerializer(new Serialize.JSON.Normalize.Factory(specFor(version)), aiFields(result));
  return `${serializer.serialize(buildBom(result, env), { sortLists: true, space: 2 })}\n`;
}

/** The same bytes as toCycloneDxJson, handed to `write` in pieces (bounded extra memory). */
export function writeCycloneDxJson(result: ScanResult, write: Write, version: SpecVersion = '1.6', env: NodeJS.ProcessEnv = process.env): void {
  const serializer = new AiJsonSerializer(new Serialize.JSON.Normalize.Factory(specFor(version)), aiFields(result));
  serializer.writeTo(buildBom(result, env), write);
}

/** Adds evidence.occurrences and modelCard to normalized JSON components. */
export function addAiFieldsJson(doc: Record<string, unknown>, fields: Map<string, AiFields>): void {
  for (const svc of (doc.services ?? []) as Record<string, unknown>[]) {
    const f = fields.get(String(svc['bom-ref']));
    if (f?.endpoints?.length) svc.endpoints = f.endpoints;
  }
  for (const c of (doc.components ?? []) as Record<string, unknown>[]) {
    const f = fields.get(String(c['bom-ref']));
    if (!f) continue;
    if (f.occurrences.length) c.evidence = { ...((c.evidence as object) ?? {}), occurrences: f.occurrences };
    if (f.modelCard) {
      const p: Record<string, unknown> = {};
      if (f.modelCard.task) p.task = f.modelCard.task;
      if (f.modelCard.architectureFamily) p.architectureFamily = f.modelCard.architectureFamily;
      if (f.modelCard.modelArchitecture) p.modelArchitecture = f.modelCard.modelArchitecture;
      if (f.modelCard.inputs?.length) p.inputs = f.modelCard.inputs.map((format) => ({ format }));
      if (f.modelCard.outputs?.length) p.outputs = f.modelCard.outputs.map((format) => ({ format }));
      c.modelCard = { modelParameters: p };
    }
  }
}
