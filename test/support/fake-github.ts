/**
 * A local stand-in for GitHub's global security advisories endpoint (`GET /advisories`), so the
 * sync can be tested end to end without the network. It speaks the real wire format: JSON array
 * bodies of `global-advisory` objects, opaque cursor pagination through the `Link` header,
 * `X-RateLimit-*` headers, GitHub's rate-limit and secondary-rate-limit error responses, and
 * the optional `/api/v3` prefix of GitHub Enterprise Server. Tests script faults by request
 * number and read back every request it received.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GlobalAdvisory } from '../../src/advisories/sync/ghsa-rest.js';

export type FaultKind = 'rate-limit' | 'secondary-rate-limit' | 'too-many-requests' | 'drop';

/** A scripted failure: requests number `atRequest` … `atRequest + times - 1` (1-based) get it. */
export interface Fault {
  kind: FaultKind;
  atRequest: number;
  times?: number;
  /** Seconds in `Retry-After`, or until `X-RateLimit-Reset` for a primary rate limit. Default 1. */
  retryAfterSeconds?: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  authorization?: string;
  /** What the fake answered; 0 for a dropped connection. */
  status: number;
}

export interface FakeGithubOptions {
  advisories?: GlobalAdvisory[];
  /** `/api/v3` for GitHub Enterprise Server; requests outside it get 404. */
  basePath?: string;
  /** When set, requests must carry `Authorization: token <t>` or `Bearer <t>`. */
  token?: string;
  /** Caps `per_page` so a handful of fixtures spans several pages. */
  maxPerPage?: number;
  faults?: Fault[];
}

export interface FakeGithub {
  /** The API base URL to hand to the client, base path included. */
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** The served data; tests edit it between runs to simulate upstream changes. */
  advisories: GlobalAdvisory[];
  faults: Fault[];
  close(): Promise<void>;
}

const DOCS = 'https://docs.github.com/rest';
const SECONDARY_MESSAGE =
  'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. ' +
  'If you reach out to GitHub Support for help, please include the request ID.';

export async function startFakeGithub(opts: FakeGithubOptions = {}): Promise<FakeGithub> {
  const basePath = (opts.basePath ?? '').replace(/\/+$/, '');
  const requests: RecordedRequest[] = [];
  const limit = opts.token ? 5000 : 60;
  const resetAt = Math.floor(Date.now() / 1000) + 3600;
  let origin = '';
  const fake: FakeGithub = {
    get url() {
      return origin + basePath;
    },
    requests,
    advisories: opts.advisories ?? sampleAdvisories(),
    faults: [...(opts.faults ?? [])],
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', origin);
    const record: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      status: 0,
    };
    if (req.headers.authorization) record.authorization = req.headers.authorization;
    requests.push(record);
    const n = requests.length;
    const rate = { limit, used: Math.min(n, limit), remaining: Math.max(limit - n, 0), reset: resetAt };
    const send = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
      record.status = status;
      res.writeHead(status, {
        'content-type': 'application/json; charset=utf-8',
        'x-github-api-version-selected': '2022-11-28',
        'x-github-media-type': 'github.v3; format=json',
        'x-github-request-id': `FAKE:${n}`,
        'x-ratelimit-limit': String(rate.limit),
        'x-ratelimit-remaining': String(rate.remaining),
        'x-ratelimit-reset': String(rate.reset),
        'x-ratelimit-used': String(rate.used),
        'x-ratelimit-resource': 'core',
        ...headers,
      });
      res.end(JSON.stringify(body));
    };

    const fault = fake.faults.find((f) => n >= f.atRequest && n < f.atRequest + (f.times ?? 1));
    if (fault?.kind === 'drop') {
      req.socket.destroy();
      return;
    }
    if (fault) {
      const wait = fault.retryAfterSeconds ?? 1;
      if (fault.kind === 'rate-limit') {
        rate.remaining = 0;
        rate.reset = Math.floor(Date.now() / 1000) + wait;
        send(403, rateLimitBody(Boolean(opts.token)));
      } else {
        const status = fault.kind === 'too-many-requests' ? 429 : 403;
        send(status, { message: SECONDARY_MESSAGE, documentation_url: `${DOCS}/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits` }, { 'retry-after': String(wait) });
      }
      return;
    }
    if (opts.token) {
      const auth = req.headers.authorization;
      if (!auth) return send(401, { message: 'Requires authentication', documentation_url: DOCS, status: '401' });
      const m = /^(?:token|bearer)\s+(\S+)$/i.exec(auth);
      if (!m || m[1] !== opts.token) return send(401, { message: 'Bad credentials', documentation_url: DOCS, status: '401' });
    }
    if (n > limit) return send(403, rateLimitBody(Boolean(opts.token)));
    if (req.method !== 'GET' || url.pathname !== `${basePath}/advisories`) {
      return send(404, { message: 'Not Found', documentation_url: DOCS, status: '404' });
    }
    const page = listPage(fake.advisories, url.searchParams, opts.maxPerPage ?? 100);
    if ('error' in page) return send(422, { message: 'Validation Failed', errors: [page.error], documentation_url: `${DOCS}/security-advisories/global-advisories#list-global-security-advisories`, status: '422' });
    const headers: Record<string, string> = {};
    if (page.next) {
      const next = new URL(url);
      next.searchParams.set('after', page.next);
      headers.link = `<${next.toString()}>; rel="next"`;
    }
    send(200, page.items, headers);
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}

