// `screenshots upload` and `previews upload` check DIR (a folder or a .json manifest) before any
// work: a path that is not there is a usage error (exit 2, as `metadata apply nodir`), while what
// is wrong inside a folder that exists stays a validation error (exit 8).
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runMain } from "../../support/in-process-cli.js";

const dir = mkdtempSync(path.join(os.tmpdir(), "asckit-media-paths-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
// No credentials: every refusal here happens before any would be needed.
const run = (argv: string[]) => runMain(argv, { cwd: dir, env: {} });
const target = ["--app", "com.example.demo", "--version", "1.2.0"];

describe("media upload: DIR", () => {
  for (const noun of ["screenshots", "previews"]) {
    it(`${noun} upload nodir: exit 2 with the path, like metadata apply`, async () => {
      const [media, metadata] = await Promise.all([run([noun, "upload", "nodir", ...target]), run(["metadata", "apply", "nodir", ...target])]);
      expect(media).toEqual({ code: 2, stdout: "", stderr: `error: no such directory: ${path.join(dir, "nodir")}\nhint: Check the path and the current directory.\n` });
      expect(metadata.code).toBe(2);
    });
  }

  it("a missing manifest is named as a file; a file where a folder was meant, or an unreadable folder, is exit 2 too", async () => {
    expect((await run(["screenshots", "upload", "shots.json", ...target])).stderr).toBe(`error: no such file: ${path.join(dir, "shots.json")}\nhint: Check the path and the current directory.\n`);
    writeFileSync(path.join(dir, "afile"), "x");
    const inside = await run(["previews", "upload", "afile/en-US", ...target]);
    expect(inside).toMatchObject({ code: 2, stderr: `error: not a directory: ${path.join(dir, "afile")}\nhint: A file sits where a directory was expected; choose another path.\n` });
    if (process.getuid?.() !== 0) {
      const locked = path.join(dir, "locked");
      mkdirSync(locked);
      chmodSync(locked, 0o000);
      try {
        expect(await run(["screenshots", "upload", "locked", ...target])).toMatchObject({ code: 2, stderr: `error: permission denied: ${locked}\nhint: Check the permissions of the file and its directory, or choose another path.\n` });
      } finally {
        chmodSync(locked, 0o700);
      }
    }
  });

  it("review check --media follows the same rule: a missing manifest is a missing file, a missing folder a missing directory", async () => {
    expect(await run(["review", "check", "--media", "shots.json", ...target])).toEqual({
      code: 2,
      stdout: "",
      stderr: `error: --media: no such file: ${path.join(dir, "shots.json")}\nhint: Check the path and the current directory.\n`,
    });
    expect((await run(["review", "check", "--media", "nomedia", ...target])).stderr).toBe(`error: --media: no such directory: ${path.join(dir, "nomedia")}\nhint: Check the path and the current directory.\n`);
  });

  it("a folder that exists but holds no media is still a validation error (exit 8), resolved against the working directory", async () => {
    mkdirSync(path.join(dir, "empty"));
    const r = await run(["screenshots", "upload", "empty", ...target]);
    expect(r.code).toBe(8);
    expect(r.stderr).toContain(`${path.join(dir, "empty")}: no screenshots found`);
  });
});
