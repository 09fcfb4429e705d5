// The import-direction checker behind layers.test.ts, as a function over source texts so that the
// test can feed it known-bad sources and prove it catches them. Imports are read from TypeScript's
// own syntax tree, not a regex: side-effect imports, `export … from`, dynamic `import()` (string or
// plain template literal), `import("…")` types and `require` all count.
import path from "node:path";
import ts from "typescript";

/** Which layers each layer may import (DESIGN.md). "." is the package entry, src/index.ts. */
export const ALLOWED: Record<string, readonly string[]> = {
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

/** A source file by its path relative to src/, with POSIX separators (e.g. `cli/main.ts`). */
export interface SourceFile {
  path: string;
  text: string;
}

export interface ImportEdge {
  from: string;
  /** Resolved target relative to src/ for relative imports; the bare specifier otherwise. */
  to: string;
  relative: boolean;
}

export const layerOf = (rel: string): string => {
  const parts = rel.split("/");
  return parts.length === 1 ? "." : parts[0]!;
};

/** Every module specifier in `file`, plus specifiers that cannot be known statically. */
export function importsOf(file: SourceFile): { specifiers: string[]; unresolvable: string[] } {
  // Every form of import needs one of these words; a file without them (the 5 MB generated
  // openapi.ts) need not be parsed.
  if (!/\bimport\b|\brequire\b|\bfrom\s*["'`]/.test(file.text)) return { specifiers: [], unresolvable: [] };
  const source = ts.createSourceFile(file.path, file.text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const specifiers: string[] = [];
  const unresolvable: string[] = [];
  const literal = (node: ts.Node | undefined) => (node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) ? node.text : undefined);
  const visit = (node: ts.Node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) {
      const s = literal(node.moduleSpecifier);
      if (s !== undefined) specifiers.push(s);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      const s = literal(node.moduleReference.expression);
      if (s !== undefined) specifiers.push(s);
    } else if (ts.isCallExpression(node) && (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === "require"))) {
      const s = literal(node.arguments[0]);
      if (s !== undefined) specifiers.push(s);
      else unresolvable.push(file.text.slice(node.getStart(source), node.end));
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      const s = literal(node.argument.literal);
      if (s !== undefined) specifiers.push(s);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { specifiers, unresolvable };
}

/** `../client/x.js` from `cli/main.ts` → `client/x.ts`; a directory → its index.ts. */
function resolveRelative(from: string, specifier: string): string {
  const joined = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier)).replace(/\.js$/, ".ts");
  return joined.endsWith(".ts") ? joined : path.posix.join(joined, "index.ts");
}

// Parsing is the slow part (src/spec/openapi.ts alone is over 100k lines): once per file.
const parsed = new WeakMap<SourceFile, { edges: ImportEdge[]; unresolvable: string[] }>();

export function importEdges(file: SourceFile): { edges: ImportEdge[]; unresolvable: string[] } {
  const cached = parsed.get(file);
  if (cached) return cached;
  const { specifiers, unresolvable } = importsOf(file);
  const result = {
    edges: specifiers.map((s): ImportEdge => (s.startsWith(".") ? { from: file.path, to: resolveRelative(file.path, s), relative: true } : { from: file.path, to: s, relative: false })),
    unresolvable,
  };
  parsed.set(file, result);
  return result;
}

/** Every broken layer rule in `files`, one line each; empty when the tree is clean. */
export function layerViolations(files: readonly SourceFile[], allowed: Record<string, readonly string[]> = ALLOWED): string[] {
  const violations: string[] = [];
  for (const file of files) {
    const from = layerOf(file.path);
    const may = allowed[from];
    if (!may) {
      violations.push(`${file.path}: unknown layer "${from}" (add it to DESIGN.md and this test)`);
      continue;
    }
    const { edges, unresolvable } = importEdges(file);
    for (const code of unresolvable) violations.push(`${file.path}: ${code} cannot be checked (use a literal specifier)`);
    for (const edge of edges) {
      if (!edge.relative) {
        // The package importing itself by name goes around every rule (and resolves to dist/).
        if (edge.to === "asckit" || edge.to.startsWith("asckit/")) violations.push(`${file.path} imports "${edge.to}": inside src, import the module by relative path`);
        continue;
      }
      if (edge.to.startsWith("../")) {
        violations.push(`${file.path} imports ${edge.to}, outside src`);
        continue;
      }
      const to = layerOf(edge.to);
      if (to !== from && !may.includes(to)) violations.push(`${file.path} imports ${edge.to} (${from} → ${to})`);
    }
  }
  return violations;
}

/** Import cycles among `files`, each as "a → b → a". */
export function importCycles(files: readonly SourceFile[]): string[] {
  const known = new Set(files.map((f) => f.path));
  const graph = new Map(files.map((f) => [f.path, importEdges(f).edges.filter((e) => e.relative && known.has(e.to)).map((e) => e.to)]));
  const state = new Map<string, "visiting" | "done">();
  const cycles: string[] = [];
  const visit = (f: string, trail: string[]) => {
    if (state.get(f) === "done") return;
    if (state.get(f) === "visiting") {
      cycles.push([...trail.slice(trail.indexOf(f)), f].join(" → "));
      return;
    }
    state.set(f, "visiting");
    for (const t of graph.get(f) ?? []) visit(t, [...trail, f]);
    state.set(f, "done");
  };
  for (const f of files) visit(f.path, []);
  return cycles;
}
