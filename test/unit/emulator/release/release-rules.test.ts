import { describe, expect, it } from "vitest";
import { configureReview } from "../../../../src/emulator/release/index.js";
import { createReleaseHarness, DAY } from "./release-harness.js";

type H = ReturnType<typeof createReleaseHarness>;

const rel = (type: string, id: string) => ({ data: { type, id } });

async function demoVersion(h: H, versionString = "1.2.0") {
  const list = (await h.versions(h.demo.appId)).data as Array<{ id: string; attributes: Record<string, unknown> }>;
  return list.find((v) => v.attributes.versionString === versionString)!;
}

/** Makes the demo's 1.2.0 complete: a VALID 1.2.0 build, What's New, review contact, screenshots. */
async function prepare(h: H) {
  const version = await demoVersion(h);
  const build = h.engine.scenario.addBuild({ appId: h.demo.appId, version: "4", marketingVersion: "1.2.0", usesNonExemptEncryption: false, processingDelayMs: 0 });
  await h.ok("PATCH", `/v1/appStoreVersions/${version.id}/relationships/build`, rel("builds", build.buildId));
  const locs = (await h.ok("GET", `/v1/appStoreVersions/${version.id}/appStoreVersionLocalizations`)).body.data as Array<{ id: string }>;
  await h.ok("PATCH", `/v1/appStoreVersionLocalizations/${locs[0]!.id}`, { data: { type: "appStoreVersionLocalizations", id: locs[0]!.id, attributes: { whatsNew: "Widgets." } } });
  await h.ok("POST", "/v1/appStoreReviewDetails", {
    data: {
      type: "appStoreReviewDetails",
      attributes: { contactFirstName: "Ada", contactLastName: "Lovelace", contactPhone: "+1 408 555 0100", contactEmail: "ada@example.com" },
      relationships: { appStoreVersion: rel("appStoreVersions", version.id) },
    },
  });
  h.addScreenshots(locs[0]!.id);
  return { versionId: version.id, buildId: build.buildId, localizationId: locs[0]!.id };
}

async function submit(h: H, versionId: string) {
  const created = await h.ok("POST", "/v1/reviewSubmissions", { data: { type: "reviewSubmissions", attributes: { platform: "IOS" }, relationships: { app: rel("apps", h.demo.appId) } } });
  const id = created.body.data.id as string;
  await h.ok("POST", "/v1/reviewSubmissionItems", {
    data: { type: "reviewSubmissionItems", relationships: { reviewSubmission: rel("reviewSubmissions", id), appStoreVersion: rel("appStoreVersions", versionId) } },
  });
  const submitted = await h.ok("PATCH", `/v1/reviewSubmissions/${id}`, { data: { type: "reviewSubmissions", id, attributes: { submitted: true } } });
  return { id, submitted };
}

const versionState = async (h: H, id: string) => (await h.ok("GET", `/v1/appStoreVersions/${id}`)).body.data.attributes as { appVersionState: string; appStoreState: string };

describe("the demo app's App Store history", () => {
  it("has 1.0.0 live with a full listing and 1.2.0 being prepared with that listing carried over", async () => {
    const h = createReleaseHarness();
    const live = await demoVersion(h, "1.0.0");
    const next = await demoVersion(h, "1.2.0");
    expect(live.attributes).toMatchObject({ appVersionState: "READY_FOR_DISTRIBUTION", appStoreState: "READY_FOR_SALE", platform: "IOS" });
    expect(next.attributes).toMatchObject({ appVersionState: "PREPARE_FOR_SUBMISSION", appStoreState: "PREPARE_FOR_SUBMISSION", releaseType: "MANUAL", copyright: "2025 Example Inc." });
    const locs = (await h.ok("GET", `/v1/appStoreVersions/${next.id}/appStoreVersionLocalizations`)).body.data;
    expect(locs).toHaveLength(1);
    expect(locs[0].attributes).toMatchObject({ locale: "en-US", keywords: "lists,notes,reminders,productivity", whatsNew: null });
    const infos = (await h.ok("GET", `/v1/apps/${h.demo.appId}/appInfos`)).body.data.map((i: { attributes: { state: string } }) => i.attributes.state);
    expect(infos).toEqual(["READY_FOR_DISTRIBUTION", "PREPARE_FOR_SUBMISSION"]);
  });

  it("gives every app an app info with its name in the primary locale", async () => {
    const h = createReleaseHarness();
    const infos = (await h.ok("GET", `/v1/apps/${h.demo.secondAppId}/appInfos?include=appInfoLocalizations`)).body;
    expect(infos.data).toHaveLength(1);
    expect(infos.included[0].attributes).toMatchObject({ locale: "en-US", name: "Sample Widget Tools", subtitle: null });
  });
});

