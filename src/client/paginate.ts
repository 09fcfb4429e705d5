import { pageLimit } from "../spec/operation-table.js";
import { ValidationError } from "../errors/index.js";
import type { AscClient, AscRequestInit, PaginateOptions } from "./client-types.js";
import { PaginationError } from "./errors/pagination-error.js";
import { resolveDocument, resourceKey, type Resource } from "./resolve-document.js";
import { resolveRoute } from "./route.js";
import { isTrustedApiUrl } from "./trusted-url.js";

export const DEFAULT_PAGE_LIMIT = 200;

/**
 * Iterates every resource of a list, page by page, following the document's `links.next` verbatim.
 * Pages are fetched lazily, so breaking out of the loop stops fetching. Resources are de-duplicated by
 * type+id (cursors can shift while data changes), a repeated cursor is an error (it would loop
 * forever), and a next link off the trusted hosts is refused (the token must never go elsewhere).
 */
export async function* paginate<A = Record<string, unknown>>(
  client: Pick<AscClient, "request" | "baseUrl">,
  route: string,
  init: AscRequestInit = {},
  options: PaginateOptions = {},
): AsyncGenerator<Resource<A>, void, undefined> {
  const first = resolveRoute(route, client.baseUrl);
  if (first.method !== "GET") throw new ValidationError(`Only GET lists can be paginated, not ${first.method}`, { category: "usage" });
  const query = { ...init.query };
  if (query.limit === undefined && !new URL(first.url).searchParams.has("limit") && acceptsLimit(first.url, client.baseUrl)) {
    query.limit = options.limit ?? DEFAULT_PAGE_LIMIT;
  }

  const overrides = { signal: options.signal, retry: options.retry, pacing: options.pacing };
  const seenUrls = new Set<string>([resolveRoute(route, client.baseUrl, query).url]);
  const seenCursors = new Set<string>();
  const seenItems = new Set<string>();
  let current = { route, init: { ...init, query } as AscRequestInit };
  let currentUrl = [...seenUrls][0]!;

  for (let pages = 1; ; pages++) {
    const response = await client.request(current.route, current.init, overrides);
    const doc = resolveDocument<A>(response.document);
    const items = Array.isArray(doc.data) ? doc.data : doc.data ? [doc.data] : [];
    for (const item of items) {
      const key = resourceKey(item);
      if (seenItems.has(key)) continue;
      seenItems.add(key);
      yield item;
    }

    const link = typeof doc.links.next === "string" && doc.links.next ? doc.links.next : undefined;
    if (!link || !Array.isArray(doc.data)) return;
    if (options.maxPages !== undefined && pages >= options.maxPages) return;

    const next = absolute(link, currentUrl);
    if (!next || !isTrustedApiUrl(next, client.baseUrl)) {
      throw new PaginationError(`Refusing to follow links.next to ${originOf(link)}: the API token is only sent to ${new URL(client.baseUrl).origin} or https://api.appstoreconnect.apple.com`, { next: link });
    }
    const cursor = new URL(next).searchParams.get("cursor") ?? undefined;
    if (seenUrls.has(next) || (cursor !== undefined && seenCursors.has(cursor))) {
      throw new PaginationError(`The server repeated page cursor "${cursor ?? next}" after ${pages} page(s); stopping instead of looping`, { next, cursor });
    }
    seenUrls.add(next);
    if (cursor !== undefined) seenCursors.add(cursor);
    currentUrl = next;
    // Verbatim: the next link already carries the query; only the caller's extra headers are kept.
    current = { route: `GET ${next}`, init: init.headers ? { headers: init.headers } : {} };
  }
}

/** True when the spec lists a `limit` for this GET (lists do; to-one related GETs do not). */
function acceptsLimit(url: string, baseUrl: string): boolean {
  const basePath = new URL(baseUrl).pathname.replace(/\/+$/, "");
  let path = new URL(url).pathname;
  if (basePath && path.startsWith(basePath)) path = path.slice(basePath.length);
  // A small index, not the whole operation table: this runs on every CLI list command.
  return pageLimit(path) !== undefined;
}

function absolute(link: string, base: string): string | undefined {
  try {
    return new URL(link, base).toString();
  } catch {
    return undefined;
  }
}

function originOf(link: string): string {
  try {
    return new URL(link).origin;
  } catch {
    return JSON.stringify(link.slice(0, 80));
  }
}
