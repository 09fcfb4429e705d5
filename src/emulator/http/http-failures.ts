import { ApiFailure } from "../api-failure.js";

// Texts Apple sends where they are known (facts §2–3); elsewhere short, Apple-styled wording.

export const methodNotAllowed = (method: string, path: string, allowed: string[]): ApiFailure =>
  new ApiFailure(
    {
      status: 405,
      code: "METHOD_NOT_ALLOWED",
      title: "The request method is not valid for the resource path.",
      detail: `The request method '${method}' is not allowed for the resource path '${path}'. Allowed methods: ${allowed.join(", ")}.`,
    },
    { Allow: allowed.join(", ") },
  );

export const rateLimitExceeded = (retryAfterSeconds?: number): ApiFailure =>
  new ApiFailure(
    {
      status: 429,
      code: "RATE_LIMIT_EXCEEDED",
      title: "The request rate limit has been reached.",
      detail: "We've received too many requests for this API. Please wait and try again or slow down your request rate.",
    },
    retryAfterSeconds !== undefined ? { "Retry-After": String(retryAfterSeconds) } : {},
  );

/** Apple's live 500 body (captured in public client repositories). */
export const unexpectedError = (meta?: Record<string, unknown>): ApiFailure =>
  new ApiFailure({
    status: 500,
    code: "UNEXPECTED_ERROR",
    title: "An unexpected error occurred.",
    detail: "An unexpected error occurred on the server side. If this issue continues, contact us at https://developer.apple.com/contact/.",
    ...(meta ? { meta } : {}),
  });

export const forbidden = (): ApiFailure =>
  new ApiFailure({
    status: 403,
    code: "FORBIDDEN_ERROR",
    title: "This request is forbidden for security reasons",
    detail: "The API key in use does not allow this request",
  });

/** 400: the body is not JSON at all (Apple: "the wrong type or not valid JSON"). */
export const entityInvalid = (detail: string): ApiFailure =>
  new ApiFailure({ status: 400, code: "ENTITY_INVALID", title: "The provided entity is invalid", detail });

/** 422: JSON, but not shaped like the request document the operation takes. */
export const entityUnprocessable = (detail: string, pointer: string): ApiFailure =>
  new ApiFailure({
    status: 422,
    code: "ENTITY_UNPROCESSABLE",
    title: "The request entity is not processable",
    detail,
    source: { pointer },
  });

/**
 * 415: Apple documents the status ("send Content-Type: application/json") but no code; this one is
 * the emulator's choice.
 */
export const unsupportedMediaType = (contentType: string | undefined): ApiFailure =>
  new ApiFailure({
    status: 415,
    code: "UNSUPPORTED_MEDIA_TYPE",
    title: "The request entity has an unsupported media type",
    detail: `The Content-Type '${contentType ?? ""}' is not supported. Send the body as 'application/json'.`,
  });
