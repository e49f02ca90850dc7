/**
 * Bad input never stops a scan: truncated, empty, huge (sparse multi-GB), zero-permission,
 * hostile (zip bombs, path traversal, symlink loops) and random-byte files each produce a
 * warning or a finding with their path, and every other result is kept.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, closeSync, copyFileSync, openSync, readFileSync, symlinkSync, writeSync, ftruncateSync, chownSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { scan, type ScanResult } from '../src/scan/scan.js';
import { sdkInventory } from '../src/inventory/sdks.js';
import { packImport } from '../src/detectors/sdks/index.js';
import { mergeComponents } from '../src/inventory/merge.js';
import { loadRules } from '../src/rules/load.js';
import type { FileAnalysis } from '../src/detectors/types.js';
import type { DeclaredDependency } from '../src/lang/types.js';
import { readManifest, resolveVersions } from '../src/lang/manifests/index.js';
import { buildZip, lz4Frame, zstdFrame, zstdRleBomb } from './formats/builders.js';
import { FIXTURES, makeTree, removeTree } from './support/paths.js';
import { lantern } from './support/run.js';
import { installSites } from '../src/lang/installs.js';
import { commandHfSites } from '../src/hf/command-pulls.js';
import { terraformBlocks } from '../src/lang/terraform.js';

const PICKLE = Buffer.from('80049515000000000000007d94288c016194284b014b02658c01629443017894752e', 'hex');
const GOOD = readFileSync(join(FIXTURES, 'models/positive/safetensors/model.safetensors'));

function ggufHeader(): Buffer {
  // GGUF v3, no tensors, one KV: general.architecture = "llama".
  const key = Buffer.from('general.architecture');
  const val = Buffer.from('llama');
  const b = Buffer.alloc(4 + 4 + 8 + 8 + 8 + key.length + 4 + 8 + val.length);
  let o = b.write('GGUF', 0, 'latin1');
  o = b.writeUInt32LE(3, o);
  o = b.writeBigUInt64LE(0n, o);
  o = b.writeBigUInt64LE(1n, o);
  o = b.writeBigUInt64LE(BigInt(key.length), o);
  o += key.copy(b, o);
  o = b.writeUInt32LE(8, o); // string
  o = b.writeBigUInt64LE(BigInt(val.length), o);
  val.copy(b, o);
  return b;
}

/** A file of `size` bytes that starts with `head` and is a hole after it. */
function sparse(path: string, head: Uint8Array, size: number): void {
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, head);
    ftruncateSync(fd, size);
  } finally {
    closeSync(fd);
  }
}

const warned = (r: ScanResult, path: string) => r.warnings.filter((w) => w.path === path);
const found = (r: ScanResult, path: string) => r.findings.filter((f) => f.location.path === path);
const modelAt = (r: ScanResult, path: string) => r.components.find((c) => c.evidence.some((e) => e.path === path));

