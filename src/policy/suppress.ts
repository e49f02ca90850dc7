/**
 * Suppression, the way users of gitleaks and ESLint expect it, for every kind of finding:
 *
 * - inline: a `lantern-ignore` comment on the finding's line or on the line above, optionally
 *   naming rules (`lantern-ignore secrets/openai-project-key`, `lantern-ignore: secrets/*`);
 * - config `ignore:` entries matching a path glob (gitignore syntax), a rule (or `family/*`) and/or
 *   a fingerprint; each carries a reason and may carry an expiry date (YYYY-MM-DD), after which it
 *   no longer applies and is reported;
 * - a baseline file (`--baseline`, written by `--write-baseline`) of finding fingerprints, which
 *   do not change when lines move.
 *
 * Entries that suppressed nothing, and expired ones, come back as warnings so ignore lists do not
 * rot. Notebook findings (a cell and a line in it) and findings from git history (no file on disk)
 * are not checked for inline comments here; their detectors handle that themselves.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ignore from 'ignore';
import type { Finding, ScanWarning } from '../types.js';
import { lineStarts } from '../util/lines.js';

export interface IgnoreEntry {
  path?: string;
  rule?: string;
  fingerprint?: string;
  reason: string;
  /** YYYY-MM-DD: the entry applies up to and including that day. */
  expires?: string;
}

export interface BaselineEntry {
  fingerprint: string;
  ruleId: string;
  path: string;
  /**
   * How many findings had this fingerprint (the same content in the same file): only that many
   * are suppressed, so a new copy is a new finding. Absent in baselines of earlier versions: then
   * every copy is suppressed, as those versions did.
   */
  count?: number;
  reason?: string;
}

export interface Baseline {
  version: 1;
  tool: string;
  findings: BaselineEntry[];
}

export interface Suppression {
  finding: Finding;
  by: 'inline' | 'config' | 'baseline';
  reason?: string;
}

export interface SuppressOptions {
  root: string;
  ignore?: IgnoreEntry[];
  /** Where the ignore entries come from (for warnings). */
  ignoreSource?: string;
  baseline?: Baseline;
  baselineSource?: string;
  /** Today, for expiry (tests pass a fixed date). */
  today?: Date;
  /** Files larger than this are not read for inline comments. */
  maxTextBytes?: number;
}

const INLINE = /lantern-ignore(?![\w-])(?:[:\s]+((?:[a-z][a-z0-9-]*\/(?:\*|[a-z0-9-]+))(?:\s*,\s*[a-z][a-z0-9-]*\/(?:\*|[a-z0-9-]+))*))?/;

/** Whether a rule id matches a pattern: exact, or `family/*`. */
export function ruleMatches(pattern: string, ruleId: string): boolean {
  if (pattern === ruleId || pattern === '*') return true;
  return pattern.endsWith('/*') && ruleId.startsWith(pattern.slice(0, -1));
}

/** The rules an inline comment on this line names: undefined when none, [] for "all". */
export function inlineIgnore(line: string): string[] | undefined {
  const m = INLINE.exec(line);
  if (!m) return undefined;
  return m[1] ? m[1].split(',').map((s) => s.trim()) : [];
}

function expired(entry: { expires?: string }, today: Date): boolean {
  if (!entry.expires) return false;
  const end = Date.parse(`${entry.expires}T23:59:59.999Z`);
  return Number.isFinite(end) && today.getTime() > end;
}

