import type { StoredResource } from "../store/open-store.js";
import type { EngineConfig } from "./engine-config.js";
import type { DataAccess } from "./rule-types.js";

const splitList = (value: string) => value.split(",").filter((v) => v !== "");

/** Whether Apple matches `filter[attribute]` on `type` as a case-insensitive substring. */
export function isSubstringFilter(config: EngineConfig, type: string, attribute: string): boolean {
  return config.substringFilters.includes(`${type}.${attribute}`) || config.substringFilters.includes(`*.${attribute}`);
}

function attributeMatches(value: unknown, wanted: string[], substring: boolean): boolean {
  if (value === null || value === undefined) return false;
  if (Array.isArray(value)) return value.some((v) => attributeMatches(v, wanted, substring));
  const text = typeof value === "string" ? value : typeof value === "object" ? JSON.stringify(value) : String(value);
  if (substring) return wanted.some((w) => text.toLowerCase().includes(w.toLowerCase()));
  return wanted.includes(text);
}

/**
 * `filter[field]` semantics: comma lists are OR; `id`, attributes (exact, booleans as "true"/"false",
 * a few fields by substring like Apple) and relationships (related ids). A dotted field
 * `filter[rel.field]` holds when any related resource matches `field`. Unknown fields are ignored:
 * the HTTP layer has already refused parameters the operation does not define.
 */
export function matchesFilter(data: DataAccess, config: EngineConfig, resource: StoredResource, field: string, wanted: string[]): boolean {
  const dot = field.indexOf(".");
  if (dot > 0) {
    const rel = field.slice(0, dot);
    const rest = field.slice(dot + 1);
    return data.relatedResources(resource, rel).some((r) => matchesFilter(data, config, r, rest, wanted));
  }
  if (field === "id") return wanted.includes(resource.id);
  const info = data.model.resource(resource.type);
  if (field in info.attributes || (!(field in info.relationships) && field in resource.attributes))
    return attributeMatches(resource.attributes[field], wanted, isSubstringFilter(config, resource.type, field));
  if (field in info.relationships) return data.related(resource, field).some((ref) => wanted.includes(ref.id));
  return true;
}

function exists(data: DataAccess, resource: StoredResource, field: string): boolean {
  const info = data.model.resource(resource.type);
  if (field in info.relationships && !(field in info.attributes)) return data.related(resource, field).length > 0;
  const value = resource.attributes[field];
  return value !== null && value !== undefined && !(Array.isArray(value) && value.length === 0);
}

/** Applies every `filter[…]` and `exists[…]` parameter in `query`. */
export function filterResources(
  data: DataAccess,
  config: EngineConfig,
  resources: StoredResource[],
  query: Record<string, string>,
): StoredResource[] {
  const filters: Array<(r: StoredResource) => boolean> = [];
  for (const [key, value] of Object.entries(query)) {
    const filter = /^filter\[(.+)\]$/.exec(key);
    if (filter) {
      const wanted = splitList(value);
      filters.push((r) => matchesFilter(data, config, r, filter[1]!, wanted));
      continue;
    }
    const existsParam = /^exists\[(.+)\]$/.exec(key);
    if (existsParam) {
      const want = value.toLowerCase() === "true";
      filters.push((r) => exists(data, r, existsParam[1]!) === want);
    }
  }
  return filters.length ? resources.filter((r) => filters.every((f) => f(r))) : resources;
}
