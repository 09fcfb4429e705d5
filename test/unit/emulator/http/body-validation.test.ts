import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorsOf, startTestEmulator, type TestEmulator } from "./helpers.js";

const versionCreate = (attributes: Record<string, unknown>, relationships: Record<string, unknown> = { app: { data: { type: "apps", id: "6450000001" } } }) => ({
  data: { type: "appStoreVersions", attributes, relationships },
});

describe("request body validation against the spec", () => {
  let t: TestEmulator;
  beforeAll(async () => {
    t = await startTestEmulator();
  });
  afterAll(() => t.emulator.close());

  const codes = async (res: Response) => (await errorsOf(res)).map((e) => `${e.status} ${e.code} ${e.source?.pointer ?? ""}`.trim());

  it("accepts a valid create body and passes it parsed to the engine", async () => {
    const body = versionCreate({ platform: "IOS", versionString: "1.2.0", earliestReleaseDate: "2025-02-01T08:00:00Z", copyright: null });
    const res = await t.call("POST", "/v1/appStoreVersions", { body });
    expect(res.status).toBe(201);
    expect(t.engine.requests.at(-1)!.body).toEqual(body);
  });

  it("answers 400 ENTITY_INVALID for a body that is not JSON", async () => {
    const res = await t.call("POST", "/v1/bundleIds", { rawBody: "{data:", headers: { "Content-Type": "application/json" } });
    expect(res.status).toBe(400);
    expect(await codes(res)).toEqual(["400 ENTITY_INVALID"]);
  });

  it("answers 400 ENTITY_INVALID for a missing body on an operation that requires one", async () => {
    const res = await t.call("POST", "/v1/bundleIds");
    expect(await codes(res)).toEqual(["400 ENTITY_INVALID"]);
  });

  it("answers 415 for a body that is not sent as application/json", async () => {
    const res = await t.call("POST", "/v1/bundleIds", { rawBody: "name=x", headers: { "Content-Type": "application/x-www-form-urlencoded" } });
    expect(res.status).toBe(415);
    expect((await errorsOf(res))[0]!.status).toBe("415");
    const withCharset = await t.call("POST", "/v1/bundleIds", {
      body: { data: { type: "bundleIds", attributes: { identifier: "com.example.a", name: "A", platform: "IOS" } } },
      headers: { "Content-Type": "application/json; charset=utf-8" },
    });
    expect(withCharset.status).toBe(201);
  });

  it("answers 422 ENTITY_UNPROCESSABLE for JSON in the wrong shape", async () => {
    expect(await codes(await t.call("POST", "/v1/bundleIds", { body: { dat: {} } }))).toEqual(["422 ENTITY_UNPROCESSABLE /data"]);
    expect(await codes(await t.call("POST", "/v1/bundleIds", { body: { data: [] } }))).toEqual(["422 ENTITY_UNPROCESSABLE /data"]);
    expect(await codes(await t.call("POST", "/v1/bundleIds", { body: [1] }))).toEqual(["422 ENTITY_UNPROCESSABLE"]);
    const misspelled = { data: { type: "bundleIds", atributes: { identifier: "com.example.a", name: "A", platform: "IOS" } } };
    expect(await codes(await t.call("POST", "/v1/bundleIds", { body: misspelled }))).toEqual(["422 ENTITY_UNPROCESSABLE /data/atributes"]);
    expect(await codes(await t.call("POST", "/v1/bundleIds", { body: { data: { attributes: {} } } }))).toEqual(["422 ENTITY_UNPROCESSABLE /data/type"]);
    const relNoData = versionCreate({ platform: "IOS", versionString: "1.0" }, { app: { type: "apps", id: "1" } });
    expect(await codes(await t.call("POST", "/v1/appStoreVersions", { body: relNoData }))).toEqual(["422 ENTITY_UNPROCESSABLE /data/relationships/app"]);
  });

  it("answers 409 ENTITY_ERROR.ATTRIBUTE.INVALID at /data/type for the wrong resource type", async () => {
    const res = await t.call("POST", "/v1/bundleIds", { body: { data: { type: "apps", attributes: { identifier: "com.example.a", name: "A", platform: "IOS" } } } });
    expect(res.status).toBe(409);
    expect(await codes(res)).toEqual(["409 ENTITY_ERROR.ATTRIBUTE.INVALID /data/type"]);
  });

  it("answers 409 ATTRIBUTE.REQUIRED / UNKNOWN / INVALID with pointers, all in one response", async () => {
    const res = await t.call("POST", "/v1/appStoreVersions", { body: versionCreate({ platform: "ANDROID", releaseType: "SOON", colour: "red" }) });
    expect(res.status).toBe(409);
    expect((await codes(res)).sort()).toEqual([
      "409 ENTITY_ERROR.ATTRIBUTE.INVALID /data/attributes/platform",
      "409 ENTITY_ERROR.ATTRIBUTE.INVALID /data/attributes/releaseType",
      "409 ENTITY_ERROR.ATTRIBUTE.REQUIRED /data/attributes/versionString",
      "409 ENTITY_ERROR.ATTRIBUTE.UNKNOWN /data/attributes/colour",
    ]);
  });

  it("checks attribute types and formats", async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ platform: "IOS", versionString: 1 }, "versionString"],
      [{ platform: "IOS", versionString: "1.0", usesIdfa: "yes" }, "usesIdfa"],
      [{ platform: "IOS", versionString: "1.0", earliestReleaseDate: "next monday" }, "earliestReleaseDate"],
      [{ platform: null, versionString: "1.0" }, "platform"],
    ];
    for (const [attributes, name] of cases) {
      const res = await t.call("POST", "/v1/appStoreVersions", { body: versionCreate(attributes) });
      expect(await codes(res), name).toEqual([`409 ENTITY_ERROR.ATTRIBUTE.INVALID /data/attributes/${name}`]);
    }
    const badEmail = await t.call("POST", "/v1/betaTesters", { body: { data: { type: "betaTesters", attributes: { email: "not-an-email" } } } });
    expect(await codes(badEmail)).toEqual(["409 ENTITY_ERROR.ATTRIBUTE.INVALID /data/attributes/email"]);
  });

  it("answers 409 RELATIONSHIP.REQUIRED for a missing required relationship", async () => {
    const res = await t.call("POST", "/v1/appStoreVersions", { body: versionCreate({ platform: "IOS", versionString: "1.0" }, {}) });
    expect(await codes(res)).toEqual(["409 ENTITY_ERROR.RELATIONSHIP.REQUIRED /data/relationships/app"]);
  });

  it("answers 409 RELATIONSHIP.INVALID for linkage of the wrong type", async () => {
    const res = await t.call("POST", "/v1/appStoreVersions", {
      body: versionCreate({ platform: "IOS", versionString: "1.0" }, { app: { data: { type: "apps", id: "1" } }, build: { data: { type: "bundleIds", id: "B1" } } }),
    });
    expect(await codes(res)).toEqual(["409 ENTITY_ERROR.RELATIONSHIP.INVALID /data/relationships/build/data/type"]);
  });

  it("requires PATCH data.id to equal the path id (409 ATTRIBUTE.INVALID at /data/id)", async () => {
    const ok = await t.call("PATCH", "/v1/appStoreVersions/v-1", { body: { data: { type: "appStoreVersions", id: "v-1", attributes: { copyright: "2025 Example" } } } });
    expect(ok.status).toBe(200);
    const res = await t.call("PATCH", "/v1/appStoreVersions/v-1", { body: { data: { type: "appStoreVersions", id: "v-2", attributes: {} } } });
    expect(await codes(res)).toEqual(["409 ENTITY_ERROR.ATTRIBUTE.INVALID /data/id"]);
    const missingId = await t.call("PATCH", "/v1/appStoreVersions/v-1", { body: { data: { type: "appStoreVersions", attributes: {} } } });
    expect(await codes(missingId)).toEqual(["422 ENTITY_UNPROCESSABLE /data/id"]);
  });

  it("checks to-many linkage bodies", async () => {
    const ok = await t.call("POST", "/v1/betaGroups/g1/relationships/builds", { body: { data: [{ type: "builds", id: "b1" }] } });
    expect(ok.status).toBe(204);
    const wrongType = await t.call("POST", "/v1/betaGroups/g1/relationships/builds", { body: { data: [{ type: "builds", id: "b1" }, { type: "apps", id: "a1" }] } });
    expect(await codes(wrongType)).toEqual(["409 ENTITY_ERROR.RELATIONSHIP.INVALID /data/1/type"]);
    const notArray = await t.call("POST", "/v1/betaGroups/g1/relationships/builds", { body: { data: { type: "builds", id: "b1" } } });
    expect(await codes(notArray)).toEqual(["422 ENTITY_UNPROCESSABLE /data"]);
    const noId = await t.call("POST", "/v1/betaGroups/g1/relationships/builds", { body: { data: [{ type: "builds" }] } });
    expect(await codes(noId)).toEqual(["422 ENTITY_UNPROCESSABLE /data/0/id"]);
  });

  it("checks to-one linkage bodies", async () => {
    const ok = await t.call("PATCH", "/v1/appStoreVersions/v-1/relationships/build", { body: { data: { type: "builds", id: "b1" } } });
    expect(ok.status).toBe(204);
    const wrongType = await t.call("PATCH", "/v1/appStoreVersions/v-1/relationships/build", { body: { data: { type: "apps", id: "b1" } } });
    expect(await codes(wrongType)).toEqual(["409 ENTITY_ERROR.RELATIONSHIP.INVALID /data/type"]);
  });

  it("validates the body only after authentication", async () => {
    const res = await t.call("POST", "/v1/bundleIds", { rawBody: "nope", headers: { Authorization: "Bearer x", "Content-Type": "application/json" } });
    expect(res.status).toBe(401);
  });
});
