/**
 * Package archives (src/lang/manifests/archives.ts): which members name the package of a wheel,
 * egg, jar or nupkg, and what they say. The end-to-end cases (zip files in a tree) are in
 * test/detectors/sdks.test.ts.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { archiveProjectDir, jarFileName, packageArchiveKind, readArchiveRecord, recordMembers } from '../../../src/lang/manifests/archives.js';

const rows = (r: ReturnType<typeof readArchiveRecord>) => r.deps.map((d) => `${d.ecosystem}:${d.name}@${d.version} for '${d.importer}'${d.installed ? ' installed' : ''}`);

describe('package archives', () => {
  it('kinds by extension, in any case; other zips are none', () => {
    assert.deepEqual(['a.whl', 'a.EGG', 'a.jar', 'a.war', 'a.ear', 'a.nupkg', 'a.zip', 'a.keras', 'a.pt', 'whl'].map(packageArchiveKind), ['wheel', 'egg', 'jar', 'jar', 'jar', 'nupkg', undefined, undefined, undefined, undefined]);
    assert.deepEqual(['a-1.0.tgz', 'a-1.0.tar.gz', 'a-1.0-0.tar.bz2', 'x/A-V2.TGZ', 'a.tar', 'a.tar.xz', 'a.gz', 'a.conda'].map(packageArchiveKind), ['tarball', 'tarball', 'tarball', 'tarball', undefined, undefined, undefined, undefined]);
    // Only tarballs named as packages are (name-version) are decoded to be read.
    assert.deepEqual(['data.tar.gz', 'backup.tgz', 'model.tar.gz', 'dump-final.tar.bz2'].map(packageArchiveKind), [undefined, undefined, undefined, undefined]);
  });

  it("a tarball's record: npm pack's package/package.json, an sdist's <name>-<version>/PKG-INFO, a conda package's info/index.json; nothing deeper or elsewhere", () => {
    const names = ['package/package.json', 'package/node_modules/x/package.json', 'openai-1.30.1/PKG-INFO', 'openai-1.30.1/src/openai.egg-info/PKG-INFO', 'info/index.json', './package/package.json', 'site/package.json', 'src/PKG-INFO', 'x/info/index.json', 'PKG-INFO'];
    assert.deepEqual(recordMembers('tarball', names), ['package/package.json', 'openai-1.30.1/PKG-INFO', 'info/index.json', './package/package.json']);
  });

  it("reads a tarball's record by its member: npm, PyPI or conda; names that are none, and no version, are warnings", () => {
    assert.deepEqual(rows(readArchiveRecord('tarball', 'vendor/openai-4.52.0.tgz', 'package/package.json', '{"name":"openai","version":"v4.52.0","dependencies":{"@anthropic-ai/sdk":"^0.20.0"}}')), ["npm:openai@4.52.0 for '' installed"]);
    assert.deepEqual(rows(readArchiveRecord('tarball', 'vendor/langchain-openai-0.2.1.tgz', 'package/package.json', '{"name":"@langchain/openai","version":"0.2.1"}')), ["npm:@langchain/openai@0.2.1 for '' installed"]);
    assert.deepEqual(rows(readArchiveRecord('tarball', 'svc/dist/anthropic-0.30.0.tar.gz', 'anthropic-0.30.0/PKG-INFO', 'Metadata-Version: 2.1\nName: anthropic\nVersion: 0.30.0\n\n')), ["pypi:anthropic@0.30.0 for 'svc' installed"]);
    assert.deepEqual(rows(readArchiveRecord('tarball', 'pkgs/openai-1.30.1-0.tar.bz2', 'info/index.json', '{"name":"openai","version":"1.30.1","build":"0"}')), ["conda:openai@1.30.1 for '' installed"]);
    assert.deepEqual(readArchiveRecord('tarball', 'a.tgz', 'package/package.json', '{"name":"Not A Name","version":"1.0.0"}').warnings, ['package/package.json: no package name and version']);
    assert.deepEqual(readArchiveRecord('tarball', 'a.tgz', 'package/package.json', '{"name":"openai"}').warnings, ['package/package.json: no package name and version']);
    assert.deepEqual(readArchiveRecord('tarball', 'a.tar.bz2', 'info/index.json', '{"name":"x",').deps, []);
  });

  it('record members: a wheel\'s top-level dist-info METADATA, an egg\'s EGG-INFO/PKG-INFO, each pom.properties of a jar, a nupkg\'s top-level nuspec', () => {
    const names = ['openai/__init__.py', 'openai-1.30.1.dist-info/METADATA', 'openai-1.30.1.dist-info/RECORD', 'vendored/x-1.0.dist-info/METADATA', 'EGG-INFO/PKG-INFO', 'META-INF/maven/dev.langchain4j/langchain4j/pom.properties', 'META-INF/maven/dev.langchain4j/langchain4j-open-ai/pom.properties', 'META-INF/maven/pom.properties', 'OpenAI.nuspec', 'lib/x.nuspec'];
    assert.deepEqual(recordMembers('wheel', names), ['openai-1.30.1.dist-info/METADATA']);
    assert.deepEqual(recordMembers('egg', names), ['EGG-INFO/PKG-INFO']);
    assert.deepEqual(recordMembers('jar', names), ['META-INF/maven/dev.langchain4j/langchain4j/pom.properties', 'META-INF/maven/dev.langchain4j/langchain4j-open-ai/pom.properties']);
    assert.deepEqual(recordMembers('nupkg', names), ['OpenAI.nuspec']);
    assert.equal(recordMembers('jar', Array.from({ length: 5000 }, (_, i) => `META-INF/maven/g/a${i}/pom.properties`)).length, 1000);
  });

  it('reads each record: core metadata, pom.properties (comments, blanks, `:` too), a nuspec\'s metadata', () => {
    assert.deepEqual(rows(readArchiveRecord('wheel', 'wheels/openai-1.30.1-py3-none-any.whl', 'openai-1.30.1.dist-info/METADATA', 'Metadata-Version: 2.1\nName: openai\nVersion: 1.30.1\n\nVersion: 9\n')), ["pypi:openai@1.30.1 for '' installed"]);
    assert.deepEqual(rows(readArchiveRecord('jar', 'svc/lib/langchain4j-open-ai-0.35.0.jar', 'META-INF/maven/dev.langchain4j/langchain4j-open-ai/pom.properties', '#Created by Apache Maven 3.9.6\r\ngroupId = dev.langchain4j\r\nartifactId: langchain4j-open-ai\r\nversion=0.35.0\r\n')), ["maven:dev.langchain4j:langchain4j-open-ai@0.35.0 for 'svc' installed"]);
    const nuspec = '<?xml version="1.0"?>\n<package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd">\n  <metadata>\n    <id>OpenAI</id>\n    <version>2.1.0</version>\n    <dependencies><dependency id="System.ClientModel" version="1.2.1" /></dependencies>\n  </metadata>\n</package>\n';
    assert.deepEqual(rows(readArchiveRecord('nupkg', 'packages/OpenAI.2.1.0.nupkg', 'OpenAI.nuspec', nuspec)), ["nuget:OpenAI@2.1.0 for '' installed"]);
  });

  it('damaged records: a warning naming the member, no package', () => {
    assert.deepEqual(readArchiveRecord('jar', 'a.jar', 'META-INF/maven/g/a/pom.properties', 'groupId=g\nversion=1\n').warnings, ['META-INF/maven/g/a/pom.properties: no groupId, artifactId and version']);
    assert.deepEqual(readArchiveRecord('jar', 'a.jar', 'META-INF/maven/g/a/pom.properties', 'groupId=g\nartifactId=a\nversion=${revision}\n').warnings, ['META-INF/maven/g/a/pom.properties: "${revision}" is not a version']);
    assert.deepEqual(readArchiveRecord('nupkg', 'a.nupkg', 'a.nuspec', '<package><id>OpenAI</id></package>').warnings, ['a.nuspec: no <id> and <version> in its <metadata>']);
    assert.deepEqual(readArchiveRecord('wheel', 'a.whl', 'a-1.dist-info/METADATA', '\u0000\u0001').warnings, ['no Name header in the package metadata']);
    for (const r of [readArchiveRecord('jar', 'a.jar', 'x', ''), readArchiveRecord('nupkg', 'a.nupkg', 'x', '<metadata><id>a b</id><version>1</version></metadata>')]) assert.deepEqual(r.deps, []);
  });

  it('a jar\'s file name: the artifact, and the version from the first `-` a digit follows', () => {
    assert.deepEqual(jarFileName('lib/openai-java-2.7.0.jar'), { artifact: 'openai-java', version: '2.7.0' });
    assert.deepEqual(jarFileName('lib/spring-ai-openai-1.0.0-M6.jar'), { artifact: 'spring-ai-openai', version: '1.0.0-M6' });
    assert.deepEqual(jarFileName('lib/openai-java-2.7.0-sources.jar'), { artifact: 'openai-java', version: '2.7.0' });
    assert.deepEqual(jarFileName('lib/langchain4j-1.0.0-beta3-all.jar'), { artifact: 'langchain4j', version: '1.0.0-beta3' });
    for (const p of ['lib/openai-java.jar', 'lib/2.7.0.jar', 'lib/openai-java-2.7.0.zip']) assert.equal(jarFileName(p), undefined, p);
  });

  it('the project an archive is for: the folder above the one it sits in', () => {
    assert.deepEqual(['lib/a.jar', 'a.jar', 'svc/wheels/a.whl'].map(archiveProjectDir), ['', '', 'svc']);
  });
});
