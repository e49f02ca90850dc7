/**
 * Composer: composer.json (`require`, `require-dev`) and composer.lock (`packages`,
 * `packages-dev`). Platform entries (`php`, `ext-*`, `lib-*`, `composer-*-api`, `hhvm`) are no
 * packages and are skipped; a package name is `vendor/package`.
 *
 * `replace` and `provide` (getcomposer.org/doc/04-schema.md): a package that replaces X (a fork,
 * a monorepo holding X, or a root's `"X": "*"` that keeps X from being installed) or provides X
 * (an implementation of a virtual package) satisfies every requirement of X, so Composer installs
 * no X. The root's own (composer.json): X is no dependency of the project, and a `require` of it is
 * not one either. A locked package's (composer.lock): X is present through that package, so the
 * lockfile lists X as well, at the locked package's line, with the version the link pins
 * (`self.version`: the locked package's own), unless it locks X itself; the entry names that package
 * (`providedBy`): what is installed is the fork, not X's release.
 *
 * Where a locked package came from (getcomposer.org/doc/05-repositories.md), in the purl spec's
 * qualifiers; every URL without user, password, query or fragment (a token may be in any of them):
 * - A Composer repository writes a `notification-url` (its `notify-batch`). Packagist's
 *   (packagist.org, repo.packagist.org) is the purl type's default: nothing. Another one (Private
 *   Packagist's `https://repo.packagist.com/acme/downloads/`, a Satis, a mirror) gives
 *   `repositoryUrl`: composer.json's `type: composer` URL for that repository when the composer.json
 *   beside the lock lists one (resolveComposerRepositories), else the notification-url's origin and
 *   path without its `downloads/` segment.
 * - No `notification-url` and a VCS `source` (type, URL, commit): it was read from a version
 *   control repository that composer.json's `repositories` lists (`vcs`, `git`, `github`, …), so
 *   the source is its `vcsUrl`, `git+https://github.com/acme/openai-client.git@<commit>`. Some
 *   Composer versions write a notification-url for such a package too: an entry whose source is a
 *   repository composer.json lists as a VCS one (same host and path, whatever the protocol, case or
 *   `.git`) gets the vcsUrl all the same.
 * - No `notification-url` and only a `dist` over http(s) (an inline `package` repository's
 *   archive, an `artifact` one's on a server): `downloadUrl`. A `path` dist or a local archive: no
 *   origin.
 * composer.json alone: a requirement an inline `type: package` repository defines takes that
 * definition's origin (its dist's downloadUrl) and version (the one a pin names, else the only
 * one). A requirement a VCS repository could provide is not tied to it: the repository's package
 * names are known only by fetching it. `only`/`exclude` filters and `canonical` are not read: the
 * lock's URLs already say which repository served each package.
 */
import type { DeclaredDependency, WorkspaceRoot } from '../types.js';
import { baseName, boundText, Collector, dirName, isRecord, type ManifestResult, str } from './common.js';
import { parseJson } from './json.js';

/**
 * A Packagist package name (`vendor/package`); platform packages have no slash. Composer's own
 * pattern, `[a-z0-9]([_.-]?[a-z0-9]+)*`, nests a quantifier in a repeated group and backtracks
 * exponentially in JavaScript on a name that does not match (`aaaa…a!`); written here with the
 * separator required inside the repetition, it accepts the same names in linear time.
 */
const PACKAGE = /^[a-z0-9]+(?:[_.-][a-z0-9]+)*\/[a-z0-9]+(?:(?:[_.]|-{1,2})[a-z0-9]+)*$/i;

/** A constraint that pins one version: `1.2.3`, `v1.2.3`, `=1.2.3`, `1.2.3.4`. */
function exactComposer(constraint: string): string | undefined {
  const m = /^\s*=?\s*v?(\d+\.\d+\.\d+(?:\.\d+)?(?:-[0-9A-Za-z.]+)?)\s*$/.exec(constraint);
  return m?.[1];
}

/** A lockfile version without the leading `v` of a tag (`v0.10.3` → `0.10.3`); branches (`dev-main`) as written. */
export function lockVersion(v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  const t = v.trim();
  return /^v\d/.test(t) ? t.slice(1) : t;
}

