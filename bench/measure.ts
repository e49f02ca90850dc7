/**
 * Measuring helpers: wall clock, peak RSS, external commands (openssl, the built CLI under
 * /usr/bin/time -v), and the printed table.
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, readSync } from 'node:fs';

export interface Row {
  stage: string;
  wallS: number;
  files?: number;
  filesPerS?: number;
  mbPerS?: number;
  /** Peak RSS in MiB: of the bench process so far, or of the child for CLI rows. */
  peakRssMb: number;
  target?: string;
  met?: boolean;
  note?: string;
}

export const MB = 1024 * 1024;

/** Peak RSS of this process (worker threads included) since it started, in MiB. */
export function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

export function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

export async function timed<T>(fn: () => T | Promise<T>): Promise<{ value: T; ms: number }> {
  gc();
  const t0 = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - t0 };
}

/** Read a file once so the page cache holds it (a hole costs no I/O but is still "read"). */
export function warm(path: string): void {
  const buf = Buffer.allocUnsafe(4 * MB);
  const fd = openSync(path, 'r');
  try {
    while (readSync(fd, buf, 0, buf.length, null) > 0) {
      // discard
    }
  } finally {
    closeSync(fd);
  }
}

/** Wall time of `openssl dgst -sha256 <file>` and the digest it printed. */
export function opensslSha256(path: string): { ms: number; hex: string } | undefined {
  const t0 = performance.now();
  const r = spawnSync('openssl', ['dgst', '-sha256', '-r', path], { encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (r.status !== 0 || r.error) return undefined;
  return { ms, hex: r.stdout.split(' ')[0] ?? '' };
}

export interface ChildRun {
  ms: number;
  code: number | null;
  /** Peak RSS of the child in MiB (its worker threads are in the same process). */
  peakRssMb: number;
  how: string;
  stderr: string;
}

/** Runs a command and reports its wall time and peak RSS: /usr/bin/time -v if present, else polls /proc. */
export async function runMeasured(cmd: string, args: string[]): Promise<ChildRun> {
  return measureChild(cmd, args, 'ignore');
}

/** The child's stdout to `stdout` (ignored, or an open file); a child that cannot start ends with code null. */
async function measureChild(cmd: string, args: string[], stdout: 'ignore' | number): Promise<ChildRun> {
  const useTime = existsSync('/usr/bin/time');
  const [bin, argv] = useTime ? ['/usr/bin/time', ['-v', cmd, ...args]] : [cmd, args];
  const t0 = performance.now();
  const child = spawn(bin, argv, { stdio: ['ignore', stdout, 'pipe'] });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  let polled = 0;
  const poll = useTime
    ? undefined
    : setInterval(() => {
        try {
          const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
          if (m) polled = Math.max(polled, Number(m[1]) / 1024);
        } catch {
          // exited between polls
        }
      }, 20);
  const code = await new Promise<number | null>((resolve) => {
    child.on('error', () => resolve(null));
    child.on('close', (c) => resolve(c));
  });
  const ms = performance.now() - t0;
  if (poll) clearInterval(poll);
  let peak = polled;
  if (useTime) {
    const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
    if (m) peak = Number(m[1]) / 1024;
  }
  return { ms, code, peakRssMb: peak, how: useTime ? '/usr/bin/time -v' : 'polled /proc VmHWM', stderr };
}

const fmt = (n: number | undefined, digits = 0): string => (n === undefined || !Number.isFinite(n) ? '-' : n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }));

export function table(rows: Row[]): string {
  const head = ['stage', 'wall s', 'files/s', 'MB/s', 'peak RSS MB', 'target', 'met'];
  const body = rows.map((r) => [
    r.stage,
    fmt(r.wallS, 2),
    fmt(r.filesPerS),
    fmt(r.mbPerS, r.mbPerS !== undefined && r.mbPerS < 100 ? 1 : 0),
    fmt(r.peakRssMb),
    r.target ?? '',
    r.met === undefined ? '' : r.met ? 'yes' : 'NO',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] as string).length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 || i >= 5 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join('  ').trimEnd();
  const notes = rows.filter((r) => r.note).map((r) => `  ${r.stage}: ${r.note}`);
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line), ...(notes.length ? ['', 'notes:', ...notes] : [])].join('\n');
}

/**
 * Like runMeasured, but the child's stdout goes to `stdoutFile` (not /dev/null: some tools, GNU
 * grep for one, notice /dev/null and stop at the first match). `okCodes` are the exit codes that
 * count as success (reported as `ok`).
 */
export async function runMeasuredTo(cmd: string, args: string[], stdoutFile: string, okCodes: readonly number[] = [0]): Promise<ChildRun & { ok: boolean }> {
  const out = openSync(stdoutFile, 'w');
  try {
    const r = await measureChild(cmd, args, out);
    return { ...r, ok: r.code !== null && okCodes.includes(r.code) };
  } finally {
    closeSync(out);
  }
}
