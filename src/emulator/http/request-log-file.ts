import { appendFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import type { RequestLogEntry } from "./request-log-entry.js";

/** Attribute names whose values are secrets a user typed (the demo account's password for App Review). */
const SECRET_NAME = /password|secret|token/i;

/**
 * `onRequest` that appends one JSON line per served request to `file`: method, path, every query
 * parameter as sent (repeats kept), the JSON body, status, time and user agent. For seeing exactly
 * what a pipeline sent (`asckit emulator start --request-log FILE`) and for the test suite's
 * conformance check. Headers are never written (the bearer token is one), and secret-looking body
 * attributes are replaced by "[redacted]". Lines are appended synchronously, one write each, so
 * several processes can share a file without interleaving lines.
 */
export function createRequestLogFile(file: string): (entry: RequestLogEntry) => void {
  mkdirSync(path.dirname(file), { recursive: true });
  return (entry) => {
    const line = {
      method: entry.method,
      path: entry.path,
      query: entry.queryPairs,
      ...(entry.body !== undefined ? { body: redact(entry.body) } : {}),
      status: entry.status,
      ms: entry.ms,
      ...(entry.userAgent ? { userAgent: entry.userAgent } : {}),
    };
    appendFileSync(file, `${JSON.stringify(line)}\n`);
  };
}

function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, SECRET_NAME.test(k) && typeof v === "string" ? "[redacted]" : redact(v)]));
}
