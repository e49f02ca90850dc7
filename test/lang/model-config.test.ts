import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseProperties } from '../../src/lang/mcp-config.js';
import { modelRoutes } from '../../src/lang/model-config.js';

const rows = (r: ReturnType<typeof modelRoutes>) => r.routes.map((x) => `${x.line} ${x.provider ?? '-'} ${x.model}`);

describe('modelRoutes', () => {
  it('lists: a list of entries or a single one, the model at a dotted key, the provider beside it', () => {
    const litellm = 'model_list:\n  - model_name: a\n    litellm_params:\n      model: openai/gpt-4o\n  - model_name: b\n    litellm_params: { model: "ollama/llama3" }\n  - model_name: c\n';
    assert.deepEqual(rows(modelRoutes('c.yaml', litellm, { format: 'yaml', lists: ['model_list'], model: 'litellm_params.model' })), ['4 - openai/gpt-4o', '6 - ollama/llama3']);
    const cont = '{"models": [{"provider": "anthropic", "model": "claude-3-5-sonnet-latest"}, {"provider": 7, "model": "gpt-4o"}],\n "tabAutocompleteModel": {"provider": "ollama", "model": "qwen2.5-coder:1.5b"}}';
    assert.deepEqual(rows(modelRoutes('.continue/config.json', cont, { format: 'json', lists: ['models', 'tabAutocompleteModel'], provider: 'provider' })), ['1 anthropic claude-3-5-sonnet-latest', '1 - gpt-4o', '2 ollama qwen2.5-coder:1.5b']);
  });

  it('a root that is itself the list (`$`: AutoGen\'s OAI_CONFIG_LIST); a root list is read only when the shape says so', () => {
    const list = '[\n  {"model": "gpt-4o", "api_key": "<key>"},\n  {"model": "my-deploy", "api_type": "azure", "base_url": "https://x.openai.azure.com"},\n  "stray",\n  {"api_key": "no model"}\n]\n';
    assert.deepEqual(rows(modelRoutes('OAI_CONFIG_LIST', list, { format: 'json', lists: ['$'], provider: 'api_type' })), ['2 - gpt-4o', '3 azure my-deploy']);
    assert.deepEqual(rows(modelRoutes('x.json', list, { format: 'json', lists: ['models'] })), []);
    assert.deepEqual(rows(modelRoutes('x.json', '{"$": [{"model": "gpt-4o"}]}', { format: 'json', lists: ['$'] })), []);
  });

  it('base URLs: an entry\'s (the first key present), a root key\'s for `keys`, a provider\'s for `keyProviders` (a placeholder\'s default), none read from the environment (os.environ/); a wildcard or bare route is no model', () => {
    const list = 'model_list:\n  - litellm_params: {model: openai/x, api_base: http://a:1/v1}\n  - litellm_params: {model: openai/*, api_base: http://b/v1}\n  - litellm_params: {model: openai/y}\n  - litellm_params: {model: azure/, api_base: https://r.openai.azure.com}\n  - litellm_params: {model: azure/gpt-4, api_base: os.environ/AZURE_API_BASE}\n';
    assert.deepEqual(modelRoutes('c.yaml', list, { format: 'yaml', lists: ['model_list'], model: 'litellm_params.model', base: 'litellm_params.api_base' }).routes.map((x) => `${x.model} ${x.base ?? '-'}`), ['openai/x http://a:1/v1', 'openai/y -', 'azure/gpt-4 -']);
    const aider = 'model: gpt-4o\nopenai-api-base: https://gw.example.com/v1\n';
    assert.deepEqual(modelRoutes('.aider.conf.yml', aider, { format: 'yaml', keys: ['model'], base: 'openai-api-base' }).routes.map((x) => `${x.model} ${x.base ?? '-'}`), ['gpt-4o https://gw.example.com/v1']);
    const props = 'a.base-url=${BASE:https://api.deepseek.com}\na.model=deepseek-chat\nb.model=claude-3-5-haiku-latest\nc.base-url=${NO_DEFAULT}\nc.model=o3\n';
    const shape = { format: 'properties' as const, keyProviders: { 'a.model': 'openai', 'b.model': 'anthropic', 'c.model': 'mistral' }, baseKeys: { 'a.base-url': 'openai', 'c.base-url': 'mistral' } };
    assert.deepEqual(modelRoutes('application.properties', props, shape).routes.map((x) => `${x.model} ${x.provider} ${x.base ?? '-'}`), ['deepseek-chat openai https://api.deepseek.com', 'claude-3-5-haiku-latest anthropic -', 'o3 mistral -']);
  });

  it('provider ids (promptfoo): `provider:[type:]model` as a string entry or a map\'s id; other forms name none', () => {
    const cfg = 'providers:\n  - "openai:gpt-4o-mini"\n  - anthropic:messages:claude-3-5-sonnet-20241022\n  - id: bedrock:us.anthropic.claude-3-5-haiku-20241022-v1:0\n  - id: file://provider.py\n  - exec:python run.py\n  - https://api.example.com/v1\n  - "openai:chat:"\n  - just-a-name\ntargets:\n  - id: ollama:chat:llama3.2\n';
    const shape = { format: 'yaml' as const, lists: ['providers', 'targets'], model: 'id', providerIds: ['chat', 'messages'] };
    assert.deepEqual(rows(modelRoutes('promptfooconfig.yaml', cfg, shape)), ['2 openai gpt-4o-mini', '3 anthropic claude-3-5-sonnet-20241022', '4 bedrock us.anthropic.claude-3-5-haiku-20241022-v1:0', '11 ollama llama3.2']);
  });

  it('aliases and switches (Aider): an alias kept as written with the provider it stands for; a switch set to true chooses its model; false or another value none', () => {
    const shape = { format: 'yaml' as const, keys: ['model', 'weak-model'], aliases: { sonnet: 'anthropic', '4o': 'openai' }, switches: { sonnet: 'sonnet', mini: 'gpt-4o-mini', opus: 'opus' } };
    assert.deepEqual(rows(modelRoutes('.aider.conf.yml', 'model: sonnet\nweak-model: 4o\nmini: true\nopus: false\nsonnet: "yes"\n', shape)), ['1 anthropic sonnet', '2 openai 4o', '3 - gpt-4o-mini']);
    assert.deepEqual(rows(modelRoutes('.aider.conf.yml', 'sonnet: true\nmodel: toString\n', shape)), ['2 - toString', '1 anthropic sonnet']);
  });

  it('dotted paths: an entry or a model string below the root (Zed\'s agent.default_model, Gemini CLI\'s model.name)', () => {
    const zed = '{"agent": {"default_model": {"provider": "anthropic", "model": "claude-sonnet-4"}, "inline_assistant_model": {"provider": "ollama"}}}';
    assert.deepEqual(rows(modelRoutes('.zed/settings.json', zed, { format: 'json', lists: ['agent.default_model', 'agent.inline_assistant_model', 'assistant.default_model'], provider: 'provider' })), ['1 anthropic claude-sonnet-4']);
    const shape = { format: 'json' as const, keys: ['model', 'model.name'] };
    assert.deepEqual(rows(modelRoutes('.gemini/settings.json', '{"model": {"name": "gemini-2.5-pro"}}', shape)), ['1 - gemini-2.5-pro']);
    assert.deepEqual(rows(modelRoutes('.gemini/settings.json', '{"model": "gemini-1.5-pro"}', shape)), ['1 - gemini-1.5-pro']);
  });

  it('keys: top-level model strings, with the provider a sibling key names', () => {
    assert.deepEqual(rows(modelRoutes('.codex/config.toml', 'model = "gpt-4.1"\nmodel_provider = "azure"\n[profiles.fast]\nmodel = "o4-mini"\n', { format: 'toml', keys: ['model'], providerKey: 'model_provider' })), ['1 azure gpt-4.1']);
    assert.deepEqual(rows(modelRoutes('.aider.conf.yml', 'model: sonnet\nweak-model: gpt-4o-mini\neditor-model:\n', { format: 'yaml', keys: ['model', 'weak-model', 'editor-model'] })), ['1 - sonnet', '2 - gpt-4o-mini']);
  });

  it('is not fooled: values that are no strings, blank or over 200 characters, keys elsewhere, a root that is no object', () => {
    const shape = { format: 'json' as const, keys: ['model'], lists: ['models'] };
    for (const text of ['{"model": 3}', '{"model": ""}', `{"model": "${'x'.repeat(201)}"}`, '{"other": {"model": "gpt-4o"}}', '{"models": "gpt-4o"}', '["gpt-4o"]', '"model"']) {
      assert.deepEqual(modelRoutes('opencode.json', text, shape), { routes: [], warnings: [] }, text);
    }
  });

  it('a file that does not parse, or YAML past the agent-config bound, is a warning and no model', () => {
    const broken = modelRoutes('.continue/config.yaml', 'models:\n  - model: [gpt-4o\n', { format: 'yaml', lists: ['models'] });
    assert.equal(broken.routes.length, 0);
    assert.match(broken.warnings[0] ?? '', /^\.continue\/config\.yaml: not valid YAML/);
    const long = modelRoutes('c.yaml', `model_list:\n${'  - model_name: a\n'.repeat(20_000)}`, { format: 'yaml', lists: ['model_list'], model: 'litellm_params.model' });
    assert.deepEqual(long.routes, []);
    assert.match(long.warnings[0] ?? '', /characters of YAML/);
    assert.deepEqual(modelRoutes('opencode.json', '{"model": "gpt-4o"', { format: 'json', keys: ['model'] }).routes, []);
  });

  it('keyProviders: Spring AI\'s keys in .properties and in every document of a YAML stream, each for its provider; a placeholder gives its default', () => {
    const shape = { format: 'properties' as const, keyProviders: { 'spring.ai.openai.chat.options.model': 'openai', 'spring.ai.ollama.chat.options.model': 'ollama', 'spring.ai.anthropic.chat.options.model': 'anthropic' } };
    const props = [
      '# spring.ai.anthropic.chat.options.model=claude-3-haiku-20240307',
      'spring.ai.openai.api-key=${OPENAI_API_KEY}',
      'spring.ai.openai.chat.options.model = ${OPENAI_MODEL:gpt-4o-mini}',
      'spring.ai.ollama.chat.options.model: \\',
      '    llama3.2',
      'spring.ai.mistralai.chat.options.model=mistral-small-latest',
      'spring.ai.anthropic.chat.options.model=${ANTHROPIC_MODEL}',
    ].join('\n');
    assert.deepEqual(rows(modelRoutes('application.properties', props, shape)), ['3 openai gpt-4o-mini', '4 ollama llama3.2']);
    const yml = 'spring:\n  ai:\n    openai:\n      chat:\n        options:\n          model: gpt-4o\n---\nspring:\n  config:\n    activate:\n      on-profile: local\n  ai:\n    ollama:\n      chat:\n        options:\n          model: qwen2.5:7b\n';
    assert.deepEqual(rows(modelRoutes('application.yml', yml, { ...shape, format: 'yaml' })), ['6 openai gpt-4o', '16 ollama qwen2.5:7b']);
    const broken = modelRoutes('application.yml', 'spring:\n  ai: [\n---\na: 1\n', { ...shape, format: 'yaml' });
    assert.deepEqual(broken.routes, []);
    assert.match(broken.warnings[0] ?? '', /^application\.yml: not valid YAML/);
  });

  it('parseProperties: separators, blanks, comments, continuations and escapes, as java.util.Properties reads them', () => {
    const flat = (text: string) => {
      const root = parseProperties(text);
      return root.t === 'obj' ? [...root.entries].map(([k, e]) => `${e.line} ${k}=${e.v.t === 'str' ? e.v.v : '?'}`) : [];
    };
    assert.deepEqual(flat('a=1\r\nb : 2\n  c   3\n! bang\n# hash\n\nd\ne=\\u0041\\tb\\=c\nf\\:g=h\ni=x\\\\\nj=y \\\n   z\na=last'), [
      '2 b=2', '3 c=3', '7 d=', '8 e=A\tb=c', '9 f:g=h', '10 i=x\\', '11 j=y z', '13 a=last',
    ]);
    assert.deepEqual(flat(''), []);
    // Hostile: 200,000 continued lines and a line of 1,000,000 backslashes read in linear time.
    const t0 = process.hrtime.bigint();
    assert.equal(flat(`k=${'v\\\n'.repeat(200_000)}end\n${'\\'.repeat(1_000_000)}=x`).length, 2);
    assert.ok(Number(process.hrtime.bigint() - t0) / 1e6 < 5000, 'linear');
    assert.deepEqual(flat('\\'), ['1 \\='], 'a backslash on the last line continues nothing and is kept as written');
  });

  it('stops at 500 models a file', () => {
    const text = JSON.stringify({ models: Array.from({ length: 600 }, (_, i) => ({ model: `gpt-4o-${i}` })) });
    assert.equal(modelRoutes('.continue/config.json', text, { format: 'json', lists: ['models'] }).routes.length, 500);
  });
});
