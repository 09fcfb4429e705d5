import { AsckitError, redactSecrets } from "../../errors/index.js";

// Codes that mean the socket never connected, so not a byte of the request reached the server.
const NEVER_CONNECTED = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "UND_ERR_CONNECT_TIMEOUT"]);

/** The request got no HTTP response: DNS, refused connection, reset, TLS failure, truncated body. */
export class NetworkError extends AsckitError {
  /** The system error code found in the cause chain, e.g. `ECONNREFUSED`. */
  readonly code: string | undefined;
  /** True when the connection failed before the request was sent, so replaying a POST is safe. */
  readonly connectFailed: boolean;
  readonly method: string;
  readonly path: string;

  constructor(message: string, init: { code?: string; connectFailed?: boolean; method: string; path: string; cause?: unknown }) {
    super(redactSecrets(message), {
      category: "network",
      cause: init.cause,
      hint: "Check the network connection, proxy settings and ASC_BASE_URL, then try again.",
    });
    this.code = init.code;
    this.connectFailed = init.connectFailed ?? (init.code !== undefined && NEVER_CONNECTED.has(init.code));
    this.method = init.method;
    this.path = init.path;
  }
}

/** Finds a system error code in fetch's cause chain (undici wraps it; happy eyeballs may aggregate it). */
export function networkErrorCode(error: unknown): string | undefined {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === "object" && !seen.has(current)) {
    seen.add(current);
    const c = current as { code?: unknown; cause?: unknown; errors?: unknown };
    if (typeof c.code === "string" && c.code !== "ERR_INVALID_STATE") return c.code;
    if (Array.isArray(c.errors) && c.errors.length > 0 && c.cause === undefined) current = c.errors[0];
    else current = c.cause;
  }
  return undefined;
}

/** Wraps whatever fetch threw into a NetworkError naming the request (path only) and the code. */
export function networkErrorFrom(error: unknown, method: string, path: string, phase: "send" | "body"): NetworkError {
  const code = networkErrorCode(error);
  const reason = describe(error);
  return new NetworkError(`Network error on ${method} ${path}: ${reason}${code && !reason.includes(code) ? ` (${code})` : ""}`, {
    code,
    // A failure while reading the body means the request was delivered.
    connectFailed: phase === "send" ? undefined : false,
    method,
    path,
    cause: error,
  });
}

function describe(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let i = 0; i < 4 && current instanceof Error; i++) {
    if (current.message && !parts.includes(current.message)) parts.push(current.message);
    current = current.cause;
  }
  return parts.length ? parts.join(": ") : String(error);
}
