/** The detectors, in the order they run on each file. Adding a detector is adding it here. */
import type { Detector } from './types.js';
import { modelDetector } from './models/index.js';
import { hfConfigDetector } from './models/hf-config.js';
import { pickleDetector } from './pickle/index.js';
import { FORMAT_DETECTORS } from './formats/index.js';
import { SDK_DETECTORS } from './sdks/index.js';
import { secretsDetector } from './secrets.js';
import { hfDetector } from './hf/index.js';
import { AGENT_DETECTORS } from './agents/index.js';

// The model detector runs first: it creates each model's component, which later detectors'
// findings point at (and whose properties their stubs only add to).
export const DETECTORS: readonly Detector[] = [modelDetector, hfConfigDetector, pickleDetector, ...FORMAT_DETECTORS, ...SDK_DETECTORS, ...AGENT_DETECTORS, hfDetector, secretsDetector];
