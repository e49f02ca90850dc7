/**
 * Deno import maps as Deno resolves a specifier through them (the WICG import maps rules that
 * deno.json's `imports` and `scopes`, or the file its `importMap` names, follow): an exact key
 * first, then the longest key ending in `/` that the specifier starts with, the rest appended to
 * its target; a `scopes` map whose scope (a folder, relative to the map's own folder) holds the
 * importing file is tried before `imports`, the most specific scope first. So
 *
 *   "imports": { "oai": "jsr:@openai/openai@^0.9", "ai/": "npm:/ai@4/" }
 *
 * makes `import OpenAI from "oai"` the JSR package and `import { generateText } from "ai/core"`
 * `npm:/ai@4/core`, the npm package ai. A key with no trailing `/` matches only itself, but Deno
 * expands a bare `npm:` or `jsr:` one to its subpaths (`oai/helpers/zod`; specifierMap).
 *
 * Keys may be URL-like too, as the spec has them: a path (`./vendor/openai/`, `../x.ts`) is
 * resolved from the map's folder, a URL (`https://deno.land/x/openai@v4.24.0/mod.ts`, `npm:oai`)
 * is that URL as WHATWG URL parsing writes it (urlKey); a relative or URL import in code is
 * resolved the same way, from the importing file's folder, before it is looked up. So
 *
 *   "imports": { "./vendor/openai/": "npm:/openai@4/", "https://deno.land/x/openai@v4.24.0/mod.ts": "npm:openai@4.24.0" }
 *
 * makes `import OpenAI from "../vendor/openai/index.ts"` in app/src/chat.ts (the map at app/) and
 * the deno.land/x import the npm package openai. Only paths inside the scanned directory are held:
 * a path key or scope that climbs out of it, an absolute path or a `file:` URL (both on the disk,
 * not in the tree as its paths are written) and a URL that does not parse are left out, as are
 * scopes that are URLs (the files scanned are no remote modules). A relative import no key names
 * stays as written: the project's own code.
 *
 * The governing map of a file is that of the nearest deno.json(c) above it; a workspace member's
 * deno.json (a folder its root deno.json's `workspace` lists) falls back on the root's map, as Deno
 * composes them (memberMap): the member's `imports` a scope of its folder, so a root scope below
 * that folder comes first.
 *
 * Every lookup is linear in the specifier (a URL-like one is resolved once, and not at all past
 * MAX_URL_LENGTH): exact keys in a Map, prefix keys in a trie of their `/`-separated segments, so
 * a map of 100,000 keys costs no scan of the keys per import.
 */
import { dirName, joinDir, isRecord } from './manifests/common.js';
import { jsrImportOf, npmImportOf, npmImportSite } from './npm-specifier.js';
import type { ImportSite } from './types.js';

/**
 * One specifier map (`imports`, or one scope's): exact keys, and prefix keys as a trie of their
 * segments kept flat (an edge `<node>/<segment>` to the next node, node 0 the root; `to` the target
 * of a node a key ends at), so it is cheap to hand to the worker threads. A null target blocks the
 * specifier.
 */
export interface SpecifierMap {
  exact: Map<string, string | null>;
  edges: Map<string, number>;
  to: Map<number, string | null>;
}

/** One import map: its `imports` and its local scopes, the most specific first. */
export interface ImportMap {
  imports: SpecifierMap;
  /**
   * Set by whoever reads the map (aliasKeys): the keys whose targets name an AI package. A file
   * below the map that quotes none of them imports no AI package through it (mentionsAlias).
   */
  aiKeys?: string[];
  /** Scope paths relative to the scanned directory: a folder ends in `/` (`''` is the whole tree), else one file. */
  scopes: { scope: string; map: SpecifierMap }[];
}

/** The import maps of a tree: per folder of a deno.json(c) that has one, the maps its files resolve with, in order. */
export type DenoImportMaps = Map<string, ImportMap[]>;

