import { writeFile } from "node:fs/promises";
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { AscClient, Resource } from "../../../client/index.js";
import { AsckitError } from "../../../errors/asckit-error.js";
import type { DemoContext } from "./demo-context.js";

const VERSION = "1.2.0";
const LOCALES = ["en-US", "de-DE"] as const;
const SHOTS_PER_LOCALE = 3;
const POLL_MS = 500;

/** The German listing the demo adds when 1.2.0 has no de-DE localization yet (App Review needs these fields). */
const GERMAN = {
  description: "Demo App hält Listen, Notizen und Erinnerungen zusammen.",
  keywords: "Listen,Notizen,Erinnerungen,Produktivität",
  supportUrl: "https://example.com/demo/support",
};

/**
 * Issue 4, media: generated PNG screenshots and an MP4 preview at Apple's exact sizes, checked
 * locally (bad files never leave the machine), uploaded with the asset protocol, re-run to show
 * nothing is sent twice, then the media part of the App Store preflight. Leaves
 * `shared.versionId` (the editable 1.2.0 version) for the release part.
 */
export async function mediaSteps(demo: DemoContext): Promise<void> {
  const { client, ctx } = demo;
  const { findApp } = await import("../../../workflows/apps.js");
  const { resolveVersionId } = await import("../../../workflows/media/media-target.js");
  const { createPng, paletteFor } = await import("../../../workflows/media/png-writer.js");
  const { createMp4 } = await import("../../../workflows/media/mp4-writer.js");
  const { validateLocalMedia } = await import("../../../workflows/media/validate-media.js");
  const { SCREENSHOTS } = await import("../../../workflows/media/media-kind.js");
  const { uploadScreenshots, uploadPreviews, assertMediaSettled } = await import("../../../workflows/media/upload-media.js");
  const { mediaChecks } = await import("../../../workflows/media/media-preflight.js");

  demo.heading(`screenshots and previews for version ${VERSION}`);
  let versionId = typeof demo.shared.versionId === "string" ? demo.shared.versionId : "";
  let appId = "";
  if (!versionId) {
    const before = client.stats.requests;
    let created = false;
    appId = (await findApp(client, "com.example.demo")).id;
    try {
      versionId = await resolveVersionId(client, { app: appId, version: VERSION, platform: "IOS" });
    } catch (error) {
      if ((error as AsckitError).category !== "not_found") throw error;
      const res = await client.request("POST /v1/appStoreVersions", {
        body: { data: { type: "appStoreVersions", attributes: { platform: "IOS", versionString: VERSION }, relationships: { app: { data: { type: "apps", id: appId } } } } },
      });
      versionId = (res.document as { data: { id: string } }).data.id;
      created = true;
    }
    const result = `${created ? "created" : "found"} IOS version ${VERSION} (${versionId})`;
    // Find the app by bundle id, list its versions; create one when 1.2.0 is missing.
    demo.record({ step: `find version ${VERSION}`, requests: client.stats.requests - before, minimum: created ? 3 : 2, result });
    demo.say(`   ✓ ${result}`);
    demo.shared.versionId = versionId;
  }

  const added = await ensureLocales(demo, client, versionId, appId);

  // Real files at exact sizes, made for this run.
  const root = path.join(demo.workDir, "media");
  for (const [l, locale] of LOCALES.entries()) {
    for (let i = 0; i < SHOTS_PER_LOCALE; i++) {
      const file = path.join(root, locale, "APP_IPHONE_67", `0${i + 1}.png`);
      mkdirSync(path.dirname(file), { recursive: true });
      await writeFile(file, createPng({ width: 1290, height: 2796, ...paletteFor(l * 10 + i) }));
    }
  }
  mkdirSync(path.join(root, "en-US", "IPHONE_67"), { recursive: true });
  await writeFile(path.join(root, "en-US", "IPHONE_67", "preview.mp4"), createMp4({ width: 886, height: 1920, durationSeconds: 20 }));

  await demo.measure("check files locally (a bad folder)", 0, async () => {
    const bad = path.join(demo.workDir, "media-bad");
    mkdirSync(path.join(bad, "en-US", "APP_IPHONE_67"), { recursive: true });
    await writeFile(path.join(bad, "en-US", "APP_IPHONE_67", "01.png"), createPng({ width: 1290, height: 2795, top: [40, 40, 40] }));
    await writeFile(path.join(bad, "en-US", "APP_IPHONE_67", "02.png"), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xff, 0xc0, 0x00, 0x11, 0x08, 0x0a, 0xec, 0x05, 0x0a, 0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01, 0xff, 0xd9]));
    try {
      await validateLocalMedia(bad, SCREENSHOTS);
    } catch (error) {
      const lines = (error as { associatedErrors?: string[] }).associatedErrors ?? [];
      for (const line of lines) demo.say(`     ✗ ${line}`);
      return `refused before any request: ${(error as Error).message}`;
    }
    throw new AsckitError("The bad screenshots were accepted.", { category: "internal" });
  });

  const media = await validateLocalMedia(root, SCREENSHOTS);
  const files = media.sets.reduce((a, s) => a + s.files.length, 0);
  // Processing finishes this long after the last commit (the emulator's rule for images).
  const screenshotMs = demo.processingDelayMs / 2;
  const uploadRun = async (label: string, minimumUpload: number, kind: "screenshots" | "previews", processingMs: number) => {
    const before = client.stats.requests;
    let pollStart = -1;
    let pollStartedAt = 0;
    const lastCommit = new Map<string, number>();
    const progress = ctx.progress(`   ${kind}`);
    const result = await (kind === "screenshots" ? uploadScreenshots : uploadPreviews)(client, {
      input: root,
      target: { versionId },
      ...(kind === "screenshots" ? { media } : {}),
      timeoutMs: 60_000,
      intervalMs: POLL_MS,
      now: ctx.io.now,
      sleep: ctx.io.sleep,
      onProgress: (p) => {
        if (p.committed) lastCommit.set(`${p.committed.locale}/${p.committed.type}`, ctx.io.now());
        if (p.phase === "process" && pollStart < 0) {
          pollStart = client.stats.requests;
          pollStartedAt = ctx.io.now();
        }
        progress.update(p.done, p.total, p.status);
      },
    }).finally(() => progress.done());
    assertMediaSettled(result);
    const end = client.stats.requests;
    const uploadRequests = (pollStart < 0 ? end : pollStart) - before;
    const created = result.sets.filter((s) => s.createdSet).length;
    demo.record({ step: label, requests: uploadRequests, minimum: minimumUpload, result: `${result.uploaded} uploaded, ${result.kept} already there${created ? `, ${created} set${created === 1 ? "" : "s"} created` : ""}` });
    demo.say(`   ✓ ${label}: ${result.uploaded} uploaded, ${result.kept} already there`);
    if (pollStart >= 0) {
      // The fewest polls that can see COMPLETE: per set, one now and one per interval until its last commit is processed.
      const minimum = [...lastCommit.values()].reduce((sum, committedAt) => sum + 1 + Math.max(0, Math.ceil((committedAt + processingMs - pollStartedAt) / POLL_MS)), 0);
      const waited = ((ctx.io.now() - pollStartedAt) / 1000).toFixed(1);
      demo.record({ step: `wait for ${kind} processing`, requests: end - pollStart, minimum, result: `all COMPLETE after ${waited} s` });
      demo.say(`   ✓ all ${kind} COMPLETE after ${waited} s (${end - pollStart} polls for ${lastCommit.size} set${lastCommit.size === 1 ? "" : "s"}, polling every ${POLL_MS} ms)`);
    }
    return result;
  };

  demo.say(`   ${files} screenshots (1290×2796 PNG, APP_IPHONE_67) for ${LOCALES.join(" and ")}, one 20 s preview (886×1920 MP4, IPHONE_67)`);
  // API requests (the PUTs go to the storage host): 1 read of the localizations with their sets, 1 set create per locale, reserve and commit per file.
  const first = await uploadRun(`screenshots upload (${files} files)`, 1 + LOCALES.length + 2 * files, "screenshots", screenshotMs);
  demo.table(
    first.sets.flatMap((s) => s.files.map((f) => ({ locale: s.locale, type: s.type, position: f.position, file: f.fileName, state: f.state, id: f.id }))),
    ["locale", "type", "position", "file", "state", "id"],
  );
  // Again: 1 read of the localizations + 1 read per set; every checksum is already there.
  await uploadRun("screenshots upload again (idempotent)", 1 + LOCALES.length, "screenshots", 0);
  await uploadRun("previews upload (1 file)", 1 + 1 + 2, "previews", demo.processingDelayMs);

  await demo.measure("media preflight", 1 + 2 * LOCALES.length, async () => {
    const items = await mediaChecks(client, { versionId, platform: "IOS", supportsIpad: false });
    demo.table(items.map((i) => ({ status: i.status, check: i.id, message: i.message })), ["status", "check", "message"]);
    const failing = items.filter((i) => i.status === "fail").length;
    return failing ? `${failing} media checks fail` : `${items.length} media checks pass${added ? ` (added ${added})` : ""}`;
  });
}

