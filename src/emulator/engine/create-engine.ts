import { operationTable } from "../../spec/operation-table.js";
import type { ApiRequest, ApiResult, Engine, OperationHandler } from "../engine-types.js";
import { ApiFailure, entityError } from "../api-failure.js";
import { registerDefaultRules } from "../rules/register-default-rules.js";
import type { ResourceRef, Store, StoredResource } from "../store/open-store.js";
import { createDataAccess } from "./data-access.js";
import { createDocumentBuilder } from "./document-builder.js";
import type { JsonObject } from "./document-builder.js";
import { resolveEngineConfig } from "./engine-config.js";
import type { EngineConfig } from "./engine-config.js";
import { filterResources } from "./filter-resources.js";
import { paginate } from "./paging.js";
import { requestUrl } from "./request-url.js";
import { createResourceModel } from "./resource-model.js";
import type { ResourceModel } from "./resource-model.js";
import { createRuleRegistry } from "./rule-registry.js";
import type { RuleRegistry } from "./rule-registry.js";
import type { DataAccess, RelationshipValue } from "./rule-types.js";
import { createScenario } from "./scenario.js";
import type { Scenario } from "./scenario.js";
import { sortResources } from "./sort-resources.js";

export interface CreateEngineOptions {
  store: Store;
  /** Emulator clock (epoch ms) for work outside requests (scenarios, seeding); requests carry their own `now`. */
  now?: () => number;
  config?: Partial<EngineConfig>;
  /** Special handling by operation id; runs before the generic behaviour and may fall through with undefined. */
  handlers?: Record<string, OperationHandler>;
}

export interface EmulatorEngine extends Engine {
  readonly store: Store;
  readonly config: EngineConfig;
  readonly model: ResourceModel;
  readonly rules: RuleRegistry;
  readonly scenario: Scenario;
  /** The engine's clock. */
  now(): number;
  /** Domain data access at `now` (defaults to the engine clock), for handlers, scenarios and seeds. */
  data(now?: number): DataAccess;
  registerHandler(operationId: string, handler: OperationHandler): void;
  /** Apple-shaped documents for handlers that build their own responses. */
  documents: {
    single(request: ApiRequest, resource: StoredResource | null, status?: number): ApiResult;
    collection(request: ApiRequest, resources: StoredResource[]): ApiResult;
  };
}

interface BodyResource {
  type?: string;
  id?: string;
  attributes?: Record<string, unknown>;
  relationships?: Record<string, { data?: unknown }>;
}

const toRef = (value: unknown): ResourceRef => {
  const v = value as { type?: unknown; id?: unknown };
  return { type: String(v.type), id: String(v.id) };
};

function relationshipValue(data: unknown): RelationshipValue {
  if (data === null || data === undefined) return null;
  return Array.isArray(data) ? data.map(toRef) : toRef(data);
}

const refsOf = (value: RelationshipValue): ResourceRef[] => (value === null ? [] : Array.isArray(value) ? value : [value]);

function notImplemented(request: ApiRequest): ApiFailure {
  return new ApiFailure({
    status: 501,
    code: "NOT_IMPLEMENTED",
    title: "The emulator does not implement this operation",
    detail: `The local emulator has no behaviour for '${request.operation.id}' (${request.method} ${request.operation.path}) yet.`,
  });
}

/**
 * The spec-driven JSON:API engine: collections, instances, related resources and relationship
 * linkages for any type in the operation table, with rule hooks per type and handlers per operation.
 */
