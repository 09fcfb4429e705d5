import { networkErrorCode } from "../../client/index.js";

export interface UrlCheckResult {
  url: string;
  reachable: boolean;
  /** Final HTTP status (after redirects), when a response arrived. */
  status?: number;
  /** Why it is unreachable: "HTTP 404", "timed out after 5 s", "ECONNREFUSED"… */
  reason?: string;
}

export interface UrlCheckOptions {
  fetch: typeof fetch;
  timeoutMs: number;
}

/** Servers that refuse HEAD (or mishandle it) are asked again with GET before calling them unreachable. */
const RETRY_WITH_GET = new Set([400, 403, 404, 405, 501]);

/**
 * Whether App Review (and users) can open `url`: HEAD, then GET when HEAD is refused, following
 * redirects, each with a timeout. A 2xx or 3xx final answer counts as reachable.
 */
export async function checkUrl(url: string, options: UrlCheckOptions): Promise<UrlCheckResult> {
  const attempt = async (method: "HEAD" | "GET") => {
    const response = await options.fetch(url, { method, redirect: "follow", signal: AbortSignal.timeout(options.timeoutMs), headers: { "User-Agent": "asckit-preflight" } });
    await response.body?.cancel().catch(() => {});
    return response.status;
  };
  try {
    let status = await attempt("HEAD");
    if (RETRY_WITH_GET.has(status)) status = await attempt("GET");
    return status < 400 ? { url, reachable: true, status } : { url, reachable: false, status, reason: `HTTP ${status}` };
  } catch (error) {
    const name = (error as { name?: string }).name;
    if (name === "TimeoutError" || name === "AbortError") return { url, reachable: false, reason: `no answer within ${formatMs(options.timeoutMs)}` };
    const code = networkErrorCode(error);
    return { url, reachable: false, reason: code ?? (error instanceof Error ? error.message : String(error)) };
  }
}

const formatMs = (ms: number) => (ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`);
