/**
 * Shadow-AI detectors. Per file they only collect facts (AI imports, AI dependencies declared in
 * manifests and lockfiles, AI endpoints and model names in code and config, AI env-var names, MCP
 * servers); src/inventory/sdks.ts turns the facts of the whole tree into library, service and
 * MCP components, because "declared but not imported" and lockfile versions need every file.
 *
 * Source files go through one keyword prefilter first: only files that mention an AI import name
 * are read further, by the fast path of src/lang/sites.ts, and by the parsers (ts-morph's
 * TypeScript, tree-sitter-python; loaded lazily) only where the fast path is unsure.
 */
import type { NotebookCell } from '../../lang/notebook.js';
import { basename, extname } from 'node:path/posix';
import { JS_STRING_KEYS } from '../../lang/js.js';
import { PYTHON_ATTR_KEYS, PYTHON_STRING_KEYS } from '../../lang/python.js';
import { isTestDataPath } from '../../util/test-path.js';
import { MODEL_CALL_KEY, PHP_PROPERTY_MODEL_KEY, type ImportSite, type StringSite, type DeclaredDependency, type WorkspaceRoot } from '../../lang/types.js';
import { emptyObservation, type Observation } from '../../types.js';
import type { DetectContext, Detector } from '../types.js';
import { isHubId } from '../../hf/types.js';
import { CLIENT_OPTION_BASE_KEYS, isBedrockModelId, npmPackageOfSpecifier, sdkCatalog, UNLISTED_BASE_KEYS, type SdkCatalog, type SdkPackage } from './catalog.js';
import { keywordGroup } from '../../lang/keywords.js';
import { factoryBindings, jsSites, pythonSites, withFactoryCallees } from '../../lang/sites.js';
import { mapsFor, mentionsAlias, throughImportMaps } from '../../lang/deno-import-map.js';
import { aliasesFor, renamedInherited, unaliased } from '../../lang/dependency-aliases.js';
import { lexPython, T as PY, Unsure as PyUnsure, type Tok as PyTok } from '../../lang/python-lex.js';
import { lexJs, JsUnsure, JS_IDENT, JS_PUNCT } from '../../lang/js-lex.js';
import { withKeys } from '../../lang/token-sites.js';
import { detach } from '../../util/detach.js';
import { secretsCatalog } from '../../secrets/catalog.js';
import { displayUrl, maskPathTokens, redactArgs, scrubSecrets } from '../../secrets/redact-args.js';
import { isManifest, isVersionSource, readManifest } from '../../lang/manifests/index.js';
import { exactSemver } from '../../lang/manifests/common.js';
import { readKotlinScriptDeps, readScriptMetadata } from '../../lang/manifests/script-metadata.js';
import { componentScripts, isComponentFile } from '../../lang/components.js';
import { actionUses, isActionsFile } from '../../lang/actions.js';
import { bicepBlocks, terraformBlocks } from '../../lang/terraform.js';
import { cloudTemplateResources } from '../../lang/cloud-templates.js';
import { archiveProjectDir, isTarballRecord, jarFileName, packageArchiveKind, readArchiveRecord, recordMembers } from '../../lang/manifests/archives.js';
import { readWrappedTar, type TarEntry } from '../../formats/tar.js';
import { MAX_RATIO } from '../../sniff/sniff.js';
import { listZip, readZipEntryPrefix, storedEntrySource } from '../../formats/zip.js';
import { BufferSource, type ByteSource } from '../../formats/source.js';
import { parsePep508, urlVersion } from '../../lang/manifests/requirements.js';
import { parseCondaSpec } from '../../lang/manifests/conda.js';
import { devcontainerCommands, installSites, isDevcontainerPath, isInstallKind, mentionsInstaller, npmInstallName, npmInstallSpec, ollamaInstalls, ollamaPulls, ollamaUrlModels } from '../../lang/installs.js';
import semver from 'semver';
import { jsrImportOf, jsrNameOfNpm, npmImportOf, npmNameOfJsr, NPM_SPECIFIER_LEADS } from '../../lang/npm-specifier.js';
import { registryMayProvide } from '../../lang/swift-package.js';
import type { Ecosystem } from '../../lang/types.js';
import { commentStyleOf, envVarSites, inlineModelSites, isDeploymentSetting, isDocumentation, isModelSetting, isSourceMap, maskComments, modelSettingSites, urlSites } from '../../lang/config-text.js';
import { mcpServers, parseConfig, valueAt, type CfgNode, type McpServer } from '../../lang/mcp-config.js';
import { modelRoutes } from '../../lang/model-config.js';
import type { McpCodeLang } from '../../lang/mcp-code.js';
import { envDefaults, envReads } from '../../lang/env-reads.js';
import { lineOf, lineStarts } from '../../util/lines.js';
import { callPlace } from '../../lang/place.js';
import { dockerfileImages, gitlabIncludes, isDockerfilePath, isMakefile, shellImages, siteImage, yamlImageKind, yamlImages, type ImageSite } from '../../lang/images.js';
import type { RuleSet } from '../../rules/load.js';
import { RUBY_NAMES } from '../../sniff/sniff.js';

/**
 * Facts one file contributes (plain data: they cross the worker boundary). Imports and strings
 * are packed into one string each (see packImport / packString): on trees where tens of thousands
 * of files import AI packages, these facts live until the inventory step, and objects per site
 * cost several times more memory than one string.
 */
export interface SdkFacts {
  imports?: string[];
  strings?: string[];
  /**
   * Model names a source file (of any language read here) that imports no AI package and names no AI
   * host keeps in constants named for a model (a settings module's `OPENAI_MODEL = "gpt-4o-mini"`)
   * or, in Java and Kotlin, in enum constants (`GPT_4O("gpt-4o")`), packed as `strings`: each is
   * evidence for its maker's service where the tree uses that service otherwise, and makes none.
   */
  weakModels?: string[];
  declared?: DeclaredDependency[];
  /**
   * Uses of a provider's service that no package makes: a cloud AI resource infrastructure as code
   * creates or reads (rules/sdk.yaml cloudResources; `resource`: `type.name`, `data.type.name` for
   * a Terraform data source, `Type name` for a template's), or a model a command pulls with the
   * Ollama CLI; the line, and the model names given.
   */
  /** A use of a provider's service (a cloud resource, a model a config names), with the endpoint its config gives. */
  uses?: { provider: string; resource?: string; line: number; models?: string[]; endpoint?: string }[];
  /** Pins of pip constraints files for the requirements files that name them (DeclaredDependency.constrains). */
  pins?: DeclaredDependency[];
  /** What a manifest says about those below it (Cargo workspace members, NuGet central versions, gradle.properties versions). */
  workspace?: WorkspaceRoot;
  /** Env vars read or set: in a notebook, placed by cell (line and column in the cell) with the .ipynb's own line and column. */
  envVars?: { name: string; line: number; column: number; hasValue: boolean; cell?: number; fileLine?: number; fileColumn?: number; exposedBy?: string }[];
  mcp?: { client: string; servers: McpServer[] };
  /** Catalog packages (by name) whose confirming literal this file holds (SdkPackage.confirm). */
  confirmed?: string[];
  /**
   * The calls keyed values are given to (StringSite.via) that name a client the file imports by
   * name, each with its package: `name \t ecosystem \t package` (`OllamaLLM`, langchain-ollama).
   */
  callees?: string[];
  /** C# namespaces the file declares that are (or are below) a catalog package's namespace. */
  namespaces?: string[];
  /** AI container images the file runs or builds from (packImage). */
  images?: string[];
  /** GitLab CI: the local paths `include:` names, as written (src/inventory/gitlab-includes.ts reads them). */
  gitlabIncludes?: string[];
  /**
   * A manifest that defines a catalog package itself (ManifestResult.own: the openai package's own
   * package.json, go-openai's go.mod): its name. The inventory takes that package's imports in the
   * manifest's folder for the project's own code (src/inventory/own-code.ts).
   */
  own?: string;
}

export type SourceLang = 'js' | 'python' | 'go' | 'java' | 'csharp' | 'rust' | 'ruby' | 'php' | 'dart' | 'swift';

let catalog: SdkCatalog | undefined;

function cat(rules: RuleSet): SdkCatalog {
  return (catalog ??= sdkCatalog(rules));
}

/** Leads of a Python import name besides `import ` / `from `: a list, extra blanks, a continuation line. */
const PY_LEADS = [', ', ',', '  ', '\t'];
/** Leads of a Java import name besides `import `. */
const JAVA_LEADS = ['import static ', 'import  ', 'import\t'];
/**
 * Leads of a C# namespace: a using directive (`global using` too), an alias's target (`using Sk =
 * X;`, `using Sk=X;`), a name qualified by `global::` or an extern alias (`Oai::OpenAI.Chat`), a namespace
 * the project declares.
 */
const CSHARP_LEADS = ['using ', 'using static ', 'using  ', 'using\t', '= ', '=', '::', 'namespace '];
/** Leads of a Rust crate: a use declaration (`pub use` too), `use ::`, a group, `extern crate`. */
const RUST_LEADS = ['use ', 'use ::', 'use  ', 'use\t', '{', ', ', 'extern crate '];
/**
 * A crate alone in a group laid out over lines (`use {\n    ort,\n    tch,\n};`, as rustfmt writes a
 * long one) or with blanks inside its braces (`use { ort };`): after a blank or a line end, and
 * followed by what may follow a group's item (a comma, the closing brace, `as`, a line end). A
 * crate followed by `::` is found by `crate::` already. Both sides are required so that the name
 * alone in prose or code (`port`, ` rig.`, `let ort = …`) is no hit.
 */
const RUST_GROUP_LEADS = [' ', '\t', '\n'];
const RUST_GROUP_ENDS = [',', '}', ' }', ' as ', '\n', '\r\n'];
/** Leads of a PHP namespace: a `use` statement (also of a function or constant) and a fully-qualified name. */
const PHP_LEADS = ['use ', 'use function ', 'use const ', '\\'];
/**
 * Leads of a Swift module besides `import `: the kinds of a scoped import (`import struct OpenAI.X`),
 * more blanks or a tab, and a backquoted name.
 */
const SWIFT_LEADS = ['import  ', 'import\t', 'import `', ...['typealias', 'struct', 'class', 'enum', 'protocol', 'let', 'var', 'func'].map((k) => `${k} `)];

/**
 * What makes a file worth parsing: a catalog import name right after a quote or after `import` /
 * `from` (so the word in prose does not count: the Vercel AI SDK is imported as 'ai'), an AI
 * host name, an AI model-name or model provider prefix right after a quote, or a literal that
 * confirms a package.
 * Found in the detectors' shared keyword pass (src/lang/keywords.ts).
 */
export function prefilterWords(rules: RuleSet): string[] {
  const words = new Set<string>();
  const sdk = rules.catalogs.get('sdk') ?? {};
  for (const p of (sdk.packages ?? []) as { ecosystem: string; imports: string[] }[]) {
    for (const raw of p.imports) {
      // The whole import name: a bare first segment ('com', 'io', 'github.com') would match
      // nearly every Java or Go file.
      const name = raw.replace(/[/.:]+$/, '');
      if (!name) continue;
      for (const lead of ["'", '"', '`', 'import ', 'from ']) words.add(`${lead}${name}`);
      // Python writes a name after a comma (`import os, openai`, `import numpy as np, torch`),
      // after more than one blank or a tab, or on a continuation line; Java after `import static `
      // or several blanks. Those leads too (the parser then decides).
      if (p.ecosystem === 'pypi') for (const lead of PY_LEADS) words.add(`${lead}${name}`);
      if (p.ecosystem === 'maven') for (const lead of JAVA_LEADS) words.add(`${lead}${name}`);
      // An npm package imported by an `npm:` specifier or a CDN URL (`"npm:openai@4"`,
      // `"https://esm.sh/openai"`), and a versioned one after a slash, which also finds the build
      // forms (`esm.sh/v135/openai@4.20.1/…`, skypack's `-/openai@v4.20.1-…`) and ga.jspm.io's.
      // There the version comes before an entry point (`npm:firebase@11/ai`): the package's name.
      if (p.ecosystem === 'npm') {
        const pkg = raw.endsWith('/') ? name : (npmPackageOfSpecifier(name) ?? name);
        for (const lead of NPM_SPECIFIER_LEADS) words.add(`${lead}${pkg}`);
        if (!raw.endsWith('/')) words.add(`/${pkg}@`);
      }
      // A JSR package by its `jsr:` specifier (`"jsr:@openai/openai@^4"`) or the name JSR's npm
      // registry serves it under (`npm:@jsr/openai__openai`); a bare import has the quote lead.
      if (p.ecosystem === 'jsr' && name.startsWith('@')) for (const w of [`jsr:${name}`, npmNameOfJsr(name)]) words.add(w);
      if (p.ecosystem === 'nuget') {
        for (const lead of CSHARP_LEADS) words.add(`${lead}${name}`);
        // A name written out in code (`new Microsoft.SemanticKernel.Kernel()`), for the namespaces
        // csharpImports reads that way (csharpRoots): the name and the dot after it.
        if (name.includes('.')) words.add(`${name}.`);
      }
      if (p.ecosystem === 'cargo') {
        const crate = name.replace(/-/g, '_');
        for (const lead of RUST_LEADS) words.add(`${lead}${crate}`);
        for (const lead of RUST_GROUP_LEADS) for (const end of RUST_GROUP_ENDS) words.add(`${lead}${crate}${end}`);
        // A path in code: `async_openai::Client::new()`, `::ollama_rs::Ollama`.
        words.add(`${crate}::`);
      }
      // PHP: `use OpenAI;`, `use OpenAI\Client;`, `use function OpenAI\f;` and a fully-qualified
      // `\OpenAI::client(…)` / `new \Gemini\Client(…)` (Ruby's `require 'openai'` has the quote lead).
      if (p.ecosystem === 'composer') for (const lead of PHP_LEADS) words.add(`${lead}${name}`);
      // A gem's constants used with no require (Rails): `OpenAI::Client`, `RubyLLM.chat`.
      if (p.ecosystem === 'gem') for (const k of (p as { constants?: string[] }).constants ?? []) for (const end of ['::', '.']) words.add(`${k}${end}`);
      // Dart: a `package:` URI in quotes (`import 'package:firebase_ai/firebase_ai.dart';`).
      if (p.ecosystem === 'pub') for (const lead of ["'", '"']) words.add(`${lead}package:${name}/`);
      // Swift: `import OpenAI` has the `import ` lead; `import struct OpenAI.ChatQuery` and the
      // backquoted `import \`OpenAI\`` these.
      if (p.ecosystem === 'swift') for (const lead of SWIFT_LEADS) words.add(`${lead}${name}`);
      // Python `from google import genai`: the first segment after `from` / `import`. Only for
      // PyPI imports: Java's `com` / `org` / `dev` would make every `from components` a hit.
      const first = name.split('.')[0];
      if (p.ecosystem === 'pypi' && first && first !== name && !name.includes('/')) for (const lead of ['import ', 'from ', ...PY_LEADS]) words.add(`${lead}${first}`);
    }
  }
  for (const h of (sdk.hosts ?? []) as { host: string }[]) words.add(h.host.replace(/^\*\./, ''));
  // An MCP server package a process launch names (`"npx", "-y", "mcp-server-fetch"`, `"uvx
  // mcp-server-git"`, `"@upstash/context7-mcp@1"`, `"mcp/fetch"`): the detector reads its launches.
  for (const w of ['"mcp-server', "'mcp-server", '`mcp-server', ' mcp-server', '-mcp-server', '-mcp"', "-mcp'", '-mcp@', '"mcp/', "'mcp/"]) words.add(w);
  // Model names after a quote, by their family ("gpt-4o") or their provider ("openai:gpt-4o", "groq/…").
  for (const m of [...((sdk.modelNamePrefixes ?? []) as ({ prefix: string } | string)[]), ...((sdk.modelProviderPrefixes ?? []) as { prefix: string }[])]) {
    const prefix = typeof m === 'string' ? m : m.prefix;
    if (prefix) for (const lead of ["'", '"']) words.add(`${lead}${prefix}`);
  }
  // The literals that confirm a package (SdkPackage.confirm), so a file that only makes the client is read.
  for (const p of (sdk.packages ?? []) as { confirm?: { strings?: string[] } }[]) {
    for (const str of p.confirm?.strings ?? []) for (const lead of ["'", '"']) words.add(`${lead}${str}`);
  }
  return [...words].filter((w) => w.length >= 3);
}

