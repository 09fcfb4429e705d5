// The task tools over the build-number, export-compliance, expiry and sales-summary workflows.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSummaryCache } from "../../../src/workflows/reports/summary-cache.js";
import { startTestEmulator, type TestEmulator } from "../../support/test-emulator.js";
import { connectMcp, dataOf, fakeClock, textOf, type Harness } from "./mcp-harness.js";

// Late on 20 May 2024, Pacific time: 19 May is the newest day a Sales report can exist for.
const clock = fakeClock(Date.parse("2024-05-21T02:00:00Z"));
let emu: TestEmulator;
let mcp: Harness;
let cacheDir: string;

beforeAll(async () => {
  emu = await startTestEmulator({ now: clock.now, rateLimitPerHour: 100_000 });
  cacheDir = mkdtempSync(path.join(os.tmpdir(), "asckit-mcp-reports-"));
  mcp = await connectMcp(emu, { clock, allowWrites: true, vendorNumber: "85000001", reportCache: createSummaryCache(cacheDir) });
});
afterAll(async () => {
  await mcp?.close();
  await emu?.close();
  if (cacheDir) rmSync(cacheDir, { recursive: true, force: true });
});

type ErrorData = { error: { category: string; message: string; hint?: string } };
const errorOf = (r: CallToolResult) => {
  expect(r.isError, textOf(r)).toBe(true);
  return dataOf<ErrorData>(r).error;
};
const ok = (r: CallToolResult) => {
  expect(r.isError, textOf(r)).toBeFalsy();
  return r;
};

describe("build numbers", () => {
  it("next_build_number per marketing version and over the whole app", async () => {
    const perVersion = dataOf(ok(await mcp.call("next_build_number", { app: "com.example.demo", marketingVersion: "1.0.0" })));
    expect(perVersion).toMatchObject({ appId: emu.emulator.demo!.appId, scope: "version", highest: "2", highestFrom: "build", next: "3" });
    const global = ok(await mcp.call("next_build_number", { app: "com.example.demo", global: true }));
    expect(dataOf(global)).toMatchObject({ scope: "global", highest: "3", next: "4" });
    expect(textOf(global)).toContain("Next build number: 4");
  });

  it("latest_build", async () => {
    const latest = dataOf<{ build: { id: string; version: string } }>(ok(await mcp.call("latest_build", { app: "com.example.demo", marketingVersion: "1.0.0" })));
    expect(latest.build).toMatchObject({ id: emu.emulator.demo!.buildIds["2"], version: "2" });
  });
});

describe("export compliance", () => {
  it("a PROCESSING build is refused with the wait tool as next step; once VALID it is answered", async () => {
    const added = emu.emulator.engine.scenario.addBuild({ appId: emu.emulator.demo!.appId, version: "20", marketingVersion: "1.3.0", processingDelayMs: 60_000 });
    const early = errorOf(await mcp.call("set_export_compliance", { id: added.buildId, usesNonExemptEncryption: false }));
    expect(early.message).toContain("still PROCESSING");
    expect(early.hint).toContain("wait_for_build");
    ok(await mcp.call("wait_for_build", { id: added.buildId, timeoutSeconds: 300, intervalSeconds: 30 }));
    const status = dataOf(ok(await mcp.call("build_status", { id: added.buildId })));
    expect(status).toMatchObject({ processingState: "VALID", internalBuildState: "MISSING_EXPORT_COMPLIANCE" });
    const answered = dataOf(ok(await mcp.call("set_export_compliance", { id: added.buildId, usesNonExemptEncryption: false })));
    expect(answered).toMatchObject({ changed: true, usesNonExemptEncryption: false });
    expect(answered.internalBuildState).not.toBe("MISSING_EXPORT_COMPLIANCE");
    const again = dataOf(ok(await mcp.call("set_export_compliance", { id: added.buildId, usesNonExemptEncryption: false })));
    expect(again).toMatchObject({ changed: false });
  });
});

