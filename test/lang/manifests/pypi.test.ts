import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readManifest } from '../../../src/lang/manifests/index.js';
import { parseCondaSpec } from '../../../src/lang/manifests/conda.js';
import { groupScope } from '../../../src/lang/manifests/python.js';
import { nameFromUrl, parsePep508 } from '../../../src/lang/manifests/requirements.js';
import type { DeclaredDependency } from '../../../src/lang/types.js';
import { condaArchive, featureScope, pixiLockLines, readPixiLock, readPixiLockYaml } from '../../../src/lang/manifests/pixi.js';
import { expectRows, fixture, noWarnings, readFixture, resolveTree } from './helpers.js';

describe('requirements.txt', () => {
  it('reads pins, ranges, extras, markers, hashes, continuations, VCS and URL lines; skips comments', () => {
    const r = readFixture('pypi/requirements.txt', 'app/requirements.txt');
    noWarnings(r);
    expectRows(r, [
      ['openai', '==1.30.1', '1.30.1', 'runtime', 7],
      ['anthropic', '>=0.25,<1', undefined, 'runtime', 8],
      ['openai-utils', '~=0.3', undefined, 'runtime', 11],
      ['transformers', '>=4.40', undefined, 'runtime', 12],
      ['requests', '==2.31.0', '2.31.0', 'runtime', 13],
      ['tiktoken', '>=0.6', undefined, 'runtime', 16],
      ['peft', undefined, undefined, 'runtime', 18],
      ['openai-whisper', undefined, undefined, 'runtime', 19],
      ['llama-cpp-python', undefined, '0.2.77', 'runtime', 20],
      ['vllm', undefined, '0.4.2', 'runtime', 21],
      ['torch', '==2.3.*', undefined, 'runtime', 23],
    ]);
    assert.deepEqual(r.includes, ['requirements-base.txt', 'extra/ml.txt']);
    // A constraints file declares nothing; it is named for the pins it gives (inventory/includes.ts).
    assert.deepEqual(r.constraints, ['constraints.txt']);
    assert.ok(r.deps.every((d) => d.ecosystem === 'pypi'));
  });
  it('takes the scope from the file name and reads any .txt handed in', () => {
    assert.equal(readManifest('requirements-dev.txt', 'pytest\n').deps[0]?.scope, 'dev');
    assert.equal(readManifest('requirements/test.txt', 'pytest\n').deps[0]?.scope, 'test');
    assert.equal(readManifest('deps/base.txt', 'openai\n').deps[0]?.name, 'openai');
  });
  it('a URL requirement with no package name is named in a warning that says why; a VCS one is taken for its repository\'s name (at that reference, no version), another is not read; one with a name, or a local path, is read or skipped quietly', () => {
    const r = readManifest('requirements.txt', 'openai==1.30.1\ngit+https://github.com/huggingface/peft.git@v0.5.0\ngit+https://github.com/openai/whisper.git#egg=openai-whisper\nanthropic @ https://example.com/anthropic-0.25.0.tar.gz\n./libs/local\nhttps://example.com/download?id=3\n');
    assert.deepEqual(r.deps.map((d) => `${d.name}@${d.line} ${d.range ?? '-'} ${d.version ?? '-'}`), ['openai@1 ==1.30.1 1.30.1', 'peft@2 git+https://github.com/huggingface/peft.git@v0.5.0 -', 'openai-whisper@3 - -', 'anthropic@4 - 0.25.0']);
    assert.deepEqual(r.warnings, [
      'line 2: git+https://github.com/huggingface/peft.git@v0.5.0: a URL requirement with no package name (no #egg= fragment, no "name @ " before it): taken to be the package its repository is named for, peft',
      'line 6: https://example.com/download?id=3: a URL requirement with no package name (no #egg= fragment, no "name @ " before it), so its package is not known',
    ]);
  });
  it('keeps names as written (normalization is the consumer\'s)', () => {
    assert.equal(readManifest('requirements.txt', 'Open_AI.Client>=1\n').deps[0]?.name, 'Open_AI.Client');
  });
  it('warns on lines it cannot read and goes on', () => {
    const r = readManifest('requirements.txt', 'openai\n!!!\nanthropic\n');
    assert.deepEqual(r.deps.map((d) => d.name), ['openai', 'anthropic']);
    assert.equal(r.warnings.length, 1);
  });
  it('an unexpanded ${VAR} is no version: the pin stays as the declared range only', () => {
    const r = readManifest('requirements.txt', 'groq==${GROQ_VERSION}\nopenai == ${OPENAI_V}\nanthropic==0.25.${PATCH}\ncohere==5.5.0\nmistralai===${M}\n');
    noWarnings(r);
    expectRows(r, [
      ['groq', '==${GROQ_VERSION}', undefined, 'runtime', 1],
      ['openai', '==${OPENAI_V}', undefined, 'runtime', 2],
      ['anthropic', '==0.25.${PATCH}', undefined, 'runtime', 3],
      ['cohere', '==5.5.0', '5.5.0', 'runtime', 4],
      ['mistralai', '===${M}', undefined, 'runtime', 5],
    ]);
    assert.equal(parsePep508('groq==${GROQ_VERSION}')?.version, undefined);
    // A URL whose file name holds a variable gives no version either.
    assert.deepEqual(nameFromUrl('https://x/groq-${V}.tar.gz'), undefined);
    assert.deepEqual(readManifest('requirements.txt', 'groq @ https://x/groq-${V}-py3-none-any.whl\n').deps.map((d) => [d.name, d.version]), [['groq', undefined]]);
  });
  it('PDM dev-dependencies groups (before PEP 735) are dev or test dependencies', () => {
    const r = readManifest('pyproject.toml', '[project]\nname = "x"\ndependencies = ["openai>=1"]\n\n[tool.pdm.dev-dependencies]\nlint = ["ruff"]\ntest = [\n  "pytest>=8",\n  "openai-agents==0.0.7",\n]\n\n[tool.pdm.scripts]\nlint = "ruff check ."\n');
    noWarnings(r);
    expectRows(r, [
      ['openai', '>=1', undefined, 'runtime', 3],
      ['ruff', undefined, undefined, 'dev', 6],
      ['pytest', '>=8', undefined, 'test', 8],
      ['openai-agents', '==0.0.7', '0.0.7', 'test', 9],
    ]);
  });
  it('name @ url: the file\'s version only when the file is that project\'s', () => {
    const text = [
      'openai @ https://example.com/wheels/openai-1.30.1-py3-none-any.whl',
      'Llama_CPP.Python @ https://example.com/llama-cpp-python-0.2.77.tar.gz',
      'anthropic @ https://github.com/anthropics/anthropic-sdk-python/archive/refs/heads/release-2.0.zip',
      'langchain @ https://example.com/wheels/langchain_core-0.2.1-py3-none-any.whl',
      '',
    ].join('\n');
    const want = [['openai', '1.30.1'], ['Llama_CPP.Python', '0.2.77'], ['anthropic', undefined], ['langchain', undefined]];
    assert.deepEqual(readManifest('requirements.txt', text).deps.map((d) => [d.name, d.version]), want);
    const toml = `[project]\nname = "x"\ndependencies = [\n${text.trim().split('\n').map((l) => `  "${l}",`).join('\n')}\n]\n`;
    assert.deepEqual(readManifest('pyproject.toml', toml).deps.map((d) => [d.name, d.version]), want);
  });
  it('parses PEP 508 and direct references', () => {
    assert.deepEqual(parsePep508('a[x, y] (>=1, <2) ; os_name == "nt"'), { name: 'a', extras: ['x', 'y'], range: '>=1,<2', marker: 'os_name == "nt"' });
    assert.deepEqual(parsePep508('b===1.0'), { name: 'b', range: '===1.0', version: '1.0' });
    assert.equal(parsePep508('c @ https://x/c.zip')?.url, 'https://x/c.zip');
    assert.deepEqual(nameFromUrl('https://x/openai-1.30.1.tar.gz'), { name: 'openai', version: '1.30.1' });
  });
});

