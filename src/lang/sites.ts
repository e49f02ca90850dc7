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

export interface Sites {
  imports: ImportSite[];
  strings: StringSite[];
}

/** How many files each path read in this thread (for the bench and --verbose). */
export const siteStats = { fast: 0, parsed: 0 };

/** `calls`: the calls whose first positional argument is a model name (SdkCatalog.modelCalls('js')). */
export async function jsSites(text: string, path: string, calls?: ModelCalls): Promise<Sites> {
  const fast = jsImportsFast(text, path, calls);
  if (fast) {
    siteStats.fast++;
    return fast;
  }
  siteStats.parsed++;
  const { jsImports } = await import('./js.js');
  return jsImports(text, path, calls);
}

/** `calls`: as in jsSites, for Python (SdkCatalog.modelCalls('python')). */
export async function pythonSites(text: string, calls?: ModelCalls): Promise<Sites> {
  const fast = pythonImportsFast(text, calls);
  if (fast) {
    siteStats.fast++;
    return fast;
  }
  siteStats.parsed++;
  const { pythonImports } = await import('./python.js');
  return pythonImports(text, calls);
}
