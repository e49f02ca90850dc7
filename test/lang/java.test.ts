import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { javaImports } from '../../src/lang/java.js';

const specs = (src: string, kotlin = false): string[] => javaImports(src, { kotlin }).map((s) => s.specifier);

describe('javaImports', () => {
  const cases: { name: string; src: string; want: string[]; kotlin?: boolean }[] = [
    { name: 'class import', src: 'package a.b;\nimport com.openai.client.OpenAIClient;\nclass X {}', want: ['com.openai.client.OpenAIClient'] },
    { name: 'wildcard', src: 'import dev.langchain4j.model.*;\n', want: ['dev.langchain4j.model.*'] },
    { name: 'static', src: 'import static com.openai.models.ChatModel.GPT_4O;\n', want: ['com.openai.models.ChatModel.GPT_4O'] },
    { name: 'static wildcard', src: 'import static org.junit.Assert.*;\n', want: ['org.junit.Assert.*'] },
    { name: 'spaces and comments inside the name', src: 'import com . openai /* x */ . Client ;', want: ['com.openai.Client'] },
    { name: 'annotations before the package', src: '@Deprecated\n@Generated(value = "import fake.X;")\npackage a;\nimport b.C;', want: ['b.C'] },
    { name: 'line comment decoy', src: '// import evil.X;\nimport good.Y;\n', want: ['good.Y'] },
    { name: 'block comment decoy', src: '/* import evil.X; */\nimport good.Y;\n', want: ['good.Y'] },
    { name: 'javadoc decoy', src: '/**\n * import evil.X;\n */\nimport good.Y;', want: ['good.Y'] },
    {
      name: 'imports stop at the first type; text blocks and strings after are ignored',
      src: 'import a.B;\npublic class X {\n  String s = """\n    import evil.X;\n    """;\n  String t = "import evil.Y;";\n  char c = \'"\';\n}\nimport late.Z;\n',
      want: ['a.B'],
    },
    { name: 'module-info', src: 'import a.B;\nmodule m { requires x; }', want: ['a.B'] },
    { name: 'kotlin alias', src: 'package app\n\nimport com.aallam.openai.client.OpenAI as Client\nimport kotlinx.coroutines.*\n\nfun main() {}\n', want: ['com.aallam.openai.client.OpenAI', 'kotlinx.coroutines.*'], kotlin: true },
    { name: 'kotlin file annotation and shebang', src: '#!/usr/bin/env kotlin\n@file:JvmName("Main")\n@file:Suppress("x", "y")\npackage p\nimport a.b.C\n', want: ['a.b.C'], kotlin: true },
    { name: 'kotlin backticked name', src: 'import a.`when`.C\n', want: ['a.when.C'], kotlin: true },
    { name: 'kotlin nested block comments', src: '/* outer /* inner */ import evil.X */\nimport good.Y\n', want: ['good.Y'], kotlin: true },
    { name: 'kotlin raw string after header', src: 'import a.B\nval s = """\nimport evil.X\n"""\n', want: ['a.B'], kotlin: true },
    { name: 'kotlin package named static', src: 'import static.x.Y\n', want: ['static.x.Y'], kotlin: true },
    { name: 'garbage after import stops', src: 'import 42;\nimport a.B;', want: [] },
    { name: 'empty', src: '', want: [] },
  ];
  for (const c of cases) it(c.name, () => assert.deepEqual(specs(c.src, c.kotlin), c.want));

  it('reports kind, 1-based positions of the name, and the Kotlin alias', () => {
    const src = 'package p\n\nimport  com.openai.Client as C\n    import static a.B.m;\n';
    assert.deepEqual(javaImports(src, { kotlin: true }), [
      { specifier: 'com.openai.Client', kind: 'java-import', line: 3, column: 9, names: ['C'] },
      { specifier: 'a.B.m', kind: 'java-import', line: 4, column: 19 },
    ]);
  });

  it('never throws on random text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), fc.boolean(), (s, kotlin) => {
        javaImports(s, { kotlin });
        javaImports('import a.' + s, { kotlin });
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on Java-ish token soup', () => {
    const tok = fc.constantFrom('package', 'import', 'static', 'as', 'a', '.', '*', ';', '@', 'file', ':', '(', ')', '[', ']', '"', '"""', "'", '`', '//', '/*', '*/', '\n', ' ', '\\');
    fc.assert(fc.property(fc.array(tok, { maxLength: 200 }), fc.boolean(), (toks, kotlin) => void javaImports(toks.join(' '), { kotlin })), { numRuns: 500 });
  });

  it('runs in linear time on large inputs', () => {
    const t0 = performance.now();
    assert.equal(javaImports('import a.b.C;\n'.repeat(200_000)).length, 200_000);
    javaImports('"""'.repeat(100_000));
    javaImports('/*'.repeat(100_000), { kotlin: true });
    javaImports('@a('.repeat(100_000));
    javaImports('\\"""' + '\\"""'.repeat(100_000));
    assert.ok(performance.now() - t0 < 3000);
  });
});
