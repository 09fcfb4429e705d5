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

const ENV_REF = /^env:([A-Za-z_][A-Za-z0-9_]*)$/;

/** `env:NAME`, the placeholder a pulled review.json holds instead of the password. */
export const envReference = (name: string) => `env:${name}`;

/** The listing as it may be written to disk: a set password replaced by `env:ASC_DEMO_ACCOUNT_PASSWORD`. */
export function withoutSecrets(metadata: Metadata): { metadata: Metadata; leftOut: string[] } {
  const password = metadata.review?.demoAccountPassword;
  if (!metadata.review || password === null || password === undefined || password === "") return { metadata, leftOut: [] };
  return { metadata: { ...metadata, review: { ...metadata.review, demoAccountPassword: envReference(PASSWORD_ENV) } }, leftOut: ["demoAccountPassword"] };
}

/** The metadata with `env:NAME` references replaced from `env`; an unset variable leaves the field out (unchanged on App Store Connect). */
export function resolveSecrets(metadata: Metadata, env: Record<string, string | undefined> = {}): Metadata {
  const value = metadata.review?.demoAccountPassword;
  const ref = typeof value === "string" ? ENV_REF.exec(value) : null;
  if (!metadata.review || !ref) return metadata;
  const { demoAccountPassword: _placeholder, ...rest } = metadata.review;
  const supplied = env[ref[1]!];
  return { ...metadata, review: supplied ? { ...rest, demoAccountPassword: supplied } : rest };
}
