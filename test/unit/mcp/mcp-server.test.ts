// The MCP server through an in-memory MCP client against the emulator: which tools are served, what
// they return, how failures and large results come back.
import { generateKeyPairSync } from "node:crypto";
import { ErrorCode, McpError, type CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createTokenProvider } from "../../../src/auth/index.js";
import { createClient } from "../../../src/client/index.js";
import { AsckitError } from "../../../src/errors/asckit-error.js";
import type { ToolDefinition } from "../../../src/mcp/index.js";
import { startTestEmulator, type TestEmulator } from "../../support/test-emulator.js";
import { connectMcp, dataOf, fakeClock, textOf, type Harness } from "./mcp-harness.js";

const READ_TOOLS = ["auth_status", "list_apps", "get_app", "list_builds", "get_build", "build_status", "wait_for_build", "latest_build", "next_build_number", "list_beta_groups", "list_testers", "metadata_plan", "review_check", "review_status", "list_bundle_ids", "get_bundle_id", "reports_summary", "api_get"];
const WRITE_TOOLS = ["create_bundle_id", "set_export_compliance", "expire_builds", "set_beta_info", "distribute_build", "import_testers", "remove_testers", "metadata_apply", "update_version", "review_submit", "review_cancel", "release_version"];

const clock = fakeClock();
let emu: TestEmulator;
let reader: Harness;
let writer: Harness;

beforeAll(async () => {
  emu = await startTestEmulator({ now: clock.now });
  reader = await connectMcp(emu, { clock });
  writer = await connectMcp(emu, { clock, allowWrites: true });
});
afterAll(async () => {
  await reader?.close();
  await writer?.close();
  await emu?.close();
});

type Page = { items: Array<Record<string, unknown>>; returned: number; nextCursor?: string };
type ErrorData = { error: { category: string; message: string; status?: number; code?: string; detail?: string; hint?: string; state?: string; problems?: string[] } };
const errorOf = (r: CallToolResult) => {
  expect(r.isError).toBe(true);
  return dataOf<ErrorData>(r).error;
};

describe("tool list", () => {
  it("is read-only by default: write tools are absent", async () => {
    const { tools } = await reader.mcp.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([...READ_TOOLS].sort());
    for (const tool of tools) expect(tool.annotations).toMatchObject({ readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true });
  });

  it("adds write tools with allowWrites, annotated as writes", async () => {
    const { tools } = await writer.mcp.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([...READ_TOOLS, ...WRITE_TOOLS].sort());
    const create = tools.find((t) => t.name === "create_bundle_id")!;
    expect(tools.find((t) => t.name === "expire_builds")!.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: true });
    expect(create.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: false, idempotentHint: true });
    expect(create.description).toContain("Writes to App Store Connect");
  });

  it("gives every tool a title and every input field a description", async () => {
    const { tools } = await writer.mcp.listTools();
    for (const tool of tools) {
      expect(tool.title, tool.name).toBeTruthy();
      expect(tool.annotations?.title, tool.name).toBe(tool.title);
      expect(tool.description!.length, tool.name).toBeGreaterThan(30);
      const properties = (tool.inputSchema.properties ?? {}) as Record<string, { description?: string }>;
      for (const [field, schema] of Object.entries(properties)) expect(schema.description, `${tool.name}.${field}`).toMatch(/\w{3,}/);
    }
    const listBuilds = tools.find((t) => t.name === "list_builds")!;
    expect(Object.keys(listBuilds.inputSchema.properties ?? {})).toEqual(["app", "marketingVersion", "buildNumber", "processingState", "platform", "limit", "cursor"]);
  });

  it("a write tool called on a read-only server is refused with how to enable it", async () => {
    const r = await reader.call("create_bundle_id", { identifier: "com.example.new", name: "New", platform: "IOS" });
    expect(errorOf(r).hint).toContain("--allow-writes");
  });

  it("an unknown tool is a protocol error", async () => {
    const error = await reader.mcp.callTool({ name: "no_such_tool", arguments: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(McpError);
    expect((error as McpError).code).toBe(ErrorCode.InvalidParams);
  });
});

