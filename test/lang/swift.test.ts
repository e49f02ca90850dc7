import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { sdkCatalog } from '../../src/detectors/sdks/catalog.js';
import { registryMayProvide, swiftPackageId, swiftRegistryName } from '../../src/lang/swift-package.js';
import { swiftImports, swiftSites } from '../../src/lang/swift.js';

const specs = (src: string): string[] => swiftImports(src).map((s) => s.specifier);
const calls = sdkCatalog().modelCalls('swift');
const keyed = (src: string): string[] => swiftSites(src, calls).strings.map((s) => `${s.key}=${s.value}`);

describe('swiftImports', () => {
  const found: { name: string; src: string; want: string[] }[] = [
    { name: 'plain imports', src: 'import Foundation\nimport OpenAI\n', want: ['Foundation', 'OpenAI'] },
    { name: '@testable, @_exported, @preconcurrency', src: '@testable import OpenAI\n@_exported import SwiftOpenAI\n@preconcurrency import Ollama\n', want: ['OpenAI', 'SwiftOpenAI', 'Ollama'] },
    { name: 'an attribute on the line before', src: '@_implementationOnly\nimport OpenAI\n', want: ['OpenAI'] },
    { name: 'an attribute with arguments', src: '@_spi(Internal) import FirebaseAILogic\n', want: ['FirebaseAILogic'] },
    { name: 'access-level imports', src: 'public import OpenAI\ninternal import Ollama\npackage import AIProxy\n', want: ['OpenAI', 'Ollama', 'AIProxy'] },
    {
      name: 'scoped imports of every kind',
      src: 'import struct OpenAI.ChatQuery\nimport class A.B\nimport enum C.D\nimport protocol E.F\nimport typealias G.H\nimport func I.j\nimport var K.l\nimport let M.n\n',
      want: ['OpenAI.ChatQuery', 'A.B', 'C.D', 'E.F', 'G.H', 'I.j', 'K.l', 'M.n'],
    },
    { name: 'a submodule', src: 'import OpenAI.Models\n', want: ['OpenAI.Models'] },
    { name: 'inside #if canImport blocks', src: '#if canImport(FirebaseAILogic)\nimport FirebaseAILogic\n#elseif canImport(FirebaseVertexAI)\n  import FirebaseVertexAI\n#endif\n', want: ['FirebaseAILogic', 'FirebaseVertexAI'] },
    { name: 'after a semicolon, and after a block comment on the line', src: 'import Foundation; import OpenAI\n/* c */ import Ollama\n', want: ['Foundation', 'OpenAI', 'Ollama'] },
    { name: 'a backquoted module name', src: 'import `OpenAI`\n', want: ['OpenAI'] },
    { name: 'after a multi-line string, on its own line', src: 'let s = """\n  text\n  """\nimport OpenAI\n', want: ['OpenAI'] },
    { name: 'after an interpolation with nested parentheses and strings', src: 'let s = "a \\(f(g("x)"), ")")) b"\nimport OpenAI\n', want: ['OpenAI'] },
    { name: 'after a raw string holding a quote and a fake interpolation', src: 'let r = #"say "hi" \\(x)"#\nimport OpenAI\n', want: ['OpenAI'] },
    { name: 'CRLF and CR line ends', src: 'import Foundation\r\nimport OpenAI\rimport Ollama', want: ['Foundation', 'OpenAI', 'Ollama'] },
    // SE-0354 regex literals: a quote inside one starts no string.
    { name: 'after a bare regex holding a quote', src: 'let r = /"(.*)"/\nimport OpenAI\n', want: ['OpenAI'] },
    { name: 'after a bare regex holding a quote, on its line', src: 'let r = /a"b/; import OpenAI\n', want: ['OpenAI'] },
    { name: 'after a bare regex holding three quotes (no multi-line string)', src: 'let r = /"""(.*)/\nimport OpenAI\nlet s = 1\n', want: ['OpenAI'] },
    { name: 'after a bare regex holding escaped slashes (matching //) and a quote', src: 'let u = /https?:\\/\\/[^"]+/\nimport OpenAI\n', want: ['OpenAI'] },
    { name: 'after bare regexes as arguments, after return and a prefix operator, in a class, at a line start', src: 'x.firstMatch(of: /"(\\w+)"/)\nf(/"/, /[)"]/)\nreturn /"/\nlet n = !/"/\nlet b = Regex {\n  digit\n  /"\\d+/\n}\nimport OpenAI\n', want: ['OpenAI'] },
    { name: 'after a multi-line extended regex holding // and a quote', src: 'let r = #/\n  https:// "(?<host>[^/"]+) # host\n/#\nimport OpenAI\n', want: ['OpenAI'] },
    { name: 'after an extended regex holding /# and a quote', src: 'let r = ##/a/#"b/##; import OpenAI\n', want: ['OpenAI'] },
    { name: 'an unclosed multi-line extended regex is none', src: 'let r = #/\nimport OpenAI\n', want: ['OpenAI'] },
    // SE-0354: a `/` that starts a line with no blank after it is no operand's infix operator (the
    // newline before is whitespace, none after: not an operator chain), so it opens a regex even
    // after a value on the line before (`let g = 0\n/1 + 2/ // Must be a regex`; swift-syntax lexes
    // such an unbalanced-whitespace `/` as a regex whatever the previous token).
    { name: 'after a bare regex at a line start, after a value on the line before', src: 'let a = b\n/"/; import OpenAI\nlet g = 0\n/1 + "2/; import Ollama\nlet c = f(x)\n  /"x"/.wholeMatch(s); import AIProxy\n', want: ['OpenAI', 'Ollama', 'AIProxy'] },
    // Division is no regex: it hides no code.
    { name: 'after division with spaces, and glued division', src: 'let x = a / b / c; import OpenAI\nlet h = height/2; import Ollama; let w = width/2\n', want: ['OpenAI', 'Ollama'] },
    { name: 'after division following a literal, a call, a subscript', src: 'let a = "s" /2; import OpenAI; let b = 1/\nlet c = f(x) /2; import Ollama; let d = y[0] /2; import AIProxy; let e = 3/\n', want: ['OpenAI', 'Ollama', 'AIProxy'] },
    { name: 'after an infix operator glued to a slash, and a / ending in a space', src: 'let x = y+/2; import OpenAI; let z = 1/\nlet r = (/a /); import Ollama\n', want: ['OpenAI', 'Ollama'] },
    { name: 'after unapplied operators (an unbalanced ")")', src: 'let x = array.reduce(1, /) / 5\nfoo(/a, /b); import OpenAI; bar(/x)/2\n', want: ['OpenAI'] },
    // A `/` with a blank on both sides is infix, across a line break too: division continued.
    { name: 'after division continued on the next line', src: 'let a = b\n  / c; import OpenAI; let d = e/\nlet f = g\n/ "h"; import Ollama; let i = j/\n', want: ['OpenAI', 'Ollama'] },
    { name: 'after a line comment holding slashes and a quote', src: '// a/b/ "\nimport OpenAI\n', want: ['OpenAI'] },
    { name: 'after a bare regex holding a quote inside an interpolation', src: 'let s = "\\(x.replacing(/"/, with: "\'"))"; import OpenAI\n', want: ['OpenAI'] },
    { name: 'after division inside an interpolation', src: 'let s = "\\(w /2 + "x".count + h/3)"; import OpenAI\n', want: ['OpenAI'] },
  ];
  for (const c of found) it(`finds: ${c.name}`, () => assert.deepEqual(specs(c.src), c.want));

  const decoys: { name: string; src: string }[] = [
    { name: 'a line comment', src: '// import OpenAI\nlet x = 1 // import OpenAI\n' },
    { name: 'a nested block comment', src: '/* outer /* inner */\nimport OpenAI\n*/\nlet x = 1\n' },
    { name: 'an unclosed block comment', src: '/* import Foundation\nimport OpenAI\n' },
    { name: 'a string', src: 'let s = "import OpenAI"\n' },
    { name: 'an interpolated string with a string inside', src: 'let s = "\\(f("\nimport OpenAI"))"\n' },
    { name: 'a multi-line string', src: 'let s = """\nimport OpenAI\n"""\n' },
    { name: 'a raw string and a multi-line raw string', src: 'let r = #"import OpenAI"#; let q = ##"a "# import OpenAI"##\nlet m = ##"""\n"""\nimport OpenAI\n"""##\n' },
    { name: 'a regex literal', src: 'let re = #/\nimport OpenAI\n/#\n' },
    { name: 'bare regex literals', src: 'let r = /import OpenAI/\nlet s = /;import OpenAI/\nlet t = x.split(separator: /\\s*;import OpenAI/)\n' },
    { name: 'a bare regex at a line start after a value on the line before', src: 'let a = b\n/c; import OpenAI; let d = e/\n' },
    { name: 'an extended regex on one line', src: 'let r = #/a/b; import OpenAI/#\n' },
    { name: 'a comment holding a/b/', src: '// a/b/ and /;import OpenAI/\nlet x = 1 // a/b/ ;import OpenAI\n' },
    { name: 'a member named import', src: 'x.import\nlet y = a\n  .import(OpenAI)\n' },
    { name: 'import in the middle of an expression', src: 'let a = b import OpenAI\n' },
    { name: 'canImport alone', src: '#if canImport(OpenAI)\nlet ok = true\n#endif\n' },
    { name: 'a variable named openAI', src: 'let openAI = OpenAIService()\nvar OpenAI = 1\n' },
  ];
  for (const d of decoys) it(`no import: ${d.name}`, () => assert.deepEqual(specs(d.src).filter((x) => /OpenAI/i.test(x)), []));

  it('a local module with a similar name is no catalog module', () => {
    const cat = sdkCatalog();
    assert.deepEqual(specs('import OpenAIHelpers\nimport MyOpenAI\n'), ['OpenAIHelpers', 'MyOpenAI']);
    assert.equal(cat.byImport('swift', 'OpenAIHelpers'), undefined);
    assert.equal(cat.byImport('swift', 'MyOpenAI'), undefined);
    assert.equal(cat.byImport('swift', 'openai'), undefined, 'module names are case-sensitive');
    assert.equal(cat.byImport('swift', 'OpenAI.Models')?.name, 'github.com/MacPaw/OpenAI');
  });

  it('reports 1-based positions of the module name', () => {
    assert.deepEqual(swiftImports('import Foundation\n  @testable import OpenAI\nimport struct GoogleGenerativeAI.GenerativeModel\n'), [
      { specifier: 'Foundation', kind: 'swift-import', line: 1, column: 8 },
      { specifier: 'OpenAI', kind: 'swift-import', line: 2, column: 20 },
      { specifier: 'GoogleGenerativeAI.GenerativeModel', kind: 'swift-import', line: 3, column: 15 },
    ]);
  });

  it('never throws on random text or Swift-ish token soup', () => {
    fc.assert(fc.property(fc.string({ maxLength: 400 }), (s) => void swiftSites(s, calls)), { numRuns: 500 });
    const tok = fc.constantFrom('import ', 'OpenAI', '@testable ', '.', '(', ')', '"', '"""', '#', '#"', '"#', '\\(', '\\#(', '//', '/*', '*/', '\n', ' ', ';', 'model', ':', ',', '`', '#/', '/#', 'struct ', '/', '\\', '[', ']', '=', '!', '##/', '/##');
    fc.assert(fc.property(fc.array(tok, { maxLength: 200 }), (toks) => void swiftSites(toks.join(''), calls)), { numRuns: 500 });
  });

  it('runs in linear time on large and hostile inputs (1 to 3 MB each)', () => {
    const t0 = performance.now();
    assert.equal(swiftImports('import OpenAI\n'.repeat(200_000)).length, 200_000);
    swiftSites('/*'.repeat(1_500_000), calls); // unclosed, nesting deeper and deeper
    swiftSites('"\\('.repeat(1_000_000), calls); // interpolations nested past the limit, never closed
    swiftSites('#"'.repeat(1_500_000), calls);
    swiftSites('('.repeat(3_000_000), calls);
    swiftSites('"""'.repeat(1_000_000), calls);
    swiftSites(`let s = "${'x'.repeat(3_000_000)}`, calls); // one long unclosed line
    swiftSites('@a '.repeat(1_000_000) + 'import OpenAI', calls);
    swiftSites('#'.repeat(1_000_000), calls); // a run of hashes that opens nothing (was quadratic: 40k took 9.6 s)
    swiftSites('#/\n'.repeat(300_000), calls); // unclosed multi-line regexes (was quadratic)
    swiftSites('/a'.repeat(500_000), calls); // slashes that might open bare regexes
    swiftSites('= /\\/'.repeat(200_000), calls); // escaped slashes
    swiftSites('+/'.repeat(500_000), calls);
    swiftSites(`"\\(${'#/\n'.repeat(300_000)}`, calls);
    assert.ok(performance.now() - t0 < 10_000);
  });
});

