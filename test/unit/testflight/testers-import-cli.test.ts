// `asckit testers import` in-process: the summary line says what a dry run would do and what a real
// run did, with counts that add up to the rows; invalid rows refuse the import unless skipped on purpose.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runMain } from "../../support/in-process-cli.js";
import { startTestflightEmulator, type TestflightEmulator } from "./support/testflight-emulator.js";

let emu: TestflightEmulator;
let env: Record<string, string>;
const dir = mkdtempSync(path.join(os.tmpdir(), "asckit-import-cli-"));
const csv = path.join(dir, "testers.csv");
beforeAll(async () => {
  emu = await startTestflightEmulator();
  const key = await emu.emulator.createApiKey();
  env = { ASC_BASE_URL: emu.emulator.url, ASC_KEY_ID: key.keyId, ASC_ISSUER_ID: key.issuerId!, ASC_PRIVATE_KEY: key.privateKeyPem };
  // Alan is a tester of the app already (Public Beta); Ada is one too, but only in Internal Testers.
  writeFileSync(csv, ["email,first name,last name", "new1@example.com,New,One", "new2@example.com,New,Two", "alan@example.com,Alan,Turing", "ada@example.com,Ada,Lovelace"].join("\n"));
});
afterAll(async () => {
  await emu?.close();
  rmSync(dir, { recursive: true, force: true });
});

const importCsv = (extra: string[] = []) => runMain(["testers", "import", csv, "--app", "com.example.demo", "--group", "Public Beta", ...extra], { env, now: emu.clock.now, sleep: emu.clock.sleep });

describe("testers import summary", () => {
  it("a dry run says would create / would add; the real run says created / added; a re-run has nothing to do", async () => {
    const dry = await importCsv(["--dry-run"]);
    expect(dry.code).toBe(0);
    expect(dry.stderr).toContain("dry run: 4 rows: would create 2, would add 1 existing, 1 already in their groups\n");
    expect(emu.writes()).toEqual([]);

    const real = await importCsv();
    expect(real.code).toBe(0);
    expect(real.stderr).toContain("4 rows: created 2, added 1 existing, 1 already in their groups\n");
    expect(real.stderr).not.toMatch(/dry run|would|\bcreate \d/);
    expect(JSON.parse(real.stdout)).toMatchObject({ rows: 4, created: 2, linked: 1, alreadyMembers: 1, dryRun: false });

    const again = await importCsv();
    expect(again.stderr).toContain("4 rows: created 0, added 0 existing, 4 already in their groups\n");
  });
});

