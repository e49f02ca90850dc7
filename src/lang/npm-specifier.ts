/**
 * JS/TS import specifiers that name an npm package without a bare name: Deno's and Bun's `npm:`
 * specifiers and the URLs of the ES-module CDNs that serve npm packages. Supabase Edge Functions,
 * Deno Deploy and browser code import that way, with no package.json beside them:
 *
 *   npm:openai@4.52.0                               npm:@anthropic-ai/sdk@^0.24/resources
 *   https://esm.sh/openai@4.20.1                    https://esm.sh/v135/openai@4.20.1/es2022/openai.mjs
 *   https://esm.sh/*openai@4  (deps external)       https://cdn.esm.sh/v68/openai@4  (esm.sh's older host)
 *   https://esm.run/openai                          https://cdn.jsdelivr.net/npm/openai@4/+esm
 *   https://cdn.skypack.dev/openai@4                https://cdn.skypack.dev/-/openai@v4.20.1-AbCd/dist=es2019/openai.js
 *   https://unpkg.com/openai@4?module               https://ga.jspm.io/npm:openai@4.20.1/index.mjs
 *   https://jspm.dev/openai@4
 *
 * `deno.land/x/…`, esm.sh's `gh/` (GitHub), `jsr/` and `pr/` forms and any other host name no npm
 * package. A `jsr:` specifier (`jsr:@openai/openai@^4/helpers/zod`) names a JSR package (jsrImportOf):
 * JSR (jsr.io) is a registry of its own, which serves each package to npm clients as
 * `@jsr/<scope>__<name>` (jsrNameOfNpm).
 */
import type { ImportSite } from './types.js';

export interface NpmImport {
  /** The npm package: `openai`, `@anthropic-ai/sdk`. */
  name: string;
  /** The package with its subpath, as a bare specifier would write it: `openai/resources`. */
  specifier: string;
  /** The version or range written after `@` (`4.52.0`, `^0.24`), when one is. */
  range?: string;
}

/** One path segment of an npm name (lower case in new packages; old ones may hold capitals). */
const NAME_PART = /^[A-Za-z0-9][A-Za-z0-9._~-]*$/;

/** How each CDN host lays out its paths: the part before the package, taken off the path. */
type Layout = 'esm.sh' | 'plain' | 'jsdelivr' | 'jspm' | 'skypack';

const HOSTS: ReadonlyMap<string, Layout> = new Map<string, Layout>([
  ['esm.sh', 'esm.sh'],
  ['cdn.esm.sh', 'esm.sh'],
  ['esm.run', 'plain'],
  ['unpkg.com', 'plain'],
  ['cdn.skypack.dev', 'skypack'],
  ['cdn.jsdelivr.net', 'jsdelivr'],
  ['fastly.jsdelivr.net', 'jsdelivr'],
  ['ga.jspm.io', 'jspm'],
  ['jspm.dev', 'jspm'],
]);

/**
 * The hosts and the path before the package name, as the keyword prefilter needs them to find a
 * file whose only AI mention is such an import (the catalog's npm import names follow each; the
 * build forms with a path between, `esm.sh/v135/<name>@…`, are found by `/<name>@`).
 */
export const NPM_SPECIFIER_LEADS: readonly string[] = [
  'npm:',
  'esm.sh/',
  'esm.sh/*',
  'esm.run/',
  'unpkg.com/',
  'cdn.skypack.dev/',
  'jsdelivr.net/npm/',
  'jspm.dev/',
];

/**
 * The npm package a JS/TS import specifier names when it is an `npm:` specifier or a CDN URL;
 * undefined for any other specifier (a bare name included: that is the catalog's own business).
 * Linear in the specifier's length (splits and anchored patterns only).
 */
