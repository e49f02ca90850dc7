/**
 * Swift Package Manager: Package.swift (Swift code, read statically with the Swift lexer, never
 * run), Package.resolved (JSON, versions 1 to 3) and, for Xcode projects, the package references
 * of `project.pbxproj` (`XCRemoteSwiftPackageReference`), whose versions the Package.resolved Xcode
 * keeps in `X.xcodeproj/project.xcworkspace/xcshareddata/swiftpm/` resolves, or, when an Xcode
 * workspace lists the project (its `contents.xcworkspacedata`, readXcworkspaceData), the
 * workspace's `W.xcworkspace/xcshareddata/swiftpm/Package.resolved`.
 *
 * A package is named by its repository, `host/owner/repo` (src/lang/swift-package.ts): the URL a
 * manifest writes (https, http, ssh or scp form, with or without `.git`) and the pin's location
 * are one package. Local packages (`.package(path:)`, `fileSystem` and `localSourceControl` pins)
 * are code in the repository, read through their own Package.swift where the walk finds it;
 * registry packages (`.package(id: "scope.Name")`, SE-0292; `registry` pins) name no repository,
 * which the swift purl's namespace (host and owner) needs: neither is listed as a package of its
 * own. A Package.swift's registry declaration is kept (`registry: true`, the identity as its name)
 * for the inventory, which takes it as the declaration of a catalogued package that code below it
 * imports when the identity's name is one of that package's modules or its repository's name
 * (registryMayProvide): the user declared what the import uses, from wherever the registry serves
 * it. Its pin gives no version (the registry's release is not the repository's tag).
 *
 * Requirements are written as npm ranges (`from: "0.2.4"` → `>=0.2.4 <1.0.0`, SwiftPM's
 * up-to-next-major, which is not a caret range for 0.x; `.upToNextMinor(from:)`, `"1.0.0"..<"2.0.0"`,
 * `"1.0.0"..."2.0.0"`), an exact one as the version; a branch or revision as `branch:main` /
 * `revision:<sha>`.
 */
import semver from 'semver';
import { swiftPackageId, swiftRegistryName } from '../swift-package.js';
import { swiftTokens, type SwiftTok } from '../swift.js';
import { baseName, boundText, Collector, dirName, isRecord, joinDir, LineIndex, type ManifestResult, str } from './common.js';
import { parseJson } from './json.js';
import { attr, type XmlElement, xmlDocumentOf } from './xml.js';
import type { WorkspaceRoot } from '../types.js';

/**
 * The Package.resolved Xcode keeps inside a workspace: a project's own
 * (`X.xcodeproj/project.xcworkspace/…`: it resolves that project's pbxproj, importer the
 * `.xcodeproj` folder) or a standalone workspace's (`W.xcworkspace/…`: importer the `.xcworkspace`
 * folder; resolveVersions gives it to the projects and packages its contents.xcworkspacedata lists).
 */
const XCODE_RESOLVED = /^(.*\.xcodeproj)\/project\.xcworkspace\/xcshareddata\/swiftpm\/Package\.resolved$|^(.*\.xcworkspace)\/xcshareddata\/swiftpm\/Package\.resolved$/;

const isP = (t: SwiftTok | undefined, v: string): boolean => t !== undefined && t.t === 'p' && t.v === v;
const lit = (t: SwiftTok | undefined): string | undefined => (t?.t === 'str' ? t.v : undefined);

/** A version requirement as a range (and a version when it pins one). */
interface Requirement {
  range?: string;
  version?: string;
}

function upTo(min: string, part: 'major' | 'minor'): Requirement {
  const v = semver.valid(min.trim());
  if (!v) return { range: min.trim() };
  return { range: `>=${v} <${part === 'major' ? `${semver.major(v) + 1}.0.0` : `${semver.major(v)}.${semver.minor(v) + 1}.0`}` };
}

function between(lo: string, hi: string, inclusive: boolean): Requirement {
  return { range: `>=${lo.trim()} ${inclusive ? '<=' : '<'}${hi.trim()}` };
}

function exact(v: string): Requirement {
  const t = v.trim();
  return { range: t, version: t };
}