describe('pyproject.toml', () => {
  it('reads PEP 621, PEP 735, build-system and Poetry tables (python skipped)', () => {
    const r = readFixture('pypi/pyproject.toml', 'app/pyproject.toml');
    noWarnings(r);
    expectRows(r, [
      ['openai', '>=1.30', undefined, 'runtime', 10],
      ['anthropic', '==0.25.0', '0.25.0', 'runtime', 11],
      ['langchain', undefined, undefined, 'runtime', 12],
      ['llama-cpp-python', '>=0.2', undefined, 'optional', 16],
      ['pytest', '>=8', undefined, 'test', 19],
      ['ruff', undefined, undefined, 'dev', 20],
      ['poetry-core', '>=1.0.0', undefined, 'build', 2],
      ['openai', '^1.30', undefined, 'runtime', 24],
      ['tiktoken', '0.7.0', '0.7.0', 'optional', 25],
      ['openai-utils', '1.0.0', '1.0.0', 'runtime', 26],
      ['mypy', '^1.10', undefined, 'dev', 29],
      ['pytest-asyncio', '>=0.23', undefined, 'test', 32],
    ]);
  });
  // Group name → the scope it implies: the well-known test and tool groups, and decoys whose
  // name says nothing about what they hold.
  const GROUPS: [string, DeclaredDependency['scope']][] = [
    ['dev', 'dev'], ['Dev', 'dev'], ['development', 'dev'], ['lint', 'dev'], ['linters', 'dev'], ['docs', 'dev'], ['typing', 'dev'],
    ['dev-tools', 'dev'], ['docs_build', 'dev'], ['type-check', 'dev'], ['pre-commit', 'dev'], ['style', 'dev'], ['ci', 'dev'], ['benchmarks', 'dev'],
    ['test', 'test'], ['tests', 'test'], ['testing', 'test'], ['integration-tests', 'test'], ['test.gpu', 'test'], ['coverage', 'test'], ['e2e', 'test'],
    // Decoys: runtime-looking or merely similar names.
    ['ml', undefined], ['gpu', undefined], ['server', undefined], ['agents', undefined], ['llm', undefined], ['devices', undefined],
    ['testbed', undefined], ['latest', undefined], ['style-transfer', undefined], ['doc-qa', undefined], ['ci-bot', undefined], ['integrations', undefined], ['', undefined],
  ];
  for (const [name, scope] of GROUPS) it(`group "${name}" → ${scope ?? 'no scope'}`, () => assert.equal(groupScope(name), scope));

  it('Poetry groups: main is runtime, test and tool groups test or dev, an optional group optional, any other group no scope', () => {
    const text = [
      '[tool.poetry.dependencies]', // 1
      'python = "^3.10"',
      'openai = "^1.30"',
      'torch = { version = "=1.12.0+cu116", source = "torch" }', // 4: Poetry's `=` is an exact version
      '[tool.poetry.group.ml.dependencies]', // 5
      'transformers = "^4.40"',
      '',
      '[tool.poetry.group.gpu]',
      'optional = true',
      '',
      '[tool.poetry.group.gpu.dependencies]', // 11
      'vllm = "0.4.2"',
      '',
      '[tool.poetry.group.docs]',
      'optional = true',
      '[tool.poetry.group.docs.dependencies]', // 16
      'mkdocs = "^1.5"',
      '',
      '[tool.poetry.group.lint.dependencies]',
      'ruff = { version = "^0.4", optional = true }', // 20
      '',
      '[tool.poetry.group.main.dependencies]',
      'anthropic = "^0.25"', // 23
      '',
      '[tool.poetry.group.integration-tests.dependencies]',
      'pytest = "^8"', // 26
      '',
      '[tool.poetry.group.agents]',
      'optional = false',
      '[tool.poetry.group.agents.dependencies]',
      'openai-agents = { version = "^0.0.7", optional = true }', // 31
      '',
    ].join('\n');
    const r = readManifest('pyproject.toml', text);
    noWarnings(r);
    expectRows(r, [
      ['openai', '^1.30', undefined, 'runtime', 3],
      ['torch', '=1.12.0+cu116', '1.12.0+cu116', 'runtime', 4],
      ['transformers', '^4.40', undefined, undefined, 6],
      ['vllm', '0.4.2', '0.4.2', 'optional', 12],
      // An optional docs group is still a tool group; a dependency's own `optional` does not make a lint tool an extra.
      ['mkdocs', '^1.5', undefined, 'dev', 17],
      ['ruff', '^0.4', undefined, 'dev', 20],
      ['anthropic', '^0.25', undefined, 'runtime', 23],
      ['pytest', '^8', undefined, 'test', 26],
      ['openai-agents', '^0.0.7', undefined, 'optional', 31],
    ]);
  });
  it('PEP 735 groups take their scope from the name too, any other group optional; PDM dev-dependencies are dev whatever the name; each keeps its group or extra', () => {
    const r = readManifest('pyproject.toml', '[project]\ndependencies = ["openai"]\n[project.optional-dependencies]\ngpu = ["torch"]\n[dependency-groups]\nserve = ["vllm>=0.4"]\ndev = ["ruff"]\nml = ["openai", {include-group = "dev"}]\n\n[tool.pdm.dev-dependencies]\nserve = ["uvicorn"]\n');
    noWarnings(r);
    expectRows(r, [
      ['openai', undefined, undefined, 'runtime', 2],
      ['torch', undefined, undefined, 'optional', 4],
      ['vllm', '>=0.4', undefined, 'optional', 6],
      ['ruff', undefined, undefined, 'dev', 7],
      ['openai', undefined, undefined, 'optional', 8],
      ['uvicorn', undefined, undefined, 'dev', 11],
    ]);
    // Decoys: [project] dependencies belong to no group; an include-group entry is no package.
    assert.deepEqual(r.deps.map((d) => [d.name, d.groups, d.extras]), [
      ['openai', undefined, undefined], ['torch', undefined, ['gpu']], ['vllm', ['serve'], undefined],
      ['ruff', ['dev'], undefined], ['openai', ['ml'], undefined], ['uvicorn', ['serve'], undefined],
    ]);
  });
  it("uv's [tool.uv] default-groups: a listed group (or every group, \"all\") is runtime unless its name says test or dev; others stay optional", () => {
    const groups = '[dependency-groups]\nml = ["openai"]\nml-extra = ["anthropic"]\ntest = ["pytest"]\nAgents_Core = ["langchain"]\nlint = ["ruff"]\n';
    const table: Array<[head: string, scopes: DeclaredDependency['scope'][]]> = [
      // The listed groups, compared as PEP 735 normalizes names; a listed test group stays test.
      ['[tool.uv]\ndefault-groups = ["ml", "test", "agents-core"]\n', ['runtime', 'optional', 'test', 'runtime', 'dev']],
      ['[tool.uv]\ndefault-groups = "all"\n', ['runtime', 'runtime', 'test', 'runtime', 'dev']],
      // Decoys: a group only matching by prefix; the setting under another tool's table; a value
      // uv does not read (a string other than "all", a table, a number, a list of non-strings).
      ['[tool.uv]\ndefault-groups = ["agents", "m"]\n', ['optional', 'optional', 'test', 'optional', 'dev']],
      ['[tool.pdm]\ndefault-groups = ["ml"]\n', ['optional', 'optional', 'test', 'optional', 'dev']],
      ['default-groups = "all"\n[tool.uv]\ndev-dependencies = []\n', ['optional', 'optional', 'test', 'optional', 'dev']],
      ['[tool.uv]\ndefault-groups = "ml"\n', ['optional', 'optional', 'test', 'optional', 'dev']],
      ['[tool.uv]\ndefault-groups = { ml = true }\n', ['optional', 'optional', 'test', 'optional', 'dev']],
      ['[tool.uv]\ndefault-groups = 1\n', ['optional', 'optional', 'test', 'optional', 'dev']],
      ['[tool.uv]\ndefault-groups = [1, ["ml"], { ml = 1 }]\n', ['optional', 'optional', 'test', 'optional', 'dev']],
      ['tool = 1\n', ['optional', 'optional', 'test', 'optional', 'dev']],
    ];
    for (const [head, scopes] of table) {
      const r = readManifest('pyproject.toml', head + groups);
      noWarnings(r);
      assert.deepEqual(r.deps.map((d) => [d.name, d.scope, d.groups]), ['openai', 'anthropic', 'pytest', 'langchain', 'ruff'].map((n, i) => [n, scopes[i], [['ml', 'ml-extra', 'test', 'Agents_Core', 'lint'][i]]]), head);
    }
  });
  it('keeps the tables before a syntax error', () => {
    const r = readManifest('pyproject.toml', '[project]\ndependencies = ["openai"]\n\n[tool.poetry.dependencies]\nx = "unterminated\n');
    expectRows(r, [['openai', undefined, undefined, 'runtime', 2]]);
    assert.match(r.warnings[0]!, /TOML syntax error/);
  });
});

describe('Pipfile and Pipfile.lock', () => {
  it('Pipfile: packages and dev-packages', () => {
    const r = readFixture('pypi/Pipfile', 'app/Pipfile');
    noWarnings(r);
    expectRows(r, [
      ['openai', '==1.30.1', '1.30.1', 'runtime', 7],
      ['anthropic', '*', undefined, 'runtime', 8],
      ['transformers', '>=4.40', undefined, 'runtime', 9],
      ['pytest', '*', undefined, 'dev', 12],
    ]);
  });
  it('Pipfile.lock: default and develop', () => {
    const r = readFixture('pypi/Pipfile.lock', 'app/Pipfile.lock');
    noWarnings(r);
    expectRows(r, [
      ['anthropic', undefined, '0.25.0', 'runtime', 9],
      ['openai', undefined, '1.30.1', 'runtime', 16],
      ['pytest', undefined, '8.2.0', 'dev', 24],
    ]);
  });
});

