import { afterEach, describe, expect, it } from "vitest";
import { ValidationError, type AsckitError } from "../../../src/errors/asckit-error.js";
import { applyMetadata } from "../../../src/workflows/release/metadata.js";
import { phasedReleaseForBuild, phasedReleaseStatus, setPhasedReleaseState, startPhasedRelease } from "../../../src/workflows/release/phased-release.js";
import { submitForReview } from "../../../src/workflows/release/review-submissions.js";
import { createVersion, findVersion, releaseVersion, resolveApp, updateVersion, validateVersionChangeFormats } from "../../../src/workflows/release/versions.js";
import { startReleaseHarness, stored, type ReleaseHarness } from "./release-harness.js";

const open: ReleaseHarness[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((h) => h.close()));
});
const DAY = 86_400_000;
const ref = { app: "com.example.demo", version: "1.2.0" };

async function setup() {
  const h = await startReleaseHarness();
  open.push(h);
  return h;
}

describe("versions", () => {
  it("finds a version by exact version string and platform, and asks for --app when the account has several apps", async () => {
    const h = await setup();
    const { version, app } = await findVersion(h.client, ref);
    expect(version.attributes).toMatchObject({ versionString: "1.2.0", platform: "IOS" });
    expect(app.attributes.bundleId).toBe("com.example.demo");
    await expect(findVersion(h.client, { ...ref, version: "1.2" })).rejects.toThrow('No App Store version matches "1.2 (IOS)" exactly.');
    await expect(resolveApp(h.client)).rejects.toThrow("This account has several apps: say which one.");
  });

  it("creates a version once; a second create returns it", async () => {
    const h = await setup();
    const app = await resolveApp(h.client, "com.example.widgettools");
    const first = await createVersion(h.client, { app, platform: "IOS", versionString: "2.0", releaseType: "MANUAL", copyright: "2026 Widgets" }, { now: h.clock.now() });
    expect(first.created).toBe(true);
    expect(first.version?.attributes).toMatchObject({ versionString: "2.0", releaseType: "MANUAL", copyright: "2026 Widgets", appVersionState: "PREPARE_FOR_SUBMISSION" });
    const mark = h.exchanges.length;
    const second = await createVersion(h.client, { app, platform: "IOS", versionString: "2.0", releaseType: "MANUAL" }, { now: h.clock.now() });
    expect(second.created).toBe(false);
    expect(second.version?.id).toBe(first.version?.id);
    expect(h.writesSince(mark)).toEqual([]);
    await expect(createVersion(h.client, { app, platform: "IOS", versionString: "2.1" }, { now: h.clock.now() })).rejects.toThrow(
      "Version 2.0 (PREPARE_FOR_SUBMISSION) is still open for IOS; App Store Connect allows one version in preparation per platform.",
    );
  });

  it("attaches only a VALID build of the same app and version, checked before any write", async () => {
    const h = await setup();
    const target = await findVersion(h.client, ref);
    const attach = (build: string) => updateVersion(h.client, target, { build }, { now: h.clock.now() });
    const processing = h.addBuild("1.2.0", "7", { processingDelayMs: 60_000 });
    const mark = h.exchanges.length;
    const error = (await attach(processing).catch((e: unknown) => e)) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toBe(`Build 7 (${processing}) is PROCESSING; only a VALID build can be attached to an App Store version.`);
    expect(error.hint).toBe(`Wait for it with \`asckit builds wait ${processing}\`.`);
    await expect(attach("1")).rejects.toThrow(/Build 1 \(.+\) has version 1\.0\.0, but the App Store version is 1\.2\.0\./);
    const otherApp = h.addBuild("1.2.0", "1", { appId: h.emulator.demo!.secondAppId });
    await expect(attach(otherApp)).rejects.toThrow(/belongs to another app/);
    await expect(attach("999")).rejects.toThrow('No build matches "number 999" exactly.');
    expect(h.writesSince(mark)).toEqual([]);

    const good = h.addBuild("1.2.0", "8");
    const result = await attach("8");
    expect(result.actions).toEqual([`attach build 8 (${good})`]);
    expect(result.version?.relationships.build).toMatchObject({ data: { type: "builds", id: good } });
  });

  it("changes release type and date, and never re-sends what already matches", async () => {
    const h = await setup();
    const target = await findVersion(h.client, ref);
    const date = new Date(h.clock.now() + 5 * DAY).toISOString();
    const r1 = await updateVersion(h.client, target, { releaseType: "SCHEDULED", earliestReleaseDate: date, copyright: "2026 Example Inc." }, { now: h.clock.now() });
    expect(r1.actions).toEqual(['set copyright to "2026 Example Inc."', 'set releaseType to "SCHEDULED"', `set earliestReleaseDate to "${date}"`]);
    const mark = h.exchanges.length;
    const r2 = await updateVersion(h.client, await findVersion(h.client, ref), { releaseType: "SCHEDULED", earliestReleaseDate: date }, { now: h.clock.now() });
    expect(r2.actions).toEqual(["nothing to change"]);
    expect(h.writesSince(mark)).toEqual([]);
    await updateVersion(h.client, await findVersion(h.client, ref), { releaseType: "MANUAL" }, { now: h.clock.now() });
    expect(stored(h, "appStoreVersions", target.version.id)).toMatchObject({ releaseType: "MANUAL", earliestReleaseDate: null });
  });

  it("judges a release date against the version as it is: a date alone on a SCHEDULED version, SCHEDULED alone on one with a date", async () => {
    const h = await setup();
    const date = new Date(h.clock.now() + 5 * DAY).toISOString();
    const later = new Date(h.clock.now() + 9 * DAY).toISOString();
    // The format checks need no state, so `versions update` runs them before any request; the rest needs the version.
    expect(() => validateVersionChangeFormats({ earliestReleaseDate: later }, h.clock.now())).not.toThrow();
    expect(() => validateVersionChangeFormats({ earliestReleaseDate: "2020-01-01T00:00:00Z" }, h.clock.now())).toThrow("The release date 2020-01-01T00:00:00Z is in the past.");

    // MANUAL: a date alone is refused before any write, naming the live release type.
    const mark = h.exchanges.length;
    const manual = (await updateVersion(h.client, await findVersion(h.client, ref), { earliestReleaseDate: later }, { now: h.clock.now() }).catch((e: unknown) => e)) as ValidationError;
    expect(manual).toBeInstanceOf(ValidationError);
    expect(manual.message).toBe("A release date needs --release-type SCHEDULED (version 1.2.0 is MANUAL).");
    expect(manual.category).toBe("usage");
    expect(h.writesSince(mark)).toEqual([]);

    await updateVersion(h.client, await findVersion(h.client, ref), { releaseType: "SCHEDULED", earliestReleaseDate: date }, { now: h.clock.now() });
    const moved = await updateVersion(h.client, await findVersion(h.client, ref), { earliestReleaseDate: later }, { now: h.clock.now() });
    expect(moved.actions).toEqual([`set earliestReleaseDate to "${later}"`]);
    expect(stored(h, "appStoreVersions", moved.version!.id)).toMatchObject({ releaseType: "SCHEDULED", earliestReleaseDate: later });
    const same = await updateVersion(h.client, await findVersion(h.client, ref), { releaseType: "SCHEDULED" }, { now: h.clock.now() });
    expect(same.actions).toEqual(["nothing to change"]);
  });

  it("a dry run applies the real run's state checks and returns the values the update would set", async () => {
    const h = await setup();
    const mark = h.exchanges.length;
    const live = await findVersion(h.client, { ...ref, version: "1.0.0" });
    const refused = (await updateVersion(h.client, live, { copyright: "2027 Example Inc." }, { dryRun: true, now: h.clock.now() }).catch((e: unknown) => e)) as AsckitError;
    expect(refused.message).toBe("Version 1.0.0 is READY_FOR_DISTRIBUTION and can no longer be edited.");
    expect(refused.category).toBe("conflict");

    const build = h.addBuild("1.2.0", "12");
    const target = await findVersion(h.client, ref);
    const dry = await updateVersion(h.client, target, { copyright: "2027 Example Inc.", build: "12" }, { dryRun: true, now: h.clock.now() });
    expect(dry.actions).toEqual(['set copyright to "2027 Example Inc."', `attach build 12 (${build})`]);
    expect(dry.planned).toEqual({ copyright: "2027 Example Inc.", buildId: build, buildNumber: "12", buildState: "VALID" });
    expect(h.writesSince(mark)).toEqual([]);
    expect(stored(h, "appStoreVersions", target.version.id).copyright).toBe("2025 Example Inc.");
  });

  it("releases only a version that is PENDING_DEVELOPER_RELEASE", async () => {
    const h = await setup();
    await expect(releaseVersion(h.client, await findVersion(h.client, ref))).rejects.toThrow("Version 1.2.0 is PREPARE_FOR_SUBMISSION; only a version that is PENDING_DEVELOPER_RELEASE can be released.");
    const live = await releaseVersion(h.client, await findVersion(h.client, { ...ref, version: "1.0.0" }));
    expect(live).toMatchObject({ released: false, message: "Version 1.0.0 is already released (READY_FOR_DISTRIBUTION)." });
  });
});

