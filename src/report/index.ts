/**
 * Output writers by format name. Each writer is imported only when its format is asked for:
 * the CycloneDX library alone costs more start-up time than a small scan.
 */
import type { OutputFormat } from '../config/config.js';
import type { ScanResult } from '../scan/scan.js';
import type { SpecVersion } from './cyclonedx.js';

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

/**
 * Writes one format through `write`: JSON and CycloneDX JSON in pieces (the largest outputs), the
 * others as one string.
 */
export async function renderTo(result: ScanResult, format: OutputFormat, write: (chunk: string) => void, opts: WriteOptions = {}): Promise<void> {
  if (format === 'json') return (await import('./json.js')).writeJsonOut(result, write);
  if (format === 'cyclonedx-json') return (await import('./cyclonedx.js')).writeCycloneDxJson(result, write, opts.specVersion ?? '1.6', opts.env);
  write(await render(result, format, opts));
}

export async function render(result: ScanResult, format: OutputFormat, opts: WriteOptions = {}): Promise<string> {
  switch (format) {
    case 'table':
      return (await import('./table.js')).toTable(result, opts);
    case 'json':
      return (await import('./json.js')).toJson(result);
    case 'sarif':
      return (await import('./sarif.js')).toSarif(result);
    case 'cyclonedx-json':
      return (await import('./cyclonedx.js')).toCycloneDxJson(result, opts.specVersion ?? '1.6', opts.env);
    case 'cyclonedx-xml':
      return (await import('./cyclonedx-xml.js')).toCycloneDxXml(result, opts.specVersion ?? '1.6', opts.env);
  }
}