/** The demo's second locale needs a version localization and an app info localization (name) before App Review. */
async function ensureLocales(demo: DemoContext, client: AscClient, versionId: string, knownAppId: string): Promise<string> {
  const { resolveDocument } = await import("../../../client/index.js");
  const before = client.stats.requests;
  const list = async (route: string, query: Record<string, string[]>) => (await client.collect(route, { query })) as Resource[];
  const existing = await list(`GET /v1/appStoreVersions/${versionId}/appStoreVersionLocalizations`, { "fields[appStoreVersionLocalizations]": ["locale"] });
  const missing = LOCALES.filter((l) => !existing.some((e) => e.attributes.locale === l));
  // Reading the localizations is the least this step can do; each missing locale costs its reads and creates.
  let minimum = 1;
  if (missing.length) {
    let appId = knownAppId;
    if (!appId) {
      const res = await client.request(`GET /v1/appStoreVersions/${versionId}/app`, { query: { "fields[apps]": ["bundleId"] } });
      appId = (resolveDocument(res.document).data as Resource).id;
      minimum++;
    }
    const infos = await list(`GET /v1/apps/${appId}/appInfos`, { "fields[appInfos]": ["state", "appStoreState"] });
    const info = infos.find((i) => !["READY_FOR_DISTRIBUTION", "REPLACED_WITH_NEW_INFO"].includes(String(i.attributes.state))) ?? infos[0];
    const infoLocales = info ? await list(`GET /v1/appInfos/${info.id}/appInfoLocalizations`, { "fields[appInfoLocalizations]": ["locale"] }) : [];
    minimum += info ? 2 : 1;
    for (const locale of missing) {
      await client.request("POST /v1/appStoreVersionLocalizations", {
        body: { data: { type: "appStoreVersionLocalizations", attributes: { locale, ...(locale === "de-DE" ? GERMAN : {}) }, relationships: { appStoreVersion: { data: { type: "appStoreVersions", id: versionId } } } } },
      });
      minimum++;
      if (info && !infoLocales.some((l) => l.attributes.locale === locale)) {
        await client.request("POST /v1/appInfoLocalizations", {
          body: { data: { type: "appInfoLocalizations", attributes: { locale, name: "Demo App" }, relationships: { appInfo: { data: { type: "appInfos", id: info.id } } } } },
        });
        minimum++;
      }
    }
  }
  const result = missing.length ? `added ${missing.join(", ")} to ${VERSION}` : `${VERSION} has ${LOCALES.join(" and ")}`;
  demo.record({ step: `localizations ${LOCALES.join(", ")}`, requests: client.stats.requests - before, minimum, result });
  demo.say(`   ✓ ${result}`);
  return missing.join(", ");
}