describe('bad input', () => {
  let root: string;
  let result: ScanResult;
  const GB = 1024 * 1024 * 1024;

  before(async () => {
    root = makeTree({
      'good/model.safetensors': GOOD,
      'good/weights.dat': PICKLE,
      'empty.pt': '',
      'random.pt': randomBytes(4096),
      'random.h5': randomBytes(4096),
      'truncated/model.safetensors': readFileSync(join(FIXTURES, 'models/truncated/model.safetensors')),
      'truncated/model.gguf': readFileSync(join(FIXTURES, 'models/truncated/model.gguf')),
      'truncated/model.onnx': readFileSync(join(FIXTURES, 'models/truncated/model.onnx')),
      'truncated/model.pt': readFileSync(join(FIXTURES, 'models/truncated/model.pt')),
      'truncated/cut.pkl.gz': readFileSync(join(FIXTURES, 'models/positive/containers/model.pkl.gz')).subarray(0, 40),
      'hostile/bomb.zip': buildZip([{ name: 'archive/data.pkl', data: PICKLE, method: 8, declaredUncompressed: 0xfffffff0 }]).bytes,
      'hostile/slip.zip': buildZip([{ name: '../../outside/evil.pkl', data: PICKLE }]).bytes,
      'hostile/link.zip': buildZip([{ name: 'model.pkl', data: PICKLE }, { name: 'link', data: Buffer.from('/etc/passwd'), unixMode: 0o120777 }]).bytes,
      'hostile/deflate-bomb.zip': buildZip([{ name: 'x/data.pkl', data: Buffer.concat([PICKLE, Buffer.alloc(32 * 1024 * 1024)]), method: 8 }]).bytes,
      'locked/model.pkl': PICKLE,
    });
    // Huge files: a 5 GB hole named like a model, and a 2 GB sparse GGUF (a real header, then a hole).
    sparse(join(root, 'huge.safetensors'), new Uint8Array(0), 5 * GB);
    sparse(join(root, 'big.gguf'), ggufHeader(), 2 * GB);
    symlinkSync(join(root, 'loop-b'), join(root, 'loop-a'));
    symlinkSync(join(root, 'loop-a'), join(root, 'loop-b'));
    copyFileSync(join(root, 'good/weights.dat'), Buffer.concat([Buffer.from(join(root, 'odd-')), Buffer.from([0xff]), Buffer.from('.pkl')]));
    chmodSync(join(root, 'locked/model.pkl'), 0o000);
    result = await scan({ root, threads: 1 });
  });
  after(() => removeTree(root));

  it('keeps every good result', () => {
    assert.ok(modelAt(result, 'good/model.safetensors'));
    assert.ok(modelAt(result, 'good/weights.dat'));
    assert.ok(found(result, 'good/weights.dat').some((f) => f.ruleId === 'model/pickle-based-format'));
    assert.ok(result.components.some((c) => c.evidence.some((e) => e.path.startsWith('odd-') && e.path.endsWith('.pkl'))), 'non-UTF-8 name scanned');
  });

  it('empty and random-byte files named like models: a warning each, no component', () => {
    for (const p of ['empty.pt', 'random.pt', 'random.h5']) {
      assert.ok(warned(result, p).some((w) => w.code === 'model/not-a-model'), p);
      assert.equal(modelAt(result, p), undefined, p);
    }
  });

  it('truncated models: a warning with the path, still inventoried by what the bytes show', () => {
    for (const p of ['truncated/model.safetensors', 'truncated/model.gguf', 'truncated/model.onnx']) {
      assert.ok(warned(result, p).length > 0, `${p}: ${JSON.stringify(result.warnings.filter((w) => w.path.startsWith('truncated')))}`);
      assert.ok(modelAt(result, p), p);
    }
    const pt = modelAt(result, 'truncated/model.pt');
    assert.equal(pt?.properties['lantern:format'], 'pytorch-zip', 'a cut zip is still recognized from its local headers');
    assert.ok(warned(result, 'truncated/model.pt').length > 0);
    const gz = found(result, 'truncated/cut.pkl.gz').concat();
    assert.ok(gz.length > 0 || warned(result, 'truncated/cut.pkl.gz').length > 0, 'a cut gzip is reported');
  });

  it('huge sparse files: read by header, hashed in bounded memory', () => {
    assert.ok(warned(result, 'huge.safetensors').some((w) => w.code === 'model/not-a-model'));
    const big = modelAt(result, 'big.gguf');
    assert.ok(big, 'sparse GGUF inventoried');
    assert.equal(big.properties['lantern:size'], String(2 * GB));
    const h = createHash('sha256');
    h.update(ggufHeader());
    const zeros = Buffer.alloc(64 * 1024 * 1024);
    let left = 2 * GB - ggufHeader().length;
    while (left > 0) {
      const n = Math.min(left, zeros.length);
      h.update(n === zeros.length ? zeros : zeros.subarray(0, n));
      left -= n;
    }
    assert.equal(big.hashes?.[0]?.value, h.digest('hex'));
    assert.ok(process.memoryUsage().rss < 1024 * 1024 * 1024, 'memory does not follow file size');
  });

  it('hostile archives: zip bombs, traversal and link entries are findings', () => {
    for (const p of ['hostile/bomb.zip', 'hostile/slip.zip', 'hostile/link.zip']) {
      assert.ok(found(result, p).some((f) => f.ruleId === 'model/hostile-archive'), `${p}: ${JSON.stringify(found(result, p))}`);
    }
    const db = found(result, 'hostile/deflate-bomb.zip');
    assert.ok(db.length > 0 || warned(result, 'hostile/deflate-bomb.zip').length > 0, 'a member inflating 32 MB from 32 KB is reported');
  });

  it('symbolic-link loops: a warning each', () => {
    assert.ok(warned(result, 'loop-a').length === 1 && warned(result, 'loop-b').length === 1);
  });

  it('a file the scanner may not read: a warning with its path, the scan goes on', () => {
    // Root reads anything; run the CLI as an unprivileged user so the permission bits bite.
    const asRoot = process.getuid?.() === 0;
    if (asRoot) {
      for (let d = root; ; ) {
        chmodSync(d, statSync(d).mode | 0o755);
        if (d === '/tmp' || d.length < 6) break;
        d = join(d, '..');
        if (!d.startsWith('/tmp')) break;
      }
      for (const e of readdirSync(root, { recursive: true }) as string[]) {
        try {
          if (e !== 'locked/model.pkl') chmodSync(join(root, e), statSync(join(root, e)).mode | 0o755);
        } catch {
          /* dangling links */
        }
      }
      chownSync(join(root, 'locked/model.pkl'), 0, 0);
    }
    const r = lantern(['scan', root, '-f', 'json', '--fail-on', 'none'], asRoot ? { uid: 65534, gid: 65534 } : {});
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout) as ScanResult;
    assert.ok(doc.warnings.some((w) => w.path === 'locked/model.pkl' && w.code === 'file/unreadable'), JSON.stringify(doc.warnings.filter((w) => w.path.startsWith('locked'))));
    assert.ok(doc.components.some((c) => c.evidence.some((e) => e.path === 'good/model.safetensors')));
  });
});

