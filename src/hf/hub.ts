/**
 * Online vetting of Hugging Face models (`--online`, opt-in): for each `id@revision` the scan
 * found, ask the Hub what is there (the commit the revision points at, the files, the gate, the
 * licence, the Hub's own malware/pickle scan), and keep the answer in a SQLite cache with an
 * expiry so a re-run within it sends nothing.
 *
 * Response shapes follow huggingface_hub's `HfApi.model_info` / `ModelInfo` and `hf_raise_for_status`:
 *  - `GET {endpoint}/api/models/{id}` (or `/revision/{rev}`, the revision percent-encoded whole, so
 *    `refs/pr/1` stays one segment) with `securityStatus=true`; the answer has `id`, `sha` (the
 *    commit of that revision), `private`, `gated` (`false | "auto" | "manual"`), `disabled`,
 *    `author`, `lastModified`, `downloads`, `pipeline_tag`, `library_name`, `tags`, `cardData`,
 *    `siblings[{rfilename}]` and `securityRepoStatus{scansDone, filesWithIssues[{path, level}]}`.
 *  - Errors carry `X-Error-Code` (`RepoNotFound`, `RevisionNotFound`, `GatedRepo`) and
 *    `X-Error-Message`. Without a token the Hub answers 401 `RepoNotFound` alike for a missing,
 *    a private and (at times) a gated repo, so it cannot tell them apart: that is `unauthorized`.
 *    With a token, a missing or unreadable repo is 404. An invalid token is 401 with
 *    "Invalid credentials in Authorization header". A disabled repo has the message
 *    "Access to this resource is disabled.".
 *  - A gated repo's metadata is public; only its files are gated. So when the answer says
 *    `gated`, `GET /api/models/{id}/auth-check` (what `HfApi.auth_check` calls) tells whether the
 *    token may download: 2xx yes, 401/403 `GatedRepo` no.
 * Not verified against the live Hub (only against huggingface_hub's code and public reports):
 * the levels in `filesWithIssues` other than "unsafe" and "caution" (anything else is reported as
 * suspicious), the body auth-check sends on success (any 2xx is taken as access), and the exact
 * status of a disabled repo (the message is what is matched).
 *
 * Never throws out of `vetModels`: a network failure, a timeout, a malformed answer or an
 * unusable cache becomes a status 'error' entry or a warning. The token goes only into the
 * Authorization header: it is never in a message, a warning or the cache.
 */
import { HubCache, HubCacheError } from './cache.js';
import { isCommitSha, isHubId } from './types.js';

export type HubStatus = 'ok' | 'not-found' | 'unauthorized' | 'gated' | 'error';

/**
 * Weight files by format. `pickle` holds the formats whose loading runs a pickle: PyTorch
 * `.bin .pt .pth .ckpt` (a `.bin` is taken as a torch pickle, which is what transformers and
 * diffusers write there; an old GGML `.bin` is miscounted, which errs on the cautious side),
 * `.pkl .pickle .joblib .dill`, and PaddlePaddle `.pdparams`. NumPy `.npy/.npz` are `other`:
 * numpy refuses their pickled object arrays unless the caller passes `allow_pickle=True`, which
 * the static loader checks report where they see it.
 */
export interface WeightFiles {
  safetensors: string[];
  pickle: string[];
  gguf: string[];
  onnx: string[];
  other: string[];
}

export interface SecurityScan {
  /** The Hub has finished scanning this revision; when false the lists below may be incomplete. */
  scansDone: boolean;
  unsafe: string[];
  /** Files at a level other than unsafe or caution (including levels this code does not know). */
  suspicious: string[];
  caution?: string[];
}

