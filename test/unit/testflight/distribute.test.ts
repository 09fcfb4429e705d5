import { afterEach, describe, expect, it } from "vitest";
import { FailedStateError, WaitTimeoutError } from "../../../src/errors/asckit-error.js";
import { DEFAULT_BETA_REVIEW_TIMING } from "../../../src/emulator/testflight/index.js";
import { setBetaInfo } from "../../../src/workflows/testflight/beta-info.js";
import { submitForBetaReview } from "../../../src/workflows/testflight/beta-review.js";
import { BetaNotReadyError, distributeBuild, type DistributeOptions } from "../../../src/workflows/testflight/distribute.js";
import { startTestflightEmulator, type TestflightEmulator } from "./support/testflight-emulator.js";

let env: TestflightEmulator | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

const wait = (e: TestflightEmulator, timeoutMs = 600_000): DistributeOptions["wait"] => ({ timeoutMs, intervalMs: 1000, now: e.clock.now, sleep: e.clock.sleep });

async function completeBetaInfo(e: TestflightEmulator) {
  await setBetaInfo(e.client, e.demo.appId, {
    localization: { locale: "en-US", description: "The demo app.", feedbackEmail: "beta@example.com", privacyPolicyUrl: "https://example.com/privacy" },
    reviewDetail: { contactFirstName: "Ada", contactLastName: "Lovelace", contactPhone: "+1 408 555 0100", contactEmail: "ada@example.com" },
  });
  e.requests.length = 0;
}

