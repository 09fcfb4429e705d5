// Every request the asckit client sends to a test emulator is appended here, then checked against
// Apple's spec by test/conformance/ after the main suite.
import { appendFileSync, mkdirSync } from "node:fs";
import path from "node:path";

export const CONFORMANCE_DIR = path.resolve(__dirname, "../../.conformance");

export interface LoggedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body?: unknown;
  status: number;
  userAgent?: string;
}

const file = path.join(CONFORMANCE_DIR, `requests-${process.pid}.jsonl`);

export function logClientRequest(entry: LoggedRequest): void {
  if (!entry.userAgent?.startsWith("asckit/")) return; // raw fetches made by emulator tests on purpose
  mkdirSync(CONFORMANCE_DIR, { recursive: true });
  appendFileSync(file, JSON.stringify({ method: entry.method, path: entry.path, query: entry.query, body: entry.body, status: entry.status }) + "\n");
}
