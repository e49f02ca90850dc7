/**
 * Maven pom.xml: the dependencies of the project, of its profiles and of its build plugins, with
 * `${property}` versions; <dependencyManagement> gives versions, never dependencies.
 */
import { posix } from 'node:path';
import type { DeclaredDependency, WorkspaceRoot } from '../types.js';
import { baseName, Collector, dirName, expandRefs, type ManifestResult } from './common.js';
import { kid, kids, kidText, type XmlElement, xmlDocumentOf } from './xml.js';

type Scope = DeclaredDependency['scope'];

function mavenScope(scope: string | undefined, optional: boolean): Scope {
  if (optional) return 'optional';
  switch ((scope ?? 'compile').toLowerCase()) {
    case 'test':
      return 'test';
    default:
      return 'runtime'; // compile, runtime, provided, system, import
  }
}

/** Resolves `${name}` references against the properties, a few levels deep. */
export function resolveProps(value: string, props: Map<string, string>): string {
  return value.includes('${') ? expandRefs(value, /\$\{([^}]+)\}/g, (k) => props.get(k.trim())) : value;
}

/**
 * A property value that may be a version or a version range, or a part of one: empty too, as the
 * CI-friendly `<sha1/>` of `${revision}${sha1}${changelist}` is.
 */
const VERSIONISH = /^[\w.+\-[\](),]{0,100}$/;

/** A plain Maven version (not a range like `[1.0,2.0)` nor an unresolved property). */
export function plainVersion(v: string): string | undefined {
  return /^[\w.+-]+$/.test(v) && !/^(LATEST|RELEASE)$/.test(v) ? v : undefined;
}

export function readPom(path: string, text: string): ManifestResult {
  const c = new Collector(path, 'maven');
  const project = xmlDocumentOf(c, text, 'project');
  if (project === undefined) return c.result();
  const props = new Map<string, string>();
  const addProps = (el: XmlElement | undefined): void => {
    for (const p of kid(el, 'properties')?.children ?? []) props.set(p.name, p.text.trim());
  };
  addProps(project);
  const self = (k: string): string | undefined => kidText(project, k) ?? kidText(kid(project, 'parent'), k);
  for (const k of ['version', 'groupId', 'artifactId']) {
    const v = self(k);
    if (v !== undefined) {
      props.set(`project.${k}`, v);
      props.set(`pom.${k}`, v);
    }
  }
  const parent = kid(project, 'parent');
  const pv = kidText(parent, 'version');
  if (pv !== undefined) props.set('project.parent.version', pv);

  // Profiles' properties count as the project's (a profile is read as if active).
  const owners = [project, ...kids(kid(project, 'profiles'), 'profile')];
  for (const o of owners.slice(1)) addProps(o);
  // What the modules below read: the properties written here that may be versions (resolved; not
  // project.*, which are each pom's own; no other text, which may be a credential), and where this
  // pom's parent is.
  const own = new Map<string, string>();
  for (const [k, v] of props) {
    if (k.startsWith('project.') || k.startsWith('pom.')) continue;
    const value = resolveProps(v, props);
    if (VERSIONISH.test(value)) own.set(k, value);
  }
  const parentPath = parent === undefined ? undefined : parentPom(path, kidText(parent, 'relativePath'));
  const group = self('groupId')?.trim();
  const artifact = kidText(project, 'artifactId')?.trim();
  const selfCoordinates = group && artifact && !group.includes('${') && !artifact.includes('${') ? `${group}:${artifact}` : undefined;
  if (own.size > 0 || parentPath !== undefined || selfCoordinates !== undefined) {
    const w: WorkspaceRoot = { path, ecosystem: 'maven' };
    if (own.size > 0) w.properties = Object.fromEntries(own);
    if (parentPath !== undefined) w.parent = parentPath;
    if (selfCoordinates !== undefined) w.coordinates = selfCoordinates;
    c.workspace = w;
  }
  const coordinates = (d: XmlElement) => {
    const g = resolveProps(kidText(d, 'groupId') ?? '', props);
    const a = resolveProps(kidText(d, 'artifactId') ?? '', props);
    const written = kidText(d, 'version');
    return { g, a, name: g === '' ? a : `${g}:${a}`, written, resolved: written === undefined ? undefined : resolveProps(written, props) };
  };
  // <dependencyManagement> only pins versions: its entries declare nothing. They give the version
  // of a dependency of this pom that leaves it out (the project's pin first), and, as central
  // definitions, of such a dependency in a module below (resolveVersions).
  const pins = owners.flatMap((o) => kids(kid(kid(o, 'dependencyManagement'), 'dependencies'), 'dependency'));
  const managed = new Map<string, string>();
  for (const d of pins) {
    const { g, a, name, resolved } = coordinates(d);
    if (g !== '' && a !== '' && resolved !== undefined && !managed.has(name)) managed.set(name, resolved);
  }
  // A module with a <parent> may take a version its own pom leaves out from the parent's pins.
  const hasParent = parent !== undefined;
  /** A dependency of the project or a profile, one of a build plugin, or a pin. */
  const add = (d: XmlElement, scope: Scope, kind: 'dependency' | 'plugin' | 'pin'): boolean => {
    const { a, name, written, resolved } = coordinates(d);
    if (a === '') {
      c.warn(`line ${d.line}: dependency without an artifactId`);
      return true;
    }
    const value = resolved ?? (kind === 'dependency' ? managed.get(name) : undefined);
    const version = value === undefined || value.includes('${') ? undefined : plainVersion(value);
    // Resolved as far as this pom's properties go: what is left (`${revision}` from a module's
    // `${project.version}`) is for its parents' properties (resolveMavenProperties).
    const range = resolved;
    const central = kind === 'pin' ? 'defines' : kind === 'dependency' && value === undefined && hasParent ? 'inherits' : undefined;
    // A pin of a pom imported whole (`<type>pom</type><scope>import</scope>`) is a BOM.
    const bom = kind === 'pin' && kidText(d, 'type')?.trim() === 'pom' && kidText(d, 'scope')?.trim() === 'import';
    const template = kind === 'pin' && written?.includes('${') === true ? written.trim() : undefined;
    return c.add({ name, range, version, line: d.line, scope, central, ...(bom ? { bom: true as const } : {}), ...(template !== undefined ? { template } : {}) });
  };
  for (const d of pins) if (!add(d, undefined, 'pin')) return c.result();
  for (const o of owners) {
    for (const d of kids(kid(o, 'dependencies'), 'dependency')) {
      if (!add(d, mavenScope(kidText(d, 'scope'), kidText(d, 'optional') === 'true'), 'dependency')) return c.result();
    }
    // A build plugin's own dependencies are on its classpath when the build runs: declared, in
    // scope 'build', with the version they write (dependencyManagement does not reach them).
    // <pluginManagement> only configures plugins, as dependencyManagement does dependencies.
    for (const plugin of kids(kid(kid(o, 'build'), 'plugins'), 'plugin')) {
      for (const d of kids(kid(plugin, 'dependencies'), 'dependency')) if (!add(d, 'build', 'plugin')) return c.result();
    }
  }
  return c.result();
}

