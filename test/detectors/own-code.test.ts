/**
 * The project's own code is not a dependency (src/inventory/own-code.ts): a repository that is an
 * AI SDK, or holds one's source, imports it in its tests and examples. Each case scans a tree; the
 * valid ones must list no library for the package and no sdk/undeclared-dependency finding, the
 * decoys (the same import where it does load a dependency) must still list it.
 */
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { scan } from '../../src/scan/scan.js';
import { makeTree, removeTree } from '../support/paths.js';
import { inventory, libs, undeclared } from '../support/inventory.js';


describe('own code is not a dependency', () => {
  const roots: string[] = [];
  after(() => roots.forEach(removeTree));
  const run = async (files: Record<string, string>, includeDeps = false) => {
    const root = makeTree(files);
    roots.push(root);
    return scan({ root, threads: 1, shadowAi: true, ...(includeDeps ? { includeDependencyDirs: true } : {}) });
  };

  it('Python: a regular package of the imported name at a source root, the file\'s base folder or a project\'s src/ is the project\'s own', async () => {
    const own = await run({
      // openai-python's layout: pyproject at the root, the package under src/.
      'pyproject.toml': '[project]\nname = "openai"\nversion = "1.50.0"\ndependencies = ["httpx>=0.23"]\n',
      'src/openai/__init__.py': 'from ._client import OpenAI\n',
      'src/openai/_client.py': 'from openai._models import BaseModel\nclass OpenAI: pass\n',
      'tests/test_client.py': 'import openai\nfrom openai.types import Model\n',
      'examples/demo.py': 'from openai import OpenAI\n',
      // A stub package (`__init__.pyi`) and a package beside the file's base folder.
      'stubs/anthropic/__init__.pyi': 'class Anthropic: ...\n',
      'stubs/anthropic/types.pyi': 'import anthropic\n',
      'lib/torch/__init__.py': 'import torch.nn\n',
      'lib/torch/nn/__init__.py': '',
      'lib/torch/nn/functional.py': 'import torch\nfrom torch import Tensor\n',
      'lib/tools/__init__.py': '',
      'lib/tools/bench.py': 'import torch\n',
      // A project below the root: its src/ package, imported from its tests.
      'svc/pyproject.toml': '[project]\nname = "langchain-openai"\nversion = "0.2.0"\n',
      'svc/src/langchain_openai/__init__.py': '',
      'svc/tests/test_chat.py': 'from langchain_openai import ChatOpenAI\n',
      // A namespace path: google/generativeai is the package, google/ has no __init__.py.
      'google/generativeai/__init__.py': '',
      'tests/test_genai.py': 'import google.generativeai as genai\n',
    });
    assert.deepEqual(inventory(own), []);
    assert.deepEqual(undeclared(own), []);
  });

  it('Python decoys: a lone module, a folder without __init__.py, another project\'s package, installed packages side by side', async () => {
    const r = await run({
      // The script that shadows the SDK it means to use: openai.py is no package.
      'openai.py': 'import openai\nopenai.OpenAI()\n',
      // A data folder named like the SDK: no __init__.py.
      'anthropic/prompts.txt': 'hello\n',
      'app.py': 'import anthropic\n',
      // svc's own package does not make other/'s import local: not its project, not its base folder.
      'svc/pyproject.toml': '[project]\nname = "svc"\n',
      'svc/src/transformers/__init__.py': '',
      'other/run.py': 'import transformers\n',
      // Packages installed side by side import each other as dependencies.
      'usr/lib/python3/dist-packages/torch/__init__.py': '',
      'usr/lib/python3/dist-packages/torchvision/models.py': 'import torch\n',
      // An installed package's own files import it: its own code, not a dependency. A module file
      // beside the packages (no folder of its name) is not a package importing itself.
      'usr/lib/python3/dist-packages/torchvision/__init__.py': 'from torchvision import models\nimport torchvision.ops\n',
      'usr/lib/python3/dist-packages/transformers/__init__.py': '',
      'usr/lib/python3/dist-packages/transformers/models/bert.py': 'from transformers.utils import logging\n',
      'usr/lib/python3/dist-packages/openai_shim.py': 'import openai\n',
    });
    assert.deepEqual(inventory(r), [
      'anthropic: app.py:1',
      'openai: openai.py:1 usr/lib/python3/dist-packages/openai_shim.py:1',
      'torch: usr/lib/python3/dist-packages/torchvision/models.py:1',
      'transformers: other/run.py:1',
    ]);
    // An installed package's import of another is declared in its own metadata, not the project's business.
    assert.deepEqual(undeclared(r), ['app.py:1', 'openai.py:1', 'other/run.py:1']);
    // The sub-package's folder has no __init__.py: the file is still inside transformers/.
    assert.ok(!libs(r).some((c) => c.evidence.some((e) => e.path.includes('/transformers/'))));
    // A virtualenv's site-packages, scanned with --include-deps, is installed packages too.
    const venv = await run({
      '.venv/lib/python3.12/site-packages/transformers/__init__.py': '',
      '.venv/lib/python3.12/site-packages/peft/tuners.py': 'import transformers\n',
      '.venv/lib/python3.12/site-packages/peft/__init__.py': 'from peft.tuners import LoraConfig\n',
    }, true);
    assert.deepEqual(inventory(venv), ['transformers: .venv/lib/python3.12/site-packages/peft/tuners.py:1']);
  });

  it('JS/TS: a package\'s self-reference and its workspace: siblings are its own; a file: dependency and another package\'s import are not', async () => {
    const r = await run({
      // openai-node: its tests import it by name.
      'package.json': '{ "name": "openai", "version": "4.70.0", "dependencies": { "undici": "^6" } }\n',
      'src/index.ts': 'export default class OpenAI {}\n',
      'tests/client.test.ts': "import OpenAI from 'openai';\nimport { Completions } from 'openai/resources';\n",
      // A workspace: the example declares the provider package with workspace:*.
      'packages/openai/package.json': '{ "name": "@ai-sdk/openai", "version": "1.0.0" }\n',
      'examples/app/package.json': '{ "name": "example-app", "dependencies": { "@ai-sdk/openai": "workspace:*", "ai": "4.0.0" } }\n',
      'examples/app/index.ts': "import { openai } from '@ai-sdk/openai';\nimport { generateText } from 'ai';\n",
      // Decoys: a local file: dependency stays (it may be a vendored copy); a package that imports
      // the SDK without declaring it is not the SDK.
      'demo/package.json': '{ "name": "demo", "dependencies": { "openai": "file:.." } }\n',
      'demo/run.ts': "import OpenAI from 'openai';\n",
      'tools/package.json': '{ "name": "tools" }\n',
      'tools/x.ts': "import Anthropic from '@anthropic-ai/sdk';\n",
    });
    assert.deepEqual(inventory(r), [
      '@anthropic-ai/sdk: tools/x.ts:1',
      'ai: examples/app/index.ts:2 examples/app/package.json:1',
      'openai: demo/package.json:1 demo/run.ts:1',
    ]);
    assert.deepEqual(undeclared(r), ['tools/x.ts:1']);
    // The same test file without the package's own package.json imports the registry's openai.
    const plain = await run({ 'tests/client.test.ts': "import OpenAI from 'openai';\n" });
    assert.deepEqual(inventory(plain), ['openai: tests/client.test.ts:1']);
  });

  it('JS/TS: a workspace: sibling the package also declares at a range (a peer dependency) is a dependency of it', async () => {
    // langchainjs's libs/langchain-openai: @langchain/core is a workspace sibling in development
    // and a peer dependency of the published package.
    const r = await run({
      'libs/langchain-openai/package.json':
        '{\n  "name": "@langchain/openai",\n  "dependencies": { "openai": "4.77.0" },\n  "peerDependencies": { "@langchain/core": ">=0.3.29 <0.4.0" },\n  "devDependencies": { "@langchain/core": "workspace:*" }\n}\n',
      'libs/langchain-openai/src/chat_models.ts': "import { AIMessage } from '@langchain/core/messages';\nimport OpenAI from 'openai';\n",
      // A workspace: sibling declared only so stays the workspace's own code.
      'libs/langchain-anthropic/package.json': '{ "name": "@langchain/anthropic", "devDependencies": { "@langchain/core": "workspace:*" } }\n',
      'libs/langchain-anthropic/src/index.ts': "import { AIMessage } from '@langchain/core/messages';\n",
    });
    assert.deepEqual(inventory(r), [
      '@langchain/core: libs/langchain-openai/package.json:4 libs/langchain-openai/src/chat_models.ts:1',
      'openai: libs/langchain-openai/package.json:3 libs/langchain-openai/src/chat_models.ts:2',
    ]);
    assert.deepEqual(undeclared(r), []);
    const core = r.components.find((c) => c.name === '@langchain/core');
    assert.equal(core?.properties['lantern:declared-range'], '>=0.3.29 <0.4.0', 'the workspace: range is no declaration');
  });

  it('JS/TS: members of an npm or Yarn workspace are its own code, whatever range declares them', async () => {
    // modelcontextprotocol/inspector: an npm workspace whose root depends on its members at ^0.15.0.
    const lock = {
      name: '@modelcontextprotocol/inspector',
      lockfileVersion: 3,
      packages: {
        '': { name: '@modelcontextprotocol/inspector', workspaces: ['client', 'server', 'cli'], dependencies: { '@modelcontextprotocol/inspector-cli': '^0.15.0', '@modelcontextprotocol/sdk': '^1.13.1' } },
        cli: { name: '@modelcontextprotocol/inspector-cli', version: '0.15.0', dependencies: { '@modelcontextprotocol/sdk': '^1.13.1' } },
        client: { name: '@modelcontextprotocol/inspector-client', version: '0.15.0' },
        'node_modules/@modelcontextprotocol/inspector-cli': { resolved: 'cli', link: true },
        'node_modules/@modelcontextprotocol/inspector-client': { resolved: 'client', link: true },
        'node_modules/@modelcontextprotocol/sdk': { version: '1.13.1' },
      },
    };
    const r = await run({
      'package.json':
        '{\n  "name": "@modelcontextprotocol/inspector",\n  "workspaces": ["client", "server", "cli", "!cli/fixtures"],\n  "dependencies": {\n    "@modelcontextprotocol/inspector-cli": "^0.15.0",\n    "@modelcontextprotocol/inspector-client": "^0.15.0",\n    "@modelcontextprotocol/sdk": "^1.13.1"\n  }\n}\n',
      'package-lock.json': `${JSON.stringify(lock, null, 2)}\n`,
      'cli/package.json': '{ "name": "@modelcontextprotocol/inspector-cli", "dependencies": { "@modelcontextprotocol/sdk": "^1.13.1" } }\n',
      'cli/src/cli.ts': "import { Client } from '@modelcontextprotocol/sdk/client/index.js';\n",
      'client/package.json': '{ "name": "@modelcontextprotocol/inspector-client", "dependencies": { "@modelcontextprotocol/inspector-cli": "^0.15.0" } }\n',
      'client/src/App.tsx': "import { run } from '@modelcontextprotocol/inspector-cli';\n",
      // Decoys: a package outside the workspace's globs, and one its `!` glob leaves out, install the
      // member from the registry.
      'examples/demo/package.json': '{ "name": "demo", "dependencies": { "@modelcontextprotocol/inspector-cli": "^0.15.0" } }\n',
      'examples/demo/index.ts': "import { run } from '@modelcontextprotocol/inspector-cli';\n",
      'cli/fixtures/package.json': '{ "name": "fixture", "dependencies": { "@modelcontextprotocol/inspector-client": "0.14.0" } }\n',
      'cli/fixtures/app.ts': "import x from '@modelcontextprotocol/inspector-client';\n",
    });
    assert.deepEqual(inventory(r), [
      '@modelcontextprotocol/inspector-cli: examples/demo/index.ts:1 examples/demo/package.json:1',
      '@modelcontextprotocol/inspector-client: cli/fixtures/app.ts:1 cli/fixtures/package.json:1',
      '@modelcontextprotocol/sdk: cli/package.json:1 cli/src/cli.ts:1 package.json:7',
    ]);
    assert.deepEqual(undeclared(r), []);
    assert.equal(r.components.find((c) => c.name === '@modelcontextprotocol/sdk')?.version, '1.13.1', 'the lockfile still versions the rest');
  });

  it('Go: the packages of the module go.mod defines are its own; another module that requires it depends on it', async () => {
    const r = await run({
      'go.mod': 'module github.com/sashabaranov/go-openai\n\ngo 1.21\n',
      'chat.go': 'package openai\nimport "github.com/sashabaranov/go-openai/jsonschema"\nvar _ = jsonschema.Definition{}\n',
      'jsonschema/json.go': 'package jsonschema\ntype Definition struct{}\n',
      'examples/chatbot/main.go': 'package main\nimport openai "github.com/sashabaranov/go-openai"\nfunc main() { _ = openai.NewClient("") }\n',
      'app/go.mod': 'module example.com/app\n\ngo 1.21\n\nrequire github.com/sashabaranov/go-openai v1.20.0\n',
      'app/main.go': 'package main\nimport openai "github.com/sashabaranov/go-openai"\nfunc main() { _ = openai.NewClient("") }\n',
    });
    assert.deepEqual(inventory(r), ['github.com/sashabaranov/go-openai: app/go.mod:5 app/main.go:2']);
    assert.equal(libs(r)[0]?.version, 'v1.20.0');
    assert.deepEqual(undeclared(r), []);
  });

  it('Rust: a crate\'s examples and tests use it by its own name; another crate depends on it', async () => {
    const r = await run({
      'Cargo.toml': '[package]\nname = "async-openai"\nversion = "0.25.0"\n\n[dependencies]\nreqwest = "0.12"\n',
      'src/lib.rs': 'pub struct Client;\n',
      'examples/chat.rs': 'use async_openai::Client;\nfn main() { let _c = Client; }\n',
      'tests/it.rs': 'use ::async_openai::Client;\n',
      'app/Cargo.toml': '[package]\nname = "app"\nversion = "0.1.0"\n\n[dependencies]\nasync-openai = "0.25.0"\n',
      'app/src/main.rs': 'use async_openai::Client;\nfn main() {}\n',
    });
    assert.deepEqual(inventory(r), ['async-openai: app/Cargo.toml:6 app/src/main.rs:1']);
    assert.deepEqual(undeclared(r), []);
  });

  it("Rust: a path dependency is a crate of the tree (its name and the key it is imported under), with or without a version; a registry crate of the same name elsewhere stays", async () => {
    const r = await run({
      'Cargo.toml': '[workspace]\nmembers = ["openai", "app", "svc"]\n',
      'openai/Cargo.toml': '[package]\nname = "openai"\nversion = "0.1.0"\n',
      'openai/src/lib.rs': 'pub fn load() {}\n',
      'app/Cargo.toml': '[package]\nname = "app"\nversion = "0.1.0"\n\n[dependencies]\nopenai = { path = "../openai" }\noai = { package = "async-openai", version = "0.25", path = "../vendor/async-openai" }\n',
      'app/src/main.rs': 'use openai::load;\nuse oai::Client;\nfn main() {}\n',
      'svc/Cargo.toml': '[package]\nname = "svc"\nversion = "0.1.0"\n\n[dependencies]\nasync-openai = "0.25.0"\n',
      'svc/src/main.rs': 'use async_openai::Client;\nfn main() {}\n',
    });
    assert.deepEqual(inventory(r), ['async-openai: svc/Cargo.toml:6 svc/src/main.rs:1']);
    assert.deepEqual(undeclared(r), []);
  });

  it('Java and Kotlin: a class whose source is in the tree at its package\'s path is its own; a wildcard import and a class not in the tree are not', async () => {
    const r = await run({
      'core/src/main/java/dev/langchain4j/data/message/AiMessage.java': 'package dev.langchain4j.data.message;\npublic class AiMessage { public static class Builder {} }\n',
      'core/src/main/kotlin/dev/langchain4j/kotlin/Chat.kt': 'package dev.langchain4j.kotlin\nclass Chat\n',
      'app/src/main/java/a/Own.java': 'package a;\nimport dev.langchain4j.data.message.AiMessage;\nimport dev.langchain4j.data.message.AiMessage.Builder;\nimport static dev.langchain4j.data.message.AiMessage.from;\n',
      'app/src/main/kotlin/a/Own.kt': 'package a\nimport dev.langchain4j.kotlin.Chat\n',
      'app/src/main/java/a/Sdk.java': 'package a;\nimport dev.langchain4j.data.message.*;\nimport dev.langchain4j.model.openai.OpenAiChatModel;\n',
    });
    assert.deepEqual(inventory(r), ['dev.langchain4j: app/src/main/java/a/Sdk.java:2', 'dev.langchain4j:langchain4j-open-ai: app/src/main/java/a/Sdk.java:3']);
  });

  it('Dart, PHP, Ruby and Swift: a package\'s own imports (package: URIs, its catalog namespace, a gem\'s lib/, a Swift package\'s Sources/) are its own', async () => {
    const r = await run({
      'dart/pubspec.yaml': 'name: google_generative_ai\nversion: 0.4.6\n',
      'dart/lib/google_generative_ai.dart': 'library google_generative_ai;\n',
      'dart/test/model_test.dart': "import 'package:google_generative_ai/google_generative_ai.dart';\n",
      'gem/ruby-openai.gemspec': 'Gem::Specification.new { |s| s.name = "ruby-openai" }\n',
      'gem/lib/openai.rb': 'module OpenAI; end\n',
      'gem/spec/openai_spec.rb': "require 'openai'\n",
      'swift/Package.swift': '// swift-tools-version:5.9\nimport PackageDescription\nlet package = Package(name: "OpenAI", targets: [.target(name: "OpenAI")])\n',
      'swift/Sources/OpenAI/OpenAI.swift': 'public final class OpenAI {}\n',
      'swift/Tests/OpenAITests/OpenAITests.swift': 'import XCTest\n@testable import OpenAI\n',
      'php/composer.json': '{ "name": "openai-php/client", "autoload": { "psr-4": { "OpenAI\\\\": "src/" } } }\n',
      'php/src/Client.php': '<?php\nnamespace OpenAI;\nfinal class Client {}\n',
      'php/tests/ClientTest.php': '<?php\nuse OpenAI\\Client;\nuse OpenAI\\Laravel\\Facades\\OpenAI;\n',
      // Decoys: the same imports from outside those packages.
      'app/index.php': '<?php\nuse OpenAI\\Client;\n',
      'app/lib/main.dart': "import 'package:google_generative_ai/google_generative_ai.dart';\n",
      'app/bot.rb': "require 'openai'\n",
      'app/Sources/App/main.swift': 'import OpenAI\n',
    });
    assert.deepEqual(inventory(r), [
      'github.com/MacPaw/OpenAI: app/Sources/App/main.swift:1',
      'google_generative_ai: app/lib/main.dart:1',
      'openai-php/client: app/index.php:2',
      // Another package of the catalog that shares the namespace's first name is not the client's own.
      'openai-php/laravel: php/tests/ClientTest.php:3',
      'ruby-openai: app/bot.rb:1',
    ]);
  });
});
