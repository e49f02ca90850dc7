import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { javaImports, javaModelConstants, javaStringSites } from '../../src/lang/java.js';
import { sdkCatalog } from '../../src/detectors/sdks/catalog.js';

const specs = (src: string, kotlin = false): string[] => javaImports(src, { kotlin }).map((s) => s.specifier);
const EOLS = [['lf', '\n'], ['crlf', '\r\n'], ['cr', '\r']] as const;

describe('javaImports', () => {
  const cases: { name: string; src: string; want: string[]; kotlin?: boolean }[] = [
    { name: 'class import', src: 'package a.b;\nimport com.openai.client.OpenAIClient;\nclass X {}', want: ['com.openai.client.OpenAIClient'] },
    { name: 'wildcard', src: 'import dev.langchain4j.model.*;\n', want: ['dev.langchain4j.model.*'] },
    { name: 'static', src: 'import static com.openai.models.ChatModel.GPT_4O;\n', want: ['com.openai.models.ChatModel.GPT_4O'] },
    { name: 'static wildcard', src: 'import static org.junit.Assert.*;\n', want: ['org.junit.Assert.*'] },
    { name: 'spaces and comments inside the name', src: 'import com . openai /* x */ . Client ;', want: ['com.openai.Client'] },
    { name: 'annotations before the package', src: '@Deprecated\n@Generated(value = "import fake.X;")\npackage a;\nimport b.C;', want: ['b.C'] },
    { name: 'line comment decoy', src: '// import evil.X;\nimport good.Y;\n', want: ['good.Y'] },
    { name: 'block comment decoy', src: '/* import evil.X; */\nimport good.Y;\n', want: ['good.Y'] },
    { name: 'javadoc decoy', src: '/**\n * import evil.X;\n */\nimport good.Y;', want: ['good.Y'] },
    {
      name: 'imports stop at the first type; text blocks and strings after are ignored',
      src: 'import a.B;\npublic class X {\n  String s = """\n    import evil.X;\n    """;\n  String t = "import evil.Y;";\n  char c = \'"\';\n}\nimport late.Z;\n',
      want: ['a.B'],
    },
    { name: 'module-info', src: 'import a.B;\nmodule m { requires x; }', want: ['a.B'] },
    { name: 'kotlin alias', src: 'package app\n\nimport com.aallam.openai.client.OpenAI as Client\nimport kotlinx.coroutines.*\n\nfun main() {}\n', want: ['com.aallam.openai.client.OpenAI', 'kotlinx.coroutines.*'], kotlin: true },
    { name: 'kotlin file annotation and shebang', src: '#!/usr/bin/env kotlin\n@file:JvmName("Main")\n@file:Suppress("x", "y")\npackage p\nimport a.b.C\n', want: ['a.b.C'], kotlin: true },
    { name: 'kotlin backticked name', src: 'import a.`when`.C\n', want: ['a.when.C'], kotlin: true },
    { name: 'kotlin nested block comments', src: '/* outer /* inner */ import evil.X */\nimport good.Y\n', want: ['good.Y'], kotlin: true },
    { name: 'kotlin raw string after header', src: 'import a.B\nval s = """\nimport evil.X\n"""\n', want: ['a.B'], kotlin: true },
    { name: 'kotlin package named static', src: 'import static.x.Y\n', want: ['static.x.Y'], kotlin: true },
    { name: 'garbage after import stops', src: 'import 42;\nimport a.B;', want: [] },
    { name: 'empty', src: '', want: [] },
  ];
  for (const c of cases) it(c.name, () => assert.deepEqual(specs(c.src, c.kotlin), c.want));

  it('reports kind, 1-based positions of the name, and the Kotlin alias', () => {
    const src = 'package p\n\nimport  com.openai.Client as C\n    import static a.B.m;\n';
    assert.deepEqual(javaImports(src, { kotlin: true }), [
      { specifier: 'com.openai.Client', kind: 'java-import', line: 3, column: 9, names: ['C'] },
      { specifier: 'a.B.m', kind: 'java-import', line: 4, column: 19 },
    ]);
  });

  it('line ends: CR, LF and CRLF end lines and `//` comments (JLS 3.4); positions count each once', () => {
    for (const [name, eol] of EOLS) {
      const src = ['package p;', '// a comment ended by the line end', 'import  com.openai.Client;', '/* block', ' * comment */', '    import static a.B.m;', ''].join(eol);
      assert.deepEqual(
        javaImports(src),
        [
          { specifier: 'com.openai.Client', kind: 'java-import', line: 3, column: 9 },
          { specifier: 'a.B.m', kind: 'java-import', line: 6, column: 19 },
        ],
        name,
      );
      const kt = ['#!/usr/bin/env kotlin', '@file:JvmName("Main") // c', 'import a.b.C as D', ''].join(eol);
      assert.deepEqual(javaImports(kt, { kotlin: true }), [{ specifier: 'a.b.C', kind: 'java-import', line: 3, column: 8, names: ['D'] }], name);
    }
    // Mixed line ends; a comment ended by a lone CR no longer hides the import after it.
    assert.deepEqual(javaImports('// c\rimport y.Z;\r\n\nimport q.R;'), [
      { specifier: 'y.Z', kind: 'java-import', line: 2, column: 8 },
      { specifier: 'q.R', kind: 'java-import', line: 4, column: 8 },
    ]);
  });

  it('line ends, decoys: a text block or raw string runs on over a CR; U+2028, U+2029 and a form feed end no line', () => {
    for (const [name, eol] of EOLS) {
      // The text block's content is no code (and the header ended at the class).
      assert.deepEqual(specs(['import a.B;', 'class X { String s = """', 'import evil.X;', '"""; }', 'import late.Z;'].join(eol)), ['a.B'], name);
      assert.deepEqual(specs(['import a.B', 'val s = """', 'import evil.X', '"""', 'import late.Z'].join(eol), true), ['a.B'], name);
    }
    assert.deepEqual(javaImports('/* \u2028 \u2029 */\fimport a.B;'), [{ specifier: 'a.B', kind: 'java-import', line: 1, column: 18 }]);
  });

  it('never throws on random text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), fc.boolean(), (s, kotlin) => {
        javaImports(s, { kotlin });
        javaImports('import a.' + s, { kotlin });
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on Java-ish token soup', () => {
    const tok = fc.constantFrom('package', 'import', 'static', 'as', 'a', '.', '*', ';', '@', 'file', ':', '(', ')', '[', ']', '"', '"""', "'", '`', '//', '/*', '*/', '\n', ' ', '\\');
    fc.assert(fc.property(fc.array(tok, { maxLength: 200 }), fc.boolean(), (toks, kotlin) => void javaImports(toks.join(' '), { kotlin })), { numRuns: 500 });
  });

  it('runs in linear time on large inputs', () => {
    const t0 = performance.now();
    assert.equal(javaImports('import a.b.C;\n'.repeat(200_000)).length, 200_000);
    javaImports('"""'.repeat(100_000));
    javaImports('/*'.repeat(100_000), { kotlin: true });
    javaImports('@a('.repeat(100_000));
    // Line comments in a file without LFs (or without CRs): each line end is looked up once.
    assert.equal(javaImports('// c\r'.repeat(200_000) + 'import a.B;').length, 1);
    assert.equal(javaImports('// c\n'.repeat(200_000) + 'import a.B;').length, 1);
    javaImports('\\"""' + '\\"""'.repeat(100_000));
    assert.ok(performance.now() - t0 < 3000);
  });
});

