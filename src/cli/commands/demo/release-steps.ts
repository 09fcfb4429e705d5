import { readFile, writeFile } from "node:fs/promises";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { AsckitError } from "../../../errors/asckit-error.js";
import type { DemoContext } from "./demo-context.js";

const APP = "com.example.demo";
const VERSION = "1.2.0";
const REF = { app: APP, version: VERSION, platform: "IOS" };
/** How long the emulator's App Review takes in the demo (WAITING_FOR_REVIEW, then IN_REVIEW). */
const WAITING_MS = 1500;
const IN_REVIEW_MS = 2500;
const POLL_MS = 500;

/** What the demo writes into the pulled files, per locale (English for any other). */
const EDITS: Record<string, { whatsNew: string; promotionalText: string }> = {
  "en-US": { whatsNew: "New: home screen widgets, and sync is twice as fast.", promotionalText: "Now with widgets for your lists and reminders." },
  "de-DE": { whatsNew: "Neu: Widgets für den Home-Bildschirm, und der Abgleich ist doppelt so schnell.", promotionalText: "Jetzt mit Widgets für Listen und Erinnerungen." },
};
const FALLBACK = {
  description: "Demo App keeps your lists, notes and reminders together.",
  keywords: "lists,notes,reminders,productivity,widgets",
  supportUrl: "https://example.com/demo/support",
  name: "Demo App",
};

/**
 * Issue 4, release: the listing as files (pull → edit → plan → apply, re-run sends nothing, bad input
 * refused locally), the build attached, the preflight, the review submission, App Review completing
 * on the emulator's clock, and a 7-day phased release started. Runs after the media part, which
 * leaves screenshots and the de-DE localization on version 1.2.0.
 */
