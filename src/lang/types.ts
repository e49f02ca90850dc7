/**
 * What the language front-ends and manifest readers hand to the Shadow-AI detectors. Pure data:
 * positions are 1-based lines and columns in the file as it is on disk (for notebooks, the line
 * inside the cell, with the cell index).
 */

export type ImportKind =
  | 'import' // JS/TS static import (default, named, namespace), Python `import x`
  | 'import-type' // TS `import type`
  | 'side-effect' // JS `import 'x'`
  | 'require' // CommonJS require('x'), plain or destructured
  | 'dynamic-import' // import('x') with a literal
  | 're-export' // export ... from 'x'
  | 'from-import' // Python `from x import y`
  | 'resolve' // JS `require.resolve('x')`, `import.meta.resolve('x')`: the package's files found, to run or read
  | 'importlib' // importlib.import_module('x')
  | 'dunder-import' // __import__('x')
  | 'go-import'
  | 'java-import'
  | 'using' // C# `using X.Y;`, `using static X.Y.Z;`, `using A = X.Y;`, `global using X;`
  | 'use' // Rust `use a::b;`, `use a::{b, c};`
  | 'extern-crate' // Rust `extern crate a;`
  | 'qualified-name' // a name written out in code: C# `global::OpenAI.Chat.ChatClient`, Rust `async_openai::Client::new()`
  | 'ruby-require' // Ruby `require 'x'`
  | 'ruby-autoload' // Ruby `autoload :Const, 'x'` (required when the constant is first used)
  | 'ruby-constant' // Ruby `OpenAI::Client` with no require: the gem Bundler requires (counted only where a Gemfile declares it)
  | 'php-use' // PHP `use Ns\Name;` (also `use function` / `use const`, group use)
  | 'php-name' // PHP fully-qualified name in code: `\OpenAI::client(…)`, `new \Gemini\Client(…)`
  | 'dart-import' // Dart `import 'package:x/y.dart'` (each URI of a conditional import too)
  | 'dart-export' // Dart `export 'package:x/y.dart'`
  | 'swift-import' // Swift `import X`, `@testable import X`, `import struct X.Y`, `import X.Sub`
  | 'pip-install' // notebook `!pip install x` / `%pip install x`; a command's `pip install x`, `uv add x`, `uvx x` (src/lang/installs.ts)
  | 'npm-install' // a command's `npm install x`, `yarn add x`, `npx x` (src/lang/installs.ts)
  | 'conda-install'; // a command's or a notebook's `conda install x`, `mamba create -n e x`, `pixi add x` (src/lang/installs.ts)

export interface ImportSite {
  /**
   * The module as written: 'openai', '@ai-sdk/openai', 'langchain.chat_models', 'github.com/sashabaranov/go-openai';
   * for a JS/TS `npm:` or CDN specifier, the package and subpath it names (see `written`).
   */
  specifier: string;
  kind: ImportKind;
  line: number;
  column: number;
  /** Imported names, when the syntax lists them. */
  names?: string[];
  /**
   * JS/TS: the local name a default import binds (`OpenAI` in `import OpenAI from 'openai'`), so
   * that a value given to `new OpenAI({…})` is known to be given to that package's client.
   */
  defaultLocal?: string;
  typeOnly?: boolean;
  /** Notebook cell index (0-based), when the file is a notebook; `line` and `column` are then inside the cell. */
  cell?: number;
  /** In a notebook: where `line` and `column` sit in the .ipynb file itself, when found (Location.fileLine). */
  fileLine?: number;
  fileColumn?: number;
  /**
   * JS/TS: the specifier as written when it names an npm package by an `npm:` specifier or a CDN
   * URL (`npm:openai@4.52.0`, `https://esm.sh/openai@4.20.1`; src/lang/npm-specifier.ts); `specifier`
   * then holds the package and subpath a bare import would write (`openai`). A `jsr:` specifier
   * (`jsr:@openai/openai@^4`) likewise, `specifier` then `jsr:@openai/openai` (the registry kept,
   * the version dropped). The detector reads the version written there as the file's declaration
   * of the package. A bare specifier a Deno import map maps to an `npm:` or `jsr:` target (`oai`
   * for `"oai": "jsr:@openai/openai@^0.9"`; src/lang/deno-import-map.ts): the alias as written,
   * which declares nothing (the map's entry does).
   */
  written?: string;
  /**
   * JS/TS through a Deno import map: the range its `npm:` or `jsr:` target writes (`^4` for
   * `"llm": "npm:openai@^4"`), so the import joins that entry of the map, not another version the
   * same map (a scope) declares.
   */
  range?: string;
  /**
   * JS/TS and Rust: the dependency alias the code wrote (`ai-v5` for `"ai-v5": "npm:ai@5.0.97"`,
   * `candle` for `candle = { package = "candle-core" }`; src/lang/dependency-aliases.ts),
   * `specifier` then naming the package. The import joins the declaration under that alias, and
   * an import by the package's own name the declarations under its own name.
   */
  alias?: string;
}

