/**
 * Valid / invalid cases for the secrets rules, ESLint RuleTester style: `invalid` texts must give a
 * match of the rule, `valid` texts must give none of it (the decoys a user would hate to see
 * flagged). Each case is one file (`path` decides notebook handling).
 *
 * The keys are built here, independently of the corpus generator, from the formats in
 * ../shared/research/secrets.md A.2, with a seeded PRNG: random, format-valid, not real.
 */

export interface SecretCase {
  name: string;
  text: string;
  path?: string;
}

let seed = 0x5eed1234;
function rand(n: number): number {
  // xorshift32
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) % n;
}
const UP = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LO = 'abcdefghijklmnopqrstuvwxyz';
const DG = '0123456789';
const AN = UP + LO + DG;
const US = AN + '_-';
const HX = DG + 'abcdef';
const LA = LO + DG;
const B32 = UP + '234567';
const B64 = AN + '+/';
/** n random characters of `cs`, with at least one of each of `need` (character sets) when asked. */
function r(cs: string, n: number, need: string[] = []): string {
  for (;;) {
    let s = '';
    for (let i = 0; i < n; i++) s += cs[rand(cs.length)];
    if (need.every((set) => [...s].some((c) => set.includes(c)))) return s;
  }
}
const b64 = (s: string): string => Buffer.from(s, 'latin1').toString('base64');
const M = 'T3BlbkFJ';

export const KEYS = {
  openaiLegacy: () => `sk-${r(AN, 20)}${M}${r(AN, 20)}`,
  openaiProject: (n = 74) => `sk-proj-${r(US, n)}${M}${r(US, n)}`,
  openaiSvc: (n = 74) => `sk-svcacct-${r(US, n)}${M}${r(US, n)}`,
  openaiAdmin: () => `sk-admin-${r(US, 58)}${M}${r(US, 58)}`,
  anthropic: () => `sk-ant-api03-${r(US, 93)}AA`,
  anthropicAdmin: () => `sk-ant-admin01-${r(US, 93)}AA`,
  hfUser: () => `hf_${r(UP + LO, 34, [UP, LO])}`,
  hfOrg: () => `api_org_${r(UP + LO, 34, [UP, LO])}`,
  google: () => `AIzaSy${r(US, 33)}`,
  azureSig: () => `${r(AN, 52)}JQQJ99BF${'AC'}${r(AN, 5)}XJ3w3AAAA${'ACOG'}${r(AN, 4)}`,
  azureOther: () => `${r(AN, 52)}JQQJ99BF${'AC'}${r(AN, 5)}XJ3w3AAAA${'AWPS'}${r(AN, 4)}`,
  hex32: () => r(HX, 32, [DG, 'abcdef']),
  zhipu: () => `${r(HX, 32, [DG, 'abcdef'])}.${r(AN, 16, [UP, LO, DG])}`,
  bedrockLong: () => `ABSK${b64(`BedrockAPIKey-${r(LA, 4)}-at-${r(DG, 12)}:${r(B64, 59)}=`)}`,
  bedrockShort: () =>
    `bedrock-api-key-${b64(`bedrock.amazonaws.com/?Action=CallWithBearerToken&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=ASIA${r(B32, 16)}%2F20250101%2Fus-west-2%2Fbedrock%2Faws4_request&X-Amz-Date=20250101T000000Z&X-Amz-Expires=43200&X-Amz-Security-Token=${encodeURIComponent(r(B64, 200))}&X-Amz-Signature=${r(HX, 64)}&Version=1`)}`,
  awsAkia: () => `AKIA${r(B32, 16)}`,
  replicate: () => `r8_${r(AN, 37)}`,
  groq: () => `gsk_${r(AN, 52)}`,
  mistral: () => r(AN, 32, [UP, LO, DG]),
  perplexity: () => `pplx-${r(AN, 48)}`,
  together: () => r(HX, 64),
  fireworks: () => `fw_${r(AN, 24, [UP, LO])}`,
  deepseek: () => `sk-${r(LA, 32, [LO, DG])}`,
  xai: () => `xai-${r(AN + '_', 80)}`,
  openrouter: () => `sk-or-v1-${r(HX, 64)}`,
  langsmith: (kind = 'pt') => `lsv2_${kind}_${r(HX, 32)}_${r(HX, 10)}`,
  langfuse: () => `sk-lf-${r(HX, 8)}-${r(HX, 4)}-${r(HX, 4)}-${r(HX, 4)}-${r(HX, 12)}`,
  pinecone: () => `pcsk_${r(AN, 5)}_${r(AN, 63)}`,
  nvidia: () => `nvapi-${r(US, 64)}`,
  jina: () => `jina_${r(AN, 60)}`,
  cody: () => `slk_${r(HX, 64)}`,
  elevenV2: () => `sk_${r(HX, 48)}`,
  wandbV1: () => `wandb_v1_${r(AN, 27)}_${r(AN, 49)}`,
  wandbHex: () => r(HX, 40, [DG, 'abcdef']),
  braintrust: () => `sk-${r(AN, 48, [UP, LO, DG])}`,
  deepgram: () => r(LA, 40, [LO, DG]),
  assemblyai: () => r(LA, 32, [LO, DG]),
  cohere: () => r(AN, 40, [UP, LO, DG]),
  generic: () => r(AN, 40, [UP, LO, DG]),
  /** Generic keys with separators: a UUID, lower-case segments mixing letters and digits, mixed-case segments. */
  genericUuid: () => `${r(HX, 8, [DG, 'abcdef'])}-${r(HX, 4, [DG, 'abcdef'])}-4${r(HX, 3, [DG, 'abcdef'])}-${r(HX, 4, [DG, 'abcdef'])}-${r(HX, 12, [DG, 'abcdef'])}`,
  genericMixedSegments: () => Array.from({ length: 5 }, () => r(LA, 5, [LO, DG])).join('-'),
  genericMixedCase: () => `${r(UP + LO, 10, [UP, LO])}_${r(UP + LO, 10, [UP, LO])}_${r(DG, 8)}`,
};

