import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { pythonImports } from '../../src/lang/python.js';
import { pythonImportsFast } from '../../src/lang/python-lex.js';
import type { ImportSite, ModelCalls } from '../../src/lang/types.js';
import { sdkCatalog } from '../../src/detectors/sdks/catalog.js';

const brief = (s: ImportSite) => `${s.kind} ${s.specifier} ${s.line}:${s.column}${s.names ? ` [${s.names.join(',')}]` : ''}`;
/** The parser's answer; the fast path, where it answers, must give exactly the same. */
async function sites(src: string, calls?: ModelCalls) {
  const parsed = await pythonImports(src, calls);
  const fast = pythonImportsFast(src, calls);
  if (fast) assert.deepEqual(fast, parsed, 'the fast path disagrees with the parser');
  return parsed;
}
async function found(src: string): Promise<string[]> {
  return (await sites(src)).imports.map(brief);
}

// Each case: source, and exactly the imports that must be found (kind specifier line:column [names]).
const CASES: [string, string, string[]][] = [
  ['plain import', 'import openai\n', ['import openai 1:8']],
  ['alias', 'import openai as oa\n', ['import openai 1:8']],
  ['dotted', 'import google.generativeai as genai\n', ['import google.generativeai 1:8']],
  ['several', 'import os, anthropic\n', ['import os 1:8', 'import anthropic 1:12']],
  ['from import', 'from openai import OpenAI\n', ['from-import openai 1:6 [OpenAI]']],
  ['from dotted', 'from x.y import z\n', ['from-import x.y 1:6 [z]']],
  ['from aliased, parenthesized', 'from langchain.chat_models import (\n    ChatOpenAI as C,\n    ChatAnthropic,\n)\n', ['from-import langchain.chat_models 1:6 [ChatOpenAI,ChatAnthropic]']],
  ['wildcard', 'from transformers import *\n', ['from-import transformers 1:6 [*]']],
  ['local module named like an SDK, exact', 'import openai_utils\nfrom openai_utils import helper\n', ['import openai_utils 1:8', 'from-import openai_utils 2:6 [helper]']],
  // A NUL reads as a blank (tree-sitter's lexer took it for the end of the input).
  ['NUL after the name', 'import openai\0\nx = 1\n', ['import openai 1:8']],
  ['NUL between the keyword and the name', 'import\0anthropic\nfrom os import path\0\n', ['import anthropic 1:8', 'from-import os 2:6 [path]']],
  ['in try/except', 'try:\n    import openai\nexcept ImportError:\n    openai = None\n', ['import openai 2:12']],
  ['in a function', 'def f():\n    from anthropic import Anthropic\n    return Anthropic()\n', ['from-import anthropic 2:10 [Anthropic]']],
  ['in a class and if-block', 'class A:\n    if True:\n        import cohere\n', ['import cohere 3:16']],
  ['importlib', 'import importlib\nm = importlib.import_module("mistralai")\n', ['import importlib 1:8', 'importlib mistralai 2:29']],
  ['importlib aliased module', 'import importlib as il\nil.import_module(\'groq\')\n', ['import importlib 1:8', 'importlib groq 2:18']],
  ['from importlib import import_module', 'from importlib import import_module\nimport_module("vertexai")\n', ['from-import importlib 1:6 [import_module]', 'importlib vertexai 2:15']],
  ['import_module aliased', 'from importlib import import_module as load\nload("ollama")\n', ['from-import importlib 1:6 [import_module]', 'importlib ollama 2:6']],
  ['import_module name=', 'import importlib\nimportlib.import_module(name="litellm")\n', ['import importlib 1:8', 'importlib litellm 2:30']],
  ['__import__', 'm = __import__("torch")\n', ['dunder-import torch 1:16']],
  ['call before the import it relies on', 'def g():\n    return import_module("dspy")\nfrom importlib import import_module\n', ['importlib dspy 2:26', 'from-import importlib 3:6 [import_module]']],
  ['after a syntax error', 'def (:\n  pass\nimport openai\n', ['import openai 3:8']],
  ['python 2 print', 'print "hi"\nimport anthropic\n', ['import anthropic 2:8']],
  ['non-ASCII before: UTF-16 columns', 'é = 1; import openai\n', ['import openai 1:15']],
];

const DECOYS: [string, string][] = [
  ['comment', '# import openai\n'],
  ['commented-out import', '#from anthropic import Anthropic\n'],
  ['string', 'x = "import openai"\n'],
  ['docstring', 'def f():\n    """Call import openai here.\n    from anthropic import X\n    """\n'],
  ['variable named anthropic', 'anthropic = 3\nprint(anthropic.x)\n'],
  ['relative from .', 'from . import openai\n'],
  ['relative from .x', 'from .openai import client\n'],
  ['relative from ..x', 'from ..anthropic import y\n'],
  ['import_module on another object', 'obj.import_module("openai")\n'],
  ['import_module unrelated function', 'def import_module(x): pass\n'],
  ['importlib with a variable', 'import importlib as il\nil.import_module(name)\n'],
  ['importlib relative', 'import importlib\nimportlib.import_module(".openai", "pkg")\n'],
  ['__import__ with a variable', '__import__(mod)\n'],
  ['f-string argument', '__import__(f"{x}openai")\n'],
  ['future', 'from __future__ import annotations\n'],
];

