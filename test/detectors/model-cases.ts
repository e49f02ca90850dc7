/**
 * Valid / invalid cases for every rule of the model family, in the manner of ESLint's RuleTester:
 * `invalid` files must be reported under the rule, `valid` files must not (decoys included).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildZip, buildTar, lz4Frame, zstdFrame } from '../formats/builders.js';
import { FIXTURES } from '../support/paths.js';

export interface Case {
  name: string;
  /** File name inside the scanned tree. */
  file: string;
  bytes: Uint8Array;
}

export interface RuleCases {
  valid: Case[];
  invalid: Case[];
}

const fx = (p: string) => readFileSync(join(FIXTURES, 'models', p));
const PICKLE = fx('positive/pickle/model.pkl');
/** Source files in a .tar.gz, more of them than a first look at the decoded stream covers. */
export const SOURCES_TAR_GZ = gzipSync(buildTar(Array.from({ length: 8 }, (_, i) => ({ name: `src/f${i}.c`, data: Buffer.from(`int x${i};\n`.repeat(3000)) }))));
/** A SageMaker-style model.tar.gz: inference code first, the pickle after it. */
export const MODEL_TAR_GZ = gzipSync(buildTar([{ name: 'code/inference.py', data: Buffer.from('import json\n'.repeat(20_000)) }, { name: 'model.pkl', data: PICKLE }]));
/** An xz stream whose header is corrupt: the xz magic, then bytes no decoder accepts. */
const BAD_XZ = Buffer.concat([fx('positive/containers/weights.safetensors.xz').subarray(0, 6), Buffer.alloc(58, 0xff)]);
/** JavaScript that holds "ustar" at byte 257, as tar-stream's headers.js does: text, not a tar. */
export const USTAR_JS = Buffer.from(`var ZEROS = '0000000'\n${'/'.repeat(257 - 22)}ustar\\x20'\n${'var a = 1\n'.repeat(50)}`);

