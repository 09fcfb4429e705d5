import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { uploadBuild } from "../../../src/workflows/builds/upload-build.js";
import { DEMO_PLIST, makeIpa } from "../builds/support/make-package.js";
import { FailedStateError, WaitTimeoutError } from "../../../src/errors/asckit-error.js";
import { MissingExportComplianceError } from "../../../src/workflows/builds/export-compliance.js";
import { DEFAULT_BETA_REVIEW_TIMING } from "../../../src/emulator/testflight/index.js";
import { setBetaInfo } from "../../../src/workflows/testflight/beta-info.js";
import { submitForBetaReview } from "../../../src/workflows/testflight/beta-review.js";
import { BetaNotReadyError, distributeBuild, distributionOf, type DistributeOptions } from "../../../src/workflows/testflight/distribute.js";
import { startTestflightEmulator, type TestflightEmulator } from "./support/testflight-emulator.js";

let env: TestflightEmulator | undefined;
const tmp = mkdtempSync(path.join(os.tmpdir(), "asckit-distribute-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
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
    // Nothing was done, so there is no distribution to report.
    expect(distributionOf(await run.catch((e: unknown) => e))).toBeUndefined();
    expect(env.writes()).toEqual([]);
  });

  it("a rejection or a timeout while waiting for Beta App Review keeps its error and carries what was done", async () => {
    env = await startTestflightEmulator();
    await completeBetaInfo(env);
    const rejected = env.emulator.engine.scenario.addBuild({ appId: env.demo.appId, version: "20", marketingVersion: "1.1.0", usesNonExemptEncryption: false, processingDelayMs: 0 }).buildId;
    env.review.reject(rejected);
    const error = await distributeBuild(env.client, { build: { buildId: rejected }, groups: ["Public Beta"], waitForReview: true, wait: wait(env) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FailedStateError);
    expect(distributionOf(error)).toMatchObject({
      buildId: rejected,
      groups: [{ name: "Public Beta", kind: "external" }],
      submission: { betaReviewState: "REJECTED", created: true },
      externalBuildState: "BETA_REJECTED",
      dryRun: false,
    });
    expect(distributionOf(error)!.steps.map((s) => `${s.step}:${s.status}`)).toEqual(["build:already", "groups:already", "readiness:already", "compliance:already", "add-groups:done", "submit:done"]);

    env.review.setTiming({ waitingForReviewMs: 86_400_000 });
    const slow = env.emulator.engine.scenario.addBuild({ appId: env.demo.appId, version: "21", marketingVersion: "1.1.0", usesNonExemptEncryption: false, processingDelayMs: 0 }).buildId;
    const late = await distributeBuild(env.client, { build: { buildId: slow }, groups: ["Public Beta"], waitForReview: true, wait: { ...wait(env, 3_600_000), intervalMs: 600_000 } }).catch((e: unknown) => e);
    expect(late).toBeInstanceOf(WaitTimeoutError);
    expect(distributionOf(late)).toMatchObject({ buildId: slow, submission: { betaReviewState: "WAITING_FOR_REVIEW" }, externalBuildState: "WAITING_FOR_BETA_REVIEW" });
  });

  it("refuses a build without a compliance answer when no flag is given, naming the flag and the Info.plist key", async () => {
    env = await startTestflightEmulator();
    env.clock.advance(2000); // build 3 is VALID now, still unanswered
    const run = distributeBuild(env.client, { build: { buildId: env.demo.buildIds["3"] }, groups: ["Internal Testers"], wait: wait(env) });
    const error = await run.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MissingExportComplianceError);
    expect(error).toMatchObject({ category: "validation", message: expect.stringContaining("ITSAppUsesNonExemptEncryption") });
    const hint = (error as MissingExportComplianceError).hint!;
    expect(hint).toContain(`\`asckit builds compliance ${env.demo.buildIds["3"]} --uses-non-exempt-encryption false|true\``);
    expect(hint).toContain("--uses-non-exempt-encryption false|true here");
    expect(hint).toContain("ITSAppUsesNonExemptEncryption in the app's Info.plist");
    expect(env.writes()).toEqual([]);
  });

  it("a dry run that the real run would refuse marks those steps blocked and lists why, typed for callers", async () => {
    env = await startTestflightEmulator();
    env.clock.advance(2000); // build 3 is VALID now, still unanswered; the app has no beta information
    const result = await distributeBuild(env.client, { build: { buildId: env.demo.buildIds["3"] }, groups: ["Public Beta"], dryRun: true, wait: wait(env) });
    expect(result.steps.map((s) => `${s.step}:${s.status}`)).toEqual(["build:already", "groups:already", "readiness:blocked", "compliance:blocked", "add-groups:would", "submit:would"]);
    expect(result.steps[2]!.detail).toMatch(/^7 item\(s\) missing for Beta App Review; the real run would be refused: beta app description is missing/);
    expect(result.blockers.map((b) => b.step)).toEqual(["readiness", "compliance"]);
    expect(result.blockers[0]).toMatchObject({ message: expect.stringMatching(/^Not ready for external testing: 7 items missing/), hint: expect.stringContaining("asckit testflight info set") });
    expect(result.blockers[0]!.items!.map((i) => i.id)).toContain("betaAppReviewDetail.contactPhone");
    expect(result.blockers[1]!.hint).toContain(`asckit builds compliance ${env.demo.buildIds["3"]} --uses-non-exempt-encryption false|true`);
    expect(env.writes()).toEqual([]);

    await completeBetaInfo(env);
    const ready = await distributeBuild(env.client, { build: { buildId: env.demo.buildIds["3"] }, groups: ["Public Beta"], usesNonExemptEncryption: false, dryRun: true, wait: wait(env) });
    expect(ready.blockers).toEqual([]);
  });

  it("reads the build once before its writes: export compliance reuses it (8 requests for a VALID, answered build)", async () => {
    const e = (env = await startTestflightEmulator());
    await completeBetaInfo(e);
    const result = await distributeBuild(e.client, { build: { buildId: e.demo.buildIds["2"] }, groups: ["Internal Testers", "Public Beta"], whatToTest: { text: "Notes" }, wait: wait(e) });
    expect(result.submission?.created).toBe(true);
    const build = e.demo.buildIds["2"];
    const seen = e.requests.map((r) => `${r.method} ${r.path.replace(build, "{build}").replace(e.demo.appId, "{app}")}`);
    // The two beta information reads go in parallel, in either order.
    expect(seen.slice(2, 4).sort()).toEqual(["GET /v1/apps/{app}/betaAppLocalizations", "GET /v1/apps/{app}/betaAppReviewDetail"]);
    expect(seen).toEqual([
      "GET /v1/builds/{build}",
      "GET /v1/apps/{app}/betaGroups",
      seen[2],
      seen[3],
      "POST /v1/builds/{build}/relationships/betaGroups",
      "POST /v1/betaBuildLocalizations",
      "POST /v1/betaAppReviewSubmissions",
      "GET /v1/builds/{build}",
    ]);
  });

  it("by numbers right after an upload without waiting: waits for the build to appear, then distributes it", async () => {
    env = await startTestflightEmulator();
    const e = env;
    const upload = async (buildNumber: string) => {
      const file = path.join(tmp, `${buildNumber}.ipa`);
      writeFileSync(file, await makeIpa({ plist: { ...DEMO_PLIST, CFBundleVersion: buildNumber }, fillerBytes: 1000 }));
      return uploadBuild(e.client, { file, now: e.clock.now, sleep: e.clock.sleep });
    };
    const first = await upload("7");
    expect(first).toMatchObject({ uploadState: "PROCESSING", buildId: undefined });
    const ref = (buildNumber: string) => ({ app: "com.example.demo", marketingVersion: "1.2.0", buildNumber });

    // A dry run does not wait: it says the build is on its way.
    await expect(distributeBuild(e.client, { build: ref("7"), groups: ["Internal Testers"], dryRun: true, wait: wait(e) })).rejects.toMatchObject({
      category: "conflict",
      message: `Build 1.2.0 (7) of com.example.demo does not exist yet: its buildUpload ${first.buildUploadId} is PROCESSING. A real run waits for it (within --timeout); a dry run does not.`,
      hint: `Wait for it with \`asckit builds wait ${first.buildUploadId}\`, then run this again.`,
    });
    const polls: string[] = [];
    const steps: string[] = [];
    const result = await distributeBuild(e.client, {
      build: ref("7"),
      groups: ["Internal Testers"],
      wait: { ...wait(e), onPoll: (state) => polls.push(state) },
      onStep: (s) => steps.push(`${s.step}:${s.status}`),
    });
    expect(steps.slice(0, 2)).toEqual(["upload:done", "build:already"]);
    expect(polls[0]).toBe("upload PROCESSING");
    expect(result).toMatchObject({ buildNumber: "7", processingState: "VALID", internalBuildState: "IN_BETA_TESTING" });

    // Nothing by those numbers at all: said plainly.
    await expect(distributeBuild(e.client, { build: ref("99"), groups: ["Internal Testers"], wait: wait(e) })).rejects.toMatchObject({
      category: "not_found",
      message: "There is no build 1.2.0 (99) of com.example.demo, and no upload of it either.",
    });
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
      `/v1/betaAppReviewDetails/${env.demo.appId}: contactPhone — The beta review contact phone is required. (ENTITY_ERROR.ATTRIBUTE.REQUIRED)`,
    );
  });
});
