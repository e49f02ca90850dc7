/**
 * `npm run bench`: generates (or reuses) a synthetic corpus, then measures each stage of Lantern
 * with its real modules: walk, walk + sniff, the worker-pool analysis, SHA-256 against openssl,
 * the full scan with the CycloneDX writer, and the built CLI as a child for its peak RSS.
 * Then secret scanning of ~100 MB of mixed text against secretlint and rg (bench/secrets.ts).
 * Prints a table and writes bench/out/results.json. A benchmark, not a test: it exits 0 even when
 * a target is missed.
 *
 *   node --expose-gc build/bench/run.js [--quick] [--files N] [--large-gb N] [--dir DIR]
 *                                       [--secrets-mb N] [--no-secrets] [--no-advisories]
 *                                       [--only secrets|advisories]
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { walk } from '../src/walk/walk.js';
import { FileSource } from '../src/formats/source.js';
import { HEAD_BYTES, sniff } from '../src/sniff/sniff.js';
import { analyzeAll } from '../src/scan/pool.js';
import { loadRules } from '../src/rules/load.js';
import { sha256File } from '../src/util/hash.js';
import { scan } from '../src/scan/scan.js';
import { toCycloneDxJson } from '../src/report/cyclonedx.js';
import { configHash, generateCorpus, type CorpusConfig } from './corpus.js';
import { runPickleBench } from './pickles.js';
import { runSecretsBench } from './secrets.js';
import { benchAdvisories } from './advisories.js';
import { MB, opensslSha256, peakRssMb, runMeasured, table, timed, warm, type Row } from './measure.js';

const TARGETS = { walkSniffFilesPerS: 20_000, hashRatio: 0.9, cliPeakRssMb: 250 };
const PKG_ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface Args {
  quick: boolean;
  files: number;
  largeGb: number;
  dir?: string;
  /** Megabytes of mixed text for the secrets section. */
  secretsMb: number;
  secrets: boolean;
  /** The advisory store section: import 200,000 ranges, match a 5,000-package lockfile. */
  advisories: boolean;
  /** Run one section alone. */
  only?: 'secrets' | 'advisories';
}

function parseArgs(argv: string[]): Args {
  const quick = argv.includes('--quick');
  const args: Args = { quick, files: quick ? 10_000 : Number(process.env.BENCH_FILES ?? 100_000), largeGb: quick ? 0 : 4, secretsMb: quick ? 10 : 100, secrets: true, advisories: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = argv[i + 1];
    if (a === '--quick') continue;
    if (a === '--no-secrets' || a === '--no-advisories') {
      if (a === '--no-secrets') args.secrets = false;
      else args.advisories = false;
      continue;
    }
    if (v === undefined || !['--files', '--large-gb', '--dir', '--secrets-mb', '--only'].includes(a ?? '')) throw new Error(`unknown option ${a}; use --quick, --files N, --large-gb N, --dir DIR, --secrets-mb N, --no-secrets, --no-advisories, --only secrets|advisories`);
    if (a === '--files') args.files = Number(v);
    else if (a === '--large-gb') args.largeGb = Number(v);
    else if (a === '--secrets-mb') args.secretsMb = Number(v);
    else if (a === '--only') {
      if (v !== 'secrets' && v !== 'advisories') throw new Error('--only takes: secrets, advisories');
      args.only = v;
    } else args.dir = v;
    i++;
  }
  if (!(Number.isInteger(args.files) && args.files > 0)) throw new Error('--files needs a positive integer');
  if (!(Number.isInteger(args.largeGb) && args.largeGb >= 0)) throw new Error('--large-gb needs an integer >= 0');
  if (!(Number.isInteger(args.secretsMb) && args.secretsMb > 0)) throw new Error('--secrets-mb needs a positive integer');
  if (args.only === 'secrets' && !args.secrets) throw new Error('--only secrets and --no-secrets contradict each other');
  if (args.only === 'advisories' && !args.advisories) throw new Error('--only advisories and --no-advisories contradict each other');
  return args;
}

