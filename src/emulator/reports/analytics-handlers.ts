import { createHash } from "node:crypto";
import { ApiFailure, entityError, notFound } from "../api-failure.js";
import type { ApiRequest, ApiResult, OperationHandler } from "../engine-types.js";
import type { ExtraRoute } from "../http/extra-route.js";
import { ANALYTICS_REPORTS } from "./analytics-catalog.js";
import { decodeSegmentToken, encodeSegmentToken, GRANULARITIES, instanceDates, md5Hex, segmentBytes, segmentCount, signSegment, type SegmentKey } from "./analytics-data.js";

interface ReportRequest {
  id: string;
  appId: string;
  accessType: string;
  stoppedDueToInactivity: boolean;
}

export interface AnalyticsEmulationOptions {
  /** Whether an app id exists (default: any id does). */
  appExists?: (appId: string) => boolean;
  /** The app's name for report rows (default "App <id>"). */
  appName?: (appId: string) => string | undefined;
  /** How long segment URLs stay valid (default 15 minutes). */
  urlTtlMs?: number;
}

type Json = Record<string, unknown>;

const uuidFrom = (text: string) => {
  const h = createHash("sha1").update(text).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
};
const b64 = (text: string) => Buffer.from(text).toString("base64url");
const unb64 = (text: string) => {
  try {
    return Buffer.from(text, "base64url").toString("utf8");
  } catch {
    return "";
  }
};

/**
 * The Analytics Reports API: report requests per app and access type, the reports of a request,
 * their instances per granularity and processing date, and segments whose pre-signed URLs point at
 * the emulator's storage route. Report data is generated from the ids, so only requests are state.
 */
