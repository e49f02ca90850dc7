/**
 * The project's own code is not a dependency. A repository that is an AI SDK (openai-python,
 * openai-node, go-openai, async-openai, langchain4j, a fork of one) imports its own package in its
 * tests, examples and modules; those imports name a catalog package, but what they load is code in
 * the tree, so they are neither a library the project depends on nor an undeclared dependency.
 *
 * An import is the project's own when the language resolves it to the tree, judged from the files
 * the walk found (never from what a file says it is):
 * - JS/TS, Go, Rust, Dart, PHP: the package the nearest package.json / go.mod / Cargo.toml /
 *   pubspec.yaml / composer.json above the importing file defines (ManifestResult.own) is the
 *   imported one (a package's self-reference, a module's own packages, a crate's examples and
 *   tests; for PHP, the catalog package whose namespace the import names);
 * - JS/TS: the nearest package.json declares the package with `workspace:` (pnpm, Yarn, Bun): a
 *   package of the same workspace, never a registry's. That declaration is dropped too;
 * - Rust: the nearest Cargo.toml declares the crate as a path dependency (`openai = { path =
 *   "../openai" }`): a crate of the tree. That declaration is dropped too;
 * - JS/TS: the nearest package.json is in an npm or Yarn workspace (the root package.json's
 *   `workspaces` globs take in its folder, or it is the root) and a member's package.json defines
 *   the imported package: npm and Yarn link members whatever range is written, so declarations of
 *   a member in the root's or the members' package.json, and in the root's lockfiles, are
 *   dropped too;
 * - Python: a regular package (a folder with `__init__.py`) of the imported name is on the path the
 *   file runs with (`__init__.pyi` marks a stub package alike): its own base folder (the first folder above it without `__init__.py`, which
 *   python and pytest put first on sys.path), the scan root, `src/`, or the folder of a
 *   pyproject.toml, setup.py or setup.cfg above it and that folder's `src/`; not inside a folder
 *   of installed packages (site-packages, dist-packages, a virtualenv), where packages side by
 *   side are each other's dependencies, except that a package's own files importing it are its
 *   own code (`torchvision/__init__.py`: `from torchvision import models`). A lone module file
 *   (`openai.py`) does not count: that is the classic script that shadows the SDK it means to use;
 * - Java and Kotlin: the imported class's source file is in the tree at its package's path
 *   (`dev/langchain4j/data/message/AiMessage.java`), or its outer class's (`a/b/C.java` for
 *   `a.b.C.Inner` and `import static a.b.C.m`). A wildcard import stays the SDK's;
 * - Ruby: the nearest folder with a gemspec above the file has `lib/<name>.rb` (a gem's specs);
 * - Swift: the nearest Package.swift above the file has a `Sources/<Module>` folder.
 * - C#: a namespace the project declares (SdkFacts.namespaces: `namespace OpenAI.Helpers;` in one
 *   file), or one below it, is its own code; other imports of the same catalog namespace stay.
 */
import { addTo, baseName, dirName, pushTo, upFrom } from '../lang/manifests/common.js';
import { workspaceCovers } from '../lang/manifests/index.js';
import { DEPENDENCY_SEGMENTS } from '../detectors/agents/catalog.js';
import type { DeclaredDependency, WorkspaceRoot } from '../lang/types.js';
import { unpackImport, type SdkFacts, type SourceLang } from '../detectors/sdks/index.js';
import { isInstallKind } from '../lang/installs.js';
import { npmPackageOfSpecifier, type SdkCatalog, type SdkPackage } from '../detectors/sdks/catalog.js';

type Facts = { path: string; f: SdkFacts }[];

/** npm and Yarn workspace roots read per scan (each member package.json is tested against each). */
const MAX_NPM_ROOTS = 64;

/** The manifest whose own package a language's self-imports name. */
const SELF_MANIFEST: Partial<Record<SourceLang, string>> = { js: 'package.json', go: 'go.mod', rust: 'Cargo.toml', dart: 'pubspec.yaml', php: 'composer.json' };
const PY_PROJECT = ['pyproject.toml', 'setup.py', 'setup.cfg'];

function join(dir: string, rel: string): string {
  return dir === '' ? rel : `${dir}/${rel}`;
}

