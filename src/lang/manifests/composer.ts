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
 * (`self.version`: the locked package's own), unless it locks X itself.
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
function links(pkg: Record<string, unknown>, c: Collector): Array<[string, string | undefined]> {
  const out: Array<[string, string | undefined]> = [];
  for (const key of ['replace', 'provide']) {
    const m = pkg[key];
    if (m === undefined) continue;
    if (!isRecord(m)) {
      c.warn(`"${key}" is not an object`);
      continue;
    }
    for (const [name, spec] of Object.entries(m)) if (PACKAGE.test(name)) out.push([name, str(spec)]);
  }
  return out;
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
      if (!c.add({ name, version, line: j.keyLine(p, 'name'), scope, lockfile: path })) return c.result();
      for (const [x, spec] of links(p, c)) satisfied.push({ name: x, version: spec?.trim() === 'self.version' ? version : spec === undefined ? undefined : exactComposer(spec), line: j.keyLine(p, 'name'), scope, lockfile: path });
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
