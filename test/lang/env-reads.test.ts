/**
 * Env vars a source file reads by name (src/lang/env-reads.ts): the read forms of each language
 * that must be found, and decoys that must not.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { envDefaults, envReads, type EnvReadLang } from '../../src/lang/env-reads.js';

const KNOWN = new Set(['OPENAI_API_KEY', 'ANTHROPIC_API_KEY', 'GROQ_API_KEY', 'HF_TOKEN']);
const rows = (text: string, lang: EnvReadLang) => envReads(text, lang, (n) => KNOWN.has(n)).map((r) => `${r.name} @${r.line}:${r.column}`);

const FOUND: [string, EnvReadLang, string, string[]][] = [
  ['JS: process.env by dot, optional chain and index; import.meta.env; Deno and Bun', 'js', "const a = process.env.OPENAI_API_KEY;\nconst b = process.env?.ANTHROPIC_API_KEY;\nconst c = process.env['GROQ_API_KEY'];\nconst d = import.meta.env.HF_TOKEN;\nDeno.env.get(\"OPENAI_API_KEY\");\nBun.env.GROQ_API_KEY;\n", ['OPENAI_API_KEY @1:23', 'ANTHROPIC_API_KEY @2:24', 'GROQ_API_KEY @3:24', 'HF_TOKEN @4:27', 'OPENAI_API_KEY @5:15', 'GROQ_API_KEY @6:9']],
  ['JS: env bindings and typed env modules (a Worker\'s env, Hono\'s c.env, t3-env\'s env)', 'js', "export default { fetch(req, env) { return env.OPENAI_API_KEY; } };\napp.get('/', (c) => c.env.GROQ_API_KEY);\nimport { env } from '~/env';\nnew OpenAI({ apiKey: env['HF_TOKEN'] });\nthis.env?.ANTHROPIC_API_KEY;\n", ['OPENAI_API_KEY @1:47', 'GROQ_API_KEY @2:27', 'HF_TOKEN @4:27', 'ANTHROPIC_API_KEY @5:11']],
  ['JS: names destructured from an env object (process.env, a Worker\'s env), with renames and defaults', 'js', "const { OPENAI_API_KEY } = process.env;\nexport default { async fetch(req, env) {\n  const { ANTHROPIC_API_KEY, GROQ_API_KEY: groq = '', other } = env;\n} };\n", ['OPENAI_API_KEY @1:9', 'ANTHROPIC_API_KEY @3:11', 'GROQ_API_KEY @3:30']],
  ['Python: os.environ index and get, os.getenv, from-imported environ and getenv', 'python', 'import os\na = os.environ["OPENAI_API_KEY"]\nb = os.environ.get(\'ANTHROPIC_API_KEY\', "")\nc = os.getenv("GROQ_API_KEY")\nfrom os import environ, getenv\nd = environ[ "HF_TOKEN" ]\ne = getenv("OPENAI_API_KEY")\n', ['OPENAI_API_KEY @2:17', 'ANTHROPIC_API_KEY @3:21', 'GROQ_API_KEY @4:16', 'HF_TOKEN @6:15', 'OPENAI_API_KEY @7:13']],
  ['Python: Streamlit secrets, Colab userdata, pydantic-settings fields (any case; only beside BaseSettings)', 'python', 'import streamlit as st\nk = st.secrets["OPENAI_API_KEY"]\nfrom google.colab import userdata\nt = userdata.get(\'HF_TOKEN\')\nfrom pydantic_settings import BaseSettings\nclass Settings(BaseSettings):\n    openai_api_key: str = ""\n    GROQ_API_KEY: SecretStr\n    debug: bool = False\n', ['OPENAI_API_KEY @2:17', 'HF_TOKEN @4:19', 'OPENAI_API_KEY @7:5', 'GROQ_API_KEY @8:5']],
  ['Go', 'go', 'k := os.Getenv("OPENAI_API_KEY")\nv, ok := os.LookupEnv("HF_TOKEN")\n', ['OPENAI_API_KEY @1:17', 'HF_TOKEN @2:24']],
  ['Java and Kotlin', 'java', 'String k = System.getenv("ANTHROPIC_API_KEY");\n', ['ANTHROPIC_API_KEY @1:27']],
  ['C#', 'csharp', 'var k = Environment.GetEnvironmentVariable("OPENAI_API_KEY");\n', ['OPENAI_API_KEY @1:45']],
  ['Rust: env::var, env! and option_env!', 'rust', 'let k = std::env::var("OPENAI_API_KEY")?;\nlet t = env!("HF_TOKEN");\nlet g = option_env!("GROQ_API_KEY");\n', ['OPENAI_API_KEY @1:24', 'HF_TOKEN @2:15', 'GROQ_API_KEY @3:22']],
  ['Ruby', 'ruby', "k = ENV['OPENAI_API_KEY']\nt = ENV.fetch(\"HF_TOKEN\")\n", ['OPENAI_API_KEY @1:10', 'HF_TOKEN @2:16']],
  ['PHP: getenv, $_ENV, $_SERVER, Laravel env()', 'php', "<?php\n$a = getenv('OPENAI_API_KEY');\n$b = $_ENV['GROQ_API_KEY'];\n$c = $_SERVER[\"HF_TOKEN\"];\n$d = env('ANTHROPIC_API_KEY');\n", ['OPENAI_API_KEY @2:14', 'GROQ_API_KEY @3:13', 'HF_TOKEN @4:16', 'ANTHROPIC_API_KEY @5:11']],
  ['Dart and Swift', 'dart', "final k = Platform.environment['OPENAI_API_KEY'];\n", ['OPENAI_API_KEY @1:33']],
  ['Swift', 'swift', 'let k = ProcessInfo.processInfo.environment["GROQ_API_KEY"]\n', ['GROQ_API_KEY @1:46']],
  ['Python and JS: set from elsewhere or compared: still read (once per name and line)', 'python', 'os.environ["OPENAI_API_KEY"] = getpass()\nif os.environ["GROQ_API_KEY"] == "x": pass\nos.environ["HF_TOKEN"] = userdata.get("HF_TOKEN")\n', ['OPENAI_API_KEY @1:13', 'GROQ_API_KEY @2:16', 'HF_TOKEN @3:13']],
  ['JS: compared, or set only where unset', 'js', "if (process.env.OPENAI_API_KEY === 'x') {}\nprocess.env.GROQ_API_KEY ??= 'gsk-local';\n", ['OPENAI_API_KEY @1:17', 'GROQ_API_KEY @2:13']],
];

const NONE: [string, EnvReadLang, string][] = [
  ['JS: comments, names not in the catalog, other objects, a computed key', 'js', "// process.env.OPENAI_API_KEY\n/* process.env.GROQ_API_KEY */\nprocess.env.DATABASE_URL;\nconfig.myenv.OPENAI_API_KEY;\nenvelope.GROQ_API_KEY;\nprocess.env[name];\nprocess.environment.HF_TOKEN;\nconst env_ = x.OPENAI_API_KEY;\n"],
  ['Python: comments, a variable name, a lower-case name, another object', 'python', '# os.getenv("OPENAI_API_KEY")\nos.getenv(name)\nos.getenv("openai_api_key")\nsettings.environ_x("HF_TOKEN")\n'],
  ['Python: a pydantic model (no BaseSettings) with a field named like a key', 'python', 'class Req(BaseModel):\n    openai_api_key: str\n'],
  ['Python: in a settings module, a commented field and a keyword argument', 'python', 'from pydantic_settings import BaseSettings\nclass S(BaseSettings):\n    # openai_api_key: str\n    x: int = 1\nf(openai_api_key="x")\n'],
  ['Go: a comment and another call', 'go', '// os.Getenv("OPENAI_API_KEY")\nx.Setenv("HF_TOKEN", "")\n'],
  ['JS: destructuring from another object, or from a call or a property of env', 'js', "const { OPENAI_API_KEY } = config;\nconst { HF_TOKEN } = env.secrets;\nconst { GROQ_API_KEY } = getEnv();\nconst { ANTHROPIC_API_KEY } = envelope;\n"],
  ['the name alone, as an assignment or a string', 'js', 'const OPENAI_API_KEY = 1;\nconst s = "OPENAI_API_KEY";\n'],
  // Set to a literal (the placeholder an OpenAI-compatible local server takes): the code does not read it.
  ['Python: set to a literal', 'python', 'os.environ["OPENAI_API_KEY"] = "ollama"\nos.environ[\'GROQ_API_KEY\']=r\'none\'\nenviron["HF_TOKEN"] = ""\n'],
  ['JS: set to a literal', 'js', "process.env.OPENAI_API_KEY = 'sk-no-key-required';\nprocess.env['GROQ_API_KEY'] = `EMPTY`;\n"],
  ['Ruby: set to a literal', 'ruby', "ENV['OPENAI_API_KEY'] = 'lm-studio'\n"],
  ['PHP: set to a literal', 'php', "<?php\n$_ENV['OPENAI_API_KEY'] = 'not-needed';\n"],
];