/** A specifier that is a URL or a path (`./x`, `../x`, `/x`, `npm:x`, `https://…`): not bare. */
const URL_LIKE = /^(?:\.{0,2}\/|[A-Za-z][A-Za-z0-9+.-]*:)/;

export function isBareSpecifier(specifier: string): boolean {
  return specifier !== '' && !URL_LIKE.test(specifier);
}

/** Past this length a URL-like key or specifier is not parsed: no map key of ours is that long. */
const MAX_URL_LENGTH = 4096;

/**
 * A URL-like key or specifier as the maps hold it (the spec's "parse a URL-like import specifier",
 * for the URLs that matter here): a path (`./`, `../`) joined to `base`, a folder relative to the
 * scanned directory, written `./` + its path from the scanned directory (`./app/vendor/openai/`,
 * `./` the whole tree; a trailing `/` kept, for prefix keys); an absolute URL as WHATWG URL parsing
 * writes it (`https://deno.land/x/…`, `npm:openai`). Undefined for a path out of the scanned
 * directory, an absolute path or a `file:` URL (on the disk, not in the scanned directory as its
 * paths are written), a URL that does not parse, and one over MAX_URL_LENGTH. Bare specifiers
 * never start with `./`, so the two never meet in a map.
 */
export function urlKey(base: string, specifier: string): string | undefined {
  if (specifier.length > MAX_URL_LENGTH) return undefined;
  if (specifier.startsWith('./') || specifier.startsWith('../')) {
    const path = joinDir(base, specifier);
    if (path === undefined) return undefined;
    return path === '' ? './' : `./${path}${specifier.endsWith('/') ? '/' : ''}`;
  }
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:/.test(specifier) || /^file:/i.test(specifier)) return undefined;
  try {
    return new URL(specifier).href;
  } catch {
    return undefined;
  }
}

/** The key a specifier of a file (a path relative to the scanned directory) is looked up by: a bare one as written, a URL-like one resolved (urlKey) against the file's folder. */
function lookupKey(file: string, specifier: string): string | undefined {
  return isBareSpecifier(specifier) ? specifier : urlKey(dirName(file), specifier);
}

/**
 * The specifier map of an `imports` object read from `base` (the folder of the map's file): its
 * bare keys as written, its URL-like keys resolved (urlKey: `./vendor/openai/` is the folder
 * vendor/openai below `base`, `https://deno.land/x/openai@v4.24.0/mod.ts` that URL), each with its
 * string target (a key ending in `/` needs a target ending in `/` that a rest can be appended to:
 * `npm:/ai@4/`, not `npm:ai@4/`, which Deno cannot join); a key whose target is none of these maps
 * to nothing, a key urlKey leaves out is left out. As Deno expands every map it reads
 * (import_map's `expand_import_map_value`), a bare key without `/` whose target is an `npm:` or
 * `jsr:` specifier not ending in `/` also maps its subpaths, unless the map has that `key/` of its
 * own: `"oai": "jsr:@openai/openai@^0.9"` gives `"oai/": "jsr:/@openai/openai@^0.9/"`.
 */
export function specifierMap(obj: Record<string, unknown>, base = ''): SpecifierMap {
  const out = emptyMap();
  for (const [written, value] of Object.entries(obj)) {
    const bare = isBareSpecifier(written);
    const key = bare ? written : written === '' ? undefined : urlKey(base, written);
    if (key === undefined) continue;
    // A target is a URL or a path; a bare one (`"oai": "openai"`) is no address (the spec's "invalid address").
    const t = typeof value === 'string' && URL_LIKE.test(value.trim()) ? value.trim() : undefined;
    if (key.endsWith('/')) {
      addPrefix(out, key, t !== undefined && t.endsWith('/') && !/^[A-Za-z][A-Za-z0-9+.-]*:(?!\/)/.test(t) ? t : null);
      continue;
    }
    out.exact.set(key, t ?? null);
    const pkg = !bare || t === undefined || t.endsWith('/') ? undefined : /^(npm|jsr):\/?(.+)$/.exec(t);
    if (pkg && !Object.hasOwn(obj, `${key}/`)) addPrefix(out, `${key}/`, `${pkg[1] as string}:/${pkg[2] as string}/`);
  }
  return out;
}