describe("read tools", () => {
  it("list_apps and get_app", async () => {
    const apps = dataOf<Page>(await reader.call("list_apps"));
    expect(apps.items.map((a) => a.bundleId).sort()).toEqual(["com.example.demo", "com.example.widgettools"]);
    expect(apps.nextCursor).toBeUndefined();
    const exact = dataOf<Page>(await reader.call("list_apps", { bundleId: "com.example.demo" }));
    expect(exact.items).toEqual([{ id: emu.emulator.demo!.appId, name: "Demo App", bundleId: "com.example.demo", sku: "DEMO001", primaryLocale: "en-US" }]);
    const app = await reader.call("get_app", { app: "com.example.demo" });
    expect(dataOf(app)).toMatchObject({ id: emu.emulator.demo!.appId, name: "Demo App" });
    // The workflow's hint names a CLI command; an agent is pointed at the matching tool.
    expect(errorOf(await reader.call("get_app", { app: "com.example.nope" })).hint).toBe("Check the bundle id with the list_apps tool.");
    expect(textOf(app)).toContain("Demo App (com.example.demo)");
  });

  it("list_builds matches marketing version and build number exactly", async () => {
    const builds = dataOf<Page>(await reader.call("list_builds", { app: "com.example.demo", marketingVersion: "1.0.0" }));
    expect(builds.items.map((b) => b.version).sort()).toEqual(["1", "2"]);
    expect(new Set(builds.items.map((b) => b.marketingVersion))).toEqual(new Set(["1.0.0"]));
    const one = dataOf<Page>(await reader.call("list_builds", { app: "com.example.demo", buildNumber: "2" }));
    expect(one.items.map((b) => b.id)).toEqual([emu.emulator.demo!.buildIds["2"]]);
  });

  it("get_build and build_status; a PROCESSING build points at wait_for_build", async () => {
    const valid = await reader.call("get_build", { id: emu.emulator.demo!.buildIds["1"] });
    expect(dataOf(valid)).toMatchObject({ version: "1", marketingVersion: "1.0.0", processingState: "VALID", platform: "IOS" });
    const processing = await reader.call("build_status", { id: emu.emulator.demo!.buildIds["3"] });
    expect(dataOf(processing)).toMatchObject({ buildNumber: "3", marketingVersion: "1.1.0", processingState: "PROCESSING" });
    expect(dataOf<{ next: string }>(processing).next).toContain("wait_for_build");
  });

  it("wait_for_build returns the VALID build, with progress notifications", async () => {
    const added = emu.emulator.engine.scenario.addBuild({ appId: emu.emulator.demo!.appId, version: "10", marketingVersion: "1.2.0", processingDelayMs: 30_000 });
    const progress: string[] = [];
    const r = (await reader.mcp.callTool({ name: "wait_for_build", arguments: { id: added.buildId, timeoutSeconds: 120, intervalSeconds: 10 } }, undefined, {
      onprogress: (p) => progress.push(String(p.message)),
    })) as CallToolResult;
    expect(r.isError).toBeFalsy();
    expect(dataOf(r)).toMatchObject({ id: added.buildId, processingState: "VALID", version: "10" });
    expect(progress.length).toBeGreaterThanOrEqual(3);
    expect(progress[0]).toMatch(/PROCESSING after 0 s/);
  });

  it("wait_for_build: running out of time and a FAILED build are errors with next steps", async () => {
    const slow = emu.emulator.engine.scenario.addBuild({ appId: emu.emulator.demo!.appId, version: "11", marketingVersion: "1.2.0", processingDelayMs: 3_600_000 });
    const timeout = errorOf(await reader.call("wait_for_build", { id: slow.buildId, timeoutSeconds: 30, intervalSeconds: 10 }));
    expect(timeout.category).toBe("timeout");
    expect(timeout.hint).toContain("call wait_for_build again");
    const failing = emu.emulator.engine.scenario.addBuild({ appId: emu.emulator.demo!.appId, version: "12", marketingVersion: "1.2.0", processingDelayMs: 1000, outcome: "FAILED" });
    const failed = errorOf(await reader.call("wait_for_build", { id: failing.buildId, timeoutSeconds: 60, intervalSeconds: 5 }));
    expect(failed).toMatchObject({ category: "failed_state", state: "FAILED" });
    expect(failed.hint).toContain("higher build number");
  });

  it("list_bundle_ids and get_bundle_id match identifiers exactly", async () => {
    const ids = dataOf<Page>(await reader.call("list_bundle_ids", { identifier: "com.example.demo" }));
    expect(ids.items.map((b) => b.identifier)).toEqual(["com.example.demo"]);
    expect(dataOf(await reader.call("get_bundle_id", { bundleId: "com.example.demo.widget" }))).toMatchObject({ name: "Demo App Widget", platform: "IOS" });
  });

  it("auth_status describes the key without key material", async () => {
    const r = await reader.call("auth_status");
    expect(dataOf(r)).toMatchObject({ ok: true, keyId: emu.key.keyId, keyType: "team", baseUrl: emu.emulator.url });
    expect(textOf(r)).toContain(`The team key ${emu.key.keyId} works`);
  });
});

