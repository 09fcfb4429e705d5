// The one `env:NAME` grammar: metadata files and secret flags read it the same way.
import { describe, expect, it } from "vitest";
import { parseEnvReference, resolveSecrets, withoutSecrets } from "../../../src/workflows/release/metadata-secrets.js";

describe("env:NAME references", () => {
  it("parses the name and says whether it is a variable name", () => {
    expect(parseEnvReference("env:ASC_DEMO_ACCOUNT_PASSWORD")).toEqual({ name: "ASC_DEMO_ACCOUNT_PASSWORD", valid: true });
    expect(parseEnvReference("env:bad-name")).toEqual({ name: "bad-name", valid: false });
    expect(parseEnvReference("env:9LIVES")).toEqual({ name: "9LIVES", valid: false });
    expect(parseEnvReference("hunter2")).toBeUndefined();
    expect(parseEnvReference("ENV:X")).toBeUndefined();
  });

  it("a pulled review.json holds the reference; apply resolves it, or leaves the field out when unset; a bad name stays a literal", () => {
    const pulled = withoutSecrets({ locales: {}, review: { demoAccountName: "demo", demoAccountPassword: "pw" } });
    expect(pulled).toEqual({ metadata: { locales: {}, review: { demoAccountName: "demo", demoAccountPassword: "env:ASC_DEMO_ACCOUNT_PASSWORD" } }, leftOut: ["demoAccountPassword"] });
    expect(resolveSecrets(pulled.metadata, { ASC_DEMO_ACCOUNT_PASSWORD: "pw2" }).review).toEqual({ demoAccountName: "demo", demoAccountPassword: "pw2" });
    expect(resolveSecrets(pulled.metadata, {}).review).toEqual({ demoAccountName: "demo" });
    expect(resolveSecrets({ locales: {}, review: { demoAccountPassword: "env:not a name" } }, {}).review).toEqual({ demoAccountPassword: "env:not a name" });
  });
});
