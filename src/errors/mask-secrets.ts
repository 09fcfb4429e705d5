/**
 * Hides the values of secret-like fields in data about to be shown: App Review's demo account
 * password (`demoAccountPassword` of betaAppReviewDetails and appStoreReviewDetails), and any other
 * field whose name says it holds a password, passphrase or secret. Apple returns these to any key
 * that can read the resource; a terminal's scrollback, a CI log or an agent's transcript is not a
 * place for them. Lives beside redactSecrets so that every face can use it: the MCP server applies
 * it to every tool result (toolResult), the CLI to `asckit api` output unless --show-secrets, to
 * `review details` and to metadata and beta-info plans. One mask text everywhere, so that a user
 * (or a script) recognises a hidden value whichever command printed it.
 */
const SECRET_FIELD = /password|passphrase|passwd|secret/i;

const MASK = "********";

/** Whether a field's name says it holds a secret (demoAccountPassword, clientSecret…). */
export const isSecretField = (name: string) => SECRET_FIELD.test(name);

/**
 * One secret value as shown: a non-empty string or a number (a PIN) becomes the mask; empty, unset
 * and true/false values stay as they are, since whether a password is set is useful and not secret.
 */
export const maskSecret = (value: unknown) => ((typeof value === "string" && value !== "") || typeof value === "number" ? MASK : value);

export function maskSecretFields<T>(value: T): T {
  return walk(value) as T;
}

function walk(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(walk);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    // A secret field's value is masked by the one rule above; an object under such a name is searched further.
    out[key] = SECRET_FIELD.test(key) && (v === null || typeof v !== "object") ? maskSecret(v) : walk(v);
  }
  return out;
}
