import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { sdkCatalog } from '../../src/detectors/sdks/catalog.js';
import { rubyImports, rubySites } from '../../src/lang/ruby.js';

const specs = (src: string): string[] => rubyImports(src).map((s) => s.specifier);

describe('rubyImports', () => {
  const found: { name: string; src: string; want: string[] }[] = [
    { name: 'double and single quotes', src: 'require "openai"\nrequire \'anthropic\'\n', want: ['openai', 'anthropic'] },
    { name: 'parenthesized', src: 'require("ruby_llm")\nrequire ( "x" )\n', want: ['ruby_llm', 'x'] },
    { name: 'a path under a feature', src: "require 'langchain/llm/openai'\n", want: ['langchain/llm/openai'] },
    { name: 'with a modifier and a trailing comment', src: "require 'openai' if ENV['AI']\nrequire 'mcp' # tools\nrequire 'qdrant' unless defined?(Qdrant)\n", want: ['openai', 'mcp', 'qdrant'] },
    { name: 'after ; and in a begin/rescue', src: "x = 1; require 'openai'\nbegin\n  require 'anthropic'\nrescue LoadError\nend\n", want: ['openai', 'anthropic'] },
    { name: 'indented in a method', src: "def client\n  require 'openai'\n  OpenAI::Client.new\nend\n", want: ['openai'] },
    { name: 'after a heredoc', src: "s = <<~EOS\n  text\nEOS\nrequire 'openai'\n", want: ['openai'] },
    { name: 'CRLF lines', src: "# c\r\nrequire 'openai'\r\n", want: ['openai'] },
    { name: 'BOM', src: "\ufeffrequire 'openai'\n", want: ['openai'] },
    { name: 'line continuation', src: "require \\\n  'openai'\n", want: ['openai'] },
    { name: 'after a regexp or %-literal argument without parentheses', src: "words = text.scan /\\w+/\nparts = line.split /,/\nfoo %(He said \"hi)\nrequire 'openai'\n", want: ['openai'] },
    { name: 'in a conditional expression', src: 'client = lazy ? require("openai") : nil\nx = a ? b : require("anthropic")\n', want: ['openai', 'anthropic'] },
    { name: 'autoload (plain, parenthesized, Kernel.)', src: 'module Foo\n  autoload :Client, "anthropic"\n  autoload(:Ollama, \'ollama-ai\')\n  Kernel.autoload :Llm, "ruby_llm"\nend\n', want: ['anthropic', 'ollama-ai', 'ruby_llm'] },
    { name: 'after a division by a local variable or with blanks', src: "y = 4\nx = y /2\nz = x / y\nrequire 'openai' # a / here\nw = z/2\nrequire 'anthropic' # /\n", want: ['openai', 'anthropic'] },
  ];
  for (const c of found) it(`finds: ${c.name}`, () => assert.deepEqual(specs(c.src), c.want));

  const decoys: { name: string; src: string }[] = [
    { name: 'a line comment', src: "# require 'openai'\n  # require \"anthropic\"\n" },
    { name: 'a trailing comment', src: "x = 1 # require 'openai'\n" },
    { name: '=begin/=end', src: "=begin\nrequire 'openai'\n=end\n" },
    { name: '=begin at the start of a later line', src: "x = 1\n=begin docs\nrequire 'openai'\n=end\n" },
    { name: 'require_relative', src: "require_relative 'openai'\nrequire_relative \"lib/anthropic\"\n" },
    { name: 'autoload look-alikes: commented, in a string, another method, no constant', src: '# autoload :X, "openai"\ns = "autoload :Y, \'openai\'"\nobj.autoload_x :Z, "openai"\nautoload "openai"\n' },
    { name: 'a string', src: "puts \"require 'openai'\"\ns = 'require \"anthropic\"'\n" },
    { name: 'an interpolated string', src: 'puts "#{x} require \'openai\' #{"y"}"\n' },
    { name: 'a squiggly heredoc', src: "doc = <<~EOS\n  require 'openai'\nEOS\n" },
    { name: 'a dash heredoc and a quoted one', src: "a = <<-A\n require 'openai'\n A\nb = <<'B'\nrequire 'anthropic'\nB\n" },
    { name: 'two heredocs on a line', src: "f(<<~A, <<~B)\n  require 'openai'\nA\n  require 'anthropic'\nB\n" },
    { name: 'a %q literal and a regexp', src: "a = %q(require 'openai')\nb = %w[require openai]\nc = /require 'openai'/\n" },
    { name: 'after __END__', src: "x = 1\n__END__\nrequire 'openai'\n" },
    { name: 'a method call named require', src: "loader.require 'openai'\nobj.require('anthropic')\n" },
    { name: 'an interpolated name', src: 'require "#{name}"\n' },
    { name: 'a computed name', src: "require 'open' + 'ai'\n" },
  ];
  for (const d of decoys) it(`no import: ${d.name}`, () => assert.deepEqual(specs(d.src), []));

  it('reports 1-based positions of the string literal', () => {
    assert.deepEqual(rubyImports("# x\n  require 'openai'\nrequire(\"mcp\")\n"), [
      { specifier: 'openai', kind: 'ruby-require', line: 2, column: 11 },
      { specifier: 'mcp', kind: 'ruby-require', line: 3, column: 9 },
    ]);
  });

  it('never throws on random text or Ruby-ish token soup', () => {
    fc.assert(fc.property(fc.string({ maxLength: 400 }), (s) => void rubySites(s)), { numRuns: 500 });
    const tok = fc.constantFrom('require', "'openai'", '"a#{', '}"', '<<~E', '<<-', 'E', '\n', '=begin', '=end', '__END__', '#', '%q(', ')', '/', '?', ':', 'model:', '=>', '\\', ' ', '"', "'", '{', '}');
    fc.assert(fc.property(fc.array(tok, { maxLength: 200 }), (toks) => void rubySites(toks.join(''))), { numRuns: 500 });
  });

  it('runs in linear time on large and hostile inputs', () => {
    const t0 = performance.now();
    assert.equal(rubyImports("require 'openai'\n".repeat(100_000)).length, 100_000);
    rubySites('"#{'.repeat(50_000));
    rubySites('<<~E\n'.repeat(50_000));
    rubySites('# x\n'.repeat(100_000) + '=begin\n'.repeat(50_000));
    rubySites('%q('.repeat(50_000));
    assert.ok(performance.now() - t0 < 5000);
  });
});

