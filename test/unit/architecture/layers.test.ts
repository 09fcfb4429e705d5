// The dependency direction from DESIGN.md, checked on every `npm test`:
// cli → workflows → client → auth → errors, mcp → workflows, anything → spec; the emulator only → spec.
import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const SRC = path.resolve(__dirname, "../../../src");

const ALLOWED: Record<string, string[]> = {
  spec: [],
  errors: ["spec"],
  auth: ["errors", "spec"],
  client: ["auth", "errors", "spec"],
  workflows: ["client", "auth", "errors", "spec"],
  mcp: ["workflows", "client", "auth", "errors", "spec"],
  // The CLI may start the emulator (`asckit emulator start`, `asckit demo`); the emulator never imports back.
  cli: ["workflows", "client", "auth", "errors", "spec", "emulator", "mcp"],
  emulator: ["spec"],
  // The package entry re-exports the library layers.
  ".": ["workflows", "client", "auth", "errors", "spec"],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return full.endsWith(".ts") ? [full] : [];
  });
}

const layerOf = (file: string) => {
  const rel = path.relative(SRC, file).split(path.sep);
  return rel.length === 1 ? "." : rel[0]!;
};

function relativeImports(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specs = [...text.matchAll(/(?:import|export)\s[^'"]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g)].map(
    (m) => m[1] ?? m[2]!,
  );
  return specs
    .filter((s) => s.startsWith("."))
    .map((s) => path.resolve(path.dirname(file), s).replace(/\.js$/, ".ts"))
    .map((s) => (s.endsWith(".ts") ? s : path.join(s, "index.ts")));
}

const files = sourceFiles(SRC).filter((f) => !f.includes(`${path.sep}spec${path.sep}`));

describe("layer rules", () => {
  it("has source files to check", () => {
    expect(files.length).toBeGreaterThan(5);
  });

  it("every import goes in an allowed direction", () => {
    const violations: string[] = [];
    for (const file of files) {
      const from = layerOf(file);
      const allowed = ALLOWED[from];
      if (!allowed) {
        violations.push(`${path.relative(SRC, file)}: unknown layer "${from}" (add it to DESIGN.md and this test)`);
        continue;
      }
      for (const target of relativeImports(file)) {
        const to = layerOf(target);
        if (to !== from && !allowed.includes(to)) violations.push(`${path.relative(SRC, file)} imports ${path.relative(SRC, target)} (${from} → ${to})`);
      }
    }
    expect(violations).toEqual([]);
  });

  it("has no import cycles", () => {
    const graph = new Map(files.map((f) => [f, relativeImports(f).filter((t) => files.includes(t))]));
    const state = new Map<string, "visiting" | "done">();
    const cycles: string[] = [];
    const visit = (f: string, trail: string[]) => {
      if (state.get(f) === "done") return;
      if (state.get(f) === "visiting") {
        cycles.push([...trail.slice(trail.indexOf(f)), f].map((x) => path.relative(SRC, x)).join(" → "));
        return;
      }
      state.set(f, "visiting");
      for (const t of graph.get(f) ?? []) visit(t, [...trail, f]);
      state.set(f, "done");
    };
    for (const f of files) visit(f, []);
    expect(cycles).toEqual([]);
  });

  it("the checker itself catches a forbidden import", () => {
    // Guard against a checker that silently allows everything.
    expect(ALLOWED.emulator).not.toContain("client");
    expect(ALLOWED.client).not.toContain("workflows");
  });
});
