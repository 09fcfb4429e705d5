// `asckit builds expire` in-process against an emulator on a fake clock: what --older-than accepts,
// and that builds still in use (on an App Store version, with external testers, in Beta App Review)
// are left alone unless asked for.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runMain } from "../../support/in-process-cli.js";
import { START, startBuildEmulator, type BuildEmulator } from "./support/build-emulator.js";

const DAY = 86_400_000;
let emu: BuildEmulator;
let env: Record<string, string>;
let appId: string;
const ids: Record<string, string> = {};

beforeAll(async () => {
  emu = await startBuildEmulator();
  const key = await emu.emulator.createApiKey();
  env = { ASC_BASE_URL: emu.emulator.url, ASC_KEY_ID: key.keyId, ASC_ISSUER_ID: key.issuerId!, ASC_PRIVATE_KEY: key.privateKeyPem };
  // The second demo app has no builds or versions of its own: these are all there is.
  appId = emu.emulator.demo!.secondAppId;
  const engine = emu.emulator.engine;
  const add = (name: string, version: string, marketingVersion: string, daysAgo: number) =>
    (ids[name] = engine.scenario.addBuild({ appId, version, marketingVersion, uploadedDate: new Date(START - daysAgo * DAY).toISOString(), usesNonExemptEncryption: false, processingDelayMs: 0 }).buildId);
  add("free", "1", "1.0.0", 60);
  add("replaced", "2", "1.0.0", 55);
  add("onVersion", "3", "1.1.0", 50);
  add("external", "4", "1.1.0", 45);
  add("inReview", "5", "1.1.0", 40);
  add("recent", "6", "1.1.0", 2);
  const data = engine.data();
  const app = { type: "apps", id: appId };
  // 1.0.0 went live with build 2 and was replaced by 1.1.0: its build is history, not in use.
  const old = data.create({ type: "appStoreVersions", attributes: { platform: "IOS", versionString: "1.0.0" }, relationships: { app, build: { type: "builds", id: ids.replaced! } } });
  data.update("appStoreVersions", old.id, { attributes: { appVersionState: "REPLACED_WITH_NEW_VERSION", appStoreState: "REPLACED_WITH_NEW_VERSION" } });
  data.create({ type: "appStoreVersions", attributes: { platform: "IOS", versionString: "1.1.0" }, relationships: { app, build: { type: "builds", id: ids.onVersion! } } });
  // What Beta App Review and an external group leave on the builds' beta details.
  engine.store.update("buildBetaDetails", ids.external!, { attributes: { externalBuildState: "IN_BETA_TESTING" } });
  engine.store.update("buildBetaDetails", ids.inReview!, { attributes: { externalBuildState: "WAITING_FOR_BETA_REVIEW" } });
});
afterAll(async () => {
  await emu?.close();
});

const run = (argv: string[], options: { tty?: boolean; input?: string; env?: Record<string, string> } = {}) => runMain(argv, { env: options.env ?? env, now: emu.clock.now, sleep: emu.clock.sleep, ...options });
const expired = (name: string) => emu.emulator.engine.store.get("builds", ids[name]!)?.attributes.expired;
type Row = { id: string; result: string; inUse?: string };
const rows = (stdout: string) => JSON.parse(stdout) as Row[];
const byName = (list: Row[]) => Object.fromEntries(Object.entries(ids).map(([name, id]) => [name, list.find((r) => r.id === id)]).filter(([, r]) => r));

describe("builds expire --older-than: what it accepts", () => {
  it.each(["30", "0", "5", "90"])("refuses the unitless %s before any request (exit 2), naming days", async (value) => {
    // No credentials: reaching for the client would be exit 3, so exit 2 means nothing was sent.
    const r = await run(["builds", "expire", "--older-than", value, "--app", "com.example.widgettools", "--dry-run"], { env: {} });
    expect(r).toMatchObject({ code: 2, stdout: "" });
    expect(r.stderr).toBe(`error: --older-than ${value} has no unit.\nhint: Give a unit, e.g. --older-than 90d (units: d, h, m, s, ms).\n`);
  });

  it.each(["0d", "5h", "23h59m", "86399s"])("refuses %s: less than a day (exit 2)", async (value) => {
    const r = await run(["builds", "expire", "--older-than", value, "--yes"], { env: {} });
    expect(r).toMatchObject({ code: 2, stdout: "" });
    expect(r.stderr).toMatch(new RegExp(`^error: --older-than ${value} is less than a day: that would select the builds being tested right now\\.\\nhint: Use at least 1d, e\\.g\\. --older-than 90d; to expire one recent build, name it: \`asckit builds expire BUILD_ID\`\\.\\n$`));
  });

  it("accepts exactly one day, and --include-in-use only with --older-than", async () => {
    const day = await run(["builds", "expire", "--older-than", "24h", "--app", "com.example.widgettools", "--dry-run", "--include-in-use"]);
    expect(day.code).toBe(0);
    // All six builds are more than a day old.
    expect(rows(day.stdout).map((r) => r.result)).toEqual(Array(6).fill("would expire"));
    const wrong = await run(["builds", "expire", ids.free!, "--include-in-use"], { env: {} });
    expect(wrong).toMatchObject({ code: 2, stderr: "error: --include-in-use goes with --older-than, not with a build id.\nhint: A build named by id is expired whatever uses it (the question says so); drop --include-in-use.\n" });
  });
});