describe("phased release", () => {
  async function approved(h: ReleaseHarness) {
    h.review({ waitingForReviewMs: 1000, inReviewMs: 1000 });
    const target = await findVersion(h.client, ref);
    await updateVersion(h.client, target, { build: h.addBuild("1.2.0", "4") }, { now: h.clock.now() });
    await applyMetadata(h.client, ref, {
      locales: { "en-US": { whatsNew: "Widgets." } },
      review: { contactFirstName: "Ada", contactLastName: "Lovelace", contactPhone: "+1 408 555 0100", contactEmail: "ada@example.com" },
    });
    h.addScreenshots(target.version.id);
    await submitForReview(h.client, ref, {});
    h.clock.advance(2000);
    return target.version.id;
  }

  it("set up before approval waits; started on a version waiting for release, it releases over 7 days", async () => {
    const h = await setup();
    const early = await startPhasedRelease(h.client, ref);
    expect(early.phasedRelease).toMatchObject({ phasedReleaseState: "INACTIVE", rolloutPercent: 0 });
    expect(early.message).toBe("version 1.2.0 will be released in phases over 7 days once it is released (it is PREPARE_FOR_SUBMISSION).");
    const versionId = await approved(h);
    expect(stored(h, "appStoreVersions", versionId).appVersionState).toBe("PENDING_DEVELOPER_RELEASE");
    const started = await startPhasedRelease(h.client, ref);
    expect(started.message).toBe("version 1.2.0 released with a phased release: ACTIVE, day 1 of 7 (1% of automatic updates).");
    expect(started.version.appVersionState).toBe("READY_FOR_DISTRIBUTION");
    const mark = h.exchanges.length;
    const again = await startPhasedRelease(h.client, ref);
    expect(again).toMatchObject({ changed: false, message: "version 1.2.0 already has a phased release (ACTIVE)." });
    expect(h.writesSince(mark)).toEqual([]);

    h.clock.advance(3 * DAY);
    expect((await phasedReleaseStatus(h.client, ref)).message).toBe("version 1.2.0: phased release ACTIVE, day 4 of 7 (10% of automatic updates).");
    const paused = await setPhasedReleaseState(h.client, ref, "PAUSED");
    expect(paused.message).toBe("Phased release of version 1.2.0: paused on day 4 (0 of 30 pause days used).");
    expect((await setPhasedReleaseState(h.client, ref, "PAUSED")).changed).toBe(false);
    h.clock.advance(2 * DAY);
    expect((await setPhasedReleaseState(h.client, ref, "ACTIVE")).phasedRelease).toMatchObject({ phasedReleaseState: "ACTIVE", currentDayNumber: 4, totalPauseDuration: 2 });
    const done = await setPhasedReleaseState(h.client, ref, "COMPLETE");
    expect(done.phasedRelease).toMatchObject({ phasedReleaseState: "COMPLETE", rolloutPercent: 100 });
    await expect(setPhasedReleaseState(h.client, ref, "PAUSED")).rejects.toThrow("Cannot pause the phased release of version 1.2.0: it is COMPLETE.");
  });

  it("cannot pause what has not started, and explains that TestFlight builds have no phased release", async () => {
    const h = await setup();
    await expect(setPhasedReleaseState(h.client, ref, "PAUSED")).rejects.toThrow("version 1.2.0 has no phased release to pause.");
    await startPhasedRelease(h.client, ref);
    const error = (await setPhasedReleaseState(h.client, ref, "PAUSED").catch((e: unknown) => e)) as AsckitError;
    expect(error.message).toBe("Cannot pause the phased release of version 1.2.0: it is INACTIVE.");
    expect(error.hint).toBe("It starts when the version is released.");
    expect(() => phasedReleaseForBuild("42")).toThrow('Phased release applies only to App Store releases, not to TestFlight builds (got build "42").');
    try {
      phasedReleaseForBuild("42");
    } catch (e) {
      expect((e as AsckitError).category).toBe("usage");
    }
  });

  it("asks before the irreversible steps (releasing, completing) and sends nothing when the answer is no", async () => {
    const h = await setup();
    await approved(h);
    const questions: string[] = [];
    const no = async (q: string) => (questions.push(q), false);
    const mark = h.exchanges.length;
    const refused = (await startPhasedRelease(h.client, ref, { confirm: no }).catch((e: unknown) => e)) as AsckitError;
    expect(refused.message).toBe("version 1.2.0 was not released: not confirmed.");
    expect(refused.category).toBe("usage");
    expect(questions).toEqual(["Release version 1.2.0 on the App Store now, over 7 days? This cannot be undone."]);
    // Asked before any write: not even the phased release was created.
    expect(h.writesSince(mark)).toEqual([]);
    // A dry run asks nothing.
    expect((await startPhasedRelease(h.client, ref, { dryRun: true, confirm: no })).message).toBe("dry run: would create a phased release, then release version 1.2.0 so the 7-day rollout starts now.");
    expect(questions).toHaveLength(1);
    await expect(releaseVersion(h.client, await findVersion(h.client, ref), { confirm: no })).rejects.toThrow("Version 1.2.0 was not released: not confirmed.");
    expect(questions[1]).toBe("Release version 1.2.0 to everyone on the App Store now? This cannot be undone.");
    expect(h.writesSince(mark)).toEqual([]);

    const yes = async (q: string) => (questions.push(q), true);
    expect((await startPhasedRelease(h.client, ref, { confirm: yes })).changed).toBe(true);
    // Pausing can be undone: no question.
    await setPhasedReleaseState(h.client, ref, "PAUSED", { confirm: no });
    expect(questions).toHaveLength(3);
    const before = h.exchanges.length;
    await expect(setPhasedReleaseState(h.client, ref, "COMPLETE", { confirm: no })).rejects.toThrow("The phased release of version 1.2.0 was not completed: not confirmed.");
    expect(questions[3]).toBe("Release version 1.2.0 to everyone now, ending its phased release on day 1? This cannot be undone.");
    expect(h.writesSince(before)).toEqual([]);
  });

  it("a build number where a version was expected explains that phased release is for App Store releases", async () => {
    const h = await setup();
    h.addBuild("1.2.0", "40");
    const error = (await phasedReleaseStatus(h.client, { app: "com.example.demo", version: "40" }).catch((e: unknown) => e)) as AsckitError;
    expect(error.message).toBe('Phased release applies only to App Store releases, not to TestFlight builds (got build "40").');
    expect(error.category).toBe("usage");
    // Neither a version nor a build: the lookup's own answer stands.
    await expect(phasedReleaseStatus(h.client, { app: "com.example.demo", version: "41" })).rejects.toThrow('No App Store version matches "41 (IOS)" exactly.');
  });

  it("cannot be set up once the version is live", async () => {
    const h = await setup();
    await expect(startPhasedRelease(h.client, { ...ref, version: "1.0.0" })).rejects.toThrow("version 1.0.0 is READY_FOR_DISTRIBUTION; a phased release has to be set up before the version is released.");
  });
});
