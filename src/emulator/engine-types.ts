import type { OperationSpec } from "../spec/operation-table.js";

/** A request that already passed routing, authentication, rate limiting and parameter validation. */
export interface ApiRequest {
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  /** The concrete path, e.g. `/v1/builds/123`. */
  path: string;
  /** Values of the path template's `{…}` segments. */
  params: Record<string, string>;
  /** Decoded query parameters (comma-joined lists stay as one string). */
  query: Record<string, string>;
  /** Parsed JSON body (already checked to be JSON), or undefined. */
  body: unknown;
  operation: OperationSpec;
  /** Origin the client used, e.g. `http://127.0.0.1:53211`; used to build absolute `links`. */
  baseUrl: string;
  /** Emulator clock, epoch milliseconds. */
  now: number;
  /** Issuer (team key) or key id (individual key) that signed the request's token. */
  actor: string;
}

export interface ApiResult {
  status: number;
  /** JSON-serialisable body, a Buffer for binary responses (reports), or undefined for 204. */
  body?: unknown;
  headers?: Record<string, string>;
}

/** Serves API operations. Throw `ApiFailure` for Apple-shaped errors. */
export interface Engine {
  handle(request: ApiRequest): Promise<ApiResult> | ApiResult;
}

/**
 * Special handling for one operation (binary reports, state machines that a generic create/update
 * cannot express). Registered by operation id, e.g. `salesReports_getCollection`; return undefined
 * to fall through to the generic behaviour.
 */
export type OperationHandler = (request: ApiRequest) => Promise<ApiResult | undefined> | ApiResult | undefined;
