import { afterEach, describe, expect, it } from "vitest";
import type { CheckItem } from "../../../src/workflows/checklist.js";
import { applyMetadata } from "../../../src/workflows/release/metadata.js";
import { runPreflight } from "../../../src/workflows/release/preflight.js";
import { checkUrl } from "../../../src/workflows/release/url-check.js";
import { findVersion, updateVersion } from "../../../src/workflows/release/versions.js";
import { startReleaseHarness, type ReleaseHarness } from "./release-harness.js";
import { startUrlServer, type UrlServer } from "./url-server.js";

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((o) => o.close()));
});

const ref = { app: "com.example.demo", version: "1.2.0" };

/** The demo's 1.2.0 made complete with the workflows themselves, URLs on the local server. */
async function ready(h: ReleaseHarness, web: UrlServer) {
  const buildId = h.addBuild("1.2.0", "4");
  const target = await findVersion(h.client, ref);
  await updateVersion(h.client, target, { build: buildId }, { now: h.clock.now() });
  await applyMetadata(h.client, ref, {
    locales: { "en-US": { whatsNew: "Widgets.", privacyPolicyUrl: web.url("/privacy"), supportUrl: web.url("/support"), marketingUrl: web.url("/moved") } },
    review: { contactFirstName: "Ada", contactLastName: "Lovelace", contactPhone: "+1 408 555 0100", contactEmail: "ada@example.com" },
  });
  h.addScreenshots(target.version.id);
  return { buildId, versionId: target.version.id };
}

async function setup() {
  const h = await startReleaseHarness();
  const web = await startUrlServer();
  open.push(h, web);
  return { h, web };
}

const byId = (items: CheckItem[]) => Object.fromEntries(items.map((i) => [i.id, i]));

describe("checkUrl", () => {
  it("follows redirects, falls back to GET when HEAD is refused, and names why a URL is unreachable", async () => {
    const web = await startUrlServer();
    open.push(web);
    const opts = { fetch, timeoutMs: 300 };
    expect(await checkUrl(web.url("/ok"), opts)).toEqual({ url: web.url("/ok"), reachable: true, status: 200 });
    expect(await checkUrl(web.url("/moved"), opts)).toMatchObject({ reachable: true, status: 200 });
    expect(await checkUrl(web.url("/head-refused"), opts)).toMatchObject({ reachable: true, status: 200 });
    expect(web.hits.filter((h) => h.endsWith("/head-refused"))).toEqual(["HEAD /head-refused", "GET /head-refused"]);
    expect(await checkUrl(web.url("/missing"), opts)).toMatchObject({ reachable: false, status: 404, reason: "HTTP 404" });
    expect(await checkUrl(web.closedUrl, opts)).toEqual({ url: web.closedUrl, reachable: false, reason: "ECONNREFUSED" });
    expect(await checkUrl(web.url("/slow"), opts)).toMatchObject({ reachable: false, reason: "no answer within 300 ms" });
  });
});

