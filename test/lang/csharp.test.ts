import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { csharpImports, csharpMaskComments, csharpStringSites } from '../../src/lang/csharp.js';
import { sdkCatalog } from '../../src/detectors/sdks/catalog.js';

const ROOTS = new Set(['Microsoft', 'Azure', 'Amazon', 'Anthropic']);
const specs = (src: string): string[] => csharpImports(src, { roots: ROOTS }).map((s) => `${s.kind === 'using' ? '' : `${s.kind} `}${s.specifier}`);
const EOLS = [['lf', '\n'], ['crlf', '\r\n'], ['cr', '\r']] as const;

describe('csharpImports', () => {
  const found: [string, string, string[]][] = [
    ['using', 'using OpenAI.Chat;\n', ['OpenAI.Chat']],
    ['several, with System', 'using System;\nusing Microsoft.SemanticKernel;\nusing Microsoft.SemanticKernel.Connectors.OpenAI;\n', ['System', 'Microsoft.SemanticKernel', 'Microsoft.SemanticKernel.Connectors.OpenAI']],
    ['using static', 'using static OpenAI.Chat.ChatMessage;\n', ['OpenAI.Chat.ChatMessage']],
    ['alias', 'using Sk = Microsoft.SemanticKernel;\n', ['Microsoft.SemanticKernel']],
    ['alias without blanks around =, and with one blank on one side', 'using Sk=Microsoft.SemanticKernel;\nusing Oa =OpenAI.Chat;\nusing Ol= OllamaSharp;\n', ['Microsoft.SemanticKernel', 'OpenAI.Chat', 'OllamaSharp']],
    ['alias of a generic type', 'using Map = System.Collections.Generic.Dictionary<string, OpenAI.Chat.ChatClient>;\n', ['System.Collections.Generic.Dictionary']],
    ['global using', 'global using OpenAI;\nglobal using static Azure.AI.OpenAI.AzureOpenAIClient;\n', ['OpenAI', 'Azure.AI.OpenAI.AzureOpenAIClient']],
    ['global:: qualifier', 'using global::Azure.AI.OpenAI;\n', ['Azure.AI.OpenAI']],
    ['unsafe alias (C# 12)', 'using unsafe P = OllamaSharp.Models;\n', ['OllamaSharp.Models']],
    ['inside a block namespace', 'namespace MyApp {\n  using OllamaSharp;\n  class A {}\n}\nnamespace Other { using LLama; }\n', ['OllamaSharp', 'LLama']],
    ['after a file-scoped namespace', 'namespace MyApp;\nusing OpenAI;\nclass A {}\n', ['OpenAI']],
    ['spaces and comments inside the name', 'using OpenAI /* c */ . Chat ;\n', ['OpenAI.Chat']],
    ['preprocessor lines are skipped as lines; the code between them is read', '#region usings\n#if NET8_0\nusing OpenAI;\n#else\nusing LLama; // old\n#endif\n#endregion\n', ['OpenAI', 'LLama']],
    ['#if false: its #else and #elif branches are read, and the code after its #endif', '#if false\nusing OpenAI;\n#else\nusing LLama;\n#endif\n#if false // disabled\nusing A;\n#elif NET8_0\nusing OllamaSharp;\n#else\nusing Azure.AI.OpenAI;\n#endif\nusing Mscc.GenerativeAI;\n', ['LLama', 'OllamaSharp', 'Azure.AI.OpenAI', 'Mscc.GenerativeAI']],
    ['dead code is no tokens: a quote or comment opened in it does not hide the directive that ends it', '#if false\nvar s = @"\n#endif\nusing Anthropic.SDK;\n#if false\n/* \n#else\nusing OllamaSharp;\n#endif\n', ['Anthropic.SDK', 'OllamaSharp']],
    ['#if true and #if SYMBOL: the branches read; after #if true its #else is dead', '#if true\nusing OpenAI;\n#else\nusing Dead;\n#endif\n#if DEBUG\nusing LLama;\n#elif true\nusing OllamaSharp;\n#else\nusing Dead;\n#endif\n  #  if FALSE\nusing Anthropic.SDK;\n#endif\n', ['OpenAI', 'LLama', 'OllamaSharp', 'Anthropic.SDK']],
    ['an extern alias: a using through it, and names written out with it', 'extern alias Oai;\nextern alias Sk;\nusing Oai::OpenAI.Chat;\nusing static Oai::OpenAI.Chat.ChatMessage;\nusing C = Oai::OpenAI.Chat.ChatClient;\nvar c = new Oai::OpenAI.Chat.ChatClient("gpt-4o", key);\nvar k = Sk::Microsoft.SemanticKernel.Kernel.CreateBuilder();\n', ['OpenAI.Chat', 'OpenAI.Chat.ChatMessage', 'OpenAI.Chat.ChatClient', 'qualified-name OpenAI.Chat.ChatClient', 'qualified-name Microsoft.SemanticKernel.Kernel.CreateBuilder']],
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
    ['#if false blocks: nested groups, #elif false, indented directives', '#if false\nusing OpenAI;\n#if DEBUG\nusing LLama;\n#else\nusing OllamaSharp;\n#endif\n  #endif\n#if X\n#elif false\nusing Azure.AI.OpenAI;\n#else\n#endif\n#if false\nvar c = new global::OpenAI.Chat.ChatClient();\n\t# endif\n'],
    ['#if false to the end of the text', '#if false\nusing OpenAI;\n'],
    ['an alias qualifier that is no extern alias of the file (a using alias\'s), a static extern method', 'using Sk = System;\nvar k = Sk::OpenAI.Chat.CreateBuilder();\nvar c = new Other::OpenAI.Chat.ChatClient();\n[DllImport("x")] static extern int OpenAI(int alias);\n'],
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

  it("a member call of an extension method (SdkPackage.extensionMethods) is a qualified name of its package's namespace; not a bare call, a declaration, a comment or a string", () => {
    const extensions = new Map([['AddOllamaChatCompletion', 'Microsoft.SemanticKernel.Connectors.Ollama'], ['AddGoogleAIEmbeddingGenerator', 'Microsoft.SemanticKernel.Connectors.Google']]);
    const src = [
      'using Microsoft.SemanticKernel;',
      'b.AddOllamaChatCompletion("llama3.2", uri);',
      'b.Services.AddGoogleAIEmbeddingGenerator<string>(m, k);',
      'AddOllamaChatCompletion(x);',
      'static IKernelBuilder AddOllamaChatCompletion(this IKernelBuilder b) => b;',
      '// b.AddGoogleAIEmbeddingGenerator(m, k);',
      'var s = "b.AddOllamaChatCompletion(";',
      'var f = b.AddOllamaChatCompletion;',
    ].join('\n');
    assert.deepEqual(csharpImports(src, { extensions }), [
      { specifier: 'Microsoft.SemanticKernel', kind: 'using', line: 1, column: 7 },
      { specifier: 'Microsoft.SemanticKernel.Connectors.Ollama', kind: 'qualified-name', line: 2, column: 3 },
      { specifier: 'Microsoft.SemanticKernel.Connectors.Google', kind: 'qualified-name', line: 3, column: 12 },
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

  it('#if false: lines are counted through the dead code (CR, LF, CRLF), and csharpMaskComments blanks it', () => {
    for (const [name, eol] of EOLS) {
      const src = ['#if false', 'using Dead; var u = "https://api.openai.com/v1";', '#else', 'using OpenAI;', '#endif', 'using LLama;', ''].join(eol);
      assert.deepEqual(csharpImports(src), [
        { specifier: 'OpenAI', kind: 'using', line: 4, column: 7 },
        { specifier: 'LLama', kind: 'using', line: 6, column: 7 },
      ], name);
      const masked = csharpMaskComments(src);
      assert.equal(masked.length, src.length);
      assert.ok(!masked.includes('api.openai.com') && masked.includes('using OpenAI;'), name);
    }
  });

  it('U+0085, U+2028 and U+2029 end a `//` comment, a directive line and a regular string, and start a directive line; positions count CR, LF and CRLF only (as viewers and SARIF do)', () => {
    for (const eol of ['\u0085', '\u2028', '\u2029']) {
      const name = `U+${eol.charCodeAt(0).toString(16).padStart(4, '0')}`;
      const src = `// a comment${eol}using OpenAI;\n#region r${eol}using LLama;\nvar s = "unclosed${eol}using OllamaSharp;\n#if false${eol}using Dead;${eol}#endif${eol}using Mscc.GenerativeAI;\n`;
      assert.deepEqual(csharpImports(src), [
        { specifier: 'OpenAI', kind: 'using', line: 1, column: 20 },
        { specifier: 'LLama', kind: 'using', line: 2, column: 17 },
        { specifier: 'OllamaSharp', kind: 'using', line: 3, column: 25 },
        { specifier: 'Mscc.GenerativeAI', kind: 'using', line: 4, column: 36 },
      ], name);
      const masked = csharpMaskComments(`// old https://api.groq.com${eol}var u = "https://api.openai.com/v1";`);
      assert.ok(masked.includes('"https://api.openai.com/v1"') && !masked.includes('api.groq.com'), name);
      assert.deepEqual(csharpStringSites(`// c${eol}var c = new ChatClient(model: "gpt-4o", apiKey: k);\nvar d = new ChatClient(model: "o3", apiKey: k);`), [
        { value: 'gpt-4o', line: 1, column: 36, key: 'model' },
        { value: 'o3', line: 2, column: 31, key: 'model' },
      ], name);
    }
    // Verbatim strings and block comments run on over them.
    assert.deepEqual(csharpImports('var v = @"a\u2028using Evil;";\n/* b\u2028using Evil; */\nusing OpenAI;'), [{ specifier: 'OpenAI', kind: 'using', line: 3, column: 7 }]);
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
    assert.equal(csharpImports('#if false\nusing A;\n'.repeat(100_000)).length, 0);
    assert.equal(csharpImports('#if false\n#endif\nusing A;\n'.repeat(100_000)).length, 100_000);
    assert.equal(csharpImports('#if true\n#else\n'.repeat(100_000) + 'using A;\n' + '#endif\n'.repeat(200_000) + 'using B;').length, 1);
    assert.ok(performance.now() - t0 < 3000);
  });
});

describe('csharpStringSites: model names and base URLs given to SDKs', () => {
  const calls = sdkCatalog().modelCalls('csharp');
  const sites = (src: string): string[] => csharpStringSites(src, calls).map((x) => `${x.key}=${x.value}`);
  const found: [string, string, string[]][] = [
    ['OpenAI .NET: named arguments', 'var c = new ChatClient(model: "gpt-4o", apiKey: key);', ['model=gpt-4o']],
    ['OpenAI .NET: the constructor\'s first argument (modelCalls)', 'ChatClient c = new ChatClient("gpt-4o", Environment.GetEnvironmentVariable("OPENAI_API_KEY"));', ['model=gpt-4o']],
    ['OpenAI .NET: the client\'s factories (modelCalls)', 'var chat = openAIClient.GetChatClient("gpt-4o-mini");\nvar emb = client.GetEmbeddingClient("text-embedding-3-small");\nvar r = new OpenAIResponseClient("o3-mini", key);', ['model=gpt-4o-mini', 'model=text-embedding-3-small', 'model=o3-mini']],
    ['Azure.AI.OpenAI: a deployment name is a keyed site (the catalog judges it)', 'ChatClient chat = azureClient.GetChatClient("my-deployment");', ['model=my-deployment']],
    ['Semantic Kernel: builder extensions, positional and named', 'builder.AddOpenAIChatCompletion("gpt-4o", apiKey);\nbuilder.AddAzureOpenAIChatCompletion(deploymentName: "gpt-4o-mini", endpoint: "https://r.openai.azure.com/", apiKey: k);\nbuilder.AddOllamaChatCompletion(modelId: "llama3.1", endpoint: new Uri("http://localhost:11434"));', ['model=gpt-4o', 'deploymentName=gpt-4o-mini', 'endpoint=https://r.openai.azure.com/', 'modelId=llama3.1', 'endpoint=http://localhost:11434']],
    ['Semantic Kernel: a service constructor and a generic call', 'var s = new OpenAIChatCompletionService("gpt-4o", key);\nkernel.Services.AddKeyedSingleton<IChatCompletionService>("x", new AzureOpenAIChatCompletionService("gpt-4o", endpoint, key));', ['model=gpt-4o', 'model=gpt-4o']],
    ['object initializers and assigned properties', 'var settings = new OpenAIPromptExecutionSettings { ModelId = "gpt-4o", Temperature = 0.2 };\nsettings.ModelId = "o1-mini";\nvar p = new MessageParameters() { Model = "claude-3-5-sonnet-latest", MaxTokens = 1024 };\nvar req = new ConverseRequest { ModelId = "anthropic.claude-3-haiku-20240307-v1:0" };', ['ModelId=gpt-4o', 'ModelId=o1-mini', 'Model=claude-3-5-sonnet-latest', 'ModelId=anthropic.claude-3-haiku-20240307-v1:0']],
    ['OpenAIClientOptions.Endpoint in an initializer', 'var client = new OpenAIClient(new ApiKeyCredential(key), new OpenAIClientOptions { Endpoint = new Uri("https://api.groq.com/openai/v1") });', ['OpenAIClientOptions.Endpoint=https://api.groq.com/openai/v1']],
    ['OpenAIClientOptions.Endpoint: with parentheses, target-typed, assigned to a declared variable', 'var a = new OpenAI.OpenAIClientOptions() { Endpoint = new Uri("https://api.deepseek.com") };\nOpenAIClientOptions b = new() { Endpoint = new("https://api.x.ai/v1") };\nvar o = new OpenAIClientOptions();\no.Endpoint = new Uri("https://openrouter.ai/api/v1");\nOpenAIClientOptions p = new();\np.Endpoint = new Uri("https://api.together.xyz/v1");\nvar q = new Foo();\nq = new OpenAIClientOptions();\nq.Endpoint = new Uri("https://api.fireworks.ai/inference/v1");', ['OpenAIClientOptions.Endpoint=https://api.deepseek.com', 'OpenAIClientOptions.Endpoint=https://api.x.ai/v1', 'OpenAIClientOptions.Endpoint=https://openrouter.ai/api/v1', 'OpenAIClientOptions.Endpoint=https://api.together.xyz/v1', 'OpenAIClientOptions.Endpoint=https://api.fireworks.ai/inference/v1']],
    ['HttpClient.BaseAddress: in an initializer, assigned, target-typed, in a lambda', 'var h = new HttpClient { BaseAddress = new Uri("https://api.openai.com/v1/") };\nvar g = new HttpClient(handler) { Timeout = t, BaseAddress = new Uri("https://api.groq.com/openai/v1/") };\nclient.BaseAddress = new("https://api.mistral.ai/v1/");\n_http.BaseAddress = new Uri(@"https://api.deepseek.com/");\nservices.AddHttpClient("ai", c => c.BaseAddress = new Uri("https://api.x.ai/v1/"));\nvar w = new WebClient { BaseAddress = "https://api.together.xyz/v1/" };', ['BaseAddress=https://api.openai.com/v1/', 'BaseAddress=https://api.groq.com/openai/v1/', 'BaseAddress=https://api.mistral.ai/v1/', 'BaseAddress=https://api.deepseek.com/', 'BaseAddress=https://api.x.ai/v1/', 'BaseAddress=https://api.together.xyz/v1/']],
    ['verbatim and raw strings are literals', 'var a = new ChatClient(@"gpt-4o", k);\nvar b = new ChatClient("""gpt-4o-mini""", k);\nvar c = new ChatClient(model: """\n    o3-mini\n    """, apiKey: k);\nvar d = new ChatClient(@"say ""hi""", k);', ['model=gpt-4o', 'model=gpt-4o-mini', 'model=o3-mini', 'model=say "hi"']],
    ['escapes decoded (\\x takes up to four hex digits)', 'var a = new ChatClient("gpt\\u002d4o", k);\nvar b = new ChatClient("o1\\x002dmini", k);', ['model=gpt-4o', 'model=o1-mini']],
    ['request bodies: an anonymous object, a dictionary, a JSON object', 'var body = new { model = "gpt-4o", messages = m };\nvar d = new Dictionary<string, object> { { "model", "gpt-4o-mini" }, { "n", 1 } };\nvar e = new Dictionary<string, string> { ["model"] = "o3-mini" };\njson["model"] = "o1";\nnode.Add("model", "gpt-4.1");', ['model=gpt-4o', 'model=gpt-4o-mini', 'model=o3-mini', 'model=o1', 'model=gpt-4.1']],
    ['.NET Aspire hosting: AddDeployment(name, model, version), AzureOpenAIDeployment, and AddModel with the model last (one argument or two); a model-named call is no declaration', 'var chat = openAI.AddDeployment("chatModel", "gpt-4o-mini", "2024-07-18");\nopenAI.AddDeployment(new AzureOpenAIDeployment("emb", "text-embedding-3-small", "1"));\nvar e = ollama.AddModel("embedding", "all-minilm");\nvar l = ollama.AddModel("llama3.1");', ['model=gpt-4o-mini', 'model=text-embedding-3-small', 'model=all-minilm', 'model=llama3.1']],
    ['OllamaSharp: the model is the constructor\'s second argument (modelCalls argument: 2)', 'var a = new OllamaApiClient(uri, "llama3.1");\nvar b = new OllamaApiClient(new Uri("http://localhost:11434"), "llama3");\nvar c = new OllamaApiClient("http://localhost:11434", @"phi3:mini");\nIOllamaApiClient d = new OllamaSharp.OllamaApiClient(Make(a, new[] { 1, 2 }), "qwen2.5:7b");\nvar e = new OllamaApiClient(http, defaultModel: "mistral");', ['model=llama3.1', 'model=llama3', 'model=phi3:mini', 'model=qwen2.5:7b', 'defaultModel=mistral']],
    ['Microsoft.Extensions.AI.Ollama: OllamaChatClient and OllamaEmbeddingGenerator take the model second (modelCalls argument: 2)', 'IChatClient c = new OllamaChatClient(new Uri("http://localhost:11434"), "llama3.1");\nvar e = new OllamaEmbeddingGenerator("http://localhost:11434", "all-minilm");\nvar n = new OllamaChatClient(endpoint, modelId: "phi3");', ['model=llama3.1', 'model=all-minilm', 'modelId=phi3']],
    ['Microsoft.Extensions.AI adapters: AsIChatClient / AsIEmbeddingGenerator on Azure AI Inference clients, the preview AsChatClient on an OpenAIClient', 'IChatClient a = new ChatCompletionsClient(endpoint, cred).AsIChatClient("gpt-4o-mini");\nvar b = embeddings.AsIEmbeddingGenerator("text-embedding-3-small");\nvar c = openAIClient.AsChatClient("gpt-4o");\nvar d = openAIClient.AsEmbeddingGenerator("text-embedding-3-large", 256);', ['model=gpt-4o-mini', 'model=text-embedding-3-small', 'model=gpt-4o', 'model=text-embedding-3-large']],
    ['a named `model:` argument of any call is a keyed site, as Kotlin\'s and Go\'s fields are', 'Log(model: "gpt-4o");', ['model=gpt-4o']],
    // Keyed by their own names: the detector keeps them in a file that calls an AI package or host.
    [
      'fields, constants, variables and auto-properties named for a model',
      'private const string DefaultModel = "claude-sonnet-4-5";\nprivate readonly string _model = "claude-haiku-4-5";\nvar chatModel = "gpt-4o";\nstring Model = "o3-mini";\npublic string EmbeddingModel { get; init; } = "text-embedding-3-small";\n{ model = "gpt-4o"; }',
      ['DefaultModel=claude-sonnet-4-5', '_model=claude-haiku-4-5', 'chatModel=gpt-4o', 'Model=o3-mini', 'EmbeddingModel=text-embedding-3-small', 'model=gpt-4o'],
    ],
  ];
  for (const [name, src, want] of found) it(name, () => assert.deepEqual(sites(src), want));

  const decoys: [string, string][] = [
    ['comments', '// var c = new ChatClient("gpt-4o", k);\n/* GetChatClient("gpt-4o") */\n/// <example>new ChatClient(model: "gpt-4o")</example>\nclass A {}'],
    ['interpolated strings', 'var a = new ChatClient($"gpt-4o", k);\nvar b = new ChatClient($"gpt-{v}", k);\nvar c = new ChatClient(model: $@"gpt-4o", apiKey: k);\nvar d = new ChatClient($$"""gpt-4o""", k);'],
    ['a model name passed as a variable or a constant, a concatenation, a name that says no model', 'var c = new ChatClient(model, k);\nvar p = new MessageParameters { Model = AnthropicModels.Claude35Sonnet };\nvar d = new ChatClient("gpt-" + v, k);\nvar model = "gpt-" + v;\nstring name = "gpt-4o";\nChatModel m = new ChatModel();\npublic string Model { get; set; }\npublic string Model => "gpt-4o";'],
    ['unrelated calls and arguments', 'Console.WriteLine("gpt-4o");\nlogger.LogInformation("Using {Model}", "gpt-4o");\nvar c = new ChatClient(key, "gpt-4o");\nDoStuff("gpt-4o");'],
    ['an Endpoint that is no client option', 'var h = new HealthCheck { Endpoint = new Uri("https://api.groq.com/openai/v1") };\nsettings.Endpoint = "https://api.groq.com/openai/v1";\nvar e = new { Endpoint = "https://api.groq.com/openai/v1" };\nvar o = new OpenAIClientOptions();\nother.Endpoint = new Uri("https://api.groq.com/openai/v1");'],
    ['a variable of a client option type declared again as another type', 'void A() { var o = new OpenAIClientOptions(); }\nvoid B() { var o = new HealthCheck(); o.Endpoint = new Uri("https://api.groq.com/openai/v1"); }\nvoid C() { OpenAIClientOptions p = new(); p = Other(); p.Endpoint = new Uri("https://api.groq.com/openai/v1"); }'],
    ['comparisons, lambdas and labels are no assignments or named arguments', 'if (x.Model == "gpt-4o") { }\nFunc<string> f = () => Model;\nvar g = s.Select(Model => "gpt-4o");\nmodel: Console.WriteLine("gpt-4o");\nvar t = ok ? model : "gpt-4o";'],
    ['log arguments and other keys', 'log.Info("model", "gpt-4o");\nvar d = new Dictionary<string, string> { { "name", "gpt-4o" } };\nh["Model-Name"] = "gpt-4o";'],
    ['char literals and unclosed strings', "var c = 'm';\nvar d = new ChatClient(\"gpt-4o\n\", k);"],
    ['OllamaSharp: the URL first, a variable or a constant second, one argument, a named first argument', 'var a = new OllamaApiClient("http://localhost:11434");\nvar b = new OllamaApiClient(new Uri("http://localhost:11434"), model);\nvar c = new OllamaApiClient(config);\nvar d = new OllamaApiClient(uri, Models.Llama3);\nvar e = new OllamaApiClient(uriString: "http://x", "llama3");\nvar f = new OllamaApiClient(new Uri("http://x"), "llama3" + v);'],
    ['Microsoft.Extensions.AI: OllamaChatClient given the endpoint only or a variable model; adapters with no argument or a variable', 'var a = new OllamaChatClient("http://localhost:11434");\nvar b = new OllamaEmbeddingGenerator(new Uri("http://x"), model);\nvar c = client.GetChatClient(model).AsIChatClient();\nvar d = chatClient.AsChatClient();\nvar e = embeddingClient.AsIEmbeddingGenerator(1536);'],
    ['BaseAddress: compared, read, an expression-bodied property, a local variable, built from a variable', 'if (client.BaseAddress == new Uri("https://api.openai.com/")) { }\nvar u = client.BaseAddress;\nUri BaseAddress => new Uri("https://api.openai.com/");\nvar BaseAddress = "https://api.openai.com/";\nclient.BaseAddress = new Uri(baseUrl);\nclient.BaseAddress = new Uri(root, "v1/");'],
    ['#if false code', '#if false\nvar c = new ChatClient("gpt-4o", k);\nvar s = new OpenAIPromptExecutionSettings { ModelId = "o3" };\n#endif'],
  ];
  for (const [name, src] of decoys) it(`decoy: ${name}`, () => assert.deepEqual(sites(src), []));

  it(".NET Aspire's hosting calls carry their provider (modelCalls provider); other calls carry none; AddDeployment with one argument names nothing", () => {
    const got = csharpStringSites('a.AddDeployment("c", "gpt-4o-mini", "1");\nb.AddModel("llama3.1");\nvar c = new ChatClient("gpt-4o", k);\nd.AddDeployment("gpt-4o");\ne.AddModel(name, model);', calls).map((x) => `${x.value} ${x.provider ?? '-'}`);
    assert.deepEqual(got, ['gpt-4o-mini azure-openai', 'llama3.1 ollama', 'gpt-4o -']);
  });

  it('without the catalog\'s calls, only keyed sites', () => {
    assert.deepEqual(csharpStringSites('new ChatClient("gpt-4o", k); new ChatClient(model: "o3", apiKey: k);').map((x) => x.value), ['o3']);
  });

  it('positions: 1-based, the column of the quote before the content; CR, LF and CRLF each end a line', () => {
    for (const [name, eol] of EOLS) {
      const src = ['// new ChatClient("decoy", k)', 'var a = new ChatClient("gpt-4o", k);', 'var b = new ChatClient(@"gpt-4o-mini", k); var c = new ChatClient("""o3-mini""", k);', 'var s = """', '  new ChatClient("in a raw string", k)', '  """;', 'var o = new OpenAIClientOptions { Endpoint = new Uri("https://api.groq.com/openai/v1") };', ''].join(eol);
      assert.deepEqual(
        csharpStringSites(src, calls),
        [
          { value: 'gpt-4o', line: 2, column: 24, key: 'model' },
          { value: 'gpt-4o-mini', line: 3, column: 25, key: 'model' },
          { value: 'o3-mini', line: 3, column: 69, key: 'model' },
          { value: 'https://api.groq.com/openai/v1', line: 7, column: 54, key: 'OpenAIClientOptions.Endpoint' },
        ],
        name,
      );
    }
  });

  it('never throws and stays linear', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (s) => void csharpStringSites(s, calls)), { numRuns: 300 });
    const tok = fc.constantFrom('new', 'ChatClient', 'OpenAIClientOptions', 'Endpoint', 'ModelId', 'model', 'o', '.', '(', ')', '{', '}', '=', ':', ',', ';', '"gpt-4o"', '@"x"', '"""', '$"', '//', '/*', '*/', '\n');
    fc.assert(fc.property(fc.array(tok, { maxLength: 200 }), (toks) => void csharpStringSites(toks.join(' '), calls)), { numRuns: 300 });
    const t0 = performance.now();
    assert.equal(csharpStringSites('var c = new ChatClient(model: "gpt-4o", apiKey: k);\n'.repeat(50_000), calls).length, 50_000);
    csharpStringSites('{'.repeat(200_000) + '}'.repeat(200_000), calls);
    csharpStringSites('new OpenAIClientOptions('.repeat(100_000), calls);
    csharpStringSites('"\\x'.repeat(100_000), calls);
    csharpStringSites('"""' + '""'.repeat(100_000), calls);
    assert.equal(csharpStringSites('new OllamaApiClient(new OllamaApiClient('.repeat(10_000) + 'u, "llama3"))', calls).length, 1);
    csharpStringSites('new OllamaApiClient(' + 'f(a, '.repeat(20_000), calls);
    assert.ok(performance.now() - t0 < 3000);
  });
});

describe('csharpImports: declared namespaces', () => {
  it('reports the namespaces the file declares (file-scoped, block, nested), not those it imports', () => {
    const declared: string[] = [];
    const imports = csharpImports('using OpenAI.Chat;\nnamespace OpenAI.Helpers;\n', { declared });
    assert.deepEqual(declared, ['OpenAI.Helpers']);
    assert.deepEqual(imports.map((i) => i.specifier), ['OpenAI.Chat']);
    const block: string[] = [];
    csharpImports('namespace A.B {\n  namespace C { }\n}\n// namespace D;\nvar s = "namespace E;";\n', { declared: block });
    assert.deepEqual(block, ['A.B', 'C']);
  });
});
