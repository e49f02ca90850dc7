#!/usr/bin/env node
/**
 * The `lantern` command line. Exit codes: 0 nothing at or over --fail-on, 1 findings at or over
 * it, 2 usage or internal error. Results go to stdout or --output; progress and notes to stderr.
 */
import { Command, CommanderError, Option } from 'commander';
import { isMainThread } from 'node:worker_threads';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import {
  ConfigError,
  configFromEnv,
  findConfigFile,
  parseFailOn,
  parseFormats,
  parseThreads,
  readConfigFile,
  resolveConfig,
  type OutputFormat,
  type PartialConfig,
} from '../config/config.js';
import { RulesError, loadRules } from '../rules/load.js';
import { ScanError, scan } from '../scan/scan.js';
import { findingsAtOrOver } from '../policy/overrides.js';
import { toolInfo } from '../util/tool.js';
import { makeBaseline, readBaseline, type Baseline } from '../policy/suppress.js';
import { HistoryError } from '../history/git.js';
import { isEntry } from '../util/entry.js';
import { printable } from '../util/printable.js';
import { boundHeapGrowth, collectBetweenStages } from '../util/gc.js';

import { EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS } from './exit-codes.js';

export { EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS };

class UsageError extends Error {}

/** A file the user asked for that cannot be written is a one-line error (exit 2), not an internal one. */
async function writing(target: string, write: () => unknown): Promise<void> {
  try {
    await write();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (typeof code !== 'string' || !/^E[A-Z]+$/.test(code)) throw e;
    const why: Record<string, string> = { EACCES: 'permission denied', EPERM: 'not permitted', EEXIST: 'a file is in the way of a folder on the path', ENOTDIR: 'a file is in the way of a folder on the path', EISDIR: 'it is a directory', ENOSPC: 'no space left on the device', EROFS: 'read-only file system' };
    throw new UsageError(`cannot write ${target}: ${why[code] ?? code}`);
  }
}

interface ScanFlags {
  format?: string;
  output?: string;
  failOn?: string;
  config?: string;
  exclude?: string[];
  includeDeps?: boolean;
  shadowAi?: boolean;
  online?: boolean;
  offline?: boolean;
  hubCache?: string;
  db?: string;
  advisories?: boolean;
  baseline?: string;
  writeBaseline?: string;
  history?: boolean;
  since?: string;
  gitignore?: boolean;
  specVersion?: string;
  threads?: string;
  quiet?: boolean;
  verbose?: boolean;
}

