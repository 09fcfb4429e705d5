import { describe, expect, it } from "vitest";
import {
  addBuildsToBetaGroup,
  createBetaGroup,
  createBetaTester,
  createBundleId,
  createClient,
  deleteBundleId,
  getBuild,
  getBuildBetaDetailOfBuild,
  listApps,
  listBuilds,
  updateBuild,
  updateBuildBetaDetail,
  type Resource,
} from "../../../src/client/index.js";
import { findOperation } from "../../../src/spec/operation-table.js";
import { fakeClock, fakeTokens, json, noContent, scriptedFetch, type RecordedRequest, type Reply } from "./support/fakes.js";

const API = "https://api.appstoreconnect.apple.com";

function setup(replies: Reply[]) {
  const clock = fakeClock();
  const f = scriptedFetch(replies);
  const client = createClient({ tokenProvider: fakeTokens(), fetch: f.fetch, now: clock.now, sleep: clock.sleep });
  return { client, f };
}

/** Every request a helper sends must be an operation in Apple's spec, with a body of the declared type. */
function expectInSpec(req: RecordedRequest) {
  const url = new URL(req.url);
  const hit = findOperation(req.method, url.pathname);
  expect(hit, `${req.method} ${url.pathname}`).toBeDefined();
  for (const key of url.searchParams.keys()) expect(Object.keys(hit!.operation.query), `${req.method} ${url.pathname} ?${key}`).toContain(key);
  const body = req.body ? (JSON.parse(req.body.toString()) as { data: { type?: string } | Array<{ type: string }> }) : undefined;
  if (hit!.operation.body) {
    expect(body, `${req.method} ${url.pathname} body`).toBeDefined();
    const spec = hit!.operation.body;
    const type = Array.isArray(body!.data) ? body!.data[0]?.type : body!.data.type;
    expect(type).toBe(spec.type);
  } else {
    expect(body).toBeUndefined();
  }
}

const created = (type: string, id: string, attributes: Record<string, unknown> = {}) => json(201, { data: { type, id, attributes }, links: { self: `${API}/v1/${type}/${id}` } });

describe("resource helpers", () => {
  it("createBundleId posts Apple's create body and returns the resource", async () => {
    const { client, f } = setup([created("bundleIds", "ABCDE12345", { identifier: "com.example.app", name: "Example", platform: "IOS", seedId: "TEAMID1234" })]);
    const bundle = await createBundleId(client, { identifier: "com.example.app", name: "Example", platform: "IOS" });
    expect(bundle).toMatchObject({ type: "bundleIds", id: "ABCDE12345", attributes: { seedId: "TEAMID1234" } });
    expect(JSON.parse(f.requests[0]!.body!.toString())).toEqual({ data: { type: "bundleIds", attributes: { identifier: "com.example.app", name: "Example", platform: "IOS" } } });
    expectInSpec(f.requests[0]!);
  });

  it("listBuilds sends typed filters comma-joined and pages with limit", async () => {
    const { client, f } = setup([
      json(200, { data: [{ type: "builds", id: "b2", attributes: { version: "43", processingState: "PROCESSING" } }], links: { self: `${API}/v1/builds` } }),
    ]);
    const builds = await listBuilds(client, { "filter[app]": ["1234567890"], "filter[processingState]": ["PROCESSING", "VALID"], sort: ["-uploadedDate"] }, { max: 1 });
    expect(builds[0]!.attributes.processingState).toBe("PROCESSING");
    expect(f.requests[0]!.url).toBe(`${API}/v1/builds?filter[app]=1234567890&filter[processingState]=PROCESSING,VALID&sort=-uploadedDate&limit=1`);
    expectInSpec(f.requests[0]!);
  });

  it("getBuild resolves included relationships", async () => {
    const { client, f } = setup([
      json(200, {
        data: { type: "builds", id: "b1", attributes: { version: "42" }, relationships: { buildBetaDetail: { data: { type: "buildBetaDetails", id: "d1" } } } },
        included: [{ type: "buildBetaDetails", id: "d1", attributes: { externalBuildState: "MISSING_EXPORT_COMPLIANCE" } }],
        links: { self: `${API}/v1/builds/b1` },
      }),
    ]);
    const build = await getBuild(client, "b1", { include: ["buildBetaDetail"] });
    expect((build.related.buildBetaDetail as Resource).attributes.externalBuildState).toBe("MISSING_EXPORT_COMPLIANCE");
    expectInSpec(f.requests[0]!);
  });

  it("update helpers send the id in the path and the body", async () => {
    const { client, f } = setup([created("builds", "b1"), created("buildBetaDetails", "d1"), json(200, { data: { type: "buildBetaDetails", id: "d1" } })]);
    await updateBuild(client, "b1", { usesNonExemptEncryption: false });
    await updateBuildBetaDetail(client, "d1", { autoNotifyEnabled: true });
    await getBuildBetaDetailOfBuild(client, "b1");
    expect(f.requests.map((r) => `${r.method} ${new URL(r.url).pathname}`)).toEqual(["PATCH /v1/builds/b1", "PATCH /v1/buildBetaDetails/d1", "GET /v1/builds/b1/buildBetaDetail"]);
    expect(JSON.parse(f.requests[0]!.body!.toString())).toEqual({ data: { type: "builds", id: "b1", attributes: { usesNonExemptEncryption: false } } });
    f.requests.forEach(expectInSpec);
  });

  it("beta group and tester helpers build relationship linkage", async () => {
    const { client, f } = setup([created("betaGroups", "g1", { name: "QA" }), noContent(), created("betaTesters", "t1")]);
    await createBetaGroup(client, { appId: "1234567890", name: "QA", publicLinkEnabled: false, buildIds: ["b1"] });
    await addBuildsToBetaGroup(client, "g1", ["b1", "b2"]);
    await createBetaTester(client, { email: "tester@example.com", firstName: "Ada", betaGroupIds: ["g1"] });
    expect(JSON.parse(f.requests[0]!.body!.toString())).toEqual({
      data: {
        type: "betaGroups",
        attributes: { name: "QA", publicLinkEnabled: false },
        relationships: { app: { data: { type: "apps", id: "1234567890" } }, builds: { data: [{ type: "builds", id: "b1" }] } },
      },
    });
    expect(JSON.parse(f.requests[1]!.body!.toString())).toEqual({ data: [{ type: "builds", id: "b1" }, { type: "builds", id: "b2" }] });
    expect(JSON.parse(f.requests[2]!.body!.toString())).toEqual({
      data: { type: "betaTesters", attributes: { email: "tester@example.com", firstName: "Ada" }, relationships: { betaGroups: { data: [{ type: "betaGroups", id: "g1" }] } } },
    });
    f.requests.forEach(expectInSpec);
  });

  it("listApps and deleteBundleId hit the right operations", async () => {
    const { client, f } = setup([json(200, { data: [{ type: "apps", id: "1", attributes: { bundleId: "com.example.app" } }], links: { self: `${API}/v1/apps` } }), noContent()]);
    const apps = await listApps(client, { "filter[bundleId]": ["com.example.app"], "fields[apps]": ["name", "bundleId"] });
    expect(apps.map((a) => a.attributes.bundleId)).toEqual(["com.example.app"]);
    await deleteBundleId(client, "ABCDE12345");
    expect(f.requests.map((r) => r.url)).toEqual([`${API}/v1/apps?filter[bundleId]=com.example.app&fields[apps]=name,bundleId&limit=200`, `${API}/v1/bundleIds/ABCDE12345`]);
    f.requests.forEach(expectInSpec);
  });
});
