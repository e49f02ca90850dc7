/**
 * Typed, indexed views of the Shadow-AI catalogs in rules/sdk.yaml and rules/mcp.yaml.
 *
 * Pure: every accessor is a lookup in indexes built once per RuleSet. Matching is exact on the
 * boundaries of each naming scheme (an npm package name, a dotted Python/Java/C# module, a Go path
 * segment, a Rust crate, a Ruby feature's path segment, a PHP namespace segment, a Dart `package:` URI's package, a Swift module), so a local `openai_utils` module is not `openai`, `anthropic-tools-fake`
 * is not `anthropic` and `langchainx` is not `langchain`.
 */
import type { Ecosystem, ModelCallProviders, ModelCalls, ModelConstants, ModelConstantClass } from '../../lang/types.js';
import type { McpFormat, McpShape } from '../../lang/mcp-config.js';
import { ambiguousAuthority } from '../../lang/urls.js';
import { normalizeRepository } from '../../lang/images.js';
import { swiftPackageId } from '../../lang/swift-package.js';
import { jsrImportOf, jsrNameOfNpm } from '../../lang/npm-specifier.js';
import { loadRules, type RuleSet } from '../../rules/load.js';
import { ollamaHubRepo } from '../../hf/types.js';

export type AiCategory =
  | 'llm-api'
  | 'framework'
  | 'agent'
  | 'local-inference'
  | 'vector-db'
  | 'mcp'
  | 'ml-framework'
  | 'hub'
  | 'observability';

export const AI_CATEGORIES: readonly AiCategory[] = [
  'llm-api', 'framework', 'agent', 'local-inference', 'vector-db', 'mcp', 'ml-framework', 'hub', 'observability',
];

export interface SdkPackage {
  ecosystem: Ecosystem;
  name: string;
  imports: string[];
  provider: string;
  category: AiCategory;
  /** The name is a scope or prefix (npm `@ai-sdk/`, pypi `langchain-`, maven `dev.langchain4j:`, nuget `Name.`). */
  prefix?: boolean;
  /** Only a weak sign of AI use by itself (tokenizers, ML frameworks, boto3). */
  weak?: boolean;
  /**
   * The package is AI only with more evidence, and is left out of the inventory without it:
   * `strings`, a source of its language in the tree holds one of these as a quoted literal (boto3
   * is AI with `client("bedrock-runtime")`, not with `client("s3")`); `declared`, a manifest
   * declares it (the import name `agents` of openai-agents is also a common local module);
   * `imported`, code imports one of its `imports` (firebase-ios-sdk is AI only through its
   * FirebaseAILogic / FirebaseAI / FirebaseVertexAI modules: a declaration of the SDK alone is not).
   */
  confirm?: { strings?: string[]; declared?: true; imported?: true };
  /**
   * A framework's provider integration (langchain-openai, llama-index-llms-ollama) that is its
   * provider's client, as the llm-api and local-inference categories say of theirs: `api`, it calls
   * the provider's remote API; `local`, it runs the model in process or calls a local server.
   * `none`, on an llm-api or local-inference package that calls no model (a tokenizer: tiktoken):
   * it keeps its category and provider, but is no client.
   */
  client?: ClientKind | 'none';
  /**
   * Go: the module this package is in, when it is a package of another entry's module
   * (github.com/tmc/langchaingo/llms/openai in github.com/tmc/langchaingo). go.mod declares the
   * module; the package is a component of its own at the module's version.
   */
  module?: string;
  /**
   * The provider each client class of the package calls, when it calls more than its own (the
   * openai package's AzureOpenAI calls Azure OpenAI): a file that uses one of these names calls
   * their providers only; `default` is an npm default export.
   */
  clientNames?: Record<string, string>;
  /** Ruby: the top-level constants the gem defines, used in a Rails app with no `require` (Bundler requires the Gemfile's gems). */
  constants?: string[];
  /**
   * C#: extension methods the package declares in another package's namespace (Semantic Kernel's
   * connectors declare `AddOllamaChatCompletion` and the like in `Microsoft.SemanticKernel`): a
   * call of one (`builder.AddOllamaChatCompletion(…)`) uses the package, written with no using
   * directive of its own namespace (its first import).
   */
  extensionMethods?: string[];
  /**
   * Module settings that send the package's calls elsewhere, by setting and value (lower case):
   * openai before 1.0 was pointed at Azure OpenAI with `openai.api_type = "azure"`. A file that
   * imports the package and assigns such a value calls that provider (as with clientNames).
   */
  configRoutes?: Record<string, Record<string, string>>;
  /**
   * Calls of the package that take a model id as a string (`creator/model`) and send it to a
   * provider of their own: AI SDK 5's `streamText({ model: 'openai/gpt-5' })` goes to its default
   * provider, the Vercel AI Gateway.
   */
  stringModels?: { calls: string[]; provider: string };
  /**
   * GitHub Actions: inputs of a workflow step that send the action's calls to another provider than
   * its maker's. `flags`: input → provider, when the step sets it true (claude-code-action's
   * `use_bedrock: true` calls Claude on Amazon Bedrock); `urls`: inputs holding the API's URL, whose
   * host names the provider (codex-action's `responses-api-endpoint` at an Azure OpenAI resource).
   */
  actionInputs?: { flags?: Record<string, string>; urls?: string[]; models?: string[]; mcp?: { input: string; client: string }[] };
  /**
   * Packages this one brings in as dependencies whose own namespaces its users write as part of its
   * API (Azure.AI.OpenAI 2.x: its clients return the OpenAI package's ChatClient, so code that
   * declares Azure.AI.OpenAI writes `using OpenAI.Chat;`; the Microsoft.SemanticKernel metapackage
   * and its connectors). Importing one of these where this package is declared (in the importing
   * file's folder or above) is no undeclared dependency.
   */
  brings?: string[];
  /** Not confirmed from the research or a registry-derived source. */
  verify?: boolean;
  notes?: string;
}

/** How a package reaches a model: its provider's remote API, or a model run locally or on a local server. */
export type ClientKind = 'api' | 'local';

/**
 * How a package reaches its provider's models, if it is a client of them: an llm-api package or
 * one marked `client: api` calls the remote API, a local-inference package or one marked
 * `client: local` runs the model locally; a framework's core, a vector database, an MCP SDK or a
 * package marked `client: none` (a tokenizer) is no client (undefined).
 */
export function clientOf(pkg: SdkPackage): ClientKind | undefined {
  if (pkg.client) return pkg.client === 'none' ? undefined : pkg.client;
  return pkg.category === 'llm-api' ? 'api' : pkg.category === 'local-inference' ? 'local' : undefined;
}

export interface SdkProvider {
  id: string;
  name: string;
  /** Its API service's title, when not its name ("Google Gemini" for the "<title> API" service). */
  service?: string;
  /** Its clients route each call by the model name (litellm, LangChain, the AI SDK). */
  routes?: boolean;
  /** Its local clients call a server of its own (Ollama's): where its service exists, it is used through them. */
  server?: boolean;
  /** Its API serves its own models only: its clients are sent no other maker's model. */
  ownModels?: boolean;
  /** Its API serves no models (tracing, vector storage): no model goes to it, and its host re-targets no client. */
  noModels?: boolean;
}

export interface AiHostEntry {
  host: string;
  provider: string;
  wildcard?: boolean;
  port?: number;
  pathPrefix?: string;
  verify?: boolean;
}

export interface AiEnvVarEntry {
  name: string;
  provider: string;
  weak?: boolean;
  /**
   * A model hub's setting (HF_TOKEN): it downloads weights as much as it calls the provider's API,
   * so it says nothing of who runs an open-weight model the same file names.
   */
  hub?: boolean;
  verify?: boolean;
  /**
   * Texts that, in the same file, say the name belongs to another service of that name (the Gemini
   * exchange's GEMINI_API_KEY beside `api.gemini.com` or GEMINI_API_SECRET): there it is no evidence.
   */
  notWith?: string[];
}

