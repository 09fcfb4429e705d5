import { afterEach, describe, expect, it } from "vitest";
import { ValidationError } from "../../../src/errors/asckit-error.js";
import { createGroup, deleteGroup, listGroupsOfApp, validateNewGroup } from "../../../src/workflows/testflight/beta-groups.js";
import { getBetaInfo, reviewDetailView, setBetaInfo } from "../../../src/workflows/testflight/beta-info.js";
import { exportTesters } from "../../../src/workflows/testflight/export-testers.js";
import { inviteTester, removeTesters } from "../../../src/workflows/testflight/testers.js";
import { getWhatToTest, setWhatToTest } from "../../../src/workflows/testflight/what-to-test.js";
import { startTestflightEmulator, type TestflightEmulator } from "./support/testflight-emulator.js";

let env: TestflightEmulator | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

describe("beta groups", () => {
  it("creates an external group with a limited public link, once", async () => {
    env = await startTestflightEmulator();
    const input = { appId: env.demo.appId, name: "Night Owls", kind: "external" as const, publicLinkLimit: 250, feedbackEnabled: false };
    const dry = await createGroup(env.client, input, { dryRun: true });
    expect(dry).toMatchObject({ plan: "create", created: false, attributes: { name: "Night Owls", isInternalGroup: false, publicLinkEnabled: true, publicLinkLimitEnabled: true, publicLinkLimit: 250, feedbackEnabled: false } });
    expect(env.writes()).toEqual([]);
    const made = await createGroup(env.client, input);
    expect(made.group?.attributes).toMatchObject({ name: "Night Owls", isInternalGroup: false, publicLinkEnabled: true, publicLinkLimit: 250, feedbackEnabled: false });
    expect(String(made.group?.attributes.publicLink)).toMatch(/^https:\/\/testflight\.apple\.com\/join\/[A-Za-z0-9]{8}$/);
    const again = await createGroup(env.client, input);
    expect(again).toMatchObject({ plan: "exists", created: false, group: { id: made.group!.id } });
    expect(env.writes().length).toBe(1);
  });

  it("checks group options locally", () => {
    const base = { appId: "1", name: "G" };
    expect(() => validateNewGroup({ ...base, kind: "internal", publicLink: true })).toThrow("Internal groups cannot have a public link.");
    expect(() => validateNewGroup({ ...base, kind: "external", allBuilds: true })).toThrow(ValidationError);
    expect(() => validateNewGroup({ ...base, kind: "external", publicLinkLimit: 10_001 })).toThrow("The public link limit must be a whole number from 1 to 10000, got 10001.");
    expect(() => validateNewGroup({ ...base, kind: "external", name: " " })).toThrow("The group name is empty.");
  });

  it("deletes by exact name after confirmation; a refusal deletes nothing", async () => {
    env = await startTestflightEmulator();
    await createGroup(env.client, { appId: env.demo.appId, name: "Temp", kind: "internal" });
    const group = (await listGroupsOfApp(env.client, env.demo.appId)).find((g) => g.attributes.name === "Temp")!;
    const questions: string[] = [];
    await expect(deleteGroup(env.client, env.demo.appId, "Temp", { confirm: async (q) => (questions.push(q), false) })).rejects.toMatchObject({
      category: "usage",
      message: `The beta group "Temp" (${group.id}) was not deleted: not confirmed.`,
    });
    expect(questions).toEqual([`Delete beta group "Temp" (${group.id})? Its testers lose access through it.`]);
    await expect(deleteGroup(env.client, env.demo.appId, "temp")).rejects.toMatchObject({ category: "not_found" });
    const done = await deleteGroup(env.client, env.demo.appId, "Temp", { confirm: async () => true });
    expect(done.deleted).toBe(true);
    expect((await listGroupsOfApp(env.client, env.demo.appId)).map((g) => g.attributes.name)).toEqual(["Internal Testers", "Public Beta"]);
  });
});

