// An emulator for end-to-end tests: port 0 on 127.0.0.1, a fresh key written to a temp dir, the
// conformance log attached, and an env block that points the CLI at it.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startEmulatorService, type EmulatorOptions } from "../../src/emulator/index.js";
import { conformanceRequestLog } from "./conformance-log.js";

export type TestEmulator = Awaited<ReturnType<typeof startTestEmulator>>;

export async function startTestEmulator(options: EmulatorOptions = {}) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "asckit-e2e-"));
  const service = await startEmulatorService({
    port: 0,
    processingDelayMs: 1500,
    seed: 7,
    ...options,
    keyDir: path.join(dir, "keys"),
    requestLog: conformanceRequestLog(),
  });
  const env: Record<string, string> = {
    ASC_BASE_URL: service.emulator.url,
    ASC_KEY_ID: service.key.keyId,
    ASC_ISSUER_ID: service.key.issuerId ?? "",
    ASC_PRIVATE_KEY_PATH: service.files.p8Path,
    ASCKIT_CONFIG_DIR: path.join(dir, "config"),
    HOME: dir,
  };
  return {
    ...service,
    dir,
    env,
    async close() {
      await service.emulator.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
