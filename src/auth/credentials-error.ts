import { AsckitError } from "../errors/asckit-error.js";

/** Credentials that are missing, malformed or unreadable (key ID, issuer ID, key file, profile). */
export class CredentialsError extends AsckitError {
  /** The input at fault, e.g. `keyId`, `issuerId`, `privateKey`, `profile`. */
  readonly field: string | undefined;
  constructor(message: string, options: { field?: string; hint?: string; category?: "auth" | "usage" } = {}) {
    super(message, { category: options.category ?? "auth", hint: options.hint });
    this.field = options.field;
  }
}
