/**
 * Hardcoded AI provider keys in every text file (source, .env*, YAML, JSON, TOML, INI, Dockerfile,
 * shell, Terraform, Markdown, MCP configs) and in notebooks (decoded first: code cells and saved
 * outputs). The engine is src/secrets (catalog rules/secrets.yaml); this detector turns its
 * matches into findings that hold only a masked preview and a SHA-256 of the key: the raw value
 * never leaves this function.
 *
 * Config `secrets.allow` regexes (tested against the key, or its line with `target: line`) drop a
 * match here, where the key still exists; which entries matched is handed on as a fact so unused
 * ones can be reported. The finding points at the provider's service component (`service:<id>`),
 * which the inventory creates from the `secretProviders` fact when nothing else named it.
 */
import { rule, type RuleSet } from '../rules/load.js';
import type { SecretAllow } from '../config/config.js';
import { emptyObservation, type Finding, type Location } from '../types.js';
import { secretsCatalog, scanText, scanNotebook, maskSecret, secretHash, anchorWords, contextWords, ASSIGN_NAMES, type Passes, type SecretMatch } from '../secrets/index.js';
import { keywordGroup, type KeywordGroup } from '../lang/keywords.js';
import { fingerprint } from '../util/hash.js';
import type { DetectContext, Detector } from './types.js';
import { lineOf, lineStarts } from '../util/lines.js';

/** Facts this detector hands on (plain data, no key material beyond what findings hold). */
export interface SecretFacts {
  /** Provider of each key found (for the service component and its evidence). */
  /** Where each key is, as evidence of its provider: in a notebook, its cell, the place inside it and the file's own (Location.fileLine). */
  providers: { provider: string; line: number; column: number; cell?: number; fileLine?: number; fileColumn?: number }[];
  /** Indexes of the `secrets.allow` entries that dropped a match in this file. */
  allowHits?: number[];
}

interface CompiledAllow {
  i: number;
  re: RegExp;
  line: boolean;
}

let compiled: { from: SecretAllow[] | undefined; list: CompiledAllow[] } | undefined;

function allowList(entries: SecretAllow[] | undefined, today: Date): CompiledAllow[] {
  if (compiled && compiled.from === entries) return compiled.list;
  const list: CompiledAllow[] = [];
  (entries ?? []).forEach((a, i) => {
    if (a.expires && today.getTime() > Date.parse(`${a.expires}T23:59:59.999Z`)) return;
    try {
      list.push({ i, re: new RegExp(a.regex, 'u'), line: a.target === 'line' });
    } catch {
      // The CLI rejects bad regexes before the scan; a library caller's bad entry is skipped.
    }
  });
  compiled = { from: entries, list };
  return list;
}

/**
 * Notebook matches come with a cell and a line inside it; annotations (SARIF, code review) need
 * the .ipynb file's own line. Keys are plain ASCII without JSON escapes, so each one is found in
 * the raw JSON text: the n-th match of a key is its n-th occurrence in the file (matches are in
 * document order); the file's lines end at CR, LF and CRLF, as everywhere in the secrets positions.
 * The cell and its line stay as properties. A key that cannot be found (an escaped form) keeps its
 * cell position.
 */
function inFile(text: string, matches: SecretMatch[]): (SecretMatch & { nb?: { cell: number; line: number; column: number; output: boolean } })[] {
  const from = new Map<string, number>();
  let lines: number[] | undefined;
  return matches.map((m) => {
    if (m.cell === undefined) return m;
    const at = text.indexOf(m.raw, from.get(m.raw) ?? 0);
    if (at < 0) return m;
    from.set(m.raw, at + m.raw.length);
    lines ??= lineStarts(text, 'cr-lf');
    const lo = lineOf(lines, at);
    const column = at - (lines[lo] as number) + 1;
    const { cell: _cell, ...rest } = m;
    return { ...rest, line: lo + 1, column, endLine: lo + 1, endColumn: column + m.raw.length, nb: { cell: m.cell, line: m.line, column: m.column, output: m.output === true } };
  });
}

/**
 * The line of a match without its line end, for `target: line` allow entries. Lines end at CR, LF
 * and CRLF, as the match's line does (so a CRLF file's line has no trailing CR either). `starts`
 * is the file's line table, built on first use.
 */
function lineAt(text: string, m: SecretMatch, starts: () => number[]): string {
  // Notebook positions are inside cells: test the key alone there.
  if (m.cell !== undefined) return m.raw;
  const lines = starts();
  const start = lines[Math.min(m.line, lines.length) - 1] as number;
  const next = lines[m.line];
  return text.slice(start, next === undefined ? text.length : next).replace(/\r?\n$|\r$/, '');
}

