import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { cellLines, notebookEnvReads, notebookImports, notebookRawPositions, prepareCell, readNotebook } from '../../src/lang/notebook.js';
import { sdkCatalog } from '../../src/detectors/sdks/catalog.js';
import { lineStarts } from '../../src/util/lines.js';

const code = (source: string | string[]) => ({ cell_type: 'code', execution_count: null, metadata: {}, outputs: [], source });
const md = (source: string) => ({ cell_type: 'markdown', metadata: {}, source });
const nb4 = (cells: unknown[], language = 'python', indent?: number) =>
  JSON.stringify(
    {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: { kernelspec: { name: 'python3', display_name: 'Python 3', language }, language_info: { name: language } },
      cells,
    },
    null,
    indent,
  );

/** A site without its .ipynb position, and the file's text from that position on (`n` characters). */
function split<T extends { fileLine?: number; fileColumn?: number }>(text: string, sites: T[], n = 40): { sites: Omit<T, 'fileLine' | 'fileColumn'>[]; at: (string | undefined)[] } {
  const starts = lineStarts(text, 'cr-lf');
  return {
    sites: sites.map(({ fileLine: _l, fileColumn: _c, ...rest }) => rest),
    at: sites.map((s) => (s.fileLine === undefined ? undefined : text.slice((starts[s.fileLine - 1] as number) + (s.fileColumn as number) - 1).slice(0, n))),
  };
}

describe('notebookEnvReads', () => {
  const KNOWN = new Set(['OPENAI_API_KEY', 'GROQ_API_KEY', 'HF_TOKEN', 'MISTRAL_API_KEY']);
  it('reads each code cell as Python: reads and %env / %set_env, placed by cell and line like other sites, with the .ipynb\'s own line; comments, markdown and unknown names are none', () => {
    const text = nb4([
      md('os.getenv("MISTRAL_API_KEY") in markdown'),
      code(['import os\n', 'os.environ["OPENAI_API_KEY"] = getpass()\n', '# os.getenv("GROQ_API_KEY")\n', '%env HF_TOKEN=hf_x\n', 'x = os.getenv("OTHER_KEY")\n']),
      code('%set_env MISTRAL_API_KEY abc\nkey = os.environ.get("MISTRAL_API_KEY")'),
    ], 'python', 1);
    const r = split(text, notebookEnvReads(text, (n) => KNOWN.has(n)));
    assert.deepEqual(r.sites, [
      { name: 'OPENAI_API_KEY', cell: 1, line: 2, column: 13 },
      { name: 'HF_TOKEN', cell: 1, line: 4, column: 6 },
      { name: 'MISTRAL_API_KEY', cell: 2, line: 2, column: 23 },
      { name: 'MISTRAL_API_KEY', cell: 2, line: 1, column: 10 },
    ]);
    assert.deepEqual(r.at.map((a) => a?.slice(0, 8)), ['OPENAI_A', 'HF_TOKEN', 'MISTRAL_', 'MISTRAL_']);
  });
  it('a file that is no notebook, or broken, reads none', () => {
    assert.deepEqual(notebookEnvReads('os.getenv("OPENAI_API_KEY")', () => true), []);
    assert.deepEqual(notebookEnvReads('{"cells": [', () => true), []);
  });
});

