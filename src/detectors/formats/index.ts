/** The non-pickle model-safety detectors (registered in src/detectors/index.ts after the model detector). */
import type { Detector } from '../types.js';
import { chatTemplateDetector } from './chat-template.js';
import { kerasDetector } from './keras.js';
import { onnxDetector } from './onnx.js';
import { safetensorsDetector } from './safetensors.js';
import { savedModelDetector } from './savedmodel.js';
import { tfliteDetector } from './tflite.js';
import { hydraDetector } from './hydra.js';
import { skopsDetector } from './skops.js';

export const FORMAT_DETECTORS: Detector[] = [kerasDetector, savedModelDetector, onnxDetector, chatTemplateDetector, safetensorsDetector, tfliteDetector, hydraDetector, skopsDetector];
