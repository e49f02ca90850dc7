/**
 * Offline structural checks named by rules/secrets.yaml (`checks:`). Each takes the whole matched
 * key and says whether it has the structure its provider publishes; a key that fails keeps the
 * entry's `unchecked` confidence (or is dropped). None of them calls a provider.
 */

export type CheckName =
  | 'openai-legacy-shape'
  | 'openai-segments'
  | 'anthropic-shape'
  | 'letters-only'
  | 'azure-cognitive-signature'
  | 'bedrock-long-decode'
  | 'bedrock-short-decode';

/** `T3BlbkFJ` is base64 of `OpenAI`; it sits between the two random halves of every OpenAI key. */
export const OPENAI_MARKER = 'T3BlbkFJ';

/** Legacy user key: sk- + 20 alnum + marker + 20 alnum, 51 characters (gitleaks, secretlint, detect-secrets). */
function openaiLegacyShape(key: string): boolean {
  return /^sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}$/.test(key);
}

/** Project, service-account and admin keys: `sk-<kind>-` + n + marker + n, n = 74 or 58 (gitleaks). */
function openaiSegments(key: string): boolean {
  const m = /^sk-(?:proj|svcacct|service|admin)-/.exec(key);
  if (!m) return false;
  const rest = key.slice(m[0].length);
  const at = rest.indexOf(OPENAI_MARKER);
  if (at < 0 || rest.indexOf(OPENAI_MARKER, at + 1) >= 0) return false;
  const left = at;
  const right = rest.length - at - OPENAI_MARKER.length;
  return left === right && (left === 74 || left === 58);
}

/** Anthropic: `sk-ant-api03-` or `sk-ant-admin01-`, then 93 characters and `AA` (108 / 110 in all). */
function anthropicShape(key: string): boolean {
  const m = /^sk-ant-(?:api03|admin01)-/.exec(key);
  if (!m) return false;
  const body = key.slice(m[0].length);
  return body.length === 95 && body.endsWith('AA');
}

/** Hugging Face tokens after `hf_` / `api_org_`: letters only (gitleaks, secretlint, kingfisher, Nosey Parker). */
function lettersOnly(key: string): boolean {
  const body = key.replace(/^(?:hf_|api_org_)/, '');
  return /^[A-Za-z]+$/.test(body);
}

/**
 * Microsoft identifiable keys carry a 4-character provider signature at offset 76 of the 84; `ACOG`
 * is Cognitive Services (Azure OpenAI, Speech, Vision, Language…). Inferred from public keys.
 */
function azureCognitiveSignature(key: string): boolean {
  return key.length >= 84 && key.slice(52, 57) === 'JQQJ9' && key.slice(76, 80) === 'ACOG';
}

function base64Text(b64: string): string {
  return Buffer.from(b64, 'base64').toString('latin1');
}

/** Long-term Bedrock key: `ABSK` + base64 of `BedrockAPIKey-<id>-at-<account>:<secret>`. */
function bedrockLongDecode(key: string): boolean {
  if (!key.startsWith('ABSK')) return false;
  const text = base64Text(key.slice(4));
  return /^BedrockAPIKey-[A-Za-z0-9]+-at-\d{12}:./.test(text);
}

/** Short-term Bedrock key: `bedrock-api-key-` + base64 of a presigned `bedrock.amazonaws.com/?…X-Amz-…` URL. */
function bedrockShortDecode(key: string): boolean {
  const prefix = 'bedrock-api-key-';
  if (!key.startsWith(prefix)) return false;
  const text = base64Text(key.slice(prefix.length));
  return text.startsWith('bedrock.amazonaws.com/') && text.includes('X-Amz-');
}

export const CHECKS: Readonly<Record<CheckName, (key: string) => boolean>> = {
  'openai-legacy-shape': openaiLegacyShape,
  'openai-segments': openaiSegments,
  'anthropic-shape': anthropicShape,
  'letters-only': lettersOnly,
  'azure-cognitive-signature': azureCognitiveSignature,
  'bedrock-long-decode': bedrockLongDecode,
  'bedrock-short-decode': bedrockShortDecode,
};

export function isCheckName(s: string): s is CheckName {
  return Object.prototype.hasOwnProperty.call(CHECKS, s);
}

/**
 * The random part inside an encoded key, for the placeholder test: the secret after `:` of a
 * long-term Bedrock key, the signature of a short-term one. Undefined for other checks or when the
 * key does not decode.
 */
export function randomPayload(check: CheckName, key: string): string | undefined {
  if (check === 'bedrock-long-decode' && key.startsWith('ABSK')) {
    const text = base64Text(key.slice(4));
    const at = text.indexOf(':');
    return at > 0 ? text.slice(at + 1) : undefined;
  }
  if (check === 'bedrock-short-decode' && key.startsWith('bedrock-api-key-')) {
    const m = /X-Amz-Signature=([0-9a-f]+)/.exec(base64Text(key.slice('bedrock-api-key-'.length)));
    return m?.[1];
  }
  return undefined;
}