describe('pythonImports: imports that must be found', () => {
  for (const [name, src, want] of CASES) {
    it(name, async () => {
      const got = (await found(src)).filter((s) => !/ (os|importlib) /.test(s) || want.includes(s));
      assert.deepEqual(got, want);
    });
  }
});

describe('pythonImports: decoys that must not be reported', () => {
  for (const [name, src] of DECOYS) {
    it(name, async () => {
      const got = (await found(src)).filter((s) => !s.includes(' importlib '));
      assert.deepEqual(got, []);
    });
  }
});

describe('pythonImports: line ends as Python reads them (LF, CRLF, a lone CR)', () => {
  // Lines as Python's own ast counts them; `sites` checks the fast path against the parser.
  const ENDS: [string, string][] = [['LF', '\n'], ['CRLF', '\r\n'], ['lone CR (old Mac)', '\r']];
  for (const [name, nl] of ENDS) {
    it(`${name}: an import on line 3, a keyed URL on line 4`, async () => {
      const src = ['import os', '# a comment', 'from openai import OpenAI', 'client = OpenAI(base_url="https://api.groq.com/openai/v1")', ''].join(nl);
      assert.ok(pythonImportsFast(src), 'the fast path answers');
      const got = await sites(src);
      assert.deepEqual(got.imports.map(brief), ['import os 1:8', 'from-import openai 3:6 [OpenAI]']);
      assert.deepEqual(got.strings, [{ value: 'https://api.groq.com/openai/v1', line: 4, column: 26, key: 'base_url', via: 'OpenAI', call: '4:16' }]);
    });
  }
  // Each case: source, and exactly the imports of it.
  const MORE: [string, string, string[]][] = [
    ['mixed line ends', 'import os\rimport sys\r\nimport openai\n', ['import os 1:8', 'import sys 2:8', 'import openai 3:8']],
    ['a CR inside a triple-quoted string ends a line too', 'x = """a\rb"""\nimport openai\n', ['import openai 3:8']],
    ['indented under a CR-only block', 'try:\r    import openai\rexcept ImportError:\r    pass\r', ['import openai 2:12']],
    // Decoys: not line ends for Python.
    ['an escaped \\r in a string', 'x = "a\\rb"\nimport openai\n', ['import openai 2:8']],
    ['U+2028 and U+2029 in a comment', 'x = 1  # a\u2028b\u2029c\nimport openai\n', ['import openai 2:8']],
    ['a form feed', '\fimport openai\n', ['import openai 1:9']],
  ];
  for (const [name, src, want] of MORE) {
    it(name, async () => assert.deepEqual(await found(src), want));
  }
});

describe('pythonImports: imports under a type-checking guard are type-only', () => {
  /** `specifier line` and ` type-only` when marked so. */
  const marks = async (src: string) => {
    assert.ok(pythonImportsFast(src), 'the fast path answers');
    return (await sites(src)).imports.map((s) => `${s.specifier} ${s.line}${s.typeOnly ? ' type-only' : ''}`);
  };
  // Each case: source, and every import with its mark.
  const CASES: [string, string, string[]][] = [
    ['from typing import TYPE_CHECKING; the else branch and what follows run', 'from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import openai\n    from anthropic import Anthropic\nelse:\n    import cohere\nimport groq\n', ['typing 1', 'openai 3 type-only', 'anthropic 4 type-only', 'cohere 6', 'groq 7']],
    ['typing.TYPE_CHECKING and typing_extensions.TYPE_CHECKING', 'import typing\nif typing.TYPE_CHECKING:\n    import openai\nif typing_extensions.TYPE_CHECKING:\n    import anthropic\n', ['typing 1', 'openai 3 type-only', 'anthropic 5 type-only']],
    ['import typing as t', 'import typing as t\nif t.TYPE_CHECKING:\n    import openai\n', ['typing 1', 'openai 3 type-only']],
    ['from typing import TYPE_CHECKING as TC', 'from typing import TYPE_CHECKING as TC\nif TC:\n    import openai\n', ['typing 1', 'openai 3 type-only']],
    ['the TYPE_CHECKING = False idiom: the bare name counts', 'TYPE_CHECKING = False\nif TYPE_CHECKING:\n    import openai\n', ['openai 3 type-only']],
    ['one line, every statement of it', 'if TYPE_CHECKING: import openai; from anthropic import A\nelse: import cohere\nimport groq\n', ['openai 1 type-only', 'anthropic 1 type-only', 'cohere 2', 'groq 3']],
    ['elif TYPE_CHECKING: its body only', 'if sys.version_info >= (3, 11):\n    import tomllib\nelif TYPE_CHECKING:\n    import openai\nelse:\n    import anthropic\n', ['tomllib 2', 'openai 4 type-only', 'anthropic 6']],
    ['nested blocks, a function, import calls, a comment line and a blank line', 'def f():\n    if TYPE_CHECKING:  # types\n        try:\n            import openai\n        except ImportError:\n            pass\n\n        # note\n        m = importlib.import_module("mistralai")\n    import anthropic\n', ['openai 4 type-only', 'mistralai 9 type-only', 'anthropic 10']],
    ['a guard inside a guard, and leaving both at once', 'if TYPE_CHECKING:\n    if TYPE_CHECKING:\n        import openai\n    import anthropic\nimport cohere\n', ['openai 3 type-only', 'anthropic 4 type-only', 'cohere 5']],
    ['tabs', 'if TYPE_CHECKING:\n\timport openai\nimport cohere\n', ['openai 2 type-only', 'cohere 3']],
    ['CRLF and lone CR line ends', 'if TYPE_CHECKING:\r\n    import openai\rimport cohere\r\n', ['openai 2 type-only', 'cohere 3']],
    ['an empty body (IndentationError): the next line is after it', 'if TYPE_CHECKING:\nimport openai\n', ['openai 2']],
    ['a dedent to no enclosing level ends the body', 'if TYPE_CHECKING:\n    import openai\n  import anthropic\nimport cohere\n', ['openai 2 type-only', 'anthropic 3', 'cohere 4']],
    ['an alias takes effect from its import on', 'if TC:\n    import openai\nfrom typing import TYPE_CHECKING as TC\nif TC:\n    import anthropic\n', ['openai 2', 'typing 3', 'anthropic 5 type-only']],
    // Decoys: conditions that are no guard, so their imports run.
    ['if not TYPE_CHECKING', 'if not TYPE_CHECKING:\n    import openai\nelse:\n    import anthropic\n', ['openai 2', 'anthropic 4']],
    ['TYPE_CHECKING or X: runs when X does', 'if TYPE_CHECKING or X:\n    import openai\n', ['openai 2']],
    ['compound and parenthesized conditions are not read', 'if TYPE_CHECKING and X:\n    import openai\nif (TYPE_CHECKING):\n    import anthropic\n', ['openai 2', 'anthropic 4']],
    ['a name that only starts like it', 'TYPE_CHECKING_X = True\nif TYPE_CHECKING_X:\n    import openai\nif typing.TYPE_CHECKING_X:\n    import anthropic\n', ['openai 3', 'anthropic 5']],
    ["another module's TYPE_CHECKING, and an alias of another module", 'import settings as t\nif other.TYPE_CHECKING:\n    import openai\nif t.TYPE_CHECKING:\n    import anthropic\n', ['settings 1', 'openai 3', 'anthropic 5']],
    ['while, a conditional expression, a string and a comment', 'while TYPE_CHECKING:\n    import openai\nx = a if TYPE_CHECKING else b\nimport anthropic\ns = "if TYPE_CHECKING:"\n# if TYPE_CHECKING:\nimport cohere\n', ['openai 2', 'anthropic 4', 'cohere 7']],
  ];
  for (const [name, src, want] of CASES) it(name, async () => assert.deepEqual(await marks(src), want));
  it('the fast path leaves indentation it cannot compare to the parser', () => {
    assert.equal(pythonImportsFast('if TYPE_CHECKING:\n\timport openai\n        import anthropic\n'), undefined);
    assert.equal(pythonImportsFast('x = 1; if TYPE_CHECKING: import openai\n'), undefined);
    // Without a guard, indentation is not looked at.
    assert.ok(pythonImportsFast('if x:\n\timport openai\n        import anthropic\n'));
  });
});

