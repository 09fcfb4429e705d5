import { describe, expect, it } from "vitest";
import { BASE, START, createDemoHarness } from "./engine-harness.js";

const ids = (body: { data: Array<{ id: string }> }) => body.data.map((r) => r.id);

describe("apps", () => {
  it("lists and gets apps with Apple's attributes and links", async () => {
    const { call, demo } = createDemoHarness();
    const list = await call("GET", "/v1/apps");
    expect(list.status).toBe(200);
    expect(list.body.data.map((a: { attributes: { name: string } }) => a.attributes.name)).toEqual(["Demo App", "Sample Widget Tools"]);
    expect(list.body.meta.paging).toEqual({ total: 2, limit: 50 });
    expect(list.body.links).toEqual({ self: `${BASE}/v1/apps` });

    const one = await call("GET", `/v1/apps/${demo.appId}`);
    expect(one.body.data).toMatchObject({
      type: "apps",
      id: "6450000001",
      attributes: { name: "Demo App", bundleId: "com.example.demo", sku: "DEMO001", primaryLocale: "en-US" },
      relationships: { builds: { links: { self: `${BASE}/v1/apps/6450000001/relationships/builds`, related: `${BASE}/v1/apps/6450000001/builds` } } },
      links: { self: `${BASE}/v1/apps/6450000001` },
    });
    expect(one.body.data.relationships.builds.data).toBeUndefined();
    expect(one.body.links).toEqual({ self: `${BASE}/v1/apps/6450000001` });
  });

  it("answers 404 NOT_FOUND in Apple's error shape", async () => {
    const { call } = createDemoHarness();
    const res = await call("GET", "/v1/apps/999");
    expect(res.status).toBe(404);
    expect(res.body).toEqual({
      errors: [
        {
          id: "error-id",
          status: "404",
          code: "NOT_FOUND",
          title: "The specified resource does not exist",
          detail: "There is no resource of type 'apps' with id '999'",
        },
      ],
    });
    expect((await call("GET", "/v1/apps/999/builds")).status).toBe(404);
    expect((await call("GET", "/v1/builds/nope/relationships/app")).status).toBe(404);
  });

  it("updates an app but refuses a new bundle ID once builds exist", async () => {
    const { call, demo } = createDemoHarness();
    const ok = await call("PATCH", `/v1/apps/${demo.appId}`, { data: { type: "apps", id: demo.appId, attributes: { primaryLocale: "en-GB" } } });
    expect(ok.status).toBe(200);
    expect(ok.body.data.attributes.primaryLocale).toBe("en-GB");
    const refused = await call("PATCH", `/v1/apps/${demo.appId}`, { data: { type: "apps", id: demo.appId, attributes: { bundleId: "com.example.other" } } });
    expect(refused.status).toBe(409);
    expect(refused.body.errors[0].code).toBe("STATE_ERROR.ENTITY_STATE_INVALID");
    const mismatch = await call("PATCH", `/v1/apps/${demo.appId}`, { data: { type: "apps", id: "6450000002", attributes: {} } });
    expect(mismatch.status).toBe(409);
    expect(mismatch.body.errors[0].source).toEqual({ pointer: "/data/id" });
  });
});