describe('deeply nested YAML', () => {
  let root: string;
  before(() => {
    // A few hundred kilobytes of `[` in a YAML manifest, after a smaller such file, made V8 abort
    // the whole process inside the yaml package ("RegExpCompiler Allocation failed", exit 134).
    const files: Record<string, string> = { 'app.py': 'import openai\n', 'requirements.txt': 'openai==1.40.0\n' };
    [20_000, 100_000, 300_000, 600_000].forEach((n, i) => {
      files[`p${i}/pnpm-lock.yaml`] = `lockfileVersion: 6.0\npackages: ${'['.repeat(n)}\n`;
      files[`c${i}/environment.yml`] = `dependencies:\n  - ${'{'.repeat(n)}\n`;
      files[`m${i}/.continue/config.yaml`] = `mcpServers: ${'['.repeat(n)}\n`;
    });
    // A line of nothing but `- - - …` (to the end of the file, or to its newline) nests as deep.
    files['d0/pixi.lock'] = `version: 6\npackages:\n${'- '.repeat(300_000)}`;
    files['d1/pnpm-lock.yaml'] = `lockfileVersion: 6.0\npackages:\n${'- '.repeat(300_000)}\nimporters: {}\n`;
    // Decoys: nesting within the bound, and brackets inside quotes and comments, are read as before.
    files['ok/environment.yml'] = `dependencies:\n  - "${'['.repeat(1000)}"\n  - pytorch==2.3.0  # ${'{'.repeat(1000)}\n`;
    root = makeTree(files);
  });
  after(() => removeTree(root));

  it('a YAML file nested past the bound is a warning with its path; the process lives and the rest is kept', () => {
    const r = lantern(['scan', root, '-f', 'json', '--fail-on', 'none']);
    assert.equal(r.code, 0, r.stderr.slice(0, 2000));
    const doc = JSON.parse(r.stdout) as ScanResult;
    const deep = doc.warnings.filter((w) => /nested deeper than 256 levels/.test(w.message)).map((w) => w.path).sort();
    assert.deepEqual(deep, ['c0/environment.yml', 'c1/environment.yml', 'c2/environment.yml', 'c3/environment.yml', 'd0/pixi.lock', 'd1/pnpm-lock.yaml', 'm0/.continue/config.yaml', 'm1/.continue/config.yaml', 'p0/pnpm-lock.yaml', 'p1/pnpm-lock.yaml', 'p2/pnpm-lock.yaml', 'p3/pnpm-lock.yaml']);
    // Agent configs over 256 KiB are not read at all: their own warning.
    for (const big of ['m2/.continue/config.yaml', 'm3/.continue/config.yaml']) assert.ok(doc.warnings.some((w) => w.path === big && /agent configs of up to/.test(w.message)), big);
    assert.ok(doc.components.some((c) => c.purl === 'pkg:pypi/openai@1.40.0'));
    assert.ok(doc.components.some((c) => c.purl === 'pkg:conda/pytorch@2.3.0'), JSON.stringify(doc.components.map((c) => c.purl)));
  });
});

describe('a package declared and locked a hundred thousand times over', () => {
  // A generated deno.json whose imports name one package under many keys, beside a deno.lock with
  // as many specifiers of it (or a package.json and yarn.lock alike): every declaration searched
  // the package's lock entries, so 150,000 of each held the scan for minutes.
  const cases: Array<[string, string, (n: number) => Array<[string, string]>]> = [
    ['deno.json + deno.lock', '^7', (n) => [
      ['deno.json', `{"imports":{${Array.from({ length: n }, (_, i) => `"k${i}": "jsr:@openai/openai@^${i}"`).join(',')}}}`],
      ['deno.lock', `{"version":"4","specifiers":{${Array.from({ length: n }, (_, i) => `"jsr:@openai/openai@^${n - i}": "4.0.${i}"`).join(',')}},"jsr":{}}`],
    ]],
    ['package.json + yarn.lock', 'npm:openai@^7', (n) => [
      ['package.json', `{"dependencies":{${Array.from({ length: n }, (_, i) => `"a${i}": "npm:openai@^${i}"`).join(',')}}}`],
      ['yarn.lock', Array.from({ length: n }, (_, i) => `"openai@^${n - i}":\n  version "4.0.${i}"\n`).join('\n')],
    ]],
  ];
  for (const [name, spec7, make] of cases) {
    it(`${name}: resolved in linear time (4 times the entries, not 16 times the time), each declaration its own entry`, () => {
      const ms = [5_000, 20_000].map((n) => {
        const deps = make(n).flatMap(([path, text]) => readManifest(path, text).deps);
        const t0 = performance.now();
        const out = resolveVersions(deps);
        const took = performance.now() - t0;
        const manifest = make(1)[0]![0];
        const declared = out.filter((d) => d.path === manifest);
        assert.equal(declared.length, n);
        // `^7` is locked by the entry written for it: version 4.0.(n - 7).
        assert.equal(declared.find((d) => d.range === spec7)?.version, `4.0.${n - 7}`);
        return took;
      });
      assert.ok(ms[1]! < 10 * ms[0]! + 500, `${ms.map(Math.round).join(' ms, ')} ms`);
    });
  }
});

