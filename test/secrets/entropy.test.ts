import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { loadRules } from '../../src/rules/load.js';
import { secretsCatalog } from '../../src/secrets/catalog.js';
import { shannonEntropy } from '../../src/secrets/entropy.js';
import { camelShaped, isCamelIdentifier, isSlug, longestRun, longestSequence, placeholderReason, shortPeriod } from '../../src/secrets/placeholder.js';
import { isAssigned, looksRandom } from '../../src/secrets/match.js';
import { Rng } from '../../fixtures/gen/secret-corpus.js';

const limits = secretsCatalog(loadRules()).placeholders;

describe('shannonEntropy', () => {
  it('is 0 for one repeated character and log2(n) for n distinct ones', () => {
    assert.equal(shannonEntropy(''), 0);
    assert.equal(shannonEntropy('aaaaaaaa'), 0);
    assert.equal(shannonEntropy('ab'), 1);
    assert.equal(shannonEntropy('abcd'), 2);
    assert.ok(Math.abs(shannonEntropy('0123456789abcdef') - 4) < 1e-12);
    assert.ok(Math.abs(shannonEntropy('aab') - 0.9182958340544896) < 1e-12);
  });

  it('scores random keys well above placeholders', () => {
    const rng = new Rng(3);
    const alnum = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
    let min = 8;
    for (let i = 0; i < 200; i++) {
      let s = '';
      for (let j = 0; j < 40; j++) s += alnum[rng.int(alnum.length)];
      min = Math.min(min, shannonEntropy(s));
    }
    assert.ok(min > 4.4, `min ${min}`);
    assert.ok(shannonEntropy('YOUR_API_KEY_HERE_YOUR_API_KEY') < 3.6);
  });
});

describe('placeholders', () => {
  it('measures runs, sequences and periods', () => {
    assert.equal(longestRun('abxxxxxcd'), 5);
    assert.equal(longestRun(''), 0);
    assert.equal(longestSequence('zzabcdefzz'), 6);
    assert.equal(longestSequence('9876543'), 7);
    assert.equal(longestSequence('a1b2c3'), 1);
    assert.equal(shortPeriod('ab12ab12ab12', 8), 4);
    assert.equal(shortPeriod('ab12ab12ab13', 8), 0);
  });

  it('recognises the placeholders people write', () => {
    for (const v of ['YOUR_API_KEY', 'sk-your-key-here', 'xxxxxxxxxxxxxxxxxxxxxxxx', 'sk-...', 'REPLACE_ME_1234567890', 'abcdefghijklmnop', 'ExampleKey1234567', 'FAKEFAKEFAKE', '0000000000000000', 'a1b2c3d4a1b2c3d4a1b2c3d4', 'changeme-now', 'sk-proj-…'])
      assert.ok(placeholderReason(v, limits), v);
  });

  it('does not count a placeholder word in random mixed case', () => {
    assert.equal(placeholderReason('Bn4YFHrjMS02leYRce9gLhkMURfhaN86FRHs2fEUxfAkEzxQ', limits), undefined);
    assert.ok(placeholderReason('Bn4YFHrjMS02leYRce9gLhkMURfhaN86FRHs2fEUxfakeEzxQ', limits));
  });

  it('passes random keys', () => {
    const rng = new Rng(11);
    const alnum = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
    let flagged = 0;
    for (let i = 0; i < 2000; i++) {
      let s = '';
      for (let j = 0; j < 48; j++) s += alnum[rng.int(alnum.length)];
      if (placeholderReason(s, limits)) flagged++;
    }
    assert.ok(flagged <= 2, `${flagged} of 2000 random keys called placeholders`);
  });
});