export function readComposerJson(path: string, text: string): ManifestResult {
  const c = new Collector(path, 'composer');
  const j = parseJson(boundText(text, c));
  if (j.error !== undefined) c.warn(`malformed JSON: ${j.error}`);
  if (!isRecord(j.value)) return c.result();
  if (typeof j.value.name === 'string' && PACKAGE.test(j.value.name)) c.own = j.value.name;
  const sections: [string, DeclaredDependency['scope']][] = [
    ['require', 'runtime'],
    ['require-dev', 'dev'],
  ];
  // The names the root replaces or provides: it satisfies them itself.
  const own = new Set(links(j.value, c).map(([name]) => name.toLowerCase()));
  const repos = repositoriesOf(j.value.repositories, c);
  if (repos.composer.length > 0 || repos.vcs.length > 0) c.workspace = { path, ecosystem: 'composer', composerRepositories: { composer: repos.composer, vcs: repos.vcs } };
  for (const [key, scope] of sections) {
    const deps = j.value[key];
    if (deps === undefined) continue;
    if (!isRecord(deps)) {
      c.warn(`"${key}" is not an object`);
      continue;
    }
    for (const [name, spec] of Object.entries(deps)) {
      if (!PACKAGE.test(name) || own.has(name.toLowerCase())) continue; // php, ext-json, lib-curl, composer-plugin-api: the platform
      const range = str(spec);
      const version = range === undefined ? undefined : exactComposer(range);
      const inline = inlineDefinition(repos.inline.get(name.toLowerCase()), version);
      const origin = inline === undefined ? {} : originOf(inline);
      if (!c.add({ name, range, version: version ?? lockVersion(str(inline?.version)), line: j.keyLine(deps, name), scope, ...origin })) return c.result();
    }
  }
  return c.result();
}

/** What composer.json's `repositories` says: see WorkspaceRoot.composerRepositories; `inline`: a `type: package` repository's definitions by lower-case name. */
interface Repositories {
  composer: string[];
  vcs: string[];
  inline: Map<string, Record<string, unknown>[]>;
}

/**
 * Reads `repositories`, an array or an object keyed by name (getcomposer.org/doc/05-repositories.md):
 * `type: composer` URLs, VCS ones (`vcs`, `git`, `github`, …) as the repositories they name, and
 * inline `type: package` definitions (one or a list of versions). `path` and `artifact` ones (local
 * files), `{"packagist.org": false}` and URLs that are no http(s) address are no origin here.
 */
function repositoriesOf(value: unknown, c: Collector): Repositories {
  const out: Repositories = { composer: [], vcs: [], inline: new Map() };
  if (value === undefined) return out;
  if (!Array.isArray(value) && !isRecord(value)) {
    c.warn('"repositories" is not an array or an object');
    return out;
  }
  for (const r of (Array.isArray(value) ? value : Object.values(value)).slice(0, MAX_REPOSITORIES)) {
    if (!isRecord(r)) continue;
    const type = str(r.type)?.trim().toLowerCase();
    const url = str(r.url)?.trim();
    if (type === 'composer') {
      const base = httpUrl(url);
      if (base !== undefined && out.composer.length < MAX_COMPOSER_REPOSITORIES) out.composer.push(base);
    } else if (type !== undefined && VCS_REPOSITORY_TYPES.has(type)) {
      const key = url === undefined ? undefined : vcsRepositoryKey(url);
      if (key !== undefined) out.vcs.push(key);
    } else if (type === 'package') {
      for (const p of (Array.isArray(r.package) ? r.package : [r.package]).slice(0, MAX_INLINE_VERSIONS)) {
        const name = isRecord(p) ? str(p.name)?.trim().toLowerCase() : undefined;
        if (name === undefined || !PACKAGE.test(name)) continue;
        const list = out.inline.get(name) ?? [];
        if (list.length < MAX_INLINE_VERSIONS) list.push(p as Record<string, unknown>);
        out.inline.set(name, list);
      }
    }
  }
  return out;
}

/**
 * The inline definition a requirement installs: the one of the version it pins, else the only one
 * (a `package` repository is canonical, so Composer looks for the name nowhere else). Several and
 * no pin: none, as Composer's choice among them depends on constraints not read here.
 */
function inlineDefinition(defs: Record<string, unknown>[] | undefined, pinned: string | undefined): Record<string, unknown> | undefined {
  if (defs === undefined) return undefined;
  if (pinned !== undefined) return defs.find((d) => exactComposer(lockVersion(str(d.version)) ?? '') === pinned);
  return defs.length === 1 ? defs[0] : undefined;
}

