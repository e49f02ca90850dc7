/**
 * Hub file downloads written as URLs in source code: a string literal holding
 * `https://huggingface.co/<id>/resolve/<rev>/<file>` is fetched by whatever takes it (onnxruntime's
 * `InferenceSession.create(url)`, MediaPipe's `modelAssetPath`, `torch.hub.load_state_dict_from_url`,
 * `requests.get`, `fetch`): a `resolve/` URL is a download address, never a page to read. The
 * repository is pulled at the URL's revision (`main` is a branch); a pickle file by name is pickle
 * weights. Read with the comments blanked; a URL with a substitution in it (`${repo}`, `{repo}`) is
 * not read. Linear; never throws.
 */
import { maskComments, type CommentStyle } from '../lang/config-text.js';
import { lineOf, lineStarts } from '../util/lines.js';
import { hubResolveUrl } from './command-pulls.js';
import { isHubId, isPickleWeights, type PullSite } from './types.js';

const URL_IN_QUOTES = /(["'`])((?:https?:)?\/\/(?:www\.)?(?:huggingface\.co|hf\.co|hf-mirror\.com)\/[^"'`\s{}$]*\/resolve\/[^"'`\s{}$]+)\1/g;
/** Most URL pulls read from one file. */
const MAX_SITES = 200;

export function resolveUrlSites(text: string, comments: CommentStyle): PullSite[] {
  if (!text.includes('/resolve/')) return [];
  const code = maskComments(text, comments);
  let starts: number[] | undefined;
  const out: PullSite[] = [];
  for (const m of code.matchAll(URL_IN_QUOTES)) {
    const url = (m[2] as string).replace(/^\/\//, 'https://');
    const f = hubResolveUrl(url);
    if (f === null || !isHubId(f.id)) continue;
    starts ??= lineStarts(text, 'cr-lf');
    const row = lineOf(starts, m.index as number);
    const site: PullSite = { via: 'resolve URL', repoType: f.repoType, id: f.id, revision: f.revision, file: f.file, line: row + 1, column: (m.index as number) - (starts[row] as number) + 1 };
    if (f.repoType === 'model' && isPickleWeights(f.file)) site.unsafeWeights = `resolve/${f.revision}/${f.file}`;
    out.push(site);
    if (out.length >= MAX_SITES) break;
  }
  return out;
}
