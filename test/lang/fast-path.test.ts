/**
 * The fast paths (src/lang/js-lex.ts, src/lang/python-lex.ts) against the parser front-ends: where
 * a fast path answers, its answer must equal the parser's exactly (imports with kinds, names and
 * positions; string sites with keys). Checked on hand-written tricky sources, on every source file
 * of this repository and its fixtures, and on generated compositions of snippets; plus the cases
 * where the fast path must say it is unsure, and its robustness on hostile input.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import fg from 'fast-glob';
import fc from 'fast-check';
import { jsImports } from '../../src/lang/js.js';
import { jsImportsFast } from '../../src/lang/js-lex.js';
import { pythonImports } from '../../src/lang/python.js';
import { pythonImportsFast } from '../../src/lang/python-lex.js';
import { JS_MAX_TOKENS, MAX_TOKENS } from '../../src/lang/limits.js';
import { sdkCatalog } from '../../src/detectors/sdks/catalog.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** The catalog's model calls (rules/sdk.yaml modelCalls), as the detector hands them to both front-ends. */
const JS_CALLS = sdkCatalog().modelCalls('js');
const PY_CALLS = sdkCatalog().modelCalls('python');

async function agreeJs(src: string, path: string): Promise<boolean> {
  const fast = jsImportsFast(src, path, JS_CALLS);
  if (!fast) return false;
  assert.deepEqual(fast, await jsImports(src, path, JS_CALLS), `${path}: the fast path disagrees with the parser on:\n${src.slice(0, 400)}`);
  return true;
}

async function agreePy(src: string, label = 'source'): Promise<boolean> {
  const fast = pythonImportsFast(src, PY_CALLS);
  if (!fast) return false;
  assert.deepEqual(fast, await pythonImports(src, PY_CALLS), `${label}: the fast path disagrees with the parser on:\n${src.slice(0, 400)}`);
  return true;
}