describe('a TOML manifest of a hundred thousand tables', () => {
  // Each table's key lines were looked up by going through every header of the file (tableBodies,
  // keyLine's `[path.key]` search): 25,000 pixi-build `[package.run-dependencies."if(…)"]` tables
  // (1.3 MB) took 58 s. Now the headers are a tree of their paths, built once per document.
  const cases: Array<[string, string, (i: number) => string, string]> = [
    ['pixi.toml', '[package.build]\nbackend = { name = "b", version = "*" }\n', (i) => `[package.run-dependencies."if(x${i})"]\nopenai = "*"\n`, 'conda'],
    ['pixi.toml', '', (i) => `[feature.f${i}.pypi-dependencies]\nopenai = "*"\n`, 'pypi'],
    ['pixi.toml', '', (i) => `[dependencies.p${i}]\nversion = "*"\n`, 'conda'],
    ['Cargo.toml', '[package]\nname = "x"\n', (i) => `[target.'cfg(x${i})'.dependencies]\nasync-openai = "1"\n`, 'cargo'],
  ];
  for (const [file, head, table, eco] of cases) {
    it(`${file} ${table(0).split('\n')[0]}…: read in linear time (4 times the tables, not 16 times the time), each key at its line`, () => {
      const ms = [4_000, 16_000].map((n) => {
        const text = head + Array.from({ length: n }, (_, i) => table(i)).join('');
        const t0 = performance.now();
        const r = readManifest(file, text);
        const took = performance.now() - t0;
        assert.equal(r.deps.length, n);
        const headLines = head === '' ? 0 : head.split('\n').length - 1;
        // The last table's key: its body line, or (a table per package) its header.
        const last = r.deps[n - 1]!;
        assert.equal(last.ecosystem, eco);
        assert.equal(last.line, headLines + 2 * n - (last.name === `p${n - 1}` ? 1 : 0));
        return took;
      });
      assert.ok(ms[1]! < 10 * ms[0]! + 500, `${ms.map(Math.round).join(' ms, ')} ms`);
    });
  }
});

describe('an AI SDK declared on hundreds of thousands of lines', () => {
  // A generated import map (or a 5 MB deno.json of `npm:openai@^4` entries) with code that uses the
  // SDK: the service's evidence took every manifest line in one spread call, which overflowed the
  // call stack ('Maximum call stack size exceeded', the scan's exit 2).
  it('gives the library and its service, every line as evidence, without a stack overflow', () => {
    const N = 200_000;
    const declared: DeclaredDependency[] = Array.from({ length: N }, (_, i) => ({ ecosystem: 'npm', name: 'openai', range: '^4', path: 'deno.json', line: i + 1, scope: 'runtime' }));
    const analysis = (path: string, sdk: object): FileAnalysis => ({ file: { path, size: 1 }, sniffed: { kind: 'text', lang: 'json' }, observation: { components: [], findings: [], warnings: [] }, facts: { sdk }, ms: 0 });
    const r = sdkInventory([analysis('deno.json', { declared }), analysis('main.ts', { imports: [packImport('js', { specifier: 'openai', kind: 'import', line: 1, column: 20 })] })], loadRules());
    const lib = r.components.find((c) => c.ref === 'pkg:npm/openai');
    assert.equal(lib?.evidence.length, N + 1);
    assert.equal(r.components.find((c) => c.ref === 'service:openai')?.evidence.length, N + 1);
    const merged = mergeComponents([lib!, { ...lib!, evidence: lib!.evidence.map((e) => ({ ...e, column: 1 })) }]);
    assert.equal(merged[0]?.evidence.length, 2 * (N + 1));
  });
  // A package a Go module holds (langchaingo's llms/openai) takes the module's declared lines at
  // every import site: each site searched the lines it had for each line it took (quadratic: a
  // go.mod of 40,000 require lines and 2,000 imports ran over 200 s).
  it('a Go module declared on many lines and imported at many sites: each line taken once, in linear time', () => {
    const run = (n: number, sites: number): number => {
      const declared: DeclaredDependency[] = Array.from({ length: n }, (_, i) => ({ ecosystem: 'golang', name: 'github.com/tmc/langchaingo', range: 'v0.1.0', path: 'go.mod', line: i + 5, scope: 'runtime' }));
      const imports = Array.from({ length: sites }, (_, i) => packImport('go', { specifier: 'github.com/tmc/langchaingo/llms/openai', kind: 'go-import', line: i + 4, column: 5 }));
      const analysis = (path: string, sdk: object): FileAnalysis => ({ file: { path, size: 1 }, sniffed: { kind: 'text', lang: 'json' }, observation: { components: [], findings: [], warnings: [] }, facts: { sdk }, ms: 0 });
      const t0 = performance.now();
      const r = sdkInventory([analysis('go.mod', { declared }), analysis('main.go', { imports })], loadRules());
      const ms = performance.now() - t0;
      const pkg = r.components.find((c) => c.name === 'github.com/tmc/langchaingo/llms/openai');
      assert.equal(pkg?.evidence.length, n + sites);
      assert.equal(new Set(pkg?.evidence.map((e) => `${e.path}:${e.line}`)).size, n + sites);
      return ms;
    };
    const ms = [run(2_000, 250), run(8_000, 1_000)];
    assert.ok(ms[1]! < 10 * ms[0]! + 500, `${ms.map(Math.round).join(' ms, ')} ms`);
  });
});

