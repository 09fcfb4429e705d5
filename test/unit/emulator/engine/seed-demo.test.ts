import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openStore, seedDemo } from "../../../../src/emulator/engine/index.js";
import { createDemoHarness, createHarness } from "./engine-harness.js";

describe("seedDemo", () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it("seeds the same ids every time", () => {
    const a = createDemoHarness().demo;
    const b = createDemoHarness().demo;
    expect(a).toEqual(b);
    expect(a.appId).toBe("6450000001");
    expect(a.secondAppId).toBe("6450000002");
    expect(a.buildBetaDetailIds).toEqual(a.buildIds);
  });

  it("seeds the demo team Apple-style", async () => {
    const { call, demo } = createDemoHarness();
    const bundleIds = await call("GET", "/v1/bundleIds?sort=identifier");
    expect(bundleIds.body.data.map((b: { attributes: { identifier: string } }) => b.attributes.identifier)).toEqual([
      "com.example.demo",
      "com.example.demo.widget",
      "com.example.widgettools",
    ]);
    const builds = await call("GET", `/v1/builds?filter[app]=${demo.appId}&include=preReleaseVersion`);
    expect(builds.body.data.map((b: { attributes: Record<string, unknown> }) => [b.attributes.version, b.attributes.processingState, b.attributes.usesNonExemptEncryption])).toEqual([
      ["1", "VALID", false],
      ["2", "VALID", false],
      ["3", "PROCESSING", null],
    ]);
    const groups = await call("GET", `/v1/apps/${demo.appId}/betaGroups`);
    expect(groups.body.data.map((g: { attributes: Record<string, unknown> }) => [g.attributes.name, g.attributes.isInternalGroup])).toEqual([
      ["Internal Testers", true],
      ["Public Beta", false],
    ]);
    expect(groups.body.data[1].attributes.publicLink).toMatch(/^https:\/\/testflight\.apple\.com\/join\//);
    const testers = await call("GET", "/v1/betaTesters?sort=email");
    expect(testers.body.data.map((t: { attributes: { email: string } }) => t.attributes.email)).toEqual(["ada@example.com", "alan@example.com", "grace@example.com"]);
  });

  it("seeds a bare store and returns the recorded ids when the data file is reopened", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "asckit-seed-"));
    dirs.push(dir);
    const file = path.join(dir, "data.sqlite");
    const first = openStore({ file });
    const seeded = seedDemo(first);
    first.close();

    const second = openStore({ file });
    expect(seedDemo(second)).toEqual(seeded);
    expect(second.list("apps")).toHaveLength(2);
    expect(second.list("builds")).toHaveLength(3);
    second.close();
  });

  it("keeps API data across an engine restart on a file store", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "asckit-engine-"));
    dirs.push(dir);
    const file = path.join(dir, "data.sqlite");
    const before = createHarness({ store: openStore({ file }) });
    const demo = seedDemo(before.engine);
    const created = await before.call("POST", "/v1/bundleIds", { data: { type: "bundleIds", attributes: { identifier: "com.example.kept", name: "Kept", platform: "IOS" } } });
    await before.call("POST", `/v1/betaGroups/${demo.betaGroupIds.external}/relationships/betaTesters`, { data: [{ type: "betaTesters", id: demo.betaTesterIds.ada }] });
    before.store.close();

    const after = createHarness({ store: openStore({ file }) });
    expect((await after.call("GET", `/v1/bundleIds/${created.body.data.id}`)).body.data.attributes.identifier).toBe("com.example.kept");
    const members = await after.call("GET", `/v1/betaTesters/${demo.betaTesterIds.ada}/betaGroups`);
    expect(members.body.data.map((g: { id: string }) => g.id)).toEqual([demo.betaGroupIds.internal, demo.betaGroupIds.external]);
    const again = await after.call("POST", "/v1/bundleIds", { data: { type: "bundleIds", attributes: { identifier: "com.example.kept", name: "Kept", platform: "IOS" } } });
    expect(again.status).toBe(409);
    after.store.close();
  });
});