describe('envReads: env vars a source file reads by name', () => {
  for (const [name, lang, text, want] of FOUND) it(`finds: ${name}`, () => assert.deepEqual(rows(text, lang), want));
  for (const [name, lang, text] of NONE) it(`finds none: ${name}`, () => assert.deepEqual(rows(text, lang), []));

  it('one per name and line; bounded and never throwing on random and hostile text', () => {
    assert.deepEqual(rows('f(process.env.HF_TOKEN, process.env.HF_TOKEN);\n', 'js'), ['HF_TOKEN @1:15']);
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (t) => ['js', 'python', 'php', 'ruby'].every((l) => Array.isArray(envReads(t, l as EnvReadLang, () => true)))), { numRuns: 300 });
    const t0 = performance.now();
    assert.equal(envReads('process.env.HF_TOKEN;\n'.repeat(5_000), 'js', () => true).length, 1000);
    envReads('process.env' + '?.'.repeat(100_000), 'js', () => true);
    envReads('os.environ.get(' + ' '.repeat(200_000), 'python', () => true);
    // Destructuring and settings fields: unclosed and long braces, a long chain before no env, many fields.
    envReads('{' + 'A,'.repeat(100_000) + ' env', 'js', () => true);
    envReads('{A} = ' + 'x.'.repeat(100_000), 'js', () => true);
    envReads(('{' + 'a'.repeat(1999)).repeat(200) + '} = env', 'js', () => true);
    assert.equal(envReads('from pydantic_settings import BaseSettings\n' + '    hf_token: str\n'.repeat(50_000), 'python', () => true).length, 1000);
    assert.ok(performance.now() - t0 < 3_000, `${(performance.now() - t0).toFixed(0)} ms`);
  });
});

