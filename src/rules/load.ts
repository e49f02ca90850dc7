/**
 * Rules are data: rules/<family>.yaml holds each rule's metadata and the family's catalogs.
 * This module loads every file once, validates it against one schema (a rules file that does not
 * validate is a start-up error naming the file and the field) and hands out typed views.
 *
 * Parsing and validating the YAML costs about 0.15 s, paid by the CLI and by every worker thread.
 * The build therefore compiles the validated rules to build/rules.json with the SHA-256 of each
 * source file; at start-up that file is used only when the hashes still match the YAML on disk,
 * so an edited rules file is always parsed and validated again.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Ajv as AjvType } from 'ajv';
import type { parse as ParseYaml } from 'yaml';
import type { Severity } from '../types.js';
import { RULES_FILE_SCHEMA, CATALOG_SCHEMAS } from './schema.js';
import { packageRoot } from '../util/package-root.js';

export interface Rule {
  id: string;
  family: string;
  title: string;
  severity: Severity;
  cwe: number[];
  description: string;
  help: string;
  references: string[];
}

export interface ModelFormatEntry {
  id: string;
  title: string;
  pickleBased: boolean;
  extensions: string[];
  detect: string;
}

export interface RuleSet {
  rules: Map<string, Rule>;
  /** Raw, validated catalogs per family; use the typed accessors below. */
  catalogs: Map<string, Record<string, unknown>>;
  /** Where the rules were read from (for messages). */
  dir: string;
}

export class RulesError extends Error {}

let cached: RuleSet | undefined;

/** Loads and validates rules/*.yaml (once per process). */
export function loadRules(dir = join(packageRoot(), 'rules')): RuleSet {
  if (cached && cached.dir === dir) return cached;
  const files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();
  const sources = files.map((f) => [f, readFileSync(join(dir, f), 'utf8')] as const);
  const digest = rulesDigest(sources);
  const compiled = readCompiled(dir, digest);
  if (compiled) return (cached = compiled);
  return (cached = parseAndValidate(dir, sources));
}

/** SHA-256 over the names and contents of the rules files. */
function rulesDigest(sources: readonly (readonly [string, string])[]): string {
  const h = createHash('sha256');
  for (const [f, text] of sources) h.update(`${f}\u0000${text}\u0000`);
  return h.digest('hex');
}

interface CompiledRules {
  digest: string;
  rules: [string, Rule][];
  catalogs: [string, Record<string, unknown>][];
}

const compiledPath = (): string => join(packageRoot(), 'build', 'rules.json');

function readCompiled(dir: string, digest: string): RuleSet | undefined {
  if (dir !== join(packageRoot(), 'rules')) return undefined;
  try {
    const c = JSON.parse(readFileSync(compiledPath(), 'utf8')) as CompiledRules;
    if (c.digest !== digest) return undefined;
    return { rules: new Map(c.rules), catalogs: new Map(c.catalogs), dir };
  } catch {
    return undefined;
  }
}

/** Validates rules/ and writes build/rules.json (run by `npm run build`). */
export function compileRules(): string {
  const dir = join(packageRoot(), 'rules');
  const sources = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort().map((f) => [f, readFileSync(join(dir, f), 'utf8')] as const);
  const set = parseAndValidate(dir, sources);
  const out: CompiledRules = { digest: rulesDigest(sources), rules: [...set.rules], catalogs: [...set.catalogs] };
  writeFileSync(compiledPath(), JSON.stringify(out));
  return compiledPath();
}

const requireCjs = createRequire(import.meta.url);

function parseAndValidate(dir: string, sources: readonly (readonly [string, string])[]): RuleSet {
  // Loaded only on this path: a compiled, matching build/rules.json needs neither.
  const { Ajv } = requireCjs('ajv') as { Ajv: typeof AjvType };
  const parseYaml = (requireCjs('yaml') as { parse: typeof ParseYaml }).parse;
  const ajv = new Ajv({ allErrors: true, strict: true });
  const validateFile = ajv.compile(RULES_FILE_SCHEMA);
  const rules = new Map<string, Rule>();
  const catalogs = new Map<string, Record<string, unknown>>();
  for (const [f, text] of sources) {
    const where = join('rules', f);
    let doc: unknown;
    try {
      doc = parseYaml(text);
    } catch (e) {
      throw new RulesError(`${where}: not valid YAML: ${(e as Error).message}`);
    }
    if (!validateFile(doc)) {
      const err = validateFile.errors?.[0];
      throw new RulesError(`${where}: ${err?.instancePath || '/'} ${err?.message ?? 'is invalid'}`);
    }
    const file = doc as { family: string; rules: Omit<Rule, 'family'>[]; catalogs?: Record<string, unknown> };
    if (f !== `${file.family}.yaml`) throw new RulesError(`${where}: family '${file.family}' must live in rules/${file.family}.yaml`);
    for (const r of file.rules) {
      if (!r.id.startsWith(`${file.family}/`)) throw new RulesError(`${where}: rule ${r.id} is not in family ${file.family}`);
      if (rules.has(r.id)) throw new RulesError(`${where}: duplicate rule id ${r.id}`);
      rules.set(r.id, { ...r, family: file.family, cwe: r.cwe ?? [] });
    }
    const catalogSchema = CATALOG_SCHEMAS[file.family];
    if (file.catalogs) {
      if (!catalogSchema) throw new RulesError(`${where}: family ${file.family} has no catalog schema`);
      const validateCatalog = ajv.compile(catalogSchema);
      if (!validateCatalog(file.catalogs)) {
        const err = validateCatalog.errors?.[0];
        throw new RulesError(`${where}: catalogs${err?.instancePath ?? ''} ${err?.message ?? 'is invalid'}`);
      }
      catalogs.set(file.family, file.catalogs);
    }
  }
  return { rules, catalogs, dir };
}

/** A rule by id; a missing id is a programming error in a detector, so it throws. */
export function rule(id: string, set: RuleSet = loadRules()): Rule {
  const r = set.rules.get(id);
  if (!r) throw new RulesError(`unknown rule id ${id}`);
  return r;
}

export function modelFormats(set: RuleSet = loadRules()): ModelFormatEntry[] {
  return (set.catalogs.get('model')?.formats as ModelFormatEntry[] | undefined) ?? [];
}

export function modelFormat(id: string, set: RuleSet = loadRules()): ModelFormatEntry | undefined {
  return modelFormats(set).find((f) => f.id === id);
}
