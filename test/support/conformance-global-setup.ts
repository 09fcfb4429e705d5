// Clears the request log before the main suite; test/conformance/ reads it afterwards.
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";

export const CONFORMANCE_DIR = path.resolve(__dirname, "../../.conformance");

export default function setup(): void {
  rmSync(CONFORMANCE_DIR, { recursive: true, force: true });
  mkdirSync(CONFORMANCE_DIR, { recursive: true });
}
