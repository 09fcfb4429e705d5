import { z } from "zod";
import { ValidationError } from "../../errors/asckit-error.js";
import { callApi, validateApiCall } from "../../workflows/raw-api.js";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from "../paging.js";
import { defineTool } from "../tool-definition.js";

/** `included` beyond this is summarised by type: an agent can ask for it with fewer includes or fields. */
const INCLUDED_BUDGET_CHARS = 20_000;

type JsonApiResource = { type?: string; id?: string; attributes?: unknown; relationships?: Record<string, { data?: unknown }>; links?: unknown };

/** Resource links and relationship links are URLs an agent never needs; linkage is kept. */
function lean(resource: JsonApiResource): JsonApiResource {
  const relationships = resource.relationships
    ? Object.fromEntries(Object.entries(resource.relationships).filter(([, r]) => r?.data !== undefined).map(([name, r]) => [name, { data: r.data }]))
    : undefined;
  return {
    type: resource.type,
    id: resource.id,
    ...(resource.attributes !== undefined ? { attributes: resource.attributes } : {}),
    ...(relationships && Object.keys(relationships).length ? { relationships } : {}),
  };
}

export default defineTool({
  name: "api_get",
  title: "Read any App Store Connect API endpoint",
  description:
    "A read-only escape hatch: GET any path of Apple's App Store Connect API, checked against Apple's OpenAPI spec before it is sent (unknown paths or parameters are refused with the allowed ones). Lists come a page at a time with `nextCursor`; `links` are dropped and large `included` arrays summarised. Prefer the task tools when one fits.",
  access: "read",
  idempotent: true,
  input: {
    path: z.string().min(1).describe("The API path with ids filled in, e.g. /v1/apps/6450000001/appStoreVersions or /v1/builds."),
    query: z
      .record(z.string(), z.string())
      .optional()
      .describe('Query parameters as Apple names them, lists comma-separated, e.g. {"filter[app]": "6450000001", "fields[builds]": "version,processingState", "include": "preReleaseVersion"}.'),
    limit: z.number().int().min(1).max(MAX_PAGE_SIZE).optional().describe(`Page size for list endpoints (default ${DEFAULT_PAGE_SIZE}); ignored when query sets limit.`),
    cursor: z.string().min(1).optional().describe("The `nextCursor` from the previous call with the same path and query, for the next page."),
  },
  async run(args, ctx) {
    const query: Record<string, string> = { ...args.query };
    if (args.cursor) query.cursor = args.cursor;
    const op = validateApiCall({ method: "GET", path: args.path, query });
    if (op.response.kind === "binary" || op.response.kind === "other") {
      throw new ValidationError(`GET ${op.path} returns a file, not JSON, so api_get cannot show it.`, { category: "usage", hint: "Use a task tool for reports (reports_summary) or the asckit CLI to download files." });
    }
    const isList = op.response.kind === "collection" || op.response.kind === "linkages";
    if (isList && op.query.limit && query.limit === undefined) query.limit = String(args.limit ?? ctx.pageSize);
    const result = await callApi(await ctx.client(), { method: "GET", path: args.path, query });
    const doc = (result.document ?? {}) as { data?: JsonApiResource | JsonApiResource[]; included?: JsonApiResource[]; links?: { next?: string }; meta?: { paging?: { total?: number } } };
    const data = Array.isArray(doc.data) ? doc.data.map(lean) : doc.data ? lean(doc.data) : doc.data;
    const next = doc.links?.next ? new URL(doc.links.next).searchParams.get("cursor") ?? undefined : undefined;
    const total = doc.meta?.paging?.total;
    let included: unknown = doc.included?.map(lean);
    let includedNote: string | undefined;
    if (included && JSON.stringify(included).length > INCLUDED_BUDGET_CHARS) {
      const byType: Record<string, number> = {};
      for (const r of doc.included ?? []) byType[String(r.type)] = (byType[String(r.type)] ?? 0) + 1;
      included = undefined;
      includedNote = `included was too large to return (${JSON.stringify(byType)}); ask for fewer includes, fields[...] or a smaller limit.`;
    }
    const out: Record<string, unknown> = {
      status: result.status,
      data,
      ...(included ? { included } : {}),
      ...(includedNote ? { includedNote } : {}),
      ...(total !== undefined ? { total } : {}),
      ...(next ? { nextCursor: next } : {}),
    };
    const what = Array.isArray(data) ? `${data.length} items${total !== undefined ? ` of ${total}` : ""}` : data ? "1 resource" : "no resource";
    const summary = `GET ${args.path}: ${what}.${next ? ` More exist: call again with the same path and query and cursor "${next}".` : ""}${includedNote ? ` ${includedNote}` : ""}`;
    return { summary, data: out };
  },
});
