/**
 * A local stand-in for the Hugging Face Hub API (node:http on 127.0.0.1, a free port), answering
 * in the Hub's shapes as huggingface_hub's `model_info`, `auth_check` and `hf_raise_for_status`
 * expect them:
 *  - `GET /api/models/{id}` and `/api/models/{id}/revision/{rev}` (rev percent-encoded whole):
 *    the model info JSON; `securityRepoStatus` only with `?securityStatus=true`.
 *  - `GET /api/models/{id}/auth-check`: 200 when the caller may download a gated repo's files.
 *  - Errors with `X-Error-Code` / `X-Error-Message` and a JSON `{"error": …}` body: 401
 *    `RepoNotFound` for anything missing or private when no token is sent (the Hub does not say
 *    which), 404 `RepoNotFound` with a token, 404 `RevisionNotFound`, 401/403 `GatedRepo` from
 *    auth-check, 401 "Invalid credentials in Authorization header" for an unknown token, 403
 *    "Access to this resource is disabled." for a disabled repo, 429 with Retry-After.
 *  - Ids match without letter case; a former id answers 307 to the current one.
 * It records every request so tests can assert what was (not) asked and which headers went out.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeModel {
  /** The current id, as the Hub spells it. */
  id: string;
  /** Commit sha per branch or tag; `main` is the default revision. A full sha in here also resolves to itself. */
  revisions: Record<string, string>;
  files?: string[];
  gated?: false | 'auto' | 'manual';
  private?: boolean;
  /** Tokens that may read this private repo or have passed its gate. */
  granted?: string[];
  disabled?: boolean;
  license?: string;
  /** `license:` and other tags; without them, the license (if any) is also given as a tag. */
  tags?: string[];
  author?: string;
  pipelineTag?: string;
  libraryName?: string;
  downloads?: number;
  securityRepoStatus?: { scansDone: boolean; filesWithIssues: { path: string; level: string }[] };
  /** Older ids of the repo: they redirect to the current one, as a renamed repo does. */
  formerIds?: string[];
  /** Answer 429 with this Retry-After (seconds) to the first info request, then normally. */
  rateLimitOnce?: number;
  /**
   * Never finish info answers (the connection stays open until the fake closes): `true` sends
   * nothing, 'body' sends the headers and the start of the body.
   */
  hang?: boolean | 'body';
  /** Fields merged over the answer as is, to send hostile or changed shapes. */
  raw?: Record<string, unknown>;
  /** Send this text as the 200 body instead of the JSON answer (truncated or not JSON). */
  body?: string;
}

export interface FakeHubOptions {
  /** Tokens the fake accepts besides the ones granted by models; any other token is invalid. */
  tokens?: string[];
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
}

export interface FakeHub {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

interface Route {
  id: string;
  revision?: string;
  authCheck: boolean;
}

/** `/api/models/a/b/revision/x` → id a/b, revision x; undefined for paths the Hub would not serve. */
function route(pathname: string): Route | undefined {
  if (!pathname.startsWith('/api/models/')) return undefined;
  let parts: string[];
  try {
    parts = pathname.slice('/api/models/'.length).split('/').map(decodeURIComponent);
  } catch {
    return undefined;
  }
  if (parts.length >= 2 && parts[parts.length - 1] === 'auth-check') return idRoute(parts.slice(0, -1), undefined, true);
  const r = parts.lastIndexOf('revision');
  if (r > 0 && r === parts.length - 2) return idRoute(parts.slice(0, r), parts[r + 1], false);
  return idRoute(parts, undefined, false);
}

function idRoute(parts: string[], revision: string | undefined, authCheck: boolean): Route | undefined {
  if (parts.length < 1 || parts.length > 2 || parts.some((p) => p === '')) return undefined;
  return revision === undefined ? { id: parts.join('/'), authCheck } : { id: parts.join('/'), revision, authCheck };
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers });
  res.end(text);
}

function hubError(res: ServerResponse, status: number, code: string | undefined, message: string, extra: Record<string, string> = {}): void {
  const headers: Record<string, string> = { ...extra, 'X-Error-Message': message };
  if (code !== undefined) headers['X-Error-Code'] = code;
  send(res, status, { error: message }, headers);
}