describe('swiftSites: keyed literals', () => {
  it('model names and base URLs given to SDKs as labelled literals', () => {
    assert.deepEqual(keyed('let q = ChatQuery(messages: [], model: "gpt-4o")\n'), ['model=gpt-4o']);
    assert.deepEqual(keyed('let c = OpenAI.Configuration(token: t, host: "api.openai.com", timeoutInterval: 60)\n'), ['baseURL=https://api.openai.com']);
    assert.deepEqual(keyed('let c = Client(baseURL: "https://api.groq.com/openai/v1", endpoint: "http://localhost:11434")\n'), ['baseURL=https://api.groq.com/openai/v1', 'endpoint=http://localhost:11434']);
  });

  it('after a bare regex holding a quote, and after division', () => {
    assert.deepEqual(keyed('let r = /"(.*)"/\nlet q = ChatQuery(messages: [], model: "gpt-4o")\nlet h = w/2; let c = Client(baseURL: "https://api.groq.com/openai/v1"); let z = 1/\n'), ['model=gpt-4o', 'baseURL=https://api.groq.com/openai/v1']);
    // At a line start after a value: a regex (SE-0354), whose quote opens no string; with a blank after the `/`, division.
    assert.deepEqual(keyed('let a = b\n/"/; let q = ChatQuery(messages: [], model: "gpt-4o")\nlet c = d\n/ "e"; let m = GenerativeModel(name: "gemini-1.5-flash", apiKey: k); let f = 1/\n'), ['model=gpt-4o', 'model=gemini-1.5-flash']);
    assert.deepEqual(keyed('let a = b\n/ChatQuery(model: "gpt-4o")/\n'), [], 'a regex at a line start is no call');
    assert.deepEqual(keyed('let r = /ChatQuery(model: "gpt-4o")/\n'), [], 'a regex is no call');
  });

  it('model calls: GenerativeModel(name:), generativeModel(modelName:)', () => {
    assert.deepEqual(keyed('let m = GenerativeModel(name: "gemini-1.5-flash", apiKey: key)\n'), ['model=gemini-1.5-flash']);
    assert.deepEqual(keyed('let m = FirebaseAI.firebaseAI(backend: .googleAI()).generativeModel(modelName: "gemini-2.0-flash")\n'), ['model=gemini-2.0-flash']);
    assert.deepEqual(keyed('let m = GenerativeModel("gemini-1.5-pro")\n'), ['model=gemini-1.5-pro']);
  });

  it('constants and variables named for a model given a literal alone, keyed by their names', () => {
    assert.deepEqual(keyed('let model = "gpt-4o"\nstatic let defaultModel: String = "claude-3-5-haiku-latest"\nvar chatModel: String? = "o3-mini"; let x = 1\nlet name = "gpt-4o"\nlet model2 = "gpt-" + v\nlet llm = "gpt-\\(v)"\n'), ['model=gpt-4o', 'defaultModel=claude-3-5-haiku-latest', 'chatModel=o3-mini']);
  });

  const decoys: { name: string; src: string }[] = [
    { name: 'an enum case', src: 'let q = ChatQuery(messages: [], model: .gpt4_o)\nlet c = ChatQuery(model: .init(rawValue: x))\n' },
    { name: 'an interpolated string', src: 'let q = ChatQuery(model: "gpt-\\(v)")\n' },
    { name: 'a concatenation', src: 'let q = ChatQuery(model: "gpt-" + v)\n' },
    { name: 'a comment and a string holding the argument', src: '// ChatQuery(model: "gpt-4o")\nlet s = "model: \\"gpt-4o\\""\n' },
    { name: 'another label of GenerativeModel first', src: 'let m = GenerativeModel(apiKey: "k", name: x)\n' },
    { name: 'a function declaration', src: 'func GenerativeModel(_ s: String) {}\n' },
    { name: 'a host that is no host name', src: 'let c = Config(host: "not a host")\n' },
    { name: 'a dictionary key', src: 'let d = ["model": "gpt-4o"]\n' },
  ];
  for (const d of decoys) it(`no keyed literal: ${d.name}`, () => assert.deepEqual(keyed(d.src), []));

  it('comments are blanked for the URL scan, strings kept, lines kept', () => {
    const r = swiftSites('let u = "https://api.openai.com/v1" // https://api.anthropic.com\n/* https://x.ai /* nested */ */\n');
    assert.equal(r.masked.includes('api.openai.com'), true);
    assert.equal(r.masked.includes('anthropic'), false);
    assert.equal(r.masked.includes('x.ai'), false);
    assert.equal(r.masked.split('\n').length, 3);
  });
});

