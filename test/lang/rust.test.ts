import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { rustImports, rustMaskComments, rustStringSites } from '../../src/lang/rust.js';
import { sdkCatalog } from '../../src/detectors/sdks/catalog.js';

const CRATES = new Set(['async_openai', 'ollama_rs', 'ort', 'tokenizers', 'rig', 'tch', 'hf_hub']);
const specs = (src: string): string[] => rustImports(src, { crates: CRATES }).map((s) => `${s.kind === 'use' ? '' : `${s.kind} `}${s.specifier}`);

describe('rustImports', () => {
  const found: [string, string, string[]][] = [
    ['use', 'use async_openai::Client;\n', ['async_openai::Client']],
    ['use of a crate alone, and with an alias', 'use ollama_rs;\nuse async_openai as oa;\n', ['ollama_rs', 'async_openai']],
    ['a group: the path before it', 'use async_openai::{Client, types::{CreateChatCompletionRequestArgs, Role}};\n', ['async_openai']],
    ['a path then a group', 'use rig::providers::{openai, anthropic};\n', ['rig::providers']],
    ['a group at the top: each path', 'use {ollama_rs::Ollama, std::fmt};\n', ['ollama_rs::Ollama', 'std::fmt']],
    ['a group at the top laid out over lines (rustfmt), and with blanks in its braces', 'use {\n    ort,\n    async_openai::Client,\n    tch as torch,\n};\nuse ::{\n\ttokenizers\n};\nuse { rig };\n', ['ort', 'async_openai::Client', 'tch', 'tokenizers', 'rig']],
    ['a glob', 'use tch::*;\nuse rig::prelude::*;\n', ['tch', 'rig::prelude']],
    ['pub use, pub(crate) use, leading ::', 'pub use ::ollama_rs::Ollama;\npub(crate) use async_openai::types;\n', ['ollama_rs::Ollama', 'async_openai::types']],
    ['use inside a function', 'fn main() {\n    use ort::session::Session;\n}\n', ['ort::session::Session']],
    ['crate, self, super and std paths are reported as written', 'use crate::a;\nuse self::b;\nuse super::c;\nuse std::io;\n', ['crate::a', 'self::b', 'super::c', 'std::io']],
    ['extern crate', 'extern crate tch;\nextern crate async_openai as oa;\n', ['extern-crate tch', 'extern-crate async_openai']],
    ['a path in code', 'fn main() {\n    let c = async_openai::Client::new();\n}\n', ['qualified-name async_openai::Client::new']],
    ['a path with a leading ::', 'let o = ::ollama_rs::Ollama::default();\nreturn ::tch::Tensor::zeros();\n', ['qualified-name ollama_rs::Ollama::default', 'qualified-name tch::Tensor::zeros']],
    ['a path in a type, an attribute and a generic argument', 'fn f(t: tch::Tensor) -> Vec<hf_hub::Repo> {}\n#[rig::tool]\nfn g() {}\n', ['qualified-name tch::Tensor', 'qualified-name hf_hub::Repo', 'qualified-name rig::tool']],
    ['a path after a range\'s ..', 'let r = 0..ort::N;\nlet s = &v[1..tch::M];\n', ['qualified-name ort::N', 'qualified-name tch::M']],
    ['a module or use inside a function shadows the crate only in its block', 'fn a() {\n    mod ort { pub fn x() {} }\n    ort::x();\n}\nfn b() { let s = ort::Session::builder(); }\nfn c() { use crate::local::tch; tch::f(); }\nfn d() { tch::Tensor::new(); }\n', ['qualified-name ort::Session::builder', 'crate::local::tch', 'qualified-name tch::Tensor::new']],
    ['a module inside another module shadows only there; a path before the declaration in its block is shadowed too', 'mod outer {\n    fn f() { ort::x(); }\n    mod ort {}\n    fn g() { { ort::y(); } }\n}\nfn h() { ort::z(); }\n', ['qualified-name ort::z']],
    ['a raw identifier keyword is no keyword', 'let r#use = 1;\nuse ort;\n', ['ort']],
    ['lifetimes and labels are no char literals', "fn f<'a>(x: &'a str) -> &'static str { 'outer: loop { break 'outer; } }\nuse ort::Session;\n", ['ort::Session']],
    ['BOM and shebang', '\ufeff#!/usr/bin/env rust-script\nuse ort;\n', ['ort']],
    ['an inner attribute is no shebang', '#![allow(unused)]\nuse ort;\n', ['ort']],
  ];
  for (const [name, src, want] of found) it(name, () => assert.deepEqual(specs(src), want));

  const decoys: [string, string][] = [
    ['line comment', '// use async_openai::Client;\n'],
    ['doc comments', '/// use async_openai::Client;\n//! async_openai::Client::new()\n/** use ort; */\n/*! use tch; */\n'],
    ['nested block comments', '/* outer /* inner */ use async_openai::Client; async_openai::X */\n'],
    ['a string with escapes', 'let s = "\\" use async_openai; async_openai::Client";\n'],
    ['a string over lines', 'let s = "first\nuse async_openai;\nasync_openai::X";\n'],
    ['raw strings', 'let s = r"use ort; \\";\nlet t = r#"use tch; "quoted" async_openai::X"#;\nlet u = r##"a "# use rig; "##;\n'],
    ['byte and C strings', 'let b = b"use ort;";\nlet c = br#"use tch;"#;\nlet d = c"use rig;";\nlet e = cr#"use hf_hub;"#;\n'],
    ['char literals', "let q = '\"'; let b = b'\"'; let e = '\\''; let u = '\\u{1F600}'; let f = '😀';\n"],
    ['a crate with a similar name', 'use async_openai_extra::Client;\nlet c = async_openai_extra::Client::new();\nlet d = my_ort::Session::new();\n'],
    ['a variable named like a crate', 'let openai = 1;\nlet ort = 2;\nort.run();\n'],
    ['a path after :: or .', 'let x = foo::async_openai::Client::new();\nlet y = s.ort::<u8>();\n'],
    ['a macro metavariable named like a crate', 'macro_rules! run { ($ort:ident, $rig:expr) => { $ort::x($rig) }; ($tch:path) => { $tch::Tensor::new() } }\n'],
    ['a local module of the same name', 'mod ort;\nfn main() { let s = ort::Session::new(); }\n'],
    ['a local module at the top of the file, declared after the use in a function, inline and nested', 'fn main() { { let s = ort::Session::new(); } }\nmod ort {\n    pub struct Session;\n}\nfn other() { tch::x(); }\nmod tch;\n'],
    ['an inline module in a function shadows its own block and the blocks inside it', 'fn main() {\n    mod rig {}\n    if x { rig::f(); }\n    let c = || rig::g();\n}\n'],
    ['a name imported from elsewhere', 'use crate::backends::tokenizers;\nfn main() { let t = tokenizers::Tokenizer::new(); }\n'],
    ['a commented-out use after code', 'fn main() {}\n// use async_openai::Client;\n'],
  ];
  for (const [name, src] of decoys) {
    it(`decoy: ${name}`, () => assert.deepEqual(specs(src).filter((s) => !/^(crate|self|super|std)::|^async_openai_extra|^my_ort/.test(s)), []));
  }

  it('reports kind, 1-based positions of the first segment, and the extern crate alias', () => {
    const src = '// c\n\n  use  async_openai::Client;\nextern crate tch as torch;\nfn m() { let o = ::ollama_rs::Ollama::new(); }\n';
    assert.deepEqual(rustImports(src, { crates: CRATES }), [
      { specifier: 'async_openai::Client', kind: 'use', line: 3, column: 8 },
      { specifier: 'tch', kind: 'extern-crate', line: 4, column: 14, names: ['torch'] },
      { specifier: 'ollama_rs::Ollama::new', kind: 'qualified-name', line: 5, column: 20 },
    ]);
  });

  it('paths in code are read only for the crates given', () => {
    assert.deepEqual(rustImports('let c = async_openai::Client::new();\n'), []);
  });

  it('line ends: LF only, as rustc counts them; a `//` comment runs on past a lone CR', () => {
    assert.deepEqual(rustImports('// c\ruse ort;\nuse tch;\r\nuse rig;'), [
      { specifier: 'tch', kind: 'use', line: 2, column: 5 },
      { specifier: 'rig', kind: 'use', line: 3, column: 5 },
    ]);
  });

  it('rustMaskComments blanks nested block and doc comments, keeping positions and line ends', () => {
    const src = '/* a /* b */ "https://api.openai.com" */ let u = "http://x//y"; // https://api.groq.com\n/// https://api.mistral.ai\nlet v = r#"// https://api.cohere.com"#;';
    const masked = rustMaskComments(src);
    assert.equal(masked.length, src.length);
    assert.ok(masked.includes('"http://x//y"') && masked.includes('// https://api.cohere.com'), masked);
    for (const host of ['api.openai.com', 'api.groq.com', 'api.mistral.ai']) assert.ok(!masked.includes(host), host);
    assert.equal(masked.split('\n').length, src.split('\n').length);
  });

  it('never throws on random text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (s) => {
        rustImports(s, { crates: CRATES });
        rustImports('use a::' + s, { crates: CRATES });
        assert.equal(rustMaskComments(s).length, s.length);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on Rust-ish token soup', () => {
    const tok = fc.constantFrom('use', 'pub', 'extern', 'crate', 'as', 'mod', 'ort', 'self', '::', '{', '}', ',', '*', ';', '.', '"', 'r#"', '"#', 'b', 'r', '#', "'", 'a', '//', '/*', '*/', '\n', '\r', ' ', '\\');
    fc.assert(fc.property(fc.array(tok, { maxLength: 200 }), (toks) => void rustImports(toks.join(''), { crates: CRATES })), { numRuns: 500 });
    fc.assert(fc.property(fc.array(tok, { maxLength: 200 }), (toks) => void rustImports(toks.join(' '), { crates: CRATES })), { numRuns: 500 });
  });

  it('runs in linear time on large inputs', () => {
    const t0 = performance.now();
    assert.equal(rustImports('use a::b::C;\n'.repeat(200_000)).length, 200_000);
    assert.equal(rustImports('ort::x();\n'.repeat(100_000), { crates: CRATES }).length, 100_000);
    assert.equal(rustImports('{ mod tch; '.repeat(50_000) + 'ort::x(); tch::y();\n'.repeat(50_000) + '}'.repeat(50_000), { crates: CRATES }).length, 50_000);
    assert.equal(rustImports('{ '.repeat(100_000) + 'ort::x(); '.repeat(100_000), { crates: CRATES }).length, 100_000);
    rustImports('/*'.repeat(100_000));
    rustImports('use {'.repeat(100_000));
    rustImports('r' + '#'.repeat(300) + '"' + '"#'.repeat(100_000));
    rustImports("'".repeat(200_000));
    rustImports('"\\'.repeat(100_000));
    assert.equal(rustImports('// c\r'.repeat(200_000) + '\nuse a::B;').length, 1);
    rustMaskComments('/*'.repeat(100_000));
    assert.ok(performance.now() - t0 < 3000);
  });
});

