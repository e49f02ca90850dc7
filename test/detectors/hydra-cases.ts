/**
 * Valid / invalid cases for hydra/unsafe-target: NeMo archives and Hydra configs whose `_target_`
 * would run a command on load (CVE-2025-23304), and the ordinary configs that must stay quiet.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildTar } from '../formats/builders.js';
import { FIXTURES } from '../support/paths.js';
import type { Case, RuleCases } from './model-cases.js';

const CKPT = readFileSync(join(FIXTURES, 'models/positive/pytorch/model.pt'));
const nemo = (config: string): Uint8Array =>
  buildTar([
    { name: 'model_config.yaml', data: Buffer.from(config) },
    { name: 'model_weights.ckpt', data: CKPT },
  ]);
const f = (name: string, file: string, bytes: Uint8Array | string): Case => ({ name, file, bytes: typeof bytes === 'string' ? Buffer.from(bytes) : bytes });

export const HYDRA_RULE_CASES: Record<string, RuleCases> = {
  'hydra/unsafe-target': {
    invalid: [
      f('.nemo whose model config targets os.system (CVE-2025-23304)', 'asr.nemo', nemo('name: asr\nmodel:\n  tokenizer:\n    _target_: os.system\n    command: echo lantern-fixture\n')),
      f('.nemo targeting subprocess.Popen through a nested config', 'tts.nemo', nemo('model:\n  preprocessor:\n    _target_: "subprocess.Popen"\n    args: [id]\n')),
      f('Hydra YAML config targeting builtins.eval', 'conf/model.yaml', 'trainer:\n  callback:\n    _target_: builtins.eval\n    _args_: ["1+1"]\n'),
      f('JSON config targeting posix.system (an alias of os)', 'model_config.json', '{"model": {"_target_": "posix.system", "command": "id"}}'),
    ],
    valid: [
      f('.nemo with the framework\'s own classes', 'ok.nemo', nemo('model:\n  _target_: nemo.collections.asr.models.EncDecCTCModel\n  optim:\n    _target_: torch.optim.AdamW\n')),
      f('the dangerous target in a comment', 'conf/model.yaml', '# _target_: os.system\nmodel:\n  _target_: torch.nn.Linear\n'),
      f('a config without _target_', 'conf/train.yaml', 'lr: 0.001\nepochs: 3\ncommand: os.system\n'),
    ],
  },
};
