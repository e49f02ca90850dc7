import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadRules } from '../../src/rules/load.js';
import { secretsCatalog } from '../../src/secrets/catalog.js';
import { scanNotebook, scanText } from '../../src/secrets/match.js';
import { KEYS } from './secrets-cases.js';

const cat = secretsCatalog(loadRules());
const lines = (s: string): string[] => s.split(/(?<=\n)/);
const notebook = (cells: unknown[], extra: Record<string, unknown> = {}): string => JSON.stringify({ cells, metadata: {}, nbformat: 4, nbformat_minor: 5, ...extra }, null, 1);
const code = (source: string, outputs: unknown[] = []): unknown => ({ cell_type: 'code', execution_count: 1, metadata: {}, source: lines(source), outputs });

describe('scanNotebook', () => {
  it('finds keys in code cells with the cell index and the line inside the cell', () => {
    const k = KEYS.anthropic();
    const text = notebook([{ cell_type: 'markdown', metadata: {}, source: ['# Title\n', 'text'] }, code(`import os\n\nclient = anthropic.Anthropic(api_key="${k}")\n`)]);
    // On disk the source is JSON: the key is followed by \" and the line breaks are \n escapes.
    assert.ok(text.includes(`${k}\\"`));
    const m = scanNotebook(text, cat);
    assert.equal(m.length, 1);
    assert.deepEqual({ rule: m[0]?.ruleId, cell: m[0]?.cell, line: m[0]?.line, column: m[0]?.column, output: m[0]?.output }, { rule: 'secrets/anthropic-api-key', cell: 1, line: 3, column: 39, output: undefined });
    assert.equal(m[0]?.raw, k);
  });

  it('finds keys in saved outputs (stream text, execute_result text/plain) with output: true', () => {
    const a = KEYS.openaiProject();
    const b = KEYS.groq();
    const c = KEYS.mistral();
    const text = notebook([
      code('print(os.environ["OPENAI_API_KEY"])\n', [{ output_type: 'stream', name: 'stdout', text: ['first line\n', `${a}\n`] }]),
      code('os.environ["GROQ_API_KEY"]\n', [{ output_type: 'execute_result', execution_count: 2, metadata: {}, data: { 'text/plain': [`'${b}'`] } }]),
      code('%env\n', [{ output_type: 'stream', name: 'stdout', text: [`HOME=/root\nMISTRAL_API_KEY=${c}\n`] }]),
    ]);
    const m = scanNotebook(text, cat).map((x) => [x.ruleId, x.cell, x.line, x.output]);
    assert.deepEqual(m, [
      ['secrets/openai-project-key', 0, 2, true],
      ['secrets/groq-api-key', 1, 1, true],
      ['secrets/mistral-api-key', 2, 2, true],
    ]);
  });

  it('uses the whole notebook for file-wide context and the whole cell for nearby context', () => {
    const aws = KEYS.awsAkia();
    const az = KEYS.azureOther();
    const text = notebook([
      code('import boto3\nbedrock = boto3.client("bedrock-runtime")\n'),
      code(`AWS_ACCESS_KEY_ID = "${aws}"\n`),
      code('os.environ["AZURE_OPENAI_ENDPOINT"] = "https://x.openai.azure.com/"\nos.environ["AZURE_OPENAI_API_KEY"]\n', [{ output_type: 'execute_result', metadata: {}, data: { 'text/plain': [`'${az}'`] } }]),
    ]);
    const m = scanNotebook(text, cat).map((x) => [x.ruleId, x.cell, x.output ?? false]);
    assert.deepEqual(m, [
      ['secrets/aws-access-key-bedrock', 1, false],
      ['secrets/azure-ai-services-key', 2, true],
    ]);
  });

  it('finds keys in notebook metadata at their file position', () => {
    const k = KEYS.hfUser();
    const text = notebook([code('x = 1\n')], { metadata: { widgets: { state: { token: k } } } });
    const m = scanNotebook(text, cat);
    assert.equal(m.length, 1);
    assert.equal(m[0]?.cell, undefined);
    const line = text.split('\n').findIndex((l) => l.includes(k)) + 1;
    assert.equal(m[0]?.line, line);
    assert.equal(text.split('\n')[line - 1]?.slice((m[0]?.column ?? 0) - 1).startsWith(k), true);
  });

  it('reads nbformat 3 worksheets', () => {
    const k = KEYS.replicate();
    const text = JSON.stringify({ nbformat: 3, worksheets: [{ cells: [{ cell_type: 'code', input: ['import replicate\n', `REPLICATE_API_TOKEN = "${k}"\n`], outputs: [] }] }] });
    const m = scanNotebook(text, cat);
    assert.deepEqual(m.map((x) => [x.ruleId, x.cell, x.line]), [['secrets/replicate-api-token', 0, 2]]);
  });

  it('scans a malformed notebook as text', () => {
    const k = KEYS.perplexity();
    const text = `{"cells": [{"source": ["PERPLEXITY_API_KEY = \\"${k}\\"\\n"`;
    const m = scanNotebook(text, cat);
    assert.equal(m.length, 1);
    assert.equal(m[0]?.cell, undefined);
    assert.equal(m[0]?.raw, k);
  });

  it('scanText hands .ipynb paths to scanNotebook', () => {
    const k = KEYS.groq();
    const text = notebook([code(`GROQ_API_KEY = "${k}"\n`)]);
    assert.equal(scanText(text, cat, { path: 'a/b.ipynb' })[0]?.cell, 0);
    assert.equal(scanText(text, cat, { path: 'a/b.json' })[0]?.cell, undefined);
  });

  it('does not report placeholders and lookups in cells', () => {
    const text = notebook([code('import os\nos.environ["OPENAI_API_KEY"] = "sk-..."\nkey = os.environ["ANTHROPIC_API_KEY"]\n', [{ output_type: 'stream', name: 'stdout', text: ['OPENAI_API_KEY=${OPENAI_API_KEY}\n'] }])]);
    assert.deepEqual(scanNotebook(text, cat), []);
  });
});
