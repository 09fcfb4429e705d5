import type { ApiRequest } from "../engine-types.js";
import { entityError, notFound } from "../api-failure.js";
import type { ResourceRef, Store } from "../store/open-store.js";
import type { EngineConfig } from "./engine-config.js";
import type { ResourceModel } from "./resource-model.js";
import type { RuleRegistry } from "./rule-registry.js";
import type { DataAccess, LinkChange, RelationshipValue, ResourceDraft, ResourcePatch, RuleContext } from "./rule-types.js";

export interface DataAccessOptions {
  store: Store;
  model: ResourceModel;
  rules: RuleRegistry;
  config: EngineConfig;
  now: number;
  request?: ApiRequest;
}

const sameRef = (a: ResourceRef, b: ResourceRef) => a.type === b.type && a.id === b.id;
const asList = (value: RelationshipValue): ResourceRef[] => (value === null ? [] : Array.isArray(value) ? value : [value]);

function uniqueRefs(refs: ResourceRef[]): ResourceRef[] {
  const out: ResourceRef[] = [];
  for (const r of refs) if (!out.some((o) => sameRef(o, r))) out.push({ type: r.type, id: r.id });
  return out;
}

/**
 * The data API for one moment in time (`now`). Relationship writes are mirrored: when `A.r` and
 * `B.s` are inverses (see `inverseOf`), attaching `A.r → B` also attaches `B.s → A`, and a to-one
 * side keeps a single target, so both sides always read the same edge.
 */
