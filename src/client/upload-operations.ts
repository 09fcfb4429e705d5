import { AsckitError, ValidationError } from "../errors/index.js";
import { errorFromResponse } from "./errors/error-from-response.js";
import { retryDelay } from "./retry-decision.js";
import { resolveRetryPolicy, type RetryPolicy } from "./retry-policy.js";
import { createSemaphore } from "./semaphore.js";
import { readBody, send } from "./transport.js";
import type { UploadSource } from "./upload-source.js";

/** One entry of Apple's `uploadOperations[]` (asset reservations, build upload files). */
export interface UploadOperation {
  method: string;
  url: string;
  length: number;
  offset: number;
  requestHeaders?: Array<{ name: string; value: string }>;
}

export interface UploadOperationsOptions {
  fetch?: typeof fetch;
  /** Parts in flight at once (default 4). */
  concurrency?: number;
  retry?: Partial<RetryPolicy>;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
  onProgress?: (bytesDone: number, bytesTotal: number) => void;
  signal?: AbortSignal;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Sends each part with exactly the operation's method, URL and headers. The URLs are pre-signed and
 * unauthenticated, so no Authorization header is ever added (and the URL's signature never appears in
 * errors: only origin + path). Parts go concurrently and each is retried on its own, since re-sending
 * one part before commit is harmless; the first part that fails for good stops the rest.
 */
export async function uploadOperations(operations: readonly UploadOperation[], source: UploadSource, options: UploadOperationsOptions = {}): Promise<void> {
  for (const [i, op] of operations.entries()) {
    if (!Number.isInteger(op.offset) || op.offset < 0 || !Number.isInteger(op.length) || op.length < 0) {
      throw new ValidationError(`Upload operation ${i} has an invalid byte range (offset ${op.offset}, length ${op.length})`);
    }
    if (!/^https?:\/\//i.test(op.url)) throw new ValidationError(`Upload operation ${i} has no http(s) URL`);
  }
  const fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const policy = resolveRetryPolicy(options.retry);
  const slots = createSemaphore(options.concurrency ?? 4);
  const total = operations.reduce((sum, op) => sum + op.length, 0);
  const stop = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
  let done = 0;
  let failure: unknown;

  const sendPart = async (op: UploadOperation) => {
    const bytes = await source.read(op.offset, op.length);
    if (bytes.length !== op.length) {
      throw new ValidationError(`The file is shorter than the reservation: wanted ${op.length} bytes at offset ${op.offset}, read ${bytes.length}`);
    }
    const display = safeDisplay(op.url);
    const method = op.method.toUpperCase();
    const headers: Record<string, string> = {};
    for (const h of op.requestHeaders ?? []) headers[h.name] = h.value;
    for (let retryIndex = 0; ; retryIndex++) {
      signal.throwIfAborted();
      try {
        const response = await send(fetchImpl, { method, url: op.url, headers, body: bytes, signal }, display);
        const body = await readBody(response, method, display, signal);
        if (response.ok) return;
        throw errorFromResponse({ status: response.status, headers: response.headers, bodyText: body.toString("utf8"), method, path: display });
      } catch (error) {
        const delay = signal.aborted ? undefined : retryDelay(error, { replayable: true, retryIndex, policy, now, random });
        if (delay === undefined) throw error;
        await sleep(delay);
      }
    }
  };

  await Promise.all(
    operations.map(async (op) => {
      await slots.acquire();
      try {
        if (failure !== undefined || signal.aborted) return;
        await sendPart(op);
        done += op.length;
        options.onProgress?.(done, total);
      } catch (error) {
        if (failure === undefined) {
          failure = error;
          stop.abort();
        }
      } finally {
        slots.release();
      }
    }),
  );
  if (failure !== undefined) {
    if (failure instanceof AsckitError || options.signal?.aborted) throw failure;
    throw new AsckitError(`Upload failed: ${failure instanceof Error ? failure.message : String(failure)}`, { category: "internal", cause: failure });
  }
  options.signal?.throwIfAborted();
}

/** Origin and path of a pre-signed URL: its query holds the signature, which is a credential. */
function safeDisplay(url: string): string {
  try {
    const u = new URL(url);
    return u.origin + u.pathname;
  } catch {
    return "(upload URL)";
  }
}
