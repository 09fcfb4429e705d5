// A fresh clone works after `npm install` / `npm ci` alone (README quick start), and CI does not
// compile twice: `prepare` builds, and the build is incremental so `npm test`'s own build step
// finds nothing to redo.
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "../../..");
const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string>; bin: Record<string, string> };
// tsconfig files allow comments; strip whole-line ones before parsing.
const tsconfig = JSON.parse(readFileSync(path.join(ROOT, "tsconfig.build.json"), "utf8").replace(/^\s*\/\/.*$/gm, "")) as { compilerOptions: Record<string, unknown> };

it("npm install / npm ci build dist/, which the bin loads", () => {
  expect(pkg.scripts.prepare).toMatch(/^npm run build\b/);
  expect(readFileSync(path.join(ROOT, pkg.bin.asckit!), "utf8")).toContain("../dist/cli/main.js");
});

it("the build is incremental, with its build info inside dist/ (deleting dist/ forces a full build)", () => {
  expect(tsconfig.compilerOptions.incremental).toBe(true);
  const info = String(tsconfig.compilerOptions.tsBuildInfoFile);
  expect(path.dirname(path.normalize(info))).toBe(path.normalize(String(tsconfig.compilerOptions.outDir)));
});

it("npm test keeps its shape: type check, lint, build, main suite, then the conformance pass", () => {
  expect(pkg.scripts.test).toBe("npm run typecheck && npm run lint && npm run build && vitest run && vitest run --config vitest.conformance.config.ts");
});
