import { existsSync } from "node:fs";
import path from "node:path";
import { CredentialsError } from "../../../auth/credentials-error.js";
import { readCredentialFile } from "../../../auth/read-credential-file.js";

/** What `auth login` takes from fastlane's API key JSON: the ids and where the .p8 is. */
export interface FastlaneKeyFile {
  keyId?: string;
  /** Absent means an individual key: the file describes one whole key. */
  issuerId?: string;
  /** Absolute path of the .p8 named by `key_filepath`. */
  keyPath?: string;
  /** True when the file holds the key text itself (`key`), which a profile cannot point at. */
  inlineKey: boolean;
}

/**
 * Reads a fastlane API key JSON for `auth login`. `key_filepath` is resolved like fastlane does
 * (against the working directory), else next to the JSON file. Messages never quote the file's
 * text, which may hold the key.
 */
export function readFastlaneKeyFile(file: string, where: { cwd: string; home: string }): FastlaneKeyFile {
  // Read and refused as every other command does (exit 3, configuration), so `auth login` is no different.
  const text = readCredentialFile(file, { description: `the fastlane API key file ${file} (--api-key-file)`, field: "apiKeyFile" });
  let json: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("not an object");
    json = parsed as Record<string, unknown>;
  } catch {
    throw new CredentialsError(`The fastlane API key file ${file} is not a JSON object`, { field: "apiKeyFile", hint: 'Expected {"key_id": "…", "issuer_id": "…", "key_filepath": "AuthKey_….p8"}.' });
  }
  const str = (name: string): string | undefined => (typeof json[name] === "string" && (json[name] as string).trim() ? (json[name] as string).trim() : undefined);
  const keyFile = str("key_filepath")?.replace(/^~(?=$|\/)/, where.home);
  let keyPath: string | undefined;
  if (keyFile) {
    const candidates = path.isAbsolute(keyFile) ? [keyFile] : [path.resolve(where.cwd, keyFile), path.resolve(path.dirname(file), keyFile)];
    keyPath = candidates.find((c) => existsSync(c)) ?? candidates[0];
  }
  return { keyId: str("key_id"), issuerId: str("issuer_id"), keyPath, inlineKey: str("key") !== undefined };
}
