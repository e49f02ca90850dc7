/**
 * Core ML `.mlmodel` reader (apple/coremltools mlmodel/format/Model.proto), over the protobuf
 * wire reader. Reads the specification version, the description (input and output names,
 * metadata) and which model type the `Type` oneof holds; the model body is stepped over.
 */
import { type ByteSource, BufferSource, type Parsed, fail, ok } from './source.js';
import { ProtoReader, type ProtoField, WIRE_LEN, WIRE_VARINT, varintToNumber } from './protobuf.js';

/** Model.Type oneof: field number -> field name. */
export const COREML_MODEL_TYPES: Readonly<Record<number, string>> = {
  200: 'pipelineClassifier',
  201: 'pipelineRegressor',
  202: 'pipeline',
  300: 'glmRegressor',
  301: 'supportVectorRegressor',
  302: 'treeEnsembleRegressor',
  303: 'neuralNetworkRegressor',
  304: 'bayesianProbitRegressor',
  400: 'glmClassifier',
  401: 'supportVectorClassifier',
  402: 'treeEnsembleClassifier',
  403: 'neuralNetworkClassifier',
  404: 'kNearestNeighborsClassifier',
  500: 'neuralNetwork',
  501: 'itemSimilarityRecommender',
  502: 'mlProgram',
  555: 'customModel',
  556: 'linkedModel',
  560: 'classConfidenceThresholding',
  600: 'oneHotEncoder',
  601: 'imputer',
  602: 'featureVectorizer',
  603: 'dictVectorizer',
  604: 'scaler',
  606: 'categoricalMapping',
  607: 'normalizer',
  609: 'arrayFeatureExtractor',
  610: 'nonMaximumSuppression',
  900: 'identity',
  2000: 'textClassifier',
  2001: 'wordTagger',
  2002: 'visionFeaturePrint',
  2003: 'soundAnalysisPreprocessing',
  2004: 'gazetteer',
  2005: 'wordEmbedding',
  2006: 'audioFeaturePrint',
  3000: 'serializedModel',
};

/** Model: specificationVersion = 1, description = 2, isUpdatable = 10, then the oneof. */
const SPEC_VERSION = 1;
const DESCRIPTION = 2;
const IS_UPDATABLE = 10;
/** ModelDescription fields and their wire types (functions = 2, defaultFunctionName = 3 are newer). */
const DESCRIPTION_FIELDS: Readonly<Record<number, number>> = { 1: WIRE_LEN, 2: WIRE_LEN, 3: WIRE_LEN, 10: WIRE_LEN, 11: WIRE_LEN, 12: WIRE_LEN, 50: WIRE_LEN, 100: WIRE_LEN };

export interface CoremlMetadata {
  shortDescription?: string;
  author?: string;
  license?: string;
  versionString?: string;
  userDefined: Record<string, string>;
}

export interface CoremlInfo {
  specificationVersion: number;
  /** Name of the Model.Type oneof field present, e.g. neuralNetwork, mlProgram, pipeline. */
  modelType?: string;
  isUpdatable?: boolean;
  inputs: string[];
  outputs: string[];
  metadata: CoremlMetadata;
}

export interface CoremlLimits {
  maxSteps?: number;
  /** Inputs, outputs and user-defined metadata entries listed at most (each). */
  maxListed?: number;
}

const MAX_NAME = 1024;
const MAX_TEXT = 4096;

/**
 * specificationVersion (1..20) first, then the description as a length-delimited field whose
 * visible part parses as a ModelDescription. The second check is what tells Core ML from ONNX,
 * whose ModelProto also starts with a small varint 1 and a length-delimited field 2.
 */
export function looksLikeCoreml(head: Uint8Array): boolean {
  if (head.length < 4 || head[0] !== 0x08) return false;
  const p = new ProtoReader(new BufferSource(head), 10_000);
  let n = 0;
  let valid = true;
  const res = p.walk(
    0,
    head.length,
    (f) => {
      n++;
      if (n === 1) {
        const v = varintToNumber(f.value);
        valid = f.field === SPEC_VERSION && f.wire === WIRE_VARINT && v >= 1 && v <= 20;
      } else if (n === 2) {
        valid = f.field === DESCRIPTION && f.wire === WIRE_LEN && sniffDescription(p, f);
      } else {
        valid = (f.field === IS_UPDATABLE && f.wire === WIRE_VARINT) || (COREML_MODEL_TYPES[f.field] !== undefined && f.wire === WIRE_LEN);
      }
      return valid;
    },
    { partial: true },
  );
  return !('error' in res) && valid && n >= 2;
}