const log = (s: string) => process.stderr.write(s + '\n');
const perS = (n: number, ms: number) => (n * 1000) / ms;

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const config: CorpusConfig = { files: args.files, largeGb: args.largeGb, seed: 0x1a57e2 };
  const dir = args.dir ?? join(process.env.TMPDIR || tmpdir(), 'lantern-bench', configHash(config));
  const threads = availableParallelism();
  const rows: Row[] = [];
  const pickleRows: Row[] = [];
  const extra: Record<string, unknown> = {};
  const corpus = args.only ? undefined : await coreBench(args, config, dir, threads, rows, pickleRows, extra);

  // Secret scanning against secretlint and rg: child processes only, after the in-process stages
  // (whose peak RSS column is the bench process's running maximum). The tree goes next to the others.
  const secretRows: Row[] = [];
  if (args.secrets && args.only !== 'advisories') await runSecretsBench(join(dir, '..'), secretRows, extra, { mb: args.secretsMb, threads, cli: join(PKG_ROOT, 'build/lantern/main.js'), pkgRoot: PKG_ROOT }, log);

  const advisoryRows: Row[] = [];
  if (args.advisories && args.only !== 'secrets') {
    const r = await benchAdvisories({ ranges: args.quick ? 20_000 : 200_000, log });
    advisoryRows.push(...r.rows);
    extra.advisories = { records: r.records, ranges: r.ranges, importMs: r.importMs, matchMs: r.matchMs, dbBytes: r.dbBytes, embeddedDbBytes: r.embeddedDbBytes };
  }

  const out = table([...rows, ...pickleRows, ...secretRows, ...advisoryRows]);
  const what = corpus ? `${corpus.files} files (${args.quick ? 'quick' : 'full'})` : args.only === 'advisories' ? 'advisories only' : `secrets only (${args.secretsMb} MB)`;
  process.stdout.write(`\nLantern bench: ${what}, ${threads} threads, node ${process.version}, ${cpus()[0]?.model ?? 'cpu'}\n\n${out}\n`);
  const outDir = join(PKG_ROOT, 'bench/out');
  mkdirSync(outDir, { recursive: true });
  const results = { date: new Date().toISOString(), node: process.version, cpu: cpus()[0]?.model, cores: threads, args, ...(corpus ? { corpus: { ...corpus, dir } } : {}), targets: TARGETS, rows: [...rows, ...pickleRows, ...secretRows, ...advisoryRows], ...extra };
  // `--only` writes its own file, so it does not overwrite the last full run's results.
  const file = join(outDir, args.only ? `results-${args.only}.json` : 'results.json');
  writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
  process.stdout.write(`\nresults: ${file}\n`);
}

