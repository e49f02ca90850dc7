/**
 * `lantern db update` from GitHub's global security advisories (`GET /advisories`).
 *
 * One feed per advisory type (and per ecosystem when filtered): `ghsa-rest:reviewed`,
 * `ghsa-rest:malware`, `ghsa-rest:reviewed:pip`. Each run asks for what changed since the
 * feed's high-water mark (minus an overlap for clock skew and GitHub's own indexing lag),
 * oldest first, and commits every page together with the cursor of the next one in one store
 * transaction. A run that dies mid-way therefore leaves whole pages and a cursor behind, and
 * the next run picks up exactly there with the same query.
 *
 * Rate limits are octokit's throttling plugin (waits for `Retry-After` / `X-RateLimit-Reset`,
 * capped, logged); network errors and 5xx are octokit's retry plugin (quadratic back-off).
 */
import { Octokit } from 'octokit';
import type { AdvisoryStore } from '../store.js';
import { REST_TO_OSV_ECOSYSTEM, restToOsv, type GlobalAdvisory } from './ghsa-rest.js';

export type AdvisoryType = 'reviewed' | 'malware';

export interface SyncOptions {
  /** Default https://api.github.com; GitHub Enterprise Server: https://HOST/api/v3. */
  baseUrl?: string;
  /** Default `process.env.GITHUB_TOKEN`. Unauthenticated clients get 60 requests an hour. */
  token?: string;
  /** Default both: the API leaves malware out unless asked for it. */
  types?: AdvisoryType[];
  /** REST ecosystem names (pip, npm, go, maven, rust, …); default: no filter. */
  ecosystems?: string[];
  /** How far before the high-water mark an incremental run starts. Default 60. */
  overlapMinutes?: number;
  log?: (message: string) => void;
  /** Retries per request, for rate limits and for network errors alike. Default 3. */
  retries?: number;
  /** The longest single wait before a retry, whatever the server asks. Default 60. */
  maxRetryAfterSeconds?: number;
}

export interface SyncResult {
  pages: number;
  upserted: number;
  unchanged: number;
  feeds: string[];
}

/** The store's `source` for every record this sync writes. */
export const GHSA_REST_SOURCE = 'ghsa-rest';

const DEFAULT_BASE_URL = 'https://api.github.com';
const PER_PAGE = 100;
/** A stalled connection must become an error the retry plugin can act on, not a hung CLI. */
const REQUEST_TIMEOUT_MS = 60_000;
/** Statuses the retry plugin leaves alone: client errors, and 429 which the throttling plugin owns. */
const DO_NOT_RETRY = [400, 401, 403, 404, 410, 422, 429, 451];

/** The query of one feed's run; saved in the feed state so an interrupted run can resume it. */
export interface FeedQuery {
  type: AdvisoryType;
  ecosystem?: string;
  /** GitHub date syntax, `>=2025-01-01T00:00:00Z`; absent on a first, full sync. */
  modified?: string;
}

export function feedName(type: AdvisoryType, ecosystem?: string): string {
  return ecosystem ? `ghsa-rest:${type}:${ecosystem}` : `ghsa-rest:${type}`;
}

/** The query as the relative URL kept in `FeedState.url`. */
export function queryToUrl(q: FeedQuery): string {
  const params = new URLSearchParams({ type: q.type });
  if (q.ecosystem) params.set('ecosystem', q.ecosystem);
  if (q.modified) params.set('modified', q.modified);
  return `/advisories?${params.toString()}`;
}

/** Reads a saved query back; anything that is not one for `feed` is refused. */
export function queryFromUrl(url: string | undefined, feed: string): FeedQuery | undefined {
  if (!url) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url, 'http://saved.query');
  } catch {
    return undefined;
  }
  if (parsed.pathname !== '/advisories') return undefined;
  const type = parsed.searchParams.get('type');
  if (type !== 'reviewed' && type !== 'malware') return undefined;
  const q: FeedQuery = { type };
  const ecosystem = parsed.searchParams.get('ecosystem');
  if (ecosystem) q.ecosystem = ecosystem;
  const modified = parsed.searchParams.get('modified');
  if (modified) q.modified = modified;
  return feedName(q.type, q.ecosystem) === feed ? q : undefined;
}

