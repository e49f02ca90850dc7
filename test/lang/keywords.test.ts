import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { KeywordScanner, keywordGroup } from '../../src/lang/keywords.js';
import { loadRules } from '../../src/rules/load.js';
import { prefilterWords } from '../../src/detectors/sdks/index.js';
import { CALL_HINT, PREFILTER, PREFILTER_LOAD_WORD, PREFILTER_NAME_WORDS, PREFILTER_WORDS, prefilter } from '../../src/hf/python-prefilter.js';
import { ASSIGN_NAMES, anchorWords } from '../../src/secrets/match.js';
import { secretsCatalog } from '../../src/secrets/catalog.js';
import { LOADERS, PULLS } from '../hf/python-cases.js';
import { DYNAMIC, HUB, INFERENCE, TRANSFORMERS } from '../hf/js-cases.js';
import { PACKAGE_NAMES } from '../../src/hf/js-calls.js';
import { jsHfSites } from '../../src/hf/js-pulls.js';

const SDK = ['openai', '@anthropic-ai/sdk', 'import torch', "'ai", 'api.openai.com', 'a+b(c)[d]{e}|f^g$h\\i?j*k', 'ünïcode', '😀x', 'Anthropic'];
const ANCHORS = ['sk-proj-', 'hf_', 'AIza', 'T3BlbkFJ'];
const NAMES = ['key', 'token', 'secret', 'bearer', 'value', 'default'];

const groups = [{ words: SDK }, { words: ANCHORS }, { words: NAMES, ignoreCase: true }];
const scanner = new KeywordScanner(groups);

/** What the scanner must answer: a naive search per group. */
function naive(text: string): number {
  let m = 0;
  groups.forEach((g, i) => {
    const t = g.ignoreCase ? text.toLowerCase() : text;
    if (g.words.some((w) => t.includes(g.ignoreCase ? w.toLowerCase() : w))) m |= 1 << i;
  });
  return m;
}