describe('a Python source of millions of tokens', () => {
  let root = '';
  after(() => removeTree(root));

  it('is read in its head with a warning with its path, in bounded memory (a 384 MB heap), and the other files are read', () => {
    // 8 MB of `a,`: 8 million tokens, over a gigabyte of token objects if the lexer took them all.
    root = makeTree({
      'data/big.py': `import torch\nDATA = [${'a,'.repeat(4_000_000)}]\n`,
      'app.py': 'import openai\nopenai.OpenAI().chat.completions.create(model="gpt-4o", messages=[])\n',
      'requirements.txt': 'openai==1.50.0\n',
    });
    const r = lantern(['scan', root, '-f', 'json', '--fail-on', 'none', '--threads', '1', '-q'], { env: { NODE_OPTIONS: '--max-old-space-size=384' } });
    assert.equal(r.code, 0, r.stderr.slice(0, 2000));
    const out = JSON.parse(r.stdout) as { components: { name: string; kind: string }[]; warnings: { code: string; path: string; message: string }[] };
    // torch: imported in the big file's head, which the parser reads.
    assert.deepEqual(out.components.filter((c) => c.kind === 'library').map((c) => c.name).sort(), ['openai', 'torch']);
    const w = out.warnings.find((x) => x.path === 'data/big.py');
    assert.equal(w?.code, 'file/not-parsed');
    assert.match(w?.message ?? '', /more than 500000 tokens\) and the parser reads only the first 524288 characters/);
  });

  it('JS/TS alike: an 8 MB TSX file the token reader is unsure of is parsed in its head', () => {
    const dir = makeTree({
      'web/big.tsx': `import OpenAI from "openai";\nconst el = <div>{x}</div>;\nconst x = [${'a,'.repeat(3_000_000)}];\n`,
    });
    try {
      const r = lantern(['scan', dir, '-f', 'json', '--fail-on', 'none', '--threads', '1', '-q'], { env: { NODE_OPTIONS: '--max-old-space-size=384' } });
      assert.equal(r.code, 0, r.stderr.slice(0, 2000));
      const out = JSON.parse(r.stdout) as { components: { name: string; kind: string }[]; warnings: { code: string; path: string; message: string }[] };
      assert.deepEqual(out.components.filter((c) => c.kind === 'library').map((c) => c.name), ['openai']);
      assert.deepEqual(out.warnings.map((x) => [x.code, x.path]), [['file/not-parsed', 'web/big.tsx']]);
    } finally {
      removeTree(dir);
    }
  });
});

