/** JSON schemas for rules/*.yaml: one for the rule metadata, one per family for its catalogs. */

export const RULES_FILE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['family', 'rules'],
  properties: {
    family: { type: 'string', pattern: '^[a-z][a-z0-9-]*$' },
    rules: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'title', 'severity', 'description', 'help', 'references'],
        properties: {
          id: { type: 'string', pattern: '^[a-z][a-z0-9-]*/[a-z0-9]+(-[a-z0-9]+)*$' },
          title: { type: 'string', minLength: 5 },
          severity: { enum: ['critical', 'high', 'medium', 'low', 'info'] },
          cwe: { type: 'array', items: { type: 'integer', minimum: 1 } },
          description: { type: 'string', minLength: 20 },
          help: { type: 'string', minLength: 20 },
          references: { type: 'array', minItems: 1, items: { type: 'string', pattern: '^https?://' } },
        },
      },
    },
    catalogs: { type: 'object' },
  },
} as const;

export const CATALOG_SCHEMAS: Record<string, object> = {
  model: {
    type: 'object',
    additionalProperties: false,
    required: ['formats'],
    properties: {
      formats: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['id', 'title', 'pickleBased', 'extensions', 'detect'],
          properties: {
            id: { type: 'string', pattern: '^[a-z0-9-]+$' },
            title: { type: 'string' },
            pickleBased: { type: 'boolean' },
            extensions: { type: 'array', items: { type: 'string', pattern: '^\\.[a-z0-9.]+$' } },
            detect: { type: 'string' },
          },
        },
      },
    },
  },
  // rules/pickle.yaml: written by fixtures/gen/make_pickle_rules.py; read by src/pickle/policy.ts.
  pickle: {
    type: 'object',
    additionalProperties: false,
    required: ['provenance', 'unsafe', 'aliases', 'components', 'introspection', 'safe', 'safePrefixes'],
    properties: {
      provenance: {
        type: 'object',
        additionalProperties: false,
        required: ['generator', 'peers', 'inputs'],
        properties: {
          generator: { type: 'string' },
          peers: {
            type: 'array',
            items: {
              type: 'object', additionalProperties: false, required: ['name', 'snapshot'],
              properties: { name: { enum: ['picklescan', 'modelscan', 'fickling', 'modelaudit'] }, snapshot: { type: 'string' } },
            },
          },
          inputs: {
            type: 'array',
            items: {
              type: 'object', additionalProperties: false, required: ['file', 'sha256'],
              properties: { file: { type: 'string' }, sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' } },
            },
          },
        },
      },
      unsafe: {
        type: 'array',
        minItems: 1,
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['module', 'names', 'reason', 'sources', 'refs'],
          properties: {
            module: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*$' },
            names: {
              type: 'array', minItems: 1, uniqueItems: true,
              items: { type: 'string', pattern: '^(\\*|[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*)$' },
            },
            reason: { type: 'string', minLength: 5 },
            sources: {
              type: 'array', minItems: 1, uniqueItems: true,
              items: { enum: ['picklescan', 'modelscan', 'fickling', 'modelaudit', 'lantern'] },
            },
            refs: {
              type: 'array', uniqueItems: true,
              items: { type: 'string', pattern: '^(GHSA(-[0-9a-z]{4}){3}|CVE-\\d{4}-\\d{4,}|[\\w.-]+/[\\w.-]+#\\d+)$' },
            },
          },
        },
      },
      aliases: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['from', 'to', 'kind'],
          properties: {
            from: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*$' },
            to: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*$' },
            kind: { enum: ['c-module', 'py2', 'attribute'] },
            note: { type: 'string' },
          },
        },
      },
      components: { type: 'array', uniqueItems: true, items: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$' } },
      introspection: { type: 'array', uniqueItems: true, items: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$' } },
      safe: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['module', 'names', 'sources'],
          properties: {
            module: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*$' },
            names: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$' } },
            sources: {
              type: 'array', minItems: 1, uniqueItems: true,
              items: { enum: ['picklescan', 'modelscan', 'fickling', 'modelaudit', 'lantern'] },
            },
            note: { type: 'string' },
          },
        },
      },
      safePrefixes: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['module', 'pattern', 'except', 'sources'],
          properties: {
            module: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*$' },
            pattern: { type: 'string', minLength: 1 },
            except: { type: 'array', items: { type: 'string' } },
            sources: {
              type: 'array', minItems: 1, uniqueItems: true,
              items: { enum: ['picklescan', 'modelscan', 'fickling', 'modelaudit', 'lantern'] },
            },
            note: { type: 'string' },
          },
        },
      },
    },
  },
};

