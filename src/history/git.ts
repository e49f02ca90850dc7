/**
 * Keys in past commits (`lantern scan --history [--since <rev>]`): a deleted key is still a leaked
 * key, readable by anyone with a clone. Reads `git log -p -U0` as a stream (bounded memory whatever
 * the history's size), collects the lines each commit added to each file, and runs the secrets
 * engine on them; line numbers are the file's lines in that commit.
 *
 * A key that is still in the working tree is reported by the tree scan, not again here; a key
 * added in several commits is reported once, at the commit that first added it. Inline
 * `lantern-ignore` comments on the added line or the line above are honoured; config ignore
 * entries and baselines apply afterwards like for any finding. Merge commits are skipped (their
 * changes are in their parents), as are binary diffs.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { SecretAllow } from '../config/config.js';
import { secretFinding } from '../detectors/secrets.js';
import { inlineIgnore, ruleMatches } from '../policy/suppress.js';
import type { RuleSet } from '../rules/load.js';
import { scanText, secretsCatalog, type SecretMatch } from '../secrets/index.js';
import type { Finding, ScanWarning } from '../types.js';

export interface HistoryOptions {
  /** Only commits after this revision (`<since>..HEAD`); all of HEAD's history when unset. */
  since?: string;
  secretAllow?: SecretAllow[];
  /** Added lines of one file in one commit beyond this many bytes are not scanned (with a warning). */
  maxBytes?: number;
}

export interface HistoryResult {
  findings: Finding[];
  warnings: ScanWarning[];
  commits: number;
  /** Providers of the keys found, for their service components. */
  providers: { provider: string; path: string; line: number; column: number }[];
}

export class HistoryError extends Error {}

function git(root: string, args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync('git', ['-C', root, ...args], { encoding: 'utf8' });
  if (r.error) throw new HistoryError(`--history needs git: ${r.error.message}`);
  return { code: r.status ?? -1, out: String(r.stdout ?? ''), err: String(r.stderr ?? '') };
}

/** A path from a diff header: `b/dir/f.txt`, or C-quoted `"b/dir/\303\251.txt"`. */
export function diffPath(raw: string): string | undefined {
  let p = raw.trim();
  if (p === '/dev/null') return undefined;
  if (p.startsWith('"') && p.endsWith('"')) {
    const bytes: number[] = [];
    const body = p.slice(1, -1);
    for (let i = 0; i < body.length; i++) {
      const c = body[i] as string;
      if (c !== '\\') {
        bytes.push(...Buffer.from(c, 'utf8'));
        continue;
      }
      const d = body[++i] ?? '';
      if (/[0-7]/.test(d)) {
        bytes.push(parseInt(body.slice(i, i + 3), 8));
        i += 2;
      } else bytes.push(({ n: 10, t: 9, r: 13, '"': 34, '\\': 92 } as Record<string, number>)[d] ?? d.charCodeAt(0));
    }
    p = Buffer.from(bytes).toString('utf8');
  }
  return p.startsWith('b/') ? p.slice(2) : p;
}