describe("appStoreVersions", () => {
  it("creates a version in PREPARE_FOR_SUBMISSION with Apple's defaults", async () => {
    const h = createReleaseHarness();
    const id = await h.createVersion(h.demo.secondAppId, "1.0");
    const v = (await h.ok("GET", `/v1/appStoreVersions/${id}`)).body.data.attributes;
    expect(v).toMatchObject({ versionString: "1.0", platform: "IOS", appVersionState: "PREPARE_FOR_SUBMISSION", releaseType: "AFTER_APPROVAL", reviewType: "APP_STORE", earliestReleaseDate: null, copyright: null });
  });

  it("refuses a bad version string, a second open version, a lower version and a SCHEDULED release without a date", async () => {
    const h = createReleaseHarness();
    const post = (appId: string, attributes: Record<string, unknown>) =>
      h.call("POST", "/v1/appStoreVersions", { data: { type: "appStoreVersions", attributes: { platform: "IOS", ...attributes }, relationships: { app: rel("apps", appId) } } });
    const bad = await post(h.demo.secondAppId, { versionString: "1.2.3.4" });
    expect(bad.status).toBe(409);
    expect(bad.body.errors[0]).toMatchObject({ code: "ENTITY_ERROR.ATTRIBUTE.INVALID", source: { pointer: "/data/attributes/versionString" } });
    const second = await post(h.demo.appId, { versionString: "1.3.0" });
    expect(second.status).toBe(409);
    expect(second.body.errors[0].code).toBe("ENTITY_ERROR.RELATIONSHIP.INVALID");
    expect(second.body.errors[0].detail).toContain("1.2.0 (PREPARE_FOR_SUBMISSION)");
    await h.ok("DELETE", `/v1/appStoreVersions/${(await demoVersion(h)).id}`);
    const lower = await post(h.demo.appId, { versionString: "0.9" });
    expect(lower.status).toBe(409);
    expect(lower.body.errors[0].detail).toContain("higher than the previously approved version (1.0.0)");
    const scheduled = await post(h.demo.appId, { versionString: "1.3.0", releaseType: "SCHEDULED" });
    expect(scheduled.status).toBe(409);
    expect(scheduled.body.errors[0].source.pointer).toBe("/data/attributes/earliestReleaseDate");
  });

  it("attaches only a VALID build of the same app, platform and version string", async () => {
    const h = createReleaseHarness();
    const version = await demoVersion(h);
    const link = (buildId: string) => h.call("PATCH", `/v1/appStoreVersions/${version.id}/relationships/build`, rel("builds", buildId));
    const processing = h.engine.scenario.addBuild({ appId: h.demo.appId, version: "5", marketingVersion: "1.2.0", processingDelayMs: 60_000 });
    const r1 = await link(processing.buildId);
    expect(r1.status).toBe(409);
    expect(r1.body.errors[0].detail).toContain("is PROCESSING; only a VALID build can be attached");
    const otherVersion = await link(h.demo.buildIds["1"]);
    expect(otherVersion.body.errors[0].detail).toContain("has version 1.0.0, which does not match the version string 1.2.0");
    const otherApp = h.engine.scenario.addBuild({ appId: h.demo.secondAppId, version: "1", marketingVersion: "1.2.0", processingDelayMs: 0 });
    expect((await link(otherApp.buildId)).body.errors[0].detail).toContain("belongs to another app");
    const good = h.engine.scenario.addBuild({ appId: h.demo.appId, version: "6", marketingVersion: "1.2.0", processingDelayMs: 0 });
    expect((await link(good.buildId)).status).toBe(204);
    expect((await h.ok("GET", `/v1/appStoreVersions/${version.id}/relationships/build`)).body.data).toEqual({ type: "builds", id: good.buildId });
  });
});

