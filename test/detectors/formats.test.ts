import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { FORMAT_DETECTORS } from '../../src/detectors/formats/index.js';
import { analyzeKerasConfig, type KerasCatalog } from '../../src/detectors/formats/keras.js';
import { externalLocationEscape } from '../../src/detectors/formats/onnx.js';
import { lineColumn, parseJsonLocated } from '../../src/detectors/formats/json.js';
import type { DetectContext } from '../../src/detectors/types.js';
import { compileSstiPatterns, decodeEscapes, jinjaTags, scanJinjaTemplate, type SstiPattern } from '../../src/formats/jinja-ssti.js';
import { readSavedModel } from '../../src/formats/savedmodel.js';
import { BufferSource, FileSource } from '../../src/formats/source.js';
import { loadRules } from '../../src/rules/load.js';
import { HEAD_BYTES, sniff } from '../../src/sniff/sniff.js';
import type { Finding, Observation } from '../../src/types.js';
import { sha256File } from '../../src/util/hash.js';
import { mutations, quick, randomWithPrefix } from '../formats/model-builders.js';
import { FIXTURES, makeTree, removeTree } from '../support/paths.js';
import { BENIGN_TEMPLATES, FORMAT_RULE_CASES, MALICIOUS_TEMPLATES } from './format-cases.js';
import { k3, k3Model, kerasZip, savedModel } from './format-builders.js';

const rules = loadRules();
const roots: string[] = [];
after(() => roots.forEach(removeTree));

/** Scans a temporary tree holding one file with the format detectors, as the analyze stage does. */
async function run(file: string, bytes: Uint8Array): Promise<Observation> {
  const root = makeTree({ [file]: bytes });
  roots.push(root);
  const path = join(root, file);
  const src = FileSource.open(path);
  const out: Observation = { components: [], findings: [], warnings: [] };
  try {
    const head = src.readAt(0, HEAD_BYTES);
    const sniffed = await sniff({ path: file, src, head });
    const ref = { path: file, size: src.size };
    let textCache: string | undefined;
    const ctx: DetectContext = {
      file: ref,
      sniffed,
      src,
      head,
      rules,
      facts: {},
      sha256: () => sha256File(path),
      text: () => (sniffed.kind === 'text' ? (textCache ??= Buffer.from(src.readAt(0, src.size)).toString('utf8')) : undefined),
    };
    for (const d of FORMAT_DETECTORS) {
      if (!d.accepts(sniffed, ref)) continue;
      const o = await d.detect(ctx);
      out.findings.push(...o.findings);
      out.warnings.push(...o.warnings);
    }
  } finally {
    src.close();
  }
  return out;
}

describe('format rules: valid and invalid cases', () => {
  for (const [ruleId, cases] of Object.entries(FORMAT_RULE_CASES)) {
    describe(ruleId, () => {
      for (const c of cases.invalid) {
        it(`reports: ${c.name}`, async () => {
          const o = await run(c.file, c.bytes);
          const hits = o.findings.filter((f) => f.ruleId === ruleId);
          assert.ok(hits.length >= 1, `no ${ruleId}: ${JSON.stringify(o.findings.map((f) => f.ruleId))} ${JSON.stringify(o.warnings)}`);
          for (const f of hits) {
            assert.equal(f.location.path, c.file);
            assert.match(f.fingerprint, /^[0-9a-f]{32}$/);
            assert.ok(f.message.length > 20 && f.message.length < 2000, f.message);
          }
        });
      }
      for (const c of cases.valid) {
        it(`does not report: ${c.name}`, async () => {
          const o = await run(c.file, c.bytes);
          assert.deepEqual(
            o.findings.filter((f) => f.ruleId === ruleId).map((f) => f.message),
            [],
          );
        });
      }
    });
  }
});

const one = async (file: string, bytes: Uint8Array, ruleId: string): Promise<Finding> => {
  const o = await run(file, bytes);
  const f = o.findings.find((x) => x.ruleId === ruleId);
  assert.ok(f, `${ruleId} expected: ${JSON.stringify(o)}`);
  return f;
};