describe('poetry.lock and uv.lock', () => {
  it('poetry.lock: every [[package]], category and optional as scope', () => {
    const r = readFixture('pypi/poetry.lock', 'app/poetry.lock');
    noWarnings(r);
    expectRows(r, [
      ['anthropic', undefined, '0.25.0', undefined, 4],
      ['mypy', undefined, '1.10.0', 'dev', 17],
      ['openai', undefined, '1.35.3', undefined, 25],
      ['tiktoken', undefined, '0.7.0', 'optional', 35],
    ]);
    assert.ok(r.deps.every((d) => d.lockfile === 'app/poetry.lock'));
  });
  it('uv.lock: skips the root editable; what the root depends on is runtime', () => {
    const r = readFixture('pypi/uv.lock', 'app/uv.lock');
    noWarnings(r);
    expectRows(r, [
      ['anthropic', undefined, '0.25.0', 'runtime', 5],
      ['openai', undefined, '1.35.3', 'runtime', 29],
    ]);
  });
  // uv.lock names no scope: it is what the graph from the project's packages says.
  const pkg = (name: string, version: string, body = '', source = '{ registry = "https://pypi.org/simple" }') =>
    `[[package]]\nname = "${name}"\nversion = "${version}"\nsource = ${source}\n${body}\n`;
  const UV_GRAPH = [
    'version = 1',
    pkg('app', '0.1.0', 'dependencies = [{ name = "langchain-openai" }, { name = "worker" }]\n[package.optional-dependencies]\nlocal = [{ name = "ollama" }]\n[package.dev-dependencies]\ndev = [{ name = "pytest" }, { name = "anthropic" }]\nml = [{ name = "torch" }, { name = "openai", version = "1.54.0", extra = ["datalib"] }]\ntest = [{ name = "pytest" }]', '{ editable = "." }'),
    pkg('worker', '0.1.0', 'dependencies = [{ name = "cohere" }]\n[package.dev-dependencies]\ndev = [{ name = "ruff" }]', '{ editable = "packages/worker" }'),
    pkg('langchain-openai', '0.2.0', 'dependencies = [{ name = "openai", version = "1.54.0" }]'),
    pkg('openai', '1.54.0', 'dependencies = [{ name = "httpx" }]\n[package.optional-dependencies]\ndatalib = [{ name = "numpy" }]'),
    pkg('openai', '1.30.0', 'dependencies = [{ name = "httpx" }]'),
    pkg('httpx', '0.27.0'),
    pkg('numpy', '2.1.0'),
    pkg('cohere', '5.0.0'),
    pkg('ruff', '0.6.0'),
    pkg('ollama', '0.3.0', 'dependencies = [{ name = "httpx" }]'),
    pkg('pytest', '8.3.0'),
    pkg('anthropic', '0.34.0', 'dependencies = [{ name = "httpx" }]'),
    pkg('torch', '2.4.0', 'dependencies = [{ name = "numpy" }]'),
    pkg('orphan', '1.0.0'),
  ].join('\n');
  it('uv.lock: runtime through dependencies (a workspace member\'s too); gated by the groups and extras that alone reach a package; an edge\'s version and extras followed', () => {
    const r = readManifest('uv.lock', UV_GRAPH);
    noWarnings(r);
    const got = r.deps.map((d) => `${d.name}@${d.version} ${d.scope ?? '-'}${d.groups ? ` groups=${d.groups.join(',')}` : ''}${d.extras ? ` extras=${d.extras.join(',')}` : ''}`);
    assert.deepEqual(got, [
      'langchain-openai@0.2.0 runtime',
      // The version the edges name; the other (a fork for another platform) is reached by none.
      'openai@1.54.0 runtime',
      'openai@1.30.0 -',
      'httpx@0.27.0 runtime',
      // Only through `ml`'s openai[datalib] and torch.
      'numpy@2.1.0 optional groups=ml',
      // A workspace member's runtime dependency; its own dev group is not installed for the project.
      'cohere@5.0.0 runtime',
      'ruff@0.6.0 dev groups=dev',
      'ollama@0.3.0 optional extras=local',
      'pytest@8.3.0 dev groups=dev,test',
      'anthropic@0.34.0 dev groups=dev',
      'torch@2.4.0 optional groups=ml',
      'orphan@1.0.0 -',
    ]);
  });
  it('uv.lock beside a pyproject.toml: a package only a [tool.uv] default-groups group reaches is runtime; another group\'s stays optional', () => {
    const pyproject = '[project]\nname = "app"\nversion = "0.1.0"\n[dependency-groups]\nAgents_Core = ["langchain-openai>=0.2"]\nml = ["torch"]\n[tool.uv]\ndefault-groups = ["agents-core"]\n';
    const lock = [
      'version = 1',
      pkg('app', '0.1.0', '[package.dev-dependencies]\nagents-core = [{ name = "langchain-openai" }]\nml = [{ name = "torch" }]', '{ editable = "." }'),
      pkg('langchain-openai', '0.2.0', 'dependencies = [{ name = "openai" }]'),
      pkg('openai', '1.54.0'),
      pkg('torch', '2.4.0', 'dependencies = [{ name = "numpy" }]'),
      pkg('numpy', '2.1.0'),
    ].join('\n');
    const scopes = (files: Record<string, string>) => resolveTree(files).map((d) => `${d.path}: ${d.name}@${d.version ?? d.range} ${d.scope}`).sort();
    assert.deepEqual(scopes({ 'app/pyproject.toml': pyproject, 'app/uv.lock': lock }), [
      'app/pyproject.toml: langchain-openai@0.2.0 runtime',
      'app/pyproject.toml: torch@2.4.0 optional',
      'app/uv.lock: numpy@2.1.0 optional',
      'app/uv.lock: openai@1.54.0 runtime',
    ]);
    // A pyproject.toml in another folder says nothing of this lock.
    assert.deepEqual(scopes({ 'other/pyproject.toml': pyproject, 'app/uv.lock': lock }).filter((x) => x.startsWith('app/')), [
      'app/uv.lock: langchain-openai@0.2.0 optional',
      'app/uv.lock: numpy@2.1.0 optional',
      'app/uv.lock: openai@1.54.0 optional',
      'app/uv.lock: torch@2.4.0 optional',
    ]);
  });
  it('uv.lock: a cycle and a hostile fan-out end (bounded walk)', () => {
    const cycle = ['version = 1', pkg('app', '0.1.0', 'dependencies = [{ name = "a" }]', '{ virtual = "." }'), pkg('a', '1.0.0', 'dependencies = [{ name = "b" }]'), pkg('b', '1.0.0', 'dependencies = [{ name = "a" }]')].join('\n');
    assert.deepEqual(readManifest('uv.lock', cycle).deps.map((d) => `${d.name} ${d.scope}`), ['a runtime', 'b runtime']);
    const n = 2000;
    const fan = ['version = 1', pkg('app', '0.1.0', `dependencies = [${Array.from({ length: n }, (_, i) => `{ name = "p${i}" }`).join(', ')}]`, '{ virtual = "." }')];
    for (let i = 0; i < n; i++) fan.push(pkg(`p${i}`, '1.0.0', `dependencies = [${Array.from({ length: 20 }, (_, k) => `{ name = "p${(i * 7 + k) % n}" }`).join(', ')}]`));
    const t0 = performance.now();
    const r = readManifest('uv.lock', fan.join('\n'));
    assert.ok(performance.now() - t0 < 5000);
    assert.ok(r.deps.every((d) => d.scope === 'runtime'));
  });
});

/** Reads `text` as `name` and says how long it took: a hostile file must read in linear time. */
function timed(name: string, text: string): { r: ReturnType<typeof readManifest>; ms: number } {
  const t0 = performance.now();
  const r = readManifest(name, text);
  return { r, ms: performance.now() - t0 };
}

describe('conda environment.yml', () => {
  it('conda packages as conda, the pip list as pypi, pip includes', () => {
    const r = readFixture('pypi/environment.yml', 'app/environment.yml');
    noWarnings(r);
    expectRows(r, [
      ['python', '=3.11', undefined, 'runtime', 6],
      ['pytorch', '==2.3.0', '2.3.0', 'runtime', 7],
      ['numpy', '>=1.26', undefined, 'runtime', 8],
      ['cudatoolkit', '=11.8=h4ba93d1_12', '11.8', 'runtime', 9],
      ['pip', undefined, undefined, 'runtime', 11],
      ['openai', '==1.30.1', '1.30.1', 'runtime', 13],
      ['anthropic', '>=0.25', undefined, 'runtime', 15],
    ]);
    assert.deepEqual(r.deps.map((d) => d.ecosystem), ['conda', 'conda', 'conda', 'conda', 'conda', 'pypi', 'pypi']);
    assert.deepEqual(r.includes, ['requirements-extra.txt']);
  });
  it('1 MB of YAML errors on one line (`- a: - a: …`) reads in linear time, its first errors placed by line and column', () => {
    const { r, ms } = timed('environment.yml', `dependencies:\n${'- a: '.repeat(200_000)}`);
    assert.deepEqual(r.deps, []);
    assert.equal(r.warnings.length, 5);
    assert.match(r.warnings[0]!, /^malformed YAML: .* at line 2, column \d+$/);
    assert.ok(ms < 30_000, `${ms} ms`);
  });
  it('parses match specs', () => {
    assert.deepEqual(parseCondaSpec('numpy 1.26.*'), { name: 'numpy', range: '1.26.*', version: undefined });
    assert.deepEqual(parseCondaSpec('conda-forge::openai'), { name: 'openai' });
    // conda's MatchSpec: `==` and a bare version are exact; `=` is fuzzy (2.3.0*) unless a build follows.
    const rows: [string, string | undefined][] = [
      ['pytorch==2.3.0', '2.3.0'],
      ['pytorch 2.3.0', '2.3.0'],
      ['pytorch=2.3.0=py3.11_cuda12.1_0', '2.3.0'],
      ['pytorch 2.3.0 py3.11_cuda12.1_0', '2.3.0'],
      ['pytorch==2.3.0=py3.11_0', '2.3.0'],
      ['pytorch=2.3.0', undefined],
      ['pytorch=2.3', undefined],
      ['pytorch 2.3.*', undefined],
      ['pytorch>=2.3,<3', undefined],
      ['pytorch=2.3.0|2.3.1', undefined],
    ];
    for (const [spec, version] of rows) assert.equal(parseCondaSpec(spec)?.version, version, spec);
    assert.equal(parseCondaSpec('pytorch 2.3.0 py3.11_cuda12.1_0')?.range, '2.3.0=py3.11_cuda12.1_0');
  });
});


