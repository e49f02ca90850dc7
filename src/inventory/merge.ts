/**
 * Inventory: one component per identity (bom-ref), however many places it was seen; everything
 * sorted so the same tree gives the same output bytes.
 */
import type { Component, Finding, Location, ScanWarning } from '../types.js';

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function locKey(l: Location): string {
  return `${l.path}\u0000${String(l.cell ?? 0).padStart(6, '0')}\u0000${String(l.line ?? 0).padStart(9, '0')}\u0000${String(l.column ?? 0).padStart(9, '0')}`;
}

export function mergeComponents(components: Component[]): Component[] {
  const byRef = new Map<string, Component>();
  for (const c of components) {
    const prev = byRef.get(c.ref);
    if (!prev) {
      byRef.set(c.ref, { ...c, evidence: [...c.evidence], properties: { ...c.properties } });
      continue;
    }
    for (const e of c.evidence) prev.evidence.push(e); // a spread of a huge list overflows the stack
    for (const [k, v] of Object.entries(c.properties)) if (!(k in prev.properties)) prev.properties[k] = v;
    if (!prev.modelCard && c.modelCard) prev.modelCard = c.modelCard;
    if (!prev.hashes && c.hashes) prev.hashes = c.hashes;
    if (!prev.version && c.version) prev.version = c.version;
  }
  const out = [...byRef.values()];
  for (const c of out) {
    const seen = new Set<string>();
    c.evidence = c.evidence.filter((e) => {
      const k = locKey(e);
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
    c.evidence.sort((a, b) => cmp(locKey(a), locKey(b)));
    // A model file's name follows its first occurrence, so it does not depend on worker scheduling
    // (a hub model keeps its repo id).
    const first = c.evidence[0];
    if (c.kind === 'model' && first && c.properties['lantern:directory'] === undefined && c.properties['lantern:lfs-pointer'] !== 'true' && c.properties['lantern:source'] !== 'huggingface-hub') {
      c.name = first.path.split('/').pop() ?? c.name;
    }
  }
  return out.sort((a, b) => cmp(a.kind, b.kind) || cmp(a.name, b.name) || cmp(a.ref, b.ref));
}

export function sortFindings(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings
    .filter((f) => {
      const k = `${f.ruleId}\u0000${f.fingerprint}\u0000${locKey(f.location)}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    })
    .sort((a, b) => cmp(locKey(a.location), locKey(b.location)) || cmp(a.ruleId, b.ruleId) || cmp(a.fingerprint, b.fingerprint));
}

export function sortWarnings(ws: ScanWarning[]): ScanWarning[] {
  const seen = new Set<string>();
  return ws
    .filter((w) => {
      const k = `${w.path}\u0000${w.code}\u0000${w.message}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    })
    .sort((a, b) => cmp(a.path, b.path) || cmp(a.code, b.code) || cmp(a.message, b.message));
}

/**
 * Findings whose component does not exist (a chat template in tokenizer_config.json, which is not
 * a model by itself) point at the model that owns their folder when there is one: a Hugging Face
 * model directory or a model file beside them. Otherwise they point at nothing (the repository).
 */
export function resolveFindingRefs(components: Component[], findings: Finding[]): Finding[] {
  const refs = new Set(components.map((c) => c.ref));
  const dirOf = (p: string) => (p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '');
  return findings.map((f) => {
    if (!f.componentRef || refs.has(f.componentRef)) return f;
    // A key's service and an agent file's component exist only with the Shadow-AI inventory on;
    // never re-home their findings to a model.
    if (f.componentRef.startsWith('service:') || f.componentRef.startsWith('agent:')) {
      const { componentRef: _drop, ...rest } = f;
      return rest;
    }
    const dir = dirOf(f.location.path);
    const owner =
      components.find((c) => c.kind === 'model' && c.properties['lantern:directory'] === (dir || '.')) ??
      components.find((c) => c.kind === 'model' && c.evidence.some((e) => dirOf(e.path) === dir));
    const { componentRef: _drop, ...rest } = f;
    return owner ? { ...rest, componentRef: owner.ref } : rest;
  });
}
