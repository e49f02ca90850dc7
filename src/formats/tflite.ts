/**
 * TensorFlow Lite model reader (tensorflow/lite/schema/schema.fbs), a FlatBuffer.
 *
 * A FlatBuffer is a u32 offset to the root table, here followed by the file identifier "TFL3".
 * A table starts with an i32 back-offset to its vtable; the vtable lists u16 field offsets. Every
 * offset in the file is checked against the file size before it is followed, and a table's
 * fields against its declared size, so a crafted file cannot send the reader outside the file.
 */
import { type ByteSource, type Parsed, fail, ok } from './source.js';
import { WindowedReader, decodeUtf8 } from './protobuf.js';

/** BuiltinOperator enum of schema.fbs, by code. */
export const TFLITE_BUILTIN_OPERATORS: readonly string[] = [
  'ADD', 'AVERAGE_POOL_2D', 'CONCATENATION', 'CONV_2D', 'DEPTHWISE_CONV_2D', 'DEPTH_TO_SPACE', 'DEQUANTIZE',
  'EMBEDDING_LOOKUP', 'FLOOR', 'FULLY_CONNECTED', 'HASHTABLE_LOOKUP', 'L2_NORMALIZATION', 'L2_POOL_2D',
  'LOCAL_RESPONSE_NORMALIZATION', 'LOGISTIC', 'LSH_PROJECTION', 'LSTM', 'MAX_POOL_2D', 'MUL', 'RELU', 'RELU_N1_TO_1',
  'RELU6', 'RESHAPE', 'RESIZE_BILINEAR', 'RNN', 'SOFTMAX', 'SPACE_TO_DEPTH', 'SVDF', 'TANH', 'CONCAT_EMBEDDINGS',
  'SKIP_GRAM', 'CALL', 'CUSTOM', 'EMBEDDING_LOOKUP_SPARSE', 'PAD', 'UNIDIRECTIONAL_SEQUENCE_RNN', 'GATHER',
  'BATCH_TO_SPACE_ND', 'SPACE_TO_BATCH_ND', 'TRANSPOSE', 'MEAN', 'SUB', 'DIV', 'SQUEEZE',
  'UNIDIRECTIONAL_SEQUENCE_LSTM', 'STRIDED_SLICE', 'BIDIRECTIONAL_SEQUENCE_RNN', 'EXP', 'TOPK_V2', 'SPLIT',
  'LOG_SOFTMAX', 'DELEGATE', 'BIDIRECTIONAL_SEQUENCE_LSTM', 'CAST', 'PRELU', 'MAXIMUM', 'ARG_MAX', 'MINIMUM', 'LESS',
  'NEG', 'PADV2', 'GREATER', 'GREATER_EQUAL', 'LESS_EQUAL', 'SELECT', 'SLICE', 'SIN', 'TRANSPOSE_CONV',
  'SPARSE_TO_DENSE', 'TILE', 'EXPAND_DIMS', 'EQUAL', 'NOT_EQUAL', 'LOG', 'SUM', 'SQRT', 'RSQRT', 'SHAPE', 'POW',
  'ARG_MIN', 'FAKE_QUANT', 'REDUCE_PROD', 'REDUCE_MAX', 'PACK', 'LOGICAL_OR', 'ONE_HOT', 'LOGICAL_AND',
  'LOGICAL_NOT', 'UNPACK', 'REDUCE_MIN', 'FLOOR_DIV', 'REDUCE_ANY', 'SQUARE', 'ZEROS_LIKE', 'FILL', 'FLOOR_MOD',
  'RANGE', 'RESIZE_NEAREST_NEIGHBOR', 'LEAKY_RELU', 'SQUARED_DIFFERENCE', 'MIRROR_PAD', 'ABS', 'SPLIT_V', 'UNIQUE',
  'CEIL', 'REVERSE_V2', 'ADD_N', 'GATHER_ND', 'COS', 'WHERE', 'RANK', 'ELU', 'REVERSE_SEQUENCE', 'MATRIX_DIAG',
  'QUANTIZE', 'MATRIX_SET_DIAG', 'ROUND', 'HARD_SWISH', 'IF', 'WHILE', 'NON_MAX_SUPPRESSION_V4',
  'NON_MAX_SUPPRESSION_V5', 'SCATTER_ND', 'SELECT_V2', 'DENSIFY', 'SEGMENT_SUM', 'BATCH_MATMUL',
  'PLACEHOLDER_FOR_GREATER_OP_CODES', 'CUMSUM', 'CALL_ONCE', 'BROADCAST_TO', 'RFFT2D', 'CONV_3D', 'IMAG', 'REAL',
  'COMPLEX_ABS', 'HASHTABLE', 'HASHTABLE_FIND', 'HASHTABLE_IMPORT', 'HASHTABLE_SIZE', 'REDUCE_ALL',
  'CONV_3D_TRANSPOSE', 'VAR_HANDLE', 'READ_VARIABLE', 'ASSIGN_VARIABLE', 'BROADCAST_ARGS', 'RANDOM_STANDARD_NORMAL',
  'BUCKETIZE', 'RANDOM_UNIFORM', 'MULTINOMIAL', 'GELU', 'DYNAMIC_UPDATE_SLICE', 'RELU_0_TO_1',
  'UNSORTED_SEGMENT_PROD', 'UNSORTED_SEGMENT_MAX', 'UNSORTED_SEGMENT_SUM', 'ATAN2', 'UNSORTED_SEGMENT_MIN', 'SIGN',
  'BITCAST', 'BITWISE_XOR', 'RIGHT_SHIFT', 'STABLEHLO_LOGISTIC', 'STABLEHLO_ADD', 'STABLEHLO_DIVIDE',
  'STABLEHLO_MULTIPLY', 'STABLEHLO_MAXIMUM', 'STABLEHLO_RESHAPE', 'STABLEHLO_CLAMP', 'STABLEHLO_CONCATENATE',
  'STABLEHLO_BROADCAST_IN_DIM', 'STABLEHLO_CONVOLUTION', 'STABLEHLO_SLICE', 'STABLEHLO_CUSTOM_CALL',
  'STABLEHLO_REDUCE', 'STABLEHLO_ABS', 'STABLEHLO_AND', 'STABLEHLO_COSINE', 'STABLEHLO_EXPONENTIAL',
  'STABLEHLO_FLOOR', 'STABLEHLO_LOG', 'STABLEHLO_MINIMUM', 'STABLEHLO_NEGATE', 'STABLEHLO_OR', 'STABLEHLO_POWER',
  'STABLEHLO_REMAINDER', 'STABLEHLO_RSQRT', 'STABLEHLO_SELECT', 'STABLEHLO_SUBTRACT', 'STABLEHLO_TANH',
  'STABLEHLO_SCATTER', 'STABLEHLO_COMPARE', 'STABLEHLO_CONVERT', 'STABLEHLO_DYNAMIC_SLICE',
  'STABLEHLO_DYNAMIC_UPDATE_SLICE', 'STABLEHLO_PAD', 'STABLEHLO_IOTA', 'STABLEHLO_DOT_GENERAL',
  'STABLEHLO_REDUCE_WINDOW', 'STABLEHLO_SORT', 'STABLEHLO_WHILE', 'STABLEHLO_GATHER', 'STABLEHLO_TRANSPOSE',
  'DILATE', 'STABLEHLO_RNG_BIT_GENERATOR', 'REDUCE_WINDOW', 'STABLEHLO_COMPOSITE', 'STABLEHLO_SHIFT_LEFT',
  'STABLEHLO_CBRT', 'STABLEHLO_CASE',
];

