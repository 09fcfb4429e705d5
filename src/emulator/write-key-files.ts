import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

export interface KeyFileInput {
  keyId: string;
  issuerId?: string;
  privateKeyPem: string;
}

/**
 * Writes the key the way a user keeps one from App Store Connect: `AuthKey_<KEYID>.p8` (owner-only)
 * and a fastlane-style API key JSON that points at it. The JSON holds the path, not the key.
 */
export function writeKeyFiles(dir: string, key: KeyFileInput): { p8Path: string; jsonPath: string } {
  mkdirSync(dir, { recursive: true });
  const p8Path = path.resolve(dir, `AuthKey_${key.keyId}.p8`);
  const jsonPath = path.resolve(dir, `AuthKey_${key.keyId}.json`);
  writeFileSync(p8Path, key.privateKeyPem, { mode: 0o600 });
  // writeFileSync's mode applies only when it creates the file; an existing file keeps its mode otherwise.
  chmodSync(p8Path, 0o600);
  const json = { key_id: key.keyId, ...(key.issuerId !== undefined ? { issuer_id: key.issuerId } : {}), key_filepath: p8Path, in_house: false };
  writeFileSync(jsonPath, `${JSON.stringify(json, null, 2)}\n`, { mode: 0o600 });
  return { p8Path, jsonPath };
}
