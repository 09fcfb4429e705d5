// `asckit testers import` in-process: the summary line says what a dry run would do and what a real
// run did, with counts that add up to the rows.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
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