function rateLimitBody(authenticated: boolean): unknown {
  return {
    message: authenticated
      ? 'API rate limit exceeded for user ID 1.'
      : "API rate limit exceeded for 127.0.0.1. (But here's the good news: Authenticated requests get a higher rate limit. Check out the documentation for more details.)",
    documentation_url: `${DOCS}/overview/rate-limits-for-the-rest-api#about-the-primary-rate-limit`,
  };
}

type Page = { items: GlobalAdvisory[]; next?: string } | { error: string };

/** Filters, sorts and cuts one page the way the real endpoint does (defaults included). */
function listPage(all: GlobalAdvisory[], q: URLSearchParams, maxPerPage: number): Page {
  const type = q.get('type') ?? 'reviewed';
  if (!['reviewed', 'malware', 'unreviewed'].includes(type)) return { error: `type "${type}" is not one of reviewed, malware, unreviewed` };
  const sort = q.get('sort') ?? 'published';
  if (sort !== 'updated' && sort !== 'published') return { error: `sort "${sort}" is not supported` };
  const direction = q.get('direction') ?? 'desc';
  if (direction !== 'asc' && direction !== 'desc') return { error: `direction "${direction}" is not asc or desc` };
  const ecosystem = q.get('ecosystem')?.toLowerCase();
  let inWindow: (iso: string) => boolean = () => true;
  const modified = q.get('modified');
  if (modified !== null) {
    const window = parseDateQualifier(modified);
    if (!window) return { error: `modified "${modified}" is not a date or date range` };
    inWindow = window;
  }
  const requested = Number.parseInt(q.get('per_page') ?? '30', 10);
  const perPage = Math.min(Number.isFinite(requested) && requested > 0 ? Math.min(requested, 100) : 30, maxPerPage);

  const key = (a: GlobalAdvisory): [string, string] => [sort === 'updated' ? a.updated_at : a.published_at, a.ghsa_id];
  const sign = direction === 'asc' ? 1 : -1;
  const cmp = (x: [string, string], y: [string, string]): number =>
    sign * (Date.parse(x[0]) - Date.parse(y[0]) || (x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : 0));
  let items = all
    .filter((a) => a.type === type)
    .filter((a) => !ecosystem || (a.vulnerabilities ?? []).some((v) => v.package?.ecosystem === ecosystem))
    .filter((a) => inWindow(a.updated_at) || inWindow(a.published_at))
    .sort((x, y) => cmp(key(x), key(y)));
  const after = q.get('after');
  if (after !== null) {
    const position = decodeCursor(after);
    if (!position) return { error: `after "${after}" is not a valid cursor` };
    items = items.filter((a) => cmp(key(a), position) > 0);
  }
  const pageItems = items.slice(0, perPage);
  const last = pageItems[pageItems.length - 1];
  return items.length > perPage && last ? { items: pageItems, next: encodeCursor(key(last)) } : { items: pageItems };
}

