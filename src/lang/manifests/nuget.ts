/** NuGet: *.csproj / *.fsproj / *.vbproj, Directory.Packages.props, Directory.Build.props/targets, packages.config, packages.lock.json. */
import type { DeclaredDependency, WorkspaceRoot } from '../types.js';
import { baseName, boundText, Collector, dirName, expandRefs, isRecord, type ManifestResult, pushTo, str, upFrom } from './common.js';
import { parseJson } from './json.js';
import { attr, kidText, parseXml, type XmlElement } from './xml.js';

type Scope = DeclaredDependency['scope'];

/** The exact version of a NuGet version string: `1.2.3` or `[1.2.3]`; floating and ranges give none. */
export function nugetVersion(v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  const t = v.trim();
  const m = /^\[?\s*(\d[\w.+-]*)\s*\]?$/.exec(t);
  if (m === null || t.startsWith('[') !== t.endsWith(']')) return undefined;
  return m[1];
}

/** `$(Name)` references replaced by the file's properties (case-insensitive, as MSBuild reads them). */
function expandProps(v: string, props: Map<string, string>): string {
  return v.includes('$(') ? expandRefs(v, /\$\(([A-Za-z_][\w.-]*)\)/g, (n) => props.get(n.toLowerCase())) : v;
}

/** Items of one name an Update= or Remove= reaches (see readXmlProject). */
const MAX_SAME_NAME = 64;

function walk(el: XmlElement, visit: (e: XmlElement) => void, depth = 0): void {
  visit(el);
  if (depth < 64) for (const k of el.children) walk(k, visit, depth + 1);
}

function readXmlProject(
  path: string,
  text: string,
  elements: Record<string, 'include' | 'id'>,
  scopeOf: (e: XmlElement) => Scope,
  centralOf: (e: XmlElement, written: string | undefined) => DeclaredDependency['central'] = () => undefined,
): Collector & { props?: Map<string, string>; root?: XmlElement } {
  const c: Collector & { props?: Map<string, string>; root?: XmlElement } = new Collector(path, 'nuget');
  const x = parseXml(boundText(text, c));
  c.root = x.root;
  for (const e of x.errors.slice(0, 5)) c.warn(`malformed XML: ${e}`);
  // The file's own MSBuild properties (<PropertyGroup><SkVersion>1.20.0</SkVersion>), by the
  // case-insensitive name MSBuild uses: Version="$(SkVersion)" reads them.
  const props = new Map<string, string>();
  walk(x.root, (e) => {
    if (e.name.toLowerCase() !== 'propertygroup') return;
    for (const p of e.children) if (p.children.length === 0 && !props.has(p.name.toLowerCase())) props.set(p.name.toLowerCase(), p.text.trim());
  });
  c.props = props;
  // Items by element and name, for the Update= and Remove= items after them (at most
  // MAX_SAME_NAME per name: a project includes a package a few times, once per condition; more is
  // hostile input that would make each Update= or Remove= walk them all).
  const items = new Map<string, DeclaredDependency[]>();
  /** Items a Remove= took out, dropped from the result in one pass at the end. */
  const removed = new Set<DeclaredDependency>();
  const itemKey = (e: XmlElement, name: string): string => `${e.name.toLowerCase()}\0${name.trim().toLowerCase()}`;
  walk(x.root, (e) => {
    const kind = elements[e.name.toLowerCase()];
    if (kind === undefined || c.isFull) return;
    const written = attr(e, 'Version') ?? kidText(e, 'Version', true) ?? attr(e, 'VersionOverride') ?? kidText(e, 'VersionOverride', true);
    const range = written === undefined ? undefined : expandProps(written.trim(), props);
    const version = range !== undefined && !range.includes('$(') ? nugetVersion(range) : undefined;
    const remove = kind === 'include' && attr(e, 'Include') === undefined ? attr(e, 'Remove') : undefined;
    if (remove !== undefined) {
      // `Remove="X"` takes out the X items included before it (evaluation order; a later Include
      // stands): they are no dependency of the project.
      for (const n of remove.split(';')) {
        for (const d of items.get(itemKey(e, n)) ?? []) removed.add(d);
        items.delete(itemKey(e, n));
      }
      return;
    }
    const update = kind === 'include' ? attr(e, 'Update') : undefined;
    if (update !== undefined && attr(e, 'Include') === undefined) {
      // `Update="X"` declares nothing: MSBuild changes the X items included before it (in
      // evaluation order; a later Include is not touched), whose version it then gives.
      if (range === undefined) return;
      for (const n of update.split(';')) {
        for (const d of items.get(itemKey(e, n)) ?? []) {
          d.range = range;
          if (version === undefined) delete d.version;
          else d.version = version;
          if (d.central === 'inherits') delete d.central;
        }
      }
      return;
    }
    const name = kind === 'id' ? attr(e, 'id') : attr(e, 'Include');
    if (name === undefined || name.trim() === '') return;
    const n = c.deps.length;
    c.add({ name: name.trim(), range, version, line: e.line, scope: scopeOf(e), central: centralOf(e, range) });
    const added = c.deps[n];
    if (added !== undefined && (items.get(itemKey(e, name))?.length ?? 0) < MAX_SAME_NAME) pushTo(items, itemKey(e, name), added);
  });
  if (removed.size > 0) {
    let w = 0;
    for (const d of c.deps) if (!removed.has(d)) c.deps[w++] = d;
    c.deps.length = w;
  }
  return c;
}

