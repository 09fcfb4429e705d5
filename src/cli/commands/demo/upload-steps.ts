import { writeFile } from "node:fs/promises";
import path from "node:path";
import { AsckitError } from "../../../errors/asckit-error.js";
import type { DemoContext } from "./demo-context.js";
import { makeDemoIpa } from "./make-demo-ipa.js";

/**
 * Issue 3, builds: next build number → make and inspect an .ipa → upload through the Build Upload
 * API, interrupted and resumed → wait for processing. Leaves `shared.uploadedBuildId` for distribution.
 */
export async function uploadSteps(demo: DemoContext): Promise<void> {
  const { client, ctx } = demo;
  const { findApp } = await import("../../../workflows/apps.js");
  const { nextBuildNumber } = await import("../../../workflows/builds/next-build-number.js");
  const { uploadBuild, waitForBuildUpload } = await import("../../../workflows/builds/upload-build.js");
  const { fileUploadJournal } = await import("../../../workflows/builds/upload-journal.js");
  const { inspectPackage } = await import("../../../workflows/packages/index.js");
  const { getBuild, buildView } = await import("../../../workflows/builds.js");

  demo.heading("builds next-number: the next free build number for 1.2.0");
  let buildNumber = "";
  let appId = "";
  await demo.measure("builds next-number", 3, async () => {
    appId = (await findApp(client, "com.example.demo")).id;
    const next = await nextBuildNumber(client, { appId, marketingVersion: "1.2.0" });
    buildNumber = next.next;
    return `highest in use for 1.2.0: ${next.highest ?? "none"} (${next.builds} builds, ${next.uploadsInFlight} uploads in flight) → next ${next.next}`;
  });

  demo.heading("ipa inspect: a fresh .ipa made for this run");
  const file = path.join(demo.workDir, "Demo.ipa");
  await writeFile(file, await makeDemoIpa({ bundleId: "com.example.demo", version: "1.2.0", buildNumber, fillerBytes: 420 * 1024 }));
  const info = await inspectPackage(file);
  await demo.measure("ipa inspect", 0, async () => {
    demo.table(
      [{ CFBundleIdentifier: info.bundleId, CFBundleShortVersionString: info.marketingVersion, CFBundleVersion: info.buildNumber, MinimumOSVersion: info.minimumOsVersion, platform: info.platform, ITSAppUsesNonExemptEncryption: info.usesNonExemptEncryption, bytes: info.fileSize }],
      ["CFBundleIdentifier", "CFBundleShortVersionString", "CFBundleVersion", "MinimumOSVersion", "platform", "ITSAppUsesNonExemptEncryption", "bytes"],
    );
    return `read ${info.source} locally, no request`;
  });

  demo.heading("builds upload: Build Upload API, interrupted after 2 parts, then resumed");
  const journal = fileUploadJournal(path.join(demo.workDir, "uploads"));
  const base = { file, info, journal, concurrency: 2, now: ctx.io.now, sleep: ctx.io.sleep };
  // Each upload reads the app, its build numbers (builds + uploads) and its App Store versions (the train) first.
  await demo.measure("upload, interrupted", 6, async () => {
    // Stands in for Ctrl-C or a CI job killed mid-upload; the journal remembers the parts that arrived.
    const stop = new AbortController();
    const error = await uploadBuild(client, {
      ...base,
      signal: stop.signal,
      onProgress: (p) => {
        if (p.phase === "upload" && p.partsDone >= 2) stop.abort();
      },
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    if (!error) throw new AsckitError("The demo upload was not interrupted.", { category: "internal" });
    const uploads = demo.service.emulator.engine.store.list("buildUploads").filter((u) => u.attributes.cfBundleVersion === buildNumber);
    return `stopped with 2 parts delivered; buildUpload ${uploads[0]?.id ?? "?"} is ${String((uploads[0]?.attributes.state as { state?: string } | undefined)?.state)}`;
  });
  let committedAt = 0;
  let result: Awaited<ReturnType<typeof uploadBuild>> | undefined;
  const progress = ctx.progress("   parts");
  await demo.measure("upload, resumed", 7, async () => {
    result = await uploadBuild(client, {
      ...base,
      onProgress: (p) => {
        if (p.phase === "upload") progress.update(p.bytesDone, p.bytesTotal, `${p.partsDone}/${p.partsTotal} parts`);
        if (p.phase === "commit") committedAt = ctx.io.now();
      },
    });
    progress.done();
    const count = demo.service.emulator.engine.store.list("buildUploads").filter((u) => u.attributes.cfBundleVersion === buildNumber).length;
    return `${result.action} buildUpload ${result.buildUploadId}: sent ${result.partsSent} of ${result.partsTotal} parts (${result.partsSkipped} already there), committed with MD5 → ${result.uploadState}; ${count} buildUpload for 1.2.0 (${buildNumber})`;
  });

  demo.heading("wait: upload processed → build appears → VALID");
  const intervalMs = 500;
  const readyAt = committedAt + demo.processingDelayMs;
  const started = ctx.io.now();
  const before = client.stats.requests;
  const waitBar = ctx.progress(`   build ${buildNumber}`);
  const done = await waitForBuildUpload(client, result!.buildUploadId!, {
    appId,
    timeoutMs: readyAt - started + 60_000,
    intervalMs,
    now: ctx.io.now,
    sleep: ctx.io.sleep,
    onProgress: (p) => {
      if (p.phase === "processing") waitBar.update(Math.min(p.elapsedMs, readyAt - started), Math.max(1, readyAt - started), `upload ${p.uploadState}${p.processingState ? `, build ${p.processingState}` : ""}`);
    },
  });
  waitBar.done();
  // No poller sees VALID sooner than one request now and one per interval until processing ends.
  const minimum = 1 + Math.max(0, Math.ceil((readyAt - started) / intervalMs));
  const seconds = ((ctx.io.now() - started) / 1000).toFixed(1);
  demo.record({ step: "wait for processing", requests: client.stats.requests - before, minimum, result: `${done.processingState} after ${seconds} s` });
  await demo.measure("builds get", 1, async () => {
    const build = buildView(await getBuild(client, done.buildId));
    demo.table([build], ["id", "marketingVersion", "version", "processingState", "minOsVersion", "usesNonExemptEncryption", "internalBuildState", "externalBuildState"]);
    return `build ${done.buildId} is ${done.processingState}; ITSAppUsesNonExemptEncryption in Info.plist answered export compliance (${String(build.internalBuildState)})`;
  });
  demo.shared.uploadedBuildId = done.buildId;
}
