/**
 * Schema validation of Lantern's outputs against the official schemas: CycloneDX JSON (ajv,
 * draft-07), SARIF (ajv, draft-04) and CycloneDX XML (xmllint against the XSD). Also a small
 * CLI used by .ci/run: `node build/test/support/validate.js --schemas DIR --bom F [--xml F] [--sarif F]`.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import AjvDraft04Module from 'ajv-draft-04';
import { createRequire } from 'node:module';

// CommonJS packages: their default export arrives wrapped under ESM.
type Plugin = (ajv: Ajv) => Ajv;
const unwrap = <T>(m: unknown): T => ((m as { default?: T }).default ?? (m as T));
const addFormats = unwrap<Plugin>(addFormatsModule);
const addFormats2019 = createRequire(import.meta.url)('ajv-formats-draft2019') as Plugin;
const AjvDraft04 = unwrap<typeof Ajv>(AjvDraft04Module);

export const SCHEMA_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../../test/schemas');

const cache = new Map<string, ValidateFunction>();

function readJson(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
}

function bomValidator(version: '1.6' | '1.7', dir: string): ValidateFunction {
  const key = `bom-${version}@${dir}`;
  let v = cache.get(key);
  if (!v) {
    const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
    addFormats(ajv);
    addFormats2019(ajv);
    ajv.addSchema(readJson(join(dir, 'spdx.schema.json')));
    ajv.addSchema(readJson(join(dir, 'jsf-0.82.schema.json')));
    if (version === '1.7') ajv.addSchema(readJson(join(dir, 'cryptography-defs.schema.json')));
    v = ajv.compile(readJson(join(dir, `bom-${version}.schema.json`)));
    cache.set(key, v);
  }
  return v as ValidateFunction;
}

function sarifValidator(dir: string): ValidateFunction {
  const key = `sarif@${dir}`;
  let v = cache.get(key);
  if (!v) {
    const ajv = new AjvDraft04({ strict: false, allErrors: true });
    addFormats(ajv);
    v = ajv.compile(readJson(join(dir, 'sarif-schema-2.1.0.json')));
    cache.set(key, v);
  }
  return v as ValidateFunction;
}

function explain(v: ValidateFunction): string {
  return (v.errors ?? []).slice(0, 5).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`).join('\n');
}

/** Returns undefined when valid, or the first errors. */
export function bomJsonErrors(doc: unknown, version: '1.6' | '1.7' = '1.6', dir = SCHEMA_DIR): string | undefined {
  const v = bomValidator(version, dir);
  return v(doc) ? undefined : explain(v);
}

export function sarifErrors(doc: unknown, dir = SCHEMA_DIR): string | undefined {
  const v = sarifValidator(dir);
  return v(doc) ? undefined : explain(v);
}

/**
 * Validates CycloneDX XML with xmllint. The XSD imports the SPDX XSD by URL; a temporary copy
 * points the import at the local file so no network is needed.
 */
export function bomXmlErrors(xml: string, version: '1.6' | '1.7' = '1.6', dir = SCHEMA_DIR): string | undefined {
  const tmp = mkdtempSync(join(tmpdir(), 'lantern-xsd-'));
  try {
    const xsd = readFileSync(join(dir, `bom-${version}.xsd`), 'utf8').replace('schemaLocation="http://cyclonedx.org/schema/spdx"', 'schemaLocation="spdx.xsd"');
    writeFileSync(join(tmp, 'bom.xsd'), xsd);
    copyFileSync(join(dir, 'spdx.xsd'), join(tmp, 'spdx.xsd'));
    writeFileSync(join(tmp, 'bom.xml'), xml);
    try {
      execFileSync('xmllint', ['--noout', '--nonet', '--schema', join(tmp, 'bom.xsd'), join(tmp, 'bom.xml')], { stdio: 'pipe' });
      return undefined;
    } catch (e) {
      const err = e as { code?: string; stderr?: Buffer };
      if (err.code === 'ENOENT') throw new Error('xmllint is not installed (Debian: apt-get install libxml2-utils); it is needed to validate CycloneDX XML');
      return err.stderr?.toString().split('\n').slice(0, 5).join('\n') ?? String(e);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

function cli(argv: string[]): number {
  const arg = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const dir = arg('--schemas') ?? SCHEMA_DIR;
  const version = (arg('--spec') ?? '1.6') as '1.6' | '1.7';
  let failed = 0;
  const check = (label: string, err: string | undefined) => {
    console.log(`${err ? 'INVALID' : 'valid'}: ${label}`);
    if (err) {
      console.log(err);
      failed++;
    }
  };
  const bom = arg('--bom');
  if (bom) check(`${bom} against ${join(dir, `bom-${version}.schema.json`)}`, bomJsonErrors(readJson(bom), version, dir));
  const xml = arg('--xml');
  if (xml) check(`${xml} against ${join(dir, `bom-${version}.xsd`)}`, bomXmlErrors(readFileSync(xml, 'utf8'), version, dir));
  const sarif = arg('--sarif');
  if (sarif) check(`${sarif} against ${join(dir, 'sarif-schema-2.1.0.json')}`, sarifErrors(readJson(sarif), dir));
  return failed ? 1 : 0;
}

if (process.argv[1] && /validate\.js$/.test(process.argv[1])) process.exitCode = cli(process.argv.slice(2));
