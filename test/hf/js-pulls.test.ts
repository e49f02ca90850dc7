import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { jsHfSites } from '../../src/hf/js-pulls.js';
import { MAX_PARSE_CHARS } from '../../src/hf/js-calls.js';
import { DECOYS, DYNAMIC, HUB, INFERENCE, TRANSFORMERS, lines, m, type Case } from './js-cases.js';

function run(group: string, cases: Case[]) {
  describe(`jsHfSites: ${group}`, () => {
    for (const c of cases) {
      it(c.name, async () => {
        const r = await jsHfSites(c.code, c.path ?? 'a.ts');
        assert.deepEqual(r.pulls, c.expect);
        assert.deepEqual(r.loaders, []);
      });
    }
  });
}

run('transformers.js', TRANSFORMERS);
run('dynamic ids', DYNAMIC);
run('@huggingface/hub', HUB);
run('@huggingface/inference', INFERENCE);
run('decoys that must give nothing', DECOYS);

const ALL = [...TRANSFORMERS, ...DYNAMIC, ...HUB, ...INFERENCE, ...DECOYS];

describe('jsHfSites: bad input and bounds', () => {
  it('never throws on truncated or mutated sources', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ALL), fc.nat(), fc.string({ maxLength: 40 }), async (c, at, junk) => {
        const cutAt = at % (c.code.length + 1);
        const text = c.code.slice(0, cutAt) + junk + c.code.slice(cutAt);
        const r = await jsHfSites(text, c.path ?? 'a.ts');
        for (const p of r.pulls) assert.ok(p.line >= 1 && p.column >= 1 && typeof p.via === 'string');
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on random text after an import', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 300 }), async (s) => {
        const r = await jsHfSites(`import { pipeline, env } from '@huggingface/transformers';\n${s}`, 'a.tsx');
        assert.ok(Array.isArray(r.pulls));
      }),
      { numRuns: 300 },
    );
  });

  it('a value built to explode stays bounded', async () => {
    const defs = ["const A0 = 'x';"];
    for (let i = 1; i <= 5; i++) defs.push(`const A${i} = ${Array(30).fill(`A${i - 1}`).join(' + ')};`);
    const code = lines("import { pipeline } from '@huggingface/transformers';", ...defs, "pipeline('x', A5);");
    const t = performance.now();
    const r = await jsHfSites(code, 'a.ts');
    assert.ok(performance.now() - t < 1000);
    assert.equal(r.pulls.length, 1);
    assert.ok(r.pulls[0]?.dynamic, 'unresolved within the budget');
  });

  it('a 5 MB minified file is read within a bounded time', async () => {
    const head = 'import{pipeline as e,env as n}from"@huggingface/transformers";const t=await e("text-generation","Xenova/gpt2");';
    const filler = 'var a=function(b,c){return b+c*2},d={x:1,y:[1,2,3],z:"s"};if(a(1,2)>3){d.x++}else{d.y.push(4)};';
    const text = head + filler.repeat(Math.ceil(5_000_000 / filler.length)) + 'e("fill-mask","Xenova/bert-base-uncased");';
    const t = performance.now();
    const r = await jsHfSites(text, 'dist/app.min.js');
    const ms = performance.now() - t;
    // The call at the very end lies past the parse limit: only the first is read.
    assert.deepEqual(r.pulls, [m('pipeline', 1, 77, { id: 'Xenova/gpt2' })]);
    // About a second on an idle core; the margin is for a loaded shared machine.
    assert.ok(ms < 5000, `took ${ms.toFixed(0)} ms`);
  });

  it('a call cut at the parse limit is dropped, not read half-written', async () => {
    const head = "import { pipeline } from '@huggingface/transformers';\n";
    // One long line of empty statements: no line break to cut at, so the cut falls inside the call.
    // A stray `}` makes the token reader unsure, so the parser reads the head.
    const pad = ';'.repeat(MAX_PARSE_CHARS - head.length - 41);
    const text = `${head}}${pad}pipeline('fill-mask', 'Xenova/bert-base-uncased-with-a-long-name-that-crosses-the-limit');\n`;
    assert.ok(text.length > MAX_PARSE_CHARS);
    const r = await jsHfSites(text, 'a.ts');
    assert.deepEqual(r.pulls, []);
  });

  it('nesting deep enough to overflow the parser keeps the pulls before it', async () => {
    for (const deep of ['['.repeat(5000) + ']'.repeat(5000), 'a => '.repeat(20000) + 'a', '!'.repeat(50000) + 'a']) {
      const code = lines(
        "import { pipeline } from '@huggingface/transformers';",
        "pipeline('fill-mask', 'Xenova/bert-base-uncased');",
        ...Array(200).fill('const filler = 1;'),
        `const z = ${deep};`,
        "pipeline('fill-mask', 'Xenova/after');",
      );
      const r = await jsHfSites(code, 'a.ts');
      assert.deepEqual(r.pulls[0], m('pipeline', 2, 1, { id: 'Xenova/bert-base-uncased' }));
    }
  });

  it('a bundle naming the package only in strings gives nothing', async () => {
    const text = `/*! bundles @huggingface/transformers */\n${'function pipeline(a,b){return a}pipeline("x","Xenova/gpt2");'.repeat(1000)}`;
    assert.deepEqual(await jsHfSites(text, 'vendor.js'), { pulls: [], loaders: [] });
  });

  it('columns count UTF-16 units', async () => {
    const code = lines("import { pipeline } from '@huggingface/transformers';", "const é = '😀'; pipeline('fill-mask', 'Xenova/bert-base-uncased');");
    assert.deepEqual((await jsHfSites(code, 'a.ts')).pulls, [m('pipeline', 2, 17, { id: 'Xenova/bert-base-uncased' })]);
  });
});
