// Every request the client sent during the main suite, checked against Apple's OpenAPI spec:
// an unknown path, an undeclared parameter, an enum value Apple does not list, a limit over the
// maximum, or a body of the wrong type or missing required attributes fails the suite.
import { readFileSync, readdirSync, existsSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { findOperation } from "../../src/spec/operation-table.js";
import { CONFORMANCE_DIR, testFileOfLog, type LoggedRequest } from "../support/conformance-log.js";

const ROOT = path.resolve(__dirname, "../..");

/** The client's requests per test file that logged them (raw fetches made on purpose by emulator tests are left out). */
function loadRequests(): Map<string, LoggedRequest[]> {
  const byFile = new Map<string, LoggedRequest[]>();
  if (!existsSync(CONFORMANCE_DIR)) return byFile;
  for (const f of readdirSync(CONFORMANCE_DIR).filter((name) => name.endsWith(".jsonl"))) {
    const lines = readFileSync(path.join(CONFORMANCE_DIR, f), "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l) as LoggedRequest);
    const fromClient = lines.filter((r) => r.userAgent?.startsWith("asckit/"));
    if (fromClient.length) byFile.set(testFileOfLog(f), [...(byFile.get(testFileOfLog(f)) ?? []), ...fromClient]);
  }
  return byFile;
}

/**
 * Test folders whose tests never send the asckit client to an emulator, so they have nothing to
 * log. Every other folder with tests must contribute, or the log is from a partial run.
 */
const SILENT_SUITES: Record<string, string> = {
  "test/unit/architecture": "reads source files",
  "test/unit/auth": "keys, tokens and profiles, no HTTP",
  "test/unit/cli": "CLI output and argument helpers, no HTTP",
  "test/unit/client": "the client against injected fakes, not an emulator",
  "test/unit/emulator": "the emulator's own tests send raw requests, good and bad, on purpose",
  "test/unit/errors": "error mapping, no HTTP",
  "test/unit/spec": "the generated spec",
};

/** Every folder under test/unit and test/e2e holding test files, as "test/unit/media", "test/e2e". */
function suiteFolders(): string[] {
  const out = new Set<string>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith(".test.ts")) out.add(suiteOf(path.relative(ROOT, full).split(path.sep).join("/")));
    }
  };
  for (const top of ["test/unit", "test/e2e"]) walk(path.join(ROOT, top));
  return [...out].sort();
}

/** "test/unit/media/x.test.ts" → "test/unit/media"; "test/e2e/x.test.ts" → "test/e2e". */
function suiteOf(testFile: string): string {
  const parts = testFile.split("/");
  return parts.slice(0, parts.length > 3 ? 3 : 2).join("/");
}

/** Problems with one request, judged only from the spec's own operation table. */
export function violations(req: LoggedRequest): string[] {
  const where = `${req.method} ${req.path}`;
  const match = findOperation(req.method, req.path);
  if (!match) return [`${where}: no such operation in the spec`];
  const op = match.operation;
  const out: string[] = [];
  const counts = new Map<string, number>();
  for (const [name] of req.query) counts.set(name, (counts.get(name) ?? 0) + 1);
  // Apple's list parameters are comma-joined (style: form, explode: false), never repeated.
  for (const [name, n] of counts) if (n > 1) out.push(`${where}: parameter ${name} is repeated ${n} times; Apple takes one comma-separated value`);
  for (const [name, value] of req.query) {
    if (name === "cursor" && op.response.kind !== "single") continue;
    const q = op.query[name];
    if (!q) {
      out.push(`${where}: parameter ${name} is not declared`);
      continue;
    }
    if (q.enum) for (const v of value.split(",")) if (!q.enum.includes(v)) out.push(`${where}: ${name}=${v} is not one of the spec's values`);
    if (q.max !== undefined && Number(value) > q.max) out.push(`${where}: ${name}=${value} exceeds the maximum ${q.max}`);
  }
  for (const [name, q] of Object.entries(op.query)) if (q.required && !counts.has(name)) out.push(`${where}: required parameter ${name} missing`);
  if (req.body !== undefined && req.body !== null) {
    const body = op.body;
    const data = (req.body as { data?: unknown }).data;
    if (!body) out.push(`${where}: sent a body the operation does not take`);
    else if (body.linkage) {
      for (const item of (Array.isArray(data) ? data : [data]) as Array<{ type?: string }>) if (item?.type !== body.type) out.push(`${where}: linkage type ${item?.type} is not ${body.type}`);
    } else {
      const d = data as { type?: string; attributes?: Record<string, unknown>; relationships?: Record<string, unknown> };
      if (d?.type !== body.type) out.push(`${where}: body type ${d?.type} is not ${body.type}`);
      for (const a of body.requiredAttributes) if (d?.attributes?.[a] === undefined) out.push(`${where}: required attribute ${a} missing`);
      for (const [a, v] of Object.entries(d?.attributes ?? {})) {
        const spec = body.attributes[a];
        if (!spec) out.push(`${where}: attribute ${a} is not in the spec`);
        else if (spec.enum && v !== null && !spec.enum.includes(String(v))) out.push(`${where}: ${a}=${String(v)} is not one of the spec's values`);
      }
      for (const r of body.requiredRelationships) if (d?.relationships?.[r] === undefined) out.push(`${where}: required relationship ${r} missing`);
      for (const r of Object.keys(d?.relationships ?? {})) if (!body.relationships[r]) out.push(`${where}: relationship ${r} is not in the spec`);
    }
  }
  return out;
}

