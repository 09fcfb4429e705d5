import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  downloadAnalyticsReport,
  ensureAnalyticsRequest,
  findAnalyticsReport,
  listAnalyticsReports,
  listReportInstances,
  listSegments,
  SegmentChecksumError,
} from "../../../src/workflows/analytics/index.js";
import { findApp } from "../../../src/workflows/apps.js";
import { startReportEmulator, type ReportEmulator } from "./report-emulator.js";

const NOW = Date.parse("2024-05-20T19:00:00Z");
const now = () => NOW;
let env: ReportEmulator;
let appId: string;
let dir: string;

beforeAll(async () => {
  env = await startReportEmulator(now);
  appId = (await findApp(env.client, "com.example.demo")).id;
  dir = mkdtempSync(path.join(os.tmpdir(), "asckit-analytics-"));
});
afterAll(async () => {
  await env.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("Analytics Reports API", () => {
  it("creates a request once and reuses it for the same access type", async () => {
    const first = await ensureAnalyticsRequest(env.client, { appId, accessType: "ONGOING" });
    expect(first.created).toBe(true);
    expect(first.request?.attributes).toEqual({ accessType: "ONGOING", stoppedDueToInactivity: false });
    const second = await ensureAnalyticsRequest(env.client, { appId, accessType: "ONGOING" });
    expect(second).toMatchObject({ created: false, request: { id: first.request!.id } });
    const snapshot = await ensureAnalyticsRequest(env.client, { appId, accessType: "ONE_TIME_SNAPSHOT" });
    expect(snapshot.created).toBe(true);
    expect(snapshot.request!.id).not.toBe(first.request!.id);
    const posts = env.exchanges.filter((e) => e.method === "POST" && e.url.endsWith("/v1/analyticsReportRequests"));
    expect(posts).toHaveLength(2);
  });

  it("lists reports by category, instances by granularity and date, and segments with checksums", async () => {
    const { request } = await ensureAnalyticsRequest(env.client, { appId, accessType: "ONGOING" });
    const commerce = await listAnalyticsReports(env.client, request!.id, { category: "COMMERCE" });
    expect(commerce.map((r) => r.attributes.name)).toEqual(["App Downloads Standard", "App Store Purchases Standard"]);
    const report = await findAnalyticsReport(env.client, request!.id, "App Downloads Standard");
    const daily = await listReportInstances(env.client, report.id, { granularity: "DAILY" });
    expect(daily).toHaveLength(30);
    expect(daily[0]!.attributes).toEqual({ granularity: "DAILY", processingDate: "2024-05-19" });
    const one = await listReportInstances(env.client, report.id, { granularity: "DAILY", processingDate: "2024-05-10" });
    expect(one.map((i) => i.attributes.processingDate)).toEqual(["2024-05-10"]);
    const segments = await listSegments(env.client, one[0]!.id);
    expect(segments.length).toBeGreaterThanOrEqual(1);
    expect(segments[0]!.attributes.checksum).toMatch(/^[0-9a-f]{32}$/);
    expect(segments[0]!.attributes.url).toMatch(new RegExp(`^${env.emulator.url}/analytics-storage/segments/`));
  });

  it("refuses a bearer token on a pre-signed segment URL, as storage hosts do", async () => {
    const { request } = await ensureAnalyticsRequest(env.client, { appId, accessType: "ONGOING" });
    const report = await findAnalyticsReport(env.client, request!.id, "App Sessions Standard");
    const [instance] = await listReportInstances(env.client, report.id, { granularity: "DAILY", processingDate: "2024-05-15" });
    const [segment] = await listSegments(env.client, instance!.id);
    const url = String(segment!.attributes.url);
    const withToken = await fetch(url, { headers: { Authorization: "Bearer x" } });
    expect(withToken.status).toBe(400);
    expect(await withToken.text()).toContain("<Code>InvalidArgument</Code>");
    const tampered = await fetch(url.replace(/Signature=[0-9a-f]/, "Signature=0"));
    expect(tampered.status).toBe(403);
    expect((await fetch(url)).status).toBe(200);
  });

  it("downloads every segment in range, verifies checksums and merges one file per report", async () => {
    const seen: string[] = [];
    const result = await downloadAnalyticsReport(env.client, {
      appId,
      reportName: "App Downloads Standard",
      granularity: "DAILY",
      from: "2024-05-10",
      to: "2024-05-14",
      dir,
      fetch: (async (url: string | URL | Request, init?: RequestInit) => {
        seen.push(String(url));
        expect(new Headers(init?.headers).has("authorization")).toBe(false);
        return fetch(url, init);
      }) as typeof fetch,
      sleep: async () => {},
    });
    expect(result.instances).toBe(5);
    expect(result.missingDates).toEqual([]);
    expect(result.segments).toBe(seen.length);
    expect(result.segments).toBeGreaterThan(5);
    const text = readFileSync(result.file, "utf8");
    const lines = text.trimEnd().split("\n");
    expect(lines[0]).toBe("Date\tApp Name\tApp Apple Identifier\tDownload Type\tApp Version\tDevice\tPlatform Version\tSource Type\tSource Info\tCampaign\tPage Type\tPage Title\tPre-Order\tTerritory\tCounts");
    expect(lines.filter((l) => l.startsWith("Date\t"))).toHaveLength(1);
    expect(lines.length - 1).toBe(result.rows);
    const dates = [...new Set(lines.slice(1).map((l) => l.split("\t")[0]))];
    expect(dates).toEqual(["2024-05-09", "2024-05-10", "2024-05-11", "2024-05-12", "2024-05-13"]);
    expect(path.basename(result.file)).toBe("app-downloads-standard-daily-2024-05-10-2024-05-14.tsv");
  });

  it("writes no file for a range without instances, and says which dates exist", async () => {
    const empty = path.join(dir, "empty-range");
    const attempt = downloadAnalyticsReport(env.client, {
      appId,
      reportName: "App Downloads Standard",
      granularity: "DAILY",
      from: "2024-01-01",
      to: "2024-01-07",
      dir: empty,
      fetch: (async () => {
        throw new Error("no segment should be fetched");
      }) as typeof fetch,
      sleep: async () => {},
    });
    await expect(attempt).rejects.toMatchObject({
      category: "not_found",
      message: 'No DAILY instances of "App Downloads Standard" between 2024-01-01 and 2024-01-07.',
      hint: "Its DAILY instances have processing dates from 2024-04-20 to 2024-05-19: pick --from and --to in that span (asckit analytics instances lists them).",
    });
    expect(existsSync(empty)).toBe(false);
  });

  it("downloads a corrupted segment again, and gives up without leaving a file if it stays corrupted", async () => {
    let corruptions = 0;
    const flaky = (always: boolean) =>
      (async (url: string | URL | Request, init?: RequestInit) => {
        const response = await fetch(url, init);
        const bytes = Buffer.from(await response.arrayBuffer());
        if (always || corruptions === 0) {
          corruptions++;
          bytes[bytes.length - 5] = bytes[bytes.length - 5]! ^ 0xff;
        }
        return new Response(bytes, { status: response.status });
      }) as typeof fetch;
    const options = { appId, reportName: "App Crashes", granularity: "WEEKLY" as const, from: "2024-05-13", to: "2024-05-13", dir: path.join(dir, "crashes"), sleep: async () => {} };
    const ok = await downloadAnalyticsReport(env.client, { ...options, fetch: flaky(false) });
    expect(ok.segments).toBeGreaterThan(0);
    expect(corruptions).toBe(1);
    const failing = path.join(dir, "crashes-bad");
    await expect(downloadAnalyticsReport(env.client, { ...options, dir: failing, fetch: flaky(true) })).rejects.toBeInstanceOf(SegmentChecksumError);
    expect(readdirSync(failing)).toEqual([]);
  });

  it("names the candidates when the report name does not match exactly", async () => {
    const { request } = await ensureAnalyticsRequest(env.client, { appId, accessType: "ONGOING" });
    await expect(findAnalyticsReport(env.client, request!.id, "App Downloads")).rejects.toThrow('No analytics report matches "App Downloads" exactly.');
  });
});

describe("Analytics requests for apps that do not exist", () => {
  it("refuses a request for an unknown app like Apple refuses a bad relationship", async () => {
    const error = await ensureAnalyticsRequest(env.client, { appId: "999999999", accessType: "ONGOING" }).catch((e) => e);
    expect(error.status).toBe(404);
  });
});
