/**
 * Agent instruction, rule, skill, subagent and command files (rules/agent.yaml `agentFiles`):
 * AGENTS.md, CLAUDE.md, GEMINI.md, .cursorrules, .cursor/rules/*.mdc, .github/copilot-instructions.md,
 * .claude/skills/<name>/SKILL.md, .claude/agents/*.md, ...
 *
 * - `agent-files` (Shadow AI): one `agent` component per file, named by its front matter's `name`
 *   (skills and subagents) or its path, with the client, kind, path, the tools its front matter
 *   allows, the file's SHA-256 and an occurrence at line 1;
 * - `agent-hidden-text` (always on, like the other checks of content an AI reads):
 *   agent/hidden-text at the first invisible or reordering character of the file, with the count.
 */
import { parse as parseYaml } from 'yaml';
import type { Component, Observation } from '../../types.js';
import { emptyObservation } from '../../types.js';
import { lineOf, lineStarts } from '../../util/lines.js';
import { scanHiddenChars, type HiddenClass } from '../../util/hidden-chars.js';
import { makeFinding } from '../finding.js';
import type { DetectContext, Detector } from '../types.js';
import { agentFile, type AgentFileEntry } from './catalog.js';
import { loadRules } from '../../rules/load.js';

export const agentRef = (path: string): string => `agent:${path}`;

/** Front matter is read up to this many characters; a name and a tools list up to these. */
const MAX_FRONT_MATTER = 16 * 1024;
const MAX_NAME = 200;
const MAX_TOOLS = 500;

export interface FrontMatter {
  name?: string;
  tools?: string;
}

/**
 * The `name` and `allowed-tools` (skills) / `tools` (subagents) of a Markdown file's YAML front
 * matter (`---` on the first line, up to the next `---` line). Undefined without front matter;
 * `error` when it does not parse.
 */
export function frontMatter(text: string): { fm: FrontMatter; error?: string } | undefined {
  const open = /^---[ \t]*(?:\r\n|\r|\n)/.exec(text);
  if (!open) return undefined;
  const head = text.slice(open[0].length, open[0].length + MAX_FRONT_MATTER);
  const close = /^---[ \t]*$/m.exec(head.replace(/\r\n?/g, '\n'));
  if (!close) return undefined;
  let doc: unknown;
  try {
    doc = parseYaml(head.replace(/\r\n?/g, '\n').slice(0, close.index), { maxAliasCount: 0, uniqueKeys: false });
  } catch (e) {
    return { fm: {}, error: (e instanceof Error ? e.message : String(e)).split('\n')[0] };
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return { fm: {} };
  const o = doc as Record<string, unknown>;
  const fm: FrontMatter = {};
  if (typeof o.name === 'string' && o.name.trim()) fm.name = bound(o.name.trim(), MAX_NAME);
  const t = o['allowed-tools'] ?? o.allowedTools ?? o.tools;
  const tools = typeof t === 'string' ? t.trim() : Array.isArray(t) ? t.filter((x): x is string => typeof x === 'string').map((x) => x.trim()).filter(Boolean).join(', ') : undefined;
  if (tools) fm.tools = bound(tools, MAX_TOOLS);
  return { fm };
}

function bound(s: string, n: number): string {
  const one = s.replace(/\s+/g, ' ');
  return one.length > n ? `${one.slice(0, n - 1)}…` : one;
}

export function agentComponent(path: string, entry: AgentFileEntry, sha256: string, fm: FrontMatter | undefined): Component {
  const named = entry.kind === 'skill' || entry.kind === 'subagent';
  const c: Component = {
    ref: agentRef(path),
    kind: 'agent',
    name: (named ? fm?.name : undefined) ?? path,
    hashes: [{ alg: 'SHA-256', value: sha256 }],
    properties: { 'lantern:agent:client': entry.client, 'lantern:agent:kind': entry.kind, 'lantern:agent:path': path },
    evidence: [{ path, line: 1 }],
  };
  if (fm?.tools) c.properties['lantern:agent:tools'] = fm.tools;
  return c;
}

export const agentFileDetector: Detector = {
  id: 'agent-files',
  shadowAi: true,
  accepts: (s, file) => s.kind === 'text' && agentFile(file.path, loadRules()) !== undefined,
  detect(ctx) {
    const o = emptyObservation();
    const entry = agentFile(ctx.file.path, ctx.rules);
    const text = ctx.text();
    if (entry === undefined || text === undefined) return o;
    const fm = frontMatter(text);
    if (fm?.error !== undefined) o.warnings.push({ code: 'agent/malformed-front-matter', path: ctx.file.path, message: `front matter is not valid YAML: ${fm.error}` });
    o.components.push(agentComponent(ctx.file.path, entry, ctx.sha256(), fm?.fm));
    return o;
  },
};

const CLASS_NAMES: Record<HiddenClass, string> = { 'zero-width': 'zero-width', bidi: 'bidirectional control', tag: 'Unicode tag', 'variation-selector': 'variation selector' };

export const agentHiddenTextDetector: Detector = {
  id: 'agent-hidden-text',
  accepts: (s, file) => s.kind === 'text' && agentFile(file.path, loadRules()) !== undefined,
  detect(ctx) {
    const o = emptyObservation();
    const text = ctx.text();
    if (text === undefined || agentFile(ctx.file.path, ctx.rules) === undefined) return o;
    const hit = hiddenTextFinding(ctx, text);
    if (hit) o.findings.push(hit);
    return o;
  },
};

function hiddenTextFinding(ctx: DetectContext, text: string): Observation['findings'][number] | undefined {
  const r = scanHiddenChars(text);
  if (r.first === undefined) return undefined;
  const starts = lineStarts(text, 'cr-lf');
  const l = lineOf(starts, r.first.index);
  const classes = (Object.keys(r.counts) as HiddenClass[]).filter((k) => r.counts[k] > 0);
  const parts = classes.map((k) => `${r.counts[k]} ${CLASS_NAMES[k]}`);
  const u = `U+${r.first.codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
  return makeFinding(ctx, {
    ruleId: 'agent/hidden-text',
    message: `${ctx.file.path} holds ${r.total} invisible or reordering character${r.total === 1 ? '' : 's'} (${parts.join(', ')}), the first ${u}: text a reviewer does not see, which the agent reads.`,
    key: classes.join(','),
    line: l + 1,
    column: r.first.index - (starts[l] as number) + 1,
    componentRef: agentRef(ctx.file.path),
    properties: { 'lantern:hidden:count': String(r.total), 'lantern:hidden:classes': classes.join(','), 'lantern:hidden:first': u },
  });
}

export const AGENT_DETECTORS: readonly Detector[] = [agentFileDetector, agentHiddenTextDetector];