// ---------------------------------------------------------------------------------------------
// Catalogs of the non-pickle model-safety families (rules/{keras,savedmodel,onnx,gguf,safetensors,tflite}.yaml).

const stringList = { type: 'array', items: { type: 'string' } } as const;
const nameWhy = (key: string, extra: Record<string, object> = {}, required: string[] = []) =>
  ({
    type: 'array',
    items: {
      type: 'object',
      additionalProperties: false,
      required: [key, 'why', ...required],
      properties: { [key]: { type: 'string', minLength: 1 }, why: { type: 'string', minLength: 3 }, ...extra },
    },
  }) as const;

Object.assign(CATALOG_SCHEMAS, {
  keras: {
    type: 'object',
    additionalProperties: false,
    required: ['lambdaClassNames', 'allowedModulePrefixes', 'blockedModules', 'dangerousBuiltins', 'gadgets', 'suspiciousCodeNames'],
    properties: {
      lambdaClassNames: stringList,
      allowedModulePrefixes: stringList,
      blockedModules: nameWhy('module'),
      dangerousBuiltins: stringList,
      gadgets: nameWhy('name', { cve: { type: 'string', pattern: '^CVE-\\d{4}-\\d+$' } }, ['cve']),
      suspiciousCodeNames: stringList,
    },
  },
  savedmodel: {
    type: 'object',
    additionalProperties: false,
    required: ['dangerousOps', 'notReported', 'checkpointContext'],
    properties: {
      dangerousOps: nameWhy('op', { tier: { enum: ['python', 'file', 'checkpoint', 'unregistered'] } }, ['tier']),
      notReported: nameWhy('op'),
      checkpointContext: {
        type: 'object',
        additionalProperties: false,
        required: ['nodeNamePatterns', 'functionNamePatterns'],
        properties: { nodeNamePatterns: stringList, functionNamePatterns: stringList },
      },
    },
  },
  onnx: {
    type: 'object',
    additionalProperties: false,
    required: ['standardDomains'],
    properties: { standardDomains: stringList },
  },
  gguf: {
    type: 'object',
    additionalProperties: false,
    required: ['templateJsonFiles', 'templateFilePattern', 'sstiPatterns'],
    properties: {
      templateJsonFiles: stringList,
      templateFilePattern: { type: 'string' },
      sstiPatterns: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['id', 'category', 'target', 'regex', 'description'],
          properties: {
            id: { type: 'string', pattern: '^[a-z0-9-]+$' },
            category: { enum: ['critical-injection', 'object-traversal', 'global-access', 'obfuscation'] },
            target: { enum: ['code', 'strings', 'strings-reversed', 'raw'] },
            regex: { type: 'string', minLength: 1 },
            flags: { type: 'string', pattern: '^[imsu]*$' },
            description: { type: 'string' },
          },
        },
      },
    },
  },
  safetensors: {
    type: 'object',
    additionalProperties: false,
    required: ['dtypeBits', 'maxHeaderBytes'],
    properties: {
      dtypeBits: { type: 'object', additionalProperties: { type: 'integer', minimum: 1, maximum: 128 } },
      maxHeaderBytes: { type: 'integer', minimum: 1 },
    },
  },
  tflite: {
    type: 'object',
    additionalProperties: false,
    required: ['builtinCustomOps', 'flexPrefix'],
    properties: { builtinCustomOps: stringList, flexPrefix: { type: 'string', minLength: 1 } },
  },
});

