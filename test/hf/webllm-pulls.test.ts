/**
 * WebLLM's Hugging Face pulls (src/hf/webllm-pulls.ts): engines made for prebuilt model ids and
 * app config model records, with their ids and revisions; decoys that must not be pulls.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { webLlmHfSites } from '../../src/hf/webllm-pulls.js';

const show = (src: string) => webLlmHfSites(src).map((s) => `${s.via} ${s.id ?? `(${s.dynamic})`}${s.revision !== undefined ? `@${s.revision}` : ''} ${s.line}:${s.column}`);
const IMPORT = 'import { CreateMLCEngine, CreateWebWorkerMLCEngine, CreateServiceWorkerMLCEngine, MLCEngine } from "@mlc-ai/web-llm";\n';
const SHA = '0123456789abcdef0123456789abcdef01234567';

describe('WebLLM pulls', () => {
  const valid: [string, string, string[]][] = [
    ['a prebuilt id given to CreateMLCEngine', `${IMPORT}const engine = await CreateMLCEngine("Llama-3.2-1B-Instruct-q4f16_1-MLC", { initProgressCallback });\n`, ['CreateMLCEngine mlc-ai/Llama-3.2-1B-Instruct-q4f16_1-MLC 2:38']],
    ['a variant id (-1k) is its base repository; the web worker factory takes the id second', `${IMPORT}const w = await CreateWebWorkerMLCEngine(\n  new Worker(new URL("./worker.js", import.meta.url), { type: "module" }),\n  'Phi-3.5-mini-instruct-q4f16_1-MLC-1k',\n);\n`, ['CreateWebWorkerMLCEngine mlc-ai/Phi-3.5-mini-instruct-q4f16_1-MLC 4:3']],
    ['an id from a const the file defines once; a namespace import; the service worker factory', `import * as webllm from "https://esm.run/@mlc-ai/web-llm";\nconst MODEL: string = "Qwen2.5-0.5B-Instruct-q4f16_1-MLC";\nawait webllm.CreateServiceWorkerMLCEngine(MODEL);\n`, ['CreateServiceWorkerMLCEngine mlc-ai/Qwen2.5-0.5B-Instruct-q4f16_1-MLC 3:43']],
    ['reload of a list of ids', `${IMPORT}const e = new MLCEngine();\nawait e.reload(["gemma-2-2b-it-q4f16_1-MLC", "SmolLM2-360M-Instruct-q4f16_1-MLC"]);\n`, ['MLCEngine.reload mlc-ai/gemma-2-2b-it-q4f16_1-MLC 3:17', 'MLCEngine.reload mlc-ai/SmolLM2-360M-Instruct-q4f16_1-MLC 3:46']],
    [
      "an app config's model records (at the default branch, at a commit; a quoted key) and their ids, which are not prebuilt ones",
      `${IMPORT}const appConfig = { model_list: [\n  { model: "https://huggingface.co/my-org/My-Model-q4f16_1-MLC", model_id: "My-Model-q4f16_1-MLC", model_lib: "https://example.com/m.wasm" },\n  { "model": "https://huggingface.co/mlc-ai/gemma-2b-it-q4f16_1-MLC/resolve/${SHA}/", "model_id": "gemma-pinned-MLC" },\n] };\nconst e = await CreateMLCEngine("My-Model-q4f16_1-MLC", { appConfig });\nawait e.reload("gemma-pinned-MLC");\n`,
      ['WebLLM model record my-org/My-Model-q4f16_1-MLC 3:12', `WebLLM model record mlc-ai/gemma-2b-it-q4f16_1-MLC@${SHA} 4:14`],
    ],
    ['a model chosen at run time is dynamic: a parameter, a let assigned again', `${IMPORT}async function load(id) { return CreateMLCEngine(id); }\nlet choice = "TinyLlama-1.1B-Chat-v1.0-q4f16_1-MLC";\nchoice = picker.value;\nawait CreateMLCEngine(choice);\n`, ['CreateMLCEngine (id) 2:50', 'CreateMLCEngine (choice) 5:23']],
  ];
  for (const [name, src, want] of valid) it(`valid: ${name}`, () => assert.deepEqual(show(src), want));

  const invalid: [string, string][] = [
    ['no web-llm in the file', 'const engine = await CreateMLCEngine("Llama-3.2-1B-Instruct-q4f16_1-MLC");\n'],
    ['commented out, and the call inside a string', `${IMPORT}// await CreateMLCEngine("Llama-3.2-1B-Instruct-q4f16_1-MLC");\n/* e.reload("gemma-2-2b-it-q4f16_1-MLC") */\nconst doc = 'CreateMLCEngine("Phi-3-mini-4k-instruct-q4f16_1-MLC")';\n`],
    ["a page reload, another object's reload of a name that is no model id", `${IMPORT}window.location.reload();\ncache.reload("settings");\nstore.reload(key);\n`],
    ['a record whose model is no Hub URL; a Hub page that is no repository', `${IMPORT}const c = { model_list: [{ model: "https://example.com/models/x-MLC", model_id: "x" }, { model: "https://huggingface.co/mlc-ai", model_id: "y" }, { model: "https://huggingface.co/org/name/blob/main/README.md" }] };\n`],
  ];
  for (const [name, src] of invalid) it(`invalid: ${name}`, () => assert.deepEqual(show(src), []));

  it('hostile input stays linear and never throws: unclosed calls and strings, long argument lists', () => {
    const long = `${IMPORT}${'CreateMLCEngine('.repeat(20_000)}"x\n${"e.reload('".repeat(5_000)}\nCreateMLCEngine(${'a,'.repeat(50_000)}"Llama-3.2-1B-Instruct-q4f16_1-MLC")\n`;
    const t0 = performance.now();
    const r = webLlmHfSites(long);
    assert.ok(performance.now() - t0 < 3000, `took ${performance.now() - t0} ms`);
    assert.ok(Array.isArray(r));
  });
});
