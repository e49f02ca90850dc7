/**
 * The Shadow-AI inventory of the whole tree, from the facts the sdk detectors collected per file:
 * - one `library` component per AI package and version, with its purl (PEP 503 names for PyPI),
 *   the version from the lockfile when there is one (else the declared range as a property), and
 *   an occurrence for every manifest line and every import site;
 * - `sdk/undeclared-dependency` (info) for an AI package imported but declared nowhere, or
 *   declared but never imported;
 * - one `service` component per AI provider endpoint seen in code or config (host and path, no
 *   query), with the model names passed to SDK calls and the env-var names that point at it;
 *   a provider used through its SDK gets its service even when no URL is written;
 * - one `mcp-server` component per MCP server in an agent config, with `mcp/unpinned-server` and
 *   `mcp/insecure-transport` findings;
 * - `sdk/unapproved-provider` when the config lists allowed providers or denied packages.
 */
import type { SecretFacts } from '../detectors/secrets.js';
import { reportedAt, siteAt } from '../detectors/finding.js';
import { isInstallKind } from '../lang/installs.js';
import { PackageURL } from 'packageurl-js';
import type { FileAnalysis } from '../detectors/types.js';
import type { HfFacts } from '../detectors/hf/index.js';
import type { SdkFacts, SourceLang } from '../detectors/sdks/index.js';
import { imageSiteEntry, installedPackage, unpackImage, unpackImport, unpackString } from '../detectors/sdks/index.js';
import { deniedImage, familiarName, siteImage, type ImageRef, type SiteImage } from '../lang/images.js';
import { CLIENT_OPTION_BASE_KEYS, clientOf, isBedrockModelId, isVertexModelId, PUBLIC_ENV_PREFIX, sdkCatalog, UNLISTED_BASE_KEYS, type SdkCatalog, type SdkPackage } from '../detectors/sdks/catalog.js';
import { isManifest, resolveVersions } from '../lang/manifests/index.js';
import { pomParents } from '../lang/manifests/maven.js';
import semver from 'semver';
import { insideInstallDir } from '../lang/manifests/installed.js';
import { parseCondaSpec } from '../lang/manifests/conda.js';
import { isCommitSha } from '../lang/actions.js';
import { ownCodeOut } from './own-code.js';
import { placeAbsoluteMembers, swiftProjectFolders } from '../lang/manifests/swift.js';
import { dirName } from '../lang/manifests/common.js';
import { FETCHING_LAUNCHERS, mcpServerRefs, type McpLauncher, unpinnedPackages } from '../lang/mcp-config.js';
import { ambiguousAuthority } from '../lang/urls.js';
import { registryMayProvide, swiftPackageId } from '../lang/swift-package.js';
import { npmNameOfJsr } from '../lang/npm-specifier.js';

/** JSR's npm-compatible registry (https://jsr.io/docs/npm-compatibility). */
const JSR_NPM_REGISTRY = 'https://npm.jsr.io';
import { secretsCatalog } from '../secrets/catalog.js';
import { displayUrl, maskPathTokens, scrubSecrets } from '../secrets/redact-args.js';
import { hubRepoOfUrl } from '../hf/types.js';
import { PHP_PROPERTY_BASE_URL_KEY, type DeclaredDependency, type Ecosystem, type ImportSite, type StringSite } from '../lang/types.js';
import { rule, type RuleSet } from '../rules/load.js';
import { isApiClient, type Component, type Finding, type Location } from '../types.js';
import { fingerprint } from '../util/hash.js';

/** Where a declaration's code comes from when it is not the name's own registry release (Composer). */
type Origin = Pick<DeclaredDependency, 'providedBy' | 'vcsUrl' | 'repositoryUrl' | 'downloadUrl'>;

/** The purl qualifiers of a Composer origin: `vcs_url`, `repository_url`, `download_url` (purl spec), those it has. */
function originQualifiers(o: Origin): Record<string, string> | undefined {
  const q: Record<string, string> = {};
  if (o.downloadUrl !== undefined) q.download_url = o.downloadUrl;
  if (o.repositoryUrl !== undefined) q.repository_url = o.repositoryUrl;
  if (o.vcsUrl !== undefined) q.vcs_url = o.vcsUrl;
  return Object.keys(q).length > 0 ? q : undefined;
}

export interface AiPolicy {
  allowedProviders?: string[];
  deniedPackages?: string[];
}

const LANG_ECO: Record<SourceLang, Ecosystem> = { js: 'npm', python: 'pypi', go: 'golang', java: 'maven', csharp: 'nuget', rust: 'cargo', ruby: 'gem', php: 'composer', dart: 'pub', swift: 'swift' };

/** PEP 503 for PyPI; ecosystems with case-insensitive names lower-cased (gems compared so too); Swift packages by repository. */
export function normalizeName(eco: Ecosystem, name: string): string {
  if (eco === 'pypi') return name.toLowerCase().replace(/[-_.]+/g, '-');
  if (eco === 'nuget' || eco === 'gem' || eco === 'composer' || eco === 'cocoapods' || eco === 'githubactions') return name.toLowerCase();
  // A Swift package is its repository: https://github.com/MacPaw/OpenAI.git and git@github.com:macpaw/openai are one.
  if (eco === 'swift') return (swiftPackageId(name) || name).toLowerCase();
  return name;
}

export function purlOf(eco: Ecosystem, name: string, version?: string, module?: string, origin: Origin = {}): string {
  const v = version || undefined;
  // A Go package of a module (github.com/tmc/langchaingo/llms/openai): the module, the package as its subpath.
  if (eco === 'golang' && module && name.startsWith(`${module}/`)) {
    const i = module.lastIndexOf('/');
    return new PackageURL('golang', i > 0 ? module.slice(0, i) : undefined, i > 0 ? module.slice(i + 1) : module, v, undefined, name.slice(module.length + 1)).toString();
  }
  switch (eco) {
    case 'npm': {
      const [ns, n] = name.startsWith('@') ? [name.slice(0, name.indexOf('/')), name.slice(name.indexOf('/') + 1)] : [undefined, name];
      return new PackageURL('npm', ns, n, v, undefined, undefined).toString();
    }
    case 'jsr': {
      // The purl spec has no JSR type: the npm identity of the same artifact, as JSR's npm registry
      // serves it (`npx jsr add` installs it so): pkg:npm/%40jsr/openai__openai@4.96.0?repository_url=https%3A%2F%2Fnpm.jsr.io.
      const n = npmNameOfJsr(name);
      return new PackageURL('npm', '@jsr', n.slice('@jsr/'.length), v, { repository_url: JSR_NPM_REGISTRY }, undefined).toString();
    }
    case 'golang': {
      const i = name.lastIndexOf('/');
      return new PackageURL('golang', i > 0 ? name.slice(0, i) : undefined, i > 0 ? name.slice(i + 1) : name, v, undefined, undefined).toString();
    }
    case 'maven': {
      const [g, a] = name.includes(':') ? name.split(':', 2) : [undefined, name];
      return new PackageURL('maven', g, a ?? name, v, undefined, undefined).toString();
    }
    case 'gem':
      // The gem's name as published (the manifest's spelling): pkg:gem/ruby-openai@7.3.1.
      return new PackageURL('gem', undefined, name, v, undefined, undefined).toString();
    case 'composer': {
      // pkg:composer/openai-php/client@0.10.3: the vendor is the namespace, lower-case (Packagist's names).
      // Not Packagist's release: the spec's vcs_url (a version control repository), repository_url
      // (another Composer repository) or download_url (an archive) qualifier says where from.
      const n = name.toLowerCase();
      const i = n.indexOf('/');
      return new PackageURL('composer', i > 0 ? n.slice(0, i) : undefined, i > 0 ? n.slice(i + 1) : n, v, originQualifiers(origin), undefined).toString();
    }
    case 'cocoapods': {
      // pkg:cocoapods/GoogleUtilities@8.0.2#NSData+zlib: a subspec is the purl's subpath.
      const i = name.indexOf('/');
      return new PackageURL('cocoapods', undefined, i > 0 ? name.slice(0, i) : name, v, undefined, i > 0 ? name.slice(i + 1) : undefined).toString();
    }
    case 'swift': {
      // pkg:swift/github.com/MacPaw/OpenAI@0.2.4: the namespace is the host and owner, the name the repository.
      // packageurl-js requires a version for this type (the purl spec's older text): with none, it throws
      // and the component is listed without a purl.
      const id = swiftPackageId(name) || name;
      const i = id.lastIndexOf('/');
      return new PackageURL('swift', i > 0 ? id.slice(0, i) : undefined, i > 0 ? id.slice(i + 1) : id, v, undefined, undefined).toString();
    }
    case 'githubactions': {
      // pkg:githubactions/anthropics/claude-code-action@v1: the owner is the namespace, the ref the
      // version; lower case, as GitHub's names are case-insensitive.
      const n = name.toLowerCase();
      const i = n.indexOf('/');
      return new PackageURL('githubactions', i > 0 ? n.slice(0, i) : undefined, i > 0 ? n.slice(i + 1) : n, v, undefined, undefined).toString();
    }
    // pkg:pub/google_generative_ai@0.4.6 (the default below): pub names are lower-case already.
    default:
      return new PackageURL(eco === 'cargo' ? 'cargo' : eco, undefined, normalizeName(eco, name), v, undefined, undefined).toString();
  }
}

interface Lib {
  eco: Ecosystem;
  name: string;
  pkg: SdkPackage;
  version?: string;
  ranges: Set<string>;
  /** Manifest lines that declare it. */
  declared: Location[];
  /** Lockfile lines that hold it with no manifest declaring it there: another package's dependency. */
  locked: Location[];
  /** Installed copies in the tree (DeclaredDependency.installed, .installedAt): their metadata files. */
  installed: Location[];
  /** The pip constraints lines that gave a declaration its version (DeclaredDependency.pinnedAt), and their files. */
  pinned: Location[];
  constraints: Set<string>;
  /**
   * The folders of those declarations and lockfile lines: a file's own, or for a Deno import map's
   * entry the folder of the deno.json that names the map (DeclaredDependency.importer). An import
   * joins the versions of the nearest one above it.
   */
  dirs: Set<string>;
  imported: Location[];
  importKinds: Set<ImportSite['kind']>;
  lockfiles: Set<string>;
  scopes: Set<string>;
  /** PyPI: the dependency groups and extras its declarations and lock entries name (DeclaredDependency.groups, .extras). */
  groups: Set<string>;
  extras: Set<string>;
  /**
   * NuGet: the MSBuild conditions its declarations hold under (DeclaredDependency.condition), and
   * whether one holds unconditionally (then it is declared whatever the conditions).
   */
  conditions: Set<string>;
  unconditional: boolean;
  typeOnly: boolean;
  /**
   * A prefix entry's whole group (`dev.langchain4j`), imported in code that names no artifact and
   * declared in no manifest: no artifact, so no purl.
   */
  group?: boolean;
  /**
   * The dependency aliases it is declared under (`ai-v5` for `"ai-v5": "npm:ai@5.0.97"`; Cargo's
   * with `_` for `-`), and whether a declaration or lockfile line names it by its own name: an
   * import through an alias joins the declarations under that alias, one by the package's own
   * name those under its own name (ImportSite.alias).
   */
  aliases: Set<string>;
  plain: boolean;
  /** Swift registry identities (`macpaw.OpenAI`, SE-0292) whose declarations are among `declared`. */
  registryIds?: Set<string>;
  /** The BOMs (`name@version`) that gave the version (DeclaredDependency.bom, the catalog's `boms`). */
  boms?: Set<string>;
  /** Composer: the locked package that holds this one's code (DeclaredDependency.providedBy), and where the code was read from (vcsUrl, repositoryUrl, downloadUrl). */
  providedBy?: NonNullable<DeclaredDependency['providedBy']>;
  vcsUrl?: string;
  repositoryUrl?: string;
  downloadUrl?: string;
}

/**
 * The providers a source file's clients call, one set per import (LLM API and local inference
 * packages, and the framework integrations marked `client`: langchain-openai,
 * llama-index-llms-ollama; for a package with client names, those of the names the file uses:
 * openai's AzureOpenAI is Azure OpenAI's), leaving out clients that route by the model name
 * (`routes` in the catalog's providers: litellm, LangChain's core, the AI SDK).
 */
function clientProviders(c: SdkCatalog, f: SdkFacts, routing: Set<string>, servers: Set<string>, hubs: Set<string>, routes: ClientRoutes | undefined): Set<string>[] {
  const out: Set<string>[] = [];
  for (const { lang, site } of (f.imports ?? []).map(unpackImport)) {
    const pkg = importedPackage(c, lang, site);
    if (!pkg) continue;
    // A framework package that is no client itself calls a provider where the file uses one of its
    // client names (langchain-community's AzureChatOpenAI).
    const routed = routes?.get(pkg);
    if (clientOf(pkg) === undefined) out.push(new Set(routed ?? []));
    // A local runtime with no server of its own (onnxruntime, llama.cpp's bindings, Core ML) runs
    // the model in the process: no vendor's API serves it.
    else if (clientOf(pkg) === 'local' && routed === undefined && !servers.has(pkg.provider) && !hubs.has(pkg.provider)) out.push(new Set([IN_PROCESS]));
    else if (!routing.has(pkg.provider)) out.push(new Set(routed ?? [pkg.provider]));
  }
  return out;
}

