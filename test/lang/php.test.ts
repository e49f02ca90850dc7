import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { sdkCatalog } from '../../src/detectors/sdks/catalog.js';
import { phpImports, phpSites } from '../../src/lang/php.js';

const specs = (src: string): string[] => phpImports(src).map((s) => `${s.kind === 'php-use' ? 'use' : 'fq'} ${s.specifier}`);

describe('phpImports', () => {
  const found: { name: string; src: string; want: string[] }[] = [
    { name: 'use of a class and of a namespace', src: '<?php\nuse OpenAI;\nuse OpenAI\\Client;\n', want: ['use OpenAI', 'use OpenAI\\Client'] },
    { name: 'use … as, and a list', src: '<?php\nuse OpenAI\\Client as C, Gemini\\Client;\n', want: ['use OpenAI\\Client', 'use Gemini\\Client'] },
    { name: 'leading backslash', src: '<?php use \\OpenAI\\Client;', want: ['use OpenAI\\Client'] },
    { name: 'group use', src: '<?php\nuse OpenAI\\{Client, Factory as F, function foo, const BAR};\n', want: ['use OpenAI\\Client', 'use OpenAI\\Factory', 'use OpenAI\\foo', 'use OpenAI\\BAR'] },
    { name: 'use function and use const', src: '<?php\nuse function LLPhant\\bar;\nuse const NeuronAI\\X;\n', want: ['use LLPhant\\bar', 'use NeuronAI\\X'] },
    { name: 'after a namespace statement', src: '<?php\nnamespace App\\Http;\n\nuse Prism\\Prism\\Prism;\n', want: ['use Prism\\Prism\\Prism'] },
    { name: 'inside a braced namespace block', src: '<?php\nnamespace App {\n  use OpenAI;\n}\n', want: ['use OpenAI'] },
    { name: 'fully-qualified names in code', src: '<?php\n$c = \\OpenAI::client($k);\n$g = new \\Gemini\\Client($k);\n', want: ['fq OpenAI', 'fq Gemini\\Client'] },
    { name: 'unqualified names in the global namespace (no namespace statement)', src: "<?php\nrequire 'vendor/autoload.php';\n$c = OpenAI::client($k);\n$g = new Gemini\\Client($k);\n$s = self::X;\n", want: ['fq OpenAI', 'fq Gemini\\Client'] },
    { name: 'in a short echo tag', src: '<p><?= \\Anthropic::factory() ?></p>', want: ['fq Anthropic'] },
    { name: 'after declare(strict_types=1)', src: '<?php\ndeclare(strict_types=1);\nuse OpenAI;\n', want: ['use OpenAI'] },
    { name: 'after a class with an attribute', src: '<?php\n#[Attr]\nclass A { use T; }\nuse OpenAI;\n', want: ['use OpenAI'] },
    { name: 'after a ?> … <?php pair', src: '<?php $a = 1; ?>\n<b>x</b>\n<?php use OpenAI;', want: ['use OpenAI'] },
  ];
  for (const c of found) it(`finds: ${c.name}`, () => assert.deepEqual(specs(c.src), c.want));

  const decoys: { name: string; src: string }[] = [
    { name: 'comments', src: '<?php\n// use OpenAI;\n# use OpenAI;\n/* use OpenAI;\n \\OpenAI::client() */\n' },
    { name: 'a commented-out use', src: '<?php\n//use OpenAI\\Client;\n' },
    { name: 'strings', src: '<?php\n$a = \'use OpenAI;\';\n$b = "\\\\OpenAI::client() {$x["k"]} use OpenAI;";\n$c = `use OpenAI`;\n' },
    { name: 'a heredoc and a nowdoc', src: '<?php\n$a = <<<EOT\nuse OpenAI;\n\\OpenAI::client();\nEOT;\n$b = <<<\'EOT\'\n  use Gemini;\n  EOT;\n' },
    { name: 'text outside <?php ?>', src: 'use OpenAI;\n\\OpenAI::client();\n<?php $x = 1; ?>\nuse Gemini;\n' },
    { name: 'a trait use in a class body', src: '<?php\nclass A {\n  use OpenAI;\n  use \\OpenAI\\SomeTrait;\n}\n' },
    { name: 'a trait use in an enum and a trait', src: '<?php\nenum E { use OpenAI; }\ntrait T { use Gemini; }\n' },
    { name: 'a closure use', src: '<?php\n$f = function () use ($client) { return 1; };\n' },
    { name: 'a local class named OpenAI without a use', src: '<?php\nclass OpenAI {}\n$c = OpenAI::client();\n$d = new OpenAI();\n' },
    { name: 'the namespace declaration itself', src: '<?php\nnamespace OpenAI\\Tools;\n' },
    { name: 'unqualified names in a namespace (its own classes)', src: '<?php\nnamespace App;\n$c = OpenAI::client();\n$g = new Gemini\\Client();\n' },
    { name: 'an unqualified name a use aliases', src: '<?php\nuse App\\Ai as OpenAI;\n$c = OpenAI::client();\n$g = new openai();\n' },
    { name: 'a method or constant named like a class', src: '<?php\n$x = $a->OpenAI::client();\n$y = Foo::OpenAI;\n' },
  ];
  for (const d of decoys) it(`no import: ${d.name}`, () => assert.deepEqual(specs(d.src).filter((x) => /OpenAI|Gemini/i.test(x)), []));

  it('reports 1-based positions of the name', () => {
    assert.deepEqual(phpImports('<?php\nuse OpenAI\\Client;\n  $c = \\OpenAI::client();\n'), [
      { specifier: 'OpenAI\\Client', kind: 'php-use', line: 2, column: 5 },
      { specifier: 'OpenAI', kind: 'php-name', line: 3, column: 8 },
    ]);
  });

  it('never throws on random text or PHP-ish token soup', () => {
    fc.assert(fc.property(fc.string({ maxLength: 400 }), (s) => void phpSites(s)), { numRuns: 500 });
    const tok = fc.constantFrom('<?php ', '?>', 'use', 'OpenAI', '\\', '{', '}', ';', ',', 'as', 'function', '"', "'", '{$', '<<<E\n', '\nE;', '//', '#', '/*', '*/', '\n', ' ', '=>', "'model'", '(', ')', 'namespace', 'class');
    fc.assert(fc.property(fc.array(tok, { maxLength: 200 }), (toks) => void phpSites(toks.join(''))), { numRuns: 500 });
  });

  it('runs in linear time on large and hostile inputs', () => {
    const t0 = performance.now();
    assert.equal(phpImports('<?php\n' + 'use OpenAI\\Client;\n'.repeat(100_000)).length, 100_000);
    phpSites('<?php ' + '{'.repeat(100_000) + '}'.repeat(100_000));
    phpSites('<?php ' + '"{$'.repeat(50_000));
    phpSites('<?php ' + '<<<E\n'.repeat(50_000));
    phpSites('<?'.repeat(100_000));
    assert.ok(performance.now() - t0 < 5000);
  });
});

