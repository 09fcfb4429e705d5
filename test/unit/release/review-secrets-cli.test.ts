// The demo account password on the command line: env:NAME, @FILE and - (stdin) keep it out of shell
// history and `ps`; a literal still works, with a note. `asckit api` masks it like `review details`
// and the MCP server do, unless --show-secrets.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runMain, type InProcessOptions } from "../../support/in-process-cli.js";
import { startTestEmulator, type TestEmulator } from "../../support/test-emulator.js";

let emu: TestEmulator;
let dir: string;
const writes: string[] = [];

beforeAll(async () => {
  emu = await startTestEmulator({ onRequest: (e) => void (e.method !== "GET" && writes.push(`${e.method} ${e.path}`)) });
  dir = mkdtempSync(path.join(os.tmpdir(), "asckit-secrets-"));
});
afterAll(async () => {
  await emu?.close();
  rmSync(dir, { recursive: true, force: true });
});

const V = ["--app", "com.example.demo", "--version", "1.2.0"];
const run = (argv: string[], options: InProcessOptions = {}) => runMain(argv, { cwd: dir, ...options, env: { ...emu.env, ...options.env } });
const NOTE = "note: a password given on the command line stays in your shell history and is visible to other users in `ps`; pass --demo-account-password env:NAME, @FILE or - (stdin) instead";

/** The password App Store Connect (the emulator) now holds for the version's App Review details. */
function storedPassword(): unknown {
  const details = emu.emulator.engine.store.list("appStoreReviewDetails");
  const version = emu.emulator.engine.store.list("appStoreVersions").find((v) => v.attributes.versionString === "1.2.0")!;
  const mine = details.find((d) => emu.emulator.engine.store.edges.targets(d, "appStoreVersion")[0]?.id === version.id);
  return mine?.attributes.demoAccountPassword;
}

describe("review details --demo-account-password", () => {
  it("reads env:NAME, @FILE and - (stdin), never echoing the password, with no note", async () => {
    const fromEnv = await run(["review", "details", ...V, "--demo-account-password", "env:DEMO_PW"], { env: { DEMO_PW: "pw-from-env" } });
    expect(fromEnv.code, fromEnv.stderr).toBe(0);
    expect(storedPassword()).toBe("pw-from-env");

    writeFileSync(path.join(dir, "pw.txt"), "pw-from-file\n");
    const fromFile = await run(["review", "details", ...V, "--demo-account-password", "@pw.txt"]);
    expect(fromFile.code, fromFile.stderr).toBe(0);
    expect(storedPassword()).toBe("pw-from-file");

    const fromStdin = await run(["review", "details", ...V, "--demo-account-password", "-"], { input: "pw-from-stdin\r\n" });
    expect(fromStdin.code, fromStdin.stderr).toBe(0);
    expect(storedPassword()).toBe("pw-from-stdin");

    for (const r of [fromEnv, fromFile, fromStdin]) {
      expect(r.stderr).not.toContain("note: a password given on the command line");
      expect(`${r.stdout}${r.stderr}`).not.toMatch(/pw-from-/);
      expect(JSON.parse(r.stdout).demoAccountPassword).toBe("********");
    }
  });

  it("still takes a literal password, with a one-line note on stderr", async () => {
    const literal = await run(["review", "details", ...V, "--demo-account-password", "pw-literal"]);
    expect(literal.code, literal.stderr).toBe(0);
    expect(literal.stderr.split("\n")).toContain(NOTE);
    expect(storedPassword()).toBe("pw-literal");
    expect(literal.stdout).not.toContain("pw-literal");
  });

  it("refuses an unset variable, an empty file, a missing file and a terminal on stdin before any write (exit 2)", async () => {
    writeFileSync(path.join(dir, "empty.txt"), "\n");
    const before = writes.length;
    const cases: Array<[string, InProcessOptions, string]> = [
      ["env:NOT_SET_ANYWHERE", {}, "error: --demo-account-password env:NOT_SET_ANYWHERE: NOT_SET_ANYWHERE is not set (or is empty)."],
      ["env:bad-name", {}, 'error: --demo-account-password env:bad-name: "bad-name" is not an environment variable name.'],
      ["@empty.txt", {}, "error: --demo-account-password @empty.txt: the password is empty."],
      ["@missing.txt", {}, "--demo-account-password"],
      ["-", { tty: true }, "error: --demo-account-password -: standard input is a terminal, where the password would be echoed."],
    ];
    for (const [value, options, message] of cases) {
      const r = await run(["review", "details", ...V, "--demo-account-password", value], options);
      expect(r.code, `${value}: ${r.stderr}`).toBe(2);
      expect(r.stderr, value).toContain(message);
    }
    expect(writes.slice(before)).toEqual([]);
    expect(storedPassword()).toBe("pw-literal");
  });
});

describe("testflight info set --demo-account-password", () => {
  it("takes env:NAME too", async () => {
    const r = await run(["testflight", "info", "set", "--app", "com.example.demo", "--demo-account-name", "demo", "--demo-account-password", "env:BETA_PW"], { env: { BETA_PW: "beta-from-env" } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toContain("note: a password given on the command line");
    expect(`${r.stdout}${r.stderr}`).not.toContain("beta-from-env");
    const beta = emu.emulator.engine.store.list("betaAppReviewDetails").find((d) => d.attributes.demoAccountName === "demo");
    expect(beta?.attributes.demoAccountPassword).toBe("beta-from-env");
  });
});

describe("asckit api and secret-like fields", () => {
  it("masks demoAccountPassword by default, with a note; --show-secrets prints it", async () => {
    const listing = await run(["review", "details", ...V]);
    const id = JSON.parse(listing.stdout).id as string;
    const masked = await run(["api", "GET", `/v1/appStoreReviewDetails/${id}`]);
    expect(masked.code, masked.stderr).toBe(0);
    expect(masked.stdout).not.toContain("pw-literal");
    expect(JSON.parse(masked.stdout).data.attributes).toMatchObject({ demoAccountPassword: "********", contactEmail: null });
    expect(masked.stderr).toContain("note: secret-like fields (passwords) are shown as ********; --show-secrets prints them");
    const list = await run(["api", "GET", `/v1/appStoreVersions/${emu.emulator.engine.store.edges.targets({ type: "appStoreReviewDetails", id }, "appStoreVersion")[0]!.id}/appStoreReviewDetail`]);
    expect(list.stdout).not.toContain("pw-literal");
    const shown = await run(["api", "GET", `/v1/appStoreReviewDetails/${id}`, "--show-secrets"]);
    expect(JSON.parse(shown.stdout).data.attributes.demoAccountPassword).toBe("pw-literal");
    expect(shown.stderr).not.toContain("note: secret-like fields");
    // A dry run prints the body it would send: the password in it is masked as well.
    const body = JSON.stringify({ data: { type: "appStoreReviewDetails", id, attributes: { demoAccountPassword: "new-secret" } } });
    const dry = await run(["api", "PATCH", `/v1/appStoreReviewDetails/${id}`, "--body", body, "--dry-run"]);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).not.toContain("new-secret");
    expect(JSON.parse(dry.stdout).body.data.attributes.demoAccountPassword).toBe("********");
  });
});