describe("conformance of every request the client sent", () => {
  const byFile = loadRequests();
  const requests = [...byFile.values()].flat();

  it("the request log is there: the main suite ran before this pass", () => {
    expect(existsSync(CONFORMANCE_DIR), `${CONFORMANCE_DIR} is missing: run the main suite (npx vitest run) first`).toBe(true);
    expect(requests.length, "no request from the asckit client was logged").toBeGreaterThan(0);
  });

  it("every suite that talks to an emulator contributed (the log is from a full run)", () => {
    const contributed = new Set([...byFile.keys()].map(suiteOf));
    const missing = suiteFolders().filter((s) => !(s in SILENT_SUITES) && !contributed.has(s));
    // A partial run (one file, or -t) leaves a partial log; so does a harness that does not log.
    expect(missing, "no requests logged by these suites: run the whole main suite first, or make the suite's emulator log (conformanceRequestLog())").toEqual([]);
    expect(requests.length).toBeGreaterThan(200);
  });

  it("every request matches Apple's spec", () => {
    const problems = [...new Set(requests.flatMap(violations))];
    expect(problems).toEqual([]);
  });

  it("the checker rejects what Apple would reject", () => {
    expect(violations({ method: "GET", path: "/v1/nope", query: [], status: 0 })).toHaveLength(1);
    expect(violations({ method: "GET", path: "/v1/builds", query: [["filter[processingState]", "DONE"]], status: 0 })[0]).toMatch(/not one of/);
    expect(violations({ method: "GET", path: "/v1/apps", query: [["limit", "201"]], status: 0 })[0]).toMatch(/maximum 200/);
    expect(violations({ method: "POST", path: "/v1/bundleIds", query: [], body: { data: { type: "bundleIds", attributes: { name: "x" } } }, status: 0 }).join()).toMatch(/identifier missing/);
    expect(violations({ method: "GET", path: "/v1/apps", query: [["filter[bundleId]", "a"], ["filter[bundleId]", "b"]], status: 0 })).toEqual([
      "GET /v1/apps: parameter filter[bundleId] is repeated 2 times; Apple takes one comma-separated value",
    ]);
    expect(violations({ method: "GET", path: "/v1/apps", query: [["filter[bundleId]", "a,b"]], status: 0 })).toEqual([]);
  });

  it("suite folders are named as the completeness check expects", () => {
    expect(suiteOf("test/unit/media/upload-media.test.ts")).toBe("test/unit/media");
    expect(suiteOf("test/e2e/cli-foundation.test.ts")).toBe("test/e2e");
    expect(suiteOf("test/e2e/builds/cli-builds.test.ts")).toBe("test/e2e/builds");
    expect(suiteFolders()).toContain("test/unit/reports");
  });
});
