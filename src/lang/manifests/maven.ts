/** Maven pom.xml: dependencies, dependencyManagement and profiles, with `${property}` versions. */
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

  // Managed versions, for dependencies that leave the version out.
  const managed = new Map<string, string>();
  const depLists: Array<{ deps: XmlElement[] }> = [];
  const collect = (owner: XmlElement | undefined): void => {
    if (owner === undefined) return;
    const mgmt = kid(kid(owner, 'dependencyManagement'), 'dependencies');
    depLists.push({ deps: kids(mgmt, 'dependency') });
    depLists.push({ deps: kids(kid(owner, 'dependencies'), 'dependency') });
  };
  collect(project);
  for (const profile of kids(kid(project, 'profiles'), 'profile')) {
    addProps(profile);
    collect(profile);
  }
  for (const list of depLists) {
    for (const d of list.deps) {
      const g = resolveProps(kidText(d, 'groupId') ?? '', props);
      const a = resolveProps(kidText(d, 'artifactId') ?? '', props);
      const v = kidText(d, 'version');
      if (g !== '' && a !== '' && v !== undefined && !managed.has(`${g}:${a}`)) managed.set(`${g}:${a}`, resolveProps(v, props));
    }
  }
  for (const list of depLists) {
    for (const d of list.deps) {
      const g = resolveProps(kidText(d, 'groupId') ?? '', props);
      const a = resolveProps(kidText(d, 'artifactId') ?? '', props);
      if (a === '') {
        c.warn(`line ${d.line}: dependency without an artifactId`);
        continue;
      }
      const name = g === '' ? a : `${g}:${a}`;
      const written = kidText(d, 'version');
      const resolved = written !== undefined ? resolveProps(written, props) : managed.get(name);
      const version = resolved === undefined || resolved.includes('${') ? undefined : plainVersion(resolved);
      const range = written !== undefined && resolved !== undefined && !resolved.includes('${') ? resolved : written;
      const scope = mavenScope(kidText(d, 'scope'), kidText(d, 'optional') === 'true');
      if (!c.add({ name, range, version, line: d.line, scope })) return c.result();
    }
  }
  return c.result();
}