describe("review check", () => {
  it("passes a complete version, with every URL opened", async () => {
    const { h, web } = await setup();
    await ready(h, web);
    const report = await runPreflight(h.client, ref, { fetch, urlTimeoutMs: 1000 });
    const failing = report.items.filter((i) => i.status === "fail");
    expect(failing).toEqual([]);
    expect(report.ok).toBe(true);
    const items = byId(report.items);
    expect(items["build.valid"]!.message).toBe("Build 4 is attached and VALID.");
    expect(items["build.export-compliance"]!.message).toBe("Export compliance answered: usesNonExemptEncryption is false.");
    expect(items["url.en-US.privacyPolicyUrl"]).toMatchObject({ status: "pass", message: `en-US privacyPolicyUrl ${web.url("/privacy")} is reachable (HTTP 200).` });
    expect(items["review.contact"]!.message).toBe("App Review contact: Ada Lovelace, ada@example.com, +1 408 555 0100.");
    expect(items["submission.open"]!.status).toBe("pass");
    expect(items["screenshots.en-US.iphone"]!.status).toBe("pass");
    expect(web.hits.some((x) => x === "HEAD /privacy")).toBe(true);
  });

  it("fails an unreachable privacy policy URL and a broken support URL, each with a fix; --offline skips the network", async () => {
    const { h, web } = await setup();
    await ready(h, web);
    await applyMetadata(h.client, ref, { locales: { "en-US": { privacyPolicyUrl: web.closedUrl, supportUrl: web.url("/missing") } } });
    const report = await runPreflight(h.client, ref, { fetch, urlTimeoutMs: 1000 });
    expect(report.ok).toBe(false);
    const items = byId(report.items);
    expect(items["url.en-US.privacyPolicyUrl"]).toEqual({
      id: "url.en-US.privacyPolicyUrl",
      status: "fail",
      message: `en-US privacyPolicyUrl ${web.closedUrl} is unreachable: ECONNREFUSED.`,
      fix: "App Review opens this URL: publish the page or fix the address.",
    });
    expect(items["url.en-US.supportUrl"]!.message).toContain("is unreachable: HTTP 404.");

    const hits = web.hits.length;
    const offline = await runPreflight(h.client, ref, { offline: true });
    expect(offline.ok).toBe(true);
    expect(byId(offline.items)["url.reachable"]).toMatchObject({ status: "warn", message: "3 URLs well-formed; reachability not checked (offline)." });
    expect(web.hits.length).toBe(hits);
  });

  it("lists what an incomplete version is missing: build, listing, contact, screenshots", async () => {
    const { h } = await setup();
    const report = await runPreflight(h.client, ref, { offline: true });
    const failed = report.items.filter((i) => i.status === "fail").map((i) => i.id);
    expect(failed).toEqual(["build.attached", "build.export-compliance", "localization.en-US.whatsNew", "review.contact", "screenshots.en-US.iphone"]);
    for (const item of report.items.filter((i) => i.status !== "pass")) expect(item.fix).toBeTruthy();
    expect(report.counts.fail).toBe(5);
  });

  it("fails a build that turned INVALID and one without export compliance", async () => {
    const { h, web } = await setup();
    const { buildId } = await ready(h, web);
    h.emulator.engine.scenario.setBuildOutcome(buildId, "INVALID");
    let items = byId((await runPreflight(h.client, ref, { offline: true })).items);
    expect(items["build.valid"]).toMatchObject({ status: "fail", message: "Build 4 is INVALID." });

    const noCompliance = h.addBuild("1.2.0", "5", { usesNonExemptEncryption: null });
    await updateVersion(h.client, await findVersion(h.client, ref), { build: noCompliance }, { now: h.clock.now() });
    items = byId((await runPreflight(h.client, ref, { offline: true })).items);
    expect(items["build.valid"]!.status).toBe("pass");
    expect(items["build.export-compliance"]).toMatchObject({ status: "fail", message: "Build 5 has no export compliance answer (usesNonExemptEncryption)." });
  });

  it("fails when another submission is in review for the platform", async () => {
    const { h } = await setup();
    h.review({ waitingForReviewMs: 60_000 });
    // Another submission of the demo app, already waiting for App Review.
    const data = h.emulator.engine.data(h.clock.now());
    const submission = data.create({ type: "reviewSubmissions", attributes: { platform: "IOS" }, relationships: { app: { type: "apps", id: h.demoAppId } } });
    h.emulator.engine.store.update("reviewSubmissions", submission.id, { attributes: { state: "WAITING_FOR_REVIEW" }, internal: { submittedAt: h.clock.now(), waitingForReviewMs: 60_000, inReviewMs: 60_000 } });
    const items = byId((await runPreflight(h.client, ref, { offline: true, media: false })).items);
    expect(items["submission.open"]).toMatchObject({
      status: "fail",
      message: `Submission ${submission.id} is WAITING_FOR_REVIEW; only one submission per platform can be open.`,
      fix: `Wait for it to complete, or cancel it: asckit review cancel --submission ${submission.id}`,
    });
  });
});
