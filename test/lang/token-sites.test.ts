import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { urlSites } from '../../src/lang/config-text.js';
import { goStringSites } from '../../src/lang/go.js';
import { skipInterpolatedCode, withKeys } from '../../src/lang/token-sites.js';

describe('withKeys: URL sites of the lexical scan merged with a front-end\'s keyed sites', () => {
  const merged = (src: string) => withKeys(urlSites(src), goStringSites(src)).map((s) => `${s.line}:${s.column} ${s.key ?? '-'}=${s.value}`);

  it('a URL both find takes the front-end\'s key, once (at the scan\'s column, the URL\'s first character); model names are added in order', () => {
    const src = 'package x\nvar c = openai.NewClient(option.WithBaseURL("https://api.deepinfra.com/v1/openai"))\nvar r = Req{Model: "gpt-4o"}\n';
    assert.deepEqual(merged(src), ['2:46 WithBaseURL=https://api.deepinfra.com/v1/openai', '3:20 Model=gpt-4o']);
  });

  it('URLs no front-end keys keep the scan\'s key or none', () => {
    const src = 'package x\nconst u = "https://api.openai.com/v1"\nfunc f() { log.Print("see https://api.x.ai/v1") }\n';
    assert.deepEqual(merged(src), ['2:12 u=https://api.openai.com/v1', '3:27 -=https://api.x.ai/v1']);
  });

  it('a keyed URL the scan does not give as such (an escape in it) is added as the front-end read it', () => {
    const src = 'package x\nvar cfg = openai.ClientConfig{BaseURL: "https:\\x2f/api.deepseek.com"}\n';
    assert.deepEqual(merged(src), ['2:40 BaseURL=https://api.deepseek.com']);
  });

  it('runs in linear time on many sites (a C# file of 100,000 model names and URLs)', () => {
    const n = 100_000;
    const urls = Array.from({ length: n }, (_, i) => ({ value: 'https://api.openai.com/v1', line: i + 1, column: 31 }));
    const keyed = Array.from({ length: n }, (_, i) => [{ value: 'https://api.openai.com/v1', line: i + 1, column: 30, key: 'endpoint' }, { value: 'gpt-4o', line: i + 1, column: 10, key: 'model' }]).flat();
    const t0 = performance.now();
    const out = withKeys(urls, keyed);
    assert.ok(performance.now() - t0 < 2000);
    assert.equal(out.length, 2 * n);
    assert.deepEqual(out.slice(0, 2), [{ value: 'gpt-4o', line: 1, column: 10, key: 'model' }, { value: 'https://api.openai.com/v1', line: 1, column: 31, key: 'endpoint' }]);
  });

  it('nothing keyed: the scan as it is', () => {
    const urls = urlSites('x = "https://api.openai.com"');
    assert.equal(withKeys(urls, []), urls);
  });
});

describe('skipInterpolatedCode: the code of a Ruby/PHP string interpolation', () => {
  // A string is skipped to its closing quote (no escapes: enough for the table below).
  const plain = (s: string) => (q: string, at: number) => {
    const e = s.indexOf(q, at);
    return e < 0 ? s.length : e + 1;
  };
  const cases: [string, string, string, number][] = [
    ['ends at its own brace', 'a}rest', '"', 2],
    ['nested braces', 'h = {a: {b: 1}}}rest', '"', 16],
    ['a brace in a string inside it does not count', 'x["}"]}rest', '"', 7],
    ['a quote that is not one of the quotes is no string', 'x["}"]}rest', "'", 4],
    ['never closed: the end of the text', 'a { b', '"', 5],
    ['an unterminated string inside it: the end of the text', 'x["}', '"', 4],
  ];
  for (const [name, s, quotes, end] of cases) {
    it(name, () => assert.equal(skipInterpolatedCode(s, 0, quotes, plain(s)), end));
  }
  it('linear on 3 MB of nested openings', () => {
    const s = '{'.repeat(3_000_000);
    const t = performance.now();
    assert.equal(skipInterpolatedCode(s, 0, '"', plain(s)), s.length);
    assert.ok(performance.now() - t < 2000);
  });
});
