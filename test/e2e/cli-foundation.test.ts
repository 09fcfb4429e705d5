// The built CLI, spawned as a user runs it, against an emulator on port 0.
import { generateKeyPairSync } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, runCli, type CliResult } from "../support/run-cli.js";
import { startTestEmulator, type TestEmulator } from "../support/test-emulator.js";

let emu: TestEmulator;
const requestsSeen: Array<{ method: string; path: string; status: number; at: number }> = [];

beforeAll(async () => {
  // `at`: when the response went out, to check how long the client waited before retrying.
  emu = await startTestEmulator({ onRequest: (e) => requestsSeen.push({ method: e.method, path: e.path, status: e.status, at: performance.now() }) });
});
afterAll(async () => {
  await emu?.close();
});

const run = (args: string[], env: Record<string, string> = {}) => runCli(args, { env: { ...emu.env, ...env } });

/** Secrets never reach the terminal: no key text, no JWT. */
function expectNoSecrets(r: CliResult) {
  const key = readFileSync(emu.files.p8Path, "utf8").split("\n")[1]!;
  for (const text of [r.stdout, r.stderr]) {
    expect(text).not.toContain(key);
    expect(text).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/);
  }
}

const countSince = (start: number, pred: (r: { method: string; path: string; status: number }) => boolean) => requestsSeen.slice(start).filter(pred).length;