describe('swiftPackageId', () => {
  const cases: [string, string][] = [
    ['https://github.com/MacPaw/OpenAI.git', 'github.com/MacPaw/OpenAI'],
    ['https://github.com/MacPaw/OpenAI', 'github.com/MacPaw/OpenAI'],
    ['http://GitHub.com/MacPaw/OpenAI/', 'github.com/MacPaw/OpenAI'],
    ['git@github.com:MacPaw/OpenAI.git', 'github.com/MacPaw/OpenAI'],
    ['ssh://git@github.com:22/MacPaw/OpenAI.git', 'github.com/MacPaw/OpenAI'],
    ['https://user:token@gitlab.example.com/group/sub/repo.git', 'gitlab.example.com/group/sub/repo'],
    ['github.com/MacPaw/OpenAI', 'github.com/MacPaw/OpenAI'],
    ['../LocalPackage', ''],
    ['/abs/path/Package', ''],
    ['file:///abs/path/Package', ''],
    ['OpenAI', ''],
    ['https://github.com/', ''],
    ['', ''],
  ];
  for (const [url, want] of cases) it(`${JSON.stringify(url)} → ${JSON.stringify(want)}`, () => assert.equal(swiftPackageId(url), want));

  it('never leaks credentials of an https URL into the identity', () => {
    assert.equal(swiftPackageId('https://ghp_abc123:x-oauth-basic@github.com/a/b.git').includes('ghp_'), false);
  });
});