/** `jsr`: a package of JSR (jsr.io), the JavaScript registry Deno's `jsr:` specifiers name (`@openai/openai`). */
/** `githubactions`: a GitHub Action or reusable workflow a workflow's `uses:` names (`anthropics/claude-code-action`), purl type githubactions. */
export type Ecosystem = 'npm' | 'jsr' | 'pypi' | 'golang' | 'maven' | 'nuget' | 'cargo' | 'conda' | 'gem' | 'composer' | 'pub' | 'swift' | 'cocoapods' | 'githubactions';

export interface DeclaredDependency {
  ecosystem: Ecosystem;
  /** As the ecosystem names it: npm name, JSR `@scope/name`, PyPI name (as written), Go module path, Maven `group:artifact`, NuGet id, crate, gem, Composer `vendor/package`, pub package, Swift package `host/owner/repo` (its repository URL without scheme and `.git`), CocoaPods pod (`Name` or `Name/Subspec`). */
  name: string;
  /** The declared range or spec, as written ('^4.20.0', '>=1.0,<2', '1.30.1'). */
  range?: string;
  /** The exact resolved version, from a lockfile (or an exact pin such as `==1.30.1`). */
  version?: string;
  /** Where it is declared. */
  path: string;
  line?: number;
  scope?: 'runtime' | 'dev' | 'optional' | 'peer' | 'test' | 'build';
  /** The lockfile the version came from, when it came from one. */
  lockfile?: string;
  /**
   * npm: the package manager the package.json's `packageManager` field names (`yarn` for
   * `yarn@1.22.22`): of several lockfiles beside it, that manager's resolves it (lockfilesFor).
   */
  packageManager?: string;
  /**
   * Maven: a dependencyManagement pin's version as written when it names properties
   * (`${langchain4j.version}`). A module that takes the pin resolves it with its own properties
   * first, then its parents' (Maven interpolates the effective model after inheritance: a module
   * that sets `langchain4j.version` overrides its parent's).
   */
  template?: string;
  /**
   * githubactions: the providers this use of the action calls in place of its maker's, chosen by
   * the step's inputs (claude-code-action with `use_bedrock: true` calls Amazon Bedrock).
   */
  calls?: string[];
  /**
   * PyPI: the dependency groups that pull the entry in, as the file names them: a PEP 735
   * `[dependency-groups]` table's name, a pylock.toml entry's `'<name>' in dependency_groups`
   * marker terms, a pdm.lock entry's `groups` (PDM's lock names extras and groups alike there).
   * `extras`: the extras that do, a pylock.toml entry's `'<name>' in extras` terms.
   */
  groups?: string[];
  extras?: string[];
  /**
   * npm: the name the package is installed under when that is not its own name, an `npm:` alias
   * (`"oai4": "npm:openai@^4"` in package.json; a package-lock entry `oai4` of package openai). A
   * lockfile entry installed under an alias is that alias's, never the real name's declaration.
   */
  alias?: string;
  /**
   * On a lockfile entry that resolves a workspace member's manifest rather than the manifest
   * beside the lockfile (npm workspaces, pnpm importers): that manifest's folder, relative to the
   * scan root with '/' separators ('' for the top). On an entry of a Deno import map file that a
   * deno.json names (`importMap`): the deno.json's folder, whose deno.lock resolves it and whose
   * code imports it.
   */
  importer?: string;
  /**
   * On a package-lock entry: a copy that no manifest resolves the name to. Node resolves a
   * declaration of a manifest in folder F to `F/node_modules/<name>`, else to the nearest
   * `node_modules/<name>` in a folder above, up to the lockfile's; a copy installed below another
   * package (`node_modules/a/node_modules/<name>`, v1's nested `dependencies`) is that package's,
   * and one in a folder that is neither the lockfile's nor a workspace member's is reached only
   * through the member entries the reader adds. The lockfile still lists it (transitive); no
   * declaration takes its version.
   */
  nested?: boolean;
  /**
   * An installed copy of the package in the tree (src/lang/manifests/installed.ts: a .dist-info's
   * METADATA, an installed .egg-info, `node_modules/<name>/package.json`), with the version it is;
   * `importer` is then the folder of the project it is installed for. It declares nothing:
   * resolveVersions gives its version to the declarations of that project (and below) that no
   * lockfile resolves, and keeps it as an entry of its own otherwise.
   */
  installed?: true;
  /**
   * On an installed conda package (a conda-meta record): the Python metadata files it put in its
   * environment (`<site-packages>/<name>-<version>.dist-info/METADATA`), scan-relative; those are
   * the same install, not another package.
   */
  owns?: string[];
  /**
   * A pin of a pip constraints file (`-c constraints.txt`; inventory/includes.ts): the requirements
   * file that names it, whose declaration of the package without a version takes this one.
   */
  constrains?: string;
  /** On a declaration a constraints file's pin gave its version: that pin's file and line. */
  pinnedAt?: { path: string; line?: number };
  /** On a declaration an installed copy resolves (resolveVersions): that copy's file and line. */
  installedAt?: { path: string; line?: number };
  /**
   * Versions one manifest sets for others. 'defines': an entry of Cargo's
   * `[workspace.dependencies]`, a NuGet `PackageVersion` (Directory.Packages.props) or a Maven
   * `<dependencyManagement>` pin; 'inherits': an entry that takes its range from there (Cargo
   * `workspace = true`, a NuGet `PackageReference` without a version, a dependency without a
   * version in a pom.xml with a `<parent>` whose own pins do not give it).
   */
  central?: 'defines' | 'inherits';
  /**
   * pnpm: the named catalog (pnpm-workspace.yaml's `catalogs:`) a central definition belongs to, or
   * a `"catalog:<name>"` dependency takes its range from. The default catalog (`catalog:`, or
   * `catalogs.default`) has none.
   */
  catalog?: string;
  /**
   * A BOM the file imports: a Maven `<dependencyManagement>` pom of `<scope>import</scope>`, a
   * Gradle `platform(…)` / `enforcedPlatform(…)`. The inventory gives the versionless
   * dependencies of the same file the BOM's version where the catalog says the BOM versions them
   * all alike (rules/sdk.yaml `boms`).
   */
  bom?: true;
  /**
   * On a Gradle version catalog's [libraries] entry: the accessors build files declare it with
   * (`libs.langchain4j.open.ai` for the alias `langchain4j-open-ai` of libs.versions.toml, and
   * `libs.bundles.<bundle>` for each bundle that lists it). resolveVersions gives the entry to the
   * build files that name one of them.
   */
  accessors?: string[];
  /**
   * On a Gradle build file's entry: the catalog accessor it names (`libs.langchain4j.open.ai`,
   * `libs.bundles.ai`), which is also its `name` until resolveVersions puts the coordinates of
   * the catalog entries it stands for in its place.
   */
  accessor?: string;
  /**
   * Gradle: the classpath a declaration is on when it is not the project's: `buildscript` for a
   * build file's `classpath` configuration (`buildscript { dependencies { classpath(…) } }`),
   * `settings` for a settings file's. Only the lockfiles of that classpath
   * (buildscript-gradle.lockfile, settings-gradle.lockfile) give it a version, and only a
   * declaration of theirs takes their entries (resolveVersions: lockfilesFor).
   */
  classpath?: 'buildscript' | 'settings';
  /**
   * On a Gradle convention plugin's declaration (a precompiled script plugin in buildSrc or an
   * included build): the folders of the projects that apply the plugin, directly or through
   * another convention plugin (resolveGradle). The declaration lands in each of them, so their
   * lockfiles resolve it instead of the plugin file's folder's; `path` and `line` stay the
   * plugin file's.
   */
  appliedIn?: string[];
  /**
   * NuGet: the MSBuild conditions the files do not decide (Configuration, a command-line property,
   * one of several TargetFrameworks, `Exists()`) under which this declaration holds, as written
   * (`(a) and (b)` for several): an item under such a condition, or the version a property takes
   * under one. The unconditional declaration (the default) has none.
   */
  condition?: string;
  /**
   * NuGet, for resolveNugetProperties (which decides them with the properties of the files MSBuild
   * imports around the project, then drops this field): `when`, the undecided conditions that
   * `condition` joins, one by one; `unless`, for a default (an Otherwise or a later When after an
   * undecided When, the value a property has when none of its conditional definitions holds, an
   * item before an undecided Update= or Remove=), the alternatives that would replace it, each
   * given as the conditions that must all hold for it.
   */
  msbuild?: { when: readonly MsbuildCondition[]; unless?: readonly (readonly MsbuildCondition[])[] };
  /**
   * NuGet: a version written with `$(Name)` properties, as written; resolveNugetProperties
   * evaluates it with the properties of the files MSBuild imports around the project (and drops
   * this field).
   */
  written?: string;
  /**
   * Swift: a package registry declaration (SE-0292, `.package(id: "macpaw.OpenAI", from: "0.2.0")`),
   * whose `name` is the registry identity `scope.Name`. It names no repository, so it is no
   * component of its own; the inventory takes it as the declaration of a catalogued package only
   * where code below it imports a module of that package whose name, or the repository's, is the
   * identity's name (registryMayProvide).
   */
  registry?: true;
  /**
   * Composer, on a composer.lock entry (and the declaration it resolves): the locked package that
   * holds this name's code through its `replace` or `provide` (a fork such as
   * `acme/openai-php-client` replacing `openai-php/client`, a monorepo, an implementation of a
   * virtual package), with its own version. What is installed is that package, not this name's
   * release: the inventory names it in the purl and matches no advisory of this name.
   */
  providedBy?: { name: string; version?: string; link: 'replace' | 'provide' };
  /**
   * Composer, on a composer.lock entry (and the declaration it resolves): the version control
   * repository the locked package was read from when no Composer repository (Packagist, a mirror)
   * served it (a `vcs`/`git`/`github` entry of composer.json's `repositories`), in the purl
   * spec's `vcs_url` form: `git+https://github.com/acme/openai-client.git@<commit>`, with no user,
   * password, query or fragment.
   */
  vcsUrl?: string;
  /**
   * Composer, on a composer.lock entry (and the declaration it resolves): the Composer repository
   * other than Packagist that served the locked package (Private Packagist, Satis, a mirror), in the
   * purl spec's `repository_url` form: composer.json's `type: composer` URL for it when one matches
   * (resolveComposerRepositories), else its `notification-url` without the `downloads/` segment;
   * no user, password, query or fragment.
   */
  repositoryUrl?: string;
  /**
   * Composer: the archive a package was downloaded from when neither a Composer repository nor a
   * version control one served it: an inline `type: package` repository's `dist` (on the
   * composer.json declaration it defines, or the composer.lock entry), or a locked package with
   * no `notification-url` and only a `dist`. The purl spec's `download_url`, sanitized as vcsUrl.
   */
  downloadUrl?: string;
  /**
   * Composer, on a composer.lock entry a Composer repository served (it has a `notification-url`)
   * whose `source` is a VCS one: the `vcsUrl` that source gives and the repository it names
   * (composer.ts's vcsRepositoryKey). resolveComposerRepositories makes it the entry's vcsUrl when
   * the composer.json beside the lock lists that repository as a `vcs`/`git`/`github`… one, and
   * drops it either way: it never leaves resolveVersions.
   */
  vcsSource?: { vcsUrl: string; repo: string };
}