/** A package's `replace` and `provide` links (name, constraint) to packages (platform names left out); a section that is no object is a warning. */
function links(pkg: Record<string, unknown>, c: Collector): Array<[string, string | undefined, 'replace' | 'provide']> {
  const out: Array<[string, string | undefined, 'replace' | 'provide']> = [];
  for (const key of ['replace', 'provide'] as const) {
    const m = pkg[key];
    if (m === undefined) continue;
    if (!isRecord(m)) {
      c.warn(`"${key}" is not an object`);
      continue;
    }
    for (const [name, spec] of Object.entries(m)) if (PACKAGE.test(name)) out.push([name, str(spec), key]);
  }
  return out;
}

/** Version control systems Composer reads packages from (its VcsRepository drivers). */
const VCS_TYPES: ReadonlySet<string> = new Set(['git', 'hg', 'svn', 'fossil']);
/** composer.json repository types read from version control (getcomposer.org/doc/05-repositories.md). */
const VCS_REPOSITORY_TYPES: ReadonlySet<string> = new Set(['vcs', 'git', 'github', 'gitlab', 'bitbucket', 'hg', 'svn', 'fossil', 'git-bitbucket', 'hg-bitbucket']);
/** Longest source URL or reference taken; longer ones are no repository address. */
const MAX_VCS_URL = 2048;
/** Entries of composer.json's `repositories` read, and inline package versions kept per name. */
const MAX_REPOSITORIES = 1000;
/** `type: composer` URLs kept (a project names a few): each locked package's repository is looked for among them. */
const MAX_COMPOSER_REPOSITORIES = 64;
const MAX_INLINE_VERSIONS = 100;
/** Hosts of Packagist itself, the default repository of the composer purl type: no `repository_url`. */
const PACKAGIST_HOSTS: ReadonlySet<string> = new Set(['packagist.org', 'www.packagist.org', 'repo.packagist.org']);

/**
 * An absolute URL of one of the protocols as text, user, password, query and fragment dropped (a
 * URL may carry a token: `https://token@repo.example.com/?auth=…`); undefined when it is none.
 */
function bareUrl(raw: string, protocols: readonly string[]): string | undefined {
  if (raw.length > MAX_VCS_URL) return undefined;
  try {
    const u = new URL(raw);
    if (!protocols.includes(u.protocol) || u.hostname === '') return undefined;
    u.username = '';
    u.password = '';
    u.search = '';
    u.hash = '';
    return u.toString();
  } catch {
    return undefined;
  }
}

const HTTP = ['http:', 'https:'] as const;

/** An http(s) URL as bareUrl gives it, without trailing slashes: the form a `repository_url` or `download_url` is written in. */
function httpUrl(raw: unknown): string | undefined {
  const t = str(raw)?.trim();
  return t === undefined ? undefined : bareUrl(t, HTTP)?.replace(/\/+$/, '');
}

/**
 * A VCS source URL as the purl writes it: an http(s), ssh, git or svn URL (bareUrl), or an
 * scp-like `git@host:owner/repo.git` written `ssh://host/owner/repo.git`.
 */
