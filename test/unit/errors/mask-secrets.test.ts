// One mask for every secret field, whichever command or tool shows it.
import { describe, expect, it } from "vitest";
import { isSecretField, maskSecret, maskSecretFields } from "../../../src/errors/mask-secrets.js";

describe("secret masking", () => {
  it("masks set secret values and keeps unset ones (whether a password is set is not secret)", () => {
    expect(maskSecret("hunter2")).toBe("********");
    expect(maskSecret("")).toBe("");
    expect(maskSecret(null)).toBeNull();
    expect(maskSecret(undefined)).toBeUndefined();
    expect(maskSecret(1234)).toBe("********");
    expect(maskSecret(true)).toBe(true);
  });

  it("knows secret fields by name", () => {
    expect(["demoAccountPassword", "clientSecret", "passphrase"].every(isSecretField)).toBe(true);
    expect(["demoAccountName", "demoAccountRequired", "notes"].some(isSecretField)).toBe(false);
  });

  it("masks the same way inside documents", () => {
    const doc = { data: { attributes: { demoAccountName: "ada", demoAccountPassword: "hunter2", demoAccountRequired: true } } };
    expect(maskSecretFields(doc).data.attributes).toEqual({ demoAccountName: "ada", demoAccountPassword: maskSecret("hunter2"), demoAccountRequired: true });
    // Field by field the rule is maskSecret's: a numeric PIN is hidden, an empty one shown as empty.
    expect(maskSecretFields([{ pinSecret: 4711 }, { demoAccountPassword: "" }, { secrets: { apiPassword: "x" } }])).toEqual([{ pinSecret: "********" }, { demoAccountPassword: "" }, { secrets: { apiPassword: "********" } }]);
  });
});