/** Opaque like GitHub's (`Y3Vyc29yOnYy…` is base64 of `cursor:v2:`), but readable by this fake. */
function encodeCursor(position: [string, string]): string {
  return Buffer.from(`cursor:v2:${JSON.stringify(position)}`).toString('base64');
}

function decodeCursor(cursor: string): [string, string] | undefined {
  const text = Buffer.from(cursor, 'base64').toString();
  if (!text.startsWith('cursor:v2:')) return undefined;
  try {
    const v: unknown = JSON.parse(text.slice('cursor:v2:'.length));
    if (!Array.isArray(v) || v.length !== 2) return undefined;
    const [at, id] = v as unknown[];
    return typeof at === 'string' && typeof id === 'string' ? [at, id] : undefined;
  } catch {
    return undefined;
  }
}

const DATE = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * GitHub's search date syntax: `>=D`, `>D`, `<=D`, `<D`, `D..D` (with `*` for open ends) or a
 * bare `D`. A date without a time covers its whole (UTC) day.
 */
export function parseDateQualifier(text: string): ((iso: string) => boolean) | undefined {
  const bound = (d: string, endOfDay: boolean): number | undefined => {
    if (!DATE.test(d)) return undefined;
    const dateOnly = d.length === 10;
    const t = Date.parse(dateOnly ? `${d}T00:00:00Z` : d);
    if (Number.isNaN(t)) return undefined;
    return dateOnly && endOfDay ? t + 86_400_000 - 1 : t;
  };
  const m = /^(>=|<=|>|<)?(.+)$/.exec(text.trim());
  if (!m) return undefined;
  const [, op, rest] = m as unknown as [string, string | undefined, string];
  if (!op && rest.includes('..')) {
    const [a, b] = rest.split('..') as [string, string];
    const lo = a === '*' ? -Infinity : bound(a, false);
    const hi = b === '*' ? Infinity : bound(b, true);
    if (lo === undefined || hi === undefined) return undefined;
    return (iso) => Date.parse(iso) >= lo && Date.parse(iso) <= hi;
  }
  const lo = bound(rest, op === '>' || op === '<=' || !op);
  const start = bound(rest, false);
  if (lo === undefined || start === undefined) return undefined;
  switch (op) {
    case '>=':
      return (iso) => Date.parse(iso) >= start;
    case '>':
      return (iso) => Date.parse(iso) > lo;
    case '<=':
      return (iso) => Date.parse(iso) <= lo;
    case '<':
      return (iso) => Date.parse(iso) < start;
    default:
      return (iso) => Date.parse(iso) >= start && Date.parse(iso) <= lo;
  }
}

type Vuln = NonNullable<GlobalAdvisory['vulnerabilities']>[number];

function vuln(ecosystem: NonNullable<Vuln['package']>['ecosystem'], name: string, range: string, patched: string | null, functions: string[] = []): Vuln {
  return { package: { ecosystem, name }, vulnerable_version_range: range, first_patched_version: patched, vulnerable_functions: functions };
}

type AdvisoryFacts = Pick<GlobalAdvisory, 'ghsa_id' | 'summary' | 'type' | 'severity' | 'published_at' | 'updated_at' | 'vulnerabilities'> &
  Partial<GlobalAdvisory>;

