/** safetensors headers that break the format's rules (safetensors/invalid-header). */
import { validateSafetensors } from '../../formats/safetensors.js';
import { emptyObservation } from '../../types.js';
import { makeFinding } from '../finding.js';
import type { Detector } from '../types.js';

export interface SafetensorsCatalog {
  dtypeBits: Record<string, number>;
  maxHeaderBytes: number;
}

export const safetensorsDetector: Detector = {
  id: 'safetensors',
  accepts: (s) => s.kind === 'model' && s.format === 'safetensors' && !s.wrapper,
  detect(ctx) {
    const o = emptyObservation();
    const cat = ctx.rules.catalogs.get('safetensors') as SafetensorsCatalog | undefined;
    if (!cat) return o;
    const problems = validateSafetensors(ctx.src, cat.dtypeBits, cat.maxHeaderBytes);
    if (!problems.length) return o;
    const first = problems[0];
    const shown = problems.slice(0, 5).map((p) => p.message);
    const more = problems.length > 5 ? ` (and ${problems.length - 5}${problems.length >= 50 ? '+' : ''} more)` : '';
    o.findings.push(
      makeFinding(ctx, {
        ruleId: 'safetensors/invalid-header',
        message: `${ctx.file.path}: invalid safetensors header: ${shown.join('; ')}${more}`,
        key: shown.join('\n'),
        ...(first?.offset !== undefined ? { offset: first.offset } : {}),
        properties: { 'lantern:safetensors:problems': String(problems.length) },
      }),
    );
    return o;
  },
};