/**
 * The requirement that starts at token `k` of a `.package(…)` argument list: a labelled
 * `from:` / `exact:` / `branch:` / `revision:`, a range `"a"..<"b"` / `"a"..."b"`, a legacy
 * `.upToNextMajor(from:)` / `.upToNextMinor(from:)` / `.exact("…")` / `.branch("…")` /
 * `.revision("…")`. Undefined for anything else (a variable, an interpolated string).
 */
function requirementAt(toks: SwiftTok[], k: number): Requirement | undefined {
  const t = toks[k];
  if (t?.t === 'id' && isP(toks[k + 1], ':')) {
    const v = lit(toks[k + 2]);
    if (t.v === 'from' && v !== undefined) return rangeOrFrom(toks, k + 2) ?? upTo(v, 'major');
    if (t.v === 'exact' && v !== undefined) return exact(v);
    if (t.v === 'branch' && v !== undefined) return { range: `branch:${v}` };
    if (t.v === 'revision' && v !== undefined) return { range: `revision:${v}`, version: v };
    return undefined;
  }
  if (t?.t === 'str' && t.v !== undefined) return rangeOrFrom(toks, k) ?? undefined;
  if (isP(t, '.') && toks[k + 1]?.t === 'id' && isP(toks[k + 2], '(')) {
    const fn = toks[k + 1]?.v;
    let j = k + 3;
    if (toks[j]?.t === 'id' && isP(toks[j + 1], ':')) j += 2;
    const v = lit(toks[j]);
    if (v === undefined) return undefined;
    if (fn === 'upToNextMajor') return upTo(v, 'major');
    if (fn === 'upToNextMinor') return upTo(v, 'minor');
    if (fn === 'exact') return exact(v);
    if (fn === 'branch') return { range: `branch:${v}` };
    if (fn === 'revision') return { range: `revision:${v}`, version: v };
  }
  return undefined;
}

/** `"a"..<"b"` or `"a"..."b"` from the string at `k`. */
function rangeOrFrom(toks: SwiftTok[], k: number): Requirement | undefined {
  const lo = lit(toks[k]);
  if (lo === undefined || !isP(toks[k + 1], '.') || !isP(toks[k + 2], '.')) return undefined;
  if (isP(toks[k + 3], '<') && lit(toks[k + 4]) !== undefined) return between(lo, lit(toks[k + 4]) as string, false);
  if (isP(toks[k + 3], '.') && lit(toks[k + 4]) !== undefined) return between(lo, lit(toks[k + 4]) as string, true);
  return undefined;
}

/** Package.swift: each `.package(url: "…", …)` of the manifest, with its requirement. */
export function readPackageSwift(path: string, text: string): ManifestResult {
  const c = new Collector(path, 'swift');
  const t = boundText(text, c);
  const toks = swiftTokens(t);
  const lines = new LineIndex(t);
  for (let k = 0; k < toks.length; k++) {
    if (!(toks[k]?.t === 'id' && toks[k]?.v === 'package' && isP(toks[k - 1], '.') && isP(toks[k + 1], '('))) continue;
    // The argument list, to its closing parenthesis (nested calls counted).
    let depth = 0;
    let url: SwiftTok | undefined;
    let id: SwiftTok | undefined;
    let req: Requirement | undefined;
    let end = -1;
    for (let j = k + 1; j < toks.length; j++) {
      const x = toks[j] as SwiftTok;
      if (isP(x, '(') || isP(x, '[')) depth++;
      else if (isP(x, ')') || isP(x, ']')) {
        depth--;
        if (depth === 0) {
          end = j;
          break;
        }
      } else if (depth === 1 && (isP(toks[j - 1], '(') || isP(toks[j - 1], ','))) {
        if (x.t === 'id' && x.v === 'url' && isP(toks[j + 1], ':')) url = toks[j + 2];
        else if (x.t === 'id' && x.v === 'id' && isP(toks[j + 1], ':')) id = toks[j + 2];
        else req ??= requirementAt(toks, j);
      }
    }
    if (end < 0) {
      c.warn(`.package( at line ${lines.lineOf(toks[k]?.at ?? 0)} is not closed`);
      break;
    }
    const u = lit(url);
    if (u !== undefined) {
      const name = swiftPackageId(u);
      if (name === '') c.warn(`.package(url: "${u.slice(0, 100)}") at line ${lines.lineOf(url?.at ?? 0)} names no remote repository`);
      else if (!c.add({ name, range: req?.range, version: req?.version, line: lines.lineOf(url?.at ?? 0) })) break;
    } else if (lit(id) !== undefined) {
      // A registry package: its identity, as written, for the inventory to match with imports.
      const name = lit(id) as string;
      if (swiftRegistryName(name) === undefined) c.warn(`.package(id: "${name.slice(0, 100)}") at line ${lines.lineOf(id?.at ?? 0)} is no registry identity (scope.name)`);
      else if (!c.add({ name, range: req?.range, version: req?.version, line: lines.lineOf(id?.at ?? 0), registry: true })) break;
    }
    k = end;
  }
  return c.result();
}

