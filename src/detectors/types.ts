/**
 * The detector contract. A detector is a small object: an id, the sniffed kinds it reads, and a
 * `detect` that returns an Observation. It does no I/O beyond the file it is handed (through the
 * bounded reads of its context), keeps no state between files and reports only by returning.
 */
import type { SecretAllow } from '../config/config.js';
import type { DenoImportMaps } from '../lang/deno-import-map.js';
import type { DependencyAliases } from '../lang/dependency-aliases.js';
import type { ByteSource } from '../formats/source.js';
import type { RuleSet } from '../rules/load.js';
import type { Sniffed } from '../sniff/kinds.js';
import type { Observation } from '../types.js';
import type { FileRef } from '../walk/walk.js';

export interface DetectContext {
  file: FileRef;
  sniffed: Sniffed;
  /** Bounded random-access reads of the file. */
  src: ByteSource;
  /**
   * The first bytes of the file (what sniff saw). A per-thread buffer reused for the next file:
   * valid only while this file is analyzed; copy anything that must outlive it.
   */
  head: Uint8Array;
  /** SHA-256 of the whole file, streamed once and cached. */
  sha256(): string;
  /** The file as text, capped at the configured size; undefined for binary files. */
  text(): string | undefined;
  rules: RuleSet;
  /** Facts handed to tree detectors (must be plain, serializable data). */
  facts: Record<string, unknown>;
  /** Config `secrets.allow` entries (for the secrets detector). */
  secretAllow?: SecretAllow[];
  /** The tree's Deno import maps (read before the analysis): a JS/TS file's bare imports resolve through those that govern it. */
  denoImportMaps?: DenoImportMaps;
  /** The tree's dependency aliases (renamed Cargo dependencies, npm aliases; read before the analysis). */
  dependencyAliases?: DependencyAliases;
}

export interface Detector {
  id: string;
  /** Part of the Shadow-AI inventory: skipped when it is switched off (--no-shadow-ai). */
  shadowAi?: boolean;
  /** Whether this detector reads files sniffed like this. */
  accepts(sniffed: Sniffed, file: FileRef): boolean;
  detect(ctx: DetectContext): Observation | Promise<Observation>;
}

/** The per-file result handed from the workers to the inventory stage. */
export interface FileAnalysis {
  file: FileRef;
  sniffed: Sniffed;
  observation: Observation;
  facts: Record<string, unknown>;
  /** Milliseconds spent (for the bench and --verbose). */
  ms: number;
}
