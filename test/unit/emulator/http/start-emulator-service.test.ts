import { mkdtempSync, readFileSync, rmSync, statSync, unlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startEmulatorService, type EmulatorService } from "../../../../src/emulator/index.js";
import { EMULATOR_VENDOR_NUMBER } from "../../../../src/emulator/start-emulator-service.js";
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
      `export ASC_VENDOR_NUMBER=${EMULATOR_VENDOR_NUMBER}`,
    ]);
    expect(started.reusedKey).toBe(false);
    expect(envLines.join("\n")).not.toContain("PRIVATE KEY-----");

    const token = await mintToken({ keyId: key.keyId, issuerId: key.issuerId, privateKeyPem: pem }, Date.now());
    const res = await fetch(`${emulator.url}/v1/apps`, { headers: { Authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
  });

  it("with a data file, a restart reuses the key (also into another key dir); without its .p8 it mints a new one", async () => {
    const dataFile = path.join(dir, "emu.db");
    const apps = async (svc: EmulatorService, key: { keyId: string; issuerId?: string; privateKeyPem: string }) => {
      const token = await mintToken(key, Date.now());
      return (await fetch(`${svc.emulator.url}/v1/apps`, { headers: { Authorization: `Bearer ${token}` } })).status;
    };
    const first = await startEmulatorService({ keyDir: path.join(dir, "k1"), dataFile, demo: false });
    const firstKey = first.key;
    await first.emulator.close();

    const second = await startEmulatorService({ keyDir: path.join(dir, "k2"), dataFile, demo: false });
    try {
      expect(second.reusedKey).toBe(true);
      expect(second.key).toEqual(firstKey);
      expect(readFileSync(second.files.p8Path, "utf8")).toBe(firstKey.privateKeyPem);
      expect(second.files.p8Path).toBe(path.join(dir, "k2", `AuthKey_${firstKey.keyId}.p8`));
      expect(await apps(second, firstKey)).toBe(200);
    } finally {
      await second.emulator.close();
    }
    // The data file holds ids and a path, never the private key.
    expect(readFileSync(dataFile).toString("latin1")).not.toContain(firstKey.privateKeyPem.split("\n")[1]!);

    unlinkSync(second.files.p8Path);
    const third = await startEmulatorService({ keyDir: path.join(dir, "k3"), dataFile, demo: false });
    try {
      expect(third.reusedKey).toBe(false);
      expect(third.key.keyId).not.toBe(firstKey.keyId);
      expect(await apps(third, third.key)).toBe(200);
      expect(await apps(third, firstKey)).toBe(401);
    } finally {
      await third.emulator.close();
    }
  });
});