describe('generic value shape', () => {
  it('accepts random tokens and refuses names', () => {
    assert.ok(looksRandom('hwkNKhoV0OmdJLmNtOqp-aRU0UJFR1d44c9k7uFa'));
    assert.ok(!looksRandom('openai-community/gpt2-large-v2024'));
    assert.ok(!looksRandom('text-embedding-3-large-2024'));
    assert.ok(!looksRandom('ABCDEFGHIJKLMNOPQRSTUVWX'));
  });
  it('calls identifiers slugs and random keys with separators not', () => {
    for (const v of ['ms-azure-rtos-2023-05', 'acki-nacki-node-2024-10-04', 'stability-ai-nc-2023-12-06', 'stability_ai_nc_2023_12_06', 'stability.ai.nc.2023.12.06', 'ms-azure-2023', 'a-1-b'])
      assert.ok(isSlug(v, 3), v);
    for (const v of [
      'azure-2023', // two segments
      'f47ac10b-58cc-4372-a567-0e02b2c3d479', // UUID: hex segments mix letters and digits
      'a8f3k-29dk3-xq7p2-mm4k1',
      'Stability-Ai-2023-12', // upper case
      'hwkNKhoV0OmdJLmNtOqp-aRU0UJFR1d44c9k7uFa',
      'stability--ai-2023', // empty segment
      '-stability-ai-2023',
      'stability-ai-2023-',
      'stability+ai+2023+12',
      'stabilityai20231206',
    ])
      assert.ok(!isSlug(v, 3), v);
    assert.ok(!isSlug('ms-azure-rtos-2023-05', 6));
    assert.ok(isSlug('ms-azure-rtos-2023-05', 5));
  });
  it('calls camel-case names identifiers and random keys not', () => {
    for (const v of ['azureEntraCognitiveServicesOAuth2Api', 'huggingFaceApiTokenV2', 'awsS3BucketCredentials', 'OpenRouterApiKey2', 'myApiKeyV2', 'mistralCloudApi2Credentials', 'azureOpenAI2'])
      assert.ok(isCamelIdentifier(v, 3), v);
    for (const v of [
      'hwkNKhoV0OmdJLmNtOqp-aRU0UJFR1d44c9k7uFa',
      'sk2AbcDefGhi', // an acronym then a one-letter run
      'gpt4oMini', // a digit inside a word
      'xkcdQrstWvzaTokenV2', // a word without a vowel, four consonants in a row
      'openAiABCDEFGHKey', // acronyms too long
      'HipUNrjzIlgZDKFUKnehG7', // random letters that happen to alternate
      'azure_open_ai_v2',
    ])
      assert.ok(!isCamelIdentifier(v, 3), v);
    assert.ok(isCamelIdentifier('apiKeyV2', 3));
    assert.ok(!isCamelIdentifier('apiKeyV2', 4));
    assert.ok(isCamelIdentifier('myApiKeyV2', 4));
  });
  it('reads the camel-case shape as its regular expression does, in one pass', () => {
    const shape = /^(?:[a-z]{2,}|[A-Z][a-z]{2,})(?:[A-Z][a-z]{2,}|[A-Z0-9]{1,4}(?=[A-Z]|$))+$/;
    for (const v of ['abc1Def', 'abc1', 'abcD1ef', 'abcABCDef', 'abcABCDEFef', 'AbcDef', 'Abc', 'abCdE', 'abAB12CDef', 'abc_Def', ''])
      assert.equal(camelShaped(v), shape.test(v), v);
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'b', 'e', 'A', 'B', 'E', '1', '0', '_'), maxLength: 14 }), (v) => camelShaped(v) === shape.test(v)),
      { numRuns: 20_000 },
    );
  });
  it('answers at once for long runs of capitals (the regular expression took seconds)', () => {
    const t = performance.now();
    for (const v of [`ab${'A'.repeat(5000)}b`, `abQ1${'W2E3R4T5'.repeat(600)}b`, `ab${'ABCDEfg'.repeat(1000)}!`]) assert.equal(isCamelIdentifier(v, 3), false);
    assert.ok(performance.now() - t < 1000, `${performance.now() - t} ms`);
  });
});

describe('isAssigned', () => {
  const at = (t: string): boolean => isAssigned(t, t.indexOf('VALUE'));
  it('recognises assignments to key-like names in every syntax', () => {
    for (const t of [
      'API_KEY=VALUE', 'export MISTRAL_API_KEY="VALUE"', 'api_key: VALUE', '"apiKey": "VALUE"', 'api_key = "VALUE"', 'apiKey := `VALUE`',
      'ENV X_API_KEY VALUE', 'os.environ["X_API_KEY"] = "VALUE"', 'os.environ.setdefault("X_API_KEY", \'VALUE\')', 'Authorization: Bearer VALUE',
      'process.env.X_API_KEY ??= `VALUE`', 'client(api_key="VALUE")', '- name: X_API_KEY\n  value: "VALUE"', 'variable "x_api_key" {\n  type = string\n  default = "VALUE"\n}',
      '{\\"token\\": \\"VALUE',
      // Typed languages: declarations, builder calls, credential constructors.
      'private static final String API_KEY = "VALUE', 'AzureKeyCredential key = new("VALUE', 'new AzureKeyCredential("VALUE', '.apiKey("VALUE',
      'credential=AzureKeyCredential("VALUE', 'new ApiKeyCredential("VALUE', 'val apiKey: String = "VALUE', 'var apiKey string = "VALUE',
      'public string ApiKey { get; set; } = "VALUE',
    ])
      assert.ok(at(t), t);
  });
  it('refuses values that are not assigned to a key-like name', () => {
    for (const t of ['model: VALUE', '# run VALUE', 'tokenizer = "VALUE"', 'sha256:VALUE', 'x = VALUE', '- name: MODEL\n  value: "VALUE"', 'String checksum = "VALUE'])
      assert.ok(!at(t), t);
  });
  it('refuses key-like names that say hash or id', () => {
    for (const t of ['api_key_sha = "VALUE', 'AZURE_OPENAI_KEY_MD5=VALUE', '"etag_key": "VALUE', 'cacheKey: VALUE', 'val api_key_hash: String = "VALUE', 'commit_token=VALUE', 'idempotency-key: VALUE'])
      assert.ok(!at(t), t);
  });
});