describe('notebookImports', () => {
  it('reads a real nbformat-4 notebook: pip magics, imports with cell and line', async () => {
    const text = nb4([
      md('# Demo\nimport openai in markdown is not code'),
      code(['%pip install openai==1.30.1\n', '!pip install -U "transformers>=4" torch\n']),
      code(['import os\n', 'x = 1  # import anthropic\n', 'from openai import OpenAI\n', 'client = OpenAI(base_url="https://api.example.com/v1")\n']),
      code('%%html\n<p>import openai</p>'),
    ], 'python', 1);
    const r = await notebookImports(text);
    assert.deepEqual(r.warnings, []);
    const imports = split(text, r.imports, 20);
    assert.deepEqual(imports.sites, [
      { specifier: 'openai==1.30.1', kind: 'pip-install', line: 1, column: 14, cell: 1 },
      { specifier: 'transformers>=4', kind: 'pip-install', line: 2, column: 17, cell: 1 },
      { specifier: 'torch', kind: 'pip-install', line: 2, column: 35, cell: 1 },
      { specifier: 'os', kind: 'import', line: 1, column: 8, cell: 2 },
      { specifier: 'openai', kind: 'from-import', line: 3, column: 6, names: ['OpenAI'], cell: 2 },
    ]);
    // Each site's place in the .ipynb file itself (where findings point): its line of the JSON.
    // A quoted pip argument's site is its opening quote, escaped in the JSON.
    assert.deepEqual(imports.at, ['openai==1.30.1\\n",\n ', '\\"transformers>=4\\" ', 'torch\\n"\n   ]\n  },\n ', 'os\\n",\n    "x = 1  #', 'openai import OpenAI']);
    assert.deepEqual(r.imports.map((s) => s.fileLine), [26, 27, 27, 36, 38]);
    const strings = split(text, r.strings, 28);
    assert.deepEqual(strings.sites, [{ value: 'https://api.example.com/v1', line: 4, column: 26, key: 'base_url', via: 'OpenAI', call: '2/4:16', cell: 2 }]);
    assert.deepEqual(strings.at, ['\\"https://api.example.com/v1'], 'the literal\'s opening quote, escaped in the JSON');
  });

  it('model names given to a model call as its first argument, with cell and line', async () => {
    const text = nb4([code('import google.generativeai as genai'), code(['%env X=1\n', 'model = genai.GenerativeModel("gemini-1.5-flash")\n', 'print("gemini-1.5-pro")\n'])]);
    const r = await notebookImports(text, sdkCatalog().modelCalls('python'));
    const strings = split(text, r.strings, 18);
    assert.deepEqual(strings.sites, [{ value: 'gemini-1.5-flash', line: 2, column: 31, key: 'model', via: 'GenerativeModel', call: '1/2:30', cell: 1 }]);
    assert.deepEqual(strings.at, ['\\"gemini-1.5-flash'], 'the literal\'s opening quote, escaped in the JSON');
    assert.deepEqual((await notebookImports(text)).strings, [], 'without the calls, no model site');
  });

  it("a client an earlier cell binds is the one a later cell's method calls (StringSite.call placed in its cell); the cells' imports serve every cell", async () => {
    const text = nb4([
      code('from openai import OpenAI\n'),
      code(['local = OpenAI(base_url="http://localhost:11434/v1")\n', 'cloud = OpenAI()\n']),
      code('r = local.chat.completions.create(model="llama3.2")\n'),
      code(['cloud = OpenAI(base_url="https://api.groq.com/openai/v1")\n', 'r = cloud.chat.completions.create(model="llama-3.1-8b-instant")\n']),
      code('r = cloud.chat.completions.create(model="gpt-4o-mini")\n'),
    ]);
    const r = await notebookImports(text, sdkCatalog().modelCalls('python'));
    assert.deepEqual(r.strings.map((s) => `${s.cell} ${s.key}=${s.value} ${s.via} ${s.call}`), [
      '1 base_url=http://localhost:11434/v1 OpenAI 1/1:15',
      '2 model=llama3.2 OpenAI 1/1:15',
      '3 base_url=https://api.groq.com/openai/v1 OpenAI 3/1:15',
      '3 model=llama-3.1-8b-instant OpenAI 3/1:15',
      // The binding of `cloud` before this cell: the one in cell 3.
      '4 model=gpt-4o-mini OpenAI 3/1:15',
    ]);
  });

  it('blanks magics without moving lines, and keeps Python bodies of %%capture and %%time', async () => {
    const text = nb4([
      code('%matplotlib inline\nfiles = !ls\nopenai?\nimport anthropic'),
      code('%%capture\nimport langchain'),
      code('%%time\n!pip install cohere\nimport cohere'),
      code('%%bash\npip install groq && echo done\nimport notpython'),
      code('%%writefile app.py\nimport mistralai\n'),
      code('%%writefile notes.txt\nimport notpython\n'),
    ]);
    const r = await notebookImports(text);
    const brief = r.imports.map((s) => `${s.cell}:${s.line}:${s.column} ${s.kind} ${s.specifier}`);
    assert.deepEqual(brief, [
      '0:4:8 import anthropic',
      '1:2:8 import langchain',
      '2:2:14 pip-install cohere',
      '2:3:8 import cohere',
      '3:2:13 pip-install groq',
      '4:2:8 import mistralai',
    ]);
  });

  it('reads nbformat-3 worksheets (source in `input`)', async () => {
    const text = JSON.stringify({
      nbformat: 3,
      metadata: {},
      worksheets: [{ cells: [{ cell_type: 'markdown', source: 'x' }, { cell_type: 'code', input: ['import tensorflow as tf\n'] }] }],
    });
    const r = await notebookImports(text);
    assert.deepEqual(r.imports, [{ specifier: 'tensorflow', kind: 'import', line: 1, column: 8, cell: 1, fileLine: 1, fileColumn: 128 }]);
    assert.equal(text.slice(127, 137), 'tensorflow');
  });

  it('warns on malformed notebooks instead of throwing', async () => {
    for (const text of ['{bad json', '[]', 'null', '{"nbformat": 4}', '']) {
      const r = await notebookImports(text);
      assert.equal(r.imports.length, 0);
      assert.equal(r.warnings.length, 1, text);
    }
    const r = await notebookImports(JSON.stringify({ cells: [42, { cell_type: 'code', source: 7 }, code('import openai')] }));
    assert.deepEqual(r.imports.map((s) => s.specifier), ['openai']);
    assert.match(r.warnings[0] ?? '', /2 malformed/);
  });

  it('skips notebooks in another language', async () => {
    const r = await notebookImports(nb4([code('library(openai)\nimport openai')], 'R'));
    assert.deepEqual(r.imports, []);
    assert.match(r.warnings[0] ?? '', /not Python/);
  });

  it('never throws on random or mutated input', async () => {
    const base = nb4([code(['!pip install a\n', 'import b\n']), md('x')]);
    await fc.assert(
      fc.asyncProperty(fc.nat(base.length), fc.string({ maxLength: 6 }), async (at, junk) => {
        const r = await notebookImports(base.slice(0, at) + junk + base.slice(at));
        assert.ok(Array.isArray(r.imports) && Array.isArray(r.warnings));
      }),
      { numRuns: 200 },
    );
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 300 }), async (src) => {
        const r = await notebookImports(nb4([code(src)]));
        assert.ok(Array.isArray(r.imports));
      }),
      { numRuns: 200 },
    );
  });
});