describe("distributeBuild", () => {
  it("takes a PROCESSING build without a compliance answer to internal and external testers", async () => {
    env = await startTestflightEmulator();
    await completeBetaInfo(env);
    const build = env.demo.buildIds["3"]; // 1.1.0 (3): PROCESSING, Info.plist without ITSAppUsesNonExemptEncryption
    const steps: string[] = [];
    const result = await distributeBuild(env.client, {
      build: { app: "com.example.demo", marketingVersion: "1.1.0", buildNumber: "3" },
      groups: ["Internal Testers", "Public Beta"],
      whatToTest: { text: "Try the new settings screen." },
      usesNonExemptEncryption: false,
      wait: wait(env),
      waitForReview: true,
      onStep: (s) => steps.push(`${s.step}:${s.status}`),
    });
    expect(steps).toEqual([
      "build:already",
      "groups:already",
      "readiness:already",
      "processing:done",
      "compliance:done",
      "add-groups:done",
      "what-to-test:done",
      "submit:done",
      "review:done",
    ]);
    expect(result).toMatchObject({
      buildId: build,
      app: { id: env.demo.appId, bundleId: "com.example.demo" },
      marketingVersion: "1.1.0",
      buildNumber: "3",
      processingState: "VALID",
      internalBuildState: "IN_BETA_TESTING",
      externalBuildState: "IN_BETA_TESTING",
      submission: { betaReviewState: "APPROVED", created: true },
      dryRun: false,
    });
    const writes = env.writes().map((w) => `${w.method} ${w.path.replace(build, "{build}")}`);
    expect(writes).toEqual([
      "PATCH /v1/builds/{build}",
      "POST /v1/builds/{build}/relationships/betaGroups",
      "POST /v1/betaBuildLocalizations",
      "POST /v1/betaAppReviewSubmissions",
    ]);
    expect(env.writes()[0]!.body).toEqual({ data: { type: "builds", id: build, attributes: { usesNonExemptEncryption: false } } });
    expect((env.writes()[2]!.body as { data: { attributes: unknown } }).data.attributes).toEqual({ locale: "en-US", whatsNew: "Try the new settings screen." });
    // The wait for review used the clock, not real time.
    expect(env.clock.now()).toBeGreaterThanOrEqual(Date.parse("2025-06-02T09:00:00.000Z") + DEFAULT_BETA_REVIEW_TIMING.waitingForReviewMs + DEFAULT_BETA_REVIEW_TIMING.inReviewMs);

    // Again: everything is already done, nothing is written, the existing submission counts as success.
    env.requests.length = 0;
    const again = await distributeBuild(env.client, { build: { buildId: build }, groups: ["Internal Testers", "Public Beta"], whatToTest: { text: "Try the new settings screen." }, wait: wait(env) });
    expect(again.steps.map((s) => s.status)).toEqual(["already", "already", "already", "already", "already", "already", "already"]);
    expect(again.submission).toMatchObject({ created: false, betaReviewState: "APPROVED" });
    expect(env.writes()).toEqual([]);
  });

  it("prints the plan in a dry run and sends no writes", async () => {
    env = await startTestflightEmulator();
    await completeBetaInfo(env);
    const result = await distributeBuild(env.client, {
      build: { buildId: env.demo.buildIds["3"] },
      groups: ["Public Beta"],
      whatToTest: { text: "Notes", locale: "fr-FR" },
      dryRun: true,
      wait: wait(env),
    });
    expect(result.steps.map((s) => `${s.step}:${s.status}`)).toEqual([
      "build:already",
      "groups:already",
      "readiness:already",
      "processing:would",
      "compliance:would",
      "add-groups:would",
      "what-to-test:would",
      "submit:would",
    ]);
    expect(result.processingState).toBe("PROCESSING");
    expect(env.writes()).toEqual([]);
  });

  it("never distributes an INVALID build and names the state", async () => {
    env = await startTestflightEmulator();
    const { buildId } = env.emulator.engine.scenario.addBuild({ appId: env.demo.appId, version: "4", marketingVersion: "1.1.0", outcome: "INVALID", processingDelayMs: 0 });
    const run = distributeBuild(env.client, { build: { buildId }, groups: ["Internal Testers"], wait: wait(env) });
    await expect(run).rejects.toBeInstanceOf(FailedStateError);
    await expect(run).rejects.toThrow(/is INVALID; it cannot be distributed/);
    expect(env.writes()).toEqual([]);
  });

  it("gives up on a build still PROCESSING at the timeout, without writing", async () => {
    env = await startTestflightEmulator({ processingDelayMs: 3_600_000 });
    const run = distributeBuild(env.client, { build: { buildId: env.demo.buildIds["3"] }, groups: ["Internal Testers"], usesNonExemptEncryption: false, wait: wait(env, 10_000) });
    await expect(run).rejects.toBeInstanceOf(WaitTimeoutError);
    await expect(run).rejects.toThrow(/still PROCESSING/);
    expect(env.writes()).toEqual([]);
  });

  it("refuses a build without a compliance answer when no flag is given, naming the flag and the Info.plist key", async () => {
    env = await startTestflightEmulator();
    env.clock.advance(2000); // build 3 is VALID now, still unanswered
    const run = distributeBuild(env.client, { build: { buildId: env.demo.buildIds["3"] }, groups: ["Internal Testers"], wait: wait(env) });
    await expect(run).rejects.toMatchObject({ category: "validation", message: expect.stringContaining("ITSAppUsesNonExemptEncryption"), hint: expect.stringContaining("--uses-non-exempt-encryption false") });
    expect(env.writes()).toEqual([]);
  });

  it("refuses an unknown group, listing the app's groups", async () => {
    env = await startTestflightEmulator();
    await expect(distributeBuild(env.client, { build: { buildId: env.demo.buildIds["2"] }, groups: ["Internal Testers", "QA"], wait: wait(env) })).rejects.toMatchObject({
      category: "not_found",
      message: 'No beta group is named "QA".',
      hint: expect.stringContaining("Internal Testers (internal), Public Beta (external)"),
    });
    expect(env.writes()).toEqual([]);
  });

  it("checks readiness for external groups first and reports every missing piece", async () => {
    env = await startTestflightEmulator();
    await setBetaInfo(env.client, env.demo.appId, { localization: { locale: "en-US", description: "Demo" }, reviewDetail: { contactEmail: "ada@example.com" } });
    env.requests.length = 0;
    const error = await distributeBuild(env.client, { build: { buildId: env.demo.buildIds["2"] }, groups: ["Public Beta"], wait: wait(env) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BetaNotReadyError);
    const items = (error as BetaNotReadyError).items;
    expect(items.filter((i) => i.status === "fail").map((i) => i.id)).toEqual([
      "betaAppLocalization.en-US.feedbackEmail",
      "betaAppLocalization.en-US.privacyPolicyUrl",
      "betaAppReviewDetail.contactFirstName",
      "betaAppReviewDetail.contactLastName",
      "betaAppReviewDetail.contactPhone",
    ]);
    expect(items.find((i) => i.id === "betaAppReviewDetail.contactPhone")?.fix).toBe(`asckit testflight info set --app ${env.demo.appId} --contact-phone NUMBER`);
    expect(env.writes()).toEqual([]);
  });

  it("leaves internal groups with access to all builds alone (Apple refuses that link)", async () => {
    env = await startTestflightEmulator();
    await env.emulator.engine.data().update("betaGroups", env.demo.betaGroupIds.internal, { attributes: { hasAccessToAllBuilds: true } });
    const build = env.emulator.engine.scenario.addBuild({ appId: env.demo.appId, version: "4", marketingVersion: "1.1.0", usesNonExemptEncryption: false, processingDelayMs: 0 });
    const result = await distributeBuild(env.client, { build: { buildId: build.buildId }, groups: ["Internal Testers"], wait: wait(env) });
    expect(result.steps.find((s) => s.step === "add-groups")).toEqual({ step: "add-groups", status: "already", detail: "already available to Internal Testers" });
    expect(result.internalBuildState).toBe("IN_BETA_TESTING");
    expect(env.writes()).toEqual([]);
  });
});

describe("submitForBetaReview", () => {
  it("treats a 409 because the build was submitted meanwhile as success after re-reading", async () => {
    env = await startTestflightEmulator();
    await completeBetaInfo(env);
    const build = env.demo.buildIds["2"];
    const first = await submitForBetaReview(env.client, build);
    expect(first.created).toBe(true);
    // A caller that believes there is no submission yet (stale read) hits Apple's 409 and recovers.
    const second = await submitForBetaReview(env.client, build, { known: null });
    expect(second).toMatchObject({ created: false, submission: { id: first.submission.id } });
    expect(env.writes().filter((w) => w.method === "POST").map((w) => w.status)).toEqual([201, 409]);
  });

  it("keeps Apple's error when nothing was submitted", async () => {
    env = await startTestflightEmulator();
    const error = await submitForBetaReview(env.client, env.demo.buildIds["2"]).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 409, code: "STATE_ERROR" });
    expect((error as { associatedErrors: string[] }).associatedErrors).toContain(
      `/v1/betaAppReviewDetails/${env.demo.appId}: ENTITY_ERROR.ATTRIBUTE.REQUIRED — The beta review contact phone is required.`,
    );
  });
});
