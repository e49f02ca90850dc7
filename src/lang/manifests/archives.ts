/**
 * Package archives committed to the tree: a wheel or egg (`wheels/openai-1.30.1-py3-none-any.whl`,
 * what `pip install --find-links wheels/` installs offline), a Java archive (`lib/langchain4j-
 * open-ai-0.35.0.jar`, a war or ear), a NuGet package (`packages/OpenAI.2.1.0.nupkg`). Each is a
 * copy of a package at a version, like an installed one (src/lang/manifests/installed.ts): it
 * declares nothing, and gives its version to the project's declarations that no lockfile resolves.
 *
 * Pure: the detector (sdk-archives) lists the zip and hands each record member's text here.
 * - wheel: the one top-level `<name>-<version>.dist-info/METADATA` (core metadata headers);
 * - egg: `EGG-INFO/PKG-INFO`;
 * - jar, war, ear: each `META-INF/maven/<group>/<artifact>/pom.properties` (Maven writes one per
 *   artifact, and a shaded jar keeps those of what it bundles); a jar without any names its
 *   artifact and version in its file name (`openai-java-2.7.0.jar`, Gradle's default), which the
 *   detector matches against the catalog;
 * - nupkg: the top-level `<id>.nuspec`'s `<metadata>` `<id>` and `<version>`;
 * - tarball (`.tgz`, `.tar.gz`, `.tar.bz2`; the detector decodes it): an npm package as `npm pack`
 *   and the registry make it (`package/package.json`: its `name` and `version`), a PyPI source
 *   distribution (`<name>-<version>/PKG-INFO`, core metadata), a conda package (`info/index.json`:
 *   its `name` and `version`). Other tarballs (sources, backups, data) hold none of these, and are
 *   no package;
 * - conda (`.conda`, the v2 package format): a stored zip whose `info-<name>-<version>-<build>.tar.zst`
 *   holds `info/index.json`, read as a conda tarball's (the detector decodes it).
 */
import { Collector, dirName, type ManifestResult } from './common.js';
import { coreMetadata, VERSION } from './installed.js';
import { readJsonObject } from './json.js';
import type { Ecosystem } from '../types.js';

export type ArchiveKind = 'wheel' | 'egg' | 'jar' | 'nupkg' | 'tarball' | 'conda';

/** At most this many record members are read from one archive (a shaded jar's pom.properties). */
export const MAX_RECORDS = 1000;

/** Which package archive the file is, by its extension. */
export function packageArchiveKind(path: string): ArchiveKind | undefined {
  const m = /\.(whl|egg|jar|war|ear|nupkg|tgz|tar\.gz|tar\.bz2|conda)$/i.exec(path);
  if (m === null) return undefined;
  const ext = m[1]!.toLowerCase();
  if (ext === 'conda') return PACKAGE_TARBALL_NAME.test(path.slice(path.lastIndexOf('/') + 1)) ? 'conda' : undefined;
  // A tarball is decoded to be read: only one named as packages are (`openai-4.52.0.tgz`,
  // `anthropic-0.30.0.tar.gz`, `openai-1.30.1-pyhd8ed1ab_0.tar.bz2`), not `data.tar.gz` or `backup.tgz`.
  if (ext.startsWith('t')) return PACKAGE_TARBALL_NAME.test(path.slice(path.lastIndexOf('/') + 1)) ? 'tarball' : undefined;
  return ext === 'whl' ? 'wheel' : ext === 'egg' ? 'egg' : ext === 'nupkg' ? 'nupkg' : 'jar';
}

/** A package tarball's file name: a name, then `-` and a version that starts with a digit (`v` allowed), before the extension. */
const PACKAGE_TARBALL_NAME = /^[A-Za-z0-9@][^/]*-v?\d[^/]*\.(?:tgz|tar\.gz|tar\.bz2|conda)$/i;

/** A .conda package's member that holds its `info/` folder, as a zstd tarball. */
const CONDA_INFO_MEMBER = /^info-[^/]+\.tar\.zst$/;

/** A tarball's member that says which package it is: npm's `package/package.json`, an sdist's `<name>-<version>/PKG-INFO`, a conda package's `info/index.json`. */
const TARBALL_RECORD = /^(?:\.\/)?(?:package\/package\.json|[A-Za-z0-9][A-Za-z0-9._-]*-\d[^/]*\/PKG-INFO|info\/index\.json)$/;

/** Whether a tarball member is one that says which package the tarball is (TARBALL_RECORD). */
export function isTarballRecord(name: string): boolean {
  return TARBALL_RECORD.test(name);
}