describe('phpSites: keyed literals and the masked text', () => {
  it("model names by array key and named argument; openai-php's base URI", () => {
    const src = [
      '<?php',
      "$r = $client->chat()->create(['model' => 'gpt-4o', 'messages' => []]);",
      "$p = Prism::text()->using(model: 'claude-3-5-sonnet-latest');",
      "$d = OpenAI::factory()->withBaseUri('api.deepseek.com/v1')->make();",
      "// ['model' => 'gpt-4-commented']",
      "$s = \"'model' => 'gpt-4-in-string'\";",
      "$t = $a ? model : 'x';",
    ].join('\n');
    assert.deepEqual(
      phpSites(src).strings.map((s) => [s.key, s.value, s.line, s.column]),
      [
        ['model', 'gpt-4o', 2, 42],
        ['model', 'claude-3-5-sonnet-latest', 3, 34],
        ['withBaseUri', 'api.deepseek.com/v1', 4, 37],
      ],
    );
  });

  it("a builder's ->model('…') with one literal (cloudstudio/ollama-laravel); not a class constant, a variable, two arguments, a static call or a comment", () => {
    const src = [
      '<?php',
      "$r = Ollama::agent($role)->prompt($q)->model('qwen2:1.5b')->ask();",
      "$s = Ollama::model(\"llama3.1:8b\")->ask();",
      "$t = $table->model(User::class);",
      "$u = $b->model($name);",
      "$v = $b->model('a', 'b');",
      "// $w = $b->model('gpt-4o');",
    ].join('\n');
    assert.deepEqual(phpSites(src).strings.map((s) => [s.key, s.value, s.line, s.column]), [['model', 'qwen2:1.5b', 2, 46]]);
  });

  // LLPhant: `$config = new OpenAIConfig(); $config->model = 'gpt-4o';` (a public $model property).
  const props = (src: string): string[] => phpSites(`<?php\n${src}`).strings.map((s) => `${s.key}=${s.value}@${s.line}:${s.column}`);
  const propFound: [string, string, string[]][] = [
    ['LLPhant: $config->model = \'…\' as a statement, double-quoted, through $this->config, after a control structure', "$config = new OpenAIConfig();\n$config->model = 'gpt-4o';\n$c->model = \"nomic-embed-text\";\n$this->config->model='llama3.1';\nif ($ok) $config->model = 'o3-mini';\n{ $o->model = 'mistral-large-latest'; }", ['->model=gpt-4o@3:18', '->model=nomic-embed-text@4:13', '->model=llama3.1@5:22', '->model=o3-mini@6:27', '->model=mistral-large-latest@7:15']],
    ['LLPhant: $config->url = \'…\' as a statement (its base URL), beside ->model', "$config = new OllamaConfig();\n$config->model = 'llama3.1';\n$config->url = 'http://localhost:11434/api/';\n$this->config->url=\"https://api.groq.com/openai/v1\";", ['->model=llama3.1@3:18', '->url=http://localhost:11434/api/@4:16', '->url=https://api.groq.com/openai/v1@5:20']],
    ['LLPhant: DeepseekConfig\'s $config->baseUrl = \'…\' as a statement (its base URL)', "$config = new DeepseekConfig();\n$config->model = 'deepseek-chat';\n$config->baseUrl = 'https://api.deepseek.com';", ['->model=deepseek-chat@3:18', '->url=https://api.deepseek.com@4:20']],
  ];
  for (const [name, src, want] of propFound) it(name, () => assert.deepEqual(props(src), want));
  const propDecoys: [string, string][] = [
    ['->model in a comment, a string, a heredoc and a nowdoc', "// $config->model = 'gpt-4o';\n/* $config->model = 'gpt-4o'; */\n# $config->model = 'gpt-4o';\n$s = \"$config->model = 'gpt-4o';\";\n$h = <<<EOT\n$config->model = 'gpt-4o';\nEOT;\n$n = <<<'EOT'\n$config->model = 'gpt-4o';\nEOT;"],
    ['comparisons, a compound assignment, a chained or built value, an assignment inside an expression, a variable, another property, a static one', "if ($c->model == 'gpt-4o') {}\n$ok = $c->model === 'gpt-4o';\n$c->model .= 'gpt-4o';\n$a = $c->model = 'gpt-4o';\nf($c->model = 'gpt-4o');\n$c->model = 'gpt-' . $v;\n$c->model = \"gpt-{$v}\";\n$c->model = $name;\n$c->modelName = 'gpt-4o';\n$c->model = 'gpt-4o' ?: $x;\nConfig::$model = 'gpt-4o';"],
    ['->url compared, built, chained, in an expression, another property, a static one, in a comment', "if ($c->url == 'https://api.openai.com') {}\n$c->url = 'https://' . $host;\n$c->url = \"https://{$h}\";\n$a = $c->url = 'https://api.openai.com';\n$c->urls = 'https://api.openai.com';\n$c->baseUrl2 = 'https://api.openai.com';\nConfig::$url = 'https://api.openai.com';\n// $c->url = 'https://api.openai.com';"],
  ];
  for (const [name, src] of propDecoys) it(`decoy: ${name}`, () => assert.deepEqual(props(src), []));
  it('->model = on hostile input stays linear', () => {
    const t0 = performance.now();
    assert.equal(phpSites('<?php\n' + "$c->model = 'gpt-4o';\n".repeat(100_000)).strings.length, 100_000);
    phpSites('<?php ' + '$a->b->'.repeat(300_000) + "model = 'x';");
    phpSites('<?php ' + "->model = 'x'".repeat(200_000));
    assert.ok(performance.now() - t0 < 5000);
  });

  it('blanks comments only (line breaks and strings kept)', () => {
    const src = "<?php\n$u = 'https://api.openai.com/v1'; // https://api.mistral.ai\n/* https://api.groq.com */ # https://api.x.ai\n";
    const m = phpSites(src).masked;
    assert.equal(m.length, src.length);
    assert.ok(m.includes("'https://api.openai.com/v1'"));
    assert.ok(!m.includes('mistral') && !m.includes('groq') && !m.includes('x.ai'));
  });
});

