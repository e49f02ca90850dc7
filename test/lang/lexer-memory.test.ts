/**
 * The lexers' per-thread token stores are reused file after file, but a large file's must not stay
 * allocated for the rest of the scan: a 6 MB generated Python module held 825,000 pooled token
 * objects (73 MB) in a scan of Debian's python3 packages until the scan ended.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { lexPython, pooledTokens, POOL_KEEP } from '../../src/lang/python-lex.js';
import { lexJs, tokenTableCapacity, TABLE_KEEP } from '../../src/lang/js-lex.js';

describe('lexer token stores after a large file', () => {
  it('Python: the token pool grows for a large file and is cut back to POOL_KEEP at the next', () => {
    const big = `DATA = [${'1, '.repeat(POOL_KEEP * 2)}]\n`;
    assert.ok(lexPython(big).length > POOL_KEEP * 2);
    assert.ok(pooledTokens() > POOL_KEEP * 2);
    const small = lexPython('import openai\nx = 1\n');
    assert.ok(small.length < 20);
    assert.ok(pooledTokens() <= POOL_KEEP, `pool holds ${pooledTokens()}`);
    // A small file after a small one keeps the pool as it is (reused, not rebuilt).
    lexPython('import anthropic\n');
    assert.ok(pooledTokens() > 0 && pooledTokens() <= POOL_KEEP);
  });

  it('JS/TS: the shared token table grows for a large file and is dropped back at the next', () => {
    const big = `export const DATA = [${'1, '.repeat(TABLE_KEEP * 2)}];\n`;
    lexJs(big, 'big.ts');
    assert.ok(tokenTableCapacity() > TABLE_KEEP * 2);
    lexJs("import OpenAI from 'openai';\n", 'small.ts');
    assert.ok(tokenTableCapacity() <= TABLE_KEEP, `table holds ${tokenTableCapacity()}`);
  });
});