const mentionsAi = keywordGroup('sdk', prefilterWords);
/** The catalog's AI env-var names (`OPENAI_API_KEY`): a source file that reads one is read whatever its other words. */
const mentionsEnvVar = keywordGroup('sdk-env', (rules) => cat(rules).envVars.map((e) => e.name));
/** pydantic-settings: a Python file whose settings classes' fields are env vars (`openai_api_key: str`), their names in any case. */
const mentionsSettings = keywordGroup('sdk-env-settings', () => ['BaseSettings']);

const SOURCE_EXT: Record<string, SourceLang> = {
  '.js': 'js', '.mjs': 'js', '.cjs': 'js', '.jsx': 'js', '.ts': 'js', '.tsx': 'js', '.mts': 'js', '.cts': 'js',
  // Single-file components: their <script> blocks (and Astro's frontmatter) are read, the rest blanked (componentScripts).
  '.vue': 'js', '.svelte': 'js', '.astro': 'js',
  '.py': 'python', '.pyi': 'python',
  '.go': 'go',
  '.java': 'java', '.kt': 'java', '.kts': 'java',
  '.cs': 'csharp',
  '.rs': 'rust',
  '.rb': 'ruby', '.rake': 'ruby',
  '.php': 'php',
  '.dart': 'dart',
  '.swift': 'swift',
};

/** A source file's language: by its extension, or a Ruby file by its name (`Rakefile`, `config.ru`: RUBY_NAMES). */
export function sourceLangOf(path: string): SourceLang | undefined {
  const base = basename(path).toLowerCase();
  return SOURCE_EXT[extname(base)] ?? (RUBY_NAMES.has(base) ? 'ruby' : undefined);
}

/**
 * A notebook's `!pip install -q pkg` / `%pip install --upgrade pkg` / `%conda install -y pkg`
 * names a package after flags, where no keyword lead is: a notebook with an install is read
 * whatever its words (inside the notebook's JSON a tab is written as backslash-t).
 */
const INSTALL_IN_NOTEBOOK = /(?:pip[0-9.]*|conda|mamba)(?:\s|\\t)+(?:install|create)|pixi(?:\s|\\t)+(?:add|global)/;