describe('hostile inputs to the readers of installed copies, archives, tox, scripts, actions and infrastructure as code', () => {
  const MANY = 50_000;
  const files: Record<string, string | Uint8Array> = {
    'requirements.txt': 'openai==1.30.1\n',
    // Binary junk and damage under the new readers' names.
    'infra/junk.tf': randomBytes(64 * 1024),
    'infra/open.tf': 'resource "azurerm_cognitive_account" "a" {\n  kind = "OpenAI\n/* never closed\n',
    'infra/deep.bicep': `resource a 'Microsoft.CognitiveServices/accounts@1' = {\n${'  x: {\n'.repeat(5000)}`,
    'infra/bomb.yaml': `AWSTemplateFormatVersion: '2010-09-09'\na: &a ["AWS::Bedrock::Agent", "AWS::Bedrock::Agent"]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c]\nResources:\n  R: {Type: AWS::Bedrock::Agent, Properties: *d}\n`,
    'tox.ini': `[testenv]\ndeps =\n${'    pytest\n'.repeat(MANY)}    groq==0.9.0\n`,
    'run.py': `# /// script\n${'#\n'.repeat(MANY)}# dependencies = ["cohere==5.5.8"]\n# ///\nimport cohere\n`,
    '.github/workflows/w.yml': `jobs:\n  a:\n    steps:\n${'      - uses: actions/checkout@v4\n'.repeat(MANY)}      - uses: openai/codex-action@v1\n`,
    'layer/python/x-1.dist-info/METADATA': `Name: openai\n${'Classifier: x\n'.repeat(MANY)}`,
    'wheels/broken-1.0-py3-none-any.whl': buildZip([{ name: 'broken-1.0.dist-info/METADATA', data: Buffer.from('Name: anthropic\nVersion: 0.30.0\n\n') }]).bytes.subarray(0, 40),
    'setup.sh': `cat <<EOF\n${'pip install openai\n'.repeat(1000)}\n`,
  };
  let root = '';
  before(() => {
    root = makeTree(files);
  });
  after(() => removeTree(root));

  it('each is read within its bounds or passed over with a warning, and the good results are kept', async () => {
    const started = performance.now();
    const r = await scan({ root, threads: 1, shadowAi: true });
    assert.ok(performance.now() - started < 60_000, 'bounded time');
    const purls = r.components.map((c) => c.purl ?? c.ref).sort();
    for (const want of ['pkg:pypi/openai@1.30.1', 'pkg:pypi/groq@0.9.0', 'pkg:pypi/cohere@5.5.8', 'pkg:githubactions/openai/codex-action@v1']) assert.ok(purls.includes(want), `${want} in ${purls.join(' ')}`);
    // The damaged resource declares nothing; the alias bomb is read without expanding it.
    assert.ok(r.components.some((c) => c.ref === 'service:aws-bedrock'));
    assert.ok(!r.components.some((c) => c.ref === 'service:azure-openai'));
    // The metadata without an end to its headers is read up to its bound: no version, a warning with the path.
    assert.ok(r.warnings.some((w) => w.path === 'layer/python/x-1.dist-info/METADATA' && /no Version header/.test(w.message)), JSON.stringify(r.warnings.map((w) => w.path)));
    // The truncated wheel lists no metadata: a warning with its path.
    assert.ok(r.warnings.some((w) => w.path === 'wheels/broken-1.0-py3-none-any.whl' && /without its metadata/.test(w.message)), 'the truncated wheel is a warning with its path');
    // A heredoc whose end never comes hides nothing: its lines are read as commands.
    assert.ok(purls.some((p) => p === 'pkg:pypi/openai@1.30.1'));
  });
});