/**
 * The parent pom's path (relative to the scan root) of the pom at `path`: its <relativePath>, a
 * folder meaning its pom.xml, `../pom.xml` when none is written; none for an empty
 * <relativePath/> (the parent comes from a repository only) or a path out of the scan root.
 */
/** A <relativePath> longer than this names no parent. */
const MAX_RELATIVE_PATH = 4096;

export function parentPom(path: string, relativePath: string | undefined): string | undefined {
  const rel = (relativePath ?? '../pom.xml').trim().replace(/\\/g, '/');
  // A path no checkout has (Node's normalize took 29 s on 100,000 `../`): no parent.
  if (rel === '' || rel.length > MAX_RELATIVE_PATH || rel.startsWith('/') || /^[A-Za-z]:/.test(rel)) return undefined;
  const joined = posix.normalize(posix.join(dirName(path) || '.', rel));
  const file = /\.xml$/i.test(joined) ? joined : posix.join(joined, 'pom.xml');
  if (file === '..' || file.startsWith('../') || file === path) return undefined;
  return file;
}

/**
 * `${name}` versions a pom leaves unresolved, from the properties of its parent poms (the nearest
 * that defines the name; its own were applied when it was read), following each pom's parent path
 * (WorkspaceRoot.parent), at most 10 levels and never round a cycle. Its dependencies, build
 * plugin dependencies and dependencyManagement pins alike.
 */
export function resolveMavenProperties(deps: DeclaredDependency[], workspaces: readonly WorkspaceRoot[]): DeclaredDependency[] {
  const poms = new Map<string, WorkspaceRoot>();
  for (const w of workspaces) if (w.ecosystem === 'maven' && baseName(w.path) === 'pom.xml') poms.set(w.path, w);
  if (poms.size === 0) return deps;
  const chains = new Map<string, WorkspaceRoot[]>();
  const ancestors = (path: string): WorkspaceRoot[] => {
    let chain = chains.get(path);
    if (chain === undefined) {
      chain = [];
      const seen = new Set([path]);
      for (let p = poms.get(path)?.parent; p !== undefined && !seen.has(p) && chain.length < 10; ) {
        seen.add(p);
        const w = poms.get(p);
        if (w === undefined) break;
        chain.push(w);
        p = w.parent;
      }
      chains.set(path, chain);
    }
    return chain;
  };
  return deps.map((d) => {
    if (d.ecosystem !== 'maven' || d.range?.includes('${') !== true || baseName(d.path) !== 'pom.xml') return d;
    const chain = ancestors(d.path);
    if (chain.length === 0) return d;
    const props = new Map<string, string>();
    for (const w of [...chain].reverse()) for (const [k, v] of Object.entries(w.properties ?? {})) props.set(k, v);
    const range = resolveProps(d.range, props);
    if (range === d.range) return d;
    const out: DeclaredDependency = { ...d, range };
    const version = range.includes('${') ? undefined : plainVersion(range);
    if (version !== undefined) out.version = version;
    return out;
  });
}

/** The parent chain of a pom, for the dependencyManagement pins its dependencies take (resolveVersions). */
export function pomParents(workspaces: readonly WorkspaceRoot[]): (path: string) => string[] {
  const parentOf = new Map<string, string>();
  for (const w of workspaces) if (w.ecosystem === 'maven' && w.parent !== undefined && baseName(w.path) === 'pom.xml') parentOf.set(w.path, w.parent);
  return (path) => {
    const out: string[] = [];
    for (let p = parentOf.get(path); p !== undefined && !out.includes(p) && p !== path && out.length < 10; p = parentOf.get(p)) out.push(p);
    return out;
  };
}
