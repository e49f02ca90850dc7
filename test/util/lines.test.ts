import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lfBreaks, lineOf, lineStarts } from '../../src/util/lines.js';

describe('lineStarts: the two notions of a line break', () => {
  // Each case: text, then the line starts for 'lf' and 'cr-lf'.
  const CASES: [string, number[], number[]][] = [
    ['', [0], [0]],
    ['a\nb\n', [0, 2, 4], [0, 2, 4]],
    ['a\r\nb\r\n', [0, 3, 6], [0, 3, 6]],
    ['a\rb\r', [0], [0, 2, 4]],
    ['a\rb\r\nc\nd', [0, 5, 7], [0, 2, 5, 7]],
    ['\r\r\n\n', [0, 3, 4], [0, 1, 3, 4]],
    // U+2028 and U+2029 end no line (TypeScript's lines do; editors' and SARIF's do not).
    ['a\u2028b\u2029c', [0], [0]],
  ];
  for (const [text, lf, crlf] of CASES) {
    it(JSON.stringify(text), () => {
      assert.deepEqual(lineStarts(text), lf);
      assert.deepEqual(lineStarts(text, 'lf'), lf);
      assert.deepEqual(lineStarts(text, 'cr-lf'), crlf);
    });
  }
  it('lineOf finds the line of an offset, a line end included in its line', () => {
    const starts = lineStarts('ab\rcd\r\nef', 'cr-lf');
    assert.deepEqual([0, 2, 3, 5, 6, 7, 8].map((at) => lineOf(starts, at)), [0, 0, 1, 1, 1, 2, 2]);
  });
});

describe('lfBreaks: lone CRs made LFs, one character for one', () => {
  // Each case: text, and the same text as an LF-only reader must see it.
  const CASES: [string, string][] = [
    ['a\nb', 'a\nb'],
    ['a\r\nb\r\n', 'a\r\nb\r\n'],
    ['a\rb\r', 'a\nb\n'],
    ['\r\r\n\r', '\n\r\n\n'],
    // No line ends: an escaped \r, U+2028/U+2029.
    ['a\\rb\u2028c\u2029', 'a\\rb\u2028c\u2029'],
  ];
  for (const [text, want] of CASES) {
    it(JSON.stringify(text), () => {
      assert.equal(lfBreaks(text), want);
      assert.deepEqual(lineStarts(lfBreaks(text)), lineStarts(text, 'cr-lf'));
    });
  }
});