// Sources the JS fast path must answer (and answer like the parser).
const JS_ANSWERED: [string, string, string][] = [
  ['regex after if (...)', 'a.js', "if (x) /'/.test(s);\nconst o = require('openai');\n"],
  // webpack's types.d.ts: members named import are no import declarations.
  ['members named import', 'types.d.ts', "import { X } from 'openai';\ninterface A { import?: string | false; import: boolean }\ndeclare class B { import?(x: string): void; static import: number; import!: number }\n"],
  // @smithery/cli's bundle: an object key written as an escape of a non-ASCII letter.
  ['identifiers with escaped non-ASCII letters', 'a.js', 'var Em = { b: "p", \\u00DF: "s", caf\\u00e9: 1, \\u{10400}x: 2 };\nconst o = require("openai");\nconst c = { model: "gpt-4o" };\n'],
  ['class fields and methods named import', 'a.ts', "class A { import = 1; import!: number; import() { return import('openai'); } }\nconst o = { import: 'x' };\n"],
  ['division after a call', 'a.ts', "const r = f(a) / 2; const s = 'https://api.openai.com/v1';\n"],
  ['regex with a quote in a class', 'a.ts', "const re = /[\"'`]/g; import x from 'openai';\n"],
  ['regex after return', 'a.js', "function f() { return /\\/'/.test(a); }\nconst o = require('openai');\n"],
  ['division after ++', 'a.js', "let q = i++ / 2; const u = 'https://api.anthropic.com';\n"],
  ['nested templates', 'a.ts', 'const u = `https://${`x${y}`}.openai.azure.com` + `${a}`;\nimport "openai";\n'],
  ['template with an object inside', 'a.ts', "const t = `${ { model: 'gpt-4o' }.model }`;\n"],
  ['object literal after export default', 'a.ts', "export default { model: 'gpt-4o-mini', baseURL: 'https://api.groq.com/openai/v1' };\n"],
  ['nested object values', 'a.js', "const cfg = { llm: { model: 'claude-3-5-sonnet', endpoint: `https://api.anthropic.com` } };\n"],
  ['TS object after a typed declaration', 'a.ts', "const cfg: Config = { model: 'gpt-4o' };\n"],
  ['every keyed property the parser reports, the longest too', 'a.ts', `const o = { ${['model', 'engine', 'azureOpenAIEndpoint', 'azureOpenAIBasePath', 'deploymentName'].map((k, i) => `${k}: 'https://r${i}.openai.azure.com'`).join(', ')} };\n`],
  ['type alias with a model literal type (not a value)', 'a.ts', "type T = { model: 'gpt-4o' };\nconst c = 1;\n"],
  ['interface member', 'a.ts', "interface I { model: 'gpt-4o'; }\n"],
  ['label in a block', 'a.js', "{ model: 'x' }\n"],
  ['class fields', 'a.ts', "class A {\n  private readonly model: string = 'gpt-4o';\n  static endpoint = `https://x.openai.azure.com`;\n  deployment?: string;\n  engine = make('x');\n}\n"],
  ['class field without semicolons', 'a.ts', "class A {\n  model = 'gpt-4o'\n  other = 1\n}\n"],
  ['assignment in a method is not a field', 'a.ts', "class A { f() { model = 'gpt-4o'; } }\n"],
  ['computed and quoted keys', 'a.js', "const o = { ['model']: 'a', 'engine': \"b\", \"deploymentName\": `c` };\n"],
  ['keyed value that is not alone', 'a.js', "const o = { model: 'a' + b, engine: 'c' as const };\n"],
  ['ternary is not a key', 'a.js', "const v = c ? model : 'gpt-4o';\n"],
  ['import forms', 'a.ts', "import d, * as ns from 'openai';\nimport type { A, B as C } from '@ai-sdk/openai';\nimport { type X, default as Y, \"s-t\" as st } from 'ai';\nimport type from 'typepkg';\nimport type, { z } from 'tp2';\n"],
  ['export forms', 'a.ts', "export * from 'a';\nexport * as b from 'b';\nexport { c, d as e } from 'c';\nexport type { F } from 'f';\nexport type * from 'g';\nexport { local };\nexport default 1;\n"],
  ['import equals', 'a.ts', "import x = require('openai');\nimport type y = require('anthropic');\nimport z = A.B;\n"],
  ['import.meta and import()', 'a.mjs', "const u = import.meta.url;\nconst m = await import('openai', { with: { type: 'json' } });\nconst n = import(`ai`);\n"],
  ['require shapes', 'a.js', "const a = require('a').b;\nconst { c, d: e, 'f': g, ['h']: i, ...rest } = require('c');\nconst j = require('j')?.k;\nx.require('no');\nnew require('no2');\nrequire('two', 2);\nrequire('trailing',);\n"],
  ['module.require and resolving', 'a.ts', "const { k } = module.require('k');\nconst m = module.require('m').n;\nx.module.require('no');\nmodule?.require('no2');\nnew module.require('no3');\nrequire.resolve('r4');\nimport.meta.resolve('r5');\nrequire.resolve.paths('no6');\nmodule.require.resolve('no7');\nconst { p } = module.require('p'), q = 1;\nrequire.resolve('r8', { paths: [d] });\nrequire.resolve('r9',);\nx.require.resolve('no10');\nrequire?.resolve('no11');\nrequire.resolve?.('no12');\na.import.meta.resolve('no13');\n"],
  ['declaration file import() is a type', 'a.d.ts', "declare const x: import('openai').OpenAI;\nexport type Y = typeof import('anthropic');\n"],
  ['hashbang, CRLF and line separators', 'a.js', "#!/usr/bin/env node\r\nconst a = require('openai');\u2028const b = 'https://api.openai.com';\r\n"],
  ['escapes in strings', 'a.js', "const a = 'https:\\/\\/api.openai.com\\u002Fv1';\nconst b = { model: 'gpt\\x2d4o' };\nconst c = `https://\\u{61}pi.x.com`;\n"],
  ['comments everywhere', 'a.ts', "import /* c */ x /* d */ from /* e */ 'openai'; // import y from 'no'\n/* require('no') */\n"],
  ['decorated class fields', 'a.ts', "class C {\n  @Input() model = 'gpt-4o';\n  @observable endpoint = 'https://api.openai.com/v1';\n  x = 1; @a.b({ k: 1 }) deployment = `d`;\n  @dec() static engine = 'e';\n}\n"],
  ['class as a property name, and braces in a class head', 'a.ts', "let o = { class: x };\nfunction f() { return { model: 'gpt-4o' }; }\nconst p = { class() {} }; const q = { model: 'gpt-4o-mini' };\nclass A extends B<{ a: 1 }> { model = 'claude-3-haiku'; }\nclass C<T extends { model: 'no' }> extends D<T, { engine: 'no' }> { engine = 'e1'; }\n"],
  ['decorators and generics', 'a.ts', "@Component({ model: 'gpt-4o' })\nclass A<T extends { a: 1 }> { m = f<string>('https://api.openai.com'); }\n"],
  ['model calls with an env read\'s fallback', 'a.ts', "import { openai } from '@ai-sdk/openai';\nconst m = openai(process.env.OPENAI_MODEL ?? 'gpt-4o-mini');\nconst n = openai.chat(import.meta.env.VITE_MODEL || 'o3-mini', {});\nconst o = openai(process.env.X ?? y);\nconst p = openai('x' as const);\n"],
  ['model calls', 'a.ts', "import { openai } from '@ai-sdk/openai';\nconst m = openai('gpt-4o');\nconst c = openai.chat(`gpt-4o-mini`, { x: 1 });\nconst d = openai?.responses('o3-mini',);\nnew openai('gpt-4o');\nnew a[0].openai('x');\nnew a.b.google('gemini-1.5-pro');\n@anthropic('claude-3-haiku') class Q {}\nconst u = groq('https://api.groq.com/openai/v1');\n"],
  ['provider:model calls', 'a.ts', "const registry = createProviderRegistry({ openai });\nconst m = registry.languageModel('openai:gpt-4o');\nconst e = registry.textEmbeddingModel(`openai:text-embedding-3-small`, {});\nconst c = await initChatModel('anthropic:claude-3-5-sonnet-latest', { temperature: 0 });\nmyProvider.languageModel('openai:gpt-4o');\nregistry.languageModel(`openai:${m}`);\n"],
  ['npm: and CDN specifiers (the bare package in place, the written one kept)', 'a.ts', "import OpenAI from 'npm:openai@4.52.0';\nimport type { M } from \"npm:@anthropic-ai/sdk@^0.24/resources\";\nimport A from 'https://esm.sh/v135/@anthropic-ai/sdk@0.24.3/es2022/sdk.mjs?target=deno';\nexport { streamText } from 'https://esm.sh/*ai@3';\nimport 'https://unpkg.com/openai@4/shims/web';\nconst g = await import('https://cdn.jsdelivr.net/npm/groq-sdk@0.5.0/+esm');\nconst s = await import(`https://cdn.skypack.dev/cohere-ai`);\nimport j from 'jsr:@openai/x';\nimport d from 'https://deno.land/x/openai/mod.ts';\nconst r = require('npm:openai');\nconst u = 'https://esm.sh/openai';\n// import x from 'npm:openai';\n"],
  ['jsr: specifiers (jsr:<package>[/<subpath>] in place, the written one kept)', 'a.ts', "import OpenAI from 'jsr:@openai/openai@^4';\nimport type { Z } from \"jsr:@openai/openai@4/helpers/zod\";\nexport * from 'jsr:@mistralai/mistralai';\nconst m = await import(`jsr:@openai/openai@4.96.0`);\nimport 'jsr:@std/http';\nimport x from 'jsr:openai';\nconst r = require('jsr:@openai/openai');\nconst s = 'jsr:@openai/openai';\n// import y from 'jsr:@openai/openai';\n"],
  ['enum members holding literals', 'a.ts', "export enum Model { Large = 'mistral-large-latest', Small = `mistral-small-latest`, }\nconst enum E {\n  A = 'gpt-4o',\n  B = 'x' as any,\n  'quoted' = 'gpt-4o-mini',\n  C = 1,\n  D = 'a' + 'b'\n}\ndeclare enum F { G = \"o3-mini\" }\nconst o = { H: 'gpt-4.1' };\nfunction f() { I = 'gpt-4o'; }\n"],
  ['calls and class instances (StringSite.call)', 'a.ts', "import OpenAI from 'openai';\nconst groq = new OpenAI({ baseURL: 'https://api.groq.com/openai/v1' });\nconst oai: OpenAI = new OpenAI({ apiKey });\nclass S {\n  private readonly llm = new ChatOpenAI({ model: 'gpt-4o' });\n  constructor() { this.client = new Anthropic({ baseURL: 'https://api.anthropic.com' }); }\n  run() { return this.client.messages.create({ model: 'claude-3-5-haiku-latest' }); }\n}\nawait groq.chat.completions.create({ model: 'llama-3.3-70b-versatile' });\nawait oai.chat.completions.create({ model: 'gpt-4.1' });\nawait groq?.chat.completions.create({ model: 'x-1' });\nawait other.chat.create({ model: 'x-2' });\nlet twice = new OpenAI({ baseURL: 'http://localhost:11434/v1' });\ntwice = new OpenAI();\nlet twice2 = new OpenAI();\nawait twice.chat.completions.create({ model: 'x-3' });\nconst mixed = new OpenAI(); const mixed2 = new Groq();\nawait mixed.responses.create({ model: 'x-4' });\nawait f({ model: 'x-5' })({ model: 'x-6' });\n"],
  ['CommonJS: a module bound by require is its default local', 'a.js', "const OpenAI = require('openai')\nconst local = new OpenAI({ baseURL: 'http://localhost:11434/v1' })\nlet A = require('a'), b = 1;\nvar c = 1, B = require('b');\nconst C = require('c')\n(foo);\nconst D = require('d') || e;\nx = require('x');\nconst E = require('e').default;\n"],
  ['provider factories: model calls on their instances (StringSite.call)', 'a.ts', "import { createOpenAI, openai } from '@ai-sdk/openai';\nconst ollama = createOpenAI({ baseURL: 'http://localhost:11434/v1' });\nlet twice = createOpenAI({ baseURL: 'http://a:1/v1' });\ntwice = createOpenAI();\nexport const a = generateText({ model: ollama('llama3.2'), prompt: 'hi' });\nexport const e = embed({ model: openai.embedding('text-embedding-3-small'), value: 'hi' });\nexport const t = twice('x-1');\nconst o = ollama.chat({ model: 'x-2' });\n"],
  ['model call decoys', 'a.ts', "console.log('gpt-4o');\nopenai(x, 'gpt-4o');\nopenai?.('gpt-4o');\nopenai('gpt-' + v);\nopenai(`gpt-${v}`);\nclient.chat('gpt-4o');\nopenai().chat('gpt-4o');\nopenai!.chat('x');\nopenai!('x');\n(openai)('x');\nopenai<T>('x');\nopenai.chat<T>('x');\nopenai['chat']('x');\nclass P { #openai = f; g() { return this.#openai('x'); } }\nopenai('x' as const);\nfunction f(openai: 'gpt-4o') { return openai; }\n// openai('gpt-4o')\n"],
];

