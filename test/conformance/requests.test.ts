// Every request the client sent during the main suite, checked against Apple's OpenAPI spec:
// an unknown path, an undeclared parameter, an enum value Apple does not list, a limit over the
// maximum, or a body of the wrong type or missing required attributes fails the suite.
import { readFileSync, readdirSync, existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { findOperation } from "../../src/spec/operation-table.js";
import { CONFORMANCE_DIR, type LoggedRequest } from "../support/conformance-log.js";

function loadRequests(): LoggedRequest[] {
  if (!existsSync(CONFORMANCE_DIR)) return [];
  return readdirSync(CONFORMANCE_DIR)
    .filter((f) => f.endsWith(".jsonl"))
    .flatMap((f) => readFileSync(path.join(CONFORMANCE_DIR, f), "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l) as LoggedRequest));
}

/** Problems with one request, judged only from the spec's own operation table. */
export function violations(req: LoggedRequest): string[] {
  const where = `${req.method} ${req.path}`;
  const match = findOperation(req.method, req.path);
  if (!match) return [`${where}: no such operation in the spec`];
  const op = match.operation;
  const out: string[] = [];
  for (const [name, value] of Object.entries(req.query)) {
    if (name === "cursor" && op.response.kind !== "single") continue;
    const q = op.query[name];
    if (!q) {
      out.push(`${where}: parameter ${name} is not declared`);
      continue;
    }
    if (q.enum) for (const v of value.split(",")) if (!q.enum.includes(v)) out.push(`${where}: ${name}=${v} is not one of the spec's values`);
    if (q.max !== undefined && Number(value) > q.max) out.push(`${where}: ${name}=${value} exceeds the maximum ${q.max}`);
  }
  for (const [name, q] of Object.entries(op.query)) if (q.required && !(name in req.query)) out.push(`${where}: required parameter ${name} missing`);
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
  const requests = loadRequests();

  it("the suite exercised the client against the emulator", () => {
    expect(requests.length).toBeGreaterThan(20);
  });

  it("every request matches Apple's spec", () => {
    const problems = [...new Set(requests.flatMap(violations))];
    expect(problems).toEqual([]);
  });

  it("the checker rejects what Apple would reject", () => {
    expect(violations({ method: "GET", path: "/v1/nope", query: {}, status: 0 })).toHaveLength(1);
    expect(violations({ method: "GET", path: "/v1/builds", query: { "filter[processingState]": "DONE" }, status: 0 })[0]).toMatch(/not one of/);
    expect(violations({ method: "GET", path: "/v1/apps", query: { limit: "201" }, status: 0 })[0]).toMatch(/maximum 200/);
    expect(violations({ method: "POST", path: "/v1/bundleIds", query: {}, body: { data: { type: "bundleIds", attributes: { name: "x" } } }, status: 0 }).join()).toMatch(/identifier missing/);
  });
});
