/**
 * Synthetic corpus for the benchmark: a deterministic tree (seeded PRNG) of source files, configs,
 * notebooks, docs, small binaries and model files (pickles, safetensors, GGUF), plus a few large
 * model files from 1 MB to several GB, the largest ones sparse (a valid header, then ftruncate).
 *
 * Generation is a tight loop of writeFileSync over buffers built once: text files come from a
 * small pool of templates (with a unique first line), binaries are slices of one random buffer.
 * A marker file records the config; a tree with the same config is reused as is.
 */
import { createHash } from 'node:crypto';
import { closeSync, existsSync, ftruncateSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export const GENERATOR_VERSION = 1;
export const MARKER = '.lantern-bench-corpus.json';

export interface CorpusConfig {
  files: number;
  /** Size of the largest sparse model file in GiB; 0 for none. A 1 GiB sparse file is always made. */
  largeGb: number;
  seed: number;
}

export interface LargeFile {
  path: string;
  bytes: number;
  sparse: boolean;
  format: 'safetensors' | 'gguf';
}

export interface CorpusInfo {
  dir: string;
  config: CorpusConfig;
  reused: boolean;
  ms: number;
  /** Files written (the walk sees fewer: some are .gitignored). */
  files: number;
  /** Logical bytes (sparse files count at their full size). */
  bytes: number;
  byType: Record<string, number>;
  large: LargeFile[];
}

export function configHash(c: CorpusConfig): string {
  return createHash('sha256').update(JSON.stringify({ v: GENERATOR_VERSION, ...c })).digest('hex').slice(0, 12);
}

/** mulberry32: small, fast, good enough for shaping a corpus. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = () => number;
const int = (r: Rand, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;

// ---------------------------------------------------------------------------------------------
// Text templates

const PY_IMPORTS = [
  'import os', 'import sys', 'import json', 'import logging', 'import numpy as np', 'import torch',
  'import torch.nn as nn', 'from transformers import AutoModel, AutoTokenizer', 'from pathlib import Path',
  'from typing import Any, Dict, List, Optional', 'import openai', 'from anthropic import Anthropic',
  'import pandas as pd', 'from dataclasses import dataclass', 'import requests', 'from sklearn.linear_model import LogisticRegression',
];
const TS_IMPORTS = [
  "import { readFileSync } from 'node:fs';", "import path from 'node:path';", "import OpenAI from 'openai';",
  "import Anthropic from '@anthropic-ai/sdk';", "import { z } from 'zod';", "import express from 'express';",
  "import type { Request, Response } from 'express';", "import { pipeline } from '@huggingface/transformers';",
  "import { useState, useEffect } from 'react';", "import { LangChain } from 'langchain';",
];
const WORDS = ['model', 'token', 'batch', 'layer', 'weight', 'config', 'cache', 'request', 'result', 'score', 'index', 'vector', 'prompt', 'embedding', 'loader', 'dataset', 'checkpoint', 'optimizer', 'metric', 'handler'];

function ident(r: Rand): string {
  return `${pick(r, WORDS)}_${pick(r, WORDS)}${int(r, 0, 99)}`;
}
const camel = (s: string): string => s.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());

function pythonSource(r: Rand, target: number): string {
  const out: string[] = ['"""Synthetic module for the Lantern benchmark."""'];
  const n = int(r, 3, 8);
  for (let i = 0; i < n; i++) out.push(pick(r, PY_IMPORTS));
  out.push('', 'logger = logging.getLogger(__name__)', '');
  let len = out.join('\n').length;
  while (len < target) {
    const block = r() < 0.3
      ? [`class ${camel('_' + ident(r))}(nn.Module):`, '    def __init__(self, dim: int = 768) -> None:', '        super().__init__()', `        self.${ident(r)} = nn.Linear(dim, dim)`, '', '    def forward(self, x):', `        return self.${ident(r)}(x) * ${r().toFixed(3)}`, '']
      : [`def ${ident(r)}(${ident(r)}: List[int], ${ident(r)}: Optional[str] = None) -> Dict[str, Any]:`, `    """Compute the ${pick(r, WORDS)} for a ${pick(r, WORDS)}."""`, `    ${ident(r)} = {k: v for k, v in enumerate(range(${int(r, 1, 512)}))}`, `    if len(${ident(r)}) > ${int(r, 1, 64)}:`, `        logger.info("${pick(r, WORDS)} %s", ${ident(r)})`, `    return {"${pick(r, WORDS)}": ${int(r, 0, 9999)}}`, ''];
    const s = block.join('\n');
    out.push(s);
    len += s.length + 1;
  }
  return out.join('\n') + '\n';
}

function typescriptSource(r: Rand, target: number): string {
  const out: string[] = ['// Synthetic module for the Lantern benchmark.'];
  const n = int(r, 2, 7);
  for (let i = 0; i < n; i++) out.push(pick(r, TS_IMPORTS));
  out.push('');
  let len = out.join('\n').length;
  while (len < target) {
    const name = camel(ident(r));
    const block = r() < 0.3
      ? [`export interface ${name[0]?.toUpperCase()}${name.slice(1)} {`, `  ${camel(ident(r))}: string;`, `  ${camel(ident(r))}?: number[];`, '}', '']
      : [`export async function ${name}(${camel(ident(r))}: string, limit = ${int(r, 1, 100)}): Promise<number> {`, `  const ${camel(ident(r))} = [${int(r, 0, 9)}, ${int(r, 0, 9)}, ${int(r, 0, 9)}].map((x) => x * limit);`, `  if (limit > ${int(r, 1, 50)}) throw new Error('${pick(r, WORDS)} out of range');`, `  return ${camel(ident(r))}.length + ${r().toFixed(4)};`, '}', ''];
    const s = block.join('\n');
    out.push(s);
    len += s.length + 1;
  }
  return out.join('\n') + '\n';
}

function jsonConfig(r: Rand): string {
  const o: Record<string, unknown> = {};
  const n = int(r, 4, 30);
  for (let i = 0; i < n; i++) o[ident(r)] = r() < 0.5 ? int(r, 0, 4096) : r() < 0.5 ? pick(r, WORDS) : [r(), r(), r()];
  if (r() < 0.2) Object.assign(o, { architectures: ['BertModel'], model_type: 'bert', hidden_size: 768 });
  return JSON.stringify(o, null, 2) + '\n';
}

function yamlConfig(r: Rand): string {
  const lines = [`name: ${ident(r)}`, `version: ${int(r, 0, 9)}.${int(r, 0, 20)}.${int(r, 0, 99)}`, 'settings:'];
  const n = int(r, 3, 25);
  for (let i = 0; i < n; i++) lines.push(`  ${ident(r)}: ${r() < 0.5 ? int(r, 0, 1000) : pick(r, WORDS)}`);
  return lines.join('\n') + '\n';
}

function notebook(r: Rand): string {
  const cells = Array.from({ length: int(r, 2, 8) }, () =>
    r() < 0.3
      ? { cell_type: 'markdown', metadata: {}, source: [`## ${pick(r, WORDS)} ${pick(r, WORDS)}\n`] }
      : { cell_type: 'code', execution_count: int(r, 1, 40), metadata: {}, outputs: [], source: pythonSource(r, int(r, 200, 1200)).split('\n').map((l) => l + '\n') },
  );
  return JSON.stringify({ cells, metadata: { kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' } }, nbformat: 4, nbformat_minor: 5 }, null, 1) + '\n';
}

function markdown(r: Rand): string {
  const out = [`# ${pick(r, WORDS)} ${pick(r, WORDS)}`, ''];
  const n = int(r, 2, 12);
  for (let i = 0; i < n; i++) {
    out.push(`## ${pick(r, WORDS)}`, '', Array.from({ length: int(r, 10, 60) }, () => pick(r, WORDS)).join(' ') + '.', '');
  }
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------------
// Binary builders (byte by byte; nothing is pickled by a pickler, nothing is ever loaded)

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b;
}
function u64(n: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(BigInt(n));
  return b;
}

/** PROTO p, EMPTY_DICT, MARK, (SHORT_BINUNICODE key, BININT value)*, SETITEMS, STOP. */
export function smallPickle(r: Rand, protocol: number, salt: number): Buffer {
  const parts: Buffer[] = [Buffer.from([0x80, protocol, 0x7d, 0x28])];
  const n = int(r, 2, 12);
  for (let i = 0; i < n; i++) {
    const key = Buffer.from(i === 0 ? `id_${salt}` : ident(r), 'utf8');
    parts.push(Buffer.from([0x8c, key.length]), key, Buffer.from([0x4a]), u32(i === 0 ? salt : int(r, 0, 1e9)));
  }
  parts.push(Buffer.from([0x75, 0x2e]));
  return Buffer.concat(parts);
}

/** The 8-byte length, the JSON header (space-padded to 8), for one U8 tensor of `dataBytes`. */
export function safetensorsHeader(dataBytes: number, salt: number): Buffer {
  let json = JSON.stringify({ __metadata__: { format: 'pt', bench_id: String(salt) }, 'model.weight': { dtype: 'U8', shape: [dataBytes], data_offsets: [0, dataBytes] } });
  json += ' '.repeat((8 - (json.length % 8)) % 8);
  return Buffer.concat([u64(json.length), Buffer.from(json, 'utf8')]);
}

/** A safetensors header whose one tensor ends exactly at `total` bytes. */
export function safetensorsFilling(total: number, salt: number): Buffer {
  let h = safetensorsHeader(0, salt);
  for (let i = 0; i < 4; i++) {
    const next = safetensorsHeader(total - h.length, salt);
    if (next.length === h.length) return next;
    h = next;
  }
  return h;
}

function ggufString(s: string): Buffer {
  const b = Buffer.from(s, 'utf8');
  return Buffer.concat([u64(b.length), b]);
}

/** GGUF v3: magic, version, tensor count, KV count, string KVs, one F32 tensor info, aligned to 32. */
export function ggufHeader(elements: number, salt: number): Buffer {
  const kvs: [string, string][] = [
    ['general.architecture', 'llama'],
    ['general.name', `bench-model-${salt}`],
    ['general.file_type', 'F32'],
  ];
  const parts: Buffer[] = [Buffer.from('GGUF', 'latin1'), u32(3), u64(1), u64(kvs.length)];
  for (const [k, v] of kvs) parts.push(ggufString(k), u32(8), ggufString(v));
  parts.push(ggufString('token_embd.weight'), u32(1), u64(elements), u32(0), u64(0));
  const head = Buffer.concat(parts);
  return Buffer.concat([head, Buffer.alloc((32 - (head.length % 32)) % 32)]);
}

function pngLike(rnd: Buffer, r: Rand): Buffer {
  const sig = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  const off = int(r, 0, rnd.length - 20000);
  return Buffer.concat([sig, rnd.subarray(off, off + int(r, 512, 16384))]);
}

// ---------------------------------------------------------------------------------------------
// The tree

const DIR_NAMES = ['src', 'lib', 'app', 'models', 'utils', 'data', 'scripts', 'notebooks', 'configs', 'docs', 'core', 'api', 'training', 'eval', 'pkg', 'services', 'components', 'tests'];
const MAX_DEPTH = 6;
const PER_DIR = 50;

type Kind = 'py' | 'ts' | 'json' | 'yaml' | 'ipynb' | 'md' | 'png' | 'bin' | 'log' | 'pkl' | 'safetensors' | 'gguf';
/** Share of each kind, in per-mille. `log` files are matched by the .gitignore files. */
const MIX: [Kind, number][] = [
  ['py', 300], ['ts', 250], ['json', 90], ['yaml', 60], ['ipynb', 20], ['md', 90], ['png', 50], ['bin', 40],
  ['log', 40], ['pkl', 25], ['safetensors', 20], ['gguf', 15],
];
const EXT: Record<Kind, string> = { py: '.py', ts: '.ts', json: '.json', yaml: '.yaml', ipynb: '.ipynb', md: '.md', png: '.png', bin: '.bin', log: '.log', pkl: '.pkl', safetensors: '.safetensors', gguf: '.gguf' };

function pickKind(r: Rand): Kind {
  let x = r() * 1000;
  for (const [k, w] of MIX) if ((x -= w) < 0) return k;
  return 'py';
}

export function generateCorpus(dir: string, config: CorpusConfig, log: (s: string) => void = () => {}): CorpusInfo {
  const t0 = performance.now();
  const markerPath = join(dir, MARKER);
  if (existsSync(markerPath)) {
    try {
      const prev = JSON.parse(readFileSync(markerPath, 'utf8')) as CorpusInfo;
      if (JSON.stringify(prev.config) === JSON.stringify(config)) return { ...prev, dir, reused: true, ms: performance.now() - t0 };
    } catch {
      // unreadable marker: regenerate
    }
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const r = prng(config.seed);
  const rnd = Buffer.allocUnsafe(1 << 20);
  for (let i = 0; i < rnd.length; i += 4) rnd.writeUInt32LE(Math.floor(r() * 4294967296), i);
  rnd[0] = 0x00; // keep the pool from starting with a magic

  // Template pools: text files are a template plus a unique first line.
  const pools: Partial<Record<Kind, Buffer[]>> = {
    py: Array.from({ length: 64 }, () => Buffer.from(pythonSource(r, int(r, 1024, 8192)))),
    ts: Array.from({ length: 64 }, () => Buffer.from(typescriptSource(r, int(r, 1024, 8192)))),
    json: Array.from({ length: 32 }, () => Buffer.from(jsonConfig(r))),
    yaml: Array.from({ length: 32 }, () => Buffer.from(yamlConfig(r))),
    ipynb: Array.from({ length: 16 }, () => Buffer.from(notebook(r))),
    md: Array.from({ length: 32 }, () => Buffer.from(markdown(r))),
    log: [Buffer.from('INFO start\nWARN slow batch\nINFO done\n')],
  };
  const firstLine: Partial<Record<Kind, (i: number) => string>> = {
    py: (i) => `# bench file ${i}\n`, ts: (i) => `// bench file ${i}\n`, yaml: (i) => `# bench file ${i}\n`, md: (i) => `<!-- bench file ${i} -->\n`, log: (i) => `bench ${i}\n`,
  };

  // Folders: each new folder hangs under a random existing folder that is not yet at MAX_DEPTH.
  const nDirs = Math.max(1, Math.ceil(config.files / PER_DIR));
  const dirs: { rel: string; depth: number }[] = [{ rel: '', depth: 0 }];
  while (dirs.length < nDirs) {
    const parent = dirs[Math.floor(r() * dirs.length)] as { rel: string; depth: number };
    if (parent.depth >= MAX_DEPTH) continue;
    const rel = (parent.rel ? parent.rel + '/' : '') + `${pick(r, DIR_NAMES)}_${dirs.length}`;
    dirs.push({ rel, depth: parent.depth + 1 });
  }
  for (const d of dirs) mkdirSync(join(dir, d.rel), { recursive: true });

  const byType: Record<string, number> = {};
  let bytes = 0;
  let written = 0;
  const put = (rel: string, data: Buffer | string, kind: string) => {
    writeFileSync(join(dir, rel), data);
    byType[kind] = (byType[kind] ?? 0) + 1;
    bytes += typeof data === 'string' ? Buffer.byteLength(data) : data.length;
    written++;
  };

  // A few .gitignore files (root and ~1 in 100 folders); they match the .log files and nothing else we write.
  put('.gitignore', '*.log\n__pycache__/\n.cache/\n', 'gitignore');
  for (let d = 1; d < dirs.length; d += 100) put(join((dirs[d] as { rel: string }).rel, '.gitignore'), '*.log\nbuild/\n*.tmp\n', 'gitignore');

  const small = config.files;
  for (let i = 0; written < small; i++) {
    const folder = (dirs[Math.min(dirs.length - 1, Math.floor(i / PER_DIR))] as { rel: string }).rel;
    const kind = pickKind(r);
    const rel = (folder ? folder + '/' : '') + `${pick(r, WORDS)}_${i}${EXT[kind]}`;
    const pool = pools[kind];
    let data: Buffer;
    if (pool) {
      const body = pick(r, pool);
      const fl = firstLine[kind];
      data = fl ? Buffer.concat([Buffer.from(fl(i)), body]) : body;
    } else if (kind === 'png') {
      data = pngLike(rnd, r);
    } else if (kind === 'bin') {
      const off = int(r, 1, rnd.length - 20000);
      data = Buffer.concat([Buffer.from([0x00, 0x01]), rnd.subarray(off, off + int(r, 256, 16384))]);
    } else if (kind === 'pkl') {
      data = smallPickle(r, int(r, 2, 5), i);
    } else if (kind === 'safetensors') {
      const n = int(r, 64, 8192);
      const off = int(r, 0, rnd.length - 10000);
      data = Buffer.concat([safetensorsHeader(n, i), rnd.subarray(off, off + n)]);
    } else {
      const n = int(r, 16, 2048);
      const off = int(r, 0, rnd.length - 10000);
      data = Buffer.concat([ggufHeader(n, i), rnd.subarray(off, off + n * 4)]);
    }
    put(rel, data, kind);
    if (written % 20000 === 0) log(`  corpus: ${written} files`);
  }

  // Large model files: written normally up to 512 MiB, sparse from 1 GiB.
  mkdirSync(join(dir, 'large-models'), { recursive: true });
  const MiB = 1 << 20;
  const GiB = 1 << 30;
  const specs: Omit<LargeFile, 'path'>[] = [
    { bytes: MiB, sparse: false, format: 'safetensors' },
    { bytes: 64 * MiB, sparse: false, format: 'gguf' },
    { bytes: 512 * MiB, sparse: false, format: 'safetensors' },
    { bytes: GiB, sparse: true, format: 'gguf' },
  ];
  if (config.largeGb > 0) specs.push({ bytes: config.largeGb * GiB, sparse: true, format: 'safetensors' });
  const large: LargeFile[] = [];
  for (const [k, s] of specs.entries()) {
    const label = s.bytes >= GiB ? `${s.bytes / GiB}gb` : `${s.bytes / MiB}mb`;
    const rel = `large-models/${s.sparse ? 'sparse' : 'model'}-${label}.${s.format}`;
    const header = s.format === 'safetensors' ? safetensorsFilling(s.bytes, k) : ggufHeader(Math.floor((s.bytes - 4096) / 4), k);
    writeLarge(join(dir, rel), header, s.bytes, s.sparse, rnd);
    large.push({ path: rel, ...s });
    byType[`large-${s.format}`] = (byType[`large-${s.format}`] ?? 0) + 1;
    bytes += s.bytes;
    written++;
    log(`  corpus: ${rel}`);
  }

  const info: CorpusInfo = { dir, config, reused: false, ms: performance.now() - t0, files: written, bytes, byType, large };
  writeFileSync(markerPath, JSON.stringify(info, null, 2));
  return info;
}

function writeLarge(path: string, header: Buffer, size: number, sparse: boolean, rnd: Buffer): void {
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, header);
    if (!sparse) {
      let pos = header.length;
      while (pos < size) pos += writeSync(fd, rnd, 0, Math.min(rnd.length, size - pos), pos);
    }
    ftruncateSync(fd, size);
  } finally {
    closeSync(fd);
  }
}