export interface ModelNamePrefix {
  prefix: string;
  provider: string;
  verify?: boolean;
  /** An open-weight family: its maker is not the service that runs it. */
  open?: boolean;
}

/**
 * A provider prefix of a model reference, with its separator: `openai:` (`provider:model`, a
 * router's syntax: LangChain's init_chat_model, pydantic-ai, the AI SDK's provider registry) or
 * `groq/` (`provider/model`, LiteLLM's).
 */
/** A URL path with an `mcp` segment: an MCP server's endpoint. */
const MCP_PATH = /(?:^|\/)mcp(?:\/|$)/i;

export interface ModelProviderPrefix {
  prefix: string;
  provider: string;
  verify?: boolean;
  /**
   * A Hugging Face Hub host (`hf.co/`, ending in `/`): Ollama runs `hf.co/{user}/{repo}[:tag]`, any
   * GGUF repository of the Hub, so every valid repo id after it is a model, known family or not.
   */
  hub?: boolean;
}

/** What a model reference says about where it runs (SdkCatalog.modelRef). */
export interface ModelRef {
  /** The provider: its `provider:` or `provider/` prefix's when it has one, else its maker's. */
  provider: string;
  /**
   * A router's `provider:model` (`openai:gpt-4o`, `groq:llama-3.3-70b-versatile`): the router
   * calls that provider's service, whatever clients the file imports.
   */
  routed?: true;
  /** Known only by an open-weight family's name (no `provider/` or `provider:` prefix, no host): whoever runs it, not its maker's service. */
  open?: true;
}

/** Calls whose first positional argument is a model name, in one language (rules/sdk.yaml `modelCalls`). */
export interface ModelCallEntry {
  language: ModelCallLang;
  /** The catalog packages whose documented signatures these are. */
  packages: string[];
  names: string[];
  methods?: string[];
  /**
   * Which positional argument is the model name: 1 (the default), or 2 when the first names the
   * provider (`names` only); `last`: the second of two, or the only one (C#).
   */
  argument?: 1 | 2 | 'last';
  /** With `argument: 2`, the first arguments that make the call count: enum cases (`Provider::OpenAI`) or strings ('openai'). */
  providers?: { enums: string[]; values: string[]; ids?: Record<string, string> };
  /** The provider whose service the call is, whatever the file imports (ModelCalls.fixed; C#). */
  provider?: string;
  /** JS: a variable one of these packages' `create…` factories is assigned to is a callee too (ModelCalls.factoryPackages). */
  factories?: boolean;
  notes?: string;
}

/** A class whose constants or enum cases name models (rules/sdk.yaml `modelConstants`). */
export interface ModelConstantEntry {
  language: 'php' | 'go' | 'java';
  /** The catalog packages that define the class. */
  packages: string[];
  /** Fully qualified, without a leading `\`: `LLPhant\AnthropicConfig`; Go: the package's import path; Java: `com.openai.models.ChatModel`. */
  class: string;
  /** Go: the package name (`openai` for github.com/sashabaranov/go-openai). */
  name?: string;
  form: 'constant' | 'enum';
  /** Constant or case name → model id. */
  models: Record<string, string>;
  notes?: string;
}

/** A config file of an AI gateway or coding assistant that names the models it calls (rules/sdk.yaml `modelConfigs`). */
export interface ModelConfigEntry {
  /** A glob over the repo-relative path. */
  path: string;
  /** The gateway or assistant: litellm, continue, aider, opencode, claude-code, codex. */
  tool: string;
  format: 'json' | 'yaml' | 'toml' | 'properties';
  /** A word the text must hold (a config known only by its extension: LiteLLM's). */
  content?: string;
  /**
   * Top-level keys holding a model entry or a list of them (`$`: the root, a file that is the list), `model` the entry's key (dotted) of its
   * model, `provider` of its provider (or several keys, the first present winning: MLflow's
   * `model.config.openai_api_type: azure` before `model.provider: openai`).
   */
  lists?: string[];
  model?: string;
  provider?: string | string[];
  /** Top-level keys whose values are model strings, and `providerKey` the one naming their provider. */
  keys?: string[];
  providerKey?: string;
  /** The tool's names of providers that are not the catalog's: `gemini` → google. */
  providers?: Record<string, string>;
  /** Key paths whose values are model strings, each for the provider id given (Spring AI's). */
  keyProviders?: Record<string, string>;
  /** The entry's key of its client's base URL (or several, the first present winning); for `keys`, root keys. */
  base?: string | string[];
  /** Key paths of base URLs, each for the provider id whose `keyProviders` models it rebases. */
  baseKeys?: Record<string, string>;
  /** Models written as `provider:[type:]model` (promptfoo's provider ids): the type words. */
  providerIds?: string[];
  /** The tool's short model names (Aider's `sonnet`): alias → the provider it stands for. */
  aliases?: Record<string, string>;
  /** Root keys that, true, choose a model: key → the model or alias. */
  switches?: Record<string, string>;
  /** The tool's words in a model's place that name no model (Continue's `AUTODETECT`: the provider lists its models). */
  notModels?: string[];
  notes?: string;
}

export type ModelCallLang = 'js' | 'python' | 'go' | 'csharp' | 'rust' | 'ruby' | 'php' | 'swift' | 'java';

export interface McpConfigFile {
  path: string;
  client: string;
  key: string;
  format: McpFormat;
  /** `list`: the servers are a list of entries with a `name` (Continue), not an object keyed by name. */
  layout?: 'map' | 'list';
  /** The key inside each entry that holds the server's fields (Continue's old config.json: `transport`). */
  transport?: string;
  /** A key that holds one server entry, read beside `key` (Continue's older `experimental.modelContextProtocolServer`). */
  single?: string;
  /** Servers are read only from a file whose text holds this (McpShape.content). */
  content?: string;
  verify?: boolean;
}

/** Where and how a config file holds its MCP servers (what mcpServers() needs). */
export interface McpConfigMatch extends McpShape {
  client: string;
  key: string;
  format: McpFormat;
}

export interface McpLauncher {
  command: string;
  fetches: boolean;
  ecosystem: 'npm' | 'pypi' | 'golang' | 'docker';
  pin: string;
  pinned: string[];
  unpinned: string[];
}

/** An AI container image repository, or with `prefix` a namespace of them (rules/sdk.yaml `images`). */
export interface AiImageEntry {
  image: string;
  provider: string;
  category: AiCategory;
  prefix?: boolean;
  verify?: boolean;
  notes?: string;
}

/** A cloud AI resource type of Terraform (rules/sdk.yaml `cloudResources`). */
export interface CloudResourceEntry {
  /** Terraform (the default), Azure's Bicep and ARM, CloudFormation. */
  syntax?: 'terraform' | 'azure' | 'cloudformation';
  resource: string;
  provider: string;
  /** Attribute values the entry needs (any of the listed, per attribute). */
  when?: Record<string, string[]>;
  /** Attributes that name models. */
  models?: string[];
  notes?: string;
}

export type ImportLang = 'js' | 'python' | 'go' | 'java' | 'csharp' | 'rust' | 'ruby' | 'php' | 'dart' | 'swift';

export interface HostMatch {
  /** hostname[:port] as the URL has it (lower-case; the default port is dropped). */
  host: string;
  provider: string;
  /** scheme://host[:port]/path, without credentials, query or fragment. */
  endpoint: string;
}