// Sources where the JS fast path must be unsure (so the parser decides).
const JS_UNSURE: [string, string, string][] = [
  // An escaped ASCII letter may spell a name that matters; the parser decodes it.
  ['require spelled with an escape', 'a.js', 'const o = \\u0072equire("openai");\n'],
  ['a malformed identifier escape', 'a.js', 'const a\\u00 = 1;\n'],
  ['JSX', 'a.jsx', "const a = <div model=\"gpt-4o\">{x}</div>;\n"],
  ['JSX in a .js file', 'a.js', 'const a = () => <p/>;\n'],
  ['regex or division after a brace', 'a.js', "x = function () {} / 1 / 2;\n"],
  ['import() after typeof in TypeScript', 'a.ts', "let t: typeof import('openai');\n"],
  ['keyed literal in a type annotation', 'a.ts', "function f(o: { model: 'gpt-4o' }) {}\n"],
  ['unterminated string', 'a.js', "const a = 'abc\n"],
  ['legacy octal escape', 'a.js', "const a = { model: '\\101' };\n"],
  ['require with type arguments', 'a.ts', "const o = require<T>('openai');\n"],
  ['typed declaration of a module.require()', 'a.ts', "const { a }: T = module.require('openai');\n"],
];

const PY_ANSWERED: [string, string][] = [
  ['import forms', 'import a.b.c as d, e\nfrom f.g import (h as i, j,)\nfrom k import *\nfrom . import rel\nfrom .x import y\nfrom __future__ import annotations\n'],
  ['compound one-liners', 'try: import openai\nexcept ImportError: openai = None\nif x: import anthropic; import cohere\n'],
  ['line continuation', 'import \\\n    openai\nfrom a \\\n  import b\n'],
  ['importlib and __import__', 'import importlib as il, builtins as bi\nfrom importlib import import_module as im\nil.import_module("groq")\nim(name="x.y")\nbi.__import__("m")\n__import__("n", globals())\nobj.x.import_module("no")\ndef import_module(n): pass\n'],
  ['keyword arguments', 'c = OpenAI(model="gpt-4o", base_url="https://api.groq.com/openai/v1",\n    engine=f"{d}-x", endpoint=f"https://{h}/v1")\ndef f(model="not-a-kwarg"): pass\ng = lambda model="no": 1\nh(lambda a, model="no2": 1, model="yes")\n'],
  ['dict pairs', 'cfg = {"model": "gpt-4o", "api_base": \'https://x.openai.azure.com\', "other": "x", "model_id": "a" "b"}\nd = {"model": "c" if x else "d"}\ne = {"model": v for v in y}\n'],
  ['f-strings with nested strings', 'a = f"{d[\'k\']} https://x.com"\nb = f"https://{h[\'host\']}/v1"\nc = f"{x!r:>{w}}"\nu = "https://api.openai.com/v1"\n'],
  ['string prefixes and triple quotes', 'a = rb"https://a.com"\nb = """https://b.com"""\nc = R\'https://c.com\\n\'\nd = u"https://d.com"\ne = \'\'\'x\n\'\'\'\n'],
  ['concatenation across lines', 'u = ("https://api."\n     # comment\n     "anthropic.com")\nv = "https://x.com" \\\n    "/v1"\n'],
  ['escapes', 'a = "https:\\u002f\\u002fesc.example"\nb = "tab\\there"\nc = b"\\x41"\n'],
  ['CR line ends', 'import openai\r\nimport anthropic\rx = "https://a.com"\r\n'],
  ['non-ASCII before', 'é = "😀"; u = "https://api.openai.com"\n'],
  ['model calls', 'm = genai.GenerativeModel("gemini-1.5-pro")\nc = init_chat_model(\n    "gpt-4o",  # comment\n    model_provider="openai",\n)\nlm = dspy.LM(\'openai/gpt-4o-mini\',)\nj = GenerativeModel("gemini-" "2.0-flash")\n@GenerativeModel(r"gemini-pro")\ndef f(): pass\nk = GenerativeModel("https://api.openai.com/v1")\n'],
  ['provider:model calls', 'a = init_chat_model("openai:gpt-4o")\nb = init_chat_model(model="anthropic:claude-3-5-sonnet-latest")\nagent = Agent(\n    \'google-gla:gemini-1.5-flash\',  # comment\n    system_prompt="x",\n)\nk = Agent(model="groq:llama-3.3-70b-versatile")\nAgent(role="r", goal="openai:gpt-4o")\nclass Agent("openai:gpt-4o"): pass\n'],
  ['module attribute settings (openai < 1.0)', 'import openai\nopenai.api_type = "azure"\nopenai.api_base = "https://x.openai.azure.com/"\nopenai.api_base = f"https://{r}.openai.azure.com"\nif a: openai.api_type = "azure_ad"\nopenai.api_base = os.getenv("X")\nx.api_type == "azure"\nf(api_type="azure")\na.api_type = "azure" if z else "open_ai"\nb.api_type = ("azure")\nc.api_type = "a" "zure"\nd.api_type = e = "azure"\napi_type = "azure"\nfor x in y: z.api_type = "azure"; w = 1\n'],
  ['model call decoys', 'print("gpt-4o")\nGenerativeModel(n, "gemini-pro")\nGenerativeModel("gemini-" + v)\nGenerativeModel(f"gemini-{v}")\nGenerativeModel(model_name)\nGenerativeModel(*a)\nGenerativeModel(("gemini-pro"))\nGenerativeModel("gemini-pro".strip())\nGenerativeModel("gemini-pro" if a else "b")\nGenerativeModel("gemini-pro" for _ in x)\ndef GenerativeModel(model_name="x"): pass\nclass GenerativeModel("gemini-pro"): pass\ny = f"{GenerativeModel(\'gemini-pro\')} {LM(\'openai/gpt-4o\')}"\n'],
  [
    'enum classes',
    'import enum\nclass Model(str, Enum):\n    """Models."""\n    GPT4O = "gpt-4o"\n    MINI = \'gpt-4o-mini\'; O3 = "o3-mini"\n    TYPED: str = "x-typed"\n    PAIR = "a" "b"\n    FMT = f"{x}-y"\n\n    def label(self):\n        inner = "not-a-member"\n        return inner\n\n    class Config:\n        NESTED = "not-a-member-either"\n    AFTER = "claude-3-5-haiku-latest"\nOUTSIDE = "not-a-member"\nclass E2(\n    enum.StrEnum,\n):\n    A = "gemini-1.5-pro"\nclass Plain(Base):\n    B = "no"\nclass Call(make(Enum)):\n    C = "no"\ndef f():\n    class Inner(IntEnum):\n        D = "mistral-large-latest"\n    E = "no"\n',
  ],
  ['calls and client instances (StringSite.call)', 'from openai import OpenAI, AsyncOpenAI as AO\nfrom langchain_openai import (\n    ChatOpenAI,\n)\nimport litellm, openai\nlocal = OpenAI(base_url="http://localhost:11434/v1")\ncloud = openai.OpenAI()\nclass S:\n    def __init__(self):\n        self.client = AO(base_url="https://api.groq.com/openai/v1")\n    async def run(self):\n        return await self.client.chat.completions.create(model="llama-3.3-70b-versatile")\nlocal.chat.completions.create(model="llama3.1")\ncloud.chat.completions.create(model="gpt-4o-mini")\nfast = ChatOpenAI(model="gpt-4o", base_url="https://api.together.xyz/v1")\nlitellm.completion(model="groq/llama-3.1-8b-instant", api_base="http://localhost:4000")\ntwice = OpenAI(base_url="http://localhost:8000/v1")\ntwice = OpenAI()\ntwice.chat.completions.create(model="x-1")\nlower = make_client(base_url="http://localhost:9000/v1")\nlower.chat(model="x-2")\nm = genai.GenerativeModel("gemini-1.5-pro")\n'],
  ['a model a name holds, given by name to one call', 'import os\nfrom openai import OpenAI\nEMBED_MODEL = os.getenv("EMBED_MODEL", "text-embedding-3-small")\nCHAT_MODEL = "gpt-4o"\nTWICE_MODEL = "o3-mini"\ncloud = OpenAI()\ncloud.embeddings.create(model=EMBED_MODEL, input=t)\nChatOpenAI(model=CHAT_MODEL)\nf(model=TWICE_MODEL)\ng(model=TWICE_MODEL)\nh(model=CHAT_MODEL.lower())\n'],
  ['type-checking guards', 'from typing import TYPE_CHECKING as TC\nimport typing as t\nif TYPE_CHECKING:\n    import openai\nelif t.TYPE_CHECKING:\n    if TC: from anthropic import A; import_module("groq")\nelse:\n    import cohere\nif not TYPE_CHECKING:\n    import ollama\n'],
];

