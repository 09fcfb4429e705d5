import { AsckitError } from "../../../errors/asckit-error.js";
import { resolveCliCredentials } from "../../make-client.js";
import type { DemoContext } from "./demo-context.js";

/** Issue 2's tour: auth status → apps list → wait for a build → bundle ID validation and create. */
export async function foundationSteps(demo: DemoContext): Promise<void> {
  const { client, ctx } = demo;

  demo.heading("auth status: check the key against the API");
  const { checkAuth } = await import("../../../workflows/auth-status.js");
  await demo.measure("auth status", 1, async () => {
    const credentials = await resolveCliCredentials(demo.io, {});
    const status = await checkAuth(client, credentials, ctx.io.now);
    return `${status.keyType} key ${status.keyId} accepted by ${status.baseUrl}; clock skew ${status.clockSkewSeconds ?? "?"} s; budget ${status.rateLimit?.hourRemaining}/${status.rateLimit?.hourLimit} per hour`;
  });

  demo.heading("apps list");
  const { listApps, findApp } = await import("../../../workflows/apps.js");
  const { viewOf } = await import("../../../workflows/resource-view.js");
  await demo.measure("apps list", 1, async () => {
    const apps = (await listApps(client)).map(viewOf);
    demo.table(apps, ["id", "name", "bundleId", "sku"]);
    return `${apps.length} apps`;
  });

  demo.heading("wait for the newest build to finish processing");
  const { listBuilds, waitForBuild, buildView } = await import("../../../workflows/builds.js");
  let buildId = "";
  let readyAt = 0;
  await demo.measure("find the processing build", 2, async () => {
    const app = await findApp(client, "com.example.demo");
    const build = (await listBuilds(client, { appId: app.id, processingState: ["PROCESSING"] })).map(buildView)[0];
    if (!build) throw new AsckitError("The demo app has no build in PROCESSING.", { category: "internal" });
    buildId = String(build.id);
    readyAt = Date.parse(String(build.uploadedDate)) + demo.processingDelayMs;
    return `build ${String(build.marketingVersion)} (${String(build.version)}) is ${String(build.processingState)}`;
  });
  const intervalMs = 1000;
  const progress = ctx.progress(`   build ${buildId}`);
  const started = ctx.io.now();
  const before = client.stats.requests;
  const valid = await waitForBuild(client, buildId, {
    timeoutMs: readyAt - started + 60_000,
    intervalMs,
    now: ctx.io.now,
    sleep: ctx.io.sleep,
    onPoll: (state, elapsed) => progress.update(Math.min(elapsed, readyAt - started), Math.max(1, readyAt - started), state),
  });
  progress.done();
  const seconds = ((ctx.io.now() - started) / 1000).toFixed(1);
  // The fewest polls that can see VALID at this interval: one now, then one per interval until ready.
  const minimum = 1 + Math.max(0, Math.ceil((readyAt - started) / intervalMs));
  demo.record({ step: "builds wait", requests: client.stats.requests - before, minimum, result: `VALID after ${seconds} s` });
  demo.say(`   ✓ build ${String(valid.attributes.version)} is ${String(valid.attributes.processingState)} after ${seconds} s`);

  demo.heading("bundle IDs: validation and idempotent create");
  const { ensureBundleId } = await import("../../../workflows/bundle-ids.js");
  await demo.measure("reject a bad bundle ID locally", 0, async () => {
    try {
      await ensureBundleId(client, { identifier: "com.example.demo app", name: "Bad", platform: "IOS" });
    } catch (error) {
      if ((error as AsckitError).category !== "validation") throw error;
      return `rejected before any request: ${(error as Error).message}`;
    }
    throw new AsckitError("The bad bundle ID was accepted.", { category: "internal" });
  });
  await demo.measure("create com.example.demo.clips", 2, async () => {
    const r = await ensureBundleId(client, { identifier: "com.example.demo.clips", name: "Demo Clips", platform: "IOS" });
    return r.created ? `created bundle ID ${String(r.bundleId?.attributes.identifier)} (${r.bundleId?.id})` : "already existed";
  });
  await demo.measure("create it again", 1, async () => {
    const r = await ensureBundleId(client, { identifier: "com.example.demo.clips", name: "Demo Clips", platform: "IOS" });
    return r.created ? "created a duplicate!" : `already exists (${r.bundleId?.id}); nothing created`;
  });
}