/** Package.resolved, v1 (`object.pins[].repositoryURL`) and v2/v3 (`pins[].location`). */
export function readPackageResolved(path: string, text: string): ManifestResult {
  const c = new Collector(path, 'swift');
  const j = parseJson(boundText(text, c));
  if (j.error !== undefined) c.warn(`malformed JSON: ${j.error}`);
  if (!isRecord(j.value)) return c.result();
  const v1 = isRecord(j.value.object) ? j.value.object.pins : undefined;
  const pins = v1 ?? j.value.pins;
  if (!Array.isArray(pins)) {
    c.warn('no "pins" array');
    return c.result();
  }
  const xcode = XCODE_RESOLVED.exec(path.replace(/\\/g, '/'));
  const importer = xcode ? (xcode[1] ?? xcode[2]) : undefined;
  for (const p of pins) {
    if (!isRecord(p)) continue;
    const kind = str(p.kind);
    if (kind !== undefined && kind !== 'remoteSourceControl') continue; // fileSystem, localSourceControl, registry
    const urlKey = v1 !== undefined ? 'repositoryURL' : 'location';
    const name = swiftPackageId(str(p[urlKey]) ?? '');
    if (name === '') continue;
    const state = isRecord(p.state) ? p.state : {};
    const version = str(state.version) ?? (str(state.branch) === undefined ? str(state.revision) : undefined);
    const branch = str(state.branch);
    const d = { name, version, range: branch !== undefined ? `branch:${branch}` : undefined, line: j.keyLine(p, urlKey), lockfile: path };
    if (!c.add(importer !== undefined ? { ...d, importer } : d)) break;
  }
  return c.result();
}

/** The longest object of one package reference read from `project.pbxproj`. */
const MAX_REFERENCE = 4096;

/** A pbxproj value: a quoted string (with `\"` escapes) or a bare word, after `key = `. */
function pbxValue(block: string, key: string): string | undefined {
  const m = new RegExp(`(?:^|[\\s;{])${key}\\s*=\\s*(?:"((?:[^"\\\\\\n]|\\\\.){0,2048})"|([^;\\s"]{1,2048}))\\s*;`).exec(block);
  if (!m) return undefined;
  return m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2];
}

/**
 * project.pbxproj: the remote Swift package references (`isa = XCRemoteSwiftPackageReference;`,
 * `repositoryURL`, `requirement = { kind = upToNextMajorVersion; minimumVersion = 0.2.4; }`), the
 * declarations of an Xcode project. Xcode writes an object's keys sorted, `isa` first: the
 * reference is read from its `isa` to the next object's.
 */
export function readPbxproj(path: string, text: string): ManifestResult {
  const c = new Collector(path, 'swift');
  const t = boundText(text, c);
  const lines = new LineIndex(t);
  const marker = 'isa = XCRemoteSwiftPackageReference;';
  for (let at = t.indexOf(marker); at >= 0; ) {
    const next = t.indexOf(marker, at + marker.length);
    const stop = Math.min(next < 0 ? t.length : next, at + MAX_REFERENCE, nextIsa(t, at + marker.length));
    const block = t.slice(at, stop);
    const url = pbxValue(block, 'repositoryURL');
    const name = url === undefined ? '' : swiftPackageId(url);
    if (name === '') c.warn(`XCRemoteSwiftPackageReference at line ${lines.lineOf(at)} has no remote repositoryURL`);
    else {
      const kind = pbxValue(block, 'kind');
      const min = pbxValue(block, 'minimumVersion');
      const max = pbxValue(block, 'maximumVersion');
      const req: Requirement | undefined =
        kind === 'upToNextMajorVersion' && min ? upTo(min, 'major')
        : kind === 'upToNextMinorVersion' && min ? upTo(min, 'minor')
        : kind === 'exactVersion' && pbxValue(block, 'version') ? exact(pbxValue(block, 'version') as string)
        : kind === 'versionRange' && min && max ? between(min, max, false)
        : kind === 'branch' && pbxValue(block, 'branch') ? { range: `branch:${pbxValue(block, 'branch') as string}` }
        : kind === 'revision' && pbxValue(block, 'revision') ? { range: `revision:${pbxValue(block, 'revision') as string}`, version: pbxValue(block, 'revision') as string }
        : undefined;
      const line = lines.lineOf(at + Math.max(0, block.indexOf('repositoryURL')));
      if (!c.add({ name, range: req?.range, version: req?.version, line })) break;
    }
    at = next;
  }
  return c.result();
}

