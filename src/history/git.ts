/**
 * Keys in past commits (`lantern scan --history [--since <rev>]`): a deleted key is still a leaked
 * key, readable by anyone with a clone. Reads `git log -p -U0` as a stream (bounded memory whatever
 * the history's size), collects the lines each commit added to each file, and runs the secrets
 * engine on them; line numbers are the file's lines in that commit.
 *
 * Lines: git's records (and its hunk line numbers) end at LF alone, so the output is split there
 * and a lone CR stays inside its record; a `+` after a CR is no added line. Inside the added lines
 * the engine counts CR, LF and CRLF, as the tree scan does for the file, so a key after a lone CR
 * is on the line editors (and the tree scan of that commit's file) show: the hunk's line, plus the
 * lone CRs in the file's lines above it (counted in the blob, only for keys found, see loneCrs),
 * plus the line ends before the key inside its record.
 *
 * A key that is still in the working tree is reported by the tree scan, not again here; a key
 * added in several commits is reported once, at the commit that first added it. Inline
 * `lantern-ignore` comments on the added line or the line above are honoured; config ignore
 * entries and baselines apply afterwards like for any finding. Merge commits are skipped (their
 * changes are in their parents), as are binary diffs.
 */
import { spawn, spawnSync } from 'node:child_process';
import { StringDecoder } from 'node:string_decoder';
import type { SecretAllow } from '../config/config.js';
import { secretFinding } from '../detectors/secrets.js';
import { inlineIgnore, ruleMatches } from '../policy/suppress.js';
import type { RuleSet } from '../rules/load.js';
import { scanText, secretsCatalog, type SecretMatch } from '../secrets/index.js';
import type { Finding, ScanWarning } from '../types.js';
import { lineOf, lineStarts } from '../util/lines.js';

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

/**
 * For each git line number in `lines` (ascending, distinct), the lone CRs (old Mac line ends, not
 * the CR of a CRLF) in the blob's lines above it: the editor lines git does not count. Streamed,
 * stopping at the last line asked for; an unreadable blob gives an empty map.
 */
