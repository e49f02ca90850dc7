/**
 * Where Python tools declare packages beside the classic manifests: PEP 723 inline script
 * metadata, Hatch environments, tox (tox.ini, tox.toml, pyproject.toml's [tool.tox]).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isManifest, readManifest } from '../../../src/lang/manifests/index.js';
import { readKotlinScriptDeps, readScriptMetadata } from '../../../src/lang/manifests/script-metadata.js';
import type { ManifestResult } from '../../../src/lang/manifests/common.js';

const rows = (r: ManifestResult) => r.deps.map((d) => `${d.name} ${d.range ?? '-'} ${d.version ?? '-'} ${d.scope ?? '-'} @${d.line ?? '-'}`);

describe('PEP 723 inline script metadata', () => {
  it('reads the dependencies of the `# /// script` block, each on its line of the script', () => {
    const text = '#!/usr/bin/env -S uv run\n# /// script\n# requires-python = ">=3.11"\n# dependencies = [\n#   "openai>=1.30",\n#   "anthropic==0.30.0",  # pinned\n#   \'rich\',\n# ]\n#\n# [tool.uv]\n# exclude-newer = "2024-06-01T00:00:00Z"\n# ///\nimport openai\n';
    const r = readScriptMetadata('chat.py', text);
    assert.deepEqual(r.warnings, []);
    assert.deepEqual(rows(r), ['openai >=1.30 - runtime @5', 'anthropic ==0.30.0 0.30.0 runtime @6', 'rich - - runtime @7']);
  });

  it('the block ends at the last `# ///` of its run of comments; CRLF lines', () => {
    const text = '# /// script\r\n# dependencies = ["openai"]\r\n# ///\r\n# dependencies = ["cohere"]\r\n# ///\r\nx = 1\r\n';
    // The TOML between holds `dependencies` twice: the pyproject reader warns, and reads the first.
    const r = readScriptMetadata('a.py', text);
    assert.deepEqual(r.deps.map((d) => d.name), ['openai']);
  });

  it('no block: other `///` comments, a block not closed, an indented marker (the tools read lines, as here: a block inside a string counts for them too)', () => {
    for (const text of ['# /// pyproject\n# dependencies = ["openai"]\n# ///\n', '    # /// script\n    # dependencies = ["openai"]\n    # ///\n', 'x = 1  # /// script\n']) {
      assert.deepEqual(readScriptMetadata('a.py', text).deps, [], text);
    }
    const open = readScriptMetadata('a.py', '# /// script\n# dependencies = ["openai"]\nimport openai\n');
    assert.deepEqual([open.deps, open.warnings], [[], ['line 1: a `# /// script` block with no `# ///` line to end it']]);
  });

  it('a second script block is not read, and says so; damaged TOML is a warning', () => {
    const two = readScriptMetadata('a.py', '# /// script\n# dependencies = ["openai"]\n# ///\n\n# /// script\n# dependencies = ["cohere"]\n# ///\n');
    assert.deepEqual([two.deps.map((d) => d.name), two.warnings], [['openai'], ['line 5: a second `# /// script` block; only the first is read']]);
    const bad = readScriptMetadata('a.py', '# /// script\n# dependencies = "openai"\n# ///\n');
    assert.deepEqual([bad.deps, bad.warnings], [[], ['inline script metadata: project.dependencies is not an array']]);
  });
});

describe('Kotlin scripts: @file:DependsOn', () => {
  const deps = (path: string, text: string) => readKotlinScriptDeps(path, text).deps.map((d) => `${d.name} ${d.version ?? '-'} ${d.range ?? '-'} ${d.line}`);
  it('each coordinate of each annotation, on its line, with its version; a dynamic version is a range only', () => {
    const text = '#!/usr/bin/env kotlin\r\n@file:Repository("https://repo1.maven.org/maven2/")\r\n@file:DependsOn("com.aallam.openai:openai-client-jvm:3.8.2")\r\n@file : DependsOn("io.ktor:ktor-client-okhttp-jvm:2.3.12", "dev.langchain4j:langchain4j-open-ai:1.+")\r\n@file:DependsOn("org.example:lib:latest.release")\r\n';
    assert.deepEqual(deps('chat.main.kts', text), [
      'com.aallam.openai:openai-client-jvm 3.8.2 3.8.2 3',
      'io.ktor:ktor-client-okhttp-jvm 2.3.12 2.3.12 4',
      'dev.langchain4j:langchain4j-open-ai - 1.+ 4',
      'org.example:lib - latest.release 5',
    ]);
  });
  it('decoys: a commented-out annotation, a group with no artifact, another annotation, a Gradle script', () => {
    assert.deepEqual(deps('a.main.kts', '// @file:DependsOn("com.anthropic:anthropic-java:2.0.0")\n@file:DependsOn("com.anthropic")\n@file:Repository("com.anthropic:anthropic-java:2.0.0")\nval s = "DependsOn"\n'), []);
    assert.deepEqual(deps('build.gradle.kts', '@file:DependsOn("com.anthropic:anthropic-java:2.0.0")\n'), []);
    // A URL's `//` in a string before it on the line is no comment.
    assert.deepEqual(deps('b.main.kts', '@file:Repository("https://repo1.maven.org/maven2/") @file:DependsOn("com.anthropic:anthropic-java:2.0.0")\n'), ['com.anthropic:anthropic-java 2.0.0 2.0.0 1']);
  });
});

describe('Hatch environments', () => {
  it('dependencies and extra-dependencies of each environment: dev, test for a test environment', () => {
    const r = readManifest('pyproject.toml', '[project]\nname = "app"\ndependencies = ["openai"]\n\n[tool.hatch.envs.default]\ndependencies = [\n  "cohere>=5",\n]\n\n[tool.hatch.envs.test]\nextra-dependencies = ["mistralai==1.0.0"]\n\n[tool.hatch.envs.docs]\ndependencies = "x"\n');
    assert.deepEqual(rows(r), ['openai - - runtime @3', 'cohere >=5 - dev @7', 'mistralai ==1.0.0 1.0.0 test @11']);
    assert.deepEqual(r.warnings, ['tool.hatch.envs.docs.dependencies is not an array']);
  });
});

describe('tox', () => {
  it('tox.ini: deps of [testenv] and [testenv:x], over continued lines, with factor conditions; -r pulls a file in; substitutions, options and paths are none', () => {
    const ini = '[tox]\nrequires = tox-uv\nenv_list = py311, lint\n\n[testenv]\ndeps =\n    pytest\n    py311,py312: openai==1.30.1\n    !py38: anthropic>=0.30  # newer\n    -r requirements-test.txt\n    {[base]deps}\n    -e .\ncommands = pytest {posargs}\n\n[testenv:lint]\ndeps = groq\n\n[base]\ndeps = cohere\n';
    assert.ok(isManifest('tox.ini'));
    const r = readManifest('tox.ini', ini);
    assert.deepEqual(rows(r), ['pytest - - test @7', 'openai ==1.30.1 1.30.1 test @8', 'anthropic >=0.30 - test @9', 'groq - - test @16']);
    assert.deepEqual(r.includes, ['requirements-test.txt']);
    assert.deepEqual(r.warnings, []);
  });

  it('tox.toml and pyproject.toml [tool.tox]: env_run_base and env.<name> deps; legacy_tox_ini at its lines in the file', () => {
    const toml = '[env_run_base]\ndeps = ["pytest", "openai==1.30.1", { replace = "ref", of = ["x"] }]\n\n[env.lint]\ndeps = ["groq"]\n';
    assert.deepEqual(rows(readManifest('tox.toml', toml)), ['pytest - - test @2', 'openai ==1.30.1 1.30.1 test @2', 'groq - - test @5']);
    const py = '[project]\nname = "x"\n\n[tool.tox]\nlegacy_tox_ini = """\n[testenv]\ndeps =\n    anthropic\n"""\n';
    assert.deepEqual(rows(readManifest('pyproject.toml', py)), ['anthropic - - test @8']);
  });
});
