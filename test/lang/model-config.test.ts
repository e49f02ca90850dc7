import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { modelRoutes } from '../../src/lang/model-config.js';

const rows = (r: ReturnType<typeof modelRoutes>) => r.routes.map((x) => `${x.line} ${x.provider ?? '-'} ${x.model}`);

describe('modelRoutes', () => {
  it('lists: a list of entries or a single one, the model at a dotted key, the provider beside it', () => {
    const litellm = 'model_list:\n  - model_name: a\n    litellm_params:\n      model: openai/gpt-4o\n  - model_name: b\n    litellm_params: { model: "ollama/llama3" }\n  - model_name: c\n';
    assert.deepEqual(rows(modelRoutes('c.yaml', litellm, { format: 'yaml', lists: ['model_list'], model: 'litellm_params.model' })), ['4 - openai/gpt-4o', '6 - ollama/llama3']);
    const cont = '{"models": [{"provider": "anthropic", "model": "claude-3-5-sonnet-latest"}, {"provider": 7, "model": "gpt-4o"}],\n "tabAutocompleteModel": {"provider": "ollama", "model": "qwen2.5-coder:1.5b"}}';
    assert.deepEqual(rows(modelRoutes('.continue/config.json', cont, { format: 'json', lists: ['models', 'tabAutocompleteModel'], provider: 'provider' })), ['1 anthropic claude-3-5-sonnet-latest', '1 - gpt-4o', '2 ollama qwen2.5-coder:1.5b']);
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

  it('stops at 500 models a file', () => {
    const text = JSON.stringify({ models: Array.from({ length: 600 }, (_, i) => ({ model: `gpt-4o-${i}` })) });
    assert.equal(modelRoutes('.continue/config.json', text, { format: 'json', lists: ['models'] }).routes.length, 500);
  });
});
