import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBuildUpload } from "../../../src/client/resources/build-uploads.js";
import { AsckitError, FailedStateError } from "../../../src/errors/asckit-error.js";
import {
  checkBuildSlot,
  ensureExportCompliance,
  expireBuild,
  expireBuilds,
  findBuildsToExpire,
  latestBuild,
  MissingExportComplianceError,
  nextBuildNumber,
  setExportCompliance,
} from "../../../src/workflows/builds/index.js";
import { createClient } from "../../../src/client/index.js";
import { getBuild, listBuilds, marketingVersionOf } from "../../../src/workflows/builds.js";
import { waitForBuildOrUpload } from "../../../src/workflows/builds/wait-for-upload.js";
import { fakeClock, fakeTokens, json, scriptedFetch } from "../client/support/fakes.js";
import { appBundleIdOf } from "../../../src/workflows/builds/expire-builds.js";
import { START, startBuildEmulator, type BuildEmulator } from "./support/build-emulator.js";

const DAY = 86_400_000;
let emu: BuildEmulator;
let appId: string;
const ids: Record<string, string> = {};

beforeAll(async () => {
  emu = await startBuildEmulator();
  appId = emu.emulator.demo!.appId;
  const add = (version: string, marketingVersion: string, daysAgo: number, extra: object = {}) =>
    (ids[`${marketingVersion}/${version}`] = emu.emulator.engine.scenario.addBuild({ appId, version, marketingVersion, uploadedDate: new Date(START - daysAgo * DAY).toISOString(), ...extra }).buildId);
  // 2.0.9 was uploaded after 2.0.10: "latest" is by number, not by date.
  add("2.0.10", "2.0.0", 5, { usesNonExemptEncryption: false });
  add("2.0.9", "2.0.0", 4);
  add("3", "3.0.0", 100, { usesNonExemptEncryption: false });
  add("4", "3.0.0", 1, { outcome: "INVALID" });
  add("5", "3.0.0", 0, { processingDelayMs: 10 * DAY });
  // An upload in flight (not yet a build) for 2.0.0.
  await createBuildUpload(emu.client, { appId, cfBundleShortVersionString: "2.0.0", cfBundleVersion: "2.0.11", platform: "IOS" });
});
afterAll(async () => {
  await emu?.close();
});

