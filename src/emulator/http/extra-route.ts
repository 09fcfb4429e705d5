import type { ApiResult } from "../engine-types.js";

export interface ExtraRouteRequest {
  method: string;
  path: string;
  /** Matches of the route's `path` expression (named groups in `groups`). */
  match: RegExpExecArray;
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  /** The raw body, unparsed: uploads are binary. */
  body: Buffer;
  baseUrl: string;
  now: number;
}

/**
 * A non-API route such as the storage host that upload operations point at. It skips the spec,
 * JWT and rate limit (pre-signed upload URLs carry no token), but faults and the request log still
 * apply. Throw `ApiFailure` for errors.
 */
export interface ExtraRoute {
  method: string;
  /** Tested against the path only (no query). */
  path: RegExp;
  handle(request: ExtraRouteRequest): Promise<ApiResult> | ApiResult;
}
