/**
 * What both JS/TS Hugging Face readers share (the TypeScript-parser reader src/hf/js-pulls.ts and
 * the token reader src/hf/js-pulls-fast.ts): the packages and how they are named, the calls that
 * pull, and how a resolved model argument becomes an id, a local path or dynamic text.
 */
import { isHubId, isLocalPath, type HubRepoType, type PullSite } from './types.js';

export type Pkg = 'transformers' | 'hub' | 'inference';

/**
 * A specifier that loads one of the packages: the bare name, a subpath, or a CDN URL such as
 * `https://cdn.jsdelivr.net/npm/@xenova/transformers@2.17.2` (browser examples import it so).
 */
export const SPECIFIER_RE = /(?:^|\/)@(?:huggingface\/(transformers|hub|inference)|xenova\/(transformers))(?:@[^/?#]*)?(?:[/?#]|$)/;

/** The cheapest test: a file that names none of the packages is never parsed. */
export const PACKAGE_NAMES = ['@huggingface/transformers', '@xenova/transformers', '@huggingface/hub', '@huggingface/inference'];

/**
 * A finer cheap test: a binding needs an import, `require(` or `import(` of a package (the
 * package name within 100 characters of the quote, for CDN URLs). Bundles that carry
 * transformers.js inside them name the package in comments and strings only, and would otherwise
 * cost a full parse for nothing.
 */
export const IMPORT_FORM_RE =
  /(?:\bfrom|\bimport\s*\(|\brequire\s*\()\s*['"`][^'"`\r\n]{0,100}?@(?:huggingface\/(?:transformers|hub|inference)|xenova\/transformers)/;

/**
 * At most this many UTF-16 units are parsed (the bound all the parser front-ends share,
 * src/lang/limits.ts); a longer file is cut at a line break and calls that run past the cut are
 * dropped rather than read half-written. The token reader takes longer files, up to its own bound.
 */
export { MAX_PARSE_CHARS } from '../lang/limits.js';

/** `dynamic` texts are cut to this many characters. */
export const MAX_TEXT = 80;

export const HUB_PULLS: ReadonlySet<string> = new Set(['downloadFile', 'downloadFileToCacheDir', 'snapshotDownload']);
/** Classes whose instances call the Inference API; `HfInferenceEndpoint` talks to a private URL. */
export const INFERENCE_CLIENTS: ReadonlySet<string> = new Set(['HfInference', 'InferenceClient']);
export const INFERENCE_NON_TASKS: ReadonlySet<string> = new Set(['HfInference', 'InferenceClient', 'HfInferenceEndpoint', 'InferenceClientEndpoint']);

export type IdPart = Pick<PullSite, 'id' | 'dynamic' | 'localPath'>;

export function packageOf(specifier: string): Pkg | undefined {
  const m = SPECIFIER_RE.exec(specifier);
  return m ? ((m[1] ?? m[2]) as Pkg) : undefined;
}

export const cut = (s: string): string => (s.length > MAX_TEXT ? `${s.slice(0, MAX_TEXT - 1)}…` : s);

/** The source text of [start, end) as `dynamic` shows it (shared with the token reader). */
export function sourceSpan(text: string, start: number, end: number): string {
  return cut(text.slice(start, Math.min(end, start + MAX_TEXT * 8)).replace(/\s+/g, ' '));
}

/** A model argument's resolved value (or undefined: dynamic, with its source text) as an id part. */
export function idPartOf(v: string | undefined, source: () => string): IdPart {
  if (v === undefined) return { dynamic: source() };
  if (URL_RE.test(v)) return { dynamic: cut(v) };
  if (isLocalPath(v)) return { localPath: v };
  if (isHubId(v)) return { id: v };
  return { dynamic: cut(v) };
}

/** `scheme://…` other than file: (isLocalPath counts any value with two slashes as a path). */

export const URL_RE = /^(?!file:)[a-z][a-z0-9+.-]*:\/\//i;

export const REPO_PREFIXES: [string, HubRepoType][] = [
  ['datasets/', 'dataset'],
  ['spaces/', 'space'],
];
