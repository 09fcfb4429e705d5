// `asckit mcp` spawned as an MCP client would: the built CLI over stdio, credentials from the env.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN } from "../../support/run-cli.js";
import { startTestEmulator, type TestEmulator } from "../../support/test-emulator.js";

let emu: TestEmulator;

beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(async () => {
  await emu?.close();
});

async function connect(args: string[], env: Record<string, string>) {
  const transport = new StdioClientTransport({ command: process.execPath, args: [BIN, "mcp", ...args], env: { PATH: process.env.PATH ?? "", ...env }, stderr: "pipe" });
  let stderr = "";
  transport.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  const client = new Client({ name: "asckit-e2e", version: "1.0.0" });
  await client.connect(transport);
  return { client, stderr: () => stderr };
}

describe("asckit mcp over stdio", () => {
  it("lists the read-only tools and completes a tool call", async () => {
    const { client, stderr } = await connect([], emu.env);
    try {
      expect(client.getServerVersion()?.name).toBe("asckit");
      expect(client.getInstructions()).toContain("--allow-writes");
      const names = (await client.listTools()).tools.map((t) => t.name);
      expect(names).toContain("list_apps");
      expect(names).not.toContain("create_bundle_id");
      const r = (await client.callTool({ name: "list_apps", arguments: { bundleId: "com.example.demo" } })) as CallToolResult;
      expect(r.isError).toBeFalsy();
      expect(r.structuredContent).toMatchObject({ items: [{ id: emu.emulator.demo!.appId, name: "Demo App", bundleId: "com.example.demo" }], returned: 1 });
      const status = (await client.callTool({ name: "auth_status", arguments: {} })) as CallToolResult;
      expect(status.structuredContent).toMatchObject({ ok: true, keyId: emu.key.keyId, keyType: "team" });
      expect(JSON.stringify(status)).not.toContain(emu.key.privateKeyPem.split("\n")[1]!);
    } finally {
      await client.close();
    }
    expect(stderr()).toContain("read-only");
  });

  it("--allow-writes serves the write tools", async () => {
    const { client, stderr } = await connect(["--allow-writes"], emu.env);
    try {
      const names = (await client.listTools()).tools.map((t) => t.name);
      expect(names).toContain("create_bundle_id");
    } finally {
      await client.close();
    }
    expect(stderr()).toContain("writes allowed");
  });

  it("an agent lists apps, distributes a build to TestFlight and reads a sales summary", async () => {
    const { client } = await connect(["--allow-writes"], { ...emu.env, ASC_VENDOR_NUMBER: "85000001" });
    const call = async (name: string, args: Record<string, unknown>) => {
      const r = (await client.callTool({ name, arguments: args })) as CallToolResult;
      expect(r.isError, JSON.stringify(r.content)).toBeFalsy();
      return r.structuredContent as Record<string, unknown>;
    };
    try {
      const apps = await call("list_apps", {});
      expect((apps.items as Array<{ bundleId: string }>).map((a) => a.bundleId)).toContain("com.example.demo");
      const done = await call("distribute_build", { app: "com.example.demo", marketingVersion: "1.0.0", buildNumber: "2", groups: ["Internal Testers"], whatToTest: "Smoke test." });
      expect(done).toMatchObject({ buildNumber: "2", groups: [{ name: "Internal Testers", kind: "internal" }], internalBuildState: "IN_BETA_TESTING", dryRun: false });
      const sales = await call("reports_summary", { by: "app", limit: 5 });
      expect(sales).toMatchObject({ vendorNumber: "85000001", by: "app" });
      expect((sales.totals as { units: number }).units).toBeGreaterThan(0);
      expect((sales.items as unknown[]).length).toBeGreaterThan(0);
    } finally {
      await client.close();
    }
  });

  it("without credentials the server still starts, and a call says where to set them", async () => {
    const { client } = await connect([], { ASCKIT_CONFIG_DIR: emu.dir, HOME: emu.dir });
    try {
      const r = (await client.callTool({ name: "list_apps", arguments: {} })) as CallToolResult;
      expect(r.isError).toBe(true);
      const error = (r.structuredContent as { error: { category: string; message: string; hint: string } }).error;
      expect(error.message).toContain("ASC_KEY_ID");
      expect(error.hint).toContain("env of the MCP server");
    } finally {
      await client.close();
    }
  });
});
