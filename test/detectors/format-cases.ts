/**
 * Valid / invalid cases for the non-pickle model-safety rules (keras, savedmodel, onnx, gguf,
 * safetensors, tflite), in the manner of ESLint's RuleTester: `invalid` files must be reported
 * under the rule, `valid` files must not (decoys included). Inputs are built here, byte by byte.
 */
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildGguf, buildSafetensors, concat, sampleSafetensors, sampleTflite, u64le, utf8 } from '../formats/model-builders.js';
import { FIXTURES } from '../support/paths.js';
import type { Case, RuleCases } from './model-cases.js';
import {
  k2Model,
  k3,
  k3Dense,
  k3Model,
  kerasH5,
  kerasZip,
  onnxAttr,
  onnxFunction,
  onnxGraph,
  onnxModel,
  onnxNode,
  onnxTensor,
  savedModel,
  savedModelText,
  tfliteWithCustom,
} from './format-builders.js';

/** Base64 of bytes shaped like marshalled code that names os.system (never valid bytecode). */
const FAKE_CODE = Buffer.concat([Buffer.from([0xe3, 0, 0, 0, 0]), Buffer.from('\xda\x02os\xda\x06system\xa9\x01\xda\x02id', 'latin1')]).toString('base64');

// ---------------------------------------------------------------------------------------------
// Chat templates

export const BENIGN_TEMPLATES: Record<string, string> = {
  chatml: "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}",
  llama2:
    "{% if messages[0]['role'] == 'system' %}{% set loop_messages = messages[1:] %}{% set system_message = messages[0]['content'] %}{% else %}{% set loop_messages = messages %}{% set system_message = false %}{% endif %}{% for message in loop_messages %}{% if (message['role'] == 'user') != (loop.index0 % 2 == 0) %}{{ raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}{% endif %}{% if loop.index0 == 0 and system_message != false %}{% set content = '<<SYS>>\\n' + system_message + '\\n<</SYS>>\\n\\n' + message['content'] %}{% else %}{% set content = message['content'] %}{% endif %}{% if message['role'] == 'user' %}{{ bos_token + '[INST] ' + content.strip() + ' [/INST]' }}{% elif message['role'] == 'assistant' %}{{ ' '  + content.strip() + ' ' + eos_token }}{% endif %}{% endfor %}",
  llama31:
    '{{- bos_token }}{%- set ns = namespace(found=false) -%}{%- if not date_string is defined %}{%- if strftime_now is defined %}{%- set date_string = strftime_now("%d %b %Y") %}{%- else %}{%- set date_string = "26 Jul 2024" %}{%- endif %}{%- endif %}{{- "<|start_header_id|>system<|end_header_id|>\\n\\n" }}{{- "Cutting Knowledge Date: December 2023\\n" }}{{- "Today Date: " + date_string + "\\n\\n" }}{%- for message in messages %}{%- if message.role == \'system\' %}{%- set ns.found = true %}{%- endif %}{{- \'<|start_header_id|>\' + message[\'role\'] + \'<|end_header_id|>\\n\\n\'+ message[\'content\'] | trim + \'<|eot_id|>\' }}{%- endfor %}{%- if tools is not none %}{{- tools | tojson(indent=4) }}{%- endif %}{%- if add_generation_prompt %}{{- \'<|start_header_id|>assistant<|end_header_id|>\\n\\n\' }}{%- endif %}',
  mistral:
    "{{ bos_token }}{% for message in messages %}{% if (message['role'] == 'user') != (loop.index0 % 2 == 0) %}{{ raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}{% endif %}{% if message['role'] == 'user' %}{{ '[INST] ' + message['content'] + ' [/INST]' }}{% elif message['role'] == 'assistant' %}{{ message['content'] + eos_token}}{% else %}{{ raise_exception('Only user and assistant roles are supported!') }}{% endif %}{% endfor %}",
  gemma:
    "{{ bos_token }}{% if messages[0]['role'] == 'system' %}{{ raise_exception('System role not supported') }}{% endif %}{% for message in messages %}{% if (message['role'] == 'user') != (loop.index0 % 2 == 0) %}{{ raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}{% endif %}{% if (message['role'] == 'assistant') %}{% set role = 'model' %}{% else %}{% set role = message['role'] %}{% endif %}{{ '<start_of_turn>' + role + '\\n' + message['content'] | trim + '<end_of_turn>\\n' }}{% endfor %}{% if add_generation_prompt %}{{'<start_of_turn>model\\n'}}{% endif %}",
  multimodal:
    "{% for message in messages %}{% if message['content'] is string %}{{ message['content'] }}{% else %}{{ message['content'] | selectattr('type', 'equalto', 'text') | map(attribute='text') | join('\\n') }}{% endif %}{% endfor %}",
  'text outside tags': 'Never write os.system(), __class__ or lipsum in answers. {# __class__ in a comment #}{% raw %}{{ ().__class__ }}{% endraw %}{% for m in messages %}{{ m.content }}{% endfor %}',
  'literals that read like code': "{{ 'Introduce yourself. The system(s) and the self are here; config.items() too.' }}{{ message['role'] == 'system' }}",
};

