/**
 * Throughput of the static pickle VM on one core over a realistic in-process mix of 1–50 KB
 * pickles: torch-style OrderedDict state dicts (protocol 2, BINPERSID storages, 20–200 tensors),
 * numpy array pickles (protocols 3 and 4, 1–48 KB BINBYTES) and scikit-learn-like estimator dicts
 * (protocols 2 and 4). Not a test (the file name has no `.test`).
 *
 *   npx tsc -p tsconfig.json && node build/test/pickle/vm-perf.js [files=5000] [vm-module.js]
 *
 * The optional second argument loads `analyzeStream` from another build of vm.js (to compare
 * before/after); by default the VM of this build is measured.
 */
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { cat, op, pk } from './vm-builders.js';

type AnalyzeStream = (bytes: Uint8Array) => { pickles: { error?: { message: string }; stopOffset?: number }[] };

/** A small deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function int(n: number): Uint8Array {
  return n >= 0 && n < 256 ? op('BININT1', n) : n >= 0 && n < 65536 ? op('BININT2', n) : op('BININT', n);
}

/** torch.save(state_dict) of protocol 2: memoized globals, BINPERSID storage tuples. */
function torchStateDict(r: () => number): Uint8Array {
  const tensors = 20 + Math.floor(r() * 181);
  const parts: Uint8Array[] = [op('PROTO', 2), op('GLOBAL', 'collections', 'OrderedDict'), op('BINPUT', 0), op('EMPTY_TUPLE'), op('REDUCE'), op('BINPUT', 1), op('MARK')];
  let memo = 2;
  const put = (): Uint8Array => (memo < 256 ? op('BINPUT', memo++) : op('LONG_BINPUT', memo++));
  const get = (k: number): Uint8Array => (k < 256 ? op('BINGET', k) : op('LONG_BINGET', k));
  let rebuild = -1;
  let storageStr = -1;
  let storageCls = -1;
  let cpu = -1;
  let od = -1;
  for (let t = 0; t < tensors; t++) {
    parts.push(op('BINUNICODE', `encoder.layer.${t >> 2}.attention.${['query', 'key', 'value', 'dense'][t & 3]}.${t & 1 ? 'bias' : 'weight'}`), put());
    if (rebuild < 0) {
      rebuild = memo;
      parts.push(op('GLOBAL', 'torch._utils', '_rebuild_tensor_v2'), put());
    } else parts.push(get(rebuild));
    parts.push(op('MARK'), op('MARK'));
    if (storageStr < 0) {
      storageStr = memo;
      parts.push(op('BINUNICODE', 'storage'), put());
      storageCls = memo;
      parts.push(op('GLOBAL', 'torch', 'FloatStorage'), put());
    } else parts.push(get(storageStr), get(storageCls));
    parts.push(op('BINUNICODE', String(t)), put());
    if (cpu < 0) {
      cpu = memo;
      parts.push(op('BINUNICODE', 'cpu'), put());
    } else parts.push(get(cpu));
    const a = 1 + Math.floor(r() * 1024);
    const b = 1 + Math.floor(r() * 1024);
    parts.push(int(a * b), op('TUPLE'), op('BINPERSID'), int(0));
    parts.push(int(a), int(b), op('TUPLE2'), put(), int(b), int(1), op('TUPLE2'), put(), op('NEWFALSE'));
    if (od < 0) {
      od = memo;
      parts.push(op('GLOBAL', 'collections', 'OrderedDict'), put());
    } else parts.push(get(od));
    parts.push(op('EMPTY_TUPLE'), op('REDUCE'), put(), op('TUPLE'), op('REDUCE'), put());
  }
  parts.push(op('SETITEMS'));
  // _metadata
  parts.push(op('EMPTY_DICT'), put(), op('BINUNICODE', '_metadata'), put(), get(od), op('EMPTY_TUPLE'), op('REDUCE'), put(), op('MARK'));
  for (let t = 0; t < 4; t++) parts.push(op('BINUNICODE', t === 0 ? '' : `encoder.layer.${t}`), put(), op('EMPTY_DICT'), put(), op('BINUNICODE', 'version'), put(), int(1), op('SETITEM'));
  parts.push(op('SETITEMS'), op('SETITEM'), op('BUILD'), op('STOP'));
  return pk(...parts);
}

