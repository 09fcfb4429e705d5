// Clears the request log before the main suite, so the conformance pass judges this run's requests
// only. A partial run (`vitest run some/file.test.ts`) therefore leaves a partial log: the
// conformance pass notices (every suite that talks to an emulator must have contributed) and fails.
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";

export const CONFORMANCE_DIR = path.resolve(__dirname, "../../.conformance");

export default function setup(): void {
  rmSync(CONFORMANCE_DIR, { recursive: true, force: true });
  mkdirSync(CONFORMANCE_DIR, { recursive: true });
}
