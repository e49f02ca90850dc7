/** Output writers by format name. */
import type { OutputFormat } from '../config/config.js';
import type { ScanResult } from '../scan/scan.js';
import { toCycloneDxJson, toCycloneDxXml, type SpecVersion } from './cyclonedx.js';
import { toJson } from './json.js';
import { toSarif } from './sarif.js';
import { toTable } from './table.js';

export interface WriteOptions {
  specVersion?: SpecVersion;
  verbose?: boolean;
  env?: NodeJS.ProcessEnv;
}

export const DEFAULT_FILE_NAMES: Record<OutputFormat, string> = {
  table: 'lantern.txt',
  json: 'lantern.json',
  sarif: 'lantern.sarif',
  'cyclonedx-json': 'lantern.cdx.json',
  'cyclonedx-xml': 'lantern.cdx.xml',
};

export function render(result: ScanResult, format: OutputFormat, opts: WriteOptions = {}): string {
  switch (format) {
    case 'table':
      return toTable(result, opts);
    case 'json':
      return toJson(result);
    case 'sarif':
      return toSarif(result);
    case 'cyclonedx-json':
      return toCycloneDxJson(result, opts.specVersion ?? '1.6', opts.env);
    case 'cyclonedx-xml':
      return toCycloneDxXml(result, opts.specVersion ?? '1.6', opts.env);
  }
}
