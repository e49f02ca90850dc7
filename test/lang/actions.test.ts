import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { actionUses, isActionsFile, isCommitSha } from '../../src/lang/actions.js';

const uses = (text: string) => actionUses(text).map((u) => `${u.repo}${u.path ? `/${u.path}` : ''}@${u.ref} ${u.line}:${u.column}`);

describe('actionUses: the actions and reusable workflows a workflow runs', () => {
  it('steps, quoted or not, with comments; a subfolder action; a reusable workflow at job level', () => {
    const text = 'jobs:\n  a:\n    steps:\n      - uses: actions/checkout@v4\n      - name: x\n        uses: "github/codeql-action/analyze@v3" # scan\n      - uses:   \'anthropics/claude-code-action@main\'\n  b:\n    uses: octo-org/shared/.github/workflows/ci.yml@v1\r\n';
    assert.deepEqual(uses(text), ['actions/checkout@v4 4:15', 'github/codeql-action/analyze@v3 6:16', 'anthropics/claude-code-action@main 7:18', 'octo-org/shared/.github/workflows/ci.yml@v1 9:11']);
  });

  it('none: local and Docker actions, a ref missing, comments, a key that only ends in uses, text after the value', () => {
    const text = '      - uses: ./.github/actions/x\n      - uses: docker://alpine:3\n      - uses: actions/checkout\n      # - uses: a/b@v1\n      causes: a/b@v1\n      - uses: a/b@v1 extra\n      - uses: ${{ matrix.action }}\n';
    assert.deepEqual(uses(text), []);
  });

  it("a step's with: inputs, before or after uses:, one-line scalars only; a reusable workflow job's", () => {
    const text = [
      'jobs:', '  a:', '    steps:',
      '      - uses: anthropics/claude-code-action@v1', '        with:', '          use_bedrock: "true"  # OIDC', "          model: 'x'", '          prompt: |', '            use_vertex: true', '          args: [a, b]',
      '      - name: two', '        with:', '          use_vertex: true', '        uses: a/b@v1',
      '      - uses: c/d@v1', '        env:', '          with: x',
      '      - run: echo', '        with:', '          stray: 1',
      '  b:', '    uses: o/r/.github/workflows/w.yml@v1', '    with:', '      level: job',
      '',
    ].join('\n');
    assert.deepEqual(actionUses(text).map((u) => [u.repo, u.inputs]), [
      ['anthropics/claude-code-action', { use_bedrock: 'true', model: 'x' }],
      ['a/b', { use_vertex: 'true' }],
      ['c/d', undefined],
      ['o/r', { level: 'job' }],
    ]);
  });

  it("a step's literal block inputs (|, |-, |+): the text dedented, blank lines inside kept, from its first content line; folded and flow values are not", () => {
    const text = [
      'jobs:', '  a:', '    steps:',
      '      - uses: o/r@v1', '        with:', '          settings: |-', '            {', '              "a": 1,', '', '              "b": 2', '            }', '', '          prompt: >', '            folded', '          keep: |+  # c', '            x', '          plain: y',
      '      - uses: p/q@v1', '        with:', '          empty: |', '          other: z',
      '',
    ].join('\n');
    assert.deepEqual(actionUses(text).map((u) => [u.repo, u.inputs, u.blocks]), [
      ['o/r', { plain: 'y' }, { settings: { text: '{\n  "a": 1,\n\n  "b": 2\n}', line: 7 }, keep: { text: 'x', line: 16 } }],
      ['p/q', { other: 'z' }, undefined],
    ]);
  });

  it('which files hold them; which refs cannot move', () => {
    assert.deepEqual(['.github/workflows/a.yml', 'x/.github/workflows/b.YAML', 'action.yml', '.github/actions/r/action.yaml', 'ci/a.yml', '.github/dependabot.yml'].map(isActionsFile), [true, true, true, true, false, false]);
    assert.deepEqual(['0123456789abcdef0123456789abcdef01234567', '0123456', 'v1', 'main'].map(isCommitSha), [true, false, false, false]);
  });
});