/**
 * An MSBuild condition one file does not decide, kept so that resolveNugetProperties can decide it
 * with the properties of the files imported around that file (DeclaredDependency.msbuild).
 */
export interface MsbuildCondition {
  /** As written, trimmed. */
  text: string;
  /**
   * When MSBuild evaluates it: 'property', in the property pass (a Choose's When, a property
   * definition or its PropertyGroup), seeing only the properties defined before it; 'item', after
   * all properties (an ItemGroup's or an item's), seeing the final values.
   */
  pass: 'property' | 'item';
  /**
   * A 'property' condition: what its own file gave, at that point, each name it reads that the
   * file sets (null when the file does not decide it there, or sets it only later); a name not
   * listed is read from the files imported before. Absent on a 'property' condition that reads
   * too many names: it is not decided again.
   */
  reads?: Record<string, string | null>;
}

/**
 * A manifest that governs others in its folder tree: a Cargo workspace root (with its member
 * folders), an Xcode workspace (its projects, which its Package.resolved resolves), a NuGet
 * Directory.Packages.props (central package management: it applies to the projects in its folder
 * and below, the nearest one winning), or a gradle.properties.
 */
export interface WorkspaceRoot {
  /** The manifest that declares it, relative to the scan root. */
  path: string;
  ecosystem: Ecosystem;
  /**
   * Member folders as written (globs, relative to the manifest's folder); absent for a central
   * version file. An Xcode workspace's (contents.xcworkspacedata): the folders of the projects
   * (`App/App.xcodeproj`) and packages it lists, resolved relative to the scan root.
   */
  members?: string[];
  /**
   * An Xcode workspace's absolute entries (`absolute:` locations, `group:` ones under an absolute
   * group): paths of the machine that wrote it, '/'-separated with `.` and `..` resolved, a
   * `Package.swift` as its folder. placeAbsoluteMembers makes members of those inside the tree.
   */
  absolute?: string[];
  /** Folders left out of the members. */
  exclude?: string[];
  /** A pom.xml's own `groupId:artifactId` (the groupId its parent gives when it writes none): a BOM another pom of the tree imports is found by it. */
  coordinates?: string;
  /**
   * A gradle.properties: its values, which the build files in its folder and below read as
   * `$name` (a plain object: keys are the file's, so read only its own properties).
   */
  properties?: Record<string, string>;
  /**
   * A pom.xml with a <parent>: the parent pom's path relative to the scan root (its
   * <relativePath>, `../pom.xml` when none is written), when it is a file inside the scan root.
   * `properties` are then the pom's own <properties> (its profiles' too), which its modules read.
   */
  parent?: string;
  /**
   * A Directory.Build.props/targets that imports the nearest one above its folder
   * (`<Import Project="$([MSBuild]::GetPathOfFileAbove('Directory.Build.props', '$(MSBuildThisFileDirectory)../'))" />`):
   * the names it leaves unset are read from that one.
   */
  importsAbove?: true;
  /**
   * A NuGet project or Directory.Build file: the MSBuild conditions of its `properties` that held
   * in the file alone only because they read a name the file had not set yet as '' (the
   * `'$(SkVersion)' == ''` default idiom): resolveNugetProperties evaluates them again with the
   * values of the files before it (a Directory.Build.props that sets the name).
   */
  propertyConditions?: Record<string, string>;
  /**
   * A NuGet project or Directory.Build file: the names (lower case) whose value at its end the file
   * does not decide (set under a condition it does not decide, built on such a name, or to a value
   * `properties` does not keep). A condition that resolveNugetProperties evaluates reads them as
   * undecided until a later file sets them.
   */
  undecided?: string[];
  /**
   * A settings.gradle(.kts): the version catalogs it creates from files
   * (`versionCatalogs { create("libs") { from(files("../common/libs.versions.toml")) } }`), name →
   * the file's path relative to the scan root (only files inside it). They serve the build of the
   * settings file's folder under that name.
   */
  catalogs?: Record<string, string>;
  /**
   * A settings.gradle(.kts): the builds it includes (`includeBuild("build-logic")`, in
   * `pluginManagement { }` or at the top), paths relative to the scan root (only folders inside
   * it). Their precompiled script plugins serve the projects of the settings file's build. Every
   * settings file gives a workspace (its path alone when it names nothing): its folder is a build
   * of its own, and the projects below it are that build's (resolveGradle).
   */
  includedBuilds?: string[];
  /**
   * A settings.gradle(.kts): the folders of the projects it includes (`include(":app", ":tools:gen")`
   * at Gradle's default project folder, `includeFlat("sibling")` beside the settings file's folder,
   * either moved by a `project(":app").projectDir = file("modules/app")` with a literal path),
   * relative to the scan root (only folders inside it). A folder among them with a settings file
   * of its own is still a project of this build, not a build of its own.
   */
  projects?: string[];
  /**
   * A composer.json's `repositories`: the URLs of its `type: composer` ones (bare: no user,
   * password, query, fragment or trailing slash) and the repositories its VCS ones name
   * (vcsRepositoryKey). resolveComposerRepositories settles the composer.lock beside it with them.
   */
  composerRepositories?: { composer: string[]; vcs: string[] };
  /**
   * A Gradle build file or precompiled script plugin: the plugin ids it applies (`id("x")`,
   * `id 'x'`, Kotlin accessors in its plugins { } block such as ``acme.`x` `` (`acme.x`),
   * `apply(plugin = "x")`, `apply plugin: 'x'`), not those it applies
   * only in a `subprojects { }` block (subprojectPlugins).
   */
  plugins?: string[];
  /** A Gradle build file: the plugin ids it applies to the projects below it (`subprojects { }`, `allprojects { }`). */
  subprojectPlugins?: string[];
  /**
   * A precompiled script plugin (`src/main/kotlin/acme.ai-conventions.gradle.kts` of buildSrc or
   * an included build): its plugin id, the file name without `.gradle(.kts)`, after
   * `package.name.` when the file declares a package.
   */
  pluginId?: string;
  /**
   * A deno.json(c): the import map file its `importMap` names, as written (a path relative to the
   * deno.json; src/inventory/deno-import-maps.ts reads it).
   */
  importMap?: string;
  /**
   * A Directory.Build.targets: the versions its `PackageReference Update=` items give, by lower-case
   * package name, as written (the last per name). MSBuild evaluates its items after the project's,
   * so they change the project's (and Directory.Build.props') items of those names.
   */
  updates?: Record<string, string>;
}