describe('pylock.toml (PEP 751)', () => {
  it('every [[packages]] with its version: wheels, sdist, archive (version from its file), a name twice by marker; VCS and directory without one; the editable project left out', () => {
    const r = readFixture('pypi/pylock.toml', 'app/pylock.toml');
    noWarnings(r);
    // A multi-use lock (it lists its extras and groups): an entry no group or extra gates is in the default install.
    expectRows(r, [
      ['Google_GenerativeAI', undefined, '0.7.2', 'runtime', 10],
      ['openai', undefined, '1.54.0', 'runtime', 19],
      ['torch', undefined, '2.2.2', 'runtime', 28],
      ['torch', undefined, '2.5.1', 'runtime', 33],
      // Decoys: a commit is no version; an archive whose file is not the project's says nothing.
      ['anthropic', undefined, undefined, 'runtime', 38],
      ['llama-cpp-python', undefined, '0.2.77', 'runtime', 46],
      ['vllm', undefined, undefined, 'optional', 52],
      ['local-tools', undefined, undefined, 'runtime', 59],
    ]);
    assert.deepEqual(r.deps.filter((d) => d.groups !== undefined || d.extras !== undefined).map((d) => [d.name, d.groups, d.extras]), [['vllm', undefined, ['gpu']]]);
    assert.ok(r.deps.every((d) => d.lockfile === 'app/pylock.toml' && d.ecosystem === 'pypi'));
    // A name in a [tool] string is no package.
    assert.equal(r.deps.some((d) => d.name === 'transformers' || d.name === 'myapp'), false);
  });
  it('a marker that limits an entry to dependency groups or extras gives their scope (a default group runtime, test and tool names test or dev, any other optional) and keeps their names; an ungated entry of a multi-use lock is runtime', () => {
    // [marker, scope, groups, extras]
    const table: Array<[string, DeclaredDependency['scope'], string[]?, string[]?]> = [
      ["'dev' in dependency_groups", 'dev', ['dev'], []],
      ["'test' in dependency_groups", 'test', ['test'], []],
      ["'lint' in dependency_groups or 'test' in dependency_groups", 'dev', ['lint', 'test'], []],
      ["sys_platform == 'linux' and 'docs' in dependency_groups", 'dev', ['docs'], []],
      ["('tests' in dependency_groups or 'pytest' in dependency_groups) and python_version >= '3.10'", 'test', ['tests', 'pytest'], []],
      ["'test' in extras", 'test', [], ['test']],
      ["'gpu' in extras", 'optional', [], ['gpu']],
      ["\"gpu\" in extras or 'dev' in dependency_groups", 'optional', ['dev'], ['gpu']],
      ["'default' in dependency_groups", 'runtime', ['default'], []],
      ["'default' in dependency_groups or 'dev' in dependency_groups", 'runtime', ['default', 'dev'], []],
      // Custom groups: not installed unless asked for, so optional, with their names.
      ["'ml' in dependency_groups", 'optional', ['ml'], []],
      ["'ml' in dependency_groups or 'agents' in dependency_groups", 'optional', ['ml', 'agents'], []],
      ["'ml' in dependency_groups or 'lint' in dependency_groups", 'optional', ['ml', 'lint'], []],
      ["python_version >= '3.10' and 'ml' in dependency_groups", 'optional', ['ml'], []],
      // Decoys: in the default group and a custom one stays runtime; a marker that holds without
      // any group is in the default install (runtime), as is a negated one; environment markers
      // only; names that are not the marker variables; a marker this does not read (no scope).
      ["'ml' in dependency_groups or 'default' in dependency_groups", 'runtime', ['ml', 'default'], []],
      ["'ml' in dependency_groups or sys_platform == 'linux'", 'runtime'],
      ["'dev' not in dependency_groups", 'runtime'],
      ["sys_platform == 'darwin'", 'runtime'],
      ["'dev' in dependency_group", 'runtime'],
      ["extras in 'dev'", 'runtime'],
      ["extra == 'dev'", 'runtime'],
      ["'dev' in dependency_groups and", undefined],
      ["(('dev' in dependency_groups)", undefined],
      [`${'('.repeat(40)}'dev' in dependency_groups${')'.repeat(40)}`, undefined],
    ];
    for (const [marker, scope, groups, extras] of table) {
      const text = `lock-version = "1.0"\ndefault-groups = ["default"]\ndependency-groups = ["dev"]\n\n[[packages]]\nname = "openai"\nversion = "1.54.0"\nmarker = ${JSON.stringify(marker)}\n`;
      const r = readManifest('app/pylock.toml', text);
      noWarnings(r);
      assert.deepEqual(r.deps.map((d) => [d.name, d.scope, d.line, d.groups ?? [], d.extras ?? []]), [['openai', scope, 6, groups ?? [], extras ?? []]], marker);
    }
    // Without default-groups no group is the default (PEP 751: it defaults to []), so a group
    // named `default` is a group as any other; the earlier draft's default-group names one.
    const pkg = `\n[[packages]]\nname = "openai"\nversion = "1.54.0"\nmarker = "'default' in dependency_groups"\n`;
    assert.deepEqual(readManifest('pylock.toml', `lock-version = "1.0"\n${pkg}`).deps.map((d) => d.scope), ['optional']);
    assert.deepEqual(readManifest('pylock.toml', `lock-version = "1.0"\ndefault-group = "default"\n${pkg}`).deps.map((d) => d.scope), ['runtime']);
    // An ungated entry: runtime in a lock that lists its extras or groups (even none), no scope in a
    // single-use lock (one made for whatever install it was exported for).
    const plain = '\n[[packages]]\nname = "openai"\nversion = "1.54.0"\n';
    for (const [head, scope] of [['', undefined], ['extras = []\n', 'runtime'], ['dependency-groups = []\n', 'runtime'], ['default-groups = []\n', 'runtime'], ['extras = "gpu"\n', undefined]] as const) {
      assert.deepEqual(readManifest('pylock.toml', `lock-version = "1.0"\n${head}${plain}`).deps.map((d) => d.scope), [scope], head);
    }
    // 3 MB markers (a long `or` of extras, unclosed parentheses) read in linear time.
    for (const [marker, scope] of [[`${"'a' in extras or ".repeat(180_000)}'b' in extras`, 'optional'], ['('.repeat(3e6), undefined]] as const) {
      const { r, ms } = timed('pylock.toml', `lock-version = "1.0"\n[[packages]]\nname = "openai"\nmarker = ${JSON.stringify(marker)}\n`);
      assert.deepEqual(r.deps.map((d) => d.scope), [scope]);
      assert.ok(ms < 30_000, `${ms} ms`);
    }
  });
  it('named lock files are read; other names are not lock files', () => {
    const text = 'lock-version = "1.0"\ncreated-by = "pdm"\n\n[[packages]]\nname = "openai"\nversion = "1.54.0"\n';
    for (const name of ['pylock.toml', 'pylock.dev.toml', 'pylock.spam-gpu.toml']) assert.deepEqual(readManifest(`x/${name}`, text).deps.map((d) => [d.name, d.version, d.line]), [['openai', '1.54.0', 5]], name);
    for (const name of ['pylock.a.b.toml', 'my-pylock.toml', 'pylock.toml.orig']) assert.deepEqual(readManifest(`x/${name}`, text).deps, [], name);
  });
  it('an unknown major lock-version, or none, is a warning: the packages are still read as 1.0 has them', () => {
    const pkg = '\n[[packages]]\nname = "openai"\nversion = "2.0.0"\n';
    for (const [head, warned] of [['lock-version = "1.3"\n', false], ['lock-version = "2.0"\n', true], ['lock-version = 1.0\n', true], ['created-by = "x"\n', true], ['lock-version = "10"\n', true]] as const) {
      const r = readManifest('pylock.toml', head + pkg);
      assert.deepEqual(r.deps.map((d) => [d.name, d.version]), [['openai', '2.0.0']], head);
      assert.equal(r.warnings.length, warned ? 1 : 0, head);
      if (warned) assert.match(r.warnings[0]!, /lock-version .*read as lock-version 1\.0/);
    }
  });
  it('a malformed or truncated file is a warning, with the packages before the damage', () => {
    const r = readManifest('pylock.toml', 'lock-version = "1.0"\n[[packages]]\nname = "openai"\nversion = "1.54.0"\n\n[[packages]]\nname = "anthropic\nversion = "0.25.0"\n');
    assert.deepEqual(r.deps.map((d) => [d.name, d.version]), [['openai', '1.54.0']]);
    assert.match(r.warnings[0]!, /TOML syntax error/);
    const noName = readManifest('pylock.toml', 'lock-version = "1.0"\n[[packages]]\nversion = "1.0"\n');
    assert.deepEqual([noName.deps, noName.warnings], [[], ['packages[0] has no name']]);
    assert.deepEqual(readManifest('pylock.toml', 'lock-version = "1.0"\npackages = "openai"\n').warnings, ['packages is not an array of tables']);
  });
  it('3 MB of packages read in linear time', () => {
    const block = '[[packages]]\nname = "openai"\nversion = "1.54.0"\n[[packages.wheels]]\nurl = "https://x/openai-1.54.0-py3-none-any.whl"\n\n';
    const { r, ms } = timed('pylock.toml', `lock-version = "1.0"\n${block.repeat(Math.ceil(3e6 / block.length))}`);
    assert.equal(r.deps.length, Math.ceil(3e6 / block.length));
    assert.ok(ms < 30_000, `${ms} ms`);
  });
});

