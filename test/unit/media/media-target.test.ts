import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { listMedia } from "../../../src/workflows/media/list-media.js";
import { SCREENSHOTS } from "../../../src/workflows/media/media-kind.js";
import { resolveVersionId } from "../../../src/workflows/media/media-target.js";
import { startMediaHarness, type MediaHarness } from "./media-harness.js";

let h: MediaHarness;
beforeEach(async () => {
  h = await startMediaHarness();
});
afterEach(async () => {
  await h.close();
});

describe("which version", () => {
  it("uses --version-id as given, without a request", async () => {
    expect(await resolveVersionId(h.client, { versionId: "123" })).toBe("123");
    expect(h.exchanges).toHaveLength(0);
  });

  it("finds a version by exact bundle id and version string, or the app's one editable version", async () => {
    expect(await resolveVersionId(h.client, { app: "com.example.widgettools", version: "3.0.0" })).toBe(h.versionId);
    expect(await resolveVersionId(h.client, { app: "com.example.widgettools" })).toBe(h.versionId);
    expect(await resolveVersionId(h.client, { app: h.emulator.demo!.secondAppId, version: "3.0.0" })).toBe(h.versionId);
  });

  it("says what exists when nothing matches, and asks for a version when nothing says which", async () => {
    const missing = await resolveVersionId(h.client, { app: "com.example.widgettools", version: "3.0" }).catch((e: unknown) => e);
    expect(missing).toMatchObject({ category: "not_found", message: 'App com.example.widgettools has no IOS version "3.0".', hint: expect.stringContaining("3.0.0 (PREPARE_FOR_SUBMISSION") });
    const tv = await resolveVersionId(h.client, { app: "com.example.widgettools", platform: "TV_OS" }).catch((e: unknown) => e);
    expect(tv).toMatchObject({ category: "not_found", message: "App com.example.widgettools has no editable TV_OS version." });
    await expect(resolveVersionId(h.client, {})).rejects.toMatchObject({ category: "usage" });
  });

  it("lists nothing for a version without screenshots", async () => {
    expect(await listMedia(h.client, SCREENSHOTS, { versionId: h.versionId })).toEqual([]);
  });
});
