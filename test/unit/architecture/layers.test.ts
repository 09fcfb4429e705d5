// The dependency direction from DESIGN.md, checked on every `npm test`:
// cli → workflows → client → auth → errors, mcp → workflows, anything → spec; the emulator only → spec.
import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ALLOWED, importCycles, layerViolations, type SourceFile } from "./layer-rules.js";

const SRC = path.resolve(__dirname, "../../../src");

function sourceFiles(dir: string): SourceFile[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return full.endsWith(".ts") ? [{ path: path.relative(SRC, full).split(path.sep).join("/"), text: readFileSync(full, "utf8") }] : [];
  });
}

// src/spec is checked too: generated code importing another layer would be as wrong as any other.
const files = sourceFiles(SRC);

describe("layer rules on the real tree", () => {
  it("has source files to check in every layer", () => {
    const layers = new Set(files.map((f) => (f.path.includes("/") ? f.path.split("/")[0] : ".")));
    expect([...layers].sort()).toEqual(Object.keys(ALLOWED).sort());
  });

  it("every import goes in an allowed direction", () => {
    expect(layerViolations(files)).toEqual([]);
  });

  it("has no import cycles", () => {
    expect(importCycles(files)).toEqual([]);
  });
});

describe("the checker catches what it must (synthetic sources)", () => {
  const check = (file: string, text: string) => layerViolations([{ path: file, text }]);

  it("a plain forbidden import, and an allowed one", () => {
    expect(check("emulator/x.ts", `import { createClient } from "../client/index.js";`)).toEqual(["emulator/x.ts imports client/index.ts (emulator → client)"]);
    expect(check("workflows/x.ts", `import { createClient } from "../client/index.js";\nimport type { Op } from "../spec/operation-table.js";`)).toEqual([]);
    expect(check("client/x.ts", `import type { Build } from "../workflows/builds.js";`)).toEqual(["client/x.ts imports workflows/builds.ts (client → workflows)"]);
  });

  it("a bare side-effect import", () => {
    expect(check("auth/x.ts", `import "../client/x.js";`)).toEqual(["auth/x.ts imports client/x.ts (auth → client)"]);
  });

  it("export … from, named and star", () => {
    expect(check("client/x.ts", `export { a } from "../workflows/a.js";\nexport * from "../cli/b.js";\nexport type { C } from "../mcp/c.js";`)).toEqual([
      "client/x.ts imports workflows/a.ts (client → workflows)",
      "client/x.ts imports cli/b.ts (client → cli)",
      "client/x.ts imports mcp/c.ts (client → mcp)",
    ]);
  });

  it("dynamic import() with a string, a plain template literal, and over several lines; a computed one cannot pass", () => {
    expect(check("emulator/x.ts", `const m = await import("../workflows/builds.js");`)).toEqual(["emulator/x.ts imports workflows/builds.ts (emulator → workflows)"]);
    expect(check("emulator/x.ts", "const m = await import(`../cli/main.js`);")).toEqual(["emulator/x.ts imports cli/main.ts (emulator → cli)"]);
    expect(check("emulator/x.ts", `const m = await import(\n  "../auth/index.js"\n);`)).toEqual(["emulator/x.ts imports auth/index.ts (emulator → auth)"]);
    expect(check("emulator/x.ts", "const name = 'client';\nconst m = await import(`../${name}/index.js`);")).toEqual(["emulator/x.ts: import(`../${name}/index.js`) cannot be checked (use a literal specifier)"]);
  });

  it("import types and require", () => {
    expect(check("auth/x.ts", `let c: import("../client/index.js").AscClient;`)).toEqual(["auth/x.ts imports client/index.ts (auth → client)"]);
    expect(check("auth/x.ts", `const c = require("../client/index.js");`)).toEqual(["auth/x.ts imports client/index.ts (auth → client)"]);
  });

  it("the package importing itself by name, from any layer", () => {
    expect(check("emulator/x.ts", `import { createClient } from "asckit";`)).toEqual([`emulator/x.ts imports "asckit": inside src, import the module by relative path`]);
    expect(check("cli/x.ts", `export * from "asckit/dist/index.js";`)).toHaveLength(1);
  });

  it("generated spec files may import only the spec", () => {
    expect(check("spec/operation-table.ts", `import { ApiError } from "../errors/asckit-error.js";`)).toEqual(["spec/operation-table.ts imports errors/asckit-error.ts (spec → errors)"]);
    expect(check("spec/operation-table.ts", `import ops from "./operations.json" with { type: "json" };`)).toEqual([]);
  });

  it("imports in comments and strings are not imports; a path out of src is flagged", () => {
    expect(check("emulator/x.ts", `// import "../client/x.js"\nconst s = 'import("../cli/main.js")';`)).toEqual([]);
    expect(check("emulator/x.ts", `import "../../test/support/x.js";`)).toEqual(["emulator/x.ts imports ../test/support/x.ts, outside src"]);
  });

  it("an unknown layer and an import cycle", () => {
    expect(check("plugins/x.ts", "")).toEqual(['plugins/x.ts: unknown layer "plugins" (add it to DESIGN.md and this test)']);
    expect(
      importCycles([
        { path: "client/a.ts", text: `import "./b.js";` },
        { path: "client/b.ts", text: `export { x } from "./a.js";` },
      ]),
    ).toEqual(["client/a.ts → client/b.ts → client/a.ts"]);
  });
});
