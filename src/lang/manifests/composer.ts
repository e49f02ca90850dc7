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
 * A locked package with no `notification-url` was not served by a Composer repository (Packagist
 * and its mirrors write one): it was read from a version control repository that composer.json's
 * `repositories` lists (`vcs`, `git`, `github`, …). Its `source` (type, URL, commit) is then its
 * `vcsUrl`, `git+https://github.com/acme/openai-client.git@<commit>`, credentials left out.
 */
import type { DeclaredDependency } from '../types.js';
import { boundText, Collector, isRecord, type ManifestResult, str } from './common.js';
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
function lockVersion(v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  const t = v.trim();
  return /^v\d/.test(t) ? t.slice(1) : t;
}

export function readComposerJson(path: string, text: string): ManifestResult {
  const c = new Collector(path, 'composer');
  const j = parseJson(boundText(text, c));
  if (j.error !== undefined) c.warn(`malformed JSON: ${j.error}`);
  if (!isRecord(j.value)) return c.result();
  const sections: [string, DeclaredDependency['scope']][] = [
    ['require', 'runtime'],
    ['require-dev', 'dev'],
  ];
  // The names the root replaces or provides: it satisfies them itself.
  const own = new Set(links(j.value, c).map(([name]) => name.toLowerCase()));
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
      if (!c.add({ name, range, version: range === undefined ? undefined : exactComposer(range), line: j.keyLine(deps, name), scope })) return c.result();
    }
  }
  return c.result();
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
/** Longest source URL or reference taken; longer ones are no repository address. */
const MAX_VCS_URL = 2048;

/**
 * A locked package's `vcs_url` (purl spec: `<vcs_tool>+<transport>://<host>/<path>@<revision>`)
 * when it came from a version control repository rather than a Composer repository: no
 * `notification-url`, a `source` of a VCS type with an http(s), ssh or git URL, or an scp-like
 * `git@host:owner/repo.git` (written `ssh://host/owner/repo.git`). User, password, query and
 * fragment are dropped: a URL may carry a token.
 */
export function vcsUrlOf(p: Record<string, unknown>): string | undefined {
  if (p['notification-url'] !== undefined) return undefined;
  const src = p.source;
  if (!isRecord(src)) return undefined;
  const type = str(src.type)?.trim().toLowerCase();
  const raw = str(src.url)?.trim();
  if (type === undefined || !VCS_TYPES.has(type) || raw === undefined || raw.length > MAX_VCS_URL) return undefined;
  let url: string | undefined;
  const scp = /^(?:[^@/\s:]+@)?([a-z0-9.-]+):(?!\/\/)([^\s?#]+)$/i.exec(raw);
  if (scp !== null) url = `ssh://${scp[1]}/${(scp[2] as string).replace(/^\/+/, '')}`;
  else {
    try {
      const u = new URL(raw);
      if (!['http:', 'https:', 'ssh:', 'git:', 'svn:', 'svn+ssh:'].includes(u.protocol) || u.hostname === '') return undefined;
      u.username = '';
      u.password = '';
      u.search = '';
      u.hash = '';
      url = u.toString();
    } catch {
      return undefined;
    }
  }
  const prefix = url.startsWith(`${type}+`) ? '' : `${type}+`;
  const ref = str(src.reference)?.trim();
  return `${prefix}${url}${ref !== undefined && /^[\w./-]{1,200}$/.test(ref) ? `@${ref}` : ''}`;
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
      const vcs = vcsUrlOf(p);
      const origin = vcs === undefined ? {} : { vcsUrl: vcs };
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