export function createDataAccess(options: DataAccessOptions): DataAccess {
  const { store, model, rules, config } = options;
  const hooks = (type: string) => rules.hooksFor(type);

  // Low-level mirrored edge writes, no hooks. `add` returning false ends the mutual recursion.
  const attach = (from: ResourceRef, rel: string, to: ResourceRef): void => {
    if (!model.relationship(from.type, rel)?.many) {
      for (const old of store.edges.targets(from, rel)) if (!sameRef(old, to)) detach(from, rel, old);
    }
    if (!store.edges.add(from, rel, to)) return;
    const inverse = model.inverse(from.type, rel);
    if (inverse) attach(to, inverse, from);
  };
  const detach = (from: ResourceRef, rel: string, to: ResourceRef): void => {
    if (!store.edges.remove(from, rel, to)) return;
    const inverse = model.inverse(from.type, rel);
    if (inverse) detach(to, inverse, from);
  };

  const data: DataAccess = {
    model,
    get(type, id) {
      let resource = store.get(type, id);
      if (!resource) return undefined;
      for (const h of hooks(type)) if (h.onRead) resource = h.onRead(ctx, resource) ?? resource;
      return resource;
    },
    require(type, id) {
      const resource = data.get(type, id);
      if (!resource) throw notFound(type, id);
      return resource;
    },
    list(type) {
      return store.list(type).map((r) => data.get(r.type, r.id) ?? r);
    },
    related(owner, rel) {
      return store.edges.targets(owner, rel);
    },
    relatedResources(owner, rel) {
      return data.related(owner, rel).flatMap((ref) => data.get(ref.type, ref.id) ?? []);
    },
    checkTargets(ownerType, rel, targets, pointer) {
      const expected = model.relationship(ownerType, rel)?.type;
      for (const t of targets) {
        if (expected && t.type !== expected)
          throw entityError("ENTITY_ERROR.RELATIONSHIP.INVALID", `The relationship '${rel}' expects resources of type '${expected}', not '${t.type}'.`, pointer);
        if (!store.get(t.type, t.id))
          throw entityError("ENTITY_ERROR.RELATIONSHIP.INVALID", `There is no resource of type '${t.type}' with id '${t.id}' for relationship '${rel}'.`, pointer);
      }
    },
    create(input) {
      return store.transaction(() => {
        const draft: ResourceDraft = {
          type: input.type,
          ...(input.id !== undefined ? { id: input.id } : {}),
          attributes: { ...input.attributes },
          relationships: { ...input.relationships },
          internal: { ...input.internal },
        };
        for (const h of hooks(draft.type)) {
          const existing = h.findExisting?.(ctx, draft);
          if (existing) {
            for (const [rel, value] of Object.entries(draft.relationships)) data.link(existing, rel, asList(value), "add");
            return data.require(existing.type, existing.id);
          }
        }
        for (const h of hooks(draft.type)) h.beforeCreate?.(ctx, draft);
        const id = draft.id ?? store.newId(draft.type);
        if (store.get(draft.type, id)) throw new Error(`Resource ${draft.type}/${id} already exists`);
        const created = store.insert({ type: draft.type, id, attributes: draft.attributes, internal: draft.internal });
        for (const [rel, value] of Object.entries(draft.relationships)) data.link(created, rel, asList(value), "replace");
        for (const h of hooks(draft.type)) h.afterCreate?.(ctx, store.get(draft.type, id)!);
        return data.require(draft.type, id);
      });
    },
    update(type, id, patchInput) {
      return store.transaction(() => {
        const current = data.require(type, id);
        const patch: ResourcePatch = {
          attributes: { ...patchInput.attributes },
          relationships: { ...patchInput.relationships },
          internal: { ...patchInput.internal },
        };
        for (const h of hooks(type)) h.beforeUpdate?.(ctx, current, patch);
        store.update(type, id, { attributes: patch.attributes, internal: patch.internal });
        for (const [rel, value] of Object.entries(patch.relationships)) data.link(current, rel, asList(value), "replace");
        const updated = store.get(type, id)!;
        for (const h of hooks(type)) h.afterUpdate?.(ctx, updated, current);
        return data.require(type, id);
      });
    },
    remove(type, id) {
      store.transaction(() => {
        const current = data.require(type, id);
        for (const h of hooks(type)) h.beforeDelete?.(ctx, current);
        store.delete(type, id);
        for (const h of hooks(type)) h.afterDelete?.(ctx, current);
      });
    },
    link(ownerRef, rel, targetsInput, mode) {
      store.transaction(() => {
        const owner = data.require(ownerRef.type, ownerRef.id);
        const many = model.relationship(owner.type, rel)?.many ?? true;
        const targets = uniqueRefs(many ? targetsInput : targetsInput.slice(-1));
        const current = data.related(owner, rel);
        const change: LinkChange = {
          added: mode === "remove" ? [] : targets.filter((t) => !current.some((c) => sameRef(c, t))),
          removed:
            mode === "add"
              ? many
                ? []
                : current.filter((c) => !targets.some((t) => sameRef(c, t)))
              : mode === "remove"
                ? current.filter((c) => targets.some((t) => sameRef(c, t)))
                : current.filter((c) => !targets.some((t) => sameRef(c, t))),
        };
        const inverse = model.inverse(owner.type, rel);
        const notify = (phase: "beforeLink" | "afterLink") => {
          for (const h of hooks(owner.type)) h[phase]?.(ctx, store.get(owner.type, owner.id) ?? owner, rel, change);
          if (!inverse) return;
          for (const [list, key] of [
            [change.added, "added"],
            [change.removed, "removed"],
          ] as const) {
            for (const t of list) {
              const target = store.get(t.type, t.id);
              if (!target) continue;
              const mirrored: LinkChange = { added: [], removed: [], [key]: [{ type: owner.type, id: owner.id }] };
              for (const h of hooks(t.type)) h[phase]?.(ctx, target, inverse, mirrored);
            }
          }
        };
        notify("beforeLink");
        for (const t of change.removed) detach(owner, rel, t);
        for (const t of change.added) attach(owner, rel, t);
        if (mode === "replace" && many) {
          // Rewrite positions so the list keeps exactly the order the client sent.
          store.edges.clear(owner, rel);
          for (const t of targets) store.edges.add(owner, rel, t);
        }
        notify("afterLink");
      });
    },
  };

  const ctx: RuleContext = { now: options.now, config, store, data, ...(options.request ? { request: options.request } : {}) };
  return data;
}
