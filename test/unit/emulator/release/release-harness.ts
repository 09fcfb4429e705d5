// An engine with the release feature registered and the demo team seeded, driven without HTTP.
import { registerRelease } from "../../../../src/emulator/release/index.js";
import { seedDemo } from "../../../../src/emulator/engine/index.js";
import { createHarness, type Harness } from "../engine/engine-harness.js";

export const DAY = 86_400_000;

export function createReleaseHarness() {
  const h = createHarness({ config: { processingDelayMs: 1000 } });
  registerRelease(h.engine);
  const demo = seedDemo(h.engine);
  h.clock.advance(2000);
  return { ...h, demo, ...helpers(h) };
}

function helpers(h: Harness) {
  const ok = async (method: "GET" | "POST" | "PATCH" | "DELETE", url: string, body?: unknown) => {
    const r = await h.call(method, url, body);
    if (r.status >= 400) throw new Error(`${method} ${url} → ${r.status} ${JSON.stringify(r.body)}`);
    return r;
  };
  return {
    ok,
    /** The app's versions, newest first by creation. */
    async versions(appId: string) {
      return (await ok("GET", `/v1/apps/${appId}/appStoreVersions?include=build,appStoreVersionLocalizations,appStoreReviewDetail`)).body;
    },
    async createVersion(appId: string, versionString: string, attributes: Record<string, unknown> = {}) {
      const r = await ok("POST", "/v1/appStoreVersions", {
        data: { type: "appStoreVersions", attributes: { platform: "IOS", versionString, ...attributes }, relationships: { app: { data: { type: "apps", id: appId } } } },
      });
      return r.body.data.id as string;
    },
    async addLocalization(versionId: string, locale: string, attributes: Record<string, unknown>) {
      const r = await ok("POST", "/v1/appStoreVersionLocalizations", {
        data: { type: "appStoreVersionLocalizations", attributes: { locale, ...attributes }, relationships: { appStoreVersion: { data: { type: "appStoreVersions", id: versionId } } } },
      });
      return r.body.data.id as string;
    },
    /** Screenshots the way the media feature leaves them: a set with one COMPLETE screenshot. */
    addScreenshots(localizationId: string, displayType = "APP_IPHONE_67") {
      const data = h.engine.data(h.clock.now());
      const set = data.create({ type: "appScreenshotSets", attributes: { screenshotDisplayType: displayType }, relationships: { appStoreVersionLocalization: { type: "appStoreVersionLocalizations", id: localizationId } } });
      data.create({ type: "appScreenshots", attributes: { fileName: "1.png", fileSize: 10, assetDeliveryState: { state: "COMPLETE", errors: [], warnings: [] } }, relationships: { appScreenshotSet: set } });
      return set.id;
    },
  };
}