export const sdkImportDetector: Detector = {
  id: 'sdk-imports',
  shadowAi: true,
  accepts: (s, file) => s.kind === 'text' && (sourceLangOf(file.path) !== undefined || s.lang === 'notebook'),
  async detect(ctx) {
    const o = emptyObservation();
    const raw = ctx.text();
    // A Vue, Svelte or Astro component: its scripts at their own offsets, the markup blanked.
    const text = raw !== undefined && isComponentFile(ctx.file.path) ? componentScripts(raw, ctx.file.path) : raw;
    const notebook = ctx.sniffed.kind === 'text' && ctx.sniffed.lang === 'notebook';
    // A JS/TS file below a deno.json whose import map aliases an AI package (`"oai": "jsr:@openai/openai"`)
    // may name it only by the alias: it is read when it quotes one of those keys, whatever its words.
    const maps = ctx.denoImportMaps !== undefined && !notebook && sourceLangOf(ctx.file.path) === 'js' ? mapsFor(ctx.denoImportMaps, ctx.file.path) : [];
    // A Rust or JS/TS file below a Cargo.toml / package.json that renames an AI package
    // (`candle = { package = "candle-core" }`, `"oai": "npm:openai@4"`) may name it only by the
    // alias: it is read when it holds one, and its imports of one are the package's.
    const srcLang = notebook ? undefined : sourceLangOf(ctx.file.path);
    const aliasLang = srcLang === 'rust' || srcLang === 'js' ? srcLang : undefined;
    const aliases = ctx.dependencyAliases !== undefined && aliasLang !== undefined ? aliasesFor(ctx.dependencyAliases, ctx.file.path, aliasLang) : undefined;
    const aliased = aliases !== undefined && aliases.size > 0 && text !== undefined && [...aliases.keys()].some((a) => text.includes(a)) ? aliases : undefined;
    const envLang = notebook ? 'notebook' : srcLang;
    const envNamed = text !== undefined && envLang !== undefined && (mentionsEnvVar.has(text, ctx.rules) || (srcLang === 'python' && mentionsSettings.has(text, ctx.rules)));
    if (text === undefined || !(mentionsAi.has(text, ctx.rules) || (notebook && INSTALL_IN_NOTEBOOK.test(text)) || maps.some((m) => m.aiKeys !== undefined && mentionsAlias(text, m.aiKeys)) || aliased !== undefined || envNamed)) return o;
    const ext = extname(ctx.file.path).toLowerCase();
    const c = cat(ctx.rules);
    const found: { imports: { lang: SourceLang; site: ImportSite }[]; strings: StringSite[] } = { imports: [], strings: [] };
    let ownNamespaces: string[] = [];
    /** The keys the token front-ends (Go, C#, Rust, Java/Kotlin, Ruby, PHP, Swift, Dart) give an SDK's arguments, besides SDK_KEYS. */
    let langKeys: ReadonlySet<string> | undefined;
    const facts = found;
    let notebookCells: NotebookCell[] | undefined;
    // JS/TS: the variables given an AI SDK provider factory's result, with its package (`const groq = createGroq(…)`).
    let factories: ReadonlyMap<string, string> = new Map();
    if (ctx.sniffed.kind === 'text' && ctx.sniffed.lang === 'notebook') {
      const { notebookImports } = await import('../../lang/notebook.js');
      const r = await notebookImports(text, c.modelCalls('python'));
      notebookCells = r.cells;
      facts.imports = r.imports.map((site) => ({ lang: 'python' as const, site }));
      facts.strings = r.strings;
      for (const w of r.warnings) o.warnings.push({ code: 'notebook/malformed', path: ctx.file.path, message: w });
    } else {
      const lang = sourceLangOf(ctx.file.path) as SourceLang;
      if (lang === 'js') {
        const jsCalls = c.modelCalls('js');
        let r = await jsSites(text, ctx.file.path, jsCalls);
        // A file that imports an AI SDK provider factory (`createOpenAICompatible`, the import reader
        // says) is read again with the variables it assigns the factories' results as callees.
        const packages = jsCalls?.factoryPackages;
        if (packages !== undefined && r.imports.some((i) => packages.has(i.specifier) && i.names?.some((n) => n.startsWith('create')) === true)) {
          factories = factoryBindings(text, packages);
          if (factories.size) r = await jsSites(text, ctx.file.path, withFactoryCallees(jsCalls, factories));
        }
        if (r.unread !== undefined) o.warnings.push({ code: 'file/not-parsed', path: ctx.file.path, message: `JS/TS source read only in part for AI imports and model names: ${r.unread}` });
        // Bare imports as Deno resolves them through the import map that governs the file.
        facts.imports = r.imports.flatMap((s) => {
          const site = throughImportMaps(s, maps, ctx.file.path);
          return site === undefined ? [] : [{ lang, site }];
        });
        // An MCP server package's entry file named in a string (`'@modelcontextprotocol/server-slack/dist/index.js'`,
        // handed to `node` by a helper of the project's own): the package is used.
        const at = new Set(facts.imports.map((i) => `${i.site.line}:${i.site.column}`));
        for (const site of mcpEntryPaths(text, (name) => c.byPackage('npm', name)?.category === 'mcp')) if (!at.has(`${site.line}:${site.column}`)) facts.imports.push({ lang, site });
        facts.strings = r.strings;
      } else if (lang === 'python') {
        const r = await pythonSites(text, c.modelCalls('python'));
        facts.imports = r.imports.map((site) => ({ lang, site }));
        facts.strings = r.strings;
        if (r.unread !== undefined) o.warnings.push({ code: 'file/not-parsed', path: ctx.file.path, message: `Python source read only in part for AI imports and model names: ${r.unread}` });
      } else if (lang === 'go') {
        const { goImports, goModelConstants, goStringSites, GO_SDK_KEYS } = await import('../../lang/go.js');
        langKeys = GO_SDK_KEYS;
        const sites = goImports(text);
        facts.imports = sites.map((site) => ({ lang, site }));
        // URLs anywhere in the code; model names and base URLs given to SDKs, with their keys (a
        // token pass, only over files that passed the AI keyword prefilter above). The Go lexer
        // counts lines at LF only (the Go spec's line end; a CR is a blank), so the URL scan is
        // asked for the same lines; the Java lexer's are the URL scan's own (CR, LF, CRLF).
        facts.strings = withKeys(urlSites(maskComments(text, 'slash', 'lf'), 'lf'), goStringSites(text, c.modelCalls('go'), goModelConstants(sites, c.modelConstants('go'))));
      } else if (lang === 'csharp') {
        const { csharpImports, csharpMaskComments, csharpStringSites, CS_SDK_KEYS } = await import('../../lang/csharp.js');
        langKeys = CS_SDK_KEYS;
        const declared: string[] = [];
        facts.imports = csharpImports(text, { roots: csharpRoots(c), declared, extensions: csharpExtensions(c) }).map((site) => ({ lang, site }));
        // A namespace the project declares that is, or is below, a catalog namespace (its own
        // `namespace OpenAI.Helpers;`): the inventory does not take an import of it for the SDK.
        ownNamespaces = declared.filter((ns) => c.byImport('csharp', ns) !== undefined);
        // URLs anywhere in the code, with the comments the lexer sees blanked (a `//` in a
        // verbatim or raw string stays), and the model names and base URLs given to SDKs with
        // their keys. Lines end at CR, LF and CRLF, as the lexer counts them.
        facts.strings = withKeys(urlSites(csharpMaskComments(text)), csharpStringSites(text, c.modelCalls('csharp')));
      } else if (lang === 'rust') {
        const { rustImports, rustMaskComments, rustStringSites, RUST_SDK_KEYS } = await import('../../lang/rust.js');
        langKeys = RUST_SDK_KEYS;
        const crates = aliased === undefined ? rustCrates(c) : new Set([...rustCrates(c), ...aliased.keys()]);
        facts.imports = rustImports(text, { crates }).map((site) => ({ lang, site }));
        // Nested block comments and doc comments blanked by the lexer; lines end at LF (rustc's),
        // for the URL scan and the model names and base URLs given to SDKs alike.
        facts.strings = withKeys(urlSites(rustMaskComments(text), 'lf'), rustStringSites(text, c.modelCalls('rust')));
      } else if (lang === 'swift') {
        // Imports and keyed literals from the lexer; URLs anywhere in the code with its comments
        // (nested block comments too) blanked; lines at CR, LF and CRLF.
        const swift = await import('../../lang/swift.js');
        langKeys = swift.SWIFT_SDK_KEYS;
        const r = swift.swiftSites(text, c.modelCalls('swift'));
        facts.imports = r.imports.map((site) => ({ lang, site }));
        facts.strings = withKeys(urlSites(r.masked), r.strings);
      } else if (lang === 'ruby' || lang === 'php') {
        // Imports (require / use and fully-qualified names), keyed literals and the model names given
        // to the catalog's model calls from the lexer; URLs
        // anywhere in the code with its comments blanked (the lexer's own comments: a `#` in a
        // string, `=begin` blocks, PHP's `/* */`), lines at CR, LF and CRLF for both.
        const rb = lang === 'ruby' ? await import('../../lang/ruby.js') : undefined;
        const php = lang === 'php' ? await import('../../lang/php.js') : undefined;
        langKeys = rb?.RUBY_SDK_KEYS ?? php?.PHP_SDK_KEYS;
        // Ruby: a Rails app's gems used by their constants too, with no `require` (Bundler requires them).
        const r = rb !== undefined ? rb.rubySites(text, c.modelCalls('ruby'), rubyConstants(c)) : (php as typeof import('../../lang/php.js')).phpSites(text, c.modelCalls('php'), c.modelConstants('php'));
        facts.imports = r.imports.map((site) => ({ lang, site }));
        facts.strings = withKeys(urlSites(r.masked), r.strings);
      } else if (lang === 'dart') {
        // Import / export URIs (conditional ones too) and keyed literals from the lexer; URLs in the
        // code with its comments (nested block comments included) blanked, lines at CR, LF and CRLF.
        const dart = await import('../../lang/dart.js');
        langKeys = dart.DART_SDK_KEYS;
        const r = dart.dartSites(text);
        facts.imports = r.imports.map((site) => ({ lang, site }));
        facts.strings = withKeys(urlSites(r.masked), r.strings);
      } else {
        const { javaImports, javaModelConstants, javaStringSites, JAVA_SDK_KEYS } = await import('../../lang/java.js');
        langKeys = JAVA_SDK_KEYS;
        const kotlin = ext === '.kt' || ext === '.kts';
        const sites = javaImports(text, { kotlin });
        facts.imports = sites.map((site) => ({ lang, site }));
        const constants = javaModelConstants(sites, c.modelConstants('java'));
        const calls = c.modelCalls('java');
        facts.strings = withKeys(urlSites(maskComments(text, 'slash')), javaStringSites(text, { kotlin, ...(constants !== undefined ? { constants } : {}), ...(calls !== undefined ? { calls } : {}) }));
      }
    }
    // An env var named for a model read with a literal fallback (`cmp.Or(os.Getenv("OPENAI_MODEL"),
    // "gpt-4o")`, `ENV.fetch("LLM_MODEL", "…")`, Laravel's `env('OPENAI_MODEL', '…')`): the fallback,
    // keyed by the env var's name (JS/TS and Python read theirs in their front-ends).
    // Only a file that spells such a name (`…MODEL`, `…LLM`) is scanned for the forms.
    if (srcLang !== undefined && srcLang !== 'js' && srcLang !== 'python' && /MODEL|LLM/.test(text)) {
      const at = new Set(found.strings.map((x) => `${x.line}:${x.column}`));
      const defaults = envDefaults(text, srcLang, isModelSetting).filter((d) => !at.has(`${d.line}:${d.column}`));
      if (defaults.length) found.strings = [...found.strings, ...defaults.map((d) => ({ value: d.value, line: d.line, column: d.column, key: d.key }))].sort((a, b) => a.line - b.line || a.column - b.column);
    }
    if (aliased !== undefined && aliasLang !== undefined) {
      found.imports = found.imports.map((i) => {
        const u = unaliased(aliasLang, i.site.specifier, aliased);
        return u === undefined ? i : { lang: i.lang, site: { ...i.site, specifier: u.specifier, alias: u.alias } };
      });
    }
    // A base URL given through a constant (`BASE_URL = "https://api.deepseek.com"` … `OpenAI(base_url=BASE_URL)`):
    // the constant's literal is that base URL, as a literal given in place is.
    if ((srcLang === 'js' || srcLang === 'python') && !notebook) found.strings = constBaseUrls(text, found.strings);
    // Keep only what the inventory can use: AI imports, and strings that name an AI host or model
    // (a keyed string, or the first argument of a model call, whose value the catalog knows as one).
    const pkgOf = (i: { lang: SourceLang; site: ImportSite }) => (isInstallKind(i.site.kind) ? installedPackage(c, i.site) : c.byImport(i.lang, i.site.specifier));
    const imports = namedOnce(
      found.imports.flatMap((i) => (pkgOf(i) !== undefined ? [i] : submoduleImports(c, i).filter((x) => pkgOf(x) !== undefined))),
      pkgOf,
    );
    const routed = configRouteValues(c);
    // A base URL an AI client the file imports by name is given, of a host the catalog does not list
    // (the inventory's unlisted endpoints), is kept as a known host's is.
    const isHost = found.strings.map((s) => c.hostOf(s.value) !== undefined || (imports.length > 0 && s.key !== undefined && ((s.via !== undefined && UNLISTED_BASE_KEYS.has(s.key)) || (s.via === undefined && CLIENT_OPTION_BASE_KEYS.has(s.key))) && c.unlistedHost(s.value) !== undefined));
    // A model name that is a plain word ("mistral", "llama", "whisper", "sonar") is also a car's,
    // a radio's or a scanner's model: it counts only in a file that imports an AI package or names
    // an AI host. One with a version or a size ("mistral-large-latest", "llama3") counts anywhere.
    const aiFile = imports.length > 0 || isHost.includes(true);
    const constantKeyed = notebook || srcLang !== undefined;
    const sdkKey = (key: string): boolean => SDK_KEYS.has(key) || langKeys?.has(key) === true;
    // Test data (a mock, stub or fixture; a file under tests/) that imports no AI package and names
    // no AI host: its keyed model names describe an API's responses more often than they call it
    // (a mocked chat completion's `"model": "gpt-3.5-turbo-0125"`), so they are weak evidence
    // (weakModels below), as a settings module's constants are.
    const testData = constantKeyed && !aiFile && isTestDataPath(ctx.file.path);
    const strings = found.strings.filter(
      (s, i) =>
        isHost[i] === true ||
        // A PHP `->model = '…'` property, a constant named for a model (in any language's code)
        // (`MODEL = "gpt-4o"`: keyed by its own name, not an SDK's key) and a Java or Kotlin enum
        // constant that holds one (`GPT_4O("gpt-4o")`) count only in a file that imports an AI
        // package or names an AI host, which it calls with them (elsewhere, weakModels below).
        (s.key !== undefined &&
          !testData &&
          ((s.key !== PHP_PROPERTY_MODEL_KEY && !(constantKeyed && !sdkKey(s.key))) || aiFile) &&
          (routed.get(s.key)?.has(s.value.trim().toLowerCase()) === true ||
            // A model call that names its provider (Prism's `using(Provider::Ollama, 'my-finetune')`): a model by its place, catalogued or not.
            // A C# call that is one provider's by the catalog (Aspire's `AddModel(…)`, a common name) gives the service, not
            // the certainty of a model: its literal must be one the catalog knows (outside AI code, no plain word: `AddModel("phi")`).
            (s.provider !== undefined && c.providerNamed(s.provider) !== undefined && (srcLang !== 'csharp' || (c.providerOfModel(s.value) !== undefined && (aiFile || !PLAIN_WORD.test(s.value.trim()))))) ||
            // A hub's client given a repository id (`InferenceClient("HuggingFaceH4/zephyr-7b-beta")`): any family.
            (s.via !== undefined && c.hubClients.has(s.via) && s.value.includes('/') && isHubId(s.value)) ||
            (c.providerOfModel(s.value) !== undefined && (aiFile || !PLAIN_WORD.test(s.value.trim()))))),
    );
    // A settings module's model constants (`OPENAI_MODEL = "gpt-4o-mini"` in a file that imports no
    // AI package), no plain word: evidence for the service of the model's maker where the tree uses
    // that service otherwise, never a service of their own (SdkFacts.weakModels).
    const weakModels =
      constantKeyed && imports.length === 0 && !isHost.includes(true)
        ? // A PHP `->model` property outside AI code is an ORM's or a form's, whatever its value.
          found.strings.filter((s) => s.key !== undefined && s.key !== PHP_PROPERTY_MODEL_KEY && (testData || !sdkKey(s.key)) && !PLAIN_WORD.test(s.value.trim()) && c.providerOfModel(s.value) !== undefined)
        : [];
    // Evidence for packages that need it (boto3: a Bedrock client name), in any Python source or
    // notebook of the tree: the client is often made in another file than the one that imports boto3.
    const confirmed = new Set<string>();
    if (ctx.sniffed.kind === 'text' && (ctx.sniffed.lang === 'notebook' || sourceLangOf(ctx.file.path) === 'python')) {
      for (const pkg of confirmedByLiteral(c)) if (quotedLiteral(pkg.confirm?.strings as string[]).test(text)) confirmed.add(pkg.name);
    }
    // A script's PEP 723 block, or a Kotlin script's @file:DependsOn annotations, declare what it runs with.
    const script = srcLang === 'python' ? readScriptMetadata(ctx.file.path, text) : srcLang === 'java' && /\.kts$/i.test(ctx.file.path) ? readKotlinScriptDeps(ctx.file.path, text) : undefined;
    for (const w of script?.warnings ?? []) o.warnings.push({ code: 'manifest/malformed', path: ctx.file.path, message: w });
    const scriptDecls = (script?.deps ?? []).filter((d) => c.byPackage(d.ecosystem, d.name) !== undefined);
    // The AI env vars the code reads (`process.env.OPENAI_API_KEY`, `os.getenv("GROQ_API_KEY")`): the
    // provider's service. A weak name (GOOGLE_API_KEY: Maps and other Google APIs too) counts only
    // in a file that imports an AI package.
    const aiEnvVar = (n: string) => {
      const v = c.envVar(n, text);
      return v !== undefined && (v.weak !== true || imports.length > 0);
    };
    // A notebook's are read cell by cell, placed as its other sites are (cell, line in the cell, the .ipynb's line).
    // A file that imports an AI package may read its key under a public prefix and a name of its own
    // (`import.meta.env.VITE_OPENAI_KEY`), which the catalog's names are not words of.
    const envVars: NonNullable<SdkFacts['envVars']> =
      !envNamed && !(imports.length > 0 && PUBLIC_KEY_NAME.test(text))
        ? []
        : notebook
          ? (await import('../../lang/notebook.js')).notebookEnvReads(text, aiEnvVar, notebookCells).map((e) => ({ ...e, hasValue: false }))
          : srcLang !== undefined
            ? envReads(text, srcLang, aiEnvVar).map((e) => ({ ...e, hasValue: false }))
            : [];
    // A front-end build config that inlines an AI credential into the browser bundle under any name
    // (Vite's `define: { 'process.env.GEMINI_API_KEY': … }`, next.config's `env: { OPENAI_API_KEY: … }`).
    if (srcLang === 'js') for (const e of buildExposedEnv(ctx.file.path, text, (n) => c.envVar(n, text) !== undefined)) envVars.push(e);
    // MCP servers the code starts or connects to, in a file that imports an MCP client: a package of
    // the mcp category, or an agent framework's MCP module or name (`agents.mcp`, `pydantic_ai.mcp`, `@openai/agents`' `MCPServerStdio`, `ai`'s `experimental_createMCPClient`);
    // or, in JS/TS and Python, one that imports an AI package and lists servers under an `mcpServers` /
    // `mcp_servers` key, as .mcp.json does (the Claude Agent SDK's options): that package is the client,
    // an agent framework first.
    const clientImport =
      srcLang === 'js' || srcLang === 'python' || srcLang === 'go' || srcLang === 'java' || srcLang === 'csharp'
        ? (imports.find((i) => pkgOf(i)?.category === 'mcp') ??
          imports.find((i) => (MCP_MODULE.test(i.site.specifier) || i.site.names?.some((n) => MCP_NAME.test(n))) && pkgOf(i) !== undefined) ??
          (srcLang !== 'go' && srcLang !== 'java' && srcLang !== 'csharp' && imports.length > 0 && listsMcpServers(text)
            ? (imports.find((i) => pkgOf(i)?.category === 'agent') ?? imports.find((i) => pkgOf(i) !== undefined))
            : undefined))
        : undefined;
    const clientPkg = clientImport === undefined ? undefined : pkgOf(clientImport);
    // A scope entry (`@modelcontextprotocol/`) is named by the package the import names; a file
    // that only names a server's entry file (a `resolve` site) runs it through code of its own.
    const mcpClient =
      clientPkg === undefined ? undefined : clientImport?.site.kind === 'resolve' ? 'code' : clientPkg.prefix === true && clientImport?.lang === 'js' ? (npmPackageOfSpecifier(clientImport.site.specifier) ?? clientPkg.name) : clientPkg.name;
    const servers = mcpClient !== undefined ? (await import('../../lang/mcp-code.js')).mcpCodeServers(ctx.file.path, text, srcLang as McpCodeLang) : [];
    // MCP servers the code runs as a process, with or without an MCP client (`subprocess.Popen(["npx",
    // "-y", "@modelcontextprotocol/server-filesystem", …])`, `exec.Command("uvx", "mcp-server-fetch")`):
    // a launch of an MCP server package (isMcpLaunch), which the inventory checks as any server.
    if ((srcLang === 'js' || srcLang === 'python' || srcLang === 'go' || srcLang === 'java' || srcLang === 'csharp') && MCP_WORD.test(text)) {
      for (const sv of (await import('../../lang/mcp-code.js')).mcpLaunchServers(ctx.file.path, text, srcLang)) {
        if (isMcpLaunch(c, sv) && !servers.some((x) => x.line === sv.line && x.command === sv.command && x.args?.join(' ') === sv.args?.join(' '))) servers.push(sv);
      }
    }
    // A launch whose args are not literal (`{ command: 'node', args: [entryPath] }`), in a file that
    // names the entry file of one MCP server package (mcpEntryPaths): that package's server.
    const entries = [...new Set(imports.filter((i) => i.site.kind === 'resolve' && pkgOf(i)?.category === 'mcp').map((i) => npmPackageOfSpecifier(i.site.specifier) ?? i.site.specifier))];
    for (const sv of servers) if (entries.length === 1 && sv.url === undefined && !sv.args?.length && sv.name === sv.command) sv.name = entries[0] as string;
    maskServers(servers, ctx.rules);
    if (imports.length || strings.length || confirmed.size || ownNamespaces.length || scriptDecls.length || servers.length || envVars.length || weakModels.length) {
      const facts: SdkFacts = {};
      if (weakModels.length) facts.weakModels = weakModels.map(packString);
      if (envVars.length) facts.envVars = envVars;
      if (servers.length) facts.mcp = { client: mcpClient ?? 'code', servers };
      if (ownNamespaces.length) facts.namespaces = [...new Set(ownNamespaces)].sort();
      if (imports.length) {
        const source = notebook ? undefined : sourceLangOf(ctx.file.path);
        facts.imports = clientNameSites(imports.map((i) => ({ ...i, pkg: pkgOf(i) })), text, ctx.file.path, source).map((i) => packImport(i.lang, i.site));
      }
      // A prefix family's module no entry names (`from langchain_redis import …`): kept for the
      // inventory to join a declared `langchain-redis`; alone it is nothing (a local langchain_utils).
      const familyImports = found.imports.filter((i) => i.lang === 'python' && !isInstallKind(i.site.kind) && pkgOf(i) === undefined && c.familyModule(i.site.specifier));
      if (familyImports.length) facts.imports = [...(facts.imports ?? []), ...familyImports.map((i) => packImport(i.lang, i.site))];
      if (strings.length) facts.strings = strings.map(packString);
      const callees = importedCallees(strings, imports, pkgOf);
      // A provider a factory made (`groq('…')` after `const groq = createGroq(…)`) is the factory's package's.
      for (const [name, pkg] of factories) if (strings.some((x) => x.via === name) && !callees.some((e) => e.startsWith(`${name}\t`))) callees.push(`${name}\tnpm\t${pkg}`);
      if (callees.length) facts.callees = callees;
      if (confirmed.size) facts.confirmed = [...confirmed].sort();
      const declared = [...scriptDecls, ...urlDeclarations(c, imports, ctx.file.path), ...installDeclarations(c, imports, ctx.file.path)];
      if (declared.length) facts.declared = declared;
      ctx.facts.sdk = detach(facts);
    }
    return o;
  },
};

/**
 * An `npm:`, `jsr:` or CDN import (`npm:openai@4.52.0`, `jsr:@openai/openai@4.96.0`,
 * `https://esm.sh/openai@4.20.1`) is also the code file's declaration of the package: Deno, Bun
 * and browser code have no package.json to declare it in. One per package and written version per
 * file, at its first import; an exact version is the version, as an exact pin in a package.json is
 * (exactSemver), a range stays a range.
 */
function urlDeclarations(c: SdkCatalog, imports: { lang: SourceLang; site: ImportSite }[], path: string): DeclaredDependency[] {
  const out = new Map<string, DeclaredDependency>();
  for (const { lang, site } of imports) {
    const w = lang === 'js' ? site.written : undefined;
    const n = w === undefined ? undefined : w.startsWith('jsr:') ? jsrImportOf(w) : npmImportOf(w);
    if (!n) continue;
    // `npm:@jsr/openai__openai` is the JSR package too.
    const onNpm = w?.startsWith('jsr:') === true ? undefined : jsrNameOfNpm(n.name);
    const ecosystem: Ecosystem = w?.startsWith('jsr:') === true || onNpm !== undefined ? 'jsr' : 'npm';
    const name = onNpm ?? n.name;
    if (c.byPackage(ecosystem, name) === undefined) continue;
    const key = `${ecosystem}\u0000${name}\u0000${n.range ?? ''}`;
    if (out.has(key)) continue;
    const d: DeclaredDependency = { ecosystem, name, path, line: site.line, scope: 'runtime' };
    if (n.range !== undefined) {
      d.range = n.range;
      const exact = exactSemver(n.range);
      if (exact !== undefined) d.version = exact;
    }
    out.set(key, d);
  }
  return [...out.values()];
}

