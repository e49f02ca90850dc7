/**
 * Where a key is: lines end at CR, LF and CRLF (SARIF regions with the newlineSequences the run
 * declares, editors, the Python positions), in the matcher's positions, in the line scope of an
 * assignment, in a notebook's own lines, and in what `target: line` allow entries and inline
 * comments see. The keys are fake (secrets-cases.ts) and never appear in an assertion message.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { loadRules } from '../../src/rules/load.js';
import { scan } from '../../src/scan/scan.js';
import { secretsCatalog } from '../../src/secrets/catalog.js';
import { scanNotebook, scanText, type SecretMatch } from '../../src/secrets/match.js';
import { lineOf, lineStarts } from '../../src/util/lines.js';
import { makeTree, removeTree } from '../support/paths.js';
import { KEYS, SECRETS_RULE_CASES } from './secrets-cases.js';

const cat = secretsCatalog(loadRules());
const ENDS: [string, string][] = [['LF', '\n'], ['CRLF', '\r\n'], ['lone CR (old Mac)', '\r']];

/** rule, line and columns of each match (never the key). */
const where = (ms: SecretMatch[]): string[] => ms.map((m) => `${m.ruleId.replace('secrets/', '')} ${m.line}:${m.column}-${m.endLine}:${m.endColumn}`);

/** Does every match's line and columns, counted at CR, LF and CRLF, cut its key out of `text` (keys in notebook cells aside)? */
function placed(text: string, ms: SecretMatch[]): boolean {
  const starts = lineStarts(text, 'cr-lf');
  return ms.every((m) => {
    if (m.cell !== undefined) return true;
    const at = (starts[m.line - 1] as number) + m.column - 1;
    return lineOf(starts, at) === m.line - 1 && text.slice(at, (starts[m.line - 1] as number) + m.endColumn - 1) === m.raw;
  });
}

describe('secrets positions: lines end at CR, LF and CRLF', () => {
  const oa = KEYS.openaiProject();
  const gq = KEYS.groq();
  for (const [name, nl] of ENDS) {
    it(`${name}: keys on lines 3 and 5`, () => {
      const text = ['# settings', '', `OPENAI_API_KEY=${oa}`, 'DEBUG=1', `  groq_api_key: "${gq}"`, ''].join(nl);
      const ms = scanText(text, cat, { path: 'app.env' });
      assert.deepEqual(where(ms), [`openai-project-key 3:16-3:${16 + oa.length}`, `groq-api-key 5:18-5:${18 + gq.length}`]);
      assert.ok(placed(text, ms));
    });
  }

  // Each case: text (keys as {oa} and {gq}), and the matches' rule, line and columns.
  const CASES: [string, string, string[]][] = [
    ['mixed line ends', '# a\r# b\r\nOPENAI_API_KEY={oa}\nX=1\r\rgroq_api_key = "{gq}"\r\n', ['openai-project-key 3:16', 'groq-api-key 6:17']],
    ['blank CR lines before the first key', '\r\r\rOPENAI_API_KEY={oa}', ['openai-project-key 4:16']],
    ['a CR right before the key on its line', 'x = 1\rOPENAI_API_KEY={oa}\rGROQ_API_KEY={gq}', ['openai-project-key 2:16', 'groq-api-key 3:14']],
    ['two keys after the last line end', 'x = 1\r\n\rOPENAI_API_KEY={oa} GROQ_API_KEY={gq}', ['openai-project-key 3:16', `groq-api-key 3:${30 + oa.length}`]],
    // Decoys: not line ends.
    ['an escaped \\r in a string literal', 'MSG = "a\\rb\\r\\nc"; OPENAI_API_KEY = "{oa}"\n', ['openai-project-key 1:38']],
    ['a JSON \\r\\n escape before the key', '{"note": "x\\r\\n", "OPENAI_API_KEY": "{oa}"}\n', ['openai-project-key 1:38']],
    ['U+2028 and U+2029 in a Python comment', '# a\u2028b\u2029c\nOPENAI_API_KEY = "{oa}"\n', ['openai-project-key 2:19']],
    ['U+2028 in a YAML value, key on the same line', 'note: "a\u2028b"\ngroq:\n  api_key: {gq}  # x\u2028y\n', ['groq-api-key 3:12']],
    ['a form feed and a vertical tab', '\f\vOPENAI_API_KEY={oa}\n', ['openai-project-key 1:18']],
  ];
  for (const [name, tpl, want] of CASES) {
    it(name, () => {
      const text = tpl.replace('{oa}', oa).replace('{gq}', gq);
      const ms = scanText(text, cat);
      assert.deepEqual(where(ms).map((w) => w.replace(/-\d+:\d+$/, '')), want);
      assert.ok(placed(text, ms));
    });
  }
});

