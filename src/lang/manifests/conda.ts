/** conda environment.yml: conda packages (`name=1.2`, `chan::name==1.2=build`) and the `pip:` list. */
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { Collector, parseYamlManifest, type ManifestResult } from './common.js';
import { readRequirementLine } from './requirements.js';

/** Parses a conda match spec as written in environment files. */
export function parseCondaSpec(spec: string): { name: string; range?: string; version?: string } | undefined {
  let s = spec.trim();
  const colons = s.lastIndexOf('::');
  if (colons >= 0) s = s.slice(colons + 2);
  const m = /^([A-Za-z0-9_][A-Za-z0-9_.-]*)\s*(.*)$/.exec(s);
  if (m === null) return undefined;
  const name = m[1]!;
  const rest = m[2]!.trim();
  if (rest.startsWith('[')) return { name }; // bracket match specs are not versions
  if (rest === '') return { name };
  // `1.2 build` (a version, a space, a build string) is `1.2=build`.
  const spaced = /^(\d[\w.+!]*)\s+([\w.+-]+)$/.exec(rest);
  const range = spaced !== null ? `${spaced[1]}=${spaced[2]}` : rest.replace(/\s+/g, '');
  // conda's MatchSpec: `==1.2` and a bare `1.2` are that version, `=1.2` is fuzzy (1.2*: 1.2,
  // 1.2.1, ...) unless a build follows (`=1.2=py311_0` is 1.2 with that build).
  const pin = /^(==?)?(\d[\w.+!]*)(=[\w.*+-]+)?$/.exec(range);
  const version = pin !== null && !pin[2]!.includes('*') && !(pin[1] === '=' && pin[3] === undefined) ? pin[2]! : undefined;
  return { name, range, version };
}

export function readCondaEnv(path: string, text: string): ManifestResult {
  const c = new Collector(path, 'conda');
  const parsed = parseYamlManifest(text, c);
  if (!parsed) return c.result();
  const { doc, lc } = parsed;
  const deps = doc.contents.get('dependencies', true);
  if (deps === undefined) return c.result();
  if (!isSeq(deps)) {
    c.warn('"dependencies" is not a list');
    return c.result();
  }
  const lineOf = (n: Node): number | undefined => (n.range != null ? lc.linePos(n.range[0]).line : undefined);
  for (const item of deps.items) {
    if (c.isFull) break;
    if (isScalar(item)) {
      if (item.value === null || item.value === undefined) continue;
      const spec = parseCondaSpec(String(item.value));
      if (spec === undefined) {
        c.warn(`line ${lineOf(item) ?? '?'}: not a conda package spec: ${String(item.value).slice(0, 100)}`);
        continue;
      }
      c.add({ ...spec, line: lineOf(item), scope: 'runtime' });
    } else if (isMap(item)) {
      const pip = item.get('pip', true);
      if (!isSeq(pip)) continue;
      for (const p of pip.items) {
        if (!isScalar(p) || typeof p.value !== 'string') continue;
        const before = c.deps.length;
        readRequirementLine(c, p.value, lineOf(p), 'runtime');
        for (let k = before; k < c.deps.length; k++) c.deps[k]!.ecosystem = 'pypi';
      }
    }
  }
  return c.result();
}
