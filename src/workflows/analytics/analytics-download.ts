import { createHash } from "node:crypto";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import type { AscClient, Resource } from "../../client/index.js";
import { AsckitError, ValidationError } from "../../errors/asckit-error.js";
import { redactSecrets } from "../../errors/redact.js";
import { addDays, isValidDay } from "../reports/pacific-time.js";
import { writeFileAtomically } from "../reports/write-file-atomically.js";
import { findAnalyticsReport, listReportInstances, listSegments, readableRequest, type Granularity } from "./analytics-requests.js";

/** A segment whose bytes do not match Apple's checksum, even after downloading it again. */
export class SegmentChecksumError extends AsckitError {
  constructor(message: string) {
    super(message, { category: "server", hint: "The download was corrupted on the way; run the command again." });
  }
}

export interface AnalyticsDownloadOptions {
  appId: string;
  reportName: string;
  granularity: Granularity;
  /** Processing dates, inclusive, YYYY-MM-DD. */
  from: string;
  to: string;
  dir: string;
  /** For the pre-signed segment URLs: they take no token, so they bypass the API client. */
  fetch: typeof fetch;
  sleep: (ms: number) => Promise<void>;
  onSegment?: (done: number, total: number) => void;
}

export interface AnalyticsDownloadResult {
  file: string;
  report: string;
  instances: number;
  segments: number;
  rows: number;
  bytes: number;
  /** DAILY only: processing dates in the range that have no instance (not processed yet, or never), so their data is not in the file. */
  missingDates: string[];
}

/**
 * Downloads every segment of a report's instances processed between `from` and `to`, verifies
 * each one against Apple's checksum, decompresses it, and merges them into one tab-separated file
 * per report (one header, rows in processing-date order). The file appears only when complete.
 */
export async function downloadAnalyticsReport(client: AscClient, options: AnalyticsDownloadOptions): Promise<AnalyticsDownloadResult> {
  if (!isValidDay(options.from) || !isValidDay(options.to) || options.from > options.to) {
    throw new ValidationError("--from and --to take processing dates, YYYY-MM-DD, in order.", { category: "usage", field: "--from" });
  }
  const request = await readableRequest(client, options.appId);
  const report = await findAnalyticsReport(client, request.id, options.reportName);
  const all = (await listReportInstances(client, report.id, { granularity: options.granularity })).sort((a, b) =>
    String(a.attributes.processingDate).localeCompare(String(b.attributes.processingDate)),
  );
  const instances = all.filter((i) => {
    const date = String(i.attributes.processingDate ?? "");
    return date >= options.from && date <= options.to;
  });
  const range = options.from === options.to ? `on ${options.from}` : `between ${options.from} and ${options.to}`;
  // An empty file would look like a report with no rows: say what is there instead, and write nothing.
  if (instances.length === 0) throw noInstances(options, range, all);
  const plan: Array<{ instance: Resource; segment: Resource }> = [];
  for (const instance of instances) for (const segment of await listSegments(client, instance.id)) plan.push({ instance, segment });
  if (plan.length === 0) {
    throw new AsckitError(`"${options.reportName}" has ${instances.length} ${options.granularity} instance(s) ${range}, but Apple lists no segments for them.`, {
      category: "not_available",
      hint: "Apple adds the segments when an instance is processed: try again later.",
    });
  }

  await mkdir(options.dir, { recursive: true });
  const file = path.join(options.dir, `${slug(options.reportName)}-${options.granularity.toLowerCase()}-${options.from}-${options.to}.tsv`);
  let rows = 0;
  let done = 0;
  async function* merged(): AsyncGenerator<string> {
    let header: string | undefined;
    for (const { segment } of plan) {
      const text = gunzipMaybe(await fetchSegment(segment, options)).toString("utf8");
      const lines = text.split(/\r?\n/);
      if (lines[lines.length - 1] === "") lines.pop();
      const first = lines.shift();
      if (first !== undefined) {
        if (header === undefined) {
          header = first;
          yield `${header}\n`;
        } else if (first !== header) {
          throw new AsckitError(`Segments of "${options.reportName}" have different columns; cannot merge them into one file.`, { category: "server" });
        }
      }
      rows += lines.length;
      if (lines.length) yield lines.join("\n") + "\n";
      options.onSegment?.(++done, plan.length);
    }
  }
  const { bytes } = await writeFileAtomically(file, merged());
  return { file, report: report.id, instances: instances.length, segments: plan.length, rows, bytes, missingDates: missingDailyDates(options, instances) };
}