/** Where the next object after `from` starts (its `isa = `), or the text's end. */
function nextIsa(t: string, from: number): number {
  const i = t.indexOf('isa = ', from);
  return i < 0 ? t.length : i;
}

/**
 * An Xcode workspace's `contents.xcworkspacedata` (XML): the projects and package folders it
 * lists, as the workspace's members (folders relative to the scan root), so that the
 * Package.resolved of the workspace (`W.xcworkspace/xcshareddata/swiftpm/`) resolves their
 * package references (resolveVersions). Each `<FileRef location="…">` is one: `group:` relative to
 * the enclosing `<Group>` (the workspace's folder at the top), `container:` relative to the
 * workspace's folder, `self:` the project of a `X.xcodeproj/project.xcworkspace`; a
 * `Package.swift` file names its folder. Paths that leave the scan root are left out. `absolute:`
 * paths (and `group:` ones under an absolute group) are paths of the machine that wrote the file:
 * kept apart, as written (`absolute`), for placeAbsoluteMembers to place in the scanned tree.
 */
export function readXcworkspaceData(path: string, text: string): ManifestResult {
  const c = new Collector(path, 'swift');
  const ws = xmlDocumentOf(c, text, 'Workspace');
  if (ws === undefined) return c.result();
  const wsDir = dirName(path.replace(/\\/g, '/'));
  const container = dirName(wsDir);
  const members = new Set<string>();
  const absolute = new Set<string>();
  /** A folder of the scan root, or (abs) an absolute path of the writer's machine. */
  interface Place {
    at: string;
    abs?: true;
  }
  const visit = (el: XmlElement, group: Place | undefined): void => {
    for (const k of el.children) {
      if (k.name !== 'FileRef' && k.name !== 'Group') continue;
      const loc = attr(k, 'location') ?? '';
      const colon = loc.indexOf(':');
      const kind = colon < 0 ? '' : loc.slice(0, colon);
      const rel = loc.slice(colon + 1);
      let at: Place | undefined;
      if (ABSOLUTE.test(rel)) at = placeOf(joinAbsolute(rel, ''), true); // an absolute path, wherever written
      else if (kind === 'group') at = group === undefined ? undefined : group.abs ? placeOf(joinAbsolute(group.at, rel), true) : placeOf(joinDir(group.at, rel));
      else if (kind === 'container') at = placeOf(joinDir(container, rel));
      else if (kind === 'self' && k.name === 'FileRef' && /\.xcodeproj\/project\.xcworkspace$/.test(wsDir)) at = { at: dirName(wsDir) };
      if (k.name === 'Group') visit(k, at);
      else if (at !== undefined) (at.abs ? absolute : members).add(baseName(at.at) === 'Package.swift' ? dirName(at.at) : at.at);
    }
  };
  visit(ws, { at: container });
  c.workspace = { path, ecosystem: 'swift', members: [...members] };
  if (absolute.size > 0) c.workspace.absolute = [...absolute];
  return c.result();
}

/** An absolute path: POSIX `/…`, or a Windows drive's `C:\…` / `C:/…`. */
const ABSOLUTE = /^(?:[A-Za-z]:)?[\\/]/;

const placeOf = (at: string | undefined, abs?: true): { at: string; abs?: true } | undefined => (at === undefined ? undefined : abs ? { at, abs } : { at });

