import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startEmulatorService, type EmulatorService } from "../../../../src/emulator/index.js";
import { createFakeEngine, mintToken, type FakeEngine } from "./helpers.js";

describe("startEmulatorService (asckit emulator start)", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "asckit-emu-"));
  let service: EmulatorService<FakeEngine> | undefined;
  afterAll(async () => {
    await service?.emulator.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("starts the emulator, writes a usable key and returns the environment to print", async () => {
    const started = await startEmulatorService({ keyDir: dir, engine: createFakeEngine() });
    service = started;
    const { emulator, key, files, envLines } = started;

    expect(files.p8Path).toBe(path.join(dir, `AuthKey_${key.keyId}.p8`));
    expect(statSync(files.p8Path).mode & 0o777).toBe(0o600);
    const pem = readFileSync(files.p8Path, "utf8");
    expect(pem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(JSON.parse(readFileSync(files.jsonPath, "utf8"))).toEqual({ key_id: key.keyId, issuer_id: key.issuerId, key_filepath: files.p8Path, in_house: false });

    expect(envLines).toEqual([
      `export ASC_BASE_URL=${emulator.url}`,
      `export ASC_KEY_ID=${key.keyId}`,
      `export ASC_ISSUER_ID=${key.issuerId}`,
      `export ASC_PRIVATE_KEY_PATH=${files.p8Path}`,
    ]);
    expect(envLines.join("\n")).not.toContain("PRIVATE KEY-----");

    const token = await mintToken({ keyId: key.keyId, issuerId: key.issuerId, privateKeyPem: pem }, Date.now());
    const res = await fetch(`${emulator.url}/v1/apps`, { headers: { Authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
  });
});
