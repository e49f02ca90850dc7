/**
 * CycloneDX AI-BOM (1.6 by default, 1.7 on request), JSON and XML.
 *
 * The core (metadata, components, hashes, purls, properties, dependencies, vulnerabilities) goes
 * through @cyclonedx/cyclonedx-library. The library has no model for `modelCard` and
 * `evidence.occurrences`; `addAiFields` adds them in one step after serialization (JSON object or
 * XML DOM), at the place the schema wants them. Deterministic: no random serial number, sorted
 * lists, timestamp pinned by SOURCE_DATE_EPOCH when set.
 */
import { Enums, Models, Serialize, SPDX, Spec } from '@cyclonedx/cyclonedx-library';
import { create } from 'xmlbuilder2';
import type { ScanResult } from '../scan/scan.js';
import type { Component, Finding } from '../types.js';
import { loadRules } from '../rules/load.js';
import { sha256Hex } from '../util/hash.js';

export type SpecVersion = '1.6' | '1.7';

export const ROOT_REF = 'root';

function specFor(v: SpecVersion): typeof Spec.Spec1dot6 {
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
  agent: Enums.ComponentType.Application,
  'mcp-server': Enums.ComponentType.Application,
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
  for (const c of result.components) {
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
  }

  for (const f of result.findings) {
    const r = rules.rules.get(f.ruleId);
    const source = new Models.Vulnerability.Source({ name: 'Lantern' });
    const v = new Models.Vulnerability.Vulnerability({
      bomRef: `finding:${f.fingerprint}:${f.location.path}:${f.location.line ?? 0}`,
      id: f.ruleId,
      source,
      description: f.message,
      ...(r ? { detail: r.description, recommendation: r.help } : {}),
    });
    v.ratings.add(new Models.Vulnerability.Rating({ source, severity: SEVERITY[f.severity], method: Enums.Vulnerability.RatingMethod.Other }));
    for (const cwe of r?.cwe ?? []) v.cwes.add(cwe);
    const target = f.componentRef ? byRef.get(f.componentRef) : undefined;
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

/** The fields the library cannot model, per bom-ref. */
interface AiFields {
  occurrences: { location: string; line?: number; offset?: number }[];
  modelCard?: { architectureFamily?: string; modelArchitecture?: string; task?: string; inputs?: string[]; outputs?: string[] };
}

function aiFields(result: ScanResult): Map<string, AiFields> {
  const m = new Map<string, AiFields>();
  for (const c of result.components) {
    const occurrences = c.evidence.map((e) => ({
      location: e.path,
      ...(e.line !== undefined ? { line: e.line } : {}),
      ...(e.offset !== undefined ? { offset: e.offset } : {}),
    }));
    const f: AiFields = { occurrences };
    const mc = c.modelCard;
    if (c.kind === 'model' && mc && (mc.architectureFamily || mc.modelArchitecture || mc.task || mc.inputs?.length || mc.outputs?.length)) f.modelCard = mc;
    m.set(c.ref, f);
  }
  return m;
}

export function toCycloneDxJson(result: ScanResult, version: SpecVersion = '1.6', env: NodeJS.ProcessEnv = process.env): string {
  const bom = buildBom(result, env);
  const serializer = new Serialize.JsonSerializer(new Serialize.JSON.Normalize.Factory(specFor(version)));
  const doc = JSON.parse(serializer.serialize(bom, { sortLists: true })) as Record<string, unknown>;
  addAiFieldsJson(doc, aiFields(result));
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** Adds evidence.occurrences and modelCard to serialized JSON components. */
export function addAiFieldsJson(doc: Record<string, unknown>, fields: Map<string, AiFields>): void {
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

export function toCycloneDxXml(result: ScanResult, version: SpecVersion = '1.6', env: NodeJS.ProcessEnv = process.env): string {
  const bom = buildBom(result, env);
  const serializer = new Serialize.XmlSerializer(new Serialize.XML.Normalize.Factory(specFor(version)));
  const xml = serializer.serialize(bom, { sortLists: true });
  return addAiFieldsXml(xml, aiFields(result));
}

/** The few DOM members used below (the project compiles without the DOM lib). */
interface XNode {
  nodeType: number;
  localName: string;
  childNodes: ArrayLike<XNode>;
  appendChild(n: XNode): XNode;
  insertBefore(n: XNode, ref: XNode): XNode;
  getAttribute(name: string): string | null;
}
interface XDocument {
  documentElement: XNode & { namespaceURI: string | null; getElementsByTagNameNS(ns: string, name: string): ArrayLike<XNode> };
  createElementNS(ns: string, name: string): XNode;
  createTextNode(text: string): XNode;
}

// Children of <component> that must come after <evidence> / after <modelCard>, in schema order.
const AFTER_EVIDENCE = ['releaseNotes', 'modelCard', 'data', 'cryptoProperties', 'tags', 'signature'];
const AFTER_MODELCARD = ['data', 'cryptoProperties', 'tags', 'signature'];

/** Adds evidence/occurrences and modelCard to serialized XML components, in XSD order. */
export function addAiFieldsXml(xml: string, fields: Map<string, AiFields>): string {
  const doc = create(xml);
  const dom = doc.node as unknown as XDocument;
  const rootEl = dom.documentElement;
  const ns = rootEl.namespaceURI ?? '';
  const el = (name: string, text?: string): XNode => {
    const e = dom.createElementNS(ns, name);
    if (text !== undefined) e.appendChild(dom.createTextNode(text));
    return e;
  };
  const insert = (parent: XNode, child: XNode, before: string[]): void => {
    const next = Array.from(parent.childNodes).find((n) => n.nodeType === 1 && before.includes(n.localName));
    if (next) parent.insertBefore(child, next);
    else parent.appendChild(child);
  };
  const components = Array.from(rootEl.getElementsByTagNameNS(ns, 'component'));
  for (const comp of components) {
    const f = fields.get(comp.getAttribute('bom-ref') ?? '');
    if (!f) continue;
    if (f.occurrences.length) {
      const evidence = el('evidence');
      const occ = el('occurrences');
      for (const o of f.occurrences) {
        const oe = el('occurrence');
        oe.appendChild(el('location', o.location));
        if (o.line !== undefined) oe.appendChild(el('line', String(o.line)));
        if (o.offset !== undefined) oe.appendChild(el('offset', String(o.offset)));
        occ.appendChild(oe);
      }
      evidence.appendChild(occ);
      insert(comp, evidence, AFTER_EVIDENCE);
    }
    if (f.modelCard) {
      const card = el('modelCard');
      const params = el('modelParameters');
      if (f.modelCard.task) params.appendChild(el('task', f.modelCard.task));
      if (f.modelCard.architectureFamily) params.appendChild(el('architectureFamily', f.modelCard.architectureFamily));
      if (f.modelCard.modelArchitecture) params.appendChild(el('modelArchitecture', f.modelCard.modelArchitecture));
      for (const [tag, item, list] of [['inputs', 'input', f.modelCard.inputs], ['outputs', 'output', f.modelCard.outputs]] as const) {
        if (!list?.length) continue;
        const wrap = el(tag);
        for (const format of list) {
          const i = el(item);
          i.appendChild(el('format', format));
          wrap.appendChild(i);
        }
        params.appendChild(wrap);
      }
      card.appendChild(params);
      insert(comp, card, AFTER_MODELCARD);
    }
  }
  return `${doc.end({ prettyPrint: true, headless: false })}\n`;
}