describe('pythonImports: strings', () => {
  it('realtime WebSocket URLs (ws, wss) are URLs too; other schemes are not', async () => {
    const src = ['RT = "wss://api.openai.com/v1/realtime?model=gpt-4o-realtime-preview"', 'live = f"wss://{host}/ws"', 'g = f"wss://generativelanguage.googleapis.com/ws/{path}"', 'l = "ws://localhost:8765"', 'x = "ftp://api.openai.com/files"', 'd = "see wss://x.com here"'].join('\n');
    const { strings } = await sites(src);
    assert.deepEqual(strings, [
      { value: 'wss://api.openai.com/v1/realtime?model=gpt-4o-realtime-preview', line: 1, column: 6 },
      { value: 'wss://generativelanguage.googleapis.com/ws/', line: 3, column: 5 },
      { value: 'ws://localhost:8765', line: 4, column: 5 },
    ]);
  });

  it('a string alone assigned to a name that says it holds a model (annotated `str`, `Final`, `Optional[str]`, `Final[str]`, `ClassVar[str]` or `str | None`) is keyed by that name (the parser and the token reader agree); decoys are not', async () => {
    const src = [
      'MODEL = "gpt-4o-mini"',
      'EMBEDDING_MODEL: str = "text-embedding-3-small"',
      'class Bot:',
      '    def __init__(self):',
      '        self.model_name = "claude-3-5-haiku-20241022"',
      '# OPENAI_MODEL = "gpt-4o"',
      "DOC = \"\"\"OPENAI_MODEL = 'gpt-4o'\"\"\"",
      'CHAT_MODEL = os.getenv("CHAT_MODEL") or "gpt-4o"',
      'FAST_MODEL = "gpt-4o" + SUFFIX',
      'remodel = "gpt-4o"',
      'LLM_MODEL: Optional[str] = "gpt-4o"',
      'x = {"a": 1}; DEFAULT_MODEL = "o3-mini"',
      'def f(x=MODEL == "gpt-4o"): pass',
      'CHEAP_MODEL: str | None = "gpt-4o-mini"',
      'BIG_MODEL: typing.Optional[str] = "gpt-4.1"',
      'LIST_MODEL: list[str] = "o3"',
      'FINAL_MODEL: Final = "gpt-4.1-mini"',
      'TYPED_FINAL_MODEL: Final[str] = "o4-mini"',
      'class C:',
      '    CHAT_MODEL: ClassVar[str] = "gpt-5"',
      'OTHER_MODEL: Final[int] = "no"',
    ].join('\n');
    const { strings } = await sites(src);
    assert.deepEqual(strings, [
      { value: 'gpt-4o-mini', line: 1, column: 9, key: 'MODEL' },
      { value: 'text-embedding-3-small', line: 2, column: 24, key: 'EMBEDDING_MODEL' },
      { value: 'claude-3-5-haiku-20241022', line: 5, column: 27, key: 'model_name' },
      { value: 'gpt-4o', line: 11, column: 28, key: 'LLM_MODEL' },
      { value: 'o3-mini', line: 12, column: 31, key: 'DEFAULT_MODEL' },
      { value: 'gpt-4o-mini', line: 14, column: 27, key: 'CHEAP_MODEL' },
      { value: 'gpt-4.1-mini', line: 17, column: 22, key: 'FINAL_MODEL' },
      { value: 'o4-mini', line: 18, column: 33, key: 'TYPED_FINAL_MODEL' },
      { value: 'gpt-5', line: 20, column: 33, key: 'CHAT_MODEL' },
    ]);
  });

  it('a string alone assigned to a name in an enum class\'s body is keyed by the name (the parser and the token reader agree; the detector keeps model names); other classes and methods are not', async () => {
    const src = [
      'from enum import Enum',
      'class Model(str, Enum):',
      '    GPT4O = "gpt-4o"',
      '    SUMMARY = "gpt-4o" + SUFFIX',
      '    def label(self):',
      '        name = "gpt-4o-mini"',
      '    HAIKU = "claude-3-5-haiku-latest"',
      'class Settings(BaseSettings):',
      '    FAST = "o3-mini"',
      'AFTER = "gpt-4.1"',
    ].join('\n');
    const { strings } = await sites(src);
    assert.deepEqual(strings, [
      { value: 'gpt-4o', line: 3, column: 13, key: 'GPT4O' },
      { value: 'claude-3-5-haiku-latest', line: 7, column: 13, key: 'HAIKU' },
    ]);
  });

  it('an env read\'s literal default is the keyed value (`os.getenv("X", "…")`, `os.environ.get`, `getenv`, `environ.get`); other calls and forms are not', async () => {
    const src = [
      'MODEL = os.getenv("OPENAI_MODEL", "gpt-4o-mini")',
      'EMBED_MODEL: str = os.environ.get("EMBED", "text-embedding-3-small")',
      'r = client.chat.completions.create(model=getenv("M", "claude-3-5-haiku-latest"), messages=[])',
      'c = OpenAI(base_url=environ.get("BASE", "https://api.deepseek.com",))',
      'cfg = {"model": os.getenv("M", # the default\n  "gemini-2.0-flash"), "x": 1}',
      // Decoys: no default, a keyword default, a default that is no literal or continues, another
      // object's getenv, a name that holds no model.
      'A_MODEL = os.getenv("M")',
      'B_MODEL = os.getenv("M", default="gpt-4o")',
      'C_MODEL = os.getenv("M", "gpt-4o") + SUFFIX',
      'f(model=cfg.getenv("M", "gpt-4o"))',
      'f(model=os.getenv("M", DEFAULT))',
      'g(model=os.getenv("M", "gpt-" "4o"))',
      'REGION = os.getenv("REGION", "us-east-1")',
      // A name that says no model: keyed by the env var when that one does.
      'm = os.getenv("OPENAI_MODEL", "gpt-4.1")',
      'self.name = os.environ.get("LLM_MODEL", "o3-mini")',
      'n = os.getenv("REGION_NAME", "us-east-1")',
    ].join('\n');
    assert.ok(pythonImportsFast(src), 'the fast path answers');
    const { strings } = await sites(src);
    assert.deepEqual(strings.map((x) => `${x.line}:${x.column} ${x.key ?? '-'}=${x.value}`), [
      '1:35 MODEL=gpt-4o-mini',
      '2:44 EMBED_MODEL=text-embedding-3-small',
      '3:54 model=claude-3-5-haiku-latest',
      '4:41 base_url=https://api.deepseek.com',
      '6:3 model=gemini-2.0-flash',
      '14:31 OPENAI_MODEL=gpt-4.1',
      '15:41 LLM_MODEL=o3-mini',
    ]);
  });

  it('a model table\'s entries: "id", "name", "value" and "apiIdentifier" of a dict that is a list literal\'s element; the same keys elsewhere are not', async () => {
    const src = [
      'MODELS = [{"name": "gpt-4.1", "label": "GPT-4.1"}, {"id": \'o4-mini\'}]',
      'OPTIONS = [',
      '    {"value": "claude-3-5-haiku-latest"},',
      ']',
      // Decoys: a dict not in a list, a tuple, a call's list, a value that continues, another key.
      'user = {"name": "gpt-4o"}',
      'pair = ({"name": "gpt-4o"},)',
      'rows = [{"id": "gpt-" + v}, {"label": "gpt-4o"}, {"name": "gpt" "-4o"}]',
    ].join('\n');
    assert.ok(pythonImportsFast(src), 'the fast path answers');
    const { strings } = await sites(src);
    assert.deepEqual(strings.map((x) => `${x.line}:${x.column} ${x.key ?? '-'}=${x.value}`), [
      '1:20 name=gpt-4.1',
      '1:59 id=o4-mini',
      '3:15 value=claude-3-5-haiku-latest',
    ]);
  });

  it('a function parameter\'s literal default is keyed by the parameter\'s name when that says model (or base URL); a lambda\'s, a call\'s or another name\'s is not', async () => {
    const src = [
      'def chat(prompt, model="gpt-4.1-mini", max_tokens=1000):',
      '    pass',
      'async def embed(texts, *, embedding_model: str = "text-embedding-3-small", base_url="https://api.groq.com/openai/v1"):',
      '    pass',
      'def summarize(text,',
      '              llm_model = os.getenv("SUMMARY_MODEL", "claude-3-5-haiku-latest"),',
      '              ):',
      '    pass',
      // Decoys: a name that says no model, a typed default with a compound type, a lambda's
      // default, a default that continues, a keyword argument of a call inside a default.
      'def a(region="us-east-1", model: Optional[str] = "gpt-4o", model_b="gpt-" + v, cfg=dict(x="o1")): pass',
      'f = lambda model="gpt-4o": model',
      'class C:',
      '    def run(self, chat_model: str = "o3-mini") -> str:',
      '        pass',
    ].join('\n');
    assert.ok(pythonImportsFast(src), 'the fast path answers');
    const { strings } = await sites(src);
    assert.deepEqual(strings.map((x) => `${x.line}:${x.column} ${x.key ?? '-'}=${x.value}`), [
      '1:24 model=gpt-4.1-mini',
      '3:50 embedding_model=text-embedding-3-small',
      '3:85 base_url=https://api.groq.com/openai/v1',
      '6:54 llm_model=claude-3-5-haiku-latest',
      '12:37 chat_model=o3-mini',
    ]);
  });

  it('a keyword argument or dict key whose name says no model, given an env read\'s literal default, is keyed by the env var when that one says model', async () => {
    const src = [
      'SETTINGS = {',
      '    "chat": os.getenv("CHAT_MODEL", "gpt-4o-mini"),',
      '    "embed": os.environ.get("EMBEDDING_MODEL", "text-embedding-3-large",),',
      // Decoys: an env var that says no model, no literal default, a default that continues.
      '    "region": os.getenv("AWS_REGION", "us-east-1"),',
      '    "slow": os.getenv("SLOW_MODEL", DEFAULT),',
      '    "big": os.getenv("BIG_MODEL", "gpt-4o") + SUFFIX,',
      '}',
      'cfg = dict(fast=os.getenv("FAST_MODEL", "gpt-4.1-nano"), home=os.getenv("HOME", "o1"))',
      'agent = Agent(name="x", llm_name=getenv("JUDGE_LLM", "o3-mini"))',
      // A key that says model keeps its own name.
      'r = {"model": os.getenv("OPENAI_MODEL", "gpt-4-turbo")}',
    ].join('\n');
    assert.ok(pythonImportsFast(src), 'the fast path answers');
    const { strings } = await sites(src);
    assert.deepEqual(strings.map((x) => `${x.line}:${x.column} ${x.key ?? '-'}=${x.value}`), [
      '2:37 CHAT_MODEL=gpt-4o-mini',
      '3:48 EMBEDDING_MODEL=text-embedding-3-large',
      '8:41 FAST_MODEL=gpt-4.1-nano',
      '9:54 JUDGE_LLM=o3-mini',
      '10:41 model=gpt-4-turbo',
    ]);
  });

  it('a model-named field given pydantic\'s Field(…) is keyed by its default (first argument or `default=`); other calls and forms are not', async () => {
    const src = [
      'class Settings(BaseSettings):',
      '    openai_model: str = Field("gpt-4o-mini", description="chat")',
      '    embedding_model: str = Field(default="text-embedding-3-small", env="EMBED")',
      '    judge_model: str = Field(..., default="o3-mini")',
      '    rerank_model: str = Field(',
      '        description="x",  # a comment',
      '        default="gpt-4.1",',
      '    )',
      // Decoys: a name that holds no model, no string default, a concatenation, another call,
      // a default that continues, a keyword other than default.
      '    region: str = Field(default="us-east-1")',
      '    a_model: str = Field(default=DEFAULT)',
      '    b_model: str = Field("gpt-" "4o")',
      '    c_model: str = Config("gpt-4o")',
      '    d_model: str = Field(default="gpt-4o") + x',
      '    e_model: str = Field(alias="gpt-4o", default=None)',
    ].join('\n');
    assert.ok(pythonImportsFast(src), 'the fast path answers');
    const { strings } = await sites(src);
    assert.deepEqual(strings.map((x) => `${x.line}:${x.column} ${x.key ?? '-'}=${x.value}`), [
      '2:31 openai_model=gpt-4o-mini',
      '3:42 embedding_model=text-embedding-3-small',
      '4:43 judge_model=o3-mini',
      '7:17 rerank_model=gpt-4.1',
    ]);
  });

  it('an env var named for a model set to one string (`os.environ["OPENAI_MODEL_NAME"] = "…"`, CrewAI\'s setup; `os.environ.setdefault(…)`) is keyed by its name; other forms are not', async () => {
    const src = [
      'import os',
      'from os import environ',
      'os.environ["OPENAI_MODEL_NAME"] = "gpt-4-0125-preview"',
      "environ['LLM'] = 'claude-3-5-haiku-latest'",
      // Decoys: a name that holds no model, a chained or conditional assignment, an f-string,
      // another mapping, a reading, two subscripts.
      'os.environ["OPENAI_API_BASE"] = "http://localhost:1234/v1"',
      'x = os.environ["A_MODEL"] = "gpt-4o"',
      'os.environ["B_MODEL"] = "gpt-4o" if fast else "o3"',
      'os.environ["C_MODEL"] = f"gpt-{v}"',
      'settings["D_MODEL"] = "gpt-4o"',
      'm = os.environ["E_MODEL"]',
      'os.environ["F_MODEL", "G"] = "gpt-4o"',
      'os.environ.setdefault("OPENAI_MODEL", "gpt-4o-mini")',
      "environ.setdefault('EMBEDDING_MODEL', 'text-embedding-3-small',)",
      'os.environ.setdefault("REGION", "us-east-1")',
      'settings.setdefault("H_MODEL", "gpt-4o")',
      'x.os.environ.setdefault("I_MODEL", "gpt-4o")',
      'os.environ.setdefault("J_MODEL", f"gpt-{v}")',
    ].join('\n');
    assert.ok(pythonImportsFast(src), 'the fast path answers');
    const { strings } = await sites(src);
    assert.deepEqual(strings.map((x) => `${x.line}:${x.column} ${x.key ?? '-'}=${x.value}`), [
      '3:35 OPENAI_MODEL_NAME=gpt-4-0125-preview',
      '4:18 LLM=claude-3-5-haiku-latest',
      '5:33 -=http://localhost:1234/v1',
      '12:39 OPENAI_MODEL=gpt-4o-mini',
      '13:39 EMBEDDING_MODEL=text-embedding-3-small',
    ]);
  });

  it('a keyword argument or dict key named for a model or an LLM holds a keyed string too (`llm_model=`, `"chat_model":`, `llm=`); `model_provider`, `model_kwargs`, `model_dir` and `llm_config` do not', async () => {
    const src = [
      'agent = Agent(llm_model="gpt-4o", model_provider="openai", model_kwargs={"temperature": 0})',
      'cfg = {"chat_model": "claude-3-5-sonnet-20241022", "model_dir": "gpt-4o"}',
      // CrewAI's Agent(llm="…"), and names of an LLM; `llm_config` and `film` are not.
      'writer = Agent(role="writer", llm="gpt-4o-mini", llm_config="o3")',
      'DEFAULT_LLM = "claude-3-5-haiku-latest"',
      'film = "gpt-4o"',
    ].join('\n');
    assert.ok(pythonImportsFast(src), 'the fast path answers');
    const { strings } = await sites(src);
    assert.deepEqual(strings, [
      { value: 'gpt-4o', line: 1, column: 25, key: 'llm_model', via: 'Agent', call: '1:14' },
      { value: 'claude-3-5-sonnet-20241022', line: 2, column: 22, key: 'chat_model' },
      { value: 'gpt-4o-mini', line: 3, column: 35, key: 'llm', via: 'Agent', call: '3:15' },
      { value: 'claude-3-5-haiku-latest', line: 4, column: 15, key: 'DEFAULT_LLM' },
    ]);
  });

  it('tells the calls apart (StringSite.call): a keyword is its call\'s, a method of a client instance its construction\'s', async () => {
    const src = [
      'from openai import OpenAI',
      'import openai',
      'local = OpenAI(base_url="http://localhost:11434/v1")',
      'cloud = openai.OpenAI()',
      'class S:',
      '    def __init__(self):',
      '        self.client = OpenAI(base_url="https://api.groq.com/openai/v1")',
      '    def run(self):',
      '        return self.client.chat.completions.create(model="llama-3.3-70b-versatile")',
      'local.chat.completions.create(model="llama3.1")',
      'cloud.chat.completions.create(model="gpt-4o-mini")',
      'ChatOpenAI(model="gpt-4o", base_url="https://api.together.xyz/v1")',
      // Bound twice to one client: a use takes the binding before it. A callee the file does not import binds nothing.
      'twice = OpenAI(base_url="http://localhost:8000/v1")',
      'twice = OpenAI()',
      'twice.chat.completions.create(model="x-1")',
      'lower = Local(base_url="http://localhost:9000/v1")',
      'lower.chat(model="x-2")',
    ].join('\n');
    const { strings } = await sites(src, sdkCatalog().modelCalls('python'));
    assert.deepEqual(strings.map((x) => `${x.line} ${x.key}=${x.value} ${x.via ?? '-'} ${x.call ?? '-'}`), [
      '3 base_url=http://localhost:11434/v1 OpenAI 3:15',
      '7 base_url=https://api.groq.com/openai/v1 OpenAI 7:29',
      '9 model=llama-3.3-70b-versatile OpenAI 7:29',
      '10 model=llama3.1 OpenAI 3:15',
      '11 model=gpt-4o-mini openai 4:22',
      '12 model=gpt-4o ChatOpenAI 12:11',
      '12 base_url=https://api.together.xyz/v1 ChatOpenAI 12:11',
      '13 base_url=http://localhost:8000/v1 OpenAI 13:15',
      '15 model=x-1 OpenAI 14:15',
      '16 base_url=http://localhost:9000/v1 Local 16:14',
      '17 model=x-2 chat 17:11',
    ]);
  });

  it('reports URLs and keyed values with positions', async () => {
    const src = [
      'client = OpenAI(base_url="https://api.groq.com/openai/v1", model="llama3-70b")',
      'cfg = {"model": "gpt-4o", "other": "x", "api_base": \'https://x.openai.azure.com\'}',
      'u = "http://localhost:11434"',
      'doc = """see https://example.com for more"""',
      'engine = "davinci"',
      'r = client.chat(model=f"{name}-v2", endpoint=f"https://{host}/v1")',
      'n = "https://api." "anthropic.com"',
      'e = "https:\\u002f\\u002fesc.example"',
    ].join('\n');
    const { strings } = await sites(src);
    assert.deepEqual(strings, [
      // Two arguments of one call.
      { value: 'https://api.groq.com/openai/v1', line: 1, column: 26, key: 'base_url', via: 'OpenAI', call: '1:16' },
      { value: 'llama3-70b', line: 1, column: 66, key: 'model', via: 'OpenAI', call: '1:16' },
      { value: 'gpt-4o', line: 2, column: 17, key: 'model' },
      { value: 'https://x.openai.azure.com', line: 2, column: 53, key: 'api_base' },
      { value: 'http://localhost:11434', line: 3, column: 5 },
      { value: 'https://api.anthropic.com', line: 7, column: 5 },
      { value: 'https://esc.example', line: 8, column: 5 },
    ]);
  });
});