/** The two passes' keywords, found in the detectors' shared keyword pass (src/lang/keywords.ts). */
// The anchor index is case-sensitive (src/secrets/catalog.ts builds it so), like this group.
const mentionsAnchor = keywordGroup('secret-anchors', (rules) => anchorWords(secretsCatalog(rules)));
const mentionsAssignName = keywordGroup('secret-assignment-names', () => ASSIGN_NAMES, { ignoreCase: true });
// Case-insensitive whatever the index does: a superset either way.
const mentionsProvider = keywordGroup('secret-context', (rules) => contextWords(secretsCatalog(rules)), { ignoreCase: true });

/**
 * Which matcher passes can find anything in `text`, from the shared keyword pass. With `peek`,
 * only when the pass already ran on the text (for the SDK detectors): on its own it costs more
 * than the two passes it could skip (100 MB of mixed text: 255 ms for both passes, 205 ms for the
 * keyword pass).
 */
export function secretPasses(text: string, rules: RuleSet, peek = false): Passes {
  const ask = (g: KeywordGroup) => (peek ? g.peek(text, rules) : g.has(text, rules)) !== false;
  return { anchors: ask(mentionsAnchor), assignments: ask(mentionsAssignName) && ask(mentionsProvider) };
}

export const secretsDetector: Detector = {
  id: 'secrets',
  accepts: (s) => s.kind === 'text',
  detect(ctx: DetectContext) {
    const o = emptyObservation();
    const text = ctx.text();
    if (text === undefined) return o;
    const catalog = secretsCatalog(ctx.rules);
    const isNotebook = ctx.sniffed.kind === 'text' && ctx.sniffed.lang === 'notebook';
    const found = isNotebook ? scanNotebook(text, catalog) : scanText(text, catalog, { path: ctx.file.path, passes: secretPasses(text, ctx.rules, true) });
    if (!found.length) return o;
    const matches = isNotebook ? inFile(text, found) : found;
    const allow = allowList(ctx.secretAllow, new Date());
    const facts: SecretFacts = { providers: [] };
    const hits = new Set<number>();
    let lines: number[] | undefined;
    const starts = () => (lines ??= lineStarts(text, 'cr-lf'));
    for (const m of matches) {
      const a = allow.find((x) => x.re.test(x.line ? lineAt(text, m, starts) : m.raw));
      if (a) {
        hits.add(a.i);
        continue;
      }
      const nb = (m as { nb?: { cell: number; line: number; column: number; output: boolean } }).nb;
      o.findings.push(secretFinding(ctx, m, nb ? { 'lantern:notebook:cell': String(nb.cell), 'lantern:notebook:line': String(nb.line) } : {}, nb));
      if (m.provider === 'unknown') continue;
      if (nb) facts.providers.push({ provider: m.provider, line: nb.line, column: nb.column, cell: nb.cell, fileLine: m.line, fileColumn: m.column });
      else facts.providers.push({ provider: m.provider, line: m.line, column: m.column, ...(m.cell !== undefined ? { cell: m.cell } : {}) });
    }
    if (hits.size) facts.allowHits = [...hits].sort((x, y) => x - y);
    if (facts.providers.length || facts.allowHits) ctx.facts.secrets = facts;
    return o;
  },
};

/** The finding for one match: masked preview and hash only. */
export function secretFinding(ctx: Pick<DetectContext, 'rules'> & { file: { path: string } }, m: SecretMatch, extra: Record<string, string> = {}, nb?: { cell: number; line: number; output: boolean }): Finding {
  const r = rule(m.ruleId, ctx.rules);
  const masked = maskSecret(m.raw, m.ruleId);
  const hash = secretHash(m.raw);
  // A key inFile could not place in the .ipynb text keeps only its cell position, which is not a
  // line of the file: the finding names the file, and the cell and its line are properties.
  const location: Location = m.cell !== undefined ? { path: ctx.file.path } : { path: ctx.file.path, line: m.line, column: m.column, endLine: m.endLine, endColumn: m.endColumn };
  const inNb = nb ?? (m.cell !== undefined ? { cell: m.cell, line: m.line, output: m.output === true } : undefined);
  const where = inNb ? `${inNb.output ? 'a saved output of ' : ''}notebook cell ${inNb.cell}, line ${inNb.line}` : `line ${m.line}`;
  const properties: Record<string, string> = {
    'lantern:secret:masked': masked,
    'lantern:secret:sha256': hash,
    'lantern:secret:provider': m.provider,
    'lantern:secret:confidence': m.confidence,
    ...(m.cell !== undefined ? { 'lantern:notebook:cell': String(m.cell), 'lantern:notebook:line': String(m.line) } : {}),
    ...extra,
  };
  if (m.service) properties['lantern:secret:service'] = m.service;
  if (m.output || nb?.output) properties['lantern:secret:in-output'] = 'true';
  const f: Finding = {
    ruleId: r.id,
    severity: r.severity,
    message: `${r.title.replace(/ in the source$/, '')}: ${masked} (${where}, ${m.confidence} confidence). Revoke it at the provider, then remove it from the code and from git history.`,
    location,
    fingerprint: fingerprint(r.id, ctx.file.path, hash),
    properties,
  };
  if (m.provider !== 'unknown') f.componentRef = `service:${m.provider}`;
  return f;
}