export function applySuppressions(findings: Finding[], opts: SuppressOptions): { findings: Finding[]; suppressed: Suppression[]; warnings: ScanWarning[] } {
  const today = opts.today ?? new Date();
  const warnings: ScanWarning[] = [];
  const suppressed: Suppression[] = [];
  const kept: Finding[] = [];
  const maxBytes = opts.maxTextBytes ?? 8 * 1024 * 1024;

  // Inline comments: read each file once, only for findings that carry a line; only the lines
  // asked for are cut out of it.
  const files = new Map<string, { text: string; starts: number[] } | undefined>();
  const linesOf = (path: string): { at(i: number): string | undefined } | undefined => {
    let f = files.get(path);
    if (!files.has(path)) {
      try {
        const p = join(opts.root, path);
        if (statSync(p).size <= maxBytes) {
          const text = readFileSync(p, 'utf8');
          // Lines end at CR, LF and CRLF, as in the findings' positions (an LF loop without a CR).
          f = { text, starts: lineStarts(text, 'cr-lf') };
        }
      } catch {
        f = undefined;
      }
      files.set(path, f);
    }
    if (!f) return undefined;
    const { text, starts } = f;
    return {
      at(i: number) {
        const s = starts[i];
        if (s === undefined) return undefined;
        const next = starts[i + 1];
        return text.slice(s, next === undefined ? text.length : next).replace(/\r?\n$|\r$/, '');
      },
    };
  };

  const entries = (opts.ignore ?? []).map((e, i) => ({
    e,
    i,
    expired: expired(e, today),
    used: 0,
    path: e.path ? ignore().add(e.path) : undefined,
  }));
  for (const x of entries) {
    if (x.expired) warnings.push({ code: 'config/ignore-expired', path: opts.ignoreSource ?? '.lantern.yml', message: `ignore entry ${x.i + 1} (${describe(x.e)}) expired on ${x.e.expires}; it no longer applies` });
  }
  const baseline = new Map<string, { entry: BaselineEntry; used: number }>();
  for (const b of opts.baseline?.findings ?? []) baseline.set(b.fingerprint, { entry: b, used: 0 });

  for (const f of findings) {
    const loc = f.location;
    // 1. Inline.
    if (loc.line !== undefined && loc.cell === undefined && f.properties?.['lantern:commit'] === undefined) {
      const l = linesOf(loc.path);
      if (l) {
        const here = l.at(loc.line - 1);
        const above = loc.line >= 2 ? l.at(loc.line - 2) : undefined;
        const rules = (here !== undefined ? inlineIgnore(here) : undefined) ?? (above !== undefined ? inlineIgnore(above) : undefined);
        if (rules && (rules.length === 0 || rules.some((r) => ruleMatches(r, f.ruleId)))) {
          suppressed.push({ finding: f, by: 'inline' });
          continue;
        }
      }
    }
    // 2. Config entries.
    const hit = entries.find(
      (x) =>
        !x.expired &&
        (x.e.path === undefined || (x.path as ReturnType<typeof ignore>).ignores(loc.path)) &&
        (x.e.rule === undefined || ruleMatches(x.e.rule, f.ruleId)) &&
        (x.e.fingerprint === undefined || x.e.fingerprint === f.fingerprint),
    );
    if (hit) {
      hit.used++;
      suppressed.push({ finding: f, by: 'config', reason: hit.e.reason });
      continue;
    }
    // 3. Baseline.
    const b = baseline.get(f.fingerprint);
    if (b && (b.entry.count === undefined || b.used < b.entry.count)) {
      b.used++;
      suppressed.push({ finding: f, by: 'baseline', ...(b.entry.reason ? { reason: b.entry.reason } : {}) });
      continue;
    }
    kept.push(f);
  }

  for (const x of entries) {
    if (!x.expired && x.used === 0) warnings.push({ code: 'config/ignore-unused', path: opts.ignoreSource ?? '.lantern.yml', message: `ignore entry ${x.i + 1} (${describe(x.e)}) matched no finding; remove it` });
  }
  const unused = [...baseline.values()].filter((b) => b.used === 0);
  if (unused.length) {
    warnings.push({
      code: 'baseline/unused',
      path: opts.baselineSource ?? 'baseline',
      message: `${unused.length} baseline entr${unused.length === 1 ? 'y matches' : 'ies match'} no finding any more (fixed or moved to another file): ${unused
        .slice(0, 5)
        .map((b) => `${b.entry.ruleId} in ${b.entry.path}`)
        .join(', ')}${unused.length > 5 ? ', …' : ''}; write the baseline again to drop them`,
    });
  }
  return { findings: kept, suppressed, warnings };
}

function describe(e: IgnoreEntry): string {
  return [e.path ? `path ${e.path}` : '', e.rule ? `rule ${e.rule}` : '', e.fingerprint ? `fingerprint ${e.fingerprint.slice(0, 12)}…` : ''].filter(Boolean).join(', ') || 'everything';
}

/** A baseline of these findings (sorted, so the file diffs well). */
export function makeBaseline(findings: Finding[], tool: string): Baseline {
  const byFp = new Map<string, BaselineEntry>();
  const out: BaselineEntry[] = [];
  for (const f of findings) {
    const had = byFp.get(f.fingerprint);
    if (had) {
      had.count = (had.count ?? 1) + 1;
      continue;
    }
    const e: BaselineEntry = { fingerprint: f.fingerprint, ruleId: f.ruleId, path: f.location.path, count: 1 };
    byFp.set(f.fingerprint, e);
    out.push(e);
  }
  out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : a.fingerprint < b.fingerprint ? -1 : 1));
  return { version: 1, tool, findings: out };
}

export class BaselineError extends Error {}

/** Reads and checks a baseline file. */
export function readBaseline(path: string): Baseline {
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new BaselineError(`cannot read baseline ${path}: ${(e as Error).message}`);
  }
  const b = doc as Partial<Baseline>;
  if (!b || typeof b !== 'object' || b.version !== 1 || !Array.isArray(b.findings) || !b.findings.every((f) => f && typeof f.fingerprint === 'string' && typeof f.ruleId === 'string' && typeof f.path === 'string' && (f.count === undefined || (Number.isInteger(f.count) && f.count >= 1)))) {
    throw new BaselineError(`${path} is not a Lantern baseline (version 1, findings: [{ fingerprint, ruleId, path, count? }])`);
  }
  return b as Baseline;
}
