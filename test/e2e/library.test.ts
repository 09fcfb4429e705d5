// The library as a user imports it: the package's own entry points ("asckit", "asckit/workflows"),
// resolved through package.json `exports` to the built dist/, against an emulator on port 0.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestEmulator, type TestEmulator } from "../support/test-emulator.js";

let emu: TestEmulator;
beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(async () => {
  await emu?.close();
});

// A variable specifier keeps vitest from resolving these to src/: this is the published surface.
const load = (specifier: string) => import(/* @vite-ignore */ specifier);

describe("import from \"asckit\"", () => {
  it("a client from credentials lists apps with included data resolved, and the workflows find one exactly", async () => {
    const asckit = await load("asckit");
    const { listApps, findApp, latestBuild } = await load("asckit/workflows");
    const credentials = asckit.resolveCredentials({ flags: {}, env: emu.env });
    expect(credentials.keyType).toBe("team");
    const client = asckit.createClient({
      baseUrl: credentials.baseUrl,
      tokenProvider: asckit.createTokenProvider({ keyId: credentials.keyId, issuerId: credentials.issuerId, privateKey: credentials.privateKeyPem }),
    });
    const apps = await listApps(client);
    expect(apps.map((a: { attributes: { bundleId: string } }) => a.attributes.bundleId).sort()).toEqual(["com.example.demo", "com.example.widgettools"]);
    const app = await findApp(client, "com.example.demo");
    expect(app.id).toBe(emu.emulator.demo!.appId);
    // The demo app's 1.0.0 builds are numbered 1 and 2 (see src/emulator/seed).
    const latest = await latestBuild(client, { appId: app.id, marketingVersion: "1.0.0" });
    expect(latest.build.attributes.version).toBe("2");
    expect(client.stats.requests).toBeGreaterThanOrEqual(2);
    expect(client.rateLimit?.hourLimit).toBeGreaterThan(0);
  });

  it("an Apple error arrives as a typed error with status and code", async () => {
    const asckit = await load("asckit");
    const client = asckit.createClient({
      baseUrl: emu.emulator.url,
      tokenProvider: asckit.createTokenProvider({ keyId: emu.key.keyId, issuerId: emu.key.issuerId, privateKey: readFileSync(emu.files.p8Path, "utf8") }),
    });
    const error = await client.request("GET /v1/apps/999").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(asckit.AscApiError);
    expect(error).toMatchObject({ status: 404 });
    expect((error as { code: string }).code).toMatch(/^NOT_FOUND/);
  });
});