export function createAnalyticsEmulation(options: AnalyticsEmulationOptions = {}): { handlers: Record<string, OperationHandler>; route: ExtraRoute } {
  const requests = new Map<string, ReportRequest>();
  let created = 0;
  const ttl = options.urlTtlMs ?? 15 * 60_000;
  const appName = (appId: string) => options.appName?.(appId) ?? `App ${appId}`;

  const self = (request: ApiRequest, type: string, id: string) => `${request.baseUrl}/v1/${type}/${id}`;
  const requestDoc = (request: ApiRequest, r: ReportRequest): Json => ({
    type: "analyticsReportRequests",
    id: r.id,
    attributes: { accessType: r.accessType, stoppedDueToInactivity: r.stoppedDueToInactivity },
    relationships: { reports: { links: { related: `${self(request, "analyticsReportRequests", r.id)}/reports` } } },
    links: { self: self(request, "analyticsReportRequests", r.id) },
  });
  const reportId = (r: ReportRequest, index: number) => `r${index + 1}-${r.id}`;
  const reportDoc = (request: ApiRequest, r: ReportRequest, index: number): Json => {
    const id = reportId(r, index);
    return {
      type: "analyticsReports",
      id,
      attributes: { name: ANALYTICS_REPORTS[index]!.name, category: ANALYTICS_REPORTS[index]!.category },
      relationships: { instances: { links: { related: `${self(request, "analyticsReports", id)}/instances` } } },
      links: { self: self(request, "analyticsReports", id) },
    };
  };
  const instanceId = (report: string, granularity: string, date: string) => b64(`${report}|${granularity}|${date}`);
  const instanceDoc = (request: ApiRequest, report: string, granularity: string, date: string): Json => {
    const id = instanceId(report, granularity, date);
    return {
      type: "analyticsReportInstances",
      id,
      attributes: { granularity, processingDate: date },
      relationships: { segments: { links: { related: `${self(request, "analyticsReportInstances", id)}/segments` } } },
      links: { self: self(request, "analyticsReportInstances", id) },
    };
  };
  const segmentDoc = (request: ApiRequest, instance: string, key: SegmentKey): Json => {
    const id = b64(`${instance}|${key.part}`);
    const bytes = segmentBytes(key);
    const token = encodeSegmentToken(key);
    const expires = Math.floor((request.now + ttl) / 1000);
    return {
      type: "analyticsReportSegments",
      id,
      attributes: {
        checksum: md5Hex(bytes),
        sizeInBytes: bytes.length,
        url: `${request.baseUrl}/analytics-storage/segments/${token}.gz?Expires=${expires}&Signature=${signSegment(token, expires)}`,
      },
      links: { self: self(request, "analyticsReportSegments", id) },
    };
  };

  const single = (request: ApiRequest, data: Json, status = 200): ApiResult => ({ status, body: { data, links: { self: requestUrl(request) } } });
  const collection = (request: ApiRequest, items: Json[]): ApiResult => {
    const limit = Math.min(Number(request.query.limit ?? 50) || 50, 200);
    const offset = Number(unb64(request.query.cursor ?? "") || 0) || 0;
    const page = items.slice(offset, offset + limit);
    const next = offset + limit < items.length ? requestUrl(request, { cursor: b64(String(offset + limit)) }) : undefined;
    return { status: 200, body: { data: page, links: { self: requestUrl(request), ...(next ? { next } : {}) }, meta: { paging: { total: items.length, limit } } } };
  };

  const findRequest = (id: string) => {
    const r = requests.get(id);
    if (!r) throw notFound("analyticsReportRequests", id);
    return r;
  };
  const findReport = (id: string) => {
    const m = /^r(\d+)-(.+)$/.exec(id);
    const r = m ? requests.get(m[2]!) : undefined;
    const index = m ? Number(m[1]) - 1 : -1;
    if (!r || !ANALYTICS_REPORTS[index]) throw notFound("analyticsReports", id);
    return { request: r, index, id };
  };
  const findInstance = (id: string) => {
    const [report, granularity, date] = unb64(id).split("|");
    if (!report || !granularity || !date) throw notFound("analyticsReportInstances", id);
    let found;
    try {
      found = findReport(report);
    } catch {
      throw notFound("analyticsReportInstances", id);
    }
    return { ...found, granularity, date, instance: id };
  };
  const segmentKeys = (inst: ReturnType<typeof findInstance>): SegmentKey[] => {
    const parts = segmentCount(inst.request.appId, inst.index, inst.granularity, inst.date);
    return Array.from({ length: parts }, (_, part) => ({ app: inst.request.appId, appName: appName(inst.request.appId), report: inst.index, granularity: inst.granularity, date: inst.date, part, parts }));
  };
  const listFilter = (value: string | undefined) => (value === undefined ? undefined : new Set(value.split(",")));

  const handlers: Record<string, OperationHandler> = {
    analyticsReportRequests_createInstance(request) {
      const body = request.body as { data?: { attributes?: { accessType?: string }; relationships?: { app?: { data?: { id?: string } } } } };
      const accessType = String(body.data?.attributes?.accessType ?? "");
      const appId = String(body.data?.relationships?.app?.data?.id ?? "");
      if (options.appExists && !options.appExists(appId)) {
        throw entityError("RELATIONSHIP.INVALID", `There is no resource of type 'apps' with id '${appId}'`, "/data/relationships/app");
      }
      const existing = [...requests.values()].find((r) => r.appId === appId && r.accessType === accessType && !r.stoppedDueToInactivity);
      if (existing) {
        throw new ApiFailure({
          status: 409,
          code: "ENTITY_ERROR.DUPLICATE",
          title: "The request entity already exists",
          detail: `An analytics report request with access type ${accessType} already exists for this app (${existing.id}).`,
        });
      }
      const r: ReportRequest = { id: uuidFrom(`${appId}|${accessType}|${++created}`), appId, accessType, stoppedDueToInactivity: false };
      requests.set(r.id, r);
      const data = requestDoc(request, r);
      return { status: 201, body: { data, links: { self: self(request, "analyticsReportRequests", r.id) } }, headers: { Location: self(request, "analyticsReportRequests", r.id) } };
    },
    analyticsReportRequests_getInstance: (request) => single(request, requestDoc(request, findRequest(request.params.id!))),
    analyticsReportRequests_deleteInstance(request) {
      findRequest(request.params.id!);
      requests.delete(request.params.id!);
      return { status: 204 };
    },
    apps_analyticsReportRequests_getToManyRelated(request) {
      const appId = request.params.id!;
      if (options.appExists && !options.appExists(appId)) throw notFound("apps", appId);
      const types = listFilter(request.query["filter[accessType]"]);
      const items = [...requests.values()].filter((r) => r.appId === appId && (!types || types.has(r.accessType)));
      return collection(request, items.map((r) => requestDoc(request, r)));
    },
    analyticsReportRequests_reports_getToManyRelated(request) {
      const r = findRequest(request.params.id!);
      const names = listFilter(request.query["filter[name]"]);
      const categories = listFilter(request.query["filter[category]"]);
      const items = ANALYTICS_REPORTS.map((spec, index) => ({ spec, index })).filter(({ spec }) => (!names || names.has(spec.name)) && (!categories || categories.has(spec.category)));
      return collection(request, items.map(({ index }) => reportDoc(request, r, index)));
    },
    analyticsReports_getInstance(request) {
      const found = findReport(request.params.id!);
      return single(request, reportDoc(request, found.request, found.index));
    },
    analyticsReports_instances_getToManyRelated(request) {
      const found = findReport(request.params.id!);
      const granularities = listFilter(request.query["filter[granularity]"]);
      const dates = listFilter(request.query["filter[processingDate]"]);
      const items: Json[] = [];
      for (const granularity of GRANULARITIES) {
        if (granularities && !granularities.has(granularity)) continue;
        for (const date of instanceDates(granularity, request.now)) {
          if (!dates || dates.has(date)) items.push(instanceDoc(request, found.id, granularity, date));
        }
      }
      return collection(request, items);
    },
    analyticsReportInstances_getInstance(request) {
      const inst = findInstance(request.params.id!);
      return single(request, instanceDoc(request, inst.id, inst.granularity, inst.date));
    },
    analyticsReportInstances_segments_getToManyRelated(request) {
      const inst = findInstance(request.params.id!);
      return collection(request, segmentKeys(inst).map((key) => segmentDoc(request, inst.instance, key)));
    },
    analyticsReportSegments_getInstance(request) {
      const [instance, part] = unb64(request.params.id!).split("|");
      let key: SegmentKey | undefined;
      try {
        key = instance === undefined ? undefined : segmentKeys(findInstance(instance))[Number(part)];
      } catch {
        key = undefined;
      }
      if (!key || instance === undefined) throw notFound("analyticsReportSegments", request.params.id!);
      return single(request, segmentDoc(request, instance, key));
    },
  };

  const route: ExtraRoute = {
    method: "GET",
    path: /^\/analytics-storage\/segments\/(?<token>[A-Za-z0-9_-]+)\.gz$/,
    handle(req) {
      // Pre-signed storage URLs authenticate by their signature; a bearer token is refused, as S3 does.
      if (req.headers.authorization !== undefined) return storageError(400, "InvalidArgument", "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified");
      const token = req.match.groups!.token!;
      const expires = Number(req.query.Expires);
      if (!Number.isFinite(expires) || req.query.Signature !== signSegment(token, expires)) return storageError(403, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided.");
      if (expires * 1000 < req.now) return storageError(403, "AccessDenied", "Request has expired");
      const key = decodeSegmentToken(token);
      if (!key) return storageError(404, "NoSuchKey", "The specified key does not exist.");
      return { status: 200, body: segmentBytes(key), headers: { "Content-Type": "application/octet-stream" } };
    },
  };

  return { handlers, route };
}

function storageError(status: number, code: string, message: string): ApiResult {
  return { status, body: Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`), headers: { "Content-Type": "application/xml" } };
}

function requestUrl(request: ApiRequest, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams({ ...request.query, ...extra });
  const qs = params.toString();
  return `${request.baseUrl}${request.path}${qs ? `?${qs}` : ""}`;
}