describe('pdm.lock', () => {
  it('every [[package]] with its version; groups give the scope (default → runtime; test and tool groups; any other optional) and are kept', () => {
    const r = readFixture('pypi/pdm.lock', 'app/pdm.lock');
    noWarnings(r);
    expectRows(r, [
      ['anthropic', undefined, '0.25.0', 'runtime', 14],
      ['openai', undefined, '1.35.3', 'runtime', 27],
      ['pytest', undefined, '8.2.0', 'test', 36],
      ['ruff', undefined, '0.4.4', 'dev', 41],
      ['vllm', undefined, '0.4.2', 'optional', 46],
    ]);
    assert.deepEqual(r.deps.map((d) => d.groups), [['default'], ['default', 'dev'], ['test'], ['dev', 'test'], ['gpu']]);
    assert.ok(r.deps.every((d) => d.lockfile === 'app/pdm.lock'));
    // Decoys: the [metadata] groups and the `dependencies` strings of a package are no packages.
    assert.equal(r.deps.some((d) => d.name === 'httpx' || d.name === 'default'), false);
  });
  it('custom groups are optional; the default group, alone or beside a custom one, runtime; no groups no scope', () => {
    // [groups, scope]
    const table: Array<[string, DeclaredDependency['scope'], string[]?]> = [
      ['["ml"]', 'optional', ['ml']],
      ['["ml", "agents"]', 'optional', ['ml', 'agents']],
      ['["lint"]', 'dev', ['lint']],
      ['["lint", "ml"]', 'optional', ['lint', 'ml']],
      ['["test", "lint"]', 'dev', ['test', 'lint']],
      // Decoys: the default group, alone or beside custom ones; no groups, or not an array of names.
      ['["default"]', 'runtime', ['default']],
      ['["ml", "default"]', 'runtime', ['ml', 'default']],
      ['[]', undefined],
      ['"ml"', undefined],
      ['[1, 2]', undefined],
    ];
    for (const [groups, scope, names] of table) {
      const r = readManifest('pdm.lock', `[metadata]\ngroups = ["default", "ml"]\n\n[[package]]\nname = "openai"\nversion = "1.35.3"\ngroups = ${groups}\n`);
      noWarnings(r);
      assert.deepEqual(r.deps.map((d) => [d.name, d.scope, d.groups]), [['openai', scope, names]], groups);
    }
    // Without `groups` (no gate known) no scope.
    assert.deepEqual(readManifest('pdm.lock', '[[package]]\nname = "openai"\nversion = "1.35.3"\n').deps.map((d) => [d.scope, d.groups]), [[undefined, undefined]]);
  });
  it('a truncated file is a warning with the packages before it', () => {
    const r = readManifest('pdm.lock', '[[package]]\nname = "openai"\nversion = "1.35.3"\ngroups = ["default"]\n\n[[package]]\nname = "anth');
    assert.deepEqual(r.deps.map((d) => [d.name, d.version]), [['openai', '1.35.3']]);
    assert.match(r.warnings[0]!, /TOML syntax error/);
  });
});

describe('setup.cfg', () => {
  it('[options] install_requires / setup_requires / tests_require and [options.extras_require], one requirement a line, with their lines', () => {
    const r = readFixture('pypi/setup.cfg', 'app/setup.cfg');
    noWarnings(r);
    expectRows(r, [
      ['openai', '>=1.30,<2', undefined, 'runtime', 10],
      ['Google_GenerativeAI', '==0.7.2', '0.7.2', 'runtime', 12],
      ['tiktoken', undefined, undefined, 'runtime', 13],
      ['langchain', '>=0.2', undefined, 'runtime', 15],
      ['setuptools', '>=61', undefined, 'build', 16],
      ['wheel', undefined, undefined, 'build', 16],
      ['pytest', '>=8', undefined, 'test', 18],
      ['vllm', '==0.4.2', '0.4.2', 'optional', 22],
      ['torch', '>=2.2', undefined, 'optional', 23],
      ['faiss-cpu', undefined, undefined, 'optional', 24],
    ]);
    // Decoys: commented-out requirements, a [metadata] value, an entry point named like a package.
    assert.equal(r.deps.some((d) => ['anthropic', 'decoy-in-a-comment', 'not-this', 'openai-cli'].includes(d.name)), false);
  });
  it('a one-line value splits at ";" as setuptools does: a marker there is a warning, no package', () => {
    const r = readManifest('setup.cfg', '[options]\ninstall_requires = openai>=1; python_version >= "3.8"\n');
    expectRows(r, [['openai', '>=1', undefined, 'runtime', 2]]);
    assert.equal(r.warnings.length, 1);
    assert.match(r.warnings[0]!, /split at ';'/);
  });
  it('keys without regard to case or dashes; `file:` names requirements files read as includes; other sections are not read', () => {
    const r = readManifest('setup.cfg', '[Options]\nInstall-Requires =\n  anthropic==0.25.0\ntests_require = file: requirements-test.txt, extra/ci.in\n[tool:pytest]\ninstall_requires = openai\n[options.package_data]\nopenai = *.json\n');
    noWarnings(r);
    expectRows(r, [['anthropic', '==0.25.0', '0.25.0', 'runtime', 3]]);
    assert.deepEqual(r.includes, ['requirements-test.txt', 'extra/ci.in']);
  });
  it('a continuation line of another key is no key of its own', () => {
    const r = readManifest('setup.cfg', '[options]\ndata_files =\n    install_requires = openai\n  tests_require: anthropic\ninstall_requires = cohere\n[options.package_data]\nx =\n    install_requires = mistralai\n');
    noWarnings(r);
    expectRows(r, [['cohere', undefined, undefined, 'runtime', 5]]);
  });
  it('a line that is no requirement is a warning; the others are read', () => {
    const r = readManifest('setup.cfg', '[options]\ninstall_requires =\n    openai\n    !!!\n    anthropic\n[unclosed\n');
    assert.deepEqual(r.deps.map((d) => d.name), ['openai', 'anthropic']);
    assert.equal(r.warnings.length, 2);
  });
  it('4 MB of requirement lines, and of a continuation that never ends, read in linear time', () => {
    const many = timed('setup.cfg', `[options]\ninstall_requires =\n${'    openai>=1\n'.repeat(300_000)}`);
    assert.equal(many.r.deps.length, 200_000); // MAX_DEPS
    const junk = timed('setup.cfg', `[options]\ninstall_requires = ${'a;'.repeat(2_000_000)}\n`);
    assert.equal(junk.r.deps.length, 200_000);
    const keys = timed('setup.cfg', '[options]\n' + 'x = 1\n'.repeat(700_000));
    assert.deepEqual(keys.r.deps, []);
    for (const { ms } of [many, junk, keys]) assert.ok(ms < 30_000, `${ms} ms`);
  });
});