export interface SdkCatalog {
  readonly packages: readonly SdkPackage[];
  readonly providers: readonly SdkProvider[];
  readonly hosts: readonly AiHostEntry[];
  readonly docHosts: readonly string[];
  readonly envVars: readonly AiEnvVarEntry[];
  readonly modelNamePrefixes: readonly ModelNamePrefix[];
  readonly modelProviderPrefixes: readonly ModelProviderPrefix[];
  readonly modelCallEntries: readonly ModelCallEntry[];
  readonly modelConstantEntries: readonly ModelConstantEntry[];
  readonly mcpConfigFiles: readonly McpConfigFile[];
  readonly mcpLaunchers: readonly McpLauncher[];
  /** Packages that bridge a stdio client to a remote server named by a URL argument (rules/mcp.yaml remoteBridges). */
  readonly mcpRemoteBridges: ReadonlySet<string>;
  readonly images: readonly AiImageEntry[];
  readonly cloudResources: readonly CloudResourceEntry[];
  /**
   * The AI image entry of a normalized reference (src/lang/images.ts parseImageRef): the repository's own, else the longest namespace's.
   * With no registry (a variable names it: src/lang/images.ts siteImage), by the repository path on any registry.
   */
  imageOf(ref: { registry?: string; path: string }): AiImageEntry | undefined;
  /**
   * The app-wide client setting a config file is (rules/sdk.yaml `appClientConfigs`): the package
   * whose client it configures, the keys that hold its base URL, and the app's root folder (the one
   * holding the path's last `config/`).
   */
  appClientConfig(path: string): { ecosystem: Ecosystem; package: string; keys: readonly string[]; root: string; uses: boolean } | undefined;
  /** The artifacts (a Maven `group:` prefix) a BOM gives its own version, when the catalog says it versions them all alike (rules/sdk.yaml `boms`). */
  bomMembers(name: string): string | undefined;
  /**
   * Whether code uses this declared package without importing it (rules/sdk.yaml `autoconfigured`:
   * a Spring Boot starter or a Quarkus extension, wired by the framework from configuration).
   */
  autoconfigured(ecosystem: Ecosystem, name: string): boolean;
  /**
   * Whether a Python import names a module of a prefix family's form (`langchain_redis` for the
   * `langchain-` family: its name with `_` for `-`) that no catalog entry names: the inventory joins
   * it to a declared member of the family (`langchain-redis`), and to nothing else.
   */
  familyModule(specifier: string): boolean;
  /** A declared dependency's catalog entry (names as the ecosystem writes them). */
  byPackage(ecosystem: Ecosystem, name: string): SdkPackage | undefined;
  /** An import specifier's catalog entry (as the code writes it). */
  byImport(lang: ImportLang, specifier: string): SdkPackage | undefined;
  /** An AI API URL's provider and endpoint; documentation hosts and anything else → undefined. */
  hostOf(url: string): HostMatch | undefined;
  /**
   * An http(s) URL no catalog host matches (nor a documentation host), as the `unlisted` provider's
   * endpoint: for a base URL an AI client is given (`baseURL: "https://api.llm7.io/v1"`).
   */
  unlistedHost(url: string): HostMatch | undefined;
  /**
   * The provider of a model name such as 'gpt-4o', 'claude-sonnet-4', 'meta-llama/Llama-3.1-8B',
   * 'openai:gpt-4o', 'groq/llama3-8b-8192' (modelRef's provider).
   */
  providerOfModel(name: string): string | undefined;
  /**
   * A model reference's provider, and whether a router's `provider:` prefix names its service;
   * undefined when it is no model name the catalog knows.
   */
  modelRef(name: string): ModelRef | undefined;
  /** The calls of a language whose first positional argument is a model name; undefined when it has none. */
  modelCalls(lang: ModelCallLang): ModelCalls | undefined;
  /** The classes of a language whose constants or enum cases name models; undefined when it has none. */
  modelConstants(lang: ModelConstantEntry['language']): ModelConstants | undefined;
  /**
   * Client names (SdkPackage.clientNames) of a model hub's provider (a `hub` modelProviderPrefix's:
   * Hugging Face's InferenceClient, smolagents' InferenceClientModel), by name: such a client serves
   * any repository of the hub, so a `org/name` id given to it is its model whatever its family.
   */
  readonly hubClients: ReadonlyMap<string, string>;
  /**
   * The AI env var of this name, when it is evidence in a file with this text (none of its
   * `notWith` texts there); without a text, whatever the file.
   */
  envVar(name: string, text?: string): { provider: string; weak?: boolean; hub?: boolean } | undefined;
  /**
   * The provider an upper-case env var or constant name is named for by its leading segments:
   * the longest one that begins a catalog env var of one provider only (GROQ_MODEL → groq, as
   * GROQ_API_KEY is; AZURE_OPENAI_CHAT_MODEL → azure-openai). Weak names (GOOGLE_API_KEY) and a
   * prefix several providers' names share say nothing.
   */
  envNameProvider(name: string): string | undefined;
  /** The model config (modelConfigs) a repo-relative path with this text is, if any. */
  modelConfig(path: string, text: string): ModelConfigEntry | undefined;
  /**
   * The catalog provider a tool's provider name is: the entry's own name for it, a catalog provider
   * id, or a model-name namespace or router prefix without its separator (`bedrock` → aws-bedrock);
   * with `prefix` (the `x` of a model string's `x/…`), a namespace before a provider id.
   */
  providerNamed(name: string, entry?: ModelConfigEntry, prefix?: boolean): string | undefined;
  /** The MCP client configuration a (repo-relative) path is, if any. */
  mcpConfig(path: string): McpConfigMatch | undefined;
  mcpLauncher(command: string): McpLauncher | undefined;
}

/** A Java class's name below its package: `OpenAiApi.ChatModel` for `org.springframework.ai.openai.api.OpenAiApi.ChatModel`. */
function javaClassName(fqcn: string): string {
  const parts = fqcn.split('.');
  const i = parts.findIndex((p) => /^[A-Z]/.test(p));
  return (i < 0 ? parts.slice(-1) : parts.slice(i)).join('.');
}

// ---------------------------------------------------------------------------------------------
// Name normalization

/** PEP 503: lower-case, runs of `-`, `_`, `.` become one `-`. */
export function normalizePypi(name: string): string {
  return name.trim().toLowerCase().replace(/[-_.]+/g, '-');
}

/** crates.io treats `-` and `_` as the same name. */
function normalizeCargo(name: string): string {
  return name.trim().toLowerCase().replace(/_/g, '-');
}

function normalizeName(ecosystem: Ecosystem, name: string): string {
  switch (ecosystem) {
    case 'pypi':
    case 'conda':
      return normalizePypi(name);
    case 'cargo':
      return normalizeCargo(name);
    case 'nuget':
      return name.trim().toLowerCase(); // NuGet ids are case-insensitive
    case 'gem':
      // RubyGems keeps a name's case as published, but two names differing in case only are one
      // gem to Bundler's users: compared lower-cased.
      return name.trim().toLowerCase();
    case 'composer':
      return name.trim().toLowerCase(); // `vendor/package`, lower-case on Packagist
    case 'cocoapods':
      return name.trim().toLowerCase(); // trunk refuses names that differ in case only
    case 'githubactions':
      return name.trim().toLowerCase(); // `owner/repo`: GitHub's names are case-insensitive
    case 'swift':
      return swiftPackageId(name).toLowerCase(); // a repository URL: hosts and GitHub paths are case-insensitive
    case 'npm':
    case 'jsr':
      return name.trim();
    case 'pub':
      return name.trim(); // pub names are lower_case_with_underscores, compared as written
    case 'maven':
      // group:artifact[:version[:...]] → group:artifact
      return name.trim().split(':').slice(0, 2).join(':');
    case 'golang':
      return name.trim();
  }
}

const PY_DOTTED = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;
const GO_PATH = /^[^\s/]+(\/[^\s/]+)*$/;
/** A Ruby feature name as `require` takes it from the load path: no relative or absolute path. */
const RUBY_FEATURE = /^[A-Za-z0-9_][A-Za-z0-9_.+-]*(\/[A-Za-z0-9_.+-]+)*$/;
/** A Dart `package:` URI: the package name (lower-case letters, digits, `_`, as pub names are) and a path. */
const DART_PACKAGE_URI = /^package:([a-z_][a-z0-9_]*)\/./;
/** A Swift module name (an identifier; backquoted names are written without their backquotes). */
const SWIFT_IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** A PHP qualified name without its leading backslash (lower-cased). */
const PHP_NAME = /^[a-z_\x80-\uffff][a-z0-9_\x80-\uffff]*(\\[a-z_\x80-\uffff][a-z0-9_\x80-\uffff]*)*$/;

