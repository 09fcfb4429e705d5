import { networkErrorFrom } from "./errors/network-error.js";

export interface TransportRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
  signal?: AbortSignal;
}

/**
 * The innermost stage: one fetch through the injected implementation. Connection failures become
 * NetworkError carrying the system code, so the retry policy can tell a connection that never opened
 * from one reset mid-request; an abort is passed through untouched so callers see their own cancellation.
 */
export async function send(fetchImpl: typeof fetch, req: TransportRequest, display: string): Promise<Response> {
  try {
    return await fetchImpl(req.url, {
      method: req.method,
      headers: req.headers,
      body: req.body,
      signal: req.signal,
      // Redirects are followed; fetch drops Authorization when one crosses origins.
    });
  } catch (error) {
    if (req.signal?.aborted) throw error;
    throw networkErrorFrom(error, req.method, display, "send");
  }
}

/** Reads a whole body; a connection dropped mid-body is a NetworkError after the request was delivered. */
export async function readBody(response: Response, method: string, display: string, signal?: AbortSignal): Promise<Buffer> {
  try {
    return Buffer.from(await response.arrayBuffer());
  } catch (error) {
    if (signal?.aborted) throw error;
    throw networkErrorFrom(error, method, display, "body");
  }
}