describe('rubyConstantImports: gems a Rails app uses by their constants, with no require', () => {
  const constants = new Map([['OpenAI', 'openai'], ['RubyLLM', 'ruby_llm'], ['Anthropic', 'anthropic']]);
  const read = (src: string) => rubySites(src, undefined, constants).imports.filter((x) => x.kind === 'ruby-constant').map((x) => `${x.line}:${x.column} ${x.kind} ${x.specifier}`);
  it('a constant used as a namespace or a receiver, once each, at its first use', () => {
    assert.deepEqual(read('class SummarizeJob < ApplicationJob\n  def perform\n    client = OpenAI::Client.new\n    OpenAI::Client.new.chat\n    RubyLLM.chat(model: "gpt-4o")\n  end\nend\n'), ['3:14 ruby-constant openai', '5:5 ruby-constant ruby_llm']);
    assert.deepEqual(read('OpenAI.configure do |config|\n  config.access_token = ENV["OPENAI_ACCESS_TOKEN"]\nend\n'), ['1:1 ruby-constant openai']);
  });
  it('decoys: a constant the file defines, one under another namespace, in a string or a comment, a bare mention, a feature the file requires', () => {
    assert.deepEqual(read('module OpenAI\n  class Client; end\nend\nOpenAI::Client.new\n'), []);
    assert.deepEqual(read('x = Integrations::OpenAI::Client.new\ny = obj.OpenAI.call\n'), []);
    assert.deepEqual(read('# OpenAI::Client.new\nputs "OpenAI::Client.new"\nputs OpenAI\n'), []);
    assert.deepEqual(read('require "openai"\nOpenAI::Client.new\n'), []);
  });
});