/** 'a.b.c' → ['a.b.c', 'a.b', 'a'] (longest first). */
/** At most this many segments in a catalog key looked up by its prefixes (a test keeps every catalog import and Go module within it). */
export const MAX_KEY_SEGMENTS = 16;

/**
 * The prefixes of `value` at `sep`, longest first, of at most MAX_KEY_SEGMENTS segments: no catalog
 * key is longer, and a hostile import path thousands of segments deep costs one split, not a
 * prefix per segment (23 s for a 40 KB Python import before the bound).
 */
function prefixesBy(sep: string, value: string): string[] {
  const parts = value.split(sep, MAX_KEY_SEGMENTS);
  const out: string[] = [];
  for (let i = parts.length; i > 0; i--) out.push(parts.slice(0, i).join(sep));
  return out;
}

/** An npm entry whose imports are entry points below the package (`firebase/ai`), not the package itself. */
function npmSubpathsOnly(p: SdkPackage): boolean {
  return !p.prefix && p.imports.length > 0 && p.imports.every((i) => i.startsWith(`${p.name}/`));
}

/** The npm package name of an import specifier ('@ai-sdk/openai/x' → '@ai-sdk/openai', 'openai/resources' → 'openai'). */
export function npmPackageOfSpecifier(specifier: string): string | undefined {
  const s = specifier.trim();
  if (!s || s.startsWith('.') || s.startsWith('/') || s.startsWith('#') || s.includes(':') || s.includes('\\')) return undefined;
  const parts = s.split('/');
  if (s.startsWith('@')) {
    const [scope = '', name = ''] = parts;
    if (scope.length < 2 || !name) return undefined;
    return `${scope}/${name}`;
  }
  return parts[0] || undefined;
}

// ---------------------------------------------------------------------------------------------
// Host patterns

/** A host pattern as a regex: leading `*.` / trailing `.*` = one or more labels, other `*` = part of a label. */
function hostRegex(pattern: string): RegExp {
  let p = pattern.toLowerCase();
  let head = '';
  let tail = '';
  if (p.startsWith('*.')) {
    head = '(?:[a-z0-9-]+\\.)+';
    p = p.slice(2);
  }
  if (p.endsWith('.*')) {
    tail = '(?:\\.[a-z0-9-]+)+';
    p = p.slice(0, -2);
  }
  const body = p
    .split('*')
    .map((s) => s.replace(/[.[\]\\^$+?(){}|]/g, '\\$&'))
    .join('[a-z0-9-]+');
  return new RegExp(`^${head}${body}${tail}$`);
}

/** Characters of an endpoint's path kept (the rest becomes `…`). */
export const MAX_ENDPOINT_PATH = 200;

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])(:\d+)?(\/|$)/i;

/**
 * The URL of an http(s) or ws(s) literal or of a bare host[:port][/path]; undefined for anything
 * else, and for an authority parsers read differently (a backslash in it: ambiguousAuthority), whose
 * host cannot be claimed.
 */
function parseUrl(raw: string): URL | undefined {
  let s = raw.trim();
  if (!s || /\s/.test(s)) return undefined;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(s)) {
    if (ambiguousAuthority(s)) return undefined;
  } else {
    // A bare host[:port][/path], as code often writes a base URL.
    if (!/^(\[[0-9a-f:]+\]|[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*)(:\d+)?(\/|$)/i.test(s)) return undefined;
    s = `${LOOPBACK.test(s) ? 'http' : 'https'}://${s}`;
  }
  try {
    const u = new URL(s);
    return ['http:', 'https:', 'ws:', 'wss:'].includes(u.protocol) ? u : undefined;
  } catch {
    return undefined;
  }
}

function pathUnder(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}/`);
}

// ---------------------------------------------------------------------------------------------
// Globs (for MCP config paths): `**/` = zero or more folders, `*` = any characters but `/`.

export function globRegex(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob.charAt(i);
    if (c === '*' && glob[i + 1] === '*') {
      if (glob[i + 2] === '/') {
        re += '(?:.*/)?';
        i += 2;
      } else {
        re += '.*';
        i += 1;
      }
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.[\]\\^$+(){}|]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/**
 * The keys that name nothing but an AI client's base URL, read for a URL no catalog host matches
 * (unlistedHost): not `endpoint` and the like, which other SDKs' clients take too (an S3 client's).
 */
export const UNLISTED_BASE_KEYS: ReadonlySet<string> = new Set(['baseURL', 'baseUrl', 'base_url', 'apiBase', 'api_base', 'openai_api_base', 'api_base_url', 'host', 'serverURL', 'server_url', 'azure_endpoint', 'azureOpenAIEndpoint']);
/**
 * The keys of the Go and Rust AI clients' own base URL options, which name no call (`via`): openai-go's
 * and anthropic-sdk-go's `option.WithBaseURL("…")`, go-openai's `ClientConfig{BaseURL: "…"}`,
 * async-openai's `OpenAIConfig::new().with_api_base("…")`, openai-api-rs's `.with_endpoint("…")`,
 * chatgpt_rs's `.api_url(Url::parse("…"))`.
 * Read for an unlisted host only in a file that imports an AI package, as UNLISTED_BASE_KEYS are.
 */
export const CLIENT_OPTION_BASE_KEYS: ReadonlySet<string> = new Set(['WithBaseURL', 'BaseURL', 'with_api_base', 'with_endpoint', 'api_url']);

/** The provider id of an AI endpoint the catalog does not list (rules/sdk.yaml providers: `unlisted`). */
export const UNLISTED_PROVIDER = 'unlisted';

/** A URL's host and endpoint (no query or fragment; the path shown up to MAX_ENDPOINT_PATH characters: a hostile literal must not put megabytes into the inventory). */
function hostMatch(u: URL, provider: string): HostMatch {
  const host = u.host.toLowerCase();
  const path = u.pathname || '/';
  const shown = path.length > MAX_ENDPOINT_PATH ? `${path.slice(0, MAX_ENDPOINT_PATH)}…` : path;
  return { host, provider, endpoint: `${u.protocol}//${host}${shown === '/' ? '' : shown}` };
}

/** The longest name envNameProvider reads. */
const MAX_ENV_NAME = 128;

/**
 * The prefixes front-end build tools expose a variable to browser code by (Vite's `VITE_`,
 * Next.js's `NEXT_PUBLIC_`, Create React App's `REACT_APP_`, Expo's, Nuxt's, SvelteKit's, Gatsby's,
 * Vue CLI's): `VITE_GEMINI_API_KEY` is GEMINI_API_KEY, bundled into the page.
 */
export const PUBLIC_ENV_PREFIX = /^(?:VITE|NEXT_PUBLIC|REACT_APP|EXPO_PUBLIC|NUXT_PUBLIC|PUBLIC|GATSBY|VUE_APP)_(?=[A-Z])/;

/**
 * A Bedrock model id: an optional cross-region prefix, one of Bedrock's model vendors, a dot, the
 * model, no path (`meta.llama3-8b-instruct-v1:0`, `us.anthropic.claude-…-v1:0`; not `hf.co/…`).
 */
const BEDROCK_ID = /^(?:(?:us|eu|apac|global|us-gov|jp|au|ca)\.)?(?:amazon|anthropic|ai21|cohere|deepseek|meta|mistral|stability|writer|luma|twelvelabs|openai|qwen|minimax|moonshot|nvidia)\.[a-z][^/]*$/;

/** Whether a model name is a Bedrock model or inference profile id (not one with a router's `bedrock/` prefix: callers check ModelRef.routed). */
export function isBedrockModelId(model: string): boolean {
  return BEDROCK_ID.test(model.trim().toLowerCase());
}

