import { describe, expect, it } from "vitest";
import { cliInvocation } from "../../../src/cli/cli-invocation.js";

/** A file system holding only these files. */
const only = (...files: string[]) => (file: string) => files.includes(file);

describe("cliInvocation", () => {
  it("plain asckit when a shell finds it on PATH (global install, npm link)", () => {
    expect(cliInvocation({ PATH: "/usr/bin:/home/ada/.npm-global/bin" }, { platform: "linux", exists: only("/home/ada/.npm-global/bin/asckit") })).toBe("asckit");
  });

  it("npx asckit for a project dependency or a clone: node_modules/.bin on PATH is npm exec's, not the next shell's", () => {
    const exists = only("/work/app/node_modules/.bin/asckit");
    expect(cliInvocation({ PATH: "/work/app/node_modules/.bin:/usr/bin" }, { platform: "linux", exists })).toBe("npx asckit");
    expect(cliInvocation({ PATH: "/usr/bin" }, { platform: "linux", exists: only() })).toBe("npx asckit");
    expect(cliInvocation({}, { platform: "linux", exists: only() })).toBe("npx asckit");
  });

  it("Windows: the npm shim asckit.cmd on Path, separated by semicolons", () => {
    expect(cliInvocation({ Path: "C:\\Windows;C:\\Users\\ada\\AppData\\Roaming\\npm" }, { platform: "win32", exists: (f) => f.endsWith("npm/asckit.cmd") || f.endsWith("npm\\asckit.cmd") })).toBe("asckit");
  });
});
