/**
 * Directory-level models: a Hugging Face model directory (config.json beside weight files), a
 * TensorFlow SavedModel directory and a Core ML .mlpackage are one model each, not one per file.
 * This step rewrites the per-file components of such a directory into one component, and points
 * their findings at it. A weight file that also appears elsewhere keeps its other occurrences.
 */
import { basename, dirname } from 'node:path/posix';
import type { FileAnalysis } from '../detectors/types.js';
import type { HfConfigFacts } from '../detectors/models/hf-config.js';
import type { Component, Finding } from '../types.js';
import { sha256Hex } from '../util/hash.js';
import type { FileRef } from '../walk/walk.js';

const WEIGHT_FORMATS = new Set(['safetensors', 'pytorch-zip', 'pytorch-legacy', 'pickle', 'gguf', 'onnx', 'keras-h5', 'hdf5', 'tflite', 'joblib', 'numpy', 'numpy-npz']);

export interface Grouped {
  components: Component[];
  findings: Finding[];
}

const dirOf = (p: string): string => (dirname(p) === '.' ? '' : dirname(p));

export function groupModelDirectories(analyses: FileAnalysis[], files: FileRef[], rootName: string): Grouped {
  let components = analyses.flatMap((a) => a.observation.components.map((c) => ({ ...c, evidence: [...c.evidence], properties: { ...c.properties } })));
  const findings = analyses.flatMap((a) => a.observation.findings.map((f) => ({ ...f })));

  const takeFromDir = (dir: string, pred: (c: Component) => boolean, into: Component): void => {
    const moved = new Set<string>();
    components = components.flatMap((c) => {
      if (c === into || !pred(c)) return [c];
      const inDir = c.evidence.filter((e) => dirOf(e.path) === dir);
      if (!inDir.length) return [c];
      moved.add(c.ref);
      const rest = c.evidence.filter((e) => !inDir.includes(e));
      return rest.length ? [{ ...c, evidence: rest }] : [];
    });
    for (const f of findings) {
      if (f.componentRef && moved.has(f.componentRef) && dirOf(f.location.path) === dir) {
        f.componentRef = into.ref;
      }
    }
  };

  // Hugging Face model directories.
  for (const a of analyses) {
    const cfg = a.facts.hfConfig as HfConfigFacts | undefined;
    if (!cfg) continue;
    const dir = dirOf(a.file.path);
    const weights = components
      .filter((c) => c.kind === 'model' && (WEIGHT_FORMATS.has(c.properties['lantern:format'] ?? '') || c.properties['lantern:lfs-pointer'] === 'true'))
      .flatMap((c) => c.evidence.filter((e) => dirOf(e.path) === dir).map((e) => ({ c, path: e.path })));
    if (!weights.length) continue;
    weights.sort((x, y) => (x.path < y.path ? -1 : 1));
    const manifest = weights.map((w) => `${basename(w.path)}\t${w.c.hashes?.[0]?.value ?? ''}`).join('\n');
    const pickleBased = weights.some((w) => w.c.properties['lantern:pickle-based'] === 'true');
    const dirComponent: Component = {
      ref: `model:dir-sha256:${sha256Hex(manifest)}`,
      kind: 'model',
      name: dir ? basename(dir) : rootName,
      properties: {
        'lantern:format': 'hf-model-dir',
        'lantern:format:title': 'Hugging Face model directory',
        'lantern:directory': dir || '.',
        'lantern:weights': weights.map((w) => `${basename(w.path)} (${w.c.properties['lantern:format']}, sha256:${w.c.hashes?.[0]?.value ?? '?'})`).join('; '),
        'lantern:size': String(weights.reduce((n, w) => n + Number(w.c.properties['lantern:size'] ?? 0), 0)),
        'lantern:pickle-based': String(pickleBased),
      },
      evidence: [{ path: a.file.path }, ...weights.map((w) => ({ path: w.path }))],
    };
    if (cfg.architectures.length) dirComponent.properties['lantern:hf:architectures'] = cfg.architectures.join(',');
    if (cfg.modelType) dirComponent.properties['lantern:hf:model-type'] = cfg.modelType;
    if (cfg.torchDtype) dirComponent.properties['lantern:hf:torch-dtype'] = cfg.torchDtype;
    for (const [k, v] of Object.entries(cfg.hyperparameters)) dirComponent.properties[`cdx:ai-ml:model:hyperparameter:${k}`] = v;
    const params = weights.map((w) => Number(w.c.properties['cdx:ai-ml:model:parameter:count'] ?? NaN));
    if (params.length && params.every((n) => Number.isFinite(n))) dirComponent.properties['cdx:ai-ml:model:parameter:count'] = String(params.reduce((x, y) => x + y, 0));
    // How far the pickle analysis of the weights got (the stubs share the weights' bom-refs).
    const refs = new Set(weights.map((w) => w.c.ref));
    const analyses = components.filter((c) => refs.has(c.ref)).map((c) => c.properties['lantern:pickle:analysis']).filter((x): x is string => x !== undefined);
    if (analyses.length) dirComponent.properties['lantern:pickle:analysis'] = analyses.find((x) => x !== 'complete') ?? 'complete';
    if (weights.length === 1 && weights[0]?.c.hashes) dirComponent.hashes = weights[0].c.hashes;
    const card: Component['modelCard'] = {};
    if (cfg.modelType) card.architectureFamily = cfg.modelType;
    if (cfg.architectures[0]) card.modelArchitecture = cfg.architectures[0];
    if (Object.keys(card).length) dirComponent.modelCard = card;
    components.push(dirComponent);
    const weightRefs = new Set(weights.map((w) => w.c.ref));
    takeFromDir(dir, (c) => weightRefs.has(c.ref), dirComponent);
  }

  // TensorFlow SavedModel directories: the saved_model.pb component names the directory.
  for (const c of components) {
    if (c.properties['lantern:format'] !== 'tf-savedmodel') continue;
    const pb = c.evidence[0]?.path ?? '';
    const dir = dirOf(pb);
    c.name = dir ? basename(dir) : rootName;
    c.properties['lantern:directory'] = dir || '.';
    const vars = files.filter((f) => f.path.startsWith(dir ? `${dir}/variables/` : 'variables/'));
    c.properties['lantern:savedmodel:variables'] = String(vars.length);
    c.properties['lantern:size'] = String(Number(c.properties['lantern:size'] ?? 0) + vars.reduce((n, f) => n + f.size, 0));
  }

  // Core ML packages: X.mlpackage/Data/com.apple.CoreML/model.mlmodel is the package X.mlpackage.
  for (const c of components) {
    const p = c.evidence[0]?.path ?? '';
    const m = /^(.*?\.mlpackage)\//i.exec(p);
    if (!m?.[1] || c.properties['lantern:format'] !== 'coreml') continue;
    c.name = basename(m[1]);
    c.properties['lantern:format'] = 'coreml-package';
    c.properties['lantern:format:title'] = 'Core ML package';
    c.properties['lantern:directory'] = m[1];
    const manifest = files.find((f) => f.path === `${m[1]}/Manifest.json`);
    if (manifest) c.evidence.push({ path: manifest.path });
  }

  return { components, findings };
}
