import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createClient } from "../../../src/client/index.js";
import { createTokenProvider } from "../../../src/auth/index.js";
import { ValidationError } from "../../../src/errors/asckit-error.js";
import { MetadataApplyError } from "../../../src/workflows/release/metadata-apply.js";
import { applyMetadataDir, planMetadataDir, pullMetadata } from "../../../src/workflows/release/metadata.js";
import { findVersion } from "../../../src/workflows/release/versions.js";
import { startReleaseHarness, stored, storedLocales, type ReleaseHarness } from "./release-harness.js";

const open: ReleaseHarness[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((h) => h.close()));
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function setup() {
  const h = await startReleaseHarness();
  open.push(h);
  const dir = mkdtempSync(path.join(os.tmpdir(), "asckit-md-"));
  dirs.push(dir);
  const ref = { app: "com.example.demo", version: "1.2.0" };
  const versionId = (await findVersion(h.client, ref)).version.id;
  return { h, dir, ref, versionId };
}

const write = (dir: string, name: string, value: unknown) => writeFileSync(path.join(dir, name), JSON.stringify(value, null, 2));
const edit = (dir: string, name: string, change: Record<string, unknown>) => write(dir, name, { ...JSON.parse(readFileSync(path.join(dir, name), "utf8")), ...change });

const LOCALES = ["de-DE", "es-ES", "fr-FR", "it", "ja"] as const;

function addLocales(dir: string) {
  for (const locale of LOCALES)
    write(dir, `${locale}.json`, { name: `Demo ${locale}`, description: `Description ${locale}`, keywords: `k,${locale}`, supportUrl: `https://example.com/${locale}/support`, whatsNew: `New in ${locale}` });
}