/**
 * A PackageReference without a version takes it from a later `Update=` of the same file, else from
 * Directory.Packages.props (central package management).
 */
export function readCsproj(path: string, text: string): ManifestResult {
  return readXmlProject(
    path,
    text,
    { packagereference: 'include' },
    (e) => (/^all$/i.test(attr(e, 'PrivateAssets') ?? kidText(e, 'PrivateAssets', true) ?? '') ? 'build' : 'runtime'),
    (_e, written) => (written === undefined ? 'inherits' : undefined),
  ).result();
}

/**
 * Directory.Build.props / Directory.Build.targets: MSBuild imports the nearest one in a project's
 * folder or above into every project there. Its PackageReference items are dependencies (of every
 * such project; declared at its lines), and its properties are what `$(Name)` in those projects
 * reads when the project does not set it (resolveNugetProperties): those that may be versions
 * are kept, by their lower-case names.
 */
export function readDirectoryBuild(path: string, text: string): ManifestResult {
  const c = readXmlProject(
    path,
    text,
    { packagereference: 'include', globalpackagereference: 'include' },
    (e) => (/^all$/i.test(attr(e, 'PrivateAssets') ?? kidText(e, 'PrivateAssets', true) ?? '') ? 'build' : 'runtime'),
    (e, written) => (written === undefined && e.name.toLowerCase() === 'packagereference' ? 'inherits' : undefined),
  );
  const props: Record<string, string> = {};
  for (const [k, v] of c.props ?? []) {
    const value = expandProps(v, c.props ?? new Map());
    if (/^[\w.+\-[\](),]{1,100}$/.test(value)) props[k] = value;
  }
  // Every Directory.Build file is a workspace entry, with properties or none: it is the nearest
  // one for the projects below, which then read no other unless it imports the one above.
  c.workspace = { path, ecosystem: 'nuget' };
  if (Object.keys(props).length > 0) c.workspace.properties = props;
  if (importsAbove(c.root)) c.workspace.importsAbove = true;
  return c.result();
}

/**
 * Whether a Directory.Build file imports the nearest one above it, as MSBuild's documentation
 * shows (`$([MSBuild]::GetPathOfFileAbove('Directory.Build.props', '$(MSBuildThisFileDirectory)../'))`),
 * or names the parent folder's file (`..\Directory.Build.props`, `$(MSBuildThisFileDirectory)../Directory.Build.targets`).
 */
