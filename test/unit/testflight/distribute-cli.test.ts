// `asckit testflight distribute --wait-for-review` in-process on a fake clock: when Beta App Review
// rejects the build (exit 9) or is still going at --timeout (exit 7), the work is done all the same,
// and stdout still says what state it is in, so a script can act on it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setBetaInfo } from "../../../src/workflows/testflight/beta-info.js";
import { runMain } from "../../support/in-process-cli.js";
import { startTestflightEmulator, type TestflightEmulator } from "./support/testflight-emulator.js";

let emu: TestflightEmulator;
let env: Record<string, string>;
beforeAll(async () => {
  emu = await startTestflightEmulator();
  const key = await emu.emulator.createApiKey();
  env = { ASC_BASE_URL: emu.emulator.url, ASC_KEY_ID: key.keyId, ASC_ISSUER_ID: key.issuerId!, ASC_PRIVATE_KEY: key.privateKeyPem };
  await setBetaInfo(emu.client, emu.demo.appId, {
    localization: { locale: "en-US", description: "The demo app.", feedbackEmail: "beta@example.com", privacyPolicyUrl: "https://example.com/privacy" },
    reviewDetail: { contactFirstName: "Ada", contactLastName: "Lovelace", contactPhone: "+1 408 555 0100", contactEmail: "ada@example.com" },
  });
});
afterAll(async () => {
  await emu?.close();
});

const addBuild = (version: string) => emu.emulator.engine.scenario.addBuild({ appId: emu.demo.appId, version, marketingVersion: "1.1.0", usesNonExemptEncryption: false, processingDelayMs: 0 }).buildId;
const distribute = (build: string, extra: string[]) =>
  runMain(["testflight", "distribute", "--build", build, "--groups", "Public Beta", "--wait-for-review", ...extra], { env, now: emu.clock.now, sleep: emu.clock.sleep });
type Printed = { build: string; groups: string[]; betaReviewState: string; externalBuildState: string; dryRun: boolean; steps: Array<{ step: string; status: string }> };

describe("distribute --wait-for-review that does not end approved", () => {
  it("rejected: exit 9, the error on stderr, the result (REJECTED) as JSON on stdout", async () => {
    const build = addBuild("30");
    emu.review.reject(build);
    const r = await distribute(build, ["--interval", "10s", "--timeout", "1h"]);
    expect(r.code).toBe(9);
    expect(r.stderr).toContain(`error: Beta App Review rejected build ${build}.\nhint: Read the reviewer's notes in App Store Connect`);
    const printed = JSON.parse(r.stdout) as Printed;
    expect(printed).toMatchObject({ build, groups: ["Public Beta (external)"], betaReviewState: "REJECTED", externalBuildState: "BETA_REJECTED", dryRun: false });
    expect(printed.steps.map((s) => `${s.step}:${s.status}`)).toContain("submit:done");
  });

  it("timed out: exit 7, the result (still WAITING_FOR_REVIEW) as JSON on stdout", async () => {
    emu.review.setTiming({ waitingForReviewMs: 86_400_000 });
    const build = addBuild("31");
    const r = await distribute(build, ["--interval", "10m", "--timeout", "1h"]);
    expect(r.code).toBe(7);
    expect(r.stderr).toMatch(new RegExp(`error: Beta App Review of build ${build} is still WAITING_FOR_REVIEW after 3600 s\\.\\nhint: Reviews can take a day or more`));
    expect(JSON.parse(r.stdout)).toMatchObject({ build, betaReviewState: "WAITING_FOR_REVIEW", externalBuildState: "WAITING_FOR_BETA_REVIEW", dryRun: false });
  });
});