/**
 * Whether a model name is a Vertex AI publisher model version (`claude-3-5-sonnet-v2@20241022`,
 * `mistral-large@2407`): the `@` version is Vertex AI's own spelling, which no other API takes.
 */
export function isVertexModelId(model: string): boolean {
  return /^[a-z][a-z0-9._-]*@\d{3,8}$/.test(model.trim().toLowerCase());
}

/**
 * The globs (globRegex's `**`, `*`, `?`) a path matches, in the globs' order, testing only those
 * whose last segment can match the path's: a literal last segment must equal the path's base name,
 * a wild one must end with the literal text after its last `*` or `?`. Called on every walked file,
 * so the common case (no glob names the file) tests no regex.
 */
export function globIndex(globs: readonly string[]): (path: string) => Iterable<number> {
  const res = globs.map((g) => globRegex(g));
  const exact = new Map<string, number[]>();
  const wild: { i: number; tail: string }[] = [];
  globs.forEach((g, i) => {
    const last = g.slice(g.lastIndexOf('/') + 1);
    const at = Math.max(last.lastIndexOf('*'), last.lastIndexOf('?'));
    if (at < 0) exact.set(last, [...(exact.get(last) ?? []), i]);
    else wild.push({ i, tail: last.slice(at + 1) });
  });
  return function* (path: string) {
    const p = path.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
    const base = p.slice(p.lastIndexOf('/') + 1);
    const named = exact.get(base) ?? [];
    const candidates = wild.length === 0 ? named : [...named, ...wild.filter((w) => base.endsWith(w.tail)).map((w) => w.i)].sort((a, b) => a - b);
    for (const i of candidates) if (res[i]!.test(p)) yield i;
  };
}

// ---------------------------------------------------------------------------------------------
// Model names

function isAlnum(c: string): boolean {
  return /^[a-z0-9]$/.test(c);
}

/** The prefix ends on a word boundary of the name: 'llama' fits 'llama3' and 'llama-3', not 'llamax'; 'o1' not 'o10'. */
function prefixFits(name: string, prefix: string): boolean {
  if (!name.startsWith(prefix)) return false;
  const last = prefix.charAt(prefix.length - 1);
  const next = name.charAt(prefix.length);
  if (next === '' || !isAlnum(last) || !isAlnum(next)) return true;
  return /[a-z]/.test(last) && /[0-9]/.test(next);
}

// ---------------------------------------------------------------------------------------------

interface PrefixEntry {
  key: string;
  pkg: SdkPackage;
}

function addFirst<K, V>(map: Map<K, V>, key: K, value: V): void {
  if (!map.has(key)) map.set(key, value);
}

const cache = new WeakMap<RuleSet, SdkCatalog>();

/** The catalog of a rule set, built once per RuleSet. */
export function sdkCatalog(rules: RuleSet = loadRules()): SdkCatalog {
  const hit = cache.get(rules);
  if (hit) return hit;
  const built = buildCatalog(rules);
  cache.set(rules, built);
  return built;
}

