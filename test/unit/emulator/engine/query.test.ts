import { describe, expect, it } from "vitest";
import { BASE, createDemoHarness } from "./engine-harness.js";

const ids = (body: { data: Array<{ id: string }> }) => body.data.map((r) => r.id);
const versions = (body: { data: Array<{ attributes: { version: string } }> }) => body.data.map((r) => r.attributes.version);

describe("include and fields", () => {
  it("includes to-one relationships once each, with linkage data in the primary resources", async () => {
    const { call, demo } = createDemoHarness();
    const res = await call("GET", "/v1/builds?include=preReleaseVersion,app");
    expect(res.body.data).toHaveLength(3);
    expect(res.body.data[0].relationships.app.data).toEqual({ type: "apps", id: demo.appId });
    expect(res.body.data[2].relationships.preReleaseVersion.data).toEqual({ type: "preReleaseVersions", id: demo.preReleaseVersionIds["1.1.0"] });
    expect(res.body.data[0].relationships.betaGroups.data).toBeUndefined();
    expect(res.body.included.map((r: { type: string; id: string }) => `${r.type}/${r.id}`)).toEqual([
      `preReleaseVersions/${demo.preReleaseVersionIds["1.0.0"]}`,
      `apps/${demo.appId}`,
      `preReleaseVersions/${demo.preReleaseVersionIds["1.1.0"]}`,
    ]);
  });

  it("caps included to-many relationships with limit[rel] and reports their paging", async () => {
    const { call, demo } = createDemoHarness();
    const res = await call("GET", `/v1/betaGroups/${demo.betaGroupIds.internal}?include=betaTesters,builds&limit[betaTesters]=1`);
    expect(res.body.data.relationships.betaTesters).toMatchObject({
      data: [{ type: "betaTesters", id: demo.betaTesterIds.ada }],
      meta: { paging: { total: 2, limit: 1 } },
    });
    expect(res.body.data.relationships.builds.data).toEqual([
      { type: "builds", id: demo.buildIds["1"] },
      { type: "builds", id: demo.buildIds["2"] },
    ]);
    expect(res.body.included.filter((r: { type: string }) => r.type === "betaTesters")).toHaveLength(1);
    expect(res.body.included).toHaveLength(3);
  });

  it("returns only the requested fields, for primary and included types", async () => {
    const { call, demo } = createDemoHarness();
    const res = await call("GET", `/v1/builds/${demo.buildIds["1"]}?fields[builds]=version,processingState,preReleaseVersion&include=preReleaseVersion&fields[preReleaseVersions]=version`);
    expect(res.body.data.attributes).toEqual({ version: "1", processingState: "VALID" });
    expect(Object.keys(res.body.data.relationships)).toEqual(["preReleaseVersion"]);
    expect(res.body.included).toEqual([
      { type: "preReleaseVersions", id: demo.preReleaseVersionIds["1.0.0"], attributes: { version: "1.0.0" }, links: { self: `${BASE}/v1/preReleaseVersions/${demo.preReleaseVersionIds["1.0.0"]}` } },
    ]);
  });
});

describe("filters", () => {
  it("matches filter[version] (the build number) exactly, comma lists as OR", async () => {
    const { call, engine, demo } = createDemoHarness();
    engine.scenario.addBuild({ appId: demo.appId, version: "11", marketingVersion: "1.1.0" });
    expect(versions((await call("GET", "/v1/builds?filter[version]=1")).body)).toEqual(["1"]);
    expect(versions((await call("GET", "/v1/builds?filter[version]=1,11")).body)).toEqual(["1", "11"]);
  });

  it("follows dotted filters through relationships", async () => {
    const { call, engine, demo } = createDemoHarness();
    expect(versions((await call("GET", `/v1/builds?filter[app]=${demo.appId}&filter[preReleaseVersion.version]=1.0.0`)).body)).toEqual(["1", "2"]);
    expect(versions((await call("GET", "/v1/builds?filter[preReleaseVersion.platform]=IOS")).body)).toEqual(["1", "2", "3"]);
    expect((await call("GET", "/v1/builds?filter[preReleaseVersion.platform]=MAC_OS")).body.data).toEqual([]);

    expect((await call("GET", "/v1/builds?filter[betaAppReviewSubmission.betaReviewState]=APPROVED")).body.data).toEqual([]);
    engine.data().create({
      type: "betaAppReviewSubmissions",
      attributes: { betaReviewState: "APPROVED" },
      relationships: { build: { type: "builds", id: demo.buildIds["2"] } },
    });
    expect(versions((await call("GET", "/v1/builds?filter[betaAppReviewSubmission.betaReviewState]=WAITING_FOR_REVIEW,APPROVED")).body)).toEqual(["2"]);
    expect(ids((await call("GET", "/v1/preReleaseVersions?filter[builds.version]=3")).body)).toEqual([demo.preReleaseVersionIds["1.1.0"]]);
  });

  it("filters by relationship ids, id, enum and boolean attributes, and exists[]", async () => {
    const { call, demo } = createDemoHarness();
    expect((await call("GET", `/v1/builds?filter[app]=${demo.secondAppId}`)).body.data).toEqual([]);
    expect(versions((await call("GET", `/v1/builds?filter[preReleaseVersion]=${demo.preReleaseVersionIds["1.1.0"]}`)).body)).toEqual(["3"]);
    expect(versions((await call("GET", `/v1/builds?filter[betaGroups]=${demo.betaGroupIds.internal}`)).body)).toEqual(["1", "2"]);
    expect(versions((await call("GET", `/v1/builds?filter[id]=${demo.buildIds["3"]},${demo.buildIds["1"]}`)).body)).toEqual(["1", "3"]);
    expect(versions((await call("GET", "/v1/builds?filter[processingState]=PROCESSING")).body)).toEqual(["3"]);
    expect(versions((await call("GET", "/v1/builds?filter[usesNonExemptEncryption]=false")).body)).toEqual(["1", "2"]);
    expect(versions((await call("GET", "/v1/builds?exists[usesNonExemptEncryption]=false")).body)).toEqual(["3"]);
    expect(versions((await call("GET", "/v1/builds?exists[usesNonExemptEncryption]=true")).body)).toEqual(["1", "2"]);
    expect(ids((await call("GET", "/v1/betaGroups?filter[isInternalGroup]=true")).body)).toEqual([demo.betaGroupIds.internal]);
  });

  it("matches bundleIds filter[identifier] and filter[name] as case-insensitive substrings, like Apple", async () => {
    const { call, demo } = createDemoHarness();
    const identifiers = async (query: string) =>
      (await call("GET", `/v1/bundleIds?${query}`)).body.data.map((b: { attributes: { identifier: string } }) => b.attributes.identifier);
    expect(await identifiers("filter[identifier]=com.example.demo")).toEqual(["com.example.demo", "com.example.demo.widget"]);
    expect(await identifiers("filter[identifier]=EXAMPLE.DEMO.W")).toEqual(["com.example.demo.widget"]);
    expect(await identifiers("filter[name]=widget")).toEqual(["com.example.demo.widget", "com.example.widgettools"]);
    expect(await identifiers("filter[platform]=IOS&filter[identifier]=widgettools")).toEqual(["com.example.widgettools"]);
    expect(ids((await call("GET", "/v1/apps?filter[bundleId]=com.example.demo")).body)).toEqual([demo.appId]);
  });
});