describe('javaStringSites: model names and base URLs given to SDKs', () => {
  const sites = (src: string, kotlin = false): string[] => javaStringSites(src, { kotlin }).map((x) => `${x.key}=${x.value}`);
  const positive: [string, string, string[], boolean?][] = [
    ['langchain4j builder', 'var m = OpenAiChatModel.builder().apiKey(k).modelName("gpt-4o").build();', ['modelName=gpt-4o']],
    ['langchain4j base URL', 'OpenAiChatModel.builder()\n    .baseUrl("https://api.deepinfra.com/v1/openai")\n    .modelName("meta-llama/Meta-Llama-3.1-8B-Instruct")\n    .build();', ['baseUrl=https://api.deepinfra.com/v1/openai', 'modelName=meta-llama/Meta-Llama-3.1-8B-Instruct']],
    ['Spring AI options, before and after 1.0', 'OpenAiChatOptions.builder().withModel("gpt-4o-mini").build();\nChatOptions.builder().model("o3-mini").build();', ['withModel=gpt-4o-mini', 'model=o3-mini']],
    ['anthropic-java', 'MessageCreateParams.builder().model("claude-3-5-sonnet-latest").maxTokens(1024).build();', ['model=claude-3-5-sonnet-latest']],
    ['openai-java string-typed model', 'ChatCompletionCreateParams.builder().model(ChatModel.of("gpt-4o")).build();', ['model=gpt-4o']],
    ['AWS SDK model id', 'InvokeModelRequest.builder().modelId("anthropic.claude-3-haiku-20240307-v1:0").build();', ['modelId=anthropic.claude-3-haiku-20240307-v1:0']],
    ['Azure deployment and endpoint', 'AzureOpenAiChatModel.builder().endpoint("https://r.openai.azure.com/").deploymentName("gpt-4o").build();', ['endpoint=https://r.openai.azure.com/', 'deploymentName=gpt-4o']],
    ['JavaBean setters of options objects (Spring AI, Azure)', 'OpenAiChatOptions o = new OpenAiChatOptions();\no.setModel("gpt-4o-mini");\nopts.setDeploymentName("gpt-4o");\ncfg.setBaseUrl("https://api.groq.com/openai");', ['setModel=gpt-4o-mini', 'setDeploymentName=gpt-4o', 'setBaseUrl=https://api.groq.com/openai']],
    ['Map.of entry', 'Map<String, Object> body = Map.of("temperature", 0.2, "model", "gpt-4o");', ['model=gpt-4o']],
    ['JSON property (Jackson put, Gson addProperty)', 'node.put("model", "llama3");\nobj.addProperty("model", "mistral-large-latest");', ['model=llama3', 'model=mistral-large-latest']],
    ['escapes decoded', '.model("gpt\\u002d4o")', ['model=gpt-4o']],
    ['Kotlin named argument with a wrapper', 'val r = ChatCompletionRequest(model = ModelId("gpt-4o"), messages = m)', ['model=gpt-4o'], true],
    ['Kotlin pair', 'val body = mapOf("model" to "gpt-4o-mini", "n" to 1)', ['model=gpt-4o-mini'], true],
    // Keyed by their own names: the detector keeps them in a file that calls an AI package or host.
    ['constants, fields and variables named for a model', 'private static final String DEFAULT_MODEL = "gpt-4o";\nString modelName = "o3-mini";\nif (x) this.model = "gpt-4.1";\nfinal var CHAT_LLM = "claude-3-5-haiku-latest";\nString FastModel = "o4-mini";', ['DEFAULT_MODEL=gpt-4o', 'modelName=o3-mini', 'model=gpt-4.1', 'CHAT_LLM=claude-3-5-haiku-latest', 'FastModel=o4-mini']],
    ['Kotlin constants and typed properties', 'const val MODEL = "gpt-4o"\nval llm: String = "claude-3-5-haiku-latest"\nvar chatModel: String? = "o1"\nclass C(val embeddingModel: String = "text-embedding-3-small")', ['MODEL=gpt-4o', 'llm=claude-3-5-haiku-latest', 'chatModel=o1', 'embeddingModel=text-embedding-3-small'], true],
    ["Spring's @Value default of a property named for a model", '@Value("${spring.ai.openai.chat.options.model:gpt-4o-mini}") String m;\n@Value("${app.ai.chat-model:o3-mini}") private String n;', ['model=gpt-4o-mini', 'chat-model=o3-mini']],
    [
      'enum constants that hold a string, keyed by their names (annotations, comments, more arguments, bodies)',
      'public enum Models implements Described {\n  /** flagship */\n  GPT_4O("gpt-4o"),\n  @Deprecated // gone\n  GPT_4_32K("gpt-4-32k", 32768),\n  Claude3("claude-3-haiku-20240307") { int n() { return 1; } };\n  private final String id;\n  Models(String id) { this.id = id; }\n}',
      ['GPT_4O=gpt-4o', 'GPT_4_32K=gpt-4-32k', 'Claude3=claude-3-haiku-20240307'],
    ],
    ['Kotlin enum class, trailing comma', 'enum class Model(val value: String) {\n    GPT_5("gpt-5"),\n    O3("o3"),\n}', ['GPT_5=gpt-5', 'O3=o3'], true],
  ];
  for (const [name, src, want, kotlin] of positive) it(name, () => assert.deepEqual(sites(src, kotlin), want));

  const decoys: [string, string, boolean?][] = [
    ['constant, with no SDK constants given (its value is in the SDK)', 'ChatCompletionCreateParams.builder().model(ChatModel.GPT_4O).build();\nOpenAiChatModel.builder().modelName(OpenAiChatModelName.GPT_4_O);'],
    ['line and block comments', '// .modelName("gpt-4o")\n/* Map.of("model", "gpt-4o") */\n/** {@code .model("gpt-4o")} */'],
    ['text block', 'String t = """\n  .model("gpt-4o")\n  """;'],
    ['Kotlin raw string', 'val t = """\n.model("gpt-4o")\n"""', true],
    ['log messages', 'log.info("model", "gpt-4o");\nlog.info("Using model gpt-4o");\nSystem.out.println("gpt-4o");'],
    ['unrelated setter and map key, a setter without a receiver, a setter given more than a literal', 'car.setName("gpt-4o");\nmap.put("name", "gpt-4o");\nperson.name("gpt-4o");\nsetModel("gpt-4o");\no.setModel("gpt-" + v);\no.setModelName(name, "gpt-4o");'],
    ['a method named model without a receiver', 'model("gpt-4o");'],
    ['concatenation and more arguments', '.model("gpt-" + v);\n.modelName(String.format("%s", v));\nMap.of("model", "gpt-" + v);'],
    ['char literal, a comparison, a name that says no model', "char c = 'm';\nif (model == \"gpt-4o\") f();\nString name = \"gpt-4o\";\nString remodel = \"gpt-4o\";"],
    ['a model-named variable given more than a literal', 'String model = "gpt-" + v;\nString modelName = "gpt-4o".trim();\nString model = cond ? "gpt-4o" : "o1";\nString llm = names["gpt-4o"];'],
    ['@Value without a default, of another property, or with a placeholder in its default', '@Value("${app.model}") String a;\n@Value("${app.name:gpt-4o}") String b;\n@Value("${app.model:${other}}") String c;\n@Other("${app.model:gpt-4o}") String d;'],
    [
      'enum-like calls outside an enum\'s constants: after its first `;`, in a class, lower-case, qualified, nested in a call',
      'enum E {\n  A, B;\n  static { REGISTER("gpt-4o"); }\n  void f() { E.B("gpt-4o"); }\n}\nclass C { static { INIT("gpt-4o"); } }\nenum F { X(f("gpt-4o")), y("gpt-4o") }',
    ],
  ];
  for (const [name, src, kotlin] of decoys) it(`decoy: ${name}`, () => assert.deepEqual(sites(src, kotlin), []));

  it("a builder chain's model and base URL sites are its class's (via): nested chains, chains in arguments, Kotlin's; a site outside a chain, after build() or the statement's end has none", () => {
    const src = [
      'OpenAiChatModel m = OpenAiChatModel.builder()',
      '    .baseUrl("https://api.groq.com/openai/v1")',
      '    .defaultOptions(OpenAiChatOptions.builder().model("gpt-4o").build())',
      '    .modelName("llama-3.3-70b-versatile")',
      '    .build();',
      'var e = GoogleAiEmbeddingModel.builder().modelName("gemini-embedding-001").build();',
      'register(AnthropicChatModel.builder().modelName("claude-3-5-haiku-latest").build(), x.modelName("after"));',
      'var b = OpenAiChatModel.builder(); b.modelName("gpt-4o-mini");',
      'x.builder().modelName("lower");',
    ].join('\n');
    // Each chain is a call of its own (StringSite.call: the place of its `builder`).
    assert.deepEqual(javaStringSites(src).map((x) => `${x.key}=${x.value} ${x.via ?? '-'}${x.call !== undefined ? ` ${x.call}` : ''}`), [
      'baseUrl=https://api.groq.com/openai/v1 OpenAiChatModel 1:37',
      'model=gpt-4o OpenAiChatOptions 3:39',
      'modelName=llama-3.3-70b-versatile OpenAiChatModel 1:37',
      'modelName=gemini-embedding-001 GoogleAiEmbeddingModel 6:32',
      'modelName=claude-3-5-haiku-latest AnthropicChatModel 7:29',
      'modelName=after -',
      'modelName=gpt-4o-mini -',
      'modelName=lower -',
    ]);
    assert.deepEqual(javaStringSites('val m = OpenAiChatModel.builder()\n    .baseUrl("http://localhost:11434/v1")\n    .build()\nval n = client.modelName("x")\n', { kotlin: true }).map((x) => x.via ?? '-'), ['OpenAiChatModel', '-']);
  });

  it('reports the 1-based position of the opening quote', () => {
    assert.deepEqual(javaStringSites('class A {\n  Object m = b.modelName("gpt-4o");\n}\n'), [{ value: 'gpt-4o', line: 2, column: 26, key: 'modelName' }]);
  });

  it("the catalog's model calls (Java and Kotlin: the Google Gen AI SDK's client.models.generateContent(model, …)); a variable, a concatenation or another method names none", () => {
    const calls = sdkCatalog().modelCalls('java');
    const read = (src: string, kotlin = false) => javaStringSites(src, { kotlin, ...(calls !== undefined ? { calls } : {}) }).map((x) => `${x.key}=${x.value}`);
    assert.deepEqual(read('var r = client.models.generateContent("gemini-2.0-flash-001", prompt, null);\nvar e = client.models.embedContent("text-embedding-004", text, null);\nvar s = client.async.models.generateContentStream("gemini-2.5-flash", c, cfg);'), ['model=gemini-2.0-flash-001', 'model=text-embedding-004', 'model=gemini-2.5-flash']);
    assert.deepEqual(read('val r = client.models.generateContent("gemini-2.5-pro", prompt, null)', true), ['model=gemini-2.5-pro']);
    assert.deepEqual(read('client.models.generateContent(model, prompt, null);\nclient.models.generateContent("gemini-" + v, p, null);\nlog.info("gemini-2.5-flash");\ngenerateContent("gemini-2.5-flash", p);'), []);
    assert.deepEqual(javaStringSites('client.models.generateContent("gemini-2.5-flash", p, null);').map((x) => x.value), [], 'without the catalog\'s calls, none');
  });

  it("a model or base URL method given a String constant of the file (Java's static final, Kotlin's const val), wherever it is declared; one declared twice, or a local expression, is not", () => {
    const java = [
      'class HelloPerplexity {',
      '  static final ChatLanguageModel m = OpenAiChatModel.builder().baseUrl(PERPLEXITY_BASE_URL).modelName(PERPLEXITY_CHAT_SMALL).build();',
      '  public static final String PERPLEXITY_CHAT_SMALL = "llama-3.1-sonar-small-128k-chat";',
      '  public static final String PERPLEXITY_BASE_URL = "https://api.perplexity.ai";',
      '  static final String TWICE = "gpt-4o"; void f() { String TWICE = "gpt-4o-mini"; x.modelName(TWICE); }',
      '  static final String JOINED = PREFIX + "4o"; void g() { y.modelName(JOINED); z.modelName(UNKNOWN); }',
      '}',
    ].join('\n');
    assert.deepEqual(javaStringSites(java).map((x) => `${x.line}:${x.column} ${x.key}=${x.value} ${x.via ?? '-'}`), [
      '2:72 baseUrl=https://api.perplexity.ai OpenAiChatModel',
      '2:103 modelName=llama-3.1-sonar-small-128k-chat OpenAiChatModel',
    ]);
    const kotlin = 'const val CHAT = "gpt-4o-mini"\nval URL: String = "https://api.groq.com/openai/v1"\nval LONG = "x" + y\nfun m() = OpenAiChatModel.builder().modelName(CHAT).baseUrl(URL).build()\nfun n() = b.modelName(LONG)\n';
    assert.deepEqual(javaStringSites(kotlin, { kotlin: true }).map((x) => `${x.key}=${x.value}`), ['modelName=gpt-4o-mini', 'baseUrl=https://api.groq.com/openai/v1']);
  });

  it("an SDK's model constant read through String.valueOf(…), or given to a model-named constant of the file (`MODEL_NAME = GPT_5_MINI.asString();`)", () => {
    const src = 'import static com.openai.models.ChatModel.GPT_5_MINI;\nimport dev.langchain4j.model.mistralai.MistralAiChatModelName;\nclass A {\n  static final String MICROSOFT_FOUNDRY_MODEL_NAME = GPT_5_MINI.asString();\n  static final String OTHER_MODEL = GPT_5_MINI.asString().trim();\n  M m = MistralAiChatModel.builder().modelName(String.valueOf(MistralAiChatModelName.MISTRAL_SMALL_LATEST)).build();\n  M n = b.modelName(String.valueOf(x));\n}\n';
    const c = javaModelConstants(javaImports(src), sdkCatalog().modelConstants('java'));
    assert.deepEqual(javaStringSites(src, c !== undefined ? { constants: c } : {}).map((x) => `${x.key}=${x.value}`), ['MICROSOFT_FOUNDRY_MODEL_NAME=gpt-5-mini', 'modelName=mistral-small-latest']);
  });

  it('model constants (rules/sdk.yaml modelConstants): an SDK\'s constant its imports name is the model it stands for, qualified by its class, statically imported, or Kotlin\'s', () => {
    const constants = sdkCatalog().modelConstants('java');
    const read = (src: string, kotlin = false) => {
      const c = javaModelConstants(javaImports(src, { kotlin }), constants);
      return javaStringSites(src, c !== undefined ? { kotlin, constants: c } : { kotlin }).map((x) => `${x.line}:${x.column} ${x.key}=${x.value}`);
    };
    const src = [
      'import com.openai.models.ChatModel;',
      'import com.anthropic.models.messages.*;',
      'import static dev.langchain4j.model.openai.OpenAiChatModelName.GPT_4_O_MINI;',
      'class A { void f() {',
      '  a.model(ChatModel.GPT_4_1);',
      '  b.model(Model.CLAUDE_3_7_SONNET_LATEST);',
      '  c.modelName(GPT_4_O_MINI);',
      '  d.modelName(GPT_4_O_MINI.toString());',
      // Decoys: a constant the table does not hold, a class not imported, a bare name not
      // statically imported, another method, a constant that continues, a field access on it.
      '  e.model(ChatModel.GPT_99);',
      '  f.modelName(OpenAiChatModelName.GPT_4_O);',
      '  g.modelName(GPT_4_O);',
      '  h.name(ChatModel.GPT_4_1);',
      '  i.model(ChatModel.GPT_4_1 + x);',
      '  j.model(GPT_4_O_MINI.name());',
      // Read out: Spring AI's getter and field, openai-java's asString().
      '  k.model(ChatModel.GPT_4O.asString());',
      '  l.modelName(GPT_4_O_MINI.value);',
      '} }',
    ].join('\n');
    assert.deepEqual(read(src), ['5:11 model=gpt-4.1', '6:11 model=claude-3-7-sonnet-latest', '7:15 modelName=gpt-4o-mini', '8:15 modelName=gpt-4o-mini', '15:11 model=gpt-4o', '16:15 modelName=gpt-4o-mini']);
    // Static star import, and a Kotlin named argument with an aliased class.
    assert.deepEqual(read('import static dev.langchain4j.model.openai.OpenAiChatModelName.*;\nclass A { Object m = b.modelName(O3_MINI); }'), ['2:34 modelName=o3-mini']);
    assert.deepEqual(read('import com.openai.models.ChatModel as CM\nval r = Req(model = CM.GPT_4O)', true), ['2:21 model=gpt-4o']);
    // Spring AI's enums, nested in the module's API class: written with it (imported, by a star
    // import of its package, or under a Kotlin alias), imported on their own, or top-level (OllamaModel).
    assert.deepEqual(
      read('import org.springframework.ai.openai.api.OpenAiApi;\nclass A {\n  Object o = OpenAiChatOptions.builder().model(OpenAiApi.ChatModel.GPT_4_O_MINI.getValue()).build();\n  Object e = x.model(OpenAiApi.EmbeddingModel.TEXT_EMBEDDING_3_SMALL.getValue());\n  Object d = x.model(Other.ChatModel.GPT_4_O);\n}'),
      ['3:48 model=gpt-4o-mini', '4:22 model=text-embedding-3-small'],
    );
    assert.deepEqual(read('import org.springframework.ai.anthropic.api.*;\nclass A { Object o = b.model(AnthropicApi.ChatModel.CLAUDE_SONNET_4_5.getName()); }'), ['2:30 model=claude-sonnet-4-5']);
    assert.deepEqual(read('import org.springframework.ai.mistralai.api.MistralAiApi.ChatModel;\nclass A { Object o = b.model(ChatModel.LARGE.getValue()); }'), ['2:30 model=mistral-large-latest']);
    assert.deepEqual(read('import org.springframework.ai.ollama.api.OllamaModel;\nclass A { Object o = b.model(OllamaModel.LLAMA3_2.id()); }'), ['2:30 model=llama3.2']);
    assert.deepEqual(read('import org.springframework.ai.openai.api.OpenAiApi as Oai\nval o = Opts(model = Oai.ChatModel.GPT_5.value)', true), ['2:22 model=gpt-5']);
    // langchain4j's other enums: Anthropic's, OpenAI's embedding models, Mistral's (one constant with a lower-case x).
    assert.deepEqual(
      read('import static dev.langchain4j.model.anthropic.AnthropicChatModelName.CLAUDE_3_5_SONNET_20241022;\nimport dev.langchain4j.model.openai.OpenAiEmbeddingModelName;\nimport dev.langchain4j.model.mistralai.MistralAiChatModelName;\nclass A {\n  Object a = b.modelName(CLAUDE_3_5_SONNET_20241022);\n  Object e = b.modelName(OpenAiEmbeddingModelName.TEXT_EMBEDDING_3_SMALL);\n  Object m = b.modelName(MistralAiChatModelName.OPEN_MIXTRAL_8x7B);\n  Object n = b.modelName(AnthropicChatModelName.CLAUDE_3_OPUS_20240229);\n}'),
      ['5:26 modelName=claude-3-5-sonnet-20241022', '6:26 modelName=text-embedding-3-small', '7:26 modelName=open-mixtral-8x7b'],
    );
    // Not imported: none.
    assert.deepEqual(read('import org.springframework.ai.openai.OpenAiChatOptions;\nclass A { Object o = b.model(OpenAiApi.ChatModel.GPT_4_O); }'), []);
    // A class of the same simple name from elsewhere (Spring AI's ChatModel) is none.
    assert.deepEqual(read('import org.springframework.ai.chat.model.ChatModel;\nclass A { Object m = b.model(ChatModel.GPT_4O); }'), []);
    assert.equal(javaModelConstants(javaImports('import java.util.List;'), constants), undefined);
  });

  it('line ends: positions count CR, LF and CRLF; a `//` comment ends at each; a text block runs on', () => {
    for (const [name, eol] of EOLS) {
      const src = ['class A {', '  // .model("decoy")', '  String t = """', '    .model("in a text block")', '    """;', '  Object m = b.modelName("gpt-4o"); // x', '  Object n = b.model("gpt-4o-mini");', '}', ''].join(eol);
      assert.deepEqual(
        javaStringSites(src),
        [
          { value: 'gpt-4o', line: 6, column: 26, key: 'modelName' },
          { value: 'gpt-4o-mini', line: 7, column: 22, key: 'model' },
        ],
        name,
      );
      const kt = ['val t = """', '.model("gpt-4o")', '"""', 'val r = Req(model = "o3-mini")'].join(eol);
      assert.deepEqual(javaStringSites(kt, { kotlin: true }), [{ value: 'o3-mini', line: 4, column: 21, key: 'model' }], name);
      // A raw line end inside a one-line literal ends it unclosed (javac refuses it): no value.
      assert.deepEqual(sites(`b.model("gpt-4o${eol}");`), [], name);
    }
    // Decoys: an escaped \r is a character of the literal, no line end; U+2028 in a comment neither.
    assert.deepEqual(javaStringSites('a.model("x\\r\\n"); /* \u2028 */ b.modelName("gpt-4o");'), [
      { value: 'x\r\n', line: 1, column: 9, key: 'model' },
      { value: 'gpt-4o', line: 1, column: 39, key: 'modelName' },
    ]);
  });

  it('never throws and stays linear', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), fc.boolean(), (s, kotlin) => void javaStringSites(s, { kotlin })), { numRuns: 300 });
    const tok = fc.constantFrom('.', 'model', 'modelName', '(', ')', '"gpt-4o"', '"model"', ',', 'Map', 'of', 'to', '=', 'new', '"""', '//', '/*', '*/', '\n');
    fc.assert(fc.property(fc.array(tok, { maxLength: 200 }), fc.boolean(), (toks, kotlin) => void javaStringSites(toks.join(' '), { kotlin })), { numRuns: 300 });
    const t0 = performance.now();
    assert.equal(javaStringSites('b.modelName(ModelId.of("gpt-4o"));\n'.repeat(50_000)).length, 50_000);
    javaStringSites('('.repeat(200_000) + ')'.repeat(200_000));
    javaStringSites('.model(a.b(c.d('.repeat(100_000));
    assert.ok(performance.now() - t0 < 3000);
  });
});
