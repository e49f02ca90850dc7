import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { sdkCatalog } from '../../src/detectors/sdks/catalog.js';
import { dartImports, dartSites } from '../../src/lang/dart.js';
import { loadRules } from '../../src/rules/load.js';
import { assertMasked, keyedRows } from '../support/sites.js';

const specs = (src: string): string[] => dartImports(src).map((s) => `${s.kind === 'dart-import' ? 'import' : 'export'} ${s.specifier}`);

describe('dartImports', () => {
  const G = 'package:google_generative_ai/google_generative_ai.dart';
  const found: { name: string; src: string; want: string[] }[] = [
    { name: 'a plain import', src: `import '${G}';\n`, want: [`import ${G}`] },
    { name: 'double quotes', src: `import "${G}";`, want: [`import ${G}`] },
    { name: 'as, show and hide', src: `import '${G}' as gai show GenerativeModel, Content hide TextPart;\n`, want: [`import ${G}`] },
    { name: 'deferred as', src: `import '${G}' deferred as gai;`, want: [`import ${G}`] },
    { name: 'an export', src: `export 'package:firebase_ai/firebase_ai.dart' show FirebaseAI;`, want: ['export package:firebase_ai/firebase_ai.dart'] },
    {
      name: 'every URI of a conditional import',
      src: "import 'src/stub.dart'\n    if (dart.library.io) 'package:ollama_dart/ollama_dart.dart'\n    if (dart.library.js_interop) 'package:openai_dart/openai_dart.dart' as ai;\n",
      want: ['import src/stub.dart', 'import package:ollama_dart/ollama_dart.dart', 'import package:openai_dart/openai_dart.dart'],
    },
    { name: "a conditional export with an == test", src: "export 'a.dart' if (dart.library.io == 'true') 'package:langchain/langchain.dart';", want: ['export a.dart', 'export package:langchain/langchain.dart'] },
    { name: 'a raw string URI', src: `import r'${G}';`, want: [`import ${G}`] },
    { name: 'after a library directive, a doc comment and an annotation', src: `/// Docs.\n@JS()\nlibrary app;\n\nimport 'dart:io';\nimport '${G}';\n`, want: ['import dart:io', `import ${G}`] },
    { name: 'after a nested block comment', src: `/* a /* b */ c */\nimport '${G}';`, want: [`import ${G}`] },
  ];
  for (const c of found) it(`finds: ${c.name}`, () => assert.deepEqual(specs(c.src), c.want));

  const decoys: { name: string; src: string }[] = [
    { name: 'a // comment', src: `// import '${G}';\n` },
    { name: 'a /// doc comment', src: `/// import '${G}';\nvoid main() {}\n` },
    { name: 'a nested block comment', src: `/* outer /* inner */ import '${G}'; */\n` },
    { name: 'a single-quoted string', src: `const s = "import '${G}';";\n` },
    { name: 'a triple-quoted string', src: `const s = '''\nimport '${G}';\n''';\n` },
    { name: 'a triple double-quoted string with an interpolation', src: `const s = """\n\${a}\nimport '${G}';\n""";\n` },
    { name: 'a raw string', src: `const s = r'import "${G}";';\nconst t = r"""\nimport '${G}';\n""";\n` },
    { name: 'an interpolation holding braces and strings', src: `final s = "\${m({'k': "}"})} import '${G}';";\n` },
    { name: 'a part and a part of directive', src: "part 'src/gen.g.dart';\npart of 'package:google_generative_ai/x.dart';\n" },
    { name: 'an import inside a class body (no directive)', src: `class A {\n  void f() { import '${G}'; }\n}\n` },
  ];
  for (const d of decoys) it(`no import: ${d.name}`, () => assert.deepEqual(specs(d.src).filter((x) => x.includes('google_generative_ai')), []));

  it('reports 1-based positions of the string literal', () => {
    assert.deepEqual(dartImports(`import 'dart:io';\n  import '${G}' as g;\r\nexport 'package:x/y.dart';\n`), [
      { specifier: 'dart:io', kind: 'dart-import', line: 1, column: 8 },
      { specifier: G, kind: 'dart-import', line: 2, column: 10 },
      { specifier: 'package:x/y.dart', kind: 'dart-export', line: 3, column: 8 },
    ]);
  });

  it('an unclosed single-line string ends at its line, so the next line is read', () => {
    assert.deepEqual(specs(`final s = 'unclosed;\nimport '${G}';\n`), [`import ${G}`]);
  });

  it('the catalog takes package: URIs by their package, not dart: libraries, relative files or look-alike names', () => {
    const c = sdkCatalog(loadRules());
    const src = [
      `import '${G}';`,
      "import 'package:google_generative_ai_helpers/helpers.dart';",
      "import 'openai_utils.dart';",
      "import 'package:my_app/openai.dart';",
      "import 'dart:convert';",
      "export 'package:firebase_vertexai/firebase_vertexai.dart';",
      "import 'package:langchain_openai/langchain_openai.dart';",
      'final openai = OpenAI();',
    ].join('\n');
    assert.deepEqual(
      dartImports(src).flatMap((s) => c.byImport('dart', s.specifier)?.name ?? []),
      ['google_generative_ai', 'firebase_vertexai', 'langchain_openai'],
    );
  });

  it('never throws on random text or Dart-ish token soup', () => {
    fc.assert(fc.property(fc.string({ maxLength: 400 }), (s) => void dartSites(s)), { numRuns: 500 });
    const tok = fc.constantFrom('import', 'export', 'if', '(', ')', "'", '"', "'''", '"""', 'r', '${', '$x', '{', '}', ';', '//', '///', '/*', '*/', '\n', ' ', 'model', ':', ',', 'package:openai_dart/a.dart', '\\');
    fc.assert(fc.property(fc.array(tok, { maxLength: 200 }), (toks) => void dartSites(toks.join(''))), { numRuns: 500 });
  });

  // About 1 MB each here (a cheap check beside the timing-bound tests of other files); 6 MB of each
  // was checked by hand: 40-900 ms, linear.
  it('runs in linear time on large and hostile inputs (about 1 MB each)', () => {
    const t0 = performance.now();
    assert.equal(dartImports(`import '${G}';\n`.repeat(20_000)).length, 20_000);
    dartSites('/*'.repeat(500_000));
    dartSites('"${'.repeat(350_000));
    dartSites("'''".repeat(350_000));
    dartSites('{'.repeat(500_000) + '}'.repeat(500_000));
    dartSites("import 'a' if (".repeat(70_000));
    dartSites('"${'.repeat(100) + 'x'.repeat(1_000_000));
    dartSites(`model: '${'a'.repeat(1_000_000)}`);
    assert.ok(performance.now() - t0 < 10_000);
  });
});