/** The nearest folder at or above `dir` that is in `set`. */
function nearest(set: ReadonlySet<string>, dir: string): string | undefined {
  return upFrom(dir).find((d) => set.has(d));
}

/** The walked files, with the indexes the rules need built on first use. */
class Tree {
  private readonly withName = new Map<string, Set<string>>();
  private folders: Set<string> | undefined;
  private stems: Map<string, string[]> | undefined;
  private gems: Set<string> | undefined;

  constructor(readonly files: ReadonlySet<string>) {}

  /** Folders holding a file of this name. */
  dirsWith(name: string): Set<string> {
    let s = this.withName.get(name);
    if (s === undefined) {
      s = new Set();
      const tail = `/${name}`;
      for (const f of this.files) if (f === name || f.endsWith(tail)) s.add(dirName(f));
      this.withName.set(name, s);
    }
    return s;
  }

  /** Every folder with a file at or below it. */
  dirs(): Set<string> {
    if (this.folders === undefined) {
      this.folders = new Set(['']);
      for (const f of this.files) for (let d = dirName(f); d !== '' && !this.folders.has(d); d = dirName(d)) this.folders.add(d);
    }
    return this.folders;
  }

  /** Java and Kotlin sources by file name without the extension. */
  jvmSources(stem: string): string[] {
    if (this.stems === undefined) {
      this.stems = new Map();
      for (const f of this.files) {
        const m = /(?:^|\/)([^/]+)\.(?:java|kt)$/.exec(f);
        if (m !== null) pushTo(this.stems, m[1]!, f);
      }
    }
    return this.stems.get(stem) ?? [];
  }

  /** Folders holding a `*.gemspec`. */
  gemDirs(): Set<string> {
    if (this.gems === undefined) {
      this.gems = new Set();
      for (const f of this.files) if (f.endsWith('.gemspec')) this.gems.add(dirName(f));
    }
    return this.gems;
  }
}

/** Python: the import name of `pkg` that `spec` is, or is below, longest first. */
function pythonModuleDepth(pkg: SdkPackage, spec: string): number {
  let best = 1;
  for (const raw of pkg.imports) {
    const imp = raw.replace(/\.+$/, '');
    if (imp !== '' && (spec === imp || spec.startsWith(`${imp}.`))) best = Math.max(best, imp.split('.').length);
  }
  return best;
}

/** A regular package's folder: an `__init__.py`, or the `__init__.pyi` of a stub package. */
function isPackageDir(tree: Tree, dir: string): boolean {
  return tree.files.has(join(dir, '__init__.py')) || tree.files.has(join(dir, '__init__.pyi'));
}

function pythonOwn(tree: Tree, file: string, spec: string, pkg: SdkPackage): boolean {
  const rel = spec.split('.').slice(0, pythonModuleDepth(pkg, spec)).join('/');
  const roots = new Set<string>(['', 'src']);
  let base = dirName(file);
  while (base !== '' && isPackageDir(tree, base)) base = dirName(base);
  roots.add(base);
  for (const name of PY_PROJECT) {
    const dirs = tree.dirsWith(name);
    for (const d of upFrom(dirName(file))) {
      if (!dirs.has(d)) continue;
      roots.add(d);
      roots.add(join(d, 'src'));
    }
  }
  for (const r of roots) if (!isInstallDir(r) && isPackageDir(tree, join(r, rel))) return true;
  // An installed package importing itself (torchvision/__init__.py's `from torchvision import
  // models`): the file is inside the imported package's folder, which holds its own code.
  const parts = file.split('/');
  const at = parts.findLastIndex((p) => p === 'site-packages' || p === 'dist-packages');
  if (at >= 0 && at + 2 < parts.length && parts[at + 1] === rel.split('/')[0]) {
    if (isPackageDir(tree, parts.slice(0, at + 2).join('/'))) return true;
  }
  return false;
}

/**
 * A folder of installed packages (a virtualenv's site-packages, Debian's dist-packages): the
 * packages side by side there are each other's dependencies, not one project's own code.
 */
function isInstallDir(dir: string): boolean {
  return dir.split('/').some((s) => s === 'dist-packages' || DEPENDENCY_SEGMENTS.includes(s));
}

