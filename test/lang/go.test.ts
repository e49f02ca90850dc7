import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { goImports, goModelConstants, goStringSites } from '../../src/lang/go.js';
import { sdkCatalog } from '../../src/detectors/sdks/catalog.js';

const specs = (src: string): string[] => goImports(src).map((s) => s.specifier);

describe('goImports', () => {
  const cases: { name: string; src: string; want: string[] }[] = [
    { name: 'single import', src: 'package main\n\nimport "fmt"\n', want: ['fmt'] },
    { name: 'alias', src: 'package main\nimport openai "github.com/sashabaranov/go-openai"\n', want: ['github.com/sashabaranov/go-openai'] },
    { name: 'blank and dot', src: 'package x\nimport _ "embed"\nimport . "strings"\n', want: ['embed', 'strings'] },
    { name: 'raw string path', src: 'package x\nimport `github.com/openai/openai-go`\n', want: ['github.com/openai/openai-go'] },
    {
      name: 'block with aliases, comments and semicolons',
      src: 'package x\n\nimport (\n\t"context" // ctx\n\toai "github.com/openai/openai-go"\n\t/* "not/this" */\n\t_ "github.com/lib/pq"; . "math"\n\tanthropic `github.com/anthropics/anthropic-sdk-go`\n)\n',
      want: ['context', 'github.com/openai/openai-go', 'github.com/lib/pq', 'math', 'github.com/anthropics/anthropic-sdk-go'],
    },
    { name: 'two blocks and a single', src: 'package x\nimport ("a")\nimport "b"\nimport (\n"c"\n)\n', want: ['a', 'b', 'c'] },
    { name: 'escapes in the path are decoded', src: 'package x\nimport "git\\x68ub.com/a/b"\n', want: ['github.com/a/b'] },
    { name: 'line comment decoy', src: 'package x\n// import "evil"\nimport "fmt"\n', want: ['fmt'] },
    { name: 'block comment decoy', src: 'package x\n/* import "evil"\n*/\nimport "fmt"\n', want: ['fmt'] },
    { name: 'string after declarations is not an import', src: 'package x\nimport "fmt"\nvar s = "import \\"os\\""\nfunc f() { _ = `import "net"` }\n', want: ['fmt'] },
    { name: 'import after a declaration is ignored', src: 'package x\nfunc f() {}\nimport "late"\n', want: [] },
    { name: 'rune literals do not confuse the lexer', src: "package x\nconst c = '\"'\nimport \"after\"\n", want: [] },
    { name: 'no package clause still reads the header', src: 'import "fmt"\n', want: ['fmt'] },
    { name: 'BOM', src: '\ufeffpackage x\nimport "fmt"\n', want: ['fmt'] },
    { name: 'unterminated block', src: 'package x\nimport (\n"a"\n"b"\n', want: ['a', 'b'] },
    { name: 'unterminated string', src: 'package x\nimport "abc\nimport "d"\n', want: ['abc', 'd'] },
    { name: 'malformed spec stops reading', src: 'package x\nimport ( 42 "a" )\n', want: [] },
    { name: 'empty', src: '', want: [] },
  ];
  for (const c of cases) it(c.name, () => assert.deepEqual(specs(c.src), c.want));

  it('reports 1-based positions of the path, kind and alias', () => {
    const src = 'package main\n\nimport (\n\t"fmt"\n\toai "github.com/openai/openai-go"\n)\n';
    assert.deepEqual(goImports(src), [
      { specifier: 'fmt', kind: 'go-import', line: 4, column: 2 },
      { specifier: 'github.com/openai/openai-go', kind: 'go-import', line: 5, column: 6, names: ['oai'] },
    ]);
  });

  it('counts lines inside raw strings and block comments', () => {
    const src = 'package x\n/* a\nb\nc */\nimport `x\ny`\nimport "z"\n';
    const got = goImports(src);
    assert.deepEqual(got.map((s) => [s.specifier, s.line, s.column]), [['x\ny', 5, 8], ['z', 7, 8]]);
  });

  it('lines end at LF only (the Go spec): a CR is a blank, also in a `//` comment, which runs on to the LF', () => {
    // CRLF: the same lines as LF; a lone CR ends no line.
    for (const eol of ['\n', '\r\n']) assert.deepEqual(goImports(['package main', '', 'import "fmt"', ''].join(eol)), [{ specifier: 'fmt', kind: 'go-import', line: 3, column: 8 }]);
    assert.deepEqual(goImports('package main\r\rimport "fmt"\r'), [{ specifier: 'fmt', kind: 'go-import', line: 1, column: 22 }]);
    assert.deepEqual(specs('package main\n// c\rimport "hidden"\nimport "fmt"\n'), ['fmt']);
  });

  it('never throws on random text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (s) => {
        goImports(s);
        goImports('package x\nimport (\n' + s);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on Go-ish token soup', () => {
    const tok = fc.constantFrom('package', 'import', 'x', '(', ')', '"a"', '`b`', "'c'", '//', '/*', '*/', '\n', ';', '.', '_', '"', '`', '\\', ' ');
    fc.assert(fc.property(fc.array(tok, { maxLength: 200 }), (toks) => void goImports(toks.join(''))), { numRuns: 500 });
  });

  it('runs in linear time on large inputs', () => {
    const big = 'package x\nimport (\n' + '\t"a/b"\n'.repeat(200_000) + ')\n';
    const t0 = performance.now();
    assert.equal(goImports(big).length, 200_000);
    const junk = '/*'.repeat(100_000) + '"'.repeat(100_000) + '`'.repeat(100_001);
    goImports(junk);
    assert.ok(performance.now() - t0 < 3000);
  });
});

