/** The agent-file catalog of rules/agent.yaml, typed and compiled once per rule set. */
import { globRegex } from '../sdks/catalog.js';
import type { RuleSet } from '../../rules/load.js';

export type AgentFileKind = 'instructions' | 'rules' | 'skill' | 'subagent' | 'command';

export interface AgentFileEntry {
  path: string;
  client: string;
  kind: AgentFileKind;
  verify?: boolean;
}

/**
 * Folders whose files belong to dependencies, not to the project (the walk's DEPENDENCY_DIRS, kept
 * here so the detectors do not load the walker; test/detectors/agents.test.ts holds them equal).
 */
export const DEPENDENCY_SEGMENTS: readonly string[] = ['node_modules', '.venv', 'venv', 'site-packages'];

const compiled = new WeakMap<object, { e: AgentFileEntry; re: RegExp }[]>();

function entries(rules: RuleSet): { e: AgentFileEntry; re: RegExp }[] {
  const cat = rules.catalogs.get('agent');
  if (cat === undefined) return [];
  let list = compiled.get(cat);
  if (!list) {
    list = ((cat.agentFiles as AgentFileEntry[] | undefined) ?? []).map((e) => ({ e, re: globRegex(e.path) }));
    compiled.set(cat, list);
  }
  return list;
}

/**
 * The catalog entry of an agent file (a repo-relative path), matched case-sensitively as the tools
 * name their files; undefined for any other file and for anything inside a dependency folder.
 */
export function agentFile(path: string, rules: RuleSet): AgentFileEntry | undefined {
  const p = path.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
  if (p.split('/').some((s) => DEPENDENCY_SEGMENTS.includes(s))) return undefined;
  return entries(rules).find(({ re }) => re.test(p))?.e;
}