/** The members of an archive of this kind that say which package it is. */
export function recordMembers(kind: ArchiveKind, names: readonly string[]): string[] {
  const re = kind === 'wheel' ? /^[^/]+\.dist-info\/METADATA$/ : kind === 'egg' ? /^EGG-INFO\/PKG-INFO$/ : kind === 'jar' ? /^META-INF\/maven\/[^/]+\/[^/]+\/pom\.properties$/ : kind === 'tarball' ? TARBALL_RECORD : kind === 'conda' ? CONDA_INFO_MEMBER : /^[^/]+\.nuspec$/i;
  return names.filter((n) => re.test(n)).slice(0, MAX_RECORDS);
}

/** The ecosystem of an archive kind's packages (a tarball's: its record member's, `member`). */
export function archiveEcosystem(kind: ArchiveKind, member = ''): Ecosystem {
  if (kind === 'tarball') return member.endsWith('package.json') ? 'npm' : member.endsWith('PKG-INFO') ? 'pypi' : 'conda';
  if (kind === 'conda') return 'conda';
  return kind === 'wheel' || kind === 'egg' ? 'pypi' : kind === 'jar' ? 'maven' : 'nuget';
}

/**
 * The folder of the project an archive is for: the one holding the folder it sits in
 * (`lib/x.jar`, `wheels/x.whl` → the project at the top), the top for one at the top.
 */
export function archiveProjectDir(path: string): string {
  return dirName(dirName(path));
}

/** The package one record member names, as an installed copy in the archive `path`. */
export function readArchiveRecord(kind: ArchiveKind, path: string, member: string, text: string): ManifestResult {
  const eco = archiveEcosystem(kind, member);
  const c = new Collector(path, eco);
  const importer = archiveProjectDir(path);
  let got: { name: string; version: string } | undefined;
  if (kind === 'wheel' || kind === 'egg' || (kind === 'tarball' && eco === 'pypi')) got = coreMetadata(text, c);
  else if (kind === 'tarball' || kind === 'conda') {
    // package.json (npm) or info/index.json (conda): a JSON object with `name` and `version`.
    const read = readJsonObject(text, c, member);
    const name = read && typeof read.root.name === 'string' ? read.root.name.trim() : '';
    const version = read && typeof read.root.version === 'string' ? read.root.version.trim().replace(/^v(?=\d)/, '') : '';
    const valid = eco === 'npm' ? /^(?:@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/.test(name) : /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(name);
    if (read !== undefined && valid && version !== '') got = { name, version };
    else if (read !== undefined) c.warn(`${member}: no package name and version`);
  }
  else if (kind === 'jar') {
    const props = new Map<string, string>();
    for (const line of text.slice(0, 64 * 1024).split(/\r?\n|\r/)) {
      const m = /^\s*(groupId|artifactId|version)\s*[=:]\s*(.*?)\s*$/.exec(line);
      if (m !== null && !props.has(m[1]!)) props.set(m[1]!, m[2]!);
    }
    const [g, a, v] = [props.get('groupId'), props.get('artifactId'), props.get('version')];
    if (g && a && v && /^[\w.-]+$/.test(g) && /^[\w.-]+$/.test(a)) got = { name: `${g}:${a}`, version: v };
    else c.warn(`${member}: no groupId, artifactId and version`);
  } else {
    const meta = /<metadata\b[^>]*>([\s\S]*?)<\/metadata>/.exec(text.slice(0, 256 * 1024))?.[1] ?? '';
    const id = /<id>\s*([^<\s]+)\s*<\/id>/.exec(meta)?.[1];
    const version = /<version>\s*([^<\s]+)\s*<\/version>/.exec(meta)?.[1];
    if (id && version && /^[\w.-]+$/.test(id)) got = { name: id, version };
    else c.warn(`${member}: no <id> and <version> in its <metadata>`);
  }
  if (got !== undefined && !VERSION.test(got.version)) {
    c.warn(`${member}: "${got.version.slice(0, 80)}" is not a version`);
    got = undefined;
  }
  if (got !== undefined) c.add({ name: got.name, version: got.version, installed: true, importer });
  return c.result();
}

/**
 * A jar's artifact and version from its file name, for a jar with no pom.properties
 * (`openai-java-2.7.0.jar` → openai-java, 2.7.0): the version is the part from the first `-` that
 * a digit follows, without a Maven classifier of the same artifact's other jars (`-sources`,
 * `-javadoc`, `-tests`, `-all`, `-shaded`).
 */
export function jarFileName(path: string): { artifact: string; version: string } | undefined {
  const m = /^([A-Za-z][\w.]*(?:-[A-Za-z][\w.]*)*)-(\d[\w.+-]*?)(?:-(?:sources|javadoc|tests|test-sources|all|shaded))?\.(?:jar|war|ear)$/i.exec(path.slice(path.lastIndexOf('/') + 1));
  if (m === null || !VERSION.test(m[2]!)) return undefined;
  return { artifact: m[1]!, version: m[2]! };
}
