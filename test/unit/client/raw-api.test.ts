// `asckit api`: what is validated must be what is sent, writes have --dry-run and ask first.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validateApiCall } from "../../../src/workflows/raw-api.js";
import { runMain } from "../../support/in-process-cli.js";
import { startRecordingServer, type RecordingServer } from "../../support/recording-server.js";
import { p256Key } from "../auth/test-keys.js";

const refusal = (path: string, query: Record<string, string> = {}, method = "GET") => {
  try {
    validateApiCall({ method, path, query });
  } catch (error) {
    return error as { category: string; message: string; hint?: string };
  }
  throw new Error(`${method} ${path} was accepted`);
};

describe("validateApiCall checks the path that will be sent", () => {
  it("refuses a query string in the path and shows the --query form", () => {
    const unknown = refusal("/v1/apps?foo=bar");
    expect(unknown.category).toBe("usage");
    expect(unknown.message).toBe('The path "/v1/apps?foo=bar" contains "?": put query parameters in --query, not in the path.');
    expect(unknown.hint).toBe("Use: asckit api GET /v1/apps --query foo=bar");
    expect(refusal("/v1/apps?limit=999").hint).toBe("Use: asckit api GET /v1/apps --query limit=999");
    expect(refusal("/v1/builds?filter%5Bapp%5D=1").hint).toBe("Use: asckit api GET /v1/builds --query 'filter[app]=1'");
    expect(refusal("/v1/apps#x").message).toMatch(/contains "#"/);
  });

  it("refuses dot segments, encoded or not, which fetch would resolve to another path", () => {
    for (const path of ["/v1/apps/../builds", "/v1/apps/%2e%2e/builds", "/v1/apps/.%2E/builds", "/v1/apps/./builds", "/v1/apps/%2E/builds"]) {
      const e = refusal(path);
      expect(e.category, path).toBe("usage");
      expect(e.message, path).toMatch(/segment; it would be sent as a different path/);
    }
  });

  it("refuses empty segments, backslashes and encoded slashes", () => {
    expect(refusal("/v1//apps").message).toBe('The path "/v1//apps" has an empty segment ("//" or a trailing "/").');
    expect(refusal("/v1/apps/").message).toMatch(/empty segment/);
    expect(refusal("/v1/apps\\..\\builds").message).toMatch(/backslash/);
    expect(refusal("/v1/apps/1%2Fbuilds").message).toMatch(/decodes to a slash/);
    expect(refusal("/v1/apps/%zz").message).toMatch(/broken percent-encoding/);
  });

  it("still accepts ordinary paths and ids", () => {
    expect(validateApiCall({ method: "GET", path: "/v1/apps/6450000001/builds", query: { limit: "10" } }).path).toBe("/v1/apps/{id}/builds");
    expect(validateApiCall({ method: "GET", path: "/v1/apps", query: { limit: "200" } }).path).toBe("/v1/apps");
  });
});

