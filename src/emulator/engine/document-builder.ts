import type { ApiRequest } from "../engine-types.js";
import type { ResourceRef, StoredResource } from "../store/open-store.js";
import type { EngineConfig } from "./engine-config.js";
import { parseLimit } from "./paging.js";
import { absoluteUrl } from "./request-url.js";
import type { DataAccess } from "./rule-types.js";

export type JsonObject = Record<string, unknown>;

interface RelationshipData {
  data: ResourceRef | ResourceRef[] | null;
  meta?: JsonObject;
}

const refOf = (r: ResourceRef): ResourceRef => ({ type: r.type, id: r.id });
const keyOf = (r: ResourceRef) => `${r.type}\u0000${r.id}`;
const splitList = (value: string | undefined) => (value ? value.split(",").filter(Boolean) : []);

/**
 * Turns stored resources into Apple's JSON:API documents for one request: attributes and
 * relationship links for every resource, `fields[type]` sparse fieldsets, and `include` with
 * `limit[rel]` (linkage `data` appears only for included relationships, as Apple does).
 */
export interface DocumentBuilder {
  /** A primary resource, its `include`d relationships collected for `includedResources()`. */
  primaryResource(resource: StoredResource): JsonObject;
  /** `included` for the document, or undefined when nothing was included. */
  includedResources(): JsonObject[] | undefined;
  resourceUrl(ref: ResourceRef): string;
  /** Relationship links that exist as endpoints for this type. */
  relationshipLinks(ref: ResourceRef, rel: string): { self?: string; related?: string };
}

export function createDocumentBuilder(request: ApiRequest, data: DataAccess, config: EngineConfig): DocumentBuilder {
  const included = new Map<string, JsonObject>();
  const primary = new Set<string>();
  const include = splitList(request.query.include);
  const fields = new Map<string, Set<string>>();
  for (const [key, value] of Object.entries(request.query)) {
    const m = /^fields\[(.+)\]$/.exec(key);
    if (m) fields.set(m[1]!, new Set(splitList(value)));
  }

  const resourceUrl = (ref: ResourceRef) => absoluteUrl(request.baseUrl, `${data.model.basePath(ref.type)}/${ref.id}`);

  const relationshipLinks = (ref: ResourceRef, rel: string) => {
    const base = data.model.basePath(ref.type);
    const links: { self?: string; related?: string } = {};
    if (data.model.hasPath(`${base}/{id}/relationships/${rel}`)) links.self = absoluteUrl(request.baseUrl, `${base}/${ref.id}/relationships/${rel}`);
    if (data.model.hasPath(`${base}/{id}/${rel}`)) links.related = absoluteUrl(request.baseUrl, `${base}/${ref.id}/${rel}`);
    return links;
  };

  const serialize = (resource: StoredResource, linkages: Record<string, RelationshipData> = {}): JsonObject => {
    const info = data.model.resource(resource.type);
    const fieldset = fields.get(resource.type);
    const wanted = (name: string) => !fieldset || fieldset.has(name);

    const attributes: JsonObject = {};
    // Only the spec's attributes are public; anything else a rule stored stays private.
    const names = info.known ? Object.keys(info.attributes) : Object.keys(resource.attributes);
    for (const name of names) if (name in resource.attributes && wanted(name)) attributes[name] = resource.attributes[name];

    const relationships: JsonObject = {};
    for (const rel of Object.keys(info.relationships)) {
      if (!wanted(rel)) continue;
      const links = relationshipLinks(resource, rel);
      const linkage = linkages[rel];
      if (!links.self && !links.related && !linkage) continue;
      relationships[rel] = {
        ...(linkage ? { data: linkage.data } : {}),
        ...(linkage?.meta ? { meta: linkage.meta } : {}),
        ...(links.self || links.related ? { links } : {}),
      };
    }

    return {
      type: resource.type,
      id: resource.id,
      ...(Object.keys(attributes).length || (!fieldset && names.length) ? { attributes } : {}),
      ...(Object.keys(relationships).length ? { relationships } : {}),
      links: { self: resourceUrl(resource) },
    };
  };

  return {
    primaryResource(resource) {
      primary.add(keyOf(resource));
      included.delete(keyOf(resource));
      const linkages: Record<string, RelationshipData> = {};
      for (const rel of include) {
        const info = data.model.relationship(resource.type, rel);
        if (!info) continue;
        const refs = data.related(resource, rel);
        let shown: ResourceRef[];
        if (info.many) {
          const limit = parseLimit(request.query[`limit[${rel}]`], config.defaultIncludeLimit, `limit[${rel}]`);
          shown = refs.slice(0, limit);
          linkages[rel] = { data: shown.map(refOf), meta: { paging: { total: refs.length, limit } } };
        } else {
          shown = refs.slice(0, 1);
          linkages[rel] = { data: shown[0] ? refOf(shown[0]) : null };
        }
        for (const ref of shown) {
          const key = keyOf(ref);
          if (primary.has(key) || included.has(key)) continue;
          const target = data.get(ref.type, ref.id);
          if (target) included.set(key, serialize(target));
        }
      }
      return serialize(resource, linkages);
    },
    includedResources() {
      return included.size ? [...included.values()] : undefined;
    },
    resourceUrl,
    relationshipLinks,
  };
}
