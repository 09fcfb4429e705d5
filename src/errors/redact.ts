/**
 * Scrubs secrets from any text that may reach a terminal, a log or an error: bearer tokens, bare
 * JWTs (three base64url parts starting `eyJ`), and PEM private-key blocks (armoured or not).
 */
const PATTERNS: Array<[RegExp, string]> = [
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)/g, "[REDACTED PRIVATE KEY]"],
  [/(authorization"?\s*[:=]\s*"?)(bearer\s+)?[A-Za-z0-9._~+/=-]{8,}/gi, "$1[REDACTED]"],
  // Only token-shaped values: "a signed bearer token" in Apple's own prose must survive.
  [/\bbearer\s+[A-Za-z0-9._~+/=-]{20,}/gi, "Bearer [REDACTED]"],
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, "[REDACTED JWT]"],
  // A bare base64 PKCS#8 EC key body always starts with this prefix (SEQUENCE, version 0, id-ecPublicKey).
  [/MIG[HT]AgEAMBMGByqGSM49AgEGCCqGSM49AwEHB[A-Za-z0-9+/=\s\\n]{40,}/g, "[REDACTED PRIVATE KEY]"],
];

export function redactSecrets(text: string): string {
  let out = text;
  for (const [re, replacement] of PATTERNS) out = out.replace(re, replacement);
  return out;
}

/** Header names whose values are never shown. */
export const SECRET_HEADERS = new Set(["authorization", "proxy-authorization", "cookie", "set-cookie"]);

export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) out[k] = SECRET_HEADERS.has(k.toLowerCase()) ? "[REDACTED]" : redactSecrets(v);
  return out;
}
