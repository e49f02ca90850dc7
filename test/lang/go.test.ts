import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { goImports } from '../../src/lang/go.js';

const specs = (src: string): string[] => goImports(src).map((s) => s.specifier);

describe('goImports', () => {
  const cases: { name: string; src: string; want: string[] }[] = [
    { name: 'single import', src: 'package main\n\nimport "fmt"\n', want: ['fmt'] },
    { name: 'alias', src: 'package main\nimport openai "github.com/sashabaranov/go-openai"\n', want: ['github.com/sashabaranov/go-openai'] },
    { name: 'blank and dot', src: 'package x\nimport _ "embed"\nimport . "strings"\n', want: ['embed', 'strings'] },
    { name: 'raw string path', src: 'package x\nimport `github.com/openai/openai-go`\n', want: ['github.com/openai/openai-go'] },
    {
      name: 'block with aliases, comments and semicolons',
      src: 'package x\n\nimport (\n\t"context" // ctx\n\toai "github.com/openai/openai-go"\n\t/* "not/this" */\n\t_ "github.com/lib/pq"; . "math"\n\tanthropic `github.com/anthropics/anthropic-sdk-go`\n)\n',
      want: ['context', 'github.com/openai/openai-go', 'github.com/lib/pq', 'math', 'github.com/anthropics/anthropic-sdk-go'],
    },
    { name: 'two blocks and a single', src: 'package x\nimport ("a")\nimport "b"\nimport (\n"c"\n)\n', want: ['a', 'b', 'c'] },
    { name: 'escapes in the path are decoded', src: 'package x\nimport "git\\x68ub.com/a/b"\n', want: ['github.com/a/b'] },
    { name: 'line comment decoy', src: 'package x\n// import "evil"\nimport "fmt"\n', want: ['fmt'] },
    { name: 'block comment decoy', src: 'package x\n/* import "evil"\n*/\nimport "fmt"\n', want: ['fmt'] },
    { name: 'string after declarations is not an import', src: 'package x\nimport "fmt"\nvar s = "import \\"os\\""\nfunc f() { _ = `import "net"` }\n', want: ['fmt'] },
    { name: 'import after a declaration is ignored', src: 'package x\nfunc f() {}\nimport "late"\n', want: [] },
    { name: 'rune literals do not confuse the lexer', src: "package x\nconst c = '\"'\nimport \"after\"\n", want: [] },
    { name: 'no package clause still reads the header', src: 'import "fmt"\n', want: ['fmt'] },
    { name: 'BOM', src: '\ufeffpackage x\nimport "fmt"\n', want: ['fmt'] },
    { name: 'unterminated block', src: 'package x\nimport (\n"a"\n"b"\n', want: ['a', 'b'] },
    { name: 'unterminated string', src: 'package x\nimport "abc\nimport "d"\n', want: ['abc', 'd'] },
    { name: 'malformed spec stops reading', src: 'package x\nimport ( 42 "a" )\n', want: [] },
    { name: 'empty', src: '', want: [] },
  ];
  for (const c of cases) it(c.name, () => assert.deepEqual(specs(c.src), c.want));

  it('reports 1-based positions of the path, kind and alias', () => {
    const src = 'package main\n\nimport (\n\t"fmt"\n\toai "github.com/openai/openai-go"\n)\n';
    assert.deepEqual(goImports(src), [
      { specifier: 'fmt', kind: 'go-import', line: 4, column: 2 },
      { specifier: 'github.com/openai/openai-go', kind: 'go-import', line: 5, column: 6, names: ['oai'] },
    ]);
  });

  it('counts lines inside raw strings and block comments', () => {
    const src = 'package x\n/* a\nb\nc */\nimport `x\ny`\nimport "z"\n';
    const got = goImports(src);
    assert.deepEqual(got.map((s) => [s.specifier, s.line, s.column]), [['x\ny', 5, 8], ['z', 7, 8]]);
  });

  it('never throws on random text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (s) => {
        goImports(s);
        goImports('package x\nimport (\n' + s);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on Go-ish token soup', () => {
    const tok = fc.constantFrom('package', 'import', 'x', '(', ')', '"a"', '`b`', "'c'", '//', '/*', '*/', '\n', ';', '.', '_', '"', '`', '\\', ' ');
    fc.assert(fc.property(fc.array(tok, { maxLength: 200 }), (toks) => void goImports(toks.join(''))), { numRuns: 500 });
  });

  it('runs in linear time on large inputs', () => {
    const big = 'package x\nimport (\n' + '\t"a/b"\n'.repeat(200_000) + ')\n';
    const t0 = performance.now();
    assert.equal(goImports(big).length, 200_000);
    const junk = '/*'.repeat(100_000) + '"'.repeat(100_000) + '`'.repeat(100_001);
    goImports(junk);
    assert.ok(performance.now() - t0 < 3000);
  });
});