/** What the Hub says about one model at one revision. Plain data: it is cached as JSON. */
export interface HubModelInfo {
  /** The id as asked (the first spelling seen in this run). */
  id: string;
  status: HubStatus;
  /** Why the status is not 'ok', in words a user can act on. */
  error?: string;
  /** The Hub's own spelling of the id, when it differs from the one asked beyond letter case (a renamed repo). */
  canonicalId?: string;
  // The fields below are present when the Hub answered with the repo's metadata: status 'ok', and
  // 'gated' when the repo's files are gated but its metadata is public.
  /** The commit the asked revision points at. */
  sha?: string;
  /** The revision asked, 'main' when none was. */
  resolvedRevision?: string;
  private?: boolean;
  gated?: false | 'auto' | 'manual';
  /** The Hub has disabled the repo (set with status 'not-found' when the Hub refuses to serve it). */
  disabled?: boolean;
  license?: string;
  author?: string;
  lastModified?: string;
  pipelineTag?: string;
  libraryName?: string;
  downloads?: number;
  /** The repo's files (siblings' `rfilename`), at most MAX_FILES of them. */
  files?: string[];
  /** How many files the repo has; more than `files.length` when the list was cut. */
  fileCount?: number;
  weights?: WeightFiles;
  /** Pickle weights and no safetensors, GGUF or ONNX alternative: loading it runs a pickle. */
  pickleOnly?: boolean;
  securityScan?: SecurityScan;
  /** When the Hub was asked (ISO 8601); for a cached answer, when it was first fetched. */
  fetchedAt: string;
  fromCache: boolean;
}

export interface VetRequest {
  id: string;
  revision?: string;
}

export interface VetOptions {
  /** Default `HF_ENDPOINT`, else https://huggingface.co. */
  endpoint?: string;
  /**
   * Sent as `Authorization: Bearer`. Undefined: `HF_TOKEN`, else `HUGGING_FACE_HUB_TOKEN`.
   * null or '': no token, whatever the environment says.
   */
  token?: string | null;
  /** The SQLite cache file; without one every run asks the Hub. */
  cacheFile?: string;
  /** How long an answer is reused. Default 86400 (a day). */
  ttlSeconds?: number;
  /** Requests in flight at once. Default 4. */
  concurrency?: number;
  /** Per request, body included. Default 15000. */
  timeoutMs?: number;
  /** Further tries after a 429, a 5xx or a dropped connection. Default 2. */
  retries?: number;
  /** The clock, in epoch milliseconds (for expiry tests). Default Date.now. */
  now?: () => number;
  onWarning?: (msg: string) => void;
}

export const MAX_FILES = 5000;
/** `Retry-After` is honoured up to this; a Hub asking for longer gets asked again sooner. */
export const MAX_RETRY_AFTER_MS = 30_000;
/** A model info answer is a few KB to a few MB (repos with tens of thousands of files). */
const MAX_BODY_BYTES = 32 * 1024 * 1024;
const MAX_ERROR_BODY_BYTES = 64 * 1024;
/** Wait before a retry when the Hub gave no Retry-After: 0.5 s, 1 s, 2 s, … */
const BACKOFF_BASE_MS = 500;
const USER_AGENT = 'lantern (hub vetting)';

const WEIGHT_KINDS: Record<string, keyof WeightFiles> = {
  '.safetensors': 'safetensors',
  '.gguf': 'gguf',
  '.onnx': 'onnx',
  '.bin': 'pickle',
  '.pt': 'pickle',
  '.pth': 'pickle',
  '.ckpt': 'pickle',
  '.pkl': 'pickle',
  '.pickle': 'pickle',
  '.joblib': 'pickle',
  '.dill': 'pickle',
  '.pdparams': 'pickle',
  '.h5': 'other',
  '.hdf5': 'other',
  '.keras': 'other',
  '.tflite': 'other',
  '.msgpack': 'other',
  '.pb': 'other',
  '.mlmodel': 'other',
  '.npy': 'other',
  '.npz': 'other',
  '.ot': 'other',
  '.ggml': 'other',
  '.llamafile': 'other',
  '.nemo': 'other',
};

/**
 * The key of one request, in results and (after the endpoint) in the cache: the id lowercased,
 * because the Hub resolves ids case-insensitively; a commit sha lowercased; a branch or tag as
 * written, because those are case-sensitive git refs.
 */
export function vetKey(id: string, revision?: string): string {
  const rev = revision === undefined || revision === '' ? 'main' : isCommitSha(revision) ? revision.toLowerCase() : revision;
  return `${id.toLowerCase()}@${rev}`;
}