function sniffDescription(p: ProtoReader, f: ProtoField): boolean {
  let good = true;
  let fields = 0;
  const res = p.walk(
    f.offset,
    f.offset + f.length,
    (d) => {
      fields++;
      good = DESCRIPTION_FIELDS[d.field] === d.wire;
      return good;
    },
    { partial: true },
  );
  // An empty description is legal but says nothing; require one recognizable field.
  return good && fields > 0 && !('error' in res);
}

export function readCoreml(src: ByteSource, limits: CoremlLimits = {}): Parsed<CoremlInfo> {
  try {
    return readModel(new ProtoReader(src, limits.maxSteps ?? 1_000_000), limits.maxListed ?? 1000);
  } catch (e) {
    return fail(`coreml: read error: ${(e as Error).message}`);
  }
}

function readModel(p: ProtoReader, maxListed: number): Parsed<CoremlInfo> {
  const info: CoremlInfo = { specificationVersion: 0, inputs: [], outputs: [], metadata: { userDefined: {} } };
  let error: string | undefined;
  let first = true;
  const res = p.walk(0, p.size, (f) => {
    if (first && (f.field !== SPEC_VERSION || f.wire !== WIRE_VARINT)) {
      error = 'coreml: first field is not specificationVersion';
      return false;
    }
    first = false;
    if (f.field === SPEC_VERSION && f.wire === WIRE_VARINT) info.specificationVersion = varintToNumber(f.value);
    else if (f.field === IS_UPDATABLE && f.wire === WIRE_VARINT) info.isUpdatable = varintToNumber(f.value) !== 0;
    else if (f.field === DESCRIPTION && f.wire === WIRE_LEN) error = readDescription(p, f, info, maxListed);
    else if (f.wire === WIRE_LEN && COREML_MODEL_TYPES[f.field] !== undefined) info.modelType ??= COREML_MODEL_TYPES[f.field];
    return error === undefined;
  });
  if (error) return fail(error);
  if ('error' in res) return fail(`coreml: ${res.error}`, /past/.test(res.error));
  if (info.specificationVersion < 1) return fail('coreml: no specificationVersion');
  return ok(info);
}

/** ModelDescription: input = 1, output = 10, metadata = 100. */
function readDescription(p: ProtoReader, f: ProtoField, info: CoremlInfo, maxListed: number): string | undefined {
  let error: string | undefined;
  const res = p.walk(f.offset, f.offset + f.length, (d) => {
    if (d.wire !== WIRE_LEN) return;
    if (d.field === 1 || d.field === 10) {
      const list = d.field === 1 ? info.inputs : info.outputs;
      if (list.length < maxListed) {
        const name = featureName(p, d);
        if (name === undefined) error = 'coreml: malformed feature description';
        else list.push(name);
      }
    } else if (d.field === 100) {
      error = readMetadata(p, d, info.metadata, maxListed);
    }
    return error === undefined;
  });
  return error ?? ('error' in res ? `coreml: description: ${res.error}` : undefined);
}

/** FeatureDescription: name = 1. */
function featureName(p: ProtoReader, f: ProtoField): string | undefined {
  let name = '';
  const res = p.walk(f.offset, f.offset + f.length, (x) => {
    if (x.field === 1 && x.wire === WIRE_LEN) name = p.string(x.offset, x.length, MAX_NAME);
  });
  return 'error' in res ? undefined : name;
}

/** Metadata: shortDescription = 1, versionString = 2, author = 3, license = 4, userDefined = 100. */
function readMetadata(p: ProtoReader, f: ProtoField, m: CoremlMetadata, maxListed: number): string | undefined {
  let error: string | undefined;
  const res = p.walk(f.offset, f.offset + f.length, (x) => {
    if (x.wire !== WIRE_LEN) return;
    const text = (): string => p.string(x.offset, x.length, MAX_TEXT);
    if (x.field === 1) m.shortDescription = text();
    else if (x.field === 2) m.versionString = text();
    else if (x.field === 3) m.author = text();
    else if (x.field === 4) m.license = text();
    else if (x.field === 100 && Object.keys(m.userDefined).length < maxListed) {
      // map<string, string> entries are messages with key = 1, value = 2.
      let key = '';
      let value = '';
      const entry = p.walk(x.offset, x.offset + x.length, (e) => {
        if (e.wire !== WIRE_LEN) return;
        if (e.field === 1) key = p.string(e.offset, e.length, MAX_NAME);
        else if (e.field === 2) value = p.string(e.offset, e.length, MAX_TEXT);
      });
      if ('error' in entry) error = `coreml: metadata entry: ${entry.error}`;
      else m.userDefined[key] = value;
    }
    return error === undefined;
  });
  return error ?? ('error' in res ? `coreml: metadata: ${res.error}` : undefined);
}
