import { CredentialsError } from "./credentials-error.js";

/**
 * Checks on the key ID (`kid`) and issuer ID (`iss`). The values are not secret, but they are not echoed
 * either: a key pasted into the wrong variable must not end up in a CI log.
 */

// Apple's issuer IDs look like UUIDs but do not follow RFC 4122 versions/variants
// (e.g. 57246542-96fe-1a63-e053-0824d011072a), so only the 8-4-4-4-12 hex shape is checked.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const KEY_ID_HINT = "The key ID is the 10-character ID shown next to the key in Users and Access → Integrations (e.g. 2X9R4HXF34).";

const from = (source: string | undefined) => (source ? ` from ${source}` : "");

export function validateKeyId(keyId: string, source?: string): string {
  if (keyId === "") {
    throw new CredentialsError(`The key ID${from(source)} is empty`, { field: "keyId", hint: KEY_ID_HINT });
  }
  if (keyId.includes("PRIVATE KEY") || keyId.length > 64) {
    throw new CredentialsError(`The key ID${from(source)} looks like private key text, not a key ID`, {
      field: "keyId",
      hint: "Pass the key with --private-key-path / ASC_PRIVATE_KEY and the key ID (e.g. 2X9R4HXF34) with --key-id / ASC_KEY_ID.",
    });
  }
  if (/\s/.test(keyId)) {
    throw new CredentialsError(`The key ID${from(source)} contains whitespace`, { field: "keyId", hint: KEY_ID_HINT });
  }
  return keyId;
}

export function validateIssuerId(issuerId: string, source?: string): string {
  if (!UUID.test(issuerId)) {
    throw new CredentialsError(
      `The issuer ID${from(source)} is not a UUID (expected 8-4-4-4-12 hex digits, like 57246542-96fe-1a63-e053-0824d011072a)`,
      {
        field: "issuerId",
        hint: "Copy the Issuer ID shown above the key list in Users and Access → Integrations; leave it out for an individual key.",
      },
    );
  }
  return issuerId;
}
