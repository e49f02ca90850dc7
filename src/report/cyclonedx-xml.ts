/**
 * The CycloneDX AI-BOM as XML (see cyclonedx.ts for the BOM itself). Its own module because the
 * library's XML serializer loads xmlbuilder2, which a JSON-only run should not pay for.
 */
import * as Serialize from '@cyclonedx/cyclonedx-library/Serialize';
import type { ScanResult } from '../scan/scan.js';
import { aiFields, buildBom, specFor, type AiFields, type SpecVersion } from './cyclonedx.js';
import { escapeChar } from '../util/printable.js';

type XmlElement = Serialize.XML.Types.SimpleXml.Element;

/** The same for XML: the AI elements go into the normalized element tree, in XSD order. */
class AiXmlSerializer extends Serialize.XmlSerializer {
  constructor(
    factory: Serialize.XML.Normalize.Factory,
    private readonly fields: Map<string, AiFields>,
  ) {
    super(factory);
  }
  protected override _serialize(bom: XmlElement, options?: Serialize.Types.SerializerOptions): string {
    addAiFieldsXml(bom, this.fields);
    xmlSafe(bom);
    return super._serialize(bom, options);
  }
}

export function toCycloneDxXml(result: ScanResult, version: SpecVersion = '1.6', env: NodeJS.ProcessEnv = process.env): string {
  const serializer = new AiXmlSerializer(new Serialize.XML.Normalize.Factory(specFor(version)), aiFields(result));
  return `${serializer.serialize(buildBom(result, env), { sortLists: true, space: 2 })}\n`;
}

// eslint-disable-next-line no-control-regex
const NOT_XML_10 = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * A text or attribute value as the XML writer must receive it. xmlbuilder2 leaves anything that
 * looks like an entity (`&amp;`, `&semi;`, `&#65;`) as written, so a file named `c&amp;d.py`
 * came out as `c&d.py` and `x&semi;y` as XML that does not parse: every `&` is given as `&amp;`
 * (which it keeps). A character XML 1.0 cannot hold (a control character in a file name, a lone
 * surrogate) is written as its escape, `\x01`.
 */
export function xmlText(v: string): string {
  return v.replace(/&/g, '&amp;').replace(NOT_XML_10, escapeChar);
}

/** Every text and attribute value of the tree through xmlText. */
function xmlSafe(e: XmlElement): void {
  if (e.attributes) for (const [k, v] of Object.entries(e.attributes)) if (typeof v === 'string') (e.attributes as Record<string, unknown>)[k] = xmlText(v);
  if (typeof e.children === 'string') e.children = xmlText(e.children);
  else if (e.children !== undefined && typeof e.children === 'object') for (const k of e.children) if (k.type === 'element') xmlSafe(k);
}

// Children of <component> that must come after <evidence> / after <modelCard>, in schema order.
const AFTER_EVIDENCE = ['releaseNotes', 'modelCard', 'data', 'cryptoProperties', 'tags', 'signature'];
const AFTER_MODELCARD = ['data', 'cryptoProperties', 'tags', 'signature'];
// Children of <service> that come after <endpoints>.
const AFTER_ENDPOINTS = ['authenticated', 'x-trust-boundary', 'trustZone', 'data', 'licenses', 'externalReferences', 'properties', 'services', 'releaseNotes', 'tags', 'signature'];

const xel = (name: string, children?: XmlElement[] | string): XmlElement => (children === undefined ? { type: 'element', name } : { type: 'element', name, children });

function insertChild(parent: XmlElement, child: XmlElement, before: string[]): void {
  const kids = parent.children === undefined || typeof parent.children !== 'object' ? [] : [...parent.children];
  const at = kids.findIndex((k) => k.type === 'element' && before.includes(k.name));
  if (at < 0) kids.push(child);
  else kids.splice(at, 0, child);
  parent.children = kids;
}

/** Adds evidence/occurrences and modelCard to normalized XML components (nested ones included). */
export function addAiFieldsXml(bom: XmlElement, fields: Map<string, AiFields>): void {
  const visit = (e: XmlElement): void => {
    if (e.name === 'component') patchXmlComponent(e, fields.get(String(e.attributes?.['bom-ref'] ?? '')));
    if (e.name === 'service') {
      const f = fields.get(String(e.attributes?.['bom-ref'] ?? ''));
      if (f?.endpoints?.length) insertChild(e, xel('endpoints', f.endpoints.map((u) => xel('endpoint', u))), AFTER_ENDPOINTS);
    }
    if (e.children !== undefined && typeof e.children === 'object') {
      for (const k of e.children) if (k.type === 'element') visit(k);
    }
  };
  visit(bom);
}

function patchXmlComponent(comp: XmlElement, f: AiFields | undefined): void {
  if (!f) return;
  if (f.occurrences.length) {
    const occ = f.occurrences.map((o) =>
      xel('occurrence', [
        xel('location', o.location),
        ...(o.line !== undefined ? [xel('line', String(o.line))] : []),
        ...(o.offset !== undefined ? [xel('offset', String(o.offset))] : []),
        ...(o.additionalContext !== undefined ? [xel('additionalContext', o.additionalContext)] : []),
      ]),
    );
    insertChild(comp, xel('evidence', [xel('occurrences', occ)]), AFTER_EVIDENCE);
  }
  if (f.modelCard) {
    const m = f.modelCard;
    const params: XmlElement[] = [];
    if (m.task) params.push(xel('task', m.task));
    if (m.architectureFamily) params.push(xel('architectureFamily', m.architectureFamily));
    if (m.modelArchitecture) params.push(xel('modelArchitecture', m.modelArchitecture));
    if (m.inputs?.length) params.push(xel('inputs', m.inputs.map((x) => xel('input', [xel('format', x)]))));
    if (m.outputs?.length) params.push(xel('outputs', m.outputs.map((x) => xel('output', [xel('format', x)]))));
    insertChild(comp, xel('modelCard', [xel('modelParameters', params)]), AFTER_MODELCARD);
  }
}
