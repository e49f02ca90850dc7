/**
 * Agent instruction, rule, skill, subagent and command files (rules/agent.yaml `agentFiles`):
 * AGENTS.md, CLAUDE.md, GEMINI.md, .cursorrules, .cursor/rules/*.mdc, .github/copilot-instructions.md,
 * .claude/skills/<name>/SKILL.md, .claude/agents/*.md, ...
 *
 * - `agent-files` (Shadow AI): one `agent` component per file, named by its front matter's `name`
 *   (skills and subagents) or its path, with the client, kind, path, the tools its front matter
 *   allows, the file's SHA-256 and an occurrence at line 1;
 * - `agent-hidden-text` (always on, like the other checks of content an AI reads):
 *   agent/hidden-text at the first invisible or reordering character of the file, with the count;
 *   in an MCP client config (rules/mcp.yaml `configFiles`), one at each key or string value that
 *   holds them (a server's name, description, args, env: tool poisoning), with its key path.
 */
import { parse as parseYaml } from 'yaml';
import { MAX_YAML_DEPTH, yamlNestingOk } from '../../util/yaml-depth.js';
import type { Component, Observation } from '../../types.js';
import { emptyObservation } from '../../types.js';
import { lineOf, lineStarts } from '../../util/lines.js';
import { mayHoldHidden, scanHiddenChars, showHidden, type HiddenClass, type HiddenScan } from '../../util/hidden-chars.js';
import { configStrings, mcpServerRefs, mcpServers, type CfgString } from '../../lang/mcp-config.js';
import { sdkCatalog } from '../sdks/catalog.js';
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
  const yaml = head.replace(/\r\n?/g, '\n').slice(0, close.index);
  if (!yamlNestingOk(yaml)) return { fm: {}, error: `nested deeper than ${MAX_YAML_DEPTH} levels; not read` };
  let doc: unknown;
  try {
    doc = parseYaml(yaml, { maxAliasCount: 0, uniqueKeys: false });
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
  accepts: (s, file) => s.kind === 'text' && (agentFile(file.path, loadRules()) !== undefined || sdkCatalog(loadRules()).mcpConfig(file.path) !== undefined),
  detect(ctx) {
    const o = emptyObservation();
    const text = ctx.text();
    if (text === undefined) return o;
    if (agentFile(ctx.file.path, ctx.rules) !== undefined) {
      const hit = hiddenTextFinding(ctx, text);
      if (hit) o.findings.push(hit);
      return o;
    }
    const mcp = sdkCatalog(ctx.rules).mcpConfig(ctx.file.path);
    // The characters themselves, or an escape that decodes to one (`\u200b` in JSON, YAML, TOML).
    if (mcp === undefined || !(mayHoldHidden(text) || /\\[uU]/.test(text))) return o;
    const r = configStrings(ctx.file.path, text, mcp.format, (v) => scanHiddenChars(v).total > 0, { key: mcp.key, shape: mcp });
    // A hit inside a server's entry is that server's: the ref its mcp-server component gets.
    const refs = r.strings.some((s) => s.server !== undefined) ? mcpServerRefs(ctx.file.path, mcpServers(ctx.file.path, text, mcp.format, mcp.key, mcp).servers.map((s) => s.name)) : [];
    for (const s of r.strings.slice(0, MAX_CONFIG_HITS)) o.findings.push(configHiddenFinding(ctx, s, s.server === undefined ? undefined : refs[s.server]?.ref));
    if (r.strings.length > MAX_CONFIG_HITS) o.warnings.push({ code: 'agent/hidden-text-truncated', path: ctx.file.path, message: `${r.strings.length} keys and values hold hidden characters; the first ${MAX_CONFIG_HITS} are reported` });
    return o;
  },
};

/** Findings per MCP config file: one per key or value that holds hidden characters, up to this many. */
const MAX_CONFIG_HITS = 20;

/** The counts of a scan as words: `2 zero-width, 1 Unicode tag`. */
function classWords(r: HiddenScan): { classes: HiddenClass[]; words: string } {
  const classes = (Object.keys(r.counts) as HiddenClass[]).filter((k) => r.counts[k] > 0);
  return { classes, words: classes.map((k) => `${r.counts[k]} ${CLASS_NAMES[k]}`).join(', ') };
}

const codePoint = (cp: number): string => `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * agent/hidden-text for one key or string value of an MCP client config (a server's name,
 * description, command, args, env, URL): where it is (its key path, shown with the hidden
 * characters escaped) and its line; the value itself is not repeated (it may be a credential).
 * Inside a server's entry it references that server's mcp-server component.
 */
function configHiddenFinding(ctx: DetectContext, s: CfgString, serverRef: string | undefined): Observation['findings'][number] {
  const r = scanHiddenChars(s.value);
  const { classes, words } = classWords(r);
  const u = codePoint(r.first?.codePoint ?? 0);
  const where = showHidden(s.at);
  const f = makeFinding(ctx, {
    ruleId: 'agent/hidden-text',
    message: `${ctx.file.path}: the ${s.key ? 'key' : 'value'} at ${where} holds ${r.total} invisible or reordering character${r.total === 1 ? '' : 's'} (${words}), the first ${u}: text a reviewer does not see, which the MCP client and the model read.`,
    key: `${s.key ? 'key' : 'value'}:${s.at}:${classes.join(',')}`,
    line: s.line,
    properties: { 'lantern:hidden:count': String(r.total), 'lantern:hidden:classes': classes.join(','), 'lantern:hidden:first': u, 'lantern:hidden:at': where },
  });
  // In a server's entry, that server's component; else none: the finding is the config file's
  // (makeFinding's default would name a model).
  const { componentRef: _none, ...rest } = f;
  return serverRef === undefined ? rest : { ...rest, componentRef: serverRef };
}

function hiddenTextFinding(ctx: DetectContext, text: string): Observation['findings'][number] | undefined {
  const r = scanHiddenChars(text);
  if (r.first === undefined) return undefined;
  const starts = lineStarts(text, 'cr-lf');
  const l = lineOf(starts, r.first.index);
  const { classes, words } = classWords(r);
  const u = codePoint(r.first.codePoint);
  return makeFinding(ctx, {
    ruleId: 'agent/hidden-text',
    message: `${ctx.file.path} holds ${r.total} invisible or reordering character${r.total === 1 ? '' : 's'} (${words}), the first ${u}: text a reviewer does not see, which the agent reads.`,
    key: classes.join(','),
    line: l + 1,
    column: r.first.index - (starts[l] as number) + 1,
    componentRef: agentRef(ctx.file.path),
    properties: { 'lantern:hidden:count': String(r.total), 'lantern:hidden:classes': classes.join(','), 'lantern:hidden:first': u },
  });
}

export const AGENT_DETECTORS: readonly Detector[] = [agentFileDetector, agentHiddenTextDetector];
