/**
 * Configuration: `.lantern.yml` (or --config), environment variables and CLI flags, merged with
 * the precedence flags > env > file > defaults. The file is validated against a schema; a key that
 * is not in it is an error naming the key (a typo must not silently turn a check off).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import type { Ajv as AjvType } from 'ajv';
import { parse as parseYaml } from 'yaml';
import { MAX_YAML_DEPTH, yamlNestingOk } from '../util/yaml-depth.js';
import { isSeverity, type Severity } from '../types.js';

export const OUTPUT_FORMATS = ['table', 'json', 'sarif', 'cyclonedx-json', 'cyclonedx-xml'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];
import type { IgnoreEntry } from '../policy/suppress.js';
import { SWITCH_WORDS, switchValue } from '../util/switch.js';
const FORMAT_ALIASES: Record<string, OutputFormat> = { cyclonedx: 'cyclonedx-json', cdx: 'cyclonedx-json', 'cdx-json': 'cyclonedx-json', 'cdx-xml': 'cyclonedx-xml', xml: 'cyclonedx-xml' };

export type FailOn = Severity | 'none';

export interface LanternConfig {
  exclude: string[];
  includeDependencyDirs: boolean;
  respectGitignore: boolean;
  failOn: FailOn;
  format?: OutputFormat[];
  output?: string;
  specVersion: '1.6' | '1.7';
  maxTextBytes: number;
  threads?: number;
  /** Per-rule severity override, or 'off' to disable a rule. */
  rules: Record<string, Severity | 'off'>;
  /** AI policy: providers allowed, packages and container images denied (sdk/unapproved-provider; images: src/lang/images.ts deniedImage). Unset: inventory only. */
  ai: { allowedProviders?: string[]; deniedPackages?: string[] };
  /** The Shadow-AI inventory (SDKs, services, MCP servers); on by default. */
  shadowAi: boolean;
  /** Findings to suppress: by path glob, rule and/or fingerprint, each with a reason and maybe an expiry. */
  ignore: IgnoreEntry[];
  /** Secret values (or their lines) that are known not to be secrets: regexes with a reason. */
  secrets: { allow: SecretAllow[] };
  /** Hugging Face policy: the Hub organizations pulls may (or must not) come from. */
  hf: { allowedPublishers?: string[]; deniedPublishers?: string[] };
  /** Ask the Hugging Face Hub about pulled models (`--online`); off by default. */
  online: boolean;
}

export interface SecretAllow {
  regex: string;
  reason: string;
  /** What the regex is tested against: the matched secret (default) or its whole line. */
  target?: 'secret' | 'line';
  expires?: string;
}

export const DEFAULTS: LanternConfig = {
  exclude: [],
  includeDependencyDirs: false,
  respectGitignore: true,
  failOn: 'high',
  specVersion: '1.6',
  maxTextBytes: 8 * 1024 * 1024,
  rules: {},
  ai: {},
  shadowAi: true,
  ignore: [],
  secrets: { allow: [] },
  hf: {},
  online: false,
};

export class ConfigError extends Error {}

const SEVERITY_ENUM = ['critical', 'high', 'medium', 'low', 'info'];

/** The most worker threads a scan starts (each is a V8 isolate of 30-60 MB). */
export const MAX_THREADS = 256;

const CONFIG_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    exclude: { type: 'array', items: { type: 'string' } },
    includeDependencyDirs: { type: 'boolean' },
    respectGitignore: { type: 'boolean' },
    failOn: { enum: [...SEVERITY_ENUM, 'none'] },
    format: { type: 'array', items: { type: 'string' } },
    output: { type: 'string' },
    specVersion: { enum: ['1.6', '1.7'] },
    maxTextBytes: { type: 'integer', minimum: 1024 },
    threads: { type: 'integer', minimum: 0, maximum: MAX_THREADS },
    rules: { type: 'object', additionalProperties: { enum: [...SEVERITY_ENUM, 'off'] } },
    shadowAi: { type: 'boolean' },
    ignore: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['reason'],
        anyOf: [{ required: ['path'] }, { required: ['rule'] }, { required: ['fingerprint'] }],
        properties: {
          path: { type: 'string', minLength: 1 },
          rule: { type: 'string', pattern: '^([a-z][a-z0-9-]*/([a-z0-9-]+|\\*)|\\*)$' },
          fingerprint: { type: 'string', minLength: 8 },
          reason: { type: 'string', minLength: 1 },
          expires: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
        },
      },
    },
    secrets: {
      type: 'object',
      additionalProperties: false,
      properties: {
        allow: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['regex', 'reason'],
            properties: {
              regex: { type: 'string', minLength: 1 },
              reason: { type: 'string', minLength: 1 },
              target: { enum: ['secret', 'line'] },
              expires: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
            },
          },
        },
      },
    },
    hf: {
      type: 'object',
      additionalProperties: false,
      properties: {
        allowedPublishers: { type: 'array', items: { type: 'string', minLength: 1 } },
        deniedPublishers: { type: 'array', items: { type: 'string', minLength: 1 } },
      },
    },
    online: { type: 'boolean' },
    ai: {
      type: 'object',
      additionalProperties: false,
      properties: {
        allowedProviders: { type: 'array', items: { type: 'string' } },
        deniedPackages: { type: 'array', items: { type: 'string' } },
      },
    },
  },
} as const;