/**
 * A license database entry (as cdxgen's data/license-db.json): a provider name in a URL a few
 * lines above identifier-like `key` values, which are slugs and not keys.
 */
export function licenseDb(keys: readonly string[]): string {
  const entries = keys.map((key) => ({ homepage_url: 'https://developer.nvidia.com/license', key, category: 'Proprietary Free' }));
  return `${JSON.stringify(entries, null, 2)}\n`;
}

const c = (name: string, text: string, path?: string): SecretCase => (path ? { name, text, path } : { name, text });
const nb = (cells: { source: string; outputs?: unknown[] }[]): string =>
  JSON.stringify({
    cells: cells.map((x) => ({ cell_type: 'code', metadata: {}, execution_count: 1, source: x.source.split(/(?<=\n)/), outputs: x.outputs ?? [] })),
    metadata: {},
    nbformat: 4,
    nbformat_minor: 5,
  });

export const SECRETS_RULE_CASES: Record<string, { valid: SecretCase[]; invalid: SecretCase[] }> = {
  'secrets/openai-legacy-key': {
    invalid: [
      c('.env assignment', `OPENAI_API_KEY=${KEYS.openaiLegacy()}\n`, '.env'),
      c('Python string', `openai.api_key = "${KEYS.openaiLegacy()}"\n`, 'app.py'),
      c('after a literal \\n escape in JSON text', `{"log": "starting\\n${KEYS.openaiLegacy()}\\n"}`, 'log.json'),
    ],
    valid: [
      c('the documentation placeholder', 'OPENAI_API_KEY=sk-...\n', '.env'),
      c('right shape, placeholder characters', `OPENAI_API_KEY=sk-${'X'.repeat(20)}${M}${'X'.repeat(20)}\n`, '.env'),
      c('glued inside a longer token', `id = "x${KEYS.openaiLegacy()}"\n`, 'a.py'),
      c('a project key is not a legacy key', `k = "${KEYS.openaiProject()}"\n`, 'a.py'),
    ],
  },
  'secrets/openai-project-key': {
    invalid: [
      c('74+8+74 in TypeScript', `const openai = new OpenAI({ apiKey: "${KEYS.openaiProject(74)}" });\n`, 'a.ts'),
      c('58+8+58 in YAML', `openai:\n  api_key: ${KEYS.openaiProject(58)}\n`, 'c.yaml'),
      c('next to NUL bytes (a source file scanned as text despite them)', `import openai\x00\nk = "${KEYS.openaiProject()}"\x00\n`, 'a.py'),
      c('inside a notebook output', nb([{ source: 'print(key)\n', outputs: [{ output_type: 'stream', name: 'stdout', text: [`${KEYS.openaiProject()}\n`] }] }]), 'n.ipynb'),
    ],
    valid: [
      c('truncated example in docs', 'export OPENAI_API_KEY=sk-proj-abc123\n', 'README.md'),
      c('environment lookup', 'client = OpenAI(api_key=os.environ["OPENAI_API_KEY"])\n', 'a.py'),
      c('template reference', 'OPENAI_API_KEY: ${OPENAI_API_KEY}\n', 'c.yaml'),
      c('right shape, sequential characters', `k = "sk-proj-${'abcdefghijklmnopqrstuvwxyz'.repeat(3).slice(0, 74)}${M}${'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.repeat(3).slice(0, 74)}"\n`, 'a.py'),
    ],
  },
  'secrets/openai-service-account-key': {
    invalid: [c('svcacct 74', `OPENAI_API_KEY="${KEYS.openaiSvc(74)}"\n`, '.env'), c('svcacct 58 in JSON', JSON.stringify({ key: KEYS.openaiSvc(58) }), 'k.json')],
    valid: [c('placeholder', 'OPENAI_API_KEY=sk-svcacct-...\n', '.env'), c('a project key', `k = "${KEYS.openaiProject()}"\n`, 'a.py')],
  },
  'secrets/openai-admin-key': {
    invalid: [c('admin key in shell', `export OPENAI_ADMIN_KEY=${KEYS.openaiAdmin()}\n`, 'a.sh'), c('admin key in Go', `\tkey := "${KEYS.openaiAdmin()}"\n`, 'a.go')],
    valid: [c('placeholder', 'OPENAI_ADMIN_KEY=sk-admin-<redacted>\n', '.env'), c('right shape, one repeated character', `k = "sk-admin-${'a'.repeat(58)}${M}${'a'.repeat(58)}"\n`, 'a.py')],
  },
  'secrets/anthropic-api-key': {
    invalid: [
      c('api03 in .env', `ANTHROPIC_API_KEY=${KEYS.anthropic()}\n`, '.env'),
      c('api03 in Python call', `client = anthropic.Anthropic(api_key="${KEYS.anthropic()}")\n`, 'a.py'),
      c('api03 in a notebook cell (JSON-escaped on disk)', nb([{ source: `import anthropic\nkey = "${KEYS.anthropic()}"\n` }]), 'n.ipynb'),
    ],
    valid: [
      c('placeholder', 'ANTHROPIC_API_KEY=sk-ant-api03-...\n', '.env'),
      c('right shape, placeholder body', `ANTHROPIC_API_KEY=sk-ant-api03-${'x'.repeat(93)}AA\n`, '.env'),
      c('environment lookup', 'api_key = process.env.ANTHROPIC_API_KEY;\n', 'a.js'),
      c('an admin key is not an API key', `k = "${KEYS.anthropicAdmin()}"\n`, 'a.py'),
    ],
  },
  'secrets/anthropic-admin-key': {
    invalid: [c('admin01 in TOML', `[anthropic]\nadmin_key = "${KEYS.anthropicAdmin()}"\n`, 'c.toml'), c('admin01 in MCP env', JSON.stringify({ mcpServers: { a: { command: 'npx', env: { ANTHROPIC_ADMIN_KEY: KEYS.anthropicAdmin() } } } }, null, 2), '.cursor/mcp.json')],
    valid: [c('placeholder', 'ANTHROPIC_ADMIN_KEY=<your-admin-key>\n', '.env'), c('an api03 key', `k = "${KEYS.anthropic()}"\n`, 'a.py')],
  },
  'secrets/huggingface-user-token': {
    invalid: [c('hf_ in Python', `login(token="${KEYS.hfUser()}")\n`, 'a.py'), c('HF_TOKEN in Dockerfile', `ENV HF_TOKEN=${KEYS.hfUser()}\n`, 'Dockerfile')],
    valid: [
      c('34 x placeholder', `HF_TOKEN=hf_${'x'.repeat(34)}\n`, '.env'),
      c('alphabet placeholder', 'HF_TOKEN=hf_ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefgh\n', '.env'),
      c('an identifier that starts with hf_', 'from x import hf_hub_download_and_cache_everything\n', 'a.py'),
      c('hf_ inside a longer identifier', `my_hf_${KEYS.hfUser().slice(3)} = 1\n`, 'a.py'),
    ],
  },
  'secrets/huggingface-org-token': {
    invalid: [c('api_org_ in YAML', `hub:\n  token: ${KEYS.hfOrg()}\n`, 'c.yaml'), c('api_org_ in shell', `export HUGGINGFACE_TOKEN="${KEYS.hfOrg()}"\n`, 'a.sh')],
    valid: [c('placeholder', 'HUGGINGFACE_TOKEN=api_org_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n', '.env'), c('short', 'x = "api_org_abc"\n', 'a.py')],
  },
  'secrets/google-ai-key': {
    invalid: [c('Gemini key with context', `GEMINI_API_KEY=${KEYS.google()}\n`, '.env'), c('AIza key in JS', `const apiKey = "${KEYS.google()}";\n`, 'a.js')],
    valid: [c('placeholder', 'GEMINI_API_KEY=AIza...\n', '.env'), c('too short', 'k = "AIzaSyB-short"\n', 'a.py'), c('low entropy', `k = "AIza${'A'.repeat(35)}"\n`, 'a.py')],
  },
  'secrets/azure-ai-services-key': {
    invalid: [
      c('identifiable key with the ACOG signature', `AZURE_OPENAI_API_KEY=${KEYS.azureSig()}\n`, '.env'),
      c('identifiable key, other signature, Azure OpenAI endpoint nearby', `client = AzureOpenAI(\n    api_key="${KEYS.azureOther()}",\n    azure_endpoint="https://contoso.openai.azure.com/",\n)\n`, 'a.py'),
    ],
    valid: [
      c('identifiable key of another Azure service, no AI context', `connection = "Endpoint=https://x.webpubsub.azure.com;AccessKey=${KEYS.azureOther()};Version=1.0;"\n`, 'a.js'),
      c('placeholder', 'AZURE_OPENAI_API_KEY=<azure-openai-key>\n', '.env'),
    ],
  },
  'secrets/azure-openai-key': {
    invalid: [
      c('32 hex with the endpoint in .env', `AZURE_OPENAI_ENDPOINT=https://contoso.openai.azure.com/\nAZURE_OPENAI_API_KEY=${KEYS.hex32()}\n`, '.env'),
      c('32 hex in an AzureOpenAI client', `client = AzureOpenAI(\n    api_key="${KEYS.hex32()}",\n    api_version="2024-10-21",\n    azure_endpoint="https://contoso.openai.azure.com",\n)\n`, 'a.py'),
      // The endpoint after the key: its `openai` (another rule's word) starts where `openai.azure.com` does.
      c('32 hex before the endpoint (Semantic Kernel)', `svc = AzureChatCompletion(\n    api_key="${KEYS.hex32()}",\n    endpoint="https://contoso.openai.azure.com/",\n)\n`, 'a.py'),
      // Typed languages: a type, modifiers or a keyword before the name, a builder method, a credential constructor.
      c('C#: a target-typed AzureKeyCredential below the endpoint', `using Azure;\nusing Azure.AI.OpenAI;\n\nUri endpoint = new("https://contoso.openai.azure.com/");\nAzureKeyCredential key = new("${KEYS.hex32()}");\nvar client = new OpenAIClient(endpoint, key);\n`, 'Program.cs'),
      c('C#: new AzureKeyCredential inline beside the endpoint', `var client = new OpenAIClient(new Uri("https://contoso.openai.azure.com/"), new AzureKeyCredential("${KEYS.hex32()}"));\n`, 'Program.cs'),
      c('C#: new AzureKeyCredential on the line below the endpoint', `var client = new AzureOpenAIClient(\n    new Uri("https://contoso.openai.azure.com/"),\n    new AzureKeyCredential("${KEYS.hex32()}"));\n`, 'Program.cs'),
      c('C#: new ApiKeyCredential in an options call', `AzureOpenAIClient client = new(\n    new Uri("https://contoso.openai.azure.com/"),\n    new ApiKeyCredential("${KEYS.hex32()}"));\n`, 'Program.cs'),
      c('C#: string apiKey above the client', `string apiKey = "${KEYS.hex32()}";\nvar client = new OpenAIClient(new Uri("https://contoso.openai.azure.com/"), new AzureKeyCredential(apiKey));\n`, 'Program.cs'),
      c('C#: var apiKey above the endpoint', `var apiKey = "${KEYS.hex32()}";\nvar endpoint = "https://contoso.openai.azure.com/";\n`, 'Program.cs'),
      c('C#: a private const field', `class Settings\n{\n    private const string Endpoint = "https://contoso.openai.azure.com/";\n    private const string ApiKey = "${KEYS.hex32()}";\n}\n`, 'Settings.cs'),
      c('C#: an auto-property initializer', `public class AzureOptions\n{\n    public string Endpoint { get; set; } = "https://contoso.openai.azure.com/";\n    public string ApiKey { get; set; } = "${KEYS.hex32()}";\n}\n`, 'AzureOptions.cs'),
      c('Java: a builder .apiKey call', `Object m = AzureOpenAiChatModel.builder()\n        .endpoint("https://contoso.openai.azure.com/")\n        .apiKey("${KEYS.hex32()}")\n        .deploymentName("gpt-4o")\n        .build();\n`, 'A.java'),
      c('Java: a builder .credential(new AzureKeyCredential(…))', `OpenAIClient client = new OpenAIClientBuilder()\n    .endpoint("https://contoso.openai.azure.com/")\n    .credential(new AzureKeyCredential("${KEYS.hex32()}"))\n    .buildClient();\n`, 'A.java'),
      c('Java: String apiKey above the endpoint', `class Main {\n    String apiKey = "${KEYS.hex32()}";\n    String endpoint = "https://contoso.openai.azure.com/";\n}\n`, 'Main.java'),
      c('Java: a private static final constant', `public class Config {\n    private static final String ENDPOINT = "https://contoso.openai.azure.com/";\n    private static final String API_KEY = "${KEYS.hex32()}";\n}\n`, 'Config.java'),
      c('Kotlin: a typed val', `val endpoint = "https://contoso.openai.azure.com/"\nval apiKey: String = "${KEYS.hex32()}"\n`, 'Main.kt'),
      c('Go: a const', `package main\n\nconst apiKey = "${KEYS.hex32()}"\nconst endpoint = "https://contoso.openai.azure.com/"\n`, 'main.go'),
      c('Go: a short variable declaration', `func main() {\n\tendpoint := "https://contoso.openai.azure.com/"\n\tapiKey := "${KEYS.hex32()}"\n}\n`, 'main.go'),
      c('Go: a typed var', `var endpoint = "https://contoso.openai.azure.com/"\nvar apiKey string = "${KEYS.hex32()}"\n`, 'main.go'),
      c('TypeScript: a const above the client', `const apiKey = "${KEYS.hex32()}";\nconst client = new AzureOpenAI({ endpoint: "https://contoso.openai.azure.com/", apiKey });\n`, 'a.ts'),
      // The SDK's namespace (`Azure.AI.OpenAI`, `com.azure.ai.openai`) above the key: its `OpenAI` is the Azure SDK's, not OpenAI's.
      c('C#: var apiKey below using Azure.AI.OpenAI', `using Azure.AI.OpenAI;\n\nvar apiKey = "${KEYS.hex32()}";\nvar endpoint = "https://contoso.openai.azure.com/";\n`, 'Program.cs'),
      c('Java: String apiKey below import com.azure.ai.openai', `import com.azure.ai.openai.OpenAIClient;\n\nclass Main {\n    String apiKey = "${KEYS.hex32()}";\n    String endpoint = "https://contoso.openai.azure.com/";\n}\n`, 'Main.java'),
      c('Python: credential=AzureKeyCredential(…) below a deployment URL (its /openai/ path is the endpoint\'s)', `client = ChatCompletionsClient(\n    endpoint="https://contoso.openai.azure.com/openai/deployments/gpt-4o",\n    credential=AzureKeyCredential("${KEYS.hex32()}"),\n)\n`, 'a.py'),
    ],
    valid: [
      c('32 hex without any Azure context', `api_key = "${KEYS.hex32()}"\n`, 'a.py'),
      c('a deployment id (UUID) next to the endpoint', 'AZURE_OPENAI_ENDPOINT=https://contoso.openai.azure.com/\nAZURE_OPENAI_DEPLOYMENT_ID=3f2a9c1b-1d2e-4f5a-8b9c-0d1e2f3a4b5c\n', '.env'),
      c('a hash that is not assigned to a key name', `# azure_openai build ${KEYS.hex32()}\n`, 'a.sh'),
      c('a key assigned next to another provider', `AZURE_OPENAI_ENDPOINT=https://contoso.openai.azure.com/\nELEVENLABS_API_KEY=${KEYS.hex32()}\n`, '.env'),
      // Hashes and ids in typed code next to the endpoint: not key-like names, or key names that say hash.
      c('Java: a git sha in String checksum', `String endpoint = "https://contoso.openai.azure.com/";\nString checksum = "${KEYS.hex32()}";\n`, 'A.java'),
      c('C#: an md5 in a const string', `private const string Endpoint = "https://contoso.openai.azure.com/";\nprivate const string ModelMd5 = "${KEYS.hex32()}";\n`, 'A.cs'),
      c('Go: a hex deployment id', `endpoint := "https://contoso.openai.azure.com/"\ndeploymentID := "${KEYS.hex32()}"\n`, 'main.go'),
      c('C#: a hex in a non-key name', `var endpoint = new Uri("https://contoso.openai.azure.com/");\nstring requestId = "${KEYS.hex32()}";\n`, 'A.cs'),
      c('Java: a commit id passed to a builder', `builder.endpoint("https://contoso.openai.azure.com/")\n    .commit("${KEYS.hex32()}");\n`, 'A.java'),
      c('the hash of a key, not the key', `AZURE_OPENAI_ENDPOINT=https://contoso.openai.azure.com/\nAZURE_OPENAI_API_KEY_SHA=${KEYS.hex32()}\n`, '.env'),
      c('an etag under a key-like name beside the endpoint', `{"endpoint": "https://contoso.openai.azure.com/", "etag_key": "${KEYS.hex32()}"}\n`, 'c.json'),
      c('a typed key of another service below the endpoint', `String endpoint = "https://contoso.openai.azure.com/";\nString STRIPE_SECRET_KEY = "${KEYS.hex32()}";\n`, 'A.java'),
      c('a typed key without Azure context', `private static final String API_KEY = "${KEYS.hex32()}";\n`, 'A.java'),
    ],
  },
  'secrets/aws-bedrock-long-lived-key': {
    invalid: [c('ABSK in .env', `AWS_BEARER_TOKEN_BEDROCK=${KEYS.bedrockLong()}\n`, '.env'), c('ABSK in Python', `os.environ["AWS_BEARER_TOKEN_BEDROCK"] = "${KEYS.bedrockLong()}"\n`, 'a.py')],
    valid: [
      c('placeholder', 'AWS_BEARER_TOKEN_BEDROCK=ABSK...\n', '.env'),
      c('ABSK inside a base64 blob', `data = "${r(B64, 40)}ABSK${r(B64, 140)}"\n`, 'a.py'),
      c('decodes to a placeholder secret', `AWS_BEARER_TOKEN_BEDROCK=ABSK${b64('BedrockAPIKey-abcd-at-123456789012:' + 'A'.repeat(60))}\n`, '.env'),
    ],
  },
  'secrets/aws-bedrock-short-lived-key': {
    invalid: [c('short-term key in shell', `export AWS_BEARER_TOKEN_BEDROCK=${KEYS.bedrockShort()}\n`, 'a.sh'), c('in JSON', JSON.stringify({ token: KEYS.bedrockShort() }), 'c.json')],
    valid: [c('prefix only', 'AWS_BEARER_TOKEN_BEDROCK=bedrock-api-key-...\n', '.env'), c('a different base64 after the prefix', `t = "bedrock-api-key-${b64('example.com/?x=1')}"\n`, 'a.py'), c('the fixed prefix with no query after it (a rule file)', "regex: 'bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t[A-Za-z0-9+/]'\n", 'r.yaml')],
  },
  'secrets/aws-access-key-bedrock': {
    invalid: [
      c('AKIA in a Bedrock client', `client = boto3.client("bedrock-runtime", aws_access_key_id="${KEYS.awsAkia()}")\n`, 'a.py'),
      c('AKIA in .env of a Bedrock app', `BEDROCK_MODEL_ID=anthropic.claude-3-haiku\nAWS_ACCESS_KEY_ID=${KEYS.awsAkia()}\n`, '.env'),
    ],
    valid: [
      c('AKIA in a file without Bedrock', `AWS_ACCESS_KEY_ID=${KEYS.awsAkia()}\n`, '.env'),
      c('the AWS documentation example key', 'client = boto3.client("bedrock-runtime", aws_access_key_id="AKIAIOSFODNN7EXAMPLE")\n', 'a.py'),
      c('low entropy', 'bedrock = 1\nAWS_ACCESS_KEY_ID=AKIAAAAAAAAAAAAAAAAA\n', '.env'),
    ],
  },
  'secrets/replicate-api-token': {
    invalid: [c('r8_ in .env', `REPLICATE_API_TOKEN=${KEYS.replicate()}\n`, '.env'), c('r8_ in INI', `[replicate]\napi_token = ${KEYS.replicate()}\n`, 's.ini')],
    valid: [c('placeholder', 'REPLICATE_API_TOKEN=r8_...\n', '.env'), c('too short', 'x = "r8_abc123"\n', 'a.py')],
  },
  'secrets/groq-api-key': {
    invalid: [c('gsk_ in TS', `const groq = new Groq({ apiKey: '${KEYS.groq()}' });\n`, 'a.ts'), c('gsk_ in Terraform', `groq_api_key = "${KEYS.groq()}"\n`, 'terraform.tfvars')],
    valid: [c('gitleaks placeholder', `GSK_API_KEY=gsk_${'x'.repeat(48)}\n`, '.env'), c('lookup', 'api_key=os.environ.get("GROQ_API_KEY")\n', 'a.py')],
  },
  'secrets/mistral-api-key': {
    invalid: [c('MISTRAL_API_KEY in .env', `MISTRAL_API_KEY=${KEYS.mistral()}\n`, '.env'), c('Mistral client', `client = Mistral(api_key="${KEYS.mistral()}")\n`, 'a.py'), c('nested YAML', `mistral:\n  api_key: "${KEYS.mistral()}"\n`, 'c.yaml')],
    valid: [
      c('an md5 next to a Mistral model', `mistral-7b-instruct-v0.2.Q4_K_M.gguf md5 ${KEYS.hex32()}\n`, 'SHA.md'),
      c('not assigned to a key name', `# mistral run ${KEYS.mistral()}\n`, 'a.sh'),
      c('the next line belongs to another provider', `MISTRAL_API_KEY=\${MISTRAL_API_KEY}\nVOYAGE_API_KEY=${KEYS.mistral()}\n`, '.env'),
      c('a placeholder', 'MISTRAL_API_KEY=YourMistralApiKeyGoesHere1234567\n', '.env'),
      c('the key of another service on the next line', `MISTRAL_API_KEY=\${MISTRAL_API_KEY}\nSTRIPE_SECRET_KEY=${KEYS.mistral()}\n`, '.env'),
    ],
  },
  'secrets/perplexity-api-key': {
    invalid: [c('pplx- in .env', `PERPLEXITY_API_KEY=${KEYS.perplexity()}\n`, '.env'), c('pplx- in Java', `    String key = "${KEYS.perplexity()}";\n`, 'A.java')],
    valid: [c('placeholder', 'PERPLEXITY_API_KEY=pplx-...\n', '.env'), c('short', 'x = "pplx-1234"\n', 'a.py')],
  },
  'secrets/together-api-key': {
    invalid: [c('TOGETHER_API_KEY', `TOGETHER_API_KEY=${KEYS.together()}\n`, '.env'), c('camelCase in TS', `const togetherApiKey = "${KEYS.together()}";\n`, 'a.ts')],
    valid: [c('a sha256 in a lockfile next to together', `together==1.3.1 --hash=sha256:${KEYS.together()}\n`, 'requirements.txt'), c('the English word', `Putting it all together: ${KEYS.together()}\n`, 'README.md')],
  },
  'secrets/fireworks-api-key': {
    invalid: [c('fw_ in a Fireworks config', `FIREWORKS_API_KEY=${KEYS.fireworks()}\n`, '.env'), c('fw_ with fireworks client', `import fireworks\nclient = fireworks.Client(api_key="${KEYS.fireworks()}")\n`, 'a.py')],
    valid: [c('fw_ identifier without Fireworks', `const k = "${KEYS.fireworks()}";\n`, 'firmware.js'), c('placeholder', 'FIREWORKS_API_KEY=fw_...\n', '.env')],
  },
  'secrets/deepseek-api-key': {
    invalid: [
      c('DEEPSEEK_API_KEY', `DEEPSEEK_API_KEY=${KEYS.deepseek()}\n`, '.env'),
      c('OpenAI client with the DeepSeek base URL after the key', `client = OpenAI(api_key="${KEYS.deepseek()}", base_url="https://api.deepseek.com")\n`, 'a.py'),
    ],
    valid: [c('sk- key with no DeepSeek nearby', `api_key = "${KEYS.deepseek()}"\n`, 'a.py'), c('placeholder', 'DEEPSEEK_API_KEY=sk-...\n', '.env')],
  },
  'secrets/xai-api-key': {
    invalid: [c('xai- in .env', `XAI_API_KEY=${KEYS.xai()}\n`, '.env'), c('xai- in YAML', `grok:\n  key: "${KEYS.xai()}"\n`, 'c.yaml')],
    valid: [c('placeholder', 'XAI_API_KEY=xai-...\n', '.env'), c('word', 'see xai-grok-2 docs\n', 'README.md')],
  },
  'secrets/openrouter-api-key': {
    invalid: [c('sk-or-v1- in .env', `OPENROUTER_API_KEY=${KEYS.openrouter()}\n`, '.env'), c('in JS headers', `headers: { Authorization: "Bearer ${KEYS.openrouter()}" }\n`, 'a.js')],
    valid: [c('placeholder', 'OPENROUTER_API_KEY=sk-or-v1-...\n', '.env'), c('sequence', `k = "sk-or-v1-${'0123456789abcdef'.repeat(4)}"\n`, 'a.py')],
  },
  'secrets/langsmith-api-key': {
    invalid: [c('personal token', `LANGSMITH_API_KEY=${KEYS.langsmith('pt')}\n`, '.env'), c('service key', `LANGCHAIN_API_KEY="${KEYS.langsmith('sk')}"\n`, '.env')],
    valid: [c('legacy ls__ key (gitleaks fp)', 'LANGCHAIN_API_KEY=ls__0123456789abcdef0123456789abcdef\n', '.env'), c('wrong type segment (gitleaks fp)', 'k = "lsv2_xx_0123456789abcdef0123456789abcdef_0123456789"\n', 'a.py')],
  },
  'secrets/langfuse-secret-key': {
    invalid: [c('sk-lf- in .env', `LANGFUSE_SECRET_KEY=${KEYS.langfuse()}\n`, '.env'), c('sk-lf- in Python', `Langfuse(secret_key="${KEYS.langfuse()}")\n`, 'a.py')],
    valid: [c('public key only', 'LANGFUSE_PUBLIC_KEY=pk-lf-1234abcd-0000-0000-0000-000000000000\n', '.env'), c('placeholder', 'LANGFUSE_SECRET_KEY=sk-lf-...\n', '.env')],
  },
  'secrets/pinecone-api-key': {
    invalid: [c('pcsk_ in .env', `PINECONE_API_KEY=${KEYS.pinecone()}\n`, '.env'), c('pcsk_ in TS', `new Pinecone({ apiKey: "${KEYS.pinecone()}" })\n`, 'a.ts')],
    valid: [c('placeholder', 'PINECONE_API_KEY=pcsk_...\n', '.env'), c('wrong shape', 'k = "pcsk_abc_def"\n', 'a.py')],
  },
  'secrets/wandb-api-key': {
    invalid: [
      c('40 hex in WANDB_API_KEY', `WANDB_API_KEY=${KEYS.wandbHex()}\n`, '.env'),
      c('wandb.login(key=...)', `wandb.login(key="${KEYS.wandbHex()}")\n`, 'a.py'),
      c('wandb_v1_ format', `export WANDB_API_KEY=${KEYS.wandbV1()}\n`, 'a.sh'),
    ],
    valid: [
      c('a git commit next to wandb', `pip install git+https://github.com/wandb/wandb@${KEYS.wandbHex()}\n`, 'setup.sh'),
      c('a hash pin', `wandb==0.17.0 --hash=sha256:${KEYS.together()}\n`, 'requirements.txt'),
      c('the trufflehog documentation example', 'WANDB_API_KEY=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\n', '.env'),
      c('a run id', `WANDB_RUN_ID=${KEYS.wandbHex()}\n`, '.env'),
    ],
  },
  'secrets/elevenlabs-api-key': {
    invalid: [c('sk_ + 48 hex', `ELEVENLABS_API_KEY=${KEYS.elevenV2()}\n`, '.env'), c('legacy 32 hex with xi-api-key', `headers = {"xi-api-key": "${KEYS.hex32()}"}\n`, 'a.py')],
    valid: [c('placeholder', 'ELEVENLABS_API_KEY=sk_...\n', '.env'), c('voice id', `ELEVENLABS_VOICE_ID=${KEYS.hex32()}\n`, '.env'), c('sk_ inside an identifier', `task_${r(HX, 48)} = 1\n`, 'a.py')],
  },
  'secrets/deepgram-api-key': {
    invalid: [c('DEEPGRAM_API_KEY', `DEEPGRAM_API_KEY=${KEYS.deepgram()}\n`, '.env'), c('Deepgram client', `deepgram = DeepgramClient(api_key="${KEYS.deepgram()}")\n`, 'a.py')],
    valid: [c('model name', 'DEEPGRAM_MODEL=nova-2-general\n', '.env'), c('not assigned', `# deepgram ${KEYS.deepgram()}\n`, 'a.sh')],
  },
  'secrets/assemblyai-api-key': {
    invalid: [c('ASSEMBLYAI_API_KEY', `ASSEMBLYAI_API_KEY=${KEYS.assemblyai()}\n`, '.env'), c('settings', `assemblyai.settings.api_key = "${KEYS.assemblyai()}"\n`, 'a.py')],
    valid: [c('transcript id', `ASSEMBLYAI_TRANSCRIPT_ID=${KEYS.assemblyai()}\n`, '.env'), c('lookup', 'assemblyai.settings.api_key = os.environ["ASSEMBLYAI_API_KEY"]\n', 'a.py')],
  },
  'secrets/cohere-api-key': {
    invalid: [c('CO_API_KEY', `CO_API_KEY=${KEYS.cohere()}\n`, '.env'), c('cohere.Client', `co = cohere.ClientV2(api_key="${KEYS.cohere()}")\n`, 'a.py')],
    valid: [c('model name', 'COHERE_MODEL=command-r-plus-08-2024\n', '.env'), c('lower-case hash', `COHERE_API_KEY=${r(HX, 40)}\n`, '.env')],
  },
  'secrets/nvidia-api-key': {
    invalid: [c('nvapi- in .env', `NVIDIA_API_KEY=${KEYS.nvidia()}\n`, '.env'), c('nvapi- in TS', `const client = new OpenAI({ apiKey: "${KEYS.nvidia()}", baseURL: "https://integrate.api.nvidia.com/v1" });\n`, 'a.ts')],
    valid: [c('placeholder', 'NVIDIA_API_KEY=nvapi-...\n', '.env'), c('placeholder characters', `NVIDIA_API_KEY=nvapi-${'x'.repeat(64)}\n`, '.env')],
  },
  'secrets/jina-api-key': {
    invalid: [c('jina_ in .env', `JINA_API_KEY=${KEYS.jina()}\n`, '.env'), c('jina_ in a curl header', `curl -H "Authorization: Bearer ${KEYS.jina()}" https://api.jina.ai/v1/embeddings\n`, 'a.sh')],
    valid: [c('placeholder', 'JINA_API_KEY=jina_...\n', '.env'), c('identifier', 'from jina_embeddings import jina_embeddings_v3_base_model_loader_fn\n', 'a.py')],
  },
  'secrets/sourcegraph-cody-token': {
    invalid: [c('slk_ in .env', `SRC_ACCESS_TOKEN=${KEYS.cody()}\n`, '.env'), c('slk_ in settings JSON', JSON.stringify({ 'cody.accessToken': KEYS.cody() }), 'settings.json')],
    valid: [c('placeholder', 'SRC_ACCESS_TOKEN=slk_...\n', '.env'), c('sequence', `k = "slk_${'0123456789abcdef'.repeat(4)}"\n`, 'a.py')],
  },
  'secrets/braintrust-api-key': {
    invalid: [c('BRAINTRUST_API_KEY', `BRAINTRUST_API_KEY=${KEYS.braintrust()}\n`, '.env'), c('braintrust.init', `braintrust.login(api_key="${KEYS.braintrust()}")\n`, 'a.py')],
    valid: [c('sk- key without Braintrust nearby', `api_key = "${KEYS.braintrust()}"\n`, 'a.py'), c('placeholder', 'BRAINTRUST_API_KEY=sk-...\n', '.env')],
  },
  'secrets/generic-ai-key': {
    invalid: [
      c('key of a provider without a format', `VOYAGE_API_KEY="${KEYS.generic()}"\n`, '.env'),
      c('Anthropic named by claude', `claude:\n  api_key: ${KEYS.generic()}\n`, 'c.yaml'),
      c('a Kubernetes env entry', `env:\n  - name: CEREBRAS_API_KEY\n    value: "${KEYS.generic()}"\n`, 'deploy.yaml'),
      c('a DeepInfra key', `DEEPINFRA_API_KEY="${KEYS.generic()}"\n`, '.env'),
      c('a UUID-shaped key', `VOYAGE_API_KEY="${KEYS.genericUuid()}"\n`, '.env'),
      c('hyphenated segments mixing letters and digits', `cerebras:\n  api_key: ${KEYS.genericMixedSegments()}\n`, 'c.yaml'),
      c('underscored mixed-case segments', `{"deepinfra": {"token": "${KEYS.genericMixedCase()}"}}\n`, 'c.json'),
      c('a key beside camel-case names', '{"displayName":"Azure OpenAI","name":"authentication","type":"options","default":"azureOpenAiApi","options":[{"name":"API Key","value":"dyiYxrettcoyeEwcyVK2aQ9s7"}]}\n', 'nodes.json'),
      c('a Zhipu key (id.secret) given to its client', `from zhipuai import ZhipuAI\nclient = ZhipuAI(api_key="${KEYS.zhipu()}")\n`, 'a.py'),
      c('a Zhipu key in a GLM config', `glm:\n  api_key: ${KEYS.zhipu()}\n  base_url: https://open.bigmodel.cn/api/paas/v4/\n`, 'c.yaml'),
    ],
    valid: [
      c('template reference', 'OPENAI_API_KEY: "${OPENAI_API_KEY}"\n', 'c.yaml'),
      c('truncated example key', 'OPENAI_API_KEY="sk-proj-abc123def456ghi789"\n', '.env'),
      c('a model name', 'openai_embedding_key: "text-embedding-3-large-2024"\n', 'c.yaml'),
      c('a tokenizer path', 'tokenizer = "openai-community/gpt2-large-v2024"\n', 'a.py'),
      c('a value assigned to a key of another service', `STRIPE_SECRET_KEY=${KEYS.generic()}\n`, '.env'),
      c('a specific rule wins', `OPENAI_API_KEY=${KEYS.openaiProject()}\n`, '.env'),
      c('the key of another service after an AI one', `OPENAI_API_KEY=\${OPENAI_API_KEY}\nSTRIPE_SECRET_KEY=${KEYS.generic()}\n`, '.env'),
      c('license ids below a provider URL', licenseDb(['ms-azure-rtos-2023-05', 'acki-nacki-node-2024-10-04', 'stability-ai-nc-2023-12-06']), 'license-db.json'),
      c('a snake_case license id', licenseDb(['stability_ai_nc_2023_12_06']), 'license-db.json'),
      c('a dotted license id', licenseDb(['stability.ai.nc.2023.12.06']), 'license-db.json'),
      // n8n's node descriptions: credential type names, next to Azure OpenAI.
      c('a camel-case credential type name', '{"displayName":"Azure OpenAI","name":"authentication","type":"options","default":"azureOpenAiApi","options":[{"name":"API Key","value":"azureOpenAiApi"},{"name":"Azure Entra ID (OAuth2)","value":"azureEntraCognitiveServicesOAuth2Api"}]}\n', 'nodes.json'),
      c('a password next to an AI provider name', `services:\n  openai-proxy:\n    environment:\n      POSTGRES_PASSWORD: ${KEYS.generic()}\n`, 'docker-compose.yml'),
      c('a hex id and suffix that is no key setting\'s value', `zhipu_trace = "${KEYS.zhipu()}"\n`, 'a.py'),
    ],
  },
};