export function npmImportOf(written: string): NpmImport | undefined {
  if (written.startsWith('npm:')) return packagePath(cut(written.slice(4)));
  const m = /^https?:\/\/([^/?#]+)/i.exec(written);
  if (!m) return undefined;
  const layout = HOSTS.get((m[1] as string).toLowerCase());
  if (layout === undefined) return undefined;
  let path = cut(written.slice(m[0].length)).replace(/^\/+/, '');
  switch (layout) {
    case 'esm.sh': {
      // A build version (`v135/`) or `stable/` before the package; `*` marks its deps external.
      path = path.replace(/^(?:v\d+|stable)\//, '');
      if (/^(?:gh|jsr|pr)\//.test(path)) return undefined;
      if (path.startsWith('*')) path = path.slice(1);
      return packagePath(path);
    }
    case 'jsdelivr':
      // `/npm/<pkg>` (`/gh/` is GitHub); `+esm` asks for an ES module, it is no file of the package.
      return path.startsWith('npm/') ? packagePath(path.slice(4).replace(/\/\+esm$/, '')) : undefined;
    case 'jspm':
      return packagePath(path.startsWith('npm:') ? path.slice(4) : path);
    case 'skypack': {
      // A pinned URL: `-/<pkg>@v<version>-<hash>/dist=…/mode=…/<file>`, whose file is a build, not a subpath.
      if (!path.startsWith('-/')) return packagePath(path);
      const pinned = packagePath(path.slice(2));
      if (!pinned) return undefined;
      const v = /^v(\d+\.\d+\.\d+)-[A-Za-z0-9]+$/.exec(pinned.range ?? '');
      return v ? { name: pinned.name, specifier: pinned.name, range: v[1] as string } : { name: pinned.name, specifier: pinned.name };
    }
    default:
      return packagePath(path);
  }
}

/** The text before a `?query` or `#hash`. */
function cut(s: string): string {
  const q = s.search(/[?#]/);
  return q < 0 ? s : s.slice(0, q);
}

/** `<name>[@<range>][/<subpath>]`, the name scoped or not. */
function packagePath(path: string): NpmImport | undefined {
  const parts = path.split('/');
  let name = parts[0] as string;
  let k = 1;
  if (name.startsWith('@')) {
    if (!NAME_PART.test(name.slice(1)) || parts.length < 2) return undefined;
    name = `${name}/${parts[1] as string}`;
    k = 2;
  }
  const last = name.lastIndexOf('@');
  let range: string | undefined;
  if (last > 0) {
    range = name.slice(last + 1);
    name = name.slice(0, last);
    if (range.includes('%')) {
      try {
        range = decodeURIComponent(range);
      } catch {
        // Left as written.
      }
    }
  }
  const base = name.slice(name.lastIndexOf('/') + 1);
  if (!NAME_PART.test(base)) return undefined;
  const sub = parts.slice(k).filter((p) => p !== '').join('/');
  const out: NpmImport = { name, specifier: sub ? `${name}/${sub}` : name };
  if (range) out.range = range;
  return out;
}

/**
 * The import site with an `npm:` or CDN specifier put as the bare specifier it stands for, and a
 * `jsr:` specifier as `jsr:<package>[/<subpath>]` without its version (the written one kept in
 * `written`). Both JS/TS front-ends call it on every site, so they agree. A `require()` of such a
 * specifier is no valid Node code: left as written.
 */
export function npmImportSite(site: ImportSite): ImportSite {
  const s = site.specifier;
  if (site.kind === 'require' || !(s.startsWith('npm:') || s.startsWith('jsr:') || /^https?:/i.test(s))) return site;
  const n = s.startsWith('jsr:') ? jsrImportOf(s) : npmImportOf(s);
  if (!n) return site;
  site.written = s;
  site.specifier = s.startsWith('jsr:') ? `jsr:${n.specifier}` : n.specifier;
  return site;
}

/** A JSR scope or package name: lower-case letters, digits and `-` (jsr.io's rule; no `_`, so `__` splits an npm-side name). */
const JSR_PART = '[a-z0-9][a-z0-9-]*';
const JSR_SPECIFIER = new RegExp(`^jsr:(@${JSR_PART}/${JSR_PART})(?:@([^/]*))?(?:/(.*))?$`);
const JSR_ON_NPM = new RegExp(`^@jsr/(${JSR_PART})__(${JSR_PART})$`);

/**
 * The JSR package a `jsr:` specifier names: `jsr:@openai/openai`, `jsr:@openai/openai@^4.96.0`,
 * `jsr:@openai/openai@4/helpers/zod` (name `@openai/openai`, specifier with the subpath, the range
 * as written). Undefined for anything else (an unscoped or upper-case name: JSR has none). Linear:
 * one anchored pattern whose parts cannot overlap.
 */
export function jsrImportOf(written: string): NpmImport | undefined {
  const m = JSR_SPECIFIER.exec(written.trim());
  if (m === null) return undefined;
  const name = m[1] as string;
  const sub = (m[3] ?? '').split('/').filter((p) => p !== '').join('/');
  const out: NpmImport = { name, specifier: sub ? `${name}/${sub}` : name };
  const range = m[2]?.trim();
  if (range) out.range = range;
  return out;
}

/** The JSR package an npm name stands for on JSR's npm registry (`@jsr/openai__openai` → `@openai/openai`); undefined for any other name. */
export function jsrNameOfNpm(name: string): string | undefined {
  const m = JSR_ON_NPM.exec(name);
  return m === null ? undefined : `@${m[1] as string}/${m[2] as string}`;
}

/** The name JSR's npm registry (https://npm.jsr.io) serves a JSR package under: `@openai/openai` → `@jsr/openai__openai`. */
export function npmNameOfJsr(name: string): string {
  return `@jsr/${name.slice(1).replace('/', '__')}`;
}