/** The processing dates from `from` to `to` without a DAILY instance; none for other granularities (their dates are sparse). */
function missingDailyDates(options: AnalyticsDownloadOptions, instances: readonly Resource[]): string[] {
  if (options.granularity !== "DAILY") return [];
  const have = new Set(instances.map((i) => String(i.attributes.processingDate)));
  const missing: string[] = [];
  for (let day = options.from; day <= options.to; day = addDays(day, 1)) if (!have.has(day)) missing.push(day);
  return missing;
}

function noInstances(options: AnalyticsDownloadOptions, range: string, all: readonly Resource[]): AsckitError {
  const what = `No ${options.granularity} instances of "${options.reportName}" ${range}`;
  if (all.length === 0) {
    return new AsckitError(`${what}: the report has none yet.`, {
      category: "not_available",
      hint: "Apple produces the first instances a day or two after the report request was made; try again later.",
    });
  }
  const first = String(all[0]!.attributes.processingDate);
  const last = String(all[all.length - 1]!.attributes.processingDate);
  return new AsckitError(`${what}.`, {
    category: "not_found",
    hint: `Its ${options.granularity} instances have processing dates from ${first} to ${last}: pick --from and --to in that span (asckit analytics instances lists them).`,
  });
}

/** One segment, retried on network errors and 5xx, and once more when the checksum does not match. */
async function fetchSegment(segment: Resource, options: AnalyticsDownloadOptions): Promise<Buffer> {
  const url = String(segment.attributes.url ?? "");
  const expected = String(segment.attributes.checksum ?? "").toLowerCase();
  let checksumFailures = 0;
  for (let attempt = 1; ; attempt++) {
    let bytes: Buffer;
    try {
      // No Authorization header: pre-signed storage URLs refuse a second credential.
      const response = await options.fetch(url);
      if (!response.ok) {
        const retryable = response.status >= 500 || response.status === 429;
        const body = (await response.text()).slice(0, 300);
        if (retryable && attempt < 4) {
          await options.sleep(500 * 2 ** attempt);
          continue;
        }
        throw new AsckitError(`Segment ${segment.id} download failed: HTTP ${response.status}${body.includes("<Code>") ? ` (${/<Code>([^<]+)/.exec(body)?.[1]})` : ""}.`, {
          category: response.status === 403 ? "auth" : "server",
          hint: response.status === 403 ? "Segment URLs expire after a while: list the segments again and download right away." : undefined,
        });
      }
      bytes = Buffer.from(await response.arrayBuffer());
    } catch (error) {
      if (error instanceof AsckitError) throw error;
      if (attempt < 4) {
        await options.sleep(500 * 2 ** attempt);
        continue;
      }
      throw new AsckitError(redactSecrets(`Segment ${segment.id} download failed: ${(error as Error).message}`), { category: "network", cause: error });
    }
    if (expected === "" || digest(bytes, expected) === expected) {
      if (typeof segment.attributes.sizeInBytes === "number" && segment.attributes.sizeInBytes !== bytes.length && expected === "") {
        throw new SegmentChecksumError(`Segment ${segment.id} has ${bytes.length} bytes, Apple says ${segment.attributes.sizeInBytes}.`);
      }
      return bytes;
    }
    if (++checksumFailures >= 2) throw new SegmentChecksumError(`Segment ${segment.id} does not match its checksum ${expected}.`);
  }
}

/** Apple's segment checksums are MD5 hex; a 64-character one is taken as SHA-256. */
function digest(bytes: Buffer, expected: string): string {
  return createHash(expected.length === 64 ? "sha256" : "md5").update(bytes).digest("hex");
}

function gunzipMaybe(bytes: Buffer): Buffer {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes;
}

const slug = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
