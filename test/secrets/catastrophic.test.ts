/** Bounded work: large single-line inputs finish in linear time. */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { loadRules } from '../../src/rules/load.js';
import { secretsCatalog } from '../../src/secrets/catalog.js';
import { scanNotebook, scanText } from '../../src/secrets/match.js';

const cat = secretsCatalog(loadRules());
const MB5 = 5 * 1024 * 1024;

/**
 * Linear work on 5 MB takes well under a second alone (0.02–0.45 s here); the bound is 4 s so a
 * CI machine running other tests at the same time does not fail it, while backtracking (minutes
 * to hours on such inputs) still does.
 */
function timed(text: string, limitMs = 4000): number {
  const t0 = performance.now();
  const m = scanText(text, cat);
  const dt = performance.now() - t0;
  assert.ok(dt < limitMs, `${dt.toFixed(0)} ms`);
  return m.length;
}

describe('catastrophic input', () => {
  it('a 5 MB line of a', () => assert.equal(timed('a'.repeat(MB5)), 0));
  it('a 5 MB line of base64', () => assert.equal(timed(randomBytes((MB5 * 3) / 4).toString('base64')), 0));
  it('5 MB of keyword prefixes with nothing after them', () => {
    assert.equal(timed('hf_'.repeat(MB5 / 3)), 0);
    assert.equal(timed('sk-'.repeat(MB5 / 3)), 0);
    assert.equal(timed('api_key: "'.repeat(MB5 / 10)), 0);
    assert.equal(timed('key='.repeat(MB5 / 4)), 0);
    assert.equal(timed('_'.repeat(MB5)), 0);
  });
  it('5 MB of near-miss keys', () => {
    assert.equal(timed(('x'.repeat(52) + 'JQQJ99').repeat(MB5 / 58)), 0);
    assert.equal(timed(('sk-' + 'T3BlbkFJ'.repeat(20) + ' ').repeat(MB5 / 164)), 0);
    assert.equal(timed(('AKIA' + 'A'.repeat(12)).repeat(MB5 / 16) + ' bedrock'), 0);
    assert.equal(timed(('mistral api_key=' + 'a1B2'.repeat(10) + ' ').repeat(MB5 / 57)), 0);
  });
  it('5 MB of typed declarations, builder calls and credential constructors beside an Azure endpoint', () => {
    // Each value is assigned and in scope of the endpoint, so every head goes through the
    // declaration and call patterns and attribution before the placeholder check drops it.
    const az = 'openai.azure.com ';
    const v = 'a1'.repeat(16);
    const fill = (unit: string): string => unit.repeat(Math.ceil(MB5 / unit.length));
    assert.equal(timed(fill(`${az}private static final String API_KEY = "${v}"\n`)), 0);
    assert.equal(timed(fill(`${'public static final String '.repeat(4)}apiKey: String = "${v}"\n${az}`)), 0);
    assert.equal(timed(fill(`${az}\nAzureKeyCredential key = new("${v}");\n  .credential(new AzureKeyCredential("${v}"))\n`)), 0);
    assert.equal(timed(fill(`.apiKey(new AzureKeyCredential(.credential(${az}`)), 0);
    assert.equal(timed(fill(`key: ${'A'.repeat(39)} = ${v} ApiKey { get; set; set; set; } = "${v}" ${az}`)), 0);
    assert.equal(timed(fill(`azure.ai.openai.openai.openai/openai/openai:openai key="${v}" api_key_sha_md5_etag_key=${v} `)), 0);
  });
  it('a minified bundle with a key in the middle is found once', () => {
    const key = `sk-ant-api03-${'AbC1_-xYz9'.repeat(9)}QrsAA`;
    const parts: string[] = [];
    for (let i = 0; i < 40000; i++) parts.push(`function f${i}(a){return a.x${i}||"v${i}"}`);
    parts.splice(20000, 0, `var k="${key}"`);
    const text = parts.join(';');
    const t0 = performance.now();
    const m = scanText(text, cat);
    assert.ok(performance.now() - t0 < 1000);
    assert.equal(m.length, 1);
    assert.equal(m[0]?.line, 1);
    assert.equal(text.slice((m[0]?.column ?? 0) - 1, (m[0]?.endColumn ?? 0) - 1), key);
  });
  it('a 5 MB notebook cell', () => {
    const t0 = performance.now();
    scanNotebook(JSON.stringify({ cells: [{ cell_type: 'code', source: ['x = "' + 'a'.repeat(MB5) + '"'], outputs: [] }] }), cat);
    assert.ok(performance.now() - t0 < 1000);
  });
});
