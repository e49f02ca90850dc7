/**
 * The token reader for Python Hugging Face pulls and loaders (src/hf/python-pulls-fast.ts) against
 * the tree-sitter reader: where the token reader answers, its answer must equal the parser's
 * exactly (every site with its resolved id, revision, flags and position). Checked on every case of
 * the Python tables, on hand-written tricky sources, on the repository's Python fixtures, and on
 * generated compositions of snippets; plus the sources where it must say it is unsure, and its
 * robustness on hostile input.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import fg from 'fast-glob';
import fc from 'fast-check';
import { pythonHfSitesFast } from '../../src/hf/python-pulls-fast.js';
import { pythonHfSites, pythonHfSitesParsed } from '../../src/hf/python-pulls.js';
import { LOADERS, PULLS } from './python-cases.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SHA = '0123456789abcdef0123456789abcdef01234567';
const TF = 'from transformers import AutoModel, AutoTokenizer, pipeline\n';

async function agree(src: string, label = 'source'): Promise<boolean> {
  const fast = pythonHfSitesFast(src);
  if (!fast) return false;
  assert.deepEqual(fast, await pythonHfSitesParsed(src), `${label}: the token reader disagrees with the parser on:\n${src.slice(0, 600)}`);
  return true;
}

// Sources the token reader must answer, and answer like the parser.
const ANSWERED: [string, string][] = [
  ['aliases of modules and names', `import transformers as tfm\nfrom huggingface_hub import hf_hub_download as dl, snapshot_download\nimport torch.nn as nn, numpy as np\ntfm.AutoModel.from_pretrained("org/a")\ndl("org/b", filename="w.bin")\nsnapshot_download(repo_id="org/c", revision="${SHA}")\nnp.load("x.npy", allow_pickle=True)\n`],
  ['dotted import binds the package', 'import torch.serialization\ntorch.serialization.load("m.pt")\ntorch.load("n.pt", weights_only=True)\n'],
  ['chained and annotated assignments', `${TF}A = B = "org/chained"\nC: str = "org/annotated"\nD: "Final[str]" = C\nAutoModel.from_pretrained(A)\nAutoModel.from_pretrained(B)\nAutoModel.from_pretrained(D)\n`],
  ['a name assigned in an if on one line', `${TF}if flag: M = "org/one"\nelse: M = "org/two"\nAutoModel.from_pretrained(M)\n`],
  ['statements after ;', `${TF}M = "org/semi"; R = "main"; AutoModel.from_pretrained(M, revision=R)\n`],
  ['nested functions: the innermost parameter wins', `${TF}M = "org/module"\ndef outer(M="org/outer"):\n    def inner(M):\n        return AutoModel.from_pretrained(M)\n    x = AutoModel.from_pretrained(M)\n    return inner\nAutoModel.from_pretrained(M)\n`],
  ['typed and keyword-only parameters', `${TF}def f(a: str, *, b: str = "org/typed", c=None, **kw):\n    AutoModel.from_pretrained(b, revision=c)\n    AutoModel.from_pretrained(a)\n`],
  ['async def and methods', `${TF}class Loader:\n    name = "org/class-attr"\n    async def load(self, rev="v1"):\n        return AutoModel.from_pretrained(self.name, revision=rev)\n`],
  ['a def on one line', `${TF}def one(m="org/oneliner"): return AutoModel.from_pretrained(m)\nAutoModel.from_pretrained(m)\n`],
  ['lambda parameters shadow', `${TF}m = "org/module"\nf = lambda m="org/lambda": AutoModel.from_pretrained(m)\ng = lambda m: AutoModel.from_pretrained(m)\nh = [lambda: AutoModel.from_pretrained(m) for _ in range(2)]\n`],
  ['concatenations, parentheses and their depth', `${TF}O = "org"\nAutoModel.from_pretrained(O + "/" + "x")\nAutoModel.from_pretrained((O) + ("/y"))\nAutoModel.from_pretrained(("org/" "z"))\nAutoModel.from_pretrained(O + "/" + "a" + "b" + "c" + "d" + "e")\nAutoModel.from_pretrained(-O + "x")\nAutoModel.from_pretrained(O * 2)\n`],
  ['f-strings of names and attributes', `${TF}ORG = "o"\nNAME = "n"\nAutoModel.from_pretrained(f"{ORG}/{NAME}")\nAutoModel.from_pretrained(f"{cfg.org}/{NAME}")\nAutoModel.from_pretrained(f"{ UNKNOWN }/x")\nAutoModel.from_pretrained(f"{None}/x")\n`],
  ['dynamic forms keep their text', `${TF}AutoModel.from_pretrained(os.environ.get("M", "org/d"))\nAutoModel.from_pretrained(cfg["model"]  ,  revision = rev)\nAutoModel.from_pretrained(\n    name_or_path,\n    trust_remote_code = True ,\n)\nAutoModel.from_pretrained(a if b else c)\nAutoModel.from_pretrained((yield))\nAutoModel.from_pretrained(x := "org/w")\n`],
  ['tuples and generators', `${TF}AutoModel.from_pretrained(("a", "b"))\nAutoModel.from_pretrained(())\nAutoModel.from_pretrained(m for m in ms)\n`],
  ['splats are not arguments', `${TF}AutoModel.from_pretrained(*args, **kwargs)\nAutoModel.from_pretrained(*args, "org/after-splat", revision="main", **kw)\n`],
  ['HfApi().x and receivers', 'from huggingface_hub import HfApi\nimport huggingface_hub as hh\nHfApi().hf_hub_download("org/a", "f.bin")\nhh.HfApi().snapshot_download(repo_id="org/b")\napi = HfApi()\napi.snapshot_download("org/c")\n'],
  ['class bases and decorators are not calls of interest', `${TF}class M(AutoModel, metaclass=Meta):\n    pass\n@register(AutoModel.from_pretrained("org/deco"))\ndef f(): pass\nM.from_pretrained("org/sub")\n`],
  ['calls in default values and comprehensions', `${TF}def f(m=AutoModel.from_pretrained("org/default-call")):\n    return [AutoTokenizer.from_pretrained(x) for x in ["org/a", "org/b"]]\n`],
  ['pipeline forms', `${TF}pipeline("text-generation")\npipeline(task="ner")\npipeline(t)\npipeline("fill-mask", model="org/m", revision="${SHA}", trust_remote_code=True)\n`],
  ['loaders of every kind', 'import torch, pickle, joblib, dill, cloudpickle, shelve\nimport pandas as pd\nimport numpy\nfrom keras.models import load_model\nfrom torch import load as tload\ntorch.load(p)\ntorch.load(p, weights_only=False)\ntorch.load(p, weights_only=flag)\ntload(p)\ntorch.jit.load(p)\npickle.loads(b)\npickle.Unpickler(f).load()\nshelve.open("db")\npickle.open(f)\npd.read_pickle(p)\njoblib.load(p)\nnumpy.load(p, None, True)\nload_model(p, safe_mode=False)\ndill.load(f)\ncloudpickle.loads(b)\n'],
  ['comments and strings inside calls', `${TF}AutoModel.from_pretrained(  # the model\n    "org/commented",  # id\n    revision="main",  # rev\n)\ns = "AutoModel.from_pretrained('org/in-string')"\n`],
  ['non-ASCII before a call', `${TF}title = "模型 ünïcödé 🤗"; m = AutoModel.from_pretrained("org/unicode")\n`],
  ['CRLF line ends', `${TF}M = "org/crlf"\r\ndef f(x="org/x"):\r\n    return AutoModel.from_pretrained(x)\r\nAutoModel.from_pretrained(M)\r\n`],
  ['lone CR line ends', `${TF.replace('\n', '\r')}M = "org/cr"\rdef f(x="org/x"):\r    return AutoModel.from_pretrained(x)\rAutoModel.from_pretrained(M)\r`],
  ['try/except imports and reassigned names', `try:\n    from transformers import AutoModel\nexcept ImportError:\n    AutoModel = None\nM = "org/a"\nM = "org/a"\nAutoModel.from_pretrained(M)\nN = "org/x"\nN = "org/y"\nAutoModel.from_pretrained(N)\n`],
  ['relative and future imports are not read', 'from __future__ import annotations\nfrom . import transformers\nfrom .x import AutoModel\nAutoModel.from_pretrained("org/rel")\n'],
  ['a name assigned more than eight times', `${TF}${'M = "org/many"\n'.repeat(9)}AutoModel.from_pretrained(M)\n`],
  ['a cycle of names', `${TF}A = B\nB = A\nAutoModel.from_pretrained(A)\n`],
  ['datasets and sentence-transformers', `from datasets import load_dataset, load_dataset_builder\nfrom sentence_transformers import SentenceTransformer, CrossEncoder\nload_dataset("csv", data_files="a.csv")\nload_dataset("org/data", split="train")\nload_dataset_builder(path="org/b")\nSentenceTransformer(model_name_or_path="org/st")\nCrossEncoder("org/ce")\n`],
  ['LlamaIndex and Haystack', 'from llama_index.embeddings.huggingface import HuggingFaceEmbedding\nfrom haystack.components.embedders import SentenceTransformersTextEmbedder as E\nHuggingFaceEmbedding("BAAI/bge-m3")\nE(model=MODEL)\n'],
  ['langchain, vllm, timm', 'from langchain_community.embeddings import HuggingFaceBgeEmbeddings\nfrom vllm import LLM\nimport timm, open_clip\nHuggingFaceBgeEmbeddings(model_name="BAAI/bge-small-en")\nLLM("org/v")\ntimm.create_model("hf_hub:org/t")\nopen_clip.create_model_and_transforms("hf-hub:org/c")\n'],
  ["a call of a call result that names nothing", `${TF}make()(text)\nget()(x)\npipeline("ner").model.x()\n`],
];

// Sources where the token reader must be unsure (the parser reads them).
const UNSURE: [string, string][] = [
  ['broken syntax', `${TF}def broken(:\n    pass\nAutoModel.from_pretrained("org/after")\n`],
  ['a match statement', `${TF}match x:\n    case 1:\n        AutoModel.from_pretrained("org/m")\n`],
  ['a pull inside an f-string field', `${TF}s = f"{AutoModel.from_pretrained('org/f')}"\n`],
  ['an imported name called in an f-string field', 'import torch\nfrom torch import load as tl\ns = f"{tl(p)}"\n'],
  ['tab indentation with a def', `${TF}def f(m="org/tab"):\n\treturn AutoModel.from_pretrained(m)\n`],
  ['an f-string field with a conversion', `${TF}O = "o"\nAutoModel.from_pretrained(f"{O!r}/x")\n`],
  ['doubled braces in an f-string with fields', `${TF}O = "o"\nAutoModel.from_pretrained(f"{{{O}}}/x")\n`],
  ['a subscripted receiver of from_pretrained', `${TF}classes[0].from_pretrained("org/sub")\n`],
  ['a call of an imported call', 'import timm\nfrom timm import create_model\ncreate_model("x")("hf-hub:org/y")\n'],
  ['a generator among other arguments', `${TF}AutoModel.from_pretrained("a", x for x in y)\n`],
  ['a stray backslash', `${TF}x = 1 \\ 2\nAutoModel.from_pretrained("org/m")\n`],
];

describe('Python HF token reader: the case tables agree with the parser', () => {
  it('every pull and loader case, answered nearly always', async () => {
    let answered = 0;
    const all = [...PULLS, ...LOADERS];
    for (const c of all) if (await agree(c.code, c.name)) answered++;
    assert.ok(answered >= all.length - 2, `answered ${answered} of ${all.length}`);
  });
});

describe('Python HF readers: lines as Python counts them (LF, CRLF, a lone CR)', () => {
  for (const [name, nl] of [['LF', '\n'], ['CRLF', '\r\n'], ['lone CR', '\r']] as const) {
    it(`${name}: a pull on line 4`, async () => {
      const src = ['from transformers import AutoModel', 'M = "org/m"', '', 'AutoModel.from_pretrained(M)', ''].join(nl);
      const want = { pulls: [{ via: 'AutoModel.from_pretrained', repoType: 'model', line: 4, column: 1, id: 'org/m' }], loaders: [] };
      assert.deepEqual(await pythonHfSitesParsed(src), want);
      assert.deepEqual(pythonHfSitesFast(src), want);
    });
  }
});

describe('Python HF token reader: tricky sources agree with the parser', () => {
  for (const [name, src] of ANSWERED) {
    it(name, async () => assert.ok(await agree(src, name), 'the token reader should answer this source'));
  }
  for (const [name, src] of UNSURE) {
    it(`unsure: ${name}`, async () => {
      assert.equal(pythonHfSitesFast(src), undefined);
      // And the reader in use still answers, through the parser.
      assert.deepEqual(await pythonHfSites(src), await pythonHfSitesParsed(src));
    });
  }
});

describe('Python HF token reader: files and generated sources', () => {
  it("the repository's Python fixtures and demo", async () => {
    const files = await fg(['fixtures/**/*.py'], { cwd: ROOT });
    assert.ok(files.length > 5, `only ${files.length} files`);
    let answered = 0;
    for (const f of files) if (await agree(readFileSync(ROOT + f, 'utf8'), f)) answered++;
    assert.ok(answered / files.length > 0.8, `answered ${answered} of ${files.length}`);
  });

  const SNIPPETS = [
    'from transformers import AutoModel, pipeline',
    'import torch',
    'import huggingface_hub as hh',
    'M = "org/m"',
    'M = f"{ORG}/x"',
    'ORG = "meta"',
    'R: str = "main"',
    'def f(m=M, r=None):\n    return AutoModel.from_pretrained(m, revision=r)',
    'def g(m):\n    x = AutoModel.from_pretrained(m, trust_remote_code=True)\n    return x',
    'class C(AutoModel):\n    def load(self):\n        return torch.load(self.p, weights_only=False)',
    'AutoModel.from_pretrained(M, revision=R)',
    'AutoModel.from_pretrained(ORG + "/" + M)',
    'p = pipeline("ner", model=M)',
    'hh.hf_hub_download(repo_id=M, filename="model.bin")',
    'hh.HfApi().snapshot_download(M)',
    'torch.load(path)',
    'y = [torch.load(x) for x in xs]',
    'h = lambda m=M: AutoModel.from_pretrained(m)',
    'if ok: M = "org/other"',
    '# AutoModel.from_pretrained("org/comment")',
    's = "torch.load(x)"',
    'log(f"{len(xs)} {M}")',
    'z = (1,\n     2)',
    '@decorate(AutoModel.from_pretrained("org/d"))\ndef h(): pass',
  ];
  it('random compositions of snippets agree wherever the token reader answers', async () => {
    let answered = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(...SNIPPETS), { maxLength: 14 }), fc.constantFrom('\n', '\r\n', '\r', '\n\n'), async (parts, sep) => {
        if (await agree(parts.join(sep) + sep)) answered++;
      }),
      { numRuns: 300 },
    );
    assert.ok(answered > 250, `answered ${answered} of 300`);
  });
});