describe("a new version carries over the previous version's listing", () => {
  it("copies each localization (not What's New) with its processed screenshots and previews, as new resources", async () => {
    const h = createReleaseHarness();
    configureReview(h.engine, { waitingForReviewMs: 1000, inReviewMs: 1000 });
    const { versionId, localizationId } = await prepare(h);
    await h.ok("PATCH", `/v1/appStoreVersionLocalizations/${localizationId}`, { data: { type: "appStoreVersionLocalizations", id: localizationId, attributes: { promotionalText: "Now with widgets." } } });
    const data = h.engine.data(h.clock.now());
    const loc = { type: "appStoreVersionLocalizations", id: localizationId };
    const previewSet = data.create({ type: "appPreviewSets", attributes: { previewType: "IPHONE_67" }, relationships: { appStoreVersionLocalization: loc } });
    data.create({ type: "appPreviews", attributes: { fileName: "tour.mp4", fileSize: 99, mimeType: "video/mp4", videoDeliveryState: { state: "COMPLETE", errors: [], warnings: [] } }, relationships: { appPreviewSet: previewSet } });
    // An upload that never finished is not part of the published listing.
    const setId = (await h.ok("GET", `/v1/appStoreVersionLocalizations/${localizationId}/appScreenshotSets`)).body.data[0].id as string;
    data.create({ type: "appScreenshots", attributes: { fileName: "2.png", fileSize: 10, assetDeliveryState: { state: "AWAITING_UPLOAD", errors: [], warnings: [] } }, relationships: { appScreenshotSet: { type: "appScreenshotSets", id: setId } } });
    await h.ok("PATCH", `/v1/appStoreVersions/${versionId}`, { data: { type: "appStoreVersions", id: versionId, attributes: { releaseType: "AFTER_APPROVAL" } } });
    await submit(h, versionId);
    h.clock.advance(2000);
    expect((await versionState(h, versionId)).appVersionState).toBe("READY_FOR_DISTRIBUTION");

    const next = await h.createVersion(h.demo.appId, "1.3.0");
    const locs = (await h.ok("GET", `/v1/appStoreVersions/${next}/appStoreVersionLocalizations?include=appScreenshotSets,appPreviewSets`)).body;
    expect(locs.data).toHaveLength(1);
    expect(locs.data[0].id).not.toBe(localizationId);
    expect(locs.data[0].attributes).toMatchObject({ locale: "en-US", keywords: "lists,notes,reminders,productivity", promotionalText: "Now with widgets.", supportUrl: "https://example.com/demo/support", whatsNew: null });
    const shots = (await h.ok("GET", `/v1/appStoreVersionLocalizations/${locs.data[0].id}/appScreenshotSets?include=appScreenshots`)).body;
    expect(shots.data.map((s: { attributes: { screenshotDisplayType: string } }) => s.attributes.screenshotDisplayType)).toEqual(["APP_IPHONE_67"]);
    expect(shots.data[0].id).not.toBe(setId);
    expect(shots.included.map((a: { attributes: Record<string, unknown> }) => [a.attributes.fileName, (a.attributes.assetDeliveryState as { state: string }).state, a.attributes.uploadOperations])).toEqual([["1.png", "COMPLETE", null]]);
    const previews = (await h.ok("GET", `/v1/appStoreVersionLocalizations/${locs.data[0].id}/appPreviewSets?include=appPreviews`)).body;
    expect(previews.included.map((a: { attributes: Record<string, unknown> }) => a.attributes.fileName)).toEqual(["tour.mp4"]);

    // The copies are the new version's own: deleting it leaves the released version's media alone.
    await h.ok("DELETE", `/v1/appStoreVersions/${next}`);
    expect(h.engine.store.get("appScreenshotSets", shots.data[0].id)).toBeUndefined();
    expect((await h.ok("GET", `/v1/appScreenshotSets/${setId}/appScreenshots`)).body.data).toHaveLength(2);
    expect(h.engine.store.get("appPreviewSets", previewSet.id)).toBeDefined();
  });

  it("takes the platform's own previous version: a first macOS version starts empty", async () => {
    const h = createReleaseHarness();
    const mac = await h.createVersion(h.demo.appId, "1.0", { platform: "MAC_OS" });
    expect((await h.ok("GET", `/v1/appStoreVersions/${mac}/appStoreVersionLocalizations`)).body.data).toEqual([]);
  });
});

