/** TensorFlow Lite: CUSTOM operators, named (tflite/custom-op); Flex ops running dangerous TF ops rank higher. */
import { TFLITE_CUSTOM, readTflite } from '../../formats/tflite.js';
import { emptyObservation } from '../../types.js';
import { makeFinding } from '../finding.js';
import type { Detector } from '../types.js';
import type { SavedModelCatalog } from './savedmodel.js';

export interface TfliteCatalog {
  builtinCustomOps: string[];
  flexPrefix: string;
}

export interface CustomOpHit {
  name: string;
  /** The TensorFlow op a Flex op runs, when the name has the Flex prefix. */
  flexOf?: string;
  /** Set for Flex ops whose TF op is in the savedmodel dangerous-op catalog. */
  tier?: SavedModelCatalog['dangerousOps'][number]['tier'];
  why?: string;
}

/** Custom op names worth reporting, with what a Flex op runs. Pure. */
export function customOpHits(names: readonly string[], cat: TfliteCatalog, tfOps: SavedModelCatalog['dangerousOps'] = []): CustomOpHit[] {
  const out: CustomOpHit[] = [];
  for (const name of new Set(names)) {
    if (cat.builtinCustomOps.includes(name)) continue;
    const h: CustomOpHit = { name };
    if (name.startsWith(cat.flexPrefix) && name.length > cat.flexPrefix.length) {
      h.flexOf = name.slice(cat.flexPrefix.length);
      const d = tfOps.find((x) => x.op === h.flexOf);
      if (d) {
        h.tier = d.tier;
        h.why = d.why;
      }
    }
    out.push(h);
  }
  return out;
}

export const tfliteDetector: Detector = {
  id: 'tflite',
  accepts: (s) => s.kind === 'model' && s.format === 'tflite' && !s.wrapper,
  detect(ctx) {
    const o = emptyObservation();
    const cat = ctx.rules.catalogs.get('tflite') as TfliteCatalog | undefined;
    if (!cat) return o;
    const r = readTflite(ctx.src);
    if (!r.ok) {
      o.warnings.push({ code: 'tflite/unreadable', path: ctx.file.path, message: `${r.error}; operators were not checked` });
      return o;
    }
    const names = r.value.operatorCodes.filter((c) => c.builtin === TFLITE_CUSTOM).map((c) => c.custom ?? '');
    const tfOps = (ctx.rules.catalogs.get('savedmodel') as SavedModelCatalog | undefined)?.dangerousOps ?? [];
    for (const h of customOpHits(names, cat, tfOps).slice(0, 100)) {
      const label = h.name === '' ? 'a CUSTOM operator without a name' : `custom operator ${JSON.stringify(h.name.slice(0, 200))}`;
      const flex = h.flexOf ? `; it runs the TensorFlow op ${h.flexOf} through the Flex delegate${h.why ? ` (${h.why})` : ''}` : '; the app must register native code for it';
      const f = makeFinding(ctx, {
        ruleId: 'tflite/custom-op',
        message: `${ctx.file.path}: ${label}${flex}`,
        key: h.name,
        properties: { 'lantern:tflite:custom-op': h.name.slice(0, 200) },
      });
      if (h.tier) f.severity = h.tier === 'python' ? 'critical' : 'high';
      o.findings.push(f);
    }
    return o;
  },
};
