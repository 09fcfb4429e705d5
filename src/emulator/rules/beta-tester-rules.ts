import type { RuleContext, RuleHooks } from "../engine/rule-types.js";
import type { StoredResource } from "../store/open-store.js";

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

export const betaTesterRules: RuleHooks = {
  // Apple keeps one tester per e-mail address: creating it again adds the new groups to the same tester.
  findExisting(ctx, draft) {
    const email = String(draft.attributes.email ?? "").toLowerCase();
    return ctx.store.list("betaTesters").find((t) => String(t.attributes.email).toLowerCase() === email);
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
  afterLink(ctx, tester, rel, change) {
    addAppsOf(ctx, tester, rel, change.added);
    if (rel === "apps") leaveApps(ctx, tester, change.removed);
  },
};
