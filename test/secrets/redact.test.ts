import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { loadRules } from '../../src/rules/load.js';
import { secretsCatalog } from '../../src/secrets/catalog.js';
import { fingerprint, KNOWN_PREFIXES, keyPrefix, maskSecret, secretHash } from '../../src/secrets/redact.js';
import { KEY_GENERATORS, Rng, entryKey } from '../../fixtures/gen/secret-corpus.js';

const cat = secretsCatalog(loadRules());

/** The random part of a key: what follows its known prefix. */
const randomPart = (raw: string): string => raw.slice(keyPrefix(raw).length);

/** Every 5-character window of `s`. */
const windows5 = (s: string): string[] => Array.from({ length: Math.max(0, s.length - 4) }, (_, i) => s.slice(i, i + 5));

describe('maskSecret', () => {
  it('shows the provider prefix, an ellipsis and the last 4 characters', () => {
    assert.equal(maskSecret('sk-proj-AAAABBBBCCCCDDDDEEEEFFFF1234'), 'sk-proj-…1234');
    assert.equal(maskSecret('hf_abcdefghijklmnopqrstuvwxyzABCDWXYZ'), 'hf_…WXYZ');
    // A made-up Google key shape; the comment below keeps Lantern's scan of its own repo clean.
    // lantern-ignore secrets/google-ai-key
    assert.equal(maskSecret('AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q'), 'AIza…5p6Q');
    // Prefixes longer than 11 characters are cut, so no 12 characters of a key appear together.
    assert.equal(maskSecret('sk-ant-api03-' + 'x'.repeat(93) + 'AA'), 'sk-ant-…xxAA');
    assert.equal(maskSecret('bedrock-api-key-' + 'Q'.repeat(60) + 'zz'), 'bedrock-…QQzz');
    assert.equal(maskSecret('0123456789abcdef0123456789abcdef'), '…cdef');
  });

  it('shows no tail for keys shorter than 16 characters', () => {
    assert.equal(maskSecret('gsk_abc123'), 'gsk_…');
    assert.equal(maskSecret('abcdefghijklmno'), '…');
    assert.equal(maskSecret(''), '…');
  });

  it('never shows more than 4 characters of the random part, for keys of every catalog entry', () => {
    const rng = new Rng(7);
    for (const e of cat.entries) {
      const gen = KEY_GENERATORS[entryKey(e)];
      assert.ok(gen, entryKey(e));
      for (let i = 0; i < 20; i++) {
        const raw = gen(rng);
        const mask = maskSecret(raw, e.rule);
        const body = randomPart(raw);
        const shown = mask.slice(mask.indexOf('…') + 1);
        assert.ok(shown.length <= 4, `${e.rule}: ${shown.length} characters shown`);
        // The prefix shown is the format's prefix, cut to at most 11 characters.
        const lead = mask.slice(0, mask.indexOf('…'));
        assert.ok(keyPrefix(raw).startsWith(lead) && lead.length <= 11, e.rule);
        for (const w of windows5(body)) assert.ok(!mask.includes(w), `${e.rule}: mask shows 5 random characters`);
        assert.ok(mask.length < raw.length, e.rule);
      }
    }
  });

  it('never shows more than 4 characters of any string (property)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 0, maxLength: 300 }), (raw) => {
        const mask = maskSecret(raw);
        const prefix = keyPrefix(raw);
        const lead = mask.slice(0, mask.indexOf('…'));
        assert.ok(prefix.startsWith(lead) && lead.length <= 11);
        assert.ok(mask.length - lead.length - 1 <= 4);
        if (raw.length < 16) assert.equal(mask, `${lead}…`);
      }),
      { numRuns: 500 },
    );
  });

  it('knows the literal prefix of every prefixed catalog entry', () => {
    for (const e of cat.entries) {
      if (!e.prefix) continue;
      assert.ok(KNOWN_PREFIXES.some((p) => e.prefix?.startsWith(p) || p.startsWith(e.prefix ?? '')), `${e.rule}: prefix ${e.prefix}`);
      const raw = (KEY_GENERATORS[entryKey(e)] as (r: Rng) => string)(new Rng(1));
      assert.ok(raw.startsWith(e.prefix), `${e.rule}: generated key does not start with ${e.prefix}`);
      assert.ok(keyPrefix(raw).length >= Math.min(e.prefix.length, 3), `${e.rule}: mask prefix of ${e.prefix}`);
    }
  });
});

describe('secretHash and fingerprint', () => {
  it('secretHash is the hex SHA-256 of the key', () => {
    assert.equal(secretHash('abc'), createHash('sha256').update('abc').digest('hex'));
    assert.match(secretHash('sk-x'), /^[0-9a-f]{64}$/);
  });

  it('fingerprint depends on rule and key only, 32 hex characters', () => {
    const a = fingerprint('secrets/openai-project-key', 'k1');
    assert.match(a, /^[0-9a-f]{32}$/);
    assert.equal(a, fingerprint('secrets/openai-project-key', 'k1'));
    assert.notEqual(a, fingerprint('secrets/openai-admin-key', 'k1'));
    assert.notEqual(a, fingerprint('secrets/openai-project-key', 'k2'));
    assert.equal(a, createHash('sha256').update('secrets/openai-project-key\u0000k1').digest('hex').slice(0, 32));
  });
});