export function createEngine(options: CreateEngineOptions): EmulatorEngine {
  const { store } = options;
  const clock = options.now ?? Date.now;
  const config = resolveEngineConfig(options.config);
  const model = createResourceModel(operationTable());
  const rules = createRuleRegistry();
  registerDefaultRules(rules);
  const handlers = new Map(Object.entries(options.handlers ?? {}));

  const dataAt = (now: number, request?: ApiRequest) =>
    createDataAccess({ store, model, rules, config, now, ...(request ? { request } : {}) });

  const single = (request: ApiRequest, data: DataAccess, resource: StoredResource | null, status = 200): ApiResult => {
    const docs = createDocumentBuilder(request, data, config);
    const body: JsonObject = { data: resource ? docs.primaryResource(resource) : null };
    const included = docs.includedResources();
    if (included) body.included = included;
    if (status === 201 && resource) {
      // A create answers with the new resource's own URL, also as `Location`.
      const location = docs.resourceUrl(resource);
      body.links = { self: location };
      return { status, body, headers: { Location: location } };
    }
    body.links = { self: requestUrl(request) };
    return { status, body };
  };

  const collection = (request: ApiRequest, data: DataAccess, resources: StoredResource[]): ApiResult => {
    const filtered = sortResources(data, filterResources(data, config, resources, request.query), request.query.sort);
    const page = paginate(filtered, request.query, config.defaultLimit);
    const docs = createDocumentBuilder(request, data, config);
    const body: JsonObject = { data: page.items.map((r) => docs.primaryResource(r)) };
    const included = docs.includedResources();
    if (included) body.included = included;
    body.links = { self: requestUrl(request), ...(page.nextCursor ? { next: requestUrl(request, { cursor: page.nextCursor }) } : {}) };
    body.meta = { paging: { total: page.total, limit: page.limit, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) } };
    return { status: 200, body };
  };

  const bodyResource = (request: ApiRequest): BodyResource => ((request.body as { data?: BodyResource } | undefined)?.data ?? {}) as BodyResource;

  /** Attributes and relationships of a create/update body, limited to what the operation accepts, targets checked. */
  const readBody = (request: ApiRequest, data: DataAccess, type: string) => {
    const spec = request.operation.body && !request.operation.body.linkage ? request.operation.body : undefined;
    const body = bodyResource(request);
    const attributes: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(body.attributes ?? {})) if (!spec || k in spec.attributes) attributes[k] = v;
    const relationships: Record<string, RelationshipValue> = {};
    for (const [rel, value] of Object.entries(body.relationships ?? {})) {
      if (spec && !(rel in spec.relationships)) continue;
      const linkage = relationshipValue(value?.data);
      data.checkTargets(type, rel, refsOf(linkage), `/data/relationships/${rel}`);
      relationships[rel] = linkage;
    }
    return { body, attributes, relationships };
  };

  const linkageBody = (request: ApiRequest): ResourceRef[] => {
    const value = (request.body as { data?: unknown } | undefined)?.data;
    return refsOf(relationshipValue(value));
  };

  const generic = (request: ApiRequest): ApiResult => {
    const op = request.operation;
    const segments = op.path.split("/").filter(Boolean);
    const ownerType = segments[1]!;
    const id = request.params.id ?? "";
    const data = dataAt(request.now, request);
    const method = request.method;

    if (segments.length === 2) {
      const type = op.response.type ?? (op.body && !op.body.linkage ? op.body.type : ownerType);
      if (method === "GET" && op.response.kind === "collection") return collection(request, data, data.list(type));
      if (method === "POST" && op.response.kind === "single") {
        return store.transaction(() => {
          const { body, attributes, relationships } = readBody(request, data, type);
          const explicitId = op.body && !op.body.linkage && op.body.idRequired && body.id ? { id: body.id } : {};
          return single(request, data, data.create({ type, ...explicitId, attributes, relationships }), 201);
        });
      }
    }

    if (segments.length === 3 && segments[2] === "{id}") {
      if (method === "GET" && op.response.kind === "single") return single(request, data, data.require(ownerType, id));
      if (method === "PATCH" && op.response.kind === "single") {
        return store.transaction(() => {
          data.require(ownerType, id);
          const { body, attributes, relationships } = readBody(request, data, ownerType);
          if (body.id !== undefined && body.id !== id)
            throw entityError("ENTITY_ERROR", `The resource id '${body.id}' in the body does not match the id '${id}' in the URL.`, "/data/id");
          return single(request, data, data.update(ownerType, id, { attributes, relationships }));
        });
      }
      if (method === "DELETE") {
        data.remove(ownerType, id);
        return { status: 204 };
      }
    }

    if (segments.length === 5 && segments[3] === "relationships") {
      const rel = segments[4]!;
      const owner = data.require(ownerType, id);
      const info = model.relationship(ownerType, rel);
      const many = info?.many ?? op.response.kind === "linkages";
      if (method === "GET" && op.response.kind === "linkage") {
        const ref = data.related(owner, rel)[0];
        const docs = createDocumentBuilder(request, data, config);
        return { status: 200, body: { data: ref ? { type: ref.type, id: ref.id } : null, links: { self: requestUrl(request), ...pick(docs.relationshipLinks(owner, rel), "related") } } };
      }
      if (method === "GET" && op.response.kind === "linkages") {
        const page = paginate(data.related(owner, rel), request.query, config.defaultLimit);
        return {
          status: 200,
          body: {
            data: page.items.map((r) => ({ type: r.type, id: r.id })),
            links: { self: requestUrl(request), ...(page.nextCursor ? { next: requestUrl(request, { cursor: page.nextCursor }) } : {}) },
            meta: { paging: { total: page.total, limit: page.limit, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) } },
          },
        };
      }
      if (method === "POST" || method === "DELETE" || method === "PATCH") {
        const targets = linkageBody(request);
        targets.forEach((t, i) => data.checkTargets(ownerType, rel, [t], many ? `/data/${i}` : "/data"));
        data.link(owner, rel, targets, method === "POST" ? "add" : method === "DELETE" ? "remove" : "replace");
        return { status: 204 };
      }
    }

    if (segments.length === 4 && method === "GET") {
      const rel = segments[3]!;
      const owner = data.require(ownerType, id);
      if (op.response.kind === "single") return single(request, data, data.relatedResources(owner, rel)[0] ?? null);
      if (op.response.kind === "collection") return collection(request, data, data.relatedResources(owner, rel));
    }

    throw notImplemented(request);
  };

  return {
    store,
    config,
    model,
    rules,
    scenario: createScenario({ data: () => dataAt(clock()) }),
    now: clock,
    data: (now) => dataAt(now ?? clock()),
    registerHandler(operationId, handler) {
      handlers.set(operationId, handler);
    },
    documents: {
      single: (request, resource, status) => single(request, dataAt(request.now, request), resource, status),
      collection: (request, resources) => collection(request, dataAt(request.now, request), resources),
    },
    handle(request) {
      const handler = handlers.get(request.operation.id);
      if (!handler) return generic(request);
      const result = handler(request);
      if (result instanceof Promise) return result.then((r) => r ?? generic(request));
      return result ?? generic(request);
    },
  };
}

function pick<T extends object, K extends keyof T>(obj: T, key: K): Partial<Pick<T, K>> {
  return obj[key] === undefined ? {} : ({ [key]: obj[key] } as Partial<Pick<T, K>>);
}
