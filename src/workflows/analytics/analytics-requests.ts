import type { AscClient, Resource } from "../../client/index.js";
import { resolveDocument } from "../../client/index.js";
import { AsckitError, ValidationError } from "../../errors/asckit-error.js";
import { exactlyOne } from "../exact-match.js";

export const ACCESS_TYPES = { ongoing: "ONGOING", "one-time": "ONE_TIME_SNAPSHOT" } as const;
export type AccessType = (typeof ACCESS_TYPES)[keyof typeof ACCESS_TYPES];
export const ANALYTICS_CATEGORIES = ["APP_USAGE", "APP_STORE_ENGAGEMENT", "COMMERCE", "FRAMEWORK_USAGE", "PERFORMANCE"] as const;
export const GRANULARITIES = ["DAILY", "WEEKLY", "MONTHLY"] as const;
export type Granularity = (typeof GRANULARITIES)[number];

/** `ongoing`, `one-time` or Apple's own value. */
export function parseAccessType(value: string): AccessType {
  const v = value.trim();
  const mapped = (ACCESS_TYPES as Record<string, AccessType>)[v.toLowerCase()] ?? (Object.values(ACCESS_TYPES) as string[]).find((a) => a === v.toUpperCase());
  if (!mapped) throw new ValidationError(`Unknown access type "${value}".`, { category: "usage", field: "--access", hint: "Use ongoing or one-time." });
  return mapped as AccessType;
}

export function parseGranularity(value: string): Granularity {
  const v = value.trim().toUpperCase();
  if (!(GRANULARITIES as readonly string[]).includes(v)) throw new ValidationError(`Unknown granularity "${value}".`, { category: "usage", field: "--granularity", hint: "Use DAILY, WEEKLY or MONTHLY." });
  return v as Granularity;
}

export function parseCategory(value: string): (typeof ANALYTICS_CATEGORIES)[number] {
  const v = value.trim().toUpperCase().replace(/-/g, "_");
  if (!(ANALYTICS_CATEGORIES as readonly string[]).includes(v)) throw new ValidationError(`Unknown category "${value}".`, { category: "usage", field: "--category", hint: `Use one of: ${ANALYTICS_CATEGORIES.join(", ")}.` });
  return v as (typeof ANALYTICS_CATEGORIES)[number];
}

export async function listAnalyticsRequests(client: AscClient, appId: string, accessType?: AccessType): Promise<Resource[]> {
  return client.collect(`GET /v1/apps/${encodeURIComponent(appId)}/analyticsReportRequests`, {
    query: accessType ? { "filter[accessType]": [accessType] } : {},
  });
}

/**
 * The app's report request for an access type: the existing one when there is one (Apple allows
 * one per access type, and a new request would only start over), created otherwise. A request
 * Apple stopped for inactivity is not reused.
 */
export async function ensureAnalyticsRequest(client: AscClient, options: { appId: string; accessType: AccessType; dryRun?: boolean }): Promise<{ request: Resource | undefined; created: boolean }> {
  const existing = (await listAnalyticsRequests(client, options.appId, options.accessType)).filter((r) => r.attributes.accessType === options.accessType);
  const active = existing.find((r) => r.attributes.stoppedDueToInactivity !== true);
  if (active) return { request: active, created: false };
  if (options.dryRun) return { request: undefined, created: true };
  const res = await client.request("POST /v1/analyticsReportRequests", {
    body: { data: { type: "analyticsReportRequests", attributes: { accessType: options.accessType }, relationships: { app: { data: { type: "apps", id: options.appId } } } } },
  });
  return { request: resolveDocument(res.document).data as Resource, created: true };
}

export async function listAnalyticsReports(client: AscClient, requestId: string, filter: { category?: string; name?: string } = {}): Promise<Resource[]> {
  const reports = await client.collect(`GET /v1/analyticsReportRequests/${encodeURIComponent(requestId)}/reports`, {
    query: { "filter[category]": filter.category ? [filter.category] : undefined, "filter[name]": filter.name ? [filter.name] : undefined },
  });
  // Apple's name filter is not documented as exact: decide here.
  return filter.name ? reports.filter((r) => r.attributes.name === filter.name) : reports;
}

/** The one report of a request with exactly this name. */
export async function findAnalyticsReport(client: AscClient, requestId: string, name: string): Promise<Resource> {
  const reports = await client.collect(`GET /v1/analyticsReportRequests/${encodeURIComponent(requestId)}/reports`, { query: { "filter[name]": [name] } });
  const all = reports.length ? reports : await client.collect(`GET /v1/analyticsReportRequests/${encodeURIComponent(requestId)}/reports`);
  return exactlyOne(all, (r) => r.attributes.name === name, {
    what: "analytics report",
    value: name,
    label: (r) => String(r.attributes.name),
    hint: "List the names with `asckit analytics reports --app …`.",
  });
}

export async function listReportInstances(client: AscClient, reportId: string, filter: { granularity?: Granularity; processingDate?: string } = {}): Promise<Resource[]> {
  return client.collect(`GET /v1/analyticsReports/${encodeURIComponent(reportId)}/instances`, {
    query: { "filter[granularity]": filter.granularity ? [filter.granularity] : undefined, "filter[processingDate]": filter.processingDate ? [filter.processingDate] : undefined },
  });
}

export async function listSegments(client: AscClient, instanceId: string): Promise<Resource[]> {
  return client.collect(`GET /v1/analyticsReportInstances/${encodeURIComponent(instanceId)}/segments`);
}

/** The request to read reports from: the app's ongoing one, else its one-time snapshot. */
export async function readableRequest(client: AscClient, appId: string): Promise<Resource> {
  const all = (await listAnalyticsRequests(client, appId)).filter((r) => r.attributes.stoppedDueToInactivity !== true);
  const pick = all.find((r) => r.attributes.accessType === "ONGOING") ?? all.find((r) => r.attributes.accessType === "ONE_TIME_SNAPSHOT");
  if (!pick) {
    throw new AsckitError("This app has no analytics report request yet.", {
      category: "not_found",
      hint: "Create one with `asckit analytics request --app … --access ongoing`; Apple takes a day or two to produce the first reports.",
    });
  }
  return pick;
}