describe('registryMayProvide', () => {
  const openai = { name: 'github.com/MacPaw/OpenAI', imports: ['OpenAI'] };
  const gemini = { name: 'github.com/google-gemini/generative-ai-swift', imports: ['GoogleGenerativeAI'] };
  const llm = { name: 'github.com/eastriverlee/LLM.swift', imports: ['LLM'] };
  const cases: { id: string; pkg: { name: string; imports: string[] }; want: boolean }[] = [
    { id: 'macpaw.OpenAI', pkg: openai, want: true },
    { id: 'someone-else.openai', pkg: openai, want: true }, // case-insensitive, any scope: a registry names no repository
    { id: 'google.generative-ai-swift', pkg: gemini, want: true }, // the repository's name
    { id: 'google.GoogleGenerativeAI', pkg: gemini, want: true }, // a module's
    { id: 'google.generative_ai_swift', pkg: gemini, want: true }, // '-', '_' and '.' alike
    { id: 'eastriverlee.LLM-swift', pkg: llm, want: true },
    // decoys
    { id: 'acme.OpenAIKit', pkg: openai, want: false },
    { id: 'acme.Open', pkg: openai, want: false },
    { id: 'macpaw.MacPaw', pkg: openai, want: false }, // the owner is no package name
    { id: 'OpenAI', pkg: openai, want: false }, // no scope: no identity
    { id: 'macpaw.OpenAI.extra', pkg: openai, want: false },
    { id: 'google.generative-ai', pkg: gemini, want: false },
  ];
  for (const x of cases) it(`${x.id} ${x.want ? 'may be' : 'is not'} ${x.pkg.name}`, () => assert.equal(registryMayProvide(x.id, x.pkg), x.want));

  it('swiftRegistryName: the name of an identity, undefined for what is none', () => {
    assert.equal(swiftRegistryName('mona.LinkedList'), 'LinkedList');
    assert.equal(swiftRegistryName('mona.Linked_List-2'), 'Linked_List-2');
    for (const bad of ['', 'mona', 'mona.', '.LinkedList', 'mo--na.x', 'mona-.x', 'mona._x', 'mona.a b', `m.${'n'.repeat(101)}`]) assert.equal(swiftRegistryName(bad), undefined, bad);
  });
});
