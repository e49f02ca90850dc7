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
 * - nupkg: the top-level `<id>.nuspec`'s `<metadata>` `<id>` and `<version>`.
 */
import { Collector, dirName, type ManifestResult } from './common.js';
import { coreMetadata, VERSION } from './installed.js';
import type { Ecosystem } from '../types.js';

export type ArchiveKind = 'wheel' | 'egg' | 'jar' | 'nupkg';

/** At most this many record members are read from one archive (a shaded jar's pom.properties). */
export const MAX_RECORDS = 1000;

/** Which package archive the file is, by its extension. */
export function packageArchiveKind(path: string): ArchiveKind | undefined {
  const m = /\.(whl|egg|jar|war|ear|nupkg)$/i.exec(path);
  if (m === null) return undefined;
  const ext = m[1]!.toLowerCase();
  return ext === 'whl' ? 'wheel' : ext === 'egg' ? 'egg' : ext === 'nupkg' ? 'nupkg' : 'jar';
}

/** The members of an archive of this kind that say which package it is. */
export function recordMembers(kind: ArchiveKind, names: readonly string[]): string[] {
  const re = kind === 'wheel' ? /^[^/]+\.dist-info\/METADATA$/ : kind === 'egg' ? /^EGG-INFO\/PKG-INFO$/ : kind === 'jar' ? /^META-INF\/maven\/[^/]+\/[^/]+\/pom\.properties$/ : /^[^/]+\.nuspec$/i;
  return names.filter((n) => re.test(n)).slice(0, MAX_RECORDS);
}

/** The ecosystem of an archive kind's packages. */
export function archiveEcosystem(kind: ArchiveKind): Ecosystem {
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
  const c = new Collector(path, archiveEcosystem(kind));
  const importer = archiveProjectDir(path);
  let got: { name: string; version: string } | undefined;
  if (kind === 'wheel' || kind === 'egg') got = coreMetadata(text, c);
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