const PY_UNSURE: [string, string][] = [
  ['unterminated string', 'x = "abc\nimport openai\n'],
  ['an enum class on one line', 'class M(Enum): A = "gpt-4o"\n'],
  ['keyword argument inside an f-string field', 'x = f"{call(model=\'gpt-4o\')}"\n'],
  ['match statement', 'match cfg:\n    case {"model": "gpt-4o"}:\n        pass\n'],
  ['nested f-string', 'x = f"{f\'{y}\'}"\n'],
  ['tabs and blanks compared in a type-checking guard', 'if TYPE_CHECKING:\n\timport openai\n        import anthropic\n'],
];

describe('fast path: JS/TS tricky sources agree with the parser', () => {
  for (const [name, path, src] of JS_ANSWERED) {
    it(name, async () => assert.ok(await agreeJs(src, path), 'the fast path should answer this source'));
  }
  for (const [name, path, src] of JS_UNSURE) {
    it(`unsure: ${name}`, () => assert.equal(jsImportsFast(src, path), undefined));
  }
});

describe('fast path: Python tricky sources agree with the parser', () => {
  for (const [name, src] of PY_ANSWERED) {
    it(name, async () => assert.ok(await agreePy(src, name), 'the fast path should answer this source'));
  }
  for (const [name, src] of PY_UNSURE) {
    it(`unsure: ${name}`, () => assert.equal(pythonImportsFast(src), undefined));
  }
});

