/**
 * Maven pom.xml: the dependencies of the project, of its profiles and of its build plugins, with
 * `${property}` versions; <dependencyManagement> gives versions, never dependencies.
 */
import type { DeclaredDependency } from '../types.js';
import { boundText, Collector, expandRefs, type ManifestResult } from './common.js';
import { kid, kids, kidText, parseXml, type XmlElement } from './xml.js';

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

/** A plain Maven version (not a range like `[1.0,2.0)` nor an unresolved property). */
function plainVersion(v: string): string | undefined {
  return /^[\w.+-]+$/.test(v) && !/^(LATEST|RELEASE)$/.test(v) ? v : undefined;
}

export function readPom(path: string, text: string): ManifestResult {
  const c = new Collector(path, 'maven');
  const x = parseXml(boundText(text, c));
  for (const e of x.errors.slice(0, 5)) c.warn(`malformed XML: ${e}`);
  const project = kid(x.root, 'project');
  if (project === undefined) {
    c.warn('no <project> element');
    return c.result();
  }
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
    const range = written !== undefined && resolved !== undefined && !resolved.includes('${') ? resolved : written;
    const central = kind === 'pin' ? 'defines' : kind === 'dependency' && value === undefined && hasParent ? 'inherits' : undefined;
    return c.add({ name, range, version, line: d.line, scope, central });
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