function vcsAddress(raw: string): string | undefined {
  if (raw.length > MAX_VCS_URL) return undefined;
  const scp = /^(?:[^@/\s:]+@)?([a-z0-9.-]+):(?!\/\/)([^\s?#]+)$/i.exec(raw);
  if (scp !== null) return `ssh://${scp[1]}/${(scp[2] as string).replace(/^\/+/, '')}`;
  return bareUrl(raw, ['http:', 'https:', 'ssh:', 'git:', 'svn:', 'svn+ssh:']);
}

/**
 * The repository a VCS URL names, for comparing a lock entry's source with composer.json's
 * repositories: host and path in lower case, without `.git` and trailing slashes, whatever the
 * protocol (`https://github.com/Acme/x`, `git@github.com:acme/x.git` are one).
 */
export function vcsRepositoryKey(raw: string): string | undefined {
  const a = vcsAddress(raw.trim());
  if (a === undefined) return undefined;
  try {
    const u = new URL(a);
    const path = u.pathname.replace(/\/+$/, '').replace(/\.git$/i, '');
    return path === '' ? undefined : `${u.hostname}${path}`.toLowerCase();
  } catch {
    return undefined;
  }
}

/** What a `source` says as a `vcs_url` (its type, URL and commit), whoever served the package; with the repository it names. */
function sourceVcs(p: Record<string, unknown>): { vcsUrl: string; repo: string } | undefined {
  const src = p.source;
  if (!isRecord(src)) return undefined;
  const type = str(src.type)?.trim().toLowerCase();
  const raw = str(src.url)?.trim();
  if (type === undefined || !VCS_TYPES.has(type) || raw === undefined) return undefined;
  const url = vcsAddress(raw);
  const repo = vcsRepositoryKey(raw);
  if (url === undefined || repo === undefined) return undefined;
  const prefix = url.startsWith(`${type}+`) ? '' : `${type}+`;
  const ref = str(src.reference)?.trim();
  return { vcsUrl: `${prefix}${url}${ref !== undefined && /^[\w./-]{1,200}$/.test(ref) ? `@${ref}` : ''}`, repo };
}

/**
 * A locked package's `vcs_url` (purl spec: `<vcs_tool>+<transport>://<host>/<path>@<revision>`)
 * when it came from a version control repository rather than a Composer repository: no
 * `notification-url`, a `source` of a VCS type with an http(s), ssh or git URL, or an scp-like
 * `git@host:owner/repo.git` (written `ssh://host/owner/repo.git`). User, password, query and
 * fragment are dropped: a URL may carry a token.
 */
export function vcsUrlOf(p: Record<string, unknown>): string | undefined {
  if (p['notification-url'] !== undefined) return undefined;
  return sourceVcs(p)?.vcsUrl;
}

/**
 * The base URL of the Composer repository that served a locked package, from its
 * `notification-url` (where Composer reports installs: the repository's `notify-batch`, Private
 * Packagist's `https://repo.packagist.com/acme/downloads/`): origin and path without the trailing
 * `downloads/` segment and slashes. Packagist's own (packagist.org, repo.packagist.org) is the
 * purl type's default repository: none.
 */
export function repositoryUrlOf(notification: unknown): string | undefined {
  const url = httpUrl(notification);
  if (url === undefined) return undefined;
  const u = new URL(url);
  if (PACKAGIST_HOSTS.has(u.hostname)) return undefined;
  return `${u.origin}${u.pathname.replace(/\/+$/, '').replace(/\/downloads$/i, '')}`;
}

/** A `dist` Composer downloads over http(s) (no `path` dist, no local artifact): its URL as httpUrl gives it. */
function distUrlOf(p: Record<string, unknown>): string | undefined {
  const dist = p.dist;
  if (!isRecord(dist) || str(dist.type)?.trim().toLowerCase() === 'path') return undefined;
  return httpUrl(dist.url);
}

/**
 * Where a locked package (or an inline `package` repository's definition) came from, in purl
 * qualifiers: a Composer repository's (its notification-url) `repositoryUrl` unless it is
 * Packagist's, and the `vcsSource` its VCS source would give, which resolveComposerRepositories
 * takes when composer.json lists that repository; with no notification-url, the `vcsUrl` of its
 * VCS source, else the `downloadUrl` of an http(s) dist (a `package` or `artifact` repository's
 * archive on a server).
 */
function originOf(p: Record<string, unknown>): Pick<DeclaredDependency, 'vcsUrl' | 'repositoryUrl' | 'downloadUrl' | 'vcsSource'> {
  if (p['notification-url'] !== undefined) {
    const repositoryUrl = repositoryUrlOf(p['notification-url']);
    const vcsSource = sourceVcs(p);
    return { ...(repositoryUrl !== undefined ? { repositoryUrl } : {}), ...(vcsSource !== undefined ? { vcsSource } : {}) };
  }
  const vcsUrl = vcsUrlOf(p);
  if (vcsUrl !== undefined) return { vcsUrl };
  const downloadUrl = distUrlOf(p);
  return downloadUrl !== undefined ? { downloadUrl } : {};
}

export function readComposerLock(path: string, text: string): ManifestResult {
  const c = new Collector(path, 'composer');
  const j = parseJson(boundText(text, c));
  if (j.error !== undefined) c.warn(`malformed JSON: ${j.error}`);
  if (!isRecord(j.value)) return c.result();
  const sections: [string, DeclaredDependency['scope']][] = [
    ['packages', undefined],
    ['packages-dev', 'dev'],
  ];
  const satisfied: Array<Omit<DeclaredDependency, 'path' | 'ecosystem'>> = [];
  for (const [key, scope] of sections) {
    const list = j.value[key];
    if (list === undefined) continue;
    if (!Array.isArray(list)) {
      c.warn(`"${key}" is not an array`);
      continue;
    }
    for (const p of list) {
      if (!isRecord(p)) continue;
      const name = str(p.name);
      if (name === undefined || !PACKAGE.test(name)) continue;
      const version = lockVersion(str(p.version));
      const origin = originOf(p);
      if (!c.add({ name, version, line: j.keyLine(p, 'name'), scope, lockfile: path, ...origin })) return c.result();
      for (const [x, spec, link] of links(p, c)) {
        const providedBy = { name, ...(version !== undefined ? { version } : {}), link };
        satisfied.push({ name: x, version: spec?.trim() === 'self.version' ? version : spec === undefined ? undefined : exactComposer(spec), line: j.keyLine(p, 'name'), scope, lockfile: path, providedBy, ...origin });
      }
    }
  }
  // What the locked packages replace or provide, once per name, unless locked itself.
  const locked = new Set(c.deps.map((d) => d.name.toLowerCase()));
  for (const d of satisfied) {
    if (locked.has(d.name.toLowerCase())) continue;
    locked.add(d.name.toLowerCase());
    if (!c.add(d)) break;
  }
  return c.result();
}

/** The URL's origin (lower case, as URL gives it) and its path segments; undefined when it is no URL. */
function urlParts(url: string): { origin: string; segments: string[] } | undefined {
  try {
    const u = new URL(url);
    return { origin: u.origin, segments: u.pathname.split('/').filter((x) => x !== '') };
  } catch {
    return undefined;
  }
}

/**
 * composer.json's `type: composer` URL for a repository_url read from a notification-url: of those
 * with its origin, the one whose path is the longest leading part of its path (Private Packagist's
 * `https://repo.packagist.com/acme/`), else the only one (a Satis whose `notify-batch` is elsewhere
 * on its host); undefined when none or several fit.
 */
function composerRepositoryFor(fromLock: string, listed: ReadonlyArray<{ url: string; origin: string; segments: string[] }>): string | undefined {
  const lock = urlParts(fromLock);
  if (lock === undefined) return undefined;
  let best: { url: string; depth: number } | undefined;
  let sameOrigin = 0;
  let only: string | undefined;
  for (const { url, ...r } of listed) {
    if (r.origin !== lock.origin) continue;
    sameOrigin++;
    only = url;
    const leads = r.segments.length <= lock.segments.length && r.segments.every((x, i) => x === lock.segments[i]);
    if (leads && (best === undefined || r.segments.length > best.depth)) best = { url, depth: r.segments.length };
  }
  return best?.url ?? (sameOrigin === 1 ? only : undefined);
}

/**
 * Settles each composer.lock entry's origin with the composer.json of its folder (its
 * `composerRepositories`, a workspace root): an entry whose VCS source is a repository that
 * composer.json lists as a VCS one was read from it, even with a notification-url (some Composer
 * versions write one), so its vcsSource becomes its vcsUrl and it has no repositoryUrl; a
 * repositoryUrl becomes composer.json's `type: composer` URL for it (composerRepositoryFor). Every
 * entry's vcsSource is dropped. Other declarations are returned as they are.
 */
export function resolveComposerRepositories(deps: DeclaredDependency[], workspaces: readonly WorkspaceRoot[]): DeclaredDependency[] {
  // Per folder: its VCS repositories, its composer URLs, and the URL each repositoryUrl met so far settled to.
  const byDir = new Map<string, { vcs: ReadonlySet<string>; composer: Array<{ url: string; origin: string; segments: string[] }>; settled: Map<string, string | undefined> }>();
  for (const w of workspaces) {
    const r = w.composerRepositories;
    if (w.ecosystem !== 'composer' || r === undefined || baseName(w.path) !== 'composer.json') continue;
    const composer = r.composer.slice(0, MAX_COMPOSER_REPOSITORIES).flatMap((url) => {
      const parts = urlParts(url);
      return parts === undefined ? [] : [{ url, ...parts }];
    });
    byDir.set(dirName(w.path), { vcs: new Set(r.vcs), composer, settled: new Map() });
  }
  if (!deps.some((d) => d.vcsSource !== undefined || (byDir.size > 0 && d.repositoryUrl !== undefined))) return deps;
  return deps.map((d) => {
    if (d.ecosystem !== 'composer' || d.lockfile === undefined || (d.vcsSource === undefined && d.repositoryUrl === undefined)) return d;
    const { vcsSource, ...out } = d;
    const repos = byDir.get(dirName(d.lockfile));
    if (repos === undefined) return out;
    if (vcsSource !== undefined && repos.vcs.has(vcsSource.repo)) {
      delete out.repositoryUrl;
      return { ...out, vcsUrl: vcsSource.vcsUrl };
    }
    const from = out.repositoryUrl;
    if (from === undefined) return out;
    if (!repos.settled.has(from)) repos.settled.set(from, composerRepositoryFor(from, repos.composer));
    const listed = repos.settled.get(from);
    return listed === undefined ? out : { ...out, repositoryUrl: listed };
  });
}
