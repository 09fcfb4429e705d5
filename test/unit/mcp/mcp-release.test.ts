// An MCP client takes the demo's version 1.2.0 from metadata to App Review and release against the emulator.
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestEmulator, type TestEmulator } from "../../support/test-emulator.js";
import { connectMcp, dataOf, fakeClock, textOf, type Harness } from "./mcp-harness.js";

const clock = fakeClock();
let emu: TestEmulator;
let mcp: Harness;
const V = { app: "com.example.demo", version: "1.2.0" };

beforeAll(async () => {
  emu = await startTestEmulator({ now: clock.now });
  mcp = await connectMcp(emu, { clock, allowWrites: true, fetch: async () => new Response("ok") });
});
afterAll(async () => {
  await mcp?.close();
  await emu?.close();
});

type Check = { id: string; status: string; fix?: string };
type ErrorData = { error: { category: string; message: string; status?: number; code?: string; hint?: string; associatedErrors?: string[]; checklist?: Check[] } };
const errorOf = (r: CallToolResult) => {
  expect(r.isError, textOf(r)).toBe(true);
  return dataOf<ErrorData>(r).error;
};
const ok = <T = Record<string, unknown>>(r: CallToolResult) => {
  expect(r.isError, textOf(r)).toBeFalsy();
  return dataOf<T>(r);
};

/** A processed screenshot in each localization of the version, as the media upload leaves it. */
function addScreenshots(versionId: string) {
  const data = emu.emulator.engine.data(clock.now());
  for (const loc of data.relatedResources({ type: "appStoreVersions", id: versionId }, "appStoreVersionLocalizations")) {
    const set = data.create({ type: "appScreenshotSets", attributes: { screenshotDisplayType: "APP_IPHONE_67" }, relationships: { appStoreVersionLocalization: loc } });
    const shot = data.create({ type: "appScreenshots", attributes: { fileName: "home.png", fileSize: 1000 }, relationships: { appScreenshotSet: set } });
    emu.emulator.engine.store.update("appScreenshots", shot.id, {
      attributes: { uploadOperations: null, imageAsset: { templateUrl: "https://example.com/{w}x{h}bb.{f}", width: 1320, height: 2868 }, assetDeliveryState: { state: "COMPLETE", errors: [], warnings: [] } },
    });
  }
}

