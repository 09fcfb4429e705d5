import { networkErrorCode } from "../../client/index.js";

export interface UrlCheckResult {
  url: string;
  reachable: boolean;
  /** Final HTTP status (after redirects), when a response arrived. */
  status?: number;
  /** Why it is unreachable: "HTTP 404", "no answer within 5 s", "ECONNREFUSED", "could not resolve host …"… */
  reason?: string;
  /**
   * The host name could not be resolved (ENOTFOUND, EAI_AGAIN): either the domain does not exist,
   * or this machine has no working DNS. The caller tells them apart across all the URLs it checks.
   */
  dnsFailure?: boolean;
}

export interface UrlCheckOptions {
  fetch: typeof fetch;
  timeoutMs: number;
}

/** Servers that refuse HEAD (or mishandle it) are asked again with GET before calling them unreachable. */
const RETRY_WITH_GET = new Set([400, 403, 404, 405, 501]);

const DNS_CODES = new Set(["ENOTFOUND", "EAI_AGAIN"]);

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
    if (code && DNS_CODES.has(code)) return { url, reachable: false, reason: `could not resolve host ${hostOf(url)} (${code})`, dnsFailure: true };
    return { url, reachable: false, reason: code ?? describeCause(error) };
  }
}

/**
 * fetch throws `TypeError("fetch failed")` and keeps the reason in `cause` (undici's "bad port" for
 * port 9, a TLS failure…), often without a code: name the innermost reason so the finding says why.
 */
function describeCause(error: unknown): string {
  const messages: string[] = [];
  const seen = new Set<unknown>();
  for (let current: unknown = error; current instanceof Error && !seen.has(current); current = current.cause) {
    seen.add(current);
    if (current.message && !messages.includes(current.message)) messages.push(current.message);
  }
  if (!messages.length) return String(error);
  return messages.length === 1 ? messages[0]! : `${messages[0]} (${messages.slice(1).join(": ")})`;
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return url;
  }
}

const formatMs = (ms: number) => (ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`);
