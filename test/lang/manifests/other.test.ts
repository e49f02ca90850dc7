import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isManifest, isVersionSource, readManifest } from '../../../src/lang/manifests/index.js';
import { expectRows, noWarnings, readFixture, resolveTree } from './helpers.js';

describe('go.mod', () => {
  it('single and block require, // indirect as a lockfile\'s version (no declared range), a local replace makes the version unknown', () => {
    const r = readFixture('go/go.mod', 'svc/go.mod');
    noWarnings(r);
    expectRows(r, [
      ['github.com/sashabaranov/go-openai', 'v1.24.1', 'v1.24.1', 'runtime', 7],
      ['github.com/anthropics/anthropic-sdk-go', 'v0.2.0-alpha.4', 'v0.2.0-alpha.4', 'runtime', 10],
      // Indirect and replaced by a local folder: no version is known.
      ['github.com/google/uuid', undefined, undefined, undefined, 11],
      ['github.com/openai-utils/helpers', 'v0.3.0', 'v0.3.0', 'runtime', 13],
      ['golang.org/x/net', undefined, 'v0.25.0', undefined, 14],
    ]);
    assert.deepEqual(r.deps.filter((d) => d.lockfile !== undefined).map((d) => [d.name, d.lockfile]), [['github.com/google/uuid', 'svc/go.mod'], ['golang.org/x/net', 'svc/go.mod']]);
    assert.ok(r.deps.every((d) => d.ecosystem === 'golang'));
  });
  it('replace: the same module at another version gives that version; a local path or another module (a fork) none, the fork named in a warning; block and single-line forms, before or after require', () => {
    const r = readManifest(
      'go.mod',
      [
        'module m',
        'replace github.com/tmc/langchaingo => github.com/acme/langchaingo v0.1.13-fork',
        'require (',
        '\tgithub.com/openai/openai-go v0.1.0-alpha.38',
        '\tgithub.com/tmc/langchaingo v0.1.12',
        '\tgithub.com/sashabaranov/go-openai v1.24.1',
        '\tgithub.com/anthropics/anthropic-sdk-go v0.2.0',
        '\tgithub.com/cohere-ai/cohere-go/v2 v2.8.0',
        ')',
        'replace (',
        '\tgithub.com/openai/openai-go => github.com/openai/openai-go v0.1.0-beta.1',
        '\tgithub.com/sashabaranov/go-openai => ../go-openai // local fork',
        '\tgithub.com/anthropics/anthropic-sdk-go v0.1.0 => github.com/x/y v9.9.9 // another version: not ours',
        '\t"github.com/cohere-ai/cohere-go/v2" v2.8.0 => /abs/cohere',
        ')',
      ].join('\n'),
    );
    assert.deepEqual(r.warnings, ['line 5: github.com/tmc/langchaingo is replaced by github.com/acme/langchaingo v0.1.13-fork: the code built is that module\'s, so github.com/tmc/langchaingo has no known version']);
    expectRows(r, [
      ['github.com/openai/openai-go', 'v0.1.0-alpha.38', 'v0.1.0-beta.1', 'runtime', 4],
      ['github.com/tmc/langchaingo', 'v0.1.12', undefined, 'runtime', 5],
      ['github.com/sashabaranov/go-openai', 'v1.24.1', undefined, 'runtime', 6],
      ['github.com/anthropics/anthropic-sdk-go', 'v0.2.0', 'v0.2.0', 'runtime', 7],
      ['github.com/cohere-ai/cohere-go/v2', 'v2.8.0', undefined, 'runtime', 8],
    ]);
  });
  it('replace: a Windows folder (..\\fork, C:\\src\\fork) is a local replacement too', () => {
    const r = readManifest('go.mod', 'module m\nrequire (\n\tgithub.com/a/b v1.0.0\n\tgithub.com/c/d v1.0.0\n)\nreplace github.com/a/b => ..\\fork\nreplace github.com/c/d => C:\\src\\d\n');
    noWarnings(r);
    expectRows(r, [['github.com/a/b', 'v1.0.0', undefined, 'runtime', 3], ['github.com/c/d', 'v1.0.0', undefined, 'runtime', 4]]);
  });
  it('replace: malformed directives are warnings, the requires stay', () => {
    const r = readManifest(
      'go.mod',
      'module m\nrequire github.com/a/b v1.0.0\nreplace github.com/a/b\nreplace github.com/a/b => \nreplace => github.com/c/d v1.0.0\nreplace github.com/a/b => github.com/c/d\nreplace github.com/a/b v1 v2 => github.com/c/d v1.0.0\n',
    );
    expectRows(r, [['github.com/a/b', 'v1.0.0', 'v1.0.0', 'runtime', 2]]);
    assert.equal(r.warnings.length, 5);
    assert.ok(r.warnings.every((w) => /^line \d+: replace /.test(w)), r.warnings.join('\n'));
  });
  it('warns on an unclosed block and keeps its lines', () => {
    const r = readManifest('go.mod', 'module m\nrequire (\n\tgithub.com/a/b v1.0.0\n');
    expectRows(r, [['github.com/a/b', 'v1.0.0', 'v1.0.0', 'runtime', 3]]);
    assert.match(r.warnings[0]!, /not closed/);
  });
});

describe('pom.xml', () => {
  it('dependencies and dependencyManagement pins, properties resolved, managed versions filled, comments skipped', () => {
    const r = readFixture('maven/pom.xml', 'java/pom.xml');
    noWarnings(r);
    expectRows(r, [
      ['dev.langchain4j:langchain4j-bom', '0.31.0', '0.31.0', undefined, 17],
      ['com.theokanning.openai-gpt3-java:service', '0.18.2', '0.18.2', undefined, 24],
      ['dev.langchain4j:langchain4j-open-ai', '0.31.0', '0.31.0', 'runtime', 40],
      ['com.theokanning.openai-gpt3-java:service', undefined, '0.18.2', 'runtime', 45],
      ['com.example:assistant-core', '1.4.0', '1.4.0', 'optional', 49],
      ['org.junit.jupiter:junit-jupiter', '5.10.2', '5.10.2', 'test', 55],
      ['com.example:parent-managed', '${unknown.version}', undefined, 'runtime', 61],
      ['org.example:ranged', '[1.0,2.0)', undefined, 'runtime', 66],
    ]);
    // The pins are versions for others (resolveVersions leaves them out), not dependencies.
    assert.deepEqual(r.deps.map((d) => d.central), ['defines', 'defines', undefined, undefined, undefined, undefined, undefined, undefined]);
    // A pin of type pom, scope import, is a BOM the pom imports; another pin is not.
    assert.deepEqual(r.deps.map((d) => d.bom ?? false), [true, false, false, false, false, false, false, false]);
  });
  const dep = (g: string, a: string, v?: string, more = '') => `<dependency><groupId>${g}</groupId><artifactId>${a}</artifactId>${v === undefined ? '' : `<version>${v}</version>`}${more}</dependency>`;
  const pins = (...d: string[]) => `<dependencyManagement><dependencies>${d.join('')}</dependencies></dependencyManagement>`;
  const deps = (...d: string[]) => `<dependencies>${d.join('')}</dependencies>`;
  const pom = (...parts: string[]) => `<project>\n${parts.join('\n')}\n</project>\n`;
  const PARENT = '<parent><groupId>com.example</groupId><artifactId>parent</artifactId><version>1</version></parent>';
  const MAVEN_CASES: Array<[string, Record<string, string>, Array<[string, string?, string?, string?, string?]>]> = [
    ['a dependencyManagement pin alone declares nothing', { 'pom.xml': pom(pins(dep('com.openai', 'openai-java', '1.0.0'))) }, []],
    [
      'a BOM import (langchain4j-bom) is no dependency; what it manages has no version the pom shows',
      { 'pom.xml': pom(pins(dep('dev.langchain4j', 'langchain4j-bom', '0.35.0', '<type>pom</type><scope>import</scope>')), deps(dep('dev.langchain4j', 'langchain4j-open-ai'))) },
      [['dev.langchain4j:langchain4j-open-ai', undefined, undefined, 'runtime', 'pom.xml']],
    ],
    [
      'spring-ai: a pin with a property gives its version to the dependency that leaves it out',
      { 'pom.xml': pom('<properties><spring-ai.version>1.0.0</spring-ai.version></properties>', pins(dep('org.springframework.ai', 'spring-ai-openai-spring-boot-starter', '${spring-ai.version}')), deps(dep('org.springframework.ai', 'spring-ai-openai-spring-boot-starter'))) },
      [['org.springframework.ai:spring-ai-openai-spring-boot-starter', undefined, '1.0.0', 'runtime', 'pom.xml']],
    ],
    [
      'the version a dependency writes wins over the pin',
      { 'pom.xml': pom(pins(dep('com.openai', 'openai-java', '1.0.0')), deps(dep('com.openai', 'openai-java', '2.0.0'))) },
      [['com.openai:openai-java', '2.0.0', '2.0.0', 'runtime', 'pom.xml']],
    ],
    [
      'a pin of a close name (langchain4j-open-ai) gives nothing to langchain4j-openai',
      { 'pom.xml': pom(pins(dep('dev.langchain4j', 'langchain4j-open-ai', '0.35.0')), deps(dep('dev.langchain4j', 'langchain4j-openai'))) },
      [['dev.langchain4j:langchain4j-openai', undefined, undefined, 'runtime', 'pom.xml']],
    ],
    [
      "profiles: their dependencies are declared, their pins are not (and give versions)",
      { 'pom.xml': pom(`<profiles><profile><id>ai</id>${pins(dep('com.anthropic', 'anthropic-java', '0.8.0'), dep('com.openai', 'openai-java', '1.1.0'))}${deps(dep('com.openai', 'openai-java', undefined, '<scope>test</scope>'))}</profile></profiles>`) },
      [['com.openai:openai-java', undefined, '1.1.0', 'test', 'pom.xml']],
    ],
    [
      "build plugins: their dependencies are declared in scope build, without the pins' versions; pluginManagement's are not",
      {
        'pom.xml': pom(
          pins(dep('com.openai', 'openai-java', '1.0.0')),
          `<build><pluginManagement><plugins><plugin><artifactId>managed-plugin</artifactId><dependencies>${dep('com.anthropic', 'anthropic-java', '0.8.0')}</dependencies></plugin></plugins></pluginManagement>`,
          `<plugins><plugin><artifactId>exec-maven-plugin</artifactId><dependencies>${dep('dev.langchain4j', 'langchain4j', '0.35.0')}${dep('com.openai', 'openai-java')}</dependencies></plugin></plugins></build>`,
        ),
      },
      [['dev.langchain4j:langchain4j', '0.35.0', '0.35.0', 'build', 'pom.xml'], ['com.openai:openai-java', undefined, undefined, 'build', 'pom.xml']],
    ],
    [
      'modules: a pom with a <parent> takes a version it leaves out from the pins above; its own pins first; a pom without <parent> takes none',
      {
        'pom.xml': pom(pins(dep('com.openai', 'openai-java', '1.0.0'), dep('com.anthropic', 'anthropic-java', '0.8.0')), '<modules><module>app</module><module>svc</module></modules>'),
        'app/pom.xml': pom(PARENT, deps(dep('com.openai', 'openai-java'))),
        'svc/pom.xml': pom(PARENT, pins(dep('com.openai', 'openai-java', '1.2.0')), deps(dep('com.openai', 'openai-java'))),
        'tool/pom.xml': pom(deps(dep('com.openai', 'openai-java'))),
        'app/deep/pom.xml': pom(PARENT, deps(dep('com.openai', 'openai-java-client'))),
      },
      [
        ['com.openai:openai-java', '1.0.0', '1.0.0', 'runtime', 'app/pom.xml'],
        ['com.openai:openai-java', undefined, '1.2.0', 'runtime', 'svc/pom.xml'],
        ['com.openai:openai-java', undefined, undefined, 'runtime', 'tool/pom.xml'],
        ['com.openai:openai-java-client', undefined, undefined, 'runtime', 'app/deep/pom.xml'],
      ],
    ],
    [
      "parent properties: a module's ${prop} version from its parent's (or grandparent's) <properties>, the nearest first, its own first of all",
      {
        'pom.xml': pom('<properties><openai.version>1.0.0</openai.version><lc4j.version>0.35.0</lc4j.version><anthropic.version>${base.version}</anthropic.version><base.version>0.8.0</base.version></properties>'),
        'app/pom.xml': pom(PARENT, '<properties><lc4j.version>1.0.0</lc4j.version></properties>', deps(dep('com.openai', 'openai-java', '${openai.version}'), dep('dev.langchain4j', 'langchain4j', '${lc4j.version}'), dep('com.anthropic', 'anthropic-java', '${anthropic.version}'))),
        'app/svc/pom.xml': pom(PARENT, deps(dep('dev.langchain4j', 'langchain4j-open-ai', '${lc4j.version}'), dep('com.openai', 'openai-java', '${openai.version}'))),
        // A range from the parent is kept as the range, with no exact version.
        'rng/pom.xml': pom(PARENT.replace('</parent>', '<relativePath>../pom.xml</relativePath></parent>'), deps(dep('com.openai', 'openai-java', '${unknown.version}'))),
      },
      [
        ['com.openai:openai-java', '1.0.0', '1.0.0', 'runtime', 'app/pom.xml'],
        ['dev.langchain4j:langchain4j', '1.0.0', '1.0.0', 'runtime', 'app/pom.xml'],
        ['com.anthropic:anthropic-java', '0.8.0', '0.8.0', 'runtime', 'app/pom.xml'],
        ['dev.langchain4j:langchain4j-open-ai', '1.0.0', '1.0.0', 'runtime', 'app/svc/pom.xml'],
        ['com.openai:openai-java', '1.0.0', '1.0.0', 'runtime', 'app/svc/pom.xml'],
        ['com.openai:openai-java', '${unknown.version}', undefined, 'runtime', 'rng/pom.xml'],
      ],
    ],
    [
      '<relativePath>: the parent is the pom it names (a folder means its pom.xml), not the folder above; an empty one, or one out of the tree, names none',
      {
        'pom.xml': pom('<properties><openai.version>9.9.9</openai.version></properties>', pins(dep('com.anthropic', 'anthropic-java', '9.9.9'))),
        'parent/pom.xml': pom('<properties><openai.version>1.0.0</openai.version></properties>', pins(dep('com.anthropic', 'anthropic-java', '0.8.0'))),
        'a/pom.xml': pom(PARENT.replace('</parent>', '<relativePath>../parent/pom.xml</relativePath></parent>'), deps(dep('com.openai', 'openai-java', '${openai.version}'), dep('com.anthropic', 'anthropic-java'))),
        'b/pom.xml': pom(PARENT.replace('</parent>', '<relativePath>../parent</relativePath></parent>'), deps(dep('com.openai', 'openai-java', '${openai.version}'))),
        'c/pom.xml': pom(PARENT.replace('</parent>', '<relativePath/></parent>'), deps(dep('com.openai', 'openai-java', '${openai.version}'))),
        'd/pom.xml': pom(PARENT.replace('</parent>', '<relativePath>../../outside/pom.xml</relativePath></parent>'), deps(dep('com.openai', 'openai-java', '${openai.version}'))),
      },
      [
        ['com.openai:openai-java', '1.0.0', '1.0.0', 'runtime', 'a/pom.xml'],
        ['com.anthropic:anthropic-java', '0.8.0', '0.8.0', 'runtime', 'a/pom.xml'],
        ['com.openai:openai-java', '1.0.0', '1.0.0', 'runtime', 'b/pom.xml'],
        ['com.openai:openai-java', '${openai.version}', undefined, 'runtime', 'c/pom.xml'],
        ['com.openai:openai-java', '${openai.version}', undefined, 'runtime', 'd/pom.xml'],
      ],
    ],
    [
      "CI-friendly versions: ${revision}${sha1}${changelist} with an empty <sha1/> in the parent, and a module's ${project.version} that is the parent's ${revision}",
      {
        'pom.xml': pom('<groupId>com.example</groupId><artifactId>parent</artifactId><version>${revision}${sha1}${changelist}</version>', '<properties><revision>1.2.0</revision><changelist>-SNAPSHOT</changelist><sha1/></properties>'),
        'app/pom.xml': pom(
          PARENT.replace('<version>1</version>', '<version>${revision}${sha1}${changelist}</version>'),
          deps(dep('com.example', 'openai-java', '${project.version}'), dep('com.openai', 'openai-java', '${revision}${sha1}${changelist}'), dep('com.anthropic', 'anthropic-java', '${revision}${unknown}')),
        ),
      },
      [
        ['com.example:openai-java', '1.2.0-SNAPSHOT', '1.2.0-SNAPSHOT', 'runtime', 'app/pom.xml'],
        ['com.openai:openai-java', '1.2.0-SNAPSHOT', '1.2.0-SNAPSHOT', 'runtime', 'app/pom.xml'],
        ['com.anthropic:anthropic-java', '1.2.0${unknown}', undefined, 'runtime', 'app/pom.xml'],
      ],
    ],
    [
      'a parent cycle, and a pom that names itself, end the chain',
      {
        'x/pom.xml': pom(PARENT.replace('</parent>', '<relativePath>../y/pom.xml</relativePath></parent>'), deps(dep('com.openai', 'openai-java', '${v}'))),
        'y/pom.xml': pom(PARENT.replace('</parent>', '<relativePath>../x/pom.xml</relativePath></parent>'), '<properties><v>1.0.0</v></properties>'),
        'z/pom.xml': pom(PARENT.replace('</parent>', '<relativePath>pom.xml</relativePath></parent>'), deps(dep('com.openai', 'openai-java', '${w}'))),
      },
      [
        ['com.openai:openai-java', '1.0.0', '1.0.0', 'runtime', 'x/pom.xml'],
        ['com.openai:openai-java', '${w}', undefined, 'runtime', 'z/pom.xml'],
      ],
    ],
  ];
  it('a <relativePath> of hostile length names no parent, quickly (path normalization took 29 s on 100,000 ../)', () => {
    const t = performance.now();
    const r = readManifest('m/pom.xml', pom(PARENT.replace('</parent>', `<relativePath>${'../'.repeat(100_000)}pom.xml</relativePath></parent>`), '<properties><a>1.0.0</a></properties>'));
    assert.ok(performance.now() - t < 1000, `${Math.round(performance.now() - t)} ms`);
    assert.equal(r.workspace?.parent, undefined);
    assert.deepEqual(r.workspace?.properties, { a: '1.0.0' });
  });
  it('a pom keeps for its modules only the properties that may be versions, resolved, and its parent path', () => {
    const r = readManifest('m/pom.xml', pom(PARENT.replace('</parent>', '<relativePath>../p</relativePath></parent>'), '<properties><a>1.2.3</a><b>${a}</b><token>sk-not a version!</token><project.x>1</project.x></properties>'));
    assert.deepEqual(r.workspace, { path: 'm/pom.xml', ecosystem: 'maven', properties: { a: '1.2.3', b: '1.2.3' }, parent: 'p/pom.xml' });
    assert.equal(readManifest('pom.xml', pom(deps(dep('a', 'b', '1')))).workspace, undefined);
  });
  for (const [label, files, want] of MAVEN_CASES) {
    it(`dependencyManagement: ${label}`, () => {
      assert.deepEqual(resolveTree(files).map((d) => [d.name, d.range, d.version, d.scope, d.path]), want);
    });
  }
  it('truncated XML keeps the complete dependencies', () => {
    const r = readManifest('pom.xml', '<project><dependencies><dependency><groupId>a</groupId><artifactId>b</artifactId><version>1</version></dependency><dependency><groupId>c</gro');
    assert.equal(r.deps[0]?.name, 'a:b');
    assert.ok(r.warnings.length > 0);
  });
  it('never expands entities beyond the predefined ones', () => {
    const r = readManifest('pom.xml', '<!DOCTYPE p [<!ENTITY x "boom">]><project><dependencies><dependency><groupId>a&amp;&x;</groupId><artifactId>b</artifactId></dependency></dependencies></project>');
    assert.equal(r.deps[0]?.name, 'a&&x;:b');
  });
});

