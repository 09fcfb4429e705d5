// Every emulator the main suite starts writes the requests it serves to .conformance/, through the
// emulator's own request log (`requestLog` in-process, `--request-log` for `asckit emulator start`),
// one file per test file. test/conformance/ then checks every request the asckit client sent
// against Apple's spec, and that every suite that talks to an emulator contributed.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { expect } from "vitest";

export const CONFORMANCE_DIR = path.resolve(__dirname, "../../.conformance");
const ROOT = path.resolve(__dirname, "../..");

/** One line of the emulator's request log (see src/emulator/http/request-log-file.ts). */
export interface LoggedRequest {
  method: string;
  path: string;
  /** Every query parameter as sent, repeats kept. */
  query: Array<[string, string]>;
  body?: unknown;
  status: number;
  userAgent?: string;
}

/**
 * The request-log file for the running test file: pass it as `requestLog` to createEmulator /
 * startEmulatorService, or after `--request-log` to a spawned `asckit emulator start`. The file
 * name is the test file's path, so the conformance pass knows which suites contributed.
 */
export function conformanceRequestLog(): string {
  const testPath = expect.getState().testPath;
  const name = testPath ? path.relative(ROOT, testPath).split(path.sep).join("__") : `outside-a-test-${process.pid}`;
  mkdirSync(CONFORMANCE_DIR, { recursive: true });
  return path.join(CONFORMANCE_DIR, `${name}.jsonl`);
}

/** The test file a log file was written for (the inverse of the naming above). */
export function testFileOfLog(logFile: string): string {
  return path.basename(logFile, ".jsonl").split("__").join("/");
}