/** Everything but the secrets section: pickles, the synthetic corpus and its stages, the CLI. */
async function coreBench(args: Args, config: CorpusConfig, dir: string, threads: number, rows: Row[], pickleRows: Row[], extra: Record<string, unknown>): Promise<ReturnType<typeof generateCorpus>> {
  // Model safety first, in a fresh process: small pickles through the full analysis, the CLI on
  // 500, a 2 GB zip. (Run after the 100k-file stages, the in-process figure paid for their heap.)
  await runPickleBench(join(dir, '..'), pickleRows, extra, threads, join(PKG_ROOT, 'build/lantern/main.js'), log);

  log(`corpus: ${dir}`);
  const corpus = generateCorpus(dir, config, log);
  // Flush a fresh corpus to disk first, or its writeback competes with the first stages measured.
  const syncMs = corpus.reused ? 0 : (await timed(() => spawnSync('sync'))).ms;
  rows.push({
    stage: corpus.reused ? 'corpus (reused)' : 'corpus (generated)',
    wallS: corpus.ms / 1000,
    files: corpus.files,
    ...(corpus.reused ? {} : { filesPerS: perS(corpus.files, corpus.ms) }),
    peakRssMb: peakRssMb(),
    note: `${corpus.files} files, ${(corpus.bytes / MB).toFixed(0)} MB logical${syncMs ? ` (then sync: ${(syncMs / 1000).toFixed(2)} s)` : ''} (large: ${corpus.large.map((l) => `${(l.bytes / MB).toFixed(0)} MB${l.sparse ? ' sparse' : ''}`).join(', ')})`,
  });

  // The page cache is warmed first with one untimed pass over every file's head: the stages below
  // measure Lantern's work, not the disk (the pickle section before this reads 2 GB and evicts
  // the corpus; a cold pass here took 2.9 s of open+read against 0.75 s warm).
  log('warm-up (untimed) ...');
  {
    const warmHead = Buffer.allocUnsafe(HEAD_BYTES);
    for (const f of (await walk({ root: dir })).files) {
      try {
        const src = FileSource.open(join(dir, f.path));
        try {
          src.readInto(0, warmHead);
        } finally {
          src.close();
        }
      } catch {
        // unreadable files are the walk's and sniff's business below
      }
    }
  }

  // Walk.
  log('walk ...');
  const w = await timed(() => walk({ root: dir }));
  const files = w.value.files;
  rows.push({ stage: 'walk', wallS: w.ms / 1000, files: files.length, filesPerS: perS(files.length, w.ms), peakRssMb: peakRssMb(), note: `${files.length} files after .gitignore` });

  // Sniff, single-threaded: open, read the head, sniff, close.
  log('sniff (1 thread) ...');
  let headBytes = 0;
  const kinds: Record<string, number> = {};
  const s = await timed(async () => {
    for (const f of files) {
      const src = FileSource.open(join(dir, f.path));
      try {
        const head = src.readAt(0, HEAD_BYTES);
        headBytes += head.length;
        const k = (await sniff({ path: f.path, src, head })).kind;
        kinds[k] = (kinds[k] ?? 0) + 1;
      } finally {
        src.close();
      }
    }
  });
  extra.sniffedKinds = kinds;
  rows.push({ stage: 'sniff (1 thread)', wallS: s.ms / 1000, files: files.length, filesPerS: perS(files.length, s.ms), mbPerS: headBytes / MB / (s.ms / 1000), peakRssMb: peakRssMb(), note: 'MB/s counts the head bytes read' });
  const ws = perS(files.length, w.ms + s.ms);
  rows.push({ stage: 'walk + sniff', wallS: (w.ms + s.ms) / 1000, files: files.length, filesPerS: ws, mbPerS: headBytes / MB / ((w.ms + s.ms) / 1000), peakRssMb: peakRssMb(), target: `>= ${TARGETS.walkSniffFilesPerS.toLocaleString('en-US')} files/s`, met: ws >= TARGETS.walkSniffFilesPerS });

  // Full per-file analysis through the worker pool (hashes every model file).
  log(`analyze (pool, ${threads} threads) ...`);
  const rules = loadRules();
  const a = await timed(() => analyzeAll(files, { root: dir, maxTextBytes: 8 << 20 }, rules, { threads }));
  // Workers return only the analyses that carry something (the model files among them), with their ms.
  const slowest = [...a.value.analyses].sort((x, y) => y.ms - x.ms).slice(0, 3);
  const modelMs = a.value.analyses.reduce((t, x) => t + (x.sniffed.kind === 'model' ? x.ms : 0), 0);
  rows.push({
    stage: `analyze (pool, ${threads} threads)`,
    wallS: a.ms / 1000,
    files: files.length,
    filesPerS: perS(files.length, a.ms),
    mbPerS: a.value.bytes / MB / (a.ms / 1000),
    peakRssMb: peakRssMb(),
    note: `MB/s counts every file byte (model files hashed whole, holes included); model files took ${(modelMs / 1000).toFixed(2)} s of worker time; slowest: ${slowest.map((x) => `${x.file.path} ${(x.ms / 1000).toFixed(2)} s`).join(', ')}`,
  });
  extra.analyzeModelMs = modelMs;
  extra.analyzeCounts = a.value.counts;

  // Hashing: lantern vs openssl on the 512 MB file and the largest sparse file, warm cache, best of 2.
  const sparse = corpus.large.filter((l) => l.sparse).sort((x, y) => y.bytes - x.bytes)[0];
  const hashTargets = [corpus.large.find((l) => l.bytes === 512 * MB), sparse].filter((l) => l !== undefined);
  const hashes: Record<string, unknown>[] = [];
  for (const l of hashTargets) {
    const p = join(dir, l.path);
    const label = `${l.bytes >= 1024 * MB ? `${l.bytes / 1024 / MB} GB` : `${l.bytes / MB} MB`}${l.sparse ? ' sparse' : ''}`;
    log(`sha256 ${label} ...`);
    warm(p);
    let best = Infinity;
    let hex = '';
    for (let i = 0; i < 2; i++) {
      const t = await timed(() => sha256File(p));
      best = Math.min(best, t.ms);
      hex = t.value;
    }
    let oBest = Infinity;
    let oHex = '';
    for (let i = 0; i < 2; i++) {
      const o = opensslSha256(p);
      if (!o) continue;
      oBest = Math.min(oBest, o.ms);
      oHex = o.hex;
    }
    const mbps = l.bytes / MB / (best / 1000);
    const oMbps = Number.isFinite(oBest) ? l.bytes / MB / (oBest / 1000) : undefined;
    const ratio = oMbps ? mbps / oMbps : undefined;
    rows.push({
      stage: `sha256 ${label}: lantern`,
      wallS: best / 1000,
      mbPerS: mbps,
      peakRssMb: peakRssMb(),
      target: `>= ${TARGETS.hashRatio.toFixed(2)}x openssl`,
      ...(ratio !== undefined ? { met: ratio >= TARGETS.hashRatio } : {}),
      note: ratio !== undefined ? `ratio lantern/openssl ${ratio.toFixed(3)}; digests ${hex === oHex ? 'match' : 'DIFFER'}` : 'openssl not available',
    });
    if (oMbps !== undefined) rows.push({ stage: `sha256 ${label}: openssl`, wallS: oBest / 1000, mbPerS: oMbps, peakRssMb: peakRssMb() });
    hashes.push({ file: l.path, bytes: l.bytes, sparse: l.sparse, lanternMs: best, opensslMs: oBest, ratio, digestsMatch: hex === oHex });
  }
  extra.hashes = hashes;

  // Full scan through the library API, plus the CycloneDX writer.
  log('scan + CycloneDX (in-process) ...');
  const f = await timed(async () => {
    const result = await scan({ root: dir });
    const json = toCycloneDxJson(result);
    return { result, bomBytes: json.length };
  });
  const res = f.value.result;
  rows.push({
    stage: 'full scan + CycloneDX (API)',
    wallS: f.ms / 1000,
    files: res.stats.files,
    filesPerS: perS(res.stats.files, f.ms),
    mbPerS: res.stats.bytes / MB / (f.ms / 1000),
    peakRssMb: peakRssMb(),
    note: `${res.components.length} components, ${res.findings.length} findings, ${res.warnings.length} warnings, BOM ${(f.value.bomBytes / MB).toFixed(1)} MB; walk ${(res.stats.ms.walk / 1000).toFixed(2)} s, analyze ${(res.stats.ms.analyze / 1000).toFixed(2)} s, inventory ${(res.stats.ms.inventory / 1000).toFixed(2)} s`,
  });
  extra.scan = { files: res.stats.files, bytes: res.stats.bytes, components: res.components.length, findings: res.findings.length, warnings: res.warnings.length, ms: res.stats.ms, bomBytes: f.value.bomBytes };

  // The built CLI alone, as a child: its peak RSS includes its worker threads and nothing of ours.
  // `-f json` as specified, and `-f cyclonedx-json` (the AI-BOM, the default when not on a terminal).
  const cliRuns: Record<string, unknown>[] = [];
  for (const format of ['json', 'cyclonedx-json']) {
    log(`scan (CLI child, -f ${format}) ...`);
    const cli = await runMeasured(process.execPath, [join(PKG_ROOT, 'build/lantern/main.js'), 'scan', dir, '-f', format, '-o', '/dev/null', '--fail-on', 'none', '-q']);
    rows.push({
      stage: `full scan (CLI child, -f ${format})`,
      wallS: cli.ms / 1000,
      files: res.stats.files,
      filesPerS: perS(res.stats.files, cli.ms),
      mbPerS: res.stats.bytes / MB / (cli.ms / 1000),
      peakRssMb: cli.peakRssMb,
      target: `< ${TARGETS.cliPeakRssMb} MB RSS`,
      met: cli.code === 0 && cli.peakRssMb > 0 && cli.peakRssMb < TARGETS.cliPeakRssMb,
      note: `exit ${cli.code}; RSS by ${cli.how}${cli.code === 0 ? '' : `; stderr: ${cli.stderr.slice(-500)}`}`,
    });
    cliRuns.push({ format, ms: cli.ms, code: cli.code, peakRssMb: cli.peakRssMb });
  }
  extra.cli = cliRuns;
  return corpus;
}

main().catch((e: unknown) => {
  process.stderr.write(`bench failed: ${(e as Error).stack ?? String(e)}\n`);
  process.exit(2);
});
