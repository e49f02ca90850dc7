/**
 * Lantern's library API: `scan(options) → ScanResult` and the writers. The CLI, the GitHub Action
 * and the org sweep call these; none of them re-implements a stage.
 */
export { scan, ScanError, type ScanOptions, type ScanResult, type ScanStats } from './scan/scan.js';
export { render, DEFAULT_FILE_NAMES, type WriteOptions } from './report/index.js';
export { toCycloneDxJson, buildBom, type SpecVersion } from './report/cyclonedx.js';
export { toCycloneDxXml } from './report/cyclonedx-xml.js';
export { toSarif } from './report/sarif.js';
export { toJson } from './report/json.js';
export { toTable } from './report/table.js';
export { loadRules, type Rule, type RuleSet } from './rules/load.js';
export { findingsAtOrOver } from './policy/overrides.js';
export type { Component, Finding, Location, ScanWarning, Severity, Observation } from './types.js';
export type { Detector, DetectContext } from './detectors/types.js';
