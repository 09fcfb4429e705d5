import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createEmulator, type Emulator } from "../../../../src/emulator/index.js";
import { mintToken, type TestKey } from "./helpers.js";

describe("createEmulator with the real engine, store and demo seed", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "asckit-emu-data-"));
  const clock = { now: Date.UTC(2025, 2, 1, 9, 0, 0) };
  const open: Emulator[] = [];
  afterAll(async () => {
    await Promise.all(open.map((e) => e.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  const start = async (dataFile?: string) => {
    const emulator = await createEmulator({ now: () => clock.now, processingDelayMs: 60_000, ...(dataFile ? { dataFile } : {}) });
    open.push(emulator);
    const key: TestKey = await emulator.createApiKey();
    const call = async (method: string, target: string, body?: unknown) =>
      fetch(`${emulator.url}${target}`, {
        method,
        headers: { Authorization: `Bearer ${await mintToken(key, clock.now)}`, ...(body ? { "Content-Type": "application/json" } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
    return { emulator, call };
  };

  it("serves the demo data through the whole pipeline, on the emulator clock", async () => {
    const { emulator, call } = await start();
    const demo = emulator.demo!;

    const app = await call("GET", `/v1/apps/${demo.appId}?fields[apps]=name,bundleId`);
    expect(app.status).toBe(200);
    expect(app.headers.get("x-rate-limit")).toBe("user-hour-lim:3600;user-hour-rem:3599;");
    const doc = (await app.json()) as { data: { id: string; attributes: Record<string, unknown> }; links: { self: string } };
    expect(doc.data.id).toBe(demo.appId);
    expect(doc.data.attributes).toMatchObject({ name: "Demo App", bundleId: "com.example.demo" });
    expect(doc.links.self.startsWith(`${emulator.url}/v1/apps/${demo.appId}`)).toBe(true);

    const missing = await call("GET", "/v1/apps/1");
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { errors: Array<{ code: string }> }).errors[0]!.code).toBe("NOT_FOUND");

    const state = async () => {
      const res = await call("GET", `/v1/builds/${demo.buildIds["3"]}`);
      return ((await res.json()) as { data: { attributes: { processingState: string } } }).data.attributes.processingState;
    };
    expect(await state()).toBe("PROCESSING");
    clock.now += 61_000;
    expect(await state()).toBe("VALID");
  });

  it("keeps data in the SQLite file across restarts", async () => {
    const file = path.join(dir, "emulator.sqlite");
    const first = await start(file);
    const created = await first.call("POST", "/v1/bundleIds", {
      data: { type: "bundleIds", attributes: { identifier: "com.example.persisted", name: "Persisted", platform: "IOS" } },
    });
    expect(created.status).toBe(201);
    const location = created.headers.get("location")!;
    expect(location).toMatch(new RegExp(`^${first.emulator.url}/v1/bundleIds/[A-Z0-9]{10}$`));
    const id = location.split("/").at(-1)!;
    await first.emulator.close();

    const second = await start(file);
    const read = await second.call("GET", `/v1/bundleIds/${id}`);
    expect(read.status).toBe(200);
    expect(((await read.json()) as { data: { attributes: { identifier: string } } }).data.attributes.identifier).toBe("com.example.persisted");
    expect(second.emulator.demo).toEqual(first.emulator.demo);
  });
});
