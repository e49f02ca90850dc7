/**
 * The pipeline: walk → sniff + detect (worker pool) → inventory → policy. Returns plain data; the
 * writers in src/report/ turn it into output formats.
 */
import { basename, join, resolve } from 'node:path';
import { realpathSync, statSync } from 'node:fs';
import { loadRules, type RuleSet } from '../rules/load.js';
import { walk } from '../walk/walk.js';
import { analyzeAll } from './pool.js';
import { DEFAULT_MAX_TEXT_BYTES } from './analyze.js';
import { groupModelDirectories } from '../inventory/model-dirs.js';
import { mergeComponents, resolveFindingRefs, sortFindings, sortWarnings } from '../inventory/merge.js';
import { applyRuleOverrides } from '../policy/overrides.js';
import { applySafety } from '../inventory/safety.js';
import { sdkInventory, type AiPolicy } from '../inventory/sdks.js';
import { followConstraints, followIncludes, readInside, realRootOf } from '../inventory/includes.js';
import { followGitlabIncludes, withoutImages } from '../inventory/gitlab-includes.js';
import { binaryBunLockfiles, BUN_LOCKB_WARNING } from '../lang/manifests/bun.js';
import { followGradleCatalogs } from '../inventory/gradle-catalogs.js';
import { followDenoImportMaps, readDenoImportMaps } from '../inventory/deno-import-maps.js';
import { readDependencyAliases, type DependencyAliases } from '../lang/dependency-aliases.js';
import { sdkCatalog } from '../detectors/sdks/catalog.js';
import { secretsCatalog } from '../secrets/catalog.js';
import { scrubSecrets } from '../secrets/redact-args.js';
import { collectHf, hfInventory, hubRequests, onlineKey, type HfPolicy } from '../inventory/hf.js';
import type { HubModelInfo } from '../hf/hub.js';
import type { Component, Finding, ScanWarning, Severity } from '../types.js';
import { applySuppressions, type Baseline, type IgnoreEntry } from '../policy/suppress.js';
import { scanHistory } from '../history/git.js';
import type { SecretAllow } from '../config/config.js';
import { toolInfo } from '../util/tool.js';
import { collectBetweenStages } from '../util/gc.js';

export interface ScanOptions {
  root: string;
  exclude?: string[];
  includeDependencyDirs?: boolean;
  respectGitignore?: boolean;
  maxTextBytes?: number;
  threads?: number;
  /** Below this many files the scan runs in-process rather than in worker threads (default: see src/scan/pool.ts). */
  poolThreshold?: number;
  /** Per-rule severity overrides or 'off'. */
  rules?: Record<string, Severity | 'off'>;
  /** AI policy (allowed providers, denied packages); unset means inventory only. */
  ai?: AiPolicy;
  /** The Shadow-AI inventory (SDKs, services, MCP servers); on unless false. */
  shadowAi?: boolean;
  /** Suppression: config ignore entries, a baseline (see src/policy/suppress.ts). */
  ignore?: IgnoreEntry[];
  ignoreSource?: string;
  baseline?: Baseline;
  baselineSource?: string;
  /** Secret allowlist regexes (config `secrets.allow`). */
  secretAllow?: SecretAllow[];
  /** Hugging Face policy: publishers allowed or denied (hf/unvetted-publisher). */
  hf?: HfPolicy;
  /**
   * Ask the Hugging Face Hub about each pulled model (`--online`): current commit, gating, license,
   * weights formats, the Hub's security scan. Cached in SQLite; unset: offline.
   */
  online?: { cacheFile?: string; ttlSeconds?: number; endpoint?: string; token?: string };
  /**
   * Match AI packages and hub models against the advisory store (default: on, with the default
   * database and its built-in snapshot; `false` skips it). `db` names another database file.
   */
  advisories?: false | { db?: string; offline?: boolean };
  /** Also scan git history for keys (`--history [--since <rev>]`). */
  history?: { since?: string };
  onProgress?: (stage: string, done: number, total: number) => void;
}

