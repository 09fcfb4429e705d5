// An MCP client takes a new build through TestFlight distribution against the emulator, and manages testers.
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestEmulator, type TestEmulator } from "../../support/test-emulator.js";
import { connectMcp, dataOf, fakeClock, textOf, type Harness } from "./mcp-harness.js";

const clock = fakeClock();
let emu: TestEmulator;
let mcp: Harness;
const requests: Array<{ method: string; path: string }> = [];

beforeAll(async () => {
  emu = await startTestEmulator({ now: clock.now, onRequest: (e) => requests.push({ method: e.method, path: e.path }) });
  mcp = await connectMcp(emu, { clock, allowWrites: true });
});
afterAll(async () => {
  await mcp?.close();
  await emu?.close();
});

type ErrorData = { error: { category: string; message: string; hint?: string; checklist?: Array<{ id: string; status: string }> } };
const errorOf = (r: CallToolResult) => {
  expect(r.isError, textOf(r)).toBe(true);
  return dataOf<ErrorData>(r).error;
};
const ok = <T = Record<string, unknown>>(r: CallToolResult) => {
  expect(r.isError, textOf(r)).toBeFalsy();
  return dataOf<T>(r);
};

describe("a build through TestFlight", () => {
  let buildId: string;

  it("lists the app's groups", async () => {
    const groups = ok<{ items: Array<{ name: string; type: string }> }>(await mcp.call("list_beta_groups", { app: "com.example.demo" }));
    expect(groups.items.map((g) => [g.name, g.type])).toEqual([
      ["Internal Testers", "internal"],
      ["Public Beta", "external"],
    ]);
  });

  it("a PROCESSING build is refused with wait_for_build as the next step", async () => {
    buildId = emu.emulator.engine.scenario.addBuild({ appId: emu.emulator.demo!.appId, version: "4", marketingVersion: "1.1.0", processingDelayMs: 90_000 }).buildId;
    const error = errorOf(await mcp.call("distribute_build", { build: buildId, groups: ["Internal Testers"] }));
    expect(error.message).toContain("PROCESSING");
    expect(error.hint).toBe("The build is still PROCESSING: call wait_for_build with its id, then repeat this call.");
    expect(ok(await mcp.call("wait_for_build", { id: buildId, timeoutSeconds: 300, intervalSeconds: 30 }))).toMatchObject({ processingState: "VALID" });
  });

  it("the dry run says the real call would be refused, lists what Beta App Review still needs, and sends nothing", async () => {
    const before = requests.length;
    const result = await mcp.call("distribute_build", { build: buildId, groups: ["Internal Testers", "Public Beta"], usesNonExemptEncryption: false, whatToTest: "Try the new map.", dryRun: true });
    // An error result, so an agent does not read the plan as a go-ahead; the plan comes with it.
    expect(result.isError).toBe(true);
    type Fix = { id: string; status: string; fix?: string };
    const plan = dataOf<{ dryRun: boolean; wouldSucceed: boolean; steps: Array<{ step: string; status: string }>; readiness: Fix[]; blockers: Array<{ step: string; hint?: string; items?: Fix[] }> }>(result);
    expect(plan).toMatchObject({ dryRun: true, wouldSucceed: false });
    expect(plan.steps.filter((s) => s.status === "would").map((s) => s.step)).toEqual(expect.arrayContaining(["compliance", "add-groups", "what-to-test", "submit"]));
    const missing = plan.readiness.filter((i) => i.status === "fail").map((i) => i.id);
    expect(missing).toEqual(expect.arrayContaining(["betaAppLocalization.en-US.privacyPolicyUrl", "betaAppReviewDetail.contactEmail"]));
    expect(plan.blockers.map((b) => b.step)).toEqual(["readiness"]);
    expect(plan.blockers[0]!.items?.map((i) => i.id)).toEqual(missing);
    // Fixes name the tool and its parameters, not `asckit testflight info set --privacy-policy-url URL`.
    const appId = emu.emulator.demo!.appId;
    expect(plan.blockers[0]!.items?.find((i) => i.id === "betaAppLocalization.en-US.privacyPolicyUrl")?.fix).toBe(`the set_beta_info tool (app: "${appId}", locale: "en-US", privacyPolicyUrl: <URL>)`);
    expect(plan.blockers[0]!.hint).toBe("Set them with the set_beta_info tool (see the checklist), then call distribute_build again.");
    expect(textOf(result)).toMatch(/^Dry run for build 4 \(1\.1\.0\) of com\.example\.demo: the real call would be REFUSED \(nothing was sent\)\. Not ready for external testing/);
    expect(textOf(result)).not.toMatch(/asckit |--[a-z]/);
    const sent = requests.slice(before);
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.filter((r) => r.method !== "GET")).toEqual([]);
    expect(ok(await mcp.call("build_status", { id: buildId }))).toMatchObject({ internalBuildState: "MISSING_EXPORT_COMPLIANCE" });
  });

  it("an external group without beta information is refused with the checklist", async () => {
    const error = errorOf(await mcp.call("distribute_build", { build: buildId, groups: ["Public Beta"], usesNonExemptEncryption: false }));
    expect(error.category).toBe("validation");
    expect(error.checklist?.filter((i) => i.status === "fail").length).toBeGreaterThan(0);
    expect(error.hint).toBe("Set them with the set_beta_info tool (see the checklist), then call distribute_build again.");
    expect(JSON.stringify(error.checklist)).not.toMatch(/asckit |--[a-z]/);
  });

  it("a dry run that would go through says so, and an internal group needs no beta information", async () => {
    const plan = ok<{ wouldSucceed: boolean; blockers: unknown[] }>(await mcp.call("distribute_build", { build: buildId, groups: ["Internal Testers"], usesNonExemptEncryption: false, dryRun: true }));
    expect(plan).toMatchObject({ wouldSucceed: true, blockers: [] });
  });

  it("set_beta_info fills it in, then the build reaches both groups and Beta App Review", async () => {
    const info = ok<{ localization: { action: string }; reviewDetail: { action: string; current: Record<string, unknown> } }>(
      await mcp.call("set_beta_info", {
        app: "com.example.demo",
        locale: "en-US",
        description: "A demo app for trying asckit.",
        feedbackEmail: "beta@example.com",
        privacyPolicyUrl: "https://example.com/privacy",
        contactFirstName: "Ada",
        contactLastName: "Lovelace",
        contactPhone: "+1 408 555 0100",
        contactEmail: "ada@example.com",
        demoAccountName: "reviewer",
        demoAccountPassword: "hunter2-secret",
        demoAccountRequired: true,
      }),
    );
    expect(info.reviewDetail.action).toBe("update");
    expect(info.reviewDetail.current.demoAccountPassword).toBe("********");
    expect(JSON.stringify(mcp.transcripts)).not.toContain("hunter2-secret");

    const result = await mcp.call("distribute_build", { build: buildId, groups: ["Internal Testers", "Public Beta"], usesNonExemptEncryption: false, whatToTest: "Try the new map." });
    const done = ok<{ groups: Array<{ name: string }>; submission: { betaReviewState: string; created: boolean }; internalBuildState: string; externalBuildState: string }>(result);
    expect(done.groups.map((g) => g.name)).toEqual(["Internal Testers", "Public Beta"]);
    expect(done.submission).toMatchObject({ created: true, betaReviewState: "WAITING_FOR_REVIEW" });
    expect(done.internalBuildState).toBe("IN_BETA_TESTING");
    expect(done.externalBuildState).toBe("WAITING_FOR_BETA_REVIEW");
    expect(textOf(result)).toContain("Beta App Review WAITING_FOR_REVIEW");

    const again = ok<{ steps: Array<{ status: string }>; submission: { created: boolean } }>(
      await mcp.call("distribute_build", { build: buildId, groups: ["Internal Testers", "Public Beta"], usesNonExemptEncryption: false, whatToTest: "Try the new map." }),
    );
    expect(again.submission.created).toBe(false);
    expect(again.steps.every((s) => s.status === "already")).toBe(true);
  });
});