function jvmOwn(tree: Tree, spec: string): boolean {
  const parts = spec.replace(/^static\s+/, '').split('.');
  if (parts.length < 2 || parts[parts.length - 1] === '*') return false;
  // The class itself, then its outer class (a nested class, a static member).
  for (let n = parts.length; n >= Math.max(2, parts.length - 1); n--) {
    const rel = parts.slice(0, n).join('/');
    for (const f of tree.jvmSources(parts[n - 1]!)) {
      const noExt = f.slice(0, f.lastIndexOf('.'));
      if (noExt === rel || noExt.endsWith(`/${rel}`)) return true;
    }
  }
  return false;
}

/**
 * The facts without the imports of the project's own code, and without npm `workspace:`
 * declarations, by the rules above. `paths`: every walked file (relative to the scan root).
 */
export function ownCodeOut(c: SdkCatalog, facts: Facts, paths: readonly string[]): Facts {
  const tree = new Tree(new Set(paths));
  // Manifests' own packages and npm workspace: declarations, by the manifest's path.
  const ownAt = new Map<string, string>();
  const workspaceAt = new Map<string, Set<string>>();
  const withWorkspace = new Set<string>();
  for (const x of facts) {
    if (x.f.own !== undefined) ownAt.set(x.path, x.f.own);
    const mine = (x.f.declared ?? []).filter((d) => d.path === x.path);
    // A package a manifest also declares at a range of its own (@langchain/openai's
    // `"@langchain/core": "workspace:*"` in devDependencies beside its peer range) is what the
    // package needs from its users: its imports are imports of that dependency.
    const ranged = new Set(mine.filter((d) => !isWorkspaceDeclaration(d)).map((d) => d.name));
    for (const d of mine) {
      if (isWorkspaceDeclaration(d)) withWorkspace.add(x.path);
      if (isWorkspaceDeclaration(d) && !ranged.has(d.name)) addTo(workspaceAt, x.path, d.ecosystem === 'cargo' ? d.name.replace(/-/g, '_') : d.name);
      // A Cargo path dependency is imported under its key (`foo = { path = …, package = "openai" }`: `use foo::`).
      if (isWorkspaceDeclaration(d) && d.ecosystem === 'cargo' && d.alias !== undefined) addTo(workspaceAt, x.path, d.alias.replace(/-/g, '_'));
    }
  }
  // npm and Yarn workspaces: the catalog packages their members define, by root (a real tree has
  // one root, or a few nested ones: at most MAX_NPM_ROOTS are read).
  const npmRoots = facts.flatMap((x) => (x.f.workspace?.ecosystem === 'npm' && x.f.workspace.members !== undefined && baseName(x.path) === 'package.json' ? [x.f.workspace] : [])).slice(0, MAX_NPM_ROOTS);
  const members = new Map<WorkspaceRoot, Set<string>>();
  if (npmRoots.length > 0) {
    for (const [at, name] of ownAt) {
      if (baseName(at) !== 'package.json') continue;
      for (const r of npmRoots) if (workspaceCovers(r, dirName(at))) addTo(members, r, name);
    }
  }
  /** The names of the workspace members a package.json in `dir` links (its workspace's). */
  const linkedCache = new Map<string, Set<string> | undefined>();
  const linkedIn = (dir: string): Set<string> | undefined => {
    if (members.size === 0) return undefined;
    if (linkedCache.has(dir)) return linkedCache.get(dir);
    let best: WorkspaceRoot | undefined;
    for (const r of npmRoots) if (workspaceCovers(r, dir) && (best === undefined || dirName(r.path).length > dirName(best.path).length)) best = r;
    const linked = best === undefined ? undefined : members.get(best);
    linkedCache.set(dir, linked);
    return linked;
  };
  /** Whether a declaration in the file at `path` names a member of its npm or Yarn workspace. */
  const declaresMember = (path: string, d: DeclaredDependency): boolean => {
    if (members.size === 0 || d.ecosystem !== 'npm' || (d.alias !== undefined && d.alias !== d.name)) return false;
    const dir = dirName(path);
    if (baseName(path) === 'package.json') return linkedIn(dir)?.has(d.name) === true;
    // A lockfile of the workspace root's folder.
    return d.lockfile === path && npmRoots.some((r) => dirName(r.path) === dir && members.get(r)?.has(d.name) === true);
  };
  const selfOwn = (lang: SourceLang, file: string, spec: string, pkg: SdkPackage): boolean => {
    const manifest = SELF_MANIFEST[lang];
    if (manifest === undefined) return false;
    const dir = nearest(tree.dirsWith(manifest), dirName(file));
    if (dir === undefined) return false;
    const at = join(dir, manifest);
    const own = ownAt.get(at);
    switch (lang) {
      case 'js': {
        const name = npmPackageOfSpecifier(spec) ?? spec;
        return name === own || workspaceAt.get(at)?.has(name) === true || linkedIn(dir)?.has(name) === true;
      }
      case 'go':
        return own !== undefined && (spec === own || spec.startsWith(`${own}/`));
      case 'rust':
        return own !== undefined && spec.replace(/^::/, '').split('::')[0] === own.replace(/-/g, '_');
      case 'dart':
        return own !== undefined && spec.startsWith(`package:${own}/`);
      case 'php':
        // A namespace is the package's by the catalog (`OpenAI\` is openai-php/client's).
        return own !== undefined && c.byPackage('composer', own) === pkg;
      default:
        return false;
    }
  };
  /** Whether a Rust import names a path dependency of the nearest Cargo.toml (under its key, which may rename the crate). */
  const pathCrate = (file: string, spec: string): boolean => {
    if (workspaceAt.size === 0) return false;
    const dir = nearest(tree.dirsWith('Cargo.toml'), dirName(file));
    return dir !== undefined && workspaceAt.get(join(dir, 'Cargo.toml'))?.has(spec.replace(/^::/, '').split('::')[0] as string) === true;
  };
  const namespaces = new Set(facts.flatMap((x) => x.f.namespaces ?? []));
  const ownNamespace = (spec: string): boolean => {
    for (let ns = spec.replace(/^static\s+/, ''); ns !== ''; ns = ns.includes('.') ? ns.slice(0, ns.lastIndexOf('.')) : '') if (namespaces.has(ns)) return true;
    return false;
  };
  const isOwn = (lang: SourceLang, file: string, spec: string, pkg: SdkPackage): boolean => {
    switch (lang) {
      case 'csharp':
        return namespaces.size > 0 && ownNamespace(spec);
      case 'python':
        return pythonOwn(tree, file, spec, pkg);
      case 'java':
        return jvmOwn(tree, spec);
      case 'ruby': {
        const gem = nearest(tree.gemDirs(), dirName(file));
        return gem !== undefined && tree.files.has(join(gem, `lib/${spec.split('/')[0]}.rb`));
      }
      case 'swift': {
        const pkgDir = nearest(tree.dirsWith('Package.swift'), dirName(file));
        return pkgDir !== undefined && tree.dirs().has(join(pkgDir, `Sources/${spec.split('.')[0]}`));
      }
      default:
        return selfOwn(lang, file, spec, pkg);
    }
  };
  return facts.map((x) => {
    const imports = x.f.imports?.filter((p) => {
      const { lang, site } = unpackImport(p);
      if (isInstallKind(site.kind)) return true;
      if (lang === 'rust' && pathCrate(x.path, site.specifier)) return false;
      const pkg = c.byImport(lang, site.specifier);
      return pkg === undefined || !isOwn(lang, x.path, site.specifier, pkg);
    });
    const declared =
      withWorkspace.has(x.path) || (members.size > 0 && x.f.declared?.some((d) => declaresMember(x.path, d)) === true)
        ? x.f.declared?.filter((d) => !((isWorkspaceDeclaration(d) && d.path === x.path) || declaresMember(x.path, d)))
        : x.f.declared;
    if (imports?.length === x.f.imports?.length && declared === x.f.declared) return x;
    const f: SdkFacts = { ...x.f };
    if (imports !== undefined) f.imports = imports;
    if (declared !== undefined) f.declared = declared;
    return { path: x.path, f };
  });
}

/** An npm dependency declared with the `workspace:` protocol: a package of the same workspace. */
function isWorkspaceDeclaration(d: DeclaredDependency): boolean {
  return ((d.ecosystem === 'npm' || d.ecosystem === 'jsr') && d.range?.startsWith('workspace:') === true) || (d.ecosystem === 'cargo' && d.range?.startsWith('path:') === true);
}
