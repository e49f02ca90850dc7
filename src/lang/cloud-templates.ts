/**
 * CloudFormation (and SAM, and what the CDK synthesizes) and Azure Resource Manager templates, in
 * JSON or YAML: the resources they declare, as src/lang/terraform.ts gives Terraform's and Bicep's.
 * - CloudFormation: `Resources.<LogicalId>` with `Type: AWS::Bedrock::Agent`; attributes by their
 *   path from the resource (`Properties.FoundationModel`).
 * - ARM: `resources[]` objects with `type: Microsoft.CognitiveServices/accounts`, `kind`, `name`,
 *   `properties.model.name`; a nested `resources[]` child's short type (`deployments`) is put
 *   after its parent's.
 * Only literal strings are kept: a CloudFormation intrinsic (`!Ref x`, `!Sub …`, `Fn::Join`) or an
 * ARM expression (`[parameters('x')]`) is none. YAML tags CloudFormation defines are read as the
 * tagged values they are, not errors. Lines are the nodes' own.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { yamlNestingOk } from '../util/yaml-depth.js';
import type { TerraformBlock } from './terraform.js';

/** At most this many resources from one template, and attributes this deep. */
const MAX_RESOURCES = 10_000;
const MAX_DEPTH = 8;

export function cloudTemplateResources(text: string): TerraformBlock[] {
  if (!yamlNestingOk(text)) return [];
  const lc = new LineCounter();
  let root: Node | null;
  try {
    root = parseDocument(text, { lineCounter: lc, uniqueKeys: false, prettyErrors: false, logLevel: 'silent' }).contents as Node | null;
  } catch {
    return [];
  }
  if (!isMap(root)) return [];
  const line = (n: Node): number => (n.range ? lc.linePos(n.range[0]).line : 0);
  const out: TerraformBlock[] = [];
  const attrsOf = (n: Node): TerraformBlock['attrs'] => {
    const attrs: TerraformBlock['attrs'] = new Map();
    const walk = (node: Node, path: string[]): void => {
      if (path.length > MAX_DEPTH || !isMap(node)) return;
      for (const p of node.items) {
        const k = isScalar(p.key) ? String(p.key.value) : undefined;
        const v = p.value as Node | null;
        if (k === undefined || v === null) continue;
        const at = [...path, k];
        if (isScalar(v)) {
          if (typeof v.value === 'string' && v.tag === undefined && !v.value.startsWith('[') && !attrs.has(at.join('.'))) attrs.set(at.join('.'), { value: v.value, line: line(v) });
        } else if (isMap(v) && k !== 'resources') walk(v, at);
      }
    };
    walk(n, []);
    return attrs;
  };
  const get = (m: Node, key: string): Node | undefined => (isMap(m) ? (m.items.find((p) => isScalar(p.key) && p.key.value === key)?.value as Node | undefined) : undefined);
  // CloudFormation.
  const cfn = get(root, 'Resources');
  if (cfn !== undefined && isMap(cfn)) {
    for (const p of cfn.items) {
      if (out.length >= MAX_RESOURCES) break;
      const r = p.value as Node | null;
      const type = r ? get(r, 'Type') : undefined;
      if (!r || !type || !isScalar(type) || typeof type.value !== 'string' || !isScalar(p.key)) continue;
      out.push({ kind: 'resource', type: type.value, name: String(p.key.value), line: line(p.key as Node), attrs: attrsOf(r) });
    }
  }
  // ARM: resources[] and their children.
  const arm = (list: Node | undefined, parent: string | undefined, depth: number): void => {
    if (list === undefined || !isSeq(list) || depth > 4) return;
    for (const r of list.items as Node[]) {
      if (out.length >= MAX_RESOURCES) return;
      const type = get(r, 'type');
      if (!type || !isScalar(type) || typeof type.value !== 'string' || type.value.startsWith('[')) continue;
      const full = parent !== undefined && !type.value.includes('/') ? `${parent}/${type.value}` : type.value;
      const name = get(r, 'name');
      out.push({ kind: 'resource', type: full, name: name && isScalar(name) && typeof name.value === 'string' && !name.value.startsWith('[') ? name.value : '', line: line(r), attrs: attrsOf(r) });
      arm(get(r, 'resources'), full, depth + 1);
    }
  };
  arm(get(root, 'resources'), undefined, 0);
  return out;
}
