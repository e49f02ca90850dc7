/**
 * The models an AI gateway's or coding assistant's config file names (rules/sdk.yaml
 * `modelConfigs`): LiteLLM's proxy `model_list` (`litellm_params.model: openai/gpt-4o`), Continue's
 * `models` (`provider: anthropic`, `model: claude-…`), Aider's `model` / `weak-model`, OpenCode's
 * `model: anthropic/claude-…`, Claude Code's `model`, Codex's `model` beside `model_provider`, Zed's
 * `agent.default_model` (`provider`, `model`), Gemini CLI's `model.name`.
 * Each model is a use of its provider's service, as a model name passed in code is; which
 * provider is for the catalog to say (the detector asks it).
 *
 * Pure: the file is parsed with the MCP config readers' line-keeping parsers (JSONC, YAML with
 * its size bound, TOML) and read with their dotted-key lookup (valueAt); a file that does not
 * parse gives a warning and no models.
 */
import { parseConfig, valueAt, type CfgNode, type McpFormat } from './mcp-config.js';

/** Where a config names a model: as written, with the tool's provider name beside it when it gives one. */
export interface ModelRoute {
  model: string;
  /** The tool's name of its provider (`provider: gemini`, Codex's `model_provider`), as written. */
  provider?: string;
  line: number;
}

/** What to read, from the config's catalog entry: `lists` and `keys` are dotted key paths from the root. */
export interface ModelConfigShape {
  format: McpFormat;
  lists?: readonly string[];
  model?: string;
  provider?: string;
  keys?: readonly string[];
  providerKey?: string;
}

/** At most this many models from one file. */
const MAX_ROUTES = 500;

function text(n: CfgNode | undefined): string | undefined {
  return n?.t === 'str' && n.v.trim() !== '' && n.v.length <= 200 ? n.v.trim() : undefined;
}

export function modelRoutes(path: string, source: string, shape: ModelConfigShape): { routes: ModelRoute[]; warnings: string[] } {
  const warnings: string[] = [];
  const routes: ModelRoute[] = [];
  const root = parseConfig(path, source, shape.format, warnings);
  if (root === undefined || root.t !== 'obj') return { routes, warnings };
  const add = (model: CfgNode | undefined, provider: string | undefined): void => {
    const m = text(model);
    if (m !== undefined && model !== undefined && routes.length < MAX_ROUTES) routes.push({ model: m, ...(provider !== undefined ? { provider } : {}), line: model.line });
  };
  for (const key of shape.lists ?? []) {
    const v = valueAt(root, key);
    const entries = v?.t === 'arr' ? v.items : v?.t === 'obj' ? [v] : [];
    for (const e of entries) add(valueAt(e, shape.model ?? 'model'), shape.provider === undefined ? undefined : text(valueAt(e, shape.provider)));
  }
  const provider = shape.providerKey === undefined ? undefined : text(valueAt(root, shape.providerKey));
  for (const key of shape.keys ?? []) add(valueAt(root, key), provider);
  return { routes, warnings };
}
