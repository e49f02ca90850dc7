import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { readHead } from '../../src/formats/source.js';

describe('readHead', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lantern-source-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('gives the first bytes, fewer for a shorter file, none for an empty one', () => {
    const f = join(dir, 'ten');
    writeFileSync(f, '0123456789');
    assert.equal(Buffer.from(readHead(f, 4)).toString(), '0123');
    assert.equal(Buffer.from(readHead(f, 64)).toString(), '0123456789');
    const e = join(dir, 'empty');
    writeFileSync(e, '');
    assert.equal(readHead(e, 16).length, 0);
  });

  it('throws the system error for a file that cannot be opened', () => {
    assert.throws(() => readHead(join(dir, 'missing'), 4), /ENOENT/);
  });
});