/** A specifier map with no keys. */
function emptyMap(): SpecifierMap {
  return { exact: new Map(), edges: new Map(), to: new Map() };
}

/** Puts a prefix key (ending in `/`) in the trie. */
function addPrefix(m: SpecifierMap, key: string, to: string | null): void {
  let node = 0;
  for (const seg of key.slice(0, -1).split('/')) {
    const edge = `${node}/${seg}`;
    let n = m.edges.get(edge);
    if (n === undefined) m.edges.set(edge, (n = m.edges.size + 1));
    node = n;
  }
  m.to.set(node, to);
}

/**
 * A scope key as a path relative to the scanned directory (see ImportMap.scopes): scope keys are
 * URL-like whatever they start with (`legacy/` is the folder below the map's, as `./legacy/` is).
 * Undefined for a URL (the files scanned are no remote modules), an absolute path or a path out of
 * the tree.
 */
function scopePath(base: string, key: string): string | undefined {
  if (key === '' || /^[A-Za-z][A-Za-z0-9+.-]*:/.test(key) || key.startsWith('/') || key.startsWith('\\')) return undefined;
  const dir = joinDir(base, key);
  if (dir === undefined) return undefined;
  return key.endsWith('/') && dir !== '' ? `${dir}/` : dir;
}

/** An import map's JSON (deno.json's, or the file its `importMap` names) read from `base`, the folder of that file. */
export function importMapOf(root: Record<string, unknown>, base: string): ImportMap {
  const scopes: ImportMap['scopes'] = [];
  if (isRecord(root.scopes)) {
    for (const [key, m] of Object.entries(root.scopes)) {
      const scope = scopePath(base, key);
      if (scope !== undefined && isRecord(m)) scopes.push({ scope, map: specifierMap(m, base) });
    }
  }
  // The most specific scope first: of two scopes that both hold a file, one is a prefix of the other.
  scopes.sort((a, b) => b.scope.length - a.scope.length);
  return { imports: specifierMap(isRecord(root.imports) ? root.imports : {}, base), scopes };
}

/**
 * What a file quotes when it may import through a key of an import map's JSON (its `imports`' and
 * its scopes') whose string target `keep` accepts: a bare key or a URL key as written; for a path
 * key, `./` and `../` (a relative import from anywhere may resolve to it, so any one is taken to).
 */
export function aliasKeys(root: Record<string, unknown>, keep: (target: string) => boolean): string[] {
  const out = new Set<string>();
  const from = (m: unknown): void => {
    if (!isRecord(m)) return;
    for (const [key, value] of Object.entries(m)) {
      if (typeof value !== 'string' || key === '' || !keep(value.trim())) continue;
      if (key.startsWith('./') || key.startsWith('../')) out.add('./').add('../');
      else if (!key.startsWith('/')) out.add(key);
    }
  };
  from(root.imports);
  if (isRecord(root.scopes)) for (const m of Object.values(root.scopes)) from(m);
  return [...out];
}

/** Past this many keys a text is not searched for each: it is taken to mention one. */
const MAX_ALIAS_TESTS = 64;

/**
 * Whether a text may import through one of the keys: a specifier is a quoted string that starts
 * with its key (`"oai"`, `'oai/helpers'`, `` `ai/core` ``), so a text without `"key`, `'key` or
 * `` `key `` does not. Many keys (a hostile map) answer yes rather than search the text for each.
 */
export function mentionsAlias(text: string, keys: readonly string[]): boolean {
  if (keys.length > MAX_ALIAS_TESTS) return true;
  return keys.some((k) => text.includes(`"${k}`) || text.includes(`'${k}`) || text.includes(`\`${k}`));
}

/** Whether a scope holds the file. */
function inScope(scope: string, file: string): boolean {
  return scope === '' || (scope.endsWith('/') ? file.startsWith(scope) : file === scope);
}