describe('hostile inputs to the readers of conda records, package tarballs, MCP launches in code, env reads and dev containers', () => {
  const MANY = 50_000;
  const files: Record<string, string | Uint8Array> = {
    'requirements.txt': 'openai==1.30.1\n',
    // A conda-meta record past the parse bound, then one that is binary junk.
    'envs/a/conda-meta/pytorch-2.3.0-py311_0.json': `{"files": [${'"lib/x.py", '.repeat(300_000)}"x"], "name": "pytorch"`,
    'envs/a/conda-meta/junk-1-0.json': randomBytes(32 * 1024),
    // Tarballs named as packages: junk, a truncated gzip, a .tar.bz2 that is no bzip2.
    'vendor/junk-1.0.tgz': randomBytes(64 * 1024),
    'vendor/cut-1.0.tgz': new Uint8Array(gzipSync(Buffer.from('x'.repeat(100_000)))).subarray(0, 100),
    'pkgs/fake-1.0-0.tar.bz2': Buffer.from('BZh9' + 'not bzip2 at all'),
    // MCP-importing sources built to make a reader backtrack or recurse.
    'agent/a.ts': `import { Client } from '@modelcontextprotocol/sdk/client/index.js';\nconst o = ${'{ command: '.repeat(5000)}'npx';\n${"'@modelcontextprotocol/server-x/".repeat(20_000)}\n`,
    // Its brackets never balance, so nothing in it is sure; a well-formed file beside it is read.
    'agent/good.ts': `import { Client } from '@modelcontextprotocol/sdk/client/index.js';\n${'new StdioClientTransport({ command: \'npx\', args: [\'-y\', \'@modelcontextprotocol/server-memory\'] });\n'.repeat(300)}`,
    'agent/b.py': `from mcp import StdioServerParameters\n${'x = StdioServerParameters(command=['.repeat(3000)}\n`,
    'agent/c.go': `package main\nimport "github.com/mark3labs/mcp-go/client"\nvar c = client.NewStdioMCPClient("npx", nil${', "a"'.repeat(MANY)}\n`,
    'agent/D.cs': `using ModelContextProtocol.Client;\nvar t = new StdioClientTransport(new() { Command = "npx", ${'Arguments = new[] { '.repeat(5000)}\n`,
    // Env reads: an endless chain, a read cut off.
    'env.js': `const k = process.env${'?.'.repeat(MANY)}\nprocess.env['OPENAI_API_KEY'\n`,
    // A dev container whose JSON never closes, and one with a command on its last of many lines.
    '.devcontainer/devcontainer.json': `{\n  "postCreateCommand": "npm i -g @anthropic-ai/claude-code@1.0.3"${'\n'.repeat(MANY)},\n  "x": [`,
    '.devcontainer.json': `{${'\n'.repeat(MANY)}"postCreateCommand": ["pip", "install", "cohere==5.5.8"]}`,
  };
  let root = '';
  before(() => {
    root = makeTree(files);
  });
  after(() => removeTree(root));

  it('each is read within its bounds or passed over, nothing throws, and the good results are kept', async () => {
    const started = performance.now();
    const r = await scan({ root, threads: 1, shadowAi: true, includeDependencyDirs: true });
    assert.ok(performance.now() - started < 60_000, 'bounded time');
    assert.deepEqual(r.warnings.filter((w) => w.code === 'detector/error'), []);
    const purls = r.components.map((c) => c.purl ?? c.ref);
    // The record past its parse bound is named by its file; the well-formed launches are read.
    for (const want of ['pkg:pypi/openai@1.30.1', 'pkg:conda/pytorch@2.3.0', 'pkg:pypi/cohere@5.5.8']) assert.ok(purls.includes(want), `${want} in ${purls.join(' ')}`);
    assert.ok(r.components.some((c) => c.kind === 'mcp-server' && c.name === '@modelcontextprotocol/server-memory'), 'the well-formed TS launches are servers');
    assert.ok(!purls.some((p) => p.startsWith('pkg:npm/%40anthropic-ai/claude-code')), 'a dev container whose JSON never closes gives no command');
  });
});

describe('heredocs that never end', () => {
  // Each heredoc's end line was searched for to the end of the text, so a text of many heredocs
  // that never end took quadratic time: 20,000 lines of `cat <<EOF` took 1.5 s, of Terraform's
  // `x = <<EOF` 2.6 s. Now the one-word lines are indexed once (EndLines).
  const readers: Array<[string, (n: number) => number]> = [
    ['shell commands (installSites, commandHfSites)', (n) => {
      const text = `${'cat <<EOF\n'.repeat(n)}pip install openai\nhuggingface-cli download org/m\n`;
      const t0 = performance.now();
      assert.deepEqual(installSites(text).map((s) => s.specifier), ['openai']);
      assert.deepEqual(commandHfSites(text).map((s) => s.id), ['org/m']);
      return performance.now() - t0;
    }],
    ['Terraform (terraformBlocks)', (n) => {
      const text = `resource "aws_bedrockagent_agent" "a" {\n${'  x = <<EOF\n'.repeat(n)}  foundation_model = "m"\n}\n`;
      const t0 = performance.now();
      assert.equal(terraformBlocks(text)[0]?.attrs.get('foundation_model')?.value, 'm');
      return performance.now() - t0;
    }],
  ];
  for (const [name, run] of readers) {
    it(`${name}: linear time (4 times the lines, not 16 times the time), and what follows is read`, () => {
      const ms = [20_000, 80_000].map(run);
      assert.ok(ms[1]! < 10 * ms[0]! + 500, `${ms.map(Math.round).join(' ms, ')} ms`);
    });
  }
});

