/**
 * Secret scanning throughput (issue 5): Lantern's CLI on about 100 MB of mixed realistic text
 * (fixtures/gen/secret-corpus.ts generateMixedText: source, configs, Markdown, JSON, lockfiles,
 * notebooks with base64 images, minified bundles, CSV; one fake AI key per ~256 KB) against
 *  - secretlint with its recommended preset (bench/peers, outside Lantern's dependencies), target:
 *    Lantern at least 3x faster;
 *  - `rg` searching the same files for the secrets catalog's keywords (a pure keyword search, no
 *    key regexes, no validation), target: Lantern within 10x of it.
 * Every tool runs as a child process on the same tree: one untimed warm-up run each (the page cache
 * cannot be flushed without root, so all runs read from a warm cache), then N rounds that run each
 * tool once (interleaved, so a busy neighbour slows all of them alike); wall time is the best run,
 * peak RSS the highest. A tool that is not installed gets a row saying how to install it and its
 * ratio is skipped.
 */
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { generateMixedText, type PlantedKey } from '../fixtures/gen/secret-corpus.js';
import { secretsCatalog } from '../src/secrets/index.js';
import { MB, peakRssMb, runMeasuredTo, type ChildRun, type Row } from './measure.js';

export const SECRETS_TARGETS = { vsSecretlint: 3, vsRg: 10 };
const VERSION = 1;
const SEED = 0x5ec7e7;
const MARKER = '.lantern-bench-secrets.json';
const RG = 'rg';

export interface SecretsBenchOptions {
  /** Megabytes of mixed text (the tree for 100 MB is `secrets-mixed-v1`, others `secrets-mixed-v1-<N>mb`). */
  mb: number;
  threads: number;
  /** The built CLI (build/lantern/main.js). */
  cli: string;
  /** The package root (for bench/peers). */
  pkgRoot: string;
  /** Timed runs of each tool after the warm-up (default 3). */
  runs?: number;
}

interface Tree {
  dir: string;
  /** What the tools scan: `<dir>/mixed` (the marker stays outside it). */
  root: string;
  reused: boolean;
  ms: number;
  files: number;
  bytes: number;
  planted: PlantedKey[];
  config: { version: number; mb: number; seed: number; catalog: string };
}

/** Writes (or reuses, when the marker records the same config) the mixed-text tree. */
function mixedTree(base: string, mb: number, log: (s: string) => void): Tree {
  const t0 = performance.now();
  const dir = join(base, mb === 100 ? `secrets-mixed-v${VERSION}` : `secrets-mixed-v${VERSION}-${mb}mb`);
  const root = join(dir, 'mixed');
  const catalog = secretsCatalog();
  // The generator picks keys from the catalog: a changed catalog is a different tree.
  const catHash = createHash('sha256').update(catalog.entries.map((e) => `${e.rule}#${e.variant ?? ''}`).join('\n')).digest('hex').slice(0, 12);
  const config = { version: VERSION, mb, seed: SEED, catalog: catHash };
  const markerPath = join(dir, MARKER);
  if (existsSync(markerPath)) {
    try {
      const prev = JSON.parse(readFileSync(markerPath, 'utf8')) as Omit<Tree, 'dir' | 'root' | 'reused' | 'ms'>;
      if (JSON.stringify(prev.config) === JSON.stringify(config) && existsSync(root)) return { ...prev, dir, root, reused: true, ms: performance.now() - t0 };
    } catch {
      // unreadable marker: regenerate
    }
  }
  log(`secrets: writing ${mb} MB of mixed text to ${root} ...`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const r = generateMixedText(dir, mb, SEED, catalog);
  const tree = { files: r.files, bytes: r.bytes, planted: r.planted, config };
  writeFileSync(markerPath, JSON.stringify(tree) + '\n');
  spawnSync('sync');
  return { ...tree, dir, root, reused: false, ms: performance.now() - t0 };
}

/** Every file under `root` (what each tool should read), and the names that one of them might skip. */
function listTree(root: string): { files: number; bytes: number; hidden: string[] } {
  let files = 0;
  let bytes = 0;
  const hidden: string[] = [];
  for (const e of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    files++;
    bytes += statSync(join(e.parentPath, e.name)).size;
    const rel = relative(root, join(e.parentPath, e.name));
    if (rel.split('/').some((p) => p.startsWith('.') || p === 'node_modules')) hidden.push(rel);
  }
  return { files, bytes, hidden };
}

/** The literal keywords of every secrets catalog entry, deduplicated, one per line. */
export function catalogKeywords(): string[] {
  const set = new Set<string>();
  for (const e of secretsCatalog().entries) for (const k of e.keywords) set.add(k);
  return [...set];
}

interface Tool {
  key: 'lantern' | 'secretlint' | 'secretlintJson' | 'rg';
  cmd: string;
  argv: string[];
  /** Where the child's stdout goes. */
  stdout: string;
  okCodes: number[];
  runs: { ms: number; peakRssMb: number; code: number | null }[];
  best?: ChildRun & { ok: boolean };
  maxRssMb: number;
  /** Shell form of the command, for the notes. */
  shown: string;
}

const q = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
const fmtRuns = (t: Tool) => t.runs.map((x) => `${(x.ms / 1000).toFixed(2)} s/${x.peakRssMb.toFixed(0)} MB${x.code === 0 ? '' : ` exit ${x.code}`}`).join(', ');
const pkgVersion = (file: string): string | undefined => {
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { version?: string }).version;
  } catch {
    return undefined;
  }
};