describe('format findings: severity, offsets and names', () => {
  it('PyFunc is critical, ReadFile high, both with the node offset and name', async () => {
    const bytes = savedModel([['py', 'PyFunc'], ['rf', 'ReadFile']]);
    const o = await run('m/saved_model.pb', bytes);
    const py = o.findings.find((f) => f.properties?.['lantern:tf:op'] === 'PyFunc');
    const rf = o.findings.find((f) => f.properties?.['lantern:tf:op'] === 'ReadFile');
    assert.equal(py?.severity, 'critical');
    assert.equal(rf?.severity, 'high');
    assert.match(py?.message ?? '', /node "py"/);
    const off = py?.location.offset;
    assert.ok(off !== undefined && off > 0 && off < bytes.length);
    assert.equal(Buffer.from(bytes).subarray(off, off + 20).includes(Buffer.from('PyFunc')), true);
  });

  it('a custom object from a third-party module is reported at medium, a blocked module at critical', async () => {
    const third = await one('t.keras', kerasZip(k3Model([k3('my_company.layers', 'Fancy', { name: 'f' }, 'my_company>Fancy')])), 'keras/unsafe-module');
    assert.equal(third.severity, 'medium');
    const os = await one('o.keras', kerasZip(k3Model([k3('os', 'system', {})])), 'keras/unsafe-module');
    assert.equal(os.severity, 'critical');
  });

  it('Lambda findings name the layer, the names in its bytecode, and point into the stored config.json', async () => {
    const c = FORMAT_RULE_CASES['keras/lambda-layer']?.invalid.find((x) => x.file === 'nested.keras');
    assert.ok(c);
    const f = await one(c.file, c.bytes, 'keras/lambda-layer');
    assert.match(f.message, /"deep"/);
    assert.match(f.message, /os, system/);
    const off = f.location.offset;
    assert.ok(off !== undefined);
    assert.equal(Buffer.from(c.bytes).subarray(off, off + 1).toString(), '{');
  });

  it('ONNX escapes name the tensor, the location and where the tensor sits', async () => {
    const c = FORMAT_RULE_CASES['onnx/external-data-escape']?.invalid.find((x) => x.file === 'if.onnx');
    assert.ok(c);
    const f = await one(c.file, c.bytes, 'onnx/external-data-escape');
    assert.match(f.message, /"t"/);
    assert.match(f.message, /then_branch/);
    assert.match(f.message, /\.\.\/secret\.bin/);
    assert.ok(f.location.offset !== undefined);
  });

  it('chat-template findings carry the GGUF byte offset of the offending tag, or the JSON line', async () => {
    const g = FORMAT_RULE_CASES['gguf/chat-template-injection']?.invalid[0];
    assert.ok(g);
    const f = await one(g.file, g.bytes, 'gguf/chat-template-injection');
    const off = f.location.offset;
    assert.ok(off !== undefined);
    assert.equal(Buffer.from(g.bytes).subarray(off, off + 2).toString(), '{%');
    assert.match(f.message, /dunder-traversal/);
    const j = FORMAT_RULE_CASES['gguf/chat-template-injection']?.invalid.find((x) => x.file === 'm/tokenizer_config.json');
    assert.ok(j);
    const fj = await one(j.file, j.bytes, 'gguf/chat-template-injection');
    assert.ok((fj.location.line ?? 0) > 1);
    assert.match(fj.message, /chat_template\[rag\]/);
  });

  it('Flex ops running file ops are high; other custom ops medium', async () => {
    const o = await run('flex.tflite', FORMAT_RULE_CASES['tflite/custom-op']?.invalid[1]?.bytes ?? new Uint8Array());
    assert.equal(o.findings.find((f) => /FlexReadFile/.test(f.message))?.severity, 'high');
    assert.equal(o.findings.find((f) => /FlexMatMul/.test(f.message))?.severity, 'medium');
  });

  it('safetensors findings list the problems and point at the first', async () => {
    const c = FORMAT_RULE_CASES['safetensors/invalid-header']?.invalid.find((x) => x.file === 'dup.safetensors');
    assert.ok(c);
    const f = await one(c.file, c.bytes, 'safetensors/invalid-header');
    assert.match(f.message, /duplicate key "w"/);
    assert.ok((f.location.offset ?? 0) > 8);
  });
});