export const TFLITE_CUSTOM = 32;

export interface TfliteOperatorCode {
  builtin: number;
  builtinName?: string;
  custom?: string;
  version?: number;
}

export interface TfliteInfo {
  version: number;
  description?: string;
  subgraphCount: number;
  operatorCodes: TfliteOperatorCode[];
  /** Distinct custom_code names of CUSTOM operators. */
  customOps: string[];
}

export interface TfliteLimits {
  maxOperatorCodes?: number;
}

const MAX_STRING = 1024;

/** The FlatBuffer file identifier at bytes 4..8 and a root offset that lands inside the file. */
/** Without `fileSize` the root only has to fit the 2 GiB FlatBuffers addressing limit. */
export function isTflite(head: Uint8Array, fileSize?: number): boolean {
  if (head.length < 8 || head[4] !== 0x54 || head[5] !== 0x46 || head[6] !== 0x4c || head[7] !== 0x33) return false;
  const root = ((head[0] as number) | ((head[1] as number) << 8) | ((head[2] as number) << 16)) + (head[3] as number) * 0x1000000;
  return root >= 8 && root + 4 <= (fileSize ?? 0x80000000);
}

class Bad extends Error {}

interface Table {
  pos: number;
  vt: number;
  vtSize: number;
  size: number;
}

/** Bounds-checked FlatBuffer access. Each method throws Bad on an offset outside the file. */
class Fb {
  constructor(private readonly r: WindowedReader) {}

  private need(pos: number, n: number): void {
    if (!Number.isInteger(pos) || pos < 0 || pos + n > this.r.size) throw new Bad(`offset ${pos} outside the file`);
  }

  private b(pos: number): Uint8Array {
    return this.r.bytes(pos, 4);
  }

  u16(pos: number): number {
    this.need(pos, 2);
    const b = this.b(pos);
    return (b[0] as number) | ((b[1] as number) << 8);
  }

