// The built CLI against an emulator on port 0: groups, testers, beta metadata, distribution.
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { betaReviewScenario } from "../../../src/emulator/testflight/index.js";
import { DEMO_PLIST, makeIpa } from "../../unit/builds/support/make-package.js";
import { BIN, json, runCli } from "../../support/run-cli.js";
import { startTestEmulator, type TestEmulator } from "../../support/test-emulator.js";

let emu: TestEmulator;
const seen: Array<{ method: string; path: string; status: number }> = [];

beforeAll(async () => {
  emu = await startTestEmulator({ onRequest: (e) => seen.push({ method: e.method, path: e.path, status: e.status }) });
  betaReviewScenario(emu.emulator.engine).setTiming({ waitingForReviewMs: 300, inReviewMs: 300 });
});
afterAll(async () => {
  await emu?.close();
});

const run = (args: string[]) => runCli(args, { env: emu.env });
const writesSince = (start: number) => seen.slice(start).filter((r) => r.method !== "GET");
const demo = () => emu.emulator.demo!;
const store = () => emu.emulator.engine.store;
const file = (name: string, text: string) => {
  const full = path.join(emu.dir, name);
  writeFileSync(full, text);
  return full;
};
/** Emails of a group's members, from the emulator's store. */
const members = (groupId: string) => store().edges.targets({ type: "betaGroups", id: groupId }, "betaTesters").map((t) => String(store().get(t.type, t.id)?.attributes.email));