/** Fills the fields every `global-advisory` object carries, as the API would. */
export function makeAdvisory(facts: AdvisoryFacts): GlobalAdvisory {
  const cve = facts.cve_id ?? null;
  return {
    url: `https://api.github.com/advisories/${facts.ghsa_id}`,
    html_url: `https://github.com/advisories/${facts.ghsa_id}`,
    repository_advisory_url: null,
    cve_id: cve,
    description: null,
    source_code_location: null,
    identifiers: [{ type: 'GHSA', value: facts.ghsa_id }, ...(cve ? [{ type: 'CVE' as const, value: cve }] : [])],
    references: [],
    github_reviewed_at: facts.type === 'unreviewed' ? null : facts.published_at,
    nvd_published_at: null,
    withdrawn_at: null,
    cvss: { vector_string: null, score: null },
    cvss_severities: { cvss_v3: { vector_string: null, score: null }, cvss_v4: { vector_string: null, score: null } },
    epss: null,
    cwes: [],
    credits: [],
    ...facts,
  };
}

/**
 * Advisories for the AI packages the research notes list (ids, packages, ranges, CVEs, CWEs and
 * severities are the real ones; prose is shortened and the timestamps are fixed test values),
 * plus a malware advisory and a withdrawn one with made-up ids.
 */
