import type { Resource } from "../../client/index.js";

/** A copy of a resource with some attributes changed, keeping its resolved (non-enumerable) `related`. */
export function withAttributes(resource: Resource, attributes: Record<string, unknown>): Resource {
  const copy = { ...resource, attributes: { ...resource.attributes, ...attributes } };
  Object.defineProperty(copy, "related", { value: resource.related, enumerable: false, writable: false, configurable: true });
  return copy as Resource;
}