/** A string literal in code, for hosts, URLs and model names. */
export interface StringSite {
  value: string;
  line: number;
  column: number;
  /** The object key or keyword argument it is the value of (`model` in `model: "gpt-4o"`). */
  key?: string;
  /**
   * The name of the call a keyed value is given to, its callee's last name: `OllamaLLM` for
   * Python's `OllamaLLM(model="mistral")`, `ChatOpenAI` for JS's `new ChatOpenAI({ model: "…" })`
   * (an object literal that is the call's first argument). The inventory uses it to tell which of
   * a file's clients a model goes to.
   */
  via?: string;
  /**
   * Which call a keyed value is given to, as the position (`line:column`) of one of its tokens: two
   * sites with the same `call` are arguments of one call (`ChatOpenAI(model="llama3",
   * base_url="http://localhost:11434/v1")`), whose model goes where its base URL points, while a
   * second `ChatOpenAI(model="gpt-4o")` with none calls OpenAI. A method of a client instance
   * (`client.chat.completions.create(model=…)` after `client = OpenAI(base_url=…)`) takes the
   * instance's construction call. Set by the Python, JS/TS and Java front-ends; unique within a
   * source (a notebook's within a cell).
   */
  call?: string;
  /**
   * The provider a model call names beside the model, as written (Prism's `->using(Provider::Groq,
   * 'llama-3.1-70b-versatile')`: `Groq`; `->using('ollama', 'llama3.2')`: `ollama`): the model goes
   * to that provider's service (the catalog's providerNamed says which).
   */
  provider?: string;
  /** As ImportSite's. */
  cell?: number;
  fileLine?: number;
  fileColumn?: number;
}