describe('notebook positions: a cell\'s lines and the file\'s lines end at CR, LF and CRLF', () => {
  // Each case: the cell's source as stored (a list of strings, or one string), a token in it, and
  // the line of the cell it is on (lines end at CR, LF and CRLF, as prepareCell and Python count).
  const CASES: [string, string | string[], string, number][] = [
    ['LF, stored as lines', ['import os\n', 'from transformers import AutoModel\n', 'AutoModel.from_pretrained("org/m")\n'], 'from_pretrained', 3],
    ['CRLF, stored as lines', ['import os\r\n', 'x = 1\r\n', 'AutoModel.from_pretrained("org/m")\r\n'], 'from_pretrained', 3],
    ['lone CRs inside one stored string of a list', ['import os\rx = 1\rAutoModel.from_pretrained("org/m")\n', 'y = 2\n'], 'from_pretrained', 3],
    ['lone CRs, stored split at them (nbformat splitlines)', ['import os\r', 'x = 1\r', 'AutoModel.from_pretrained("org/m")'], 'from_pretrained', 3],
    ['mixed, stored as one string', 'import os\rx = 1\r\ny = 2\nAutoModel.from_pretrained("org/m")', 'from_pretrained', 4],
    ['a CRLF split across two stored strings', ['import os\r', '\nAutoModel.from_pretrained("org/m")\n'], 'from_pretrained', 2],
    ['after the line end, a later line of the same string', ['a = "caf\u00e9"\rb = 1\r  c = AutoModel.from_pretrained("org/m")\n'], 'org/m', 3],
    // Decoys: no line ends.
    ['an escaped \\r in a string', ['x = "a\\rb"; AutoModel.from_pretrained("org/m")\n'], 'from_pretrained', 1],
    ['U+2028 in a string, stored split at it (nbformat splitlines)', ['x = "a\u2028', 'b"; AutoModel.from_pretrained("org/m")\n'], 'from_pretrained', 1],
    ['U+2029 and a form feed in a comment', ['# a\u2029b\fc\n', 'AutoModel.from_pretrained("org/m")\n'], 'from_pretrained', 2],
  ];
  for (const [name, source, token, wantLine] of CASES) {
    for (const [ends, nl] of [['LF', '\n'], ['CRLF', '\r\n'], ['CR', '\r']] as const) {
      it(`${name}; the .ipynb file's lines end at ${ends}`, () => {
        const text = JSON.stringify({ cells: [md('# t'), code(source)], metadata: {}, nbformat: 4, nbformat_minor: 5 }, null, 1).replace(/\n/g, nl);
        const { cells } = readNotebook(text);
        const lines = cellLines(cells[1]?.source ?? '');
        const line = lines.findIndex((l) => l.includes(token)) + 1;
        assert.equal(line, wantLine);
        const at = notebookRawPositions(text, cells)(1, line, (lines[line - 1] ?? '').indexOf(token) + 1);
        assert.ok(at, 'a raw position');
        // The file's own line (CR, LF and CRLF) holds the token, JSON-escaped, at that column.
        const starts = lineStarts(text, 'cr-lf');
        const from = (starts[at.line - 1] as number) + at.column - 1;
        assert.ok(from < (starts[at.line] ?? text.length), 'on that line');
        assert.equal(text.slice(from, from + token.length), JSON.stringify(token).slice(1, -1));
      });
    }
  }
});