describe("beta app information", () => {
  it("creates and updates only what changes, and masks the demo password", async () => {
    env = await startTestflightEmulator();
    const first = await setBetaInfo(env.client, env.demo.appId, {
      localization: { locale: "en-US", description: "Demo", feedbackEmail: "beta@example.com" },
      reviewDetail: { contactEmail: "ada@example.com", demoAccountName: "demo", demoAccountPassword: "hunter2", demoAccountRequired: true },
    });
    expect(first.localization).toMatchObject({ action: "create", changes: { description: "Demo", feedbackEmail: "beta@example.com" } });
    expect(first.reviewDetail?.changes).toEqual({ contactEmail: "ada@example.com", demoAccountName: "demo", demoAccountPassword: "********", demoAccountRequired: true });
    env.requests.length = 0;
    const second = await setBetaInfo(env.client, env.demo.appId, { localization: { locale: "en-US", description: "Demo", marketingUrl: "https://example.com" }, reviewDetail: { contactEmail: "ada@example.com" } });
    expect(second.localization).toMatchObject({ action: "update", changes: { marketingUrl: "https://example.com" } });
    expect(second.reviewDetail?.action).toBe("unchanged");
    expect(env.writes().map((w) => w.body)).toEqual([{ data: { type: "betaAppLocalizations", id: first.localization!.resource!.id, attributes: { marketingUrl: "https://example.com" } } }]);

    const info = await getBetaInfo(env.client, env.demo.appId);
    expect(info.reviewDetail.attributes.demoAccountPassword).toBe("hunter2");
    expect(reviewDetailView(info.reviewDetail).demoAccountPassword).toBe("********");
  });

  it("refuses bad values before any request", async () => {
    env = await startTestflightEmulator();
    const set = (input: Parameters<typeof setBetaInfo>[2]) => setBetaInfo(env!.client, env!.demo.appId, input);
    await expect(set({ localization: { locale: "english" } })).rejects.toThrow(/not a locale/);
    await expect(set({ localization: { locale: "en-US", feedbackEmail: "nope" } })).rejects.toThrow('--feedback-email "nope" is not a valid email address.');
    await expect(set({ localization: { locale: "en-US", privacyPolicyUrl: "example.com/privacy" } })).rejects.toThrow(/must be an http\(s\) URL/);
    await expect(set({ localization: { locale: "en-US", description: "x".repeat(4001) } })).rejects.toThrow("--description is 4001 characters; the limit is 4000.");
    await expect(set({ reviewDetail: { contactPhone: "call me" } })).rejects.toThrow(/does not look like a phone number/);
    expect(env.requests).toEqual([]);
  });

  it("sets What to Test per locale", async () => {
    env = await startTestflightEmulator();
    const build = env.demo.buildIds["2"];
    expect((await setWhatToTest(env.client, build, { locale: "en-US", text: "Check login." })).action).toBe("create");
    expect((await setWhatToTest(env.client, build, { locale: "en-US", text: "Check login." })).action).toBe("unchanged");
    expect((await setWhatToTest(env.client, build, { locale: "en-US", text: "Check logout." })).action).toBe("update");
    expect((await setWhatToTest(env.client, build, { locale: "fr-FR", text: "Vérifiez." }, { dryRun: true })).action).toBe("create");
    expect((await getWhatToTest(env.client, build)).map((l) => [l.attributes.locale, l.attributes.whatsNew])).toEqual([["en-US", "Check logout."]]);
    await expect(setWhatToTest(env.client, build, { locale: "en-US", text: "  " })).rejects.toThrow("The What to Test text is empty.");
  });
});

describe("testers", () => {
  it("removes by email from one group or from the app, reporting addresses that are not testers", async () => {
    env = await startTestflightEmulator();
    const { client, demo } = env;
    const fromGroup = await removeTesters(client, { appId: demo.appId, groupId: demo.betaGroupIds.internal, emails: ["GRACE@example.com", "alan@example.com"] });
    expect(fromGroup.removed.map((t) => t.email)).toEqual(["grace@example.com"]);
    expect(fromGroup.notFound).toEqual(["alan@example.com"]);
    expect(env.writes().map((w) => `${w.method} ${w.path}`)).toEqual([`DELETE /v1/betaGroups/${demo.betaGroupIds.internal}/relationships/betaTesters`]);
    const fromApp = await removeTesters(client, { appId: demo.appId, emails: ["grace@example.com"] });
    expect(fromApp.removed.map((t) => t.email)).toEqual(["grace@example.com"]);
    const left = await exportTesters(client, { appId: demo.appId });
    expect(left.map((t) => [t.email, t.groups])).toEqual([
      ["ada@example.com", ["Internal Testers"]],
      ["alan@example.com", ["Public Beta"]],
    ]);
  });

  it("invites a tester of the app and refuses an address that is not one", async () => {
    env = await startTestflightEmulator();
    const sent = await inviteTester(env.client, { appId: env.demo.appId, email: "Ada@Example.com" });
    expect(sent).toMatchObject({ sent: true, tester: { email: "ada@example.com" } });
    expect(env.writes()[0]!.body).toEqual({
      data: { type: "betaTesterInvitations", relationships: { app: { data: { type: "apps", id: env.demo.appId } }, betaTester: { data: { type: "betaTesters", id: env.demo.betaTesterIds.ada } } } },
    });
    await expect(inviteTester(env.client, { appId: env.demo.appId, email: "stranger@example.com" })).rejects.toMatchObject({ category: "not_found" });
  });

  it("exports one group's members with all their groups in this app", async () => {
    env = await startTestflightEmulator();
    const rows = await exportTesters(env.client, { appId: env.demo.appId, groupId: env.demo.betaGroupIds.external });
    expect(rows).toEqual([
      { email: "grace@example.com", firstName: "Grace", lastName: "Hopper", groups: ["Internal Testers", "Public Beta"] },
      { email: "alan@example.com", firstName: "Alan", lastName: "Turing", groups: ["Public Beta"] },
    ]);
  });
});