describe('Gradle', () => {
  it('build.gradle: string, map and platform forms, $vars, catalog accessors, comments skipped', () => {
    const r = readFixture('maven/build.gradle', 'java/build.gradle');
    noWarnings(r);
    expectRows(r, [
      ['dev.langchain4j:langchain4j-open-ai', '0.31.0', '0.31.0', 'runtime', 11],
      ['dev.langchain4j:langchain4j', '0.31.0', '0.31.0', 'runtime', 12],
      ['com.squareup.okhttp3:okhttp', '4.12.0', '4.12.0', 'runtime', 13],
      ['com.google.code.gson:gson', '2.11.0', '2.11.0', 'runtime', 14],
      ['com.google.cloud:libraries-bom', '26.40.0', '26.40.0', 'runtime', 15],
      ['com.google.cloud:google-cloud-aiplatform', undefined, undefined, 'runtime', 16],
      ['org.junit.jupiter:junit-jupiter', '5.10.2', '5.10.2', 'test', 19],
      ['org.projectlombok:lombok', '1.18.32', '1.18.32', 'build', 20],
      ['org.slf4j:slf4j-simple', '4.12.0', '4.12.0', 'runtime', 21],
      ['libs.openai.utils', undefined, undefined, 'runtime', 22],
    ]);
    assert.equal(r.deps.at(-1)?.accessor, 'libs.openai.utils', 'a catalog accessor, named by it until resolveVersions');
    // platform('…') is a BOM the file imports; the other forms are not.
    assert.deepEqual(r.deps.filter((d) => d.bom === true).map((d) => d.name), ['com.google.cloud:libraries-bom']);
  });
  it('platform() and enforcedPlatform() of coordinates or of a catalog accessor mark a BOM', () => {
    const r = readManifest('build.gradle.kts', 'dependencies {\n    implementation(platform("org.springframework.ai:spring-ai-bom:1.0.0"))\n    api(enforcedPlatform(libs.openai.bom))\n    implementation("org.springframework.ai:spring-ai-starter-model-openai")\n    implementation(libs.platform.tools)\n}\n');
    assert.deepEqual(r.deps.map((d) => [d.name, d.bom ?? false]), [['org.springframework.ai:spring-ai-bom', true], ['libs.openai.bom', true], ['org.springframework.ai:spring-ai-starter-model-openai', false], ['libs.platform.tools', false]]);
  });
  it('build.gradle.kts: parenthesized, platform, named arguments, kapt, catalog accessors', () => {
    const r = readFixture('maven/build.gradle.kts', 'java/build.gradle.kts');
    noWarnings(r);
    expectRows(r, [
      ['com.aallam.openai:openai-client', '3.7.2', '3.7.2', 'runtime', 8],
      ['io.ktor:ktor-bom', '2.3.11', '2.3.11', 'runtime', 9],
      ['io.ktor:ktor-client-okhttp', undefined, undefined, 'runtime', 10],
      ['com.squareup.retrofit2:retrofit', '2.11.0', '2.11.0', 'runtime', 11],
      ['com.google.dagger:dagger-compiler', '2.51', '2.51', 'build', 12],
      ['io.mockk:mockk', '1.13.11', '1.13.11', 'test', 14],
      ['libs.langchain4j', undefined, undefined, 'runtime', 16],
    ]);
  });
  it('libs.versions.toml: [libraries] with version refs, the accessors of each entry (its alias, its bundles)', () => {
    const r = readFixture('maven/gradle/libs.versions.toml', 'java/gradle/libs.versions.toml');
    noWarnings(r);
    expectRows(r, [
      ['dev.langchain4j:langchain4j', '0.31.0', '0.31.0', undefined, 6],
      ['dev.langchain4j:langchain4j-open-ai', '0.31.0', '0.31.0', undefined, 7],
      ['io.ktor:ktor-client-core', '2.3.11', '2.3.11', undefined, 8],
      ['com.openai:openai-java', '0.8.0', '0.8.0', undefined, 9],
      ['com.squareup.okhttp3:okhttp', '4.12.0', '4.12.0', undefined, 10],
      ['com.google.code.gson:gson', undefined, undefined, undefined, 11],
    ]);
    assert.deepEqual(r.deps.map((d) => d.accessors), [
      ['libs.langchain4j', 'libs.bundles.ai'],
      ['libs.langchain4j.openai', 'libs.bundles.ai'],
      ['libs.ktor.client'],
      ['libs.openai.java', 'libs.bundles.ai'],
      ['libs.okhttp'],
      ['libs.gson'],
    ]);
  });
  it('libs.versions.toml: a version ref that leads back to itself, or to no [versions] key, gives no version; the other entries stay', () => {
    const r = readManifest('gradle/libs.versions.toml', '[versions]\nloop = { ref = "loop" }\nok = "1.0.0"\n[libraries]\na = { module = "com.openai:openai-java", version = { ref = "loop" } }\nb = { module = "com.anthropic:anthropic-java", version.ref = "constructor" }\nc = { module = "dev.langchain4j:langchain4j", version.ref = "ok" }\n');
    noWarnings(r);
    assert.deepEqual(r.deps.map((d) => [d.name, d.version]), [['com.openai:openai-java', undefined], ['com.anthropic:anthropic-java', undefined], ['dev.langchain4j:langchain4j', '1.0.0']]);
  });
  const uses = (...lines: string[]) => `dependencies {\n${lines.map((l) => `  ${l}\n`).join('')}}\n`;
  const LOCK_HEADER = '# This is a Gradle generated file for dependency locking.\n# Manual edits can break the build and are not advised.\n# This file is expected to be part of source control.\n';
  /** A gradle.lockfile of these lines. */
  const lockOf = (...lines: string[]) => LOCK_HEADER + lines.map((l) => `${l}\n`).join('');
  const CATALOG = [
    '[versions]',
    'lc4j = "0.35.0"',
    '[libraries]',
    'langchain4j = { module = "dev.langchain4j:langchain4j", version.ref = "lc4j" }',
    'langchain4j-open-ai = { module = "dev.langchain4j:langchain4j-open-ai", version.ref = "lc4j" }',
    'langchain4j_bom = { module = "dev.langchain4j:langchain4j-bom", version.ref = "lc4j" }',
    'openai-java = "com.openai:openai-java:0.8.0"',
    '"anthropic.java" = "com.anthropic:anthropic-java:1.0.0"',
    '[bundles]',
    'ai-clients = ["openai-java", "anthropic-java"]',
    '[plugins]',
    'kotlin-jvm = { id = "org.jetbrains.kotlin.jvm", version = "1.9.24" }',
    '',
  ].join('\n');
  const CATALOG_CASES: Array<[string, Record<string, string>, Array<[string, string?, string?, string?, string?, number?]>]> = [
    [
      "only the entries a build file names are declared, with the build file's line and scope",
      { 'gradle/libs.versions.toml': CATALOG, 'app/build.gradle.kts': uses('implementation(libs.langchain4j.open.ai)', 'testImplementation(libs.openai.java)') },
      [
        ['dev.langchain4j:langchain4j-open-ai', '0.35.0', '0.35.0', 'runtime', 'app/build.gradle.kts', 2],
        ['com.openai:openai-java', '0.8.0', '0.8.0', 'test', 'app/build.gradle.kts', 3],
      ],
    ],
    [
      'a bundle declares each library it lists; `_` and `.` in aliases; platform(), a provider call and the Groovy form',
      { 'gradle/libs.versions.toml': CATALOG, 'build.gradle': uses('implementation libs.bundles.ai.clients', 'implementation platform(libs.langchain4j.bom)', 'implementation(libs.langchain4j.get())') },
      [
        ['com.openai:openai-java', '0.8.0', '0.8.0', 'runtime', 'build.gradle', 2],
        ['com.anthropic:anthropic-java', '1.0.0', '1.0.0', 'runtime', 'build.gradle', 2],
        ['dev.langchain4j:langchain4j-bom', '0.35.0', '0.35.0', 'runtime', 'build.gradle', 3],
        ['dev.langchain4j:langchain4j', '0.35.0', '0.35.0', 'runtime', 'build.gradle', 4],
      ],
    ],
    [
      'decoys: a close name (libs.langchain4j.openai), an alias prefix (libs.anthropic), a version and a plugin accessor declare nothing, and the catalog counts as used',
      { 'gradle/libs.versions.toml': CATALOG, 'build.gradle.kts': 'plugins { alias(libs.plugins.kotlin.jvm) }\nval v = libs.versions.lc4j.get()\n' + uses('implementation(libs.langchain4j.openai)', 'implementation(libs.anthropic)') },
      [],
    ],
    [
      'no build file names a library or bundle of the catalog (only its plugins and versions): its entries stay declared, at the catalog\'s lines',
      { 'gradle/libs.versions.toml': CATALOG, 'build.gradle.kts': 'plugins { alias(libs.plugins.kotlin.jvm) }\nval v = libs.versions.lc4j.get()\n' },
      [
        ['dev.langchain4j:langchain4j', '0.35.0', '0.35.0', undefined, 'gradle/libs.versions.toml', 4],
        ['dev.langchain4j:langchain4j-open-ai', '0.35.0', '0.35.0', undefined, 'gradle/libs.versions.toml', 5],
        ['dev.langchain4j:langchain4j-bom', '0.35.0', '0.35.0', undefined, 'gradle/libs.versions.toml', 6],
        ['com.openai:openai-java', '0.8.0', '0.8.0', undefined, 'gradle/libs.versions.toml', 7],
        ['com.anthropic:anthropic-java', '1.0.0', '1.0.0', undefined, 'gradle/libs.versions.toml', 8],
      ],
    ],
    [
      "a catalog serves the build above its gradle/ folder: another build's accessor is not its use (and names nothing); another catalog name is another catalog",
      {
        'a/gradle/libs.versions.toml': CATALOG,
        'a/gradle/ai.versions.toml': '[libraries]\nopenai = "com.openai:openai-java:0.9.0"\n',
        'a/app/build.gradle': uses('implementation ai.openai'),
        'b/build.gradle': uses('implementation libs.openai.java'),
      },
      [
        ['dev.langchain4j:langchain4j', '0.35.0', '0.35.0', undefined, 'a/gradle/libs.versions.toml', 4],
        ['dev.langchain4j:langchain4j-open-ai', '0.35.0', '0.35.0', undefined, 'a/gradle/libs.versions.toml', 5],
        ['dev.langchain4j:langchain4j-bom', '0.35.0', '0.35.0', undefined, 'a/gradle/libs.versions.toml', 6],
        ['com.openai:openai-java', '0.8.0', '0.8.0', undefined, 'a/gradle/libs.versions.toml', 7],
        ['com.anthropic:anthropic-java', '1.0.0', '1.0.0', undefined, 'a/gradle/libs.versions.toml', 8],
        ['com.openai:openai-java', '0.9.0', '0.9.0', 'runtime', 'a/app/build.gradle', 2],
      ],
    ],
  ];
  /** A settings file whose versionCatalogs block holds these lines. */
  const catalogsIn = (...lines: string[]) => `dependencyResolutionManagement {\n  versionCatalogs {\n${lines.map((l) => `    ${l}\n`).join('')}  }\n}\n`;
  CATALOG_CASES.push(
    [
      'accessors after a quoted configuration or in add("conf", …) give its scope; another catalog\'s accessor is read there too',
      {
        'gradle/libs.versions.toml': CATALOG,
        'settings.gradle.kts': catalogsIn('create("ai") { from(files("gradle/libs.versions.toml")) }'),
        'build.gradle.kts': uses('"testImplementation"(libs.openai.java)', 'add("kapt", libs.langchain4j)', '"implementation"(ai.langchain4j.open.ai)'),
      },
      [
        ['com.openai:openai-java', '0.8.0', '0.8.0', 'test', 'build.gradle.kts', 2],
        ['dev.langchain4j:langchain4j', '0.35.0', '0.35.0', 'build', 'build.gradle.kts', 3],
        ['dev.langchain4j:langchain4j-open-ai', '0.35.0', '0.35.0', 'runtime', 'build.gradle.kts', 4],
      ],
    ],
    [
      'findLibrary / findBundle by name: on libs, on versionCatalogs.named("libs"), on a variable holding the catalog; add("conf", …) and "conf"(…) give the scope',
      {
        'gradle/libs.versions.toml': CATALOG,
        'build.gradle.kts': uses('implementation(libs.findLibrary("langchain4j-open-ai").get())', 'testImplementation(versionCatalogs.named("libs").findLibrary("openai.java").get())'),
        'app/build.gradle': "def cat = project.extensions.getByType(VersionCatalogsExtension).find('libs').get()\n" + uses("implementation cat.findLibrary('langchain4j_bom').get()"),
        'svc/build.gradle.kts': 'val catalog = the<VersionCatalogsExtension>().named("libs")\n' + uses('add("implementation", catalog.findBundle("ai-clients").get())', '"testImplementation"(catalog.findLibrary("langchain4j").get())'),
      },
      [
        ['dev.langchain4j:langchain4j-open-ai', '0.35.0', '0.35.0', 'runtime', 'build.gradle.kts', 2],
        ['com.openai:openai-java', '0.8.0', '0.8.0', 'test', 'build.gradle.kts', 3],
        ['dev.langchain4j:langchain4j-bom', '0.35.0', '0.35.0', 'runtime', 'app/build.gradle', 3],
        ['com.openai:openai-java', '0.8.0', '0.8.0', 'runtime', 'svc/build.gradle.kts', 3],
        ['com.anthropic:anthropic-java', '1.0.0', '1.0.0', 'runtime', 'svc/build.gradle.kts', 3],
        ['dev.langchain4j:langchain4j', '0.35.0', '0.35.0', 'test', 'svc/build.gradle.kts', 4],
      ],
    ],
    [
      'findLibrary decoys: an alias the catalog lacks, findVersion, a call in a string or a comment declare nothing; the catalog counts as used',
      {
        'gradle/libs.versions.toml': CATALOG,
        'build.gradle.kts': 'val v = libs.findVersion("lc4j").get()\n' + uses('implementation(libs.findLibrary("langchain4j-openai").get())', 'println("implementation(libs.findLibrary(\\"openai-java\\").get())")', '// implementation(libs.findLibrary("langchain4j").get())'),
      },
      [],
    ],
    [
      'convention plugins (precompiled script plugins in buildSrc, build-logic/*): their declarations are read with their path; findLibrary resolves in the catalog of the build above',
      {
        'gradle/libs.versions.toml': CATALOG,
        'buildSrc/src/main/kotlin/ai-conventions.gradle.kts': 'plugins { java }\nval libs = the<VersionCatalogsExtension>().named("libs")\n' + uses('implementation(libs.findLibrary("langchain4j").get())', 'implementation("com.anthropic:anthropic-java:2.0.0")'),
        'build-logic/convention/src/main/groovy/my.ai.gradle': uses("implementation 'com.openai:openai-java:0.9.0'"),
      },
      [
        ['dev.langchain4j:langchain4j', '0.35.0', '0.35.0', 'runtime', 'buildSrc/src/main/kotlin/ai-conventions.gradle.kts', 4],
        ['com.anthropic:anthropic-java', '2.0.0', '2.0.0', 'runtime', 'buildSrc/src/main/kotlin/ai-conventions.gradle.kts', 5],
        ['com.openai:openai-java', '0.9.0', '0.9.0', 'runtime', 'build-logic/convention/src/main/groovy/my.ai.gradle', 2],
      ],
    ],
    [
      'a catalog settings.gradle.kts creates from a file outside gradle/ (path from its folder) serves that build as `libs`; another name (`ai`) too; a Groovy settings file in buildSrc imports the root catalog',
      {
        'common/libs.versions.toml': '[libraries]\nopenai = "com.openai:openai-java:1.1.0"\n',
        'catalogs/openai.versions.toml': '[libraries]\nanthropic = "com.anthropic:anthropic-java:1.2.0"\n',
        'app/settings.gradle.kts': catalogsIn('create("libs") { from(files("../common/libs.versions.toml")) }', 'create("ai") {\n      from(files("../catalogs/openai.versions.toml"))\n    }'),
        'app/core/build.gradle.kts': uses('implementation(libs.openai)', 'implementation(ai.anthropic)'),
        'gradle/libs.versions.toml': CATALOG,
        'buildSrc/settings.gradle': catalogsIn("libs {\n      from(files('../gradle/libs.versions.toml'))\n    }", "shared { from(files('../catalogs/openai.versions.toml')) }"),
        'buildSrc/build.gradle.kts': uses('implementation(libs.langchain4j)', 'implementation(shared.anthropic)'),
      },
      [
        ['com.openai:openai-java', '1.1.0', '1.1.0', 'runtime', 'app/core/build.gradle.kts', 2],
        ['com.anthropic:anthropic-java', '1.2.0', '1.2.0', 'runtime', 'app/core/build.gradle.kts', 3],
        ['dev.langchain4j:langchain4j', '0.35.0', '0.35.0', 'runtime', 'buildSrc/build.gradle.kts', 2],
        ['com.anthropic:anthropic-java', '1.2.0', '1.2.0', 'runtime', 'buildSrc/build.gradle.kts', 3],
      ],
    ],
    [
      "settings decoys: a catalog file outside the scan root, an absolute path, a published catalog, a commented-out or quoted create name nothing; another build's settings is not this build's",
      {
        'common/libs.versions.toml': '[libraries]\nopenai = "com.openai:openai-java:1.1.0"\n',
        'settings.gradle.kts': catalogsIn(
          'create("libs") { from(files("../../common/libs.versions.toml")) }',
          'create("abs") { from(files("/common/libs.versions.toml")) }',
          'create("pub") { from("com.example:catalog:1.0") }',
          '// create("old") { from(files("common/libs.versions.toml")) }',
          'val doc = """create("doc") { from(files("common/libs.versions.toml")) }"""',
        ),
        'x/settings.gradle': "dependencyResolutionManagement { versionCatalogs { mine { from(files('../common/libs.versions.toml')) } } }\n",
        'build.gradle.kts': uses('implementation(libs.openai)', 'implementation(abs.openai)', 'implementation(old.openai)', 'implementation(doc.openai)', 'implementation(mine.openai)'),
      },
      [['com.openai:openai-java', '1.1.0', '1.1.0', undefined, 'common/libs.versions.toml', 2]],
    ],
  );
  const AI_DEPS = '[versions]\nlc4j = "0.35.0"\n[libraries]\nopenai = "com.openai:openai-java:0.8.0"\nlc4j-open-ai = { module = "dev.langchain4j:langchain4j-open-ai", version.ref = "lc4j" }\nanthropic = { module = "com.anthropic:anthropic-java" }\n';
  const NAMED_CATALOGS: Array<[string, Record<string, string>, Record<string, string>, Array<[string, string?, string?, string?, string?, number?]>]> = [
    [
      "a TOML file of any name (gradle/ai-deps.toml) that settings.gradle.kts creates a catalog from serves that build under the settings name; a version-less entry takes the project's lockfile",
      {
        'settings.gradle.kts': catalogsIn('create("ai") { from(files("gradle/ai-deps.toml")) }'),
        'app/build.gradle.kts': uses('implementation(ai.openai)', 'testImplementation(ai.lc4j.open.ai)', 'implementation(ai.anthropic)'),
        'app/gradle.lockfile': lockOf('com.anthropic:anthropic-java:1.2.0=runtimeClasspath'),
      },
      { 'gradle/ai-deps.toml': AI_DEPS },
      [
        ['com.openai:openai-java', '0.8.0', '0.8.0', 'runtime', 'app/build.gradle.kts', 2],
        ['dev.langchain4j:langchain4j-open-ai', '0.35.0', '0.35.0', 'test', 'app/build.gradle.kts', 3],
        ['com.anthropic:anthropic-java', undefined, '1.2.0', 'runtime', 'app/build.gradle.kts', 4],
      ],
    ],
    [
      'the Groovy settings.gradle form (`deps { from(files(…)) }`), a catalog file outside gradle/',
      { 'tools/settings.gradle': catalogsIn("deps {\n      from(files('../catalogs/ai-deps.toml'))\n    }"), 'tools/build.gradle': uses('implementation deps.openai') },
      { 'catalogs/ai-deps.toml': AI_DEPS },
      [['com.openai:openai-java', '0.8.0', '0.8.0', 'runtime', 'tools/build.gradle', 2]],
    ],
    [
      "decoys: such a file serves no build by its own name (not as `ai_deps` above its gradle/ folder, not as `libs`); another build's settings (other/: `oth`) is not this build's",
      {
        'settings.gradle.kts': catalogsIn('create("ai") { from(files("gradle/ai-deps.toml")) }'),
        'build.gradle.kts': uses('implementation(ai.openai)', 'implementation(ai_deps.anthropic)', 'implementation(libs.anthropic)', 'implementation(oth.openai)'),
        'other/settings.gradle.kts': catalogsIn('create("oth") { from(files("ai.toml")) }'),
      },
      { 'gradle/ai-deps.toml': AI_DEPS, 'other/ai.toml': '[libraries]\nopenai = "com.openai:openai-java:0.9.0"\n' },
      [
        ['com.openai:openai-java', '0.8.0', '0.8.0', 'runtime', 'build.gradle.kts', 2],
        // No build file of other/ names `oth`: its entries stay declared, at the catalog's lines.
        ['com.openai:openai-java', '0.9.0', '0.9.0', undefined, 'other/ai.toml', 2],
      ],
    ],
  ];
  for (const [label, files, catalogs, want] of NAMED_CATALOGS) {
    it(`version catalog of another file name: ${label}`, () => {
      assert.deepEqual(resolveTree(files, catalogs).map((d) => [d.name, d.range, d.version, d.scope, d.path, d.line]), want);
    });
  }
  for (const [label, files, want] of CATALOG_CASES) {
    it(`version catalog: ${label}`, () => {
      assert.deepEqual(resolveTree(files).map((d) => [d.name, d.range, d.version, d.scope, d.path, d.line]), want);
    });
  }
  const PLUGIN_FORMS: Array<[string, string, string, string[] | undefined, string?, string[]?]> = [
    ['Kotlin: id("x"), `x`, apply(plugin = "x"); a plugin id in a string or comment, id = "x" (gradlePlugin { }) none', 'app/build.gradle.kts', 'plugins {\n  id("acme.ai")\n  `ai-conventions`\n  // id("acme.old")\n}\napply(plugin = "acme.llm")\nval s = "id(\\"acme.str\\")"\ngradlePlugin { plugins { create("p") { id = "acme.decl" } } }\n', ['acme.ai', 'ai-conventions', 'acme.llm']],
    ['subprojects { } ids are for the projects below, allprojects { } ids for both; a brace in a string or comment ends no block; ids after a block are the own', 'build.gradle.kts', 'subprojects {\n  val s = "}"\n  // }\n  apply(plugin = "a")\n  repositories { mavenCentral() }\n  apply(plugin = "b")\n}\nallprojects { apply(plugin = "c") }\nplugins { id("d") }\n', ['c', 'd'], undefined, ['a', 'b', 'c']],
    [
      "Kotlin accessors in the plugins { } block: `java`, `` `java-library` ``, ``acme.`ai-conventions` `` (Gradle's per-segment accessors for a dotted id), `` `acme`.`llm` version … ``; `` `kotlin-dsl` `` is org.gradle.kotlin.kotlin-dsl; decoys: `` `acme.dotted` `` (no Kotlin name: a dot), calls (id, kotlin, alias), backticks outside a plugins block, in a comment, in gradlePlugin { plugins { } }",
      'app/build.gradle.kts',
      'plugins {\n  java\n  `java-library`\n  `kotlin-dsl`\n  acme.`ai-conventions`\n  `acme` . `llm` version "1.0" apply false\n  `acme.dotted`\n  id("acme.x") version "1" apply false\n  kotlin("jvm")\n  alias(libs.plugins.y)\n  // `acme-comment`\n}\nval `acme-outside` = 1\ntasks.register(`acme-task`)\ngradlePlugin { plugins { `acme-decl` } }\n',
      ['java', 'java-library', 'org.gradle.kotlin.kotlin-dsl', 'acme.ai-conventions', 'acme.llm', 'acme.x'],
    ],
    ["Groovy: id 'x', id('x'), apply plugin: 'x'; a backtick name is no plugin in Groovy", 'app/build.gradle', "plugins {\n  id 'acme.ai'\n  id('acme.b')\n}\napply plugin: 'acme.llm'\ndef x = `acme.c`\n", ['acme.ai', 'acme.b', 'acme.llm']],
    ['a precompiled script plugin: its id is its file name after its package', 'build-logic/convention/src/main/kotlin/ai.gradle.kts', '/* package com.other */\npackage com.acme.build\n\nplugins { id("com.acme.build.base") }\n', ['com.acme.build.base'], 'com.acme.build.ai'],
    ['a Groovy precompiled script plugin without a package: the file name', 'buildSrc/src/main/groovy/acme.ai-conventions.gradle', "// package x\ndependencies { implementation 'com.openai:openai-java:0.+' }\n", undefined, 'acme.ai-conventions'],
  ];
  for (const [label, path, text, plugins, pluginId, below] of PLUGIN_FORMS) {
    it(`plugins a build script applies: ${label}`, () => {
      const r = readManifest(path, text);
      noWarnings(r);
      assert.deepEqual(r.workspace?.plugins, plugins);
      assert.equal(r.workspace?.pluginId, pluginId);
      assert.deepEqual(r.workspace?.subprojectPlugins, below);
    });
  }
  it("settings.gradle(.kts): its buildscript classpath declarations are its only dependencies (classpath 'settings'); the builds it includes, paths from its folder", () => {
    const r = readManifest(
      'a/settings.gradle.kts',
      'pluginManagement {\n  includeBuild("../build-logic")\n}\nbuildscript {\n  dependencies {\n    classpath("com.openai:openai-java:0.+")\n  }\n}\nincludeBuild("tools/gen")\n// classpath("com.anthropic:anthropic-java:1.0.0")\nval s = "implementation(\\"dev.langchain4j:langchain4j:0.35.0\\")"\nincludeBuild(".")\n',
    );
    noWarnings(r);
    assert.deepEqual(r.deps.map((d) => [d.name, d.range, d.scope, d.line, d.classpath]), [['com.openai:openai-java', '0.+', 'build', 6, 'settings']]);
    assert.deepEqual(r.workspace, { path: 'a/settings.gradle.kts', ecosystem: 'maven', includedBuilds: ['build-logic', 'a/tools/gen'] });
    const groovy = readManifest('settings.gradle', "buildscript {\n  dependencies {\n    classpath 'com.openai:openai-java:0.8.0'\n  }\n}\nincludeBuild 'build-logic'\n");
    assert.deepEqual(groovy.deps.map((d) => [d.name, d.version, d.line, d.classpath]), [['com.openai:openai-java', '0.8.0', 3, 'settings']]);
    assert.deepEqual(groovy.workspace?.includedBuilds, ['build-logic']);
    const projects = readManifest('a/settings.gradle.kts', 'include(":app", "lib:core")\ninclude(\n  ":tools:gen",\n  ":x y"\n)\n// include(":old")\ninclude(":app")\nincludeBuild("b")\n');
    assert.deepEqual(projects.workspace?.projects, ['a/app', 'a/lib/core', 'a/tools/gen'], 'a path with a blank, a commented include and includeBuild are no project folder');
    assert.deepEqual(readManifest('settings.gradle', "include 'app', ':svc:api'\n").workspace?.projects, ['app', 'svc/api']);
    assert.equal(readManifest('build.gradle.kts', 'buildscript { dependencies { classpath("com.openai:openai-java:0.8.0") } }\n').deps[0]?.classpath, 'buildscript');
  });
  const SETTINGS_PROJECTS: Array<[string, string, string, string[] | undefined]> = [
    ["Groovy: projectDir = file('…'), relative to the settings file's folder", 'a/settings.gradle', "include ':app', ':lib'\nproject(':app').projectDir = file('modules/app')\n", ['a/modules/app', 'a/lib']],
    ['Groovy: projectDir = new File(rootDir, …) and new File(settingsDir, "../…")', 'a/b/settings.gradle', "include ':app', ':svc'\nproject(':app').projectDir = new File(rootDir, 'modules/app')\nproject(\":svc\").projectDir = new File(settingsDir, \"../svc\")\n", ['a/b/modules/app', 'a/svc']],
    ['Kotlin: projectDir = file("…"), File(rootDir, …), File(settingsDir, …), rootDir.resolve(…), findProject(…)?.projectDir', 'settings.gradle.kts', 'include(":a", ":b", ":c", ":d", ":e")\nproject(":a").projectDir = file("m/a")\nproject(":b").projectDir = File(rootDir, "m/b")\nproject(":c").projectDir = File(settingsDir, "m/c")\nproject(":d").projectDir = rootDir.resolve("m/d")\nfindProject(":e")?.projectDir = file("m/e")\n', ['m/a', 'm/b', 'm/c', 'm/d', 'm/e']],
    ['a project reassigned away from its default folder: the default folder is no project; the last assignment wins', 'settings.gradle', "include ':app:core'\nproject(':app:core').projectDir = file('x')\nproject(':app:core').projectDir = file('core')\n", ['core']],
    ['a reassignment to a folder outside the scan (above the root, absolute) leaves the project out', 'settings.gradle.kts', 'include(":app", ":lib")\nproject(":app").projectDir = file("../app")\nproject(":lib").projectDir = file("/opt/lib")\n', undefined],
    ["includeFlat: each name is the folder beside the settings file's folder (Groovy and Kotlin, several names)", 'root/settings.gradle', "includeFlat 'common', 'api'\nincludeFlat(\"web\")\ninclude ':app'\n", ['common', 'api', 'web', 'root/app']],
    ['includeFlat beside a settings file at the scan root is outside the scan; a name with : or .., an include path with .., is none', 'settings.gradle.kts', 'includeFlat("sib")\nincludeFlat("a:b", "..")\ninclude("../x", "..", ":app")\nproject(":app").projectDir = file("src/app")\n', ['src/app']],
    ['decoys: projectDir from an interpolated or computed path keeps the default folder; the loop idiom names no project', 'a/settings.gradle.kts', 'include(":app", ":lib", ":web", ":ok")\nproject(":app").projectDir = file("modules/${name}")\nproject(":lib").projectDir = file(base + "/lib")\nproject(":web").projectDir = file("web2").parentFile\nrootProject.children.forEach { it.projectDir = file("modules/${it.name}") }\nproject(":ok").projectDir = file("m/ok")\n', ['a/app', 'a/lib', 'a/web', 'a/m/ok']],
    ['decoys: the statements in comments and strings are none', 'r/settings.gradle', "include ':app'\n// project(':app').projectDir = file('modules/app')\n/* includeFlat 'x' */\nprintln \"includeFlat 'y'\"\ndef s = \"project(':app').projectDir = file('z')\"\nincludeFlat 'real'\n", ['r/app', 'real']],
  ];
  for (const [label, path, text, want] of SETTINGS_PROJECTS) {
    it(`settings.gradle(.kts) project folders: ${label}`, () => {
      const r = readManifest(path, text);
      noWarnings(r);
      assert.deepEqual(r.workspace?.projects, want);
    });
  }
  it('settings.gradle(.kts) project folders: hostile blanks, unclosed values and a long includeFlat list are read in linear time; projects are capped', () => {
    const t = performance.now();
    const blanks = ' '.repeat(100_000);
    for (const head of [`project(':a')${blanks}.projectDir =${blanks}file(`, `project(':a').projectDir = new File(rootDir,${blanks}`, "project(':a').projectDir = ".repeat(10_000), `includeFlat(${"'b', ".repeat(20_000)}`]) {
      const text = `include ':a'\n${head}\nproject(':a').projectDir = file('m/a')\n`;
      assert.deepEqual(readManifest('r/settings.gradle', text).workspace?.projects?.slice(0, 1), ['r/m/a'], head.slice(0, 30));
    }
    const many = Array.from({ length: 20_000 }, (_, i) => `include ':p${i}'\nproject(':p${i}').projectDir = file('m/p${i}')\n`).join('');
    const capped = readManifest('settings.gradle', many).workspace?.projects;
    assert.deepEqual([capped?.length, capped?.[0], capped?.[9_999]], [10_000, 'm/p0', 'm/p9999'], 'the projects read are moved, no other is added');
    assert.ok(performance.now() - t < 2000, `${Math.round(performance.now() - t)} ms`);
  });
  it('settings.gradle(.kts): the catalogs it creates from files, by name, paths from its folder; no dependency, no manifest; a hostile path length names none, quickly', () => {
    const r = readManifest('a/settings.gradle.kts', 'dependencyResolutionManagement {\n  versionCatalogs {\n    create("libs") { from(files("../common/libs.versions.toml")) }\n    create("ai") { from(files("gradle\\\\ai.versions.toml")) }\n  }\n}\n');
    noWarnings(r);
    assert.deepEqual(r.deps, []);
    assert.deepEqual(r.workspace, { path: 'a/settings.gradle.kts', ecosystem: 'maven', catalogs: { libs: 'common/libs.versions.toml', ai: 'a/gradle/ai.versions.toml' } });
    assert.equal(isManifest('settings.gradle'), false, 'not a manifest: the config detectors still read it');
    assert.equal(isVersionSource('settings.gradle.kts'), true);
    const t = performance.now();
    const long = readManifest('settings.gradle', `versionCatalogs { libs { from(files('${'../'.repeat(2_000_000)}libs.versions.toml')) } }\n`);
    assert.ok(performance.now() - t < 2000, `${Math.round(performance.now() - t)} ms`);
    assert.deepEqual(long.workspace, { path: 'settings.gradle', ecosystem: 'maven' }, 'no catalog; the settings file still makes its folder a build');
  });
  it('gradle.properties: key=value, key: value and key value lines, comments, continuations, escapes; only version-shaped values; no dependency', () => {
    const r = readFixture('maven/gradle.properties', 'java/gradle.properties');
    noWarnings(r);
    assert.deepEqual(r.deps, []);
    assert.deepEqual(r.workspace, { path: 'java/gradle.properties', ecosystem: 'maven', properties: { langchain4jVersion: '0.31.0', 'okhttp.version': '4.12.0', long: '1.2.3' } });
    const odd = readManifest('gradle.properties', 'a\\u0062=1.0\nbad=\\u12x4\nc\\=d 2.0\nlast=3.0\\');
    assert.deepEqual(odd.warnings, ['line 2: malformed \\uxxxx escape']);
    assert.deepEqual(odd.workspace?.properties, { ab: '1.0', 'c=d': '2.0', last: '3.0' });
    assert.equal(readManifest('gradle.properties', '# nothing\n').workspace, undefined);
    assert.equal(isManifest('gradle.properties'), false, 'not a manifest: the config detectors still read it');
  });
  const GRADLE_VARS: Array<[string, string, string, string | undefined]> = [
    ['ext { } on one line', "ext { lcVersion = '1.0'; other = '2.0' }\n", 'implementation "dev.langchain4j:langchain4j:$lcVersion"', '1.0'],
    ['typed Kotlin val', 'val lcVersion: String = "1.0"\n', 'implementation("dev.langchain4j:langchain4j:$lcVersion")', '1.0'],
    ['val by extra', 'val lcVersion by extra("1.0")\n', 'implementation("dev.langchain4j:langchain4j:${lcVersion}")', '1.0'],
    ['extra["x"] =', 'extra["lcVersion"] = "1.0"\n', 'implementation("dev.langchain4j:langchain4j:$lcVersion")', '1.0'],
    ['rootProject.ext.x', "ext.set('lcVersion', '1.0')\n", 'implementation "dev.langchain4j:langchain4j:${rootProject.ext.lcVersion}"', '1.0'],
    ['a close name is not the same name', "ext { lcVersions = '1.0' }\n", 'implementation "dev.langchain4j:langchain4j:$lcVersion"', undefined],
    ['a value that is itself a reference is not taken', 'val lcVersion = "$base"\n', 'implementation("dev.langchain4j:langchain4j:$lcVersion")', undefined],
    // A property read by a call inside the template: the coordinates are one string.
    ['${property("x")} (Kotlin)', 'val lcVersion by extra("1.0")\n', 'implementation("dev.langchain4j:langchain4j:${property("lcVersion")}")', '1.0'],
    ["${project.findProperty('x') as String} (Groovy)", "ext { lcVersion = '1.0' }\n", 'implementation "dev.langchain4j:langchain4j:${project.findProperty(\'lcVersion\') as String}"', '1.0'],
    ['${rootProject.extra["x"]}', 'extra["lcVersion"] = "1.0"\n', 'implementation("dev.langchain4j:langchain4j:${rootProject.extra["lcVersion"]}")', '1.0'],
  ];
  for (const [label, assign, use, version] of GRADLE_VARS) {
    it(`build file assignments: ${label}`, () => {
      const r = readManifest('build.gradle.kts', assign + uses(use));
      assert.deepEqual(r.deps.map((d) => [d.name, d.version]), [['dev.langchain4j:langchain4j', version]]);
    });
  }
  it('blanks after a configuration name are read in linear time (`\\s*\\(?\\s*` took 33 s on 100,000 spaces)', () => {
    const t = performance.now();
    for (const head of ['implementation', 'implementation(', 'implementation platform(', 'implementation(group:', '"implementation"(', 'add("implementation",']) {
      assert.deepEqual(readManifest('build.gradle', `${head}${' '.repeat(100_000)}x\nimplementation 'com.openai:openai-java:1.0'\n`).deps.map((d) => d.name), ['com.openai:openai-java'], head);
    }
    assert.ok(performance.now() - t < 2000, `${Math.round(performance.now() - t)} ms`);
  });
  const GRADLE_FORMS: Array<[string, string, string, Array<[string, string?, string?]>]> = [
    ['Kotlin: a quoted configuration called ("implementation"(…)), string, platform and named forms', 'build.gradle.kts', uses('"implementation"("dev.langchain4j:langchain4j-open-ai:0.35.0")', '"testImplementation"("com.openai:openai-java:0.8.0")', '"implementation"(platform("dev.langchain4j:langchain4j-bom:0.35.0"))', '"implementation"(group = "com.anthropic", name = "anthropic-java", version = "1.0.0")'), [['dev.langchain4j:langchain4j-open-ai', '0.35.0', 'runtime'], ['com.openai:openai-java', '0.8.0', 'test'], ['dev.langchain4j:langchain4j-bom', '0.35.0', 'runtime'], ['com.anthropic:anthropic-java', '1.0.0', 'runtime']]],
    ['Kotlin and Groovy: add("conf", "g:a:v") (dependencies.add, project.dependencies.add), the configuration giving the scope', 'build.gradle.kts', uses('add("implementation", "dev.langchain4j:langchain4j:0.35.0")', 'dependencies.add("kapt", "com.openai:openai-java:0.8.0")', "project.dependencies.add('testImplementation', platform('dev.langchain4j:langchain4j-bom:0.35.0'))"), [['dev.langchain4j:langchain4j', '0.35.0', 'runtime'], ['com.openai:openai-java', '0.8.0', 'build'], ['dev.langchain4j:langchain4j-bom', '0.35.0', 'test']]],
    ["Groovy: a quoted configuration called ('implementation'(…))", 'build.gradle', uses("'implementation'('com.openai:openai-java:0.8.0')"), [['com.openai:openai-java', '0.8.0', 'runtime']]],
    [
      'decoys: a quoted call or add() in a string, a raw string or a comment; add() of a name that is no configuration; a map entry',
      'build.gradle.kts',
      uses(
        'println("\\"implementation\\"(\\"com.openai:openai-java:1.0\\")")',
        'val s = """"implementation"("com.openai:openai-java:1.0")"""',
        '// add("implementation", "com.openai:openai-java:1.0")',
        'list.add("key", "com.openai:openai-java:1.0")',
        'map["implementation"] = "com.openai:openai-java:1.0"',
        'val q = "implementation"',
      ),
      [],
    ],
  ];
  for (const [label, path, text, want] of GRADLE_FORMS) {
    it(`declaration forms: ${label}`, () => {
      const r = readManifest(path, text);
      noWarnings(r);
      assert.deepEqual(r.deps.map((d) => [d.name, d.version, d.scope]), want);
    });
  }
  const lcUse = uses('implementation("dev.langchain4j:langchain4j:$lcVersion")');
  const GRADLE_TEXT: Array<[string, string, string, Array<[string, string?]>]> = [
    ['Groovy: ext.x = … inside a """ string is text; the real ext { } gives the version', 'build.gradle', "ext { lcVersion = '1.0' }\ndef doc = \"\"\"\n  ext.lcVersion = '9.9'\n\"\"\"\n" + lcUse, [['dev.langchain4j:langchain4j', '1.0']]],
    ["Groovy: ext { } inside a ''' string is text", 'build.gradle', "def doc = '''\next {\n  lcVersion = '9.9'\n}\n'''\n" + lcUse, [['dev.langchain4j:langchain4j', undefined]]],
    ['Kotlin: extra["x"] = … inside a raw string is text', 'build.gradle.kts', 'extra["lcVersion"] = "1.0"\nval doc = """\nextra["lcVersion"] = "9.9"\n"""\n' + lcUse, [['dev.langchain4j:langchain4j', '1.0']]],
    ['a one-line string holding an assignment is text', 'build.gradle', "ext.lcVersion = '1.0'\nprintln(\"ext.lcVersion = '9.9'\")\n" + lcUse, [['dev.langchain4j:langchain4j', '1.0']]],
    ['an escaped quote does not end the string', 'build.gradle', "ext.lcVersion = '1.0'\nprintln(\"say \\\" ext.lcVersion = '9.9' \")\n" + lcUse, [['dev.langchain4j:langchain4j', '1.0']]],
    ['comments: line, block, and a Kotlin block comment nested in another', 'build.gradle.kts', 'val lcVersion by extra("1.0")\n// extra["lcVersion"] = "9.9"\n/* outer /* inner */ extra["lcVersion"] = "9.9" */\n' + lcUse, [['dev.langchain4j:langchain4j', '1.0']]],
    ['Kotlin: implementation("g:a:v") and libs.x inside a raw string are no dependency', 'build.gradle.kts', 'val readme = """\n  implementation("com.openai:openai-java:1.0")\n  implementation(libs.openai)\n"""\n', []],
    ["Groovy: a dependency inside a ''' string, a one-line string or a comment is none", 'build.gradle', "def t = '''\n  implementation 'com.openai:openai-java:1.0'\n'''\nprintln \"implementation('com.anthropic:anthropic-java:1.0')\"\n// implementation 'dev.langchain4j:langchain4j:1.0'\n", []],
    ['a template in a raw string, with strings in it, ends where its braces do: the declaration after is read', 'build.gradle.kts', 'val s = """a ${listOf("}", "\\"\\"\\"").size} b"""\nval lcVersion = "1.0"\n' + lcUse, [['dev.langchain4j:langchain4j', '1.0']]],
    ['a one-line string left open ends at its line: the next line is code', 'build.gradle.kts', 'val s = "open\nval lcVersion = "1.0"\n' + lcUse, [['dev.langchain4j:langchain4j', '1.0']]],
  ];
  for (const [label, path, text, want] of GRADLE_TEXT) {
    it(`strings and comments are no build logic: ${label}`, () => {
      assert.deepEqual(readManifest(path, text).deps.map((d) => [d.name, d.version]), want);
    });
  }
  const props = (...lines: string[]) => `${lines.join('\n')}\n`;
  const GRADLE_PROPERTIES: Array<[string, Record<string, string>, Array<[string, string?, string?, string?]>]> = [
    [
      'the gradle.properties beside the build file gives $name and ${name}, Groovy and Kotlin (`by project`), string and map forms',
      {
        'gradle.properties': props('langchain4jVersion=0.35.0', 'openaiVersion: 0.8.0'),
        'build.gradle': uses('implementation "dev.langchain4j:langchain4j-open-ai:$langchain4jVersion"', 'implementation group: "com.openai", name: "openai-java", version: openaiVersion'),
        'app/build.gradle.kts': 'val langchain4jVersion: String by project\n' + uses('implementation("dev.langchain4j:langchain4j:${project.langchain4jVersion}")'),
      },
      [
        ['dev.langchain4j:langchain4j-open-ai', '0.35.0', '0.35.0', 'build.gradle'],
        ['com.openai:openai-java', '0.8.0', '0.8.0', 'build.gradle'],
        ['dev.langchain4j:langchain4j', '0.35.0', '0.35.0', 'app/build.gradle.kts'],
      ],
    ],
    [
      "a subproject's own gradle.properties first, then the root project's; the build file's own assignment before either",
      {
        'gradle.properties': props('lcVersion=0.35.0', 'anthropicVersion=1.0.0', 'openaiVersion=0.8.0'),
        'svc/gradle.properties': props('lcVersion=0.36.0'),
        'svc/build.gradle': "def openaiVersion = '0.9.0'\n" + uses('implementation "dev.langchain4j:langchain4j:$lcVersion"', 'implementation "com.anthropic:anthropic-java:$anthropicVersion"', 'implementation "com.openai:openai-java:$openaiVersion"'),
      },
      [
        ['dev.langchain4j:langchain4j', '0.36.0', '0.36.0', 'svc/build.gradle'],
        ['com.anthropic:anthropic-java', '1.0.0', '1.0.0', 'svc/build.gradle'],
        ['com.openai:openai-java', '0.9.0', '0.9.0', 'svc/build.gradle'],
      ],
    ],
    [
      "decoys: a close name, a sibling folder's file, a credential, a dynamic version",
      {
        'gradle.properties': props('lcVersions=0.35.0', 'token=ghp_notaversion', 'dyn=1.+'),
        'other/gradle.properties': props('lcVersion=0.35.0'),
        'app/build.gradle': uses('implementation "dev.langchain4j:langchain4j:$lcVersion"', 'implementation "com.openai:openai-java:${token}"', 'implementation "com.anthropic:anthropic-java:$dyn"'),
      },
      [
        ['dev.langchain4j:langchain4j', '$lcVersion', undefined, 'app/build.gradle'],
        ['com.openai:openai-java', '${token}', undefined, 'app/build.gradle'],
        ['com.anthropic:anthropic-java', '1.+', undefined, 'app/build.gradle'],
      ],
    ],
  ];
  GRADLE_PROPERTIES.push(
    [
      "a root build file's extra properties (ext { }, ext.x, extra[\"x\"], by extra) reach the subprojects' build files; its val/def names do not; gradle.properties and a nearer build file first",
      {
        'build.gradle': "def local = '9.9.9'\next {\n  lcVersion = '1.0.0'\n  openaiVersion = '0.8.0'\n}\next.anthropicVersion = '2.0.0'\n",
        'app/build.gradle.kts': uses('implementation("dev.langchain4j:langchain4j:${property("lcVersion")}")', 'implementation("com.anthropic:anthropic-java:$anthropicVersion")', 'implementation("com.openai:openai-java:$local")'),
        'svc/gradle.properties': props('lcVersion=1.1.0'),
        'svc/build.gradle': uses('implementation "dev.langchain4j:langchain4j:$lcVersion"'),
        'svc/core/build.gradle.kts': 'val openaiVersion by extra("0.9.0")\n',
        'svc/core/x/build.gradle': uses('implementation "com.openai:openai-java:${rootProject.ext.openaiVersion}"'),
      },
      [
        ['dev.langchain4j:langchain4j', '1.0.0', '1.0.0', 'app/build.gradle.kts'],
        ['com.anthropic:anthropic-java', '2.0.0', '2.0.0', 'app/build.gradle.kts'],
        ['com.openai:openai-java', '$local', undefined, 'app/build.gradle.kts'],
        ['dev.langchain4j:langchain4j', '1.1.0', '1.1.0', 'svc/build.gradle'],
        ['com.openai:openai-java', '0.9.0', '0.9.0', 'svc/core/x/build.gradle'],
      ],
    ],
  );
  for (const [label, files, want] of GRADLE_PROPERTIES) {
    it(`gradle.properties versions: ${label}`, () => {
      assert.deepEqual(resolveTree(files).map((d) => [d.name, d.range, d.version, d.path]), want);
    });
  }
  const GRADLE_LOCKFILES: Array<[string, string, string, Array<[string, string?, string?, number?, string?]>]> = [
    [
      'gradle.lockfile: the configurations give the scope (a main classpath: runtime; only test ones: test; only tools: build); a # comment and empty= are none',
      'app/gradle.lockfile',
      LOCK_HEADER +
        '# com.openai:openai-java:0.1.0=runtimeClasspath\n' +
        'com.openai:openai-java:0.8.0=compileClasspath,runtimeClasspath,testCompileClasspath,testRuntimeClasspath\n' +
        'com.anthropic:anthropic-java:1.0.0=testCompileClasspath,testRuntimeClasspath\n' +
        'dev.langchain4j:langchain4j:0.35.0=debugUnitTestRuntimeClasspath,integrationTestCompileClasspath,testFixturesRuntimeClasspath\n' +
        'dev.langchain4j:langchain4j-open-ai:0.35.0=releaseRuntimeClasspath\n' +
        'com.google.genai:google-genai:1.0.0=annotationProcessor,kotlinCompilerClasspath,testAnnotationProcessor\n' +
        'empty=annotationProcessor,testAnnotationProcessor\n',
      [
        ['com.openai:openai-java', '0.8.0', 'runtime', 5, undefined],
        ['com.anthropic:anthropic-java', '1.0.0', 'test', 6, undefined],
        ['dev.langchain4j:langchain4j', '0.35.0', 'test', 7, undefined],
        ['dev.langchain4j:langchain4j-open-ai', '0.35.0', 'runtime', 8, undefined],
        ['com.google.genai:google-genai', '1.0.0', 'build', 9, undefined],
      ],
    ],
    [
      "buildscript-gradle.lockfile: the build script's classpath, build",
      'buildscript-gradle.lockfile',
      LOCK_HEADER + 'com.openai:openai-java:0.8.0=classpath\nempty=\n',
      [['com.openai:openai-java', '0.8.0', 'build', 4, undefined]],
    ],
    [
      "legacy gradle/dependency-locks/<configuration>.lockfile: lines without =, the file's configuration gives the scope, the project is the folder above gradle/",
      'svc/gradle/dependency-locks/testRuntimeClasspath.lockfile',
      '# This is a Gradle generated file for dependency locking.\ncom.openai:openai-java:0.8.0\n',
      [['com.openai:openai-java', '0.8.0', 'test', 2, 'svc']],
    ],
    ['legacy buildscript-classpath.lockfile: build', 'gradle/dependency-locks/buildscript-classpath.lockfile', 'com.openai:openai-java:0.8.0\n', [['com.openai:openai-java', '0.8.0', 'build', 1, '']]],
    [
      "settings-gradle.lockfile (Gradle 6.8+): the settings script's classpath, build",
      'settings-gradle.lockfile',
      LOCK_HEADER + 'com.openai:openai-java:0.8.0=classpath\nempty=\n',
      [['com.openai:openai-java', '0.8.0', 'build', 4, undefined]],
    ],
    [
      "settings-gradle.lockfile as Gradle writes it: the settings classpath (a settings plugin's marker and jar) read; entries locked only for incomingCatalogFor<Name>0 are published version catalogs (from(\"g:a:v\")), no library; empty=incomingCatalogForLibs0 is none",
      'settings-gradle.lockfile',
      lockOf(
        'com.gradle.enterprise:com.gradle.enterprise.gradle.plugin:3.6=classpath',
        'com.gradle:gradle-enterprise-gradle-plugin:3.6=classpath',
        'dev.elide:elide-bom:1.0.0-alpha8=incomingCatalogForFramework0',
        'io.micronaut.platform:micronaut-platform:4.4.0=incomingCatalogForMn0',
        'com.openai:openai-java:0.8.0=classpath,incomingCatalogForLibs0',
        'empty=incomingCatalogForLibs0',
      ),
      [
        ['com.gradle.enterprise:com.gradle.enterprise.gradle.plugin', '3.6', 'build', 4, undefined],
        ['com.gradle:gradle-enterprise-gradle-plugin', '3.6', 'build', 5, undefined],
        ['com.openai:openai-java', '0.8.0', 'build', 8, undefined],
      ],
    ],
  ];
  for (const [label, path, text, want] of GRADLE_LOCKFILES) {
    it(`Gradle lockfile: ${label}`, () => {
      const r = readManifest(path, text);
      noWarnings(r);
      assert.deepEqual(r.deps.map((d) => [d.name, d.version, d.scope, d.line, d.importer]), want);
      assert.ok(r.deps.every((d) => d.lockfile === path && d.ecosystem === 'maven' && d.range === undefined));
      assert.equal(isManifest(path), true);
    });
  }
  it('Gradle lockfile decoys: other .lockfile names are none; malformed and truncated lines are skipped with a warning naming the line', () => {
    for (const p of ['x.lockfile', 'gradle/x.lockfile', 'dependency-locks/x.lockfile', 'gradle/dependency-locks/sub/x.lockfile', 'gradle.lockfile.bak', 'settings.lockfile', 'settings-gradle.lockfile.orig']) assert.equal(isManifest(p), false, p);
    const r = readManifest('gradle.lockfile', 'com.openai:openai-java=runtimeClasspath\ncom.openai:openai-java:0.8.0:extra=runtimeClasspath\n: :1.0=runtimeClasspath\ncom.openai:openai-java:0.8.0=\ncom.openai:openai-java:0.8.0\ncom.anthropic:anthropic-java:1.0.0=runtimeClasspath\ncom.google.genai:google-genai:1.0.0=runtimeClassp');
    assert.deepEqual(r.warnings, ['line 1: not group:artifact:version', 'line 2: not group:artifact:version', 'line 3: not group:artifact:version', 'line 4: no configuration', 'line 5: no configuration']);
    assert.deepEqual(r.deps.map((d) => [d.name, d.version, d.scope, d.line]), [['com.anthropic:anthropic-java', '1.0.0', 'runtime', 6], ['com.google.genai:google-genai', '1.0.0', 'build', 7]]);
    const cut = readManifest('gradle.lockfile', 'com.openai:openai-java:0.8.0=runtimeClasspath\ncom.anthro');
    assert.deepEqual(cut.warnings, ['line 2: not group:artifact:version']);
    assert.deepEqual(cut.deps.map((d) => d.name), ['com.openai:openai-java']);
  });
  it('Gradle lockfile: 3 MB of hostile lines are read in linear time, warnings bounded', () => {
    for (const unit of ['a:b:c=d\n', '::::::::', ',,,,,,,,', 'a:b:c=' + ',x'.repeat(50) + '\n', '=\n=\n', '# x\n', 'a:b\n']) {
      const text = unit.repeat(Math.ceil(3_000_000 / unit.length));
      const t = performance.now();
      const r = readManifest('gradle.lockfile', text);
      assert.ok(performance.now() - t < 3000, `${JSON.stringify(unit)}: ${Math.round(performance.now() - t)} ms`);
      assert.ok(r.warnings.length <= 101, unit);
    }
  });
  const GRADLE_LOCKS: Array<[string, Record<string, string>, Array<[string, string?, string?, string?, string?, number?, string?]>]> = [
    [
      "the project's gradle.lockfile gives a dynamic or range version (1.+, latest.release, [1.0,2.0)) and one a platform/BOM manages its exact version; the declared range and scope stay",
      {
        'app/build.gradle.kts': uses('implementation(platform("dev.langchain4j:langchain4j-bom:0.35.0"))', 'implementation("dev.langchain4j:langchain4j-open-ai")', 'implementation("com.openai:openai-java:0.+")', 'testImplementation("com.anthropic:anthropic-java:latest.release")', 'implementation("com.google.genai:google-genai:[1.0,2.0)")'),
        'app/gradle.lockfile': lockOf(
          'com.anthropic:anthropic-java:1.2.0=testCompileClasspath,testRuntimeClasspath',
          'com.google.genai:google-genai:1.5.0=compileClasspath,runtimeClasspath',
          'com.openai:openai-java:0.8.1=compileClasspath,runtimeClasspath',
          'dev.langchain4j:langchain4j-bom:0.35.0=compileClasspath,runtimeClasspath',
          'dev.langchain4j:langchain4j-open-ai:0.35.0=compileClasspath,runtimeClasspath',
          'empty=annotationProcessor',
        ),
      },
      [
        ['dev.langchain4j:langchain4j-bom', '0.35.0', '0.35.0', 'runtime', 'app/build.gradle.kts', 2, 'app/gradle.lockfile'],
        ['dev.langchain4j:langchain4j-open-ai', undefined, '0.35.0', 'runtime', 'app/build.gradle.kts', 3, 'app/gradle.lockfile'],
        ['com.openai:openai-java', '0.+', '0.8.1', 'runtime', 'app/build.gradle.kts', 4, 'app/gradle.lockfile'],
        ['com.anthropic:anthropic-java', 'latest.release', '1.2.0', 'test', 'app/build.gradle.kts', 5, 'app/gradle.lockfile'],
        ['com.google.genai:google-genai', '[1.0,2.0)', '1.5.0', 'runtime', 'app/build.gradle.kts', 6, 'app/gradle.lockfile'],
      ],
    ],
    [
      'a locked artifact no build file declares stays, as a transitive entry of the lockfile with its scope; a buildscript classpath declaration takes buildscript-gradle.lockfile',
      {
        'build.gradle': "buildscript {\n  dependencies {\n    classpath 'com.openai:openai-java:0.+'\n  }\n}\n",
        'buildscript-gradle.lockfile': lockOf('com.openai:openai-java:0.8.1=classpath'),
        'gradle.lockfile': lockOf('dev.langchain4j:langchain4j-core:0.35.0=runtimeClasspath', 'dev.langchain4j:langchain4j-test:0.35.0=testRuntimeClasspath'),
      },
      [
        ['com.openai:openai-java', '0.+', '0.8.1', 'build', 'build.gradle', 3, 'buildscript-gradle.lockfile'],
        ['dev.langchain4j:langchain4j-core', undefined, '0.35.0', 'runtime', 'gradle.lockfile', 4, 'gradle.lockfile'],
        ['dev.langchain4j:langchain4j-test', undefined, '0.35.0', 'test', 'gradle.lockfile', 5, 'gradle.lockfile'],
      ],
    ],
    [
      "a catalog entry without a version takes the lockfile of the project whose build file names it; a legacy gradle/dependency-locks file resolves the project above its gradle/ folder",
      {
        'gradle/libs.versions.toml': '[libraries]\nopenai = { module = "com.openai:openai-java" }\n',
        'build.gradle.kts': uses('implementation(libs.openai)', 'testImplementation("com.anthropic:anthropic-java:1.+")'),
        'gradle/dependency-locks/compileClasspath.lockfile': 'com.openai:openai-java:0.8.1\n',
        'gradle/dependency-locks/testRuntimeClasspath.lockfile': 'com.anthropic:anthropic-java:1.2.0\ncom.openai:openai-java:0.8.1\n',
      },
      [
        ['com.openai:openai-java', undefined, '0.8.1', 'runtime', 'build.gradle.kts', 2, 'gradle/dependency-locks/compileClasspath.lockfile'],
        ['com.anthropic:anthropic-java', '1.+', '1.2.0', 'test', 'build.gradle.kts', 3, 'gradle/dependency-locks/testRuntimeClasspath.lockfile'],
      ],
    ],
    [
      "decoys: another project's lockfile gives no version (a sibling's, the root's to a subproject); a lockfile in a folder with no build file (a project configured from the root) only lists its entries",
      {
        'build.gradle': uses("implementation 'com.openai:openai-java:0.+'"),
        'lib/build.gradle': uses("implementation 'com.anthropic:anthropic-java:1.+'"),
        'gradle.lockfile': lockOf('com.anthropic:anthropic-java:1.2.0=runtimeClasspath'),
        'app/gradle.lockfile': lockOf('com.openai:openai-java:0.8.1=runtimeClasspath'),
      },
      [
        ['com.openai:openai-java', '0.+', undefined, 'runtime', 'build.gradle', 2, undefined],
        ['com.anthropic:anthropic-java', '1.+', undefined, 'runtime', 'lib/build.gradle', 2, undefined],
        ['com.anthropic:anthropic-java', undefined, '1.2.0', 'runtime', 'gradle.lockfile', 4, 'gradle.lockfile'],
        ['com.openai:openai-java', undefined, '0.8.1', 'runtime', 'app/gradle.lockfile', 4, 'app/gradle.lockfile'],
      ],
    ],
    [
      "a build script classpath declaration takes buildscript-gradle.lockfile's version first; a project declaration never takes it (its own lockfile's, else none); the build script's other entries stay, build",
      {
        'build.gradle': "buildscript {\n  dependencies {\n    classpath 'com.openai:openai-java:0.+'\n  }\n}\n" + uses("implementation 'com.anthropic:anthropic-java:1.+'", "implementation 'dev.langchain4j:langchain4j:0.+'"),
        'buildscript-gradle.lockfile': lockOf('com.anthropic:anthropic-java:9.9.9=classpath', 'com.openai:openai-java:0.8.1=classpath', 'dev.langchain4j:langchain4j:0.30.0=classpath'),
        'gradle.lockfile': lockOf('com.anthropic:anthropic-java:1.2.0=runtimeClasspath'),
      },
      [
        ['com.openai:openai-java', '0.+', '0.8.1', 'build', 'build.gradle', 3, 'buildscript-gradle.lockfile'],
        ['com.anthropic:anthropic-java', '1.+', '1.2.0', 'runtime', 'build.gradle', 7, 'gradle.lockfile'],
        ['dev.langchain4j:langchain4j', '0.+', undefined, 'runtime', 'build.gradle', 8, undefined],
        ['com.anthropic:anthropic-java', undefined, '9.9.9', 'build', 'buildscript-gradle.lockfile', 4, 'buildscript-gradle.lockfile'],
        ['dev.langchain4j:langchain4j', undefined, '0.30.0', 'build', 'buildscript-gradle.lockfile', 6, 'buildscript-gradle.lockfile'],
      ],
    ],
    [
      "a build script classpath declaration takes nothing from the project's gradle.lockfile: its entry of the same artifact stays locked but not declared, as any lockfile-only entry",
      {
        'build.gradle.kts': 'buildscript {\n  dependencies {\n    classpath("dev.langchain4j:langchain4j-open-ai:0.35.0")\n  }\n}\n',
        'buildscript-gradle.lockfile': lockOf('dev.langchain4j:langchain4j-open-ai:0.35.0=classpath'),
        'gradle.lockfile': lockOf('dev.langchain4j:langchain4j-open-ai:0.35.0=compileClasspath,runtimeClasspath'),
      },
      [
        ['dev.langchain4j:langchain4j-open-ai', '0.35.0', '0.35.0', 'build', 'build.gradle.kts', 3, 'buildscript-gradle.lockfile'],
        ['dev.langchain4j:langchain4j-open-ai', undefined, '0.35.0', 'runtime', 'gradle.lockfile', 4, 'gradle.lockfile'],
      ],
    ],
    [
      "a classpath declaration its buildscript-gradle.lockfile does not list gets no version from gradle.lockfile (which keeps its entry); a compileOnly or annotationProcessor one (scope build too) is the project's: gradle.lockfile's, never the build script's",
      {
        'build.gradle': "buildscript {\n  dependencies {\n    classpath 'com.openai:openai-java:0.+'\n  }\n}\n" + uses("compileOnly 'com.anthropic:anthropic-java:1.+'", "annotationProcessor 'dev.langchain4j:langchain4j:0.+'"),
        'buildscript-gradle.lockfile': lockOf('com.anthropic:anthropic-java:9.9.9=classpath', 'dev.langchain4j:langchain4j:9.9.9=classpath'),
        'gradle.lockfile': lockOf('com.anthropic:anthropic-java:1.2.0=compileClasspath', 'com.openai:openai-java:0.8.1=runtimeClasspath', 'dev.langchain4j:langchain4j:0.30.0=annotationProcessor'),
      },
      [
        ['com.openai:openai-java', '0.+', undefined, 'build', 'build.gradle', 3, undefined],
        ['com.anthropic:anthropic-java', '1.+', '1.2.0', 'build', 'build.gradle', 7, 'gradle.lockfile'],
        ['dev.langchain4j:langchain4j', '0.+', '0.30.0', 'build', 'build.gradle', 8, 'gradle.lockfile'],
        ['com.anthropic:anthropic-java', undefined, '9.9.9', 'build', 'buildscript-gradle.lockfile', 4, 'buildscript-gradle.lockfile'],
        ['dev.langchain4j:langchain4j', undefined, '9.9.9', 'build', 'buildscript-gradle.lockfile', 5, 'buildscript-gradle.lockfile'],
        ['com.openai:openai-java', undefined, '0.8.1', 'runtime', 'gradle.lockfile', 5, 'gradle.lockfile'],
      ],
    ],
    [
      "a buildSrc convention plugin's declarations are resolved by the lockfile of each project that applies its id (plugins { id(\"…\") }), at the plugin file's line; a project that does not apply it, or applies a plugin of a similar id, gives nothing and keeps its entry",
      {
        'buildSrc/build.gradle.kts': 'plugins {\n  `kotlin-dsl`\n}\n',
        'buildSrc/src/main/kotlin/acme.ai-conventions.gradle.kts': 'plugins {\n  java\n}\n' + uses('implementation("dev.langchain4j:langchain4j-open-ai:0.+")'),
        'app/build.gradle.kts': 'plugins {\n  id("acme.ai-conventions")\n}\n',
        'app/gradle.lockfile': lockOf('dev.langchain4j:langchain4j-open-ai:0.35.0=compileClasspath,runtimeClasspath'),
        'lib/build.gradle.kts': 'plugins {\n  id("acme.ai-conventions-extra")\n  id("acme.ai")\n}\n',
        'lib/gradle.lockfile': lockOf('dev.langchain4j:langchain4j-open-ai:0.36.0=runtimeClasspath'),
        'buildSrc/gradle.lockfile': lockOf('dev.langchain4j:langchain4j-open-ai:0.37.0=runtimeClasspath'),
      },
      [
        ['dev.langchain4j:langchain4j-open-ai', '0.+', '0.35.0', 'runtime', 'buildSrc/src/main/kotlin/acme.ai-conventions.gradle.kts', 5, 'app/gradle.lockfile'],
        ['dev.langchain4j:langchain4j-open-ai', undefined, '0.36.0', 'runtime', 'lib/gradle.lockfile', 4, 'lib/gradle.lockfile'],
        ['dev.langchain4j:langchain4j-open-ai', undefined, '0.37.0', 'runtime', 'buildSrc/gradle.lockfile', 4, 'buildSrc/gradle.lockfile'],
      ],
    ],
    [
      "an included build's plugin (includeBuild(\"build-logic\") in pluginManagement), with a package: id package.name, Groovy id '…' and apply plugin: too; projects locking other versions give one declaration each; through another convention plugin that applies it",
      {
        'settings.gradle.kts': 'pluginManagement {\n  includeBuild("build-logic")\n}\ninclude(":app", ":svc", ":web")\n',
        'build-logic/settings.gradle.kts': 'include(":convention")\n',
        'build-logic/convention/src/main/kotlin/ai.gradle.kts': 'package com.acme.build\n\n' + uses('implementation("com.openai:openai-java:0.+")'),
        'build-logic/convention/src/main/kotlin/service.gradle.kts': 'plugins {\n  id("com.acme.build.ai")\n}\n',
        'app/build.gradle': "plugins {\n  id 'com.acme.build.ai'\n}\n",
        'app/gradle.lockfile': lockOf('com.openai:openai-java:0.8.0=runtimeClasspath'),
        'svc/build.gradle': "apply plugin: 'service'\n",
        'svc/gradle.lockfile': lockOf('com.openai:openai-java:0.9.0=runtimeClasspath'),
        'web/build.gradle.kts': 'plugins {\n  id("ai")\n}\n',
        'web/gradle.lockfile': lockOf('com.openai:openai-java:0.7.0=runtimeClasspath'),
      },
      [
        ['com.openai:openai-java', '0.+', '0.8.0', 'runtime', 'build-logic/convention/src/main/kotlin/ai.gradle.kts', 4, 'app/gradle.lockfile'],
        ['com.openai:openai-java', '0.+', '0.9.0', 'runtime', 'build-logic/convention/src/main/kotlin/ai.gradle.kts', 4, 'svc/gradle.lockfile'],
        ['com.openai:openai-java', undefined, '0.7.0', 'runtime', 'web/gradle.lockfile', 4, 'web/gradle.lockfile'],
      ],
    ],
    [
      "decoys: a plugin of a build no settings file includes (or of another build's buildSrc) serves nobody; an id in a string or comment is no application",
      {
        'tools/src/main/kotlin/ai.gradle.kts': uses('implementation("com.openai:openai-java:0.+")'),
        'other/buildSrc/src/main/kotlin/llm.gradle.kts': uses('implementation("com.anthropic:anthropic-java:1.+")'),
        'app/build.gradle.kts': 'plugins {\n  id("ai")\n  id("llm")\n}\n',
        'app/gradle.lockfile': lockOf('com.anthropic:anthropic-java:1.2.0=runtimeClasspath', 'com.openai:openai-java:0.8.0=runtimeClasspath'),
        'other/app/build.gradle.kts': 'plugins {\n  // id("llm")\n}\nval s = "id(\\"llm\\")"\n',
        'other/app/gradle.lockfile': lockOf('com.anthropic:anthropic-java:1.3.0=runtimeClasspath'),
      },
      [
        ['com.openai:openai-java', '0.+', undefined, 'runtime', 'tools/src/main/kotlin/ai.gradle.kts', 2, undefined],
        ['com.anthropic:anthropic-java', '1.+', undefined, 'runtime', 'other/buildSrc/src/main/kotlin/llm.gradle.kts', 2, undefined],
        ['com.anthropic:anthropic-java', undefined, '1.2.0', 'runtime', 'app/gradle.lockfile', 4, 'app/gradle.lockfile'],
        ['com.openai:openai-java', undefined, '0.8.0', 'runtime', 'app/gradle.lockfile', 5, 'app/gradle.lockfile'],
        ['com.anthropic:anthropic-java', undefined, '1.3.0', 'runtime', 'other/app/gradle.lockfile', 4, 'other/app/gradle.lockfile'],
      ],
    ],
    [
      "a root build file that applies a convention plugin in subprojects { } gives it to the projects below with a lockfile (a build file or none), not to itself; allprojects { } to both; an id in a block's string is none",
      {
        'buildSrc/src/main/kotlin/ai.gradle.kts': uses('implementation("com.openai:openai-java:0.+")'),
        'buildSrc/src/main/kotlin/llm.gradle.kts': uses('implementation("com.anthropic:anthropic-java:1.+")'),
        'build.gradle.kts': 'subprojects {\n  if (name != "x") { apply(plugin = "ai") }\n  val s = "apply(plugin = \\"llm\\") }"\n}\n',
        'gradle.lockfile': lockOf('com.openai:openai-java:0.7.0=runtimeClasspath'),
        'app/gradle.lockfile': lockOf('com.openai:openai-java:0.8.0=runtimeClasspath'),
        'lib/build.gradle.kts': 'plugins { java }\n',
        'lib/gradle.lockfile': lockOf('com.anthropic:anthropic-java:1.2.0=runtimeClasspath', 'com.openai:openai-java:0.8.1=runtimeClasspath'),
        'buildSrc/gradle.lockfile': lockOf('com.openai:openai-java:0.6.0=runtimeClasspath'),
        'x/build.gradle': "allprojects {\n  apply plugin: 'llm'\n}\n",
        'x/gradle.lockfile': lockOf('com.anthropic:anthropic-java:1.3.0=runtimeClasspath'),
        'x/y/gradle.lockfile': lockOf('com.anthropic:anthropic-java:1.4.0=runtimeClasspath'),
      },
      [
        ['com.openai:openai-java', '0.+', '0.8.0', 'runtime', 'buildSrc/src/main/kotlin/ai.gradle.kts', 2, 'app/gradle.lockfile'],
        ['com.openai:openai-java', '0.+', '0.8.1', 'runtime', 'buildSrc/src/main/kotlin/ai.gradle.kts', 2, 'lib/gradle.lockfile'],
        ['com.anthropic:anthropic-java', '1.+', '1.3.0', 'runtime', 'buildSrc/src/main/kotlin/llm.gradle.kts', 2, 'x/gradle.lockfile'],
        ['com.anthropic:anthropic-java', '1.+', '1.4.0', 'runtime', 'buildSrc/src/main/kotlin/llm.gradle.kts', 2, 'x/y/gradle.lockfile'],
        ['com.openai:openai-java', undefined, '0.7.0', 'runtime', 'gradle.lockfile', 4, 'gradle.lockfile'],
        ['com.anthropic:anthropic-java', undefined, '1.2.0', 'runtime', 'lib/gradle.lockfile', 4, 'lib/gradle.lockfile'],
        ['com.openai:openai-java', undefined, '0.6.0', 'runtime', 'buildSrc/gradle.lockfile', 4, 'buildSrc/gradle.lockfile'],
      ],
    ],
    [
      "a buildSrc plugin applied through Kotlin accessors (``acme.`ai-conventions` ``) is applied; decoys: `` `acme.ai-conventions` `` (no Kotlin name), the accessor outside a plugins block, and `` `java-library` ``, a core plugin, which a precompiled plugin of that name never is",
      {
        'buildSrc/src/main/kotlin/acme.ai-conventions.gradle.kts': uses('implementation("com.openai:openai-java:0.+")'),
        'buildSrc/src/main/kotlin/java-library.gradle.kts': uses('implementation("com.anthropic:anthropic-java:1.+")'),
        'app/build.gradle.kts': 'plugins {\n  `java-library`\n  acme.`ai-conventions`\n}\n',
        'app/gradle.lockfile': lockOf('com.anthropic:anthropic-java:1.2.0=runtimeClasspath', 'com.openai:openai-java:0.8.0=runtimeClasspath'),
        'lib/build.gradle.kts': 'plugins {\n  java\n}\nval id = acme.`ai-conventions`\n',
        'lib/gradle.lockfile': lockOf('com.openai:openai-java:0.9.0=runtimeClasspath'),
        'svc/build.gradle.kts': 'plugins {\n  `acme.ai-conventions`\n}\n',
        'svc/gradle.lockfile': lockOf('com.openai:openai-java:0.7.0=runtimeClasspath'),
      },
      [
        ['com.openai:openai-java', '0.+', '0.8.0', 'runtime', 'buildSrc/src/main/kotlin/acme.ai-conventions.gradle.kts', 2, 'app/gradle.lockfile'],
        ['com.anthropic:anthropic-java', '1.+', undefined, 'runtime', 'buildSrc/src/main/kotlin/java-library.gradle.kts', 2, undefined],
        ['com.anthropic:anthropic-java', undefined, '1.2.0', 'runtime', 'app/gradle.lockfile', 4, 'app/gradle.lockfile'],
        ['com.openai:openai-java', undefined, '0.9.0', 'runtime', 'lib/gradle.lockfile', 4, 'lib/gradle.lockfile'],
        ['com.openai:openai-java', undefined, '0.7.0', 'runtime', 'svc/gradle.lockfile', 4, 'svc/gradle.lockfile'],
      ],
    ],
    [
      "a folder with its own settings file is a separate build: a nested build below buildSrc (its own buildSrc plugin of the same id), and tools/ below the root, take none of the root build's plugins (buildSrc, included build-logic, subprojects { }), nor the root build theirs",
      {
        'settings.gradle.kts': 'pluginManagement { includeBuild("build-logic") }\ninclude(":app", ":web", ":lib")\n',
        'buildSrc/src/main/kotlin/acme.ai-conventions.gradle.kts': uses('implementation("com.openai:openai-java:0.+")'),
        'buildSrc/src/main/kotlin/llm.gradle.kts': uses('implementation("com.google.genai:google-genai:1.+")'),
        'buildSrc/nested/settings.gradle.kts': 'include(":app")\n',
        'buildSrc/nested/buildSrc/src/main/kotlin/acme.ai-conventions.gradle.kts': uses('implementation("com.anthropic:anthropic-java:1.+")'),
        'buildSrc/nested/app/build.gradle.kts': 'plugins {\n  id("acme.ai-conventions")\n}\n',
        'buildSrc/nested/app/gradle.lockfile': lockOf('com.anthropic:anthropic-java:1.5.0=runtimeClasspath', 'com.openai:openai-java:0.5.0=runtimeClasspath'),
        'build-logic/src/main/kotlin/rag.gradle.kts': uses('implementation("dev.langchain4j:langchain4j:0.+")'),
        'build.gradle.kts': 'subprojects {\n  apply(plugin = "llm")\n}\n',
        'app/build.gradle.kts': 'plugins {\n  id("acme.ai-conventions")\n}\n',
        'app/gradle.lockfile': lockOf('com.anthropic:anthropic-java:1.2.0=runtimeClasspath', 'com.openai:openai-java:0.8.0=runtimeClasspath'),
        'web/build.gradle.kts': 'plugins {\n  id("rag")\n}\n',
        'web/gradle.lockfile': lockOf('dev.langchain4j:langchain4j:0.35.0=runtimeClasspath'),
        'lib/gradle.lockfile': lockOf('com.google.genai:google-genai:1.0.0=runtimeClasspath'),
        'tools/settings.gradle': "rootProject.name = 'tools'\n",
        'tools/svc/build.gradle': "plugins {\n  id 'acme.ai-conventions'\n  id 'rag'\n}\n",
        'tools/svc/gradle.lockfile': lockOf('com.openai:openai-java:0.9.0=runtimeClasspath', 'dev.langchain4j:langchain4j:0.36.0=runtimeClasspath'),
        'tools/x/gradle.lockfile': lockOf('com.google.genai:google-genai:1.1.0=runtimeClasspath'),
      },
      [
        ['com.openai:openai-java', '0.+', '0.8.0', 'runtime', 'buildSrc/src/main/kotlin/acme.ai-conventions.gradle.kts', 2, 'app/gradle.lockfile'],
        ['com.google.genai:google-genai', '1.+', '1.0.0', 'runtime', 'buildSrc/src/main/kotlin/llm.gradle.kts', 2, 'lib/gradle.lockfile'],
        ['com.anthropic:anthropic-java', '1.+', '1.5.0', 'runtime', 'buildSrc/nested/buildSrc/src/main/kotlin/acme.ai-conventions.gradle.kts', 2, 'buildSrc/nested/app/gradle.lockfile'],
        ['com.openai:openai-java', undefined, '0.5.0', 'runtime', 'buildSrc/nested/app/gradle.lockfile', 5, 'buildSrc/nested/app/gradle.lockfile'],
        ['dev.langchain4j:langchain4j', '0.+', '0.35.0', 'runtime', 'build-logic/src/main/kotlin/rag.gradle.kts', 2, 'web/gradle.lockfile'],
        ['com.anthropic:anthropic-java', undefined, '1.2.0', 'runtime', 'app/gradle.lockfile', 4, 'app/gradle.lockfile'],
        ['com.openai:openai-java', undefined, '0.9.0', 'runtime', 'tools/svc/gradle.lockfile', 4, 'tools/svc/gradle.lockfile'],
        ['dev.langchain4j:langchain4j', undefined, '0.36.0', 'runtime', 'tools/svc/gradle.lockfile', 5, 'tools/svc/gradle.lockfile'],
        ['com.google.genai:google-genai', undefined, '1.1.0', 'runtime', 'tools/x/gradle.lockfile', 4, 'tools/x/gradle.lockfile'],
      ],
    ],
    [
      "a folder with its own settings file that the settings file of the build around it includes as a project (include(\":tools\"), a list over lines, Groovy include 'x') is that build's project; one no settings includes (or only in a comment or string) is a separate build",
      {
        'settings.gradle.kts': 'include(\n  ":app",\n  ":tools"\n)\n// include(":other")\nval s = "include(\\":other\\")"\n',
        'buildSrc/src/main/kotlin/ai.gradle.kts': uses('implementation("com.openai:openai-java:0.+")'),
        'tools/settings.gradle.kts': 'rootProject.name = "tools"\n',
        'tools/build.gradle.kts': 'plugins {\n  id("ai")\n}\n',
        'tools/gradle.lockfile': lockOf('com.openai:openai-java:0.8.0=runtimeClasspath'),
        'other/settings.gradle': "include 'x', 'y:z'\n",
        'other/buildSrc/src/main/kotlin/ai.gradle.kts': uses('implementation("com.anthropic:anthropic-java:1.+")'),
        'other/build.gradle': "plugins {\n  id 'ai'\n}\n",
        'other/gradle.lockfile': lockOf('com.anthropic:anthropic-java:1.2.0=runtimeClasspath', 'com.openai:openai-java:0.9.0=runtimeClasspath'),
        'other/x/settings.gradle.kts': 'rootProject.name = "x"\n',
        'other/x/build.gradle.kts': 'plugins {\n  id("ai")\n}\n',
        'other/x/gradle.lockfile': lockOf('com.anthropic:anthropic-java:1.3.0=runtimeClasspath'),
      },
      [
        ['com.openai:openai-java', '0.+', '0.8.0', 'runtime', 'buildSrc/src/main/kotlin/ai.gradle.kts', 2, 'tools/gradle.lockfile'],
        ['com.anthropic:anthropic-java', '1.+', '1.2.0', 'runtime', 'other/buildSrc/src/main/kotlin/ai.gradle.kts', 2, 'other/gradle.lockfile'],
        ['com.anthropic:anthropic-java', '1.+', '1.3.0', 'runtime', 'other/buildSrc/src/main/kotlin/ai.gradle.kts', 2, 'other/x/gradle.lockfile'],
        ['com.openai:openai-java', undefined, '0.9.0', 'runtime', 'other/gradle.lockfile', 5, 'other/gradle.lockfile'],
      ],
    ],
    [
      "settings-gradle.lockfile resolves the settings script's classpath declarations only: a project's or a build script's declaration of the same artifact never takes it, nor a settings declaration theirs; its other entries stay, build",
      {
        'settings.gradle.kts': 'buildscript {\n  dependencies {\n    classpath("com.openai:openai-java:0.+")\n    classpath("dev.langchain4j:langchain4j:0.+")\n  }\n}\n',
        'settings-gradle.lockfile': lockOf('com.anthropic:anthropic-java:9.9.9=classpath', 'com.openai:openai-java:0.8.1=classpath'),
        'build.gradle.kts': 'buildscript {\n  dependencies {\n    classpath("com.anthropic:anthropic-java:1.+")\n  }\n}\n' + uses('implementation("com.openai:openai-java:0.+")'),
        'buildscript-gradle.lockfile': lockOf('dev.langchain4j:langchain4j:0.30.0=classpath'),
        'gradle.lockfile': lockOf('dev.langchain4j:langchain4j:0.31.0=runtimeClasspath'),
      },
      [
        ['com.openai:openai-java', '0.+', '0.8.1', 'build', 'settings.gradle.kts', 3, 'settings-gradle.lockfile'],
        ['dev.langchain4j:langchain4j', '0.+', undefined, 'build', 'settings.gradle.kts', 4, undefined],
        ['com.anthropic:anthropic-java', undefined, '9.9.9', 'build', 'settings-gradle.lockfile', 4, 'settings-gradle.lockfile'],
        ['com.anthropic:anthropic-java', '1.+', undefined, 'build', 'build.gradle.kts', 3, undefined],
        ['com.openai:openai-java', '0.+', undefined, 'runtime', 'build.gradle.kts', 7, undefined],
        ['dev.langchain4j:langchain4j', undefined, '0.30.0', 'build', 'buildscript-gradle.lockfile', 4, 'buildscript-gradle.lockfile'],
        ['dev.langchain4j:langchain4j', undefined, '0.31.0', 'runtime', 'gradle.lockfile', 4, 'gradle.lockfile'],
      ],
    ],
    [
      "a project a settings file moves out of its folder (Groovy projectDir = new File(settingsDir, '../app')) is that build's, a settings file of its own notwithstanding: its buildSrc plugins, one applied in the root build file's subprojects { } too, land in the project's lockfile",
      {
        'root/settings.gradle': "include ':app'\nproject(':app').projectDir = new File(settingsDir, '../app')\n",
        'root/build.gradle': "subprojects {\n  apply plugin: 'llm'\n}\n",
        'root/buildSrc/src/main/kotlin/ai.gradle.kts': uses('implementation("com.openai:openai-java:0.+")'),
        'root/buildSrc/src/main/kotlin/llm.gradle.kts': uses('implementation("com.anthropic:anthropic-java:1.+")'),
        'app/settings.gradle': "rootProject.name = 'app'\n",
        'app/build.gradle': "plugins {\n  id 'ai'\n}\n",
        'app/gradle.lockfile': lockOf('com.anthropic:anthropic-java:1.2.0=runtimeClasspath', 'com.openai:openai-java:0.8.0=runtimeClasspath'),
      },
      [
        ['com.openai:openai-java', '0.+', '0.8.0', 'runtime', 'root/buildSrc/src/main/kotlin/ai.gradle.kts', 2, 'app/gradle.lockfile'],
        ['com.anthropic:anthropic-java', '1.+', '1.2.0', 'runtime', 'root/buildSrc/src/main/kotlin/llm.gradle.kts', 2, 'app/gradle.lockfile'],
      ],
    ],
    [
      "includeFlat(\"svc\") makes the sibling folder a project of the build: its catalog accessors and $versions come from the build's folder (libs.versions.toml, gradle.properties); decoy: includeFlat in a string names no project",
      {
        'main/settings.gradle.kts': 'includeFlat("svc")\nval s = "includeFlat(\\"other\\")"\n',
        'main/gradle/libs.versions.toml': '[libraries]\nopenai = "com.openai:openai-java:0.8.0"\n',
        'main/gradle.properties': 'lcVersion=0.35.0\n',
        'svc/build.gradle.kts': uses('implementation(libs.openai)', 'implementation("dev.langchain4j:langchain4j:$lcVersion")'),
        'other/build.gradle.kts': uses('implementation(libs.openai)', 'implementation("dev.langchain4j:langchain4j:$lcVersion")'),
      },
      [
        ['com.openai:openai-java', '0.8.0', '0.8.0', 'runtime', 'svc/build.gradle.kts', 2, undefined],
        ['dev.langchain4j:langchain4j', '0.35.0', '0.35.0', 'runtime', 'svc/build.gradle.kts', 3, undefined],
        ['dev.langchain4j:langchain4j', '$lcVersion', undefined, 'runtime', 'other/build.gradle.kts', 3, undefined],
      ],
    ],
    [
      'a project moved away (Kotlin projectDir = file("modules/tools")): its new folder, with a settings file of its own, is the build\'s project, and its default folder no longer is (a separate build); decoy: a projectDir from an interpolated path keeps the default folder a project',
      {
        'settings.gradle.kts': 'include(":tools", ":web")\nproject(":tools").projectDir = file("modules/tools")\nproject(":web").projectDir = file("${rootDir}/../web")\n',
        'buildSrc/src/main/kotlin/ai.gradle.kts': uses('implementation("com.openai:openai-java:0.+")'),
        'tools/settings.gradle.kts': 'rootProject.name = "tools"\n',
        'tools/build.gradle.kts': 'plugins {\n  id("ai")\n}\n',
        'tools/gradle.lockfile': lockOf('com.openai:openai-java:0.8.0=runtimeClasspath'),
        'modules/tools/settings.gradle.kts': 'rootProject.name = "tools"\n',
        'modules/tools/build.gradle.kts': 'plugins {\n  id("ai")\n}\n',
        'modules/tools/gradle.lockfile': lockOf('com.openai:openai-java:0.9.0=runtimeClasspath'),
        'web/settings.gradle.kts': 'rootProject.name = "web"\n',
        'web/build.gradle.kts': 'plugins {\n  id("ai")\n}\n',
        'web/gradle.lockfile': lockOf('com.openai:openai-java:0.7.0=runtimeClasspath'),
      },
      [
        ['com.openai:openai-java', '0.+', '0.9.0', 'runtime', 'buildSrc/src/main/kotlin/ai.gradle.kts', 2, 'modules/tools/gradle.lockfile'],
        ['com.openai:openai-java', '0.+', '0.7.0', 'runtime', 'buildSrc/src/main/kotlin/ai.gradle.kts', 2, 'web/gradle.lockfile'],
        ['com.openai:openai-java', undefined, '0.8.0', 'runtime', 'tools/gradle.lockfile', 4, 'tools/gradle.lockfile'],
      ],
    ],
  ];
  for (const [label, files, want] of GRADLE_LOCKS) {
    it(`Gradle lockfile versions: ${label}`, () => {
      assert.deepEqual(resolveTree(files).map((d) => [d.name, d.range, d.version, d.scope, d.path, d.line, d.lockfile]), want);
    });
  }
});

