import { ValidationError } from "../errors/index.js";
import { appendQuery, type Query } from "./query-string.js";
import { isTrustedApiUrl } from "./trusted-url.js";

export interface ResolvedRoute {
  method: string;
  /** Absolute URL the request goes to. */
  url: string;
  /** Path and query only, for log lines and error messages (never the host, never headers). */
  display: string;
}

const ROUTE = /^\s*([A-Za-z]+)\s+(\S+)\s*$/;

/**
 * Turns `"GET /v1/builds/123"` or `"GET https://…/v1/apps?cursor=…"` into an absolute URL on the
 * configured base URL. Full URLs are used verbatim (links.next) but only if they are trusted.
 */
export function resolveRoute(route: string, baseUrl: string, query?: Query): ResolvedRoute {
  const m = ROUTE.exec(route);
  if (!m) throw new ValidationError(`Bad route "${route}": expected "METHOD /path" or "METHOD https://…"`, { category: "usage" });
  const method = m[1]!.toUpperCase();
  const target = m[2]!;
  let url: string;
  if (target.startsWith("/")) {
    url = baseUrl.replace(/\/+$/, "") + target;
  } else if (/^https?:\/\//i.test(target)) {
    if (!isTrustedApiUrl(target, baseUrl)) {
      throw new ValidationError(`Refusing to send the API token to ${safeOrigin(target)}: only ${new URL(baseUrl).origin} and https://api.appstoreconnect.apple.com are allowed`, {
        category: "usage",
      });
    }
    url = target;
  } else {
    throw new ValidationError(`Bad route "${route}": the path must start with "/" or be a full https URL`, { category: "usage" });
  }
  url = appendQuery(url, query);
  return { method, url, display: displayPath(url) };
}

/** Path and query of a URL, the form used in log lines. */
export function displayPath(url: string): string {
  try {
    const u = new URL(url);
    return u.pathname + u.search;
  } catch {
    return url;
  }
}

function safeOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return "an unparseable URL";
  }
}
