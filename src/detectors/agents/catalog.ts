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
export const DEPENDENCY_SEGMENTS: readonly string[] = ['node_modules', '.venv', 'venv', 'site-packages', 'conda-meta'];

interface Compiled {
  list: { e: AgentFileEntry; re: RegExp }[];
  /** Every pattern's last segment as a literal file name, or the literal end after its last `*`. */
  names: Set<string>;
  ends: string[];
}

const compiled = new WeakMap<object, Compiled>();

function entries(rules: RuleSet): Compiled {
  const cat = rules.catalogs.get('agent');
  if (cat === undefined) return { list: [], names: new Set(), ends: [] };
  let c = compiled.get(cat);
  if (!c) {
    const list = ((cat.agentFiles as AgentFileEntry[] | undefined) ?? []).map((e) => ({ e, re: globRegex(e.path) }));
    const names = new Set<string>();
    const ends = new Set<string>();
    for (const { e } of list) {
      const last = e.path.slice(e.path.lastIndexOf('/') + 1);
      if (!/[*?[{]/.test(last)) names.add(last);
      else ends.add(last.slice(last.lastIndexOf('*') + 1));
    }
    c = { list, names, ends: [...ends] };
    compiled.set(cat, c);
  }
  return c;
}

/** The last path asked about and its answer: both agent-file detectors ask about each file. */
let last: { path: string; rules: RuleSet; entry: AgentFileEntry | undefined } | undefined;

/**
 * The catalog entry of an agent file (a repo-relative path), matched case-sensitively as the tools
 * name their files; undefined for any other file and for anything inside a dependency folder. A
 * file whose name can match no pattern (`.ts`, `.py`: nearly every file) is answered by its name alone.
 */
export function agentFile(path: string, rules: RuleSet): AgentFileEntry | undefined {
  if (last && last.path === path && last.rules === rules) return last.entry;
  const c = entries(rules);
  const name = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
  let entry: AgentFileEntry | undefined;
  if (c.names.has(name) || c.ends.some((end) => end !== '' && name.endsWith(end))) {
    const p = path.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
    if (!p.split('/').some((s) => DEPENDENCY_SEGMENTS.includes(s))) entry = c.list.find(({ re }) => re.test(p))?.e;
  }
  last = { path, rules, entry };
  return entry;
}
