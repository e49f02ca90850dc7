/** The detectors, in the order they run on each file. Adding a detector is adding it here. */
import type { Detector } from './types.js';
import { modelDetector } from './models/index.js';
import { hfConfigDetector } from './models/hf-config.js';

export const DETECTORS: readonly Detector[] = [modelDetector, hfConfigDetector];
