import type { AttributeSpec, OperationTable } from "../../spec/operation-table.js";

export interface RelationshipInfo {
  name: string;
  /** Target type; for links-only relationships in the spec it is taken from their endpoints. */
  type?: string;
  many: boolean;
}

export interface ResourceInfo {
  type: string;
  /** False for types that appear only in operations, not in the spec's resource schemas. */
  known: boolean;
  attributes: Record<string, AttributeSpec>;
  relationships: Record<string, RelationshipInfo>;
}

/** What the engine knows about resource types, their relationships and their URLs. */
export interface ResourceModel {
  resource(type: string): ResourceInfo;
  relationship(type: string, rel: string): RelationshipInfo | undefined;
  /** The relationship on the target type that mirrors `type.rel`, if there is exactly one (see `inverseOf`). */
  inverse(type: string, rel: string): string | undefined;
  /** Base path of a type's own endpoints, e.g. `/v1/builds`. */
  basePath(type: string): string;
  /** Whether an endpoint exists for this path template (any method). */
  hasPath(template: string): boolean;
}

/**
 * Pairs the spec cannot pair by type alone (self-references, several relationships to one type).
 * Each entry is listed once; the reverse is derived.
 */
const INVERSE_OVERRIDES: Array<[string, string]> = [["appCategories.subcategories", "appCategories.parent"]];

const RELATED_PATH = /^\/(v\d+)\/([^/{}]+)\/\{id\}\/(relationships\/)?([^/{}]+)$/;
const INSTANCE_PATH = /^\/(v\d+)\/([^/{}]+)\/\{id\}$/;
const COLLECTION_PATH = /^\/(v\d+)\/([^/{}]+)$/;

/**
 * The inverse rule: `A.r` (target B) and `B.s` (target A) mirror each other when `s` is the only
 * relationship on B pointing at A and `r` is the only one on A pointing at B (self-references never
 * pair). Anything ambiguous needs an explicit override; without one the edge is seen from its own side only.
 */
export function inverseOf(
  relationships: (type: string) => Record<string, RelationshipInfo>,
  type: string,
  rel: string,
): string | undefined {
  const target = relationships(type)[rel]?.type;
  if (!target || target === type) return undefined;
  const forth = Object.values(relationships(type)).filter((r) => r.type === target);
  const back = Object.values(relationships(target)).filter((r) => r.type === type);
  return forth.length === 1 && back.length === 1 ? back[0]!.name : undefined;
}

export function createResourceModel(table: OperationTable): ResourceModel {
  const paths = new Set(table.operations.map((o) => o.path));
  const infos = new Map<string, ResourceInfo>();
  const versions = new Map<string, { version: string; rank: number }>();

  for (const [type, spec] of Object.entries(table.resources)) {
    const relationships: Record<string, RelationshipInfo> = {};
    for (const [name, r] of Object.entries(spec.relationships)) relationships[name] = { name, many: r.many, ...(r.type ? { type: r.type } : {}) };
    infos.set(type, { type, known: true, attributes: spec.attributes, relationships });
  }

  // Fill in links-only relationships (no type in the schema) and types known only from operations.
  for (const op of table.operations) {
    const related = RELATED_PATH.exec(op.path);
    if (related) {
      const [, , owner, , rel] = related;
      const target = op.response.type ?? (op.body?.linkage ? op.body.type : undefined);
      const info = infos.get(owner!) ?? { type: owner!, known: false, attributes: {}, relationships: {} };
      infos.set(owner!, info);
      const existing = info.relationships[rel!];
      if (target && op.response.kind !== "binary" && !existing?.type) {
        const many = op.response.kind === "collection" || op.response.kind === "linkages" || (op.body?.linkage === true && op.body.many);
        info.relationships[rel!] = { name: rel!, type: target, many };
      }
    }
    const own = INSTANCE_PATH.exec(op.path) ?? COLLECTION_PATH.exec(op.path);
    if (own) {
      const [, version, type] = own;
      if (!infos.has(type!)) infos.set(type!, { type: type!, known: false, attributes: {}, relationships: {} });
      // Links point at the newest version that serves single resources (`/v2/inAppPurchases/{id}`).
      const rank = Number(version!.slice(1)) + (INSTANCE_PATH.test(op.path) ? 1000 : 0);
      const previous = versions.get(type!);
      if (!previous || rank > previous.rank) versions.set(type!, { version: version!, rank });
    }
  }

  const overrides = new Map<string, string>();
  for (const [a, b] of INVERSE_OVERRIDES) {
    overrides.set(a, b.split(".")[1]!);
    overrides.set(b, a.split(".")[1]!);
  }

  const relationshipsOf = (type: string) => infos.get(type)?.relationships ?? {};
  const inverseCache = new Map<string, string | undefined>();

  return {
    resource(type) {
      return infos.get(type) ?? { type, known: false, attributes: {}, relationships: {} };
    },
    relationship(type, rel) {
      return infos.get(type)?.relationships[rel];
    },
    inverse(type, rel) {
      const key = `${type}.${rel}`;
      if (overrides.has(key)) return overrides.get(key);
      if (!inverseCache.has(key)) inverseCache.set(key, inverseOf(relationshipsOf, type, rel));
      return inverseCache.get(key);
    },
    basePath(type) {
      return `/${versions.get(type)?.version ?? "v1"}/${type}`;
    },
    hasPath(template) {
      return paths.has(template);
    },
  };
}