/**
 * The provider of each client name a file imports by name (`from langchain_ollama import
 * OllamaLLM`, `import { ChatOpenAI } from '@langchain/openai'`): the package's client name route
 * (SdkPackage.clientNames) or its own provider; none for a package that routes by model name.
 */
function importedClientProviders(c: SdkCatalog, f: SdkFacts, routing: Set<string>): Map<string, string> {
  const out = new Map<string, string>();
  for (const entry of f.callees ?? []) {
    const [n, eco, name] = entry.split('\t') as [string, Ecosystem, string];
    const pkg = c.byPackage(eco, name);
    if (!pkg || routing.has(pkg.provider)) continue;
    const p = pkg.clientNames !== undefined && Object.hasOwn(pkg.clientNames, n) ? pkg.clientNames[n] : pkg.provider;
    if (p !== undefined) out.set(n, p);
  }
  return out;
}

/**
 * The providers a source file sends model calls to: the AI hosts it names when it names any (a
 * base URL decides where an SDK's calls go), else those its clients call (clientProviders). Empty
 * when the file gives no sign.
 */
function servingProviders(hosts: Set<string>, clients: Set<string>[]): Set<string> {
  return hosts.size ? hosts : new Set(clients.flatMap((s) => [...s]));
}

/**
 * The providers of a file's clients that the AI hosts it names do not re-target: where one client
 * already calls a named host (openai's AzureOpenAI given its Azure endpoint), the host is that
 * client's, and a client that calls none of them (langchain-anthropic's ChatAnthropic beside it)
 * still calls its own provider. Where no client calls a named host, the host is a base URL given
 * to the file's clients (the OpenAI SDK pointed at api.deepseek.com): none is independent.
 */
function independentProviders(hosts: Set<string>, clients: Set<string>[], hostCalled: boolean, rebased: ReadonlySet<string>): Set<string> {
  const out = new Set<string>();
  // Where the calls the URLs are given to are known (rebasedClientProviders: a Java builder chain's
  // `.baseUrl(…)`), the file's other clients are not re-targeted either.
  if (!hosts.size || (!hostCalled && !rebased.size)) return out;
  for (const s of clients) if (![...s].some((p) => hosts.has(p))) for (const p of s) if (p !== IN_PROCESS && !rebased.has(p)) out.add(p);
  return out;
}

/**
 * The providers of the clients a file gives another provider's AI host as their base URL, by the
 * call the URL is given to (`OpenAI(base_url="https://generativelanguage.googleapis.com/…")`): those
 * clients call that host, not their own provider, whatever other client calls it too.
 */
function rebasedClientProviders(strings: readonly StringSite[], hostOfs: readonly ({ provider: string } | undefined)[], byCallee: () => Map<string, string>): Set<string> {
  const out = new Set<string>();
  strings.forEach((s, i) => {
    const h = hostOfs[i];
    if (h === undefined || s.key === undefined || s.via === undefined || !BASE_URL_KEYS.has(s.key)) return;
    const p = byCallee().get(s.via);
    if (p !== undefined && p !== h.provider) out.add(p);
  });
  return out;
}

/** Which call a site is an argument of (StringSite.call; a notebook's are placed in their cells already, `<cell>/<line>:<column>`). */
function callOf(s: StringSite): string | undefined {
  return s.call === undefined ? undefined : s.call.includes('/') ? s.call : `${s.cell ?? ''}:${s.call}`;
}

/**
 * The AI hosts a file gives its calls as base URLs, by call (callOf: the provider of the host), and
 * the clients (`via`) given one in some call: a model given to one of those calls goes to its host.
 * Undefined when the file gives none. A tracing or vector store's host (`noModels`) serves no model.
 * `global`: the file names an AI host that is no call's base URL as well.
 */
function callBases(strings: readonly StringSite[], hostOfs: readonly ({ provider: string } | undefined)[], noModels: ReadonlySet<string>): CallBases | undefined {
  let out: CallBases | undefined;
  let global = false;
  strings.forEach((s, i) => {
    const h = hostOfs[i];
    if (h === undefined || noModels.has(h.provider)) return;
    const call = callOf(s);
    if (call === undefined || s.via === undefined || s.key === undefined || !BASE_URL_KEYS.has(s.key)) {
      global = true;
      return;
    }
    out ??= { hosts: new Map(), vias: new Set(), global: false };
    out.hosts.set(call, h.provider);
    out.vias.add(s.via);
  });
  if (out !== undefined) out.global = global;
  return out;
}

/** callBases: the base URLs by call, the clients given one, and whether the file names an AI host given to no call (a constant, a config value). */
interface CallBases {
  hosts: Map<string, string>;
  vias: Set<string>;
  global: boolean;
}

/** An app-wide base URL (rules/sdk.yaml appClientConfigs): the app's root, the package, and the setting's site in its config file. */
interface AppBase {
  root: string;
  ecosystem: Ecosystem;
  package: string;
  path: string;
  site: StringSite;
}

/**
 * The app-wide base URLs of the tree's config files: Laravel's config/openai.php `base_uri`, a Rails
 * initializer's `config.uri_base` where the initializer uses ruby-openai. Only a value that is an AI
 * host, listed or not.
 */
function appClientBases(c: SdkCatalog, facts: readonly { path: string; f: SdkFacts }[]): AppBase[] {
  const out: AppBase[] = [];
  for (const { path, f } of facts) {
    const cfg = c.appClientConfig(path);
    if (cfg === undefined || !f.strings?.length) continue;
    // An initializer configures the package it uses (`OpenAI.configure`), not another one's client.
    const uses = (f.imports ?? []).some((p) => {
      const { lang, site } = unpackImport(p);
      return importedPackage(c, lang, site)?.name === cfg.package;
    });
    if (cfg.uses && !uses) continue;
    for (const site of f.strings.map(unpackString)) {
      if (site.key === undefined || !cfg.keys.includes(site.key) || (c.hostOf(site.value) ?? c.unlistedHost(site.value)) === undefined) continue;
      out.push({ root: cfg.root, ecosystem: cfg.ecosystem, package: cfg.package, path, site });
      break;
    }
  }
  return out;
}

/**
 * A file's string sites, with the app-wide base URL of its app (the deepest root holding it) given
 * at its first import of the configured package, where the file uses that package and names no AI
 * host of its own: the client it makes calls the configured host.
 */
function withAppBase(c: SdkCatalog, bases: readonly AppBase[], path: string, f: SdkFacts, strings: StringSite[]): StringSite[] {
  if (!bases.length || !f.imports?.length) return strings;
  const mine = bases.filter((b) => b.path !== path && (b.root === '' || path.startsWith(`${b.root}/`))).sort((a, b) => b.root.length - a.root.length);
  if (!mine.length || strings.some((s) => c.hostOf(s.value) !== undefined)) return strings;
  for (const b of mine) {
    const at = (f.imports ?? []).map(unpackImport).find(({ lang, site }) => importedPackage(c, lang, site)?.name === b.package);
    if (at === undefined) continue;
    const line = at.site.cell === undefined ? at.site.line : at.site.fileLine;
    return [...strings, { value: b.site.value, key: b.site.key, line: line ?? 1, column: at.site.column ?? 1 }];
  }
  return strings;
}

/** servingProviders' mark for a local runtime that serves models in the process (no service). */
const IN_PROCESS = '\u0000in-process';


function importedPackage(c: SdkCatalog, lang: SourceLang, site: ImportSite): SdkPackage | undefined {
  return isInstallKind(site.kind) ? installedPackage(c, site) : c.byImport(lang, site.specifier);
}

/** Per package with client names that a file imports, the providers of the client names it uses (when it uses any). */
type ClientRoutes = Map<SdkPackage, Set<string>>;

/**
 * A file's client routes (SdkPackage.clientNames): `from openai import AzureOpenAI` sends the
 * openai package's calls in that file to azure-openai; with OpenAI imported too, to both. A
 * package whose client names the file does not use has no route: its own provider.
 */
function clientRoutes(c: SdkCatalog, f: SdkFacts): ClientRoutes | undefined {
  let routes: ClientRoutes | undefined;
  let settings: StringSite[] | undefined;
  for (const { lang, site } of (f.imports ?? []).map(unpackImport)) {
    // Module settings of the package the file assigns (openai < 1.0: `openai.api_type = "azure"`).
    const configured = !isInstallKind(site.kind) ? importedPackage(c, lang, site) : undefined;
    if (configured?.configRoutes) {
      settings ??= (f.strings ?? []).map(unpackString).filter((s) => s.key !== undefined);
      for (const s of settings) {
        const to = configured.configRoutes[s.key as string]?.[s.value.trim().toLowerCase()];
        if (to === undefined) continue;
        routes ??= new Map();
        (routes.get(configured) ?? routes.set(configured, new Set()).get(configured))?.add(to);
      }
    }
    const pkg = site.names ? importedPackage(c, lang, site) : undefined;
    const known = pkg?.clientNames;
    if (!pkg || !known) continue;
    for (const n of site.names ?? []) {
      const p = Object.hasOwn(known, n) ? known[n] : undefined;
      if (p === undefined) continue;
      routes ??= new Map();
      (routes.get(pkg) ?? routes.set(pkg, new Set()).get(pkg))?.add(p);
    }
  }
  return routes;
}

/**
 * Keys whose value is where a client sends its calls: `OpenAI({ baseURL })`, `OpenAI(base_url=)`;
 * Go `config.BaseURL = …`, `option.WithBaseURL(…)`; Java `.baseUrl(…)`, `.withBaseUrl(…)`; Azure
 * OpenAI's resource endpoint (`azure_endpoint=`, LangChain.js `azureOpenAIEndpoint`,
 * `azureOpenAIBasePath`), which a client factory of the project's own may be given too; Ruby
 * ruby-openai's `uri_base:` and RubyLLM's `config.openai_api_base = …` (and its ollama_, openrouter_
 * and gpustack_ forms); PHP openai-php's `->withBaseUri('…')`, a `'base_uri' =>` option and LLPhant's
 * `$config->url = '…';` (PHP_PROPERTY_BASE_URL_KEY: any class's `url`, but it re-points only the
 * AI clients its own file imports);
 * C# `endpoint:` (Semantic Kernel, Azure OpenAI) and the OpenAI .NET library's
 * `OpenAIClientOptions.Endpoint`, the key the C# front-end gives only an `Endpoint` set on that
 * type (a bare `Endpoint` names too many things, and the URL scan keys any `Endpoint = "…"`), and
 * `BaseAddress`, HttpClient's base URL, however set (`new HttpClient { BaseAddress = new Uri(…) }`);
 * Rust async-openai's `.with_api_base(…)`, openai-api-rs's `.with_endpoint(…)` and rig's
 * `.base_url(…)`.
 */
const BASE_URL_KEYS: ReadonlySet<string> = new Set(['baseURL', 'baseUrl', 'base_url', 'apiBase', 'api_base', 'endpoint', 'BaseURL', 'WithBaseURL', 'withBaseUrl', 'azure_endpoint', 'azureOpenAIEndpoint', 'azureOpenAIBasePath', 'uri_base', 'base_uri', 'baseUri', 'withBaseUri', 'OpenAIClientOptions.Endpoint', 'BaseAddress', 'with_api_base', 'with_endpoint', 'api_url', PHP_PROPERTY_BASE_URL_KEY, 'openai_api_base', 'ollama_api_base', 'openrouter_api_base', 'gpustack_api_base', 'serverURL', 'server_url', 'api_base_url', 'host']);

/** Endpoints listed per service; the count of the others is a property. */
const MAX_ENDPOINTS = 100;
/** Files listed per service (lantern:files); the count of the others is a property. */
const MAX_FILES = 100;

function treeFinding(rules: RuleSet, ruleId: string, at: Location, key: string, message: string, componentRef?: string): Finding {
  const r = rule(ruleId, rules);
  const { location, properties } = reportedAt(at);
  const f: Finding = { ruleId, severity: r.severity, message, location, fingerprint: fingerprint(ruleId, location.path, key) };
  if (componentRef) f.componentRef = componentRef;
  if (Object.keys(properties).length) f.properties = properties;
  return f;
}

