import type { AscClient, Resource } from "../../client/index.js";
import { AscApiError, NetworkError, resolveDocument } from "../../client/index.js";
import { AsckitError } from "../../errors/asckit-error.js";
import { normalise } from "./metadata-model.js";
import type { MetadataPlan, PlannedOperation } from "./metadata-plan.js";

/** Metadata apply stopped part-way; what was sent before stays applied and a re-run finishes the rest. */
export class MetadataApplyError extends AsckitError {
  readonly applied: number;
  readonly total: number;
  /** Apple's nested reasons, when the failure was a 409 that had them. */
  readonly associatedErrors: readonly string[];
  constructor(applied: number, total: number, cause: unknown) {
    const inner = cause instanceof Error ? cause.message : String(cause);
    super(`metadata apply stopped after ${applied} of ${total} changes: ${inner}`, {
      category: cause instanceof AsckitError ? cause.category : "internal",
      cause,
      hint: `${applied ? "The changes already sent are kept. " : ""}Fix the cause if needed and run the same command again: it re-reads App Store Connect and sends only what is still different.`,
    });
    this.applied = applied;
    this.total = total;
    this.associatedErrors = cause instanceof AscApiError ? cause.associatedErrors : [];
  }
}

export interface ApplyOptions {
  onProgress?: (done: number, total: number, label: string) => void;
}

export interface ApplyResult {
  applied: PlannedOperation[];
  /** Operations whose response was lost but which were found applied (or finished) on re-reading. */
  recovered: number;
}

const ROUTES = {
  updateVersion: "appStoreVersions",
  createAppInfoLocalization: "appInfoLocalizations",
  updateAppInfoLocalization: "appInfoLocalizations",
  createVersionLocalization: "appStoreVersionLocalizations",
  updateVersionLocalization: "appStoreVersionLocalizations",
  createReviewDetail: "appStoreReviewDetails",
  updateReviewDetail: "appStoreReviewDetails",
} as const;

const PARENT = {
  createAppInfoLocalization: { rel: "appInfo", type: "appInfos" },
  createVersionLocalization: { rel: "appStoreVersion", type: "appStoreVersions" },
  createReviewDetail: { rel: "appStoreVersion", type: "appStoreVersions" },
} as const;

async function send(client: AscClient, op: PlannedOperation): Promise<void> {
  const type = ROUTES[op.kind];
  if (op.kind === "createAppInfoLocalization" || op.kind === "createVersionLocalization" || op.kind === "createReviewDetail") {
    const parent = PARENT[op.kind];
    const attributes = "locale" in op ? { locale: op.locale, ...op.attributes } : op.attributes;
    await client.request(`POST /v1/${type}`, {
      body: { data: { type, attributes, relationships: { [parent.rel]: { data: { type: parent.type, id: op.parentId } } } } },
    });
    return;
  }
  await client.request(`PATCH /v1/${type}/${encodeURIComponent(op.id)}`, { body: { data: { type, id: op.id, attributes: op.attributes } } });
}

/** The resource an operation writes, as App Store Connect has it now (undefined when it does not exist). */
async function reread(client: AscClient, op: PlannedOperation): Promise<Resource | undefined> {
  const one = (doc: unknown) => (resolveDocument(doc).data as Resource | null) ?? undefined;
  switch (op.kind) {
    case "updateVersion":
      return one((await client.request(`GET /v1/appStoreVersions/${op.id}`)).document);
    case "createAppInfoLocalization":
    case "updateAppInfoLocalization": {
      const list = await client.collect(`GET /v1/appInfos/${op.parentId}/appInfoLocalizations`, { query: { "filter[locale]": [op.locale] } });
      return list.find((l) => l.attributes.locale === op.locale);
    }
    case "createVersionLocalization":
    case "updateVersionLocalization": {
      const list = await client.collect(`GET /v1/appStoreVersions/${op.parentId}/appStoreVersionLocalizations`, { query: { "filter[locale]": [op.locale] } });
      return list.find((l) => l.attributes.locale === op.locale);
    }
    case "createReviewDetail":
    case "updateReviewDetail":
      return one((await client.request(`GET /v1/appStoreVersions/${op.parentId}/appStoreReviewDetail`)).document);
  }
}