describe('a notebook shell line\'s installs (prepareCell, read by installSites)', () => {
  const specs = (line: string) => prepareCell(`!${line}`, 0).pips.map((t) => t.specifier);
  const CASES: [string, string[]][] = [
    ['pip install openai', ['openai']],
    ['pip install x y==1.2 -U', ['x', 'y==1.2']],
    ['pip install -q -U "transformers[torch]>=4.40" accelerate', ['transformers[torch]>=4.40', 'accelerate']],
    ['{sys.executable} -m pip install anthropic', ['anthropic']],
    ['python3 -m pip install --upgrade langchain-openai', ['langchain-openai']],
    ['pip3 install -r requirements.txt openai', ['openai']],
    ['pip install -i https://pypi.example/simple --extra-index-url https://x litellm', ['litellm']],
    ['pip install git+https://github.com/x/y.git ./local /abs/pkg $PKG {pkg}', ['y @ git+https://github.com/x/y.git']],
    ['uv pip install vllm', ['vllm']],
    ['pip install openai && pip install groq; echo pip install no', ['openai', 'groq']],
    ['pip install openai  # and anthropic', ['openai']],
    ['pip list', []],
    ['conda install pytorch', ['pytorch']],
    ['conda list pytorch', []],
    ["pip install 'openai>=1,<2'", ['openai>=1,<2']],
    // PEP 508 direct references name their package; a path or a bare @ does not.
    ['pip install "transformers[torch] @ https://files.example/transformers-4.41.2-py3-none-any.whl" vllm@git+https://github.com/vllm-project/vllm', ['transformers[torch] @ https://files.example/transformers-4.41.2-py3-none-any.whl', 'vllm@git+https://github.com/vllm-project/vllm']],
    ['pip install "x @ ./local" openai@ foo@bar', []],
    ['{sys.executable} -m pip install -q cohere', ['cohere']],
    ['echo -m pip install openai', []],
    ['npm i -g @anthropic-ai/claude-code', ['@anthropic-ai/claude-code']],
  ];
  it('continuation lines, %pip and %%bash cells: the positions are the cell\'s', () => {
    assert.deepEqual(prepareCell('import os\n!pip install -q \\\n    openai==1.30.1\n%pip install anthropic', 3).pips, [
      { specifier: 'openai==1.30.1', kind: 'pip-install', line: 3, column: 5, cell: 3 },
      { specifier: 'anthropic', kind: 'pip-install', line: 4, column: 14, cell: 3 },
    ]);
    assert.deepEqual(prepareCell('%%bash\npip install groq && echo done', 1).pips.map((s) => `${s.line}:${s.column} ${s.specifier}`), ['2:13 groq']);
    assert.deepEqual(prepareCell('%conda install -y -c conda-forge openai=1.30.1\n!mamba install transformers', 0).pips.map((s) => `${s.kind} ${s.line}:${s.column} ${s.specifier}`), ['conda-install 1:34 openai=1.30.1', 'conda-install 2:16 transformers']);
  });
  it("an install with no % or ! (IPython's automagic runs it as %pip), the Python around it still read; not a pip call in code or a pip word in a string", () => {
    const p = prepareCell('pip install openai==1.30.1 anthropic\nimport openai\n  conda install -y groq\nx = pip.install("cohere")\ns = "pip install mistralai"', 2);
    assert.deepEqual(p.pips.map((s) => `${s.kind} ${s.line}:${s.column} ${s.specifier}`), ['pip-install 1:13 openai==1.30.1', 'pip-install 1:28 anthropic', 'conda-install 3:20 groq']);
    assert.equal(p.python, '\nimport openai\n\nx = pip.install("cohere")\ns = "pip install mistralai"');
  });
  for (const [line, want] of CASES) it(line, () => assert.deepEqual(specs(line), want));
});
