import type { Resource } from "../client/index.js";

/** A resource as the CLI and MCP show it: `id` plus Apple's attribute names, unchanged. */
export type ResourceView = { id: string } & Record<string, unknown>;

export function viewOf(resource: Resource): ResourceView {
  return { id: resource.id, ...resource.attributes };
}

/** The single related resource under `name`, if the response included it. */
export function relatedOne(resource: Resource, name: string): Resource | undefined {
  const r = resource.related[name];
  return r && !Array.isArray(r) ? r : undefined;
}

/** The id of a to-one relationship from its linkage (present when included or requested). */
export function relatedId(resource: Resource, name: string): string | undefined {
  const rel = resource.relationships[name] as { data?: { id?: string } | null } | undefined;
  return rel?.data?.id ?? relatedOne(resource, name)?.id;
}