function numpyArray(r: () => number, proto: number, itemsBytes: number): Uint8Array {
  const data = new Uint8Array(itemsBytes);
  for (let i = 0; i < data.length; i += 97) data[i] = Math.floor(r() * 256);
  const n = itemsBytes >> 3;
  if (proto >= 4) {
    return [
      op('SHORT_BINUNICODE', 'numpy.core.multiarray'), op('MEMOIZE'), op('SHORT_BINUNICODE', '_reconstruct'), op('MEMOIZE'), op('STACK_GLOBAL'), op('MEMOIZE'),
      op('SHORT_BINUNICODE', 'numpy'), op('MEMOIZE'), op('SHORT_BINUNICODE', 'ndarray'), op('MEMOIZE'), op('STACK_GLOBAL'), op('MEMOIZE'),
      int(0), op('TUPLE1'), op('MEMOIZE'), op('SHORT_BINBYTES', 'b'), op('MEMOIZE'), op('TUPLE3'), op('MEMOIZE'), op('REDUCE'), op('MEMOIZE'),
      op('MARK'), int(1), int(n), op('TUPLE1'), op('MEMOIZE'),
      op('SHORT_BINUNICODE', 'numpy'), op('MEMOIZE'), op('SHORT_BINUNICODE', 'dtype'), op('MEMOIZE'), op('STACK_GLOBAL'), op('MEMOIZE'),
      op('SHORT_BINUNICODE', 'f8'), op('MEMOIZE'), op('NEWFALSE'), op('NEWTRUE'), op('TUPLE3'), op('MEMOIZE'), op('REDUCE'), op('MEMOIZE'),
      op('MARK'), int(3), op('SHORT_BINUNICODE', '<'), op('MEMOIZE'), op('NONE'), op('NONE'), op('NONE'), op('BININT', -1), op('BININT', -1), int(0), op('TUPLE'), op('MEMOIZE'), op('BUILD'),
      op('NEWFALSE'), op('BINBYTES', data), op('MEMOIZE'), op('TUPLE'), op('MEMOIZE'), op('BUILD'),
    ].reduce((a, b) => cat(a, b));
  }
  return pk(
    op('GLOBAL', 'numpy.core.multiarray', '_reconstruct'), op('BINPUT', 0), op('GLOBAL', 'numpy', 'ndarray'), op('BINPUT', 1),
    int(0), op('TUPLE1'), op('BINPUT', 2), op('SHORT_BINBYTES', 'b'), op('BINPUT', 3), op('TUPLE3'), op('BINPUT', 4), op('REDUCE'), op('BINPUT', 5),
    op('MARK'), int(1), int(n), op('TUPLE1'), op('BINPUT', 6), op('GLOBAL', 'numpy', 'dtype'), op('BINPUT', 7),
    op('BINUNICODE', 'f8'), op('BINPUT', 8), op('NEWFALSE'), op('NEWTRUE'), op('TUPLE3'), op('BINPUT', 9), op('REDUCE'), op('BINPUT', 10),
    op('MARK'), int(3), op('BINUNICODE', '<'), op('BINPUT', 11), op('NONE'), op('NONE'), op('NONE'), op('BININT', -1), op('BININT', -1), int(0), op('TUPLE'), op('BINPUT', 12), op('BUILD'),
    op('NEWFALSE'), op('BINBYTES', data), op('BINPUT', 13), op('TUPLE'), op('BINPUT', 14), op('BUILD'),
  );
}

function framed(proto: number, body: Uint8Array): Uint8Array {
  if (proto < 4) return pk(op('PROTO', proto), body, op('STOP'));
  return pk(op('PROTO', proto), op('FRAME', body.length + 1), body, op('STOP'));
}

