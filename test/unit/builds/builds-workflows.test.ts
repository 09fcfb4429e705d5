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
import { getBuild, marketingVersionOf } from "../../../src/workflows/builds.js";
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
