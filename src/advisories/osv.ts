/**
 * The OSV record shape (https://ossf.github.io/osv-schema/), the one internal advisory format:
 * GHSA, PYSEC and MAL files are OSV already; GitHub's REST shape is converted into it on import.
 * Only the fields Lantern reads are typed; the raw record is kept whole in the store.
 */
import { swiftPackageId } from '../lang/swift-package.js';

export interface OsvEvent {
  introduced?: string;
  fixed?: string;
  last_affected?: string;
  limit?: string;
}

export interface OsvRange {
  type: 'ECOSYSTEM' | 'SEMVER' | 'GIT' | string;
  repo?: string;
  events: OsvEvent[];
  database_specific?: Record<string, unknown>;
}

export interface OsvPackage {
  /** OSV spelling: 'PyPI', 'npm', 'Go', 'Maven', 'crates.io', 'NuGet', 'RubyGems', 'Packagist', 'Pub', 'SwiftURL'; Lantern's own 'HuggingFace' for hub models. */
  ecosystem: string;
  name: string;
  purl?: string;
}

export interface OsvAffected {
  package?: OsvPackage;
  ranges?: OsvRange[];
  versions?: string[];
  ecosystem_specific?: Record<string, unknown>;
  database_specific?: Record<string, unknown>;
}

export interface OsvSeverity {
  type: 'CVSS_V2' | 'CVSS_V3' | 'CVSS_V4' | 'Ubuntu' | string;
  score: string;
}

export interface OsvReference {
  type: string;
  url: string;
}

export interface OsvRecord {
  schema_version?: string;
  id: string;
  modified: string;
  published?: string;
  withdrawn?: string;
  aliases?: string[];
  related?: string[];
  summary?: string;
  details?: string;
  severity?: OsvSeverity[];
  affected?: OsvAffected[];
  references?: OsvReference[];
  credits?: unknown[];
  database_specific?: Record<string, unknown>;
}

/** The ecosystem Lantern uses for Hugging Face hub models in its own model-advisory feed. */
export const HF_ECOSYSTEM = 'HuggingFace';

/**
 * The one name normalization, used by the importers and the scanner alike: PEP 503 for PyPI
 * (lowercase, runs of `-_.` folded to `-`), lowercase for Hugging Face repo ids, crates, NuGet ids and
 * Packagist `vendor/package` names; SwiftURL names as repository identities (`https://github.com/a/b.git`,
 * as some GHSA records write them, and `github.com/a/b` are one: src/lang/swift-package.ts), lower-cased,
 * unchanged otherwise (npm names are case-sensitive and scoped; Maven is `group:artifact`; Go is
 * the module path).
 */
export function normalizePackageName(ecosystem: string, name: string): string {
  const n = name.trim();
  switch (ecosystem) {
    case 'PyPI':
      return n.toLowerCase().replace(/[-_.]+/g, '-');
    case HF_ECOSYSTEM:
    case 'crates.io':
    case 'NuGet':
    case 'Packagist':
      return n.toLowerCase();
    case 'SwiftURL':
      return (swiftPackageId(n) || n).toLowerCase();
    default:
      return n;
  }
}
