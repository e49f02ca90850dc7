/**
 * Valid / invalid cases for skops/unsafe-type: skops archives (schema.json plus .npy members)
 * whose nodes make skops.io.load import a dangerous callable, and ordinary scikit-learn ones.
 */
import { buildNpy, buildZip } from '../formats/builders.js';
import type { Case, RuleCases } from './model-cases.js';

const NPY = buildNpy("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", { data: new Uint8Array(16) });

const schemaOf = (tree: Record<string, unknown>) => ({ __class__: 'Pipeline', __module__: 'sklearn.pipeline', __loader__: 'ObjectNode', protocol: 2, _skops_version: '0.10.0', content: tree });

function skops(tree: Record<string, unknown>): Uint8Array {
  return buildZip([
    { name: 'schema.json', data: Buffer.from(JSON.stringify(schemaOf(tree))), method: 8 },
    { name: '0.npy', data: NPY },
  ]).bytes;
}

const SYSTEM = { func: { __class__: 'system', __module__: 'os', __loader__: 'FunctionNode' } };
const SCALER = { step: { __class__: 'StandardScaler', __module__: 'sklearn.preprocessing._data', __loader__: 'ObjectNode', content: {} } };

const c = (name: string, file: string, bytes: Uint8Array): Case => ({ name, file, bytes });

export const SKOPS_RULE_CASES: Record<string, RuleCases> = {
  'skops/unsafe-type': {
    invalid: [
      c('a FunctionNode reaching os.system', 'evil.skops', skops({ func: { __class__: 'system', __module__: 'os', __loader__: 'FunctionNode' } })),
      c('an ObjectNode building subprocess.Popen', 'popen.skops', skops({ step: { __class__: 'Popen', __module__: 'subprocess', __loader__: 'ObjectNode', content: {} } })),
      // skops reads the zip with Python's zipfile, which takes the last of two schema.json entries.
      c('a second schema.json after a benign one', 'dup.skops', buildZip([
        { name: 'schema.json', data: Buffer.from(JSON.stringify(schemaOf(SCALER))), method: 8 },
        { name: '0.npy', data: NPY },
        { name: 'schema.json', data: Buffer.from(JSON.stringify(schemaOf(SYSTEM))), method: 8 },
      ]).bytes),
      c('the old FunctionNode layout naming builtins.eval', 'old.skops', skops({ f: { __class__: 'function', __module__: 'builtins', __loader__: 'FunctionNode', content: { module_path: 'builtins', function: 'eval' } } })),
    ],
    valid: [
      c('a scikit-learn pipeline with a numpy ufunc', 'ok.skops', skops({ steps: [{ __class__: 'StandardScaler', __module__: 'sklearn.preprocessing._data', __loader__: 'ObjectNode', content: {} }, { __class__: 'sqrt', __module__: 'numpy', __loader__: 'FunctionNode' }] })),
      c('a zip with a schema.json that is not a skops schema', 'data.zip', buildZip([{ name: 'schema.json', data: Buffer.from('{"type":"object","properties":{"os":{"__module__":"os","__class__":"system"}}}') }, { name: '0.npy', data: NPY }]).bytes),
    ],
  },
};