export const MODEL_RULE_CASES: Record<string, RuleCases> = {
  'model/pickle-based-format': {
    invalid: [
      { name: 'pickle with a neutral name', file: 'weights.dat', bytes: fx('positive/pickle/weights.dat') },
      { name: 'protocol 0 pickle', file: 'proto0.pkl', bytes: fx('positive/pickle/proto0.pkl') },
      { name: 'PyTorch zip', file: 'model.pt', bytes: fx('positive/pytorch/model.pt') },
      { name: 'PyTorch zip with a renamed folder', file: 'renamed.pth', bytes: fx('positive/pytorch/renamed.pth') },
      { name: 'TorchScript', file: 'scripted.pt', bytes: fx('positive/pytorch/scripted.pt') },
      { name: 'legacy PyTorch', file: 'legacy.pth', bytes: fx('positive/pytorch/legacy.pth') },
      { name: 'joblib', file: 'model.joblib', bytes: fx('positive/joblib/model.joblib') },
      { name: 'xz-wrapped joblib', file: 'model-xz.joblib', bytes: fx('positive/joblib/model-xz.joblib') },
      { name: 'bz2-wrapped joblib', file: 'model-bz2.joblib', bytes: fx('positive/joblib/model-bz2.joblib') },
      { name: 'gzip-wrapped pickle', file: 'model.pkl.gz', bytes: fx('positive/containers/model.pkl.gz') },
      { name: 'zstd-wrapped pickle', file: 'model.pkl.zst', bytes: zstdFrame(PICKLE) },
      { name: 'lz4-wrapped pickle (joblib compress="lz4")', file: 'model.joblib', bytes: lz4Frame(PICKLE) },
      { name: 'zip holding a zstd (method 93) pickle, as Python 3.14 writes', file: 'zstd-entry.zip', bytes: fx('positive/containers/zstd-entry.zip') },
      { name: 'zstd-wrapped tar holding a pickle', file: 'model.tar.zst', bytes: zstdFrame(buildTar([{ name: 'code/inference.py', data: Buffer.from('import json\n'.repeat(20_000)) }, { name: 'model.pkl', data: PICKLE }])) },
      { name: 'NumPy object array', file: 'objects.npy', bytes: fx('positive/numpy/objects.npy') },
      { name: 'zip holding a pickle', file: 'bundle.zip', bytes: buildZip([{ name: 'model/model.pkl', data: PICKLE, method: 8 }]).bytes },
      { name: 'tar holding a pickle', file: 'archive.tar', bytes: fx('positive/containers/archive.tar') },
      { name: 'model.tar.gz with the pickle after 240 KB of code', file: 'model.tar.gz', bytes: MODEL_TAR_GZ },
    ],
    valid: [
      { name: 'safetensors', file: 'model.safetensors', bytes: fx('positive/safetensors/model.safetensors') },
      { name: 'GGUF', file: 'tiny.gguf', bytes: fx('positive/gguf/tiny-llama.Q4_K_M.gguf') },
      { name: 'ONNX', file: 'model.onnx', bytes: fx('positive/onnx/model.onnx') },
      { name: 'NumPy float array', file: 'embeddings.npy', bytes: fx('positive/numpy/embeddings.npy') },
      { name: 'npz of float arrays', file: 'arrays.npz', bytes: fx('positive/numpy/arrays.npz') },
      { name: 'Keras v3', file: 'model.keras', bytes: fx('positive/keras/model.keras') },
      { name: 'text named model.pkl', file: 'model.pkl', bytes: fx('negative/model.pkl') },
      { name: 'Python source named model.pt', file: 'model.pt', bytes: fx('negative/model.pt') },
      { name: 'LFS pointer (content not in the repository)', file: 'model.pt', bytes: fx('positive/lfs/large.safetensors') },
      { name: 'gzip of text', file: 'notes.txt.gz', bytes: gzipSync(Buffer.from('hello\n')) },
      { name: 'tar.gz of sources', file: 'sources.tar.gz', bytes: SOURCES_TAR_GZ },
      { name: 'JavaScript with "ustar" at byte 257', file: 'headers.js', bytes: USTAR_JS },
    ],
  },
  'model/unscannable-container': {
    invalid: [
      { name: '7z archive', file: 'archive.7z', bytes: fx('positive/containers/archive.7z') },
      { name: 'zip with an encrypted member', file: 'encrypted.zip', bytes: fx('positive/containers/encrypted.zip') },
      { name: 'zip with a zstd member whose window is over 128 MiB', file: 'model.pt', bytes: buildZip([{ name: 'a/data.pkl', payload: zstdFrame(PICKLE, { window: 18 }), method: 93, declaredUncompressed: PICKLE.length }]).bytes },
      { name: 'zstd frame that does not decode', file: 'model.pkl.zst', bytes: Buffer.concat([Buffer.from('28b52ffd', 'hex'), Buffer.alloc(64, 1)]) },
      { name: 'zstd frame whose window is 2 GiB', file: 'model.pkl.zst', bytes: zstdFrame(PICKLE, { window: 21 }) },
      { name: 'lz4 frame that does not decode', file: 'model.pkl.lz4', bytes: Buffer.concat([Buffer.from('04224d18', 'hex'), Buffer.alloc(64, 1)]) },
      { name: 'tar holding a 7z member (as a zip holding one)', file: 'bundle.tar', bytes: buildTar([{ name: 'w.7z', data: fx('positive/containers/archive.7z') }]) },
      { name: 'tar.gz holding an xz stream that does not decode', file: 'src.tar.gz', bytes: gzipSync(buildTar([{ name: 'tests/bad.xz', data: BAD_XZ }])) },
    ],
    valid: [
      { name: 'zip holding a GGUF', file: 'bundle.zip', bytes: fx('positive/containers/bundle.zip') },
      { name: 'zip of text', file: 'docs.zip', bytes: fx('negative/docs.zip') },
      { name: 'xz-wrapped safetensors', file: 'w.safetensors.xz', bytes: fx('positive/containers/weights.safetensors.xz') },
      { name: 'zip with a zstd member (method 93)', file: 'zstd-entry.zip', bytes: fx('positive/containers/zstd-entry.zip') },
      { name: 'zstd-wrapped pickle', file: 'model.pkl.zst', bytes: zstdFrame(PICKLE) },
      { name: 'lz4-wrapped pickle', file: 'model.pkl.lz4', bytes: lz4Frame(PICKLE) },
      { name: 'tar of text', file: 'logs.tar', bytes: fx('negative/logs.tar') },
      { name: 'tar.gz of sources', file: 'sources.tar.gz', bytes: SOURCES_TAR_GZ },
      { name: 'JavaScript with "ustar" at byte 257', file: 'headers.js', bytes: USTAR_JS },
    ],
  },
  'model/hostile-archive': {
    invalid: [
      { name: 'zip slip entry', file: 'slip.zip', bytes: buildZip([{ name: '../../evil.pkl', data: PICKLE }]).bytes },
      { name: 'absolute entry name', file: 'abs.zip', bytes: buildZip([{ name: '/etc/cron.d/model.pkl', data: PICKLE }]).bytes },
      { name: 'symbolic-link entry', file: 'link.zip', bytes: buildZip([{ name: 'model.pkl', data: PICKLE }, { name: 'l', data: Buffer.from('/etc/passwd'), unixMode: 0o120777 }]).bytes },
      { name: 'PyTorch zip declaring 4 GB', file: 'bomb.pt', bytes: buildZip([{ name: 'a/data.pkl', data: PICKLE, method: 8, declaredUncompressed: 0xfffffff0 }]).bytes },
      { name: 'tar with a traversal entry', file: 'slip.tar', bytes: buildTar([{ name: '../model.pkl', data: PICKLE }]) },
    ],
    valid: [
      { name: 'ordinary PyTorch zip', file: 'model.pt', bytes: fx('positive/pytorch/model.pt') },
      { name: 'ordinary zip of a GGUF', file: 'bundle.zip', bytes: fx('positive/containers/bundle.zip') },
      { name: 'entry name with dots that do not climb', file: 'dots.zip', bytes: buildZip([{ name: 'a/..b/model..pkl', data: PICKLE }]).bytes },
      { name: 'ordinary tar', file: 'archive.tar', bytes: fx('positive/containers/archive.tar') },
    ],
  },
};
