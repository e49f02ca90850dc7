/**
 * Valid / invalid cases for the Shadow-AI rules, RuleTester style: each case is one file, scanned
 * with the Shadow-AI preview on and the policy `ai.allowedProviders: [openai]`.
 */
import type { Case, RuleCases } from './model-cases.js';

const f = (name: string, file: string, text: string): Case => ({ name, file, bytes: Buffer.from(text) });
const mcp = (servers: Record<string, unknown>) => JSON.stringify({ mcpServers: servers }, null, 2);

export const SDK_POLICY = { allowedProviders: ['openai'] };

export const SDK_RULE_CASES: Record<string, RuleCases> = {
  'sdk/undeclared-dependency': {
    invalid: [
      f('Python import declared nowhere', 'app.py', 'import anthropic\n'),
      f('TS import declared nowhere', 'chat.ts', 'import OpenAI from "openai";\n'),
      f('a submodule imported from its parent, declared nowhere (google-genai)', 'app.py', 'from google import genai\n'),
      f('the SDK after a comma in an import list', 'app.py', 'import json, openai\n'),
      f('the SDK after an alias in an import list', 'app.py', 'import numpy as np, torch\n'),
      f('a tab after import', 'app.py', 'import\tcohere\n'),
      f('two blanks after from', 'app.py', 'from  mistralai import Mistral\n'),
      f('a continuation line', 'app.py', 'import os, \\\n    ollama\n'),
      f('a Java static import', 'A.java', 'import static com.anthropic.models.Model.CLAUDE;\nclass A {}\n'),
      f('a C# using', 'Program.cs', 'using OpenAI.Chat;\n'),
      f('a C# global using static', 'Usings.cs', 'global using static Microsoft.SemanticKernel.Kernel;\n'),
      f('a C# name written out with global::', 'Program.cs', 'var c = new global::OpenAI.Chat.ChatClient("gpt-4o", key);\n'),
      f('a Rust use', 'main.rs', 'use async_openai::Client;\n'),
      f('a Dart package import', 'lib/main.dart', "import 'package:dart_openai/dart_openai.dart';\n"),
      f('a Dart conditional import', 'lib/main.dart', "import 'stub.dart' if (dart.library.io) 'package:ollama_dart/ollama_dart.dart';\n"),
      f('a Rust extern crate', 'lib.rs', 'extern crate ollama_rs;\n'),
      f('a Rust path in code', 'main.rs', 'fn main() { let c = async_openai::Client::new(); }\n'),
      f('a Rust use group laid out over lines (rustfmt)', 'main.rs', 'use {\n    ort,\n    std::fmt,\n};\n'),
      f('a C# using alias without blanks around =', 'Program.cs', 'using Sk=Microsoft.SemanticKernel;\n'),
      f('a C# using after a // comment ended by U+2028 (a C# line end)', 'Program.cs', '// setup\u2028using OpenAI.Chat;\n'),
      f('a C# using through an extern alias', 'Program.cs', 'extern alias Oai;\nusing Oai::OpenAI.Chat;\n'),
      f('a JSR package imported by its bare name, mapped nowhere', 'main.ts', 'import OpenAI from "@openai/openai";\n'),
      f('a C# name written out with an extern alias', 'Program.cs', 'extern alias Oai;\nclass P { object c = new Oai::OpenAI.Chat.ChatClient("gpt-4o", key); }\n'),
      // Commands that install or run a package without a version (src/lang/installs.ts).
      f('a Dockerfile RUN pip install without a version', 'Dockerfile', 'FROM python:3.12\nRUN pip install --no-cache-dir -U openai\n'),
      f('a workflow step installing a CLI globally with npm', '.github/workflows/review.yml', 'on: push\njobs:\n  r:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm i -g @anthropic-ai/claude-code\n'),
      f('a shell script running a package with uvx after a continuation', 'scripts/serve.sh', '#!/bin/sh\nexport X=1 && \\\n  uvx --from mistralai mistral-cli\n'),
      f('an npm dist-tag is no version', 'scripts/setup.sh', 'pnpm add ai@latest\n'),
      f('a CDK stack creating Bedrock resources through aws-cdk-lib', 'lib/stack.ts', 'import * as bedrock from "aws-cdk-lib/aws-bedrock";\n'),
      f('a Python CDK app importing aws_bedrock from aws_cdk', 'app.py', 'from aws_cdk import aws_bedrock as bedrock\n'),
    ],
    valid: [
      f('a local module named openai_utils', 'app.py', 'import openai_utils\n'),
      f('a Dart import in a nested block comment', 'lib/main.dart', "/* a /* b */ import 'package:dart_openai/dart_openai.dart'; */\n"),
      f('a local Dart file named openai_utils', 'lib/main.dart', "import 'openai_utils.dart';\n"),
      f('the word in a comment', 'app.py', '# import openai\n'),
      f('a relative import', 'app.py', 'from . import openai\n'),
      f('another name from the same parent (google.auth)', 'app.py', 'from google import auth\n'),
      f('names after commas in a string and a comment', 'app.py', 'x = "openai, anthropic"\n# import os, openai\n'),
      f('a commented-out C# using, and the name in strings', 'Program.cs', '// using OpenAI;\nvar s = @"using OpenAI;"; var t = $"using {x} OpenAI.Chat";\n'),
      f('a C# using statement and a variable named openai', 'Program.cs', 'using (var openai = new Helper()) { openai.Run(); }\n'),
      f('a local C# namespace', 'Utils.cs', 'namespace MyApp.OpenAIUtils;\nusing MyApp.OpenAIUtils;\n'),
      f('a commented-out Rust use in a nested block comment', 'main.rs', '/* outer /* inner */ use async_openai::Client; */\n'),
      f('a Rust crate with a similar name', 'main.rs', 'use async_openai_extra::Client;\n'),
      f('a Rust field shorthand named like a crate, over lines', 'main.rs', 'let c = Config {\n    ort,\n    tch,\n};\n'),
      // An npm: or CDN import declares the package itself (Deno, Bun and browser code have no package.json).
      f('a Deno npm: import', 'supabase/functions/chat/index.ts', 'import OpenAI from "npm:openai@4.52.0";\n'),
      f('a Deno jsr: import (declares the JSR package itself)', 'supabase/functions/chat/index.ts', 'import OpenAI from "jsr:@openai/openai@^4";\n'),
      f('an esm.sh import without a version', 'main.js', 'import OpenAI from "https://esm.sh/openai";\n'),
      f('a dynamic import from jsDelivr', 'app.mjs', 'const { default: Groq } = await import("https://cdn.jsdelivr.net/npm/groq-sdk/+esm");\n'),
      // An install with a version declares the package; other words are no installs.
      f('a Dockerfile RUN pip install at a pinned version and a range', 'Dockerfile', 'FROM python:3.12\nARG V=1.30.1\nRUN pip install openai==${V} "anthropic>=0.30,<1"\n'),
      f('a workflow step installing at an exact npm version', '.github/workflows/review.yml', 'on: push\njobs:\n  r:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm install --global @anthropic-ai/claude-code@1.0.3\n'),
      f('install commands in comments, echo arguments and a README', 'Dockerfile', 'FROM python:3.12\n# RUN pip install openai\nRUN echo "pip install openai" && printf "npm i openai"\n'),
      f('a command in a README is documentation', 'README.md', '```sh\npip install openai\n```\n'),
      f('a requirements file, a path, a URL and a variable are no package names', 'setup.sh', 'pip install -r openai-requirements.txt ./openai git+https://github.com/openai/openai-python "$OPENAI_PKG"\n'),
      f('an npm alias, a GitHub shorthand and a tarball', 'setup.sh', 'npm install oai@npm:openai openai/openai-node ./openai-4.0.0.tgz\n'),
      f('the CDK without its Bedrock module is no AI package', 'lib/stack.ts', 'import * as s3 from "aws-cdk-lib/aws-s3";\nimport { App } from "aws-cdk-lib";\n'),
      f('a Python CDK app without aws_bedrock', 'app.py', 'import aws_cdk as cdk\nfrom aws_cdk import aws_s3\n'),
      f('other subcommands of the installers', 'setup.sh', 'pip show openai\nnpm view openai version\nuv run openai\npoetry remove openai\n'),
    ],
  },
  'sdk/unapproved-provider': {
    invalid: [f('Anthropic when only OpenAI is allowed', 'app.py', 'import anthropic\n'), f('Mistral via npm', 'a.ts', 'import { Mistral } from "@mistralai/mistralai";\n'), f('Mistral through the AI SDK provider package', 'a.ts', 'import { mistral } from "@ai-sdk/mistral";\n')],
    valid: [f('OpenAI, which is allowed', 'app.py', 'import openai\n'), f('a variable named anthropic', 'app.py', 'anthropic = 1\n'), f('OpenAI through the AI SDK provider package', 'a.ts', 'import { openai } from "@ai-sdk/openai";\n')],
  },
  'mcp/unpinned-server': {
    invalid: [
      f('npx -y without a version', '.cursor/mcp.json', mcp({ fs: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-filesystem', '.'] } })),
      f('uvx without a version', '.mcp.json', mcp({ git: { command: 'uvx', args: ['mcp-server-git'] } })),
      f('npx -p: the second package without a version', '.mcp.json', mcp({ s: { command: 'npx', args: ['-p', 'srv@1.0.0', '-p', 'plugin', '-y', 'srv'] } })),
      f('uvx --with a package without a version', '.mcp.json', mcp({ s: { command: 'uvx', args: ['--from', 'srv==1.0.0', '--with', 'plugin', 'srv'] } })),
      f('Continue config.yaml: npx without a version', '.continue/config.yaml', 'mcpServers:\n  - name: fs\n    command: npx\n    args: [-y, "@modelcontextprotocol/server-filesystem"]\n'),
      f('Continue block file: uvx @latest', '.continue/mcpServers/ha.yaml', 'name: HA\nversion: 0.0.1\nschema: v1\nmcpServers:\n  - name: ha\n    command: uvx\n    args: ["ha-mcp@latest"]\n'),
      f('Continue config.json (transport): npx without a version', '.continue/config.json', JSON.stringify({ experimental: { modelContextProtocolServers: [{ transport: { type: 'stdio', command: 'npx', args: ['-y', 'srv'] } }] } })),
    ],
    valid: [
      f('npx with an exact version', '.cursor/mcp.json', mcp({ mem: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-memory@2025.4.25'] } })),
      f('uvx with == pin', '.mcp.json', mcp({ git: { command: 'uvx', args: ['mcp-server-git==2025.1.14'] } })),
      f('npx -p: every package pinned', '.mcp.json', mcp({ s: { command: 'npx', args: ['-p', 'srv@1.0.0', '--package=plugin@2.0.0', 'srv'] } })),
      f('a -p after the package is the server\'s own argument', '.mcp.json', mcp({ s: { command: 'npx', args: ['-y', 'srv@1.0.0', '-p', 'plugin'] } })),
      f('an MCP-shaped file that is not an agent config', 'servers.json', mcp({ fs: { command: 'npx', args: ['-y', 'x'] } })),
      f('Continue config.yaml: pinned', '.continue/config.yaml', 'mcpServers:\n  - name: fs\n    command: npx\n    args: [-y, "srv@1.2.3"]\n'),
      f('an mcpServers list in a YAML that is no agent config', 'deploy/config.yaml', 'mcpServers:\n  - name: fs\n    command: npx\n    args: [-y, srv]\n'),
      f('Continue: a name-keyed object where the list belongs (not loaded by Continue)', '.continue/config.yaml', 'mcpServers:\n  fs:\n    command: npx\n    args: [-y, srv]\n'),
    ],
  },
  'mcp/insecure-transport': {
    invalid: [f('a remote server over http', '.cursor/mcp.json', mcp({ remote: { url: 'http://mcp.example.com/sse' } })), f('Continue: streamable-http over http', '.continue/mcpServers/r.yaml', 'mcpServers:\n  - name: r\n    type: streamable-http\n    url: http://mcp.example.com/mcp\n')],
    valid: [f('https', '.cursor/mcp.json', mcp({ remote: { url: 'https://mcp.example.com/sse' } })), f('http on localhost', '.cursor/mcp.json', mcp({ local: { url: 'http://localhost:3000/mcp' } }))],
  },
};

// AI GitHub Actions (rules/sdk.yaml packages of ecosystem githubactions) in workflows and composite actions.
const SHA = '0123456789abcdef0123456789abcdef01234567';
const wf = (steps: string) => `on: pull_request\njobs:\n  review:\n    runs-on: ubuntu-latest\n    steps:\n${steps}`;
SDK_RULE_CASES['sdk/unpinned-action'] = {
  invalid: [
    f('a major-version tag', '.github/workflows/review.yml', wf('      - uses: actions/checkout@v4\n      - uses: anthropics/claude-code-action@v1\n')),
    f('a branch, quoted, with a comment after', '.github/workflows/codex.yaml', wf('      - name: codex\n        uses: "openai/codex-action@main" # latest\n')),
    f('a composite action\'s step', '.github/actions/review/action.yml', 'runs:\n  using: composite\n  steps:\n    - uses: google-github-actions/run-gemini-cli@v0\n'),
    f('a short SHA is a ref too', '.github/workflows/ai.yml', wf(`      - uses: actions/ai-inference@${SHA.slice(0, 7)}\n`)),
  ],
  valid: [
    f('pinned to a commit SHA', '.github/workflows/review.yml', wf(`      - uses: anthropics/claude-code-action@${SHA} # v1.0.0\n`)),
    f('other actions at tags', '.github/workflows/ci.yml', wf('      - uses: actions/checkout@v4\n      - uses: actions/setup-node@v4\n')),
    f('a local action and a Docker action', '.github/workflows/ci.yml', wf('      - uses: ./.github/actions/claude-code-action\n      - uses: docker://anthropics/claude-code-action:v1\n')),
    f('a commented-out step', '.github/workflows/ci.yml', wf('      # - uses: anthropics/claude-code-action@v1\n      - run: echo hi\n')),
    f('a uses line outside a workflow or action file', 'docs/review.yml', wf('      - uses: anthropics/claude-code-action@v1\n')),
  ],
};

// AI container images (rules/sdk.yaml `images`): Dockerfiles, compose files, Kubernetes manifests, workflows.
const DIGEST = `sha256:${'0123456789abcdef'.repeat(4)}`;
SDK_RULE_CASES['sdk/unpinned-image'] = {
  invalid: [
    f('a Dockerfile FROM an AI image without a tag', 'Dockerfile', 'FROM ollama/ollama\nRUN ollama --version\n'),
    f('a compose service on :latest', 'docker-compose.yml', 'services:\n  llm:\n    image: vllm/vllm-openai:latest\n'),
    f('a Kubernetes container of an NVIDIA NIM without a tag', 'k8s/nim.yaml', 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: nim\n      image: nvcr.io/nim/meta/llama3-8b-instruct\n'),
    f('a workflow service of an MCP catalog image without a tag', '.github/workflows/ci.yml', 'jobs:\n  t:\n    runs-on: ubuntu-latest\n    services:\n      gh:\n        image: mcp/github\n'),
    f('a Containerfile whose ARG default is latest', 'Containerfile', 'ARG TAG=latest\nFROM docker.io/qdrant/qdrant:${TAG}\n'),
    f('a branch tag (Open WebUI :main)', 'docker-compose.yml', 'services:\n  ui:\n    image: ghcr.io/open-webui/open-webui:main\n'),
    f('a flavour tag with no version (llama.cpp :server, Ollama :rocm)', 'docker-compose.yml', 'services:\n  a:\n    image: ghcr.io/ggml-org/llama.cpp:server\n  b:\n    image: ollama/ollama:rocm\n'),
  ],
  valid: [
    f('a version tag (no digest: not this rule)', 'Dockerfile', 'FROM ollama/ollama:0.5.7\n'),
    f('a digest', 'compose.yaml', `services:\n  llm:\n    image: ollama/ollama@${DIGEST}\n`),
    f('latest with a digest', 'compose.yaml', `services:\n  llm:\n    image: ollama/ollama:latest@${DIGEST}\n`),
    f('an AI image in a comment and a RUN line', 'Dockerfile', '# FROM ollama/ollama\nFROM python:3.12\nRUN echo ollama/ollama\n'),
    f('a stage named like the image', 'Dockerfile', 'FROM python:3.12 AS ollama\nFROM ollama\n'),
    f('a look-alike repository', 'Dockerfile', 'FROM ollama/ollama-extra\n'),
    f('a non-AI image without a tag', 'compose.yaml', 'services:\n  web:\n    image: nginx\n'),
    f('a tag that is a variable', 'compose.yaml', 'services:\n  llm:\n    image: ollama/ollama:${OLLAMA_TAG}\n'),
    f('a version with a flavour (a digit in the tag)', 'compose.yaml', 'services:\n  a:\n    image: ghcr.io/ggml-org/llama.cpp:server-b4600\n  b:\n    image: ollama/ollama:0.5.7-rocm\n'),
    f("a Helm image map with no tag or an empty one: the chart's appVersion", 'charts/ollama/values.yaml', 'image:\n  repository: ollama/ollama\n  tag: ""\nsidecar:\n  image:\n    repository: vllm/vllm-openai\n'),
    f('an image key in a YAML file that is no manifest', 'notes.yaml', 'image: ollama/ollama\n'),
  ],
};
// The provider of an image counts for ai.allowedProviders as a library's does.
SDK_RULE_CASES['sdk/unapproved-provider']?.invalid.push(f('a Qdrant image when only OpenAI is allowed', 'compose.yaml', 'services:\n  db:\n    image: qdrant/qdrant:v1.12.4\n'));
SDK_RULE_CASES['sdk/unapproved-provider']?.valid.push(f('a local-inference image (provider local) is no provider to approve', 'Dockerfile', 'FROM vllm/vllm-openai:v0.6.4\n'));

// AI credentials under a front-end build tool's public prefix (Vite, Next.js, CRA, ...): inlined into the browser bundle.
SDK_RULE_CASES['sdk/browser-exposed-key'] = {
  invalid: [
    f("Vite's import.meta.env with a Gemini key", 'src/gemini.ts', 'const key = import.meta.env.VITE_GEMINI_API_KEY;\n'),
    f("Next.js's NEXT_PUBLIC_ prefix in code", 'app/chat.tsx', 'const c = new OpenAI({ apiKey: process.env.NEXT_PUBLIC_OPENAI_API_KEY, dangerouslyAllowBrowser: true });\n'),
    f('a Create React App variable in .env.example', '.env.example', 'REACT_APP_ANTHROPIC_API_KEY=\n'),
    f("Expo's public prefix with a Hugging Face token", '.env', 'EXPO_PUBLIC_HF_TOKEN=\n'),
    f("Vite's define inlining a key under any name (Google AI Studio's template)", 'vite.config.ts', "import { defineConfig, loadEnv } from 'vite';\nexport default defineConfig(({ mode }) => {\n  const env = loadEnv(mode, '.', '');\n  return { define: { 'process.env.GEMINI_API_KEY': JSON.stringify(env.GEMINI_API_KEY) } };\n});\n"),
    f('a key under a name of its own beside its client (`VITE_OPENAI_KEY`)', 'src/openai.js', 'import OpenAI from "openai";\nconst apiKey = import.meta.env.VITE_OPENAI_KEY;\nexport const openai = new OpenAI({ apiKey, dangerouslyAllowBrowser: true });\n'),
    f('`_APIKEY` and `_KEY` variants in .env.example', '.env.example', 'NEXT_PUBLIC_ANTHROPIC_APIKEY=\nVITE_GROQ_KEY=\n'),
    f("next.config's env handing the build's key to the browser", 'next.config.js', 'module.exports = {\n  env: {\n    OPENAI_API_KEY: process.env.OPENAI_API_KEY,\n  },\n};\n'),
  ],
  valid: [
    f('the same key without a public prefix (server side)', 'src/server.ts', 'const key = process.env.OPENAI_API_KEY;\n'),
    f('a public base URL or model name, no credential', '.env.example', 'VITE_OLLAMA_BASE_URL=http://localhost:11434\nNEXT_PUBLIC_OPENAI_MODEL=gpt-4o-mini\n'),
    f('a public key of no AI provider', 'src/map.ts', 'const k = import.meta.env.VITE_MAPBOX_API_KEY;\n'),
    f('the public prefix not at the start', 'src/a.ts', 'const k = process.env.MY_VITE_OPENAI_API_KEY;\n'),
    f("Vite's define of a model name, a commented-out key, and a define in a file that is no build config", 'vite.config.ts', "export default { define: {\n  'process.env.OPENAI_MODEL': JSON.stringify('gpt-4o'),\n  // 'process.env.OPENAI_API_KEY': JSON.stringify(process.env.OPENAI_API_KEY),\n} };\n"),
    f('a define-like object in an app file', 'src/config.ts', "export const d = { 'process.env.OPENAI_API_KEY': process.env.OPENAI_API_KEY };\n"),
    f("next.config's env of no AI credential", 'next.config.mjs', 'export default { env: { MAPBOX_TOKEN: process.env.MAPBOX_TOKEN, OPENAI_MODEL: process.env.OPENAI_MODEL } };\n'),
    f('in a comment', 'src/a.ts', '// import.meta.env.VITE_OPENAI_API_KEY\n'),
    f('a variant of a weak name (Google Maps keys are public), and of no catalog name', '.env.example', 'VITE_GOOGLE_KEY=\nVITE_STRIPE_KEY=\nVITE_OPENAI_MODEL_KEY_NAME=x\n'),
  ],
};
