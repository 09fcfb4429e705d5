// Bundle IDs are permanent once created, so every check that can run locally does.
import { describe, expect, it } from "vitest";
import { createClient } from "../../../src/client/index.js";
import { ensureBundleId, validateBundleIdentifier, type BundleIdPlatform } from "../../../src/workflows/bundle-ids.js";
import { validateApiCall } from "../../../src/workflows/raw-api.js";
import { fakeTokens, scriptedFetch } from "./support/fakes.js";

const problem = (identifier: string) => {
  try {
    validateBundleIdentifier(identifier);
  } catch (error) {
    expect((error as { category: string }).category).toBe("validation");
    return (error as Error).message;
  }
  throw new Error(`"${identifier}" was accepted`);
};

describe("validateBundleIdentifier", () => {
  it("accepts reverse-DNS identifiers with inner hyphens, up to the DNS limits", () => {
    const label63 = "a".repeat(63);
    const id253 = [label63, label63, label63, "b".repeat(61)].join(".");
    expect(id253).toHaveLength(253);
    for (const id of ["com.example.app", "com.example-co.my-app", "a1.b2", "COM.Example.App2", `com.${label63}`, id253]) {
      expect(() => validateBundleIdentifier(id), id).not.toThrow();
    }
  });

  it("refuses a part that starts or ends with a hyphen", () => {
    for (const id of ["com.-example.app", "com.example-.app", "-com.example", "com.example.app-"]) {
      expect(problem(id), id).toBe(`Invalid bundle ID "${id}": a part starts or ends with a hyphen; hyphens may only sit inside a part.`);
    }
  });

  it("refuses identifiers over 253 characters or with a part over 63, without echoing all of it", () => {
    const long = `com.example.${"x".repeat(60)}.${"y".repeat(60)}.${"z".repeat(60)}.${"w".repeat(60)}`;
    expect(long.length).toBe(255);
    expect(problem(long)).toMatch(/^Invalid bundle ID "com\.example\.x{60}\.y{4}…": it is 255 characters long; the maximum is 253\.$/);
    expect(problem(`com.${"a".repeat(64)}`)).toMatch(/the part "a{20}…" is 64 characters long; each part may have at most 63\.$/);
  });
});

describe("the SERVICES platform (a spec-patcher artifact) is refused locally", () => {
  it("ensureBundleId refuses it before any request, with a hint", async () => {
    const f = scriptedFetch([]);
    const client = createClient({ tokenProvider: fakeTokens(), fetch: f.fetch });
    const error = (await ensureBundleId(client, { identifier: "com.example.app", name: "Example", platform: "SERVICES" as BundleIdPlatform }).catch((e: unknown) => e)) as { message: string; hint: string; category: string };
    expect(error.category).toBe("validation");
    expect(error.message).toBe('Invalid platform "SERVICES".');
    expect(error.hint).toMatch(/^SERVICES is not a platform Apple's API documents .*use IOS, MAC_OS or UNIVERSAL/);
    expect(f.requests).toHaveLength(0);
  });

  it("asckit api refuses it in a bundleIds or devices body although the patched spec lists it", () => {
    const body = (type: string, attributes: Record<string, unknown>) => ({ data: { type, attributes } });
    for (const [path, type, attributes] of [
      ["/v1/bundleIds", "bundleIds", { identifier: "com.example.app", name: "Example", platform: "SERVICES" }],
      ["/v1/devices", "devices", { name: "iPhone", udid: "00008030-001A2B3C4D5E6F70", platform: "SERVICES" }],
    ] as const) {
      let error: { category: string; message: string; hint?: string } | undefined;
      try {
        validateApiCall({ method: "POST", path, query: {}, body: body(type, attributes) });
      } catch (e) {
        error = e as typeof error;
      }
      expect(error, path).toMatchObject({ category: "usage", message: 'Invalid value "SERVICES" for platform.' });
      expect(error!.hint, path).toMatch(/patched copy of the spec/);
    }
    expect(validateApiCall({ method: "POST", path: "/v1/bundleIds", query: {}, body: body("bundleIds", { identifier: "com.example.app", name: "Example", platform: "UNIVERSAL" }) }).path).toBe("/v1/bundleIds");
  });
});