describe('Python HF token reader: robustness', () => {
  it('never throws on random text and junk', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (s) => {
        pythonHfSitesFast(`import torch\n${s}\ntorch.load(x)\n`);
        pythonHfSitesFast(s);
      }),
      { numRuns: 500 },
    );
    const junk = String.fromCharCode(...Array.from({ length: 5000 }, (_, i) => (i * 7919) % 65536).filter((c) => c < 0xd800 || c > 0xdfff));
    pythonHfSitesFast(junk);
  });

  it('nested defs and chains of lambdas cost one pass, not one scan each', () => {
    const defs = TF + Array.from({ length: 3000 }, (_, i) => `${' '.repeat(i)}def f${i}(m="org/d${i}"):\n`).join('') + `${' '.repeat(3000)}AutoModel.from_pretrained(m)\n`;
    const lambdas = `${TF}x = ${'lambda: '.repeat(100_000)}AutoModel.from_pretrained("org/l")\n`;
    for (const [label, src, id] of [['3,000 nested defs', defs, 'org/d2999'], ['100,000 nested lambdas', lambdas, 'org/l']] as const) {
      const t = performance.now();
      const r = pythonHfSitesFast(src);
      const ms = performance.now() - t;
      assert.equal(r?.pulls[0]?.id, id, label);
      assert.ok(ms < 2000, `${label}: ${ms} ms`);
    }
  });

  it('reads a 1.5 MB file of calls and names in linear time; past the token bound (4 MB) it is unsure at once', () => {
    const unit = `${TF}M = "org/m"\ndef f(m=M):\n    return AutoModel.from_pretrained(m, revision="main")\nx = f"{M}" + "y"\n`;
    const src = unit.repeat(Math.ceil(1_500_000 / unit.length));
    const t = performance.now();
    const r = pythonHfSitesFast(src);
    const ms = performance.now() - t;
    assert.ok(r, 'answered');
    assert.ok(r.pulls.length > 8_000);
    assert.ok(ms < 5000, `${ms} ms`);
    // Over MAX_TOKENS (src/lang/limits.ts) the lexer stops: unsure, so the caller parses the head.
    const big = unit.repeat(Math.ceil(4_000_000 / unit.length));
    const t2 = performance.now();
    assert.equal(pythonHfSitesFast(big), undefined);
    assert.ok(performance.now() - t2 < 5000);
  });
});