export const CONFIG_KEYS = Object.keys(CONFIG_SCHEMA.properties);

export type PartialConfig = Partial<LanternConfig>;

/** Reads and validates a config file. `explicit` files must exist; the default one may not. */
export function readConfigFile(path: string, explicit: boolean): PartialConfig {
  if (!existsSync(path)) {
    if (explicit) throw new ConfigError(`config file not found: ${path}`);
    return {};
  }
  let doc: unknown;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ConfigError(`${path}: cannot read the config file${code === 'EISDIR' ? ': it is a directory' : code ? ` (${code})` : ''}`);
  }
  if (!yamlNestingOk(text)) throw new ConfigError(`${path}: not valid YAML: nested deeper than ${MAX_YAML_DEPTH} levels`);
  try {
    doc = parseYaml(text);
  } catch (e) {
    throw new ConfigError(`${path}: not valid YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  if (doc == null) return {};
  return validateConfig(doc, path);
}

export function validateConfig(doc: unknown, where: string): PartialConfig {
  // Loaded only when there is a config to check: Ajv costs start-up time every scan would pay.
  const { Ajv } = createRequire(import.meta.url)('ajv') as { Ajv: typeof AjvType };
  const ajv = new Ajv({ allErrors: true });
  const validate = ajv.compile(CONFIG_SCHEMA);
  if (validate(doc)) {
    const c = doc as PartialConfig & { format?: string[] };
    if (c.format) c.format = parseFormats(c.format.join(','));
    // The schema checks the shape of a date; a day that does not exist (2026-13-45) never expires.
    const dates = [...(c.ignore ?? []).map((e, i) => [`ignore[${i}].expires`, e.expires] as const), ...(c.secrets?.allow ?? []).map((e, i) => [`secrets.allow[${i}].expires`, e.expires] as const)];
    for (const [at, d] of dates) if (d !== undefined && !isRealDate(d)) throw new ConfigError(`${where}: '${at}' ${d} is not a date`);
    return c;
  }
  const err = validate.errors?.[0];
  if (err?.keyword === 'additionalProperties') {
    const key = (err.params as { additionalProperty: string }).additionalProperty;
    const at = err.instancePath ? `${err.instancePath.slice(1).replace(/\//g, '.')}.` : '';
    const hint = at === '' ? suggest(key, CONFIG_KEYS) : undefined;
    throw new ConfigError(`${where}: unknown key '${at}${key}'${hint ? ` (did you mean '${hint}'?)` : ''}; allowed keys: ${CONFIG_KEYS.join(', ')}`);
  }
  const path = err?.instancePath ? err.instancePath.slice(1).replace(/\//g, '.') : '(top level)';
  const allowed = (err?.params as { allowedValues?: unknown[] })?.allowedValues;
  throw new ConfigError(`${where}: '${path}' ${err?.message ?? 'is invalid'}${allowed ? `: ${allowed.join(', ')}` : ''}`);
}

/** A YYYY-MM-DD that names a day of the calendar. */
function isRealDate(d: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(d);
  if (!m) return false;
  const t = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return t.getUTCFullYear() === Number(m[1]) && t.getUTCMonth() === Number(m[2]) - 1 && t.getUTCDate() === Number(m[3]);
}

function suggest(key: string, keys: string[]): string | undefined {
  const k = key.toLowerCase().replace(/[-_]/g, '');
  return keys.find((x) => x.toLowerCase() === k) ?? keys.find((x) => x.toLowerCase().startsWith(k.slice(0, 4)));
}

export function parseFormats(s: string): OutputFormat[] {
  const out: OutputFormat[] = [];
  for (const raw of s.split(',').map((x) => x.trim().toLowerCase()).filter(Boolean)) {
    const f = (FORMAT_ALIASES[raw] ?? raw) as OutputFormat;
    if (!(OUTPUT_FORMATS as readonly string[]).includes(f)) {
      throw new ConfigError(`unknown format '${raw}'; choose from ${OUTPUT_FORMATS.join(', ')}`);
    }
    if (!out.includes(f)) out.push(f);
  }
  return out;
}

export function parseFailOn(s: string, where: string): FailOn {
  const v = s.trim().toLowerCase();
  if (v === 'none' || isSeverity(v)) return v;
  throw new ConfigError(`${where}: '${s}' is not a severity; choose from ${[...SEVERITY_ENUM, 'none'].join(', ')}`);
}

/** An on/off variable: a value that is neither (`ture`) is an error, not off (it would turn a check off unseen). */
export function parseSwitch(v: string, where: string): boolean {
  const on = switchValue(v);
  if (on === undefined) throw new ConfigError(`${where}: '${v}' is not on or off; use ${SWITCH_WORDS}`);
  return on;
}

/** Worker threads: a whole number from 0 to MAX_THREADS, written in decimal. */
export function parseThreads(v: string, where: string): number {
  const t = v.trim();
  const n = Number(t);
  if (!/^\d+$/.test(t) || !Number.isInteger(n) || n > MAX_THREADS) throw new ConfigError(`${where}: '${v}' is not a whole number from 0 to ${MAX_THREADS}`);
  return n;
}

/** Configuration from LANTERN_* environment variables. */
export function configFromEnv(env: NodeJS.ProcessEnv): PartialConfig {
  const c: PartialConfig = {};
  if (env.LANTERN_FAIL_ON) c.failOn = parseFailOn(env.LANTERN_FAIL_ON, 'LANTERN_FAIL_ON');
  if (env.LANTERN_FORMAT) c.format = parseFormats(env.LANTERN_FORMAT);
  if (env.LANTERN_OUTPUT) c.output = env.LANTERN_OUTPUT;
  if (env.LANTERN_EXCLUDE) c.exclude = env.LANTERN_EXCLUDE.split(',').map((s) => s.trim()).filter(Boolean);
  if (env.LANTERN_SPEC_VERSION) {
    if (env.LANTERN_SPEC_VERSION !== '1.6' && env.LANTERN_SPEC_VERSION !== '1.7') throw new ConfigError(`LANTERN_SPEC_VERSION: '${env.LANTERN_SPEC_VERSION}' must be 1.6 or 1.7`);
    c.specVersion = env.LANTERN_SPEC_VERSION;
  }
  if (env.LANTERN_ONLINE) c.online = parseSwitch(env.LANTERN_ONLINE, 'LANTERN_ONLINE');
  if (env.LANTERN_SHADOW_AI) c.shadowAi = parseSwitch(env.LANTERN_SHADOW_AI, 'LANTERN_SHADOW_AI');
  if (env.LANTERN_THREADS) c.threads = parseThreads(env.LANTERN_THREADS, 'LANTERN_THREADS');
  return c;
}

/**
 * Merges the layers. Scalars: the highest layer that sets them wins. `exclude` lists add up
 * (like ESLint's --ignore-pattern adding to the config's ignores), and `rules` merge by rule id.
 */
export function resolveConfig(file: PartialConfig, env: PartialConfig, flags: PartialConfig): LanternConfig {
  const out: LanternConfig = { ...DEFAULTS, rules: { ...DEFAULTS.rules }, exclude: [...DEFAULTS.exclude], ai: { ...DEFAULTS.ai }, ignore: [], secrets: { allow: [] }, hf: {} };
  for (const layer of [file, env, flags]) {
    for (const [k, v] of Object.entries(layer) as [keyof LanternConfig, unknown][]) {
      if (v === undefined) continue;
      if (k === 'exclude') out.exclude.push(...(v as string[]));
      else if (k === 'rules') Object.assign(out.rules, v);
      else if (k === 'ai') out.ai = { ...out.ai, ...(v as LanternConfig['ai']) };
      else if (k === 'hf') out.hf = { ...out.hf, ...(v as LanternConfig['hf']) };
      else if (k === 'ignore') out.ignore.push(...(v as IgnoreEntry[]));
      else if (k === 'secrets') out.secrets.allow.push(...((v as Partial<LanternConfig['secrets']>).allow ?? []));
      else (out as unknown as Record<string, unknown>)[k] = v;
    }
  }
  return out;
}

export const DEFAULT_CONFIG_FILES = ['.lantern.yml', '.lantern.yaml'];

export function findConfigFile(root: string): string | undefined {
  return DEFAULT_CONFIG_FILES.map((f) => join(root, f)).find((p) => existsSync(p));
}