describe("builds expire --older-than: builds in use", () => {
  it("the plan marks builds on a live or open App Store version, in external testing or Beta App Review, and skips them", async () => {
    const r = await run(["builds", "expire", "--older-than", "30d", "--app", "com.example.widgettools", "--dry-run"]);
    expect(r.code).toBe(0);
    const plan = byName(rows(r.stdout));
    expect(plan).toEqual({
      free: expect.objectContaining({ result: "would expire" }),
      replaced: expect.objectContaining({ result: "would expire" }),
      onVersion: expect.objectContaining({ result: "skipped (in use)", inUse: "attached to App Store version 1.1.0 (PREPARE_FOR_SUBMISSION)" }),
      external: expect.objectContaining({ result: "skipped (in use)", inUse: "in external testing" }),
      inReview: expect.objectContaining({ result: "skipped (in use)", inUse: "waiting for Beta App Review" }),
    });
    expect(plan.free!.inUse).toBeUndefined();
    expect(plan.replaced!.inUse).toBeUndefined();
    expect(r.stderr).toContain(`note: 3 of 5 builds uploaded before ${new Date(START - 30 * DAY).toISOString()} are in use and left alone (see the "in use" column); add --include-in-use to expire them too.`);
    expect(Object.keys(ids).map(expired)).toEqual([false, false, false, false, false, false]);
  });

  it("with --yes expires only the builds nobody uses; the others stay unexpired", async () => {
    const r = await run(["builds", "expire", "--older-than", "30d", "--app", "com.example.widgettools", "--yes"]);
    expect(r.code).toBe(0);
    expect(byName(rows(r.stdout))).toMatchObject({ free: { result: "expired" }, replaced: { result: "expired" }, onVersion: { result: "skipped (in use)" } });
    expect(Object.fromEntries(Object.keys(ids).map((n) => [n, expired(n)]))).toEqual({ free: true, replaced: true, onVersion: false, external: false, inReview: false, recent: false });
    // Nothing left that is free to expire: the run says so and changes nothing.
    const again = await run(["builds", "expire", "--older-than", "30d", "--app", "com.example.widgettools", "--yes"]);
    expect(again.code).toBe(0);
    expect(rows(again.stdout).map((x) => x.result)).toEqual(["skipped (in use)", "skipped (in use)", "skipped (in use)"]);
  });

  it("builds expire ID on a build in use asks with the reason, and keeps it when the answer is no", async () => {
    const r = await run(["builds", "expire", ids.onVersion!], { tty: true, input: "n\n" });
    // Declined is exit 2 (usage), like every confirmation not given.
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`Expire build ${ids.onVersion} (1.1.0 build 3)? It is in use: attached to App Store version 1.1.0 (PREPARE_FOR_SUBMISSION). Testers lose it and this cannot be undone. [y/N] `);
    expect(r.stderr).toContain(`error: Build ${ids.onVersion} (1.1.0 build 3) was not expired: not confirmed.\nhint: Answer y to go ahead, or pass --yes when not on a terminal.`);
    expect(expired("onVersion")).toBe(false);
    const free = await run(["builds", "expire", ids.recent!], { tty: true, input: "n\n" });
    expect(free.stderr).toContain(`Expire build ${ids.recent} (1.1.0 build 6)? Testers lose it and this cannot be undone. [y/N] `);
  });

  it("--include-in-use expires them too, and the question counts them", async () => {
    const r = await run(["builds", "expire", "--older-than", "30d", "--app", "com.example.widgettools", "--include-in-use"], { tty: true, input: "y\n" });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`Expire 3 builds uploaded before ${new Date(START - 30 * DAY).toISOString()}, 3 of them in use? Testers lose them and this cannot be undone. [y/N] `);
    expect(byName(rows(r.stdout))).toMatchObject({ onVersion: { result: "expired", inUse: "attached to App Store version 1.1.0 (PREPARE_FOR_SUBMISSION)" }, external: { result: "expired" }, inReview: { result: "expired" } });
    expect(["onVersion", "external", "inReview", "recent"].map(expired)).toEqual([true, true, true, false]);
  });
});