export const MALICIOUS_TEMPLATES: Record<string, string> = {
  'CVE-2024-34359 proof of concept':
    '{% for x in ().__class__.__base__.__subclasses__() %}{% if "warning" in x.__name__ %}{{x()._module.__builtins__[\'__import__\'](\'os\').popen("touch /tmp/retr0reg")}}{%endif%}{% endfor %}',
  'lipsum globals': "{{ lipsum.__globals__['os'].popen('id').read() }}",
  'cycler init globals': '{{ cycler.__init__.__globals__.os.popen("id").read() }}',
  'self template reference': '{{ self._TemplateReference__context.joiner.__init__.__globals__.os.popen("id").read() }}',
  'attr with concatenation': "{{ ()|attr('__cla'~'ss__')|attr('__ba'~'se__') }}",
  'attr with hex escapes': "{{ ()|attr('\\x5f\\x5fclass\\x5f\\x5f') }}",
  'join of name parts': "{% set a = ['__','class','__']|join %}{{ ()|attr(a) }}",
  'reversed name': "{{ ()|attr('__ssalc__'|reverse) }}",
  'request object': '{{ request.application.__globals__.__builtins__ }}',
  'namespace class': '{{ namespace.__init__.__globals__ }}',
  'hidden after a normal template': `${"{% for message in messages %}{{ message['content'] }}{% endfor %}"}{% if false %}{{ joiner.__init__.__globals__.os.system('id') }}{% endif %}`,
};

const gguf = (templates: [string, string][]): Uint8Array =>
  buildGguf({
    version: 3,
    kvs: [
      ['general.architecture', { type: 'string', value: 'llama' }],
      ['tokenizer.ggml.tokens', { type: 'array', elem: 'string', value: ['<s>', '</s>', 'hi'] }],
      ...templates.map(([k, v]): [string, { type: 'string'; value: string }] => [k, { type: 'string', value: v }]),
    ],
    tensors: [{ name: 'w', dims: [4], type: 0, offset: 0 }],
  });

const tokenizerConfig = (chatTemplate: unknown): Uint8Array => utf8(JSON.stringify({ add_bos_token: true, bos_token: '<s>', chat_template: chatTemplate, model_max_length: 4096 }, null, 2));

// ---------------------------------------------------------------------------------------------
// safetensors

/** A safetensors file with a raw header text (no JSON.stringify, so duplicates survive). */
function rawSafetensors(header: string, dataSize: number): Uint8Array {
  const h = utf8(header);
  return concat(u64le(h.length), h, new Uint8Array(dataSize));
}

const fx = (p: string): Uint8Array | undefined => {
  const f = join(FIXTURES, p);
  return existsSync(f) ? readFileSync(f) : undefined;
};
const optional = (c: Omit<Case, 'bytes'> & { bytes: Uint8Array | undefined }): Case[] => (c.bytes ? [c as Case] : []);

const ONNX_EXT = (location: string): Uint8Array => onnxModel(onnxGraph([onnxNode('Relu')], [onnxTensor('w', location)]));