describe('pythonImports: model names given to a call as its first argument (rules/sdk.yaml modelCalls)', () => {
  const calls = sdkCatalog().modelCalls('python');
  const keyed = async (src: string) => {
    assert.ok(pythonImportsFast(src, calls), 'the fast path answers');
    return (await sites(src, calls)).strings.map((s) => `${s.line}:${s.column} ${s.key ?? '-'}=${s.value}`);
  };

  it('GenerativeModel (google-generativeai, Vertex AI), init_chat_model, dspy.LM', async () => {
    const src = [
      'import google.generativeai as genai',
      'm = genai.GenerativeModel("gemini-1.5-pro")',
      'v = vertexai.generative_models.GenerativeModel(',
      "    'gemini-1.5-flash',  # the cheap one",
      '    generation_config=cfg,',
      ')',
      'c = init_chat_model("gpt-4o", model_provider="openai")',
      'lm = dspy.LM("openai/gpt-4o-mini", max_tokens=250)',
      'j = GenerativeModel("gemini-" "2.0-flash")',
      '@GenerativeModel("gemini-pro")',
      'def f(): pass',
    ].join('\n');
    assert.deepEqual(await keyed(src), [
      '2:27 model=gemini-1.5-pro',
      '4:5 model=gemini-1.5-flash',
      '7:21 model=gpt-4o',
      '8:14 model=openai/gpt-4o-mini',
      '9:21 model=gemini-2.0-flash',
      '10:18 model=gemini-pro',
    ]);
  });

  it("a method called on a name bound to a client gives its keyword values to the client (via); a name bound to two clients, a local function's or an unbound name's do not", async () => {
    const src = [
      'client = InferenceClient(token=tok)',
      'client.text_to_image("a cat", model="black-forest-labs/FLUX.1-dev")',
      'client.chat.completions.create(model="Qwen/Qwen2.5-72B-Instruct", messages=m)',
      'class S:',
      '    def __init__(self):',
      '        self.hf: AsyncInferenceClient = huggingface_hub.AsyncInferenceClient()',
      '    async def go(self):',
      '        await self.hf.chat_completion(m, model="org/async-model")',
      'both = InferenceClient()',
      'both = dspy.LM("openai/gpt-4o")',
      'both.run(model="org/ambiguous")',
      'other.run(model="org/unbound")',
      'client(model="org/called")',
    ].join('\n');
    assert.ok(pythonImportsFast(src, calls), 'the fast path answers');
    const got = (await sites(src, calls)).strings.filter((s) => s.key === 'model').map((s) => `${s.line} ${s.value} via=${s.via ?? '-'}`);
    assert.deepEqual(got, [
      '2 black-forest-labs/FLUX.1-dev via=InferenceClient',
      '3 Qwen/Qwen2.5-72B-Instruct via=InferenceClient',
      '8 org/async-model via=AsyncInferenceClient',
      '10 openai/gpt-4o via=LM',
      '11 org/ambiguous via=run',
      '12 org/unbound via=run',
      '13 org/called via=client',
    ]);
  });

  it("a method called on an imported module gives its keyword values to the module (via: the module's name as bound); a deeper chain, a from-import's name and an unimported name do not", async () => {
    const src = [
      'import ollama, os',
      'import google.generativeai as genai',
      'from litellm import Router',
      'ollama.chat(model="llama3.1:8b", messages=[])',
      'genai.configure(model="gemini-1.5-flash")',
      'ollama.api.chat(model="org/deep")',
      'Router.make(model="org/router")',
      'other.chat(model="org/other")',
    ].join('\n');
    assert.ok(pythonImportsFast(src, calls), 'the fast path answers');
    const got = (await sites(src, calls)).strings.filter((s) => s.key === 'model').map((s) => `${s.line} ${s.value} via=${s.via ?? '-'}`);
    assert.deepEqual(got, ['4 llama3.1:8b via=ollama', '5 gemini-1.5-flash via=genai', '6 org/deep via=chat', '7 org/router via=make', '8 org/other via=chat']);
  });

  it('decoys: other callees, other arguments, comments, concatenations, f-strings, definitions', async () => {
    const src = [
      'print("gpt-4o")',
      'GenerativeModel(name, "gemini-pro")',
      '# GenerativeModel("gemini-pro")',
      'GenerativeModel("gemini-" + version)',
      'GenerativeModel(f"gemini-{version}")',
      'GenerativeModel(model_name)',
      'GenerativeModel(*args)',
      'GenerativeModel(("gemini-pro"))',
      'GenerativeModel("gemini-pro".strip())',
      'GenerativeModel("gemini-pro" if fast else "gemini-ultra")',
      'GenerativeModel("gemini-pro" for _ in x)',
      'def GenerativeModel(name="gemini-pro"): pass',
      'class GenerativeModel("gemini-pro"): pass',
      's = "GenerativeModel(\'gemini-pro\')"',
      'y = f"{GenerativeModel(\'gemini-pro\')}"',
    ].join('\n');
    assert.deepEqual(await keyed(src), []);
  });

  it('the keyword form stays keyed by its name', async () => {
    assert.deepEqual(await keyed('m = genai.GenerativeModel(model_name="gemini-1.5-pro")\n'), ['1:38 model_name=gemini-1.5-pro']);
  });

  it('provider:model references: init_chat_model (positional and keyword) and pydantic-ai\'s Agent', async () => {
    const src = [
      'from langchain.chat_models import init_chat_model',
      'from pydantic_ai import Agent',
      'a = init_chat_model("openai:gpt-4o", temperature=0)',
      'b = init_chat_model(model="anthropic:claude-3-5-sonnet-latest")',
      "agent = Agent('google-gla:gemini-1.5-flash', system_prompt='Be concise.')",
      'other = Agent(',
      '    "bedrock:anthropic.claude-3-5-sonnet-20240620-v1:0",  # through Bedrock',
      '    deps_type=Deps,',
      ')',
      'kw = Agent(model="groq:llama-3.3-70b-versatile")',
    ].join('\n');
    assert.deepEqual(await keyed(src), [
      '3:21 model=openai:gpt-4o',
      '4:27 model=anthropic:claude-3-5-sonnet-latest',
      '5:15 model=google-gla:gemini-1.5-flash',
      '7:5 model=bedrock:anthropic.claude-3-5-sonnet-20240620-v1:0',
      '10:18 model=groq:llama-3.3-70b-versatile',
    ]);
  });

  it('decoys: an Agent\'s other arguments, a name argument, a class named Agent, a CrewAI Agent by keyword only', async () => {
    const src = [
      'Agent(model_obj, "openai:gpt-4o")',
      'Agent(role="writer", goal="openai:gpt-4o")',
      'class Agent("openai:gpt-4o"): pass',
      'def Agent(name="openai:gpt-4o"): pass',
      '# Agent("openai:gpt-4o")',
      'Agent("openai:" + name)',
    ].join('\n');
    assert.deepEqual(await keyed(src), []);
  });

  it('a literal that is no model name is still a site: the inventory drops it (someObj.GenerativeModel("x"))', async () => {
    assert.deepEqual(await keyed('w = widgets.GenerativeModel("layout-2")\n'), ['1:29 model=layout-2']);
  });

  it('without the calls, nothing is read as a model name', async () => {
    assert.deepEqual((await sites('m = genai.GenerativeModel("gemini-1.5-pro")\n')).strings, []);
  });
});