describe('keras config analysis (pure)', () => {
  const cat = rules.catalogs.get('keras') as unknown as KerasCatalog;
  it('walks deep configs within bounds', () => {
    let v: unknown = k3('keras.layers', 'Lambda', { name: 'x', function: { class_name: '__lambda__', config: { code: '' } } });
    for (let i = 0; i < 300; i++) v = { class_name: 'Functional', config: { layers: [v] } };
    const hits = quick(() => analyzeKerasConfig(v as never, cat), 500);
    assert.equal(hits.filter((h) => h.ruleId === 'keras/lambda-layer').length, 1);
  });
  it('the JSON reader keeps positions and accepts NaN/Infinity', () => {
    const r = parseJsonLocated('{"a": [1, NaN, -Infinity], "b": {"c": "\\u005f"}}');
    assert.ok(r);
    const root = r.value as Record<string, unknown>;
    assert.equal(r.keyPos.get(root)?.get('b'), 32);
    assert.equal((root.b as Record<string, string>).c, '_');
    assert.equal(parseJsonLocated('{"a": 1} x'), undefined);
    assert.equal(parseJsonLocated('['.repeat(100_000)), undefined);
  });
  it('positions (JSON values, Jinja tags) count lines at CR, LF and CRLF; U+2028 and an escaped \\r end none', () => {
    // Each case: text, and the line and column of its `X`.
    const CASES: [string, string][] = [
      ['{\n "a": 1,\n "t": "X"}', '3:8'],
      ['{\r\n "a": 1,\r\n "t": "X"}', '3:8'],
      ['{\r "a": 1,\r "t": "X"}', '3:8'],
      ['{% if a %}\r\r\n{{ X }}', '3:4'],
      ['{"a": "\\r\\n", "t": "X"}', '1:21'],
      ['{# a\u2028b #}{{ X }}', '1:13'],
    ];
    for (const [text, want] of CASES) {
      const at = lineColumn(text, text.indexOf('X'));
      assert.equal(`${at.line}:${at.column}`, want, JSON.stringify(text));
    }
  });
});

describe('onnx external location checks', () => {
  for (const [loc, escapes] of [
    ['w.bin', false],
    ['./a/./b.bin', false],
    ['a/../b', false],
    ['a/../../b', true],
    ['..\\x', true],
    ['/x', true],
    ['\\x', true],
    ['C:x', true],
    ['file:///etc/passwd', true],
    ['~/.ssh/id_rsa', true],
    ['a\0', true],
  ] as const) {
    it(`${JSON.stringify(loc)} ${escapes ? 'escapes' : 'stays'}`, () => assert.equal(externalLocationEscape(loc) !== undefined, escapes));
  }
});

describe('jinja-ssti', () => {
  const { patterns, errors } = compileSstiPatterns((rules.catalogs.get('gguf') as { sstiPatterns: SstiPattern[] }).sstiPatterns);
  it('every catalog pattern compiles', () => assert.deepEqual(errors, []));
  it('cuts tags, skipping comments, raw blocks and closers inside strings', () => {
    const tags = jinjaTags("a {{ '}}' ~ x }} b {# {{ no }} #} {% raw %}{{ no }}{% endraw %}{%- if y -%}");
    assert.deepEqual(tags.map((t) => t.body.trim()), ["'}}' ~ x", '- if y -']);
  });
  it('decodes Python escapes', () => {
    assert.equal(decodeEscapes('\\x5f\\u005f\\137\\N{LOW LINE}\\n'), '____\n');
  });
  for (const [name, t] of Object.entries(MALICIOUS_TEMPLATES)) {
    it(`flags: ${name}`, () => assert.ok(scanJinjaTemplate(t, patterns).length > 0));
  }
  for (const [name, t] of Object.entries(BENIGN_TEMPLATES)) {
    it(`passes: ${name}`, () => assert.deepEqual(scanJinjaTemplate(t, patterns), []));
  }
  it('random and mutated templates never throw and stay fast', () => {
    const pieces = ['{{', '}}', '{%', '%}', '{#', '#}', "'", '"', '\\', '__class__', '|attr(', '~', 'raw', 'endraw', ' ', 'x', '\\x5f', 'lipsum', '\n'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 400 }), fc.string({ maxLength: 200 }), (parts, s) => {
        const t = parts.join('') + s;
        const r = quick(() => scanJinjaTemplate(t, patterns), 250);
        assert.ok(Array.isArray(r));
      }),
      { numRuns: 300 },
    );
  });
  it('a large template is scanned in bounded time', () => {
    const big = `${BENIGN_TEMPLATES.llama31 as string}`.repeat(2000) + "{{ ''.__class__ }}";
    const r = quick(() => scanJinjaTemplate(big, patterns), 3000);
    assert.ok(r.length > 0);
    const unclosed = `{{ ${"'a' ~ ".repeat(50_000)}`;
    quick(() => scanJinjaTemplate(unclosed, patterns), 3000);
  });
});

