import { describe, expect, it } from "vitest";
import { START, createDemoHarness, createHarness } from "./engine-harness.js";

const DAY = 86_400_000;

function setup(config = {}) {
  const h = createDemoHarness({ config });
  const state = async (buildId: string) => {
    const build = await h.call("GET", `/v1/builds/${buildId}?include=buildBetaDetail`);
    const detail = build.body.included?.[0]?.attributes ?? {};
    return { processingState: build.body.data.attributes.processingState, internal: detail.internalBuildState, external: detail.externalBuildState };
  };
  return { ...h, state };
}

describe("build processing", () => {
  it("stays PROCESSING until uploadedDate + processingDelayMs, then becomes VALID (no timers)", async () => {
    const { engine, demo, clock, state, call } = setup();
    const { buildId } = engine.scenario.addBuild({ appId: demo.appId, version: "4", marketingVersion: "1.1.0" });
    expect(await state(buildId)).toEqual({ processingState: "PROCESSING", internal: "PROCESSING", external: "PROCESSING" });
    clock.advance(2999);
    expect((await state(buildId)).processingState).toBe("PROCESSING");
    clock.advance(1);
    expect(await state(buildId)).toEqual({ processingState: "VALID", internal: "MISSING_EXPORT_COMPLIANCE", external: "MISSING_EXPORT_COMPLIANCE" });
    // The beta detail read on its own advances as well.
    const detail = await call("GET", `/v1/buildBetaDetails/${buildId}`);
    expect(detail.body.data.attributes.internalBuildState).toBe("MISSING_EXPORT_COMPLIANCE");
  });

  it("advances on list reads too, and honours the configured and per-build delay", async () => {
    const { engine, demo, clock, call } = setup({ processingDelayMs: 60_000 });
    const quick = engine.scenario.addBuild({ appId: demo.appId, version: "5", marketingVersion: "1.1.0", processingDelayMs: 10 });
    clock.advance(10);
    const processing = await call("GET", "/v1/builds?filter[processingState]=PROCESSING");
    expect(processing.body.data.map((b: { attributes: { version: string } }) => b.attributes.version)).toEqual(["3"]);
    clock.advance(60_000);
    expect((await call("GET", "/v1/builds?filter[processingState]=PROCESSING")).body.data).toEqual([]);
    expect((await call("GET", `/v1/builds/${quick.buildId}`)).body.data.attributes.processingState).toBe("VALID");
  });

  it.each(["INVALID", "FAILED"] as const)("ends in %s with PROCESSING_EXCEPTION beta states when the scenario says so", async (outcome) => {
    const { engine, demo, clock, state } = setup();
    const { buildId } = engine.scenario.addBuild({ appId: demo.appId, version: "6", marketingVersion: "1.1.0", outcome });
    clock.advance(3000);
    expect(await state(buildId)).toEqual({ processingState: outcome, internal: "PROCESSING_EXCEPTION", external: "PROCESSING_EXCEPTION" });
  });

  it("setBuildOutcome changes a pending outcome, or a finished build at once", async () => {
    const { engine, demo, clock, state } = setup();
    engine.scenario.setBuildOutcome(demo.buildIds["3"], "INVALID");
    clock.advance(3000);
    expect((await state(demo.buildIds["3"])).processingState).toBe("INVALID");
    engine.scenario.setBuildOutcome(demo.buildIds["1"], "FAILED");
    expect(await state(demo.buildIds["1"])).toEqual({ processingState: "FAILED", internal: "PROCESSING_EXCEPTION", external: "PROCESSING_EXCEPTION" });
  });

  it("answers export compliance with PATCH usesNonExemptEncryption", async () => {
    const { demo, clock, state, call } = setup();
    const id = demo.buildIds["3"];
    clock.advance(3000);
    expect((await state(id)).internal).toBe("MISSING_EXPORT_COMPLIANCE");
    const res = await call("PATCH", `/v1/builds/${id}`, { data: { type: "builds", id, attributes: { usesNonExemptEncryption: false } } });
    expect(res.status).toBe(200);
    expect(res.body.data.attributes.usesNonExemptEncryption).toBe(false);
    expect(await state(id)).toEqual({ processingState: "VALID", internal: "READY_FOR_BETA_TESTING", external: "READY_FOR_BETA_SUBMISSION" });
  });

  it("answering while still processing takes effect when processing ends", async () => {
    const { demo, clock, state, call } = setup();
    const id = demo.buildIds["3"];
    await call("PATCH", `/v1/builds/${id}`, { data: { type: "builds", id, attributes: { usesNonExemptEncryption: true } } });
    expect((await state(id)).internal).toBe("PROCESSING");
    clock.advance(3000);
    expect(await state(id)).toEqual({ processingState: "VALID", internal: "READY_FOR_BETA_TESTING", external: "READY_FOR_BETA_SUBMISSION" });
  });

  it("expires a build with PATCH expired: true, and refuses to un-expire it", async () => {
    const { demo, state, call } = setup();
    const id = demo.buildIds["1"];
    const res = await call("PATCH", `/v1/builds/${id}`, { data: { type: "builds", id, attributes: { expired: true } } });
    expect(res.body.data.attributes.expired).toBe(true);
    expect(await state(id)).toEqual({ processingState: "VALID", internal: "EXPIRED", external: "EXPIRED" });
    const back = await call("PATCH", `/v1/builds/${id}`, { data: { type: "builds", id, attributes: { expired: false } } });
    expect(back.status).toBe(409);
    expect(back.body.errors[0].source).toEqual({ pointer: "/data/attributes/expired" });
  });

  it("sets expirationDate 90 days after upload and expires the build when it passes", async () => {
    const { engine, demo, clock, state, call } = setup();
    const { buildId } = engine.scenario.addBuild({ appId: demo.appId, version: "7", marketingVersion: "1.1.0", usesNonExemptEncryption: false });
    const build = await call("GET", `/v1/builds/${buildId}`);
    expect(build.body.data.attributes.uploadedDate).toBe(new Date(START).toISOString());
    expect(build.body.data.attributes.expirationDate).toBe(new Date(START + 90 * DAY).toISOString());
    clock.advance(90 * DAY);
    expect(await state(buildId)).toEqual({ processingState: "VALID", internal: "EXPIRED", external: "EXPIRED" });
    expect((await call("GET", "/v1/builds?filter[expired]=true")).body.data.map((b: { id: string }) => b.id)).toContain(buildId);
  });

  it("refuses a build number already used for the version", () => {
    const { engine, demo } = setup();
    expect(() => engine.scenario.addBuild({ appId: demo.appId, version: "2", marketingVersion: "1.0.0" })).toThrow(/409 ENTITY_ERROR\.ATTRIBUTE\.INVALID\.DUPLICATE: The bundle version '2' has already been used by build \S+\. The next free build number is '3'\./);
    // Compared as numbers: "2.0" is build 2.
    expect(() => engine.scenario.addBuild({ appId: demo.appId, version: "2.0", marketingVersion: "1.0.0" })).toThrow(/DUPLICATE/);
    // The same number under another version string is fine.
    expect(engine.scenario.addBuild({ appId: demo.appId, version: "2", marketingVersion: "1.1.0" }).buildId).toMatch(/-/);
  });

  it("creates the pre-release version once per version string and platform", () => {
    const { engine, demo } = setup();
    const a = engine.scenario.addBuild({ appId: demo.appId, version: "20", marketingVersion: "2.0.0" });
    const b = engine.scenario.addBuild({ appId: demo.appId, version: "21", marketingVersion: "2.0.0" });
    const mac = engine.scenario.addBuild({ appId: demo.appId, version: "20", marketingVersion: "2.0.0", platform: "MAC_OS" });
    expect(b.preReleaseVersionId).toBe(a.preReleaseVersionId);
    expect(mac.preReleaseVersionId).not.toBe(a.preReleaseVersionId);
    expect(a.buildBetaDetailId).toBe(a.buildId);
  });

  it("addBuild on an unknown app fails with NOT_FOUND", () => {
    const { engine } = createHarness();
    expect(() => engine.scenario.addBuild({ appId: "1", version: "1", marketingVersion: "1.0" })).toThrow(/NOT_FOUND/);
  });
});