function importsAbove(root: XmlElement | undefined): boolean {
  let found = false;
  if (root === undefined) return false;
  walk(root, (e) => {
    if (found || e.name.toLowerCase() !== 'import') return;
    const p = (attr(e, 'Project') ?? '').replace(/\s+/g, '');
    if (/GetPathOfFileAbove\(['"]?Directory\.Build\.(props|targets)['"]?/i.test(p) || /^(\$\(MSBuildThisFileDirectory\))?\.\.[\\/]Directory\.Build\.(props|targets)$/i.test(p)) found = true;
  });
  return found;
}

/** Whether a NuGet workspace entry is a Directory.Build.props/targets (properties), not central versions. */
export function isDirectoryBuild(path: string): boolean {
  return /^directory\.build\.(props|targets)$/i.test(baseName(path));
}

/**
 * `$(Name)` versions a project leaves unresolved, from the nearest Directory.Build.props (or
 * .targets) in its folder or above that sets the name (MSBuild imports the nearest one).
 */
export function resolveNugetProperties(deps: DeclaredDependency[], workspaces: readonly WorkspaceRoot[]): DeclaredDependency[] {
  const byDir = new Map<string, { props: Map<string, string>; above: boolean }>();
  for (const w of workspaces) {
    if (w.ecosystem !== 'nuget' || !isDirectoryBuild(w.path)) continue;
    const dir = dirName(w.path);
    const m = byDir.get(dir) ?? { props: new Map<string, string>(), above: false };
    // .props before .targets: both are the folder's; a name either sets resolves.
    for (const [k, v] of Object.entries(w.properties ?? {})) if (!m.props.has(k)) m.props.set(k, v);
    if (w.importsAbove) m.above = true;
    byDir.set(dir, m);
  }
  if (byDir.size === 0) return deps;
  /** The properties a project in `dir` reads: the nearest file's, then (the nearer first) those of the files it imports above it. */
  const chains = new Map<string, Map<string, string> | undefined>();
  const propsFor = (dir: string): Map<string, string> | undefined => {
    if (chains.has(dir)) return chains.get(dir);
    let out: Map<string, string> | undefined;
    for (const up of upFrom(dir)) {
      const f = byDir.get(up);
      if (f === undefined) continue;
      if (out === undefined) out = new Map(f.props);
      else for (const [k, v] of f.props) if (!out.has(k)) out.set(k, v);
      if (!f.above) break;
    }
    chains.set(dir, out);
    return out;
  };
  return deps.map((d) => {
    if (d.ecosystem !== 'nuget' || d.range?.includes('$(') !== true || d.lockfile !== undefined) return d;
    const props = propsFor(dirName(d.path));
    if (props === undefined) return d;
    const range = expandProps(d.range, props);
    if (range === d.range) return d;
    const out: DeclaredDependency = { ...d, range };
    const version = range.includes('$(') ? undefined : nugetVersion(range);
    if (version !== undefined) out.version = version;
    else delete out.version;
    return out;
  });
}

/**
 * Directory.Packages.props: its PackageVersion items are versions for the projects in its folder
 * and below (they declare no dependency on their own); GlobalPackageReference items are
 * dependencies of every such project.
 */
export function readPackagesProps(path: string, text: string): ManifestResult {
  const c = readXmlProject(
    path,
    text,
    { packageversion: 'include', globalpackagereference: 'include', packagereference: 'include' },
    () => undefined,
    (e) => (e.name.toLowerCase() === 'packageversion' ? 'defines' : undefined),
  );
  c.workspace = { path, ecosystem: 'nuget' };
  return c.result();
}

export function readPackagesConfig(path: string, text: string): ManifestResult {
  return readXmlProject(path, text, { package: 'id' }, (e) => (/^true$/i.test(attr(e, 'developmentDependency') ?? '') ? 'dev' : 'runtime')).result();
}

/** packages.lock.json: `dependencies` per target framework, `resolved` versions. */
export function readNugetLock(path: string, text: string): ManifestResult {
  const c = new Collector(path, 'nuget');
  const j = parseJson(boundText(text, c));
  if (j.error !== undefined) c.warn(`malformed JSON: ${j.error}`);
  if (!isRecord(j.value) || !isRecord(j.value.dependencies)) return c.result();
  const seen = new Set<string>();
  for (const fw of Object.values(j.value.dependencies)) {
    if (!isRecord(fw)) continue;
    for (const [name, e] of Object.entries(fw)) {
      if (!isRecord(e) || e.type === 'Project') continue;
      const version = str(e.resolved);
      const id = `${name.toLowerCase()}@${version ?? ''}`;
      if (seen.has(id)) continue;
      seen.add(id);
      const direct = e.type === 'Direct' || e.type === 'CentralTransitive';
      if (!c.add({ name, range: direct ? str(e.requested) : undefined, version, line: j.keyLine(fw, name), scope: e.type === 'Direct' ? 'runtime' : undefined, lockfile: path })) return c.result();
    }
  }
  return c.result();
}
