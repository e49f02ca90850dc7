/** The secrets engine: catalog, matcher, masking. Pure functions; no I/O beyond loading rules. */
export { secretsCatalog, compileCatalog, hasNestedQuantifier } from './catalog.js';
export type { SecretsCatalog, SecretEntry, SecretKeyData, SecretsCatalogData, Confidence } from './catalog.js';
export { scanText, scanNotebook, isAssigned, anchorWords, contextWords, ASSIGN_NAMES } from './match.js';
export type { SecretMatch, Passes } from './match.js';
export { maskSecret, secretHash, fingerprint, keyPrefix, KNOWN_PREFIXES } from './redact.js';
export { shannonEntropy } from './entropy.js';
export { placeholderReason } from './placeholder.js';
export { CHECKS, OPENAI_MARKER } from './checks.js';
export type { CheckName } from './checks.js';
