import { redactSecrets } from "../../errors/index.js";
import { parseRateLimit } from "../rate-limit.js";
import { flattenAssociatedErrors } from "./associated-errors.js";
import {
  AscApiError,
  AuthenticationError,
  ConflictError,
  NotFoundError,
  ParameterError,
  RateLimitError,
  ServerError,
  UnprocessableError,
  type AscApiErrorInit,
  type ApiErrorEntry,
} from "./asc-api-error.js";
import { parseErrorBody, type ErrorBodyFormat } from "./parse-error-body.js";

/** Anything with `get(name)`: a fetch Headers object, or a plain record. */
export type HeaderSource = { get(name: string): string | null } | Record<string, string | undefined> | undefined;

export interface ErrorResponseInput {
  status: number;
  headers?: HeaderSource;
  bodyText: string;
  /** Defaults to the Content-Type header. */
  contentType?: string;
  method: string;
  /** Path and query only (for pre-signed storage URLs: no query, it carries a signature). */
  path: string;
}

const REASONS: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  406: "Not Acceptable",
  409: "Conflict",
  410: "Gone",
  413: "Payload Too Large",
  415: "Unsupported Media Type",
  422: "Unprocessable Entity",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

/** Builds the typed error for a non-2xx response from Apple's error body (or an XML/HTML/text one). */
export function errorFromResponse(input: ErrorResponseInput): AscApiError {
  const header = (name: string) => readHeader(input.headers, name);
  const contentType = input.contentType ?? header("content-type") ?? "";
  const parsed = parseErrorBody(input.bodyText, contentType);
  const first: ApiErrorEntry | undefined = parsed.errors[0];
  const associatedErrors = flattenAssociatedErrors(parsed.errors);

  const init: AscApiErrorInit = {
    status: input.status,
    method: input.method.toUpperCase(),
    path: redactSecrets(input.path),
    code: first?.code,
    title: first?.title,
    detail: first?.detail,
    source: first?.source,
    requestId: header("x-request-id") ?? header("x-apple-request-uuid") ?? first?.id,
    errors: parsed.errors,
    associatedErrors,
    retryAfter: header("retry-after"),
    rateLimit: parseRateLimit(header("x-rate-limit")),
  };
  init.hint = hintFor(init, parsed.format);
  const message = redactSecrets(messageFor(input.status, first, parsed.errors.length, parsed.summary));

  const Class = classFor(input.status, init.code);
  return new Class(message, init);
}

function classFor(status: number, code: string | undefined): new (message: string, init: AscApiErrorInit) => AscApiError {
  const is = (prefix: string) => code !== undefined && (code === prefix || code.startsWith(`${prefix}.`));
  if (status === 401 || status === 403) return AuthenticationError;
  if (status === 404 || status === 410) return NotFoundError;
  if (status === 409) return ConflictError;
  if (status === 422 || (status === 400 && is("ENTITY_INVALID"))) return UnprocessableError;
  if (status === 400) return ParameterError;
  if (status === 429) return RateLimitError;
  if (status >= 500) return ServerError;
  return AscApiError;
}

function messageFor(status: number, first: ApiErrorEntry | undefined, count: number, summary: string | undefined): string {
  let text: string;
  if (first) {
    const words = first.detail ?? first.title;
    text = first.code ? `${status} ${first.code}${words ? `: ${words}` : ""}` : `${status} ${words ?? REASONS[status] ?? "error"}`;
    if (count > 1) text += ` (+${count - 1} more)`;
  } else if (summary) {
    // Gateway titles usually repeat the status ("502 Bad Gateway"); do not print it twice.
    text = summary.startsWith(String(status)) ? summary : `${status} ${summary}`;
  } else {
    text = `${status} ${REASONS[status] ?? "HTTP error"}`;
  }
  return text.replace(/\s+/g, " ").trim();
}

function hintFor(init: AscApiErrorInit, format: ErrorBodyFormat): string | undefined {
  const { status, source } = init;
  const is = (prefix: string) => init.code !== undefined && (init.code === prefix || init.code.startsWith(`${prefix}.`));
  if (format === "xml" && (status === 403 || status === 400)) {
    return "Upload URLs are time-limited: if the reservation has expired, delete it and reserve the asset again.";
  }
  if (status === 401) return "Check the key ID, the issuer ID and the private key, and that this machine's clock is correct.";
  if (status === 403) return "The API key's role may not allow this request, or the key has been revoked.";
  if (status === 429) {
    const rate = init.rateLimit;
    const budget = rate?.hourLimit !== undefined ? ` (hourly limit ${rate.hourLimit} per key)` : "";
    return `Rate limit reached${budget}: wait a while and try again, with fewer parallel requests.`;
  }
  if (source?.parameter) return `Check the query parameter "${source.parameter}".`;
  if (source?.pointer) return `Check ${source.pointer} in the request body.`;
  if (is("PARAMETER_ERROR")) return "Check the query parameters against the API reference.";
  if (status === 404 && is("PATH_ERROR")) return "The path does not exist in the App Store Connect API.";
  if (status === 404) {
    // GET /v1/builds/ID → "builds": the id is wrong, or the key's team or role cannot see it.
    const type = /^\/v\d+\/([A-Za-z]+)\/[^/?]+/.exec(init.path ?? "")?.[1];
    return `Check the id${type ? `: this API key sees no ${type} resource with it` : ""}. List them to find the right one.`;
  }
  if (status === 409 && init.associatedErrors && init.associatedErrors.length > 0) return "See the associated errors for the reasons.";
  if (status >= 500) return "Apple's service had a problem: try again later, or check the Apple Developer System Status page.";
  return undefined;
}

function readHeader(headers: HeaderSource, name: string): string | undefined {
  if (!headers) return undefined;
  if (typeof (headers as { get?: unknown }).get === "function") {
    return (headers as { get(name: string): string | null }).get(name) ?? undefined;
  }
  const record = headers as Record<string, string | undefined>;
  const key = Object.keys(record).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : record[key];
}