describe("builds, preReleaseVersions and buildBetaDetails", () => {
  it("gets a build and its related app, pre-release version and beta detail", async () => {
    const { call, demo } = createDemoHarness();
    const build = await call("GET", `/v1/builds/${demo.buildIds["2"]}`);
    expect(build.body.data.attributes).toMatchObject({ version: "2", processingState: "VALID", usesNonExemptEncryption: false, expired: false });
    expect((await call("GET", `/v1/builds/${demo.buildIds["2"]}/app`)).body.data.id).toBe(demo.appId);
    const version = await call("GET", `/v1/builds/${demo.buildIds["2"]}/preReleaseVersion`);
    expect(version.body.data).toMatchObject({ type: "preReleaseVersions", id: demo.preReleaseVersionIds["1.0.0"], attributes: { version: "1.0.0", platform: "IOS" } });
    const detail = await call("GET", `/v1/builds/${demo.buildIds["2"]}/buildBetaDetail`);
    expect(detail.body.data).toMatchObject({ type: "buildBetaDetails", id: demo.buildIds["2"], attributes: { internalBuildState: "READY_FOR_BETA_TESTING" } });
  });

  it("lists pre-release versions of an app and the builds of a version", async () => {
    const { call, demo } = createDemoHarness();
    const versions = await call("GET", `/v1/preReleaseVersions?filter[app]=${demo.appId}&sort=-version`);
    expect(versions.body.data.map((v: { attributes: { version: string } }) => v.attributes.version)).toEqual(["1.1.0", "1.0.0"]);
    expect(ids((await call("GET", `/v1/preReleaseVersions/${demo.preReleaseVersionIds["1.0.0"]}/builds`)).body)).toEqual([demo.buildIds["1"], demo.buildIds["2"]]);
    expect(ids((await call("GET", `/v1/apps/${demo.appId}/preReleaseVersions`)).body)).toEqual([demo.preReleaseVersionIds["1.0.0"], demo.preReleaseVersionIds["1.1.0"]]);
    expect((await call("GET", `/v1/preReleaseVersions?filter[app]=${demo.secondAppId}`)).body.data).toEqual([]);
  });

  it("filters and updates build beta details", async () => {
    const { call, demo } = createDemoHarness();
    const list = await call("GET", `/v1/buildBetaDetails?filter[build]=${demo.buildIds["1"]}`);
    expect(ids(list.body)).toEqual([demo.buildBetaDetailIds["1"]]);
    const patched = await call("PATCH", `/v1/buildBetaDetails/${demo.buildBetaDetailIds["1"]}`, {
      data: { type: "buildBetaDetails", id: demo.buildBetaDetailIds["1"], attributes: { autoNotifyEnabled: true } },
    });
    expect(patched.body.data.attributes).toEqual({ autoNotifyEnabled: true, internalBuildState: "READY_FOR_BETA_TESTING", externalBuildState: "READY_FOR_BETA_SUBMISSION" });
  });
});

describe("bundleIds", () => {
  const create = (identifier: string, extra: Record<string, unknown> = {}) => ({
    data: { type: "bundleIds", attributes: { identifier, name: "Thing", platform: "IOS", ...extra } },
  });

  it("creates a bundle ID (201, Location, seedId from the team) and deletes it", async () => {
    const { call, engine } = createDemoHarness();
    const res = await call("POST", "/v1/bundleIds", create("com.example.new"));
    expect(res.status).toBe(201);
    const id = res.body.data.id as string;
    expect(id).toMatch(/^[A-Z0-9]{10}$/);
    expect(res.headers?.Location).toBe(`${BASE}/v1/bundleIds/${id}`);
    expect(res.body.links).toEqual({ self: `${BASE}/v1/bundleIds/${id}` });
    expect(res.body.data.attributes).toEqual({ name: "Thing", platform: "IOS", identifier: "com.example.new", seedId: engine.config.teamId });

    const renamed = await call("PATCH", `/v1/bundleIds/${id}`, { data: { type: "bundleIds", id, attributes: { name: "Renamed" } } });
    expect(renamed.body.data.attributes.name).toBe("Renamed");

    expect((await call("DELETE", `/v1/bundleIds/${id}`)).status).toBe(204);
    expect((await call("GET", `/v1/bundleIds/${id}`)).status).toBe(404);
  });

  it("refuses an identifier already taken, case-insensitively (409 ENTITY_ERROR.ATTRIBUTE.INVALID)", async () => {
    const { call } = createDemoHarness();
    const res = await call("POST", "/v1/bundleIds", create("COM.Example.Demo"));
    expect(res.status).toBe(409);
    expect(res.body.errors[0]).toMatchObject({
      status: "409",
      code: "ENTITY_ERROR.ATTRIBUTE.INVALID",
      detail: "An App ID with Identifier 'COM.Example.Demo' is not available. Please enter a different string.",
      source: { pointer: "/data/attributes/identifier" },
    });
    expect((await call("GET", "/v1/bundleIds")).body.meta.paging.total).toBe(3);
  });

  it("refuses platform SERVICES, a value only the patched spec has (409 ENTITY_ERROR.ATTRIBUTE.INVALID at /data/attributes/platform)", async () => {
    const { call } = createDemoHarness();
    const res = await call("POST", "/v1/bundleIds", create("com.example.services", { platform: "SERVICES" }));
    expect(res.status).toBe(409);
    expect(res.body.errors).toEqual([
      {
        id: expect.any(String),
        status: "409",
        code: "ENTITY_ERROR.ATTRIBUTE.INVALID",
        title: "The provided entity includes an attribute with an invalid value",
        detail: "The attribute 'platform' has the invalid value 'SERVICES'. Allowed values: IOS, MAC_OS, UNIVERSAL",
        source: { pointer: "/data/attributes/platform" },
      },
    ]);
    expect((await call("GET", "/v1/bundleIds?filter[identifier]=com.example.services")).body.data).toEqual([]);
    for (const platform of ["IOS", "MAC_OS", "UNIVERSAL"]) {
      expect((await call("POST", "/v1/bundleIds", create(`com.example.${platform.toLowerCase().replace("_", "")}`, { platform }))).status).toBe(201);
    }
  });

  it("refuses illegal characters and deleting an App ID used by an app", async () => {
    const { call, demo } = createDemoHarness();
    const bad = await call("POST", "/v1/bundleIds", create("com.example/demo"));
    expect(bad.status).toBe(409);
    expect(bad.body.errors[0].source).toEqual({ pointer: "/data/attributes/identifier" });
    const inUse = await call("DELETE", `/v1/bundleIds/${demo.bundleIdIds.demo}`);
    expect(inUse.status).toBe(409);
    expect((await call("GET", `/v1/bundleIds/${demo.bundleIdIds.demo}/app`)).body.data.id).toBe(demo.appId);
  });
});