describe('envDefaults: env vars named for a model read with a literal fallback', () => {
  const model = (n: string) => /MODEL|LLM/.test(n);
  const rows = (text: string, lang: EnvReadLang) => envDefaults(text, lang, model).map((d) => `${d.line}:${d.column} ${d.key}=${d.value}`);
  const found: [EnvReadLang, string, string[]][] = [
    ['go', 'm := cmp.Or(os.Getenv("OPENAI_MODEL"), "gpt-4o")\nn := getEnv("LLM_MODEL", "claude-3-5-haiku-latest")\nos.Setenv("CHAT_MODEL", "o3-mini")\n', ['1:40 OPENAI_MODEL=gpt-4o', '2:26 LLM_MODEL=claude-3-5-haiku-latest', '3:25 CHAT_MODEL=o3-mini']],
    ['java', 'String m = System.getenv().getOrDefault("OPENAI_MODEL", "gpt-4o");\nval n = System.getenv("LLM_MODEL") ?: "o3-mini"\n', ['1:57 OPENAI_MODEL=gpt-4o', '2:39 LLM_MODEL=o3-mini']],
    ['csharp', 'var m = Environment.GetEnvironmentVariable("OPENAI_MODEL") ?? "gpt-4o-mini";\n', ['1:63 OPENAI_MODEL=gpt-4o-mini']],
    ['rust', 'let m = env::var("OPENAI_MODEL").unwrap_or("gpt-4o".into());\nlet n = std::env::var("LLM_MODEL").unwrap_or_else(|_| "o3-mini".to_string());\nlet o = env::var("EMBED_MODEL").unwrap_or_else(|_| String::from("text-embedding-3-small"));\n', ['1:44 OPENAI_MODEL=gpt-4o', '2:55 LLM_MODEL=o3-mini', '3:65 EMBED_MODEL=text-embedding-3-small']],
    ['ruby', 'a = ENV.fetch("OPENAI_MODEL", "gpt-4o")\nb = ENV.fetch("LLM_MODEL") { "o3-mini" }\nc = ENV["CHAT_MODEL"] || \'claude-3-5-haiku-latest\'\n', ['1:31 OPENAI_MODEL=gpt-4o', '2:30 LLM_MODEL=o3-mini', '3:26 CHAT_MODEL=claude-3-5-haiku-latest']],
    ['php', "'model' => env('OPENAI_MODEL', 'gpt-4o-mini'),\n$m = getenv('LLM_MODEL') ?: 'o3-mini';\n$n = $_ENV['CHAT_MODEL'] ?? 'gpt-4.1';\n", ['1:32 OPENAI_MODEL=gpt-4o-mini', '2:29 LLM_MODEL=o3-mini', '3:29 CHAT_MODEL=gpt-4.1']],
    ['dart', "final m = Platform.environment['OPENAI_MODEL'] ?? 'gpt-4o';\n", ['1:51 OPENAI_MODEL=gpt-4o']],
    ['swift', 'let m = ProcessInfo.processInfo.environment["OPENAI_MODEL"] ?? "gpt-4o"\n', ['1:64 OPENAI_MODEL=gpt-4o']],
  ];
  for (const [lang, text, want] of found) it(`${lang}: the fallback, keyed by the env var, at its opening quote`, () => assert.deepEqual(rows(text, lang), want));
  const decoys: [EnvReadLang, string][] = [
    ['go', 'r := getEnv("REGION", "us-east-1")\n// m := getEnv("OPENAI_MODEL", "gpt-4o")\nm := os.Getenv("OPENAI_MODEL")\nn := cmp.Or(os.Getenv("OPENAI_MODEL"), def)\n'],
    ['ruby', 'a = ENV.fetch("OPENAI_MODEL")\nb = ENV.fetch("OPENAI_MODEL", default)\n# c = ENV.fetch("LLM_MODEL", "gpt-4o")\n'],
    ['php', "$m = env('OPENAI_MODEL');\n$n = env('OPENAI_MODEL', $fallback);\n"],
    ['js', "const m = process.env.OPENAI_MODEL ?? 'gpt-4o';\n"],
  ];
  for (const [lang, text] of decoys) it(`${lang}: decoys`, () => assert.deepEqual(rows(text, lang), []));
  it('stays linear on hostile text: a long identifier holding env many times, many unclosed reads', () => {
    const t0 = performance.now();
    for (const lang of ['go', 'java', 'csharp', 'php', 'ruby'] as const) {
      envDefaults(`x = ${'Env'.repeat(100_000)}\n`, lang, model);
      envDefaults(`${'getEnv("OPENAI_MODEL", '.repeat(20_000)}\n`, lang, model);
    }
    assert.ok(performance.now() - t0 < 2000, `took ${Math.round(performance.now() - t0)} ms`);
  });
  it('never throws on random text', () => {
    for (const lang of ['go', 'java', 'csharp', 'rust', 'ruby', 'php', 'dart', 'swift'] as const) fc.assert(fc.property(fc.string({ maxLength: 300 }), (t) => Array.isArray(envDefaults(t, lang, model))), { numRuns: 100 });
  });
});