describe('pythonImports: robustness', () => {
  it('client bindings in bounded time: a name bound and used 20,000 times each, thousands of `from` with long runs of blanks', () => {
    const t0 = performance.now();
    const py = 'from openai import OpenAI\n' + 'c = OpenAI()\n'.repeat(20_000) + 'c.chat.completions.create(model="gpt-4o")\n'.repeat(20_000);
    const r = pythonImportsFast(py, sdkCatalog().modelCalls('python'));
    assert.equal(r?.strings.filter((s) => s.call === '20001:11').length, 20_000);
    pythonImportsFast(('from ' + ' '.repeat(1000)).repeat(2000) + '\nimport x', sdkCatalog().modelCalls('python'));
    assert.ok(performance.now() - t0 < 5000, `${performance.now() - t0} ms`);
  });

  it('never throws on random text, in bounded time', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 400 }), async (s) => {
        const t = performance.now();
        const r = await pythonImports(s);
        assert.ok(Array.isArray(r.imports) && Array.isArray(r.strings));
        assert.ok(performance.now() - t < 2000);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on mutated Python', async () => {
    const base = 'import openai\nfrom a.b import (c, d)\ntry:\n    x = f"{y}" + """z"""\nexcept: pass\n';
    await fc.assert(
      fc.asyncProperty(fc.nat(base.length), fc.string({ maxLength: 8 }), async (at, junk) => {
        const r = await pythonImports(base.slice(0, at) + junk + base.slice(at));
        assert.ok(Array.isArray(r.imports));
      }),
      { numRuns: 300 },
    );
  });

  it('handles binary junk and a large file', async () => {
    const junk = String.fromCharCode(...Array.from({ length: 5000 }, (_, i) => (i * 7919) % 65536).filter((c) => c < 0xd800 || c > 0xdfff));
    await pythonImports(junk);
    const big = 'import openai\n' + 'x = [1, 2, 3]\n'.repeat(100_000);
    const t = performance.now();
    const r = await pythonImports(big);
    assert.equal(r.imports.length, 1);
    // A hang or a quadratic parse of these 1.4 MB would take minutes; the bound is loose because the
    // parse itself takes 1.3 s on an idle 2-core machine and took 5.7 s there with two test suites
    // running beside it.
    assert.ok(performance.now() - t < 15_000);
  });
});
