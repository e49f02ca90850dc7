/**
 * Imports and string sites of a JS/TS or Python source: the fast path first (src/lang/js-lex.ts,
 * src/lang/python-lex.ts), the parser front-end (src/lang/js.ts with the TypeScript parser that
 * ts-morph bundles, src/lang/python.ts with tree-sitter-python) when the fast path is unsure. Both
 * give the same answer where the fast path answers (test/lang/fast-path.test.ts); the parsers load
 * lazily, so a tree whose files the fast path reads never loads them.
 */
import { jsImportsFast } from './js-lex.js';
import { pythonImportsFast } from './python-lex.js';
import type { ImportSite, ModelCalls, StringSite } from './types.js';
import type { PythonContext } from './python.js';
import { headOf, MAX_PARSE_CHARS } from './limits.js';

export interface Sites {
  imports: ImportSite[];
  strings: StringSite[];
  /** Why the source was not read whole (neither front-end could take all of it): the sites are its head's. */
  unread?: string;
}

/** How many files each path read in this thread (for the bench and --verbose). */
export const siteStats = { fast: 0, parsed: 0 };

/** `calls`: the calls whose first positional argument is a model name (SdkCatalog.modelCalls('js')). */
export async function jsSites(text: string, path: string, calls?: ModelCalls): Promise<Sites> {
  let why: string | undefined;
  const fast = jsImportsFast(text, path, calls, (reason) => (why = reason));
  if (fast) {
    siteStats.fast++;
    return fast;
  }
  siteStats.parsed++;
  const { jsImports } = await import('./js.js');
  if (text.length > MAX_PARSE_CHARS) return { ...(await jsImports(headOf(text, MAX_PARSE_CHARS, MAX_PARSE_CHARS / 2), path, calls)), unread: unread(why) };
  return jsImports(text, path, calls);
}

/** `calls`: as in jsSites, for Python (SdkCatalog.modelCalls('python')); `context`: a notebook cell's (PythonContext). */
export async function pythonSites(text: string, calls?: ModelCalls, context?: PythonContext): Promise<Sites> {
  let why: string | undefined;
  const fast = pythonImportsFast(text, calls, (reason) => (why = reason), context);
  if (fast) {
    siteStats.fast++;
    return fast;
  }
  siteStats.parsed++;
  const { pythonImports } = await import('./python.js');
  // Past MAX_PARSE_CHARS the parser reads the head (parseBounded).
  const r = await pythonImports(text, calls, context);
  return text.length > MAX_PARSE_CHARS ? { ...r, unread: unread(why) } : r;
}

/** Over both bounds (src/lang/limits.ts): the parser reads the source's head, up to a line break. */
function unread(why: string | undefined): string {
  return `the token reader is unsure (${why ?? 'unknown'}) and the parser reads only the first ${MAX_PARSE_CHARS} characters`;
}

/**
 * The variables a JS/TS file assigns an AI SDK provider factory's result, each with the factory's
 * package (`const lmstudio = createOpenAICompatible({ … })` → `@ai-sdk/openai-compatible`): a
 * `create…` factory imported by name (or alias) from one of `packages`.
 */
export function factoryBindings(text: string, packages: ReadonlySet<string> | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (packages === undefined) return out;
  const factories = new Map<string, string>();
  for (const m of text.matchAll(/\bimport\s*(?:type\s+)?\{([^}]{1,2000})\}\s*from\s*['"]([^'"\n]{1,200})['"]/g)) {
    if (!packages.has(m[2] as string)) continue;
    for (const part of (m[1] as string).split(',')) {
      const [name, alias] = part.trim().split(/\s+as\s+/);
      if (name !== undefined && /^create[A-Z][\w$]*$/.test(name)) factories.set((alias ?? name).trim(), m[2] as string);
    }
  }
  if (!factories.size) return out;
  for (const m of text.matchAll(/\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*(?::[^=;\n]{1,100})?=\s*([A-Za-z_$][\w$]*)\s*\(/g)) {
    const pkg = factories.get(m[2] as string);
    if (pkg !== undefined) out.set(m[1] as string, pkg);
  }
  return out;
}

/**
 * A JS/TS file's model calls with the variables it assigns an AI SDK provider factory's result
 * (factoryBindings) added as callees: `lmstudio('google/gemma-3-4b')` names a model. The same calls
 * when the file has none.
 */
export function withFactoryCallees(calls: ModelCalls | undefined, bindings: ReadonlyMap<string, string>): ModelCalls | undefined {
  if (calls === undefined || !bindings.size) return calls;
  const extra = [...bindings.keys()];
  return { ...calls, names: new Set([...calls.names, ...extra]), any: new Set([...calls.any, ...extra]) };
}