/**
 * What one specifier map makes of a bare specifier: the exact key's target, else the longest
 * prefix key's with the rest appended (a rest that climbs out with `..` is blocked, as the spec's
 * backtracking check does); null when a matching key maps it to nothing; undefined when no key matches.
 */
function resolveIn(m: SpecifierMap, specifier: string): string | null | undefined {
  const exact = m.exact.get(specifier);
  if (exact !== undefined) return exact;
  const segs = specifier.split('/');
  let node: number | undefined = 0;
  let best: { to: string | null; at: number } | undefined;
  // A prefix key of k segments matches when a `/` follows them: at most segs.length - 1 of them.
  for (let i = 0; i < segs.length - 1 && node !== undefined; i++) {
    node = m.edges.get(`${node}/${segs[i] as string}`);
    const to = node === undefined ? undefined : m.to.get(node);
    if (to !== undefined) best = { to, at: i + 1 };
  }
  if (best === undefined) return undefined;
  if (best.to === null) return null;
  const rest = segs.slice(best.at);
  return rest.some((s) => s === '..' || s === '.') ? null : best.to + rest.join('/');
}

/**
 * A specifier of a file (a path relative to the scanned directory) through the maps that govern it
 * (mapsFor), looked up by its key (lookupKey: bare as written; a relative import such as
 * `../vendor/openai/index.ts` or a URL resolved first, as the map's own path and URL keys are):
 * the target of the first matching key of the scopes that hold the file, of all the maps, the most
 * specific first (on a tie, the earlier map's), then of each map's `imports` in turn; null when that
 * key maps it to nothing Deno can load; undefined when no key matches (it stays as written: a
 * relative import no key names is the project's own code).
 */
export function resolveThroughMaps(maps: readonly ImportMap[], file: string, specifier: string): string | null | undefined {
  if (maps.length === 0) return undefined;
  const key = lookupKey(file, specifier);
  if (key === undefined) return undefined;
  // The scopes of all the maps as one list, the most specific first (on a tie, the earlier map's):
  // each map's are sorted so already, and a chain is short.
  const at = maps.map(() => 0);
  for (;;) {
    let pick: { i: number; len: number } | undefined;
    for (let i = 0; i < maps.length; i++) {
      const s = (maps[i] as ImportMap).scopes[at[i] as number];
      if (s !== undefined && (pick === undefined || s.scope.length > pick.len)) pick = { i, len: s.scope.length };
    }
    if (pick === undefined) break;
    const s = (maps[pick.i] as ImportMap).scopes[(at[pick.i] as number)++] as ImportMap['scopes'][number];
    if (!inScope(s.scope, file)) continue;
    const r = resolveIn(s.map, key);
    if (r !== undefined) return r;
  }
  for (const map of maps) {
    const r = resolveIn(map.imports, key);
    if (r !== undefined) return r;
  }
  return undefined;
}

/**
 * A workspace member's map as Deno composes a workspace's maps into one (each member's `imports` a
 * scope of its folder, beside the root's scopes): its scopes with its `imports` as the scope
 * `<dir>/`, after any scope of its own at that folder, and no `imports`. So with the root's map after
 * it in the chain, a root scope below the member's folder (more specific) is tried before the
 * member's `imports`, and the root's `imports` last.
 */
export function memberMap(map: ImportMap, dir: string): ImportMap {
  const scopes = [...map.scopes, { scope: `${dir}/`, map: map.imports }].sort((a, b) => b.scope.length - a.scope.length);
  return { imports: emptyMap(), scopes, ...(map.aiKeys !== undefined ? { aiKeys: map.aiKeys } : {}) };
}

/** The maps that govern a file: those of the nearest folder above it with a deno.json(c); none when there is none. */
export function mapsFor(maps: DenoImportMaps, file: string): readonly ImportMap[] {
  if (maps.size === 0) return [];
  for (let dir = file; ; ) {
    const i = dir.lastIndexOf('/');
    dir = i < 0 ? '' : dir.slice(0, i);
    const m = maps.get(dir);
    if (m !== undefined) return m;
    if (dir === '') return [];
  }
}

