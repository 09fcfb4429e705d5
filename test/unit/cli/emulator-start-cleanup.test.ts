// `asckit emulator start` in-process: whatever way it ends, it leaves no signal handler and no file
// behind (a handler left on SIGINT would swallow Ctrl-C for the rest of the process).
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { runMain } from "../../support/in-process-cli.js";
import type * as NodeFs from "node:fs";

// The rename of the env file fails when a test asks for it (as on a full or read-only disk).
const failRename = vi.hoisted(() => ({ on: false }));
vi.mock("node:fs", async (importOriginal) => {
  const fs = await importOriginal<typeof NodeFs>();
  const renameSync: typeof fs.renameSync = (from, to) => {
    if (failRename.on) throw Object.assign(new Error(`EROFS: read-only file system, rename '${String(from)}' -> '${String(to)}'`), { code: "EROFS", syscall: "rename", path: String(from) });
    fs.renameSync(from, to);
  };
  return { ...fs, default: { ...fs, renameSync }, renameSync };
});

const dir = mkdtempSync(path.join(os.tmpdir(), "asckit-emu-start-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => void (failRename.on = false));

const handlers = () => ({ SIGINT: process.listeners("SIGINT"), SIGTERM: process.listeners("SIGTERM") });
const start = (args: string[]) => runMain(["emulator", "start", "--key-dir", path.join(dir, "keys"), "--no-demo", ...args], { cwd: dir });

describe("emulator start cleans up after itself", () => {
  it("when the start fails (port taken): both signal handlers are gone again", async () => {
    const busy: Server = createServer();
    await new Promise<void>((resolve) => busy.listen(0, "127.0.0.1", resolve));
    const port = (busy.address() as { port: number }).port;
    const before = handlers();
    try {
      const r = await start(["--port", String(port)]);
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(/^error: /);
    } finally {
      await new Promise((resolve) => busy.close(resolve));
    }
    expect(handlers()).toEqual(before);
  });

  it("when writing the env file fails: the .tmp is removed, the handlers too, and the error is one line", async () => {
    failRename.on = true;
    const before = handlers();
    const envFile = path.join(dir, "fail.env");
    const r = await start(["--write-env", envFile]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`error: read-only file system: ${envFile}.tmp\n`);
    expect(readdirSync(dir).filter((f) => f.startsWith("fail.env"))).toEqual([]);
    expect(handlers()).toEqual(before);
  });

  it("when stopped by SIGINT: the SIGTERM handler that did not fire goes too, and the env file is removed", async () => {
    const before = handlers();
    const envFile = path.join(dir, "ok.env");
    const running = start(["--write-env", envFile]);
    for (const until = Date.now() + 10_000; !existsSync(envFile) && Date.now() < until; ) await new Promise((r) => setTimeout(r, 10));
    expect(existsSync(envFile)).toBe(true);
    // Call the command's own handler rather than emitting SIGINT to every listener of the test process.
    const added = process.listeners("SIGINT").filter((l) => !before.SIGINT.includes(l));
    expect(added).toHaveLength(1);
    added[0]!("SIGINT");
    const r = await running;
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("emulator stopped");
    expect(existsSync(envFile)).toBe(false);
    expect(handlers()).toEqual(before);
  });
});