describe("large results", () => {
  it("a long list comes a page at a time with a cursor to the next", async () => {
    const appId = emu.emulator.demo!.secondAppId;
    for (let i = 1; i <= 45; i++) {
      emu.emulator.engine.scenario.addBuild({ appId, version: String(i), marketingVersion: "3.0.0", uploadedDate: new Date(clock.now() - i * 60_000).toISOString() });
    }
    const first = await reader.call("list_builds", { app: "com.example.widgettools" });
    const page1 = dataOf<Page>(first);
    expect(page1.returned).toBe(20);
    expect(page1.nextCursor).toBe("20");
    expect(textOf(first)).toContain('call again with cursor "20"');
    // Newest first: build 1 was uploaded last.
    expect(page1.items.slice(0, 3).map((b) => b.version)).toEqual(["1", "2", "3"]);
    const page2 = dataOf<Page>(await reader.call("list_builds", { app: "com.example.widgettools", cursor: page1.nextCursor }));
    const page3 = dataOf<Page>(await reader.call("list_builds", { app: "com.example.widgettools", cursor: page2.nextCursor, limit: 50 }));
    expect(page2.items.map((b) => b.version)[0]).toBe("21");
    expect(page3.returned).toBe(5);
    expect(page3.nextCursor).toBeUndefined();
    const all = [...page1.items, ...page2.items, ...page3.items].map((b) => b.id);
    expect(new Set(all).size).toBe(45);
  });

  it("a cursor the tool never issued is refused with a hint", async () => {
    const error = errorOf(await reader.call("list_apps", { cursor: "abc" }));
    expect(error.category).toBe("usage");
    expect(error.hint).toContain("nextCursor");
  });

  it("api_get pages with Apple's cursor and drops links", async () => {
    const query = { "filter[app]": emu.emulator.demo!.secondAppId, "fields[builds]": "version,processingState" };
    const first = await reader.call("api_get", { path: "/v1/builds", query, limit: 10 });
    const doc = dataOf<{ status: number; data: Array<{ id: string; links?: unknown; attributes: { version: string } }>; nextCursor?: string; total?: number }>(first);
    expect(doc.status).toBe(200);
    expect(doc.data).toHaveLength(10);
    expect(doc.data[0]!.links).toBeUndefined();
    expect(Object.keys(doc.data[0]!.attributes).sort()).toEqual(["processingState", "version"]);
    expect(doc.nextCursor).toBeTruthy();
    const next = dataOf<{ data: Array<{ id: string }> }>(await reader.call("api_get", { path: "/v1/builds", query, limit: 10, cursor: doc.nextCursor }));
    expect(next.data).toHaveLength(10);
    expect(next.data.some((b) => doc.data.some((d) => d.id === b.id))).toBe(false);
  });

  it("api_get refuses what the spec does not allow, before sending", async () => {
    const before = emu.emulator.stats().requests;
    const bad = errorOf(await reader.call("api_get", { path: "/v1/apps", query: { "filter[bundleIdd]": "x" } }));
    expect(bad.category).toBe("usage");
    expect(bad.message).toContain('"filter[bundleIdd]" is not allowed');
    const file = errorOf(await reader.call("api_get", { path: "/v1/salesReports", query: { "filter[frequency]": "DAILY", "filter[reportSubType]": "SUMMARY", "filter[reportType]": "SALES", "filter[vendorNumber]": "85000000" } }));
    expect(file.message).toContain("returns a file");
    expect(emu.emulator.stats().requests).toBe(before);
  });
});