describe('phpSites: model names given to SDK calls', () => {
  const calls = sdkCatalog().modelCalls('php');
  const sites = (src: string): string[] => phpSites(`<?php\n${src}`, calls).strings.map((x) => `${x.key}=${x.value}`);
  const found: [string, string, string[]][] = [
    ['google-gemini-php: generativeModel and embeddingModel', "$r = $client->generativeModel('gemini-2.0-flash')->generateContent('Hello');\n$e = $client->embeddingModel(\"text-embedding-004\")->embedContent('x');", ['model=gemini-2.0-flash', 'model=text-embedding-004']],
    ['LLPhant: new AnthropicConfig(model) first, new MistralAIConfig(url, model) second, and named model:', "$a = new AnthropicConfig('claude-3-5-sonnet-20241022');\n$m = new MistralAIConfig('https://api.mistral.ai/v1', 'mistral-large-latest');\n$o = new OpenAIConfig(model: 'gpt-4o-mini');\n$b = new \\LLPhant\\AnthropicConfig(model: 'claude-3-haiku-20240307', maxTokens: 2048);", ['model=claude-3-5-sonnet-20241022', 'model=mistral-large-latest', 'model=gpt-4o-mini', 'model=claude-3-haiku-20240307']],
    ['LLPhant: a fully-qualified constructor, the model positional', "$a = new \\LLPhant\\AnthropicConfig('claude-3-5-sonnet-20241022');\n$m = new \\LLPhant\\MistralAIConfig('https://api.mistral.ai/v1', 'mistral-large-latest');\n$g = \\Gemini::chat('gemini-2.0-flash');", ['model=claude-3-5-sonnet-20241022', 'model=mistral-large-latest', 'model=gemini-2.0-flash']],
    ['google-gemini-php: chat(model) (Client::chat(ModelType|string $model))', "$chat = $client->chat('gemini-1.5-flash')->startChat();\n$c2 = Gemini::chat(\"gemini-2.0-flash\");", ['model=gemini-1.5-flash', 'model=gemini-2.0-flash']],
    ['Prism: using(Provider::Case, model) and using(string, model), a qualified enum, nullsafe call', "$r = Prism::text()\n    ->using(Provider::Anthropic, 'claude-3-5-sonnet-20241022')\n    ->withPrompt('Tell me a story')\n    ->asText();\n$s = Prism::text()->using('ollama', 'llama3.2')->asStream();\n$t = $b?->using(\\Prism\\Prism\\Enums\\Provider::OpenAI, 'gpt-4o', []);", ['model=claude-3-5-sonnet-20241022', 'model=llama3.2', 'model=gpt-4o']],
    ['Prism: every Provider value as a string, Prism::embeddings() and Prism::image()', "$e = Prism::embeddings()->using('openai', 'text-embedding-3-large')->fromInput('x')->asEmbeddings();\n$i = Prism::image()->using(Provider::OpenAI, 'dall-e-3')->withPrompt('a cat')->generate();\n$g = Prism::structured()->using('gemini', 'gemini-2.0-flash');\n$m = Prism::text()->using('mistral', 'mistral-large-latest');", ['model=text-embedding-3-large', 'model=dall-e-3', 'model=gemini-2.0-flash', 'model=mistral-large-latest']],
    // Keyed by their own names: the detector keeps them in a file that calls an AI package or host.
    ['variables, properties and constants named for a model, and define()', "$model = 'gpt-4o';\nclass A {\n  private ?string $defaultModel = 'claude-3-5-haiku-latest';\n  public const CHAT_MODEL = \"o3-mini\";\n}\ndefine('OPENAI_MODEL', 'gpt-4o-mini');", ['model=gpt-4o', 'defaultModel=claude-3-5-haiku-latest', 'CHAT_MODEL=o3-mini', 'OPENAI_MODEL=gpt-4o-mini']],
    [
      'parameters named for a model with a literal default: a function, a method, a promoted constructor property, a closure and an arrow function',
      "function f(string $prompt, string $model = 'gpt-4o') {}\nclass Chat {\n  public function __construct(private readonly ?string $model = 'gpt-4o-mini', private int $max = 100) {}\n  public static function &ask(string|Stringable $p, string $chatModel = \"o3-mini\"): string { return ''; }\n}\n$g = function ($x, $embeddingModel = 'text-embedding-3-small') use ($y) {};\n$h = fn(string $model = 'claude-3-5-haiku-latest') => $model;",
      ['model=gpt-4o', 'model=gpt-4o-mini', 'chatModel=o3-mini', 'embeddingModel=text-embedding-3-small', 'model=claude-3-5-haiku-latest'],
    ],
  ];
  for (const [name, src, want] of found) it(name, () => assert.deepEqual(sites(src), want));

  const decoys: [string, string][] = [
    ['a parameter not named for a model, a default that is no literal, a call\'s argument, a comparison, a concatenation, a name that says no model', "function f(string $name = 'gpt-4o', $model = null, $m2 = self::MODEL, $model3 = 'gpt-' . 'x') {}\n$c->call($model = 'gpt-4o');\nif ($model == 'gpt-4o') {}\n$model = 'gpt-' . $v;\n$name = 'gpt-4o';\ndefine('APP_NAME', 'gpt-4o');"],
    ['comments, a heredoc, a nowdoc and inline HTML', "// $c->generativeModel('gemini-2.0-flash')\n/* ->using(Provider::OpenAI, 'gpt-4o') */\n$h = <<<EOT\n->using(Provider::OpenAI, 'gpt-4o')\nEOT;\n$n = <<<'EOT'\n$c->generativeModel('gemini-pro')\nEOT;\n?>\n<p>->using(Provider::OpenAI, 'gpt-4o')</p>"],
    ['the same method on an unrelated receiver: a variable, a call or one argument before the model', "$db->using($connection, 'gpt-4o');\n$q->using(fn() => 1, 'gpt-4o');\n$r->using('gpt-4o');\n$x->using(Provider::OpenAI, $model);"],
    ['another using(first, model) in a file that imports Prism: a string or a constant that names no Prism provider', "use Prism\\Prism\\Prism;\n$q = Prism::text();\n$rows = $query->using('index', 'gpt-4o');\n$x = $db->using(Connection::Primary, 'gpt-4o');\n$y = $cache->using('OpenAI', 'gpt-4o');\n$z = $p->using(\\App\\Enums\\Driver::OpenAI, 'gpt-4o');"],
    ['a method definition, another method, interpolations and concatenations', "function generativeModel(string $name = 'gemini-pro') {}\n$c->generate('gemini-pro');\n$c->generativeModel(\"gemini-{$v}\");\n$c->generativeModel('gemini-' . $v);"],
    ['LLPhant configs: a class constant, a variable, the model not where the constructor takes it', "$a = new AnthropicConfig(AnthropicConfig::CLAUDE_3_5_SONNET);\n$b = new AnthropicConfig($model);\n$c = new AnthropicConfig(null, 1024, ['model' => $m]);\n$m = new MistralAIConfig('mistral-large-latest');\n$o = new OpenAIConfig('sk', 'https://api.openai.com/v1', $model);"],
    ['chat with no model, with a variable or with a prompt array (openai-php\'s chat()->create)', "$r = $client->chat()->create(['model' => $m]);\n$c = $client->chat($model);\n$d = $client->chat(ModelType::GEMINI_PRO);\nfunction chat(string $m = 'gemini-pro') {}"],
  ];
  for (const [name, src] of decoys) it(`decoy: ${name}`, () => assert.deepEqual(sites(src), []));

  it('without the catalog\'s calls, only keyed sites; positions at the opening quote', () => {
    assert.deepEqual(phpSites("<?php $c->generativeModel('gemini-pro', model: 'o3');").strings.map((x) => x.value), ['o3']);
    assert.deepEqual(phpSites("<?php\n  $p->using(Provider::OpenAI, 'gpt-4o');", calls).strings, [{ value: 'gpt-4o', line: 2, column: 31, key: 'model', provider: 'openai' }]);
  });

  it("Prism's first argument is the model's provider, as the catalog names it (Gemini → google, Z → zhipu); other calls name none", () => {
    const src = "<?php\n$a = Prism::text()->using(Provider::Groq, 'llama-3.1-70b-versatile');\n$b = Prism::text()->using('ollama', 'llama3.2');\n$c = Prism::text()->using(\\Prism\\Prism\\Enums\\Provider::Gemini, 'gemini-2.0-flash');\n$d = Prism::text()->using('z', 'glm-4.5');\n$e = $client->generativeModel('gemini-2.0-flash');\n";
    assert.deepEqual(phpSites(src, calls).strings.map((x) => `${x.value} ${x.provider ?? '-'}`), ['llama-3.1-70b-versatile groq', 'llama3.2 ollama', 'gemini-2.0-flash google', 'glm-4.5 zhipu', 'gemini-2.0-flash -']);
  });

  it('stays linear on a hostile run of calls', () => {
    const t0 = performance.now();
    assert.equal(phpSites("<?php\n" + "$p->using(Provider::OpenAI, 'gpt-4o');\n".repeat(100_000), calls).strings.length, 100_000);
    phpSites('<?php ' + '->using('.repeat(200_000), calls);
    phpSites('<?php ' + 'using(A::B,'.repeat(200_000), calls);
    // 1-2.5 s alone and 5.5 s beside the rest of the suite on two cores; a quadratic read of these
    // 3.9 M characters would take minutes.
    assert.ok(performance.now() - t0 < 12_000);
  });

  it('stays linear on unclosed and many parameter lists', () => {
    const t0 = performance.now();
    // No list here closes: nothing is read, once.
    assert.equal(phpSites('<?php ' + 'function (fn (function f('.repeat(100_000) + "$model = 'gpt-4o')").strings.length, 0);
    assert.equal(phpSites('<?php\n' + "function f($model = 'gpt-4o') {}\n".repeat(100_000)).strings.length, 100_000);
    assert.ok(performance.now() - t0 < 5000);
  });
});