describe("listings", () => {
  it("keeps one localization per locale and enforces Apple's limits in characters", async () => {
    const h = createReleaseHarness();
    const version = await demoVersion(h);
    const post = (attributes: Record<string, unknown>) =>
      h.call("POST", "/v1/appStoreVersionLocalizations", { data: { type: "appStoreVersionLocalizations", attributes, relationships: { appStoreVersion: rel("appStoreVersions", version.id) } } });
    const dup = await post({ locale: "en-US" });
    expect(dup.status).toBe(409);
    expect(dup.body.errors[0].detail).toBe("A localization for locale 'en-US' already exists for this version.");
    const long = await post({ locale: "de-DE", keywords: "k".repeat(101) });
    expect(long.body.errors[0]).toMatchObject({ code: "ENTITY_ERROR.ATTRIBUTE.INVALID", detail: "The value for 'keywords' is 101 characters; the maximum is 100.", source: { pointer: "/data/attributes/keywords" } });
    // 100 emoji are 100 characters (code points), within the limit.
    expect((await post({ locale: "de-DE", keywords: "🚀".repeat(100) })).status).toBe(201);
    expect((await post({ locale: "xx-XX" })).body.errors[0].source.pointer).toBe("/data/attributes/locale");
    expect((await post({ locale: "fr-FR", supportUrl: "not a url" })).body.errors[0].source.pointer).toBe("/data/attributes/supportUrl");
  });

  it("locks the live app info; the editable one takes new locales", async () => {
    const h = createReleaseHarness();
    const infos = (await h.ok("GET", `/v1/apps/${h.demo.appId}/appInfos`)).body.data as Array<{ id: string; attributes: { state: string } }>;
    const post = (infoId: string) =>
      h.call("POST", "/v1/appInfoLocalizations", { data: { type: "appInfoLocalizations", attributes: { locale: "fr-FR", name: "Appli Démo" }, relationships: { appInfo: rel("appInfos", infoId) } } });
    const live = infos.find((i) => i.attributes.state === "READY_FOR_DISTRIBUTION")!;
    const editable = infos.find((i) => i.attributes.state === "PREPARE_FOR_SUBMISSION")!;
    expect((await post(live.id)).body.errors[0].code).toBe("STATE_ERROR.ENTITY_STATE_INVALID");
    expect((await post(editable.id)).status).toBe(201);
    const tooLong = await h.call("POST", "/v1/appInfoLocalizations", {
      data: { type: "appInfoLocalizations", attributes: { locale: "it", name: "x".repeat(31) }, relationships: { appInfo: rel("appInfos", editable.id) } },
    });
    expect(tooLong.body.errors[0].detail).toBe("The value for 'name' is 31 characters; the maximum is 30.");
  });
});

