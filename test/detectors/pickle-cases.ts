/**
 * Valid / invalid cases for every pickle rule, RuleTester style. Invalid cases come from the
 * attack corpus (fixtures/attacks/MANIFEST.json names the rules each file must trigger); valid
 * cases are real numpy, scikit-learn, PyTorch, joblib and stdlib pickles from the benign corpus,
 * plus decoys: dangerous names as plain data.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { FIXTURES } from '../support/paths.js';
import { buildTar, buildZip, legacyTorchTar, lz4Frame, zstdFrame } from '../formats/builders.js';
import type { Case, RuleCases } from './model-cases.js';

interface AttackEntry {
  path: string;
  expect: string[];
  technique?: string;
  part_of?: string;
}
interface BenignEntry {
  path: string;
  format?: string;
  part_of?: string;
}

export const ATTACKS = JSON.parse(readFileSync(join(FIXTURES, 'attacks/MANIFEST.json'), 'utf8')) as { files: AttackEntry[] };
export const BENIGN = JSON.parse(readFileSync(join(FIXTURES, 'benign/MANIFEST.json'), 'utf8')) as { files: BenignEntry[] };

const file = (dir: string, p: string): Case => ({ name: `${dir}/${p}`, file: p.split('/').pop() as string, bytes: readFileSync(join(FIXTURES, dir, p)) });

/** A protocol-2 pickle of a dict whose strings name dangerous things as data, not as globals. */
const DECOY = Buffer.concat([
  Buffer.from([0x80, 0x02, 0x7d, 0x28]),
  ...['cmd', 'os.system', 'eval', '__import__("os").system("id")', 'module', 'subprocess'].map((s) => Buffer.concat([Buffer.from([0x58]), Buffer.from(Uint32Array.of(s.length).buffer), Buffer.from(s)])),
  Buffer.from([0x75, 0x2e]),
]);

const PICKLE_RULES = [
  'pickle/unsafe-global',
  'pickle/unknown-global',
  'pickle/ext-reference',
  'pickle/unresolved-global',
  'pickle/payload-before-error',
  'pickle/nested-pickle',
  'pickle/lookalike-module',
  'pickle/frame-mismatch',
  'pickle/unparseable',
];

const benignPickles = BENIGN.files
  .filter((f) => !f.part_of && /\.(pkl|pickle|joblib|pt|pth|npy|bin)$/.test(f.path))
  .filter((_, i) => i % 9 === 0)
  .map((f) => file('benign', f.path));

/** A protocol-2 pickle that rebuilds an in-house class: neither unsafe nor allowlisted. */
const IN_HOUSE = Buffer.concat([Buffer.from([0x80, 0x02]), Buffer.from('cacme_models.nets\nTinyNet\n', 'latin1'), Buffer.from([0x29, 0x81, 0x7d, 0x62, 0x2e])]);

/** The first attack file that must be reported as an unsafe global. */
const UNSAFE = ATTACKS.files.find((f) => !f.part_of && f.expect.includes('pickle/unsafe-global') && f.path.endsWith('.pkl')) as AttackEntry;
/**
 * A SageMaker-style model.tar.gz: the inference code first (larger than what a first look at the
 * decoded stream covers), the pickle after it.
 */
const MODEL_TAR_GZ = gzipSync(
  buildTar([
    { name: 'code/inference.py', data: Buffer.from('import json\n'.repeat(20_000)) },
    { name: 'model/model.pkl', data: readFileSync(join(FIXTURES, 'attacks', UNSAFE.path)) },
  ]),
);

const UNSAFE_BYTES = readFileSync(join(FIXTURES, 'attacks', UNSAFE.path));
/** A PyTorch zip whose data.pkl is the unsafe pickle, its weights `weightBytes` long. */
const torchZip = (weightBytes: number): Uint8Array =>
  buildZip([
    { name: 'archive/data.pkl', data: UNSAFE_BYTES },
    { name: 'archive/data/0', data: Buffer.alloc(weightBytes, 7) },
    { name: 'archive/version', data: Buffer.from('3\n') },
  ]).bytes;

const EXTRA_INVALID: Record<string, Case[]> = {
  'pickle/unknown-global': [{ name: 'an in-house class (acme_models.nets.TinyNet) via NEWOBJ', file: 'net.pkl', bytes: IN_HOUSE }],
  'pickle/unsafe-global': [
    { name: `a model.tar.gz holding ${UNSAFE.path} after 240 KB of code`, file: 'model.tar.gz', bytes: MODEL_TAR_GZ },
    // A wrapped PyTorch zip's data.pkl is read from the decoded zip, not the decoded bytes as one pickle.
    { name: `a gzipped PyTorch zip whose data.pkl is ${UNSAFE.path}`, file: 'model.pt.gz', bytes: gzipSync(torchZip(1000)) },
    { name: 'the same with 300 KB of weights (its end record past the first look at the stream)', file: 'model.pt.gz', bytes: gzipSync(torchZip(300_000)) },
    // Stacked pickles read by repeated pickle.load: the payload in the second, as in a plain file.
    { name: `a gzipped benign pickle with ${UNSAFE.path} stacked after it`, file: 'state.pkl.gz', bytes: gzipSync(Buffer.concat([Uint8Array.of(0x80, 0x02, 0x4b, 0x01, 0x2e), UNSAFE_BYTES])) },
    { name: `a gzipped legacy PyTorch tar whose pickle member is ${UNSAFE.path}`, file: 'legacy.tar.gz', bytes: gzipSync(legacyTorchTar(UNSAFE_BYTES, 0)) },
    { name: 'the same with 100 KB of sys_info first (its member names past the first look)', file: 'legacy.tar.gz', bytes: gzipSync(legacyTorchTar(UNSAFE_BYTES, 100_000)) },
    { name: `${UNSAFE.path} wrapped in zstd`, file: 'model.pkl.zst', bytes: zstdFrame(UNSAFE_BYTES) },
    { name: `${UNSAFE.path} wrapped in lz4, as joblib's compress="lz4" writes`, file: 'model.joblib', bytes: lz4Frame(UNSAFE_BYTES) },
    { name: `a PyTorch zip whose data.pkl is ${UNSAFE.path} as a zstd member (method 93)`, file: 'model.pt', bytes: buildZip([{ name: 'archive/data.pkl', payload: zstdFrame(UNSAFE_BYTES), method: 93, declaredUncompressed: UNSAFE_BYTES.length }]).bytes },
    { name: `a zstd-wrapped legacy PyTorch tar whose pickle member is ${UNSAFE.path}`, file: 'legacy.tar.zst', bytes: zstdFrame(legacyTorchTar(UNSAFE_BYTES, 100_000)) },
  ],
};

export const PICKLE_RULE_CASES: Record<string, RuleCases> = Object.fromEntries(
  PICKLE_RULES.map((id) => [
    id,
    {
      invalid: [...ATTACKS.files.filter((f) => !f.part_of && f.expect.includes(id)).map((f) => file('attacks', f.path)), ...(EXTRA_INVALID[id] ?? [])],
      valid: [...benignPickles, { name: 'decoy: dangerous names as plain strings', file: 'config.pkl', bytes: DECOY }],
    },
  ]),
);