export interface ScanStats {
  files: number;
  bytes: number;
  byKind: Record<string, number>;
  ms: { walk: number; analyze: number; inventory: number; total: number };
  /** Findings suppressed, by how: inline comment, config ignore entry, baseline. */
  suppressed: { inline: number; config: number; baseline: number };
  /** With --history: commits read, keys found only in history. */
  history?: { commits: number; findings: number };
}

export interface ScanResult {
  tool: { name: string; version: string };
  /** The scanned folder's name (never an absolute path). */
  rootName: string;
  components: Component[];
  findings: Finding[];
  warnings: ScanWarning[];
  stats: ScanStats;
}

export class ScanError extends Error {}

/** `secrets.allow` entries that expired, or that dropped no key anywhere in the tree. */
function allowWarnings(options: ScanOptions, analyses: { facts: Record<string, unknown> }[]): ScanWarning[] {
  const allow = options.secretAllow ?? [];
  if (!allow.length) return [];
  const used = new Set<number>();
  for (const a of analyses) for (const i of (a.facts.secrets as { allowHits?: number[] } | undefined)?.allowHits ?? []) used.add(i);
  const source = options.ignoreSource ?? '.lantern.yml';
  const now = Date.now();
  const out: ScanWarning[] = [];
  allow.forEach((a, i) => {
    if (a.expires && now > Date.parse(`${a.expires}T23:59:59.999Z`)) {
      out.push({ code: 'config/allow-expired', path: source, message: `secrets.allow entry ${i + 1} (${a.regex}) expired on ${a.expires}; it no longer applies` });
    } else if (!used.has(i)) {
      out.push({ code: 'config/allow-unused', path: source, message: `secrets.allow entry ${i + 1} (${a.regex}) matched no key; remove it` });
    }
  });
  return out;
}

/** The Hub's facts about each pulled model, from the cache or the Hub (src/hf/hub.ts); loaded only with --online. */
async function vetOnline(requests: { id: string; revision?: string }[], o: NonNullable<ScanOptions['online']>, warnings: ScanWarning[]): Promise<Map<string, HubModelInfo> | undefined> {
  if (!requests.length) return undefined;
  const { vetModels, vetKey } = await import('../hf/hub.js');
  const { defaultCacheDir } = await import('../util/cache-dir.js');
  const answers = await vetModels(requests, {
    cacheFile: o.cacheFile ?? join(defaultCacheDir(), 'hub-cache.db'),
    ...(o.ttlSeconds !== undefined ? { ttlSeconds: o.ttlSeconds } : {}),
    ...(o.endpoint !== undefined ? { endpoint: o.endpoint } : {}),
    ...(o.token !== undefined ? { token: o.token } : {}),
    onWarning: (message) => warnings.push({ code: 'hf/online', path: '.', message }),
  });
  const out = new Map<string, HubModelInfo>();
  for (const r of requests) {
    const info = answers.get(vetKey(r.id, r.revision));
    if (!info) continue;
    out.set(onlineKey(r.id, r.revision), info);
    if (info.status !== 'ok') warnings.push({ code: 'hf/online', path: '.', message: `${r.id}${r.revision ? `@${r.revision}` : ''}: the Hub answered ${info.status}${info.error ? ` (${info.error})` : ''}` });
  }
  return out;
}

/** Advisory matches from the store (src/advisories/); a store that cannot be opened is a ScanError with its message. */
async function matchStore(components: Component[], rules: RuleSet, o: { db?: string; offline?: boolean }): Promise<Finding[]> {
  const { openForScan } = await import('../advisories/embedded.js');
  const { AdvisoryStoreError } = await import('../advisories/store.js');
  const { matchAdvisories } = await import('../advisories/enrich.js');
  let store;
  try {
    store = openForScan({ ...(o.db !== undefined ? { db: o.db } : {}), ...(o.offline ? { offline: true } : {}) });
  } catch (e) {
    if (e instanceof AdvisoryStoreError) throw new ScanError(e.message);
    throw e;
  }
  try {
    return matchAdvisories(components, store, rules);
  } finally {
    store.close();
  }
}

/** The scan root's absolute path as given and as the file system resolves it (symbolic links: macOS's /tmp is /private/tmp). */
function rootPaths(root: string): string[] {
  try {
    const real = realpathSync(root);
    return real === root ? [root] : [root, real];
  } catch {
    return [root];
  }
}