function buildCatalog(rules: RuleSet): SdkCatalog {
  const sdk = rules.catalogs.get('sdk') ?? {};
  const mcp = rules.catalogs.get('mcp') ?? {};
  const packages = (sdk.packages as SdkPackage[] | undefined) ?? [];
  const providers = (sdk.providers as SdkProvider[] | undefined) ?? [];
  const hosts = (sdk.hosts as AiHostEntry[] | undefined) ?? [];
  const docHosts = (sdk.docHosts as string[] | undefined) ?? [];
  const envVars = (sdk.envVars as AiEnvVarEntry[] | undefined) ?? [];
  const modelNamePrefixes = (sdk.modelNamePrefixes as ModelNamePrefix[] | undefined) ?? [];
  const modelProviderPrefixes = (sdk.modelProviderPrefixes as ModelProviderPrefix[] | undefined) ?? [];
  const modelCallEntries = (sdk.modelCalls as ModelCallEntry[] | undefined) ?? [];
  const modelConstantEntries = (sdk.modelConstants as ModelConstantEntry[] | undefined) ?? [];
  const mcpConfigFiles = (mcp.configFiles as McpConfigFile[] | undefined) ?? [];
  const modelConfigEntries = (sdk.modelConfigs as ModelConfigEntry[] | undefined) ?? [];
  const mcpLaunchers = (mcp.launchers as McpLauncher[] | undefined) ?? [];
  const mcpRemoteBridges: ReadonlySet<string> = new Set(((mcp.remoteBridges as { package: string }[] | undefined) ?? []).map((b) => b.package));
  const images = (sdk.images as AiImageEntry[] | undefined) ?? [];
  const autoconfiguredEntries = ((sdk.autoconfigured as { ecosystem: Ecosystem; artifact: string }[] | undefined) ?? []).map((a) => ({ ecosystem: a.ecosystem, artifact: new RegExp(a.artifact) }));
  const appClientConfigEntries = (sdk.appClientConfigs as { path: string; ecosystem: Ecosystem; package: string; keys: string[]; uses?: boolean }[] | undefined) ?? [];
  const bomIndex = new Map(((sdk.boms as { bom: string; members: string }[] | undefined) ?? []).map((b) => [b.bom.toLowerCase(), b.members]));
  const cloudResources = (sdk.cloudResources as CloudResourceEntry[] | undefined) ?? [];

  // Packages: exact names per ecosystem (first entry wins) and prefix entries, longest first.
  const exact = new Map<Ecosystem, Map<string, SdkPackage>>();
  const prefixes = new Map<Ecosystem, PrefixEntry[]>();
  for (const pkg of packages) {
    const key = normalizeName(pkg.ecosystem, pkg.name);
    if (pkg.prefix) {
      const list = prefixes.get(pkg.ecosystem) ?? [];
      list.push({ key: pkg.ecosystem === 'pypi' || pkg.ecosystem === 'conda' ? normalizePrefixPypi(pkg.name) : key, pkg });
      prefixes.set(pkg.ecosystem, list);
    } else {
      const m = exact.get(pkg.ecosystem) ?? new Map<string, SdkPackage>();
      addFirst(m, key, pkg);
      exact.set(pkg.ecosystem, m);
    }
  }
  for (const list of prefixes.values()) list.sort((a, b) => b.key.length - a.key.length);

  // Imports per language. Exact (non-prefix) entries go first so that they win over a scope entry.
  const ordered = [...packages.filter((p) => !p.prefix), ...packages.filter((p) => p.prefix)];
  const importIndex = (eco: Ecosystem, norm: (s: string) => string = (s) => s): Map<string, SdkPackage> => {
    const m = new Map<string, SdkPackage>();
    for (const p of ordered) if (p.ecosystem === eco) for (const i of p.imports) addFirst(m, norm(i), p);
    return m;
  };
  const pyImports = importIndex('pypi');
  for (const [k, v] of importIndex('conda')) addFirst(pyImports, k, v);
  const goImports = importIndex('golang');
  // The module path is an import path of its own, unless the entry names only some of its
  // packages (github.com/ollama/ollama: its api package is the client, its server package is not).
  for (const p of ordered) if (p.ecosystem === 'golang' && (!p.imports.length || p.imports.includes(p.name))) addFirst(goImports, p.name, p);
  const javaImports = importIndex('maven');
  const csImports = importIndex('nuget');
  const rustImports = importIndex('cargo', (s) => s.replace(/-/g, '_'));
  // Ruby: the feature a `require` names ('openai', 'langchain', 'aws-sdk-bedrockruntime'); PHP: a
  // namespace prefix ('OpenAI', 'Prism\Prism'), case-insensitive as PHP resolves names.
  const rubyImports = importIndex('gem');
  const phpImports = importIndex('composer', (s) => s.toLowerCase());
  // Dart: the package a `package:<name>/…` URI names.
  const dartImports = importIndex('pub');
  // Swift: module names, case-sensitive as the compiler resolves them (`import OpenAI`).
  const swiftImports = importIndex('swift');

  const byPackage = (ecosystem: Ecosystem, name: string): SdkPackage | undefined => {
    if (!name) return undefined;
    if (ecosystem === 'conda') return lookup('conda', name) ?? lookup('pypi', name);
    return lookup(ecosystem, name);
  };

  function lookup(ecosystem: Ecosystem, name: string): SdkPackage | undefined {
    const key = normalizeName(ecosystem, name);
    if (!key) return undefined;
    const ex = exact.get(ecosystem);
    if (ecosystem === 'golang') {
      // A module path matches its own entry or a parent module's (sub-packages, /vN suffixes).
      if (!GO_PATH.test(key)) return undefined;
      for (const p of prefixesBy('/', key)) {
        const hit = ex?.get(p);
        if (hit) return hit;
      }
      return undefined;
    }
    const hit = ex?.get(key);
    if (hit) return hit;
    // A pod's subspec (`FirebaseAI/Core`) is of its pod, unless the subspec has an entry of its own.
    if (ecosystem === 'cocoapods' && key.includes('/')) return ex?.get(key.slice(0, key.indexOf('/')));
    for (const { key: pre, pkg } of prefixes.get(ecosystem) ?? []) {
      if (key.length > pre.length && key.startsWith(pre)) return pkg;
    }
    return undefined;
  }

  const byImport = (lang: ImportLang, specifier: string): SdkPackage | undefined => {
    const spec = specifier.trim();
    if (!spec) return undefined;
    switch (lang) {
      case 'js': {
        // `jsr:@openai/openai`: a JSR package (the front-ends write a `jsr:` import so).
        if (spec.startsWith('jsr:')) {
          const j = jsrImportOf(spec);
          return j ? byPackage('jsr', j.name) : undefined;
        }
        const pkg = npmPackageOfSpecifier(spec);
        if (!pkg) return undefined;
        // A bare name is the npm package's; a JSR package of a name npm has not (`@openai/openai`,
        // mapped by deno.json's `imports` or installed by `npx jsr add`) is the JSR one's, and so is
        // the name JSR's npm registry serves it under (`@jsr/openai__openai`).
        const jsr = jsrNameOfNpm(pkg);
        if (jsr !== undefined) return byPackage('jsr', jsr);
        const npm = byPackage('npm', pkg);
        if (npm === undefined) return pkg.startsWith('@') ? byPackage('jsr', pkg) : undefined;
        // A package AI only through some entry points (firebase: firebase/ai) lists them as its imports.
        return npmSubpathsOnly(npm) && !npm.imports.some((i) => spec === i || spec.startsWith(`${i}/`)) ? undefined : npm;
      }
      case 'python': {
        if (!PY_DOTTED.test(spec)) return undefined; // relative ('.x'), or not a module name
        for (const p of prefixesBy('.', spec)) {
          const hit = pyImports.get(p);
          if (hit) return hit;
        }
        return undefined;
      }
      case 'go': {
        if (!GO_PATH.test(spec) || spec.startsWith('.')) return undefined;
        for (const p of prefixesBy('/', spec)) {
          const hit = goImports.get(p);
          if (hit) return hit;
        }
        return undefined;
      }
      case 'java':
      case 'csharp': {
        const s = spec.replace(/^static\s+/, '').replace(/\.\*$/, '').replace(/;$/, '');
        if (!PY_DOTTED.test(s)) return undefined;
        const index = lang === 'java' ? javaImports : csImports;
        for (const p of prefixesBy('.', s)) {
          const hit = index.get(p);
          if (hit) return hit;
        }
        return undefined;
      }
      case 'ruby': {
        // `require 'langchain/llm/openai'` is the langchain feature's file: the longest listed prefix.
        if (!RUBY_FEATURE.test(spec)) return undefined;
        for (const p of prefixesBy('/', spec)) {
          const hit = rubyImports.get(p);
          if (hit) return hit;
        }
        return undefined;
      }
      case 'dart': {
        // `package:google_generative_ai/google_generative_ai.dart`: the package is the first segment.
        const m = DART_PACKAGE_URI.exec(spec);
        return m ? dartImports.get(m[1] as string) : undefined;
      }
      case 'php': {
        const s = spec.replace(/^\\/, '').toLowerCase();
        if (!PHP_NAME.test(s)) return undefined;
        for (const p of prefixesBy('\\', s)) {
          const hit = phpImports.get(p);
          if (hit) return hit;
        }
        return undefined;
      }
      case 'swift': {
        // `import OpenAI`, `import OpenAI.Models`, `import struct OpenAI.ChatQuery`: the module is
        // the first segment, matched exactly (OpenAIHelpers is another module).
        const mod = spec.split('.')[0] ?? '';
        return SWIFT_IDENT.test(mod) ? swiftImports.get(mod) : undefined;
      }
      case 'rust': {
        const s = spec.replace(/^::/, '');
        const crate = (s.split('::')[0] ?? '').replace(/-/g, '_');
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(crate) || ['crate', 'self', 'super', 'std', 'core', 'alloc'].includes(crate)) return undefined;
        return rustImports.get(crate);
      }
    }
  };

  // Hosts
  const docRes = docHosts.map(hostRegex);
  const hostRes = hosts.map((h) => ({ h, re: hostRegex(h.host), specificity: (h.pathPrefix?.length ?? 0) * 4 + (h.port ? 2 : 0) + (h.wildcard ? 0 : 1) }));
  const hostOf = (raw: string): HostMatch | undefined => {
    const u = parseUrl(raw);
    if (!u) return undefined;
    const hostname = u.hostname.toLowerCase().replace(/\.$/, '');
    if (!hostname || docRes.some((re) => re.test(hostname))) return undefined;
    const port = u.port ? Number(u.port) : undefined;
    const path = u.pathname || '/';
    // An MCP server's endpoint on an AI provider's host (GitHub's https://api.githubcopilot.com/mcp/,
    // Zhipu's /api/mcp/…): a tool server, not the provider's model API.
    if (MCP_PATH.test(path)) return undefined;
    let best: { h: AiHostEntry; specificity: number } | undefined;
    for (const { h, re, specificity } of hostRes) {
      if (!re.test(hostname)) continue;
      if (h.port !== undefined && h.port !== port) continue;
      if (h.pathPrefix && !pathUnder(path, h.pathPrefix)) continue;
      if (!best || specificity > best.specificity) best = { h, specificity };
    }
    if (!best) return undefined;
    return hostMatch(u, best.h.provider);
  };
  const unlistedHost = (raw: string): HostMatch | undefined => {
    const u = parseUrl(raw);
    if (!u || (u.protocol !== 'http:' && u.protocol !== 'https:') || hostOf(raw) !== undefined) return undefined;
    const hostname = u.hostname.toLowerCase().replace(/\.$/, '');
    return !hostname || docRes.some((re) => re.test(hostname)) ? undefined : hostMatch(u, UNLISTED_PROVIDER);
  };

  // Model names: longest prefix first.
  const modelPrefixes = [...modelNamePrefixes].map((m) => ({ ...m, prefix: m.prefix.toLowerCase() })).sort((a, b) => b.prefix.length - a.prefix.length);
  /** The maker of a model name with no path: 'gpt-4o', 'llama3:8b', 'us.anthropic.claude-3-7-sonnet-20250219-v1:0'. */
  const makerEntry = (name: string): ModelNamePrefix | undefined => {
    const n = name.replace(/^(us|eu|apac|global|us-gov)\./, ''); // Bedrock cross-region inference profiles
    const candidates = [n];
    const dot = n.indexOf('.');
    if (dot > 0 && /^[a-z]+$/.test(n.slice(0, dot))) candidates.push(n.slice(dot + 1)); // Bedrock 'vendor.model'
    for (const c of candidates) for (const m of modelPrefixes) if (prefixFits(c, m.prefix)) return m;
    return undefined;
  };
  // Provider prefixes by separator, without it: 'openai:' → routers.get('openai').
  const routers = new Map<string, string>();
  const namespaces = new Map<string, string>();
  const hubHosts = new Set<string>();
  for (const p of modelProviderPrefixes) {
    const pre = p.prefix.toLowerCase();
    addFirst(pre.endsWith(':') ? routers : namespaces, pre.slice(0, -1), p.provider);
    if (p.hub === true && pre.endsWith('/')) hubHosts.add(pre.slice(0, -1));
  }
  /** `n` is trimmed, lower-case and at most 200 characters: each step below reads a shorter part of it. */
  const refOf = (n: string): ModelRef | undefined => {
    // A router's `provider:model` whose model is one ('openai:gpt-4o', 'bedrock:anthropic.claude-…-v1:0',
    // 'groq:openai/gpt-oss-120b'). An Ollama tag or a Bedrock id keeps its colon: 'mistral:7b' is
    // Ollama's mistral model (no model name follows the colon), 'llama3:8b' has no provider prefix.
    const colon = n.indexOf(':');
    const router = colon > 0 ? routers.get(n.slice(0, colon)) : undefined;
    if (router !== undefined && refOf(n.slice(colon + 1))) return { provider: router, routed: true };
    const slash = n.indexOf('/');
    if (slash < 0) {
      const maker = makerEntry(n);
      return maker === undefined ? undefined : { provider: maker.provider, ...(maker.open === true ? { open: true as const } : {}) };
    }
    // LiteLLM's `provider/model` ('groq/llama3-8b-8192', 'bedrock/anthropic.claude-…',
    // 'openrouter/anthropic/claude-3.5-sonnet'): the provider the prefix names, not the model's maker.
    const ns = namespaces.get(n.slice(0, slash));
    const inner = ns !== undefined ? refOf(n.slice(slash + 1)) : undefined;
    // Its maker's own open-weight model under the maker's name is a Hub repository id, not a
    // route to the maker's API: `openai/gpt-oss-20b`, `openai/whisper-large-v3` run wherever they are served.
    if (inner !== undefined && inner.open === true && inner.provider === ns && !inner.routed) return inner;
    if (ns !== undefined && (inner || (hubHosts.has(n.slice(0, slash)) && ollamaHubRepo(n.slice(slash + 1)) !== null))) return { provider: ns };
    // A path: 'meta-llama/Llama-3.1-8B', 'models/gemini-1.5-pro', 'openai/gpt-4o' → its last part's maker.
    const last = refOf(n.slice(n.lastIndexOf('/') + 1));
    return last === undefined ? undefined : { provider: last.provider, ...(last.open === true ? { open: true as const } : {}) };
  };
  const modelRef = (name: string): ModelRef | undefined => {
    const n = name.trim().toLowerCase();
    if (!n || n.length > 200) return undefined;
    // A local path (`/home/u/models/gemma-3-1b-it`, `./checkpoints/llama-2-7b-ft`, `C:\\models\\x`) is a
    // checkpoint on disk, whatever model it was trained from: no provider's.
    if (/^(?:\.{1,2}[\\/]|[\\/]|~[\\/]|[a-z]:[\\/])/.test(n)) return undefined;
    // A URL is where the weights come from, not a maker's API: WebLLM's
    // `model: "https://huggingface.co/mlc-ai/Qwen2-0.5B-Instruct-q0f16-MLC"` is a Hugging Face
    // download, not a call to Alibaba's API. Its host's provider when it is an AI host, or a model
    // hub's (modelProviderPrefixes with `hub`) when the path is a repository there (`{owner}/{repo}`,
    // not a page such as /docs/hub), else none.
    const scheme = /^[a-z][a-z0-9+.-]*:\/\//.exec(n);
    if (scheme !== null) {
      const h = hostOf(name.trim());
      if (h !== undefined) return { provider: h.provider };
      const rest = n.slice(scheme[0].length).replace(/[?#].*$/, '');
      const slash = rest.indexOf('/');
      const host = slash < 0 ? rest : rest.slice(0, slash);
      const hub = hubHosts.has(host) && ollamaHubRepo(rest.slice(slash + 1)) !== null ? namespaces.get(host) : undefined;
      return hub === undefined ? undefined : { provider: hub };
    }
    return refOf(n);
  };
  const providerOfModel = (name: string): string | undefined => modelRef(name)?.provider;

  // Model calls: one set of names and methods per language, built once.
  const callSets = new Map<ModelCallLang, ModelCalls>();
  for (const e of modelCallEntries) {
    const set: ModelCalls = callSets.get(e.language) ?? { names: new Set<string>(), methods: new Set<string>(), second: new Set<string>(), any: new Set<string>(), providers: new Map() };
    for (const n of e.names) (set[e.argument === 2 || e.argument === 'last' ? 'second' : 'names'] as Set<string>).add(n);
    if (e.argument === 'last') for (const n of e.names) ((set.last ??= new Set()) as Set<string>).add(n);
    if (e.providers) for (const n of e.names) (set.providers as Map<string, ModelCallProviders>).set(n, { enums: new Set(e.providers.enums), values: new Set(e.providers.values), ids: new Map(Object.entries(e.providers.ids ?? {})) });
    if (e.provider !== undefined) for (const n of e.names) ((set.fixed ??= new Map()) as Map<string, string>).set(n, e.provider);
    if (e.factories === true) for (const p of e.packages) ((set.factoryPackages ??= new Set()) as Set<string>).add(p);
    for (const m of e.methods ?? []) (set.methods as Set<string>).add(m);
    for (const x of [...e.names, ...(e.methods ?? [])]) (set.any as Set<string>).add(x);
    callSets.set(e.language, set);
  }
  const modelCalls = (lang: ModelCallLang): ModelCalls | undefined => callSets.get(lang);

  // Model constants: one map of classes per language, by lower-cased fully-qualified name.
  const constantSets = new Map<ModelConstantEntry['language'], Map<string, ModelConstantClass>>();
  for (const e of modelConstantEntries) {
    const set = constantSets.get(e.language) ?? new Map<string, ModelConstantClass>();
    // Java: the name below the package (what `import a.b.*;` lets a file write): the class's own,
    // or a nested one's with its outer classes (`OpenAiApi.ChatModel`), from the first segment that
    // starts upper-case (Java's packages are lower-case, its classes not).
    const name = e.name ?? (e.language === 'java' ? javaClassName(e.class) : undefined);
    addFirst(set, e.class.toLowerCase(), { form: e.form, models: new Map(Object.entries(e.models)), ...(name !== undefined ? { name } : {}) });
    constantSets.set(e.language, set);
  }
  const modelConstants = (lang: ModelConstantEntry['language']): ModelConstants | undefined => constantSets.get(lang);

  const envIndex = new Map<string, AiEnvVarEntry>();
  for (const e of envVars) addFirst(envIndex, e.name, e);
  // Whether an entry's notWith texts occur in a file, looked up once per entry and text: a file
  // may read the same env var thousands of times.
  let notWithText: string | undefined;
  const notWithFound = new Map<AiEnvVarEntry, boolean>();
  const cancelledIn = (e: AiEnvVarEntry, text: string): boolean => {
    if (notWithText !== text) {
      notWithText = text;
      notWithFound.clear();
    }
    let found = notWithFound.get(e);
    if (found === undefined) notWithFound.set(e, (found = e.notWith?.some((w) => text.includes(w)) === true));
    return found;
  };
  // Leading segments of the strong env var names, each to its provider (null: several share it).
  let envPrefixes: Map<string, string | null> | undefined;
  const envNameProvider = (name: string): string | undefined => {
    // Env var names are short; a hostile identifier of thousands of segments is none (and the lookup stays linear).
    if (name.length > MAX_ENV_NAME || !/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(name)) return undefined;
    if (envPrefixes === undefined) {
      envPrefixes = new Map();
      for (const e of envVars) {
        if (e.weak === true) continue;
        const seg = e.name.split('_');
        for (let k = 1; k < seg.length; k++) {
          const prefix = seg.slice(0, k).join('_');
          const had = envPrefixes.get(prefix);
          envPrefixes.set(prefix, had === undefined || had === e.provider ? e.provider : null);
        }
      }
    }
    const seg = name.split('_');
    for (let k = Math.min(seg.length - 1, MAX_KEY_SEGMENTS); k >= 1; k--) {
      const p = envPrefixes.get(seg.slice(0, k).join('_'));
      if (p !== undefined) return p ?? undefined;
    }
    return undefined;
  };
  // Behind a public prefix a key goes by more names than its SDK reads (`VITE_OPENAI_KEY`,
  // `NEXT_PUBLIC_ANTHROPIC_APIKEY`): `<X>_KEY`, `_APIKEY`, `_SECRET_KEY` or `_API_TOKEN` is the key of
  // `<X>_API_KEY`, a catalog name that says something alone (not a weak one).
  const publicKey = (rest: string) => {
    const direct = envIndex.get(rest);
    if (direct !== undefined) return direct;
    const m = /^([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*?)_(?:KEY|APIKEY|SECRET_KEY|API_TOKEN)$/.exec(rest);
    const k = m === null ? undefined : envIndex.get(`${m[1]}_API_KEY`);
    return k !== undefined && k.weak !== true ? k : undefined;
  };
  const envVar = (name: string, text?: string): { provider: string; weak?: boolean; hub?: boolean } | undefined => {
    const n = name.trim();
    const e = envIndex.get(n) ?? (PUBLIC_ENV_PREFIX.test(n) ? publicKey(n.replace(PUBLIC_ENV_PREFIX, '')) : undefined);
    if (!e) return undefined;
    if (text !== undefined && e.notWith !== undefined && cancelledIn(e, text)) return undefined;
    return { provider: e.provider, ...(e.weak === true ? { weak: true } : {}), ...(e.hub === true ? { hub: true } : {}) };
  };

  const modelConfigGlobs = globIndex(modelConfigEntries.map((e) => e.path));
  const modelConfig = (path: string, text: string): ModelConfigEntry | undefined => {
    for (const i of modelConfigGlobs(path)) {
      const e = modelConfigEntries[i]!;
      if (e.content === undefined || text.includes(e.content)) return e;
    }
    return undefined;
  };
  const hubProviders = new Set(modelProviderPrefixes.filter((p) => p.hub === true).map((p) => p.provider));
  const hubClients = new Map<string, string>();
  for (const p of packages) for (const [n, to] of Object.entries(p.clientNames ?? {})) if (hubProviders.has(to)) hubClients.set(n, to);
  const providerIds = new Set(providers.map((p) => p.id));
  const providerNamed = (name: string, entry?: ModelConfigEntry, prefix = false): string | undefined => {
    const n = name.trim().toLowerCase();
    const own = entry?.providers?.[n];
    if (own !== undefined) return own;
    // A model string's `azure/` is LiteLLM's namespace (Azure OpenAI), not the provider id azure (Azure AI).
    if (prefix) return namespaces.get(n) ?? (providerIds.has(n) ? n : routers.get(n));
    return providerIds.has(n) ? n : (namespaces.get(n) ?? routers.get(n));
  };

  const mcpConfigGlobs = globIndex(mcpConfigFiles.map((c) => c.path));
  const mcpConfig = (path: string): McpConfigMatch | undefined => {
    const first = mcpConfigGlobs(path)[Symbol.iterator]().next();
    if (first.done === true) return undefined;
    const { client, key, format, layout, transport, single, content } = mcpConfigFiles[first.value]!;
    return { client, key, format, ...(layout === 'list' ? { layout } : {}), ...(transport !== undefined ? { transport } : {}), ...(single !== undefined ? { single } : {}), ...(content !== undefined ? { content } : {}) };
  };

  const launcherIndex = new Map(mcpLaunchers.map((l) => [l.command, l]));
  const mcpLauncher = (command: string): McpLauncher | undefined => {
    // '/usr/local/bin/npx', 'npx.cmd', 'C:\\...\\uvx.exe' → the base command
    const base = command.trim().split(/[\\/]/).pop()?.replace(/\.(cmd|exe|bat|ps1)$/i, '').toLowerCase() ?? '';
    return launcherIndex.get(base);
  };

  // Images: repositories as registry/path (Docker Hub's names normalized), namespaces longest first.
  // The same without the registry (`ollama/ollama`, `nim/`), for a reference whose registry is a variable.
  const imageExact = new Map<string, AiImageEntry>();
  const imagePaths = new Map<string, AiImageEntry>();
  const imagePrefixes: { key: string; path: string; e: AiImageEntry }[] = [];
  for (const e of images) {
    const key = normalizeRepository(e.image, e.prefix === true);
    if (key === undefined) continue;
    const path = key.slice(key.indexOf('/') + 1);
    if (e.prefix) imagePrefixes.push({ key: `${key}/`, path: `${path}/`, e });
    else {
      addFirst(imageExact, key, e);
      addFirst(imagePaths, path, e);
    }
  }
  imagePrefixes.sort((a, b) => b.key.length - a.key.length);
  const imageOf = (ref: { registry?: string; path: string }): AiImageEntry | undefined => {
    if (ref.registry === undefined) return imagePaths.get(ref.path) ?? imagePrefixes.find((p) => ref.path.startsWith(p.path))?.e;
    const key = `${ref.registry}/${ref.path}`;
    return imageExact.get(key) ?? imagePrefixes.find((p) => key.startsWith(p.key))?.e;
  };

  const bomMembers = (name: string): string | undefined => bomIndex.get(name.trim().toLowerCase());
  const appClientGlobs = globIndex(appClientConfigEntries.map((e) => e.path));
  const appClientConfig = (path: string): { ecosystem: Ecosystem; package: string; keys: readonly string[]; root: string; uses: boolean } | undefined => {
    const first = appClientGlobs(path)[Symbol.iterator]().next();
    if (first.done === true) return undefined;
    const e = appClientConfigEntries[first.value]!;
    const at = `/${path}`.lastIndexOf('/config/');
    return { ecosystem: e.ecosystem, package: e.package, keys: e.keys, root: at <= 0 ? '' : path.slice(0, at - 1), uses: e.uses === true };
  };
  const familyModulePrefixes = packages.filter((p) => p.ecosystem === 'pypi' && p.prefix === true && p.imports.length === 0 && p.name.endsWith('-')).map((p) => p.name.replace(/-/g, '_'));
  const familyModule = (specifier: string): boolean => {
    const top = specifier.split('.')[0] ?? '';
    return familyModulePrefixes.some((f) => top.length > f.length && top.startsWith(f));
  };
  // The artifact id: what follows a Maven group's colon.
  const autoconfigured = (ecosystem: Ecosystem, name: string): boolean => autoconfiguredEntries.some((a) => a.ecosystem === ecosystem && a.artifact.test(name.slice(name.indexOf(':') + 1)));
  return {
    familyModule,
    appClientConfig,
    autoconfigured,
    bomMembers,
    packages,
    providers,
    hosts,
    docHosts,
    envVars,
    modelNamePrefixes,
    modelProviderPrefixes,
    modelCallEntries,
    modelConstantEntries,
    mcpConfigFiles,
    mcpLaunchers,
    mcpRemoteBridges,
    images,
    cloudResources,
    imageOf,
    byPackage,
    byImport,
    hostOf,
    unlistedHost,
    providerOfModel,
    modelRef,
    modelCalls,
    modelConstants,
    hubClients,
    envVar,
    envNameProvider,
    modelConfig,
    providerNamed,
    mcpConfig,
    mcpLauncher,
  };
}

/** A PyPI prefix ('langchain-', 'llama-index-') normalized, keeping its trailing separator. */
function normalizePrefixPypi(prefix: string): string {
  const n = normalizePypi(prefix);
  return n.endsWith('-') ? n : `${n}-`;
}
