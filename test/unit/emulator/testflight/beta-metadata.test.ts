import { describe, expect, it } from "vitest";
import { createTestflightHarness } from "./testflight-harness.js";

describe("beta metadata on the emulator", () => {
  it("gives every app one betaAppReviewDetail with the app's id, reachable without a POST", async () => {
    const h = createTestflightHarness();
    const list = await h.call("GET", `/v1/betaAppReviewDetails?filter[app]=${h.demo.appId},${h.demo.secondAppId}`);
    expect(list.body.data.map((d: { id: string }) => d.id)).toEqual([h.demo.appId, h.demo.secondAppId]);
    expect(list.body.data[0].attributes).toEqual({
      contactFirstName: null,
      contactLastName: null,
      contactPhone: null,
      contactEmail: null,
      demoAccountName: null,
      demoAccountPassword: null,
      demoAccountRequired: false,
      notes: null,
    });
    const viaApp = await h.call("GET", `/v1/apps/${h.demo.appId}/betaAppReviewDetail`);
    expect(viaApp.body.data).toMatchObject({ type: "betaAppReviewDetails", id: h.demo.appId });
    const missingFilter = await h.call("GET", "/v1/betaAppReviewDetails");
    expect(missingFilter.status).toBe(200); // the HTTP layer refuses the missing required filter; the engine alone does not
  });

  it("creates a missing review detail on first use for apps stored before the feature", async () => {
    const h = createTestflightHarness();
    // An app written around the rules, as an older data file would have it.
    h.store.insert({ type: "apps", id: "6450000999", attributes: { name: "Old", bundleId: "com.example.old", sku: "OLD", primaryLocale: "en-GB" } });
    const res = await h.call("GET", "/v1/apps/6450000999/betaAppReviewDetail");
    expect(res.body.data).toMatchObject({ type: "betaAppReviewDetails", id: "6450000999", attributes: { demoAccountRequired: false } });
  });

  it("validates review detail emails and keeps one beta app localization per locale", async () => {
    const h = createTestflightHarness();
    const bad = await h.call("PATCH", `/v1/betaAppReviewDetails/${h.demo.appId}`, {
      data: { type: "betaAppReviewDetails", id: h.demo.appId, attributes: { contactEmail: "not-an-email" } },
    });
    expect(bad.status).toBe(409);
    expect(bad.body.errors[0]).toMatchObject({ code: "ENTITY_ERROR.ATTRIBUTE.INVALID", source: { pointer: "/data/attributes/contactEmail" } });

    const body = (locale: string, extra: Record<string, unknown> = {}) => ({
      data: { type: "betaAppLocalizations", attributes: { locale, ...extra }, relationships: { app: { data: h.ref("apps", h.demo.appId) } } },
    });
    const first = await h.call("POST", "/v1/betaAppLocalizations", body("en-US", { feedbackEmail: "beta@example.com" }));
    expect(first.status).toBe(201);
    expect(first.body.data.attributes).toEqual({ feedbackEmail: "beta@example.com", marketingUrl: null, privacyPolicyUrl: null, tvOsPrivacyPolicy: null, description: null, locale: "en-US" });
    const dup = await h.call("POST", "/v1/betaAppLocalizations", body("en-US"));
    expect(dup.status).toBe(409);
    expect(dup.body.errors[0].code).toBe("ENTITY_ERROR.ATTRIBUTE.INVALID.DUPLICATE");
    expect((await h.call("POST", "/v1/betaAppLocalizations", body("english"))).body.errors[0].source).toEqual({ pointer: "/data/attributes/locale" });
    expect((await h.call("POST", "/v1/betaAppLocalizations", body("fr-FR", { privacyPolicyUrl: "ftp://x" }))).status).toBe(409);
    // The same locale on another app is fine.
    const other = await h.call("POST", "/v1/betaAppLocalizations", {
      data: { type: "betaAppLocalizations", attributes: { locale: "en-US" }, relationships: { app: { data: h.ref("apps", h.demo.secondAppId) } } },
    });
    expect(other.status).toBe(201);
  });

  it("serves What to Test per build and locale", async () => {
    const h = createTestflightHarness();
    const build = h.demo.buildIds["2"];
    const post = (locale: string, whatsNew: string) =>
      h.call("POST", "/v1/betaBuildLocalizations", { data: { type: "betaBuildLocalizations", attributes: { locale, whatsNew }, relationships: { build: { data: h.ref("builds", build) } } } });
    expect((await post("en-US", "Try sign-in.")).status).toBe(201);
    expect((await post("en-US", "again")).status).toBe(409);
    expect((await post("de-DE", "x".repeat(4001))).status).toBe(409);
    const list = await h.call("GET", `/v1/builds/${build}/betaBuildLocalizations`);
    expect(list.body.data.map((l: { attributes: unknown }) => l.attributes)).toEqual([{ whatsNew: "Try sign-in.", locale: "en-US" }]);
  });

  it("invites a tester of the app (state INVITED) and refuses one who is not", async () => {
    const h = createTestflightHarness();
    const created = await h.call("POST", "/v1/betaTesters", {
      data: { type: "betaTesters", attributes: { email: "new@example.com" }, relationships: { betaGroups: { data: [h.ref("betaGroups", h.demo.betaGroupIds.external)] } } },
    });
    expect(created.body.data.attributes.state).toBe("NOT_INVITED");
    const invite = (testerId: string, appId: string) =>
      h.call("POST", "/v1/betaTesterInvitations", {
        data: { type: "betaTesterInvitations", relationships: { app: { data: h.ref("apps", appId) }, betaTester: { data: h.ref("betaTesters", testerId) } } },
      });
    expect((await invite(created.body.data.id, h.demo.appId)).status).toBe(201);
    expect((await h.call("GET", `/v1/betaTesters/${created.body.data.id}`)).body.data.attributes.state).toBe("INVITED");
    const wrongApp = await invite(created.body.data.id, h.demo.secondAppId);
    expect(wrongApp.status).toBe(409);
    expect(wrongApp.body.errors[0].code).toBe("ENTITY_ERROR.RELATIONSHIP.INVALID");
  });
});