/** `highWater - overlap`, to the second, in the form GitHub's date filter reads. */
export function sinceFor(highWater: string | undefined, overlapMinutes: number): string | undefined {
  const t = highWater ? Date.parse(highWater) : NaN;
  if (Number.isNaN(t)) return undefined;
  return new Date(t - overlapMinutes * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The `after` cursor of the `rel="next"` link, if there is a next page. */
export function nextCursor(link: string | undefined): string | undefined {
  const next = /<([^<>]+)>;\s*rel="next"/.exec(link ?? '')?.[1];
  if (!next) return undefined;
  try {
    return new URL(next).searchParams.get('after') ?? undefined;
  } catch {
    return undefined;
  }
}

/** The later of two RFC 3339 timestamps; unreadable ones never win. */
export function laterOf(a: string | undefined, b: string | undefined): string | undefined {
  const ta = a ? Date.parse(a) : NaN;
  const tb = b ? Date.parse(b) : NaN;
  if (Number.isNaN(tb)) return Number.isNaN(ta) ? undefined : a;
  return Number.isNaN(ta) || tb > ta ? b : a;
}

/** Thrown when GitHub cannot be read (after retries); pages committed before it stay committed. */
export class GithubSyncError extends Error {
  constructor(
    message: string,
    readonly feed: string,
    readonly status: number | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'GithubSyncError';
  }
}

const TYPES: readonly AdvisoryType[] = ['reviewed', 'malware'];

/** What every feed of one run shares. */
interface Run {
  octokit: Octokit;
  store: AdvisoryStore;
  opts: SyncOptions;
  log: (message: string) => void;
  result: SyncResult;
}

export async function syncGithub(store: AdvisoryStore, options: SyncOptions = {}): Promise<SyncResult> {
  const opts: SyncOptions = { ...options, token: options.token ?? process.env.GITHUB_TOKEN };
  const log = opts.log ?? (() => {});
  const types = opts.types ?? TYPES;
  for (const type of types) {
    if (!TYPES.includes(type)) throw new Error(`unknown GitHub advisory type "${String(type)}"; use reviewed or malware`);
  }
  const ecosystems = opts.ecosystems?.length ? opts.ecosystems : [undefined];
  for (const eco of ecosystems) {
    if (eco !== undefined && !(eco in REST_TO_OSV_ECOSYSTEM) && eco !== 'other') {
      throw new Error(`unknown GitHub advisory ecosystem "${eco}"; use one of ${[...Object.keys(REST_TO_OSV_ECOSYSTEM), 'other'].join(', ')}`);
    }
  }
  const run: Run = { octokit: createClient(opts, log), store, opts, log, result: { pages: 0, upserted: 0, unchanged: 0, feeds: [] } };
  for (const type of types) {
    for (const ecosystem of ecosystems) await syncFeed(run, ecosystem ? { type, ecosystem } : { type });
  }
  return run.result;
}

/** One feed: resume its interrupted query from the saved cursor, or ask for what changed since its high-water mark. */
async function syncFeed({ octokit, store, opts, log, result }: Run, base: FeedQuery): Promise<void> {
  const feed = feedName(base.type, base.ecosystem);
  result.feeds.push(feed);
  const state = store.getFeedState(feed);
  const startedAt = new Date().toISOString();
  const savedCursor = state?.status === 'partial' ? state.cursor : undefined;
  const resumed = savedCursor ? queryFromUrl(state?.url, feed) : undefined;
  let query: FeedQuery;
  let after: string | undefined;
  let highWater = state?.highWaterModified;
  if (resumed && savedCursor) {
    query = resumed;
    after = savedCursor;
    log(`${feed}: resuming an interrupted sync (${queryToUrl(query)}) from its saved cursor`);
  } else {
    if (savedCursor) log(`${feed}: the saved resume query is unreadable; starting over from the high-water mark`);
    const since = sinceFor(highWater, opts.overlapMinutes ?? 60);
    query = since ? { ...base, modified: `>=${since}` } : base;
    log(`${feed}: ${since ? `advisories modified since ${since}` : 'full sync'}`);
  }
  const url = queryToUrl(query);
  store.setFeedState({ feed, url, cursor: after, status: 'partial', startedAt });

  const params = {
    type: query.type,
    ...(query.ecosystem ? { ecosystem: query.ecosystem as RestEcosystem } : {}),
    ...(query.modified ? { modified: query.modified } : {}),
    sort: 'updated' as const,
    direction: 'asc' as const,
    per_page: PER_PAGE,
    ...(after ? { after } : {}),
  };
  const pages = octokit.paginate.iterator(octokit.rest.securityAdvisories.listGlobalAdvisories, params)[Symbol.asyncIterator]();
  let committed = 0;
  while (true) {
    let step: Awaited<ReturnType<typeof pages.next>>;
    try {
      step = await pages.next();
    } catch (err) {
      throw syncError(feed, committed, err, opts);
    }
    if (step.done) break;
    const data: unknown = step.value.data;
    if (!Array.isArray(data)) {
      throw new GithubSyncError(`${feed}: GitHub answered page ${committed + 1} with something that is not a list of advisories`, feed, undefined);
    }
    const advisories = data as GlobalAdvisory[];
    const records = advisories.map((adv) => restToOsv(adv, (m) => log(`${feed}: ${m}`)));
    for (const adv of advisories) highWater = laterOf(highWater, adv?.updated_at);
    const cursor = nextCursor(step.value.headers.link);
    const batch = store.applyBatch(GHSA_REST_SOURCE, records, {
      feed,
      url,
      cursor,
      highWaterModified: highWater,
      status: 'partial',
    });
    committed++;
    result.pages++;
    result.upserted += batch.inserted + batch.updated;
    result.unchanged += batch.unchanged;
    for (const s of batch.skipped) log(`${feed}: skipped ${s.id || '(no id)'}: ${s.reason}`);
  }
  store.setFeedState({ feed, cursor: undefined, status: 'ok', finishedAt: new Date().toISOString() });
  log(`${feed}: ${committed} page(s), high-water mark ${highWater ?? 'none'}`);
}

type RestEcosystem = NonNullable<Parameters<Octokit['rest']['securityAdvisories']['listGlobalAdvisories']>[0]>['ecosystem'];

function createClient(opts: SyncOptions, log: (message: string) => void): Octokit {
  const retries = Math.max(0, opts.retries ?? 3);
  const cap = Math.max(0, opts.maxRetryAfterSeconds ?? 60);
  const onLimit =
    (kind: string) =>
    async (retryAfter: number, options: { method: string; url: string }, _octokit: unknown, retryCount: number): Promise<boolean> => {
      if (retryCount >= retries) {
        log(`GitHub ${kind} on ${options.method} ${pathOf(options.url)}: giving up after ${retries} retr${retries === 1 ? 'y' : 'ies'}`);
        return false;
      }
      const wait = Math.min(retryAfter, cap);
      const capped = wait < retryAfter ? ` (the server asked for ${retryAfter}s)` : '';
      log(`GitHub ${kind} on ${options.method} ${pathOf(options.url)}: waiting ${wait}s${capped} before retry ${retryCount + 1} of ${retries}`);
      await new Promise((resolve) => setTimeout(resolve, wait * 1000));
      return true;
    };
  return new Octokit({
    baseUrl: (opts.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, ''),
    ...(opts.token ? { auth: opts.token } : {}),
    userAgent: 'lantern-advisory-sync',
    log: { debug: () => {}, info: () => {}, warn: (m: string) => log(m), error: (m: string) => log(m) },
    // The handlers above do the (capped) waiting themselves, so the plugin adds none.
    throttle: { onRateLimit: onLimit('rate limit'), onSecondaryRateLimit: onLimit('secondary rate limit'), retryAfterBaseValue: 0 },
    // The retry plugin waits (n+1)² × base ms before retry n; scale it so no wait passes the cap.
    retry: { retries, doNotRetry: DO_NOT_RETRY, retryAfterBaseValue: Math.min(1000, (cap * 1000) / Math.max(1, retries) ** 2) },
    request: { fetch: loggingFetch(log) },
  });
}

/** The path of a request URL, for log lines that stay short. */
function pathOf(url: string): string {
  try {
    return new URL(url, 'http://relative.invalid').pathname;
  } catch {
    return url;
  }
}

/** The innermost layer: bounds each request in time and logs every failed attempt. */
function loggingFetch(log: (message: string) => void): typeof fetch {
  return async (input, init) => {
    const timeout = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    const target = `${init?.method ?? 'GET'} ${String(input instanceof Request ? input.url : input)}`;
    try {
      const res = await fetch(input, { ...init, signal });
      if (res.status >= 500) log(`GitHub answered ${res.status} to ${target}`);
      return res;
    } catch (err) {
      log(`network error on ${target}: ${reasonOf(err)}`);
      throw err;
    }
  };
}

/**
 * The deepest message of an error's cause chain, with the first error code met on the way:
 * undici wraps "other side closed (UND_ERR_SOCKET)" in a bare "fetch failed", and octokit wraps
 * that again.
 */
function reasonOf(err: unknown): string {
  let message = String(err);
  let code: string | undefined;
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    message = e.message;
    code ??= typeof (e as NodeJS.ErrnoException).code === 'string' ? (e as NodeJS.ErrnoException).code : undefined;
  }
  return code && !message.includes(code) ? `${message} (${code})` : message;
}

interface RequestErrorLike {
  status?: number;
  message: string;
  response?: { headers?: Record<string, string | undefined> };
}

/** Turns what octokit threw into one sentence a user can act on. */
function syncError(feed: string, committed: number, err: unknown, opts: SyncOptions): GithubSyncError {
  const e = (err ?? {}) as RequestErrorLike;
  const status = typeof e.status === 'number' ? e.status : undefined;
  const headers = e.response?.headers ?? {};
  const retries = opts.retries ?? 3;
  let reason: string;
  if (!e.response) {
    reason = `network error: ${reasonOf(err)} (after ${retries} retr${retries === 1 ? 'y' : 'ies'})`;
  } else if (status === 401) {
    reason = `GitHub refused the credentials (401 ${e.message}); check GITHUB_TOKEN`;
  } else if ((status === 403 || status === 429) && (headers['x-ratelimit-remaining'] === '0' || headers['retry-after'] || /rate limit/i.test(e.message))) {
    const reset = Number(headers['x-ratelimit-reset']);
    const when = Number.isFinite(reset) && reset > 0 ? `; the limit resets at ${new Date(reset * 1000).toISOString()}` : '';
    const hint = opts.token ? '' : '; set GITHUB_TOKEN for a higher limit';
    reason = `GitHub rate limit (${status}) still hit after ${retries} retr${retries === 1 ? 'y' : 'ies'}${when}${hint}`;
  } else {
    reason = `GitHub answered ${status ?? 'an error'}: ${e.message}`;
  }
  const kept = committed > 0 ? `${committed} page(s) committed before it are kept; run it again to resume` : 'Nothing was committed for it in this run';
  return new GithubSyncError(`advisory sync of ${feed} failed: ${reason}. ${kept}.`, feed, status, { cause: err });
}