describe("version 1.2.0 through App Review", () => {
  let versionId: string;

  it("review_check lists what is missing, each with a fix, and sends no write", async () => {
    const report = ok<{ ok: boolean; version: { id: string }; items: Check[] }>(await mcp.call("review_check", { ...V, offline: true }));
    versionId = report.version.id;
    expect(report.ok).toBe(false);
    expect(report.items[0]!.status).toBe("fail");
    const failing = report.items.filter((i) => i.status === "fail").map((i) => i.id);
    expect(failing).toEqual(expect.arrayContaining(["build.attached", "review.contact"]));
    expect(report.items.every((i) => i.status === "pass" || i.fix)).toBe(true);
  });

  it("metadata_plan and metadata_apply send only the differences, once", async () => {
    const metadata = {
      locales: { "en-US": { whatsNew: "Faster sync and a new widget." } },
      review: { contactFirstName: "Ada", contactLastName: "Lovelace", contactPhone: "+1 408 555 0100", contactEmail: "ada@example.com", demoAccountRequired: false },
    };
    const plan = ok<{ changes: Array<{ change: string; to: unknown }>; operations: string[] }>(await mcp.call("metadata_plan", { ...V, metadata }));
    expect(plan.changes.map((c) => c.change)).toEqual(expect.arrayContaining(["en-US whatsNew", "review contactEmail"]));
    expect(plan.operations).toEqual(["update version localization en-US: whatsNew", "add App Review details: contactFirstName, contactLastName, contactPhone, contactEmail"]);
    expect(ok(await mcp.call("metadata_apply", { ...V, metadata, dryRun: true }))).toMatchObject({ dryRun: true, operations: plan.operations });
    expect(ok(await mcp.call("metadata_apply", { ...V, metadata }))).toMatchObject({ applied: plan.operations });
    const again = await mcp.call("metadata_apply", { ...V, metadata });
    expect(ok(again)).toMatchObject({ applied: [], changedFields: [] });
    expect(textOf(again)).toContain("already matches");
  });

  it("metadata over Apple's limits is refused before anything is sent", async () => {
    const error = errorOf(await mcp.call("metadata_plan", { ...V, metadata: { locales: { "en-US": { keywords: "k".repeat(101) } } } }));
    expect(error.category).toBe("validation");
    expect(error.message).toContain("keywords");
  });

  it("submitting without a build: Apple's 409 comes back with every associated error", async () => {
    const error = errorOf(await mcp.call("review_submit", { ...V, skipPreflight: true }));
    expect(error).toMatchObject({ category: "conflict", status: 409, code: "STATE_ERROR.ENTITY_STATE_INVALID" });
    expect(error.associatedErrors?.some((l) => /^\/v1\/appStoreVersions\/[0-9a-f-]+: build — .* \(ENTITY_ERROR\.RELATIONSHIP\.REQUIRED\)$/.test(l))).toBe(true);
    expect(error.hint).toContain("review_submit tool");
    const withPreflight = errorOf(await mcp.call("review_submit", { ...V, offline: true }));
    expect(withPreflight.checklist?.find((i) => i.id === "build.attached")?.status).toBe("fail");
    expect(withPreflight.hint).toContain("the review_check tool");
  });

  it("update_version attaches a VALID build; then the version is submitted, once", async () => {
    emu.emulator.engine.scenario.addBuild({ appId: emu.emulator.demo!.appId, version: "7", marketingVersion: "1.2.0", processingDelayMs: 0, usesNonExemptEncryption: false });
    addScreenshots(versionId);
    const attached = ok<{ actions: string[]; version: { buildNumber: string } }>(await mcp.call("update_version", { ...V, build: "7" }));
    expect(attached.actions[0]).toMatch(/^attach build 7 /);
    expect(attached.version.buildNumber).toBe("7");
    const check = ok<{ ok: boolean; items: Check[] }>(await mcp.call("review_check", { ...V, offline: true }));
    expect(check.items.filter((i) => i.status === "fail")).toEqual([]);
    expect(check.ok).toBe(true);

    const submitted = ok<{ submitted: boolean; created: boolean; submission: { id: string; state: string } }>(await mcp.call("review_submit", V));
    expect(submitted).toMatchObject({ submitted: true, created: true, submission: { state: "WAITING_FOR_REVIEW" } });
    const again = ok<{ alreadySubmitted: boolean }>(await mcp.call("review_submit", V));
    expect(again.alreadySubmitted).toBe(true);
    const status = ok<{ submissions: Array<{ id: string; state: string }> }>(await mcp.call("review_status", V));
    expect(status.submissions[0]).toMatchObject({ id: submitted.submission.id, state: "WAITING_FOR_REVIEW" });
  });

  it("review_cancel and release_version are destructive: refused without confirm", async () => {
    expect(errorOf(await mcp.call("review_cancel", V)).hint).toContain("confirm: true");
    const preview = ok<{ canceled: boolean; message: string }>(await mcp.call("review_cancel", { ...V, dryRun: true }));
    expect(preview).toMatchObject({ canceled: false });
    expect(preview.message).toMatch(/^dry run: would cancel submission /);
    expect(errorOf(await mcp.call("release_version", V)).hint).toContain("confirm: true");
  });

  it("once approved, release_version puts the version on the store", async () => {
    const early = errorOf(await mcp.call("release_version", { ...V, confirm: true }));
    expect(early.category).toBe("conflict");
    await clock.sleep(60_000); // App Review finishes (the emulator's review takes seconds)
    expect(ok<{ submissions: Array<{ state: string }> }>(await mcp.call("review_status", V)).submissions[0]!.state).toBe("COMPLETE");
    const released = ok<{ released: boolean; version: { appVersionState: string } }>(await mcp.call("release_version", { ...V, confirm: true }));
    expect(released.released).toBe(true);
    expect(["PROCESSING_FOR_DISTRIBUTION", "READY_FOR_DISTRIBUTION"]).toContain(released.version.appVersionState);
  });
});

describe("cancelling a submission", () => {
  it("cancels the open submission of a version when confirmed", async () => {
    const data = emu.emulator.engine.data(clock.now());
    const app = { type: "apps", id: emu.emulator.demo!.appId };
    const version = data.create({ type: "appStoreVersions", attributes: { platform: "IOS", versionString: "1.3.0", releaseType: "MANUAL", copyright: "2025 Example Inc." }, relationships: { app } });
    emu.emulator.engine.scenario.addBuild({ appId: app.id, version: "8", marketingVersion: "1.3.0", processingDelayMs: 0, usesNonExemptEncryption: false });
    const ref = { app: "com.example.demo", version: "1.3.0" };
    ok(await mcp.call("metadata_apply", { ...ref, metadata: { locales: { "en-US": { description: "Lists and notes.", keywords: "lists,notes", supportUrl: "https://example.com/support", whatsNew: "Fixes." } }, review: { contactFirstName: "Ada", contactLastName: "Lovelace", contactPhone: "+1 408 555 0100", contactEmail: "ada@example.com" } } }));
    ok(await mcp.call("update_version", { ...ref, build: "8" }));
    // No upload: 1.2.0's screenshots came over with its listing when 1.3.0 was created, as on App Store Connect.
    const [loc] = data.relatedResources(version, "appStoreVersionLocalizations");
    expect(data.relatedResources(loc!, "appScreenshotSets").map((s) => s.attributes.screenshotDisplayType)).toEqual(["APP_IPHONE_67"]);
    ok(await mcp.call("review_submit", { ...ref, offline: true }));
    const canceled = ok<{ canceled: boolean; submission: { state: string } }>(await mcp.call("review_cancel", { ...ref, confirm: true }));
    expect(canceled.canceled).toBe(true);
    expect(["CANCELING", "COMPLETE"]).toContain(canceled.submission.state);
  });
});
