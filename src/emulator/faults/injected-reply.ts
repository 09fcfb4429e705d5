import { ApiFailure } from "../api-failure.js";
import { notAuthorized } from "../auth/not-authorized.js";
import { forbidden, rateLimitExceeded, unexpectedError } from "../http/http-failures.js";
import type { Reply } from "../http/reply.js";
import type { FaultOutcome } from "./create-fault-injector.js";

const GATEWAY_TEXT: Record<number, string> = { 502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout" };

/**
 * The response for an injected fault. 502–504 come from Apple's edge, not the API, so they are HTML
 * pages as a gateway sends them (clients must cope with non-JSON errors); everything else is an
 * Apple-shaped JSON error with the code Apple uses for that status.
 */
export function injectedReply(outcome: FaultOutcome, toReply: (failure: ApiFailure) => Reply): Reply {
  if (outcome.kind === "drop") return outcome;
  const { status, retryAfter } = outcome;
  const retryHeaders: Record<string, string> = retryAfter !== undefined ? { "Retry-After": String(retryAfter) } : {};
  const gateway = GATEWAY_TEXT[status];
  if (gateway) {
    const html = `<html><head><title>${status} ${gateway}</title></head><body><h1>${status} ${gateway}</h1></body></html>\n`;
    return { kind: "response", status, headers: { "Content-Type": "text/html", ...retryHeaders }, body: Buffer.from(html) };
  }
  return toReply(failureFor(status, retryAfter));
}

function failureFor(status: number, retryAfter: number | undefined): ApiFailure {
  const headers: Record<string, string> = retryAfter !== undefined ? { "Retry-After": String(retryAfter) } : {};
  switch (status) {
    case 401:
      return withHeaders(notAuthorized(), headers);
    case 403:
      return withHeaders(forbidden(), headers);
    case 429:
      return rateLimitExceeded(retryAfter);
    case 500:
      return withHeaders(unexpectedError(), headers);
    default:
      return new ApiFailure(
        {
          status,
          code: status >= 500 ? "UNEXPECTED_ERROR" : status === 404 ? "NOT_FOUND" : status === 409 ? "STATE_ERROR" : "PARAMETER_ERROR.INVALID",
          title: "Injected fault",
          detail: `The emulator answered this request with ${status} because a fault was injected.`,
        },
        headers,
      );
  }
}

const withHeaders = (failure: ApiFailure, headers: Record<string, string>): ApiFailure =>
  Object.keys(headers).length ? new ApiFailure(failure.errors, { ...failure.headers, ...headers }) : failure;
