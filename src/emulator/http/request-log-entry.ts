/** One served request, given to `onRequest` after the response was written. */
export interface RequestLogEntry {
  method: string;
  path: string;
  /** Parameters by name; a repeated name's values are comma-joined here (see `queryPairs`). */
  query: Record<string, string>;
  /** Every parameter as sent, in order, repeats kept (Apple wants `a,b`, not `x=a&x=b`). */
  queryPairs: Array<[string, string]>;
  /** The parsed JSON body, when the request had one that parsed. */
  body?: unknown;
  /** The response status, or 0 when the connection was dropped on purpose. */
  status: number;
  /** Wall-clock milliseconds spent serving (includes injected latency). */
  ms: number;
  userAgent?: string;
}
