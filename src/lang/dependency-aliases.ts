/**
 * Dependencies code imports under another name than the package's: Cargo's renamed dependencies
 * (`candle = { package = "candle-core", version = "0.8" }`, then `use candle::Tensor;`, as
 * Hugging Face's candle examples write it, in a crate or a workspace's `[workspace.dependencies]`)
 * and npm aliases (`"oai": "npm:openai@^4"`, then `import OpenAI from 'oai'`). The names the code
 * uses are not the catalog's, so the keyword pass would skip those files and the readers would not
 * know the names: readDependencyAliases reads the Cargo.toml and package.json files before the
 * analysis (only those whose text can hold an alias), and the SDK detector reads a source file
 * below one with the aliases of the manifests above it (aliasesFor), rewriting each import of an
 * alias to the package's own name (`candle::Tensor` → `candle_core::Tensor`).
 */
import { readManifest } from './manifests/index.js';
import { baseName, dirName, upFrom } from './manifests/common.js';
import type { SdkCatalog } from '../detectors/sdks/catalog.js';
import type { DeclaredDependency } from './types.js';

export type AliasLang = 'rust' | 'js';

/** One alias: the name code writes and the name the package is imported by. */
export interface DependencyAlias {
  lang: AliasLang;
  alias: string;
  target: string;
  /** The package's name as its registry knows it (`candle-core`; npm's is `target`). */
  name: string;
}

/** Per folder (relative to the scan root, '' for the root): the aliases its manifest declares. */
export type DependencyAliases = Record<string, DependencyAlias[]>;

/** At most this many manifests are read for aliases per scan. */
const MAX_MANIFESTS = 20_000;
/**
 * At most this many aliases are kept per scan (a real tree has a handful): each JS/TS or Rust file
 * below them is tested for every one, so a manifest of thousands of made-up aliases must not
 * multiply the work of every file.
 */
export const MAX_ALIASES = 256;

/**
 * The aliases of AI packages the tree's Cargo.toml and package.json files declare; undefined when
 * there are none. `read` returns a file's text (undefined when it cannot be read: the analysis
 * reads it again and says why).
 */
export function readDependencyAliases(paths: readonly string[], c: SdkCatalog, read: (path: string) => string | undefined): DependencyAliases | undefined {
  let out: DependencyAliases | undefined;
  let n = 0;
  let kept = 0;
  for (const path of paths) {
    const base = baseName(path);
    const lang: AliasLang | undefined = base === 'Cargo.toml' ? 'rust' : base === 'package.json' ? 'js' : undefined;
    if (lang === undefined || ++n > MAX_MANIFESTS) continue;
    const text = read(path);
    // Only a file that can hold one is parsed: `package = "…"` in a dependency table, an `npm:` spec.
    if (text === undefined || !(lang === 'rust' ? /\bpackage\s*=/.test(text) : text.includes('"npm:'))) continue;
    const list: DependencyAlias[] = [];
    for (const d of readManifest(path, text).deps) {
      if (kept + list.length >= MAX_ALIASES) break;
      if (d.alias === undefined || d.alias === d.name || c.byPackage(d.ecosystem, d.name) === undefined) continue;
      if (lang === 'rust' && d.ecosystem === 'cargo') list.push({ lang, alias: d.alias.replace(/-/g, '_'), target: d.name.replace(/-/g, '_'), name: d.name });
      else if (lang === 'js' && d.ecosystem === 'npm') list.push({ lang, alias: d.alias, target: d.name, name: d.name });
    }
    if (list.length > 0) (out ??= {})[dirName(path)] = list;
    kept += list.length;
  }
  return out;
}

/** The aliases a source file in `lang` sees: those of the manifests above it, the nearest first. */
export function aliasesFor(all: DependencyAliases, path: string, lang: AliasLang): Map<string, string> {
  return new Map([...aliasEntries(all, path, lang)].map(([k, a]) => [k, a.target]));
}

function aliasEntries(all: DependencyAliases, path: string, lang: AliasLang): Map<string, DependencyAlias> {
  const out = new Map<string, DependencyAlias>();
  for (const d of upFrom(dirName(path))) for (const a of all[d] ?? []) if (a.lang === lang && !out.has(a.alias)) out.set(a.alias, a);
  return out;
}

/**
 * A workspace member's `candle = { workspace = true }` in Cargo.toml names the dependency by the
 * key the workspace renamed it under: the declaration of the package it is (`candle-core`, the
 * key kept as its alias), so that it inherits the workspace's version and counts as declared.
 */
export function renamedInherited(all: DependencyAliases, path: string, deps: readonly DeclaredDependency[]): DeclaredDependency[] {
  let renames: Map<string, DependencyAlias> | undefined;
  return deps.map((d) => {
    if (d.ecosystem !== 'cargo' || d.central !== 'inherits' || d.alias !== undefined) return d;
    const a = (renames ??= aliasEntries(all, path, 'rust')).get(d.name.replace(/-/g, '_'));
    return a === undefined || a.name === d.name ? d : { ...d, name: a.name, alias: d.name };
  });
}

/** The alias `specifier` starts with (a key of `aliases`), if any. */
export function aliasOf(lang: AliasLang, specifier: string, aliases: ReadonlyMap<string, string>): string | undefined {
  if (lang === 'rust') {
    const rest = specifier.startsWith('::') ? specifier.slice(2) : specifier;
    const end = rest.indexOf('::');
    const first = end < 0 ? rest : rest.slice(0, end);
    return aliases.has(first) ? first : undefined;
  }
  for (const alias of aliases.keys()) if (specifier === alias || specifier.startsWith(`${alias}/`)) return alias;
  return undefined;
}

/** `specifier` with an alias it starts with replaced by the package's name; as it is otherwise. */
export function unalias(lang: AliasLang, specifier: string, aliases: ReadonlyMap<string, string>): string {
  return unaliased(lang, specifier, aliases)?.specifier ?? specifier;
}

/** The specifier an alias it starts with is replaced in, with that alias; undefined when it goes through none. */
export function unaliased(lang: AliasLang, specifier: string, aliases: ReadonlyMap<string, string>): { specifier: string; alias: string } | undefined {
  const alias = aliasOf(lang, specifier, aliases);
  const target = alias === undefined ? undefined : aliases.get(alias);
  if (alias === undefined || target === undefined) return undefined;
  const at = specifier.startsWith('::') && lang === 'rust' ? 2 : 0;
  return { specifier: `${specifier.slice(0, at)}${target}${specifier.slice(at + alias.length)}`, alias };
}