describe('fast path: every source file of this repository and its fixtures', () => {
  it('JS/TS: agrees wherever it answers, and answers nearly all', async () => {
    const files = await fg(['src/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts', 'fixtures/**/*.{js,mjs,cjs,jsx,ts,tsx,mts,cts}'], { cwd: ROOT, ignore: ['**/node_modules/**'] });
    assert.ok(files.length > 100, `only ${files.length} files`);
    let answered = 0;
    for (const f of files) if (await agreeJs(readFileSync(ROOT + f, 'utf8'), f)) answered++;
    assert.ok(answered / files.length > 0.9, `answered ${answered} of ${files.length}`);
  });

  it('Python: agrees wherever it answers, and answers nearly all', async () => {
    const files = await fg(['fixtures/**/*.py'], { cwd: ROOT });
    assert.ok(files.length > 10, `only ${files.length} files`);
    let answered = 0;
    for (const f of files) if (await agreePy(readFileSync(ROOT + f, 'utf8'), f)) answered++;
    assert.ok(answered / files.length > 0.9, `answered ${answered} of ${files.length}`);
  });
});

// Generated sources: random sequences of well-formed snippets.
const JS_SNIPPETS = [
  "import OpenAI from 'openai';",
  "import { a as b, type C } from '@ai-sdk/openai';",
  "import * as ns from 'ai';",
  "export * from 'langchain';",
  "export { x as y } from '@anthropic-ai/sdk';",
  "const { A, B: c } = require('cohere-ai');",
  "const g = require('groq-sdk').default;",
  'const m = await import(`@mistralai/mistralai`);',
  "const o = { model: 'gpt-4o', baseURL: \"https://api.openai.com/v1\" };",
  'const r = /["\'`]+\\//g.test(s);',
  'const d = (a + b) / 2 / c;',
  'const t = `https://${host}/v1/${`n${x}`}`;',
  "// import nope from 'openai'",
  "/* require('nope') */",
  "const s = 'import x from \"openai\"';",
  "class K { model = 'claude-3-5-sonnet'; f() { return 1 / 2; } }",
  "if (x) { y = { engine: 'davinci' }; }",
  'for (const a of b) /x/.exec(a);',
  "function f() { return { deployment: 'prod' }; }",
  'label: for (;;) break label;',
  "const u = x ? 'https://api.anthropic.com' : `http://localhost:11434`;",
  "const lm = openai('gpt-4o');",
  'const e = openai.embedding(`text-embedding-3-small`, {});',
  "x.chat('gpt-4o'); openai?.('no'); openai(v, 'no');",
  "const q = new groq.chat('llama3-70b') + google('gemini-' + v);",
  "const r = registry.languageModel('openai:gpt-4o'); const c = initChatModel(`anthropic:claude-3-5-haiku-latest`);",
  "const { OpenAI } = module.require('openai'); const p = require.resolve('anthropic');",
  "const u = import.meta.resolve('@ai-sdk/openai'); const g = module.require('groq-sdk').default;",
];

