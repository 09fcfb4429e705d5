import type { AscClient, AscRequestInit, CollectOptions } from "./client-types.js";
import { DEFAULT_PAGE_LIMIT, paginate } from "./paginate.js";
import type { Resource } from "./resolve-document.js";

/** Gathers a list into an array, stopping early (no further pages) at `max` or when `until` matches. */
export async function collect<A = Record<string, unknown>>(
  client: Pick<AscClient, "request" | "baseUrl">,
  route: string,
  init: AscRequestInit = {},
  options: CollectOptions<A> = {},
): Promise<Resource<A>[]> {
  const out: Resource<A>[] = [];
  const { max, until } = options;
  if (max !== undefined && max <= 0) return out;
  // Asking for fewer than a page needs no bigger page than that.
  const limit = options.limit ?? (max !== undefined ? Math.min(max, DEFAULT_PAGE_LIMIT) : undefined);
  for await (const resource of paginate<A>(client, route, init, { limit, maxPages: options.maxPages, signal: options.signal, retry: options.retry, pacing: options.pacing })) {
    out.push(resource);
    if (max !== undefined && out.length >= max) break;
    if (until?.(resource)) break;
  }
  return out;
}