describe('NuGet', () => {
  it('csproj: attribute and child-element forms, comments skipped', () => {
    const r = readFixture('nuget/Assistant.csproj', 'dotnet/Assistant.csproj');
    noWarnings(r);
    expectRows(r, [
      ['OpenAI', '2.0.0-beta.5', '2.0.0-beta.5', 'runtime', 8],
      ['Azure.AI.OpenAI', '[1.0.0-beta.17]', '1.0.0-beta.17', 'runtime', 9],
      ['Microsoft.SemanticKernel', '1.14.1', '1.14.1', 'runtime', 10],
      ['OpenAI.Utils', '1.*', undefined, 'runtime', 14],
      ['StyleCop.Analyzers', '1.1.118', '1.1.118', 'build', 15],
      ['Newtonsoft.Json', undefined, undefined, 'runtime', 16],
    ]);
  });
  it('csproj: $(Property) versions from the file\'s own PropertyGroup; unknown ones stay a range', () => {
    const text = [
      '<Project Sdk="Microsoft.NET.Sdk">',
      '  <PropertyGroup><SkVersion>1.20.0</SkVersion><OaiBase>2.1</OaiBase><OaiVersion>$(OaiBase).0</OaiVersion></PropertyGroup>',
      '  <ItemGroup>',
      '    <PackageReference Include="Microsoft.SemanticKernel" Version="$(SkVersion)" />',
      '    <PackageReference Include="OpenAI" Version="$(oaiversion)" />',
      '    <PackageReference Include="Azure.AI.OpenAI" Version="$(FromDirectoryBuildProps)" />',
      '  </ItemGroup>',
      '</Project>',
    ].join('\n');
    const r = readManifest('App.csproj', text);
    noWarnings(r);
    assert.deepEqual(r.deps.map((d) => [d.name, d.range, d.version]), [
      ['Microsoft.SemanticKernel', '1.20.0', '1.20.0'],
      ['OpenAI', '2.1.0', '2.1.0'],
      ['Azure.AI.OpenAI', '$(FromDirectoryBuildProps)', undefined],
    ]);
  });
  it('property references that multiply (a billion-laughs pom or csproj) stop at a bounded length, quickly', () => {
    const refs = (open: string, close: string, name: string) => Array.from({ length: 100 }, () => `${open}${name}${close}`).join('');
    const levels = ['p0', 'p1', 'p2', 'p3', 'p4', 'p5'];
    const mavenProps = levels.map((p, i) => `<${p}>${i === levels.length - 1 ? 'x'.repeat(50) : refs('${', '}', levels[i + 1] as string)}</${p}>`).join('');
    const pom = `<project><properties>${mavenProps}</properties><dependencies><dependency><groupId>com.openai</groupId><artifactId>openai-java</artifactId><version>\${p0}</version></dependency></dependencies></project>`;
    const msProps = levels.map((p, i) => `<${p}>${i === levels.length - 1 ? 'x'.repeat(50) : refs('$(', ')', levels[i + 1] as string)}</${p}>`).join('');
    const csproj = `<Project><PropertyGroup>${msProps}</PropertyGroup><ItemGroup><PackageReference Include="OpenAI" Version="$(p0)" /></ItemGroup></Project>`;
    const t = performance.now();
    for (const [path, text] of [['pom.xml', pom], ['App.csproj', csproj]] as const) {
      const d = readManifest(path, text).deps[0];
      assert.ok(d && (d.range ?? '').length <= 4096 * 2, `${path}: ${(d?.range ?? '').length}`);
      assert.equal(d.version, undefined, path);
    }
    assert.ok(performance.now() - t < 2000);
  });
  it('Remove= and Update= of many PackageReference items are linear (each Remove= searched and spliced the whole list)', () => {
    const n = 60_000;
    const distinct = `<Project><ItemGroup>${Array.from({ length: n }, (_, i) => `<PackageReference Include="P${i}" Version="1" />`).join('')}${Array.from({ length: n }, (_, i) => `<PackageReference Remove="P${i}" />`).join('')}<PackageReference Include="OpenAI" Version="2.1.0" /></ItemGroup></Project>`;
    const same = `<Project><ItemGroup>${'<PackageReference Include="P" Version="1" />'.repeat(n)}${'<PackageReference Update="P" Version="2" />'.repeat(n)}<PackageReference Remove="P" /></ItemGroup></Project>`;
    const t = performance.now();
    assert.deepEqual(readManifest('App.csproj', distinct).deps.map((d) => d.name), ['OpenAI']);
    // However often a name is included, a Remove= after them reaches every one (there was a cap of 64).
    assert.equal(readManifest('Directory.Build.props', same).deps.length, 0);
    // 1.4-2.3 s here on a quiet machine, 3.1 s beside other test files under load; the search of
    // the whole list per Remove= this guards against is 60,000 x 60,000 steps on these items.
    assert.ok(performance.now() - t < 10_000, `${Math.round(performance.now() - t)} ms`);
  });
  it('Update= and Remove= reach every item of their name before them, 200 of one name too (the first 64 only, before)', () => {
    const cond = (i: number) => `<PackageReference Include="OpenAI" Condition="'$(TargetFramework)' == 'net${i}'" />`;
    const items = Array.from({ length: 200 }, (_, i) => cond(i)).join('');
    const updated = readManifest('App.csproj', `<Project><ItemGroup>${items}<PackageReference Update="OpenAI" Version="2.1.0" />${cond(200)}</ItemGroup></Project>`).deps;
    assert.equal(updated.length, 201);
    assert.deepEqual([...new Set(updated.slice(0, 200).map((d) => d.version))], ['2.1.0']);
    assert.equal(updated[200]?.version, undefined, 'the Include after the Update is not reached');
    const left = readManifest('App.csproj', `<Project><ItemGroup>${items}<PackageReference Remove="OpenAI" /><PackageReference Include="OpenAI" Version="2.0.0" /></ItemGroup></Project>`).deps;
    assert.deepEqual(left.map((d) => [d.name, d.version]), [['OpenAI', '2.0.0']]);
  });
  it('TOML tables of many keys (Cargo.toml, pyproject.toml, Pipfile) are read in linear time, lines right', () => {
    const n = 30_000;
    const body = (q: string) => Array.from({ length: n }, (_, i) => `${q}dep${i}${q} = "1.0"`).join('\n');
    const t = performance.now();
    for (const [path, header] of [['Cargo.toml', '[dependencies]'], ['pyproject.toml', '[tool.poetry.dependencies]'], ['Pipfile', '[packages]']] as const) {
      const r = readManifest(path, `${header}\n${body(path === 'Pipfile' ? '"' : '')}\n`);
      assert.equal(r.deps.length, n, path);
      assert.deepEqual([r.deps[0]?.line, r.deps[n - 1]?.line], [2, n + 1], path);
    }
    // Was about 40 s for the three (every key's line searched from the table's start).
    assert.ok(performance.now() - t < 5000, `${Math.round(performance.now() - t)} ms`);
    // Quoted, dotted and later keys keep their lines; a key of another table is not taken.
    const r = readManifest('Cargo.toml', '[package]\nname = "x"\n\n[dependencies]\n"async-openai" = "0.23"\nserde.version = "1"\n\n[dev-dependencies]\nname = "0.1"\n');
    assert.deepEqual(r.deps.map((d) => [d.name, d.line]), [['async-openai', 5], ['serde', 6], ['name', 9]]);
  });
  const csproj = (...items: string[]) => `<Project Sdk="Microsoft.NET.Sdk">\n  <PropertyGroup><AiVersion>2.2.0</AiVersion></PropertyGroup>\n  <ItemGroup>\n${items.map((i) => `    ${i}\n`).join('')}  </ItemGroup>\n</Project>\n`;
  const central = (...items: string[]) => `<Project>\n  <ItemGroup>\n${items.map((i) => `    ${i}\n`).join('')}  </ItemGroup>\n</Project>\n`;
  const UPDATE_CASES: Array<[string, Record<string, string>, Array<[string, string?, string?, number?]>]> = [
    ['an Update alone declares nothing', { 'App.csproj': csproj('<PackageReference Update="OpenAI" Version="2.1.0" />') }, []],
    [
      'an Update after an Include without a version gives it its version; the Include keeps its line',
      { 'App.csproj': csproj('<PackageReference Include="OpenAI" />', '<PackageReference Update="OpenAI" Version="2.1.0" />') },
      [['OpenAI', '2.1.0', '2.1.0', 4]],
    ],
    [
      'an Update sets the version the Include wrote, as MSBuild does (names without case, Version as an element)',
      { 'App.csproj': csproj('<PackageReference Include="OpenAI" Version="2.0.0" />', '<PackageReference Update="openai"><Version>2.1.0</Version></PackageReference>') },
      [['OpenAI', '2.1.0', '2.1.0', 4]],
    ],
    [
      'an Update before the Include changes nothing (MSBuild evaluates items in order)',
      { 'App.csproj': csproj('<PackageReference Update="OpenAI" Version="9.9.9" />', '<PackageReference Include="OpenAI" Version="2.0.0" />') },
      [['OpenAI', '2.0.0', '2.0.0', 5]],
    ],
    [
      'an Update of a close name (OpenAI.Chat) does not reach OpenAI',
      { 'App.csproj': csproj('<PackageReference Include="OpenAI" />', '<PackageReference Update="OpenAI.Chat" Version="1.0.0" />') },
      [['OpenAI', undefined, undefined, 4]],
    ],
    [
      'an Update of several names with a $(Property) version; a floating version is a range only',
      { 'App.csproj': csproj('<PackageReference Include="OpenAI" />', '<PackageReference Include="Azure.AI.OpenAI" />', '<PackageReference Include="Anthropic.SDK" />', '<PackageReference Update="OpenAI; Azure.AI.OpenAI" Version="$(AiVersion)" />', '<PackageReference Update="Anthropic.SDK" Version="3.*" />') },
      [['OpenAI', '2.2.0', '2.2.0', 4], ['Azure.AI.OpenAI', '2.2.0', '2.2.0', 5], ['Anthropic.SDK', '3.*', undefined, 6]],
    ],
    [
      'an Update without a version leaves the version to Directory.Packages.props',
      { 'Directory.Packages.props': central('<PackageVersion Include="OpenAI" Version="2.1.0" />'), 'src/App.csproj': csproj('<PackageReference Include="OpenAI" />', '<PackageReference Update="OpenAI" PrivateAssets="all" />') },
      [['OpenAI', '2.1.0', '2.1.0', 4]],
    ],
    [
      'Directory.Packages.props: a PackageReference Update is no dependency; a PackageVersion Update changes the central version',
      {
        'Directory.Packages.props': central('<PackageVersion Include="OpenAI" Version="2.0.0" />', '<PackageVersion Update="OpenAI" Version="2.1.0" />', '<PackageReference Update="Azure.AI.OpenAI" Version="2.0.0" />'),
        'src/App.csproj': csproj('<PackageReference Include="OpenAI" />'),
      },
      [['OpenAI', '2.1.0', '2.1.0', 4]],
    ],
    [
      'a Remove takes out the items included before it (names without case, several names); a later Include stands; a close name is not removed',
      {
        'App.csproj': csproj(
          '<PackageReference Include="OpenAI" Version="2.0.0" />',
          '<PackageReference Include="Azure.AI.OpenAI" Version="2.0.0" />',
          '<PackageReference Include="OpenAI.Chat" Version="1.0.0" />',
          '<PackageReference Remove="openai; Azure.AI.OpenAI" />',
          '<PackageReference Include="Azure.AI.OpenAI" Version="2.1.0" />',
        ),
      },
      [['OpenAI.Chat', '1.0.0', '1.0.0', 6], ['Azure.AI.OpenAI', '2.1.0', '2.1.0', 8]],
    ],
    [
      'an Update after a Remove does not bring the removed item back; an Update before the Remove of another name stays',
      {
        'App.csproj': csproj(
          '<PackageReference Include="OpenAI" Version="2.0.0" />',
          '<PackageReference Include="Azure.AI.OpenAI" />',
          '<PackageReference Update="Azure.AI.OpenAI" Version="2.1.0" />',
          '<PackageReference Remove="OpenAI" />',
          '<PackageReference Update="OpenAI; Azure.AI.OpenAI" Version="9.9.9" />',
        ),
      },
      [['Azure.AI.OpenAI', '9.9.9', '9.9.9', 5]],
    ],
    [
      'Directory.Build.props: its PackageReference items are dependencies at its lines (central versions reach them); its properties give $(Name) versions to the projects below (the nearest .props, the project\'s own, the nearest .targets, the later winning)',
      {
        'Directory.Build.props': '<Project>\n  <PropertyGroup><SkVersion>1.20.0</SkVersion><OaiVersion>2.1.0</OaiVersion></PropertyGroup>\n  <ItemGroup>\n    <PackageReference Include="OpenAI" />\n  </ItemGroup>\n</Project>\n',
        'Directory.Packages.props': central('<PackageVersion Include="OpenAI" Version="2.1.0" />'),
        'src/App.csproj': csproj('<PackageReference Include="Microsoft.SemanticKernel" Version="$(SkVersion)" />', '<PackageReference Include="Azure.AI.OpenAI" Version="$(AiVersion)" />'),
        'labs/Directory.Build.targets': '<Project>\n  <PropertyGroup><SkVersion>1.30.0</SkVersion></PropertyGroup>\n</Project>\n',
        'labs/x/Lab.csproj': csproj('<PackageReference Include="Microsoft.SemanticKernel" Version="$(SkVersion)" />', '<PackageReference Include="OpenAI" Version="$(OaiVersion)" />'),
      },
      [
        ['OpenAI', '2.1.0', '2.1.0', 4],
        ['Microsoft.SemanticKernel', '1.20.0', '1.20.0', 4],
        ['Azure.AI.OpenAI', '2.2.0', '2.2.0', 5],
        ['Microsoft.SemanticKernel', '1.30.0', '1.30.0', 4],
        // MSBuild looks for the nearest Directory.Build.props and .targets each on its own: labs'
        // .targets does not hide the root's .props, whose OaiVersion Lab reads.
        ['OpenAI', '2.1.0', '2.1.0', 5],
      ],
    ],
    [
      "Directory.Build.props importing the one above (GetPathOfFileAbove): a name it leaves unset is the parent's; a nearest file without properties or import hides the parent's",
      {
        'Directory.Build.props': '<Project>\n  <PropertyGroup><OaiVersion>2.1.0</OaiVersion><SkVersion>1.20.0</SkVersion></PropertyGroup>\n</Project>\n',
        'src/Directory.Build.props': "<Project>\n  <Import Project=\"$([MSBuild]::GetPathOfFileAbove('Directory.Build.props', '$(MSBuildThisFileDirectory)../'))\" />\n  <PropertyGroup><SkVersion>1.30.0</SkVersion></PropertyGroup>\n</Project>\n",
        'src/App/App.csproj': csproj('<PackageReference Include="OpenAI" Version="$(OaiVersion)" />', '<PackageReference Include="Microsoft.SemanticKernel" Version="$(SkVersion)" />'),
        'tools/Directory.Build.props': '<Project>\n  <Import Project="..\\Directory.Build.props" />\n</Project>\n',
        'tools/Tool.csproj': csproj('<PackageReference Include="OpenAI" Version="$(OaiVersion)" />'),
        'labs/Directory.Build.props': '<Project>\n  <PropertyGroup><Nullable>enable</Nullable></PropertyGroup>\n</Project>\n',
        'labs/Lab.csproj': csproj('<PackageReference Include="OpenAI" Version="$(OaiVersion)" />'),
        'old/Directory.Build.props': '<Project />\n',
        'old/Old.csproj': csproj('<PackageReference Include="OpenAI" Version="$(OaiVersion)" />'),
      },
      [
        ['OpenAI', '2.1.0', '2.1.0', 4],
        ['Microsoft.SemanticKernel', '1.30.0', '1.30.0', 5],
        ['OpenAI', '2.1.0', '2.1.0', 4],
        ['OpenAI', '$(OaiVersion)', undefined, 4],
        ['OpenAI', '$(OaiVersion)', undefined, 4],
      ],
    ],
  ];
  it('Directory.Build.props keeps for the projects below only the properties that may be versions; it is no central version file', () => {
    const r = readManifest('Directory.Build.props', '<Project><PropertyGroup><A>1.2.3</A><B>$(A)</B><Token>sk-not a version!</Token></PropertyGroup></Project>');
    assert.deepEqual(r.workspace, { path: 'Directory.Build.props', ecosystem: 'nuget', properties: { a: '1.2.3', b: '$(A)' }, undecided: ['token'] }, 'as written: evaluated in order with the files around it; a value not kept is undecided for the conditions below');
    assert.deepEqual(readManifest('a/Directory.Build.targets', '<Project><Import Project="$([MSBuild]::GetPathOfFileAbove(Directory.Build.targets, $(MSBuildThisFileDirectory)..))" /></Project>').workspace, { path: 'a/Directory.Build.targets', ecosystem: 'nuget', importsAbove: true });
    assert.deepEqual(readManifest('Directory.Build.props', '<Project><Import Project="Other.props" /></Project>').workspace, { path: 'Directory.Build.props', ecosystem: 'nuget' });
    assert.ok(isManifest('src/directory.build.targets'));
    // A PackageReference without a version in a project beside it still takes no version from it.
    assert.deepEqual(resolveTree({ 'Directory.Build.props': '<Project><ItemGroup><PackageVersion Include="OpenAI" Version="9.9.9" /></ItemGroup></Project>', 'App.csproj': csproj('<PackageReference Include="OpenAI" />') }).map((d) => [d.name, d.version]), [['OpenAI', undefined]]);
  });
  const buildFile = (props: string, ...items: string[]) => `<Project>\n  <PropertyGroup>${props}</PropertyGroup>\n  <ItemGroup>\n${items.map((i) => `    ${i}\n`).join('')}  </ItemGroup>\n</Project>\n`;
  const project = (props: string, ...items: string[]) => `<Project Sdk="Microsoft.NET.Sdk">\n  <PropertyGroup>${props}</PropertyGroup>\n  <ItemGroup>\n${items.map((i) => `    ${i}\n`).join('')}  </ItemGroup>\n</Project>\n`;
  const ref = (name: string, prop: string) => `<PackageReference Include="${name}" Version="$(${prop})" />`;
  const MSBUILD_ORDER: Array<[string, Record<string, string>, Array<[string, string?, string?, string?]>]> = [
    [
      'a property from each place: Directory.Build.props, then the project, then Directory.Build.targets; the later definition wins and items read the final values',
      {
        'Directory.Build.props': buildFile('<PropsOnly>1.0.0</PropsOnly><ProjWins>1.0.0</ProjWins><TargetsWin>1.0.0</TargetsWin>'),
        'Directory.Build.targets': buildFile('<TargetsWin>3.0.0</TargetsWin><TargetsOnly>4.0.0</TargetsOnly>'),
        'App.csproj': project('<ProjWins>2.0.0</ProjWins><TargetsWin>2.0.0</TargetsWin>', ref('OpenAI', 'PropsOnly'), ref('Azure.AI.OpenAI', 'ProjWins'), ref('Microsoft.SemanticKernel', 'TargetsWin'), ref('Anthropic.SDK', 'TargetsOnly')),
      },
      [
        ['OpenAI', '1.0.0', '1.0.0', 'App.csproj'],
        ['Azure.AI.OpenAI', '2.0.0', '2.0.0', 'App.csproj'],
        ['Microsoft.SemanticKernel', '3.0.0', '3.0.0', 'App.csproj'],
        ['Anthropic.SDK', '4.0.0', '4.0.0', 'App.csproj'],
      ],
    ],
    [
      'a definition reads the values defined before it: a project property built on a .props value resolves, one built on a name only .targets defines (later) does not',
      {
        'Directory.Build.props': buildFile('<Major>2.1</Major>'),
        'Directory.Build.targets': buildFile('<Late>9.9</Late>'),
        'App.csproj': project('<OaiVersion>$(Major).0</OaiVersion><SkVersion>$(Late).0</SkVersion>', ref('OpenAI', 'OaiVersion'), ref('Microsoft.SemanticKernel', 'SkVersion')),
      },
      [
        ['OpenAI', '2.1.0', '2.1.0', 'App.csproj'],
        ['Microsoft.SemanticKernel', '$(Late).0', undefined, 'App.csproj'],
      ],
    ],
    [
      'in one file the last definition wins (alone, and with Directory.Build files around it)',
      {
        'App.csproj': project('<OaiVersion>1.0.0</OaiVersion><OaiVersion>2.1.0</OaiVersion>', ref('OpenAI', 'OaiVersion')),
        'src/Directory.Build.props': buildFile('<SkVersion>1.0.0</SkVersion><SkVersion>1.30.0</SkVersion>'),
        'src/App.csproj': project('', ref('Microsoft.SemanticKernel', 'SkVersion')),
      },
      [
        ['OpenAI', '2.1.0', '2.1.0', 'App.csproj'],
        ['Microsoft.SemanticKernel', '1.30.0', '1.30.0', 'src/App.csproj'],
      ],
    ],
    [
      'the nearest .props and the nearest .targets are found each on its own; a .targets importing the one above comes after it; a sibling folder\'s file is not read',
      {
        'Directory.Build.props': buildFile('<OaiVersion>2.1.0</OaiVersion>'),
        'Directory.Build.targets': buildFile('<SkVersion>1.20.0</SkVersion><AiVersion>2.0.0</AiVersion>'),
        'src/Directory.Build.targets': "<Project>\n  <Import Project=\"$([MSBuild]::GetPathOfFileAbove('Directory.Build.targets', '$(MSBuildThisFileDirectory)../'))\" />\n  <PropertyGroup><SkVersion>1.30.0</SkVersion></PropertyGroup>\n</Project>\n",
        'src/App/App.csproj': project('<SkVersion>1.10.0</SkVersion>', ref('OpenAI', 'OaiVersion'), ref('Microsoft.SemanticKernel', 'SkVersion'), ref('Azure.AI.OpenAI', 'AiVersion')),
        'other/Directory.Build.targets': buildFile('<AntVersion>3.0.0</AntVersion>'),
        'src/Lib/Lib.csproj': project('', ref('Anthropic.SDK', 'AntVersion')),
      },
      [
        ['OpenAI', '2.1.0', '2.1.0', 'src/App/App.csproj'],
        ['Microsoft.SemanticKernel', '1.30.0', '1.30.0', 'src/App/App.csproj'],
        ['Azure.AI.OpenAI', '2.0.0', '2.0.0', 'src/App/App.csproj'],
        ['Anthropic.SDK', '$(AntVersion)', undefined, 'src/Lib/Lib.csproj'],
      ],
    ],
    [
      "a Directory.Build.props item reads its folder's sequence: the .targets beside it wins over it",
      {
        'Directory.Build.props': buildFile('<OaiVersion>2.0.0</OaiVersion>', ref('OpenAI', 'OaiVersion')),
        'Directory.Build.targets': buildFile('<OaiVersion>2.1.0</OaiVersion>'),
      },
      [['OpenAI', '2.1.0', '2.1.0', 'Directory.Build.props']],
    ],
    [
      "a Directory.Build.targets Update= gives its version to the project's items of that name (its $(Name) from the final properties) and to Directory.Build.props' items; not to a close name; a .props Update= reaches no project item",
      {
        'Directory.Build.props': buildFile('', '<PackageReference Update="Anthropic.SDK" Version="9.9.9" />', '<PackageReference Include="Microsoft.SemanticKernel" Version="1.0.0" />'),
        'Directory.Build.targets': buildFile('<OaiVersion>2.1.0</OaiVersion>', '<PackageReference Update="OpenAI; Microsoft.SemanticKernel" Version="$(OaiVersion)" />', '<PackageReference Update="Azure.AI.OpenAI.Assistants" Version="1.0.0" />'),
        'Directory.Packages.props': central('<PackageVersion Include="OpenAI" Version="2.0.0" />'),
        'App.csproj': project('', '<PackageReference Include="OpenAI" />', '<PackageReference Include="Azure.AI.OpenAI" Version="2.0.0" />', '<PackageReference Include="Anthropic.SDK" Version="3.0.0" />'),
      },
      [
        ['Microsoft.SemanticKernel', '2.1.0', '2.1.0', 'Directory.Build.props'],
        ['OpenAI', '2.1.0', '2.1.0', 'App.csproj'],
        ['Azure.AI.OpenAI', '2.0.0', '2.0.0', 'App.csproj'],
        ['Anthropic.SDK', '3.0.0', '3.0.0', 'App.csproj'],
      ],
    ],
  ];
  for (const [label, files, want] of MSBUILD_ORDER) {
    it(`MSBuild property order: ${label}`, () => {
      const got = resolveTree(files);
      assert.deepEqual(got.map((d) => [d.name, d.range, d.version, d.path]), want);
      assert.ok(got.every((d) => d.written === undefined), 'the version as written is dropped once evaluated');
    });
  }
  for (const [label, files, want] of UPDATE_CASES) {
    it(`PackageReference Update=: ${label}`, () => {
      assert.deepEqual(resolveTree(files).map((d) => [d.name, d.range, d.version, d.line]), want);
    });
  }
  const tfm = '<TargetFramework>net8.0</TargetFramework>';
  const debug = "'$(Configuration)' == 'Debug'";
  // [name, range, version, condition (none: unconditional)]
  const MSBUILD_CONDITIONS: Array<[string, Record<string, string>, Array<[string, string?, string?, string?]>]> = [
    [
      'a property under a condition the file decides (its single TargetFramework, names compared without case): a false one is skipped, a true one applies',
      {
        'App.csproj': project(
          `${tfm}<SkVersion>1.20.0</SkVersion><SkVersion Condition="'$(TargetFramework)' == 'net6.0'">1.0.0</SkVersion><OaiVersion>2.0.0</OaiVersion><OaiVersion Condition=" '$(TargetFramework)' == 'NET8.0' ">2.1.0</OaiVersion>`,
          ref('Microsoft.SemanticKernel', 'SkVersion'),
          ref('OpenAI', 'OaiVersion'),
        ),
      },
      [['Microsoft.SemanticKernel', '1.20.0', '1.20.0'], ['OpenAI', '2.1.0', '2.1.0']],
    ],
    [
      'a property under a condition the file does not decide (Configuration): the unconditional value is the default, the other an alternative kept with its condition',
      { 'App.csproj': project(`<SkVersion>1.20.0</SkVersion><SkVersion Condition="${debug}">1.0.0-beta</SkVersion>`, ref('Microsoft.SemanticKernel', 'SkVersion')) },
      [['Microsoft.SemanticKernel', '1.20.0', '1.20.0'], ['Microsoft.SemanticKernel', '1.0.0-beta', '1.0.0-beta', debug]],
    ],
    [
      "'$(X)' == '' for a name unset at that point applies (the default-if-unset idiom), and not once set; and, or, ! and parentheses decided from the parts that are known",
      {
        'App.csproj': project(
          `${tfm}<SkVersion Condition="'$(SkVersion)' == ''">1.20.0</SkVersion><OaiVersion>2.1.0</OaiVersion><OaiVersion Condition="'$(OaiVersion)' == ''">9.9.9</OaiVersion>` +
            `<AiVersion>2.0.0</AiVersion><AiVersion Condition="'$(TargetFramework)' == 'net6.0' and ${debug}">9.9.9</AiVersion><AiVersion Condition="!('$(TargetFramework)' != 'net8.0' and ${debug}) or ${debug}">2.2.0</AiVersion>` +
            `<AntVersion>3.0.0</AntVersion><AntVersion Condition="HasTrailingSlash('$(TargetFramework)')">9.9.9</AntVersion>`,
          ref('Microsoft.SemanticKernel', 'SkVersion'),
          ref('OpenAI', 'OaiVersion'),
          ref('Azure.AI.OpenAI', 'AiVersion'),
          ref('Anthropic.SDK', 'AntVersion'),
        ),
      },
      [['Microsoft.SemanticKernel', '1.20.0', '1.20.0'], ['OpenAI', '2.1.0', '2.1.0'], ['Azure.AI.OpenAI', '2.2.0', '2.2.0'], ['Anthropic.SDK', '3.0.0', '3.0.0']],
    ],
    [
      "the default-if-unset idiom across files: a project's '$(SkVersion)' == '' default yields to the value of the Directory.Build.props it imports, and applies without one",
      {
        'App.csproj': project(`<SkVersion Condition="'$(SkVersion)' == ''">1.20.0</SkVersion>`, ref('Microsoft.SemanticKernel', 'SkVersion')),
        'src/Directory.Build.props': buildFile('<SkVersion>1.30.0</SkVersion>'),
        'src/App.csproj': project(`<SkVersion Condition="'$(SkVersion)' == ''">1.20.0</SkVersion>`, ref('Microsoft.SemanticKernel', 'SkVersion')),
      },
      [['Microsoft.SemanticKernel', '1.20.0', '1.20.0'], ['Microsoft.SemanticKernel', '1.30.0', '1.30.0']],
    ],
    [
      'items under conditions: false ones skipped, true ones kept, undecided ones (several TargetFrameworks, Configuration on the ItemGroup, Exists()) kept with their conditions',
      {
        'App.csproj':
          '<Project Sdk="Microsoft.NET.Sdk">\n  <PropertyGroup><TargetFrameworks>net6.0;net8.0</TargetFrameworks><UseAzure>true</UseAzure></PropertyGroup>\n' +
          `  <ItemGroup>\n    <PackageReference Include="OpenAI" Version="2.1.0" />\n    <PackageReference Include="OpenAI" Version="1.0.0" Condition="'$(TargetFramework)' == 'net6.0'" />\n` +
          `    <PackageReference Include="Azure.AI.OpenAI" Version="2.0.0" Condition="'$(UseAzure)' == 'TRUE'" />\n    <PackageReference Include="Anthropic.SDK" Version="3.0.0" Condition="'$(UseAzure)' != 'true'" />\n` +
          `    <PackageReference Include="Mistral.SDK" Version="1.0.0" Condition="Exists('local.props')" />\n  </ItemGroup>\n` +
          `  <ItemGroup Condition="${debug}">\n    <PackageReference Include="Microsoft.SemanticKernel" Version="1.30.0-alpha" />\n  </ItemGroup>\n</Project>\n`,
      },
      [['OpenAI', '2.1.0', '2.1.0'], ['OpenAI', '1.0.0', '1.0.0', "'$(TargetFramework)' == 'net6.0'"], ['Azure.AI.OpenAI', '2.0.0', '2.0.0'], ['Mistral.SDK', '1.0.0', '1.0.0', "Exists('local.props')"], ['Microsoft.SemanticKernel', '1.30.0-alpha', '1.30.0-alpha', debug]],
    ],
    [
      'Directory.Packages.props: a PackageVersion under an undecided condition is an alternative of the unconditional one (the reference gets both), a false one is skipped, whichever comes last',
      {
        'Directory.Packages.props':
          '<Project>\n  <PropertyGroup><ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally></PropertyGroup>\n  <ItemGroup>\n' +
          `    <PackageVersion Include="Microsoft.SemanticKernel" Version="1.2.0" Condition="'$(TargetFramework)' == 'net6.0'" />\n    <PackageVersion Include="Microsoft.SemanticKernel" Version="1.20.0" />\n    <PackageVersion Include="OpenAI" Version="2.1.0" />\n  </ItemGroup>\n` +
          "  <ItemGroup Condition=\"'$(ManagePackageVersionsCentrally)' != 'true'\">\n    <PackageVersion Include=\"OpenAI\" Version=\"9.9.9\" />\n  </ItemGroup>\n</Project>\n",
        'src/App.csproj': project('<TargetFrameworks>net6.0;net8.0</TargetFrameworks>', '<PackageReference Include="Microsoft.SemanticKernel" />', '<PackageReference Include="OpenAI" />'),
      },
      [['Microsoft.SemanticKernel', '1.20.0', '1.20.0'], ['Microsoft.SemanticKernel', '1.2.0', '1.2.0', "'$(TargetFramework)' == 'net6.0'"], ['OpenAI', '2.1.0', '2.1.0']],
    ],
    [
      'Choose: the first When that holds, else the Otherwise; an undecided When is an alternative and the Otherwise the default',
      {
        'App.csproj':
          `<Project Sdk="Microsoft.NET.Sdk">\n  <PropertyGroup>${tfm}</PropertyGroup>\n  <Choose>\n    <When Condition="'$(TargetFramework)' == 'net6.0'">\n      <ItemGroup><PackageReference Include="OpenAI" Version="1.0.0" /></ItemGroup>\n    </When>\n` +
          `    <When Condition="'$(TargetFramework)' == 'net8.0'">\n      <PropertyGroup><SkVersion>1.20.0</SkVersion></PropertyGroup>\n      <ItemGroup><PackageReference Include="OpenAI" Version="2.1.0" /></ItemGroup>\n    </When>\n` +
          '    <Otherwise>\n      <PropertyGroup><SkVersion>9.9.9</SkVersion></PropertyGroup>\n    </Otherwise>\n  </Choose>\n' +
          `  <Choose>\n    <When Condition="${debug}">\n      <ItemGroup><PackageReference Include="Azure.AI.OpenAI" Version="2.2.0-beta.1" /></ItemGroup>\n    </When>\n    <Otherwise>\n      <ItemGroup><PackageReference Include="Azure.AI.OpenAI" Version="2.0.0" /></ItemGroup>\n    </Otherwise>\n  </Choose>\n` +
          '  <ItemGroup><PackageReference Include="Microsoft.SemanticKernel" Version="$(SkVersion)" /></ItemGroup>\n</Project>\n',
      },
      [['OpenAI', '2.1.0', '2.1.0'], ['Azure.AI.OpenAI', '2.2.0-beta.1', '2.2.0-beta.1', debug], ['Azure.AI.OpenAI', '2.0.0', '2.0.0'], ['Microsoft.SemanticKernel', '1.20.0', '1.20.0']],
    ],
    [
      'Update= and Remove= under conditions: an undecided Update gives an alternative, a false one nothing; an undecided Remove removes nothing, a true one does',
      {
        'App.csproj': project(
          tfm,
          '<PackageReference Include="OpenAI" Version="2.0.0" />',
          '<PackageReference Include="Azure.AI.OpenAI" Version="2.0.0" />',
          '<PackageReference Include="Anthropic.SDK" Version="3.0.0" />',
          `<PackageReference Update="OpenAI" Version="2.1.0-beta.1" Condition="${debug}" />`,
          `<PackageReference Update="OpenAI" Version="9.9.9" Condition="'$(TargetFramework)' == 'net6.0'" />`,
          `<PackageReference Remove="Azure.AI.OpenAI" Condition="${debug}" />`,
          `<PackageReference Remove="Anthropic.SDK" Condition="'$(TargetFramework)' == 'net8.0'" />`,
        ),
      },
      [['OpenAI', '2.0.0', '2.0.0'], ['Azure.AI.OpenAI', '2.0.0', '2.0.0'], ['OpenAI', '2.1.0-beta.1', '2.1.0-beta.1', debug]],
    ],
    [
      'decoys: a conditional definition in a comment, a condition on an unrelated property or item, a quoted $( that opens no reference (text, as MSBuild reads it: false)',
      {
        'App.csproj': project(
          `<SkVersion>1.20.0</SkVersion><!-- <SkVersion Condition="${debug}">1.0.0-beta</SkVersion> --><Nullable Condition="${debug}">enable</Nullable><OaiVersion>2.1.0</OaiVersion><OaiVersion Condition="'$(Foo' == 'x'">9.9.9</OaiVersion>`,
          ref('Microsoft.SemanticKernel', 'SkVersion'),
          `<Compile Include="Debug.cs" Condition="${debug}" />`,
          ref('OpenAI', 'OaiVersion'),
        ),
      },
      [['Microsoft.SemanticKernel', '1.20.0', '1.20.0'], ['OpenAI', '2.1.0', '2.1.0']],
    ],
  ];
  for (const [label, files, want] of MSBUILD_CONDITIONS) {
    it(`MSBuild conditions: ${label}`, () => {
      assert.deepEqual(
        resolveTree(files).map((d) => [d.name, d.range, d.version, d.condition].slice(0, d.condition === undefined ? 3 : 4)),
        want,
      );
    });
  }
  const azure = `<PackageReference Include="Azure.AI.OpenAI" Version="2.1.0" Condition="'$(UseAzureOpenAI)' == 'true'" />`;
  const props = (body: string) => `<Project>\n  <PropertyGroup>${body}</PropertyGroup>\n</Project>\n`;
  // [name, version, path, condition (none: unconditional)]
  const MSBUILD_ACROSS_FILES: Array<[string, Record<string, string>, Array<[string, string?, string?, string?]>]> = [
    [
      "a Directory.Build.props switch decides a project's item condition: true keeps the reference without a condition, false drops it",
      {
        'on/Directory.Build.props': props('<UseAzureOpenAI>true</UseAzureOpenAI>'),
        'on/App/App.csproj': project('', azure),
        'off/Directory.Build.props': props('<UseAzureOpenAI>false</UseAzureOpenAI>'),
        'off/App/App.csproj': project('', azure, '<PackageReference Include="OpenAI" Version="2.0.0" />'),
      },
      [['Azure.AI.OpenAI', '2.1.0', 'on/App/App.csproj'], ['OpenAI', '2.0.0', 'off/App/App.csproj']],
    ],
    [
      'the switch decides an ItemGroup condition and a Choose: the When that holds is taken without its condition, the Otherwise after it is not',
      {
        'Directory.Build.props': props('<UseAzureOpenAI>true</UseAzureOpenAI><AiFlavor>semantic</AiFlavor>'),
        'App.csproj':
          `<Project Sdk="Microsoft.NET.Sdk">\n  <ItemGroup Condition="'$(AiFlavor)' == 'semantic'">\n    <PackageReference Include="Microsoft.SemanticKernel" Version="1.30.0" />\n  </ItemGroup>\n` +
          `  <Choose>\n    <When Condition="'$(UseAzureOpenAI)' == 'true'">\n      <ItemGroup><PackageReference Include="Azure.AI.OpenAI" Version="2.1.0" /></ItemGroup>\n    </When>\n` +
          '    <Otherwise>\n      <ItemGroup><PackageReference Include="OpenAI" Version="2.0.0" /></ItemGroup>\n    </Otherwise>\n  </Choose>\n</Project>\n',
      },
      [['Microsoft.SemanticKernel', '1.30.0', 'App.csproj'], ['Azure.AI.OpenAI', '2.1.0', 'App.csproj']],
    ],
    [
      "a switch the Directory.Build.props sets under a condition of its own it does not decide (Configuration) leaves the project's condition undecided; a decided one beside it still decides",
      {
        'Directory.Build.props': props(`<UseAzureOpenAI Condition="${debug}">true</UseAzureOpenAI><UseAnthropic>true</UseAnthropic>`),
        'App.csproj': project('', azure, `<PackageReference Include="Anthropic.SDK" Version="3.0.0" Condition="'$(UseAnthropic)' == 'true'" />`),
      },
      [['Azure.AI.OpenAI', '2.1.0', 'App.csproj', "'$(UseAzureOpenAI)' == 'true'"], ['Anthropic.SDK', '3.0.0', 'App.csproj']],
    ],
    [
      "a property only Directory.Build.targets sets decides an item condition (items read the final values) but not a project's property condition (evaluated before the .targets)",
      {
        'Directory.Build.targets': props('<UseAzureOpenAI>true</UseAzureOpenAI>'),
        'App.csproj': project(`<AiVersion>2.0.0</AiVersion><AiVersion Condition="'$(UseAzureOpenAI)' == 'true'">2.2.0-beta.1</AiVersion>`, azure, ref('Azure.AI.OpenAI.Assistants', 'AiVersion')),
      },
      [
        ['Azure.AI.OpenAI', '2.1.0', 'App.csproj'],
        ['Azure.AI.OpenAI.Assistants', '2.0.0', 'App.csproj'],
        ['Azure.AI.OpenAI.Assistants', '2.2.0-beta.1', 'App.csproj', "'$(UseAzureOpenAI)' == 'true'"],
      ],
    ],
    [
      "a Directory.Build.props switch decides a project's property condition: the conditional value replaces the default",
      {
        'Directory.Build.props': props('<UseBeta>true</UseBeta>'),
        'App.csproj': project(`<AiVersion>2.0.0</AiVersion><AiVersion Condition="'$(UseBeta)' == 'true'">2.2.0-beta.1</AiVersion>`, ref('Azure.AI.OpenAI', 'AiVersion')),
        'old/Directory.Build.props': props('<UseBeta>false</UseBeta>'),
        'old/App.csproj': project(`<AiVersion>2.0.0</AiVersion><AiVersion Condition="'$(UseBeta)' == 'true'">2.2.0-beta.1</AiVersion>`, ref('Azure.AI.OpenAI', 'AiVersion')),
      },
      [['Azure.AI.OpenAI', '2.2.0-beta.1', 'App.csproj'], ['Azure.AI.OpenAI', '2.0.0', 'old/App.csproj']],
    ],
    [
      'the nearest Directory.Build.props hides a farther one (not imported)',
      {
        'Directory.Build.props': props('<UseAzureOpenAI>false</UseAzureOpenAI>'),
        'src/Directory.Build.props': props('<UseAzureOpenAI>true</UseAzureOpenAI>'),
        'src/App/App.csproj': project('', azure),
      },
      [['Azure.AI.OpenAI', '2.1.0', 'src/App/App.csproj']],
    ],
    [
      "a project that sets the property itself overrides the Directory.Build.props (the project's body comes after it), in an item condition and in a property one",
      {
        'Directory.Build.props': props('<UseAzureOpenAI>false</UseAzureOpenAI><UseBeta>false</UseBeta><Region>eu</Region>'),
        'App.csproj': project(
          `<UseAzureOpenAI>true</UseAzureOpenAI><UseBeta>true</UseBeta><AiVersion>2.0.0</AiVersion><AiVersion Condition="'$(UseBeta)' == 'true' and '$(Region)' == 'eu'">2.2.0-beta.1</AiVersion>`,
          `<PackageReference Include="Azure.AI.OpenAI" Version="2.1.0" Condition="'$(UseAzureOpenAI)' == 'true' and '$(Region)' == 'eu'" />`,
          ref('Azure.AI.OpenAI.Assistants', 'AiVersion'),
        ),
      },
      [['Azure.AI.OpenAI', '2.1.0', 'App.csproj'], ['Azure.AI.OpenAI.Assistants', '2.2.0-beta.1', 'App.csproj']],
    ],
    [
      'the switch decides an Update= and a Remove= under its condition: the update gives the version (the default goes), the removal removes',
      {
        'Directory.Build.props': props('<UseBeta>true</UseBeta><Slim>true</Slim>'),
        'App.csproj': project(
          '',
          '<PackageReference Include="OpenAI" Version="2.0.0" />',
          '<PackageReference Include="Anthropic.SDK" Version="3.0.0" />',
          `<PackageReference Update="OpenAI" Version="2.1.0-beta.1" Condition="'$(UseBeta)' == 'true'" />`,
          `<PackageReference Remove="Anthropic.SDK" Condition="'$(Slim)' == 'true'" />`,
        ),
      },
      [['OpenAI', '2.1.0-beta.1', 'App.csproj']],
    ],
    [
      "decoys: a switch in a sibling folder's Directory.Build.props (not above the project) and a name no file sets leave the condition undecided",
      {
        'lib/Directory.Build.props': props('<UseAzureOpenAI>true</UseAzureOpenAI>'),
        'app/App.csproj': project('', azure, `<PackageReference Include="OpenAI" Version="2.0.0" Condition="'$(UseOpenAI)' == 'true'" />`),
        'app/Directory.Build.props': props('<UseAnthropic>false</UseAnthropic>'),
        'app/Tool/Tool.csproj': project('', `<PackageReference Include="Anthropic.SDK" Version="3.0.0" Condition="'$(UseAnthropic)' == 'true'" />`),
      },
      [
        ['Azure.AI.OpenAI', '2.1.0', 'app/App.csproj', "'$(UseAzureOpenAI)' == 'true'"],
        ['OpenAI', '2.0.0', 'app/App.csproj', "'$(UseOpenAI)' == 'true'"],
      ],
    ],
  ];
  for (const [label, files, want] of MSBUILD_ACROSS_FILES) {
    it(`MSBuild conditions across files: ${label}`, () => {
      const got = resolveTree(files);
      assert.deepEqual(
        got.map((d) => [d.name, d.version, d.path, d.condition].slice(0, d.condition === undefined ? 3 : 4)),
        want,
      );
      assert.ok(got.every((d) => d.msbuild === undefined), "the conditions' parts are dropped once decided");
    });
  }
  it('Directory.Packages.props: central versions', () => {
    const r = readFixture('nuget/Directory.Packages.props', 'dotnet/Directory.Packages.props');
    noWarnings(r);
    expectRows(r, [
      ['Newtonsoft.Json', '13.0.3', '13.0.3', undefined, 6],
      ['OpenAI', '2.0.0', '2.0.0', undefined, 7],
    ]);
  });
  it('packages.config', () => {
    const r = readFixture('nuget/packages.config', 'dotnet/packages.config');
    noWarnings(r);
    expectRows(r, [
      ['Azure.AI.OpenAI', '1.0.0-beta.5', '1.0.0-beta.5', 'runtime', 3],
      ['Newtonsoft.Json', '13.0.3', '13.0.3', 'runtime', 4],
      ['NUnit', '3.14.0', '3.14.0', 'dev', 5],
    ]);
  });
  it('packages.lock.json', () => {
    const r = readManifest(
      'packages.lock.json',
      '{\n "version": 1,\n "dependencies": {\n  "net8.0": {\n   "OpenAI": {"type": "Direct", "requested": "[2.0.0, )", "resolved": "2.0.0"},\n   "System.ClientModel": {"type": "Transitive", "resolved": "1.0.0"}\n  }\n }\n}',
    );
    expectRows(r, [
      ['OpenAI', '[2.0.0, )', '2.0.0', 'runtime', 5],
      ['System.ClientModel', undefined, '1.0.0', undefined, 6],
    ]);
  });
});

