// Early path checks and the central explanation of filesystem errors: one plain line naming the
// path that is actually wrong (the missing directory, the file in the way), exit 2.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { assertReadableDirectory, assertReadableFile, assertWritableTarget } from "../../../src/cli/check-paths.js";
import { describeFsError, isUsageFsError } from "../../../src/cli/fs-error.js";
import { NetworkError } from "../../../src/client/errors/network-error.js";
import { main } from "../../../src/cli/main.js";
import type { CliIO } from "../../../src/cli/io.js";
import { ValidationError } from "../../../src/errors/asckit-error.js";

const dir = mkdtempSync(path.join(os.tmpdir(), "asckit-paths-"));
const file = path.join(dir, "existing.txt");
writeFileSync(file, "x");
mkdirSync(path.join(dir, "sub"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function thrown(fn: () => void): ValidationError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error("expected a ValidationError");
}

describe("assertReadableFile", () => {
  it("accepts an existing file", () => {
    expect(() => assertReadableFile(file, "FILE")).not.toThrow();
  });
  it("names a missing file, a missing directory, and a directory given as a file", () => {
    const missing = thrown(() => assertReadableFile(path.join(dir, "nope.csv"), "FILE"));
    expect(missing.message).toBe(`no such file: ${path.join(dir, "nope.csv")}`);
    expect(missing.category).toBe("usage");
    expect(missing.field).toBe("FILE");
    expect(thrown(() => assertReadableFile(path.join(dir, "gone", "deeper", "x.csv"), "--in")).message).toBe(`--in: no such directory: ${path.join(dir, "gone")}`);
    expect(thrown(() => assertReadableFile(path.join(dir, "sub"), "--in")).message).toBe(`--in: is a directory, expected a file: ${path.join(dir, "sub")}`);
  });
});

describe("assertReadableDirectory", () => {
  it("accepts a directory and refuses a file or a missing path", () => {
    expect(() => assertReadableDirectory(path.join(dir, "sub"), "DIR")).not.toThrow();
    expect(thrown(() => assertReadableDirectory(file, "DIR")).message).toBe(`not a directory: ${file}`);
    expect(thrown(() => assertReadableDirectory(path.join(dir, "nothing"), "DIR")).message).toBe(`no such directory: ${path.join(dir, "nothing")}`);
  });
});

describe("assertWritableTarget", () => {
  it("a file in an existing directory, new or existing, is fine", () => {
    expect(() => assertWritableTarget(path.join(dir, "new.csv"), "--out")).not.toThrow();
    expect(() => assertWritableTarget(file, "--out")).not.toThrow();
  });
  it("names the first missing directory, not the file", () => {
    const e = thrown(() => assertWritableTarget("/nonexistent-asckit/x.csv", "--out"));
    expect(e.message).toBe("--out: no such directory: /nonexistent-asckit");
    expect(e.hint).toMatch(/Create the directory/);
  });
  it("with createParents, missing directories are fine but a file in the way is not", () => {
    expect(() => assertWritableTarget(path.join(dir, "a", "b", "x.html"), "--html", { createParents: true })).not.toThrow();
    expect(thrown(() => assertWritableTarget(path.join(file, "a", "x.html"), "--html", { createParents: true })).message).toBe(`--html: not a directory: ${file}`);
  });
  it("a directory target: an existing file is refused, a new directory is fine", () => {
    expect(thrown(() => assertWritableTarget(file, "DIR", { kind: "directory" })).message).toBe(`not a directory: ${file}`);
    expect(() => assertWritableTarget(path.join(dir, "fresh", "deep"), "DIR", { kind: "directory" })).not.toThrow();
    expect(thrown(() => assertWritableTarget(path.join(dir, "sub"), "--out")).message).toBe(`--out: is a directory, expected a file: ${path.join(dir, "sub")}`);
  });
});

describe("describeFsError explains Node's errno errors", () => {
  const errorOf = async (work: () => Promise<unknown>) => work().then(() => expect.fail("expected an error"), (e: unknown) => e);
  it("ENOENT on write names the missing directory; on read the missing file", async () => {
    expect(describeFsError(await errorOf(() => writeFile("/nonexistent-asckit/dir/x.csv", "")))?.message).toBe("no such directory: /nonexistent-asckit");
    expect(describeFsError(await errorOf(() => readFile(path.join(dir, "nope.csv"))))?.message).toBe(`no such file: ${path.join(dir, "nope.csv")}`);
  });
  it("EISDIR, ENOTDIR, and mkdir -p over a file", async () => {
    expect(describeFsError(await errorOf(() => writeFile(path.join(dir, "sub"), "")))?.message).toBe(`is a directory, expected a file: ${path.join(dir, "sub")}`);
    expect(describeFsError(await errorOf(() => writeFile(path.join(file, "x"), "")))?.message).toBe(`not a directory: ${file}`);
    expect(describeFsError(await errorOf(() => mkdir(file, { recursive: true })))).toEqual({ message: `not a directory: ${file}`, hint: expect.any(String) });
  });
  it("leaves other errors alone", () => {
    expect(describeFsError(new Error("boom"))).toBeUndefined();
    expect(describeFsError(Object.assign(new Error("x"), { code: "ECONNRESET" }))).toBeUndefined();
  });
  it("leaves a network error alone although it has a code and a (request) path", () => {
    const refused = new NetworkError("connect ECONNREFUSED 127.0.0.1:9", { code: "ECONNREFUSED", connectFailed: true, method: "GET", path: "/v1/apps" });
    expect(describeFsError(refused)).toBeUndefined();
    expect(isUsageFsError(Object.assign(refused, { code: "EACCES" }), [], "/")).toBe(false);
  });
  it("explains errno errors beyond the path ones too, in one line", () => {
    expect(describeFsError(errno("EIO", "/mnt/card/out.csv", "write"))).toEqual({ message: "cannot use /mnt/card/out.csv (EIO)", hint: "Check the path." });
  });
});

/** An error shaped as Node's fs module makes them (code, path, syscall). */
const errno = (code: string, target: string, syscall: string) => Object.assign(new Error(`${code}: ${syscall} '${target}'`), { code, path: target, syscall, errno: -1 });

describe("isUsageFsError: the user's input (exit 2) or the machine's failure (exit 1)", () => {
  const own = ["/home/u/.config/asckit", "/home/u/.cache/asckit"];
  it("a wrong path is input", () => {
    for (const code of ["ENOENT", "ENOTDIR", "EISDIR", "EEXIST"]) expect(isUsageFsError(errno(code, "/work/out.csv", "open"), own, "/work")).toBe(true);
  });
  it("a full or read-only disk, or an I/O error, is not", () => {
    for (const code of ["ENOSPC", "EROFS", "EIO", "EDQUOT"]) expect(isUsageFsError(errno(code, "/work/out.csv", "write"), own, "/work")).toBe(false);
  });
  it("permission denied is input on the user's path, not inside asckit's own config or cache directory", () => {
    expect(isUsageFsError(errno("EACCES", "/work/out.csv", "open"), own, "/work")).toBe(true);
    expect(isUsageFsError(errno("EPERM", "/home/u/.config/asckit-other/x", "open"), own, "/work")).toBe(true);
    expect(isUsageFsError(errno("EACCES", "/home/u/.config/asckit/uploads/j.json", "open"), own, "/work")).toBe(false);
    expect(isUsageFsError(errno("EPERM", "/home/u/.cache/asckit", "mkdir"), own, "/work")).toBe(false);
  });
  it("a relative path is resolved against the command's directory, not the process's", () => {
    expect(isUsageFsError(errno("EACCES", "uploads/j.json", "open"), own, "/home/u/.config/asckit")).toBe(false);
    expect(isUsageFsError(errno("EACCES", "uploads/j.json", "open"), own, "/work")).toBe(true);
  });
  it("a non-filesystem error is neither", () => {
    expect(isUsageFsError(new Error("boom"), own, "/work")).toBe(false);
  });
});

function memoryIO(): CliIO & { out: () => string; err: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (d: Buffer) => (out += d.toString()));
  stderr.on("data", (d: Buffer) => (err += d.toString()));
  return { stdout, stderr, stdin: new PassThrough(), env: {}, cwd: dir, now: () => Date.now(), sleep: async () => {}, out: () => out, err: () => err };
}

describe("main.ts maps a filesystem error that escapes a command", () => {
  it("to one line naming the path, a hint, exit 2, no 'unexpected failure'", async () => {
    const io = memoryIO();
    // ipa inspect checks its input before any work; a missing package is a usage error, not exit 8.
    const code = await main(["ipa", "inspect", "missing.ipa"], io);
    expect(code).toBe(2);
    expect(io.err()).toBe(`error: no such file: ${path.join(dir, "missing.ipa")}\nhint: Check the path and the current directory.\n`);
  });
});