describe("testers", () => {
  it("import_testers with strict refuses invalid entries without a request; by default it adds the valid ones and reports the rest as partly done", async () => {
    const testers = [
      { email: "new.tester@example.com", firstName: "New", lastName: "Tester" },
      { email: "not-an-address" },
      { email: "NEW.TESTER@example.com" },
      { email: "ada@example.com" },
    ];
    const before = requests.length;
    const refused = await mcp.call("import_testers", { app: "com.example.demo", groups: ["Public Beta"], testers, strict: true });
    const error = errorOf(refused);
    expect(error).toMatchObject({ category: "validation", message: "Refused, nothing was imported: 1 invalid tester entry (entry 2)." });
    expect(error.hint).toBe("Fix those entries and call import_testers again, or call it without strict to import the others and skip these.");
    expect(dataOf<{ invalid: unknown[] }>(refused).invalid).toEqual([{ line: 2, message: '"not-an-address" is not a valid email address' }]);
    expect(textOf(refused)).toContain('  - entry 2: "not-an-address" is not a valid email address');
    expect(requests.length).toBe(before);

    // A dry run plans the valid entries with reads only, and is an error result: the real call would be refused.
    const dry = await mcp.call("import_testers", { app: "com.example.demo", groups: ["Public Beta"], testers, dryRun: true, strict: true });
    expect(dry.isError).toBe(true);
    expect(dataOf<{ created: number; linked: number; dryRun: boolean; error: { message: string } }>(dry)).toMatchObject({
      dryRun: true,
      created: 1,
      linked: 1,
      error: { message: "Dry run: the real call would be REFUSED (nothing was written): 1 invalid tester entry (entry 2)." },
    });
    expect(requests.slice(before).filter((r) => r.method !== "GET")).toEqual([]);
    expect(ok(await mcp.call("import_testers", { app: "com.example.demo", groups: ["Public Beta"], testers, dryRun: true }))).toMatchObject({ dryRun: true, created: 1, invalidSkipped: 1 });
    expect(requests.slice(before).filter((r) => r.method !== "GET")).toEqual([]);

    // CSV text: a group the app does not have is found after the reads, before any write.
    const typo = await mcp.call("import_testers", { app: "com.example.demo", csv: "email,groups\nnew.tester@example.com,Public Beta\ntypo@example.com,Public Bta\n", strict: true });
    expect(errorOf(typo).message).toBe("Refused, nothing was imported: 1 invalid tester row (line 3).");
    expect(dataOf<{ invalid: Array<{ line: number; message: string }> }>(typo).invalid).toEqual([{ line: 3, message: 'typo@example.com: unknown group "Public Bta" (groups: Internal Testers, Public Beta)' }]);
    expect(requests.slice(before).filter((r) => r.method !== "GET")).toEqual([]);

    const imported = await mcp.call("import_testers", { app: "com.example.demo", groups: ["Public Beta"], testers });
    expect(textOf(imported)).toContain("Partly done: 1 invalid entries skipped (entry 2); fix them and call import_testers again to finish.");
    const result = ok<{ created: number; linked: number; alreadyMembers: number; invalidSkipped: number; skipped: Array<{ line: number; kind: string }> }>(imported);
    expect(result).toMatchObject({ created: 1, linked: 1, alreadyMembers: 0, invalidSkipped: 1 });
    expect(result.skipped.map((s) => [s.line, s.kind])).toEqual([
      [2, "invalid"],
      [3, "duplicate"],
    ]);
    const again = ok<{ created: number; alreadyMembers: number }>(await mcp.call("import_testers", { app: "com.example.demo", csv: "email,first name,last name,groups\nnew.tester@example.com,New,Tester,Public Beta\n" }));
    expect(again).toMatchObject({ created: 0, alreadyMembers: 1 });
    const members = ok<{ items: Array<{ email: string }> }>(await mcp.call("list_testers", { app: "com.example.demo", group: "Public Beta", limit: 100 }));
    expect(members.items.map((t) => t.email).sort()).toEqual(["ada@example.com", "alan@example.com", "grace@example.com", "new.tester@example.com"]);
  });

  it("remove_testers is destructive: preview, refusal without confirm, then removal", async () => {
    const args = { app: "com.example.demo", group: "Public Beta", emails: ["new.tester@example.com", "nobody@example.com"] };
    expect(ok(await mcp.call("remove_testers", { ...args, dryRun: true }))).toMatchObject({ dryRun: true, removed: [{ email: "new.tester@example.com" }], notFound: ["nobody@example.com"] });
    expect(errorOf(await mcp.call("remove_testers", args)).hint).toContain("confirm: true");
    expect(ok(await mcp.call("remove_testers", { ...args, confirm: true }))).toMatchObject({ dryRun: false, removed: [{ email: "new.tester@example.com" }] });
    const members = ok<{ items: Array<{ email: string }> }>(await mcp.call("list_testers", { app: "com.example.demo", group: "Public Beta" }));
    expect(members.items.map((t) => t.email)).not.toContain("new.tester@example.com");
  });
});
