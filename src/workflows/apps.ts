import type { AscClient, Resource } from "../client/index.js";
import { exactlyOne } from "./exact-match.js";

export interface AppFilter {
  bundleId?: string;
  name?: string;
  /** Stop after this many apps. */
  max?: number;
}

export async function listApps(client: AscClient, filter: AppFilter = {}): Promise<Resource[]> {
  const apps = await client.collect(
    "GET /v1/apps",
    {
      query: {
        "filter[bundleId]": filter.bundleId ? [filter.bundleId] : undefined,
        "filter[name]": filter.name ? [filter.name] : undefined,
        "fields[apps]": ["name", "bundleId", "sku", "primaryLocale"],
      },
    },
    filter.max ? { max: filter.max } : {},
  );
  // Apple's filters can match substrings: keep exact (bundle ids: case-insensitive) matches only.
  return apps.filter(
    (a) =>
      (!filter.bundleId || String(a.attributes.bundleId).toLowerCase() === filter.bundleId.toLowerCase()) &&
      (!filter.name || a.attributes.name === filter.name),
  );
}

/** An app by numeric id, or by its exact bundle id. `signal` stops the lookup (Ctrl-C). */
export async function findApp(client: AscClient, ref: string, options: { signal?: AbortSignal } = {}): Promise<Resource> {
  const overrides = options.signal ? { signal: options.signal } : {};
  if (/^\d+$/.test(ref)) {
    const { resolveDocument } = await import("../client/index.js");
    const res = await client.request(`GET /v1/apps/${ref}`, { query: { "fields[apps]": ["name", "bundleId", "sku", "primaryLocale"] } }, overrides);
    return resolveDocument(res.document).data as Resource;
  }
  const fields = { "fields[apps]": ["name", "bundleId", "sku", "primaryLocale"] };
  const sameBundleId = (a: Resource) => String(a.attributes.bundleId).toLowerCase() === ref.toLowerCase();
  const filtered = await client.collect("GET /v1/apps", { query: { "filter[bundleId]": [ref], ...fields } }, overrides);
  let candidates = filtered;
  // Bundle ids are case-insensitive, Apple's filter may not be: look through all apps before giving up,
  // but name only the filter's (substring) hits as similar, not every app of the team.
  if (!filtered.some(sameBundleId)) {
    const all = await client.collect("GET /v1/apps", { query: fields }, overrides);
    candidates = all.some(sameBundleId) ? all : filtered;
  }
  return exactlyOne(candidates, sameBundleId, {
    what: "app",
    value: ref,
    label: (a) => `${String(a.attributes.bundleId)} (${a.id})`,
    hint: "Check the bundle id with `asckit apps list`.",
  });
}