/**
 * Calls whose first (or, for `second`, second) positional argument is a model name (rules/sdk.yaml `modelCalls`, one set per
 * language: SdkCatalog.modelCalls). The front-ends report a string literal given there as a string
 * site with the key MODEL_CALL_KEY; whether it is a model name is for the catalog's model-name
 * prefixes to say (the inventory keeps a keyed site only when it names one).
 */
export interface ModelCalls {
  /** Callees, matched on the callee's last name segment: `openai('gpt-4o')`, `genai.GenerativeModel("gemini-1.5-pro")`. */
  names: ReadonlySet<string>;
  /** Methods of those callees, matched when the object's last name segment is one of `names`: `openai.chat('gpt-4o')`. */
  methods: ReadonlySet<string>;
  /**
   * Callees whose model name is their second positional argument, the first naming the provider
   * (rules/sdk.yaml `argument: 2`; Prism PHP: `->using(Provider::OpenAI, 'gpt-4o')`), or a URI
   * (OllamaSharp: `new OllamaApiClient(uri, "llama3.1")`). Read by the C#, Ruby and PHP front-ends.
   */
  second: ReadonlySet<string>;
  /**
   * For callees of `second`, what their first argument must be (rules/sdk.yaml `providers`):
   * Prism's `->using(Provider::OpenAI, …)` or `->using('openai', …)`, not `$query->using('index', …)`.
   * Read by the Ruby and PHP front-ends; a callee without an entry takes any string or `Name::Case`.
   */
  providers: ReadonlyMap<string, ModelCallProviders>;
  /**
   * Callees that are one provider's service whatever the file imports (rules/sdk.yaml `provider`):
   * .NET Aspire's AddDeployment on an Azure OpenAI resource. Their sites carry it (StringSite.provider).
   * Read by the C# front-end.
   */
  fixed?: ReadonlyMap<string, string>;
  /** JS: packages whose `create…` factories return a provider of `names`' shape (rules/sdk.yaml `factories`): see withFactoryCallees. */
  factoryPackages?: ReadonlySet<string>;
  /** Callees of `second` that take the model last: with one argument, that one (Aspire's AddModel(modelName) and AddModel(name, modelName)). C# only. */
  last?: ReadonlySet<string>;
  /** `names`, `methods` and `second` together: the one lookup a token reader makes per call. */
  any: ReadonlySet<string>;
}

