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

/** `calls`: as in jsSites, for Python (SdkCatalog.modelCalls('python')). */
export async function pythonSites(text: string, calls?: ModelCalls): Promise<Sites> {
  let why: string | undefined;
  const fast = pythonImportsFast(text, calls, (reason) => (why = reason));
  if (fast) {
    siteStats.fast++;
    return fast;
  }
  siteStats.parsed++;
  const { pythonImports } = await import('./python.js');
  // Past MAX_PARSE_CHARS the parser reads the head (parseBounded).
  const r = await pythonImports(text, calls);
  return text.length > MAX_PARSE_CHARS ? { ...r, unread: unread(why) } : r;
}

/** Over both bounds (src/lang/limits.ts): the parser reads the source's head, up to a line break. */
function unread(why: string | undefined): string {
  return `the token reader is unsure (${why ?? 'unknown'}) and the parser reads only the first ${MAX_PARSE_CHARS} characters`;
}