describe('setup.py', () => {
  it('literal lists of setup(): install_requires through a bound name, setup_requires, tests_require, extras_require; strings, comments and computed values are not requirements', () => {
    const r = readFixture('pypi/setup.py', 'app/setup.py');
    noWarnings(r);
    expectRows(r, [
      ['openai', '>=1.30', undefined, 'runtime', 9],
      // Adjacent strings concatenate.
      ['Google_GenerativeAI', '==0.7.2', '0.7.2', 'runtime', 10],
      ['setuptools', '>=61', undefined, 'build', 25],
      // The f-string item is computed: left out.
      ['pytest', '>=8', undefined, 'test', 26],
      ['vllm', '==0.4.2', '0.4.2', 'optional', 28],
      ['torch', '>=2.2', undefined, 'optional', 28],
      ['openai-agents', undefined, undefined, 'optional', 31],
    ]);
    // Decoys: the docstring, the comment, a string constant, a function's dict, a conditional value.
    assert.equal(r.deps.some((d) => ['transformers', 'cohere', 'mistralai', 'groq', 'anthropic'].includes(d.name)), false);
  });
  it('setuptools.setup and distutils.core.setup; dict(...) extras; another object\'s setup() and a def setup are not setuptools\'', () => {
    const cases: Array<[string, string[]]> = [
      ['import setuptools\nsetuptools.setup(install_requires=("openai",))\n', ['openai']],
      ['from distutils import core\ncore.setup(install_requires=["openai"])\n', ['openai']],
      ['from setuptools import setup\nsetup(extras_require=dict(ai=["anthropic"], rag=DEPS))\n', ['anthropic']],
      ['app.setup(install_requires=["openai"])\n', []],
      ['def setup(install_requires=["openai"]):\n    pass\n', []],
      ['setup(install_requires=open("requirements.txt").read().splitlines())\n', []],
      ['setup(install_requires=BASE + ["openai"])\n', []],
      ['setup(install_requires=[r for r in ["openai"]])\n', []],
      // A name bound twice is not guessed at.
      ['R = ["openai"]\nR = ["anthropic"]\nsetup(install_requires=R)\n', []],
      ['R = ["anthropic"]\nsetup(install_requires=R, tests_require=R)\n', ['anthropic', 'anthropic']],
      ['setup(**config)\n', []],
    ];
    for (const [text, names] of cases) {
      const r = readManifest('setup.py', text);
      noWarnings(r);
      assert.deepEqual(r.deps.map((d) => d.name), names, text);
    }
  });
  it('a file the lexer cannot read (truncated, unterminated string) is a warning', () => {
    for (const text of ['from setuptools import setup\nsetup(install_requires=["openai",\n', 'setup(install_requires=["openai]\n']) {
      const r = readManifest('setup.py', text);
      assert.deepEqual(r.deps, [], text);
      assert.equal(r.warnings.length, 1, text);
      assert.match(r.warnings[0]!, /^not read: /);
    }
  });
  it('hostile input up to the token bound read in linear time; past it, a warning', () => {
    // Each just under the lexer's 500,000 tokens (src/lang/limits.ts).
    const nested = timed('setup.py', `${'setup('.repeat(120_000)}install_requires=["openai"]${')'.repeat(120_000)}\n`);
    assert.deepEqual(nested.r.deps.map((d) => d.name), []); // the outer call's argument is a call
    const flat = timed('setup.py', `setup(install_requires=[${'"openai>=1",'.repeat(210_000)}])\n`);
    assert.equal(flat.r.deps.length, 200_000);
    const calls = timed('setup.py', 'R = ["openai"]\n' + 'setup(install_requires=R)\n'.repeat(60_000));
    assert.equal(calls.r.deps.length, 60_000);
    const binds = timed('setup.py', 'R = [1]\n'.repeat(80_000) + 'setup(install_requires=R)\n');
    assert.deepEqual(binds.r.deps, []);
    const extras = timed('setup.py', `setup(extras_require={${'"x": ["openai"], '.repeat(70_000)}})\n`);
    assert.equal(extras.r.deps.length, 70_000);
    // Past the bound (3 MB of calls): not read, and the warning says why.
    const over = timed('setup.py', 'R = ["openai"]\n' + 'setup(install_requires=R)\n'.repeat(120_000));
    assert.deepEqual(over.r.deps, []);
    assert.deepEqual(over.r.warnings, ['not read: more than 500000 tokens']);
    for (const { ms } of [nested, flat, calls, binds, extras, over]) assert.ok(ms < 30_000, `${ms} ms`);
  });
});