describe('Cargo', () => {
  it('Cargo.toml: sections, target tables, table specs, renamed packages, decoy comment', () => {
    const r = readFixture('cargo/Cargo.toml', 'rs/Cargo.toml');
    noWarnings(r);
    expectRows(r, [
      ['async-openai', '0.23.1', undefined, 'runtime', 7],
      ['serde', '1.0', undefined, 'runtime', 8],
      ['tokio', '=1.38.0', '1.38.0', 'runtime', 9],
      ['openai-api-rs', '4.1', undefined, 'runtime', 10],
      ['openai-utils', 'path:../openai-utils', undefined, 'runtime', 12],
      ['candle-core', undefined, undefined, 'optional', 13],
      ['reqwest', '0.12', undefined, 'runtime', 15],
      ['mockito', '1', undefined, 'dev', 20],
      ['cc', '1.0', undefined, 'build', 23],
      ['metal', '0.28', undefined, 'runtime', 26],
      ['winapi', '0.3', undefined, 'dev', 29],
    ]);
  });
  it('Cargo.lock: registry packages, local crates skipped', () => {
    const r = readFixture('cargo/Cargo.lock', 'rs/Cargo.lock');
    noWarnings(r);
    expectRows(r, [
      ['async-openai', undefined, '0.23.4', undefined, 14],
      ['openai-api-rs', undefined, '4.1.1', undefined, 24],
    ]);
  });
});

