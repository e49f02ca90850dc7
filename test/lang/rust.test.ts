import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { rustImports, rustMaskComments } from '../../src/lang/rust.js';

const CRATES = new Set(['async_openai', 'ollama_rs', 'ort', 'tokenizers', 'rig', 'tch', 'hf_hub']);
const specs = (src: string): string[] => rustImports(src, { crates: CRATES }).map((s) => `${s.kind === 'use' ? '' : `${s.kind} `}${s.specifier}`);

describe('rustImports', () => {
  const found: [string, string, string[]][] = [
    ['use', 'use async_openai::Client;\n', ['async_openai::Client']],
    ['use of a crate alone, and with an alias', 'use ollama_rs;\nuse async_openai as oa;\n', ['ollama_rs', 'async_openai']],
    ['a group: the path before it', 'use async_openai::{Client, types::{CreateChatCompletionRequestArgs, Role}};\n', ['async_openai']],
    ['a path then a group', 'use rig::providers::{openai, anthropic};\n', ['rig::providers']],
    ['a group at the top: each path', 'use {ollama_rs::Ollama, std::fmt};\n', ['ollama_rs::Ollama', 'std::fmt']],
    ['a glob', 'use tch::*;\nuse rig::prelude::*;\n', ['tch', 'rig::prelude']],
    ['pub use, pub(crate) use, leading ::', 'pub use ::ollama_rs::Ollama;\npub(crate) use async_openai::types;\n', ['ollama_rs::Ollama', 'async_openai::types']],
    ['use inside a function', 'fn main() {\n    use ort::session::Session;\n}\n', ['ort::session::Session']],
    ['crate, self, super and std paths are reported as written', 'use crate::a;\nuse self::b;\nuse super::c;\nuse std::io;\n', ['crate::a', 'self::b', 'super::c', 'std::io']],
    ['extern crate', 'extern crate tch;\nextern crate async_openai as oa;\n', ['extern-crate tch', 'extern-crate async_openai']],
    ['a path in code', 'fn main() {\n    let c = async_openai::Client::new();\n}\n', ['qualified-name async_openai::Client::new']],
    ['a path with a leading ::', 'let o = ::ollama_rs::Ollama::default();\nreturn ::tch::Tensor::zeros();\n', ['qualified-name ollama_rs::Ollama::default', 'qualified-name tch::Tensor::zeros']],
    ['a path in a type, an attribute and a generic argument', 'fn f(t: tch::Tensor) -> Vec<hf_hub::Repo> {}\n#[rig::tool]\nfn g() {}\n', ['qualified-name tch::Tensor', 'qualified-name hf_hub::Repo', 'qualified-name rig::tool']],
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
    ['a local module of the same name', 'mod ort;\nfn main() { let s = ort::Session::new(); }\n'],
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