describe("betaGroups", () => {
  it("creates an external group with server-assigned attributes, visible from the app", async () => {
    const { call, demo } = createDemoHarness();
    const res = await call("POST", "/v1/betaGroups", {
      data: { type: "betaGroups", attributes: { name: "Friends" }, relationships: { app: { data: { type: "apps", id: demo.appId } } } },
    });
    expect(res.status).toBe(201);
    expect(res.body.data.attributes).toEqual({
      name: "Friends",
      createdDate: new Date(START).toISOString(),
      isInternalGroup: false,
      hasAccessToAllBuilds: false,
      publicLinkEnabled: false,
      publicLinkId: null,
      publicLinkLimitEnabled: false,
      publicLinkLimit: null,
      publicLink: null,
      feedbackEnabled: true,
      iosBuildsAvailableForAppleSiliconMac: false,
      iosBuildsAvailableForAppleVision: false,
    });
    const id = res.body.data.id as string;
    expect(ids((await call("GET", `/v1/apps/${demo.appId}/betaGroups`)).body)).toEqual([demo.betaGroupIds.internal, demo.betaGroupIds.external, id]);
    expect((await call("GET", `/v1/betaGroups/${id}/app`)).body.data.id).toBe(demo.appId);

    const linked = await call("PATCH", `/v1/betaGroups/${id}`, { data: { type: "betaGroups", id, attributes: { publicLinkEnabled: true } } });
    expect(linked.body.data.attributes.publicLink).toMatch(/^https:\/\/testflight\.apple\.com\/join\/[A-Za-z0-9]{8}$/);
    expect(linked.body.data.attributes.publicLink).toBe(`https://testflight.apple.com/join/${linked.body.data.attributes.publicLinkId}`);

    expect((await call("DELETE", `/v1/betaGroups/${id}`)).status).toBe(204);
    expect(ids((await call("GET", `/v1/apps/${demo.appId}/betaGroups`)).body)).toEqual([demo.betaGroupIds.internal, demo.betaGroupIds.external]);
  });

  it("refuses a relationship to a missing app and a duplicate group name", async () => {
    const { call, demo } = createDemoHarness();
    const missing = await call("POST", "/v1/betaGroups", {
      data: { type: "betaGroups", attributes: { name: "X" }, relationships: { app: { data: { type: "apps", id: "6459999999" } } } },
    });
    expect(missing.status).toBe(409);
    expect(missing.body.errors[0]).toMatchObject({ code: "ENTITY_ERROR.RELATIONSHIP.INVALID", source: { pointer: "/data/relationships/app" } });
    const duplicate = await call("POST", "/v1/betaGroups", {
      data: { type: "betaGroups", attributes: { name: "public beta" }, relationships: { app: { data: { type: "apps", id: demo.appId } } } },
    });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.errors[0].source).toEqual({ pointer: "/data/attributes/name" });
    expect((await call("GET", "/v1/betaGroups")).body.meta.paging.total).toBe(2);
  });

  it("refuses a public link on an internal group", async () => {
    const { call, demo } = createDemoHarness();
    const id = demo.betaGroupIds.internal;
    const res = await call("PATCH", `/v1/betaGroups/${id}`, { data: { type: "betaGroups", id, attributes: { publicLinkEnabled: true } } });
    expect(res.status).toBe(409);
    expect(res.body.errors[0].source).toEqual({ pointer: "/data/attributes/publicLinkEnabled" });
  });
});