describe("testflight groups", () => {
  it("lists, creates (once) and deletes groups", async () => {
    const list = await run(["testflight", "groups", "list", "--app", "com.example.demo"]);
    expect(list.code).toBe(0);
    expect(json<Array<{ name: string; type: string }>>(list).map((g) => `${g.name}/${g.type}`)).toEqual(["Internal Testers/internal", "Public Beta/external"]);

    const created = await run(["testflight", "groups", "create", "Night Owls", "--app", "com.example.demo", "--public-link-limit", "50", "--no-feedback"]);
    expect(created.code).toBe(0);
    const group = json<{ id: string; type: string; publicLinkEnabled: boolean; publicLinkLimit: number; feedbackEnabled: boolean; publicLink: string; created: boolean }>(created);
    expect(group).toMatchObject({ type: "external", publicLinkEnabled: true, publicLinkLimit: 50, feedbackEnabled: false, created: true });
    expect(group.publicLink).toMatch(/^https:\/\/testflight\.apple\.com\/join\//);

    const again = await run(["testflight", "groups", "create", "Night Owls", "--app", "com.example.demo"]);
    expect(again.code).toBe(0);
    expect(json<{ id: string; created: boolean }>(again)).toMatchObject({ id: group.id, created: false });

    const bad = await run(["testflight", "groups", "create", "X", "--app", "com.example.demo", "--internal", "--public-link"]);
    expect(bad.code).toBe(8);
    expect(bad.stderr).toContain("error: Internal groups cannot have a public link.");

    const unconfirmed = await run(["testflight", "groups", "delete", "Night Owls", "--app", "com.example.demo"]);
    expect(unconfirmed.code).toBe(2);
    const start = seen.length;
    const dry = await run(["testflight", "groups", "delete", "Night Owls", "--app", "com.example.demo", "--dry-run"]);
    expect(dry.code).toBe(0);
    expect(writesSince(start)).toEqual([]);
    const deleted = await run(["testflight", "groups", "delete", "Night Owls", "--app", "com.example.demo", "--yes"]);
    expect(deleted.code).toBe(0);
    expect(store().get("betaGroups", group.id)).toBeUndefined();
  });
});

describe("testers", () => {
  it("--strict refuses a CSV with malformed rows (every bad line listed, nothing sent); by default the rest is imported and the exit is 11", async () => {
    const csv = file(
      "testers.csv",
      ["email,first name,last name,groups", "csv1@example.com,One,,", "broken-address,Bad,,", "CSV1@example.com,Dup,,", "csv2@example.com,Two,,Internal Testers", "csv3@example.com,Three,,Nope"].join("\n"),
    );
    const start = seen.length;
    const refused = await run(["testers", "import", csv, "--app", "com.example.demo", "--group", "Public Beta", "--strict"]);
    expect(refused.code).toBe(8);
    expect(refused.stderr).toContain("line 3: 'broken-address' is not a valid email address\n");
    expect(refused.stderr).toContain("warning: line 4: duplicate, skipped: CSV1@example.com is a duplicate of line 2\n");
    expect(refused.stderr).toContain(`error: ${csv}: 1 invalid row (line 3); nothing was imported.\n`);
    // The groups column is checked only against the app, which this run never looked up: the hint says how to check it too.
    expect(refused.stderr).toContain("hint: Fix those rows and run the import again (--dry-run also checks the groups column against the app), or leave out --strict to import the other rows.\n");
    // The file alone shows the problem: not one request, not even the app lookup.
    expect(seen.slice(start)).toEqual([]);
    expect(refused.stdout).toBe("");

    const r = await run(["testers", "import", csv, "--app", "com.example.demo", "--group", "Public Beta"]);
    expect(r.code, r.stderr).toBe(11);
    expect(r.stderr).toContain("warning: line 3: skipped: 'broken-address' is not a valid email address");
    expect(r.stderr).toContain("warning: line 4: duplicate, skipped: CSV1@example.com is a duplicate of line 2");
    expect(r.stderr).toContain('warning: line 6: skipped: csv3@example.com: unknown group "Nope"');
    expect(r.stderr).not.toContain("error:");
    // Five data rows, each counted once: 2 created + 1 invalid + 1 duplicate + 1 unknown group.
    expect(r.stderr).toContain("5 rows: created 2, added 0 existing, 0 already in their groups; skipped 3 (1 invalid, 1 duplicate, 1 with an unknown or no group)");
    expect(json(r)).toMatchObject({
      rows: 5,
      created: 2,
      linked: 0,
      alreadyMembers: 0,
      recovered: 0,
      failed: 0,
      invalid: 1,
      duplicates: 1,
      unknownGroup: 1,
      skipped: [
        { line: 3, kind: "invalid", message: "'broken-address' is not a valid email address" },
        { line: 4, kind: "duplicate", message: "CSV1@example.com is a duplicate of line 2" },
        { line: 6, kind: "invalid", message: 'csv3@example.com: unknown group "Nope" (groups: Internal Testers, Public Beta)' },
      ],
    });
    expect(members(demo().betaGroupIds.external)).toEqual(expect.arrayContaining(["csv1@example.com", "csv2@example.com"]));
    expect(members(demo().betaGroupIds.internal)).toContain("csv2@example.com");
  });

  it("refuses an import over the internal limit before any write, saying how many fit", async () => {
    const csv = file("many.csv", Array.from({ length: 120 }, (_, i) => `limit${i}@example.com`).join("\n"));
    const start = seen.length;
    const r = await run(["testers", "import", csv, "--app", "com.example.demo", "--group", "Internal Testers"]);
    expect(r.code).toBe(8);
    expect(r.stderr).toMatch(/error: Adding 120 internal testers to Demo App would make 123; an app can have at most 100 internal testers and it has 3, so only 97 more fit\./);
    expect(writesSince(start)).toEqual([]);
  });

  it("an import killed mid-way and run again ends with every tester once and no duplicate memberships", async () => {
    const group = json<{ id: string }>(await run(["testflight", "groups", "create", "Resume", "--app", "com.example.demo"]));
    const emails = Array.from({ length: 120 }, (_, i) => `resume${i}@example.com`);
    const csv = file("resume.csv", `email\n${emails.join("\n")}\n`);
    emu.emulator.setFaults({ latencyMs: 15 });
    try {
      const child = spawn(process.execPath, [BIN, "testers", "import", csv, "--app", "com.example.demo", "--group", "Resume"], {
        env: { PATH: process.env.PATH ?? "", NODE_OPTIONS: "", ...emu.env },
        stdio: "ignore",
      });
      const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
      for (let i = 0; i < 400 && members(group.id).length < 30; i++) await new Promise((r) => setTimeout(r, 25));
      child.kill("SIGKILL");
      expect(await exited).toBeNull(); // killed, not finished
      const partial = members(group.id).length;
      expect(partial).toBeGreaterThanOrEqual(30);
      expect(partial).toBeLessThan(emails.length);

      const start = seen.length;
      const again = await run(["testers", "import", csv, "--app", "com.example.demo", "--group", "Resume"]);
      expect(again.code).toBe(0);
      const result = json<{ created: number; alreadyMembers: number }>(again);
      expect(result.alreadyMembers).toBeGreaterThanOrEqual(partial);
      expect(result.created + result.alreadyMembers).toBe(emails.length);
      // Only the missing testers were sent the second time.
      expect(writesSince(start).length).toBe(result.created);
    } finally {
      emu.emulator.setFaults({});
    }
    const inGroup = members(group.id);
    expect(inGroup.length).toBe(emails.length);
    expect(new Set(inGroup).size).toBe(emails.length);
    const all = store().list("betaTesters").map((t) => String(t.attributes.email).toLowerCase());
    for (const e of emails) expect(all.filter((a) => a === e)).toHaveLength(1);
  });

  it("adds, lists, invites, removes and exports testers by email", async () => {
    const add = await run(["testers", "add", "solo@example.com", "Ada@example.com", "--app", "com.example.demo", "--group", "Public Beta", "--first-name", "Solo"]);
    expect(add.code).toBe(0);
    expect(json<{ created: number; linked: number }>(add)).toMatchObject({ created: 1, linked: 1 });
    const list = await run(["testers", "list", "--app", "com.example.demo", "--email", "SOLO@example.com"]);
    expect(json<Array<{ email: string; firstName: string; groups: string[] }>>(list)).toEqual([
      expect.objectContaining({ email: "solo@example.com", firstName: "Solo", groups: ["Public Beta"], state: "NOT_INVITED" }),
    ]);
    expect((await run(["testers", "invite", "solo@example.com", "--app", "com.example.demo"])).code).toBe(0);
    expect(json<Array<{ state: string }>>(await run(["testers", "list", "--app", "com.example.demo", "--email", "solo@example.com"]))[0]!.state).toBe("INVITED");
    const notTester = await run(["testers", "invite", "nobody@example.com", "--app", "com.example.demo"]);
    expect(notTester.code).toBe(4);
    const badEmail = await run(["testers", "add", "not-an-email", "--app", "com.example.demo", "--group", "Public Beta"]);
    expect(badEmail.code).toBe(8);

    const removed = await run(["testers", "remove", "solo@example.com", "--app", "com.example.demo", "--group", "Public Beta"]);
    expect(removed.code).toBe(0);
    expect(members(demo().betaGroupIds.external)).not.toContain("solo@example.com");

    // From the whole app (every group): asks first, so off a terminal it needs --yes; --dry-run only lists.
    const start = seen.length;
    const unconfirmed = await run(["testers", "remove", "alan@example.com", "--app", "com.example.demo"]);
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stderr).toContain("error: Remove 1 tester(s) (alan@example.com) from app com.example.demo and all its beta groups? They lose access to every build. Refusing without confirmation.");
    const dry = await run(["testers", "remove", "alan@example.com", "--app", "com.example.demo", "--dry-run"]);
    expect(dry.code).toBe(0);
    expect(dry.stderr).toContain("dry run: would remove 1 tester(s) from app com.example.demo");
    expect(json(dry)).toEqual([{ id: demo().betaTesterIds.alan, email: "alan@example.com", removed: false }]);
    expect(writesSince(start)).toEqual([]);
    expect(members(demo().betaGroupIds.external)).toContain("alan@example.com");
    const yes = await run(["testers", "remove", "alan@example.com", "--app", "com.example.demo", "--yes"]);
    expect(yes.code).toBe(0);
    expect(members(demo().betaGroupIds.external)).not.toContain("alan@example.com");

    const out = path.join(emu.dir, "export.csv");
    const exported = await run(["testers", "export", "--app", "com.example.demo", "--group", "Internal Testers", "--out", out]);
    expect(exported.code).toBe(0);
    const csv = await runCli(["testers", "export", "--app", "com.example.demo", "--group", "Internal Testers"], { env: emu.env });
    expect(csv.stdout.split("\n")[0]).toBe("email,first name,last name,groups");
    expect(csv.stdout).toContain("ada@example.com,Ada,Lovelace,Internal Testers; Public Beta");
  });
});

