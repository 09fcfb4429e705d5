import { AsckitError } from "../../../errors/asckit-error.js";
import type { DemoContext } from "./demo-context.js";

/**
 * Issue 3, TestFlight: beta information → an external group with a public link → testers from a
 * CSV (with a bad row and a duplicate) → distribute the uploaded build to an internal and an
 * external group → watch Beta App Review approve it → final states.
 */
export async function testflightSteps(demo: DemoContext): Promise<void> {
  const { client, ctx } = demo;
  const { findApp } = await import("../../../workflows/apps.js");
  const { listBuilds } = await import("../../../workflows/builds.js");
  const { setBetaInfo } = await import("../../../workflows/testflight/beta-info.js");
  const { createGroup } = await import("../../../workflows/testflight/beta-groups.js");
  const { parseTesterCsv } = await import("../../../workflows/testflight/tester-csv.js");
  const { importTesters } = await import("../../../workflows/testflight/import-testers.js");
  const { distributeBuild } = await import("../../../workflows/testflight/distribute.js");
  const { waitForBetaReview } = await import("../../../workflows/testflight/beta-review.js");
  const { getTestflightBuild, testflightStatus } = await import("../../../workflows/testflight/build-ref.js");
  const { betaReviewScenario } = await import("../../../emulator/testflight/index.js");

  // Apple's reviewers take hours; the demo's take a few seconds.
  const review = betaReviewScenario(demo.service.emulator.engine).setTiming({ waitingForReviewMs: 1500, inReviewMs: 2000 });

  demo.heading("testflight info set: what Beta App Review needs");
  let appId = "";
  await demo.measure("find the app", 1, async () => {
    const app = await findApp(client, "com.example.demo");
    appId = app.id;
    return `${String(app.attributes.name)} (${app.id}), primary locale ${String(app.attributes.primaryLocale)}`;
  });
  await demo.measure("testflight info set", 4, async () => {
    const result = await setBetaInfo(client, appId, {
      localization: { locale: "en-US", description: "The demo app: everything, in one place.", feedbackEmail: "beta@example.com", privacyPolicyUrl: "https://example.com/demo/privacy" },
      reviewDetail: { contactFirstName: "Ada", contactLastName: "Lovelace", contactPhone: "+1 408 555 0100", contactEmail: "ada@example.com", notes: "No login needed." },
    });
    return `beta app localization en-US ${result.localization?.action}d, review contact ${result.reviewDetail?.action}d (${Object.keys(result.reviewDetail?.changes ?? {}).length} fields)`;
  });

  demo.heading("testflight groups create: an external group with a public link");
  const groupName = "Demo Beta";
  await demo.measure("groups create", 2, async () => {
    const result = await createGroup(client, { appId, name: groupName, kind: "external", publicLinkLimit: 200 });
    const g = result.group!;
    return `${result.created ? "created" : "found"} "${groupName}" (${g.id}): public link ${String(g.attributes.publicLink)}, limit ${String(g.attributes.publicLinkLimit)}`;
  });

  demo.heading("testers import: a CSV with a bad row and a duplicate");
  const csv = [
    "email,first name,last name,groups",
    "lin@example.com,Lin,Chen,",
    "sam@example.com,Sam,Okafor,",
    "not-an-email,Bad,Row,",
    "noor@example.com,Noor,Haddad,",
    "SAM@example.com,Sam,Again,",
    "ivy@example.com,Ivy,Novak,",
    "ada@example.com,Ada,Lovelace,",
  ].join("\n");
  const parsed = parseTesterCsv(csv);
  for (const p of parsed.problems) demo.say(`   line ${p.line}: ${p.kind === "duplicate" ? "duplicate, skipped" : "skipped"}: ${p.message}`);
  const newTesters = parsed.rows.filter((r) => r.email !== "ada@example.com").length;
  // Reads: the app's groups and its testers; writes: one POST per new tester, one batch for Ada, who already exists.
  await demo.measure("testers import", 2 + newTesters + 1, async () => {
    const result = await importTesters(client, { appId, appName: "Demo App", groups: [groupName], rows: parsed.rows });
    return `${parsed.rows.length} rows: created ${result.created}, added ${result.linked} existing tester in one batch, ${result.alreadyMembers} already members; external testers now ${result.counts.external.after} of ${result.counts.external.limit}`;
  });
  await demo.measure("testers import, again", 2, async () => {
    const result = await importTesters(client, { appId, groups: [groupName], rows: parsed.rows });
    return `re-run: ${result.alreadyMembers} already in the group, ${result.created + result.linked} written`;
  });

  demo.heading("testflight distribute: internal and external groups, Beta App Review");
  let buildId = typeof demo.shared.uploadedBuildId === "string" ? demo.shared.uploadedBuildId : "";
  if (!buildId) {
    await demo.measure("pick the newest VALID build", 1, async () => {
      const build = (await listBuilds(client, { appId, processingState: ["VALID"], max: 1 }))[0];
      if (!build) throw new AsckitError("The demo app has no VALID build to distribute.", { category: "internal" });
      buildId = build.id;
      return `build ${build.id} (${String(build.attributes.version)})`;
    });
  }
  let answered = true;
  await demo.measure("testflight status", 1, async () => {
    const status = testflightStatus(await getTestflightBuild(client, buildId));
    answered = typeof status.usesNonExemptEncryption === "boolean";
    return `build ${buildId}: ${String(status.processingState)}, internal ${String(status.internalBuildState)}, external ${String(status.externalBuildState)}`;
  });
  const submittedBefore = ctx.io.now();
  // Reads: the build (with its beta detail, groups and What to Test), the groups, the beta app
  // localizations and review detail; writes: groups, What to Test, the submission (plus the export
  // compliance PATCH when the Info.plist did not answer it); then the final read of the states.
  await demo.measure("testflight distribute", 8 + (answered ? 0 : 1), async () => {
    const result = await distributeBuild(client, {
      build: { buildId },
      groups: ["Internal Testers", groupName],
      whatToTest: { text: "Try importing testers from a CSV, then check the new settings screen." },
      ...(answered ? {} : { usesNonExemptEncryption: false }),
      wait: { timeoutMs: 60_000, intervalMs: 500, now: ctx.io.now, sleep: ctx.io.sleep },
      onStep: (s) => demo.say(`   ${s.status === "done" ? "→" : "·"} ${s.step}: ${s.detail}`),
    });
    return `distributed; Beta App Review ${result.submission?.betaReviewState}, external state ${String(result.externalBuildState)}`;
  });

  const intervalMs = 500;
  const started = ctx.io.now();
  const before = client.stats.requests;
  const total = review.waitingForReviewMs + review.inReviewMs;
  const bar = ctx.progress("   Beta App Review");
  await waitForBetaReview(client, buildId, {
    timeoutMs: total + 60_000,
    intervalMs,
    now: ctx.io.now,
    sleep: ctx.io.sleep,
    onPoll: (state, elapsed) => bar.update(Math.min(elapsed, total), total, state),
  });
  bar.done();
  const seconds = ((ctx.io.now() - started) / 1000).toFixed(1);
  // No poller sees APPROVED sooner than one request now and one per interval until the review ends;
  // the review started after `submittedBefore`, so this minimum can only be too low, never flattering.
  const minimum = 1 + Math.max(0, Math.ceil((submittedBefore + total - started) / intervalMs));
  demo.record({ step: "wait for Beta App Review", requests: client.stats.requests - before, minimum, result: `APPROVED after ${seconds} s` });

  await demo.measure("final states", 1, async () => {
    const status = testflightStatus(await getTestflightBuild(client, buildId));
    demo.table([status], ["id", "marketingVersion", "version", "internalBuildState", "externalBuildState", "betaReviewState", "groups"]);
    return `internal ${String(status.internalBuildState)}, external ${String(status.externalBuildState)}`;
  });
}