describe("failures", () => {
  it("an Apple error comes back as isError with Apple's status, code and detail", async () => {
    const r = await reader.call("get_build", { id: "00000000-0000-0000-0000-000000000000" });
    const error = errorOf(r);
    expect(error).toMatchObject({ category: "not_found", status: 404, code: "NOT_FOUND", detail: "There is no resource of type 'builds' with id '00000000-0000-0000-0000-000000000000'" });
    expect(textOf(r)).toContain("HTTP 404 NOT_FOUND");
  });

  it("a 401 says to check the credentials", async () => {
    const stranger = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    const tokenProvider = createTokenProvider({ keyId: "ZZZZZZZZZZ", issuerId: emu.key.issuerId, privateKey: stranger, now: clock.now });
    const client = createClient({ baseUrl: emu.emulator.url, tokenProvider, now: clock.now, sleep: clock.sleep });
    const harness = await connectMcp(emu, { clock, client: async () => client });
    try {
      const r = await harness.call("list_apps");
      const error = errorOf(r);
      expect(error).toMatchObject({ category: "auth", status: 401, code: "NOT_AUTHORIZED" });
      expect(error.hint).toContain("ASC_KEY_ID");
      expect(error.hint).toContain("auth_status");
    } finally {
      await harness.close();
    }
  });

  it("missing credentials are a tool error with where to set them, and are not cached", async () => {
    let attempts = 0;
    const harness = await connectMcp(emu, {
      clock,
      client: async () => {
        attempts++;
        throw new AsckitError("Missing App Store Connect key ID (--key-id or ASC_KEY_ID)", { category: "auth" });
      },
    });
    try {
      const error = errorOf(await harness.call("list_apps"));
      expect(error.category).toBe("auth");
      expect(error.hint).toContain("env of the MCP server");
      await harness.call("list_apps");
      expect(attempts).toBe(2);
    } finally {
      await harness.close();
    }
  });

  it("bad arguments are a tool error the agent can correct", async () => {
    const wrongEnum = errorOf(await reader.call("list_builds", { processingState: ["DONE"] }));
    expect(wrongEnum.problems?.[0]).toMatch(/^processingState\.0: /);
    const typo = errorOf(await reader.call("list_apps", { bundle_id: "com.example.demo" }));
    expect(typo.problems?.join(" ")).toContain("bundle_id");
  });
});

describe("next steps name tools", () => {
  it("a step no tool can take is said to be a person's, with the command to run", async () => {
    const error = errorOf(await writer.call("review_cancel", { app: "com.example.demo", version: "7.7.7", dryRun: true }));
    expect(error.category).toBe("not_found");
    expect(error.hint).toBe("Create it with `asckit versions create 7.7.7 --app com.example.demo` (no MCP tool does this: it is a step for a person at a terminal).");
  });
});

describe("writes", () => {
  it("create_bundle_id: dry run, create, then the existing one", async () => {
    const before = emu.emulator.stats().requests;
    const dry = await writer.call("create_bundle_id", { identifier: "com.example.mcp", name: "MCP App", platform: "IOS", dryRun: true });
    expect(dataOf(dry)).toMatchObject({ plan: "create", created: false, dryRun: true });
    expect(textOf(dry)).toContain("dry run");
    const created = await writer.call("create_bundle_id", { identifier: "com.example.mcp", name: "MCP App", platform: "IOS" });
    expect(dataOf(created)).toMatchObject({ plan: "create", created: true, bundleId: { identifier: "com.example.mcp", platform: "IOS" } });
    const again = await writer.call("create_bundle_id", { identifier: "com.example.mcp", name: "MCP App", platform: "IOS" });
    expect(dataOf(again)).toMatchObject({ plan: "exists", created: false });
    expect(emu.emulator.stats().requests - before).toBe(4); // list, list + POST, list
  });

  it("an invalid identifier is refused locally", async () => {
    const error = errorOf(await writer.call("create_bundle_id", { identifier: "com.example.*", name: "Wild", platform: "IOS" }));
    expect(error.category).toBe("validation");
    expect(error.message).toContain("wildcard");
  });
});