  u32(pos: number): number {
    this.need(pos, 4);
    const b = this.b(pos);
    return ((b[0] as number) | ((b[1] as number) << 8) | ((b[2] as number) << 16)) + (b[3] as number) * 0x1000000;
  }

  i32(pos: number): number {
    return this.u32(pos) | 0;
  }

  i8(pos: number): number {
    this.need(pos, 1);
    return ((this.b(pos)[0] as number) << 24) >> 24;
  }

  table(pos: number): Table {
    this.need(pos, 4);
    const vt = pos - this.i32(pos);
    const vtSize = this.u16(vt);
    const size = this.u16(vt + 2);
    if (vtSize < 4 || vtSize % 2 !== 0) throw new Bad(`bad vtable at ${vt}`);
    this.need(vt, vtSize);
    this.need(pos, size);
    return { pos, vt, vtSize, size };
  }

  /** Absolute position of field `i`, or undefined when absent (default value). */
  field(t: Table, i: number): number | undefined {
    const slot = 4 + 2 * i;
    if (slot + 2 > t.vtSize) return undefined;
    const off = this.u16(t.vt + slot);
    if (off === 0) return undefined;
    if (off >= t.size) throw new Bad(`field ${i} outside its table`);
    return t.pos + off;
  }

  /** Follows the u32 forward offset stored at `pos`. */
  deref(pos: number): number {
    const target = pos + this.u32(pos);
    this.need(target, 4);
    return target;
  }

  /** A vector field: position of the first element and its length, checked for `elemSize`. */
  vector(t: Table, i: number, elemSize: number): { start: number; length: number } | undefined {
    const p = this.field(t, i);
    if (p === undefined) return undefined;
    const v = this.deref(p);
    const length = this.u32(v);
    this.need(v + 4, length * elemSize);
    return { start: v + 4, length };
  }

  string(t: Table, i: number): string | undefined {
    const v = this.vector(t, i, 1);
    if (v === undefined) return undefined;
    return decodeUtf8(this.r.bytes(v.start, Math.min(v.length, MAX_STRING)));
  }

  /** Element `k` of a vector of tables. */
  tableAt(start: number, k: number): Table {
    return this.table(this.deref(start + 4 * k));
  }
}

export function readTflite(src: ByteSource, limits: TfliteLimits = {}): Parsed<TfliteInfo> {
  try {
    const head = src.readAt(0, 8);
    if (!isTflite(head, src.size)) return fail('tflite: no TFL3 identifier or root offset outside the file', src.size < 8);
    return ok(readModel(new Fb(new WindowedReader(src, 64 * 1024)), limits.maxOperatorCodes ?? 10_000));
  } catch (e) {
    if (e instanceof Bad) return fail(`tflite: ${e.message}`);
    return fail(`tflite: read error: ${(e as Error).message}`);
  }
}

/** Model: version = 0, operator_codes = 1, subgraphs = 2, description = 3. */
function readModel(fb: Fb, maxCodes: number): TfliteInfo {
  const model = fb.table(fb.u32(0));
  const vPos = fb.field(model, 0);
  const info: TfliteInfo = {
    version: vPos === undefined ? 0 : fb.u32(vPos),
    subgraphCount: fb.vector(model, 2, 4)?.length ?? 0,
    operatorCodes: [],
    customOps: [],
  };
  const description = fb.string(model, 3);
  if (description !== undefined) info.description = description;
  const codes = fb.vector(model, 1, 4);
  const custom = new Set<string>();
  for (let k = 0; codes && k < Math.min(codes.length, maxCodes); k++) {
    const op = readOperatorCode(fb, fb.tableAt(codes.start, k));
    info.operatorCodes.push(op);
    if (op.custom !== undefined && op.builtin === TFLITE_CUSTOM) custom.add(op.custom);
  }
  info.customOps = [...custom];
  return info;
}

/**
 * OperatorCode: deprecated_builtin_code int8 = 0, custom_code = 1, version = 2, builtin_code = 3.
 * Old files only set the int8 field, new ones set both (the int8 capped at 127): take the max.
 */
function readOperatorCode(fb: Fb, t: Table): TfliteOperatorCode {
  const dPos = fb.field(t, 0);
  const bPos = fb.field(t, 3);
  const vPos = fb.field(t, 2);
  const builtin = Math.max(dPos === undefined ? 0 : fb.i8(dPos), bPos === undefined ? 0 : fb.i32(bPos));
  const op: TfliteOperatorCode = { builtin, version: vPos === undefined ? 1 : fb.i32(vPos) };
  const name = TFLITE_BUILTIN_OPERATORS[builtin];
  if (name !== undefined) op.builtinName = name;
  const custom = fb.string(t, 1);
  if (custom !== undefined) op.custom = custom;
  return op;
}
