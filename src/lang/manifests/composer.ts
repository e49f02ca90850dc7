/**
 * Composer: composer.json (`require`, `require-dev`) and composer.lock (`packages`,
 * `packages-dev`). Platform entries (`php`, `ext-*`, `lib-*`, `composer-*-api`, `hhvm`) are no
 * packages and are skipped; a package name is `vendor/package`.
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
  for (const [key, scope] of sections) {
    const deps = j.value[key];
    if (deps === undefined) continue;
    if (!isRecord(deps)) {
      c.warn(`"${key}" is not an object`);
      continue;
    }
    for (const [name, spec] of Object.entries(deps)) {
      if (!PACKAGE.test(name)) continue; // php, ext-json, lib-curl, composer-plugin-api: the platform
      const range = str(spec);
      if (!c.add({ name, range, version: range === undefined ? undefined : exactComposer(range), line: j.keyLine(deps, name), scope })) return c.result();
    }
  }
  return c.result();
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
      if (!c.add({ name, version: lockVersion(str(p.version)), line: j.keyLine(p, 'name'), scope, lockfile: path })) return c.result();
    }
  }
  return c.result();
}
