import type { Metadata } from "./metadata-model.js";

/**
 * The demo account password never goes into the metadata folder: those files are meant for version
 * control, where a password would be exposed whatever the file mode. `metadata pull` writes a
 * reference to an environment variable instead, and `metadata plan|apply` resolve it:
 *   - the variable is set: its value is the password to send;
 *   - it is not set: the field is left alone, so the password on App Store Connect stays as it is.
 * So pull → apply round-trips without the password ever touching the disk, and a CI job changes it
 * by setting the variable (from its secret store). A literal value in the file still works.
 */
export const PASSWORD_ENV = "ASC_DEMO_ACCOUNT_PASSWORD";

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `env:NAME`, the placeholder a pulled review.json holds instead of the password. */
const envReference = (name: string) => `env:${name}`;

/**
 * The one `env:NAME` grammar, for metadata files and for secret flags (`--demo-account-password
 * env:NAME`): undefined when `value` is not a reference, else the NAME after `env:` and whether it
 * is a variable name (letters, digits and _, not starting with a digit). What to do with a bad name
 * is the caller's: a flag refuses it, a metadata file keeps it as a literal password.
 */
export function parseEnvReference(value: string): { name: string; valid: boolean } | undefined {
  if (!value.startsWith("env:")) return undefined;
  const name = value.slice("env:".length);
  return { name, valid: ENV_NAME.test(name) };
}

/** The listing as it may be written to disk: a set password replaced by `env:ASC_DEMO_ACCOUNT_PASSWORD`. */
export function withoutSecrets(metadata: Metadata): { metadata: Metadata; leftOut: string[] } {
  const password = metadata.review?.demoAccountPassword;
  if (!metadata.review || password === null || password === undefined || password === "") return { metadata, leftOut: [] };
  return { metadata: { ...metadata, review: { ...metadata.review, demoAccountPassword: envReference(PASSWORD_ENV) } }, leftOut: ["demoAccountPassword"] };
}

/** The metadata with `env:NAME` references replaced from `env`; an unset variable leaves the field out (unchanged on App Store Connect). */
export function resolveSecrets(metadata: Metadata, env: Record<string, string | undefined> = {}): Metadata {
  const value = metadata.review?.demoAccountPassword;
  const ref = typeof value === "string" ? parseEnvReference(value) : undefined;
  if (!metadata.review || !ref?.valid) return metadata;
  const { demoAccountPassword: _placeholder, ...rest } = metadata.review;
  const supplied = env[ref.name];
  return { ...metadata, review: supplied ? { ...rest, demoAccountPassword: supplied } : rest };
}
