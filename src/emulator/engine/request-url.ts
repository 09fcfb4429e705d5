import type { ApiRequest } from "../engine-types.js";

// Brackets and commas are legal in a query string; keeping them readable matches what clients log.
const encode = (s: string) => encodeURIComponent(s).replace(/%5B/gi, "[").replace(/%5D/gi, "]").replace(/%2C/gi, ",");

/** An absolute URL on the client's origin; `query` keeps its key order, undefined values drop out. */
export function absoluteUrl(baseUrl: string, path: string, query: Record<string, string | undefined> = {}): string {
  const pairs = Object.entries(query).filter((e): e is [string, string] => e[1] !== undefined);
  const search = pairs.map(([k, v]) => `${encode(k)}=${encode(v)}`).join("&");
  return `${baseUrl.replace(/\/+$/, "")}${path}${search ? `?${search}` : ""}`;
}

/** The URL of the request itself, optionally with some parameters replaced (e.g. `cursor` for `links.next`). */
export function requestUrl(request: ApiRequest, overrides: Record<string, string | undefined> = {}): string {
  const query: Record<string, string | undefined> = { ...request.query };
  for (const [k, v] of Object.entries(overrides)) {
    if (k in query) query[k] = v;
    else if (v !== undefined) query[k] = v;
  }
  return absoluteUrl(request.baseUrl, request.path, query);
}