/** `rel` joined to the absolute path `abs`, with '/' separators and `.` / `..` resolved; undefined above its root. */
function joinAbsolute(abs: string, rel: string): string | undefined {
  const p = abs.replace(/\\/g, '/');
  const drive = /^(?:[A-Za-z]:)?\//.exec(p)?.[0];
  if (drive === undefined) return undefined;
  const under = joinDir('', `${p.slice(drive.length)}/${rel}`);
  return under === undefined ? undefined : drive + under;
}

/**
 * The Xcode project and SwiftPM package folders of the scanned tree, from its file paths: the
 * `X.xcodeproj` of each `X.xcodeproj/project.pbxproj`, the folder of each `Package.swift`.
 */
export function swiftProjectFolders(paths: Iterable<string>): Set<string> {
  const out = new Set<string>();
  for (const p of paths) {
    if (p.endsWith('.xcodeproj/project.pbxproj')) out.add(dirName(p));
    else if (baseName(p) === 'Package.swift') out.add(dirName(p));
  }
  return out;
}

/**
 * Places the absolute entries of Xcode workspaces (`WorkspaceRoot.absolute`) in the scanned tree,
 * as members: an entry under the scan root's own absolute path (`roots`: as given and as the file
 * system resolves it) is that folder, a scan on the machine that wrote the workspace; any other
 * is the one project or package folder of the tree (`folders`, swiftProjectFolders) that it ends
 * with, segment by segment (`/Users/me/src/app/ios/App/App.xcodeproj` → `ios/App/App.xcodeproj`),
 * when exactly one does and the match holds at least two segments: the folder holding the project
 * too, as a project named alike elsewhere on the writer's disk (`/Users/me/Other/App.xcodeproj`)
 * may be anyone's. Nothing outside the tree is read or taken: an entry that places nowhere (a
 * project outside the repository, which a workspace may well list) is left out without a warning.
 */
export function placeAbsoluteMembers(workspaces: readonly WorkspaceRoot[], tree: { roots?: readonly string[]; folders: ReadonlySet<string> }): WorkspaceRoot[] {
  if (!workspaces.some((w) => w.ecosystem === 'swift' && w.absolute !== undefined)) return [...workspaces];
  const roots = (tree.roots ?? []).map((r) => joinAbsolute(r, '')).filter((r): r is string => r !== undefined);
  // The tree's folders of two segments or more, by their segments from the last: an entry walks
  // it once from its own last segment, passing every folder it ends with.
  const trie: SegmentNode = { next: new Map() };
  for (const f of tree.folders) {
    const parts = f.split('/');
    if (parts.length < 2) continue;
    let node = trie;
    for (let i = parts.length - 1; i >= 0; i--) {
      const seg = parts[i] as string;
      let child = node.next.get(seg);
      if (child === undefined) node.next.set(seg, (child = { next: new Map() }));
      node = child;
    }
    node.folder = f;
  }
  return workspaces.map((w) => {
    if (w.ecosystem !== 'swift' || w.absolute === undefined) return w;
    const members = new Set(w.members ?? []);
    for (const a of w.absolute) {
      const placed = placeAbsolute(a, roots, trie);
      if (placed !== undefined) members.add(placed);
    }
    return { ...w, members: [...members] };
  });
}

/** A node of the tree's folders read from their last segment (placeAbsoluteMembers). */
interface SegmentNode {
  next: Map<string, SegmentNode>;
  /** The folder whose segments lead here. */
  folder?: string;
}

/** One absolute entry's folder in the tree (placeAbsoluteMembers), if any. */
function placeAbsolute(a: string, roots: readonly string[], trie: SegmentNode): string | undefined {
  for (const r of roots) {
    if (a === r) return '';
    const under = r.endsWith('/') ? r : `${r}/`;
    if (a.startsWith(under)) return a.slice(under.length);
  }
  const parts = a.replace(/^(?:[A-Za-z]:)?\//, '').split('/');
  let found: string | undefined;
  let node: SegmentNode | undefined = trie;
  for (let i = parts.length - 1; i >= 0 && node !== undefined; i--) {
    node = node.next.get(parts[i] as string);
    if (node?.folder === undefined) continue;
    if (found !== undefined) return undefined; // two folders of the tree end it: which one is not known
    found = node.folder;
  }
  return found;
}
