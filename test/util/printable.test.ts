import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { printable } from '../../src/util/printable.js';
import { toTable } from '../../src/report/table.js';
import type { ScanResult } from '../../src/scan/scan.js';

describe('printable (terminal output of names from scanned files)', () => {
  it('valid: ordinary text, accents, CJK and emoji are kept', () => {
    for (const s of ['openai', 'café/模型.py', 'model 🚀 v2', 'a\\nb']) assert.equal(printable(s), s);
  });

  it('invalid: control characters and bidi overrides are shown escaped', () => {
    assert.equal(printable('evil\u001b[31mname\nline2\r'), 'evil\\x1b[31mname\\nline2\\r');
    assert.equal(printable('a\u0000b\u007fc\u0085d'), 'a\\x00b\\x7fc\\x85d');
    assert.equal(printable('x\u202eexe.txt\u2066'), 'x\\u202eexe.txt\\u2066');
  });

  it('the table prints no raw control character whatever the names', () => {
    const result = {
      tool: { name: 'lantern', version: '0.0.0' },
      rootName: 'root\u001b]0;title\u0007',
      components: [{ ref: 'mcp-server:a#x', kind: 'mcp-server', name: 'evil\u001b[31mname\nline2', properties: {}, evidence: [{ path: 'p\u202e.json' }] }],
      findings: [{ ruleId: 'mcp/insecure-transport', severity: 'medium', message: 'MCP server "evil\u001b[2J"', location: { path: '.cursor/mcp.json', line: 1 }, fingerprint: 'f' }],
      warnings: [{ code: 'x/y', path: 'w\u001b.json', message: 'bad\rline' }],
      stats: { files: 1, bytes: 1, byKind: {}, ms: { walk: 0, analyze: 0, inventory: 0, total: 0 }, suppressed: { inline: 0, config: 0, baseline: 0 } },
    } as unknown as ScanResult;
    const out = toTable(result);
    // eslint-disable-next-line no-control-regex
    assert.equal(/[\u0000-\u0009\u000b-\u001f\u007f\u202e]/.test(out), false, JSON.stringify(out));
    assert.match(out, /evil\\x1b\[31mname\\nline2/);
  });
});
