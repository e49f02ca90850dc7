import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { devcontainerCommands, installSites, isDevcontainerPath, npmInstallSpec, ollamaInstalls, ollamaPulls } from '../../src/lang/installs.js';

/** `kind specifier @line:column` of each site. */
const KINDS = { 'pip-install': 'pip', 'npm-install': 'npm', 'conda-install': 'conda' } as Record<string, string>;
const sites = (text: string) => installSites(text).map((s) => `${KINDS[s.kind] ?? s.kind} ${s.specifier} @${s.line}:${s.column}`);

describe('installSites: packages that commands install or run', () => {
  const FOUND: [string, string, string[]][] = [
    ['pip and its forms', 'pip install openai\npip3 install -U "anthropic>=0.30"\npython3 -m pip install --user cohere==5.5.0\n', ['pip openai @1:13', 'pip anthropic>=0.30 @2:17', 'pip cohere==5.5.0 @3:31']],
    ['uv, poetry and pipx', 'uv pip install vllm\nuv add langchain-openai\npoetry add mistralai@^1\npipx install llm\nuv tool install --with llm-claude-3 llm\n', ['pip vllm @1:16', 'pip langchain-openai @2:8', 'pip llm @4:14', 'pip llm-claude-3 @5:24', 'pip llm @5:37']],
    ['runners: uvx, uv tool run, pipx run, the package by option', 'uvx mcp-server-fetch --ignore-robots\nuvx --from mistralai mistral-cli run\npipx run --spec openai==1.30.1 openai api\n', ['pip mcp-server-fetch @1:5', 'pip mistralai @2:12', 'pip openai==1.30.1 @3:17']],
    ['npm, yarn, pnpm and bun installs', 'npm i -g @anthropic-ai/claude-code@1.0.3\nnpm install --save-dev openai@^4 --registry https://r.example\nyarn global add groq-sdk\npnpm add ai@latest\nbun add @ai-sdk/openai\n', ['npm @anthropic-ai/claude-code@1.0.3 @1:10', 'npm openai@^4 @2:24', 'npm groq-sdk @3:17', 'npm ai@latest @4:10', 'npm @ai-sdk/openai @5:9']],
    ['npm runners: the first package only; -p names it', 'npx -y @modelcontextprotocol/server-github --token x\nnpx -p @anthropic-ai/claude-code claude -p "review"\nbunx ollama-cli pull llama3\n', ['npm @modelcontextprotocol/server-github @1:8', 'npm @anthropic-ai/claude-code @2:8', 'npm ollama-cli @3:6']],
    ['a Dockerfile: continuation, ARG put in, wrappers, chains', 'FROM python:3.12\nARG V=1.30.1\nRUN apt-get update && sudo pip install \\\n    openai==${V} && npm ci\n', ['pip openai==1.30.1 @4:5']],
    ['a workflow run: block', 'jobs:\n  a:\n    steps:\n      - run: |\n          pip install -q transformers\n', ['pip transformers @5:26']],
    ['a GitLab job script list', 'job:\n  script:\n    - pip install openai==1.30.1\n    - npx -y @anthropic-ai/claude-code -p hi\n', ['pip openai==1.30.1 @3:19', 'npm @anthropic-ai/claude-code @4:14']],
    ['a Makefile recipe with a continuation', 'setup:\n\tpip install -q anthropic && \\\n\t  npm i ai\n', ['pip anthropic @2:17', 'npm ai @3:10']],
    ['an interpreter by path or variable; python options before -m', '/opt/conda/bin/python3.11 -u -m pip install openai\n"$PYTHON" -m pip install anthropic\n', ['pip openai @1:45', 'pip anthropic @2:26']],
    ['conda, mamba and micromamba: install and create, channels and options skipped, match specs as written', 'conda install -y -c pytorch -c nvidia pytorch=2.3.0 pytorch-cuda=12.1\nmamba install --channel conda-forge "transformers>=4.40,<5" conda-forge::openai==1.30.1\nmicromamba create -n ml -y python=3.11 "faiss 1.8.*"\n/opt/conda/bin/conda install --override-channels -p /opt/env huggingface_hub\n', ['conda pytorch=2.3.0 @1:39', 'conda pytorch-cuda=12.1 @1:53', 'conda transformers>=4.40,<5 @2:37', 'conda conda-forge::openai==1.30.1 @2:61', 'conda python=3.11 @3:28', 'conda faiss 1.8.* @3:40', 'conda huggingface_hub @4:62']],
    ['pixi: add (conda, or PyPI with --pypi) and global install', 'pixi add "pytorch>=2"\npixi add --pypi openai==1.30.1\npixi global install --with llm-claude-3 llm\n', ['conda pytorch>=2 @1:10', 'pip openai==1.30.1 @2:17', 'conda llm-claude-3 @3:28', 'conda llm @3:41']],
    ['a VCS install: the package its #egg= or its repository names, as a direct reference to the URL (pip only)', '!pip install -q git+https://github.com/huggingface/peft.git git+https://github.com/huggingface/transformers.git@main\npip install "git+https://github.com/org/repo.git@v1#egg=openai"\nuv pip install git+ssh://git@github.com/openai/openai-python\n', ['pip peft @ git+https://github.com/huggingface/peft.git @1:17', 'pip transformers @ git+https://github.com/huggingface/transformers.git@main @1:61', 'pip openai @ git+https://github.com/org/repo.git@v1#egg=openai @2:13', 'pip openai-python @ git+ssh://git@github.com/openai/openai-python @3:16']],
    ['sh -c and command substitution', "sh -c 'pip install ollama'\necho $(npm i openai)\n", ['pip ollama @1:7', 'npm openai @2:14']],
  ];
  for (const [name, text, want] of FOUND) it(`finds: ${name}`, () => assert.deepEqual(sites(text), want));

  const NONE: [string, string][] = [
    ['comments and echo arguments', '# pip install openai\necho "pip install openai"\nprintf \'npm i openai\'\n'],
    ['requirements files, constraints, editable paths', 'pip install -r requirements.txt -c constraints.txt -e ./pkg\n'],
    ['paths, URLs, archives, and a VCS URL whose repository names no valid package', 'pip install ./openai /opt/openai https://x.example/openai openai-1.0.tar.gz git+https://github.com/x/.git\n'],
    ['a word holding a variable the file did not assign', 'pip install "$PKG" ${OPENAI}\nnpm i $X\n'],
    ['npm aliases, GitHub shorthands, tarballs, file: and git URLs', 'npm install oai@npm:openai openai/openai-node ./x.tgz file:../openai git+https://github.com/x/y.git github:x/y\n'],
    ['-m pip install after a command that is no interpreter', 'echo -m pip install openai\n'],
    ['other subcommands', 'pip show openai\npip download openai\nnpm view openai\nnpm run openai\nuv run openai\npoetry remove openai\nyarn openai\n'],
    ['installs with no package', 'npm install\npnpm install --frozen-lockfile\npip install .\nbun install\nyarn\n'],
    ['conda: files, environments, package files, paths and URLs, other subcommands', 'conda install --file requirements.txt -f more.txt\nconda env create -f environment.yml\nconda install ./openai-1.30.1-py_0.conda /tmp/torch-2.3.0.tar.bz2 https://conda.anaconda.org/x/openai\nconda list openai\nconda remove openai\nconda search transformers\nconda run -n ml python -m openai\nmamba update --all\npixi run python -m openai\necho conda install openai\n'],
  ];
  for (const [name, text] of NONE) it(`finds none: ${name}`, () => assert.deepEqual(sites(text), []));

  it('reads a heredoc body as a script, as the shell reader does (`RUN <<EOF`, `cat > setup.sh <<EOF` run it)', () => {
    assert.deepEqual(sites('FROM python:3.12\nRUN <<EOF\npip install openai==1.30.1\nEOF\n'), ['pip openai==1.30.1 @3:13']);
    assert.deepEqual(sites('cat > setup.sh <<EOF\nnpm i openai\nEOF\n'), ['npm openai @2:7']);
    assert.deepEqual(sites('bash <<-EOF\n\tpip install openai\n\tEOF\n'), ['pip openai @2:14']);
    assert.deepEqual(sites("ssh build-host <<'END'\npip install anthropic\nEND\n"), ['pip anthropic @2:13']);
    assert.deepEqual(sites('docker exec -i app sh <<EOF\npip install cohere\nEOF\n'), ['pip cohere @2:13']);
    assert.deepEqual(sites('sudo tee /usr/local/bin/setup <<EOF >/dev/null\npip install mistralai\nEOF\n'), ['pip mistralai @2:13']);
    assert.deepEqual(sites('FROM python:3.12\nRUN <<EOF bash\npip install groq\nEOF\n'), ['pip groq @3:13']);
  });

  it('reads no heredoc body that a command takes as data: printed instructions, a config file, another language', () => {
    const DATA: [string, string][] = [
      ['instructions printed with cat', 'cat <<EOF\nTo finish the setup, run:\n  pip install openai\n  npx -y @anthropic-ai/claude-code\nEOF\npip install anthropic==0.30.0\n'],
      ['a quoted, dash heredoc written to a text file', "cat > NOTES.md <<-'EOF'\n\tpip install openai\n\tEOF\npip install anthropic==0.30.0\n"],
      ['a Python heredoc', 'python3 - <<EOF\nimport os\nos.system("pip install openai")\npip install openai\nEOF\npip install anthropic==0.30.0\n'],
      ['a Dockerfile COPY heredoc and RUN with a Python interpreter', 'FROM python:3.12\nCOPY <<EOF /app/README\npip install openai\nEOF\nRUN <<EOF python3\npip install openai\nEOF\nRUN pip install anthropic==0.30.0\n'],
      ['two heredocs on a line, the second one data', 'cat > a.sh <<A; cat <<B\nnpm i ai\nA\npip install openai\nB\npip install anthropic==0.30.0\n'],
    ];
    for (const [name, text] of DATA) {
      const got = sites(text).filter((x) => !x.startsWith('pip anthropic==0.30.0') && !x.startsWith('npm ai '));
      assert.deepEqual(got, [], name);
      assert.ok(sites(text).some((x) => x.startsWith('pip anthropic==0.30.0')), `${name}: the command after the heredoc is read`);
    }
    assert.deepEqual(sites('cat > a.sh <<A; cat <<B\nnpm i ai\nA\npip install openai\nB\n'), ['npm ai @2:7']);
    // An operator whose end line never comes (a shift, a stray `<<`) hides nothing.
    assert.deepEqual(sites('echo $((1<<x))\ncat <<NEVER\npip install openai\n'), ['pip openai @3:13']);
  });

  it('ollamaPulls: library models the Ollama CLI pulls or runs, also through docker exec; not Hub repositories, variables, echo text or other subcommands', () => {
    const text = 'ollama pull llama3.1:8b\nollama run --verbose mistral "hi"\nollama serve & sleep 2 && /usr/bin/ollama pull nomic-embed-text\ndocker exec -it ollama ollama run qwen2.5:7b-instruct\nollama pull hf.co/org/m-GGUF\nollama pull "$MODEL"\necho ollama pull fake\nollama list\nollama show llama3\n# ollama pull commented\n';
    assert.deepEqual(ollamaPulls(text).map((p) => `${p.model} @${p.line}:${p.column}`), ['llama3.1:8b @1:13', 'mistral @2:22', 'nomic-embed-text @3:48', 'qwen2.5:7b-instruct @4:35']);
  });

  it("ollamaInstalls: curl or wget of Ollama's install script (ollama.com, ollama.ai), piped or saved; not a comment, echo text, another host's install.sh or a page of ollama.com", () => {
    const text = 'curl -fsSL https://ollama.com/install.sh | sh\nwget -qO- https://ollama.ai/install.sh | OLLAMA_VERSION=0.5.7 sh\ncurl -o /tmp/i.sh "https://www.ollama.com/install.sh"\n# curl -fsSL https://ollama.com/install.sh | sh\necho curl https://ollama.com/install.sh\ncurl -fsSL https://example.com/install.sh | sh\ncurl https://ollama.com/download/linux\n';
    assert.deepEqual(ollamaInstalls(text).map((p) => `${p.line}:${p.column}`), ['1:12', '2:11', '3:19']);
  });

  it('devcontainer.json: the lifecycle commands (a string, a list, an object of either) on their own lines; comments, other keys and damaged JSON give none', () => {
    const json = '{\n  // setup\n  "name": "app",\n  "postCreateCommand": "npm i -g @anthropic-ai/claude-code@1.0.3 && pip install openai",\n  "postStartCommand": { "a": ["pip", "install", "anthropic==0.30.0"], "b": "echo pip install nope" },\n  // "onCreateCommand": "pip install cohere",\n  "customizations": { "vscode": { "extensions": ["pip install mistralai"] } },\n}\n';
    // Lines are the file's; a string's columns too, a list's words are joined from its first word's column.
    assert.deepEqual(sites(devcontainerCommands(json)), ['npm @anthropic-ai/claude-code@1.0.3 @4:34', 'pip openai @4:81', 'pip anthropic==0.30.0 @5:44']);
    assert.equal(devcontainerCommands('{"postCreateCommand": '), '');
    assert.equal(devcontainerCommands('[1, 2]'), '');
    for (const p of ['.devcontainer/devcontainer.json', 'app/.devcontainer/python/devcontainer.json', '.devcontainer.json']) assert.ok(isDevcontainerPath(p), p);
    for (const p of ['devcontainer.json', '.devcontainer/a/b/devcontainer.json', '.devcontainer/docker-compose.json', 'x.devcontainer.json.bak']) assert.ok(!isDevcontainerPath(p), p);
  });

  it('npmInstallSpec reads names and ranges, and nothing else', () => {
    assert.deepEqual(npmInstallSpec('@anthropic-ai/sdk@^0.30.0'), { name: '@anthropic-ai/sdk', range: '^0.30.0' });
    assert.deepEqual(npmInstallSpec('openai'), { name: 'openai' });
    for (const w of ['Openai', 'oai@npm:openai', 'openai/openai-node', '@scope', './x', 'http://x/y.tgz', '']) assert.equal(npmInstallSpec(w), undefined, w);
  });

  it('never throws, and stays bounded, on random and hostile text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 400 }), (t) => Array.isArray(installSites(t))), { numRuns: 500 });
    const many = 'pip install openai\n'.repeat(5_000);
    const t0 = performance.now();
    assert.equal(installSites(many).length, 500);
    assert.ok(performance.now() - t0 < 5_000);
    assert.deepEqual(installSites('pip install ' + '"'.repeat(50_000)), []);
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (t) => Array.isArray(installSites(`conda install ${t}\npixi add ${t}\n`))), { numRuns: 300 });
    // Match specs that could make a pattern backtrack: long channel paths, names and version runs.
    const t1 = performance.now();
    const hostile = ['a/'.repeat(20_000) + 'x', 'a'.repeat(40_000) + '::', 'x' + ' =1'.repeat(15_000), 'x' + '['.repeat(30_000), 'c::'.repeat(15_000)];
    for (const w of hostile) installSites(`conda install '${w}'\n`);
    assert.ok(performance.now() - t1 < 2_000, `${(performance.now() - t1).toFixed(0)} ms`);
  });
});
