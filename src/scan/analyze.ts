/**
 * Per-file analysis: open, read the head, sniff, run the detectors that accept the file. Anything
 * that goes wrong with one file becomes a warning with its path; the scan goes on.
 */
import { join } from 'node:path';
import { DETECTORS } from '../detectors/index.js';
import type { DetectContext, FileAnalysis } from '../detectors/types.js';
import type { SecretAllow } from '../config/config.js';
import type { DenoImportMaps } from '../lang/deno-import-map.js';
import type { DependencyAliases } from '../lang/dependency-aliases.js';
import { FileSource } from '../formats/source.js';
import type { RuleSet } from '../rules/load.js';
import { HEAD_BYTES, sniff } from '../sniff/sniff.js';
import { NOTEBOOK_TEXT_FACTOR } from '../lang/limits.js';
import type { Sniffed } from '../sniff/kinds.js';
import { emptyObservation, type Observation } from '../types.js';
import { sha256File, sha256Hex } from '../util/hash.js';
import { decodeText } from '../util/text.js';
import type { FileRef } from '../walk/walk.js';

export interface AnalyzeOptions {
  root: string;
  /** Text files are read up to this many bytes; the rest is not scanned (with a warning). */
  maxTextBytes: number;
  /** Run the Shadow-AI detectors (SDKs, services, MCP configs); on unless false. */
  shadowAi?: boolean;
  /** Config `secrets.allow` entries. */
  secretAllow?: SecretAllow[];
  /** The tree's Deno import maps (readDenoImportMaps), handed to the detectors. */
  denoImportMaps?: DenoImportMaps;
  /** The tree's dependency aliases (readDependencyAliases), handed to the detectors. */
  dependencyAliases?: DependencyAliases;
}

export const DEFAULT_MAX_TEXT_BYTES = 8 * 1024 * 1024;

/**
 * One head buffer per thread, reused file after file: a fresh 1–64 KiB buffer per file was a
 * large share of the allocation (and of the garbage collector's work) on trees of small files.
 * So `ctx.head` is valid only while the file is analyzed: nothing a detector returns or keeps may
 * hold it (or a view of it); copy what must outlive the file. A second analysis running at the
 * same time (analyzeFile awaited concurrently) gets a buffer of its own.
 */
let sharedHead: Buffer | undefined;
let sharedHeadBusy = false;
/**
 * Text files longer than the head are read into one growing per-thread buffer too (decoded to a
 * string at once, so it is free again right away): a fresh Buffer per file meant 100 MB of
 * off-heap allocations for 100 MB of text, and the collector's work to match.
 */
let sharedText: Buffer | undefined;

export async function analyzeFile(file: FileRef, opts: AnalyzeOptions, rules: RuleSet): Promise<FileAnalysis> {
  const t0 = performance.now();
  const observation = emptyObservation();
  const facts: Record<string, unknown> = {};
  const ioPath = file.rawPath ? Buffer.from(file.rawPath) : join(opts.root, file.path);
  let src: FileSource;
  try {
    src = FileSource.open(ioPath as string);
  } catch (e) {
    observation.warnings.push({ code: 'file/unreadable', path: file.path, message: `cannot open: ${errText(e)}` });
    return { file, sniffed: { kind: 'binary' }, observation, facts, ms: performance.now() - t0 };
  }
  let sniffed: Sniffed = { kind: 'binary' };
  const shared = !sharedHeadBusy;
  if (shared) sharedHeadBusy = true;
  try {
    const head = shared ? src.readInto(0, (sharedHead ??= Buffer.allocUnsafe(HEAD_BYTES))) : src.readAt(0, HEAD_BYTES);
    try {
      sniffed = await sniff({ path: file.path, src, head });
    } catch (e) {
      observation.warnings.push({ code: 'sniff/error', path: file.path, message: `could not identify the file: ${errText(e)}` });
    }
    let sha: string | undefined;
    let text: string | null | undefined = null;
    const ctx: DetectContext = {
      file,
      sniffed,
      src,
      head,
      rules,
      facts,
      ...(opts.secretAllow?.length ? { secretAllow: opts.secretAllow } : {}),
      ...(opts.denoImportMaps !== undefined ? { denoImportMaps: opts.denoImportMaps } : {}),
      ...(opts.dependencyAliases !== undefined ? { dependencyAliases: opts.dependencyAliases } : {}),
      // A file no longer than its head is hashed from the bytes already read.
      sha256: () => (sha ??= file.size === head.length ? sha256Hex(head) : sha256File(ioPath as string)),
      text: () => {
        if (text !== null) return text;
        if (sniffed.kind !== 'text') return (text = undefined);
        // A notebook may be NOTEBOOK_TEXT_FACTOR times the text limit: it is read whole or not at all.
        const limit = sniffed.lang === 'notebook' ? opts.maxTextBytes * NOTEBOOK_TEXT_FACTOR : opts.maxTextBytes;
        if (file.size > limit) {
          observation.warnings.push({ code: 'file/too-large', path: file.path, message: `only the first ${limit} bytes of ${file.size} are scanned` });
        }
        const want = Math.min(file.size, limit);
        let bytes: Uint8Array;
        if (file.size <= head.length) bytes = head;
        else if (shared) {
          if (!sharedText || sharedText.length < want) sharedText = Buffer.allocUnsafe(Math.max(want, (sharedText?.length ?? 0) * 2, 256 * 1024));
          bytes = src.readInto(0, sharedText.subarray(0, want));
        } else bytes = src.readAt(0, want);
        text = decodeText(bytes, sniffed.encoding);
        return text;
      },
    };
    for (const d of DETECTORS) {
      if (d.shadowAi && opts.shadowAi === false) continue;
      if (!d.accepts(sniffed, file)) continue;
      try {
        merge(observation, await d.detect(ctx));
      } catch (e) {
        observation.warnings.push({ code: 'detector/error', path: file.path, message: `${d.id}: ${errText(e)}` });
      }
    }
  } catch (e) {
    observation.warnings.push({ code: 'file/unreadable', path: file.path, message: `read failed: ${errText(e)}` });
  } finally {
    if (shared) sharedHeadBusy = false;
    src.close();
  }
  return { file, sniffed, observation, facts, ms: performance.now() - t0 };
}

function merge(into: Observation, o: Observation): void {
  into.components.push(...o.components);
  into.findings.push(...o.findings);
  into.warnings.push(...o.warnings);
}

export function errText(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err?.code) return `${err.code}${err.message ? ` (${err.message.replace(/^[A-Z]+: /, '').split(',')[0]})` : ''}`;
  return err?.message ?? String(e);
}

/** Whether an analysis carries anything the later stages need (most source files do not). */
export function isInteresting(a: FileAnalysis): boolean {
  const o = a.observation;
  return o.components.length > 0 || o.findings.length > 0 || o.warnings.length > 0 || Object.keys(a.facts).length > 0 || a.sniffed.kind === 'model';
}
