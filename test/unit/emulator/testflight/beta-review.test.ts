import { describe, expect, it } from "vitest";
import { DEFAULT_BETA_REVIEW_TIMING } from "../../../../src/emulator/testflight/index.js";
import { createTestflightHarness } from "./testflight-harness.js";

describe("Beta App Review on the emulator", () => {
  it("moves WAITING_FOR_REVIEW → IN_REVIEW → APPROVED with the clock, and the external state with it", async () => {
    const h = createTestflightHarness();
    await h.completeMetadata();
    const build = h.demo.buildIds["2"]; // VALID, compliance answered
    expect(await h.states(build)).toEqual({ internal: "IN_BETA_TESTING", external: "READY_FOR_BETA_SUBMISSION", review: undefined });

    const created = await h.submit(build);
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({ type: "betaAppReviewSubmissions", attributes: { betaReviewState: "WAITING_FOR_REVIEW", submittedDate: new Date(h.clock.now()).toISOString() } });
    expect(await h.states(build)).toMatchObject({ external: "WAITING_FOR_BETA_REVIEW", review: "WAITING_FOR_REVIEW" });

    h.clock.advance(DEFAULT_BETA_REVIEW_TIMING.waitingForReviewMs - 1);
    expect((await h.states(build)).review).toBe("WAITING_FOR_REVIEW");
    h.clock.advance(1);
    expect(await h.states(build)).toMatchObject({ external: "IN_BETA_REVIEW", review: "IN_REVIEW" });
    h.clock.advance(DEFAULT_BETA_REVIEW_TIMING.inReviewMs);
    // Approved but in no external group yet: nobody outside gets it.
    expect(await h.states(build)).toMatchObject({ external: "BETA_APPROVED", review: "APPROVED" });

    await h.call("POST", `/v1/builds/${build}/relationships/betaGroups`, { data: [h.ref("betaGroups", h.demo.betaGroupIds.external)] });
    expect(await h.states(build)).toMatchObject({ external: "IN_BETA_TESTING", review: "APPROVED" });
    // The beta detail read on its own sees the same.
    const detail = await h.call("GET", `/v1/buildBetaDetails/${build}`);
    expect(detail.body.data.attributes.externalBuildState).toBe("IN_BETA_TESTING");
  });

  it("lets a build join an external group before approval; testers get it once approved", async () => {
    const h = createTestflightHarness();
    await h.completeMetadata();
    const build = h.demo.buildIds["1"];
    expect((await h.call("POST", `/v1/builds/${build}/relationships/betaGroups`, { data: [h.ref("betaGroups", h.demo.betaGroupIds.external)] })).status).toBe(204);
    await h.submit(build);
    expect((await h.states(build)).external).toBe("WAITING_FOR_BETA_REVIEW");
    h.clock.advance(DEFAULT_BETA_REVIEW_TIMING.waitingForReviewMs + DEFAULT_BETA_REVIEW_TIMING.inReviewMs);
    expect(await h.states(build)).toMatchObject({ external: "IN_BETA_TESTING", review: "APPROVED" });
  });

  it("ends REJECTED when the scenario says so, with configurable timing", async () => {
    const h = createTestflightHarness();
    await h.completeMetadata();
    h.review.setTiming({ waitingForReviewMs: 100, inReviewMs: 200 });
    const build = h.demo.buildIds["2"];
    h.review.reject(build);
    await h.submit(build);
    h.clock.advance(100);
    expect((await h.states(build)).review).toBe("IN_REVIEW");
    h.clock.advance(200);
    expect(await h.states(build)).toMatchObject({ external: "BETA_REJECTED", review: "REJECTED" });
    const list = await h.call("GET", `/v1/betaAppReviewSubmissions?filter[build]=${build}&filter[betaReviewState]=REJECTED`);
    expect(list.body.data).toHaveLength(1);
    expect(() => h.review.setTiming({ inReviewMs: -1 })).toThrow(RangeError);
  });

  it("refuses a second submission for the same build with 409", async () => {
    const h = createTestflightHarness();
    await h.completeMetadata();
    const build = h.demo.buildIds["2"];
    expect((await h.submit(build)).status).toBe(201);
    const again = await h.submit(build);
    expect(again.status).toBe(409);
    expect(again.body.errors[0]).toMatchObject({ status: "409", code: "STATE_ERROR.ENTITY_STATE_INVALID" });
    expect(again.body.errors[0].detail).toContain("WAITING_FOR_REVIEW");
  });

  it("refuses a build that is not VALID or lacks compliance, naming each problem in associatedErrors", async () => {
    const h = createTestflightHarness();
    await h.completeMetadata();
    const processing = h.demo.buildIds["3"]; // PROCESSING, compliance unanswered
    const res = await h.submit(processing);
    expect(res.status).toBe(409);
    const error = res.body.errors[0];
    expect(error.code).toBe("STATE_ERROR");
    const problems = error.meta.associatedErrors[`/v1/builds/${processing}`];
    expect(problems.map((p: { code: string }) => p.code)).toEqual(["STATE_ERROR.ENTITY_STATE_INVALID", "ENTITY_ERROR.ATTRIBUTE.REQUIRED"]);
    expect(problems[0].detail).toContain("PROCESSING");
    expect(problems[1].source).toEqual({ pointer: "/data/attributes/usesNonExemptEncryption" });
    // Nothing was created, and the external state did not move.
    expect((await h.states(processing)).review).toBeUndefined();
  });

  it("refuses missing beta metadata: description, feedback email, privacy policy URL and review contact", async () => {
    const h = createTestflightHarness();
    const build = h.demo.buildIds["2"];
    const bare = await h.submit(build);
    expect(bare.status).toBe(409);
    expect(Object.keys(bare.body.errors[0].meta.associatedErrors)).toEqual([`/v1/apps/${h.demo.appId}/betaAppLocalizations`, `/v1/betaAppReviewDetails/${h.demo.appId}`]);
    expect(bare.body.errors[0].meta.associatedErrors[`/v1/betaAppReviewDetails/${h.demo.appId}`]).toHaveLength(4);

    const loc = await h.call("POST", "/v1/betaAppLocalizations", {
      data: { type: "betaAppLocalizations", attributes: { locale: "en-US", description: "Try it." }, relationships: { app: { data: h.ref("apps", h.demo.appId) } } },
    });
    const partial = await h.submit(build);
    const pointers = partial.body.errors[0].meta.associatedErrors[`/v1/betaAppLocalizations/${loc.body.data.id}`].map((e: { source: { pointer: string } }) => e.source.pointer);
    expect(pointers).toEqual(["/data/attributes/feedbackEmail", "/data/attributes/privacyPolicyUrl"]);
  });
});
