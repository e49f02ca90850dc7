/**
 * The Shadow-AI inventory end to end: SDKs with versions from manifests and lockfiles, imports in
 * code and notebooks, services with endpoints and model names, MCP servers, used-vs-declared, the
 * AI policy, and the decoys a security team would hate to see listed.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { scan, type ScanResult } from '../../src/scan/scan.js';
import { toCycloneDxJson } from '../../src/report/cyclonedx.js';
import { toCycloneDxXml, xmlText } from '../../src/report/cyclonedx-xml.js';
import { bomJsonErrors, bomXmlErrors } from '../support/validate.js';
import { DEMO, FIXTURES, makeTree, removeTree } from '../support/paths.js';
import { libs } from '../support/inventory.js';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Component } from '../../src/types.js';
import { SDK_POLICY, SDK_RULE_CASES } from './sdk-cases.js';
import { runRuleCases } from './rule-harness.js';
import { includedAnalysis, includedPath } from '../../src/inventory/includes.js';
import { followDenoImportMaps, readDenoImportMaps } from '../../src/inventory/deno-import-maps.js';
import { mapsFor, resolveThroughMaps } from '../../src/lang/deno-import-map.js';
import { loadRules } from '../../src/rules/load.js';
import type { SdkFacts } from '../../src/detectors/sdks/index.js';
import { KEYS } from '../secrets/secrets-cases.js';
import { makeZip } from '../support/zip-writer.js';
import { buildTar, zstdFrame } from '../formats/builders.js';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';

const lib = (r: ScanResult, purlStart: string) => libs(r).find((c) => c.purl?.startsWith(purlStart));
/** The `keys` properties of the library `lib` finds, in order. */
const libProps = (r: ScanResult, purlStart: string, keys: readonly string[]) => keys.map((k) => lib(r, purlStart)?.properties[k]);
/** Each service's provider and the models listed on it. */
const modelsByService = (r: ScanResult) => Object.fromEntries(r.components.filter((c) => c.kind === 'service').map((c) => [c.properties['lantern:provider'], c.properties['lantern:models']]));

describe('Shadow-AI inventory of the demo repository', () => {
  let r: ScanResult;
  before(async () => {
    r = await scan({ root: DEMO, threads: 1, shadowAi: true });
  });

  it('lists the AI SDKs with the versions the lockfile and pins give', () => {
    assert.equal(lib(r, 'pkg:npm/openai@')?.version, '4.104.0');
    assert.equal(lib(r, 'pkg:npm/%40anthropic-ai/sdk@')?.version, '0.24.3');
    assert.equal(lib(r, 'pkg:npm/openai@')?.properties['lantern:declared-range'], '^4.52.7');
    for (const [purl, v] of [['pkg:pypi/openai@', '1.30.1'], ['pkg:pypi/anthropic@', '0.25.0'], ['pkg:pypi/transformers@', '4.36.0'], ['pkg:pypi/torch@', '2.1.0'], ['pkg:pypi/langchain@', '0.1.0'], ['pkg:pypi/sentence-transformers@', '2.7.0'], ['pkg:pypi/faiss-cpu@', '1.8.0']] as const) {
      assert.equal(lib(r, purl)?.version, v, purl);
    }
    assert.equal(lib(r, 'pkg:npm/react'), undefined, 'not an AI package');
    assert.equal(lib(r, 'pkg:pypi/fastapi'), undefined, 'not an AI package');
  });

  it('records every import site, notebooks included (cell and line), as evidence', () => {
    const tf = lib(r, 'pkg:pypi/transformers@') as Component;
    assert.ok(tf.evidence.some((e) => e.path === 'app/main.py' && e.line === 7), JSON.stringify(tf.evidence));
    assert.ok(tf.evidence.some((e) => e.path === 'notebooks/explore.ipynb' && e.cell === 1 && e.line === 2), 'notebook import, cell 1 line 2');
    assert.ok(lib(r, 'pkg:pypi/openai@')?.evidence.some((e) => e.path === 'notebooks/explore.ipynb' && e.cell === 1 && e.line === 1), '%pip install openai');
    assert.ok(tf.evidence.some((e) => e.path === 'requirements.txt' && e.line === 5), 'manifest line');
    const oa = lib(r, 'pkg:npm/openai@') as Component;
    assert.ok(oa.evidence.some((e) => e.path === 'web/src/chat.ts' && e.line === 2));
  });

  it('names the services the code calls, with the models it asks for', () => {
    const svc = r.components.filter((c) => c.kind === 'service');
    const openai = svc.find((s) => s.properties['lantern:provider'] === 'openai');
    const anthropic = svc.find((s) => s.properties['lantern:provider'] === 'anthropic');
    assert.ok(openai && anthropic, JSON.stringify(svc.map((s) => s.name)));
    assert.match(openai.properties['lantern:models'] ?? '', /gpt-4o-mini/);
    assert.match(anthropic.properties['lantern:models'] ?? '', /claude-3-5-sonnet-20241022/);
    assert.match(anthropic.properties['lantern:env-vars'] ?? '', /ANTHROPIC_API_KEY/);
  });

  it('its CycloneDX JSON and XML (with services and endpoints) are schema-valid', () => {
    const env = { SOURCE_DATE_EPOCH: '0' };
    const bom = JSON.parse(toCycloneDxJson(r, '1.6', env)) as { services?: { name: string }[]; dependencies: { ref: string; dependsOn?: string[] }[] };
    assert.equal(bomJsonErrors(bom), undefined);
    assert.equal(bomXmlErrors(toCycloneDxXml(r, '1.6', env)), undefined);
    assert.ok((bom.services ?? []).length >= 2);
    const oaLib = lib(r, 'pkg:npm/openai@');
    assert.ok(bom.dependencies.find((d) => d.ref === oaLib?.ref)?.dependsOn?.includes('service:openai'), 'the client depends on its service');
  });
});

describe('on by default, off with shadowAi: false', () => {
  it('a default scan lists the libraries, services and MCP servers', async () => {
    const r = await scan({ root: DEMO, threads: 1 });
    const kinds = new Set(r.components.map((c) => c.kind));
    for (const k of ['library', 'service', 'mcp-server'] as const) assert.ok(kinds.has(k), `a default scan lists ${k} components`);
  });

  it('shadowAi: false (--no-shadow-ai) leaves the model inventory only', async () => {
    const r = await scan({ root: DEMO, threads: 1, shadowAi: false });
    assert.deepEqual(r.components.filter((c) => c.kind !== 'model').map((c) => c.name), []);
    assert.ok(r.components.length > 0);
  });
});

describe('decoys and edge cases', () => {
  const roots: string[] = [];
  after(() => roots.forEach(removeTree));
  const run = async (files: Record<string, string | Uint8Array>, ai?: { allowedProviders?: string[]; deniedPackages?: string[] }) => {
    const root = makeTree(files);
    roots.push(root);
    return scan({ root, threads: 1, shadowAi: true, ...(ai ? { ai } : {}) });
  };

  it('words in comments, strings, docstrings, local modules and variables are not SDKs', async () => {
    const r = await run({
      'a.py': '"""We used to import openai here."""\n# import anthropic\nimport openai_utils\nanthropic = "x"\nprint("from openai import OpenAI")\nfrom . import openai\n',
      'b.ts': '// import OpenAI from "openai";\nconst s = "import Anthropic from \'@anthropic-ai/sdk\'";\nimport x from "./openai";\nimport y from "openai-fake-pkg";\n',
    });
    assert.deepEqual(libs(r).map((c) => c.purl), []);
  });

  it('packages that are AI only with more evidence: boto3 needs a Bedrock client, openai-agents a manifest', async () => {
    // Invalid: boto3 for S3 (declared and imported), a local module named agents.
    const plain = await run({
      'store.py': 'import boto3\ns3 = boto3.client("s3")\nname = "bedrock-runtime-docs"  # not the literal\n',
      'requirements.txt': 'boto3==1.35.0\n',
      'bot.py': 'from agents import Planner\n',
    });
    assert.deepEqual(libs(plain).map((c) => c.purl), []);
    assert.equal(plain.components.some((c) => c.ref === 'service:aws-bedrock'), false);
    assert.equal(plain.findings.filter((f) => f.ruleId.startsWith('sdk/')).length, 0, JSON.stringify(plain.findings));
    // Valid: a Bedrock client in Python and in a notebook (quotes escaped in its JSON); openai-agents declared.
    const ai = await run({
      'infer.py': "import boto3\nbr = boto3.client('bedrock-runtime')\n",
      'requirements.txt': 'boto3==1.35.0\nopenai-agents==0.0.7\n',
      'bot.py': 'from agents import Agent\n',
    });
    assert.deepEqual(libs(ai).map((c) => c.purl).sort(), ['pkg:pypi/boto3@1.35.0', 'pkg:pypi/openai-agents@0.0.7']);
    assert.ok(ai.components.some((c) => c.ref === 'service:aws-bedrock'));
    // The Agents SDK calls OpenAI's API by default: its import is a use of that service.
    assert.equal(ai.components.find((c) => c.ref === 'service:openai')?.properties['lantern:used-through'], 'openai-agents');
    assert.equal(plain.components.some((c) => c.ref === 'service:openai'), false);
    const nb = JSON.stringify({ cells: [{ cell_type: 'code', metadata: {}, outputs: [], source: ['import boto3\n', 'c = boto3.client("bedrock")\n'] }], metadata: {}, nbformat: 4, nbformat_minor: 5 });
    const inNotebook = await run({ 'explore.ipynb': nb });
    assert.deepEqual(libs(inNotebook).map((c) => c.name), ['boto3']);
    // The client made in another file than the import (a session helper); a JS file's 'bedrock' does not count.
    const split = await run({
      'aws.py': 'import boto3\nsession = boto3.Session()\n',
      'llm.py': 'from .aws import session\nclient = session.client(service_name="bedrock-runtime")\n',
    });
    assert.deepEqual(libs(split).map((c) => c.name), ['boto3']);
    const jsOnly = await run({ 'aws.py': 'import boto3\n', 'web.ts': "const service = 'bedrock';\n" });
    assert.deepEqual(libs(jsOnly).map((c) => c.name), []);
  });

  it('firebase is AI only through firebase/ai and firebase/vertexai (bare, npm: and CDN specifiers); the @firebase/ai it brings in is no undeclared dependency', async () => {
    // Invalid: firebase for auth only, with firebase/ai in a comment and a string.
    const plain = await run({
      'package.json': JSON.stringify({ name: 'app', dependencies: { firebase: '^11.0.0' } }),
      'main.ts': 'import { initializeApp } from "firebase/app";\nimport { getAuth } from "firebase/auth";\n// import { getAI } from "firebase/ai";\nconst s = "firebase/ai";\nexport const auth = getAuth(initializeApp({}));\n',
    });
    assert.deepEqual(libs(plain).map((c) => c.name), []);
    assert.equal(plain.findings.filter((f) => f.ruleId.startsWith('sdk/')).length, 0, JSON.stringify(plain.findings));
    // Valid: firebase/ai, and @firebase/ai imported directly where firebase is declared.
    const ai = await run({
      'package.json': JSON.stringify({ name: 'web', dependencies: { firebase: '^11.0.0' } }),
      'main.ts': 'import { initializeApp } from "firebase/app";\nimport { getAI, getGenerativeModel } from "firebase/ai";\nexport const m = getGenerativeModel(getAI(initializeApp({})), { model: "gemini-2.5-flash" });\n',
      'legacy.ts': 'import { getVertexAI } from "@firebase/vertexai";\nexport { getVertexAI };\n',
    });
    assert.deepEqual(libs(ai).map((c) => `${c.name} ${c.properties['lantern:provider']}`).sort(), ['@firebase/vertexai google', 'firebase google']);
    assert.equal(lib(ai, 'pkg:npm/%40firebase/vertexai')?.properties['lantern:brought-in-by'], 'firebase');
    assert.equal(ai.findings.filter((f) => f.ruleId === 'sdk/undeclared-dependency').length, 0, JSON.stringify(ai.findings));
    assert.deepEqual(modelsByService(ai), { google: 'gemini-2.5-flash' });
    // npm: and CDN specifiers put the version before the entry point: only the AI one counts.
    const url = await run({
      'app/main.ts': 'import { initializeApp } from "npm:firebase@11.0.0/app";\nexport const app = initializeApp({});\n',
      'edge/main.ts': 'import { getAuth } from "https://esm.sh/firebase@11.0.0/auth";\nimport { getAI } from "https://esm.sh/firebase@11.0.0/ai";\nexport { getAI, getAuth };\n',
    });
    assert.deepEqual(libs(url).map((c) => `${c.name}@${c.version} ${c.evidence.map((e) => `${e.path}:${e.line}`).join(' ')}`), ['firebase@11.0.0 edge/main.ts:2 edge/main.ts:2']);
  });

  it('generic import names are AI only where a manifest declares the package: agents (npm), strands, phoenix, whisper, outlines, optimum, paddle, text_generation, haystack (PyPI), genai (Cargo)', async () => {
    // Invalid: a path alias and local modules under those names, nothing declared.
    const plain = await run({
      'web/package.json': JSON.stringify({ name: 'web', dependencies: { react: '^18.0.0' } }),
      'web/src/main.ts': 'import { planner } from "agents/planner";\nimport { Agent } from "agents";\nexport { planner, Agent };\n',
      'svc/app.py': 'import strands\nfrom phoenix import routes\nimport whisper\nimport outlines\nimport optimum\nimport paddle\nfrom text_generation import generate\n',
      'svc/requirements.txt': 'flask==3.0.0\n',
      // django-haystack (search for Django) is imported as haystack too.
      'site/search.py': 'from haystack.query import SearchQuerySet\nfrom haystack import indexes\n',
      'site/requirements.txt': 'django-haystack==3.3.0\n',
      'rs/Cargo.toml': '[package]\nname = "rs"\nversion = "0.1.0"\n',
      'rs/src/main.rs': 'mod genai;\nuse genai::Client;\nfn main() {}\n',
    });
    assert.deepEqual(libs(plain).map((c) => c.name), []);
    // Valid: each declared.
    const ai = await run({
      'web/package.json': JSON.stringify({ name: 'web', dependencies: { agents: '^0.2.0' } }),
      'web/src/main.ts': 'import { Agent } from "agents";\nexport { Agent };\n',
      'svc/app.py': 'from strands import Agent\nfrom phoenix.otel import register\nimport phoenix\n',
      'svc/requirements.txt': 'strands-agents==1.0.0\narize-phoenix==11.0.0\narize-phoenix-otel==0.12.0\n',
      'rag/pipeline.py': 'from haystack import Pipeline\nfrom haystack.components.generators import OpenAIGenerator\n',
      'rag/requirements.txt': 'haystack-ai==2.8.0\n',
      'rs/Cargo.toml': '[package]\nname = "rs"\nversion = "0.1.0"\n\n[dependencies]\ngenai = "0.4"\n',
      'rs/src/main.rs': 'use genai::Client;\nfn main() {}\n',
    });
    assert.deepEqual(libs(ai).map((c) => `${c.name} ${c.properties['lantern:provider']} ${c.properties['lantern:imported'] ?? ''}`).sort(), [
      'agents cloudflare true',
      'arize-phoenix arize true',
      'arize-phoenix-otel arize true',
      'genai multi true',
      'haystack-ai deepset true',
      'strands-agents multi true',
    ]);
  });

  it('volcengine-python-sdk is AI only through its Ark runtime; google-generativeai brings google-ai-generativelanguage in; a new provider\'s service takes its catalog title', async () => {
    const r = await run({
      'core/requirements.txt': 'volcengine-python-sdk==4.0.1\n',
      'core/app.py': 'import volcenginesdkcore\n',
      'ark/requirements.txt': 'volcengine-python-sdk==4.0.1\n',
      'ark/app.py': 'from volcenginesdkarkruntime import Ark\n',
      'gem/requirements.txt': 'google-generativeai==0.8.3\n',
      'gem/app.py': 'import google.ai.generativelanguage as glm\nimport google.generativeai as genai\n',
      'ibm/requirements.txt': 'ibm-watsonx-ai==1.3.0\n',
      'ibm/app.py': 'from ibm_watsonx_ai.foundation_models import ModelInference\n',
    });
    assert.deepEqual(libs(r).map((c) => `${c.name} ${c.version ?? ''}`).sort(), [
      'google-ai-generativelanguage ',
      'google-generativeai 0.8.3',
      'ibm-watsonx-ai 1.3.0',
      'volcengine-python-sdk 4.0.1',
    ]);
    assert.deepEqual(lib(r, 'pkg:pypi/volcengine-python-sdk')?.evidence.map((e) => e.path).sort(), ['ark/app.py', 'ark/requirements.txt', 'core/requirements.txt']);
    assert.equal(r.findings.filter((f) => f.ruleId === 'sdk/undeclared-dependency').length, 0, JSON.stringify(r.findings));
    const names = r.components.filter((c) => c.kind === 'service').map((c) => c.name).sort();
    assert.deepEqual(names, ['Google Gemini API', 'IBM watsonx.ai API', 'Volcengine Ark API']);
  });

  it('Deno edge function: npm: imports and no package.json give the component at the written version, declared by the import', async () => {
    const r = await run({
      'supabase/functions/chat/index.ts': 'import OpenAI from "npm:openai@4.52.0";\nimport { serve } from "https://deno.land/std@0.168.0/http/server.ts";\nconst client = new OpenAI();\n',
      'supabase/functions/embed/index.ts': 'import type { Embedding } from "npm:openai@4.52.0/resources";\nimport OpenAI from "npm:openai@4.52.0";\n',
    });
    assert.deepEqual(libs(r).map((c) => c.purl), ['pkg:npm/openai@4.52.0']);
    const oa = lib(r, 'pkg:npm/openai@4.52.0') as Component;
    assert.equal(oa.version, '4.52.0');
    assert.equal(oa.properties['lantern:declared'], 'true');
    assert.equal(oa.properties['lantern:declared-range'], '4.52.0');
    assert.equal(oa.properties['lantern:scope'], 'runtime');
    assert.equal(oa.properties['lantern:version-source'], undefined);
    // Declared once per file at its first import; each import site is evidence.
    assert.deepEqual(oa.evidence.map((e) => `${e.path}:${e.line}${'column' in e ? `:${e.column}` : ''}`).sort(), [
      'supabase/functions/chat/index.ts:1',
      'supabase/functions/chat/index.ts:1:20',
      'supabase/functions/embed/index.ts:1',
      'supabase/functions/embed/index.ts:1:32',
      'supabase/functions/embed/index.ts:2:20',
    ]);
    assert.deepEqual(r.findings.filter((f) => f.ruleId === 'sdk/undeclared-dependency'), []);
  });

  it('npm: and CDN imports: each form names its package; an exact version is the version, a range stays a range', async () => {
    const r = await run({
      'a.ts': "import Anthropic from 'https://esm.sh/@anthropic-ai/sdk@0.24.3?target=deno';\nexport { streamText } from 'https://esm.sh/v135/ai@3.1.0/es2022/ai.mjs';\n",
      'b.js': "const g = await import('https://cdn.jsdelivr.net/npm/groq-sdk@^0.5/+esm');\nimport 'https://unpkg.com/cohere-ai/index.mjs';\n",
      'c.mts': "import { Mistral } from 'npm:@mistralai/mistralai@~1.3';\nimport type { GenerateContentRequest } from 'https://esm.run/@google/generative-ai';\n",
      'd.ts': "import { Ollama } from 'https://ga.jspm.io/npm:ollama@0.5.9/dist/browser.mjs';\n",
    });
    const got = Object.fromEntries(libs(r).map((c) => [c.name, `${c.version ?? '-'} ${c.properties['lantern:declared-range'] ?? '-'} ${c.properties['lantern:import-kinds']}`]));
    assert.deepEqual(got, {
      '@anthropic-ai/sdk': '0.24.3 0.24.3 import',
      ai: '3.1.0 3.1.0 re-export',
      'groq-sdk': '- ^0.5 dynamic-import',
      'cohere-ai': '- - side-effect',
      '@mistralai/mistralai': '- ~1.3 import',
      '@google/generative-ai': '- - import-type',
      ollama: '0.5.9 0.5.9 import',
    });
    assert.equal(lib(r, 'pkg:npm/groq-sdk')?.properties['lantern:version-source'], 'declared range only');
    assert.deepEqual(r.findings.filter((f) => f.ruleId === 'sdk/undeclared-dependency'), []);
  });

  it('npm: and CDN imports beside a package.json: one component per version; the manifest\'s own stays as it was', async () => {
    const r = await run({
      'package.json': '{"name":"x","dependencies":{"openai":"^4.20.0"}}\n',
      'web/chat.ts': 'import OpenAI from "openai";\n',
      'edge/chat.ts': 'import OpenAI from "npm:openai@4.52.0";\n',
    });
    assert.deepEqual(libs(r).map((c) => `${c.ref} ${c.properties['lantern:declared-range']}`).sort(), ['pkg:npm/openai ^4.20.0', 'pkg:npm/openai@4.52.0 4.52.0']);
    assert.deepEqual(r.findings.filter((f) => f.ruleId === 'sdk/undeclared-dependency'), []);
  });

  it('JSR: a jsr: import in every form is the JSR package, declared by the import, its purl the npm identity JSR serves; a file whose only AI word is the jsr: specifier is read', async () => {
    const r = await run({
      'supabase/functions/chat/index.ts': 'import OpenAI from "jsr:@openai/openai@4.96.0";\nconst client = new OpenAI();\nawait client.chat.completions.create({ model: "gpt-4o", messages: [] });\n',
      'supabase/functions/types.ts': "import type { ChatCompletion } from 'jsr:@openai/openai@^4/resources';\nexport { toFile } from 'jsr:@openai/openai@^4';\n",
      'supabase/functions/lazy.ts': 'const { default: OpenAI } = await import(`jsr:@openai/openai`);\n',
      'edge/mistral.ts': "import { Mistral } from 'jsr:@mistralai/mistralai@1.6.0';\n",
    });
    const got = libs(r).map((c) => `${c.ref} ${c.version ?? '-'} ${c.properties['lantern:declared-range'] ?? '-'} ${c.properties['lantern:ecosystem']} ${c.properties['lantern:registry']} ${c.properties['lantern:import-kinds']}`).sort();
    assert.deepEqual(got, [
      'pkg:npm/%40jsr/mistralai__mistralai@1.6.0?repository_url=https%3A%2F%2Fnpm.jsr.io 1.6.0 1.6.0 jsr jsr.io import',
      // Each import joins the declaration of its own folder (the nearest), as npm: imports do.
      'pkg:npm/%40jsr/openai__openai?repository_url=https%3A%2F%2Fnpm.jsr.io - ^4 jsr jsr.io dynamic-import, import-type, re-export',
      'pkg:npm/%40jsr/openai__openai@4.96.0?repository_url=https%3A%2F%2Fnpm.jsr.io 4.96.0 4.96.0 jsr jsr.io import',
    ]);
    const oa = lib(r, 'pkg:npm/%40jsr/openai__openai@4.96.0?repository_url=https%3A%2F%2Fnpm.jsr.io') as Component;
    assert.equal(oa.name, '@openai/openai');
    assert.ok(oa.evidence.some((e) => e.path === 'supabase/functions/chat/index.ts' && e.line === 1 && 'column' in e && e.column === 20));
    // The import is the declaration: no undeclared-dependency; the OpenAI service with the model.
    assert.deepEqual(r.findings.filter((f) => f.ruleId === 'sdk/undeclared-dependency'), []);
    assert.equal(r.components.find((c) => c.ref === 'service:openai')?.properties['lantern:models'], 'gpt-4o');
  });

  it('JSR from npm clients: `npx jsr add` (an @jsr/ alias) and pnpm\'s jsr: protocol, with each lockfile, give the JSR component at the locked version', async () => {
    const pj = '{"name":"x","dependencies":{"@openai/openai":"npm:@jsr/openai__openai@^4.96.0"}}\n';
    const code = 'import OpenAI from "@openai/openai";\n';
    const lock = { name: 'x', lockfileVersion: 3, packages: { '': { dependencies: { '@openai/openai': 'npm:@jsr/openai__openai@^4.96.0' } }, 'node_modules/@openai/openai': { name: '@jsr/openai__openai', version: '4.96.0', resolved: 'https://npm.jsr.io/~/11/@jsr/openai__openai/4.96.0.tgz' } } };
    const trees: Record<string, Record<string, string>> = {
      'package-lock.json': { 'package.json': pj, 'package-lock.json': JSON.stringify(lock, null, 2), 'index.ts': code },
      'pnpm-lock.yaml': { 'package.json': pj, 'pnpm-lock.yaml': "lockfileVersion: '9.0'\nimporters:\n  .:\n    dependencies:\n      '@openai/openai':\n        specifier: npm:@jsr/openai__openai@^4.96.0\n        version: '@jsr/openai__openai@4.96.0'\npackages:\n  '@jsr/openai__openai@4.96.0':\n    resolution: {integrity: sha512-x, tarball: https://npm.jsr.io/~/11/@jsr/openai__openai/4.96.0.tgz}\n", 'index.ts': code },
      'yarn.lock': { 'package.json': pj, 'yarn.lock': '"@openai/openai@npm:@jsr/openai__openai@^4.96.0":\n  version "4.96.0"\n  resolved "https://npm.jsr.io/~/11/@jsr/openai__openai/4.96.0.tgz"\n', 'index.ts': code },
      'bun.lock': { 'package.json': pj, 'bun.lock': '{"lockfileVersion":1,"workspaces":{"":{"dependencies":{"@openai/openai":"npm:@jsr/openai__openai@^4.96.0"}}},"packages":{"@openai/openai":["@jsr/openai__openai@4.96.0","",{},"sha512-x"]}}\n', 'index.ts': code },
    };
    for (const [name, files] of Object.entries(trees)) {
      const r = await run(files);
      assert.deepEqual(libs(r).map((c) => `${c.name} ${c.purl} ${c.properties['lantern:lockfile']}`), [`@openai/openai pkg:npm/%40jsr/openai__openai@4.96.0?repository_url=https%3A%2F%2Fnpm.jsr.io ${name}`], name);
      assert.deepEqual(r.findings.filter((f) => f.ruleId === 'sdk/undeclared-dependency'), [], name);
    }
    // pnpm's and Yarn's jsr: protocol; the import of the name JSR's npm registry uses.
    const p = await run({ 'package.json': '{"name":"x","dependencies":{"@openai/openai":"jsr:^4.96.0","oai":"jsr:@openai/openai@4.96.1"}}\n', 'a.ts': code, 'b.ts': 'import OpenAI from "npm:@jsr/openai__openai@4.96.1";\n' });
    assert.deepEqual(libs(p).map((c) => `${c.ref} ${c.properties['lantern:declared-range']}`).sort(), ['pkg:npm/%40jsr/openai__openai?repository_url=https%3A%2F%2Fnpm.jsr.io ^4.96.0', 'pkg:npm/%40jsr/openai__openai@4.96.1?repository_url=https%3A%2F%2Fnpm.jsr.io 4.96.1']);
  });

  it('JSR through deno.json imports: a bare import joins the jsr: entry and its deno.lock version; a name npm also has joins it too; a stale lock gives none', async () => {
    const lock = JSON.stringify({ version: '4', specifiers: { 'jsr:@openai/openai@^4': '4.96.0', 'jsr:@mistralai/mistralai@^1': '1.6.0', 'jsr:@std/http@^1': '1.0.2' }, jsr: { '@openai/openai@4.96.0': { integrity: 'a' }, '@mistralai/mistralai@1.6.0': { integrity: 'b' }, '@std/http@1.0.2': { integrity: 'c' } } }, null, 2);
    const r = await run({
      'fn/deno.json': '{\n  "imports": {\n    "@openai/openai": "jsr:@openai/openai@^4",\n    "@mistralai/mistralai": "jsr:@mistralai/mistralai@^1",\n    "@std/http": "jsr:@std/http@^1"\n  }\n}\n',
      'fn/deno.lock': lock,
      'fn/index.ts': 'import OpenAI from "@openai/openai";\nimport { Mistral } from "@mistralai/mistralai";\n',
      // Decoy: the lock lists ^4, this one writes ^3: no version.
      'old/deno.json': '{ "imports": { "@openai/openai": "jsr:@openai/openai@^3" } }\n',
      'old/deno.lock': lock,
    });
    const got = libs(r).map((c) => `${c.ref} ${c.properties['lantern:declared-range']} ${c.properties['lantern:imported']}`).sort();
    assert.deepEqual(got, [
      'pkg:npm/%40jsr/mistralai__mistralai@1.6.0?repository_url=https%3A%2F%2Fnpm.jsr.io ^1 true',
      'pkg:npm/%40jsr/openai__openai?repository_url=https%3A%2F%2Fnpm.jsr.io ^3 false',
      'pkg:npm/%40jsr/openai__openai@4.96.0?repository_url=https%3A%2F%2Fnpm.jsr.io ^4 true',
    ]);
    assert.deepEqual(r.findings.filter((f) => f.ruleId === 'sdk/undeclared-dependency').map((f) => `${f.location.path} ${f.message.split(' ')[0]}`), ['old/deno.json @openai/openai']);
  });

  it('Supabase-style functions: deno.json importMap names an import map mapping @openai/openai to jsr:; each function\'s deno.lock resolves its own imports', async () => {
    const lock = JSON.stringify({ version: '4', specifiers: { 'jsr:@openai/openai@^4': '4.96.0', 'jsr:@std/http@^1': '1.0.2' }, jsr: { '@openai/openai@4.96.0': { integrity: 'a' }, '@std/http@1.0.2': { integrity: 'b' } } }, null, 2);
    const r = await run({
      'supabase/functions/import_map.json': '{\n  "imports": {\n    "@openai/openai": "jsr:@openai/openai@^4",\n    "@std/http": "jsr:@std/http@^1"\n  }\n}\n',
      'supabase/functions/chat/deno.json': '{ "importMap": "../import_map.json" }\n',
      'supabase/functions/chat/deno.lock': lock,
      'supabase/functions/chat/index.ts': 'import { serve } from "@std/http";\nimport OpenAI from "@openai/openai";\nconst client = new OpenAI();\nawait client.chat.completions.create({ model: "gpt-4o", messages: [] });\n',
      // The same map from another function with no lock: the range only; a map beside its deno.jsonc.
      'supabase/functions/embed/deno.jsonc': '{\n  // the shared map\n  "importMap": "../import_map.json"\n}\n',
      'supabase/functions/embed/index.ts': 'import OpenAI from "@openai/openai";\n',
      'tools/deno.json': '{ "importMap": "./import_map.json" }\n',
      'tools/import_map.json': '{ "imports": { "openai": "npm:openai@4.52.0", "zod": "npm:zod@3" } }\n',
      'tools/run.ts': 'import OpenAI from "openai";\n',
    });
    const got = libs(r).map((c) => `${c.purl} ${c.version ?? '-'} ${c.properties['lantern:declared-range']} ${c.evidence.map((e) => `${e.path}:${e.line}${'column' in e ? `:${e.column}` : ''}`).sort().join(' ')}`).sort();
    assert.deepEqual(got, [
      'pkg:npm/%40jsr/openai__openai?repository_url=https%3A%2F%2Fnpm.jsr.io - ^4 supabase/functions/embed/index.ts:1:20 supabase/functions/import_map.json:3',
      'pkg:npm/%40jsr/openai__openai@4.96.0?repository_url=https%3A%2F%2Fnpm.jsr.io 4.96.0 ^4 supabase/functions/chat/index.ts:2:20 supabase/functions/import_map.json:3',
      'pkg:npm/openai@4.52.0 4.52.0 4.52.0 tools/import_map.json:1 tools/run.ts:1:20',
    ]);
    assert.equal(lib(r, 'pkg:npm/%40jsr/openai__openai@4.96.0?repository_url=https%3A%2F%2Fnpm.jsr.io')?.properties['lantern:lockfile'], 'supabase/functions/chat/deno.lock');
    const svc = r.components.find((c) => c.ref === 'service:openai');
    assert.equal(svc?.properties['lantern:models'], 'gpt-4o');
    assert.deepEqual(r.findings.filter((f) => f.ruleId === 'sdk/undeclared-dependency'), []);
    assert.deepEqual(r.warnings.filter((w) => w.code.startsWith('manifest/')), []);
  });

  it('deno.json importMap that cannot be read: a URL, a path out of the tree, a missing file: a warning on the deno.json, nothing read; beside imports, ignored as Deno does', async () => {
    const r = await run({
      'a/deno.json': '{ "importMap": "https://example.com/import_map.json" }\n',
      'b/deno.json': '{ "importMap": "../../outside/import_map.json" }\n',
      'c/deno.json': '{ "importMap": "./import_map.json" }\n',
      'd/deno.json': '{ "importMap": "./import_map.json", "imports": { "zod": "npm:zod@3" } }\n',
      'd/import_map.json': '{ "imports": { "@openai/openai": "jsr:@openai/openai@4.96.0" } }\n',
      'e/deno.json': '{ "importMap": "/etc/import_map.json" }\n',
    });
    assert.deepEqual(libs(r), []);
    assert.deepEqual(r.warnings.filter((w) => w.code.startsWith('manifest/')).map((w) => `${w.code} ${w.path} ${w.message}`).sort(), [
      'manifest/include a/deno.json importMap https://example.com/import_map.json: a URL, not fetched',
      'manifest/include b/deno.json importMap ../../outside/import_map.json: outside the scanned directory',
      'manifest/include c/deno.json importMap ./import_map.json: no such file',
      'manifest/include e/deno.json importMap /etc/import_map.json: an absolute path, outside the scanned directory',
      'manifest/malformed d/deno.json "importMap" (./import_map.json) is ignored: the file has "imports" or "scopes" of its own, which Deno reads instead',
    ]);
  });

  it('Deno import map aliases: an import through a key that is not the package name joins the deno.json entry, its deno.lock version, at the import line; decoys stay unmapped', async () => {
    const lock = JSON.stringify({ version: '4', specifiers: { 'jsr:@openai/openai@^0.9': '0.9.2', 'npm:openai@^4': '4.52.0', 'npm:ai@4': '4.1.0', 'npm:openai@3.3.0': '3.3.0' }, jsr: { '@openai/openai@0.9.2': { integrity: 'a' } }, npm: { 'openai@4.52.0': { integrity: 'b' }, 'ai@4.1.0': { integrity: 'c' }, 'openai@3.3.0': { integrity: 'd' } } }, null, 2);
    const r = await run({
      'app/deno.json': '{\n  "imports": {\n    "oai": "jsr:@openai/openai@^0.9",\n    "llm": "npm:openai@^4",\n    "ai/": "npm:/ai@4/"\n  },\n  "scopes": { "./legacy/": { "oai": "npm:openai@3.3.0" } }\n}\n',
      'app/deno.lock': lock,
      // The file names no AI package: only the aliases.
      'app/src/main.ts': '// chat\nimport Client from "oai";\nimport { x } from "llm/resources";\nimport { generateText } from "ai/core";\nawait new Client().chat.completions.create({ model: "gpt-4o", messages: [] });\n',
      'app/legacy/old.ts': 'import Client from "oai";\n',
      // Decoys: no deno.json above (a sibling of app/), an AI name mapped to another package, a URL
      // target (Deno expands only npm: and jsr: keys to subpaths), a path target.
      'sibling/x.ts': 'import Client from "oai";\nimport { x } from "llm/resources";\n',
      'pad/deno.json': '{ "imports": { "openai": "npm:left-pad@1", "web": "https://esm.sh/openai@4.20.1", "local": "./vendor/openai.ts" } }\n',
      'pad/main.ts': 'import OpenAI from "openai";\nimport w from "web/x";\nimport l from "local";\n',
    });
    const got = libs(r).map((c) => `${c.purl} ${c.version ?? '-'} ${c.evidence.map((e) => `${e.path}:${e.line}`).sort().join(' ')}`).sort();
    assert.deepEqual(got, [
      'pkg:npm/%40jsr/openai__openai@0.9.2?repository_url=https%3A%2F%2Fnpm.jsr.io 0.9.2 app/deno.json:3 app/src/main.ts:2',
      'pkg:npm/ai@4.1.0 4.1.0 app/deno.json:5 app/src/main.ts:4',
      'pkg:npm/openai@3.3.0 3.3.0 app/deno.json:7 app/legacy/old.ts:1',
      'pkg:npm/openai@4.52.0 4.52.0 app/deno.json:4 app/src/main.ts:3',
    ]);
    assert.equal(lib(r, 'pkg:npm/ai@4.1.0')?.properties['lantern:lockfile'], 'app/deno.lock');
    assert.equal(r.components.find((c) => c.ref === 'service:openai')?.properties['lantern:models'], 'gpt-4o');
    assert.deepEqual(r.findings.filter((f) => f.ruleId === 'sdk/undeclared-dependency'), []);
    assert.deepEqual(r.warnings, []);
  });

  it('Deno import map aliases through the import map file importMap names, and a workspace member with the root\'s map', async () => {
    const r = await run({
      'fn/deno.json': '{ "importMap": "../import_map.json" }\n',
      'import_map.json': '{\n  "imports": { "claude": "npm:@anthropic-ai/sdk@0.30.1" }\n}\n',
      'fn/index.ts': 'import Anthropic from "claude/resources";\n',
      'deno.json': '{\n  "workspace": ["./packages/*"],\n  "imports": { "gem": "npm:@google/generative-ai@0.21.0" }\n}\n',
      'packages/a/deno.json': '{ "imports": { "mist": "jsr:@mistralai/mistralai@1.6.0" } }\n',
      'packages/a/mod.ts': 'import { Mistral } from "mist";\nimport { GoogleGenerativeAI } from "gem";\n',
      // Not a member: its own map only.
      'tools/deno.json': '{ "imports": {} }\n',
      'tools/run.ts': 'import { GoogleGenerativeAI } from "gem";\n',
    });
    const got = libs(r).map((c) => `${c.purl} ${c.evidence.map((e) => `${e.path}:${e.line}`).sort().join(' ')}`).sort();
    assert.deepEqual(got, [
      'pkg:npm/%40anthropic-ai/sdk@0.30.1 fn/index.ts:1 import_map.json:2',
      'pkg:npm/%40google/generative-ai@0.21.0 deno.json:3 packages/a/mod.ts:2',
      'pkg:npm/%40jsr/mistralai__mistralai@1.6.0?repository_url=https%3A%2F%2Fnpm.jsr.io packages/a/deno.json:1 packages/a/mod.ts:1',
    ]);
    assert.deepEqual(r.findings.filter((f) => f.ruleId === 'sdk/undeclared-dependency'), []);
  });

  it('Deno import map path and URL keys: a relative import below a path key and a deno.land/x URL key are npm packages; decoys stay local', async () => {
    const r = await run({
      'app/deno.json': '{\n  "imports": {\n    "./lib/llm/": "npm:/openai@4.52.0/",\n    "https://deno.land/x/anthropic@v0.24.0/mod.ts": "npm:@anthropic-ai/sdk@0.24.0"\n  },\n  "scopes": { "./old/": { "./lib/llm/": "npm:/openai@3.3.0/" } }\n}\n',
      // No file names an AI package: only the paths and the URL the map remaps.
      'app/src/chat.ts': 'import Client from "../lib/llm/index.ts";\nimport C from "https://deno.land/x/anthropic@v0.24.0/mod.ts";\n',
      'app/old/chat.ts': 'import Client from "../lib/llm/index.ts";\n',
      // Decoys: a relative import no key names, a path only like the key's, another version of the URL.
      'app/src/util.ts': 'import u from "./util2.ts";\nimport l from "../lib/llmx/index.ts";\nimport a from "https://deno.land/x/anthropic@v0.25.0/mod.ts";\n',
    });
    const got = libs(r).map((c) => `${c.purl} ${c.evidence.map((e) => `${e.path}:${e.line}`).sort().join(' ')}`).sort();
    assert.deepEqual(got, [
      'pkg:npm/%40anthropic-ai/sdk@0.24.0 app/deno.json:4 app/src/chat.ts:2',
      'pkg:npm/openai@3.3.0 app/deno.json:6 app/old/chat.ts:1',
      'pkg:npm/openai@4.52.0 app/deno.json:3 app/src/chat.ts:1',
    ]);
    assert.deepEqual(r.findings.filter((f) => f.ruleId === 'sdk/undeclared-dependency'), []);
  });

  it('an import map file is parsed once: read before the analysis, followDenoImportMaps takes that reading and reads no file again', () => {
    const map = '{\n  "imports": { "claude": "npm:@anthropic-ai/sdk@0.30.1", "zod": "npm:zod@3" },\n  "bad": \n}\n';
    const root = makeTree({ 'fn/deno.json': '{ "importMap": "../import_map.json" }\n', 'import_map.json': map });
    roots.push(root);
    const rules = loadRules();
    const opts = { root, maxTextBytes: 1 << 20 };
    const { maps, files } = readDenoImportMaps(['fn/deno.json', 'import_map.json'], rules, opts);
    assert.equal(resolveThroughMaps(mapsFor(maps!, 'fn/x.ts'), 'fn/x.ts', 'claude'), 'npm:@anthropic-ai/sdk@0.30.1');
    // Gone from the disk after the first reading: the second reading would say "no such file".
    rmSync(join(root, 'import_map.json'));
    const deno = includedAnalysis('fn/deno.json', '', 'text', { declared: [], workspace: { path: 'fn/deno.json', ecosystem: 'npm', importMap: '../import_map.json' } });
    const r = followDenoImportMaps([deno], rules, opts, files);
    assert.deepEqual(r.analyses.map((a) => `${a.file.path} ${a.file.size} ${(a.facts.sdk as SdkFacts).declared!.map((d) => `${d.name}@${d.version} ${d.importer}`).join(' ')}`), [`import_map.json ${map.length} @anthropic-ai/sdk@0.30.1 fn`]);
    assert.deepEqual(r.warnings.map((w) => `${w.code} ${w.path}`), ['manifest/malformed import_map.json']);
    // Without that reading it is read again, and is gone.
    assert.deepEqual(followDenoImportMaps([deno], rules, opts).warnings.map((w) => w.message), ['importMap ../import_map.json: no such file']);
  });

  it('npm:, jsr: and CDN decoys: comments, plain strings, a README, a host that is no CDN, a non-AI JSR package, deno.land/x, uncatalogued look-alikes', async () => {
    const r = await run({
      'a.ts': '// import OpenAI from "npm:openai@4.52.0";\nconst u = "https://esm.sh/openai@4.20.1";\nconst n = `npm:@anthropic-ai/sdk`;\n',
      'j.ts': '// import OpenAI from "jsr:@openai/openai";\nconst s = "jsr:@openai/openai@4";\nconst t = `jsr:@openai/openai`;\n',
      'k.ts': "import { serve } from 'jsr:@std/http@1';\nimport x from 'jsr:@openaix/openai';\nimport y from 'jsr:@openai/openai-helpers@1';\nimport z from '@openai/openai-helpers';\n",
      'deno.json': '{ "imports": { "@std/http": "jsr:@std/http@^1", "helpers": "jsr:@openai/openai-helpers@^1" } }\n',
      'README.md': '```ts\nimport OpenAI from "npm:openai@4.52.0";\nimport Anthropic from "https://esm.sh/@anthropic-ai/sdk@0.24.3";\nimport O from "jsr:@openai/openai";\n```\n',
      'b.ts': "import x from 'https://example.com/openai';\nimport y from 'jsr:@openai/x';\nimport z from 'https://deno.land/x/openai/mod.ts';\n",
      'c.ts': "import e from 'https://esm.sh/openai-edge-ext@1.2.2';\nimport s from 'npm:openai-streams@6';\nimport g from 'https://esm.sh/gh/openai/openai-node';\n",
      'd.cjs': "const o = require('npm:openai');\n",
    });
    assert.deepEqual(libs(r).map((c) => c.name), []);
    assert.deepEqual(r.findings.filter((f) => f.ruleId.startsWith('sdk/')), []);
  });

  it('an import declared nowhere, and a dependency never imported, are both visible', async () => {
    const r = await run({ 'app.py': 'import anthropic\n', 'requirements.txt': 'openai==1.30.1\n' });
    const f = r.findings.filter((x) => x.ruleId === 'sdk/undeclared-dependency');
    assert.equal(f.length, 2, JSON.stringify(f));
    assert.equal(lib(r, 'pkg:pypi/anthropic')?.properties['lantern:declared'], 'false');
    assert.equal(lib(r, 'pkg:pypi/openai@1.30.1')?.properties['lantern:imported'], 'false');
  });

  it('a package only in a lockfile (a dependency of another package) is not declared: importing it is a finding', async () => {
    const lock = { name: 'x', lockfileVersion: 3, requires: true, packages: { '': { name: 'x', dependencies: { langchain: '^0.2.0' } }, 'node_modules/langchain': { version: '0.2.20' }, 'node_modules/openai': { version: '4.52.7' }, 'node_modules/@langchain/openai': { version: '0.2.1' } } };
    const r = await run({ 'package.json': '{"name":"x","dependencies":{"langchain":"^0.2.0"}}\n', 'package-lock.json': JSON.stringify(lock, null, 2), 'index.ts': 'import OpenAI from "openai";\nimport { ChatOpenAI } from "langchain/chat_models/openai";\n' });
    const oa = lib(r, 'pkg:npm/openai@4.52.7');
    assert.equal(oa?.properties['lantern:declared'], 'false');
    assert.equal(oa?.properties['lantern:transitive'], 'true');
    assert.equal(lib(r, 'pkg:npm/langchain@0.2.20')?.properties['lantern:transitive'], undefined);
    const f = r.findings.filter((x) => x.ruleId === 'sdk/undeclared-dependency').map((x) => x.message);
    assert.deepEqual(f, ["openai (openai) is imported in code but declared in no manifest: it is only in package-lock.json, as another package's dependency, which may drop or change it."]);
    // Python: poetry.lock holds openai, pyproject.toml does not.
    const py = await run({
      'pyproject.toml': '[tool.poetry]\nname = "x"\nversion = "1"\n[tool.poetry.dependencies]\npython = "^3.10"\nlangchain-openai = "^0.1"\n',
      'poetry.lock': '[[package]]\nname = "langchain-openai"\nversion = "0.1.8"\n\n[[package]]\nname = "openai"\nversion = "1.30.1"\n',
      'app.py': 'import openai\nfrom langchain_openai import ChatOpenAI\n',
    });
    assert.equal(lib(py, 'pkg:pypi/openai@1.30.1')?.properties['lantern:declared'], 'false');
    assert.deepEqual(py.findings.filter((x) => x.ruleId === 'sdk/undeclared-dependency').map((x) => x.message.split(' ')[0]), ['openai']);
  });

  it('an import joins the declared version, not a nested copy the lockfile holds for another package', async () => {
    // npm: langchain's own openai@3 under node_modules/langchain/node_modules; the code gets the hoisted 4.20.1.
    const lock = { name: 'x', lockfileVersion: 3, requires: true, packages: { '': { name: 'x', dependencies: { openai: '^4.20.0', langchain: '^0.0.200' } }, 'node_modules/langchain': { version: '0.0.200' }, 'node_modules/langchain/node_modules/openai': { version: '3.3.0' }, 'node_modules/openai': { version: '4.20.1' } } };
    const r = await run({ 'package.json': '{"name":"x","dependencies":{"openai":"^4.20.0","langchain":"^0.0.200"}}\n', 'package-lock.json': JSON.stringify(lock, null, 2), 'index.ts': 'import OpenAI from "openai";\n' });
    assert.equal(lib(r, 'pkg:npm/openai@4.20.1')?.properties['lantern:imported'], 'true');
    assert.equal(lib(r, 'pkg:npm/openai@3.3.0')?.properties['lantern:imported'], 'false');
    assert.equal(lib(r, 'pkg:npm/openai@3.3.0')?.properties['lantern:transitive'], 'true');
    assert.deepEqual(r.findings.filter((x) => x.ruleId === 'sdk/undeclared-dependency').map((x) => x.message.split(' ')[0]), ['langchain']);
    // Decoy: with no manifest declaring it, the lockfile's copy still takes the import (and the finding).
    const bare = await run({ 'package.json': '{"name":"x","dependencies":{"langchain":"^0.0.200"}}\n', 'package-lock.json': JSON.stringify(lock, null, 2), 'index.ts': 'import OpenAI from "openai";\n' });
    assert.equal(lib(bare, 'pkg:npm/openai@4.20.1')?.properties['lantern:imported'], 'true');
    assert.ok(bare.findings.some((x) => x.ruleId === 'sdk/undeclared-dependency' && x.message.startsWith('openai ')));
    // Declared, but the lockfile holds only langchain's nested copy: the declaration has no version
    // (its range stays), the import joins it, and the nested copy stays langchain's.
    const nestedOnly = { ...lock, packages: { '': lock.packages[''], 'node_modules/langchain': { version: '0.0.200' }, 'node_modules/langchain/node_modules/openai': { version: '3.3.0' } } };
    const n = await run({ 'package.json': '{"name":"x","dependencies":{"openai":"^4.20.0","langchain":"^0.0.200"}}\n', 'package-lock.json': JSON.stringify(nestedOnly, null, 2), 'index.ts': 'import OpenAI from "openai";\n' });
    assert.deepEqual(libs(n).filter((c) => c.name === 'openai').map((c) => [c.purl, c.properties['lantern:declared-range'], c.properties['lantern:imported'], c.properties['lantern:transitive']]), [
      ['pkg:npm/openai', '^4.20.0', 'true', undefined],
      ['pkg:npm/openai@3.3.0', undefined, 'false', 'true'],
    ]);
    assert.deepEqual(n.findings.filter((x) => x.ruleId === 'sdk/undeclared-dependency').map((x) => x.message.split(' ')[0]), ['langchain']);
  });

  it('Bun and Deno: the SDK takes the exact version of bun.lock / deno.lock, the declared range a property; bun.lockb is a warning', async () => {
    const bunLock = '{\n  "lockfileVersion": 1,\n  "workspaces": {\n    "": {\n      "dependencies": {\n        "openai": "^4.20.0",\n      },\n    },\n  },\n  "packages": {\n    "openai": ["openai@4.20.1", "", {}, "sha512-a"],\n    "langchain/openai": ["openai@3.3.0", "", {}, "sha512-b"],\n  },\n}\n';
    const denoLock = JSON.stringify({ version: '4', specifiers: { 'npm:openai@^4.20.0': '4.20.1', 'jsr:@std/path@^1': '1.0.8' }, npm: { 'openai@4.20.1': { integrity: 'sha512-a' } } }, null, 2);
    const r = await run({
      'bun/package.json': '{"name":"b","dependencies":{"openai":"^4.20.0"}}\n',
      'bun/bun.lock': bunLock,
      'bun/index.ts': 'import OpenAI from "openai";\n',
      'deno/deno.json': '{\n  // Deno\n  "imports": { "openai": "npm:openai@^4.20.0", "@std/path": "jsr:@std/path@^1" },\n}\n',
      'deno/deno.lock': denoLock,
      'deno/main.ts': 'import OpenAI from "openai";\n',
      'old/package.json': '{"name":"o","dependencies":{"@anthropic-ai/sdk":"^0.30.0"}}\n',
      'old/bun.lockb': '#!/usr/bin/env bun\nbun-lockfile-format-v0\n\u0000\u0001',
    });
    const oa = lib(r, 'pkg:npm/openai@4.20.1') as Component;
    assert.equal(oa.version, '4.20.1');
    assert.equal(oa.properties['lantern:declared-range'], '^4.20.0');
    assert.equal(oa.properties['lantern:lockfile'], 'bun/bun.lock, deno/deno.lock');
    assert.deepEqual(oa.evidence.filter((e) => !e.path.endsWith('.ts')).map((e) => `${e.path}:${e.line}`).sort(), ['bun/package.json:1', 'deno/deno.json:3']);
    // Decoys: the copy nested under another package is that package's, not the SDK's version; a jsr: package is no library.
    assert.equal(lib(r, 'pkg:npm/openai@3.3.0')?.properties['lantern:transitive'], 'true');
    assert.deepEqual(libs(r).map((c) => c.purl).sort(), ['pkg:npm/%40anthropic-ai/sdk', 'pkg:npm/openai@3.3.0', 'pkg:npm/openai@4.20.1']);
    // bun.lockb: not read; the package.json beside it still declares the SDK with its range.
    assert.equal(lib(r, 'pkg:npm/%40anthropic-ai/sdk')?.properties['lantern:declared-range'], '^0.30.0');
    assert.deepEqual(r.warnings.filter((w) => w.code === 'manifest/binary-lockfile').map((w) => w.path), ['old/bun.lockb']);
    assert.match(r.warnings.find((w) => w.code === 'manifest/binary-lockfile')?.message ?? '', /bun install --save-text-lockfile/);
  });

  it('Deno: an npm: import in a subfolder takes the version of the deno.lock above that lists its exact spec; another spec, or no lock above, keeps the written range', async () => {
    const denoLock = JSON.stringify({ version: '4', specifiers: { 'npm:openai@^4': '4.52.0', 'npm:@anthropic-ai/sdk@*': '0.24.3' }, npm: { 'openai@4.52.0': {}, '@anthropic-ai/sdk@0.24.3': {} } }, null, 2);
    const r = await run({
      'app/deno.json': '{ "tasks": { "dev": "deno run -A main.ts" } }\n',
      'app/deno.lock': denoLock,
      'app/supabase/functions/chat/index.ts': 'import OpenAI from "npm:openai@^4";\nimport Anthropic from "npm:@anthropic-ai/sdk";\n',
      // Decoys: a spec the lock does not list (a stale lock gives no version), and a folder beside the project, not below it.
      'app/supabase/functions/old/index.ts': 'import OpenAI from "npm:openai@^3";\n',
      'other/edge.ts': 'import OpenAI from "npm:openai@^4";\n',
    });
    const got = libs(r).map((c) => `${c.ref} ${c.properties['lantern:declared-range'] ?? '-'} ${c.properties['lantern:lockfile'] ?? '-'} ${c.evidence.map((e) => e.path).filter((p, i, a) => a.indexOf(p) === i).sort().join(',')}`).sort();
    assert.deepEqual(got, [
      'pkg:npm/%40anthropic-ai/sdk@0.24.3 - app/deno.lock app/supabase/functions/chat/index.ts',
      'pkg:npm/openai ^3, ^4 - app/supabase/functions/old/index.ts,other/edge.ts',
      'pkg:npm/openai@4.52.0 ^4 app/deno.lock app/supabase/functions/chat/index.ts',
    ]);
    assert.deepEqual(r.findings.filter((f) => f.ruleId === 'sdk/undeclared-dependency'), []);
  });

  it('Deno: a deno.lock v2 (npm.specifiers without npm:) gives the version of an npm: import and of deno.json; a v1 lock is no warning; non-AI entries stay out', async () => {
    const v2 = JSON.stringify({ version: '2', remote: {}, npm: { specifiers: { 'openai@^4': 'openai@4.20.0', 'chalk@5': 'chalk@5.0.1', '@anthropic-ai/sdk': '@anthropic-ai/sdk@0.9.1' }, packages: { 'openai@4.20.0': { integrity: 'a', dependencies: {} }, 'chalk@5.0.1': { integrity: 'b' }, '@anthropic-ai/sdk@0.9.1': { integrity: 'c' } } } }, null, 2);
    const r = await run({
      'app/deno.json': '{ "imports": { "@anthropic-ai/sdk": "npm:@anthropic-ai/sdk" } }\n',
      'app/deno.lock': v2,
      'app/functions/chat.ts': 'import OpenAI from "npm:openai@^4";\nimport chalk from "npm:chalk@5";\nimport Anthropic from "@anthropic-ai/sdk";\n',
      'old/deno.lock': JSON.stringify({ 'https://deno.land/std@0.100.0/http/server.ts': 'abc' }),
      'old/main.ts': 'import OpenAI from "npm:openai@4.1.0";\n',
    });
    assert.deepEqual(libs(r).map((c) => `${c.ref} ${c.properties['lantern:lockfile'] ?? '-'}`).sort(), [
      'pkg:npm/%40anthropic-ai/sdk@0.9.1 app/deno.lock',
      'pkg:npm/openai@4.1.0 -',
      'pkg:npm/openai@4.20.0 app/deno.lock',
    ]);
    assert.deepEqual(r.warnings.filter((w) => w.code.startsWith('manifest/')), []);
  });

  it('Go: an import under a major-version module path (/v2) joins the module go.mod requires', async () => {
    const r = await run({
      'go.mod': 'module m\n\ngo 1.22\n\nrequire github.com/openai/openai-go/v2 v2.1.0\n',
      'main.go': 'package main\n\nimport (\n\t"github.com/openai/openai-go/v2"\n\t"github.com/openai/openai-go/v2/option"\n)\n',
    });
    assert.deepEqual(libs(r).map((c) => [c.purl, c.properties['lantern:imported'], c.properties['lantern:declared']]), [['pkg:golang/github.com/openai/openai-go/v2@v2.1.0', 'true', 'true']]);
    assert.deepEqual(r.findings.filter((f) => f.ruleId === 'sdk/undeclared-dependency'), []);
    // Undeclared: the module path with its suffix; v1 (no suffix) and a package named like a suffix stay the module's.
    const bare = await run({ 'a.go': 'package a\n\nimport "github.com/openai/openai-go/v3/option"\n', 'b/b.go': 'package b\n\nimport "github.com/openai/openai-go/option"\n', 'c/c.go': 'package c\n\nimport "github.com/openai/openai-go/vector"\n' });
    assert.deepEqual(libs(bare).map((c) => c.name).sort(), ['github.com/openai/openai-go', 'github.com/openai/openai-go/v3']);
  });

  it('conda: a package environment.yml installs from a channel is what the Python code imports', async () => {
    const r = await run({
      'environment.yml': 'name: ml\nchannels: [pytorch, conda-forge]\ndependencies:\n  - python=3.11\n  - pytorch::pytorch=2.3.0\n  - conda-forge::openai==1.30.1\n  - pip\n  - pip:\n      - anthropic==0.25.0\n',
      'app.py': 'import torch\nimport openai\nimport anthropic\n',
    });
    // conda's `=2.3.0` is fuzzy (2.3.0*, as `conda install` reads it): a range, not a version; `==` is exact.
    assert.deepEqual(libs(r).map((c) => [c.purl, c.properties['lantern:declared'], c.properties['lantern:imported'], c.properties['lantern:declared-range'] ?? '-']).sort(), [
      ['pkg:conda/openai@1.30.1', 'true', 'true', '==1.30.1'],
      ['pkg:conda/pytorch', 'true', 'true', '=2.3.0'],
      ['pkg:pypi/anthropic@0.25.0', 'true', 'true', '==0.25.0'],
    ]);
    assert.deepEqual(r.findings.filter((f) => f.ruleId === 'sdk/undeclared-dependency'), []);
    // Decoy: a conda package of another module does not take the import.
    const other = await run({ 'environment.yml': 'dependencies:\n  - faiss=1.8.0\n', 'app.py': 'import torch\n' });
    assert.deepEqual(other.findings.filter((f) => f.ruleId === 'sdk/undeclared-dependency').map((f) => f.message.split(' ')[0]), ['torch']);
  });

  it('pixi: pytorch (conda) and openai (pypi) of pixi.toml take the versions pixi.lock locks; python and names in tasks are no component', async () => {
    const r = await run({
      'pixi.toml': '[workspace]\nchannels = ["conda-forge"]\nplatforms = ["linux-64"]\n\n[dependencies]\npython = "3.11.*"\npytorch = ">=2.0"\n# tensorflow = "*"\n\n[pypi-dependencies]\nopenai = ">=1.0"\n\n[tasks]\nchat = "python -m anthropic"\n',
      'pixi.lock': 'version: 6\nenvironments:\n  default:\n    packages:\n      linux-64:\n      - conda: https://conda.anaconda.org/conda-forge/linux-64/python-3.11.9-hb806964_0_cpython.conda\n      - conda: https://conda.anaconda.org/conda-forge/linux-64/pytorch-2.3.0-cuda120_py311h8b8f6a2_300.conda\n      - pypi: https://files.pythonhosted.org/packages/openai-1.35.3-py3-none-any.whl\npackages:\n- conda: https://conda.anaconda.org/conda-forge/linux-64/python-3.11.9-hb806964_0_cpython.conda\n- conda: https://conda.anaconda.org/conda-forge/linux-64/pytorch-2.3.0-cuda120_py311h8b8f6a2_300.conda\n- pypi: https://files.pythonhosted.org/packages/openai-1.35.3-py3-none-any.whl\n  name: openai\n  version: 1.35.3\n',
      'app.py': 'import torch\nimport openai\n',
    });
    assert.deepEqual(libs(r).map((c) => [c.purl, c.properties['lantern:declared'], c.properties['lantern:imported']]).sort(), [
      ['pkg:conda/pytorch@2.3.0', 'true', 'true'],
      ['pkg:pypi/openai@1.35.3', 'true', 'true'],
    ]);
    assert.ok(lib(r, 'pkg:conda/pytorch@')?.evidence.some((e) => e.path === 'pixi.toml' && e.line === 7));
    assert.deepEqual(r.findings.filter((f) => f.ruleId === 'sdk/undeclared-dependency'), []);
  });

  it('from-imports of a submodule: from google import genai is google-genai; other names of google are not', async () => {
    const r = await run({
      'a.py': 'from google import auth, genai as g\nfrom google.cloud import aiplatform\nfrom google import *\nfrom os import path\n',
      'requirements.txt': 'google-genai==1.2.0\n',
    });
    assert.deepEqual(libs(r).map((c) => c.purl).sort(), ['pkg:pypi/google-cloud-aiplatform', 'pkg:pypi/google-genai@1.2.0']);
    assert.ok(lib(r, 'pkg:pypi/google-genai@')?.evidence.some((e) => e.path === 'a.py' && e.line === 1 && e.column === 6));
    assert.equal(lib(r, 'pkg:pypi/google-genai@')?.properties['lantern:imported'], 'true');
  });

  it('a notebook that only pip-installs an AI package lists it (the install names it after flags, as no import does)', async () => {
    const nb = (lines: string[]) => JSON.stringify({ cells: [{ cell_type: 'code', metadata: {}, outputs: [], source: lines }], metadata: {}, nbformat: 4, nbformat_minor: 5 });
    const r = await run({
      'setup.ipynb': nb(['!pip install -q langchain-openai\n', '%pip install --upgrade anthropic\n']),
      'other.ipynb': nb(['!pip install -q numpy\n']),
    });
    assert.deepEqual(libs(r).map((c) => c.purl).sort(), ['pkg:pypi/anthropic', 'pkg:pypi/langchain-openai']);
    assert.ok(lib(r, 'pkg:pypi/langchain-openai')?.evidence.some((e) => e.path === 'setup.ipynb' && e.cell === 0 && e.line === 1));
  });

  it('a notebook\'s pip install with a version declares the package: a == pin is its version, another specifier a range; a bare name declares nothing', async () => {
    const text = JSON.stringify({ cells: [{ cell_type: 'code', metadata: {}, outputs: [], source: ['%pip install -q openai==1.30.1 "anthropic>=0.30" torch\n', '!pip install -r requirements-extra.txt "transformers[torch] @ https://files.example/transformers-4.41.2-py3-none-any.whl"\n', 'import openai, anthropic, torch, transformers\n'] }], metadata: {}, nbformat: 4, nbformat_minor: 5 }, null, 1);
    const r = await run({ 'n.ipynb': text });
    assert.deepEqual(libs(r).map((c) => `${c.purl} ${c.properties['lantern:declared']} ${c.properties['lantern:declared-range'] ?? '-'}`).sort(), [
      'pkg:pypi/anthropic true >=0.30',
      'pkg:pypi/openai@1.30.1 true ==1.30.1',
      'pkg:pypi/torch false -',
      'pkg:pypi/transformers@4.41.2 true -',
    ]);
    // Only the bare install is undeclared; the declaration is at the .ipynb file's own line.
    assert.deepEqual(r.findings.filter((f) => f.ruleId === 'sdk/undeclared-dependency').map((f) => f.message.split(' ')[0]), ['torch']);
    const lines = text.split('\n');
    const declared = lib(r, 'pkg:pypi/openai@1.30.1')?.evidence.find((e) => e.cell === undefined);
    assert.match(lines[(declared?.line ?? 0) - 1] ?? '', /%pip install -q openai==1\.30\.1/);
  });

  it('installed copies: a vendored or virtualenv install gives its version, a dependency\'s own manifest declares nothing, its imports are no undeclared dependency', async () => {
    const meta = (name: string, v: string) => `Metadata-Version: 2.1\nName: ${name}\nVersion: ${v}\nRequires-Dist: httpx\n\nSee https://api.openai.com/v1/chat/completions\n`;
    const files = {
      // A Lambda layer built with pip install -t, and no requirements file: the copy is the only version.
      'layer/python/openai-1.30.1.dist-info/METADATA': meta('openai', '1.30.1'),
      'layer/python/openai/__init__.py': 'from openai._client import OpenAI\n',
      'handler.py': 'import openai\nimport anthropic\n',
      // A project with a virtualenv (scanned with --include-deps): the requirement takes the installed version.
      'svc/requirements.txt': 'cohere>=5\n',
      'svc/app.py': 'import cohere\n',
      'svc/.venv/lib/python3.12/site-packages/cohere-5.5.8.dist-info/METADATA': meta('cohere', '5.5.8'),
      'svc/.venv/lib/python3.12/site-packages/langchain_cohere/chat.py': 'import cohere\nimport mistralai\n',
      'svc/.venv/lib/python3.12/site-packages/langchain_cohere/requirements.txt': 'mistralai==1.0.0\n',
      // node_modules: an installed package's package.json is that package, not the project's declarations.
      'web/package.json': '{"dependencies":{"@langchain/openai":"^0.2.0"}}',
      'web/index.js': 'import { ChatOpenAI } from "@langchain/openai";\n',
      'web/node_modules/@langchain/openai/package.json': '{"name":"@langchain/openai","version":"0.2.1","dependencies":{"@anthropic-ai/sdk":"^0.20.0"}}',
      'web/node_modules/@langchain/openai/dist/index.js': 'import Anthropic from "@anthropic-ai/sdk";\n',
    };
    const root = makeTree(files);
    roots.push(root);
    const r = await scan({ root, threads: 1, shadowAi: true, includeDependencyDirs: true });
    const row = (c: Component) => `${c.purl} declared=${c.properties['lantern:declared']} installed=${c.properties['lantern:installed'] ?? '-'} ${c.evidence.map((e) => `${e.path}:${e.line ?? ''}`).join(' ')}`;
    assert.deepEqual(libs(r).map(row).sort(), [
      'pkg:npm/%40anthropic-ai/sdk declared=false installed=- web/node_modules/@langchain/openai/dist/index.js:1',
      'pkg:npm/%40langchain/openai@0.2.1 declared=true installed=true web/index.js:1 web/node_modules/@langchain/openai/package.json:1 web/package.json:1',
      'pkg:pypi/anthropic declared=false installed=- handler.py:2',
      'pkg:pypi/cohere@5.5.8 declared=true installed=true svc/.venv/lib/python3.12/site-packages/cohere-5.5.8.dist-info/METADATA:3 svc/.venv/lib/python3.12/site-packages/langchain_cohere/chat.py:1 svc/app.py:1 svc/requirements.txt:1',
      'pkg:pypi/mistralai declared=false installed=- svc/.venv/lib/python3.12/site-packages/langchain_cohere/chat.py:2',
      'pkg:pypi/openai@1.30.1 declared=false installed=true handler.py:1 layer/python/openai-1.30.1.dist-info/METADATA:3',
    ]);
    assert.deepEqual(r.findings.filter((f) => f.ruleId === 'sdk/undeclared-dependency').map((f) => `${f.location.path}:${f.location.line} ${f.message}`).sort(), [
      'handler.py:1 openai (openai) is imported in code but declared in no manifest: its only version is that of the copy in layer/python/openai-1.30.1.dist-info/METADATA, which no manifest or lockfile reproduces.',
      'handler.py:2 anthropic (anthropic) is imported in code but declared in no manifest: its version is not pinned anywhere.',
    ]);
    // The metadata's description is no configuration: its URL makes no endpoint.
    assert.deepEqual(r.components.filter((c) => c.kind === 'service' && c.properties['lantern:endpoints'] !== undefined), []);
    // Without --include-deps the virtualenv and node_modules are not read; the vendored layer still is.
    const plain = await scan({ root, threads: 1, shadowAi: true });
    assert.deepEqual(libs(plain).map((c) => `${c.purl} ${c.properties['lantern:declared-range'] ?? '-'}`).sort(), ['pkg:npm/%40langchain/openai ^0.2.0', 'pkg:pypi/anthropic -', 'pkg:pypi/cohere >=5', 'pkg:pypi/openai@1.30.1 -']);
  });

  it('AI GitHub Actions: a build-scope component per action and ref with a githubactions purl, the provider\'s service used through it, a valid BOM', async () => {
    const sha = 'fedcba9876543210fedcba9876543210fedcba98';
    const r = await run({
      '.github/workflows/review.yml': `on: pull_request\njobs:\n  review:\n    runs-on: ubuntu-latest\n    steps:\n      - run: pip install openai==1.30.1\n      - uses: anthropics/claude-code-action@${sha} # v1.0.0\n      - uses: Anthropics/Claude-Code-Action@v1\n`,
      '.github/actions/gemini/action.yml': 'runs:\n  using: composite\n  steps:\n    - uses: google-github-actions/run-gemini-cli@v0\n',
    });
    assert.deepEqual(libs(r).map((c) => `${c.purl} ${c.properties['lantern:scope']} ${c.properties['lantern:category']} ${c.evidence.map((e) => `${e.path}:${e.line}`).join(' ')}`).sort(), [
      `pkg:githubactions/anthropics/claude-code-action@${sha} build agent .github/workflows/review.yml:7`,
      'pkg:githubactions/anthropics/claude-code-action@v1 build agent .github/workflows/review.yml:8',
      'pkg:githubactions/google-github-actions/run-gemini-cli@v0 build agent .github/actions/gemini/action.yml:4',
      'pkg:pypi/openai@1.30.1 runtime llm-api .github/workflows/review.yml:6 .github/workflows/review.yml:6',
    ]);
    assert.deepEqual(r.findings.filter((f) => f.ruleId === 'sdk/unpinned-action').map((f) => `${f.location.path}:${f.location.line}`).sort(), ['.github/actions/gemini/action.yml:4', '.github/workflows/review.yml:8']);
    assert.match(r.components.find((c) => c.ref === 'service:anthropic')?.properties['lantern:used-through'] ?? '', /anthropics\/claude-code-action/);
    assert.equal(bomJsonErrors(JSON.parse(toCycloneDxJson(r, '1.6', { SOURCE_DATE_EPOCH: '0' }))), undefined);
  });

  it("an AI Action's model input (actions/ai-inference's `model:`) is the model of the service the action calls, not of the model's maker; an expression names none, another action's model key stays a setting", async () => {
    const r = await run({
      '.github/workflows/summary.yml': 'jobs:\n  a:\n    steps:\n      - uses: actions/ai-inference@v1\n        with:\n          model: openai/gpt-4o-mini\n          prompt: hi\n      - uses: actions/ai-inference@v1\n        with:\n          model: ${{ vars.MODEL }}\n',
    });
    assert.deepEqual(modelsByService(r), { github: 'openai/gpt-4o-mini' });
    const other = await run({ '.github/workflows/x.yml': 'jobs:\n  a:\n    steps:\n      - uses: acme/not-ai@v1\n        with:\n          model: gpt-4o-mini\n' });
    assert.deepEqual(modelsByService(other), { openai: 'gpt-4o-mini' });
    // ai-action's Ollama actions: setup-ollama installs Ollama on the runner, ollama-action runs its `model` there.
    const ollama = await run({ '.github/workflows/o.yml': 'jobs:\n  a:\n    steps:\n      - uses: ai-action/setup-ollama@v2\n      - uses: ai-action/ollama-action@v2\n        with:\n          model: qwen2.5:0.5b\n          prompt: hi\n' });
    assert.deepEqual(libs(ollama).map((c) => `${c.name} ${c.properties['lantern:provider']} ${c.properties['lantern:category']}`), ['ai-action/ollama-action ollama local-inference', 'ai-action/setup-ollama ollama local-inference']);
    assert.deepEqual(modelsByService(ollama), { ollama: 'qwen2.5:0.5b' });
  });

  it("an AI Action's inputs that send it to another provider: claude-code-action's use_bedrock / use_vertex, codex-action's responses-api-endpoint; false or an expression keeps the maker's API", async () => {
    const step = (uses: string, input: string) => `      - uses: ${uses}\n        with:\n          ${input}\n`;
    const r = await run({
      '.github/workflows/bedrock.yml': `jobs:\n  a:\n    steps:\n${step('anthropics/claude-code-action@v1', 'use_bedrock: "true"')}${step('anthropics/claude-code-base-action@v1', 'use_vertex: true')}${step('openai/codex-action@v1', 'responses-api-endpoint: https://res1.openai.azure.com/openai/v1/responses')}`,
    });
    const services = (x: typeof r) => x.components.filter((c) => c.kind === 'service').map((c) => `${c.ref} ${c.properties['lantern:used-through'] ?? '-'} ${c.evidence.map((e) => e.line).join(',')}`).sort();
    assert.deepEqual(services(r), [
      'service:aws-bedrock anthropics/claude-code-action 4',
      'service:azure-openai openai/codex-action 10,12',
      'service:google anthropics/claude-code-base-action 7',
    ]);
    // Decoys: false, an expression, the flag in another action's step or in a prompt's text.
    const d = await run({
      '.github/workflows/direct.yml': `jobs:\n  a:\n    steps:\n${step('anthropics/claude-code-action@v1', 'use_bedrock: "false"')}${step('anthropics/claude-code-action@v1', 'use_vertex: ${{ vars.VERTEX }}')}${step('google-github-actions/run-gemini-cli@v0', 'use_bedrock: true')}      - uses: openai/codex-action@v1\n        with:\n          prompt: |\n            responses-api-endpoint: https://llm.example.com/v1\n`,
    });
    assert.deepEqual(services(d), ['service:anthropic anthropics/claude-code-action 4,7', 'service:google google-github-actions/run-gemini-cli 10', 'service:openai openai/codex-action 13']);
  });

  it("a Hub repository id given to a hub's client (InferenceClient, positional or model=; smolagents' InferenceClientModel) is its model whatever its family; a bare word or another client's unknown id is none", async () => {
    const r = await run({
      'a.py': 'from huggingface_hub import InferenceClient\nc = InferenceClient("HuggingFaceH4/zephyr-7b-beta")\nd = InferenceClient(model="tiiuae/falcon-7b-instruct")\ne = InferenceClient(model="zephyr")\n',
      'b.py': 'from smolagents import InferenceClientModel\nm = InferenceClientModel(model_id="HuggingFaceH4/starchat-beta")\n',
      'c.py': 'from openai import OpenAI\nOpenAI().chat.completions.create(model="acme/unknown-model", messages=[])\n',
    });
    assert.deepEqual(modelsByService(r), { huggingface: 'HuggingFaceH4/starchat-beta, HuggingFaceH4/zephyr-7b-beta, tiiuae/falcon-7b-instruct', openai: undefined });
  });

  it("a Hub repository id given to a method of an InferenceClient instance (client.text_to_image(…, model=…)) is the client's model; the same call on another object is not", async () => {
    const r = await run({
      'a.py': 'from huggingface_hub import InferenceClient\nclient = InferenceClient(token=tok)\nimg = client.text_to_image("a cat", model="black-forest-labs/FLUX.1-dev")\nout = client.chat.completions.create(model="acme/chat-model", messages=m)\n',
      'b.py': 'from huggingface_hub import InferenceClient\nimport renderer\nr = renderer.Client()\nr.text_to_image("a cat", model="acme/not-a-hub-call")\n',
    });
    assert.deepEqual(modelsByService(r), { huggingface: 'acme/chat-model, black-forest-labs/FLUX.1-dev' });
  });

  it("Workers AI's @cf/ and @hf/ model ids: given to workers-ai-provider's workersai(), and as settings (.env, wrangler.toml vars); a setting led by @ that names no model is none", async () => {
    const r = await run({
      'src/index.ts': 'import { createWorkersAI } from "workers-ai-provider";\nimport { generateText } from "ai";\nconst workersai = createWorkersAI({ binding: env.AI });\nawait generateText({ model: workersai("@cf/meta/llama-3.3-70b-instruct-fp8-fast"), prompt: "hi" });\n',
      'wrangler.toml': 'name = "w"\n\n[vars]\nMODEL = "@cf/meta/llama-3.1-8b-instruct"\n\n[ai]\nbinding = "AI"\n',
      '.env.example': 'LLM_MODEL=@hf/thebloke/mistral-7b-instruct-v0.1-awq\nOTHER_MODEL=@latest\n',
    });
    assert.deepEqual(modelsByService(r), { cloudflare: '@cf/meta/llama-3.1-8b-instruct, @cf/meta/llama-3.3-70b-instruct-fp8-fast, @hf/thebloke/mistral-7b-instruct-v0.1-awq' });
  });

  it("a local runtime's bare model name (WebLLM's prebuilt TinyLlama-…-MLC) and a WebLLM model record's Hub URL make no Hugging Face service", async () => {
    const r = await run({
      'main.js': 'import { CreateWebWorkerMLCEngine } from "@mlc-ai/web-llm";\nconst SELECTED_MODEL = "TinyLlama-1.1B-Chat-v0.4-q4f16_1-MLC";\nconst engine = await CreateWebWorkerMLCEngine(worker, SELECTED_MODEL);\n',
      'config.ts': 'import { CreateMLCEngine } from "@mlc-ai/web-llm";\nconst appConfig = { model_list: [{ model: "https://huggingface.co/my-org/My-Model-q4f16_1-MLC", model_id: "My-Model-q4f16_1-MLC", model_lib: lib }] };\nawait CreateMLCEngine("My-Model-q4f16_1-MLC", { appConfig });\n',
    });
    assert.deepEqual(r.components.filter((c) => c.kind === 'service').map((c) => c.ref), []);
  });

  it("the *-gradio wrappers are clients of their provider's API, declared and imported; gradio alone is none", async () => {
    const r = await run({
      'requirements.txt': 'openai-gradio==0.0.3\ngemini-gradio\ngradio==4.44.0\n',
      'app.py': 'import gradio as gr\nimport openai_gradio\nimport gemini_gradio\ngr.load(name="gpt-4-turbo", src=openai_gradio.registry).launch()\n',
    });
    assert.deepEqual(libs(r).map((c) => `${c.name} ${c.version ?? '-'} ${c.properties['lantern:provider']}`).sort(), ['gemini-gradio - google', 'openai-gradio 0.0.3 openai']);
    assert.deepEqual(Object.keys(modelsByService(r)).sort(), ['google', 'openai']);
  });

  it("JS catalog entries from an audit: Genkit's googleAI.model() / embedder() name models, AutoPR and OpenCommit are AI Actions, kokoro-js and the Realtime API client are AI packages; a model() of another object is none", async () => {
    const r = await run({
      'ai.ts': "import { genkit } from 'genkit';\nimport { googleAI } from '@genkit-ai/google-genai';\nconst ai = genkit({ plugins: [googleAI()], model: googleAI.model('gemini-2.5-flash') });\nconst e = googleAI.embedder('text-embedding-004');\nconst m = mongoose.model('gpt-4o');\n",
      'tts.js': "import { KokoroTTS } from 'kokoro-js';\nimport { RealtimeClient } from '@openai/realtime-api-beta';\n",
      '.github/workflows/pr.yml': 'jobs:\n  a:\n    steps:\n      - uses: irgolic/AutoPR@main\n      - uses: di-sukharev/opencommit@github-action-v1.0.4\n',
    });
    assert.deepEqual(modelsByService(r), { google: 'gemini-2.5-flash, text-embedding-004', openai: undefined });
    assert.deepEqual(libs(r).map((c) => `${c.name} ${c.properties['lantern:provider']}`).sort(), ['@genkit-ai/google-genai google', '@openai/realtime-api-beta openai', 'di-sukharev/opencommit multi', 'genkit google', 'irgolic/AutoPR openai', 'kokoro-js local']);
  });

  it('cloud AI resources in Terraform: the provider\'s service with the resources and the models their attributes name', async () => {
    const r = await run({
      'infra/openai.tf': 'resource "azurerm_cognitive_account" "oai" {\n  kind = "OpenAI"\n}\nresource "azurerm_cognitive_account" "speech" {\n  kind = "SpeechServices"\n}\nresource "azurerm_cognitive_deployment" "gpt" {\n  model {\n    name = "gpt-4o-mini"\n  }\n}\n',
      'infra/bedrock.tf': 'resource "aws_bedrock_provisioned_model_throughput" "t" {\n  model_arn = "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0"\n}\n# resource "aws_sagemaker_endpoint" "old" {}\nresource "aws_s3_bucket" "b" {}\n',
      'infra/vars.tf': 'variable "kind" { default = "OpenAI" }\n',
      // Enabling Vertex AI's API on a project; another API enabled is no AI.
      'infra/gcp.tf': 'resource "google_project_service" "aiplatform" {\n  service = "aiplatform.googleapis.com"\n}\nresource "google_project_service" "compute" {\n  service = "compute.googleapis.com"\n}\n',
    });
    const svc = (p: string) => r.components.find((c) => c.ref === `service:${p}`)?.properties;
    assert.deepEqual(r.components.filter((c) => c.kind === 'service').map((c) => c.ref).sort(), ['service:aws-bedrock', 'service:azure', 'service:azure-openai', 'service:google']);
    assert.equal(svc('google')?.['lantern:cloud-resources'], 'google_project_service.aiplatform');
    assert.deepEqual([svc('azure-openai')?.['lantern:cloud-resources'], svc('azure-openai')?.['lantern:models']], ['azurerm_cognitive_account.oai, azurerm_cognitive_deployment.gpt', 'gpt-4o-mini']);
    assert.deepEqual([svc('azure')?.['lantern:cloud-resources'], svc('aws-bedrock')?.['lantern:models']], ['azurerm_cognitive_account.speech', 'anthropic.claude-3-haiku-20240307-v1:0']);
    assert.deepEqual(r.components.find((c) => c.ref === 'service:azure-openai')?.evidence.map((e) => `${e.path}:${e.line}`), ['infra/openai.tf:1', 'infra/openai.tf:7']);
    // The AWS Cloud Control provider's Bedrock resources (awscc_*), as aws-ia/terraform-aws-bedrock declares them.
    const cc = await run({ 'main.tf': 'resource "awscc_bedrock_agent" "a" {\n  agent_name       = "asst"\n  foundation_model = "anthropic.claude-3-haiku-20240307-v1:0"\n}\nresource "awscc_bedrock_guardrail" "g" {\n  name = "g"\n}\n' });
    assert.deepEqual([cc.components.find((c) => c.ref === 'service:aws-bedrock')?.properties['lantern:cloud-resources'], cc.components.find((c) => c.ref === 'service:aws-bedrock')?.properties['lantern:models']], ['awscc_bedrock_agent.a, awscc_bedrock_guardrail.g', 'anthropic.claude-3-haiku-20240307-v1:0']);
  });

  it('cloud AI resources in Bicep, ARM and CloudFormation templates; other JSON and YAML are no templates', async () => {
    const r = await run({
      'infra/main.bicep': "resource oai 'Microsoft.CognitiveServices/accounts@2024-10-01' = {\n  kind: 'OpenAI'\n}\nresource chat 'Microsoft.CognitiveServices/accounts/deployments@2024-10-01' = {\n  properties: {\n    model: {\n      name: 'gpt-4o'\n    }\n  }\n}\n",
      'infra/azuredeploy.json': JSON.stringify({ resources: [{ type: 'Microsoft.MachineLearningServices/workspaces', name: 'ml' }] }, null, 2),
      'template.yaml': 'Resources:\n  Agent:\n    Type: AWS::Bedrock::Agent\n    Properties:\n      FoundationModel: !Ref Model\n  Ep:\n    Type: AWS::SageMaker::Endpoint\n',
      'docs/notes.yaml': 'text: "AWS::Bedrock::Agent and Microsoft.CognitiveServices/accounts are resource types"\n',
    });
    const props = (p: string, k: string) => r.components.find((c) => c.ref === `service:${p}`)?.properties[k];
    assert.deepEqual(r.components.filter((c) => c.kind === 'service').map((c) => c.ref).sort(), ['service:aws-bedrock', 'service:aws-sagemaker', 'service:azure', 'service:azure-openai']);
    assert.deepEqual([props('azure-openai', 'lantern:cloud-resources'), props('azure-openai', 'lantern:models')], ['Microsoft.CognitiveServices/accounts oai, Microsoft.CognitiveServices/accounts/deployments chat', 'gpt-4o']);
    assert.deepEqual([props('azure', 'lantern:cloud-resources'), props('aws-bedrock', 'lantern:cloud-resources'), props('aws-bedrock', 'lantern:models'), props('aws-sagemaker', 'lantern:files')], ['Microsoft.MachineLearningServices/workspaces ml', 'AWS::Bedrock::Agent Agent', undefined, 'template.yaml']);
  });

  it('models the Ollama CLI pulls in a Dockerfile and a script are the Ollama service\'s models', async () => {
    const r = await run({
      'Dockerfile': 'FROM ollama/ollama:0.5.7\nRUN ollama serve & sleep 5 && ollama pull llama3.1:8b\n',
      'scripts/models.sh': '#!/bin/sh\nollama pull nomic-embed-text\necho "then: ollama pull mistral"\n',
    });
    const svc = r.components.find((c) => c.ref === 'service:ollama');
    assert.deepEqual([svc?.properties['lantern:models'], svc?.evidence.map((e) => `${e.path}:${e.line}`)], ['llama3.1:8b, nomic-embed-text', ['Dockerfile:2', 'scripts/models.sh:2']]);
  });

  it("Ollama installed by its script in a Dockerfile or a CI step is the Ollama service's use, at the line; the script's URL in a comment is none", async () => {
    const r = await run({
      'Dockerfile': 'FROM ubuntu:22.04\n# curl -fsSL https://ollama.com/install.sh | sh\nRUN apt-get update && curl -fsSL https://ollama.com/install.sh | sh\n',
      '.github/workflows/e2e.yml': 'jobs:\n  e2e:\n    runs-on: ubuntu-latest\n    steps:\n      - run: curl -fsSL https://ollama.com/install.sh | sh\n',
    });
    const svc = r.components.find((c) => c.ref === 'service:ollama');
    assert.deepEqual(svc?.evidence.map((e) => `${e.path}:${e.line}`).sort(), ['.github/workflows/e2e.yml:5', 'Dockerfile:3']);
    const none = await run({ 'notes.sh': '#!/bin/sh\n# curl -fsSL https://ollama.com/install.sh | sh\necho "see https://ollama.com/install.sh"\n' });
    assert.equal(none.components.find((c) => c.ref === 'service:ollama'), undefined);
  });

  it('pip constraints files: a declaration without a version takes the pin of the file its requirements file names with -c; the constraints declare nothing', async () => {
    const r = await run({
      'requirements.txt': '-c constraints/upper.txt\nopenai\ncohere==5.5.8\n--constraint=missing.txt\n',
      'constraints/upper.txt': '# upper bounds\nanthropic==0.30.0\nopenai==1.30.1\ncohere==5.0.0\nmistralai>=1\n',
      'svc/requirements.txt': 'openai\n',
      'app.py': 'import openai\nimport cohere\n',
    });
    assert.deepEqual(libs(r).map((c) => `${c.purl} ${c.properties['lantern:constraints'] ?? '-'} ${c.evidence.map((e) => `${e.path}:${e.line}`).join(' ')}`).sort(), [
      'pkg:pypi/cohere@5.5.8 - app.py:2 requirements.txt:3',
      'pkg:pypi/openai - svc/requirements.txt:1',
      'pkg:pypi/openai@1.30.1 constraints/upper.txt app.py:1 constraints/upper.txt:3 requirements.txt:2',
    ]);
    assert.deepEqual(r.warnings.filter((w) => w.code === 'manifest/include').map((w) => `${w.path} ${w.message}`), ['requirements.txt -c missing.txt: no such file']);
  });

  it('pip constraints hold for the whole install: the files a requirements file pulls in with -r, and a -c inside an included file', async () => {
    const r = await run({
      'requirements.txt': '-r base.in\n-r requirements-dev.txt\n-c pins.txt\n',
      'base.in': 'openai\n-r more/extra.in\n',
      'more/extra.in': 'cohere\nmistralai\n-c ../more-pins.txt\n',
      'requirements-dev.txt': 'anthropic\n',
      'pins.txt': 'openai==1.30.1\nanthropic==0.30.0\ncohere==5.0.0\n',
      'more-pins.txt': 'mistralai==1.0.0\n',
      'other/requirements.txt': 'openai\n',
    });
    assert.deepEqual(libs(r).map((c) => `${c.purl} ${c.properties['lantern:constraints'] ?? '-'}`).sort(), [
      'pkg:pypi/anthropic@0.30.0 pins.txt',
      'pkg:pypi/cohere@5.0.0 pins.txt',
      'pkg:pypi/mistralai@1.0.0 more-pins.txt',
      'pkg:pypi/openai -',
      'pkg:pypi/openai@1.30.1 pins.txt',
    ]);
  });

  it("a Kotlin script's @file:DependsOn declares what it imports (the group's import joins the artifact); another script's import of the same group is undeclared", async () => {
    const r = await run({
      'scripts/chat.main.kts': '@file:DependsOn("com.aallam.openai:openai-client-jvm:3.8.2")\n\nimport com.aallam.openai.client.OpenAI\n\nval openAI = OpenAI(token = System.getenv("OPENAI_API_KEY"))\n',
      'other/anthropic.main.kts': 'import com.anthropic.client.AnthropicClient\n',
    });
    assert.deepEqual(libs(r).map((c) => `${c.name} ${c.version ?? '-'} ${c.evidence.map((e) => `${e.path}:${e.line}`).join(' ')}`).sort(), [
      'com.anthropic - other/anthropic.main.kts:1',
      'com.aallam.openai:openai-client-jvm 3.8.2 scripts/chat.main.kts:1 scripts/chat.main.kts:3',
    ].sort());
    assert.deepEqual(r.findings.filter((f) => f.ruleId === 'sdk/undeclared-dependency').map((f) => f.location.path), ['other/anthropic.main.kts']);
  });

  it('a PEP 723 script declares what it imports; a Hatch environment and tox declare too', async () => {
    const r = await run({
      'scripts/chat.py': '# /// script\n# dependencies = [\n#   "openai==1.30.1",\n#   "anthropic>=0.30",\n# ]\n# ///\nimport openai\nimport anthropic\nimport cohere\n',
      'pyproject.toml': '[project]\nname = "app"\n\n[tool.hatch.envs.default]\ndependencies = ["cohere>=5"]\n',
      'tox.ini': '[testenv]\ndeps =\n    py312: groq==0.9.0\n',
      'tests/test_groq.py': 'import groq\n',
    });
    assert.deepEqual(libs(r).map((c) => `${c.purl} ${c.properties['lantern:declared']} ${c.properties['lantern:scope'] ?? '-'} ${c.evidence.map((e) => `${e.path}:${e.line}`).join(' ')}`).sort(), [
      'pkg:pypi/anthropic true runtime scripts/chat.py:4 scripts/chat.py:8',
      'pkg:pypi/cohere true dev pyproject.toml:5 scripts/chat.py:9',
      'pkg:pypi/groq@0.9.0 true test tests/test_groq.py:1 tox.ini:3',
      'pkg:pypi/openai@1.30.1 true runtime scripts/chat.py:3 scripts/chat.py:7',
    ]);
    assert.deepEqual(r.findings.filter((f) => f.ruleId === 'sdk/undeclared-dependency'), []);
  });

  it('package archives in the tree: a wheel, a jar with pom.properties (and a shaded one), a jar named after its artifact, a nupkg; other zips and damaged records', async () => {
    const pom = (g: string, a: string, v: string) => ({ name: `META-INF/maven/${g}/${a}/pom.properties`, data: `groupId=${g}\nartifactId=${a}\nversion=${v}\n` });
    const r = await run({
      'requirements.txt': 'openai\n',
      'app.py': 'import openai\n',
      'wheels/openai-1.30.1-py3-none-any.whl': makeZip([{ name: 'openai/__init__.py', data: '' }, { name: 'openai-1.30.1.dist-info/METADATA', data: 'Metadata-Version: 2.1\nName: openai\nVersion: 1.30.1\n\n' }]),
      'wheels/anthropic-0.30.0-py3-none-any.whl': makeZip([{ name: 'anthropic-0.30.0.dist-info/METADATA', data: 'Metadata-Version: 2.1\nName: anthropic\n\n' }]),
      'java/lib/app-all.jar': makeZip([pom('com.example', 'app', '1.0.0'), pom('dev.langchain4j', 'langchain4j-open-ai', '0.35.0'), { name: 'dev/langchain4j/model/openai/OpenAiChatModel.class', data: new Uint8Array([0xca, 0xfe, 0xba, 0xbe]) }]),
      'java/lib/openai-java-2.7.0.jar': makeZip([{ name: 'META-INF/MANIFEST.MF', data: 'Manifest-Version: 1.0\n' }]),
      'java/lib/other-1.0.jar': makeZip([{ name: 'META-INF/MANIFEST.MF', data: 'Manifest-Version: 1.0\n' }]),
      'dotnet/packages/OpenAI.2.1.0.nupkg': makeZip([{ name: 'OpenAI.nuspec', data: '<package><metadata><id>OpenAI</id><version>2.1.0</version></metadata></package>' }]),
      'data/openai-1.30.1.dist-info.zip': makeZip([{ name: 'openai-1.30.1.dist-info/METADATA', data: 'Name: openai\nVersion: 9.9.9\n\n' }]),
    });
    assert.deepEqual(libs(r).map((c) => `${c.purl} declared=${c.properties['lantern:declared']} installed=${c.properties['lantern:installed'] ?? '-'} ${c.evidence.map((e) => e.path).join(' ')}`).sort(), [
      'pkg:maven/com.openai/openai-java@2.7.0 declared=false installed=true java/lib/openai-java-2.7.0.jar',
      'pkg:maven/dev.langchain4j/langchain4j-open-ai@0.35.0 declared=false installed=true java/lib/app-all.jar',
      'pkg:nuget/openai@2.1.0 declared=false installed=true dotnet/packages/OpenAI.2.1.0.nupkg',
      'pkg:pypi/openai@1.30.1 declared=true installed=true app.py requirements.txt wheels/openai-1.30.1-py3-none-any.whl',
    ]);
    assert.deepEqual(r.warnings.filter((w) => w.path.includes('anthropic')).map((w) => `${w.code} ${w.message}`), ['manifest/malformed no Version header in the package metadata']);
    assert.deepEqual(r.findings.filter((f) => f.ruleId === 'sdk/undeclared-dependency'), []);
  });

  it('PyPI entries from the download ranks: OpenLLMetry instrumentations, Bedrock AgentCore; datasets and evaluate only when declared (common local module names); harmony calls nothing', async () => {
    const r = await run({
      'requirements.txt': 'datasets==2.20.0\nbedrock-agentcore==0.1.0\n',
      'app.py': 'from opentelemetry.instrumentation.openai import OpenAIInstrumentor\nfrom bedrock_agentcore import BedrockAgentCoreApp\nfrom datasets import load_dataset\nimport evaluate\nfrom openai_harmony import load_harmony_encoding\n',
    });
    assert.deepEqual(libs(r).map((c) => `${c.purl} ${c.properties['lantern:category']}`).sort(), [
      'pkg:pypi/bedrock-agentcore@0.1.0 agent',
      'pkg:pypi/datasets@2.20.0 hub',
      'pkg:pypi/openai-harmony llm-api',
      'pkg:pypi/opentelemetry-instrumentation-openai observability',
    ]);
    assert.ok(!r.components.some((c) => c.kind === 'service' && c.properties['lantern:used-through']?.includes('openai-harmony')), 'a response-format library calls no API');
    // Decoy: a project's own `datasets` module, no manifest naming the package.
    const own = await run({ 'train.py': 'from datasets import load_local\n', 'datasets.py': 'def load_local(): pass\n' });
    assert.deepEqual(libs(own), []);
    // An install names the package as a declaration does, pinned or not (a notebook's `!pip install -q datasets`).
    const installed = await run({ 'train.py': 'import subprocess\n', 'setup.sh': '#!/bin/sh\npip install -q transformers datasets\n', 'ft.py': 'from datasets import load_dataset\nds = load_dataset("org/data")\n' });
    assert.deepEqual(libs(installed).map((c) => c.name).sort(), ['datasets', 'transformers']);
  });

  it('an AI env var beside a text that names another service of that name (catalog notWith) is no evidence: the Gemini exchange\'s GEMINI_API_KEY', async () => {
    const r = await run({
      // Valid: Google's Gemini, in code and in an .env.example.
      'gen.js': 'const key = process.env.GEMINI_API_KEY;\nconst r = await fetch(`https://generativelanguage.googleapis.com/v1beta/models?key=${key}`);\n',
      'app/.env.example': 'GEMINI_API_KEY=\n',
      // Invalid: the crypto exchange's clients, by its host or its secret.
      'trade.js': "const key = process.env.GEMINI_API_KEY;\nawait axios.post('https://api.gemini.com/v1/balances', null, { headers: { 'X-GEMINI-APIKEY': key } });\n",
      'bot.py': 'import os\nkey = os.getenv("GEMINI_API_KEY")\nsecret = os.getenv("GEMINI_API_SECRET")\n',
      'bot/.env.example': 'GEMINI_API_KEY=\nGEMINI_API_SECRET=\n',
      'sandbox.go': 'package main\nimport "os"\nvar k = os.Getenv("GEMINI_API_KEY")\nconst base = "https://api.sandbox.gemini.com"\n',
    });
    const gemini = r.components.find((c) => c.kind === 'service' && c.name === 'Google Gemini API');
    assert.deepEqual([...new Set(gemini?.evidence.map((e) => e.path))].sort(), ['app/.env.example', 'gen.js']);
  });

  it('AI env vars the code reads are evidence for the provider\'s service, in any language; a weak name only in a file that imports an AI package; a commented-out read is none', async () => {
    const r = await run({
      'src/raw.ts': "const r = await fetch(url, { headers: { authorization: `Bearer ${process.env.GROQ_API_KEY}` } });\n",
      'svc/main.go': 'package main\nimport "os"\nfunc key() string { return os.Getenv("ANTHROPIC_API_KEY") }\n',
      'maps.py': 'import os\nclient = googlemaps.Client(key=os.environ["GOOGLE_API_KEY"])\n',
      'gen.py': 'import os\nimport google.generativeai as genai\ngenai.configure(api_key=os.getenv("GOOGLE_API_KEY"))\n',
      'old.py': '# key = os.getenv("MISTRAL_API_KEY")\n',
    });
    const svc = (n: string) => r.components.find((c) => c.kind === 'service' && c.name === n);
    assert.deepEqual(svc('Groq API')?.evidence.map((e) => `${e.path}:${e.line}`), ['src/raw.ts:1']);
    assert.equal(svc('Groq API')?.properties['lantern:env-vars'], 'GROQ_API_KEY');
    assert.deepEqual(svc('Anthropic API')?.evidence.map((e) => `${e.path}:${e.line}`), ['svc/main.go:3']);
    assert.ok(!svc('Google Gemini API')?.evidence.some((e) => e.path === 'maps.py'), 'GOOGLE_API_KEY alone is no sign of Gemini');
    assert.ok(svc('Google Gemini API')?.evidence.some((e) => e.path === 'gen.py' && e.line === 3));
    assert.equal(r.components.some((c) => c.kind === 'service' && c.properties['lantern:provider'] === 'mistral'), false);
    // A notebook that sets a key with %env or reads one, naming no AI package: by cell, with the .ipynb file's own line.
    const nb = JSON.stringify({ cells: [{ cell_type: 'code', metadata: {}, outputs: [], source: ['import os, requests\n', 'key = os.environ["ANTHROPIC_API_KEY"]\n'] }, { cell_type: 'code', metadata: {}, outputs: [], source: ['%env GROQ_API_KEY=placeholder\n'] }], metadata: {}, nbformat: 4, nbformat_minor: 5 }, null, 1);
    const n = await run({ 'n.ipynb': nb });
    const lines = nb.split('\n');
    assert.deepEqual(n.components.filter((c) => c.kind === 'service').map((c) => [c.name, c.evidence.map((e) => [e.cell, e.line, lines[(e.fileLine ?? 0) - 1]?.includes(c.properties['lantern:env-vars'] as string)])]), [['Anthropic API', [[0, 2, true]]], ['Groq API', [[1, 1, true]]]]);
  });

  it('npm entries from the download counts: coding-agent CLIs installed or run in CI, pi-ai imported, node-llama-cpp binaries by prefix; packages with similar names are not', async () => {
    const r = await run({
      '.github/workflows/ai.yml': 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm i -g @google/gemini-cli@0.1.5 && npx -y @openai/codex exec "fix the build"\n',
      'package.json': '{"dependencies":{"@mariozechner/pi-ai":"0.5.0","@node-llama-cpp/linux-x64":"3.0.0","@playwright/test":"1.45.0","codex":"7.1.0"}}',
      'src/a.ts': "import { complete } from '@mariozechner/pi-ai';\nimport { test } from '@playwright/test';\n",
    });
    assert.deepEqual(libs(r).map((c) => `${c.purl} ${c.properties['lantern:category']}`).sort(), [
      'pkg:npm/%40google/gemini-cli@0.1.5 agent',
      'pkg:npm/%40mariozechner/pi-ai@0.5.0 framework',
      'pkg:npm/%40node-llama-cpp/linux-x64@3.0.0 local-inference',
      'pkg:npm/%40openai/codex agent',
    ]);
  });

  it('an MCP server package whose entry file a string names is used; the launch beside it, args not literal, is that package\'s server', async () => {
    const r = await run({
      'package.json': '{"dependencies":{"@modelcontextprotocol/server-slack":"2025.4.25","@modelcontextprotocol/sdk":"1.29.0"}}',
      'src/slack.ts': "import { toolkit } from './core';\nconst packagePath = getNodeModulesPackagePath('@modelcontextprotocol/server-slack/dist/index.js');\nconst serverParams = {\n  command: 'node',\n  args: [packagePath],\n  env: { SLACK_BOT_TOKEN: token },\n};\n",
      'src/other.ts': "// '@modelcontextprotocol/server-slack/dist/index.js' in a comment\nconst p = 'left-pad/index.js';\n",
      'src/core.ts': "import { Client } from '@modelcontextprotocol/sdk/client/index.js';\n",
    });
    assert.deepEqual(libs(r).map((c) => `${c.purl} ${c.properties['lantern:import-kinds']} ${c.evidence.filter((e) => e.path.startsWith('src/')).map((e) => `${e.path}:${e.line}`).join(' ')}`).sort(), [
      'pkg:npm/%40modelcontextprotocol/sdk@1.29.0 import src/core.ts:1',
      'pkg:npm/%40modelcontextprotocol/server-slack@2025.4.25 resolve src/slack.ts:2',
    ]);
    assert.deepEqual(r.findings.filter((f) => f.ruleId === 'sdk/undeclared-dependency'), []);
    assert.deepEqual(r.components.filter((c) => c.kind === 'mcp-server').map((c) => [c.name, c.properties['lantern:mcp:client'], c.properties['lantern:mcp:command'], c.properties['lantern:mcp:env'], c.evidence[0]?.line]), [
      ['@modelcontextprotocol/server-slack', 'code', 'node', 'SLACK_BOT_TOKEN', 3],
    ]);
  });

  it('an MCP server started from its resolved entry point is used, not "declared but never imported"; a package only declared still is', async () => {
    const r = await run({
      'package.json': '{"dependencies":{"@modelcontextprotocol/server-slack":"2025.4.25","@modelcontextprotocol/sdk":"1.29.0","openai":"4.52.0"}}',
      'src/slack.ts': "import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';\nconst entry = require.resolve('@modelcontextprotocol/server-slack/dist/index.js');\nconst t = new StdioClientTransport({ command: 'node', args: [entry] });\n",
    });
    assert.deepEqual(libs(r).map((c) => `${c.purl} ${c.properties['lantern:import-kinds'] ?? '-'}`).sort(), [
      'pkg:npm/%40modelcontextprotocol/sdk@1.29.0 import',
      'pkg:npm/%40modelcontextprotocol/server-slack@2025.4.25 resolve',
      'pkg:npm/openai@4.52.0 -',
    ]);
    assert.deepEqual(r.findings.filter((f) => f.ruleId === 'sdk/undeclared-dependency').map((f) => f.message.split(' ')[0]), ['openai']);
  });

  it('package tarballs in the tree: an npm pack .tgz, a PyPI sdist, a conda .tar.bz2; other tarballs, one not named as a package is, packages the catalog does not know, damaged and truncated ones say nothing or warn', async () => {
    const tgz = (specs: { name: string; data?: string }[]) => new Uint8Array(gzipSync(buildTar(specs.map((x) => ({ name: x.name, data: new TextEncoder().encode(x.data ?? '') })))));
    const npm = tgz([{ name: 'package/package.json', data: '{"name":"openai","version":"4.52.0","dependencies":{"@anthropic-ai/sdk":"^0.20.0"}}' }, { name: 'package/index.js', data: 'import Anthropic from "@anthropic-ai/sdk";\n' }]);
    const r = await run({
      'vendor/openai-4.52.0.tgz': npm,
      'dist/anthropic-0.30.0.tar.gz': tgz([{ name: 'anthropic-0.30.0/src/anthropic/__init__.py', data: 'x = 1\n'.repeat(5000) }, { name: 'anthropic-0.30.0/PKG-INFO', data: 'Metadata-Version: 2.1\nName: anthropic\nVersion: 0.30.0\n\n' }]),
      'pkgs/openai-1.30.1-pyhd8ed1ab_0.tar.bz2': readFileSync(join(FIXTURES, 'formats/compression/conda-openai-1.30.1-pyhd8ed1ab_0.tar.bz2')),
      // Decoys: a project folder tarred up, a package the catalog does not know, sources of no package.
      'backup/site-2024.tar.gz': tgz([{ name: 'site/package.json', data: '{"name":"openai","version":"9.9.9"}' }]),
      'vendor/openai.tgz': npm,
      'vendor/left-pad-1.3.0.tgz': tgz([{ name: 'package/package.json', data: '{"name":"left-pad","version":"1.3.0"}' }]),
      'src/code-1.0.tar.gz': tgz([{ name: 'openai-9.9.9/setup.py', data: 'import openai\n' }]),
      // Damaged: no version; a tarball cut off before its record ends; a gzip that is no tar.
      'vendor/cohere-5.0.0.tgz': tgz([{ name: 'package/package.json', data: '{"name":"cohere-ai"}' }]),
      'vendor/groq-sdk-0.5.0.tgz': npm.subarray(0, 40),
      'vendor/broken-1.0.tgz': new Uint8Array(gzipSync(Buffer.from('not a tar'))),
      // A bomb named as a package: 32 MB of zeros before its record; decoding stops at the ratio bound.
      'vendor/bomb-1.0.0.tgz': new Uint8Array(gzipSync(buildTar([{ name: 'package/zeros.bin', data: new Uint8Array(32 * 1024 * 1024) }, { name: 'package/package.json', data: new TextEncoder().encode('{"name":"openai","version":"6.6.6"}') }]))),
    });
    assert.deepEqual(libs(r).map((c) => `${c.purl} installed=${c.properties['lantern:installed'] ?? '-'} ${c.evidence.map((e) => e.path).join(' ')}`).sort(), [
      'pkg:conda/openai@1.30.1 installed=true pkgs/openai-1.30.1-pyhd8ed1ab_0.tar.bz2',
      'pkg:npm/openai@4.52.0 installed=true vendor/openai-4.52.0.tgz',
      'pkg:pypi/anthropic@0.30.0 installed=true dist/anthropic-0.30.0.tar.gz',
    ]);
    assert.deepEqual(r.warnings.filter((w) => w.code === 'manifest/malformed').map((w) => `${w.path} ${w.message}`), ['vendor/cohere-5.0.0.tgz package/package.json: no package name and version']);
  });

  it('conda v2 packages (.conda): the stored or deflated info tarball (zstd) names the package; one not named as a package is, one without its info tarball, and damaged ones warn or say nothing', async () => {
    const enc = new TextEncoder();
    const infoTar = (index: string) => zstdFrame(buildTar([{ name: 'info/index.json', data: enc.encode(index) }, { name: 'info/files', data: enc.encode('site-packages/x/__init__.py\n') }]));
    const conda = (name: string, info: Uint8Array | undefined, store = true) =>
      makeZip([{ name: 'metadata.json', data: '{"conda_pkg_format_version": 2}', store: true }, { name: `pkg-${name}.tar.zst`, data: zstdFrame(buildTar([{ name: 'site-packages/x/__init__.py', data: enc.encode('x = 1\n') }])), store: true }, ...(info ? [{ name: `info-${name}.tar.zst`, data: info, store }] : [])]);
    const r = await run({
      'pkgs/anthropic-0.28.0-pyhd8ed1ab_0.conda': readFileSync(join(FIXTURES, 'formats/compression/anthropic-0.28.0-pyhd8ed1ab_0.conda')),
      'pkgs/openai-1.30.1-pyhd8ed1ab_0.conda': conda('openai-1.30.1-pyhd8ed1ab_0', infoTar('{"name": "openai", "version": "1.30.1"}'), false),
      // Decoys: not named as a package is; a package the catalog does not know.
      'pkgs/openai.conda': conda('openai-9.9.9-0', infoTar('{"name": "openai", "version": "9.9.9"}')),
      'pkgs/numpy-1.26.4-py311_0.conda': conda('numpy-1.26.4-py311_0', infoTar('{"name": "numpy", "version": "1.26.4"}')),
      // Damaged: no info tarball; its zstd cut off; its index.json without a version.
      'pkgs/groq-0.9.0-pyhd8ed1ab_0.conda': conda('groq-0.9.0-pyhd8ed1ab_0', undefined),
      'pkgs/cohere-5.5.0-pyhd8ed1ab_0.conda': conda('cohere-5.5.0-pyhd8ed1ab_0', infoTar('{"name": "cohere", "version": "5.5.0"}').subarray(0, 100)),
      'pkgs/mistralai-0.4.0-pyhd8ed1ab_0.conda': conda('mistralai-0.4.0-pyhd8ed1ab_0', infoTar('{"name": "mistralai"}')),
    });
    assert.deepEqual(libs(r).map((c) => `${c.purl} installed=${c.properties['lantern:installed'] ?? '-'} ${c.evidence.map((e) => e.path).join(' ')}`).sort(), [
      'pkg:conda/anthropic@0.28.0 installed=true pkgs/anthropic-0.28.0-pyhd8ed1ab_0.conda',
      'pkg:conda/openai@1.30.1 installed=true pkgs/openai-1.30.1-pyhd8ed1ab_0.conda',
    ]);
    assert.deepEqual(r.warnings.filter((w) => w.code === 'manifest/malformed').map((w) => `${w.path} ${w.message}`).sort(), [
      'pkgs/cohere-5.5.0-pyhd8ed1ab_0.conda info-cohere-5.5.0-pyhd8ed1ab_0.tar.zst: no info/index.json (zstd decode error: unexpected EOF)',
      'pkgs/groq-0.9.0-pyhd8ed1ab_0.conda conda package without its info-<name>-<version>-<build>.tar.zst: not read',
      'pkgs/mistralai-0.4.0-pyhd8ed1ab_0.conda info-mistralai-0.4.0-pyhd8ed1ab_0.tar.zst: info/index.json: no package name and version',
    ]);
  });

  it("a conda environment in the tree (--include-deps): its conda-meta records are the installed packages, the package's own .dist-info is the same install, and the code's import joins it", async () => {
    const root = makeTree({
      'envs/ml/conda-meta/pytorch-2.3.0-py311_0.json': '{\n  "files": [\n    "lib/python3.11/site-packages/torch-2.3.0.dist-info/METADATA"\n  ],\n  "name": "pytorch",\n  "version": "2.3.0"\n}\n',
      'envs/ml/conda-meta/numpy-1.26.4-py311_0.json': '{"name": "numpy", "version": "1.26.4"}',
      'envs/ml/lib/python3.11/site-packages/torch-2.3.0.dist-info/METADATA': 'Metadata-Version: 2.1\nName: torch\nVersion: 2.3.0\n\n',
      'envs/ml/lib/python3.11/site-packages/openai-1.30.1.dist-info/METADATA': 'Metadata-Version: 2.1\nName: openai\nVersion: 1.30.1\n\n',
      'train.py': 'import torch\n',
    });
    roots.push(root);
    const r = await scan({ root, threads: 1, shadowAi: true, includeDependencyDirs: true });
    assert.deepEqual(libs(r).map((c) => `${c.purl} installed=${c.properties['lantern:installed']} imported=${c.properties['lantern:imported']}`).sort(), [
      'pkg:conda/pytorch@2.3.0 installed=true imported=true',
      'pkg:pypi/openai@1.30.1 installed=true imported=false',
    ]);
    // Without --include-deps conda-meta is skipped as site-packages is: the import stands alone.
    assert.deepEqual(libs(await scan({ root, threads: 1, shadowAi: true })).map((c) => c.purl), ['pkg:pypi/torch']);
    assert.ok(lib(r, 'pkg:conda/pytorch@2.3.0')?.evidence.some((e) => e.path === 'envs/ml/conda-meta/pytorch-2.3.0-py311_0.json' && e.line === 6));
    assert.ok(lib(r, 'pkg:conda/pytorch@2.3.0')?.evidence.some((e) => e.path === 'train.py' && e.line === 1));
  });

  it("vendored PHP and Ruby: Composer's installed.json and the gem home's specifications give versions; the vendored packages' composer.json and gemspecs declare nothing", async () => {
    const r = await run({
      'composer.json': '{"require":{"openai-php/laravel":"^0.10"}}',
      'app/Chat.php': '<?php\nuse OpenAI\\Laravel\\Facades\\OpenAI;\n',
      'vendor/composer/installed.json': JSON.stringify({ packages: [{ name: 'openai-php/client', version: 'v0.10.3' }, { name: 'openai-php/laravel', version: 'v0.10.2' }] }),
      'vendor/openai-php/laravel/composer.json': '{"name":"openai-php/laravel","require":{"openai-php/client":"^0.10.1"}}',
      'vendor/openai-php/laravel/src/Facades/OpenAI.php': '<?php\nnamespace OpenAI\\Laravel\\Facades;\nuse OpenAI\\Client;\n',
      'Gemfile': 'source "https://rubygems.org"\ngem "langchainrb"\n',
      'lib/bot.rb': 'require "langchain"\n',
      'vendor/bundle/ruby/3.3.0/specifications/langchainrb-0.19.0.gemspec': 'Gem::Specification.new do |s|\n  s.name = "langchainrb".freeze\n  s.version = "0.19.0".freeze\n  s.add_development_dependency(%q<ruby-openai>.freeze, ["~> 7.1.0".freeze])\nend\n',
      'vendor/bundle/ruby/3.3.0/gems/langchainrb-0.19.0/langchainrb.gemspec': 'Gem::Specification.new do |s|\n  s.add_dependency "anthropic"\nend\n',
    });
    assert.deepEqual(libs(r).map((c) => `${c.purl} declared=${c.properties['lantern:declared']} installed=${c.properties['lantern:installed'] ?? '-'}`).sort(), [
      'pkg:composer/openai-php/client@0.10.3 declared=false installed=true',
      'pkg:composer/openai-php/laravel@0.10.2 declared=true installed=true',
      'pkg:gem/langchainrb@0.19.0 declared=true installed=true',
    ]);
    assert.deepEqual(r.findings.filter((f) => f.ruleId === 'sdk/undeclared-dependency'), []);
  });

  it('packages that a Dockerfile, a workflow and a script install or run: components at the written versions, the command as evidence; one installed without a version is undeclared', async () => {
    const r = await run({
      'Dockerfile': 'FROM python:3.12-slim\nARG OPENAI_VERSION=1.30.1\nRUN pip install --no-cache-dir openai==${OPENAI_VERSION} \\\n    "anthropic>=0.30" langchain-openai -r requirements.txt\n# RUN pip install groq\nRUN echo "pip install mistralai" && npm i -g @anthropic-ai/claude-code@1.0.3 typescript\n',
      '.github/workflows/review.yml': 'on: push\njobs:\n  review:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npx -y @anthropic-ai/claude-code --print "review"\n      - run: |\n          pip install -U transformers\n',
      'scripts/setup.sh': '#!/bin/sh\npnpm add ai@latest @ai-sdk/openai@^1.0.0 "$EXTRA"\n',
      'app.py': 'import openai\n',
    });
    assert.deepEqual(libs(r).map((c) => `${c.purl} ${c.properties['lantern:declared']} ${c.properties['lantern:declared-range'] ?? '-'} ${c.properties['lantern:import-kinds']}`).sort(), [
      'pkg:npm/%40ai-sdk/openai true ^1.0.0 npm-install',
      'pkg:npm/%40anthropic-ai/claude-code@1.0.3 true 1.0.3 npm-install',
      'pkg:npm/ai false - npm-install',
      'pkg:pypi/anthropic true >=0.30 pip-install',
      'pkg:pypi/langchain-openai false - pip-install',
      'pkg:pypi/openai@1.30.1 true ==1.30.1 import, pip-install',
      'pkg:pypi/transformers false - pip-install',
    ]);
    assert.ok(lib(r, 'pkg:npm/%40anthropic-ai/claude-code@1.0.3')?.evidence.some((e) => e.path === '.github/workflows/review.yml' && e.line === 6 && e.column === 21));
    assert.ok(lib(r, 'pkg:pypi/openai@1.30.1')?.evidence.some((e) => e.path === 'app.py'), 'the import joins the version the Dockerfile installs');
    assert.deepEqual(r.findings.filter((f) => f.ruleId === 'sdk/undeclared-dependency').map((f) => `${f.location.path}:${f.location.line} ${f.message}`).sort(), [
      '.github/workflows/review.yml:8 transformers (huggingface) is installed without a version but declared in no manifest: its version is not pinned anywhere.',
      'Dockerfile:4 langchain-openai (openai) is installed without a version but declared in no manifest: its version is not pinned anywhere.',
      'scripts/setup.sh:2 ai (vercel) is installed without a version but declared in no manifest: its version is not pinned anywhere.',
    ]);
    assert.ok(!libs(r).some((c) => /groq|mistral|typescript/.test(c.purl ?? '')), 'comments, echo text and non-AI packages are no components');
  });

  it('conda installs in a Dockerfile and a notebook: conda components at the written versions, the code\'s imports joined to them; one without a version is undeclared; PyPI declarations stay apart', async () => {
    const nb = JSON.stringify({ cells: [{ cell_type: 'code', metadata: {}, outputs: [], source: ['%conda install -y -c conda-forge openai==1.30.1\n', 'import openai\n'] }], metadata: {}, nbformat: 4, nbformat_minor: 5 }, null, 1);
    const r = await run({
      'Dockerfile': 'FROM condaforge/miniforge3\nRUN conda install -y -c pytorch pytorch==2.3.0 numpy \\\n && mamba install -y transformers\n# RUN conda install anthropic\nRUN echo "conda install cohere"\n',
      'requirements.txt': 'langchain-openai==0.1.8\n',
      'scripts/env.sh': 'micromamba install -y langchain-openai\n',
      'train.py': 'import torch\nfrom langchain_openai import ChatOpenAI\n',
      'n.ipynb': nb,
    });
    assert.deepEqual(libs(r).map((c) => `${c.purl} ${c.properties['lantern:declared']} ${c.properties['lantern:import-kinds']}`).sort(), [
      'pkg:conda/langchain-openai false conda-install',
      'pkg:conda/openai@1.30.1 true conda-install, import',
      'pkg:conda/pytorch@2.3.0 true conda-install, import',
      'pkg:conda/transformers false conda-install',
      'pkg:pypi/langchain-openai@0.1.8 true from-import',
    ]);
    assert.ok(lib(r, 'pkg:conda/pytorch@2.3.0')?.evidence.some((e) => e.path === 'Dockerfile' && e.line === 2), 'the install line is evidence');
    assert.ok(lib(r, 'pkg:conda/pytorch@2.3.0')?.evidence.some((e) => e.path === 'train.py' && e.line === 1), 'the import joins the conda package');
    assert.deepEqual(r.findings.filter((f) => f.ruleId === 'sdk/undeclared-dependency').map((f) => `${f.location.path}:${f.location.line} ${f.message}`).sort(), [
      'Dockerfile:3 transformers (huggingface) is installed without a version but declared in no manifest: its version is not pinned anywhere.',
      'scripts/env.sh:1 langchain-openai (openai) is installed without a version but declared in no manifest: its version is not pinned anywhere.',
    ]);
    assert.ok(!libs(r).some((c) => /anthropic|cohere|numpy/.test(c.purl ?? '')), 'comments, echo text and non-AI packages are no components');
    // A notebook whose only AI word is the package its `%mamba install -y` names after flags is read.
    const only = JSON.stringify({ cells: [{ cell_type: 'code', metadata: {}, outputs: [], source: ['%mamba install -y -c conda-forge cohere\n', 'x = 1\n'] }], metadata: {}, nbformat: 4, nbformat_minor: 5 });
    assert.deepEqual(libs(await run({ 'n.ipynb': only })).map((c) => c.purl), ['pkg:conda/cohere']);
  });

  it('a dev container that installs AI tools: components at the lines of its lifecycle commands, the Ollama pull a use; a commented-out command is none', async () => {
    const r = await run({
      '.devcontainer/devcontainer.json': '{\n  "image": "mcr.microsoft.com/devcontainers/typescript-node:20",\n  "postCreateCommand": "npm install -g @anthropic-ai/claude-code@1.0.3",\n  "postStartCommand": { "ollama": "ollama pull llama3.1:8b" },\n  // "onCreateCommand": "npm i -g @google/gemini-cli",\n}\n',
    });
    assert.deepEqual(libs(r).map((c) => `${c.purl} ${c.evidence.map((e) => `${e.path}:${e.line}`).join(' ')}`), ['pkg:npm/%40anthropic-ai/claude-code@1.0.3 .devcontainer/devcontainer.json:3 .devcontainer/devcontainer.json:3']);
    const ollama = r.components.find((c) => c.kind === 'service' && c.properties['lantern:provider'] === 'ollama');
    assert.deepEqual([ollama?.evidence.map((e) => e.line), ollama?.properties['lantern:models']], [[4], 'llama3.1:8b']);
  });

  it('a service found in a notebook points at the cell of its endpoint and model', async () => {
    const nb = JSON.stringify({ cells: [{ cell_type: 'code', metadata: {}, outputs: [], source: ['from openai import OpenAI\n'] }, { cell_type: 'code', metadata: {}, outputs: [], source: ['x = 1\n', 'c = OpenAI(base_url="https://api.together.xyz/v1")\n', 'c.chat.completions.create(model="meta-llama/Llama-3-70b-chat-hf")\n'] }], metadata: {}, nbformat: 4, nbformat_minor: 5 }, null, 1);
    const r = await run({ 'n.ipynb': nb });
    const evidence = r.components.find((c) => c.ref === 'service:together')?.evidence ?? [];
    assert.deepEqual(evidence.map(({ fileLine: _l, fileColumn: _c, ...e }) => e), [
      { path: 'n.ipynb', line: 2, column: 21, cell: 1 },
      { path: 'n.ipynb', line: 3, column: 33, cell: 1 },
    ]);
    // Beside the cell's line, the .ipynb file's own line and column (the literal's escaped opening quote).
    const lines = nb.split('\n');
    assert.deepEqual(evidence.map((e) => (lines[(e.fileLine ?? 0) - 1] ?? '').slice((e.fileColumn ?? 0) - 1, (e.fileColumn ?? 0) + 12)), ['\\"https://api', '\\"meta-llama/']);
  });

  it('a finding about a notebook import points at the .ipynb file\'s own line, with the cell and its line as properties', async () => {
    const nb = JSON.stringify({ cells: [{ cell_type: 'markdown', metadata: {}, source: ['# Setup\n'] }, { cell_type: 'code', metadata: {}, outputs: [], source: ['import os\n', '!pip install -q langchain-openai\n'] }, { cell_type: 'code', metadata: {}, outputs: [], source: ['x = 1\n', 'from anthropic import Anthropic\n'] }], metadata: {}, nbformat: 4, nbformat_minor: 5 }, null, 1);
    const r = await run({ 'n.ipynb': nb });
    const lines = nb.split('\n');
    const undeclared = r.findings.filter((f) => f.ruleId === 'sdk/undeclared-dependency').map((f) => ({
      at: (lines[(f.location.line ?? 0) - 1] ?? '').slice((f.location.column ?? 0) - 1).trim(),
      cell: f.properties?.['lantern:notebook:cell'],
      line: f.properties?.['lantern:notebook:line'],
      inCell: f.location.cell,
    }));
    assert.deepEqual(undeclared.sort((a, b) => a.at.localeCompare(b.at)), [
      { at: 'anthropic import Anthropic\\n"', cell: '2', line: '2', inCell: undefined },
      { at: 'langchain-openai\\n"', cell: '1', line: '2', inCell: undefined },
    ]);
    // The components' evidence keeps the cell and the line inside it.
    assert.ok(lib(r, 'pkg:pypi/anthropic')?.evidence.some((e) => e.cell === 2 && e.line === 2 && e.column === 6));
  });

  it('Java imports of a group entry (langchain4j, Spring AI) join the declared artifacts, or stand for the group', async () => {
    const java = 'package x;\nimport dev.langchain4j.service.AiServices;\nimport org.springframework.ai.chat.client.ChatClient;\nclass A {}\n';
    const pom = '<project><dependencies><dependency><groupId>dev.langchain4j</groupId><artifactId>langchain4j-easy-rag</artifactId><version>0.35.0</version></dependency><dependency><groupId>dev.langchain4j</groupId><artifactId>langchain4j</artifactId><version>0.35.0</version></dependency></dependencies></project>\n';
    // Declared: the import is evidence on each artifact of the group (the provider integrations,
    // langchain4j-open-ai, have entries of their own); the one with no artifact declared stands alone.
    const declared = await run({ 'src/A.java': java, 'pom.xml': pom });
    for (const purl of ['pkg:maven/dev.langchain4j/langchain4j-easy-rag@0.35.0', 'pkg:maven/dev.langchain4j/langchain4j@0.35.0']) {
      const c = lib(declared, purl);
      assert.ok(c?.evidence.some((e) => e.path === 'src/A.java' && e.line === 2), `${purl}: ${JSON.stringify(c?.evidence)}`);
      assert.equal(c?.properties['lantern:imported'], 'true');
    }
    const spring = libs(declared).find((c) => c.name === 'org.springframework.ai');
    assert.ok(spring && spring.purl === undefined && spring.properties['lantern:package-group'] === 'true', JSON.stringify(spring));
    assert.equal(spring.ref, 'sdk:maven:org.springframework.ai');
    assert.deepEqual(declared.findings.filter((f) => f.ruleId === 'sdk/undeclared-dependency').map((f) => f.message.split(' ')[0]), ['org.springframework.ai']);
    // A starter of the family declared (its own entry): it brings the core the code imports, and is used through it.
    const starter = await run({
      'app/src/main/java/a/S.java': 'package a;\nimport org.springframework.ai.chat.model.ChatModel;\nclass S { ChatModel m; }\n',
      'app/pom.xml': '<project><dependencies><dependency><groupId>org.springframework.ai</groupId><artifactId>spring-ai-openai-spring-boot-starter</artifactId><version>1.0.0-M6</version></dependency></dependencies></project>\n',
      // Another project declares nothing: its import of the core is undeclared.
      'other/src/main/java/b/T.java': 'package b;\nimport org.springframework.ai.chat.client.ChatClient;\nclass T {}\n',
    });
    assert.equal(libs(starter).find((c) => c.name === 'org.springframework.ai')?.properties['lantern:brought-in-by'], 'org.springframework.ai:spring-ai-openai-spring-boot-starter');
    assert.deepEqual(starter.findings.filter((f) => f.ruleId === 'sdk/undeclared-dependency').map((f) => `${f.location.path} ${f.message.split(' ').slice(0, 3).join(' ')}`), ['other/src/main/java/b/T.java org.springframework.ai (spring) is']);
    // No manifest at all: one component per group, no purl, and the BOM stays schema-valid.
    const bare = await run({ 'src/A.java': java });
    assert.deepEqual(libs(bare).map((c) => [c.ref, c.purl]), [['sdk:maven:dev.langchain4j', undefined], ['sdk:maven:org.springframework.ai', undefined]]);
    assert.equal(bomJsonErrors(JSON.parse(toCycloneDxJson(bare, '1.6', { SOURCE_DATE_EPOCH: '0' }))), undefined);
  });

  it('Maven: a dependencyManagement pin is no dependency (no component, no "declared but never imported"); it gives the version of a dependency that leaves it out', async () => {
    const pin = (a: string, v: string) => `<dependency><groupId>com.${a.split('-')[0]}</groupId><artifactId>${a}</artifactId><version>${v}</version></dependency>`;
    const r = await run({
      'src/A.java': 'package x;\nimport com.anthropic.client.AnthropicClient;\nclass A {}\n',
      'pom.xml': `<project>\n<dependencyManagement><dependencies>${pin('openai-java', '1.0.0')}${pin('anthropic-java', '2.0.0')}</dependencies></dependencyManagement>\n<dependencies><dependency><groupId>com.anthropic</groupId><artifactId>anthropic-java</artifactId></dependency></dependencies>\n</project>\n`,
    });
    assert.deepEqual(libs(r).map((c) => [c.purl, c.properties['lantern:declared'], c.properties['lantern:imported']]), [['pkg:maven/com.anthropic/anthropic-java@2.0.0', 'true', 'true']]);
    assert.deepEqual(r.findings.filter((f) => f.ruleId === 'sdk/undeclared-dependency'), []);
  });

  it("Maven: a parent's dependencyManagement pin written with a property takes a module's own value of it (Maven interpolates after inheritance); a module that sets none takes the parent's", async () => {
    const parent = '<project>\n  <groupId>com.acme</groupId>\n  <artifactId>parent</artifactId>\n  <version>2.0.0</version>\n  <packaging>pom</packaging>\n  <properties>\n    <langchain4j.version>0.33.0</langchain4j.version>\n  </properties>\n  <dependencyManagement>\n    <dependencies>\n      <dependency>\n        <groupId>dev.langchain4j</groupId>\n        <artifactId>langchain4j-open-ai</artifactId>\n        <version>${langchain4j.version}</version>\n      </dependency>\n    </dependencies>\n  </dependencyManagement>\n</project>\n';
    const module = (props: string) => `<project>\n  <parent>\n    <groupId>com.acme</groupId>\n    <artifactId>parent</artifactId>\n    <version>2.0.0</version>\n  </parent>\n  <artifactId>app</artifactId>\n  ${props}\n  <dependencies>\n    <dependency>\n      <groupId>dev.langchain4j</groupId>\n      <artifactId>langchain4j-open-ai</artifactId>\n    </dependency>\n  </dependencies>\n</project>\n`;
    const r = await run({ 'pom.xml': parent, 'app/pom.xml': module('<properties>\n    <langchain4j.version>0.35.0</langchain4j.version>\n  </properties>'), 'old/pom.xml': module('') });
    assert.deepEqual(libs(r).map((c) => `${c.purl} ${c.evidence.map((e) => e.path).join(',')}`).sort(), [
      'pkg:maven/dev.langchain4j/langchain4j-open-ai@0.33.0 old/pom.xml',
      'pkg:maven/dev.langchain4j/langchain4j-open-ai@0.35.0 app/pom.xml',
    ]);
  });

  it("Maven: a BOM a parent pom imports versions a module's versionless dependencies of its group (Spring AI's multi-module layout); a pom outside the parent chain takes none", async () => {
    const parent = '<project>\n  <groupId>com.acme</groupId>\n  <artifactId>parent</artifactId>\n  <version>1.0.0</version>\n  <packaging>pom</packaging>\n  <properties>\n    <spring-ai.version>1.0.0</spring-ai.version>\n  </properties>\n  <dependencyManagement>\n    <dependencies>\n      <dependency>\n        <groupId>org.springframework.ai</groupId>\n        <artifactId>spring-ai-bom</artifactId>\n        <version>${spring-ai.version}</version>\n        <type>pom</type>\n        <scope>import</scope>\n      </dependency>\n    </dependencies>\n  </dependencyManagement>\n</project>\n';
    const module = (parentXml: string) => `<project>\n  ${parentXml}\n  <artifactId>app</artifactId>\n  <dependencies>\n    <dependency>\n      <groupId>org.springframework.ai</groupId>\n      <artifactId>spring-ai-starter-model-openai</artifactId>\n    </dependency>\n  </dependencies>\n</project>\n`;
    const r = await run({
      'pom.xml': parent,
      'app/pom.xml': module('<parent>\n    <groupId>com.acme</groupId>\n    <artifactId>parent</artifactId>\n    <version>1.0.0</version>\n  </parent>'),
      'other/pom.xml': module('<groupId>com.acme</groupId>'),
    });
    assert.deepEqual(libs(r).map((c) => `${c.purl} ${c.properties['lantern:version-source'] ?? '-'} ${c.evidence.map((e) => e.path).join(',')}`).sort(), [
      'pkg:maven/org.springframework.ai/spring-ai-starter-model-openai none other/pom.xml',
      'pkg:maven/org.springframework.ai/spring-ai-starter-model-openai@1.0.0 bom org.springframework.ai:spring-ai-bom@1.0.0 app/pom.xml',
    ]);
  });

  it("NuGet central versions: a nested Directory.Packages.props that imports the one above takes the versions it does not set from there, its PackageVersion Update= first; one that imports nothing is the nearest only", async () => {
    const root = '<Project>\n  <ItemGroup>\n    <PackageVersion Include="Azure.AI.OpenAI" Version="2.1.0" />\n    <PackageVersion Include="Microsoft.SemanticKernel" Version="1.30.0" />\n  </ItemGroup>\n</Project>\n';
    const nested = (imports: boolean) => `<Project>\n  ${imports ? '<Import Project="$([MSBuild]::GetPathOfFileAbove(Directory.Packages.props, $(MSBuildThisFileDirectory)..))" />' : ''}\n  <ItemGroup>\n    <PackageVersion Update="Microsoft.SemanticKernel" Version="1.31.0" />\n    <PackageVersion Include="OllamaSharp" Version="4.0.8" />\n  </ItemGroup>\n</Project>\n`;
    const csproj = '<Project Sdk="Microsoft.NET.Sdk">\n  <ItemGroup>\n    <PackageReference Include="Azure.AI.OpenAI" />\n    <PackageReference Include="Microsoft.SemanticKernel" />\n    <PackageReference Include="OllamaSharp" />\n  </ItemGroup>\n</Project>\n';
    const purls = async (imports: boolean) => libs(await run({ 'Directory.Packages.props': root, 'samples/Directory.Packages.props': nested(imports), 'samples/Demo/Demo.csproj': csproj })).map((c) => c.purl).sort();
    assert.deepEqual(await purls(true), ['pkg:nuget/azure.ai.openai@2.1.0', 'pkg:nuget/microsoft.semantickernel@1.31.0', 'pkg:nuget/ollamasharp@4.0.8']);
    assert.deepEqual(await purls(false), ['pkg:nuget/azure.ai.openai', 'pkg:nuget/microsoft.semantickernel@1.31.0', 'pkg:nuget/ollamasharp@4.0.8']);
  });

  it("Gradle: a dependency without a version takes the same file's constraints { } pin; `1.2.3!!` (a strict version) is that version", async () => {
    const r = await run({
      'build.gradle.kts': 'plugins { java }\ndependencies {\n    constraints {\n        implementation("com.anthropic:anthropic-java:0.8.0")\n    }\n    implementation("com.anthropic:anthropic-java")\n    implementation("dev.langchain4j:langchain4j-ollama:0.34.0!!")\n    implementation("com.openai:openai-java")\n}\n',
    });
    assert.deepEqual(libs(r).map((c) => `${c.purl} ${c.properties['lantern:declared-range'] ?? '-'}`).sort(), [
      'pkg:maven/com.anthropic/anthropic-java@0.8.0 0.8.0',
      'pkg:maven/com.openai/openai-java -',
      'pkg:maven/dev.langchain4j/langchain4j-ollama@0.34.0 0.34.0!!',
    ]);
  });

  it("Maven: a BOM that is a pom of the tree (an in-repo acme-bom module) gives the artifacts it pins their versions; an imported BOM the tree does not hold gives none", async () => {
    const pin = (g: string, a: string, v: string) => `<dependency><groupId>${g}</groupId><artifactId>${a}</artifactId><version>${v}</version></dependency>`;
    const bom = `<project>\n  <groupId>com.acme</groupId>\n  <artifactId>acme-bom</artifactId>\n  <version>1.4.0</version>\n  <packaging>pom</packaging>\n  <dependencyManagement><dependencies>${pin('com.azure', 'azure-ai-openai', '1.0.0-beta.10')}${pin('dev.langchain4j', 'langchain4j-open-ai', '0.35.0')}</dependencies></dependencyManagement>\n</project>\n`;
    const app = (bomArtifact: string) => `<project>\n  <groupId>com.acme</groupId>\n  <artifactId>acme-app</artifactId>\n  <version>1.4.0</version>\n  <dependencyManagement><dependencies><dependency><groupId>com.acme</groupId><artifactId>${bomArtifact}</artifactId><version>1.4.0</version><type>pom</type><scope>import</scope></dependency></dependencies></dependencyManagement>\n  <dependencies>\n    <dependency><groupId>com.azure</groupId><artifactId>azure-ai-openai</artifactId></dependency>\n    <dependency><groupId>dev.langchain4j</groupId><artifactId>langchain4j-open-ai</artifactId></dependency>\n  </dependencies>\n</project>\n`;
    const show = async (bomArtifact: string) => libs(await run({ 'bom/pom.xml': bom, 'app/pom.xml': app(bomArtifact) })).map((c) => `${c.purl} ${c.properties['lantern:version-source']}`).sort();
    assert.deepEqual(await show('acme-bom'), [
      'pkg:maven/com.azure/azure-ai-openai@1.0.0-beta.10 bom com.acme:acme-bom@1.4.0',
      'pkg:maven/dev.langchain4j/langchain4j-open-ai@0.35.0 bom com.acme:acme-bom@1.4.0',
    ]);
    assert.deepEqual(await show('other-bom'), ['pkg:maven/com.azure/azure-ai-openai none', 'pkg:maven/dev.langchain4j/langchain4j-open-ai none']);
  });

  it('NuGet: a PackageReference Update= is no dependency; it gives its version to the Include before it', async () => {
    const r = await run({
      'App.csproj': '<Project Sdk="Microsoft.NET.Sdk">\n  <ItemGroup>\n    <PackageReference Update="OpenAI" Version="2.1.0" />\n    <PackageReference Include="Azure.AI.OpenAI" />\n    <PackageReference Update="Azure.AI.OpenAI" Version="2.0.0" />\n  </ItemGroup>\n</Project>\n',
    });
    assert.deepEqual(libs(r).map((c) => [c.purl, c.evidence]), [['pkg:nuget/azure.ai.openai@2.0.0', [{ path: 'App.csproj', line: 4 }]]]);
  });

  it('NuGet: lantern:condition on a version declared only under an MSBuild condition the files do not decide; none where one holds unconditionally', async () => {
    const debug = "'$(Configuration)' == 'Debug'";
    const r = await run({
      'App.csproj':
        '<Project Sdk="Microsoft.NET.Sdk">\n  <PropertyGroup><TargetFrameworks>net6.0;net8.0</TargetFrameworks><SkVersion>1.20.0</SkVersion>' +
        `<SkVersion Condition="${debug}">1.0.0-beta</SkVersion></PropertyGroup>\n  <ItemGroup>\n    <PackageReference Include="Microsoft.SemanticKernel" Version="$(SkVersion)" />\n` +
        `    <PackageReference Include="OpenAI" Version="2.1.0" />\n    <PackageReference Include="OpenAI" Version="2.1.0" Condition="'$(TargetFramework)' == 'net8.0'" />\n` +
        `    <PackageReference Include="OpenAI" Version="1.0.0" Condition="'$(TargetFramework)' == 'net6.0'" />\n  </ItemGroup>\n</Project>\n`,
    });
    assert.deepEqual(
      libs(r).map((c) => [c.purl, c.properties['lantern:condition']]).sort(),
      [
        ['pkg:nuget/microsoft.semantickernel@1.0.0-beta', debug],
        ['pkg:nuget/microsoft.semantickernel@1.20.0', undefined],
        ['pkg:nuget/openai@1.0.0', "'$(TargetFramework)' == 'net6.0'"],
        ['pkg:nuget/openai@2.1.0', undefined],
      ],
    );
  });

  it('Gradle: a $name version comes from gradle.properties (the subproject\'s, else the root\'s); the file is still read as configuration', async () => {
    const r = await run({
      'gradle.properties': 'langchain4jVersion=0.35.0\nopenai.baseUrl=https://api.openai.com/v1\n',
      'app/build.gradle.kts': 'val langchain4jVersion: String by project\ndependencies {\n    implementation("dev.langchain4j:langchain4j-open-ai:$langchain4jVersion")\n}\n',
      'app/src/A.java': 'package x;\nimport dev.langchain4j.model.openai.OpenAiChatModel;\nclass A {}\n',
    });
    assert.deepEqual(libs(r).map((c) => [c.purl, c.properties['lantern:declared-range']]), [['pkg:maven/dev.langchain4j/langchain4j-open-ai@0.35.0', '0.35.0']]);
    assert.ok(r.components.find((c) => c.ref === 'service:openai')?.evidence.some((e) => e.path === 'gradle.properties'), 'the AI host in gradle.properties is still found');
  });

  it('Gradle version catalog: only the entries a build file names are declared (no component, no "declared but never imported" for the others)', async () => {
    const r = await run({
      'gradle/libs.versions.toml': '[libraries]\nlangchain4j-open-ai = "dev.langchain4j:langchain4j-open-ai:0.35.0"\nopenai-java = "com.openai:openai-java:0.8.0"\nokhttp = "com.squareup.okhttp3:okhttp:4.12.0"\n',
      'app/build.gradle.kts': 'dependencies {\n    implementation(libs.langchain4j.open.ai)\n    implementation(libs.okhttp)\n}\n',
      'app/src/A.java': 'package x;\nimport dev.langchain4j.model.openai.OpenAiChatModel;\nclass A {}\n',
    });
    assert.deepEqual(libs(r).map((c) => [c.purl, c.evidence.filter((e) => e.path !== 'app/src/A.java')]), [['pkg:maven/dev.langchain4j/langchain4j-open-ai@0.35.0', [{ path: 'app/build.gradle.kts', line: 2 }]]]);
    assert.deepEqual(r.findings.filter((f) => f.ruleId === 'sdk/undeclared-dependency'), []);
  });

  /** Gradle lockfile cases: files, then each library's purl, declared range, lockfile, transitive mark and evidence (code files left out). */
  const GRADLE_LOCK_CASES: Array<[string, Record<string, string>, Array<[string, string?, string?, string?, Array<{ path: string; line?: number }>?]>]> = [
    [
      'a dynamic version (0.+) gets the exact locked version; a locked AI artifact no build file declares is transitive; a commented lock line is none',
      {
        'app/build.gradle.kts': 'dependencies {\n    implementation("dev.langchain4j:langchain4j-open-ai:0.+")\n}\n',
        'app/gradle.lockfile': '# This is a Gradle generated file for dependency locking.\n# com.openai:openai-java:0.8.0=runtimeClasspath\ndev.langchain4j:langchain4j-core:0.35.0=compileClasspath,runtimeClasspath\ndev.langchain4j:langchain4j-open-ai:0.35.0=compileClasspath,runtimeClasspath\nempty=annotationProcessor\n',
        'app/src/A.java': 'package x;\nimport dev.langchain4j.model.openai.OpenAiChatModel;\nclass A {}\n',
      },
      [
        ['pkg:maven/dev.langchain4j/langchain4j-core@0.35.0', undefined, 'app/gradle.lockfile', 'true', [{ path: 'app/gradle.lockfile', line: 3 }]],
        ['pkg:maven/dev.langchain4j/langchain4j-open-ai@0.35.0', '0.+', 'app/gradle.lockfile', undefined, [{ path: 'app/build.gradle.kts', line: 2 }]],
      ],
    ],
    [
      'a build script classpath declaration takes buildscript-gradle.lockfile only; the project gradle.lockfile entry of the same artifact stays transitive',
      {
        'build.gradle.kts': 'buildscript {\n  dependencies {\n    classpath("dev.langchain4j:langchain4j-open-ai:0.+")\n  }\n}\n',
        'buildscript-gradle.lockfile': 'dev.langchain4j:langchain4j-open-ai:0.34.0=classpath\n',
        'gradle.lockfile': 'dev.langchain4j:langchain4j-open-ai:0.35.0=compileClasspath,runtimeClasspath\n',
      },
      [
        ['pkg:maven/dev.langchain4j/langchain4j-open-ai@0.34.0', '0.+', 'buildscript-gradle.lockfile', undefined, [{ path: 'build.gradle.kts', line: 3 }]],
        ['pkg:maven/dev.langchain4j/langchain4j-open-ai@0.35.0', undefined, 'gradle.lockfile', 'true', [{ path: 'gradle.lockfile', line: 1 }]],
      ],
    ],
    [
      "a convention plugin's declaration (build-logic, included by settings) takes the version the applying project's gradle.lockfile locks, at the plugin's line; a project that does not apply it keeps its entry transitive",
      {
        'settings.gradle.kts': 'pluginManagement { includeBuild("build-logic") }\n',
        'build-logic/src/main/kotlin/acme.ai-conventions.gradle.kts': 'dependencies {\n  implementation("dev.langchain4j:langchain4j-open-ai:0.+")\n}\n',
        'app/build.gradle.kts': 'plugins { id("acme.ai-conventions") }\n',
        'app/gradle.lockfile': 'dev.langchain4j:langchain4j-open-ai:0.35.0=compileClasspath,runtimeClasspath\n',
        'lib/build.gradle.kts': 'plugins { id("acme.ai-conventions2") }\n',
        'lib/gradle.lockfile': 'dev.langchain4j:langchain4j-open-ai:0.36.0=runtimeClasspath\n',
      },
      [
        ['pkg:maven/dev.langchain4j/langchain4j-open-ai@0.35.0', '0.+', 'app/gradle.lockfile', undefined, [{ path: 'build-logic/src/main/kotlin/acme.ai-conventions.gradle.kts', line: 2 }]],
        ['pkg:maven/dev.langchain4j/langchain4j-open-ai@0.36.0', undefined, 'lib/gradle.lockfile', 'true', [{ path: 'lib/gradle.lockfile', line: 1 }]],
      ],
    ],
    [
      "a buildSrc convention plugin applied through Gradle's Kotlin accessor for its dotted id (acme.`ai-conventions`) takes the applying project's locked version; `acme.ai-conventions` in backticks (no Kotlin name) or outside a plugins block applies nothing",
      {
        'buildSrc/src/main/kotlin/acme.ai-conventions.gradle.kts': 'dependencies {\n  implementation("dev.langchain4j:langchain4j-open-ai:0.+")\n}\n',
        'app/build.gradle.kts': 'plugins {\n  `java-library`\n  acme.`ai-conventions`\n}\n',
        'app/gradle.lockfile': 'dev.langchain4j:langchain4j-open-ai:0.35.0=compileClasspath,runtimeClasspath\n',
        'lib/build.gradle.kts': 'plugins {\n  `acme.ai-conventions`\n}\nval id = acme.`ai-conventions`\n',
        'lib/gradle.lockfile': 'dev.langchain4j:langchain4j-open-ai:0.36.0=runtimeClasspath\n',
      },
      [
        ['pkg:maven/dev.langchain4j/langchain4j-open-ai@0.35.0', '0.+', 'app/gradle.lockfile', undefined, [{ path: 'buildSrc/src/main/kotlin/acme.ai-conventions.gradle.kts', line: 2 }]],
        ['pkg:maven/dev.langchain4j/langchain4j-open-ai@0.36.0', undefined, 'lib/gradle.lockfile', 'true', [{ path: 'lib/gradle.lockfile', line: 1 }]],
      ],
    ],
    [
      "a separate build nested below buildSrc (its own settings.gradle.kts) with a buildSrc plugin of the same id: each build's projects take their own build's plugin only",
      {
        'buildSrc/src/main/kotlin/acme.ai-conventions.gradle.kts': 'dependencies {\n  implementation("dev.langchain4j:langchain4j-open-ai:0.+")\n}\n',
        'buildSrc/nested/settings.gradle.kts': 'include(":app")\n',
        'buildSrc/nested/buildSrc/src/main/kotlin/acme.ai-conventions.gradle.kts': 'dependencies {\n  implementation("com.openai:openai-java:0.+")\n}\n',
        'buildSrc/nested/app/build.gradle.kts': 'plugins { id("acme.ai-conventions") }\n',
        'buildSrc/nested/app/gradle.lockfile': 'com.openai:openai-java:0.9.0=runtimeClasspath\n',
        'app/build.gradle.kts': 'plugins { id("acme.ai-conventions") }\n',
        'app/gradle.lockfile': 'com.openai:openai-java:0.8.0=runtimeClasspath\ndev.langchain4j:langchain4j-open-ai:0.35.0=runtimeClasspath\n',
      },
      [
        ['pkg:maven/com.openai/openai-java@0.8.0', undefined, 'app/gradle.lockfile', 'true', [{ path: 'app/gradle.lockfile', line: 1 }]],
        ['pkg:maven/com.openai/openai-java@0.9.0', '0.+', 'buildSrc/nested/app/gradle.lockfile', undefined, [{ path: 'buildSrc/nested/buildSrc/src/main/kotlin/acme.ai-conventions.gradle.kts', line: 2 }]],
        ['pkg:maven/dev.langchain4j/langchain4j-open-ai@0.35.0', '0.+', 'app/gradle.lockfile', undefined, [{ path: 'buildSrc/src/main/kotlin/acme.ai-conventions.gradle.kts', line: 2 }]],
      ],
    ],
    [
      "settings-gradle.lockfile gives the settings script's classpath declaration its version; the project's declaration of the same artifact takes gradle.lockfile's",
      {
        'settings.gradle.kts': 'buildscript {\n  dependencies {\n    classpath("com.openai:openai-java:0.+")\n  }\n}\n',
        'settings-gradle.lockfile': 'com.openai:openai-java:0.8.0=classpath\n',
        'build.gradle.kts': 'dependencies {\n  implementation("com.openai:openai-java:0.+")\n}\n',
        'gradle.lockfile': 'com.openai:openai-java:0.9.0=runtimeClasspath\n',
      },
      [
        ['pkg:maven/com.openai/openai-java@0.8.0', '0.+', 'settings-gradle.lockfile', undefined, [{ path: 'settings.gradle.kts', line: 3 }]],
        ['pkg:maven/com.openai/openai-java@0.9.0', '0.+', 'gradle.lockfile', undefined, [{ path: 'build.gradle.kts', line: 2 }]],
      ],
    ],
  ];
  for (const [label, files, want] of GRADLE_LOCK_CASES) {
    it(`Gradle lockfile: ${label}`, async () => {
      const r = await run(files);
      assert.deepEqual(
        libs(r).map((c) => [c.purl, c.properties['lantern:declared-range'], c.properties['lantern:lockfile'], c.properties['lantern:transitive'], c.evidence.filter((e) => !/\.(?:java|kt)$/.test(e.path))]),
        want,
      );
      assert.deepEqual(r.warnings.filter((w) => w.code === 'manifest/malformed'), []);
    });
  }

  it('Gradle catalog of any file name: a TOML file settings.gradle(.kts) creates a catalog from is read as one (Kotlin and Groovy settings); one no settings file names is not; a missing one is a warning on the settings file', async () => {
    const r = await run({
      'settings.gradle.kts': 'dependencyResolutionManagement {\n  versionCatalogs {\n    create("ai") { from(files("gradle/ai-deps.toml")) }\n    create("gone") { from(files("gradle/none.toml")) }\n  }\n}\n',
      'gradle/ai-deps.toml': '[libraries]\nopenai = "com.openai:openai-java:0.8.0"\n',
      'gradle/other-deps.toml': '[libraries]\nanthropic = "com.anthropic:anthropic-java:1.0.0"\n',
      'build.gradle.kts': 'dependencies {\n    implementation(ai.openai)\n    implementation(other.anthropic)\n}\n',
      'tools/settings.gradle': "dependencyResolutionManagement { versionCatalogs { deps { from(files('../catalogs/tools.toml')) } } }\n",
      'catalogs/tools.toml': '[libraries]\ngenai = "com.google.genai:google-genai:1.0.0"\n',
      'tools/build.gradle': 'dependencies {\n    implementation deps.genai\n}\n',
    });
    assert.deepEqual(libs(r).map((c) => [c.purl, c.evidence]), [
      ['pkg:maven/com.google.genai/google-genai@1.0.0', [{ path: 'tools/build.gradle', line: 2 }]],
      ['pkg:maven/com.openai/openai-java@0.8.0', [{ path: 'build.gradle.kts', line: 2 }]],
    ]);
    assert.deepEqual(r.warnings.filter((w) => w.code.startsWith('manifest/')).map((w) => `${w.path}: ${w.message}`), ['settings.gradle.kts: version catalog gone from gradle/none.toml: no such file']);
  });

  it('Gradle catalogs and -r includes past the per-scan bound: one warning says the rest are not read (not one per file)', async () => {
    const names = Array.from({ length: 1005 }, (_, i) => i);
    const r = await run({
      'settings.gradle.kts': `dependencyResolutionManagement { versionCatalogs {\n${names.map((i) => `create("c${i}") { from(files("cat/c${i}.toml")) }\n`).join('')}} }\n`,
      'requirements.txt': names.map((i) => `-r r${i}.txt\n`).join(''),
    });
    const over = r.warnings.filter((w) => w.code === 'manifest/include' && /over 1000/.test(w.message)).map((w) => w.message);
    assert.deepEqual(over, ['-r r1000.txt: not read, nor any after it: over 1000 included files', 'version catalog c1000 from cat/c1000.toml: not read, nor any after it: over 1000 catalog files']);
    assert.equal(r.warnings.filter((w) => w.code === 'manifest/include').length, 2002, '1000 missing files each, and the bound once');
  });

  it('Gradle convention plugin and a settings catalog: a buildSrc plugin\'s findLibrary and coordinates, a catalog created from common/ are components at their declaring lines; a declaration in a raw string is none', async () => {
    const r = await run({
      'gradle/libs.versions.toml': '[libraries]\nlc = "dev.langchain4j:langchain4j-open-ai:0.35.0"\nokhttp = "com.squareup.okhttp3:okhttp:4.12.0"\n',
      'buildSrc/src/main/kotlin/ai-conventions.gradle.kts': 'val libs = the<VersionCatalogsExtension>().named("libs")\ndependencies {\n  implementation(libs.findLibrary("lc").get())\n  implementation("com.openai:openai-java:2.0.0")\n}\n',
      'common/ai.versions.toml': '[libraries]\nant = "com.anthropic:anthropic-java:1.2.0"\n',
      'settings.gradle.kts': 'dependencyResolutionManagement { versionCatalogs { create("ai") { from(files("common/ai.versions.toml")) } } }\n',
      'app/build.gradle.kts': 'plugins { id("ai-conventions") }\ndependencies { implementation(ai.ant) }\nval doc = """\nimplementation("com.google.genai:google-genai:1.0.0")\n"""\n',
    });
    assert.deepEqual(libs(r).map((c) => [c.purl, c.evidence]), [
      ['pkg:maven/com.anthropic/anthropic-java@1.2.0', [{ path: 'app/build.gradle.kts', line: 2 }]],
      ['pkg:maven/com.openai/openai-java@2.0.0', [{ path: 'buildSrc/src/main/kotlin/ai-conventions.gradle.kts', line: 4 }]],
      ['pkg:maven/dev.langchain4j/langchain4j-open-ai@0.35.0', [{ path: 'buildSrc/src/main/kotlin/ai-conventions.gradle.kts', line: 3 }]],
    ]);
  });

  it('lantern:scope of a Poetry group: dev and test only for tool groups, optional for an optional group, none for another', async () => {
    const r = await run({
      'pyproject.toml': [
        '[tool.poetry.dependencies]',
        'openai = "^1.30"',
        '[tool.poetry.group.ml.dependencies]',
        'transformers = "^4.40"',
        '[tool.poetry.group.gpu]',
        'optional = true',
        '[tool.poetry.group.gpu.dependencies]',
        'vllm = "^0.4"',
        '[tool.poetry.group.test.dependencies]',
        'anthropic = "^0.25"',
        '[tool.poetry.group.dev.dependencies]',
        'openai = "^1.30"',
        '',
      ].join('\n'),
    });
    const scope = (name: string) => libs(r).find((c) => c.name === name)?.properties['lantern:scope'];
    assert.deepEqual(['openai', 'transformers', 'vllm', 'anthropic'].map(scope), ['dev, runtime', undefined, 'optional', 'test']);
  });

  it('lantern:scope and lantern:dependency-groups / lantern:extras of PEP 735 groups, pylock.toml markers and pdm.lock groups: a custom group is optional, the default group runtime', async () => {
    const key = KEYS.openaiProject();
    const r = await run({
      'app/pyproject.toml': '[project]\nname = "app"\nversion = "1"\ndependencies = ["anthropic>=0.25"]\n[dependency-groups]\nml = ["transformers>=4.40"]\nlint = ["openai>=1.30"]\n',
      'app/pylock.toml': [
        'lock-version = "1.0"', 'created-by = "pdm"', 'default-groups = ["default"]', 'dependency-groups = ["ml", "lint"]', 'extras = ["gpu"]', '',
        '[[packages]]', 'name = "anthropic"', 'version = "0.25.0"', '',
        '[[packages]]', 'name = "transformers"', 'version = "4.41.2"', 'marker = "\'ml\' in dependency_groups"', '',
        '[[packages]]', 'name = "openai"', 'version = "1.54.0"', 'marker = "\'lint\' in dependency_groups"', '',
        // Only locked: pulled in by the ml group or the gpu extra; by a group whose name is a key (redacted).
        '[[packages]]', 'name = "vllm"', 'version = "0.4.2"', 'marker = "\'ml\' in dependency_groups or \'gpu\' in extras"', '',
        '[[packages]]', 'name = "torch"', 'version = "2.5.1"', `marker = "'${key}' in dependency_groups"`, '',
        // Decoy: in a custom group and the default group is in the default install.
        '[[packages]]', 'name = "cohere"', 'version = "5.5.0"', 'marker = "\'ml\' in dependency_groups or \'default\' in dependency_groups"', '',
      ].join('\n'),
      'svc/pdm.lock': [
        '[[package]]', 'name = "langchain"', 'version = "0.2.1"', 'groups = ["agents"]', '',
        '[[package]]', 'name = "mistralai"', 'version = "0.4.0"', 'groups = ["default", "agents"]', '',
      ].join('\n'),
    });
    const props = (purl: string) => libProps(r, purl, ['lantern:scope', 'lantern:dependency-groups', 'lantern:extras']);
    assert.deepEqual(props('pkg:pypi/anthropic@'), ['runtime', undefined, undefined]);
    assert.deepEqual(props('pkg:pypi/transformers@'), ['optional', 'ml', undefined]);
    assert.deepEqual(props('pkg:pypi/openai@'), ['dev', 'lint', undefined]);
    assert.deepEqual(props('pkg:pypi/vllm@'), ['optional', 'ml', 'gpu']);
    assert.deepEqual(props('pkg:pypi/cohere@'), ['runtime', 'default, ml', undefined]);
    assert.deepEqual(props('pkg:pypi/langchain@'), ['optional', 'agents', undefined]);
    assert.deepEqual(props('pkg:pypi/mistralai@'), ['runtime', 'agents, default', undefined]);
    assert.equal(props('pkg:pypi/torch@')[0], 'optional');
    const out = JSON.stringify(r) + toCycloneDxJson(r, '1.6', { SOURCE_DATE_EPOCH: '0' });
    assert.ok(!out.includes(key) && !out.includes(key.slice(8, 40)), 'a group named by a key leaked');
  });

  it("uv's default-groups: a custom group uv installs by default is runtime, with the version uv.lock gives; a test group stays test, another group optional", async () => {
    const pkg = (name: string, version: string) => ['[[package]]', `name = "${name}"`, `version = "${version}"`, 'source = { registry = "https://pypi.org/simple" }', ''];
    const r = await run({
      'app/pyproject.toml': '[project]\nname = "app"\nversion = "1"\n[dependency-groups]\nagents = ["openai>=1.30"]\nml = ["transformers>=4.40"]\ntest = ["anthropic>=0.25"]\n[tool.uv]\ndefault-groups = ["agents", "test"]\n',
      'app/uv.lock': [
        'version = 1', 'requires-python = ">=3.10"', '', ...pkg('openai', '1.54.0'), ...pkg('transformers', '4.41.2'), ...pkg('anthropic', '0.25.0'),
        '[[package]]', 'name = "app"', 'version = "1"', 'source = { virtual = "." }', '',
        '[package.dev-dependencies]', 'agents = [{ name = "openai" }]', 'ml = [{ name = "transformers" }]', 'test = [{ name = "anthropic" }]', '',
      ].join('\n'),
    });
    const props = (purl: string) => libProps(r, purl, ['lantern:scope', 'lantern:dependency-groups', 'lantern:declared-range']);
    assert.deepEqual(props('pkg:pypi/openai@1.54.0'), ['runtime', 'agents', '>=1.30']);
    assert.deepEqual(props('pkg:pypi/transformers@4.41.2'), ['optional', 'ml', '>=4.40']);
    assert.deepEqual(props('pkg:pypi/anthropic@0.25.0'), ['test', 'test', '>=0.25']);
  });

  it('Python lockfiles and setuptools: pylock.toml and pdm.lock give the declared SDK its exact version; setup.cfg and setup.py declare ranges', async () => {
    const pyproject = '[project]\nname = "app"\nversion = "1"\ndependencies = ["openai>=1.30", "Google_GenerativeAI>=0.7"]\n';
    const pylock = await run({
      'pyproject.toml': pyproject,
      'pylock.toml': 'lock-version = "1.0"\ncreated-by = "uv"\n\n[[packages]]\nname = "openai"\nversion = "1.54.0"\n\n[[packages]]\nname = "google-generativeai"\nversion = "0.7.2"\n\n[[packages]]\nname = "anthropic"\nversion = "0.25.0"\n\n[[packages]]\nname = "app"\n[packages.directory]\npath = "."\neditable = true\n',
    });
    assert.deepEqual(libs(pylock).map((c) => [c.purl, c.properties['lantern:declared-range'], c.properties['lantern:transitive']]).sort(), [
      ['pkg:pypi/anthropic@0.25.0', undefined, 'true'],
      ['pkg:pypi/google-generativeai@0.7.2', '>=0.7', undefined],
      ['pkg:pypi/openai@1.54.0', '>=1.30', undefined],
    ]);
    assert.deepEqual(lib(pylock, 'pkg:pypi/openai@')?.evidence.map((e) => `${e.path}:${e.line}`), ['pyproject.toml:4']);
    // A pylock in another folder resolves nothing here.
    const elsewhere = await run({ 'pyproject.toml': pyproject, 'other/pylock.toml': 'lock-version = "1.0"\n[[packages]]\nname = "openai"\nversion = "1.54.0"\n' });
    assert.equal(lib(elsewhere, 'pkg:pypi/openai')?.properties['lantern:declared-range'], '>=1.30');
    assert.equal(lib(elsewhere, 'pkg:pypi/openai')?.purl, 'pkg:pypi/openai');

    const pdm = await run({
      'pyproject.toml': `${pyproject}\n[tool.pdm.dev-dependencies]\ntest = ["anthropic>=0.25"]\n`,
      'pdm.lock': '[metadata]\ngroups = ["default", "test"]\nlock_version = "4.5.0"\n\n[[package]]\nname = "openai"\nversion = "1.35.3"\ngroups = ["default"]\n\n[[package]]\nname = "anthropic"\nversion = "0.25.0"\ngroups = ["test"]\n',
    });
    assert.deepEqual(libs(pdm).map((c) => [c.purl, c.properties['lantern:declared-range']]).sort(), [
      ['pkg:pypi/anthropic@0.25.0', '>=0.25'],
      ['pkg:pypi/google-generativeai', '>=0.7'],
      ['pkg:pypi/openai@1.35.3', '>=1.30'],
    ]);

    const cfg = await run({ 'setup.cfg': '[metadata]\nname = app\n\n[options]\ninstall_requires =\n    openai>=1.30,<2\n    # anthropic\n' });
    assert.deepEqual(libs(cfg).map((c) => [c.purl, c.properties['lantern:declared-range'], c.evidence.map((e) => `${e.path}:${e.line}`).join()]), [['pkg:pypi/openai', '>=1.30,<2', 'setup.cfg:6']]);

    // setup.py: declared by its setup() list, and still Python source whose imports are read.
    const py = await run({ 'setup.py': 'import anthropic  # read as an import\nfrom setuptools import setup\n# setup(install_requires=["cohere"])\nsetup(install_requires=["openai==1.40.0"])\n' });
    assert.deepEqual(libs(py).map((c) => [c.purl, c.properties['lantern:declared'], c.properties['lantern:imported']]).sort(), [
      ['pkg:pypi/anthropic', 'false', 'true'],
      ['pkg:pypi/openai@1.40.0', 'true', 'false'],
    ]);
  });

  it('npm: a locked version the declared range does not take is a stale lockfile (lantern:lockfile-stale); one it takes, a workspace or alias spec, is none', async () => {
    const r = await run({
      'package.json': '{"name": "app", "dependencies": {"openai": "^5.0.0", "ai": "^4.0.0", "@anthropic-ai/sdk": "npm:@anthropic-ai/sdk@^0.30.0"}}\n',
      'package-lock.json': '{\n "name": "app", "lockfileVersion": 3, "packages": {"": {"name": "app"}, "node_modules/openai": {"version": "4.52.7"}, "node_modules/ai": {"version": "4.1.0"}, "node_modules/@anthropic-ai/sdk": {"version": "0.30.1"}}}\n',
    });
    assert.deepEqual(libs(r).map((c) => `${c.purl} ${c.properties['lantern:lockfile-stale'] ?? '-'}`).sort(), [
      'pkg:npm/%40anthropic-ai/sdk@0.30.1 -',
      'pkg:npm/ai@4.1.0 -',
      'pkg:npm/openai@4.52.7 ^5.0.0 declared, 4.52.7 locked',
    ]);
  });

  it("package.json's packageManager picks the lockfile of several beside it (a stray package-lock.json beside yarn.lock); without it, the first by name", async () => {
    const lock = '{\n  "name": "app",\n  "lockfileVersion": 3,\n  "packages": {\n    "": { "name": "app", "dependencies": { "openai": "^4.0.0" } },\n    "node_modules/openai": { "version": "4.52.7" }\n  }\n}\n';
    const yarn = '# yarn lockfile v1\n\n\nopenai@^4.0.0:\n  version "4.77.0"\n  resolved "https://registry.yarnpkg.com/openai/-/openai-4.77.0.tgz"\n';
    const show = async (manager: string) => libs(await run({ 'package.json': `{"name": "app", ${manager}"dependencies": {"openai": "^4.0.0"}}\n`, 'package-lock.json': lock, 'yarn.lock': yarn })).map((c) => `${c.purl} ${c.properties['lantern:lockfile']}`);
    assert.deepEqual(await show('"packageManager": "yarn@1.22.22", '), ['pkg:npm/openai@4.77.0 yarn.lock']);
    assert.deepEqual(await show('"packageManager": "npm@10.8.2", '), ['pkg:npm/openai@4.52.7 package-lock.json']);
    assert.deepEqual(await show(''), ['pkg:npm/openai@4.52.7 package-lock.json']);
  });

  it("uv workspaces: the root's uv.lock resolves the members' declarations (one component each, at the locked version); a folder no member glob takes keeps its range", async () => {
    const lock = 'version = 1\nrequires-python = ">=3.11"\n\n[manifest]\nmembers = ["agent", "mono"]\n\n[[package]]\nname = "agent"\nversion = "0.1.0"\nsource = { editable = "packages/agent" }\ndependencies = [{ name = "openai" }]\n\n[[package]]\nname = "mono"\nversion = "0.1.0"\nsource = { virtual = "." }\n\n[[package]]\nname = "openai"\nversion = "1.58.1"\nsource = { registry = "https://pypi.org/simple" }\n';
    const r = await run({
      'pyproject.toml': '[project]\nname = "mono"\nversion = "0.1.0"\ndependencies = []\n\n[tool.uv.workspace]\nmembers = ["packages/*"]\nexclude = ["packages/legacy"]\n',
      'uv.lock': lock,
      'packages/agent/pyproject.toml': '[project]\nname = "agent"\nversion = "0.1.0"\ndependencies = ["openai>=1.40"]\n',
      'packages/legacy/pyproject.toml': '[project]\nname = "legacy"\nversion = "0.1.0"\ndependencies = ["openai<1"]\n',
    });
    assert.deepEqual(libs(r).map((c) => `${c.purl} ${c.properties['lantern:declared']} ${c.properties['lantern:declared-range'] ?? '-'} ${c.properties['lantern:lockfile'] ?? '-'} ${c.evidence.map((e) => e.path).join(',')}`).sort(), [
      'pkg:pypi/openai true <1 - packages/legacy/pyproject.toml',
      'pkg:pypi/openai@1.58.1 true >=1.40 uv.lock packages/agent/pyproject.toml',
    ]);
  });

  it('a requirements file pip-compile or uv compiled is the lockfile of its requirements.in or pyproject.toml: one component per package at the pinned version, the rest transitive; alone, it declares', async () => {
    const compiled = '#\n# This file is autogenerated by pip-compile with Python 3.11\n# by the following command:\n#\n#    pip-compile requirements.in\n#\nlangchain-core==0.2.43\n    # via langchain-openai\nlangchain-openai==0.1.25\n    # via -r requirements.in\nopenai==1.51.2\n    # via\n    #   -r requirements.in\n    #   langchain-openai\n';
    const show = (r: ScanResult) => libs(r).map((c) => `${c.purl} ${c.properties['lantern:declared']} ${c.properties['lantern:declared-range'] ?? '-'} ${c.properties['lantern:lockfile'] ?? '-'}`).sort();
    assert.deepEqual(show(await run({ 'requirements.in': 'openai>=1.30\nlangchain-openai\n', 'requirements.txt': compiled })), [
      'pkg:pypi/langchain-core@0.2.43 false ==0.2.43 requirements.txt',
      'pkg:pypi/langchain-openai@0.1.25 true - requirements.txt',
      'pkg:pypi/openai@1.51.2 true >=1.30 requirements.txt',
    ]);
    const uv = '# This file was autogenerated by uv via the following command:\n#    uv pip compile pyproject.toml -o requirements.txt\nopenai==1.51.2\n    # via app (pyproject.toml)\n';
    assert.deepEqual(show(await run({ 'pyproject.toml': '[project]\nname = "app"\nversion = "0.1.0"\ndependencies = ["openai>=1.30"]\n', 'requirements.txt': uv })), ['pkg:pypi/openai@1.51.2 true >=1.30 requirements.txt']);
    // Without its source in the scan, the compiled file's pins are the folder's declarations; a hand-written file is no lockfile.
    assert.deepEqual(show(await run({ 'requirements.txt': compiled })), [
      'pkg:pypi/langchain-core@0.2.43 true ==0.2.43 -',
      'pkg:pypi/langchain-openai@0.1.25 true ==0.1.25 -',
      'pkg:pypi/openai@1.51.2 true ==1.51.2 -',
    ]);
    assert.deepEqual(show(await run({ 'requirements.in': 'openai>=1.30\n', 'requirements.txt': 'openai==1.51.2\n' })), ['pkg:pypi/openai true >=1.30 -', 'pkg:pypi/openai@1.51.2 true ==1.51.2 -']);
  });

  it('requirements includes (-r) declare what the included file lists, whatever its name', async () => {
    const r = await run({
      'app.py': 'import cohere\nimport anthropic\nimport openai\n',
      'requirements.txt': '-r common.txt\n--requirement=../outside.txt\n-r https://example.com/reqs.txt\n-r missing.txt\n-r requirements-dev.txt\n',
      'common.txt': 'cohere==5.5.0\n-r ml/base.in\n-r requirements.txt\n',
      'ml/base.in': 'anthropic>=0.30\n',
      'requirements-dev.txt': 'openai==1.40.0\n',
    });
    assert.deepEqual(lib(r, 'pkg:pypi/cohere@5.5.0')?.evidence.map((e) => `${e.path}:${e.line}`), ['app.py:1', 'common.txt:1']);
    assert.equal(lib(r, 'pkg:pypi/anthropic')?.properties['lantern:declared-range'], '>=0.30');
    assert.ok(lib(r, 'pkg:pypi/anthropic')?.evidence.some((e) => e.path === 'ml/base.in' && e.line === 1));
    assert.equal(lib(r, 'pkg:pypi/openai@1.40.0')?.evidence.filter((e) => e.path === 'requirements-dev.txt').length, 1, 'read once, by the scan');
    assert.deepEqual(r.findings.filter((f) => f.ruleId === 'sdk/undeclared-dependency'), []);
    const warned = r.warnings.filter((w) => w.code === 'manifest/include').map((w) => `${w.path}: ${w.message}`);
    assert.deepEqual(warned, ['requirements.txt: -r ../outside.txt: outside the scanned directory', 'requirements.txt: -r https://example.com/reqs.txt: a URL, not fetched', 'requirements.txt: -r missing.txt: no such file']);
  });

  it('MCP servers: unpinned launchers and plain-http remotes are findings, pinned ones are not', async () => {
    const r = await run({
      '.cursor/mcp.json': JSON.stringify({ mcpServers: { fs: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-filesystem', '.'] }, pinned: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-memory@2025.4.25'] }, remote: { url: 'http://mcp.example.com/sse' }, local: { url: 'http://localhost:3000/mcp' } } }, null, 2),
    });
    const servers = r.components.filter((c) => c.kind === 'mcp-server').map((c) => c.name).sort();
    assert.deepEqual(servers, ['fs', 'local', 'pinned', 'remote']);
    assert.deepEqual(r.findings.filter((f) => f.ruleId === 'mcp/unpinned-server').map((f) => f.message.split('"')[1]), ['fs']);
    assert.deepEqual(r.findings.filter((f) => f.ruleId === 'mcp/insecure-transport').map((f) => f.message.split('"')[1]), ['remote']);
  });

  it('MCP servers: a server the config turns off is listed as disabled and still judged, its findings saying so', async () => {
    const r = await run({
      '.windsurf/mcp_config.json': JSON.stringify({ mcpServers: { fs: { args: ['-y', '@modelcontextprotocol/server-filesystem'], command: 'npx', disabled: true }, jira: { serverUrl: 'http://mcp.example.com/mcp', disabled: true }, on: { command: 'uvx', args: ['mcp-server-git'], disabled: false } } }, null, 2),
      'opencode.json': JSON.stringify({ mcp: { off: { type: 'local', command: ['npx', '-y', 'server-x'], enabled: false } } }),
      '.codex/config.toml': '[mcp_servers.docs]\ncommand = "npx"\nargs = ["-y", "docs-mcp"]\nenabled = false\n',
    });
    const disabled = r.components.filter((c) => c.kind === 'mcp-server' && c.properties['lantern:mcp:disabled'] === 'true').map((c) => c.name).sort();
    assert.deepEqual(disabled, ['docs', 'fs', 'jira', 'off']);
    assert.equal(r.components.find((c) => c.name === 'on')?.properties['lantern:mcp:disabled'], undefined);
    const said = (n: string) => r.findings.filter((f) => f.message.includes(`"${n}"`)).map((f) => `${f.ruleId} ${f.message.includes('disabled in this config')}`);
    assert.deepEqual(said('fs'), ['mcp/unpinned-server true']);
    assert.deepEqual(said('jira'), ['mcp/insecure-transport true']);
    assert.deepEqual(said('on'), ['mcp/unpinned-server false']);
    assert.deepEqual(said('off'), ['mcp/unpinned-server true']);
    assert.deepEqual(said('docs'), ['mcp/unpinned-server true']);
  });

  it("Goose's extensions: stdio servers by cmd/args/envs/env_keys, remote ones by uri, enabled: false kept as disabled; its builtin extensions are Goose's own", async () => {
    const r = await run({
      'dotfiles/.config/goose/config.yaml': "GOOSE_PROVIDER: anthropic\nextensions:\n  developer:\n    bundled: true\n    enabled: true\n    name: developer\n    type: builtin\n  git:\n    args:\n    - mcp-server-git\n    cmd: uvx\n    enabled: true\n    envs: {}\n    name: git\n    type: stdio\n  context7:\n    args: ['-y', '@upstash/context7-mcp']\n    cmd: npx\n    enabled: false\n    env_keys: [CONTEXT7_API_KEY]\n    type: stdio\n  remote:\n    type: sse\n    uri: http://10.0.0.5:8000/sse\n    enabled: true\n",
    });
    const servers = r.components.filter((c) => c.kind === 'mcp-server').map((c) => `${c.name} ${c.properties['lantern:mcp:client']} ${c.properties['lantern:mcp:command'] ?? c.properties['lantern:mcp:url']} ${c.properties['lantern:mcp:env'] ?? '-'} ${c.properties['lantern:mcp:disabled'] ?? '-'}`).sort();
    assert.deepEqual(servers, ['context7 goose npx CONTEXT7_API_KEY true', 'git goose uvx - -', 'remote goose http://10.0.0.5:8000/sse - -']);
    assert.deepEqual(r.findings.filter((f) => f.ruleId.startsWith('mcp/')).map((f) => `${f.ruleId} ${f.message.split('"')[1]}`).sort(), ['mcp/insecure-transport remote', 'mcp/unpinned-server context7', 'mcp/unpinned-server git']);
  });

  it("a base URL given to one Java builder chain re-targets that client only: another provider's client of the same file keeps its own service; with one client, its models go to the host", async () => {
    const pom = (deps: string[]) => `<project>\n  <modelVersion>4.0.0</modelVersion>\n  <groupId>d</groupId><artifactId>a</artifactId><version>1</version>\n  <dependencies>\n${deps.map((a) => `    <dependency><groupId>dev.langchain4j</groupId><artifactId>${a}</artifactId><version>1.0.1</version></dependency>\n`).join('')}  </dependencies>\n</project>\n`;
    const r = await run({
      'a/pom.xml': pom(['langchain4j-open-ai', 'langchain4j-google-ai-gemini']),
      'a/src/main/java/d/AiConfig.java': 'package d;\nimport dev.langchain4j.model.googleai.GoogleAiEmbeddingModel;\nimport dev.langchain4j.model.openai.OpenAiChatModel;\nclass AiConfig {\n  OpenAiChatModel chat() {\n    return OpenAiChatModel.builder()\n        .baseUrl("https://api.groq.com/openai/v1")\n        .modelName("llama-3.3-70b-versatile")\n        .build();\n  }\n  GoogleAiEmbeddingModel emb() {\n    return GoogleAiEmbeddingModel.builder().modelName("gemini-embedding-001").build();\n  }\n}\n',
      'b/pom.xml': pom(['langchain4j-open-ai']),
      'b/src/main/java/d/Chat.java': 'package d;\nimport dev.langchain4j.model.openai.OpenAiChatModel;\nclass Chat {\n  OpenAiChatModel m = OpenAiChatModel.builder().baseUrl("https://api.deepseek.com/v1").modelName("deepseek-chat").build();\n}\n',
    });
    assert.deepEqual(modelsByService(r), { deepseek: 'deepseek-chat', google: 'gemini-embedding-001', groq: 'llama-3.3-70b-versatile' });
  });

  it("Java models: the Google Gen AI SDK's positional model, a file constant given to a builder (Perplexity's through an OpenAI client), String.valueOf of an SDK constant, a model-named constant given one", async () => {
    const r = await run({
      'pom.xml': '<project>\n  <modelVersion>4.0.0</modelVersion>\n  <groupId>d</groupId><artifactId>a</artifactId><version>1</version>\n  <dependencies>\n    <dependency><groupId>com.google.genai</groupId><artifactId>google-genai</artifactId><version>1.10.0</version></dependency>\n    <dependency><groupId>dev.langchain4j</groupId><artifactId>langchain4j-open-ai</artifactId><version>1.0.1</version></dependency>\n    <dependency><groupId>dev.langchain4j</groupId><artifactId>langchain4j-mistral-ai</artifactId><version>1.0.1</version></dependency>\n    <dependency><groupId>com.openai</groupId><artifactId>openai-java</artifactId><version>2.0.0</version></dependency>\n  </dependencies>\n</project>\n',
      'src/main/java/d/Gemini.java': 'package d;\nimport com.google.genai.Client;\nclass Gemini {\n  String f(Client client, String p) { return client.models.generateContent("gemini-2.0-flash-001", p, null).text(); }\n}\n',
      'src/main/java/d/HelloPerplexity.java': 'package d;\nimport dev.langchain4j.model.openai.OpenAiChatModel;\nclass HelloPerplexity {\n  static final String PERPLEXITY_CHAT_SMALL = "llama-3.1-sonar-small-128k-chat";\n  static final String PERPLEXITY_BASE_URL = "https://api.perplexity.ai";\n  static final OpenAiChatModel m = OpenAiChatModel.builder().baseUrl(PERPLEXITY_BASE_URL).modelName(PERPLEXITY_CHAT_SMALL).build();\n}\n',
      'src/main/java/d/AiModels.java': 'package d;\nimport dev.langchain4j.model.mistralai.MistralAiChatModel;\nimport dev.langchain4j.model.mistralai.MistralAiChatModelName;\nclass AiModels {\n  static final MistralAiChatModel M = MistralAiChatModel.builder().modelName(String.valueOf(MistralAiChatModelName.MISTRAL_SMALL_LATEST)).build();\n}\n',
      'src/main/java/d/Foundry.java': 'package d;\nimport static com.openai.models.ChatModel.GPT_5_MINI;\nclass Foundry {\n  static final String MICROSOFT_FOUNDRY_MODEL_NAME = GPT_5_MINI.asString();\n}\n',
    });
    assert.deepEqual(modelsByService(r), { google: 'gemini-2.0-flash-001', mistral: 'mistral-small-latest', openai: 'gpt-5-mini', perplexity: 'llama-3.1-sonar-small-128k-chat' });
  });

  it("audit fixes: the AI SDK's Ollama providers' model calls, create_agent's and create_react_agent's positional model, ChatOpenAI's openai_api_base, a LiteLLM api_base from os.environ/", async () => {
    const r = await run({
      'web/package.json': '{"dependencies": {"ai": "^5.0.0", "ollama-ai-provider-v2": "^1.0.0"}}\n',
      'web/chat.ts': 'import { streamText } from "ai";\nimport { ollama } from "ollama-ai-provider-v2";\nconst r = streamText({ model: ollama("qwen3:4b"), prompt: "hi" });\nconst e = ollama.embedding("nomic-embed-text");\n',
      'agent/main.py': 'from langchain.agents import create_agent\nfrom langgraph.prebuilt import create_react_agent\na = create_agent("anthropic:claude-3-7-sonnet-latest", tools=[])\nb = create_react_agent("openai:gpt-4.1-mini", [])\n',
      'groq/app.py': 'from langchain_openai import ChatOpenAI\nllm = ChatOpenAI(model="llama3-8b-8192", openai_api_base="https://api.groq.com/openai/v1")\n',
      'proxy/litellm_config.yaml': 'model_list:\n  - model_name: gpt-4\n    litellm_params:\n      model: azure/gpt-4-32k\n      api_base: os.environ/AZURE_API_BASE\n      api_key: os.environ/AZURE_API_KEY\n  - model_name: llama\n    litellm_params:\n      model: sagemaker/my-llama-endpoint\n',
    });
    assert.deepEqual(modelsByService(r), { anthropic: 'anthropic:claude-3-7-sonnet-latest', 'azure-openai': 'azure/gpt-4-32k', groq: 'llama3-8b-8192', ollama: 'nomic-embed-text, qwen3:4b', openai: 'openai:gpt-4.1-mini', 'aws-sagemaker': 'sagemaker/my-llama-endpoint' });
    assert.equal(r.components.find((c) => c.ref === 'service:openai')?.evidence.some((e) => e.path === 'groq/app.py'), false);
  });

  it("a declared LangChain integration the catalog names only by its family (langchain-redis) is imported by its module (langchain_redis); a local langchain_utils module is no package", async () => {
    const r = await run({
      'requirements.txt': 'langchain-core==0.3.28\nlangchain-redis==0.1.2\nlangchain-postgres==0.0.12\n',
      'app/kb.py': 'from langchain_core.documents import Document\nfrom langchain_redis import RedisConfig, RedisVectorStore\nimport langchain_postgres.vectorstores as pg\nfrom langchain_utils import helper\n',
    });
    assert.deepEqual(libs(r).map((c) => `${c.name} ${c.properties['lantern:imported']}`).sort(), ['langchain-core true', 'langchain-postgres true', 'langchain-redis true']);
    assert.deepEqual(r.findings.filter((f) => f.ruleId === 'sdk/undeclared-dependency'), []);
  });

  it("OpenAI's open weights by their Hub ids (openai/gpt-oss-20b, openai/whisper-large-v3) in settings are no OpenAI API models; OpenAI's API models under the openai/ route still are", async () => {
    const r = await run({
      '.env.example': 'LLM_MODEL=openai/gpt-oss-20b\nWHISPER_MODEL=openai/whisper-large-v3\n',
      'proxy/litellm_config.yaml': 'model_list:\n  - model_name: gpt-4o\n    litellm_params:\n      model: openai/gpt-4o\n',
    });
    assert.deepEqual(modelsByService(r), { openai: 'openai/gpt-4o' });
  });

  it("the AI SDK's re-exported gateway (import { gateway } from 'ai') calls the Vercel AI Gateway, whatever maker the model string names; the same import of streamText alone routes nothing", async () => {
    const r = await run({
      'package.json': '{"dependencies": {"ai": "^5.0.0", "@ai-sdk/anthropic": "^2.0.0"}}\n',
      'gw.ts': 'import { gateway, streamText } from "ai";\nstreamText({ model: gateway("anthropic/claude-3-5-haiku-latest"), prompt: "hi" });\n',
      'direct.ts': 'import { streamText } from "ai";\nimport { anthropic } from "@ai-sdk/anthropic";\nstreamText({ model: anthropic("claude-3-7-sonnet-latest"), prompt: "hi" });\n',
    });
    assert.deepEqual(modelsByService(r), { anthropic: 'claude-3-7-sonnet-latest', 'vercel-ai-gateway': 'anthropic/claude-3-5-haiku-latest' });
  });

  it("AI SDK provider factories: a variable given createOpenAICompatible's or createOpenAI's result is a provider whatever its name (its models on the base URL's service); another package's create… is not", async () => {
    const r = await run({
      'package.json': '{"dependencies": {"ai": "^5.0.0", "@ai-sdk/openai-compatible": "^1.0.0", "@ai-sdk/openai": "^2.0.0", "@supabase/supabase-js": "^2.0.0"}}\n',
      'lm.ts': "import { createOpenAICompatible } from '@ai-sdk/openai-compatible';\nexport const lmstudio = createOpenAICompatible({\n  name: 'lmstudio',\n  baseURL: 'http://192.168.100.52:1234/v1',\n});\nexport const gemma = lmstudio('google/gemma-3-4b');\n",
      'fast.ts': "import { createOpenAI as make } from '@ai-sdk/openai';\nconst fastllm = make({ baseURL: 'https://api.groq.com/openai/v1', apiKey: process.env.GROQ_API_KEY });\nconst m = fastllm('llama-3.1-8b-instant');\n",
      'db.ts': "import { createClient } from '@supabase/supabase-js';\nconst supa = createClient(url, key);\nsupa('gpt-4o');\n",
    });
    assert.deepEqual(modelsByService(r), { groq: 'llama-3.1-8b-instant', unlisted: 'google/gemma-3-4b' });
    assert.equal(r.components.find((c) => c.ref === 'service:unlisted')?.properties['lantern:endpoints'], 'http://192.168.100.52:1234/v1');
  });

  it("an Ollama client given a host the catalog does not list calls Ollama there (a LAN server), not an unknown API; another client's unlisted host stays unlisted", async () => {
    const r = await run({
      'rag/embed.py': 'from llama_index.embeddings.ollama import OllamaEmbedding\nfrom langchain_ollama import ChatOllama\nemb = OllamaEmbedding(model_name="nomic-embed-text", base_url="http://192.168.0.72:11435")\nllm = ChatOllama(model="llama3.2", base_url="http://gpu-box.lan:11434")\n',
      'rag/vllm.py': 'from openai import OpenAI\nclient = OpenAI(base_url="http://192.168.0.10:8000/v1", api_key="x")\nclient.chat.completions.create(model="qwen2.5-7b-instruct", messages=[])\n',
    });
    const endpoints = (p: string) => r.components.find((c) => c.ref === `service:${p}`)?.properties['lantern:endpoints'];
    assert.deepEqual([endpoints('ollama'), endpoints('unlisted')], ['http://192.168.0.72:11435 http://gpu-box.lan:11434', 'http://192.168.0.10:8000/v1']);
    assert.deepEqual(modelsByService(r), { ollama: 'llama3.2, nomic-embed-text', unlisted: 'qwen2.5-7b-instruct' });
  });

  it("infra files under other names: a Compose file by its top-level services (NVIDIA's nims.yaml), an Ollama chart's values in helm-values.yaml", async () => {
    const r = await run({
      'deploy/nims.yaml': 'services:\n  nim-llm:\n    image: nvcr.io/nim/meta/llama-3.1-8b-instruct:1.3.3\n  vllm:\n    image: vllm/vllm-openai:latest\n',
      'infra/modules/ollama/helm-values.yaml': 'ollama:\n  models:\n    pull:\n      - llama3.2\n',
    });
    assert.deepEqual(r.components.filter((c) => c.kind === 'container').map((c) => `${c.name} ${c.version}`).sort(), ['nvcr.io/nim/meta/llama-3.1-8b-instruct 1.3.3', 'vllm/vllm-openai latest']);
    assert.equal(modelsByService(r).ollama, 'llama3.2');
  });

  it("JS model calls: each on its own provider where a file has several (groq(…) made by createGroq beside ollama(…)); an env read's fallback given to a provider is its model", async () => {
    const r = await run({
      'package.json': '{"dependencies": {"ai": "^4.0.0", "@ai-sdk/groq": "^1.0.0", "ollama-ai-provider": "^1.0.0", "@ai-sdk/openai": "^1.0.0"}}\n',
      'lib/aiProvider.ts': "import { createGroq } from '@ai-sdk/groq';\nimport { ollama } from 'ollama-ai-provider';\nconst groq = createGroq({ apiKey: process.env.GROQ_API_KEY });\nexport const remote = groq('llama-3.1-8b-instant');\nexport const local = ollama('deepseek-coder-v2');\n",
      'lib/env.ts': "import { openai } from '@ai-sdk/openai';\nexport const m = openai(process.env.OPENAI_MODEL ?? 'gpt-4o-mini');\nexport const n = openai.chat(process.env.CHAT_MODEL || 'o3-mini');\n",
    });
    assert.deepEqual(modelsByService(r), { groq: 'llama-3.1-8b-instant', ollama: 'deepseek-coder-v2', openai: 'gpt-4o-mini, o3-mini' });
  });

  it("a local embedding model the Hub resolves from a bare name (HuggingFaceEmbeddings(model_name='all-MiniLM-L6-v2')) is a download, no API model of the file's services", async () => {
    const r = await run({
      'app/rag.py': 'from langchain_huggingface import HuggingFaceEmbeddings\nfrom langchain_groq import ChatGroq\nemb = HuggingFaceEmbeddings(model_name="all-MiniLM-L6-v2")\nllm = ChatGroq(model="llama3-8b-8192")\n',
    });
    assert.deepEqual(modelsByService(r), { groq: 'llama3-8b-8192' });
    assert.ok(r.components.some((c) => c.kind === 'model' && c.name === 'sentence-transformers/all-MiniLM-L6-v2'));
  });

  it("LlamaIndex's OpenAILike calls the server its api_base names: an unlisted one's endpoint with its model, a known host's provider", async () => {
    const r = await run({
      'a/llm.py': 'from llama_index.llms.openai_like import OpenAILike\nllm = OpenAILike(model="qwen2-7b-6k", api_base="http://192.168.0.72:3000/v1", is_chat_model=True)\n',
      'b/llm.py': 'from llama_index.llms.openai_like import OpenAILike\nllm = OpenAILike(model="llama-3.3-70b-versatile", api_base="https://api.groq.com/openai/v1")\n',
    });
    assert.deepEqual(modelsByService(r), { groq: 'llama-3.3-70b-versatile', unlisted: 'qwen2-7b-6k' });
  });

  it("Python: ollama's Client(host=…) is the server's endpoint; AzureChatOpenAI(azure_deployment=…) beside ChatOpenAI is Azure OpenAI's model; another call's host= is nothing", async () => {
    const r = await run({
      'a.py': 'from ollama import Client\nimport uvicorn\nclient = Client(host="http://10.21.139.236:11434")\nclient.chat(model="llama3.2", messages=[])\nuvicorn.run(app, host="0.0.0.0", port=8000)\n',
      'b.py': 'from langchain_openai import AzureChatOpenAI, ChatOpenAI\naz = AzureChatOpenAI(azure_deployment="gpt-4o", api_version="2024-10-21")\noa = ChatOpenAI(model="gpt-4o-mini")\n',
    });
    assert.deepEqual(modelsByService(r), { 'azure-openai': 'gpt-4o', ollama: 'llama3.2', openai: 'gpt-4o-mini' });
    assert.equal(r.components.find((c) => c.ref === 'service:ollama')?.properties['lantern:endpoints'], 'http://10.21.139.236:11434');
    assert.equal(r.components.some((c) => c.ref === 'service:unlisted'), false);
  });

  it("KubeAI's Model url: ollama://<model> is Ollama's model; a word before the scheme or a template is none", async () => {
    const r = await run({
      'k8s/models.yaml': 'apiVersion: kubeai.org/v1\nkind: Model\nmetadata:\n  name: gemma-27b\nspec:\n  features: [TextGeneration]\n  url: ollama://gemma3:27b\n  engine: OLlama\n---\napiVersion: kubeai.org/v1\nkind: Model\nspec:\n  url: "ollama://{{ .Values.model }}"\n  note: myollama://x\n',
    });
    assert.deepEqual(modelsByService(r), { ollama: 'gemma3:27b' });
    assert.deepEqual(r.components.find((c) => c.ref === 'service:ollama')?.evidence.map((e) => `${e.path}:${e.line}`), ['k8s/models.yaml:7']);
  });

  it("pnpm catalogs: a workspace member's \"catalog:\" dependency takes the range pnpm-workspace.yaml's catalog gives (and the lockfile's version where there is one); the catalog declares nothing itself", async () => {
    const r = await run({
      'pnpm-workspace.yaml': 'packages:\n  - packages/*\ncatalog:\n  ai: ^4.0.0\n  openai: 4.67.1\n  "@anthropic-ai/sdk": ^0.30.0\n',
      'packages/app/package.json': '{\n  "dependencies": {\n    "ai": "catalog:",\n    "openai": "catalog:"\n  }\n}\n',
      'packages/app/src/a.ts': "import { streamText } from 'ai';\nimport OpenAI from 'openai';\n",
    });
    assert.deepEqual(libs(r).map((c) => `${c.name} ${c.version ?? '-'} ${c.properties['lantern:declared-range'] ?? '-'}`).sort(), ['ai - ^4.0.0', 'openai 4.67.1 4.67.1']);
    // Named catalogs: `"catalog:ai"` takes `catalogs.ai`'s range, not the default catalog's nor another's;
    // pnpm-lock.yaml's importer gives the version.
    const ws = "packages:\n  - packages/*\ncatalog:\n  openai: ^4.52.0\ncatalogs:\n  ai:\n    '@anthropic-ai/sdk': ^0.24.0\n    openai: ^5.0.0\n  legacy:\n    openai: ^3.3.0\n";
    const member = async (deps: string) => libs(await run({ 'pnpm-workspace.yaml': ws, 'packages/app/package.json': `{"dependencies": ${deps}}\n` })).map((c) => `${c.name} ${c.version ?? '-'} ${c.properties['lantern:declared-range'] ?? '-'}`).sort();
    assert.deepEqual(await member('{"openai": "catalog:ai", "@anthropic-ai/sdk": "catalog:ai"}'), ['@anthropic-ai/sdk - ^0.24.0', 'openai - ^5.0.0']);
    assert.deepEqual(await member('{"openai": "catalog:legacy"}'), ['openai - ^3.3.0']);
    assert.deepEqual(await member('{"openai": "catalog:", "@anthropic-ai/sdk": "catalog:missing"}'), ['@anthropic-ai/sdk - -', 'openai - ^4.52.0']);
    const locked = await run({
      'pnpm-workspace.yaml': "packages:\n  - packages/*\ncatalogs:\n  ai:\n    '@anthropic-ai/sdk': ^0.24.0\n",
      'packages/app/package.json': '{"dependencies": {"@anthropic-ai/sdk": "catalog:ai"}}\n',
      'pnpm-lock.yaml': "lockfileVersion: '9.0'\n\ncatalogs:\n  ai:\n    '@anthropic-ai/sdk':\n      specifier: ^0.24.0\n      version: 0.24.3\n\nimporters:\n\n  .: {}\n\n  packages/app:\n    dependencies:\n      '@anthropic-ai/sdk':\n        specifier: catalog:ai\n        version: 0.24.3\n\npackages:\n\n  '@anthropic-ai/sdk@0.24.3':\n    resolution: {integrity: sha512-x}\n\nsnapshots:\n\n  '@anthropic-ai/sdk@0.24.3': {}\n",
    });
    assert.deepEqual(libs(locked).map((c) => `${c.name} ${c.version ?? '-'} ${c.properties['lantern:declared-range'] ?? '-'}`), ['@anthropic-ai/sdk 0.24.3 ^0.24.0']);
  });

  it('Vue, Svelte and Astro components: the imports, models and env reads of their scripts; markup naming a package is nothing', async () => {
    const r = await run({
      'web/package.json': '{"dependencies": {"openai": "^4.20.0", "@ai-sdk/svelte": "^1.0.0", "@anthropic-ai/sdk": "^0.30.0"}}\n',
      'web/src/components/GptChat.vue': '<template>\n  <div>{{ answer }}</div>\n</template>\n<script setup lang="ts">\nimport OpenAI from "openai";\nconst client = new OpenAI({ apiKey: import.meta.env.VITE_OPENAI_API_KEY, dangerouslyAllowBrowser: true });\nconst r = await client.chat.completions.create({ model: "gpt-4o-mini", messages: [] });\n</script>\n',
      'web/src/routes/+page.svelte': '<script lang="ts">\n  import { Chat } from "@ai-sdk/svelte";\n  const chat = new Chat();\n</script>\n<p>Powered by @anthropic-ai/sdk and import Anthropic from "@anthropic-ai/sdk"</p>\n',
      'web/src/pages/index.astro': '---\nimport Anthropic from "@anthropic-ai/sdk";\nconst m = await new Anthropic().messages.create({ model: "claude-3-5-haiku-latest", max_tokens: 10, messages: [] });\n---\n<p>{m.id}</p>\n',
    });
    assert.deepEqual(libs(r).map((c) => `${c.name} ${c.properties['lantern:imported']} ${c.evidence.filter((e) => !e.path.endsWith('package.json')).map((e) => `${e.path.split('/').pop()}:${e.line}`).join(' ')}`).sort(), [
      '@ai-sdk/svelte true +page.svelte:2',
      '@anthropic-ai/sdk true index.astro:2',
      'openai true GptChat.vue:5',
    ]);
    assert.deepEqual(modelsByService(r), { anthropic: 'claude-3-5-haiku-latest', openai: 'gpt-4o-mini' });
    assert.deepEqual(r.findings.filter((f) => f.ruleId === 'sdk/undeclared-dependency'), []);
    assert.equal(r.findings.filter((f) => f.ruleId === 'sdk/browser-exposed-key').length, 1);
  });

  it("C#: a namespace several NuGet packages give (OpenAI: the official package's, Betalgo.OpenAI's, OpenAI-DotNet's) is the one's the project declares; Betalgo.OpenAI.GPT3's is its own", async () => {
    const csproj = (pkg: string, v: string) => `<Project Sdk="Microsoft.NET.Sdk">\n  <ItemGroup>\n    <PackageReference Include="${pkg}" Version="${v}" />\n  </ItemGroup>\n</Project>\n`;
    const r = await run({
      'b/b.csproj': csproj('Betalgo.OpenAI', '8.2.2'),
      'b/Chat.cs': 'using OpenAI;\nusing OpenAI.Managers;\nusing OpenAI.ObjectModels;\nclass Chat { }\n',
      'd/d.csproj': csproj('OpenAI-DotNet', '8.1.1'),
      'd/Chat.cs': 'using OpenAI;\nusing OpenAI.Chat;\nclass Chat { }\n',
      'g/g.csproj': csproj('Betalgo.OpenAI.GPT3', '6.8.3'),
      'g/Chat.cs': 'using OpenAI.GPT3;\nusing OpenAI.GPT3.Managers;\nclass Chat { }\n',
      'o/o.csproj': csproj('OpenAI', '2.1.0'),
      'o/Chat.cs': 'using OpenAI.Chat;\nclass Chat { }\n',
    });
    assert.deepEqual(libs(r).map((c) => `${c.name} ${c.version ?? '-'} ${c.properties['lantern:imported']} ${c.evidence.map((e) => e.path.split('/')[0]).filter((x, i, a) => a.indexOf(x) === i).join(',')}`).sort(), [
      'Betalgo.OpenAI 8.2.2 true b',
      'Betalgo.OpenAI.GPT3 6.8.3 true g',
      'OpenAI 2.1.0 true o',
      'OpenAI-DotNet 8.1.1 true d',
    ]);
    assert.deepEqual(r.findings.filter((f) => f.ruleId === 'sdk/undeclared-dependency'), []);
  });

  it(".NET Aspire: its client and hosting integrations by provider, with no 'never imported' finding; an AppHost's deployments and Ollama models on their services with no using; decoys: an unknown or plain-word model outside AI code, an AddModel of another kind", async () => {
    const r = await run({
      'Api/Api.csproj': '<Project Sdk="Microsoft.NET.Sdk.Web">\n  <ItemGroup>\n    <PackageReference Include="Aspire.Azure.AI.OpenAI" Version="9.0.0" />\n    <PackageReference Include="CommunityToolkit.Aspire.OllamaSharp" Version="9.1.0" />\n  </ItemGroup>\n</Project>\n',
      'Api/Program.cs': 'var builder = WebApplication.CreateBuilder(args);\nbuilder.AddAzureOpenAIClient("chatModel");\nbuilder.AddOllamaSharpChatClient("chat");\n',
      'AppHost/AppHost.csproj': '<Project Sdk="Microsoft.NET.Sdk">\n  <ItemGroup>\n    <PackageReference Include="Aspire.Hosting.Azure.CognitiveServices" Version="9.0.0" />\n    <PackageReference Include="CommunityToolkit.Aspire.Hosting.Ollama" Version="9.1.0" />\n  </ItemGroup>\n</Project>\n',
      'AppHost/Program.cs': 'var builder = DistributedApplication.CreateBuilder(args);\nvar openAI = builder.AddAzureOpenAI("openai");\nvar chat = openAI.AddDeployment("chatModel", "gpt-4o-mini", "2024-07-18");\nvar ollama = builder.AddOllama("ollama");\nvar llama = ollama.AddModel("chat", "llama3.1");\nvar m = ollama.AddModel("all-minilm");\n',
      'Shop/Catalog.cs': 'class Catalog { void Seed(Registry r) { r.AddModel("Sedan"); r.AddModel("phi"); r.AddModel("x", "Coupe"); } }\n',
    });
    assert.deepEqual(libs(r).map((c) => `${c.name} ${c.properties['lantern:provider']}`).sort(), [
      'Aspire.Azure.AI.OpenAI azure-openai',
      'Aspire.Hosting.Azure.CognitiveServices azure-openai',
      'CommunityToolkit.Aspire.Hosting.Ollama ollama',
      'CommunityToolkit.Aspire.OllamaSharp ollama',
    ]);
    assert.deepEqual(modelsByService(r), { 'azure-openai': 'gpt-4o-mini', ollama: 'all-minilm, llama3.1' });
    assert.deepEqual(r.findings.filter((f) => f.ruleId === 'sdk/undeclared-dependency'), []);
  });

  it("AI actions' MCP config inputs: run-gemini-cli's settings (a block with ${{ }} expressions, as a value and in a string) and claude-code-action's mcp_config (one line), at their lines of the workflow; another action's input, a file path or no mcpServers give none", async () => {
    const wf = [
      'jobs:', '  a:', '    steps:',
      "      - uses: google-github-actions/run-gemini-cli@v0.1.12", '        with:', '          settings: |-', '            {',
      '              "telemetry": { "enabled": ${{ vars.GOOGLE_CLOUD_PROJECT != \'\' }} },',
      '              "mcpServers": {', '                "github": {', '                  "command": "docker",',
      '                  "args": ["run", "-i", "--rm", "-e", "GITHUB_PERSONAL_ACCESS_TOKEN", "ghcr.io/github/github-mcp-server"],',
      '                  "env": { "GITHUB_PERSONAL_ACCESS_TOKEN": "${{ secrets.GITHUB_TOKEN }}" }', '                },',
      '                "docs": { "httpUrl": "http://docs.internal.example:8080/mcp" }', '              }', '            }',
      "      - uses: anthropics/claude-code-action@v1",
      '        with:', '          mcp_config: \'{"mcpServers": {"fs": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem@2025.8.21", "."]}}}\'',
      "      - uses: anthropics/claude-code-base-action@v1", '        with:', '          mcp_config: .github/mcp.json',
      '      - uses: acme/other@v1', '        with:', '          settings: |', '            {"mcpServers": {"x": {"command": "npx", "args": ["-y", "x-mcp"]}}}',
      "      - uses: google-github-actions/run-gemini-cli@v0.1.12", '        with:', '          settings: |', '            {"model": {"name": "gemini-2.5-pro"}}',
      '',
    ].join('\n');
    const r = await run({ '.github/workflows/agents.yml': wf });
    const servers = r.components.filter((c) => c.kind === 'mcp-server').map((c) => `${c.name} ${c.properties['lantern:mcp:client']} ${c.evidence[0]?.line} ${c.properties['lantern:mcp:command'] ?? c.properties['lantern:mcp:url']} ${c.version ?? '-'}`);
    assert.deepEqual(servers.sort(), ['docs gemini-cli 15 http://docs.internal.example:8080/mcp -', 'fs claude-code 18 npx 2025.8.21', 'github gemini-cli 10 docker -']);
    assert.deepEqual(r.findings.filter((f) => f.ruleId.startsWith('mcp/')).map((f) => `${f.ruleId} ${f.message.split('"')[1]} ${f.location.line}`).sort(), ['mcp/insecure-transport docs 15', 'mcp/unpinned-server github 10']);
    assert.deepEqual(r.warnings, []);
  });

  it("AI actions' MCP config inputs, hostile: a settings block full of unclosed ${{ stays linear and names no server", async () => {
    const wf = `jobs:\n  a:\n    steps:\n      - uses: google-github-actions/run-gemini-cli@v0.1.12\n        with:\n          settings: |\n            {"mcpServers": ${'${{ '.repeat(50_000)}\n`;
    const t = performance.now();
    const r = await run({ '.github/workflows/x.yml': wf });
    assert.ok(performance.now() - t < 5000, `${performance.now() - t} ms`);
    assert.equal(r.components.filter((c) => c.kind === 'mcp-server').length, 0);
  });

  it("Spring AI's MCP client: the connections of application.yml and .properties and the servers file in src/main/resources, with their findings; the model settings beside them still read; a Spring config with no MCP client and a resource JSON of another name give no server", async () => {
    const r = await run({
      'a/build.gradle': "dependencies {\n    implementation 'org.springframework.ai:spring-ai-starter-mcp-client:1.0.0'\n}\n",
      'a/src/main/resources/application.yml': 'spring:\n  ai:\n    mcp:\n      client:\n        stdio:\n          servers-configuration: classpath:mcp-servers.json\n          connections:\n            brave-search:\n              command: npx\n              args:\n                - "-y"\n                - "@modelcontextprotocol/server-brave-search"\n              env:\n                BRAVE_API_KEY: ${BRAVE_API_KEY}\n    ollama:\n      chat:\n        options:\n          model: granite3.2:2b\n',
      'a/src/main/resources/mcp-servers.json': '{\n  "mcpServers": {\n    "filesystem": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem", "/tmp"] }\n  }\n}\n',
      'b/src/main/resources/application.properties': 'spring.ai.mcp.client.sse.connections.weather.url=http://mcp.example.com:8080\nspring.ai.mcp.client.stdio.connections.git.command=uvx\nspring.ai.mcp.client.stdio.connections.git.args=mcp-server-git==2025.1.14\n',
      'c/src/main/resources/application.yml': 'spring:\n  ai:\n    openai:\n      chat:\n        options:\n          model: gpt-4o-mini\n',
      'c/src/main/resources/servers.json': '{ "mcpServers": { "x": { "command": "npx", "args": ["-y", "x-mcp"] } } }\n',
    });
    const servers = r.components.filter((c) => c.kind === 'mcp-server').map((c) => `${c.properties['lantern:mcp:config']} ${c.name} ${c.properties['lantern:mcp:client']} ${c.properties['lantern:mcp:transport']} ${c.properties['lantern:mcp:command'] ?? c.properties['lantern:mcp:url']}`).sort();
    assert.deepEqual(servers, [
      'a/src/main/resources/application.yml brave-search spring-ai stdio npx',
      'a/src/main/resources/mcp-servers.json filesystem spring-ai stdio npx',
      'b/src/main/resources/application.properties git spring-ai stdio uvx',
      'b/src/main/resources/application.properties weather spring-ai sse http://mcp.example.com:8080/sse',
    ]);
    assert.deepEqual(r.findings.filter((f) => f.ruleId.startsWith('mcp/')).map((f) => `${f.ruleId} ${f.message.split('"')[1]}`).sort(), ['mcp/insecure-transport weather', 'mcp/unpinned-server brave-search', 'mcp/unpinned-server filesystem']);
    assert.deepEqual(modelsByService(r), { ollama: 'granite3.2:2b', openai: 'gpt-4o-mini' });
  });

  it("a stdio bridge to a remote server (mcp-remote, supergateway, mcp-proxy) given a plain-http URL of another host is mcp/insecure-transport; https, loopback or no bridge is none", async () => {
    const r = await run({
      '.cursor/mcp.json': JSON.stringify({ mcpServers: {
        vm: { command: 'npx', args: ['mcp-remote@0.1.29', 'http://34.123.45.67:8080/sse?token=s3cr3t-value', '--allow-http'] },
        tls: { command: 'npx', args: ['mcp-remote@0.1.29', 'https://mcp.example.com/sse'] },
        local: { command: 'npx', args: ['mcp-remote@0.1.29', 'http://localhost:8080/sse', '--allow-http'] },
        proxy: { command: 'uvx', args: ['mcp-proxy==0.8.0', 'http://10.0.0.5:8096/sse'] },
        other: { command: 'npx', args: ['some-server@1.0.0', 'http://34.123.45.67:8080/sse'] },
      } }, null, 2),
    });
    assert.deepEqual(r.findings.filter((f) => f.ruleId === 'mcp/insecure-transport').map((f) => f.message.split('"')[1]).sort(), ['proxy', 'vm']);
    assert.match(r.findings.find((f) => f.message.includes('"vm"'))?.message ?? '', /reached through mcp-remote over plain HTTP \(http:\/\/34\.123\.45\.67:8080\/sse\)/);
    assert.ok(!JSON.stringify(r.findings).includes('s3cr3t'), 'the query is dropped, as a url entry\'s is');
  });

  it("a remote MCP server on an AI provider's host (GitHub's https://api.githubcopilot.com/mcp/, Zhipu's /api/mcp/) is that server, not a call to the provider's model API; the provider's API path still is", async () => {
    const r = await run({
      '.vscode/mcp.json': '{\n  "servers": {\n    "github": { "type": "http", "url": "https://api.githubcopilot.com/mcp/" }\n  }\n}\n',
      '.codex/config.toml': '[mcp_servers.github]\nurl = "https://api.githubcopilot.com/mcp/"\nbearer_token_env_var = "GITHUB_PERSONAL_ACCESS_TOKEN"\n\n[mcp_servers.zhipu]\nurl = "https://open.bigmodel.cn/api/mcp/web_search/sse"\n',
    });
    assert.deepEqual(r.components.filter((c) => c.kind === 'mcp-server').map((c) => c.name).sort(), ['github', 'github', 'zhipu']);
    assert.deepEqual(r.components.filter((c) => c.kind === 'service').map((c) => c.ref), []);
    const api = await run({ 'chat.py': 'import requests\nr = requests.post("https://api.githubcopilot.com/chat/completions", json=body)\n' });
    assert.deepEqual(api.components.filter((c) => c.kind === 'service').map((c) => c.ref), ['service:github']);
  });

  it("an MCP server URL that is its own key (Zapier's /api/mcp/s/<token>/mcp) is masked in the config's server and in code's, in every output", async () => {
    const token = 'MTIzNDU2NzgtOTBhYi1jZGVmLTEyMzQtNTY3ODkwYWJjZGVmOmZlZGNiYTA5LTg3NjUtNDMyMS1mZWRjLWJhMDk4NzY1NDMyMQ==';
    const r = await run({
      '.cursor/mcp.json': JSON.stringify({ mcpServers: { zapier: { url: `https://mcp.zapier.com/api/mcp/s/${token}/mcp` } } }),
      'client.py': `from mcp.client.streamable_http import streamablehttp_client\nasync def main():\n    async with streamablehttp_client("https://mcp.zapier.com/api/mcp/s/${token}/mcp") as (r, w, _):\n        pass\n`,
    });
    const servers = r.components.filter((c) => c.kind === 'mcp-server');
    assert.equal(servers.length, 2);
    assert.ok(servers.every((c) => c.properties['lantern:mcp:url'] === 'https://mcp.zapier.com/api/mcp/s/…MQ==/mcp'), JSON.stringify(servers.map((c) => c.properties)));
    assert.ok(!JSON.stringify(r).includes(token.slice(0, 16)));
  });

  it('MCP servers in the files several clients name alike (mcp_config.json, mcp.json) anywhere, only when the file has mcpServers', async () => {
    const r = await run({
      'mcp_config.json': JSON.stringify({ mcpServers: { calc: { type: 'stdio', command: 'python', args: ['calculator.py'] } } }),
      'examples/mcp.json': JSON.stringify({ mcpServers: { fetch: { command: 'uvx', args: ['mcp-server-fetch'] } } }),
      // Decoys: the names without an mcpServers object (a server's own manifest, a task list).
      'server/mcp.json': JSON.stringify({ name: 'my-server', version: '1.0.0', tools: [{ name: 'add' }] }),
      'tasks/mcp_config.json': JSON.stringify({ servers: { x: { command: 'npx', args: ['y'] } } }),
    });
    assert.deepEqual(r.components.filter((c) => c.kind === 'mcp-server').map((c) => `${c.properties['lantern:mcp:config']} ${c.name} ${c.properties['lantern:mcp:client']}`).sort(), ['examples/mcp.json fetch generic', 'mcp_config.json calc generic']);
    assert.deepEqual(r.findings.filter((f) => f.ruleId === 'mcp/unpinned-server').map((f) => f.location.path), ['examples/mcp.json']);
    assert.deepEqual(r.warnings, []);
  });

  it('MCP servers: a launch of several packages is unpinned when any is, and the finding names which', async () => {
    const r = await run({
      '.mcp.json': JSON.stringify({ mcpServers: {
        npx: { command: 'npx', args: ['-p', 'a-srv@1.0.0', '-p', 'b-lib', '--package=c-lib@^2', '-y', 'a-srv'] },
        uvx: { command: 'uvx', args: ['--from', 'mcp-x==1.0.0', '--with', 'httpx', 'mcp-x'] },
        pinned: { command: 'pnpm', args: ['dlx', '--package=a-srv@1.0.0', '--package', 'b-lib@2.0.0', 'a-srv'] },
      } }, null, 2),
    });
    const byName = (n: string) => r.findings.find((f) => f.ruleId === 'mcp/unpinned-server' && f.message.includes(`"${n}"`))?.message;
    assert.equal(byName('npx'), 'MCP server "npx" is launched with npx a-srv, b-lib and c-lib without a pinned version of b-lib and c-lib: every start may run different code.');
    assert.equal(byName('uvx'), 'MCP server "uvx" is launched with uvx mcp-x and httpx without a pinned version of httpx: every start may run different code.');
    assert.equal(byName('pinned'), undefined);
    const props = (n: string) => r.components.find((c) => c.kind === 'mcp-server' && c.name === n)?.properties;
    assert.equal(props('npx')?.['lantern:mcp:packages'], 'a-srv@1.0.0, b-lib, c-lib');
    assert.equal(props('pinned')?.['lantern:mcp:packages'], 'a-srv@1.0.0, b-lib@2.0.0');
    assert.equal(props('pinned')?.['lantern:mcp:package'], 'a-srv');
  });

  it('MCP servers: secrets in args and URLs never reach the inventory; plain HTTP is judged by the parsed host', async () => {
    const key = KEYS.anthropic();
    const servers = {
      keyed: { command: 'npx', args: ['-y', 'srv@1.0.0', '--api-key', key, 'postgresql://admin:SuperS3cret!@db.internal/app'] },
      gitpkg: { command: 'npx', args: ['-y', 'git+https://user:GitPassw0rd@github.com/o/r.git'] },
      gitpkgs: { command: 'uvx', args: ['--from', `git+https://${key}@github.com/o/r.git`, '--with', 'git+https://u:WithPassw0rd@github.com/o/p.git', 'srv'] },
      userinfo: { url: 'https://user:hunter2pass@remote.example.com/mcp?token=abc' },
      evil1: { url: 'http://localhost.evil.com/mcp' },
      evil2: { url: 'http://127.0.0.1@evil.example.com/mcp' },
      evil3: { url: '  http://spaced.example.com/mcp' },
      evil4: { url: 'ws://remote.example.com/mcp' },
      loop1: { url: 'http://127.0.0.2:8080/mcp' },
      loop2: { url: 'http://[::1]:3000/mcp' },
      loop3: { url: 'http://LOCALHOST:3000/mcp' },
    };
    const r = await run({ '.cursor/mcp.json': JSON.stringify({ mcpServers: servers }, null, 2) });
    const out = JSON.stringify(r) + toCycloneDxJson(r, '1.6', { SOURCE_DATE_EPOCH: '0' });
    for (const secret of [key, key.slice(13, 40), 'SuperS3cret!', 'hunter2pass', 'token=abc', 'GitPassw0rd', 'WithPassw0rd']) assert.ok(!out.includes(secret), `leaked: ${secret}`);
    const comp = (n: string) => r.components.find((c) => c.kind === 'mcp-server' && c.name === n);
    assert.equal(comp('gitpkg')?.properties['lantern:mcp:package'], 'git+https://user:…@github.com/o/r.git');
    assert.equal(comp('keyed')?.properties['lantern:mcp:args'], `-y srv@1.0.0 --api-key sk-ant-…${key.slice(-4)} postgresql://admin:…@db.internal/app`);
    assert.equal(comp('userinfo')?.properties['lantern:mcp:url'], 'https://remote.example.com/mcp');
    assert.deepEqual(r.findings.filter((f) => f.ruleId === 'mcp/insecure-transport').map((f) => f.message.split('"')[1]).sort(), ['evil1', 'evil2', 'evil3', 'evil4']);
  });

  it('no key reaches an output through a version spec, an endpoint path, an MCP URL path or a warning', async () => {
    const oa = KEYS.openaiProject();
    const an = KEYS.anthropic();
    const r = await run({
      'package.json': JSON.stringify({ dependencies: { openai: `git+https://${oa}:x-oauth-basic@github.com/openai/openai-node.git`, '@anthropic-ai/sdk': `https://user:${an}@registry.example.com/sdk-0.1.0.tgz` } }),
      'client.ts': `const u = "https://api.openai.com/v1/${oa}/chat";\n`,
      '.mcp.json': JSON.stringify({ mcpServers: { zap: { url: `https://mcp.example.com/k/${an}/sse` } } }),
      'requirements.txt': `OPENAI_API_KEY=${oa}\nopenai==1.30.1\n`,
    });
    const outs = [JSON.stringify(r), toCycloneDxJson(r, '1.6', { SOURCE_DATE_EPOCH: '0' }), toCycloneDxXml(r, '1.6', { SOURCE_DATE_EPOCH: '0' })];
    for (const out of outs) for (const key of [oa, an]) assert.ok(!out.includes(key.slice(13, 33)), `leaked ${key.slice(0, 12)}…`);
    assert.ok(r.warnings.some((w) => w.path === 'requirements.txt'), JSON.stringify(r.warnings));
  });

  it('MCP servers an agent\'s code starts or connects to are mcp-server components with the same findings, in files that import an MCP client; a key in their args is masked', async () => {
    const key = KEYS.openaiProject();
    const r = await run({
      'agent/client.ts': `import { Client } from '@modelcontextprotocol/sdk/client/index.js';\nconst t = new StdioClientTransport({ command: 'npx', args: ['-y', '@modelcontextprotocol/server-github', '--api-key', '${key}'] });\nconst s = new SSEClientTransport(new URL('http://mcp.example.com/sse'));\n`,
      'agent/tools.py': 'from mcp import StdioServerParameters\nparams = StdioServerParameters(command="uvx", args=["mcp-server-time==2025.1.1"])\n',
      // Agent frameworks' MCP modules: the OpenAI Agents SDK (declared, as its weak import name needs) and pydantic-ai.
      'requirements.txt': 'openai-agents==0.2.0\npydantic-ai==0.4.0\n',
      'agent/oa.py': 'from agents.mcp import MCPServerStdio\nfs = MCPServerStdio(params={"command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem@2025.7.1", "."]}, name="Filesystem")\n',
      'agent/pyd.py': "from pydantic_ai.mcp import MCPServerSSE\nremote = MCPServerSSE(url='https://tools.example.com/sse')\n",
      // Go and C# clients, by their SDKs' call shapes.
      'agent/main.go': 'package main\n\nimport "github.com/mark3labs/mcp-go/client"\n\nfunc main() {\n\tc, _ := client.NewStdioMCPClient("npx", nil, "-y", "@modelcontextprotocol/server-memory")\n\t_ = c\n}\n',
      'agent/Tools.cs': 'using ModelContextProtocol.Client;\nvar t = new StdioClientTransport(new() { Name = "Everything", Command = "npx", Arguments = ["-y", "@modelcontextprotocol/server-everything@2025.9.25"] });\n',
      // Decoy: the same launch in a file that imports no MCP client.
      'scripts/run.ts': "const t = new StdioClientTransport({ command: 'npx', args: ['-y', 'srv'] });\n",
    });
    const servers = r.components.filter((c) => c.kind === 'mcp-server');
    assert.deepEqual(servers.map((c) => [c.name, c.properties['lantern:mcp:client'], c.properties['lantern:mcp:transport'], `${c.evidence[0]?.path}:${c.evidence[0]?.line}`, c.version]).sort((a, b) => (String(a[3]) < String(b[3]) ? -1 : 1)), [
      ['Everything', 'ModelContextProtocol', 'stdio', 'agent/Tools.cs:2', '2025.9.25'],
      ['@modelcontextprotocol/server-github', '@modelcontextprotocol/sdk', 'stdio', 'agent/client.ts:2', undefined],
      ['mcp.example.com/sse', '@modelcontextprotocol/sdk', 'sse', 'agent/client.ts:3', undefined],
      ['@modelcontextprotocol/server-memory', 'github.com/mark3labs/mcp-go', 'stdio', 'agent/main.go:6', undefined],
      ['Filesystem', 'openai-agents', 'stdio', 'agent/oa.py:2', '2025.7.1'],
      ['tools.example.com/sse', 'pydantic-ai', 'sse', 'agent/pyd.py:2', undefined],
      ['mcp-server-time', 'mcp', 'stdio', 'agent/tools.py:2', '2025.1.1'],
    ]);
    const by = (id: string) => r.findings.filter((f) => f.ruleId === id).map((f) => `${f.location.path}:${f.location.line}`);
    assert.deepEqual(by('mcp/unpinned-server').sort(), ['agent/client.ts:2', 'agent/main.go:6']);
    assert.deepEqual(by('mcp/insecure-transport'), ['agent/client.ts:3']);
    const out = JSON.stringify(r) + toCycloneDxJson(r, '1.6', { SOURCE_DATE_EPOCH: '0' });
    assert.ok(!out.includes(key.slice(13, 40)), 'the key in the args is masked');
    assert.equal(bomJsonErrors(JSON.parse(toCycloneDxJson(r, '1.6', { SOURCE_DATE_EPOCH: '0' }))), undefined);
  });

  it('MCP servers the code runs as a process (subprocess, spawn, exec.Command, ProcessBuilder, Process.Start) are mcp-server components of the code, with the same findings; other launches are not', async () => {
    const r = await run({
      'tools/run.py': 'import subprocess\nproc = subprocess.Popen(["npx", "-y", "@modelcontextprotocol/server-filesystem", "/tmp"], stdin=subprocess.PIPE)\nsubprocess.run(["uvx", "mcp-server-git==0.6.2", "--repository", "."])\n',
      'tools/run.js': "const { spawn } = require('node:child_process');\nconst child = spawn('npx', ['-y', '@modelcontextprotocol/server-github'], { env: process.env });\n",
      'tools/main.go': 'package main\n\nimport "os/exec"\n\nfunc main() {\n\t_ = exec.Command("uvx", "mcp-server-fetch").Start()\n}\n',
      'tools/Run.java': 'class Run { void f() throws Exception { new ProcessBuilder("docker", "run", "-i", "--rm", "mcp/fetch").start(); } }\n',
      // Decoys: launches of what is no MCP server, a launch in a comment, a command held in a variable.
      'tools/other.py': 'import subprocess\nsubprocess.run(["npx", "-y", "create-react-app", "web"])\n# subprocess.run(["npx", "-y", "mcp-server-x"])\nsubprocess.run(cmd)\nMCP = "docs"\n',
      'tools/other.ts': "import { execSync } from 'node:child_process';\nexecSync('npx prettier --write .'); // mcp docs\n",
    });
    const servers = r.components.filter((c) => c.kind === 'mcp-server');
    assert.deepEqual(servers.map((c) => `${c.evidence[0]?.path}:${c.evidence[0]?.line} ${c.name} ${c.properties['lantern:mcp:client']} ${c.properties['lantern:mcp:transport']} ${c.version ?? '-'}`).sort(), [
      'tools/Run.java:1 mcp/fetch code stdio -',
      'tools/main.go:6 mcp-server-fetch code stdio -',
      'tools/run.js:2 @modelcontextprotocol/server-github code stdio -',
      'tools/run.py:2 @modelcontextprotocol/server-filesystem code stdio -',
      'tools/run.py:3 mcp-server-git code stdio 0.6.2',
    ]);
    const by = (id: string) => r.findings.filter((f) => f.ruleId === id).map((f) => `${f.location.path}:${f.location.line}`).sort();
    assert.deepEqual(by('mcp/unpinned-server'), ['tools/Run.java:1', 'tools/main.go:6', 'tools/run.js:2', 'tools/run.py:2']);
  });

  it('MCP servers listed under an `mcpServers` / `mcp_servers` key in code that imports an AI package (the Claude Agent SDK\'s options) are that package\'s, with the same findings; the key alone, or a launch without it, is not', async () => {
    const r = await run({
      'package.json': '{"dependencies":{"@anthropic-ai/claude-agent-sdk":"0.1.30","openai":"4.52.0"}}',
      'requirements.txt': 'claude-agent-sdk==0.1.4\n',
      'agent/review.ts': "import { query } from '@anthropic-ai/claude-agent-sdk';\nfor await (const m of query({\n  prompt: 'Review',\n  options: {\n    mcpServers: {\n      github: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-github'] },\n      docs: { type: 'http', url: 'http://docs.example.com/mcp' },\n    },\n  },\n})) console.log(m);\n",
      'agent/review.py': 'from claude_agent_sdk import ClaudeAgentOptions\noptions = ClaudeAgentOptions(\n    mcp_servers={\n        "time": {"command": "uvx", "args": ["mcp-server-time==2025.1.1"]},\n    },\n)\n',
      // Decoys: the key only in a comment; a launch-shaped object in AI code with no such key; the key in code that imports no AI package.
      'agent/notes.ts': "import OpenAI from 'openai';\n// mcpServers: { x: { command: 'npx', args: ['-y', 'srv'] } }\nconst client = new OpenAI();\n",
      'agent/tool.ts': "import OpenAI from 'openai';\nconst tool = { command: 'git', args: ['status'] };\n",
      'config/servers.ts': "export const settings = { mcpServers: { fs: { command: 'npx', args: ['-y', 'srv'] } } };\n",
    });
    const servers = r.components.filter((c) => c.kind === 'mcp-server');
    assert.deepEqual(servers.map((c) => [c.name, c.properties['lantern:mcp:client'], c.properties['lantern:mcp:transport'], `${c.evidence[0]?.path}:${c.evidence[0]?.line}`, c.version]).sort((a, b) => (String(a[3]) < String(b[3]) ? -1 : 1)), [
      ['time', 'claude-agent-sdk', 'stdio', 'agent/review.py:4', '2025.1.1'],
      ['github', '@anthropic-ai/claude-agent-sdk', 'stdio', 'agent/review.ts:6', undefined],
      ['docs', '@anthropic-ai/claude-agent-sdk', 'http', 'agent/review.ts:7', undefined],
    ]);
    const by = (id: string) => r.findings.filter((f) => f.ruleId === id).map((f) => `${f.location.path}:${f.location.line}`);
    assert.deepEqual(by('mcp/unpinned-server'), ['agent/review.ts:6']);
    assert.deepEqual(by('mcp/insecure-transport'), ['agent/review.ts:7']);
  });

  it('MCP clients of agent frameworks, by an imported MCP name: the AI SDK, LlamaIndex, Semantic Kernel, Google ADK, CrewAI tools; the same shapes without such an import are not servers', async () => {
    const r = await run({
      'src/chat.ts': "import { experimental_createMCPClient as createMCPClient } from 'ai';\nimport { Experimental_StdioMCPTransport } from 'ai/mcp-stdio';\nconst remote = await createMCPClient({ transport: { type: 'sse', url: 'https://tools.example.com/sse' } });\nconst local = await createMCPClient({ transport: new Experimental_StdioMCPTransport({ command: 'npx', args: ['-y', '@modelcontextprotocol/server-everything'] }) });\n",
      'py/li.py': 'from llama_index.tools.mcp import BasicMCPClient\nlocal = BasicMCPClient("npx", args=["-y", "@modelcontextprotocol/server-brave-search"])\nremote = BasicMCPClient("http://search.example.com/sse")\n',
      'py/sk.py': 'from semantic_kernel.connectors.mcp import MCPStdioPlugin, MCPSsePlugin\ngh = MCPStdioPlugin(name="github", command="npx", args=["-y", "@modelcontextprotocol/server-github"])\ndocs = MCPSsePlugin(name="docs", url="https://docs.example.com/sse")\n',
      'py/adk.py': 'from google.adk.tools.mcp_tool.mcp_toolset import MCPToolset, SseConnectionParams\ntools = MCPToolset(connection_params=SseConnectionParams(url="https://maps.example.com/sse"))\n',
      'py/crew.py': 'from crewai_tools import MCPServerAdapter\nwith MCPServerAdapter({"url": "https://crew.example.com/sse"}) as tools:\n    pass\n',
      // Decoys: an MCP-looking name from a package the catalog does not know; the AI SDK without an MCP import.
      'py/decoy.py': 'from mylib import MCPThing\nx = StdioServerParameters(command="npx", args=["-y", "srv"])\n',
      'src/plain.ts': "import { generateText } from 'ai';\nconst t = createMCPClient({ transport: { type: 'sse', url: 'https://x.example.com/sse' } });\n",
    });
    const servers = r.components.filter((c) => c.kind === 'mcp-server');
    assert.deepEqual(servers.map((c) => `${c.evidence[0]?.path}:${c.evidence[0]?.line} ${c.name} ${c.properties['lantern:mcp:client']} ${c.properties['lantern:mcp:transport']} ${c.properties['lantern:mcp:command'] ?? c.properties['lantern:mcp:url']}`).sort(), [
      'py/adk.py:2 maps.example.com/sse google-adk sse https://maps.example.com/sse',
      'py/crew.py:2 crew.example.com/sse crewai-tools sse https://crew.example.com/sse',
      'py/li.py:2 @modelcontextprotocol/server-brave-search llama-index stdio npx',
      'py/li.py:3 search.example.com/sse llama-index sse http://search.example.com/sse',
      'py/sk.py:2 github semantic-kernel stdio npx',
      'py/sk.py:3 docs semantic-kernel sse https://docs.example.com/sse',
      'src/chat.ts:3 tools.example.com/sse ai sse https://tools.example.com/sse',
      'src/chat.ts:4 @modelcontextprotocol/server-everything ai stdio npx',
    ]);
    const by = (id: string) => r.findings.filter((f) => f.ruleId === id).map((f) => `${f.location.path}:${f.location.line}`).sort();
    assert.deepEqual(by('mcp/insecure-transport'), ['py/li.py:3']);
    assert.deepEqual(by('mcp/unpinned-server'), ['py/li.py:2', 'py/sk.py:2', 'src/chat.ts:4']);
  });

  it('MLflow AI Gateway configs: each endpoint\'s (older: route\'s) model on its provider\'s service; a YAML without endpoint_type or route_type is no gateway config', async () => {
    const r = await run({
      'gateway/config.yaml': 'endpoints:\n  - name: chat\n    endpoint_type: llm/v1/chat\n    model:\n      provider: openai\n      name: gpt-4o-mini\n      config:\n        openai_api_key: $OPENAI_API_KEY\n  - name: claude\n    endpoint_type: llm/v1/chat\n    model:\n      provider: anthropic\n      name: claude-3-5-haiku-latest\n  - name: titan\n    endpoint_type: llm/v1/completions\n    model:\n      provider: amazon-bedrock\n      name: amazon.titan-tg1-large\n',
      'old/gateway.yml': 'routes:\n  - name: embeddings\n    route_type: llm/v1/embeddings\n    model:\n      provider: gemini\n      name: text-embedding-004\n',
      // Azure OpenAI: MLflow's provider azuread, or provider openai with an Azure API type.
      'azure/gateway.yaml': 'endpoints:\n  - name: azure-chat\n    endpoint_type: llm/v1/chat\n    model:\n      provider: azuread\n      name: gpt-35-turbo\n  - name: azure-completions\n    endpoint_type: llm/v1/completions\n    model:\n      provider: openai\n      name: gpt-4o\n      config:\n        openai_api_type: azure\n        openai_deployment_name: my-gpt4o\n  - name: plain\n    endpoint_type: llm/v1/chat\n    model:\n      provider: openai\n      name: gpt-4.1\n      config:\n        openai_api_type: openai\n',
      // Decoy: the same shape under another key and without either type word.
      'k8s/values.yaml': 'services:\n  - name: chat\n    model:\n      provider: openai\n      name: gpt-4o\n',
    });
    assert.deepEqual(modelsByService(r), { anthropic: 'claude-3-5-haiku-latest', 'aws-bedrock': 'amazon.titan-tg1-large', 'azure-openai': 'gpt-35-turbo, gpt-4o', google: 'text-embedding-004', openai: 'gpt-4.1, gpt-4o-mini' });
    assert.ok(!r.components.some((c) => c.evidence?.some((e) => e.path === 'k8s/values.yaml')));
  });

  it("Zed's agent.inline_alternatives (a list of provider and model) are models of their providers, not of the file's only AI host", async () => {
    const r = await run({ '.zed/settings.json': '{\n  "agent": {\n    "inline_alternatives": [\n      { "provider": "zed.dev", "model": "claude-sonnet-4-6-latest" },\n      { "provider": "anthropic", "model": "claude-opus-4-5" }\n    ]\n  },\n  "language_models": { "ollama": { "api_url": "http://localhost:11434" } }\n}\n' });
    assert.deepEqual(modelsByService(r), { anthropic: 'claude-opus-4-5, claude-sonnet-4-6-latest', ollama: undefined });
  });

  it("Claude Code's env.ANTHROPIC_BASE_URL sends its model to that host: another provider's Anthropic-compatible endpoint, or a local gateway (an unlisted endpoint); without it, Anthropic's", async () => {
    const svc = async (settings: string) => (await run({ '.claude/settings.json': settings })).components.filter((c) => c.kind === 'service').map((c) => `${c.properties['lantern:provider']} ${c.properties['lantern:models']} ${c.properties['lantern:endpoints'] ?? '-'}`);
    assert.deepEqual(await svc('{\n  "env": {\n    "ANTHROPIC_BASE_URL": "https://api.deepseek.com/anthropic",\n    "ANTHROPIC_AUTH_TOKEN": "${DEEPSEEK_API_KEY}"\n  },\n  "model": "claude-sonnet-4-5"\n}\n'), ['deepseek claude-sonnet-4-5 https://api.deepseek.com/anthropic']);
    assert.deepEqual(await svc('{\n  "env": { "ANTHROPIC_BASE_URL": "http://localhost:4000" },\n  "model": "claude-sonnet-4-5-20250929"\n}\n'), ['unlisted claude-sonnet-4-5-20250929 http://localhost:4000']);
    assert.deepEqual(await svc('{\n  "env": { "DISABLE_TELEMETRY": "1" },\n  "model": "claude-sonnet-4-5"\n}\n'), ['anthropic claude-sonnet-4-5 -']);
  });

  it('models that AI gateway and coding assistant configs name are uses of their providers\' services: LiteLLM, Continue, Aider, OpenCode, Claude Code, Codex, Zed, Gemini CLI, AutoGen, promptfoo, the Ollama Helm chart; unknown models, other files and a broken config say nothing or warn', async () => {
    const r = await run({
      'gateway/litellm_config.yaml': 'model_list:\n  - model_name: gpt-4o\n    litellm_params:\n      model: openai/gpt-4o\n      api_key: os.environ/OPENAI_API_KEY\n  - model_name: azure-gpt\n    litellm_params:\n      model: azure/my-gpt4-deployment\n      api_base: https://acme-eastus.openai.azure.com/\n  - model_name: claude\n    litellm_params:\n      model: bedrock/anthropic.claude-3-sonnet-20240229-v1:0\n  - model_name: inhouse\n    litellm_params:\n      model: custom-model-7\n',
      '.continue/config.yaml': 'name: a\nversion: 1.0.0\nschema: v1\nmodels:\n  - name: Gemini\n    provider: gemini\n    model: gemini-2.0-flash\n  - name: Local\n    provider: ollama\n    model: qwen2.5-coder:7b\n  - name: Ours\n    provider: acme\n    model: acme-coder\n  - name: Any\n    provider: lmstudio\n    model: AUTODETECT\n',
      'b/.continue/config.json': '{"models": [{"title": "Mistral", "provider": "mistral", "model": "codestral-latest"}], "tabAutocompleteModel": {"title": "DS", "provider": "deepseek", "model": "deepseek-coder"}}',
      '.aider.conf.yml': 'model: anthropic/claude-3-5-sonnet-20241022\nweak-model: gpt-4o-mini\neditor-model: qwen2.5-coder:32b\ndark-mode: true\n',
      'opencode.json': '{\n  "$schema": "https://opencode.ai/config.json",\n  "model": "groq/llama-3.3-70b-versatile",\n  "small_model": "amazon-bedrock/anthropic.claude-3-5-haiku-20241022-v1:0"\n}\n',
      '.claude/settings.json': '{\n  "model": "claude-opus-4-1-20250805"\n}\n',
      '.codex/config.toml': 'model = "gpt-4.1"\nmodel_provider = "azure"\n',
      '.zed/settings.json': '{\n  "agent": {\n    "default_model": { "provider": "zed.dev", "model": "claude-sonnet-4" },\n    "inline_assistant_model": { "provider": "ollama", "model": "llama3.2:3b" }\n  },\n  "context_servers": {}\n}\n',
      '.gemini/settings.json': '{\n  "model": { "name": "gemini-2.5-pro" },\n  "mcpServers": {}\n}\n',
      'charts/ai/values.yaml': 'image:\n  repository: ollama/ollama\nollama:\n  models:\n    pull:\n      - llama3.2:3b\n      - nomic-embed-text\n    run: [llama3.2:3b]\n',
      'webui/values-prod.yaml': 'ollama:\n  ollama:\n    models: [qwen2.5:7b]\n',
      'chart-old/values.yml': 'ollama:\n  models:\n    - mistral:7b\n',
      'b/.aider.conf.yml': 'sonnet: true\nweak-model: 4o\n',
      'evals/promptfooconfig.yaml': 'providers:\n  - openai:chat:o4-mini\n  - id: mistral:mistral-large-latest\n  - id: file://my_provider.py\ntargets:\n  - vertex:gemini-2.0-flash\n',
      'autogen/OAI_CONFIG_LIST': '[\n  {"model": "gpt-4.1-mini"},\n  {"model": "meta-llama/Llama-3.3-70B-Instruct-Turbo", "api_type": "together", "base_url": "https://api.together.xyz/v1"},\n  {"model": "prod-deploy", "api_type": "azure", "api_version": "2024-06-01"},\n  {"model": "claude-3-5-haiku-latest", "api_type": "anthropic"}\n]\n',
      // Decoys: a YAML list named model_list that is no LiteLLM config; `model` keys in files no
      // tool reads; the word litellm_params in a comment only. A Continue config that does not parse.
      'ml/params.yaml': 'model_list:\n  - name: gpt-4o\n',
      'app/values.yaml': 'ollama:\n  enabled: false\nmodels:\n  pull: [llama3.1]\n',
      'ml/notes.yaml': '# litellm_params: model: openai/gpt-4o\nmodel_list: []\n',
      'conf/settings.json': '{"model": "claude-opus-4-1-20250805"}',
      'c/.continue/config.yaml': 'models:\n  - provider: openai\n    model: [gpt-4o\n',
      'd/.aider.conf.yml': 'model: [gpt-4o\n',
    });
    const svc = (name: string) => r.components.find((c) => c.kind === 'service' && c.name === name);
    assert.deepEqual(r.components.filter((c) => c.kind === 'service').map((c) => `${c.name}: ${c.properties['lantern:models']}`).sort(), [
      'AWS Bedrock API: amazon-bedrock/anthropic.claude-3-5-haiku-20241022-v1:0, bedrock/anthropic.claude-3-sonnet-20240229-v1:0',
      'Anthropic API: anthropic/claude-3-5-sonnet-20241022, claude-3-5-haiku-latest, claude-opus-4-1-20250805, claude-sonnet-4, sonnet',
      'Azure OpenAI API: azure/my-gpt4-deployment, gpt-4.1, prod-deploy',
      'DeepSeek API: deepseek-coder',
      'Google Gemini API: gemini-2.0-flash, gemini-2.5-pro',
      'Groq API: groq/llama-3.3-70b-versatile',
      'Mistral API: codestral-latest, mistral-large-latest',
      'Ollama API: llama3.2:3b, mistral:7b, nomic-embed-text, qwen2.5-coder:7b, qwen2.5:7b',
      'OpenAI API: 4o, gpt-4.1-mini, gpt-4o-mini, o4-mini, openai/gpt-4o',
      'Together AI API: meta-llama/Llama-3.3-70B-Instruct-Turbo',
    ]);
    assert.deepEqual(svc('OpenAI API')?.evidence.map((e) => `${e.path}:${e.line}`).sort(), ['.aider.conf.yml:2', 'autogen/OAI_CONFIG_LIST:2', 'b/.aider.conf.yml:2', 'evals/promptfooconfig.yaml:2', 'gateway/litellm_config.yaml:4', 'gateway/litellm_config.yaml:5']);
    assert.equal(svc('OpenAI API')?.properties['lantern:env-vars'], 'OPENAI_API_KEY');
    assert.deepEqual(svc('Azure OpenAI API')?.evidence.map((e) => `${e.path}:${e.line}`).sort(), ['.codex/config.toml:1', 'autogen/OAI_CONFIG_LIST:4', 'gateway/litellm_config.yaml:8', 'gateway/litellm_config.yaml:9']);
    // A broken config is one warning, also when it is an MCP config too (Continue's).
    assert.deepEqual(r.warnings.filter((w) => w.code === 'config/malformed').map((w) => w.path), ['d/.aider.conf.yml']);
    assert.equal(r.warnings.filter((w) => w.path === 'c/.continue/config.yaml').length, 1);
  });

  it("a model setting under a section named for a provider (.NET appsettings.json, a YAML block) is that provider's where it serves the model; an Azure OpenAI deployment named for a model is Azure OpenAI's", async () => {
    const r = await run({
      'appsettings.json': '{\n  "AzureOpenAI": {\n    "Endpoint": "https://contoso.openai.azure.com/",\n    "ChatDeploymentName": "gpt-4o",\n    "EmbeddingModel": "text-embedding-3-large"\n  },\n  "Ollama": {\n    "ModelId": "llama3.2"\n  },\n  "OpenAISettings": {\n    "Model": "gpt-4o-mini"\n  },\n  "Anthropic": {\n    "Model": "llama3.1"\n  },\n  "Deployment": "my-deploy"\n}\n',
      '.env.example': 'AZURE_OPENAI_DEPLOYMENT_NAME=gpt-4.1\nDEPLOYMENT=production\n',
      // A CrewAI agent named `writer` (a provider's id) whose llm a route names: the route's.
      'config/agents.yaml': 'writer:\n  role: Writer\n  llm: groq/llama-3.1-70b-versatile\nreviewer:\n  llm: llama3.1\n',
    });
    assert.deepEqual(modelsByService(r), {
      'azure-openai': 'gpt-4.1, gpt-4o, text-embedding-3-large',
      groq: 'groq/llama-3.1-70b-versatile',
      ollama: 'llama3.2',
      openai: 'gpt-4o-mini',
    });
  });

  it('settings named for a model whose value the catalog knows are uses of its provider (.env, compose, Kubernetes, Dockerfile); unknown values, comments, documentation and free text are not', async () => {
    const r = await run({
      '.env.example': 'OPENAI_API_KEY=\nOPENAI_MODEL=gpt-4o-mini\n# ANTHROPIC_MODEL=claude-3-opus-20240229\nMODEL_NAME=my-classifier\nBEDROCK_MODEL_ID=us.anthropic.claude-3-5-haiku-20241022-v1:0\n',
      // Open-weight families' names alone say whose model, not whose service: none of these is a use.
      'local/.env': 'OLLAMA_MODEL=llama3.1:8b\nHF_MODEL=meta-llama/Llama-3.1-8B-Instruct\nMODEL=mistral\nEMBED_MODEL=nomic-embed-text\n',
      'docker-compose.yml': 'services:\n  app:\n    environment:\n      - CHAT_MODEL=gemini-1.5-pro\n',
      'k8s/deploy.yaml': 'apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          env:\n            - name: LLM_MODEL\n              value: mistral-large-latest\n',
      'Dockerfile': 'FROM python:3.12-slim\nENV EMBEDDING_MODEL=text-embedding-3-small\n',
      // A router's key beside maker/model ids: the router's; the maker's own key keeps its own.
      'or/.env.example': 'OPENROUTER_API_KEY=\nDEFAULT_MODEL=deepseek/deepseek-chat\nOPENROUTER_MODEL=anthropic/claude-3.5-sonnet\n',
      'ds/.env.example': 'DEEPSEEK_API_KEY=\nLLM_MODEL=deepseek/deepseek-reasoner\n',
      // A command line's --model: an AI action's input, a script.
      '.github/workflows/claude.yml': 'jobs:\n  a:\n    steps:\n      - uses: anthropics/claude-code-action@v1\n        with:\n          claude_args: --model claude-opus-4-1-20250805 --max-turns 5\n',
      'scripts/review.sh': '#!/bin/sh\naider --model deepseek-chat --yes\npython train.py --model resnet50\n',
      // Decoys: documentation and free text name models too; a setting of another name.
      'README.md': 'Set `OPENAI_MODEL=gpt-4o` in .env\n',
      'notes.txt': 'model: claude-3-opus-20240229\n',
      'conf/app.yaml': 'app_name: gpt-4o\n',
      // Test data: a recorded chat completion, a fixture config.
      'tests/fixtures/chat_transcript.json': '{"object": "chat.completion", "model": "gpt-4o-mini-2024-07-18"}\n',
      'e2e/compose.yml': 'services:\n  app:\n    environment:\n      - CHAT_MODEL=claude-3-opus-20240229\n',
    });
    assert.deepEqual(r.components.filter((c) => c.kind === 'service').map((c) => `${c.name}: ${c.properties['lantern:models'] ?? '-'} ${c.evidence.map((e) => `${e.path}:${e.line}`).sort().join(' ')}`).sort(), [
      'AWS Bedrock API: us.anthropic.claude-3-5-haiku-20241022-v1:0 .env.example:5',
      'Anthropic API: claude-opus-4-1-20250805 .github/workflows/claude.yml:4 .github/workflows/claude.yml:6',
      'DeepSeek API: deepseek-chat, deepseek/deepseek-reasoner ds/.env.example:1 ds/.env.example:2 scripts/review.sh:2',
      'Google Gemini API: gemini-1.5-pro docker-compose.yml:4',
      'Mistral API: mistral-large-latest k8s/deploy.yaml:10',
      'OpenAI API: gpt-4o-mini, text-embedding-3-small .env.example:1 .env.example:2 Dockerfile:2',
      'OpenRouter API: anthropic/claude-3.5-sonnet, deepseek/deepseek-chat or/.env.example:1 or/.env.example:2 or/.env.example:3',
    ]);
  });

  it('Ollama as containers reach it (host.docker.internal, a compose service named ollama, on 11434) and its env vars; an open-weight model set in a config file whose AI hosts and env vars name one provider is that provider\'s', async () => {
    const r = await run({
      'litellm/.env.example': 'OLLAMA_DEFAULT_MODEL=llama3.2\nOLLAMA_API_BASE=http://host.docker.internal:11434\n',
      'crew/.env-docker.sample': "LLM_BASE_URL='http://ollama:11434'\nLLM_MODEL_NAME='mixtral'\n",
      'server/.env': 'OLLAMA_HOST=0.0.0.0:11434\nOLLAMA_KEEP_ALIVE=24h\n',
      'webui/docker-compose.yml': 'services:\n  webui:\n    environment:\n      - OLLAMA_BASE_URL=http://host.docker.internal:11434\n      - OLLAMA_API_BASE_URL=http://host.docker.internal:11434/api\n',
      // Decoys: two providers in one file leave an open model to no one; another port is no Ollama.
      'mixed/.env': 'OPENAI_API_KEY=\nOLLAMA_BASE_URL=http://localhost:11434\nLOCAL_MODEL=llama3.1:8b\n',
      'other/.env': 'SERVICE_URL=http://ollama:8080\nMODEL=mistral\n',
      // A Hub token beside a model server downloads the weights: the open model is nobody's service.
      'vllm/docker-compose.yml': 'services:\n  vllm:\n    image: vllm/vllm-openai:v0.6.3\n    command: ["--model", "meta-llama/Llama-3.1-8B-Instruct"]\n    environment:\n      - HF_TOKEN=${HF_TOKEN}\n      - MODEL_NAME=mistralai/Mistral-7B-Instruct-v0.3\n',
    });
    assert.equal(r.components.find((c) => c.ref === 'service:huggingface')?.properties['lantern:models'], undefined);
    const ollama = r.components.find((c) => c.ref === 'service:ollama');
    assert.equal(ollama?.properties['lantern:models'], 'llama3.2, mixtral');
    assert.equal(ollama?.properties['lantern:env-vars'], 'OLLAMA_API_BASE, OLLAMA_API_BASE_URL, OLLAMA_BASE_URL, OLLAMA_HOST, OLLAMA_KEEP_ALIVE');
    assert.equal(ollama?.properties['lantern:endpoints'], 'http://host.docker.internal:11434 http://host.docker.internal:11434/api http://localhost:11434 http://ollama:11434');
    assert.ok(!ollama?.evidence.some((e) => e.path === 'other/.env'));
  });

  it('model names in constants of AI code (`MODEL = "gpt-4o-mini"`, `const DEFAULT_MODEL = \'claude-…\'`) are recorded on the service the file calls; the same constant in code that imports no AI package is not', async () => {
    const r = await run({
      'app.py': 'from openai import OpenAI\n\nMODEL = "gpt-4o-mini"\nclient = OpenAI()\nclient.chat.completions.create(model=MODEL, messages=[])\n',
      'chat.ts': "import Anthropic from '@anthropic-ai/sdk';\nconst DEFAULT_MODEL = 'claude-3-5-sonnet-20241022';\nawait new Anthropic().messages.create({ model: DEFAULT_MODEL, max_tokens: 10, messages: [] });\n",
      'util/names.py': 'MODEL = "gemini-1.5-pro"\n',
    });
    assert.deepEqual(r.components.filter((c) => c.kind === 'service').map((c) => `${c.name}: ${c.properties['lantern:models'] ?? '-'}`).sort(), ['Anthropic API: claude-3-5-sonnet-20241022', 'OpenAI API: gpt-4o-mini']);
    assert.ok(r.components.find((c) => c.name === 'OpenAI API')?.evidence.some((e) => e.path === 'app.py' && e.line === 3));
  });

  it('model constants of code that calls an AI host itself (fetch, requests, HttpClient) are the host\'s; another maker\'s model beside a host that serves its own only is its maker\'s', async () => {
    const r = await run({
      'a.js': 'const API_URL = "https://api.openai.com/v1/chat/completions";\nconst MODEL = "gpt-4o";\nexport const ask = (q) => fetch(API_URL, { method: "POST", body: JSON.stringify({ model: MODEL, input: q }) });\n',
      'b.py': 'import requests\nAPI_URL = "https://api.anthropic.com/v1/messages"\nMODEL = "claude-sonnet-4-5"\nrequests.post(API_URL, json={"model": MODEL})\n',
      'src/main/java/x/Client.java': [
        'package x;',
        'import java.net.http.HttpClient;',
        'public class Client {',
        '  public enum Model {',
        '    GPT_5_MINI("gpt-5-mini"),',
        '    GPT_4O("gpt-4o");',
        '    final String id;',
        '    Model(String id) { this.id = id; }',
        '  }',
        '  private static final String URL = "https://api.openai.com/v1/chat/completions";',
        '  private static final String DEFAULT_MODEL = "gpt-4.1-mini";',
        '}',
      ].join('\n'),
      // Anthropic's API serves Claude alone: GPT-5 in the same list is OpenAI's.
      'src/main/kotlin/M.kt': 'package m\nenum class Model(val value: String) {\n    GPT_5("gpt-5"),\n    OPUS("claude-opus-4-1-20250805"),\n}\nval url = "https://api.anthropic.com/v1/messages"\n',
    });
    assert.deepEqual(modelsByService(r), { anthropic: 'claude-opus-4-1-20250805, claude-sonnet-4-5', openai: 'gpt-4.1-mini, gpt-4o, gpt-5, gpt-5-mini' });
    const ev = (p: string) => r.components.find((c) => c.ref === `service:${p}`)?.evidence.map((e) => `${e.path}:${e.line}`);
    assert.deepEqual(ev('openai'), ['a.js:1', 'a.js:2', 'src/main/java/x/Client.java:5', 'src/main/java/x/Client.java:6', 'src/main/java/x/Client.java:10', 'src/main/java/x/Client.java:11', 'src/main/kotlin/M.kt:3']);
    // A Java model list with no AI host or package beside it: evidence only for a service the tree
    // uses otherwise; alone, none, and a plain word (a car's `MUSTANG("mustang")`) never.
    const lists = {
      'src/main/java/x/Models.java': 'package x;\npublic enum Models {\n  GPT_4O("gpt-4o"),\n  CLAUDE("claude-3-5-haiku-latest"),\n  MISTRAL("mistral");\n}\n',
      'src/main/java/x/Settings.java': 'package x;\nclass Settings { static final String SUMMARY_MODEL = "gpt-4o-mini"; }\n',
    };
    assert.deepEqual(modelsByService(await run(lists)), {});
    const used = await run({ ...lists, 'src/main/java/x/Chat.java': 'package x;\nimport com.openai.client.OpenAIClient;\nclass Chat {}\n' });
    assert.deepEqual(modelsByService(used), { openai: 'gpt-4o, gpt-4o-mini' });
    // Go, C# and Rust alike.
    const more = await run({
      'main.go': 'package main\n\nimport "net/http"\n\nconst apiURL = "https://api.mistral.ai/v1/chat/completions"\nconst defaultModel = "mistral-large-latest"\n\nfunc main() {\n\tmodel := "codestral-latest"\n\t_ = model\n\thttp.Get(apiURL)\n}\n',
      'P.cs': 'using System.Net.Http;\nclass P {\n  const string ApiUrl = "https://api.anthropic.com/v1/messages";\n  private const string DefaultModel = "claude-sonnet-4-5";\n  public string FastModel { get; set; } = "claude-haiku-4-5";\n}\n',
      'src/lib.rs': 'const API_URL: &str = "https://api.groq.com/openai/v1/chat/completions";\nconst MODEL: &str = "llama-3.3-70b-versatile";\n',
      // No AI host or package beside them: evidence for a service the tree uses otherwise (none here).
      'cfg.go': 'package main\n\nconst SummaryModel = "gpt-4o-mini"\n',
    });
    assert.deepEqual(modelsByService(more), { anthropic: 'claude-haiku-4-5, claude-sonnet-4-5', groq: 'llama-3.3-70b-versatile', mistral: 'codestral-latest, mistral-large-latest' });
    // A Go config struct's tag default: its field is named for a model, so the model is its maker's service.
    const tags = await run({ 'internal/config/config.go': 'package config\n\ntype Config struct {\n\tModel string `env:"OPENAI_MODEL" envDefault:"gpt-4o-mini"`\n\tPort int `env:"PORT" envDefault:"8080"`\n}\n' });
    assert.deepEqual(modelsByService(tags), { openai: 'gpt-4o-mini' });
    // An env var named for a model read with a literal fallback: Go's cmp.Or in AI code; Laravel's
    // env('OPENAI_MODEL', '…') in a config file that reads the OpenAI key (weak evidence, its service made by the key's env var).
    const envs = await run({
      'main.go': 'package main\n\nimport (\n\t"cmp"\n\t"os"\n\n\topenai "github.com/sashabaranov/go-openai"\n)\n\nvar model = cmp.Or(os.Getenv("OPENAI_MODEL"), "gpt-4.1-mini")\nvar _ = openai.NewClient\n',
      'config/openai.php': "<?php\nreturn [\n    'api_key' => env('ANTHROPIC_API_KEY'),\n    'model' => env('ANTHROPIC_MODEL', 'claude-3-5-haiku-latest'),\n];\n",
    });
    assert.deepEqual(modelsByService(envs), { anthropic: 'claude-3-5-haiku-latest', openai: 'gpt-4.1-mini' });
    // Ruby and PHP alike; a PHP `->model` property outside AI code stays an ORM's.
    const rbPhp = await run({
      'ask.rb': "require 'net/http'\nAPI = URI('https://api.openai.com/v1/chat/completions')\nDEFAULT_MODEL = 'gpt-4o-mini'.freeze\n",
      'ask.php': "<?php\nconst API = 'https://api.anthropic.com/v1/messages';\nconst MODEL = 'claude-3-5-haiku-latest';\n",
      'orm.php': "<?php\n$user->model = 'gpt-4.1';\n",
    });
    assert.deepEqual(modelsByService(rbPhp), { anthropic: 'claude-3-5-haiku-latest', openai: 'gpt-4o-mini' });
    // Swift and Dart alike.
    const swDart = await run({
      'Sources/App/Ask.swift': 'import Foundation\nlet url = URL(string: "https://api.openai.com/v1/chat/completions")!\nlet model = "gpt-4o"\n',
      'lib/ask.dart': "import 'package:http/http.dart' as http;\nconst api = 'https://api.anthropic.com/v1/messages';\nconst defaultModel = 'claude-3-5-haiku-latest';\n",
    });
    assert.deepEqual(modelsByService(swDart), { anthropic: 'claude-3-5-haiku-latest', openai: 'gpt-4o' });
    // A TypeScript enum and a Python Enum class of models: the host's beside it, weak evidence elsewhere.
    const enums = await run({
      'src/models.ts': "export const API = 'https://api.mistral.ai/v1/chat/completions';\nexport enum Model { Large = 'mistral-large-latest', Small = 'mistral-small-latest' }\n",
      'm.py': 'from enum import Enum\nAPI = "https://api.groq.com/openai/v1/chat/completions"\nclass Model(str, Enum):\n    LLAMA = "llama-3.3-70b-versatile"\n    GEMMA = "gemma2-9b-it"\n',
      'src/names.ts': "export enum Other { Fast = 'gpt-4o-mini' }\n",
      'names.py': 'import enum\nclass Claude(enum.StrEnum):\n    HAIKU = "claude-3-5-haiku-latest"\n',
    });
    assert.deepEqual(modelsByService(enums), { groq: 'gemma2-9b-it, llama-3.3-70b-versatile', mistral: 'mistral-large-latest, mistral-small-latest' });
    // A curl command or a .http request with its body inline: the model of the host it calls. The
    // same body in docs, or in a file that calls no AI host, names no model of a service.
    const inline = await run({
      'scripts/ask.sh': `#!/bin/sh\ncurl https://api.openai.com/v1/chat/completions \\\n  -H "Authorization: Bearer $OPENAI_API_KEY" \\\n  -d '{"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}]}'\n`,
      'requests/claude.http': 'POST https://api.anthropic.com/v1/messages\nContent-Type: application/json\n\n{ "model": "claude-3-5-haiku-latest", "max_tokens": 10, "messages": [] }\n',
      'docs/usage.md': 'Run `curl https://api.mistral.ai/v1/chat/completions -d \'{"model": "mistral-large-latest"}\'`.\n',
      'scripts/local.sh': 'curl http://localhost:8080/generate -d \'{"model": "o3-mini"}\'\n',
    });
    assert.deepEqual(modelsByService(inline), { anthropic: 'claude-3-5-haiku-latest', openai: 'gpt-4o-mini' });
    assert.ok(inline.components.find((c) => c.ref === 'service:openai')?.evidence.some((e) => e.path === 'scripts/ask.sh' && e.line === 4 && e.column === 17));
  });

  it('agent apps\' own configs: LibreChat, mcp-agent and fast-agent servers are mcp-server components with the same findings; other keys are not servers', async () => {
    const r = await run({
      'librechat.yaml': 'version: 1.2.1\nendpoints:\n  custom: []\nmcpServers:\n  filesystem:\n    type: stdio\n    command: npx\n    args: ["-y", "@modelcontextprotocol/server-filesystem", "/home/user/docs"]\n  remote:\n    type: streamable-http\n    url: http://tools.example.com/mcp\n',
      'mcp_agent.config.yaml': 'execution_engine: asyncio\nmcp:\n  servers:\n    fetch:\n      command: uvx\n      args: ["mcp-server-fetch==2025.1.17"]\n',
      'fastagent.config.yaml': 'default_model: haiku\nmcp:\n  servers:\n    search:\n      transport: http\n      url: https://search.example.com/mcp\n',
    });
    const servers = r.components.filter((c) => c.kind === 'mcp-server');
    assert.deepEqual(servers.map((c) => [c.ref, c.properties['lantern:mcp:client'], c.properties['lantern:mcp:transport'], c.evidence[0]?.line, c.version]).sort(), [
      ['mcp-server:fastagent.config.yaml#search', 'fast-agent', 'http', 4, undefined],
      ['mcp-server:librechat.yaml#filesystem', 'librechat', 'stdio', 5, undefined],
      ['mcp-server:librechat.yaml#remote', 'librechat', 'http', 9, undefined],
      ['mcp-server:mcp_agent.config.yaml#fetch', 'mcp-agent', 'stdio', 4, '2025.1.17'],
    ]);
    const by = (id: string) => r.findings.filter((f) => f.ruleId === id).map((f) => `${f.location.path}:${f.location.line}`);
    assert.deepEqual(by('mcp/unpinned-server'), ['librechat.yaml:5']);
    assert.deepEqual(by('mcp/insecure-transport'), ['librechat.yaml:9']);
  });

  it('Continue: YAML servers become mcp-server components with the same findings; a literal key in env is a secret finding', async () => {
    const key = KEYS.openaiProject();
    const r = await run({
      '.continue/config.yaml': `name: a\nversion: 1.0.0\nschema: v1\nmcpServers:\n  - name: fs\n    command: npx\n    args: ["-y", "@modelcontextprotocol/server-filesystem"]\n    env:\n      OPENAI_API_KEY: ${key}\n  - name: remote\n    type: sse\n    url: http://mcp.example.com/sse\n`,
      '.continue/mcpServers/pinned.yaml': 'name: b\nversion: 0.0.1\nschema: v1\nmcpServers:\n  - name: time\n    command: uvx\n    args: [mcp-server-time==2025.1.1]\n',
      '.continue/mcpServers/broken.yml': 'mcpServers:\n  - name: x\n    command: [npx\n',
      'conf/app.yaml': 'mcpServers:\n  - name: decoy\n    command: npx\n    args: [-y, srv]\n',
    });
    const servers = r.components.filter((c) => c.kind === 'mcp-server');
    assert.deepEqual(servers.map((c) => [c.ref, c.properties['lantern:mcp:client'], c.properties['lantern:mcp:transport'], c.evidence[0]?.line]), [
      ['mcp-server:.continue/config.yaml#fs', 'continue', 'stdio', 5],
      ['mcp-server:.continue/config.yaml#remote', 'continue', 'sse', 10],
      ['mcp-server:.continue/mcpServers/pinned.yaml#time', 'continue', 'stdio', 5],
    ]);
    assert.equal(servers[0]?.properties['lantern:mcp:env-literal'], 'OPENAI_API_KEY');
    assert.equal(servers[2]?.version, '2025.1.1');
    const by = (id: string) => r.findings.filter((f) => f.ruleId === id).map((f) => `${f.location.path}:${f.location.line}`);
    assert.deepEqual(by('mcp/unpinned-server'), ['.continue/config.yaml:5']);
    assert.deepEqual(by('mcp/insecure-transport'), ['.continue/config.yaml:10']);
    assert.ok(r.findings.some((f) => f.ruleId.startsWith('secrets/') && f.location.path === '.continue/config.yaml' && f.location.line === 9), JSON.stringify(r.findings.map((f) => f.ruleId)));
    assert.ok(r.warnings.some((w) => w.code === 'mcp/malformed-config' && w.path === '.continue/mcpServers/broken.yml'), JSON.stringify(r.warnings));
    assert.ok(!JSON.stringify(r).includes(key.slice(12, 40)));
  });

  it('Continue: the older config.json\'s singular experimental.modelContextProtocolServer is a server with the same findings', async () => {
    const key = KEYS.openaiProject();
    const r = await run({
      '.continue/config.json': `{\n  "experimental": {\n    "modelContextProtocolServer": {\n      "transport": {\n        "type": "stdio",\n        "command": "npx",\n        "args": ["-y", "@modelcontextprotocol/server-filesystem"],\n        "env": { "OPENAI_API_KEY": "${key}" }\n      }\n    }\n  }\n}\n`,
      'b/.continue/config.json': '{"experimental": {"modelContextProtocolServer": {"name": "gw", "transport": {"type": "sse", "url": "http://mcp.example.com/sse"}}}}\n',
      // Decoy: the key outside `experimental`, and in a file that is no Continue config.
      'c/.continue/config.json': '{"modelContextProtocolServer": {"transport": {"type": "stdio", "command": "npx", "args": ["-y", "srv"]}}}\n',
      'conf/settings.json': '{"experimental": {"modelContextProtocolServer": {"transport": {"type": "stdio", "command": "npx", "args": ["-y", "srv"]}}}}\n',
    });
    const servers = r.components.filter((c) => c.kind === 'mcp-server');
    assert.deepEqual(servers.map((c) => [c.ref, c.properties['lantern:mcp:client'], c.properties['lantern:mcp:transport'], c.evidence[0]?.line]), [
      ['mcp-server:.continue/config.json#experimental.modelContextProtocolServer', 'continue', 'stdio', 3],
      ['mcp-server:b/.continue/config.json#gw', 'continue', 'sse', 1],
    ]);
    assert.equal(servers[0]?.properties['lantern:mcp:env-literal'], 'OPENAI_API_KEY');
    const by = (id: string) => r.findings.filter((f) => f.ruleId === id).map((f) => `${f.location.path}:${f.location.line}`);
    assert.deepEqual(by('mcp/unpinned-server'), ['.continue/config.json:3']);
    assert.deepEqual(by('mcp/insecure-transport'), ['b/.continue/config.json:1']);
    assert.ok(r.findings.some((f) => f.ruleId.startsWith('secrets/') && f.location.path === '.continue/config.json' && f.location.line === 8), JSON.stringify(r.findings.map((f) => f.ruleId)));
    assert.ok(!JSON.stringify(r).includes(key.slice(12, 40)));
  });

  it('MCP servers of one name in one file stay apart (~/.claude.json projects, settings nested and flat)', async () => {
    const claude = { mcpServers: { fs: { command: 'npx', args: ['-y', 'fs-srv'] } }, projects: { '/p1': { mcpServers: { fs: { command: 'npx', args: ['-y', 'fs-srv@1.0.0'] } } }, '/p2': { mcpServers: { fs: { command: 'uvx', args: ['mcp-fs'] } } } } };
    const r = await run({ '.claude.json': JSON.stringify(claude, null, 2), 'a/.mcp.json': JSON.stringify({ mcpServers: { 'x#y': { url: 'https://a.example.com/mcp' } } }) });
    const servers = r.components.filter((c) => c.kind === 'mcp-server');
    assert.deepEqual(servers.map((c) => [c.ref, c.properties['lantern:mcp:args'] ?? c.properties['lantern:mcp:url']]), [
      ['mcp-server:.claude.json#fs', '-y fs-srv'],
      ['mcp-server:.claude.json#fs#2', '-y fs-srv@1.0.0'],
      ['mcp-server:.claude.json#fs#3', 'mcp-fs'],
      ['mcp-server:a/.mcp.json#x%23y', 'https://a.example.com/mcp'],
    ]);
    const fps = r.findings.filter((f) => f.ruleId === 'mcp/unpinned-server').map((f) => f.fingerprint);
    assert.equal(fps.length, 2);
    assert.equal(new Set(fps).size, 2);
  });

  it('a byte-order mark is no part of the text: line-1 imports are found, at the column an editor shows', async () => {
    const r = await run({ 'a.py': '\ufeffimport openai\n', 'b.ts': '\ufeffimport OpenAI from "openai";\n', 'C.java': '\ufeffimport com.openai.client.OpenAIClient;\n' });
    assert.deepEqual(libs(r).flatMap((c) => c.evidence.map((e) => `${e.path}:${e.line}:${e.column}`)).sort(), ['C.java:1:8', 'a.py:1:8', 'b.ts:1:20']);
  });

  it('two findings on one line get distinct, stable vulnerability refs in both BOMs', async () => {
    const key = KEYS.openaiProject();
    const r = await run({ 'k.py': `a = "${key}"; b = "${key}"\n`, 'm.py': 'import torch\nx = torch.load("a.pt"); y = torch.load("a.pt")\n' });
    const env = { SOURCE_DATE_EPOCH: '0' };
    const refs = (json: string) => ((JSON.parse(json) as { vulnerabilities?: { 'bom-ref': string }[] }).vulnerabilities ?? []).map((v) => v['bom-ref']);
    const a = refs(toCycloneDxJson(r, '1.6', env));
    assert.ok(a.length >= 2, JSON.stringify(a));
    assert.equal(new Set(a).size, a.length);
    assert.ok(a.every((x) => !x.startsWith('BomRef.')), JSON.stringify(a));
    assert.deepEqual(refs(toCycloneDxJson(r, '1.6', env)), a);
    const xml = toCycloneDxXml(r, '1.6', env);
    for (const ref of a) assert.ok(xml.includes(`bom-ref="${xmlText(ref).replace(/&/g, '&amp;')}"`) || xml.includes(`bom-ref="${ref}"`), ref);
  });

  it('CycloneDX XML: names with entity-like text, control characters and ampersands stay valid and exact', async () => {
    const files: Record<string, string> = {};
    for (const name of ['c&amp;d.py', 'amp&semi;x.py', 'g&#65;.py', 'z&b.py', 'ctl\u0001\u001b.py']) files[name] = 'import openai\n';
    files['.mcp.json'] = JSON.stringify({ mcpServers: { 'x&amp;y': { url: 'https://mcp.example.com/mcp' } } });
    const r = await run(files);
    const xml = toCycloneDxXml(r, '1.6', { SOURCE_DATE_EPOCH: '0' });
    assert.equal(bomXmlErrors(xml), undefined);
    for (const want of ['<location>c&amp;amp;d.py</location>', '<location>amp&amp;semi;x.py</location>', '<location>g&amp;#65;.py</location>', '<location>z&amp;b.py</location>', '<location>ctl\\x01\\x1b.py</location>', 'bom-ref="mcp-server:.mcp.json#x%26amp%3By"']) assert.ok(xml.includes(want), want);
    // An attribute holding a path: the ref of the finding at the first import (amp&semi;x.py).
    assert.match(xml, /bom-ref="finding:[0-9a-f]+:amp&amp;semi;x\.py:1:\d+"/);
    assert.equal(xmlText('plain text'), 'plain text');
  });

  it('MCP servers: deno, go run, uv run --with and shell-wrapped launches are judged like npx', async () => {
    const servers = {
      deno: { command: 'deno', args: ['run', '-A', 'npm:pkg-o'] },
      go: { command: 'go', args: ['run', 'github.com/o/s/cmd/s@latest'] },
      uv: { command: 'uv', args: ['run', '--with', 'mcp', 'mcp', 'run', 'server.py'] },
      sh: { command: 'sh', args: ['-c', 'npx -y pkg-q'] },
      pinnedGo: { command: 'go', args: ['run', 'github.com/o/s/cmd/s@v1.2.3'] },
      local: { command: 'deno', args: ['run', '-A', './server.ts'] },
    };
    const r = await run({ '.mcp.json': JSON.stringify({ mcpServers: servers }, null, 2) });
    assert.deepEqual(r.findings.filter((f) => f.ruleId === 'mcp/unpinned-server').map((f) => f.message.split('"')[1]).sort(), ['deno', 'go', 'sh', 'uv']);
  });

  it('config and text files over 2 MB: an agent config is still read; another one that mentions AI is a warning, not silence', async () => {
    const pad = 'x'.repeat(2_300_000);
    const r = await run({
      '.cursor/mcp.json': JSON.stringify({ mcpServers: { big: { command: 'npx', args: ['-y', 'evil-srv'], description: pad } } }),
      'conf/big.yaml': `endpoint: https://api.mistral.ai/v1\nblob: ${pad}\n`,
      'conf/data.json': JSON.stringify({ blob: pad }),
      // Only prefilter words, no AI host or env var: Next.js's capsize-font-metrics.json.
      'conf/fonts.json': JSON.stringify({ philosopher: { familyName: 'Philosopher' }, whisper: { familyName: 'Whisper' }, blob: pad }),
      // C sniffs as text: the same reading, and a message that does not call it a config file.
      'native/big.c': `static const char *URL = "https://api.mistral.ai/v1";\n/* ${pad} */\n`,
    });
    assert.deepEqual(r.findings.filter((f) => f.ruleId === 'mcp/unpinned-server').map((f) => f.location.path), ['.cursor/mcp.json']);
    const tooLarge = r.warnings.filter((w) => w.code === 'config/too-large');
    assert.deepEqual(tooLarge.map((w) => [w.path, /in configuration and text files of up to \d+ bytes only$/.test(w.message)]).sort(), [['conf/big.yaml', true], ['native/big.c', true]]);
  });

  it('source maps are generated, not configuration: no hosts or env-var names from their sourcesContent, still read for keys; JSON configs and other .map files are still read', async () => {
    const key = KEYS.anthropic();
    // Bundled packages' code, as @secretlint's module/index.js.map embeds it: an i18n message id
    // named like an env var and an API URL; in another map, a key (a leak even there).
    const bundled = 'const messages = { GROQ_API_KEY: "found a Groq API key" };\nexport const base = "https://api.openai.com/v1";\n';
    const map = (src: string): string => JSON.stringify({ version: 3, file: 'index.js', sources: ['../src/index.ts'], sourcesContent: [src], names: [], mappings: 'AAAA,SAAS' });
    const r = await run({
      'dist/index.js.map': map(bundled),
      'dist/vendor.js.map': map(`export const client = { apiKey: "${key}" };\n`),
      // mappings after sourcesContent (esbuild's order), pretty-printed, a .css.map.
      'dist/app.css.map': JSON.stringify({ version: 3, sources: ['app.scss'], sourcesContent: [`$groq: "https://api.groq.com/openai/v1";\n${'.a { color: red }\n'.repeat(100)}`], mappings: 'AAAA' }, null, 2),
      // Read: a JSON config, a .map that is not JSON (a game map), a JSON .map without mappings.
      'config/providers.json': JSON.stringify({ env: { GROQ_API_KEY: '' }, endpoint: 'https://api.openai.com/v1' }, null, 2),
      'maps/world.map': 'server = "https://api.mistral.ai/v1"\n',
      'maps/tiles.map': JSON.stringify({ version: 3, endpoint: 'https://api.cohere.com/v1' }, null, 2),
    });
    const svcs = r.components.filter((c) => c.kind === 'service').map((c) => [c.ref, c.properties['lantern:files']]);
    // The key found in a map is a finding and, like any hardcoded key, names its provider's service.
    assert.deepEqual(svcs.sort(), [
      ['service:anthropic', 'dist/vendor.js.map'],
      ['service:cohere', 'maps/tiles.map'],
      ['service:groq', 'config/providers.json'],
      ['service:mistral', 'maps/world.map'],
      ['service:openai', 'config/providers.json'],
    ]);
    assert.deepEqual(r.findings.filter((f) => f.ruleId.startsWith('secrets/')).map((f) => [f.ruleId, f.location.path]), [['secrets/anthropic-api-key', 'dist/vendor.js.map']]);
    // The key itself never leaves the scan.
    assert.ok(!JSON.stringify(r).includes(key));
  });

  it('the AI policy: ids in any case or with blanks; an empty allow list allows no provider', async () => {
    const files = { 'app.py': 'import openai\nimport anthropic\n', 'requirements.txt': 'openai==1.30.1\nanthropic==0.25.0\n' };
    const flagged = async (allowedProviders: string[]) => (await run(files, { allowedProviders })).findings.filter((f) => f.ruleId === 'sdk/unapproved-provider').map((f) => f.message.split(' ')[0]);
    assert.deepEqual(await flagged(['OpenAI', ' Anthropic ']), []);
    const none = await flagged([]);
    assert.ok(none.includes('openai') && none.includes('anthropic'), JSON.stringify(none));
  });

  it('the AI policy: providers outside the allow list and denied packages are findings; no policy, no finding', async () => {
    const files = { 'app.py': 'import openai\nimport anthropic\n', 'requirements.txt': 'openai==1.30.1\nanthropic==0.25.0\n' };
    assert.equal((await run(files)).findings.filter((f) => f.ruleId === 'sdk/unapproved-provider').length, 0);
    const r = await run(files, { allowedProviders: ['openai'] });
    const f = r.findings.filter((x) => x.ruleId === 'sdk/unapproved-provider');
    assert.ok(f.length > 0 && f.every((x) => /anthropic/i.test(x.message)), JSON.stringify(f.map((x) => x.message)));
    const d = await run(files, { deniedPackages: ['openai'] });
    assert.ok(d.findings.some((x) => x.ruleId === 'sdk/unapproved-provider' && /denied/.test(x.message)));
  });

  it('the AI policy: an API client pointed at another provider everywhere it is imported is held to that provider, not its maker', async () => {
    const groq = 'import { createOpenAI } from "@ai-sdk/openai";\nconst groq = createOpenAI({ baseURL: "https://api.groq.com/openai/v1" });\nawait generateText({ model: groq("llama-3.1-70b-versatile") });\n';
    const own = 'import { openai } from "@ai-sdk/openai";\nawait generateText({ model: openai("gpt-4o") });\n';
    const pkg = JSON.stringify({ dependencies: { '@ai-sdk/openai': '1.0.0' } });
    const flagged = async (files: Record<string, string>, policy: { allowedProviders?: string[]; deniedPackages?: string[] }) =>
      (await run(files, policy)).findings.filter((f) => f.ruleId === 'sdk/unapproved-provider').map((f) => `${f.location.path} ${f.message.split(',')[0]}`).sort();
    // valid: every import of the OpenAI client is given Groq's base URL, and Groq is allowed
    assert.deepEqual(await flagged({ 'app.ts': groq, 'package.json': pkg }, { allowedProviders: ['groq'] }), []);
    // invalid: Groq not allowed, so its service is the finding (not the client's maker)
    assert.deepEqual(await flagged({ 'app.ts': groq, 'package.json': pkg }, { allowedProviders: ['openai'] }), ['app.ts Groq API uses provider groq']);
    // invalid: another file calls OpenAI itself through the same package
    assert.deepEqual(await flagged({ 'app.ts': groq, 'other.ts': own, 'package.json': pkg }, { allowedProviders: ['groq'] }), ['other.ts OpenAI API uses provider openai', 'package.json @ai-sdk/openai uses provider openai']);
    // invalid: declared only, never pointed anywhere
    assert.deepEqual(await flagged({ 'package.json': pkg }, { allowedProviders: ['groq'] }), ['package.json @ai-sdk/openai uses provider openai']);
    // invalid: the deny list holds whatever the client calls
    assert.deepEqual(await flagged({ 'app.ts': groq, 'package.json': pkg }, { deniedPackages: ['@ai-sdk/openai'] }), ['package.json @ai-sdk/openai is on the denied package list (ai.deniedPackages).']);
  });

  it('the AI policy covers the services that model configs and settings use: one outside the allow list is a finding at the config line', async () => {
    const files = {
      'litellm_config.yaml': 'model_list:\n  - model_name: claude\n    litellm_params:\n      model: anthropic/claude-3-5-sonnet-20241022\n',
      '.env.example': 'OPENAI_MODEL=gpt-4o-mini\n',
    };
    const f = (await run(files, { allowedProviders: ['openai'] })).findings.filter((x) => x.ruleId === 'sdk/unapproved-provider');
    assert.deepEqual(f.map((x) => `${x.location.path}:${x.location.line} ${x.message.split(' ')[0]}`), ['litellm_config.yaml:4 Anthropic']);
  });

  it("a maker's key variable read for a client the file sends elsewhere (AzureOpenAI, a base URL at another provider's host) is that service's key, not its maker's; beside a client of the maker's own it stays", async () => {
    const services = async (files: Record<string, string>) => (await run(files)).components.filter((c) => c.kind === 'service').map((c) => `${c.ref} ${c.properties['lantern:env-vars'] ?? ''}`.trim());
    assert.deepEqual(await services({ 'a.py': 'import os\nfrom openai import AzureOpenAI\nc = AzureOpenAI(api_key=os.environ["OPENAI_API_KEY"], azure_endpoint="https://res.openai.azure.com", api_version="2024-06-01")\n' }), ['service:azure-openai OPENAI_API_KEY']);
    assert.deepEqual(await services({ 'b.py': 'import os\nfrom openai import OpenAI\nc = OpenAI(api_key=os.getenv("OPENAI_API_KEY"), base_url="https://api.groq.com/openai/v1")\n' }), ['service:groq OPENAI_API_KEY']);
    assert.deepEqual(await services({ 'c.py': 'import os\nfrom openai import OpenAI, AzureOpenAI\nc = OpenAI(api_key=os.getenv("OPENAI_API_KEY"))\nz = AzureOpenAI(azure_endpoint="https://res.openai.azure.com")\n' }), ['service:azure-openai', 'service:openai OPENAI_API_KEY']);
  });

  it('an OpenAI key variable set to a placeholder for a local server is no OpenAI use; read, or set from elsewhere, it is', async () => {
    const local = 'import os\nfrom openai import OpenAI\nos.environ["OPENAI_API_KEY"] = "ollama"\nc = OpenAI(base_url="http://localhost:11434/v1")\nc.chat.completions.create(model="llama3.1:8b")\n';
    const services = async (files: Record<string, string>) => (await run(files)).components.filter((c) => c.kind === 'service').map((c) => `${c.ref} ${c.properties['lantern:env-vars'] ?? ''}`.trim());
    assert.deepEqual(await services({ 'app.py': local }), ['service:ollama']);
    assert.deepEqual(await services({ 'app.py': local.replace('"ollama"', 'getpass()') }), ['service:ollama', 'service:openai OPENAI_API_KEY']);
    assert.deepEqual(await services({ 'app.py': local, 'other.py': 'import os\nkey = os.getenv("OPENAI_API_KEY")\n' }), ['service:ollama', 'service:openai OPENAI_API_KEY']);
  });

  it('a model string that is a Hub download of its own file (a constant given to from_pretrained, transformers.js, a training config) names no API service; the Inference API client and another file\'s use still do', async () => {
    const r = await run({
      'serve.py': 'from transformers import AutoModelForCausalLM, pipeline\nMODEL_ID = "bigcode/starcoder2-3b"\nm = AutoModelForCausalLM.from_pretrained(MODEL_ID)\np = pipeline("text-generation", model="microsoft/phi-2")\n',
      'worker.js': 'import { pipeline } from "@huggingface/transformers";\nconst MODEL_ID = "onnx-community/whisper-tiny";\nconst t = await pipeline("automatic-speech-recognition", MODEL_ID);\n',
      'train.yaml': 'base_model: axolotl-quants/DeepSeek-V2.5-bnb-nf4-bf16\nload_in_4bit: true\n',
      'oss.yaml': 'base_model: openai/gpt-oss-20b\n',
      // valid: the Inference API's client calls a service; LangChain's community ChatOllama calls Ollama's server
      'infer.py': 'from huggingface_hub import InferenceClient\nMODEL = "meta-llama/Llama-3.1-8B-Instruct"\nc = InferenceClient(model=MODEL)\n',
      'chat.ts': 'import { ChatOllama } from "@langchain/community/chat_models/ollama";\nconst llm = new ChatOllama({ model: "llama3" });\n',
    });
    assert.deepEqual(modelsByService(r), { huggingface: 'meta-llama/Llama-3.1-8B-Instruct', ollama: 'llama3' });
    assert.deepEqual(r.components.filter((c) => c.kind === 'model').map((c) => c.name).sort(), ['axolotl-quants/DeepSeek-V2.5-bnb-nf4-bf16', 'bigcode/starcoder2-3b', 'microsoft/phi-2', 'onnx-community/whisper-tiny', 'openai/gpt-oss-20b']);
  });

  it('an open-weight model under a provider\'s env var name goes to that provider, whatever other clients the file has', async () => {
    const r = await run({
      'app.py': 'import os\nfrom langchain_huggingface import HuggingFaceEmbeddings\nfrom langchain_ollama import ChatOllama\nGROQ_MODEL = os.getenv("GROQ_MODEL", "llama-3.1-8b-instant")\nemb = HuggingFaceEmbeddings(model_name="sentence-transformers/all-MiniLM-L6-v2")\nllm = ChatOllama(model="llama3.2")\n',
      'const.ts': 'import Groq from "groq-sdk";\nimport OpenAI from "openai";\nexport const TOGETHER_MODEL = process.env.TOGETHER_MODEL ?? "meta-llama/Llama-3.3-70B-Instruct-Turbo";\n',
      // invalid: a closed model is its maker's, and a name that names no provider changes nothing
      'closed.py': 'import os\nfrom openai import OpenAI\nGROQ_MODEL = os.getenv("GROQ_MODEL", "gpt-4o")\n',
      'plain.py': 'import os\nfrom langchain_ollama import ChatOllama\nm = os.getenv("LLM_MODEL", "qwen2.5:7b")\n',
    });
    const models = r.components.filter((c) => c.kind === 'service').map((c) => `${c.ref} ${c.properties['lantern:models'] ?? ''}`.trim());
    // HuggingFaceEmbeddings downloads its model and runs it in process (a Hub pull): no API serves it.
    assert.deepEqual(models, ['service:groq llama-3.1-8b-instant', 'service:ollama llama3.2, qwen2.5:7b', 'service:openai gpt-4o', 'service:together meta-llama/Llama-3.3-70B-Instruct-Turbo']);
  });

  it('Claude through Bedrock and Vertex AI: the clients and the cloud model ids are those clouds\', not Anthropic\'s API', async () => {
    const r = await run({
      'strands.py': 'from strands.models import BedrockModel\nm = BedrockModel(model="us.anthropic.claude-3-7-sonnet-20250219-v1:0")\n',
      'bedrock.ts': "import AnthropicBedrock from '@anthropic-ai/bedrock-sdk';\nconst c = new AnthropicBedrock({ awsRegion: 'us-west-2' });\nawait c.messages.create({ model: 'global.anthropic.claude-sonnet-4-5-20250929-v1:0', max_tokens: 9, messages });\n",
      'vertex.ts': "import { AnthropicVertex } from '@anthropic-ai/vertex-sdk';\nconst c = new AnthropicVertex({ projectId: 'p', region: 'global' });\nawait c.messages.create({ model: 'claude-sonnet-4-5@20250929', max_tokens: 9, messages });\n",
      'both.py': 'from anthropic import AnthropicBedrock, AnthropicVertex\nAnthropicBedrock().messages.create(model="anthropic.claude-3-haiku-20240307-v1:0", max_tokens=5, messages=[])\nAnthropicVertex(region="us-east5", project_id="p").messages.create(model="claude-3-5-sonnet-v2@20241022", max_tokens=5, messages=[])\n',
      // invalid: Anthropic's own client and ids stay Anthropic's
      'direct.py': 'from anthropic import Anthropic\nAnthropic().messages.create(model="claude-3-5-sonnet-20241022", max_tokens=5, messages=[])\n',
    });
    assert.deepEqual(modelsByService(r), {
      anthropic: 'claude-3-5-sonnet-20241022',
      'aws-bedrock': 'anthropic.claude-3-haiku-20240307-v1:0, global.anthropic.claude-sonnet-4-5-20250929-v1:0, us.anthropic.claude-3-7-sonnet-20250219-v1:0',
      google: 'claude-3-5-sonnet-v2@20241022, claude-sonnet-4-5@20250929',
    });
    assert.deepEqual(r.components.filter((c) => c.kind === 'library').map((c) => `${c.name} ${c.properties['lantern:provider']}`).sort(), ['@anthropic-ai/bedrock-sdk aws-bedrock', '@anthropic-ai/vertex-sdk google', 'anthropic anthropic']);
  });

  it('Haystack 2 integrations and Mirascope are their packages; a module of the project named like one is not', async () => {
    const r = await run({
      'bot.py': 'from haystack_integrations.components.generators.ollama import OllamaGenerator\nfrom haystack_integrations.document_stores.qdrant import QdrantDocumentStore\nfrom mirascope.core import groq\nllm = OllamaGenerator(model="llama3.2:3b")\n',
      'requirements.txt': 'ollama-haystack==2.1.0\nqdrant-haystack==7.0.0\nmirascope==1.0.0\n',
      // decoys: the project's own haystack_integrations_utils module and a mirascope_notes string
      'util.py': 'from haystack_integrations_utils import helper\nNOTE = "mirascope"\n',
    });
    assert.deepEqual(r.components.filter((c) => c.kind === 'library').map((c) => `${c.name} ${c.version ?? '-'} ${c.properties['lantern:provider']} ${c.properties['lantern:imported']}`).sort(), ['mirascope 1.0.0 multi true', 'ollama-haystack 2.1.0 ollama true', 'qdrant-haystack 7.0.0 qdrant true']);
    assert.deepEqual(modelsByService(r), { ollama: 'llama3.2:3b' });
  });

  it('Vercel AI Gateway: @ai-sdk/gateway\'s gateway(…) and a client given its base URL call the gateway with the model the id names', async () => {
    const r = await run({
      'a.ts': 'import { gateway } from "@ai-sdk/gateway";\nimport { generateText } from "ai";\nawait generateText({ model: gateway("anthropic/claude-sonnet-4"), prompt });\n',
      'client.ts': "import OpenAI from 'openai';\nconst c = new OpenAI({ apiKey: process.env.AI_GATEWAY_API_KEY, baseURL: 'https://ai-gateway.vercel.sh/v1' });\nawait c.chat.completions.create({ model: 'google/gemini-2.0-flash-lite', messages });\n",
      // decoy: another vercel.sh host is no gateway
      'docs.ts': "export const DOCS = 'https://ai-sdk.vercel.sh/docs';\n",
      // AI SDK 5: a model id string given to the ai package's calls goes to its default provider, the gateway;
      // a provider's model object, and the same call of another package, do not.
      'route.ts': 'import { streamText, generateText } from "ai";\nimport { openai } from "@ai-sdk/openai";\nstreamText({ model: "openai/gpt-5-chat", messages });\nawait generateText({ model: openai("gpt-4o"), prompt });\n',
      'other.ts': 'import { streamText } from "./my-llm";\nimport OpenAI from "openai";\nstreamText({ model: "openai/gpt-4.1", messages });\n',
    });
    assert.deepEqual(modelsByService(r), { openai: 'gpt-4o, openai/gpt-4.1', 'vercel-ai-gateway': 'anthropic/claude-sonnet-4, google/gemini-2.0-flash-lite, openai/gpt-5-chat' });
    const gw = r.components.find((c) => c.ref === 'service:vercel-ai-gateway');
    assert.equal(gw?.properties['lantern:endpoints'], 'https://ai-gateway.vercel.sh/v1');
    assert.equal(gw?.properties['lantern:env-vars'], 'AI_GATEWAY_API_KEY');
  });

  it('Cloudflare AI Gateway: a call to gateway.ai.cloudflare.com is the gateway\'s service, with the endpoint cut at an interpolation', async () => {
    const r = await run({
      'a.ts': 'const r = await fetch(`https://gateway.ai.cloudflare.com/v1/${ACCOUNT}/${GW}/anthropic/v1/messages`, { method: "POST", body: JSON.stringify({ model: "claude-3-5-haiku-20241022" }) });\n',
      // decoy: Cloudflare's documentation site
      'b.ts': "const DOCS = 'https://developers.cloudflare.com/ai-gateway/';\n",
    });
    const svc = r.components.filter((c) => c.kind === 'service').map((c) => `${c.ref} ${c.properties['lantern:endpoints']}`);
    assert.deepEqual(svc, ['service:cloudflare-ai-gateway https://gateway.ai.cloudflare.com/v1/']);
  });

  it('a config that points a provider\'s base URL variable at another host: its key there is that host\'s, not the provider\'s', async () => {
    const services = async (files: Record<string, string>) => (await run(files)).components.filter((c) => c.kind === 'service').map((c) => `${c.ref} ${c.properties['lantern:env-vars'] ?? ''}`.trim()).sort();
    // LocalAI behind a proxy, a LiteLLM proxy: no OpenAI
    assert.deepEqual(await services({ 'docker-compose.yaml': 'services:\n  app:\n    environment:\n      - OPENAI_API_BASE=http://caddy/v1\n      - OPENAI_API_KEY=tok\n' }), []);
    assert.deepEqual(await services({ 'ui/docker-compose.yml': 'services:\n  ui:\n    environment:\n      OPENAI_API_BASE_URL: "http://litellm-proxy:8000/v1"\n      OPENAI_API_KEY: anykey\n      ANTHROPIC_API_KEY: x\n' }), ['service:anthropic ANTHROPIC_API_KEY']);
    // the provider's own host, or another file: still the provider
    assert.deepEqual(await services({ '.env.example': 'OPENAI_API_KEY=\nOPENAI_BASE_URL=https://api.openai.com/v1\n' }), ['service:openai OPENAI_API_KEY, OPENAI_BASE_URL']);
    assert.deepEqual(await services({ 'a/.env': 'OPENAI_BASE_URL=http://proxy:4000\n', 'b/.env.example': 'OPENAI_API_KEY=\n' }), ['service:openai OPENAI_API_KEY']);
    // a server's own variables (Ollama's) keep pointing at it
    assert.deepEqual(await services({ '.env': 'OLLAMA_BASE_URL=http://ollama:11434\n' }), ['service:ollama OLLAMA_BASE_URL']);
  });

  it('claude-code-action with a Claude Code OAuth token: the token variable is Anthropic evidence; another secret is not', async () => {
    const wf = (secret: string) => `on: issue_comment\njobs:\n  claude:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: anthropics/claude-code-action@v1\n        with:\n          claude_code_oauth_token: \${{ secrets.${secret} }}\n`;
    const envs = async (secret: string) => (await run({ '.github/workflows/claude.yml': wf(secret) })).components.find((c) => c.ref === 'service:anthropic')?.properties['lantern:env-vars'];
    assert.equal(await envs('CLAUDE_CODE_OAUTH_TOKEN'), 'CLAUDE_CODE_OAUTH_TOKEN');
    assert.equal(await envs('MY_TOKEN'), undefined);
  });

  it('a model name goes to the service the file calls, not to its maker when the maker is not called', async () => {
    const r = await run({
      'o.py': 'import ollama\nollama.chat(model="llama3.1")\n',
      'g.py': 'from groq import Groq\nGroq().chat.completions.create(model="llama3-8b-8192")\n',
      'r.ts': 'import OpenAI from "openai";\nconst c = new OpenAI({ baseURL: "https://openrouter.ai/api/v1" });\nawait c.chat.completions.create({ model: "anthropic/claude-3.5-sonnet" });\n',
      'b.py': 'import boto3\nb = boto3.client("bedrock-runtime")\nb.converse(modelId="x", model="anthropic.claude-3-haiku-20240307-v1:0")\n',
      'hf.ts': 'import { HfInference } from "@huggingface/inference";\nawait new HfInference().textGeneration({ model: "mistralai/Mistral-7B-Instruct-v0.2", inputs });\n',
      'l.py': 'import litellm\nlitellm.completion(model="claude-3-5-sonnet-20241022")\n',
      'oa.py': 'from openai import OpenAI\nOpenAI().chat.completions.create(model="gpt-4o")\n',
    });
    assert.deepEqual(modelsByService(r), {
      anthropic: 'claude-3-5-sonnet-20241022',
      'aws-bedrock': 'anthropic.claude-3-haiku-20240307-v1:0',
      groq: 'llama3-8b-8192',
      huggingface: 'mistralai/Mistral-7B-Instruct-v0.2',
      ollama: 'llama3.1',
      openai: 'gpt-4o',
      openrouter: 'anthropic/claude-3.5-sonnet',
    });
  });

  it('a model a local runtime runs in the process has no service; one pulled from the Hub is the Hub\'s', async () => {
    const r = await run({
      // No vendor API: llama.cpp's bindings, ONNX Runtime, Core ML tools.
      'a.js': 'import { getLlama } from "node-llama-cpp";\nconst cfg = { model: "llama-3.1-8b-instruct" };\n',
      'b.js': 'import * as ort from "onnxruntime-node";\nconst cfg = { model: "whisper-tiny" };\n',
      // Weights a local runtime downloads from the Hub: the Hugging Face service.
      'c.js': 'import * as ort from "onnxruntime-web";\nconst cfg = { model: "Xenova/whisper-tiny.en" };\n',
      'd.js': 'import { pipeline } from "@huggingface/transformers";\nconst cfg = { model: "onnx-community/Qwen3-0.6B-ONNX" };\n',
      // A local client of a server (Ollama's) and an API client beside a local runtime still call out.
      'e.js': 'import ollama from "ollama";\nconst cfg = { model: "llama3.1" };\n',
      'f.js': 'import OpenAI from "openai";\nimport * as ort from "onnxruntime-node";\nconst cfg = { model: "gpt-4o" };\n',
    });
    assert.deepEqual(modelsByService(r), {
      huggingface: 'Xenova/whisper-tiny.en, onnx-community/Qwen3-0.6B-ONNX',
      ollama: 'llama3.1',
      openai: 'gpt-4o',
    });
  });

  it('an import joins the version its nearest manifest declares; with none above it, every version', async () => {
    const r = await run({
      'svc-one/requirements.txt': 'openai==1.0.0\n',
      'svc-one/app/a.py': 'import openai\n',
      'svc-two/requirements.txt': 'openai==1.30.1\n',
      'svc-two/b.py': 'import openai\n',
      'tools/c.py': 'import openai\n',
    });
    const sites = (v: string) => lib(r, `pkg:pypi/openai@${v}`)?.evidence.map((e) => e.path);
    assert.deepEqual(sites('1.0.0'), ['svc-one/app/a.py', 'svc-one/requirements.txt', 'tools/c.py']);
    assert.deepEqual(sites('1.30.1'), ['svc-two/b.py', 'svc-two/requirements.txt', 'tools/c.py']);
  });

  it('a service names the files that call it (not the manifests), for the BOM', async () => {
    const r = await run({ 'requirements.txt': 'openai==1.30.1\n', 'a.py': 'import openai\n', 'b/c.ts': 'fetch("https://api.openai.com/v1/models");\n', '.env.example': 'OPENAI_API_KEY=\n' });
    const svc = r.components.find((c) => c.ref === 'service:openai');
    assert.equal(svc?.properties['lantern:files'], '.env.example\na.py\nb/c.ts');
    const bom = JSON.parse(toCycloneDxJson(r, '1.6', { SOURCE_DATE_EPOCH: '0' })) as { services: { 'bom-ref': string; properties?: { name: string; value: string }[] }[] };
    assert.equal(bom.services.find((x) => x['bom-ref'] === 'service:openai')?.properties?.find((p) => p.name === 'lantern:files')?.value, '.env.example\na.py\nb/c.ts');
  });

  it('setup.py is a manifest and Python code: its imports call their provider (a service with the import site), its install_requires strings only declare', async () => {
    const r = await run({
      'setup.py': 'import anthropic\nfrom setuptools import setup\n\nsetup(\n    name="app",\n    version=anthropic.__version__,\n    install_requires=["anthropic>=0.25", "openai==1.40.0"],\n)\n',
      'app.py': 'import cohere\n',
    });
    const svc = (p: string) => r.components.find((c) => c.ref === `service:${p}`);
    // The import on line 1 is a call site: the service exists, through anthropic, with setup.py as its file
    // (its evidence: the import and, known only through its SDK, the manifest line).
    assert.equal(svc('anthropic')?.properties['lantern:used-through'], 'anthropic');
    assert.equal(svc('anthropic')?.properties['lantern:files'], 'setup.py');
    assert.deepEqual(svc('anthropic')?.evidence.map((e) => `${e.path}:${e.line}:${e.column ?? ''}`), ['setup.py:1:8', 'setup.py:7:']);
    assert.deepEqual(lib(r, 'pkg:pypi/anthropic')?.evidence.map((e) => `${e.path}:${e.line}:${e.column ?? ''}`), ['setup.py:1:8', 'setup.py:7:']);
    // Decoys: openai is only in install_requires (a declaration, no call: no used-through, no file);
    // a manifest line of a package imported elsewhere is no call site either.
    assert.equal(svc('openai')?.properties['lantern:used-through'], undefined);
    assert.equal(svc('openai')?.properties['lantern:files'], undefined);
    const declaredOnly = await run({ 'setup.py': 'from setuptools import setup\nsetup(install_requires=["anthropic>=0.25"])\n', 'app.py': 'import anthropic\n' });
    assert.equal(declaredOnly.components.find((c) => c.ref === 'service:anthropic')?.properties['lantern:files'], 'app.py');
    assert.deepEqual(declaredOnly.components.find((c) => c.ref === 'service:anthropic')?.evidence.map((e) => `${e.path}:${e.line}`), ['app.py:1', 'setup.py:2']);
  });

  it('an API client pointed at another provider (base URL) does not make its maker a service the file calls', async () => {
    const r = await run({
      'ds.ts': 'import OpenAI from "openai";\nconst c = new OpenAI({ baseURL: "https://api.deepseek.com", apiKey });\nawait c.chat.completions.create({ model: "deepseek-chat" });\n',
      'local.py': 'from openai import OpenAI\nc = OpenAI(base_url="http://localhost:11434/v1")\n',
    });
    assert.deepEqual(r.components.filter((c) => c.kind === 'service').map((c) => c.ref).sort(), ['service:deepseek', 'service:ollama']);
    const both = await run({
      'ds.ts': 'import OpenAI from "openai";\nconst c = new OpenAI({ baseURL: "https://api.deepseek.com", apiKey });\n',
      'oa.py': 'from openai import OpenAI\nOpenAI().chat.completions.create(model="gpt-4o")\n',
      'az.py': 'from openai import OpenAI\nc = OpenAI(base_url="https://api.openai.com/v1")\n',
    });
    const oa = both.components.find((c) => c.ref === 'service:openai');
    assert.equal(oa?.properties['lantern:files'], 'az.py\noa.py');
    assert.equal(oa?.properties['lantern:used-through'], 'openai');
  });

  it('a host one client of the file calls is that client\'s: another client beside it still calls its own provider, with its models', async () => {
    const r = await run({
      'mixed.py': 'from openai import AzureOpenAI\nfrom langchain_anthropic import ChatAnthropic\nclient = AzureOpenAI(azure_endpoint="https://contoso.openai.azure.com/")\nclient.chat.completions.create(model="gpt-4o", messages=[])\nllm = ChatAnthropic(model="claude-3-haiku-20240307")\n',
    });
    const svc = (p: string) => r.components.find((c) => c.ref === `service:${p}`);
    assert.deepEqual(r.components.filter((c) => c.kind === 'service').map((c) => c.ref).sort(), ['service:anthropic', 'service:azure-openai']);
    assert.equal(svc('azure-openai')?.properties['lantern:models'], 'gpt-4o');
    assert.equal(svc('azure-openai')?.properties['lantern:used-through'], 'openai');
    assert.equal(svc('anthropic')?.properties['lantern:models'], 'claude-3-haiku-20240307');
    assert.equal(svc('anthropic')?.properties['lantern:used-through'], 'langchain-anthropic');
    // Decoy: no client calls the named host, so it is the base URL of the file's clients: the
    // OpenAI SDK pointed at DeepSeek calls DeepSeek, with a Claude id, and not OpenAI or Anthropic.
    const rebased = await run({ 'ds.py': 'from openai import OpenAI\nc = OpenAI(base_url="https://api.deepseek.com")\nc.chat.completions.create(model="claude-3-haiku-20240307")\n' });
    assert.deepEqual(rebased.components.filter((c) => c.kind === 'service').map((c) => `${c.ref} ${c.properties['lantern:models'] ?? ''}`), ['service:deepseek claude-3-haiku-20240307']);
    // The same through a constant the file assigns the URL once (Python, TypeScript), and an unlisted host so given.
    const byName = await run({
      'ds.py': 'from openai import OpenAI\nBASE_URL = "https://api.deepseek.com"\nc = OpenAI(api_key=k, base_url=BASE_URL)\nc.chat.completions.create(model="deepseek-chat")\n',
      'gw.ts': 'import OpenAI from "openai";\nconst GATEWAY: string = "http://llm-gateway.internal:8080/v1";\nexport const c = new OpenAI({ baseURL: GATEWAY, apiKey });\n',
    });
    assert.deepEqual(byName.components.filter((c) => c.kind === 'service').map((c) => `${c.ref} ${c.properties['lantern:endpoints'] ?? ''}`), ['service:deepseek https://api.deepseek.com', 'service:unlisted http://llm-gateway.internal:8080/v1']);
    // Decoys: a name assigned two URLs, a URL constant no base URL option is given.
    const notByName = await run({ 'two.py': 'from openai import OpenAI\nURL = "https://api.deepseek.com"\nif x:\n    URL = "https://api.groq.com/openai/v1"\nc = OpenAI(base_url=URL)\nDOCS = "https://api.together.xyz/v1"\n' });
    assert.ok(notByName.components.some((c) => c.ref === 'service:openai'), JSON.stringify(notByName.components.map((c) => c.ref)));
    // A host that serves its own models only (DeepSeek's) takes no model of another client's maker:
    // Anthropic's client beside the OpenAI SDK pointed at DeepSeek still calls Anthropic.
    const two = await run({ 'two.py': 'from openai import OpenAI\nfrom anthropic import Anthropic\nds = OpenAI(base_url="https://api.deepseek.com")\nds.chat.completions.create(model="deepseek-chat")\nAnthropic().messages.create(model="claude-3-5-haiku-latest")\n' });
    assert.deepEqual(two.components.filter((c) => c.kind === 'service').map((c) => `${c.ref} ${c.properties['lantern:models'] ?? ''} ${c.properties['lantern:used-through'] ?? ''}`), ['service:anthropic claude-3-5-haiku-latest anthropic', 'service:deepseek deepseek-chat ']);
    // A client given the named host as its base URL calls it too, though another client of the
    // file (Google's own SDK) calls it already: the OpenAI SDK pointed at Gemini's OpenAI-compatible
    // endpoint is no call to OpenAI (a Gemini cookbook notebook the audit read).
    const gemini = await run({
      'g.py': 'from google import genai\nfrom openai import OpenAI\nclient = genai.Client(api_key=key)\nclient = OpenAI(api_key=key, base_url="https://generativelanguage.googleapis.com/v1beta/openai/")\nclient.chat.completions.create(model="gemini-2.0-flash", messages=[])\n',
      'g.ts': 'import { GoogleGenAI } from "@google/genai";\nimport OpenAI from "openai";\nconst ai = new GoogleGenAI({});\nconst o = new OpenAI({ baseURL: "https://generativelanguage.googleapis.com/v1beta/openai/", apiKey });\n',
    });
    assert.deepEqual(gemini.components.filter((c) => c.kind === 'service').map((c) => `${c.ref} ${c.properties['lantern:models'] ?? ''}`), ['service:google gemini-2.0-flash']);
    // Decoy: the base URL given to Google's own client leaves the OpenAI client calling OpenAI.
    const own = await run({ 'o.py': 'from google import genai\nfrom openai import OpenAI\nclient = genai.Client(http_options={"base_url": "https://generativelanguage.googleapis.com/"})\nOpenAI().chat.completions.create(model="gpt-4o", messages=[])\n' });
    assert.deepEqual(own.components.filter((c) => c.kind === 'service').map((c) => `${c.ref} ${c.properties['lantern:models'] ?? ''}`).sort(), ['service:google ', 'service:openai gpt-4o']);
  });

  it('test data (a mock, stub or fixture; a file under tests/) that imports no AI package and names no AI host: its keyed model names are weak evidence, making no service of their own', async () => {
    const mock = "RESPONSE = {'id': 'msg_1', 'type': 'message', 'model': 'claude-3-5-sonnet-20241022', 'content': []}\n";
    const alone = await run({
      'api/anthropic_caller_stub.py': mock,
      'tests/test_chat.py': mock,
      'src/__mocks__/openai.ts': "export const fake = { object: 'chat.completion', model: 'gpt-4.1-mini', choices: [] };\n",
    });
    assert.deepEqual(modelsByService(alone), {});
    // Beside real use of the same service, they are its evidence.
    const used = await run({
      'tests/test_chat.py': mock,
      'app/chat.py': 'import anthropic\nanthropic.Anthropic().messages.create(model="claude-3-5-haiku-latest", max_tokens=9, messages=[])\n',
    });
    assert.deepEqual(modelsByService(used), { anthropic: 'claude-3-5-haiku-latest, claude-3-5-sonnet-20241022' });
    assert.ok(used.components.find((c) => c.ref === 'service:anthropic')?.evidence.some((e) => e.path === 'tests/test_chat.py'));
    // Decoys of the rule: the same dict outside test data, and a test that imports the SDK, still count.
    const real = await run({
      'src/payload.py': mock,
      'tests/test_client.py': 'from openai import OpenAI\nOpenAI().chat.completions.create(model="gpt-4o-mini", messages=[])\n',
    });
    assert.deepEqual(modelsByService(real), { anthropic: 'claude-3-5-sonnet-20241022', openai: 'gpt-4o-mini' });
  });

  it('a model given to a client the file imports by name goes to that client\'s provider when the file\'s clients would each take it (StringSite.via)', async () => {
    const r = await run({
      // A RAG script: local Hub embeddings beside an Ollama LLM; the open model is Ollama's alone.
      'rag.py': 'from langchain_huggingface import HuggingFaceEndpoint\nfrom langchain_ollama.llms import OllamaLLM\nemb = HuggingFaceEndpoint(repo_id="x/y")\nllm = OllamaLLM(model="mistral")\n',
      'rag.ts': "import { ChatGroq } from '@langchain/groq';\nimport { ChatOllama } from '@langchain/ollama';\nconst a = new ChatOllama({ model: 'llama3.2' });\nconst b = new ChatGroq({ model: 'llama-3.3-70b-versatile' });\n",
    });
    assert.deepEqual(modelsByService(r), { groq: 'llama-3.3-70b-versatile', ollama: 'llama3.2, mistral' });
    // A call through an imported module's attribute (`import langchain_ollama` … `langchain_ollama.OllamaLLM(model=…)`,
    // `import ollama` … `ollama.chat(model=…)`) is the module's package's; decoy: a call the file does
    // not import keeps the file's clients each taking the model.
    const d = await run({
      'mod.py': 'import langchain_ollama\nfrom langchain_huggingface import HuggingFaceEndpoint\nllm = langchain_ollama.OllamaLLM(model="mistral")\n',
      'nb.py': 'import ollama\nimport google.generativeai as genai\nimport boto3\nbr = boto3.client("bedrock-runtime")\nm = genai.GenerativeModel("gemini-1.5-flash")\nr = ollama.chat(model="llama3.1:8b", messages=[])\n',
      'other.ts': "import { ChatGroq } from '@langchain/groq';\nimport { ChatOllama } from '@langchain/ollama';\nconst a = makeChat({ model: 'llama3.2' });\n",
    });
    assert.deepEqual(modelsByService(d), { groq: 'llama3.2', ollama: 'llama3.1:8b, llama3.2, mistral', google: 'gemini-1.5-flash', 'aws-bedrock': undefined });
  });

  it('models the code falls back to where an env var is unset, and models named as an LLM (CrewAI\'s `llm=`), are the service\'s; in a file that imports no AI package, only evidence for a service the tree uses', async () => {
    const r = await run({
      'agent.py': 'import os\nfrom crewai import Agent\nfrom langchain_anthropic import ChatAnthropic\nwriter = Agent(role="writer", goal="g", backstory="b", llm="gpt-4o-mini")\nMODEL = os.getenv("ANTHROPIC_MODEL", "claude-3-5-haiku-latest")\n',
      'chat.ts': "import OpenAI from 'openai';\nconst client = new OpenAI({ baseURL: process.env.OPENAI_BASE_URL ?? 'https://api.groq.com/openai/v1' });\nawait client.chat.completions.create({ model: process.env.MODEL ?? 'llama-3.3-70b-versatile', messages: [] });\n",
      'plain.py': 'llm = "gpt-4o"\nDEFAULT_LLM = os.getenv("LLM", "o3-mini")\n',
      // OpenAI's client with no host named serves no open-weight model: whoever runs it is unknown.
      'oss.py': 'from openai import OpenAI\nOpenAI(base_url=os.environ["BASE"]).chat.completions.create(model="llama3.1:8b")\n',
    });
    // gpt-4o-mini is OpenAI's: the file's only client, Anthropic's, serves Claude alone (`ownModels`).
    // plain.py imports no AI package: its model-named constants are evidence for OpenAI's service,
    // which the tree uses (oss.py), not a service of their own.
    assert.deepEqual(modelsByService(r), { anthropic: 'claude-3-5-haiku-latest', groq: 'llama-3.3-70b-versatile', openai: 'gpt-4o, gpt-4o-mini, o3-mini' });
    assert.equal(r.components.find((c) => c.ref === 'service:groq')?.properties['lantern:endpoints'], 'https://api.groq.com/openai/v1');
    assert.deepEqual(r.components.find((c) => c.ref === 'service:openai')?.evidence.filter((e) => e.path === 'plain.py').map((e) => e.line), [1, 2]);
    // CrewAI's documented setup names its model in the environment.
    const crew = await run({ 'crew.py': 'import os\nfrom crewai import Agent\nos.environ["OPENAI_MODEL_NAME"] = "gpt-4-0125-preview"\n' });
    assert.deepEqual(modelsByService(crew), { openai: 'gpt-4-0125-preview' });
    // Alone in a tree that uses no OpenAI service, they make none; nor does a plain word (`CAR_MODEL = "mistral"`).
    const alone = await run({ 'plain.py': 'llm = "gpt-4o"\nDEFAULT_LLM = os.getenv("LLM", "o3-mini")\nCAR_MODEL = "mistral"\n', 'app.py': 'import mistralai\n' });
    assert.deepEqual(modelsByService(alone), { mistral: undefined });
  });

  it('Spring AI and LangChain4j\'s starters: the models application.properties and each profile of application.yml set are their provider\'s service\'s; other settings beside them are read too; decoys say nothing', async () => {
    const r = await run({
      'src/main/resources/application.properties': 'spring.ai.openai.api-key=${OPENAI_API_KEY}\nspring.ai.openai.chat.options.model=${OPENAI_MODEL:gpt-4o-mini}\nspring.ai.ollama.chat.options.model=llama3.2\n',
      'src/main/resources/application-prod.yml': 'spring:\n  ai:\n    anthropic:\n      chat:\n        options:\n          model: claude-3-7-sonnet-latest\n---\nspring:\n  ai:\n    azure:\n      openai:\n        chat:\n          options:\n            deployment-name: gpt-4o\napp:\n  summary-model: gemini-2.0-flash\n',
      // Decoys: a Spring file with no AI key, one whose model is only a placeholder, an application.yml of no Spring app.
      'svc/src/main/resources/application.properties': 'spring.ai.openai.chat.options.temperature=0.2\nspring.ai.anthropic.chat.options.model=${ANTHROPIC_MODEL}\n',
      'deploy/application.yaml': 'replicas: 2\noptions:\n  model: x\n',
      // LangChain4j's Spring Boot starters.
      'lc/src/main/resources/application.properties': 'langchain4j.mistral-ai.chat-model.api-key=${MISTRAL_API_KEY}\nlangchain4j.mistral-ai.chat-model.model-name=mistral-large-latest\n',
      'lc/src/main/resources/application-dev.yml': 'langchain4j:\n  open-ai:\n    streaming-chat-model:\n      model-name: gpt-4.1\n',
      // Committed templates of the same files.
      'tpl/src/main/resources/application.properties.example': 'spring.ai.openai.api-key=YOUR_OPENAI_API_KEY\nspring.ai.openai.embedding.options.model=text-embedding-ada-002\n',
      'tpl/src/main/resources/application.yml.sample': 'spring:\n  ai:\n    deepseek:\n      chat:\n        options:\n          model: deepseek-chat\n',
    });
    assert.deepEqual(modelsByService(r), { anthropic: 'claude-3-7-sonnet-latest', 'azure-openai': 'gpt-4o', deepseek: 'deepseek-chat', google: 'gemini-2.0-flash', mistral: 'mistral-large-latest', ollama: 'llama3.2', openai: 'gpt-4.1, gpt-4o-mini, text-embedding-ada-002' });
    const ev = (p: string) => r.components.find((c) => c.ref === `service:${p}`)?.evidence.map((e) => `${e.path}:${e.line}`);
    assert.deepEqual(ev('ollama'), ['src/main/resources/application.properties:3']);
    assert.deepEqual(ev('azure-openai'), ['src/main/resources/application-prod.yml:14']);
    assert.deepEqual(r.warnings, []);
  });

  it('catalog entries from an audit of real repositories: Moonshot\'s hosts and keys, go-gpt3, OkGoDoIt\'s OpenAI_API namespace, PALM_API_KEY, MemGPT, serving images', async () => {
    const r = await run({
      'kimi.py': 'from openai import OpenAI\nc = OpenAI(base_url="https://api.moonshot.ai/v1", api_key=os.environ["MOONSHOT_API_KEY"])\nc.chat.completions.create(model="kimi-k2-0711-preview", messages=[])\n',
      'cn/.env.example': 'KIMI_API_KEY=\nBASE=https://api.moonshot.cn/v1\n',
      'palm/.env.example': 'PALM_API_KEY=\n',
      'go.mod': 'module x\n\ngo 1.22\n\nrequire github.com/PullRequestInc/go-gpt3 v1.1.13\n',
      'main.go': 'package main\n\nimport gpt3 "github.com/PullRequestInc/go-gpt3"\n\nvar c = gpt3.NewClient(key)\n',
      'Bot.cs': 'using OpenAI_API;\nvar api = new OpenAIAPI(key);\n',
      'mem.py': 'from memgpt import create_client\n',
      'docker-compose.yml': 'services:\n  sgl:\n    image: lmsysorg/sglang:v0.4.6\n  emb:\n    image: michaelf34/infinity:0.0.70\n  ray:\n    image: rayproject/ray-llm:2.50.1-py311-cu128\n',
      // Decoys: a host that only starts like Moonshot's, a variable that only ends like its key.
      'other/.env': 'URL=https://api.moonshot.ai.example.com/v1\nNOT_MOONSHOT_API_KEYS=1\n',
    });
    const svc = (p: string) => r.components.find((c) => c.ref === `service:${p}`);
    assert.equal(svc('moonshot')?.properties['lantern:models'], 'kimi-k2-0711-preview');
    assert.equal(svc('moonshot')?.properties['lantern:env-vars'], 'KIMI_API_KEY, MOONSHOT_API_KEY');
    assert.equal(svc('moonshot')?.properties['lantern:endpoints'], 'https://api.moonshot.ai/v1 https://api.moonshot.cn/v1');
    assert.ok(!svc('moonshot')?.evidence.some((e) => e.path === 'other/.env'));
    assert.equal(svc('google')?.properties['lantern:env-vars'], 'PALM_API_KEY');
    assert.deepEqual(libs(r).map((c) => `${c.name} ${c.version ?? '-'} ${c.properties['lantern:provider']}`).sort(), [
      'OpenAI - openai',
      'github.com/PullRequestInc/go-gpt3 v1.1.13 openai',
      'openai - openai',
      'pymemgpt - letta',
    ]);
    assert.deepEqual(r.components.filter((c) => c.kind === 'container').map((c) => c.name).sort(), ['lmsysorg/sglang', 'michaelf34/infinity', 'rayproject/ray-llm']);
  });

  it('Rails: a gem the Gemfile declares, used by its constant with no require (Bundler requires it), is imported; without the Gemfile\'s declaration the constant is nobody\'s', async () => {
    const r = await run({
      'app/Gemfile': 'source "https://rubygems.org"\ngem "ruby-openai", "~> 7.0"\n',
      'app/Gemfile.lock': 'GEM\n  remote: https://rubygems.org/\n  specs:\n    ruby-openai (7.3.1)\n\nDEPENDENCIES\n  ruby-openai (~> 7.0)\n',
      'app/app/jobs/summarize_job.rb': 'class SummarizeJob < ApplicationJob\n  def perform\n    client = OpenAI::Client.new\n    client.chat(parameters: { model: "gpt-4o-mini" })\n  end\nend\n',
      'other/lib/anthropic_wrapper.rb': 'module Wrap\n  def self.go = Anthropic::Client.new\nend\n',
    });
    const ruby = libs(r).find((c) => c.name === 'ruby-openai');
    assert.equal(ruby?.version, '7.3.1');
    assert.equal(ruby?.properties['lantern:imported'], 'true');
    assert.equal(r.components.find((c) => c.ref === 'service:openai')?.properties['lantern:models'], 'gpt-4o-mini');
    assert.ok(!libs(r).some((c) => c.name === 'anthropic' || c.name === 'ruby-anthropic'));
    assert.deepEqual(r.findings.filter((f) => f.ruleId === 'sdk/undeclared-dependency').map((f) => f.message), []);
  });

  it("app-wide base URLs (appClientConfigs): Laravel's config/openai.php base_uri (an env() default, scheme-less) and a Rails initializer's uri_base re-point the app's files that use the package; another app, a file naming its own host, another package's initializer do not", async () => {
    const r = await run({
      'shop/composer.json': '{"require": {"openai-php/laravel": "^0.10"}}\n',
      'shop/config/openai.php': "<?php\n\nreturn [\n    'api_key' => env('GROQ_API_KEY'),\n    'base_uri' => env('OPENAI_BASE_URI', 'api.groq.com/openai/v1'),\n];\n",
      'shop/app/Services/Summarizer.php': "<?php\n\nnamespace App\\Services;\n\nuse OpenAI\\Laravel\\Facades\\OpenAI;\n\nclass Summarizer\n{\n    public function run(string $t): string\n    {\n        return OpenAI::chat()->create(['model' => 'llama-3.1-8b-instant', 'messages' => []])->choices[0]->message->content;\n    }\n}\n",
      'blog/composer.json': '{"require": {"openai-php/laravel": "^0.10"}}\n',
      'blog/app/Post.php': "<?php\n\nuse OpenAI\\Laravel\\Facades\\OpenAI;\n\nOpenAI::chat()->create(['model' => 'gpt-4o-mini', 'messages' => []]);\n",
      'rails/Gemfile': 'source "https://rubygems.org"\ngem "ruby-openai"\ngem "anthropic"\n',
      'rails/config/initializers/openai.rb': 'OpenAI.configure do |config|\n  config.access_token = ENV.fetch("OPENROUTER_API_KEY")\n  config.uri_base = "https://openrouter.ai/api/v1"\nend\n',
      // Another gem's initializer (an unlisted host) configures no OpenAI client: the app beside it keeps OpenAI's.
      'jobs/Gemfile': 'source "https://rubygems.org"\ngem "ruby-openai"\n',
      'jobs/config/initializers/other.rb': 'Foo.configure do |config|\n  config.uri_base = "https://llm.internal.example/v1"\nend\n',
      'jobs/app/jobs/digest.rb': 'class Digest\n  def call = OpenAI::Client.new.chat(parameters: { model: "gpt-4.1-mini" })\nend\n',
      'rails/app/services/chat.rb': 'class Chat\n  def call = OpenAI::Client.new.chat(parameters: { model: "openai/gpt-4o-mini" })\nend\n',
      'rails/app/services/local.rb': 'class Local\n  def call = OpenAI::Client.new(uri_base: "http://localhost:11434/v1").chat(parameters: { model: "llama3.2" })\nend\n',
    });
    assert.deepEqual(modelsByService(r), { groq: 'llama-3.1-8b-instant', ollama: 'llama3.2', openai: 'gpt-4.1-mini, gpt-4o-mini', openrouter: 'openai/gpt-4o-mini' });
    const files = (p: string) => r.components.find((c) => c.ref === `service:${p}`)?.properties['lantern:files'];
    assert.equal(files('groq'), 'shop/app/Services/Summarizer.php\nshop/config/openai.php');
    assert.equal(files('openai'), 'blog/app/Post.php\njobs/app/jobs/digest.rb');
  });

  it('Rails: langchainrb_rails, used by its LangchainrbRails.configure initializer, is no "declared but never imported"; the langchainrb classes it brings are its own', async () => {
    const r = await run({
      'Gemfile': 'source "https://rubygems.org"\ngem "rails", "~> 8.0"\ngem "langchainrb_rails"\n',
      'config/initializers/langchainrb_rails.rb': 'LangchainrbRails.configure do |config|\n  config.vectorsearch = Langchain::Vectorsearch::Pgvector.new(\n    llm: Langchain::LLM::OpenAI.new(api_key: ENV["OPENAI_API_KEY"], default_options: { chat_model: "gpt-4o-mini" })\n  )\nend\n',
    });
    assert.equal(libs(r).find((c) => c.name === 'langchainrb_rails')?.properties['lantern:imported'], 'true');
    assert.deepEqual(r.findings.filter((f) => f.ruleId === 'sdk/undeclared-dependency').map((f) => f.message), []);
  });

  it('catalog entries from a second audit: ruby-anthropic (required as anthropic), the official PHP MCP SDK (namespace Mcp), openai-edge, OPENAI_ACCESS_TOKEN', async () => {
    const r = await run({
      'rb/Gemfile': 'source "https://rubygems.org"\ngem "ruby-anthropic", "~> 0.4.2"\n',
      'rb/app/claude.rb': 'require "anthropic"\nclient = Anthropic::Client.new(access_token: ENV["OPENAI_ACCESS_TOKEN"])\n',
      'php/composer.json': JSON.stringify({ require: { 'mcp/sdk': '^0.1' } }),
      'php/server.php': '<?php\nuse Mcp\\Server;\n$s = Server::builder()->build();\n',
      'web/package.json': JSON.stringify({ dependencies: { 'openai-edge': '^1.2.2' } }),
      'web/route.ts': "import { Configuration, OpenAIApi } from 'openai-edge';\nexport const api = new OpenAIApi(new Configuration({}));\n",
    });
    assert.deepEqual(libs(r).map((c) => c.name).sort(), ['mcp/sdk', 'openai-edge', 'ruby-anthropic']);
    assert.deepEqual(r.findings.filter((f) => f.ruleId === 'sdk/undeclared-dependency').map((f) => f.message), []);
    assert.equal(r.components.find((c) => c.ref === 'service:openai')?.properties['lantern:env-vars'], 'OPENAI_ACCESS_TOKEN');
  });

  it('a model config\'s base URL: a provider\'s client pointed at another AI host calls that host, at an unknown host an unlisted endpoint; a server provider keeps its models at its endpoint; a wildcard route names no model', async () => {
    const r = await run({
      'gateway/config.yaml': 'model_list:\n  - model_name: llama\n    litellm_params:\n      model: openai/meta-llama/Llama-3.1-8B-Instruct\n      api_base: http://vllm:8000/v1\n  - model_name: fast\n    litellm_params:\n      model: openai/llama-3.3-70b-versatile\n      api_base: https://api.groq.com/openai/v1\n  - model_name: "*"\n    litellm_params:\n      model: openai/*\n  - model_name: gpt\n    litellm_params:\n      model: openai/gpt-4o\n      api_base: https://api.openai.com/v1\n',
      '.continue/config.yaml': 'models:\n  - name: proxy\n    provider: openai\n    model: claude-sonnet-4-5\n    apiBase: http://localhost:8080/v1\n  - name: box\n    provider: ollama\n    model: qwen2.5-coder:7b\n    apiBase: http://gpu-box:11434\n',
      'ds/src/main/resources/application.yml': 'spring:\n  ai:\n    openai:\n      api-key: ${DEEPSEEK_API_KEY}\n      base-url: https://api.deepseek.com\n      chat:\n        options:\n          model: deepseek-chat\n',
      'qw/src/main/resources/application.properties': 'langchain4j.open-ai.chat-model.base-url=${QWEN_BASE:https://dashscope.aliyuncs.com/compatible-mode/v1}\nlangchain4j.open-ai.chat-model.model-name=qwen-flash\n',
      'old/src/main/resources/application.yml': 'spring:\n  ai:\n    ollama:\n      base-url: http://localhost:8084\n      chat:\n        model: mistral\n',
    });
    assert.deepEqual(modelsByService(r), {
      alibaba: 'qwen-flash',
      deepseek: 'deepseek-chat',
      groq: 'openai/llama-3.3-70b-versatile',
      ollama: 'mistral, qwen2.5-coder:7b',
      openai: 'openai/gpt-4o',
      unlisted: 'claude-sonnet-4-5, openai/meta-llama/Llama-3.1-8B-Instruct',
    });
    const eps = (p: string) => r.components.find((c) => c.ref === `service:${p}`)?.properties['lantern:endpoints'];
    assert.equal(eps('unlisted'), 'http://localhost:8080/v1 http://vllm:8000/v1');
    assert.equal(eps('ollama'), 'http://gpu-box:11434 http://localhost:8084');
  });

  it('Cloudflare Workers AI: a wrangler config\'s AI binding (top level and per environment) and the @cf/ model ids the Worker runs are its service\'s; Replicate\'s run() gives its model; a config that does not parse is a warning, other decoys say nothing', async () => {
    const r = await run({
      'wrangler.toml': 'name = "w"\n[ai]\nbinding = "AI"\n\n[env.staging.ai]\nbinding = "AI_STAGING"\n',
      'api/wrangler.jsonc': '{\n  // Workers AI\n  "ai": { "binding": "LLM" },\n}\n',
      'src/index.ts': 'export default { async fetch(req: Request, env: Env) {\n  return Response.json(await env.AI.run("@cf/meta/llama-3.1-8b-instruct", { prompt: "hi" }));\n} };\n',
      'rep.py': 'import replicate\nout = replicate.run("meta/meta-llama-3-70b-instruct", input={"prompt": "hi"})\n',
      // Decoys: a wrangler config with no AI binding, one that does not parse, another file named like one,
      // an `ai` key that is no binding, and a run() of something else.
      'other/wrangler.toml': 'name = "x"\n[vars]\nai = "binding"\n',
      'bad/wrangler.toml': '[ai\nbinding = "AI"\n',
      'docs/wrangler.md': '[ai]\nbinding = "AI"\n',
      'job.ts': 'await queue.run("@cf/meta/llama-3.1-8b-instruct");\n',
    });
    const svc = (p: string) => r.components.find((c) => c.ref === `service:${p}`);
    assert.equal(svc('cloudflare')?.properties['lantern:cloud-resources'], 'ai binding AI, ai binding LLM, env.staging ai binding AI_STAGING');
    assert.equal(svc('cloudflare')?.properties['lantern:models'], '@cf/meta/llama-3.1-8b-instruct');
    assert.deepEqual(svc('cloudflare')?.evidence.map((e) => `${e.path}:${e.line}`).sort(), ['api/wrangler.jsonc:3', 'src/index.ts:2', 'wrangler.toml:3', 'wrangler.toml:6']);
    assert.equal(svc('replicate')?.properties['lantern:models'], 'meta/meta-llama-3-70b-instruct');
    // The wrangler config that does not parse says so, on its path; the other decoys say nothing.
    assert.deepEqual(r.warnings.map((w) => `${w.code} ${w.path}`), ['config/malformed bad/wrangler.toml']);
  });

  it('LiteLLM calls take the model first, bare or with its provider; a call of another module, or a name that is no model, gives none', async () => {
    const r = await run({
      'a.py': 'import litellm\nlitellm.completion("anthropic/claude-3-opus-20240229", messages=[])\n',
      'b.py': 'from litellm import acompletion\nawait acompletion("gpt-4o-mini", messages=[])\n',
      'c.py': 'import litellm\nimport mylib\nmylib.complete("gpt-4.1")\nlitellm.completion(MODEL, messages=[])\nlitellm.completion("hello world")\n',
    });
    const svc = (p: string) => r.components.find((c) => c.ref === `service:${p}`);
    assert.equal(svc('anthropic')?.properties['lantern:models'], 'anthropic/claude-3-opus-20240229');
    assert.equal(svc('openai')?.properties['lantern:models'], 'gpt-4o-mini');
    assert.deepEqual(r.components.filter((c) => c.kind === 'service').flatMap((c) => c.evidence.map((e) => `${e.path}:${e.line}`)).sort(), ['a.py:2', 'b.py:2']);
  });

  it('an AI SDK provider package is its provider\'s API client: the service exists, and a model beside it is that service\'s', async () => {
    const r = await run({
      'a.ts': "import { openai } from '@ai-sdk/openai';\nimport { generateText } from 'ai';\nexport const run = (model: string) => generateText({ model: openai(model), prompt: 'hi' });\n",
      'g.ts': "import { createGroq } from '@ai-sdk/groq';\nexport const cfg = { model: 'llama-3.1-8b-instant' };\nexport const groq = createGroq({});\n",
      // Pointed at another host, the client calls that host, not its maker.
      'local.ts': "import { createOpenAI } from '@ai-sdk/openai';\nexport const local = createOpenAI({ baseURL: 'http://localhost:11434/v1' });\n",
      // The AI SDK's UI package calls no provider.
      'ui.tsx': "import { useChat } from '@ai-sdk/react';\nexport const C = () => useChat();\n",
    });
    const svc = (p: string) => r.components.find((c) => c.ref === `service:${p}`);
    assert.deepEqual(r.components.filter((c) => c.kind === 'service').map((c) => c.ref).sort(), ['service:groq', 'service:ollama', 'service:openai']);
    assert.equal(svc('openai')?.properties['lantern:used-through'], '@ai-sdk/openai');
    assert.equal(svc('openai')?.properties['lantern:files'], 'a.ts');
    assert.equal(svc('groq')?.properties['lantern:models'], 'llama-3.1-8b-instant');
    const bom = JSON.parse(toCycloneDxJson(r, '1.6', { SOURCE_DATE_EPOCH: '0' })) as { dependencies?: { ref: string; dependsOn?: string[] }[] };
    assert.deepEqual(bom.dependencies?.find((d) => d.ref === 'pkg:npm/%40ai-sdk/groq')?.dependsOn, ['service:groq']);
  });

  it('LangChain and LlamaIndex provider integrations are their provider\'s API clients: the service exists, and a model beside them is that service\'s', async () => {
    const r = await run({
      'requirements.txt': 'langchain-openai==0.2.0\nllama-index-llms-openai==0.2.9\n',
      // OpenAI called only through LangChain and LlamaIndex.
      'chat.py': 'from langchain_openai import ChatOpenAI\nllm = ChatOpenAI(temperature=0)\n',
      'rag.py': 'from llama_index.llms.openai import OpenAI\nfrom llama_index.embeddings.openai import OpenAIEmbedding\nllm = OpenAI()\n',
      'claude.ts': "import { ChatAnthropic } from '@langchain/anthropic';\nexport const m = new ChatAnthropic({ temperature: 0 });\n",
      // Llama through ChatGroq is Groq's, not Meta's.
      'groq.py': 'from langchain_groq import ChatGroq\nllm = ChatGroq(model="llama-3.1-8b-instant")\n',
      'gem.py': 'from langchain_google_genai import ChatGoogleGenerativeAI\nllm = ChatGoogleGenerativeAI(model="gemini-1.5-pro")\n',
    });
    const svc = (p: string) => r.components.find((c) => c.ref === `service:${p}`);
    assert.deepEqual(r.components.filter((c) => c.kind === 'service').map((c) => c.ref).sort(), ['service:anthropic', 'service:google', 'service:groq', 'service:openai']);
    assert.equal(svc('openai')?.properties['lantern:used-through'], 'langchain-openai, llama-index-embeddings-openai, llama-index-llms-openai');
    assert.equal(svc('openai')?.properties['lantern:files'], 'chat.py\nrag.py');
    assert.equal(svc('anthropic')?.properties['lantern:used-through'], '@langchain/anthropic');
    assert.equal(svc('groq')?.properties['lantern:models'], 'llama-3.1-8b-instant');
    assert.equal(svc('google')?.properties['lantern:models'], 'gemini-1.5-pro');
    // The library keeps its category and says it is its provider's client; in the BOM it depends on the service.
    const lc = lib(r, 'pkg:pypi/langchain-openai@');
    assert.equal(lc?.properties['lantern:category'], 'framework');
    assert.equal(lc?.properties['lantern:client'], 'api');
    assert.equal(lib(r, 'pkg:pypi/llama-index-llms-openai@')?.version, '0.2.9');
    const bom = JSON.parse(toCycloneDxJson(r, '1.6', { SOURCE_DATE_EPOCH: '0' })) as { dependencies?: { ref: string; dependsOn?: string[] }[] };
    assert.deepEqual(bom.dependencies?.find((d) => d.ref === lc?.ref)?.dependsOn, ['service:openai']);
    assert.deepEqual(bom.dependencies?.find((d) => d.ref === 'pkg:npm/%40langchain/anthropic')?.dependsOn, ['service:anthropic']);
    // Pointed at another host, the integration calls that host, not its maker.
    const rebased = await run({ 'ds.py': 'from langchain_openai import ChatOpenAI\nllm = ChatOpenAI(model="deepseek-chat", base_url="https://api.deepseek.com")\n' });
    assert.deepEqual(rebased.components.filter((c) => c.kind === 'service').map((c) => c.ref), ['service:deepseek']);
  });

  it('tokenizers (tiktoken, js-tiktoken, @dqbd/tiktoken, @anthropic-ai/tokenizer, Hugging Face tokenizers) call no API: no service, no used-through; the policy still sees their provider', async () => {
    const r = await run({
      'requirements.txt': 'tiktoken==0.7.0\n',
      'count.py': 'import tiktoken\nenc = tiktoken.get_encoding("cl100k_base")\n',
      'count.ts': "import { encoding_for_model } from 'tiktoken';\nimport { getEncoding } from 'js-tiktoken';\nimport { get_encoding } from '@dqbd/tiktoken';\nimport { countTokens } from '@anthropic-ai/tokenizer';\n",
      // A model name beside a tokenizer is no call: it goes to its maker, not to the tokenizer's provider.
      'claude.py': 'import tiktoken\ncfg = dict(model="claude-3-5-sonnet-20241022")\n',
    });
    assert.deepEqual(r.components.filter((c) => c.kind === 'service').map((c) => c.ref), ['service:anthropic']);
    assert.equal(r.components.find((c) => c.ref === 'service:anthropic')?.properties['lantern:used-through'], undefined);
    const tk = lib(r, 'pkg:pypi/tiktoken@');
    assert.equal(tk?.properties['lantern:category'], 'llm-api');
    assert.equal(tk?.properties['lantern:client'], 'none');
    const bom = JSON.parse(toCycloneDxJson(r, '1.6', { SOURCE_DATE_EPOCH: '0' })) as { dependencies?: { ref: string; dependsOn?: string[] }[] };
    assert.equal(bom.dependencies?.find((d) => d.ref === tk?.ref)?.dependsOn, undefined);
    // The policy: a tokenizer of OpenAI's is an OpenAI package.
    const p = await run({ 'count.py': 'import tiktoken\n' }, { allowedProviders: ['anthropic'] });
    assert.deepEqual(p.findings.filter((f) => f.ruleId === 'sdk/unapproved-provider').map((f) => f.message.split(' ')[0]), ['tiktoken']);
    // Beside the OpenAI SDK, OpenAI is still used through openai (only).
    const both = await run({ 'app.py': 'import tiktoken\nfrom openai import OpenAI\nOpenAI().chat.completions.create(model="gpt-4o")\n' });
    assert.deepEqual(both.components.filter((c) => c.kind === 'service').map((c) => c.ref), ['service:openai']);
    assert.equal(both.components.find((c) => c.ref === 'service:openai')?.properties['lantern:used-through'], 'openai');
    assert.equal(both.components.find((c) => c.ref === 'service:openai')?.properties['lantern:models'], 'gpt-4o');
    // Hugging Face's tokenizers is a tokenizer too: it does not decide where a model name goes
    // (gpt-4o beside Anthropic's client, whose API serves Claude only, goes to its maker, as a
    // name beside no client does), and makes no service of its own.
    const hf = await run({ 'a.py': 'from tokenizers import Tokenizer\nimport anthropic\nanthropic.Anthropic().messages.create(model="claude-3-5-sonnet-20241022")\ntok = Tokenizer.from_pretrained(model="gpt-4o")\n' });
    assert.deepEqual(modelsByService(hf), { anthropic: 'claude-3-5-sonnet-20241022', openai: 'gpt-4o' });
    assert.equal(lib(hf, 'pkg:pypi/tokenizers')?.properties['lantern:client'], 'none');
  });

  it('Azure OpenAI through the openai package and langchain-openai (client names): the Azure OpenAI service, not OpenAI\'s', async () => {
    const r = await run({
      'az.py': 'from openai import AzureOpenAI, APIError\nc = AzureOpenAI(api_version="2024-02-01")\nc.chat.completions.create(model="gpt-4o", messages=[])\n',
      // The module imported whole, the client used as its attribute; a comment names OpenAI only.
      'attr.py': 'import openai\n# not openai.OpenAI()\nc = openai.AsyncAzureOpenAI(api_version="2024-02-01")\nc.chat.completions.create(model="gpt-4o-mini", messages=[])\n',
      'lc.py': 'from langchain_openai import AzureChatOpenAI, AzureOpenAIEmbeddings\nllm = AzureChatOpenAI(azure_deployment="d", model="gpt-35-turbo")\n',
      'az.ts': "import { AzureOpenAI as Az } from 'openai';\nconst c = new Az({ apiVersion: '2024-10-21' });\nawait c.chat.completions.create({ model: 'gpt-4o-2024-08-06', messages: [] });\n",
      'lc.ts': "import { AzureChatOpenAI } from '@langchain/openai';\nexport const m = new AzureChatOpenAI({ model: 'gpt-4-turbo' });\n",
      'req.js': "const { AzureOpenAI } = require('openai');\nmodule.exports = new AzureOpenAI({ apiVersion: '2024-10-21' });\n",
      // An azure_endpoint host: Azure's endpoint, and OpenAI is not called there either.
      'host.py': 'import openai\nc = openai.AzureOpenAI(azure_endpoint="https://myres.openai.azure.com", api_version="2024-02-01")\nc.chat.completions.create(model="o3-mini", messages=[])\n',
    });
    const svc = (p: string) => r.components.find((c) => c.ref === `service:${p}`);
    assert.deepEqual(r.components.filter((c) => c.kind === 'service').map((c) => c.ref), ['service:azure-openai']);
    assert.equal(svc('azure-openai')?.properties['lantern:used-through'], '@langchain/openai, langchain-openai, openai');
    assert.equal(svc('azure-openai')?.properties['lantern:models'], 'gpt-35-turbo, gpt-4-turbo, gpt-4o, gpt-4o-2024-08-06, gpt-4o-mini, o3-mini');
    assert.equal(svc('azure-openai')?.properties['lantern:files'], 'attr.py\naz.py\naz.ts\nhost.py\nlc.py\nlc.ts\nreq.js');
    assert.equal(svc('azure-openai')?.properties['lantern:endpoints'], 'https://myres.openai.azure.com');
    // In the BOM the client libraries depend on the Azure OpenAI service.
    const bom = JSON.parse(toCycloneDxJson(r, '1.6', { SOURCE_DATE_EPOCH: '0' })) as { dependencies?: { ref: string; dependsOn?: string[] }[] };
    assert.deepEqual(bom.dependencies?.find((d) => d.ref === lib(r, 'pkg:pypi/openai')?.ref)?.dependsOn, ['service:azure-openai']);
    assert.deepEqual(bom.dependencies?.find((d) => d.ref === 'pkg:npm/%40langchain/openai')?.dependsOn, ['service:azure-openai']);

    // Both clients in one file: both services; OpenAI's own model stays OpenAI's.
    const both = await run({ 'both.py': 'from openai import OpenAI, AzureOpenAI\nOpenAI().chat.completions.create(model="gpt-4.1", messages=[])\n', 'both.ts': "import OpenAI, { AzureOpenAI } from 'openai';\n" });
    assert.deepEqual(both.components.filter((c) => c.kind === 'service').map((c) => [c.ref, c.properties['lantern:used-through'], c.properties['lantern:files']]), [
      ['service:azure-openai', 'openai', 'both.py\nboth.ts'],
      ['service:openai', 'openai', 'both.py\nboth.ts'],
    ]);
    assert.deepEqual(modelsByService(both), { 'azure-openai': undefined, openai: 'gpt-4.1' });
  });

  it('LangChain community and old langchain: a client name the file uses calls its provider (AzureChatOpenAI → Azure OpenAI); the package is no client otherwise', async () => {
    const r = await run({
      'requirements.txt': 'langchain-community==0.3.1\nlangchain==0.0.350\n',
      'com.py': 'from langchain_community.chat_models import AzureChatOpenAI\nllm = AzureChatOpenAI(deployment_name="d", model="gpt-4o")\n',
      'old.py': 'from langchain.llms import AzureOpenAI\nfrom langchain.embeddings import OpenAIEmbeddings\n',
      // The module whole, the client name as its attribute.
      'attr.py': 'import langchain_community.chat_models as cm\nllm = cm.ChatAnthropic(model="claude-3-5-sonnet-20241022")\n',
      'old.ts': "import { ChatOpenAI } from 'langchain/chat_models/openai';\n",
      'package.json': '{"dependencies":{"langchain":"0.0.200"}}\n',
    });
    const svc = (p: string) => r.components.find((c) => c.ref === `service:${p}`);
    assert.deepEqual(r.components.filter((c) => c.kind === 'service').map((c) => c.ref).sort(), ['service:anthropic', 'service:azure-openai', 'service:openai']);
    assert.deepEqual(modelsByService(r), { anthropic: 'claude-3-5-sonnet-20241022', 'azure-openai': 'gpt-4o', openai: undefined });
    assert.equal(svc('azure-openai')?.properties['lantern:used-through'], 'langchain, langchain-community');
    assert.equal(svc('azure-openai')?.properties['lantern:files'], 'com.py\nold.py');
    assert.equal(svc('openai')?.properties['lantern:used-through'], 'langchain');
    assert.equal(svc('openai')?.properties['lantern:files'], 'old.py\nold.ts');
    assert.equal(svc('anthropic')?.properties['lantern:files'], 'attr.py');
    // Still frameworks, not clients.
    assert.equal(lib(r, 'pkg:pypi/langchain-community@0.3.1')?.properties['lantern:client'], undefined);

    // Decoys: no client name used, a client name only in a comment or string: no service.
    const none = await run({
      'a.py': 'from langchain_community.vectorstores import FAISS\n# from langchain_community.chat_models import AzureChatOpenAI\ns = "AzureChatOpenAI"\n',
      'b.py': 'import langchain\nprint(langchain.__version__)  # langchain.ChatOpenAI\n',
      'c.ts': "import { PromptTemplate } from 'langchain/prompts';\n",
    });
    assert.deepEqual(none.components.filter((c) => c.kind === 'service').map((c) => c.ref), []);
  });

  it('openai before 1.0: openai.api_type = "azure" (or azure_ad, or api_type= per call) sends the file\'s openai calls to Azure OpenAI; open_ai and decoys leave them OpenAI\'s', async () => {
    const r = await run({
      'v0.py': 'import os\nimport openai\nopenai.api_type = "azure"\nopenai.api_base = os.getenv("AZURE_OPENAI_ENDPOINT")\nopenai.ChatCompletion.create(engine="d", model="gpt-4", messages=[])\n',
      'ad.py': 'import openai\nopenai.api_type = \'Azure_AD\'\n',
      'call.py': 'import openai\nopenai.ChatCompletion.create(api_type="azure", model="gpt-35-turbo")\n',
      'nb.ipynb': JSON.stringify({ cells: [{ cell_type: 'code', source: ['import openai\n', 'openai.api_type = "azure"\n'] }], metadata: {}, nbformat: 4, nbformat_minor: 5 }),
      // Decoys: the default value, a comparison, a comment, a string, a setting without the import.
      'plain.py': 'import openai\nopenai.api_type = "open_ai"\nif openai.api_type == "azure": pass\n# openai.api_type = "azure"\ns = \'openai.api_type = "azure"\'\nopenai.ChatCompletion.create(model="gpt-3.5-turbo")\n',
      'other.py': 'import anthropic\nsettings.api_type = "azure"\n',
    });
    const svc = (p: string) => r.components.find((c) => c.ref === `service:${p}`);
    assert.deepEqual(r.components.filter((c) => c.kind === 'service').map((c) => c.ref).sort(), ['service:anthropic', 'service:azure-openai', 'service:openai']);
    assert.equal(svc('azure-openai')?.properties['lantern:files'], 'ad.py\ncall.py\nnb.ipynb\nv0.py');
    assert.equal(svc('azure-openai')?.properties['lantern:models'], 'gpt-35-turbo, gpt-4');
    assert.equal(svc('openai')?.properties['lantern:files'], 'plain.py');
    assert.equal(svc('openai')?.properties['lantern:models'], 'gpt-3.5-turbo');
  });

  it('Azure OpenAI decoys: OpenAI clients stay OpenAI\'s; an AzureOpenAI that is not the package\'s changes nothing', async () => {
    const r = await run({
      'oa.py': 'from openai import OpenAI\nOpenAI().chat.completions.create(model="gpt-4o", messages=[])\n',
      'mod.py': 'import openai\nopenai.chat.completions.create(model="gpt-4o-mini", messages=[])\n',
      // A local class, a string and a comment of that name, and another module's AzureOpenAI.
      'local.py': 'import openai\nclass AzureOpenAI: pass\nx = AzureOpenAI()\ny = "openai.AzureOpenAI"\n# openai.AzureOpenAI(...)\n',
      'other.py': 'from openai import OpenAI\nfrom mylib.clients import AzureOpenAI\n',
      'lc.py': 'from langchain_openai import ChatOpenAI, OpenAIEmbeddings\n',
      'oa.ts': "import OpenAI from 'openai';\nconst AzureOpenAI = 1;\n// new OpenAI.AzureOpenAI()\nexport const c = new OpenAI();\n",
      'types.ts': "import type { AzureOpenAI } from 'openai';\nimport { OpenAI } from 'openai';\n",
      'tk.py': 'import tiktoken\nfrom openai import OpenAI\n',
    });
    assert.deepEqual(r.components.filter((c) => c.kind === 'service').map((c) => [c.ref, c.properties['lantern:used-through']]), [['service:openai', 'langchain-openai, openai']]);
    assert.equal(r.components.find((c) => c.ref === 'service:openai')?.properties['lantern:files'], 'lc.py\nlocal.py\nmod.py\noa.py\noa.ts\nother.py\ntk.py\ntypes.ts');
  });

  it('JS: module.require loads a package (an import); require.resolve and import.meta.resolve find its files (a resolve site); module.require.resolve is none', async () => {
    const r = await run({
      'load.cjs': "const OpenAI = module.require('openai');\nconst { Anthropic } = module.require('@anthropic-ai/sdk');\n",
      'find.mjs': "const p = require.resolve('cohere-ai');\nconst u = import.meta.resolve('groq-sdk');\nconst q = module.require.resolve('@mistralai/mistralai');\n",
    });
    assert.deepEqual(libs(r).map((c) => [c.name, c.properties['lantern:imported'], c.properties['lantern:import-kinds']]), [
      ['@anthropic-ai/sdk', 'true', 'require'],
      ['cohere-ai', 'true', 'resolve'],
      ['groq-sdk', 'true', 'resolve'],
      ['openai', 'true', 'require'],
    ]);
  });

  it('Python imports under `if TYPE_CHECKING:` are type-only, as TS `import type` is: lantern:type-only, no client route, no call to the provider', async () => {
    const view = (r: ScanResult) => r.components.map((c) => [c.kind, c.name, c.properties['lantern:type-only'], c.properties['lantern:used-through']]);
    const py = await run({ 'hints.py': 'from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from anthropic import Anthropic\n    from openai import AzureOpenAI\nelse:\n    import cohere\nfrom openai import OpenAI\nOpenAI().chat.completions.create(model="gpt-4o", messages=[])\n' });
    assert.deepEqual(view(py), [
      ['library', 'anthropic', 'true', undefined],
      ['library', 'cohere', undefined, undefined],
      ['library', 'openai', undefined, undefined],
      // Anthropic's package is only imported for its types: never loaded, so no Anthropic service.
      ['service', 'Cohere API', undefined, 'cohere'],
      // The type-only AzureOpenAI sends no call to Azure OpenAI.
      ['service', 'OpenAI API', undefined, 'openai'],
    ]);
    // The same file in TypeScript gives the same inventory.
    const ts = await run({ 'hints.ts': "import type { Anthropic } from '@anthropic-ai/sdk';\nimport type { AzureOpenAI } from 'openai';\nimport { CohereClient } from 'cohere-ai';\nimport { OpenAI } from 'openai';\nawait new OpenAI().chat.completions.create({ model: 'gpt-4o', messages: [] });\n" });
    assert.deepEqual(view(ts).map((row) => row.map((x) => x?.replace(/^@anthropic-ai\/sdk$/, 'anthropic').replace(/^cohere-ai$/, 'cohere'))), view(py));
    // A runtime import of the same package anywhere makes it no longer type-only.
    const mixed = await run({ 'a.py': 'import typing\nif typing.TYPE_CHECKING:\n    import anthropic\n', 'b.py': 'import anthropic\n' });
    assert.equal(lib(mixed, 'pkg:pypi/anthropic')?.properties['lantern:type-only'], undefined);
  });

  it('LangChain and LlamaIndex decoys: the core and community packages make no service; Ollama and Hugging Face integrations make no remote API service', async () => {
    const r = await run({
      'core.py': 'from langchain_core.prompts import ChatPromptTemplate\nfrom langchain.chains import LLMChain\n',
      'comm.py': 'from langchain_community.vectorstores import FAISS\n',
      'core.ts': "import { ChatPromptTemplate } from '@langchain/core/prompts';\nimport { PineconeStore } from '@langchain/pinecone';\n",
      'idx.py': 'from llama_index.core import VectorStoreIndex\nfrom llama_index.vector_stores.chroma import ChromaVectorStore\nfrom llama_index.llms.openai_like import OpenAILike\n',
      'ollama.py': 'from langchain_ollama import ChatOllama\nfrom llama_index.llms.ollama import Ollama\n',
      'ollama.ts': "import { ChatOllama } from '@langchain/ollama';\n",
      'hf.py': 'from langchain_huggingface import HuggingFacePipeline\nfrom llama_index.embeddings.huggingface import HuggingFaceEmbedding\n',
    });
    assert.deepEqual(r.components.filter((c) => c.kind === 'service').map((c) => c.ref), []);
    assert.equal(lib(r, 'pkg:pypi/langchain-ollama')?.properties['lantern:client'], 'local');
    assert.equal(lib(r, 'pkg:pypi/langchain-core')?.properties['lantern:client'], undefined);
    // A model beside a local client runs there (as with the ollama package); the Ollama server's
    // service is used through its client, an in-process integration (Hugging Face's) is no API's.
    const local = await run({
      'o.py': 'from langchain_ollama import ChatOllama\nllm = ChatOllama(model="llama3.1")\n',
      'h.py': 'from langchain_huggingface import HuggingFacePipeline\np = HuggingFacePipeline.from_model_id(model_id="meta-llama/Llama-3.2-1B-Instruct", task="text-generation")\n',
    });
    assert.deepEqual(modelsByService(local), { huggingface: 'meta-llama/Llama-3.2-1B-Instruct', ollama: 'llama3.1' });
    assert.deepEqual(local.components.filter((c) => c.kind === 'service').map((c) => [c.ref, c.properties['lantern:used-through']]), [['service:huggingface', undefined], ['service:ollama', 'langchain-ollama']]);
  });

  it('LangChain4j and Spring AI provider artifacts are their provider\'s API clients (pom and Gradle); an import joins the declared artifact or starter', async () => {
    const dep = (g: string, a: string, v?: string) => `<dependency><groupId>${g}</groupId><artifactId>${a}</artifactId>${v ? `<version>${v}</version>` : ''}</dependency>`;
    const r = await run({
      'pom.xml': `<project><dependencies>${dep('dev.langchain4j', 'langchain4j', '1.0.0')}${dep('dev.langchain4j', 'langchain4j-open-ai', '1.0.0')}${dep('org.springframework.ai', 'spring-ai-starter-model-anthropic', '1.0.0')}</dependencies></project>\n`,
      'src/Chat.java': 'package app;\nimport dev.langchain4j.model.openai.OpenAiChatModel;\nimport dev.langchain4j.service.AiServices;\nimport org.springframework.ai.anthropic.AnthropicChatModel;\nclass Chat {}\n',
      'gem/build.gradle.kts': 'dependencies {\n    implementation("dev.langchain4j:langchain4j-google-ai-gemini:1.0.0")\n    implementation("org.springframework.ai:spring-ai-bedrock-converse:1.0.0")\n}\n',
      'gem/src/G.java': 'package gem;\nimport dev.langchain4j.model.googleai.GoogleAiGeminiChatModel;\nimport org.springframework.ai.bedrock.converse.BedrockProxyChatModel;\nclass G {}\n',
    });
    const oa = lib(r, 'pkg:maven/dev.langchain4j/langchain4j-open-ai@');
    assert.equal(oa?.version, '1.0.0');
    assert.deepEqual([oa?.properties['lantern:provider'], oa?.properties['lantern:category'], oa?.properties['lantern:client'], oa?.properties['lantern:imported']], ['openai', 'framework', 'api', 'true']);
    // The starter is declared; the code imports the artifact it brings in.
    const st = lib(r, 'pkg:maven/org.springframework.ai/spring-ai-starter-model-anthropic@1.0.0');
    assert.deepEqual([st?.properties['lantern:provider'], st?.properties['lantern:imported']], ['anthropic', 'true']);
    assert.ok(st?.evidence.some((e) => e.path === 'src/Chat.java' && e.line === 4), JSON.stringify(st?.evidence));
    assert.equal(lib(r, 'pkg:maven/dev.langchain4j/langchain4j@1.0.0')?.properties['lantern:provider'], 'langchain');
    assert.deepEqual(r.findings.filter((f) => f.ruleId === 'sdk/undeclared-dependency'), []);
    const svc = (p: string) => r.components.find((c) => c.ref === `service:${p}`);
    assert.deepEqual(r.components.filter((c) => c.kind === 'service').map((c) => c.ref).sort(), ['service:anthropic', 'service:aws-bedrock', 'service:google', 'service:openai']);
    assert.equal(svc('openai')?.properties['lantern:used-through'], 'dev.langchain4j:langchain4j-open-ai');
    assert.equal(svc('openai')?.properties['lantern:files'], 'src/Chat.java');
    assert.equal(svc('anthropic')?.properties['lantern:used-through'], 'org.springframework.ai:spring-ai-starter-model-anthropic');
    assert.equal(svc('google')?.properties['lantern:used-through'], 'dev.langchain4j:langchain4j-google-ai-gemini');
    assert.equal(svc('aws-bedrock')?.properties['lantern:used-through'], 'org.springframework.ai:spring-ai-bedrock-converse');
    assert.equal(lib(r, 'pkg:maven/org.springframework.ai/spring-ai-bedrock-converse@')?.version, '1.0.0');
    const bom = JSON.parse(toCycloneDxJson(r, '1.6', { SOURCE_DATE_EPOCH: '0' })) as { dependencies?: { ref: string; dependsOn?: string[] }[] };
    assert.deepEqual(bom.dependencies?.find((d) => d.ref === 'pkg:maven/dev.langchain4j/langchain4j-open-ai@1.0.0')?.dependsOn, ['service:openai']);
  });

  it('LangChain4j before 1.0: an import of dev.langchain4j.model.vertexai joins the Vertex module the pom declares, PaLM or Gemini', async () => {
    const pom = (a: string) => `<project><dependencies><dependency><groupId>dev.langchain4j</groupId><artifactId>${a}</artifactId><version>0.35.0</version></dependency></dependencies></project>\n`;
    const code = 'package x;\nimport dev.langchain4j.model.vertexai.VertexAiGeminiChatModel;\nclass A {}\n';
    for (const a of ['langchain4j-vertex-ai-gemini', 'langchain4j-vertex-ai']) {
      const r = await run({ 'pom.xml': pom(a), 'src/A.java': code });
      assert.deepEqual(libs(r).map((c) => [c.purl, c.properties['lantern:imported'], c.properties['lantern:provider']]), [[`pkg:maven/dev.langchain4j/${a}@0.35.0`, 'true', 'google']], a);
      assert.deepEqual(r.findings.filter((f) => f.ruleId === 'sdk/undeclared-dependency'), [], a);
    }
    // Declared nowhere: the package's first owner (the PaLM module), reported as undeclared.
    const r = await run({ 'src/A.java': code });
    assert.deepEqual(libs(r).map((c) => c.purl), ['pkg:maven/dev.langchain4j/langchain4j-vertex-ai']);
    assert.equal(r.findings.filter((f) => f.ruleId === 'sdk/undeclared-dependency').length, 1);
  });
  it('an import joins a declared package of another name that gives the same modules (dspy-ai, pinecone-client), not an undeclared one of its own', async () => {
    const r = await run({ 'requirements.txt': 'dspy-ai==2.4.9\npinecone-client==3.2.2\n', 'a.py': 'import dspy\nfrom pinecone import Pinecone\n' });
    assert.deepEqual(libs(r).map((c) => [c.purl, c.properties['lantern:imported']]).sort(), [['pkg:pypi/dspy-ai@2.4.9', 'true'], ['pkg:pypi/pinecone-client@3.2.2', 'true']]);
    assert.deepEqual(r.findings.filter((f) => f.ruleId === 'sdk/undeclared-dependency'), []);
  });

  it('langchaingo\'s llms packages: each a component at the module\'s version, its provider\'s client; the module is imported too', async () => {
    const r = await run({
      'go.mod': 'module example.com/app\n\ngo 1.22\n\nrequire github.com/tmc/langchaingo v0.1.13\n',
      'main.go': 'package main\n\nimport (\n\t"github.com/tmc/langchaingo/llms"\n\t"github.com/tmc/langchaingo/llms/openai"\n\t"github.com/tmc/langchaingo/llms/ollama"\n)\n\nfunc main() { _, _ = openai.New(); _, _ = ollama.New(); _ = llms.TextParts }\n',
    });
    const byPurl = Object.fromEntries(libs(r).map((c) => [c.purl, [c.version, c.properties['lantern:provider'], c.properties['lantern:client'], c.properties['lantern:declared'], c.properties['lantern:imported']]]));
    assert.deepEqual(byPurl, {
      'pkg:golang/github.com/tmc/langchaingo@v0.1.13': ['v0.1.13', 'langchain', undefined, 'true', 'true'],
      'pkg:golang/github.com/tmc/langchaingo@v0.1.13#llms/openai': ['v0.1.13', 'openai', 'api', 'true', 'true'],
      'pkg:golang/github.com/tmc/langchaingo@v0.1.13#llms/ollama': ['v0.1.13', 'ollama', 'local', 'true', 'true'],
    });
    assert.equal(libs(r).find((c) => c.properties['lantern:client'] === 'api')?.name, 'github.com/tmc/langchaingo/llms/openai');
    assert.deepEqual(r.findings.filter((f) => f.ruleId === 'sdk/undeclared-dependency'), []);
    // Ollama is a local server: no remote API service through it.
    assert.deepEqual(r.components.filter((c) => c.kind === 'service').map((c) => c.ref), ['service:openai']);
    assert.equal(r.components.find((c) => c.ref === 'service:openai')?.properties['lantern:used-through'], 'github.com/tmc/langchaingo/llms/openai');
    assert.equal(bomJsonErrors(JSON.parse(toCycloneDxJson(r, '1.6', { SOURCE_DATE_EPOCH: '0' }))), undefined);
    // Not declared: the package stands alone, without a version.
    const bare = await run({ 'main.go': 'package main\n\nimport "github.com/tmc/langchaingo/llms/anthropic"\n\nfunc main() { _, _ = anthropic.New() }\n' });
    assert.deepEqual(libs(bare).map((c) => [c.purl, c.version]), [['pkg:golang/github.com/tmc/langchaingo#llms/anthropic', undefined]]);
    assert.equal(bare.components.find((c) => c.ref === 'service:anthropic')?.properties['lantern:used-through'], 'github.com/tmc/langchaingo/llms/anthropic');
  });

  it('audit of real repositories: go.mod // indirect modules are transitive, Ollama\'s old module path, the ruby-gemini-ai fork, OpenInference, AutoGen Studio and the Mastra CLI, LiteLLM\'s Helm values, pgvector\'s image, the AI SDK\'s Google env var, GPT-3 models', async () => {
    const r = await run({
      'go/go.mod': 'module example.com\ngo 1.21\nrequire github.com/jmorganca/ollama v0.1.28\nrequire github.com/tmc/langchaingo v0.1.5\nrequire github.com/pkoukk/tiktoken-go v0.1.2 // indirect\n',
      'go/main.go': 'package main\nimport (\n\t"github.com/jmorganca/ollama/api"\n\t"github.com/tmc/langchaingo/llms"\n)\nfunc main() { c, _ := api.ClientFromEnvironment(); _ = c; _ = llms.TextParts; _ = &api.GenerateRequest{Model: "llama3"} }\n',
      'rb/Gemfile': "source 'https://rubygems.org'\ngem 'ruby-gemini-ai', '0.1.1'\n",
      'rb/a.rb': "require 'gemini-ai'\nclient = Gemini.new(credentials: { service: 'generative-language-api', api_key: ENV['GOOGLE_API_KEY'] }, options: { model: 'gemini-pro' })\n",
      'py/pyproject.toml': '[project]\nname = "x"\ndependencies = ["autogenstudio>=0.1.5", "openinference-instrumentation-smolagents", "openinference-instrumentation-pydantic-ai", "llama-index-core", "llama-index-llms-foo"]\n',
      'py/trace.py': 'from openinference.instrumentation.smolagents import SmolagentsInstrumentor\nfrom openinference.instrumentation.pydantic_ai import OpenInferenceSpanProcessor\nimport openinference_utils\nfrom llama_index.core import VectorStoreIndex\nfrom llama_index.llms.foo.base import Foo\n',
      'web/package.json': JSON.stringify({ devDependencies: { mastra: '^0.10.18' } }),
      'web/.env.example': 'GOOGLE_GENERATIVE_AI_API_KEY=\n',
      'helm/values.yaml': 'image:\n  repository: ghcr.io/berriai/litellm-database\n  tag: main-stable\nproxy_config:\n  model_list:\n    - model_name: gpt-3.5-turbo\n      litellm_params:\n        model: gpt-3.5-turbo\n',
      'compose.yml': 'services:\n  db:\n    image: pgvector/pgvector:pg16\n',
      'rs/Cargo.toml': '[package]\nname = "x"\nversion = "0.1.0"\n[dependencies]\nasync-openai = "0.28"\n',
      'rs/src/main.rs': 'use async_openai::types::CreateCompletionRequest;\nfn f() { let r = CreateCompletionRequest { model: "text-ada-001".to_owned(), ..Default::default() }; }\n',
    });
    const byName = Object.fromEntries(libs(r).map((c) => [c.name, [c.version, c.properties['lantern:transitive']]]));
    assert.deepEqual(byName['github.com/pkoukk/tiktoken-go'], ['v0.1.2', 'true']);
    assert.deepEqual(byName['github.com/jmorganca/ollama'], ['v0.1.28', undefined]);
    assert.deepEqual(byName['ruby-gemini-ai'], ['0.1.1', undefined]);
    assert.equal(byName['gemini-ai'], undefined);
    for (const n of ['autogenstudio', 'openinference-instrumentation-smolagents', 'openinference-instrumentation-pydantic-ai', 'llama-index-llms-foo', 'mastra']) assert.ok(byName[n], n);
    // A family's package the catalog does not list is the import whose dotted path is its name
    // (openinference.instrumentation.pydantic_ai, llama_index.llms.foo.base), not the family's base package.
    assert.deepEqual([byName['openinference-instrumentation'], byName['llama-index']], [undefined, undefined]);
    // A hostile import path thousands of segments deep is matched against the families in one pass.
    const t0 = performance.now();
    const deep = await run({ 'pyproject.toml': '[project]\nname = "x"\ndependencies = ["llama-index-llms-foo"]\n', 'deep.py': `import llama_index.llms.foo.${'x.'.repeat(20_000)}y\n` });
    assert.ok(performance.now() - t0 < 10_000, `${performance.now() - t0} ms`);
    assert.ok(libs(deep).some((c) => c.name === 'llama-index-llms-foo'));
    assert.equal(libs(r).find((c) => c.name === 'llama-index-llms-foo')?.properties['lantern:imported'], 'true');
    // Only AutoGen Studio is declared and never imported (the Mastra CLI has no JS code to be imported by).
    const undeclared = r.findings.filter((f) => f.ruleId === 'sdk/undeclared-dependency').map((f) => f.message.split(' ')[0]).sort();
    assert.deepEqual(undeclared, ['autogenstudio']);
    assert.equal(r.components.find((c) => c.ref === 'service:google')?.properties['lantern:env-vars'], 'GOOGLE_API_KEY, GOOGLE_GENERATIVE_AI_API_KEY');
    assert.deepEqual(modelsByService(r).openai?.split(', ').sort(), ['gpt-3.5-turbo', 'text-ada-001']);
    assert.equal(modelsByService(r).ollama, 'llama3');
    assert.ok(r.components.some((c) => c.kind === 'container' && c.name.startsWith('pgvector/pgvector')), JSON.stringify(r.components.filter((c) => c.kind === 'container')));
    // The Helm chart's image map (repository and tag).
    const litellm = r.components.find((c) => c.kind === 'container' && c.name === 'ghcr.io/berriai/litellm-database');
    assert.deepEqual([litellm?.version, litellm?.properties['lantern:image-sources'], litellm?.evidence.map((e) => `${e.path}:${e.line}`)], ['main-stable', 'helm', ['helm/values.yaml:2']]);
  });

  it('Genkit plugins and Semantic Kernel connectors are their provider\'s clients (Semantic Kernel by its csproj: C# code is not read)', async () => {
    const r = await run({
      'package.json': JSON.stringify({ dependencies: { genkit: '^1.0.0', '@genkit-ai/googleai': '^1.0.0', 'genkitx-openai': '^0.20.0', 'genkitx-ollama': '^1.0.0' } }),
      'flow.ts': "import { genkit } from 'genkit';\nimport { googleAI } from '@genkit-ai/googleai';\nimport { openAI } from 'genkitx-openai';\nimport { ollama } from 'genkitx-ollama';\nexport const ai = genkit({ plugins: [googleAI(), openAI(), ollama()] });\n",
      'App.csproj': '<Project Sdk="Microsoft.NET.Sdk">\n  <ItemGroup>\n    <PackageReference Include="Microsoft.SemanticKernel" Version="1.30.0" />\n    <PackageReference Include="Microsoft.SemanticKernel.Connectors.OpenAI" Version="1.30.0" />\n    <PackageReference Include="Microsoft.SemanticKernel.Connectors.Ollama" Version="1.30.0-alpha" />\n  </ItemGroup>\n</Project>\n',
    });
    const row = (c: Component | undefined) => [c?.properties['lantern:provider'], c?.properties['lantern:client']];
    const named = (name: string) => libs(r).find((c) => c.name === name);
    assert.deepEqual(row(named('@genkit-ai/googleai')), ['google', 'api']);
    assert.deepEqual(row(named('genkitx-openai')), ['openai', 'api']);
    assert.deepEqual(row(named('genkitx-ollama')), ['ollama', 'local']);
    assert.deepEqual(row(named('genkit')), ['google', undefined]);
    assert.deepEqual(row(lib(r, 'pkg:nuget/microsoft.semantickernel.connectors.openai@1.30.0')), ['openai', 'api']);
    assert.deepEqual(row(lib(r, 'pkg:nuget/microsoft.semantickernel.connectors.ollama@1.30.0-alpha')), ['ollama', 'local']);
    assert.deepEqual(row(lib(r, 'pkg:nuget/microsoft.semantickernel@1.30.0')), ['microsoft', undefined]);
    const svc = (p: string) => r.components.find((c) => c.ref === `service:${p}`);
    assert.deepEqual(r.components.filter((c) => c.kind === 'service').map((c) => c.ref).sort(), ['service:google', 'service:openai']);
    assert.equal(svc('google')?.properties['lantern:used-through'], '@genkit-ai/googleai');
    assert.equal(svc('openai')?.properties['lantern:used-through'], 'genkitx-openai');
  });

  it('LangChain4j, Spring AI, langchaingo, Genkit and Semantic Kernel decoys: their core packages make no service; their Ollama integrations make no remote API service', async () => {
    const r = await run({
      'pom.xml': '<project><dependencies><dependency><groupId>dev.langchain4j</groupId><artifactId>langchain4j</artifactId><version>1.0.0</version></dependency><dependency><groupId>org.springframework.ai</groupId><artifactId>spring-ai-client-chat</artifactId><version>1.0.0</version></dependency><dependency><groupId>dev.langchain4j</groupId><artifactId>langchain4j-ollama</artifactId><version>1.0.0</version></dependency><dependency><groupId>org.springframework.ai</groupId><artifactId>spring-ai-starter-model-ollama</artifactId><version>1.0.0</version></dependency></dependencies></project>\n',
      'src/A.java': 'package x;\nimport dev.langchain4j.model.chat.ChatLanguageModel;\nimport dev.langchain4j.model.openaix.Fake;\nimport org.springframework.ai.chat.client.ChatClient;\nimport dev.langchain4j.model.ollama.OllamaChatModel;\nimport org.springframework.ai.ollama.OllamaChatModel;\nclass A {}\n',
      'go.mod': 'module example.com/app\n\nrequire github.com/tmc/langchaingo v0.1.13\n',
      'main.go': 'package main\n\nimport (\n\t"github.com/tmc/langchaingo/llms"\n\t"github.com/tmc/langchaingo/chains"\n\t"github.com/tmc/langchaingo/llms/ollama"\n)\n',
      'package.json': JSON.stringify({ dependencies: { genkit: '^1.0.0', '@genkit-ai/firebase': '^1.0.0', 'genkitx-ollama': '^1.0.0' } }),
      'flow.ts': "import { genkit } from 'genkit';\nimport { enableFirebaseTelemetry } from '@genkit-ai/firebase';\nimport { ollama } from 'genkitx-ollama';\n",
      'App.csproj': '<Project Sdk="Microsoft.NET.Sdk">\n  <ItemGroup>\n    <PackageReference Include="Microsoft.SemanticKernel" Version="1.30.0" />\n  </ItemGroup>\n</Project>\n',
    });
    assert.deepEqual(r.components.filter((c) => c.kind === 'service').map((c) => c.ref), []);
    assert.equal(lib(r, 'pkg:maven/dev.langchain4j/langchain4j-ollama@1.0.0')?.properties['lantern:client'], 'local');
    assert.equal(lib(r, 'pkg:maven/org.springframework.ai/spring-ai-starter-model-ollama@1.0.0')?.properties['lantern:imported'], 'true');
    assert.equal(lib(r, 'pkg:maven/dev.langchain4j/langchain4j@1.0.0')?.properties['lantern:client'], undefined);
    assert.deepEqual(r.findings.filter((f) => f.ruleId === 'sdk/undeclared-dependency').map((f) => f.message), []);
  });

  it('a tracing or vector store host beside an LLM client (LangSmith, Langfuse, Pinecone: noModels) takes none of its models and re-targets no client', async () => {
    const r = await run({
      'rag.py': 'import os\nfrom langchain_openai import ChatOpenAI\nos.environ["LANGSMITH_ENDPOINT"] = "https://api.smith.langchain.com"\nllm = ChatOpenAI(model="gpt-4o")\n',
      'trace.ts': "import Anthropic from '@anthropic-ai/sdk';\nconst LANGFUSE = 'https://cloud.langfuse.com';\nconst PINECONE = 'https://api.pinecone.io';\nawait new Anthropic().messages.create({ model: 'claude-3-5-haiku-latest', max_tokens: 10, messages: [] });\n",
    });
    assert.deepEqual(modelsByService(r), { anthropic: 'claude-3-5-haiku-latest', langfuse: undefined, langsmith: undefined, openai: 'gpt-4o', pinecone: undefined });
  });

  it('smolagents: its model classes call their providers with the model first (InferenceClientModel, HfApiModel, OpenAIServerModel); a file that uses none calls none', async () => {
    const r = await run({
      'requirements.txt': 'smolagents==1.15.0\n',
      'hf.py': 'from smolagents import CodeAgent, HfApiModel\nmodel = HfApiModel(model_id="Qwen/Qwen2.5-Coder-32B-Instruct")\n',
      'ic.py': 'from smolagents import InferenceClientModel\nm = InferenceClientModel("meta-llama/Llama-3.3-70B-Instruct")\n',
      'oa.py': 'from smolagents import OpenAIServerModel\nm = OpenAIServerModel(model_id="gpt-4o-mini")\n',
      'tools.py': 'from smolagents import tool\n',
    });
    const svc = (p: string) => r.components.find((c) => c.ref === `service:${p}`);
    assert.equal(svc('huggingface')?.properties['lantern:models'], 'Qwen/Qwen2.5-Coder-32B-Instruct, meta-llama/Llama-3.3-70B-Instruct');
    assert.equal(svc('openai')?.properties['lantern:models'], 'gpt-4o-mini');
    assert.ok(!r.components.some((c) => c.kind === 'service' && c.evidence.some((e) => e.path === 'tools.py')));
  });

  it('go-openai: DefaultAzureConfig calls Azure OpenAI, DefaultConfig and NewClient OpenAI; a file that uses neither, the package\'s provider', async () => {
    const r = await run({
      'go.mod': 'module x\n\ngo 1.22\n\nrequire github.com/sashabaranov/go-openai v1.36.0\n',
      'azure.go': 'package x\n\nimport "github.com/sashabaranov/go-openai"\n\nvar c = openai.NewClientWithConfig(openai.DefaultAzureConfig(key, url))\nvar r = openai.ChatCompletionRequest{Model: openai.GPT4o}\n',
      'plain.go': 'package x\n\nimport "github.com/sashabaranov/go-openai"\n\nvar d = openai.NewClient(key)\nvar q = openai.ChatCompletionRequest{Model: openai.GPT4oMini}\n',
    });
    const svc = (p: string) => r.components.find((c) => c.ref === `service:${p}`);
    assert.equal(svc('azure-openai')?.properties['lantern:models'], 'gpt-4o');
    assert.equal(svc('openai')?.properties['lantern:models'], 'gpt-4o-mini');
  });

  it("Go's and Rust's client base URL options at a host the catalog does not list are that unlisted endpoint, not the client maker's API; without an AI import they are nothing", async () => {
    const r = await run({
      'go/go.mod': 'module x\n\ngo 1.22\n\nrequire (\n\tgithub.com/openai/openai-go v1.12.0\n\tgithub.com/sashabaranov/go-openai v1.36.0\n)\n',
      'go/a.go': 'package ai\n\nimport (\n\t"github.com/openai/openai-go"\n\t"github.com/openai/openai-go/option"\n)\n\nvar c = openai.NewClient(option.WithBaseURL("https://llm.internal.example.com/v1"))\n',
      'go/b.go': 'package ai\n\nimport openai "github.com/sashabaranov/go-openai"\n\nfunc n() { cfg := openai.DefaultConfig(k); cfg.BaseURL = "https://proxy.example.net/v1"; _ = openai.NewClientWithConfig(cfg) }\n',
      'rs/Cargo.toml': '[package]\nname = "x"\nversion = "0.1.0"\n\n[dependencies]\nasync-openai = "0.25"\n',
      'rs/src/main.rs': 'use async_openai::{config::OpenAIConfig, Client};\nfn main() {\n    let config = OpenAIConfig::new().with_api_base("https://api.keywordsai.co/api");\n    let client = Client::with_config(config);\n}\n',
      // Decoy: a struct's BaseURL in a file that imports no AI package.
      'other/c.go': 'package other\n\nimport "net/http"\n\nvar cfg = Config{BaseURL: "https://api.example.org/v2"}\nvar _ = http.Get\n',
    });
    const svc = r.components.filter((c) => c.kind === 'service').map((c) => `${c.ref} ${c.properties['lantern:endpoints'] ?? ''}`);
    assert.deepEqual(svc, ['service:unlisted https://api.keywordsai.co/api https://llm.internal.example.com/v1 https://proxy.example.net/v1']);
  });

  it("Go SDKs' sub-packages that send the client elsewhere: anthropic-sdk-go's bedrock / vertex options, openai-go's azure options; a file that uses none calls the maker's API", async () => {
    const r = await run({
      'go.mod': 'module x\n\ngo 1.22\n\nrequire (\n\tgithub.com/anthropics/anthropic-sdk-go v1.9.1\n\tgithub.com/openai/openai-go v1.12.0\n)\n',
      'bedrock/c.go': 'package bedrock\n\nimport (\n\t"github.com/anthropics/anthropic-sdk-go"\n\t"github.com/anthropics/anthropic-sdk-go/bedrock"\n)\n\nvar c = anthropic.NewClient(bedrock.WithLoadDefaultConfig(ctx))\n',
      'vertex/c.go': 'package vertex\n\nimport (\n\t"github.com/anthropics/anthropic-sdk-go"\n\t"github.com/anthropics/anthropic-sdk-go/vertex"\n)\n\nvar c = anthropic.NewClient(vertex.WithGoogleAuth(ctx, "us-east5", "proj"))\n',
      'azure/c.go': 'package azure\n\nimport (\n\t"github.com/openai/openai-go"\n\t"github.com/openai/openai-go/azure"\n)\n\nvar c = openai.NewClient(azure.WithEndpoint(endpoint, "2024-06-01"), azure.WithAPIKey(key))\n',
      'direct/a.go': 'package direct\n\nimport "github.com/anthropics/anthropic-sdk-go"\n\nvar c = anthropic.NewClient() // not bedrock.WithLoadDefaultConfig\n',
      'direct/o.go': 'package direct\n\nimport "github.com/openai/openai-go"\n\nvar o = openai.NewClient()\n',
    });
    const files = (p: string) => [...new Set(r.components.find((c) => c.ref === `service:${p}`)?.evidence.map((e) => e.path).filter((x) => x.endsWith('.go')))].sort();
    assert.deepEqual(files('aws-bedrock'), ['bedrock/c.go']);
    assert.deepEqual(files('google'), ['vertex/c.go']);
    assert.deepEqual(files('azure-openai'), ['azure/c.go']);
    assert.deepEqual(files('anthropic'), ['direct/a.go']);
    assert.deepEqual(files('openai'), ['direct/o.go']);
  });

  it('Go and Rust catalog entries: eino-ext components are modules of their own with their provider, aws-sdk-go v1 through its Bedrock packages, deepseek-go, llm-chain and tiktoken-rs; a look-alike module and aws-sdk-go used for S3 alone are none', async () => {
    const r = await run({
      'go.mod': 'module x\n\ngo 1.22\n\nrequire (\n\tgithub.com/cloudwego/eino-ext/components/model/ark v0.1.29\n\tgithub.com/aws/aws-sdk-go v1.55.5\n\tgithub.com/cohesion-org/deepseek-go v1.2.8\n\tgithub.com/cloudwego/eino-ext-fork v0.1.0\n)\n',
      'm.go': 'package x\n\nimport (\n\t"github.com/cloudwego/eino-ext/components/model/ark"\n\t"github.com/aws/aws-sdk-go/service/bedrockruntime"\n\tdeepseek "github.com/cohesion-org/deepseek-go"\n\t"github.com/aws/aws-sdk-go/service/s3"\n)\n',
      'rs/Cargo.toml': '[package]\nname = "x"\nversion = "0.1.0"\n\n[dependencies]\nllm-chain = "0.13"\nllm-chain-openai = "0.13"\ntiktoken-rs = "0.5"\n',
      'rs/src/main.rs': 'use llm_chain::executor;\nuse llm_chain_openai::chatgpt::Executor;\nuse tiktoken_rs::cl100k_base;\n',
    });
    assert.deepEqual(libs(r).map((c) => `${c.name} ${c.version ?? '-'} ${c.properties['lantern:provider']}`).sort(), [
      'github.com/aws/aws-sdk-go v1.55.5 aws-bedrock',
      'github.com/cloudwego/eino-ext/components/model/ark v0.1.29 volcengine',
      'github.com/cohesion-org/deepseek-go v1.2.8 deepseek',
      'llm-chain - multi',
      'llm-chain-openai - openai',
      'tiktoken-rs - openai',
    ]);
    assert.deepEqual(r.findings.filter((f) => f.ruleId === 'sdk/undeclared-dependency' && f.location.path.endsWith('.go')).map((f) => f.message), []);
    const s3 = await run({
      'go.mod': 'module x\n\ngo 1.22\n\nrequire github.com/aws/aws-sdk-go v1.55.5\n',
      'm.go': 'package x\n\nimport "github.com/aws/aws-sdk-go/service/s3"\n',
    });
    assert.deepEqual(libs(s3), []);
  });

  it('Semantic Kernel in C#: the OpenAI connector\'s Azure extensions call Azure OpenAI only; a namespace a declared family package is named for imports it', async () => {
    const r = await run({
      'az/Program.cs': 'using Microsoft.SemanticKernel;\nusing Microsoft.SemanticKernel.Connectors.OpenAI;\nvar b = Kernel.CreateBuilder();\nb.AddAzureOpenAIChatCompletion("gpt-4o", "https://contoso.openai.azure.com/", key);\nvar s = new OpenAIPromptExecutionSettings { Temperature = 0 };\n',
      'oa/Program.cs': 'using Microsoft.SemanticKernel;\nusing Microsoft.SemanticKernel.Connectors.OpenAI;\nKernel.CreateBuilder().AddOpenAIChatCompletion("gpt-4o-mini", key);\n',
      'agents/App.csproj': '<Project Sdk="Microsoft.NET.Sdk">\n  <ItemGroup>\n    <PackageReference Include="Microsoft.SemanticKernel" Version="1.41.0" />\n    <PackageReference Include="Microsoft.SemanticKernel.Agents.Core" Version="1.41.0-preview" />\n  </ItemGroup>\n</Project>\n',
      'agents/Program.cs': 'using Microsoft.SemanticKernel;\nusing Microsoft.SemanticKernel.Agents;\nvar agent = new ChatCompletionAgent { Name = "a" };\n',
    });
    const svc = (p: string) => r.components.find((c) => c.ref === `service:${p}`);
    assert.deepEqual(svc('azure-openai')?.evidence.map((e) => e.path).filter((p) => p.endsWith('.cs')).sort(), ['az/Program.cs', 'az/Program.cs']);
    assert.equal(svc('openai')?.properties['lantern:models'], 'gpt-4o-mini');
    assert.ok(!svc('openai')?.evidence.some((e) => e.path === 'az/Program.cs'), JSON.stringify(svc('openai')?.evidence));
    assert.equal(lib(r, 'pkg:nuget/microsoft.semantickernel.agents.core@1.41.0-preview')?.properties['lantern:imported'], 'true');
    assert.deepEqual(r.findings.filter((f) => f.ruleId === 'sdk/undeclared-dependency' && f.location.path.startsWith('agents/')).map((f) => f.message), []);
  });

  it("Semantic Kernel's connectors are used through their extension methods, which live in Microsoft.SemanticKernel: a call imports the connector; a method of another name or a decoy does not", async () => {
    const r = await run({
      'App.csproj': '<Project Sdk="Microsoft.NET.Sdk.Web">\n  <ItemGroup>\n    <PackageReference Include="Microsoft.SemanticKernel" Version="1.30.0" />\n    <PackageReference Include="Microsoft.SemanticKernel.Connectors.Ollama" Version="1.30.0-alpha" />\n    <PackageReference Include="Microsoft.SemanticKernel.Connectors.Google" Version="1.30.0-alpha" />\n    <PackageReference Include="Microsoft.SemanticKernel.Connectors.MistralAI" Version="1.30.0-alpha" />\n  </ItemGroup>\n</Project>\n',
      'Program.cs': 'using Microsoft.SemanticKernel;\nvar builder = Kernel.CreateBuilder();\nbuilder.AddOllamaChatCompletion(cfg["Ollama:ModelId"]!, new Uri("http://localhost:11434"));\nbuilder.Services.AddGoogleAIEmbeddingGenerator<string>(cfg["Gemini:Model"]!, key);\n// builder.AddMistralChatCompletion("mistral-large-latest", key);\nvar s = "AddMistralChatCompletion(";\nAddMistralChatCompletion(x);\n',
    });
    assert.deepEqual(libs(r).map((c) => `${c.name} ${c.properties['lantern:imported']} ${c.evidence.filter((e) => e.path.endsWith('.cs')).map((e) => e.line).join(',')}`).sort(), [
      'Microsoft.SemanticKernel true 1',
      'Microsoft.SemanticKernel.Connectors.Google true 4',
      'Microsoft.SemanticKernel.Connectors.MistralAI false ',
      'Microsoft.SemanticKernel.Connectors.Ollama true 3',
    ]);
    assert.deepEqual(r.findings.filter((f) => f.ruleId === 'sdk/undeclared-dependency').map((f) => f.message.split(' ')[0]), ['Microsoft.SemanticKernel.Connectors.MistralAI']);
  });

  it('JS/TS: model names given to the AI SDK providers as their first argument are on their services; decoys are not', async () => {
    const r = await run({
      'a.ts': "import { openai } from '@ai-sdk/openai';\nimport { generateText } from 'ai';\nconst r = await generateText({ model: openai('gpt-4o-mini'), prompt: 'hi' });\nconst e = openai.textEmbeddingModel('text-embedding-3-small');\n",
      'b.ts': "import { createAnthropic } from '@ai-sdk/anthropic';\nconst anthropic = createAnthropic({});\nexport const m = anthropic('claude-3-5-sonnet-latest');\n",
      // Through Groq, a Llama model is Groq's (the file imports Groq's client).
      'g.ts': "import { groq } from '@ai-sdk/groq';\nexport const m = groq('llama-3.1-8b-instant');\n",
      // Decoys: a logged literal, a second argument, a comment, a concatenation, a template with a
      // substitution, a method of another object, and a first argument that is no model name.
      'd.ts': "import { openai } from '@ai-sdk/openai';\nconsole.log('gpt-4-turbo');\nopenai(pick(), 'gpt-3.5-turbo');\n// openai('o1-mini')\nopenai('gpt-' + v);\nopenai(`gpt-4.1-${size}`);\nclient.chat('gpt-4.1');\nopenai('my-deployment');\n",
    });
    const svc = (p: string) => r.components.find((c) => c.ref === `service:${p}`);
    assert.equal(svc('openai')?.properties['lantern:models'], 'gpt-4o-mini, text-embedding-3-small');
    assert.equal(svc('anthropic')?.properties['lantern:models'], 'claude-3-5-sonnet-latest');
    assert.equal(svc('groq')?.properties['lantern:models'], 'llama-3.1-8b-instant');
    assert.equal(svc('meta'), undefined);
    assert.ok(svc('openai')?.evidence.some((e) => e.path === 'a.ts' && e.line === 3 && e.column === 46), JSON.stringify(svc('openai')?.evidence));
  });

  it('Python and notebooks: model names given to GenerativeModel, init_chat_model and dspy.LM as their first argument are on their services; decoys are not', async () => {
    const nb = JSON.stringify({ cells: [{ cell_type: 'code', metadata: {}, outputs: [], source: ['import vertexai\n', 'from vertexai.generative_models import GenerativeModel\n', 'm = GenerativeModel("gemini-1.5-flash-002")\n'] }], metadata: {}, nbformat: 4, nbformat_minor: 5 });
    const r = await run({
      'g.py': 'import google.generativeai as genai\nm = genai.GenerativeModel("gemini-1.5-pro")\n',
      'n.ipynb': nb,
      'l.py': 'from langchain.chat_models import init_chat_model\nc = init_chat_model("claude-3-5-sonnet-latest", model_provider="anthropic")\n',
      'd.py': 'import dspy\nlm = dspy.LM("openai/gpt-4o-mini")\n',
      // Decoys: a printed literal, a second argument, a comment, a concatenation, an f-string,
      // and a GenerativeModel of something else whose argument is no model name.
      'x.py': 'import google.generativeai as genai\nprint("gemini-1.0-pro")\ngenai.GenerativeModel(name, "gemini-1.5-flash-8b")\n# genai.GenerativeModel("gemini-2.0-flash")\ngenai.GenerativeModel("gemini-" + v)\ngenai.GenerativeModel(f"gemini-{v}")\nwidgets.GenerativeModel("layout-2")\n',
    });
    const svc = (p: string) => r.components.find((c) => c.ref === `service:${p}`);
    assert.equal(svc('google')?.properties['lantern:models'], 'gemini-1.5-flash-002, gemini-1.5-pro');
    assert.equal(svc('anthropic')?.properties['lantern:models'], 'claude-3-5-sonnet-latest');
    assert.equal(svc('openai')?.properties['lantern:models'], 'openai/gpt-4o-mini');
    assert.ok(svc('google')?.evidence.some((e) => e.path === 'n.ipynb' && e.cell === 0 && e.line === 3 && e.column === 21), JSON.stringify(svc('google')?.evidence));
  });

  it('a model goes where the base URL of its own call points: one call apart from another of the same client (Python, instances, routers, CrewAI, JS/TS, Java chains, notebook cells)', async () => {
    const nb = (cells: string[][]) => JSON.stringify({ cells: cells.map((source) => ({ cell_type: 'code', metadata: {}, outputs: [], source })), metadata: {}, nbformat: 4, nbformat_minor: 5 });
    const cases: [string, Record<string, string>, Record<string, string>][] = [
      [
        'three ChatOpenAI calls',
        { 'a.py': 'from langchain_openai import ChatOpenAI\nfast = ChatOpenAI(model="llama3", base_url="http://localhost:11434/v1")\nsmart = ChatOpenAI(model="gpt-4o")\nbig = ChatOpenAI(model="meta-llama/Llama-3-70b-chat-hf", base_url="https://api.together.xyz/v1")\n' },
        { ollama: 'llama3', openai: 'gpt-4o', together: 'meta-llama/Llama-3-70b-chat-hf' },
      ],
      [
        'methods of two client instances',
        { 'a.py': 'import os\nfrom openai import OpenAI\nlocal = OpenAI(base_url="http://localhost:11434/v1", api_key="ollama")\ncloud = OpenAI(api_key=os.environ["OPENAI_API_KEY"])\ndef ask(q):\n    a = local.chat.completions.create(model="llama3.1", messages=[])\n    return cloud.chat.completions.create(model="gpt-4o-mini", messages=[])\n' },
        { ollama: 'llama3.1', openai: 'gpt-4o-mini' },
      ],
      [
        'a router: the route of a call without a base URL',
        { 'a.py': 'import litellm\nlitellm.completion(model="mistral", api_base="http://localhost:11434", messages=m)\nlitellm.completion(model="groq/llama-3.1-8b-instant", messages=m)\n' },
        { groq: 'groq/llama-3.1-8b-instant', ollama: 'mistral' },
      ],
      [
        "CrewAI's LLM: the maker of a model given no base URL",
        { 'a.py': 'from crewai import LLM\nllm1 = LLM(model="gpt-4o")\nllm2 = LLM(model="deepseek-chat", base_url="https://api.deepseek.com/v1")\n' },
        { deepseek: 'deepseek-chat', openai: 'gpt-4o' },
      ],
      [
        'JS/TS instances of one class',
        { 'a.ts': "import OpenAI from 'openai';\nconst groq = new OpenAI({ baseURL: 'https://api.groq.com/openai/v1', apiKey: process.env.GROQ_API_KEY });\nconst oai = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });\nawait groq.chat.completions.create({ model: 'llama-3.3-70b-versatile', messages: [] });\nawait oai.chat.completions.create({ model: 'gpt-4.1', messages: [] });\n" },
        { groq: 'llama-3.3-70b-versatile', openai: 'gpt-4.1' },
      ],
      [
        'Java builder chains',
        { 'src/main/java/A.java': 'import dev.langchain4j.model.openai.OpenAiChatModel;\nclass A {\n  ChatModel local = OpenAiChatModel.builder().baseUrl("http://localhost:11434/v1").modelName("llama3.2").build();\n  ChatModel cloud = OpenAiChatModel.builder().apiKey(k).modelName("gpt-4o-mini").build();\n}\n' },
        { ollama: 'llama3.2', openai: 'gpt-4o-mini' },
      ],
      [
        'notebook cells: the same place in two cells is two calls',
        { 'n.ipynb': nb([['from langchain_openai import ChatOpenAI\n'], ['m = ChatOpenAI(model="gpt-4o", base_url="https://api.groq.com/openai/v1")\n'], ['m = ChatOpenAI(model="gpt-4o-mini")\n']]) },
        { groq: 'gpt-4o', openai: 'gpt-4o-mini' },
      ],
      [
        'notebook cells: clients bound in one cell, called in later ones',
        { 'n.ipynb': nb([['from openai import OpenAI\n'], ['local = OpenAI(base_url="http://localhost:11434/v1", api_key="ollama")\n', 'cloud = OpenAI()\n'], ['r1 = local.chat.completions.create(model="llama3.2", messages=[])\n'], ['r2 = cloud.chat.completions.create(model="gpt-4o-mini", messages=[])\n']]) },
        { ollama: 'llama3.2', openai: 'gpt-4o-mini' },
      ],
      [
        'another client class with no base URL: local chat, cloud embeddings; a provider client serving open models',
        { 'a.py': 'from langchain_openai import ChatOpenAI, OpenAIEmbeddings\nfrom langchain_groq import ChatGroq\nllm = ChatOpenAI(model="llama3.1:8b", base_url="http://localhost:11434/v1", api_key="ollama")\nemb = OpenAIEmbeddings(model="text-embedding-3-small")\nfast = ChatGroq(model="llama-3.1-70b-versatile")\n' },
        { groq: 'llama-3.1-70b-versatile', ollama: 'llama3.1:8b', openai: 'text-embedding-3-small' },
      ],
      [
        'one name bound in two functions, and a class of a module the file imports',
        {
          'a.py': 'import openai\ndef local(q):\n    client = openai.OpenAI(base_url="http://localhost:11434/v1")\n    return client.chat.completions.create(model="llama3.2", messages=q)\ndef cloud(q):\n    client = openai.OpenAI()\n    return client.chat.completions.create(model="gpt-4o-mini", messages=q)\n',
          'b.ts': "import OpenAI from 'openai';\nexport async function local() {\n  const client = new OpenAI({ baseURL: 'http://localhost:1234/v1' });\n  return client.chat.completions.create({ model: 'qwen2.5-7b-instruct', messages: [] });\n}\nexport async function cloud() {\n  const client = new OpenAI();\n  return client.chat.completions.create({ model: 'gpt-4o', messages: [] });\n}\n",
        },
        { lmstudio: 'qwen2.5-7b-instruct', ollama: 'llama3.2', openai: 'gpt-4o, gpt-4o-mini' },
      ],
      [
        "LangChain JS's configuration: { baseURL }, and a base URL held in a constant",
        {
          'a.ts': "import { ChatOpenAI } from '@langchain/openai';\nimport { ChatAnthropic } from '@langchain/anthropic';\nconst local = new ChatOpenAI({ model: 'llama3.1', configuration: { baseURL: 'http://localhost:11434/v1' } });\nconst cloud = new ChatOpenAI({ model: 'gpt-4o' });\nconst claude = new ChatAnthropic({ model: 'claude-3-5-sonnet-20241022' });\n",
          'b.py': 'from openai import OpenAI\nBASE_URL = "http://localhost:8000/v1"\nvllm = OpenAI(base_url=BASE_URL, api_key="EMPTY")\noa = OpenAI()\nvllm.chat.completions.create(model="mistralai/Mistral-7B-Instruct-v0.3", messages=[])\noa.chat.completions.create(model="gpt-4o-mini", messages=[])\n',
        },
        { anthropic: 'claude-3-5-sonnet-20241022', ollama: 'llama3.1', openai: 'gpt-4o, gpt-4o-mini', unlisted: 'mistralai/Mistral-7B-Instruct-v0.3' },
      ],
      [
        'CommonJS: instances of a class a require binds',
        { 'a.js': "const OpenAI = require('openai')\nconst local = new OpenAI({ baseURL: 'http://localhost:11434/v1', apiKey: 'ollama' })\nconst cloud = new OpenAI({ apiKey: process.env.OPENAI_API_KEY })\nasync function main() {\n  await local.chat.completions.create({ model: 'llama3.2', messages: [] })\n  await cloud.chat.completions.create({ model: 'gpt-4o', messages: [] })\n}\n" },
        { ollama: 'llama3.2', openai: 'gpt-4o' },
      ],
      [
        'a client class imported under an alias',
        { 'a.py': 'from openai import OpenAI as OAI\nlocal = OAI(base_url="http://localhost:11434/v1", api_key="ollama")\ncloud = OAI()\nlocal.chat.completions.create(model="llama3.2", messages=[])\ncloud.chat.completions.create(model="gpt-4o-mini", messages=[])\n' },
        { ollama: 'llama3.2', openai: 'gpt-4o-mini' },
      ],
      [
        'a model a constant holds, given by name to one call',
        { 'a.py': 'import os\nfrom openai import OpenAI\nEMBED_MODEL = os.getenv("EMBED_MODEL", "text-embedding-3-small")\nlocal = OpenAI(base_url="http://localhost:11434/v1", api_key="ollama")\ncloud = OpenAI()\ndef embed(texts):\n    return cloud.embeddings.create(model=EMBED_MODEL, input=texts)\ndef chat(q):\n    return local.chat.completions.create(model="llama3.2", messages=q)\n' },
        { ollama: 'llama3.2', openai: 'text-embedding-3-small' },
      ],
      [
        'a model string naming its route, given to a known call with no base URL; a wrapper of the app is no such call',
        {
          'a.py': 'import dspy\nlocal_lm = dspy.LM("ollama_chat/llama3.2", api_base="http://localhost:11434", api_key="")\ncloud_lm = dspy.LM("openai/gpt-4o-mini")\n',
          'b.ts': "import { ChatOpenAI } from '@langchain/openai';\nexport const getLLM = (o: { model: string }) => new ChatOpenAI({ model: o.model, configuration: { baseURL: 'https://openrouter.ai/api/v1' } });\nexport const vision = () => getLLM({ model: 'moonshotai/kimi-vl-a3b-thinking:free' });\n",
        },
        { ollama: 'ollama_chat/llama3.2', openai: 'openai/gpt-4o-mini', openrouter: 'moonshotai/kimi-vl-a3b-thinking:free' },
      ],
      [
        'an AI SDK provider factory in a file with no `new`',
        { 'a.ts': "import { createOpenAICompatible } from '@ai-sdk/openai-compatible';\nexport const lmstudio = createOpenAICompatible({ name: 'lmstudio', baseURL: 'http://192.168.100.52:1234/v1' });\nexport const gemma = lmstudio('google/gemma-3-4b');\n" },
        { unlisted: 'google/gemma-3-4b' },
      ],
      [
        "a router's call given an unlisted base URL",
        { 'a.py': 'import litellm\ndef local(q):\n    return litellm.completion(model="hosted_vllm/Qwen/Qwen2.5-7B-Instruct", api_base="http://localhost:8000/v1", messages=q)\ndef cloud(q):\n    return litellm.completion(model="gpt-4o-mini", messages=q)\n' },
        { openai: 'gpt-4o-mini', unlisted: 'hosted_vllm/Qwen/Qwen2.5-7B-Instruct' },
      ],
      [
        'AI SDK provider factories: the instance a model call is made on',
        { 'a.ts': "import { createOpenAI, openai } from '@ai-sdk/openai';\nimport { embed, generateText } from 'ai';\nconst ollama = createOpenAI({ baseURL: 'http://localhost:11434/v1' });\nexport const a = () => generateText({ model: ollama('llama3.2'), prompt: 'hi' });\nexport const e = () => embed({ model: openai.embedding('text-embedding-3-small'), value: 'hi' });\n" },
        { ollama: 'llama3.2', openai: 'text-embedding-3-small' },
      ],
      [
        // A vector store's host is no AI endpoint.
        'a vector store client given a host',
        { 'a.py': 'import chromadb\nfrom qdrant_client import QdrantClient\nchroma = chromadb.HttpClient(host="localhost", port=8000)\nq = QdrantClient(host="qdrant.internal.example.com", port=6333)\n' },
        {},
      ],
      [
        // Decoys: another maker's model given to a call with no base URL is not sent to the client's maker
        // (llama3.2 beside an Ollama-pointed ChatOpenAI runs there); a name bound twice is no one call.
        'decoys',
        { 'a.py': 'from langchain_openai import ChatOpenAI\na = ChatOpenAI(model="llama3.2")\nb = ChatOpenAI(model="qwen2.5", base_url="http://localhost:11434/v1")\n', 'b.py': 'from openai import OpenAI\nc = OpenAI(base_url="https://api.groq.com/openai/v1")\nc = OpenAI(base_url="https://api.groq.com/openai/v1")\nc.chat.completions.create(model="llama-3.1-8b-instant")\n' },
        { groq: 'llama-3.1-8b-instant', ollama: 'llama3.2, qwen2.5' },
      ],
    ];
    for (const [name, files, want] of cases) {
      const r = await run(files);
      assert.deepEqual(modelsByService(r), want, name);
    }
    // The OpenAI SDK's import calls both: the service it was pointed away from is still listed with the import.
    const r = await run(cases[1]![1]);
    const openaiSvc = r.components.find((c) => c.ref === 'service:openai');
    assert.ok(openaiSvc?.evidence.some((e) => e.path === 'a.py' && e.line === 7), JSON.stringify(openaiSvc?.evidence));
    assert.equal(openaiSvc?.properties['lantern:env-vars'], 'OPENAI_API_KEY');
  });

  it('provider:model references (LangChain, pydantic-ai, the AI SDK registry) go to the provider the prefix names', async () => {
    const r = await run({
      'lc.py': 'from langchain.chat_models import init_chat_model\na = init_chat_model("openai:gpt-4o", temperature=0)\nb = init_chat_model(model="anthropic:claude-3-5-sonnet-latest")\n',
      // Llama through Groq and a Claude id through Bedrock are Groq's and Bedrock's, not Meta's or Anthropic's.
      'pa.py': 'from pydantic_ai import Agent\nfast = Agent("groq:llama-3.3-70b-versatile")\nsafe = Agent(\'bedrock:anthropic.claude-3-5-sonnet-20240620-v1:0\', deps_type=D)\ng = Agent(model="google-gla:gemini-1.5-flash")\n',
      // The router calls the prefix's provider whatever clients the file imports.
      'mixed.py': 'import openai\nfrom langchain.chat_models import init_chat_model\nc = init_chat_model("mistralai:mistral-large-latest")\n',
      'reg.ts': "import { createProviderRegistry } from 'ai';\nimport { openai } from '@ai-sdk/openai';\nimport { anthropic } from '@ai-sdk/anthropic';\nexport const registry = createProviderRegistry({ openai, anthropic });\nexport const m = registry.languageModel('anthropic:claude-3-5-haiku-latest');\n",
      'init.ts': "import { initChatModel } from 'langchain/chat_models/universal';\nexport const c = await initChatModel('groq:llama-3.1-8b-instant');\n",
      // An AI host the file names still decides: an OpenAI-compatible Ollama server.
      'local.py': 'from langchain.chat_models import init_chat_model\nc = init_chat_model("openai:llama3.1", base_url="http://localhost:11434/v1")\n',
    });
    assert.deepEqual(modelsByService(r), {
      anthropic: 'anthropic:claude-3-5-haiku-latest, anthropic:claude-3-5-sonnet-latest',
      'aws-bedrock': 'bedrock:anthropic.claude-3-5-sonnet-20240620-v1:0',
      google: 'google-gla:gemini-1.5-flash',
      groq: 'groq:llama-3.1-8b-instant, groq:llama-3.3-70b-versatile',
      mistral: 'mistralai:mistral-large-latest',
      ollama: 'openai:llama3.1',
      openai: 'openai:gpt-4o',
    });
    const svc = (p: string) => r.components.find((c) => c.ref === `service:${p}`);
    assert.ok(svc('groq')?.evidence.some((e) => e.path === 'pa.py' && e.line === 2 && e.column === 14), JSON.stringify(svc('groq')?.evidence));
    assert.equal(svc('meta'), undefined);
    // A settings module that imports no AI package is read for its provider-prefixed model name.
    const cfg = await run({ 'settings.py': 'DEFAULTS = {"model": "google_genai:gemini-2.0-flash", "retries": 3}\n' });
    assert.equal(cfg.components.find((c) => c.ref === 'service:google')?.properties['lantern:models'], 'google_genai:gemini-2.0-flash');
  });

  it("provider/model (LiteLLM, DSPy): the prefix's provider; a client or host the file uses still serves such an id", async () => {
    const r = await run({
      'l.py': 'import litellm\nlitellm.completion(model="groq/llama3-8b-8192", messages=m)\nlitellm.completion(model="bedrock/anthropic.claude-3-haiku-20240307-v1:0", messages=m)\nlitellm.completion(model="anthropic/claude-3-5-sonnet-20241022", messages=m)\n',
      'd.py': 'import dspy\nlm = dspy.LM("ollama_chat/llama3.2", api_base="http://localhost:11434")\n',
      // Groq serves OpenAI's open-weight model under `openai/`: Groq's client decides.
      'g.py': 'from groq import Groq\nGroq().chat.completions.create(model="openai/gpt-oss-120b")\n',
    });
    assert.deepEqual(modelsByService(r), {
      anthropic: 'anthropic/claude-3-5-sonnet-20241022',
      'aws-bedrock': 'bedrock/anthropic.claude-3-haiku-20240307-v1:0',
      groq: 'groq/llama3-8b-8192, openai/gpt-oss-120b',
      ollama: 'ollama_chat/llama3.2',
    });
  });

  it('provider prefixes, decoys: Ollama tags and Bedrock ids keep their colon; unknown prefixes and non-models are no models; a fine-tune is OpenAI\'s', async () => {
    const r = await run({
      'o.py': 'import ollama\nollama.chat(model="llama3:8b")\nollama.chat(model="mistral:7b")\n',
      'b.py': 'import boto3\nb = boto3.client("bedrock-runtime")\nb.converse(model="anthropic.claude-3-haiku-20240307-v1:0")\n',
      'x.py': 'from langchain.chat_models import init_chat_model\na = init_chat_model("openai:my-finetune")\nb = init_chat_model("foo:gpt-4o")\nc = init_chat_model("openai:ft:gpt-4o-mini:org::abc")\n',
      'y.py': 'from pydantic_ai import Agent\nAgent(role="writer", goal="openai:gpt-4o")\nprint("anthropic:claude-3-5-sonnet-latest")\n',
    });
    // An OpenAI fine-tune (`ft:` and its base model) is a model, OpenAI's.
    assert.deepEqual(modelsByService(r), { 'aws-bedrock': 'anthropic.claude-3-haiku-20240307-v1:0', ollama: 'llama3:8b, mistral:7b', openai: 'openai:ft:gpt-4o-mini:org::abc' });
  });

  it('Go: model names given to generative-ai-go\'s GenerativeModel and EmbeddingModel are on the Gemini service; a name that is no model is not', async () => {
    const r = await run({
      'main.go': 'package main\n\nimport "github.com/google/generative-ai-go/genai"\n\nfunc run(client *genai.Client) {\n\tm := client.GenerativeModel("gemini-1.5-pro")\n\te := client.EmbeddingModel("text-embedding-004")\n\tx := client.GenerativeModel("my-tuned-thing")\n\t_, _, _ = m, e, x\n}\n',
    });
    const svc = r.components.find((c) => c.ref === 'service:google');
    // text-embedding-004 is Google's (the file calls Google's client), though OpenAI's names share its prefix.
    assert.equal(svc?.properties['lantern:models'], 'gemini-1.5-pro, text-embedding-004');
    assert.equal(r.components.find((c) => c.ref === 'service:openai'), undefined);
    assert.ok(svc?.evidence.some((e) => e.path === 'main.go' && e.line === 6 && e.column === 30), JSON.stringify(svc?.evidence));
  });

  it('Ruby and PHP: Gemfile/Gemfile.lock and composer.json/composer.lock give purls and locked versions; require and use sites are evidence; an undeclared gem is a finding', async () => {
    const r = await run({
      'Gemfile': "source 'https://rubygems.org'\n\ngem 'ruby-openai', '~> 7.3'\ngem 'langchainrb'\ngroup :development do\n  gem 'tiktoken_ruby'\nend\n",
      'Gemfile.lock': 'GEM\n  remote: https://rubygems.org/\n  specs:\n    langchainrb (0.19.4)\n    ruby-openai (7.3.1)\n      faraday (>= 1)\n    tiktoken_ruby (0.0.9-x86_64-linux)\n\nDEPENDENCIES\n  langchainrb\n  ruby-openai (~> 7.3)\n  tiktoken_ruby\n',
      'app.rb': "# require 'gemini-ai'\nrequire 'openai'\nrequire \"langchain/llm/openai\"\nrequire 'anthropic'\nrequire_relative 'ollama-ai'\ns = \"require 'qdrant'\"\n\nclient = OpenAI::Client.new(access_token: ENV['OPENAI_API_KEY'])\nclient.chat(parameters: { model: 'gpt-4o', messages: [] })\n",
      'composer.json': '{\n  "require": {\n    "php": ">=8.1",\n    "ext-json": "*",\n    "openai-php/client": "^0.10",\n    "google-gemini-php/client": "^1.0"\n  }\n}\n',
      'composer.lock': '{\n  "packages": [\n    { "name": "openai-php/client", "version": "v0.10.3" },\n    { "name": "google-gemini-php/client", "version": "1.0.5" }\n  ]\n}\n',
      'public/index.php': "<?php\nnamespace App;\n\nuse OpenAI\\Client;\n// use Prism\\Prism\\Prism;\n\n$client = \\OpenAI::client(getenv('OPENAI_API_KEY'));\n$r = $client->chat()->create(['model' => 'gpt-4o-mini', 'messages' => []]);\n$g = new \\Gemini\\Client('k');\nclass Agent { use \\NeuronAI\\SomeTrait; }\n",
    });
    assert.deepEqual(
      libs(r).map((c) => [c.purl, c.version, c.properties['lantern:declared'], c.properties['lantern:imported']]).sort(),
      [
        ['pkg:composer/google-gemini-php/client@1.0.5', '1.0.5', 'true', 'true'],
        ['pkg:composer/openai-php/client@0.10.3', '0.10.3', 'true', 'true'],
        ['pkg:gem/anthropic', undefined, 'false', 'true'],
        ['pkg:gem/langchainrb@0.19.4', '0.19.4', 'true', 'true'],
        ['pkg:gem/ruby-openai@7.3.1', '7.3.1', 'true', 'true'],
        ['pkg:gem/tiktoken_ruby@0.0.9', '0.0.9', 'true', 'false'],
      ],
    );
    const ev = (purl: string) => lib(r, purl)?.evidence.map((e) => `${e.path}:${e.line}${e.column !== undefined ? `:${e.column}` : ''}`);
    assert.deepEqual(ev('pkg:gem/ruby-openai@'), ['Gemfile:3', 'app.rb:2:9']);
    assert.deepEqual(ev('pkg:gem/langchainrb@'), ['Gemfile:4', 'app.rb:3:9']);
    assert.deepEqual(ev('pkg:composer/openai-php/client@'), ['composer.json:5', 'public/index.php:4:5', 'public/index.php:7:11']);
    assert.deepEqual(ev('pkg:composer/google-gemini-php/client@'), ['composer.json:6', 'public/index.php:9:10']);
    assert.equal(lib(r, 'pkg:gem/ruby-openai@')?.properties['lantern:lockfile'], 'Gemfile.lock');
    assert.equal(lib(r, 'pkg:gem/tiktoken_ruby@')?.properties['lantern:scope'], 'dev');
    const undeclared = r.findings.filter((f) => f.ruleId === 'sdk/undeclared-dependency').map((f) => [f.location.path, f.location.line, f.message.split(' ')[0]]);
    assert.deepEqual(undeclared.sort(), [['Gemfile', 6, 'tiktoken_ruby'], ['app.rb', 4, 'anthropic']]);
    // Model names by key go to the services the files call.
    const models = modelsByService(r);
    assert.equal(models.openai, 'gpt-4o, gpt-4o-mini');
    assert.ok(r.components.some((c) => c.ref === 'service:google'));
    assert.ok(r.components.some((c) => c.ref === 'service:anthropic'));
  });

  it('PHP: a package a fork holds (composer.lock replace / provide) is named by the fork\'s purl and version with lantern:provided-by; one read from a VCS repository gets the vcs_url qualifier; Packagist\'s own release, a root replace and a fork of a non-AI package are unchanged', async () => {
    const sha = '0123456789abcdef0123456789abcdef01234567';
    const packagist = { 'notification-url': 'https://packagist.org/downloads/' };
    const lock = (packages: unknown[]) => JSON.stringify({ packages }, null, 2);
    const r = await run({
      'fork/composer.json': JSON.stringify({ require: { 'openai-php/client': '^2.0', 'theodo-group/llphant': '^0.8', 'guzzlehttp/guzzle': '^7' } }, null, 2),
      'fork/composer.lock': lock([
        { name: 'acme/openai-php-client', version: 'v2.1.0', replace: { 'openai-php/client': 'self.version' }, ...packagist },
        { name: 'acme/llm-kit', version: '3.0.0', provide: { 'theodo-group/llphant': '0.8.4', 'prism-php/prism': '^0.3' }, ...packagist },
        { name: 'acme/guzzle', version: '7.9.0', replace: { 'guzzlehttp/guzzle': 'self.version' }, ...packagist },
      ]),
      'fork/index.php': "<?php\nuse OpenAI\\Client;\n$c = \\OpenAI::client('k');\n",
      'vcs/composer.json': JSON.stringify({ repositories: [{ type: 'vcs', url: 'https://github.com/acme/openai-client' }], require: { 'openai-php/client': 'dev-main' } }, null, 2),
      'vcs/composer.lock': lock([{ name: 'openai-php/client', version: 'dev-main', source: { type: 'git', url: 'https://github.com/acme/openai-client.git', reference: sha }, dist: { type: 'zip', url: `https://api.github.com/repos/acme/openai-client/zipball/${sha}` } }]),
      'packagist/composer.json': JSON.stringify({ require: { 'openai-php/client': '^0.10' }, replace: { 'symfony/polyfill-php80': '*' } }, null, 2),
      'packagist/composer.lock': lock([{ name: 'openai-php/client', version: 'v0.10.3', source: { type: 'git', url: 'https://github.com/openai-php/client.git', reference: sha }, dist: { type: 'zip', url: `https://api.github.com/repos/openai-php/client/zipball/${sha}` }, ...packagist }]),
    });
    const row = (c: Component) => [c.name, c.purl, c.version, c.properties['lantern:provided-by'], c.properties['lantern:provided-through'], c.properties['lantern:provided-version'], c.properties['lantern:vcs-url'], c.properties['lantern:declared']];
    assert.deepEqual(
      libs(r).map(row).sort((a, b) => `${a[0]}${a[1]}`.localeCompare(`${b[0]}${b[1]}`)),
      [
        ['openai-php/client', 'pkg:composer/acme/openai-php-client@2.1.0', '2.1.0', 'acme/openai-php-client', 'replace', '2.1.0', undefined, 'true'],
        ['openai-php/client', 'pkg:composer/openai-php/client@0.10.3', '0.10.3', undefined, undefined, undefined, undefined, 'true'],
        ['openai-php/client', `pkg:composer/openai-php/client@dev-main?vcs_url=git%2Bhttps%3A%2F%2Fgithub.com%2Facme%2Fopenai-client.git%40${sha}`, 'dev-main', undefined, undefined, undefined, `git+https://github.com/acme/openai-client.git@${sha}`, 'true'],
        ['prism-php/prism', 'pkg:composer/acme/llm-kit@3.0.0', '3.0.0', 'acme/llm-kit', 'provide', undefined, undefined, 'false'],
        ['theodo-group/llphant', 'pkg:composer/acme/llm-kit@3.0.0', '3.0.0', 'acme/llm-kit', 'provide', '0.8.4', undefined, 'true'],
      ],
    );
    // Two names one fork holds are two components: each its own bom-ref.
    assert.equal(new Set(libs(r).map((c) => c.ref)).size, 5);
    const fork = lib(r, 'pkg:composer/acme/openai-php-client@');
    assert.deepEqual(fork?.evidence.map((e) => `${e.path}:${e.line}${e.column !== undefined ? `:${e.column}` : ''}`), ['fork/composer.json:3', 'fork/index.php:2:5', 'fork/index.php:3:6']);
    assert.equal(fork?.properties['lantern:declared-range'], '^2.0');
  });

  it('PHP: a package from a private Composer repository gets the repository_url qualifier (composer.json\'s URL, no token), one from an inline package repository or a dist-only lock entry download_url, one whose source composer.json lists as a VCS repository vcs_url; each is its own component beside the Packagist release', async () => {
    const sha = '0123456789abcdef0123456789abcdef01234567';
    const lock = (packages: unknown[]) => JSON.stringify({ packages }, null, 2);
    const r = await run({
      'private/composer.json': JSON.stringify({ repositories: { acme: { type: 'composer', url: 'https://deploy:s3cr3t@repo.packagist.com/acme/' }, 'packagist.org': false }, require: { 'openai-php/client': '^0.10' } }, null, 2),
      'private/composer.lock': lock([{ name: 'openai-php/client', version: 'v0.10.3', dist: { type: 'zip', url: `https://repo.packagist.com/acme/dists/openai-php/client/0.10.3.0/${sha}.zip?token=s3cr3t` }, 'notification-url': 'https://repo.packagist.com/acme/downloads/' }]),
      'inline/composer.json': JSON.stringify({ repositories: [{ type: 'package', package: { name: 'theodo-group/llphant', version: '0.8.4', dist: { type: 'zip', url: 'https://downloads.acme.example/llphant-0.8.4.zip?token=s3cr3t' } } }], require: { 'theodo-group/llphant': '0.8.4' } }, null, 2),
      'dist/composer.lock': lock([{ name: 'prism-php/prism', version: '0.3.0', dist: { type: 'zip', url: 'https://downloads.acme.example/prism.zip' } }]),
      'vcs/composer.json': JSON.stringify({ repositories: [{ type: 'github', url: 'git@github.com:acme/openai-client.git' }], require: { 'openai-php/client': 'dev-main' } }, null, 2),
      'vcs/composer.lock': lock([{ name: 'openai-php/client', version: 'dev-main', source: { type: 'git', url: 'https://github.com/acme/openai-client.git', reference: sha }, 'notification-url': 'https://packagist.org/downloads/' }]),
      'packagist/composer.json': JSON.stringify({ require: { 'openai-php/client': '^0.10' } }, null, 2),
      'packagist/composer.lock': lock([{ name: 'openai-php/client', version: 'v0.10.3', 'notification-url': 'https://packagist.org/downloads/' }]),
    });
    const row = (c: Component) => [c.purl, c.properties['lantern:repository-url'], c.properties['lantern:download-url'], c.properties['lantern:vcs-url']];
    assert.deepEqual(libs(r).map(row).sort((a, b) => String(a[0]).localeCompare(String(b[0]))), [
      ['pkg:composer/openai-php/client@0.10.3', undefined, undefined, undefined],
      ['pkg:composer/openai-php/client@0.10.3?repository_url=https%3A%2F%2Frepo.packagist.com%2Facme', 'https://repo.packagist.com/acme', undefined, undefined],
      [`pkg:composer/openai-php/client@dev-main?vcs_url=git%2Bhttps%3A%2F%2Fgithub.com%2Facme%2Fopenai-client.git%40${sha}`, undefined, undefined, `git+https://github.com/acme/openai-client.git@${sha}`],
      ['pkg:composer/prism-php/prism@0.3.0?download_url=https%3A%2F%2Fdownloads.acme.example%2Fprism.zip', undefined, 'https://downloads.acme.example/prism.zip', undefined],
      ['pkg:composer/theodo-group/llphant@0.8.4?download_url=https%3A%2F%2Fdownloads.acme.example%2Fllphant-0.8.4.zip', undefined, 'https://downloads.acme.example/llphant-0.8.4.zip', undefined],
    ]);
    assert.equal(new Set(libs(r).map((c) => c.ref)).size, 5);
    assert.doesNotMatch(JSON.stringify(r.components), /s3cr3t|deploy/);
  });

  it('Swift: an iOS app (Package.swift + Package.resolved + a .swift file) gives the library with the resolved version, purl and import evidence, and the OpenAI service with the model', async () => {
    const r = await run({
      'Package.swift': '// swift-tools-version: 5.9\nimport PackageDescription\n\nlet package = Package(\n    name: "App",\n    dependencies: [\n        .package(url: "https://github.com/MacPaw/OpenAI.git", from: "0.2.4"),\n        .package(url: "https://github.com/firebase/firebase-ios-sdk", from: "11.0.0"),\n    ],\n    targets: [.target(name: "App", dependencies: ["OpenAI"])]\n)\n',
      'Package.resolved': '{\n  "pins" : [\n    {\n      "identity" : "openai",\n      "kind" : "remoteSourceControl",\n      "location" : "https://github.com/MacPaw/OpenAI.git",\n      "state" : { "revision" : "35af", "version" : "0.2.9" }\n    },\n    {\n      "identity" : "firebase-ios-sdk",\n      "kind" : "remoteSourceControl",\n      "location" : "https://github.com/firebase/firebase-ios-sdk",\n      "state" : { "revision" : "def0", "version" : "11.4.0" }\n    }\n  ],\n  "version" : 3\n}\n',
      'Sources/App/Chat.swift': 'import Foundation\nimport FirebaseCore\n// import SwiftAnthropic\n@testable import OpenAI\n\nlet client = OpenAI(apiToken: token)\nlet query = ChatQuery(messages: [], model: "gpt-4o")\n',
    });
    assert.deepEqual(
      libs(r).map((c) => [c.purl, c.version, c.properties['lantern:declared'], c.properties['lantern:imported'], c.properties['lantern:ecosystem']]),
      [['pkg:swift/github.com/MacPaw/OpenAI@0.2.9', '0.2.9', 'true', 'true', 'swift']],
      'firebase-ios-sdk declared for FirebaseCore only is no AI',
    );
    const ev = lib(r, 'pkg:swift/github.com/MacPaw/OpenAI@')?.evidence.map((e) => `${e.path}:${e.line}${e.column !== undefined ? `:${e.column}` : ''}`);
    assert.deepEqual(ev, ['Package.swift:7', 'Sources/App/Chat.swift:4:18']);
    assert.equal(lib(r, 'pkg:swift/')?.properties['lantern:lockfile'], 'Package.resolved');
    assert.deepEqual(modelsByService(r), { openai: 'gpt-4o' });
  });

  it('Swift: firebase-ios-sdk is AI where code imports its AI module, at the declared version; an Xcode project declares in project.pbxproj and resolves in its own Package.resolved', async () => {
    const r = await run({
      'ios/App.xcodeproj/project.pbxproj': '{\n\tobjects = {\n\t\tA1 = {\n\t\t\tisa = XCRemoteSwiftPackageReference;\n\t\t\trepositoryURL = "https://github.com/firebase/firebase-ios-sdk";\n\t\t\trequirement = {\n\t\t\t\tkind = upToNextMajorVersion;\n\t\t\t\tminimumVersion = 12.0.0;\n\t\t\t};\n\t\t};\n\t};\n}\n',
      'ios/App.xcodeproj/project.xcworkspace/xcshareddata/swiftpm/Package.resolved': '{"pins": [{"identity": "firebase-ios-sdk", "kind": "remoteSourceControl", "location": "https://github.com/firebase/firebase-ios-sdk.git", "state": {"revision": "abc", "version": "12.5.0"}}], "version": 3}\n',
      'ios/App/Gemini.swift': '#if canImport(FirebaseAILogic)\nimport FirebaseAILogic\n#endif\n\nlet model = FirebaseAI.firebaseAI(backend: .googleAI()).generativeModel(modelName: "gemini-2.0-flash")\n',
    });
    assert.deepEqual(libs(r).map((c) => [c.purl, c.properties['lantern:declared-range']]), [['pkg:swift/github.com/firebase/firebase-ios-sdk@12.5.0', '>=12.0.0 <13.0.0']]);
    assert.deepEqual(modelsByService(r), { google: 'gemini-2.0-flash' });
  });

  /** An Xcode workspace at the top listing one FileRef, its Package.resolved (OpenAI 0.2.9), and App/App.xcodeproj with its own stale one (0.2.1). */
  const xcodeTree = (location: string): Record<string, string> => ({
    'App.xcworkspace/contents.xcworkspacedata': `<?xml version="1.0" encoding="UTF-8"?>\n<Workspace\n   version = "1.0">\n   <FileRef\n      location = "${location}">\n   </FileRef>\n</Workspace>\n`,
    'App.xcworkspace/xcshareddata/swiftpm/Package.resolved': '{\n  "pins" : [\n    {\n      "identity" : "openai",\n      "kind" : "remoteSourceControl",\n      "location" : "https://github.com/MacPaw/OpenAI.git",\n      "state" : { "revision" : "35af", "version" : "0.2.9" }\n    }\n  ],\n  "version" : 3\n}\n',
    'App/App.xcodeproj/project.pbxproj': '{\n\tobjects = {\n\t\tA1 = {\n\t\t\tisa = XCRemoteSwiftPackageReference;\n\t\t\trepositoryURL = "https://github.com/MacPaw/OpenAI.git";\n\t\t\trequirement = {\n\t\t\t\tkind = upToNextMajorVersion;\n\t\t\t\tminimumVersion = 0.2.0;\n\t\t\t};\n\t\t};\n\t};\n}\n',
    'App/App.xcodeproj/project.xcworkspace/xcshareddata/swiftpm/Package.resolved': '{"pins": [{"identity": "openai", "kind": "remoteSourceControl", "location": "https://github.com/MacPaw/OpenAI.git", "state": {"revision": "0a1b", "version": "0.2.1"}}], "version": 3}\n',
    'App/App/Chat.swift': 'import SwiftUI\nimport OpenAI\n\nlet client = OpenAI(apiToken: token)\n',
  });
  const swiftOpenAI = (r: ScanResult) =>
    libs(r)
      .filter((c) => c.purl?.startsWith('pkg:swift/github.com/MacPaw/OpenAI@') === true)
      .map((c) => [c.purl, c.version, c.properties['lantern:declared-range'], c.properties['lantern:lockfile'], c.properties['lantern:declared'], c.properties['lantern:imported']]);

  it("Swift: an Xcode workspace's Package.resolved resolves the project its contents.xcworkspacedata lists (the project's own stale one does not)", async () => {
    const r = await run(xcodeTree('group:App/App.xcodeproj'));
    assert.deepEqual(swiftOpenAI(r), [['pkg:swift/github.com/MacPaw/OpenAI@0.2.9', '0.2.9', '>=0.2.0 <1.0.0', 'App.xcworkspace/xcshareddata/swiftpm/Package.resolved', 'true', 'true']]);
    assert.deepEqual(lib(r, 'pkg:swift/github.com/MacPaw/OpenAI@')?.evidence.map((e) => `${e.path}:${e.line}${e.column !== undefined ? `:${e.column}` : ''}`), ['App/App.xcodeproj/project.pbxproj:5', 'App/App/Chat.swift:2:8']);
  });

  it('Swift: a project two Xcode workspaces list is built at the version of each: both are components, declared and imported', async () => {
    const tree = xcodeTree('group:App/App.xcodeproj');
    const r = await run({
      ...tree,
      'Tools/B.xcworkspace/contents.xcworkspacedata': '<Workspace version = "1.0">\n  <FileRef location = "group:../App/App.xcodeproj"/>\n</Workspace>\n',
      'Tools/B.xcworkspace/xcshareddata/swiftpm/Package.resolved': (tree['App.xcworkspace/xcshareddata/swiftpm/Package.resolved'] as string).replace('"0.2.9"', '"0.2.6"'),
    });
    assert.deepEqual(swiftOpenAI(r), [
      ['pkg:swift/github.com/MacPaw/OpenAI@0.2.6', '0.2.6', '>=0.2.0 <1.0.0', 'Tools/B.xcworkspace/xcshareddata/swiftpm/Package.resolved', 'true', 'true'],
      ['pkg:swift/github.com/MacPaw/OpenAI@0.2.9', '0.2.9', '>=0.2.0 <1.0.0', 'App.xcworkspace/xcshareddata/swiftpm/Package.resolved', 'true', 'true'],
    ]);
    assert.deepEqual(r.findings.filter((f) => f.ruleId === 'sdk/undeclared-dependency'), []);
  });

  // An absolute: entry is a path of the machine that wrote the workspace: placed in the tree under
  // the scan root's own path, or by the one project folder of the tree it ends with (two segments
  // at least); one that places nowhere leaves the project its own Package.resolved, and the
  // workspace's pin is only locked.
  const ws = 'App.xcworkspace/xcshareddata/swiftpm/Package.resolved';
  const own = 'App/App.xcodeproj/project.xcworkspace/xcshareddata/swiftpm/Package.resolved';
  const absoluteEntries: { name: string; location: (root: string) => string; version: string; lockfile: string }[] = [
    { name: 'under the scan root', location: (root) => `absolute:${root}/App/App.xcodeproj`, version: '0.2.9', lockfile: ws },
    { name: "ending with the tree's project folder (another machine)", location: () => 'absolute:/Users/me/src/app/App/App.xcodeproj', version: '0.2.9', lockfile: ws },
    { name: 'an absolute group: path, Windows separators', location: () => 'group:C:\\Users\\me\\app\\App\\App.xcodeproj', version: '0.2.9', lockfile: ws },
    { name: 'decoy: a project named alike outside the repository (one segment)', location: () => 'absolute:/Users/me/Vendor/App.xcodeproj', version: '0.2.1', lockfile: own },
    { name: 'decoy: another project outside the repository', location: () => 'absolute:/Users/me/Other/Other.xcodeproj', version: '0.2.1', lockfile: own },
  ];
  for (const x of absoluteEntries) {
    it(`Swift: an Xcode workspace's absolute entry: ${x.name}`, async () => {
      const root = makeTree({});
      roots.push(root);
      for (const [rel, text] of Object.entries(xcodeTree(x.location(root)))) {
        mkdirSync(dirname(join(root, rel)), { recursive: true });
        writeFileSync(join(root, rel), text);
      }
      const r = await scan({ root, threads: 1, shadowAi: true });
      const locked = x.lockfile === own ? [['pkg:swift/github.com/MacPaw/OpenAI@0.2.9', '0.2.9', undefined, ws, 'false', 'false']] : [];
      assert.deepEqual(swiftOpenAI(r), [[`pkg:swift/github.com/MacPaw/OpenAI@${x.version}`, x.version, '>=0.2.0 <1.0.0', x.lockfile, 'true', 'true'], ...locked]);
      assert.deepEqual(r.warnings, []);
    });
  }

  it('Swift: a local package (.package(path:)) is read where it is, by its own Package.swift; a registry package (.package(id:)) no code imports makes no component', async () => {
    const r = await run({
      'App/Package.swift': 'let package = Package(\n  name: "App",\n  dependencies: [\n    .package(path: "../LocalAI"),\n    .package(id: "mona.LinkedList", from: "0.2.0"),\n    .package(id: "jamesrochabrun.SwiftAnthropic", from: "2.0.0"),\n  ]\n)\n',
      'LocalAI/Package.swift': 'let package = Package(\n  name: "LocalAI",\n  dependencies: [.package(url: "https://github.com/MacPaw/OpenAI.git", exact: "0.2.4")]\n)\n',
      'App/Sources/App/Chat.swift': 'import LocalAI\nimport OpenAI\n',
    });
    assert.deepEqual(
      libs(r).map((c) => [c.purl, c.properties['lantern:declared'], c.properties['lantern:imported'], c.evidence.map((e) => `${e.path}:${e.line}`)]),
      [['pkg:swift/github.com/MacPaw/OpenAI@0.2.4', 'true', 'true', ['App/Sources/App/Chat.swift:2', 'LocalAI/Package.swift:3']]],
    );
    assert.deepEqual(r.warnings, []);
  });

  // SE-0292: `.package(id: "scope.Name")` names no repository, but an import of a module of a
  // catalogued package whose name (or the repository's) is the identity's name uses what the
  // nearest Package.swift declares: no "declared nowhere".
  const registryTrees: { name: string; files: Record<string, string>; want: [ref: string, declared: string, range?: string, registryId?: string, evidence?: string[]][]; undeclared: string[] }[] = [
    {
      name: 'a registry package named as the module',
      files: { 'Package.swift': 'let package = Package(\n  dependencies: [\n    .package(id: "macpaw.OpenAI", from: "0.2.0"),\n  ]\n)\n', 'Sources/App/Chat.swift': 'import Foundation\nimport OpenAI\n' },
      want: [['sdk:swift:github.com/MacPaw/OpenAI', 'true', '>=0.2.0 <1.0.0', 'macpaw.OpenAI', ['Package.swift:3', 'Sources/App/Chat.swift:2']]],
      undeclared: [],
    },
    {
      name: 'a registry package named as the repository',
      files: { 'Package.swift': '.package(id: "google.generative-ai-swift", exact: "0.5.6")\n', 'Sources/Gemini.swift': 'import GoogleGenerativeAI\n' },
      want: [['sdk:swift:github.com/google-gemini/generative-ai-swift', 'true', '0.5.6', 'google.generative-ai-swift', ['Package.swift:1', 'Sources/Gemini.swift:1']]],
      undeclared: [],
    },
    {
      name: 'decoy: no declaration at all',
      files: { 'Sources/App/Chat.swift': 'import OpenAI\n' },
      want: [['sdk:swift:github.com/MacPaw/OpenAI', 'false']],
      undeclared: ['Sources/App/Chat.swift github.com/MacPaw/OpenAI'],
    },
    {
      name: 'decoy: a registry id of another name',
      files: { 'Package.swift': '.package(id: "acme.OpenAIKit", from: "1.0.0")\n.package(id: "jamesrochabrun.SwiftAnthropic", from: "2.0.0")\n', 'Sources/App/Chat.swift': 'import OpenAI\n' },
      want: [['sdk:swift:github.com/MacPaw/OpenAI', 'false']],
      undeclared: ['Sources/App/Chat.swift github.com/MacPaw/OpenAI'],
    },
    {
      name: 'declared in another project only (App declares other packages): the import joins it, as it joins a URL declaration with none nearer',
      files: {
        'Server/Package.swift': '.package(id: "macpaw.OpenAI", from: "0.2.0")\n',
        'Server/Sources/S.swift': 'import OpenAI\n',
        'App/Package.swift': '.package(url: "https://github.com/apple/swift-log", from: "1.0.0")\n.package(url: "https://github.com/mattt/ollama-swift", from: "1.0.0")\n',
        'App/Sources/Chat.swift': 'import Ollama\nimport OpenAI\n',
      },
      want: [
        ['sdk:swift:github.com/MacPaw/OpenAI', 'true', '>=0.2.0 <1.0.0', 'macpaw.OpenAI', ['App/Sources/Chat.swift:2', 'Server/Package.swift:1', 'Server/Sources/S.swift:1']],
        ['sdk:swift:github.com/mattt/ollama-swift', 'true', '>=1.0.0 <2.0.0', undefined, ['App/Package.swift:2', 'App/Sources/Chat.swift:1']],
      ],
      undeclared: [],
    },
    {
      name: 'decoy: LLM.swift is AI only where its repository is declared (a module named LLM may be anyone\'s)',
      files: { 'Package.swift': '.package(id: "eastriverlee.LLM", from: "1.0.0")\n', 'Sources/Local.swift': 'import LLM\n' },
      want: [],
      undeclared: [],
    },
  ];
  for (const t of registryTrees) {
    it(`Swift registry declarations: ${t.name}`, async () => {
      const r = await run(t.files);
      assert.deepEqual(
        libs(r).map((c) => {
          const row: (string | string[] | undefined)[] = [c.ref, c.properties['lantern:declared'], c.properties['lantern:declared-range'], c.properties['lantern:registry-id'], c.evidence.map((e) => `${e.path}:${e.line}`)];
          return c.properties['lantern:declared'] === 'true' ? row : row.slice(0, 2);
        }),
        t.want,
      );
      assert.ok(libs(r).every((c) => c.purl === undefined), 'a registry package names no repository: no swift purl');
      assert.deepEqual(r.findings.filter((f) => f.ruleId === 'sdk/undeclared-dependency').map((f) => `${f.location.path} ${f.message.split(' ')[0]}`), t.undeclared);
      assert.deepEqual(r.warnings, []);
    });
  }

  it('Swift: a file whose only import is scoped (`import struct OpenAI.ChatQuery`) or backquoted passes the keyword prefilter; with no version, no purl (the swift purl type requires one in packageurl-js)', async () => {
    const r = await run({
      'A.swift': 'import struct OpenAI.ChatQuery\n',
      'B.swift': 'import `SwiftAnthropic`\n',
      'C.swift': 'struct OpenAIView {}\n',
    });
    assert.deepEqual(libs(r).map((c) => [c.ref, c.purl, c.evidence.map((e) => `${e.path}:${e.line}:${e.column}`)]), [
      ['sdk:swift:github.com/MacPaw/OpenAI', undefined, ['A.swift:1:15']],
      ['sdk:swift:github.com/jamesrochabrun/SwiftAnthropic', undefined, ['B.swift:1:8']],
    ]);
  });

  it('CocoaPods: Podfile/Podfile.lock give pkg:cocoapods purls with locked versions; a Swift import of the pod\'s module joins the pod; Firebase pods that are not AI are left out', async () => {
    const r = await run({
      'ios/Podfile': "platform :ios, '15.0'\n# pod 'FirebaseAI'\ntarget 'App' do\n  pod 'OpenAISwift', '~> 1.2'\n  pod 'Firebase/Auth'\n  pod 'FirebaseVertexAI'\n  target 'AppTests' do\n    pod 'Quick'\n  end\nend\n",
      'ios/Podfile.lock': 'PODS:\n  - Firebase/Auth (11.4.0):\n    - Firebase/CoreOnly\n    - FirebaseAuth (~> 11.4.0)\n  - Firebase/CoreOnly (11.4.0):\n    - FirebaseCore (= 11.4.0)\n  - FirebaseVertexAI (11.4.0):\n    - FirebaseCore (~> 11.4)\n  - OpenAISwift (1.2.3)\n  - Quick (7.0.0)\n\nDEPENDENCIES:\n  - Firebase/Auth\n  - FirebaseVertexAI\n  - OpenAISwift (~> 1.2)\n  - Quick\n\nCOCOAPODS: 1.15.2\n',
      'ios/App/Chat.swift': 'import OpenAISwift\nimport FirebaseVertexAI\n',
    });
    assert.deepEqual(
      libs(r).map((c) => [c.purl, c.properties['lantern:declared'], c.properties['lantern:imported']]).sort(),
      [
        ['pkg:cocoapods/FirebaseVertexAI@11.4.0', 'true', 'true'],
        ['pkg:cocoapods/OpenAISwift@1.2.3', 'true', 'true'],
      ],
    );
    assert.deepEqual(lib(r, 'pkg:cocoapods/OpenAISwift@')?.evidence.map((e) => `${e.path}:${e.line}`), ['ios/App/Chat.swift:1', 'ios/Podfile:4']);
  });

  it("CocoaPods: 'Firebase/VertexAI' and 'Firebase/AI' name no subspec of the Firebase pod (its AI products are pods of their own): no AI pod is declared, and an import of the module is an AI SDK declared nowhere", async () => {
    const r = await run({
      'ios/Podfile': "target 'App' do\n  pod 'Firebase/VertexAI'\n  pod 'Firebase/AI'\nend\n",
      'ios/App/Chat.swift': 'import FirebaseVertexAI\n',
    });
    assert.deepEqual(libs(r).map((c) => [c.ref, c.properties['lantern:declared'], c.evidence.map((e) => `${e.path}:${e.line}`)]), [['sdk:swift:github.com/firebase/firebase-ios-sdk', 'false', ['ios/App/Chat.swift:1']]]);
    assert.ok(r.components.every((c) => !/cocoapods\/Firebase\b/.test(c.purl ?? '')), 'no Firebase pod component');
  });

  it('Swift decoys: imports in comments and strings, a look-alike module, a commented-out package, a look-alike package and a non-AI pin are no SDKs', async () => {
    const r = await run({
      'Package.swift': 'let package = Package(\n  dependencies: [\n    // .package(url: "https://github.com/MacPaw/OpenAI.git", from: "0.2.4"),\n    .package(url: "https://github.com/MacPaw/OpenAI-Extras", from: "1.0.0"),\n    .package(url: "https://github.com/apple/swift-log", from: "1.0.0"),\n  ]\n)\n',
      'Package.resolved': '{"pins": [{"identity": "swift-log", "kind": "remoteSourceControl", "location": "https://github.com/apple/swift-log.git", "state": {"version": "1.6.1"}}], "version": 2}\n',
      'Sources/App/A.swift': '// import OpenAI\n/* /* nested */ import OpenAI */\nimport OpenAIHelpers\nlet s = "import OpenAI"\nlet m = """\nimport SwiftOpenAI\n"""\nlet raw = #"import Ollama"#\nlet openAI = OpenAIHelpers.make()\n',
    });
    assert.deepEqual(libs(r).map((c) => c.purl), []);
    assert.deepEqual(r.components.filter((c) => c.kind === 'service').map((c) => c.ref), []);
  });

  it('Ruby and PHP decoys: names in comments, strings, heredocs, require_relative, a trait use, a local class, a look-alike package are no SDKs', async () => {
    const r = await run({
      'a.rb': "# require 'openai'\n=begin\nrequire 'anthropic'\n=end\nrequire_relative 'openai'\ndoc = <<~EOS\n  require 'langchain'\nEOS\nputs \"require 'ruby_llm'\"\n",
      'b.php': "<?php\n// use OpenAI;\n/* \\OpenAI::client() */\n$s = 'use Gemini\\Client;';\n$h = <<<EOT\nuse Anthropic;\nEOT;\nclass OpenAI { use \\Prism\\Prism\\SomeTrait; }\n$c = OpenAI::client();\n?>\n<p>use LLPhant\\Chat;</p>\n",
      'composer.json': '{"require": {"openai-php-extra/client": "^1", "acme/openai-php": "^1"}}\n',
      'Gemfile': "gem 'ruby-openai-extra'\n# gem 'ruby-openai'\n",
    });
    assert.deepEqual(libs(r).map((c) => c.purl), []);
    assert.deepEqual(r.components.filter((c) => c.kind === 'service').map((c) => c.ref), []);
  });

  it('Dart / Flutter: a Flutter app (pubspec.yaml, pubspec.lock, lib/main.dart) gives the library with its locked version, purl and evidence at the import, and the Gemini service with its model', async () => {
    const r = await run({
      'pubspec.yaml': 'name: chat_app\nenvironment:\n  sdk: ^3.4.0\ndependencies:\n  flutter:\n    sdk: flutter\n  google_generative_ai: ^0.4.6\n  # dart_openai: ^5.1.0\n  http: ^1.2.0\n',
      'pubspec.lock': 'packages:\n  google_generative_ai:\n    dependency: "direct main"\n    description:\n      name: google_generative_ai\n      url: "https://pub.dev"\n    source: hosted\n    version: "0.4.6"\n  http:\n    dependency: "direct main"\n    description:\n      name: http\n      url: "https://pub.dev"\n    source: hosted\n    version: "1.2.1"\n',
      'lib/main.dart': "import 'package:flutter/material.dart';\nimport 'package:google_generative_ai/google_generative_ai.dart';\n// import 'package:dart_openai/dart_openai.dart';\n\nfinal model = GenerativeModel(model: 'gemini-1.5-flash', apiKey: const String.fromEnvironment('KEY'));\n",
      'example/pubspec.yaml': 'name: example\ndependencies:\n  ollama_dart: ^0.2.0\n',
    });
    assert.deepEqual(
      libs(r).map((c) => [c.purl, c.version, c.properties['lantern:declared'], c.properties['lantern:imported'], c.properties['lantern:ecosystem']]).sort(),
      [
        ['pkg:pub/google_generative_ai@0.4.6', '0.4.6', 'true', 'true', 'pub'],
        ['pkg:pub/ollama_dart', undefined, 'true', 'false', 'pub'],
      ],
    );
    const ev = (purl: string) => lib(r, purl)?.evidence.map((e) => `${e.path}:${e.line}${e.column !== undefined ? `:${e.column}` : ''}`);
    assert.deepEqual(ev('pkg:pub/google_generative_ai@'), ['lib/main.dart:2:8', 'pubspec.yaml:7']);
    assert.deepEqual(ev('pkg:pub/ollama_dart'), ['example/pubspec.yaml:3']);
    assert.equal(lib(r, 'pkg:pub/google_generative_ai@')?.properties['lantern:lockfile'], 'pubspec.lock');
    assert.equal(modelsByService(r).google, 'gemini-1.5-flash');
    assert.ok(r.components.find((c) => c.ref === 'service:google')?.evidence.some((e) => e.path === 'lib/main.dart' && e.line === 5));
    assert.equal(r.components.find((c) => c.ref === 'service:openai'), undefined);
  });

  it('Dart decoys: imports in comments (nested too), strings, triple-quoted and raw strings, a look-alike package, a local file, a variable named openai and a part directive are no SDKs', async () => {
    const r = await run({
      'lib/a.dart': [
        "// import 'package:dart_openai/dart_openai.dart';",
        "/// import 'package:openai_dart/openai_dart.dart';",
        "/* outer /* inner */ import 'package:anthropic_sdk_dart/anthropic_sdk_dart.dart'; */",
        "const s = \"import 'package:langchain/langchain.dart';\";",
        "const t = '''\nimport 'package:firebase_ai/firebase_ai.dart';\n''';",
        "const u = r'import \"package:ollama_dart/ollama_dart.dart\";';",
        "import 'package:google_generative_ai_helpers/helpers.dart';",
        "import 'openai_utils.dart';",
        "part 'package:mistralai_dart/x.dart';",
        'final openai = Openai();',
      ].join('\n'),
      'pubspec.yaml': 'name: a\ndependencies:\n  # google_generative_ai: ^0.4.6\n  google_generative_ai_helpers: ^1.0.0\n',
      'pubspec.lock': 'packages:\n  http:\n    dependency: "direct main"\n    source: hosted\n    version: "1.2.1"\n',
    });
    assert.deepEqual(libs(r).map((c) => c.purl), []);
    assert.deepEqual(r.components.filter((c) => c.kind === 'service').map((c) => c.ref), []);
  });

  it('Ruby and PHP: model names given positionally to the catalog\'s model calls (RubyLLM with_model, Prism using, Gemini generativeModel), as Ruby symbols, LLPhant\'s `$config->model = …` (only where the file imports an AI package) and RubyLLM\'s config.default_model; not in comments or heredocs', async () => {
    const r = await run({
      'chat.rb': "require 'ruby_llm'\nchat = RubyLLM.chat.with_model('claude-3-5-sonnet-20241022')\n# chat.with_model('gpt-4o')\ndoc = <<~T\n  chat.with_model('o3-mini')\nT\n",
      'msg.rb': "require 'anthropic'\nanthropic.messages.create(max_tokens: 1024, messages: [], model: :\"claude-sonnet-4-5-20250929\")\n",
      'prism.php': "<?php\nuse Prism\\Prism\\Prism;\nuse Prism\\Prism\\Enums\\Provider;\n$r = Prism::text()->using(Provider::OpenAI, 'gpt-4o')->withPrompt('x')->asText();\n// ->using(Provider::Mistral, 'mistral-large-latest')\n$db->using($conn, 'gemini-1.5-pro');\n$rows = $query->using('index', 'claude-3-opus-20240229');\n",
      'gem.php': "<?php\nuse Gemini;\n$r = Gemini::client($k)->generativeModel('gemini-2.0-flash')->generateContent('Hello');\n",
      // LLPhant's configs: `$config->model = '…';`, read where the file imports an AI package.
      'llphant.php': "<?php\nuse LLPhant\\OpenAIConfig;\nuse LLPhant\\Chat\\OpenAIChat;\n$config = new OpenAIConfig();\n$config->model = 'gpt-4o-mini';\n$chat = new OpenAIChat($config);\n",
      'claude.php': "<?php\nuse LLPhant\\AnthropicConfig;\nuse LLPhant\\Chat\\AnthropicChat;\n$chat = new AnthropicChat(new AnthropicConfig('claude-3-haiku-20240307'));\n",
      'ollama.php': "<?php\nuse LLPhant\\OllamaConfig;\n$config = new OllamaConfig();\n$config->model = 'llama3.1';\n$config->url = 'http://localhost:11434/api/';\n",
      // No AI import: a model property of any class (an ORM, a form widget), whatever its value.
      'user.php': "<?php\nuse App\\Models\\User;\n$user->model = 'claude-3-opus-20240229';\n$form->model = 'gemini-1.5-flash';\n",
      // RubyLLM's configuration.
      'llm.rb': "require 'ruby_llm'\nRubyLLM.configure do |config|\n  config.default_model = 'mistral-large-latest'\nend\n",
    });
    assert.deepEqual(modelsByService(r), { anthropic: 'claude-3-5-sonnet-20241022, claude-3-haiku-20240307, claude-sonnet-4-5-20250929', google: 'gemini-2.0-flash', mistral: 'mistral-large-latest', ollama: 'llama3.1', openai: 'gpt-4o, gpt-4o-mini' });
  });

  it("Prism's using(provider, model): the model goes to the provider the call names, whoever made it (an open-weight model on Groq or Ollama, a catalogued or uncatalogued name)", async () => {
    const r = await run({
      'composer.json': '{"require": {"prism-php/prism": "^0.50"}}\n',
      'chat.php': "<?php\nuse Prism\\Prism\\Prism;\nuse Prism\\Prism\\Enums\\Provider;\n$a = Prism::text()->using(Provider::Groq, 'llama-3.1-70b-versatile')->asText();\n$b = Prism::text()->using('ollama', 'my-finetune')->asText();\n$c = Prism::text()->using(Provider::OpenRouter, 'anthropic/claude-3.5-sonnet')->asText();\n$d = Prism::text()->using(Provider::Anthropic, 'claude-3-5-sonnet-20241022')->asText();\n$rows = $query->using('index', 'gpt-4o');\n",
    });
    assert.deepEqual(modelsByService(r), { anthropic: 'claude-3-5-sonnet-20241022', groq: 'llama-3.1-70b-versatile', ollama: 'my-finetune', openrouter: 'anthropic/claude-3.5-sonnet' });
  });

  it("PHP LLPhant's model constants and enum cases name the model on its service: AnthropicConfig::CONST, OpenAIChatModel::Case->value (aliased), a fully-qualified MistralAIChatModel; not a local class of the same name", async () => {
    const r = await run({
      'claude.php': "<?php\nuse LLPhant\\AnthropicConfig;\nuse LLPhant\\Chat\\AnthropicChat;\n$chat = new AnthropicChat(new AnthropicConfig(AnthropicConfig::CLAUDE_3_5_SONNET));\n",
      'openai.php': "<?php\nuse LLPhant\\OpenAIConfig;\nuse LLPhant\\Chat\\OpenAIChat;\nuse LLPhant\\Chat\\Enums\\OpenAIChatModel as Model;\n$config = new OpenAIConfig();\n$config->model = Model::Gpt4Omni->value;\n$chat = new OpenAIChat($config);\n",
      'mistral.php': "<?php\nuse LLPhant\\Chat\\MistralAIChat;\n$chat = new MistralAIChat(new MistralAIConfig('https://api.mistral.ai/v1', \\LLPhant\\Chat\\Enums\\MistralAIChatModel::codestral->value));\n",
      // Decoy: the application's own classes of those names, no LLPhant import.
      'local.php': "<?php\nnamespace App;\nuse App\\Models\\User;\nclass AnthropicConfig { const CLAUDE_3_OPUS = 'claude-3-opus-20240229'; }\n$c = new AnthropicConfig(AnthropicConfig::CLAUDE_3_OPUS);\n$user->model = OpenAIChatModel::Gpt5->value;\n",
    });
    assert.deepEqual(modelsByService(r), { anthropic: 'claude-3-5-sonnet-20240620', mistral: 'codestral-latest', openai: 'gpt-4o' });
  });

  it('Ruby files known by their name are read as Ruby: a require in a Rakefile, a *.rake, a Guardfile or config.ru counts; Rakefile.txt and a folder named Rakefile do not', async () => {
    const r = await run({
      'Rakefile': "require 'openai'\ntask :summarize do\n  OpenAI::Client.new.chat(parameters: { model: 'gpt-4o' })\nend\n",
      'lib/tasks/ai.rake': "require 'anthropic'\n",
      'Guardfile': "require 'ruby_llm'\n",
      'config.ru': "require 'langchain'\nrun App\n",
      'Rakefile.txt': "require 'gemini-ai'\n",
      'tools/Rakefile/notes': "require 'ollama-ai'\n",
    });
    assert.deepEqual(libs(r).map((c) => c.purl).sort(), ['pkg:gem/anthropic', 'pkg:gem/langchainrb', 'pkg:gem/ruby-openai', 'pkg:gem/ruby_llm']);
    const ev = (purl: string) => lib(r, purl)?.evidence.map((e) => `${e.path}:${e.line}:${e.column}`);
    assert.deepEqual(ev('pkg:gem/ruby-openai'), ['Rakefile:1:9']);
    assert.equal(modelsByService(r).openai, 'gpt-4o');
  });

  it('Ruby and PHP: a host in code is a service (a commented-out one is not); a base URL re-points the client', async () => {
    const r = await run({
      'c.rb': "require 'openai'\nclient = OpenAI::Client.new(uri_base: 'https://api.deepseek.com/')\n# x = 'https://api.mistral.ai/v1'\n",
      'd.php': "<?php\nuse OpenAI;\n$c = OpenAI::factory()->withBaseUri('api.groq.com/openai/v1')->make();\n# $u = 'https://api.cohere.com/v1';\n",
    });
    const svc = r.components.filter((c) => c.kind === 'service').map((c) => c.ref).sort();
    assert.deepEqual(svc, ['service:deepseek', 'service:groq']);
  });

  it("Mistral's SDK given another host as its serverURL / server_url calls that host, not Mistral", async () => {
    const svcs = async (files: Record<string, string>) => (await run(files)).components.filter((c) => c.kind === 'service').map((c) => `${c.ref} ${c.properties['lantern:models'] ?? ''}`.trim()).sort();
    assert.deepEqual(await svcs({ 'm.js': 'import { Mistral } from "@mistralai/mistralai";\nconst client = new Mistral({ apiKey, serverURL: "https://models.github.ai/inference" });\nawait client.chat.complete({ model: "mistral-ai/Codestral-2501", messages });\n' }), ['service:github mistral-ai/Codestral-2501']);
    assert.deepEqual(await svcs({ 'm.py': 'from mistralai import Mistral\nclient = Mistral(api_key=k, server_url="https://models.github.ai/inference")\nclient.chat.complete(model="mistral-ai/Codestral-2501", messages=[])\n' }), ['service:github mistral-ai/Codestral-2501']);
    // Decoy: another key is no base URL; the client still calls Mistral.
    assert.deepEqual(await svcs({ 'd.js': 'import { Mistral } from "@mistralai/mistralai";\nconst client = new Mistral({ apiKey, docsURL: "https://models.github.ai/inference" });\n' }), ['service:github', 'service:mistral']);
  });

  it("PHP LLPhant's `$config->url = '…';` and RubyLLM's `config.openai_api_base = …` are base URLs: the file's API client calls that host, not its maker's API", async () => {
    const svcs = async (files: Record<string, string>) => (await run(files)).components.filter((c) => c.kind === 'service').map((c) => c.ref).sort();
    assert.deepEqual(await svcs({ 'llphant.php': "<?php\nuse LLPhant\\OpenAIConfig;\nuse OpenAI;\n$config = new OpenAIConfig();\n$config->url = 'https://api.together.xyz/v1';\n$config->client = OpenAI::factory()->make();\n" }), ['service:together']);
    assert.deepEqual(await svcs({ 'config/initializers/llm.rb': "require 'ruby_llm'\nrequire 'openai'\nRubyLLM.configure do |config|\n  config.openai_api_base = 'https://api.deepseek.com/v1'\nend\n" }), ['service:deepseek']);
    // Decoy: another property is no base URL: the OpenAI client still calls OpenAI, and the host is
    // an endpoint of its own (RubyLLM's look-alikes: test/lang/ruby.test.ts).
    assert.deepEqual(await svcs({ 'link.php': "<?php\nuse OpenAI;\n$link->urls = 'https://api.mistral.ai/v1';\n$c = OpenAI::client($k);\n" }), ['service:mistral', 'service:openai']);
  });

  it("embedding models: Google's text-embedding-004/005 and text-multilingual-embedding-* are Google's, OpenAI's text-embedding-3-*/ada-002 OpenAI's", async () => {
    const r = await run({
      // A file that uses both clients: each name goes to its maker's service.
      'both.py': 'import openai\nimport google.generativeai as genai\ngenai.embed_content(model="models/text-embedding-004", content=t)\nopenai.embeddings.create(model="text-embedding-3-small", input=t)\n',
      // A client that routes by the model name (LiteLLM): the name alone decides.
      'route.py': 'import litellm\nlitellm.embedding(model="text-embedding-005", input=[t])\nlitellm.embedding(model="text-multilingual-embedding-002", input=[t])\nlitellm.embedding(model="text-embedding-ada-002", input=[t])\n',
      // Decoys: a text-embedding-* name of neither family, and a look-alike.
      'other.py': 'import litellm\nlitellm.embedding(model="text-embedding-006", input=[t])\nlitellm.embedding(model="text-embeddings-3-small", input=[t])\n',
      // DashScope's own (text-embedding-v1 … v4), through its OpenAI-compatible endpoint, with its key variable.
      'dashscope.py': 'import os\nfrom openai import OpenAI\nc = OpenAI(api_key=os.getenv("DASHSCOPE_API_KEY"), base_url="https://dashscope.aliyuncs.com/compatible-mode/v1")\nEMBEDDING_MODEL = "text-embedding-v3"\nc.embeddings.create(model=EMBEDDING_MODEL, input=t)\n',
    });
    assert.deepEqual(modelsByService(r), {
      alibaba: 'text-embedding-v3',
      google: 'models/text-embedding-004, text-embedding-005, text-multilingual-embedding-002',
      openai: 'text-embedding-3-small, text-embedding-ada-002',
    });
    assert.equal(r.components.find((c) => c.ref === 'service:alibaba')?.properties['lantern:env-vars'], 'DASHSCOPE_API_KEY');
  });

  it("DeepInfra: an OpenAI client given DeepInfra's OpenAI-compatible base URL calls DeepInfra, not OpenAI", async () => {
    const r = await run({
      'di.ts': 'import OpenAI from "openai";\nconst c = new OpenAI({ baseURL: "https://api.deepinfra.com/v1/openai", apiKey });\nawait c.chat.completions.create({ model: "meta-llama/Meta-Llama-3.1-8B-Instruct" });\n',
      'di.py': 'from openai import OpenAI\nc = OpenAI(base_url="https://api.deepinfra.com/v1/openai")\nc.chat.completions.create(model="deepseek-ai/DeepSeek-V3")\n',
      '.env.example': 'DEEPINFRA_API_KEY=\n',
      'deploy/.env': `DEEPINFRA_API_KEY=${KEYS.generic()}\n`,
      // Decoys: DeepInfra's documentation site and a look-alike host are no DeepInfra service; the
      // client given the look-alike calls it, an endpoint the catalog does not list.
      'docs.py': 'from openai import OpenAI\nDOCS = "https://deepinfra.com/docs/advanced/openai_api"\nOpenAI(base_url="https://api.deepinfra.com.evil.example/v1/openai")\n',
    });
    const services = r.components.filter((c) => c.kind === 'service');
    assert.deepEqual(services.map((c) => c.ref).sort(), ['service:deepinfra', 'service:unlisted']);
    assert.equal(services.find((c) => c.ref === 'service:unlisted')?.properties['lantern:endpoints'], 'https://api.deepinfra.com.evil.example/v1/openai');
    const di = services.find((c) => c.ref === 'service:deepinfra');
    assert.equal(di?.name, 'DeepInfra API');
    assert.equal(di?.properties['lantern:endpoints'], 'https://api.deepinfra.com/v1/openai');
    assert.equal(di?.properties['lantern:models'], 'deepseek-ai/DeepSeek-V3, meta-llama/Meta-Llama-3.1-8B-Instruct');
    assert.equal(di?.properties['lantern:env-vars'], 'DEEPINFRA_API_KEY');
    assert.equal(di?.properties['lantern:files'], '.env.example\ndeploy/.env\ndi.py\ndi.ts');
    // The key assigned to DeepInfra's variable is a finding and marks DeepInfra's service.
    assert.equal(di?.properties['lantern:hardcoded-key'], 'true');
    assert.deepEqual(r.findings.filter((f) => f.ruleId.startsWith('secrets/')).map((f) => [f.ruleId, f.location.path]), [['secrets/generic-ai-key', 'deploy/.env']]);
  });

  it('an AI client given a base URL the catalog does not list calls that unlisted endpoint, with the models it is given; other keys and clients are not', async () => {
    const r = await run({
      'enhance.js': 'import OpenAI from "openai";\nconst client = new OpenAI({ baseURL: "https://api.llm7.io/v1?x=1" });\nawait client.chat.completions.create({ model: "gpt-5-chat", messages });\n',
      'local.py': 'from openai import OpenAI\nc = OpenAI(base_url="http://localhost:8081/v1", api_key="x")\nc.chat.completions.create(model="qwen3-4b-instruct-2507", messages=[])\n',
      // invalid: an S3 client's endpoint, a URL under another key, a base URL in a file that imports no AI client
      's3.ts': 'import { S3Client } from "@aws-sdk/client-s3";\nimport OpenAI from "openai";\nconst s3 = new S3Client({ endpoint: "https://s3.example.com" });\nconst o = new OpenAI({ webhookURL: "https://hooks.example.com/x" });\nawait o.chat.completions.create({ model: "gpt-4o", messages });\n',
      'plain.ts': 'import axios from "axios";\nconst api = axios.create({ baseURL: "https://api.example.com/v1" });\n',
    });
    const svc = (p: string) => r.components.find((c) => c.ref === `service:${p}`)?.properties;
    assert.deepEqual(r.components.filter((c) => c.kind === 'service').map((c) => c.ref).sort(), ['service:openai', 'service:unlisted']);
    assert.equal(svc('unlisted')?.['lantern:endpoints'], 'http://localhost:8081/v1 https://api.llm7.io/v1');
    assert.equal(svc('unlisted')?.['lantern:models'], 'gpt-5-chat, qwen3-4b-instruct-2507');
    assert.equal(svc('openai')?.['lantern:files'], 's3.ts');
    assert.equal(svc('openai')?.['lantern:models'], 'gpt-4o');
  });

  it('a backslash in a URL\'s authority: parsers disagree on its host, so no endpoint is claimed', async () => {
    // `https://api.openai.com\@evil.example.com/`: api.openai.com to WHATWG URL and urllib3,
    // evil.example.com to urllib.parse. Each file below writes one with a backslash in its value.
    const ambiguous = {
      'a.py': 'from openai import OpenAI\nc = OpenAI(base_url="https://api.openai.com\\@evil.example.com/v1")\n',
      'b.ts': 'import OpenAI from "openai";\nnew OpenAI({ baseURL: "https://api.openai.com\\\\@evil.example.com/v1" });\n',
      'conf/app.yaml': 'llm:\n  base_url: https://api.openai.com\\@evil.example.com/v1\n',
      'main.go': 'package main\n\nimport "github.com/sashabaranov/go-openai"\n\nvar u = "https://api.anthropic.com\\\\@evil.example.com/v1"\n',
      'Chat.java': 'package app;\nimport com.openai.client.OpenAIClient;\nclass Chat { String u = "https://evil.example.com\\\\@api.anthropic.com/v1"; }\n',
      // In JS `\@` is `@`: the value is user info of evil.example.com, an unambiguous host, which
      // the OpenAI client is pointed at: an unlisted endpoint, never OpenAI's.
      'c.js': 'const OpenAI = require("openai");\nnew OpenAI({ baseURL: "https://api.openai.com\\@evil.example.com/v1" });\n',
      '.cursor/mcp.json': JSON.stringify({ mcpServers: { tunnel: { url: 'http://127.0.0.1\\@evil.example.com/mcp' }, local: { url: 'http://127.0.0.1:3000/mcp' } } }),
    };
    const r = await run(ambiguous);
    const services = r.components.filter((c) => c.kind === 'service');
    assert.deepEqual(services.map((c) => [c.ref, c.properties['lantern:endpoints']]), [['service:openai', undefined], ['service:unlisted', 'https://evil.example.com/v1']]);
    assert.equal(services[0]?.properties['lantern:used-through'], 'com.openai:openai-java, github.com/sashabaranov/go-openai, openai');
    // Loopback to one parser, evil.example.com to another: plain HTTP that may leave the machine.
    assert.deepEqual(r.findings.filter((f) => f.ruleId === 'mcp/insecure-transport').map((f) => f.message.split('"')[1]), ['tunnel']);
    // The same files without the backslash: every endpoint is claimed.
    const clean = await run(Object.fromEntries(Object.entries(ambiguous).filter(([p]) => p !== '.cursor/mcp.json').map(([p, t]) => [p, t.replace(/\\+@evil\.example\.com/, '').replace('evil.example.com\\\\@', '')])));
    const endpoints = Object.fromEntries(clean.components.filter((c) => c.kind === 'service').map((c) => [c.ref, c.properties['lantern:endpoints']]));
    assert.deepEqual(endpoints, { 'service:anthropic': 'https://api.anthropic.com/v1', 'service:openai': 'https://api.openai.com/v1' });
  });

  it('Go: model names given to go-openai and anthropic-sdk-go are on their services, an SDK\'s model constant as the model it stands for; comments, raw strings and other fields are not', async () => {
    const r = await run({
      'oa/main.go': [
        'package main',
        '',
        'import openai "github.com/sashabaranov/go-openai"',
        '',
        'func main() {',
        '\t// Model: "gpt-3.5-turbo" was the old one',
        '\treq := openai.ChatCompletionRequest{Model: "gpt-4o", Messages: msgs}',
        '\told := openai.ChatCompletionRequest{Model: openai.GPT4Turbo}',
        '\tbody := `{"model": "gpt-4-turbo"}`',
        '\tp := Person{Name: "o1-mini"}',
        '\tlog.Printf("falling back to %s", "gpt-4o-mini")',
        '}',
        '',
      ].join('\n'),
      'an/main.go': 'package main\n\nimport "github.com/anthropics/anthropic-sdk-go"\n\nvar p = anthropic.MessageNewParams{Model: anthropic.F("claude-3-5-sonnet-20241022"), MaxTokens: anthropic.F(int64(1024))}\n',
      // go-openai pointed at DeepInfra: the model goes to DeepInfra, and OpenAI is not called from here.
      'di/main.go': 'package main\n\nimport openai "github.com/sashabaranov/go-openai"\n\nfunc client() {\n\tconfig := openai.DefaultConfig(token)\n\tconfig.BaseURL = "https://api.deepinfra.com/v1/openai"\n\t_ = openai.ChatCompletionRequest{Model: "meta-llama/Meta-Llama-3.1-8B-Instruct"}\n}\n',
    });
    const svc = (p: string) => r.components.find((c) => c.ref === `service:${p}`);
    // The SDK's constant openai.GPT4Turbo is the model it stands for (rules/sdk.yaml modelConstants).
    assert.equal(svc('openai')?.properties['lantern:models'], 'gpt-4-turbo, gpt-4o');
    assert.equal(svc('openai')?.properties['lantern:files'], 'oa/main.go');
    assert.equal(svc('anthropic')?.properties['lantern:models'], 'claude-3-5-sonnet-20241022');
    assert.equal(svc('deepinfra')?.properties['lantern:models'], 'meta-llama/Meta-Llama-3.1-8B-Instruct');
    assert.equal(svc('deepinfra')?.properties['lantern:endpoints'], 'https://api.deepinfra.com/v1/openai');
    assert.ok(svc('openai')?.evidence.some((e) => e.path === 'oa/main.go' && e.line === 7 && e.column === 45), JSON.stringify(svc('openai')?.evidence));
  });

  it('Java: an SDK\'s model constant (openai-java\'s ChatModel, anthropic-java\'s Model, langchain4j\'s OpenAiChatModelName) is the model on its service; one not imported is none', async () => {
    const r = await run({
      'src/main/java/app/Chat.java': [
        'package app;',
        'import com.openai.models.ChatModel;',
        'import com.anthropic.models.messages.Model;',
        'import static dev.langchain4j.model.openai.OpenAiChatModelName.GPT_4_O_MINI;',
        'import dev.langchain4j.model.openai.OpenAiChatModel;',
        'class Chat {',
        '  Object a = ChatCompletionCreateParams.builder().model(ChatModel.GPT_4_1).build();',
        '  Object b = MessageCreateParams.builder().model(Model.CLAUDE_3_5_HAIKU_LATEST).maxTokens(1024).build();',
        '  Object c = OpenAiChatModel.builder().modelName(GPT_4_O_MINI).build();',
        '}',
      ].join('\n'),
      'src/main/java/app/Other.java': 'package app;\nimport org.springframework.ai.chat.model.ChatModel;\nimport com.openai.client.OpenAIClient;\nclass Other { Object a = b.model(ChatModel.GPT_4O); }\n',
    });
    assert.deepEqual(modelsByService(r), { anthropic: 'claude-3-5-haiku-latest', openai: 'gpt-4.1, gpt-4o-mini' });
    // Spring AI's enums, nested in each module's API class (OpenAiApi.ChatModel, AnthropicApi.ChatModel) or not (OllamaModel).
    const spring = await run({
      'src/main/java/app/Config.java': [
        'package app;',
        'import org.springframework.ai.openai.OpenAiChatOptions;',
        'import org.springframework.ai.openai.api.OpenAiApi;',
        'import org.springframework.ai.anthropic.api.AnthropicApi.ChatModel;',
        'import org.springframework.ai.ollama.api.OllamaModel;',
        'class Config {',
        '  Object a = OpenAiChatOptions.builder().model(OpenAiApi.ChatModel.GPT_4_O_MINI.getValue()).build();',
        '  Object b = AnthropicChatOptions.builder().model(ChatModel.CLAUDE_SONNET_4_5.getValue()).build();',
        '  Object c = OllamaOptions.builder().model(OllamaModel.LLAMA3_2.id()).build();',
        '}',
      ].join('\n'),
    });
    assert.deepEqual(modelsByService(spring), { anthropic: 'claude-sonnet-4-5', ollama: 'llama3.2', openai: 'gpt-4o-mini' });
  });

  it('Java and Kotlin: model names given to langchain4j, Spring AI, the SDKs and JSON bodies are on their services; decoys are not', async () => {
    const r = await run({
      'src/Chat.java': [
        'package app;',
        'import dev.langchain4j.model.openai.OpenAiChatModel;',
        'import org.springframework.ai.openai.OpenAiChatOptions;',
        'class Chat {',
        '  // .modelName("gpt-3.5-turbo")',
        '  ChatLanguageModel m = OpenAiChatModel.builder().apiKey(k).modelName("gpt-4o").build();',
        '  OpenAiChatOptions o = OpenAiChatOptions.builder().withModel("gpt-4o-mini").build();',
        '  ChatLanguageModel c = OpenAiChatModel.builder().modelName(OpenAiChatModelName.GPT_4_O).build();',
        '  void f() { log.info("model", "o3-mini"); System.out.println("claude-3-opus"); car.setName("o1"); }',
        '}',
        '',
      ].join('\n'),
      'src/Claude.java': 'package app;\nimport com.anthropic.client.AnthropicClient;\nclass Claude { Object p = MessageCreateParams.builder().model("claude-3-5-sonnet-latest").build(); }\n',
      'src/Http.java': 'package app;\nimport com.openai.client.OpenAIClient;\nclass Http { Map<String, Object> body = Map.of("model", "gpt-4.1", "stream", false); }\n',
      'src/Bot.kt': 'package app\n\nimport com.aallam.openai.client.OpenAI\n\nval req = ChatCompletionRequest(model = ModelId("o4-mini"), messages = m)\n',
      // langchain4j pointed at DeepInfra.
      'src/Infra.java': 'package app;\nimport dev.langchain4j.model.openai.OpenAiChatModel;\nclass Infra { Object m = OpenAiChatModel.builder().baseUrl("https://api.deepinfra.com/v1/openai").modelName("meta-llama/Meta-Llama-3.1-8B-Instruct").build(); }\n',
    });
    assert.deepEqual(modelsByService(r), {
      anthropic: 'claude-3-5-sonnet-latest',
      deepinfra: 'meta-llama/Meta-Llama-3.1-8B-Instruct',
      openai: 'gpt-4.1, gpt-4o, gpt-4o-mini, o4-mini',
    });
  });

  it('Java with CR, LF and CRLF line ends: the import after a `//` comment, the service and its model, on the lines editors show', async () => {
    for (const [name, eol] of [['lf', '\n'], ['crlf', '\r\n'], ['cr', '\r']] as const) {
      const src = ['package app;', '// langchain4j pointed at DeepInfra', 'import dev.langchain4j.model.openai.OpenAiChatModel;', 'class Infra {', '  Object m = OpenAiChatModel.builder()', '    .baseUrl("https://api.deepinfra.com/v1/openai")', '    .modelName("meta-llama/Meta-Llama-3.1-8B-Instruct").build();', '}', ''].join(eol);
      const r = await run({ 'src/Infra.java': src });
      const lc4j = libs(r).find((c) => c.name.includes('langchain4j'));
      assert.deepEqual(lc4j?.evidence, [{ path: 'src/Infra.java', line: 3, column: 8 }], name);
      const svc = r.components.find((c) => c.ref === 'service:deepinfra');
      assert.equal(svc?.properties['lantern:models'], 'meta-llama/Meta-Llama-3.1-8B-Instruct', name);
      assert.deepEqual(svc?.evidence, [
        { path: 'src/Infra.java', line: 6, column: 15 },
        { path: 'src/Infra.java', line: 7, column: 16 },
      ], name);
    }
  });

  it('an Azure OpenAI resource endpoint given by its key (azure_endpoint=, azureOpenAIEndpoint) to a factory of the project\'s own is where the file calls: Azure OpenAI, not OpenAI', async () => {
    const r = await run({
      'a.py': 'import openai\nfrom .clients import make\nc = make(azure_endpoint="https://myres.openai.azure.com", api_version="2024-02-01")\nc.chat.completions.create(model="gpt-4o", messages=[])\n',
      'b.ts': "import OpenAI from 'openai';\nimport { make } from './clients';\nexport const c: OpenAI = make({ azureOpenAIEndpoint: 'https://myres.openai.azure.com/' });\n",
    });
    assert.deepEqual(r.components.filter((c) => c.kind === 'service').map((c) => c.ref), ['service:azure-openai']);
    const az = r.components.find((c) => c.ref === 'service:azure-openai');
    assert.equal(az?.properties['lantern:models'], 'gpt-4o');
    assert.equal(az?.properties['lantern:endpoints'], 'https://myres.openai.azure.com');
    // Decoy: the same host outside a base-URL key (a note, a docs string) leaves the OpenAI client calling OpenAI.
    const d = await run({ 'c.py': 'import openai\nNOTE = "https://myres.openai.azure.com"\nclient = openai.OpenAI()\n' });
    assert.deepEqual(d.components.filter((c) => c.kind === 'service').map((c) => c.ref), ['service:azure-openai', 'service:openai']);
    assert.equal(d.components.find((c) => c.ref === 'service:openai')?.properties['lantern:used-through'], 'openai');
  });

  it('Go: a `//` comment runs on past a lone CR (Go reads a CR as a blank), so a URL after it is no endpoint; after LF or CRLF it is', async () => {
    const src = (eol: string) => `package main${eol}import "github.com/sashabaranov/go-openai"${eol}// old endpoint\rvar u = "https://api.groq.com/openai/v1"${eol}var c = openai.NewClient("k")${eol}`;
    for (const [name, eol] of [['lf', '\n'], ['crlf', '\r\n']] as const) {
      const r = await run({ 'main.go': src(eol) });
      assert.equal(r.components.find((c) => c.ref === 'service:groq')?.properties['lantern:endpoints'], undefined, `${name}: the URL is inside the comment`);
      const after = await run({ 'main.go': `package main${eol}import "github.com/sashabaranov/go-openai"${eol}// old endpoint${eol}var u = "https://api.groq.com/openai/v1"${eol}` });
      assert.equal(after.components.find((c) => c.ref === 'service:groq')?.properties['lantern:endpoints'], 'https://api.groq.com/openai/v1', `${name}: decoy, the URL on the next line`);
    }
  });

  it('an Ollama service is used through the Ollama clients that call it (Microsoft.Extensions.AI.Ollama beside its namespace siblings, ollama, langchain-ollama), which make no service alone', async () => {
    const csproj = (...pkgs: string[]) => `<Project Sdk="Microsoft.NET.Sdk">\n  <ItemGroup>\n${pkgs.map((p) => `    <PackageReference Include="${p}" Version="9.0.1-preview.1.24570.5" />\n`).join('')}  </ItemGroup>\n</Project>\n`;
    const svcs = (r: ScanResult) => r.components.filter((c) => c.kind === 'service').map((c) => [c.ref, c.properties['lantern:used-through'], c.properties['lantern:files']]);
    const cs = await run({
      'App.csproj': csproj('Microsoft.Extensions.AI', 'Microsoft.Extensions.AI.Ollama'),
      'Program.cs': 'using Microsoft.Extensions.AI;\n\nIChatClient client = new OllamaChatClient(new Uri("http://localhost:11434"), "llama3.1");\n',
    });
    // The namespace is shared: only the Ollama adapter is the server's client, not the abstractions.
    assert.deepEqual(svcs(cs), [['service:ollama', 'Microsoft.Extensions.AI.Ollama', 'Program.cs']]);
    const bom = JSON.parse(toCycloneDxJson(cs, '1.6', { SOURCE_DATE_EPOCH: '0' })) as { dependencies: { ref: string; dependsOn?: string[] }[] };
    assert.equal(bomJsonErrors(bom), undefined);
    const dependsOn = (purl: string) => { const l = lib(cs, purl); assert.ok(l, purl); return bom.dependencies.find((d) => d.ref === l.ref)?.dependsOn ?? []; };
    assert.deepEqual(dependsOn('pkg:nuget/microsoft.extensions.ai.ollama@'), ['service:ollama']);
    assert.deepEqual(dependsOn('pkg:nuget/microsoft.extensions.ai@'), []);
    // Beside the Azure AI Inference adapter, each service lists its own client.
    const both = await run({
      'App.csproj': csproj('Microsoft.Extensions.AI.Ollama', 'Microsoft.Extensions.AI.AzureAIInference'),
      'Program.cs': 'using Microsoft.Extensions.AI;\nusing Azure.AI.Inference;\n\nvar a = new OllamaEmbeddingGenerator(new Uri("http://localhost:11434"), "llama3.1");\nvar b = new ChatCompletionsClient(new Uri("https://models.inference.ai.azure.com"), cred).AsChatClient("gpt-4o-mini");\n',
    });
    assert.deepEqual(svcs(both), [['service:azure', 'Azure.AI.Inference, Microsoft.Extensions.AI.AzureAIInference', 'Program.cs'], ['service:ollama', 'Microsoft.Extensions.AI.Ollama', 'Program.cs']]);
    // The service known from an env var only: the files that import the client call it.
    const env = await run({ '.env.example': 'OLLAMA_HOST=http://localhost:11434\n', 'app.py': 'import ollama\nollama.chat(model=m, messages=[])\n', 'other.py': 'import json\n' });
    assert.deepEqual(svcs(env), [['service:ollama', 'ollama', '.env.example\napp.py']]);
    // Decoys: a client imported alone makes no service; an in-process client (transformers) is no
    // Hugging Face API's client though the file calls that API.
    assert.deepEqual(svcs(await run({ 'Program.cs': 'using Microsoft.Extensions.AI;\nvar c = new OllamaChatClient(uri);\n', 'App.csproj': csproj('Microsoft.Extensions.AI.Ollama') })), []);
    const hf = await run({ 'requirements.txt': 'transformers==4.44.0\n', 'a.py': 'import transformers\nimport requests\nrequests.post("https://api-inference.huggingface.co/models/gpt2", json={})\n' });
    assert.deepEqual(svcs(hf), [['service:huggingface', undefined, 'a.py']]);
  });

  it('Ollama4j: the Java client of Ollama is a local-inference library (as the other Ollama clients); the Ollama server it is given is the service', async () => {
    const pom = '<project><dependencies><dependency><groupId>io.github.ollama4j</groupId><artifactId>ollama4j</artifactId><version>1.1.6</version></dependency></dependencies></project>\n';
    const r = await run({ 'pom.xml': pom, 'src/Chat.java': 'package app;\nimport io.github.ollama4j.OllamaAPI;\nclass Chat { OllamaAPI api = new OllamaAPI("http://localhost:11434"); }\n' });
    const o4j = lib(r, 'pkg:maven/io.github.ollama4j/ollama4j@');
    assert.equal(o4j?.version, '1.1.6');
    assert.equal(o4j?.properties['lantern:provider'], 'ollama');
    assert.ok(o4j?.evidence.some((e) => e.path === 'src/Chat.java' && e.line === 2), JSON.stringify(o4j?.evidence));
    const svc = r.components.find((c) => c.ref === 'service:ollama');
    assert.equal(o4j?.properties['lantern:category'], 'local-inference');
    assert.equal(svc?.properties['lantern:endpoints'], 'http://localhost:11434');
    // Decoys: a look-alike group and a package named like the client are no AI library.
    const none = await run({ 'src/A.java': 'package app;\nimport io.github.ollama4jx.OllamaAPI;\nimport io.github.other.ollama4j.Client;\nclass A {}\n' });
    assert.deepEqual(libs(none), []);
  });

  it('C# and Rust: a declared package used in code is one component with both occurrences; undeclared and unused ones are reported; URLs in code are endpoints, commented-out ones not', async () => {
    const csproj = '<Project Sdk="Microsoft.NET.Sdk">\n  <ItemGroup>\n    <PackageReference Include="OpenAI" Version="2.1.0" />\n    <PackageReference Include="Microsoft.SemanticKernel" Version="1.30.0" />\n    <PackageReference Include="OllamaSharp" Version="4.0.0" />\n  </ItemGroup>\n</Project>\n';
    const program = [
      'using OpenAI.Chat;',
      '// using OllamaSharp;',
      'var kernel = Microsoft.SemanticKernel.Kernel.CreateBuilder().Build();',
      'var client = new ChatClient("gpt-4o", key);',
      'var claude = new global::Anthropic.SDK.AnthropicClient();',
      '/* var u = "https://api.groq.com/openai/v1"; */',
      'var m = new Uri(@"https://api.mistral.ai/v1");',
      'using (var openai = new Helper()) { }',
      '',
    ].join('\r\n');
    const cargo = '[package]\nname = "app"\nversion = "0.1.0"\n\n[dependencies]\nasync-openai = "0.24"\nollama-rs = "0.2"\n';
    const lock = ['version = 3', '', '[[package]]', 'name = "app"', 'version = "0.1.0"', '', '[[package]]', 'name = "async-openai"', 'version = "0.24.1"', 'source = "registry+https://github.com/rust-lang/crates.io-index"', '', '[[package]]', 'name = "ollama-rs"', 'version = "0.2.1"', 'source = "registry+https://github.com/rust-lang/crates.io-index"', ''].join('\n');
    const main = [
      'use async_openai::{Client, types::CreateChatCompletionRequestArgs};',
      '/* use ollama_rs::Ollama; /* nested */ let u = "https://api.groq.com/openai/v1"; */',
      'fn main() {',
      '    let h = hf_hub::api::sync::Api::new();',
      '    let again = hf_hub::api::sync::Api::new();',
      '    let s = "use ollama_rs::Ollama;";',
      '    let u = r#"https://api.deepseek.com"#;',
      '}',
      '',
    ].join('\n');
    const r = await run({ 'cs/App.csproj': csproj, 'cs/Program.cs': program, 'rs/Cargo.toml': cargo, 'rs/Cargo.lock': lock, 'rs/src/main.rs': main });
    const row = (c: Component) => [c.purl, c.version, c.properties['lantern:import-kinds'], c.evidence.map((e) => `${e.path}:${e.line}${e.column ? `:${e.column}` : ''}`)];
    assert.deepEqual(libs(r).map(row), [
      ['pkg:nuget/anthropic.sdk', undefined, 'qualified-name', ['cs/Program.cs:5:26']],
      ['pkg:nuget/microsoft.semantickernel@1.30.0', '1.30.0', 'qualified-name', ['cs/App.csproj:4', 'cs/Program.cs:3:14']],
      ['pkg:nuget/ollamasharp@4.0.0', '4.0.0', undefined, ['cs/App.csproj:5']],
      ['pkg:nuget/openai@2.1.0', '2.1.0', 'using', ['cs/App.csproj:3', 'cs/Program.cs:1:7']],
      ['pkg:cargo/async-openai@0.24.1', '0.24.1', 'use', ['rs/Cargo.toml:6', 'rs/src/main.rs:1:5']],
      ['pkg:cargo/hf-hub', undefined, 'qualified-name', ['rs/src/main.rs:4:13']],
      ['pkg:cargo/ollama-rs@0.2.1', '0.2.1', undefined, ['rs/Cargo.toml:7']],
    ]);
    const undeclared = r.findings.filter((f) => f.ruleId === 'sdk/undeclared-dependency').map((f) => `${f.location.path}:${f.location.line} ${f.message}`).sort();
    assert.deepEqual(undeclared, [
      'cs/App.csproj:5 OllamaSharp (ollama) is declared but never imported in the scanned code.',
      'cs/Program.cs:5 Anthropic.SDK (anthropic) is imported in code but declared in no manifest: its version is not pinned anywhere.',
      'rs/Cargo.toml:7 ollama-rs (ollama) is declared but never imported in the scanned code.',
      'rs/src/main.rs:4 hf-hub (huggingface) is imported in code but declared in no manifest: its version is not pinned anywhere.',
    ]);
    const svc = (p: string) => r.components.find((c) => c.ref === `service:${p}`);
    assert.equal(svc('mistral')?.properties['lantern:endpoints'], 'https://api.mistral.ai/v1');
    // The model name of line 4 is OpenAI's, given to OpenAI's client: the Mistral host the file
    // names serves Mistral's models only (`ownModels`), so it does not take it.
    assert.deepEqual(svc('mistral')?.evidence, [{ path: 'cs/Program.cs', line: 7, column: 19 }]);
    assert.equal(svc('mistral')?.properties['lantern:models'], undefined);
    assert.equal(svc('openai')?.properties['lantern:models'], 'gpt-4o');
    assert.equal(svc('deepseek')?.properties['lantern:endpoints'], 'https://api.deepseek.com');
    assert.equal(svc('groq'), undefined, 'the URLs in comments');
    assert.equal(svc('openai')?.properties['lantern:used-through'], 'OpenAI, async-openai');
    // Without C# or Rust code, a declared package is not judged unused (as before).
    const bare = await run({ 'cs/App.csproj': csproj, 'rs/Cargo.toml': cargo });
    assert.deepEqual(bare.findings.filter((f) => f.ruleId === 'sdk/undeclared-dependency'), []);
  });

  it('C#: a namespace of a package that a declared one brings in as its API (Azure.AI.OpenAI → OpenAI.Chat, the Semantic Kernel metapackage → its connectors) is no undeclared dependency; in another project it still is', async () => {
    const proj = (...refs: string[]) => `<Project Sdk="Microsoft.NET.Sdk">\n  <ItemGroup>\n${refs.map((r) => `    <PackageReference Include="${r}" Version="2.1.0" />\n`).join('')}  </ItemGroup>\n</Project>\n`;
    const r = await run({
      'az/Az.csproj': proj('Azure.AI.OpenAI'),
      'az/Program.cs': 'using Azure.AI.OpenAI;\nusing OpenAI.Chat;\nChatClient c = new AzureOpenAIClient(endpoint, cred).GetChatClient("d");\n',
      'sk/Sk.csproj': proj('Microsoft.SemanticKernel'),
      'sk/Program.cs': 'using Microsoft.SemanticKernel;\nusing Microsoft.SemanticKernel.Connectors.OpenAI;\n',
      // Decoy: a project that declares neither writes the same usings.
      'other/Other.csproj': proj('Newtonsoft.Json'),
      'other/Program.cs': 'using OpenAI.Chat;\n',
    });
    const openai = libs(r).find((c) => c.name === 'OpenAI');
    assert.equal(openai?.properties['lantern:brought-in-by'], 'Azure.AI.OpenAI');
    assert.equal(libs(r).find((c) => c.name === 'Microsoft.SemanticKernel.Connectors.OpenAI')?.properties['lantern:brought-in-by'], 'Microsoft.SemanticKernel');
    assert.deepEqual(
      r.findings.filter((f) => f.ruleId === 'sdk/undeclared-dependency').map((f) => `${f.location.path}:${f.location.line}`),
      ['other/Program.cs:1'],
    );
  });

  it('C#: a namespace the project declares (namespace OpenAI.Helpers;) is its own code: importing it is no OpenAI import; the SDK\'s own namespaces still are', async () => {
    const r = await run({
      'Helpers/Chat.cs': 'namespace OpenAI.Helpers;\npublic static class Chat { }\n',
      'App/Program.cs': 'using OpenAI.Helpers;\nusing OpenAI.Helpers.Extra;\nChat.Run();\n',
      'Other/Program.cs': 'using OpenAI.Helpers;\nusing OpenAI.Chat;\n',
    });
    assert.deepEqual(libs(r).map((c) => [c.name, c.evidence.map((e) => `${e.path}:${e.line}`)]), [['OpenAI', ['Other/Program.cs:2']]]);
    // Without the declaration, the same usings are the OpenAI package's.
    const sdk = await run({ 'App/Program.cs': 'using OpenAI.Helpers;\n' });
    assert.deepEqual(libs(sdk).map((c) => c.name), ['OpenAI']);
  });

  it('C#: model names given to the OpenAI .NET library and Semantic Kernel are on their services; a client given Groq\'s endpoint calls Groq, not OpenAI; decoys are not models', async () => {
    const r = await run({
      'chat/Program.cs': [
        'using OpenAI;',
        'using OpenAI.Chat;',
        '// var old = new ChatClient("gpt-3.5-turbo", key);',
        'var chat = new ChatClient(model: "gpt-4o", apiKey: key);',
        'var mini = new OpenAIClient(key).GetChatClient("gpt-4o-mini");',
        'var notAModel = new ChatClient($"gpt-4-{suffix}", key);',
        'Console.WriteLine("o1-mini");',
        '',
      ].join('\r\n'),
      'sk/Kernel.cs': 'using Microsoft.SemanticKernel;\nusing Microsoft.SemanticKernel.Connectors.Google;\nvar b = Kernel.CreateBuilder();\nb.AddGoogleAIGeminiChatCompletion("gemini-1.5-pro", apiKey);\nvar s = new GeminiPromptExecutionSettings { ModelId = "gemini-1.5-flash" };\n',
      // The OpenAI .NET library pointed at Groq: the model is Groq's, and OpenAI is not called from here.
      'groq/Groq.cs': 'using OpenAI;\nusing OpenAI.Chat;\nvar client = new OpenAIClient(new ApiKeyCredential(key), new OpenAIClientOptions { Endpoint = new Uri("https://api.groq.com/openai/v1") });\nChatClient chat = client.GetChatClient("llama-3.1-8b-instant");\n',
      // An Endpoint of another type re-points nothing.
      'health/Check.cs': 'using OpenAI;\nvar c = new HealthCheck { Endpoint = new Uri("https://api.groq.com/openai/v1") };\n',
    });
    const svc = (p: string) => r.components.find((c) => c.ref === `service:${p}`);
    assert.deepEqual(modelsByService(r), { google: 'gemini-1.5-flash, gemini-1.5-pro', groq: 'llama-3.1-8b-instant', openai: 'gpt-4o, gpt-4o-mini' });
    assert.equal(svc('openai')?.properties['lantern:files'], 'chat/Program.cs\nhealth/Check.cs');
    assert.equal(svc('groq')?.properties['lantern:endpoints'], 'https://api.groq.com/openai/v1');
    assert.equal(svc('groq')?.properties['lantern:files'], 'groq/Groq.cs\nhealth/Check.cs');
    assert.ok(svc('openai')?.evidence.some((e) => e.path === 'chat/Program.cs' && e.line === 4 && e.column === 34), JSON.stringify(svc('openai')?.evidence));
    // The keyed URL and the URL scan's site are one occurrence.
    assert.deepEqual(svc('groq')?.evidence.filter((e) => e.path === 'groq/Groq.cs').map((e) => `${e.line}:${e.column}`), ['3:104', '4:40']);
  });

  it('C#: Semantic Kernel given an HttpClient whose BaseAddress is Groq\'s calls Groq, not OpenAI; the model is Groq\'s', async () => {
    const r = await run({
      'sk/Program.cs': 'using Microsoft.SemanticKernel;\nusing Microsoft.SemanticKernel.Connectors.OpenAI;\nvar http = new HttpClient { BaseAddress = new Uri("https://api.groq.com/openai/v1/") };\nvar b = Kernel.CreateBuilder();\nb.AddOpenAIChatCompletion("llama-3.1-8b-instant", key, httpClient: http);\n',
    });
    const svc = (p: string) => r.components.find((c) => c.ref === `service:${p}`);
    assert.deepEqual(modelsByService(r), { groq: 'llama-3.1-8b-instant' });
    assert.equal(svc('openai'), undefined);
    assert.equal(svc('groq')?.properties['lantern:endpoints'], 'https://api.groq.com/openai/v1/');
  });

  it('C#: OllamaSharp\'s model, the constructor\'s second argument, is on the Ollama service; its URL first argument is no model', async () => {
    const r = await run({
      'ol/Program.cs': 'using OllamaSharp;\nvar a = new OllamaApiClient(new Uri("http://localhost:11434"), "llama3.1");\nvar b = new OllamaApiClient("http://localhost:11434");\n',
    });
    assert.deepEqual(modelsByService(r), { ollama: 'llama3.1' });
  });

  it('C#: Microsoft.Extensions.AI.Ollama and .AzureAIInference: models on their services; `using Microsoft.Extensions.AI;` (its types\' namespace) is the declared package\'s import, not "never imported"; decoy: declared with no such using', async () => {
    const csproj = (pkg: string) => `<Project Sdk="Microsoft.NET.Sdk">\n  <ItemGroup>\n    <PackageReference Include="${pkg}" Version="9.1.0-preview.1.25064.3" />\n  </ItemGroup>\n</Project>\n`;
    const r = await run({
      'ol/App.csproj': csproj('Microsoft.Extensions.AI.Ollama'),
      'ol/Program.cs': 'using Microsoft.Extensions.AI;\nIChatClient c = new OllamaChatClient(new Uri("http://localhost:11434"), "llama3.1");\nvar e = new OllamaChatClient("http://localhost:11434");\n',
      'az/App.csproj': csproj('Microsoft.Extensions.AI.AzureAIInference'),
      'az/Program.cs': 'using Azure.AI.Inference;\nusing Microsoft.Extensions.AI;\nIChatClient c = new ChatCompletionsClient(new Uri("https://models.inference.ai.azure.com"), cred).AsIChatClient("gpt-4o-mini");\n',
      // Declared, but its folder's code never names Microsoft.Extensions.AI (the using is in another project).
      'unused/App.csproj': csproj('Microsoft.Extensions.AI.OpenAI'),
      'unused/Program.cs': 'using System;\nConsole.WriteLine("hi");\n',
    });
    assert.deepEqual(modelsByService(r), { ollama: 'llama3.1', azure: 'gpt-4o-mini' });
    const undeclared = r.findings.filter((f) => f.ruleId === 'sdk/undeclared-dependency').map((f) => `${f.location.path}:${f.location.line} ${f.message}`);
    assert.deepEqual(undeclared, ['unused/App.csproj:3 Microsoft.Extensions.AI.OpenAI (openai) is declared but never imported in the scanned code.']);
    const imported = (name: string) => libs(r).find((c) => c.name === name)?.properties['lantern:imported'];
    assert.equal(imported('Microsoft.Extensions.AI.Ollama'), 'true');
    assert.equal(imported('Microsoft.Extensions.AI.AzureAIInference'), 'true');
    assert.equal(imported('Microsoft.Extensions.AI.OpenAI'), 'false');
    // The namespace joined the declared packages: no component of the abstractions of its own.
    assert.equal(imported('Microsoft.Extensions.AI'), undefined);
    assert.equal(r.components.find((c) => c.ref === 'service:azure')?.properties['lantern:used-through'], 'Azure.AI.Inference, Microsoft.Extensions.AI.AzureAIInference');
  });

  it('a notebook\'s env-var reads are evidence placed as its other sites are: cell, line in the cell, and the .ipynb\'s own line', async () => {
    const nb = JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [{ cell_type: 'code', metadata: {}, outputs: [], execution_count: null, source: ['import os\n', 'from mistralai import Mistral\n', 'client = Mistral(api_key=os.environ["MISTRAL_API_KEY"])\n', 'r = client.chat.complete(model="mistral-large-latest", messages=[])\n'] }] }, null, 1);
    const r = await run({ 'nb/chat.ipynb': nb });
    const ev = r.components.find((c) => c.ref === 'service:mistral')?.evidence ?? [];
    assert.deepEqual(ev.map((e) => [e.line, e.cell, e.fileLine]).sort(), [[3, 0, 14], [4, 0, 15]]);
    assert.equal(r.components.find((c) => c.ref === 'service:mistral')?.properties['lantern:env-vars'], 'MISTRAL_API_KEY');
  });

  it('model tables ([{ id: "gpt-4o", … }]) name models: on the service in a file that calls it, weak evidence in a models module that imports nothing; a table of other things names none', async () => {
    const r = await run({
      'lib/ai/models.ts': "export const models = [\n  { id: 'gpt-4o-mini', label: 'GPT 4o mini', apiIdentifier: 'gpt-4o-mini' },\n  { id: 'gpt-4o', label: 'GPT 4o', apiIdentifier: 'gpt-4o' },\n];\n",
      'lib/ai/index.ts': "import { openai } from '@ai-sdk/openai';\nexport const pick = (id: string) => openai(id);\n",
      'app/chat.py': 'from openai import OpenAI\nMODELS = [{"name": "o4-mini"}, {"name": "gpt-4.1"}]\nOpenAI().responses.create(model=MODELS[0]["name"], input="hi")\n',
      'app/users.py': 'from openai import OpenAI\nUSERS = [{"name": "alice"}, {"id": "42"}]\n',
    });
    assert.deepEqual(modelsByService(r), { openai: 'gpt-4.1, gpt-4o, gpt-4o-mini, o4-mini' });
    assert.deepEqual([...new Set(r.components.find((c) => c.ref === 'service:openai')?.evidence.map((e) => e.path))].sort(), ['app/chat.py', 'lib/ai/models.ts']);
  });

  it('audit of Python services: pydantic-settings fields and Streamlit secrets are env reads; LangChain\'s Ollama classes call Ollama; Imagen and Gemini embedding models; the Gemini exchange\'s other key names', async () => {
    const r = await run({
      'cfg/config.py': 'from pydantic_settings import BaseSettings\nclass Settings(BaseSettings):\n    openai_api_key: str = ""\n    anthropic_api_key: str = ""\n',
      'ui/app.py': 'import streamlit as st\nkey = st.secrets["GROQ_API_KEY"]\n',
      'img/a.py': 'import google.generativeai as genai\nimagen = genai.ImageGenerationModel("imagen-3.0-generate-001")\nr = genai.embed_content(model="models/embedding-001", content="hi")\n',
      'ol/a.py': 'from langchain.llms import Ollama\nllm = Ollama(model="mistral")\n',
      'ol/b.py': 'from langchain_community.chat_models import ChatOllama\nllm = ChatOllama(model="llama3")\n',
      // Decoys: the Gemini exchange's key pairs and its ccxt client.
      'ex/a.py': "import os\ngemini_api_key = os.getenv('GEMINI_API_KEY')\ngemini_private_key = os.getenv('GEMINI_PRIVATE_KEY')\n",
      'ex/b.py': "import os\nimport ccxt\nexchange = ccxt.gemini({'apiKey': os.getenv('GEMINI_API_KEY')})\n",
    });
    const env = (p: string) => r.components.find((c) => c.ref === `service:${p}`)?.properties['lantern:env-vars'];
    assert.deepEqual([env('openai'), env('anthropic'), env('groq')], ['OPENAI_API_KEY', 'ANTHROPIC_API_KEY', 'GROQ_API_KEY']);
    assert.deepEqual(modelsByService(r), { anthropic: undefined, google: 'imagen-3.0-generate-001, models/embedding-001', groq: undefined, ollama: 'llama3, mistral', openai: undefined });
    assert.ok(!r.components.some((c) => c.evidence?.some((e) => e.path.startsWith('ex/'))), 'the exchange files are no evidence');
  });

  it('audit of JS/TS web apps: env names destructured from a Worker\'s env or process.env; Upstash Vector\'s env vars and hosts', async () => {
    const r = await run({
      'worker/index.js': 'export default { async fetch(request, env) {\n  const { ANTHROPIC_API_KEY } = env;\n  return fetch("https://api.anthropic.com/v1/messages", { headers: { "x-api-key": ANTHROPIC_API_KEY } });\n} };\n',
      'node/index.js': 'const { OPENAI_API_KEY } = process.env;\nconsole.log(OPENAI_API_KEY);\n',
      'vec/index.ts': 'import { Index } from "@upstash/vector";\nconst index = new Index({ url: process.env.UPSTASH_VECTOR_REST_URL, token: process.env.UPSTASH_VECTOR_REST_TOKEN });\n',
      'vec/.env.example': 'UPSTASH_VECTOR_REST_URL=https://moving-wren-12345-us1-vector.upstash.io\nUPSTASH_VECTOR_REST_TOKEN=\n',
    });
    const svc = (p: string) => r.components.find((c) => c.ref === `service:${p}`);
    assert.deepEqual([svc('anthropic')?.properties['lantern:env-vars'], svc('openai')?.properties['lantern:env-vars']], ['ANTHROPIC_API_KEY', 'OPENAI_API_KEY']);
    assert.equal(svc('upstash')?.properties['lantern:env-vars'], 'UPSTASH_VECTOR_REST_TOKEN, UPSTASH_VECTOR_REST_URL');
    assert.equal(svc('upstash')?.properties['lantern:endpoints'], 'https://moving-wren-12345-us1-vector.upstash.io');
  });

  it('BOMs: a versionless Maven or Gradle dependency takes the version of a BOM of the same file that the catalog says versions its group alike; other BOMs, groups and files give none', async () => {
    const pom = '<project>\n  <modelVersion>4.0.0</modelVersion>\n  <groupId>x</groupId><artifactId>y</artifactId><version>1</version>\n  <properties><spring-ai.version>1.0.0-M3</spring-ai.version></properties>\n  <dependencyManagement>\n    <dependencies>\n      <dependency>\n        <groupId>org.springframework.ai</groupId>\n        <artifactId>spring-ai-bom</artifactId>\n        <version>${spring-ai.version}</version>\n        <type>pom</type>\n        <scope>import</scope>\n      </dependency>\n    </dependencies>\n  </dependencyManagement>\n  <dependencies>\n    <dependency>\n      <groupId>org.springframework.ai</groupId>\n      <artifactId>spring-ai-openai-spring-boot-starter</artifactId>\n    </dependency>\n  </dependencies>\n</project>\n';
    const r = await run({
      'm/pom.xml': pom,
      'g/build.gradle.kts': 'dependencies {\n    implementation(platform(libs.openai.kotlin))\n    implementation("com.aallam.openai:openai-client")\n    implementation(platform("dev.langchain4j:langchain4j-bom:1.0.0"))\n    implementation("dev.langchain4j:langchain4j-open-ai")\n}\n',
      'g/gradle/libs.versions.toml': '[libraries]\nopenai-kotlin = { module = "com.aallam.openai:openai-client-bom", version = "3.2.4" }\n',
      'g/settings.gradle.kts': 'rootProject.name = "g"\n',
      // Decoy: the BOM is in another file than the versionless dependency.
      'h/build.gradle.kts': 'dependencies {\n    implementation("org.springframework.ai:spring-ai-openai")\n}\n',
    });
    const v = (name: string) => libs(r).filter((c) => c.name === name).map((c) => [c.version, c.properties['lantern:version-source']]);
    assert.deepEqual(v('org.springframework.ai:spring-ai-openai-spring-boot-starter'), [['1.0.0-M3', 'bom org.springframework.ai:spring-ai-bom@1.0.0-M3']]);
    assert.deepEqual(v('com.aallam.openai:openai-client'), [['3.2.4', 'bom com.aallam.openai:openai-client-bom@3.2.4']]);
    assert.deepEqual(v('dev.langchain4j:langchain4j-open-ai'), [[undefined, 'none']]);
    assert.deepEqual(v('org.springframework.ai:spring-ai-openai'), [[undefined, 'none']]);
  });

  it("BOMs: the Spring dependency-management plugin's mavenBom import (start.spring.io's Gradle, Groovy and Kotlin) versions the file's starters, and is no library itself", async () => {
    const r = await run({
      'a/build.gradle': "plugins {\n    id 'org.springframework.boot' version '3.5.3'\n    id 'io.spring.dependency-management' version '1.1.7'\n}\next {\n    set('springAiVersion', \"1.0.0\")\n}\ndependencies {\n    implementation 'org.springframework.ai:spring-ai-starter-model-anthropic'\n}\ndependencyManagement {\n    imports {\n        mavenBom \"org.springframework.ai:spring-ai-bom:${springAiVersion}\"\n    }\n}\n",
      'b/build.gradle.kts': 'extra["springAiVersion"] = "1.1.6"\ndependencies {\n    implementation("org.springframework.ai:spring-ai-starter-model-openai")\n}\ndependencyManagement {\n    imports {\n        mavenBom("org.springframework.ai:spring-ai-bom:${property("springAiVersion")}")\n    }\n}\n// mavenBom("org.springframework.ai:spring-ai-bom:9.9.9")\n',
    });
    const v = (name: string) => libs(r).filter((c) => c.name === name).map((c) => [c.version, c.properties['lantern:version-source']]);
    assert.deepEqual(v('org.springframework.ai:spring-ai-starter-model-anthropic'), [['1.0.0', 'bom org.springframework.ai:spring-ai-bom@1.0.0']]);
    assert.deepEqual(v('org.springframework.ai:spring-ai-starter-model-openai'), [['1.1.6', 'bom org.springframework.ai:spring-ai-bom@1.1.6']]);
    assert.deepEqual(v('org.springframework.ai:spring-ai-bom'), []);
    assert.ok(!r.findings.some((f) => f.message.includes('spring-ai-bom')));
  });

  it('a Gradle platform() BOM is no library and never "declared but never imported"; Spring Boot starters and Quarkus extensions, which the framework wires from configuration, are not either; any other artifact no code imports is', async () => {
    const r = await run({
      'build.gradle.kts': 'dependencies {\n    implementation(platform("org.springframework.ai:spring-ai-bom:1.0.0"))\n    implementation("org.springframework.ai:spring-ai-starter-model-ollama")\n    implementation("dev.langchain4j:langchain4j-open-ai-spring-boot-starter:1.0.1-beta6")\n    implementation("io.quarkiverse.langchain4j:quarkus-langchain4j-openai:1.0.0")\n    implementation("ai.koog:koog-agents:0.8.0")\n    implementation("ai.koog:koog-spring-ai-starter-model-chat:0.8.0")\n    implementation("com.anthropic:anthropic-java:2.0.0")\n}\n',
      'src/main/kotlin/demo/Agent.kt': 'package demo\n\nimport ai.koog.agents.core.agent.AIAgent\n\nclass Agent\n',
    });
    assert.deepEqual(libs(r).map((c) => `${c.name} ${c.version}`).sort(), [
      'ai.koog:koog-agents 0.8.0',
      'ai.koog:koog-spring-ai-starter-model-chat 0.8.0',
      'com.anthropic:anthropic-java 2.0.0',
      'dev.langchain4j:langchain4j-open-ai-spring-boot-starter 1.0.1-beta6',
      'io.quarkiverse.langchain4j:quarkus-langchain4j-openai 1.0.0',
      'org.springframework.ai:spring-ai-starter-model-ollama 1.0.0',
    ]);
    assert.deepEqual(r.findings.filter((f) => f.message.includes('never imported')).map((f) => f.message.split(' ')[0]), ['com.anthropic:anthropic-java']);
  });

  it('Gradle dependency constraints pin versions and declare nothing (Groovy and Kotlin, a string or a catalog accessor); a dependency beside the block, or one in a comment that mentions constraints, still does', async () => {
    const r = await run({
      'k/build.gradle.kts': 'dependencies {\n    constraints {\n        implementation("com.anthropic:anthropic-java:2.0.0") {\n            because("CVE fix")\n        }\n        api(libs.openai.java)\n    }\n    implementation("dev.langchain4j:langchain4j-open-ai:1.0.1")\n}\n',
      'k/gradle/libs.versions.toml': '[libraries]\nopenai-java = { module = "com.openai:openai-java", version = "2.7.0" }\n',
      'g/build.gradle': "dependencies {\n    // constraints { are below }\n    constraints {\n        implementation 'dev.langchain4j:langchain4j-anthropic:1.0.1'\n    }\n}\n",
    });
    assert.deepEqual(libs(r).map((c) => `${c.name} ${c.version}`), ['dev.langchain4j:langchain4j-open-ai 1.0.1']);
  });

  it("Quarkus LangChain4j: its extensions by provider, versioned by its BOM, their models from quarkus.langchain4j.* settings", async () => {
    const dep = (a: string) => `    <dependency><groupId>io.quarkiverse.langchain4j</groupId><artifactId>${a}</artifactId></dependency>\n`;
    const r = await run({
      'pom.xml': `<project>\n  <modelVersion>4.0.0</modelVersion>\n  <groupId>d</groupId><artifactId>a</artifactId><version>1</version>\n  <dependencyManagement>\n    <dependencies>\n      <dependency><groupId>io.quarkiverse.langchain4j</groupId><artifactId>quarkus-langchain4j-bom</artifactId><version>1.11.0</version><type>pom</type><scope>import</scope></dependency>\n    </dependencies>\n  </dependencyManagement>\n  <dependencies>\n${dep('quarkus-langchain4j-openai')}${dep('quarkus-langchain4j-ollama')}  </dependencies>\n</project>\n`,
      'src/main/resources/application.properties': 'quarkus.langchain4j.openai.chat-model.model-name=gpt-4o-mini\nquarkus.langchain4j.ollama.chat-model.model-id=llama3.2\nquarkus.langchain4j.ollama.base-url=http://localhost:11434\n',
      'src/main/java/demo/Agent.java': 'package demo;\nimport dev.langchain4j.service.SystemMessage;\npublic interface Agent { @SystemMessage("hi") String chat(String q); }\n',
    });
    assert.deepEqual(libs(r).filter((c) => c.name.startsWith('io.quarkiverse')).map((c) => `${c.name.split(':')[1]} ${c.version} ${c.properties['lantern:provider']}`).sort(), ['quarkus-langchain4j-ollama 1.11.0 ollama', 'quarkus-langchain4j-openai 1.11.0 openai']);
    assert.deepEqual(modelsByService(r), { ollama: 'llama3.2', openai: 'gpt-4o-mini' });
    // LangChain4j's API, which the extensions bring (`brings: ["dev.langchain4j:"]`), is no undeclared import.
    assert.match(libs(r).find((c) => c.name === 'dev.langchain4j')?.properties['lantern:brought-in-by'] ?? '', /^io\.quarkiverse\.langchain4j:quarkus-langchain4j-(openai|ollama)$/);
    assert.deepEqual(r.findings.filter((f) => f.ruleId === 'sdk/undeclared-dependency').map((f) => f.message), []);
  });

  it("Spring AI 1.x modules are their providers' (Google GenAI, Bedrock, Vertex AI embeddings, Hugging Face), the ONNX transformers local, the MCP starters MCP; an unlisted module stays the family's", async () => {
    const dep = (a: string) => `    <dependency><groupId>org.springframework.ai</groupId><artifactId>${a}</artifactId><version>1.1.0</version></dependency>\n`;
    const r = await run({
      'pom.xml': `<project>\n  <modelVersion>4.0.0</modelVersion>\n  <groupId>d</groupId><artifactId>a</artifactId><version>1</version>\n  <dependencies>\n${['spring-ai-starter-model-google-genai', 'spring-ai-starter-model-bedrock', 'spring-ai-starter-model-vertex-ai-embedding', 'spring-ai-starter-model-huggingface', 'spring-ai-starter-model-transformers', 'spring-ai-starter-mcp-client', 'spring-ai-starter-mcp-server-webmvc', 'spring-ai-advisors-vector-store'].map(dep).join('')}  </dependencies>\n</project>\n`,
    });
    assert.deepEqual(libs(r).map((c) => `${c.name.split(':')[1]} ${c.properties['lantern:provider']} ${c.properties['lantern:category']}`).sort(), [
      'spring-ai-advisors-vector-store spring framework',
      'spring-ai-starter-mcp-client mcp mcp',
      'spring-ai-starter-mcp-server-webmvc mcp mcp',
      'spring-ai-starter-model-bedrock aws-bedrock framework',
      'spring-ai-starter-model-google-genai google framework',
      'spring-ai-starter-model-huggingface huggingface framework',
      'spring-ai-starter-model-transformers local local-inference',
      'spring-ai-starter-model-vertex-ai-embedding google framework',
    ]);
  });

  it("BOMs: a BOM that is no AI package itself (the AWS SDK's software.amazon.awssdk:bom) versions the AI modules of its file, in Maven and Gradle, and is listed nowhere", async () => {
    const r = await run({
      'm/pom.xml': '<project>\n  <modelVersion>4.0.0</modelVersion>\n  <groupId>d</groupId><artifactId>b</artifactId><version>1.0</version>\n  <dependencyManagement>\n    <dependencies>\n      <dependency>\n        <groupId>software.amazon.awssdk</groupId>\n        <artifactId>bom</artifactId>\n        <version>2.31.0</version>\n        <type>pom</type>\n        <scope>import</scope>\n      </dependency>\n    </dependencies>\n  </dependencyManagement>\n  <dependencies>\n    <dependency>\n      <groupId>software.amazon.awssdk</groupId>\n      <artifactId>bedrockruntime</artifactId>\n    </dependency>\n  </dependencies>\n</project>\n',
      'g/build.gradle.kts': 'dependencies {\n    implementation(platform("software.amazon.awssdk:bom:2.30.1"))\n    implementation("software.amazon.awssdk:bedrockruntime")\n}\n',
    });
    assert.deepEqual(libs(r).map((c) => `${c.properties['lantern:files'] ?? c.evidence[0]?.path} ${c.name} ${c.version}`).sort(), ['g/build.gradle.kts software.amazon.awssdk:bedrockruntime 2.30.1', 'm/pom.xml software.amazon.awssdk:bedrockruntime 2.31.0']);
  });

  it('audit leftovers: ElevenLabs and Deepgram model ids, Azure OpenAI deployment settings, Pollinations.AI hosts; decoys: Amazon Nova ids, an ElevenLabs-like word that is no model key', async () => {
    const r = await run({
      'voice.js': "import { ElevenLabsClient } from '@elevenlabs/elevenlabs-js';\nconst c = new ElevenLabsClient();\nawait c.textToSpeech.convert(voice, { text, model_id: 'eleven_multilingual_v2' });\nconst label = 'eleven_apples';\n",
      'stt.py': 'from deepgram import DeepgramClient, PrerecordedOptions\nopts = PrerecordedOptions(model="nova-2", smart_format=True)\n',
      'k8s/deploy.yaml': 'apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          image: acme/api:1\n          env:\n            - name: AZURE_OPENAI_DEPLOYMENT_NAME\n              value: gpt-4.1-mini\n            - name: AZURE_OPENAI_API_VERSION\n              value: "2024-10-21"\n',
      'app/api/image/route.js': 'export async function GET(req) {\n  const url = `https://image.pollinations.ai/prompt/${encodeURIComponent(p)}`;\n  return fetch(url);\n}\n',
      'bedrock.py': 'import boto3\nclient = boto3.client("bedrock-runtime")\nclient.converse(modelId="amazon.nova-pro-v1:0", messages=[])\n',
    });
    const svc = (p: string) => r.components.find((c) => c.ref === `service:${p}`);
    assert.equal(svc('elevenlabs')?.properties['lantern:models'], 'eleven_multilingual_v2');
    assert.equal(svc('deepgram')?.properties['lantern:models'], 'nova-2');
    assert.equal(svc('azure-openai')?.properties['lantern:env-vars'], 'AZURE_OPENAI_API_VERSION, AZURE_OPENAI_DEPLOYMENT_NAME');
    assert.equal(svc('pollinations')?.properties['lantern:endpoints'], 'https://image.pollinations.ai/prompt/');
    assert.equal(svc('aws-bedrock')?.properties['lantern:models'], 'amazon.nova-pro-v1:0');
    assert.equal(svc('deepgram')?.evidence.some((e) => e.path === 'bedrock.py'), false);
  });

  it("a model listed by its bare name and by a router's prefix for the same provider (gpt-4.1, LiteLLM's openai/gpt-4.1) is listed once; a prefixed name alone, or another provider's prefix, stays", async () => {
    const r = await run({
      'a.py': 'from openai import OpenAI\nimport litellm\nclient = OpenAI()\nclient.chat.completions.create(model="gpt-4.1", messages=[])\nlitellm.completion(model="openai/gpt-4.1", messages=[])\nlitellm.completion(model="openai/gpt-4o-mini", messages=[])\nlitellm.completion(model="anthropic/claude-3-5-sonnet-20241022", messages=[])\nlitellm.completion(model="groq/llama-3.1-8b-instant", messages=[])\n',
      'b.ts': 'import { generateText } from "ai";\nimport { anthropic } from "@ai-sdk/anthropic";\nawait generateText({ model: anthropic("claude-3-5-sonnet-20241022"), prompt: "x" });\n',
    });
    assert.deepEqual(modelsByService(r), { openai: 'gpt-4.1, openai/gpt-4o-mini', anthropic: 'claude-3-5-sonnet-20241022', groq: 'groq/llama-3.1-8b-instant' });
  });

  it("PHP: Anthropic's official SDK and the community client share the Anthropic namespace (an import joins the declared one, the official one when neither is); mozex's Laravel facade; cloudstudio/ollama-laravel's ->model('…')", async () => {
    const r = await run({
      'a/composer.json': '{"require":{"anthropic-ai/sdk":"^0.4"}}',
      'a/composer.lock': JSON.stringify({ packages: [{ name: 'anthropic-ai/sdk', version: 'v0.4.0' }] }),
      'a/src/Claude.php': "<?php\nuse Anthropic\\Client;\n$c = new Client(apiKey: $k);\n$m = $c->messages->create(model: 'claude-sonnet-4-5-20250929', maxTokens: 10, messages: []);\n",
      'b/composer.json': '{"require":{"mozex/anthropic-laravel":"^1.1"}}',
      'b/app/Ai.php': "<?php\nuse Anthropic\\Laravel\\Facades\\Anthropic;\n$r = Anthropic::messages()->create(['model' => 'claude-3-5-sonnet-20241022']);\n",
      'c/composer.json': '{"require":{"cloudstudio/ollama-laravel":"^1.0"}}',
      'c/app/OllamaService.php': "<?php\nuse Cloudstudio\\Ollama\\Facades\\Ollama;\n$r = Ollama::agent($role)->prompt($q)->model('qwen2:1.5b')->ask();\n",
    });
    assert.deepEqual(libs(r).map((c) => `${c.name} ${c.version ?? '-'}`).sort(), ['anthropic-ai/sdk 0.4.0', 'cloudstudio/ollama-laravel -', 'mozex/anthropic-laravel -']);
    assert.deepEqual(r.findings.filter((f) => f.ruleId === 'sdk/undeclared-dependency').map((f) => f.location.path), []);
    // With neither declared, the import is the official SDK's.
    const bare = await run({ 'x.php': "<?php\nuse Anthropic\\Client;\n$c = new Client(apiKey: $k);\n" });
    assert.deepEqual(libs(bare).map((c) => c.name), ['anthropic-ai/sdk']);
    assert.deepEqual(modelsByService(r), { anthropic: 'claude-3-5-sonnet-20241022, claude-sonnet-4-5-20250929', ollama: 'qwen2:1.5b' });
  });

  it("Gradio: gradio_client and @gradio/client call a Space's API (the Hugging Face service), and a Space's <owner>-<space>.hf.space URL is its endpoint; the words in comments, a local gradio_utils module and a look-alike host are none", async () => {
    const r = await run({
      'app.py': 'import gradio as gr\nfrom gradio_client import Client\nclient = Client("abidlabs/whisper")\n',
      'web.ts': 'import { Client } from "@gradio/client";\nconst app = await Client.connect("abidlabs/whisper");\nconst info = await fetch("https://abidlabs-whisper.hf.space/gradio_api/info?x=1");\n',
    });
    const libs = r.components.filter((c) => c.kind === 'library').map((c) => `${c.purl} ${c.properties['lantern:category']}`).sort();
    assert.deepEqual(libs, ['pkg:npm/%40gradio/client llm-api', 'pkg:pypi/gradio-client llm-api']);
    const hf = r.components.find((c) => c.ref === 'service:huggingface');
    assert.equal(hf?.properties['lantern:endpoints'], 'https://abidlabs-whisper.hf.space/gradio_api/info');
    const decoys = await run({
      'a.py': '# import gradio\nfrom gradio_utils import Client\nclient = Client("abidlabs/whisper")\nURL = "https://abidlabs-whisper.hf.space.example.com/x"\n',
      'gradio_utils.py': 'def Client(x): return x\n',
    });
    assert.deepEqual(decoys.components.filter((c) => c.kind === 'library' || c.kind === 'service').map((c) => c.ref), []);
  });

  it('huggingface_hub: InferenceClient and AsyncInferenceClient call the Hugging Face API, with the models given them (positional or model=); a download alone calls no API', async () => {
    const r = await run({
      'a.py': 'from huggingface_hub import InferenceClient\nclient = InferenceClient(model="meta-llama/Llama-3.2-3B-Instruct")\nc2 = InferenceClient("mistralai/Mistral-7B-Instruct-v0.3", token=tok)\nclient.chat_completion(messages, model="Qwen/Qwen2.5-72B-Instruct")\n',
      'b.py': 'import huggingface_hub\nasync def f():\n    c = huggingface_hub.AsyncInferenceClient("google/gemma-2-9b-it")\n',
    });
    assert.deepEqual(modelsByService(r), { huggingface: 'Qwen/Qwen2.5-72B-Instruct, google/gemma-2-9b-it, meta-llama/Llama-3.2-3B-Instruct, mistralai/Mistral-7B-Instruct-v0.3' });
    assert.equal(r.components.find((c) => c.ref === 'service:huggingface')?.properties['lantern:used-through'], 'huggingface-hub');
    // Decoy: a download from the Hub is a pull (the hf detector's), no call to an inference API.
    const pull = await run({ 'c.py': 'from huggingface_hub import snapshot_download, InferenceTimeoutError\nsnapshot_download("meta-llama/Llama-3.2-3B-Instruct", revision="abc123")\n' });
    assert.equal(pull.components.find((c) => c.ref === 'service:huggingface'), undefined);
  });

  it('C#: Microsoft.Extensions.AI.OpenAI adapts whichever OpenAI-package client the code makes: over AzureOpenAIClient it makes no OpenAI service, over OpenAIClient the OpenAI package does', async () => {
    const csproj = (...pkgs: string[]) => `<Project Sdk="Microsoft.NET.Sdk">\n  <ItemGroup>\n${pkgs.map((p) => `    <PackageReference Include="${p}" Version="2.0.0" />\n`).join('')}  </ItemGroup>\n</Project>\n`;
    const azure = await run({
      'App.csproj': csproj('Azure.AI.OpenAI', 'Microsoft.Extensions.AI.OpenAI', 'Azure.Identity'),
      'Chat.cs': 'using Azure.AI.OpenAI;\nusing Microsoft.Extensions.AI;\nusing Azure.Identity;\nIChatClient c = new AzureOpenAIClient(new Uri(Environment.GetEnvironmentVariable("AZURE_OPENAI_ENDPOINT")),\n    new DefaultAzureCredential()).GetChatClient("gpt-4o-mini").AsIChatClient();\n',
    });
    assert.deepEqual(modelsByService(azure), { 'azure-openai': 'gpt-4o-mini' });
    const openai = await run({
      'App.csproj': csproj('OpenAI', 'Microsoft.Extensions.AI.OpenAI'),
      'Chat.cs': 'using OpenAI;\nusing Microsoft.Extensions.AI;\nIChatClient c = new OpenAIClient(key).GetChatClient("gpt-4o").AsIChatClient();\n',
    });
    assert.deepEqual(modelsByService(openai), { openai: 'gpt-4o' });
    assert.equal(openai.components.find((c) => c.ref === 'service:openai')?.properties['lantern:used-through'], 'OpenAI');
  });

  it('Rust: model names given to async-openai, ollama-rs and rig are on their services; async-openai given Groq\'s base URL calls Groq, not OpenAI; decoys are not models', async () => {
    const r = await run({
      'oa/src/main.rs': [
        'use async_openai::{Client, types::CreateChatCompletionRequestArgs};',
        '// .model("gpt-3.5-turbo")',
        'fn main() {',
        '    let request = CreateChatCompletionRequestArgs::default().model("gpt-4o").messages(m).build();',
        '    let other = CreateChatCompletionRequest { model: "gpt-4o-mini".to_string(), ..Default::default() };',
        '    let constant = CreateChatCompletionRequestArgs::default().model(GPT_4).build();',
        '    println!("{}", "o1-mini");',
        '}',
        '',
      ].join('\n'),
      'ol/src/main.rs': 'use ollama_rs::{Ollama, generation::completion::request::GenerationRequest};\nfn main() {\n    let req = GenerationRequest::new("llama3".into(), prompt);\n}\n',
      'rig/src/main.rs': 'use rig::providers::anthropic;\nfn main() {\n    let agent = client.agent("claude-3-5-sonnet-20241022").build();\n}\n',
      // async-openai pointed at Groq: the model is Groq's, and OpenAI is not called from here.
      'groq/src/main.rs': 'use async_openai::{config::OpenAIConfig, Client};\nfn main() {\n    let config = OpenAIConfig::new().with_api_base("https://api.groq.com/openai/v1");\n    let client = Client::with_config(config);\n    let r = CreateChatCompletionRequestArgs::default().model("llama-3.1-8b-instant").build();\n}\n',
    });
    const svc = (p: string) => r.components.find((c) => c.ref === `service:${p}`);
    const models = modelsByService(r);
    assert.equal(models['openai'], 'gpt-4o, gpt-4o-mini');
    assert.equal(models['groq'], 'llama-3.1-8b-instant');
    assert.equal(models['anthropic'], 'claude-3-5-sonnet-20241022');
    assert.equal(models['ollama'], 'llama3');
    assert.equal(svc('openai')?.properties['lantern:files'], 'oa/src/main.rs');
    assert.equal(svc('groq')?.properties['lantern:files'], 'groq/src/main.rs');
    assert.ok(svc('openai')?.evidence.some((e) => e.path === 'oa/src/main.rs' && e.line === 4 && e.column === 68), JSON.stringify(svc('openai')?.evidence));
  });

  it('a model name that is a plain word (mistral, whisper, llama, sonar) counts only in a file that imports an AI package or names an AI host', async () => {
    const none = await run({
      'Garage.cs': 'var car = new Car { Model = "Mistral" };\nvar radio = new Radio(model: "Whisper");\n',
      'cars.py': 'car = dict(model="llama")\nscan = Scanner(model="sonar")\n',
      'cars.ts': "export const car = { model: 'mistral' };\n",
    });
    assert.deepEqual(none.components.filter((c) => c.kind === 'service').map((c) => c.ref), []);
    const some = await run({
      // With an AI import, or an AI host, the same words are models; a versioned name counts anywhere.
      'chat.py': 'import ollama\nollama.chat(model="llama", messages=[])\n',
      'http.py': 'import requests\nrequests.post("https://api.mistral.ai/v1/chat/completions", json={"model": "mistral"})\n',
      'cfg.ts': "export const cfg = { model: 'mistral-large-latest' };\n",
    });
    assert.deepEqual(modelsByService(some), { mistral: 'mistral, mistral-large-latest', ollama: 'llama' });
  });

  it("Ollama's library names (embedding models, tags, hf.co pulls of any Hub repository) are on the service the file calls; plain words count only in an AI file", async () => {
    const r = await run({
      'Embed.cs': 'using Microsoft.Extensions.AI;\nvar g = new OllamaEmbeddingGenerator(new Uri("http://localhost:11434"), "all-minilm");\n',
      // OllamaSharp given a plain-word name: Ollama's, not the Mistral API's.
      'Chat.cs': 'using OllamaSharp;\nvar c = new OllamaApiClient(new Uri("http://localhost:11434"), "mistral");\n',
      'embed.py': 'import ollama\nollama.embeddings(model="nomic-embed-text", prompt="hi")\nollama.embed(model="mxbai-embed-large:335m", input="hi")\n',
      'chat.ts': "import ollama from 'ollama';\nawait ollama.chat({ model: 'llama3.1:8b', messages: [] });\nawait ollama.chat({ model: 'qwen2.5-coder:7b-instruct-q4_K_M', messages: [] });\nawait ollama.chat({ model: 'hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M', messages: [] });\nawait ollama.chat({ model: 'gemma', messages: [] });\nawait ollama.chat({ model: 'hf.co/someuser/my-finetune-GGUF:Q8_0', messages: [] });\nawait ollama.chat({ model: 'hf.co/settings/tokens', messages: [] });\nawait ollama.chat({ model: 'hf.co/someuser/my$finetune', messages: [] });\nconst docs = { model: 'https://hf.co/docs/hub/ollama' };\n",
      // A Llama model given to Groq's client stays Groq's.
      'groq.py': 'from groq import Groq\nGroq().chat.completions.create(model="llama3-70b-8192", messages=[])\n',
      // Alone, with no client or host, a hosted model's name is its maker's; an open-weight
      // family's (Nomic's embedder, Llama, gpt-oss) is whoever runs it: no service.
      'cfg.ts': "export const embed = { model: 'nomic-embed-text:latest' };\nexport const chat = { model: 'mistral-large-latest' };\n",
      'route.py': 'import litellm\nlitellm.completion(model="llama-3.3-70b-versatile", messages=[])\nlitellm.completion("gpt-oss-120b", messages=[])\n',
      // LangChain's HuggingFaceEmbeddings beside Claude: the embedding model is a Hub download run in
      // process (the Hugging Face pull), neither Anthropic's nor an API's.
      'rag.py': 'import anthropic\nfrom langchain_community.embeddings import HuggingFaceEmbeddings\ne = HuggingFaceEmbeddings(model_name="sentence-transformers/all-MiniLM-L6-v2")\n',
    });
    assert.deepEqual(modelsByService(r), {
      anthropic: undefined, // used (rag.py imports its client), with no model of its own
      groq: 'llama3-70b-8192',
      mistral: 'mistral-large-latest',
      ollama: 'all-minilm, gemma, hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M, hf.co/someuser/my-finetune-GGUF:Q8_0, llama3.1:8b, mistral, mxbai-embed-large:335m, nomic-embed-text, qwen2.5-coder:7b-instruct-q4_K_M',
    });
    // Decoys: the same plain words in files with no AI import or host are no models.
    const none = await run({
      'greek.py': 'LETTERS = ["phi", "gemma"]\nshape = Shape(model="phi")\n',
      'cars.ts': "export const car = { model: 'mistral' };\nexport const top = { model: 'granite' };\n",
      'orm.js': "const rows = await Product.findAll({ where: { brand: 'acme' }, model: 'llama' });\nconst pet = { model: 'vicuna' };\n",
      'Shop.cs': 'var p = new Lamp { Model = "Gemma" };\nvar q = new Boat { Model = "Llava" };\n',
    });
    assert.deepEqual(none.components.filter((c) => c.kind === 'service').map((c) => c.ref), []);
  });

  it('realtime APIs over WebSocket are endpoints of their service', async () => {
    const r = await run({ 'rt.py': 'URL = "wss://api.openai.com/v1/realtime?model=gpt-4o-realtime-preview"\n', 'live.ts': 'const ws = new WebSocket(`wss://generativelanguage.googleapis.com/ws/${method}?key=${k}`);\n' });
    const svc = (p: string) => r.components.find((c) => c.kind === 'service' && c.properties['lantern:provider'] === p);
    assert.equal(svc('openai')?.properties['lantern:endpoints'], 'wss://api.openai.com/v1/realtime');
    assert.equal(svc('google')?.properties['lantern:endpoints'], 'wss://generativelanguage.googleapis.com/ws/');
  });

  it('endpoints are bounded: a long path is cut, and past 100 endpoints a service counts the rest', async () => {
    const lines = Array.from({ length: 130 }, (_, i) => `U${i} = "https://api.openai.com/v1/e${String(i).padStart(3, '0')}"`);
    lines.push(`LONG = "https://api.anthropic.com/v1/${'x'.repeat(5000)}"`);
    const r = await run({ 'urls.py': `${lines.join('\n')}\n` });
    const svc = (p: string) => r.components.find((c) => c.kind === 'service' && c.properties['lantern:provider'] === p);
    assert.equal(svc('openai')?.properties['lantern:endpoints']?.split(' ').length, 100);
    assert.equal(svc('openai')?.properties['lantern:endpoints-omitted'], '30');
    assert.equal(svc('anthropic')?.properties['lantern:endpoints'], `https://api.anthropic.com/v1/${'x'.repeat(196)}…`);
  });

  it('commented-out endpoints and prose documentation are not services', async () => {
    const r = await run({
      'deploy/c.yaml': '# base_url: https://api.mistral.ai/v1\nreal: https://api.openai.com/v1 # https://api.anthropic.com/v1\n',
      'c.toml': '# url = "https://api.cohere.ai/v1"\n',
      'app.properties': '# spring.ai.anthropic.base-url=https://api.anthropic.com\n; x = https://api.x.ai\n',
      'Dockerfile': 'FROM node\n# RUN curl https://api.deepseek.com/v1\n',
      'cfg.xml': '<!-- <url>https://api.x.ai/v1</url> -->\n',
      'main.go': 'package main\n// see https://api.groq.com/openai/v1\n',
      'README.rst': 'Calls https://api.together.xyz/v1 with OPENAI_API_KEY set.\n',
      'docs/index.html': '<a href="https://api.deepseek.com/docs">DeepSeek</a>\n',
    });
    assert.deepEqual(r.components.filter((c) => c.kind === 'service').map((c) => [c.properties['lantern:provider'], c.evidence.map((e) => e.path)]), [['openai', ['deploy/c.yaml']]]);
  });

  it('monorepos: one component per package and version, whichever folder declares it', async () => {
    const r = await run({
      // npm workspaces: the lockfile is at the root, the manifests in the members.
      'package.json': '{"name":"mono","workspaces":["packages/*"]}',
      'package-lock.json': JSON.stringify({ lockfileVersion: 3, packages: { '': { workspaces: ['packages/*'] }, 'node_modules/openai': { version: '4.52.7' }, 'packages/api': { name: 'api', dependencies: { openai: '^4.0.0' } } } }),
      'packages/api/package.json': '{"name":"api","dependencies":{"openai":"^4.0.0"}}',
      // yarn with two versions of the package: the declared spec picks.
      'yarnapp/package.json': '{"dependencies":{"@anthropic-ai/sdk":"^0.24.0"}}',
      'yarnapp/yarn.lock': '"@anthropic-ai/sdk@^0.20.0":\n  version "0.20.9"\n\n"@anthropic-ai/sdk@^0.24.0":\n  version "0.24.3"\n',
      // A Cargo workspace whose root declares no AI crate at all.
      'rs/Cargo.toml': '[workspace]\nmembers = ["crates/*"]\n',
      'rs/Cargo.lock': 'version = 3\n\n[[package]]\nname = "async-openai"\nversion = "0.23.4"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\n',
      'rs/crates/bot/Cargo.toml': '[package]\nname = "bot"\n\n[dependencies]\nasync-openai = "0.23"\n',
      // NuGet central package management; the PackageVersion alone is no dependency.
      'dotnet/Directory.Packages.props': '<Project>\n  <ItemGroup>\n    <PackageVersion Include="OpenAI" Version="2.1.0" />\n    <PackageVersion Include="Azure.AI.OpenAI" Version="2.0.0" />\n  </ItemGroup>\n</Project>\n',
      'dotnet/src/App/App.csproj': '<Project Sdk="Microsoft.NET.Sdk">\n  <ItemGroup>\n    <PackageReference Include="OpenAI" />\n  </ItemGroup>\n</Project>\n',
      // go.mod replace and an unexpanded pip variable.
      'go/go.mod': 'module m\n\nrequire github.com/sashabaranov/go-openai v1.24.1\n\nreplace github.com/sashabaranov/go-openai => github.com/acme/go-openai v1.24.2-fork\n',
      'py/requirements.txt': 'groq==${GROQ_VERSION}\n',
    });
    assert.deepEqual(libs(r).map((c) => [c.name, c.version ?? null, c.purl]).sort(), [
      ['@anthropic-ai/sdk', '0.20.9', 'pkg:npm/%40anthropic-ai/sdk@0.20.9'],
      ['@anthropic-ai/sdk', '0.24.3', 'pkg:npm/%40anthropic-ai/sdk@0.24.3'],
      ['OpenAI', '2.1.0', 'pkg:nuget/openai@2.1.0'],
      ['async-openai', '0.23.4', 'pkg:cargo/async-openai@0.23.4'],
      // Replaced by a fork: the code built is the fork's, whose version is none of this module's.
      ['github.com/sashabaranov/go-openai', null, 'pkg:golang/github.com/sashabaranov/go-openai'],
      ['groq', null, 'pkg:pypi/groq'],
      ['openai', '4.52.7', 'pkg:npm/openai@4.52.7'],
    ]);
    const anthropic = libs(r).find((c) => c.version === '0.24.3');
    assert.equal(anthropic?.properties['lantern:declared-range'], '^0.24.0');
    assert.equal(libs(r).find((c) => c.name === 'openai')?.properties['lantern:declared-range'], '^4.0.0');
    assert.equal(libs(r).find((c) => c.name === 'groq')?.properties['lantern:declared-range'], '==${GROQ_VERSION}');
    assert.deepEqual(r.warnings.filter((w) => w.code === 'manifest/malformed').map((w) => w.path), ['go/go.mod']);
  });

  it('endpoints keep host and path only; documentation links are not services', async () => {
    const r = await run({ 'client.py': 'URL = "https://myres.openai.azure.com/openai/deployments/gpt4/chat/completions?api-version=2024-02-01"\nDOCS = "https://platform.openai.com/docs/api-reference"\n' });
    const svc = r.components.filter((c) => c.kind === 'service');
    assert.equal(svc.length, 1, JSON.stringify(svc));
    assert.ok(!(svc[0]?.properties['lantern:endpoints'] ?? '').includes('api-version'));
  });
});

describe('includedPath (where a -r include points)', () => {
  it('valid: relative to the including file, normalized, inside the root', () => {
    for (const [from, target, want] of [
      ['requirements.txt', 'common.txt', 'common.txt'],
      ['svc/requirements.txt', 'base/ml.txt', 'svc/base/ml.txt'],
      ['svc/requirements.txt', '../shared/req.txt', 'shared/req.txt'],
      ['svc/requirements.txt', './a/../b.in', 'svc/b.in'],
      ['svc\\x/requirements.txt', 'win\\style.txt', 'svc\\x/win/style.txt'],
    ] as const) assert.equal(includedPath(from, target), want, `${from} -r ${target}`);
  });
  it('invalid: outside the root, absolute, URLs', () => {
    for (const [from, target] of [
      ['requirements.txt', '../x.txt'],
      ['a/requirements.txt', '../../x.txt'],
      ['requirements.txt', '/etc/passwd'],
      ['requirements.txt', 'C:\\reqs.txt'],
      ['requirements.txt', 'https://example.com/r.txt'],
      ['requirements.txt', 'file:///etc/passwd'],
    ] as const) assert.equal(typeof includedPath(from, target), 'object', `${from} -r ${target}`);
  });
});

describe('Shadow-AI rules: valid and invalid cases', () => {
  runRuleCases(SDK_RULE_CASES, { shadowAi: true, ai: SDK_POLICY });
});