describe('hostile zstd and lz4 streams and .conda packages', () => {
  const frame = zstdFrame(PICKLE);
  const fixture = readFileSync(join(FIXTURES, 'formats/compression/anthropic-0.28.0-pyhd8ed1ab_0.conda'));
  // 2.5 GiB of zeros from 80 KB.
  const bomb = zstdRleBomb(20_000);
  const mutated = Buffer.from(fixture);
  for (let i = 200; i < mutated.length - 100; i += 37) mutated[i] = mutated[i]! ^ 0x5a;
  const files: Record<string, string | Uint8Array> = {
    'requirements.txt': 'openai==1.30.1\n',
    'good/model.pkl.zst': frame,
    // A frame header, then a block of the reserved type and junk (random bytes could decode to some output first).
    'models/junk.pkl.zst': Buffer.concat([frame.subarray(0, 6), Uint8Array.of(0x06, 0, 0), Buffer.alloc(64 * 1024, 0xa5)]),
    'models/cut.pkl.zst': frame.subarray(0, 20),
    'models/window.pkl.zst': zstdFrame(PICKLE, { window: 31 }),
    'good/model.pkl.lz4': lz4Frame(PICKLE),
    // An lz4 frame header, then a compressed block of junk; the same frame cut short.
    'models/junk.pkl.lz4': Buffer.concat([lz4Frame(PICKLE).subarray(0, 7), Uint8Array.of(0x00, 0x80, 0x00, 0x00), Buffer.alloc(32 * 1024, 0xf0)]),
    'models/cut.pkl.lz4': lz4Frame(PICKLE).subarray(0, 12),
    'models/bomb.tar.zst': bomb,
    'pkgs/junk-1.0-0.conda': randomBytes(16 * 1024),
    'pkgs/mutated-0.28.0-pyhd8ed1ab_0.conda': mutated,
    'pkgs/anthropic-0.28.0-pyhd8ed1ab_0.conda': fixture,
  };
  let root = '';
  before(() => {
    root = makeTree(files);
  });
  after(() => removeTree(root));

  it('each is decoded within its bounds or reported with its path, nothing throws, and the good results are kept', async () => {
    const started = performance.now();
    const r = await scan({ root, threads: 1, shadowAi: true });
    assert.ok(performance.now() - started < 60_000, 'bounded time');
    assert.deepEqual(r.warnings.filter((w) => w.code === 'detector/error'), []);
    const purls = r.components.map((c) => c.purl ?? c.ref);
    for (const want of ['pkg:pypi/openai@1.30.1', 'pkg:conda/anthropic@0.28.0']) assert.ok(purls.includes(want), `${want} in ${purls.join(' ')}`);
    assert.equal(modelAt(r, 'good/model.pkl.zst')?.properties['lantern:format'], 'pickle');
    assert.equal(modelAt(r, 'good/model.pkl.lz4')?.properties['lantern:format'], 'pickle');
    // Zeros are no model: the bomb costs its first look, and says nothing.
    assert.equal(modelAt(r, 'models/bomb.tar.zst'), undefined);
    for (const p of ['models/junk.pkl.zst', 'models/cut.pkl.zst', 'models/window.pkl.zst', 'models/junk.pkl.lz4', 'models/cut.pkl.lz4']) {
      assert.ok(found(r, p).some((f) => f.ruleId === 'model/unscannable-container'), `${p}: ${JSON.stringify(found(r, p).map((f) => f.ruleId))}`);
    }
    assert.ok(!purls.some((p) => p.includes('mutated')), 'a damaged .conda names no package');
  });
});

describe('hostile inputs to the model config and model setting readers', () => {
  const MANY = 100_000;
  const files: Record<string, string | Uint8Array> = {
    // A LiteLLM-looking YAML nested past the bound; one over the agent-config size.
    'gw/deep.yaml': `litellm_params: x\nmodel_list: ${'['.repeat(300_000)}\n`,
    'gw/big.yaml': `model_list:\n${'  - litellm_params: { model: openai/gpt-4o }\n'.repeat(20_000)}`,
    // Settings repeated past the per-file bound, a Kubernetes entry cut at the end, binary junk.
    '.env': 'OPENAI_MODEL=gpt-4o\n'.repeat(MANY),
    'k8s/cut.yaml': 'env:\n  - name: ANTHROPIC_MODEL\n',
    'conf/junk.json': Buffer.concat([Buffer.from('{"model": "'), Buffer.alloc(64 * 1024, 0xff), Buffer.from('"}')]),
    // Model configs whose lists are long or hold other shapes.
    '.continue/config.json': `{"models": [${'{"provider": "anthropic", "model": "claude-3-5-sonnet-latest"},'.repeat(20_000)}{}], "tabAutocompleteModel": [[[]]]}`,
    '.codex/config.toml': 'model = [\n',
  };
  let root = '';
  before(() => {
    root = makeTree(files);
  });
  after(() => removeTree(root));

  it('each is read within its bounds or passed over with a warning, nothing throws, and the good results are kept', async () => {
    const started = performance.now();
    const r = await scan({ root, threads: 1, shadowAi: true });
    assert.ok(performance.now() - started < 60_000, 'bounded time');
    assert.deepEqual(r.warnings.filter((w) => w.code === 'detector/error'), []);
    const svc = (name: string) => r.components.find((c) => c.kind === 'service' && c.name === name);
    assert.equal(svc('OpenAI API')?.properties['lantern:models'], 'gpt-4o');
    assert.ok((svc('OpenAI API')?.evidence.filter((e) => e.path === '.env').length ?? 0) <= 500);
    assert.equal(svc('Anthropic API')?.properties['lantern:models'], 'claude-3-5-sonnet-latest');
    for (const p of ['gw/deep.yaml', 'gw/big.yaml']) assert.ok(r.warnings.some((w) => w.path === p), `${p}: ${JSON.stringify(r.warnings.filter((w) => w.path.startsWith('gw/')))}`);
  });
});