describe("metadata pull, plan and apply", () => {
  it("pull writes the listing; plan of an untouched pull is empty", async () => {
    const { h, dir, ref } = await setup();
    const pulled = await pullMetadata(h.client, ref, dir);
    expect(pulled.files.map((f) => path.basename(f))).toEqual(["en-US.json", "review.json", "version.json"]);
    expect(JSON.parse(readFileSync(path.join(dir, "en-US.json"), "utf8"))).toMatchObject({
      name: "Demo App",
      privacyPolicyUrl: "https://example.com/demo/privacy",
      keywords: "lists,notes,reminders,productivity",
      whatsNew: null,
    });
    expect(JSON.parse(readFileSync(path.join(dir, "version.json"), "utf8"))).toEqual({ copyright: "2025 Example Inc.", releaseType: "MANUAL", earliestReleaseDate: null });
    const { plan } = await planMetadataDir(h.client, ref, dir);
    expect(plan.changes).toEqual([]);
    expect(plan.operations).toEqual([]);
  });

  it("plan lists each differing field; apply sends one request per resource; a second apply sends nothing", async () => {
    const { h, dir, ref, versionId } = await setup();
    await pullMetadata(h.client, ref, dir);
    edit(dir, "en-US.json", { whatsNew: "Widgets.", keywords: "lists,notes,widgets" });
    edit(dir, "review.json", { contactFirstName: "Ada", contactLastName: "Lovelace", contactPhone: "+1 408 555 0100", contactEmail: "ada@example.com", demoAccountPassword: "hunter2" });
    write(dir, "de-DE.json", { name: "Demo App", subtitle: "Alles an einem Ort", description: "Listen.", keywords: "listen", supportUrl: "https://example.com/de" });
    const { plan } = await planMetadataDir(h.client, ref, dir);
    expect(plan.changes.map((c) => `${c.scope} ${c.locale ?? ""} ${c.field}`.replace("  ", " "))).toEqual([
      "appInfoLocalization de-DE name",
      "appInfoLocalization de-DE subtitle",
      "versionLocalization de-DE description",
      "versionLocalization de-DE keywords",
      "versionLocalization de-DE supportUrl",
      "versionLocalization en-US keywords",
      "versionLocalization en-US whatsNew",
      "reviewDetail contactFirstName",
      "reviewDetail contactLastName",
      "reviewDetail contactPhone",
      "reviewDetail contactEmail",
      "reviewDetail demoAccountPassword",
    ]);
    expect(plan.changes.find((c) => c.field === "keywords" && c.locale === "en-US")).toMatchObject({ from: "lists,notes,reminders,productivity", to: "lists,notes,widgets" });
    expect(plan.changes.find((c) => c.field === "demoAccountPassword")).toMatchObject({ from: null, to: "********" });
    expect(JSON.stringify(plan.changes)).not.toContain("hunter2");

    const mark = h.exchanges.length;
    const { result } = await applyMetadataDir(h.client, ref, dir);
    const writes = h.writesSince(mark).map((e) => `${e.method} ${new URL(e.url).pathname.replace(/\/[0-9a-f-]{36}$/, "/{id}")}`);
    expect(writes).toEqual(["POST /v1/appInfoLocalizations", "POST /v1/appStoreVersionLocalizations", "PATCH /v1/appStoreVersionLocalizations/{id}", "POST /v1/appStoreReviewDetails"]);
    expect(result?.applied).toHaveLength(4);
    expect(storedLocales(h, versionId)).toEqual(["de-DE", "en-US"]);

    const again = h.exchanges.length;
    const second = await applyMetadataDir(h.client, ref, dir);
    expect(second.plan.operations).toEqual([]);
    expect(h.writesSince(again)).toEqual([]);
  });

  it("never writes the demo account password to disk, and apply round-trips it: kept, or sent from the environment", async () => {
    const { h, dir, ref, versionId } = await setup();
    write(dir, "review.json", { contactFirstName: "Ada", contactLastName: "Lovelace", contactPhone: "+1 408 555 0100", contactEmail: "ada@example.com", demoAccountRequired: true, demoAccountName: "demo", demoAccountPassword: "hunter2" });
    await applyMetadataDir(h.client, ref, dir);
    const detailId = () => h.emulator.engine.data(h.clock.now()).relatedResources({ type: "appStoreVersions", id: versionId }, "appStoreReviewDetail")[0]!.id;
    expect(stored(h, "appStoreReviewDetails", detailId()).demoAccountPassword).toBe("hunter2");

    const pulledDir = mkdtempSync(path.join(os.tmpdir(), "asckit-md-"));
    dirs.push(pulledDir);
    const pulled = await pullMetadata(h.client, ref, pulledDir);
    expect(pulled.secretsLeftOut).toEqual(["demoAccountPassword"]);
    const text = readFileSync(path.join(pulledDir, "review.json"), "utf8");
    expect(text).not.toContain("hunter2");
    expect(JSON.parse(text)).toMatchObject({ demoAccountRequired: true, demoAccountName: "demo", demoAccountPassword: "env:ASC_DEMO_ACCOUNT_PASSWORD" });
    expect(JSON.stringify(pulled.metadata)).not.toContain("hunter2");

    // Unset variable: the password on App Store Connect stays; nothing to send.
    const mark = h.exchanges.length;
    expect((await applyMetadataDir(h.client, ref, pulledDir, { env: {} })).plan.operations).toEqual([]);
    expect(h.writesSince(mark)).toEqual([]);
    expect(stored(h, "appStoreReviewDetails", detailId()).demoAccountPassword).toBe("hunter2");

    // Set: its value is sent, and plans still hide it.
    const { plan } = await applyMetadataDir(h.client, ref, pulledDir, { env: { ASC_DEMO_ACCOUNT_PASSWORD: "correct horse" } });
    expect(plan.changes).toEqual([{ scope: "reviewDetail", field: "demoAccountPassword", from: "********", to: "********" }]);
    expect(stored(h, "appStoreReviewDetails", detailId()).demoAccountPassword).toBe("correct horse");
  });

  it("checks version.json's release date against the live release type and the clock before any write", async () => {
    const { h, dir, ref, versionId } = await setup();
    const now = h.clock.now();
    const future = new Date(now + 5 * 86_400_000).toISOString();
    const past = new Date(now - 86_400_000).toISOString();
    const mark = h.exchanges.length;
    // 1.2.0 is MANUAL: a date alone would get a 409 from App Store Connect.
    write(dir, "version.json", { earliestReleaseDate: future });
    const manual = (await applyMetadataDir(h.client, ref, dir, { now }).catch((e: unknown) => e)) as ValidationError;
    expect(manual).toBeInstanceOf(ValidationError);
    expect(manual.category).toBe("validation");
    expect(manual.message).toBe('version.json: version 1.2.0 is MANUAL: earliestReleaseDate needs "releaseType": "SCHEDULED" (or leave the date null).');
    write(dir, "version.json", { releaseType: "SCHEDULED", earliestReleaseDate: past });
    await expect(applyMetadataDir(h.client, ref, dir, { now })).rejects.toThrow(`version.json: version 1.2.0: earliestReleaseDate ${past} is in the past; a SCHEDULED release needs a future date.`);
    write(dir, "version.json", { releaseType: "SCHEDULED" });
    await expect(applyMetadataDir(h.client, ref, dir, { now })).rejects.toThrow("version.json: version 1.2.0: a SCHEDULED release needs earliestReleaseDate.");
    expect(h.writesSince(mark)).toEqual([]);

    write(dir, "version.json", { releaseType: "SCHEDULED", earliestReleaseDate: future });
    await applyMetadataDir(h.client, ref, dir, { now });
    // Now SCHEDULED: a new date alone is fine, as with `versions update`.
    const later = new Date(now + 9 * 86_400_000).toISOString();
    write(dir, "version.json", { earliestReleaseDate: later });
    await applyMetadataDir(h.client, ref, dir, { now });
    expect(stored(h, "appStoreVersions", versionId)).toMatchObject({ releaseType: "SCHEDULED", earliestReleaseDate: later });
  });

  it("rejects bad files before any request", async () => {
    const { h, dir, ref } = await setup();
    write(dir, "en-US.json", { keywords: "k".repeat(101), privacyPolicyUrl: "http//broken" });
    const mark = h.exchanges.length;
    await expect(applyMetadataDir(h.client, ref, dir)).rejects.toThrow("2 problems: en-US.json: keywords is 101 characters, 1 over the limit of 100; en-US.json: privacyPolicyUrl");
    expect(h.exchanges.length).toBe(mark);
  });

  it("refuses a new locale without an app name before any write", async () => {
    const { h, dir, ref } = await setup();
    write(dir, "fr-FR.json", { description: "Listes." });
    const mark = h.exchanges.length;
    await expect(applyMetadataDir(h.client, ref, dir)).rejects.toThrow('fr-FR.json: adds fr-FR to the version but the app has no name in fr-FR; add "name"');
    expect(h.writesSince(mark)).toEqual([]);
  });

  it("after a response lost on a POST, re-reads by locale instead of posting twice", async () => {
    const { h, dir, ref, versionId } = await setup();
    addLocales(dir);
    // A client whose connection drops after the server has applied the first version-localization POST.
    let dropped = 0;
    const lossy: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (init?.method === "POST" && String(input).endsWith("/v1/appStoreVersionLocalizations") && dropped++ === 0) {
        await response.arrayBuffer();
        throw new TypeError("fetch failed", { cause: Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }) });
      }
      return response;
    };
    const key = await h.emulator.createApiKey();
    const client = createClient({
      baseUrl: h.emulator.url,
      tokenProvider: createTokenProvider({ keyId: key.keyId, issuerId: key.issuerId, privateKey: key.privateKeyPem, now: h.clock.now }),
      fetch: lossy,
      now: h.clock.now,
      sleep: h.sleep,
    });
    const { result } = await applyMetadataDir(client, ref, dir);
    expect(dropped).toBeGreaterThan(1);
    expect(result?.recovered).toBe(1);
    expect(storedLocales(h, versionId)).toEqual(["de-DE", "en-US", "es-ES", "fr-FR", "it", "ja"]);
  });

  it("a 5xx on a POST that was not applied is retried once after re-reading", async () => {
    const { h, dir, ref, versionId } = await setup();
    addLocales(dir);
    h.emulator.failNext({ status: 500, method: "POST", path: /^\/v1\/appStoreVersionLocalizations$/ });
    const mark = h.exchanges.length;
    const { result } = await applyMetadataDir(h.client, ref, dir);
    expect(result?.recovered).toBe(1);
    const posts = h.writesSince(mark).filter((e) => e.method === "POST" && e.url.endsWith("/v1/appStoreVersionLocalizations"));
    expect(posts.map((p) => p.status)).toEqual([500, 201, 201, 201, 201, 201]);
    expect(storedLocales(h, versionId)).toEqual(["de-DE", "en-US", "es-ES", "fr-FR", "it", "ja"]);
  });

  it("a failure part-way stops with what was applied; re-running finishes without duplicates and keeps what was applied", async () => {
    const { h, dir, ref, versionId } = await setup();
    addLocales(dir);
    // The first version localization is refused (as a permission problem would be): not retried, the run stops.
    h.emulator.failNext({ status: 403, method: "POST", path: /^\/v1\/appStoreVersionLocalizations$/ });
    const error = (await applyMetadataDir(h.client, ref, dir).catch((e: unknown) => e)) as MetadataApplyError;
    expect(error).toBeInstanceOf(MetadataApplyError);
    expect(error.message).toMatch(/^metadata apply stopped after 1 of 10 changes: 403 /);
    expect(error.category).toBe("auth");
    expect(error.hint).toContain("The changes already sent are kept");
    expect(storedLocales(h, versionId)).toEqual(["en-US"]);
    const infoLocales = () => {
      const data = h.emulator.engine.data(h.clock.now());
      const info = data.relatedResources({ type: "apps", id: h.demoAppId }, "appInfos").find((i) => i.attributes.state === "PREPARE_FOR_SUBMISSION")!;
      return data.relatedResources(info, "appInfoLocalizations").map((l) => String(l.attributes.locale)).sort();
    };
    expect(infoLocales()).toEqual(["de-DE", "en-US"]);

    const finished = await applyMetadataDir(h.client, ref, dir);
    expect(finished.result?.applied).toHaveLength(9);
    expect(storedLocales(h, versionId)).toEqual(["de-DE", "en-US", "es-ES", "fr-FR", "it", "ja"]);
    expect(infoLocales()).toEqual(["de-DE", "en-US", "es-ES", "fr-FR", "it", "ja"]);
    const ja = h.emulator.engine.data(h.clock.now()).relatedResources({ type: "appStoreVersions", id: versionId }, "appStoreVersionLocalizations").find((l) => l.attributes.locale === "ja")!;
    expect(stored(h, "appStoreVersionLocalizations", ja.id)).toMatchObject({ keywords: "k,ja", whatsNew: "New in ja" });
    expect((await applyMetadataDir(h.client, ref, dir)).plan.operations).toEqual([]);
  });
});
