/**
 * Header metadata of model files, mapped to CycloneDX names: `cdx:ai-ml:*` where the taxonomy has
 * one, `lantern:*` otherwise. Each function reads only the header through bounded readers.
 */
import type { ByteSource } from '../../formats/source.js';
import { readSafetensorsHeader } from '../../formats/safetensors.js';
import { readGgufHeader } from '../../formats/gguf.js';
import { readOnnxModel } from '../../formats/onnx.js';
import { readTflite } from '../../formats/tflite.js';
import { readCoreml } from '../../formats/coreml.js';
import { readNpyHeader } from '../../formats/npy.js';
import { hdf5SignatureOffset, inspectKerasH5 } from '../../formats/hdf5.js';
import type { ModelFormatId } from '../../sniff/kinds.js';
import type { ModelCardFacts } from '../../types.js';

export interface ModelMetadata {
  properties: Record<string, string>;
  modelCard?: ModelCardFacts;
  license?: string;
  /** Problems reading the header (truncated, malformed). */
  problems: string[];
}

const MAX_META_KEYS = 32;
const MAX_VALUE = 256;

function cap(v: string): string {
  return v.length > MAX_VALUE ? `${v.slice(0, MAX_VALUE - 1)}…` : v;
}

export function readModelMetadata(format: ModelFormatId, src: ByteSource): ModelMetadata {
  const m: ModelMetadata = { properties: {}, problems: [] };
  const p = m.properties;
  switch (format) {
    case 'safetensors': {
      const r = readSafetensorsHeader(src);
      if (!r.ok) {
        m.problems.push(`safetensors header: ${r.error}`);
        break;
      }
      const v = r.value;
      p['lantern:safetensors:tensor-count'] = String(v.tensorCount);
      p['lantern:safetensors:dtypes'] = Object.entries(v.dtypes).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, n]) => `${k}:${n}`).join(',');
      p['cdx:ai-ml:model:parameter:count'] = String(v.parameterCount);
      for (const [k, val] of Object.entries(v.metadata).sort(([a], [b]) => (a < b ? -1 : 1)).slice(0, MAX_META_KEYS)) {
        p[`lantern:safetensors:metadata:${sanitizeKey(k)}`] = cap(val);
      }
      break;
    }
    case 'gguf': {
      const r = readGgufHeader(src);
      if (!r.ok) {
        m.problems.push(`GGUF header: ${r.error}`);
        break;
      }
      const v = r.value;
      p['lantern:gguf:version'] = String(v.version);
      p['lantern:gguf:tensor-count'] = String(v.tensorCount);
      if (v.architecture) p['lantern:gguf:architecture'] = cap(v.architecture);
      if (v.name) p['lantern:gguf:name'] = cap(v.name);
      if (v.license) {
        p['lantern:gguf:license'] = cap(v.license);
        m.license = v.license;
      }
      if (v.fileTypeName ?? v.fileType !== undefined) p['cdx:ai-ml:model:hyperparameter:quantization'] = v.fileTypeName ?? String(v.fileType);
      if (v.contextLength !== undefined) p['cdx:ai-ml:model:hyperparameter:context_length'] = String(v.contextLength);
      if (v.parameterCount) p['cdx:ai-ml:model:parameter:count'] = String(v.parameterCount);
      if (v.sizeLabel) p['lantern:gguf:size-label'] = cap(v.sizeLabel);
      p['lantern:gguf:has-chat-template'] = String(v.hasChatTemplate);
      if (v.tensorsRead < v.tensorCount) m.problems.push(`GGUF header: only ${v.tensorsRead} of ${v.tensorCount} tensor infos could be read (truncated?)`);
      if (v.architecture) m.modelCard = { architectureFamily: v.architecture };
      break;
    }
    case 'onnx': {
      const r = readOnnxModel(src);
      if (!r.ok) {
        m.problems.push(`ONNX model: ${r.error}`);
        break;
      }
      const v = r.value;
      p['lantern:onnx:ir-version'] = String(v.irVersion);
      if (v.producerName) p['lantern:onnx:producer'] = cap([v.producerName, v.producerVersion].filter(Boolean).join(' '));
      if (v.opsets.length) p['lantern:onnx:opsets'] = cap(v.opsets.map((o) => `${o.domain || 'ai.onnx'}:${o.version}`).join(','));
      p['lantern:onnx:node-count'] = String(v.nodeCount);
      const io = (xs: { name: string; elemType?: string; shape?: (number | string)[] }[]) =>
        xs.map((x) => `${x.name}${x.elemType ? `:${x.elemType}` : ''}${x.shape ? `[${x.shape.join(',')}]` : ''}`);
      if (v.inputs.length) p['lantern:onnx:inputs'] = cap(io(v.inputs).join(';'));
      if (v.outputs.length) p['lantern:onnx:outputs'] = cap(io(v.outputs).join(';'));
      if (v.externalData.length) p['lantern:onnx:external-data'] = cap([...new Set(v.externalData.map((e) => e.location))].join(';'));
      m.modelCard = { inputs: io(v.inputs).slice(0, 16), outputs: io(v.outputs).slice(0, 16) };
      break;
    }
    case 'tflite': {
      const r = readTflite(src);
      if (!r.ok) {
        m.problems.push(`TFLite model: ${r.error}`);
        break;
      }
      p['lantern:tflite:schema-version'] = String(r.value.version);
      p['lantern:tflite:subgraph-count'] = String(r.value.subgraphCount);
      if (r.value.description) p['lantern:tflite:description'] = cap(r.value.description);
      if (r.value.customOps.length) p['lantern:tflite:custom-ops'] = cap(r.value.customOps.join(','));
      break;
    }
    case 'coreml': {
      const r = readCoreml(src);
      if (!r.ok) {
        m.problems.push(`Core ML model: ${r.error}`);
        break;
      }
      const v = r.value;
      p['lantern:coreml:specification-version'] = String(v.specificationVersion);
      if (v.modelType) p['lantern:coreml:model-type'] = v.modelType;
      if (v.metadata.author) p['lantern:coreml:author'] = cap(v.metadata.author);
      if (v.metadata.shortDescription) p['lantern:coreml:description'] = cap(v.metadata.shortDescription);
      if (v.metadata.license) m.license = v.metadata.license;
      m.modelCard = { inputs: v.inputs.slice(0, 16), outputs: v.outputs.slice(0, 16) };
      break;
    }
    case 'numpy': {
      const r = readNpyHeader(src);
      if (!r.ok) {
        m.problems.push(`NumPy header: ${r.error}`);
        break;
      }
      p['lantern:numpy:dtype'] = cap(r.value.descr);
      p['lantern:numpy:shape'] = `(${r.value.shape.join(',')})`;
      p['lantern:numpy:object-dtype'] = String(r.value.hasObject);
      break;
    }
    case 'keras-h5':
    case 'hdf5': {
      const at = hdf5SignatureOffset(src);
      if (at === undefined) break;
      const k = inspectKerasH5(src, at);
      if (k.kerasVersion) p['lantern:keras:version'] = cap(k.kerasVersion);
      if (k.backend) p['lantern:keras:backend'] = cap(k.backend);
      if (k.weights) p['lantern:hdf5:layout'] = k.weights;
      const cls = k.modelConfig ? /"class_name"\s*:\s*"([^"]{1,100})"/.exec(k.modelConfig)?.[1] : undefined;
      if (cls) m.modelCard = { modelArchitecture: cls };
      break;
    }
    default:
      break;
  }
  return m;
}

/** Property names allow [A-Za-z0-9-_ ] per the CycloneDX taxonomy rules; map anything else to '_'. */
export function sanitizeKey(k: string): string {
  return k.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64);
}