const PY_SNIPPETS = [
  'import openai',
  'from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import openai\nelse:\n    import anthropic',
  'if typing.TYPE_CHECKING: import cohere; m = importlib.import_module("groq")',
  'import typing as t\nif t.TYPE_CHECKING:\n    from mistralai import Mistral\n\n    # c\n    x = 1\ny = 2',
  'if not TYPE_CHECKING:\n    import ollama',
  'def g():\n    if TYPE_CHECKING:\n        import openai\n    return 1',
  'import google.generativeai as genai, os',
  'from langchain.chat_models import (ChatOpenAI as C,\n    ChatAnthropic)',
  'from . import local',
  'try:\n    import anthropic\nexcept ImportError:\n    anthropic = None',
  'import importlib\nm = importlib.import_module("mistralai")',
  '__import__("groq")',
  'client = OpenAI(model="gpt-4o", base_url="https://api.groq.com/openai/v1")',
  'cfg = {"model": "claude-3-5-sonnet", "other": 1}',
  'x = f"{d[\'a\']} https://api.openai.com/{v}"',
  '# import nope',
  's = "import nope"',
  'def f(model="x"):\n    """Docstring: from nope import x"""\n    return {"engine": f"https://{h}/v1"}',
  'u = ("https://api." "mistral.ai")',
  'y = [1, 2,\n     3]',
  'class A(Base, model="m"):\n    pass',
  'model = genai.GenerativeModel("gemini-1.5-pro")',
  'lm = dspy.LM(\'openai/gpt-4o-mini\', cache=False)',
  'c = init_chat_model(  # which\n    "claude-3-5-sonnet-latest",\n)',
  'print("gpt-4o"); GenerativeModel(name, "gemini-pro"); GenerativeModel("gemini-" + v)',
  'openai.api_type = "azure"',
  'openai.api_base = "https://x.openai.azure.com/"',
  'class GenerativeModel("gemini-pro"):\n    x = f"{GenerativeModel(\'gemini-pro\')}"',
  'agent = Agent("openai:gpt-4o", deps_type=D)\nc = init_chat_model(model="bedrock:anthropic.claude-3-haiku-20240307-v1:0")',
];

