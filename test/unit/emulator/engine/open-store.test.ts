import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openStore } from "../../../../src/emulator/store/open-store.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("openStore", () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it("generates Apple-shaped ids, reproducibly for a seed", () => {
    const a = openStore({ idSeed: "s1" });
    const b = openStore({ idSeed: "s1" });
    const c = openStore({ idSeed: "s2" });
    expect(a.newId("apps")).toBe("6450000001");
    expect(a.newId("apps")).toBe("6450000002");
    const build = a.newId("builds");
    expect(build).toMatch(UUID);
    expect(a.newId("bundleIds")).toMatch(/^[A-Z0-9]{10}$/);
    b.newId("apps");
    b.newId("apps");
    expect(b.newId("builds")).toBe(build);
    expect(c.newId("builds")).not.toBe(build);
    for (const s of [a, b, c]) s.close();
  });

  it("inserts, reads, merges updates and lists in creation order", () => {
    const store = openStore();
    store.insert({ type: "apps", id: "2", attributes: { name: "B" } });
    store.insert({ type: "apps", id: "1", attributes: { name: "A", sku: "X" }, internal: { team: "T" } });
    expect(store.list("apps").map((r) => r.id)).toEqual(["2", "1"]);
    const updated = store.update("apps", "1", { attributes: { name: "A2", sku: undefined, bundleId: null } });
    expect(updated.attributes).toEqual({ name: "A2", bundleId: null });
    expect(store.get("apps", "1")).toMatchObject({ attributes: { name: "A2", bundleId: null }, internal: { team: "T" } });
    expect(store.get("apps", "3")).toBeUndefined();
    expect(() => store.insert({ type: "apps", id: "1", attributes: {} })).toThrow();
    store.close();
  });

  it("keeps to-many edges in order and deletes edges with their resource", () => {
    const store = openStore();
    const set = { type: "appScreenshotSets", id: "s" };
    const shots = ["c", "a", "b"].map((id) => ({ type: "appScreenshots", id }));
    for (const s of shots) store.insert({ ...s, attributes: {} });
    for (const s of shots) expect(store.edges.add(set, "appScreenshots", s)).toBe(true);
    expect(store.edges.add(set, "appScreenshots", shots[0]!)).toBe(false);
    expect(store.edges.targets(set, "appScreenshots").map((r) => r.id)).toEqual(["c", "a", "b"]);
    store.edges.clear(set, "appScreenshots");
    for (const id of ["b", "c", "a"]) store.edges.add(set, "appScreenshots", { type: "appScreenshots", id });
    expect(store.edges.targets(set, "appScreenshots").map((r) => r.id)).toEqual(["b", "c", "a"]);
    expect(store.edges.sources({ type: "appScreenshots", id: "a" })).toEqual([{ from: set, rel: "appScreenshots" }]);
    expect(store.delete("appScreenshots", "c")).toBe(true);
    expect(store.edges.targets(set, "appScreenshots").map((r) => r.id)).toEqual(["b", "a"]);
    expect(store.edges.remove(set, "appScreenshots", { type: "appScreenshots", id: "b" })).toBe(true);
    expect(store.edges.has(set, "appScreenshots", { type: "appScreenshots", id: "b" })).toBe(false);
    store.close();
  });

  it("rolls a failed transaction back", () => {
    const store = openStore();
    expect(() =>
      store.transaction(() => {
        store.insert({ type: "apps", id: "1", attributes: {} });
        throw new Error("boom");
      }),
    ).toThrow("boom");
    expect(store.get("apps", "1")).toBeUndefined();
    store.close();
  });

  it("persists resources, edges, metadata and id counters in a file across reopen", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "asckit-store-"));
    dirs.push(dir);
    const file = path.join(dir, "emulator.sqlite");
    const first = openStore({ file, idSeed: "persist" });
    const appId = first.newId("apps");
    first.insert({ type: "apps", id: appId, attributes: { name: "Kept" } });
    first.insert({ type: "builds", id: first.newId("builds"), attributes: { version: "7" } });
    first.edges.add({ type: "apps", id: appId }, "builds", first.list("builds")[0]!);
    first.meta.set("apiKeys", [{ keyId: "K1" }]);
    first.close();

    const second = openStore({ file, idSeed: "ignored-after-first-open" });
    expect(second.file).toBe(file);
    expect(second.get("apps", appId)?.attributes).toEqual({ name: "Kept" });
    expect(second.edges.targets({ type: "apps", id: appId }, "builds")).toHaveLength(1);
    expect(second.meta.get("apiKeys")).toEqual([{ keyId: "K1" }]);
    expect(second.newId("apps")).toBe("6450000002");
    const reference = openStore({ idSeed: "persist" });
    reference.newId("builds");
    expect(second.newId("builds")).toBe(reference.newId("builds"));
    second.close();
    reference.close();
  });
});