describe('rubySites: keyed literals and the masked text', () => {
  it("model names by key (hash label, string and symbol keys, keyword arguments), base URLs and RubyLLM's config.default_model", () => {
    const src = [
      'client = OpenAI::Client.new(uri_base: "https://api.deepseek.com/")',
      'client.chat(parameters: { model: "gpt-4o", messages: [] })',
      'h = { "model" => \'claude-3-5-sonnet-latest\', :model => "x#{1}" }',
      'RubyLLM.chat(model: \'gemini-1.5-pro\')',
      'config.uri_base = "https://api.groq.com/openai"',
      'a = b ? model : "not-a-key"',
      '# model: "gpt-4-commented"',
      's = "model: \'gpt-4-in-string\'"',
      // RubyLLM's Configuration: attr_accessor :default_model, :default_embedding_model, :default_image_model.
      'RubyLLM.configure do |config|',
      '  config.default_model = "claude-3-5-haiku-20241022"',
      "  config.default_embedding_model = 'text-embedding-3-large'",
      '  config.default_image_model = "dall-e-3"',
      // RubyLLM's base URLs: attr_accessor :openai_api_base, :ollama_api_base, :openrouter_api_base, :gpustack_api_base.
      '  config.openai_api_base = "https://api.deepseek.com/v1"',
      "  config.ollama_api_base = 'http://localhost:11434/v1'",
      '  config.openrouter_api_base = "https://openrouter.ai/api/v1"',
      '  config.gpustack_api_base = "http://gpu.local/v1"',
      'end',
      // Not read as RubyLLM's: its keys as a label, compared, commented out, built (a local variable
      // named for a model is keyed by its own name, as constants are).
      'x = { default_model: "gpt-4o" }',
      'ok = config.default_model == "gpt-4o"',
      'default_model = "gpt-4o"',
      '# config.default_model = "gpt-4o"',
      'config.default_model = "gpt-#{v}"',
      'x = { ollama_api_base: "http://localhost:11434/v1" }',
      'ok = config.openai_api_base == "https://api.deepseek.com/v1"',
      'openai_api_base = "https://api.deepseek.com/v1"',
      '# config.ollama_api_base = "http://localhost:11434/v1"',
      'config.openai_api_base = "https://#{host}/v1"',
      'config.anthropic_api_base = "https://api.deepseek.com/v1"',
    ].join('\n');
    assert.deepEqual(
      rubySites(src).strings.map((s) => [s.key, s.value, s.line, s.column]),
      [
        ['uri_base', 'https://api.deepseek.com/', 1, 39],
        ['model', 'gpt-4o', 2, 34],
        ['model', 'claude-3-5-sonnet-latest', 3, 18],
        ['model', 'gemini-1.5-pro', 4, 21],
        ['uri_base', 'https://api.groq.com/openai', 5, 19],
        ['default_model', 'claude-3-5-haiku-20241022', 10, 26],
        ['default_embedding_model', 'text-embedding-3-large', 11, 36],
        ['default_image_model', 'dall-e-3', 12, 32],
        ['openai_api_base', 'https://api.deepseek.com/v1', 13, 28],
        ['ollama_api_base', 'http://localhost:11434/v1', 14, 28],
        ['openrouter_api_base', 'https://openrouter.ai/api/v1', 15, 32],
        ['gpustack_api_base', 'http://gpu.local/v1', 16, 30],
        ['default_model', 'gpt-4o', 20, 17],
      ],
    );
  });

  it('constants and variables named for a model given a literal alone (`.freeze` too) are keyed by their names; other forms are not', () => {
    const src = ['DEFAULT_MODEL = "gpt-4o".freeze', "@model = 'claude-3-5-haiku-latest'", 'LLM = "o3-mini" if x', 'NAME = "gpt-4o"', 'MODEL = "gpt-" + v', 'ok = MODEL == "gpt-4o"', 'f(model = "gpt-4o")'].join('\n');
    assert.deepEqual(
      rubySites(src).strings.map((s) => [s.key, s.value, s.line]),
      [
        ['DEFAULT_MODEL', 'gpt-4o', 1],
        ['model', 'claude-3-5-haiku-latest', 2],
        ['LLM', 'o3-mini', 3],
      ],
    );
  });

  it('blanks comments only (line breaks and strings kept)', () => {
    const src = "x = 'https://api.openai.com/v1' # https://api.mistral.ai\n=begin\nhttps://api.groq.com\n=end\ny = 1\r\n";
    const m = rubySites(src).masked;
    assert.equal(m.length, src.length);
    assert.ok(m.includes("'https://api.openai.com/v1'"));
    assert.ok(!m.includes('mistral') && !m.includes('groq'));
    assert.ok(m.endsWith('y = 1\r\n'));
  });
});