/** Counts in secretlint's JSON report, read in a child process (the report holds every file's text: ~the tree's size). */
function countSecretlintJson(report: string, root: string): { files: number; messages: number; byRule: Record<string, number>; locs: string[] } | undefined {
  const script = `
    const r = JSON.parse(require('fs').readFileSync(process.argv[1], 'utf8'));
    const byRule = {}; const locs = []; let messages = 0;
    for (const f of r) for (const m of f.messages) {
      messages++;
      byRule[m.messageId || m.ruleId] = (byRule[m.messageId || m.ruleId] || 0) + 1;
      locs.push(require('path').relative(process.argv[2], f.filePath) + ':' + (m.loc && m.loc.start ? m.loc.start.line : 0));
    }
    process.stdout.write(JSON.stringify({ files: r.length, messages, byRule, locs }));`;
  const c = spawnSync(process.execPath, ['--max-old-space-size=4096', '-e', script, report, root], { encoding: 'utf8', maxBuffer: 64 * MB });
  if (c.status !== 0) return undefined;
  try {
    return JSON.parse(c.stdout) as { files: number; messages: number; byRule: Record<string, number>; locs: string[] };
  } catch {
    return undefined;
  }
}

export async function runSecretsBench(base: string, rows: Row[], extra: Record<string, unknown>, opts: SecretsBenchOptions, log: (s: string) => void): Promise<void> {
  const nRuns = opts.runs ?? 3;
  const tree = mixedTree(base, opts.mb, log);
  const listed = listTree(tree.root);
  rows.push({
    stage: tree.reused ? 'secrets: mixed text (reused)' : 'secrets: mixed text (generated)',
    wallS: tree.ms / 1000,
    files: listed.files,
    ...(tree.reused ? {} : { filesPerS: (listed.files * 1000) / tree.ms, mbPerS: listed.bytes / MB / (tree.ms / 1000) }),
    peakRssMb: peakRssMb(),
    note: `${tree.root}: ${listed.files} files, ${(listed.bytes / MB).toFixed(1)} MB, ${tree.planted.length} fake keys planted; no .gitignore, dotfile or node_modules in it${listed.hidden.length ? ` (EXCEPT: ${listed.hidden.slice(0, 5).join(', ')}: tools may read different files)` : ''}`,
  });

  const out = join(base, 'secrets-out');
  mkdirSync(out, { recursive: true });
  const lanternJson = join(out, 'lantern.json');
  const rc = join(out, '.secretlintrc.json');
  writeFileSync(rc, JSON.stringify({ rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] }) + '\n');
  const kwFile = join(out, 'keywords.txt');
  const keywords = catalogKeywords();
  writeFileSync(kwFile, keywords.join('\n') + '\n');
  const glob = `${tree.root}/**/*`;

  const secretlintBin = join(opts.pkgRoot, 'bench/peers/node_modules/.bin/secretlint');
  const slVersion = pkgVersion(join(opts.pkgRoot, 'bench/peers/node_modules/secretlint/package.json'));
  const presetVersion = pkgVersion(join(opts.pkgRoot, 'bench/peers/node_modules/@secretlint/secretlint-rule-preset-recommend/package.json'));
  const haveSecretlint = existsSync(secretlintBin) && slVersion !== undefined && presetVersion !== undefined;
  const rgV = spawnSync(RG, ['--version'], { encoding: 'utf8' });
  const rgVersion = rgV.status === 0 ? (rgV.stdout.split('\n')[0] ?? 'rg') : undefined;

  const tools: Tool[] = [];
  const tool = (key: Tool['key'], cmd: string, argv: string[], stdout: string, okCodes: number[], shown: string): Tool => {
    const t: Tool = { key, cmd, argv, stdout, okCodes, runs: [], maxRssMb: 0, shown };
    tools.push(t);
    return t;
  };
  const lArgv = [opts.cli, 'scan', tree.root, '--no-shadow-ai', '-f', 'json', '-o', lanternJson, '--fail-on', 'none', '--threads', String(opts.threads), '-q'];
  const lantern = tool('lantern', process.execPath, lArgv, '/dev/null', [0], `node ${lArgv.map(q).join(' ')}`);
  // secretlint exits 1 when it finds something (0 with --output); 2 is a fatal error. Timed with the
  // compact formatter (one line per finding); the JSON formatter, timed too as context, also copies
  // every scanned file's text into the report (about the tree's size), and gives the file count.
  const slOut = join(out, 'secretlint.txt');
  const slJson = join(out, 'secretlint.json');
  const slArgv = ['--secretlintrc', rc, '--format', 'compact', '--no-color', '--output', slOut, glob];
  const slJsonArgv = ['--secretlintrc', rc, '--format', 'json', '--output', slJson, glob];
  const secretlint = haveSecretlint ? tool('secretlint', secretlintBin, slArgv, '/dev/null', [0, 1], `${secretlintBin} ${slArgv.map(q).join(' ')}`) : undefined;
  const secretlintJson = haveSecretlint ? tool('secretlintJson', secretlintBin, slJsonArgv, '/dev/null', [0, 1], `${secretlintBin} ${slJsonArgv.map(q).join(' ')}`) : undefined;
  // rg prints `file:count` for the files with a hit (exit 1 when none has one); stdout goes to a
  // file, not /dev/null, so it cannot take the quiet path.
  const rgOut = join(out, 'rg.txt');
  const rgArgv = ['-c', '-i', '-F', '--no-ignore', '--hidden', '-f', kwFile, tree.root];
  const rg = rgVersion ? tool('rg', RG, rgArgv, rgOut, [0, 1], `rg ${rgArgv.map(q).join(' ')} > ${rgOut}`) : undefined;

  log(`secrets: warm-up run of ${tools.map((t) => t.key).join(', ')} ...`);
  for (const t of tools) {
    const w = await runMeasuredTo(t.cmd, t.argv, t.stdout, t.okCodes);
    log(`  ${t.key} warm-up: ${(w.ms / 1000).toFixed(2)} s, exit ${w.code}`);
  }
  for (let i = 0; i < nRuns; i++) {
    for (const t of tools) {
      const c = await runMeasuredTo(t.cmd, t.argv, t.stdout, t.okCodes);
      t.runs.push({ ms: c.ms, peakRssMb: c.peakRssMb, code: c.code });
      t.maxRssMb = Math.max(t.maxRssMb, c.peakRssMb);
      log(`  ${t.key} run ${i + 1}/${nRuns}: ${(c.ms / 1000).toFixed(2)} s, ${c.peakRssMb.toFixed(0)} MB, exit ${c.code}`);
      if (!t.best || (c.ok && (!t.best.ok || c.ms < t.best.ms))) t.best = c;
    }
  }
  const ok = (t: Tool | undefined): t is Tool & { best: ChildRun & { ok: boolean } } => t?.best?.ok === true;
  const runsNote = (t: Tool) => `wall: best of ${nRuns} after 1 untimed warm-up (page cache warm for every tool: it cannot be flushed here), RSS: highest of ${nRuns} by ${t.best?.how} (${fmtRuns(t)})`;
  const files = listed.files;
  const mbs = listed.bytes / MB;
  const plantedAt = new Set(tree.planted.map((p) => `${relative('mixed', p.path)}:${p.line}`));

  // (a) Lantern: what it found, from the last run's report.
  let lanternFound: { secrets: number; atPlanted: number; files: number; byRule: Record<string, number> } | undefined;
  try {
    const doc = JSON.parse(readFileSync(lanternJson, 'utf8')) as { summary: { files: number }; findings: { ruleId: string; location?: { path: string; line?: number } }[] };
    const secrets = doc.findings.filter((f) => f.ruleId.startsWith('secrets/'));
    const byRule: Record<string, number> = {};
    for (const f of secrets) byRule[f.ruleId] = (byRule[f.ruleId] ?? 0) + 1;
    const hit = new Set(secrets.map((f) => `${f.location?.path}:${f.location?.line}`).filter((k) => plantedAt.has(k)));
    lanternFound = { secrets: secrets.length, atPlanted: hit.size, files: doc.summary.files, byRule };
  } catch {
    // reported below
  }
  const lb = lantern.best as ChildRun & { ok: boolean };
  rows.push({
    stage: `secrets: lantern scan (${opts.mb} MB mixed text)`,
    wallS: lb.ms / 1000,
    files,
    filesPerS: (files * 1000) / lb.ms,
    mbPerS: mbs / (lb.ms / 1000),
    peakRssMb: lantern.maxRssMb,
    note: `${runsNote(lantern)}; exit ${lb.code}; ${lanternFound ? `${lanternFound.files} files scanned${lanternFound.files === files ? '' : ` (NOT the tree's ${files})`}, ${lanternFound.secrets} secret findings, at ${lanternFound.atPlanted} of the ${tree.planted.length} planted keys` : 'no report read'}; ${lantern.shown}${lb.ok ? '' : `; stderr: ${lb.stderr.slice(-500)}`}`,
  });

  // (b) secretlint.
  let slFound: { files: number; messages: number; byRule: Record<string, number>; atPlanted: number; compactLines: number } | undefined;
  if (secretlint && secretlintJson) {
    const j = countSecretlintJson(slJson, tree.root);
    const slJsonMb = existsSync(slJson) ? statSync(slJson).size / MB : NaN;
    rmSync(slJson, { force: true }); // about the tree's size: not worth keeping
    let compactLines = 0;
    try {
      compactLines = readFileSync(slOut, 'utf8').split('\n').filter((l) => /: line \d+, col \d+, /.test(l)).length;
    } catch {
      // no report
    }
    if (j) slFound = { files: j.files, messages: j.messages, byRule: j.byRule, atPlanted: new Set(j.locs.filter((l) => plantedAt.has(l))).size, compactLines };
    const sb = secretlint.best as ChildRun & { ok: boolean };
    const found = slFound ? `${slFound.files} of the tree's ${files} files in its JSON report${slFound.files === files ? '' : ' (NOT the same files)'}, ${slFound.messages} findings (compact report: ${compactLines}), at ${slFound.atPlanted} of the ${tree.planted.length} planted keys` : 'no JSON report read';
    rows.push({
      stage: `secrets: secretlint ${slVersion} preset-recommend`,
      wallS: sb.ms / 1000,
      files,
      filesPerS: (files * 1000) / sb.ms,
      mbPerS: mbs / (sb.ms / 1000),
      peakRssMb: secretlint.maxRssMb,
      note: `preset-recommend ${presetVersion}, one thread (Node), --format compact; ${runsNote(secretlint)}; exit ${sb.code}; ${found}; ${secretlint.shown}${sb.ok ? '' : `; stderr: ${sb.stderr.slice(-800)}`}`,
    });
    const jb = secretlintJson.best as ChildRun & { ok: boolean };
    rows.push({
      stage: `secrets: secretlint ${slVersion} --format json (context)`,
      wallS: jb.ms / 1000,
      files,
      filesPerS: (files * 1000) / jb.ms,
      mbPerS: mbs / (jb.ms / 1000),
      peakRssMb: secretlintJson.maxRssMb,
      target: '(context)',
      note: `the same with the JSON formatter, which copies every file's text into the report (${slJsonMb.toFixed(0)} MB); ${runsNote(secretlintJson)}; exit ${jb.code}; ${secretlintJson.shown}${jb.ok ? '' : `; stderr: ${jb.stderr.slice(-800)}`}`,
    });
  } else {
    rows.push({ stage: 'secrets: secretlint (not installed)', wallS: NaN, peakRssMb: NaN, note: `${secretlintBin} not found: run \`npm --prefix bench/peers install --no-audit --no-fund\` (or \`npm run bench:peers\`); ratio skipped` });
  }

  // (c) rg, the keyword search.
  let rgFound: { filesWithHit: number; lines: number; filesListed: number } | undefined;
  if (rg) {
    let filesWithHit = 0;
    let lines = 0;
    try {
      for (const l of readFileSync(rgOut, 'utf8').split('\n')) {
        const m = /:(\d+)$/.exec(l);
        if (!m) continue;
        filesWithHit++;
        lines += Number(m[1]);
      }
    } catch {
      // no output
    }
    const listedByRg = spawnSync(RG, ['--files', '--no-ignore', '--hidden', tree.root], { encoding: 'utf8', maxBuffer: 256 * MB });
    rgFound = { filesWithHit, lines, filesListed: listedByRg.stdout.split('\n').filter(Boolean).length };
    const rb = rg.best as ChildRun & { ok: boolean };
    rows.push({
      stage: 'secrets: rg keywords',
      wallS: rb.ms / 1000,
      files,
      filesPerS: (files * 1000) / rb.ms,
      mbPerS: mbs / (rb.ms / 1000),
      peakRssMb: rg.maxRssMb,
      note: `${rgVersion}, its default threads; the ${keywords.length} literal keywords of the secrets catalog, case-insensitive, no key regex and no validation; ${runsNote(rg)}; exit ${rb.code}; ${rgFound.filesListed} files read (rg --files)${rgFound.filesListed === files ? '' : ` (NOT the tree's ${files})`}, ${filesWithHit} with a keyword, ${lines} matching lines; ${rg.shown}${rb.ok ? '' : `; stderr: ${rb.stderr.slice(-500)}`}`,
    });
  } else {
    rows.push({ stage: 'secrets: rg (not installed)', wallS: NaN, peakRssMb: NaN, note: 'rg not found on PATH: `apt-get install ripgrep` (Debian/Ubuntu) or see https://github.com/BurntSushi/ripgrep; ratio skipped' });
  }

  // Ratios: "wall s" holds the ratio of the best wall times.
  const ratios: Record<string, number | undefined> = {};
  if (ok(secretlint) && lb.ok) {
    const r = secretlint.best.ms / lb.ms;
    ratios.secretlintOverLantern = r;
    rows.push({
      stage: 'secrets: ratio secretlint / lantern',
      wallS: r,
      peakRssMb: NaN,
      target: `>= ${SECRETS_TARGETS.vsSecretlint}x`,
      met: r >= SECRETS_TARGETS.vsSecretlint,
      note: `wall s column holds the ratio: ${r.toFixed(2)}x (${(secretlint.best.ms / 1000).toFixed(2)} s / ${(lb.ms / 1000).toFixed(2)} s); with secretlint's JSON formatter ${ok(secretlintJson) ? (secretlintJson.best.ms / lb.ms).toFixed(2) : '?'}x; peak RSS ${(secretlint.maxRssMb / lantern.maxRssMb).toFixed(2)}x; above 1 Lantern is faster`,
    });
  } else if (secretlint) rows.push({ stage: 'secrets: ratio secretlint / lantern', wallS: NaN, peakRssMb: NaN, target: `>= ${SECRETS_TARGETS.vsSecretlint}x`, note: `skipped: lantern exit ${lb.code}, secretlint exit ${secretlint.best?.code}` });
  if (ok(rg) && lb.ok) {
    const r = lb.ms / rg.best.ms;
    ratios.lanternOverRg = r;
    rows.push({
      stage: 'secrets: ratio lantern / rg',
      wallS: r,
      peakRssMb: NaN,
      target: `<= ${SECRETS_TARGETS.vsRg}x`,
      met: r <= SECRETS_TARGETS.vsRg,
      note: `wall s column holds the ratio: ${r.toFixed(2)}x (${(lb.ms / 1000).toFixed(2)} s / ${(rg.best.ms / 1000).toFixed(2)} s); Lantern's wall time includes node start-up and module loading (rg's start-up is a few ms)`,
    });
  } else if (rg) rows.push({ stage: 'secrets: ratio lantern / rg', wallS: NaN, peakRssMb: NaN, target: `<= ${SECRETS_TARGETS.vsRg}x`, note: `skipped: lantern exit ${lb.code}, rg exit ${rg.best?.code}` });

  extra.secrets = {
    tree: { root: tree.root, reused: tree.reused, files, bytes: listed.bytes, planted: tree.planted.length, config: tree.config },
    runs: nRuns,
    threads: opts.threads,
    targets: SECRETS_TARGETS,
    keywords: keywords.length,
    tools: Object.fromEntries(tools.map((t) => [t.key, { command: t.shown, best: t.best ? { ms: t.best.ms, code: t.best.code, peakRssMb: t.best.peakRssMb } : undefined, maxRssMb: t.maxRssMb, runs: t.runs }])),
    versions: { secretlint: slVersion, presetRecommend: presetVersion, rg: rgVersion },
    found: { lantern: lanternFound, secretlint: slFound, rg: rgFound },
    ratios,
  };
}