describe('goStringSites: model names and base URLs given to SDKs', () => {
  const sites = (body: string): string[] => goStringSites(`package main\n\nfunc main() {\n${body}\n}\n`).map((x) => `${x.key}=${x.value}`);
  const positive: [string, string, string[]][] = [
    ['go-openai request', 'req := openai.ChatCompletionRequest{Model: "gpt-4o", Messages: msgs}', ['Model=gpt-4o']],
    ['last field, across lines', 'req := openai.ChatCompletionRequest{\n\tMessages: msgs,\n\tModel:    "gpt-4o-mini"}', ['Model=gpt-4o-mini']],
    ['raw string value', 'r := Req{Model: `gpt-4o`}', ['Model=gpt-4o']],
    ['anthropic-sdk-go param.Field wrapper', 'p := anthropic.MessageNewParams{Model: anthropic.F("claude-3-5-sonnet-20241022"), MaxTokens: anthropic.F(int64(1024))}', ['Model=claude-3-5-sonnet-20241022']],
    ['type conversion and nested wrappers', 'p := Params{Model: openai.F(openai.ChatModel("gpt-4o"))}', ['Model=gpt-4o']],
    ['Bedrock model id through aws.String', 'in := bedrockruntime.InvokeModelInput{ModelId: aws.String("anthropic.claude-3-haiku-20240307-v1:0")}', ['ModelId=anthropic.claude-3-haiku-20240307-v1:0']],
    ['map literal key', 'body := map[string]any{"stream": false, "model": "llama3.1"}', ['model=llama3.1']],
    ['langchaingo option', 'llm, err := ollama.New(ollama.WithModel("llama3"))', ['WithModel=llama3']],
    ['escapes decoded', 'r := Req{Model: "gpt\\x2d4o"}', ['Model=gpt-4o']],
    ['go-openai base URL, assigned', 'config := openai.DefaultConfig(token)\nconfig.BaseURL = "https://api.deepinfra.com/v1/openai"', ['BaseURL=https://api.deepinfra.com/v1/openai']],
    ['base URL field', 'cfg := openai.ClientConfig{BaseURL: "https://api.deepseek.com"}', ['BaseURL=https://api.deepseek.com']],
    ['openai-go option', 'c := openai.NewClient(option.WithBaseURL("https://api.groq.com/openai/v1"), option.WithAPIKey(k))', ['WithBaseURL=https://api.groq.com/openai/v1']],
    // Keyed by their own names: the detector keeps them in a file that calls an AI package or host.
    ['config struct fields with a default in their tag, keyed by the field or its env var', 'type Config struct {\n\tModel string `env:"OPENAI_MODEL" envDefault:"gpt-4o-mini"`\n\tName string `envconfig:"LLM_MODEL" default:"claude-3-5-haiku-latest"`\n\tRegion string `env:"REGION" envDefault:"us-east-1"`\n\tEmbedModel string `json:"embed_model"`\n}', ['Model=gpt-4o-mini', 'LLM_MODEL=claude-3-5-haiku-latest']],
    ['a table of model constants named Model…', 'const (\n\tModelAnthropicClaudeV2 = "anthropic.claude-v2"\n\tModelGPT4o = "gpt-4o"\n)', ['ModelAnthropicClaudeV2=anthropic.claude-v2', 'ModelGPT4o=gpt-4o']],
    ['constants and variables named for a model', 'model := "gpt-4o"\nconst defaultModel = "o3-mini"\nvar ChatModel string = "gpt-4.1"\nconst (\n\tEmbeddingModel = "text-embedding-3-small"\n\tFAST_LLM = `claude-3-5-haiku-latest`\n)\ncfg.Model = "gpt-4o-mini"', ['model=gpt-4o', 'defaultModel=o3-mini', 'ChatModel=gpt-4.1', 'EmbeddingModel=text-embedding-3-small', 'FAST_LLM=claude-3-5-haiku-latest', 'Model=gpt-4o-mini']],
  ];
  for (const [name, body, want] of positive) it(name, () => assert.deepEqual(sites(body), want));

  const decoys: [string, string][] = [
    ['constant, with no SDK constants given (its value is in the SDK)', 'req := openai.ChatCompletionRequest{Model: openai.GPT4o}'],
    ['wrapped constant, with no SDK constants given', 'p := Params{Model: openai.F(openai.ChatModelGPT4o)}'],
    ['line comment', '// req := openai.ChatCompletionRequest{Model: "gpt-4o"}'],
    ['block comment', '/* Model: "gpt-4o" */'],
    ['inside a raw string', 'body := `{"model": "gpt-4o", "Model": "gpt-4o"}`'],
    ['log message', 'log.Printf("model: %s", "gpt-4o")\nfmt.Println("model", "gpt-4o")'],
    ['unrelated field', 'p := Person{Name: "gpt-4o", Title: "claude-3-opus"}'],
    ['names that only begin like a model constant', 'const (\n\tModels = "gpt-4o"\n\tModelsDir = "gpt-4o"\n\tmodelx = "gpt-4o"\n\tModel_ = "gpt-4o"\n)'],
    ['a name that says no model, a comparison, a concatenation, a call, a field read', 'name := "gpt-4o"\nif model == "gpt-4o" {}\nvar m = "gpt-" + v\nmodel := strings.TrimSpace("gpt-4o")\nx := cfg.Model'],
    ['concatenation', 'r := Req{Model: "gpt-" + version}'],
    ['a call with more arguments', 'r := Req{Model: fmt.Sprintf("%s-%s", a, b)}'],
    ['struct type with a tag', 'type Req struct {\n\tModel string `json:"model"`\n}'],
    ['switch case on the key', 'switch k {\ncase "model": v = "gpt-4o"\n}'],
    ['base URL built from parts', 'config.BaseURL = "https://" + host'],
    ['comparison, not an assignment', 'if config.BaseURL == "https://api.openai.com" {}'],
  ];
  for (const [name, body] of decoys) it(`decoy: ${name}`, () => assert.deepEqual(sites(body), []));

  it('model calls (rules/sdk.yaml modelCalls): the first argument of GenerativeModel and EmbeddingModel', () => {
    const calls = sdkCatalog().modelCalls('go');
    const called = (body: string) => goStringSites(`package main\n\nfunc main() {\n${body}\n}\n`, calls).map((x) => `${x.line}:${x.column} ${x.key}=${x.value}`);
    assert.deepEqual(called('model := client.GenerativeModel("gemini-1.5-pro")\nem := client.EmbeddingModel(`text-embedding-004`)\nm2 := GenerativeModel("gemini-1.5-flash",)'), [
      '4:33 model=gemini-1.5-pro',
      '5:29 model=text-embedding-004',
      '6:23 model=gemini-1.5-flash',
    ]);
    // Decoys: a printed literal, a second argument, a comment, a concatenation, a wrapped lookup,
    // the method's declaration, and no calls given.
    assert.deepEqual(called('fmt.Println("gemini-1.5-pro")\nclient.GenerativeModel(name, "gemini-1.5-pro")\n// client.GenerativeModel("gemini-1.5-pro")\nclient.GenerativeModel("gemini-" + v)\nclient.GenerativeModel(os.Getenv("gemini-pro"))'), []);
    assert.deepEqual(goStringSites('package genai\nfunc (c *Client) GenerativeModel(name string) *GenerativeModel { return nil }\n', calls), []);
    assert.deepEqual(goStringSites('package main\nvar m = client.GenerativeModel("gemini-1.5-pro")\n'), []);
  });

  it('model calls with argument 2: the Gen AI SDK\'s Models methods take a context, then the model', () => {
    const calls = sdkCatalog().modelCalls('go');
    const called = (body: string) => goStringSites(`package main\n\nfunc main() {\n${body}\n}\n`, calls).map((x) => `${x.line}:${x.column} ${x.key}=${x.value}`);
    assert.deepEqual(
      called('r, err := client.Models.GenerateContent(ctx, "gemini-2.0-flash", genai.Text("x"), nil)\nfor r := range client.Models.GenerateContentStream(context.Background(), `gemini-2.5-pro`, c, nil) {}\ne, _ := client.Models.EmbedContent(s.ctx, "text-embedding-004",\n  contents, nil)'),
      ['4:46 model=gemini-2.0-flash', '5:74 model=gemini-2.5-pro', '6:43 model=text-embedding-004'],
    );
    // Decoys: the model first (no context), a context that is a call with arguments, a built name, a
    // variable, an older SDK's GenerateContent(ctx, parts…).
    assert.deepEqual(called('client.Models.GenerateContent("gemini-2.0-flash", c)\nclient.Models.GenerateContent(context.WithValue(ctx, k, v), "gemini-2.0-flash", c, nil)\nclient.Models.GenerateContent(ctx, "gemini-" + v, c, nil)\nclient.Models.GenerateContent(ctx, model, c, nil)\nmodel.GenerateContent(ctx, genai.Text("gemini-2.0-flash"))'), []);
  });

  it('model constants (rules/sdk.yaml modelConstants): an SDK\'s constant under its package name or the import\'s, bare or wrapped once, is the model it stands for', () => {
    const constants = sdkCatalog().modelConstants('go');
    const read = (src: string) => goStringSites(src, undefined, goModelConstants(goImports(src), constants)).map((x) => `${x.line}:${x.column} ${x.key}=${x.value}`);
    const src = [
      'package main',
      'import (',
      '\t"github.com/sashabaranov/go-openai"',
      '\toai "github.com/openai/openai-go/v2"',
      '\t"github.com/anthropics/anthropic-sdk-go"',
      ')',
      'var a = openai.ChatCompletionRequest{Model: openai.GPT4Dot1Mini}',
      'var b = oai.ChatCompletionNewParams{Model: oai.F(oai.ChatModelGPT4o), N: 1}',
      'var c = anthropic.MessageNewParams{Model: anthropic.ModelClaude3_7SonnetLatest}',
      // Decoys: a constant the table does not hold, one in another field, a package the file
      // imports under another name, one wrapped with more arguments, one that continues.
      'var d = openai.ChatCompletionRequest{Model: openai.GPT99}',
      'var e = openai.ChatCompletionRequest{User: openai.GPT4o}',
      'var f = oai.ChatCompletionNewParams{Model: openai.ChatModelGPT4o}',
      'var g = X{Model: pick(openai.GPT4o, 1)}',
      'var h = X{Model: openai.GPT4o + "-x"}',
    ].join('\n');
    assert.deepEqual(read(src), ['7:45 Model=gpt-4.1-mini', '8:50 Model=gpt-4o', '9:43 Model=claude-3-7-sonnet-latest']);
    // The same constants with no import of the SDK (a local package named openai), or a blank import, are none.
    assert.deepEqual(read('package main\nimport "example.com/me/openai"\nvar a = R{Model: openai.GPT4o}\n'), []);
    assert.deepEqual(read('package main\nimport _ "github.com/sashabaranov/go-openai"\nvar a = R{Model: openai.GPT4o}\n'), []);
    assert.equal(goModelConstants(goImports('package main\nimport "fmt"\n'), constants), undefined);
  });

  it('reports the 1-based position of the opening quote', () => {
    assert.deepEqual(goStringSites('package x\nvar r = Req{\n\tModel: "gpt-4o"}\n'), [{ value: 'gpt-4o', line: 3, column: 9, key: 'Model' }]);
  });

  it('never throws and stays linear', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (s) => void goStringSites(s)), { numRuns: 300 });
    const tok = fc.constantFrom('Model', ':', '"gpt-4o"', '`x`', 'anthropic', '.', 'F', '(', ')', ',', '}', '=', 'BaseURL', 'WithModel', '\n', '//', '/*', '*/');
    fc.assert(fc.property(fc.array(tok, { maxLength: 200 }), (toks) => void goStringSites(toks.join(' '))), { numRuns: 300 });
    const t0 = performance.now();
    assert.equal(goStringSites('r := Req{Model: anthropic.F("gpt-4o")}\n'.repeat(50_000)).length, 50_000);
    goStringSites('Model: a.b(c.d('.repeat(100_000));
    assert.ok(performance.now() - t0 < 3000);
  });
});