/** The folders of a workspace as a trie of their segments (`*` a child of its own), so a folder is looked up in time of its depth. */
export interface Members {
  end?: boolean;
  next?: Map<string, Members>;
}

/**
 * The folders a root deno.json's `workspace` names (`["./a", "packages/*"]`, or `{ "members": [...] }`),
 * relative to the scanned directory; a `*` segment stands for any one folder (Deno's globs:
 * `packages/*` is packages/foo, not packages/foo/bar). Other patterns are left out. Undefined when
 * it names none.
 */
export function workspaceMembers(root: Record<string, unknown>, dir: string): Members | undefined {
  const ws = root.workspace;
  const list = Array.isArray(ws) ? ws : isRecord(ws) && Array.isArray(ws.members) ? ws.members : [];
  let out: Members | undefined;
  for (const m of list) {
    if (typeof m !== 'string' || m.startsWith('/')) continue;
    const p = joinDir(dir, m);
    if (p === undefined || p === dir || p === '') continue;
    const segs = p.split('/');
    if (!segs.every((s) => s === '*' || !s.includes('*'))) continue;
    let node = (out ??= {});
    for (const seg of segs) {
      node.next ??= new Map();
      let n = node.next.get(seg);
      if (n === undefined) node.next.set(seg, (n = {}));
      node = n;
    }
    node.end = true;
  }
  return out;
}

/** Whether a folder is one of the members: the trie's nodes its segments reach, literal or `*`, level by level. */
export function isMember(members: Members, dir: string): boolean {
  let at: Members[] = [members];
  for (const seg of dir.split('/')) {
    const next: Members[] = [];
    for (const n of at) {
      const lit = n.next?.get(seg);
      const any = seg === '*' ? undefined : n.next?.get('*');
      if (lit !== undefined) next.push(lit);
      if (any !== undefined) next.push(any);
    }
    if (next.length === 0) return false;
    at = next;
  }
  return at.some((n) => n.end === true);
}

/** Deno's `npm:/…` and `jsr:/…` (the form a prefix target needs, `npm:/ai@4/`) as `npm:…` and `jsr:…`. */
export function withoutSchemeSlash(target: string): string {
  return /^(?:npm|jsr):\/(?!\/)/.test(target) ? `${target.slice(0, 4)}${target.slice(5)}` : target;
}

/** The specifier a map's target stands for in code: `npm:/ai@4/core` is `ai/core`, `jsr:@openai/openai@^0.9` `jsr:@openai/openai`, a path stays a path. */
export function targetSpecifier(target: string): string {
  return npmImportSite({ specifier: withoutSchemeSlash(target), kind: 'import', line: 1, column: 1 }).specifier;
}

/**
 * A JS/TS import site as Deno resolves it through the maps that govern its file: the target's
 * package (`import OpenAI from "oai"` with `"oai": "jsr:@openai/openai@^0.9"` is
 * `jsr:@openai/openai`, with `written` the alias as written: the map's entry is the package's
 * declaration, the import only its use; a CDN URL target keeps the URL in `written`, which declares
 * it as a URL written in code does); undefined when the map maps it to nothing Deno can load. A
 * site the maps do not touch (not bare, no key matches, a `require()`) is returned as it is.
 */
export function throughImportMaps(site: ImportSite, maps: readonly ImportMap[], file: string): ImportSite | undefined {
  if (maps.length === 0 || site.kind === 'require') return site;
  const to = resolveThroughMaps(maps, file, site.specifier);
  if (to === undefined) return site;
  if (to === null) return undefined;
  const target = withoutSchemeSlash(to);
  const out = npmImportSite({ ...site, specifier: target });
  if (target.startsWith('npm:') || target.startsWith('jsr:')) {
    out.written = site.specifier;
    const range = (target.startsWith('jsr:') ? jsrImportOf(target) : npmImportOf(target))?.range;
    if (range !== undefined) out.range = range;
  }
  return out;
}
