/**
 * What an inventory shows of an MCP server's command line and URL: secrets masked
 * (src/secrets/redact-args.ts). Valid cases stay as written; invalid ones lose the secret.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { displayUrl, maskPathTokens, redactArgs, scrubSecrets } from '../../src/secrets/redact-args.js';
import { secretsCatalog } from '../../src/secrets/catalog.js';
import { KEYS } from './secrets-cases.js';

const catalog = secretsCatalog();

describe('redactArgs', () => {
  it('valid: arguments without secrets are kept as written', () => {
    const args = ['-y', '@modelcontextprotocol/server-filesystem@2025.1.1', '--model', 'gpt-4o', 'github:owner/repo', '--port=8080', 'https://mcp.example.com/sse', '--author', 'me', 'MODEL=gpt-4o', 'Content-Type: application/json', '--keyfile', '/etc/x.pem'];
    assert.deepEqual(redactArgs(args, catalog), args);
  });

  it('invalid: values of credential flags, assignments, headers and URL passwords are masked', () => {
    const anthropic = KEYS.anthropic();
    const cases: [string[], string[]][] = [
      [['--api-key', 'SuperSecretValue1234'], ['--api-key', '…1234']],
      [['--token', 'abc'], ['--token', '…']],
      [['--password=hunter2'], ['--password=…']],
      [['-e', 'OPENAI_API_KEY=sk-zzz'], ['-e', 'OPENAI_API_KEY=sk-…']],
      [['Authorization: Bearer abcdefghijklmnopqrstuvwxyz'], ['Authorization: Bearer …wxyz']],
      [['X-Api-Key: 0123456789abcdef0123'], ['X-Api-Key: …0123']],
      [['postgresql://admin:SuperS3cret!@db.prod.internal:5432/app'], ['postgresql://admin:…@db.prod.internal:5432/app']],
      [[`--config={"key":"${anthropic}"}`], [`--config={"key":"sk-ant-…${anthropic.slice(-4)}"}`]],
    ];
    for (const [args, want] of cases) assert.deepEqual(redactArgs(args, catalog), want, args.join(' '));
  });

  it('no AI key the catalog knows survives anywhere in an argument', () => {
    for (const key of [KEYS.openaiProject(), KEYS.anthropic(), KEYS.hfUser(), KEYS.google()]) {
      const out = redactArgs(['run', `prefix:${key}:suffix`, key], catalog).join(' ');
      assert.ok(!out.includes(key) && !out.includes(key.slice(12, 24)), out);
    }
  });
});

describe('redactArgs: credential query parameters of a URL argument', () => {
  it('a token, key or secret parameter is masked; other parameters and non-URL arguments stay', () => {
    assert.deepEqual(redactArgs(['mcp-remote@0.1.29', 'http://h:8080/sse?token=s3cr3t-value-123&mode=fast', 'https://h/mcp?api_key=abcdef123456&x=1', 'a?token=plain'], catalog), ['mcp-remote@0.1.29', 'http://h:8080/sse?token=…-123&mode=fast', 'https://h/mcp?api_key=…&x=1', 'a?token=plain']);
  });
});

describe('displayUrl', () => {
  it('drops user info (to the last @ of the authority), query, fragment and blanks', () => {
    for (const [url, want] of [
      ['https://mcp.example.com/sse', 'https://mcp.example.com/sse'],
      ['http://localhost:3000', 'http://localhost:3000'],
      ['http://user:hunter2@remote.example.com/mcp', 'http://remote.example.com/mcp'],
      ['http://a@b@evil.com/x?token=1#f', 'http://evil.com/x'],
      ['  http://spaced.example.com/mcp\t', 'http://spaced.example.com/mcp'],
      ['https://h.example.com/p@q', 'https://h.example.com/p@q'],
    ]) assert.equal(displayUrl(url as string), want, url);
  });
});

describe('maskPathTokens (an MCP server URL that is its own key)', () => {
  const ZAPIER = 'MTIzNDU2NzgtOTBhYi1jZGVmLTEyMzQtNTY3ODkwYWJjZGVmOmZlZGNiYTA5LTg3NjUtNDMyMS1mZWRjLWJhMDk4NzY1NDMyMQ==';
  it("invalid: a long random base64 segment is masked (Zapier's /api/mcp/s/<token>/mcp), in a URL or a name made of one", () => {
    const out = maskPathTokens(`https://mcp.zapier.com/api/mcp/s/${ZAPIER}/mcp`);
    assert.equal(out, 'https://mcp.zapier.com/api/mcp/s/…MQ==/mcp');
    assert.ok(!maskPathTokens(`mcp.zapier.com/api/mcp/s/${ZAPIER}/mcp`).includes(ZAPIER.slice(0, 12)));
  });
  it("valid: commit shas, model names, UUIDs and short segments are kept", () => {
    for (const u of [
      'https://huggingface.co/org/m/resolve/0123456789abcdef0123456789abcdef01234567/model.safetensors',
      'https://example.com/models/Qwen2VLForConditionalGeneration/config',
      'https://example.com/v1/DeepSeekR1DistillQwen32BInstructFinal/mcp',
      'https://mcp.example.com/t/123e4567-e89b-12d3-a456-426614174000/sse',
      'https://api.githubcopilot.com/mcp/',
    ]) assert.equal(maskPathTokens(u), u);
  });
});

describe('scrubSecrets (free text an output shows)', () => {
  it('valid: text without secrets is kept', () => {
    for (const t of ['^4.0.0', 'git+https://github.com/openai/openai-node.git#v4.2.0', 'https://api.openai.com/v1/chat/completions', 'line 3: cannot parse "openai===="', 'https://user@registry.example.com/x.tgz', 'sklearn_model_v2 in sk_small']) assert.equal(scrubSecrets(t, catalog), t);
  });
  it('invalid: keys anywhere, URL user info and keys cut short are masked', () => {
    const oa = KEYS.openaiProject();
    const an = KEYS.anthropic();
    const cases: [string, string][] = [
      [`git+https://${oa}:x-oauth-basic@github.com/openai/openai-node.git`, 'git+https://sk-proj-…'],
      [`https://user:${an}@registry.example.com/sdk-0.1.0.tgz`, 'https://user:…@registry.example.com/sdk-0.1.0.tgz'],
      [`https://api.openai.com/v1/${oa}/chat`, 'https://api.openai.com/v1/sk-proj-…'],
      [`line 1: cannot parse "OPENAI_API_KEY=${oa.slice(0, 77)}"`, 'line 1: cannot parse "OPENAI_API_KEY=sk-proj-…'],
    ];
    for (const [text, start] of cases) {
      const out = scrubSecrets(text, catalog);
      assert.ok(out.startsWith(start), `${out}`);
      for (const key of [oa, an]) assert.ok(!out.includes(key.slice(12, 28)), out);
    }
  });
});