/** The same intent, re-aimed at what exists now: an update of what still differs, a create, or nothing. */
function followUp(op: PlannedOperation, current: Resource | undefined): PlannedOperation | undefined {
  const remaining = Object.fromEntries(Object.entries(op.attributes).filter(([k, v]) => normalise(current?.attributes[k]) !== normalise(v)));
  if (current && !Object.keys(remaining).length) return undefined;
  if (!current) {
    if (op.kind === "updateVersion") return op;
    return op.kind.startsWith("create") ? op : toCreate(op);
  }
  switch (op.kind) {
    case "createAppInfoLocalization":
    case "updateAppInfoLocalization":
      return { kind: "updateAppInfoLocalization", id: current.id, parentId: op.parentId, locale: op.locale, attributes: remaining };
    case "createVersionLocalization":
    case "updateVersionLocalization":
      return { kind: "updateVersionLocalization", id: current.id, parentId: op.parentId, locale: op.locale, attributes: remaining };
    case "createReviewDetail":
    case "updateReviewDetail":
      return { kind: "updateReviewDetail", id: current.id, parentId: op.parentId, attributes: remaining };
    case "updateVersion":
      return { ...op, attributes: remaining };
  }
}

function toCreate(op: PlannedOperation): PlannedOperation {
  const attributes = Object.fromEntries(Object.entries(op.attributes).filter(([, v]) => v !== null));
  if (op.kind === "updateAppInfoLocalization") return { kind: "createAppInfoLocalization", parentId: op.parentId, locale: op.locale, attributes };
  if (op.kind === "updateVersionLocalization") return { kind: "createVersionLocalization", parentId: op.parentId, locale: op.locale, attributes };
  if (op.kind === "updateReviewDetail") return { kind: "createReviewDetail", parentId: op.parentId, attributes };
  return op;
}

/**
 * Whether App Store Connect may have applied a write whose response we did not get: a 5xx, a
 * connection lost mid-request, or a create refused because the locale now exists (our earlier
 * attempt, or someone else's). Then the state is re-read instead of guessing.
 */
function mayHaveLanded(error: unknown, op: PlannedOperation): boolean {
  if (error instanceof NetworkError) return !error.connectFailed;
  if (!(error instanceof AscApiError)) return false;
  if (error.status >= 500) return true;
  return error.status === 409 && op.kind.startsWith("create") && error.hasCode("ENTITY_ERROR");
}

export function operationLabel(op: PlannedOperation): string {
  const where = "locale" in op ? ` ${op.locale}` : "";
  const what = {
    updateVersion: "update version",
    createAppInfoLocalization: "add app info",
    updateAppInfoLocalization: "update app info",
    createVersionLocalization: "add version localization",
    updateVersionLocalization: "update version localization",
    createReviewDetail: "add App Review details",
    updateReviewDetail: "update App Review details",
  }[op.kind];
  return `${what}${where}: ${Object.keys(op.attributes).join(", ") || "locale"}`;
}

/**
 * Sends a plan's operations in order. A write whose outcome is unknown (5xx, lost connection) is
 * never blindly repeated: the resource is re-read by exact locale and only what is still missing is
 * sent, once. Any other failure stops the run with what was applied so far, and re-running
 * `metadata apply` (which plans again from the live state) finishes the rest without duplicates.
 */
export async function applyMetadataPlan(client: AscClient, plan: MetadataPlan, options: ApplyOptions = {}): Promise<ApplyResult> {
  const total = plan.operations.length;
  const applied: PlannedOperation[] = [];
  let recovered = 0;
  for (const op of plan.operations) {
    options.onProgress?.(applied.length, total, operationLabel(op));
    try {
      try {
        await send(client, op);
      } catch (error) {
        if (!mayHaveLanded(error, op)) throw error;
        const next = followUp(op, await reread(client, op));
        if (next) await send(client, next);
        recovered++;
      }
    } catch (error) {
      throw new MetadataApplyError(applied.length, total, error);
    }
    applied.push(op);
  }
  options.onProgress?.(applied.length, total, "done");
  return { applied, recovered };
}