describe('fast path: generated sources agree with the parser', () => {
  it('JS/TS', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(...JS_SNIPPETS), { maxLength: 12 }), fc.constantFrom('a.ts', 'a.js', 'a.mjs'), fc.constantFrom('\n', '\r\n', '\n\n'), async (parts, path, sep) => {
        await agreeJs(parts.join(sep) + sep, path);
      }),
      { numRuns: 300 },
    );
  });

  it('Python', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(...PY_SNIPPETS), { maxLength: 12 }), fc.constantFrom('\n', '\r\n', '\r', '\n\n'), async (parts, sep) => {
        await agreePy(parts.join(sep) + sep);
      }),
      { numRuns: 300 },
    );
  });
});

describe('fast path: robustness', () => {
  it('never throws on random text and binary junk', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), fc.constantFrom('a.ts', 'a.js', 'a.tsx'), (s, p) => {
        jsImportsFast(s, p);
        pythonImportsFast(s);
      }),
      { numRuns: 500 },
    );
    const junk = String.fromCharCode(...Array.from({ length: 5000 }, (_, i) => (i * 7919) % 65536).filter((c) => c < 0xd800 || c > 0xdfff));
    jsImportsFast(junk, 'a.js');
    pythonImportsFast(junk);
  });

  it('reads a 1 MB one-line file in linear time; past the token bound (5 MB) it is unsure at once', () => {
    const js = "import x from 'openai';" + 'a = b + "s" / 2;'.repeat(60_000);
    const py = 'import openai\n' + 'a = b + "s" * 2; '.repeat(60_000);
    const t = performance.now();
    assert.equal(jsImportsFast(js, 'a.ts')?.imports.length, 1);
    assert.equal(pythonImportsFast(py)?.imports.length, 1);
    assert.ok(performance.now() - t < 3000, `${performance.now() - t} ms`);
    // Over JS_MAX_TOKENS and MAX_TOKENS (src/lang/limits.ts): unsure, with the reason, so the caller parses the head.
    const reasons: string[] = [];
    const t2 = performance.now();
    assert.equal(jsImportsFast("import x from 'openai';" + 'a = b + "s" / 2;'.repeat(300_000), 'a.ts', undefined, (r) => reasons.push(r)), undefined);
    assert.equal(pythonImportsFast('import openai\n' + 'a = b + "s" * 2; '.repeat(300_000), undefined, (r) => reasons.push(r)), undefined);
    assert.deepEqual(reasons, [`more than ${JS_MAX_TOKENS} tokens`, `more than ${MAX_TOKENS} tokens`]);
    assert.ok(performance.now() - t2 < 3000, `${performance.now() - t2} ms`);
  });
  it('reads a parameter list of 80,000 model-named defaults in linear time (each finds its closing parenthesis once)', () => {
    const js = 'function f(' + "model = 'gpt-4o', ".repeat(80_000) + 'x) {}\n';
    const t = performance.now();
    assert.equal(jsImportsFast(js, 'a.ts')?.strings.length, 80_000);
    // About 0.2 s here; walking the list once per default took 130 s.
    assert.ok(performance.now() - t < 5000, `${performance.now() - t} ms`);
  });
  it('reads a bundle of more than MAX_TOKENS tokens whole, past MAX_PARSE_CHARS', () => {
    // An esbuild chunk: a large table first, the SDK's require and the endpoint after 512 KiB.
    const js = `var t = [${'1,'.repeat(400_000)}];\nvar o = require("openai");\nvar u = { baseURL: "https://api.anthropic.com/v1" };\n`;
    assert.ok(js.length > 512 * 1024);
    const r = jsImportsFast(js, 'chunk-4GP6HFBO.js');
    assert.deepEqual(r?.imports.map((i) => [i.specifier, i.line]), [['openai', 2]]);
    assert.deepEqual(r?.strings.map((x) => [x.value, x.line]), [['https://api.anthropic.com/v1', 3]]);
  });
});
