import { readFileSync } from "node:fs";
import { CredentialsError } from "./credentials-error.js";

/**
 * Reads a file that holds or points at a key (the .p8, fastlane's API key JSON). One function, so a
 * bad path reads the same wherever it came from (--private-key-path, ASC_PRIVATE_KEY_PATH, a profile,
 * `auth login`): one line naming the file, what pointed at it and why it cannot be read, a hint for
 * that cause, and exit 3 (configuration), before any request. The error never quotes file content.
 */
export function readCredentialFile(
  file: string,
  what: {
    /** Completes "Cannot read …", e.g. "the private key file /k/AuthKey_X.p8 (from --private-key-path)". */
    description: string;
    field: "privateKeyPath" | "apiKeyFile";
  },
  readFile: (path: string) => string = (p) => readFileSync(p, "utf8"),
): string {
  try {
    return readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const { reason, hint } = explain(code, what.field);
    throw new CredentialsError(`Cannot read ${what.description}: ${reason}`, { field: what.field, hint });
  }
}

function explain(code: string | undefined, field: "privateKeyPath" | "apiKeyFile"): { reason: string; hint: string } {
  const thing = field === "privateKeyPath" ? "the .p8 file (AuthKey_<KEY_ID>.p8)" : "the JSON file";
  switch (code) {
    case "ENOENT":
      return {
        reason: "no such file",
        hint:
          field === "privateKeyPath"
            ? "Check the path; the .p8 can be downloaded only once from Users and Access → Integrations, so create a new key if it is lost."
            : "Check the path and the current directory.",
      };
    case "EISDIR":
      return { reason: "it is a directory", hint: `Name ${thing} itself, not the directory it is in.` };
    case "EACCES":
    case "EPERM":
      return { reason: "permission denied", hint: `Make ${thing} readable by this user (chmod 600 keeps it private to you).` };
    case "ENOTDIR":
      return { reason: "a part of the path is a file, not a directory", hint: "Check the path." };
    default:
      return { reason: `unreadable${code ? ` (${code})` : ""}`, hint: "Check the path and the file." };
  }
}