export function sampleAdvisories(): GlobalAdvisory[] {
  return [
    makeAdvisory({
      ghsa_id: 'GHSA-53q9-r3pm-6pq6',
      cve_id: 'CVE-2025-32434',
      summary: 'PyTorch: `torch.load` with `weights_only=True` leads to remote command execution',
      description: 'Loading a model with `torch.load(..., weights_only=True)` can still execute code. Upgrade to 2.6.0.',
      type: 'reviewed',
      severity: 'critical',
      source_code_location: 'https://github.com/pytorch/pytorch',
      references: [
        'https://github.com/pytorch/pytorch/security/advisories/GHSA-53q9-r3pm-6pq6',
        'https://nvd.nist.gov/vuln/detail/CVE-2025-32434',
        'https://github.com/advisories/GHSA-53q9-r3pm-6pq6',
      ],
      published_at: '2025-04-18T15:51:34Z',
      updated_at: '2025-04-22T16:24:10Z',
      nvd_published_at: '2025-04-18T16:15:23Z',
      vulnerabilities: [vuln('pip', 'torch', '<= 2.5.1', '2.6.0')],
      cvss: { vector_string: null, score: null },
      cvss_severities: {
        cvss_v3: { vector_string: null, score: null },
        cvss_v4: { vector_string: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N', score: 9.3 },
      },
      epss: { percentage: 0.00463, percentile: 0.63 },
      cwes: [{ cwe_id: 'CWE-502', name: 'Deserialization of Untrusted Data' }],
    }),
    makeAdvisory({
      ghsa_id: 'GHSA-887c-mr87-cxwp',
      cve_id: 'CVE-2025-3730',
      summary: 'PyTorch Improper Resource Shutdown or Release vulnerability',
      type: 'reviewed',
      severity: 'medium',
      references: ['https://nvd.nist.gov/vuln/detail/CVE-2025-3730'],
      published_at: '2025-04-16T21:32:08Z',
      updated_at: '2025-04-22T16:24:10Z',
      vulnerabilities: [vuln('pip', 'torch', '<= 2.7.1', null, ['torch.nn.functional.ctc_loss'])],
      cvss: { vector_string: 'CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:N/I:N/A:L', score: 3.3 },
      cvss_severities: {
        cvss_v3: { vector_string: 'CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:N/I:N/A:L', score: 3.3 },
        cvss_v4: { vector_string: 'CVSS:4.0/AV:L/AC:L/AT:N/PR:L/UI:N/VC:N/VI:N/VA:L/SC:N/SI:N/SA:N', score: 4.8 },
      },
      cwes: [{ cwe_id: 'CWE-404', name: 'Improper Resource Shutdown or Release' }],
    }),
    makeAdvisory({
      ghsa_id: 'GHSA-37q5-v5qm-c9v8',
      cve_id: 'CVE-2024-3568',
      summary: 'Transformers Deserialization of Untrusted Data vulnerability',
      type: 'reviewed',
      severity: 'low',
      references: ['https://nvd.nist.gov/vuln/detail/CVE-2024-3568', 'https://huntr.com/bounties/b3c36992-5264-4d7f-9906-a996efafba8f'],
      published_at: '2024-04-10T18:30:48Z',
      updated_at: '2024-04-10T22:08:12Z',
      vulnerabilities: [vuln('pip', 'transformers', '< 4.38.0', '4.38.0')],
      cvss_severities: null,
      cwes: [{ cwe_id: 'CWE-502', name: 'Deserialization of Untrusted Data' }],
    }),
    makeAdvisory({
      ghsa_id: 'GHSA-c67j-w6g6-q2cm',
      cve_id: 'CVE-2025-68664',
      summary: 'LangChain serialization injection vulnerability enables secret extraction in dumps/loads APIs',
      type: 'reviewed',
      severity: 'critical',
      source_code_location: 'https://github.com/langchain-ai/langchain',
      references: ['https://github.com/langchain-ai/langchain/security/advisories/GHSA-c67j-w6g6-q2cm'],
      published_at: '2025-12-23T17:51:18Z',
      updated_at: '2025-12-24T02:07:41Z',
      vulnerabilities: [
        vuln('pip', 'langchain-core', '>= 1.0.0, < 1.2.5', '1.2.5'),
        vuln('pip', 'langchain-core', '< 0.3.81', '0.3.81'),
      ],
      cvss_severities: {
        cvss_v3: { vector_string: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:L/A:N', score: 9.3 },
        cvss_v4: null,
      },
      cwes: [{ cwe_id: 'CWE-502', name: 'Deserialization of Untrusted Data' }],
    }),
    makeAdvisory({
      ghsa_id: 'GHSA-r399-636x-v7f6',
      cve_id: 'CVE-2025-68665',
      summary: 'LangChain serialization injection vulnerability enables secret extraction',
      type: 'reviewed',
      severity: 'high',
      source_code_location: 'https://github.com/langchain-ai/langchainjs',
      references: ['https://github.com/langchain-ai/langchainjs/security/advisories/GHSA-r399-636x-v7f6'],
      published_at: '2025-12-23T17:52:03Z',
      updated_at: '2025-12-24T02:07:41Z',
      vulnerabilities: [
        vuln('npm', '@langchain/core', '>= 1.0.0, < 1.1.8', '1.1.8'),
        vuln('npm', '@langchain/core', '< 0.3.80', '0.3.80'),
        vuln('npm', 'langchain', '>= 1.0.0, < 1.2.3', '1.2.3'),
        vuln('npm', 'langchain', '< 0.3.37', '0.3.37'),
      ],
      cvss_severities: {
        cvss_v3: { vector_string: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:N', score: 7.4 },
        cvss_v4: null,
      },
      cwes: [{ cwe_id: 'CWE-502', name: 'Deserialization of Untrusted Data' }],
    }),
    makeAdvisory({
      ghsa_id: 'GHSA-9w8f-p4vj-6h2c',
      summary: 'Withdrawn Advisory: duplicate report for vllm model loading',
      description: 'This advisory was withdrawn because it duplicates GHSA-rh4j-5rhw-hr54.',
      type: 'reviewed',
      severity: 'high',
      published_at: '2025-01-27T18:29:19Z',
      updated_at: '2025-02-03T20:05:55Z',
      withdrawn_at: '2025-02-03T20:05:55Z',
      vulnerabilities: [vuln('pip', 'vllm', '< 0.7.0', '0.7.0')],
    }),
    makeAdvisory({
      ghsa_id: 'GHSA-6x5v-rqc3-3fwq',
      summary: 'Malware in deepseeek',
      description: 'Any computer that has this package installed or running should be considered fully compromised.',
      type: 'malware',
      severity: 'critical',
      published_at: '2025-01-30T09:12:40Z',
      updated_at: '2025-01-30T09:12:40Z',
      vulnerabilities: [vuln('pip', 'deepseeek', '>= 0', null)],
      cwes: [{ cwe_id: 'CWE-506', name: 'Embedded Malicious Code' }],
    }),
  ];
}
