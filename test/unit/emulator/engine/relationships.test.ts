import { describe, expect, it } from "vitest";
import type { StoredResource } from "../../../../src/emulator/engine/index.js";
import { BASE, createDemoHarness } from "./engine-harness.js";

const ids = (body: { data: Array<{ id: string }> }) => body.data.map((r) => r.id);
const linkage = (type: string, id: string) => ({ type, id });

describe("relationship linkages", () => {
  it("GETs to-many linkages with links and paging", async () => {
    const { call, demo } = createDemoHarness();
    const res = await call("GET", `/v1/betaGroups/${demo.betaGroupIds.internal}/relationships/betaTesters`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      data: [linkage("betaTesters", demo.betaTesterIds.ada), linkage("betaTesters", demo.betaTesterIds.grace)],
      links: { self: `${BASE}/v1/betaGroups/${demo.betaGroupIds.internal}/relationships/betaTesters` },
      meta: { paging: { total: 2, limit: 50 } },
    });
  });

  it("GETs a to-one linkage with self and related links", async () => {
    const { call, demo } = createDemoHarness();
    const id = demo.buildIds["1"];
    expect((await call("GET", `/v1/builds/${id}/relationships/app`)).body).toEqual({
      data: linkage("apps", demo.appId),
      links: { self: `${BASE}/v1/builds/${id}/relationships/app`, related: `${BASE}/v1/builds/${id}/app` },
    });
    expect((await call("GET", `/v1/builds/${id}/relationships/appEncryptionDeclaration`)).body.data).toBeNull();
    expect((await call("GET", `/v1/builds/${id}/appEncryptionDeclaration`)).body.data).toBeNull();
  });

  it("adds idempotently and removes, and both sides see the change", async () => {
    const { call, demo } = createDemoHarness();
    const group = demo.betaGroupIds.external;
    const body = { data: [linkage("betaTesters", demo.betaTesterIds.ada)] };
    expect((await call("POST", `/v1/betaGroups/${group}/relationships/betaTesters`, body)).status).toBe(204);
    expect((await call("POST", `/v1/betaGroups/${group}/relationships/betaTesters`, body)).status).toBe(204);
    expect(ids((await call("GET", `/v1/betaGroups/${group}/relationships/betaTesters`)).body)).toEqual([demo.betaTesterIds.grace, demo.betaTesterIds.alan, demo.betaTesterIds.ada]);
    expect(ids((await call("GET", `/v1/betaTesters/${demo.betaTesterIds.ada}/betaGroups`)).body)).toEqual([demo.betaGroupIds.internal, group]);

    expect((await call("DELETE", `/v1/betaTesters/${demo.betaTesterIds.ada}/relationships/betaGroups`, { data: [linkage("betaGroups", demo.betaGroupIds.internal)] })).status).toBe(204);
    expect(ids((await call("GET", `/v1/betaGroups/${demo.betaGroupIds.internal}/betaTesters`)).body)).toEqual([demo.betaTesterIds.grace]);
    expect(ids((await call("GET", `/v1/betaTesters/${demo.betaTesterIds.ada}/relationships/betaGroups`)).body)).toEqual([group]);
  });

  it("removing a tester from an app removes them from the app's groups", async () => {
    const { call, demo } = createDemoHarness();
    expect(ids((await call("GET", `/v1/betaTesters/${demo.betaTesterIds.grace}/apps`)).body)).toEqual([demo.appId]);
    const res = await call("DELETE", `/v1/apps/${demo.appId}/relationships/betaTesters`, { data: [linkage("betaTesters", demo.betaTesterIds.grace)] });
    expect(res.status).toBe(204);
    expect((await call("GET", `/v1/betaTesters/${demo.betaTesterIds.grace}/betaGroups`)).body.data).toEqual([]);
    expect((await call("GET", `/v1/betaTesters/${demo.betaTesterIds.grace}/apps`)).body.data).toEqual([]);
    expect(ids((await call("GET", `/v1/betaGroups/${demo.betaGroupIds.internal}/betaTesters`)).body)).toEqual([demo.betaTesterIds.ada]);
  });

  it("assigns a build to a group from the build's side; the group and filters see it", async () => {
    const { call, demo } = createDemoHarness();
    const build = demo.buildIds["3"];
    expect((await call("POST", `/v1/builds/${build}/relationships/betaGroups`, { data: [linkage("betaGroups", demo.betaGroupIds.external)] })).status).toBe(204);
    expect(ids((await call("GET", `/v1/betaGroups/${demo.betaGroupIds.external}/builds`)).body)).toEqual([build]);
    expect(ids((await call("GET", `/v1/builds?filter[betaGroups]=${demo.betaGroupIds.external}`)).body)).toEqual([build]);
    const included = await call("GET", `/v1/builds/${build}?include=betaGroups`);
    expect(included.body.data.relationships.betaGroups.data).toEqual([linkage("betaGroups", demo.betaGroupIds.external)]);
  });

  it("sees builds.app from apps.builds and builds.preReleaseVersion from preReleaseVersions.builds", async () => {
    const { call, demo } = createDemoHarness();
    const all = [demo.buildIds["1"], demo.buildIds["2"], demo.buildIds["3"]];
    expect(ids((await call("GET", `/v1/apps/${demo.appId}/builds`)).body)).toEqual(all);
    expect(ids((await call("GET", `/v1/apps/${demo.appId}/relationships/builds`)).body)).toEqual(all);
    expect(ids((await call("GET", `/v1/preReleaseVersions/${demo.preReleaseVersionIds["1.1.0"]}/relationships/builds`)).body)).toEqual([demo.buildIds["3"]]);
    expect((await call("GET", `/v1/apps/${demo.secondAppId}/builds`)).body.data).toEqual([]);
  });

  it("replaces a to-many relationship in exactly the order given (screenshot reordering)", async () => {
    const { call, engine } = createDemoHarness();
    const data = engine.data();
    const set = data.create({ type: "appScreenshotSets", attributes: { screenshotDisplayType: "APP_IPHONE_67" } });
    const [a, b, c] = ["a.png", "b.png", "c.png"].map((fileName) =>
      data.create({ type: "appScreenshots", attributes: { fileName }, relationships: { appScreenshotSet: set } }),
    ) as [StoredResource, StoredResource, StoredResource];
    const path = `/v1/appScreenshotSets/${set.id}/relationships/appScreenshots`;
    expect(ids((await call("GET", path)).body)).toEqual([a.id, b.id, c.id]);
    const reorder = await call("PATCH", path, { data: [linkage("appScreenshots", c.id), linkage("appScreenshots", a.id), linkage("appScreenshots", b.id)] });
    expect(reorder.status).toBe(204);
    expect(ids((await call("GET", path)).body)).toEqual([c.id, a.id, b.id]);
    expect(ids((await call("GET", `/v1/appScreenshotSets/${set.id}/appScreenshots`)).body)).toEqual([c.id, a.id, b.id]);

    // Dropping one from the list detaches it on its own side too.
    await call("PATCH", path, { data: [linkage("appScreenshots", a.id), linkage("appScreenshots", c.id)] });
    expect(ids((await call("GET", path)).body)).toEqual([a.id, c.id]);
    expect(data.related(b, "appScreenshotSet")).toEqual([]);
    expect((await call("GET", `/v1/appScreenshots/${a.id}?include=appScreenshotSet`)).body.data.relationships.appScreenshotSet.data).toEqual(linkage("appScreenshotSets", set.id));
  });

  it("moves a to-one side when the other side gains it", async () => {
    const { engine } = createDemoHarness();
    const data = engine.data();
    const first = data.create({ type: "appScreenshotSets", attributes: {} });
    const second = data.create({ type: "appScreenshotSets", attributes: {} });
    const shot = data.create({ type: "appScreenshots", attributes: {}, relationships: { appScreenshotSet: first } });
    data.link(second, "appScreenshots", [shot], "add");
    expect(data.related(shot, "appScreenshotSet")).toEqual([{ type: "appScreenshotSets", id: second.id }]);
    expect(data.related(first, "appScreenshots")).toEqual([]);
  });

  it("replaces a to-one relationship with PATCH and clears it with null", async () => {
    const { call, engine, demo } = createDemoHarness();
    const declaration = engine.data().create({ type: "appEncryptionDeclarations", attributes: { exempt: true } });
    const path = `/v1/builds/${demo.buildIds["1"]}/relationships/appEncryptionDeclaration`;
    expect((await call("PATCH", path, { data: linkage("appEncryptionDeclarations", declaration.id) })).status).toBe(204);
    expect((await call("GET", path)).body.data).toEqual(linkage("appEncryptionDeclarations", declaration.id));
    expect(engine.data().related(declaration, "builds")).toEqual([{ type: "builds", id: demo.buildIds["1"] }]);
    expect((await call("PATCH", path, { data: null })).status).toBe(204);
    expect((await call("GET", path)).body.data).toBeNull();
    expect(engine.data().related(declaration, "builds")).toEqual([]);
  });

  it("refuses a linkage to a missing resource (409, pointer to the element) and changes nothing", async () => {
    const { call, demo } = createDemoHarness();
    const group = demo.betaGroupIds.external;
    const res = await call("POST", `/v1/betaGroups/${group}/relationships/betaTesters`, {
      data: [linkage("betaTesters", demo.betaTesterIds.ada), linkage("betaTesters", "missing")],
    });
    expect(res.status).toBe(409);
    expect(res.body.errors[0]).toMatchObject({ code: "ENTITY_ERROR.RELATIONSHIP.INVALID", source: { pointer: "/data/1" } });
    expect(ids((await call("GET", `/v1/betaGroups/${group}/relationships/betaTesters`)).body)).toEqual([demo.betaTesterIds.grace, demo.betaTesterIds.alan]);
    expect((await call("POST", `/v1/betaGroups/missing/relationships/betaTesters`, { data: [] })).status).toBe(404);
  });

  it("refuses a build of another app in a group", async () => {
    const { call, engine, demo } = createDemoHarness();
    const { buildId } = engine.scenario.addBuild({ appId: demo.secondAppId, version: "1", marketingVersion: "2.0" });
    const res = await call("POST", `/v1/betaGroups/${demo.betaGroupIds.external}/relationships/builds`, { data: [linkage("builds", buildId)] });
    expect(res.status).toBe(409);
    expect(res.body.errors[0].code).toBe("ENTITY_ERROR.RELATIONSHIP.INVALID");
    expect((await call("GET", `/v1/betaGroups/${demo.betaGroupIds.external}/builds`)).body.data).toEqual([]);
  });
});