/**
 * An install with a version is also the file's declaration of the package, as a requirements line
 * or a package.json entry is: a notebook's `%pip install openai==1.30.1`, a Dockerfile's `RUN npm
 * i -g @anthropic-ai/claude-code@1.0.3`. An exact pin (`==1.30.1`, an exact semver) is the version,
 * another specifier a declared range, a wheel URL's file name its version; a bare name or an npm
 * dist-tag (`@latest`) declares nothing (it installs whatever is newest). At the site's line (in a
 * notebook the .ipynb file's own, when found: a declaration names no cell), once per package and
 * requirement.
 */
function installDeclarations(c: SdkCatalog, imports: { lang: SourceLang; site: ImportSite }[], path: string): DeclaredDependency[] {
  const out = new Map<string, DeclaredDependency>();
  for (const { site } of imports) {
    let d: DeclaredDependency | undefined;
    if (site.kind === 'pip-install') {
      const r = parsePep508(site.specifier);
      if (r === undefined || c.byPackage('pypi', r.name) === undefined) continue;
      const version = r.version ?? (r.url !== undefined ? urlVersion(r.name, r.url) : undefined);
      if (r.range === undefined && version === undefined) continue;
      d = { ecosystem: 'pypi', name: r.name, path, scope: 'runtime' };
      if (r.range !== undefined) d.range = r.range;
      if (version !== undefined) d.version = version;
    } else if (site.kind === 'npm-install') {
      const r = npmInstallSpec(site.specifier);
      if (r?.range === undefined || c.byPackage('npm', r.name) === undefined || semver.validRange(r.range) === null) continue;
      d = { ecosystem: 'npm', name: r.name, path, scope: 'runtime', range: r.range };
      const exact = exactSemver(r.range);
      if (exact !== undefined) d.version = exact;
    } else if (site.kind === 'conda-install') {
      // As an environment.yml's line is read (readCondaEnv): `=2.1` / `==2.1.0` a version, another spec a range.
      const r = parseCondaSpec(site.specifier);
      if (r?.range === undefined || c.byPackage('conda', r.name) === undefined) continue;
      d = { ecosystem: 'conda', name: r.name, path, scope: 'runtime', range: r.range };
      if (r.version !== undefined) d.version = r.version;
    } else continue;
    const key = `${d.ecosystem}\u0000${d.name.toLowerCase()}\u0000${site.specifier}`;
    if (out.has(key)) continue;
    const line = site.cell === undefined ? site.line : site.fileLine;
    if (line !== undefined) d.line = line;
    out.set(key, d);
  }
  return [...out.values()];
}

/**
 * SdkFacts.callees: each call a keyed value is given to (StringSite.via) that a catalog package's
 * import binds by name (`from langchain_ollama import OllamaLLM`, `import { ChatOpenAI } from
 * '@langchain/openai'`), with that package; the first import binding the name wins.
 */
function importedCallees(
  strings: readonly StringSite[],
  imports: readonly { lang: SourceLang; site: ImportSite }[],
  pkgOf: (i: { lang: SourceLang; site: ImportSite }) => SdkPackage | undefined,
): string[] {
  const vias = new Set(strings.flatMap((s) => (s.via !== undefined ? [s.via] : [])));
  if (!vias.size) return [];
  const out = new Map<string, string>();
  for (const i of imports) {
    if (i.site.typeOnly) continue;
    // A default import's binding is the callee's name (`import OpenAI from 'openai'`, `new OpenAI({…})`);
    // a Python module's (`import ollama`, then `ollama.chat(model=…)`), its first segment.
    // A Java or Kotlin class import, its class (`import dev.langchain4j.model.openai.OpenAiChatModel;`, then `OpenAiChatModel.builder()`).
    const bound =
      i.lang === 'python' && i.site.kind === 'import' && i.site.names === undefined
        ? [i.site.specifier.split('.')[0] as string]
        : i.site.kind === 'java-import' && i.site.names === undefined && !i.site.specifier.endsWith('*')
          ? [i.site.specifier.slice(i.site.specifier.lastIndexOf('.') + 1)]
          : [];
    for (const n of i.site.defaultLocal !== undefined ? [...(i.site.names ?? []), i.site.defaultLocal] : [...(i.site.names ?? []), ...bound]) {
      if (!vias.has(n) || out.has(n)) continue;
      const pkg = pkgOf(i);
      if (pkg) out.set(n, `${n}\t${pkg.ecosystem}\t${pkg.name}`);
    }
  }
  return [...out.values()];
}

/**
 * The import sites as the inventory keeps them: `names` only for a package with client names
 * (SdkPackage.clientNames), and then the client names the site uses: those it imports by name
 * (`from openai import AzureOpenAI`, `import { AzureOpenAI } from 'openai'`, a default import as
 * `default`), and for an import of the whole module (`import openai`, `import * as o from`, a
 * default import, a require) those the file's code uses as an attribute (`openai.AzureOpenAI(`).
 * A type-only import uses none.
 */
function clientNameSites(
  imports: { lang: SourceLang; site: ImportSite; pkg: SdkPackage | undefined }[],
  text: string,
  path: string,
  source: SourceLang | undefined,
): { lang: SourceLang; site: ImportSite }[] {
  // The attribute uses of a package, looked up once per file (a file may import it more than once).
  const usesOf = new Map<SdkPackage, string[]>();
  return imports.map(({ lang, site, pkg }) => {
    const { names, ...rest } = site;
    const known = pkg?.clientNames;
    if (!pkg || !known || site.typeOnly) return { lang, site: rest };
    // A bare require('openai') is the module's default export (the OpenAI client).
    const imported = names ?? (lang === 'js' && site.kind === 'require' ? ['default'] : []);
    const used = new Set(imported.filter((n) => Object.hasOwn(known, n)));
    if (!isInstallKind(site.kind) && (names === undefined || names.includes('*') || names.includes('default'))) {
      let uses = usesOf.get(pkg);
      if (!uses) usesOf.set(pkg, (uses = attributeUses(text, path, source, attributeUse(pkg))));
      for (const n of uses) used.add(n);
    }
    return { lang, site: used.size ? { ...rest, names: [...used].sort() } : rest };
  });
}

/**
 * The names `re` finds after a dot in code: in a Python or JS/TS source, those the lexer reads as a
 * name after `.` / `?.` (not in a string or comment); elsewhere (a notebook's JSON), or where the
 * lexer is unsure, the matches in the text with comments masked.
 */
function attributeUses(text: string, path: string, source: SourceLang | undefined, re: RegExp): string[] {
  const hits = [...text.matchAll(re)].map((m) => m[1] as string);
  if (!hits.length) return hits;
  const names = new Set(hits);
  const found: string[] = [];
  try {
    if (source === 'python') {
      const toks = lexPython(text);
      for (let k = 1; k < toks.length; k++) {
        const a = toks[k] as PyTok;
        const b = toks[k - 1] as PyTok;
        if (a.t === PY.Name && names.has(a.v) && b.t === PY.Op && b.v === '.') found.push(a.v);
      }
      return found;
    }
    if (source === 'js') {
      const l = lexJs(text, path);
      const slice = (k: number) => text.slice(l.start[k], l.end[k]);
      for (let k = 1; k < l.n; k++) {
        if (l.type[k] !== JS_IDENT || !names.has(slice(k))) continue;
        if (l.type[k - 1] === JS_PUNCT && (slice(k - 1) === '.' || slice(k - 1) === '?.')) found.push(slice(k));
      }
      return found;
    }
  } catch (e) {
    if (!(e instanceof PyUnsure || e instanceof JsUnsure)) throw e;
  }
  // The C-family sources (Go, Java, C#, Rust, PHP, Swift, Dart) comment with `//` and `/* */`, as JS does.
  const style = source === 'python' || source === 'ruby' ? 'hash' : source === undefined ? 'none' : 'slash';
  return [...maskComments(text, style).matchAll(re)].map((m) => m[1] as string);
}

const attributeRes = new WeakMap<SdkPackage, RegExp>();

/** `.AzureOpenAI` and the package's other client names (not `default`) after a dot, as whole names. */
function attributeUse(pkg: SdkPackage): RegExp {
  let re = attributeRes.get(pkg);
  if (!re) {
    const alt = Object.keys(pkg.clientNames ?? {}).filter((n) => n !== 'default').map((n) => n.replace(/\$/g, '\\$')).join('|');
    re = new RegExp(`\\.\\s*(${alt})(?![\\w$])`, 'g');
    attributeRes.set(pkg, re);
  }
  return re;
}

/** A value of letters only: as a model name, also an ordinary word. */
const PLAIN_WORD = /^[A-Za-z]+$/;

/** A file that may launch an MCP server as a process names one (mcpLaunchServers then looks for a launcher call). */
const MCP_WORD = /mcp|modelcontextprotocol/i;
/** A package, image or command whose name says it is an MCP server: `mcp-server-fetch`, `@upstash/context7-mcp`, `mcp/fetch`. */
const MCP_SERVER_NAME = /(?:^|[-_./@])mcp(?:$|[-_./@])/i;

/** Whether a process a source file runs (mcpLaunchServers) is an MCP server: a catalog MCP package, or a package or command named as one. */
function isMcpLaunch(c: SdkCatalog, s: McpServer): boolean {
  const pkg = s.launcher?.package;
  if (pkg !== undefined && (c.byPackage('npm', pkg)?.category === 'mcp' || c.byPackage('pypi', pkg)?.category === 'mcp' || MCP_SERVER_NAME.test(pkg))) return true;
  const cmd = s.command?.replace(/^.*[\\/]/, '');
  return pkg === undefined && cmd !== undefined && MCP_SERVER_NAME.test(cmd);
}

let routeValues: { from: SdkCatalog; map: Map<string, Set<string>> } | undefined;

/** The settings and values of the catalog's configRoutes (`api_type` → azure, azure_ad, ...), once per catalog. */
function configRouteValues(c: SdkCatalog): Map<string, Set<string>> {
  if (routeValues?.from !== c) {
    const map = new Map<string, Set<string>>();
    for (const p of c.packages) {
      for (const [key, values] of Object.entries(p.configRoutes ?? {})) {
        const set = map.get(key) ?? new Set<string>();
        for (const v of Object.keys(values)) set.add(v);
        map.set(key, set);
      }
    }
    routeValues = { from: c, map };
  }
  return routeValues.map;
}

/**
 * A name written out in code (kind `qualified-name`: C# `global::OpenAI.Chat.ChatClient`, Rust
 * `async_openai::Client::new()`) is evidence of its package only where the file does not import the
 * package otherwise, and once: the first such site per package. A using directive or use
 * declaration of the package is its evidence; the names that follow it are uses, not imports.
 */
function namedOnce<T extends { site: ImportSite }>(imports: T[], pkgOf: (i: T) => SdkPackage | undefined): T[] {
  if (!imports.some((i) => i.site.kind === 'qualified-name')) return imports;
  const seen = new Set<SdkPackage | undefined>(imports.filter((i) => i.site.kind !== 'qualified-name').map(pkgOf));
  return imports.filter((i) => {
    if (i.site.kind !== 'qualified-name') return true;
    const pkg = pkgOf(i);
    if (seen.has(pkg)) return false;
    seen.add(pkg);
    return true;
  });
}

const rootsOf = new WeakMap<SdkCatalog, { cs: ReadonlySet<string>; rs: ReadonlySet<string> }>();

function namesOf(c: SdkCatalog): { cs: ReadonlySet<string>; rs: ReadonlySet<string> } {
  let r = rootsOf.get(c);
  if (!r) {
    const cs = new Set<string>();
    const rs = new Set<string>();
    for (const p of c.packages) {
      for (const i of p.imports) {
        if (p.ecosystem === 'nuget' && i.includes('.')) cs.add(i.split('.')[0] as string);
        if (p.ecosystem === 'cargo') rs.add(i.replace(/-/g, '_'));
      }
    }
    r = { cs, rs };
    rootsOf.set(c, r);
  }
  return r;
}

/**
 * The first names of the C# namespaces of more than one part in the catalog (`Microsoft` for
 * Microsoft.SemanticKernel, `Azure` for Azure.AI.OpenAI): a name written out in code from one of
 * them is read as an import. A one-part namespace (`OpenAI`, `OllamaSharp`) is too easily a class
 * of the project's own: written out, it counts only with `global::`.
 */
function csharpRoots(c: SdkCatalog): ReadonlySet<string> {
  return namesOf(c).cs;
}

const extensionsOf = new WeakMap<SdkCatalog, ReadonlyMap<string, string>>();
/** The C# extension methods of the catalog's NuGet packages (SdkPackage.extensionMethods), each to its package's namespace. */
function csharpExtensions(c: SdkCatalog): ReadonlyMap<string, string> {
  let m = extensionsOf.get(c);
  if (m === undefined) {
    const out = new Map<string, string>();
    for (const p of c.packages) if (p.ecosystem === 'nuget' && p.imports[0] !== undefined) for (const x of p.extensionMethods ?? []) if (!out.has(x)) out.set(x, p.imports[0]);
    extensionsOf.set(c, (m = out));
  }
  return m;
}

/** The catalog's crates as Rust code names them (`async_openai`): paths in code that start with one are imports. */
function rustCrates(c: SdkCatalog): ReadonlySet<string> {
  return namesOf(c).rs;
}

/**
 * `from google import genai` imports the module google.genai (the google-genai package) when the
 * name is a submodule: a from-import whose module is no AI package is tried as module.name for each
 * name it imports.
 */
function submoduleImports(c: SdkCatalog, i: { lang: SourceLang; site: ImportSite }): { lang: SourceLang; site: ImportSite }[] {
  if (i.lang !== 'python' || i.site.kind !== 'from-import' || !i.site.names || !pythonParents(c).has(i.site.specifier)) return [];
  return i.site.names.filter((n) => n !== '*').map((n) => ({ lang: i.lang, site: { ...i.site, specifier: `${i.site.specifier}.${n}` } }));
}

let parents: { from: SdkCatalog; set: Set<string> } | undefined;

/** Modules that hold a catalog import below them ('google', 'google.cloud' for google.cloud.aiplatform): only their from-imports can name one. */
function pythonParents(c: SdkCatalog): Set<string> {
  if (parents?.from !== c) {
    const set = new Set<string>();
    for (const p of c.packages) {
      if (p.ecosystem !== 'pypi') continue;
      for (const name of p.imports) {
        const parts = name.split('.');
        for (let k = 1; k < parts.length; k++) set.add(parts.slice(0, k).join('.'));
      }
    }
    parents = { from: c, set };
  }
  return parents.set;
}

let byLiteral: { from: SdkCatalog; pkgs: SdkPackage[] } | undefined;

/** The PyPI packages confirmed by a literal (SdkPackage.confirm.strings), once per catalog. */
function confirmedByLiteral(c: SdkCatalog): SdkPackage[] {
  if (byLiteral?.from !== c) byLiteral = { from: c, pkgs: c.packages.filter((p) => p.ecosystem === 'pypi' && p.confirm?.strings?.length) };
  return byLiteral.pkgs;
}

