/**
 * Cargo.toml ([dependencies], dev, build, target-specific, workspace) and Cargo.lock. A workspace
 * root says so (its members, in the result's `workspace`): its Cargo.lock resolves the members.
 */
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

function table(c: Collector, doc: TomlDoc, path: string[], t: unknown, scope: Scope, defines = false): void {
  if (!isRecord(t)) return;
  for (const [key, spec] of Object.entries(t)) {
    let name = key;
    let range: string | undefined;
    let s = scope;
    let central: DeclaredDependency['central'] = defines ? 'defines' : undefined;
    if (typeof spec === 'string') range = spec;
    else if (isRecord(spec)) {
      name = str(spec.package) ?? key;
      range = str(spec.version);
      // A path dependency (`openai = { path = "../openai" }`) is a crate of the tree, built from
      // there whatever version is written: `path:` marks it as npm's `workspace:` does.
      const local = str(spec.path);
      if (local !== undefined && !defines) range = `path:${local}`;
      if (spec.optional === true) s = 'optional';
      // `dep = { workspace = true }` / `dep.workspace = true`: the range is the workspace root's.
      if (spec.workspace === true && !defines) central = 'inherits';
    }
    // A renamed dependency (`candle = { package = "candle-core" }`): code names it by the key (`use candle::…`).
    if (!c.add({ name, range, version: range === undefined ? undefined : exactCargo(range), line: keyLine(doc, path, key), scope: s, central, alias: key })) return;
  }
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

export function readCargoToml(path: string, text: string): ManifestResult {
  const c = new Collector(path, 'cargo');
  const doc = parseToml(boundText(text, c), (m) => c.warn(m));
  const d = doc.data;
  if (isRecord(d.package) && typeof d.package.name === 'string') c.own = d.package.name;
  for (const [section, scope] of SECTIONS) table(c, doc, [section], d[section], scope);
  if (isRecord(d.target)) {
    for (const [cfg, t] of Object.entries(d.target)) {
      if (!isRecord(t)) continue;
      for (const [section, scope] of SECTIONS) table(c, doc, ['target', cfg, section], t[section], scope);
    }
  }
  if (isRecord(d.workspace)) {
    table(c, doc, ['workspace', 'dependencies'], d.workspace.dependencies, 'runtime', true);
    if (d.workspace.members !== undefined && !Array.isArray(d.workspace.members)) c.warn('workspace.members is not an array');
    c.workspace = { path, ecosystem: 'cargo', members: strings(d.workspace.members), exclude: strings(d.workspace.exclude) };
  }
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
