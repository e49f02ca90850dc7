/**
 * The models an AI gateway's or coding assistant's config file names (rules/sdk.yaml
 * `modelConfigs`): LiteLLM's proxy `model_list` (`litellm_params.model: openai/gpt-4o`), Continue's
 * `models` (`provider: anthropic`, `model: claude-…`), Aider's `model` / `weak-model`, OpenCode's
 * `model: anthropic/claude-…`, Claude Code's `model`, Codex's `model` beside `model_provider`, Zed's
 * `agent.default_model` (`provider`, `model`), Gemini CLI's `model.name`, AutoGen's OAI_CONFIG_LIST.
 * Each model is a use of its provider's service, as a model name passed in code is; which
 * provider is for the catalog to say (the detector asks it).
 *
 * Pure: the file is parsed with the MCP config readers' line-keeping parsers (JSONC, YAML with
 * its size bound, TOML) and read with their dotted-key lookup (valueAt); a file that does not
 * parse gives a warning and no models.
 */
import { parseConfigDocuments, parseProperties, valueAt, type CfgNode, type McpFormat } from './mcp-config.js';

/** Where a config names a model: as written, with the tool's provider name beside it when it gives one. */
export interface ModelRoute {
  model: string;
  /** The tool's name of its provider (`provider: gemini`, Codex's `model_provider`), as written. */
  provider?: string;
  line: number;
  /** The base URL the config gives the model's client (LiteLLM's `api_base`, Spring AI's `base-url`), as written. */
  base?: string;
}

/**
 * What to read, from the config's catalog entry: `lists` and `keys` are dotted key paths from the
 * root (a list `$` is the root itself, a file that is one list); `keyProviders` maps a key path to the provider id its model, or list of models, is for (Spring AI's
 * `spring.ai.openai.chat.options.model`). A YAML file is read as a stream of documents (Spring
 * Boot's profiles, `---` between them), each read alike.
 */
export interface ModelConfigShape {
  format: McpFormat;
  lists?: readonly string[];
  model?: string;
  /** The entry's key (dotted) naming its provider, or several: the first one present wins. */
  provider?: string | readonly string[];
  keys?: readonly string[];
  providerKey?: string;
  keyProviders?: Readonly<Record<string, string>>;
  /** The tool's words in a model's place that name no model (Continue's `AUTODETECT`), in any case. */
  notModels?: readonly string[];
  /** The entry's key (dotted) of its client's base URL, or several (the first present wins); for `keys`, root keys. */
  base?: string | readonly string[];
  /** Key paths of base URLs, each for the provider id whose models (`keyProviders`) it rebases (Spring AI's `spring.ai.openai.base-url`). */
  baseKeys?: Readonly<Record<string, string>>;
  /**
   * Models written as provider ids, `provider:[type:]model` (promptfoo's `openai:chat:gpt-4.1`), an
   * entry of `lists` being that string or a map whose `model` key holds it; these are the type words.
   */
  providerIds?: readonly string[];
  /** The tool's short names for models (Aider's `sonnet`, `4o`), each with the provider (the tool's name of it) it stands for. */
  aliases?: Readonly<Record<string, string>>;
  /** Root keys that, set to true, choose a model (Aider's `sonnet: true`): key → the model (or alias) chosen. */
  switches?: Readonly<Record<string, string>>;
}

/** `${NAME:default}` (Spring's property placeholder with a default), the default captured. */
const PLACEHOLDER_DEFAULT = /^\$\{[A-Za-z0-9_.-]+:([^${}:]+)\}$/;

/** promptfoo's provider ids that run code or call a URL of the project's own: they name no model. */
const NOT_PROVIDER_IDS: ReadonlySet<string> = new Set(['file', 'exec', 'python', 'golang', 'js', 'ruby', 'package', 'http', 'https', 'ws', 'wss', 'echo', 'sequence', 'webhook', 'browser', 'simulated-user', 'manual-input', 'promptfoo']);

/** At most this many models from one file. */
const MAX_ROUTES = 500;

function text(n: CfgNode | undefined): string | undefined {
  return n?.t === 'str' && n.v.trim() !== '' && n.v.length <= 200 ? n.v.trim() : undefined;
}

/** The provider an entry names: the first of the keys given that holds a string. */
function entryProvider(entry: CfgNode, keys: string | readonly string[] | undefined): string | undefined {
  if (keys === undefined) return undefined;
  for (const k of typeof keys === 'string' ? [keys] : keys) {
    const v = text(valueAt(entry, k));
    if (v !== undefined) return v;
  }
  return undefined;
}