describe("testers import with invalid rows", () => {
  // The path a fresh user typed: a folder and a file name with spaces. Lines 4 and 7 are invalid,
  // line 6 repeats line 2 (a duplicate is skipped, never a reason to refuse).
  const bad = path.join(dir, "my app", "testers list.csv");
  beforeAll(() => {
    mkdirSync(path.dirname(bad), { recursive: true });
    writeFileSync(
      bad,
      ["email,first name,last name", "val1@example.com,Val,One", "val2@example.com,Val,Two", "not-an-email,Bad,Row", "val3@example.com,Val,Three", "VAL1@example.com,Val,Again", ",No,Email"].join("\n"),
    );
  });
  const importBad = (extra: string[] = []) =>
    runMain(["testers", "import", "my app/testers list.csv", "--app", "com.example.demo", "--group", "Public Beta", ...extra], { env, cwd: dir, now: emu.clock.now, sleep: emu.clock.sleep });
  const inPublicBeta = () => {
    const store = emu.emulator.engine.store;
    return store.edges.targets({ type: "betaGroups", id: emu.demo.betaGroupIds.external }, "betaTesters").map((t) => String(store.get(t.type, t.id)?.attributes.email));
  };

  const STRICT_HINT = "hint: Fix those rows and run the import again, or leave out --strict to import the other rows.";
  const PARTLY = "partly done: 2 invalid rows skipped (lines 4, 7); the others were imported. Fix them and run the same command again to finish (or use --strict for all or nothing).";

  it("--strict lists every invalid line and exits 8 without sending a single request (not even the app lookup)", async () => {
    const before = emu.requests.length;
    const r = await importBad(["--strict"]);
    expect(r.code).toBe(8);
    expect(r.stderr).toBe(
      [
        "line 4: 'not-an-email' is not a valid email address",
        "warning: line 6: duplicate, skipped: VAL1@example.com is a duplicate of line 2",
        "line 7: no email address",
        "error: my app/testers list.csv: 2 invalid rows (lines 4, 7); nothing was imported.",
        STRICT_HINT,
        "",
      ].join("\n"),
    );
    expect(r.stdout).toBe("");
    expect(emu.requests.length).toBe(before);
  });

  it("a dry run lists the same lines with reads only: exit 11 as the real run would be partly done; with --strict exit 8", async () => {
    const before = emu.requests.length;
    const r = await importBad(["--dry-run"]);
    expect(r.code, r.stderr).toBe(11);
    expect(r.stderr).toContain("warning: line 4: skipped: 'not-an-email' is not a valid email address\n");
    expect(r.stderr).toContain("warning: line 7: skipped: no email address\n");
    expect(r.stderr).toContain("dry run: 6 rows: would create 3, would add 0 existing, 0 already in their groups; skipped 3 (2 invalid, 1 duplicate)\n");
    expect(r.stderr).toContain("dry run: would be partly done: 2 invalid rows skipped (lines 4, 7); the others would be imported.");
    expect(JSON.parse(r.stdout)).toMatchObject({ dryRun: true, created: 3, invalid: 2, skipped: [{ line: 4, kind: "invalid" }, { line: 6, kind: "duplicate" }, { line: 7, kind: "invalid" }] });
    const sent = emu.requests.slice(before);
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.filter((q) => q.method !== "GET")).toEqual([]);

    const strict = await importBad(["--dry-run", "--strict"]);
    expect(strict.code).toBe(8);
    expect(strict.stderr).toContain("error: dry run: my app/testers list.csv: 2 invalid rows (lines 4, 7); the real run would refuse and import nothing.\n");
    expect(emu.requests.slice(before).filter((q) => q.method !== "GET")).toEqual([]);
  });

  it("by default imports the valid rows, reports each skipped line, lists them in the JSON and exits 11 (partly done)", async () => {
    const r = await importBad();
    expect(r.code, r.stderr).toBe(11);
    expect(r.stderr).toContain("warning: line 4: skipped: 'not-an-email' is not a valid email address\n");
    expect(r.stderr).toContain("warning: line 6: duplicate, skipped: VAL1@example.com is a duplicate of line 2\n");
    expect(r.stderr).toContain("warning: line 7: skipped: no email address\n");
    expect(r.stderr.trimEnd().split("\n").at(-1)).toBe(PARTLY);
    expect(r.stderr).not.toContain("error:");
    expect(JSON.parse(r.stdout)).toMatchObject({
      rows: 6,
      created: 3,
      invalid: 2,
      duplicates: 1,
      dryRun: false,
      skipped: [
        { line: 4, kind: "invalid", message: "'not-an-email' is not a valid email address" },
        { line: 6, kind: "duplicate", message: "VAL1@example.com is a duplicate of line 2" },
        { line: 7, kind: "invalid", message: "no email address" },
      ],
    });
    expect(inPublicBeta()).toEqual(expect.arrayContaining(["val1@example.com", "val2@example.com", "val3@example.com"]));
    // Re-run: the valid rows are there already, the invalid ones are still reported; nothing new is written.
    const before = emu.requests.length;
    const again = await importBad();
    expect(again.code).toBe(11);
    expect(again.stderr).toContain("6 rows: created 0, added 0 existing, 3 already in their groups; skipped 3 (2 invalid, 1 duplicate)\n");
    expect(emu.requests.slice(before).filter((q) => q.method !== "GET")).toEqual([]);
  });

  it("a group the app does not have: --strict refuses after the reads, before any write; by default that row is skipped", async () => {
    const typo = path.join(dir, "typo.csv");
    writeFileSync(typo, ["email,groups", "grp1@example.com,Public Beta", "grp2@example.com,Public Bta"].join("\n"));
    const before = emu.requests.length;
    const r = await runMain(["testers", "import", typo, "--app", "com.example.demo", "--strict"], { env, now: emu.clock.now, sleep: emu.clock.sleep });
    expect(r.code).toBe(8);
    expect(r.stderr).toContain('line 3: grp2@example.com: unknown group "Public Bta" (groups: Internal Testers, Public Beta)\n');
    expect(r.stderr).toContain(`error: ${typo}: 1 invalid row (line 3); nothing was imported.\n${STRICT_HINT}\n`);
    expect(emu.requests.slice(before).filter((q) => q.method !== "GET")).toEqual([]);
    expect(inPublicBeta()).not.toContain("grp1@example.com");

    const skipping = await runMain(["testers", "import", typo, "--app", "com.example.demo"], { env, now: emu.clock.now, sleep: emu.clock.sleep });
    expect(skipping.code, skipping.stderr).toBe(11);
    expect(JSON.parse(skipping.stdout)).toMatchObject({ created: 1, unknownGroup: 1, skipped: [{ line: 3, kind: "invalid" }] });
    expect(inPublicBeta()).toContain("grp1@example.com");
  });

  it("with --strict, a row without a group (no --group, empty groups column) is refused before any request", async () => {
    const none = path.join(dir, "none.csv");
    writeFileSync(none, ["email,groups", "ng1@example.com,Public Beta", "ng2@example.com,"].join("\n"));
    const before = emu.requests.length;
    const r = await runMain(["testers", "import", none, "--app", "com.example.demo", "--strict"], { env, now: emu.clock.now, sleep: emu.clock.sleep });
    expect(r.code).toBe(8);
    expect(r.stderr).toContain("line 3: ng2@example.com: no group (pass --group or fill the groups column)\n");
    expect(emu.requests.length).toBe(before);
  });

  it("a file in which no row can be imported exits 8", async () => {
    const allBad = path.join(dir, "all-bad.csv");
    writeFileSync(allBad, ["email,groups", "ab1@example.com,Nope"].join("\n"));
    const r = await runMain(["testers", "import", allBad, "--app", "com.example.demo"], { env, now: emu.clock.now, sleep: emu.clock.sleep });
    expect(r.code).toBe(8);
    expect(r.stderr).toContain(`error: ${allBad}: no row can be imported; nothing was imported.\n`);
  });
});

describe("testers remove, declined", () => {
  it("answering no at the question removes nobody and exits 2 (a confirmation not given), like every declined command", async () => {
    const r = await runMain(["testers", "remove", "alan@example.com", "--app", "com.example.demo"], { env, tty: true, input: "n\n", now: emu.clock.now, sleep: emu.clock.sleep });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("Remove 1 tester(s) (alan@example.com) from app com.example.demo and all its beta groups? They lose access to every build. [y/N] ");
    expect(r.stderr).toContain("error: No tester was removed from app com.example.demo: not confirmed.\nhint: Answer y to go ahead, or pass --yes when not on a terminal.\n");
    expect(r.stdout).toBe("");
    expect(emu.writes().filter((w) => w.method === "DELETE")).toEqual([]);
  });
});
