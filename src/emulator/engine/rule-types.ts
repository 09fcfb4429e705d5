import type { ApiRequest } from "../engine-types.js";
import type { ResourceRef, Store, StoredResource } from "../store/open-store.js";
import type { EngineConfig } from "./engine-config.js";
import type { ResourceModel } from "./resource-model.js";

/** A relationship value as in a JSON:API body: to-one linkage, null, or a to-many list. */
export type RelationshipValue = ResourceRef | ResourceRef[] | null;

export interface ResourceInput {
  type: string;
  /** Chosen by the caller (e.g. a buildBetaDetail shares its build's id); generated when omitted. */
  id?: string;
  attributes?: Record<string, unknown>;
  relationships?: Record<string, RelationshipValue>;
  internal?: Record<string, unknown>;
}

/** A resource about to be created; `beforeCreate` hooks may change anything in it. */
export interface ResourceDraft {
  type: string;
  id?: string;
  attributes: Record<string, unknown>;
  relationships: Record<string, RelationshipValue>;
  internal: Record<string, unknown>;
}

/** Changes about to be applied; `beforeUpdate` hooks may change them. Relationships given here are replaced. */
export interface ResourcePatch {
  attributes: Record<string, unknown>;
  relationships: Record<string, RelationshipValue>;
  internal: Record<string, unknown>;
}

export type LinkMode = "add" | "remove" | "replace";

export interface LinkChange {
  added: ResourceRef[];
  removed: ResourceRef[];
}

/**
 * The domain-level data API that rules, handlers and scenarios use. Every call runs the rule
 * hooks and keeps inverse relationships mirrored; `ctx.store` is the raw escape hatch.
 */
export interface DataAccess {
  readonly model: ResourceModel;
  /** The resource after `onRead` hooks, or undefined. */
  get(type: string, id: string): StoredResource | undefined;
  /** Like `get`, but a missing resource is a 404 NOT_FOUND. */
  require(type: string, id: string): StoredResource;
  /** All resources of a type, in creation order, after `onRead`. */
  list(type: string): StoredResource[];
  /** Linkages of `owner.rel`, in the relationship's order. */
  related(owner: ResourceRef, rel: string): ResourceRef[];
  /** The related resources themselves (after `onRead`). */
  relatedResources(owner: ResourceRef, rel: string): StoredResource[];
  create(input: ResourceInput): StoredResource;
  update(type: string, id: string, patch: Partial<ResourcePatch>): StoredResource;
  remove(type: string, id: string): void;
  /** Adds, removes or replaces (keeping the given order) targets of `owner.rel`. */
  link(owner: ResourceRef, rel: string, targets: ResourceRef[], mode: LinkMode): void;
  /** 409 ENTITY_ERROR.RELATIONSHIP.INVALID unless every target exists and has the relationship's type. */
  checkTargets(ownerType: string, rel: string, targets: ResourceRef[], pointer: string): void;
}

export interface RuleContext {
  /** Emulator clock for this operation, epoch milliseconds. */
  now: number;
  config: EngineConfig;
  store: Store;
  data: DataAccess;
  /** The API request being served, if any (absent for scenario and seed calls). */
  request?: ApiRequest;
}

/** Domain rules for one resource type. Hooks throw `ApiFailure` to refuse. */
export interface RuleHooks {
  /** Returns an existing resource the create should resolve to (relationships are then added to it). */
  findExisting?(ctx: RuleContext, draft: ResourceDraft): StoredResource | undefined;
  /** Defaults, server-assigned attributes, uniqueness. */
  beforeCreate?(ctx: RuleContext, draft: ResourceDraft): void;
  afterCreate?(ctx: RuleContext, resource: StoredResource): void;
  beforeUpdate?(ctx: RuleContext, current: StoredResource, patch: ResourcePatch): void;
  afterUpdate?(ctx: RuleContext, resource: StoredResource, previous: StoredResource): void;
  beforeDelete?(ctx: RuleContext, resource: StoredResource): void;
  afterDelete?(ctx: RuleContext, resource: StoredResource): void;
  /** Called for the owner side and, for mirrored relationships, for each target's inverse side. */
  beforeLink?(ctx: RuleContext, owner: StoredResource, rel: string, change: LinkChange): void;
  afterLink?(ctx: RuleContext, owner: StoredResource, rel: string, change: LinkChange): void;
  /** Lazily advances time-based state with `ctx.now`; returns the updated resource (persisted by the hook). */
  onRead?(ctx: RuleContext, resource: StoredResource): StoredResource | void;
}
