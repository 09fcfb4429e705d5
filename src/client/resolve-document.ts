/** A JSON:API resource with its relationships resolved against the document's `included`. */
export interface Resource<A = Record<string, unknown>> {
  type: string;
  id: string;
  attributes: A;
  relationships: Record<string, unknown>;
  /**
   * Related resources found in `included`, by relationship name: one resource, an array, or null when
   * Apple said the relationship is empty. Relationships without linkage data, and linked resources
   * that were not included, are left out rather than invented. Non-enumerable, so JSON.stringify and
   * spreads keep Apple's shape and cannot hit a reference cycle.
   */
  readonly related: Record<string, Resource | Resource[] | null>;
  links?: Record<string, unknown>;
  meta?: Record<string, unknown>;
}

export interface DocumentLinks {
  self?: string;
  first?: string;
  next?: string;
  [name: string]: unknown;
}

export interface ResolvedDocument<A = Record<string, unknown>> {
  data: Resource<A> | Resource<A>[] | null;
  included: Resource[];
  links: DocumentLinks;
  meta: Record<string, unknown> | undefined;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** Resource identity across a document and across pages. */
export const resourceKey = (r: { type: string; id: string }) => `${r.type}\u0000${r.id}`;

/** Parses a JSON:API document (as Apple sends it) and links relationships to included resources. */
export function resolveDocument<A = Record<string, unknown>>(doc: unknown): ResolvedDocument<A> {
  if (!isObj(doc)) return { data: null, included: [], links: {}, meta: undefined };
  const included = Array.isArray(doc.included) ? doc.included.map(toResource).filter((r): r is Resource => r !== undefined) : [];
  let data: Resource<A> | Resource<A>[] | null = null;
  if (Array.isArray(doc.data)) data = doc.data.map(toResource).filter((r): r is Resource => r !== undefined) as Resource<A>[];
  else if (isObj(doc.data)) data = (toResource(doc.data) ?? null) as Resource<A> | null;

  const index = new Map(included.map((r) => [resourceKey(r), r]));
  for (const r of [...(Array.isArray(data) ? data : data ? [data] : []), ...included]) linkRelated(r as Resource, index);

  return {
    data,
    included,
    links: isObj(doc.links) ? (doc.links as DocumentLinks) : {},
    meta: isObj(doc.meta) ? doc.meta : undefined,
  };
}

function toResource(raw: unknown): Resource | undefined {
  if (!isObj(raw) || typeof raw.type !== "string" || (typeof raw.id !== "string" && typeof raw.id !== "number")) return undefined;
  const r = {
    type: raw.type,
    id: String(raw.id),
    attributes: isObj(raw.attributes) ? raw.attributes : {},
    relationships: isObj(raw.relationships) ? raw.relationships : {},
  } as Resource;
  if (isObj(raw.links)) r.links = raw.links;
  if (isObj(raw.meta)) r.meta = raw.meta;
  Object.defineProperty(r, "related", { value: {}, enumerable: false, writable: false, configurable: true });
  return r;
}

function linkRelated(r: Resource, index: Map<string, Resource>): void {
  const related = r.related as Record<string, Resource | Resource[] | null>;
  for (const [name, rel] of Object.entries(r.relationships)) {
    if (!isObj(rel) || !("data" in rel)) continue;
    const linkage = rel.data;
    if (linkage === null) related[name] = null;
    else if (Array.isArray(linkage)) related[name] = linkage.map((l) => lookup(l, index)).filter((x): x is Resource => x !== undefined);
    else {
      const hit = lookup(linkage, index);
      if (hit) related[name] = hit;
    }
  }
}

function lookup(linkage: unknown, index: Map<string, Resource>): Resource | undefined {
  if (!isObj(linkage) || typeof linkage.type !== "string" || linkage.id === undefined) return undefined;
  return index.get(resourceKey({ type: linkage.type, id: String(linkage.id) }));
}