describe("asckit api, in-process against a recording server", () => {
  const key = p256Key();
  let server: RecordingServer;
  let env: Record<string, string>;
  beforeAll(async () => {
    server = await startRecordingServer((req) => (req.method === "DELETE" ? { status: 204 } : { status: 200, body: { data: [], links: { self: req.url } } }));
    env = { ASC_BASE_URL: server.url, ASC_KEY_ID: "2X9R4HXF34", ASC_ISSUER_ID: "57246542-96fe-1a63-e053-0824d011072a", ASC_PRIVATE_KEY: key.pkcs8Pem };
  });
  afterAll(() => server.close());

  const sentDuring = async (argv: string[], options: Parameters<typeof runMain>[1] = {}) => {
    const before = server.requests.length;
    const r = await runMain(argv, { env, ...options });
    return { ...r, sent: server.requests.slice(before) };
  };

  it("a query in PATH or a dot segment exits 2 with one error line and a hint, and sends nothing", async () => {
    for (const path of ["/v1/apps?foo=bar", "/v1/apps?limit=999", "/v1/apps/../builds", "/v1/apps/%2e%2e/builds", "/v1//apps"]) {
      const r = await sentDuring(["api", "GET", path]);
      expect(r.code, path).toBe(2);
      expect(r.sent, path).toEqual([]);
      const lines = r.stderr.trim().split("\n");
      expect(lines[0], path).toMatch(/^error: /);
      expect(lines.slice(1).every((l) => l.startsWith("hint: ")), path).toBe(true);
    }
  });

  it("every refusal of a query or body names the fix in a hint, and sends nothing", async () => {
    const cases: Array<{ argv: string[]; error: string; hint: string }> = [
      { argv: ["api", "GET", "/v1/apps", "--query", "limit=500"], error: "limit is at most 200 here, not 500.", hint: "Use limit=200 with --paginate to read every page." },
      { argv: ["api", "GET", "/v1/apps", "--query", "limit=0"], error: 'limit must be a positive integer, not "0".', hint: "Use 1 to 200." },
      { argv: ["api", "GET", "/v1/apps", "--query", "bogus=1"], error: 'The parameter "bogus" is not allowed on GET /v1/apps.', hint: "Allowed here: " },
      { argv: ["api", "POST", "/v1/bundleIds", "--body", "{bad"], error: "--body is not valid JSON: ", hint: "Quote the JSON for the shell" },
      { argv: ["api", "POST", "/v1/bundleIds", "--body", '{"type":"bundleIds"}', "--yes"], error: 'The body needs a top-level "data" member.', hint: 'Wrap it as {"data":{"type":"bundleIds",…}}.' },
      { argv: ["api", "POST", "/v1/bundleIds", "--body", '{"data":{"type":"bundleIds","attributes":{"name":"X","platform":"IOS"}}}', "--yes"], error: 'Missing required attribute "identifier".', hint: 'Add "identifier" under data.attributes; required here: ' },
      { argv: ["api", "GET", "/v1/apps/1", "--paginate"], error: "--paginate works only with GET on a list endpoint.", hint: "Drop --paginate" },
    ];
    for (const { argv, error, hint } of cases) {
      const r = await sentDuring(argv);
      const what = argv.slice(1).join(" ");
      expect(r.code, what).toBe(2);
      expect(r.sent, what).toEqual([]);
      const [first, second, ...rest] = r.stderr.trim().split("\n");
      expect(first, what).toContain(`error: ${error}`);
      expect(second, what).toContain(`hint: ${hint}`);
      expect(rest, what).toEqual([]);
    }
    // "Allowed here" lists the operation's own parameters when none shares the bad one's family.
    expect((await sentDuring(["api", "GET", "/v1/apps", "--query", "bogus=1"])).stderr).toMatch(/hint: Allowed here: .*filter\[bundleId\]/);
  });

  it("--dry-run prints method, URL and body and sends nothing", async () => {
    const body = { data: { type: "betaGroups", attributes: { name: "QA" }, relationships: { app: { data: { type: "apps", id: "6450000001" } } } } };
    const r = await sentDuring(["api", "POST", "/v1/betaGroups", "--body", JSON.stringify(body), "--dry-run"]);
    expect(r.code).toBe(0);
    expect(r.sent).toEqual([]);
    expect(JSON.parse(r.stdout)).toEqual({ dryRun: true, method: "POST", url: `${server.url}/v1/betaGroups`, body });
    expect(r.stderr).toBe(`dry run: would send POST ${server.url}/v1/betaGroups; nothing was sent\n`);
    const del = await sentDuring(["api", "DELETE", "/v1/betaTesters/t1", "--dry-run"]);
    expect(del.code).toBe(0);
    expect(del.sent).toEqual([]);
    expect(JSON.parse(del.stdout)).toEqual({ dryRun: true, method: "DELETE", url: `${server.url}/v1/betaTesters/t1` });
  });

  it("DELETE needs --yes without a terminal, asks on one, and is not sent when refused", async () => {
    const refused = await sentDuring(["api", "DELETE", "/v1/betaTesters/t1"]);
    expect(refused.code).toBe(2);
    expect(refused.sent).toEqual([]);
    expect(refused.stderr).toMatch(/^error: Send DELETE \/v1\/betaTesters\/t1\? This cannot be undone\. Refusing without confirmation\.\nhint: Re-run with --yes/);

    const no = await sentDuring(["api", "DELETE", "/v1/betaTesters/t1"], { tty: true, input: "n\n" });
    expect(no.code).toBe(2);
    expect(no.sent).toEqual([]);
    expect(no.stderr).toMatch(/error: DELETE \/v1\/betaTesters\/t1 was not sent: not confirmed\./);

    const yes = await sentDuring(["api", "DELETE", "/v1/betaTesters/t1", "--yes"]);
    expect(yes.code).toBe(0);
    expect(yes.sent.map((q) => `${q.method} ${q.url}`)).toEqual(["DELETE /v1/betaTesters/t1"]);

    const asked = await sentDuring(["api", "DELETE", "/v1/betaTesters/t1"], { tty: true, input: "y\n" });
    expect(asked.code).toBe(0);
    expect(asked.sent.map((q) => q.method)).toEqual(["DELETE"]);
  });

  it("POST and PATCH ask too (a release request or an expiry is just as final); GET never does", async () => {
    const release = { data: { type: "appStoreVersionReleaseRequests", relationships: { appStoreVersion: { data: { type: "appStoreVersions", id: "v1" } } } } };
    const post = await sentDuring(["api", "POST", "/v1/appStoreVersionReleaseRequests", "--body", JSON.stringify(release)]);
    expect(post.code).toBe(2);
    expect(post.sent).toEqual([]);
    expect(post.stderr).toMatch(/^error: Send POST \/v1\/appStoreVersionReleaseRequests\? It changes App Store Connect, and Apple may not let it be undone\. Refusing without confirmation\.\nhint: Re-run with --yes/);

    const expire = { data: { type: "builds", id: "b1", attributes: { expired: true } } };
    const no = await sentDuring(["api", "PATCH", "/v1/builds/b1", "--body", JSON.stringify(expire)], { tty: true, input: "n\n" });
    expect(no.code).toBe(2);
    expect(no.sent).toEqual([]);
    expect(no.stderr).toContain("error: PATCH /v1/builds/b1 was not sent: not confirmed.");

    const yes = await sentDuring(["api", "PATCH", "/v1/builds/b1", "--body", JSON.stringify(expire), "--yes"]);
    expect(yes.code).toBe(0);
    expect(yes.sent.map((q) => `${q.method} ${q.url}`)).toEqual(["PATCH /v1/builds/b1"]);

    const get = await sentDuring(["api", "GET", "/v1/apps"]);
    expect(get.code).toBe(0);
    expect(get.sent.map((q) => q.method)).toEqual(["GET"]);
  });
});
