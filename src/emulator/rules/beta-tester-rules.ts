import type { RuleContext, RuleHooks } from "../engine/rule-types.js";
import type { Store, StoredResource } from "../store/open-store.js";

/** A tester belongs to the apps of the groups and builds they are given. */
function addAppsOf(ctx: RuleContext, tester: StoredResource, rel: string, added: Array<{ type: string; id: string }>): void {
  if (rel !== "betaGroups" && rel !== "builds") return;
  const apps = added.flatMap((r) => ctx.store.edges.targets(r, "app"));
  if (apps.length) ctx.data.link(tester, "apps", apps, "add");
}

/** Removing a tester from an app (DELETE /v1/apps/{id}/relationships/betaTesters) removes them from its groups and builds. */
function leaveApps(ctx: RuleContext, tester: StoredResource, removed: Array<{ type: string; id: string }>): void {
  for (const app of removed) {
    for (const rel of ["betaGroups", "builds"]) {
      const ofApp = ctx.store.edges.targets(tester, rel).filter((r) => ctx.store.edges.targets(r, "app").some((a) => a.id === app.id));
      if (ofApp.length) ctx.data.link(tester, rel, ofApp, "remove");
    }
  }
}

const emailKey = (value: unknown) => String(value ?? "").toLowerCase();

/**
 * Tester id by lower-cased e-mail, per store. Scanning every tester on each create made a
 * 10,000-tester import quadratic. Built by one scan, then kept up to date by the hooks below; a hit
 * is always re-checked against the store (a rolled-back create may leave a stale entry), so only
 * testers written around the rules (raw `store.insert`) could be missed.
 */
const emailIndexes = new WeakMap<Store, Map<string, string>>();

function emailIndex(store: Store): Map<string, string> {
  let index = emailIndexes.get(store);
  if (!index) {
    index = new Map();
    for (const t of store.list("betaTesters")) if (!index.has(emailKey(t.attributes.email))) index.set(emailKey(t.attributes.email), t.id);
    emailIndexes.set(store, index);
  }
  return index;
}

export function findTesterByEmail(store: Store, email: string): StoredResource | undefined {
  const key = emailKey(email);
  const id = emailIndex(store).get(key);
  const hit = id === undefined ? undefined : store.get("betaTesters", id);
  if (hit && emailKey(hit.attributes.email) === key) return hit;
  if (id !== undefined) {
    // Stale entry: rebuild once from the store.
    emailIndexes.delete(store);
    const fresh = emailIndex(store).get(key);
    return fresh === undefined ? undefined : store.get("betaTesters", fresh);
  }
  return undefined;
}

export const betaTesterRules: RuleHooks = {
  // Apple keeps one tester per e-mail address: creating it again adds the new groups to the same tester.
  findExisting(ctx, draft) {
    return findTesterByEmail(ctx.store, String(draft.attributes.email ?? ""));
  },
  beforeCreate(_ctx, draft) {
    draft.attributes = {
      firstName: null,
      lastName: null,
      inviteType: "EMAIL",
      state: "NOT_INVITED",
      appDevices: [],
      ...draft.attributes,
    };
  },
  afterCreate(ctx, tester) {
    emailIndex(ctx.store).set(emailKey(tester.attributes.email), tester.id);
  },
  afterDelete(ctx, tester) {
    const index = emailIndex(ctx.store);
    if (index.get(emailKey(tester.attributes.email)) === tester.id) index.delete(emailKey(tester.attributes.email));
  },
  afterLink(ctx, tester, rel, change) {
    addAppsOf(ctx, tester, rel, change.added);
    if (rel === "apps") leaveApps(ctx, tester, change.removed);
  },
};
