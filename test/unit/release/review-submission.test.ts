import { afterEach, describe, expect, it } from "vitest";
import { createClient } from "../../../src/client/index.js";
import { createTokenProvider } from "../../../src/auth/index.js";
import { FailedStateError } from "../../../src/errors/asckit-error.js";
import { NotConfirmedError } from "../../../src/workflows/confirm.js";
import { applyMetadata } from "../../../src/workflows/release/metadata.js";
import { preflightChecks } from "../../../src/workflows/release/preflight.js";
import { readListing } from "../../../src/workflows/release/listing.js";
import {
  PreflightFailedError,
  ReviewSubmissionError,
  cancelReview,
  reviewStatus,
  submitForReview,
  waitForReview,
} from "../../../src/workflows/release/review-submissions.js";
import { findVersion, updateVersion } from "../../../src/workflows/release/versions.js";
import { startReleaseHarness, stored, type ReleaseHarness } from "./release-harness.js";
import { startUrlServer } from "./url-server.js";

const open: ReleaseHarness[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((h) => h.close()));
});

const ref = { app: "com.example.demo", version: "1.2.0" };

async function setup(options: { complete?: boolean } = { complete: true }) {
  const h = await startReleaseHarness();
  open.push(h);
  h.review({ waitingForReviewMs: 60_000, inReviewMs: 120_000 });
  const target = await findVersion(h.client, ref);
  if (options.complete) {
    await updateVersion(h.client, target, { build: h.addBuild("1.2.0", "4") }, { now: h.clock.now() });
    await applyMetadata(h.client, ref, {
      locales: { "en-US": { whatsNew: "Widgets." } },
      review: { contactFirstName: "Ada", contactLastName: "Lovelace", contactPhone: "+1 408 555 0100", contactEmail: "ada@example.com" },
    });
    h.addScreenshots(target.version.id);
  }
  return { h, versionId: target.version.id };
}

const offlinePreflight = (h: ReleaseHarness) => async () => preflightChecks(h.client, await readListing(h.client, ref), { offline: true });

const submissionsOf = (h: ReleaseHarness) =>
  h.emulator.engine
    .data(h.clock.now())
    .relatedResources({ type: "apps", id: h.demoAppId }, "reviewSubmissions")
    .map((s) => ({ id: s.id, state: s.attributes.state, items: h.emulator.engine.store.edges.targets(s, "items").length }));

const routeOf = (e: { method: string; url: string }) => `${e.method} ${new URL(e.url).pathname.replace(/\/[0-9a-f-]{36}$/, "/{id}")}`;