export function sdkInventory(
  analyses: FileAnalysis[],
  rules: RuleSet,
  policy: AiPolicy = {},
  /** Providers of keys found only in git history (their services exist too). */
  historyKeys: { provider: string; path: string; line: number; column: number }[] = [],
  /**
   * The scanned tree: its root's absolute paths (as given, as the file system resolves it) and
   * every file's path, where Xcode workspaces' absolute entries are placed (placeAbsoluteMembers);
   * without paths, the files with facts.
   */
  tree: { roots?: readonly string[]; paths?: readonly string[] } = {},
): { components: Component[]; findings: Finding[] } {
  const c: SdkCatalog = sdkCatalog(rules);
  const secrets = secretsCatalog(rules);
  const routing = new Set(c.providers.filter((p) => p.routes).map((p) => p.id));
  const servers = new Set(c.providers.filter((p) => p.server).map((p) => p.id));
  const ownModels = new Set(c.providers.filter((p) => p.ownModels).map((p) => p.id));
  const noModels = new Set(c.providers.filter((p) => p.noModels).map((p) => p.id));
  // The providers with an API of their own (a catalogued host): not a framework's or agent's.
  const apiProviders = new Set(c.hosts.map((h) => h.provider));
  // The model calls the catalog knows, in the languages whose calls have their place (StringSite.call).
  const modelCallNames = new Set([...(c.modelCalls('python')?.names ?? []), ...(c.modelCalls('js')?.names ?? [])]);
  // Providers of a model hub (modelProviderPrefixes with `hub`: Hugging Face's): local runtimes
  // download weights from it, so a model of it stays its service's.
  const hubs = new Set(c.modelProviderPrefixes.filter((p) => p.hub === true).map((p) => p.provider));
  const withFacts = analyses.filter((a) => a.facts.sdk).map((a) => ({ path: a.file.path, f: a.facts.sdk as SdkFacts }));
  // The Hub repositories each file downloads to run itself (src/hf: `from_pretrained(MODEL_ID)`,
  // transformers.js's `pipeline(task, MODEL)`, a training config's `base_model:`): a model string of
  // the file that names one is that download, not a model an API serves. The Inference API's
  // clients (`inference.*` pulls: InferenceClient) do call a service.
  const pulledIds = new Map<string, Set<string>>();
  // The same by line, with the name as the code may write it: a bare `all-MiniLM-L6-v2` that the
  // Hub resolves to `sentence-transformers/all-MiniLM-L6-v2` (`HuggingFaceEmbeddings(model_name=…)`).
  const pulledAt = new Map<string, Set<string>>();
  for (const a of analyses) {
    const hf = a.facts.hf as HfFacts | undefined;
    for (const p of hf?.pulls ?? []) {
      if (p.id === undefined || p.localPath !== undefined || p.via.startsWith('inference.')) continue;
      (pulledIds.get(a.file.path) ?? pulledIds.set(a.file.path, new Set()).get(a.file.path))?.add(p.id);
      const at = pulledAt.get(a.file.path) ?? pulledAt.set(a.file.path, new Set()).get(a.file.path);
      at?.add(`${p.line}\u0000${p.id.toLowerCase()}`);
      at?.add(`${p.line}\u0000${p.id.slice(p.id.lastIndexOf('/') + 1).toLowerCase()}`);
    }
  }
  const facts = ownCodeOut(c, withFacts, tree.paths ?? withFacts.map((x) => x.path));
  const components: Component[] = [];
  const findings: Finding[] = [];

  // --- libraries: declared (with lockfile versions per folder), then imports attached ---
  // BOMs before resolveVersions (a pom's import pins are central definitions it consumes) and after
  // it (a Gradle platform(libs.x) is a BOM once its catalog accessor is resolved).
  const workspaces = placeAbsoluteMembers(
    facts.flatMap((x) => (x.f.workspace ? [x.f.workspace] : [])),
    { ...(tree.roots ? { roots: tree.roots } : {}), folders: swiftProjectFolders(tree.paths ?? facts.map((x) => x.path)) },
  );
  const parentPoms = pomParents(workspaces);
  // The tree's own poms by coordinates: a BOM one of them is (an in-repo `acme-bom` module) pins what it manages.
  const pomsByCoordinates = new Map(workspaces.flatMap((w) => (w.ecosystem === 'maven' && w.coordinates !== undefined ? [[w.coordinates.toLowerCase(), w.path] as const] : [])));
  const declared: (DeclaredDependency & { fromBom?: string })[] = bomVersions(
    c,
    resolveVersions(bomVersions(c, pinned(facts.flatMap((x) => x.f.declared ?? []), facts.flatMap((x) => x.f.pins ?? [])), parentPoms, pomsByCoordinates), workspaces),
  );
  const libs = new Map<string, Lib>();
  // A package held by another one (a fork's replace) or read from a repository is another component than its Packagist release.
  const keyOf = (eco: Ecosystem, name: string, version?: string, origin: Origin = {}) =>
    `${eco}\u0000${normalizeName(eco, name)}\u0000${version ?? ''}\u0000${origin.providedBy ? `${origin.providedBy.name.toLowerCase()}@${origin.providedBy.version ?? ''}` : ''}\u0000${origin.vcsUrl ?? ''}\u0000${origin.repositoryUrl ?? ''}\u0000${origin.downloadUrl ?? ''}`;
  const lib = (eco: Ecosystem, name: string, pkg: SdkPackage, version?: string, origin: Origin = {}): Lib => {
    const k = keyOf(eco, name, version, origin);
    let l = libs.get(k);
    if (!l) {
      l = emptyLib(eco, name, pkg);
      if (version) l.version = version;
      if (origin.providedBy) l.providedBy = origin.providedBy;
      if (origin.vcsUrl) l.vcsUrl = origin.vcsUrl;
      if (origin.repositoryUrl) l.repositoryUrl = origin.repositoryUrl;
      if (origin.downloadUrl) l.downloadUrl = origin.downloadUrl;
      libs.set(k, l);
    }
    return l;
  };
  const registryDecls: DeclaredDependency[] = [];
  for (const d of declared) {
    if (d.registry === true) {
      registryDecls.push(d);
      continue;
    }
    // A BOM (a Gradle platform(); a pom's `<scope>import</scope>` is a pin already) only versions
    // other artifacts: it has no code to use, and bomVersions gave its version to its members.
    if (d.bom === true) continue;
    const pkg = c.byPackage(d.ecosystem, d.name);
    if (!pkg) continue;
    const l = lib(d.ecosystem, d.name, pkg, d.version, d);
    if (d.range) l.ranges.add(d.range);
    if (d.alias !== undefined && d.alias !== d.name) l.aliases.add(aliasKey(d.ecosystem, d.alias));
    else l.plain = true;
    // An installed copy declares nothing; a lockfile entry no manifest took (resolveVersions) is only locked, not declared.
    const at: Location = d.line !== undefined ? { path: d.path, line: d.line } : { path: d.path };
    (d.installed === true ? l.installed : d.lockfile !== undefined && d.path === d.lockfile ? l.locked : l.declared).push(at);
    if (d.installedAt !== undefined) addLocations(l.installed, [d.installedAt]);
    if (d.pinnedAt !== undefined) {
      addLocations(l.pinned, [d.pinnedAt]);
      l.constraints.add(d.pinnedAt.path);
    }
    l.dirs.add(d.path !== d.lockfile && d.importer !== undefined ? d.importer : dirName(d.path));
    if (d.lockfile) l.lockfiles.add(d.lockfile);
    if (d.scope) l.scopes.add(d.scope);
    for (const g of d.groups ?? []) l.groups.add(g);
    for (const e of d.extras ?? []) l.extras.add(e);
    if (d.condition !== undefined) l.conditions.add(d.condition);
    else l.unconditional = true;
    if (d.fromBom !== undefined) (l.boms ??= new Set()).add(d.fromBom);
  }
  const pendingRegistry = registryLibs(c, registryDecls);
  // Declared PyPI packages of a prefix family (llama-index-llms-foo, openinference-instrumentation-x)
  // by their squashed names: a Python import whose dotted path squashes to one (llama_index.llms.foo)
  // is that package's, whatever shorter import name the catalog gives the family.
  const familyLibs = new Map<string, { pkg: SdkPackage; name: string }>();
  for (const l of libs.values()) if (l.eco === 'pypi' && l.pkg.prefix === true && l.declared.length) familyLibs.set(squashName(l.name), { pkg: l.pkg, name: l.name });
  // Import sites, as evidence: a manifest that is also code (setup.py) has both its lines and these.
  const importSites = new Set<Location>();
  // A manifest's or lockfile's line declares a package and calls nothing; an import site calls, in whatever file.
  const manifestLine = (e: Location): boolean => isManifest(e.path) && !importSites.has(e);
  for (const { path, f } of facts) {
    for (const { lang, site } of (f.imports ?? []).map(unpackImport)) {
      const eco: Ecosystem = site.kind === 'pip-install' ? 'pypi' : site.kind === 'npm-install' ? 'npm' : site.kind === 'conda-install' ? 'conda' : LANG_ECO[lang];
      const family = lang === 'python' && familyLibs.size ? familyOf(familyLibs, site.specifier) : undefined;
      const pkg = family?.pkg ?? importedPackage(c, lang, site);
      if (!pkg) continue;
      // A Java or C# import of a prefix entry (dev.langchain4j.*) names the group, not an artifact.
      const group = pkg.prefix === true && lang !== 'js' && family === undefined;
      const pkgName = family !== undefined ? family.name : pkg.prefix ? prefixedName(pkg, site.specifier, lang) : lang === 'go' && !pkg.module ? goModule(pkg.name, site.specifier) : pkg.name;
      // The import joins the declared versions of the same package: those of the nearest folder
      // above it that declares one (a monorepo's services pin their own versions), else each. A
      // group's import joins every artifact of the group the manifests declare; an artifact's import
      // joins the artifacts that give the same packages (spring-ai-openai's, its starters'); a Go
      // package of a module (langchaingo's llms/openai) joins the declared module.
      const candidates = [...libs.values(), ...(lang === 'swift' ? pendingRegistry.values() : [])].filter(
          (l) =>
            // A conda install joins conda declarations only: conda-forge's openai is not PyPI's.
            (site.kind !== 'conda-install' || l.eco === 'conda') &&
            ((l.eco === pkg.ecosystem &&
              (group
                ? l.pkg === pkg
                : normalizeName(l.eco, l.name) === normalizeName(pkg.ecosystem, pkg.module ?? pkgName) || (!l.pkg.prefix && !pkg.prefix && l.pkg !== pkg && pkg.imports.length > 0 && sameModules(l.pkg, pkg)))) ||
            (lang === 'python' && l.eco === 'conda' && sameModules(l.pkg, pkg)) ||
            // A C# namespace several packages give (`OpenAI`: the official package's, Betalgo.OpenAI's,
            // OpenAI-DotNet's) is the one's that gives it that a project above the file declares.
            (lang === 'csharp' &&
              l.eco === 'nuget' &&
              pkg.ecosystem === 'nuget' &&
              l.pkg !== pkg &&
              l.pkg.prefix !== true &&
              [...l.dirs].some((d) => d === '' || path.startsWith(`${d}/`)) &&
              sameNamespace(l.pkg, pkg, site.specifier)) ||
            // A bare import of a name that is both an npm and a JSR package (`@mistralai/mistralai`)
            // is the JSR one where an import map maps it to `jsr:` (a `jsr:` import names JSR itself).
            (lang === 'js' && pkg.ecosystem === 'npm' && l.eco === 'jsr' && l.name === pkgName) ||
            // A Swift import of a module a declared pod gives (`import FirebaseAI`, pod 'FirebaseAI').
            (lang === 'swift' && l.eco === 'cocoapods' && l.pkg.imports.includes(site.specifier.split('.')[0] ?? '')) ||
            // A C# namespace a declared package of a prefix family is named for, as NuGet packages
            // are (`using Microsoft.SemanticKernel.Agents;`, package Microsoft.SemanticKernel.Agents.Core).
            (lang === 'csharp' && l.eco === 'nuget' && l.pkg.prefix === true && l.declared.length > 0 && l.name.replace(/\.(?:Core|Abstractions)$/i, '').toLowerCase() === site.specifier.toLowerCase())),
      );
      // An import through an alias joins the declarations under it (`ai-v5` → ai@5), one by the
      // package's own name those under its own name (`ai` → ai@^4), when the tree has both.
      const named = candidates.filter((l) => (site.alias !== undefined ? l.aliases.has(aliasKey(l.eco, site.alias)) : l.plain || l.aliases.size === 0));
      const matches = nearest(named.length ? named : candidates, path);
      // Through a Deno import map, the entry its target names (`npm:openai@^4`) when the map
      // declares the package at other ranges too (a scope's `npm:openai@3.3.0`).
      const ranged = site.range !== undefined ? matches.filter((l) => l.ranges.has(site.range as string)) : [];
      // A registry declaration an import joins is the package's declaration from now on.
      let targets = (ranged.length ? ranged : matches).map((m) => (pendingRegistry.has(m.pkg) && pendingRegistry.get(m.pkg) === m ? takeRegistryLib(m) : m));
      // A Ruby constant used with no require (a Rails app's Bundler-required gem) counts only where a
      // Gemfile declares that gem: elsewhere `OpenAI::Client` is as likely the project's own module.
      if (site.kind === 'ruby-constant') {
        targets = targets.filter((t) => t.declared.length > 0);
        if (targets.length === 0) continue;
      }
      if (pkg.module && targets.length) {
        // The package is a component of its own, at the version of the module that holds it; the
        // import also counts for the module.
        const own = targets.map((m) => {
          const p = lib(pkg.ecosystem, pkg.name, pkg, m.version);
          for (const r of m.ranges) p.ranges.add(r);
          for (const f of m.lockfiles) p.lockfiles.add(f);
          for (const sc of m.scopes) p.scopes.add(sc);
          for (const g of m.groups) p.groups.add(g);
          for (const e of m.extras) p.extras.add(e);
          for (const k of m.conditions) p.conditions.add(k);
          if (m.unconditional) p.unconditional = true;
          addLocations(p.declared, m.declared);
          addLocations(p.locked, m.locked);
          addLocations(p.installed, m.installed);
          addLocations(p.pinned, m.pinned);
          for (const f of m.constraints) p.constraints.add(f);
          for (const dir of m.dirs) p.dirs.add(dir);
          return p;
        });
        targets = [...targets, ...own];
      }
      if (!targets.length) {
        // A conda install is a conda package under its conda name, whichever entry the catalog gave.
        const l = site.kind === 'conda-install' ? lib('conda', parseCondaSpec(site.specifier)?.name ?? pkgName, pkg) : lib(pkg.ecosystem ?? eco, pkgName, pkg);
        if (group) l.group = true;
        targets = [l];
      }
      const loc = siteAt(path, site);
      importSites.add(loc);
      for (const l of targets) {
        l.imported.push(loc);
        l.importKinds.add(site.kind);
        if (!site.typeOnly) l.typeOnly = false;
      }
    }
  }

  /** The registry declarations' lib `m` of a package, into the libs: merged into the package's version-less lib when there is one. */
  function takeRegistryLib(m: Lib): Lib {
    pendingRegistry.delete(m.pkg);
    const k = keyOf(m.eco, m.name);
    const into = libs.get(k);
    if (into === undefined) {
      libs.set(k, m);
      return m;
    }
    addLocations(into.declared, m.declared);
    for (const r of m.ranges) into.ranges.add(r);
    for (const dir of m.dirs) into.dirs.add(dir);
    for (const id of m.registryIds ?? []) (into.registryIds ??= new Set()).add(id);
    return into;
  }

  // Packages that are AI only with more evidence (SdkPackage.confirm) are left out without it.
  const confirmed = new Set(facts.flatMap((x) => x.f.confirmed ?? []));
  for (const [k, l] of libs) {
    const want = l.pkg.confirm;
    if (!want) continue;
    // An install of it (`!pip install datasets`, `RUN pip install datasets`) names the package as a declaration does, pinned or not.
    const installedHere = [...l.importKinds].some((k) => isInstallKind(k));
    const ok = (want.strings !== undefined && confirmed.has(l.pkg.name)) || (want.declared === true && (l.declared.length > 0 || installedHere)) || (want.imported === true && l.imported.length > 0);
    if (!ok) libs.delete(k);
  }

  const serviceOf = new Map<string, Component>(); // provider → its service component
  const pkgOfComp = new Map<Component, SdkPackage>();
  // The libraries the policy is applied to once the files' base URLs are known (below).
  const libPolicy: { comp: Component; pkg: SdkPackage; imported: Location[] }[] = [];
  // The declared packages that bring in another one the code imports (broughtBy): used, though their own names are not imported.
  const bringers = new Set<Lib>();
  const broughtOf = new Map<Lib, Map<Location, Lib>>();
  for (const l of libs.values()) {
    if (!l.imported.length || l.declared.length) continue;
    const b = broughtBy(l, libs.values());
    broughtOf.set(l, b);
    for (const o of b.values()) bringers.add(o);
  }
  for (const l of libs.values()) {
    let purl: string | undefined;
    try {
      // A package another one holds (a fork's replace): the purl names what is installed, that one.
      if (!l.group) purl = l.providedBy ? purlOf(l.eco, l.providedBy.name, l.providedBy.version, undefined, l) : purlOf(l.eco, l.name, l.version, l.pkg.module, l);
    } catch {
      // A name no purl can hold (the manifest readers reject those they know): listed without one.
    }
    const comp: Component = {
      // Two names one fork holds share its purl: each its own ref.
      ref: l.providedBy && purl ? `sdk:${l.eco}:${normalizeName(l.eco, l.name)}:${purl}` : (purl ?? `sdk:${l.eco}:${l.name}`),
      kind: 'library',
      name: l.name,
      ...(purl ? { purl } : {}),
      properties: {
        'lantern:provider': l.pkg.provider,
        'lantern:category': l.pkg.category,
        'lantern:ecosystem': l.eco,
        ...(l.eco === 'jsr' ? { 'lantern:registry': 'jsr.io' } : {}),
        'lantern:declared': String(l.declared.length > 0),
        'lantern:imported': String(l.imported.length > 0),
      },
      evidence: [...l.declared, ...l.locked, ...l.installed, ...l.pinned, ...l.imported],
    };
    if (l.providedBy) {
      // The version is the installed package's; the one its link pins (self.version: the same) a property.
      if (l.providedBy.version) comp.version = l.providedBy.version;
      comp.properties['lantern:provided-by'] = l.providedBy.name;
      comp.properties['lantern:provided-through'] = l.providedBy.link;
      if (l.version) comp.properties['lantern:provided-version'] = l.version;
    } else if (l.version) comp.version = l.version;
    if (l.vcsUrl) comp.properties['lantern:vcs-url'] = scrubSecrets(l.vcsUrl, secrets);
    if (l.repositoryUrl) comp.properties['lantern:repository-url'] = scrubSecrets(l.repositoryUrl, secrets);
    if (l.downloadUrl) comp.properties['lantern:download-url'] = scrubSecrets(l.downloadUrl, secrets);
    // A spec can be a URL with a token in it (git+https://<token>@github.com/...): masked.
    if (l.ranges.size) comp.properties['lantern:declared-range'] = scrubSecrets([...l.ranges].sort().join(', '), secrets);
    if (l.lockfiles.size) comp.properties['lantern:lockfile'] = [...l.lockfiles].sort().join(', ');
    if (l.scopes.size) comp.properties['lantern:scope'] = [...l.scopes].sort().join(', ');
    if (l.groups.size) comp.properties['lantern:dependency-groups'] = scrubSecrets([...l.groups].sort().join(', '), secrets);
    if (l.extras.size) comp.properties['lantern:extras'] = scrubSecrets([...l.extras].sort().join(', '), secrets);
    // Declared only under MSBuild conditions the files do not decide (a Debug-only version, one of several TargetFrameworks).
    if (l.conditions.size && !l.unconditional) comp.properties['lantern:condition'] = scrubSecrets([...l.conditions].sort().join(' | '), secrets);
    if (l.importKinds.size) comp.properties['lantern:import-kinds'] = [...l.importKinds].sort().join(', ');
    if (l.imported.length && l.typeOnly) comp.properties['lantern:type-only'] = 'true';
    if (!comp.version) comp.properties['lantern:version-source'] = l.ranges.size ? 'declared range only' : 'none';
    else if (l.boms?.size) comp.properties['lantern:version-source'] = `bom ${[...l.boms].sort().join(', ')}`;
    if (l.locked.length && !l.declared.length) comp.properties['lantern:transitive'] = 'true';
    // npm: a lockfile whose version the manifest's range does not take (`^5.0.0` declared, 4.52.7
    // locked): the lockfile is stale, and what installs is not what the manifest asks for.
    if (l.eco === 'npm' && comp.version !== undefined && l.lockfiles.size && semver.valid(comp.version) !== null) {
      const version = comp.version;
      const unmet = [...l.ranges].filter((r) => semver.validRange(r) !== null && !semver.satisfies(version, r, { includePrerelease: true }));
      if (unmet.length) comp.properties['lantern:lockfile-stale'] = scrubSecrets(`${unmet.sort().join(', ')} declared, ${version} locked`, secrets);
    }
    if (l.installed.length) comp.properties['lantern:installed'] = 'true';
    if (l.constraints.size) comp.properties['lantern:constraints'] = [...l.constraints].sort().join(', ');
    if (l.group) comp.properties['lantern:package-group'] = 'true';
    if (l.registryIds?.size) comp.properties['lantern:registry-id'] = [...l.registryIds].sort().join(', ');
    // A framework integration that is its provider's client says so (the llm-api and
    // local-inference categories say it themselves), and a tokenizer of those categories that it
    // is none (`none`: tiktoken).
    if (l.pkg.client) comp.properties['lantern:client'] = l.pkg.client;
    components.push(comp);
    pkgOfComp.set(comp, l.pkg);
    // Import sites where a declared package brings this one in as its API are not undeclared.
    const brought = broughtOf.get(l) ?? new Map<Location, Lib>();
    if (brought.size) comp.properties['lantern:brought-in-by'] = [...new Set([...brought.values()].map((b) => b.name))].sort().join(', ');
    // An installed package's own code importing another is that package's dependency, declared in its own metadata.
    const first = l.imported.find((i) => !brought.has(i) && !insideInstallDir(i.path));
    if (l.imported.length && !l.declared.length && first) {
      const why = l.locked[0]
        ? `it is only in ${l.locked[0].path}, as another package's dependency, which may drop or change it`
        : l.installed[0]
          ? `its only version is that of the copy in ${l.installed[0].path}, which no manifest or lockfile reproduces`
          : 'its version is not pinned anywhere';
      // Only installed (a notebook's or a command's `pip install x`, `npm i x`), never imported: say so.
      const how = [...l.importKinds].every((k) => isInstallKind(k)) ? 'is installed without a version' : 'is imported in code';
      findings.push(treeFinding(rules, 'sdk/undeclared-dependency', first, `imported:${l.eco}:${l.name}`, `${l.name} (${l.pkg.provider}) ${how} but declared in no manifest: ${why}.`, comp.ref));
    } else if (l.declared.length && !l.imported.length && !bringers.has(l) && !c.autoconfigured(l.eco, l.name) && hasSourcesFor(facts, l.eco) && l.declared[0]) {
      findings.push(treeFinding(rules, 'sdk/undeclared-dependency', l.declared[0], `declared:${l.eco}:${l.name}`, `${l.name} (${l.pkg.provider}) is declared but never imported in the scanned code.`, comp.ref));
    }
    libPolicy.push({ comp, pkg: l.pkg, imported: l.imported });
    // An AI GitHub Action at a tag or branch: each `uses:` line that names it so.
    if (l.eco === 'githubactions' && !(l.version !== undefined && isCommitSha(l.version))) {
      for (const at of l.declared) {
        const message = `AI GitHub Action ${l.name} (${l.pkg.provider}) is used at ${l.version ?? 'no ref'}, a tag or branch the action's repository can move: a later run may execute other code with this job's secrets.`;
        findings.push(treeFinding(rules, 'sdk/unpinned-action', at, `action:${normalizeName(l.eco, l.name)}@${l.version ?? ''}:${at.line ?? 0}`, message, comp.ref));
      }
    }
  }

  // --- services: endpoints in code/config; providers used through an SDK; models; env vars ---
  const service = (provider: string): Component => {
    let s = serviceOf.get(provider);
    if (!s) {
      s = { ref: `service:${provider}`, kind: 'service', name: `${providerTitle(c, provider)} API`, properties: { 'lantern:provider': provider }, evidence: [] };
      serviceOf.set(provider, s);
    }
    return s;
  };
  const endpoints = new Map<string, Set<string>>();
  const models = new Map<string, Set<string>>();
  // Files whose client is given an AI host as its base URL: the providers their imports still call (the hosts, and independentProviders).
  const rebased = new Map<string, Set<string>>();
  // Files that use a client name of a package (openai's AzureOpenAI): where its calls go there.
  const routesOf = new Map<string, ClientRoutes>();
  const appBases = appClientBases(c, facts);
  for (const { path, f } of facts) {
    const routes = clientRoutes(c, f);
    if (routes) routesOf.set(path, routes);
    const strings = withAppBase(c, appBases, path, f, (f.strings ?? []).map(unpackString));
    let viaProviders: Map<string, string> | undefined;
    const clientByCallee = (): Map<string, string> => (viaProviders ??= importedClientProviders(c, f, routing));
    /** The catalog package a call's name is imported from (SdkFacts.callees), whether or not it is a client. */
    const calleePackage = (via: string): SdkPackage | undefined => {
      const entry = (f.callees ?? []).find((e) => e.startsWith(`${via}\t`));
      const [, eco, name] = entry === undefined ? [] : (entry.split('\t') as [string, Ecosystem, string]);
      return eco !== undefined && name !== undefined ? c.byPackage(eco, name) : undefined;
    };
    // A base URL no catalog host matches, given under its key to an AI client the file imports by
    // name (`new OpenAI({ baseURL: "https://api.llm7.io/v1" })`, `OpenAI(base_url="http://localhost:8081/v1")`):
    // an endpoint the catalog does not list, which that client calls instead of its maker's API.
    // Go's and Rust's client options name no call: the detector kept them only in a file that imports an AI package.
    // A vector store's or tracing client's host (`chromadb.HttpClient(host="localhost")`, `noModels`) is no AI endpoint.
    const aiClient = (via: string): boolean => {
      const p = clientByCallee().get(via);
      if (p !== undefined) return !noModels.has(p);
      // A router's call (`litellm.completion(…, api_base="http://localhost:8000/v1")`).
      return routing.has(calleePackage(via)?.provider ?? '');
    };
    const unlistedAt = (x: StringSite) =>
      x.key !== undefined && ((x.via !== undefined && UNLISTED_BASE_KEYS.has(x.key) && aiClient(x.via)) || (x.via === undefined && CLIENT_OPTION_BASE_KEYS.has(x.key))) ? c.unlistedHost(x.value) : undefined;
    // A server provider's client (Ollama's: ChatOllama, OllamaEmbedding) given a host the catalog does
    // not list calls that provider's server there (`base_url="http://192.168.0.72:11435"`), not an unknown API.
    const unlisted = (x: StringSite) => {
      const u = unlistedAt(x);
      const own = u !== undefined && x.via !== undefined ? clientByCallee().get(x.via) : undefined;
      return u !== undefined && own !== undefined && servers.has(own) ? { ...u, provider: own } : u;
    };
    const hostOfs = strings.map((x) => c.hostOf(x.value) ?? unlisted(x));
    // The providers whose hosts the file names (read only, by both uses below); a tracing or
    // vector store's (`noModels`: LangSmith's LANGSMITH_ENDPOINT beside ChatOpenAI) calls no model.
    const named = new Set(hostOfs.flatMap((h) => (h && !noModels.has(h.provider) ? [h.provider] : [])));
    const clients = clientProviders(c, f, routing, servers, hubs, routes);
    // Whether one of the file's clients already calls a host it names (openai's AzureOpenAI given its endpoint).
    const hostCalled = clients.some((cs) => [...cs].some((p) => named.has(p)));
    const independent = independentProviders(named, clients, hostCalled, rebasedClientProviders(strings, hostOfs, clientByCallee));
    const calls = new Set([...named, ...independent]);
    if (strings.some((s, i) => hostOfs[i] && !noModels.has(hostOfs[i]!.provider) && s.key !== undefined && BASE_URL_KEYS.has(s.key))) rebased.set(path, calls);
    const serving = servingProviders(named, clients);
    // The hosts the file names re-target its clients (no client calls one of them already). Where
    // those hosts serve their own models only (`ownModels`: DeepSeek's, not Azure OpenAI's), a model
    // of another maker whose API does so too, and that a client of the file is for, goes to that
    // maker (a second client: `OpenAiChatModel.builder().modelName("gpt-4o-mini")` beside one given
    // DeepSeek's base URL), which that client then calls.
    const retargeted = named.size > 0 && !hostCalled && [...named].every((p) => ownModels.has(p));
    const clientSet = retargeted ? new Set(clients.flatMap((cs) => [...cs])) : undefined;
    const byCall = callBases(strings, hostOfs, noModels);
    strings.forEach((s, i) => {
      const h = hostOfs[i];
      if (h) {
        const svc = service(h.provider);
        svc.evidence.push(siteAt(path, s));
        (endpoints.get(h.provider) ?? endpoints.set(h.provider, new Set()).get(h.provider))?.add(h.endpoint);
        return;
      }
      const onService = (p: string): void => {
        service(p).evidence.push(siteAt(path, s));
        (models.get(p) ?? models.set(p, new Set()).get(p))?.add(s.value);
      };
      // A model call that names its provider beside the model (Prism's `->using(Provider::Groq,
      // 'llama-3.1-70b-versatile')`): that provider's service, whoever made the model; the call's
      // signature says the string is a model, catalogued name or not.
      const callProvider = s.provider !== undefined ? c.providerNamed(s.provider) : undefined;
      if (callProvider !== undefined) {
        onService(callProvider);
        return;
      }
      const ref = s.key ? c.modelRef(s.value) : undefined;
      if (pulledIds.get(path)?.has(hubRepoOf(s.value)) === true || pulledAt.get(path)?.has(`${s.line}\u0000${s.value.trim().toLowerCase()}`) === true) return;
      // A repository id given to a hub's client (`InferenceClient("HuggingFaceH4/zephyr-7b-beta")`): the hub serves it, whatever its family.
      const hub = ref === undefined && s.via !== undefined ? c.hubClients.get(s.via) : undefined;
      if (hub !== undefined && s.value.includes('/')) {
        onService(hub);
        return;
      }
      if (!ref) return;
      // Given to one call with a base URL (`ChatOpenAI(model="llama3", base_url="http://localhost:11434/v1")`):
      // where that URL points, whoever made the model. Given to a call with none, it goes where it
      // would in a file with no base URL (see `judged`): to an API client's provider where that serves
      // it (`ChatOpenAI(model="gpt-4o")`, `OpenAIEmbeddings(…)`, `ChatGroq(model="llama-3.1-70b-versatile")`),
      // through a framework's or router's client to the model's maker or route (CrewAI's
      // `LLM(model="gpt-4o")`, `litellm.completion(model="groq/…")`); the file then calls that provider too.
      const call = byCall !== undefined && s.via !== undefined ? callOf(s) : undefined;
      if (call !== undefined && byCall !== undefined) {
        const host = byCall.hosts.get(call);
        if (host !== undefined) {
          onService(host);
          return;
        }
        const via = s.via as string;
        // Where every AI host of the file is a base URL given to a call (none is set for all of the
        // file's clients: a constant, a module setting, a config dict), any call without one is
        // judged so; else only those of a client the file gives one in another call.
        const judged = !byCall.global || byCall.vias.has(via);
        const own = judged ? clientByCallee().get(via) : undefined;
        const router = judged && (own !== undefined ? !apiProviders.has(own) && !servers.has(own) : byCall.vias.has(via) && calleePackage(via) !== undefined);
        // An API client's own model, or any model of a client whose API serves other makers' too
        // (ChatGroq's llama-3.1-70b, ChatOllama's llama3 at its default host).
        const serves = own !== undefined && ref.routed !== true && (own === ref.provider || (!ownModels.has(own) && (ref.open === true || !ownModels.has(ref.provider))));
        // A model string that names its route (`dspy.LM("openai/gpt-4o-mini")`, `"anthropic:claude-…"`)
        // given to a call with no base URL, where every host of the file is some call's: that route's provider.
        const cut = s.value.search(/[/:]/);
        // Only a call of a client or model call the catalog knows (not an app's wrapper, `getLLM({ model: "moonshotai/…" })`).
        const known = own !== undefined || modelCallNames.has(via) || calleePackage(via) !== undefined;
        const routeNamed = known && !byCall.global && cut > 0 && c.providerNamed(s.value.slice(0, cut), undefined, true) !== undefined;
        const to = own !== undefined && !router ? (serves ? own : undefined) : router && ref.open !== true ? ref.provider : routeNamed ? ref.provider : undefined;
        if (to !== undefined && to !== IN_PROCESS) {
          calls.add(to);
          onService(to);
          return;
        }
      }
      // A model id string given to a call whose package sends such ids to a provider of its own
      // (SdkPackage.stringModels: AI SDK 5's `streamText({ model: 'openai/gpt-5' })`, the AI Gateway).
      const byString = s.via !== undefined && CREATOR_MODEL_ID.test(s.value) ? stringModelProvider(c, f, s.via) : undefined;
      if (byString !== undefined) {
        onService(byString);
        return;
      }
      // A Bedrock model or inference profile id (`us.anthropic.claude-…-v1:0`, `meta.llama3-…`) is
      // called through Bedrock, a Vertex AI model version (`claude-3-5-sonnet-v2@20241022`) through
      // Vertex AI, whatever client takes it: no other API names models so.
      const cloud = ref.routed === true ? undefined : isBedrockModelId(s.value) ? 'aws-bedrock' : isVertexModelId(s.value) ? 'google' : undefined;
      if (cloud !== undefined) {
        onService(cloud);
        return;
      }
      // An open-weight model under a name a provider's env vars begin with (`os.getenv("GROQ_MODEL",
      // "llama-3.1-8b-instant")`, `GROQ_MODEL = "…"`): that provider runs it, whatever else the file
      // uses (envNameProvider), unless its API serves its own models only and this is another maker's.
      const keyed = ref.open === true && ref.routed !== true && s.key !== undefined ? c.envNameProvider(s.key) : undefined;
      if (keyed !== undefined && (keyed === ref.provider || !ownModels.has(keyed))) {
        onService(keyed);
        return;
      }
      // The model goes to the service the file calls: its maker's own API when the file uses it
      // (or only clients that route by model name), else the host or client the file uses
      // (llama3 through Ollama or Groq, a Claude id through Bedrock, a Mistral repo through the
      // Hugging Face API): its maker's API is not called. A router's `provider:model` names the
      // service it calls, so only an AI host the file names overrides it.
      // A client of the model's maker that the file's hosts do not re-target calls it (independentProviders).
      const by = ref.routed ? named : serving;
      // An open-weight family's name (llama-3.3-70b, gpt-oss-120b) with no host or client to run
      // it: whoever serves it, not its maker's API (servedBy does the same for settings).
      if (ref.open === true && !by.size) return;
      // Clients or hosts whose APIs serve their own models only (`ownModels`): another maker's
      // model is not theirs to serve (CrewAI's `llm="gpt-4o-mini"` beside ChatAnthropic; a model
      // list beside `https://api.anthropic.com/v1/messages`), unless the file gives a client such a
      // host as its base URL, where every call goes.
      // Beside such clients or hosts, the others serve it (llama3.2 through Ollama's, not OpenAI's).
      const elsewhere = by.size > 0 && !by.has(ref.provider) && (!named.size || !rebased.has(path));
      const others = elsewhere ? [...by].filter((p) => !ownModels.has(p)) : [...by];
      const foreign = elsewhere && others.length === 0;
      if (foreign && ref.open === true) return;
      const ownClient = clientSet !== undefined && ref.routed !== true && ref.open !== true && ownModels.has(ref.provider) && clientSet.has(ref.provider);
      if (ownClient) calls.add(ref.provider);
      let to = (by.size && !by.has(ref.provider) && !independent.has(ref.provider) && !foreign && !ownClient ? others.sort() : [ref.provider]).filter((p) => p !== IN_PROCESS);
      // Given to a client the file imports by name (`OllamaLLM(model="mistral")` beside
      // HuggingFaceEmbeddings), the model goes to that client's provider alone, when it is one of those.
      if (to.length > 1 && s.via !== undefined) {
        const own = clientByCallee().get(s.via);
        if (own !== undefined && to.includes(own)) to = [own];
      } else if (to.length === 1 && to[0] === ref.provider && s.via !== undefined && !ref.routed) {
        // Given to a client of another provider the file uses (`AzureChatOpenAI(azure_deployment="gpt-4o")`
        // beside ChatOpenAI) that no host of the file re-targets: that client's service, not the maker's.
        const own = clientByCallee().get(s.via);
        if (own !== undefined && own !== ref.provider && (named.size ? independent.has(own) : serving.has(own))) to = [own];
      }
      // Served in the process by a local runtime alone: no service, unless the name is a Hub download
      // (a repository id, `org/name`: a bare name such as WebLLM's prebuilt `TinyLlama-…-MLC` is the runtime's own).
      if (!to.length && hubs.has(ref.provider) && s.value.includes('/')) to.push(ref.provider);
      for (const p of to) onService(p);
    });
    let rebasedBy: Set<string> | undefined;
    let clientMakers: Set<string> | undefined;
    for (const e of f.envVars ?? []) {
      const v = c.envVar(e.name);
      if (!v) continue;
      // The key of a package whose client names send the file's calls elsewhere (`AzureOpenAI(api_key=
      // os.environ["OPENAI_API_KEY"], …)`) is the key of where they go, not of the package's maker.
      let provider = v.provider;
      for (const [pkg, to] of routes ?? []) {
        if (pkg.provider === v.provider && to.size === 1 && !to.has(v.provider)) provider = [...to][0] as string;
      }
      // So is the key of a client the file gives one other AI host as its base URL (`OpenAI(api_key=
      // os.getenv("OPENAI_API_KEY"), base_url="https://api.groq.com/openai/v1")`), where the file
      // calls no other client of that maker. A local server's host (Ollama's, which takes any key) does
      // not take the key over: where it is read, not set to a placeholder, it stays its maker's.
      const re = rebased.get(path);
      const host = named.size === 1 ? ([...named][0] as string) : undefined;
      if (provider === v.provider && re !== undefined && !re.has(v.provider) && host !== undefined && !servers.has(host) && (clientMakers ??= importedClientMakers(f, c)).has(v.provider)) {
        // The maker's client is the one given the host (by the call the URL is given to).
        if ((rebasedBy ??= rebasedClientProviders(strings, hostOfs, clientByCallee)).has(v.provider)) provider = host;
      }
      const svc = service(provider);
      svc.evidence.push(siteAt(path, e));
      const names = svc.properties['lantern:env-vars'] ? new Set(svc.properties['lantern:env-vars'].split(', ')) : new Set<string>();
      names.add(e.name);
      svc.properties['lantern:env-vars'] = [...names].sort().join(', ');
      const prefixed = browserExposed(e.name);
      const exposedBy = e.exposedBy ?? prefixed;
      if (exposedBy !== undefined) {
        const who = providerTitle(c, provider).replace(/ API$/, '');
        const message = e.exposedBy !== undefined
          ? `${e.name} holds a credential for ${who}, and ${e.exposedBy} inlines it into the code the build ships to browsers, where anyone who loads the page can read it.`
          : `${e.name} holds a credential for ${who} under ${exposedBy}'s public prefix: the build inlines it into the code it ships to browsers, where anyone who loads the page can read it.`;
        findings.push(treeFinding(rules, 'sdk/browser-exposed-key', siteAt(path, e), `exposed:${e.name}`, message, svc.ref));
      }
    }
  }
  // Hardcoded keys: the provider's service exists (the key's finding affects it), with the key's
  // place as evidence.
  for (const a of analyses) {
    const sf = a.facts.secrets as SecretFacts | undefined;
    for (const p of sf?.providers ?? []) {
      const svc = service(p.provider);
      svc.evidence.push(siteAt(a.file.path, p));
      svc.properties['lantern:hardcoded-key'] = 'true';
    }
  }
  for (const k of historyKeys) {
    const svc = service(k.provider);
    svc.evidence.push({ path: k.path, line: k.line, column: k.column });
    svc.properties['lantern:hardcoded-key'] = 'true';
  }
  // The providers a library's import site calls: its maker's, or those of the client names the
  // file uses (openai's AzureOpenAI calls Azure OpenAI); an API client imported only in files that
  // point it at another provider's host (the OpenAI SDK with baseURL https://api.deepseek.com)
  // does not call its maker's API. A manifest's line calls nothing (manifestLine); an import site in a manifest
  // that is also code (setup.py) calls as any import does.
  const callsOf = (e: Location, lib: Component): string[] => {
    // A package imported for its types only (TS `import type`, Python under `if TYPE_CHECKING:`)
    // is never loaded: no call.
    if (manifestLine(e) || lib.properties['lantern:type-only'] === 'true') return [];
    const pkg = pkgOfComp.get(lib);
    const to = (pkg && routesOf.get(e.path)?.get(pkg)) ?? [lib.properties['lantern:provider'] as string];
    return [...to].filter((p) => rebased.get(e.path)?.has(p) ?? true);
  };
  // The providers a library's import site calls as a client: an API client's calls, and where a
  // package that is no client has client names (langchain-community's AzureChatOpenAI), those of
  // the names the file uses.
  const clientCallsOf = (e: Location, lib: Component): string[] => {
    if (isApiClient(lib)) return callsOf(e, lib);
    const pkg = pkgOfComp.get(lib);
    const routed = pkg?.clientNames && lib.kind === 'library' && clientOf(pkg) === undefined ? routesOf.get(e.path)?.get(pkg) : undefined;
    return routed ? callsOf(e, lib) : [];
  };
  // A local client of a provider with a server of its own (Ollama's) calls that server: where its
  // service exists from other evidence, it is used through the client, which makes none itself.
  const serverCallsOf = (e: Location, lib: Component): string[] => {
    const pkg = pkgOfComp.get(lib);
    return pkg && clientOf(pkg) === 'local' ? callsOf(e, lib).filter((p) => servers.has(p) && serviceOf.has(p)) : [];
  };
  // The policy on each library: its maker's provider, unless every file that imports an API
  // client points it at another provider's host (the OpenAI SDK given https://api.groq.com/openai/v1):
  // it never calls its maker's API, and the host's service is held to the policy itself (below).
  // The denied list applies whatever the client calls.
  for (const { comp, pkg, imported } of libPolicy) {
    const rebasedAway = isApiClient(comp) && imported.length > 0 && imported.every((e) => !manifestLine(e) && rebased.has(e.path) && callsOf(e, comp).length === 0);
    applyPolicy(rules, policy, comp, pkg, findings, undefined, rebasedAway);
  }
  for (const comp of components) {
    if (comp.kind !== 'library' || comp.properties['lantern:imported'] !== 'true') continue;
    for (const provider of new Set(comp.evidence.flatMap((e) => [...clientCallsOf(e, comp), ...serverCallsOf(e, comp)]))) {
      const svc = service(provider);
      svc.properties['lantern:used-through'] = [...new Set([...(svc.properties['lantern:used-through']?.split(', ') ?? []), comp.name])].sort().join(', ');
    }
  }
  // Cloud AI resources (infrastructure as code) and Ollama CLI pulls: each is its provider's service, where it is written.
  for (const { path, f } of facts) {
    for (const r of f.uses ?? []) {
      // A config's model setting that is a Hub download of the same file (a training config's
      // `base_model: org/DeepSeek-V2.5-…`): no API serves it.
      if (r.resource === undefined && r.endpoint === undefined && r.models !== undefined && r.models.length > 0 && r.models.every((m) => pulledIds.get(path)?.has(hubRepoOf(m)) === true)) continue;
      const svc = service(r.provider);
      svc.evidence.push({ path, line: r.line });
      if (r.resource !== undefined) svc.properties['lantern:cloud-resources'] = [...new Set([...(svc.properties['lantern:cloud-resources']?.split(', ') ?? []), r.resource])].sort().join(', ');
      for (const m of r.models ?? []) (models.get(r.provider) ?? models.set(r.provider, new Set()).get(r.provider))?.add(m);
      if (r.endpoint !== undefined) (endpoints.get(r.provider) ?? endpoints.set(r.provider, new Set()).get(r.provider))?.add(r.endpoint);
    }
  }
  // An AI GitHub Action calls its provider when a workflow runs it: its `uses:` line is its use,
  // and the step's inputs may send it elsewhere (claude-code-action's use_bedrock: DeclaredDependency.calls).
  const actionCalls = new Map<string, string[]>(); // path NUL line → the providers that use calls
  for (const { path, f } of facts) {
    for (const d of f.declared ?? []) if (d.ecosystem === 'githubactions' && d.calls !== undefined) actionCalls.set(`${path}\u0000${d.line}`, d.calls);
  }
  for (const comp of components) {
    const provider = comp.properties['lantern:provider'];
    if (comp.kind !== 'library' || comp.properties['lantern:ecosystem'] !== 'githubactions' || provider === undefined) continue;
    const callsAt = (e: Location) => actionCalls.get(`${e.path}\u0000${e.line}`) ?? [provider];
    const calls = new Set(comp.evidence.flatMap(callsAt));
    calls.delete('multi');
    for (const p of calls) {
      const svc = service(p);
      for (const e of comp.evidence) if (callsAt(e).includes(p)) svc.evidence.push(e);
      svc.properties['lantern:used-through'] = [...new Set([...(svc.properties['lantern:used-through']?.split(', ') ?? []), comp.name])].sort().join(', ');
    }
  }
  // A settings module's model constants (SdkFacts.weakModels): on the service of the model's maker
  // where it exists from other evidence; an open-weight family's name is whoever runs it.
  for (const { path, f } of facts) {
    for (const s of (f.weakModels ?? []).map(unpackString)) {
      const ref = c.modelRef(s.value);
      const svc = ref !== undefined && ref.open !== true ? serviceOf.get(ref.provider) : undefined;
      if (ref === undefined || svc === undefined) continue;
      svc.evidence.push(siteAt(path, s));
      (models.get(ref.provider) ?? models.set(ref.provider, new Set()).get(ref.provider))?.add(s.value);
    }
  }
  for (const [provider, svc] of serviceOf) {
    // Masked once per distinct endpoint (a key in a URL path), then listed.
    const eps = [...new Set([...(endpoints.get(provider) ?? [])].map((e) => scrubSecrets(e, secrets)))].sort();
    if (eps.length) svc.properties['lantern:endpoints'] = eps.slice(0, MAX_ENDPOINTS).join(' ');
    if (eps.length > MAX_ENDPOINTS) svc.properties['lantern:endpoints-omitted'] = String(eps.length - MAX_ENDPOINTS);
    const ms = withoutRoutedTwins([...(models.get(provider) ?? [])], provider, c).sort();
    if (ms.length) svc.properties['lantern:models'] = ms.join(', ');
    if (!svc.evidence.length) {
      // Known only through its SDK: point at the library's manifest lines and the import sites
      // that call it, not at the imports of files that point the client at another provider's
      // host or use its client for another provider (openai's AzureOpenAI).
      const own = (x: Component) => x.properties['lantern:provider'] === provider;
      // One at a time: a spread of a few hundred thousand manifest lines overflows the call stack.
      for (const x of components) if (x.kind === 'library') for (const e of x.evidence) if ((own(x) && manifestLine(e)) || callsOf(e, x).includes(provider)) svc.evidence.push(e);
    }
    // The files that call it, for the BOM (a CycloneDX service has no evidence of its own): its
    // code and config sites and where its API clients are imported, not the manifests that only
    // declare a client, and where a local client of its server is. One per line, at most MAX_FILES.
    const clientSites = components.flatMap((x) => x.evidence.filter((e) => clientCallsOf(e, x).includes(provider) || serverCallsOf(e, x).includes(provider)));
    const files = [...new Set([...svc.evidence, ...clientSites].filter((e) => !manifestLine(e)).map((e) => e.path))].sort();
    if (files.length) svc.properties['lantern:files'] = files.slice(0, MAX_FILES).join('\n');
    if (files.length > MAX_FILES) svc.properties['lantern:files-omitted'] = String(files.length - MAX_FILES);
    components.push(svc);
    applyPolicy(rules, policy, svc, undefined, findings);
  }

  // --- MCP servers ---
  for (const { path, f } of facts) {
    if (!f.mcp) continue;
    // One component per server (mcpServerRefs: the refs agent/hidden-text links its findings to).
    const refs = mcpServerRefs(path, f.mcp.servers.map((s) => s.name));
    for (const [i, s] of f.mcp.servers.entries()) {
      const loc: Location = s.line !== undefined ? { path, line: s.line } : { path };
      // Finding keys as before for the first server of a name (baselines keep matching).
      const { ref, key } = refs[i] as { ref: string; key: string };
      const comp: Component = {
        ref,
        kind: 'mcp-server',
        name: s.name,
        properties: { 'lantern:mcp:client': s.client ?? f.mcp.client, 'lantern:mcp:transport': s.transport, 'lantern:mcp:config': path },
        evidence: [loc],
      };
      if (s.command) comp.properties['lantern:mcp:command'] = s.command;
      if (s.args?.length) comp.properties['lantern:mcp:args'] = s.args.join(' ').slice(0, 500);
      if (s.url) comp.properties['lantern:mcp:url'] = s.url;
      if (s.envNames.length) comp.properties['lantern:mcp:env'] = s.envNames.join(', ');
      if (s.envLiteral.length) comp.properties['lantern:mcp:env-literal'] = s.envLiteral.map((e) => e.name).join(', ');
      if (s.launcher?.package) comp.properties['lantern:mcp:package'] = s.launcher.package;
      if (s.launcher?.packages) comp.properties['lantern:mcp:packages'] = s.launcher.packages.map((p) => (p.version ? `${p.package}@${p.version}` : p.package)).join(', ');
      if (s.launcher?.version) comp.version = s.launcher.version;
      // A server the config turns off is still listed and judged: one edit turns it on.
      if (s.disabled) comp.properties['lantern:mcp:disabled'] = 'true';
      const off = s.disabled ? ' (The server is disabled in this config; this applies once it is enabled.)' : '';
      components.push(comp);
      if (s.launcher && !s.launcher.pinned && FETCHING_LAUNCHERS.includes(s.launcher.tool)) {
        findings.push(treeFinding(rules, 'mcp/unpinned-server', loc, `unpinned:${key}`, unpinnedMessage(s.name, s.launcher) + off, ref));
      }
      // A bridge to a remote server (`npx mcp-remote@0.1.29 http://…/sse`): the URL it is given is the transport.
      // Shown as a `url` entry is: no user info, query or fragment, path tokens masked.
      const bridgeArg = !s.url && s.launcher?.package !== undefined && c.mcpRemoteBridges.has(s.launcher.package) ? s.args?.find((a) => /^(?:https?|wss?):\/\//i.test(a)) : undefined;
      const bridged = bridgeArg !== undefined ? maskPathTokens(displayUrl(bridgeArg)) : undefined;
      const remote = s.url ?? bridged;
      if (remote && isPlainRemote(remote)) {
        findings.push(treeFinding(rules, 'mcp/insecure-transport', loc, `http:${key}`, `MCP server "${s.name}" is reached ${bridged !== undefined ? `through ${s.launcher?.package} ` : ''}over plain ${/^\s*ws:/i.test(remote) ? 'WebSocket (ws:)' : 'HTTP'} (${remote.trim()}): its tool calls and credentials travel unencrypted.${off}`, ref));
      }
    }
  }
  imageInventory(c, rules, policy, facts, components, findings);
  return { components, findings };
}

/**
 * One `container` component per AI image and version (tag, or digest when only a digest is given;
 * no tag is Docker's `latest`), purl `pkg:docker/<namespace>/<name>@<version>` with
 * `repository_url` for a registry other than Docker Hub (the digest is the purl's version when
 * there is one: the purl spec prefers it, since tags move), every site as evidence; and
 * `sdk/unpinned-image` where an image is used with no tag, or a tag with no digit in it (`latest`,
 * `main`, `nightly`), and no digest. A reference
 * whose tag is a variable is listed by its repository, without a version or a finding. A reference
 * whose registry host is a variable (`${REGISTRY}/ollama/ollama:0.5.7`) has no purl (a purl without
 * `repository_url` names Docker Hub, which it is not known to be): its bom-ref is
 * `image:<variable>/<path>[@version]`, its name as written, `lantern:image-registry` the variable.
 */
function imageInventory(c: SdkCatalog, rules: RuleSet, policy: AiPolicy, facts: { path: string; f: SdkFacts }[], components: Component[], findings: Finding[]): void {
  const secrets = secretsCatalog(rules);
  const byRef = new Map<string, { comp: Component; image: SiteImage; written: Set<string>; sources: Set<string> }>();
  for (const { path, f } of facts) {
    for (const site of (f.images ?? []).map(unpackImage)) {
      const entry = imageSiteEntry(c, site);
      const ref = siteImage(site);
      if (!entry || !ref) continue;
      const tag = ref.versionUnknown ? undefined : (ref.tag ?? (ref.digest ? undefined : 'latest'));
      const version = tag ?? ref.digest;
      const variable = 'registryVariable' in ref ? ref.registryVariable : undefined;
      const known: ImageRef | undefined = variable === undefined ? (ref as ImageRef) : undefined;
      const name = known ? familiarName(known) : `${variable}/${ref.path}`;
      const purl = known ? imagePurl(known, tag) : undefined;
      const key = purl ?? `image:${name}${version ? `@${version}` : ''}`;
      let it = byRef.get(key);
      if (!it) {
        const comp: Component = { ref: key, kind: 'container', name, ...(purl ? { purl } : {}), properties: { 'lantern:provider': entry.provider, 'lantern:category': entry.category }, evidence: [] };
        if (known) comp.properties['lantern:registry'] = known.registry;
        else comp.properties['lantern:image-registry'] = variable as string;
        if (version) comp.version = version;
        if (ref.digest) comp.properties['lantern:image-digest'] = ref.digest;
        if (ref.versionUnknown) comp.properties['lantern:version-source'] = 'none';
        it = { comp, image: ref, written: new Set(), sources: new Set() };
        byRef.set(key, it);
      }
      const loc: Location = { path, line: site.line, column: site.column };
      it.comp.evidence.push(loc);
      it.written.add(site.written ?? site.ref);
      it.sources.add(site.source);
      // A tag with no digit in it names no version (`latest`, `main`, `nightly`, `server`, `cuda`): it moves with each release.
      if (!ref.versionUnknown && !ref.digest && (ref.tag === undefined || !/\d/.test(ref.tag))) {
        const how = ref.tag === undefined ? 'without a tag (Docker pulls latest)' : ref.tag === 'latest' ? 'as latest' : `as ${ref.tag}, a tag that names no version,`;
        findings.push(treeFinding(rules, 'sdk/unpinned-image', loc, `image:${known ? known.registry : variable}/${ref.path}`, `AI container image ${name} (${entry.provider}) is used ${how} and without a digest: every pull may run a different version.`, key));
      }
    }
  }
  for (const { comp, image, written, sources } of byRef.values()) {
    // As written (at most 20 forms); an image reference holds no credentials, but it is masked as every shown value is.
    comp.properties['lantern:image'] = scrubSecrets([...written].sort().slice(0, 20).join(', '), secrets);
    comp.properties['lantern:image-sources'] = [...sources].sort().join(', ');
    components.push(comp);
    applyPolicy(rules, policy, comp, undefined, findings, image);
  }
}

/** The purl of an image: `pkg:docker/ollama/ollama@0.5.7`, `pkg:docker/python@3.12` (Docker Hub's library), `pkg:docker/huggingface/text-generation-inference@3.0?repository_url=ghcr.io`. */
export function imagePurl(ref: ImageRef, tag: string | undefined): string {
  const hub = ref.registry === 'docker.io';
  const path = hub && ref.path.startsWith('library/') && ref.path.split('/').length === 2 ? ref.path.slice('library/'.length) : ref.path;
  const i = path.lastIndexOf('/');
  const qualifiers = hub ? undefined : { repository_url: ref.registry };
  return new PackageURL('docker', i > 0 ? path.slice(0, i) : undefined, i > 0 ? path.slice(i + 1) : path, ref.digest ?? tag, qualifiers, undefined).toString();
}

/** mcp/unpinned-server's message: the launcher and its package, or which of its packages are not pinned. */
function unpinnedMessage(server: string, l: McpLauncher): string {
  const and = (xs: string[]) => (xs.length < 2 ? xs.join('') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`);
  const what = l.packages ? ` ${and(l.packages.map((p) => p.package))}` : l.package ? ` ${l.package}` : '';
  const which = l.packages ? ` of ${and(unpinnedPackages(l))}` : '';
  return `MCP server "${server}" is launched with ${l.tool}${what} without a pinned version${which}: every start may run different code.`;
}


/**
 * Maven and Gradle declarations without a version that a BOM of the same file versions (a
 * `<scope>import</scope>` pom, a platform(); the catalog's `boms` say which BOMs give all their
 * group's artifacts their own version), or of one of its parent poms (`parents`, nearest first: a
 * parent's dependencyManagement is the module's too): the BOM's version, and `fromBom` naming it.
 */
function bomVersions<T extends DeclaredDependency>(c: SdkCatalog, decls: T[], parents?: (path: string) => string[], inTree?: ReadonlyMap<string, string>): (T & { fromBom?: string })[] {
  type Bom = { members: string; name: string; version: string; pins?: ReadonlyMap<string, string> };
  const byPath = new Map<string, Bom[]>();
  // The pins of the tree's own poms (dependencyManagement entries with a version), for an in-repo BOM.
  let pinsOf: Map<string, Map<string, string>> | undefined;
  const treePins = (path: string): ReadonlyMap<string, string> => {
    if (pinsOf === undefined) {
      pinsOf = new Map();
      for (const d of decls) if (d.ecosystem === 'maven' && d.central === 'defines' && d.bom !== true && d.version !== undefined) (pinsOf.get(d.path) ?? pinsOf.set(d.path, new Map()).get(d.path))?.set(d.name, d.version);
    }
    return pinsOf.get(path) ?? new Map();
  };
  for (const d of decls) {
    if (d.bom !== true || d.version === undefined || d.ecosystem !== 'maven') continue;
    const members = c.bomMembers(d.name);
    const own = inTree?.get(d.name.toLowerCase());
    const bom: Bom | undefined = members !== undefined ? { members, name: d.name, version: d.version } : own !== undefined && own !== d.path ? { members: '', name: d.name, version: d.version, pins: treePins(own) } : undefined;
    if (bom !== undefined) (byPath.get(d.path) ?? byPath.set(d.path, []).get(d.path))?.push(bom);
  }
  if (!byPath.size) return decls;
  return decls.map((d) => {
    if (d.version !== undefined || d.bom === true || d.ecosystem !== 'maven' || (d.range !== undefined && d.range !== '')) return d;
    let b: Bom | undefined;
    for (const p of [d.path, ...(parents !== undefined && d.path.endsWith('pom.xml') ? parents(d.path) : [])]) if ((b = byPath.get(p)?.find((x) => (x.pins !== undefined ? x.pins.has(d.name) : d.name.startsWith(x.members)))) !== undefined) break;
    if (b === undefined) return d;
    // An in-repo BOM gives each artifact the version it pins; a release train's BOM its own.
    const version = b.pins !== undefined ? (b.pins.get(d.name) as string) : b.version;
    return { ...d, version, fromBom: `${b.name}@${b.version}` };
  });
}

/** A package name or dotted import path without case and separators: `llama-index-llms-foo` and `llama_index.llms.foo` alike. */
function squashName(name: string): string {
  return name.toLowerCase().replace(/[-_.]/g, '');
}

/**
 * The declared prefix-family package a Python import's dotted path (or one of its parents, two
 * segments at least) squashes to, with the name it is declared under: `llama_index.llms.foo.base`
 * → llama-index-llms-foo.
 */
function familyOf(families: ReadonlyMap<string, { pkg: SdkPackage; name: string }>, specifier: string): { pkg: SdkPackage; name: string } | undefined {
  // The parents squashed shortest first, each from the one before (linear however deep the path); the longest hit wins.
  const parts = specifier.split('.');
  let squashed = squashName(parts[0] ?? '');
  // A top-level module of the family's form (`langchain_redis`) is one too.
  let hit: { pkg: SdkPackage; name: string } | undefined = parts[0]?.includes('_') ? families.get(squashed) : undefined;
  for (let n = 1; n < parts.length; n++) {
    squashed += squashName(parts[n] as string);
    hit = families.get(squashed) ?? hit;
  }
  return hit;
}

/**
 * The import sites of `l` where a declared package brings it in as part of its API
 * (SdkPackage.brings): one declared in the site's folder or above, per site.
 */
function broughtBy(l: Lib, all: Iterable<Lib>): Map<Location, Lib> {
  const out = new Map<Location, Lib>();
  const key = normalizeName(l.eco, l.name);
  // A family's group (`org.springframework.ai:`, imported as its core packages) comes with any of its
  // artifacts: a Spring AI starter brings the core whose types the code writes.
  const family = l.group === true && l.pkg.prefix === true ? normalizeName(l.eco, l.pkg.name) : undefined;
  // A `brings` entry ending in `:` is a Maven group (Quarkus LangChain4j's extensions bring `dev.langchain4j:`): any of its artifacts, or the group imported as such.
  const names = (n: string): boolean => (n.endsWith(':') ? key.startsWith(normalizeName(l.eco, n)) || (l.group === true && normalizeName(l.eco, l.pkg.name) === normalizeName(l.eco, n)) : normalizeName(l.eco, n) === key);
  const brings = (o: Lib): boolean => o.pkg.brings?.some(names) === true || (family !== undefined && normalizeName(o.eco, o.name).startsWith(family));
  for (const o of all) {
    if (o === l || o.eco !== l.eco || !o.declared.length || !brings(o)) continue;
    const dirs = o.declared.map((d) => (d.path.includes('/') ? d.path.slice(0, d.path.lastIndexOf('/')) : ''));
    for (const i of l.imported) if (!out.has(i) && dirs.some((d) => d === '' || i.path.startsWith(`${d}/`))) out.set(i, o);
  }
  return out;
}

/** A dependency alias as imports write it: Cargo's with `_` for `-` (src/lang/dependency-aliases.ts). */
function aliasKey(eco: Ecosystem, alias: string): string {
  return eco === 'cargo' ? alias.replace(/-/g, '_') : alias;
}

/**
 * Declarations with the versions pip constraints files pin for them: a declaration without a
 * version in a requirements file that names a constraints file (`-c`) takes that file's exact pin
 * of the same package (the first, when several files name it).
 */
function pinned(decls: DeclaredDependency[], pins: readonly DeclaredDependency[]): DeclaredDependency[] {
  if (pins.length === 0) return decls;
  const by = new Map<string, DeclaredDependency>();
  for (const p of pins) {
    const k = `${p.constrains}\u0000${p.ecosystem}\u0000${normalizeName(p.ecosystem, p.name)}`;
    if (!by.has(k)) by.set(k, p);
  }
  return decls.map((d) => {
    if (d.version !== undefined || d.lockfile !== undefined) return d;
    const p = by.get(`${d.path}\u0000${d.ecosystem}\u0000${normalizeName(d.ecosystem, d.name)}`);
    if (p === undefined || p.version === undefined) return d;
    return { ...d, version: p.version, pinnedAt: p.line !== undefined ? { path: p.path, line: p.line } : { path: p.path } };
  });
}

function emptyLib(eco: Ecosystem, name: string, pkg: SdkPackage): Lib {
  return { eco, name, pkg, ranges: new Set(), declared: [], locked: [], installed: [], pinned: [], constraints: new Set(), dirs: new Set(), imported: [], importKinds: new Set(), lockfiles: new Set(), scopes: new Set(), groups: new Set(), extras: new Set(), conditions: new Set(), unconditional: false, typeOnly: true, aliases: new Set(), plain: false };
}

/**
 * Swift registry declarations (SE-0292) as the libs of the catalogued packages they may be
 * (registryMayProvide), one per package, outside the inventory until an import joins one: a
 * registry identity names no repository, so only code that imports the package's module says the
 * declaration is its. A package AI only where declared (`confirm: { declared: true }`: a module
 * name a project may have for its own, LLM.swift's `LLM`) needs its repository declared.
 */
function registryLibs(c: SdkCatalog, decls: readonly DeclaredDependency[]): Map<SdkPackage, Lib> {
  const out = new Map<SdkPackage, Lib>();
  if (decls.length === 0) return out;
  const swift = c.packages.filter((p) => p.ecosystem === 'swift' && p.confirm?.declared !== true);
  for (const d of decls) {
    for (const pkg of swift) {
      if (!registryMayProvide(d.name, pkg)) continue;
      let l = out.get(pkg);
      if (l === undefined) out.set(pkg, (l = { ...emptyLib('swift', pkg.name, pkg), registryIds: new Set() }));
      l.declared.push(d.line !== undefined ? { path: d.path, line: d.line } : { path: d.path });
      if (d.range) l.ranges.add(d.range);
      l.dirs.add(dirName(d.path));
      l.registryIds?.add(d.name);
    }
  }
  return out;
}

/**
 * Of several declared versions of a package, those declared in the nearest folder above `path`
 * (by their manifest or lockfile lines); all of them when none is declared above it. Of those, the
 * ones a manifest declares, when any: a lockfile's other copy (another package's nested
 * dependency) is not what the code imports.
 */
function nearest(libs: Lib[], path: string): Lib[] {
  if (libs.length < 2) return libs;
  const depth = (l: Lib): number => {
    let best = -1;
    for (const dir of l.dirs) if (dir === '' || path.startsWith(`${dir}/`)) best = Math.max(best, dir === '' ? 0 : dir.split('/').length);
    return best;
  };
  const scored = libs.map((l) => ({ l, d: depth(l) }));
  const top = Math.max(...scored.map((x) => x.d));
  const near = top < 0 ? libs : scored.filter((x) => x.d === top).map((x) => x.l);
  const declared = near.filter((l) => l.declared.length > 0);
  return declared.length ? declared : near;
}

/**
 * The Go module an import path of a catalog module is in: a major version from v2 on is part of the
 * module path (`github.com/openai/openai-go/v2/option` → `github.com/openai/openai-go/v2`), as
 * go.mod requires it.
 */
export function goModule(module: string, specifier: string): string {
  const m = /^\/(v[2-9]|v[1-9]\d+)(?:\/|$)/.exec(specifier.startsWith(module) ? specifier.slice(module.length) : '');
  return m === null ? module : `${module}/${m[1]}`;
}

/**
 * Whether a conda package (its own catalog entry, or the PyPI one of the same name) is what a Python
 * import names: the same entry, or one that gives the same modules (conda's pytorch is torch).
 */
/**
 * Whether `other` gives the very namespace a C# using matched `pkg` by (`OpenAI` for `using
 * OpenAI.Managers;`: the official package's and Betalgo.OpenAI's), not a shorter one of its own
 * (`Microsoft.SemanticKernel` for `Microsoft.SemanticKernel.Connectors.OpenAI`).
 */
function sameNamespace(other: SdkPackage, pkg: SdkPackage, specifier: string): boolean {
  const matched = pkg.imports.filter((m) => specifier === m || specifier.startsWith(`${m}.`)).sort((a, b) => b.length - a.length)[0];
  return matched !== undefined && other.imports.includes(matched);
}

function sameModules(conda: SdkPackage, imported: SdkPackage): boolean {
  return conda === imported || (imported.imports.length > 0 && imported.imports.every((m) => conda.imports.includes(m)));
}

/** Adds the locations `to` does not hold yet. */
/**
 * What addLocations knows of a list: the places in it (path and line) and how much of each list it
 * took from was already taken. It runs once per import site of a package that a Go module holds,
 * so searching the list for each place was quadratic on a hostile go.mod (40,000 require lines of
 * the module and 2,000 imports: over 200 s).
 */
const locationIndex = new WeakMap<Location[], { seen: Set<string>; upTo: number; taken: Map<Location[], number> }>();
const placeKey = (x: Location): string => `${x.path}\u0000${x.line ?? ''}`;

/** Appends the places of `from` that `to` does not have (by path and line). `from` only grows. */
function addLocations(to: Location[], from: Location[]): void {
  let k = locationIndex.get(to);
  if (k === undefined) locationIndex.set(to, (k = { seen: new Set(), upTo: 0, taken: new Map() }));
  for (; k.upTo < to.length; k.upTo++) k.seen.add(placeKey(to[k.upTo]!));
  let i = k.taken.get(from) ?? 0;
  for (; i < from.length; i++) {
    const x = from[i]!;
    const key = placeKey(x);
    if (k.seen.has(key)) continue;
    k.seen.add(key);
    to.push(x);
  }
  k.upTo = to.length;
  k.taken.set(from, i);
}

/** For prefix entries (@ai-sdk/*, dev.langchain4j:*), the concrete package the import names. */
function prefixedName(pkg: SdkPackage, specifier: string, lang: SourceLang): string {
  if (lang === 'js' && specifier.startsWith('@')) return specifier.split('/').slice(0, 2).join('/');
  if (lang === 'js') return specifier.split('/')[0] ?? specifier;
  // The group itself: 'dev.langchain4j:' → 'dev.langchain4j', 'Microsoft.SemanticKernel.' → 'Microsoft.SemanticKernel'.
  return pkg.name.replace(/[:./-]+$/, '');
}

/**
 * An unencrypted (http:, ws:) URL to another machine. The host is the parsed one, so
 * `http://localhost.evil.com`, `http://127.0.0.1@evil.com` or a URL after blanks is remote;
 * localhost, 127.0.0.0/8 and ::1 (also as ::ffff:127.x) are not, unless a backslash in the
 * authority lets another parser read another host.
 */
export function isPlainRemote(url: string): boolean {
  let u: URL;
  try {
    u = new URL(url.trim());
  } catch {
    return false;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'ws:') return false;
  // `http://127.0.0.1\@evil.example.com/`: loopback to WHATWG URL and urllib3, evil.example.com to
  // urllib.parse. The client may reach the remote host.
  if (ambiguousAuthority(url.trim())) return true;
  const h = u.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return !(h === 'localhost' || h === 'localhost.' || /^127(\.\d{1,3}){3}$/.test(h) || h === '::1' || /^::ffff:(127(\.\d{1,3}){3}|7f[0-9a-f]{2}:[0-9a-f]{1,4})$/.test(h));
}

function hasSourcesFor(facts: { f: SdkFacts }[], eco: Ecosystem): boolean {
  const want = eco === 'jsr' ? 'npm' : eco; // JSR packages are JS/TS code's
  return facts.some((x) => (x.f.imports ?? []).some((i) => LANG_ECO[unpackImport(i).lang] === want));
}

/**
 * `image`: the AI container image a `container` component is, matched against the deny list as an image (deniedImage).
 * `callsOthersOnly`: an API client whose every import points it at another provider's host; only the deny list applies.
 */
function applyPolicy(rules: RuleSet, policy: AiPolicy, comp: Component, pkg: SdkPackage | undefined, findings: Finding[], image?: SiteImage, callsOthersOnly = false): void {
  const provider = comp.properties['lantern:provider'] ?? '';
  const loc = comp.evidence[0];
  if (!loc) return;
  const denied = pkg
    ? policy.deniedPackages?.some((d) => normalizeName(pkg.ecosystem, d) === normalizeName(pkg.ecosystem, comp.name))
    : image && policy.deniedPackages?.find((d) => deniedImage(d, image));
  if (denied) {
    const what = image ? `AI container image ${comp.name}${comp.version ? ` ${comp.version}` : ''} is on the denied list (ai.deniedPackages: ${String(denied).trim()})` : `${comp.name} is on the denied package list (ai.deniedPackages)`;
    findings.push(treeFinding(rules, 'sdk/unapproved-provider', loc, `denied:${image ? comp.ref : comp.name}`, `${what}.`, comp.ref));
  } else if (policy.allowedProviders !== undefined && provider && !callsOthersOnly && !['multi', 'local', 'mcp'].includes(provider)) {
    // Ids as the catalog writes them, whatever the case or blanks in the config; an empty list
    // allows no provider (it is a policy, not the absence of one).
    const allowed = policy.allowedProviders.map((p) => p.trim().toLowerCase());
    if (allowed.includes(provider.toLowerCase())) return;
    const shown = allowed.length ? `${allowed.slice(0, 10).join(', ')}${allowed.length > 10 ? `, and ${allowed.length - 10} more` : ''}` : 'empty';
    findings.push(treeFinding(rules, 'sdk/unapproved-provider', loc, `provider:${provider}:${comp.ref}`, `${comp.name} uses provider ${provider}, which is not in ai.allowedProviders (${shown}).`, comp.ref));
  }
}

/** A `creator/model` id (`openai/gpt-5`, `anthropic/claude-sonnet-4`), as SdkPackage.stringModels calls take. */
const CREATOR_MODEL_ID = /^[a-z0-9-]+\/[^/\s]+$/;

/** The provider the package of the call `via` (SdkFacts.callees) sends model id strings to (SdkPackage.stringModels), if any. */
function stringModelProvider(c: SdkCatalog, f: SdkFacts, via: string): string | undefined {
  for (const entry of f.callees ?? []) {
    const [n, eco, name] = entry.split('\t') as [string, Ecosystem, string];
    if (n !== via) continue;
    const sm = c.byPackage(eco, name)?.stringModels;
    if (sm?.calls.includes(via)) return sm.provider;
  }
  return undefined;
}

/** The build tool whose public prefix a credential's env var name carries (`VITE_OPENAI_API_KEY`: Vite), else undefined. */
function browserExposed(name: string): string | undefined {
  const prefix = PUBLIC_ENV_PREFIX.exec(name)?.[0];
  if (prefix === undefined || !/(?:KEY|_TOKEN|_SECRET)$/.test(name)) return undefined;
  return PUBLIC_PREFIX_TOOLS[prefix.slice(0, -1)];
}
const PUBLIC_PREFIX_TOOLS: Readonly<Record<string, string>> = { VITE: 'Vite', NEXT_PUBLIC: 'Next.js', REACT_APP: 'Create React App', EXPO_PUBLIC: 'Expo', NUXT_PUBLIC: 'Nuxt', PUBLIC: 'SvelteKit or Astro', GATSBY: 'Gatsby', VUE_APP: 'Vue CLI' };

/** The providers whose API client packages (their makers' SDKs) the file imports. */
function importedClientMakers(f: SdkFacts, c: SdkCatalog): Set<string> {
  const out = new Set<string>();
  for (const p of f.imports ?? []) {
    const { lang, site } = unpackImport(p);
    const pkg = c.byImport(lang, site.specifier);
    if (pkg !== undefined && clientOf(pkg) === 'api') out.add(pkg.provider);
  }
  return out;
}

/** A provider's service title: the catalog's `service`, else its name, else its id capitalized. */
function providerTitle(c: SdkCatalog, p: string): string {
  const known = c.providers.find((x) => x.id === p);
  return known?.service ?? known?.name ?? p.charAt(0).toUpperCase() + p.slice(1);
}

/**
 * A model string as the Hub repository it names: the string itself, or the `org/name` of a Hub URL
 * (`https://huggingface.co/org/name[/resolve/…]`, WebLLM's model records).
 */
function hubRepoOf(value: string): string {
  return hubRepoOfUrl(value)?.id ?? value;
}

/**
 * A service's models without the ones also listed by their bare name under a router's prefix for
 * that same provider: `gpt-4.1` and LiteLLM's `openai/gpt-4.1` (or pydantic-ai's `openai:gpt-4.1`)
 * are one model of OpenAI's API, listed once by its own name.
 */
function withoutRoutedTwins(ms: string[], provider: string, c: SdkCatalog): string[] {
  const set = new Set(ms);
  const prefixes = c.modelProviderPrefixes.filter((p) => p.provider === provider).map((p) => p.prefix.toLowerCase());
  return ms.filter((m) => !prefixes.some((pre) => m.toLowerCase().startsWith(pre) && set.has(m.slice(pre.length))));
}
