/**
 * Gradle version catalogs of any file name: a settings.gradle(.kts) that creates a catalog from a
 * file (`versionCatalogs { create("ai") { from(files("gradle/ai-deps.toml")) } }`) makes Gradle
 * read that file as a catalog whatever it is called. The scan reads `*.versions.toml` files by
 * name; any other named there (its path, inside the scan root, is the settings reader's:
 * WorkspaceRoot.catalogs) is read here, after the analysis, as a catalog, and resolveGradle gives
 * its entries to the builds of the settings files that name it. A TOML file no settings file
 * names is not read as a catalog. A named file that is missing, a link out of the scanned
 * directory, not a regular file or over the text limit is not read and becomes a warning
 * `manifest/include` on the settings file.
 */
import type { FileAnalysis } from '../detectors/types.js';
import type { SdkFacts } from '../detectors/sdks/index.js';
import { readVersionCatalog } from '../lang/manifests/gradle.js';
import type { RuleSet } from '../rules/load.js';
import type { ScanWarning } from '../types.js';
import { addNamedManifest, namedText, startFollowing, type IncludeOptions } from './includes.js';

/** Catalog files read per scan. */
const MAX_CATALOG_FILES = 1000;

export function followGradleCatalogs(analyses: readonly FileAnalysis[], rules: RuleSet, opts: IncludeOptions): { analyses: FileAnalysis[]; warnings: ScanWarning[] } {
  const { analyses: out, warnings, catalog, seen, realRoot } = startFollowing(rules, opts);
  if (realRoot === undefined) return { analyses: out, warnings };
  for (const a of analyses) {
    const named = (a.facts.sdk as SdkFacts | undefined)?.workspace?.catalogs;
    if (named === undefined) continue;
    for (const [name, path] of Object.entries(named)) {
      const warn = (why: string) => warnings.push({ code: 'manifest/include', path: a.file.path, message: `version catalog ${name} from ${path.slice(0, 200)}: ${why}` });
      // A catalog by name (*.versions.toml) is read by the scan itself.
      const text = namedText(realRoot, path, seen, [MAX_CATALOG_FILES, 'catalog files'], opts.maxTextBytes, warn);
      if (text !== undefined) addNamedManifest(path, text, readVersionCatalog(path, text), catalog, { analyses: out, warnings });
    }
  }
  return { analyses: out, warnings };
}