// ---------------------------------------------------------------------------------------------
// Catalogs of the Shadow-AI inventory (rules/sdk.yaml, rules/mcp.yaml); read by src/detectors/sdks/catalog.ts.

const AI_CATEGORIES = ['llm-api', 'framework', 'agent', 'local-inference', 'vector-db', 'mcp', 'ml-framework', 'hub', 'observability'] as const;
const providerId = { type: 'string', pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' } as const;
const calleeNames = { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', pattern: '^[A-Za-z_$][A-Za-z0-9_$]*$' } } as const;
const hostPattern = { type: 'string', pattern: '^(\\[[0-9a-f:]+\\]|[a-z0-9*]([a-z0-9*.-]*[a-z0-9*])?)$' } as const;
/** A list of `{ prefix, provider }` entries whose prefix has the given pattern (the model-name catalogs). */
const prefixList = (pattern: string, extra: Record<string, unknown> = {}) =>
  ({
    type: 'array',
    items: {
      type: 'object',
      additionalProperties: false,
      required: ['prefix', 'provider'],
      properties: { prefix: { type: 'string', pattern }, provider: providerId, verify: { type: 'boolean' }, ...extra },
    },
  }) as const;

Object.assign(CATALOG_SCHEMAS, {
  sdk: {
    type: 'object',
    additionalProperties: false,
    required: ['providers', 'packages', 'hosts', 'docHosts', 'envVars', 'modelNamePrefixes'],
    properties: {
      providers: {
        type: 'array',
        minItems: 1,
        items: {
          type: 'object', additionalProperties: false, required: ['id', 'name'],
          properties: { id: providerId, name: { type: 'string', minLength: 1 }, service: { type: 'string', minLength: 1 }, routes: { type: 'boolean' }, server: { type: 'boolean' }, ownModels: { type: 'boolean' }, noModels: { type: 'boolean' } },
        },
      },
      packages: {
        type: 'array',
        minItems: 1,
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['ecosystem', 'name', 'imports', 'provider', 'category'],
          properties: {
            ecosystem: { enum: ['npm', 'jsr', 'pypi', 'golang', 'maven', 'nuget', 'cargo', 'conda', 'gem', 'composer', 'pub', 'swift', 'cocoapods', 'githubactions'] },
            name: { type: 'string', minLength: 1 },
            imports: { type: 'array', uniqueItems: true, items: { type: 'string', minLength: 1 } },
            provider: providerId,
            category: { enum: AI_CATEGORIES },
            prefix: { type: 'boolean' },
            weak: { type: 'boolean' },
            confirm: {
              type: 'object',
              additionalProperties: false,
              minProperties: 1,
              properties: {
                strings: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', minLength: 1, pattern: '^[A-Za-z0-9._/-]+$' } },
                declared: { const: true },
                // Swift: a package whose AI is one product of many (firebase-ios-sdk's FirebaseAILogic):
                // AI only where code imports one of its AI modules.
                imported: { const: true },
              },
            },
            client: { enum: ['api', 'local', 'none'] },
            module: { type: 'string', minLength: 1 },
            clientNames: { type: 'object', minProperties: 1, propertyNames: { pattern: '^[A-Za-z_$][A-Za-z0-9_$]*$' }, additionalProperties: providerId },
            // Ruby: the top-level constants the gem defines (`OpenAI`), which a Rails app uses with no `require` (Bundler requires its gems).
            constants: { type: 'array', minItems: 1, items: { type: 'string', pattern: '^[A-Z][A-Za-z0-9_]*$' } },
            // C#: extension methods the package declares in another package's namespace (Semantic Kernel's connectors').
            extensionMethods: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', pattern: '^[A-Z][A-Za-z0-9_]*$' } },
            configRoutes: {
              type: 'object',
              minProperties: 1,
              propertyNames: { pattern: '^[a-z_][a-z0-9_]*$' },
              additionalProperties: { type: 'object', minProperties: 1, propertyNames: { pattern: '^[a-z0-9_.-]+$' }, additionalProperties: providerId },
            },
            brings: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', minLength: 1 } },
            stringModels: {
              type: 'object',
              additionalProperties: false,
              required: ['calls', 'provider'],
              properties: { calls: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', pattern: '^[A-Za-z_$][A-Za-z0-9_$]*$' } }, provider: providerId },
            },
            // GitHub Actions: inputs that send the action's calls to another provider.
            actionInputs: {
              type: 'object',
              additionalProperties: false,
              minProperties: 1,
              properties: {
                flags: { type: 'object', minProperties: 1, propertyNames: { pattern: '^[A-Za-z0-9_-]+$' }, additionalProperties: providerId },
                urls: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', pattern: '^[A-Za-z0-9_-]+$' } },
                // Inputs whose value is the model the action calls (actions/ai-inference's `model`): that service's model.
                models: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', pattern: '^[A-Za-z0-9_-]+$' } },
                // Inputs holding a JSON config with MCP servers under `mcpServers` (run-gemini-cli's settings), and the client that reads it.
                mcp: {
                  type: 'array',
                  minItems: 1,
                  items: { type: 'object', additionalProperties: false, required: ['input', 'client'], properties: { input: { type: 'string', pattern: '^[A-Za-z0-9_-]+$' }, client: { type: 'string', pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' } } },
                },
              },
            },
            verify: { type: 'boolean' },
            notes: { type: 'string' },
          },
        },
      },
      hosts: {
        type: 'array',
        minItems: 1,
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['host', 'provider'],
          properties: {
            host: hostPattern,
            provider: providerId,
            wildcard: { type: 'boolean' },
            port: { type: 'integer', minimum: 1, maximum: 65535 },
            pathPrefix: { type: 'string', pattern: '^/[^?#]*[^/?#]$' },
            verify: { type: 'boolean' },
          },
        },
      },
      docHosts: { type: 'array', items: hostPattern },
      envVars: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['name', 'provider'],
          properties: {
            name: { type: 'string', pattern: '^[A-Z][A-Z0-9_]*$' },
            provider: providerId,
            weak: { type: 'boolean' },
            hub: { type: 'boolean' },
            verify: { type: 'boolean' },
            notWith: { type: 'array', minItems: 1, items: { type: 'string', minLength: 4 } },
          },
        },
      },
      // open: an open-weight family (llama, gemma, qwen): the name says whose model it is, not whose
      // service runs it (Ollama, a local server, any of several hosts).
      modelNamePrefixes: prefixList('^[a-z0-9][a-z0-9._-]*$', { open: { type: 'boolean' } }),
      // 'openai:' (a router's provider:model) or 'groq/' (LiteLLM's provider/model), with its separator.
      // hub: a Hugging Face Hub host (`hf.co/`): any `{user}/{repo}[:tag]` Hub id after it is a model.
      modelProviderPrefixes: prefixList('^@?[a-z0-9][a-z0-9_.-]*[:/]$', { hub: { type: 'boolean' } }),
      // AI container images: a repository (`ollama/ollama`, `ghcr.io/huggingface/text-generation-inference`)
      // or, with `prefix`, a namespace (`nvcr.io/nim/`, `mcp/`).
      images: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['image', 'provider', 'category'],
          properties: {
            image: { type: 'string', pattern: '^([a-z0-9.-]+(:[0-9]+)?/)?[a-z0-9]+([._-]+[a-z0-9]+)*(/[a-z0-9]+([._-]+[a-z0-9]+)*)*/?$' },
            provider: providerId,
            category: { enum: AI_CATEGORIES },
            prefix: { type: 'boolean' },
            verify: { type: 'boolean' },
            notes: { type: 'string' },
          },
        },
      },
      // App-wide client settings: a config file (path glob) whose `keys` give a package's client its base URL for the whole app.
      appClientConfigs: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['path', 'ecosystem', 'package', 'keys'],
          properties: {
            path: { type: 'string', pattern: '/config/' },
            ecosystem: { type: 'string', minLength: 1 },
            package: { type: 'string', minLength: 1 },
            keys: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
            // The file configures the package only where it uses it (a Rails initializer may configure another gem).
            uses: { type: 'boolean' },
            notes: { type: 'string' },
          },
        },
      },
      // Artifacts code uses without importing them (Spring Boot starters, Quarkus extensions): by artifact id.
      autoconfigured: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['ecosystem', 'artifact', 'notes'],
          properties: {
            ecosystem: { enum: ['maven', 'nuget'] },
            artifact: { type: 'string', minLength: 1 },
            notes: { type: 'string' },
          },
        },
      },
      // BOMs (a Maven import pom, a Gradle platform) whose artifacts of a group all have the BOM's version.
      boms: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['bom', 'members'],
          properties: {
            bom: { type: 'string', pattern: '^[A-Za-z0-9_.-]+:[A-Za-z0-9_.-]+$' },
            members: { type: 'string', pattern: '^[A-Za-z0-9_.-]+:$' },
            notes: { type: 'string' },
          },
        },
      },
      cloudResources: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['resource', 'provider'],
          properties: {
            syntax: { enum: ['terraform', 'azure', 'cloudformation'] },
            resource: { type: 'string', pattern: '^([a-z][a-z0-9_]*|[A-Z][A-Za-z0-9]*(\\.[A-Za-z0-9]+)+(/[A-Za-z0-9]+)+|AWS(::[A-Za-z0-9]+){2})$' },
            provider: providerId,
            when: { type: 'object', minProperties: 1, propertyNames: { pattern: '^[A-Za-z_][A-Za-z0-9_.]*$' }, additionalProperties: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } } },
            models: { type: 'array', minItems: 1, items: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_.]*$' } },
            notes: { type: 'string' },
          },
        },
      },
      modelCalls: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['language', 'packages', 'names'],
          properties: {
            language: { enum: ['js', 'python', 'go', 'csharp', 'rust', 'ruby', 'php', 'swift', 'java'] },
            packages: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', minLength: 1 } },
            names: calleeNames,
            methods: calleeNames,
            // 2: the model is the second positional argument, the first naming the provider (Prism
            // PHP's using(Provider::OpenAI, 'gpt-4o'); OllamaSharp's OllamaApiClient(uri, "llama3.1")).
            // Go: the first is a context (`GenerateContent(ctx, "gemini-2.0-flash", …)`).
            // Names only, and only where the front-end reads it: C#, Ruby, PHP and Go.
            // last: the second of two, or the only one (Aspire's AddModel(modelName) / AddModel(name, modelName)); C# only.
            argument: { enum: [1, 2, 'last'] },
            // With argument: 2, what the first argument must be for the call to count: a case of one
            // of these enums (`Provider::OpenAI`, its class named or qualified) or one of these
            // strings (Prism's Provider values, 'openai'): `$query->using('index', 'gpt-4o')` is not
            // Prism's. Read by the Ruby and PHP front-ends.
            providers: {
              type: 'object',
              additionalProperties: false,
              required: ['enums', 'values'],
              properties: {
                enums: calleeNames,
                values: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', minLength: 1 } },
                // The library's provider names that are not the catalog's ids (Prism's `gemini` → google).
                ids: { type: 'object', minProperties: 1, propertyNames: { pattern: '^[a-z0-9_-]+$' }, additionalProperties: providerId },
              },
            },
            // JS: a variable one of the packages' `create…` factories is assigned to is a callee too.
            factories: { type: 'boolean' },
            // The provider whose service the call is, whatever the file imports (.NET Aspire's
            // AddDeployment on an Azure OpenAI resource, written with no using). Read by the C# front-end.
            provider: providerId,
            notes: { type: 'string' },
          },
          if: { required: ['argument'], properties: { argument: { enum: [2, 'last'] } } },
          then: { properties: { methods: false, language: { enum: ['csharp', 'ruby', 'php', 'go'] } } },
          else: { properties: { providers: false } },
        },
      },
      // Config files of AI gateways and coding assistants that name the models they call (LiteLLM's
      // proxy config, Continue, Aider, OpenCode, Claude Code, Codex, Zed, Gemini CLI): where the model
      // strings are (`lists`: dotted key paths holding a model entry or a list of them, `model` its
      // key, `provider` the key naming its provider, or a list of keys the first present of which does; `keys`: dotted key paths whose values are model
      // strings, and `providerKey` the one naming their provider), the tool's own provider names (`providers`),
      // and `content`, a word the file must hold when its path alone does not say what it is.
      modelConfigs: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['path', 'tool', 'format'],
          properties: {
            path: { type: 'string', minLength: 1, pattern: '^[^/\\\\]' },
            tool: { type: 'string', pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' },
            format: { enum: ['json', 'yaml', 'toml', 'properties'] },
            content: { type: 'string', minLength: 1 },
            // `$`: the file's root is itself the list (AutoGen's OAI_CONFIG_LIST).
            lists: { type: 'array', minItems: 1, items: { type: 'string', pattern: '^(\\$|[A-Za-z_][A-Za-z0-9_-]*(\\.[A-Za-z_][A-Za-z0-9_-]*)*)$' } },
            model: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_-]*(\\.[A-Za-z_][A-Za-z0-9_-]*)*$' },
            provider: { oneOf: [{ type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_-]*(\\.[A-Za-z_][A-Za-z0-9_-]*)*$' }, { type: 'array', minItems: 1, items: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_-]*(\\.[A-Za-z_][A-Za-z0-9_-]*)*$' } }] },
            keys: { type: 'array', minItems: 1, items: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_-]*(\\.[A-Za-z_][A-Za-z0-9_-]*)*$' } },
            providerKey: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_-]*$' },
            providers: { type: 'object', minProperties: 1, additionalProperties: providerId },
            // A key path → the provider id its model is for (Spring AI's spring.ai.openai.chat.options.model).
            keyProviders: { type: 'object', minProperties: 1, propertyNames: { pattern: '^[A-Za-z_][A-Za-z0-9_-]*(\\.[A-Za-z_][A-Za-z0-9_-]*)*$' }, additionalProperties: providerId },
            notModels: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
            // The client's base URL: an entry's key or keys (`keys` configs: root keys), and for keyProviders, key path → provider id.
            base: { oneOf: [{ type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_-]*(\\.[A-Za-z_][A-Za-z0-9_-]*)*$' }, { type: 'array', minItems: 1, items: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_-]*(\\.[A-Za-z_][A-Za-z0-9_-]*)*$' } }] },
            providerIds: { type: 'array', minItems: 1, items: { type: 'string', pattern: '^[a-z][a-z0-9-]*$' } },
            aliases: { type: 'object', minProperties: 1, additionalProperties: providerId },
            switches: { type: 'object', minProperties: 1, additionalProperties: { type: 'string', minLength: 1 } },
            baseKeys: { type: 'object', minProperties: 1, propertyNames: { pattern: '^[A-Za-z_][A-Za-z0-9_-]*(\\.[A-Za-z_][A-Za-z0-9_-]*)*$' }, additionalProperties: providerId },
            notes: { type: 'string' },
          },
          anyOf: [
            { required: ['lists'], properties: { lists: true } },
            { required: ['keys'], properties: { keys: true } },
            { required: ['keyProviders'], properties: { keyProviders: true } },
          ],
        },
      },
      // Classes whose constants (form: constant, `AnthropicConfig::CLAUDE_3_5_SONNET`) or enum cases
      // (form: enum, `OpenAIChatModel::Gpt4Omni->value`) name models, by their fully-qualified name;
      // models: constant or case name → model id. Read by the PHP, Go and Java/Kotlin front-ends.
      modelConstants: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['language', 'packages', 'class', 'form', 'models'],
          properties: {
            language: { enum: ['php', 'go', 'java'] },
            packages: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', minLength: 1 } },
            // PHP: a namespaced class; Go: an import path (host/owner/repo…); Java: a qualified class
            // name, a nested one's with its outer classes (`….api.OpenAiApi.ChatModel`).
            class: { type: 'string', pattern: '^(?:[A-Za-z_][A-Za-z0-9_]*(\\\\[A-Za-z_][A-Za-z0-9_]*)+|[a-z0-9.-]+\\.[a-z]+(/[A-Za-z0-9._~-]+)+|[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*(\\.[A-Z][A-Za-z0-9_]*)+)$' },
            name: { type: 'string', pattern: '^[a-z][a-z0-9_]*$' },
            form: { enum: ['constant', 'enum'] },
            models: {
              type: 'object',
              minProperties: 1,
              propertyNames: { pattern: '^[A-Za-z_][A-Za-z0-9_]*$' },
              additionalProperties: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._:/@-]*$' },
            },
            notes: { type: 'string' },
          },
        },
      },
    },
  },
  mcp: {
    type: 'object',
    additionalProperties: false,
    required: ['configFiles', 'launchers'],
    properties: {
      configFiles: {
        type: 'array',
        minItems: 1,
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['path', 'client', 'key', 'format'],
          properties: {
            path: { type: 'string', minLength: 1, pattern: '^[^/\\\\]' },
            client: { type: 'string', pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' },
            key: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*$' },
            format: { enum: ['json', 'toml', 'yaml', 'properties'] },
            // Servers are read only from a file whose text holds this (a Spring Boot config: mcp).
            content: { type: 'string', minLength: 1 },
            // map (default): an object of servers keyed by name; list: a list of entries with a `name` (Continue).
            layout: { enum: ['map', 'list'] },
            // The key inside each list entry that holds the server's fields (Continue's old config.json: transport).
            transport: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$' },
            // A key that holds one server entry, read beside `key` (Continue's older experimental.modelContextProtocolServer).
            single: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*$' },
            verify: { type: 'boolean' },
          },
        },
      },
      launchers: {
        type: 'array',
        minItems: 1,
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['command', 'fetches', 'ecosystem', 'pin', 'pinned', 'unpinned'],
          properties: {
            command: { type: 'string', pattern: '^[a-z0-9][a-z0-9._-]*$' },
            fetches: { type: 'boolean' },
            ecosystem: { enum: ['npm', 'pypi', 'golang', 'docker'] },
            pin: { type: 'string', minLength: 3 },
            pinned: stringList,
            unpinned: stringList,
          },
        },
      },
      // Packages a launcher runs that bridge a stdio client to a remote server named by a URL argument (mcp-remote).
      remoteBridges: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['package', 'ecosystem'],
          properties: {
            package: { type: 'string', minLength: 1 },
            ecosystem: { enum: ['npm', 'pypi'] },
          },
        },
      },
    },
  },
});