async function loneCrs(root: string, blob: string, lines: readonly number[]): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  let k = 0;
  for (; k < lines.length && (lines[k] as number) <= 1; k++) out.set(lines[k] as number, 0);
  if (k === lines.length) return out;
  const child = spawn('git', ['-C', root, 'cat-file', 'blob', blob], { stdio: ['ignore', 'pipe', 'ignore'] });
  child.on('error', () => undefined);
  let line = 1;
  let crs = 0;
  let cr = false;
  try {
    for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
      for (let j = 0; j < chunk.length && k < lines.length; j++) {
        const b = chunk[j] as number;
        if (cr && b !== 10) crs++;
        cr = b === 13;
        if (b === 10 && ++line === lines[k]) out.set(lines[k++] as number, crs);
      }
      if (k === lines.length) break;
    }
  } finally {
    child.kill();
  }
  return out;
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

  // The key of each fingerprint at the commit that introduced it: where it sits in git's lines
  // (`gitLine`, the hunk's numbering, and `sub` line ends before it inside that record) and the
  // blob that commit made of the file. The findings are made at the end, once the lines are known.
  interface Found {
    m: SecretMatch;
    path: string;
    commit: string;
    date: string;
    gitLine: number;
    sub: number;
    blob: string | undefined;
  }
  const byFingerprint = new Map<string, Found>();
  const warnings: ScanWarning[] = [];
  let commits = 0;
  let commit = '';
  let date = '';
  let path: string | undefined;
  let blob: string | undefined;
  let lines: string[] = [];
  let lineNos: number[] = [];
  let bytes = 0;
  let next = 0;
  let skipFile = false;
  let header = false; // between `diff --git` and the first hunk: `+++ b/path` is a header there

  const flush = () => {
    if (path !== undefined && lines.length && !skipFile) {
      // One git line is one record; lone CRs inside it end the lines the engine counts (CR, LF
      // and CRLF, as for the tree), and a CRLF's CR before the joining LF makes one line end.
      const text = lines.join('\n');
      let matches: SecretMatch[] = [];
      try {
        // Added lines are not a whole notebook: scanned as text (scanText falls back for .ipynb).
        matches = scanText(text, catalog, { path });
      } catch (e) {
        warnings.push({ code: 'history/error', path, message: `commit ${commit.slice(0, 12)}: ${(e as Error).message}` });
      }
      const starts = matches.length ? lineStarts(text, 'cr-lf') : [];
      const records = matches.length && text.includes('\r') ? lineStarts(text, 'lf') : starts;
      const lineText = (n: number) => text.slice(starts[n], starts[n + 1] ?? text.length).replace(/\r?\n$|\r$/, '');
      for (const m of matches) {
        // The record (added git line) holding the key, and the line ends before it inside.
        const at = (starts[m.line - 1] as number) + m.column - 1;
        const i = lineOf(records, at);
        const sub = m.line - 1 - lineOf(starts, records[i] as number);
        const here = lineText(m.line - 1);
        // The line above, when it was added too: in the same record, or the record just above.
        const above = sub > 0 || (i >= 1 && lineNos[i - 1] === (lineNos[i] as number) - 1) ? lineText(m.line - 2) : undefined;
        const named = inlineIgnore(here) ?? (above !== undefined ? inlineIgnore(above) : undefined);
        if (named && (named.length === 0 || named.some((r) => ruleMatches(r, m.ruleId)))) continue;
        if (allow.some((a) => a.re.test(a.line ? here : m.raw))) continue;
        const gitLine = lineNos[i] as number;
        const fp = secretFinding({ rules, file: { path } }, m).fingerprint;
        // git log runs newest first: the last one seen is the commit that introduced the key.
        byFingerprint.set(fp, { m, path, commit, date, gitLine, sub, blob });
      }
    }
    lines = [];
    lineNos = [];
    bytes = 0;
    skipFile = false;
  };

  // core.bigFileThreshold: git diffs a blob larger than this as binary, so no single diff line
  // (a minified megabyte-long line, a huge generated file) is read into memory whole.
  const child = spawn('git', ['-C', root, '-c', 'core.quotePath=true', '-c', `core.bigFileThreshold=${maxBytes}`, 'log', '-p', '-U0', '--no-color', '--no-ext-diff', '--no-merges', '--no-renames', '--full-index', '--format=%x00%H %cI', range], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    if (stderr.length < 4096) stderr += d.toString('utf8');
  });
  const exited = new Promise<number>((resolve, reject) => {
    child.on('error', (e) => reject(new HistoryError(`--history needs git: ${e.message}`)));
    child.on('close', (code) => resolve(code ?? -1));
  });
  const onLine = (line: string): void => {
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
      blob = undefined;
      header = true;
    } else if (header && line.startsWith('index ')) {
      blob = /^index [0-9a-f]+\.\.([0-9a-f]+)/.exec(line)?.[1];
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
        return;
      }
      lines.push(body);
      lineNos.push(next++);
    }
  };
  // Git's records end at LF alone (a lone CR is part of its record, as in git's own line
  // numbers); decoded as UTF-8 across chunk boundaries, one record at a time.
  const decoder = new StringDecoder('utf8');
  let rest = '';
  const feed = (s: string): void => {
    let from = 0;
    for (let nl = s.indexOf('\n'); nl !== -1; nl = s.indexOf('\n', from)) {
      onLine(rest + s.slice(from, nl));
      rest = '';
      from = nl + 1;
    }
    rest += s.slice(from);
  };
  for await (const chunk of child.stdout as AsyncIterable<Buffer>) feed(decoder.write(chunk));
  feed(decoder.end());
  if (rest) onLine(rest);
  flush();
  const code = await exited;
  if (code !== 0) throw new HistoryError(`git log failed (${code}): ${stderr.trim().split('\n')[0] ?? ''}`);

  // Editor lines: a record below the file's first line starts after the lone CRs above it, which
  // only the blob shows (one streamed read per blob that holds a key there).
  const asked = new Map<string, number[]>();
  for (const f of byFingerprint.values()) {
    if (f.gitLine <= 1 || f.blob === undefined) continue;
    const ls = asked.get(f.blob) ?? [];
    ls.push(f.gitLine);
    asked.set(f.blob, ls);
  }
  const crsAbove = new Map<string, Map<number, number>>();
  for (const [b, ls] of asked) crsAbove.set(b, await loneCrs(root, b, [...new Set(ls)].sort((x, y) => x - y)));
  const findings: Finding[] = [];
  const providers: HistoryResult['providers'] = [];
  for (const { m, path: p, commit: sha, date: when, gitLine, sub, blob: b } of byFingerprint.values()) {
    const line = gitLine + (b !== undefined ? (crsAbove.get(b)?.get(gitLine) ?? 0) : 0) + sub;
    const f = secretFinding({ rules, file: { path: p } }, { ...m, line, endLine: line + (m.endLine - m.line) }, { 'lantern:commit': sha, 'lantern:commit-date': when });
    f.message = `${f.message.replace(/ Revoke it.*$/, '')} Committed in ${sha.slice(0, 12)} (${when.slice(0, 10)}); no longer in the working tree, but readable in the history of every clone. Revoke it at the provider; rewriting history does not un-leak it.`;
    findings.push(f);
    if (m.provider !== 'unknown') providers.push({ provider: m.provider, path: p, line, column: m.column });
  }
  return { findings, warnings, commits, providers };
}