describe("review submissions", () => {
  it("refuses an incomplete version with every missing field in meta.associatedErrors", async () => {
    const h = createReleaseHarness();
    const version = await demoVersion(h);
    const created = await h.ok("POST", "/v1/reviewSubmissions", { data: { type: "reviewSubmissions", attributes: { platform: "IOS" }, relationships: { app: rel("apps", h.demo.appId) } } });
    expect(created.status).toBe(201);
    expect(created.body.data.attributes).toEqual({ platform: "IOS", submittedDate: null, state: "READY_FOR_REVIEW" });
    const item = await h.call("POST", "/v1/reviewSubmissionItems", {
      data: { type: "reviewSubmissionItems", relationships: { reviewSubmission: rel("reviewSubmissions", created.body.data.id), appStoreVersion: rel("appStoreVersions", version.id) } },
    });
    expect(item.status).toBe(409);
    const error = item.body.errors[0];
    expect(error.code).toBe("STATE_ERROR.ENTITY_STATE_INVALID");
    const associated = error.meta.associatedErrors as Record<string, Array<{ code: string; detail: string }>>;
    const loc = (await h.ok("GET", `/v1/appStoreVersions/${version.id}/appStoreVersionLocalizations`)).body.data[0].id;
    expect(Object.keys(associated).sort()).toEqual([`/v1/appStoreVersionLocalizations/${loc}`, `/v1/appStoreVersions/${version.id}`].sort());
    expect(associated[`/v1/appStoreVersions/${version.id}`]!.map((e) => e.code)).toEqual(["ENTITY_ERROR.RELATIONSHIP.REQUIRED", "ENTITY_ERROR.RELATIONSHIP.REQUIRED"]);
    expect(associated[`/v1/appStoreVersionLocalizations/${loc}`]!.map((e) => e.detail)).toEqual([
      "You must provide a value for the attribute 'whatsNew' with this request.",
      "Screenshots for APP_IPHONE_67 or APP_IPHONE_65 are required for en-US.",
    ]);
  });

  it("allows one open submission per app and platform", async () => {
    const h = createReleaseHarness();
    const body = { data: { type: "reviewSubmissions", attributes: { platform: "IOS" }, relationships: { app: rel("apps", h.demo.appId) } } };
    expect((await h.call("POST", "/v1/reviewSubmissions", body)).status).toBe(201);
    const second = await h.call("POST", "/v1/reviewSubmissions", body);
    expect(second.status).toBe(409);
    expect(second.body.errors[0].code).toBe("STATE_ERROR.ENTITY_STATE_INVALID");
    const mac = { data: { type: "reviewSubmissions", attributes: { platform: "MAC_OS" }, relationships: { app: rel("apps", h.demo.appId) } } };
    expect((await h.call("POST", "/v1/reviewSubmissions", mac)).status).toBe(201);
  });

  it("moves WAITING_FOR_REVIEW → IN_REVIEW → COMPLETE on the clock; a MANUAL version waits for its developer", async () => {
    const h = createReleaseHarness();
    configureReview(h.engine, { waitingForReviewMs: 60_000, inReviewMs: 120_000 });
    const { versionId } = await prepare(h);
    const { id, submitted } = await submit(h, versionId);
    expect(submitted.body.data.attributes).toMatchObject({ state: "WAITING_FOR_REVIEW", submittedDate: new Date(h.clock.now()).toISOString() });
    expect(await versionState(h, versionId)).toMatchObject({ appVersionState: "WAITING_FOR_REVIEW", appStoreState: "WAITING_FOR_REVIEW" });
    h.clock.advance(60_000);
    expect((await h.ok("GET", `/v1/reviewSubmissions/${id}`)).body.data.attributes.state).toBe("IN_REVIEW");
    expect((await versionState(h, versionId)).appVersionState).toBe("IN_REVIEW");
    h.clock.advance(120_000);
    expect((await versionState(h, versionId)).appVersionState).toBe("PENDING_DEVELOPER_RELEASE");
    const done = await h.ok("GET", `/v1/reviewSubmissions/${id}?include=items`);
    expect(done.body.data.attributes.state).toBe("COMPLETE");
    expect(done.body.included[0].attributes.state).toBe("APPROVED");
    // Only a version that waits for its developer can be released.
    const request = { data: { type: "appStoreVersionReleaseRequests", relationships: { appStoreVersion: rel("appStoreVersions", versionId) } } };
    expect((await h.call("POST", "/v1/appStoreVersionReleaseRequests", request)).status).toBe(201);
    expect(await versionState(h, versionId)).toMatchObject({ appVersionState: "READY_FOR_DISTRIBUTION", appStoreState: "READY_FOR_SALE" });
    expect((await demoVersion(h, "1.0.0")).attributes.appVersionState).toBe("REPLACED_WITH_NEW_VERSION");
    expect((await h.call("POST", "/v1/appStoreVersionReleaseRequests", request)).body.errors[0].detail).toContain("is READY_FOR_DISTRIBUTION; only a version that is PENDING_DEVELOPER_RELEASE can be released");
  });

  it("releases an AFTER_APPROVAL version at approval and a SCHEDULED one on its date", async () => {
    const h = createReleaseHarness();
    configureReview(h.engine, { waitingForReviewMs: 1000, inReviewMs: 1000 });
    const { versionId } = await prepare(h);
    const date = new Date(h.clock.now() + 3 * DAY).toISOString();
    await h.ok("PATCH", `/v1/appStoreVersions/${versionId}`, { data: { type: "appStoreVersions", id: versionId, attributes: { releaseType: "SCHEDULED", earliestReleaseDate: date } } });
    await submit(h, versionId);
    h.clock.advance(2000);
    expect((await versionState(h, versionId)).appVersionState).toBe("PENDING_APPLE_RELEASE");
    h.clock.advance(3 * DAY);
    expect((await versionState(h, versionId)).appVersionState).toBe("READY_FOR_DISTRIBUTION");

    const after = createReleaseHarness();
    configureReview(after.engine, { waitingForReviewMs: 1000, inReviewMs: 1000 });
    const other = await prepare(after);
    await after.ok("PATCH", `/v1/appStoreVersions/${other.versionId}`, { data: { type: "appStoreVersions", id: other.versionId, attributes: { releaseType: "AFTER_APPROVAL" } } });
    await submit(after, other.versionId);
    after.clock.advance(2000);
    expect((await versionState(after, other.versionId)).appVersionState).toBe("READY_FOR_DISTRIBUTION");
  });

  it("re-checks the version on submit, and a rejection leaves UNRESOLVED_ISSUES that can be resubmitted", async () => {
    const h = createReleaseHarness();
    configureReview(h.engine, { waitingForReviewMs: 1000, inReviewMs: 1000, outcome: "REJECTED" });
    const { versionId, localizationId } = await prepare(h);
    const created = await h.ok("POST", "/v1/reviewSubmissions", { data: { type: "reviewSubmissions", attributes: { platform: "IOS" }, relationships: { app: rel("apps", h.demo.appId) } } });
    const id = created.body.data.id;
    await h.ok("POST", "/v1/reviewSubmissionItems", {
      data: { type: "reviewSubmissionItems", relationships: { reviewSubmission: rel("reviewSubmissions", id), appStoreVersion: rel("appStoreVersions", versionId) } },
    });
    expect((await versionState(h, versionId)).appVersionState).toBe("READY_FOR_REVIEW");
    await h.ok("PATCH", `/v1/appStoreVersionLocalizations/${localizationId}`, { data: { type: "appStoreVersionLocalizations", id: localizationId, attributes: { description: null } } });
    const refused = await h.call("PATCH", `/v1/reviewSubmissions/${id}`, { data: { type: "reviewSubmissions", id, attributes: { submitted: true } } });
    expect(refused.status).toBe(409);
    expect(refused.body.errors[0].meta.associatedErrors[`/v1/appStoreVersionLocalizations/${localizationId}`][0].detail).toContain("'description'");
    await h.ok("PATCH", `/v1/appStoreVersionLocalizations/${localizationId}`, { data: { type: "appStoreVersionLocalizations", id: localizationId, attributes: { description: "Back." } } });
    await h.ok("PATCH", `/v1/reviewSubmissions/${id}`, { data: { type: "reviewSubmissions", id, attributes: { submitted: true } } });
    h.clock.advance(2000);
    expect((await h.ok("GET", `/v1/reviewSubmissions/${id}`)).body.data.attributes.state).toBe("UNRESOLVED_ISSUES");
    expect((await versionState(h, versionId)).appVersionState).toBe("REJECTED");
    configureReview(h.engine, { outcome: "APPROVED" });
    const again = await h.ok("PATCH", `/v1/reviewSubmissions/${id}`, { data: { type: "reviewSubmissions", id, attributes: { submitted: true } } });
    expect(again.body.data.attributes.state).toBe("WAITING_FOR_REVIEW");
    h.clock.advance(2000);
    expect((await versionState(h, versionId)).appVersionState).toBe("PENDING_DEVELOPER_RELEASE");
  });

  it("cancels through CANCELING to COMPLETE and gives the version back (DEVELOPER_REJECTED)", async () => {
    const h = createReleaseHarness();
    configureReview(h.engine, { waitingForReviewMs: 60_000, cancelingMs: 5000 });
    const { versionId } = await prepare(h);
    const { id } = await submit(h, versionId);
    const canceled = await h.ok("PATCH", `/v1/reviewSubmissions/${id}`, { data: { type: "reviewSubmissions", id, attributes: { canceled: true } } });
    expect(canceled.body.data.attributes.state).toBe("CANCELING");
    h.clock.advance(5000);
    expect((await h.ok("GET", `/v1/reviewSubmissions/${id}`)).body.data.attributes.state).toBe("COMPLETE");
    expect((await versionState(h, versionId)).appVersionState).toBe("DEVELOPER_REJECTED");
    const again = await h.call("PATCH", `/v1/reviewSubmissions/${id}`, { data: { type: "reviewSubmissions", id, attributes: { canceled: true } } });
    expect(again.status).toBe(409);
  });
});