// ---------------------------------------------------------------------------------------------
// Catalog of hardcoded AI provider keys (rules/secrets.yaml); read by src/secrets/catalog.ts.

const SECRET_RULE_ID = { type: 'string', pattern: '^secrets/[a-z0-9]+(-[a-z0-9]+)*$' } as const;
const SECRET_CONFIDENCE = { enum: ['high', 'medium', 'low'] } as const;

Object.assign(CATALOG_SCHEMAS, {
  secrets: {
    type: 'object',
    additionalProperties: false,
    required: ['placeholders', 'examples', 'keys'],
    properties: {
      placeholders: {
        type: 'object',
        additionalProperties: false,
        required: ['words', 'maxRun', 'maxSequence', 'maxPeriod'],
        properties: {
          words: { type: 'array', uniqueItems: true, items: { type: 'string', pattern: '^[a-z0-9_-]{3,}$' } },
          maxRun: { type: 'integer', minimum: 3 },
          maxSequence: { type: 'integer', minimum: 3 },
          maxPeriod: { type: 'integer', minimum: 1 },
        },
      },
      examples: { type: 'array', uniqueItems: true, items: { type: 'string', minLength: 8 } },
      keys: {
        type: 'array',
        minItems: 1,
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['rule', 'provider', 'keywords', 'regex', 'charset', 'entropy', 'confidence', 'source'],
          properties: {
            rule: SECRET_RULE_ID,
            variant: { type: 'string', pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' },
            provider: { type: 'string', pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' },
            service: { type: 'string', pattern: '^[a-z0-9*]([a-z0-9*.-]*[a-z0-9])?$' },
            envVar: { type: 'string', pattern: '^[A-Z][A-Z0-9_]*$' },
            prefix: { type: 'string', minLength: 2 },
            keywords: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', minLength: 3 } },
            offset: { type: 'integer', minimum: 0, maximum: 1024 },
            before: { type: 'integer', minimum: 0, maximum: 4096 },
            after: { type: 'integer', minimum: 1, maximum: 8192 },
            regex: { type: 'string', minLength: 1 },
            charset: { type: 'string', minLength: 1 },
            entropy: { type: 'number', minimum: 0, maximum: 8 },
            classes: { type: 'array', uniqueItems: true, items: { enum: ['upper', 'lower', 'digit'] } },
            assignment: { type: 'boolean' },
            attribution: { type: 'boolean' },
            generic: { type: 'boolean' },
            keywordProviders: { type: 'object', additionalProperties: { type: 'string', pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' } },
            dropSlugs: {
              type: 'object',
              additionalProperties: false,
              required: ['minSegments'],
              properties: { minSegments: { type: 'integer', minimum: 2, maximum: 16 } },
            },
            allow: { type: 'array', items: { type: 'string', minLength: 1 } },
            context: {
              type: 'object',
              additionalProperties: false,
              required: ['terms'],
              properties: {
                terms: { type: 'array', minItems: 1, items: { type: 'string', pattern: '^[^A-Z]{3,}$' } },
                radius: { type: 'integer', minimum: 1 },
                required: { type: 'boolean' },
                raise: { type: 'boolean' },
                service: { type: 'boolean' },
              },
            },
            checks: {
              type: 'array',
              uniqueItems: true,
              items: {
                enum: [
                  'openai-legacy-shape', 'openai-segments', 'anthropic-shape', 'letters-only', 'azure-cognitive-signature',
                  'bedrock-long-decode', 'bedrock-short-decode',
                ],
              },
            },
            confidence: SECRET_CONFIDENCE,
            unchecked: { enum: ['high', 'medium', 'low', 'drop'] },
            source: { type: 'string', minLength: 2 },
          },
        },
      },
    },
  },
});

// Agent instruction, rule, skill, subagent and command files (rules/agent.yaml).
Object.assign(CATALOG_SCHEMAS, {
  agent: {
    type: 'object',
    additionalProperties: false,
    required: ['agentFiles'],
    properties: {
      agentFiles: {
        type: 'array',
        minItems: 1,
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['path', 'client', 'kind'],
          properties: {
            // A repo-relative glob, matched case-sensitively: `**/` any folders, `*` any characters but `/`.
            path: { type: 'string', minLength: 1, pattern: '^[^/\\\\]' },
            client: { type: 'string', pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' },
            kind: { enum: ['instructions', 'rules', 'skill', 'subagent', 'command'] },
            verify: { type: 'boolean' },
          },
        },
      },
    },
  },
});
