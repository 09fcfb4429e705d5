// src/spec/ is generated from Apple's OpenAPI document; this fails when the committed files are stale.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { defaultSpecPath, generateSpecFiles, projectRoot, resolveSpecPath } from "../../../scripts/spec-generator.mjs";
import { findOperation, methodsForPath, operationTable } from "../../../src/spec/operation-table.js";

describe("generated spec files", () => {
  it("match a fresh generation from the pinned spec", async () => {
    const files = await generateSpecFiles(resolveSpecPath([], process.env));
    for (const [name, content] of Object.entries(files)) {
      const committed = readFileSync(path.join(projectRoot, "src/spec", name), "utf8");
      expect(committed === content, `src/spec/${name} is stale: run \`npm run gen\``).toBe(true);
    }
  }, 60_000);

  it("read the spec from ../shared by default, overridable", () => {
    expect(defaultSpecPath).toBe(path.resolve(projectRoot, "../shared/asc-openapi/openapi.json"));
    expect(resolveSpecPath(["--spec", "/tmp/x.json"], {})).toBe("/tmp/x.json");
    expect(resolveSpecPath([], { ASC_OPENAPI_SPEC: "/tmp/y.json" })).toBe("/tmp/y.json");
  });
});

describe("operation table", () => {
  const table = operationTable();

  it("holds every operation of Apple's 4.4.1 spec", () => {
    expect(table.spec.version).toBe("4.4.1");
    expect(table.operations).toHaveLength(1263);
  });

  it("records allowed parameters with enums and the maximum limit", () => {
    const builds = findOperation("GET", "/v1/builds")!.operation;
    expect(builds.query["filter[processingState]"]!.enum).toEqual(["PROCESSING", "FAILED", "INVALID", "VALID"]);
    expect(builds.query.limit!.max).toBe(200);
    expect(findOperation("GET", "/v1/reviewSubmissions")!.operation.query["filter[app]"]!.required).toBe(true);
  });

  it("records required body attributes and relationships", () => {
    const create = findOperation("POST", "/v1/bundleIds")!.operation;
    expect(create.body && !create.body.linkage && create.body.requiredAttributes.sort()).toEqual(["identifier", "name", "platform"]);
    const group = findOperation("POST", "/v1/betaGroups")!.operation;
    expect(group.body && !group.body.linkage && group.body.requiredRelationships).toEqual(["app"]);
  });

  it("routes concrete paths, literal segments before ids", () => {
    expect(findOperation("GET", "/v1/builds/123")!.params).toEqual({ id: "123" });
    expect(findOperation("POST", "/v1/betaGroups/g1/relationships/betaTesters")!.operation.body).toMatchObject({ linkage: true, type: "betaTesters" });
    expect(findOperation("GET", "/v1/nothing")).toBeUndefined();
    expect(methodsForPath("/v1/builds/123").sort()).toEqual(["GET", "PATCH"]);
  });
});
