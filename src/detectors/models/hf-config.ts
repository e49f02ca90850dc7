/**
 * Hugging Face config.json: a model directory's architecture and hyperparameters. This detector
 * only records facts; the inventory stage turns a directory with a config and weights into one
 * model component (see src/inventory/model-dirs.ts).
 */
import { basename } from 'node:path/posix';
import { emptyObservation } from '../../types.js';
import type { Detector } from '../types.js';

export interface HfConfigFacts {
  architectures: string[];
  modelType?: string;
  hyperparameters: Record<string, string>;
  torchDtype?: string;
}

/** Config keys that map to cdx:ai-ml:model:hyperparameter:<name> in the CycloneDX taxonomy. */
const HYPERPARAMETERS = [
  'hidden_size', 'num_hidden_layers', 'num_attention_heads', 'num_key_value_heads', 'vocab_size',
  'max_position_embeddings', 'intermediate_size', 'context_length', 'tokenizer_class',
];

export function parseHfConfig(text: string): HfConfigFacts | undefined {
  let j: unknown;
  try {
    j = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!j || typeof j !== 'object' || Array.isArray(j)) return undefined;
  const o = j as Record<string, unknown>;
  const architectures = Array.isArray(o.architectures) ? o.architectures.filter((a): a is string => typeof a === 'string').slice(0, 8) : [];
  const modelType = typeof o.model_type === 'string' ? o.model_type : undefined;
  if (!architectures.length && !modelType) return undefined;
  const hyperparameters: Record<string, string> = {};
  for (const k of HYPERPARAMETERS) {
    const v = o[k];
    if (typeof v === 'number' || (typeof v === 'string' && v.length < 100)) hyperparameters[k] = String(v);
  }
  const facts: HfConfigFacts = { architectures, hyperparameters };
  if (modelType) facts.modelType = modelType;
  if (typeof o.torch_dtype === 'string') facts.torchDtype = o.torch_dtype;
  return facts;
}

export const hfConfigDetector: Detector = {
  id: 'hf-config',
  accepts: (s, file) => s.kind === 'text' && basename(file.path) === 'config.json' && file.size < 4 * 1024 * 1024,
  detect(ctx) {
    const text = ctx.text();
    const facts = text === undefined ? undefined : parseHfConfig(text);
    if (facts) ctx.facts.hfConfig = facts;
    return emptyObservation();
  },
};