describe("phased release", () => {
  async function released(h: H) {
    configureReview(h.engine, { waitingForReviewMs: 1000, inReviewMs: 1000 });
    const { versionId } = await prepare(h);
    const created = await h.ok("POST", "/v1/appStoreVersionPhasedReleases", {
      data: { type: "appStoreVersionPhasedReleases", relationships: { appStoreVersion: rel("appStoreVersions", versionId) } },
    });
    expect(created.body.data.attributes).toEqual({ phasedReleaseState: "INACTIVE", startDate: null, totalPauseDuration: 0, currentDayNumber: null });
    const id = created.body.data.id as string;
    await submit(h, versionId);
    h.clock.advance(2000);
    await h.ok("POST", "/v1/appStoreVersionReleaseRequests", { data: { type: "appStoreVersionReleaseRequests", relationships: { appStoreVersion: rel("appStoreVersions", versionId) } } });
    return { versionId, id };
  }
  const read = async (h: H, versionId: string) => (await h.ok("GET", `/v1/appStoreVersions/${versionId}/appStoreVersionPhasedRelease`)).body.data.attributes;
  const patch = (h: H, id: string, phasedReleaseState: string) =>
    h.call("PATCH", `/v1/appStoreVersionPhasedReleases/${id}`, { data: { type: "appStoreVersionPhasedReleases", id, attributes: { phasedReleaseState } } });

  it("starts on release and counts days from the start date, minus pauses", async () => {
    const h = createReleaseHarness();
    const { versionId, id } = await released(h);
    const start = new Date(h.clock.now()).toISOString();
    expect(await read(h, versionId)).toEqual({ phasedReleaseState: "ACTIVE", startDate: start, totalPauseDuration: 0, currentDayNumber: 1 });
    h.clock.advance(2 * DAY);
    expect((await read(h, versionId)).currentDayNumber).toBe(3);
    expect((await patch(h, id, "PAUSED")).body.data.attributes.phasedReleaseState).toBe("PAUSED");
    h.clock.advance(10 * DAY);
    expect(await read(h, versionId)).toMatchObject({ phasedReleaseState: "PAUSED", currentDayNumber: 3, totalPauseDuration: 10 });
    expect((await patch(h, id, "ACTIVE")).body.data.attributes.phasedReleaseState).toBe("ACTIVE");
    h.clock.advance(4 * DAY);
    expect(await read(h, versionId)).toMatchObject({ phasedReleaseState: "ACTIVE", currentDayNumber: 7, totalPauseDuration: 10, startDate: start });
    h.clock.advance(DAY);
    expect(await read(h, versionId)).toMatchObject({ phasedReleaseState: "COMPLETE", currentDayNumber: 7 });
    expect((await patch(h, id, "PAUSED")).status).toBe(409);
  });

  it("resumes by itself after 30 days of pause in total, and refuses illegal moves", async () => {
    const h = createReleaseHarness();
    const { versionId, id } = await released(h);
    expect((await h.call("DELETE", `/v1/appStoreVersionPhasedReleases/${id}`)).status).toBe(409);
    expect((await patch(h, id, "INACTIVE")).status).toBe(409);
    await patch(h, id, "PAUSED");
    h.clock.advance(31 * DAY);
    expect(await read(h, versionId)).toMatchObject({ phasedReleaseState: "ACTIVE", totalPauseDuration: 30, currentDayNumber: 2 });
    expect((await patch(h, id, "PAUSED")).body.errors[0].detail).toContain("maximum of 30 days");
    expect((await patch(h, id, "COMPLETE")).body.data.attributes.phasedReleaseState).toBe("COMPLETE");
  });

  it("is created INACTIVE only, for a version not yet released", async () => {
    const h = createReleaseHarness();
    const live = await demoVersion(h, "1.0.0");
    const create = (versionId: string, attributes: Record<string, unknown> = {}) =>
      h.call("POST", "/v1/appStoreVersionPhasedReleases", { data: { type: "appStoreVersionPhasedReleases", attributes, relationships: { appStoreVersion: rel("appStoreVersions", versionId) } } });
    expect((await create(live.id)).body.errors[0].detail).toContain("only be set up for a version that has not been released");
    const next = await demoVersion(h);
    expect((await create(next.id, { phasedReleaseState: "ACTIVE" })).status).toBe(409);
    expect((await create(next.id)).status).toBe(201);
    expect((await create(next.id)).body.errors[0].detail).toContain("already has a phased release");
    const id = (await read(h, next.id)) && (await h.ok("GET", `/v1/appStoreVersions/${next.id}/relationships/appStoreVersionPhasedRelease`)).body.data.id;
    expect((await patch(h, id, "ACTIVE")).body.errors[0].detail).toContain("starts when the version is released");
    expect((await h.call("DELETE", `/v1/appStoreVersionPhasedReleases/${id}`)).status).toBe(204);
  });
});
