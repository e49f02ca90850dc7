/**
 * Core types shared by every stage of the pipeline (see docs/architecture.md).
 * Stages exchange plain data: nothing here holds a file handle or a callback.
 */

export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';

/** Severities from least to most severe; the index is the rank. */
export const SEVERITIES: readonly Severity[] = ['info', 'low', 'medium', 'high', 'critical'];

export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

export function isSeverity(s: unknown): s is Severity {
  return typeof s === 'string' && (SEVERITIES as readonly string[]).includes(s);
}

/** A place in the scanned tree. `path` is relative to the scan root, POSIX separators. */
export interface Location {
  path: string;
  line?: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
  /** Byte offset inside a binary file, when the finding is about bytes rather than lines. */
  offset?: number;
  /** Notebook cell (0-based); `line` and `column` are then the place inside the cell. */
  cell?: number;
  /**
   * With `cell`: where that place sits in the .ipynb file itself (src/lang/notebook.ts
   * notebookRawPositions), when it could be found. A finding reports this line (SARIF regions and
   * code review count the file's lines), with the cell and its line as properties.
   */
  fileLine?: number;
  fileColumn?: number;
}

export type ComponentKind = 'model' | 'library' | 'service' | 'dataset' | 'agent' | 'mcp-server' | 'container';

export interface Hash {
  alg: 'SHA-256';
  value: string;
}

/** Model-card facts read from a header; mapped to CycloneDX `modelCard.modelParameters`. */
export interface ModelCardFacts {
  architectureFamily?: string;
  modelArchitecture?: string;
  task?: string;
  inputs?: string[];
  outputs?: string[];
}

/** One AI thing, however many places it was seen. */
export interface Component {
  /** Stable bom-ref: derived from purl or content hash, never random or counter-based. */
  ref: string;
  kind: ComponentKind;
  name: string;
  version?: string;
  purl?: string;
  hashes?: Hash[];
  /** `cdx:ai-ml:*` where the CycloneDX taxonomy has a name, `lantern:*` otherwise. */
  properties: Record<string, string>;
  modelCard?: ModelCardFacts;
  /** Every occurrence. */
  evidence: Location[];
}

export interface Finding {
  /** `family/kebab-name`, defined in rules/<family>.yaml. */
  ruleId: string;
  severity: Severity;
  message: string;
  location: Location;
  componentRef?: string;
  /** Stable when lines shift: rule + path + normalized matched content. */
  fingerprint: string;
  /** Extra facts (masked previews, offending names); never raw secrets. */
  properties?: Record<string, string>;
  /** For an advisory match: the advisory's facts (the reports map them to CycloneDX and SARIF). */
  advisory?: FindingAdvisory;
}

/** What an advisory match carries into the reports. */
export interface FindingAdvisory {
  id: string;
  aliases: string[];
  source: { name: string; url?: string };
  summary?: string;
  cvss?: { vector: string; version: string };
  /** The advisory's own qualitative severity (GHSA: LOW, MODERATE, HIGH, CRITICAL). */
  severityLabel?: string;
  cwes: number[];
  /** The smallest version that fixes it for this component, when one is known. */
  fixed?: string;
  /** How the version matched, in words ('torch 2.4.0 is in [0, 2.6.0)'). */
  why: string;
  confidence: 'exact' | 'range';
  references: string[];
}

/** A file Lantern could not fully read or parse. The scan goes on. */
export interface ScanWarning {
  /** Short machine-readable code, e.g. `file/unreadable`, `model/truncated`. */
  code: string;
  path: string;
  message: string;
}

/** What a detector returns for one file. */
export interface Observation {
  components: Component[];
  findings: Finding[];
  warnings: ScanWarning[];
}

/**
 * An AI library that calls its provider's remote API: an llm-api package, or a framework
 * integration whose `lantern:client` is `api` (langchain-openai). Importing it makes the provider's
 * service, and in the BOM it depends on that service. `lantern:client` decides when it is set: an
 * llm-api tokenizer (tiktoken, `none`) calls no API.
 */
export function isApiClient(c: Component): boolean {
  if (c.kind !== 'library') return false;
  const client = c.properties['lantern:client'];
  return client !== undefined ? client === 'api' : c.properties['lantern:category'] === 'llm-api';
}

export function emptyObservation(): Observation {
  return { components: [], findings: [], warnings: [] };
}