describe('the package a manifest defines (ManifestResult.own)', () => {
  it('go.mod module (quoted, with a comment), Cargo.toml [package] name, package.json, pubspec.yaml and composer.json name; none where there is none', () => {
    assert.equal(readManifest('go.mod', 'module "github.com/sashabaranov/go-openai" // the client\n\ngo 1.21\n').own, 'github.com/sashabaranov/go-openai');
    assert.equal(readManifest('go.mod', 'go 1.21\nrequire github.com/google/uuid v1.6.0\n').own, undefined);
    assert.equal(readManifest('Cargo.toml', '[package]\nname = "async-openai"\nversion = "0.25.0"\n').own, 'async-openai');
    assert.equal(readManifest('Cargo.toml', '[workspace]\nmembers = ["a"]\n').own, undefined);
    assert.equal(readManifest('package.json', '{ "name": "@ai-sdk/openai", "version": "1.0.0" }').own, '@ai-sdk/openai');
    assert.equal(readManifest('package.json', '{ "name": 42 }').own, undefined);
    assert.equal(readManifest('package.json', '{ "name": "  " }').own, undefined);
    assert.equal(readManifest('pubspec.yaml', 'name: firebase_ai\nversion: 1.0.0\n').own, 'firebase_ai');
    assert.equal(readManifest('pubspec.yaml', 'name: Not-A-Name\n').own, undefined);
    assert.equal(readManifest('composer.json', '{ "name": "openai-php/client", "require": { "php": "^8.1" } }').own, 'openai-php/client');
    assert.equal(readManifest('composer.json', '{ "name": "no slash" }').own, undefined);
  });
});