function infoBody(m: FakeModel, sha: string, withSecurity: boolean): Record<string, unknown> {
  const tags = m.tags ?? (m.license !== undefined ? [`license:${m.license}`] : []);
  const body: Record<string, unknown> = {
    _id: `6${sha.slice(0, 23)}`,
    id: m.id,
    modelId: m.id,
    author: m.author ?? m.id.split('/')[0],
    sha,
    lastModified: '2024-05-01T12:00:00.000Z',
    createdAt: '2023-01-01T00:00:00.000Z',
    private: m.private === true,
    disabled: false,
    gated: m.gated ?? false,
    downloads: m.downloads ?? 0,
    likes: 0,
    library_name: m.libraryName,
    pipeline_tag: m.pipelineTag,
    tags,
    cardData: m.license !== undefined ? { license: m.license } : {},
    siblings: (m.files ?? []).map((rfilename) => ({ rfilename })),
    spaces: [],
  };
  if (withSecurity) body.securityRepoStatus = m.securityRepoStatus ?? { scansDone: true, filesWithIssues: [] };
  return { ...body, ...(m.raw ?? {}) };
}

export async function startFakeHub(models: FakeModel[], opts: FakeHubOptions = {}): Promise<FakeHub> {
  const requests: RecordedRequest[] = [];
  const byId = new Map<string, FakeModel>();
  const former = new Map<string, FakeModel>();
  const validTokens = new Set(opts.tokens ?? []);
  for (const m of models) {
    byId.set(m.id.toLowerCase(), m);
    for (const f of m.formerIds ?? []) former.set(f.toLowerCase(), m);
    for (const t of m.granted ?? []) validTokens.add(t);
  }
  const rateLimited = new Set<FakeModel>();

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake-hub');
    requests.push({ method: req.method ?? '', path: `${url.pathname}${url.search}`, headers: req.headers });
    const auth = req.headers.authorization;
    const token = auth?.startsWith('Bearer ') ? auth.slice(7) : undefined;
    if (auth !== undefined && (token === undefined || !validTokens.has(token))) {
      return hubError(res, 401, undefined, 'Invalid credentials in Authorization header');
    }
    const r = req.method === 'GET' ? route(url.pathname) : undefined;
    if (r === undefined) return hubError(res, 404, undefined, 'Sorry, we cannot find the page you are looking for.');

    const renamed = former.get(r.id.toLowerCase());
    if (renamed !== undefined && !byId.has(r.id.toLowerCase())) {
      const rest = url.pathname.slice('/api/models/'.length + r.id.length);
      res.writeHead(307, { Location: `/api/models/${renamed.id}${rest}${url.search}` });
      return res.end();
    }
    const m = byId.get(r.id.toLowerCase());
    const readable = m !== undefined && (m.private !== true || (token !== undefined && (m.granted ?? []).includes(token)));
    if (m === undefined || !readable) {
      return token === undefined ? hubError(res, 401, 'RepoNotFound', 'Repository not found') : hubError(res, 404, 'RepoNotFound', 'Repository not found');
    }
    if (m.disabled === true) return hubError(res, 403, undefined, 'Access to this resource is disabled.');

    if (r.authCheck) {
      if (m.gated === undefined || m.gated === false || (token !== undefined && (m.granted ?? []).includes(token))) return send(res, 200, {});
      return token === undefined
        ? hubError(res, 401, 'GatedRepo', `Access to model ${m.id} is restricted. You must have access to it and be authenticated to access it. Please log in.`)
        : hubError(res, 403, 'GatedRepo', `Access to model ${m.id} is restricted and you are not in the authorized list. Visit https://huggingface.co/${m.id} to ask for access.`);
    }

    // The socket stays open until close() destroys it.
    if (m.hang === true) return;
    if (m.hang === 'body') {
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
      res.write(`{"id": "${m.id}", "sha": "`);
      return;
    }
    if (m.rateLimitOnce !== undefined && !rateLimited.has(m)) {
      rateLimited.add(m);
      return hubError(res, 429, undefined, 'You have exceeded our hourly quotas for action: api. We invite you to retry later.', { 'Retry-After': String(m.rateLimitOnce) });
    }
    const rev = r.revision ?? 'main';
    const sha = m.revisions[rev] ?? Object.values(m.revisions).find((s) => s === rev.toLowerCase());
    if (sha === undefined) return hubError(res, 404, 'RevisionNotFound', `Invalid rev id: ${rev}`);
    if (m.body !== undefined) return send(res, 200, m.body);
    send(res, 200, infoBody(m, sha, url.searchParams.get('securityStatus') === 'true'));
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
