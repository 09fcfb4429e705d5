import { ApiFailure } from "../api-failure.js";
import type { RuleContext, RuleHooks } from "../engine/rule-types.js";
import type { ResourceRef, Store, StoredResource } from "../store/open-store.js";

/** Apple's TestFlight limits per app (facts §9.1). */
export const TESTER_LIMITS = { internal: 100, external: 10_000 } as const;

type Kind = keyof typeof TESTER_LIMITS;

/** Tester ids in the app's internal and external groups. */
interface Membership {
  internal: Set<string>;
  external: Set<string>;
}

const kindOf = (group: StoredResource | undefined): Kind => (group?.attributes.isInternalGroup === true ? "internal" : "external");

/**
 * Counting an app's testers from the edges costs a scan of every membership, which made each add
 * of a 10,000-tester import pay for all earlier ones. So the sets are cached per store and kept
 * current by the link hooks; before refusing anything they are recounted from the store, so a
 * stale cache can never turn into a wrong 409.
 */
const caches = new WeakMap<Store, Map<string, Membership>>();

/** For code that writes memberships around the rules (raw `store.edges`): recount on next use. */
export function forgetTesterCounts(store: Store): void {
  caches.delete(store);
}

function scan(store: Store, appId: string): Membership {
  const m: Membership = { internal: new Set(), external: new Set() };
  for (const ref of store.edges.targets({ type: "apps", id: appId }, "betaGroups")) {
    const set = m[kindOf(store.get(ref.type, ref.id))];
    for (const t of store.edges.targets(ref, "betaTesters")) set.add(t.id);
  }
  return m;
}

function membership(store: Store, appId: string, fresh = false): Membership {
  let byApp = caches.get(store);
  if (!byApp) caches.set(store, (byApp = new Map()));
  let m = byApp.get(appId);
  if (!m || fresh) byApp.set(appId, (m = scan(store, appId)));
  return m;
}

function appOf(ctx: RuleContext, group: ResourceRef): ResourceRef | undefined {
  return ctx.store.edges.targets(group, "app")[0];
}

function refuse(kind: Kind, appName: string, current: number, adding: number): ApiFailure {
  const limit = TESTER_LIMITS[kind];
  const fit = Math.max(0, limit - current);
  return new ApiFailure({
    status: 409,
    code: "STATE_ERROR",
    title: "The request cannot be fulfilled because of the state of another resource.",
    detail: `The app '${appName}' can have at most ${limit} ${kind} testers. It has ${current}, so ${fit} of the ${adding} new testers fit.`,
    source: { pointer: "/data" },
  });
}

/** Limits on group membership, whichever side (group or tester) the link is made from. */
export const testerLimitRules: RuleHooks = {
  beforeLink(ctx, group, rel, change) {
    if (rel !== "betaTesters" || !change.added.length) return;
    const app = appOf(ctx, group);
    if (!app) return;
    const kind = kindOf(group);
    const count = (m: Membership) => ({ current: m[kind].size, adding: change.added.filter((t) => !m[kind].has(t.id)).length });
    let { current, adding } = count(membership(ctx.store, app.id));
    if (current + adding <= TESTER_LIMITS[kind]) return;
    ({ current, adding } = count(membership(ctx.store, app.id, true)));
    if (current + adding > TESTER_LIMITS[kind]) throw refuse(kind, String(ctx.store.get(app.type, app.id)?.attributes.name ?? app.id), current, adding);
  },
  afterLink(ctx, group, rel, change) {
    if (rel !== "betaTesters") return;
    const app = appOf(ctx, group);
    if (!app) return;
    const kind = kindOf(group);
    const m = membership(ctx.store, app.id);
    for (const t of change.added) m[kind].add(t.id);
    for (const t of change.removed) {
      const stillIn = ctx.store.edges
        .targets(t, "betaGroups")
        .some((g) => kindOf(ctx.store.get(g.type, g.id)) === kind && appOf(ctx, g)?.id === app.id);
      if (!stillIn) m[kind].delete(t.id);
    }
  },
  beforeDelete(ctx, group) {
    const app = appOf(ctx, group);
    if (app) caches.get(ctx.store)?.delete(app.id);
  },
};

/** A deleted tester leaves every cached count. */
export const testerDeleteRules: RuleHooks = {
  beforeDelete(ctx, tester) {
    for (const m of caches.get(ctx.store)?.values() ?? []) {
      m.internal.delete(tester.id);
      m.external.delete(tester.id);
    }
  },
};
