/**
 * The Python front-end for Hugging Face pulls and unsafe loaders: tables of calls that must be
 * found (with the id, revision and flags resolved) and decoys that must not.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { pythonHfSites } from '../../src/hf/python-pulls.js';
import { LOADERS, PULLS } from './python-cases.js';

describe('Python Hugging Face pulls', () => {
  for (const c of PULLS) {
    it(c.name, async () => {
      const r = await pythonHfSites(c.code);
      assert.equal(r.pulls.length, c.expect.length, JSON.stringify(r.pulls));
      c.expect.forEach((e, i) => {
        const got = r.pulls[i] as unknown as Record<string, unknown>;
        for (const [k, v] of Object.entries(e)) assert.deepEqual(got[k], v, `${k} of ${JSON.stringify(got)}`);
      });
    });
  }
});

describe('Python unsafe loaders', () => {
  for (const c of LOADERS) {
    it(c.name, async () => {
      const r = await pythonHfSites(c.code);
      assert.equal(r.loaders.length, c.expect.length, JSON.stringify(r.loaders));
      c.expect.forEach((e, i) => {
        const got = r.loaders[i];
        assert.equal(got?.rule, e.rule);
        if (e.call) assert.equal(got?.call, e.call);
        if (e.severity) assert.equal(got?.severity, e.severity);
      });
    });
  }

  it('a huge file without any hint is not parsed', async () => {
    const r = await pythonHfSites('x = 1\n'.repeat(200_000));
    assert.deepEqual(r, { pulls: [], loaders: [] });
  });
});

describe('Python pulls: hostile input stays linear', () => {
  it('long lines of assignment targets and from_pretrained calls beside a pipeline given a name', async () => {
    const t0 = Date.now();
    const line = `${'a, '.repeat(100_000)}a = AutoModel.from_pretrained("org/m")\n`;
    await pythonHfSites(`from transformers import AutoModel, pipeline\n${line}${'x = AutoModel.from_pretrained("org/m")\n'.repeat(20_000)}pipeline("fill-mask", model=a)\n`);
    assert.ok(Date.now() - t0 < 10_000, `took ${Date.now() - t0} ms`);
  });

  it('5,000 pulls (under the parse bounds), each given its own dict by name and its own command-line option', async () => {
    const t0 = Date.now();
    let src = 'import argparse\nfrom transformers import AutoModel\nparser = argparse.ArgumentParser()\n';
    for (let i = 0; i < 5_000; i++) src += `parser.add_argument("--m${i}", default="org/m${i}")\nkw${i} = {"trust_remote_code": ${i % 2 ? 'True' : 'False'}}\n`;
    src += 'args = parser.parse_args()\n';
    for (let i = 0; i < 5_000; i++) src += `AutoModel.from_pretrained(args.m${i}, **kw${i})\n`;
    const r = await pythonHfSites(src);
    assert.equal(r.pulls.length, 5_000);
    assert.equal(r.pulls[0]?.id, 'org/m0');
    assert.equal(r.pulls[1]?.trustRemoteCode, true);
    assert.ok(Date.now() - t0 < 10_000, `took ${Date.now() - t0} ms`);
  });
});
