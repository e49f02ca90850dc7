/** Views of a scan's Shadow-AI inventory that the inventory tests compare against. */
import type { ScanResult } from '../../src/scan/scan.js';

/** The library components. */
export const libs = (r: ScanResult) => r.components.filter((c) => c.kind === 'library');

/** Each library as `name: path:line …` of its evidence, sorted. */
export const inventory = (r: ScanResult) => libs(r).map((c) => `${c.name}: ${c.evidence.map((e) => `${e.path}:${e.line}`).join(' ')}`).sort();

/** Where the `sdk/undeclared-dependency` findings are, as `path:line`, sorted. */
export const undeclared = (r: ScanResult) => r.findings.filter((f) => f.ruleId === 'sdk/undeclared-dependency').map((f) => `${f.location.path}:${f.location.line}`).sort();