describe('KeywordScanner', () => {
  it('finds case-sensitive words only as written (valid and invalid cases)', () => {
    const valid: [string, number][] = [
      ['import OpenAI from "openai"', 1],
      ['const x = require(\'ai\')', 1],
      ['fetch("https://api.openai.com/v1/chat")', 1],
      ['a+b(c)[d]{e}|f^g$h\\i?j*k', 1],
      ['text ünïcode text', 1],
      ['emoji 😀x', 1],
      ['new Anthropic()', 1],
      ['KEY = "sk-proj-abc"', 2 | 4],
      ['hf_abc', 2],
      ['AIzaSy', 2],
      ['xxT3BlbkFJxx', 2],
      ['the Value', 4],
      ['DEFAULT', 4],
      ['BeArEr', 4],
    ];
    for (const [text, mask] of valid) assert.equal(scanner.mask(text), mask, text);
    const invalid = ['OPENAI', 'import Torch', "'AI", 'API.OPENAI.COM', 'ÜNÏCODE', 'anthropic()', 'SK-PROJ-', 'HF_', 'aiza', 't3blbkfj', 'ke y', 'tokn', 'valu', '', 'import os\nimport json\n'];
    for (const text of invalid) assert.equal(scanner.mask(text) & 3, 0, text);
  });

  it('finds words that end inside other words (the failure links)', () => {
    const s = new KeywordScanner([{ words: ['he', 'she', 'his', 'hers'] }, { words: ['ershe'] }]);
    assert.equal(s.mask('ushers'), 1);
    assert.equal(s.mask('xxershexx'), 3);
    assert.equal(s.mask('hi s'), 0);
    assert.equal(s.mask('h'), 0);
    // A case-sensitive word to confirm that ends where a folded look-alike ends.
    const c = new KeywordScanner([{ words: ['aB'] }, { words: ['ab'], ignoreCase: true }]);
    assert.equal(c.mask('xab'), 2);
    assert.equal(c.mask('xaB'), 3);
    assert.equal(c.mask('AB'), 2);
  });

  it('agrees with a naive search on random text', () => {
    const pieces = [...SDK, ...ANCHORS, ...NAMES, 'OPEN', 'Key', 'TOKEN', 'sk-', 'hf', 'ai', '@', '/', '.', ' ', 'ü', '\uD83D', '\uDE00'];
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom(...pieces), fc.string({ maxLength: 4 }), fc.string({ unit: 'grapheme', maxLength: 3 })), { maxLength: 12 }), (parts) => {
        const t = parts.join('');
        assert.equal(scanner.mask(t), naive(t), JSON.stringify(t));
      }),
      { numRuns: 3000 },
    );
  });

  it('builds the same answers whatever the words: shared prefixes, duplicates across groups, cases, order', () => {
    // Small alphabets, so words share prefixes, end inside each other and repeat across groups.
    const word = fc.string({ unit: fc.constantFrom('a', 'b', 'A', 'B', '-', 'é', 'É'), minLength: 0, maxLength: 5 });
    const group = fc.record({ words: fc.array(word, { maxLength: 8 }), ignoreCase: fc.boolean() });
    const text = fc.string({ unit: fc.constantFrom('a', 'b', 'A', 'B', '-', 'é', 'É', 'x'), maxLength: 30 });
    const asciiFold = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());
    fc.assert(
      fc.property(fc.array(group, { minLength: 1, maxLength: 5 }), fc.array(text, { minLength: 1, maxLength: 6 }), (gs, texts) => {
        const s = new KeywordScanner(gs);
        for (const t of texts) {
          let want = 0;
          gs.forEach((g, i) => {
            const hit = g.words.some((w) => w !== '' && (g.ignoreCase ? asciiFold(t).includes(asciiFold(w)) : t.includes(w)));
            if (hit) want |= 1 << i;
          });
          assert.equal(s.mask(t), want, JSON.stringify({ gs, t }));
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('ignores empty words and rejects more than 31 groups', () => {
    assert.equal(new KeywordScanner([{ words: [''] }]).mask('anything'), 0);
    assert.equal(new KeywordScanner([]).mask('anything'), 0);
    assert.throws(() => new KeywordScanner(Array.from({ length: 32 }, () => ({ words: ['x'] }))), /31/);
  });

  it('scans 8 MB without a hit in linear time', () => {
    const line = 'export function handle(req, res) { return res.send(data.map((d) => d.count + 1)); } // ok\n';
    const text = line.repeat(Math.ceil((8 * 1024 * 1024) / line.length));
    scanner.mask(text.slice(0, 1000));
    const t = performance.now();
    assert.equal(scanner.mask(text), 0);
    const ms = performance.now() - t;
    // About 15 ms on a developer machine; the bound leaves room for a slow CI runner.
    assert.ok(ms < 500, `${ms} ms`);
  });
});

describe('keywordGroup', () => {
  it('answers per group from one pass, for the rule set it is given', () => {
    const rules = loadRules();
    const a = keywordGroup('test-a', () => ['alpha']);
    const b = keywordGroup('test-b', () => ['BETA'], { ignoreCase: true });
    assert.equal(b.peek('x alpha', rules), undefined, 'no pass on this text yet');
    assert.equal(a.has('x alpha', rules), true);
    assert.equal(b.peek('x alpha', rules), false, 'the pass answered for every group');
    assert.equal(b.has('x alpha', rules), false);
    assert.equal(b.has('beta', rules), true);
    assert.equal(a.peek('beta', rules), false);
    assert.equal(a.has('beta', rules), false);
    assert.equal(a.peek('another text', rules), undefined);
    assert.throws(() => keywordGroup('test-a', () => []), /twice/);
  });
});

describe('the detectors\u2019 keyword groups', () => {
  const rules = loadRules();

  it('SDK words: whole import names after a lead, first segments for PyPI only', () => {
    const words = new Set(prefilterWords(rules));
    for (const w of ["'openai", 'import openai', 'from openai', '"@anthropic-ai/sdk', 'from google', 'import com.openai']) assert.ok(words.has(w), w);
    for (const w of ['from com', 'import com', 'import org', 'from dev']) assert.ok(!words.has(w), w);
  });

  it('SDK words: model names after a quote, by family and by provider prefix', () => {
    const words = new Set(prefilterWords(rules));
    for (const w of ['"gpt-', "'claude-", '"google_genai:', "'google-gla:", '"groq/', "'bedrock:"]) assert.ok(words.has(w), w);
    for (const w of ['google_genai:', '"google_genai', "'text-embedding-"]) assert.ok(!words.has(w), w);
  });

  it('SDK words: a file whose only AI mention is an npm: specifier or a CDN URL passes; the name elsewhere does not', () => {
    const sdk = new KeywordScanner([{ words: prefilterWords(rules) }]);
    const hits: [string, string][] = [
      ['npm:', 'import OpenAI from "npm:openai@4.52.0";\n'],
      ['npm: scoped', "import { Messages } from 'npm:@anthropic-ai/sdk@^0.24/resources';\n"],
      ['esm.sh', 'import OpenAI from "https://esm.sh/openai@4.20.1";\n'],
      ['esm.sh *', 'import OpenAI from "https://esm.sh/*openai@4";\n'],
      ['esm.sh build form', 'import OpenAI from "https://esm.sh/v135/openai@4.20.1/es2022/openai.mjs";\n'],
      ['cdn.esm.sh build form', 'import OpenAI from "https://cdn.esm.sh/v68/openai@3.3.0";\n'],
      ['esm.run', 'const m = await import("https://esm.run/@google/generative-ai");\n'],
      ['unpkg', 'import "https://unpkg.com/groq-sdk";\n'],
      ['skypack', 'import Groq from "https://cdn.skypack.dev/groq-sdk";\n'],
      ['skypack pinned', 'import Groq from "https://cdn.skypack.dev/-/groq-sdk@v0.5.0-AbCd/dist=es2019/groq.js";\n'],
      ['jsDelivr', 'import * as ai from "https://cdn.jsdelivr.net/npm/ai/+esm";\n'],
      ['fastly jsDelivr', 'import * as ai from "https://fastly.jsdelivr.net/npm/ai/+esm";\n'],
      ['ga.jspm.io', 'import OpenAI from "https://ga.jspm.io/npm:openai@4.20.1/index.mjs";\n'],
      ['jspm.dev', 'import OpenAI from "https://jspm.dev/openai";\n'],
    ];
    for (const [name, t] of hits) assert.equal(sdk.mask(t), 1, name);
    const misses: [string, string][] = [
      ['a host that is no CDN', 'import x from "https://example.com/openai/client.js";\n'],
      ['jsr:', 'import x from "jsr:@openai/x";\n'],
      ['the name in prose and a path', 'We use npm to install openai.\nconst p = "/var/openai/x";\n'],
    ];
    for (const [name, t] of misses) assert.equal(sdk.mask(t), 0, name);
  });

  it('SDK words: a Rust crate alone in a group over lines or in spaced braces, a C# alias without blanks', () => {
    const sdk = new KeywordScanner([{ words: prefilterWords(rules) }]);
    const hits: [string, string][] = [
      ['a group over lines, rustfmt style', 'use {\n    ort,\n    tch,\n};\n'],
      ['a group over lines, tabs, last item without a comma', 'use {\n\tstd::fmt,\n\ttokenizers\n};\n'],
      ['a ::{ group over lines, CRLF', 'use ::{\r\n    rig as r,\r\n};\r\n'],
      ['blanks inside the braces', 'use { ort };\n'],
      ['a C# alias without blanks', 'using Sk=Microsoft.SemanticKernel;\n'],
      ['a C# alias with a blank after the = only', 'using Oa =OpenAI.Chat;\n'],
      ['a C# namespace after an extern alias', 'extern alias Oai;\nusing Oai::OpenAI.Chat;\n'],
    ];
    for (const [name, t] of hits) assert.equal(sdk.mask(t), 1, name);
    const misses: [string, string][] = [
      ['the crate name inside other words and as a variable', 'let port = 1;\nlet ort = 2;\nfn sort(v: &mut [u8]) {}\n'],
      ['the crate name as a field or method', 'let x = session.ort.run();\nlet y = rig.go();\n'],
      ['an assignment in code', 'let x=Other.Thing;\nvar y = Microsoft.Extensions.Logging.Log();\n'],
    ];
    for (const [name, t] of misses) assert.equal(sdk.mask(t), 0, name);
  });

  it('every Hugging Face PREFILTER match holds one of PREFILTER_WORDS', () => {
    const texts = [...PULLS.map((c) => c.code), ...LOADERS.map((c) => c.code), 'x = load(f, True)', 'from cPickle import loads', 'import langchain_community'];
    let matched = 0;
    for (const t of texts) {
      const m = PREFILTER.exec(t);
      if (!m) continue;
      matched++;
      assert.ok(PREFILTER_WORDS.some((w) => m[0].includes(w)), m[0]);
    }
    assert.ok(matched > 20);
    // Random text built from the pattern's own words and their pieces.
    const pieces = ['transformers', 'sentence_', 'load(', 'True', 'pickle', 'c', 'P', '_', 'allow', 'read', 'safe_mode', 'langchain', 'torch', ' ', ')', '\n', 'x'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 10 }), (parts) => {
        const m = PREFILTER.exec(parts.join(''));
        if (m) assert.ok(PREFILTER_WORDS.some((w) => m[0].includes(w)), m[0]);
      }),
      { numRuns: 2000 },
    );
    assert.ok(CALL_HINT.test('from_pretrained'));
  });

  it('prefilter() answers as PREFILTER does, with or without what the keyword pass knows', () => {
    const pass = new KeywordScanner([{ words: PREFILTER_NAME_WORDS }, { words: [PREFILTER_LOAD_WORD] }]);
    const check = (t: string) => {
      const m = pass.mask(t);
      const want = PREFILTER.test(t);
      assert.equal(prefilter(t), want, JSON.stringify(t));
      assert.equal(prefilter(t, { names: (m & 1) !== 0, load: (m & 2) !== 0 }), want, JSON.stringify(t));
    };
    for (const c of [...PULLS, ...LOADERS]) check(c.code);
    // Valid: a word-initial load( with True on its line; invalid: upload(, reload_(, True on the next line, after the ).
    for (const t of ['x = load(f, True)', 'np.load(f, True)', 'load(True)', '\u00e9load(x, True)', '(load(a, b=True)']) assert.ok(prefilter(t), t);
    for (const t of ['upload(f, True)', '_load(f, True)', 'load(f)\nTrue', 'load(f) or True', 'load(f, Truex)', 'download(x, True)']) assert.ok(!prefilter(t), t);
    const pieces = ['load(', 'upload(', 'True', 'torch', 'x', '_', ')', '\n', ' ', ',', 'é', 'transformers', 'safe_mode', 'a'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 12 }), (parts) => check(parts.join(''))),
      { numRuns: 3000 },
    );
  });

  it('Hugging Face JS: every file with a pull names one of PACKAGE_NAMES (the hf-js group the detector peeks)', async () => {
    let withPulls = 0;
    for (const c of [...TRANSFORMERS, ...DYNAMIC, ...HUB, ...INFERENCE]) {
      const r = await jsHfSites(c.code, c.path ?? 'a.ts');
      if (!r.pulls.length) continue;
      withPulls++;
      assert.ok(PACKAGE_NAMES.some((w) => c.code.includes(w)), c.name);
      const group = new KeywordScanner([{ words: PACKAGE_NAMES }]);
      assert.equal(group.mask(c.code), 1, c.name);
    }
    assert.ok(withPulls > 30, String(withPulls));
    // Without a package name there is no pull, whatever else the file holds.
    assert.deepEqual((await jsHfSites("import { pipeline } from 'transformers';\nawait pipeline('x', 'org/model');\n", 'a.ts')).pulls, []);
  });

  it('secrets: the anchor words and assignment names the two passes start from', () => {
    const words = anchorWords(secretsCatalog(rules));
    for (const w of ['sk-proj-', 'hf_', 'AIza']) assert.ok(words.includes(w), w);
    assert.deepEqual([...ASSIGN_NAMES], NAMES);
  });
});