export function modelRoutes(path: string, source: string, shape: ModelConfigShape): { routes: ModelRoute[]; warnings: string[] } {
  const warnings: string[] = [];
  const routes: ModelRoute[] = [];
  // Every document of a YAML stream (a Spring Boot application.yml holds one per profile).
  const roots = shape.format === 'properties' ? [parseProperties(source)] : parseConfigDocuments(path, source, shape.format, warnings);
  const add = (model: CfgNode | undefined, provider: string | undefined, base?: string): void => {
    const m = text(model);
    if (m !== undefined && shape.notModels?.some((w) => w.toLowerCase() === m.trim().toLowerCase()) === true) return;
    // A wildcard route (LiteLLM's `openai/*`) passes any model through, a bare route (`azure/`) names none.
    if (m !== undefined && (m.includes('*') || m.endsWith('/'))) return;
    // A base read from the environment (LiteLLM's `api_base: os.environ/AZURE_API_BASE`, `${VAR}`) names no URL.
    const url = base !== undefined && !/^os\.environ\/|\$\{/.test(base.trim()) ? base : undefined;
    if (m !== undefined && model !== undefined && routes.length < MAX_ROUTES) routes.push({ model: m, ...(provider !== undefined ? { provider } : {}), line: model.line, ...(url !== undefined ? { base: url } : {}) });
  };
  /** `provider:[type:]model`: the model after the provider and a type word, with the provider beside it. */
  const providerId = (node: CfgNode | undefined, types: readonly string[]): void => {
    const id = text(node);
    const colon = id === undefined ? -1 : id.indexOf(':');
    if (id === undefined || node === undefined || colon <= 0 || id.slice(0, colon).includes('/') || NOT_PROVIDER_IDS.has(id.slice(0, colon).toLowerCase())) return;
    let rest = id.slice(colon + 1);
    // A URL (`https://…`, `file://provider.py`) is a custom provider: it names no model.
    if (rest.startsWith('//')) return;
    const second = rest.indexOf(':');
    if (second > 0 && types.includes(rest.slice(0, second).toLowerCase())) rest = rest.slice(second + 1);
    if (rest.trim() !== '') add({ t: 'str', line: node.line, v: rest }, id.slice(0, colon));
  };
  /** A string setting, a Spring placeholder read as its default; undefined for none or a placeholder without one. */
  const setting = (v: CfgNode | undefined): string | undefined => {
    if (v?.t !== 'str') return undefined;
    // A URL default holds colons itself: everything after the name's colon is the default.
    const d = /^\$\{[A-Za-z0-9_.-]+:([^${}]+)\}$/.exec(v.v.trim());
    return d !== null ? d[1]!.trim() : v.v.includes('${') ? undefined : text(v);
  };
  for (const root of roots) {
    if (root.t !== 'obj' && !(root.t === 'arr' && shape.lists?.includes('$') === true)) continue;
    for (const key of shape.lists ?? []) {
      const v = key === '$' ? root : valueAt(root, key);
      const entries = v?.t === 'arr' ? v.items : v?.t === 'obj' ? [v] : [];
      for (const e of entries) {
        if (shape.providerIds !== undefined) providerId(e.t === 'str' ? e : valueAt(e, shape.model ?? 'model'), shape.providerIds);
        else add(valueAt(e, shape.model ?? 'model'), entryProvider(e, shape.provider), entryProvider(e, shape.base));
      }
    }
    const provider = shape.providerKey === undefined ? undefined : text(valueAt(root, shape.providerKey));
    const rootBase = root.t === 'obj' ? entryProvider(root, shape.base) : undefined;
    // An alias is kept as written, with the provider it stands for (its dated model changes with the tool's releases).
    const aliasProvider = (m: string): string | undefined => (Object.hasOwn(shape.aliases ?? {}, m) ? shape.aliases?.[m] : undefined);
    for (const key of shape.keys ?? []) {
      const v = valueAt(root, key);
      add(v, (v?.t === 'str' ? aliasProvider(v.v.trim()) : undefined) ?? provider, rootBase);
    }
    for (const [key, model] of Object.entries(shape.switches ?? {})) {
      const v = valueAt(root, key);
      if (v !== undefined && ((v.t === 'other' && v.v === 'true') || (v.t === 'str' && v.v.trim().toLowerCase() === 'true'))) add({ t: 'str', line: v.line, v: model }, aliasProvider(model) ?? provider, rootBase);
    }
    // Each provider's base URL (the first of its keys that gives one).
    const bases = new Map<string, string>();
    for (const [key, id] of Object.entries(shape.baseKeys ?? {})) {
      const b = setting(valueAt(root, key));
      if (b !== undefined && !bases.has(id)) bases.set(id, b);
    }
    for (const [key, id] of Object.entries(shape.keyProviders ?? {})) {
      // A model string, or a list of them (the Ollama chart's `ollama.models.pull: [llama3.2]`).
      const at = valueAt(root, key);
      for (const v of at?.t === 'arr' ? at.items : [at]) {
        // A Spring placeholder with a default, `${OPENAI_MODEL:gpt-4o-mini}`: the default is the model where the variable is unset.
        const d = v?.t === 'str' ? PLACEHOLDER_DEFAULT.exec(v.v.trim()) : null;
        // One with no default (`${ANTHROPIC_MODEL}`) names no model here.
        if (d !== null && v !== undefined) add({ t: 'str', line: v.line, v: d[1]! }, id, bases.get(id));
        else if (v?.t === 'str' && !v.v.includes('${')) add(v, id, bases.get(id));
      }
    }
  }
  return { routes, warnings };
}