describe('savedmodel reader', () => {
  it('lists main-graph and function nodes with names, ops and offsets', () => {
    const bytes = savedModel([['x', 'Placeholder']], [{ name: 'f', nodes: [['r', 'ReadFile']] }]);
    const r = readSavedModel(new BufferSource(bytes));
    assert.ok(r.ok);
    assert.deepEqual(
      r.value.nodes.map((n) => [n.name, n.op, n.fn ?? null]),
      [
        ['x', 'Placeholder', null],
        ['r', 'ReadFile', 'f'],
      ],
    );
    assert.deepEqual(r.value.tags, [['serve']]);
    assert.equal(r.value.functionCount, 1);
  });
  it('random and mutated inputs never throw and stay fast', () => {
    const base = savedModel([['x', 'Placeholder'], ['p', 'PyFunc']], [{ name: '__inference_f', nodes: [['r', 'ReadFile'], ['s', 'SaveV2']] }]);
    fc.assert(
      fc.property(fc.oneof(mutations(base), randomWithPrefix([Uint8Array.from([0x08, 0x01, 0x12])])), (b) => {
        const r = quick(() => readSavedModel(new BufferSource(b)));
        assert.ok(r.ok ? Array.isArray(r.value.nodes) : typeof r.error === 'string');
      }),
      { numRuns: 500 },
    );
  });
  it('a field bomb ends in an error, not a long loop', () => {
    const many = new Uint8Array(2_000_000).fill(0x08); // field 1 varint 8 repeated... as tags and values
    const r = quick(() => readSavedModel(new BufferSource(many), { maxSteps: 100_000 }), 2000);
    assert.equal(r.ok, false);
  });
});

/**
 * The generated attack and benign fixtures (fixtures/gen/), when present: every attack file
 * expecting one of these rules gets it, and no benign file gets any of them.
 */
describe('generated fixtures', () => {
  const MINE = /^(keras|savedmodel|onnx|gguf|safetensors|tflite)\//;
  const manifest = (dir: string): { path: string; expect?: string[] }[] => {
    const f = join(FIXTURES, dir, 'MANIFEST.json');
    if (!existsSync(f)) return [];
    return (JSON.parse(readFileSync(f, 'utf8')) as { files: { path: string; expect?: string[] }[] }).files.filter((x) => existsSync(join(FIXTURES, dir, x.path)));
  };
  for (const f of manifest('attacks')) {
    const expected = (f.expect ?? []).filter((r) => MINE.test(r));
    if (!expected.length) continue;
    it(`attack ${f.path}: ${expected.join(', ')}`, async () => {
      const o = await run(f.path, readFileSync(join(FIXTURES, 'attacks', f.path)));
      for (const r of expected) assert.ok(o.findings.some((x) => x.ruleId === r), `${r} missing: ${JSON.stringify(o.findings.map((x) => x.ruleId))}`);
    });
  }
  const benign = manifest('benign');
  if (benign.length) {
    it(`no format finding on ${benign.length} benign fixtures`, async () => {
      for (const f of benign) {
        const o = await run(f.path, readFileSync(join(FIXTURES, 'benign', f.path)));
        assert.deepEqual(o.findings.filter((x) => MINE.test(x.ruleId)).map((x) => x.message), [], f.path);
      }
    });
  }
});
