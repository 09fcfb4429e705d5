import type { StoredResource } from "../store/open-store.js";
import type { DataAccess } from "./rule-types.js";

// Numeric-aware so that build "10" sorts after "9" and version "1.10.0" after "1.9.0".
const collator = new Intl.Collator("en", { numeric: true, sensitivity: "base" });

function compareValues(a: unknown, b: unknown): number {
  const aMissing = a === null || a === undefined;
  const bMissing = b === null || b === undefined;
  if (aMissing || bMissing) return aMissing === bMissing ? 0 : aMissing ? 1 : -1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "boolean" && typeof b === "boolean") return Number(a) - Number(b);
  return collator.compare(String(a), String(b));
}

/** What a to-one relationship sorts by (`sort=preReleaseVersion` on builds sorts by the version string). */
function relationshipKey(data: DataAccess, resource: StoredResource, rel: string): unknown {
  const target = data.relatedResources(resource, rel)[0];
  if (!target) return undefined;
  for (const attr of ["version", "versionString", "name", "identifier"]) if (target.attributes[attr] != null) return target.attributes[attr];
  return target.id;
}

function keyOf(data: DataAccess, resource: StoredResource, field: string): unknown {
  if (field === "id") return resource.id;
  const info = data.model.resource(resource.type);
  if (field in info.relationships && !(field in info.attributes)) return relationshipKey(data, resource, field);
  return resource.attributes[field];
}

/**
 * `sort=a,-b`: stable, so ties keep creation order, which is also the order without `sort`.
 * Missing values go last whatever the direction.
 */
export function sortResources(data: DataAccess, resources: StoredResource[], sort: string | undefined): StoredResource[] {
  if (!sort) return resources;
  const keys = sort
    .split(",")
    .filter(Boolean)
    .map((k) => (k.startsWith("-") ? { field: k.slice(1), dir: -1 } : { field: k, dir: 1 }));
  const decorated = resources.map((r) => ({ r, values: keys.map((k) => keyOf(data, r, k.field)) }));
  decorated.sort((x, y) => {
    for (let i = 0; i < keys.length; i++) {
      const a = x.values[i];
      const b = y.values[i];
      const aMissing = a === null || a === undefined;
      const bMissing = b === null || b === undefined;
      const c = aMissing || bMissing ? compareValues(a, b) : compareValues(a, b) * keys[i]!.dir;
      if (c !== 0) return c;
    }
    return 0;
  });
  return decorated.map((d) => d.r);
}
