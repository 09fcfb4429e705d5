import { describe, expect, it } from "vitest";
import { operationTable } from "../../../../src/spec/operation-table.js";
import { createResourceModel, inverseOf } from "../../../../src/emulator/engine/resource-model.js";
import type { RelationshipInfo } from "../../../../src/emulator/engine/resource-model.js";

const model = createResourceModel(operationTable());

describe("inverse relationships", () => {
  it.each([
    ["builds", "app", "builds"],
    ["apps", "builds", "app"],
    ["builds", "preReleaseVersion", "builds"],
    ["preReleaseVersions", "builds", "preReleaseVersion"],
    ["builds", "betaGroups", "builds"],
    ["betaGroups", "betaTesters", "betaGroups"],
    ["betaTesters", "betaGroups", "betaTesters"],
    ["builds", "buildBetaDetail", "build"],
    ["buildBetaDetails", "build", "buildBetaDetail"],
    ["builds", "individualTesters", "builds"],
  ])("%s.%s mirrors %s", (type, rel, inverse) => {
    expect(model.inverse(type, rel)).toBe(inverse);
  });

  it("does not pair relationships that are ambiguous or self-referencing", () => {
    // appInfos has six relationships to appCategories; apps has inAppPurchases and inAppPurchasesV2.
    expect(model.inverse("appInfos", "primaryCategory")).toBeUndefined();
    expect(model.inverse("apps", "inAppPurchases")).toBeUndefined();
    // bundleIds.app has no way back: apps carry the bundle ID as a string attribute.
    expect(model.inverse("bundleIds", "app")).toBeUndefined();
    // A self-reference pairs only through the explicit override.
    expect(model.inverse("appCategories", "subcategories")).toBe("parent");
    expect(model.inverse("appCategories", "parent")).toBe("subcategories");
  });

  it("pairs exactly one relationship each way (the rule itself)", () => {
    const rels: Record<string, Record<string, RelationshipInfo>> = {
      a: { bs: { name: "bs", type: "b", many: true }, c: { name: "c", type: "c", many: false } },
      b: { a: { name: "a", type: "a", many: false } },
      c: { first: { name: "first", type: "a", many: false }, second: { name: "second", type: "a", many: false } },
      s: { self: { name: "self", type: "s", many: true } },
    };
    const of = (t: string) => rels[t] ?? {};
    expect(inverseOf(of, "a", "bs")).toBe("a");
    expect(inverseOf(of, "b", "a")).toBe("bs");
    expect(inverseOf(of, "a", "c")).toBeUndefined();
    expect(inverseOf(of, "c", "first")).toBeUndefined();
    expect(inverseOf(of, "s", "self")).toBeUndefined();
    expect(inverseOf(of, "a", "missing")).toBeUndefined();
  });
});

describe("resource model", () => {
  it("types links-only relationships from their endpoints", () => {
    // The App schema lists betaTesters without a type; DELETE /v1/apps/{id}/relationships/betaTesters names it.
    expect(model.relationship("apps", "betaTesters")).toEqual({ name: "betaTesters", type: "betaTesters", many: true });
    expect(model.inverse("apps", "betaTesters")).toBe("apps");
  });

  it("knows each type's base path, preferring the newest version with single-resource endpoints", () => {
    expect(model.basePath("builds")).toBe("/v1/builds");
    expect(model.basePath("inAppPurchases")).toBe("/v2/inAppPurchases");
    expect(model.hasPath("/v1/builds/{id}/relationships/betaGroups")).toBe(true);
    expect(model.hasPath("/v1/builds/{id}/betaGroups")).toBe(false);
  });

  it("describes spec attributes and flags types absent from the resource schemas", () => {
    expect(model.resource("builds").known).toBe(true);
    expect(model.resource("builds").attributes.processingState?.enum).toContain("VALID");
    expect(model.resource("noSuchThings")).toEqual({ type: "noSuchThings", known: false, attributes: {}, relationships: {} });
  });
});