export async function scan(options: ScanOptions): Promise<ScanResult> {
  const t0 = performance.now();
  const root = resolve(options.root);
  let st;
  try {
    st = statSync(root);
  } catch {
    throw new ScanError(`cannot scan ${options.root}: no such file or directory`);
  }
  if (!st.isDirectory()) throw new ScanError(`cannot scan ${options.root}: not a directory`);
  const rules: RuleSet = loadRules();

  const walked = await walk({ root, exclude: options.exclude ?? [], includeDependencyDirs: options.includeDependencyDirs ?? false, respectGitignore: options.respectGitignore ?? true });
  const t1 = performance.now();
  options.onProgress?.('walk', walked.files.length, walked.files.length);

  // Files others name that the walk did not read as such: requirements files others include
  // (`-r common.txt`), GitLab CI includes, Gradle catalogs settings files create from files of any
  // name, the import map files deno.json names. Deno's import maps are read before the analysis
  // too: a file's bare imports resolve through the map that governs it.
  const follow = { root, maxTextBytes: options.maxTextBytes ?? DEFAULT_MAX_TEXT_BYTES };
  // An import map file a deno.json names is parsed once, here: followDenoImportMaps takes what it needs of it from `deno.files`.
  const deno = options.shadowAi !== false ? readDenoImportMaps(walked.files.map((f) => f.path), rules, follow) : undefined;
  const denoImportMaps = deno?.maps;
  // Renamed Cargo dependencies and npm aliases of AI packages: code imports them by the alias.
  const dependencyAliases = options.shadowAi !== false ? readAliases(walked.files.map((f) => f.path), rules, follow) : undefined;
  const analyzed = await analyzeAll(walked.files, { root, maxTextBytes: options.maxTextBytes ?? DEFAULT_MAX_TEXT_BYTES, shadowAi: options.shadowAi ?? true, ...(options.secretAllow?.length ? { secretAllow: options.secretAllow } : {}), ...(denoImportMaps !== undefined ? { denoImportMaps } : {}), ...(dependencyAliases !== undefined ? { dependencyAliases } : {}) }, rules, {
    ...(options.threads !== undefined ? { threads: options.threads } : {}),
    ...(options.poolThreshold !== undefined ? { inProcessBelow: options.poolThreshold } : {}),
    onProgress: (d, n) => options.onProgress?.('analyze', d, n),
  });
  const t2 = performance.now();
  // The analysis' per-file garbage goes now, before the inventory sizes the heap (src/util/gc.ts).
  collectBetweenStages();

  const analyses = analyzed.analyses.sort((a, b) => (a.file.path < b.file.path ? -1 : a.file.path > b.file.path ? 1 : 0));
  const rootName = basename(root) || 'root';
  const grouped = groupModelDirectories(analyses, walked.files, rootName);
  const hist = options.history ? await scanHistory(root, rules, { ...(options.history.since !== undefined ? { since: options.history.since } : {}), ...(options.secretAllow ? { secretAllow: options.secretAllow } : {}), maxBytes: options.maxTextBytes ?? DEFAULT_MAX_TEXT_BYTES }) : undefined;
  // A key still in the tree is the tree's finding; history adds only the ones that are gone.
  const treeFingerprints = new Set(analyses.flatMap((a) => a.observation.findings.map((f) => f.fingerprint)));
  const historyFindings = (hist?.findings ?? []).filter((f) => !treeFingerprints.has(f.fingerprint));
  // pip's constraints hold for every file of the install: they follow the -r graph, included files' too.
  const included = options.shadowAi !== false ? followIncludes(analyses, rules, follow) : undefined;
  const followed = included !== undefined ? [included, followConstraints([...analyses, ...included.analyses], rules, follow), ...[followGitlabIncludes, followGradleCatalogs, (...args: Parameters<typeof followIncludes>) => followDenoImportMaps(...args, deno?.files)].map((f) => f(analyses, rules, follow))] : [];
  // Bun's binary lockfile is not read: said for each one with no text bun.lock beside it.
  const bunLockb: ScanWarning[] = options.shadowAi !== false ? binaryBunLockfiles(walked.files.map((f) => f.path)).map((path) => ({ code: 'manifest/binary-lockfile', path, message: BUN_LOCKB_WARNING })) : [];
  // A GitLab CI file read again with its includes: that reading replaces the images it gave alone.
  const superseded = new Set(followed.flatMap((x) => ('supersedes' in x ? x.supersedes : [])));
  const own = superseded.size ? analyses.map((a) => (superseded.has(a.file.path) ? withoutImages(a) : a)) : analyses;
  const ai = options.shadowAi !== false ? sdkInventory([...own, ...followed.flatMap((x) => x.analyses)], rules, options.ai ?? {}, hist?.providers ?? [], { roots: rootPaths(root), paths: walked.files.map((f) => f.path) }) : { components: [], findings: [] };
  const hfSites = collectHf(analyses, rules);
  const vetWarnings: ScanWarning[] = [];
  const online = options.online ? await vetOnline(hubRequests(hfSites.pulls), options.online, vetWarnings) : undefined;
  const hf = hfInventory(hfSites.pulls, hfSites.loaders, rules, options.hf ?? {}, online);
  const components = mergeComponents([...grouped.components, ...ai.components, ...hf.components]);
  const advisoryFindings = options.advisories === false ? [] : await matchStore(components, rules, options.advisories ?? {});
  const all = sortFindings(resolveFindingRefs(components, applyRuleOverrides([...grouped.findings, ...ai.findings, ...hf.findings, ...advisoryFindings, ...historyFindings], options.rules ?? {})));
  // Safety verdicts see every finding: a suppressed finding is still a fact about the model.
  applySafety(components, all);
  const s = applySuppressions(all, {
    root,
    ...(options.ignore ? { ignore: options.ignore } : {}),
    ...(options.ignoreSource ? { ignoreSource: options.ignoreSource } : {}),
    ...(options.baseline ? { baseline: options.baseline } : {}),
    ...(options.baselineSource ? { baselineSource: options.baselineSource } : {}),
    maxTextBytes: options.maxTextBytes ?? DEFAULT_MAX_TEXT_BYTES,
  });
  const findings = s.findings;
  const suppressed = { inline: 0, config: 0, baseline: 0 };
  for (const x of s.suppressed) suppressed[x.by]++;
  // A warning may quote the line it is about (a malformed manifest line that holds a key): masked.
  const secrets = secretsCatalog(rules);
  const warnings = sortWarnings(
    [...walked.warnings, ...analyses.flatMap((a) => a.observation.warnings), ...s.warnings, ...allowWarnings(options, analyses), ...(hist?.warnings ?? []), ...vetWarnings, ...followed.flatMap((x) => x.warnings), ...bunLockb].map((w) => ({ ...w, message: scrubSecrets(w.message, secrets) })),
  );
  const t3 = performance.now();

  return {
    tool: toolInfo(),
    rootName,
    components,
    findings,
    warnings,
    stats: {
      files: walked.files.length,
      bytes: analyzed.bytes,
      byKind: Object.fromEntries(Object.entries(analyzed.counts).sort(([a], [b]) => (a < b ? -1 : 1))),
      ms: { walk: t1 - t0, analyze: t2 - t1, inventory: t3 - t2, total: t3 - t0 },
      suppressed,
      ...(hist ? { history: { commits: hist.commits, findings: historyFindings.length } } : {}),
    },
  };
}

/** The tree's dependency aliases (readDependencyAliases), each manifest read inside the root and under the text limit. */
function readAliases(paths: readonly string[], rules: RuleSet, opts: { root: string; maxTextBytes: number }): DependencyAliases | undefined {
  if (!paths.some((p) => p.endsWith('Cargo.toml') || p.endsWith('package.json'))) return undefined;
  const realRoot = realRootOf(opts.root);
  if (realRoot === undefined) return undefined;
  return readDependencyAliases(paths, sdkCatalog(rules), (path) => {
    const text = readInside(realRoot, path, opts.maxTextBytes, false);
    return typeof text === 'string' ? text : undefined;
  });
}