describe('secrets rule cases with CRLF and lone CR line ends: the same matches, on the same lines', () => {
  // A rule's line scope (the provider named in the assignment, or on the lines above a bare name)
  // is the same lines with any line end: `MISTRAL_API_KEY=${X}` then a key on the next line is no
  // Mistral key in a CR-only file either.
  for (const [ruleId, cases] of Object.entries(SECRETS_RULE_CASES)) {
    it(ruleId, () => {
      for (const c of [...cases.invalid, ...cases.valid]) {
        const opts = c.path ? { path: c.path } : undefined;
        const want = where(scanText(c.text, cat, opts));
        for (const [name, nl] of ENDS.slice(1)) {
          const text = c.text.replace(/\n/g, nl);
          const ms = scanText(text, cat, opts);
          assert.deepEqual(where(ms), want, `${c.name} with ${name} line ends`);
          assert.ok(placed(text, ms), `${c.name} with ${name} line ends: positions`);
        }
      }
    });
  }
});

describe('notebooks: cell lines and the file\'s lines end at CR, LF and CRLF', () => {
  it('a lone CR in a cell\'s source ends a cell line', () => {
    const k = KEYS.anthropic();
    const nb = { cells: [{ cell_type: 'code', metadata: {}, outputs: [], source: ['import anthropic\r', `ANTHROPIC_API_KEY = "${k}"\n`] }], metadata: {}, nbformat: 4, nbformat_minor: 5 };
    const ms = scanNotebook(JSON.stringify(nb, null, 1), cat);
    assert.deepEqual(ms.map((m) => [m.cell, m.line, m.column]), [[0, 2, 22]]);
  });
  for (const [name, nl] of ENDS) {
    it(`${name} between the .ipynb file's lines: metadata keys at their file line`, () => {
      const k = KEYS.hfUser();
      const nb = { cells: [{ cell_type: 'code', metadata: {}, outputs: [], source: ['x = 1\n'] }], metadata: { widgets: { token: k } }, nbformat: 4, nbformat_minor: 5 };
      const text = JSON.stringify(nb, null, 1).replace(/\n/g, nl);
      const ms = scanNotebook(text, cat);
      assert.deepEqual(where(ms).map((w) => w.replace(/-\d+:\d+$/, '')), ['huggingface-user-token 14:14']);
      assert.ok(placed(text, ms));
    });
  }
});

describe('secrets findings: the same keys, lines and fingerprints with any line end', () => {
  const roots: string[] = [];
  after(() => roots.forEach(removeTree));
  const k1 = KEYS.openaiProject();
  const k2 = KEYS.groq();
  const lines = ['# settings', `OPENAI_API_KEY=${k1}  # test fixture`, '# lantern-ignore', `GROQ_API_KEY=${k2}`, 'X=1', ''];
  const run = async (nl: string) => {
    const root = makeTree({ 'app/.env': lines.join(nl), 'app/nb.ipynb': JSON.stringify({ cells: [{ cell_type: 'code', metadata: {}, outputs: [], source: ['import os\r', `os.environ["GROQ_API_KEY"] = "${k2}"\n`] }], metadata: {}, nbformat: 4, nbformat_minor: 5 }, null, 1).replace(/\n/g, nl) });
    roots.push(root);
    return scan({ root, threads: 1, secretAllow: [{ regex: '^OPENAI_API_KEY=.*# test fixture$', target: 'line', reason: 'fixture' }] });
  };
  it('LF, CRLF and lone CR files give one result: `target: line` allow entries and inline comments see the same lines', async () => {
    const results = [];
    for (const [, nl] of ENDS) results.push(await run(nl));
    const brief = (r: Awaited<ReturnType<typeof run>>) =>
      r.findings.filter((f) => f.ruleId.startsWith('secrets/')).map((f) => `${f.location.path}:${f.location.line}:${f.location.column} ${f.ruleId} ${f.fingerprint} cell-line ${f.properties?.['lantern:notebook:line'] ?? '-'}`);
    // .env: the OpenAI key is allowed by its line, the Groq key suppressed by the comment above it;
    // the notebook's key is on its own line of the file and on line 2 of its cell.
    assert.equal(brief(results[0]!).length, 1);
    assert.match(brief(results[0]!)[0]!, /^app\/nb\.ipynb:\d+:\d+ secrets\/groq-api-key \S+ cell-line 2$/);
    for (const r of results) {
      assert.deepEqual(brief(r), brief(results[0]!));
      assert.deepEqual(r.stats.suppressed, results[0]!.stats.suppressed);
      assert.equal(r.stats.suppressed.inline, 1);
    }
  });
});