describe("expire_builds (destructive)", () => {
  it("previews without confirm, refuses to act without it, then expires once", async () => {
    const id = emu.emulator.demo!.buildIds["1"];
    const preview = dataOf(ok(await mcp.call("expire_builds", { ids: [id], dryRun: true })));
    expect(preview).toMatchObject({ dryRun: true, wouldExpire: 1, builds: [{ id, buildNumber: "1", marketingVersion: "1.0.0" }], skippedInUse: 0 });
    const refused = errorOf(await mcp.call("expire_builds", { ids: [id] }));
    expect(refused.hint).toContain("confirm: true");
    expect(dataOf(ok(await mcp.call("get_build", { id }))).expired).toBe(false);
    const done = dataOf(ok(await mcp.call("expire_builds", { ids: [id], confirm: true })));
    expect(done).toMatchObject({ expired: 1, alreadyExpired: 0, failed: 0 });
    expect(dataOf(ok(await mcp.call("get_build", { id }))).expired).toBe(true);
    const again = dataOf(ok(await mcp.call("expire_builds", { ids: [id], confirm: true })));
    expect(again).toMatchObject({ expired: 0, alreadyExpired: 1 });
  });

  it("needs either ids or olderThanDays", async () => {
    expect(errorOf(await mcp.call("expire_builds", { dryRun: true })).message).toContain("either ids or olderThanDays");
  });

  it("leaves builds in use alone unless includeInUse, and says which and why", async () => {
    type Preview = { wouldExpire: number; builds: Array<{ buildNumber: string }>; skippedInUse: number; skipped?: Array<{ id: string; buildNumber: string; inUse: string }> };
    const build2 = emu.emulator.demo!.buildIds["2"];
    // Build 1 (10 days old) is expired already; build 2, uploaded 3 days ago, is the one version 1.0.0 ships with.
    const old = ok(await mcp.call("expire_builds", { olderThanDays: 2, app: "com.example.demo", dryRun: true }));
    expect(dataOf<Preview>(old)).toMatchObject({ wouldExpire: 0, builds: [], skippedInUse: 1, skipped: [{ id: build2, buildNumber: "2", inUse: expect.stringMatching(/^attached to App Store version 1\.0\.0 \([A-Z_]+\)$/) }] });
    expect(textOf(old)).toMatch(/1 in use left alone \(build 2: attached to App Store version 1\.0\.0 \([A-Z_]+\)\); includeInUse: true expires them too\./);
    const all = dataOf<Preview>(ok(await mcp.call("expire_builds", { olderThanDays: 2, app: "com.example.demo", dryRun: true, includeInUse: true })));
    expect(all).toMatchObject({ wouldExpire: 1, skippedInUse: 0 });
    expect(all.builds.map((b) => b.buildNumber)).toEqual(["2"]);
    // Named by id and confirmed, it is still skipped: confirm does not say the build is live.
    const byId = dataOf<{ expired: number; skippedInUse: number }>(ok(await mcp.call("expire_builds", { ids: [build2], confirm: true })));
    expect(byId).toMatchObject({ expired: 0, skippedInUse: 1 });
    expect(dataOf(ok(await mcp.call("get_build", { id: build2 }))).expired).toBe(false);
    expect(dataOf<Preview>(ok(await mcp.call("expire_builds", { ids: [build2], dryRun: true, includeInUse: true })))).toMatchObject({ wouldExpire: 1, skippedInUse: 0 });
  });
});

describe("reports_summary", () => {
  it("adds up a range by app, then answers again from the cache", async () => {
    const first = ok(await mcp.call("reports_summary", { from: "2024-05-13", to: "2024-05-19" }));
    const data = dataOf<{ totals: { units: number; converted?: number }; items: Array<{ label: string; units: number }>; convertedCurrency?: string; reportDownloads: number; daysFromCache: number }>(first);
    expect(data.items.map((g) => g.label).sort()).toEqual(["Demo App", "Sample Widget Tools"]);
    expect(data.totals.units).toBe(data.items.reduce((a, g) => a + g.units, 0));
    expect(data.totals.units).toBeGreaterThan(0);
    expect(data.convertedCurrency).toBe("USD");
    expect(data.reportDownloads).toBe(7);
    expect(textOf(first)).toMatch(/^2024-05-13 … 2024-05-19: \d+ units, proceeds /);
    const byDay = dataOf<typeof data>(ok(await mcp.call("reports_summary", { from: "2024-05-13", to: "2024-05-19", by: "day", limit: 5 })));
    expect(byDay.reportDownloads).toBe(0);
    expect(byDay.daysFromCache).toBe(7);
    expect(byDay.items.map((g) => g.label)[0]).toBe("2024-05-13");
    expect(byDay).toMatchObject({ returned: 5, nextCursor: "5" });
  });

  it("a day Apple cannot have yet, or no day at all, is refused before any request, in the tool's own terms", async () => {
    const before = emu.emulator.stats().requests;
    const error = errorOf(await mcp.call("reports_summary", { from: "2024-05-19", to: "2024-05-20" }));
    expect(error.category).toBe("usage");
    expect(error.message).toBe("to 2024-05-20 is after yesterday (2024-05-19, Pacific time): Apple has no report for it yet.");
    expect(error.hint).toBe("Use to 2024-05-19 or earlier.");
    expect(errorOf(await mcp.call("reports_summary", { to: "2024-02-30" })).message).toBe('Bad to "2024-02-30": expected a calendar day, YYYY-MM-DD.');
    expect(emu.emulator.stats().requests).toBe(before);
  });

  it("lists expired days apart and leaves them out of the totals", async () => {
    const r = ok(await mcp.call("reports_summary", { from: "2023-05-18", to: "2023-05-23", by: "day", convert: false }));
    const data = dataOf<{ expiredDays: string[]; items: Array<{ key: string; status: string; units: number }>; totals: { units: number } }>(r);
    // 20 May 2024 in Pacific time: Apple keeps a year of daily reports, through 21 May 2023.
    expect(data.expiredDays).toEqual(["2023-05-18", "2023-05-19", "2023-05-20"]);
    expect(data.items.filter((d) => d.status === "expired").map((d) => d.key)).toEqual(data.expiredDays);
    expect(data.totals.units).toBe(data.items.reduce((a, d) => a + d.units, 0));
    expect(textOf(r)).toContain("Expired at Apple (older than the year Apple keeps daily reports), not in any total: 2023-05-18 … 2023-05-20.");
  });

  it("keeps another account's cached days apart on the same server and cache", async () => {
    const other = await connectMcp(emu, { clock, vendorNumber: "85000001", reportCache: createSummaryCache(cacheDir), reportAccount: async () => "another-team" });
    try {
      const data = dataOf<{ reportDownloads: number }>(ok(await other.call("reports_summary", { from: "2024-05-13", to: "2024-05-19", convert: false })));
      expect(data.reportDownloads).toBe(7);
    } finally {
      await other.close();
    }
  });

  it("without a vendor number it says where to set one", async () => {
    const bare = await connectMcp(emu, { clock });
    try {
      expect(errorOf(await bare.call("reports_summary", {})).hint).toContain("ASC_VENDOR_NUMBER");
    } finally {
      await bare.close();
    }
  });
});