describe('dartSites: keyed literals and the masked text', () => {
  it('named arguments, map entries and OpenAI.baseUrl; not in comments, strings or other shapes', () => {
    const src = [
      "final m = GenerativeModel(model: 'gemini-1.5-flash', apiKey: key);", // 1
      'final r = await OpenAI.instance.chat.create(model: "gpt-4o", messages: []);', // 2
      "final l = ChatOpenAI(defaultOptions: ChatOpenAIOptions(model: 'gpt-4o-mini'));", // 3
      "final c = OpenAIClient(baseUrl: 'https://api.deepseek.com/v1');", // 4
      "final body = {'model': 'claude-3-5-sonnet-latest', 'max_tokens': 10};", // 5
      "OpenAI.baseUrl = 'https://openrouter.ai/api/v1';", // 6
      "// GenerativeModel(model: 'gemini-commented')", // 7
      "final s = \"GenerativeModel(model: 'gemini-in-string')\";", // 8
      "final t = GenerativeModel(model: 'gemini-$v');", // 9
      "final u = cond ? model : 'x';", // 10
      "final w = GenerativeModel(model: prefix + 'x');", // 11
    ].join('\n');
    const want = [
      ['model', 'gemini-1.5-flash', 1, 34],
      ['model', 'gpt-4o', 2, 52],
      ['model', 'gpt-4o-mini', 3, 63],
      ['baseUrl', 'https://api.deepseek.com/v1', 4, 33],
      ['model', 'claude-3-5-sonnet-latest', 5, 24],
      ['baseUrl', 'https://openrouter.ai/api/v1', 6, 18],
    ];
    assert.deepEqual(keyedRows(dartSites(src).strings), want);
  });

  it('constants, fields and variables named for a model given a literal alone are keyed by their names; parameters and other forms are not', () => {
    const src = ["const model = 'gpt-4o';", "static const String defaultModel = 'claude-3-5-haiku-latest';", "chatModel = 'o3-mini';", "void f({String model = 'gpt-4o'}) {}", "final name = 'gpt-4o';", "final llm = 'gpt-' + v;", "if (model == 'gpt-4o') {}"].join('\n');
    assert.deepEqual(keyedRows(dartSites(src).strings), [
      ['model', 'gpt-4o', 1, 15],
      ['defaultModel', 'claude-3-5-haiku-latest', 2, 36],
      ['chatModel', 'o3-mini', 3, 13],
    ]);
  });

  it('blanks comments (nested too) and keeps strings and line breaks', () => {
    const src = "/* a /* 'https://api.openai.com' */ b */\nfinal u = 'https://api.anthropic.com'; // https://api.mistral.ai\n";
    assertMasked(dartSites(src).masked, src, ["'https://api.anthropic.com'"], ['api.openai.com', 'api.mistral.ai']);
  });
});
