import type { RuleContext, RuleHooks } from "../engine/rule-types.js";
import type { DemoSeed } from "../seed/seed-demo.js";
import type { StoredResource } from "../store/open-store.js";
import { ensureEditableAppInfo } from "./app-info-rules.js";
import { allTargets, setVersionState } from "./version-states.js";

const DAY_MS = 86_400_000;
// seedDemo records its ids under this key once the demo team exists.
const DEMO_SEED_KEY = "demoSeed";
const DONE_KEY = "release.demoSeeded";

/** The version the demo (and the docs) prepare for release. */
export const DEMO_RELEASE_VERSION = "1.2.0";

/**
 * The demo app's App Store history, added on the first read after `seedDemo` (which runs after the
 * features are registered): 1.0.0 live with a full en-US listing, and 1.2.0 in PREPARE_FOR_SUBMISSION
 * carrying that listing over, as App Store Connect does for a new version.
 */
function seedDemoRelease(ctx: RuleContext, app: StoredResource): void {
  const seed = ctx.store.meta.get<DemoSeed>(DEMO_SEED_KEY);
  if (!seed || seed.appId !== app.id || ctx.store.meta.get(DONE_KEY)) return;
  ctx.store.meta.set(DONE_KEY, true);
  ctx.store.transaction(() => {
    const iso = (ms: number) => new Date(ms).toISOString();
    const info = ensureEditableAppInfo(ctx, app);
    const infoLoc = allTargets(ctx, info, "appInfoLocalizations").find((l) => l.attributes.locale === "en-US");
    if (infoLoc)
      ctx.store.update(infoLoc.type, infoLoc.id, {
        attributes: { subtitle: "Everything, in one place", privacyPolicyUrl: "https://example.com/demo/privacy" },
      });
    const live = ctx.data.create({
      type: "appStoreVersions",
      attributes: { platform: "IOS", versionString: "1.0.0", copyright: "2025 Example Inc.", releaseType: "AFTER_APPROVAL" },
      relationships: { app, build: { type: "builds", id: seed.buildIds["2"] } },
    });
    ctx.data.create({
      type: "appStoreVersionLocalizations",
      attributes: {
        locale: "en-US",
        description: "Demo App keeps your lists, notes and reminders together.",
        keywords: "lists,notes,reminders,productivity",
        supportUrl: "https://example.com/demo/support",
        marketingUrl: "https://example.com/demo",
        promotionalText: null,
        whatsNew: "First release.",
      },
      relationships: { appStoreVersion: live },
    });
    ctx.data.create({
      type: "appStoreReviewDetails",
      attributes: { contactFirstName: "Ada", contactLastName: "Lovelace", contactPhone: "+1 408 555 0100", contactEmail: "ada@example.com", demoAccountRequired: false },
      relationships: { appStoreVersion: live },
    });
    setVersionState(ctx, live, "READY_FOR_DISTRIBUTION");
    ctx.store.update(live.type, live.id, { attributes: { createdDate: iso(ctx.now - 9 * DAY_MS) }, internal: { releasedAt: ctx.now - 8 * DAY_MS } });
    ctx.store.update(info.type, info.id, { attributes: { state: "READY_FOR_DISTRIBUTION", appStoreState: "READY_FOR_SALE" } });
    ctx.data.create({ type: "appStoreVersions", attributes: { platform: "IOS", versionString: DEMO_RELEASE_VERSION, copyright: "2025 Example Inc.", releaseType: "MANUAL" }, relationships: { app } });
  });
}

export const demoReleaseSeedRules: RuleHooks = {
  onRead(ctx, app) {
    seedDemoRelease(ctx, app);
    return app;
  },
};