describe("the server's safety rules, on tools defined here", () => {
  let runs = 0;
  const destroy: ToolDefinition = {
    name: "destroy_thing",
    title: "Destroy a thing",
    description: "A destructive tool used to check the confirm rule of the server.",
    access: "destructive",
    idempotent: false,
    input: { id: z.string().describe("What to destroy.") },
    async run(args) {
      runs++;
      return { summary: `destroyed ${String(args.id)}`, data: { id: args.id } };
    },
  };
  const buggy: ToolDefinition = {
    name: "buggy",
    title: "Buggy",
    description: "A tool with a bug, to check that bugs are protocol errors.",
    access: "read",
    idempotent: true,
    input: {},
    async run() {
      throw new TypeError("Cannot read properties of undefined (token eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJ4In0.c2lnbmF0dXJl)");
    },
  };

  it("a destructive tool is not served without allowWrites, and refuses without confirm", async () => {
    const readOnly = await connectMcp(emu, { clock, tools: [destroy] });
    const harness = await connectMcp(emu, { clock, tools: [destroy], allowWrites: true });
    try {
      expect((await readOnly.mcp.listTools()).tools).toEqual([]);
      const listed = (await harness.mcp.listTools()).tools[0]!;
      expect(listed.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: true, idempotentHint: false });
      expect((listed.inputSchema.properties as Record<string, { description?: string }>).confirm?.description).toContain("Ask the user first");
      const refused = errorOf(await harness.call("destroy_thing", { id: "a" }));
      expect(refused.hint).toContain("confirm: true");
      expect(errorOf(await harness.call("destroy_thing", { id: "a", confirm: false })).hint).toContain("Nothing was changed");
      expect(runs).toBe(0);
      const done = await harness.call("destroy_thing", { id: "a", confirm: true });
      expect(done.isError).toBeFalsy();
      expect(dataOf(done)).toEqual({ id: "a" });
      expect(runs).toBe(1);
    } finally {
      await readOnly.close();
      await harness.close();
    }
  });

  it("a bug is a JSON-RPC error, not a tool result, and its message is redacted", async () => {
    const harness = await connectMcp(emu, { clock, tools: [buggy] });
    try {
      const error = await harness.mcp.callTool({ name: "buggy", arguments: {} }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(McpError);
      expect((error as McpError).code).toBe(ErrorCode.InternalError);
      expect((error as McpError).message).toContain("asckit internal error in buggy");
      expect((error as McpError).message).not.toContain("eyJhbGciOiJFUzI1NiJ9");
    } finally {
      await harness.close();
    }
  });

  it("serves exactly the tools it is given", async () => {
    const harness = await connectMcp(emu, { clock, tools: [destroy, buggy], allowWrites: true });
    try {
      expect((await harness.mcp.listTools()).tools.map((t) => t.name)).toEqual(["destroy_thing", "buggy"]);
    } finally {
      await harness.close();
    }
  });
});

describe("secrets", () => {
  it("masks App Review's demo account passwords in every result, api_get included", async () => {
    const appId = emu.emulator.demo!.appId;
    const data = emu.emulator.engine.data();
    // A version of the second demo app (the first one's 1.2.0 is in the other tests' hands).
    const version = data.create({ type: "appStoreVersions", attributes: { versionString: "9.0.0", platform: "IOS", appStoreState: "PREPARE_FOR_SUBMISSION" }, relationships: { app: { type: "apps", id: emu.emulator.demo!.secondAppId } } });
    data.create({ type: "appStoreReviewDetails", attributes: { contactEmail: "ada@example.com", demoAccountName: "reviewer", demoAccountPassword: "app-store-s3cret", demoAccountRequired: true }, relationships: { appStoreVersion: { type: "appStoreVersions", id: version.id } } });
    const set = await writer.call("set_beta_info", { app: appId, demoAccountName: "beta-reviewer", demoAccountPassword: "beta-s3cret", demoAccountRequired: true });
    expect(set.isError, textOf(set)).toBeFalsy();

    const beta = dataOf<{ data: { attributes: Record<string, unknown> } }>(await reader.call("api_get", { path: `/v1/apps/${appId}/betaAppReviewDetail` }));
    expect(beta.data.attributes).toMatchObject({ demoAccountName: "beta-reviewer", demoAccountPassword: "********", demoAccountRequired: true });
    const listed = dataOf<{ data: Array<{ attributes: Record<string, unknown> }> }>(await reader.call("api_get", { path: "/v1/betaAppReviewDetails", query: { "filter[app]": appId } }));
    expect(listed.data[0]!.attributes.demoAccountPassword).toBe("********");
    const store = await reader.call("api_get", { path: `/v1/appStoreVersions/${version.id}/appStoreReviewDetail` });
    expect(store.isError, textOf(store)).toBeFalsy();
    expect(dataOf<{ data: { attributes: Record<string, unknown> } }>(store).data.attributes).toMatchObject({ contactEmail: "ada@example.com", demoAccountPassword: "********" });
    // Included resources too.
    const included = dataOf<{ included?: Array<{ attributes: Record<string, unknown> }> }>(
      await reader.call("api_get", { path: `/v1/appStoreVersions/${version.id}`, query: { include: "appStoreReviewDetail" } }),
    );
    expect(included.included?.[0]?.attributes.demoAccountPassword).toBe("********");

    const all = [...reader.transcripts, ...writer.transcripts].join("\n");
    expect(all).not.toContain("app-store-s3cret");
    expect(all).not.toContain("beta-s3cret");
  });

  it("no tool result carried key material or a token", () => {
    const keyBody = emu.key.privateKeyPem.split("\n")[1]!;
    const all = [...reader.transcripts, ...writer.transcripts].join("\n");
    expect(all.length).toBeGreaterThan(1000);
    expect(all).not.toContain(keyBody);
    expect(all).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/);
  });
});