/** Which weights list a repo file belongs in, by its extension; undefined when it is not a weight file. */
export function weightKind(file: string): keyof WeightFiles | undefined {
  const base = file.slice(file.lastIndexOf('/') + 1).toLowerCase();
  const dot = base.lastIndexOf('.');
  return dot <= 0 ? undefined : WEIGHT_KINDS[base.slice(dot)];
}

export function classifyWeights(files: readonly string[]): WeightFiles {
  const w: WeightFiles = { safetensors: [], pickle: [], gguf: [], onnx: [], other: [] };
  for (const f of files) {
    const kind = weightKind(f);
    if (kind !== undefined && w[kind].length < MAX_FILES) w[kind].push(f);
  }
  return w;
}

export function isPickleOnly(w: WeightFiles): boolean {
  return w.pickle.length > 0 && w.safetensors.length === 0 && w.gguf.length === 0 && w.onnx.length === 0;
}

/**
 * Milliseconds to wait from a `Retry-After` value (delay-seconds or an HTTP date), capped at
 * MAX_RETRY_AFTER_MS; undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (value === null) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Math.min(Number(v) * 1000, MAX_RETRY_AFTER_MS);
  // An HTTP-date (IMF-fixdate) always ends in GMT; anything else Date.parse might still read.
  if (!v.endsWith('GMT')) return undefined;
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.min(Math.max(0, at - nowMs), MAX_RETRY_AFTER_MS);
}

/** Server text put into our messages: one line, no control characters, short. */
function clean(s: string, max = 200): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
  const one = s.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max)}…` : one;
}

function str(v: unknown, max = 500): string | undefined {
  return typeof v === 'string' && v !== '' ? clean(v, max) : undefined;
}

function licenseOf(cardData: unknown, tags: unknown): string | undefined {
  if (typeof cardData === 'object' && cardData !== null) {
    const l = (cardData as Record<string, unknown>).license;
    if (typeof l === 'string' && l !== '') return clean(l);
    if (Array.isArray(l)) {
      const names = l.filter((x): x is string => typeof x === 'string' && x !== '');
      if (names.length > 0) return clean(names.join(', '));
    }
  }
  if (Array.isArray(tags)) {
    const tag = tags.find((t): t is string => typeof t === 'string' && t.startsWith('license:') && t.length > 8);
    if (tag !== undefined) return clean(tag.slice(8));
  }
  return undefined;
}

function gatedOf(v: unknown): false | 'auto' | 'manual' {
  if (v === 'auto' || v === 'manual') return v;
  // Some clients have seen `true`; a gate of unknown kind is treated as manual approval.
  return v === true ? 'manual' : false;
}

function securityScanOf(v: unknown): SecurityScan | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const o = v as Record<string, unknown>;
  const scan: SecurityScan = { scansDone: o.scansDone === true, unsafe: [], suspicious: [] };
  const caution: string[] = [];
  const issues = Array.isArray(o.filesWithIssues) ? o.filesWithIssues : [];
  for (const issue of issues.slice(0, MAX_FILES)) {
    if (typeof issue !== 'object' || issue === null) continue;
    const path = str((issue as Record<string, unknown>).path, 1000);
    if (path === undefined) continue;
    const level = (issue as Record<string, unknown>).level;
    if (level === 'unsafe') scan.unsafe.push(path);
    else if (level === 'caution') caution.push(path);
    else scan.suspicious.push(path);
  }
  if (caution.length > 0) scan.caution = caution;
  return scan;
}

/**
 * Reads a model info answer into a HubModelInfo with status 'ok'. Every field is type-checked:
 * a hostile or changed answer loses the field, not the scan. Without a commit sha the answer
 * cannot pin anything and is an error.
 */
function parseModelInfo(raw: unknown, req: VetRequest, fetchedAt: string): HubModelInfo {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { id: req.id, status: 'error', error: 'the Hub answered with something other than a JSON object', fetchedAt, fromCache: false };
  }
  const o = raw as Record<string, unknown>;
  if (typeof o.sha !== 'string' || !isCommitSha(o.sha)) {
    return { id: req.id, status: 'error', error: 'the Hub answer has no commit sha', fetchedAt, fromCache: false };
  }
  const siblings = Array.isArray(o.siblings) ? o.siblings : [];
  const all: string[] = [];
  for (const s of siblings) {
    const name = typeof s === 'object' && s !== null ? str((s as Record<string, unknown>).rfilename, 1000) : undefined;
    if (name !== undefined) all.push(name);
  }
  const weights = classifyWeights(all);
  const info: HubModelInfo = {
    id: req.id,
    status: 'ok',
    sha: o.sha.toLowerCase(),
    resolvedRevision: req.revision ?? 'main',
    private: o.private === true,
    gated: gatedOf(o.gated),
    files: all.slice(0, MAX_FILES),
    fileCount: all.length,
    weights,
    pickleOnly: isPickleOnly(weights),
    fetchedAt,
    fromCache: false,
  };
  const hubId = str(o.id, 200);
  if (hubId !== undefined && hubId.toLowerCase() !== req.id.toLowerCase()) info.canonicalId = hubId;
  if (o.disabled === true) info.disabled = true;
  const license = licenseOf(o.cardData, o.tags);
  if (license !== undefined) info.license = license;
  const author = str(o.author, 200);
  if (author !== undefined) info.author = author;
  const lastModified = str(o.lastModified, 64);
  if (lastModified !== undefined) info.lastModified = lastModified;
  const pipelineTag = str(o.pipeline_tag, 100);
  if (pipelineTag !== undefined) info.pipelineTag = pipelineTag;
  const libraryName = str(o.library_name, 100);
  if (libraryName !== undefined) info.libraryName = libraryName;
  if (typeof o.downloads === 'number' && Number.isFinite(o.downloads) && o.downloads >= 0) info.downloads = o.downloads;
  const scan = securityScanOf(o.securityRepoStatus);
  if (scan !== undefined) info.securityScan = scan;
  return info;
}

/** An HTTP answer that is not a success, as the Hub describes it. */
interface HttpFailure {
  status: number;
  code?: string;
  message?: string;
}

/**
 * The status and message for a failed model info request. `tokenSent` matters because the Hub
 * hides private repos from anonymous callers behind the same 401 as missing ones.
 */
function describeFailure(f: HttpFailure, req: VetRequest, tokenSent: boolean): Pick<HubModelInfo, 'status' | 'error' | 'disabled'> {
  const server = f.message !== undefined ? ` (${f.message})` : '';
  if (f.code === 'GatedRepo') {
    return { status: 'gated', error: tokenSent ? `gated repository: the token has not been granted access${server}` : `gated repository: no token was sent (set HF_TOKEN)${server}` };
  }
  if (f.message === 'Access to this resource is disabled.') {
    return { status: 'not-found', disabled: true, error: 'the Hub has disabled this repository' };
  }
  if (f.code === 'RevisionNotFound') {
    return { status: 'not-found', error: `revision ${req.revision ?? 'main'} not found${server}` };
  }
  if (f.status === 401) {
    if (tokenSent && f.code !== 'RepoNotFound') return { status: 'unauthorized', error: `the Hub rejected the token${server}` };
    if (!tokenSent) return { status: 'unauthorized', error: 'not found, or private or gated: no token was sent (set HF_TOKEN to tell them apart)' };
    return { status: 'not-found', error: `repository not found, or the token cannot read it${server}` };
  }
  if (f.status === 404 || f.code === 'RepoNotFound') {
    return { status: 'not-found', error: tokenSent ? `repository not found, or the token cannot read it${server}` : `repository not found${server}` };
  }
  if (f.status === 403) return { status: 'unauthorized', error: `forbidden (HTTP 403)${server}` };
  return { status: 'error', error: `the Hub answered HTTP ${f.status}${server}` };
}

/** A request that got no usable HTTP answer (timeout, connection failure, oversized body). */
class TransportError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

interface Client {
  endpoint: string;
  headers: Record<string, string>;
  tokenSent: boolean;
  timeoutMs: number;
  retries: number;
}

interface Answer {
  status: number;
  headers: Headers;
  body: string;
}

function transportMessage(e: unknown, url: string, timeoutMs: number): TransportError {
  const name = e instanceof Error ? e.name : '';
  if (name === 'TimeoutError' || name === 'AbortError') return new TransportError(`no answer from ${url} within ${timeoutMs} ms (timed out)`, false);
  if (e instanceof TransportError) return e;
  const cause = e instanceof Error ? (e.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
  const detail = typeof cause?.code === 'string' ? cause.code : typeof cause?.message === 'string' ? cause.message : e instanceof Error ? e.message : String(e);
  return new TransportError(`could not reach ${url}: ${clean(detail)}`, true);
}

/**
 * The body as text, read in bounded memory. A success body over `cap` is an error (a partial JSON
 * document is useless); an error body is only read for its message, so it is cut at `cap`.
 */
async function readCapped(res: Response, url: string, cap: number): Promise<string> {
  if (res.body === null) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > cap) {
      await reader.cancel().catch(() => undefined);
      if (res.ok) throw new TransportError(`the answer from ${url} is larger than ${cap} bytes`, false);
      chunks.push(value.subarray(0, value.byteLength - (total - cap)));
      break;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function getOnce(c: Client, url: string): Promise<Answer> {
  try {
    const signal = AbortSignal.timeout(c.timeoutMs);
    const res = await fetch(url, { headers: c.headers, signal, redirect: 'follow' });
    const body = await readCapped(res, url, res.ok ? MAX_BODY_BYTES : MAX_ERROR_BODY_BYTES);
    return { status: res.status, headers: res.headers, body };
  } catch (e) {
    throw transportMessage(e, url, c.timeoutMs);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 500 || status === 502 || status === 503 || status === 504;
}

/**
 * GET with retries on 429/5xx (waiting what Retry-After asks, capped) and on dropped
 * connections (with backoff). A timeout is not retried: it has already spent the whole budget,
 * and retrying would multiply the wait on a Hub that is not answering.
 */
async function get(c: Client, url: string): Promise<Answer> {
  for (let attempt = 0; ; attempt++) {
    const backoff = Math.min(BACKOFF_BASE_MS * 2 ** attempt, MAX_RETRY_AFTER_MS);
    let answer: Answer;
    try {
      answer = await getOnce(c, url);
    } catch (e) {
      const t = e as TransportError;
      if (!t.retryable || attempt >= c.retries) throw t;
      await sleep(backoff);
      continue;
    }
    if (!isRetryableStatus(answer.status) || attempt >= c.retries) return answer;
    const wait = answer.status === 429 || answer.status === 503 ? parseRetryAfter(answer.headers.get('retry-after'), Date.now()) : undefined;
    await sleep(wait ?? backoff);
  }
}

function failureOf(a: Answer): HttpFailure {
  const f: HttpFailure = { status: a.status };
  const code = a.headers.get('x-error-code');
  if (code !== null && code !== '') f.code = clean(code, 64);
  let message = a.headers.get('x-error-message') ?? undefined;
  if (message === undefined) {
    try {
      const body: unknown = JSON.parse(a.body);
      if (typeof body === 'object' && body !== null && typeof (body as Record<string, unknown>).error === 'string') message = (body as Record<string, string>).error;
    } catch {
      // Not JSON: the status and the code say enough.
    }
  }
  if (message !== undefined && message !== '') f.message = clean(message);
  return f;
}

function modelUrl(c: Client, req: VetRequest): string {
  const base = `${c.endpoint}/api/models/${req.id}`;
  const path = req.revision === undefined ? base : `${base}/revision/${encodeURIComponent(req.revision)}`;
  return `${path}?securityStatus=true`;
}

/**
 * For a gated repo, whether this token may download its files. Returns the info unchanged when
 * it may, and status 'gated' (keeping the public metadata) when it may not.
 */
async function checkGate(c: Client, req: VetRequest, info: HubModelInfo): Promise<HubModelInfo> {
  let answer: Answer;
  try {
    answer = await get(c, `${c.endpoint}/api/models/${req.id}/auth-check`);
  } catch (e) {
    return { ...info, status: 'error', error: `gated repository; could not check access: ${(e as Error).message}` };
  }
  if (answer.status >= 200 && answer.status < 300) return info;
  const failure = failureOf(answer);
  if (failure.code === 'GatedRepo' || answer.status === 401 || answer.status === 403) {
    const { error } = describeFailure({ ...failure, code: 'GatedRepo' }, req, c.tokenSent);
    return { ...info, status: 'gated', error };
  }
  return { ...info, status: 'error', error: `gated repository; could not check access: HTTP ${answer.status}` };
}

/** Asks the Hub about one model. Never throws. */
async function fetchInfo(c: Client, req: VetRequest, fetchedAt: string): Promise<HubModelInfo> {
  const url = modelUrl(c, req);
  let answer: Answer;
  try {
    answer = await get(c, url);
  } catch (e) {
    return { id: req.id, status: 'error', error: (e as Error).message, fetchedAt, fromCache: false };
  }
  if (answer.status < 200 || answer.status >= 300) {
    return { id: req.id, ...describeFailure(failureOf(answer), req, c.tokenSent), fetchedAt, fromCache: false };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(answer.body);
  } catch {
    return { id: req.id, status: 'error', error: `the Hub answer is not valid JSON (${answer.body.length} bytes)`, fetchedAt, fromCache: false };
  }
  const info = parseModelInfo(raw, req, fetchedAt);
  return info.status === 'ok' && info.gated !== false ? checkGate(c, req, info) : info;
}

/** The first problem with a request that makes asking the Hub pointless or unsafe. */
function requestProblem(req: VetRequest): string | undefined {
  if (!isHubId(req.id)) return `${JSON.stringify(clean(req.id, 100))} is not a Hugging Face repo id`;
  // eslint-disable-next-line no-control-regex -- a revision with control characters is refused
  if (req.revision !== undefined && (req.revision === '' || req.revision.length > 256 || /[\u0000-\u001f\u007f]/.test(req.revision))) {
    return 'the revision is empty, too long or has control characters';
  }
  return undefined;
}

function endpointOf(raw: string): string | undefined {
  try {
    const u = new URL(raw);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
    return raw.replace(/\/+$/, '');
  } catch {
    return undefined;
  }
}

/** The token to send, or undefined; a token that cannot go in an HTTP header is dropped with a warning. */
function tokenOf(opts: VetOptions, warn: (m: string) => void): string | undefined {
  const t = opts.token === undefined ? (process.env.HF_TOKEN ?? process.env.HUGGING_FACE_HUB_TOKEN) : opts.token;
  if (t === null || t === undefined || t.trim() === '') return undefined;
  const token = t.trim();
  if (!/^[\x21-\x7e]+$/.test(token)) {
    warn('the Hugging Face token has characters an HTTP header cannot carry; asking the Hub without it');
    return undefined;
  }
  return token;
}

/** Opens the cache, or explains with a warning why this run goes without one. */
function openCache(file: string | undefined, now: number, warn: (m: string) => void): HubCache | undefined {
  if (file === undefined) return undefined;
  try {
    const cache = HubCache.open(file);
    cache.prune(now);
    return cache;
  } catch (e) {
    warn(`${(e as Error).message}; asking the Hub without a cache`);
    return undefined;
  }
}

/**
 * Asks the Hub about each model once (ids compared without letter case), at most `concurrency`
 * at a time, reusing cached answers younger than `ttlSeconds`. Every answer but 'error' is
 * cached: a missing, private or gated repo stays so for a day as surely as a public one, and an
 * error is worth asking again. Results are keyed by `vetKey(id, revision)`.
 */
export async function vetModels(requests: VetRequest[], opts: VetOptions = {}): Promise<Map<string, HubModelInfo>> {
  const results = new Map<string, HubModelInfo>();
  const warnings = new Set<string>();
  const warn = (m: string): void => {
    if (warnings.has(m)) return;
    warnings.add(m);
    opts.onWarning?.(m);
  };
  const now = opts.now ?? Date.now;
  const unique = new Map<string, VetRequest>();
  for (const r of requests) {
    // Requests come from parsed source code; one without a string id cannot even be keyed.
    if (typeof r !== 'object' || r === null || typeof r.id !== 'string') continue;
    const revision = typeof r.revision === 'string' && r.revision !== '' ? r.revision : undefined;
    const key = vetKey(r.id, revision);
    if (!unique.has(key)) unique.set(key, revision === undefined ? { id: r.id } : { id: r.id, revision });
  }
  if (unique.size === 0) return results;

  const endpoint = endpointOf(opts.endpoint ?? process.env.HF_ENDPOINT ?? 'https://huggingface.co');
  if (endpoint === undefined) {
    const error = 'the Hub endpoint is not an http(s) URL';
    for (const [key, r] of unique) results.set(key, { id: r.id, status: 'error', error, fetchedAt: new Date(now()).toISOString(), fromCache: false });
    return results;
  }
  const token = tokenOf(opts, warn);
  const headers: Record<string, string> = { Accept: 'application/json', 'User-Agent': USER_AGENT };
  if (token !== undefined) headers.Authorization = `Bearer ${token}`;
  const client: Client = {
    endpoint,
    headers,
    tokenSent: token !== undefined,
    timeoutMs: whole(opts.timeoutMs, 15_000, 1),
    retries: whole(opts.retries, 2, 0),
  };
  const ttl = whole(opts.ttlSeconds, 86_400, 0);
  let cache = openCache(opts.cacheFile, now(), warn);
  /** A cache that fails mid-run is dropped for the rest of the run; the answers still come. */
  const withCache = <T>(fn: (c: HubCache) => T): T | undefined => {
    if (cache === undefined) return undefined;
    try {
      return fn(cache);
    } catch (e) {
      warn(`${e instanceof HubCacheError ? e.message : String(e)}; going on without the cache`);
      cache.close();
      cache = undefined;
      return undefined;
    }
  };
  // Answers differ by Hub and by whether a token was sent (a private repo is 'unauthorized'
  // without one), so both are part of the cache key; the token itself never is.
  const cacheKey = (key: string): string => `${endpoint}|${client.tokenSent ? 'token' : 'anonymous'}|${key}`;

  const vetOne = async (key: string, req: VetRequest): Promise<HubModelInfo> => {
    const problem = requestProblem(req);
    if (problem !== undefined) return { id: req.id, status: 'error', error: problem, fetchedAt: new Date(now()).toISOString(), fromCache: false };
    const cached = withCache((c) => c.get(cacheKey(key), now()));
    if (cached !== undefined) return { ...cached, id: req.id, fromCache: true };
    const info = await fetchInfo(client, req, new Date(now()).toISOString());
    if (info.status !== 'error' && ttl > 0) withCache((c) => c.put(cacheKey(key), info, now(), ttl));
    return info;
  };

  const queue = [...unique.entries()];
  const worker = async (): Promise<void> => {
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      const [key, req] = next;
      try {
        results.set(key, await vetOne(key, req));
      } catch (e) {
        results.set(key, { id: req.id, status: 'error', error: `internal error: ${(e as Error).message}`, fetchedAt: new Date(now()).toISOString(), fromCache: false });
      }
    }
  };
  const workers = Math.min(whole(opts.concurrency, 4, 1), queue.length);
  await Promise.all(Array.from({ length: workers }, worker));
  cache?.close();
  return sortedByKey(results);
}

/** A numeric option as a whole number of at least `min`; `fallback` when unset or not a number. */
function whole(v: number | undefined, fallback: number, min: number): number {
  return v === undefined || !Number.isFinite(v) ? fallback : Math.max(min, Math.floor(v));
}

/** Results in key order, so what the caller iterates does not depend on which answer came first. */
function sortedByKey(m: Map<string, HubModelInfo>): Map<string, HubModelInfo> {
  return new Map([...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
