import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { csharpImports, csharpMaskComments } from '../../src/lang/csharp.js';

const ROOTS = new Set(['Microsoft', 'Azure', 'Amazon', 'Anthropic']);
const specs = (src: string): string[] => csharpImports(src, { roots: ROOTS }).map((s) => `${s.kind === 'using' ? '' : `${s.kind} `}${s.specifier}`);
const EOLS = [['lf', '\n'], ['crlf', '\r\n'], ['cr', '\r']] as const;

describe('csharpImports', () => {
  const found: [string, string, string[]][] = [
    ['using', 'using OpenAI.Chat;\n', ['OpenAI.Chat']],
    ['several, with System', 'using System;\nusing Microsoft.SemanticKernel;\nusing Microsoft.SemanticKernel.Connectors.OpenAI;\n', ['System', 'Microsoft.SemanticKernel', 'Microsoft.SemanticKernel.Connectors.OpenAI']],
    ['using static', 'using static OpenAI.Chat.ChatMessage;\n', ['OpenAI.Chat.ChatMessage']],
    ['alias', 'using Sk = Microsoft.SemanticKernel;\n', ['Microsoft.SemanticKernel']],
    ['alias of a generic type', 'using Map = System.Collections.Generic.Dictionary<string, OpenAI.Chat.ChatClient>;\n', ['System.Collections.Generic.Dictionary']],
    ['global using', 'global using OpenAI;\nglobal using static Azure.AI.OpenAI.AzureOpenAIClient;\n', ['OpenAI', 'Azure.AI.OpenAI.AzureOpenAIClient']],
    ['global:: qualifier', 'using global::Azure.AI.OpenAI;\n', ['Azure.AI.OpenAI']],
    ['unsafe alias (C# 12)', 'using unsafe P = OllamaSharp.Models;\n', ['OllamaSharp.Models']],
    ['inside a block namespace', 'namespace MyApp {\n  using OllamaSharp;\n  class A {}\n}\nnamespace Other { using LLama; }\n', ['OllamaSharp', 'LLama']],
    ['after a file-scoped namespace', 'namespace MyApp;\nusing OpenAI;\nclass A {}\n', ['OpenAI']],
    ['spaces and comments inside the name', 'using OpenAI /* c */ . Chat ;\n', ['OpenAI.Chat']],
    ['preprocessor lines are skipped as lines; the code between them is read', '#region usings\n#if NET8_0\nusing OpenAI;\n#else\nusing LLama; // old\n#endif\n#endregion\n', ['OpenAI', 'LLama']],
    ['a global:: name in code', 'var c = new global::OpenAI.Chat.ChatClient("gpt-4o", key);\n', ['qualified-name OpenAI.Chat.ChatClient']],
    ['a name written out from a root', 'var k = Microsoft.SemanticKernel.Kernel.CreateBuilder();\n', ['qualified-name Microsoft.SemanticKernel.Kernel.CreateBuilder']],
    ['a name written out in an attribute and a generic argument', '[Microsoft.SemanticKernel.KernelFunction]\nList<Azure.AI.OpenAI.AzureOpenAIClient> x;\n', ['qualified-name Microsoft.SemanticKernel.KernelFunction', 'qualified-name Azure.AI.OpenAI.AzureOpenAIClient']],
    ['a verbatim identifier is no keyword', 'var @using = 1;\nusing OpenAI;\n', ['OpenAI']],
    ['BOM', '\ufeffusing OpenAI;\n', ['OpenAI']],
  ];
  for (const [name, src, want] of found) it(name, () => assert.deepEqual(specs(src), want));

  const decoys: [string, string][] = [
    ['line comment', '// using OpenAI;\n'],
    ['block comment', '/* using OpenAI;\n   using LLama; */\n'],
    ['doc comment', '/// <summary>using OpenAI;</summary>\n/// <see cref="global::OpenAI.Chat.ChatClient"/>\nclass A {}\n'],
    ['regular string with escapes', 'var s = "\\" using OpenAI; global::OpenAI.X";\n'],
    ['verbatim string with "" and a line break', 'var s = @"C:\\ "" \nusing OpenAI;\n global::OpenAI.X";\n'],
    ['interpolated string', 'var s = $"{name} using OpenAI; {{global::OpenAI.X}} {(ok ? "using LLama;" : "")} {n:N2}";\n'],
    ['interpolated verbatim string', 'var s = $@"{a}\nusing OpenAI;\n"; var t = @$"using LLama; {b}";\n'],
    ['raw string literal', 'var s = """\n  using OpenAI;\n  "quoted" ""two""\n  """;\n'],
    ['raw string of four quotes', 'var s = """"\n  using OpenAI; """ still inside\n  """";\n'],
    ['interpolated raw string', 'var s = $$"""\n  {{x}} using OpenAI; {not a hole} global::OpenAI.X\n  """;\n'],
    ['char literals', "var q = '\"'; var a = '\\''; \n"],
    ['using statement', 'using (var openai = new OpenAIClient(key)) { }\n'],
    ['using declaration', 'using var openai = new OpenAIClient(key);\nusing OpenAI.Chat.ChatClient client = Make();\nawait using var x = Make();\n'],
    ['a local namespace declaration', 'namespace MyApp.OpenAIUtils;\nnamespace Microsoft.SemanticKernel.Plugins { }\n'],
    ['a variable named openai and a member named like a root', 'var openai = new Client();\nopenai.Complete();\nvar m = settings.Microsoft.SemanticKernel;\n'],
    ['a name written out from a one-part namespace without global::', 'var c = new OpenAI.Chat.ChatClient("gpt-4o", key);\n'],
    ['a commented-out using after code', 'class A {}\n// using Microsoft.SemanticKernel;\n'],
    ['garbage after using', 'using 42;\nusing ;\nusing\n'],
  ];
  for (const [name, src] of decoys) it(`decoy: ${name}`, () => assert.deepEqual(specs(src).filter((s) => s !== 'System'), []));

  it('reports kind, 1-based positions of the name, and the alias', () => {
    const src = 'namespace N;\n\n  using  OpenAI.Chat;\nusing Sk = global::Microsoft.SemanticKernel;\nvar c = new global::OpenAI.Chat.ChatClient();\n';
    assert.deepEqual(csharpImports(src), [
      { specifier: 'OpenAI.Chat', kind: 'using', line: 3, column: 10 },
      { specifier: 'Microsoft.SemanticKernel', kind: 'using', line: 4, column: 20, names: ['Sk'] },
      { specifier: 'OpenAI.Chat.ChatClient', kind: 'qualified-name', line: 5, column: 21 },
    ]);
  });

  it('line ends: CR, LF and CRLF end lines, `//` comments and regular strings; positions count each once', () => {
    for (const [name, eol] of EOLS) {
      const src = ['// a comment ended by the line end', 'using  OpenAI;', 'var s = "unclosed', 'using LLama;', '/* block', ' */ using static Azure.AI.OpenAI.X;', 'var v = @"verbatim', 'using Evil;";', ''].join(eol);
      assert.deepEqual(
        csharpImports(src),
        [
          { specifier: 'OpenAI', kind: 'using', line: 2, column: 8 },
          { specifier: 'LLama', kind: 'using', line: 4, column: 7 },
          { specifier: 'Azure.AI.OpenAI.X', kind: 'using', line: 6, column: 18 },
        ],
        name,
      );
    }
  });

  it('csharpMaskComments blanks the comments the lexer sees, keeping positions and line ends', () => {
    const src = 'var u = "http://a//b"; // https://api.openai.com\r\n/* https://api.mistral.ai */ var v = @"c:\\" + "x"; // https://api.groq.com\nvar w = """\n  // https://api.cohere.com\n  """;';
    const masked = csharpMaskComments(src);
    assert.equal(masked.length, src.length);
    assert.ok(masked.includes('"http://a//b"') && masked.includes('// https://api.cohere.com'), masked);
    for (const host of ['api.openai.com', 'api.mistral.ai', 'api.groq.com']) assert.ok(!masked.includes(host), host);
    assert.equal(masked.split(/\r\n|\n/).length, src.split(/\r\n|\n/).length);
  });

  it('never throws on random text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (s) => {
        csharpImports(s, { roots: ROOTS });
        csharpImports('using a.' + s);
        assert.equal(csharpMaskComments(s).length, s.length);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on C#-ish token soup', () => {
    const tok = fc.constantFrom('using', 'static', 'global', '::', 'namespace', 'OpenAI', 'Microsoft', '=', '.', ';', '(', ')', '{', '}', '{{', '}}', ':', '"', '"""', '$', '$$', '@', "'", '//', '/*', '*/', '#', '\n', '\r', ' ', '\\');
    fc.assert(fc.property(fc.array(tok, { maxLength: 200 }), (toks) => void csharpImports(toks.join(''), { roots: ROOTS })), { numRuns: 500 });
    fc.assert(fc.property(fc.array(tok, { maxLength: 200 }), (toks) => void csharpImports(toks.join(' '), { roots: ROOTS })), { numRuns: 500 });
  });

  it('runs in linear time on large inputs', () => {
    const t0 = performance.now();
    assert.equal(csharpImports('using a.b.C;\n'.repeat(200_000)).length, 200_000);
    csharpImports('$"{'.repeat(100_000));
    csharpImports('$$"""{{'.repeat(50_000));
    csharpImports('"""' + '""'.repeat(100_000));
    csharpImports('$'.repeat(200_000) + '"');
    csharpImports('@"'.repeat(100_000));
    csharpImports("'".repeat(200_000));
    assert.equal(csharpImports('// c\r'.repeat(200_000) + 'using a.B;').length, 1);
    assert.equal(csharpImports('#x\r'.repeat(200_000) + 'using a.B;').length, 1);
    assert.equal(csharpImports('x = Microsoft.a'.repeat(100_000), { roots: ROOTS }).length, 100_000);
    csharpMaskComments('/*'.repeat(100_000));
    assert.ok(performance.now() - t0 < 3000);
  });
});