describe("sort", () => {
  it("sorts numerically aware, descending with '-', by several keys and through a to-one relationship", async () => {
    const { call, engine, demo } = createDemoHarness();
    engine.scenario.addBuild({ appId: demo.appId, version: "10", marketingVersion: "1.0.0" });
    expect(versions((await call("GET", "/v1/builds")).body)).toEqual(["1", "2", "3", "10"]);
    expect(versions((await call("GET", "/v1/builds?sort=-version")).body)).toEqual(["10", "3", "2", "1"]);
    expect(versions((await call("GET", "/v1/builds?sort=-preReleaseVersion,version")).body)).toEqual(["3", "1", "2", "10"]);
    expect(versions((await call("GET", "/v1/builds?sort=-uploadedDate")).body)).toEqual(["3", "10", "2", "1"]);
  });
});

describe("paging", () => {
  it("pages with limit and an opaque cursor; links.next is absolute and keeps the query", async () => {
    const { call, demo } = createDemoHarness();
    const first = await call("GET", `/v1/builds?filter[app]=${demo.appId}&limit=2`);
    expect(versions(first.body)).toEqual(["1", "2"]);
    const cursor = first.body.meta.paging.nextCursor as string;
    expect(first.body.meta.paging).toEqual({ total: 3, limit: 2, nextCursor: cursor });
    expect(first.body.links).toEqual({
      self: `${BASE}/v1/builds?filter[app]=${demo.appId}&limit=2`,
      next: `${BASE}/v1/builds?filter[app]=${demo.appId}&limit=2&cursor=${cursor}`,
    });
    const second = await call("GET", first.body.links.next.slice(BASE.length));
    expect(versions(second.body)).toEqual(["3"]);
    expect(second.body.links.next).toBeUndefined();
    expect(second.body.meta.paging).toEqual({ total: 3, limit: 2 });
  });

  it("uses 50 when limit is omitted", async () => {
    const { call, engine, demo } = createDemoHarness();
    const data = engine.data();
    for (let i = 0; i < 52; i++)
      data.create({ type: "betaTesters", attributes: { email: `t${i}@example.com` }, relationships: { betaGroups: [{ type: "betaGroups", id: demo.betaGroupIds.external }] } });
    const res = await call("GET", "/v1/betaTesters");
    expect(res.body.data).toHaveLength(50);
    expect(res.body.meta.paging).toMatchObject({ total: 55, limit: 50 });
    const linkages = await call("GET", `/v1/betaGroups/${demo.betaGroupIds.external}/relationships/betaTesters?limit=200`);
    expect(linkages.body.data).toHaveLength(54);
    expect(linkages.body.links.next).toBeUndefined();
  });

  it.each(["!!!", "bm90LWpzb24", Buffer.from('{"offset":"-1"}').toString("base64url")])("refuses the malformed cursor %s with 400 PARAMETER_ERROR.INVALID", async (cursor) => {
    const { call } = createDemoHarness();
    const res = await call("GET", `/v1/builds?cursor=${encodeURIComponent(cursor)}`);
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ status: "400", code: "PARAMETER_ERROR.INVALID", source: { parameter: "cursor" } });
  });
});
