/**
 * Command lines and URLs an inventory shows (an MCP server's `args` and `url`) with their secrets
 * masked, before they leave the detector: a key passed as `--api-key sk-…`, `--token=…`,
 * `-e OPENAI_API_KEY=sk-…`, an `Authorization: Bearer …` header argument, a password in a URL's
 * user info, and any AI provider key the secrets catalog recognizes anywhere in an argument. The
 * values are masked as the secrets findings mask keys (`sk-ant-…ULAA`, `…`).
 */
import type { SecretsCatalog } from './catalog.js';
import { scanText } from './match.js';
import { keyPrefix, maskSecret } from './redact.js';
import { shannonEntropy } from './entropy.js';

/** A flag or variable name that carries a credential: `--api-key`, `--token`, `OPENAI_API_KEY`, `password`. */
const CREDENTIAL_NAME = /(?:^|[-_.])(?:api[-_]?key|key|token|secret|password|passwd|pwd|auth|authorization|credentials?|bearer|access[-_]?key|private[-_]?key)(?:$|[-_.])/i;
/** `scheme://user:password@` */
const USERINFO = /([a-z][a-z0-9+.-]*:\/\/)([^/?#@\s:]*):([^/?#@\s]*)@/gi;
/** `?name=value` / `&name=value` in a URL. */
const QUERY_PARAM = /([?&])([^=&#\s]+)=([^&#\s]*)/g;
/** `Authorization: Bearer x`, `X-Api-Key: x` as one argument. */
const HEADER = /^([\w-]+)(\s*:\s*)(?:(bearer|basic|token)\s+)?(\S.*)$/i;

function isCredentialFlag(arg: string): boolean {
  const m = /^--?([a-z][\w.-]*)$/i.exec(arg);
  return m !== null && CREDENTIAL_NAME.test(m[1] as string);
}

/** One argument with the secrets in it masked; `afterCredentialFlag`: the argument is the value of `--token` & co. */
function redactArg(arg: string, afterCredentialFlag: boolean, catalog: SecretsCatalog): string {
  if (afterCredentialFlag && !arg.startsWith('-')) return maskSecret(arg);
  let out = arg.replace(USERINFO, (_m, scheme: string, user: string, pass: string) => `${scheme}${user}${pass ? ':…' : ''}@`);
  // A URL's query parameter named for a credential (`…/sse?token=…`, `&api_key=…`).
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(out)) out = out.replace(QUERY_PARAM, (m, lead: string, name: string, value: string) => (CREDENTIAL_NAME.test(name) && value !== '' ? `${lead}${name}=${maskSecret(value)}` : m));
  const flag = /^(--?[a-z][\w.-]*)=(.+)$/i.exec(out);
  if (flag && isCredentialFlag(flag[1] as string)) return `${flag[1]}=${maskSecret(flag[2] as string)}`;
  const assign = /^([A-Za-z_][A-Za-z0-9_.-]*)=(.+)$/.exec(out);
  if (assign && CREDENTIAL_NAME.test(assign[1] as string)) return `${assign[1]}=${maskSecret(assign[2] as string)}`;
  const header = HEADER.exec(out);
  if (header && (header[3] !== undefined || CREDENTIAL_NAME.test(header[1] as string))) return `${header[1]}${header[2]}${header[3] ? `${header[3]} ` : ''}${maskSecret(header[4] as string)}`;
  // Any key the catalog knows, wherever it sits in the argument (a connection string, JSON).
  const found = scanText(out, catalog);
  for (const m of found.sort((a, b) => b.raw.length - a.raw.length)) out = out.split(m.raw).join(maskSecret(m.raw));
  return out;
}

/** The arguments with every secret masked (same count and order). */
export function redactArgs(args: readonly string[], catalog: SecretsCatalog): string[] {
  return args.map((a, i) => redactArg(a, i > 0 && isCredentialFlag(args[i - 1] as string), catalog));
}

/**
 * A URL as the inventory shows it: no user info (up to the authority's last `@`, as URL parsers
 * read it), no query, no fragment, no surrounding blanks.
 */
export function displayUrl(url: string): string {
  const t = url.trim().replace(/[?#].*$/, '');
  const m = /^[a-z][a-z0-9+.-]*:\/\//i.exec(t);
  if (!m) return t;
  const start = m[0].length;
  const slash = t.indexOf('/', start);
  const end = slash < 0 ? t.length : slash;
  const at = t.lastIndexOf('@', end - 1);
  return at >= start ? t.slice(0, start) + t.slice(at + 1) : t;
}

/** A path segment that can be a token: 32 or more base64 or base64url characters, no dash or dot (a model's name has them). */
const TOKEN_SEGMENT = /^[A-Za-z0-9+_=]{32,}$/;
/** Bits per character from which such a segment is taken for a token (camel-case names stay under 4.1; random base64 is near 6). */
const TOKEN_ENTROPY = 4.3;

/**
 * A URL (or a name made of one) with the path segments that look like credentials masked: an MCP
 * server's address that is its own key (Zapier's `https://mcp.zapier.com/api/mcp/s/<token>/mcp`).
 * A segment counts when it is long, random-looking base64 with letters in both cases and digits; a
 * commit sha (hex) or a model's name is left as it is.
 */
export function maskPathTokens(url: string): string {
  if (url.length < 40) return url;
  return url.replace(/[^/?#\s]{32,}/g, (seg) => (TOKEN_SEGMENT.test(seg) && /[a-z]/.test(seg) && /[A-Z]/.test(seg) && /[0-9]/.test(seg) && shannonEntropy(seg) >= TOKEN_ENTROPY ? maskSecret(seg) : seg));
}

/** `scheme://userinfo@`: the user info of a URL, whatever it holds. */
const ANY_USERINFO = /([a-z][a-z0-9+.-]*:\/\/)([^/?#@\s]+)@/gi;

/**
 * Free text an output shows (a declared version spec, an endpoint, a warning quoting a line) with
 * its secrets masked: every key the secrets catalog knows, and a URL's user info (a password, or a
 * user name long enough to be a token, as in `https://<token>:x-oauth-basic@github.com`).
 */
export function scrubSecrets(text: string, catalog: SecretsCatalog): string {
  let out = text.replace(ANY_USERINFO, (_m, scheme: string, info: string) => {
    const colon = info.indexOf(':');
    const user = colon < 0 ? info : info.slice(0, colon);
    const shownUser = user.length >= 16 ? maskSecret(user) : user;
    return `${scheme}${shownUser}${colon < 0 ? '' : ':…'}@`;
  });
  for (const m of scanText(out, catalog).sort((a, b) => b.raw.length - a.raw.length)) out = out.split(m.raw).join(maskSecret(m.raw));
  // A key cut short (a warning quotes at most so many characters of a line) is no full match any
  // more: a long token that starts like a key is masked too.
  return out.replace(/[A-Za-z0-9_-]{16,}/g, (t) => (keyPrefix(t) !== '' ? maskSecret(t) : t));
}