describe('rubySites: model names given to SDK calls and as symbols', () => {
  const calls = sdkCatalog().modelCalls('ruby');
  const sites = (src: string): string[] => rubySites(src, calls).strings.map((x) => `${x.key}=${x.value}`);
  const found: [string, string, string[]][] = [
    ['RubyLLM: with_model, with and without parentheses, chained', 'chat = RubyLLM.chat\nchat.with_model("claude-3-5-sonnet")\nchat.with_model \'gpt-4o\', provider: :openai\nRubyLLM.chat.with_model("gemini-2.0-flash").ask("hi")', ['model=claude-3-5-sonnet', 'model=gpt-4o', 'model=gemini-2.0-flash']],
    ['the official SDKs\' quoted-symbol model (anthropic, openai)', 'message = anthropic.messages.create(max_tokens: 1024, messages: [], model: :"claude-sonnet-4-5-20250929")\nr = openai.chat.completions.create(messages: [], model: :"gpt-4.1")\nh = { :model => :"o3-mini" }', ['model=claude-sonnet-4-5-20250929', 'model=gpt-4.1', 'model=o3-mini']],
    ['langchainrb default_options chat_model', 'llm = Langchain::LLM::OpenAI.new(api_key: k, default_options: { temperature: 0.7, chat_model: "gpt-4o" })', ['chat_model=gpt-4o']],
    ['langchainrb default_options: completion_model and embedding_model (and the *_model_name keys of earlier releases, as labels and hash rockets)', 'llm = Langchain::LLM::Ollama.new(url: u, default_options: { completion_model: "llama3.2", embedding_model: "nomic-embed-text", chat_model: "llama3.1" })\nold = Langchain::LLM::OpenAI.new(api_key: k, default_options: { chat_completion_model_name: "gpt-4", :embeddings_model_name => "text-embedding-3-small", "completion_model_name" => "gpt-3.5-turbo-instruct" })', ['completion_model=llama3.2', 'embedding_model=nomic-embed-text', 'chat_model=llama3.1', 'chat_completion_model_name=gpt-4', 'embeddings_model_name=text-embedding-3-small', 'completion_model_name=gpt-3.5-turbo-instruct']],
  ];
  for (const [name, src, want] of found) it(name, () => assert.deepEqual(sites(src), want));

  const decoys: [string, string][] = [
    ['the model name in a comment, a =begin block and a heredoc', '# chat.with_model("gpt-4o")\n=begin\nchat.with_model "gpt-4o"\n=end\ndoc = <<~TXT\n  chat.with_model("gpt-4o")\nTXT\n'],
    ['another method on the same receiver; a constant, a variable, an interpolation, a concatenation', 'chat.with_temperature("gpt-4o")\nchat.with_model(MODEL)\nchat.with_model(name)\nchat.with_model("gpt-#{v}")\nchat.with_model("gpt-" + v)'],
    ['a method definition and a model name that is not the first argument', 'def with_model(m = "gpt-4o")\nend\nfoo.with_model(x, "gpt-4o")'],
    ['a positional model to RubyLLM.chat (keyword only: an ArgumentError)', 'RubyLLM.chat("gpt-4o")'],
    ['langchainrb model keys in a comment, a heredoc, with a variable or a constant, and look-alike keys', '# default_options: { embedding_model: "nomic-embed-text" }\ndoc = <<~T\n  completion_model: "llama3.2"\nT\nopts = { embedding_model: name, chat_model: MODEL }\nx = { embedding_models: "nomic-embed-text", my_completion_model: "gpt-4" }'],
  ];
  for (const [name, src] of decoys) it(`decoy: ${name}`, () => assert.deepEqual(sites(src), []));

  it('without the catalog\'s calls, only keyed sites; positions at the opening quote', () => {
    assert.deepEqual(rubySites('chat.with_model("gpt-4o", model: "o3")').strings.map((x) => x.value), ['o3']);
    assert.deepEqual(rubySites('x = 1\n  chat.with_model "gpt-4o"', calls).strings, [{ value: 'gpt-4o', line: 2, column: 19, key: 'model' }]);
  });

  it('stays linear on a hostile run of calls', () => {
    const t0 = performance.now();
    assert.equal(rubySites('c.with_model("gpt-4o")\n'.repeat(100_000), calls).strings.length, 100_000);
    rubySites('with_model('.repeat(200_000), calls);
    rubySites('with_model '.repeat(200_000), calls);
    assert.ok(performance.now() - t0 < 5000);
  });
});
