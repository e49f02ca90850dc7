/** Cargo.toml ([dependencies], dev, build, target-specific, workspace) and Cargo.lock. */
import type { DeclaredDependency } from '../types.js';
import { boundText, Collector, isRecord, type ManifestResult, str } from './common.js';
import { arrayTableLines, keyLine, lineInBody, parseToml, type TomlDoc } from './toml.js';

type Scope = DeclaredDependency['scope'];

const SECTIONS: Array<[string, Scope]> = [
  ['dependencies', 'runtime'],
  ['dev-dependencies', 'dev'],
  ['dev_dependencies', 'dev'],
  ['build-dependencies', 'build'],
  ['build_dependencies', 'build'],
];

function exactCargo(range: string): string | undefined {
  const m = /^\s*=\s*(\d+\.\d+\.\d+(?:[-+][\w.+-]*)?)\s*$/.exec(range);
  return m?.[1];
}

function table(c: Collector, doc: TomlDoc, path: string[], t: unknown, scope: Scope): void {
  if (!isRecord(t)) return;
  for (const [key, spec] of Object.entries(t)) {
    let name = key;
    let range: string | undefined;
    let s = scope;
    if (typeof spec === 'string') range = spec;
    else if (isRecord(spec)) {
      name = str(spec.package) ?? key;
      range = str(spec.version);
      if (spec.optional === true) s = 'optional';
    }
    if (!c.add({ name, range, version: range === undefined ? undefined : exactCargo(range), line: keyLine(doc, path, key), scope: s })) return;
  }
}

export function readCargoToml(path: string, text: string): ManifestResult {
  const c = new Collector(path, 'cargo');
  const doc = parseToml(boundText(text, c), (m) => c.warn(m));
  const d = doc.data;
  for (const [section, scope] of SECTIONS) table(c, doc, [section], d[section], scope);
  if (isRecord(d.target)) {
    for (const [cfg, t] of Object.entries(d.target)) {
      if (!isRecord(t)) continue;
      for (const [section, scope] of SECTIONS) table(c, doc, ['target', cfg, section], t[section], scope);
    }
  }
  if (isRecord(d.workspace)) table(c, doc, ['workspace', 'dependencies'], d.workspace.dependencies, 'runtime');
  return c.result();
}

export function readCargoLock(path: string, text: string): ManifestResult {
  const c = new Collector(path, 'cargo');
  const doc = parseToml(boundText(text, c), (m) => c.warn(m));
  const pkgs = doc.data.package;
  if (!Array.isArray(pkgs)) return c.result();
  const blocks = arrayTableLines(doc, ['package']);
  for (let i = 0; i < pkgs.length && !c.isFull; i++) {
    const p = pkgs[i];
    if (!isRecord(p)) continue;
    const name = str(p.name);
    // Local crates (the workspace itself, path dependencies) have no source.
    if (name === undefined || p.source === undefined) continue;
    const b = blocks[i];
    const line = b === undefined ? undefined : (lineInBody(doc, b.body, 'name') ?? b.header);
    c.add({ name, version: str(p.version), line, lockfile: path });
  }
  return c.result();
}