/** The first arguments that name a provider: enum classes (last name segment) and string values. */
export interface ModelCallProviders {
  enums: ReadonlySet<string>;
  values: ReadonlySet<string>;
  /** The library's provider names (lower case: an enum case's name or a value) that are not the catalog's ids: `gemini` → google. */
  ids: ReadonlyMap<string, string>;
}

/**
 * Classes whose constants or enum cases name models (rules/sdk.yaml `modelConstants`; PHP: LLPhant's
 * `AnthropicConfig::CLAUDE_3_5_SONNET`, `OpenAIChatModel::Gpt4Omni->value`; Go: a package's
 * `openai.GPT4o`), by fully-qualified name (Go: import path), lower-cased and without a leading `\`
 * (PHP resolves class names case-insensitively). A
 * front-end reads such a reference where it reads a model literal, as the model id it stands for.
 */
export type ModelConstants = ReadonlyMap<string, ModelConstantClass>;

export interface ModelConstantClass {
  /** constant: `Class::NAME` (Go: `pkg.Name`); enum: `Class::Case`, `Class::Case->value` or `Class::Case->getModelName()`. */
  form: 'constant' | 'enum';
  /** Go: the package name its import path is written under when the import gives none (`openai` for go-openai). */
  name?: string;
  /** Constant or case name (case-sensitive) → model id. */
  models: ReadonlyMap<string, string>;
}

/** The key of a model name given as a call's positional argument (`openai('gpt-4o')`). */
export const MODEL_CALL_KEY = 'model';

/**
 * The key of a literal a PHP source assigns to a `->model` property (`$config->model = 'gpt-4o';`,
 * LLPhant's configs), told apart from the `'model' =>` key because any class may have a `model`
 * property: the inventory keeps it only in a file that imports an AI package.
 */
export const PHP_PROPERTY_MODEL_KEY = '->model';

/**
 * The key of a literal a PHP source assigns to a `->url` property (`$config->url = '…';`, LLPhant's
 * configs: the client's base URL). Any class may have a `url` property, but a base URL only re-points
 * the AI clients the same file imports: in a file with none, the key changes nothing (its AI host is
 * an endpoint either way).
 */
export const PHP_PROPERTY_BASE_URL_KEY = '->url';