describe("review submit", () => {
  it("creates a submission, adds the version and submits; a re-run reports it instead of failing", async () => {
    const { h, versionId } = await setup();
    const mark = h.exchanges.length;
    const result = await submitForReview(h.client, ref, { preflight: offlinePreflight(h) });
    expect(h.writesSince(mark).map(routeOf)).toEqual(["POST /v1/reviewSubmissions", "POST /v1/reviewSubmissionItems", "PATCH /v1/reviewSubmissions/{id}"]);
    expect(result).toMatchObject({ created: true, itemAdded: true, submitted: true, alreadySubmitted: false });
    expect(result.submission).toMatchObject({ state: "WAITING_FOR_REVIEW", versionId, versionString: "1.2.0" });
    expect(stored(h, "appStoreVersions", versionId).appVersionState).toBe("WAITING_FOR_REVIEW");
    expect(result.message).toBe(`version 1.2.0 (IOS) submitted for review: submission ${result.submission!.id} is WAITING_FOR_REVIEW.`);

    const again = h.exchanges.length;
    const rerun = await submitForReview(h.client, ref, { preflight: offlinePreflight(h) });
    expect(h.writesSince(again)).toEqual([]);
    expect(rerun).toMatchObject({ alreadySubmitted: true, submitted: false });
    expect(rerun.message).toBe(`version 1.2.0 (IOS) is already submitted: submission ${result.submission!.id} is WAITING_FOR_REVIEW.`);

    // After approval, too.
    h.clock.advance(180_000);
    const approved = await submitForReview(h.client, ref, {});
    expect(approved.message).toBe(`version 1.2.0 (IOS) was already submitted and is PENDING_DEVELOPER_RELEASE (submission ${result.submission!.id}, COMPLETE).`);
  });

  it("reuses an open draft and skips adding a version that is already its item", async () => {
    const { h, versionId } = await setup();
    const data = h.emulator.engine.data(h.clock.now());
    const draft = data.create({ type: "reviewSubmissions", attributes: { platform: "IOS" }, relationships: { app: { type: "apps", id: h.demoAppId } } });
    data.create({ type: "reviewSubmissionItems", relationships: { reviewSubmission: draft, appStoreVersion: { type: "appStoreVersions", id: versionId } } });
    const mark = h.exchanges.length;
    const result = await submitForReview(h.client, ref, {});
    expect(h.writesSince(mark).map(routeOf)).toEqual(["PATCH /v1/reviewSubmissions/{id}"]);
    expect(result).toMatchObject({ created: false, itemAdded: false, submitted: true });
    expect(result.submission!.id).toBe(draft.id);
    expect(submissionsOf(h)).toEqual([{ id: draft.id, state: "WAITING_FOR_REVIEW", items: 1 }]);
  });

  it("stops on a failed preflight before any write", async () => {
    const { h } = await setup({ complete: false });
    const mark = h.exchanges.length;
    const error = (await submitForReview(h.client, ref, { preflight: offlinePreflight(h) }).catch((e: unknown) => e)) as PreflightFailedError;
    expect(error).toBeInstanceOf(PreflightFailedError);
    expect(error.category).toBe("validation");
    expect(error.items.filter((i) => i.status === "fail").map((i) => i.id)).toContain("build.attached");
    expect(h.writesSince(mark)).toEqual([]);
  });

  it("an unreachable privacy policy URL blocks the submission with no write; everything else is complete", async () => {
    const { h } = await setup();
    const web = await startUrlServer();
    try {
      await applyMetadata(h.client, ref, { locales: { "en-US": { privacyPolicyUrl: web.closedUrl, supportUrl: web.url("/support"), marketingUrl: null } } });
      const mark = h.exchanges.length;
      const preflight = async () => preflightChecks(h.client, await readListing(h.client, ref), { fetch, urlTimeoutMs: 1000 });
      const error = (await submitForReview(h.client, ref, { preflight }).catch((e: unknown) => e)) as PreflightFailedError;
      expect(error).toBeInstanceOf(PreflightFailedError);
      expect(error.items.filter((i) => i.status === "fail")).toEqual([
        { id: "url.en-US.privacyPolicyUrl", status: "fail", message: `en-US privacyPolicyUrl ${web.closedUrl} is unreachable: ECONNREFUSED.`, fix: "App Review opens this URL: publish the page or fix the address." },
      ]);
      expect(web.hits).toContain("HEAD /support");
      expect(h.writesSince(mark)).toEqual([]);
      expect(submissionsOf(h)).toEqual([]);
    } finally {
      await web.close();
    }
  });

  it("on a 409 shows every associated error and cancels the empty submission it created", async () => {
    const { h } = await setup({ complete: false });
    const error = (await submitForReview(h.client, ref, {}).catch((e: unknown) => e)) as ReviewSubmissionError;
    expect(error).toBeInstanceOf(ReviewSubmissionError);
    expect(error.category).toBe("conflict");
    expect(error.message).toMatch(/^Could not add version 1\.2\.0 \(IOS\) to review submission [0-9a-f-]+: 409 STATE_ERROR\.ENTITY_STATE_INVALID: The item cannot be added/);
    expect(error.associatedErrors).toEqual([
      expect.stringMatching(/^\/v1\/appStoreVersions\/[0-9a-f-]+: build — You must choose a build for this version .* \(ENTITY_ERROR\.RELATIONSHIP\.REQUIRED\)$/),
      expect.stringMatching(/^\/v1\/appStoreVersions\/[0-9a-f-]+: appStoreReviewDetail — App Review information is missing.* \(ENTITY_ERROR\.RELATIONSHIP\.REQUIRED\)$/),
      expect.stringMatching(/^\/v1\/appStoreVersionLocalizations\/[0-9a-f-]+: whatsNew — You must provide a value for the attribute 'whatsNew'.* \(ENTITY_ERROR\.ATTRIBUTE\.REQUIRED\)$/),
      expect.stringMatching(/^\/v1\/appStoreVersionLocalizations\/[0-9a-f-]+: appScreenshotSets — Screenshots for APP_IPHONE_67 or APP_IPHONE_65.* \(ENTITY_ERROR\.RELATIONSHIP\.REQUIRED\)$/),
    ]);
    expect(error.hint).toContain("this run created was canceled");
    expect(submissionsOf(h)).toEqual([{ id: expect.any(String), state: "COMPLETE", items: 0 }]);
  });

  it("never cancels a draft it reused", async () => {
    const { h } = await setup({ complete: false });
    const draft = h.emulator.engine.data(h.clock.now()).create({ type: "reviewSubmissions", attributes: { platform: "IOS" }, relationships: { app: { type: "apps", id: h.demoAppId } } });
    const error = (await submitForReview(h.client, ref, {}).catch((e: unknown) => e)) as ReviewSubmissionError;
    expect(error.hint).toContain("was reused and is left as it was");
    expect(submissionsOf(h)).toEqual([{ id: draft.id, state: "READY_FOR_REVIEW", items: 0 }]);
  });

  it("keeps a submission that holds the version when the submit itself fails", async () => {
    const { h } = await setup();
    h.emulator.failNext({ status: 409, method: "PATCH", path: /^\/v1\/reviewSubmissions\// });
    const error = (await submitForReview(h.client, ref, {}).catch((e: unknown) => e)) as ReviewSubmissionError;
    expect(error.message).toMatch(/^Could not submit review submission /);
    expect(error.hint).toContain("keeps version 1.2.0 (IOS) as an item");
    expect(submissionsOf(h)).toEqual([{ id: expect.any(String), state: "READY_FOR_REVIEW", items: 1 }]);
    // The next run reuses it: no second submission, no second item.
    const rerun = await submitForReview(h.client, ref, {});
    expect(rerun).toMatchObject({ created: false, itemAdded: false, submitted: true });
    expect(submissionsOf(h)).toEqual([{ id: rerun.submission!.id, state: "WAITING_FOR_REVIEW", items: 1 }]);
  });

  it("after a lost response to the create, finds the draft instead of making a second one", async () => {
    const { h } = await setup();
    let dropped = false;
    const lossy: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (!dropped && init?.method === "POST" && String(input).endsWith("/v1/reviewSubmissions")) {
        dropped = true;
        await response.arrayBuffer();
        throw new TypeError("fetch failed", { cause: Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" }) });
      }
      return response;
    };
    const key = await h.emulator.createApiKey();
    const client = createClient({
      baseUrl: h.emulator.url,
      tokenProvider: createTokenProvider({ keyId: key.keyId, issuerId: key.issuerId, privateKey: key.privateKeyPem, now: h.clock.now }),
      fetch: lossy,
      now: h.clock.now,
      sleep: h.sleep,
    });
    const result = await submitForReview(client, ref, {});
    expect(dropped).toBe(true);
    expect(result).toMatchObject({ created: true, submitted: true });
    expect(submissionsOf(h)).toHaveLength(1);
  });

  it("refuses while another version's submission is in review", async () => {
    const { h } = await setup();
    const data = h.emulator.engine.data(h.clock.now());
    const other = data.create({ type: "reviewSubmissions", attributes: { platform: "IOS" }, relationships: { app: { type: "apps", id: h.demoAppId } } });
    h.emulator.engine.store.update("reviewSubmissions", other.id, { attributes: { state: "IN_REVIEW" } });
    await expect(submitForReview(h.client, ref, {})).rejects.toThrow(`Submission ${other.id} is IN_REVIEW for IOS; App Store Connect allows one open submission per platform.`);
  });

  it("--dry-run says what it would do and writes nothing", async () => {
    const { h } = await setup();
    const mark = h.exchanges.length;
    const result = await submitForReview(h.client, ref, { dryRun: true });
    expect(result.message).toBe("dry run: would create a review submission for IOS, then add version 1.2.0 (IOS) as an item, then submit it for review.");
    expect(h.writesSince(mark)).toEqual([]);
  });
});

describe("review status, wait and cancel", () => {
  it("waits for App Review to finish, on the injected clock", async () => {
    const { h } = await setup();
    const { submission } = await submitForReview(h.client, ref, {});
    const seen: string[] = [];
    const done = await waitForReview(h.client, submission!.id, { timeoutMs: 3_600_000, intervalMs: 30_000, now: h.clock.now, sleep: h.sleep, onPoll: (s) => seen.push(s) });
    expect(done.attributes.state).toBe("COMPLETE");
    expect([...new Set(seen)]).toEqual(["WAITING_FOR_REVIEW", "IN_REVIEW", "COMPLETE"]);
    expect(seen).toHaveLength(7); // 0 s, 30 s … 180 s
    const status = await reviewStatus(h.client, ref);
    expect(status.version?.appVersionState).toBe("PENDING_DEVELOPER_RELEASE");
    expect(status.submissions.map((s) => s.state)).toEqual(["COMPLETE"]);
  });

  it("reports a rejection as a failed state", async () => {
    const { h } = await setup();
    h.review({ outcome: "REJECTED", waitingForReviewMs: 1000, inReviewMs: 1000 });
    const { submission } = await submitForReview(h.client, ref, {});
    const error = await waitForReview(h.client, submission!.id, { timeoutMs: 60_000, intervalMs: 1000, now: h.clock.now, sleep: h.sleep }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FailedStateError);
    expect((error as FailedStateError).state).toBe("UNRESOLVED_ISSUES");
    // Resubmitting reuses the returned submission.
    h.review({ outcome: "APPROVED" });
    const again = await submitForReview(h.client, ref, {});
    expect(again).toMatchObject({ created: false, itemAdded: false, submitted: true });
    expect(again.submission!.id).toBe(submission!.id);
  });

  it("cancels only after confirmation; repeating it is not an error", async () => {
    const { h, versionId } = await setup();
    h.review({ cancelingMs: 1000 });
    const { submission } = await submitForReview(h.client, ref, {});
    const mark = h.exchanges.length;
    const declined = await cancelReview(h.client, { ref }, { confirm: async () => false }).catch((e: unknown) => e);
    expect(declined).toBeInstanceOf(NotConfirmedError);
    expect(declined).toMatchObject({ category: "usage", message: `Submission ${submission!.id} was not canceled: not confirmed.` });
    expect(h.writesSince(mark)).toEqual([]);
    const questions: string[] = [];
    const result = await cancelReview(h.client, { ref }, { confirm: async (q) => (questions.push(q), true) });
    expect(questions).toEqual([`Cancel submission ${submission!.id} (version 1.2.0), which is WAITING_FOR_REVIEW? App Review will stop and the version returns to you.`]);
    expect(result.submission.state).toBe("CANCELING");
    h.clock.advance(1000);
    expect(stored(h, "appStoreVersions", versionId).appVersionState).toBe("DEVELOPER_REJECTED");
    const again = await cancelReview(h.client, { submissionId: submission!.id }, { confirm: async () => true });
    expect(again).toMatchObject({ canceled: false, message: `Submission ${submission!.id} is COMPLETE; nothing to cancel.` });
  });
});
