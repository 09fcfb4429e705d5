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
    // fetch's bare "fetch failed" hides the reason in its cause (port 9 is one fetch refuses to open); it is named.
    expect(await checkUrl("http://127.0.0.1:9/privacy", opts)).toEqual({ url: "http://127.0.0.1:9/privacy", reachable: false, reason: "fetch failed (bad port)" });
    // A name that does not resolve is marked as a DNS failure, so the preflight can tell "no network" from a dead domain.
    expect(await checkUrl("https://www.example.com/privacy", { fetch: dnsFails, timeoutMs: 300 })).toEqual({
      url: "https://www.example.com/privacy",
      reachable: false,
      reason: "could not resolve host www.example.com (ENOTFOUND)",
      dnsFailure: true,
    });
  });
});

/** What fetch throws for a host name that does not resolve (undici wraps getaddrinfo's error). */
const dnsError = (host: string, code = "ENOTFOUND") => new TypeError("fetch failed", { cause: Object.assign(new Error(`getaddrinfo ${code} ${host}`), { code, hostname: host }) });
const dnsFails: typeof fetch = async (input) => {
  throw dnsError(new URL(String(input)).hostname);
};

describe("review check without a network", () => {
  /** The URLs on public host names, as a real listing has them; fetch decides what "the network" answers. */
  async function publicUrls(h: ReleaseHarness) {
    await applyMetadata(h.client, ref, { locales: { "en-US": { privacyPolicyUrl: "https://www.example.com/privacy", supportUrl: "https://support.example.org/help", marketingUrl: null } } });
  }

  it("DNS failing for every host name is a warning that reachability was not checked, not a failure", async () => {
    const { h, web } = await setup();
    await ready(h, web);
    await publicUrls(h);
    const eaiAgain: typeof fetch = async (input) => {
      throw dnsError(new URL(String(input)).hostname, "EAI_AGAIN");
    };
    const report = await runPreflight(h.client, ref, { fetch: eaiAgain, urlTimeoutMs: 1000, media: false });
    const items = byId(report.items);
    expect(items["url.en-US.privacyPolicyUrl"]).toEqual({
      id: "url.en-US.privacyPolicyUrl",
      status: "warn",
      message: "en-US privacyPolicyUrl https://www.example.com/privacy: network unavailable, reachability not checked: could not resolve host www.example.com (EAI_AGAIN) (no network? use --offline to skip reachability).",
      fix: "Run the check where the internet is reachable (App Review will open this URL), or pass --offline to skip reachability.",
    });
    expect(items["url.en-US.supportUrl"]!.status).toBe("warn");
    expect(report.ok).toBe(true);
  });

  it("a host name that does not resolve while others do is a dead address: a failure", async () => {
    const { h, web } = await setup();
    await ready(h, web);
    await publicUrls(h);
    // The network works: support.example.org answers; www.example.com does not exist.
    const partly: typeof fetch = async (input) => {
      const host = new URL(String(input)).hostname;
      if (host === "support.example.org") return new Response("ok", { status: 200 });
      throw dnsError(host);
    };
    const report = await runPreflight(h.client, ref, { fetch: partly, urlTimeoutMs: 1000, media: false });
    const items = byId(report.items);
    expect(items["url.en-US.privacyPolicyUrl"]).toMatchObject({
      status: "fail",
      message: "en-US privacyPolicyUrl https://www.example.com/privacy is unreachable: could not resolve host www.example.com (ENOTFOUND), while other host names resolve.",
    });
    expect(items["url.en-US.supportUrl"]!.status).toBe("pass");
    expect(report.ok).toBe(false);

    // A refused connection proves the name resolved: DNS works, so the other name's failure is real too.
    const refused: typeof fetch = async (input) => {
      const host = new URL(String(input)).hostname;
      if (host === "support.example.org") throw new TypeError("fetch failed", { cause: Object.assign(new Error("connect ECONNREFUSED 192.0.2.1:443"), { code: "ECONNREFUSED" }) });
      throw dnsError(host);
    };
    const again = byId((await runPreflight(h.client, ref, { fetch: refused, urlTimeoutMs: 1000, media: false })).items);
    expect([again["url.en-US.privacyPolicyUrl"]!.status, again["url.en-US.supportUrl"]!.status]).toEqual(["fail", "fail"]);
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

    // --offline: a fetch is given (as the CLI always gives one) and never called.
    const hits = web.hits.length;
    const calls: string[] = [];
    const recording: typeof fetch = async (input, init) => {
      calls.push(String(input));
      return fetch(input, init);
    };
    const offline = await runPreflight(h.client, ref, { offline: true, fetch: recording });
    expect(calls).toEqual([]);
    expect(offline.ok).toBe(true);
    expect(byId(offline.items)["url.reachable"]).toMatchObject({ status: "warn", message: "3 URLs well-formed; reachability not checked (offline)." });
    expect(web.hits.length).toBe(hits);
    // The same recording fetch is used when not offline: the test above would notice calls.
    await runPreflight(h.client, ref, { fetch: recording, urlTimeoutMs: 1000, media: false });
    expect(calls.length).toBeGreaterThan(0);
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
    expect(items["build.export-compliance"]).toMatchObject({
      status: "fail",
      message: "Build 5 has no export compliance answer (usesNonExemptEncryption).",
      fix: `Answer it for this build: asckit builds compliance ${noCompliance} --uses-non-exempt-encryption false (or true if the app uses non-exempt encryption); for later builds, set ITSAppUsesNonExemptEncryption in Info.plist.`,
    });
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