describe("next-number and latest", () => {
  it("per version: one above the highest number, counting the upload in flight (2.0.11 → 2.0.12)", async () => {
    const n = await nextBuildNumber(emu.client, { appId, marketingVersion: "2.0.0" });
    expect(n).toMatchObject({ scope: "version", marketingVersion: "2.0.0", highest: "2.0.11", highestFrom: "upload", next: "2.0.12", builds: 2, uploadsInFlight: 1 });
  });

  it("per version without uploads, and for a version with no builds at all", async () => {
    expect(await nextBuildNumber(emu.client, { appId, marketingVersion: "1.0.0" })).toMatchObject({ highest: "2", highestFrom: "build", next: "3" });
    expect(await nextBuildNumber(emu.client, { appId, marketingVersion: "9.9.9" })).toMatchObject({ highest: undefined, next: "1", builds: 0 });
  });

  it("--global: the highest over every version (numeric, so 5 < 2.0.11)", async () => {
    const n = await nextBuildNumber(emu.client, { appId, global: true });
    expect(n).toMatchObject({ scope: "global", marketingVersion: undefined, highest: "5", highestFrom: "build", next: "6" });
  });

  it("latest per version is the highest number (2.0.10, although 2.0.9 is newer) and mentions the newer upload", async () => {
    const latest = await latestBuild(emu.client, { appId, marketingVersion: "2.0.0" });
    expect(latest.build.id).toBe(ids["2.0.0/2.0.10"]);
    expect(latest.build.attributes.version).toBe("2.0.10");
    expect(latest.newerUploads.map((u) => u.number)).toEqual(["2.0.11"]);
    expect((await latestBuild(emu.client, { appId, global: true })).build.attributes.version).toBe("5");
  });

  it("latest for a version without builds is not_found", async () => {
    const error = await latestBuild(emu.client, { appId, marketingVersion: "7.0" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AsckitError);
    expect((error as AsckitError).category).toBe("not_found");
  });

  it("the slot check reports builds and uploads in flight with the next free number", async () => {
    expect(await checkBuildSlot(emu.client, { appId, marketingVersion: "2.0.0", buildNumber: "2.0.11", platform: "IOS" })).toMatchObject({
      available: false,
      takenBy: { source: "upload", state: "AWAITING_UPLOAD" },
      nextBuildNumber: "2.0.12",
    });
    expect((await checkBuildSlot(emu.client, { appId, marketingVersion: "2.0.0", buildNumber: "2.0.9" })).takenBy).toMatchObject({ source: "build", id: ids["2.0.0/2.0.9"] });
    expect(await checkBuildSlot(emu.client, { appId, marketingVersion: "2.0.0", buildNumber: "2.0.20" })).toMatchObject({ available: true, takenBy: undefined });
  });

  it("the slot check compares as Apple does: 3.0 is build 3, and a number below the highest is not available", async () => {
    expect(await checkBuildSlot(emu.client, { appId, marketingVersion: "3.0.0", buildNumber: "3.0" })).toMatchObject({ available: false, takenBy: { source: "build", id: ids["3.0.0/3"] }, nextBuildNumber: "6" });
    const lower = await checkBuildSlot(emu.client, { appId, marketingVersion: "3.0.0", buildNumber: "4.5" });
    expect(lower).toMatchObject({ available: false, takenBy: undefined, higherInUse: { number: "5", id: ids["3.0.0/5"] }, nextBuildNumber: "6" });
  });

  it("the slot check also reads the version train: the demo's live 1.0.0 takes no more builds, even with a free number", async () => {
    const closed = await checkBuildSlot(emu.client, { appId, marketingVersion: "1.0.0", buildNumber: "9", platform: "IOS" });
    expect(closed).toMatchObject({
      available: false,
      takenBy: undefined,
      higherInUse: undefined,
      train: { open: false, reason: "closed", approved: { versionString: "1.0.0", state: "READY_FOR_DISTRIBUTION" }, suggestedVersion: "1.0.1" },
    });
    expect((await checkBuildSlot(emu.client, { appId, marketingVersion: "0.9", buildNumber: "1", platform: "IOS" })).train).toMatchObject({ open: false, reason: "lower", suggestedVersion: "1.0.1" });
    expect((await checkBuildSlot(emu.client, { appId, marketingVersion: "2.0.0", buildNumber: "2.0.20", platform: "IOS" })).train).toEqual({ open: true, reason: undefined, approved: expect.objectContaining({ versionString: "1.0.0" }), suggestedVersion: undefined });
  });
});

describe("export compliance", () => {
  it("a VALID build with the question open raises MissingExportComplianceError naming the command and the Info.plist key", async () => {
    const id = ids["2.0.0/2.0.9"]!;
    const error = await ensureExportCompliance(emu.client, id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MissingExportComplianceError);
    expect((error as AsckitError).category).toBe("validation");
    expect((error as AsckitError).message).toContain("MISSING_EXPORT_COMPLIANCE");
    expect((error as AsckitError).hint).toContain(`asckit builds compliance ${id} --uses-non-exempt-encryption false`);
    expect((error as AsckitError).hint).toContain("ITSAppUsesNonExemptEncryption");
  });

  it("ensure with an answer sends it once; the build leaves MISSING_EXPORT_COMPLIANCE", async () => {
    const id = ids["2.0.0/2.0.9"]!;
    const first = await ensureExportCompliance(emu.client, id, false);
    expect(first).toMatchObject({ changed: true, usesNonExemptEncryption: false, internalBuildState: "READY_FOR_BETA_TESTING", externalBuildState: "READY_FOR_BETA_SUBMISSION" });
    expect(marketingVersionOf(first.build)).toBe("2.0.0");
    expect(first.build.attributes.usesNonExemptEncryption).toBe(false);
    const patches = () => emu.exchanges.filter((e) => e.method === "PATCH").length;
    const before = patches();
    expect(await ensureExportCompliance(emu.client, id)).toMatchObject({ changed: false, usesNonExemptEncryption: false });
    expect(await ensureExportCompliance(emu.client, id, false)).toMatchObject({ changed: false });
    expect(patches()).toBe(before);
  });

  it("set answers, is idempotent, and refuses PROCESSING (conflict) and INVALID (failed_state) builds", async () => {
    const id = ids["2.0.0/2.0.10"]!;
    expect(await setExportCompliance(emu.client, id, false)).toMatchObject({ changed: false });
    expect(await setExportCompliance(emu.client, id, true)).toMatchObject({ changed: true, usesNonExemptEncryption: true });
    expect((await getBuild(emu.client, id)).attributes.usesNonExemptEncryption).toBe(true);
    const processing = await setExportCompliance(emu.client, ids["3.0.0/5"]!, false).catch((e: unknown) => e);
    expect((processing as AsckitError).category).toBe("conflict");
    expect((processing as AsckitError).message).toContain("still PROCESSING");
    emu.clock.advance(5000); // build 4 finishes processing as INVALID
    const invalid = await ensureExportCompliance(emu.client, ids["3.0.0/4"]!, false).catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(FailedStateError);
    expect((invalid as FailedStateError).state).toBe("INVALID");
  });
});

describe("expire", () => {
  it("finds unexpired builds older than the cutoff, oldest first, and expires them; expiring again changes nothing", async () => {
    const old = await findBuildsToExpire(emu.client, { appId, olderThanMs: 4.5 * DAY, now: emu.clock.now() });
    // 3 (100 days, already past Apple's 90-day expiry) is expired by the emulator's clock; 1 (10 days) and 2.0.10 (5 days) remain.
    expect(old.map((b) => b.attributes.version)).toEqual(["1", "2.0.10"]);
    const outcomes = await expireBuilds(emu.client, old);
    expect(outcomes.map((o) => o.result)).toEqual(["expired", "expired"]);
    expect(outcomes.map((o) => [appBundleIdOf(o.build), marketingVersionOf(o.build), o.build.attributes.expired])).toEqual([
      ["com.example.demo", "1.0.0", true],
      ["com.example.demo", "2.0.0", true],
    ]);
    expect((await getBuild(emu.client, old[0]!.id)).attributes.expired).toBe(true);
    expect(await findBuildsToExpire(emu.client, { appId, olderThanMs: 4.5 * DAY, now: emu.clock.now() })).toEqual([]);
    const again = await expireBuild(emu.client, await getBuild(emu.client, old[0]!.id));
    expect(again.result).toBe("already expired");
  });
});

describe("listBuilds matches exactly what Apple's filters match loosely", () => {
  const build = (id: string, version: string, marketingVersion: string) => ({
    type: "builds",
    id,
    attributes: { version, processingState: "VALID" },
    relationships: { preReleaseVersion: { data: { type: "preReleaseVersions", id: `prv-${marketingVersion}` } } },
  });
  const prv = (version: string) => ({ type: "preReleaseVersions", id: `prv-${version}`, attributes: { version, platform: "IOS" } });

  it("keeps only the build number and marketing version asked for, although the response has substring hits", async () => {
    // What a filter that matches substrings returns for filter[version]=1 and filter[preReleaseVersion.version]=1.2.
    const page = { data: [build("a", "1", "1.2"), build("b", "10", "1.2"), build("c", "21", "1.2"), build("d", "1", "1.2.1"), build("e", "1", "11.2")], included: [prv("1.2"), prv("1.2.1"), prv("11.2")], links: {} };
    const f = scriptedFetch([json(200, page)]);
    const clock = fakeClock();
    const client = createClient({ tokenProvider: fakeTokens(), fetch: f.fetch, now: clock.now, sleep: clock.sleep });
    const builds = await listBuilds(client, { appId: "6450000001", buildNumber: "1", marketingVersion: "1.2" });
    expect(builds.map((b) => b.id)).toEqual(["a"]);
    const query = new URL(f.requests[0]!.url).searchParams;
    expect(query.get("filter[version]")).toBe("1");
    expect(query.get("filter[preReleaseVersion.version]")).toBe("1.2");
  });
});

describe("builds wait with a buildUpload id", () => {
  it("waits for the upload to become a build, then for the build; an id that is neither is not_found", async () => {
    const { createBuildUpload } = await import("../../../src/client/resources/build-uploads.js");
    const upload = await createBuildUpload(emu.client, { appId, cfBundleShortVersionString: "4.0.0", cfBundleVersion: "1", platform: "IOS" });
    // What a commit leaves behind: the upload PROCESSING, its build due after the processing delay.
    emu.emulator.engine.store.update("buildUploads", upload.id, { attributes: { state: { state: "PROCESSING", errors: [], warnings: [], infos: [] } }, internal: { committedAt: emu.clock.now() } });
    const states: string[] = [];
    const done = await waitForBuildOrUpload(emu.client, upload.id, {
      timeoutMs: 60_000,
      intervalMs: 500,
      now: emu.clock.now,
      sleep: emu.clock.sleep,
      onUploadPoll: (state) => states.push(`upload ${state}`),
      onPoll: (state) => states.push(state),
    });
    expect(done.buildUploadId).toBe(upload.id);
    expect(done.build.attributes).toMatchObject({ version: "1", processingState: "VALID", uploadedDate: expect.any(String) });
    expect(states[0]).toBe("upload PROCESSING");
    expect(states).toContain("upload COMPLETE");
    expect(states.at(-1)).toBe("VALID");
    const missing = await waitForBuildOrUpload(emu.client, "00000000-0000-0000-0000-000000000000", { timeoutMs: 1000, intervalMs: 500, now: emu.clock.now, sleep: emu.clock.sleep }).catch((e: unknown) => e);
    expect(missing).toMatchObject({ category: "not_found", message: "No build or build upload has the id 00000000-0000-0000-0000-000000000000." });
  });
});
