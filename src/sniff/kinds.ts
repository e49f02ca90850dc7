/** What a file is, as sniff decides it: by magic bytes first, by name only to break ties. */
import type { Wrapper } from '../formats/compression.js';
import type { TextEncoding } from '../util/text.js';

export type ModelFormatId =
  | 'pickle'
  | 'pytorch-zip'
  | 'torchscript-zip'
  | 'pytorch-legacy'
  | 'pytorch-legacy-tar'
  | 'joblib'
  | 'numpy'
  | 'numpy-npz'
  | 'safetensors'
  | 'gguf'
  | 'ggml'
  | 'onnx'
  | 'hdf5'
  | 'keras-h5'
  | 'keras-v3'
  | 'tf-savedmodel'
  | 'tflite'
  | 'coreml';

export type TextLang =
  | 'python'
  | 'js-ts'
  | 'notebook'
  | 'json'
  | 'yaml'
  | 'toml'
  | 'markdown'
  | 'dockerfile'
  | 'shell'
  | 'manifest'
  | 'go'
  | 'jvm'
  | 'ruby'
  | 'php'
  | 'dart'
  | 'swift'
  | 'env'
  | 'text';

export type ArchiveKind = 'zip' | 'tar';

/** A member of an archive whose bytes were sniffed. */
export interface SniffedMember {
  name: string;
  size: number;
  sniffed: Sniffed;
}

export type Sniffed =
  | { kind: 'empty' }
  | {
      kind: 'model';
      format: ModelFormatId;
      /** Compression wrapper around the whole file (gzip'd pickle, xz'd joblib, ...). */
      wrapper?: Wrapper;
      pickleProtocol?: number;
      /** Archive members that hold pickles (PyTorch zip data.pkl, npz object arrays, ...). */
      members?: SniffedMember[];
      /** Why the format is only partly known (truncated header, ...). */
      note?: string;
      /** Hostile archive traits of a model stored as an archive (PyTorch zip, .keras, .npz). */
      hostile?: string[];
    }
  | {
      kind: 'container';
      container: ArchiveKind | Wrapper;
      /** Models found inside. */
      members: SniffedMember[];
      /** Set when Lantern cannot look inside (7z, an encrypted member, limits). */
      unscannable?: string;
      /** Hostile traits: path traversal, symlink entries, bomb ratios. */
      hostile: string[];
    }
  | { kind: 'lfs-pointer'; oid: string; size: number }
  /** `encoding`: set for UTF-16 text (found by its byte-order mark); UTF-8 otherwise. */
  | { kind: 'text'; lang: TextLang; encoding?: TextEncoding }
  /** `note`: what the bytes are when Lantern knows and they are not a model (`HDF5 data (NetCDF-4)`). */
  | { kind: 'binary'; note?: string };

export function isModel(s: Sniffed): s is Extract<Sniffed, { kind: 'model' }> {
  return s.kind === 'model';
}
