/**
 * Scrubs secrets from any text that may reach a terminal, a log or an error: bearer tokens, bare
 * JWTs (three base64url parts starting `eyJ`), and PEM private-key blocks (armoured or not).
 *
 * A PEM block is redacted only when key material follows its BEGIN line. asckit's own messages quote
 * the bare armour line (`expected a PEM ("-----BEGIN PRIVATE KEY-----")…`), and a pattern that ran to
 * the end of the text whenever END was missing swallowed the rest of the message, hint and stack.
 */
// Line breaks as they appear in key text: real ones, or escaped ones from an env var or a JSON string.
const BREAK = String.raw`(?:\r?\n|\\r\\n|\\n)`;
const B64 = "[A-Za-z0-9+/=]";
const BEGIN = "-----BEGIN [A-Z ]*PRIVATE KEY-----";
const END = "-----END [A-Z ]*PRIVATE KEY-----";
// What may sit between BEGIN and END in a real block: base64, line breaks, and the `Name: value,…`
// headers of legacy encrypted PEMs. No quotes, brackets or sentence punctuation, so prose never matches.
const BODY_CHAR = String.raw`(?:[A-Za-z0-9+/=:,\s-]|\\[rn])`;
/** A whole block: BEGIN, a body with at least one 16-character base64 run, END. */
const ARMOURED_BLOCK = new RegExp(`${BEGIN}(?=${BODY_CHAR}*?${B64}{16})${BODY_CHAR}*?${END}`, "g");
/**
 * A block cut off before END (a truncated paste): BEGIN, then base64 lines joined by line breaks or
 * spaces. Only full-length lines (PEM wraps at 64) are followed to the next one, and the last line
 * must look like base64 (16+ characters, or padded with `=`), so the words after the key are kept.
 */
const SEP = `(?:[ \\t]*${BREAK}[ \\t]*|[ \\t]+)`;
const OPEN_BLOCK = new RegExp(`${BEGIN}(?:[ \\t]|${BREAK})*(?:${B64}{48,}${SEP})*(?:${B64}{16,}|${B64}*=)`, "g");

const PATTERNS: Array<[RegExp, string]> = [
  [ARMOURED_BLOCK, "[REDACTED PRIVATE KEY]"],
  [OPEN_BLOCK, "[REDACTED PRIVATE KEY]"],
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
