import { describe } from 'node:test';
import { PYTORCH_RULE_CASES } from './pytorch-cases.js';
import { expectUnsafe, runRuleCases } from './rule-harness.js';

describe('pytorch/storage-size-mismatch: valid and invalid cases', () => {
  runRuleCases(PYTORCH_RULE_CASES, {}, expectUnsafe);
});