export const FORMAT_RULE_CASES: Record<string, RuleCases> = {
  'keras/lambda-layer': {
    invalid: [
      {
        name: 'Keras 2 h5, list-form marshalled Lambda',
        file: 'model.h5',
        bytes: kerasH5(k2Model([{ class_name: 'Dense', config: { name: 'd', units: 2 } }, { class_name: 'Lambda', config: { name: 'lambda', function: [FAKE_CODE, null, null], function_type: 'lambda', module: '__main__', arguments: {} } }])),
      },
      {
        name: 'Keras 2 h5, Lambda naming a function',
        file: 'named.h5',
        bytes: kerasH5(k2Model([{ class_name: 'Lambda', config: { name: 'l', function: 'preprocess', function_type: 'function', module: 'mylib.ops' } }])),
      },
      { name: 'Keras 3 .keras, dict-form __lambda__', file: 'model.keras', bytes: kerasZip(k3Model([k3Dense(), k3('keras.layers', 'Lambda', { name: 'lambda', function: { class_name: '__lambda__', config: { code: FAKE_CODE, defaults: null, closure: null } } })])) },
      { name: 'Keras 3 .keras, list-form function', file: 'list.keras', bytes: kerasZip(k3Model([k3('keras.layers', 'Lambda', { name: 'l', function: [FAKE_CODE, null, null] })])) },
      {
        name: 'Lambda nested in Functional inside TimeDistributed (stored config.json)',
        file: 'nested.keras',
        bytes: kerasZip(
          k3Model([
            k3('keras', 'Functional', {
              name: 'inner',
              layers: [{ module: 'keras.layers', class_name: 'TimeDistributed', config: { name: 'td', layer: k3('keras.layers', 'Lambda', { name: 'deep', function: { class_name: '__lambda__', config: { code: FAKE_CODE } } }) } }],
            }),
          ]),
          0,
        ),
      },
      { name: 'serialized lambda as a loss', file: 'loss.keras', bytes: kerasZip({ ...k3Model([k3Dense()]), compile_config: { loss: { class_name: '__lambda__', config: { value: [FAKE_CODE, null, null] } } } }) },
    ],
    valid: [
      { name: 'Keras 3 Sequential of Dense layers', file: 'model.keras', bytes: kerasZip(k3Model([k3Dense('a'), k3Dense('b')])) },
      { name: 'Keras 2 h5 with TFOpLambda and a layer named lambda', file: 'model.h5', bytes: kerasH5(k2Model([{ class_name: 'TFOpLambda', config: { name: 'tf.math.add', function: 'math.add' } }, { class_name: 'Dense', config: { name: 'lambda', units: 2 } }], 'Functional')) },
      { name: 'config with the word Lambda as a value', file: 'value.keras', bytes: kerasZip(k3Model([k3('keras.layers', 'Dense', { name: 'Lambda', units: 1 })])) },
      { name: 'Keras 2 h5 with NaN in the config', file: 'nan.h5', bytes: kerasH5('{"class_name": "Sequential", "config": {"name": "s", "layers": [{"class_name": "Dropout", "config": {"rate": NaN, "name": "d"}}]}}') },
    ],
  },
  'keras/unsafe-module': {
    invalid: [
      { name: 'builtins.exec as an activation (CVE-2025-1550)', file: 'exec.keras', bytes: kerasZip(k3Model([k3('keras.layers', 'Dense', { name: 'd', units: 1, activation: k3('builtins', 'function', 'exec', 'function') })])) },
      { name: 'layer from subprocess', file: 'popen.keras', bytes: kerasZip(k3Model([k3('subprocess', 'Popen', { args: ['id'] })])) },
      { name: 'os.system as a function', file: 'os.keras', bytes: kerasZip(k3Model([k3('keras.layers', 'Lambda', { name: 'l', function: k3('os', 'function', 'system', 'system') })])) },
      { name: 'TorchModuleWrapper (CVE-2025-49655)', file: 'torch.keras', bytes: kerasZip(k3Model([k3('keras.layers', 'TorchModuleWrapper', { name: 't', module: 'gASV...' })])) },
      { name: 'get_file gadget (CVE-2025-8747)', file: 'getfile.keras', bytes: kerasZip(k3Model([k3('keras.utils', 'function', 'get_file', 'get_file')])) },
      { name: 'enable_unsafe_deserialization (CVE-2025-9906)', file: 'unsafe.keras', bytes: kerasZip(k3Model([k3('keras.config', 'function', 'enable_unsafe_deserialization', 'enable_unsafe_deserialization'), k3Dense()])) },
      { name: 'Keras 2 h5 Lambda resolving os.system', file: 'k2os.h5', bytes: kerasH5(k2Model([{ class_name: 'Lambda', config: { name: 'l', function: 'system', function_type: 'function', module: 'os' } }])) },
    ],
    valid: [
      { name: 'ordinary Keras 3 model', file: 'model.keras', bytes: kerasZip(k3Model([k3Dense()])) },
      { name: 'builtins function that Keras maps to an activation', file: 'relu.keras', bytes: kerasZip(k3Model([k3('keras.layers', 'Dense', { name: 'd', units: 1, activation: k3('builtins', 'function', 'relu', 'function') })])) },
      { name: 'keras_hub backbone', file: 'hub.keras', bytes: kerasZip(k3Model([k3('keras_hub.src.models.bert.bert_backbone', 'BertBackbone', { name: 'b' }, 'keras_hub>BertBackbone')])) },
      { name: 'notebook custom layer (__main__)', file: 'main.keras', bytes: kerasZip(k3Model([k3('__main__', 'MyLayer', { name: 'm' }, 'Custom>MyLayer')])) },
      { name: 'Keras 2 h5 without module references', file: 'k2.h5', bytes: kerasH5(k2Model([{ class_name: 'Dense', config: { name: 'd' } }])) },
    ],
  },
  'savedmodel/dangerous-op': {
    invalid: [
      { name: 'PyFunc in the main graph', file: 'm1/saved_model.pb', bytes: savedModel([['x', 'Placeholder'], ['py', 'PyFunc']]) },
      { name: 'ReadFile in a function', file: 'm2/saved_model.pb', bytes: savedModel([['x', 'Placeholder'], ['call', 'StatefulPartitionedCall']], [{ name: '__inference_serve_42', nodes: [['read', 'ReadFile'], ['id', 'Identity']] }]) },
      { name: 'WriteFile in the main graph', file: 'm3/saved_model.pb', bytes: savedModel([['w', 'WriteFile']]) },
      { name: 'SaveV2 outside the saver', file: 'm4/saved_model.pb', bytes: savedModel([['exfil/SaveV2', 'SaveV2']]) },
      { name: 'EagerPyFunc in a function', file: 'm5/saved_model.pb', bytes: savedModel([], [{ name: '__inference_call_7', nodes: [['e', 'EagerPyFunc']] }]) },
      { name: 'MatchingFiles', file: 'm6/saved_model.pb', bytes: savedModel([['glob', 'MatchingFiles']]) },
      // TensorFlow loads the text format when a SavedModel folder has no saved_model.pb.
      { name: 'PyFunc in the main graph of a saved_model.pbtxt', file: 't1/saved_model.pbtxt', bytes: savedModelText([['x', 'Placeholder'], ['py', 'PyFunc']]) },
      { name: 'ReadFile in a function of a saved_model.pbtxt', file: 't2/saved_model.pbtxt', bytes: savedModelText([['x', 'Placeholder']], [{ name: '__inference_serve_42', nodes: [['read', 'ReadFile'], ['id', 'Identity']] }]) },
    ],
    valid: [
      {
        name: 'TF2 model with the standard saver functions',
        file: 'ok/saved_model.pb',
        bytes: savedModel(
          [['x', 'Placeholder'], ['saver_filename', 'Placeholder'], ['StatefulPartitionedCall', 'StatefulPartitionedCall'], ['StatefulPartitionedCall_1', 'StatefulPartitionedCall']],
          [
            { name: '__inference__traced_save_123', nodes: [['SaveV2', 'SaveV2'], ['MergeV2Checkpoints', 'MergeV2Checkpoints'], ['StringJoin', 'StringJoin']] },
            { name: '__inference__traced_restore_456', nodes: [['RestoreV2', 'RestoreV2'], ['Identity', 'Identity']] },
            { name: '__inference_serve_9', nodes: [['MatMul', 'MatMul'], ['Print', 'PrintV2'], ['Assert', 'Assert']] },
          ],
        ),
      },
      {
        name: 'TF2 saved_model.pbtxt with the standard saver functions',
        file: 'okt/saved_model.pbtxt',
        bytes: savedModelText(
          [['x', 'Placeholder'], ['StatefulPartitionedCall', 'StatefulPartitionedCall']],
          [
            { name: '__inference__traced_save_123', nodes: [['SaveV2', 'SaveV2'], ['MergeV2Checkpoints', 'MergeV2Checkpoints']] },
            { name: '__inference__traced_restore_456', nodes: [['RestoreV2', 'RestoreV2']] },
          ],
        ),
      },
      { name: 'TF1 graph with a save/ scope', file: 'tf1/saved_model.pb', bytes: savedModel([['x', 'Placeholder'], ['save/SaveV2', 'SaveV2'], ['save/RestoreV2', 'RestoreV2'], ['save/MergeV2Checkpoints', 'MergeV2Checkpoints'], ['init_table', 'InitializeTableV2']]) },
    ],
  },
  'onnx/external-data-escape': {
    invalid: [
      { name: 'absolute location', file: 'abs.onnx', bytes: ONNX_EXT('/etc/passwd') },
      { name: 'parent traversal', file: 'dots.onnx', bytes: ONNX_EXT('../../home/user/.ssh/id_rsa') },
      { name: 'drive letter', file: 'drive.onnx', bytes: ONNX_EXT('C:\\Windows\\win.ini') },
      { name: 'NUL byte', file: 'nul.onnx', bytes: ONNX_EXT('weights.bin\0../../x') },
      { name: 'UNC path', file: 'unc.onnx', bytes: ONNX_EXT('\\\\server\\share\\w.bin') },
      { name: 'If subgraph initializer', file: 'if.onnx', bytes: onnxModel(onnxGraph([onnxNode('If', { name: 'if0', attrs: [onnxAttr.graph('then_branch', onnxGraph([onnxNode('Identity')], [onnxTensor('t', '../secret.bin')]))] })])) },
      { name: 'Constant node tensor', file: 'const.onnx', bytes: onnxModel(onnxGraph([onnxNode('Constant', { name: 'c0', attrs: [onnxAttr.tensor('value', onnxTensor('c', '/proc/self/environ'))] })])) },
      { name: 'Loop body in a function', file: 'fn.onnx', bytes: onnxModel(onnxGraph([onnxNode('Relu')]), [onnxFunction('local', 'F', [onnxNode('Loop', { attrs: [onnxAttr.graph('body', onnxGraph([onnxNode('Constant', { attrs: [onnxAttr.tensor('value', onnxTensor('k', '../../k'))] })]))] })])], ['local']) },
    ],
    valid: [
      { name: 'data file next to the model', file: 'ok.onnx', bytes: ONNX_EXT('model.onnx.data') },
      { name: 'data in a subfolder', file: 'sub.onnx', bytes: ONNX_EXT('weights/w.bin') },
      { name: 'dots that stay inside', file: 'inside.onnx', bytes: ONNX_EXT('weights/../w.bin') },
      { name: 'no external data', file: 'plain.onnx', bytes: onnxModel(onnxGraph([onnxNode('Relu')], [onnxTensor('w')])) },
    ],
  },
  'onnx/custom-op-domain': {
    invalid: [
      { name: 'custom domain op', file: 'custom.onnx', bytes: onnxModel(onnxGraph([onnxNode('Relu'), onnxNode('Exec', { name: 'x0', domain: 'com.evil' })]), [], ['com.evil']) },
      { name: 'custom op in a Scan body', file: 'scan.onnx', bytes: onnxModel(onnxGraph([onnxNode('Scan', { attrs: [onnxAttr.graph('body', onnxGraph([onnxNode('Decode', { domain: 'ai.onnx.contrib' })]))] })])) },
    ],
    valid: [
      { name: 'standard and ONNX Runtime contrib ops', file: 'std.onnx', bytes: onnxModel(onnxGraph([onnxNode('Relu'), onnxNode('FusedGemm', { domain: 'com.microsoft' }), onnxNode('TreeEnsembleClassifier', { domain: 'ai.onnx.ml' }), onnxNode('Gelu', { domain: 'ai.onnx' })])) },
      { name: 'op defined by a model function', file: 'fn.onnx', bytes: onnxModel(onnxGraph([onnxNode('MyGelu', { domain: 'custom.fn' })]), [onnxFunction('custom.fn', 'MyGelu', [onnxNode('Mul'), onnxNode('Tanh')])], ['custom.fn']) },
    ],
  },
  'gguf/chat-template-injection': {
    invalid: [
      ...Object.entries(MALICIOUS_TEMPLATES).map(([name, t]): Case => ({ name: `GGUF: ${name}`, file: 'model.gguf', bytes: gguf([['tokenizer.chat_template', t]]) })),
      { name: 'GGUF: named template tokenizer.chat_template.tool_use', file: 'tools.gguf', bytes: gguf([['tokenizer.chat_template', BENIGN_TEMPLATES.chatml as string], ['tokenizer.chat_template.tool_use', MALICIOUS_TEMPLATES['lipsum globals'] as string]]) },
      { name: 'tokenizer_config.json string', file: 'tokenizer_config.json', bytes: tokenizerConfig(MALICIOUS_TEMPLATES['cycler init globals']) },
      { name: 'tokenizer_config.json list of named templates', file: 'm/tokenizer_config.json', bytes: tokenizerConfig([{ name: 'default', template: BENIGN_TEMPLATES.chatml }, { name: 'rag', template: MALICIOUS_TEMPLATES['attr with concatenation'] }]) },
      { name: 'chat_template.jinja file', file: 'chat_template.jinja', bytes: utf8(`{% for m in messages %}\n{{ m.content }}\n{% endfor %}\n${MALICIOUS_TEMPLATES['CVE-2024-34359 proof of concept'] as string}\n`) },
    ],
    valid: [
      ...Object.entries(BENIGN_TEMPLATES).map(([name, t]): Case => ({ name: `GGUF: ${name}`, file: 'model.gguf', bytes: gguf([['tokenizer.chat_template', t]]) })),
      ...Object.entries(BENIGN_TEMPLATES).map(([name, t]): Case => ({ name: `tokenizer_config.json: ${name}`, file: 'tokenizer_config.json', bytes: tokenizerConfig(t) })),
      { name: 'GGUF without a chat template', file: 'plain.gguf', bytes: gguf([]) },
      { name: 'a payload in some other JSON file', file: 'notes.json', bytes: tokenizerConfig(MALICIOUS_TEMPLATES['lipsum globals']) },
      ...optional({ name: 'fixture GGUF', file: 'tiny.gguf', bytes: fx('models/positive/gguf/tiny-llama.Q4_K_M.gguf') }),
    ],
  },
  'safetensors/invalid-header': {
    invalid: [
      { name: 'header length past the end', file: 'cut.safetensors', bytes: sampleSafetensors().subarray(0, 40) },
      { name: 'header that is not JSON', file: 'junk.safetensors', bytes: rawSafetensors('{"a": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]} trailing', 4) },
      { name: 'duplicate tensor key', file: 'dup.safetensors', bytes: rawSafetensors('{"w": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}, "w": {"dtype": "F32", "shape": [1], "data_offsets": [4, 8]}}', 8) },
      { name: 'missing dtype', file: 'nodtype.safetensors', bytes: buildSafetensors({ w: { shape: [1], data_offsets: [0, 4] } }, 4) },
      { name: 'unknown dtype', file: 'dtype.safetensors', bytes: buildSafetensors({ w: { dtype: 'F128', shape: [1], data_offsets: [0, 16] } }, 16) },
      { name: 'offsets past the data', file: 'past.safetensors', bytes: buildSafetensors({ w: { dtype: 'F32', shape: [4], data_offsets: [0, 16] } }, 8) },
      { name: 'overlapping spans', file: 'overlap.safetensors', bytes: buildSafetensors({ a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] }, b: { dtype: 'F32', shape: [2], data_offsets: [4, 12] } }, 12) },
      { name: 'gap between spans', file: 'gap.safetensors', bytes: buildSafetensors({ a: { dtype: 'F32', shape: [1], data_offsets: [0, 4] }, b: { dtype: 'F32', shape: [1], data_offsets: [8, 12] } }, 12) },
      { name: 'span not dtype size x shape', file: 'size.safetensors', bytes: buildSafetensors({ w: { dtype: 'F16', shape: [4, 4], data_offsets: [0, 16] } }, 16) },
      { name: '__metadata__ with a non-string value', file: 'meta.safetensors', bytes: buildSafetensors({ __metadata__: { format: 'pt', evil: { nested: true } }, w: { dtype: 'U8', shape: [4], data_offsets: [0, 4] } }, 4) },
    ],
    valid: [
      { name: 'two tensors and metadata', file: 'model.safetensors', bytes: sampleSafetensors() },
      { name: 'unpadded header, out-of-order entries', file: 'order.safetensors', bytes: buildSafetensors({ b: { dtype: 'BF16', shape: [2], data_offsets: [4, 8] }, a: { dtype: 'I8', shape: [2, 2], data_offsets: [0, 4] } }, 8, false) },
      { name: 'empty tensor and no tensors at all', file: 'empty.safetensors', bytes: buildSafetensors({ e: { dtype: 'F32', shape: [0], data_offsets: [0, 0] } }, 0) },
      ...optional({ name: 'fixture safetensors', file: 'fixture.safetensors', bytes: fx('models/positive/safetensors/model.safetensors') }),
    ],
  },
  'tflite/custom-op': {
    invalid: [
      { name: 'custom native op', file: 'custom.tflite', bytes: tfliteWithCustom(['MyNativeOp']) },
      { name: 'Flex op reading files', file: 'flex.tflite', bytes: tfliteWithCustom(['FlexReadFile', 'FlexMatMul']) },
    ],
    valid: [
      { name: 'builtin detection post-processing op', file: 'ssd.tflite', bytes: sampleTflite() },
      { name: 'builtin operators only', file: 'plain.tflite', bytes: tfliteWithCustom([]) },
    ],
  },
};