/** An estimator: NEWOBJ + BUILD of a dict of hyper-parameters and fitted arrays. */
function sklearnLike(r: () => number, proto: number): Uint8Array {
  const parts: Uint8Array[] = [];
  const g = (m: string, n: string): Uint8Array => (proto >= 4 ? pk(op('SHORT_BINUNICODE', m), op('MEMOIZE'), op('SHORT_BINUNICODE', n), op('MEMOIZE'), op('STACK_GLOBAL'), op('MEMOIZE')) : pk(op('GLOBAL', m, n), op('BINPUT', 0)));
  const s = (x: string): Uint8Array => (proto >= 4 ? pk(op('SHORT_BINUNICODE', x), op('MEMOIZE')) : pk(op('BINUNICODE', x), op('BINPUT', 1)));
  parts.push(g('sklearn.linear_model._logistic', 'LogisticRegression'), op('EMPTY_TUPLE'), op('NEWOBJ'), op('EMPTY_DICT'), op('MARK'));
  const params = 8 + Math.floor(r() * 24);
  for (let i = 0; i < params; i++) {
    parts.push(s(`param_${i}_`));
    switch (i % 6) {
      case 0:
        parts.push(op('BINFLOAT', r()));
        break;
      case 1:
        parts.push(int(Math.floor(r() * 1000)));
        break;
      case 2:
        parts.push(s(['l2', 'lbfgs', 'auto', 'warn'][i & 3] as string));
        break;
      case 3:
        parts.push(op('NONE'));
        break;
      case 4: {
        parts.push(op('EMPTY_LIST'), op('MARK'));
        for (let k = 0; k < 10; k++) parts.push(s(`feature_${k}`));
        parts.push(op('APPENDS'));
        break;
      }
      default:
        parts.push(numpyArray(r, proto >= 4 ? 4 : 3, 8 * (1 + Math.floor(r() * 256))));
    }
  }
  parts.push(s('_sklearn_version'), s('1.3.2'), op('SETITEMS'), op('BUILD'));
  return framed(proto, pk(...parts));
}

export function makeMix(files: number, seed = 1): Uint8Array[] {
  const r = rng(seed);
  const out: Uint8Array[] = [];
  for (let i = 0; i < files; i++) {
    const k = i % 10;
    if (k < 4) out.push(torchStateDict(r));
    else if (k < 7) {
      const proto = k === 4 ? 3 : 4;
      out.push(framed(proto, numpyArray(r, proto, 1024 * (1 + Math.floor(r() * 48)))));
    } else out.push(sklearnLike(r, k === 7 ? 2 : 4));
  }
  return out;
}

const ROUNDS = 10;

async function main(): Promise<void> {
  const files = Number(process.argv[2] ?? 5000);
  const mod = process.argv[3] !== undefined ? pathToFileURL(resolve(process.argv[3])).href : new URL('../../src/pickle/vm.js', import.meta.url).href;
  const { analyzeStream } = (await import(mod)) as { analyzeStream: AnalyzeStream };
  const mix = makeMix(files);
  const bytes = mix.reduce((s, b) => s + b.length, 0);
  for (const b of mix) {
    const p = analyzeStream(b).pickles[0];
    if (p === undefined || p.error !== undefined || p.stopOffset !== b.length) throw new Error(`generated pickle does not parse: ${p?.error?.message ?? 'no pickle'}`);
  }
  const kinds = ['torch', 'numpy', 'sklearn'];
  const per: number[] = [0, 0, 0];
  const perN: number[] = [0, 0, 0];
  let best = Infinity;
  for (let round = 0; round < ROUNDS; round++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < mix.length; i++) {
      const t = process.hrtime.bigint();
      analyzeStream(mix[i] as Uint8Array);
      const k = i % 10 < 4 ? 0 : i % 10 < 7 ? 1 : 2;
      if (round === ROUNDS - 1) {
        per[k] = (per[k] as number) + Number(process.hrtime.bigint() - t);
        perN[k] = (perN[k] as number) + 1;
      }
    }
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (ms < best) best = ms;
  }
  console.log(`${mod}`);
  console.log(`${files} files, ${(bytes / files / 1024).toFixed(1)} KB average: best of ${ROUNDS} rounds ${best.toFixed(0)} ms = ${Math.round((files / best) * 1000)} files/s`);
  console.log(kinds.map((k, i) => `${k}: ${Math.round(((perN[i] as number) / (per[i] as number)) * 1e9)} files/s`).join(', '));
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
