/**
 * Masking and hashing of matched keys: what leaves the detector instead of the key.
 *
 * maskSecret shows the provider's fixed prefix (which is not secret), an ellipsis, and at most the
 * last 4 characters; keys shorter than 16 characters show no tail. Nothing else of the random part
 * is ever shown, so a mask cannot be used to rebuild or verify a key.
 */
import { createHash } from 'node:crypto';

/**
 * The fixed prefixes of the key formats in rules/secrets.yaml, longest first. Only literal text
 * that every key of the format starts with is here; the random body never is.
 */
export const KNOWN_PREFIXES: readonly string[] = [
  'bedrock-api-key-',
  'sk-ant-admin01-',
  'sk-ant-api03-',
  'sk-svcacct-',
  'sk-service-',
  'wandb_v1_',
  'sk-or-v1-',
  'sk-admin-',
  'sk-proj-',
  'api_org_',
  'lsv2_pt_',
  'lsv2_sk_',
  'nvapi-',
  'sk-lf-',
  'pcsk_',
  'jina_',
  'pplx-',
  'gsk_',
  'xai-',
  'slk_',
  'AIza',
  'ABSK',
  'AKIA',
  'ASIA',
  'ABIA',
  'ACCA',
  'hf_',
  'r8_',
  'fw_',
  'sk-',
  'sk_',
];

/** The longest known prefix `raw` starts with, or ''. */
export function keyPrefix(raw: string): string {
  for (const p of KNOWN_PREFIXES) if (raw.startsWith(p) && raw.length > p.length) return p;
  return '';
}

/**
 * A display form of a key: `sk-proj-…Ab9Z`, `hf_…wxYz`, `…9f3a` (no known prefix), `gsk_…` (short
 * key). Never more than 4 characters of the random part. `ruleId` is accepted for callers that
 * have it; the prefix comes from the key itself.
 */
export function maskSecret(raw: string, _ruleId?: string): string {
  const prefix = shownPrefix(keyPrefix(raw));
  const body = raw.slice(prefix.length);
  const tail = raw.length >= 16 && body.length > 8 ? body.slice(-4) : '';
  return `${prefix}…${tail}`;
}

/**
 * The prefix as shown: at most 11 characters, cut after a `-` or `_`, so that no 12 characters of
 * a key ever appear together in an output (`sk-ant-api03-` shows as `sk-ant-`).
 */
function shownPrefix(prefix: string): string {
  if (prefix.length <= 11) return prefix;
  const cut = Math.max(prefix.lastIndexOf('-', 10), prefix.lastIndexOf('_', 10));
  return cut > 0 ? prefix.slice(0, cut + 1) : prefix.slice(0, 4);
}

/** Hex SHA-256 of the key (UTF-8). */
export function secretHash(raw: string): string {
  return createHash('sha256').update(raw, 'utf8').digest('hex');
}

/** A stable id of (rule, key), independent of where the key is: 32 hex characters. */
export function fingerprint(ruleId: string, raw: string): string {
  return createHash('sha256').update(`${ruleId}\u0000${raw}`, 'utf8').digest('hex').slice(0, 32);
}