async function runScan(path: string | undefined, flags: ScanFlags, io: Io): Promise<number> {
  const root = resolve(path ?? '.');
  if (flags.config !== undefined && flags.config.trim() === '') throw new UsageError('-c/--config needs a file name (an empty one would drop the config file and its policy)');
  const configPath = flags.config ?? findConfigFile(root);
  const fileCfg = configPath ? readConfigFile(configPath, flags.config !== undefined) : {};
  const flagCfg: PartialConfig = {};
  if (flags.format) flagCfg.format = parseFormats(flags.format);
  if (flags.output) flagCfg.output = flags.output;
  if (flags.failOn) flagCfg.failOn = parseFailOn(flags.failOn, '--fail-on');
  if (flags.exclude?.length) flagCfg.exclude = flags.exclude;
  if (flags.includeDeps) flagCfg.includeDependencyDirs = true;
  if (flags.shadowAi !== undefined) flagCfg.shadowAi = flags.shadowAi;
  if (flags.online && flags.offline) throw new UsageError('--online and --offline exclude each other');
  if (flags.online) flagCfg.online = true;
  if (flags.offline) flagCfg.online = false;
  if (flags.gitignore === false) flagCfg.respectGitignore = false;
  if (flags.specVersion) {
    if (flags.specVersion !== '1.6' && flags.specVersion !== '1.7') throw new UsageError(`--spec-version must be 1.6 or 1.7, not '${flags.specVersion}'`);
    flagCfg.specVersion = flags.specVersion;
  }
  if (flags.threads !== undefined) {
    try {
      flagCfg.threads = parseThreads(flags.threads, '--threads');
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
  }
  const cfg = resolveConfig(fileCfg, configFromEnv(io.env), flagCfg);
  // A rule id that does not exist would turn nothing off or up: a typo must not pass unseen.
  const known = loadRules().rules;
  const unknownRules = Object.keys(cfg.rules).filter((id) => !known.has(id));
  if (unknownRules.length) throw new ConfigError(`${configPath ?? 'config'}: rules: no rule ${unknownRules.map((id) => `'${id}'`).join(', ')} (see docs/rules.md for the ids)`);
  const formats: OutputFormat[] = cfg.format?.length ? cfg.format : io.stdoutIsTTY ? ['table'] : ['cyclonedx-json'];
  // `-o -` is standard output, as for most command-line tools (not a file named '-').
  const output = cfg.output === '-' ? undefined : cfg.output;
  if (formats.length > 1 && !output) throw new UsageError(`several formats (${formats.join(', ')}) need --output <dir>${cfg.output === '-' ? " ('-' is standard output, which holds one)" : ''}`);

  const progress = io.stderrIsTTY && !flags.quiet;
  if (flags.since !== undefined && !flags.history) throw new UsageError('--since needs --history');
  let baseline: Baseline | undefined;
  if (flags.baseline) {
    try {
      baseline = readBaseline(resolve(flags.baseline));
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
  }
  for (const a of cfg.secrets.allow) {
    try {
      new RegExp(a.regex, 'u');
    } catch (e) {
      throw new UsageError(`secrets.allow: '${a.regex}' is not a valid regular expression (${(e as Error).message})`);
    }
  }
  const result = await scan({
    root,
    exclude: cfg.exclude,
    includeDependencyDirs: cfg.includeDependencyDirs,
    respectGitignore: cfg.respectGitignore,
    maxTextBytes: cfg.maxTextBytes,
    rules: cfg.rules,
    ai: cfg.ai,
    hf: cfg.hf,
    advisories: flags.advisories === false ? false : { ...(flags.db ? { db: resolve(flags.db) } : {}), ...(flags.offline ? { offline: true } : {}) },
    ...(cfg.online ? { online: { ...(flags.hubCache ? { cacheFile: resolve(flags.hubCache) } : {}) } } : {}),
    shadowAi: cfg.shadowAi,
    ignore: cfg.ignore,
    ...(configPath ? { ignoreSource: relativeTo(root, configPath) } : {}),
    ...(baseline ? { baseline, baselineSource: flags.baseline as string } : {}),
    secretAllow: cfg.secrets.allow,
    ...(flags.history ? { history: flags.since !== undefined ? { since: flags.since } : {} } : {}),
    ...(cfg.threads !== undefined ? { threads: cfg.threads } : {}),
    ...(progress ? { onProgress: (stage: string, d: number, n: number) => io.stderr(`\r${stage}: ${d}/${n} files`) } : {}),
  });
  if (progress) io.stderr('\r\x1b[K');

  const { render, renderTo, DEFAULT_FILE_NAMES } = await import('../report/index.js');
  // The scan's working data is garbage now; the output step starts from what the result holds.
  collectBetweenStages();
  const { fileWriter } = await import('../report/stream-json.js');
  const opts = { specVersion: cfg.specVersion, verbose: flags.verbose ?? false, env: io.env };
  if (!output) {
    io.stdout(await render(result, formats[0] as OutputFormat, opts));
  } else {
    const out = resolve(output);
    const asDir = formats.length > 1 || output.endsWith('/') || isDir(out);
    for (const f of formats) {
      const target = asDir ? join(out, DEFAULT_FILE_NAMES[f]) : out;
      await writing(target, async () => {
        mkdirSync(dirname(target), { recursive: true });
        // Written in pieces: a large BOM is never held as one string.
        const w = fileWriter(target);
        try {
          await renderTo(result, f, w.write, opts);
        } finally {
          w.close();
        }
      });
      if (!flags.quiet) io.stderr(`wrote ${f} to ${target}\n`);
    }
  }
  if (flags.verbose) {
    for (const w of result.warnings) io.stderr(`${printable(`warning: ${w.path}: ${w.message} [${w.code}]`)}\n`);
    const ms = result.stats.ms;
    io.stderr(`timings: walk ${ms.walk.toFixed(0)} ms, analyze ${ms.analyze.toFixed(0)} ms, inventory ${ms.inventory.toFixed(0)} ms, total ${ms.total.toFixed(0)} ms\n`);
  }
  if (flags.writeBaseline) {
    const target = resolve(flags.writeBaseline);
    await writing(target, () => {
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, `${JSON.stringify(makeBaseline(result.findings, `lantern ${result.tool.version}`), null, 2)}\n`);
    });
    if (!flags.quiet) io.stderr(`wrote a baseline of ${result.findings.length} finding${result.findings.length === 1 ? '' : 's'} to ${target}; scans with --baseline ${flags.writeBaseline} report only new ones\n`);
    return EXIT_CLEAN;
  }
  const failing = findingsAtOrOver(result.findings, cfg.failOn);
  if (!flags.quiet && (output || !io.stdoutIsTTY || formats[0] !== 'table')) {
    const n = (k: number, what: string) => `${k} ${what}${k === 1 ? '' : 's'}`;
    const sup = result.stats.suppressed;
    const nSup = sup.inline + sup.config + sup.baseline;
    const supText = nSup ? ` (${nSup} suppressed: ${sup.inline} inline, ${sup.config} by config, ${sup.baseline} by baseline)` : '';
    const hist = result.stats.history ? `; history: ${n(result.stats.history.commits, 'commit')} read, ${n(result.stats.history.findings, 'key')} found only there` : '';
    io.stderr(`lantern: ${n(result.components.length, 'component')}, ${n(result.findings.length, 'finding')}${supText}, ${n(result.warnings.length, 'warning')}${hist}; ${failing.length} at or over --fail-on ${cfg.failOn}\n`);
  }
  return failing.length ? EXIT_FINDINGS : EXIT_CLEAN;
}

/** A path for messages: relative to the scanned root when inside it. */
function relativeTo(root: string, p: string): string {
  const abs = resolve(p);
  return abs.startsWith(root + '/') ? abs.slice(root.length + 1) : basename(abs);
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

async function runRules(flags: { format?: string; output?: string }, io: Io): Promise<number> {
  loadRules();
  const { rulesTable, rulesJson, rulesMarkdown } = await import('../report/rules-doc.js');
  const f = (flags.format ?? 'table').toLowerCase();
  const text = f === 'json' ? rulesJson() : f === 'markdown' || f === 'md' ? rulesMarkdown() : f === 'table' ? rulesTable() : undefined;
  if (text === undefined) throw new UsageError(`unknown rules format '${flags.format}'; choose table, json or markdown`);
  if (flags.output && flags.output !== '-') writeFileSync(flags.output, text);
  else io.stdout(text);
  return EXIT_CLEAN;
}

export interface Io {
  stdout(s: string): void;
  stderr(s: string): void;
  env: NodeJS.ProcessEnv;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
}

export async function main(argv: string[], io: Io): Promise<number> {
  let code = EXIT_CLEAN;
  const program = new Command();
  program
    .name('lantern')
    .description('Finds the AI inside a codebase: model files, AI SDKs and services, provider keys, Hugging Face pulls.')
    .version(toolInfo().version, '-V, --version')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s) })
    .showHelpAfterError('(run lantern --help for usage)');

  program
    .command('scan')
    .description('scan a directory and write the AI-BOM, SARIF, JSON or a table')
    .argument('[path]', 'directory to scan', '.')
    .addOption(new Option('-f, --format <formats>', 'comma-separated: table, json, sarif, cyclonedx-json, cyclonedx-xml (default: table on a terminal, cyclonedx-json otherwise)'))
    .option('-o, --output <file|dir>', "write to a file (one format) or a directory (one file per format); '-' is stdout")
    .option('--fail-on <severity>', 'exit 1 when a finding is at or over: critical, high, medium, low, info, none (default: high)')
    .option('-c, --config <file>', 'config file (default: .lantern.yml in the scanned directory)')
    .option('--exclude <glob>', 'exclude paths matching a glob (repeatable; adds to the config)', (v: string, prev: string[] = []) => [...prev, v])
    .option('--include-deps', 'also scan node_modules, .venv, venv, site-packages and conda-meta')
    .option('--shadow-ai', 'inventory AI SDKs, services and MCP servers in code, manifests and configs (the default)')
    .option('--no-shadow-ai', 'skip the Shadow-AI inventory: model files only')
    .option('--online', 'ask the Hugging Face Hub about each pulled model (HF_TOKEN, HF_ENDPOINT honoured; answers cached)')
    .option('--offline', 'never touch the network (the default; overrides online: true in the config)')
    .option('--hub-cache <file>', 'with --online: the SQLite file Hub answers are cached in (default: ~/.cache/lantern/hub-cache.db)')
    .option('--db <file>', 'the advisory database to match against (default: ~/.cache/lantern/advisories.db, filled from the built-in snapshot)')
    .option('--no-advisories', 'do not match packages and models against the advisory database')
    .option('--history', 'also scan git history for AI keys that were committed and later removed')
    .option('--since <rev>', 'with --history: only commits after this revision (<rev>..HEAD)')
    .option('--baseline <file>', 'report only findings that are not in this baseline file')
    .option('--write-baseline <file>', 'write the current findings to a baseline file (and exit 0)')
    .option('--no-gitignore', 'do not apply .gitignore files')
    .option('--spec-version <version>', 'CycloneDX spec version: 1.6 or 1.7 (default: 1.6)')
    .option('--threads <n>', 'worker threads (default: number of cores; 0 or 1 scans in-process)')
    .option('-q, --quiet', 'print nothing on stderr')
    .option('-v, --verbose', 'print warnings and timings on stderr')
    .action(async (path: string, flags: ScanFlags) => {
      code = await runScan(path, flags, io);
    });

  program
    .command('rules')
    .description('list the rules (from rules/*.yaml)')
    .option('-f, --format <format>', 'table, json or markdown', 'table')
    .option('-o, --output <file>', "write to a file; '-' is stdout")
    .action(async (flags: { format?: string; output?: string }) => {
      code = await runRules(flags, io);
    });

  // The advisory database commands load SQLite and the importers: only when they are asked for
  // (a stand-in keeps them in `lantern --help`).
  if (argv[0] === 'db') {
    const { dbCommand } = await import('./db.js');
    program.addCommand(dbCommand({ stdout: io.stdout, stderr: io.stderr, env: io.env }));
  } else {
    program.command('db').description('the local advisory database: status, import, export, update (lantern db --help)');
  }

  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT_CLEAN;
      return EXIT_ERROR; // commander already printed the message
    }
    if (e instanceof UsageError || e instanceof ConfigError || e instanceof ScanError || e instanceof RulesError || e instanceof HistoryError) {
      io.stderr(`lantern: ${e.message}\n`);
      return EXIT_ERROR;
    }
    io.stderr(`lantern: internal error: ${(e as Error)?.stack ?? String(e)}\n`);
    return EXIT_ERROR;
  }
}

/** The process's own streams, for a command run on the main thread. */
export function processIo(): Io {
  return {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    env: process.env,
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    stderrIsTTY: Boolean(process.stderr.isTTY),
  };
}

// The unbundled entry (build/src/cli/main.js, which bin links npx made before the bundle still
// point at) runs every command on the main thread; the `lantern` program is src/cli/lantern.ts.
if (isMainThread && isEntry(import.meta.url)) {
  boundHeapGrowth();
  main(process.argv.slice(2), processIo()).then(
    (c) => {
      process.exitCode = c;
    },
    (e: unknown) => {
      process.stderr.write(`lantern: internal error: ${String(e)}\n`);
      process.exitCode = EXIT_ERROR;
    },
  );
}