describe("testflight distribute", () => {
  it("refuses an unknown group (exit 4, listing the groups) and a build that is INVALID (exit 9)", async () => {
    const unknown = await run(["testflight", "distribute", "--build", demo().buildIds["2"], "--groups", "QA"]);
    expect(unknown.code).toBe(4);
    expect(unknown.stderr).toContain('error: No beta group is named "QA".');
    expect(unknown.stderr).toContain("hint: The app's groups: Internal Testers (internal), Public Beta (external)");

    const invalid = emu.emulator.engine.scenario.addBuild({ appId: demo().appId, version: "7", marketingVersion: "1.1.0", outcome: "INVALID", processingDelayMs: 0 });
    const r = await run(["testflight", "distribute", "--build", invalid.buildId, "--groups", "Internal Testers"]);
    expect(r.code).toBe(9);
    expect(r.stderr).toContain("is INVALID; it cannot be distributed");
  });

  it("times out on a build still PROCESSING (exit 7) without writing", async () => {
    const slow = emu.emulator.engine.scenario.addBuild({ appId: demo().appId, version: "8", marketingVersion: "1.1.0", processingDelayMs: 3_600_000 });
    const start = seen.length;
    const r = await run(["testflight", "distribute", "--build", slow.buildId, "--groups", "Internal Testers", "--uses-non-exempt-encryption", "false", "--timeout", "1s", "--interval", "300ms"]);
    expect(r.code).toBe(7);
    expect(r.stderr).toMatch(/is still PROCESSING after/);
    expect(writesSince(start)).toEqual([]);
  });

  it("checks readiness for external groups and prints the whole checklist (exit 8)", async () => {
    const r = await run(["testflight", "distribute", "--build", demo().buildIds["2"], "--groups", "Public Beta"]);
    expect(r.code).toBe(8);
    expect(r.stderr).toContain("✗ beta app description is missing: the app has no beta app localization");
    expect(r.stderr).toContain("✗ review contact phone is missing");
    expect(r.stderr).toContain("fix: asckit testflight info set --app");

    // The dry run shows the same refusal: blocked, not "ok", and it exits as the real run would.
    const dry = await run(["testflight", "distribute", "--build", demo().buildIds["2"], "--groups", "Public Beta", "--dry-run"]);
    expect(dry.code).toBe(8);
    expect(dry.stderr).toMatch(/BLOCKED readiness: 7 item\(s\) missing for Beta App Review; the real run would be refused: beta app description is missing/);
    expect(dry.stderr).not.toContain("ok      readiness");
    expect(dry.stderr).toMatch(/error: Dry run: the real run would be refused: Not ready for external testing: 7 items missing/);
    const plan = json<{ dryRun: boolean; wouldBeRefused: boolean; steps: Array<{ step: string; status: string }>; blockers: Array<{ step: string; items: unknown[] }> }>(dry);
    expect(plan).toMatchObject({ dryRun: true, wouldBeRefused: true });
    expect(plan.steps.find((x) => x.step === "readiness")?.status).toBe("blocked");
    expect(plan.blockers.map((b) => [b.step, b.items.length])).toEqual([["readiness", 7]]);
  });

  it("sets the beta information, then takes a processing build to external testing", async () => {
    const info = await run([
      "testflight", "info", "set", "--app", "com.example.demo",
      "--description", "The demo app.", "--feedback-email", "beta@example.com", "--privacy-policy-url", "https://example.com/privacy",
      "--contact-first-name", "Ada", "--contact-last-name", "Lovelace", "--contact-phone", "+1 408 555 0100", "--contact-email", "ada@example.com",
      "--demo-account-required", "true", "--demo-account-name", "demo", "--demo-account-password", "s3cret-pass",
    ]);
    expect(info.code).toBe(0);
    const got = await run(["testflight", "info", "get", "--app", "com.example.demo"]);
    expect(json<{ reviewDetail: { demoAccountPassword: string } }>(got).reviewDetail.demoAccountPassword).toBe("********");
    for (const r of [info, got]) expect(`${r.stdout}${r.stderr}`).not.toContain("s3cret-pass");

    const build = emu.emulator.engine.scenario.addBuild({ appId: demo().appId, version: "9", marketingVersion: "1.1.0", processingDelayMs: 800 });
    const notes = file("notes.txt", "Try the settings screen.\n");
    const args = ["testflight", "distribute", "--app", "com.example.demo", "--version", "1.1.0", "--build-number", "9", "--groups", "Internal Testers,Public Beta", "--what-to-test", `@${notes}`];

    const noCompliance = await run([...args, "--interval", "200ms"]);
    expect(noCompliance.code).toBe(8);
    expect(noCompliance.stderr).toMatch(new RegExp(`error: Build ${build.buildId} .*is MISSING_EXPORT_COMPLIANCE: .*no ITSAppUsesNonExemptEncryption key\\.\\n`));
    expect(noCompliance.stderr).toContain(`hint: Answer it with \`asckit builds compliance ${build.buildId} --uses-non-exempt-encryption false|true\``);
    expect(noCompliance.stderr).toContain("set ITSAppUsesNonExemptEncryption in the app's Info.plist");

    const start = seen.length;
    const dry = await run([...args, "--uses-non-exempt-encryption", "false", "--dry-run"]);
    expect(dry.code).toBe(0);
    expect(dry.stderr).toContain("would   submit: submit for Beta App Review");
    expect(writesSince(start)).toEqual([]);

    const done = await run([...args, "--uses-non-exempt-encryption", "false", "--wait-for-review", "--interval", "200ms"]);
    expect(done.code).toBe(0);
    expect(json(done)).toMatchObject({
      build: build.buildId,
      processingState: "VALID",
      internalBuildState: "IN_BETA_TESTING",
      externalBuildState: "IN_BETA_TESTING",
      betaReviewState: "APPROVED",
      dryRun: false,
    });
    const status = await run(["testflight", "status", "--build", build.buildId]);
    expect(json(status)).toMatchObject({ groups: ["Internal Testers", "Public Beta"], whatToTestLocales: ["en-US"], usesNonExemptEncryption: false });
    const notesNow = await run(["testflight", "what-to-test", "get", "--build", build.buildId]);
    expect(json<Array<{ locale: string; whatsNew: string }>>(notesNow)).toEqual([expect.objectContaining({ locale: "en-US", whatsNew: "Try the settings screen." })]);

    // Again: the existing submission counts as success and nothing is written.
    const before = seen.length;
    const again = await run(["testflight", "distribute", "--build", build.buildId, "--groups", "Internal Testers,Public Beta"]);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain("already in Beta App Review (APPROVED)");
    expect(writesSince(before)).toEqual([]);
  });

  it("Beta App Review REJECTED: distribute --wait-for-review fails with exit 9 and the build shows BETA_REJECTED", async () => {
    // Beta information is complete by now (set in the test above).
    const build = emu.emulator.engine.scenario.addBuild({ appId: demo().appId, version: "10", marketingVersion: "1.1.0", usesNonExemptEncryption: false, processingDelayMs: 0 });
    betaReviewScenario(emu.emulator.engine).reject(build.buildId);
    const r = await run(["testflight", "distribute", "--build", build.buildId, "--groups", "Public Beta", "--wait-for-review", "--interval", "200ms", "--timeout", "30s"]);
    expect(r.code).toBe(9);
    expect(r.stderr).toContain(`error: Beta App Review rejected build ${build.buildId}.`);
    expect(r.stderr).toContain("hint: Read the reviewer's notes in App Store Connect");
    // The distribution itself was done: stdout says where it stands, for scripts.
    expect(json(r)).toMatchObject({ build: build.buildId, betaReviewState: "REJECTED", externalBuildState: "BETA_REJECTED" });
    expect(json(await run(["testflight", "status", "--build", build.buildId]))).toMatchObject({ betaReviewState: "REJECTED", externalBuildState: "BETA_REJECTED" });
  });

  it("--what-to-test FILE reads the file; a path that names no file is refused before any request (exit 2)", async () => {
    const notes = file("wtt.txt", "Check the new tab.\n");
    const start = seen.length;
    const missing = await run(["testflight", "distribute", "--build", demo().buildIds["2"], "--groups", "Internal Testers", "--what-to-test", "release/notes.txt"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^error: --what-to-test release\/notes\.txt: no such file \(.*release\/notes\.txt\)\.\n/);
    expect(seen.length).toBe(start);
    const dry = await run(["testflight", "distribute", "--build", demo().buildIds["2"], "--groups", "Internal Testers", "--what-to-test", notes, "--dry-run"]);
    expect(dry.code).toBe(0);
    expect(dry.stderr).toContain("what-to-test: create What to Test (en-US)");
    const set = await run(["testflight", "what-to-test", "set", "--build", demo().buildIds["2"], notes]);
    expect(json(set)).toMatchObject({ whatsNew: "Check the new tab." });
  });

  it("right after `builds upload` without --wait, distribute by version and build number waits for the build instead of failing", async () => {
    const ipa = path.join(emu.dir, "fresh.ipa");
    writeFileSync(ipa, await makeIpa({ plist: { ...DEMO_PLIST, CFBundleVersion: "200" }, fillerBytes: 1000 }));
    const up = await run(["builds", "upload", ipa]);
    expect(up.code).toBe(0);
    const { buildUploadId } = json<{ buildUploadId: string; buildId?: string }>(up);
    expect(json(up)).toMatchObject({ uploadState: "PROCESSING" });
    // Apple's processing takes minutes; hold this one a moment so distribute finds no build yet.
    store().update("buildUploads", buildUploadId, { internal: { committedAt: Date.now() + 1500 } });
    const r = await run(["testflight", "distribute", "--app", "com.example.demo", "--version", "1.2.0", "--build-number", "200", "--groups", "Internal Testers", "--interval", "200ms", "--timeout", "30s"]);
    expect(r.stderr).not.toContain("error:");
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(new RegExp(`done    upload: buildUpload ${buildUploadId} became build \\S+`));
    expect(json(r)).toMatchObject({ buildNumber: "200", processingState: "VALID", internalBuildState: "IN_BETA_TESTING" });
    const none = await run(["testflight", "distribute", "--app", "com.example.demo", "--version", "1.2.0", "--build-number", "999", "--groups", "Internal Testers"]);
    expect(none.code).toBe(4);
    expect(none.stderr).toContain("error: There is no build 1.2.0 (999) of com.example.demo, and no upload of it either.");
  });

  it("sets What to Test for another locale with a dry run first", async () => {
    const id = demo().buildIds["2"];
    const start = seen.length;
    const dry = await run(["testflight", "what-to-test", "set", "--build", id, "--locale", "fr-FR", "Essayez.", "--dry-run"]);
    expect(dry.code).toBe(0);
    expect(writesSince(start)).toEqual([]);
    expect((await run(["testflight", "what-to-test", "set", "--build", id, "--locale", "fr-FR", "Essayez."])).code).toBe(0);
    const bad = await run(["testflight", "what-to-test", "set", "--build", id, "--locale", "french", "x"]);
    expect(bad.code).toBe(8);
  });
});
