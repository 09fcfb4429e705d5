// The exit-code contract: local validation (8) is never a server's answer; configuration is 3.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXIT, exitCodeFor } from "../../../src/cli/exit-codes.js";
import { errorFromResponse } from "../../../src/client/index.js";
import { runMain } from "../../support/in-process-cli.js";
import { startRecordingServer, type RecordingServer } from "../../support/recording-server.js";
import { p256Key } from "../auth/test-keys.js";

const serverError = (status: number, code: string, source?: { pointer?: string; parameter?: string }) =>
  errorFromResponse({
    status,
    headers: { "content-type": "application/json" },
    bodyText: JSON.stringify({ errors: [{ status: String(status), code, title: "t", detail: "d", ...(source ? { source } : {}) }] }),
    method: "POST",
    path: "/v1/bundleIds",
  });

describe("server refusals map to exit codes in one table", () => {
  it("400 PARAMETER_ERROR is usage (2); 422 and 400 ENTITY_INVALID are refused by the server (5), not local validation (8)", () => {
    expect(exitCodeFor(serverError(400, "PARAMETER_ERROR.INVALID", { parameter: "filter[platform]" }).category)).toBe(EXIT.usage);
    expect(exitCodeFor(serverError(422, "ENTITY_UNPROCESSABLE", { pointer: "/data/atributes" }).category)).toBe(5);
    expect(exitCodeFor(serverError(400, "ENTITY_INVALID").category)).toBe(5);
    expect(exitCodeFor(serverError(409, "ENTITY_ERROR.ATTRIBUTE.INVALID").category)).toBe(5);
    expect(exitCodeFor("validation")).toBe(8);
  });
});

describe("the CLI's exit codes for configuration and server refusals", () => {
  const key = p256Key();
  let server: RecordingServer;
  let env: Record<string, string>;
  beforeAll(async () => {
    server = await startRecordingServer(() => ({
      status: 422,
      body: { errors: [{ id: "7f3c1a2b-0000-4000-8000-000000000001", status: "422", code: "ENTITY_UNPROCESSABLE", title: "The request entity is not processable.", detail: "Unexpected attribute 'colour'.", source: { pointer: "/data/attributes/colour" } }] },
    }));
    env = { ASC_BASE_URL: server.url, ASC_KEY_ID: "2X9R4HXF34", ASC_ISSUER_ID: "57246542-96fe-1a63-e053-0824d011072a", ASC_PRIVATE_KEY: key.pkcs8Pem };
  });
  afterAll(() => server.close());

  it("a bad ASC_BASE_URL is configuration: exit 3, one line and a hint, nothing sent", async () => {
    const before = server.requests.length;
    for (const [value, message] of [
      ["not-a-url", "The base URL from env ASC_BASE_URL is not an http(s) URL"],
      ["ftp://x", "The base URL from env ASC_BASE_URL is not an http(s) URL (ftp:)"],
      [`${server.url}/v1`, "The base URL from env ASC_BASE_URL has a path (/v1): asckit adds /v1/… to every path itself"],
      [`${server.url}/asc/`, "The base URL from env ASC_BASE_URL has a path (/asc): the API lives at the root of its host"],
    ] as const) {
      const r = await runMain(["apps", "list"], { env: { ...env, ASC_BASE_URL: value } });
      expect(r.code, value).toBe(3);
      expect(r.stderr.split("\n")[0], value).toBe(`error: ${message}`);
      expect(r.stderr.split("\n")[1], value).toMatch(/^hint: /);
    }
    const v1 = await runMain(["apps", "list"], { env: { ...env, ASC_BASE_URL: `${server.url}/v1` } });
    expect(v1.stderr).toContain(`hint: Use ${server.url}\n`);
    expect(server.requests.length).toBe(before);
  });

  it("auth login refuses to save a profile with such a base URL", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "asckit-login-"));
    try {
      const keyFile = path.join(dir, "AuthKey_2X9R4HXF34.p8");
      writeFileSync(keyFile, key.pkcs8Pem);
      const configDir = path.join(dir, "config");
      const r = await runMain(["auth", "login", "--key-id", "2X9R4HXF34", "--private-key-path", keyFile, "--base-url", "http://127.0.0.1:4010/v1"], { env: { ASCKIT_CONFIG_DIR: configDir } });
      expect(r.code).toBe(3);
      expect(r.stderr).toBe("error: The base URL has a path (/v1): asckit adds /v1/… to every path itself\nhint: Use http://127.0.0.1:4010\n");
      expect(existsSync(configDir)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("flag and command mistakes commander finds: exit 2, the error line and a hint naming the right --help", async () => {
    const cases: Array<[string[], string, string]> = [
      [["builds", "list", "--nope"], "error: unknown option '--nope'", "hint: `asckit builds list --help` shows the usage and examples."],
      [["apps", "lst"], "error: unknown command 'lst'", "hint: `asckit apps --help` shows the usage and examples."],
      [["bogus"], "error: unknown command 'bogus'", "hint: `asckit --help` shows the usage and examples."],
    ];
    for (const [argv, error, hint] of cases) {
      const r = await runMain(argv, { env });
      expect(r.code, argv.join(" ")).toBe(2);
      const lines = r.stderr.trim().split("\n");
      expect(lines[0], argv.join(" ")).toBe(error);
      expect(lines.at(-1), argv.join(" ")).toBe(hint);
    }
  });

  it("bad input without a specific hint still gets a next step: the command's own help", async () => {
    const before = server.requests.length;
    const r = await runMain(["reports", "sales", "--vendor", "85000001", "--date", "2024-13-01"], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('error: Bad --date "2024-13-01" for a DAILY report: expected YYYY-MM-DD.\nhint: `asckit reports sales --help` shows its options and examples.\n');
    expect(server.requests.length).toBe(before);
  });

  it("a server that is not there is a network failure (exit 1) told as one, not as a file problem", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const r = await runMain(["apps", "list"], { env: { ...env, ASC_BASE_URL: `http://127.0.0.1:${port}` }, sleep: async () => {} });
    expect(r.code).toBe(1);
    const [first, second] = r.stderr.trim().split("\n").slice(-2);
    expect(first).toMatch(/^error: .*ECONNREFUSED/);
    expect(first).not.toContain("cannot use");
    expect(second).toBe("hint: Check the network connection, proxy settings and ASC_BASE_URL, then try again.");
  });

  it("a body the server refuses (422) exits 5 with the pointer in the hint", async () => {
    const body = { data: { type: "bundleIds", attributes: { identifier: "com.example.x", name: "X", platform: "IOS" } } };
    const r = await runMain(["api", "POST", "/v1/bundleIds", "--body", JSON.stringify(body), "--yes"], { env });
    expect(r.code).toBe(5);
    expect(r.stderr).toBe("error: 422 ENTITY_UNPROCESSABLE: Unexpected attribute 'colour'.\nhint: Check /data/attributes/colour in the request body.\n");
  });
});
