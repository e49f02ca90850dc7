import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { looksLikeSavedModelText, readSavedModelText } from '../../src/formats/savedmodel-text.js';
import { BufferSource } from '../../src/formats/source.js';
import { sniff } from '../../src/sniff/sniff.js';
import { savedModelText } from '../detectors/format-builders.js';

const text = (b: Uint8Array) => new TextDecoder().decode(b);

describe('saved_model.pbtxt', () => {
  it('reads meta graphs, tags, main-graph nodes and function nodes with their function', () => {
    const t = text(savedModelText([['x', 'Placeholder'], ['py', 'PyFunc']], [{ name: '__inference_f_1', nodes: [['read', 'ReadFile']] }]));
    const r = readSavedModelText(t);
    assert.ok(r.ok, r.ok ? '' : r.error);
    assert.equal(r.value.schemaVersion, 1);
    assert.deepEqual(r.value.tags, [['serve']]);
    assert.deepEqual(
      r.value.nodes.map((n) => [n.name, n.op, n.fn ?? null, n.metaGraph]),
      [['x', 'Placeholder', null, 0], ['py', 'PyFunc', null, 0], ['read', 'ReadFile', '__inference_f_1', 0]],
    );
    assert.deepEqual(r.value.ops, ['Placeholder', 'PyFunc', 'ReadFile']);
    assert.equal(r.value.functionCount, 1);
    assert.equal(t.slice(r.value.nodes[1]?.offset ?? 0).startsWith('node {'), true);
  });

  it('reads the other spellings of the text format: < >, colons before messages, comments, escapes, lists, two meta graphs', () => {
    const t = [
      '# written by hand',
      'saved_model_schema_version: 1',
      'meta_graphs < meta_info_def { tags: [ "serve", "gpu" ] } graph_def: { node { name: \'a\\\'b\' op: "Wri\\x74eFile" attr { key: "shape" value { shape { dim { size: -1 } } } } } } >',
      'meta_graphs { meta_info_def { tags: "train" } graph_def { library { function { node_def { op: "EagerPyFunc" name: "e" } signature { name: "late_name" } } } } }',
    ].join('\n');
    const r = readSavedModelText(t);
    assert.ok(r.ok, r.ok ? '' : r.error);
    assert.equal(r.value.metaGraphCount, 2);
    assert.deepEqual(r.value.tags, [[], ['train']], 'a list of tags is skipped; a repeated field is read');
    assert.deepEqual(
      r.value.nodes.map((n) => [n.name, n.op, n.fn ?? null, n.metaGraph]),
      [["a'b", 'WriteFile', null, 0], ['e', 'EagerPyFunc', 'late_name', 1]],
    );
  });

  it('fails cleanly on text that does not close, closes too much, or is not the text format', () => {
    for (const bad of ['meta_graphs { graph_def { node { op: "PyFunc"', 'meta_graphs { } }', 'meta_graphs { 42 }', 'meta_graphs']) {
      const r = readSavedModelText(bad);
      assert.equal(r.ok, false, bad);
    }
  });

  it('reads past a huge string without keeping it (a 40 MB attr value took 29.5 s when kept, 0.16 s now)', () => {
    const text = `meta_graphs { graph_def { node { name: "n" op: "PyFunc" attr { key: "doc" value { s: "${'a'.repeat(40_000_000)}" } } } } }`;
    const t0 = performance.now();
    const r = readSavedModelText(text);
    const ms = performance.now() - t0;
    assert.ok(r.ok, r.ok ? '' : r.error);
    assert.deepEqual(r.value.nodes.map((n) => n.op), ['PyFunc']);
    // Synchronous code outruns node:test's timeout option, so the bound is checked here (30x margin).
    assert.ok(ms < 5000, `${Math.round(ms)} ms`);
  });

  it('stops listing nodes at maxNodes but still collects their ops', () => {
    const t = text(savedModelText([['a', 'Placeholder'], ['b', 'Identity'], ['c', 'PyFunc']]));
    const r = readSavedModelText(t, { maxNodes: 2 });
    assert.ok(r.ok);
    assert.equal(r.value.truncated, true);
    assert.equal(r.value.nodes.length, 2);
    assert.ok(r.value.ops.includes('PyFunc'));
  });

  it('is sniffed as a SavedModel under its own name only', async () => {
    const bytes = savedModelText([['x', 'Placeholder']]);
    const s = (name: string) => sniff({ path: name, src: new BufferSource(bytes), head: bytes });
    assert.deepEqual(await s('m/saved_model.pbtxt'), { kind: 'model', format: 'tf-savedmodel' });
    assert.equal((await s('m/graph.pbtxt')).kind, 'text');
    assert.equal(looksLikeSavedModelText('# a comment\nmeta_graphs {'), true);
    assert.equal(looksLikeSavedModelText('node { name: "x" op: "Const" }'), false, 'a GraphDef text is not a SavedModel');
  });

  it('property: random text never throws', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (s) => {
        const r = readSavedModelText(`meta_graphs { ${s}`);
        assert.equal(typeof r.ok, 'boolean');
      }),
      { numRuns: 300 },
    );
  });
});