export async function releaseSteps(demo: DemoContext): Promise<void> {
  const { client, ctx, service } = demo;
  const engine = service.emulator.engine;
  const { configureReview } = await import("../../../emulator/release/index.js");
  const { applyMetadataDir, planMetadataDir, pullMetadata } = await import("../../../workflows/release/metadata.js");
  const { findVersion, updateVersion } = await import("../../../workflows/release/versions.js");
  const { preflightChecks } = await import("../../../workflows/release/preflight.js");
  const { readListing } = await import("../../../workflows/release/listing.js");
  const { submitForReview, waitForReview } = await import("../../../workflows/release/review-submissions.js");
  const { setPhasedReleaseState, startPhasedRelease } = await import("../../../workflows/release/phased-release.js");

  demo.heading(`the App Store listing of ${VERSION} as files: pull, edit, plan, apply`);
  const dir = path.join(demo.workDir, "metadata");
  let locales: string[] = [];
  // App lookup by bundle id, the version with its localizations and review details, the app infos with theirs.
  await demo.measure("metadata pull", 3, async () => {
    const pulled = await pullMetadata(client, REF, dir);
    locales = Object.keys(pulled.metadata.locales);
    return `wrote ${pulled.files.map((f) => path.basename(f)).join(", ")} to ${path.relative(demo.workDir, dir)}/`;
  });
  // The sample edit a release manager would make: What's New and promotional text per locale, the App Review contact, this year's copyright.
  for (const locale of locales) {
    const file = path.join(dir, `${locale}.json`);
    const current = JSON.parse(await readFile(file, "utf8")) as Record<string, unknown>;
    const fill = Object.fromEntries(Object.entries(FALLBACK).filter(([k]) => current[k] === null || current[k] === ""));
    await writeFile(file, `${JSON.stringify({ ...current, ...fill, ...(EDITS[locale] ?? EDITS["en-US"]) }, null, 2)}\n`);
  }
  const review = path.join(dir, "review.json");
  await writeFile(
    review,
    `${JSON.stringify({ ...JSON.parse(await readFile(review, "utf8")), contactFirstName: "Ada", contactLastName: "Lovelace", contactPhone: "+1 408 555 0100", contactEmail: "ada@example.com", notes: "Widgets: long-press the home screen, tap +, search for Demo App." }, null, 2)}\n`,
  );
  const version = path.join(dir, "version.json");
  await writeFile(version, `${JSON.stringify({ ...JSON.parse(await readFile(version, "utf8")), copyright: "2026 Example Inc." }, null, 2)}\n`);
  demo.say(`   edited ${locales.map((l) => `${l}.json`).join(", ")}, review.json and version.json`);

  let operations = 0;
  await demo.measure("metadata plan", 3, async () => {
    const { plan } = await planMetadataDir(client, REF, dir);
    operations = plan.operations.length;
    demo.table(
      plan.changes.map((c) => ({ where: c.scope === "reviewDetail" ? "review" : c.scope === "version" ? "version" : `${c.locale}`, field: c.field, to: String(c.to).slice(0, 60) })),
      ["where", "field", "to"],
    );
    return `${plan.changes.length} fields differ; apply will send ${plan.operations.length} requests`;
  });
  // Apply plans again from the live state (3 reads), then one write per resource that differs.
  await demo.measure("metadata apply", 3 + operations, async () => {
    const { plan, result } = await applyMetadataDir(client, REF, dir);
    return `applied ${plan.changes.length} fields in ${result?.applied.length ?? 0} requests`;
  });
  await demo.measure("metadata apply again", 3, async () => {
    const { plan } = await applyMetadataDir(client, REF, dir);
    return plan.operations.length ? `sent ${plan.operations.length} requests again!` : "nothing differs; nothing sent";
  });
  await demo.measure("reject 101-character keywords locally", 0, async () => {
    const bad = path.join(demo.workDir, "metadata-bad");
    mkdirSync(bad, { recursive: true });
    await writeFile(path.join(bad, "en-US.json"), JSON.stringify({ keywords: "k".repeat(101) }));
    try {
      await applyMetadataDir(client, REF, bad);
    } catch (error) {
      if ((error as AsckitError).category !== "validation") throw error;
      return `refused before any request: ${(error as Error).message}`;
    }
    throw new AsckitError("Keywords of 101 characters were accepted.", { category: "internal" });
  });

  demo.heading(`attach the ${VERSION} build and run the preflight`);
  let buildId = typeof demo.shared.uploadedBuildId === "string" ? demo.shared.uploadedBuildId : "";
  if (!buildId) {
    buildId = engine.scenario.addBuild({ appId: service.emulator.demo!.appId, version: "40", marketingVersion: VERSION, usesNonExemptEncryption: false, processingDelayMs: 0 }).buildId;
    demo.say(`   (no uploaded build: the emulator scenario delivers build ${VERSION} (40), as Xcode Cloud would)`);
  }
  // App and version lookups, the build with its app and version, the PATCH, the version read back.
  await demo.measure("versions update --build", 5, async () => {
    const result = await updateVersion(client, await findVersion(client, REF), { build: buildId }, { now: ctx.io.now() });
    return result.actions.join("; ");
  });
  // The listing (3 reads), live versions and open submissions, then the media checks: localizations, and sets of each kind per locale.
  await demo.measure("review check (offline)", 3 + 2 + 1 + 2 * locales.length, async () => {
    // Offline: the sample URLs live on example.com, and the demo opens no outside connections.
    const items = await preflightChecks(client, await readListing(client, REF), { offline: true });
    demo.table(items.map((i) => ({ status: i.status, check: i.id, finding: i.message })), ["status", "check", "finding"]);
    const failing = items.filter((i) => i.status === "fail");
    if (failing.length) throw new AsckitError(`The preflight failed: ${failing.map((i) => i.message).join("; ")}`, { category: "validation" });
    return `${items.length} checks, none failing (${items.filter((i) => i.status === "warn").length} warnings)`;
  });

  demo.heading("submit for App Review and watch it complete");
  configureReview(engine, { waitingForReviewMs: WAITING_MS, inReviewMs: IN_REVIEW_MS });
  demo.say(`   (the emulator's App Review takes ${(WAITING_MS + IN_REVIEW_MS) / 1000} s here)`);
  let submissionId = "";
  let submittedAt = 0;
  // App and version lookups, open submissions; create, add the version, submit.
  await demo.measure("review submit", 6, async () => {
    const result = await submitForReview(client, REF, {});
    submittedAt = ctx.io.now();
    submissionId = result.submission!.id;
    return result.message;
  });
  const before = client.stats.requests;
  const started = ctx.io.now();
  const readyAt = submittedAt + WAITING_MS + IN_REVIEW_MS;
  const progress = ctx.progress("   App Review");
  const done = await waitForReview(client, submissionId, {
    timeoutMs: 60_000,
    intervalMs: POLL_MS,
    now: ctx.io.now,
    sleep: ctx.io.sleep,
    onPoll: (state, elapsed) => progress.update(Math.min(elapsed, readyAt - started), Math.max(1, readyAt - started), state),
  }).finally(() => progress.done());
  // One poll now and one per interval until App Review decides.
  const minimum = 1 + Math.max(0, Math.ceil((readyAt - started) / POLL_MS));
  const seconds = ((ctx.io.now() - started) / 1000).toFixed(1);
  demo.record({ step: "review status --wait", requests: client.stats.requests - before, minimum, result: `${String(done.attributes.state)} after ${seconds} s` });
  demo.say(`   ✓ submission ${submissionId} is ${String(done.attributes.state)} after ${seconds} s`);
  await demo.measure("review submit again", 4, async () => (await submitForReview(client, REF, {})).message);

  demo.heading("release over 7 days with a phased release");
  // App and version (with its phased release) lookups, create the phased release, release the version, read it back.
  await demo.measure("phased-release start", 5, async () => (await startPhasedRelease(client, REF)).message);
  await demo.measure("phased-release pause", 3, async () => (await setPhasedReleaseState(client, REF, "PAUSED")).message);
  await demo.measure("phased-release resume", 3, async () => (await setPhasedReleaseState(client, REF, "ACTIVE")).message);
}