describe('rustStringSites: model names and base URLs given to SDKs', () => {
  const calls = sdkCatalog().modelCalls('rust');
  const sites = (src: string): string[] => rustStringSites(src, calls).map((x) => `${x.key}=${x.value}`);
  const found: [string, string, string[]][] = [
    ['async-openai: request builders', 'let request = CreateChatCompletionRequestArgs::default()\n    .model("gpt-4o")\n    .messages([m])\n    .build()?;\nlet e = CreateEmbeddingRequestArgs::default().model("text-embedding-3-small").input(x).build()?;', ['model=gpt-4o', 'model=text-embedding-3-small']],
    ['chatgpt_rs: api_url given a parsed URL, unwrapped or with ?', 'let c = ModelConfigurationBuilder::default()\n    .api_url(Url::parse("https://api.pawan.krd/v1/chat/completions").unwrap())\n    .build();\nlet d = b.api_url(Url::parse("https://llm.example.com/v1")?);', ['api_url=https://api.pawan.krd/v1/chat/completions', 'api_url=https://llm.example.com/v1']],
    ['async-openai: the base URL of the config', 'let config = OpenAIConfig::new()\n    .with_api_key(key)\n    .with_api_base("https://api.groq.com/openai/v1");', ['with_api_base=https://api.groq.com/openai/v1']],
    ['struct literal fields, converted or wrapped', 'let r = CreateChatCompletionRequest { model: "gpt-4o".to_string(), messages, ..Default::default() };\nlet s = Req { model: "o3-mini".into(), n: 1 };\nlet t = Req { model: String::from("gpt-4o-mini") };\nlet u = Req { model_id: Some("llama3".to_owned()), };', ['model=gpt-4o', 'model=o3-mini', 'model=gpt-4o-mini', 'model_id=llama3']],
    ['an assigned field', 'req.model = "gpt-4o".to_string();\nself.config.base_url = "https://api.deepseek.com".into();', ['model=gpt-4o', 'base_url=https://api.deepseek.com']],
    ['ollama-rs requests (modelCalls)', 'let res = ollama.generate(GenerationRequest::new("llama3".into(), prompt)).await;\nlet c = ChatMessageRequest::new("llama3.1:8b".to_string(), msgs);\nlet e = GenerateEmbeddingsRequest::new(String::from("nomic-embed-text"), input);', ['model=llama3', 'model=llama3.1:8b', 'model=nomic-embed-text']],
    ['openai-api-rs: the request and the endpoint', 'let mut client = OpenAIClient::builder().with_endpoint("https://openrouter.ai/api/v1").with_api_key(k).build()?;\nlet req = ChatCompletionRequest::new("gpt-4o".to_string(), vec![m]);', ['with_endpoint=https://openrouter.ai/api/v1', 'model=gpt-4o']],
    ['rig: agents, models and extractors; its builder\'s base URL', 'let agent = client.agent("gpt-4o").preamble("Be brief.").build();\nlet m = client.completion_model("o3-mini");\nlet x = client.extractor::<Person>("gpt-4o-mini").build();\nlet c = openai::Client::builder().base_url("https://api.together.xyz/v1").build();', ['model=gpt-4o', 'model=o3-mini', 'model=gpt-4o-mini', 'base_url=https://api.together.xyz/v1']],
    ['raw strings and escapes', 'let a = Req { model: r"gpt-4o".into() };\nlet b = client.agent(r#"o1-mini"#);\nlet c = x.model("gpt\\u{2d}4o\\x2dmini");', ['model=gpt-4o', 'model=o1-mini', 'model=gpt-4o-mini']],
    ['a JSON body (serde_json json!)', 'let body = json!({ "model": "gpt-4o", "messages": [{ "role": "user", "content": p }] });', ['model=gpt-4o']],
    ['a raw identifier is the same name', 'let r = Req { r#model: "gpt-4o".into() };', ['model=gpt-4o']],
    ['struct literals in match arm bodies, in a scrutinee, after a let and in a guard\'s arm', 'let r = match kind {\n    Kind::Fast => Req { model: "gpt-4o-mini".into(), ..d },\n    Kind::Slow => { let x = Req { model: "o3".into() }; x }\n    Kind::Other if n > 1 => if a { Req { model: "o1".into() } } else { y }\n    _ => Req { model: "gpt-4o".into() }.with(1),\n};\nmatch make(Req { model: "o3-mini".into() }) { _ => {} }\nlet Wrapper(q) = w;\nlet req = Req { model: "gpt-4.1".into() };', ['model=gpt-4o-mini', 'model=o3', 'model=o1', 'model=gpt-4o', 'model=o3-mini', 'model=gpt-4.1']],
    ['after a match, a matches! and an if let, code is read again', 'match c { Config { model: "x", .. } => {} }\nlet a = Req { model: "gpt-4o".into() };\nassert!(matches!(r, Req { model: "y", .. }));\nlet b = Req { model: "o3".into() };\nif let Some(Req { model: "z", .. }) = o { let c = Req { model: "o1".into() }; }\nwhile let Req { model: "w", .. } = next() {}\nx.model("gpt-4o-mini");', ['model=gpt-4o', 'model=o3', 'model=o1', 'model=gpt-4o-mini']],
  ];
  for (const [name, src, want] of found) it(name, () => assert.deepEqual(sites(src), want));
  // Keyed by their own names: the detector keeps them in a file that calls an AI package or host.
  it('constants, statics and bindings named for a model', () =>
    assert.deepEqual(sites('const MODEL: &str = "gpt-4.1";\nstatic CHAT_MODEL: &\'static str = "o3-mini";\nlet model = "gpt-4o";\nlet embedding_model: String = "text-embedding-3-small".to_string();\nlet mut llm = "claude-3-5-haiku-latest";'), [
      'MODEL=gpt-4.1',
      'CHAT_MODEL=o3-mini',
      'model=gpt-4o',
      'embedding_model=text-embedding-3-small',
      'llm=claude-3-5-haiku-latest',
    ]));
  it("functions named for a model whose body is a literal alone (serde's default functions)", () =>
    assert.deepEqual(sites('#[serde(default = "default_model")]\nmodel: String,\nfn default_model() -> String { "gpt-4o-mini".to_string() }\nfn chat_model() -> &\'static str { "o3-mini" }\nfn embed_model() -> String { format!("{}", X) }\nfn name() -> String { "gpt-4o".into() }\nfn model_for(x: u8) -> &\'static str { "gpt-4o" }'), ['default_model=gpt-4o-mini', 'chat_model=o3-mini']));

  it('match arms of a function named for a model, or of a method of a type named for one', () =>
    assert.deepEqual(
      sites(
        [
          'pub fn model_name(kind: Kind) -> &\'static str {\n    match kind {\n        Kind::Fast => "gpt-4o-mini",\n        Kind::Smart => "o3".into(),\n        _ => { "ignored" }\n    }\n}',
          'impl<T: Clone> ChatModel<T> {\n    pub fn as_str(&self) -> &str {\n        match self { Self::Sonnet => "claude-3-5-sonnet-latest", Self::Haiku => "claude-3-5-haiku-latest" }\n    }\n}',
          'impl fmt::Display for Model {\n    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {\n        write!(f, "{}", match self { Model::Flash => "gemini-2.0-flash", Model::Other(s) => s })\n    }\n}',
        ].join('\n'),
      ),
      ['model_name=gpt-4o-mini', 'model_name=o3', 'ChatModel=claude-3-5-sonnet-latest', 'ChatModel=claude-3-5-haiku-latest', 'Model=gemini-2.0-flash'],
    ));

  const decoys: [string, string][] = [
    [
      'match arms elsewhere: a function or type not named for a model, a trait method without a body, arms that are no literal alone',
      'fn label(k: Kind) -> &\'static str { match k { Kind::A => "gpt-4o", _ => "o3" } }\nimpl Provider { fn id(&self) -> &str { match self { P::A => "gpt-4o" } } }\nimpl Kind for Vec<Model> { fn x(&self) -> &str { match 1 { _ => "gpt-4o" } } }\ntrait Llm { fn model(&self) -> &str; }\nfn other() -> &\'static str { match 1 { _ => "gpt-4o" } }\nfn model_id(k: u8) -> String { match k { 1 => format!("gpt-{}", k), _ => "o3".to_string() + "x" } }\nimpl Model { const X: u8 = 1; }\nfn f() { match 1 { _ => "gpt-4o" }; }',
    ],
    ['comments and doc comments', '// .model("gpt-4o")\n/* Req { model: "gpt-4o".into() } /* nested */ client.agent("gpt-4o") */\n/// let a = client.agent("gpt-4o");\nfn main() {}'],
    ['constants (their value is in the crate)', 'let gpt = client.completion_model(openai::GPT_4O);\nlet r = ChatCompletionRequest::new(GPT4_O.to_string(), msgs);\nlet req = Req { model: MODEL.into() };'],
    ['a model name in format! and println!, a name that says no model, a comparison', 'let name = "gpt-4o";\nif model == "gpt-4o" {}\nlet model = "gpt-".to_string() + v;\nlet s = format!("{}", "gpt-4o");\nprintln!("gpt-4o");\nlet m = String::from("gpt-4o");'],
    ['byte and C strings are no &str', 'x.model(b"gpt-4o");\nlet r = Req { model: c"gpt-4o" };\ny.model(br#"gpt-4o"#);'],
    ['unrelated calls, methods and fields', 'log::info!("model {}", "gpt-4o");\nlet p = Person { name: "gpt-4o".into() };\ncar.set_name("gpt-4o");\nlet g = GenerationRequest::new(prompt, "llama3".into());\nfoo.new("gpt-4o");'],
    ['concatenations and other conversions', 'x.model("gpt-".to_string() + v);\nlet r = Req { model: "gpt-4o".len() };\ny.model(&format!("gpt-{}", v));'],
    ['other JSON keys and a model key without a literal', 'let b = json!({ "name": "gpt-4o", "model": model });\nlet m = map.get("model").unwrap_or("gpt-4o");'],
    ['parameters, patterns and comparisons', 'fn make(model: &str) {}\nif req.model == "gpt-4o" {}\nmatch m { Req { model, .. } => {} }'],
    ['match arm patterns with a model literal', 'match cfg {\n    Config { model: "gpt-4o", .. } => fast(),\n    Config { model: "o3", .. } | Config { model: "o1", .. } => { slow() }\n    Some(Req { model_id: "llama3", .. }) if x => {}\n    Config { base_url: "https://api.openai.com/v1", .. } => {}\n    _ => {}\n}'],
    ['arms after block-like bodies without commas', 'match a {\n    X => if c { 1 } else { 2 }\n    Req { model: "gpt-4o", .. } => 3,\n    Y => match b { _ => 4 }\n    Req { model: "o3", .. } => loop { break 5 }\n    Req { model: "o1", .. } => 6,\n}'],
    ['let, if let and while let patterns', 'let Req { model: "gpt-4o", .. } = r else { return };\nif let Req { model: "o3", .. } = r {}\nwhile let Some(Req { model: "o1", .. }) = it.next() {}\nif let Some(x) = y && let Req { model: "o3-mini", .. } = x {}'],
    ['a matches! pattern', 'if matches!(req, Req { model: "gpt-4o", .. }) {}\nlet b = matches!(r, Req { model: "o3", .. } if ok);'],
    ['a nested match in an arm pattern\'s body, then another pattern', 'match a { A => match b { B => {} }, Req { model: "gpt-4o", .. } => {} }'],
  ];
  for (const [name, src] of decoys) it(`decoy: ${name}`, () => assert.deepEqual(sites(src), []));

  it('without the catalog\'s calls, only keyed sites', () => {
    assert.deepEqual(rustStringSites('client.agent("gpt-4o"); x.model("o3");').map((x) => x.value), ['o3']);
  });

  it('positions: 1-based, the column of the opening quote; lines end at LF only (a CR is a blank, a `//` comment runs on to the LF)', () => {
    const src = ['// .model("decoy")\r.model("still in the comment")', 'let a = x.model("gpt-4o");', 'let b = Req { model: r#"o3-mini"#.into() };', 'let s = "a', 'b"; let c = client.agent("gpt-4o-mini");', ''].join('\n');
    assert.deepEqual(rustStringSites(src, calls), [
      { value: 'gpt-4o', line: 2, column: 17, key: 'model' },
      { value: 'o3-mini', line: 3, column: 24, key: 'model' },
      { value: 'gpt-4o-mini', line: 5, column: 26, key: 'model' },
    ]);
    assert.deepEqual(rustStringSites('let a = x.model("gpt-4o");\r\nlet b = y.model("o3");\r\n'), [
      { value: 'gpt-4o', line: 1, column: 17, key: 'model' },
      { value: 'o3', line: 2, column: 17, key: 'model' },
    ]);
  });

  it('never throws and stays linear', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (s) => void rustStringSites(s, calls)), { numRuns: 300 });
    const tok = fc.constantFrom('model', 'agent', 'GenerationRequest', 'new', 'String', 'from', 'into', 'to_string', '.', '::', '<', '>', '(', ')', '{', '}', ':', '=', ',', ';', '"gpt-4o"', 'r#"x"#', '"\\u{', '//', '/*', '*/', '\n');
    fc.assert(fc.property(fc.array(tok, { maxLength: 200 }), (toks) => void rustStringSites(toks.join(' '), calls)), { numRuns: 300 });
    const t0 = performance.now();
    assert.equal(rustStringSites('let r = Req { model: "gpt-4o".to_string() };\n'.repeat(50_000), calls).length, 50_000);
    rustStringSites('client.extractor::<'.repeat(100_000), calls);
    rustStringSites('x.model(Some(String::from('.repeat(100_000), calls);
    rustStringSites('"\\u{'.repeat(100_000), calls);
    rustStringSites('match x { '.repeat(100_000) + 'Req { model: "gpt-4o" } => 1,'.repeat(10_000), calls);
    assert.equal(rustStringSites('impl<T> Model<T> { fn a() { match x { '.repeat(50_000) + '_ => "gpt-4o",'.repeat(50_000) + '} } }'.repeat(50_000), calls).length, 50_000);
    rustStringSites('impl '.repeat(100_000) + 'fn model() '.repeat(100_000), calls);
    rustStringSites('let (('.repeat(100_000), calls);
    assert.equal(rustStringSites('matches!(a, '.repeat(50_000) + 'Req { model: "gpt-4o".into() }', calls).length, 0);
    assert.ok(performance.now() - t0 < 3000);
  });
});