describe("betaTesters", () => {
  it("creates a tester in a group; the tester, group and app all see it", async () => {
    const { call, demo } = createDemoHarness();
    const res = await call("POST", "/v1/betaTesters", {
      data: {
        type: "betaTesters",
        attributes: { email: "new@example.com", firstName: "New" },
        relationships: { betaGroups: { data: [{ type: "betaGroups", id: demo.betaGroupIds.external }] } },
      },
    });
    expect(res.status).toBe(201);
    expect(res.body.data.attributes).toEqual({ firstName: "New", lastName: null, email: "new@example.com", inviteType: "EMAIL", state: "NOT_INVITED", appDevices: [] });
    const id = res.body.data.id as string;
    expect(ids((await call("GET", `/v1/betaGroups/${demo.betaGroupIds.external}/betaTesters`)).body)).toContain(id);
    expect(ids((await call("GET", `/v1/betaTesters/${id}/betaGroups`)).body)).toEqual([demo.betaGroupIds.external]);
    expect(ids((await call("GET", `/v1/betaTesters/${id}/apps`)).body)).toEqual([demo.appId]);
    expect(ids((await call("GET", `/v1/betaTesters?filter[apps]=${demo.appId}&filter[email]=new@example.com`)).body)).toEqual([id]);
  });

  it("resolves a second create with the same e-mail to the same tester, adding the group", async () => {
    const { call, demo } = createDemoHarness();
    const res = await call("POST", "/v1/betaTesters", {
      data: { type: "betaTesters", attributes: { email: "ALAN@example.com" }, relationships: { betaGroups: { data: [{ type: "betaGroups", id: demo.betaGroupIds.internal }] } } },
    });
    expect(res.status).toBe(201);
    expect(res.body.data.id).toBe(demo.betaTesterIds.alan);
    expect(ids((await call("GET", `/v1/betaTesters/${demo.betaTesterIds.alan}/betaGroups`)).body)).toEqual([demo.betaGroupIds.external, demo.betaGroupIds.internal]);
    expect((await call("GET", "/v1/betaTesters")).body.meta.paging.total).toBe(3);
  });

  it("deletes a tester and its memberships", async () => {
    const { call, demo } = createDemoHarness();
    expect((await call("DELETE", `/v1/betaTesters/${demo.betaTesterIds.grace}`)).status).toBe(204);
    expect((await call("GET", `/v1/betaTesters/${demo.betaTesterIds.grace}`)).status).toBe(404);
    expect(ids((await call("GET", `/v1/betaGroups/${demo.betaGroupIds.internal}/relationships/betaTesters`)).body)).toEqual([demo.betaTesterIds.ada]);
  });

  it("points a missing group at its relationship", async () => {
    const { call } = createDemoHarness();
    const res = await call("POST", "/v1/betaTesters", {
      data: { type: "betaTesters", attributes: { email: "x@example.com" }, relationships: { betaGroups: { data: [{ type: "betaGroups", id: "nope" }] } } },
    });
    expect(res.status).toBe(409);
    expect(res.body.errors[0]).toMatchObject({ code: "ENTITY_ERROR.RELATIONSHIP.INVALID", source: { pointer: "/data/relationships/betaGroups" } });
    expect((await call("GET", "/v1/betaTesters?filter[email]=x@example.com")).body.data).toEqual([]);
  });
});