describe('pixi (pixi.toml, [tool.pixi] in pyproject.toml, pixi.lock)', () => {
  it('pixi.toml: conda and PyPI tables, string and table specs, host/build, targets, features and their scopes', () => {
    const r = readFixture('pixi/pixi.toml', 'app/pixi.toml');
    noWarnings(r);
    expectRows(r, [
      ['python', '3.11.*', undefined, 'runtime', 7],
      ['pytorch', '>=2.0', undefined, 'runtime', 8],
      ['numpy', '==1.26.4', '1.26.4', 'runtime', 9],
      ['transformers', '4.41.2', '4.41.2', 'runtime', 10],
      ['faiss', '>=1.8', undefined, 'runtime', 11],
      ['setuptools', '*', undefined, 'build', 15],
      ['cmake', '3.29.*', undefined, 'build', 18],
      ['openai', '>=1.0', undefined, 'runtime', 21],
      ['anthropic', '==0.25.0', '0.25.0', 'runtime', 22],
      // git, path and url sources: no registry version (a url to the package's own wheel gives its version; another file's says nothing).
      ['vllm', undefined, undefined, 'runtime', 23],
      ['local-tools', undefined, undefined, 'runtime', 24],
      ['llama-cpp-python', undefined, '0.2.77', 'runtime', 25],
      ['mistralai', undefined, undefined, 'runtime', 26],
      ['pytorch-gpu', '2.3.0', '2.3.0', 'runtime', 29],
      ['mlx', '>=0.15', undefined, 'runtime', 32],
      ['pytest', '*', undefined, 'test', 35],
      ['ruff', '*', undefined, 'dev', 38],
      ['cuda-version', '12.1', '12.1', 'optional', 41],
      ['xformers', '==0.0.26', '0.0.26', 'optional', 44],
    ]);
    assert.deepEqual(r.deps.map((d) => d.ecosystem).join(' '), 'conda conda conda conda conda conda conda pypi pypi pypi pypi pypi pypi conda pypi conda pypi conda pypi');
    // Decoys: a commented-out dependency, names in [tasks] commands, [activation], [environments] and system-requirements.
    for (const name of ['langchain', 'tensorflow', 'transformers-cli', 'keras', 'setup_keras', 'cuda', 'llama3']) assert.equal(r.deps.some((d) => d.name === name), false, name);
  });
  it('pixi-build [package] tables: run-dependencies runtime, host and build dependencies build, "if(…)" tables and target.<selector> tables with their table\'s scope', () => {
    const r = readFixture('pixi/pixi-build.toml', 'app/pixi.toml');
    noWarnings(r);
    expectRows(r, [
      ['ml_app', undefined, undefined, 'runtime', 7],
      ['pytorch', '>=2.3', undefined, 'runtime', 28],
      ['transformers', '4.41.2', '4.41.2', 'runtime', 29],
      ['local-lib', undefined, undefined, 'runtime', 30],
      ['pytorch-gpu', '2.3.0', '2.3.0', 'runtime', 33],
      ['hatchling', '==1.26.3', '1.26.3', 'build', 21],
      ['python', '3.11.*', undefined, 'build', 22],
      ['exceptiongroup', '*', undefined, 'build', 36],
      ['cmake', '3.29.*', undefined, 'build', 25],
      ['cuda-version', '12.1', '12.1', 'runtime', 39],
      ['mlx', '>=0.15', undefined, 'build', 42],
    ]);
    assert.ok(r.deps.every((d) => d.ecosystem === 'conda'));
    // Decoys: the build backend, its config, the package's own name and version, a task's words.
    for (const name of ['pixi-build-python', 'tensorflow', 'name', 'version', 'backend', 'gpt-4o', 'channels']) assert.equal(r.deps.some((d) => d.name === name), false, name);
    // pyproject.toml's [tool.pixi.package.*]; a feature has no package, and an "if(…)" key that is not a table is a warning.
    const py = readManifest('p/pyproject.toml', [
      '[project]', 'name = "p"', '[tool.pixi.package.build]', 'backend = { name = "pixi-build-python", version = "*" }',
      '[tool.pixi.package.run-dependencies]', 'openai = ">=1"', '"if(linux)" = "*"',
      '[tool.pixi.package.build-dependencies."if(host_platform != build_platform)"]', 'cross-python = "*"',
      '[tool.pixi.feature.gpu.package.run-dependencies]', 'anthropic = "*"',
    ].join('\n'));
    assert.deepEqual(py.deps.map((d) => [d.name, d.scope, d.line]), [['openai', 'runtime', 6], ['cross-python', 'build', 9]]);
    assert.deepEqual(py.warnings, ['tool.pixi.package.run-dependencies.if(linux) is not a table']);
  });
  it('"if(…)" keys: read in [package] dependency tables only, as pixi takes them; anywhere else a warning and not read', () => {
    // pixi_manifest rejects an `if(…)` target selector ("Expression selectors (`if(...)`) are only supported inside
    // the `[package]` dependency tables"), and a workspace or feature dependency table's keys are package names.
    // [tables, found as [name, scope, line], warnings]
    const head = ['[workspace]', 'channels = ["conda-forge"]', 'platforms = ["linux-64"]', '[package.build]', 'backend = { name = "pixi-build-python", version = "*" }'];
    const table: Array<[string[], Array<[string, DeclaredDependency['scope'], number]>, string[]]> = [
      // Positives: a [package] dependency table's conditional tables, in the package's targets too.
      [['[package.run-dependencies."if(linux or win)"]', 'pytorch = "*"'], [['pytorch', 'runtime', 7]], []],
      [['[package.host-dependencies."if(host_platform != build_platform)"]', 'transformers = "*"'], [['transformers', 'build', 7]], []],
      [['[package.target.linux-64.run-dependencies."if(cuda)"]', 'vllm = "*"'], [['vllm', 'runtime', 7]], []],
      // Decoys: tables pixi does not take, and `if(` in string values.
      [['[dependencies."if(linux)"]', 'pytorch = "*"'], [], ['dependencies.if(linux)']],
      [['[pypi-dependencies]', '"if(linux)" = { version = "*" }'], [], ['pypi-dependencies.if(linux)']],
      [['[target."if(host_platform == build_platform)".dependencies]', 'openai = "*"'], [], ['target.if(host_platform == build_platform)']],
      [['[feature.gpu.dependencies."if(linux)"]', 'vllm = "*"'], [], ['feature.gpu.dependencies.if(linux)']],
      [['[feature.gpu.target."if(linux)".pypi-dependencies]', 'anthropic = "*"'], [], ['feature.gpu.target.if(linux)']],
      [['[package.target."if(linux)".run-dependencies]', 'anthropic = "*"'], [], ['package.target.if(linux)']],
      [['[package.run-dependencies."if(linux)"."if(cuda)"]', 'vllm = "*"'], [], ['package.run-dependencies.if(linux).if(cuda)']],
      [['[tasks]', 'start = "python -c \'if(1): import vllm\'"', '[feature.gpu.tasks]', '"if(linux)" = "python serve.py"'], [], []],
      [['[dependencies]', 'openai = "if(linux)"'], [['openai', 'runtime', 7]], []],
    ];
    for (const [lines, found, warned] of table) {
      const r = readManifest('app/pixi.toml', [...head, ...lines].join('\n'));
      assert.deepEqual(r.deps.map((d) => [d.name, d.scope, d.line]), found, lines[0]);
      assert.deepEqual(r.warnings, warned.map((w) => `${w}: pixi takes "if(…)" keys only in a [package] dependency table; not read`), lines[0]);
    }
    // The same in pyproject.toml's [tool.pixi.*].
    const py = readManifest('p/pyproject.toml', ['[project]', 'name = "p"', '[tool.pixi.feature.gpu.pypi-dependencies."if(linux)"]', 'vllm = "*"', '[tool.pixi.package.run-dependencies."if(linux)"]', 'openai = "*"'].join('\n'));
    assert.deepEqual([py.deps.map((d) => [d.name, d.line]), py.warnings], [[['openai', 6]], ['tool.pixi.feature.gpu.pypi-dependencies.if(linux): pixi takes "if(…)" keys only in a [package] dependency table; not read']]);
  });
  it('feature scopes: test and tool names give test or dev, any other feature is optional', () => {
    assert.deepEqual(['test', 'integration-tests', 'lint', 'docs', 'dev', 'cuda', 'ml', 'py311'].map(featureScope), ['test', 'test', 'dev', 'dev', 'dev', 'optional', 'optional', 'optional']);
  });
  it('pyproject.toml: [tool.pixi.*] tables beside [project], with their lines', () => {
    const text = [
      '[project]', 'name = "app"', 'dependencies = ["anthropic>=0.25"]', '',
      '[tool.pixi.workspace]', 'channels = ["conda-forge"]', 'platforms = ["linux-64"]', '',
      '[tool.pixi.dependencies]', 'pytorch = "2.3.0"', '# tensorflow = "*"', '',
      '[tool.pixi.pypi-dependencies]', 'app = { path = ".", editable = true }', 'openai = { version = ">=1.30", extras = ["realtime"] }', '',
      '[tool.pixi.target.linux-64.dependencies]', 'cuda-version = "==12.1"', '',
      '[tool.pixi.feature.test.pypi-dependencies]', 'pytest = "*"', '',
      '[tool.pixi.feature.gpu.dependencies]', 'pytorch-gpu = ">=2"', '',
      '[tool.pixi.tasks]', 'chat = "python -c \'import transformers\'"', '',
    ].join('\n');
    const r = readManifest('app/pyproject.toml', text);
    noWarnings(r);
    assert.deepEqual(r.deps.map((d) => [d.ecosystem, d.name, d.range, d.version, d.scope, d.line]), [
      ['pypi', 'anthropic', '>=0.25', undefined, 'runtime', 3],
      ['conda', 'pytorch', '2.3.0', '2.3.0', 'runtime', 10],
      ['pypi', 'app', undefined, undefined, 'runtime', 14],
      ['pypi', 'openai', '>=1.30', undefined, 'runtime', 15],
      ['conda', 'cuda-version', '==12.1', '12.1', 'runtime', 18],
      ['pypi', 'pytest', '*', undefined, 'test', 21],
      ['conda', 'pytorch-gpu', '>=2', undefined, 'optional', 24],
    ]);
  });
  it('pixi.lock v6: conda entries (name and version from the archive\'s file name, or written), pypi entries; one entry per version; environments give the scope; the editable project left out', () => {
    const r = readFixture('pixi/pixi.lock', 'app/pixi.lock');
    noWarnings(r);
    assert.deepEqual(r.deps.map((d) => [d.ecosystem, d.name, d.version, d.scope, d.line]), [
      ['conda', 'pytest', '8.2.2', 'test', 25],
      ['conda', 'python', '3.11.9', 'runtime', 31],
      ['conda', 'pytorch', '2.3.0', 'runtime', 35],
      ['conda', 'pytorch', '2.2.2', 'runtime', 39],
      ['pypi', 'openai', '1.35.3', 'runtime', 44],
    ]);
    assert.ok(r.deps.every((d) => d.lockfile === 'app/pixi.lock'));
    // Decoys: requires_dist and depends name no package of the lock's.
    assert.equal(r.deps.some((d) => d.name === 'anthropic' || d.name === 'transformers' || d.name === 'httpx' || d.name === 'ml-app'), false);
  });
  it('pixi.lock v5: kind, name, version and url', () => {
    const r = readFixture('pixi/pixi-v5.lock', 'app/pixi.lock');
    noWarnings(r);
    assert.deepEqual(r.deps.map((d) => [d.ecosystem, d.name, d.version, d.scope, d.line]), [
      ['conda', 'pytorch', '2.1.2', 'runtime', 17],
      ['pypi', 'openai', '1.30.1', 'runtime', 24],
      ['pypi', 'ruff', '0.4.8', 'dev', 30],
    ]);
  });
  it('conda archive names: name, version and build from the file; other files say nothing', () => {
    assert.deepEqual(condaArchive('https://conda.anaconda.org/conda-forge/linux-64/pytorch-gpu-2.3.0-cuda120_py311h8b8f6a2_300.conda'), { name: 'pytorch-gpu', version: '2.3.0' });
    assert.deepEqual(condaArchive('https://repo.anaconda.com/pkgs/main/noarch/openai-1.30.1-py_0.tar.bz2?x=1'), { name: 'openai', version: '1.30.1' });
    assert.equal(condaArchive('../recipes/pytorch'), undefined);
    assert.equal(condaArchive('https://x/openai-1.30.1.conda'), undefined);
  });
  it('pixi.lock resolves pixi.toml (conda and pypi alike) beside it with the exact version; a package locked at two versions (two platforms) keeps both', () => {
    const got = resolveTree({ 'app/pixi.toml': fixture('pixi/pixi.toml'), 'app/pixi.lock': fixture('pixi/pixi.lock') });
    const row = (name: string) => got.filter((d) => d.name === name).map((d) => [d.ecosystem, d.range, d.version, d.path, d.lockfile]);
    assert.deepEqual(row('pytorch'), [
      ['conda', '>=2.0', '2.3.0', 'app/pixi.toml', 'app/pixi.lock'],
      ['conda', '>=2.0', '2.2.2', 'app/pixi.toml', 'app/pixi.lock'],
    ]);
    assert.deepEqual(row('openai'), [['pypi', '>=1.0', '1.35.3', 'app/pixi.toml', 'app/pixi.lock']]);
    assert.deepEqual(row('python'), [['conda', '3.11.*', '3.11.9', 'app/pixi.toml', 'app/pixi.lock']]);
    // Decoy: a pixi.lock in another folder resolves nothing here.
    const elsewhere = resolveTree({ 'app/pixi.toml': fixture('pixi/pixi.toml'), 'other/pixi.lock': fixture('pixi/pixi.lock') });
    assert.equal(elsewhere.find((d) => d.name === 'openai' && d.path === 'app/pixi.toml')?.version, undefined);
    // pyproject.toml's [tool.pixi] is resolved by the v5 lock beside it.
    const py = resolveTree({ 'p/pyproject.toml': '[project]\nname = "p"\n[tool.pixi.dependencies]\npytorch = "*"\n[tool.pixi.pypi-dependencies]\nopenai = "*"\n', 'p/pixi.lock': fixture('pixi/pixi-v5.lock') });
    assert.deepEqual(py.filter((d) => d.path === 'p/pyproject.toml').map((d) => [d.ecosystem, d.name, d.version]), [['conda', 'pytorch', '2.1.2'], ['pypi', 'openai', '1.30.1']]);
  });
  it('an unknown or missing version is a warning and the entries are still read; a malformed or truncated file is a warning', () => {
    const pkg = 'packages:\n- conda: https://x/linux-64/pytorch-2.3.0-h1_0.conda\n';
    for (const [head, warned] of [['version: 6\n', false], ['version: 5\n', false], ['version: 7\n', true], ['', true], ['version: [6]\n', true]] as const) {
      const r = readManifest('pixi.lock', head + pkg);
      assert.deepEqual(r.deps.map((d) => [d.name, d.version]), [['pytorch', '2.3.0']], head);
      assert.equal(r.warnings.length, warned ? 1 : 0, head);
      if (warned) assert.match(r.warnings[0]!, /version .*read as versions 5 and 6 are/);
    }
    // A plain version that YAML would read as a number keeps its text.
    assert.deepEqual(readManifest('pixi.lock', 'version: 6\npackages:\n- pypi: https://x/a.whl\n  name: openai\n  version: 1.10\n').deps.map((d) => d.version), ['1.10']);
    const truncated = readManifest('pixi.lock', 'version: 6\npackages:\n- pypi: https://x/openai-1.35.3-py3-none-any.whl\n  name: openai\n  version: 1.35.3\n- pypi: "https://x/anthr');
    assert.deepEqual(truncated.deps.map((d) => d.name), ['openai']);
    assert.match(truncated.warnings[0]!, /malformed YAML/);
    assert.deepEqual(readManifest('pixi.lock', 'version: 6\npackages: openai\n').warnings, ['packages is not a list']);
    assert.deepEqual(readManifest('pixi.lock', 'version: 6\npackages:\n- sha256: abc\n- pypi: https://x/y.whl\n').warnings, ['packages[0] is neither a conda nor a pypi package', 'packages[1] has no name']);
    const toml = readManifest('pixi.toml', '[dependencies]\npytorch = "2.3.0"\n[pypi-dependencies]\nopenai = "==1.0\n');
    assert.deepEqual(toml.deps.map((d) => d.name), ['pytorch']);
    assert.match(toml.warnings[0]!, /TOML syntax error/);
    assert.deepEqual(readManifest('pixi.toml', 'dependencies = "pytorch"\n').warnings, ['dependencies is not a table']);
  });
  it('pixi.lock: the line reader reads what pixi writes and the yaml package reads the rest, with the same result', () => {
    const v6 = fixture('pixi/pixi.lock');
    const v5 = fixture('pixi/pixi-v5.lock');
    const entry = '- conda: https://conda.anaconda.org/conda-forge/linux-64/openai-1.30.1-py_0.conda\n';
    // [text, read by the line reader]
    const cases: Array<[string, boolean]> = [
      [v6, true],
      [v5, true],
      // What pixi also writes: an environment's options map, empty flow lists, quoted values, blank and comment lines.
      [v6.replace('    indexes:\n', "    options:\n      pypi-prerelease-mode: if-necessary-or-explicit\n    indexes:\n").replace('  sha256: 00000000\n  md5', '  purls: []\n  sha256: 00000000\n  md5'), true],
      [v6.replace('  name: openai\n', "  name: 'open''ai'\n").replace('  version: 1.35.3\n', '  version: "1.35.3"\n'), true],
      [`# generated\nversion: 6\n\npackages:\n${entry}  depends: []\n  constrains: {}\n  version:\n  license: MIT and PSF-2.0\n`, true],
      [`version: 6\npackages:\n${entry}  name: ~\n  version: null\n`, true],
      [`version: 6\npackages:\n  - conda: https://x/pytorch-2.3.0-h_0.conda\n    depends:\n      - python\n`, true],
      ['version: 6\npackages:\n- conda: https://x/a-1-h_0.conda\n  depends:\n   - python\n', true],
      [`version: 6\npackages:\n-   pypi: https://x/openai-1.0-py3-none-any.whl\n    name: openai\n    version: 1.0\n`, true],
      ['version: 7\npackages:\n- sha256: abc\n- plain\n- pypi: https://x/y.whl\n', true],
      ['version: 6\npackages:\n', true],
      ['version: 6\npackages: {}\n', true],
      // Decoys, left to the yaml package: flow collections, anchors and aliases, block and multi-line
      // scalars, escapes, comments after a value, tabs, CRLF, a repeated key, a null or boolean key,
      // odd indentation, an empty file, a document marker, a non-map top.
      [v6.replace('  depends:\n  - transformers >=4\n', '  depends: [transformers >=4]\n'), false],
      [v6.replace('  name: openai\n', '  name: &n openai\n').replace('  name: ml-app\n', '  name: *n\n'), false],
      [v6.replace('  license: MIT\n', '  license: |\n    MIT\n'), false],
      [v6.replace('  name: openai\n', '  name: open\n    ai\n'), false],
      [v6.replace('  name: openai\n', '  name: "open\\u0061i"\n'), false],
      [v6.replace('  name: openai\n', '  name: openai # the SDK\n'), false],
      [v6.replace('  name: openai\n', '\tname: openai\n'), false],
      [v6.replaceAll('\n', '\r\n'), false],
      [v6.replace('  name: openai\n', '  name: openai\n  name: anthropic\n'), false],
      [v6.replace('  sha256: 00000000\n  md5', '  true: 1\n  md5'), false],
      [v6.replace('  name: openai\n', '   name: openai\n'), false],
      [v6.replace('  name: openai\n', '  name: openai: sdk\n'), false],
      [v5.replace('    - url:', '    -\n      url:'), false],
      ['', false],
      ['---\nversion: 6\npackages:\n' + entry, false],
      ['- version: 6\n', false],
    ];
    for (const [text, lines] of cases) {
      assert.equal(pixiLockLines(text) !== undefined, lines, text);
      assert.deepEqual(readPixiLock('app/pixi.lock', text), readPixiLockYaml('app/pixi.lock', text), text);
    }
    // Mutated fixtures (lines dropped, repeated, indented, odd lines inserted): both readers agree on every one.
    const odd = ['  x: &a 1', '  y: *a', '  z: [a, b]', '  q: |', '    block', '# c', "  k: 'it''s'", '  k: "a\\tb"', '---', '  name: foo # c', '  version: 1.10', '  version: ~', '  name:', '  editable: true', '- pypi: ./', 'true: x', '? k', '  - x', '-', '- - a', '  name: a]b', '  name: a,b', '  version: -1', '  name: a#b', 'packages: []', 'environments: {}', '      - conda: x', '  conda: w', '   odd: 1', '  1: 2', '  "k": v', '  <<: x', '  name: \u00a0x', 'a:b', '  a: x:y', "  a: 'x''"];
    let seed = 7;
    const rnd = (n: number): number => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
    let fast = 0;
    for (let round = 0; round < 1500; round++) {
      const lines = (rnd(2) === 0 ? v6 : v5).split('\n');
      for (let k = 1 + rnd(3); k > 0; k--) {
        const at = rnd(lines.length);
        const op = rnd(6);
        if (op === 0) lines.splice(at, 1);
        else if (op === 1) lines.splice(at, 0, lines[rnd(lines.length)]!);
        else if (op === 2) lines[at] = ` ${lines[at]}`;
        else if (op === 3) lines[at] = lines[at]!.replace(/^ /, '');
        else lines.splice(at, 0, odd[rnd(odd.length)]!);
      }
      const text = lines.join('\n');
      if (pixiLockLines(text) !== undefined) fast++;
      assert.deepEqual(readPixiLock('app/pixi.lock', text), readPixiLockYaml('app/pixi.lock', text), text);
    }
    assert.ok(fast > 100, `${fast} of 1500 read by lines`);
  });
  it('3 MB of pixi.toml entries and of pixi.lock packages read in linear time', () => {
    const n = 60_000;
    const toml = timed('pixi.toml', `[dependencies]\n${Array.from({ length: n }, (_, i) => `pkg${i} = { version = ">=1.${i}", channel = "conda-forge" }\n`).join('')}`);
    assert.equal(toml.r.deps.length, n);
    assert.ok(toml.ms < 30_000, `${toml.ms} ms`);
    const entry = (i: number) => `- conda: https://conda.anaconda.org/conda-forge/linux-64/pkg${i}-1.0.${i}-h0_0.conda\n  sha256: 0\n`;
    const lock = timed('pixi.lock', `version: 6\npackages:\n${Array.from({ length: 40_000 }, (_, i) => entry(i)).join('')}`);
    assert.equal(lock.r.deps.length, 40_000);
    assert.ok(lock.ms < 30_000, `${lock.ms} ms`);
    const line = timed('pixi.lock', `version: 6\npackages:\n${'- conda: '.repeat(110_000)}`);
    assert.deepEqual(line.r.deps, []);
    assert.ok(line.ms < 30_000, `${line.ms} ms`);
  });
});