describe("phpSites: LLPhant's model constants and enum cases", () => {
  const calls = sdkCatalog().modelCalls('php');
  const constants = sdkCatalog().modelConstants('php');
  const sites = (src: string): string[] => phpSites(`<?php\n${src}`, calls, constants).strings.map((x) => `${x.key}=${x.value}@${x.line}:${x.column}`);
  const found: [string, string, string[]][] = [
    [
      'AnthropicConfig::CONST given to new AnthropicConfig(…), positionally and named, at the class name',
      "use LLPhant\\AnthropicConfig;\nuse LLPhant\\Chat\\AnthropicChat;\n$chat = new AnthropicChat(new AnthropicConfig(AnthropicConfig::CLAUDE_3_5_SONNET));\n$c = new AnthropicConfig(model: AnthropicConfig::CLAUDE_45_HAIKU, maxTokens: 2048);",
      ['model=claude-3-5-sonnet-20240620@4:47', 'model=claude-haiku-4-5@5:33'],
    ],
    [
      'an enum case ->value, the case given as it is, and the early enums\' ->getModelName(), as $config->model',
      "use LLPhant\\OpenAIConfig;\nuse LLPhant\\Chat\\Enums\\OpenAIChatModel;\n$config = new OpenAIConfig();\n$config->model = OpenAIChatModel::Gpt4Omni->value;\n$config->model = OpenAIChatModel::Gpt4;\n$config->model = OpenAIChatModel::Gpt35Turbo->getModelName();",
      ['->model=gpt-4o@5:18', '->model=gpt-4@6:18', '->model=gpt-3.5-turbo@7:18'],
    ],
    [
      'fully qualified, without a use: a constant and a case in MistralAIConfig\'s second argument',
      "$a = new AnthropicConfig(\\LLPhant\\AnthropicConfig::CLAUDE_3_OPUS);\n$m = new MistralAIConfig('https://api.mistral.ai/v1', \\LLPhant\\Chat\\Enums\\MistralAIChatModel::large->value);",
      ['model=claude-3-opus-20240229@2:26', 'model=mistral-large-latest@3:55'],
    ],
    [
      'aliased: use … as X, a group use with an alias, an imported namespace prefix, a class name in another case',
      "use LLPhant\\Chat\\Enums\\OpenAIChatModel as Model;\nuse LLPhant\\Chat\\Enums\\{MistralAIChatModel as Mistral, AnthropicChatModel};\nuse LLPhant\\Chat\\Enums;\n$config->model = Model::Gpt4OmniMini->value;\n$r = ['model' => Mistral::codestral->value];\n$o = new OpenAIConfig(model: Enums\\OpenAIChatModel::Gpt41->value);\n$x = ['model' => anthropicchatmodel::Claude3Haiku->value];",
      ['->model=gpt-4o-mini@5:18', 'model=codestral-latest@6:18', 'model=gpt-4.1@7:30', 'model=claude-3-haiku-20240307@8:18'],
    ],
    [
      "in the class's own namespace, unqualified (LLPhant's own code)",
      "namespace LLPhant;\n$c = new AnthropicConfig(AnthropicConfig::CLAUDE_3_HAIKU);",
      ['model=claude-3-haiku-20240307@3:26'],
    ],
  ];
  for (const [name, src, want] of found) it(name, () => assert.deepEqual(sites(src), want));

  const decoys: [string, string][] = [
    [
      'a local class of the same short name, with no use of LLPhant\'s or another\'s',
      "class AnthropicConfig { const CLAUDE_3_5_SONNET = 'claude-3-5-sonnet-20240620'; }\n$a = new AnthropicConfig(AnthropicConfig::CLAUDE_3_5_SONNET);\n$config->model = OpenAIChatModel::Gpt4Omni->value;",
    ],
    [
      "another namespace's class of that name: a use of it, a namespace of the file's own, LLPhant's imports of an earlier namespace",
      "namespace App;\nuse App\\Enums\\OpenAIChatModel;\n$config->model = OpenAIChatModel::Gpt4Omni->value;\n$a = new AnthropicConfig(AnthropicConfig::CLAUDE_3_OPUS);\nnamespace Other;\nuse LLPhant\\Chat\\Enums\\MistralAIChatModel;\nnamespace Third;\n$r = ['model' => MistralAIChatModel::large->value];",
    ],
    [
      'in comments, strings, a heredoc and inline HTML',
      "use LLPhant\\AnthropicConfig;\nuse LLPhant\\Chat\\Enums\\OpenAIChatModel;\n// $config->model = OpenAIChatModel::Gpt4Omni->value;\n/* new AnthropicConfig(AnthropicConfig::CLAUDE_3_OPUS) */\n$s = \"new AnthropicConfig(AnthropicConfig::CLAUDE_3_OPUS)\";\n$t = '$config->model = OpenAIChatModel::Gpt4;';\n$h = <<<EOT\n\\$config->model = OpenAIChatModel::Gpt4;\nEOT;\n?>\n<p>new AnthropicConfig(AnthropicConfig::CLAUDE_3_OPUS)</p>",
    ],
    [
      "a catalogued class's unknown constant, a case's name, its static methods, a case name in another case, self::",
      "use LLPhant\\AnthropicConfig;\nuse LLPhant\\Chat\\Enums\\OpenAIChatModel;\n$a = new AnthropicConfig(AnthropicConfig::CLAUDE_9_NOPE);\n$config->model = OpenAIChatModel::Gpt4Omni->name;\n$config->model = OpenAIChatModel::from('gpt-4o')->value;\n$config->model = OpenAIChatModel::gpt4omni->value;\nclass X { function f() { return new AnthropicConfig(self::CLAUDE_3_HAIKU); } }",
    ],
    [
      'a function or const import is no class; the constant where no model is read (a key, a variable, built on)',
      "use function LLPhant\\AnthropicConfig;\n$a = new AnthropicConfig(AnthropicConfig::CLAUDE_3_OPUS);\nuse LLPhant\\Chat\\Enums\\{const OpenAIChatModel};\n$config->model = OpenAIChatModel::Gpt4->value;\nuse LLPhant\\Chat\\Enums\\MistralAIChatModel;\n$list = [MistralAIChatModel::large->value => 'Large'];\n$m = MistralAIChatModel::small->value;\n$config->model = MistralAIChatModel::tiny->value . '-v2';",
    ],
  ];
  for (const [name, src] of decoys) it(`decoy: ${name}`, () => assert.deepEqual(sites(src), []));

  it('without the catalog\'s constants, none is read', () => {
    assert.deepEqual(phpSites("<?php\nuse LLPhant\\AnthropicConfig;\n$c = new AnthropicConfig(AnthropicConfig::CLAUDE_3_OPUS);", calls).strings, []);
  });

  it('stays linear on a hostile run of constants and imports', () => {
    const t0 = performance.now();
    assert.equal(phpSites('<?php\nuse LLPhant\\Chat\\Enums\\OpenAIChatModel;\n' + '$config->model = OpenAIChatModel::Gpt4Omni->value;\n'.repeat(100_000), calls, constants).strings.length, 100_000);
    phpSites('<?php ' + 'use A\\B as C;\n'.repeat(100_000) + "'model' => C::D->".repeat(100_000), calls, constants);
    phpSites('<?php ' + 'AnthropicConfig::'.repeat(200_000), calls, constants);
    assert.ok(performance.now() - t0 < 5000);
  });
});