const literalRes = new Map<readonly string[], RegExp>();

/** One of `words` as a quoted literal (`"bedrock-runtime"`, `'bedrock'`; `\"…\"` inside a notebook's JSON). */
function quotedLiteral(words: readonly string[]): RegExp {
  let re = literalRes.get(words);
  if (!re) {
    const alt = words.map((w) => w.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|');
    re = new RegExp(`\\\\?["'\`](?:${alt})\\\\?["'\`]`);
    literalRes.set(words, re);
  }
  return re;
}

/** The catalog entry of the package an install site names (`pip install x`, `npm i x`, `conda install x`: a conda name not in the catalog is the PyPI one's). */
export function installedPackage(c: SdkCatalog, site: ImportSite): SdkPackage | undefined {
  if (site.kind === 'pip-install') return c.byPackage('pypi', pipName(site.specifier));
  if (site.kind === 'npm-install') return c.byPackage('npm', npmInstallName(site.specifier));
  if (site.kind === 'conda-install') {
    const name = parseCondaSpec(site.specifier)?.name;
    return name === undefined ? undefined : c.byPackage('conda', name);
  }
  return undefined;
}

/**
 * A quoted path to a JS file inside a package (`'@scope/pkg/dist/index.js'`, `'node_modules/pkg/build/index.mjs'`)
 * whose package `isMcp` accepts, as a `resolve` site at its opening quote; comments blanked.
 */
const PACKAGE_FILE = /(['"`])(?:[^'"`\n]{0,300}?node_modules\/)?((?:@[a-z0-9][a-z0-9._-]*\/)?[a-z0-9][a-z0-9._-]*)\/(?:[\w.-]+\/){0,20}[\w.-]+\.[cm]?js\1/g;
function mcpEntryPaths(text: string, isMcp: (name: string) => boolean): ImportSite[] {
  // Every catalogued MCP package's name holds `mcp` or `modelcontextprotocol`: a cheap test first.
  if (!text.includes('.js') || !(text.includes('mcp') || text.includes('modelcontextprotocol'))) return [];
  const masked = maskComments(text, 'slash');
  const out: ImportSite[] = [];
  let starts: number[] | undefined;
  PACKAGE_FILE.lastIndex = 0;
  for (let m = PACKAGE_FILE.exec(masked); m !== null && out.length < 100; m = PACKAGE_FILE.exec(masked)) {
    const name = m[2] as string;
    if (!isMcp(name)) continue;
    const ls = (starts ??= lineStarts(text));
    const line = lineOf(ls, m.index);
    const value = m[0].slice(1, -1);
    out.push({ specifier: value.slice(value.indexOf(name)), kind: 'resolve', line: line + 1, column: m.index - (ls[line] as number) + 1 });
  }
  return out;
}

/** The keys the JS/TS and Python front-ends give SDK arguments (`model:`, `base_url=`, a model call's): any other key there is a constant's name. */
const SDK_KEYS: ReadonlySet<string> = new Set([...JS_STRING_KEYS, ...PYTHON_STRING_KEYS, ...PYTHON_ATTR_KEYS, MODEL_CALL_KEY]);

/** A module path with an `mcp` segment: an agent framework's MCP client module (`agents.mcp`, `pydantic_ai.mcp`, `@mastra/mcp`). */
const MCP_MODULE = /(?:^|[./])mcp(?:$|[./])/;
/** An imported name that is an MCP client, transport or server class (`experimental_createMCPClient`, `MCPServerStdio`, `BasicMCPClient`, `McpToolSpec`). */
const MCP_NAME = /MCP|Mcp/;
/** The key under which code lists MCP servers by name, as .mcp.json does: `mcpServers: {…}`, `mcp_servers={…}`, `"mcpServers": {…}`. */
const MCP_SERVERS_KEY = /(?:^|[^\w$])["']?mcp(?:Servers|_servers)["']?\s*[:=]/;
/** MCP_SERVERS_KEY, behind a plain search for the words (most AI files hold neither). */
function listsMcpServers(text: string): boolean {
  return (text.includes('mcpServers') || text.includes('mcp_servers')) && MCP_SERVERS_KEY.test(text);
}

/** Secrets in MCP servers' command lines and URLs, masked before they reach the inventory. */
function maskServers(servers: McpServer[], rules: RuleSet): void {
  const sc = secretsCatalog(rules);
  for (const s of servers) {
    if (s.args) s.args = redactArgs(s.args, sc);
    if (s.command !== undefined) s.command = redactArgs([s.command], sc)[0] as string;
    if (s.url !== undefined) s.url = maskPathTokens(scrubSecrets(displayUrl(s.url), sc));
    // The launched package as parsed from the unmasked args: a git URL may hold a token.
    if (s.launcher?.package !== undefined) s.launcher.package = scrubSecrets(s.launcher.package, sc);
    for (const p of s.launcher?.packages ?? []) p.package = scrubSecrets(p.package, sc);
    if (s.name !== undefined) s.name = maskPathTokens(scrubSecrets(s.name, sc));
  }
}

/** `openai==1.30.1`, `transformers>=4`, `"torch[cpu]"` → the package name. */
export function pipName(spec: string): string {
  return spec.replace(/^["']|["']$/g, '').split(/[<>=!~;[\s@]/)[0] ?? spec;
}

/**
 * Sets the file's facts, keeping what another detector of the family set before: gradle.properties
 * is read both for its versions (sdk-manifests) and as configuration (ai-config); a workflow's
 * installs (sdk-installs) and its actions (ai-actions) both declare packages. A list both set is
 * the two joined; any other fact is the later one's.
 */
function putFacts(ctx: DetectContext, facts: SdkFacts): void {
  const before = ctx.facts.sdk as SdkFacts | undefined;
  if (before === undefined) {
    ctx.facts.sdk = detach(facts);
    return;
  }
  const merged: Record<string, unknown> = { ...before };
  for (const [k, v] of Object.entries(facts)) {
    const was = merged[k];
    merged[k] = Array.isArray(was) && Array.isArray(v) ? [...was, ...v] : v;
  }
  ctx.facts.sdk = detach(merged as SdkFacts);
}

/** Whether the package a manifest defines (ManifestResult.own) is in the catalog: a Go module by the packages in it. */
function ownIsCatalogued(c: SdkCatalog, path: string, own: string): boolean {
  const r = basename(path);
  if (r === 'go.mod') return c.byImport('go', own) !== undefined;
  if (r === 'package.json') return c.byPackage('npm', own) !== undefined;
  if (r === 'Cargo.toml') return c.byPackage('cargo', own) !== undefined;
  if (r === 'pubspec.yaml') return c.byPackage('pub', own) !== undefined;
  if (r === 'composer.json') return c.byPackage('composer', own) !== undefined;
  return false;
}

export const sdkManifestDetector: Detector = {
  id: 'sdk-manifests',
  shadowAi: true,
  accepts: (s, file) => s.kind === 'text' && (isManifest(file.path) || isVersionSource(file.path)),
  detect(ctx) {
    const o = emptyObservation();
    const text = ctx.text();
    if (text === undefined) return o;
    const r = readManifest(ctx.file.path, text);
    for (const w of r.warnings) o.warnings.push({ code: 'manifest/malformed', path: ctx.file.path, message: w });
    if (ctx.dependencyAliases !== undefined && basename(ctx.file.path) === 'Cargo.toml') r.deps = renamedInherited(ctx.dependencyAliases, ctx.file.path, r.deps);
    const c = cat(ctx.rules);
    // A Gradle catalog accessor (libs.x) is no package name yet: resolveVersions gives it one; a
    // Swift registry identity may be a catalogued package's, which an import decides (sdkInventory).
    // A BOM the catalog knows versions AI packages (`software.amazon.awssdk:bom`) is kept, AI package or not (bomVersions).
    const declared = r.deps.filter((d) => d.accessor !== undefined || c.byPackage(d.ecosystem, d.name) !== undefined || (d.bom === true && (c.bomMembers(d.name) !== undefined || d.ecosystem === 'maven')) || (d.registry === true && c.packages.some((p) => p.ecosystem === d.ecosystem && registryMayProvide(d.name, p))));
    const own = r.own !== undefined && ownIsCatalogued(c, ctx.file.path, r.own) ? r.own : undefined;
    if (declared.length || r.includes?.length || r.workspace || own !== undefined) {
      putFacts(ctx, { declared, ...(r.workspace ? { workspace: r.workspace } : {}), ...(own !== undefined ? { own } : {}) });
    }
    if (r.includes?.length) ctx.facts.manifestIncludes = detach(r.includes);
    if (r.constraints?.length) ctx.facts.manifestConstraints = detach(r.constraints);
    return o;
  },
};

/**
 * GitHub Actions in workflows and composite actions (src/lang/actions.ts): each `uses:` of a
 * catalogued AI action is the file's declaration of it at the ref written (the purl's version), a
 * build-scope dependency of the repository.
 */
export const aiActionDetector: Detector = {
  id: 'ai-actions',
  shadowAi: true,
  accepts: (s, file) => s.kind === 'text' && isActionsFile(file.path),
  detect(ctx) {
    const o = emptyObservation();
    const text = ctx.text();
    if (text === undefined) return o;
    const c = cat(ctx.rules);
    const declared: DeclaredDependency[] = [];
    const uses: NonNullable<SdkFacts['uses']> = [];
    const servers: McpServer[] = [];
    for (const u of actionUses(text, (repo) => c.byPackage('githubactions', repo) !== undefined)) {
      // Inputs that send its calls to another provider: a flag set true, an API URL's host.
      const routes = c.byPackage('githubactions', u.repo)?.actionInputs;
      const calls = new Set<string>();
      for (const [input, provider] of Object.entries(routes?.flags ?? {})) {
        if (/^(?:true|1)$/i.test(u.inputs?.[input] ?? '')) calls.add(provider);
      }
      for (const input of routes?.urls ?? []) {
        const v = u.inputs?.[input];
        const h = v !== undefined ? (c.hostOf(v) ?? c.unlistedHost(v)) : undefined;
        if (h === undefined) continue;
        calls.add(h.provider);
        uses.push({ provider: h.provider, endpoint: h.endpoint, line: u.line });
      }
      // Inputs that name the model it calls (a literal, not an expression): on the service it calls.
      const models = (routes?.models ?? []).flatMap((input) => {
        const v = u.inputs?.[input];
        return v !== undefined && v !== '' && !v.includes('${{') ? [v] : [];
      });
      const provider = c.byPackage('githubactions', u.repo)?.provider;
      if (models.length && provider !== undefined) uses.push({ provider: calls.size === 1 ? [...calls][0]! : provider, line: u.line, models });
      declared.push({ ecosystem: 'githubactions', name: u.repo, version: u.ref, path: ctx.file.path, line: u.line, scope: 'build', ...(calls.size ? { calls: [...calls] } : {}) });
      // Inputs that hold the agent's MCP config as JSON (a block, or one line on the step's): its servers, at their lines of the workflow.
      for (const { input, client } of routes?.mcp ?? []) {
        const value = u.blocks?.[input] ?? (u.inputs?.[input] !== undefined ? { text: u.inputs[input] as string, line: u.line } : undefined);
        if (value === undefined || !value.text.trimStart().startsWith('{')) continue;
        const r = mcpServers(ctx.file.path, withoutExpressions(value.text), 'json', 'mcpServers');
        for (const w of r.warnings) o.warnings.push({ code: 'mcp/malformed-config', path: ctx.file.path, message: `${w} (the ${input} input of ${u.repo}, from line ${value.line})` });
        const at = (line: number | undefined): number => (line === undefined ? value.line : line + value.line - 1);
        for (const s of r.servers) servers.push({ ...s, client, line: at(s.line), envLiteral: s.envLiteral.map((e) => ({ ...e, line: at(e.line) })), ...(s.headerLiteral ? { headerLiteral: s.headerLiteral.map((e) => ({ ...e, line: at(e.line) })) } : {}) });
      }
    }
    maskServers(servers, ctx.rules);
    if (declared.length) putFacts(ctx, { declared, ...(uses.length ? { uses } : {}), ...(servers.length ? { mcp: { client: servers[0]?.client ?? 'generic', servers } } : {}) });
    return o;
  },
};

/**
 * A workflow input's JSON with each `${{ … }}` expression made `null` padded to its length (lines
 * kept): valid JSON whether the expression stood for a value (`"enabled": ${{ vars.X != '' }}`) or
 * sat inside a string, so the servers around it still read.
 */
function withoutExpressions(text: string): string {
  // By indexOf: a lazy regex rescanned the rest of the text for every `${{` left unclosed.
  let out = '';
  let at = 0;
  for (let open = text.indexOf('${{'); open >= 0; open = text.indexOf('${{', at)) {
    const close = text.indexOf('}}', open + 3);
    if (close < 0) break;
    const m = text.slice(open, close + 2);
    out += `${text.slice(at, open)}null${m.slice(4).replace(/[^\n]/g, ' ')}`;
    at = close + 2;
  }
  return out + text.slice(at);
}

/** Files that may declare cloud resources: Terraform, Bicep, and JSON or YAML templates. */
const IAC_FILE = /\.(?:tf|bicep|json|ya?ml|template)$/i;
/** A Cloudflare Workers config, whose `ai` binding gives the Worker Workers AI. */
const WRANGLER_FILE = /(?:^|\/)wrangler\.(toml|jsonc?)$/i;

/**
 * The Workers AI bindings of a wrangler config (`[ai]` / `"ai": { "binding": "AI" }`, at the top or
 * under an `[env.<name>]`): each a use of Cloudflare Workers AI. A config that does not parse names
 * none and says why in `warnings`.
 */
function wranglerAiBindings(path: string, text: string, warnings: string[]): NonNullable<SdkFacts['uses']> {
  const m = WRANGLER_FILE.exec(path);
  if (m === null || !/\bai\b/.test(text) || !text.includes('binding')) return [];
  const root = parseConfig(path, text, m[1]!.toLowerCase() === 'toml' ? 'toml' : 'json', warnings);
  const out: NonNullable<SdkFacts['uses']> = [];
  const take = (cfg: CfgNode | undefined, where: string): void => {
    const ai = cfg !== undefined ? valueAt(cfg, 'ai') : undefined;
    const binding = ai !== undefined ? valueAt(ai, 'binding') : undefined;
    if (binding?.t === 'str' && binding.v.trim() !== '') out.push({ provider: 'cloudflare', resource: `${where}ai binding ${binding.v.trim()}`, line: binding.line });
  };
  if (root?.t !== 'obj') return out;
  take(root, '');
  const envs = valueAt(root, 'env');
  if (envs?.t === 'obj') for (const [name, e] of envs.entries) take(e.v, `env.${name} `);
  return out;
}

/**
 * Cloud AI resources in Terraform, Bicep, ARM and CloudFormation (src/lang/terraform.ts, src/lang/cloud-templates.ts): each `resource` or `data` block of a
 * catalogued type (the first entry whose `when` holds) is a use of its provider's service, with the
 * model names its attributes give; and a wrangler config's Workers AI binding (wranglerAiBindings).
 */
export const aiCloudDetector: Detector = {
  id: 'ai-cloud',
  shadowAi: true,
  accepts: (s, file) => s.kind === 'text' && (IAC_FILE.test(file.path) || WRANGLER_FILE.test(file.path)),
  detect(ctx) {
    const o = emptyObservation();
    const text = ctx.text();
    if (text === undefined) return o;
    const c = cat(ctx.rules);
    const path = ctx.file.path;
    if (WRANGLER_FILE.test(path)) {
      const warnings: string[] = [];
      const bindings = wranglerAiBindings(path, text, warnings);
      for (const w of warnings) o.warnings.push({ code: 'config/malformed', path, message: w });
      if (bindings.length) putFacts(ctx, { uses: bindings });
      return o;
    }
    const syntax = /\.tf$/i.test(path) ? 'terraform' : /\.bicep$/i.test(path) ? 'azure' : text.includes('AWS::') ? 'cloudformation' : text.includes('Microsoft.') ? 'azure' : undefined;
    if (syntax === undefined) return o;
    const entries = c.cloudResources.filter((e) => (e.syntax ?? 'terraform') === syntax);
    // Terraform and CloudFormation types are written as they are; Azure's without regard to case.
    const same = syntax === 'azure' ? (a: string, b: string) => a.toLowerCase() === b.toLowerCase() : (a: string, b: string) => a === b;
    const lower = syntax === 'azure' ? text.toLowerCase() : text;
    if (!entries.some((e) => lower.includes(syntax === 'azure' ? e.resource.toLowerCase() : e.resource))) return o;
    const blocks = syntax === 'terraform' ? terraformBlocks(text) : /\.bicep$/i.test(path) ? bicepBlocks(text) : cloudTemplateResources(text);
    const cloud: NonNullable<SdkFacts['uses']> = [];
    for (const b of blocks) {
      const entry = entries.find((e) => same(e.resource, b.type) && Object.entries(e.when ?? {}).every(([k, vs]) => vs.includes(b.attrs.get(k)?.value ?? '\u0000')));
      if (entry === undefined) continue;
      const models = [...new Set((entry.models ?? []).flatMap((k) => {
        const v = b.attrs.get(k)?.value.trim();
        // A Bedrock model ARN names its model after the last `/`.
        return v ? [v.startsWith('arn:') ? v.slice(v.lastIndexOf('/') + 1) : v] : [];
      }))].filter((m) => m !== '');
      const resource = syntax === 'terraform' ? `${b.kind === 'data' ? 'data.' : ''}${b.type}.${b.name}` : `${b.type}${b.name ? ` ${b.name}` : ''}`;
      cloud.push({ provider: entry.provider, resource, line: b.line, ...(models.length ? { models } : {}) });
    }
    if (cloud.length) putFacts(ctx, { uses: cloud });
    return o;
  },
};

/** What names the package in an archive of each kind, for the warning when it is missing. */
const ARCHIVE_RECORD = { wheel: '<name>-<version>.dist-info/METADATA', egg: 'EGG-INFO/PKG-INFO', nupkg: '<id>.nuspec', jar: 'META-INF/maven/*/*/pom.properties' } as const;

/** A package archive's record member is read up to this many bytes. */
const MAX_RECORD_BYTES = 256 * 1024;
/**
 * A tarball is decoded up to this many bytes looking for its record: npm and conda put theirs
 * first or near it, an sdist's PKG-INFO sits among its sources; past it the tarball is taken for no
 * package (bz2 decodes in pure JS, about 7 MB a second).
 */
const MAX_TARBALL_BYTES = { gzip: 256 * 1024 * 1024, zstd: 256 * 1024 * 1024, bz2: 16 * 1024 * 1024 } as const;

/**
 * Package archives committed to the tree (src/lang/manifests/archives.ts): a wheel or egg, a jar
 * (war, ear), a nupkg, an npm, sdist or conda tarball, each an installed copy of the catalogued
 * packages its records name (a jar without pom.properties by its file name, when that names one
 * catalogued artifact).
 */
export const sdkArchiveDetector: Detector = {
  id: 'sdk-archives',
  shadowAi: true,
  accepts: (s, file) => {
    if (s.kind !== 'container') return false;
    const kind = packageArchiveKind(file.path);
    return kind === 'tarball' ? s.container === 'gzip' || s.container === 'bz2' : kind !== undefined && s.container === 'zip';
  },
  async detect(ctx) {
    const o = emptyObservation();
    const path = ctx.file.path;
    const kind = packageArchiveKind(path);
    if (kind === undefined) return o;
    if (kind === 'tarball') return tarballPackage(ctx, o);
    if (kind === 'conda') return condaPackage(ctx, o);
    // The sniffer listed it too, but reports an unreadable zip only when it may hold a model.
    const listing = listZip(ctx.src, { maxEntries: 100_000 });
    if (!listing.ok) {
      o.warnings.push({ code: 'manifest/malformed', path, message: `package archive not read: ${listing.error}` });
      return o;
    }
    const c = cat(ctx.rules);
    const files = listing.value.entries.filter((e) => !e.isDirectory);
    const want = new Set(recordMembers(kind, files.map((e) => e.name)));
    // A wheel, egg or nupkg always holds its metadata (a jar need not: Gradle writes no pom.properties).
    if (want.size === 0 && kind !== 'jar') o.warnings.push({ code: 'manifest/malformed', path, message: `package archive without its metadata (${ARCHIVE_RECORD[kind]}): not read` });
    const declared: DeclaredDependency[] = [];
    const decoder = new TextDecoder();
    for (const e of files) {
      if (!want.has(e.name)) continue;
      const r = await readZipEntryPrefix(ctx.src, e, MAX_RECORD_BYTES);
      if (!r.ok) {
        o.warnings.push({ code: 'manifest/malformed', path, message: `${e.name}: ${r.error}` });
        continue;
      }
      const m = readArchiveRecord(kind, path, e.name, decoder.decode(r.value.bytes));
      for (const w of m.warnings) o.warnings.push({ code: 'manifest/malformed', path, message: w });
      for (const d of m.deps) if (c.byPackage(d.ecosystem, d.name) !== undefined) declared.push(d);
    }
    if (kind === 'jar' && want.size === 0) {
      const named = jarFileName(path);
      const hits = named === undefined ? [] : c.packages.filter((p) => p.ecosystem === 'maven' && p.prefix !== true && p.name.endsWith(`:${named.artifact}`));
      if (named !== undefined && hits.length === 1) declared.push({ ecosystem: 'maven', name: hits[0]!.name, version: named.version, path, installed: true, importer: archiveProjectDir(path) });
    }
    if (declared.length) putFacts(ctx, { declared });
    return o;
  },
};

/**
 * An npm, sdist or conda tarball (`.tgz`, `.tar.gz`, `.tar.bz2`): decoded from its start until its
 * record member (isTarballRecord) has been read, or MAX_TARBALL_BYTES. A tarball without one is
 * sources, a backup or data, and says nothing; one whose stream breaks before any entry is left to
 * the sniffer's container findings.
 */
async function tarballPackage(ctx: DetectContext, o: Observation): Promise<Observation> {
  const wrapper = ctx.sniffed.kind === 'container' && ctx.sniffed.container === 'bz2' ? 'bz2' : 'gzip';
  return tarRecordPackage(ctx, o, 'tarball', ctx.src, wrapper);
}

/**
 * A conda v2 package (`.conda`): a zip whose stored `info-<name>-<version>-<build>.tar.zst` is
 * decoded as a conda tarball is, for its `info/index.json`.
 */
async function condaPackage(ctx: DetectContext, o: Observation): Promise<Observation> {
  const path = ctx.file.path;
  const listing = listZip(ctx.src, { maxEntries: 1000 });
  const info = listing.ok ? listing.value.entries.find((e) => !e.isDirectory && recordMembers('conda', [e.name]).length === 1) : undefined;
  if (info === undefined) {
    o.warnings.push({ code: 'manifest/malformed', path, message: `conda package without its info-<name>-<version>-<build>.tar.zst: not read${listing.ok ? '' : ` (${listing.error})`}` });
    return o;
  }
  // conda writes the member stored, read in place; zipfile (and so conda) reads a deflated one too.
  let member: ByteSource;
  if (info.method === 0 && !info.encrypted) {
    const stored = storedEntrySource(ctx.src, info);
    if (!stored.ok) {
      o.warnings.push({ code: 'manifest/malformed', path, message: `${info.name}: ${stored.error}` });
      return o;
    }
    member = stored.value;
  } else {
    const r = await readZipEntryPrefix(ctx.src, info, MAX_CONDA_INFO_BYTES, { maxRatio: MAX_RATIO });
    if (!r.ok || !r.value.complete) {
      o.warnings.push({ code: 'manifest/malformed', path, message: `${info.name}: ${r.ok ? `over ${MAX_CONDA_INFO_BYTES} bytes` : r.error}` });
      return o;
    }
    member = new BufferSource(r.value.bytes);
  }
  return tarRecordPackage(ctx, o, 'conda', member, 'zstd', info.name);
}

/** A .conda package's info tarball compressed inside the zip is read whole up to this many bytes (they are a few KB). */
const MAX_CONDA_INFO_BYTES = 16 * 1024 * 1024;

/** The package a wrapped tar's record member names (tarballPackage, condaPackage). */
async function tarRecordPackage(ctx: DetectContext, o: Observation, kind: 'tarball' | 'conda', src: ByteSource, wrapper: 'gzip' | 'bz2' | 'zstd', within?: string): Promise<Observation> {
  const path = ctx.file.path;
  let record: { e: TarEntry; bytes: Uint8Array } | undefined;
  const w = await readWrappedTar(
    src,
    wrapper,
    { want: (e) => (record === undefined && e.type === 'file' && isTarballRecord(e.name) ? MAX_RECORD_BYTES : 0), take: (e, bytes) => (record ??= { e, bytes }) },
    { maxOutput: MAX_TARBALL_BYTES[wrapper], maxRatio: MAX_RATIO, maxEntries: 100_000, enough: () => record !== undefined },
  );
  const where = within === undefined ? '' : `${within}: `;
  if (record === undefined) {
    // A .conda package's info tarball always holds info/index.json; another tarball need not be a package.
    if (kind === 'conda') o.warnings.push({ code: 'manifest/malformed', path, message: `${where}no info/index.json${w.error === undefined ? '' : ` (${w.error})`}` });
    return o;
  }
  if (w.tar.warnings.length && record.bytes.length < Math.min(record.e.size, MAX_RECORD_BYTES)) {
    o.warnings.push({ code: 'manifest/malformed', path, message: `${where}${record.e.name}: truncated in the package archive` });
    return o;
  }
  const member = record.e.name.replace(/^\.\//, '');
  const m = readArchiveRecord(kind, path, member, new TextDecoder().decode(record.bytes));
  for (const warning of m.warnings) o.warnings.push({ code: 'manifest/malformed', path, message: `${where}${warning}` });
  const c = cat(ctx.rules);
  const declared = m.deps.filter((d) => c.byPackage(d.ecosystem, d.name) !== undefined);
  if (declared.length) putFacts(ctx, { declared });
  return o;
}

/** `NAME=url` / `NAME: url` / `- NAME=url` of a variable named for a base URL, its value a URL. */
const BASE_URL_SETTING = /\b([A-Z][A-Z0-9_]*(?:_BASE_URL|_API_BASE|_API_BASE_URL|_BASE|_API_URL))["']?\s*[:=]\s*["']?([a-z][a-z0-9+.-]*:\/\/[^\s"'#,}]+)/g;

/**
 * The providers (with APIs of their own hosts, not servers such as Ollama's) whose base URL
 * variable a config file sets to a host that is not theirs (`OPENAI_API_BASE=http://caddy/v1`,
 * `OPENAI_BASE_URL=http://litellm-proxy:8000/v1`): there the provider's variables name that host's.
 */
function baseUrlsElsewhere(text: string, c: SdkCatalog): Set<string> {
  const out = new Set<string>();
  if (!/_(?:BASE|API_URL)/.test(text)) return out;
  BASE_URL_SETTING.lastIndex = 0;
  let m: RegExpExecArray | null;
  let n = 0;
  while ((m = BASE_URL_SETTING.exec(text)) !== null && n++ < 1000) {
    // A catalog variable (OPENAI_BASE_URL), or one named for a provider (OPENAI_API_BASE: envNameProvider).
    const named = c.envVar(m[1] as string, text);
    const provider = named === undefined ? c.envNameProvider(m[1] as string) : named.weak === true ? undefined : named.provider;
    if (provider === undefined || c.providers.find((p) => p.id === provider)?.server === true) continue;
    if (c.hostOf(m[2] as string)?.provider !== provider) out.add(provider);
  }
  return out;
}

const CONFIG_LANGS = new Set(['yaml', 'json', 'toml', 'env', 'dockerfile', 'shell', 'text']);
/**
 * The service a model name alone says it runs on: its `provider/` or `provider:` prefix's, Bedrock's
 * for a Bedrock model id (`anthropic.claude-3-haiku-20240307-v1:0`, `us.meta.llama3-…`), or its
 * maker's, unless it is an open-weight family's name (llama3, gemma2, Qwen/Qwen2.5-7B: whoever runs it).
 */
function servedBy(c: SdkCatalog, model: string): string | undefined {
  const ref = c.modelRef(model);
  if (ref === undefined) return undefined;
  if (ref.routed !== true && isBedrockModelId(model)) return 'aws-bedrock';
  return ref.open === true ? undefined : ref.provider;
}

/**
 * The provider the nearest of a setting's sections names that names one (`Ollama`, `AzureOpenAI`,
 * `OpenAISettings`: a provider id or a name the catalog knows, `Settings`, `Options` or `Config`
 * dropped, case and separators aside); not a router's or a tracing or vector store's.
 */
function sectionProvider(c: SdkCatalog, sections: readonly string[]): string | undefined {
  for (const raw of sections) {
    const name = raw.replace(/(?:Settings|Options|Config|Configuration)$/, '');
    const squashed = name.toLowerCase().replace(/[-_]/g, '');
    const id = c.providerNamed(name) ?? c.providers.find((p) => p.id.replace(/-/g, '') === squashed)?.id;
    if (id === undefined) continue;
    const p = c.providers.find((x) => x.id === id);
    return p === undefined || p.routes === true || p.noModels === true || id === 'local' ? undefined : id;
  }
  return undefined;
}

/** The config languages whose model settings (modelSettingSites) are read: not free text. */
const SETTING_LANGS = new Set(['yaml', 'json', 'toml', 'env', 'dockerfile', 'shell']);
export const MAX_CONFIG_BYTES = 2 * 1024 * 1024;

export const aiConfigDetector: Detector = {
  id: 'ai-config',
  shadowAi: true,
  // Source files sdk-imports reads (C# and Rust sniff as plain text) are not configuration: their
  // URLs are read there, with the language's own comments blanked.
  accepts: (s, file) => s.kind === 'text' && CONFIG_LANGS.has(s.lang) && !isManifest(file.path) && sourceLangOf(file.path) === undefined,
  detect(ctx) {
    const o = emptyObservation();
    const text = ctx.text();
    if (text === undefined) return o;
    const c = cat(ctx.rules);
    const facts: SdkFacts = {};
    const mcp = c.mcpConfig(ctx.file.path);
    // A source map is generated, and its sourcesContent is the bundled packages' code: their i18n
    // ids and URLs (`t("GROQ_API_KEY")`) are not this project's configuration, at any size. The
    // secrets detector still reads it (a key shipped in a source map is a leak).
    if (!mcp && isSourceMap(ctx.file.path, text)) return o;
    // Hosts and env-var names are read in config and text files up to MAX_CONFIG_BYTES (a
    // generated data file of many MB is not configuration); an agent config is read whatever its
    // size. A larger file that names an AI host or env var says so rather than being passed over
    // in silence; one whose only hits are prefilter words (Next.js's font metrics: "philosopher",
    // "whisper") says nothing.
    if (!mcp && ctx.file.size > MAX_CONFIG_BYTES) {
      if (mentionsAi.has(text, ctx.rules)) {
        const named = urlSites(text).filter((s) => c.hostOf(s.value) !== undefined).length + envVarSites(text, (n) => c.envVar(n) !== undefined).length;
        if (named > 0) o.warnings.push({ code: 'config/too-large', path: ctx.file.path, message: `${ctx.file.size} bytes, naming AI hosts or env vars ${named} time${named === 1 ? '' : 's'}: AI hosts and env-var names are read in configuration and text files of up to ${MAX_CONFIG_BYTES} bytes only` });
      }
      return o;
    }
    if (mcp) {
      const r = mcpServers(ctx.file.path, text, mcp.format, mcp.key, mcp);
      maskServers(r.servers, ctx.rules);
      for (const w of r.warnings) o.warnings.push({ code: 'mcp/malformed-config', path: ctx.file.path, message: w });
      if (r.servers.length) facts.mcp = { client: mcp.client, servers: r.servers };
    }
    // The models an AI gateway's or coding assistant's config names (LiteLLM, Continue, Aider, ...):
    // each a use of its provider's service, by the tool's provider name, the model's namespace
    // (`anthropic/…`) or its maker (servedBy: not an open-weight family's). A model no provider is known for is passed over.
    // A model an `ollama://` URL names (KubeAI's Model `url: ollama://gemma2:2b`): Ollama's, pulled from its library.
    if (text.includes('ollama://')) for (const m of ollamaUrlModels(text)) (facts.uses ??= []).push({ provider: 'ollama', line: m.line, models: [m.model] });
    const modelCfg = c.modelConfig(ctx.file.path, text);
    if (modelCfg !== undefined) {
      const r = modelRoutes(ctx.file.path, text, modelCfg);
      // A file both an MCP and a model config (Continue's) that does not parse is said once.
      for (const w of r.warnings) if (!o.warnings.some((x) => x.path === ctx.file.path && x.message === w)) o.warnings.push({ code: 'config/malformed', path: ctx.file.path, message: w });
      for (const route of r.routes) {
        const slash = route.model.indexOf('/');
        let provider =
          (route.provider !== undefined ? c.providerNamed(route.provider, modelCfg) : undefined) ??
          (slash > 0 ? c.providerNamed(route.model.slice(0, slash), modelCfg, true) : undefined) ??
          servedBy(c, route.model);
        // A base URL given to the model's client (LiteLLM's `api_base`, Continue's `apiBase`, Spring
        // AI's `base-url`): a provider's client pointed at another AI host, or at a host no catalog
        // names (a vLLM server, a company gateway), calls that host, not the provider. A server
        // provider (Ollama) runs wherever its base URL says: its own, at that endpoint.
        const at = route.base === undefined ? undefined : (c.hostOf(route.base) ?? c.unlistedHost(route.base));
        if (provider !== undefined && at !== undefined && at.provider !== provider && !c.providers.some((p) => p.id === provider && p.server === true)) provider = at.provider;
        const endpoint = at === undefined ? undefined : at.endpoint;
        if (provider !== undefined) (facts.uses ??= []).push({ provider, line: route.line, models: [route.model], ...(endpoint !== undefined ? { endpoint } : {}) });
      }
    }
    // A setting named for a model whose value the catalog knows (`OPENAI_MODEL=gpt-4o-mini`,
    // `CHAT_MODEL: gemini-1.5-pro`): a use of that model's provider, as a model config's is.
    // A Spring Boot config (a model config by its keys, `keyProviders`) holds other settings too: a
    // line its model keys read is not read again.
    const configLines = new Set((facts.uses ?? []).map((u) => u.line));
    // A commented-out endpoint is not configuration.
    let maskedText: string | undefined;
    const masked = (): string => (maskedText ??= maskComments(text, commentStyleOf(ctx.sniffed.kind === 'text' ? ctx.sniffed.lang : 'text', ctx.file.path)));
    let urls: StringSite[] | undefined;
    const maskedUrls = (): StringSite[] => (urls ??= urlSites(masked()));
    // An open-weight model (llama3.2, mixtral) is whoever runs it: in a file whose AI hosts and env
    // vars all point at one provider (`OLLAMA_API_BASE=http://host.docker.internal:11434` beside
    // `OLLAMA_DEFAULT_MODEL=llama3.2`), that provider's.
    // A provider whose base URL variable the file points at another host (`OPENAI_API_BASE=http://caddy/v1`
    // before LocalAI, a LiteLLM proxy): its key and other variables there are that host's, not the provider's.
    let away: Set<string> | undefined;
    const aiEnv = (n: string): { provider: string; weak?: boolean } | undefined => {
      const v = c.envVar(n, text);
      return v === undefined || (away ??= baseUrlsElsewhere(text, c)).has(v.provider) ? undefined : v;
    };
    let runner: string | null | undefined;
    const fileRunner = (): string | undefined => {
      if (runner === undefined) {
        const named = new Set<string>();
        for (const u of maskedUrls()) {
          const h = c.hostOf(u.value);
          if (h !== undefined) named.add(h.provider);
        }
        for (const e of envVarSites(text, (n) => aiEnv(n) !== undefined)) {
          const v = c.envVar(e.name, text);
          // A hub token (HF_TOKEN beside a vLLM server) downloads the weights: it names no runner.
          if (v !== undefined && v.weak !== true && v.hub !== true) named.add(v.provider);
        }
        runner = named.size === 1 ? ([...named][0] as string) : null;
      }
      return runner ?? undefined;
    };
    // A `maker/model` id (`deepseek/deepseek-chat`, `anthropic/claude-3.5-sonnet`) is how routers
    // name other makers' models: in a file whose AI hosts and env vars name one provider that serves
    // more than its own models (OPENROUTER_API_KEY beside DEFAULT_MODEL), that provider's.
    const settingProvider = (value: string, sections?: readonly string[], key?: string): string | undefined => {
      // An Azure OpenAI deployment named for an OpenAI model (`AZURE_OPENAI_DEPLOYMENT_NAME=gpt-4o`,
      // `"ChatDeploymentName": "gpt-4o"`) is that model on Azure OpenAI; another value is no model name.
      if (key !== undefined && isDeploymentSetting(key.slice(key.lastIndexOf('.') + 1))) {
        const ref = c.modelRef(value);
        return ref !== undefined && ref.provider === 'openai' && ref.routed !== true ? 'azure-openai' : undefined;
      }
      // Under a section named for a provider (.NET's appsettings.json `"Ollama": { "ModelId": "llama3.2" }`,
      // a YAML `openai:` block), that provider's, where it serves the model: its own, or any where its
      // API serves other makers' models too (not an open-weight model under `Anthropic`).
      // A model its string routes (`groq/llama-3.1-70b-versatile` under a CrewAI agent's key) is the route's.
      const cut = value.search(/[/:]/);
      const routed = cut > 0 && c.providerNamed(value.slice(0, cut), undefined, true) !== undefined;
      const named = sections !== undefined && !routed ? sectionProvider(c, sections) : undefined;
      if (named !== undefined) {
        const ref = c.modelRef(value);
        const ownOnly = c.providers.find((p) => p.id === named)?.ownModels === true;
        // Under a section of a provider that does not serve it, no other runner the file names takes it.
        return ref !== undefined && (ref.provider === named || !ownOnly) && ref.routed !== true ? named : ref?.open === true ? undefined : servedBy(c, value);
      }
      const served = servedBy(c, value);
      if (served !== undefined && value.includes('/')) {
        const r = fileRunner();
        if (r !== undefined && r !== served && c.providers.find((p) => p.id === r)?.ownModels !== true) return r;
      }
      return served ?? (c.modelRef(value)?.open === true ? fileRunner() : undefined);
    };
    // The model inputs of the file's AI action steps (a workflow's `with: model: …`), read once when a setting needs them.
    let stepModels: Set<string> | undefined;
    const actionModels = (): Set<string> => (stepModels ??= isActionsFile(ctx.file.path) ? new Set(actionUses(text, (repo) => c.byPackage('githubactions', repo)?.actionInputs?.models !== undefined).flatMap((u) => (c.byPackage('githubactions', u.repo)?.actionInputs?.models ?? []).flatMap((i) => (u.inputs?.[i] !== undefined ? [u.inputs[i] as string] : [])))) : new Set());
    const settings =
      (modelCfg === undefined || modelCfg.keyProviders !== undefined) && ctx.sniffed.kind === 'text' && SETTING_LANGS.has(ctx.sniffed.lang) && !isDocumentation(ctx.file.path) && !isTestDataPath(ctx.file.path) && /model|llm|deployment/i.test(text)
        ? modelSettingSites(text).flatMap((s) => {
            // A workflow step's input an AI action takes as its model (actionInputs.models) is that action's (ai-actions).
            if (actionModels().has(s.value)) return [];
            const provider = configLines.has(s.line) ? undefined : settingProvider(s.value, s.sections, s.key);
            return provider === undefined ? [] : [{ provider, line: s.line, models: [s.value] }];
          })
        : [];
    if (settings.length) (facts.uses ??= []).push(...settings);
    // A catalog env var's name alone lets the file through (the sdk-env group: AZURE_OPENAI_API_VERSION too).
    if (isDocumentation(ctx.file.path) || (!mentionsAi.has(text, ctx.rules) && !mentionsEnvVar.has(text, ctx.rules) && !/[A-Z][A-Z0-9_]*_(API_KEY|TOKEN|HOST|ENDPOINT|BASE_URL)/.test(text) && !PUBLIC_KEY_NAME.test(text))) {
      if (facts.mcp || facts.uses) putFacts(ctx, facts);
      return o;
    }
    const strings = maskedUrls().filter((s) => c.hostOf(s.value) !== undefined);
    // A file that calls an AI host (a curl command, a .http request) with a body that names its
    // model inline (`-d '{"model": "gpt-4o-mini", …}'`): that model, on the service the file calls,
    // as code's keyed model names are; a line a setting was read on is not read again.
    if (strings.length) {
      const settingLines = new Set(settings.map((u) => u.line));
      // Nor one a model config read (an OAI_CONFIG_LIST entry beside another's base_url).
      for (const s of inlineModelSites(masked())) if (!settingLines.has(s.line) && !configLines.has(s.line) && c.providerOfModel(s.value) !== undefined) strings.push(s);
      facts.strings = strings.sort((a, b) => a.line - b.line || a.column - b.column).map(packString);
    }
    const env = envVarSites(text, (n) => aiEnv(n) !== undefined);
    if (env.length) facts.envVars = env;
    if (facts.strings || facts.envVars || facts.mcp || facts.uses) putFacts(ctx, facts);
    return o;
  },
};

/** A public-prefixed key's name (catalog.ts PUBLIC_ENV_PREFIX), as a word of the text. */
const PUBLIC_KEY_NAME = /\b(?:VITE|NEXT_PUBLIC|REACT_APP|EXPO_PUBLIC|NUXT_PUBLIC|PUBLIC|GATSBY|VUE_APP)_[A-Z0-9_]*(?:KEY|TOKEN)\b/;

/** A base URL option given a name: `base_url=BASE_URL`, `baseURL: DEEPSEEK_URL` (group 1 the option, 2 the name). */
const BASE_URL_BY_NAME = /\b(base_url|baseURL|baseUrl|api_base|openai_api_base|azure_endpoint)\s*[:=]\s*([A-Za-z_$][\w$]{0,63})\s*(?=[,)}\r\n])/g;

/**
 * The URL literals a file assigns to a name on their own line (`DEEPSEEK_URL = "https://…"`)
 * keyed by the base URL option the name is given to in the same file (`OpenAI(base_url=DEEPSEEK_URL)`),
 * when the name is assigned one URL only: the client is pointed at that host. Linear: one scan for
 * the options, one look at each URL's line.
 */
function constBaseUrls(text: string, strings: StringSite[]): StringSite[] {
  if (!/base_?url|api_base|azure_endpoint/i.test(text)) return strings;
  const given = new Map<string, { key: string; via?: string; call?: string }>();
  const starts = lineStarts(text, 'cr-lf');
  BASE_URL_BY_NAME.lastIndex = 0;
  for (let m = BASE_URL_BY_NAME.exec(text), n = 0; m !== null && n < 200; m = BASE_URL_BY_NAME.exec(text), n++) {
    if (given.has(m[2] as string)) continue;
    const callee = calleeBefore(text, m.index);
    // The call the option is given to, placed as the front-ends place a call (StringSite.call: its `(`).
    given.set(m[2] as string, callee === undefined ? { key: m[1] as string } : { key: m[1] as string, via: callee.name, call: callPlace(starts, callee.at) });
  }
  if (given.size === 0) return strings;
  // The name a URL literal is assigned to on its own line (`BASE_URL = "…"`, `const URL: string = '…'`).
  const nameOf = (x: StringSite): string | undefined => {
    // A URL far into its line (minified code) is no constant's on a line of its own.
    if (!/^https?:\/\//i.test(x.value) || x.column > 200) return undefined;
    const from = starts[x.line - 1];
    if (from === undefined) return undefined;
    const head = text.slice(from, from + x.column - 1);
    return CONST_HEAD.exec(head)?.[1];
  };
  const names = strings.map(nameOf);
  const count = new Map<string, number>();
  for (const n of names) if (n !== undefined && given.has(n)) count.set(n, (count.get(n) ?? 0) + 1);
  return strings.map((x, i) => {
    const n = names[i];
    const g = n === undefined || count.get(n) !== 1 ? undefined : given.get(n);
    return g === undefined ? x : { ...x, key: g.key, ...(g.via !== undefined ? { via: g.via } : {}), ...(g.call !== undefined ? { call: g.call } : {}) };
  });
}

/**
 * The name of the call whose arguments hold offset `at` (`OpenAI(` in `OpenAI(api_key=k, base_url=B)`,
 * through an object literal argument: `new OpenAI({ baseURL: B })`), and the offset of its `(`, read
 * back at most 2,000 characters; undefined when none is found.
 */
function calleeBefore(text: string, at: number): { name: string; at: number } | undefined {
  let depth = 0;
  for (let i = at - 1; i >= 0 && at - i < 2000; i--) {
    const c = text[i];
    if (c === ')' || c === ']' || c === '}') depth++;
    else if (c === '(' || c === '[' || c === '{') {
      if (depth > 0) {
        depth--;
        continue;
      }
      if (c !== '(') continue; // the object literal the option is in
      const m = /([A-Za-z_$][\w$]*)\s*$/.exec(text.slice(Math.max(0, i - 64), i));
      return m?.[1] === undefined ? undefined : { name: m[1], at: i };
    }
  }
  return undefined;
}
/** A line's start up to a literal assigned to a name: `BASE_URL = "`, `export const URL: string = '`. */
const CONST_HEAD = /^[ \t]*(?:export[ \t]+)?(?:(?:const|let|var|final|static)[ \t]+)*([A-Za-z_$][\w$]{0,63})[ \t]*(?::[ \t]*[\w.<>|]+[ \t]*)?=[ \t]*(?:[rRbBuUfF]{0,2}["'`])?$/;

const rubyConstantMaps = new WeakMap<SdkCatalog, Map<string, string>>();
/** The catalog gems' top-level constants (SdkPackage.constants), each to the gem's require name (its first import). */
function rubyConstants(c: SdkCatalog): Map<string, string> {
  let m = rubyConstantMaps.get(c);
  if (m === undefined) {
    m = new Map();
    for (const p of c.packages) if (p.ecosystem === 'gem' && p.imports[0] !== undefined) for (const k of p.constants ?? []) if (!m.has(k)) m.set(k, p.imports[0]);
    rubyConstantMaps.set(c, m);
  }
  return m;
}

const VITE_CONFIG = /(?:^|\/)vite\.config\.[cm]?[jt]s$/;
const NEXT_CONFIG = /(?:^|\/)next\.config\.[cm]?[jt]s$/;
/** Vite's `define` key for an env var: `'process.env.X'` or `'import.meta.env.X'`, quoted, before a colon. */
const VITE_DEFINE = /(['"`])(?:process\.env|import\.meta\.env)\.([A-Z][A-Z0-9_]{0,127})\1\s*:/g;
/** next.config's `env` entry fed from the build's environment: `X: process.env.Y`. */
const NEXT_ENV = /(?<![\w$.])([A-Z][A-Z0-9_]{0,127})['"]?\s*:\s*process\.env(?:\.([A-Z][A-Z0-9_]{0,127})|\[\s*['"]([A-Z][A-Z0-9_]{0,127})['"]\s*\])/g;

/**
 * The AI credentials a front-end build config inlines into the code it ships to browsers, whatever
 * their names: Vite's `define` (`'process.env.GEMINI_API_KEY': JSON.stringify(env.GEMINI_API_KEY)`,
 * Google AI Studio's app template) and next.config's `env` (`env: { OPENAI_API_KEY:
 * process.env.OPENAI_API_KEY }`). Only credential names (`_KEY`, `_TOKEN`, `_SECRET`) of AI env vars.
 */
function buildExposedEnv(path: string, text: string, isAi: (name: string) => boolean): NonNullable<SdkFacts['envVars']> {
  const vite = VITE_CONFIG.test(path);
  if (!vite && !NEXT_CONFIG.test(path)) return [];
  const out: NonNullable<SdkFacts['envVars']> = [];
  const at = lineStarts(text, 'cr-lf');
  const place = (offset: number) => {
    const l = lineOf(at, offset);
    return { line: l + 1, column: offset - (at[l] as number) + 1 };
  };
  const credential = (n: string) => /(?:_KEY|_TOKEN|_SECRET)$/.test(n) && isAi(n);
  const re = new RegExp(vite ? VITE_DEFINE : NEXT_ENV);
  // A commented-out entry inlines nothing (comments blanked, offsets kept).
  const code = maskComments(text, 'slash');
  for (let m = re.exec(code); m !== null && out.length < 100; m = re.exec(code)) {
    const name = vite ? (m[2] as string) : (m[2] ?? m[3] ?? '');
    if (!credential(name)) continue;
    const where = place(m.index + (vite ? 1 : 0));
    out.push({ name, ...where, hasValue: false, exposedBy: vite ? `Vite's define in ${path.slice(path.lastIndexOf('/') + 1)}` : `the env of ${path.slice(path.lastIndexOf('/') + 1)}` });
  }
  return out;
}

/**
 * A notebook site's cell and its place in the .ipynb file as `cell` or `cell:fileLine:fileColumn`;
 * empty outside notebooks.
 */
function packCell(s: { cell?: number; fileLine?: number; fileColumn?: number }): string {
  if (s.cell === undefined) return '';
  return s.fileLine === undefined ? String(s.cell) : `${s.cell}:${s.fileLine}:${s.fileColumn ?? 1}`;
}

function unpackCell(packed: string | undefined, s: { cell?: number; fileLine?: number; fileColumn?: number }): void {
  if (!packed) return;
  const [cell, fileLine, fileColumn] = packed.split(':');
  s.cell = Number(cell);
  if (fileLine !== undefined) {
    s.fileLine = Number(fileLine);
    s.fileColumn = Number(fileColumn);
  }
}

/** One import site as `lang \t kind \t line \t column \t cell (packCell) \t typeOnly \t names (comma-separated) \t range (ImportSite.range) \t specifier`. */
export function packImport(lang: SourceLang, s: ImportSite): string {
  return `${lang}\t${s.kind}\t${s.line}\t${s.column}\t${packCell(s)}\t${s.typeOnly ? 1 : ''}\t${s.names?.join(',') ?? ''}\t${flat(s.range ?? '')}\t${flat(s.alias ?? '')}\t${s.specifier}`;
}

export function unpackImport(p: string): { lang: SourceLang; site: ImportSite } {
  const [lang, kind, line, column, cell, typeOnly, names, range, alias, ...rest] = p.split('\t');
  const site: ImportSite = { specifier: rest.join('\t'), kind: kind as ImportSite['kind'], line: Number(line), column: Number(column) };
  if (range) site.range = range;
  if (alias) site.alias = alias;
  unpackCell(cell, site);
  if (typeOnly) site.typeOnly = true;
  if (names) site.names = names.split(',');
  return { lang: lang as SourceLang, site };
}

/** One string site as `line \t column \t cell (packCell) \t key \t via \t call \t provider \t value`. */
export function packString(s: StringSite): string {
  return `${s.line}\t${s.column}\t${packCell(s)}\t${s.key ?? ''}\t${s.via ?? ''}\t${s.call ?? ''}\t${s.provider ?? ''}\t${s.value}`;
}

export function unpackString(p: string): StringSite {
  const [line, column, cell, key, via, call, provider, ...rest] = p.split('\t');
  const s: StringSite = { value: rest.join('\t'), line: Number(line), column: Number(column) };
  unpackCell(cell, s);
  if (key) s.key = key;
  if (via) s.via = via;
  if (call) s.call = call;
  if (provider) s.provider = provider;
  return s;
}

// ---------------------------------------------------------------------------------------------
// AI container images (Dockerfiles, compose files, Kubernetes manifests, GitHub workflows).

let imageWords: { from: SdkCatalog; re: RegExp } | undefined;

/**
 * A file worth reading for images names one of the catalog's repositories (its last part, or a
 * namespace's last part with its slash): a global ARG that a FROM uses holds the name too.
 */
function mentionsImage(c: SdkCatalog, text: string): boolean {
  if (imageWords?.from !== c) {
    const words = new Set<string>();
    for (const e of c.images) {
      const parts = e.image.replace(/\/+$/, '').split('/');
      const last = parts[parts.length - 1] ?? '';
      if (last) words.add(e.prefix ? `${last}/` : last);
    }
    const alt = [...words].map((w) => w.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|');
    imageWords = { from: c, re: new RegExp(alt || '(?!)') };
  }
  return imageWords.re.test(text);
}

/** Whether a site names an AI image of the catalog (a dynamic reference: by its literal repository, or its path when the registry is a variable). */
export function imageSiteEntry(c: SdkCatalog, site: Pick<ImageSite, 'ref' | 'dynamic'>): ReturnType<SdkCatalog['imageOf']> {
  const ref = siteImage(site);
  return ref ? c.imageOf(ref) : undefined;
}

/** Files whose commands may run an image: shell scripts, Makefiles, GitHub workflows (their `run:` steps). */
function commandFile(lang: string, path: string): boolean {
  return lang === 'shell' || (lang === 'text' && isMakefile(path)) || (lang === 'yaml' && yamlImageKind(path) === 'workflow');
}

export const aiImageDetector: Detector = {
  id: 'ai-images',
  shadowAi: true,
  accepts: (s, file) => s.kind === 'text' && (isDockerfilePath(file.path) || (s.lang === 'yaml' && yamlImageKind(file.path) !== undefined) || commandFile(s.lang, file.path)),
  detect(ctx) {
    const o = emptyObservation();
    const text = ctx.text();
    if (text === undefined || ctx.sniffed.kind !== 'text') return o;
    const c = cat(ctx.rules);
    if (ctx.sniffed.lang === 'yaml' && yamlImageKind(ctx.file.path) === 'gitlab-ci' && ctx.file.size <= MAX_CONFIG_BYTES) {
      // Included files are read after the analysis, whether or not this file names an image itself.
      const inc = gitlabIncludes(text);
      for (const w of inc.notRead) o.warnings.push({ code: 'image/include', path: ctx.file.path, message: `include: ${w}` });
      if (inc.local.length) putFacts(ctx, { gitlabIncludes: inc.local });
    }
    if (!mentionsImage(c, text)) return o;
    // Commands are read only where `docker` or `podman` is written.
    const commands = commandFile(ctx.sniffed.lang, ctx.file.path) && /docker|podman/i.test(text);
    const yaml = ctx.sniffed.lang === 'yaml' ? yamlImageKind(ctx.file.path, text) : undefined;
    if (!isDockerfilePath(ctx.file.path) && yaml === undefined && !commands) return o;
    if (ctx.file.size > MAX_CONFIG_BYTES) {
      o.warnings.push({ code: 'image/too-large', path: ctx.file.path, message: `${ctx.file.size} bytes: container images are read in files of up to ${MAX_CONFIG_BYTES} bytes only` });
      return o;
    }
    let sites: ImageSite[] = [];
    if (isDockerfilePath(ctx.file.path)) sites = dockerfileImages(text);
    else if (yaml !== undefined) {
      // A Kubernetes file's documents are parsed only when they name a catalog image themselves.
      const r = yamlImages(text, yaml, (doc) => mentionsImage(c, doc));
      for (const w of r.warnings) o.warnings.push({ code: 'image/malformed-yaml', path: ctx.file.path, message: w });
      sites = r.sites;
    }
    if (commands) sites = [...sites, ...shellImages(text)].sort((a, b) => a.line - b.line || a.column - b.column);
    const images = sites.filter((x) => imageSiteEntry(c, x) !== undefined).map(packImage);
    if (images.length) putFacts(ctx, { images });
    return o;
  },
};

/** A packed field: tabs and line breaks as blanks. */
const flat = (x: string): string => x.replace(/[\t\r\n]/g, ' ');

/** One image site as `line \t column \t source \t dynamic \t written \t ref` (references hold no tab or blank). */
export function packImage(s: ImageSite): string {
  return `${s.line}\t${s.column}\t${s.source}\t${s.dynamic ? 1 : ''}\t${flat(s.written ?? '')}\t${flat(s.ref)}`;
}

export function unpackImage(p: string): ImageSite {
  const [line, column, source, dynamic, written, ...rest] = p.split('\t');
  const s: ImageSite = { ref: rest.join('\t'), line: Number(line), column: Number(column), source: source as ImageSite['source'] };
  if (dynamic) s.dynamic = true;
  if (written) s.written = written;
  return s;
}

// ---------------------------------------------------------------------------------------------
// Packages that commands install or run (shell scripts, Dockerfiles, Makefiles, CI files).

/** Files whose commands run: shell scripts, Makefiles, GitHub workflows' `run:` and GitLab CI's `script:` steps, Dockerfiles. */
function installFile(lang: string, path: string): boolean {
  return isDockerfilePath(path) || commandFile(lang, path) || (lang === 'yaml' && yamlImageKind(path) === 'gitlab-ci') || (lang === 'json' && isDevcontainerPath(path));
}

/**
 * The AI packages a file's commands install or run (`RUN pip install openai`, a workflow's `npm i
 * -g @anthropic-ai/claude-code`, `uvx some-mcp-server`): import sites of kind pip-install and
 * npm-install, each also the file's declaration of the package when it names a version
 * (installDeclarations). A file over MAX_CONFIG_BYTES is not read.
 */
export const aiInstallDetector: Detector = {
  id: 'sdk-installs',
  shadowAi: true,
  accepts: (s, file) => s.kind === 'text' && installFile(s.lang, file.path),
  detect(ctx) {
    const o = emptyObservation();
    const raw = ctx.file.size > MAX_CONFIG_BYTES ? undefined : ctx.text();
    // A dev container's lifecycle commands (`postCreateCommand: "npm i -g @anthropic-ai/claude-code"`), on their own lines.
    const text = raw !== undefined && isDevcontainerPath(ctx.file.path) ? devcontainerCommands(raw) : raw;
    if (text === undefined) return o;
    // Models the Ollama CLI pulls from its library (`ollama pull llama3.1:8b`, `ollama run mistral`).
    const pulled = text.includes('ollama') ? ollamaPulls(text) : [];
    const uses: NonNullable<SdkFacts['uses']> = pulled.map((p) => ({ provider: 'ollama', line: p.line, models: [p.model] }));
    // Ollama installed by its script (`curl -fsSL https://ollama.com/install.sh | sh`): the runtime is used here.
    if (text.includes('install.sh')) for (const p of ollamaInstalls(text)) uses.push({ provider: 'ollama', line: p.line });
    if (!mentionsInstaller(text)) {
      if (uses.length) putFacts(ctx, { uses });
      return o;
    }
    const c = cat(ctx.rules);
    const imports = installSites(text).flatMap((site) => {
      const pkg = installedPackage(c, site);
      return pkg === undefined ? [] : [{ lang: (site.kind === 'npm-install' ? 'js' : 'python') as SourceLang, site }];
    });
    if (!imports.length) {
      if (uses.length) putFacts(ctx, { uses });
      return o;
    }
    const facts: SdkFacts = { imports: imports.map((i) => packImport(i.lang, i.site)) };
    const declared = installDeclarations(c, imports, ctx.file.path);
    if (declared.length) facts.declared = declared;
    if (uses.length) facts.uses = uses;
    putFacts(ctx, facts);
    return o;
  },
};

export const SDK_DETECTORS: readonly Detector[] = [sdkImportDetector, sdkManifestDetector, sdkArchiveDetector, aiConfigDetector, aiImageDetector, aiInstallDetector, aiActionDetector, aiCloudDetector];