describe("happy paths", () => {
  it("auth status checks the key and reports type, base URL and skew", async () => {
    const r = await run(["auth", "status", "--json"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const s = json<{ keyType: string; baseUrl: string; clockSkewSeconds: number; keyId: string }>(r);
    expect(s.keyType).toBe("team");
    expect(s.keyId).toBe(emu.key.keyId);
    expect(s.baseUrl).toBe(emu.emulator.url);
    expect(Math.abs(s.clockSkewSeconds)).toBeLessThanOrEqual(2);
    expectNoSecrets(r);
  });

  it("apps list prints JSON when piped, with Apple's attribute names", async () => {
    const r = await run(["apps", "list"]);
    expect(r.code).toBe(0);
    const apps = json<Array<{ id: string; bundleId: string; name: string }>>(r);
    expect(apps.map((a) => a.bundleId)).toContain("com.example.demo");
    expect(apps.find((a) => a.bundleId === "com.example.demo")?.name).toBe("Demo App");
  });

  it("apps list --output table and tsv", async () => {
    const table = await run(["apps", "list", "--output", "table"]);
    expect(table.stdout.split("\n")[0]).toMatch(/^ID\s+NAME\s+BUNDLEID/);
    const tsv = await run(["apps", "list", "--output", "tsv"]);
    expect(tsv.stdout.split("\n")[0]).toBe("id\tname\tbundleId\tsku\tprimaryLocale");
  });

  it("apps get by exact bundle id", async () => {
    const r = await run(["apps", "get", "com.example.demo"]);
    expect(r.code).toBe(0);
    expect(json<{ bundleId: string }>(r).bundleId).toBe("com.example.demo");
  });

  it("builds list matches marketing version and build number exactly", async () => {
    const byVersion = json<Array<{ marketingVersion: string; version: string }>>(await run(["builds", "list", "--app", "com.example.demo", "--version", "1.0.0"]));
    expect(byVersion.length).toBeGreaterThanOrEqual(2);
    expect(new Set(byVersion.map((b) => b.marketingVersion))).toEqual(new Set(["1.0.0"]));
    const byNumber = json<Array<{ version: string }>>(await run(["builds", "list", "--app", "com.example.demo", "--build-number", "1"]));
    expect(byNumber.map((b) => b.version)).toEqual(["1"]);
  });

  it("bundle-ids get matches exactly although Apple's filter matches substrings", async () => {
    const r = await run(["bundle-ids", "get", "com.example.demo"]);
    expect(r.code).toBe(0);
    expect(json<{ identifier: string }>(r).identifier).toBe("com.example.demo");
    const list = json<Array<{ identifier: string }>>(await run(["bundle-ids", "list", "--identifier", "com.example.demo"]));
    expect(list.map((b) => b.identifier)).toEqual(["com.example.demo"]);
  });

  it("bundle-ids create is idempotent, needs --yes without a TTY, and --dry-run sends no write", async () => {
    const start = requestsSeen.length;
    const refused = await run(["bundle-ids", "create", "com.example.e2e.one"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--yes/);
    const dry = await run(["bundle-ids", "create", "com.example.e2e.one", "--dry-run"]);
    expect(dry.code).toBe(0);
    expect(json<{ plan: string }>(dry).plan).toBe("create");
    expect(countSince(start, (q) => q.method === "POST")).toBe(0);
    const first = await run(["bundle-ids", "create", "com.example.e2e.one", "--name", "E2E One", "--yes"]);
    expect(first.code).toBe(0);
    expect(json<{ created: boolean; identifier: string }>(first)).toMatchObject({ created: true, identifier: "com.example.e2e.one" });
    const again = await run(["bundle-ids", "create", "com.example.e2e.one", "--yes"]);
    expect(again.code).toBe(0);
    expect(json<{ created: boolean }>(again).created).toBe(false);
    expect(countSince(start, (q) => q.method === "POST")).toBe(1);
  });

  it("api validates against the spec and paginates", async () => {
    const r = await run(["api", "GET", "/v1/apps", "--query", "fields[apps]=name,bundleId", "--query", "limit=1", "--paginate"]);
    expect(r.code).toBe(0);
    const items = json<Array<{ type: string; attributes: { bundleId: string } }>>(r);
    expect(items.length).toBeGreaterThanOrEqual(2);
    expect(items[0]!.type).toBe("apps");
  });

  it("--verbose logs each request on stderr without the token", async () => {
    const r = await run(["apps", "list", "--verbose"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/GET \/v1\/apps\S* → 200 \d+ms retries=0 rate=\d+\/3600/);
    expectNoSecrets(r);
  });
});

describe("key normalisation through the CLI", () => {
  const pem = () => readFileSync(emu.files.p8Path, "utf8");
  it("a .p8 saved with CRLF line endings works", async () => {
    const file = path.join(emu.dir, "crlf.p8");
    writeFileSync(file, pem().replace(/\n/g, "\r\n"));
    const r = await run(["apps", "list"], { ASC_PRIVATE_KEY_PATH: file });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
  });

  it("the bare base64 body of the key (no BEGIN/END lines) in ASC_PRIVATE_KEY works, and is never printed", async () => {
    const body = pem().replace(/-----[A-Z ]+-----/g, "").replace(/\s+/g, "");
    const r = await run(["auth", "status"], { ASC_PRIVATE_KEY_PATH: "", ASC_PRIVATE_KEY: body });
    expect(r.code).toBe(0);
    expect(r.stdout + r.stderr).not.toContain(body.slice(30, 60));
    expectNoSecrets(r);
  });
});

describe("waiting for a build", () => {
  it("waits until VALID with progress on stderr", async () => {
    const { buildId } = emu.emulator.engine.scenario.addBuild({ appId: emu.emulator.demo!.appId, version: "100", marketingVersion: "2.0.0", processingDelayMs: 1200 });
    const r = await run(["builds", "wait", buildId, "--interval", "300ms", "--timeout", "20s"]);
    expect(r.code).toBe(0);
    expect(json<{ processingState: string }>(r).processingState).toBe("VALID");
    // Apple gives no fraction for processing: state and time waited, no percentage, and without a
    // TTY one line per state rather than one per poll.
    expect(r.stderr).not.toContain("%");
    const lines = r.stderr.trimEnd().split("\n");
    expect(lines.filter((l) => /PROCESSING/.test(l))).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^build ${buildId}: PROCESSING \\(\\d+s elapsed, timeout 20s\\)$`));
  });

  it("refuses an --interval that would hammer the API, before any request", async () => {
    const start = requestsSeen.length;
    for (const interval of ["0", "1ms"]) {
      const r = await run(["builds", "wait", "anything", "--interval", interval, "--timeout", "5s"]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`^error: --interval ${interval} is too short: polls must be at least 100ms apart\\.\\nhint: `));
    }
    // Against Apple's host (no base URL) the floor is a second.
    const apple = await run(["builds", "wait", "anything", "--interval", "500ms"], { ASC_BASE_URL: "" });
    expect(apple.code).toBe(2);
    expect(apple.stderr).toMatch(/at least 1s apart/);
    expect(requestsSeen.length).toBe(start);
  });

  it("exits 7 when the wait times out", async () => {
    const { buildId } = emu.emulator.engine.scenario.addBuild({ appId: emu.emulator.demo!.appId, version: "101", marketingVersion: "2.0.0", processingDelayMs: 600_000 });
    const r = await run(["builds", "wait", buildId, "--interval", "200ms", "--timeout", "1s"]);
    expect(r.code).toBe(7);
    expect(r.stderr).toMatch(/still PROCESSING/);
  });

  it("exits 9 when the build ends INVALID", async () => {
    const { buildId } = emu.emulator.engine.scenario.addBuild({ appId: emu.emulator.demo!.appId, version: "102", marketingVersion: "2.0.0", processingDelayMs: 200, outcome: "INVALID" });
    const r = await run(["builds", "wait", buildId, "--interval", "200ms", "--timeout", "10s"]);
    expect(r.code).toBe(9);
    expect(r.stderr).toMatch(/INVALID/);
  });
});

describe("faults", () => {
  it("a token revoked mid-run is re-minted once, then the run succeeds", async () => {
    const { buildId } = emu.emulator.engine.scenario.addBuild({ appId: emu.emulator.demo!.appId, version: "103", marketingVersion: "2.0.0", processingDelayMs: 5000 });
    const start = requestsSeen.length;
    const running = run(["builds", "wait", buildId, "--interval", "300ms", "--timeout", "20s"]);
    // Revoke only once the CLI's token has been used (a slow start must not make the test vacuous).
    while (countSince(start, (q) => q.path === `/v1/builds/${buildId}`) === 0) await new Promise((r) => setTimeout(r, 20));
    emu.emulator.revokeTokens();
    const r = await running;
    expect(r.code).toBe(0);
    expect(countSince(start, (q) => q.status === 401)).toBe(1);
  });

  it("a GET is retried after a 503", async () => {
    const start = requestsSeen.length;
    emu.emulator.failNext({ status: 503, count: 1, method: "GET", path: /^\/v1\/apps$/ });
    const r = await run(["apps", "list"]);
    expect(r.code).toBe(0);
    expect(countSince(start, (q) => q.path === "/v1/apps" && q.status === 503)).toBe(1);
    expect(countSince(start, (q) => q.path === "/v1/apps" && q.status === 200)).toBe(1);
  });

  it("429 with Retry-After and without are both retried; Retry-After is waited out", async () => {
    // 2 s is well above the backoff used without Retry-After (at most 500 ms for a first retry), so
    // a retry after at least ~2 s shows the header was honoured.
    for (const retryAfter of [2, undefined]) {
      const start = requestsSeen.length;
      emu.emulator.failNext({ status: 429, count: 1, method: "GET", path: /^\/v1\/apps$/, ...(retryAfter ? { retryAfter } : {}) });
      const r = await run(["apps", "list"]);
      expect(r.code).toBe(0);
      expect(countSince(start, (q) => q.status === 429)).toBe(1);
      const limited = requestsSeen.slice(start).find((q) => q.status === 429)!;
      const retried = requestsSeen.slice(start).find((q) => q.path === "/v1/apps" && q.status === 200)!;
      const waited = retried.at - limited.at;
      if (retryAfter) {
        expect(waited).toBeGreaterThanOrEqual(retryAfter * 1000 - 50);
        expect(waited).toBeLessThan(retryAfter * 1000 + 8000);
      } else {
        expect(waited).toBeLessThan(8000);
      }
    }
  });

  it("a POST is not replayed after a 500; the CLI re-reads and reports the failure", async () => {
    const start = requestsSeen.length;
    emu.emulator.failNext({ status: 500, count: 1, method: "POST", path: /^\/v1\/bundleIds$/ });
    const r = await run(["bundle-ids", "create", "com.example.e2e.fivehundred", "--yes"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: 500/m);
    expect(countSince(start, (q) => q.method === "POST")).toBe(1);
  });

  it("an expired token (server clock far ahead) is re-minted exactly once, then exit 3 with Apple's message", async () => {
    const statuses: number[] = [];
    const ahead = await startTestEmulator({ now: () => Date.now() + 40 * 60_000, onRequest: (e) => statuses.push(e.status) });
    try {
      const r = await runCli(["apps", "list"], { env: ahead.env });
      expect(r.code).toBe(3);
      expect(r.stderr).toMatch(/401 NOT_AUTHORIZED/);
      // The first token and one fresh one: a single re-mint, no loop.
      expect(statuses).toEqual([401, 401]);
      expectNoSecrets(r);
    } finally {
      await ahead.close();
    }
  });
});

describe("bad input is refused before any request", () => {
  const noRequestsDuring = async (args: string[], env: Record<string, string> = {}) => {
    const start = requestsSeen.length;
    const r = await run(args, env);
    expect(requestsSeen.length - start).toBe(0);
    expect(r.stderr.trim().split("\n")[0]).toMatch(/^error: /);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    return r;
  };

  it("an invalid bundle ID exits 8", async () => {
    const r = await noRequestsDuring(["bundle-ids", "create", "com.example.bad id", "--yes"]);
    expect(r.code).toBe(8);
    expect(r.stderr).toMatch(/Invalid bundle ID/);
    expect((await noRequestsDuring(["bundle-ids", "create", "com.example.*", "--yes"])).stderr).toMatch(/wildcard/);
  });

  it("an RSA key exits 3 with a clear message and no key text", async () => {
    const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    const file = path.join(emu.dir, "rsa.p8");
    writeFileSync(file, rsa);
    const r = await noRequestsDuring(["apps", "list"], { ASC_PRIVATE_KEY_PATH: file });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/RSA/);
    expect(r.stderr).not.toContain(rsa.split("\n")[1]!);
  });

  it("a P-384 EC key exits 3, naming the curve, without key text", async () => {
    const p384 = generateKeyPairSync("ec", { namedCurve: "P-384" }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    const file = path.join(emu.dir, "p384.p8");
    writeFileSync(file, p384);
    const r = await noRequestsDuring(["apps", "list"], { ASC_PRIVATE_KEY_PATH: file });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/P-256/);
    expect(r.stdout + r.stderr).not.toContain(p384.split("\n")[1]!.slice(0, 16));
  });

  it("garbage in ASC_PRIVATE_KEY exits 3 without echoing it", async () => {
    const garbage = "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgnotreallyakeyatall";
    const r = await noRequestsDuring(["apps", "list"], { ASC_PRIVATE_KEY_PATH: "", ASC_PRIVATE_KEY: garbage });
    expect(r.code).toBe(3);
    expect(r.stdout + r.stderr).not.toContain(garbage.slice(20, 40));
  });

  it("missing credentials exit 3 and name what is missing", async () => {
    const r = await noRequestsDuring(["apps", "list"], { ASC_PRIVATE_KEY_PATH: "" });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/ASC_PRIVATE_KEY_PATH|--private-key-path/);
  });

  it("the api command refuses unknown paths, parameters and enum values", async () => {
    expect((await noRequestsDuring(["api", "GET", "/v1/nothing"])).code).toBe(2);
    const param = await noRequestsDuring(["api", "GET", "/v1/builds", "--query", "filter[nope]=1"]);
    expect(param.code).toBe(2);
    expect(param.stderr).toMatch(/filter\[nope\]/);
    expect((await noRequestsDuring(["api", "GET", "/v1/builds", "--query", "filter[processingState]=DONE"])).stderr).toMatch(/DONE/);
    expect((await noRequestsDuring(["api", "GET", "/v1/apps", "--query", "limit=500"])).stderr).toMatch(/at most 200/);
    expect((await noRequestsDuring(["api", "POST", "/v1/bundleIds", "--body", '{"data":{"type":"bundleIds","attributes":{"name":"x"}}}'])).stderr).toMatch(/identifier/);
  });

  it("bad flags exit 2", async () => {
    expect((await noRequestsDuring(["builds", "wait", "x", "--timeout", "soon"])).code).toBe(2);
    expect((await run(["no-such-command"])).code).toBe(2);
    expect((await run(["apps", "list", "--output", "xml"])).code).toBe(2);
  });
});

describe("pipes, paths and usage", () => {
  it("a closed stdout ends the CLI quietly with 141 (128 + SIGPIPE), for help text and for a streamed report", async () => {
    for (const args of [["--help"], ["--version"]]) {
      const r = await runCli(args, { closeStdout: true });
      expect(r.stderr, args[0]).toBe("");
      expect(r.code, args[0]).toBe(141);
    }
    const report = await runCli(["reports", "sales", "--format", "jsonl", "--vendor", "85000001"], { env: emu.env, closeStdout: true });
    expect(report.stderr).not.toMatch(/EPIPE|\n\s+at /);
    expect(report.code).toBe(141);
  });

  it("bare `asckit` and a noun without a verb print help on stderr and exit 2; --help exits 0", async () => {
    for (const args of [[], ["apps"], ["testflight", "groups"]]) {
      const r = await run(args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(/^Usage: asckit/);
    }
    const help = await run(["apps", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: asckit apps/);
    expect((await run(["help", "apps"])).code).toBe(0);
  });

  it("filesystem problems are one plain line naming the path, exit 2", async () => {
    const out = await run(["reports", "sales", "--vendor", "85000001", "--out", "/nonexistent-asckit/x.csv"]);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/^error: (--out: )?no such directory: \/nonexistent-asckit\n/);
    expect(out.stderr).not.toMatch(/unexpected failure|report it|ENOENT/);

    const missing = path.join(emu.dir, "nope.csv");
    const testers = await run(["testers", "import", missing, "--app", "com.example.demo"]);
    expect(testers.code).toBe(2);
    expect(testers.stderr).toBe(`error: no such file: ${missing}\nhint: Check the path and the current directory.\n`);
    const ipa = await run(["ipa", "inspect", path.join(emu.dir, "nope.ipa")]);
    expect(ipa.code).toBe(2);
    expect(ipa.stderr.split("\n")[0]).toBe(`error: no such file: ${path.join(emu.dir, "nope.ipa")}`);

    const aFile = path.join(emu.dir, "a-file");
    writeFileSync(aFile, "");
    const pull = await run(["metadata", "pull", aFile, "--app", "com.example.demo", "--version", "1.0.0"]);
    expect(pull.code).toBe(2);
    expect(pull.stderr.split("\n")[0]).toMatch(new RegExp(`^error: not a directory: ${aFile}$`));
  });
});