export async function scanHistory(root: string, rules: RuleSet, opts: HistoryOptions = {}): Promise<HistoryResult> {
  const inside = git(root, ['rev-parse', '--is-inside-work-tree']);
  if (inside.code !== 0 || inside.out.trim() !== 'true') throw new HistoryError(`--history needs a git repository; ${root} is not one`);
  const head = git(root, ['rev-parse', '--verify', '--quiet', 'HEAD']);
  if (head.code !== 0) return { findings: [], warnings: [], commits: 0, providers: [] };
  if (opts.since !== undefined) {
    const s = git(root, ['rev-parse', '--verify', '--quiet', `${opts.since}^{commit}`]);
    if (s.code !== 0) throw new HistoryError(`--since ${opts.since}: no such revision`);
  }
  const range = opts.since !== undefined ? `${opts.since}..HEAD` : 'HEAD';
  const catalog = secretsCatalog(rules);
  const maxBytes = opts.maxBytes ?? 8 * 1024 * 1024;
  const allow = (opts.secretAllow ?? [])
    .filter((a) => !a.expires || Date.now() <= Date.parse(`${a.expires}T23:59:59.999Z`))
    .flatMap((a) => {
      try {
        return [{ re: new RegExp(a.regex, 'u'), line: a.target === 'line' }];
      } catch {
        return [];
      }
    });

  const byFingerprint = new Map<string, Finding>();
  const providers = new Map<string, HistoryResult['providers'][number]>();
  const warnings: ScanWarning[] = [];
  let commits = 0;
  let commit = '';
  let date = '';
  let path: string | undefined;
  let lines: string[] = [];
  let lineNos: number[] = [];
  let bytes = 0;
  let next = 0;
  let skipFile = false;
  let header = false; // between `diff --git` and the first hunk: `+++ b/path` is a header there

  const flush = () => {
    if (path !== undefined && lines.length && !skipFile) {
      const text = lines.join('\n');
      let matches: SecretMatch[] = [];
      try {
        // Added lines are not a whole notebook: scanned as text (scanText falls back for .ipynb).
        matches = scanText(text, catalog, { path });
      } catch (e) {
        warnings.push({ code: 'history/error', path, message: `commit ${commit.slice(0, 12)}: ${(e as Error).message}` });
      }
      for (const m of matches) {
        const here = lines[m.line - 1] ?? '';
        const above = m.line >= 2 && lineNos[m.line - 2] === (lineNos[m.line - 1] as number) - 1 ? lines[m.line - 2] : undefined;
        const named = inlineIgnore(here) ?? (above !== undefined ? inlineIgnore(above) : undefined);
        if (named && (named.length === 0 || named.some((r) => ruleMatches(r, m.ruleId)))) continue;
        if (allow.some((a) => a.re.test(a.line ? here : m.raw))) continue;
        const real = { ...m, line: lineNos[m.line - 1] as number, endLine: (lineNos[m.line - 1] as number) + (m.endLine - m.line) };
        const f = secretFinding({ rules, file: { path } }, real, { 'lantern:commit': commit, 'lantern:commit-date': date });
        f.message = `${f.message.replace(/ Revoke it.*$/, '')} Committed in ${commit.slice(0, 12)} (${date.slice(0, 10)}); no longer in the working tree, but readable in the history of every clone. Revoke it at the provider; rewriting history does not un-leak it.`;
        // git log runs newest first: the last one seen is the commit that introduced the key.
        byFingerprint.set(f.fingerprint, f);
        if (m.provider !== 'unknown') providers.set(f.fingerprint, { provider: m.provider, path, line: real.line, column: m.column });
      }
    }
    lines = [];
    lineNos = [];
    bytes = 0;
    skipFile = false;
  };

  // core.bigFileThreshold: git diffs a blob larger than this as binary, so no single diff line
  // (a minified megabyte-long line, a huge generated file) is read into memory whole.
  const child = spawn('git', ['-C', root, '-c', 'core.quotePath=true', '-c', `core.bigFileThreshold=${maxBytes}`, 'log', '-p', '-U0', '--no-color', '--no-ext-diff', '--no-merges', '--no-renames', '--format=%x00%H %cI', range], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    if (stderr.length < 4096) stderr += d.toString('utf8');
  });
  const exited = new Promise<number>((resolve, reject) => {
    child.on('error', (e) => reject(new HistoryError(`--history needs git: ${e.message}`)));
    child.on('close', (code) => resolve(code ?? -1));
  });
  const rl = createInterface({ input: child.stdout, crlfDelay: Infinity });
  for await (const line of rl) {
    if (line.startsWith('\0')) {
      flush();
      path = undefined;
      const [sha, when] = line.slice(1).split(' ');
      commit = sha ?? '';
      date = when ?? '';
      commits++;
    } else if (line.startsWith('diff --git ')) {
      flush();
      path = undefined;
      header = true;
    } else if (header && line.startsWith('+++ ')) {
      path = diffPath(line.slice(4));
    } else if (header && line.startsWith('Binary files ')) {
      skipFile = true;
    } else if (line.startsWith('@@')) {
      header = false;
      const m = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(line);
      next = m ? Number(m[1]) : 0;
    } else if (!header && line.startsWith('+') && path !== undefined && !skipFile) {
      const body = line.slice(1);
      bytes += body.length + 1;
      if (bytes > maxBytes) {
        skipFile = true;
        warnings.push({ code: 'history/too-large', path, message: `commit ${commit.slice(0, 12)} adds more than ${maxBytes} bytes to this file; its additions were not scanned` });
        continue;
      }
      lines.push(body);
      lineNos.push(next++);
    }
  }
  flush();
  const code = await exited;
  if (code !== 0) throw new HistoryError(`git log failed (${code}): ${stderr.trim().split('\n')[0] ?? ''}`);
  return { findings: [...byFingerprint.values()], warnings, commits, providers: [...providers.values()] };
}
